/* test-store-appointments.c: what every RedialStore promises for booking: no overlap on a resource, holds, sequences, calendar state. */
#include "config.h"

#include "redial-store.h"
#include "redial-test-util.h"
#include "store-factory.h"

#define MINUTES(n) ((gint64) (n) * 60 * G_USEC_PER_SEC)
/* Tuesday 2026-12-01 00:00 UTC, the day every test books on. */
#define DAY ((gint64) 1796083200 * G_USEC_PER_SEC)
#define AT(h, m) (DAY + MINUTES ((h) * 60 + (m)))
#define NOW AT (7, 0)

typedef struct
{
  const StoreFactory *factory;
  gpointer            state;
  RedialStore        *store;
  gint64              case_a;
  gint64              case_b;
} Fixture;

static gint64
open_case (Fixture    *f,
           const char *caller)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) kase = redial_store_open_case (f->store, caller, NOW - MINUTES (60), &error);

  g_assert_no_error (error);
  return redial_case_get_id (kase);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->factory = data;
  f->state = f->factory->create ();
  f->store = f->factory->open (f->state, &error);
  g_assert_no_error (error);
  f->case_a = open_case (f, "+13125550101");
  f->case_b = open_case (f, "+13125550102");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  f->factory->destroy (f->state);
}

/* Books @case_id on @resource from @start to @end; returns the new
 * appointment, or NULL with @error set. */
static RedialAppointment *
book (Fixture     *f,
      gint64       case_id,
      const char  *resource,
      gint64       start,
      gint64       end,
      GError     **error)
{
  g_autoptr(RedialAppointment) appointment = redial_appointment_new (case_id, resource, "drain cleaning",
                                                                     start, end);

  redial_appointment_set_address (appointment, "12 Elm St");
  redial_appointment_set_caller (appointment, "+13125550101");
  redial_appointment_set_caller_name (appointment, "<b>Jane</b>");
  if (!redial_store_add_appointment (f->store, appointment, NOW, error))
    return NULL;
  return g_steal_pointer (&appointment);
}

static RedialHold *
hold (Fixture     *f,
      gint64       case_id,
      const char  *resource,
      gint64       start,
      gint64       end,
      gint64       expires_at,
      GError     **error)
{
  g_autoptr(RedialHold) held = redial_hold_new (case_id, resource, start, end, expires_at);

  if (!redial_store_add_hold (f->store, held, NOW, error))
    return NULL;
  return g_steal_pointer (&held);
}

static void
test_added_and_read_back (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialAppointment) added = book (f, f->case_a, "Joe", AT (9, 0), AT (11, 0), &error);
  g_autoptr(RedialAppointment) read = NULL;
  g_autoptr(RedialAppointment) other = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (redial_appointment_get_id (added), >, 0);
  g_assert_true (g_str_has_suffix (redial_appointment_get_uid (added), "@redial"));
  g_assert_cmpuint (redial_appointment_get_sequence (added), ==, 0);

  read = redial_store_get_appointment (f->store, redial_appointment_get_id (added), &error);
  g_assert_no_error (error);
  g_assert_cmpint (redial_appointment_get_case_id (read), ==, f->case_a);
  g_assert_cmpstr (redial_appointment_get_resource (read), ==, "Joe");
  g_assert_cmpstr (redial_appointment_get_job_type (read), ==, "drain cleaning");
  g_assert_cmpint (redial_appointment_get_start (read), ==, AT (9, 0));
  g_assert_cmpint (redial_appointment_get_end (read), ==, AT (11, 0));
  g_assert_cmpstr (redial_appointment_get_address (read), ==, "12 Elm St");
  g_assert_cmpstr (redial_appointment_get_caller (read), ==, "+13125550101");
  g_assert_cmpstr (redial_appointment_get_caller_name (read), ==, "<b>Jane</b>");
  g_assert_cmpint (redial_appointment_get_status (read), ==, REDIAL_APPOINTMENT_STATUS_BOOKED);
  g_assert_cmpstr (redial_appointment_get_uid (read), ==, redial_appointment_get_uid (added));
  g_assert_null (redial_appointment_get_etag (read));
  g_assert_null (redial_appointment_get_href (read));
  g_assert_false (redial_appointment_get_conflict (read));
  g_assert_cmpint (redial_appointment_get_created_at (read), ==, NOW);
  g_assert_cmpint (redial_appointment_get_updated_at (read), ==, NOW);

  /* Each appointment gets its own uid. */
  other = book (f, f->case_b, "Joe", AT (13, 0), AT (14, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (redial_appointment_get_uid (other), !=, redial_appointment_get_uid (added));

  g_assert_null (redial_store_get_appointment (f->store, 999, &error));
  g_assert_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_NOT_FOUND);
}

