/* redial-day-summary.h: the owner's end-of-day summary: at closing time, the day's report in one sentence, on screen and by text. */
#pragma once

#include <glib-object.h>

#include "redial-config.h"
#include "redial-outbox.h"
#include "redial-report-figures.h"
#include "redial-store.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_DAY_SUMMARY (redial_day_summary_get_type ())
G_DECLARE_FINAL_TYPE (RedialDaySummary, redial_day_summary, REDIAL, DAY_SUMMARY, GObject)

/* The summary of @config's business when [report] end-of-day is on
 * (nothing otherwise): at each day's closing time by @clock (a day with
 * no hours has none), the report of that day is computed from @store in
 * a worker thread, then emitted as ::ready and, when [report]
 * end-of-day-sms is set, texted to that number through @outbox. Once per
 * business day for the office, restarts included: @store remembers. */
RedialDaySummary *redial_day_summary_new    (RedialConfig             *config,
                                             RedialStore              *store,
                                             RedialClock              *clock,
                                             RedialOutbox             *outbox);

/* The 1 Hz tick: whether a day's closing time has come by @now. */
void              redial_day_summary_tick   (RedialDaySummary         *self,
                                             gint64                    now);

/* Whether a day's report is being computed now, for tests. */
gboolean          redial_day_summary_get_computing (RedialDaySummary *self);

/* The summary of a day's @totals, in the desk's language: "Today: 14
 * missed, 11 reached, 6 booked, ≈ $3,600" ("≈" when the revenue counts
 * estimates). Free with g_free(). */
char             *redial_day_summary_format (const RedialReportTotals *totals);

G_END_DECLS
