/* bench-textback.c: from a missed call to the text-back request reaching the gateway, 1,000 calls at 1,000 a minute. */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "redial-engine.h"
#include "redial-fake-clock.h"
#include "redial-twilio-sms.h"
#include "servers/twilio-server.h"
#include "redial-test-util.h"

#define N_CALLS     1000
#define N_RUNS      3
/* 1,000 calls a minute of simulated time. */
#define CALL_GAP_US (60 * G_USEC_PER_SEC / 1000)
#define START_US    G_GINT64_CONSTANT (1795615200000000)
#define ACCOUNT_SID "AC0123456789abcdef0123456789abcdef"
#define AUTH_TOKEN  "f00dfacecafe1234f00dfacecafe1234"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
percentile (GArray *sorted,
            double  p)
{
  guint index = (guint) (p * (sorted->len - 1) + 0.5);
  return g_array_index (sorted, double, index);
}

/* One run: a fresh store, engine and gateway; returns the latencies in ms,
 * sorted. */
static GArray *
run (guint *n_fetches)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("redial-bench-textback-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "redial.db", NULL);
  g_autofree char *token = g_build_filename (dir, "token", NULL);
  g_autofree char *state = g_build_filename (dir, "twilio-sms.state", NULL);
  g_autofree char *settings = NULL;
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(RedialConfig) config = NULL;
  g_autoptr(RedialStore) store = NULL;
  g_autoptr(RedialClock) clock = redial_fake_clock_new (START_US);
  g_autoptr(RedialSmsGateway) gateway = NULL;
  g_autoptr(RedialEngine) engine = NULL;
  GArray *latencies = g_array_sized_new (FALSE, FALSE, sizeof (double), N_CALLS);
  TwilioServer *server = twilio_server_new (ACCOUNT_SID, AUTH_TOKEN);

  twilio_server_set_now (server, START_US);
  if (!g_file_set_contents (token, AUTH_TOKEN, -1, &error) || g_chmod (token, 0600) != 0)
    g_error ("The token file cannot be written: %s", error ? error->message : g_strerror (errno));

  settings = g_strdup_printf ("[twilio]\nbase-url = %s\naccount-sid = " ACCOUNT_SID "\n"
                              "auth-token-file = %s\nfrom = +13125550100\n",
                              twilio_server_get_url (server), token);
  g_key_file_load_from_data (keyfile, settings, -1, G_KEY_FILE_NONE, NULL);
  gateway = redial_twilio_sms_new_from_keyfile (clock, keyfile, "bench.conf", "US", NULL, &error);
  if (gateway == NULL)
    g_error ("%s", error->message);
  redial_twilio_sms_set_state_file (REDIAL_TWILIO_SMS (gateway), state);

  config = redial_config_load_from_data ("[business]\nname = Acme Plumbing\nregion = US\n", "bench.conf", &error);
  store = redial_store_open (db, &error);
  if (config == NULL || store == NULL)
    g_error ("%s", error->message);
  engine = redial_engine_new (config, store, clock);
  redial_engine_set_sms_gateway (engine, gateway);
  if (!redial_engine_start (engine, &error))
    g_error ("%s", error->message);

  for (guint i = 0; i < N_CALLS; i++)
    {
      g_autoptr(RedialCallEvent) event = redial_call_event_new ();
      g_autofree char *caller = g_strdup_printf ("+1312555%04u", i);
      gint64 now = redial_clock_now (clock);
      gint64 deadline;
      gint64 t0;
      gint64 received;
      double ms;

      event->provider = g_strdup ("bench");
      event->provider_call_id = g_strdup_printf ("bench-%u", i);
      event->caller = g_strdup (caller);
      event->caller_name = g_strdup ("Bench Caller");
      event->line = g_strdup ("+13125550118");
      event->started_at = now - 20 * G_USEC_PER_SEC;
      event->ended_at = now;
      event->disposition = REDIAL_DISPOSITION_NO_ANSWER;

      t0 = g_get_monotonic_time ();
      redial_engine_handle_call (engine, event);

      /* The status and inbound polls the clock set off run meanwhile, as
       * they would. */
      deadline = t0 + 10 * G_USEC_PER_SEC;
      while ((received = twilio_server_get_received_at (server, caller)) == 0)
        {
          if (g_get_monotonic_time () > deadline)
            g_error ("The text-back to %s never reached the gateway", caller);
          g_main_context_iteration (NULL, TRUE);
        }
      ms = (received - t0) / 1000.0;
      g_array_append_val (latencies, ms);

      twilio_server_set_now (server, now + CALL_GAP_US);
      redial_fake_clock_advance (REDIAL_FAKE_CLOCK (clock), CALL_GAP_US);
    }

  /* Let the last answers land before taking it all down. */
  while (redial_twilio_sms_get_n_requests (REDIAL_TWILIO_SMS (gateway)) > 0)
    g_main_context_iteration (NULL, TRUE);

  if (twilio_server_count_created (server) != N_CALLS)
    g_error ("%u texts for %d calls", twilio_server_count_created (server), N_CALLS);
  *n_fetches = twilio_server_count_requests (server, TWILIO_FETCH) +
               twilio_server_count_requests (server, TWILIO_LIST);

  g_clear_object (&engine);
  g_clear_object (&gateway);
  g_clear_object (&store);
  twilio_server_free (server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  redial_test_remove_tree (dir);

  g_array_sort (latencies, compare_doubles);
  return latencies;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GArray) p50s = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) p99s = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint r = 0; r < N_RUNS; r++)
    {
      g_autoptr(GArray) latencies = NULL;
      guint n_polls = 0;
      double p50, p99;

      latencies = run (&n_polls);
      p50 = percentile (latencies, 0.50);
      p99 = percentile (latencies, 0.99);
      g_array_append_val (p50s, p50);
      g_array_append_val (p99s, p99);
      g_print ("# run %u: %d calls, p50 %.2f ms, p99 %.2f ms, max %.2f ms, %u status and inbound polls meanwhile\n",
               r + 1, N_CALLS, p50, p99, g_array_index (latencies, double, latencies->len - 1), n_polls);
    }

  g_array_sort (p50s, compare_doubles);
  g_array_sort (p99s, compare_doubles);
  g_print ("# median of %d runs of %d missed calls at 1,000 a minute (simulated), "
           "from redial_engine_handle_call() to the POST reaching the test gateway\n", N_RUNS, N_CALLS);
  g_print ("figure textback.p50 %.2f ms\n", g_array_index (p50s, double, N_RUNS / 2));
  g_print ("figure textback.p99 %.2f ms\n", g_array_index (p99s, double, N_RUNS / 2));

  return 0;
}
