/* test-export-calendar.c: app.export-calendar under a real X server: the file chooser answered with a key, the .ics it writes. */
#include "config.h"

#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <libical/ical.h>

#include "redial-application.h"
#include "redial-store.h"
#include "redial-test-util.h"
#include "redial-ui-test-util.h"

#define SECONDS(n) ((gint64) (n) * G_USEC_PER_SEC)

typedef struct
{
  char              *dir;
  char              *conf;
  char              *store;
  char              *uid;
  char              *expected;     /* the file the export should write */
  RedialApplication *app;
  gboolean           started;
} Fixture;

typedef gboolean (*Condition) (Fixture *f);

/* Runs the main loop until @condition holds, failing after a deadline. */
static void
wait_for (Fixture    *f,
          Condition   condition,
          const char *what)
{
  gint64 deadline = g_get_monotonic_time () + SECONDS (20);

  while (!condition (f))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Waited 20 s for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static GtkFileChooser *
find_chooser (void)
{
  return redial_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
}

static gboolean
chooser_shown (Fixture *f)
{
  return find_chooser () != NULL;
}

/* The name field has the keyboard, in the folder the test chose. */
static gboolean
name_focused (Fixture *f)
{
  return redial_test_save_chooser_ready (f->dir);
}

/* The window's toast says where the file went: it is written whole. */
static gboolean
file_written (Fixture *f)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (f->app));

  return window != NULL &&
         redial_test_find_label (GTK_WIDGET (window),
                                 "Appointments saved as “appointments-week-2026-12-02.ics”") != NULL;
}

static gboolean
window_shown (Fixture *f)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (f->app));

  return window != NULL && gtk_widget_get_mapped (GTK_WIDGET (window));
}

static void
xdotool (const char *args)
{
  g_autofree char *command = g_strdup_printf ("xdotool %s", args);
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* Moves the pointer over the middle of @window: with no window manager,
 * the keyboard goes to the window under the pointer. */
static void
point_at (GtkWindow *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  Display *display = gdk_x11_display_get_xdisplay (gdk_surface_get_display (surface));
  g_autofree char *args = NULL;
  Window child;
  int x, y;

  XTranslateCoordinates (display, gdk_x11_surface_get_xid (surface), DefaultRootWindow (display),
                         gdk_surface_get_width (surface) / 2, gdk_surface_get_height (surface) / 2,
                         &x, &y, &child);
  args = g_strdup_printf ("mousemove %d %d", x, y);
  xdotool (args);
}

/* A booking on Tuesday 1 December 2026, 9:00 in Chicago. */
static void
book (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialStore) store = redial_store_open (f->store, &error);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("America/Chicago");
  g_autoptr(GDateTime) start = g_date_time_new (tz, 2026, 12, 1, 9, 0, 0);
  g_autoptr(RedialCase) kase = NULL;
  g_autoptr(RedialAppointment) appointment = NULL;
  gint64 at = g_date_time_to_unix (start) * G_USEC_PER_SEC;

  g_assert_no_error (error);
  kase = redial_store_open_case (store, "+13125550142", at - SECONDS (86400), &error);
  g_assert_no_error (error);
  appointment = redial_appointment_new (redial_case_get_id (kase), "Joe", "Drain cleaning", at, at + SECONDS (7200));
  redial_appointment_set_caller_name (appointment, "Pat O'Brien");
  g_assert_true (redial_store_add_appointment (store, appointment, at - SECONDS (86400), &error));
  g_assert_no_error (error);
  f->uid = g_strdup (redial_appointment_get_uid (appointment));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *text = NULL;

  f->dir = redial_test_make_dir ();
  f->conf = g_build_filename (f->dir, "redial.conf", NULL);
  f->store = g_build_filename (f->dir, "redial.db", NULL);
  f->expected = g_build_filename (f->dir, "appointments-week-2026-12-02.ics", NULL);
  text = g_strdup_printf ("[business]\nname = Acme Plumbing\ntime-zone = America/Chicago\n"
                          "[store]\npath = %s\n", f->store);
  g_assert_true (g_file_set_contents (f->conf, text, -1, NULL));
  book (f);
  f->app = redial_application_new ();
  g_application_set_flags (G_APPLICATION (f->app), G_APPLICATION_NON_UNIQUE);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->app);
  redial_test_remove_tree (f->dir);
  g_free (f->conf);
  g_free (f->store);
  g_free (f->uid);
  g_free (f->expected);
  g_free (f->dir);
}

static gboolean
export_week (gpointer data)
{
  Fixture *f = data;
  g_autofree char *text = NULL;
  g_autofree char *cwd = g_get_current_dir ();
  icalcomponent *calendar, *event;

  wait_for (f, window_shown, "the window");
  /* A save dialog opens in the current folder. */
  g_assert_cmpint (g_chdir (f->dir), ==, 0);
  g_action_group_activate_action (G_ACTION_GROUP (f->app), "export-calendar",
                                  g_variant_new ("(sss)", "week", "2026-12-02", ""));
  wait_for (f, chooser_shown, "the file chooser");
  point_at (GTK_WINDOW (find_chooser ()));
  wait_for (f, name_focused, "the file name focused");

  /* The name offered is kept: Enter saves. */
  xdotool ("key Return");
  wait_for (f, file_written, "the file written");

  g_assert_true (g_file_get_contents (f->expected, &text, NULL, NULL));
  calendar = icalparser_parse_string (text);
  g_assert_nonnull (calendar);
  event = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT);
  g_assert_nonnull (event);
  g_assert_cmpstr (icalcomponent_get_uid (event), ==, f->uid);
  g_assert_cmpstr (icalcomponent_get_summary (event), ==, "Drain cleaning – Pat O'Brien");
  g_assert_null (icalcomponent_get_next_component (calendar, ICAL_VEVENT_COMPONENT));
  icalcomponent_free (calendar);
  g_assert_cmpint (g_chdir (cwd), ==, 0);

  g_application_quit (G_APPLICATION (f->app));
  return G_SOURCE_REMOVE;
}

static void
on_activate (GApplication *application,
             Fixture      *f)
{
  if (!f->started)
    {
      f->started = TRUE;
      g_idle_add (export_week, f);
    }
}

static void
test_export_week (Fixture       *f,
                  gconstpointer  data)
{
  const char *argv[] = { "redial", "--config", f->conf, NULL };

  g_signal_connect_after (f->app, "activate", G_CALLBACK (on_activate), f);
  g_assert_cmpint (g_application_run (G_APPLICATION (f->app), 3, (char **) argv), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/export-calendar/week", Fixture, NULL, fixture_setup, test_export_week, fixture_teardown);

  return g_test_run ();
}
