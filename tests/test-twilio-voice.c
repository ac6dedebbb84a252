/* test-twilio-voice.c: missed calls read from a Twilio-compatible Calls list, through paging, faults and restarts. */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "http-client.h"
#include "redial-engine.h"
#include "redial-fake-clock.h"
#include "redial-twilio-signature.h"
#include "redial-twilio-voice.h"
#include "servers/twilio-calls-server.h"
#include "redial-test-util.h"

/* 2026-11-25 14:00:00 UTC. */
#define START_US G_GINT64_CONSTANT (1795615200000000)
#define SECONDS(n) ((gint64) (n) * G_USEC_PER_SEC)
#define MINUTES(n) SECONDS ((n) * 60)
#define ACCOUNT "AC0123456789abcdef0123456789abcdef"
#define TOKEN "test-auth-token"
#define PUBLIC_URL "https://desk.example.com/redial"
#define MAIN_LINE "+13125550118"

typedef struct
{
  char                *dir;
  char                *token_path;
  char                *state_path;
  char                *db_path;
  RedialClock         *clock;
  TwilioCallsServer   *twilio;
  RedialWebhookServer *webhooks;
  RedialPhoneSystem   *phone;
  GPtrArray           *events;
  RedialConfig        *config;
  RedialStore         *store;
  RedialEngine        *engine;
} Fixture;

static char *
call_sid (guint n)
{
  return g_strdup_printf ("CA%032x", n);
}

static void
on_call_event (RedialPhoneSystem *phone,
               RedialCallEvent   *event,
               GPtrArray         *events)
{
  g_ptr_array_add (events, redial_call_event_ref (event));
}

static char *
settings (Fixture    *f,
          const char *extra)
{
  return g_strdup_printf ("[twilio]\naccount-sid = %s\nbase-url = %s\nauth-token-file = %s\n%s",
                          ACCOUNT, twilio_calls_server_get_base_url (f->twilio), f->token_path,
                          extra != NULL ? extra : "");
}

static RedialPhoneSystem *
create_phone (Fixture    *f,
              const char *extra)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = settings (f, extra);
  RedialPhoneSystem *phone;

  g_assert_true (g_key_file_load_from_data (keyfile, text, -1, G_KEY_FILE_NONE, NULL));
  phone = redial_twilio_voice_new_from_keyfile (f->clock, f->webhooks, keyfile, "test.conf", f->state_path, &error);
  g_assert_no_error (error);
  g_signal_connect (phone, "call-event", G_CALLBACK (on_call_event), f->events);
  return phone;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("redial-twilio-XXXXXX", &error);
  g_assert_no_error (error);
  f->token_path = g_build_filename (f->dir, "token", NULL);
  g_assert_true (g_file_set_contents (f->token_path, TOKEN "\n", -1, NULL));
  g_assert_cmpint (g_chmod (f->token_path, 0600), ==, 0);
  f->state_path = g_build_filename (f->dir, "twilio-voice.state", NULL);
  f->clock = redial_fake_clock_new (START_US);
  f->twilio = twilio_calls_server_new (ACCOUNT, TOKEN);
  f->webhooks = redial_webhook_server_new ("127.0.0.1", 0);
  f->events = g_ptr_array_new_with_free_func ((GDestroyNotify) redial_call_event_unref);
  f->phone = create_phone (f, data);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->engine != NULL)
    redial_engine_stop (f->engine);
  redial_phone_system_stop (f->phone);
  /* Let cancelled requests finish before anything goes away. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (redial_webhook_server_is_listening (f->webhooks));
  g_clear_object (&f->engine);
  g_clear_object (&f->store);
  g_clear_object (&f->config);
  g_clear_object (&f->phone);
  g_clear_object (&f->webhooks);
  g_clear_pointer (&f->twilio, twilio_calls_server_free);
  g_clear_object (&f->clock);
  g_ptr_array_unref (f->events);

  redial_test_remove_tree (f->dir);
  g_free (f->db_path);
  g_free (f->state_path);
  g_free (f->token_path);
  g_free (f->dir);
}

static void
use_engine (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->db_path = g_build_filename (f->dir, "redial.db", NULL);
  f->config = redial_config_new ();
  f->store = redial_store_open (f->db_path, &error);
  g_assert_no_error (error);
  f->engine = redial_engine_new (f->config, f->store, f->clock);
  redial_engine_set_phone_system (f->engine, f->phone);
}

static guint
n_polls (RedialPhoneSystem *phone)
{
  return redial_twilio_voice_get_n_polls (REDIAL_TWILIO_VOICE (phone));
}

/* Turns the main loop until @phone has read the Calls list @n times. */
static void
wait_polls (RedialPhoneSystem *phone,
            guint              n)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (n_polls (phone) < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* Turns the main loop while @phone loads its secret, which it does in a
 * worker thread. */
static void
wait_while_connecting (RedialPhoneSystem *phone)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (redial_phone_system_get_state (phone) == REDIAL_CONNECTION_CONNECTING)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* Moves the clock on, then waits for the poll that falls due. */
static void
advance_and_poll (Fixture *f,
                  gint64   delta_us)
{
  guint before = n_polls (f->phone);

  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (f->clock), delta_us);
  wait_polls (f->phone, before + 1);
}

