/* test-caldav.c: publishing appointments to a real radicale CalDAV server, and the cases it cannot show. */
#include "config.h"

#include <libsoup/soup.h>

#include "redial-caldav-publisher.h"
#include "redial-context.h"
#include "redial-fake-clock.h"
#include "redial-store.h"
#include "redial-test-radicale.h"
#include "redial-test-util.h"

#define USER     "office"
#define PASSWORD "s3cret pass:word"

/* One radicale for the whole program: every test books new UIDs. */
static RedialTestRadicale *radicale;

typedef struct
{
  char                  *dir;
  RedialClock           *clock;
  RedialStore           *store;
  GTimeZone             *tz;
  gint64                 case_id;
  RedialCaldavPublisher *publisher;
  guint                  n_published;
  guint                  n_conflicts;
  guint                  n_errors;
} Fixture;

/* Local time in Chicago, Unix µs. */
static gint64
at (Fixture *f,
    int      day,
    int      hour,
    int      minute)
{
  g_autoptr(GDateTime) time = g_date_time_new (f->tz, 2026, 12, day, hour, minute, 0);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

static void
on_published (RedialCaldavPublisher *publisher,
              RedialAppointment     *appointment,
              Fixture               *f)
{
  f->n_published++;
}

static void
on_conflict (RedialCaldavPublisher *publisher,
             RedialAppointment     *appointment,
             Fixture               *f)
{
  g_assert_true (redial_appointment_get_conflict (appointment));
  f->n_conflicts++;
}

static void
on_error_changed (RedialCaldavPublisher *publisher,
                  GParamSpec            *pspec,
                  Fixture               *f)
{
  if (redial_caldav_publisher_get_error (publisher) != NULL)
    f->n_errors++;
}

static void
use_publisher (Fixture    *f,
               const char *collection,
               const char *password)
{
  g_autoptr(RedialCaldavClient) client = redial_caldav_client_new (f->clock, collection, USER);

  f->publisher = redial_caldav_publisher_new (f->clock, f->store, f->tz, client, NULL);
  g_signal_connect (f->publisher, "published", G_CALLBACK (on_published), f);
  g_signal_connect (f->publisher, "conflict", G_CALLBACK (on_conflict), f);
  g_signal_connect (f->publisher, "notify::error", G_CALLBACK (on_error_changed), f);
  redial_caldav_publisher_set_password (f->publisher, password);
  redial_caldav_publisher_start (f->publisher);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) kase = NULL;
  g_autofree char *path = NULL;

  f->dir = redial_test_make_dir ();
  f->tz = g_time_zone_new_identifier ("America/Chicago");
  f->clock = redial_fake_clock_new (at (f, 1, 8, 0));
  path = g_build_filename (f->dir, "redial.db", NULL);
  f->store = redial_store_open (path, &error);
  g_assert_no_error (error);
  kase = redial_store_open_case (f->store, "+13125550142", at (f, 1, 7, 50), &error);
  g_assert_no_error (error);
  f->case_id = redial_case_get_id (kase);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->publisher);
  g_clear_object (&f->store);
  g_clear_object (&f->clock);
  g_time_zone_unref (f->tz);
  redial_test_drain ();
  redial_test_remove_tree (f->dir);
  g_free (f->dir);
}

