/* redial-engine.c: turns call and message events into cases, texts back, keeps the timers: a coordinator over the policies. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include <glib/gi18n.h>

#include "redial-engine-private.h"
#include "redial-enums.h"
#include "redial-phone.h"
#include "redial-sla.h"
#include "redial-text.h"
#include "redial-wording.h"

#define TICK_US G_USEC_PER_SEC
#define MAX_INBOUND_CHARS 1600
#define MAX_CALLER_ID_BYTES 256

G_DEFINE_FINAL_TYPE (RedialEngine, redial_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PHONE_SYSTEM,
  PROP_SMS_GATEWAY,
  PROP_AGENT_NAME,
  PROP_AUTOMATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  TICK,
  ALERT,
  ALERTS,
  TEXT_FAILED,
  TIMELINE_CHANGED,
  DAY_SUMMARY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Emits ::alert for @alert, and ::alerts with it alone, or with the
 * others of this tick when it comes from the tick. */
static void
emit_alert (RedialEngine *self,
            RedialAlert  *alert)
{
  g_signal_emit (self, signals[ALERT], 0, alert->kase, alert->kind, alert->message);
  if (self->batch != NULL)
    {
      /* The tick logs its alerts in one line; hundreds may come at once. */
      g_debug ("Alert on case %" G_GINT64_FORMAT ": %s", redial_case_get_id (alert->kase), alert->message);
      g_ptr_array_add (self->batch, redial_alert_ref (alert));
    }
  else
    {
      g_message ("Alert on case %" G_GINT64_FORMAT ": %s", redial_case_get_id (alert->kase), alert->message);
      g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func ((GDestroyNotify) redial_alert_unref);

      g_ptr_array_add (one, redial_alert_ref (alert));
      g_signal_emit (self, signals[ALERTS], 0, one);
    }
}

void
_redial_engine_raise_alert (RedialEngine    *self,
                            RedialCase      *kase,
                            RedialAlertKind  kind,
                            const char      *message)
{
  gboolean urgent = kind == REDIAL_ALERT_EMERGENCY || redial_case_get_emergency (kase);
  g_autoptr(RedialAlert) alert = redial_alert_new (kase, kind, REDIAL_SLA_CLOCK_FIRST_RESPONSE, urgent,
                                                   redial_clock_now (self->clock), message);

  emit_alert (self, alert);
}

void
_redial_engine_save_case (RedialEngine *self,
                          RedialCase   *kase)
{
  g_autoptr(GError) error = NULL;

  if (!redial_store_update_case (self->store, kase, &error))
    g_message ("Case %" G_GINT64_FORMAT " could not be saved: %s",
               redial_case_get_id (kase), error->message);
}

void
_redial_engine_timeline_changed (RedialEngine       *self,
                                 RedialCase         *kase,
                                 RedialTimelineItem *item)
{
  g_signal_emit (self, signals[TIMELINE_CHANGED], 0, kase, item);
}

/* Puts @kase in the queue, its clocks running and its texts followed. */
static void
track (RedialEngine *self,
       RedialCase   *kase)
{
  redial_sla_tracker_track (self->sla, kase);
  if (self->automation != NULL)
    redial_automation_track (self->automation, kase);
  redial_queue_add (self->queue, kase);
}

void
_redial_engine_untrack (RedialEngine *self,
                        RedialCase   *kase)
{
  g_object_ref (kase);
  redial_queue_remove (self->queue, kase);
  redial_sla_tracker_untrack (self->sla, kase);
  if (self->automation != NULL)
    redial_automation_untrack (self->automation, kase);
  g_object_unref (kase);
}

RedialCase *
_redial_engine_merge (RedialEngine *self,
                      RedialCase   *fresh)
{
  RedialCase *kase = redial_queue_merge (self->queue, fresh);

  if (kase != NULL)
    return kase;
  track (self, fresh);
  return fresh;
}

/* @kase changed: its clocks and what waits for it are worked out again. */
void
_redial_engine_case_changed (RedialEngine *self,
                             RedialCase   *kase)
{
  redial_sla_tracker_update (self->sla, kase);
  if (self->automation != NULL)
    redial_automation_update (self->automation, kase);
}

