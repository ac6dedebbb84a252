/* test-ami.c: the Asterisk backend against a test AMI server: login, calls, reconnection, keep-alive, click-to-call. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ami-scenarios.h"
#include "ami-server.h"
#include "redial-ami.h"
#include "redial-engine.h"
#include "redial-fake-clock.h"

#define START_US G_GINT64_CONSTANT (1795400000000000)
#define SECONDS(n) ((gint64) (n) * G_USEC_PER_SEC)

typedef struct
{
  AmiServer         *server;
  RedialClock       *clock;
  RedialPhoneSystem *phone;
  GPtrArray         *events;
  GPtrArray         *statuses;
  char              *dir;
  char              *secret_path;
} Fixture;

static gboolean
keep_waking (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Turns the main loop (socket I/O) until @cond holds, for ten seconds at
 * most: the clock itself only moves when a test advances it. */
#define WAIT_FOR(cond)                                                   \
  G_STMT_START {                                                         \
    gint64 deadline_ = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;    \
    guint wake_ = g_timeout_add (5, keep_waking, NULL);                  \
    while (!(cond) && g_get_monotonic_time () < deadline_)               \
      g_main_context_iteration (NULL, TRUE);                             \
    g_source_remove (wake_);                                             \
    g_assert_true (cond);                                                \
  } G_STMT_END

static void
on_call_event (RedialPhoneSystem *phone,
               RedialCallEvent   *event,
               Fixture           *fixture)
{
  g_ptr_array_add (fixture->events, redial_call_event_ref (event));
}

static void
on_status (RedialPhoneSystem *phone,
           GParamSpec        *pspec,
           Fixture           *fixture)
{
  g_ptr_array_add (fixture->statuses, redial_phone_system_dup_status (phone));
}

static RedialConnectionState
state_of (Fixture *fixture)
{
  return redial_phone_system_get_state (fixture->phone);
}

static char *
status_of (Fixture *fixture)
{
  return redial_phone_system_dup_status (fixture->phone);
}

static guint
n_pending (Fixture *fixture)
{
  return redial_fake_clock_get_n_pending (REDIAL_FAKE_CLOCK (fixture->clock));
}

static void
advance (Fixture *fixture,
         gint64   us)
{
  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (fixture->clock), us);
}

static RedialPhoneSystem *
new_phone (Fixture     *fixture,
           guint16      port,
           const char  *extra,
           GError     **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *text = g_strdup_printf ("[ami]\nhost = 127.0.0.1\nport = %u\nusername = redial\n"
                                           "secret-file = %s\n%s",
                                           port, fixture->secret_path, extra != NULL ? extra : "");

  g_assert_true (g_key_file_load_from_data (keyfile, text, -1, G_KEY_FILE_NONE, NULL));
  return redial_ami_new_from_keyfile (fixture->clock, keyfile, "test.conf", error);
}