static gboolean
on_too_long (gpointer user_data)
{
  g_error ("The calendar server was not answered within 20 s");
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @count reaches @target: the server answers in
 * its own time. A real-time watchdog fails a test that hangs. */
static void
wait_for (guint *count,
          guint  target)
{
  guint watchdog = g_timeout_add_seconds (20, on_too_long, NULL);

  while (*count < target)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (watchdog);
}

static RedialAppointment *
book (Fixture *f,
      gint64   start,
      gint64   end)
{
  g_autoptr(GError) error = NULL;
  RedialAppointment *appointment = redial_appointment_new (f->case_id, "Joe", "Drain cleaning", start, end);

  redial_appointment_set_caller_name (appointment, "Pat O'Brien, Jr.; 2nd floor");
  redial_appointment_set_address (appointment, "12 Elm St");
  g_assert_true (redial_store_add_appointment (f->store, appointment, redial_clock_now (f->clock), &error));
  g_assert_no_error (error);
  return appointment;
}

static RedialAppointment *
stored (Fixture           *f,
        RedialAppointment *appointment)
{
  g_autoptr(GError) error = NULL;
  RedialAppointment *now = redial_store_get_appointment (f->store, redial_appointment_get_id (appointment), &error);

  g_assert_no_error (error);
  return now;
}

/* Books one and publishes it: its copy is on the server, href and ETag kept. */
static RedialAppointment *
book_and_publish (Fixture *f)
{
  g_autoptr(RedialAppointment) booked = book (f, at (f, 2, 9, 0), at (f, 2, 11, 0));
  g_autoptr(RedialAppointment) published = NULL;
  g_autofree char *expected_href = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *body = NULL;
  guint before = f->n_published;

  redial_caldav_publisher_publish (f->publisher, booked);
  wait_for (&f->n_published, before + 1);

  published = stored (f, booked);
  expected_href = g_strconcat (redial_test_radicale_collection (radicale),
                               redial_appointment_get_uid (booked), ".ics", NULL);
  g_assert_cmpstr (redial_appointment_get_href (published), ==, expected_href);
  body = redial_test_radicale_get (radicale, expected_href, &etag);
  g_assert_nonnull (body);
  g_assert_nonnull (etag);
  g_assert_cmpstr (redial_appointment_get_etag (published), ==, etag);
  g_assert_false (redial_appointment_get_conflict (published));
  g_assert_nonnull (strstr (body, redial_appointment_get_uid (booked)));
  g_assert_nonnull (strstr (body, "SEQUENCE:0"));
  g_assert_nonnull (strstr (body, "TZID=America/Chicago:20261202T090000"));
  return g_steal_pointer (&published);
}

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(RedialAppointment) published = NULL;

  use_publisher (f, redial_test_radicale_collection (radicale), PASSWORD);
  published = book_and_publish (f);
  g_assert_cmpuint (redial_caldav_publisher_get_n_pending (f->publisher), ==, 0);
  g_assert_null (redial_caldav_publisher_get_error (f->publisher));
}

static void
test_update (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(RedialAppointment) published = NULL;
  g_autoptr(RedialAppointment) moved = NULL;
  g_autoptr(RedialAppointment) republished = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *body = NULL;

  use_publisher (f, redial_test_radicale_collection (radicale), PASSWORD);
  published = book_and_publish (f);

  moved = redial_store_move_appointment (f->store, redial_appointment_get_id (published), NULL,
                                         at (f, 2, 13, 0), at (f, 2, 15, 0), redial_clock_now (f->clock), &error);
  g_assert_no_error (error);
  redial_caldav_publisher_publish (f->publisher, moved);
  wait_for (&f->n_published, 2);

  republished = stored (f, moved);
  body = redial_test_radicale_get (radicale, redial_appointment_get_href (published), &etag);
  g_assert_cmpstr (redial_appointment_get_href (republished), ==, redial_appointment_get_href (published));
  g_assert_cmpstr (redial_appointment_get_etag (republished), ==, etag);
  g_assert_cmpstr (etag, !=, redial_appointment_get_etag (published));
  g_assert_nonnull (strstr (body, "SEQUENCE:1"));
  g_assert_nonnull (strstr (body, "TZID=America/Chicago:20261202T130000"));
}

/* Someone moves the job in their calendar program (to 10:00, SEQUENCE
 * 5); then the desk moves it to 13:00. The server keeps theirs; Redial
 * marks the conflict. Returns the server's copy, its ETag to @their_etag
 * and the appointment as the store has it to @after. */
static char *
change_on_both_sides (Fixture            *f,
                      RedialAppointment  *published,
                      char              **their_etag,
                      RedialAppointment **after)
{
  g_autoptr(RedialAppointment) moved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *theirs = NULL;
  GString *edited;
  guint conflicts = f->n_conflicts;

  theirs = redial_test_radicale_get (radicale, redial_appointment_get_href (published), NULL);
  edited = g_string_new (theirs);
  g_string_replace (edited, "T090000", "T100000", 0);
  g_string_replace (edited, "T110000", "T120000", 0);
  g_string_replace (edited, "SEQUENCE:0", "SEQUENCE:5", 0);
  g_assert_cmpuint (redial_test_radicale_put (radicale, redial_appointment_get_href (published), edited->str,
                                              their_etag), ==, SOUP_STATUS_CREATED);

  moved = redial_store_move_appointment (f->store, redial_appointment_get_id (published), NULL,
                                         at (f, 2, 13, 0), at (f, 2, 15, 0), redial_clock_now (f->clock), &error);
  g_assert_no_error (error);
  redial_caldav_publisher_publish (f->publisher, moved);
  wait_for (&f->n_conflicts, conflicts + 1);
  *after = stored (f, moved);
  return g_string_free (edited, FALSE);
}

