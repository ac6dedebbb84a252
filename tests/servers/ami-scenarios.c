/* ami-scenarios.c: the AMI events Asterisk sends for typical inbound calls, as wire text.
 *
 * The events follow the AMI v2 specification and the event reference on
 * docs.asterisk.org (Newchannel, NewCallerid, Newexten, VarSet, DialBegin,
 * DialState, DialEnd, Newstate, BridgeCreate/Enter/Leave, LocalBridge,
 * QueueCallerJoin/Abandon/Leave, HangupRequest, Hangup, Cdr): every channel
 * event carries the full channel snapshot in the order Asterisk writes it,
 * with "Dest" prefixed fields for the dialled channel; the dialplans are
 * those of FreePBX (inbound context from-pstn, __FROM_DID set by the
 * inbound route, ring groups and queues over Local channels), checked
 * against the real transcript in tests/data/asterisk-ami/. */
#include "config.h"

#include <string.h>

#include "ami-scenarios.h"
#include "redial-ami-parser.h"

typedef struct
{
  char       *name;
  char       *uniqueid;
  const char *linkedid;
  int         state;
  char       *cid_num;
  char       *cid_name;
  char       *conn_num;
  char       *conn_name;
  char       *context;
  char       *exten;
  int         priority;
} Chan;

typedef struct
{
  GString *wire;
  gint64   now;      /* Unix µs of the next event */
  guint    epoch;
  guint    next_id;
  char    *linkedid;
  Chan    *chans[8];
  guint    n_chans;
} Builder;

static const char * const state_names[] = {
  "Down", "Rsrvd", "OffHook", "Dialing", "Ring", "Ringing", "Up", "Busy",
};

static void
builder_init (Builder           *b,
              const AmiCallSpec *spec)
{
  memset (b, 0, sizeof *b);
  b->wire = g_string_sized_new (16384);
  b->now = spec->start_us;
  b->epoch = (guint) (spec->start_us / G_USEC_PER_SEC);
  b->next_id = spec->seq;
}

static char *
builder_end (Builder *b)
{
  for (guint i = 0; i < b->n_chans; i++)
    {
      Chan *c = b->chans[i];

      g_free (c->name);
      g_free (c->uniqueid);
      g_free (c->cid_num);
      g_free (c->cid_name);
      g_free (c->conn_num);
      g_free (c->conn_name);
      g_free (c->context);
      g_free (c->exten);
      g_free (c);
    }
  g_free (b->linkedid);
  return g_string_free (b->wire, FALSE);
}

static Chan *
chan_new (Builder    *b,
          const char *name_format,
          guint       name_seq,
          int         state,
          const char *context,
          const char *exten)
{
  Chan *c = g_new0 (Chan, 1);

  g_assert (b->n_chans < G_N_ELEMENTS (b->chans));
  c->name = g_strdup_printf (name_format, name_seq);
  c->uniqueid = g_strdup_printf ("%u.%u", b->epoch, b->next_id++);
  if (b->linkedid == NULL)
    b->linkedid = g_strdup (c->uniqueid);
  c->linkedid = b->linkedid;
  c->state = state;
  c->cid_num = g_strdup ("<unknown>");
  c->cid_name = g_strdup ("<unknown>");
  c->conn_num = g_strdup ("<unknown>");
  c->conn_name = g_strdup ("<unknown>");
  c->context = g_strdup (context);
  c->exten = g_strdup (exten);
  c->priority = 1;
  b->chans[b->n_chans++] = c;
  return c;
}

static void
set (char       **field,
     const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*field);
  *field = copy;
}

static void
field (Builder    *b,
       const char *key,
       const char *value)
{
  g_string_append_printf (b->wire, "%s: %s\r\n", key, value);
}

static void
begin (Builder    *b,
       const char *event,
       const char *privilege)
{
  g_string_append_printf (b->wire, "Event: %s\r\nPrivilege: %s\r\n", event, privilege);
  g_string_append_printf (b->wire, "Timestamp: %" G_GINT64_FORMAT ".%06" G_GINT64_FORMAT "\r\n",
                          b->now / G_USEC_PER_SEC, b->now % G_USEC_PER_SEC);
  b->now += 1000 + g_random_int_range (0, 400);
}

static void
end (Builder *b)
{
  g_string_append (b->wire, "\r\n");
}

