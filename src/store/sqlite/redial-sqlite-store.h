/* redial-sqlite-store.h: the embedded store: Redial's records in one SQLite file. */
#pragma once

#include "redial-store.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_SQLITE_STORE (redial_sqlite_store_get_type ())
G_DECLARE_FINAL_TYPE (RedialSqliteStore, redial_sqlite_store, REDIAL, SQLITE_STORE, GObject)

/* Opens (creating it and its folder if needed) the database at @path and
 * brings its schema up to date with forward migrations. One connection
 * serves every thread, one statement at a time. Fails with
 * REDIAL_STORE_ERROR_OPEN, or REDIAL_STORE_ERROR_TOO_NEW for a file
 * written by a newer version, which is left untouched. */
RedialSqliteStore *redial_sqlite_store_open               (const char        *path,
                                                           GError           **error);

/* The database file's path, owned by @self. */
const char        *redial_sqlite_store_get_path           (RedialSqliteStore *self);
/* The schema version this build writes, and the file's (-1 when unknown). */
int                redial_sqlite_store_get_latest_version (void);
int                redial_sqlite_store_get_schema_version (RedialSqliteStore *self);

G_END_DECLS