static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(RedialAppointment) published = NULL;
  g_autoptr(RedialAppointment) after = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *their_etag = NULL;
  g_autofree char *body = NULL;
  g_autofree char *etag = NULL;

  use_publisher (f, redial_test_radicale_collection (radicale), PASSWORD);
  published = book_and_publish (f);
  edited = change_on_both_sides (f, published, &their_etag, &after);

  g_assert_true (redial_appointment_get_conflict (after));
  g_assert_cmpstr (redial_appointment_get_etag (after), ==, redial_appointment_get_etag (published));
  body = redial_test_radicale_get (radicale, redial_appointment_get_href (published), &etag);
  g_assert_cmpstr (body, ==, edited);
  g_assert_cmpstr (etag, ==, their_etag);
  g_assert_cmpuint (f->n_published, ==, 1);

  /* Asked again, it is not sent: the conflict waits for a person. */
  redial_caldav_publisher_publish (f->publisher, after);
  g_assert_cmpuint (redial_caldav_publisher_get_n_pending (f->publisher), ==, 0);
}

static void
on_kept (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  guint *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (redial_caldav_publisher_keep_ours_finish (REDIAL_CALDAV_PUBLISHER (source), result, &error));
  g_assert_no_error (error);
  (*done)++;
}

/* Keeping Redial's version replaces theirs, read again for its ETag,
 * with a SEQUENCE above theirs; the next change follows as usual. */
static void
test_keep_ours (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(RedialAppointment) published = NULL;
  g_autoptr(RedialAppointment) after = NULL;
  g_autoptr(RedialAppointment) kept = NULL;
  g_autoptr(RedialAppointment) moved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *their_etag = NULL;
  g_autofree char *body = NULL;
  g_autofree char *etag = NULL;
  guint done = 0;

  use_publisher (f, redial_test_radicale_collection (radicale), PASSWORD);
  published = book_and_publish (f);
  edited = change_on_both_sides (f, published, &their_etag, &after);

  redial_caldav_publisher_keep_ours_async (f->publisher, redial_appointment_get_id (after), NULL, on_kept, &done);
  wait_for (&done, 1);
  g_assert_cmpuint (f->n_published, ==, 2);

  body = redial_test_radicale_get (radicale, redial_appointment_get_href (after), &etag);
  g_assert_nonnull (strstr (body, "TZID=America/Chicago:20261202T130000"));
  g_assert_nonnull (strstr (body, "SEQUENCE:6"));
  kept = stored (f, after);
  g_assert_false (redial_appointment_get_conflict (kept));
  g_assert_cmpstr (redial_appointment_get_etag (kept), ==, etag);
  g_assert_cmpuint (redial_appointment_get_sequence (kept), ==, 6);
  g_assert_cmpuint (redial_appointment_get_published_sequence (kept), ==, 6);

  moved = redial_store_move_appointment (f->store, redial_appointment_get_id (kept), NULL,
                                         at (f, 2, 14, 0), at (f, 2, 16, 0), redial_clock_now (f->clock), &error);
  g_assert_no_error (error);
  redial_caldav_publisher_publish_case (f->publisher, f->case_id);
  wait_for (&f->n_published, 3);
  g_clear_pointer (&body, g_free);
  body = redial_test_radicale_get (radicale, redial_appointment_get_href (after), NULL);
  g_assert_nonnull (strstr (body, "SEQUENCE:7"));
  g_assert_cmpuint (f->n_conflicts, ==, 1);
}

static void
on_theirs_read (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  RedialIcsEvent *event = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;

  g_assert_true (redial_caldav_publisher_read_theirs_finish (REDIAL_CALDAV_PUBLISHER (source), result,
                                                             event, &etag, &error));
  g_assert_no_error (error);
  g_object_set_data_full (source, "etag", g_steal_pointer (&etag), g_free);
}

