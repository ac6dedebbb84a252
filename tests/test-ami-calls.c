/* test-ami-calls.c: AMI events grouped by linked id tell how each inbound call ended. */
#include "config.h"

#include <string.h>

#include "ami-scenarios.h"
#include "redial-ami-calls.h"
#include "redial-fake-clock.h"

#define START_US G_GINT64_CONSTANT (1795400000000000)

typedef struct
{
  RedialClock    *clock;
  RedialAmiCalls *calls;
  GPtrArray      *events;
} Fixture;

static void
on_call_event (RedialAmiCalls  *calls,
               RedialCallEvent *event,
               GPtrArray       *events)
{
  g_ptr_array_add (events, redial_call_event_ref (event));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->clock = redial_fake_clock_new (START_US);
  fixture->calls = redial_ami_calls_new (fixture->clock);
  fixture->events = g_ptr_array_new_with_free_func ((GDestroyNotify) redial_call_event_unref);
  g_signal_connect (fixture->calls, "call-event", G_CALLBACK (on_call_event), fixture->events);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->calls);
  g_assert_cmpuint (redial_fake_clock_get_n_pending (REDIAL_FAKE_CLOCK (fixture->clock)), ==, 0);
  g_clear_object (&fixture->clock);
  g_ptr_array_unref (fixture->events);
}

static GPtrArray *
parse_wire (const char *wire,
            gboolean    banner)
{
  g_autoptr(RedialAmiParser) parser = redial_ami_parser_new (banner);
  GPtrArray *messages = g_ptr_array_new_with_free_func ((GDestroyNotify) redial_ami_message_unref);
  RedialAmiMessage *message;

  redial_ami_parser_feed (parser, wire, strlen (wire));
  while ((message = redial_ami_parser_pop (parser)) != NULL)
    g_ptr_array_add (messages, message);
  g_assert_cmpuint (redial_ami_parser_get_n_skipped (parser), ==, 0);
  return messages;
}

static void
feed (Fixture    *fixture,
      const char *wire)
{
  g_autoptr(GPtrArray) messages = parse_wire (wire, FALSE);

  for (guint i = 0; i < messages->len; i++)
    redial_ami_calls_handle (fixture->calls, g_ptr_array_index (messages, i));
}

static void
test_real_transcript (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "asterisk-ami",
                                                 "ringgroup_noanswer.txt", NULL);
  g_autofree char *text = NULL;
  g_autofree char *wire = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  RedialCallEvent *event;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  wire = ami_transcript_to_wire (text);
  messages = parse_wire (wire, TRUE);

  for (guint i = 0; i < messages->len; i++)
    {
      RedialAmiMessage *message = g_ptr_array_index (messages, i);
      guint before = fixture->events->len;

      redial_ami_calls_handle (fixture->calls, message);

      /* Reported at the last hangup, not before, whatever the DialEnds
       * (one per ring-group member, one from the originate) said. */
      if (fixture->events->len > before)
        {
          g_assert_cmpstr (redial_ami_message_get_name (message), ==, "Hangup");
          g_assert_cmpstr (redial_ami_message_get (message, "Uniqueid"), ==, "1795355092.0");
        }
    }

  g_assert_cmpuint (fixture->events->len, ==, 1);
  event = g_ptr_array_index (fixture->events, 0);
  g_assert_cmpstr (event->provider, ==, "ami");
  g_assert_cmpstr (event->provider_call_id, ==, "1795355092.0");
  g_assert_cmpstr (event->caller, ==, "+12125550110");
  g_assert_cmpstr (event->caller_name, ==, "Jane Caller");
  g_assert_cmpstr (event->line, ==, "13125550118");
  g_assert_cmpint (event->started_at, ==, G_GINT64_CONSTANT (1795355092148246));
  g_assert_cmpint (event->ended_at, ==, G_GINT64_CONSTANT (1795355097155431));
  g_assert_cmpint (event->disposition, ==, REDIAL_DISPOSITION_NO_ANSWER);
  g_assert_cmpuint (redial_ami_calls_get_n_active (fixture->calls), ==, 0);
}

typedef char *(*ScenarioFunc) (const AmiCallSpec *spec);

typedef struct
{
  const char   *name;
  ScenarioFunc  build;
  int           disposition;  /* -1: not reported */
} Scenario;

