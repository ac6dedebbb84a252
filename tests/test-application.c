/* test-application.c: the application under a real X server: closing, quitting, and settings it cannot use. */
#include "config.h"

#include <glib/gstdio.h>

#include "redial-application.h"
#include "redial-service-lock.h"
#include "redial-ui-test-util.h"
#include "redial-test-util.h"

#define SECONDS(n) ((gint64) (n) * G_USEC_PER_SEC)

typedef struct
{
  char              *dir;
  char              *conf;
  char              *store;
  RedialApplication *app;
  void             (*body) (gpointer f);
  gboolean           started;
  gboolean           done;
} Fixture;

typedef gboolean (*Condition) (Fixture *f);

/* Runs the main loop until @condition holds, failing after a deadline. */
static void
wait_for (Fixture   *f,
          Condition  condition)
{
  gint64 deadline = g_get_monotonic_time () + SECONDS (20);

  while (!condition (f))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static GtkWindow *
main_window (Fixture *f)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (f->app)); l != NULL; l = l->next)
    if (!ADW_IS_MESSAGE_DIALOG (l->data))
      return l->data;
  return NULL;
}

static AdwMessageDialog *
find_dialog (void)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
dialog_shown (Fixture *f)
{
  return find_dialog () != NULL;
}

static gboolean
dialog_gone (Fixture *f)
{
  return find_dialog () == NULL;
}

static gboolean
window_shown (Fixture *f)
{
  return main_window (f) != NULL && gtk_widget_get_mapped (GTK_WIDGET (main_window (f)));
}

static gboolean
window_hidden (Fixture *f)
{
  return main_window (f) != NULL && !gtk_widget_get_visible (GTK_WIDGET (main_window (f)));
}

