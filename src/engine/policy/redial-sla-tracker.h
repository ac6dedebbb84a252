/* redial-sla-tracker.h: the running response clocks of the open cases: deadlines in counted time, levels, crossings. */
#pragma once

#include <glib-object.h>

#include "redial-case.h"
#include "redial-clock.h"
#include "redial-config.h"

G_BEGIN_DECLS

/* One point a case's clock has just passed. */
typedef struct
{
  RedialCase      *kase;
  RedialSlaClock     clock;
  gint64             episode;  /* which reply the reply clock times; 0 for the first response */
  RedialSlaCrossing  level;
  RedialAlertKind    kind;     /* the matching REDIAL_ALERT_SLA_* */
  gint64             at;       /* when the point fell due, Unix µs */
} RedialSlaPassage;

#define REDIAL_TYPE_SLA_TRACKER (redial_sla_tracker_get_type ())
G_DECLARE_FINAL_TYPE (RedialSlaTracker, redial_sla_tracker, REDIAL, SLA_TRACKER, GObject)

/* A tracker timing cases against @config's targets on @clock's time. */
RedialSlaTracker *redial_sla_tracker_new         (RedialConfig      *config,
                                                  RedialClock       *clock);

/* Starts or stops timing @kase (kept alive while tracked). */
void              redial_sla_tracker_track       (RedialSlaTracker  *self,
                                                  RedialCase        *kase);
void              redial_sla_tracker_untrack     (RedialSlaTracker  *self,
                                                  RedialCase        *kase);

/* Works out again which clock runs for @kase after a change, and when it
 * warns, breaches and escalates: the reply clock while a reply waits for
 * an answer, else the first-response clock until the first human touch;
 * none for likely spam or a blocked number. Sets @kase's timer and level. */
void              redial_sla_tracker_update      (RedialSlaTracker  *self,
                                                  RedialCase        *kase);

/* Where @kase's running clock stands now, in *@level; FALSE when @kase is
 * not tracked. */
gboolean          redial_sla_tracker_lookup_level (RedialSlaTracker *self,
                                                   RedialCase       *kase,
                                                   RedialSlaLevel   *level);

/* The 1 Hz tick: updates the level of each case with a point due by @now
 * (only those) and emits ::crossed once per point, clock and episode. */
void              redial_sla_tracker_tick        (RedialSlaTracker  *self,
                                                  gint64             now);

G_END_DECLS