static void
use_phone (Fixture           *fixture,
           RedialPhoneSystem *phone)
{
  g_clear_object (&fixture->phone);
  fixture->phone = phone;
  g_signal_connect (phone, "call-event", G_CALLBACK (on_call_event), fixture);
  g_signal_connect (phone, "notify::status", G_CALLBACK (on_status), fixture);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("redial-ami-XXXXXX", NULL);
  fixture->secret_path = g_build_filename (fixture->dir, "ami-secret", NULL);
  g_assert_true (g_file_set_contents (fixture->secret_path, "s3cret\n", -1, NULL));
  g_assert_cmpint (g_chmod (fixture->secret_path, 0600), ==, 0);

  fixture->server = ami_server_new ("redial", "s3cret");
  fixture->clock = redial_fake_clock_new (START_US);
  fixture->events = g_ptr_array_new_with_free_func ((GDestroyNotify) redial_call_event_unref);
  fixture->statuses = g_ptr_array_new_with_free_func (g_free);
  use_phone (fixture, new_phone (fixture, ami_server_get_port (fixture->server), "extension = 101\n", &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->phone != NULL)
    redial_phone_system_stop (fixture->phone);
  g_clear_object (&fixture->phone);
  g_assert_cmpuint (n_pending (fixture), ==, 0);
  g_clear_object (&fixture->clock);
  ami_server_free (fixture->server);
  /* Let the cancelled operations of the closed connections finish. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_ptr_array_unref (fixture->events);
  g_ptr_array_unref (fixture->statuses);
  g_unlink (fixture->secret_path);
  g_rmdir (fixture->dir);
  g_free (fixture->secret_path);
  g_free (fixture->dir);
}

/* Started, logged in, and done setting up its session. */
static void
connect_phone (Fixture *fixture)
{
  guint n_lists = ami_server_count_actions (fixture->server, "CoreShowChannels");

  redial_phone_system_start (fixture->phone);
  WAIT_FOR (state_of (fixture) == REDIAL_CONNECTION_CONNECTED &&
            ami_server_count_actions (fixture->server, "CoreShowChannels") > n_lists);
}

static gboolean
saw_status (Fixture    *fixture,
            const char *status)
{
  for (guint i = 0; i < fixture->statuses->len; i++)
    if (g_str_equal (g_ptr_array_index (fixture->statuses, i), status))
      return TRUE;
  return FALSE;
}

static RedialCallEvent *
event_for (Fixture           *fixture,
           const AmiCallSpec *spec)
{
  g_autofree char *linkedid = ami_scenario_linkedid (spec);
  RedialCallEvent *found = NULL;

  for (guint i = 0; i < fixture->events->len; i++)
    {
      RedialCallEvent *event = g_ptr_array_index (fixture->events, i);

      if (g_str_equal (event->provider_call_id, linkedid))
        {
          g_assert_null (found);
          found = event;
        }
    }
  return found;
}

static AmiCallSpec
spec_for (guint index)
{
  static const char * const numbers[] = { "+12125550110", "+13125550177", "2125550142" };
  static const char * const names[] = { "Jane Caller", "Sam Lee", "Ana María Ruiz" };
  AmiCallSpec spec = {
    START_US + SECONDS (index * 60) + 250,
    200 + 10 * index,
    numbers[index % G_N_ELEMENTS (numbers)],
    names[index % G_N_ELEMENTS (names)],
    "13125550118",
  };
  return spec;
}

static void
test_login_filters_channels (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(RedialAmiMessage) login = NULL;
  g_autoptr(RedialAmiMessage) filter = NULL;
  g_autofree char *status = NULL;

  g_assert_cmpint (state_of (fixture), ==, REDIAL_CONNECTION_DISCONNECTED);
  redial_phone_system_start (fixture->phone);
  g_assert_cmpint (state_of (fixture), ==, REDIAL_CONNECTION_CONNECTING);
  status = status_of (fixture);
  g_assert_cmpstr (status, ==, "Connecting to 127.0.0.1…");
  g_clear_pointer (&status, g_free);

  WAIT_FOR (state_of (fixture) == REDIAL_CONNECTION_CONNECTED &&
            ami_server_count_actions (fixture->server, "CoreShowChannels") == 1);
  status = status_of (fixture);
  g_assert_cmpstr (status, ==, "Connected to 127.0.0.1");

  login = ami_server_dup_last_action (fixture->server, "Login");
  g_assert_cmpstr (redial_ami_message_get (login, "Username"), ==, "redial");
  g_assert_cmpstr (redial_ami_message_get (login, "Secret"), ==, "s3cret");
  g_assert_cmpstr (redial_ami_message_get (login, "Events"), ==, "call,dialplan,cdr,agent");
  g_assert_true (g_str_has_prefix (redial_ami_message_get (login, "ActionID"), "redial-"));

  g_assert_cmpuint (ami_server_count_actions (fixture->server, "Filter"), ==, 4);
  filter = ami_server_dup_last_action (fixture->server, "Filter");
  g_assert_cmpstr (redial_ami_message_get (filter, "Operation"), ==, "Add");
  g_assert_cmpuint (ami_server_get_n_connections (fixture->server), ==, 1);

  /* Keep-alive and housekeeping are the only timers while connected. */
  g_assert_cmpuint (n_pending (fixture), ==, 2);
}

typedef char *(*ScenarioFunc) (const AmiCallSpec *spec);

static const struct {
  ScenarioFunc build;
  int          disposition;
} scenarios[] = {
  { ami_scenario_outbound, -1 },
  { ami_scenario_answered, REDIAL_DISPOSITION_ANSWERED },
  { ami_scenario_no_answer, REDIAL_DISPOSITION_NO_ANSWER },
  { ami_scenario_busy, REDIAL_DISPOSITION_BUSY },
  { ami_scenario_caller_hangup, REDIAL_DISPOSITION_NO_ANSWER },
  { ami_scenario_queue_abandon, REDIAL_DISPOSITION_ABANDONED },
  { ami_scenario_voicemail, REDIAL_DISPOSITION_VOICEMAIL },
};

static char *
transcript_events (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "asterisk-ami",
                                                 "ringgroup_noanswer.txt", NULL);
  g_autofree char *text = NULL;
  g_autofree char *wire = NULL;
  const char *first_event;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  wire = ami_transcript_to_wire (text);
  /* The server greets and answers the login itself: only the events. */
  first_event = strstr (wire, "Event: ");
  return g_strdup (first_event);
}

static void
check_every_scenario (Fixture *fixture)
{
  g_autofree char *transcript = transcript_events ();
  RedialCallEvent *event = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      AmiCallSpec spec = spec_for (i);
      g_autofree char *wire = scenarios[i].build (&spec);

      ami_server_send_events (fixture->server, wire);
    }
  ami_server_send_events (fixture->server, transcript);

  WAIT_FOR (fixture->events->len == G_N_ELEMENTS (scenarios));

  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      AmiCallSpec spec = spec_for (i);

      event = event_for (fixture, &spec);
      if (scenarios[i].disposition < 0)
        {
          g_assert_null (event);
          continue;
        }
      g_assert_nonnull (event);
      g_assert_cmpint (event->disposition, ==, scenarios[i].disposition);
      g_assert_cmpstr (event->caller, ==, spec.caller_num);
      g_assert_cmpstr (event->caller_name, ==, spec.caller_name);
      g_assert_cmpstr (event->line, ==, spec.did);
      g_assert_cmpint (event->started_at, ==, spec.start_us);
    }

  event = g_ptr_array_index (fixture->events, fixture->events->len - 1);
  g_assert_cmpstr (event->provider_call_id, ==, "1795355092.0");
  g_assert_cmpint (event->disposition, ==, REDIAL_DISPOSITION_NO_ANSWER);
  g_assert_cmpstr (event->caller, ==, "+12125550110");
  g_assert_cmpstr (event->line, ==, "13125550118");
}