static const Scenario scenarios[] = {
  { "answered", ami_scenario_answered, REDIAL_DISPOSITION_ANSWERED },
  { "no-answer", ami_scenario_no_answer, REDIAL_DISPOSITION_NO_ANSWER },
  { "busy", ami_scenario_busy, REDIAL_DISPOSITION_BUSY },
  { "caller-hangup", ami_scenario_caller_hangup, REDIAL_DISPOSITION_NO_ANSWER },
  { "queue-abandon", ami_scenario_queue_abandon, REDIAL_DISPOSITION_ABANDONED },
  { "voicemail", ami_scenario_voicemail, REDIAL_DISPOSITION_VOICEMAIL },
  { "outbound", ami_scenario_outbound, -1 },
  { "bench-missed", ami_scenario_bench_missed, REDIAL_DISPOSITION_NO_ANSWER },
};

static AmiCallSpec
spec_for (guint index)
{
  static const char * const numbers[] = { "+12125550110", "+13125550177", "2125550142", "+447700900123" };
  static const char * const names[] = { "Jane Caller", "WIRELESS CALLER", "Ana María Ruiz", "O'Brien Plumbing" };
  AmiCallSpec spec = {
    START_US + (gint64) index * 3 * G_USEC_PER_SEC + 137,
    100 + 10 * index,
    numbers[index % G_N_ELEMENTS (numbers)],
    names[index % G_N_ELEMENTS (names)],
    index % 2 == 0 ? "13125550118" : "+13125550119",
  };
  return spec;
}

static void
assert_event_matches (RedialCallEvent   *event,
                      const AmiCallSpec *spec,
                      int                disposition)
{
  g_autofree char *linkedid = ami_scenario_linkedid (spec);

  g_assert_cmpstr (event->provider, ==, "ami");
  g_assert_cmpstr (event->provider_call_id, ==, linkedid);
  g_assert_cmpstr (event->caller, ==, spec->caller_num);
  g_assert_cmpstr (event->caller_name, ==, spec->caller_name);
  g_assert_cmpstr (event->line, ==, spec->did);
  g_assert_cmpint (event->started_at, ==, spec->start_us);
  g_assert_cmpint (event->ended_at, >, event->started_at);
  g_assert_cmpint (event->disposition, ==, disposition);
}

static void
test_each_scenario (Fixture       *fixture,
                    gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      AmiCallSpec spec = spec_for (i);
      g_autofree char *wire = scenarios[i].build (&spec);
      guint before = fixture->events->len;

      g_test_message ("scenario %s", scenarios[i].name);
      feed (fixture, wire);

      if (scenarios[i].disposition < 0)
        {
          g_assert_cmpuint (fixture->events->len, ==, before);
          continue;
        }
      g_assert_cmpuint (fixture->events->len, ==, before + 1);
      assert_event_matches (g_ptr_array_index (fixture->events, before), &spec, scenarios[i].disposition);
    }

  g_assert_cmpuint (redial_ami_calls_get_n_active (fixture->calls), ==, 0);
}

static gint64
timestamp_of (RedialAmiMessage *message)
{
  return (gint64) (g_ascii_strtod (redial_ami_message_get (message, "Timestamp"), NULL) * 1e6);
}

static int
compare_by_time (gconstpointer a,
                 gconstpointer b)
{
  gint64 time_a = timestamp_of (*(RedialAmiMessage **) a);
  gint64 time_b = timestamp_of (*(RedialAmiMessage **) b);

  return time_a < time_b ? -1 : time_a > time_b;
}

static void
test_interleaved_calls (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) redial_ami_message_unref);
  AmiCallSpec specs[G_N_ELEMENTS (scenarios)];
  guint n_expected = 0;

  /* Every call rings at once, a few seconds apart: their events mix. */
  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      g_autofree char *wire = NULL;
      g_autoptr(GPtrArray) messages = NULL;

      specs[i] = spec_for (i);
      wire = scenarios[i].build (&specs[i]);
      messages = parse_wire (wire, FALSE);
      for (guint j = 0; j < messages->len; j++)
        g_ptr_array_add (all, redial_ami_message_ref (g_ptr_array_index (messages, j)));
      n_expected += scenarios[i].disposition >= 0;
    }
  g_ptr_array_sort (all, compare_by_time);

  for (guint i = 0; i < all->len; i++)
    redial_ami_calls_handle (fixture->calls, g_ptr_array_index (all, i));

  g_assert_cmpuint (fixture->events->len, ==, n_expected);
  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      g_autofree char *linkedid = ami_scenario_linkedid (&specs[i]);

      for (guint j = 0; j < fixture->events->len; j++)
        {
          RedialCallEvent *event = g_ptr_array_index (fixture->events, j);

          if (g_str_equal (event->provider_call_id, linkedid))
            assert_event_matches (event, &specs[i], scenarios[i].disposition);
        }
    }
}

