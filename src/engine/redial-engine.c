/* redial-engine.c: turns call and message events into cases, texts back, keeps the timers. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include <glib/gi18n.h>

#include "redial-engine.h"
#include "redial-enums.h"
#include "redial-phone.h"
#include "redial-sla.h"
#include "redial-template-set.h"
#include "redial-text.h"

#define TICK_US G_USEC_PER_SEC
/* A burst of calls that hang up at once is how robocallers probe numbers. */
#define BURST_CALLS 3
#define BURST_WINDOW_US ((gint64) 10 * 60 * G_USEC_PER_SEC)
#define BURST_MAX_RING_US ((gint64) 2 * G_USEC_PER_SEC)
/* Follow-ups reach people between 08:00 and 21:00, their time. */
#define FOLLOW_UP_FIRST_MINUTE (8 * 60)
#define FOLLOW_UP_LAST_MINUTE (21 * 60)
#define MAX_CALLER_NAME_CHARS 48
#define MAX_INBOUND_CHARS 1600

struct _RedialEngine
{
  GObject            parent_instance;

  RedialConfig      *config;
  RedialStore       *store;
  RedialClock       *clock;
  RedialPhoneSystem *phone_system;
  RedialSmsGateway  *sms_gateway;
  GCancellable      *cancellable;

  GListStore        *queue;          /* RedialCase, sorted by compare_urgency() */
  GHashTable        *cases;          /* case id → RedialCase in the queue */
  GHashTable        *early_statuses; /* provider message id → EarlyStatus */
  GHashTable        *clocks;         /* case id → Clocks */
  GSequence         *due;            /* Clocks with something due, soonest first */
  GHashTable        *zones;          /* region code → GTimeZone, for callers abroad */
  char              *agent_name;     /* the person at the desk, for {agent} */
  guint              tick;
  gboolean           started;
};

/* The engine's view of a case's timers; rebuilt from the case on start. */
typedef struct
{
  RedialEngine *self;
  RedialCase   *kase;             /* unowned: the queue holds it */
  const char   *clock;            /* "first-response", "reply" or NULL */
  gint64        episode;          /* which reply the reply clock times */
  gint64        warning_at;
  gint64        breach_at;
  gint64        escalate_at;
  guint         raised;           /* LEVEL_* bits raised for this episode */
  guint         text_back_timer;  /* a delayed text-back, waiting */
  gint64        last_auto_text_at;
  gint64        next_due;         /* when something may happen next */
  GSequenceIter *due_iter;        /* in RedialEngine.due, or NULL */
} Clocks;

enum {
  RAISED_WARNING = 1 << 0,
  RAISED_BREACH = 1 << 1,
  RAISED_ESCALATION = 1 << 2,
};

