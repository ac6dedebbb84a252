/* bench-alerts.c: 500 cases cross their warning in one tick, with the window and the notifier listening. */
#include "config.h"

#include "redial-context.h"
#include "redial-fake-clock.h"
#include "redial-notifier.h"
#include "redial-renderer.h"
#include "redial-test-util.h"
#include "redial-window.h"

#define N_CASES 500
#define SECONDS(n) ((gint64) (n) * G_USEC_PER_SEC)

/* The longest the main loop was kept from the window: the tick that
 * crosses every case, then each iteration of what the crossings left to
 * do (notifications, toasts, redraws). Prints it as
 * "figure alerts.burst_block_ms". Needs an X server and a session bus;
 * a notification daemon on it is used when there is one. */
int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *text = NULL;
  g_autoptr(RedialConfig) config = NULL;
  g_autoptr(RedialClock) clock = NULL;
  g_autoptr(RedialContext) context = NULL;
  g_autoptr(RedialNotifier) notifier = NULL;
  RedialWindow *window;
  RedialEngine *engine;
  gint64 longest = 0, start, idle_deadline;

  gtk_init ();
  adw_init ();
  /* The renderer the application chooses for this display. */
  redial_renderer_choose (gdk_display_get_default ());

  dir = redial_test_make_dir ();
  text = g_strdup_printf ("[business]\nname = Acme Plumbing\n[sms]\nbackend = demo\n"
                          "[store]\npath = %s/redial.db\n", dir);
  config = redial_config_load_from_data (text, "bench.conf", &error);
  g_assert_no_error (error);
  /* Wednesday 14:00 UTC: open. */
  clock = redial_fake_clock_new (G_GINT64_CONSTANT (1795615200000000));
  context = redial_context_new (config, clock);
  g_assert_true (redial_context_open (context, &error));
  g_assert_no_error (error);
  engine = redial_context_get_engine (context);
  notifier = redial_notifier_new (context, NULL);
  g_assert_true (redial_context_start (context, &error));
  window = redial_window_new (NULL, context);
  gtk_window_present (GTK_WINDOW (window));

  for (guint i = 0; i < N_CASES; i++)
    {
      g_autoptr(RedialCallEvent) event = redial_call_event_new ();

      event->provider = g_strdup ("bench");
      event->provider_call_id = g_strdup_printf ("burst-%u", i);
      event->caller = g_strdup_printf ("+1312555%04u", i);
      event->started_at = redial_clock_now (clock);
      redial_engine_handle_call (engine, event);
    }
  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (clock), SECONDS (179));
  redial_test_drain ();

  /* One tick: every case crosses its warning. */
  start = g_get_monotonic_time ();
  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (clock), SECONDS (2));
  longest = g_get_monotonic_time () - start;

  /* Then what the crossings left for the main loop, one iteration at a
   * time, until it has been idle for half a second. */
  idle_deadline = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  while (g_get_monotonic_time () < idle_deadline)
    {
      gint64 before = g_get_monotonic_time ();

      if (g_main_context_iteration (NULL, FALSE))
        {
          longest = MAX (longest, g_get_monotonic_time () - before);
          idle_deadline = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
        }
      else
        {
          g_usleep (1000);
        }
    }

  g_print ("figure alerts.burst_block_ms %.1f\n", longest / 1000.0);

  gtk_window_destroy (GTK_WINDOW (window));
  redial_context_stop (context);
  g_clear_object (&notifier);
  g_clear_object (&context);
  redial_test_remove_tree (dir);
  return 0;
}
