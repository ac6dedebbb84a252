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

/* One of a case's two clocks. */
typedef struct
{
  gboolean       running;
  gint64         start;
  gint64         episode;     /* which reply the reply clock times; 0 for the first response */
  gint64         warning_at;  /* G_MAXINT64 (and the others too) without a target */
  gint64         breach_at;
  gint64         escalate_at;
  guint          raised;      /* RAISED_* bits passed in this episode */
} Clock;

/* The tracker's view of a case's timers; rebuilt from the case on start. */
typedef struct
{
  RedialDueEntry due;         /* first: its place in RedialSlaTracker.due */
  RedialCase    *kase;
  Clock          clock[2];    /* by RedialSlaClock */
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

/* The next warning, target or escalation point of @clocks not yet
 * passed; G_MAXINT64 when none is left. */
static gint64
next_point (Clocks *clocks)
{
  gint64 next = G_MAXINT64;

  for (guint i = 0; i < G_N_ELEMENTS (clocks->clock); i++)
    {
      Clock *clock = &clocks->clock[i];

      if (!clock->running)
        continue;
      if ((clock->raised & RAISED_WARNING) == 0)
        next = MIN (next, clock->warning_at);
      if ((clock->raised & RAISED_BREACH) == 0)
        next = MIN (next, clock->breach_at);
      if ((clock->raised & RAISED_ESCALATION) == 0)
        next = MIN (next, clock->escalate_at);
    }
  return next;
}

/* Files @clocks under its next point. The tick then looks at due cases
 * only, however long the queue. */
static void
schedule_due (RedialSlaTracker *self,
              Clocks           *clocks)
{
  redial_due_list_file (self->due, &clocks->due, next_point (clocks));
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
clock_level (Clock  *clock,
             gint64  now)
{
  if (!clock->running)
    return REDIAL_SLA_LEVEL_MET;
  if (now >= clock->breach_at)
    return REDIAL_SLA_LEVEL_BREACHED;
  if (now >= clock->warning_at)
    return REDIAL_SLA_LEVEL_WARNING;
  return REDIAL_SLA_LEVEL_OK;
}

/* The clock a row shows: of those running, the one whose target comes
 * first, which is the one with the least counted time left; the
 * first-response clock on a tie and when neither runs. */
static RedialSlaClock
displayed (Clocks *clocks)
{
  Clock *first = &clocks->clock[REDIAL_SLA_CLOCK_FIRST_RESPONSE];
  Clock *reply = &clocks->clock[REDIAL_SLA_CLOCK_REPLY];

  if (reply->running && (!first->running || reply->breach_at < first->breach_at))
    return REDIAL_SLA_CLOCK_REPLY;
  return REDIAL_SLA_CLOCK_FIRST_RESPONSE;
}

static RedialSlaLevel
level_now (RedialSlaTracker *self,
           Clocks           *clocks)
{
  return clock_level (&clocks->clock[displayed (clocks)], redial_clock_now (self->clock));
}

/* Adds to @passages each warning, target or escalation point of @clocks
 * passed by @now and not yet raised: once per case, clock and episode. */
static void
check_crossings (RedialSlaTracker *self,
                 Clocks           *clocks,
                 gint64            now,
                 GArray           *passages)
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

  for (RedialSlaClock which = REDIAL_SLA_CLOCK_FIRST_RESPONSE; which <= REDIAL_SLA_CLOCK_REPLY; which++)
    {
      Clock *clock = &clocks->clock[which];
      gint64 at[] = { clock->warning_at, clock->breach_at, clock->escalate_at };

      for (guint i = 0; clock->running && i < G_N_ELEMENTS (points); i++)
        {
          RedialSlaPassage crossing;

          if ((clock->raised & points[i].bit) != 0 || now < at[i])
            continue;

          clock->raised |= points[i].bit;
          crossing.kase = g_object_ref (clocks->kase);
          crossing.clock = which;
          crossing.episode = clock->episode;
          crossing.level = points[i].level;
          crossing.kind = points[i].kind;
          crossing.at = at[i];
          g_array_append_val (passages, crossing);
        }
    }
}

static void
passage_clear (gpointer data)
{
  RedialSlaPassage *passage = data;

  g_clear_object (&passage->kase);
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
   * @passages: (type GArray) (element-type RedialSlaPassage): the points
   *   passed in one tick, in order; valid during the emission
   *
   * Cases' clocks passed warning, target or escalation points: all those
   * of one tick at once, so that they are recorded together. Each point
   * is in one emission only, once per case, clock and episode while the
   * tracker runs; across restarts the store tells whether it was seen
   * before.
   */
  signals[CROSSED] =
    g_signal_new ("crossed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ARRAY);
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

/* Starts, moves or stops @clock: running from @start against @warning and
 * @target (counted time; 0 for no target) when @running. A new episode
 * raises its points afresh. */
static void
set_clock (RedialSlaTracker *self,
           Clock            *clock,
           gboolean          running,
           gint64            start,
           gint64            episode,
           gint64            warning,
           gint64            target)
{
  if (running != clock->running || episode != clock->episode)
    clock->raised = 0;
  clock->running = running;
  clock->episode = episode;
  clock->start = running ? start : 0;
  if (!running || target == 0)
    {
      clock->warning_at = clock->breach_at = clock->escalate_at = G_MAXINT64;
      return;
    }
  clock->warning_at = deadline (self, start, warning);
  clock->breach_at = deadline (self, start, target);
  clock->escalate_at = clock->breach_at == G_MAXINT64
    ? G_MAXINT64
    : clock->breach_at + redial_config_get_escalate_after (self->config);
}

void
redial_sla_tracker_update (RedialSlaTracker *self,
                           RedialCase       *kase)
{
  Clocks *clocks;
  Clock *shown;
  gint64 waiting, responded;
  gint64 warning, target;
  gboolean timed;

  g_return_if_fail (REDIAL_IS_SLA_TRACKER (self));
  g_return_if_fail (REDIAL_IS_CASE (kase));

  clocks = clocks_of (self, kase);
  if (clocks == NULL)
    return;

  waiting = redial_case_get_reply_waiting_since (kase);
  responded = redial_case_get_first_response_at (kase);
  timed = redial_case_get_kind (kase) != REDIAL_CASE_KIND_LIKELY_SPAM &&
          redial_case_get_kind (kase) != REDIAL_CASE_KIND_BLOCKED;

  /* The first response is owed until a person acts, whatever the caller
   * writes meanwhile; sooner for an emergency. A hidden number that left
   * no voicemail waits without a target: nobody can answer it. */
  if (redial_case_get_caller (kase) == NULL && !redial_case_get_voicemail (kase))
    warning = target = 0;
  else if (redial_case_get_emergency (kase))
    {
      target = redial_config_get_emergency_target (self->config);
      warning = target / 2;
    }
  else
    {
      target = redial_config_get_first_response_target (self->config);
      warning = redial_config_get_first_response_warning (self->config);
    }
  set_clock (self, &clocks->clock[REDIAL_SLA_CLOCK_FIRST_RESPONSE], timed && responded == 0,
             redial_case_get_first_call_at (kase), 0, warning, target);
  set_clock (self, &clocks->clock[REDIAL_SLA_CLOCK_REPLY], timed && waiting > 0, waiting, waiting,
             redial_config_get_reply_warning (self->config),
             redial_config_get_reply_target (self->config));

  shown = &clocks->clock[displayed (clocks)];
  if (shown->running)
    redial_case_set_timer (kase, shown->start, 0);
  else if (responded > 0)
    redial_case_set_timer (kase, redial_case_get_first_call_at (kase), responded);
  else
    redial_case_set_timer (kase, redial_case_get_first_call_at (kase), 0);

  redial_case_set_sla_level (kase, level_now (self, clocks));
  schedule_due (self, clocks);
}

RedialSlaClock
redial_sla_tracker_read (RedialSlaTracker *self,
                         RedialCase       *kase,
                         RedialSlaReading *first_response,
                         RedialSlaReading *reply)
{
  RedialSlaReading *out[] = { first_response, reply };
  gint64 now;
  Clocks *clocks;

  g_return_val_if_fail (REDIAL_IS_SLA_TRACKER (self), REDIAL_SLA_CLOCK_FIRST_RESPONSE);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), REDIAL_SLA_CLOCK_FIRST_RESPONSE);

  clocks = clocks_of (self, kase);
  now = redial_clock_now (self->clock);
  for (guint i = 0; i < G_N_ELEMENTS (out); i++)
    {
      Clock *clock = clocks != NULL ? &clocks->clock[i] : NULL;
      RedialSlaReading *reading = out[i];

      if (reading == NULL)
        continue;
      memset (reading, 0, sizeof *reading);
      reading->level = REDIAL_SLA_LEVEL_MET;
      if (clock == NULL || !clock->running)
        continue;
      reading->running = TRUE;
      reading->started_at = clock->start;
      reading->warning_at = clock->warning_at;
      reading->target_at = clock->breach_at;
      reading->level = clock_level (clock, now);
      if (clock->breach_at == G_MAXINT64)
        reading->remaining = G_MAXINT64;
      else if (now >= clock->breach_at)
        reading->remaining = -(now - clock->breach_at);
      else if (redial_config_get_business_hours_only (self->config))
        reading->remaining = redial_hours_open_between (redial_config_get_hours (self->config),
                                                        now, clock->breach_at);
      else
        reading->remaining = clock->breach_at - now;
    }
  return clocks != NULL ? displayed (clocks) : REDIAL_SLA_CLOCK_FIRST_RESPONSE;
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
  g_autoptr(GArray) passages = NULL;
  RedialDueEntry *entry;

  g_return_if_fail (REDIAL_IS_SLA_TRACKER (self));

  passages = g_array_new (FALSE, FALSE, sizeof (RedialSlaPassage));
  g_array_set_clear_func (passages, passage_clear);

  /* Each taken off first, then filed under its next point, if any. */
  while ((entry = redial_due_list_pop (self->due, now)) != NULL)
    {
      Clocks *clocks = (Clocks *) entry;

      redial_case_set_sla_level (clocks->kase, level_now (self, clocks));
      check_crossings (self, clocks, now, passages);
      redial_due_list_refile (self->due, &clocks->due, next_point (clocks), now, "an SLA point");
    }

  if (passages->len > 0)
    g_signal_emit (self, signals[CROSSED], 0, passages);
}
