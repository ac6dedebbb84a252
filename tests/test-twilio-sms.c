/* test-twilio-sms.c: texts go out once, delivery and replies come back, forged webhooks change nothing. */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>
#include <libsoup/soup.h>

#include "redial-engine.h"
#include "redial-fake-clock.h"
#include "redial-twilio-sms.h"
#include "servers/twilio-server.h"
#include "redial-test-util.h"

/* 2026-11-25 14:00:00 UTC, a Wednesday. */
#define START_US G_GINT64_CONSTANT (1795615200000000)
#define SECONDS(n) ((gint64) (n) * G_USEC_PER_SEC)

#define ACCOUNT_SID "AC0123456789abcdef0123456789abcdef"
#define AUTH_TOKEN  "f00dfacecafe1234f00dfacecafe1234"
#define OUR_NUMBER  "+13125550100"
#define PUBLIC_URL  "https://desk.example.com/redial"

typedef struct
{
  char             *dir;
  char             *db_path;
  char             *token_path;
  char             *state_path;
  char             *extra;
  TwilioServer     *server;
  RedialConfig     *config;
  RedialStore      *store;
  RedialClock      *clock;
  RedialSmsGateway *gateway;
  RedialEngine     *engine;
  guint             wakeup;
  guint             hung;      /* requests the server holds without answering */
  guint             n_call;

  GPtrArray        *received;  /* "sid from body" */
  GPtrArray        *opted_out; /* numbers */
  GPtrArray        *failed;    /* RedialMessage, from ::text-failed */

  gboolean          send_done;
  char             *send_sid;
  GError           *send_error;
  guint             n_started;  /* hand-offs the gateway started */
  guint             n_handed;   /* hand-offs finished */
} Fixture;

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

typedef gboolean (*Condition) (Fixture *f, gconstpointer data);

/* Lets the main loop run until @condition holds; I/O takes real time, so
 * this waits for it, with a deadline. */
