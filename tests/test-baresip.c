/* test-baresip.c: calls that ring out on the baresip softphone are recorded as missed, against a stand-in and against the real baresip rung by sipp. */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>

#include "redial-baresip.h"
#include "redial-config.h"
#include "redial-engine.h"
#include "redial-fake-clock.h"
#include "redial-store.h"
#include "redial-test-util.h"
#include "servers/ctrl-tcp-server.h"

#define START_US G_GINT64_CONSTANT (1795615200000000)
#define SECONDS(n) ((gint64) (n) * G_USEC_PER_SEC)
#define WAIT_MS 5000
/* Real processes get longer, on a busy two-core machine. */
#define REAL_WAIT_MS 20000

#define ACCOUNT "sip:frontdesk@pbx.example.com"
#define ACCOUNT_LINE "+1 312 555 0118"

typedef struct
{
  RedialClock       *clock;
  CtrlTcpServer     *server;
  RedialPhoneSystem *phone;
  GPtrArray         *events;
} Fixture;

static void
on_call_event (RedialPhoneSystem *phone,
               RedialCallEvent   *event,
               GPtrArray         *events)
{
  g_ptr_array_add (events, redial_call_event_ref (event));
}

static gboolean
is_connected (gpointer data)
{
  return redial_phone_system_get_state (data) == REDIAL_CONNECTION_CONNECTED;
}

static gboolean
is_retrying (gpointer data)
{
  return redial_phone_system_get_state (data) == REDIAL_CONNECTION_RETRYING;
}

typedef struct
{
  GPtrArray *events;
  guint      n;
} EventCount;

static gboolean
has_events (gpointer data)
{
  EventCount *count = data;

  return count->events->len >= count->n;
}

static gboolean
wait_events (Fixture *fixture,
             guint    n)
{
  EventCount count = { fixture->events, n };

  return test_wait_until (has_events, &count, WAIT_MS);
}

/* A marker call: once its event is in, everything sent before it was handled. */
static void
send_marker_call (Fixture    *fixture,
                  const char *id)
{
  ctrl_tcp_server_send_call (fixture->server, "CALL_INCOMING", id, "incoming",
                             "sip:+13125550199@pbx.example.com", NULL, ACCOUNT);
  ctrl_tcp_server_send_call (fixture->server, "CALL_CLOSED", id, "incoming",
                             "sip:+13125550199@pbx.example.com", NULL, ACCOUNT);
}

static RedialCallEvent *
event_at (Fixture *fixture,
          guint    i)
{
  return g_ptr_array_index (fixture->events, i);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) lines = g_hash_table_new (g_str_hash, g_str_equal);

  fixture->clock = redial_fake_clock_new (START_US);
  fixture->server = ctrl_tcp_server_new (0, &error);
  g_assert_no_error (error);
  fixture->events = g_ptr_array_new_with_free_func ((GDestroyNotify) redial_call_event_unref);

  g_hash_table_insert (lines, "<" ACCOUNT ">", ACCOUNT_LINE);
  fixture->phone = redial_baresip_new (fixture->clock, "127.0.0.1",
                                       ctrl_tcp_server_get_port (fixture->server), lines, NULL);
  g_signal_connect (fixture->phone, "call-event", G_CALLBACK (on_call_event), fixture->events);

  redial_phone_system_start (fixture->phone);
  g_assert_cmpint (redial_phone_system_get_state (fixture->phone), ==, REDIAL_CONNECTION_CONNECTING);
  g_assert_true (test_wait_until (is_connected, fixture->phone, WAIT_MS));
  g_assert_true (ctrl_tcp_server_wait_client (fixture->server, WAIT_MS));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  redial_phone_system_stop (fixture->phone);
  g_clear_object (&fixture->phone);
  g_clear_pointer (&fixture->server, ctrl_tcp_server_free);
  g_clear_pointer (&fixture->events, g_ptr_array_unref);
  g_clear_object (&fixture->clock);
}

static void
test_rang_out_is_missed (Fixture       *fixture,
                         gconstpointer  data)
{
  RedialCallEvent *event;
  g_autofree char *status = redial_phone_system_dup_status (fixture->phone);
  g_autofree char *expected_status = g_strdup_printf ("Connected to baresip at 127.0.0.1:%u",
                                                      ctrl_tcp_server_get_port (fixture->server));

  g_assert_cmpstr (status, ==, expected_status);

  ctrl_tcp_server_send_call (fixture->server, "CALL_INCOMING", "a84b4c76e66710@pc33", "incoming",
                             "sip:+13125550110@pbx.example.com;user=phone", "Jane Caller", ACCOUNT);
  ctrl_tcp_server_send_call (fixture->server, "CALL_RINGING", "a84b4c76e66710@pc33", "incoming",
                             "sip:+13125550110@pbx.example.com;user=phone", "Jane Caller", ACCOUNT);
  /* Let the ring be seen before time moves: the call came in at START. */
  send_marker_call (fixture, "marker-1");
  g_assert_true (wait_events (fixture, 1));

  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (fixture->clock), SECONDS (25));
  ctrl_tcp_server_send_call (fixture->server, "CALL_CLOSED", "a84b4c76e66710@pc33", "incoming",
                             "sip:+13125550110@pbx.example.com;user=phone", "Jane Caller", ACCOUNT);
  g_assert_true (wait_events (fixture, 2));
  g_assert_cmpuint (fixture->events->len, ==, 2);

  event = event_at (fixture, 1);
  g_assert_cmpstr (event->provider, ==, "baresip");
  g_assert_cmpstr (event->provider_call_id, ==, "a84b4c76e66710@pc33/1795615200000000");
  g_assert_cmpstr (event->caller, ==, "+13125550110");
  g_assert_cmpstr (event->caller_name, ==, "Jane Caller");
  g_assert_cmpstr (event->line, ==, ACCOUNT_LINE);
  g_assert_cmpint (event->started_at, ==, START_US);
  g_assert_cmpint (event->ended_at, ==, START_US + SECONDS (25));
  g_assert_cmpint (event->disposition, ==, REDIAL_DISPOSITION_NO_ANSWER);
  g_assert_true (redial_call_event_is_missed (event));
}