static void
test_every_scenario (Fixture       *fixture,
                     gconstpointer  data)
{
  connect_phone (fixture);
  check_every_scenario (fixture);
  g_assert_cmpint (state_of (fixture), ==, REDIAL_CONNECTION_CONNECTED);
}

static void
test_without_filter_permission (Fixture       *fixture,
                                gconstpointer  data)
{
  /* A manager user without write = system reads every event: the same
   * calls come out. */
  ami_server_set_allow_filters (fixture->server, FALSE);
  connect_phone (fixture);
  check_every_scenario (fixture);
}

static guint
count_calls_in_store (RedialStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = redial_store_list_open_cases (store, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < cases->len; i++)
    n += redial_case_get_n_calls (g_ptr_array_index (cases, i));
  return n;
}

static void
test_drop_mid_event (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "redial.db", NULL);
  g_autoptr(RedialConfig) config = redial_config_new ();
  g_autoptr(RedialStore) store = redial_store_open (path, &error);
  g_autoptr(RedialEngine) engine = NULL;
  AmiCallSpec first = spec_for (2);
  AmiCallSpec second = spec_for (4);
  g_autofree char *first_wire = ami_scenario_no_answer (&first);
  g_autofree char *second_wire = ami_scenario_caller_hangup (&second);
  g_autofree char *second_head = ami_wire_head (second_wire, 10);
  g_autofree char *second_cut = ami_wire_head (second_wire, 11);
  g_autofree char *live = ami_scenario_live_channels (second_wire, 10);
  g_autofree char *before = g_strconcat (first_wire, second_head, NULL);
  g_autofree char *replay = g_strconcat (first_wire, second_wire, NULL);
  g_autoptr(GPtrArray) cases = NULL;
  RedialCallEvent *event;
  gsize cut;

  g_assert_no_error (error);
  engine = redial_engine_new (config, store, fixture->clock);
  redial_engine_set_phone_system (engine, fixture->phone);
  g_assert_true (redial_engine_start (engine, &error));
  WAIT_FOR (state_of (fixture) == REDIAL_CONNECTION_CONNECTED &&
            ami_server_count_actions (fixture->server, "CoreShowChannels") == 1);

  /* One whole call, the start of another, half an event, and the
   * connection goes. */
  ami_server_set_live_channels (fixture->server, live);
  ami_server_send_events (fixture->server, before);
  cut = strlen (second_head) + (strlen (second_cut) - strlen (second_head)) / 2;
  ami_server_send_raw (fixture->server, second_cut + strlen (second_head), cut - strlen (second_head));
  ami_server_drop (fixture->server);

  WAIT_FOR (state_of (fixture) == REDIAL_CONNECTION_RETRYING);
  g_assert_cmpuint (fixture->events->len, ==, 1);
  g_assert_true (saw_status (fixture, "Lost the connection to 127.0.0.1; retrying in 1 s"));

  /* Back a second later; the peer replays everything from the start. */
  advance (fixture, SECONDS (1));
  WAIT_FOR (state_of (fixture) == REDIAL_CONNECTION_CONNECTED &&
            ami_server_count_actions (fixture->server, "CoreShowChannels") == 2);
  g_assert_cmpuint (ami_server_get_n_logins (fixture->server), ==, 2);
  ami_server_send_events (fixture->server, replay);

  WAIT_FOR (fixture->events->len == 2);
  event = event_for (fixture, &first);
  g_assert_cmpint (event->disposition, ==, REDIAL_DISPOSITION_NO_ANSWER);
  event = event_for (fixture, &second);
  g_assert_nonnull (event);
  g_assert_cmpint (event->disposition, ==, REDIAL_DISPOSITION_NO_ANSWER);
  g_assert_cmpstr (event->caller, ==, second.caller_num);
  g_assert_cmpuint (count_calls_in_store (store), ==, 2);

  /* Redial restarted knows nothing of those calls: replayed again, they
   * reach the engine again and are still stored once. */
  ami_server_set_live_channels (fixture->server, "");
  redial_engine_stop (engine);
  use_phone (fixture, new_phone (fixture, ami_server_get_port (fixture->server), NULL, &error));
  g_assert_no_error (error);
  redial_engine_set_phone_system (engine, fixture->phone);
  g_assert_true (redial_engine_start (engine, &error));
  WAIT_FOR (state_of (fixture) == REDIAL_CONNECTION_CONNECTED &&
            ami_server_count_actions (fixture->server, "CoreShowChannels") == 3);
  ami_server_send_events (fixture->server, replay);
  WAIT_FOR (fixture->events->len == 4);
  g_assert_cmpuint (count_calls_in_store (store), ==, 2);

  cases = redial_store_list_open_cases (store, &error);
  g_assert_cmpuint (cases->len, ==, 2);
  redial_engine_stop (engine);
}