static void
wait_seconds (Builder *b,
              int      seconds)
{
  b->now += (gint64) seconds * G_USEC_PER_SEC;
}

static void
snapshot (Builder    *b,
          const Chan *c,
          const char *prefix)
{
  g_string_append_printf (b->wire,
                          "%sChannel: %s\r\n"
                          "%sChannelState: %d\r\n"
                          "%sChannelStateDesc: %s\r\n"
                          "%sCallerIDNum: %s\r\n"
                          "%sCallerIDName: %s\r\n"
                          "%sConnectedLineNum: %s\r\n"
                          "%sConnectedLineName: %s\r\n"
                          "%sLanguage: en\r\n"
                          "%sAccountCode: \r\n"
                          "%sContext: %s\r\n"
                          "%sExten: %s\r\n"
                          "%sPriority: %d\r\n"
                          "%sUniqueid: %s\r\n"
                          "%sLinkedid: %s\r\n",
                          prefix, c->name,
                          prefix, c->state,
                          prefix, state_names[c->state],
                          prefix, c->cid_num,
                          prefix, c->cid_name,
                          prefix, c->conn_num,
                          prefix, c->conn_name,
                          prefix,
                          prefix,
                          prefix, c->context,
                          prefix, c->exten,
                          prefix, c->priority,
                          prefix, c->uniqueid,
                          prefix, c->linkedid);
}

static void
chan_event (Builder    *b,
            const char *event,
            const char *privilege,
            const Chan *c)
{
  begin (b, event, privilege);
  snapshot (b, c, "");
}

static void
newchannel (Builder *b,
            Chan    *c)
{
  chan_event (b, "Newchannel", "call,all", c);
  end (b);
}

static void
newstate (Builder *b,
          Chan    *c,
          int      state)
{
  c->state = state;
  chan_event (b, "Newstate", "call,all", c);
  end (b);
}

static void
newexten (Builder    *b,
          Chan       *c,
          const char *context,
          const char *exten,
          const char *application,
          const char *data)
{
  set (&c->context, context);
  set (&c->exten, exten);
  c->priority++;
  chan_event (b, "Newexten", "dialplan,all", c);
  field (b, "Extension", c->exten);
  field (b, "Application", application);
  field (b, "AppData", data);
  end (b);
}

static void
varset (Builder    *b,
        Chan       *c,
        const char *variable,
        const char *value)
{
  chan_event (b, "VarSet", "dialplan,all", c);
  field (b, "Variable", variable);
  field (b, "Value", value);
  end (b);
}

static void
new_callerid (Builder    *b,
              Chan       *c,
              const char *number,
              const char *name)
{
  set (&c->cid_num, number);
  set (&c->cid_name, name);
  chan_event (b, "NewCallerid", "call,all", c);
  field (b, "CID-CallingPres", "0 (Presentation Allowed, Not Screened)");
  end (b);
}

static void
dial_event (Builder    *b,
            const char *event,
            const Chan *caller,
            const Chan *dest,
            const char *key,
            const char *value)
{
  begin (b, event, "call,all");
  if (caller != NULL)
    snapshot (b, caller, "");
  snapshot (b, dest, "Dest");
  field (b, key, value);
  end (b);
}

static void
dial_begin (Builder    *b,
            const Chan *caller,
            const Chan *dest,
            const char *dial_string)
{
  dial_event (b, "DialBegin", caller, dest, "DialString", dial_string);
}

static void
dial_state (Builder    *b,
            const Chan *caller,
            Chan       *dest)
{
  dest->state = 5;
  dial_event (b, "DialState", caller, dest, "DialStatus", "RINGING");
}

static void
dial_end (Builder    *b,
          const Chan *caller,
          const Chan *dest,
          const char *status)
{
  dial_event (b, "DialEnd", caller, dest, "DialStatus", status);
}

static void
hangup_request (Builder *b,
                Chan    *c,
                int      cause)
{
  g_autofree char *text = g_strdup_printf ("%d", cause);

  chan_event (b, "HangupRequest", "call,all", c);
  field (b, "Cause", text);
  end (b);
}

static void
hangup (Builder    *b,
        Chan       *c,
        int         cause,
        const char *cause_text)
{
  g_autofree char *text = g_strdup_printf ("%d", cause);

  chan_event (b, "Hangup", "call,all", c);
  field (b, "Cause", text);
  field (b, "Cause-txt", cause_text);
  end (b);
}

