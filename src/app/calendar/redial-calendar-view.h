/* redial-calendar-view.h: the calendar page: the day or week of every resource, and the cases waiting to be booked. */
#pragma once

#include <adwaita.h>

#include "redial-calendar-grid.h"
#include "redial-context.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_CALENDAR_VIEW (redial_calendar_view_get_type ())
G_DECLARE_FINAL_TYPE (RedialCalendarView, redial_calendar_view, REDIAL, CALENDAR_VIEW, AdwBin)

/* An empty calendar until it has a "context". It shows the day (one
 * column per resource) or the week of the date chosen with its bar, and
 * the tray of qualified cases not booked yet. It books and moves only
 * through the application's actions (app.book-case, whose toast offers
 * Undo, and app.move-appointment), never the store directly; see
 * RedialCalendarGrid. It reads its range again when a case's timeline
 * changes. */
GtkWidget          *redial_calendar_view_new          (void);

RedialContext      *redial_calendar_view_get_context  (RedialCalendarView *self);
/* @context opened: its settings, clock, store and engine are used. */
void                redial_calendar_view_set_context  (RedialCalendarView *self,
                                                       RedialContext      *context);

/* Shows the day or the week of @date. */
void                redial_calendar_view_show_date    (RedialCalendarView *self,
                                                       RedialCalendarMode  mode,
                                                       GDateTime          *date);
/* Reads the resources and the appointments of the range shown again. */
void                redial_calendar_view_reload       (RedialCalendarView *self);

RedialCalendarGrid *redial_calendar_view_get_grid     (RedialCalendarView *self);

G_END_DECLS