static void
test_established_is_answered (Fixture       *fixture,
                              gconstpointer  data)
{
  RedialCallEvent *event;

  ctrl_tcp_server_send_call (fixture->server, "CALL_INCOMING", "call-2", "incoming",
                             "<sip:+13125550111@pbx.example.com>", NULL, ACCOUNT);
  ctrl_tcp_server_send_call (fixture->server, "CALL_ESTABLISHED", "call-2", "incoming",
                             "<sip:+13125550111@pbx.example.com>", NULL, ACCOUNT);
  ctrl_tcp_server_send_call (fixture->server, "CALL_CLOSED", "call-2", "incoming",
                             "<sip:+13125550111@pbx.example.com>", NULL, ACCOUNT);
  g_assert_true (wait_events (fixture, 1));

  event = event_at (fixture, 0);
  g_assert_cmpstr (event->caller, ==, "+13125550111");
  g_assert_null (event->caller_name);
  g_assert_cmpint (event->disposition, ==, REDIAL_DISPOSITION_ANSWERED);
  g_assert_false (redial_call_event_is_missed (event));
}

static void
test_unknown_close_ignored (Fixture       *fixture,
                            gconstpointer  data)
{
  /* Rang before Redial connected: nobody can tell whether it was answered. */
  ctrl_tcp_server_send_call (fixture->server, "CALL_CLOSED", "never-seen", "incoming",
                             "sip:+13125550112@pbx.example.com", NULL, ACCOUNT);
  send_marker_call (fixture, "marker");
  g_assert_true (wait_events (fixture, 1));
  g_assert_cmpuint (fixture->events->len, ==, 1);
  g_assert_cmpstr (event_at (fixture, 0)->caller, ==, "+13125550199");
}

static void
test_duplicates_reported_once (Fixture       *fixture,
                               gconstpointer  data)
{
  ctrl_tcp_server_send_call (fixture->server, "CALL_INCOMING", "call-3", "incoming",
                             "sip:+13125550113@pbx.example.com", NULL, ACCOUNT);
  ctrl_tcp_server_send_call (fixture->server, "CALL_INCOMING", "call-3", "incoming",
                             "sip:+13125550113@pbx.example.com", NULL, ACCOUNT);
  ctrl_tcp_server_send_call (fixture->server, "CALL_CLOSED", "call-3", "incoming",
                             "sip:+13125550113@pbx.example.com", NULL, ACCOUNT);
  ctrl_tcp_server_send_call (fixture->server, "CALL_CLOSED", "call-3", "incoming",
                             "sip:+13125550113@pbx.example.com", NULL, ACCOUNT);
  send_marker_call (fixture, "marker");
  g_assert_true (wait_events (fixture, 2));
  g_assert_cmpuint (fixture->events->len, ==, 2);
  g_assert_cmpstr (event_at (fixture, 0)->caller, ==, "+13125550113");
  g_assert_cmpstr (event_at (fixture, 1)->caller, ==, "+13125550199");
}

static void
test_outgoing_ignored (Fixture       *fixture,
                       gconstpointer  data)
{
  ctrl_tcp_server_send_call (fixture->server, "CALL_ESTABLISHED", "out-1", "outgoing",
                             "sip:+13125550114@pbx.example.com", NULL, ACCOUNT);
  ctrl_tcp_server_send_call (fixture->server, "CALL_CLOSED", "out-1", "outgoing",
                             "sip:+13125550114@pbx.example.com", NULL, ACCOUNT);
  send_marker_call (fixture, "marker");
  g_assert_true (wait_events (fixture, 1));
  g_assert_cmpuint (fixture->events->len, ==, 1);
  g_assert_cmpstr (event_at (fixture, 0)->caller, ==, "+13125550199");
}