static char *
status_of (RedialPhoneSystem *phone)
{
  return redial_phone_system_dup_status (phone);
}

static RedialCallEvent *
event_at (Fixture *f,
          guint    i)
{
  g_assert_cmpuint (i, <, f->events->len);
  return g_ptr_array_index (f->events, i);
}

static void
add_call (Fixture    *f,
          guint       n,
          const char *direction,
          const char *status,
          gint64      start,
          gint64      end)
{
  g_autofree char *sid = call_sid (n);
  g_autofree char *from = g_strdup_printf ("+1312555%04u", n);

  twilio_calls_server_add_call (f->twilio, sid, direction, status, from, MAIN_LINE,
                                n % 2 == 0 ? "JANE DOE" : NULL, start, end);
}

/* The morning's calls: three missed inbound calls among others that are
 * not missed, not inbound, not over, or too old to look at. */
static void
add_morning (Fixture *f)
{
  add_call (f, 1, "inbound", "no-answer", START_US - MINUTES (50), 0);
  add_call (f, 2, "inbound", "busy", START_US - MINUTES (40), 0);
  add_call (f, 3, "inbound", "completed", START_US - MINUTES (35), START_US - MINUTES (33));
  add_call (f, 4, "outbound-api", "no-answer", START_US - MINUTES (30), 0);
  add_call (f, 5, "inbound", "canceled", START_US - MINUTES (20), START_US - MINUTES (19));
  add_call (f, 6, "inbound", "ringing", START_US - MINUTES (1), 0);
  add_call (f, 7, "inbound", "failed", START_US - MINUTES (10), 0);
  add_call (f, 8, "inbound", "no-answer", START_US - MINUTES (60 * 30), 0);
  add_call (f, 9, "outbound-dial", "busy", START_US - MINUTES (5), 0);
}

static void
assert_sids (Fixture            *f,
             const guint        *expected,
             guint               n_expected)
{
  g_assert_cmpuint (f->events->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      g_autofree char *sid = call_sid (expected[i]);
      g_assert_cmpstr (event_at (f, i)->provider_call_id, ==, sid);
    }
}

static void
test_paging (Fixture       *f,
             gconstpointer  data)
{
  static const guint expected[] = { 1, 2, 5 };
  g_autofree char *status = NULL;
  RedialCallEvent *event;

  add_morning (f);
  /* The day before, still listed for its date, older than the window. */
  add_call (f, 13, "inbound", "busy", START_US - MINUTES (60 * 32), 0);
  add_call (f, 14, "inbound", "busy", START_US - MINUTES (60 * 33), 0);
  twilio_calls_server_set_page_size (f->twilio, 2);

  redial_phone_system_start (f->phone);
  g_assert_cmpint (redial_phone_system_get_state (f->phone), ==, REDIAL_CONNECTION_CONNECTING);
  status = status_of (f->phone);
  g_assert_cmpstr (status, ==, "Connecting to 127.0.0.1…");
  wait_polls (f->phone, 1);

  g_assert_cmpint (redial_phone_system_get_state (f->phone), ==, REDIAL_CONNECTION_CONNECTED);
  g_clear_pointer (&status, g_free);
  status = status_of (f->phone);
  g_assert_cmpstr (status, ==, "Connected to 127.0.0.1");

  /* Eleven calls since the day before, two a page: the fifth page goes
   * back past the window, so the sixth is not asked for. */
  g_assert_cmpuint (twilio_calls_server_get_n_requests (f->twilio), ==, 5);
  g_assert_nonnull (strstr (twilio_calls_server_get_last_query (f->twilio), "StartTime%3E=2026-11-24"));
  g_assert_nonnull (strstr (twilio_calls_server_get_last_query (f->twilio), "PageToken=PA"));

  /* Oldest first, each mapped from Twilio's status. */
  assert_sids (f, expected, G_N_ELEMENTS (expected));
  event = event_at (f, 0);
  g_assert_cmpstr (event->provider, ==, "twilio");
  g_assert_cmpstr (event->caller, ==, "+13125550001");
  g_assert_null (event->caller_name);
  g_assert_cmpstr (event->line, ==, MAIN_LINE);
  g_assert_cmpint (event->started_at, ==, START_US - MINUTES (50));
  g_assert_cmpint (event->ended_at, ==, event->started_at);
  g_assert_cmpint (event->disposition, ==, REDIAL_DISPOSITION_NO_ANSWER);
  event = event_at (f, 1);
  g_assert_cmpstr (event->caller_name, ==, "JANE DOE");
  g_assert_cmpint (event->disposition, ==, REDIAL_DISPOSITION_BUSY);
  event = event_at (f, 2);
  g_assert_cmpint (event->ended_at, ==, START_US - MINUTES (19));
  g_assert_cmpint (event->disposition, ==, REDIAL_DISPOSITION_ABANDONED);

  g_assert_cmpint (redial_twilio_voice_get_newest_seen (REDIAL_TWILIO_VOICE (f->phone)), ==,
                   START_US - MINUTES (1));
}