static void
test_overlap_refused (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialAppointment) first = book (f, f->case_a, "Joe", AT (9, 0), AT (11, 0), &error);
  g_autoptr(RedialAppointment) clash = NULL;
  g_autoptr(RedialAppointment) touching = NULL;
  g_autoptr(RedialAppointment) elsewhere = NULL;
  g_autoptr(GPtrArray) joes = NULL;
  g_autofree char *id = NULL;

  g_assert_no_error (error);

  /* Half an hour inside Joe's booking: refused, naming it. */
  clash = book (f, f->case_b, "Joe", AT (10, 30), AT (12, 0), &error);
  g_assert_null (clash);
  g_assert_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_OVERLAP);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, redial_appointment_get_id (first));
  g_assert_nonnull (strstr (error->message, "Joe"));
  g_assert_nonnull (strstr (error->message, id));
  g_assert_nonnull (strstr (error->message, "09:00"));
  g_clear_error (&error);

  /* A booking inside, around, or of the same case: refused too. */
  g_assert_null (book (f, f->case_b, "Joe", AT (9, 30), AT (10, 0), &error));
  g_assert_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_OVERLAP);
  g_clear_error (&error);
  g_assert_null (book (f, f->case_b, "Joe", AT (8, 0), AT (12, 0), &error));
  g_assert_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_OVERLAP);
  g_clear_error (&error);
  g_assert_null (book (f, f->case_a, "Joe", AT (9, 0), AT (11, 0), &error));
  g_assert_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_OVERLAP);
  g_clear_error (&error);

  /* Ends that touch do not overlap; another resource is free. */
  touching = book (f, f->case_b, "Joe", AT (11, 0), AT (12, 0), &error);
  g_assert_no_error (error);
  elsewhere = book (f, f->case_b, "Ann", AT (9, 0), AT (11, 0), &error);
  g_assert_no_error (error);

  joes = redial_store_list_appointments (f->store, AT (0, 0), AT (24, 0), "Joe", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (joes->len, ==, 2);
}

static void
test_move_and_resize (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialAppointment) first = book (f, f->case_a, "Joe", AT (9, 0), AT (11, 0), &error);
  g_autoptr(RedialAppointment) second = book (f, f->case_b, "Joe", AT (13, 0), AT (14, 0), &error);
  g_autoptr(RedialAppointment) moved = NULL;
  g_autoptr(RedialAppointment) resized = NULL;
  g_autoptr(RedialAppointment) again = NULL;
  gint64 id = redial_appointment_get_id (first);

  g_assert_no_error (error);

  /* Later the same morning, overlapping only itself: fine. */
  moved = redial_store_move_appointment (f->store, id, NULL, AT (10, 0), AT (12, 0), NOW + 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (redial_appointment_get_start (moved), ==, AT (10, 0));
  g_assert_cmpint (redial_appointment_get_end (moved), ==, AT (12, 0));
  g_assert_cmpuint (redial_appointment_get_sequence (moved), ==, 1);
  g_assert_cmpint (redial_appointment_get_updated_at (moved), ==, NOW + 1);
  g_assert_cmpstr (redial_appointment_get_uid (moved), ==, redial_appointment_get_uid (first));

  /* Its bottom edge dragged into the next booking: refused, unchanged. */
  g_assert_null (redial_store_move_appointment (f->store, id, NULL, AT (10, 0), AT (13, 30), NOW + 2, &error));
  g_assert_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_OVERLAP);
  g_clear_error (&error);
  again = redial_store_get_appointment (f->store, id, &error);
  g_assert_cmpint (redial_appointment_get_end (again), ==, AT (12, 0));
  g_assert_cmpuint (redial_appointment_get_sequence (again), ==, 1);

  /* To Ann at the same time as Joe's other job: fine. */
  resized = redial_store_move_appointment (f->store, id, "Ann", AT (13, 0), AT (15, 0), NOW + 3, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (redial_appointment_get_resource (resized), ==, "Ann");
  g_assert_cmpuint (redial_appointment_get_sequence (resized), ==, 2);

  g_assert_null (redial_store_move_appointment (f->store, 999, NULL, AT (1, 0), AT (2, 0), NOW, &error));
  g_assert_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_NOT_FOUND);
}