/* What the queue shows of a reopened case, and what its automatic texts
 * wait for: both read from its messages. */
static void
restore (RedialEngine *self,
         RedialCase   *kase)
{
  g_autoptr(GPtrArray) messages = redial_store_list_messages (self->store, redial_case_get_id (kase), NULL);

  for (guint i = 0; messages != NULL && i < messages->len; i++)
    {
      RedialMessage *message = g_ptr_array_index (messages, i);
      RedialMessageStatus status = redial_message_get_status (message);

      /* The queue's line about the latest thing worth a look. */
      if (redial_message_get_direction (message) == REDIAL_MESSAGE_DIRECTION_INBOUND)
        {
          g_autofree char *preview = redial_text_clean_snippet (redial_message_get_body (message), 120);
          redial_case_set_preview (kase, preview);
        }
      else if (status == REDIAL_MESSAGE_STATUS_FAILED || status == REDIAL_MESSAGE_STATUS_UNDELIVERED)
        {
          g_autofree char *preview = redial_wording_not_delivered (message);
          redial_case_set_preview (kase, preview);
        }
    }

  if (self->automation != NULL)
    redial_automation_restore (self->automation, kase, messages);
}

void
_redial_engine_track_reopened (RedialEngine *self,
                               RedialCase   *kase)
{
  track (self, kase);
  restore (self, kase);
}

/* How many cases the alerts of @batch are about. */
static guint
count_cases (GPtrArray *batch)
{
  g_autoptr(GHashTable) cases = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < batch->len; i++)
    g_hash_table_add (cases, ((RedialAlert *) batch->pdata[i])->kase);
  return g_hash_table_size (cases);
}

static gboolean
on_tick (gpointer user_data)
{
  RedialEngine *self = user_data;
  gint64 now = redial_clock_now (self->clock);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) redial_alert_unref);

  /* Everything this tick raises goes out in one ::alerts. */
  self->batch = batch;
  redial_sla_tracker_tick (self->sla, now);
  if (self->automation != NULL)
    redial_automation_tick (self->automation, now);
  self->batch = NULL;
  if (batch->len == 1)
    g_message ("Alert on case %" G_GINT64_FORMAT ": %s",
               redial_case_get_id (((RedialAlert *) batch->pdata[0])->kase),
               ((RedialAlert *) batch->pdata[0])->message);
  else if (batch->len > 1)
    g_message ("%u alerts on %u cases in one tick", batch->len, count_cases (batch));
  if (batch->len > 0)
    g_signal_emit (self, signals[ALERTS], 0, batch);

  g_signal_emit (self, signals[TICK], 0, now);
  return G_SOURCE_CONTINUE;
}

static void
on_automation_alert (RedialAutomation *automation,
                     RedialAlert      *alert,
                     RedialEngine     *self)
{
  emit_alert (self, alert);
}

static void
on_automation_day_summary (RedialAutomation *automation,
                           const char       *text,
                           RedialEngine     *self)
{
  g_signal_emit (self, signals[DAY_SUMMARY], 0, text);
}

