/* redial-sla-tracker.c: the running response clocks of the open cases: deadlines in counted time, levels, crossings. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include "redial-due-list.h"
#include "redial-sla-tracker.h"

struct _RedialSlaTracker
{
  GObject       parent_instance;

  RedialConfig *config;
  RedialClock  *clock;
  GHashTable   *clocks;  /* case id → Clocks */
  RedialDueList *due;    /* Clocks with a point not yet passed, soonest first */
};

/* The tracker's view of a case's timers; rebuilt from the case on start. */
typedef struct
{
  RedialDueEntry due;         /* first: its place in RedialSlaTracker.due */
  RedialCase    *kase;
  const char    *clock;       /* "first-response", "reply" or NULL */
  gint64         episode;     /* which reply the reply clock times */
  gint64         warning_at;
  gint64         breach_at;
  gint64         escalate_at;
  guint          raised;      /* RAISED_* bits passed in this episode */
} Clocks;

enum {
  RAISED_WARNING = 1 << 0,
  RAISED_BREACH = 1 << 1,
  RAISED_ESCALATION = 1 << 2,
};

G_DEFINE_FINAL_TYPE (RedialSlaTracker, redial_sla_tracker, G_TYPE_OBJECT)

enum {
  CROSSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
clocks_free (gpointer data)
{
  Clocks *clocks = data;

  redial_due_list_unfile (&clocks->due);
  g_object_unref (clocks->kase);
  g_free (clocks);
}

/* Files @clocks under the next point not yet passed: a warning, target or
 * escalation. The tick then looks at due cases only, however long the
 * queue. */
static void
schedule_due (RedialSlaTracker *self,
              Clocks           *clocks)
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

  redial_due_list_file (self->due, &clocks->due, next);
}

static Clocks *
clocks_of (RedialSlaTracker *self,
           RedialCase       *kase)
{
  return g_hash_table_lookup (self->clocks, GINT_TO_POINTER (redial_case_get_id (kase)));
}

/* The instant @span of counted time has passed since @from: open hours
 * only when the business counts them so. */
static gint64
deadline (RedialSlaTracker *self,
          gint64            from,
          gint64            span)
{
  if (!redial_config_get_business_hours_only (self->config))
    return from + span;
  return redial_hours_add_open_time (redial_config_get_hours (self->config), from, span);
}

static RedialSlaLevel
level_now (RedialSlaTracker *self,
           Clocks           *clocks)
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

/* Emits each crossing of a warning, target or escalation point once per
 * case, clock and episode. Returns FALSE when a handler stopped tracking
 * the case, which frees @clocks. */
static gboolean
check_crossings (RedialSlaTracker *self,
                 Clocks           *clocks)
{
  static const struct {
    guint              bit;
    RedialSlaCrossing  level;
    RedialAlertKind    kind;
  } points[] = {
    { RAISED_WARNING, REDIAL_SLA_CROSSING_WARNING, REDIAL_ALERT_SLA_WARNING },
    { RAISED_BREACH, REDIAL_SLA_CROSSING_BREACH, REDIAL_ALERT_SLA_BREACH },
    { RAISED_ESCALATION, REDIAL_SLA_CROSSING_ESCALATION, REDIAL_ALERT_SLA_ESCALATION },
  };
  gint64 now = redial_clock_now (self->clock);
  gint64 at[] = { clocks->warning_at, clocks->breach_at, clocks->escalate_at };
  g_autoptr(RedialCase) kase = g_object_ref (clocks->kase);

  if (clocks->clock == NULL)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      RedialSlaPassage crossing;

      if ((clocks->raised & points[i].bit) != 0 || now < at[i])
        continue;

      clocks->raised |= points[i].bit;
      crossing.kase = kase;
      crossing.clock = g_str_equal (clocks->clock, "reply") ? REDIAL_SLA_CLOCK_REPLY
                                                          : REDIAL_SLA_CLOCK_FIRST_RESPONSE;
      crossing.episode = clocks->episode;
      crossing.level = points[i].level;
      crossing.kind = points[i].kind;
      crossing.at = at[i];
      g_signal_emit (self, signals[CROSSED], 0, &crossing);
      if (clocks_of (self, kase) != clocks)
        return FALSE;
    }
  return TRUE;
}

