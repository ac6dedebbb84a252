/* redial-automation.c: what runs exactly once per office: text-backs, follow-ups, answers to STOP and HELP, SLA alerts, the outbox after a restart, the end-of-day summary. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include "redial-alert.h"
#include "redial-automation.h"
#include "redial-day-summary.h"
#include "redial-enums.h"
#include "redial-text-back.h"
#include "redial-wording.h"

struct _RedialAutomation
{
  GObject           parent_instance;

  RedialStore      *store;
  RedialOutbox     *outbox;
  RedialSlaTracker *sla;
  RedialTextBack   *text_back;
  RedialDaySummary *day_summary;
};

G_DEFINE_FINAL_TYPE (RedialAutomation, redial_automation, G_TYPE_OBJECT)

enum {
  ALERT,
  DAY_SUMMARY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Raises each crossing once per case, clock and episode; the store
 * remembers across restarts. A tick's crossings are recorded in one
 * transaction, so that hundreds at opening time cost one commit. */
static void
on_crossed (RedialSlaTracker  *sla,
            GArray            *passages,
            RedialAutomation  *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree RedialSlaEvent *events = g_new0 (RedialSlaEvent, passages->len);

  for (guint i = 0; i < passages->len; i++)
    {
      RedialSlaPassage *crossing = &g_array_index (passages, RedialSlaPassage, i);

      events[i].case_id = redial_case_get_id (crossing->kase);
      events[i].clock = crossing->clock;
      events[i].episode = crossing->episode;
      events[i].crossing = crossing->level;
      events[i].at = crossing->at;
    }
  if (!redial_store_record_sla_events (self->store, events, passages->len, &error))
    {
      g_message ("%u SLA events could not be recorded: %s", passages->len, error->message);
      return;
    }

  for (guint i = 0; i < passages->len; i++)
    {
      RedialSlaPassage *crossing = &g_array_index (passages, RedialSlaPassage, i);
      g_autoptr(RedialAlert) alert = NULL;
      g_autofree char *message = NULL;

      if (!events[i].recorded)
        continue;
      message = redial_wording_sla_alert (crossing->kase, crossing->kind,
                                          crossing->clock == REDIAL_SLA_CLOCK_REPLY);
      alert = redial_alert_new (crossing->kase, crossing->kind, crossing->clock,
                                redial_case_get_emergency (crossing->kase), crossing->at, message);
      g_signal_emit (self, signals[ALERT], 0, alert);
    }
}

static void
on_day_summary (RedialDaySummary *summary,
                const char       *text,
                RedialAutomation *self)
{
  g_signal_emit (self, signals[DAY_SUMMARY], 0, text);
}

static void
redial_automation_dispose (GObject *object)
{
  RedialAutomation *self = REDIAL_AUTOMATION (object);

  if (self->sla != NULL)
    g_signal_handlers_disconnect_by_data (self->sla, self);
  if (self->day_summary != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->day_summary, self);
      /* A day's report still being computed must not go out after us. */
      g_object_run_dispose (G_OBJECT (self->day_summary));
    }
  g_clear_object (&self->day_summary);
  g_clear_object (&self->text_back);
  g_clear_object (&self->sla);
  g_clear_object (&self->outbox);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (redial_automation_parent_class)->dispose (object);
}

