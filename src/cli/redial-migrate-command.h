/* redial-migrate-command.h: `redial --migrate-to URL`: a single desk's history into the shared PostgreSQL store. */
#pragma once

#include "redial-context.h"

G_BEGIN_DECLS

/* Copies the history of @context's SQLite file into the empty PostgreSQL
 * database at @url (its password found as the shared store's is), checks
 * each table's count and checksum, and prints them. Returns the exit
 * status: 0 when every table matched. */
int redial_migrate_command_run (RedialContext *context,
                                const char    *url);

G_END_DECLS
