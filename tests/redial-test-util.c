/* redial-test-util.c: what many tests need: a private folder, a drained main loop, helpers that end with the test. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sys/prctl.h>

#include "redial-test-util.h"

char *
redial_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("redial-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
redial_test_remove_tree (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        redial_test_remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

void
redial_test_drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

gboolean
redial_test_set_flag (gpointer flag)
{
  *(gboolean *) flag = TRUE;
  return G_SOURCE_REMOVE;
}

void
redial_test_wait_for_bus_name (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_assert_no_error (error);
  for (;;)
    {
      g_autoptr(GVariant) reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                                               "org.freedesktop.DBus", "NameHasOwner",
                                                               g_variant_new ("(s)", name),
                                                               G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE,
                                                               -1, NULL, &error);
      gboolean owned = FALSE;

      g_assert_no_error (error);
      g_variant_get (reply, "(b)", &owned);
      if (owned)
        return;
      if (g_get_monotonic_time () > deadline)
        g_error ("Nobody took the bus name %s within 20 s", name);
      g_usleep (G_USEC_PER_SEC / 20);
    }
}

/* Starts a real keyring daemon on this test's session bus, with a private
 * home, and waits (with a deadline) until it serves the secrets API. */
GSubprocess *
redial_test_start_keyring (const char *home)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                               G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  GSubprocess *daemon;

  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  /* --unlock reads the new login keyring's password from stdin. */
  daemon = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon", "--unlock",
                                        "--components=secrets", "--foreground", NULL);
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (g_subprocess_get_stdin_pipe (daemon), "test-password", 13,
                                            NULL, NULL, &error));
  g_assert_true (g_output_stream_close (g_subprocess_get_stdin_pipe (daemon), NULL, &error));

  redial_test_wait_for_bus_name ("org.freedesktop.secrets");
  return daemon;
}

void
redial_test_lock_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  const char *login[] = { "/org/freedesktop/secrets/collection/login", NULL };
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) locked = NULL;

  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                       "org.freedesktop.Secret.Service", "Lock",
                                       g_variant_new ("(^ao)", login), G_VARIANT_TYPE ("(aoo)"),
                                       G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);
  g_assert_no_error (error);
  /* Locked at once, with no prompt ("/"). */
  locked = g_variant_get_child_value (reply, 0);
  g_assert_cmpuint (g_variant_n_children (locked), ==, 1);
}

GTestDBus *
redial_test_private_bus (void)
{
  GTestDBus *bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));

  /* No service folder is added: a name nobody owns fails at once. */
  g_test_dbus_up (bus);
  /* g_test_dbus_up() unsets DISPLAY; a window test needs it back. */
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  return bus;
}

static void
end_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, GPOINTER_TO_INT (user_data));
}

void
redial_test_end_with_test (GSubprocessLauncher *launcher,
                           int                  signum)
{
  g_subprocess_launcher_set_child_setup (launcher, end_with_parent, GINT_TO_POINTER (signum), NULL);
}

int
redial_test_run_command (const char  *dir,
                         const char  *stdout_path,
                         char       **out,
                         char       **err,
                         const char  *command,
                         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  g_ptr_array_add (argv, g_strdup (g_getenv ("REDIAL_BINARY")));
  g_ptr_array_add (argv, g_strdup (command));
  g_ptr_array_add (argv, g_strdup ("--config"));
  g_ptr_array_add (argv, g_build_filename (dir, "redial.conf", NULL));
  va_start (args, command);
  for (const char *arg = va_arg (args, const char *); arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                        (stdout_path == NULL ? G_SUBPROCESS_FLAGS_STDOUT_PIPE : 0));
  if (stdout_path != NULL)
    g_subprocess_launcher_set_stdout_file_path (launcher, stdout_path);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error));
  g_assert_no_error (error);
  /* Not killed by a signal: a crash is no answer. */
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

guint
redial_test_seed (const char *variable)
{
  const char *text = g_getenv (variable);

  if (text != NULL && *text != '\0')
    return (guint) g_ascii_strtoull (text, NULL, 10);
  return g_test_rand_int ();
}

gint64
redial_test_time_in (const char *zone,
                     int         year,
                     int         month,
                     int         day,
                     int         hour,
                     int         minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);
  g_autoptr(GDateTime) at = NULL;

  g_assert_nonnull (tz);
  at = g_date_time_new (tz, year, month, day, hour, minute, 0);
  return g_date_time_to_unix (at) * G_USEC_PER_SEC;
}
