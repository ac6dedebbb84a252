/* test-calendar-conflict.c: an appointment changed in the office calendar and in Redial, shown and settled in the window, against a real radicale. */
#include "config.h"

#include <gdk/x11/gdkx.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <libsoup/soup.h>

#include "calendar/redial-calendar-grid.h"
#include "calendar/redial-calendar-view.h"
#include "redial-application.h"
#include "redial-queue-fixture.h"
#include "redial-test-radicale.h"
#include "redial-test-util.h"
#include "redial-ui-test-util.h"

#define USER     "office"
#define PASSWORD "front desk"

static RedialTestRadicale *radicale;

typedef struct
{
  Fixture            base;      /* only its window: the application's */
  char              *conf;
  RedialApplication *app;
  gint64             case_id;
  gint64             appointment_id;
  GDateTime         *day;       /* a weekday two days ahead or more, at midnight (UTC) */
  gboolean           started;
  gboolean           passed;
} ConflictFixture;

/* What a translated sentence starts with, before its first blank. */
static char *
prefix_of (const char *format)
{
  const char *percent = strchr (format, '%');

  return percent != NULL ? g_strndup (format, percent - format) : g_strdup (format);
}

static RedialStore *
store_of (ConflictFixture *f)
{
  return redial_context_get_store (redial_application_get_context (f->app));
}

static RedialCaldavPublisher *
publisher_of (ConflictFixture *f)
{
  return redial_context_get_calendar_publisher (redial_application_get_context (f->app));
}

static RedialAppointment *
appointment (ConflictFixture *f)
{
  g_autoptr(GError) error = NULL;
  RedialAppointment *stored = redial_store_get_appointment (store_of (f), f->appointment_id, &error);

  g_assert_no_error (error);
  return stored;
}

/* "2026-12-03T13:00:00Z": @hour on the test's day. */
static char *
iso_at (ConflictFixture *f,
        int              hour)
{
  g_autoptr(GDateTime) at = g_date_time_add_hours (f->day, hour);

  return g_date_time_format_iso8601 (at);
}

static gint64
us_at (ConflictFixture *f,
       int              hour)
{
  return (g_date_time_to_unix (f->day) + hour * 3600) * G_USEC_PER_SEC;
}

static gboolean
is_published (Fixture       *base,
              gconstpointer  data)
{
  g_autoptr(RedialAppointment) now = appointment ((ConflictFixture *) base);

  return redial_appointment_get_etag (now) != NULL && !redial_appointment_get_conflict (now) &&
         redial_appointment_get_sequence (now) == redial_appointment_get_published_sequence (now);
}

static gboolean
in_conflict (Fixture       *base,
             gconstpointer  data)
{
  g_autoptr(RedialAppointment) now = appointment ((ConflictFixture *) base);

  return redial_appointment_get_conflict (now);
}

static gboolean
window_shown (Fixture       *base,
              gconstpointer  data)
{
  ConflictFixture *f = (ConflictFixture *) base;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (f->app));

  return window != NULL && gtk_widget_get_mapped (GTK_WIDGET (window));
}

