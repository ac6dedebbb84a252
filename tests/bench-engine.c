/* bench-engine.c: 10,000 missed calls replayed through the engine and the demo gateway. */
#include "config.h"

#include <glib/gstdio.h>

#include "redial-demo-sms.h"
#include "redial-engine.h"
#include "redial-fake-clock.h"
#include "redial-test-util.h"

#define N_CALLS 10000
#define N_CALLERS 4000

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;
  return (x > y) - (x < y);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("redial-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "redial.db", NULL);
  g_autoptr(RedialConfig) config = redial_config_load_from_data (
    "[business]\nname = Acme Plumbing\ntime-zone = America/Chicago\n", "bench.conf", &error);
  g_autoptr(RedialStore) store = redial_store_open (path, &error);
  /* Wednesday 2026-11-25 14:00 UTC: office hours in Chicago. */
  g_autoptr(RedialClock) clock = redial_fake_clock_new (G_GINT64_CONSTANT (1795615200000000));
  g_autoptr(RedialDemoScript) script = redial_demo_script_new ("US");
  g_autoptr(RedialSmsGateway) gateway = redial_demo_sms_new (clock, script);
  g_autoptr(RedialEngine) engine = NULL;
  g_autoptr(GArray) call_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  gint64 total = 0;

  if (store == NULL || config == NULL)
    g_error ("%s", error->message);

  engine = redial_engine_new (config, store, clock);
  redial_engine_set_sms_gateway (engine, gateway);
  if (!redial_engine_start (engine, &error))
    g_error ("%s", error->message);

  for (guint i = 0; i < N_CALLS; i++)
    {
      g_autoptr(RedialCallEvent) event = redial_call_event_new ();
      gint64 started, elapsed;
      double ms;

      event->provider = g_strdup ("bench");
      event->provider_call_id = g_strdup_printf ("bench-%u", i);
      event->caller = g_strdup_printf ("(312) 5%02d-%04d", g_rand_int_range (rand, 10, 99),
                                       g_rand_int_range (rand, 0, N_CALLERS));
      event->caller_name = g_strdup ("Bench Caller");
      event->line = g_strdup ("+13125550118");
      event->started_at = redial_clock_now (clock) - 20 * G_USEC_PER_SEC;
      event->ended_at = redial_clock_now (clock);

      /* Engine and store, including the text-back's outbox commit and
       * hand-off to the gateway; not the network. */
      started = g_get_monotonic_time ();
      redial_engine_handle_call (engine, event);
      elapsed = g_get_monotonic_time () - started;
      total += elapsed;
      ms = elapsed / 1000.0;
      g_array_append_val (call_ms, ms);

      /* A call every six simulated seconds; the gateway's reports land in between. */
      redial_fake_clock_advance (REDIAL_FAKE_CLOCK (clock), 6 * G_USEC_PER_SEC);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }

  g_array_sort (call_ms, compare_doubles);
  g_print ("# %u calls, %" G_GINT64_FORMAT " cases, %u texts\n", N_CALLS,
           redial_store_count (store, REDIAL_STORE_COUNT_CASES), redial_demo_sms_get_n_sent (REDIAL_DEMO_SMS (gateway)));
  g_print ("figure engine.rate %.0f calls/s\n", N_CALLS / (total / (double) G_USEC_PER_SEC));
  g_print ("figure engine.call_p50 %.3f ms\n", g_array_index (call_ms, double, N_CALLS / 2));
  g_print ("figure engine.call_p99 %.3f ms\n", g_array_index (call_ms, double, N_CALLS * 99 / 100));

  g_clear_object (&engine);
  g_clear_object (&store);
  redial_test_remove_tree (dir);
  return 0;
}
