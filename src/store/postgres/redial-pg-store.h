/* redial-pg-store.h: shared desks: Redial's records on a PostgreSQL server that several desks use at once. */
#pragma once

#include "redial-store.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_PG_STORE (redial_pg_store_get_type ())
G_DECLARE_FINAL_TYPE (RedialPgStore, redial_pg_store, REDIAL, PG_STORE, GObject)

/* Whether @location names a PostgreSQL database (a postgresql:// or
 * postgres:// connection URI) rather than a SQLite file. */
gboolean       redial_pg_store_is_url                 (const char     *location);

/* Connects to the database at @url (a libpq connection URI, without its
 * password) with @password (NULL to let libpq find one: PGPASSWORD, or
 * ~/.pgpass), and brings its schema up to date. One connection serves
 * every thread, one call at a time. Fails with REDIAL_STORE_ERROR_OPEN
 * (the server cannot be reached, or refused the login), or
 * REDIAL_STORE_ERROR_TOO_NEW for a schema written by a newer Redial. */
RedialPgStore *redial_pg_store_open                   (const char     *url,
                                                       const char     *password,
                                                       GError        **error);

/* @url with any password in it masked, for the log and messages: a new
 * string. */
char          *redial_pg_store_redact_url             (const char     *url);

/* The schema version this build writes, and the database's (-1 when unknown). */
int            redial_pg_store_get_latest_version     (void);
int            redial_pg_store_get_schema_version     (RedialPgStore  *self);

/* Starts following the other desks' changes on the thread-default main
 * context: a second connection, opened without blocking that context,
 * LISTENs for case_changed, and each change another desk commits is
 * emitted as RedialStore::case-changed on that context; each new version
 * of the business settings (settings_changed), as
 * RedialStore::settings-changed. After a lost connection (a restart of
 * the server) it reconnects and emits every change it missed, from the
 * last one seen when it was called on, and settings-changed with 0.
 * Idempotent; fails only when the store's own connection cannot read. */
gboolean       redial_pg_store_listen                 (RedialPgStore  *self,
                                                       GError        **error);

/* The office's automation (text-back, follow-ups, polling, alerts) runs
 * in one Redial at a time: the one holding the office lock, a PostgreSQL
 * advisory lock on a connection of its own, which the server releases
 * when that Redial stops or dies. Takes the lock when nobody holds it,
 * or checks that this store still does; returns whether it does. Call it
 * now and then from one thread (the main loop): a Redial that lost its
 * connection lost the lock, and says so here. Without an office
 * connection it starts opening one, without blocking, and returns FALSE;
 * the lock is tried as soon as it opens, and RedialPgStore:office-held
 * tells when that took it. */
gboolean       redial_pg_store_hold_office_lock       (RedialPgStore  *self);
/* Whether this store held the office lock when last it looked. */
gboolean       redial_pg_store_get_office_held        (RedialPgStore  *self);
/* Lets another Redial take the office lock. */
void           redial_pg_store_release_office_lock    (RedialPgStore  *self);

/* What redial_pg_store_import_sqlite() copied: each table's rows and
 * the SHA-256 of its contents, read back from the database and matched. */
typedef struct
{
  guint n_tables;
  struct
  {
    const char *name;
    gint64      rows;
    char        checksum[65];
  } tables[16];
} RedialPgMigration;

/* Copies the history in the SQLite file at @path (brought up to date by
 * redial_store_open() first) into @self, which must hold no records yet,
 * in one transaction, keeping every id; then reads each table back and
 * checks its count and checksum against the file's. Fills @done. Fails
 * with REDIAL_STORE_ERROR_OPEN for a file that cannot be read, and
 * REDIAL_STORE_ERROR_FAILED (nothing copied) otherwise. */
gboolean       redial_pg_store_import_sqlite          (RedialPgStore      *self,
                                                       const char         *path,
                                                       RedialPgMigration  *done,
                                                       GError            **error);

G_END_DECLS
