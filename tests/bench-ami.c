/* bench-ami.c: how soon and how fast missed calls' AMI events become RedialCallEvents.
 *
 * A local test AMI server (tests/servers/) sends 1,000 missed calls of ten
 * events each (10,000 events) to the Asterisk backend over TCP, in rounds:
 *
 *  - latency: one call at a time; from the moment the server writes a
 *    call's events (the last of which, the caller's hangup, decides it) to
 *    the backend's ::call-event for it;
 *  - rate: all 1,000 calls in one stream, events per second from the first
 *    byte written to the last call reported.
 *
 * Prints the median over the rounds of each figure. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ami-scenarios.h"
#include "ami-server.h"
#include "redial-ami.h"
#include "redial-real-clock.h"

#define N_CALLS          1000
#define EVENTS_PER_CALL  10
#define N_ROUNDS         5
#define START_US         G_GINT64_CONSTANT (1795400000000000)

typedef struct
{
  guint   n_reported;
  gint64  last_reported_at;
  guint   n_wrong;
} Counter;

static void
on_call_event (RedialPhoneSystem *phone,
               RedialCallEvent   *event,
               Counter           *counter)
{
  counter->last_reported_at = g_get_monotonic_time ();
  counter->n_reported++;
  if (event->disposition != REDIAL_DISPOSITION_NO_ANSWER || event->line == NULL || event->caller == NULL)
    counter->n_wrong++;
}

static gboolean
keep_waking (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
wait_for (gboolean (*done) (gpointer),
          gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("bench-ami: the backend did not keep up within a minute");
      g_main_context_iteration (NULL, TRUE);
    }
}

typedef struct
{
  RedialPhoneSystem *phone;
  AmiServer         *server;
  Counter           *counter;
  guint              target;
} Waiting;

static gboolean
is_connected (gpointer data)
{
  Waiting *waiting = data;

  return redial_phone_system_get_state (waiting->phone) == REDIAL_CONNECTION_CONNECTED &&
         ami_server_count_actions (waiting->server, "CoreShowChannels") > 0;
}

static gboolean
reached_target (gpointer data)
{
  Waiting *waiting = data;

  return waiting->counter->n_reported >= waiting->target;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *values,
            double  p)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, MIN (values->len - 1, (guint) (p * values->len)));
}

static double
median (double *values,
        guint   n)
{
  GArray *array = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
  double result;

  g_array_append_vals (array, values, n);
  result = percentile (array, 0.5);
  g_array_unref (array);
  return result;
}

/* The 1,000 calls of one round, each a call nobody has seen before. */
static GPtrArray *
make_calls (guint round)
{
  GPtrArray *calls = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < N_CALLS; i++)
    {
      guint index = round * N_CALLS + i;
      g_autofree char *caller = g_strdup_printf ("+1212555%04u", index % 10000);
      AmiCallSpec spec = {
        START_US + (gint64) index * G_USEC_PER_SEC,
        10 * index,
        caller,
        "Jane Caller",
        "13125550118",
      };
      char *wire = ami_scenario_bench_missed (&spec);

      g_assert (ami_wire_count (wire) == EVENTS_PER_CALL);
      g_ptr_array_add (calls, wire);
    }
  return calls;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("redial-bench-ami-XXXXXX", NULL);
  g_autofree char *secret_path = g_build_filename (dir, "ami-secret", NULL);
  g_autofree char *settings = NULL;
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(RedialClock) clock = redial_real_clock_new ();
  g_autoptr(RedialPhoneSystem) phone = NULL;
  AmiServer *server;
  Counter counter = { 0 };
  Waiting waiting;
  double p50s[N_ROUNDS], p99s[N_ROUNDS], rates[N_ROUNDS];
  guint wake;

  g_assert_true (g_file_set_contents (secret_path, "s3cret\n", -1, NULL));
  g_assert_cmpint (g_chmod (secret_path, 0600), ==, 0);

  server = ami_server_new ("redial", "s3cret");
  settings = g_strdup_printf ("[ami]\nhost = 127.0.0.1\nport = %u\nusername = redial\nsecret-file = %s\n",
                              ami_server_get_port (server), secret_path);
  g_assert_true (g_key_file_load_from_data (keyfile, settings, -1, G_KEY_FILE_NONE, NULL));
  phone = redial_ami_new_from_keyfile (clock, keyfile, "bench.conf", &error);
  g_assert_no_error (error);
  g_signal_connect (phone, "call-event", G_CALLBACK (on_call_event), &counter);

  waiting = (Waiting) { phone, server, &counter, 0 };
  wake = g_timeout_add (50, keep_waking, NULL);
  redial_phone_system_start (phone);
  wait_for (is_connected, &waiting);

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      g_autoptr(GPtrArray) one_by_one = make_calls (2 * round);
      g_autoptr(GPtrArray) stream_calls = make_calls (2 * round + 1);
      g_autoptr(GArray) latencies = g_array_sized_new (FALSE, FALSE, sizeof (double), N_CALLS);
      g_autoptr(GString) stream = g_string_new (NULL);
      gint64 sent_at;
      guint n_sent;

      for (guint i = 0; i < N_CALLS; i++)
        {
          double latency_ms;

          ami_server_send_events (server, g_ptr_array_index (one_by_one, i));
          waiting.target = counter.n_reported + 1;
          wait_for (reached_target, &waiting);
          latency_ms = (counter.last_reported_at - ami_server_get_last_send_time (server)) / 1000.0;
          g_array_append_val (latencies, latency_ms);
        }
      p50s[round] = percentile (latencies, 0.50);
      p99s[round] = percentile (latencies, 0.99);

      for (guint i = 0; i < N_CALLS; i++)
        g_string_append (stream, g_ptr_array_index (stream_calls, i));
      n_sent = ami_server_get_n_events_sent (server);
      ami_server_send_events (server, stream->str);
      waiting.target = counter.n_reported + N_CALLS;
      wait_for (reached_target, &waiting);
      /* Every event passed the backend's own filters on the way. */
      g_assert_cmpuint (ami_server_get_n_events_sent (server) - n_sent, ==, N_CALLS * EVENTS_PER_CALL);
      sent_at = ami_server_get_last_send_time (server);
      rates[round] = (double) N_CALLS * EVENTS_PER_CALL * G_USEC_PER_SEC / (counter.last_reported_at - sent_at);

      g_printerr ("round %u: p50 %.3f ms, p99 %.3f ms, %.0f events/s\n",
                  round + 1, p50s[round], p99s[round], rates[round]);
    }

  if (counter.n_wrong > 0)
    g_error ("bench-ami: %u calls were not reported as missed with a caller and a line", counter.n_wrong);

  g_print ("figure ami.event_p50 %.3f ms\n", median (p50s, N_ROUNDS));
  g_print ("figure ami.event_p99 %.3f ms\n", median (p99s, N_ROUNDS));
  g_print ("figure ami.rate %.0f events/s\n", median (rates, N_ROUNDS));

  redial_phone_system_stop (phone);
  g_source_remove (wake);
  ami_server_free (server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_unlink (secret_path);
  g_rmdir (dir);
  return 0;
}
