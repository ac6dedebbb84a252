/* redial-ami-calls.c: groups Asterisk manager events by linked id and tells how each inbound call ended. */
#include "config.h"

#define G_LOG_DOMAIN "redial-ami"

#include <stdio.h>
#include <string.h>

#include "redial-ami-calls.h"

/* Bounds against a peer that invents calls and channels without end. */
#define MAX_ACTIVE_CALLS      20000
#define MAX_CHANNELS_PER_CALL 512
#define MAX_FINISHED          20000
#define MAX_ID_BYTES          128
#define MAX_TEXT_BYTES        256

/* CDRs come just after a call's last hangup: how long a call whose number
 * only its CDR may know waits for it (if CDR events are not sent at all,
 * such calls are reported that much later, without the number). */
#define CDR_WAIT_US (2 * G_USEC_PER_SEC)

typedef struct _Call Call;

typedef struct
{
  char     *uniqueid;
  Call     *call;         /* unowned: the call owns its channels */
  char     *context;      /* where it was first seen */
  char     *exten;
  char     *caller_num;
  char     *caller_name;
  gboolean  from_start;   /* first seen at its creation, so context and exten are where it began */
  gboolean  alive;
  guint     seen;         /* the sweep generation it was last heard of in */
} Channel;

struct _Call
{
  RedialAmiCalls *owner;  /* unowned */
  char           *linkedid;
  GPtrArray      *channels;  /* Channel, owned */
  guint           n_alive;
  gint64          started_at;
  gint64          ended_at;
  gint64          last_news;  /* clock time */
  char           *did_variable;
  char           *did_cdr;
  gboolean        answered;
  gboolean        voicemail;
  gboolean        abandoned;
  guint           n_no_answer;
  guint           n_busy;
  guint           n_cancel;
  guint           n_dials;
  int             first_cause;  /* the first channel's hangup cause, or -1 */
  gboolean        ended;        /* every channel gone, waiting for a CDR */
  guint           cdr_timer;
};

struct _RedialAmiCalls
{
  GObject      parent_instance;

  RedialClock *clock;
  GStrv        inbound_contexts;
  char        *did_variable;

  GHashTable  *calls;     /* linkedid → Call, owned */
  GHashTable  *channels;  /* uniqueid → Channel, owned by its call */
  GHashTable  *finished;  /* linkedid set, bounded by finished_order */
  GQueue       finished_order;

  guint        generation;
  guint        sweep_generation;
  gboolean     sweeping;
  gboolean     full_logged;
};

G_DEFINE_FINAL_TYPE (RedialAmiCalls, redial_ami_calls, G_TYPE_OBJECT)

