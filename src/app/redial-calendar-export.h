/* redial-calendar-export.h: saving a day's or a week's appointments as an .ics file, from the window. */
#pragma once

#include <gtk/gtk.h>

#include "redial-context.h"

G_BEGIN_DECLS

/* Asks where to save (a file chooser over @parent, which may be NULL),
 * then writes the booked appointments of @day (a valid date; in the
 * business's time zone), or of the Monday-to-Sunday week holding it when
 * @week, of @resource only unless it is NULL, as iCalendar. @done runs
 * once it is written, cancelled or failed: with the file written (NULL
 * when cancelled) and the error, a sentence the desk can read. */
typedef void (*RedialCalendarExportDone) (GFile        *file,
                                          const GError *error,
                                          gpointer      user_data);

void redial_calendar_export_run (GtkWindow                *parent,
                                 RedialContext            *context,
                                 const GDate              *day,
                                 gboolean                  week,
                                 const char               *resource,
                                 RedialCalendarExportDone  done,
                                 gpointer                  user_data);

/* app.export-calendar, with @parameter ("day" or "week", a day as
 * YYYY-MM-DD or "" for today in the business's time zone, a resource or
 * "" for all) and @user_data the RedialApplication: runs the export over
 * the main window, and says in a toast where it went or why it failed. */
void redial_calendar_export_activate (GSimpleAction *action,
                                      GVariant      *parameter,
                                      gpointer       user_data);

G_END_DECLS