G_DEFINE_FINAL_TYPE (RedialEngine, redial_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PHONE_SYSTEM,
  PROP_SMS_GATEWAY,
  PROP_AGENT_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  TICK,
  ALERT,
  TEXT_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (redial-engine-error-quark, redial_engine_error)

/* A delivery report that arrived before the gateway's answer to the send. */
typedef struct
{
  RedialMessageStatus  status;
  char                *error;
} EarlyStatus;

static void
early_status_free (gpointer data)
{
  EarlyStatus *early = data;

  g_free (early->error);
  g_free (early);
}

/* Words that opt a number out, in, or ask for help, compared after
 * trimming spaces and punctuation, ignoring case. */
static const char * const opt_out_words[] = {
  "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPT OUT", "OPTOUT", NULL
};
static const char * const opt_in_words[] = { "START", "UNSTOP", "YES", NULL };
static const char * const help_words[] = { "HELP", "INFO", NULL };

/* Cases waiting for a person (new, or the caller wrote back) come first,
 * longest waiting first. */
static int
urgency_rank (RedialCase *kase)
{
  if (redial_case_get_emergency (kase))
    return -1;
  if (redial_case_get_kind (kase) == REDIAL_CASE_KIND_LIKELY_SPAM)
    return 2;

  switch (redial_case_get_state (kase))
    {
    case REDIAL_CASE_STATE_NEW:
    case REDIAL_CASE_STATE_REPLIED:
      return 0;
    case REDIAL_CASE_STATE_RESPONDED:
    case REDIAL_CASE_STATE_QUALIFIED:
    case REDIAL_CASE_STATE_BOOKED:
    case REDIAL_CASE_STATE_CLOSED:
    default:
      return 1;
    }
}

static int
compare_urgency (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  RedialCase *case_a = (RedialCase *) a;
  RedialCase *case_b = (RedialCase *) b;
  int rank_a = urgency_rank (case_a);
  int rank_b = urgency_rank (case_b);
  gint64 at_a, at_b, id_a, id_b;

  if (rank_a != rank_b)
    return rank_a < rank_b ? -1 : 1;

  at_a = redial_case_get_first_call_at (case_a);
  at_b = redial_case_get_first_call_at (case_b);
  if (at_a != at_b)
    return at_a < at_b ? -1 : 1;

  id_a = redial_case_get_id (case_a);
  id_b = redial_case_get_id (case_b);
  return id_a < id_b ? -1 : id_a > id_b;
}

static void
clocks_free (gpointer data)
{
  Clocks *clocks = data;

  if (clocks->self->clock != NULL)
    redial_clock_clear (clocks->self->clock, &clocks->text_back_timer);
  g_clear_pointer (&clocks->due_iter, g_sequence_remove);
  g_free (clocks);
}

static int
compare_due (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  const Clocks *x = a;
  const Clocks *y = b;
  gint64 id_x, id_y;

  if (x->next_due != y->next_due)
    return x->next_due < y->next_due ? -1 : 1;
  id_x = redial_case_get_id (x->kase);
  id_y = redial_case_get_id (y->kase);
  return (id_x > id_y) - (id_x < id_y);
}

static gint64 follow_up_due (RedialEngine *self, Clocks *clocks);

/* Files @clocks under the next instant something may happen to its case:
 * a warning, target or escalation point not yet raised, or a follow-up.
 * The tick then looks at due cases only, however long the queue. */
static void
schedule_due (RedialEngine *self,
              Clocks       *clocks)
{
  gint64 next = G_MAXINT64;

  if (clocks->clock != NULL)
    {
      if ((clocks->raised & RAISED_WARNING) == 0)
        next = MIN (next, clocks->warning_at);
      if ((clocks->raised & RAISED_BREACH) == 0)
        next = MIN (next, clocks->breach_at);
      if ((clocks->raised & RAISED_ESCALATION) == 0)
        next = MIN (next, clocks->escalate_at);
    }
  next = MIN (next, follow_up_due (self, clocks));

  g_clear_pointer (&clocks->due_iter, g_sequence_remove);
  clocks->next_due = next;
  if (next != G_MAXINT64)
    clocks->due_iter = g_sequence_insert_sorted (self->due, clocks, compare_due, NULL);
}

static Clocks *
clocks_of (RedialEngine *self,
           RedialCase   *kase)
{
  return g_hash_table_lookup (self->clocks, GINT_TO_POINTER (redial_case_get_id (kase)));
}

/* The instant @span of counted time has passed since @from: open hours
 * only when the business counts them so. */
static gint64
deadline (RedialEngine *self,
          gint64        from,
          gint64        span)
{
  if (!redial_config_get_business_hours_only (self->config))
    return from + span;
  return redial_hours_add_open_time (redial_config_get_hours (self->config), from, span);
}

static RedialSlaLevel
level_now (RedialEngine *self,
           Clocks       *clocks)
{
  gint64 now = redial_clock_now (self->clock);

  if (clocks->clock == NULL)
    return REDIAL_SLA_LEVEL_MET;
  if (now >= clocks->breach_at)
    return REDIAL_SLA_LEVEL_BREACHED;
  if (now >= clocks->warning_at)
    return REDIAL_SLA_LEVEL_WARNING;
  return REDIAL_SLA_LEVEL_OK;
}

/* Works out which clock runs for @kase and when it warns, breaches and
 * escalates: the reply clock while a reply waits for an answer, else the
 * first-response clock until the first human touch. */
static void
recompute_clocks (RedialEngine *self,
                  RedialCase   *kase)
{
  Clocks *clocks = clocks_of (self, kase);
  gint64 waiting = redial_case_get_reply_waiting_since (kase);
  gint64 responded = redial_case_get_first_response_at (kase);
  const char *clock = NULL;
  gint64 start = 0, warning = 0, target = 0, episode = 0;

  if (clocks == NULL)
    return;

  if (redial_case_get_kind (kase) == REDIAL_CASE_KIND_LIKELY_SPAM ||
      redial_case_get_kind (kase) == REDIAL_CASE_KIND_BLOCKED)
    clock = NULL;
  else if (waiting > 0)
    {
      clock = "reply";
      start = waiting;
      episode = waiting;
      warning = redial_config_get_reply_warning (self->config);
      target = redial_config_get_reply_target (self->config);
    }
  else if (responded == 0)
    {
      clock = "first-response";
      start = redial_case_get_first_call_at (kase);
      warning = redial_config_get_first_response_warning (self->config);
      target = redial_config_get_first_response_target (self->config);
    }

  if (clock != clocks->clock || episode != clocks->episode)
    clocks->raised = 0;
  clocks->clock = clock;
  clocks->episode = episode;

  if (clock != NULL)
    {
      clocks->warning_at = deadline (self, start, warning);
      clocks->breach_at = deadline (self, start, target);
      clocks->escalate_at = clocks->breach_at == G_MAXINT64
        ? G_MAXINT64
        : clocks->breach_at + redial_config_get_escalate_after (self->config);
      redial_case_set_timer (kase, start, 0);
    }
  else if (responded > 0)
    redial_case_set_timer (kase, redial_case_get_first_call_at (kase), responded);
  else
    redial_case_set_timer (kase, redial_case_get_first_call_at (kase), 0);

  redial_case_set_sla_level (kase, level_now (self, clocks));
  schedule_due (self, clocks);
}

static void
update_level (RedialEngine *self,
              RedialCase   *kase)
{
  Clocks *clocks = clocks_of (self, kase);

  if (clocks != NULL)
    redial_case_set_sla_level (kase, level_now (self, clocks));
}

static gboolean
in_order_at (RedialEngine *self,
             RedialCase   *kase,
             guint         position)
{
  GListModel *queue = G_LIST_MODEL (self->queue);
  guint n_items = g_list_model_get_n_items (queue);

  if (position > 0)
    {
      g_autoptr(RedialCase) before = g_list_model_get_item (queue, position - 1);
      if (compare_urgency (before, kase, NULL) > 0)
        return FALSE;
    }
  if (position + 1 < n_items)
    {
      g_autoptr(RedialCase) after = g_list_model_get_item (queue, position + 1);
      if (compare_urgency (kase, after, NULL) > 0)
        return FALSE;
    }
  return TRUE;
}

/* Moves @kase to its place after a change of state, whoever made it. */
static void
queue_resort (RedialEngine *self,
              RedialCase   *kase)
{
  guint position;

  if (!g_list_store_find (self->queue, kase, &position))
    return;

  /* Still in order where it is: leave the list, and the view's scroll
   * position, alone. */
  if (in_order_at (self, kase, position))
    return;

  g_object_ref (kase);
  g_list_store_remove (self->queue, position);
  g_list_store_insert_sorted (self->queue, kase, compare_urgency, NULL);
  g_object_unref (kase);
}

static void
on_case_state (RedialCase   *kase,
               GParamSpec   *pspec,
               RedialEngine *self)
{
  queue_resort (self, kase);
}

static void
queue_add (RedialEngine *self,
           RedialCase   *kase)
{
  Clocks *clocks = g_new0 (Clocks, 1);

  clocks->self = self;
  clocks->kase = kase;
  g_hash_table_insert (self->clocks, GINT_TO_POINTER (redial_case_get_id (kase)), clocks);
  recompute_clocks (self, kase);
  g_hash_table_insert (self->cases, GINT_TO_POINTER (redial_case_get_id (kase)), kase);
  g_list_store_insert_sorted (self->queue, kase, compare_urgency, NULL);
  g_signal_connect_object (kase, "notify::state", G_CALLBACK (on_case_state), self, 0);
  g_signal_connect_object (kase, "notify::emergency", G_CALLBACK (on_case_state), self, 0);
  g_signal_connect_object (kase, "notify::kind", G_CALLBACK (on_case_state), self, 0);
}

static void
queue_remove (RedialEngine *self,
              RedialCase   *kase)
{
  guint position;
  gpointer key = GINT_TO_POINTER (redial_case_get_id (kase));

  g_object_ref (kase);
  g_signal_handlers_disconnect_by_data (kase, self);
  if (g_list_store_find (self->queue, kase, &position))
    g_list_store_remove (self->queue, position);
  g_hash_table_remove (self->clocks, key);
  g_hash_table_remove (self->cases, key);
  g_object_unref (kase);
}

static void
save_case (RedialEngine *self,
           RedialCase   *kase)
{
  g_autoptr(GError) error = NULL;

  if (!redial_store_update_case (self->store, kase, &error))
    g_message ("Case %" G_GINT64_FORMAT " could not be saved: %s",
               redial_case_get_id (kase), error->message);
}

static const char *
display_name (RedialCase *kase)
{
  if (redial_case_get_caller_name (kase) != NULL)
    return redial_case_get_caller_name (kase);
  if (redial_case_get_caller (kase) != NULL)
    return redial_case_get_caller (kase);
  return _("A caller with a hidden number");
}

static void
raise_alert (RedialEngine    *self,
             RedialCase      *kase,
             RedialAlertKind  kind,
             const char      *message)
{
  g_message ("Alert on case %" G_GINT64_FORMAT ": %s", redial_case_get_id (kase), message);
  g_signal_emit (self, signals[ALERT], 0, kase, kind, message);
}

/* Raises each crossing of a warning, target or escalation point once per
 * case, clock and episode; the store remembers across restarts. */
static void
check_crossings (RedialEngine *self,
                 Clocks       *clocks)
{
  static const struct {
    guint              bit;
    RedialSlaCrossing  crossing;
    RedialAlertKind    kind;
  } points[] = {
    { RAISED_WARNING, REDIAL_SLA_CROSSING_WARNING, REDIAL_ALERT_SLA_WARNING },
    { RAISED_BREACH, REDIAL_SLA_CROSSING_BREACH, REDIAL_ALERT_SLA_BREACH },
    { RAISED_ESCALATION, REDIAL_SLA_CROSSING_ESCALATION, REDIAL_ALERT_SLA_ESCALATION },
  };
  gint64 now = redial_clock_now (self->clock);
  gint64 at[] = { clocks->warning_at, clocks->breach_at, clocks->escalate_at };

  if (clocks->clock == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *message = NULL;
      gboolean reply = g_str_equal (clocks->clock, "reply");
      int recorded;

      if ((clocks->raised & points[i].bit) != 0 || now < at[i])
        continue;

      clocks->raised |= points[i].bit;
      recorded = redial_store_record_sla_event (self->store, redial_case_get_id (clocks->kase),
                                                reply ? REDIAL_SLA_CLOCK_REPLY : REDIAL_SLA_CLOCK_FIRST_RESPONSE,
                                                clocks->episode, points[i].crossing, at[i], &error);
      if (recorded < 0)
        g_message ("An SLA event could not be recorded: %s", error->message);
      if (recorded != 1)
        continue;

      switch (points[i].kind)
        {
        case REDIAL_ALERT_SLA_WARNING:
          message = g_strdup_printf (reply ? _("%s is waiting for an answer: the reply target is close")
                                           : _("%s has not been called back: the first-response target is close"),
                                     display_name (clocks->kase));
          break;
        case REDIAL_ALERT_SLA_BREACH:
          message = g_strdup_printf (reply ? _("%s is still waiting for an answer: the reply target has passed")
                                           : _("%s has not been called back: the first-response target has passed"),
                                     display_name (clocks->kase));
          break;
        case REDIAL_ALERT_SLA_ESCALATION:
        default:
          message = g_strdup_printf (_("%s is still overdue: escalated"), display_name (clocks->kase));
          break;
        }
      raise_alert (self, clocks->kase, points[i].kind, message);
    }
}

/* The queue's own object for the case @fresh describes, brought up to date
 * from it; or @fresh itself, added, when the queue did not hold it. */
static RedialCase *
queue_merge (RedialEngine *self,
             RedialCase   *fresh)
{
  RedialCase *kase = g_hash_table_lookup (self->cases, GINT_TO_POINTER (redial_case_get_id (fresh)));

  if (kase == NULL)
    {
      queue_add (self, fresh);
      return fresh;
    }

  redial_case_set_n_calls (kase, redial_case_get_n_calls (fresh));
  redial_case_set_last_call_at (kase, redial_case_get_last_call_at (fresh));
  redial_case_set_opted_out (kase, redial_case_get_opted_out (fresh));
  return kase;
}

static void maybe_follow_up (RedialEngine *self, Clocks *clocks);

static gboolean
on_tick (gpointer user_data)
{
  RedialEngine *self = user_data;
  gint64 now = redial_clock_now (self->clock);
  GSequenceIter *first;

  while (!g_sequence_iter_is_end (first = g_sequence_get_begin_iter (self->due)))
    {
      Clocks *clocks = g_sequence_get (first);
      g_autoptr(RedialCase) kase = NULL;

      if (clocks->next_due > now)
        break;

      /* Taken off first: what follows files it again, or not. */
      g_clear_pointer (&clocks->due_iter, g_sequence_remove);
      kase = g_object_ref (clocks->kase);
      update_level (self, kase);
      check_crossings (self, clocks);
      maybe_follow_up (self, clocks);
      if ((clocks = clocks_of (self, kase)) != NULL && clocks->due_iter == NULL)
        schedule_due (self, clocks);
    }

  g_signal_emit (self, signals[TICK], 0, now);
  return G_SOURCE_CONTINUE;
}


typedef struct
{
  RedialEngine  *self;
  RedialMessage *message;
} SendData;

static void
send_data_free (SendData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->message);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SendData, send_data_free)

