/* bench-engine-burst.c: 500 open cases crossing their warning in one tick: how long that tick holds the main loop. */
#include "config.h"

#include <glib/gstdio.h>

#include "redial-engine.h"
#include "redial-fake-clock.h"
#include "redial-test-util.h"

#define N_CASES 500

static void
on_alerts (RedialEngine *engine,
           GPtrArray    *alerts,
           guint        *largest)
{
  *largest = MAX (*largest, alerts->len);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("redial-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "redial.db", NULL);
  g_autoptr(RedialConfig) config = redial_config_load_from_data (
    "[business]\nname = Acme Plumbing\ntime-zone = America/Chicago\n[text-back]\nenabled = false\n",
    "bench.conf", &error);
  g_autoptr(RedialStore) store = redial_store_open (path, &error);
  /* Wednesday 2026-11-25 14:00 UTC: office hours in Chicago. */
  g_autoptr(RedialClock) clock = redial_fake_clock_new (G_GINT64_CONSTANT (1795615200000000));
  g_autoptr(RedialEngine) engine = NULL;
  gint64 called = redial_clock_now (clock);
  gint64 longest = 0;
  guint largest = 0;

  if (store == NULL || config == NULL)
    g_error ("%s", error->message);

  engine = redial_engine_new (config, store, clock);
  g_signal_connect (engine, "alerts", G_CALLBACK (on_alerts), &largest);
  if (!redial_engine_start (engine, &error))
    g_error ("%s", error->message);

  /* Every case opened at the same instant: their warnings fall due together. */
  for (guint i = 0; i < N_CASES; i++)
    {
      g_autoptr(RedialCallEvent) event = redial_call_event_new ();

      event->provider = g_strdup ("bench");
      event->provider_call_id = g_strdup_printf ("burst-%u", i);
      event->caller = g_strdup_printf ("+1312555%04u", i);
      event->started_at = called;
      event->ended_at = called;
      redial_engine_handle_call (engine, event);
    }

  /* One tick a second up to just past the warning; the longest is the burst's. */
  while (redial_clock_now (clock) < called + redial_config_get_first_response_warning (config) + G_USEC_PER_SEC)
    {
      gint64 started = g_get_monotonic_time ();

      redial_fake_clock_advance (REDIAL_FAKE_CLOCK (clock), G_USEC_PER_SEC);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      longest = MAX (longest, g_get_monotonic_time () - started);
    }

  g_print ("# %u cases, %u alerts in the largest batch, %" G_GINT64_FORMAT " SLA events\n", N_CASES, largest,
           redial_store_count (store, REDIAL_STORE_COUNT_SLA_EVENTS));
  g_print ("figure engine.burst_tick_ms %.1f\n", longest / 1000.0);

  g_clear_object (&engine);
  g_clear_object (&store);
  redial_test_remove_tree (dir);
  return 0;
}