static void
test_later_calls (Fixture       *f,
                  gconstpointer  data)
{
  static const guint expected[] = { 1, 2, 5, 6, 10 };

  add_morning (f);
  redial_phone_system_start (f->phone);
  wait_polls (f->phone, 1);
  g_assert_cmpuint (f->events->len, ==, 3);

  /* The call that was ringing went unanswered; a new one came in. */
  add_call (f, 6, "inbound", "no-answer", START_US - MINUTES (1), 0);
  add_call (f, 10, "inbound", "busy", START_US + SECONDS (30), 0);

  /* Nothing before the interval is up. */
  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (f->clock), SECONDS (59));
  g_assert_cmpuint (n_polls (f->phone), ==, 1);

  advance_and_poll (f, SECONDS (1));
  assert_sids (f, expected, G_N_ELEMENTS (expected));

  /* The same list read again reports nothing again. */
  advance_and_poll (f, SECONDS (60));
  g_assert_cmpuint (f->events->len, ==, G_N_ELEMENTS (expected));
}

static void
test_restart_recovers (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  g_autofree char *sid = NULL;

  GStatBuf info;

  umask (022);
  use_engine (f);
  add_morning (f);
  g_assert_true (redial_engine_start (f->engine, &error));
  wait_polls (f->phone, 1);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_CALLS), ==, 3);

  /* Redial stops for three hours; two calls are missed meanwhile. */
  redial_engine_stop (f->engine);
  g_assert_true (g_file_get_contents (f->state_path, &state, NULL, NULL));
  g_assert_cmpint (g_stat (f->state_path, &info), ==, 0);
  g_assert_cmpuint (info.st_mode & 07777, ==, 0600);
  g_assert_nonnull (strstr (state, "account-sid=" ACCOUNT));
  g_assert_nonnull (strstr (state, "newest-call=2026-11-25T13:59:00Z"));

  add_call (f, 11, "inbound", "no-answer", START_US + MINUTES (60), 0);
  add_call (f, 12, "inbound", "canceled", START_US + MINUTES (120), START_US + MINUTES (121));
  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (f->clock), MINUTES (180));

  /* A new process: nothing in memory, only the state file. */
  redial_engine_set_phone_system (f->engine, NULL);
  g_clear_object (&f->phone);
  g_ptr_array_set_size (f->events, 0);
  f->phone = create_phone (f, NULL);
  redial_engine_set_phone_system (f->engine, f->phone);
  g_assert_true (redial_engine_start (f->engine, &error));
  wait_polls (f->phone, 1);

  /* Read from an hour before the newest call seen, not a day back; the
   * calls of that hour come again and are stored once. */
  g_assert_nonnull (strstr (twilio_calls_server_get_last_query (f->twilio), "StartTime%3E=2026-11-25"));
  g_assert_cmpuint (f->events->len, ==, 5);
  sid = call_sid (12);
  g_assert_cmpstr (event_at (f, 4)->provider_call_id, ==, sid);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_CALLS), ==, 5);
}

static void
test_state_of_other_account_ignored (Fixture       *f,
                                     gconstpointer  data)
{
  g_assert_true (g_file_set_contents (f->state_path,
                                      "[twilio-voice]\naccount-sid=ACffffffffffffffffffffffffffffffff\n"
                                      "newest-call=2026-11-25T13:00:00Z\n", -1, NULL));
  add_morning (f);
  redial_phone_system_start (f->phone);
  wait_polls (f->phone, 1);

  /* A day back, as if there were no state: all three are found. */
  g_assert_nonnull (strstr (twilio_calls_server_get_last_query (f->twilio), "StartTime%3E=2026-11-24"));
  g_assert_cmpuint (f->events->len, ==, 3);
}