static void
test_call_ended_while_away (Fixture       *fixture,
                            gconstpointer  data)
{
  AmiCallSpec spec = spec_for (1);
  g_autofree char *wire = ami_scenario_no_answer (&spec);
  g_autofree char *head = ami_wire_head (wire, 12);
  RedialCallEvent *event;

  connect_phone (fixture);
  ami_server_send_events (fixture->server, head);
  ami_server_drop (fixture->server);
  WAIT_FOR (state_of (fixture) == REDIAL_CONNECTION_RETRYING);
  g_assert_cmpuint (fixture->events->len, ==, 0);

  /* The call hung up meanwhile: Asterisk lists none of its channels. */
  advance (fixture, SECONDS (1));
  WAIT_FOR (fixture->events->len == 1);
  event = g_ptr_array_index (fixture->events, 0);
  g_assert_cmpint (event->disposition, ==, REDIAL_DISPOSITION_NO_ANSWER);
  g_assert_cmpstr (event->caller, ==, spec.caller_num);
}

static void
test_backoff_doubles_to_a_minute (Fixture       *fixture,
                                  gconstpointer  data)
{
  static const guint delays[] = { 1, 2, 4, 8, 16, 32, 60, 60 };
  g_autoptr(GError) error = NULL;
  AmiServer *gone = ami_server_new ("redial", "s3cret");
  guint16 port = ami_server_get_port (gone);

  /* Nothing listens on this port any more. */
  ami_server_free (gone);
  use_phone (fixture, new_phone (fixture, port, NULL, &error));
  g_assert_no_error (error);
  redial_phone_system_start (fixture->phone);

  for (guint i = 0; i < G_N_ELEMENTS (delays); i++)
    {
      g_autofree char *expected = g_strdup_printf ("Cannot reach 127.0.0.1; retrying in %u s", delays[i]);
      g_autofree char *status = NULL;

      WAIT_FOR (state_of (fixture) == REDIAL_CONNECTION_RETRYING);
      status = status_of (fixture);
      g_assert_cmpstr (status, ==, expected);

      /* Not a moment early. */
      advance (fixture, SECONDS (delays[i]) - 1);
      g_assert_cmpint (state_of (fixture), ==, REDIAL_CONNECTION_RETRYING);
      advance (fixture, 1);
      g_assert_cmpint (state_of (fixture), ==, REDIAL_CONNECTION_CONNECTING);
    }
}