static void
device_state (Builder    *b,
              const char *device,
              const char *state)
{
  begin (b, "DeviceStateChange", "call,all");
  field (b, "Device", device);
  field (b, "State", state);
  end (b);
}

static void
bridge_event (Builder    *b,
              const char *event,
              const char *bridge,
              int         n_channels,
              const Chan *c)
{
  g_autofree char *count = g_strdup_printf ("%d", n_channels);

  begin (b, event, "call,all");
  field (b, "BridgeUniqueid", bridge);
  field (b, "BridgeType", "basic");
  field (b, "BridgeTechnology", "simple_bridge");
  field (b, "BridgeCreator", "<unknown>");
  field (b, "BridgeName", "<unknown>");
  field (b, "BridgeNumChannels", count);
  field (b, "BridgeVideoSourceMode", "none");
  if (c != NULL)
    snapshot (b, c, "");
  end (b);
}

static void
local_bridge (Builder    *b,
              const Chan *one,
              const Chan *two)
{
  begin (b, "LocalBridge", "call,all");
  snapshot (b, one, "LocalOne");
  snapshot (b, two, "LocalTwo");
  field (b, "Context", two->context);
  field (b, "Exten", two->exten);
  field (b, "LocalOptimization", "Yes");
  end (b);
}

static void
cdr (Builder    *b,
     const char *source,
     const char *caller_id,
     const Chan *c,
     const char *dest_channel,
     const char *last_app,
     const char *last_data,
     int         duration,
     int         billable,
     const char *disposition,
     const char *user_field)
{
  g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc ((b->now / G_USEC_PER_SEC) - duration);
  g_autoptr(GDateTime) stop = g_date_time_new_from_unix_utc (b->now / G_USEC_PER_SEC);
  g_autofree char *start_text = g_date_time_format (start, "%Y-%m-%d %H:%M:%S");
  g_autofree char *stop_text = g_date_time_format (stop, "%Y-%m-%d %H:%M:%S");
  g_autofree char *answer_text = NULL;
  g_autofree char *duration_text = g_strdup_printf ("%d", duration);
  g_autofree char *billable_text = g_strdup_printf ("%d", billable);

  if (billable > 0)
    {
      g_autoptr(GDateTime) answer = g_date_time_new_from_unix_utc ((b->now / G_USEC_PER_SEC) - billable);
      answer_text = g_date_time_format (answer, "%Y-%m-%d %H:%M:%S");
    }

  begin (b, "Cdr", "cdr,all");
  field (b, "AccountCode", "");
  field (b, "Source", source);
  field (b, "Destination", c->exten);
  field (b, "DestinationContext", c->context);
  field (b, "CallerID", caller_id);
  field (b, "Channel", c->name);
  field (b, "DestinationChannel", dest_channel);
  field (b, "LastApplication", last_app);
  field (b, "LastData", last_data);
  field (b, "StartTime", start_text);
  field (b, "AnswerTime", answer_text != NULL ? answer_text : "");
  field (b, "EndTime", stop_text);
  field (b, "Duration", duration_text);
  field (b, "BillableSeconds", billable_text);
  field (b, "Disposition", disposition);
  field (b, "AMAFlags", "DOCUMENTATION");
  field (b, "UniqueID", c->uniqueid);
  field (b, "UserField", user_field);
  end (b);
}

static char *
caller_id_text (const AmiCallSpec *spec)
{
  return g_strdup_printf ("\"%s\" <%s>", spec->caller_name, spec->caller_num);
}

/* The trunk channel of an inbound call, through FreePBX's inbound route. */
static Chan *
inbound_start (Builder           *b,
               const AmiCallSpec *spec)
{
  Chan *trunk = chan_new (b, "PJSIP/trunk-%08x", spec->seq, 4, "from-pstn", spec->did);
  g_autofree char *set_did = g_strdup_printf ("__FROM_DID=%s", spec->did);

  set (&trunk->cid_num, spec->caller_num);
  set (&trunk->cid_name, spec->caller_name);
  newchannel (b, trunk);
  newexten (b, trunk, "from-pstn", spec->did, "Goto", "ext-did,${EXTEN},1");
  trunk->priority = 0;
  newexten (b, trunk, "ext-did-0002", spec->did, "Set", set_did);
  varset (b, trunk, "__FROM_DID", spec->did);
  newexten (b, trunk, "ext-did-0002", spec->did, "Set", "CDR(did)=${FROM_DID}");
  return trunk;
}