static void
test_caller_from_uri (Fixture       *fixture,
                      gconstpointer  data)
{
  const struct {
    const char *uri;
    const char *caller;
  } cases[] = {
    { "sip:+13125550110@pbx.example.com", "+13125550110" },
    { "sips:3125550110@pbx.example.com:5061;transport=tls", "3125550110" },
    { "\"Jane\" <sip:%2B13125550110@pbx.example.com>", "+13125550110" },
    { "tel:+1-312-555-0110;phone-context=example.com", "+1-312-555-0110" },
    { "sip:+13125550110;isub=12@pbx.example.com", "+13125550110" },
    { "sip:anonymous@anonymous.invalid", "anonymous" },
    { "sip:pbx.example.com", NULL },
    { "sip:%00@pbx.example.com", "%00" },
    { "sip:1234567890123456789012345678901234567890123456789012345678901234567890@x", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = g_strdup_printf ("uri-%u", i);

      ctrl_tcp_server_send_call (fixture->server, "CALL_INCOMING", id, "incoming", cases[i].uri, NULL, ACCOUNT);
      ctrl_tcp_server_send_call (fixture->server, "CALL_CLOSED", id, "incoming", cases[i].uri, NULL, ACCOUNT);
    }
  g_assert_true (wait_events (fixture, G_N_ELEMENTS (cases)));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (event_at (fixture, i)->caller, ==, cases[i].caller);
}

static void
test_line_from_account (void)
{
  g_autoptr(RedialClock) clock = redial_fake_clock_new (START_US);
  g_autoptr(CtrlTcpServer) server = ctrl_tcp_server_new (0, NULL);
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) redial_call_event_unref);
  g_autoptr(RedialPhoneSystem) phone = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("[baresip]\n"
                                           "port = %u\n"
                                           "line = +1 312 555 0100\n"
                                           "account.sip:ads@pbx.example.com = +1 312 555 0119\n"
                                           "account.<sip:Main@PBX.example.com> = (312) 555-0118\n",
                                           ctrl_tcp_server_get_port (server));
  EventCount count = { events, 3 };

  g_assert_true (g_key_file_load_from_data (keyfile, text, -1, G_KEY_FILE_NONE, &error));
  phone = redial_baresip_new_from_keyfile (clock, keyfile, "test.conf", &error);
  g_assert_no_error (error);
  g_signal_connect (phone, "call-event", G_CALLBACK (on_call_event), events);
  redial_phone_system_start (phone);
  g_assert_true (ctrl_tcp_server_wait_client (server, WAIT_MS));

  ctrl_tcp_server_send_call (server, "CALL_INCOMING", "1", "incoming", "sip:+13125550110@x", NULL, "sip:ads@pbx.example.com");
  ctrl_tcp_server_send_call (server, "CALL_CLOSED", "1", "incoming", "sip:+13125550110@x", NULL, "sip:ads@pbx.example.com");
  ctrl_tcp_server_send_call (server, "CALL_INCOMING", "2", "incoming", "sip:+13125550110@x", NULL, "sip:main@pbx.example.com");
  ctrl_tcp_server_send_call (server, "CALL_CLOSED", "2", "incoming", "sip:+13125550110@x", NULL, "sip:main@pbx.example.com");
  ctrl_tcp_server_send_call (server, "CALL_INCOMING", "3", "incoming", "sip:+13125550110@x", NULL, "sip:other@pbx.example.com");
  ctrl_tcp_server_send_call (server, "CALL_CLOSED", "3", "incoming", "sip:+13125550110@x", NULL, "sip:other@pbx.example.com");
  g_assert_true (test_wait_until (has_events, &count, WAIT_MS));

  g_assert_cmpstr (((RedialCallEvent *) events->pdata[0])->line, ==, "+1 312 555 0119");
  g_assert_cmpstr (((RedialCallEvent *) events->pdata[1])->line, ==, "(312) 555-0118");
  /* An account not listed is on the default line. */
  g_assert_cmpstr (((RedialCallEvent *) events->pdata[2])->line, ==, "+1 312 555 0100");

  redial_phone_system_stop (phone);
}

static void
test_bad_input_skipped (Fixture       *fixture,
                        gconstpointer  data)
{
  CtrlTcpServer *server = fixture->server;
  g_autoptr(GString) big = g_string_new ("{\"event\":true,\"type\":\"CALL_INCOMING\",\"param\":\"");
  g_autoptr(GString) deep = g_string_new (NULL);
  /* A comment, which json-glib reads, once hid the nesting of a message
   * that closes call C: it must be refused like any message too deep. */
  g_autoptr(GString) hidden = g_string_new ("/*\"*/{\"event\":true,\"type\":\"CALL_CLOSED\",\"class\":\"call\","
                                            "\"accountaor\":\"" ACCOUNT "\",\"direction\":\"incoming\","
                                            "\"peeruri\":\"sip:+13125550122@pbx.example.com\",\"id\":\"call-c\",\"x\":");

  while (big->len < 200 * 1024)
    g_string_append (big, "ring ring 5:{} ");
  g_string_append (big, "\"}");
  for (guint i = 0; i < 5000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 40; i++)
    g_string_append_c (hidden, '[');
  for (guint i = 0; i < 40; i++)
    g_string_append_c (hidden, ']');
  g_string_append_c (hidden, '}');

  /* Call A rings; then everything baresip should never send… */
  ctrl_tcp_server_send_call (server, "CALL_INCOMING", "call-a", "incoming",
                             "sip:+13125550120@pbx.example.com", NULL, ACCOUNT);
  ctrl_tcp_server_send (server, "not json at all");
  ctrl_tcp_server_send (server, "[1,2,3]");
  ctrl_tcp_server_send (server, "");
  ctrl_tcp_server_send (server, "{\"event\":true}");
  ctrl_tcp_server_send (server, "{\"hello\":\"world\"}");
  ctrl_tcp_server_send (server, "{\"event\":true,\"type\":\"CALL_CLOSED\",\"class\":\"call\"}");
  ctrl_tcp_server_send (server, "{\"event\":true,\"type\":\"CALL_CLOSED\",\"class\":\"call\",\"id\":42}");
  ctrl_tcp_server_send (server, "{\"event\":true,\"type\":\"CALL_CLOSED\",\"class\":\"register\",\"id\":\"call-a\"}");
  ctrl_tcp_server_send (server, "{\"event\":true,\"type\":\"CALL_INCOMING\",\"class\":\"call\",\"id\":\"x\",\"peeruri\":[1]}");
  ctrl_tcp_server_send (server, "{\"response\":true,\"ok\":true,\"token\":\"nobody\"}");
  ctrl_tcp_server_send (server, "\xff\xfe{}");
  ctrl_tcp_server_send (server, deep->str);
  ctrl_tcp_server_send_call (server, "CALL_INCOMING", "call-c", "incoming",
                             "sip:+13125550122@pbx.example.com", NULL, ACCOUNT);
  ctrl_tcp_server_send (server, hidden->str);
  ctrl_tcp_server_send_raw (server, "this is not a netstring,", -1);
  ctrl_tcp_server_send (server, big->str);
  ctrl_tcp_server_send_raw (server, "99999999999999999999:{", -1);
  ctrl_tcp_server_send_raw (server, "30:{\"cut\":", -1);
  /* …and call A ends, and call B rings and ends: both arrive. */
  ctrl_tcp_server_send_call (server, "CALL_CLOSED", "call-a", "incoming",
                             "sip:+13125550120@pbx.example.com", NULL, ACCOUNT);
  ctrl_tcp_server_send_call (server, "CALL_INCOMING", "call-b", "incoming",
                             "sip:+13125550121@pbx.example.com", NULL, ACCOUNT);
  ctrl_tcp_server_send_call (server, "CALL_CLOSED", "call-b", "incoming",
                             "sip:+13125550121@pbx.example.com", NULL, ACCOUNT);

  g_assert_true (wait_events (fixture, 2));
  g_assert_cmpstr (event_at (fixture, 0)->caller, ==, "+13125550120");
  g_assert_cmpstr (event_at (fixture, 1)->caller, ==, "+13125550121");
  /* The call with a junk peer URI rang, but never closed; nor did call C. */
  g_assert_cmpuint (fixture->events->len, ==, 2);
  g_assert_cmpint (redial_phone_system_get_state (fixture->phone), ==, REDIAL_CONNECTION_CONNECTED);
}