static void
test_replay_reported_once (Fixture       *fixture,
                           gconstpointer  data)
{
  AmiCallSpec spec = spec_for (1);
  g_autofree char *wire = ami_scenario_no_answer (&spec);

  feed (fixture, wire);
  feed (fixture, wire);
  g_assert_cmpuint (fixture->events->len, ==, 1);
  g_assert_cmpuint (redial_ami_calls_get_n_active (fixture->calls), ==, 0);
}

/* A plain Asterisk dialplan with no DID variable, a trunk that sends
 * "s", and the DID in the CDR's user field. */
static char *
did_in_cdr_only (const char *uniqueid,
                 const char *user_field)
{
  return g_strdup_printf ("Event: Newchannel\r\nPrivilege: call,all\r\nTimestamp: 1795400100.000100\r\n"
                          "Channel: PJSIP/trunk-00000042\r\nChannelState: 4\r\nChannelStateDesc: Ring\r\n"
                          "CallerIDNum: 2125550199\r\nCallerIDName: Pat Doe\r\nContext: from-trunk\r\n"
                          "Exten: s\r\nPriority: 1\r\nUniqueid: %s\r\nLinkedid: %s\r\n\r\n"
                          "Event: Newexten\r\nPrivilege: dialplan,all\r\nTimestamp: 1795400100.000200\r\n"
                          "Channel: PJSIP/trunk-00000042\r\nContext: from-trunk\r\nExten: s\r\n"
                          "Uniqueid: %s\r\nLinkedid: %s\r\nApplication: Busy\r\nAppData: 10\r\n\r\n"
                          "Event: Hangup\r\nPrivilege: call,all\r\nTimestamp: 1795400104.000300\r\n"
                          "Channel: PJSIP/trunk-00000042\r\nContext: from-trunk\r\nExten: s\r\n"
                          "Uniqueid: %s\r\nLinkedid: %s\r\nCause: 17\r\nCause-txt: User busy\r\n\r\n"
                          "Event: Cdr\r\nPrivilege: cdr,all\r\nSource: 2125550199\r\nDestination: s\r\n"
                          "Channel: PJSIP/trunk-00000042\r\nDisposition: BUSY\r\nUniqueID: %s\r\n"
                          "UserField: %s\r\n\r\n",
                          uniqueid, uniqueid, uniqueid, uniqueid, uniqueid, uniqueid, uniqueid, user_field);
}

static void
test_did_from_cdr (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *with_did = did_in_cdr_only ("1795400100.7", "did:3125550100");
  g_autofree char *without = did_in_cdr_only ("1795400100.9", "");
  g_autofree char *head = NULL;
  RedialCallEvent *event;

  /* Held after the hangup until its CDR says the number. */
  head = ami_wire_head (with_did, 3);
  feed (fixture, head);
  g_assert_cmpuint (fixture->events->len, ==, 0);
  feed (fixture, with_did);
  g_assert_cmpuint (fixture->events->len, ==, 1);
  event = g_ptr_array_index (fixture->events, 0);
  g_assert_cmpstr (event->line, ==, "3125550100");
  g_assert_cmpstr (event->caller, ==, "2125550199");
  /* Busy() with no phone rung: the cause tells. */
  g_assert_cmpint (event->disposition, ==, REDIAL_DISPOSITION_BUSY);

  /* A CDR without the number: reported without it, two seconds later. */
  feed (fixture, without);
  g_assert_cmpuint (fixture->events->len, ==, 1);
  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (fixture->clock), 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (fixture->events->len, ==, 2);
  event = g_ptr_array_index (fixture->events, 1);
  g_assert_null (event->line);
  g_assert_cmpstr (event->provider_call_id, ==, "1795400100.9");
}