/* An extension's phone, as the dial creates it: it starts in the
 * endpoint's context and shows the dialled number and the caller. */
static Chan *
phone_new (Builder           *b,
           const AmiCallSpec *spec,
           const char        *extension,
           guint              name_seq)
{
  g_autofree char *format = g_strdup_printf ("PJSIP/%s-%%08x", extension);
  Chan *phone = chan_new (b, format, name_seq, 0, "from-internal", "s");

  newchannel (b, phone);
  set (&phone->cid_num, extension);
  set (&phone->cid_name, "");
  set (&phone->conn_num, spec->caller_num);
  set (&phone->conn_name, spec->caller_name);
  return phone;
}

static void
dialplan_hangup (Builder *b,
                 Chan    *c)
{
  newexten (b, c, c->context, c->exten, "Hangup", "");
  hangup_request (b, c, 16);
}

char *
ami_scenario_linkedid (const AmiCallSpec *spec)
{
  return g_strdup_printf ("%u.%u", (guint) (spec->start_us / G_USEC_PER_SEC), spec->seq);
}

char *
ami_scenario_answered (const AmiCallSpec *spec)
{
  Builder b;
  g_autofree char *caller_id = caller_id_text (spec);
  Chan *trunk, *phone;

  builder_init (&b, spec);
  trunk = inbound_start (&b, spec);
  newexten (&b, trunk, "ext-local", "101", "Dial", "PJSIP/101,20,tr");
  varset (&b, trunk, "DIALSTATUS", "");
  phone = phone_new (&b, spec, "101", spec->seq + 1);
  dial_begin (&b, trunk, phone, "101");
  newstate (&b, phone, 5);
  dial_state (&b, trunk, phone);
  device_state (&b, "PJSIP/101", "RINGING");
  wait_seconds (&b, 6);
  newstate (&b, phone, 6);
  dial_end (&b, trunk, phone, "ANSWER");
  newstate (&b, trunk, 6);
  bridge_event (&b, "BridgeCreate", "8b2ad6d6-5b73-4f6e-9b41-0d6f3a1f0001", 0, NULL);
  bridge_event (&b, "BridgeEnter", "8b2ad6d6-5b73-4f6e-9b41-0d6f3a1f0001", 1, trunk);
  bridge_event (&b, "BridgeEnter", "8b2ad6d6-5b73-4f6e-9b41-0d6f3a1f0001", 2, phone);
  device_state (&b, "PJSIP/101", "INUSE");
  wait_seconds (&b, 95);
  hangup_request (&b, phone, 16);
  bridge_event (&b, "BridgeLeave", "8b2ad6d6-5b73-4f6e-9b41-0d6f3a1f0001", 1, phone);
  bridge_event (&b, "BridgeLeave", "8b2ad6d6-5b73-4f6e-9b41-0d6f3a1f0001", 0, trunk);
  hangup (&b, phone, 16, "Normal Clearing");
  varset (&b, trunk, "DIALSTATUS", "ANSWER");
  hangup (&b, trunk, 16, "Normal Clearing");
  bridge_event (&b, "BridgeDestroy", "8b2ad6d6-5b73-4f6e-9b41-0d6f3a1f0001", 0, NULL);
  device_state (&b, "PJSIP/101", "NOT_INUSE");
  cdr (&b, spec->caller_num, caller_id, trunk, phone->name, "Dial", "PJSIP/101,20,tr",
       101, 95, "ANSWERED", "");
  return builder_end (&b);
}