static gboolean
is_mapped_button (GtkWidget     *widget,
                  gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
button_shown (Fixture       *base,
              gconstpointer  label)
{
  return redial_test_find_widget (GTK_WIDGET (base->window), is_mapped_button, label) != NULL;
}

static gboolean
button_gone (Fixture       *base,
             gconstpointer  label)
{
  return !button_shown (base, label);
}

static gboolean
is_mapped_label_with (GtkWidget     *widget,
                      gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

static gboolean
label_shown (Fixture       *base,
             gconstpointer  text)
{
  return redial_test_find_widget (GTK_WIDGET (base->window), is_mapped_label_with, text) != NULL;
}

static gboolean
grid_says (Fixture       *base,
           gconstpointer  description)
{
  GtkWidget *grid = redial_test_find_type (GTK_WIDGET (base->window), REDIAL_TYPE_CALENDAR_GRID);
  g_autofree char *error = NULL;

  if (grid == NULL || !gtk_widget_get_mapped (grid))
    return FALSE;
  error = gtk_test_accessible_check_property (GTK_ACCESSIBLE (grid), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                              description);
  return error == NULL;
}

static gboolean
banner_shown (Fixture       *base,
              gconstpointer  shown)
{
  GtkWidget *view = redial_test_find_type (GTK_WIDGET (base->window), REDIAL_TYPE_CALENDAR_VIEW);
  GtkWidget *banner = view != NULL ? redial_test_find_type (view, GTK_TYPE_REVEALER) : NULL;

  return banner != NULL && gtk_revealer_get_child_revealed (GTK_REVEALER (banner)) == GPOINTER_TO_INT (shown);
}

/* Someone moves the job to 10:00–12:00 in their calendar program (with
 * SEQUENCE @sequence); then the desk moves it to @hour in Redial. */
static void
change_on_both_sides (ConflictFixture *f,
                      int              sequence,
                      int              hour)
{
  g_autoptr(RedialAppointment) now = appointment (f);
  g_autofree char *theirs = redial_test_radicale_get (radicale, redial_appointment_get_href (now), NULL);
  g_autofree char *from = iso_at (f, hour);
  g_autofree char *to = iso_at (f, hour + 2);
  g_autofree char *dtstart = NULL;
  g_autofree char *dtend = NULL;
  g_autoptr(GRegex) start = g_regex_new ("DTSTART[^\r\n]*", 0, 0, NULL);
  g_autoptr(GRegex) end = g_regex_new ("DTEND[^\r\n]*", 0, 0, NULL);
  g_autoptr(GRegex) seq = g_regex_new ("SEQUENCE:[0-9]+", 0, 0, NULL);
  g_autofree char *day = g_date_time_format (f->day, "%Y%m%d");
  g_autofree char *edited1 = NULL, *edited2 = NULL, *edited3 = NULL;
  g_autofree char *sequence_line = g_strdup_printf ("SEQUENCE:%d", sequence);

  g_assert_nonnull (theirs);
  dtstart = g_strdup_printf ("DTSTART:%sT100000Z", day);
  dtend = g_strdup_printf ("DTEND:%sT120000Z", day);
  edited1 = g_regex_replace_literal (start, theirs, -1, 0, dtstart, 0, NULL);
  edited2 = g_regex_replace_literal (end, edited1, -1, 0, dtend, 0, NULL);
  edited3 = g_regex_replace_literal (seq, edited2, -1, 0, sequence_line, 0, NULL);
  g_assert_cmpuint (redial_test_radicale_put (radicale, redial_appointment_get_href (now), edited3, NULL),
                    ==, SOUP_STATUS_CREATED);

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "move-appointment",
                                  g_variant_new ("(xsss)", f->appointment_id, "", from, to));
  queue_wait_until (&f->base, in_conflict, NULL, "the conflict found");
}

static void
click (ConflictFixture *f,
       const char      *label)
{
  GtkWidget *button = NULL;

  queue_wait_until (&f->base, button_shown, label, label);
  queue_settle (&f->base);
  button = redial_test_find_widget (GTK_WIDGET (f->base.window), is_mapped_button, label);
  queue_pointer_to (&f->base, button);
  queue_click ();
}

static gboolean
noted (ConflictFixture *f,
       const char      *format)
{
  g_autoptr(GPtrArray) timeline = redial_store_list_timeline (store_of (f), f->case_id, NULL);
  g_autofree char *prefix = prefix_of (format);

  for (guint i = 0; timeline != NULL && i < timeline->len; i++)
    {
      RedialTimelineItem *item = g_ptr_array_index (timeline, i);

      if (redial_timeline_item_get_kind (item) == REDIAL_TIMELINE_KIND_NOTE &&
          g_str_has_prefix (redial_timeline_item_get_text (item), prefix) &&
          redial_timeline_item_get_actor (item) != NULL)
        return TRUE;
    }
  return FALSE;
}

static gboolean
run_steps (gpointer data)
{
  ConflictFixture *f = data;
  g_autoptr(RedialAppointment) kept = NULL;
  g_autoptr(RedialAppointment) taken = NULL;
  g_autofree char *body = NULL;
  g_autofree char *from = iso_at (f, 14);
  g_autofree char *to = iso_at (f, 16);
  /* Looked for in the desk's language. */
  g_autofree char *conflicts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u appointment is in conflict with the office calendar",
                                                             "%u appointments are in conflict with the office calendar",
                                                             1), 1);
  g_autofree char *changed = prefix_of (_("The office calendar has a different version of this appointment "
                                          "(changed there on %s)."));
  g_autofree char *there = prefix_of (_("There: %s–%s"));
  g_autofree char *refused = prefix_of (_("The calendar server refused the user name or password (HTTP %u): "
                                          "check them in the settings."));
  GtkWidget *view;

  queue_wait_until (&f->base, window_shown, NULL, "the window");
  f->base.window = REDIAL_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (f->app)));
  /* Started, Redial publishes what it had booked. */
  queue_wait_until (&f->base, is_published, NULL, "the appointment published");

  /* Shown: marked on the calendar, and on its case page. */
  change_on_both_sides (f, 5, 13);
  gtk_widget_activate_action (GTK_WIDGET (f->base.window), "shell.view", "s", "calendar");
  view = redial_test_find_type (GTK_WIDGET (f->base.window), REDIAL_TYPE_CALENDAR_VIEW);
  redial_calendar_view_show_date (REDIAL_CALENDAR_VIEW (view), REDIAL_CALENDAR_WEEK, f->day);
  queue_wait_until (&f->base, grid_says, conflicts, "the conflict marked on the calendar");
  queue_settle (&f->base);
  redial_test_screenshot ("calendar-conflict-week");

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "open-case", g_variant_new_int64 (f->case_id));
  queue_wait_until (&f->base, label_shown, changed, "the time of their change");
  queue_wait_until (&f->base, label_shown, there, "the calendar's time");
  queue_settle (&f->base);
  redial_test_screenshot ("calendar-conflict-case");
  if (g_getenv ("REDIAL_TEST_SCREENSHOT") != NULL)
    {
      GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (f->base.window));
      g_autofree char *narrow = g_strdup_printf ("xdotool windowsize %lu 360 700",
                                                 (gulong) gdk_x11_surface_get_xid (surface));
      g_autofree char *wide = g_strdup_printf ("xdotool windowsize %lu %d %d",
                                               (gulong) gdk_x11_surface_get_xid (surface),
                                               gdk_surface_get_width (surface), gdk_surface_get_height (surface));

      /* The same page on a phone's width. */
      g_spawn_command_line_sync (narrow, NULL, NULL, NULL, NULL);
      queue_settle (&f->base);
      queue_settle (&f->base);
      redial_test_screenshot ("calendar-conflict-case-360");
      g_spawn_command_line_sync (wide, NULL, NULL, NULL, NULL);
      queue_settle (&f->base);
    }

  /* Keep Redial's version: the server has ours, above their SEQUENCE. */
  click (f, _("_Keep Redial’s Version"));
  queue_wait_until (&f->base, is_published, NULL, "Redial's version published");
  queue_wait_until (&f->base, button_gone, _("_Keep Redial’s Version"), "the conflict settled on the page");
  kept = appointment (f);
  body = redial_test_radicale_get (radicale, redial_appointment_get_href (kept), NULL);
  g_assert_nonnull (strstr (body, "SEQUENCE:6"));
  g_assert_cmpint (redial_appointment_get_start (kept), ==, us_at (f, 13));
  g_assert_true (noted (f, _("Kept Redial’s version of the appointment over the office calendar’s: %s")));

  /* The password refused: the calendar says so, and what to do. */
  gtk_widget_activate_action (GTK_WIDGET (f->base.window), "shell.view", "s", "calendar");
  redial_caldav_publisher_set_password (publisher_of (f), "not it");
  g_action_group_activate_action (G_ACTION_GROUP (f->app), "move-appointment",
                                  g_variant_new ("(xsss)", f->appointment_id, "", from, to));
  queue_wait_until (&f->base, banner_shown, GINT_TO_POINTER (TRUE), "the banner");
  queue_wait_until (&f->base, label_shown, refused, "what went wrong");
  queue_settle (&f->base);
  redial_test_screenshot ("calendar-conflict-banner");
  redial_caldav_publisher_set_password (publisher_of (f), PASSWORD);
  queue_wait_until (&f->base, is_published, NULL, "the move published");
  queue_wait_until (&f->base, banner_shown, GINT_TO_POINTER (FALSE), "the banner gone");

  /* Another: take the calendar's version. */
  change_on_both_sides (f, 20, 15);
  g_action_group_activate_action (G_ACTION_GROUP (f->app), "open-case", g_variant_new_int64 (f->case_id));
  click (f, _("_Take the Calendar’s Version"));
  queue_wait_until (&f->base, button_gone, _("_Take the Calendar’s Version"), "the conflict settled on the page");
  queue_wait_until (&f->base, is_published, NULL, "the calendar's version taken");
  taken = appointment (f);
  g_assert_cmpint (redial_appointment_get_start (taken), ==, us_at (f, 10));
  g_assert_cmpint (redial_appointment_get_end (taken), ==, us_at (f, 12));
  g_assert_true (noted (f, _("Took the office calendar’s version of the appointment: %s")));

  f->passed = TRUE;
  g_application_quit (G_APPLICATION (f->app));
  return G_SOURCE_REMOVE;
}

