/* redial-report-command.h: `redial report`: the owner's report on the command line, as text, CSV, JSON or PDF. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs `redial report [--date YYYY-MM-DD | --from DATE --to DATE]
 * [--format text|csv|json|pdf] [--cases] [--output FILE] [--config FILE]`
 * with @argv[0] "report": reads the database the settings name, while
 * Redial may be running, and prints or writes the report. Returns the
 * exit status: 1, with a sentence on standard error, for a bad date, a
 * database that cannot be read or a file that cannot be written. */
int redial_report_command_main (int    argc,
                                char **argv);

G_END_DECLS