static void
test_sweep_reports_calls_ended_unseen (Fixture       *fixture,
                                       gconstpointer  data)
{
  AmiCallSpec spec = spec_for (0);
  g_autofree char *wire = ami_scenario_no_answer (&spec);
  g_autofree char *head = ami_wire_head (wire, 12);
  RedialCallEvent *event;

  feed (fixture, head);
  g_assert_cmpuint (redial_ami_calls_get_n_active (fixture->calls), ==, 1);

  /* Reconnected: Asterisk lists no channel of this call any more. */
  redial_ami_calls_begin_sweep (fixture->calls);
  redial_ami_calls_end_sweep (fixture->calls);

  g_assert_cmpuint (fixture->events->len, ==, 1);
  event = g_ptr_array_index (fixture->events, 0);
  g_assert_cmpint (event->disposition, ==, REDIAL_DISPOSITION_NO_ANSWER);
  g_assert_cmpstr (event->caller, ==, spec.caller_num);
  g_assert_cmpstr (event->line, ==, spec.did);

  /* Its remaining events, should they come after all, change nothing. */
  feed (fixture, wire);
  g_assert_cmpuint (fixture->events->len, ==, 1);
}

static void
test_sweep_keeps_live_calls (Fixture       *fixture,
                             gconstpointer  data)
{
  AmiCallSpec spec = spec_for (2);
  g_autofree char *wire = ami_scenario_voicemail (&spec);
  g_autofree char *head = ami_wire_head (wire, 20);
  g_autofree char *tail = ami_wire_tail (wire, 20);
  g_autofree char *live = ami_scenario_live_channels (wire, 20);

  feed (fixture, head);
  redial_ami_calls_begin_sweep (fixture->calls);
  feed (fixture, live);
  redial_ami_calls_end_sweep (fixture->calls);
  g_assert_cmpuint (fixture->events->len, ==, 0);

  feed (fixture, tail);
  g_assert_cmpuint (fixture->events->len, ==, 1);
  assert_event_matches (g_ptr_array_index (fixture->events, 0), &spec, REDIAL_DISPOSITION_VOICEMAIL);
}

static void
test_hostile_events_ignored (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GString) wire = g_string_new (NULL);
  g_autofree char *long_id = g_strnfill (5000, '7');
  AmiCallSpec spec = spec_for (3);
  g_autofree char *good = ami_scenario_busy (&spec);

  g_string_append (wire, "Event: Hangup\r\nUniqueid: 1.1\r\nLinkedid: 1.1\r\n\r\n");
  g_string_append (wire, "Event: DialEnd\r\nChannel: X\r\nUniqueid: 1.2\r\n\r\n");
  g_string_append (wire, "Event: Newchannel\r\nUniqueid: \r\nLinkedid: \r\n\r\n");
  g_string_append_printf (wire, "Event: Newchannel\r\nUniqueid: %s\r\nLinkedid: %s\r\n\r\n", long_id, long_id);
  g_string_append (wire, "Event: Newchannel\r\nUniqueid: a b\r\nLinkedid: a b\r\n\r\n");
  g_string_append (wire, "Event: VarSet\r\nUniqueid: 1.3\r\nLinkedid: 1.3\r\nVariable: __FROM_DID\r\n\r\n");
  g_string_append (wire, "Event: Cdr\r\nUserField: did:1\r\n\r\n");
  g_string_append (wire, "Event: Newchannel\r\nTimestamp: -5.x\r\nUniqueid: 1.4\r\nLinkedid: 1.4\r\n\r\n");
  g_string_append (wire, "Event: Pickup\r\nTargetLinkedid: nothing\r\n\r\n");
  g_string_append (wire, "Event: CoreShowChannel\r\nUniqueid: 1.5\r\nLinkedid: 1.5\r\nDuration: 99:99\r\n\r\n");
  g_string_append (wire, good);

  feed (fixture, wire->str);
  g_assert_cmpuint (fixture->events->len, ==, 1);
  assert_event_matches (g_ptr_array_index (fixture->events, 0), &spec, REDIAL_DISPOSITION_BUSY);
}