static void
test_wrong_secret_not_retried (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *status = NULL;

  ami_server_free (fixture->server);
  fixture->server = ami_server_new ("redial", "another secret");
  use_phone (fixture, new_phone (fixture, ami_server_get_port (fixture->server), NULL, NULL));

  redial_phone_system_start (fixture->phone);
  WAIT_FOR (state_of (fixture) == REDIAL_CONNECTION_AUTH_FAILED);
  status = status_of (fixture);
  g_assert_cmpstr (status, ==, "Wrong AMI user name or secret");

  /* No timer left to try again, however long it waits. */
  g_assert_cmpuint (n_pending (fixture), ==, 0);
  advance (fixture, SECONDS (600));
  g_assert_cmpint (state_of (fixture), ==, REDIAL_CONNECTION_AUTH_FAILED);
  g_assert_cmpuint (ami_server_get_n_connections (fixture->server), ==, 1);

  /* Starting again (after fixing the secret) tries once more. */
  redial_phone_system_start (fixture->phone);
  WAIT_FOR (ami_server_get_n_connections (fixture->server) == 2 &&
            state_of (fixture) == REDIAL_CONNECTION_AUTH_FAILED);
}

static void
test_unreadable_secret (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *status = NULL;

  g_assert_cmpint (g_chmod (fixture->secret_path, 0644), ==, 0);
  redial_phone_system_start (fixture->phone);
  WAIT_FOR (state_of (fixture) == REDIAL_CONNECTION_AUTH_FAILED);
  status = status_of (fixture);
  g_assert_nonnull (strstr (status, "is not private"));
  g_assert_null (strstr (status, "s3cret"));
  g_assert_cmpuint (ami_server_get_n_connections (fixture->server), ==, 0);
  g_assert_cmpuint (n_pending (fixture), ==, 0);
}

static void
test_keepalive (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *status = NULL;

  connect_phone (fixture);

  advance (fixture, SECONDS (29));
  g_assert_cmpuint (ami_server_count_actions (fixture->server, "Ping"), ==, 0);
  advance (fixture, SECONDS (1));
  WAIT_FOR (ami_server_count_actions (fixture->server, "Ping") == 1);
  /* Answered: the wait for the answer ends. */
  WAIT_FOR (n_pending (fixture) == 2);
  advance (fixture, SECONDS (15));
  g_assert_cmpint (state_of (fixture), ==, REDIAL_CONNECTION_CONNECTED);

  /* A PBX that stops answering is left and tried again. */
  ami_server_set_answer_pings (fixture->server, FALSE);
  advance (fixture, SECONDS (15));
  WAIT_FOR (ami_server_count_actions (fixture->server, "Ping") == 2);
  advance (fixture, SECONDS (9));
  g_assert_cmpint (state_of (fixture), ==, REDIAL_CONNECTION_CONNECTED);
  advance (fixture, SECONDS (1));
  g_assert_cmpint (state_of (fixture), ==, REDIAL_CONNECTION_RETRYING);
  status = status_of (fixture);
  g_assert_cmpstr (status, ==, "Lost the connection to 127.0.0.1; retrying in 1 s");

  ami_server_set_answer_pings (fixture->server, TRUE);
  advance (fixture, SECONDS (1));
  WAIT_FOR (state_of (fixture) == REDIAL_CONNECTION_CONNECTED);
  g_assert_cmpuint (ami_server_get_n_logins (fixture->server), ==, 2);
}

static void
test_not_asterisk (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *status = NULL;

  ami_server_set_banner (fixture->server, "SSH-2.0-OpenSSH_9.2p1 Debian-2");
  redial_phone_system_start (fixture->phone);
  WAIT_FOR (state_of (fixture) == REDIAL_CONNECTION_RETRYING);
  status = status_of (fixture);
  g_assert_true (g_str_has_prefix (status, "127.0.0.1:"));
  g_assert_true (g_str_has_suffix (status, " is not an Asterisk manager interface; retrying in 1 s"));
  g_assert_cmpuint (ami_server_count_actions (fixture->server, "Login"), ==, 0);
}

static void
test_old_asterisk_still_connects (Fixture       *fixture,
                                  gconstpointer  data)
{
  /* Asterisk 11 speaks AMI 1.3: logged in, with a word in the log. */
  ami_server_set_banner (fixture->server, "Asterisk Call Manager/1.3");
  connect_phone (fixture);
  g_assert_cmpuint (ami_server_get_n_logins (fixture->server), ==, 1);

  /* A banner with no version at all is no reason to fail either. */
  ami_server_set_banner (fixture->server, "Asterisk Call Manager");
  ami_server_drop (fixture->server);
  WAIT_FOR (state_of (fixture) == REDIAL_CONNECTION_RETRYING);
  advance (fixture, SECONDS (1));
  WAIT_FOR (state_of (fixture) == REDIAL_CONNECTION_CONNECTED);
}