static void
test_cancel_frees_time (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialAppointment) first = book (f, f->case_a, "Joe", AT (9, 0), AT (11, 0), &error);
  g_autoptr(RedialAppointment) cancelled = NULL;
  g_autoptr(RedialAppointment) twice = NULL;
  g_autoptr(RedialAppointment) taker = NULL;
  g_autoptr(GPtrArray) booked = NULL;
  g_autoptr(GPtrArray) of_case = NULL;
  gint64 id = redial_appointment_get_id (first);

  g_assert_no_error (error);
  cancelled = redial_store_cancel_appointment (f->store, id, NOW + 5, &error);
  g_assert_no_error (error);
  g_assert_cmpint (redial_appointment_get_status (cancelled), ==, REDIAL_APPOINTMENT_STATUS_CANCELLED);
  g_assert_cmpuint (redial_appointment_get_sequence (cancelled), ==, 1);

  /* Again: no change, no second bump. */
  twice = redial_store_cancel_appointment (f->store, id, NOW + 6, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (redial_appointment_get_sequence (twice), ==, 1);

  /* The time is free; a cancelled one cannot be moved. */
  taker = book (f, f->case_b, "Joe", AT (9, 0), AT (11, 0), &error);
  g_assert_no_error (error);
  g_assert_null (redial_store_move_appointment (f->store, id, NULL, AT (14, 0), AT (15, 0), NOW, &error));
  g_assert_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_CLOSED);
  g_clear_error (&error);

  booked = redial_store_list_appointments (f->store, AT (0, 0), AT (24, 0), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (booked->len, ==, 1);
  g_assert_cmpint (redial_appointment_get_case_id (g_ptr_array_index (booked, 0)), ==, f->case_b);
  of_case = redial_store_list_case_appointments (f->store, f->case_a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (of_case->len, ==, 1);
  g_assert_false (redial_appointment_is_booked (g_ptr_array_index (of_case, 0)));

  g_assert_null (redial_store_cancel_appointment (f->store, 999, NOW, &error));
  g_assert_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_NOT_FOUND);
}

static void
test_list_range (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  static const struct { const char *resource; int from; int to; } bookings[] = {
    { "Joe", 13, 14 }, { "Ann", 8, 9 }, { "Joe", 9, 10 }, { "Ann", 16, 18 }, { "Joe", 20, 21 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bookings); i++)
    {
      g_autoptr(RedialAppointment) booked = book (f, f->case_a, bookings[i].resource,
                                                  AT (bookings[i].from, 0), AT (bookings[i].to, 0), &error);
      g_assert_no_error (error);
    }

  /* [9:30, 17:00): those that end after 9:30 and start before 17:00, by start. */
  listed = redial_store_list_appointments (f->store, AT (9, 30), AT (17, 0), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 3);
  g_assert_cmpint (redial_appointment_get_start (g_ptr_array_index (listed, 0)), ==, AT (9, 0));
  g_assert_cmpint (redial_appointment_get_start (g_ptr_array_index (listed, 1)), ==, AT (13, 0));
  g_assert_cmpint (redial_appointment_get_start (g_ptr_array_index (listed, 2)), ==, AT (16, 0));
  g_clear_pointer (&listed, g_ptr_array_unref);

  listed = redial_store_list_appointments (f->store, AT (9, 30), AT (17, 0), "Ann", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 1);
  g_assert_cmpstr (redial_appointment_get_resource (g_ptr_array_index (listed, 0)), ==, "Ann");
}

static void
test_caldav_state (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialAppointment) added = book (f, f->case_a, "Joe", AT (9, 0), AT (11, 0), &error);
  g_autoptr(RedialAppointment) read = NULL;
  gint64 id = redial_appointment_get_id (added);

  g_assert_no_error (error);
  g_assert_true (redial_store_set_appointment_caldav (f->store, id, "/cal/joe/a.ics", "\"e1\"", TRUE, &error));
  g_assert_no_error (error);

  /* Restart-proof, and no change to the appointment itself. */
  g_clear_object (&f->store);
  f->store = f->factory->open (f->state, &error);
  g_assert_no_error (error);
  read = redial_store_get_appointment (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (redial_appointment_get_href (read), ==, "/cal/joe/a.ics");
  g_assert_cmpstr (redial_appointment_get_etag (read), ==, "\"e1\"");
  g_assert_true (redial_appointment_get_conflict (read));
  g_assert_cmpuint (redial_appointment_get_sequence (read), ==, 0);

  g_assert_false (redial_store_set_appointment_caldav (f->store, 999, NULL, NULL, FALSE, &error));
  g_assert_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_NOT_FOUND);
}