/* Starts the phone afresh on Monday 2026-11-23 08:00 UTC, @saved being the
 * newest call in its state file, with a call already seen at @seen_us and
 * a missed one at @missed_us in the list: the list must be read from
 * @from_date, and only the missed call reported. */
static void
check_restart_on_monday (Fixture    *f,
                         const char *saved,
                         gint64      seen_us,
                         gint64      missed_us,
                         const char *from_date)
{
  g_autofree char *state = g_strdup_printf ("[twilio-voice]\naccount-sid=" ACCOUNT "\nnewest-call=%s\n", saved);
  g_autofree char *query = g_strdup_printf ("StartTime%%3E=%s", from_date);
  g_autofree char *sid = call_sid (21);

  add_call (f, 20, "inbound", "no-answer", seen_us, 0);
  add_call (f, 21, "inbound", "no-answer", missed_us, 0);
  g_assert_true (g_file_set_contents (f->state_path, state, -1, NULL));
  g_clear_object (&f->phone);
  g_clear_object (&f->clock);
  f->clock = redial_fake_clock_new (START_US - MINUTES (60 * (2 * 24 + 6)));
  f->phone = create_phone (f, NULL);
  redial_phone_system_start (f->phone);
  wait_polls (f->phone, 1);

  g_assert_nonnull (strstr (twilio_calls_server_get_last_query (f->twilio), query));
  g_assert_cmpuint (f->events->len, ==, 1);
  g_assert_cmpstr (event_at (f, 0)->provider_call_id, ==, sid);
}

static void
test_weekend_off_recovered (Fixture       *f,
                            gconstpointer  data)
{
  /* Closed from Friday 18:00; a caller rang on Saturday at 10:00. Read
   * from an hour before Friday's last call, not from Sunday. */
  check_restart_on_monday (f, "2026-11-20T18:00:00Z", START_US - MINUTES (60 * (4 * 24 + 22)),
                           START_US - MINUTES (60 * (4 * 24 + 4)), "2026-11-20");
}

static void
test_long_time_off_week_back (Fixture       *f,
                              gconstpointer  data)
{
  /* Off for a fortnight: only the last week is read. */
  check_restart_on_monday (f, "2026-11-09T18:00:00Z", START_US - MINUTES (60 * 24 * 12),
                           START_US - MINUTES (60 * 24 * 8), "2026-11-16");
}

static void
test_wrong_auth (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *status = NULL;

  add_morning (f);
  twilio_calls_server_set_auth_token (f->twilio, "a-rotated-token");
  redial_phone_system_start (f->phone);
  wait_polls (f->phone, 1);

  g_assert_cmpint (redial_phone_system_get_state (f->phone), ==, REDIAL_CONNECTION_AUTH_FAILED);
  status = status_of (f->phone);
  g_assert_cmpstr (status, ==, "127.0.0.1 refused the Account SID or auth token");
  g_assert_cmpuint (twilio_calls_server_get_n_refused (f->twilio), ==, 1);
  g_assert_cmpuint (f->events->len, ==, 0);

  /* Hammering with refused credentials helps nobody: no retry. */
  g_assert_cmpuint (redial_fake_clock_get_n_pending (REDIAL_FAKE_CLOCK (f->clock)), ==, 0);
}

static void
test_missing_token (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *status = NULL;

  g_unlink (f->token_path);
  redial_phone_system_start (f->phone);
  wait_while_connecting (f->phone);

  g_assert_cmpint (redial_phone_system_get_state (f->phone), ==, REDIAL_CONNECTION_AUTH_FAILED);
  status = status_of (f->phone);
  g_assert_nonnull (strstr (status, f->token_path));
  g_assert_cmpuint (twilio_calls_server_get_n_requests (f->twilio), ==, 0);
}

static void
test_token_file_is_a_pipe (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *status = NULL;

  /* A named pipe nobody writes to: refused at once, not "Connecting…" for ever. */
  g_unlink (f->token_path);
  g_assert_cmpint (mkfifo (f->token_path, 0600), ==, 0);
  redial_phone_system_start (f->phone);
  wait_while_connecting (f->phone);

  g_assert_cmpint (redial_phone_system_get_state (f->phone), ==, REDIAL_CONNECTION_AUTH_FAILED);
  status = status_of (f->phone);
  g_assert_nonnull (strstr (status, "is not a regular file"));
  g_assert_cmpuint (twilio_calls_server_get_n_requests (f->twilio), ==, 0);
}