static void
save_message (RedialEngine  *self,
              RedialMessage *message)
{
  g_autoptr(GError) error = NULL;

  if (!redial_store_update_message (self->store, message, &error))
    g_message ("Message %" G_GINT64_FORMAT " could not be saved: %s",
               redial_message_get_id (message), error->message);
}

static void
alert_text_failed (RedialEngine  *self,
                   RedialMessage *message)
{
  RedialCase *kase = g_hash_table_lookup (self->cases, GINT_TO_POINTER (redial_message_get_case_id (message)));
  g_autofree char *text = NULL;

  g_signal_emit (self, signals[TEXT_FAILED], 0, message);
  if (kase == NULL)
    return;
  text = g_strdup_printf (_("The text to %s did not go out: %s"), display_name (kase),
                          redial_message_get_error (message) != NULL ? redial_message_get_error (message)
                                                                     : _("no reason given"));
  {
    g_autofree char *preview = g_strdup_printf (_("Text not delivered: %s"),
                                                redial_message_get_error (message) != NULL
                                                  ? redial_message_get_error (message)
                                                  : _("no reason given"));
    redial_case_set_preview (kase, preview);
  }
  raise_alert (self, kase, REDIAL_ALERT_TEXT_FAILED, text);
}

static void
on_send_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SendData) data = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message_id = NULL;
  RedialEngine *self = data->self;
  RedialMessage *message = data->message;
  EarlyStatus *early;

  message_id = redial_sms_gateway_send_finish (REDIAL_SMS_GATEWAY (source), result, &error);
  if (message_id == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_message ("Text to %s failed: %s", redial_message_get_peer (message), error->message);
      redial_message_set_status (message, REDIAL_MESSAGE_STATUS_FAILED);
      redial_message_set_error (message, error->message);
      save_message (self, message);
      alert_text_failed (self, message);
      return;
    }

  redial_message_set_provider_message_id (message, message_id);
  early = g_hash_table_lookup (self->early_statuses, message_id);
  if (early != NULL)
    {
      redial_message_set_status (message, early->status);
      redial_message_set_error (message, early->error);
      g_hash_table_remove (self->early_statuses, message_id);
    }
  save_message (self, message);
  if (redial_message_get_status (message) == REDIAL_MESSAGE_STATUS_FAILED ||
      redial_message_get_status (message) == REDIAL_MESSAGE_STATUS_UNDELIVERED)
    alert_text_failed (self, message);
}

/* Hands a message, already in the outbox, to the gateway. The hand-off
 * time is committed first: a text whose hand-off started but whose answer
 * never came is not sent again after a restart (see README, "Delivery"). */
static void
send_message (RedialEngine  *self,
              RedialMessage *message)
{
  g_autoptr(GError) error = NULL;
  SendData *data;

  g_assert (redial_message_get_id (message) > 0);

  redial_message_set_attempted_at (message, redial_clock_now (self->clock));
  if (!redial_store_update_message (self->store, message, &error))
    {
      /* Without the record, a crash now could send it twice: do not send. */
      g_message ("Text %" G_GINT64_FORMAT " was not sent: %s",
                 redial_message_get_id (message), error->message);
      redial_message_set_attempted_at (message, 0);
      return;
    }

  data = g_new0 (SendData, 1);
  data->self = g_object_ref (self);
  data->message = g_object_ref (message);
  redial_sms_gateway_send_async (self->sms_gateway,
                                 redial_message_get_peer (message),
                                 redial_message_get_body (message),
                                 self->cancellable,
                                 on_send_done, data);
}

/* The first word of a contact's or caller's name, when it reads as one. */
static char *
first_name_of (RedialCase *kase)
{
  const char *name = redial_case_get_caller_name (kase);
  const char *end;

  if (name == NULL || redial_case_get_kind (kase) != REDIAL_CASE_KIND_KNOWN_CUSTOMER)
    return NULL;
  end = strchr (name, ' ');
  return end != NULL ? g_strndup (name, end - name) : g_strdup (name);
}

/* Fills the business's template for @use, in its language, for @kase. */
static char *
render (RedialEngine       *self,
        RedialCase         *kase,
        RedialTemplateUse   use,
        GError            **error)
{
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *hours = redial_hours_describe (redial_config_get_hours (self->config));
  g_autofree char *first_name = kase != NULL ? first_name_of (kase) : NULL;
  RedialTemplate *template = redial_template_set_lookup (redial_config_get_templates (self->config), use,
                                                         redial_config_get_language (self->config));

  if (template == NULL)
    {
      g_set_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_MISSING_VALUE,
                   _("There is no “%s” text."), redial_template_use_to_string (use));
      return NULL;
    }

  g_hash_table_insert (values, (gpointer) "business",
                       (gpointer) redial_config_get_business_name (self->config));
  g_hash_table_insert (values, (gpointer) "hours", hours);
  if (first_name != NULL)
    g_hash_table_insert (values, (gpointer) "first_name", first_name);
  if (redial_config_get_booking_link (self->config) != NULL)
    g_hash_table_insert (values, (gpointer) "booking_link",
                         (gpointer) redial_config_get_booking_link (self->config));
  if (self->agent_name != NULL && *self->agent_name != '\0')
    g_hash_table_insert (values, (gpointer) "agent", self->agent_name);
  return redial_template_fill (template, values, error);
}

/* Why nothing may be sent to @kase's caller, or NULL when texts may go. */
static gboolean
may_text (RedialEngine  *self,
          RedialCase    *kase,
          GError       **error)
{
  const char *caller = redial_case_get_caller (kase);

  if (caller == NULL)
    {
      g_set_error_literal (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_NO_NUMBER,
                           _("The caller hid their number, so no text can be sent."));
      return FALSE;
    }
  if (redial_store_is_opted_out (self->store, caller))
    {
      redial_case_set_opted_out (kase, TRUE);
      g_set_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_OPTED_OUT,
                   _("%s opted out of texts, so nothing was sent."), display_name (kase));
      return FALSE;
    }
  if (redial_store_is_blocked (self->store, caller))
    {
      g_set_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_BLOCKED,
                   _("%s is on the block list, so nothing was sent."), display_name (kase));
      return FALSE;
    }
  if (self->sms_gateway == NULL)
    {
      g_set_error_literal (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_NO_GATEWAY,
                           _("No SMS gateway is set up, so no text can be sent."));
      return FALSE;
    }
  return TRUE;
}

/* Renders the template for @use (or takes @written, a person's text) for
 * @kase, puts it in the outbox, then sends it. Every text of every kind
 * goes through here, so that the opt-out and the block list are checked
 * every time. */
static RedialMessage *
queue_text (RedialEngine       *self,
            RedialCase         *kase,
            RedialMessageKind   kind,
            RedialTemplateUse   use,
            const char         *written,
            GError            **error)
{
  g_autoptr(RedialMessage) message = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *body = NULL;

  /* The one confirmation of an opt-out goes to a number that just opted out. */
  if (kind != REDIAL_MESSAGE_KIND_OPT_OUT_CONFIRMATION && !may_text (self, kase, error))
    return NULL;
  if (kind == REDIAL_MESSAGE_KIND_OPT_OUT_CONFIRMATION && self->sms_gateway == NULL)
    {
      g_set_error_literal (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_NO_GATEWAY,
                           _("No SMS gateway is set up, so no text can be sent."));
      return NULL;
    }

  if (written != NULL)
    body = g_strdup (written);
  else
    body = render (self, kase, use, &local_error);
  if (body == NULL || *g_strstrip (body) == '\0')
    {
      g_set_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_TEXT,
                   _("The text was not sent: %s"),
                   local_error != NULL ? local_error->message : _("it is empty"));
      return NULL;
    }

  message = redial_message_new (redial_case_get_id (kase), REDIAL_MESSAGE_DIRECTION_OUTBOUND, kind,
                                redial_case_get_caller (kase), body, redial_clock_now (self->clock));

  if (kind == REDIAL_MESSAGE_KIND_TEXT_BACK)
    {
      /* The outbox row and the case's "texted back" are one commit. */
      if (!redial_store_queue_text_back (self->store, kase, message, &local_error))
        {
          if (local_error != NULL)
            g_set_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_STORE,
                         "%s", local_error->message);
          return NULL;
        }
    }
  else if (!redial_store_add_message (self->store, message, &local_error))
    {
      g_set_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_STORE, "%s", local_error->message);
      return NULL;
    }

  if (kind == REDIAL_MESSAGE_KIND_TEXT_BACK || kind == REDIAL_MESSAGE_KIND_FOLLOW_UP)
    {
      Clocks *clocks = clocks_of (self, kase);
      if (clocks != NULL)
        {
          clocks->last_auto_text_at = redial_message_get_created_at (message);
          if (clocks->due_iter != NULL || kind == REDIAL_MESSAGE_KIND_TEXT_BACK)
            schedule_due (self, clocks);
        }
    }

  send_message (self, message);
  return g_steal_pointer (&message);
}

