/* redial-calendar-tray.h: the qualified cases not booked yet, each ready to drag onto the calendar. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define REDIAL_TYPE_CALENDAR_TRAY (redial_calendar_tray_get_type ())
G_DECLARE_FINAL_TYPE (RedialCalendarTray, redial_calendar_tray, REDIAL, CALENDAR_TRAY, GtkWidget)

/* An empty tray. Each row is a case of the model in the qualified state,
 * updated live as cases change state, and offers the case id
 * (G_TYPE_INT64) to a drag; activating a row activates app.open-case. */
GtkWidget  *redial_calendar_tray_new       (void);

/* The cases to choose from (RedialCase, the engine's queue), or NULL. */
void        redial_calendar_tray_set_model (RedialCalendarTray *self,
                                            GListModel         *cases);
/* How many cases wait to be booked. */
guint       redial_calendar_tray_get_n_cases (RedialCalendarTray *self);

G_END_DECLS