/* The SEQUENCE published survives a restart and lifts the appointment's
 * own; listing with the cancelled ones shows a cancellation. */
static void
test_published_sequence (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialAppointment) added = book (f, f->case_a, "Joe", AT (9, 0), AT (11, 0), &error);
  g_autoptr(RedialAppointment) cancelled = NULL;
  g_autoptr(RedialAppointment) read = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  gint64 id = redial_appointment_get_id (added);

  g_assert_no_error (error);
  g_assert_true (redial_store_set_appointment_published (f->store, id, 4, &error));
  g_assert_no_error (error);
  g_clear_object (&f->store);
  f->store = f->factory->open (f->state, &error);
  g_assert_no_error (error);
  read = redial_store_get_appointment (f->store, id, &error);
  g_assert_no_error (error);
  if (redial_appointment_get_published_sequence (read) == 0)
    {
      g_test_skip ("this store keeps no published sequence yet");
      return;
    }
  g_assert_cmpuint (redial_appointment_get_published_sequence (read), ==, 4);
  g_assert_cmpuint (redial_appointment_get_sequence (read), ==, 4);

  cancelled = redial_store_cancel_appointment (f->store, id, NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (redial_appointment_get_sequence (cancelled), ==, 5);
  g_assert_cmpuint (redial_appointment_get_published_sequence (cancelled), ==, 4);
  listed = redial_store_list_appointments_with_cancelled (f->store, AT (0, 0), AT (24, 0), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 1);
  g_assert_cmpint (redial_appointment_get_status (g_ptr_array_index (listed, 0)), ==,
                   REDIAL_APPOINTMENT_STATUS_CANCELLED);
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = redial_store_list_appointments (f->store, AT (0, 0), AT (24, 0), NULL, &error);
  g_assert_cmpuint (listed->len, ==, 0);

  g_assert_false (redial_store_set_appointment_published (f->store, 999, 1, &error));
  g_assert_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_NOT_FOUND);
}

static void
test_hold_blocks_others (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialHold) held = hold (f, f->case_a, "Joe", AT (9, 0), AT (11, 0), NOW + MINUTES (30), &error);
  g_autoptr(RedialHold) second = NULL;
  g_autoptr(RedialAppointment) own = NULL;
  g_autoptr(GPtrArray) holds = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (redial_hold_get_id (held), >, 0);

  /* Another case can neither book nor hold that time … */
  g_assert_null (book (f, f->case_b, "Joe", AT (10, 0), AT (12, 0), &error));
  g_assert_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_OVERLAP);
  g_assert_nonnull (strstr (error->message, "Joe"));
  g_clear_error (&error);
  g_assert_null (hold (f, f->case_b, "Joe", AT (8, 0), AT (9, 30), NOW + MINUTES (30), &error));
  g_assert_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_OVERLAP);
  g_clear_error (&error);

  /* … while its own case may hold another slot of Joe's. */
  second = hold (f, f->case_a, "Joe", AT (13, 0), AT (15, 0), NOW + MINUTES (30), &error);
  g_assert_no_error (error);
  holds = redial_store_list_holds (f->store, AT (0, 0), AT (24, 0), NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (holds->len, ==, 2);
  g_clear_pointer (&holds, g_ptr_array_unref);

  /* Once it has lapsed it is not listed and blocks nothing. */
  holds = redial_store_list_holds (f->store, AT (0, 0), AT (24, 0), NOW + MINUTES (30), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (holds->len, ==, 0);
  {
    g_autoptr(RedialAppointment) later = redial_appointment_new (f->case_b, "Joe", NULL, AT (10, 0), AT (12, 0));

    g_assert_true (redial_store_add_appointment (f->store, later, NOW + MINUTES (31), &error));
    g_assert_no_error (error);
  }

  /* Released holds block nothing either. */
  g_assert_true (redial_store_release_holds (f->store, f->case_a, &error));
  g_assert_no_error (error);
  holds = redial_store_list_case_holds (f->store, f->case_a, NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (holds->len, ==, 0);
  own = book (f, f->case_b, "Joe", AT (13, 0), AT (15, 0), &error);
  g_assert_no_error (error);
}

static void
test_take_hold (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialHold) first = hold (f, f->case_a, "Joe", AT (9, 0), AT (11, 0), NOW + MINUTES (30), &error);
  g_autoptr(RedialHold) second = hold (f, f->case_a, "Ann", AT (13, 0), AT (15, 0), NOW + MINUTES (30), &error);
  g_autoptr(RedialAppointment) taken = redial_appointment_new (f->case_a, "ignored", "drain cleaning", 1, 2);
  g_autoptr(RedialAppointment) late = redial_appointment_new (f->case_a, "ignored", NULL, 1, 2);
  g_autoptr(GPtrArray) holds = NULL;
  g_autoptr(GPtrArray) booked = NULL;

  g_assert_no_error (error);
  redial_appointment_set_address (taken, "12 Elm St");

  /* Taking the second books Ann's slot and releases both. */
  g_assert_true (redial_store_take_hold (f->store, redial_hold_get_id (second), taken, NOW + MINUTES (10), &error));
  g_assert_no_error (error);
  g_assert_cmpint (redial_appointment_get_id (taken), >, 0);
  g_assert_cmpstr (redial_appointment_get_resource (taken), ==, "Ann");
  g_assert_cmpint (redial_appointment_get_start (taken), ==, AT (13, 0));
  g_assert_cmpint (redial_appointment_get_end (taken), ==, AT (15, 0));
  holds = redial_store_list_case_holds (f->store, f->case_a, NOW, &error);
  g_assert_cmpuint (holds->len, ==, 0);
  booked = redial_store_list_case_appointments (f->store, f->case_a, &error);
  g_assert_cmpuint (booked->len, ==, 1);
  g_assert_cmpstr (redial_appointment_get_address (g_ptr_array_index (booked, 0)), ==, "12 Elm St");

  /* The first was released with it: it cannot be taken now. */
  g_assert_false (redial_store_take_hold (f->store, redial_hold_get_id (first), late, NOW + MINUTES (11), &error));
  g_assert_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_EXPIRED);
  g_assert_cmpint (redial_appointment_get_id (late), ==, 0);
}