static void
wait_until (Fixture       *f,
            Condition      condition,
            gconstpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + SECONDS (10);

  while (!condition (f, data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static gboolean
requests_settled (Fixture       *f,
                  gconstpointer  data)
{
  return f->gateway == NULL ||
         redial_twilio_sms_get_n_requests (REDIAL_TWILIO_SMS (f->gateway)) <= f->hung;
}

static void
settle (Fixture *f)
{
  wait_until (f, requests_settled, NULL);
}

/* Moves simulated time on in half seconds, each step's requests answered
 * before the next, as they would be on a live link. */
static void
advance (Fixture *f,
         gint64   delta_us)
{
  gint64 end = redial_clock_now (f->clock) + delta_us;

  settle (f);
  while (redial_clock_now (f->clock) < end)
    {
      gint64 next = MIN (end, redial_clock_now (f->clock) + G_USEC_PER_SEC / 2);

      twilio_server_set_now (f->server, next);
      redial_fake_clock_advance_to (REDIAL_FAKE_CLOCK (f->clock), next);
      settle (f);
    }
}

static void
on_received (RedialSmsGateway *gateway,
             const char       *sid,
             const char       *from,
             const char       *body,
             Fixture          *f)
{
  g_ptr_array_add (f->received, g_strdup_printf ("%s %s %s", sid, from, body));
}

static void
on_opted_out (RedialSmsGateway *gateway,
              const char       *number,
              Fixture          *f)
{
  g_ptr_array_add (f->opted_out, g_strdup (number));
}

static void
on_text_failed (RedialEngine  *engine,
                RedialMessage *message,
                Fixture       *f)
{
  g_ptr_array_add (f->failed, g_object_ref (message));
}

static RedialSmsGateway *
make_gateway (Fixture     *f,
              const char  *extra,
              GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  RedialSmsGateway *gateway;

  text = g_strdup_printf ("[twilio]\n"
                          "base-url = %s\n"
                          "account-sid = " ACCOUNT_SID "\n"
                          "auth-token-file = %s\n"
                          "from = (312) 555-0100\n"
                          "poll-interval = 15\n"
                          "%s",
                          twilio_server_get_url (f->server), f->token_path, extra ? extra : "");
  g_assert_true (g_key_file_load_from_data (keyfile, text, -1, G_KEY_FILE_NONE, NULL));

  gateway = redial_twilio_sms_new_from_keyfile (f->clock, keyfile, "test.conf", "US", NULL, error);
  if (gateway == NULL)
    return NULL;

  redial_twilio_sms_set_state_file (REDIAL_TWILIO_SMS (gateway), f->state_path);
  g_signal_connect (gateway, "message-received", G_CALLBACK (on_received), f);
  g_signal_connect (gateway, "recipient-opted-out", G_CALLBACK (on_opted_out), f);
  return gateway;
}

static void
write_token (Fixture    *f,
             const char *token)
{
  g_assert_true (g_file_set_contents (f->token_path, token, -1, NULL));
  g_assert_cmpint (g_chmod (f->token_path, 0600), ==, 0);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("redial-twilio-XXXXXX", &error);
  g_assert_no_error (error);
  f->db_path = g_build_filename (f->dir, "redial.db", NULL);
  f->token_path = g_build_filename (f->dir, "token", NULL);
  f->state_path = g_build_filename (f->dir, "state", "twilio-sms.state", NULL);
  f->extra = g_strdup (data);
  f->received = g_ptr_array_new_with_free_func (g_free);
  f->opted_out = g_ptr_array_new_with_free_func (g_free);
  f->failed = g_ptr_array_new_with_free_func (g_object_unref);
  f->wakeup = g_timeout_add (5, wake_up, NULL);
  write_token (f, AUTH_TOKEN "\n");

  f->server = twilio_server_new (ACCOUNT_SID, AUTH_TOKEN);
  twilio_server_set_now (f->server, START_US);
  f->clock = redial_fake_clock_new (START_US);
  f->config = redial_config_load_from_data ("[business]\nname = Acme Plumbing\nregion = US\n",
                                            "test.conf", &error);
  g_assert_no_error (error);
  f->store = redial_store_open (f->db_path, &error);
  g_assert_no_error (error);
  f->engine = redial_engine_new (f->config, f->store, f->clock);
  g_signal_connect (f->engine, "text-failed", G_CALLBACK (on_text_failed), f);

  f->gateway = make_gateway (f, f->extra, &error);
  g_assert_no_error (error);
  redial_engine_set_sms_gateway (f->engine, f->gateway);
  g_assert_true (redial_engine_start (f->engine, &error));
  g_assert_no_error (error);
  settle (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->engine);
  g_clear_object (&f->gateway);
  g_clear_object (&f->clock);
  g_clear_object (&f->store);
  g_clear_object (&f->config);
  twilio_server_free (f->server);
  g_source_remove (f->wakeup);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  redial_test_remove_tree (f->dir);
  g_ptr_array_unref (f->received);
  g_ptr_array_unref (f->opted_out);
  g_ptr_array_unref (f->failed);
  g_free (f->send_sid);
  g_clear_error (&f->send_error);
  g_free (f->extra);
  g_free (f->db_path);
  g_free (f->token_path);
  g_free (f->state_path);
  g_free (f->dir);
}

static void
missed_call (Fixture    *f,
             const char *caller)
{
  g_autoptr(RedialCallEvent) event = redial_call_event_new ();
  gint64 now = redial_clock_now (f->clock);

  event->provider = g_strdup ("test");
  event->provider_call_id = g_strdup_printf ("call-%u", ++f->n_call);
  event->caller = g_strdup (caller);
  event->started_at = now - SECONDS (20);
  event->ended_at = now;
  event->disposition = REDIAL_DISPOSITION_NO_ANSWER;
  redial_engine_handle_call (f->engine, event);
}

static RedialCase *
case_of (Fixture    *f,
         const char *caller)
{
  g_autoptr(GError) error = NULL;
  RedialCase *kase = redial_store_find_open_case (f->store, caller, &error);

  g_assert_no_error (error);
  g_assert_nonnull (kase);
  return kase;
}

/* The case as the queue shows it. */
static RedialCase *
queued_case (Fixture    *f,
             const char *caller)
{
  GListModel *queue = redial_engine_get_queue (f->engine);

  for (guint i = 0; i < g_list_model_get_n_items (queue); i++)
    {
      g_autoptr(RedialCase) kase = g_list_model_get_item (queue, i);

      if (g_strcmp0 (redial_case_get_caller (kase), caller) == 0)
        return g_steal_pointer (&kase);
    }
  g_assert_not_reached ();
}

static GPtrArray *
messages_of (Fixture    *f,
             const char *caller)
{
  g_autoptr(RedialCase) kase = case_of (f, caller);
  g_autoptr(GError) error = NULL;
  GPtrArray *messages = redial_store_list_messages (f->store, redial_case_get_id (kase), &error);

  g_assert_no_error (error);
  return messages;
}

/* The case's one text, as the store has it now. */
static RedialMessage *
only_message (Fixture    *f,
              const char *caller)
{
  g_autoptr(GPtrArray) messages = messages_of (f, caller);

  g_assert_cmpuint (messages->len, ==, 1);
  return g_object_ref (g_ptr_array_index (messages, 0));
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fixture *f = user_data;

  f->send_sid = redial_sms_gateway_send_finish (REDIAL_SMS_GATEWAY (source), result, &f->send_error);
  f->send_done = TRUE;
}

static void
send_text (Fixture    *f,
           const char *to,
           const char *body)
{
  f->send_done = FALSE;
  g_clear_pointer (&f->send_sid, g_free);
  g_clear_error (&f->send_error);
  redial_sms_gateway_send_async (f->gateway, to, body, NULL, on_sent, f);
}

static gboolean
send_finished (Fixture       *f,
               gconstpointer  data)
{
  return f->send_done;
}

static gboolean
server_has (Fixture       *f,
            gconstpointer  data)
{
  const char *kind = data;
  return twilio_server_count_requests (f->server, kind) >= 1;
}

/* Sending */

static void
test_send_delivered (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(RedialMessage) queued = NULL;
  g_autoptr(RedialMessage) sent = NULL;
  g_autoptr(RedialMessage) delivered = NULL;
  g_autofree char *to = NULL;
  g_autofree char *from = NULL;
  g_autofree char *body = NULL;
  g_autofree char *callback = NULL;
  g_autofree char *sid = NULL;

  missed_call (f, "(212) 555-0110");
  settle (f);

  g_assert_cmpuint (twilio_server_count_created (f->server), ==, 1);
  to = twilio_server_dup_last_param (f->server, "To");
  from = twilio_server_dup_last_param (f->server, "From");
  body = twilio_server_dup_last_param (f->server, "Body");
  callback = twilio_server_dup_last_param (f->server, "StatusCallback");
  g_assert_cmpstr (to, ==, "+12125550110");
  g_assert_cmpstr (from, ==, OUR_NUMBER);
  g_assert_true (g_str_has_prefix (body, "Hi there, it's Acme Plumbing."));
  /* Without a public URL nothing can call back: the status is polled. */
  g_assert_null (callback);

  sid = twilio_server_dup_sid_for (f->server, "+12125550110");
  queued = only_message (f, "+12125550110");
  g_assert_cmpstr (redial_message_get_provider_message_id (queued), ==, sid);
  g_assert_cmpint (redial_message_get_status (queued), ==, REDIAL_MESSAGE_STATUS_QUEUED);

  twilio_server_set_status (f->server, sid, "sent", 0);
  advance (f, SECONDS (15));
  sent = only_message (f, "+12125550110");
  g_assert_cmpint (redial_message_get_status (sent), ==, REDIAL_MESSAGE_STATUS_SENT);

  twilio_server_set_status (f->server, sid, "delivered", 0);
  advance (f, SECONDS (30));
  delivered = only_message (f, "+12125550110");
  g_assert_cmpint (redial_message_get_status (delivered), ==, REDIAL_MESSAGE_STATUS_DELIVERED);
  g_assert_null (redial_message_get_error (delivered));

  /* Delivered is final: nobody asks again. */
  {
    guint fetches = twilio_server_count_requests (f->server, TWILIO_FETCH);
    advance (f, SECONDS (600));
    g_assert_cmpuint (twilio_server_count_requests (f->server, TWILIO_FETCH), ==, fetches);
  }
  g_assert_cmpuint (twilio_server_count_created (f->server), ==, 1);
  g_assert_cmpuint (f->failed->len, ==, 0);
  g_assert_cmpstr (redial_twilio_sms_get_status (REDIAL_TWILIO_SMS (f->gateway)), ==,
                   "Connected to 127.0.0.1");
}

static void
test_send_undelivered_reason (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(RedialMessage) message = NULL;
  g_autofree char *sid = NULL;

  missed_call (f, "(212) 555-0110");
  settle (f);
  sid = twilio_server_dup_sid_for (f->server, "+12125550110");
  twilio_server_set_status (f->server, sid, "undelivered", 30006);
  advance (f, SECONDS (15));

  message = only_message (f, "+12125550110");
  g_assert_cmpint (redial_message_get_status (message), ==, REDIAL_MESSAGE_STATUS_UNDELIVERED);
  g_assert_nonnull (strstr (redial_message_get_error (message), "landline"));
  /* A person has to call instead. */
  g_assert_cmpuint (f->failed->len, ==, 1);
  g_assert_false (redial_store_is_opted_out (f->store, "+12125550110"));
}

static void
test_send_unsubscribed_opts_out (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(RedialMessage) message = NULL;
  g_autoptr(RedialCase) kase = NULL;

  missed_call (f, "+1 500 555 0004");
  settle (f);
  advance (f, SECONDS (600));

  message = only_message (f, "+15005550004");
  g_assert_cmpint (redial_message_get_status (message), ==, REDIAL_MESSAGE_STATUS_FAILED);
  g_assert_nonnull (strstr (redial_message_get_error (message), "opted out at the carrier"));
  g_assert_cmpuint (f->opted_out->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->opted_out, 0), ==, "+15005550004");
  g_assert_true (redial_store_is_opted_out (f->store, "+15005550004"));
  kase = queued_case (f, "+15005550004");
  g_assert_true (redial_case_get_opted_out (kase));
  g_assert_cmpuint (f->failed->len, ==, 1);

  /* A 4xx is final: no retry. */
  g_assert_cmpuint (twilio_server_count_requests (f->server, TWILIO_CREATE), ==, 1);
  g_assert_cmpuint (twilio_server_count_created (f->server), ==, 0);
}

static void
test_send_invalid_number (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(RedialMessage) invalid = NULL;
  g_autoptr(RedialMessage) landline = NULL;

  missed_call (f, "+1 500 555 0001");
  missed_call (f, "+1 500 555 0009");
  settle (f);
  advance (f, SECONDS (600));

  invalid = only_message (f, "+15005550001");
  g_assert_cmpint (redial_message_get_status (invalid), ==, REDIAL_MESSAGE_STATUS_FAILED);
  g_assert_cmpstr (redial_message_get_error (invalid), ==, "The number is not a valid phone number.");
  landline = only_message (f, "+15005550009");
  g_assert_cmpint (redial_message_get_status (landline), ==, REDIAL_MESSAGE_STATUS_FAILED);
  g_assert_nonnull (strstr (redial_message_get_error (landline), "not a mobile number"));

  g_assert_cmpuint (twilio_server_count_requests (f->server, TWILIO_CREATE), ==, 2);
  g_assert_cmpuint (f->opted_out->len, ==, 0);
  g_assert_false (redial_store_is_opted_out (f->store, "+15005550001"));
  g_assert_cmpuint (f->failed->len, ==, 2);

  /* Each case says so, with Twilio's reason. */
  {
    g_autoptr(RedialCase) invalid_case = queued_case (f, "+15005550001");
    g_autoptr(RedialCase) landline_case = queued_case (f, "+15005550009");

    g_assert_cmpstr (redial_case_get_number_problem (invalid_case), ==, "The number is not a valid phone number.");
    g_assert_nonnull (strstr (redial_case_get_number_problem (landline_case), "not a mobile number"));
  }
}

static void
test_send_server_error_then_success (Fixture       *f,
                                     gconstpointer  data)
{
  twilio_server_add_fault (f->server, TWILIO_CREATE, TWILIO_FAULT_STATUS, 500, 20500, 0);
  send_text (f, "+12125550110", "We missed your call");
  settle (f);
  g_assert_false (f->send_done);
  g_assert_cmpint (redial_twilio_sms_get_n_requests (REDIAL_TWILIO_SMS (f->gateway)), ==, 0);
  g_assert_true (g_str_has_prefix (redial_twilio_sms_get_status (REDIAL_TWILIO_SMS (f->gateway)),
                                   "Retrying in 2 s"));

  advance (f, SECONDS (2));
  wait_until (f, send_finished, NULL);

  g_assert_no_error (f->send_error);
  g_assert_nonnull (f->send_sid);
  /* A 500 may hide a message Twilio made: it looked before posting again. */
  g_assert_cmpuint (twilio_server_count_requests (f->server, TWILIO_CREATE), ==, 2);
  g_assert_cmpuint (twilio_server_count_created (f->server), ==, 1);
  g_assert_cmpstr (redial_twilio_sms_get_status (REDIAL_TWILIO_SMS (f->gateway)), ==,
                   "Connected to 127.0.0.1");
}

/* The moments (seconds after the first) at which create requests arrived,
 * the first just sent, read while simulated time moves on by @total_s
 * seconds. */
static GArray *
post_times (Fixture *f,
            guint    total_s)
{
  GArray *times = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint seen;

  settle (f);
  seen = twilio_server_count_requests (f->server, TWILIO_CREATE) - 1;
  for (guint s = 0; s <= total_s; s++)
    {
      if (s > 0)
        advance (f, SECONDS (1));
      for (; seen < twilio_server_count_requests (f->server, TWILIO_CREATE); seen++)
        {
          gint64 at = s;
          g_array_append_val (times, at);
        }
    }
  return times;
}

static void
test_send_retry_schedule (Fixture       *f,
                          gconstpointer  data)
{
  /* 2 s, 4 s, 8 s, … up to 5 minutes apart, ten tries in all; looking
   * whether a failed POST made the message is not a try. */
  static const gint64 expected[] = { 0, 2, 6, 14, 30, 62, 126, 254, 510, 810 };
  static const guint statuses[][2] = { { 500, 20500 }, { 503, 20503 }, { 429, 20429 } };

  for (guint k = 0; k < G_N_ELEMENTS (statuses); k++)
    {
      g_autoptr(GArray) times = NULL;
      g_autofree char *to = g_strdup_printf ("+1212555012%u", k);
      guint creates = twilio_server_count_requests (f->server, TWILIO_CREATE);

      for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
        twilio_server_add_fault (f->server, TWILIO_CREATE, TWILIO_FAULT_STATUS,
                                 statuses[k][0], statuses[k][1], 0);
      send_text (f, to, "We missed your call");
      times = post_times (f, 900);

      wait_until (f, send_finished, NULL);
      g_assert_error (f->send_error, REDIAL_TWILIO_SMS_ERROR, REDIAL_TWILIO_SMS_ERROR_UNREACHABLE);
      g_assert_cmpuint (twilio_server_count_requests (f->server, TWILIO_CREATE) - creates, ==,
                        G_N_ELEMENTS (expected));
      g_assert_cmpuint (times->len, ==, G_N_ELEMENTS (expected));
      for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
        g_assert_cmpint (g_array_index (times, gint64, i), ==, expected[i]);
      g_assert_cmpuint (twilio_server_count_created (f->server), ==, 0);
    }
}

static void
test_send_rate_limited (Fixture       *f,
                        gconstpointer  data)
{
  twilio_server_add_fault (f->server, TWILIO_CREATE, TWILIO_FAULT_STATUS, 429, 20429, 30);
  send_text (f, "+12125550110", "We missed your call");
  settle (f);

  advance (f, SECONDS (29));
  g_assert_false (f->send_done);
  g_assert_cmpuint (twilio_server_count_requests (f->server, TWILIO_CREATE), ==, 1);

  advance (f, SECONDS (2));
  wait_until (f, send_finished, NULL);
  g_assert_no_error (f->send_error);
  g_assert_cmpuint (twilio_server_count_requests (f->server, TWILIO_CREATE), ==, 2);
  g_assert_cmpuint (twilio_server_count_created (f->server), ==, 1);
}

static void
test_send_timeout_adopts_created (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *sid = NULL;

  /* Twilio makes the message but the answer never comes. */
  twilio_server_add_fault (f->server, TWILIO_CREATE, TWILIO_FAULT_HANG_AFTER, 0, 0, 0);
  send_text (f, "+12125550110", "We missed your call");
  wait_until (f, server_has, TWILIO_CREATE);
  f->hung = 1;
  advance (f, SECONDS (30));
  f->hung = 0;
  settle (f);
  g_assert_false (f->send_done);

  advance (f, SECONDS (2));
  wait_until (f, send_finished, NULL);

  g_assert_no_error (f->send_error);
  sid = twilio_server_dup_sid_for (f->server, "+12125550110");
  g_assert_cmpstr (f->send_sid, ==, sid);
  g_assert_cmpuint (twilio_server_count_requests (f->server, TWILIO_CREATE), ==, 1);
  g_assert_cmpuint (twilio_server_count_created (f->server), ==, 1);
}

static void
test_send_timeout_before_create (Fixture       *f,
                                 gconstpointer  data)
{
  twilio_server_add_fault (f->server, TWILIO_CREATE, TWILIO_FAULT_HANG_BEFORE, 0, 0, 0);
  send_text (f, "+12125550110", "We missed your call");
  wait_until (f, server_has, TWILIO_CREATE);
  f->hung = 1;
  advance (f, SECONDS (30));
  f->hung = 0;
  settle (f);

  advance (f, SECONDS (2));
  wait_until (f, send_finished, NULL);

  g_assert_no_error (f->send_error);
  g_assert_cmpuint (twilio_server_count_requests (f->server, TWILIO_CREATE), ==, 2);
  g_assert_cmpuint (twilio_server_count_created (f->server), ==, 1);
}

static void
test_send_unreadable_answer_not_sent_twice (Fixture       *f,
                                            gconstpointer  data)
{
  static const TwilioFault faults[] = {
    TWILIO_FAULT_GARBAGE, TWILIO_FAULT_TRUNCATED, TWILIO_FAULT_OVERSIZED, TWILIO_FAULT_WRONG_TYPES,
    TWILIO_FAULT_NESTED,
  };

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autofree char *to = g_strdup_printf ("+1212555011%u", i);
      g_autofree char *sid = NULL;

      twilio_server_add_fault (f->server, TWILIO_CREATE, faults[i], 0, 0, 0);
      send_text (f, to, "We missed your call");
      settle (f);
      advance (f, SECONDS (2));
      wait_until (f, send_finished, NULL);

      g_assert_no_error (f->send_error);
      sid = twilio_server_dup_sid_for (f->server, to);
      g_assert_cmpstr (f->send_sid, ==, sid);
      g_assert_cmpuint (twilio_server_count_created (f->server), ==, i + 1);
    }
  g_assert_cmpuint (twilio_server_count_requests (f->server, TWILIO_CREATE), ==, G_N_ELEMENTS (faults));
}

static void
test_send_same_text_twice_both_sent (Fixture       *f,
                                     gconstpointer  data)
{
  g_autofree char *first = NULL;

  /* A second, deliberate text with the same words is not mistaken for the
   * first when its own POST goes unanswered. */
  send_text (f, "+12125550110", "Are you still there?");
  wait_until (f, send_finished, NULL);
  first = g_steal_pointer (&f->send_sid);

  twilio_server_add_fault (f->server, TWILIO_CREATE, TWILIO_FAULT_STATUS, 503, 20503, 0);
  send_text (f, "+12125550110", "Are you still there?");
  settle (f);
  advance (f, SECONDS (2));
  wait_until (f, send_finished, NULL);

  g_assert_no_error (f->send_error);
  g_assert_cmpstr (f->send_sid, !=, first);
  g_assert_cmpuint (twilio_server_count_created (f->server), ==, 2);
}

static gboolean
on_hand_off_started (gpointer data)
{
  Fixture *f = data;

  f->n_started++;
  return TRUE;
}

static void
on_handed_off (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Fixture *f = user_data;
  g_autofree char *sid = redial_sms_gateway_send_finish (REDIAL_SMS_GATEWAY (source), result, NULL);

  g_assert_nonnull (sid);
  f->n_handed++;
}

static gboolean
all_handed (Fixture       *f,
            gconstpointer  data)
{
  return f->n_handed >= GPOINTER_TO_UINT (data);
}

static gboolean
server_has_creates (Fixture       *f,
                    gconstpointer  data)
{
  return twilio_server_count_requests (f->server, TWILIO_CREATE) >= GPOINTER_TO_UINT (data);
}

static void
test_send_started_in_turn (Fixture       *f,
                           gconstpointer  data)
{
  /* Four POSTs hang: the two texts behind them have not started, so a
   * stop now could not have sent them. */
  for (guint i = 0; i < 4; i++)
    twilio_server_add_fault (f->server, TWILIO_CREATE, TWILIO_FAULT_HANG_AFTER, 0, 0, 0);
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *to = g_strdup_printf ("+1212555011%u", i);

      redial_sms_gateway_hand_off_async (f->gateway, to, "We missed your call", on_hand_off_started,
                                         NULL, on_handed_off, f);
    }
  wait_until (f, server_has_creates, GUINT_TO_POINTER (4));
  f->hung = 4;
  settle (f);
  g_assert_cmpuint (f->n_started, ==, 4);
  g_assert_cmpuint (twilio_server_count_requests (f->server, TWILIO_CREATE), ==, 4);

  /* They time out and are found at Twilio; then the other two go. */
  advance (f, SECONDS (30));
  f->hung = 0;
  settle (f);
  advance (f, SECONDS (3));
  wait_until (f, all_handed, GUINT_TO_POINTER (6));
  g_assert_cmpuint (f->n_started, ==, 6);
  g_assert_cmpuint (twilio_server_count_requests (f->server, TWILIO_CREATE), ==, 6);
  g_assert_cmpuint (twilio_server_count_created (f->server), ==, 6);
}