char *
ami_scenario_no_answer (const AmiCallSpec *spec)
{
  Builder b;
  g_autofree char *caller_id = caller_id_text (spec);
  Chan *trunk, *phone;

  builder_init (&b, spec);
  trunk = inbound_start (&b, spec);
  newexten (&b, trunk, "ext-local", "101", "Dial", "PJSIP/101,20,tr");
  varset (&b, trunk, "DIALSTATUS", "");
  phone = phone_new (&b, spec, "101", spec->seq + 1);
  dial_begin (&b, trunk, phone, "101");
  newstate (&b, phone, 5);
  dial_state (&b, trunk, phone);
  wait_seconds (&b, 20);
  dial_end (&b, trunk, phone, "NOANSWER");
  hangup_request (&b, phone, 19);
  hangup (&b, phone, 19, "No user responding");
  varset (&b, trunk, "DIALSTATUS", "NOANSWER");
  dialplan_hangup (&b, trunk);
  hangup (&b, trunk, 16, "Normal Clearing");
  cdr (&b, spec->caller_num, caller_id, trunk, phone->name, "Dial", "PJSIP/101,20,tr",
       20, 0, "NO ANSWER", "");
  return builder_end (&b);
}

char *
ami_scenario_busy (const AmiCallSpec *spec)
{
  Builder b;
  g_autofree char *caller_id = caller_id_text (spec);
  Chan *trunk, *phone;

  builder_init (&b, spec);
  trunk = inbound_start (&b, spec);
  newexten (&b, trunk, "ext-local", "101", "Dial", "PJSIP/101,20,tr");
  phone = phone_new (&b, spec, "101", spec->seq + 1);
  dial_begin (&b, trunk, phone, "101");
  newstate (&b, phone, 7);
  dial_end (&b, trunk, phone, "BUSY");
  hangup (&b, phone, 17, "User busy");
  varset (&b, trunk, "DIALSTATUS", "BUSY");
  newexten (&b, trunk, "ext-local", "101", "Busy", "20");
  wait_seconds (&b, 4);
  hangup (&b, trunk, 17, "User busy");
  cdr (&b, spec->caller_num, caller_id, trunk, phone->name, "Busy", "20",
       4, 0, "BUSY", "");
  return builder_end (&b);
}

char *
ami_scenario_caller_hangup (const AmiCallSpec *spec)
{
  Builder b;
  g_autofree char *caller_id = caller_id_text (spec);
  Chan *trunk, *one, *two;

  builder_init (&b, spec);
  trunk = inbound_start (&b, spec);
  newexten (&b, trunk, "ext-group", "600", "Dial", "PJSIP/101&PJSIP/102,25,tr");
  one = phone_new (&b, spec, "101", spec->seq + 1);
  two = phone_new (&b, spec, "102", spec->seq + 2);
  dial_begin (&b, trunk, one, "101");
  dial_begin (&b, trunk, two, "102");
  newstate (&b, one, 5);
  dial_state (&b, trunk, one);
  newstate (&b, two, 5);
  dial_state (&b, trunk, two);
  wait_seconds (&b, 9);
  /* The caller gives up: the trunk asks to hang up, the dial is cancelled. */
  hangup_request (&b, trunk, 16);
  dial_end (&b, trunk, one, "CANCEL");
  dial_end (&b, trunk, two, "CANCEL");
  hangup (&b, one, 16, "Normal Clearing");
  hangup (&b, two, 16, "Normal Clearing");
  varset (&b, trunk, "DIALSTATUS", "CANCEL");
  hangup (&b, trunk, 16, "Normal Clearing");
  cdr (&b, spec->caller_num, caller_id, trunk, one->name, "Dial", "PJSIP/101&PJSIP/102,25,tr",
       9, 0, "NO ANSWER", "");
  return builder_end (&b);
}

