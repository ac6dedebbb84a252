/* test-service.c: redial --service on a machine without a display, run as a user runs it. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>

#include "redial-test-util.h"

static GSubprocess *
spawn_service_in (const char  *conf,
                  const char  *locale,
                  GError     **error)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE);

  /* No display at all: the service must not need one. */
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "G_DEBUG", "", TRUE);
  if (locale != NULL)
    g_subprocess_launcher_setenv (launcher, "LC_ALL", locale, TRUE);
  return g_subprocess_launcher_spawn (launcher, error, g_getenv ("REDIAL_BINARY"),
                                      "--service", "--config", conf, NULL);
}

static GSubprocess *
spawn_service (const char  *conf,
               GError     **error)
{
  return spawn_service_in (conf, NULL, error);
}

static void
test_runs_without_display (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = redial_test_make_dir ();
  g_autofree char *conf = g_build_filename (dir, "redial.conf", NULL);
  g_autofree char *db = g_build_filename (dir, "redial.db", NULL);
  g_autofree char *text = g_strdup_printf ("[business]\nname = Acme Plumbing\n"
                                           "[phone-system]\nbackend = demo\n[sms]\nbackend = demo\n"
                                           "[store]\npath = %s\n", db);
  g_autoptr(GSubprocess) service = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GString) log = g_string_new (NULL);
  gboolean connected = FALSE;

  g_assert_true (g_file_set_contents (conf, text, -1, NULL));
  service = spawn_service (conf, &error);
  g_assert_no_error (error);

  /* The process writes as it goes; reading stops at the line wanted. */
  lines = g_data_input_stream_new (g_subprocess_get_stderr_pipe (service));
  while (!connected)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);  /* the service ended before it connected */
      g_string_append_printf (log, "%s\n", line);
      connected = strstr (line, "Phone system: Demo phone system connected") != NULL;
    }
  g_assert_nonnull (strstr (log->str, "without a display"));
  g_assert_true (g_file_test (db, G_FILE_TEST_EXISTS));

  /* Stopped as a service is stopped. */
  g_subprocess_send_signal (service, SIGTERM);
  g_assert_true (g_subprocess_wait (service, NULL, &error));
  g_assert_true (g_subprocess_get_if_exited (service));
  g_assert_cmpint (g_subprocess_get_exit_status (service), ==, 0);

  redial_test_remove_tree (dir);
}

/* What redial --service writes on stderr for a bad setting, run with
 * LC_ALL=@locale (NULL: the test's own); it must refuse to start. */
static char *
bad_settings_stderr (const char *locale)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = redial_test_make_dir ();
  g_autofree char *conf = g_build_filename (dir, "redial.conf", NULL);
  g_autoptr(GSubprocess) service = NULL;
  char *err = NULL;

  g_assert_true (g_file_set_contents (conf, "[business]\nregion = Narnia\n", -1, NULL));
  service = spawn_service_in (conf, locale, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (service, NULL, NULL, NULL, &err, &error));
  g_assert_cmpint (g_subprocess_get_exit_status (service), ==, 1);

  redial_test_remove_tree (dir);
  return err;
}

static void
test_bad_settings_refused (void)
{
  g_autofree char *err = bad_settings_stderr (NULL);

  g_assert_nonnull (strstr (err, "[business] region"));
}

static void
test_c_locale_punctuation (void)
{
  /* An ASCII terminal: the quotes around "US" fall back to plain ones. */
  g_autofree char *err = bad_settings_stderr ("C");

  g_assert_nonnull (strstr (err, "such as \"US\" or \"GB\""));
  g_assert_null (strchr (err, '?'));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/service/runs-without-display", test_runs_without_display);
  g_test_add_func ("/service/bad-settings-refused", test_bad_settings_refused);
  g_test_add_func ("/service/c-locale-plain-punctuation", test_c_locale_punctuation);

  return g_test_run ();
}
