/* bench-webhook.c: how long a call takes to get in, by signed webhook and by reading Twilio's Calls list.
 *
 * Prints, as "figure <name> <value> <unit>", medians over many runs (the
 * machine is shared and noisy):
 *   webhook.new_call_ms     a signed JSON event over loopback HTTP, through
 *                           the engine into SQLite, opening a case
 *   webhook.replay_ms       the same event again: checked, parsed, deduped
 *   twilio_voice.poll_ms    one reading of a 1000-call Calls list, ten
 *                           pages of 100, all calls already seen */
#include "config.h"

#include <glib/gstdio.h>

#include "http-client.h"
#include "redial-engine.h"
#include "redial-fake-clock.h"
#include "redial-twilio-voice.h"
#include "redial-webhook-phone.h"
#include "servers/twilio-calls-server.h"

#define START_US G_GINT64_CONSTANT (1795615200000000)
#define SECRET "bench-secret"
#define WEBHOOK_RUNS 400
#define POLL_RUNS 30

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

static guint
post_event (const char *url,
            const char *body)
{
  g_autofree char *hex = g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) SECRET, strlen (SECRET),
                                                    body, -1);
  g_autofree char *signature = g_strconcat ("sha256=", hex, NULL);
  const char *headers[] = { REDIAL_WEBHOOK_PHONE_SIGNATURE_HEADER, signature, NULL };
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(HttpReply) reply = http_send ("POST", url, "application/json", bytes, headers);

  return reply->status;
}

static void
bench_webhook (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = g_build_filename (dir, "secret", NULL);
  g_autofree char *db = g_build_filename (dir, "redial.db", NULL);
  g_autoptr(RedialClock) clock = redial_fake_clock_new (START_US);
  g_autoptr(RedialConfig) config = redial_config_new ();
  g_autoptr(RedialStore) store = NULL;
  g_autoptr(RedialEngine) engine = NULL;
  g_autoptr(RedialWebhookServer) server = redial_webhook_server_new ("127.0.0.1", 0);
  g_autoptr(RedialPhoneSystem) phone = NULL;
  g_autoptr(GArray) fresh = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) replay = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *url = NULL;

  g_assert_true (g_file_set_contents (secret, SECRET, -1, NULL));
  g_assert_cmpint (g_chmod (secret, 0600), ==, 0);
  store = redial_store_open (db, &error);
  g_assert_no_error (error);
  engine = redial_engine_new (config, store, clock);
  phone = redial_webhook_phone_new (clock, server, secret);
  redial_engine_set_phone_system (engine, phone);
  g_assert_true (redial_engine_start (engine, &error));
  /* The secret is loaded off the main loop before the port opens. */
  while (redial_phone_system_get_state (phone) == REDIAL_CONNECTION_CONNECTING)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (redial_phone_system_get_state (phone), ==, REDIAL_CONNECTION_CONNECTED);
  url = g_strdup_printf ("http://127.0.0.1:%u/calls", redial_webhook_server_get_port (server));

  for (guint i = 0; i < WEBHOOK_RUNS; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"id\":\"bench-%u\",\"caller\":\"+1312555%04u\","
                                               "\"started_at\":\"2026-11-25T13:%02u:%02uZ\","
                                               "\"disposition\":\"no-answer\"}",
                                               i, 1000 + i, (i / 60) % 60, i % 60);
      gint64 begin = g_get_monotonic_time ();
      double ms;

      g_assert_cmpuint (post_event (url, body), ==, 200);
      ms = (g_get_monotonic_time () - begin) / 1000.0;
      g_array_append_val (fresh, ms);

      begin = g_get_monotonic_time ();
      g_assert_cmpuint (post_event (url, body), ==, 200);
      ms = (g_get_monotonic_time () - begin) / 1000.0;
      g_array_append_val (replay, ms);
    }

  g_assert_cmpint (redial_store_count (store, REDIAL_STORE_COUNT_CALLS), ==, WEBHOOK_RUNS);
  g_print ("figure webhook.new_call_ms %.3f ms\n", median (fresh));
  g_print ("figure webhook.replay_ms %.3f ms\n", median (replay));

  redial_engine_stop (engine);
  g_clear_object (&engine);
  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);
    g_unlink (db);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_unlink (secret);
}

static void
bench_twilio_poll (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = g_build_filename (dir, "token", NULL);
  g_autoptr(RedialClock) clock = redial_fake_clock_new (START_US);
  g_autoptr(TwilioCallsServer) twilio = twilio_calls_server_new ("AC0123456789abcdef0123456789abcdef", "token");
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(RedialPhoneSystem) phone = NULL;
  g_autoptr(GArray) polls = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *settings = NULL;
  RedialTwilioVoice *voice;

  g_assert_true (g_file_set_contents (token, "token", -1, NULL));
  g_assert_cmpint (g_chmod (token, 0600), ==, 0);
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *sid = g_strdup_printf ("CA%032x", i);
      g_autofree char *from = g_strdup_printf ("+1312555%04u", i);

      twilio_calls_server_add_call (twilio, sid, "inbound", i % 3 == 0 ? "completed" : "no-answer", from,
                                    "+13125550118", NULL, START_US - (gint64) (i + 1) * 60 * G_USEC_PER_SEC, 0);
    }
  twilio_calls_server_set_page_size (twilio, 100);

  settings = g_strdup_printf ("[twilio]\naccount-sid = AC0123456789abcdef0123456789abcdef\n"
                              "base-url = %s\nauth-token-file = %s\n",
                              twilio_calls_server_get_base_url (twilio), token);
  g_assert_true (g_key_file_load_from_data (keyfile, settings, -1, G_KEY_FILE_NONE, NULL));
  phone = redial_twilio_voice_new_from_keyfile (clock, NULL, keyfile, "bench", NULL, &error);
  g_assert_no_error (error);
  voice = REDIAL_TWILIO_VOICE (phone);

  redial_phone_system_start (phone);
  for (guint i = 0; i <= POLL_RUNS; i++)
    {
      gint64 begin = g_get_monotonic_time ();
      guint target = i + 1;
      double ms;

      if (i > 0)
        redial_fake_clock_advance (REDIAL_FAKE_CLOCK (clock), 60 * G_USEC_PER_SEC);
      while (redial_twilio_voice_get_n_polls (voice) < target)
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (redial_phone_system_get_state (phone), ==, REDIAL_CONNECTION_CONNECTED);

      /* The first reading reports the calls; the figure is the steady state. */
      ms = (g_get_monotonic_time () - begin) / 1000.0;
      if (i > 0)
        g_array_append_val (polls, ms);
    }

  g_print ("figure twilio_voice.poll_ms %.3f ms\n", median (polls));
  redial_phone_system_stop (phone);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_unlink (token);
}

/* Each call logs a line; thousands of them would only bury the figures. */
static GLogWriterOutput
quiet_writer (GLogLevelFlags   log_level,
              const GLogField *fields,
              gsize            n_fields,
              gpointer         user_data)
{
  if (log_level & (G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = g_dir_make_tmp ("redial-bench-webhook-XXXXXX", NULL);

  g_log_set_writer_func (quiet_writer, NULL, NULL);

  bench_webhook (dir);
  bench_twilio_poll (dir);

  g_rmdir (dir);
  return 0;
}