static void
on_text_failed (RedialOutbox  *outbox,
                RedialMessage *message,
                RedialEngine  *self)
{
  RedialCase *kase = redial_queue_lookup (self->queue, redial_message_get_case_id (message));
  g_autofree char *text = NULL;
  g_autofree char *preview = NULL;

  g_signal_emit (self, signals[TEXT_FAILED], 0, message);
  if (kase == NULL)
    return;
  text = redial_wording_text_failed (kase, message);
  preview = redial_wording_not_delivered (message);
  redial_case_set_preview (kase, preview);
  _redial_engine_raise_alert (self, kase, REDIAL_ALERT_TEXT_FAILED, text);
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
  redial_outbox_update_status (self->outbox, provider_message_id, status, error_text);
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
      g_value_set_string (value, self->renderer != NULL ? redial_renderer_get_agent_name (self->renderer) : NULL);
      break;
    case PROP_AUTOMATION:
      g_value_set_boolean (value, self->automate);
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

        g_return_if_fail (self->renderer != NULL);
        if (g_strcmp0 (redial_renderer_get_agent_name (self->renderer), name) != 0)
          {
            redial_renderer_set_agent_name (self->renderer, name);
            g_object_notify_by_pspec (object, properties[PROP_AGENT_NAME]);
          }
      }
      break;
    case PROP_AUTOMATION:
      redial_engine_set_automation (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
drop_automation (RedialEngine *self)
{
  if (self->automation != NULL)
    g_signal_handlers_disconnect_by_data (self->automation, self);
  g_clear_object (&self->automation);
}

static void
redial_engine_dispose (GObject *object)
{
  RedialEngine *self = REDIAL_ENGINE (object);

  g_cancellable_cancel (self->cancellable);
  redial_engine_stop (self);
  _redial_engine_booking_dispose (self);
  drop_automation (self);
  _redial_engine_timeline_disconnect (self);
  if (self->phone_system != NULL)
    g_signal_handlers_disconnect_by_data (self->phone_system, self);
  if (self->sms_gateway != NULL)
    g_signal_handlers_disconnect_by_data (self->sms_gateway, self);
  if (self->outbox != NULL)
    g_signal_handlers_disconnect_by_data (self->outbox, self);
  g_clear_object (&self->phone_system);
  g_clear_object (&self->sms_gateway);
  g_clear_object (&self->sla);
  g_clear_object (&self->outbox);
  g_clear_object (&self->renderer);
  g_clear_object (&self->compliance);
  g_clear_object (&self->classifier);
  g_clear_object (&self->queue);
  g_clear_object (&self->clock);
  g_clear_object (&self->store);
  g_clear_object (&self->config);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (redial_engine_parent_class)->dispose (object);
}

static void
redial_engine_class_init (RedialEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = redial_engine_get_property;
  object_class->set_property = redial_engine_set_property;
  object_class->dispose = redial_engine_dispose;

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
  /* Whether this engine runs the office's automation; see
   * redial_engine_set_automation(). */
  properties[PROP_AUTOMATION] =
    g_param_spec_boolean ("automation", NULL, NULL, TRUE,
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
   * RedialEngine::alerts:
   * @alerts: (element-type RedialAlert): the alerts, oldest first; valid
   *   during the emission (take a reference to keep one)
   *
   * The same alerts as ::alert, gathered: once per tick with everything
   * that tick raised (500 cases crossing their warning at opening time
   * come as one emission of 500), and once per alert raised outside the
   * tick (an emergency text, a failed text). A listener that coalesces
   * (one notification per kind, one toast) connects here rather than to
   * ::alert. Each RedialAlert says whether it is urgent.
   */
  signals[ALERTS] =
    g_signal_new ("alerts", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);

  /**
   * RedialEngine::day-summary:
   * @text: "Today: 14 missed, 11 reached, 6 booked, ≈ $3,600"
   *
   * The business closed for the day: the owner's summary of it, once a
   * day, from this engine when it runs the office's automation.
   */
  signals[DAY_SUMMARY] =
    g_signal_new ("day-summary", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

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

  /**
   * RedialEngine::timeline-changed:
   * @kase: the open case
   * @item: the RedialTimelineItem added or changed (same kind and id as
   *   one listed before: changed)
   *
   * A case's timeline grew or changed: a call joined, a text came in or
   * went out or changed its delivery status, a note, a call-back or its
   * outcome, a claim, an SLA crossing, an opt-out, the case closed.
   */
  signals[TIMELINE_CHANGED] =
    g_signal_new ("timeline-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, REDIAL_TYPE_CASE, REDIAL_TYPE_TIMELINE_ITEM);
}

static void
redial_engine_init (RedialEngine *self)
{
  self->automate = TRUE;
  self->queue = redial_queue_new ();
  self->cancellable = g_cancellable_new ();
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

  self->classifier = redial_classifier_new (config, store);
  self->compliance = redial_compliance_new (store);
  self->renderer = redial_renderer_new (config);
  self->outbox = redial_outbox_new (store, clock, self->compliance, self->renderer);
  self->sla = redial_sla_tracker_new (config, clock);
  g_signal_connect (self->outbox, "text-failed", G_CALLBACK (on_text_failed), self);
  _redial_engine_follow_store (self);
  _redial_engine_timeline_connect (self);
  if (self->automate)
    redial_engine_set_automation (self, TRUE);
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
  redial_outbox_set_gateway (self->outbox, gateway);
  if (gateway != NULL)
    {
      g_signal_connect (gateway, "status-changed", G_CALLBACK (on_status_changed), self);
      g_signal_connect (gateway, "message-received", G_CALLBACK (on_message_received), self);
      g_signal_connect (gateway, "recipient-opted-out", G_CALLBACK (_redial_engine_on_recipient_opted_out), self);
      g_signal_connect (gateway, "recipient-unreachable", G_CALLBACK (_redial_engine_on_recipient_unreachable), self);
      if (self->started && self->automation != NULL)
        redial_sms_gateway_start (gateway);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SMS_GATEWAY]);
}

/* The automation handed over while running: it follows the open cases
 * from what their messages say, as after a restart. */
static void
take_up_automation (RedialEngine *self)
{
  GListModel *queue = G_LIST_MODEL (self->queue);

  for (guint i = 0; i < g_list_model_get_n_items (queue); i++)
    {
      g_autoptr(RedialCase) kase = g_list_model_get_item (queue, i);
      g_autoptr(GPtrArray) messages = redial_store_list_messages (self->store, redial_case_get_id (kase), NULL);

      redial_automation_track (self->automation, kase);
      redial_automation_restore (self->automation, kase, messages);
    }
  /* Started first: the outbox asks it about texts caught in the hand-off. */
  if (self->sms_gateway != NULL)
    redial_sms_gateway_start (self->sms_gateway);
  redial_automation_start (self->automation, self->queue);
}

gboolean
redial_engine_get_automation (RedialEngine *self)
{
  g_return_val_if_fail (REDIAL_IS_ENGINE (self), FALSE);
  return self->automate;
}

void
redial_engine_set_automation (RedialEngine *self,
                              gboolean      automation)
{
  g_return_if_fail (REDIAL_IS_ENGINE (self));

  automation = !!automation;
  if (self->started && automation == self->automate)
    return;
  if (self->config != NULL)
    {
      drop_automation (self);
      if (automation)
        {
          self->automation = redial_automation_new (self->config, self->store, self->clock,
                                                    self->outbox, self->sla);
          g_signal_connect (self->automation, "alert", G_CALLBACK (on_automation_alert), self);
          g_signal_connect (self->automation, "day-summary", G_CALLBACK (on_automation_day_summary), self);
        }
    }
  if (self->started)
    {
      if (self->automation != NULL)
        take_up_automation (self);
      else if (self->sms_gateway != NULL)
        redial_sms_gateway_stop (self->sms_gateway);
    }

  if (self->automate != automation)
    {
      self->automate = automation;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTOMATION]);
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

      if (redial_queue_lookup (self->queue, redial_case_get_id (kase)) == NULL)
        {
          track (self, kase);
          restore (self, kase);
          _redial_engine_intake_restore (self, kase);
        }
    }

  self->started = TRUE;
  self->tick = redial_clock_schedule (self->clock, TICK_US, on_tick, self, NULL);

  if (self->automation != NULL)
    {
      /* Started first: the outbox asks it about texts caught in the hand-off. */
      if (self->sms_gateway != NULL)
        redial_sms_gateway_start (self->sms_gateway);
      redial_automation_start (self->automation, self->queue);
    }
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
  if (self->sms_gateway != NULL)
    redial_sms_gateway_stop (self->sms_gateway);
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
  RedialSlaLevel level;

  g_return_val_if_fail (REDIAL_IS_ENGINE (self), REDIAL_SLA_LEVEL_OK);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), REDIAL_SLA_LEVEL_OK);

  if (!redial_sla_tracker_lookup_level (self->sla, kase, &level))
    return redial_sla_level (redial_case_get_first_call_at (kase),
                             redial_case_get_first_response_at (kase),
                             redial_clock_now (self->clock),
                             redial_config_get_first_response_warning (self->config),
                             redial_config_get_first_response_target (self->config));
  return level;
}