static void
test_hostile_strings (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GString) long_name = g_string_new (NULL);
  g_autoptr(GString) long_id = g_string_new (NULL);
  RedialCallEvent *event;

  for (guint i = 0; i < 2000; i++)
    g_string_append (long_name, "é");
  for (guint i = 0; i < 300; i++)
    g_string_append_c (long_id, 'x');

  ctrl_tcp_server_send_call (fixture->server, "CALL_INCOMING", long_id->str, "incoming",
                             "sip:+13125550130@pbx.example.com", NULL, ACCOUNT);
  ctrl_tcp_server_send_call (fixture->server, "CALL_CLOSED", long_id->str, "incoming",
                             "sip:+13125550130@pbx.example.com", NULL, ACCOUNT);
  ctrl_tcp_server_send_call (fixture->server, "CALL_INCOMING", "hostile", "incoming",
                             "sip:+13125550131@pbx.example.com", long_name->str, ACCOUNT);
  ctrl_tcp_server_send_call (fixture->server, "CALL_CLOSED", "hostile", "incoming",
                             "sip:+13125550131@pbx.example.com", long_name->str, ACCOUNT);
  g_assert_true (wait_events (fixture, 1));

  /* The call with an id too long to trust is skipped; the name is cut short. */
  g_assert_cmpuint (fixture->events->len, ==, 1);
  event = event_at (fixture, 0);
  g_assert_cmpstr (event->caller, ==, "+13125550131");
  g_assert_cmpuint (g_utf8_strlen (event->caller_name, -1), ==, 256);
}

static void
test_reconnects_and_keeps_calls (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *status = NULL;
  g_autofree char *expected = NULL;

  ctrl_tcp_server_send_call (fixture->server, "CALL_INCOMING", "across", "incoming",
                             "sip:+13125550140@pbx.example.com", NULL, ACCOUNT);
  send_marker_call (fixture, "marker");
  g_assert_true (wait_events (fixture, 1));
  /* A partial frame, then baresip goes away. */
  ctrl_tcp_server_send_raw (fixture->server, "120:{\"event\":true,", -1);
  g_assert_true (ctrl_tcp_server_flush (fixture->server, WAIT_MS));
  ctrl_tcp_server_drop_client (fixture->server);

  g_assert_true (test_wait_until (is_retrying, fixture->phone, WAIT_MS));
  status = redial_phone_system_dup_status (fixture->phone);
  expected = g_strdup_printf ("baresip at 127.0.0.1:%u closed the connection. Retrying in 2 s",
                              ctrl_tcp_server_get_port (fixture->server));
  g_assert_cmpstr (status, ==, expected);

  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (fixture->clock), SECONDS (2));
  g_assert_true (test_wait_until (is_connected, fixture->phone, WAIT_MS));
  g_assert_true (ctrl_tcp_server_wait_client (fixture->server, WAIT_MS));

  /* The call that rang before the break ends after it. */
  ctrl_tcp_server_send_call (fixture->server, "CALL_CLOSED", "across", "incoming",
                             "sip:+13125550140@pbx.example.com", NULL, ACCOUNT);
  g_assert_true (wait_events (fixture, 2));
  g_assert_cmpstr (event_at (fixture, 1)->caller, ==, "+13125550140");
  g_assert_cmpint (event_at (fixture, 1)->disposition, ==, REDIAL_DISPOSITION_NO_ANSWER);
}

static void
test_backoff_until_baresip_runs (void)
{
  g_autoptr(RedialClock) clock = redial_fake_clock_new (START_US);
  g_autoptr(CtrlTcpServer) server = ctrl_tcp_server_new (0, NULL);
  g_autoptr(RedialPhoneSystem) phone = NULL;
  g_autoptr(GError) error = NULL;
  const guint delays[] = { 2, 4, 8, 16, 30, 30 };
  guint16 port = ctrl_tcp_server_get_port (server);

  /* Nothing listens on the port. */
  g_clear_pointer (&server, ctrl_tcp_server_free);
  phone = redial_baresip_new (clock, "127.0.0.1", port, NULL, NULL);
  redial_phone_system_start (phone);

  for (guint i = 0; i < G_N_ELEMENTS (delays); i++)
    {
      g_autofree char *status = NULL;
      g_autofree char *expected = g_strdup_printf ("Cannot reach baresip at 127.0.0.1:%u. Retrying in %u s",
                                                   port, delays[i]);

      g_assert_true (test_wait_until (is_retrying, phone, WAIT_MS));
      status = redial_phone_system_dup_status (phone);
      g_assert_cmpstr (status, ==, expected);

      /* Not a moment before its time. */
      redial_fake_clock_advance (REDIAL_FAKE_CLOCK (clock), SECONDS (delays[i]) - 1);
      g_assert_cmpint (redial_phone_system_get_state (phone), ==, REDIAL_CONNECTION_RETRYING);
      if (i == G_N_ELEMENTS (delays) - 1)
        {
          server = ctrl_tcp_server_new (port, &error);
          g_assert_no_error (error);
        }
      redial_fake_clock_advance (REDIAL_FAKE_CLOCK (clock), 1);
      g_assert_cmpint (redial_phone_system_get_state (phone), ==, REDIAL_CONNECTION_CONNECTING);
    }

  g_assert_true (test_wait_until (is_connected, phone, WAIT_MS));
  redial_phone_system_stop (phone);
  g_assert_cmpint (redial_phone_system_get_state (phone), ==, REDIAL_CONNECTION_DISCONNECTED);
  g_assert_cmpuint (redial_fake_clock_get_n_pending (REDIAL_FAKE_CLOCK (clock)), ==, 0);
}