static void
on_found (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Fixture *f = user_data;

  f->send_sid = redial_sms_gateway_find_sent_finish (REDIAL_SMS_GATEWAY (source), result, &f->send_error);
  f->send_done = TRUE;
}

static void
find_sent (Fixture          *f,
           RedialSmsGateway *gateway,
           const char       *to,
           const char       *body)
{
  f->send_done = FALSE;
  g_clear_pointer (&f->send_sid, g_free);
  g_clear_error (&f->send_error);
  redial_sms_gateway_find_sent_async (gateway, to, body, START_US, NULL, on_found, f);
  wait_until (f, send_finished, NULL);
}

static gboolean
gateway_idle (Fixture       *f,
              gconstpointer  data)
{
  return redial_twilio_sms_get_n_requests (REDIAL_TWILIO_SMS ((gpointer) data)) == 0;
}

static void
test_find_sent_after_restart (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(RedialSmsGateway) restarted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sid = NULL;

  /* Twilio makes the message; Redial stops before the answer comes. */
  twilio_server_add_fault (f->server, TWILIO_CREATE, TWILIO_FAULT_HANG_AFTER, 0, 0, 0);
  send_text (f, "+12125550110", "We missed your call");
  wait_until (f, server_has, TWILIO_CREATE);
  f->hung = 1;
  settle (f);
  sid = twilio_server_dup_sid_for (f->server, "+12125550110");

  /* Started again, Redial asks. */
  restarted = make_gateway (f, NULL, &error);
  g_assert_no_error (error);
  redial_sms_gateway_start (restarted);
  wait_until (f, gateway_idle, restarted);

  find_sent (f, restarted, "+12125550110", "We missed your call");
  g_assert_no_error (f->send_error);
  g_assert_cmpstr (f->send_sid, ==, sid);

  /* Surely not created: no id, no error. */
  find_sent (f, restarted, "+12125550111", "We missed your call");
  g_assert_no_error (f->send_error);
  g_assert_null (f->send_sid);
  find_sent (f, restarted, "+12125550110", "Are you still there?");
  g_assert_no_error (f->send_error);
  g_assert_null (f->send_sid);

  /* Twilio will not list: it cannot tell. */
  twilio_server_add_fault (f->server, TWILIO_LIST, TWILIO_FAULT_STATUS, 403, 20003, 0);
  find_sent (f, restarted, "+12125550110", "We missed your call");
  g_assert_nonnull (f->send_error);
  g_assert_null (f->send_sid);
  g_assert_cmpuint (twilio_server_count_created (f->server), ==, 1);

  redial_sms_gateway_stop (restarted);
}