char *
ami_scenario_queue_abandon (const AmiCallSpec *spec)
{
  Builder b;
  g_autofree char *caller_id = caller_id_text (spec);
  Chan *trunk, *one, *two, *phone;

  builder_init (&b, spec);
  trunk = inbound_start (&b, spec);
  newexten (&b, trunk, "ext-queues", "400", "Answer", "");
  newstate (&b, trunk, 6);
  newexten (&b, trunk, "ext-queues", "400", "Queue", "400,t,,,300");

  begin (&b, "QueueCallerJoin", "agent,all");
  snapshot (&b, trunk, "");
  field (&b, "Queue", "400");
  field (&b, "Position", "1");
  field (&b, "Count", "1");
  end (&b);

  one = chan_new (&b, "Local/101@from-queue-%08x;1", spec->seq, 0, "from-queue", "101");
  two = chan_new (&b, "Local/101@from-queue-%08x;2", spec->seq, 4, "from-queue", "101");
  newchannel (&b, one);
  newchannel (&b, two);
  local_bridge (&b, one, two);
  dial_begin (&b, trunk, one, "Local/101@from-queue/n");
  newexten (&b, two, "from-internal", "101", "Dial", "PJSIP/101,,tr");
  phone = phone_new (&b, spec, "101", spec->seq + 3);
  dial_begin (&b, two, phone, "101");
  newstate (&b, phone, 5);
  dial_state (&b, two, phone);
  wait_seconds (&b, 14);

  begin (&b, "QueueCallerAbandon", "agent,all");
  snapshot (&b, trunk, "");
  field (&b, "Queue", "400");
  field (&b, "Position", "1");
  field (&b, "OriginalPosition", "1");
  field (&b, "HoldTime", "14");
  end (&b);

  dial_end (&b, trunk, one, "CANCEL");
  begin (&b, "QueueCallerLeave", "agent,all");
  snapshot (&b, trunk, "");
  field (&b, "Queue", "400");
  field (&b, "Position", "1");
  field (&b, "Count", "0");
  end (&b);

  hangup (&b, one, 16, "Normal Clearing");
  dial_end (&b, two, phone, "CANCEL");
  hangup (&b, phone, 16, "Normal Clearing");
  hangup (&b, two, 16, "Normal Clearing");
  hangup (&b, trunk, 16, "Normal Clearing");
  cdr (&b, spec->caller_num, caller_id, trunk, "", "Queue", "400,t,,,300",
       15, 15, "ANSWERED", "");
  return builder_end (&b);
}

char *
ami_scenario_voicemail (const AmiCallSpec *spec)
{
  Builder b;
  g_autofree char *caller_id = caller_id_text (spec);
  Chan *trunk, *one, *two, *phone;

  builder_init (&b, spec);
  trunk = inbound_start (&b, spec);
  newexten (&b, trunk, "ext-local", "101", "Dial", "Local/101@from-internal,25");
  one = chan_new (&b, "Local/101@from-internal-%08x;1", spec->seq, 0, "from-internal", "101");
  two = chan_new (&b, "Local/101@from-internal-%08x;2", spec->seq, 4, "from-internal", "101");
  newchannel (&b, one);
  newchannel (&b, two);
  new_callerid (&b, two, spec->caller_num, spec->caller_name);
  local_bridge (&b, one, two);
  dial_begin (&b, trunk, one, "Local/101@from-internal");
  newexten (&b, two, "macro-dial-one", "s", "Dial", "PJSIP/101,15,tr");
  phone = phone_new (&b, spec, "101", spec->seq + 3);
  dial_begin (&b, two, phone, "101");
  newstate (&b, phone, 5);
  dial_state (&b, two, phone);
  wait_seconds (&b, 15);
  dial_end (&b, two, phone, "NOANSWER");
  hangup (&b, phone, 19, "No user responding");
  varset (&b, two, "DIALSTATUS", "NOANSWER");
  newexten (&b, two, "macro-vm", "s", "VoiceMail", "101@default,u");
  /* VoiceMail() answers its channel; through the Local channel the
   * trunk's Dial sees an answer. */
  newstate (&b, two, 6);
  newstate (&b, one, 6);
  dial_end (&b, trunk, one, "ANSWER");
  newstate (&b, trunk, 6);
  bridge_event (&b, "BridgeEnter", "1f0c2a77-0a4b-4c1d-8f2e-5e2b4d6a0002", 1, trunk);
  bridge_event (&b, "BridgeEnter", "1f0c2a77-0a4b-4c1d-8f2e-5e2b4d6a0002", 2, one);
  varset (&b, two, "VM_MESSAGEFILE", "/var/spool/asterisk/voicemail/default/101/INBOX/msg0003");
  wait_seconds (&b, 31);
  hangup_request (&b, trunk, 16);
  bridge_event (&b, "BridgeLeave", "1f0c2a77-0a4b-4c1d-8f2e-5e2b4d6a0002", 1, trunk);
  hangup (&b, trunk, 16, "Normal Clearing");
  bridge_event (&b, "BridgeLeave", "1f0c2a77-0a4b-4c1d-8f2e-5e2b4d6a0002", 0, one);
  hangup (&b, one, 16, "Normal Clearing");
  varset (&b, two, "VMSTATUS", "SUCCESS");
  hangup (&b, two, 16, "Normal Clearing");
  cdr (&b, spec->caller_num, caller_id, trunk, one->name, "Dial", "Local/101@from-internal,25",
       46, 31, "ANSWERED", "");
  return builder_end (&b);
}