/* Dialing */

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} DialResult;

static void
on_dialed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  DialResult *dial = user_data;

  dial->ok = redial_baresip_dial_finish (REDIAL_BARESIP (source), result, &dial->error);
  dial->done = TRUE;
}

static gboolean
dial_done (gpointer data)
{
  return ((DialResult *) data)->done;
}

static void
expect_command (CtrlTcpServer *server)
{
  g_autoptr(JsonObject) command = ctrl_tcp_server_next_command (server, WAIT_MS);

  g_assert_nonnull (command);
  g_assert_cmpstr (json_object_get_string_member (command, "command"), ==, "dial");
}

static void
test_dial (Fixture       *fixture,
           gconstpointer  data)
{
  RedialBaresip *baresip = REDIAL_BARESIP (fixture->phone);
  DialResult first = { 0 }, refused = { 0 }, silent = { 0 }, bad = { 0 }, cut = { 0 };
  g_autoptr(JsonObject) command = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autofree char *answer = NULL;

  redial_baresip_dial_async (baresip, "+1 (312) 555-0110", NULL, on_dialed, &first);
  command = ctrl_tcp_server_next_command (fixture->server, WAIT_MS);
  g_assert_nonnull (command);
  g_assert_cmpstr (json_object_get_string_member (command, "command"), ==, "dial");
  g_assert_cmpstr (json_object_get_string_member (command, "params"), ==, "+13125550110");
  g_assert_false (first.done);
  answer = g_strdup_printf ("{\"response\":true,\"ok\":true,\"data\":\"\",\"token\":\"%s\"}",
                            json_object_get_string_member (command, "token"));
  ctrl_tcp_server_send (fixture->server, answer);
  g_assert_true (test_wait_until (dial_done, &first, WAIT_MS));
  g_assert_no_error (first.error);
  g_assert_true (first.ok);

  /* baresip says no, as it does without the menu module. */
  redial_baresip_dial_async (baresip, "sip:+13125550110@pbx.example.com", NULL, on_dialed, &refused);
  second = ctrl_tcp_server_next_command (fixture->server, WAIT_MS);
  g_assert_cmpstr (json_object_get_string_member (second, "params"), ==, "sip:+13125550110@pbx.example.com");
  g_clear_pointer (&answer, g_free);
  answer = g_strdup_printf ("{\"response\":true,\"ok\":false,\"data\":\"command not found (dial)\\n\",\"token\":\"%s\"}",
                            json_object_get_string_member (second, "token"));
  ctrl_tcp_server_send (fixture->server, answer);
  g_assert_true (test_wait_until (dial_done, &refused, WAIT_MS));
  g_assert_error (refused.error, REDIAL_BARESIP_ERROR, REDIAL_BARESIP_ERROR_REFUSED);
  g_assert_cmpstr (refused.error->message, ==, "baresip refused the command: command not found (dial)");

  /* No answer at all. */
  redial_baresip_dial_async (baresip, "+13125550110", NULL, on_dialed, &silent);
  expect_command (fixture->server);
  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (fixture->clock), SECONDS (10));
  g_assert_true (test_wait_until (dial_done, &silent, WAIT_MS));
  g_assert_error (silent.error, REDIAL_BARESIP_ERROR, REDIAL_BARESIP_ERROR_TIMED_OUT);

  /* Nothing that could change the command goes out. */
  redial_baresip_dial_async (baresip, "123\nquit", NULL, on_dialed, &bad);
  g_assert_true (test_wait_until (dial_done, &bad, WAIT_MS));
  g_assert_error (bad.error, REDIAL_BARESIP_ERROR, REDIAL_BARESIP_ERROR_INVALID_NUMBER);

  /* The link goes down while baresip has not answered. */
  redial_baresip_dial_async (baresip, "+13125550110", NULL, on_dialed, &cut);
  expect_command (fixture->server);
  ctrl_tcp_server_drop_client (fixture->server);
  g_assert_true (test_wait_until (dial_done, &cut, WAIT_MS));
  g_assert_error (cut.error, REDIAL_BARESIP_ERROR, REDIAL_BARESIP_ERROR_CLOSED);

  g_clear_error (&refused.error);
  g_clear_error (&silent.error);
  g_clear_error (&bad.error);
  g_clear_error (&cut.error);
}

static void
test_dial_not_connected (void)
{
  g_autoptr(RedialClock) clock = redial_fake_clock_new (START_US);
  g_autoptr(RedialPhoneSystem) phone = redial_baresip_new (clock, "127.0.0.1", 4444, NULL, NULL);
  DialResult result = { 0 };

  redial_baresip_dial_async (REDIAL_BARESIP (phone), "+13125550110", NULL, on_dialed, &result);
  g_assert_true (test_wait_until (dial_done, &result, WAIT_MS));
  g_assert_error (result.error, REDIAL_BARESIP_ERROR, REDIAL_BARESIP_ERROR_NOT_CONNECTED);
  g_clear_error (&result.error);
}

/* Settings */

