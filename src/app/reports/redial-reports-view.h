/* redial-reports-view.h: the owner's report in the window: a period, its figures beside the period before, and the cases behind each. */
#pragma once

#include <adwaita.h>

#include "redial-context.h"
#include "redial-report.h"

G_BEGIN_DECLS

typedef enum
{
  REDIAL_REPORTS_PERIOD_TODAY,
  REDIAL_REPORTS_PERIOD_YESTERDAY,
  REDIAL_REPORTS_PERIOD_LAST_7_DAYS,   /* the last seven days, today with them */
  REDIAL_REPORTS_PERIOD_LAST_30_DAYS,
  REDIAL_REPORTS_PERIOD_RANGE,         /* the two days chosen, both counted */
} RedialReportsPeriod;

#define REDIAL_TYPE_REPORTS_VIEW (redial_reports_view_get_type ())
G_DECLARE_FINAL_TYPE (RedialReportsView, redial_reports_view, REDIAL, REPORTS_VIEW, AdwBin)

/* A view that counts its period (yesterday at first, in the business's
 * time zone) in a worker thread each time it is shown and each time the
 * period changes, with a spinner meanwhile: the figures of a period are
 * never shown for another. Each figure that counts cases is a button
 * that shows those cases in the window's queue
 * (redial_window_show_cases()). */
GtkWidget           *redial_reports_view_new         (void);

RedialContext       *redial_reports_view_get_context (RedialReportsView   *self);
/* @context opened: its store, settings and clock are used. */
void                 redial_reports_view_set_context (RedialReportsView   *self,
                                                      RedialContext       *context);

RedialReportsPeriod  redial_reports_view_get_period  (RedialReportsView   *self);
/* Counts @period, as choosing it in the view does. */
void                 redial_reports_view_set_period  (RedialReportsView   *self,
                                                      RedialReportsPeriod  period);
/* Counts the days @first to @last (both included; swapped when @last
 * comes first), as choosing them in the view does. */
void                 redial_reports_view_set_range   (RedialReportsView   *self,
                                                      const GDate         *first,
                                                      const GDate         *last);

/* The report on screen, or NULL while the chosen period is counted
 * ("report" notifies). Owned by the view. */
RedialReport        *redial_reports_view_get_report  (RedialReportsView   *self);
/* Whether a count runs ("busy" notifies). */
gboolean             redial_reports_view_get_busy    (RedialReportsView   *self);

G_END_DECLS