char *
ami_scenario_outbound (const AmiCallSpec *spec)
{
  Builder b;
  Chan *desk, *trunk;

  builder_init (&b, spec);
  desk = chan_new (&b, "PJSIP/101-%08x", spec->seq, 4, "from-internal", spec->caller_num);
  set (&desk->cid_num, "101");
  set (&desk->cid_name, "Front Desk");
  newchannel (&b, desk);
  newexten (&b, desk, "outbound-allroutes", spec->caller_num, "Dial", "PJSIP/+12125550110@trunk,300");
  /* The trunk's endpoint has context=from-pstn: its outgoing channels
   * start there too. */
  trunk = chan_new (&b, "PJSIP/trunk-%08x", spec->seq + 1, 0, "from-pstn", "s");
  newchannel (&b, trunk);
  dial_begin (&b, desk, trunk, "+12125550110@trunk");
  newstate (&b, trunk, 5);
  dial_state (&b, desk, trunk);
  wait_seconds (&b, 30);
  dial_end (&b, desk, trunk, "NOANSWER");
  hangup (&b, trunk, 0, "Unknown");
  hangup (&b, desk, 16, "Normal Clearing");
  return builder_end (&b);
}

char *
ami_scenario_bench_missed (const AmiCallSpec *spec)
{
  Builder b;
  g_autofree char *caller_id = caller_id_text (spec);
  Chan *trunk, *phone;

  builder_init (&b, spec);
  trunk = chan_new (&b, "PJSIP/trunk-%08x", spec->seq, 4, "from-pstn", spec->did);
  newchannel (&b, trunk);
  new_callerid (&b, trunk, spec->caller_num, spec->caller_name);
  varset (&b, trunk, "__FROM_DID", spec->did);
  phone = phone_new (&b, spec, "101", spec->seq + 1);
  dial_begin (&b, trunk, phone, "101");
  wait_seconds (&b, 20);
  dial_end (&b, trunk, phone, "NOANSWER");
  hangup (&b, phone, 19, "No user responding");
  hangup (&b, trunk, 16, "Normal Clearing");
  cdr (&b, spec->caller_num, caller_id, trunk, phone->name, "Dial", "PJSIP/101,20,tr",
       20, 0, "NO ANSWER", "");
  cdr (&b, spec->caller_num, caller_id, trunk, "", "Hangup", "", 0, 0, "NO ANSWER", "");
  return builder_end (&b);
}

/* Splits @wire into messages, each with its "\r\n\r\n". */
static GPtrArray *
split_wire (const char *wire)
{
  GPtrArray *messages = g_ptr_array_new_with_free_func (g_free);
  const char *start = wire;
  const char *end;

  while ((end = strstr (start, "\r\n\r\n")) != NULL)
    {
      g_ptr_array_add (messages, g_strndup (start, end + 4 - start));
      start = end + 4;
    }
  return messages;
}

guint
ami_wire_count (const char *wire)
{
  g_autoptr(GPtrArray) messages = split_wire (wire);
  return messages->len;
}

char *
ami_wire_head (const char *wire,
               guint       n_events)
{
  g_autoptr(GPtrArray) messages = split_wire (wire);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < MIN (n_events, messages->len); i++)
    g_string_append (out, g_ptr_array_index (messages, i));
  return g_string_free (out, FALSE);
}

char *
ami_wire_tail (const char *wire,
               guint       n_events)
{
  g_autoptr(GPtrArray) messages = split_wire (wire);
  GString *out = g_string_new (NULL);

  for (guint i = n_events; i < messages->len; i++)
    g_string_append (out, g_ptr_array_index (messages, i));
  return g_string_free (out, FALSE);
}

