/* test-notifier.c: alerts, missed calls and replies become desktop notifications, shown by a real notification daemon. */
#include "config.h"

#include <stdlib.h>

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
  GSubprocess *daemon = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, DAEMON, NULL);

  g_assert_no_error (error);
  redial_test_wait_for_bus_name ("org.freedesktop.Notifications");
  return daemon;
}

/* What the notification daemon was asked, seen by a monitor on the bus. */
typedef struct
{
  GMutex           lock;
  GPtrArray       *notify_calls;  /* GVariant (susssasa{sv}i) */
  GDBusConnection *monitor;
} Monitor;

static GDBusMessage *
on_monitored (GDBusConnection *connection,
              GDBusMessage    *message,
              gboolean         incoming,
              gpointer         user_data)
{
  Monitor *m = user_data;

  if (g_dbus_message_get_message_type (message) == G_DBUS_MESSAGE_TYPE_METHOD_CALL &&
      g_strcmp0 (g_dbus_message_get_member (message), "Notify") == 0)
    {
      g_mutex_lock (&m->lock);
      g_ptr_array_add (m->notify_calls, g_variant_ref (g_dbus_message_get_body (message)));
      g_mutex_unlock (&m->lock);
    }
  /* Calls seen as a monitor are not for this connection to answer. */
  if (g_dbus_message_get_message_type (message) == G_DBUS_MESSAGE_TYPE_METHOD_CALL)
    {
      g_object_unref (message);
      return NULL;
    }
  return message;
}