static gboolean
on_text_back_due (gpointer user_data)
{
  Clocks *clocks = user_data;
  RedialEngine *self = clocks->self;
  RedialCase *kase = clocks->kase;
  g_autoptr(RedialMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  RedialTemplateUse use;

  clocks->text_back_timer = 0;

  /* A person got there first, or the caller wrote: no automatic text. */
  if (redial_case_get_texted_back (kase) || redial_case_get_first_response_at (kase) > 0 ||
      redial_case_get_state (kase) != REDIAL_CASE_STATE_NEW)
    return G_SOURCE_REMOVE;

  if (redial_case_get_kind (kase) == REDIAL_CASE_KIND_KNOWN_CUSTOMER)
    use = REDIAL_TEMPLATE_USE_CUSTOMER;
  else if (redial_hours_is_open (redial_config_get_hours (self->config), redial_clock_now (self->clock)))
    use = REDIAL_TEMPLATE_USE_BUSY_HOURS;
  else
    use = REDIAL_TEMPLATE_USE_AFTER_HOURS;

  message = queue_text (self, kase, REDIAL_MESSAGE_KIND_TEXT_BACK, use, NULL, &error);
  if (message == NULL && error != NULL)
    g_message ("Case %" G_GINT64_FORMAT ": no text-back: %s", redial_case_get_id (kase), error->message);
  return G_SOURCE_REMOVE;
}

/* At most one automatic text per case, however often the caller rings;
 * after the configured delay, so that a person can call back first. */
static void
text_back (RedialEngine *self,
           RedialCase   *kase)
{
  Clocks *clocks = clocks_of (self, kase);
  RedialCaseKind kind = redial_case_get_kind (kase);

  if (clocks == NULL || redial_case_get_texted_back (kase) || clocks->text_back_timer != 0 ||
      !redial_config_get_text_back_enabled (self->config))
    return;
  if (kind != REDIAL_CASE_KIND_NEW_LEAD && kind != REDIAL_CASE_KIND_KNOWN_CUSTOMER)
    return;

  if (redial_config_get_text_back_delay (self->config) == 0)
    on_text_back_due (clocks);
  else
    clocks->text_back_timer = redial_clock_schedule (self->clock,
                                                     redial_config_get_text_back_delay (self->config),
                                                     on_text_back_due, clocks, NULL);
}

static void
send_service_text (RedialEngine      *self,
                   RedialCase        *kase,
                   RedialMessageKind  kind,
                   RedialTemplateUse  use)
{
  g_autoptr(RedialMessage) message = NULL;
  g_autoptr(GError) error = NULL;

  message = queue_text (self, kase, kind, use, NULL, &error);
  if (message == NULL)
    g_message ("Case %" G_GINT64_FORMAT ": %s", redial_case_get_id (kase), error->message);
}

/* The time zone a caller lives in: the business's, unless the number
 * belongs to another country that has a single time zone. */
static GTimeZone *
caller_time_zone (RedialEngine *self,
                  const char   *caller)
{
  g_autofree char *region = redial_phone_region (caller);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GTimeZone *tz;
  const char *zone = NULL;
  guint n_zones = 0;

  if (region == NULL || g_str_equal (region, redial_config_get_region (self->config)))
    return g_time_zone_ref (redial_config_get_time_zone (self->config));

  tz = g_hash_table_lookup (self->zones, region);
  if (tz != NULL)
    return g_time_zone_ref (tz);

  /* zone.tab lists each country's zones: a country with one is certain. */
  if (g_file_get_contents ("/usr/share/zoneinfo/zone.tab", &contents, NULL, NULL))
    {
      lines = g_strsplit (contents, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_auto(GStrv) fields = g_strsplit (lines[i], "\t", 4);

          if (lines[i][0] == '#' || g_strv_length (fields) < 3 || !g_str_equal (fields[0], region))
            continue;
          n_zones++;
          if (zone == NULL)
            zone = g_intern_string (fields[2]);
        }
    }

  tz = n_zones == 1 ? g_time_zone_new_identifier (zone) : NULL;
  if (tz == NULL)
    tz = g_time_zone_ref (redial_config_get_time_zone (self->config));
  g_hash_table_insert (self->zones, g_steal_pointer (&region), g_time_zone_ref (tz));
  return tz;
}

/* Whether @when falls between 08:00 and 21:00 where the caller is. */
static gboolean
within_follow_up_window (RedialEngine *self,
                         RedialCase   *kase,
                         gint64        when)
{
  g_autoptr(GTimeZone) tz = caller_time_zone (self, redial_case_get_caller (kase));
  g_autoptr(GDateTime) local = redial_clock_date_time (when, tz);
  int minute = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);

  return minute >= FOLLOW_UP_FIRST_MINUTE && minute < FOLLOW_UP_LAST_MINUTE;
}

/* When @clocks' case is next due a follow-up: the delay after the last
 * automatic text, moved to 08:00 the caller's time when it falls at night;
 * G_MAXINT64 when it is due none. */
static gint64
follow_up_due (RedialEngine *self,
               Clocks       *clocks)
{
  RedialCase *kase = clocks->kase;
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) morning = NULL;
  gint64 due;
  int minute;

  if (clocks->last_auto_text_at == 0 ||
      redial_case_get_followups_sent (kase) >= redial_config_get_follow_up_count (self->config) ||
      redial_case_get_state (kase) != REDIAL_CASE_STATE_NEW ||
      redial_case_get_first_response_at (kase) > 0 ||
      redial_case_get_opted_out (kase) || redial_case_get_caller (kase) == NULL)
    return G_MAXINT64;

  due = MAX (clocks->last_auto_text_at + redial_config_get_follow_up_delay (self->config),
             redial_clock_now (self->clock));
  tz = caller_time_zone (self, redial_case_get_caller (kase));
  local = redial_clock_date_time (due, tz);
  minute = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);
  if (minute >= FOLLOW_UP_FIRST_MINUTE && minute < FOLLOW_UP_LAST_MINUTE)
    return due;

  morning = g_date_time_new (tz, g_date_time_get_year (local), g_date_time_get_month (local),
                             g_date_time_get_day_of_month (local),
                             FOLLOW_UP_FIRST_MINUTE / 60, FOLLOW_UP_FIRST_MINUTE % 60, 0);
  if (minute >= FOLLOW_UP_LAST_MINUTE)
    {
      GDateTime *next = g_date_time_add_days (morning, 1);
      g_date_time_unref (morning);
      morning = next;
    }
  return g_date_time_to_unix (morning) * G_USEC_PER_SEC;
}

/* One polite follow-up (or two, as configured) when nobody has reached the
 * caller and the caller has not written, never at night their time. */
static void
maybe_follow_up (RedialEngine *self,
                 Clocks       *clocks)
{
  RedialCase *kase = clocks->kase;
  gint64 now = redial_clock_now (self->clock);
  g_autoptr(RedialMessage) message = NULL;
  g_autoptr(GError) error = NULL;

  if (clocks->last_auto_text_at == 0 ||
      redial_case_get_followups_sent (kase) >= redial_config_get_follow_up_count (self->config) ||
      now < clocks->last_auto_text_at + redial_config_get_follow_up_delay (self->config) ||
      redial_case_get_state (kase) != REDIAL_CASE_STATE_NEW ||
      redial_case_get_first_response_at (kase) > 0 ||
      redial_case_get_opted_out (kase) ||
      !within_follow_up_window (self, kase, now))
    return;

  /* Counted before sending, so that a failure is not retried every second. */
  redial_case_set_followups_sent (kase, redial_case_get_followups_sent (kase) + 1);
  save_case (self, kase);
  clocks->last_auto_text_at = now;

  message = queue_text (self, kase, REDIAL_MESSAGE_KIND_FOLLOW_UP, REDIAL_TEMPLATE_USE_FOLLOW_UP,
                        NULL, &error);
  if (message == NULL)
    g_message ("Case %" G_GINT64_FORMAT ": no follow-up: %s", redial_case_get_id (kase), error->message);
}