static void
test_send_unreachable_gives_up (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetSocketAddress) bound = NULL;
  g_autofree char *url = NULL;
  guint port;

  /* A port nothing listens on: bound, then closed. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_assert_true (g_socket_bind (socket, address, TRUE, &error));
  bound = G_INET_SOCKET_ADDRESS (g_socket_get_local_address (socket, &error));
  port = g_inet_socket_address_get_port (bound);
  g_socket_close (socket, NULL);

  redial_engine_set_sms_gateway (f->engine, NULL);
  g_clear_object (&f->gateway);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  {
    g_autofree char *text = g_strdup_printf ("[twilio]\nbase-url = %s\naccount-sid = " ACCOUNT_SID "\n"
                                             "auth-token-file = %s\nfrom = " OUR_NUMBER "\n",
                                             url, f->token_path);
    g_autoptr(GKeyFile) keyfile = g_key_file_new ();

    g_assert_true (g_key_file_load_from_data (keyfile, text, -1, G_KEY_FILE_NONE, NULL));
    f->gateway = redial_twilio_sms_new_from_keyfile (f->clock, keyfile, "test.conf", "US", NULL, &error);
    g_assert_no_error (error);
  }
  redial_engine_set_sms_gateway (f->engine, f->gateway);

  missed_call (f, "(212) 555-0110");
  settle (f);
  g_assert_cmpint (redial_twilio_sms_get_n_requests (REDIAL_TWILIO_SMS (f->gateway)), ==, 0);
  {
    RedialConnectionState state;

    g_object_get (f->gateway, "state", &state, NULL);
    g_assert_cmpint (state, ==, REDIAL_CONNECTION_RETRYING);
  }

  /* Every backoff, up to the last try, a quarter of an hour later. */
  advance (f, SECONDS (20 * 60));
  {
    g_autoptr(RedialMessage) message = only_message (f, "+12125550110");
    RedialConnectionState state;

    g_assert_cmpint (redial_message_get_status (message), ==, REDIAL_MESSAGE_STATUS_FAILED);
    g_assert_true (g_str_has_prefix (redial_message_get_error (message), "The text could not be sent: Twilio cannot be reached"));
    g_assert_cmpuint (f->failed->len, ==, 1);
    g_object_get (f->gateway, "state", &state, NULL);
    g_assert_cmpint (state, ==, REDIAL_CONNECTION_RETRYING);
  }
}