static Monitor *
monitor_start (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  const char *rules[] = { "type='method_call',interface='org.freedesktop.Notifications',member='Notify'", NULL };
  g_autoptr(GVariant) reply = NULL;
  Monitor *m = g_new0 (Monitor, 1);

  g_assert_no_error (error);
  g_mutex_init (&m->lock);
  m->notify_calls = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  m->monitor = g_dbus_connection_new_for_address_sync (address,
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (m->monitor, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus.Monitoring", "BecomeMonitor",
                                       g_variant_new ("(^asu)", rules, 0), NULL, G_DBUS_CALL_FLAGS_NONE,
                                       -1, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_add_filter (m->monitor, on_monitored, m, NULL);
  return m;
}

/* Waits, with a deadline, until the daemon was asked @n times in all. */
static void
monitor_wait (Monitor *m,
              guint    n)
{
  gint64 deadline = g_get_monotonic_time () + SECONDS (20);

  for (;;)
    {
      guint seen;

      redial_test_drain ();
      g_mutex_lock (&m->lock);
      seen = m->notify_calls->len;
      g_mutex_unlock (&m->lock);
      if (seen >= n)
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (G_USEC_PER_SEC / 100);
    }
}

/* Waits, with a deadline, until the daemon was asked to show a
 * notification titled @summary; returns the call. */
static GVariant *
monitor_find (Monitor    *m,
              const char *summary)
{
  gint64 deadline = g_get_monotonic_time () + SECONDS (20);

  for (;;)
    {
      GVariant *found = NULL;

      redial_test_drain ();
      g_mutex_lock (&m->lock);
      for (guint i = 0; i < m->notify_calls->len && found == NULL; i++)
        {
          GVariant *call = g_ptr_array_index (m->notify_calls, i);
          const char *title;

          g_variant_get_child (call, 3, "&s", &title);
          if (g_str_equal (title, summary))
            found = g_variant_ref (call);
        }
      g_mutex_unlock (&m->lock);
      if (found != NULL)
        return found;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (G_USEC_PER_SEC / 100);
    }
}

static GVariant *
monitor_get (Monitor *m,
             guint    i)
{
  GVariant *call;

  g_mutex_lock (&m->lock);
  call = g_variant_ref (g_ptr_array_index (m->notify_calls, i));
  g_mutex_unlock (&m->lock);
  return call;
}

static void
monitor_free (Monitor *m)
{
  g_dbus_connection_close_sync (m->monitor, NULL, NULL);
  g_object_unref (m->monitor);
  g_ptr_array_unref (m->notify_calls);
  g_mutex_clear (&m->lock);
  g_free (m);
}

typedef struct
{
  GSubprocess    *daemon;
  Monitor        *monitor;
  char           *dir;
  RedialClock    *clock;
  RedialContext  *context;
  RedialEngine   *engine;
  RedialNotifier *notifier;
  GSettings      *settings;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(RedialConfig) config = NULL;

  f->daemon = start_daemon ();
  f->monitor = monitor_start ();
  f->dir = redial_test_make_dir ();
  path = g_build_filename (f->dir, "redial.db", NULL);
  /* @data: more of the settings. */
  text = g_strdup_printf ("[business]\nname = Acme Plumbing\n[sms]\nbackend = demo\n[store]\npath = %s\n%s", path,
                          data != NULL ? (const char *) data : "");
  config = redial_config_load_from_data (text, "test.conf", &error);
  g_assert_no_error (error);
  /* Wednesday 14:00 UTC: open. */
  f->clock = redial_fake_clock_new (G_GINT64_CONSTANT (1795615200000000));
  f->context = redial_context_new (config, f->clock);
  f->settings = g_settings_new (APP_ID);
  g_settings_set_boolean (f->settings, "notifications-enabled", TRUE);
  g_settings_set_boolean (f->settings, "play-sound", TRUE);
  g_assert_true (redial_context_open (f->context, &error));
  g_assert_no_error (error);
  f->engine = g_object_ref (redial_context_get_engine (f->context));
  f->notifier = redial_notifier_new (f->context, NULL);
  g_assert_true (redial_context_start (f->context, &error));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_subprocess_force_exit (f->daemon);
  g_subprocess_wait (f->daemon, NULL, NULL);
  redial_context_stop (f->context);
  g_clear_object (&f->notifier);
  g_clear_object (&f->engine);
  g_clear_object (&f->context);
  g_clear_object (&f->clock);
  g_clear_object (&f->daemon);
  g_clear_object (&f->settings);
  monitor_free (f->monitor);
  redial_test_remove_tree (f->dir);
  g_free (f->dir);
}

static void
miss_call (Fixture    *f,
           const char *id,
           const char *caller,
           const char *name)
{
  g_autoptr(RedialCallEvent) event = redial_call_event_new ();

  event->provider = g_strdup ("test");
  event->provider_call_id = g_strdup (id);
  event->caller = g_strdup (caller);
  event->caller_name = g_strdup (name);
  event->started_at = redial_clock_now (f->clock);
  redial_engine_handle_call (f->engine, event);
}

static void
test_alerts_notified (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *body = NULL;

  miss_call (f, "notify-1", "(312) 555-0142", "<b>Maria</b> & Co");

  /* Three minutes: the warning, shown by the daemon. */
  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (f->clock), SECONDS (181));
  redial_test_drain ();
  g_assert_null (redial_notifier_get_last_error (f->notifier));
  g_assert_cmpuint (redial_notifier_get_n_cases (f->notifier, REDIAL_NOTIFIER_TOPIC_SLA_WARNING), ==, 1);
  body = redial_notifier_dup_body (f->notifier, REDIAL_NOTIFIER_TOPIC_SLA_WARNING);
  g_assert_nonnull (strstr (body, "&lt;b&gt;Maria&lt;/b&gt; &amp; Co"));

  /* With notifications off at this desk, the breach is not shown. */
  g_settings_set_boolean (f->settings, "notifications-enabled", FALSE);
  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (f->clock), SECONDS (120));
  redial_test_drain ();
  g_assert_cmpuint (redial_notifier_get_n_cases (f->notifier, REDIAL_NOTIFIER_TOPIC_SLA_BREACH), ==, 0);
}

/* Monday's opening: every overnight case crosses its target in one tick,
 * and the desk gets one notification that counts them. */