static gboolean
matches_any (const char         *text,
             const char * const *phrases)
{
  g_autofree char *lower = NULL;

  if (text == NULL || phrases == NULL)
    return FALSE;

  lower = g_utf8_strdown (text, -1);
  for (guint i = 0; phrases[i] != NULL; i++)
    {
      const char *hit = strstr (lower, phrases[i]);
      gsize len = strlen (phrases[i]);

      /* Whole words only: "leak" in "leaking" counts, "end" in "friend" does not. */
      while (hit != NULL)
        {
          gboolean starts = hit == lower || !g_ascii_isalnum (hit[-1]);
          if (starts)
            return TRUE;
          hit = strstr (hit + len, phrases[i]);
        }
    }

  return FALSE;
}

/* Decides a new case's kind before anything is sent; each likely-spam rule
 * can be said in one line, which is shown on the case. */
static void
classify (RedialEngine *self,
          RedialCase   *kase,
          RedialCall   *call)
{
  const char *caller = redial_case_get_caller (kase);
  const char *name = redial_call_get_caller_name (call);
  g_autoptr(RedialContact) contact = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *upper = NULL;
  RedialCaseKind kind = REDIAL_CASE_KIND_NEW_LEAD;

  if (caller == NULL)
    {
      kind = REDIAL_CASE_KIND_ANONYMOUS;
      reason = g_strdup (_("The caller hid their number"));
    }
  else if (redial_store_is_blocked (self->store, caller))
    {
      kind = REDIAL_CASE_KIND_BLOCKED;
      reason = g_strdup (_("The number is on the block list"));
    }
  else if (name != NULL && matches_any (name, redial_config_get_spam_names (self->config)))
    {
      kind = REDIAL_CASE_KIND_LIKELY_SPAM;
      upper = g_utf8_strup (name, -1);
      reason = g_strdup_printf (_("Caller ID says “%s”, a name robocallers use"), upper);
    }
  else if ((contact = redial_store_find_contact (self->store, caller, NULL)) != NULL)
    {
      kind = REDIAL_CASE_KIND_KNOWN_CUSTOMER;
      reason = g_strdup (_("In your contacts"));
      if (redial_contact_get_name (contact) != NULL)
        redial_case_set_caller_name (kase, redial_contact_get_name (contact));
    }

  redial_case_set_kind (kase, kind);
  redial_case_set_kind_reason (kase, reason);
}

void
redial_engine_handle_call (RedialEngine    *self,
                           RedialCallEvent *event)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCall) call = NULL;
  g_autoptr(RedialCase) fresh = NULL;
  g_autofree char *caller = NULL;
  g_autofree char *name = NULL;
  g_autofree char *line = NULL;
  const char *label;
  RedialStoreRecord record;
  RedialCase *kase;
  gboolean missed;

  g_return_if_fail (REDIAL_IS_ENGINE (self));
  g_return_if_fail (event != NULL);

  if (event->provider == NULL || event->provider_call_id == NULL || event->started_at <= 0)
    {
      g_message ("A call event without provider, id or start time was skipped");
      return;
    }

  caller = redial_phone_normalize (event->caller, redial_config_get_region (self->config), &error);
  if (caller == NULL)
    {
      g_debug ("Call %s: no usable caller number: %s", event->provider_call_id, error->message);
      g_clear_error (&error);
    }

  name = redial_text_clean_name (event->caller_name);
  line = redial_phone_normalize (event->line, redial_config_get_region (self->config), NULL);
  label = redial_config_get_line_label (self->config, line);
  if (label == NULL)
    label = event->line_label;

  call = g_object_new (REDIAL_TYPE_CALL,
                       "provider", event->provider,
                       "provider-call-id", event->provider_call_id,
                       "caller", caller,
                       "caller-name", name,
                       "line", line != NULL ? line : event->line,
                       "line-label", label,
                       "started-at", event->started_at,
                       "ended-at", MAX (event->ended_at, 0),
                       "disposition", event->disposition,
                       NULL);

  /* A missed call belongs in its caller's case; an answered one is kept for reports. */
  missed = event->disposition != REDIAL_DISPOSITION_ANSWERED;
  fresh = redial_store_record_call (self->store, call, missed, &record, &error);
  if (error != NULL)
    {
      g_message ("Call %s could not be recorded: %s", event->provider_call_id, error->message);
      return;
    }

  switch (record)
    {
    case REDIAL_STORE_RECORD_DUPLICATE:
      g_debug ("Call %s was reported before", event->provider_call_id);
      return;
    case REDIAL_STORE_RECORD_NO_CASE:
      return;
    case REDIAL_STORE_RECORD_NEW_CASE:
      {
        /* The desk's name for a number wins over what caller ID says. */
        g_autoptr(RedialContact) contact = NULL;

        if (caller != NULL)
          contact = redial_store_find_contact (self->store, caller, NULL);
        if (contact != NULL && redial_contact_get_name (contact) != NULL)
          redial_case_set_caller_name (fresh, redial_contact_get_name (contact));
      }
      classify (self, fresh, call);
      save_case (self, fresh);
      if (redial_case_get_kind (fresh) == REDIAL_CASE_KIND_BLOCKED)
        {
          /* Recorded, never texted, not in the active queue. */
          if (!redial_store_close_case (self->store, redial_case_get_id (fresh), REDIAL_CASE_OUTCOME_BLOCKED,
                                        redial_clock_now (self->clock), &error))
            g_message ("Case %" G_GINT64_FORMAT " could not be closed: %s",
                       redial_case_get_id (fresh), error->message);
          return;
        }
      break;
    case REDIAL_STORE_RECORD_JOINED:
    default:
      break;
    }

  redial_case_set_opted_out (fresh, caller != NULL && redial_store_is_opted_out (self->store, caller));
  kase = queue_merge (self, fresh);

  /* A burst of calls that hang up at once makes a lead look like spam. */
  if (record == REDIAL_STORE_RECORD_JOINED && caller != NULL &&
      redial_case_get_kind (kase) == REDIAL_CASE_KIND_NEW_LEAD &&
      redial_store_count_calls_since (self->store, redial_case_get_id (kase),
                                      redial_clock_now (self->clock) - BURST_WINDOW_US,
                                      BURST_MAX_RING_US) >= BURST_CALLS)
    {
      g_autofree char *reason = g_strdup_printf (_("Rang %d times in 10 minutes, hanging up at once"),
                                                 BURST_CALLS);
      redial_case_set_kind (kase, REDIAL_CASE_KIND_LIKELY_SPAM);
      redial_case_set_kind_reason (kase, reason);
      save_case (self, kase);
      recompute_clocks (self, kase);
    }

  text_back (self, kase);
}

/* Whether @body is one of @words, ignoring case, spaces and punctuation
 * around and between the words ("Opt-Out!" is "OPT OUT"). */
static gboolean
is_keyword (const char         *body,
            const char * const *words)
{
  g_autofree char *upper = g_utf8_strup (body, -1);
  g_autoptr(GString) plain = g_string_new (NULL);
  gboolean gap = FALSE;

  for (const char *p = upper; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || (guchar) *p >= 0x80)
        {
          if (gap && plain->len > 0)
            g_string_append_c (plain, ' ');
          g_string_append_c (plain, *p);
          gap = FALSE;
        }
      else
        gap = TRUE;
    }

  return g_strv_contains (words, plain->str);
}