static void
test_config (void)
{
  const struct {
    const char *text;
    const char *error;
  } cases[] = {
    { "[baresip]\nport = 0\n", "test.conf: [baresip] port: expected a port number between 1 and 65535" },
    { "[baresip]\nport = 4444x\n", "test.conf: [baresip] port: expected a port number between 1 and 65535" },
    { "[baresip]\nhost =\n", "test.conf: [baresip] host: expected a host name or address, such as “127.0.0.1”" },
    { "[baresip]\nline = Main\n", "test.conf: [baresip] line: expected a business phone number, such as “+1 312 555 0118”" },
    { "[baresip]\naccount.sip:a@b = Main\n",
      "test.conf: [baresip] account.sip:a@b: expected the business phone number this account answers, such as “+1 312 555 0118”" },
    { "[baresip]\naccount. = +13125550118\n",
      "test.conf: [baresip] account.: expected a baresip account after “account.”, such as “account.sip:frontdesk@pbx.example.com”" },
    { "[baresip]\nhost = ::1\nport = 5555\nsomething = else\n", NULL },
    { "[business]\nname = Acme\n", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RedialClock) clock = redial_fake_clock_new (START_US);
      g_autoptr(GKeyFile) keyfile = g_key_file_new ();
      g_autoptr(RedialPhoneSystem) phone = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (g_key_file_load_from_data (keyfile, cases[i].text, -1, G_KEY_FILE_NONE, NULL));
      phone = redial_baresip_new_from_keyfile (clock, keyfile, "test.conf", &error);
      if (cases[i].error == NULL)
        {
          g_autofree char *status = NULL;

          g_assert_no_error (error);
          g_assert_nonnull (phone);
          status = redial_phone_system_dup_status (phone);
          g_assert_cmpstr (status, ==, "Not connected to baresip");
          continue;
        }
      g_assert_null (phone);
      g_assert_error (error, REDIAL_BARESIP_ERROR, REDIAL_BARESIP_ERROR_CONFIG);
      g_assert_cmpstr (error->message, ==, cases[i].error);
    }
}

/* The real baresip, rung by sipp */

typedef struct
{
  char              *dir;
  GSubprocess       *baresip;
  GCancellable      *waiting;
  gboolean           baresip_exited;
  GSubprocess       *sipp;
  guint16            sip_port;
  guint16            ctrl_port;
  RedialClock       *clock;
  RedialPhoneSystem *phone;
  GPtrArray         *events;
  gint64             last_retry;
} RealPeers;

static gboolean
can_bind (GSocketType     type,
          GSocketProtocol protocol,
          guint16         port,
          guint16        *bound_port)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, type, protocol, NULL);
  g_autoptr(GSocketAddress) bound = NULL;

  if (!g_socket_bind (socket, address, FALSE, NULL))
    return FALSE;
  bound = g_socket_get_local_address (socket, NULL);
  if (bound_port != NULL)
    *bound_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return TRUE;
}

/* A port on 127.0.0.1 free for TCP and UDP; for SIP, baresip also takes
 * the next one for TLS. */
static guint16
free_port_for (gboolean sip)
{
  for (guint attempt = 0; attempt < 50; attempt++)
    {
      guint16 port = 0;

      if (!can_bind (G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, 0, &port) || port == G_MAXUINT16)
        continue;
      if (!can_bind (G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, port, NULL))
        continue;
      if (sip && !can_bind (G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, port + 1, NULL))
        continue;
      return port;
    }
  g_assert_not_reached ();
}

static guint16
free_port (void)
{
  return free_port_for (FALSE);
}

static const char *
baresip_modules_dir (void)
{
  const char *dirs[] = {
    g_getenv ("REDIAL_BARESIP_MODULES"),
    "/usr/lib/baresip/modules",
    "/usr/lib/x86_64-linux-gnu/baresip/modules",
    "/usr/lib/aarch64-linux-gnu/baresip/modules",
    "/usr/local/lib/baresip/modules",
  };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *module = NULL;

      if (dirs[i] == NULL)
        continue;
      module = g_build_filename (dirs[i], "ctrl_tcp.so", NULL);
      if (g_file_test (module, G_FILE_TEST_EXISTS))
        return dirs[i];
    }
  return NULL;
}

static void
print_file (const char *dir,
            const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *text = NULL;

  if (g_file_get_contents (path, &text, NULL, NULL))
    g_test_message ("%s:\n%s", name, text);
}

static GSubprocessLauncher *
launcher_in (const char *dir,
             const char *log_name)
{
  g_autofree char *log = g_build_filename (dir, log_name, NULL);
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                             G_SUBPROCESS_FLAGS_STDERR_MERGE);

  g_subprocess_launcher_set_cwd (launcher, dir);
  g_subprocess_launcher_setenv (launcher, "HOME", dir, TRUE);
  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  redial_test_end_with_test (launcher, SIGKILL);
  return launcher;
}