static void
test_server_errors_backoff (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *status = NULL;

  add_morning (f);
  twilio_calls_server_fail (f->twilio, TWILIO_FAULT_SERVER_ERROR, 0, 2);
  redial_phone_system_start (f->phone);
  wait_polls (f->phone, 1);

  g_assert_cmpint (redial_phone_system_get_state (f->phone), ==, REDIAL_CONNECTION_RETRYING);
  status = status_of (f->phone);
  g_assert_cmpstr (status, ==, "127.0.0.1 sent an answer Redial cannot use. Retrying in 5 s");

  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (f->clock), SECONDS (4));
  g_assert_cmpuint (n_polls (f->phone), ==, 1);
  advance_and_poll (f, SECONDS (1));
  g_clear_pointer (&status, g_free);
  status = status_of (f->phone);
  g_assert_true (g_str_has_suffix (status, "Retrying in 10 s"));
  g_assert_cmpuint (f->events->len, ==, 0);

  advance_and_poll (f, SECONDS (10));
  g_assert_cmpint (redial_phone_system_get_state (f->phone), ==, REDIAL_CONNECTION_CONNECTED);
  g_assert_cmpuint (f->events->len, ==, 3);

  /* Rate limiting is waited out the same way, from 5 s again. */
  twilio_calls_server_fail (f->twilio, TWILIO_FAULT_RATE_LIMITED, 0, 1);
  advance_and_poll (f, SECONDS (60));
  g_clear_pointer (&status, g_free);
  status = status_of (f->phone);
  g_assert_true (g_str_has_suffix (status, "Retrying in 5 s"));
  advance_and_poll (f, SECONDS (5));
  g_assert_cmpint (redial_phone_system_get_state (f->phone), ==, REDIAL_CONNECTION_CONNECTED);
  g_assert_cmpuint (f->events->len, ==, 3);
}

static void
test_unusable_pages (Fixture       *f,
                     gconstpointer  data)
{
  static const TwilioFault faults[] = {
    TWILIO_FAULT_GARBAGE,
    TWILIO_FAULT_TRUNCATED,
    TWILIO_FAULT_OVERSIZED,
    TWILIO_FAULT_TOO_DEEP,
    TWILIO_FAULT_NO_CALLS,
    TWILIO_FAULT_FOREIGN_NEXT_PAGE,
  };

  add_morning (f);
  redial_phone_system_start (f->phone);
  wait_polls (f->phone, 1);
  g_assert_cmpuint (f->events->len, ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      add_call (f, 20 + i, "inbound", "no-answer", START_US + MINUTES (i), 0);
      twilio_calls_server_fail (f->twilio, faults[i], 0, 1);

      advance_and_poll (f, SECONDS (60));
      if (redial_phone_system_get_state (f->phone) != REDIAL_CONNECTION_RETRYING)
        g_error ("Fault %u was not retried", faults[i]);
      g_assert_cmpuint (f->events->len, ==, 3 + i);

      advance_and_poll (f, SECONDS (5));
      g_assert_cmpint (redial_phone_system_get_state (f->phone), ==, REDIAL_CONNECTION_CONNECTED);
      g_assert_cmpuint (f->events->len, ==, 4 + i);
    }
}

static void
test_failure_mid_paging (Fixture       *f,
                         gconstpointer  data)
{
  static const guint expected[] = { 35, 36, 31, 32, 33, 34 };

  for (guint i = 1; i <= 6; i++)
    add_call (f, 30 + i, "inbound", "no-answer", START_US - MINUTES (60 - 5 * i), 0);
  twilio_calls_server_set_page_size (f->twilio, 2);
  twilio_calls_server_fail (f->twilio, TWILIO_FAULT_SERVER_ERROR, 1, 1);

  /* The first page (the two newest) got through before the failure:
   * those calls are reported now, the rest on the retry, none twice. */
  redial_phone_system_start (f->phone);
  wait_polls (f->phone, 1);
  g_assert_cmpint (redial_phone_system_get_state (f->phone), ==, REDIAL_CONNECTION_RETRYING);
  g_assert_cmpuint (f->events->len, ==, 2);
  g_assert_cmpint (redial_twilio_voice_get_newest_seen (REDIAL_TWILIO_VOICE (f->phone)), <,
                   START_US - MINUTES (60));

  advance_and_poll (f, SECONDS (5));
  assert_sids (f, expected, G_N_ELEMENTS (expected));
}