static void
test_send_wrong_token (Fixture       *f,
                       gconstpointer  data)
{
  RedialConnectionState state;

  redial_twilio_sms_set_auth_token (REDIAL_TWILIO_SMS (f->gateway), "not-the-token");
  send_text (f, "+12125550110", "We missed your call");
  wait_until (f, send_finished, NULL);

  g_assert_error (f->send_error, REDIAL_TWILIO_SMS_ERROR, REDIAL_TWILIO_SMS_ERROR_AUTH);
  g_object_get (f->gateway, "state", &state, NULL);
  g_assert_cmpint (state, ==, REDIAL_CONNECTION_AUTH_FAILED);
  g_assert_cmpuint (twilio_server_count_requests (f->server, TWILIO_CREATE), ==, 1);

  /* Preferences saves the right one: texts go again. */
  redial_twilio_sms_set_auth_token (REDIAL_TWILIO_SMS (f->gateway), AUTH_TOKEN);
  send_text (f, "+12125550110", "We missed your call");
  wait_until (f, send_finished, NULL);
  g_assert_no_error (f->send_error);
  g_assert_cmpuint (twilio_server_count_created (f->server), ==, 1);
}

static void
test_send_messaging_service (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *service = NULL;
  g_autofree char *from = NULL;
  g_autofree char *callback = NULL;

  send_text (f, "+12125550110", "We missed your call");
  wait_until (f, send_finished, NULL);
  g_assert_no_error (f->send_error);

  service = twilio_server_dup_last_param (f->server, "MessagingServiceSid");
  from = twilio_server_dup_last_param (f->server, "From");
  callback = twilio_server_dup_last_param (f->server, "StatusCallback");
  g_assert_cmpstr (service, ==, "MG0123456789abcdef0123456789abcdef");
  g_assert_null (from);
  g_assert_cmpstr (callback, ==, PUBLIC_URL "/twilio/sms/status");
}

/* Status callbacks */

static void
test_status_callback (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(RedialMessage) delivered = NULL;
  g_autoptr(RedialMessage) still = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *sid = NULL;
  g_autofree char *url = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *callback = NULL;
  RedialTwilioSms *gateway = REDIAL_TWILIO_SMS (f->gateway);

  missed_call (f, "(212) 555-0110");
  settle (f);
  callback = twilio_server_dup_last_param (f->server, "StatusCallback");
  g_assert_cmpstr (callback, ==, PUBLIC_URL "/twilio/sms/status");
  sid = twilio_server_dup_sid_for (f->server, "+12125550110");

  /* A forged report changes nothing. */
  twilio_server_set_status (f->server, sid, "delivered", 0);
  g_assert_true (twilio_server_pop_callback (f->server, &url, &params, &signature));
  g_hash_table_replace (params, g_strdup ("MessageStatus"), g_strdup ("failed"));
  g_assert_cmpuint (redial_twilio_sms_handle_status_callback (gateway, url, params, signature), ==, 403);
  g_assert_cmpuint (redial_twilio_sms_handle_status_callback (gateway, url, params, NULL), ==, 403);
  still = only_message (f, "+12125550110");
  g_assert_cmpint (redial_message_get_status (still), ==, REDIAL_MESSAGE_STATUS_QUEUED);

  /* With webhooks, nobody polls the status. */
  advance (f, SECONDS (120));
  g_assert_cmpuint (twilio_server_count_requests (f->server, TWILIO_FETCH), ==, 0);

  g_hash_table_replace (params, g_strdup ("MessageStatus"), g_strdup ("delivered"));
  g_assert_cmpuint (redial_twilio_sms_handle_status_callback (gateway, url, params, signature), ==, 200);
  delivered = only_message (f, "+12125550110");
  g_assert_cmpint (redial_message_get_status (delivered), ==, REDIAL_MESSAGE_STATUS_DELIVERED);
}

