/* redial-report-bar.h: one bar of the report's funnel: how much of the whole a step keeps. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define REDIAL_TYPE_REPORT_BAR (redial_report_bar_get_type ())
G_DECLARE_FINAL_TYPE (RedialReportBar, redial_report_bar, REDIAL, REPORT_BAR, GtkWidget)

/* A bar filled to @fraction (0 to 1) of its width, in the accent colour
 * on a faint track: a picture of a number shown beside it, so it says
 * nothing to a screen reader itself. */
GtkWidget *redial_report_bar_new          (double           fraction);

double     redial_report_bar_get_fraction (RedialReportBar *self);
void       redial_report_bar_set_fraction (RedialReportBar *self,
                                           double           fraction);

G_END_DECLS