/* Taking the calendar's version: its times, SEQUENCE and ETag read; once
 * Redial matches them, the conflict is gone and nothing is sent. */
static void
test_take_theirs (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(RedialAppointment) published = NULL;
  g_autoptr(RedialAppointment) after = NULL;
  g_autoptr(RedialAppointment) matched = NULL;
  g_autoptr(RedialAppointment) taken = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *their_etag = NULL;
  RedialIcsEvent theirs = { 0 };

  use_publisher (f, redial_test_radicale_collection (radicale), PASSWORD);
  published = book_and_publish (f);
  edited = change_on_both_sides (f, published, &their_etag, &after);

  redial_caldav_publisher_read_theirs_async (f->publisher, redial_appointment_get_id (after), NULL,
                                             on_theirs_read, &theirs);
  while (g_object_get_data (G_OBJECT (f->publisher), "etag") == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (theirs.start, ==, at (f, 2, 10, 0));
  g_assert_cmpint (theirs.end, ==, at (f, 2, 12, 0));
  g_assert_false (theirs.cancelled);
  g_assert_cmpuint (theirs.sequence, ==, 5);
  g_assert_cmpstr (g_object_get_data (G_OBJECT (f->publisher), "etag"), ==, their_etag);

  matched = redial_store_move_appointment (f->store, redial_appointment_get_id (after), NULL, theirs.start,
                                           theirs.end, redial_clock_now (f->clock), &error);
  g_assert_no_error (error);
  g_assert_true (redial_caldav_publisher_accept_theirs (f->publisher, redial_appointment_get_id (after),
                                                        their_etag, theirs.sequence, &error));
  g_assert_no_error (error);
  taken = stored (f, after);
  g_assert_false (redial_appointment_get_conflict (taken));
  g_assert_cmpstr (redial_appointment_get_etag (taken), ==, their_etag);
  g_assert_cmpuint (redial_appointment_get_sequence (taken), ==, 5);
  g_assert_cmpuint (redial_appointment_get_published_sequence (taken), ==, 5);
  redial_caldav_publisher_publish_case (f->publisher, f->case_id);
  g_assert_cmpuint (redial_caldav_publisher_get_n_pending (f->publisher), ==, 0);
}

/* A move the server would not take, and a cancellation while Redial was
 * stopped: a new publisher on the same store (Redial started again)
 * publishes both, and nothing more. */
static void
test_after_restart (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(RedialAppointment) first = NULL;
  g_autoptr(RedialAppointment) second = NULL;
  g_autoptr(RedialAppointment) moved = NULL;
  g_autoptr(RedialAppointment) cancelled = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;

  use_publisher (f, redial_test_radicale_collection (radicale), PASSWORD);
  first = book_and_publish (f);
  second = book (f, at (f, 3, 9, 0), at (f, 3, 10, 0));
  redial_caldav_publisher_publish (f->publisher, second);
  wait_for (&f->n_published, 2);

  /* The server stops taking Redial's changes; the desk moves one. */
  redial_caldav_publisher_set_password (f->publisher, "changed on the server");
  moved = redial_store_move_appointment (f->store, redial_appointment_get_id (first), NULL,
                                         at (f, 2, 13, 0), at (f, 2, 15, 0), redial_clock_now (f->clock), &error);
  g_assert_no_error (error);
  redial_caldav_publisher_publish_case (f->publisher, f->case_id);
  wait_for (&f->n_errors, 1);
  g_clear_object (&f->publisher);

  /* Redial is stopped; the appointment is cancelled meanwhile. */
  cancelled = redial_store_cancel_appointment (f->store, redial_appointment_get_id (second),
                                               redial_clock_now (f->clock), &error);
  g_assert_no_error (error);

  f->n_published = 0;
  use_publisher (f, redial_test_radicale_collection (radicale), PASSWORD);
  wait_for (&f->n_published, 2);
  body = redial_test_radicale_get (radicale, redial_appointment_get_href (first), NULL);
  g_assert_nonnull (strstr (body, "TZID=America/Chicago:20261202T130000"));
  g_assert_nonnull (strstr (body, "SEQUENCE:1"));
  g_clear_pointer (&body, g_free);
  body = redial_test_radicale_get (radicale, redial_appointment_get_href (first), NULL);
  g_assert_nonnull (body);
  g_clear_pointer (&body, g_free);
  g_clear_object (&cancelled);
  cancelled = stored (f, second);
  body = redial_test_radicale_get (radicale, redial_appointment_get_href (cancelled), NULL);
  g_assert_nonnull (strstr (body, "STATUS:CANCELLED"));
  g_assert_nonnull (strstr (body, "SEQUENCE:1"));

  /* Started once more, with nothing changed: nothing is sent. */
  g_clear_object (&f->publisher);
  use_publisher (f, redial_test_radicale_collection (radicale), PASSWORD);
  g_assert_cmpuint (redial_caldav_publisher_get_n_pending (f->publisher), ==, 0);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(RedialAppointment) published = NULL;
  g_autoptr(RedialAppointment) cancelled = NULL;
  g_autoptr(RedialAppointment) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *etag = NULL;

  use_publisher (f, redial_test_radicale_collection (radicale), PASSWORD);
  published = book_and_publish (f);

  cancelled = redial_store_cancel_appointment (f->store, redial_appointment_get_id (published),
                                               redial_clock_now (f->clock), &error);
  g_assert_no_error (error);
  redial_caldav_publisher_publish (f->publisher, cancelled);
  wait_for (&f->n_published, 2);

  after = stored (f, cancelled);
  body = redial_test_radicale_get (radicale, redial_appointment_get_href (published), &etag);
  g_assert_nonnull (strstr (body, "STATUS:CANCELLED"));
  g_assert_nonnull (strstr (body, "SEQUENCE:1"));
  g_assert_cmpstr (redial_appointment_get_etag (after), ==, etag);
}

/* A wrong password says so, publishes nothing, and keeps the appointment
 * waiting for the right one. */
static void
test_wrong_password (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(RedialAppointment) booked = NULL;
  g_autoptr(RedialAppointment) after = NULL;

  use_publisher (f, redial_test_radicale_collection (radicale), "not the password");
  booked = book (f, at (f, 3, 9, 0), at (f, 3, 10, 0));
  redial_caldav_publisher_publish (f->publisher, booked);
  wait_for (&f->n_errors, 1);

  g_assert_nonnull (strstr (redial_caldav_publisher_get_error (f->publisher), "user name or password"));
  after = stored (f, booked);
  g_assert_null (redial_appointment_get_href (after));
  g_assert_null (redial_appointment_get_etag (after));
  g_assert_cmpuint (redial_caldav_publisher_get_n_pending (f->publisher), ==, 1);
  g_assert_cmpuint (redial_fake_clock_get_n_pending (REDIAL_FAKE_CLOCK (f->clock)), ==, 0);

  redial_caldav_publisher_set_password (f->publisher, PASSWORD);
  wait_for (&f->n_published, 1);
  g_assert_null (redial_caldav_publisher_get_error (f->publisher));
}

/* The sync pass publishes what was booked while nobody published. */
static void
test_sync (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(RedialAppointment) one = book (f, at (f, 4, 9, 0), at (f, 4, 10, 0));
  g_autoptr(RedialAppointment) two = book (f, at (f, 4, 10, 0), at (f, 4, 11, 0));
  g_autoptr(RedialAppointment) one_after = NULL;
  g_autoptr(RedialAppointment) two_after = NULL;

  use_publisher (f, redial_test_radicale_collection (radicale), PASSWORD);
  wait_for (&f->n_published, 2);
  one_after = stored (f, one);
  two_after = stored (f, two);
  g_assert_nonnull (redial_appointment_get_etag (one_after));
  g_assert_nonnull (redial_appointment_get_etag (two_after));
}

/* A change to a case publishes its appointments that changed, once. */
static void
test_follows_case (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(RedialAppointment) booked = book (f, at (f, 4, 9, 0), at (f, 4, 10, 0));
  g_autoptr(RedialAppointment) moved = NULL;
  g_autoptr(RedialAppointment) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;

  use_publisher (f, redial_test_radicale_collection (radicale), PASSWORD);
  wait_for (&f->n_published, 1);  /* the sync pass at start */

  redial_caldav_publisher_publish_case (f->publisher, f->case_id);
  g_assert_cmpuint (redial_caldav_publisher_get_n_pending (f->publisher), ==, 0);

  moved = redial_store_move_appointment (f->store, redial_appointment_get_id (booked), NULL,
                                         at (f, 4, 14, 0), at (f, 4, 15, 0), redial_clock_now (f->clock), &error);
  g_assert_no_error (error);
  redial_caldav_publisher_publish_case (f->publisher, f->case_id);
  g_assert_cmpuint (redial_caldav_publisher_get_n_pending (f->publisher), ==, 1);
  wait_for (&f->n_published, 2);

  after = stored (f, moved);
  body = redial_test_radicale_get (radicale, redial_appointment_get_href (after), NULL);
  g_assert_nonnull (strstr (body, "TZID=America/Chicago:20261204T140000"));
  redial_caldav_publisher_publish_case (f->publisher, f->case_id);
  g_assert_cmpuint (redial_caldav_publisher_get_n_pending (f->publisher), ==, 0);
}

static void
on_context_published (RedialCaldavPublisher *publisher,
                      RedialAppointment     *appointment,
                      guint                 *count)
{
  (*count)++;
}

/* Redial as it runs: [caldav] in the settings, the password in a 0600
 * file, and the engine's changes to a case followed. */
static void
test_context (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *secret = g_build_filename (f->dir, "caldav-password", NULL);
  g_autofree char *db = g_build_filename (f->dir, "context.db", NULL);
  g_autofree char *settings = NULL;
  g_autoptr(RedialConfig) config = NULL;
  g_autoptr(RedialContext) context = NULL;
  g_autoptr(RedialCase) kase = NULL;
  g_autoptr(RedialAppointment) appointment = NULL;
  g_autoptr(RedialAppointment) after = NULL;
  g_autoptr(GError) error = NULL;
  RedialCaldavPublisher *publisher;
  RedialStore *store;
  guint published = 0;

  g_assert_true (g_file_set_contents_full (secret, PASSWORD "\n", -1, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
  settings = g_strdup_printf ("[business]\nname=Acme\ntime-zone=America/Chicago\n"
                              "[store]\npath=%s\n"
                              "[caldav]\nurl=%s\nusername=" USER "\nsecret-file=%s\n",
                              db, redial_test_radicale_collection (radicale), secret);
  config = redial_config_load_from_data (settings, "acme.conf", &error);
  g_assert_no_error (error);
  context = redial_context_new (config, f->clock);
  g_assert_true (redial_context_open (context, &error));
  g_assert_no_error (error);
  publisher = redial_context_get_calendar_publisher (context);
  g_assert_nonnull (publisher);
  g_signal_connect (publisher, "published", G_CALLBACK (on_context_published), &published);
  g_assert_true (redial_context_start (context, &error));
  g_assert_no_error (error);

  store = redial_context_get_store (context);
  kase = redial_store_open_case (store, "+13125550177", redial_clock_now (f->clock), &error);
  g_assert_no_error (error);
  appointment = redial_appointment_new (redial_case_get_id (kase), "Joe", "Leak", at (f, 7, 9, 0), at (f, 7, 10, 0));
  g_assert_true (redial_store_add_appointment (store, appointment, redial_clock_now (f->clock), &error));
  g_assert_no_error (error);

  g_assert_true (redial_engine_add_note (redial_context_get_engine (context), kase, "Booked for Monday", &error));
  g_assert_no_error (error);
  wait_for (&published, 1);
  after = redial_store_get_appointment (store, redial_appointment_get_id (appointment), &error);
  g_assert_no_error (error);
  g_assert_nonnull (redial_appointment_get_etag (after));

  redial_context_stop (context);
}

/* ── A server that shows what radicale does not: no ETag, and 503s ── */

typedef struct
{
  guint  failures[2];     /* the answers to the first PUTs, until a 0 */
  guint  n_puts;
  guint  n_gets;
  char  *if_match;
  char  *if_none_match;
} Peer;

static void
on_peer_request (SoupServer        *server,
                 SoupServerMessage *message,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Peer *peer = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (message);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (message);
  const char *method = soup_server_message_get_method (message);

  if (g_str_equal (method, "PUT"))
    {
      peer->n_puts++;
      g_free (peer->if_match);
      g_free (peer->if_none_match);
      peer->if_match = g_strdup (soup_message_headers_get_one (request, "If-Match"));
      peer->if_none_match = g_strdup (soup_message_headers_get_one (request, "If-None-Match"));
      if (peer->n_puts <= G_N_ELEMENTS (peer->failures) && peer->failures[peer->n_puts - 1] != 0)
        {
          soup_server_message_set_status (message, peer->failures[peer->n_puts - 1], NULL);
          return;
        }
      /* RFC 4791 §5.3.4: a server that changes what it stores sends no ETag. */
      soup_server_message_set_status (message, SOUP_STATUS_CREATED, NULL);
    }
  else if (g_str_equal (method, "GET"))
    {
      peer->n_gets++;
      soup_message_headers_replace (response, "ETag", "\"stored-v1\"");
      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (message, "text/calendar", SOUP_MEMORY_STATIC, "", 0);
    }
  else
    soup_server_message_set_status (message, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
}

static char *
start_peer (SoupServer **server,
            Peer        *peer)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *base = NULL;

  *server = soup_server_new (NULL, NULL);
  soup_server_add_handler (*server, NULL, on_peer_request, peer, NULL);
  g_assert_true (soup_server_listen_local (*server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (*server);
  base = g_uri_to_string (uris->data);
  return g_strconcat (base, "office/calendar/", NULL);
}

static void
test_etag_read_again (Fixture       *f,
                      gconstpointer  data)
{
  Peer peer = { 0 };
  g_autoptr(SoupServer) server = NULL;
  g_autofree char *collection = start_peer (&server, &peer);
  g_autoptr(RedialAppointment) booked = NULL;
  g_autoptr(RedialAppointment) after = NULL;

  use_publisher (f, collection, PASSWORD);
  booked = book (f, at (f, 5, 9, 0), at (f, 5, 10, 0));
  redial_caldav_publisher_publish (f->publisher, booked);
  wait_for (&f->n_published, 1);

  g_assert_cmpstr (peer.if_none_match, ==, "*");
  g_assert_null (peer.if_match);
  g_assert_cmpuint (peer.n_gets, ==, 1);
  after = stored (f, booked);
  g_assert_cmpstr (redial_appointment_get_etag (after), ==, "\"stored-v1\"");

  /* The next change goes with the ETag read. */
  redial_caldav_publisher_publish (f->publisher, after);
  wait_for (&f->n_published, 2);
  g_assert_cmpstr (peer.if_match, ==, "\"stored-v1\"");
  g_assert_null (peer.if_none_match);
  g_free (peer.if_match);
  g_free (peer.if_none_match);
}

/* A 503 is tried again after a wait on the clock; a 502 then, after a
 * wait twice as long; then it goes through. */
static void
test_retry (Fixture       *f,
            gconstpointer  data)
{
  Peer peer = { .failures = { SOUP_STATUS_SERVICE_UNAVAILABLE, SOUP_STATUS_BAD_GATEWAY } };
  g_autoptr(SoupServer) server = NULL;
  g_autofree char *collection = start_peer (&server, &peer);
  g_autoptr(RedialAppointment) booked = NULL;

  use_publisher (f, collection, PASSWORD);
  booked = book (f, at (f, 5, 9, 0), at (f, 5, 10, 0));
  redial_caldav_publisher_publish (f->publisher, booked);
  wait_for (&f->n_errors, 1);
  g_assert_nonnull (strstr (redial_caldav_publisher_get_error (f->publisher), "503"));
  g_assert_cmpuint (peer.n_puts, ==, 1);

  /* Nothing is asked again before the wait is over. */
  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (f->clock), 4 * G_USEC_PER_SEC);
  redial_test_drain ();
  g_assert_cmpuint (peer.n_puts, ==, 1);
  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (f->clock), 1 * G_USEC_PER_SEC);
  wait_for (&f->n_errors, 2);
  g_assert_nonnull (strstr (redial_caldav_publisher_get_error (f->publisher), "502"));

  /* The second wait is twice the first. */
  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (f->clock), 9 * G_USEC_PER_SEC);
  redial_test_drain ();
  g_assert_cmpuint (peer.n_puts, ==, 2);
  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (f->clock), 1 * G_USEC_PER_SEC);
  wait_for (&f->n_published, 1);
  g_assert_cmpuint (peer.n_puts, ==, 3);
  g_assert_null (redial_caldav_publisher_get_error (f->publisher));
  g_free (peer.if_match);
  g_free (peer.if_none_match);
}

static void
test_settings (void)
{
  g_autoptr(RedialClock) clock = redial_fake_clock_new (0);
  g_autofree char *dir = redial_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "redial.db", NULL);
  g_autoptr(RedialStore) store = redial_store_open (path, NULL);
  g_autoptr(GTimeZone) tz = g_time_zone_new_utc ();
  static const struct
  {
    const char *settings;
    const char *error;  /* NULL: no publisher and no error */
  } cases[] = {
    { "[business]\nname=Acme\n", NULL },
    { "[caldav]\nurl=http://calendar.example.com/dav/\nusername=me\n", "[caldav] url" },
    { "[caldav]\nurl=not a url\nusername=me\n", "[caldav] url" },
    { "[caldav]\nurl=https://calendar.example.com/dav/\n", "[caldav] username" },
    { "[caldav]\nurl=https://calendar.example.com/dav/\nusername=me\nsecret-file=/nonexistent/pw\n",
      "[caldav] secret-file" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GKeyFile) keyfile = g_key_file_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(RedialCaldavPublisher) publisher = NULL;

      g_assert_true (g_key_file_load_from_data (keyfile, cases[i].settings, -1, G_KEY_FILE_NONE, NULL));
      publisher = redial_caldav_publisher_new_from_keyfile (clock, store, tz, keyfile, "acme.conf", &error);
      g_assert_null (publisher);
      if (cases[i].error == NULL)
        g_assert_no_error (error);
      else
        {
          g_assert_nonnull (error);
          g_assert_nonnull (strstr (error->message, "acme.conf"));
          g_assert_nonnull (strstr (error->message, cases[i].error));
        }
    }

  {
    g_autoptr(GKeyFile) keyfile = g_key_file_new ();
    g_autoptr(GError) error = NULL;
    g_autoptr(RedialCaldavPublisher) publisher = NULL;

    g_assert_true (g_key_file_load_from_data (keyfile, "[caldav]\nurl=https://dav.example.com/u/cal\nusername=me\n",
                                              -1, G_KEY_FILE_NONE, NULL));
    publisher = redial_caldav_publisher_new_from_keyfile (clock, store, tz, keyfile, "acme.conf", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (redial_caldav_client_get_collection (redial_caldav_publisher_get_client (publisher)),
                     ==, "https://dav.example.com/u/cal/");
  }
  g_clear_object (&store);
  redial_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/caldav/settings", test_settings);
  g_test_add ("/caldav/radicale/create", Fixture, NULL, fixture_setup, test_create, fixture_teardown);
  g_test_add ("/caldav/radicale/update", Fixture, NULL, fixture_setup, test_update, fixture_teardown);
  g_test_add ("/caldav/radicale/conflict", Fixture, NULL, fixture_setup, test_conflict, fixture_teardown);
  g_test_add ("/caldav/radicale/cancel", Fixture, NULL, fixture_setup, test_cancel, fixture_teardown);
  g_test_add ("/caldav/radicale/conflict/keep-ours", Fixture, NULL, fixture_setup, test_keep_ours, fixture_teardown);
  g_test_add ("/caldav/radicale/conflict/take-theirs", Fixture, NULL, fixture_setup, test_take_theirs,
              fixture_teardown);
  g_test_add ("/caldav/radicale/published-after-restart", Fixture, NULL, fixture_setup, test_after_restart,
              fixture_teardown);
  g_test_add ("/caldav/radicale/wrong-password", Fixture, NULL, fixture_setup, test_wrong_password, fixture_teardown);
  g_test_add ("/caldav/radicale/sync", Fixture, NULL, fixture_setup, test_sync, fixture_teardown);
  g_test_add ("/caldav/radicale/follows-case", Fixture, NULL, fixture_setup, test_follows_case, fixture_teardown);
  g_test_add ("/caldav/radicale/context", Fixture, NULL, fixture_setup, test_context, fixture_teardown);
  g_test_add ("/caldav/etag-read-again", Fixture, NULL, fixture_setup, test_etag_read_again, fixture_teardown);
  g_test_add ("/caldav/retry-on-5xx", Fixture, NULL, fixture_setup, test_retry, fixture_teardown);

  radicale = redial_test_radicale_start (USER, PASSWORD);
  status = g_test_run ();
  redial_test_radicale_stop (radicale);
  return status;
}