static void
test_flood_is_bounded (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(RedialAmiMessage) event = NULL;

  /* A peer inventing calls without end: memory stays bounded. */
  for (guint i = 0; i < 25000; i++)
    {
      g_autofree char *id = g_strdup_printf ("1795400000.%u", i);

      event = redial_ami_message_new ();
      redial_ami_message_add (event, "Event", "Newchannel");
      redial_ami_message_add (event, "Context", "from-pstn");
      redial_ami_message_add (event, "Uniqueid", id);
      redial_ami_message_add (event, "Linkedid", id);
      redial_ami_calls_handle (fixture->calls, event);
      g_clear_pointer (&event, redial_ami_message_unref);
    }
  g_assert_cmpuint (redial_ami_calls_get_n_active (fixture->calls), <=, 20000);

  /* Forgotten when nothing more is heard of them. */
  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (fixture->clock), (gint64) 13 * 3600 * G_USEC_PER_SEC);
  redial_ami_calls_expire (fixture->calls, (gint64) 12 * 3600 * G_USEC_PER_SEC);
  g_assert_cmpuint (redial_ami_calls_get_n_active (fixture->calls), ==, 0);
  g_assert_cmpuint (fixture->events->len, ==, 0);
}

static void
test_custom_contexts_and_variable (Fixture       *fixture,
                                   gconstpointer  data)
{
  static const char * const contexts[] = { "trk-*-in", NULL };
  AmiCallSpec spec = spec_for (1);
  g_autofree char *wire = ami_scenario_no_answer (&spec);
  g_autofree char *renamed = NULL;
  g_auto(GStrv) parts = NULL;

  /* The same call through a VitalPBX-style trunk context, with the DID in
   * a variable of its own: FROM_DID means nothing here. */
  parts = g_strsplit (wire, "from-pstn", -1);
  renamed = g_strjoinv ("trk-3-in", parts);
  g_strfreev (g_steal_pointer (&parts));
  parts = g_strsplit (renamed, "FROM_DID", -1);
  g_free (renamed);
  renamed = g_strjoinv ("INBOUND_DID", parts);

  redial_ami_calls_set_inbound_contexts (fixture->calls, contexts);
  redial_ami_calls_set_did_variable (fixture->calls, "__INBOUND_DID");
  feed (fixture, renamed);

  g_assert_cmpuint (fixture->events->len, ==, 1);
  assert_event_matches (g_ptr_array_index (fixture->events, 0), &spec, REDIAL_DISPOSITION_NO_ANSWER);
}

static void
test_long_name_cut_whole (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GString) name = g_string_new ("J");
  AmiCallSpec spec = spec_for (0);
  g_autofree char *wire = NULL;
  RedialCallEvent *event;

  /* A name far over the limit, of two-byte letters after one of one
   * byte: a cut at the limit falls inside a letter. */
  for (guint i = 0; i < 300; i++)
    g_string_append (name, "é");
  spec.caller_name = name->str;
  wire = ami_scenario_no_answer (&spec);
  feed (fixture, wire);

  g_assert_cmpuint (fixture->events->len, ==, 1);
  event = g_ptr_array_index (fixture->events, 0);
  g_assert_true (g_utf8_validate (event->caller_name, -1, NULL));
  g_assert_true (g_str_has_prefix (name->str, event->caller_name));
  g_assert_cmpuint (strlen (event->caller_name), >, 200);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/ami/calls/real-transcript/ring-group-not-answered", test_real_transcript);
  ADD ("/ami/calls/scenarios/each-told-apart", test_each_scenario);
  ADD ("/ami/calls/interleaved/grouped-by-linkedid", test_interleaved_calls);
  ADD ("/ami/calls/replayed/reported-once", test_replay_reported_once);
  ADD ("/ami/calls/did/from-cdr-user-field", test_did_from_cdr);
  ADD ("/ami/calls/sweep/reports-calls-ended-unseen", test_sweep_reports_calls_ended_unseen);
  ADD ("/ami/calls/sweep/keeps-live-calls", test_sweep_keeps_live_calls);
  ADD ("/ami/calls/hostile-events/ignored", test_hostile_events_ignored);
  ADD ("/ami/calls/flood/bounded", test_flood_is_bounded);
  ADD ("/ami/calls/long-name/cut-between-letters", test_long_name_cut_whole);
  ADD ("/ami/calls/custom-contexts-and-variable", test_custom_contexts_and_variable);

#undef ADD

  return g_test_run ();
}