static void
click (GtkWidget  *root,
       const char *label)
{
  GtkWidget *button = redial_test_find_button (root, label);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
write_settings (Fixture    *f,
                const char *extra)
{
  g_autofree char *text = g_strdup_printf ("[business]\nname = Acme Plumbing\n%s[store]\npath = %s\n",
                                           extra, f->store);

  g_assert_true (g_file_set_contents (f->conf, text, -1, NULL));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  f->dir = redial_test_make_dir ();
  f->conf = g_build_filename (f->dir, "redial.conf", NULL);
  f->store = g_build_filename (f->dir, "redial.db", NULL);
  write_settings (f, "");
  g_settings_reset (settings, "background-explained");
  f->app = redial_application_new ();
  /* Beside whatever Redial this session runs. */
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
  g_free (f->dir);
}

static gboolean
run_body (gpointer data)
{
  Fixture *f = data;

  f->body (f);
  f->done = TRUE;
  return G_SOURCE_REMOVE;
}

static void
on_activate (GApplication *application,
             Fixture      *f)
{
  if (f->body != NULL && !f->started)
    {
      f->started = TRUE;
      g_idle_add (run_body, f);
    }
}

/* Runs the application as `redial --config FILE` (and @extra) and calls
 * @body from its main loop once the window was asked for. */
static int
run (Fixture    *f,
     const char *extra,
     void      (*body) (gpointer f))
{
  const char *argv[] = { "redial", "--config", f->conf, extra, NULL };

  f->body = body;
  g_signal_connect_after (f->app, "activate", G_CALLBACK (on_activate), f);
  return g_application_run (G_APPLICATION (f->app), extra != NULL ? 4 : 3, (char **) argv);
}

static void
close_keeps_running (gpointer data)
{
  Fixture *f = data;
  AdwMessageDialog *dialog;

  wait_for (f, window_shown);
  g_assert_nonnull (redial_application_get_context (f->app));

  /* Ctrl+W's action: the first close says Redial goes on. */
  gtk_widget_activate_action (GTK_WIDGET (main_window (f)), "window.close", NULL);
  wait_for (f, dialog_shown);
  dialog = find_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Redial Keeps Running");
  click (GTK_WIDGET (dialog), "_Got It");
  wait_for (f, window_hidden);
  g_assert_nonnull (redial_application_get_context (f->app));
  g_assert_true (redial_engine_get_automation (redial_context_get_engine (redial_application_get_context (f->app))));

  /* Launching Redial again brings the window back. */
  g_application_activate (G_APPLICATION (f->app));
  wait_for (f, window_shown);

  /* It is said once: the next close just hides the window. */
  gtk_widget_activate_action (GTK_WIDGET (main_window (f)), "window.close", NULL);
  wait_for (f, window_hidden);
  g_assert_null (find_dialog ());

  g_application_quit (G_APPLICATION (f->app));
}

static void
test_close_keeps_running (Fixture       *f,
                          gconstpointer  data)
{
  g_assert_cmpint (run (f, NULL, close_keeps_running), ==, 0);
  g_assert_true (f->done);
}

static gboolean
service_holds_lock (Fixture *f)
{
  return redial_service_lock_is_held (f->store);
}

static void
quit_asks (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) service = NULL;
  AdwMessageDialog *dialog;

  wait_for (f, window_shown);

  /* Nothing else runs this office: Quit asks, and Cancel keeps it. */
  g_action_group_activate_action (G_ACTION_GROUP (f->app), "quit", NULL);
  wait_for (f, dialog_shown);
  dialog = find_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Stop Texting Back?");
  click (GTK_WIDGET (dialog), "_Cancel");
  wait_for (f, dialog_gone);
  g_assert_true (window_shown (f));

  /* With redial --service running this office, Quit just quits. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  service = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("REDIAL_BINARY"), "--service",
                                         "--config", f->conf, NULL);
  g_assert_no_error (error);
  wait_for (f, service_holds_lock);

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "quit", NULL);
  g_assert_null (find_dialog ());

  g_subprocess_send_signal (service, SIGTERM);
  g_subprocess_wait (service, NULL, NULL);
}

static void
test_quit_asks (Fixture       *f,
                gconstpointer  data)
{
  g_assert_cmpint (run (f, NULL, quit_asks), ==, 0);
  g_assert_true (f->done);
}

static gboolean
is_mapped_status_page (GtkWidget     *widget,
                       gconstpointer  title)
{
  return ADW_IS_STATUS_PAGE (widget) && gtk_widget_get_mapped (widget) &&
         (title == NULL || g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (widget)), title) == 0);
}

/* The queue is shown, empty, beside whatever else the window shows. */
static gboolean
queue_shown (Fixture *f)
{
  return redial_application_get_context (f->app) != NULL && window_shown (f) &&
         redial_test_find_widget (GTK_WIDGET (main_window (f)), is_mapped_status_page, "No Missed Calls") != NULL;
}

static void
settings_error_page (gpointer data)
{
  Fixture *f = data;
  AdwStatusPage *page;
  const char *description;

  wait_for (f, window_shown);
  g_assert_null (redial_application_get_context (f->app));
  page = ADW_STATUS_PAGE (redial_test_find_widget (GTK_WIDGET (main_window (f)), is_mapped_status_page, NULL));
  g_assert_nonnull (page);
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "Settings Cannot Be Used");
  description = adw_status_page_get_description (page);
  g_assert_nonnull (strstr (description, "redial.conf"));
  g_assert_nonnull (strstr (description, "[business] region"));
  g_assert_nonnull (strstr (description, "two-letter country code"));
  g_assert_nonnull (redial_test_find_button (GTK_WIDGET (page), "_Open Settings File"));

  /* Fixed by hand, the settings are read again. */
  write_settings (f, "region = GB\n");
  click (GTK_WIDGET (page), "_Try Again");
  wait_for (f, queue_shown);

  g_application_quit (G_APPLICATION (f->app));
}

static void
test_settings_error_page (Fixture       *f,
                          gconstpointer  data)
{
  write_settings (f, "region = Narnia\n");
  g_assert_cmpint (run (f, NULL, settings_error_page), ==, 0);
  g_assert_true (f->done);
}

/* --service, even with a display, keeps refusing such settings with a
 * message and a failing status. */
static void
test_service_refuses_settings (Fixture       *f,
                               gconstpointer  data)
{
  write_settings (f, "region = Narnia\n");
  g_assert_cmpint (run (f, "--service", NULL), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/application/close-keeps-running", Fixture, NULL, fixture_setup, test_close_keeps_running,
              fixture_teardown);
  g_test_add ("/ui/application/quit-asks", Fixture, NULL, fixture_setup, test_quit_asks, fixture_teardown);
  g_test_add ("/ui/application/settings-error-page", Fixture, NULL, fixture_setup, test_settings_error_page,
              fixture_teardown);
  g_test_add ("/ui/application/service-refuses-settings", Fixture, NULL, fixture_setup,
              test_service_refuses_settings, fixture_teardown);

  return g_test_run ();
}