static void
test_status_callback_unsubscribed (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(RedialMessage) message = NULL;
  g_autofree char *sid = NULL;
  g_autofree char *url = NULL;
  g_autofree char *signature = NULL;

  missed_call (f, "(212) 555-0110");
  settle (f);
  sid = twilio_server_dup_sid_for (f->server, "+12125550110");
  twilio_server_set_status (f->server, sid, "failed", 21610);
  g_assert_true (twilio_server_pop_callback (f->server, &url, &params, &signature));
  g_assert_cmpuint (redial_twilio_sms_handle_status_callback (REDIAL_TWILIO_SMS (f->gateway),
                                                              url, params, signature), ==, 200);

  message = only_message (f, "+12125550110");
  g_assert_cmpint (redial_message_get_status (message), ==, REDIAL_MESSAGE_STATUS_FAILED);
  g_assert_true (redial_store_is_opted_out (f->store, "+12125550110"));
  {
    g_autoptr(RedialCase) kase = queued_case (f, "+12125550110");
    g_assert_true (redial_case_get_opted_out (kase));
  }
}

/* Webhook security */

static GHashTable *
twilio_example_params (void)
{
  GHashTable *params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_hash_table_insert (params, g_strdup ("CallSid"), g_strdup ("CA1234567890ABCDE"));
  g_hash_table_insert (params, g_strdup ("Caller"), g_strdup ("+14158675309"));
  g_hash_table_insert (params, g_strdup ("Digits"), g_strdup ("1234"));
  g_hash_table_insert (params, g_strdup ("From"), g_strdup ("+14158675309"));
  g_hash_table_insert (params, g_strdup ("To"), g_strdup ("+18005551212"));
  return params;
}

static void
test_webhook_twilio_example (Fixture       *f,
                             gconstpointer  data)
{
  /* The worked example of Twilio's security documentation: auth token
   * 12345, this URL and these parameters sign as RSOYDt4T1cUTdK1PDd93/VVr8B8=. */
  const char *url = "https://mycompany.com/myapp.php?foo=1&bar=2";
  g_autoptr(GHashTable) params = twilio_example_params ();
  RedialTwilioSms *gateway = REDIAL_TWILIO_SMS (f->gateway);

  redial_twilio_sms_set_auth_token (gateway, "12345");

  /* Signed right; not a message, so refused as such (400), not as forged. */
  g_assert_cmpuint (redial_twilio_sms_handle_inbound (gateway, url, params,
                                                      "RSOYDt4T1cUTdK1PDd93/VVr8B8="), ==, 400);
  /* The port written out is the same URL to Twilio. */
  g_assert_cmpuint (redial_twilio_sms_handle_inbound (gateway, "https://mycompany.com:443/myapp.php?foo=1&bar=2",
                                                      params, "RSOYDt4T1cUTdK1PDd93/VVr8B8="), ==, 400);

  g_assert_cmpuint (redial_twilio_sms_handle_inbound (gateway, url, params,
                                                      "RSOYDt4T1cUTdK1PDd93/VVr8B8A"), ==, 403);
  g_assert_cmpuint (redial_twilio_sms_handle_inbound (gateway, "https://mycompany.com/myapp.php?foo=1&bar=3",
                                                      params, "RSOYDt4T1cUTdK1PDd93/VVr8B8="), ==, 403);
  g_hash_table_replace (params, g_strdup ("Digits"), g_strdup ("1235"));
  g_assert_cmpuint (redial_twilio_sms_handle_inbound (gateway, url, params,
                                                      "RSOYDt4T1cUTdK1PDd93/VVr8B8="), ==, 403);
  g_assert_cmpuint (f->received->len, ==, 0);
}

static void
test_webhook_forged_inbound_refused (Fixture       *f,
                                     gconstpointer  data)
{
  const char *url = PUBLIC_URL "/twilio/sms/inbound";
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *sid = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *other_signature = NULL;
  RedialTwilioSms *gateway = REDIAL_TWILIO_SMS (f->gateway);

  sid = twilio_server_add_inbound (f->server, "+12125550110", OUR_NUMBER, "Yes please call me", START_US);
  twilio_server_inbound_webhook (f->server, sid, url, &params, &signature);

  g_assert_cmpuint (redial_twilio_sms_handle_inbound (gateway, url, params, NULL), ==, 403);
  g_assert_cmpuint (redial_twilio_sms_handle_inbound (gateway, url, params, ""), ==, 403);
  g_assert_cmpuint (redial_twilio_sms_handle_inbound (gateway, url, params, "bm90IGEgc2lnbmF0dXJl"), ==, 403);
  g_assert_cmpuint (redial_twilio_sms_handle_inbound (gateway, PUBLIC_URL "/elsewhere", params, signature), ==, 403);

  /* Signed with another account's token. */
  {
    TwilioServer *other = twilio_server_new (ACCOUNT_SID, "another-token");
    other_signature = twilio_server_sign (other, url, params);
    twilio_server_free (other);
  }
  g_assert_cmpuint (redial_twilio_sms_handle_inbound (gateway, url, params, other_signature), ==, 403);

  /* Body changed after signing. */
  g_hash_table_replace (params, g_strdup ("Body"), g_strdup ("STOP"));
  g_assert_cmpuint (redial_twilio_sms_handle_inbound (gateway, url, params, signature), ==, 403);

  g_assert_cmpuint (f->received->len, ==, 0);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_MESSAGES), ==, 0);
  g_assert_false (redial_store_is_opted_out (f->store, "+12125550110"));
  g_assert_cmpuint (g_list_model_get_n_items (redial_engine_get_queue (f->engine)), ==, 0);

  /* The genuine one lands, once however often Twilio delivers it. */
  g_hash_table_replace (params, g_strdup ("Body"), g_strdup ("Yes please call me"));
  g_assert_cmpuint (redial_twilio_sms_handle_inbound (gateway, url, params, signature), ==, 200);
  g_assert_cmpuint (redial_twilio_sms_handle_inbound (gateway, url, params, signature), ==, 200);
  g_assert_cmpuint (f->received->len, ==, 1);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_MESSAGES), ==, 1);
  {
    g_autoptr(RedialCase) kase = case_of (f, "+12125550110");
    g_assert_cmpint (redial_case_get_state (kase), ==, REDIAL_CASE_STATE_REPLIED);
  }
}

static void
test_webhook_oversized_refused (Fixture       *f,
                                gconstpointer  data)
{
  const char *url = PUBLIC_URL "/twilio/sms/inbound";
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *sid = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *huge = g_strnfill (100 * 1024, 'a');
  g_autofree char *long_url = g_strdup_printf ("%s?pad=%s", url, huge);
  RedialTwilioSms *gateway = REDIAL_TWILIO_SMS (f->gateway);

  sid = twilio_server_add_inbound (f->server, "+12125550110", OUR_NUMBER, "hello", START_US);
  twilio_server_inbound_webhook (f->server, sid, url, &params, &signature);

  g_assert_cmpuint (redial_twilio_sms_handle_inbound (gateway, long_url, params, signature), ==, 413);
  g_hash_table_replace (params, g_strdup ("Body"), g_strdup (huge));
  g_assert_cmpuint (redial_twilio_sms_handle_inbound (gateway, url, params, signature), ==, 413);
  for (guint i = 0; i < 100; i++)
    g_hash_table_replace (params, g_strdup_printf ("Extra%u", i), g_strdup ("x"));
  g_assert_cmpuint (redial_twilio_sms_handle_inbound (gateway, url, params, signature), ==, 413);
  g_assert_cmpuint (f->received->len, ==, 0);
}

