/* office-process.c: one Redial of an office on a shared database, run as its own process on its own session bus. */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>

#include "office-process.h"
#include "redial-test-util.h"

/* Starting a Redial on a busy machine: past this, it is stuck. */
#define START_US (60 * G_USEC_PER_SEC)

struct _OfficeProcess
{
  char            *dir;
  char            *log;
  char            *info;      /* "PID BUS-ADDRESS", written by the session's first command */
  GSubprocess     *session;   /* dbus-run-session, whose child is redial */
  gboolean         exited;
  GPid             pid;       /* redial's own */
  char            *address;
  GDBusConnection *bus;
};

static void
on_session_exited (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  gboolean *exited = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *exited = TRUE;
}

/* The desk's own GSettings, as the keyfile backend reads them. */
static void
write_settings (const char *dir,
                const char *desk_user)
{
  g_autofree char *folder = g_build_filename (dir, "glib-2.0", "settings", NULL);
  g_autofree char *path = g_build_filename (folder, "keyfile", NULL);
  g_autofree char *text = NULL;
  g_autofree char *quoted = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  quoted = g_variant_print (g_variant_new_string (desk_user != NULL ? desk_user : ""), FALSE);
  text = g_strdup_printf ("[io/redial/Redial]\ndesk-user=%s\n", quoted);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

OfficeProcess *
office_process_start (OfficeProcessKind  kind,
                      const char        *dir,
                      const char        *conf,
                      const char        *desk_user)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GError) error = NULL;
  OfficeProcess *self = g_new0 (OfficeProcess, 1);
  gint64 deadline = g_get_monotonic_time () + START_US;
  g_autofree char *text = NULL;
  g_auto(GStrv) words = NULL;

  self->dir = g_strdup (dir);
  self->log = g_build_filename (dir, "redial.log", NULL);
  self->info = g_build_filename (dir, "session", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  write_settings (dir, desk_user);

  g_subprocess_launcher_set_stderr_file_path (launcher, self->log);
  redial_test_end_with_test (launcher, SIGKILL);
  if (kind == OFFICE_PROCESS_SERVICE)
    {
      g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
      g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
    }
  g_subprocess_launcher_setenv (launcher, "G_DEBUG", "", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "", TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", dir, TRUE);
  /* The session's first command tells where its bus is and which process
   * is redial, then becomes redial. */
  self->session = g_subprocess_launcher_spawn (launcher, &error,
                                               "dbus-run-session", "--", "setpriv", "--pdeathsig", "KILL",
                                               "sh", "-c",
                                               "echo \"$$ $DBUS_SESSION_BUS_ADDRESS\" > \"$0.new\" &&"
                                               " mv \"$0.new\" \"$0\" && exec \"$@\"",
                                               self->info, g_getenv ("REDIAL_BINARY"),
                                               "--config", conf,
                                               kind == OFFICE_PROCESS_SERVICE ? "--service" : NULL,
                                               NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (self->session, NULL, on_session_exited, &self->exited);

  /* Written by another process: nothing announces it but the file. */
  while (!g_file_get_contents (self->info, &text, NULL, NULL))
    {
      if (self->exited || g_get_monotonic_time () > deadline)
        {
          g_autofree char *log = office_process_dup_log (self);

          g_error ("redial did not start in %s; its log:\n%s", dir, log);
        }
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
  words = g_strsplit (g_strchomp (text), " ", 2);
  self->pid = (GPid) g_ascii_strtoll (words[0], NULL, 10);
  self->address = g_strdup (words[1]);
  g_assert_cmpint (self->pid, >, 0);
  return self;
}

gboolean
office_process_has_exited (OfficeProcess *self)
{
  return self->exited;
}

void
office_process_signal (OfficeProcess *self,
                       int            signal_number)
{
  if (!self->exited)
    kill (self->pid, signal_number);
  /* The session ends with its command. */
  while (!self->exited)
    g_main_context_iteration (NULL, TRUE);
}

gboolean
office_process_exited_cleanly (OfficeProcess *self)
{
  return self->exited && g_subprocess_get_if_exited (self->session) &&
         g_subprocess_get_exit_status (self->session) == 0;
}

void
office_process_free (OfficeProcess *self)
{
  if (self == NULL)
    return;
  office_process_signal (self, SIGKILL);
  if (self->bus != NULL)
    g_dbus_connection_close_sync (self->bus, NULL, NULL);
  g_clear_object (&self->bus);
  g_clear_object (&self->session);
  g_free (self->address);
  g_free (self->info);
  g_free (self->log);
  g_free (self->dir);
  g_free (self);
}

char *
office_process_dup_log (OfficeProcess *self)
{
  char *text = NULL;

  if (!g_file_get_contents (self->log, &text, NULL, NULL))
    text = g_strdup ("");
  return text;
}

guint
office_process_count_in_log (OfficeProcess *self,
                             const char    *line)
{
  char *log = office_process_dup_log (self);
  guint n = 0;
  const char *at = log;

  while ((at = strstr (at, line)) != NULL)
    {
      n++;
      at++;
    }
  g_free (log);
  return n;
}

static gboolean
has_name_owner (GDBusConnection *bus,
                const char      *name)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner", g_variant_new ("(s)", name),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

GDBusConnection *
office_process_wait_for_bus (OfficeProcess *self)
{
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + START_US;

  if (self->bus == NULL)
    {
      self->bus = g_dbus_connection_new_for_address_sync (self->address,
                                                          G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                          G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                          NULL, NULL, &error);
      g_assert_no_error (error);
    }

  /* Another bus's names: asking again is the only way to know. */
  while (!has_name_owner (self->bus, "io.redial.Redial"))
    {
      if (self->exited || g_get_monotonic_time () > deadline)
        {
          g_autofree char *log = office_process_dup_log (self);

          g_error ("redial in %s never took its name on its bus; its log:\n%s", self->dir, log);
        }
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (10000);
    }
  return self->bus;
}

void
office_process_activate (OfficeProcess *self,
                         const char    *action,
                         GVariant      *parameter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  GVariantBuilder parameters;

  g_variant_builder_init (&parameters, G_VARIANT_TYPE ("av"));
  if (parameter != NULL)
    g_variant_builder_add (&parameters, "v", parameter);
  reply = g_dbus_connection_call_sync (office_process_wait_for_bus (self), "io.redial.Redial", "/io/redial/Redial",
                                       "org.gtk.Actions", "Activate",
                                       g_variant_new ("(sava{sv})", action, &parameters, NULL),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}

GVariant *
office_process_dup_state (OfficeProcess *self,
                          const char    *action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) states = NULL;
  g_autoptr(GVariant) state = NULL;
  gboolean enabled;
  const char *type;

  reply = g_dbus_connection_call_sync (office_process_wait_for_bus (self), "io.redial.Redial", "/io/redial/Redial",
                                       "org.gtk.Actions", "Describe", g_variant_new ("(s)", action),
                                       G_VARIANT_TYPE ("((bgav))"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "((b&g@av))", &enabled, &type, &states);
  if (g_variant_n_children (states) == 0)
    return NULL;
  state = g_variant_get_child_value (states, 0);
  return g_variant_get_variant (state);
}

void
office_process_wait_until (gpointer         fixture,
                           OfficeCondition  done,
                           gpointer         data,
                           const char      *what,
                           OfficeKeepOn     keep_on,
                           OfficeDescribe   describe,
                           gint64           timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;

  while (!done (fixture, data))
    {
      gboolean lost = !keep_on (fixture);

      if (lost || g_get_monotonic_time () > deadline)
        {
          g_autofree char *state = describe (fixture);

          g_error ("%s while waiting until %s: %s", lost ? "gave up" : "stuck", what, state);
        }
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
}

static char *
write_private_file (const char *dir,
                    const char *name,
                    const char *contents)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  return path;
}

/* The settings file of office_process_write_config(), its [store] group
 * @store (the group's keys, "\n"-ended). */
static char *
write_config (const char *dir,
              const char *store,
              guint16     ami_port,
              const char *twilio_url)
{
  g_autofree char *secret_file = NULL;
  g_autofree char *token_file = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  secret_file = write_private_file (dir, "ami-secret", OFFICE_AMI_SECRET "\n");
  token_file = write_private_file (dir, "twilio-token", OFFICE_AUTH_TOKEN "\n");
  text = g_strdup_printf ("[business]\nname = Acme Plumbing\nregion = US\ntime-zone = UTC\n"
                          "[hours]\nmonday = 24h\ntuesday = 24h\nwednesday = 24h\nthursday = 24h\n"
                          "friday = 24h\nsaturday = 24h\nsunday = 24h\n"
                          "[phone-system]\nbackend = ami\n"
                          "[ami]\nhost = 127.0.0.1\nport = %u\nusername = " OFFICE_AMI_USER "\nsecret-file = %s\n"
                          "[sms]\nbackend = twilio\nfrom = +1 312 555 0100\n"
                          "[twilio]\nbase-url = %s\naccount-sid = " OFFICE_ACCOUNT_SID "\nauth-token-file = %s\n"
                          "[lines]\n+1 312 555 0118 = Main\n"
                          "[text-back]\nenabled = true\ndelay = 0\n"
                          "[follow-up]\ncount = 0\n"
                          "[store]\n%s",
                          ami_port, secret_file, twilio_url, token_file, store);
  return write_private_file (dir, "redial.conf", text);
}

char *
office_process_write_config (const char *dir,
                             const char *store_url,
                             guint16     ami_port,
                             const char *twilio_url)
{
  g_autofree char *store_password_file = NULL;
  g_autofree char *store = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  /* The test server trusts every login: any password, from a file rather
   * than the keyring, which the office's session need not run. */
  store_password_file = write_private_file (dir, "store-password", "unused\n");
  store = g_strdup_printf ("url = %s\npassword-file = %s\n", store_url, store_password_file);
  return write_config (dir, store, ami_port, twilio_url);
}

char *
office_process_write_sqlite_config (const char *dir,
                                    const char *db_path,
                                    guint16     ami_port,
                                    const char *twilio_url)
{
  g_autofree char *store = g_strdup_printf ("path = %s\n", db_path);

  return write_config (dir, store, ami_port, twilio_url);
}