static void
redial_automation_class_init (RedialAutomationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = redial_automation_dispose;

  /**
   * RedialAutomation::alert:
   * @alert: the RedialAlert
   *
   * A response target of a case close, passed or overdue: raised once.
   */
  signals[ALERT] =
    g_signal_new ("alert", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  REDIAL_TYPE_ALERT | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * RedialAutomation::day-summary:
   * @text: "Today: 14 missed, 11 reached, 6 booked, ≈ $3,600"
   *
   * The business closed for the day: its end-of-day summary, once a day.
   */
  signals[DAY_SUMMARY] =
    g_signal_new ("day-summary", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
redial_automation_init (RedialAutomation *self)
{
}

RedialAutomation *
redial_automation_new (RedialConfig     *config,
                       RedialStore      *store,
                       RedialClock      *clock,
                       RedialOutbox     *outbox,
                       RedialSlaTracker *sla)
{
  RedialAutomation *self;

  g_return_val_if_fail (REDIAL_IS_CONFIG (config), NULL);
  g_return_val_if_fail (REDIAL_IS_STORE (store), NULL);
  g_return_val_if_fail (REDIAL_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (REDIAL_IS_OUTBOX (outbox), NULL);
  g_return_val_if_fail (REDIAL_IS_SLA_TRACKER (sla), NULL);

  self = g_object_new (REDIAL_TYPE_AUTOMATION, NULL);
  self->store = g_object_ref (store);
  self->outbox = g_object_ref (outbox);
  self->sla = g_object_ref (sla);
  self->text_back = redial_text_back_new (config, store, clock, outbox);
  g_signal_connect (sla, "crossed", G_CALLBACK (on_crossed), self);
  self->day_summary = redial_day_summary_new (config, store, clock, outbox);
  g_signal_connect (self->day_summary, "ready", G_CALLBACK (on_day_summary), self);
  return self;
}

void
redial_automation_start (RedialAutomation *self,
                         RedialQueue      *queue)
{
  g_return_if_fail (REDIAL_IS_AUTOMATION (self));

  redial_text_back_catch_up (self->text_back);
  redial_outbox_recover (self->outbox, queue);
}

void
redial_automation_track (RedialAutomation *self,
                         RedialCase       *kase)
{
  g_return_if_fail (REDIAL_IS_AUTOMATION (self));
  redial_text_back_track (self->text_back, kase);
}

void
redial_automation_untrack (RedialAutomation *self,
                           RedialCase       *kase)
{
  g_return_if_fail (REDIAL_IS_AUTOMATION (self));
  redial_text_back_untrack (self->text_back, kase);
}

void
redial_automation_restore (RedialAutomation *self,
                           RedialCase       *kase,
                           GPtrArray        *messages)
{
  g_return_if_fail (REDIAL_IS_AUTOMATION (self));
  redial_text_back_restore (self->text_back, kase, messages);
}

void
redial_automation_update (RedialAutomation *self,
                          RedialCase       *kase)
{
  g_return_if_fail (REDIAL_IS_AUTOMATION (self));
  redial_text_back_update (self->text_back, kase);
}

void
redial_automation_pick_up (RedialAutomation *self,
                           RedialCase       *kase)
{
  g_return_if_fail (REDIAL_IS_AUTOMATION (self));
  redial_text_back_pick_up (self->text_back, kase);
}

void
redial_automation_text_back (RedialAutomation *self,
                             RedialCase       *kase)
{
  g_return_if_fail (REDIAL_IS_AUTOMATION (self));
  redial_text_back_send (self->text_back, kase);
}

void
redial_automation_answer (RedialAutomation   *self,
                          RedialCase         *kase,
                          RedialReplyMeaning  meaning)
{
  g_autoptr(RedialMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  RedialMessageKind kind;
  RedialTemplateUse use;

  g_return_if_fail (REDIAL_IS_AUTOMATION (self));
  g_return_if_fail (REDIAL_IS_CASE (kase));

  switch (meaning)
    {
    case REDIAL_REPLY_OPTED_OUT:
      kind = REDIAL_MESSAGE_KIND_OPT_OUT_CONFIRMATION;
      use = REDIAL_TEMPLATE_USE_OPT_OUT_CONFIRMATION;
      break;
    case REDIAL_REPLY_OPTED_IN:
      kind = REDIAL_MESSAGE_KIND_OPT_IN_CONFIRMATION;
      use = REDIAL_TEMPLATE_USE_OPT_IN_CONFIRMATION;
      break;
    case REDIAL_REPLY_HELP:
      kind = REDIAL_MESSAGE_KIND_HELP;
      use = REDIAL_TEMPLATE_USE_HELP;
      break;
    case REDIAL_REPLY_CONVERSATION:
    case REDIAL_REPLY_SILENT:
    default:
      return;
    }

  message = redial_outbox_queue (self->outbox, kase, kind, use, NULL, &error);
  if (message == NULL)
    g_message ("Case %" G_GINT64_FORMAT ": %s", redial_case_get_id (kase), error->message);
}

void
redial_automation_tick (RedialAutomation *self,
                        gint64            now)
{
  g_return_if_fail (REDIAL_IS_AUTOMATION (self));
  redial_text_back_tick (self->text_back, now);
  redial_day_summary_tick (self->day_summary, now);
}
