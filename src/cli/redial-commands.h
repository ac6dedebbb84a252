/* redial-commands.h: the commands of the command line: each runs without a window, says what it did and exits. */
#pragma once

#include <gio/gio.h>

#include "redial-context.h"
#include "redial-options.h"

G_BEGIN_DECLS

/* Runs a command on @context (not opened: the command opens what it
 * needs) with the argument of its option; prints what it did, and
 * returns the exit status. */
typedef int (*RedialCommandFunc) (RedialContext *context,
                                  const char    *argument);

struct _RedialCommand
{
  GOptionEntry      option;  /* how the command line asks for it; arg_data unused */
  RedialCommandFunc run;
};

/* Runs the command @argv[1] names when it is one with options of its own
 * (`redial report --date …`), setting *@status to its exit status:
 * TRUE then, FALSE when @argv names no such command. */
gboolean             redial_commands_run_subcommand (int    argc,
                                                     char **argv,
                                                     int   *status);

/* Every command, in the order --help lists them. */
const RedialCommand *redial_commands_get_all (guint *n_commands);

/* What both the window and the service do with the command line before
 * anything starts: --version, then the settings (refused with the file,
 * group and key at fault), then the command asked for. Returns the exit
 * status when Redial should end there, or -1 with *@config set to the
 * settings to start with. Settings that cannot be used end Redial with a
 * message on standard error, except for the window (no --service, no
 * command) when @settings_error is not NULL: then -1 is returned with
 * *@config left NULL and @settings_error set, for the window to show. */
int                  redial_commands_handle_local_options (const RedialOptions  *options,
                                                           RedialConfig        **config,
                                                           GError              **settings_error);

/* Writes @bytes to the file @output, or to standard output when @output
 * is NULL. When they cannot be written, FALSE with @error set to a file
 * error: @cannot_write (a translated sentence with two %s: the file's
 * name, then why, "The report cannot be written to “%s”: %s") for the
 * file, or a sentence of its own for standard output. */
gboolean             redial_commands_write_output (GBytes      *bytes,
                                                   const char  *output,
                                                   const char  *cannot_write,
                                                   GError     **error);

/* Opens @context's store only when its file is there and readable: a
 * command that reads records (report, export-ics) never creates an empty
 * database. FALSE with a sentence naming the file when it cannot. A
 * shared database ([store] url) is opened as it is. */
gboolean             redial_commands_open_existing_store (RedialContext  *context,
                                                          GError        **error);

G_END_DECLS