static void
on_accepted_silently (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GSocketConnection **connection = user_data;

  *connection = g_socket_listener_accept_finish (G_SOCKET_LISTENER (source), result, NULL, NULL);
}

static void
test_silent_peer_times_out (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;

  g_assert_true (g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM,
                                                G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error));
  g_socket_listener_accept_async (listener, NULL, on_accepted_silently, &connection);
  use_phone (fixture, new_phone (fixture, g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)),
                                 NULL, NULL));

  redial_phone_system_start (fixture->phone);
  WAIT_FOR (connection != NULL);
  advance (fixture, SECONDS (9));
  g_assert_cmpint (state_of (fixture), ==, REDIAL_CONNECTION_CONNECTING);
  advance (fixture, SECONDS (1));
  g_assert_cmpint (state_of (fixture), ==, REDIAL_CONNECTION_RETRYING);
  status = status_of (fixture);
  g_assert_cmpstr (status, ==, "127.0.0.1 did not answer in time; retrying in 1 s");
  g_socket_listener_close (listener);
}

static void
test_hostile_bytes (Fixture       *fixture,
                    gconstpointer  data)
{
  AmiCallSpec spec = spec_for (3);
  g_autofree char *wire = ami_scenario_busy (&spec);
  g_autofree char *head = ami_wire_head (wire, 5);
  g_autofree char *tail = ami_wire_tail (wire, 5);
  g_autoptr(GString) junk = g_string_new (NULL);
  g_autofree char *long_value = g_strnfill (100 * 1024, 'z');
  static const char binary[] = "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n";
  static const char nul[] = "Event: Hangup\r\nChannel: PJSIP/trunk\0\r\n\r\n";
  RedialCallEvent *event;

  connect_phone (fixture);

  for (guint i = 0; i < 110; i++)
    g_string_append_printf (junk, "%sField%u: %s\r\n", i == 0 ? "Event: Huge\r\n" : "", i,
                            "................................................................"
                            "................................................................"
                            "................................................................"
                            "................................................................"
                            "................................................................"
                            "................................................................"
                            "................................................................"
                            "................................................................"
                            "................................................................"
                            "................................................................");
  g_string_append (junk, "\r\nno colon here\r\nEvent: Hangup\r\nUniqueid: \xff\xfe\r\nLinkedid: ../..\r\n\r\n");
  g_string_append_printf (junk, "Event: VarSet\r\nValue: %s\r\n\r\n", long_value);
  g_string_append (junk, "Response: Success\r\nActionID: redial-999999\r\n\r\n");

  /* Junk in the middle of a call: the call is still told right. */
  ami_server_send_events (fixture->server, head);
  ami_server_send_raw (fixture->server, binary, sizeof binary - 1);
  ami_server_send_raw (fixture->server, junk->str, junk->len);
  ami_server_send_raw (fixture->server, nul, sizeof nul - 1);
  ami_server_send_events (fixture->server, tail);

  WAIT_FOR (fixture->events->len == 1);
  event = g_ptr_array_index (fixture->events, 0);
  g_assert_cmpint (event->disposition, ==, REDIAL_DISPOSITION_BUSY);
  g_assert_cmpstr (event->caller, ==, spec.caller_num);
  g_assert_cmpint (state_of (fixture), ==, REDIAL_CONNECTION_CONNECTED);
}

static void
on_originated (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GError **error = user_data;
  gboolean ok = redial_ami_originate_finish (REDIAL_AMI (source), result, error);

  g_assert_true (ok == (*error == NULL));
  if (ok)
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "done");
}

/* Returns the outcome: a G_IO_ERROR_EXISTS "done" stands for success. */
#define ORIGINATE(fixture, number, cancellable, outcome)                              \
  G_STMT_START {                                                                     \
    g_clear_error (&(outcome));                                                      \
    redial_ami_originate_async (REDIAL_AMI ((fixture)->phone), (number), (cancellable), \
                                on_originated, &(outcome));                          \
  } G_STMT_END