static void
on_baresip_exited (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  RealPeers *peers = user_data;
  g_autoptr(GError) error = NULL;

  /* Cancelled when the test is done with peers, which may be gone. */
  if (!g_subprocess_wait_finish (G_SUBPROCESS (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  peers->baresip_exited = TRUE;
}

static gboolean
connected_or_exited (gpointer data)
{
  RealPeers *peers = data;
  gint64 now = g_get_monotonic_time ();

  /* baresip takes a moment to listen: a refusal is retried every 20 ms
   * of real time, moving the clock only up to the retry, not on to the
   * connect timeout. */
  if (now - peers->last_retry >= 20000)
    {
      peers->last_retry = now;
      for (guint i = 0; i < 60 && redial_phone_system_get_state (peers->phone) == REDIAL_CONNECTION_RETRYING; i++)
        redial_fake_clock_advance (REDIAL_FAKE_CLOCK (peers->clock), SECONDS (1));
    }
  return peers->baresip_exited ||
         redial_phone_system_get_state (peers->phone) == REDIAL_CONNECTION_CONNECTED;
}

static void
real_peers_kill (RealPeers *peers)
{
  GSubprocess *processes[] = { peers->sipp, peers->baresip };

  if (peers->phone != NULL)
    redial_phone_system_stop (peers->phone);
  g_clear_object (&peers->phone);

  for (guint i = 0; i < G_N_ELEMENTS (processes); i++)
    {
      if (processes[i] == NULL)
        continue;
      g_subprocess_force_exit (processes[i]);
      g_subprocess_wait (processes[i], NULL, NULL);
    }
  g_clear_object (&peers->sipp);
  g_clear_object (&peers->baresip);
  if (peers->waiting != NULL)
    g_cancellable_cancel (peers->waiting);
  g_clear_object (&peers->waiting);
}

/* Starts baresip with a private configuration — SIP and ctrl_tcp on free
 * loopback ports, one account that takes calls without registering, no
 * sound device — and connects a RedialBaresip to it. Fails the test
 * (never skips it: CI installs baresip) when baresip cannot be found. */
static gboolean
real_peers_start (RealPeers *peers)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *baresip = g_find_program_in_path ("baresip");
  const char *modules = baresip_modules_dir ();

  if (baresip == NULL || modules == NULL)
    {
      g_test_fail_printf ("baresip or its ctrl_tcp module is not installed (Debian: baresip-core); "
                          "build-aux/bootstrap installs it");
      return FALSE;
    }

  peers->dir = g_dir_make_tmp ("redial-baresip-XXXXXX", &error);
  g_assert_no_error (error);
  peers->clock = redial_fake_clock_new (START_US);
  peers->events = g_ptr_array_new_with_free_func ((GDestroyNotify) redial_call_event_unref);

  /* A port picked as free can be taken by another program before
   * baresip binds it; then baresip quits, and another pair is tried. */
  for (guint attempt = 0; attempt < 3; attempt++)
    {
      g_autoptr(GSubprocessLauncher) launcher = launcher_in (peers->dir, "baresip.log");
      g_autoptr(GHashTable) lines = g_hash_table_new (g_str_hash, g_str_equal);
      g_autofree char *config = NULL;
      g_autofree char *path = NULL;

      peers->sip_port = free_port_for (TRUE);
      peers->ctrl_port = free_port ();
      config = g_strdup_printf ("poll_method\t\tepoll\n"
                                "sip_listen\t\t127.0.0.1:%u\n"
                                "call_local_timeout\t120\n"
                                "call_max_calls\t\t4\n"
                                "audio_player\t\t\n"
                                "audio_source\t\t\n"
                                "audio_alert\t\t\n"
                                "module_path\t\t%s\n"
                                "module\t\t\tg711.so\n"
                                "module_tmp\t\taccount.so\n"
                                "module_app\t\tmenu.so\n"
                                "module_app\t\tctrl_tcp.so\n"
                                "ctrl_tcp_listen\t\t127.0.0.1:%u\n",
                                peers->sip_port, modules, peers->ctrl_port);
      path = g_build_filename (peers->dir, "config", NULL);
      g_assert_true (g_file_set_contents (path, config, -1, NULL));
      g_clear_pointer (&path, g_free);
      path = g_build_filename (peers->dir, "accounts", NULL);
      g_assert_true (g_file_set_contents (path, "<sip:redial@127.0.0.1>;regint=0;answermode=manual\n", -1, NULL));

      /* -t: baresip also quits by itself after a minute, whatever happens. */
      peers->baresip_exited = FALSE;
      peers->baresip = g_subprocess_launcher_spawn (launcher, &error, baresip, "-f", peers->dir, "-t", "60", NULL);
      g_assert_no_error (error);
      peers->waiting = g_cancellable_new ();
      g_subprocess_wait_async (peers->baresip, peers->waiting, on_baresip_exited, peers);

      g_hash_table_insert (lines, "sip:redial@127.0.0.1", ACCOUNT_LINE);
      peers->phone = redial_baresip_new (peers->clock, "127.0.0.1", peers->ctrl_port, lines, NULL);
      g_signal_connect (peers->phone, "call-event", G_CALLBACK (on_call_event), peers->events);
      redial_phone_system_start (peers->phone);

      g_assert_true (test_wait_until (connected_or_exited, peers, REAL_WAIT_MS));
      if (!peers->baresip_exited)
        return TRUE;

      print_file (peers->dir, "baresip.log");
      real_peers_kill (peers);
    }

  g_test_fail_printf ("baresip did not start");
  return FALSE;
}

static void
real_peers_stop (RealPeers *peers)
{
  real_peers_kill (peers);

  if (peers->dir != NULL)
    {
      g_autoptr(GDir) dir = g_dir_open (peers->dir, 0, NULL);
      const char *name;

      if (g_test_failed ())
        {
          print_file (peers->dir, "baresip.log");
          print_file (peers->dir, "sipp.log");
          print_file (peers->dir, "sipp-errors.log");
        }
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (peers->dir, name, NULL);
          g_unlink (path);
        }
      g_rmdir (peers->dir);
      g_clear_pointer (&peers->dir, g_free);
    }
  g_clear_pointer (&peers->events, g_ptr_array_unref);
  g_clear_object (&peers->clock);
}

typedef struct
{
  GPtrArray *events;
  gboolean   sipp_done;
  gboolean   sipp_ok;
  GError    *sipp_error;
} Ringing;

static void
on_sipp_exited (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Ringing *ringing = user_data;

  ringing->sipp_ok = g_subprocess_wait_check_finish (G_SUBPROCESS (source), result, &ringing->sipp_error);
  ringing->sipp_done = TRUE;
}

static gboolean
rang_and_reported (gpointer data)
{
  Ringing *ringing = data;

  return ringing->sipp_done && ringing->events->len > 0;
}

static void
test_real_ring_and_cancel (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sipp = g_find_program_in_path ("sipp");
  g_autofree char *target = NULL;
  g_autofree char *local_port = NULL;
  g_autofree char *error_log = NULL;
  const char *scenario = g_test_get_filename (G_TEST_DIST, "sipp-ring-cancel.xml", NULL);
  g_autofree char *db = NULL;
  g_autoptr(RedialConfig) config = NULL;
  g_autoptr(RedialStore) store = NULL;
  g_autoptr(RedialEngine) engine = NULL;
  g_autoptr(RedialCase) kase = NULL;
  RealPeers peers = { 0 };
  Ringing ringing = { 0 };
  RedialCallEvent *event;

  if (sipp == NULL)
    {
      g_test_fail_printf ("sipp is not installed (Debian: sip-tester); build-aux/bootstrap installs it");
      return;
    }
  if (!real_peers_start (&peers))
    {
      real_peers_stop (&peers);
      return;
    }

  /* The engine records what the softphone reports. */
  config = redial_config_load_from_data ("[business]\nregion = US\n[lines]\n" ACCOUNT_LINE " = Main\n",
                                         "test.conf", &error);
  g_assert_no_error (error);
  db = g_build_filename (peers.dir, "redial.db", NULL);
  store = redial_store_open (db, &error);
  g_assert_no_error (error);
  engine = redial_engine_new (config, store, peers.clock);
  redial_engine_set_phone_system (engine, peers.phone);
  g_assert_true (redial_engine_start (engine, &error));

  /* sipp calls the account, hears it ring, and hangs up before anyone answers. */
  target = g_strdup_printf ("127.0.0.1:%u", peers.sip_port);
  local_port = g_strdup_printf ("%u", free_port ());
  error_log = g_build_filename (peers.dir, "sipp-errors.log", NULL);
  launcher = launcher_in (peers.dir, "sipp.log");
  peers.sipp = g_subprocess_launcher_spawn (launcher, &error, sipp,
                                            "-sf", scenario, "-m", "1",
                                            "-i", "127.0.0.1", "-p", local_port,
                                            "-timeout", "15", "-timeout_error",
                                            "-nostdin", "-trace_err", "-error_file", error_log,
                                            target, NULL);
  g_assert_no_error (error);

  ringing.events = peers.events;
  g_subprocess_wait_check_async (peers.sipp, NULL, on_sipp_exited, &ringing);
  g_assert_true (test_wait_until (rang_and_reported, &ringing, REAL_WAIT_MS));
  g_assert_no_error (ringing.sipp_error);
  g_assert_true (ringing.sipp_ok);

  g_assert_cmpuint (peers.events->len, ==, 1);
  event = g_ptr_array_index (peers.events, 0);
  g_assert_cmpstr (event->provider, ==, "baresip");
  g_assert_cmpint (event->disposition, ==, REDIAL_DISPOSITION_NO_ANSWER);
  /* From sipp's From header: "Jane Caller" <sip:+13125550110@…>. */
  g_assert_cmpstr (event->caller, ==, "+13125550110");
  g_assert_cmpstr (event->caller_name, ==, "Jane Caller");
  g_assert_cmpstr (event->line, ==, ACCOUNT_LINE);
  /* sipp's Call-ID is "<call number>-<pid>@<address>". */
  g_assert_true (g_str_has_prefix (event->provider_call_id, "1-"));

  /* Redial recorded the missed call: one case for the caller, on the line. */
  g_assert_cmpuint (g_list_model_get_n_items (redial_engine_get_queue (engine)), ==, 1);
  kase = g_list_model_get_item (redial_engine_get_queue (engine), 0);
  g_assert_cmpstr (redial_case_get_caller (kase), ==, "+13125550110");
  g_assert_cmpstr (redial_case_get_line_label (kase), ==, "Main");
  g_assert_cmpuint (redial_case_get_n_calls (kase), ==, 1);

  /* The same call reported again is stored once. */
  redial_engine_handle_call (engine, event);
  g_assert_cmpuint (redial_case_get_n_calls (kase), ==, 1);

  redial_engine_stop (engine);
  g_clear_object (&engine);
  g_clear_object (&store);
  real_peers_stop (&peers);
}

static void
test_real_dial_accepted (void)
{
  g_autofree char *uri = NULL;
  RealPeers peers = { 0 };
  DialResult result = { 0 };

  if (!real_peers_start (&peers))
    {
      real_peers_stop (&peers);
      return;
    }

  /* Nobody listens there: baresip takes the command, the call then fails. */
  uri = g_strdup_printf ("sip:+13125550110@127.0.0.1:%u", free_port ());
  redial_baresip_dial_async (REDIAL_BARESIP (peers.phone), uri, NULL, on_dialed, &result);
  g_assert_true (test_wait_until (dial_done, &result, REAL_WAIT_MS));
  g_assert_no_error (result.error);
  g_assert_true (result.ok);
  /* A call placed from the softphone is not a call in. */
  g_assert_cmpuint (peers.events->len, ==, 0);

  real_peers_stop (&peers);
}

int
main (int   argc,
      char *argv[])
{
  /* A peer that hangs up mid-write must not kill the test. */
  signal (SIGPIPE, SIG_IGN);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/baresip/calls/rang-out-is-missed", test_rang_out_is_missed);
  ADD ("/baresip/calls/established-is-answered", test_established_is_answered);
  ADD ("/baresip/calls/close-of-unknown-call-ignored", test_unknown_close_ignored);
  ADD ("/baresip/calls/duplicates-reported-once", test_duplicates_reported_once);
  ADD ("/baresip/calls/outgoing-ignored", test_outgoing_ignored);
  ADD ("/baresip/calls/caller-from-peer-uri", test_caller_from_uri);
  g_test_add_func ("/baresip/calls/line-from-account", test_line_from_account);
  ADD ("/baresip/input/bad-input-skipped-calls-kept", test_bad_input_skipped);
  ADD ("/baresip/input/hostile-strings", test_hostile_strings);
  ADD ("/baresip/link/reconnects-and-keeps-calls", test_reconnects_and_keeps_calls);
  g_test_add_func ("/baresip/link/backoff-until-baresip-runs", test_backoff_until_baresip_runs);
  ADD ("/baresip/dial/command-and-answers", test_dial);
  g_test_add_func ("/baresip/dial/not-connected", test_dial_not_connected);
  g_test_add_func ("/baresip/config/keys-checked", test_config);
  g_test_add_func ("/baresip/real/sipp-ring-and-cancel-is-missed", test_real_ring_and_cancel);
  g_test_add_func ("/baresip/real/dial-accepted", test_real_dial_accepted);

  return g_test_run ();
}