static void
test_malformed_entries (Fixture       *f,
                        gconstpointer  data)
{
  static const guint expected[] = { 40, 41 };

  add_call (f, 40, "inbound", "no-answer", START_US - MINUTES (30), 0);
  twilio_calls_server_add_raw (f->twilio, "42", START_US - MINUTES (25));
  twilio_calls_server_add_raw (f->twilio, "{\"status\": \"no-answer\", \"direction\": \"inbound\"}",
                               START_US - MINUTES (24));
  twilio_calls_server_add_raw (f->twilio, "{\"sid\": \"../../etc/passwd\", \"status\": \"busy\", "
                               "\"direction\": \"inbound\", \"start_time\": \"Wed, 25 Nov 2026 13:30:00 +0000\"}",
                               START_US - MINUTES (23));
  twilio_calls_server_add_raw (f->twilio, "{\"sid\": 12345, \"status\": \"busy\", \"direction\": \"inbound\"}",
                               START_US - MINUTES (22));
  twilio_calls_server_add_raw (f->twilio, "{\"sid\": \"CAbad0000000000000000000000000001\", \"status\": \"busy\", "
                               "\"direction\": \"inbound\", \"start_time\": \"yesterday\", \"date_created\": null}",
                               START_US - MINUTES (21));
  twilio_calls_server_add_raw (f->twilio, "{\"sid\": \"CAbad0000000000000000000000000002\", "
                               "\"direction\": \"inbound\", \"start_time\": \"Wed, 25 Nov 2026 13:40:00 +0000\"}",
                               START_US - MINUTES (20));
  twilio_calls_server_add_raw (f->twilio, "{\"sid\": \"CAbad0000000000000000000000000003\", \"status\": \"busy\", "
                               "\"direction\": \"inbound\", \"start_time\": \"Sat, 01 Jan 2050 00:00:00 +0000\"}",
                               START_US - MINUTES (19));
  add_call (f, 41, "inbound", "busy", START_US - MINUTES (10), 0);

  redial_phone_system_start (f->phone);
  wait_polls (f->phone, 1);

  /* The entries around the junk are reported, and the list is not
   * read again for it. */
  g_assert_cmpint (redial_phone_system_get_state (f->phone), ==, REDIAL_CONNECTION_CONNECTED);
  assert_sids (f, expected, G_N_ELEMENTS (expected));
  /* A call dated 2050 does not move the position into the future. */
  g_assert_cmpint (redial_twilio_voice_get_newest_seen (REDIAL_TWILIO_VOICE (f->phone)), ==,
                   START_US - MINUTES (10));
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *status = NULL;

  add_morning (f);
  twilio_calls_server_fail (f->twilio, TWILIO_FAULT_HANG, 0, 1);
  redial_phone_system_start (f->phone);

  /* Let the request reach the server, which then says nothing. */
  while (twilio_calls_server_get_n_requests (f->twilio) == 0)
    g_main_context_iteration (NULL, TRUE);
  advance_and_poll (f, SECONDS (30));

  g_assert_cmpint (redial_phone_system_get_state (f->phone), ==, REDIAL_CONNECTION_RETRYING);
  status = status_of (f->phone);
  g_assert_cmpstr (status, ==, "Cannot reach 127.0.0.1. Retrying in 5 s");

  advance_and_poll (f, SECONDS (5));
  g_assert_cmpint (redial_phone_system_get_state (f->phone), ==, REDIAL_CONNECTION_CONNECTED);
  g_assert_cmpuint (f->events->len, ==, 3);
}

static void
test_stop_while_polling (Fixture       *f,
                         gconstpointer  data)
{
  add_morning (f);
  redial_phone_system_start (f->phone);
  redial_phone_system_stop (f->phone);
  g_assert_cmpint (redial_phone_system_get_state (f->phone), ==, REDIAL_CONNECTION_DISCONNECTED);
  g_assert_cmpuint (redial_fake_clock_get_n_pending (REDIAL_FAKE_CLOCK (f->clock)), ==, 0);

  /* The request in flight ends quietly, reporting nothing. */
  for (guint i = 0; i < 100; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (f->events->len, ==, 0);

  redial_phone_system_start (f->phone);
  wait_polls (f->phone, 1);
  g_assert_cmpuint (f->events->len, ==, 3);
}

/* Posts a voice status callback as Twilio would, signed with @token. */
static guint
post_callback (Fixture    *f,
               GHashTable *params,
               const char *token,
               const char *content_type)
{
  g_autofree char *body = soup_form_encode_hash (params);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u%s", redial_webhook_server_get_port (f->webhooks),
                                          REDIAL_TWILIO_VOICE_STATUS_PATH);
  g_autofree char *signed_url = redial_twilio_signature_url (PUBLIC_URL, REDIAL_TWILIO_VOICE_STATUS_PATH, NULL);
  g_autofree char *signature = token != NULL ? redial_twilio_signature_compute (token, signed_url, params) : NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  const char *headers[] = { REDIAL_TWILIO_SIGNATURE_HEADER, signature, NULL };
  g_autoptr(HttpReply) reply = http_send ("POST", url, content_type, bytes, signature != NULL ? headers : NULL);

  return reply->status;
}

