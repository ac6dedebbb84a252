/* redial-export-ics-command.h: `redial export-ics`: a day's or a week's appointments as an iCalendar file. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs `redial export-ics [--date YYYY-MM-DD | --week YYYY-MM-DD]
 * [--resource NAME] [--output FILE] [--config FILE]` with @argv[0]
 * "export-ics": reads the database the settings name, while Redial may be
 * running, and prints or writes the booked appointments of the day (today
 * when none is given) or of the week from Monday to Sunday holding the
 * day, of one resource or all, as iCalendar. Returns the exit status: 1,
 * with a sentence on standard error, for a bad date, a database that
 * cannot be read or a file that cannot be written. */
int redial_export_ics_command_main (int    argc,
                                    char **argv);

G_END_DECLS