void
redial_engine_handle_inbound (RedialEngine *self,
                              const char   *provider_message_id,
                              const char   *from,
                              const char   *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialMessage) message = NULL;
  g_autoptr(RedialCase) fresh = NULL;
  g_autofree char *caller = NULL;
  g_autofree char *text = NULL;
  gint64 now;
  RedialCase *kase;

  g_return_if_fail (REDIAL_IS_ENGINE (self));
  g_return_if_fail (from != NULL);
  g_return_if_fail (body != NULL);

  caller = redial_phone_normalize (from, redial_config_get_region (self->config), &error);
  if (caller == NULL)
    {
      g_message ("A text from an unusable number was skipped: %s", error->message);
      return;
    }

  if (provider_message_id != NULL)
    {
      g_autoptr(RedialMessage) known = redial_store_find_message (self->store, provider_message_id, &error);

      if (known != NULL)
        {
          g_debug ("Text %s was received before", provider_message_id);
          return;
        }
      g_clear_error (&error);
    }

  now = redial_clock_now (self->clock);
  fresh = redial_store_find_open_case (self->store, caller, &error);
  if (fresh == NULL && error == NULL)
    fresh = redial_store_open_case (self->store, caller, now, &error);
  if (fresh == NULL)
    {
      g_message ("A text from %s could not be recorded: %s", caller,
                 error ? error->message : "no case");
      return;
    }
  kase = queue_merge (self, fresh);

  text = g_utf8_make_valid (body, strnlen (body, MAX_INBOUND_CHARS * 4));
  if (g_utf8_strlen (text, -1) > MAX_INBOUND_CHARS)
    *g_utf8_offset_to_pointer (text, MAX_INBOUND_CHARS) = '\0';

  message = redial_message_new (redial_case_get_id (kase), REDIAL_MESSAGE_DIRECTION_INBOUND,
                                REDIAL_MESSAGE_KIND_REPLY, caller, text, now);
  redial_message_set_provider_message_id (message, provider_message_id);
  if (!redial_store_add_message (self->store, message, &error))
    {
      g_message ("A text from %s could not be recorded: %s", caller, error->message);
      return;
    }

  {
    g_autofree char *preview = redial_text_clean_snippet (text, 120);
    redial_case_set_preview (kase, preview);
  }

  if (is_keyword (text, opt_out_words))
    {
      gboolean already = redial_store_is_opted_out (self->store, caller);

      if (!redial_store_set_opted_out (self->store, caller, TRUE, now, text, &error))
        {
          g_message ("The opt-out of %s could not be recorded: %s", caller, error->message);
          return;
        }
      redial_case_set_opted_out (kase, TRUE);
      /* Carriers expect one confirmation, not one per STOP. */
      if (!already)
        send_service_text (self, kase, REDIAL_MESSAGE_KIND_OPT_OUT_CONFIRMATION,
                           REDIAL_TEMPLATE_USE_OPT_OUT_CONFIRMATION);
      return;
    }

  if (redial_case_get_opted_out (kase) || redial_store_is_opted_out (self->store, caller))
    {
      if (is_keyword (text, opt_in_words))
        {
          if (!redial_store_set_opted_out (self->store, caller, FALSE, now, text, &error))
            {
              g_message ("The opt-in of %s could not be recorded: %s", caller, error->message);
              return;
            }
          redial_case_set_opted_out (kase, FALSE);
          send_service_text (self, kase, REDIAL_MESSAGE_KIND_OPT_IN_CONFIRMATION,
                             REDIAL_TEMPLATE_USE_OPT_IN_CONFIRMATION);
        }
      /* Anything else from an opted-out number is kept, and nothing answers it. */
      return;
    }

  if (is_keyword (text, help_words))
    {
      send_service_text (self, kase, REDIAL_MESSAGE_KIND_HELP,
                         REDIAL_TEMPLATE_USE_HELP);
      return;
    }

  if (!redial_case_get_emergency (kase) &&
      matches_any (text, redial_config_get_emergency_words (self->config)))
    {
      g_autofree char *alert = g_strdup_printf (_("Emergency: %s wrote “%s”"), display_name (kase), text);

      redial_case_set_emergency (kase, TRUE);
      raise_alert (self, kase, REDIAL_ALERT_EMERGENCY, alert);
    }

  /* The caller waits for an answer from now: the reply clock starts. */
  if (redial_case_get_reply_waiting_since (kase) == 0)
    redial_case_set_reply_waiting_since (kase, now);
  if (redial_case_get_state (kase) == REDIAL_CASE_STATE_NEW ||
      redial_case_get_state (kase) == REDIAL_CASE_STATE_RESPONDED)
    redial_case_set_state (kase, REDIAL_CASE_STATE_REPLIED);
  save_case (self, kase);
  recompute_clocks (self, kase);
}

static void
on_call_event (RedialPhoneSystem *phone_system,
               RedialCallEvent   *event,
               RedialEngine      *self)
{
  redial_engine_handle_call (self, event);
}

static void
on_message_received (RedialSmsGateway *gateway,
                     const char       *provider_message_id,
                     const char       *from,
                     const char       *body,
                     RedialEngine     *self)
{
  redial_engine_handle_inbound (self, provider_message_id, from, body);
}

static void
on_status_changed (RedialSmsGateway    *gateway,
                   const char          *provider_message_id,
                   RedialMessageStatus  status,
                   const char          *error_text,
                   RedialEngine        *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialMessage) message = redial_store_find_message (self->store, provider_message_id, &error);

  if (message == NULL)
    {
      EarlyStatus *early;

      if (error != NULL)
        {
          g_message ("Delivery report for %s could not be read: %s", provider_message_id, error->message);
          return;
        }
      early = g_new0 (EarlyStatus, 1);
      early->status = status;
      early->error = g_strdup (error_text);
      g_hash_table_replace (self->early_statuses, g_strdup (provider_message_id), early);
      return;
    }

  /* A late report never moves a final status back. */
  if (redial_message_status_is_final (redial_message_get_status (message)))
    return;

  redial_message_set_status (message, status);
  redial_message_set_error (message, error_text);
  save_message (self, message);
  if (status == REDIAL_MESSAGE_STATUS_FAILED || status == REDIAL_MESSAGE_STATUS_UNDELIVERED)
    alert_text_failed (self, message);
}

/* The gateway learned that the carrier holds @number unsubscribed: no text
 * can reach it, so Redial records the opt-out as if the caller had texted
 * STOP here, and stops trying. */
static void
on_recipient_opted_out (RedialSmsGateway *gateway,
                        const char       *number,
                        RedialEngine     *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *phone = redial_phone_normalize (number, redial_config_get_region (self->config), &error);
  guint n;

  if (phone == NULL)
    {
      g_message ("An opt-out the SMS gateway reported for an unusable number was skipped: %s",
                 error->message);
      return;
    }

  if (!redial_store_is_opted_out (self->store, phone) &&
      !redial_store_set_opted_out (self->store, phone, TRUE, redial_clock_now (self->clock),
                                   "opted out at the carrier", &error))
    {
      g_message ("The opt-out of %s could not be recorded: %s", phone, error->message);
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->queue));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RedialCase) kase = g_list_model_get_item (G_LIST_MODEL (self->queue), i);

      if (g_strcmp0 (redial_case_get_caller (kase), phone) == 0)
        redial_case_set_opted_out (kase, TRUE);
    }
}