static void
on_activate (GApplication    *application,
             ConflictFixture *f)
{
  if (!f->started)
    {
      f->started = TRUE;
      g_idle_add (run_steps, f);
    }
}

/* The weekday at least two days after today, at midnight UTC. */
static GDateTime *
next_weekday (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) today = g_date_time_new_utc (g_date_time_get_year (now), g_date_time_get_month (now),
                                                    g_date_time_get_day_of_month (now), 0, 0, 0);
  GDateTime *day = g_date_time_add_days (today, 2);

  while (g_date_time_get_day_of_week (day) > 5)
    {
      GDateTime *next = g_date_time_add_days (day, 1);

      g_date_time_unref (day);
      day = next;
    }
  return day;
}

static void
fixture_setup (ConflictFixture *f,
               gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialStore) store = NULL;
  g_autoptr(RedialCase) kase = NULL;
  g_autoptr(RedialAppointment) booked = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *text = NULL;

  f->base.dir = redial_test_make_dir ();
  f->base.path = g_build_filename (f->base.dir, "redial.db", NULL);
  f->conf = g_build_filename (f->base.dir, "redial.conf", NULL);
  secret = g_build_filename (f->base.dir, "caldav-password", NULL);
  g_assert_true (g_file_set_contents_full (secret, PASSWORD "\n", -1, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
  text = g_strdup_printf ("[business]\nname = Acme Plumbing\n[store]\npath = %s\n"
                          "[resource Joe]\nhours = mon-fri 08:00-18:00\n"
                          "[caldav]\nurl = %s\nusername = " USER "\nsecret-file = %s\n",
                          f->base.path, redial_test_radicale_collection (radicale), secret);
  g_assert_true (g_file_set_contents (f->conf, text, -1, NULL));

  f->day = next_weekday ();
  store = redial_store_open (f->base.path, &error);
  g_assert_no_error (error);
  kase = redial_store_open_case (store, "+13125550142", g_get_real_time (), &error);
  g_assert_no_error (error);
  f->case_id = redial_case_get_id (kase);
  booked = redial_appointment_new (f->case_id, "Joe", "Drain cleaning", us_at (f, 9), us_at (f, 11));
  redial_appointment_set_caller_name (booked, "Pat O'Brien");
  g_assert_true (redial_store_add_appointment (store, booked, g_get_real_time (), &error));
  g_assert_no_error (error);
  f->appointment_id = redial_appointment_get_id (booked);

  f->app = redial_application_new ();
  g_application_set_flags (G_APPLICATION (f->app), G_APPLICATION_NON_UNIQUE);
}

static void
fixture_teardown (ConflictFixture *f,
                  gconstpointer    data)
{
  g_clear_object (&f->app);
  g_date_time_unref (f->day);
  redial_test_remove_tree (f->base.dir);
  g_free (f->base.dir);
  g_free (f->base.path);
  g_free (f->conf);
}

static void
test_shown_and_settled (ConflictFixture *f,
                        gconstpointer    data)
{
  const char *argv[] = { "redial", "--config", f->conf, NULL };

  g_signal_connect_after (f->app, "activate", G_CALLBACK (on_activate), f);
  g_assert_cmpint (g_application_run (G_APPLICATION (f->app), 3, (char **) argv), ==, 0);
  g_assert_true (f->passed);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* The calendar's description is read as a screen reader reads it. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  /* The translations as built, for a look in another language
   * (gtk_test_init() leaves the C locale). */
  setlocale (LC_ALL, "");
  {
    g_autofree char *po = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);

    bindtextdomain (GETTEXT_PACKAGE, po);
  }
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  adw_init ();

  g_test_add ("/ui/calendar-conflict/shown-kept-and-taken", ConflictFixture, NULL, fixture_setup,
              test_shown_and_settled, fixture_teardown);

  radicale = redial_test_radicale_start (USER, PASSWORD);
  status = g_test_run ();
  redial_test_radicale_stop (radicale);
  return status;
}