static void
test_click_to_call (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) outcome = NULL;
  g_autoptr(RedialAmiMessage) action = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  /* Not connected yet. */
  ORIGINATE (fixture, "+12125550110", NULL, outcome);
  WAIT_FOR (outcome != NULL);
  g_assert_error (outcome, REDIAL_AMI_ERROR, REDIAL_AMI_ERROR_NOT_CONNECTED);

  connect_phone (fixture);

  ORIGINATE (fixture, "+1 (212) 555-0110", NULL, outcome);
  WAIT_FOR (outcome != NULL);
  g_assert_error (outcome, G_IO_ERROR, G_IO_ERROR_EXISTS);
  action = ami_server_dup_last_action (fixture->server, "Originate");
  g_assert_cmpstr (redial_ami_message_get (action, "Channel"), ==, "Local/101@from-internal");
  g_assert_cmpstr (redial_ami_message_get (action, "Exten"), ==, "+12125550110");
  g_assert_cmpstr (redial_ami_message_get (action, "Context"), ==, "from-internal");
  g_assert_cmpstr (redial_ami_message_get (action, "Priority"), ==, "1");
  g_assert_cmpstr (redial_ami_message_get (action, "CallerID"), ==, "\"+12125550110\" <101>");
  g_assert_cmpstr (redial_ami_message_get (action, "Async"), ==, "true");

  ami_server_set_originate_reason (fixture->server, 5);
  ORIGINATE (fixture, "2125550110", NULL, outcome);
  WAIT_FOR (outcome != NULL);
  g_assert_error (outcome, REDIAL_AMI_ERROR, REDIAL_AMI_ERROR_CALL_FAILED);
  g_assert_cmpstr (outcome->message, ==, "The desk phone is busy.");

  /* Something that would add lines to the action never reaches Asterisk. */
  ORIGINATE (fixture, "2125550110\r\nAction: Hangup\r\nChannel: PJSIP/101", NULL, outcome);
  WAIT_FOR (outcome != NULL);
  g_assert_error (outcome, REDIAL_AMI_ERROR, REDIAL_AMI_ERROR_INVALID_NUMBER);
  ami_server_sync (fixture->server);
  g_assert_cmpuint (ami_server_count_actions (fixture->server, "Originate"), ==, 2);
  g_assert_cmpuint (ami_server_count_actions (fixture->server, "Hangup"), ==, 0);

  /* Asterisk never says: given up after a while, or when cancelled. */
  ami_server_set_originate_reason (fixture->server, -1);
  ORIGINATE (fixture, "2125550110", NULL, outcome);
  WAIT_FOR (ami_server_count_actions (fixture->server, "Originate") == 3);
  /* The keep-alive on the way is answered, as time goes by. */
  advance (fixture, SECONDS (30));
  WAIT_FOR (n_pending (fixture) == 3);
  advance (fixture, SECONDS (15));
  WAIT_FOR (outcome != NULL);
  g_assert_error (outcome, REDIAL_AMI_ERROR, REDIAL_AMI_ERROR_TIMED_OUT);

  ORIGINATE (fixture, "2125550110", cancellable, outcome);
  WAIT_FOR (ami_server_count_actions (fixture->server, "Originate") == 4);
  g_cancellable_cancel (cancellable);
  WAIT_FOR (outcome != NULL);
  g_assert_error (outcome, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* A click while the connection goes down learns it. */
  ORIGINATE (fixture, "2125550110", NULL, outcome);
  WAIT_FOR (ami_server_count_actions (fixture->server, "Originate") == 5);
  ami_server_drop (fixture->server);
  WAIT_FOR (outcome != NULL);
  g_assert_error (outcome, REDIAL_AMI_ERROR, REDIAL_AMI_ERROR_NOT_CONNECTED);
  g_assert_cmpuint (n_pending (fixture), ==, 1);
}

static void
test_click_to_call_needs_extension (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GError) outcome = NULL;

  use_phone (fixture, new_phone (fixture, ami_server_get_port (fixture->server), NULL, NULL));
  connect_phone (fixture);
  ORIGINATE (fixture, "2125550110", NULL, outcome);
  WAIT_FOR (outcome != NULL);
  g_assert_error (outcome, REDIAL_AMI_ERROR, REDIAL_AMI_ERROR_NO_EXTENSION);
}

