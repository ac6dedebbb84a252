/* test-notifier.c: alerts become desktop notifications, shown by a real notification daemon. */
#include "config.h"

#include <gtk/gtk.h>

#include "redial-context.h"
#include "redial-demo-sms.h"
#include "redial-fake-clock.h"
#include "redial-notifier.h"
#include "redial-test-util.h"

#define DAEMON "/usr/lib/notification-daemon/notification-daemon"
#define SECONDS(n) ((gint64) (n) * G_USEC_PER_SEC)

/* Starts the notification daemon on this test's session bus and waits,
 * with a deadline, until it owns its name. */
static GSubprocess *
start_daemon (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  GSubprocess *daemon;
  gint64 deadline = g_get_monotonic_time () + SECONDS (20);

  g_assert_no_error (error);
  daemon = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, DAEMON, NULL);
  g_assert_no_error (error);

  for (;;)
    {
      g_autoptr(GVariant) reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                                               "org.freedesktop.DBus", "NameHasOwner",
                                                               g_variant_new ("(s)", "org.freedesktop.Notifications"),
                                                               G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE,
                                                               -1, NULL, &error);
      gboolean owned = FALSE;

      g_assert_no_error (error);
      g_variant_get (reply, "(b)", &owned);
      if (owned)
        return daemon;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (G_USEC_PER_SEC / 20);
    }
}

static void
test_alerts_notified (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) daemon = start_daemon ();
  g_autofree char *dir = redial_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "redial.db", NULL);
  g_autofree char *text = g_strdup_printf ("[business]\nname = Acme Plumbing\n[store]\npath = %s\n", path);
  g_autoptr(RedialConfig) config = redial_config_load_from_data (text, "test.conf", &error);
  /* Wednesday 14:00 UTC: open. */
  g_autoptr(RedialClock) clock = redial_fake_clock_new (G_GINT64_CONSTANT (1795615200000000));
  g_autoptr(RedialContext) context = redial_context_new (config, clock);
  g_autoptr(RedialEngine) engine = NULL;
  g_autoptr(RedialNotifier) notifier = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(RedialCallEvent) event = redial_call_event_new ();

  g_assert_true (redial_context_open (context, &error));
  g_assert_no_error (error);
  engine = g_object_ref (redial_context_get_engine (context));
  notifier = redial_notifier_new (context, NULL);
  g_assert_true (redial_context_start (context, &error));
  event->provider = g_strdup ("test");
  event->provider_call_id = g_strdup ("notify-1");
  event->caller = g_strdup ("(312) 555-0142");
  event->caller_name = g_strdup ("<b>Maria</b> & Co");
  event->started_at = redial_clock_now (clock);
  redial_engine_handle_call (engine, event);

  /* Three minutes: the warning, shown by the daemon. */
  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (clock), SECONDS (181));
  redial_test_drain ();
  g_assert_null (redial_notifier_get_last_error (notifier));
  g_assert_cmpuint (redial_notifier_get_n_shown (notifier), ==, 1);

  /* With notifications off at this desk, the breach is not shown. */
  g_settings_set_boolean (settings, "notifications-enabled", FALSE);
  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (clock), SECONDS (120));
  redial_test_drain ();
  g_assert_cmpuint (redial_notifier_get_n_shown (notifier), ==, 1);

  g_subprocess_force_exit (daemon);
  g_subprocess_wait (daemon, NULL, NULL);
  g_clear_object (&notifier);
  g_clear_object (&engine);
  g_clear_object (&context);
  redial_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/notifier/alerts-shown-by-the-daemon", test_alerts_notified);

  return g_test_run ();
}