static void
test_burst_coalesced (Fixture       *f,
                      gconstpointer  data)
{
  guint before;
  g_autofree char *body = NULL;

  g_settings_set_boolean (f->settings, "notifications-enabled", FALSE);
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *id = g_strdup_printf ("burst-%u", i);
      g_autofree char *caller = g_strdup_printf ("+1312555%04u", 1000 + i);

      miss_call (f, id, caller, NULL);
    }
  redial_test_drain ();
  g_settings_set_boolean (f->settings, "notifications-enabled", TRUE);
  before = redial_notifier_get_n_shown (f->notifier);

  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (f->clock), SECONDS (181));
  redial_test_drain ();
  g_assert_null (redial_notifier_get_last_error (f->notifier));
  g_assert_cmpuint (redial_notifier_get_n_shown (f->notifier) - before, ==, 1);
  g_assert_cmpuint (redial_notifier_get_n_cases (f->notifier, REDIAL_NOTIFIER_TOPIC_SLA_WARNING), ==, 40);

  /* The breach two minutes later is one more, worded with the target. */
  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (f->clock), SECONDS (120));
  redial_test_drain ();
  g_assert_cmpuint (redial_notifier_get_n_shown (f->notifier) - before, ==, 2);
  body = redial_notifier_dup_body (f->notifier, REDIAL_NOTIFIER_TOPIC_SLA_BREACH);
  g_assert_cmpstr (body, ==, "40 callers past the 5-minute target");
}

/* What Preferences promises: a missed call and a reply are notified, with
 * the caller's name and words as text, and the sound named by the hint. */
static void
test_missed_call_and_reply (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GVariant) missed = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) quiet = NULL;
  g_autoptr(GVariant) hints = NULL;
  const char *summary, *body, *sound = NULL;
  gboolean suppress = FALSE;

  miss_call (f, "notify-2", "(312) 555-0142", "<i>Tom</i> & Sons");
  monitor_wait (f->monitor, 1);
  missed = monitor_get (f->monitor, 0);
  g_variant_get_child (missed, 3, "&s", &summary);
  g_variant_get_child (missed, 4, "&s", &body);
  hints = g_variant_get_child_value (missed, 6);
  g_assert_cmpstr (summary, ==, "Missed Call");
  g_assert_cmpstr (body, ==, "&lt;i&gt;Tom&lt;/i&gt; &amp; Sons · (312) 555-0142");
  g_assert_true (g_variant_lookup (hints, "sound-name", "&s", &sound));
  g_assert_cmpstr (sound, ==, "message-new-instant");

  redial_engine_handle_inbound (f->engine, "SMreply1", "+13125550142", "Can you come <today>?");
  monitor_wait (f->monitor, 2);
  reply = monitor_get (f->monitor, 1);
  g_variant_get_child (reply, 3, "&s", &summary);
  g_variant_get_child (reply, 4, "&s", &body);
  g_assert_cmpstr (summary, ==, "New Reply");
  g_assert_cmpstr (body, ==, "&lt;i&gt;Tom&lt;/i&gt; &amp; Sons: Can you come &lt;today&gt;?");

  /* Without sound at this desk, the server is asked for none. */
  g_clear_pointer (&hints, g_variant_unref);
  g_settings_set_boolean (f->settings, "play-sound", FALSE);
  miss_call (f, "notify-3", "(312) 555-0199", NULL);
  monitor_wait (f->monitor, 3);
  quiet = monitor_get (f->monitor, 2);
  hints = g_variant_get_child_value (quiet, 6);
  g_assert_false (g_variant_lookup (hints, "sound-name", "&s", &sound));
  g_assert_true (g_variant_lookup (hints, "suppress-sound", "b", &suppress));
  g_assert_true (suppress);
}

static void
on_open_case (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  *(gint64 *) user_data = g_variant_get_int64 (parameter);
}

/* A person clicks the notification of a missed call, as the daemon draws
 * it (top right of the screen): Redial opens that caller's case. */