static void
test_settings_checked (Fixture       *fixture,
                       gconstpointer  data)
{
  static const struct {
    const char *text;
    const char *message;
  } bad[] = {
    { "[ami]\nusername = redial\n", "test.conf: [ami] host: the address of the Asterisk server is needed" },
    { "[ami]\nhost = pbx\n", "test.conf: [ami] username: the AMI user name is needed" },
    { "[ami]\nhost = pbx\nusername = u\nport = 99999\n", "test.conf: [ami] port: expected a port number between 1 and 65535" },
    { "[ami]\nhost = pbx\nusername = u\nport = 50x\n", "test.conf: [ami] port: expected a port number between 1 and 65535" },
    { "[ami]\nhost = pbx pbx\nusername = u\n", NULL },
    { "[ami]\nhost = pbx\nusername = u\nextension = 10 1\n", NULL },
    { "[ami]\nhost = pbx\nusername = u\ncontext = from internal\n", NULL },
    { "[ami]\nhost = pbx\nusername = u\ninbound-contexts = ;;\n", "test.conf: [ami] inbound-contexts: name at least one context" },
    { "[ami]\nhost = pbx\nusername = u\ndid-variable = __\n", NULL },
    { "[ami]\nhost = pbx\nusername = u\ndid-variable = FROM-DID\n", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GKeyFile) keyfile = g_key_file_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(RedialPhoneSystem) phone = NULL;

      g_assert_true (g_key_file_load_from_data (keyfile, bad[i].text, -1, G_KEY_FILE_NONE, NULL));
      phone = redial_ami_new_from_keyfile (fixture->clock, keyfile, "test.conf", &error);
      g_assert_null (phone);
      g_assert_error (error, REDIAL_AMI_ERROR, REDIAL_AMI_ERROR_INVALID_SETTING);
      g_assert_true (g_str_has_prefix (error->message, "test.conf: [ami] "));
      if (bad[i].message != NULL)
        g_assert_cmpstr (error->message, ==, bad[i].message);
    }

  /* A full, valid group; unknown keys are only logged. */
  {
    g_autoptr(GKeyFile) keyfile = g_key_file_new ();
    g_autoptr(GError) error = NULL;
    g_autoptr(RedialPhoneSystem) phone = NULL;
    g_autofree char *status = NULL;

    g_assert_true (g_key_file_load_from_data (keyfile,
                                              "[ami]\nhost = pbx.example.com\nport = 5039\nusername = redial\n"
                                              "secret-file = /etc/redial/ami-secret\nextension = 101\n"
                                              "context = from-internal-custom\n"
                                              "inbound-contexts = from-trunk* ; trk-*-in\n"
                                              "did-variable = __FROM_DID\nshoe-size = 43\n",
                                              -1, G_KEY_FILE_NONE, NULL));
    phone = redial_ami_new_from_keyfile (fixture->clock, keyfile, "test.conf", &error);
    g_assert_no_error (error);
    g_assert_cmpint (redial_phone_system_get_state (phone), ==, REDIAL_CONNECTION_DISCONNECTED);
    status = redial_phone_system_dup_status (phone);
    g_assert_cmpstr (status, ==, "Not connected to the phone system");
  }
}

static void
test_stop_disconnects (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *status = NULL;

  connect_phone (fixture);
  redial_phone_system_stop (fixture->phone);
  g_assert_cmpint (state_of (fixture), ==, REDIAL_CONNECTION_DISCONNECTED);
  status = status_of (fixture);
  g_assert_cmpstr (status, ==, "Not connected to the phone system");
  g_assert_cmpuint (n_pending (fixture), ==, 0);

  /* Stopped while retrying: no retry left behind either. */
  ami_server_set_banner (fixture->server, "nope");
  redial_phone_system_start (fixture->phone);
  WAIT_FOR (state_of (fixture) == REDIAL_CONNECTION_RETRYING);
  redial_phone_system_stop (fixture->phone);
  g_assert_cmpuint (n_pending (fixture), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/ami/connect/logs-in-filters-and-lists-channels", test_login_filters_channels);
  ADD ("/ami/calls/every-scenario-told-apart", test_every_scenario);
  ADD ("/ami/calls/without-filter-permission", test_without_filter_permission);
  ADD ("/ami/reconnect/drop-mid-event-loses-no-call", test_drop_mid_event);
  ADD ("/ami/reconnect/call-ended-while-away-reported", test_call_ended_while_away);
  ADD ("/ami/reconnect/backoff-doubles-to-a-minute", test_backoff_doubles_to_a_minute);
  ADD ("/ami/auth/wrong-secret-not-retried", test_wrong_secret_not_retried);
  ADD ("/ami/auth/unsafe-secret-file-refused", test_unreadable_secret);
  ADD ("/ami/keepalive/ping-every-30-s", test_keepalive);
  ADD ("/ami/connect/not-asterisk-retried", test_not_asterisk);
  ADD ("/ami/connect/silent-peer-times-out", test_silent_peer_times_out);
  ADD ("/ami/connect/old-asterisk-still-connects", test_old_asterisk_still_connects);
  ADD ("/ami/input/hostile-bytes-lose-no-call", test_hostile_bytes);
  ADD ("/ami/originate/click-to-call", test_click_to_call);
  ADD ("/ami/originate/needs-extension", test_click_to_call_needs_extension);
  ADD ("/ami/settings/checked", test_settings_checked);
  ADD ("/ami/stop/disconnects", test_stop_disconnects);

#undef ADD

  return g_test_run ();
}