static void
redial_engine_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RedialEngine *self = REDIAL_ENGINE (object);

  switch (prop_id)
    {
    case PROP_PHONE_SYSTEM:
      g_value_set_object (value, self->phone_system);
      break;
    case PROP_SMS_GATEWAY:
      g_value_set_object (value, self->sms_gateway);
      break;
    case PROP_AGENT_NAME:
      g_value_set_string (value, self->agent_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_engine_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  RedialEngine *self = REDIAL_ENGINE (object);

  switch (prop_id)
    {
    case PROP_PHONE_SYSTEM:
      redial_engine_set_phone_system (self, g_value_get_object (value));
      break;
    case PROP_SMS_GATEWAY:
      redial_engine_set_sms_gateway (self, g_value_get_object (value));
      break;
    case PROP_AGENT_NAME:
      {
        const char *name = g_value_get_string (value);

        if (g_strcmp0 (self->agent_name, name) != 0)
          {
            g_free (self->agent_name);
            self->agent_name = g_strdup (name);
            g_object_notify_by_pspec (object, properties[PROP_AGENT_NAME]);
          }
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_engine_dispose (GObject *object)
{
  RedialEngine *self = REDIAL_ENGINE (object);

  redial_engine_stop (self);
  g_hash_table_remove_all (self->clocks);
  g_cancellable_cancel (self->cancellable);
  if (self->phone_system != NULL)
    g_signal_handlers_disconnect_by_data (self->phone_system, self);
  if (self->sms_gateway != NULL)
    g_signal_handlers_disconnect_by_data (self->sms_gateway, self);
  g_clear_object (&self->phone_system);
  g_clear_object (&self->sms_gateway);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->clock);
  g_clear_object (&self->store);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (redial_engine_parent_class)->dispose (object);
}

static void
redial_engine_finalize (GObject *object)
{
  RedialEngine *self = REDIAL_ENGINE (object);

  g_hash_table_unref (self->cases);
  g_hash_table_unref (self->early_statuses);
  g_hash_table_unref (self->clocks);
  g_sequence_free (self->due);
  g_hash_table_unref (self->zones);
  g_free (self->agent_name);
  g_object_unref (self->queue);

  G_OBJECT_CLASS (redial_engine_parent_class)->finalize (object);
}

static void
redial_engine_class_init (RedialEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = redial_engine_get_property;
  object_class->set_property = redial_engine_set_property;
  object_class->dispose = redial_engine_dispose;
  object_class->finalize = redial_engine_finalize;

  properties[PROP_PHONE_SYSTEM] =
    g_param_spec_object ("phone-system", NULL, NULL, REDIAL_TYPE_PHONE_SYSTEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SMS_GATEWAY] =
    g_param_spec_object ("sms-gateway", NULL, NULL, REDIAL_TYPE_SMS_GATEWAY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The name of the person at this desk, filling {agent} in texts. */
  properties[PROP_AGENT_NAME] =
    g_param_spec_string ("agent-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RedialEngine::tick:
   * @now: the clock's time, Unix µs
   *
   * The one shared 1 Hz tick that running timers redraw on.
   */
  signals[TICK] =
    g_signal_new ("tick", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * RedialEngine::alert:
   * @kase: the case
   * @kind: a #RedialAlertKind
   * @message: a sentence for the manager's desk
   *
   * Something a person must see now: an emergency, a response target
   * close or passed, an escalation, a text that did not go out. Each is
   * raised once.
   */
  signals[ALERT] =
    g_signal_new ("alert", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  REDIAL_TYPE_CASE, REDIAL_TYPE_ALERT_KIND, G_TYPE_STRING);

  /**
   * RedialEngine::text-failed:
   * @message: the RedialMessage, failed or undelivered, with its reason
   *
   * A text finally did not reach its caller (the gateway gave up, refused
   * it, or the carrier reported it undelivered). An alert is raised on its
   * case as well.
   */
  signals[TEXT_FAILED] =
    g_signal_new ("text-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, REDIAL_TYPE_MESSAGE);
}

static void
redial_engine_init (RedialEngine *self)
{
  self->cancellable = g_cancellable_new ();
  self->queue = g_list_store_new (REDIAL_TYPE_CASE);
  self->cases = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->early_statuses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, early_status_free);
  self->clocks = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, clocks_free);
  self->due = g_sequence_new (NULL);
  self->zones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_time_zone_unref);
}

RedialEngine *
redial_engine_new (RedialConfig *config,
                   RedialStore  *store,
                   RedialClock  *clock)
{
  RedialEngine *self;

  g_return_val_if_fail (REDIAL_IS_CONFIG (config), NULL);
  g_return_val_if_fail (REDIAL_IS_STORE (store), NULL);
  g_return_val_if_fail (REDIAL_IS_CLOCK (clock), NULL);

  self = g_object_new (REDIAL_TYPE_ENGINE, NULL);
  self->config = g_object_ref (config);
  self->store = g_object_ref (store);
  self->clock = g_object_ref (clock);
  return self;
}

RedialConfig *
redial_engine_get_config (RedialEngine *self)
{
  g_return_val_if_fail (REDIAL_IS_ENGINE (self), NULL);
  return self->config;
}

RedialStore *
redial_engine_get_store (RedialEngine *self)
{
  g_return_val_if_fail (REDIAL_IS_ENGINE (self), NULL);
  return self->store;
}

RedialClock *
redial_engine_get_clock (RedialEngine *self)
{
  g_return_val_if_fail (REDIAL_IS_ENGINE (self), NULL);
  return self->clock;
}

RedialPhoneSystem *
redial_engine_get_phone_system (RedialEngine *self)
{
  g_return_val_if_fail (REDIAL_IS_ENGINE (self), NULL);
  return self->phone_system;
}

void
redial_engine_set_phone_system (RedialEngine      *self,
                                RedialPhoneSystem *phone_system)
{
  g_return_if_fail (REDIAL_IS_ENGINE (self));
  g_return_if_fail (phone_system == NULL || REDIAL_IS_PHONE_SYSTEM (phone_system));

  if (self->phone_system == phone_system)
    return;

  if (self->phone_system != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->phone_system, self);
      redial_phone_system_stop (self->phone_system);
    }
  g_set_object (&self->phone_system, phone_system);
  if (phone_system != NULL)
    {
      g_signal_connect (phone_system, "call-event", G_CALLBACK (on_call_event), self);
      if (self->started)
        redial_phone_system_start (phone_system);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHONE_SYSTEM]);
}

RedialSmsGateway *
redial_engine_get_sms_gateway (RedialEngine *self)
{
  g_return_val_if_fail (REDIAL_IS_ENGINE (self), NULL);
  return self->sms_gateway;
}

void
redial_engine_set_sms_gateway (RedialEngine     *self,
                               RedialSmsGateway *gateway)
{
  g_return_if_fail (REDIAL_IS_ENGINE (self));
  g_return_if_fail (gateway == NULL || REDIAL_IS_SMS_GATEWAY (gateway));

  if (self->sms_gateway == gateway)
    return;

  if (self->sms_gateway != NULL)
    g_signal_handlers_disconnect_by_data (self->sms_gateway, self);
  g_set_object (&self->sms_gateway, gateway);
  if (gateway != NULL)
    {
      g_signal_connect (gateway, "status-changed", G_CALLBACK (on_status_changed), self);
      g_signal_connect (gateway, "message-received", G_CALLBACK (on_message_received), self);
      g_signal_connect (gateway, "recipient-opted-out", G_CALLBACK (on_recipient_opted_out), self);
      if (self->started)
        redial_sms_gateway_start (gateway);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SMS_GATEWAY]);
}

/* When the last automatic text went to @kase, for the follow-up timing,
 * and the queue's preview of its latest message. */
static void
restore_last_auto_text (RedialEngine *self,
                        RedialCase   *kase)
{
  g_autoptr(GPtrArray) messages = NULL;
  Clocks *clocks = clocks_of (self, kase);

  if (clocks == NULL)
    return;

  messages = redial_store_list_messages (self->store, redial_case_get_id (kase), NULL);
  for (guint i = 0; messages != NULL && i < messages->len; i++)
    {
      RedialMessage *message = g_ptr_array_index (messages, i);
      RedialMessageKind kind = redial_message_get_kind (message);
      RedialMessageStatus status = redial_message_get_status (message);

      if (kind == REDIAL_MESSAGE_KIND_TEXT_BACK || kind == REDIAL_MESSAGE_KIND_FOLLOW_UP)
        clocks->last_auto_text_at = MAX (clocks->last_auto_text_at, redial_message_get_created_at (message));

      /* The queue's line about the latest thing worth a look. */
      if (redial_message_get_direction (message) == REDIAL_MESSAGE_DIRECTION_INBOUND)
        {
          g_autofree char *preview = redial_text_clean_snippet (redial_message_get_body (message), 120);
          redial_case_set_preview (kase, preview);
        }
      else if (status == REDIAL_MESSAGE_STATUS_FAILED || status == REDIAL_MESSAGE_STATUS_UNDELIVERED)
        {
          g_autofree char *preview = g_strdup_printf (_("Text not delivered: %s"),
                                                      redial_message_get_error (message) != NULL
                                                        ? redial_message_get_error (message)
                                                        : _("no reason given"));
          redial_case_set_preview (kase, preview);
        }
    }
}

/* The delivery rule after a restart: a text that was never handed to the
 * gateway is sent now (after checking the opt-out again); a text whose
 * hand-off had begun may have gone out, so it is not sent again: it is
 * marked failed and a person is told. At most once, never twice. */
static void
recover_outbox (RedialEngine *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) unsent = redial_store_list_unsent_messages (self->store, &error);

  if (unsent == NULL)
    {
      g_message ("The outbox could not be read: %s", error->message);
      return;
    }

  for (guint i = 0; i < unsent->len; i++)
    {
      RedialMessage *message = g_ptr_array_index (unsent, i);
      RedialCase *kase = g_hash_table_lookup (self->cases,
                                              GINT_TO_POINTER (redial_message_get_case_id (message)));
      g_autoptr(GError) refusal = NULL;

      if (redial_message_get_attempted_at (message) > 0)
        {
          redial_message_set_status (message, REDIAL_MESSAGE_STATUS_FAILED);
          redial_message_set_error (message, _("Redial stopped while handing this text to the SMS gateway: "
                                               "it may have gone out, so it was not sent again."));
          save_message (self, message);
          alert_text_failed (self, message);
          continue;
        }

      if (kase == NULL || self->sms_gateway == NULL ||
          (redial_message_get_kind (message) != REDIAL_MESSAGE_KIND_OPT_OUT_CONFIRMATION &&
           !may_text (self, kase, &refusal)))
        {
          redial_message_set_status (message, REDIAL_MESSAGE_STATUS_FAILED);
          redial_message_set_error (message, refusal != NULL ? refusal->message
                                                             : _("The case was closed before the text went out."));
          save_message (self, message);
          continue;
        }

      send_message (self, message);
    }
}