static void
redial_sla_tracker_dispose (GObject *object)
{
  RedialSlaTracker *self = REDIAL_SLA_TRACKER (object);

  g_hash_table_remove_all (self->clocks);
  g_clear_object (&self->clock);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (redial_sla_tracker_parent_class)->dispose (object);
}

static void
redial_sla_tracker_finalize (GObject *object)
{
  RedialSlaTracker *self = REDIAL_SLA_TRACKER (object);

  g_hash_table_unref (self->clocks);
  redial_due_list_free (self->due);

  G_OBJECT_CLASS (redial_sla_tracker_parent_class)->finalize (object);
}

static void
redial_sla_tracker_class_init (RedialSlaTrackerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = redial_sla_tracker_dispose;
  object_class->finalize = redial_sla_tracker_finalize;

  /**
   * RedialSlaTracker::crossed:
   * @crossing: (type gpointer): the RedialSlaPassage, valid during the emission
   *
   * A case's clock passed a warning, target or escalation point. Emitted
   * once per point, clock and episode while the tracker runs; across
   * restarts the store tells whether it was seen before.
   */
  signals[CROSSED] =
    g_signal_new ("crossed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
redial_sla_tracker_init (RedialSlaTracker *self)
{
  self->clocks = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, clocks_free);
  self->due = redial_due_list_new ();
}

RedialSlaTracker *
redial_sla_tracker_new (RedialConfig *config,
                        RedialClock  *clock)
{
  RedialSlaTracker *self;

  g_return_val_if_fail (REDIAL_IS_CONFIG (config), NULL);
  g_return_val_if_fail (REDIAL_IS_CLOCK (clock), NULL);

  self = g_object_new (REDIAL_TYPE_SLA_TRACKER, NULL);
  self->config = g_object_ref (config);
  self->clock = g_object_ref (clock);
  return self;
}

void
redial_sla_tracker_track (RedialSlaTracker *self,
                          RedialCase       *kase)
{
  Clocks *clocks;

  g_return_if_fail (REDIAL_IS_SLA_TRACKER (self));
  g_return_if_fail (REDIAL_IS_CASE (kase));

  clocks = g_new0 (Clocks, 1);
  clocks->kase = g_object_ref (kase);
  clocks->due.kase = kase;
  g_hash_table_insert (self->clocks, GINT_TO_POINTER (redial_case_get_id (kase)), clocks);
  redial_sla_tracker_update (self, kase);
}

void
redial_sla_tracker_untrack (RedialSlaTracker *self,
                            RedialCase       *kase)
{
  g_return_if_fail (REDIAL_IS_SLA_TRACKER (self));
  g_return_if_fail (REDIAL_IS_CASE (kase));

  g_hash_table_remove (self->clocks, GINT_TO_POINTER (redial_case_get_id (kase)));
}

void
redial_sla_tracker_update (RedialSlaTracker *self,
                           RedialCase       *kase)
{
  Clocks *clocks;
  gint64 waiting, responded;
  const char *clock = NULL;
  gint64 start = 0, warning = 0, target = 0, episode = 0;

  g_return_if_fail (REDIAL_IS_SLA_TRACKER (self));
  g_return_if_fail (REDIAL_IS_CASE (kase));

  clocks = clocks_of (self, kase);
  if (clocks == NULL)
    return;

  waiting = redial_case_get_reply_waiting_since (kase);
  responded = redial_case_get_first_response_at (kase);

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

gboolean
redial_sla_tracker_lookup_level (RedialSlaTracker *self,
                                 RedialCase       *kase,
                                 RedialSlaLevel   *level)
{
  Clocks *clocks;

  g_return_val_if_fail (REDIAL_IS_SLA_TRACKER (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), FALSE);

  clocks = clocks_of (self, kase);
  if (clocks == NULL)
    return FALSE;
  if (level != NULL)
    *level = level_now (self, clocks);
  return TRUE;
}

void
redial_sla_tracker_tick (RedialSlaTracker *self,
                         gint64            now)
{
  RedialDueEntry *entry;

  g_return_if_fail (REDIAL_IS_SLA_TRACKER (self));

  /* Each taken off first: what follows files it again, or not. */
  while ((entry = redial_due_list_pop (self->due, now)) != NULL)
    {
      Clocks *clocks = (Clocks *) entry;

      redial_case_set_sla_level (clocks->kase, level_now (self, clocks));
      if (check_crossings (self, clocks) && clocks->due.iter == NULL)
        schedule_due (self, clocks);
    }
}