char *
ami_scenario_live_channels (const char *wire,
                            guint       n_events)
{
  g_autoptr(RedialAmiParser) parser = redial_ami_parser_new (FALSE);
  g_autoptr(GPtrArray) live = g_ptr_array_new_with_free_func ((GDestroyNotify) redial_ami_message_unref);
  g_autofree char *head = ami_wire_head (wire, n_events);
  RedialAmiMessage *message;
  GString *out = g_string_new (NULL);

  redial_ami_parser_feed (parser, head, strlen (head));
  while ((message = redial_ami_parser_pop (parser)) != NULL)
    {
      const char *name = redial_ami_message_get_name (message);
      const char *uniqueid = redial_ami_message_get (message, "Uniqueid");
      gboolean known = FALSE;

      /* The latest snapshot of each channel created and not hung up. */
      for (guint i = 0; uniqueid != NULL && i < live->len; i++)
        {
          RedialAmiMessage *seen = g_ptr_array_index (live, i);

          if (g_strcmp0 (redial_ami_message_get (seen, "Uniqueid"), uniqueid) != 0)
            continue;
          known = TRUE;
          if (g_str_equal (name, "Hangup"))
            g_ptr_array_remove_index (live, i);
          else if (redial_ami_message_get (message, "Context") != NULL)
            {
              g_ptr_array_insert (live, i, redial_ami_message_ref (message));
              g_ptr_array_remove_index (live, i + 1);
            }
          break;
        }

      if (!known && g_str_equal (name, "Newchannel"))
        g_ptr_array_add (live, redial_ami_message_ref (message));
      redial_ami_message_unref (message);
    }

  for (guint i = 0; i < live->len; i++)
    {
      RedialAmiMessage *snapshot_message = g_ptr_array_index (live, i);
      static const char * const keys[] = {
        "Channel", "ChannelState", "ChannelStateDesc", "CallerIDNum", "CallerIDName",
        "ConnectedLineNum", "ConnectedLineName", "Language", "AccountCode", "Context",
        "Exten", "Priority", "Uniqueid", "Linkedid",
      };

      g_string_append (out, "Event: CoreShowChannel\r\n");
      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          const char *value = redial_ami_message_get (snapshot_message, keys[k]);

          g_string_append_printf (out, "%s: %s\r\n", keys[k], value != NULL ? value : "");
        }
      g_string_append (out, "BridgeId: \r\nApplication: Dial\r\nApplicationData: \r\nDuration: 00:00:12\r\n\r\n");
    }

  return g_string_free (out, FALSE);
}

char *
ami_transcript_to_wire (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *wire = g_string_sized_new (strlen (text) + strlen (text) / 16);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_equal (lines[i], "--"))
        g_string_append (wire, "\r\n");
      else if (lines[i + 1] != NULL || *lines[i] != '\0')
        g_string_append_printf (wire, "%s\r\n", lines[i]);
    }
  return g_string_free (wire, FALSE);
}

AmiBurst *
ami_burst_new (gint64 start_us,
               guint  n_calls,
               guint  n_repeats)
{
  AmiBurst *burst = g_new0 (AmiBurst, 1);
  guint n_callers = n_calls - n_repeats;

  g_assert (n_repeats <= n_calls);
  burst->wires = g_ptr_array_new_with_free_func (g_free);
  burst->linkedids = g_ptr_array_new_with_free_func (g_free);
  burst->callers = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n_calls; i++)
    {
      guint caller = i < n_callers ? i : (i - n_callers) * 7;
      g_autofree char *number = g_strdup_printf ("+1312555%04u", 1000 + caller);
      AmiCallSpec spec = { start_us + i * G_USEC_PER_SEC, 100 + i * 10, number, NULL, "13125550118" };

      g_ptr_array_add (burst->wires, ami_scenario_bench_missed (&spec));
      g_ptr_array_add (burst->linkedids, ami_scenario_linkedid (&spec));
      g_ptr_array_add (burst->callers, g_steal_pointer (&number));
    }
  return burst;
}

void
ami_burst_free (AmiBurst *burst)
{
  g_ptr_array_unref (burst->wires);
  g_ptr_array_unref (burst->linkedids);
  g_ptr_array_unref (burst->callers);
  g_free (burst);
}

char *
ami_burst_wire (AmiBurst *burst,
                guint     from,
                guint     to)
{
  GString *wire = g_string_new (NULL);

  for (guint i = from; i < to; i++)
    g_string_append (wire, g_ptr_array_index (burst->wires, i));
  return g_string_free (wire, FALSE);
}

guint
ami_burst_count_callers (AmiBurst *burst,
                         guint     n)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < n; i++)
    g_hash_table_add (seen, g_ptr_array_index (burst->callers, i));
  return g_hash_table_size (seen);
}