gboolean
redial_engine_start (RedialEngine  *self,
                     GError       **error)
{
  g_autoptr(GPtrArray) cases = NULL;

  g_return_val_if_fail (REDIAL_IS_ENGINE (self), FALSE);

  if (self->started)
    return TRUE;

  cases = redial_store_list_open_cases (self->store, error);
  if (cases == NULL)
    return FALSE;

  for (guint i = 0; i < cases->len; i++)
    {
      RedialCase *kase = g_ptr_array_index (cases, i);

      if (!g_hash_table_contains (self->cases, GINT_TO_POINTER (redial_case_get_id (kase))))
        {
          queue_add (self, kase);
          restore_last_auto_text (self, kase);
        }
    }

  self->started = TRUE;
  self->tick = redial_clock_schedule (self->clock, TICK_US, on_tick, self, NULL);

  recover_outbox (self);

  if (self->sms_gateway != NULL)
    redial_sms_gateway_start (self->sms_gateway);
  if (self->phone_system != NULL)
    redial_phone_system_start (self->phone_system);

  return TRUE;
}

void
redial_engine_stop (RedialEngine *self)
{
  g_return_if_fail (REDIAL_IS_ENGINE (self));

  if (!self->started)
    return;

  self->started = FALSE;
  redial_clock_clear (self->clock, &self->tick);
  if (self->phone_system != NULL)
    redial_phone_system_stop (self->phone_system);
}

GListModel *
redial_engine_get_queue (RedialEngine *self)
{
  g_return_val_if_fail (REDIAL_IS_ENGINE (self), NULL);
  return G_LIST_MODEL (self->queue);
}

RedialSlaLevel
redial_engine_get_first_response_level (RedialEngine *self,
                                        RedialCase   *kase)
{
  g_return_val_if_fail (REDIAL_IS_ENGINE (self), REDIAL_SLA_LEVEL_OK);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), REDIAL_SLA_LEVEL_OK);

  if (clocks_of (self, kase) == NULL)
    return redial_sla_level (redial_case_get_first_call_at (kase),
                             redial_case_get_first_response_at (kase),
                             redial_clock_now (self->clock),
                             redial_config_get_first_response_warning (self->config),
                             redial_config_get_first_response_target (self->config));
  return level_now (self, clocks_of (self, kase));
}

/* A person answered: the first response, if it was still due, and the
 * answer to a waiting reply. */
static void
human_touch (RedialEngine *self,
             RedialCase   *kase)
{
  gint64 now = redial_clock_now (self->clock);
  Clocks *clocks = clocks_of (self, kase);

  if (redial_case_get_first_response_at (kase) == 0)
    redial_case_set_first_response_at (kase, now);
  redial_case_set_reply_waiting_since (kase, 0);
  if (clocks != NULL)
    redial_clock_clear (self->clock, &clocks->text_back_timer);
  if (redial_case_get_state (kase) == REDIAL_CASE_STATE_NEW ||
      redial_case_get_state (kase) == REDIAL_CASE_STATE_REPLIED)
    redial_case_set_state (kase, REDIAL_CASE_STATE_RESPONDED);
  save_case (self, kase);
  recompute_clocks (self, kase);
}

gboolean
redial_engine_record_call_attempt (RedialEngine  *self,
                                   RedialCase    *kase,
                                   GError       **error)
{
  g_return_val_if_fail (REDIAL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), FALSE);

  human_touch (self, kase);
  return TRUE;
}

gboolean
redial_engine_send_text (RedialEngine  *self,
                         RedialCase    *kase,
                         const char    *body,
                         GError       **error)
{
  g_autoptr(RedialMessage) message = NULL;

  g_return_val_if_fail (REDIAL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  message = queue_text (self, kase, REDIAL_MESSAGE_KIND_MANUAL, REDIAL_TEMPLATE_USE_BUSY_HOURS,
                        body, error);
  if (message == NULL)
    return FALSE;

  human_touch (self, kase);
  return TRUE;
}

gboolean
redial_engine_close_case (RedialEngine       *self,
                          RedialCase         *kase,
                          RedialCaseOutcome   outcome,
                          GError            **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (REDIAL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), FALSE);

  if (!redial_store_close_case (self->store, redial_case_get_id (kase), outcome,
                                redial_clock_now (self->clock), &local_error))
    {
      g_set_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_STORE, "%s", local_error->message);
      return FALSE;
    }

  queue_remove (self, kase);
  return TRUE;
}

gboolean
redial_engine_confirm_spam (RedialEngine  *self,
                            RedialCase    *kase,
                            GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *caller;

  g_return_val_if_fail (REDIAL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), FALSE);

  caller = redial_case_get_caller (kase);
  if (caller != NULL &&
      !redial_store_set_blocked (self->store, caller, TRUE, redial_case_get_kind_reason (kase),
                                 redial_clock_now (self->clock), &local_error))
    {
      g_set_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_STORE, "%s", local_error->message);
      return FALSE;
    }

  return redial_engine_close_case (self, kase, REDIAL_CASE_OUTCOME_SPAM, error);
}

gboolean
redial_engine_restore (RedialEngine  *self,
                       RedialCase    *kase,
                       GError       **error)
{
  g_return_val_if_fail (REDIAL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), FALSE);

  if (redial_case_get_caller (kase) != NULL)
    redial_store_set_blocked (self->store, redial_case_get_caller (kase), FALSE, NULL, 0, NULL);
  redial_case_set_kind (kase, REDIAL_CASE_KIND_NEW_LEAD);
  redial_case_set_kind_reason (kase, _("Restored by a person"));
  save_case (self, kase);
  recompute_clocks (self, kase);
  text_back (self, kase);
  return TRUE;
}

static void
on_test_text_sent (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *message_id = redial_sms_gateway_send_finish (REDIAL_SMS_GATEWAY (source), result, &error);

  if (message_id == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, message_id, g_free);
}

void
redial_engine_send_test_text_async (RedialEngine        *self,
                                    const char          *number,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *body = NULL;

  g_return_if_fail (REDIAL_IS_ENGINE (self));
  g_return_if_fail (number != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, redial_engine_send_test_text_async);

  phone = redial_phone_normalize (number, redial_config_get_region (self->config), &error);
  if (phone == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (self->sms_gateway == NULL)
    {
      g_task_return_new_error (task, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_NO_GATEWAY,
                               _("No SMS gateway is set up, so no text can be sent."));
      return;
    }
  if (redial_store_is_opted_out (self->store, phone))
    {
      g_task_return_new_error (task, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_OPTED_OUT,
                               _("%s opted out of texts, so nothing was sent."), number);
      return;
    }
  if (redial_store_is_blocked (self->store, phone))
    {
      g_task_return_new_error (task, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_BLOCKED,
                               _("%s is on the block list, so nothing was sent."), number);
      return;
    }

  body = g_strdup_printf (_("This is a test text from %s's Redial desk."),
                          redial_config_get_business_name (self->config));
  redial_sms_gateway_send_async (self->sms_gateway, phone, body, cancellable,
                                 on_test_text_sent, g_steal_pointer (&task));
}

char *
redial_engine_send_test_text_finish (RedialEngine  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_called_back (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!redial_phone_system_call_finish (REDIAL_PHONE_SYSTEM (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  human_touch (g_task_get_source_object (task), g_task_get_task_data (task));
  g_task_return_boolean (task, TRUE);
}

gboolean
redial_engine_can_call_back (RedialEngine *self,
                             RedialCase   *kase)
{
  g_return_val_if_fail (REDIAL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), FALSE);

  return redial_case_get_caller (kase) != NULL && self->phone_system != NULL &&
         redial_phone_system_can_call (self->phone_system);
}

void
redial_engine_call_back_async (RedialEngine        *self,
                               RedialCase          *kase,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (REDIAL_IS_ENGINE (self));
  g_return_if_fail (REDIAL_IS_CASE (kase));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, redial_engine_call_back_async);
  g_task_set_task_data (task, g_object_ref (kase), g_object_unref);

  if (redial_case_get_caller (kase) == NULL)
    {
      g_task_return_new_error (task, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_NO_NUMBER,
                               _("The caller hid their number, so they cannot be called back."));
      return;
    }
  if (self->phone_system == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("No phone system is set up: call back from your desk phone."));
      return;
    }

  redial_phone_system_call_async (self->phone_system, redial_case_get_caller (kase), cancellable,
                                  on_called_back, g_steal_pointer (&task));
}

gboolean
redial_engine_call_back_finish (RedialEngine  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
