/* redial-report-heat-map.h: when calls are missed: a week of hours, shaded by how many, open hours set apart from closed ones. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define REDIAL_TYPE_REPORT_HEAT_MAP (redial_report_heat_map_get_type ())
G_DECLARE_FINAL_TYPE (RedialReportHeatMap, redial_report_heat_map, REDIAL, REPORT_HEAT_MAP, GtkWidget)

GtkWidget *redial_report_heat_map_new      (void);

/* Shows @counts[weekday][hour] (0 Monday … 6 Sunday): a cell's shade
 * grows with its count, written in it when there is room; an hour in
 * which @open[weekday][hour] is FALSE is drawn as a smaller square, so
 * closed hours read without colour. The accessible description lists
 * every hour with a missed call. */
void       redial_report_heat_map_set_data (RedialReportHeatMap *self,
                                            const guint          counts[7][24],
                                            const gboolean       open[7][24]);

/* The text alternative: what the accessible description says. */
const char *redial_report_heat_map_get_description (RedialReportHeatMap *self);

G_END_DECLS