static GHashTable *
callback_params (guint       n,
                 const char *status)
{
  GHashTable *params = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (params, "AccountSid", g_strdup (ACCOUNT));
  g_hash_table_insert (params, "ApiVersion", g_strdup ("2010-04-01"));
  g_hash_table_insert (params, "CallSid", call_sid (n));
  g_hash_table_insert (params, "CallStatus", g_strdup (status));
  g_hash_table_insert (params, "CallDuration", g_strdup ("0"));
  g_hash_table_insert (params, "Direction", g_strdup ("inbound"));
  g_hash_table_insert (params, "From", g_strdup ("+13125550150"));
  g_hash_table_insert (params, "To", g_strdup (MAIN_LINE));
  g_hash_table_insert (params, "CallerName", g_strdup ("SMITH JOHN"));
  g_hash_table_insert (params, "Timestamp", g_strdup ("Wed, 25 Nov 2026 14:00:40 +0000"));
  g_hash_table_insert (params, "CallbackSource", g_strdup ("call-progress-events"));
  g_hash_table_insert (params, "SequenceNumber", g_strdup ("0"));
  return params;
}

static void
test_status_callback (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GHashTable) missed = callback_params (50, "no-answer");
  g_autoptr(GHashTable) answered = callback_params (51, "completed");
  g_autoptr(GHashTable) outbound = callback_params (52, "busy");
  g_autoptr(GHashTable) other_account = callback_params (53, "busy");
  g_autoptr(GHashTable) no_sid = callback_params (54, "busy");
  RedialCallEvent *event;

  redial_phone_system_start (f->phone);
  wait_polls (f->phone, 1);
  g_assert_true (redial_webhook_server_is_listening (f->webhooks));

  g_assert_cmpuint (post_callback (f, missed, NULL, "application/x-www-form-urlencoded"), ==, 401);
  g_assert_cmpuint (post_callback (f, missed, "not-the-token", "application/x-www-form-urlencoded"), ==, 401);
  g_assert_cmpuint (post_callback (f, missed, TOKEN, "application/json"), ==, 415);
  g_assert_cmpuint (f->events->len, ==, 0);

  /* Reported at once, and once however often Twilio retries. */
  g_assert_cmpuint (post_callback (f, missed, TOKEN, "application/x-www-form-urlencoded"), ==, 204);
  g_assert_cmpuint (post_callback (f, missed, TOKEN, "application/x-www-form-urlencoded"), ==, 204);
  g_assert_cmpuint (f->events->len, ==, 1);
  event = event_at (f, 0);
  g_assert_cmpstr (event->provider, ==, "twilio");
  g_assert_cmpstr (event->caller, ==, "+13125550150");
  g_assert_cmpstr (event->caller_name, ==, "SMITH JOHN");
  g_assert_cmpstr (event->line, ==, MAIN_LINE);
  g_assert_cmpint (event->started_at, ==, START_US + SECONDS (40));
  g_assert_cmpint (event->disposition, ==, REDIAL_DISPOSITION_NO_ANSWER);

  /* Authentic, but not a missed inbound call of this account. */
  g_hash_table_insert (outbound, "Direction", g_strdup ("outbound-api"));
  g_hash_table_insert (other_account, "AccountSid", g_strdup ("ACffffffffffffffffffffffffffffffff"));
  g_hash_table_remove (no_sid, "CallSid");
  g_assert_cmpuint (post_callback (f, answered, TOKEN, "application/x-www-form-urlencoded"), ==, 204);
  g_assert_cmpuint (post_callback (f, outbound, TOKEN, "application/x-www-form-urlencoded"), ==, 204);
  g_assert_cmpuint (post_callback (f, other_account, TOKEN, "application/x-www-form-urlencoded"), ==, 204);
  g_assert_cmpuint (post_callback (f, no_sid, TOKEN, "application/x-www-form-urlencoded"), ==, 400);
  g_assert_cmpuint (f->events->len, ==, 1);

  /* The same call on the Calls list is not reported again. */
  add_call (f, 50, "inbound", "no-answer", START_US + SECONDS (10), 0);
  advance_and_poll (f, SECONDS (60));
  g_assert_cmpuint (f->events->len, ==, 1);
}