enum {
  CALL_EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
channel_free (gpointer data)
{
  Channel *channel = data;

  g_free (channel->uniqueid);
  g_free (channel->context);
  g_free (channel->exten);
  g_free (channel->caller_num);
  g_free (channel->caller_name);
  g_free (channel);
}

static void
call_free (gpointer data)
{
  Call *call = data;

  if (call->cdr_timer != 0)
    redial_clock_cancel (call->owner->clock, call->cdr_timer);
  g_ptr_array_unref (call->channels);
  g_free (call->linkedid);
  g_free (call->did_variable);
  g_free (call->did_cdr);
  g_free (call);
}

/* Asterisk's word for a caller ID it does not have. */
static gboolean
is_known (const char *value)
{
  return value != NULL && *value != '\0' && strcmp (value, "<unknown>") != 0;
}

static gboolean
is_valid_id (const char *id)
{
  if (id == NULL || *id == '\0')
    return FALSE;
  for (gsize i = 0; id[i] != '\0'; i++)
    if (i >= MAX_ID_BYTES || !g_ascii_isgraph (id[i]))
      return FALSE;
  return TRUE;
}

/* A business number as dialplans carry it: digits, maybe a leading "+". */
static gboolean
is_number_like (const char *value)
{
  gsize n_digits = 0;

  if (value == NULL)
    return FALSE;
  if (*value == '+')
    value++;
  for (; *value != '\0'; value++, n_digits++)
    if (!g_ascii_isdigit (*value))
      return FALSE;
  return n_digits >= 3 && n_digits <= 20;
}

/* "did:13125550118", "did=…" or the bare number, as a dialplan may put
 * the DID in the CDR's user field. */
static char *
did_from_userfield (const char *field)
{
  if (field == NULL)
    return NULL;
  if (g_ascii_strncasecmp (field, "did:", 4) == 0 || g_ascii_strncasecmp (field, "did=", 4) == 0)
    field += 4;
  return is_number_like (field) ? g_strdup (field) : NULL;
}

static char *
dup_text (const char *value)
{
  const char *end = value;

  if (value == NULL)
    return NULL;
  /* Cut before a character that would not fit whole: @value is UTF-8,
   * and so must what is kept of it be. */
  g_utf8_validate_len (value, MIN (strlen (value), MAX_TEXT_BYTES), &end);
  return g_strndup (value, end - value);
}

/* "1795355092.148246" (seconds since 1970, with Asterisk's "timestampevents")
 * in µs; the clock's time when the event has none or a bad one. */
static gint64
event_time (RedialAmiCalls   *self,
            RedialAmiMessage *event)
{
  const char *text = redial_ami_message_get (event, "Timestamp");
  guint64 seconds;
  gint64 micros = 0;
  char *end = NULL;

  if (text == NULL || !g_ascii_isdigit (*text))
    return redial_clock_now (self->clock);

  seconds = g_ascii_strtoull (text, &end, 10);
  if (seconds < 100000000 || seconds > 100000000000)
    return redial_clock_now (self->clock);

  if (*end == '.')
    {
      gint64 scale = 100000;

      for (end++; g_ascii_isdigit (*end) && scale > 0; end++, scale /= 10)
        micros += (*end - '0') * scale;
    }

  return (gint64) seconds * G_USEC_PER_SEC + micros;
}

/* "HH:MM:SS" in µs, or -1. */
static gint64
parse_duration (const char *text)
{
  guint hours, minutes, seconds;

  if (text == NULL || sscanf (text, "%u:%u:%u", &hours, &minutes, &seconds) != 3 ||
      minutes > 59 || seconds > 59 || hours > 24 * 365)
    return -1;
  return ((gint64) hours * 3600 + minutes * 60 + seconds) * G_USEC_PER_SEC;
}

static gboolean
is_inbound_context (RedialAmiCalls *self,
                    const char     *context)
{
  if (context == NULL)
    return FALSE;
  for (guint i = 0; self->inbound_contexts[i] != NULL; i++)
    if (g_pattern_match_simple (self->inbound_contexts[i], context))
      return TRUE;
  return FALSE;
}

static gboolean
is_finished (RedialAmiCalls *self,
             const char     *linkedid)
{
  return g_hash_table_contains (self->finished, linkedid);
}

static void
remember_finished (RedialAmiCalls *self,
                   const char     *linkedid)
{
  char *copy = g_strdup (linkedid);

  g_hash_table_add (self->finished, copy);
  g_queue_push_tail (&self->finished_order, copy);
  while (g_queue_get_length (&self->finished_order) > MAX_FINISHED)
    g_hash_table_remove (self->finished, g_queue_pop_head (&self->finished_order));
}

/* The channel that made the call: its Uniqueid is the Linkedid. */
static Channel *
first_channel (Call *call)
{
  for (guint i = 0; i < call->channels->len; i++)
    {
      Channel *channel = g_ptr_array_index (call->channels, i);

      if (strcmp (channel->uniqueid, call->linkedid) == 0)
        return channel;
    }
  return NULL;
}

static gboolean
call_is_inbound (RedialAmiCalls *self,
                 Call           *call)
{
  Channel *first = first_channel (call);

  /* Only the first channel's context tells: the channels a call dials out
   * on (an outbound call's trunk channel among them) start in the context
   * configured for their endpoint, often an inbound one. */
  return call->did_variable != NULL || (first != NULL && is_inbound_context (self, first->context));
}

static const char *
pick_did (Call *call)
{
  Channel *first = first_channel (call);

  if (call->did_variable != NULL)
    return call->did_variable;
  if (first != NULL && first->from_start && is_number_like (first->exten))
    return first->exten;
  return call->did_cdr;
}

/* The caller as the first channel knows them, else as any channel that
 * began in an inbound context does. The channels a call rings show the
 * business's own number as their caller, so they are never asked. */
static void
pick_caller (RedialAmiCalls  *self,
             Call            *call,
             const char     **number,
             const char     **name)
{
  Channel *first = first_channel (call);

  *number = first != NULL && is_known (first->caller_num) ? first->caller_num : NULL;
  *name = first != NULL && is_known (first->caller_name) ? first->caller_name : NULL;

  for (guint i = 0; i < call->channels->len && (*number == NULL || *name == NULL); i++)
    {
      Channel *channel = g_ptr_array_index (call->channels, i);

      if (!is_inbound_context (self, channel->context))
        continue;
      if (*number == NULL && is_known (channel->caller_num))
        *number = channel->caller_num;
      if (*name == NULL && is_known (channel->caller_name))
        *name = channel->caller_name;
    }
}

static RedialDisposition
call_disposition (Call *call)
{
  if (call->answered)
    return REDIAL_DISPOSITION_ANSWERED;
  if (call->voicemail)
    return REDIAL_DISPOSITION_VOICEMAIL;
  if (call->abandoned)
    return REDIAL_DISPOSITION_ABANDONED;
  if (call->n_busy > 0 && call->n_no_answer == 0 && call->n_cancel == 0)
    return REDIAL_DISPOSITION_BUSY;
  /* Busy() in the dialplan, with no phone rung: cause 17 is "user busy". */
  if (call->n_dials == 0 && call->first_cause == 17)
    return REDIAL_DISPOSITION_BUSY;
  return REDIAL_DISPOSITION_NO_ANSWER;
}

static void
drop_call (RedialAmiCalls *self,
           Call           *call)
{
  g_autofree char *linkedid = g_strdup (call->linkedid);

  for (guint i = 0; i < call->channels->len; i++)
    {
      Channel *channel = g_ptr_array_index (call->channels, i);
      g_hash_table_remove (self->channels, channel->uniqueid);
    }

  remember_finished (self, linkedid);
  g_hash_table_remove (self->calls, linkedid);
}

static void
report_call (RedialAmiCalls *self,
             Call           *call)
{
  g_autoptr(RedialCallEvent) event = redial_call_event_new ();
  const char *number, *name;

  pick_caller (self, call, &number, &name);

  event->provider = g_strdup ("ami");
  event->provider_call_id = g_strdup (call->linkedid);
  event->caller = g_strdup (number);
  event->caller_name = g_strdup (name);
  event->line = g_strdup (pick_did (call));
  event->started_at = call->started_at;
  event->ended_at = MAX (call->ended_at, call->started_at);
  event->disposition = call_disposition (call);

  g_debug ("Asterisk call %s from %s to %s: %s (%u dialled: %u not answered, %u busy, %u hung up by the caller)",
           call->linkedid, number != NULL ? number : "an unknown number",
           event->line != NULL ? event->line : "an unknown line",
           redial_disposition_to_string (event->disposition),
           call->n_dials, call->n_no_answer, call->n_busy, call->n_cancel);

  drop_call (self, call);
  g_signal_emit (self, signals[CALL_EVENT], 0, event);
}

static gboolean
on_cdr_wait_over (gpointer user_data)
{
  Call *call = user_data;

  call->cdr_timer = 0;
  report_call (call->owner, call);
  return G_SOURCE_REMOVE;
}

/* Every channel of @call has hung up. */
static void
finish_call (RedialAmiCalls *self,
             Call           *call)
{
  call->ended = TRUE;

  if (!call_is_inbound (self, call))
    {
      g_debug ("Asterisk call %s was not an inbound call", call->linkedid);
      drop_call (self, call);
      return;
    }

  if (pick_did (call) == NULL)
    {
      if (call->cdr_timer == 0)
        call->cdr_timer = redial_clock_schedule (self->clock, CDR_WAIT_US, on_cdr_wait_over, call, NULL);
      return;
    }

  report_call (self, call);
}

static Call *
call_new (RedialAmiCalls *self,
          const char     *linkedid,
          gint64          at)
{
  Call *call = g_new0 (Call, 1);

  call->owner = self;
  call->linkedid = g_strdup (linkedid);
  call->channels = g_ptr_array_new_with_free_func (channel_free);
  call->started_at = at;
  call->first_cause = -1;
  g_hash_table_insert (self->calls, call->linkedid, call);
  return call;
}

static void
update_caller (Channel          *channel,
               RedialAmiMessage *event)
{
  const char *number = redial_ami_message_get (event, "CallerIDNum");
  const char *name = redial_ami_message_get (event, "CallerIDName");

  if (is_known (number) && g_strcmp0 (number, channel->caller_num) != 0)
    {
      g_free (channel->caller_num);
      channel->caller_num = dup_text (number);
    }
  if (is_known (name) && g_strcmp0 (name, channel->caller_name) != 0)
    {
      g_free (channel->caller_name);
      channel->caller_name = dup_text (name);
    }
}

/* The channel @event describes in its unprefixed fields, made known when
 * @create allows; NULL when the event names none, or a call already
 * reported. A channel that has hung up stays as it was. */
static Channel *
touch_channel (RedialAmiCalls   *self,
               RedialAmiMessage *event,
               gint64            at,
               gboolean          create)
{
  const char *uniqueid = redial_ami_message_get (event, "Uniqueid");
  const char *linkedid;
  Channel *channel;
  Call *call;

  if (uniqueid == NULL)
    return NULL;

  channel = g_hash_table_lookup (self->channels, uniqueid);
  if (channel != NULL)
    {
      if (!channel->alive)
        return channel;
      channel->seen = self->generation;
      channel->call->last_news = redial_clock_now (self->clock);
      update_caller (channel, event);
      return channel;
    }

  linkedid = redial_ami_message_get (event, "Linkedid");
  if (!create || linkedid == NULL)
    return NULL;
  if (!is_valid_id (uniqueid) || !is_valid_id (linkedid))
    {
      g_message ("Asterisk manager: skipped a %s event with a malformed channel id",
                 redial_ami_message_get_name (event));
      return NULL;
    }
  if (is_finished (self, linkedid))
    return NULL;

  call = g_hash_table_lookup (self->calls, linkedid);
  if (call == NULL)
    {
      if (g_hash_table_size (self->calls) >= MAX_ACTIVE_CALLS)
        {
          if (!self->full_logged)
            g_message ("Asterisk manager: more than %u calls at once; new ones are ignored", MAX_ACTIVE_CALLS);
          self->full_logged = TRUE;
          return NULL;
        }
      call = call_new (self, linkedid, at);
    }
  else if (call->channels->len >= MAX_CHANNELS_PER_CALL)
    {
      g_debug ("Asterisk call %s has too many channels; channel %s ignored", linkedid, uniqueid);
      return NULL;
    }

  if (call->ended)
    {
      /* A channel joined a call that seemed over: it is not over. */
      call->ended = FALSE;
      if (call->cdr_timer != 0)
        redial_clock_clear (self->clock, &call->cdr_timer);
    }

  channel = g_new0 (Channel, 1);
  channel->uniqueid = g_strdup (uniqueid);
  channel->call = call;
  channel->context = dup_text (redial_ami_message_get (event, "Context"));
  channel->exten = dup_text (redial_ami_message_get (event, "Exten"));
  channel->from_start = g_ascii_strcasecmp (redial_ami_message_get_name (event), "Newchannel") == 0;
  channel->alive = TRUE;
  channel->seen = self->generation;
  update_caller (channel, event);

  g_ptr_array_add (call->channels, channel);
  g_hash_table_insert (self->channels, channel->uniqueid, channel);
  call->n_alive++;
  call->started_at = MIN (call->started_at, at);
  call->last_news = redial_clock_now (self->clock);
  return channel;
}

static void
on_hangup (RedialAmiCalls   *self,
           RedialAmiMessage *event,
           gint64            at)
{
  Channel *channel = touch_channel (self, event, at, FALSE);
  Call *call;

  if (channel == NULL || !channel->alive)
    return;

  call = channel->call;
  channel->alive = FALSE;
  call->n_alive--;
  call->ended_at = MAX (call->ended_at, at);

  if (strcmp (channel->uniqueid, call->linkedid) == 0)
    {
      const char *cause = redial_ami_message_get (event, "Cause");
      guint64 value;

      if (cause != NULL && g_ascii_string_to_unsigned (cause, 10, 0, 127, &value, NULL))
        call->first_cause = (int) value;
    }

  if (call->n_alive == 0)
    finish_call (self, call);
}

static void
on_dial_end (RedialAmiCalls   *self,
             RedialAmiMessage *event,
             gint64            at)
{
  const char *caller_channel = redial_ami_message_get (event, "Channel");
  const char *status = redial_ami_message_get (event, "DialStatus");
  const char *dest = redial_ami_message_get (event, "DestChannel");
  Channel *channel;

  /* A dial with no calling channel is Asterisk placing an AMI Originate,
   * not a caller being put through: it says nothing about the call. */
  if (caller_channel == NULL || *caller_channel == '\0')
    return;

  channel = touch_channel (self, event, at, TRUE);
  if (channel == NULL || status == NULL)
    return;

  if (g_ascii_strcasecmp (status, "ANSWER") == 0)
    {
      /* A Local channel "answers" when its other half does anything that
       * answers, voicemail included; the dial on that other half (same
       * linked id) tells whether a person did. */
      if (dest != NULL && *dest != '\0' && !g_str_has_prefix (dest, "Local/"))
        channel->call->answered = TRUE;
    }
  else if (g_ascii_strcasecmp (status, "NOANSWER") == 0)
    channel->call->n_no_answer++;
  else if (g_ascii_strcasecmp (status, "BUSY") == 0)
    channel->call->n_busy++;
  else if (g_ascii_strcasecmp (status, "CANCEL") == 0)
    channel->call->n_cancel++;
}

static void
on_dial_begin (RedialAmiCalls   *self,
               RedialAmiMessage *event,
               gint64            at)
{
  const char *caller_channel = redial_ami_message_get (event, "Channel");
  Channel *channel;

  if (caller_channel == NULL || *caller_channel == '\0')
    return;

  channel = touch_channel (self, event, at, TRUE);
  if (channel != NULL)
    channel->call->n_dials++;
}

static void
on_var_set (RedialAmiCalls   *self,
            RedialAmiMessage *event,
            gint64            at)
{
  const char *variable = redial_ami_message_get (event, "Variable");
  const char *value = redial_ami_message_get (event, "Value");
  Channel *channel = touch_channel (self, event, at, TRUE);

  if (channel == NULL || variable == NULL)
    return;

  /* "__FROM_DID" is FROM_DID inherited by every channel the call makes. */
  while (*variable == '_')
    variable++;

  if (g_ascii_strcasecmp (variable, self->did_variable) == 0 &&
      channel->call->did_variable == NULL && is_number_like (value))
    channel->call->did_variable = g_strdup (value);
}

static gboolean
is_voicemail_app (const char *application)
{
  return application != NULL && g_ascii_strcasecmp (application, "VoiceMail") == 0;
}

static void
on_new_exten (RedialAmiCalls   *self,
              RedialAmiMessage *event,
              gint64            at)
{
  Channel *channel = touch_channel (self, event, at, TRUE);

  if (channel != NULL && is_voicemail_app (redial_ami_message_get (event, "Application")))
    channel->call->voicemail = TRUE;
}

static void
on_core_show_channel (RedialAmiCalls   *self,
                      RedialAmiMessage *event,
                      gint64            at)
{
  gint64 duration = parse_duration (redial_ami_message_get (event, "Duration"));
  Channel *channel;

  /* The list is a snapshot of now: a channel's start is now less its age. */
  at = redial_clock_now (self->clock);
  if (duration >= 0)
    at -= duration;

  channel = touch_channel (self, event, at, TRUE);
  if (channel != NULL && is_voicemail_app (redial_ami_message_get (event, "Application")))
    channel->call->voicemail = TRUE;
}

static void
on_cdr (RedialAmiCalls   *self,
        RedialAmiMessage *event,
        gint64            at)
{
  const char *uniqueid = redial_ami_message_get (event, "UniqueID");
  g_autofree char *did = NULL;
  Channel *channel;
  Call *call;

  channel = uniqueid != NULL ? g_hash_table_lookup (self->channels, uniqueid) : NULL;
  if (channel == NULL)
    return;

  call = channel->call;
  did = did_from_userfield (redial_ami_message_get (event, "UserField"));
  if (did == NULL || call->did_cdr != NULL)
    return;

  call->did_cdr = g_steal_pointer (&did);
  if (call->ended && call->cdr_timer != 0)
    {
      redial_clock_clear (self->clock, &call->cdr_timer);
      report_call (self, call);
    }
}

static Call *
find_call (RedialAmiCalls *self,
           const char     *linkedid)
{
  return linkedid != NULL ? g_hash_table_lookup (self->calls, linkedid) : NULL;
}

static void
on_pickup (RedialAmiCalls   *self,
           RedialAmiMessage *event,
           gint64            at)
{
  Call *target = find_call (self, redial_ami_message_get (event, "TargetLinkedid"));

  touch_channel (self, event, at, TRUE);
  if (target != NULL)
    target->answered = TRUE;
}

static void
on_agent_connect (RedialAmiCalls   *self,
                  RedialAmiMessage *event,
                  gint64            at)
{
  Channel *channel = touch_channel (self, event, at, TRUE);

  if (channel != NULL)
    channel->call->answered = TRUE;
}

static void
on_queue_abandon (RedialAmiCalls   *self,
                  RedialAmiMessage *event,
                  gint64            at)
{
  Channel *channel = touch_channel (self, event, at, TRUE);

  if (channel != NULL)
    channel->call->abandoned = TRUE;
}

static void
on_other (RedialAmiCalls   *self,
          RedialAmiMessage *event,
          gint64            at)
{
  touch_channel (self, event, at, TRUE);
}

typedef void (*Handler) (RedialAmiCalls *, RedialAmiMessage *, gint64);

static const struct {
  const char *name;
  Handler     handler;
} handlers[] = {
  /* Most frequent first. */
  { "VarSet", on_var_set },
  { "Newexten", on_new_exten },
  { "Hangup", on_hangup },
  { "DialBegin", on_dial_begin },
  { "DialEnd", on_dial_end },
  { "Cdr", on_cdr },
  { "CoreShowChannel", on_core_show_channel },
  { "QueueCallerAbandon", on_queue_abandon },
  { "AgentConnect", on_agent_connect },
  { "Pickup", on_pickup },
  /* Hold their own ids in other fields, or none: they tell nothing here. */
  { "CEL", NULL },
  { "OriginateResponse", NULL },
  { "CoreShowChannelsComplete", NULL },
};

void
redial_ami_calls_handle (RedialAmiCalls   *self,
                         RedialAmiMessage *event)
{
  const char *name;
  Handler handler = on_other;

  g_return_if_fail (REDIAL_IS_AMI_CALLS (self));
  g_return_if_fail (event != NULL);

  if (redial_ami_message_get_kind (event) != REDIAL_AMI_MESSAGE_EVENT)
    return;

  name = redial_ami_message_get (event, "Event");
  if (name == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (handlers); i++)
    if (g_ascii_strcasecmp (name, handlers[i].name) == 0)
      {
        handler = handlers[i].handler;
        break;
      }

  if (handler != NULL)
    handler (self, event, event_time (self, event));
}

void
redial_ami_calls_begin_sweep (RedialAmiCalls *self)
{
  g_return_if_fail (REDIAL_IS_AMI_CALLS (self));

  self->generation++;
  self->sweep_generation = self->generation;
  self->sweeping = TRUE;
}

void
redial_ami_calls_end_sweep (RedialAmiCalls *self)
{
  GList *calls;
  gint64 now;

  g_return_if_fail (REDIAL_IS_AMI_CALLS (self));

  if (!self->sweeping)
    return;
  self->sweeping = FALSE;

  now = redial_clock_now (self->clock);
  calls = g_hash_table_get_values (self->calls);

  /* Finishing a call removes it from the table, never another one. */
  for (GList *l = calls; l != NULL; l = l->next)
    {
      Call *call = l->data;
      gboolean lost = FALSE;

      if (call->ended)
        continue;

      for (guint j = 0; j < call->channels->len; j++)
        {
          Channel *channel = g_ptr_array_index (call->channels, j);

          if (!channel->alive || channel->seen >= self->sweep_generation)
            continue;
          channel->alive = FALSE;
          call->n_alive--;
          lost = TRUE;
        }

      if (lost && call->n_alive == 0)
        {
          g_message ("Asterisk call %s ended while Redial was not connected; it is reported with what was seen",
                     call->linkedid);
          call->ended_at = MAX (call->ended_at, now);
          finish_call (self, call);
        }
    }
  g_list_free (calls);
}

void
redial_ami_calls_expire (RedialAmiCalls *self,
                         gint64          idle_us)
{
  GList *calls;
  guint n_forgotten = 0;
  gint64 now;

  g_return_if_fail (REDIAL_IS_AMI_CALLS (self));

  now = redial_clock_now (self->clock);
  calls = g_hash_table_get_values (self->calls);

  for (GList *l = calls; l != NULL; l = l->next)
    {
      Call *call = l->data;

      if (call->ended || now - call->last_news < idle_us)
        continue;
      g_debug ("Asterisk call %s: no news for a long time, its end never seen", call->linkedid);
      drop_call (self, call);
      n_forgotten++;
    }
  g_list_free (calls);

  if (n_forgotten > 0)
    g_message ("Asterisk manager: forgot %u calls with no news for a long time; their end was never seen",
               n_forgotten);
}

guint
redial_ami_calls_get_n_active (RedialAmiCalls *self)
{
  g_return_val_if_fail (REDIAL_IS_AMI_CALLS (self), 0);
  return g_hash_table_size (self->calls);
}

void
redial_ami_calls_set_inbound_contexts (RedialAmiCalls     *self,
                                       const char * const *patterns)
{
  g_return_if_fail (REDIAL_IS_AMI_CALLS (self));
  g_return_if_fail (patterns != NULL);

  g_strfreev (self->inbound_contexts);
  self->inbound_contexts = g_strdupv ((char **) patterns);
}

void
redial_ami_calls_set_did_variable (RedialAmiCalls *self,
                                   const char     *name)
{
  g_return_if_fail (REDIAL_IS_AMI_CALLS (self));
  g_return_if_fail (name != NULL);

  while (*name == '_')
    name++;
  g_free (self->did_variable);
  self->did_variable = g_strdup (name);
}

static void
redial_ami_calls_dispose (GObject *object)
{
  RedialAmiCalls *self = REDIAL_AMI_CALLS (object);

  /* Calls cancel their timers on the clock as they go. */
  g_hash_table_remove_all (self->channels);
  g_hash_table_remove_all (self->calls);

  G_OBJECT_CLASS (redial_ami_calls_parent_class)->dispose (object);
}

static void
redial_ami_calls_finalize (GObject *object)
{
  RedialAmiCalls *self = REDIAL_AMI_CALLS (object);

  g_hash_table_unref (self->channels);
  g_hash_table_unref (self->calls);
  g_hash_table_unref (self->finished);
  g_queue_clear (&self->finished_order);
  g_strfreev (self->inbound_contexts);
  g_free (self->did_variable);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (redial_ami_calls_parent_class)->finalize (object);
}

static void
redial_ami_calls_class_init (RedialAmiCallsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = redial_ami_calls_dispose;
  object_class->finalize = redial_ami_calls_finalize;

  /**
   * RedialAmiCalls::call-event:
   * @event: (transfer none): the inbound call, now over
   */
  signals[CALL_EVENT] =
    g_signal_new ("call-event",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, REDIAL_TYPE_CALL_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
redial_ami_calls_init (RedialAmiCalls *self)
{
  self->inbound_contexts = g_strsplit (REDIAL_AMI_DEFAULT_INBOUND_CONTEXTS, ";", -1);
  self->did_variable = g_strdup (REDIAL_AMI_DEFAULT_DID_VARIABLE);
  self->calls = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, call_free);
  self->channels = g_hash_table_new (g_str_hash, g_str_equal);
  self->finished = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->finished_order);
}

RedialAmiCalls *
redial_ami_calls_new (RedialClock *clock)
{
  RedialAmiCalls *self;

  g_return_val_if_fail (REDIAL_IS_CLOCK (clock), NULL);

  self = g_object_new (REDIAL_TYPE_AMI_CALLS, NULL);
  self->clock = g_object_ref (clock);
  return self;
}