/* Receiving */

static void
test_receive_reply_while_off (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *old = NULL;
  g_autofree char *reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) kase = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  GStatBuf info;

  umask (022);
  missed_call (f, "(212) 555-0110");
  settle (f);
  /* A text from long before Redial ran is not news. */
  old = twilio_server_add_inbound (f->server, "+13125550177", OUR_NUMBER, "old news", START_US - SECONDS (86400));
  advance (f, SECONDS (60));

  /* Redial stops, and its state file is its own. */
  redial_engine_set_sms_gateway (f->engine, NULL);
  g_clear_object (&f->gateway);
  g_assert_cmpint (g_stat (f->state_path, &info), ==, 0);
  g_assert_cmpuint (info.st_mode & 07777, ==, 0600);

  advance (f, SECONDS (3600));
  reply = twilio_server_add_inbound (f->server, "+12125550110", OUR_NUMBER, "Can you come today?",
                                     redial_clock_now (f->clock));
  advance (f, SECONDS (3600));
  g_assert_cmpuint (f->received->len, ==, 0);

  /* Redial starts again: the reply is found on the first poll. */
  f->gateway = make_gateway (f, f->extra, &error);
  g_assert_no_error (error);
  redial_engine_set_sms_gateway (f->engine, f->gateway);
  settle (f);

  g_assert_cmpuint (f->received->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (f->received, 0), reply));
  kase = case_of (f, "+12125550110");
  g_assert_cmpint (redial_case_get_state (kase), ==, REDIAL_CASE_STATE_REPLIED);
  messages = messages_of (f, "+12125550110");
  g_assert_cmpuint (messages->len, ==, 2);
  g_assert_cmpstr (redial_message_get_body (g_ptr_array_index (messages, 1)), ==, "Can you come today?");

  /* Polls go on; nothing is reported twice. */
  advance (f, SECONDS (120));
  g_assert_cmpuint (f->received->len, ==, 1);
  {
    g_autoptr(RedialCase) stranger = redial_store_find_open_case (f->store, "+13125550177", &error);
    g_assert_no_error (error);
    g_assert_null (stranger);
  }
}

static void
test_receive_matched_by_number (Fixture       *f,
                                gconstpointer  data)
{
  const char *url = PUBLIC_URL "/twilio/sms/inbound";
  g_autofree char *polled = NULL;
  g_autofree char *hooked = NULL;
  g_autofree char *signature = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  missed_call (f, "212.555.0110");
  settle (f);
  polled = twilio_server_add_inbound (f->server, "+12125550110", OUR_NUMBER, "Who is this?",
                                      redial_clock_now (f->clock));
  advance (f, SECONDS (15));

  /* A Twilio-compatible service may write the number its own way. */
  hooked = twilio_server_add_inbound (f->server, "(212) 555-0110", OUR_NUMBER, "Oh, the plumber!",
                                      redial_clock_now (f->clock));
  twilio_server_inbound_webhook (f->server, hooked, url, &params, &signature);
  g_assert_cmpuint (redial_twilio_sms_handle_inbound (REDIAL_TWILIO_SMS (f->gateway), url, params, signature), ==, 200);
  advance (f, SECONDS (30));

  g_assert_cmpuint (g_list_model_get_n_items (redial_engine_get_queue (f->engine)), ==, 1);
  messages = messages_of (f, "+12125550110");
  g_assert_cmpuint (messages->len, ==, 3);
  g_assert_cmpstr (redial_message_get_body (g_ptr_array_index (messages, 1)), ==, "Who is this?");
  g_assert_cmpstr (redial_message_get_body (g_ptr_array_index (messages, 2)), ==, "Oh, the plumber!");
  g_assert_cmpuint (f->received->len, ==, 2);
}

static void
test_receive_paged (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *query = NULL;
  gint64 now = redial_clock_now (f->clock);

  for (guint i = 0; i < 250; i++)
    {
      g_autofree char *from = g_strdup_printf ("+1212555%04u", i);
      g_autofree char *body = g_strdup_printf ("reply %u", i);
      g_autofree char *sid = twilio_server_add_inbound (f->server, from, OUR_NUMBER, body, now + i * 1000);
    }
  /* Other numbers' texts are not ours. */
  g_free (twilio_server_add_inbound (f->server, "+12125550999", "+13125550199", "not for us", now));

  advance (f, SECONDS (15));
  g_assert_cmpuint (f->received->len, ==, 250);
  /* Oldest first, as they were written. */
  g_assert_true (g_str_has_suffix (g_ptr_array_index (f->received, 0), "+12125550000 reply 0"));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (f->received, 249), "+12125550249 reply 249"));
  query = twilio_server_dup_last_list_query (f->server);
  g_assert_nonnull (strstr (query, "To=%2B13125550100"));
  g_assert_nonnull (strstr (query, "DateSent%3E=2026-11-25"));

  advance (f, SECONDS (60));
  g_assert_cmpuint (f->received->len, ==, 250);
}

static void
test_receive_bad_list_answers (Fixture       *f,
                               gconstpointer  data)
{
  static const TwilioFault faults[] = {
    TWILIO_FAULT_GARBAGE, TWILIO_FAULT_TRUNCATED, TWILIO_FAULT_OVERSIZED, TWILIO_FAULT_WRONG_TYPES,
    TWILIO_FAULT_NESTED,
  };
  gint64 now = redial_clock_now (f->clock);

  for (guint i = 0; i < 120; i++)
    {
      g_autofree char *from = g_strdup_printf ("+1212555%04u", i);
      g_free (twilio_server_add_inbound (f->server, from, OUR_NUMBER, "hi", now + i));
    }

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      twilio_server_add_fault (f->server, TWILIO_LIST, faults[i], 0, 0, 0);
      advance (f, SECONDS (15));
      g_assert_cmpuint (f->received->len, ==, 0);
    }
  twilio_server_add_fault (f->server, TWILIO_LIST, TWILIO_FAULT_STATUS, 500, 20500, 0);
  advance (f, SECONDS (15));
  g_assert_cmpuint (f->received->len, ==, 0);

  /* A next page on another server is not followed: the token would go there. */
  twilio_server_add_fault (f->server, TWILIO_LIST, TWILIO_FAULT_FOREIGN_PAGE, 0, 0, 0);
  advance (f, SECONDS (15));
  g_assert_cmpuint (f->received->len, ==, 100);

  /* And the next good poll has them all, each once. */
  advance (f, SECONDS (15));
  g_assert_cmpuint (f->received->len, ==, 120);
}

/* Settings */