RedialSlaClock
redial_engine_get_clock_levels (RedialEngine     *self,
                                RedialCase       *kase,
                                RedialSlaReading *first_response,
                                RedialSlaReading *reply)
{
  g_return_val_if_fail (REDIAL_IS_ENGINE (self), REDIAL_SLA_CLOCK_FIRST_RESPONSE);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), REDIAL_SLA_CLOCK_FIRST_RESPONSE);

  return redial_sla_tracker_read (self->sla, kase, first_response, reply);
}

void
redial_engine_handle_call (RedialEngine    *self,
                           RedialCallEvent *event)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCall) call = NULL;
  g_autoptr(RedialCase) fresh = NULL;
  g_autofree char *caller = NULL;
  g_autofree char *raw = NULL;
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

  /* The caller ID as it came, kept on the call row even when it is no
   * number: text, bounded, never markup. */
  if (event->caller != NULL)
    raw = g_utf8_make_valid (event->caller, strnlen (event->caller, MAX_CALLER_ID_BYTES));
  name = redial_text_clean_name (event->caller_name);
  line = redial_phone_normalize (event->line, redial_config_get_region (self->config), NULL);
  label = redial_config_get_line_label (self->config, line);
  if (label == NULL)
    label = event->line_label;

  call = g_object_new (REDIAL_TYPE_CALL,
                       "provider", event->provider,
                       "provider-call-id", event->provider_call_id,
                       "caller", caller,
                       "caller-raw", raw,
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
      _redial_engine_emit_answered_call (self, call);
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
      redial_classifier_classify (self->classifier, fresh, call);
      _redial_engine_save_case (self, fresh);
      if (redial_case_get_kind (fresh) == REDIAL_CASE_KIND_BLOCKED)
        {
          /* Recorded, never texted, not in the active queue. */
          if (!redial_store_close_case (self->store, redial_case_get_id (fresh), REDIAL_CASE_OUTCOME_BLOCKED,
                                        -1, NULL, redial_clock_now (self->clock), NULL, &error))
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
  kase = _redial_engine_merge (self, fresh);
  _redial_engine_emit_call (self, kase, call);

  /* A burst of calls that hang up at once makes a lead look like spam. */
  if (record == REDIAL_STORE_RECORD_JOINED && caller != NULL &&
      redial_classifier_check_burst (self->classifier, kase, redial_clock_now (self->clock)))
    {
      _redial_engine_save_case (self, kase);
      _redial_engine_case_changed (self, kase);
    }

  if (self->automation != NULL)
    redial_automation_text_back (self->automation, kase);
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
  RedialReplyMeaning meaning;
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
  redial_case_set_opted_out (fresh, caller != NULL && redial_store_is_opted_out (self->store, caller));
  kase = _redial_engine_merge (self, fresh);

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
  _redial_engine_emit_message (self, message);

  /* STOP, START and HELP are answered, not conversation. */
  meaning = redial_compliance_take_reply (self->compliance, kase, caller, text, now);
  if (meaning == REDIAL_REPLY_OPTED_OUT || meaning == REDIAL_REPLY_OPTED_IN)
    _redial_engine_emit_opt_out (self, kase, meaning == REDIAL_REPLY_OPTED_OUT, now, text);
  if (meaning != REDIAL_REPLY_CONVERSATION)
    {
      if (self->automation != NULL)
        redial_automation_answer (self->automation, kase, meaning);
      return;
    }

  if (!redial_case_get_emergency (kase) &&
      redial_classifier_is_emergency (self->classifier, text))
    {
      g_autofree char *alert = redial_wording_emergency (kase, text);

      redial_case_set_emergency (kase, TRUE);
      _redial_engine_raise_alert (self, kase, REDIAL_ALERT_EMERGENCY, alert);
    }

  /* An answer to two offered times is booked, or answered with two more. */
  if (_redial_engine_booking_take_reply (self, kase, text))
    return;

  /* The caller waits for an answer from now: the reply clock starts. */
  if (redial_case_get_reply_waiting_since (kase) == 0)
    redial_case_set_reply_waiting_since (kase, now);
  if (redial_case_get_state (kase) == REDIAL_CASE_STATE_NEW ||
      redial_case_get_state (kase) == REDIAL_CASE_STATE_RESPONDED)
    redial_case_set_state (kase, REDIAL_CASE_STATE_REPLIED);
  _redial_engine_save_case (self, kase);
  _redial_engine_case_changed (self, kase);
}