static void
test_open_goes_to_the_case (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GApplication) application = g_application_new ("io.redial.NotifierTest", G_APPLICATION_NON_UNIQUE);
  g_autoptr(GSimpleAction) open_case = g_simple_action_new ("open-case", G_VARIANT_TYPE_INT64);
  g_autoptr(RedialCase) kase = NULL;
  g_autofree char *geometry = NULL;
  int width = 0;
  gint64 opened = 0;
  gint64 deadline = g_get_monotonic_time () + SECONDS (20);
  g_autofree char *click = NULL;

  g_signal_connect (open_case, "activate", G_CALLBACK (on_open_case), &opened);
  g_action_map_add_action (G_ACTION_MAP (application), G_ACTION (open_case));
  g_assert_true (g_application_register (application, NULL, NULL));
  g_clear_object (&f->notifier);
  f->notifier = redial_notifier_new (f->context, application);

  miss_call (f, "notify-open", "(312) 555-0177", "Dana Diaz");
  monitor_wait (f->monitor, 1);
  kase = g_list_model_get_item (redial_engine_get_queue (f->engine), 0);

  /* The daemon stacks its bubbles from the top right corner. */
  g_assert_true (g_spawn_command_line_sync ("xdotool getdisplaygeometry", &geometry, NULL, NULL, NULL));
  width = atoi (geometry);
  g_assert_cmpint (width, >, 400);
  click = g_strdup_printf ("xdotool mousemove %d 50 click 1", width - 200);
  while (opened == 0)
    {
      gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 4;

      g_assert_true (g_spawn_command_line_sync (click, NULL, NULL, NULL, NULL));
      while (opened == 0 && g_get_monotonic_time () < until)
        if (!g_main_context_iteration (NULL, FALSE))
          g_usleep (G_USEC_PER_SEC / 100);
      if (g_get_monotonic_time () > deadline)
        g_error ("Clicking the notification did not open the case within 20 s");
    }
  g_assert_cmpint (opened, ==, redial_case_get_id (kase));
}

/* A business (in UTC, the tests' time zone) open until 15:00 on
 * Wednesdays that asked for the end-of-day summary. */
static const char summary_settings[] =
  "[hours]\n"
  "wednesday = 08:00-15:00\n"
  "[report]\n"
  "end-of-day = true\n";

/* At closing time the day's summary is shown by the daemon, as text. */
static void
test_day_summary (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GVariant) shown = NULL;
  g_autofree char *body_shown = NULL;
  const char *body;

  miss_call (f, "notify-day", "(312) 555-0142", NULL);
  monitor_wait (f->monitor, 1);
  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (f->clock), SECONDS (3599));
  redial_test_drain ();
  g_assert_null (redial_notifier_dup_body (f->notifier, REDIAL_NOTIFIER_TOPIC_DAY_SUMMARY));

  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (f->clock), SECONDS (1));
  shown = monitor_find (f->monitor, "End of the Day");
  g_variant_get_child (shown, 4, "&s", &body);
  g_assert_cmpstr (body, ==, "Today: 1 missed, 0 reached, 0 booked, $0");
  g_assert_null (redial_notifier_get_last_error (f->notifier));
  body_shown = redial_notifier_dup_body (f->notifier, REDIAL_NOTIFIER_TOPIC_DAY_SUMMARY);
  g_assert_cmpstr (body_shown, ==, body);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/notifier/alerts-shown-by-the-daemon", Fixture, NULL, fixture_setup, test_alerts_notified,
              fixture_teardown);
  g_test_add ("/notifier/burst-coalesced", Fixture, NULL, fixture_setup, test_burst_coalesced,
              fixture_teardown);
  g_test_add ("/notifier/open-goes-to-the-case", Fixture, NULL, fixture_setup, test_open_goes_to_the_case,
              fixture_teardown);
  g_test_add ("/notifier/missed-call-and-reply", Fixture, NULL, fixture_setup, test_missed_call_and_reply,
              fixture_teardown);
  g_test_add ("/notifier/day-summary", Fixture, summary_settings, fixture_setup, test_day_summary,
              fixture_teardown);

  return g_test_run ();
}
