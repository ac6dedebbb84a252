/* redial-sla-tracker.h: the running response clocks of the open cases: deadlines in counted time, levels, crossings. */
#pragma once

#include <glib-object.h>

#include "redial-case.h"
#include "redial-clock.h"
#include "redial-config.h"
#include "redial-sla.h"

G_BEGIN_DECLS

/* One point a case's clock has just passed. */
typedef struct
{
  RedialCase        *kase;     /* a reference, held by the array */
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

/* Works out again which clocks run for @kase after a change, and when
 * they warn, breach and escalate: the first-response clock until the
 * first human touch (against the emergency target for an emergency; with
 * no target for a hidden number without voicemail), the reply clock
 * while a reply waits for an answer; none for likely spam or a blocked
 * number. Sets @kase's timer and level from the clock closest to its
 * target. */
void              redial_sla_tracker_update      (RedialSlaTracker  *self,
                                                  RedialCase        *kase);

/* Where @kase's two clocks stand now (see redial_engine_get_clock_levels());
 * each reading may be NULL. Returns the clock to display. */
RedialSlaClock    redial_sla_tracker_read        (RedialSlaTracker  *self,
                                                  RedialCase        *kase,
                                                  RedialSlaReading  *first_response,
                                                  RedialSlaReading  *reply);

/* Where @kase's displayed clock stands now, in *@level; FALSE when @kase is
 * not tracked. */
gboolean          redial_sla_tracker_lookup_level (RedialSlaTracker *self,
                                                   RedialCase       *kase,
                                                   RedialSlaLevel   *level);

/* The 1 Hz tick: updates the level of each case with a point due by @now
 * (only those) and emits ::crossed once with every point passed, each
 * once per case, clock and episode. */
void              redial_sla_tracker_tick        (RedialSlaTracker  *self,
                                                  gint64             now);

G_END_DECLS
