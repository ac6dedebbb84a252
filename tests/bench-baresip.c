/* bench-baresip.c: how fast baresip's stream is framed, and how many calls a second go from ctrl_tcp to call events. */
#include "config.h"

#include <string.h>

#include "redial-baresip.h"
#include "redial-fake-clock.h"
#include "redial-netstring.h"
#include "servers/ctrl-tcp-server.h"

#define RUNS 7
#define N_CALLS 5000
#define STREAM_BYTES (16 * 1024 * 1024)

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

/* MB/s to cut @stream into frames, pushed in 4 KiB reads as from a socket. */
static double
decode_rate (const GString *stream)
{
  g_autoptr(RedialNetstringDecoder) decoder = redial_netstring_decoder_new (64 * 1024);
  gint64 t0 = g_get_monotonic_time ();
  gsize n_frames = 0;

  for (gsize at = 0; at < stream->len; at += 4096)
    {
      redial_netstring_decoder_push (decoder, stream->str + at, MIN (4096, stream->len - at));
      for (;;)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GBytes) frame = redial_netstring_decoder_pop (decoder, &error);

          if (frame == NULL && error == NULL)
            break;
          n_frames += frame != NULL;
        }
    }
  g_assert_cmpuint (n_frames, >, 0);
  return stream->len / 1e6 / ((g_get_monotonic_time () - t0) / 1e6);
}

static void
on_call_event (RedialPhoneSystem *phone,
               RedialCallEvent   *event,
               guint             *count)
{
  (*count)++;
}

typedef struct
{
  guint *count;
  guint  target;
} Count;

static gboolean
counted (gpointer data)
{
  Count *count = data;

  return *count->count >= count->target;
}

int
main (int   argc,
      char *argv[])
{
  const char event[] =
    "{\"event\":true,\"type\":\"CALL_INCOMING\",\"class\":\"call\",\"accountaor\":\"sip:redial@127.0.0.1\","
    "\"direction\":\"incoming\",\"peeruri\":\"sip:+13125550110@127.0.0.1:15070\",\"peerdisplayname\":"
    "\"Jane Caller\",\"id\":\"1-19466@127.0.0.1\",\"param\":\"sip:+13125550110@127.0.0.1:15070\"}";
  g_autoptr(GString) clean = g_string_new (NULL);
  g_autoptr(GString) junk = g_string_new (NULL);
  g_autoptr(GArray) clean_rates = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) junk_rates = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) call_rates = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  /* Clean stream: baresip 1.0.0's CALL_INCOMING, as it sends it. */
  while (clean->len < STREAM_BYTES)
    g_string_append_printf (clean, "%zu:%s,", strlen (event), event);
  /* The worst case for the resync: junk full of digits, colons and braces. */
  while (junk->len < STREAM_BYTES)
    g_string_append_c (junk, "0123456789:{}, x"[g_rand_int_range (rand, 0, 16)]);

  for (guint run = 0; run < RUNS; run++)
    {
      double clean_rate = decode_rate (clean);
      double junk_rate = decode_rate (junk);

      g_array_append_val (clean_rates, clean_rate);
      g_array_append_val (junk_rates, junk_rate);
    }

  /* Whole calls, CALL_INCOMING and CALL_CLOSED, over a loopback socket. */
  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(RedialClock) clock = redial_fake_clock_new (G_GINT64_CONSTANT (1795615200000000));
      g_autoptr(CtrlTcpServer) server = ctrl_tcp_server_new (0, NULL);
      g_autoptr(RedialPhoneSystem) phone = redial_baresip_new (clock, "127.0.0.1",
                                                               ctrl_tcp_server_get_port (server), NULL,
                                                               "+13125550118");
      guint n_events = 0;
      Count count = { &n_events, N_CALLS };
      double rate;
      gint64 t0;

      g_signal_connect (phone, "call-event", G_CALLBACK (on_call_event), &n_events);
      redial_phone_system_start (phone);
      g_assert_true (ctrl_tcp_server_wait_client (server, 5000));

      t0 = g_get_monotonic_time ();
      for (guint i = 0; i < N_CALLS; i++)
        {
          g_autofree char *id = g_strdup_printf ("%u-%u@127.0.0.1", i, run);

          ctrl_tcp_server_send_call (server, "CALL_INCOMING", id, "incoming",
                                     "sip:+13125550110@127.0.0.1", "Jane Caller", "sip:redial@127.0.0.1");
          ctrl_tcp_server_send_call (server, "CALL_CLOSED", id, "incoming",
                                     "sip:+13125550110@127.0.0.1", "Jane Caller", "sip:redial@127.0.0.1");
        }
      g_assert_true (test_wait_until (counted, &count, 60000));
      rate = N_CALLS / ((g_get_monotonic_time () - t0) / 1e6);
      g_array_append_val (call_rates, rate);
      redial_phone_system_stop (phone);
    }

  g_print ("figure netstring-decode-clean %.0f MB/s\n", median (clean_rates));
  g_print ("figure netstring-decode-junk %.0f MB/s\n", median (junk_rates));
  g_print ("figure baresip-calls-through-ctrl-tcp %.0f calls/s\n", median (call_rates));
  return 0;
}
