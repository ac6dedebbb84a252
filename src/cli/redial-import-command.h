/* redial-import-command.h: `redial --import-contacts FILE`: contacts from a vCard or CSV file into the store. */
#pragma once

#include "redial-context.h"

G_BEGIN_DECLS

/* Imports the contacts of @path into @context's store and says what
 * happened: the counts on standard output, each row left out on standard
 * error. Returns the exit status: 1 when the store or the file cannot be
 * used. */
int redial_import_command_run (RedialContext *context,
                               const char    *path);

G_END_DECLS