static void
test_take_expired_hold (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialHold) held = hold (f, f->case_a, "Joe", AT (9, 0), AT (11, 0), NOW + MINUTES (30), &error);
  g_autoptr(RedialAppointment) taken = redial_appointment_new (f->case_a, "Joe", NULL, 1, 2);
  g_autoptr(RedialAppointment) meanwhile = NULL;
  g_autoptr(GPtrArray) booked = NULL;

  g_assert_no_error (error);

  /* The hold lapsed at 7:30; at 7:31 the caller's "1" comes too late. */
  g_assert_false (redial_store_take_hold (f->store, redial_hold_get_id (held), taken, NOW + MINUTES (31), &error));
  g_assert_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_EXPIRED);
  g_clear_error (&error);

  /* Someone else booked the time after it lapsed: taking it now, even
   * with a fresh hold id of the case, cannot double-book. */
  meanwhile = redial_appointment_new (f->case_b, "Joe", NULL, AT (9, 0), AT (10, 0));
  g_assert_true (redial_store_add_appointment (f->store, meanwhile, NOW + MINUTES (31), &error));
  g_assert_no_error (error);
  booked = redial_store_list_appointments (f->store, AT (0, 0), AT (24, 0), "Joe", &error);
  g_assert_cmpuint (booked->len, ==, 1);
  g_assert_cmpint (redial_appointment_get_case_id (g_ptr_array_index (booked, 0)), ==, f->case_b);
}

int
main (int   argc,
      char *argv[])
{
  static const struct {
    const char *path;
    void      (*func) (Fixture *, gconstpointer);
  } tests[] = {
    { "appointments/added-and-read-back", test_added_and_read_back },
    { "appointments/overlap-refused", test_overlap_refused },
    { "appointments/move-and-resize-bump-sequence", test_move_and_resize },
    { "appointments/cancel-frees-the-time", test_cancel_frees_time },
    { "appointments/listed-by-range-and-resource", test_list_range },
    { "appointments/caldav-state-kept", test_caldav_state },
    { "appointments/published-sequence-kept", test_published_sequence },
    { "holds/block-other-cases-until-they-lapse", test_hold_blocks_others },
    { "holds/taken-into-a-booking-once", test_take_hold },
    { "holds/lapsed-cannot-be-taken", test_take_expired_hold },
  };
  const StoreFactory *factories[] = {
    store_factory (),
  };

  g_test_init (&argc, &argv, NULL);
  /* The overlap sentences name times on the desk's clock. */
  g_setenv ("TZ", "UTC", TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (factories); i++)
    for (guint j = 0; j < G_N_ELEMENTS (tests); j++)
      {
        g_autofree char *path = g_strdup_printf ("/store/%s/%s", factories[i]->name, tests[j].path);

        g_test_add (path, Fixture, factories[i], fixture_setup, tests[j].func, fixture_teardown);
      }

  return g_test_run ();
}
