/* redial-timeline-row.h: one thing that happened to a case, as its timeline shows it. */
#pragma once

#include <gtk/gtk.h>

#include "redial-timeline-item.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_TIMELINE_ROW (redial_timeline_row_get_type ())
G_DECLARE_FINAL_TYPE (RedialTimelineRow, redial_timeline_row, REDIAL, TIMELINE_ROW, GtkWidget)

/* An empty row, filled by redial_timeline_row_set_item(). */
GtkWidget          *redial_timeline_row_new      (void);

/* Shows @item (NULL: nothing), said by @caller_name when the caller
 * speaks (NULL: "Caller"). With @day_changed, a date line ("Today",
 * "Yesterday", "Monday, November 30") comes first: the first item of its
 * day. Times are local to @now's day (Unix µs). Every text of the item is
 * shown as plain text, never as markup. */
void                redial_timeline_row_set_item (RedialTimelineRow  *self,
                                                  RedialTimelineItem *item,
                                                  const char         *caller_name,
                                                  gboolean            day_changed,
                                                  gint64              now);
RedialTimelineItem *redial_timeline_row_get_item (RedialTimelineRow  *self);

/* "Today", "Yesterday", or "Monday, November 30" for @at, seen on @now's
 * day (both Unix µs, local time). Free with g_free(). */
char               *redial_timeline_describe_day (gint64              at,
                                                  gint64              now);

/* @cents (≥ 0) as money in the desk's language: "$350.00". Free with g_free(). */
char               *redial_timeline_format_money (gint64              cents);

G_END_DECLS