static void
test_config_errors (Fixture       *f,
                    gconstpointer  data)
{
  static const struct { const char *text; const char *message; } cases[] = {
    { "[twilio]\nfrom = +13125550100\n", "test.conf: [twilio] account-sid: " },
    { "[twilio]\naccount-sid = AC1\nfrom = +13125550100\nbase-url = http://api.example.com\n",
      "test.conf: [twilio] base-url: expected an https:// address" },
    { "[twilio]\naccount-sid = AC1\nfrom = +13125550100\nbase-url = not a url\n",
      "test.conf: [twilio] base-url: " },
    { "[twilio]\naccount-sid = AC1\nfrom = +13125550100\npublic-url = http://desk.example.com\n",
      "test.conf: [twilio] public-url: " },
    { "[twilio]\naccount-sid = AC/../1\nfrom = +13125550100\n", "test.conf: [twilio] account-sid: " },
    { "[twilio]\naccount-sid = AC1\n", "test.conf: [twilio] from: " },
    { "[twilio]\naccount-sid = AC1\nfrom = twelve\n", "test.conf: [twilio] from: " },
    { "[twilio]\naccount-sid = AC1\nfrom = +13125550100\npoll-interval = 0\n",
      "test.conf: [twilio] poll-interval: " },
    { "[twilio]\naccount-sid = AC1\nfrom = +13125550100\nauth-token-file = /nonexistent/token\n",
      "test.conf: [twilio] auth-token-file: " },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GKeyFile) keyfile = g_key_file_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(RedialSmsGateway) gateway = NULL;

      g_assert_true (g_key_file_load_from_data (keyfile, cases[i].text, -1, G_KEY_FILE_NONE, NULL));
      gateway = redial_twilio_sms_new_from_keyfile (f->clock, keyfile, "test.conf", "US", NULL, &error);
      g_assert_null (gateway);
      g_assert_error (error, REDIAL_TWILIO_SMS_ERROR, REDIAL_TWILIO_SMS_ERROR_CONFIG);
      if (!g_str_has_prefix (error->message, cases[i].message))
        g_error ("case %u: “%s” does not start with “%s”", i, error->message, cases[i].message);
    }

  /* A token file others can read is refused, and the token never shown. */
  {
    g_autoptr(GKeyFile) keyfile = g_key_file_new ();
    g_autoptr(GError) error = NULL;
    g_autofree char *text = g_strdup_printf ("[twilio]\naccount-sid = AC1\nfrom = +13125550100\n"
                                             "auth-token-file = %s\n", f->token_path);

    g_assert_cmpint (g_chmod (f->token_path, 0644), ==, 0);
    g_assert_true (g_key_file_load_from_data (keyfile, text, -1, G_KEY_FILE_NONE, NULL));
    g_assert_null (redial_twilio_sms_new_from_keyfile (f->clock, keyfile, "test.conf", "US", NULL, &error));
    g_assert_nonnull (strstr (error->message, "chmod 600"));
    g_assert_null (strstr (error->message, AUTH_TOKEN));
  }

  /* [sms] from stands in for [twilio] from. */
  {
    g_autoptr(GKeyFile) keyfile = g_key_file_new ();
    g_autoptr(GError) error = NULL;
    g_autoptr(RedialSmsGateway) gateway = NULL;
    g_autofree char *text = g_strdup_printf ("[twilio]\naccount-sid = AC1\nauth-token-file = %s\n", f->token_path);

    g_assert_cmpint (g_chmod (f->token_path, 0600), ==, 0);
    g_assert_true (g_key_file_load_from_data (keyfile, text, -1, G_KEY_FILE_NONE, NULL));
    gateway = redial_twilio_sms_new_from_keyfile (f->clock, keyfile, "test.conf", "US", OUR_NUMBER, &error);
    g_assert_no_error (error);
    g_assert_nonnull (gateway);
  }
}

int
main (int   argc,
      char *argv[])
{
  const char *webhooks = "public-url = " PUBLIC_URL "/\n";
  const char *service = "messaging-service-sid = MG0123456789abcdef0123456789abcdef\n"
                        "public-url = " PUBLIC_URL "\n";

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_setup, func, fixture_teardown)

  ADD ("/twilio-sms/send/delivered", test_send_delivered, NULL);
  ADD ("/twilio-sms/send/undelivered-reason-shown", test_send_undelivered_reason, NULL);
  ADD ("/twilio-sms/send/unsubscribed-opts-number-out", test_send_unsubscribed_opts_out, NULL);
  ADD ("/twilio-sms/send/invalid-number-not-retried", test_send_invalid_number, NULL);
  ADD ("/twilio-sms/send/server-error-then-one-text", test_send_server_error_then_success, NULL);
  ADD ("/twilio-sms/send/retry-schedule-2-4-8-ten-tries", test_send_retry_schedule, NULL);
  ADD ("/twilio-sms/send/rate-limit-honours-retry-after", test_send_rate_limited, NULL);
  ADD ("/twilio-sms/send/timeout-adopts-created-text", test_send_timeout_adopts_created, NULL);
  ADD ("/twilio-sms/send/timeout-before-create-sends-once", test_send_timeout_before_create, NULL);
  ADD ("/twilio-sms/send/unreadable-answer-not-sent-twice", test_send_unreadable_answer_not_sent_twice, NULL);
  ADD ("/twilio-sms/send/same-words-twice-both-sent", test_send_same_text_twice_both_sent, NULL);
  ADD ("/twilio-sms/send/unreachable-gives-up-and-alerts", test_send_unreachable_gives_up, NULL);
  ADD ("/twilio-sms/send/wrong-token-not-retried", test_send_wrong_token, NULL);
  ADD ("/twilio-sms/send/started-in-turn", test_send_started_in_turn, NULL);
  ADD ("/twilio-sms/send/found-after-restart", test_find_sent_after_restart, NULL);
  ADD ("/twilio-sms/send/messaging-service", test_send_messaging_service, service);
  ADD ("/twilio-sms/status/callback-when-public", test_status_callback, webhooks);
  ADD ("/twilio-sms/status/callback-unsubscribed-opts-out", test_status_callback_unsubscribed, webhooks);
  ADD ("/twilio-sms/webhook/twilio-documented-signature", test_webhook_twilio_example, NULL);
  ADD ("/twilio-sms/webhook/forged-inbound-changes-nothing", test_webhook_forged_inbound_refused, NULL);
  ADD ("/twilio-sms/webhook/oversized-refused", test_webhook_oversized_refused, NULL);
  ADD ("/twilio-sms/receive/reply-while-off-picked-up", test_receive_reply_while_off, NULL);
  ADD ("/twilio-sms/receive/reply-matched-by-number-any-format", test_receive_matched_by_number, NULL);
  ADD ("/twilio-sms/receive/paged-each-once-in-order", test_receive_paged, NULL);
  ADD ("/twilio-sms/receive/bad-list-answers-skipped", test_receive_bad_list_answers, NULL);
  ADD ("/twilio-sms/config/errors-name-the-key", test_config_errors, NULL);

  return g_test_run ();
}
