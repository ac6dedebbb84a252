/* redial-calendar-conflict.h: settling an appointment changed both in Redial and in the office calendar. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* app.keep-redial-version ("x": appointment id): Redial's version goes
 * into the office calendar over the one changed there (If-Match on the
 * calendar's ETag, a SEQUENCE above its own). app.take-calendar-version
 * ("x"): the appointment is moved or cancelled as the calendar has it,
 * refused with the reason when that would overlap another booking. Both
 * clear the conflict and note on the case's timeline which was chosen,
 * by the desk's user; a failure is said in a toast and the log. @user_data
 * is the RedialApplication. */
void redial_calendar_conflict_activate (GSimpleAction *action,
                                        GVariant      *parameter,
                                        gpointer       user_data);

G_END_DECLS