static void
test_settings (void)
{
  static const struct {
    const char *text;
    const char *error;  /* NULL when the settings are fine */
  } cases[] = {
    { "[twilio]\naccount-sid = AC0123\n", NULL },
    { "[twilio]\naccount-sid = AC0123\nbase-url = http://localhost:8080/\npoll-interval = 10\n", NULL },
    { "[twilio]\naccount-sid = 0b9f-4c1a\nbase-url = https://acme.signalwire.com/api/laml\n"
      "public-url = https://desk.example.com/redial/\n", NULL },
    { "", "test.conf: [twilio] account-sid: the Account SID from the Twilio console is needed" },
    { "[twilio]\naccount-sid = AC/../x\n", "test.conf: [twilio] account-sid: expected letters, digits" },
    { "[twilio]\naccount-sid = AC0123\nbase-url = ftp://api.twilio.com\n", "test.conf: [twilio] base-url: " },
    { "[twilio]\naccount-sid = AC0123\nbase-url = api.twilio.com\n", "test.conf: [twilio] base-url: " },
    { "[twilio]\naccount-sid = AC0123\nbase-url = https://api.twilio.com?x=1\n", "test.conf: [twilio] base-url: " },
    { "[twilio]\naccount-sid = AC0123\nbase-url = http://api.example.com\n",
      "test.conf: [twilio] base-url: expected an https:// address" },
    { "[twilio]\naccount-sid = AC0123\npoll-interval = 5\n", "test.conf: [twilio] poll-interval: " },
    { "[twilio]\naccount-sid = AC0123\npoll-interval = often\n", "test.conf: [twilio] poll-interval: " },
    { "[twilio]\naccount-sid = AC0123\npublic-url = desk.example.com\n", "test.conf: [twilio] public-url: " },
    { "[twilio]\naccount-sid = AC0123\nauth-token-file = token.txt\n", "test.conf: [twilio] auth-token-file: " },
  };
  g_autoptr(RedialClock) clock = redial_fake_clock_new (START_US);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GKeyFile) keyfile = g_key_file_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(RedialPhoneSystem) phone = NULL;

      g_assert_true (g_key_file_load_from_data (keyfile, cases[i].text, -1, G_KEY_FILE_NONE, NULL));
      phone = redial_twilio_voice_new_from_keyfile (clock, NULL, keyfile, "test.conf", NULL, &error);

      if (cases[i].error == NULL)
        {
          g_assert_no_error (error);
          g_assert_nonnull (phone);
        }
      else
        {
          g_assert_error (error, REDIAL_TWILIO_VOICE_ERROR, REDIAL_TWILIO_VOICE_ERROR_INVALID);
          if (!g_str_has_prefix (error->message, cases[i].error))
            g_error ("Case %u: “%s”", i, error->message);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, extra) \
  g_test_add (path, Fixture, extra, fixture_setup, func, fixture_teardown)

  ADD ("/twilio-voice/paging/missed-inbound-calls-reported", test_paging, NULL);
  ADD ("/twilio-voice/poll/later-calls-reported-once", test_later_calls, NULL);
  ADD ("/twilio-voice/restart/calls-missed-while-off-recovered", test_restart_recovers, NULL);
  ADD ("/twilio-voice/restart/weekend-off-saturday-found", test_weekend_off_recovered, NULL);
  ADD ("/twilio-voice/restart/fortnight-off-week-back", test_long_time_off_week_back, NULL);
  ADD ("/twilio-voice/restart/state-of-other-account-ignored", test_state_of_other_account_ignored, NULL);
  ADD ("/twilio-voice/auth/wrong-token-auth-failed-no-retry", test_wrong_auth, NULL);
  ADD ("/twilio-voice/auth/missing-token-file", test_missing_token, NULL);
  ADD ("/twilio-voice/auth/token-file-a-pipe-refused", test_token_file_is_a_pipe, NULL);
  ADD ("/twilio-voice/errors/server-errors-retried-with-backoff", test_server_errors_backoff, NULL);
  ADD ("/twilio-voice/errors/unusable-pages-retried", test_unusable_pages, NULL);
  ADD ("/twilio-voice/errors/failure-mid-paging-loses-nothing", test_failure_mid_paging, NULL);
  ADD ("/twilio-voice/errors/malformed-entries-skipped", test_malformed_entries, NULL);
  ADD ("/twilio-voice/errors/timeout-retried", test_timeout, NULL);
  ADD ("/twilio-voice/stop/while-polling", test_stop_while_polling, NULL);
  ADD ("/twilio-voice/status-callback/signed-reported-once", test_status_callback,
       "public-url = " PUBLIC_URL "\n");
  g_test_add_func ("/twilio-voice/settings/checked-with-file-group-key", test_settings);

  return g_test_run ();
}
