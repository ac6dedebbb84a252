/* redial-sqlite-store-private.h: what the SQLite store's files share: the connection, its lock, statement helpers. */
#pragma once

#include <sqlite3.h>

#include "redial-sqlite-store.h"
#include "redial-store-columns.h"

G_BEGIN_DECLS

struct _RedialSqliteStore
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  GHashTable *statements;  /* const char *sql → sqlite3_stmt *, prepared once */
  /* One connection for every thread: each public call holds the lock from
   * its first statement to its last, so a transaction and the cached
   * statements are never shared half-way. Recursive, since one call may
   * use another. */
  GRecMutex   lock;
};

/* Holds @self's lock until the end of the enclosing scope. */
#define SQLITE_STORE_LOCK(self) \
  g_autoptr(GRecMutexLocker) G_PASTE (locker_, __LINE__) G_GNUC_UNUSED = g_rec_mutex_locker_new (&(self)->lock)

/* Sets @error from the connection's last error; returns FALSE. */
gboolean      redial_sqlite_store_set_error   (RedialSqliteStore  *self,
                                               GError            **error);
/* Runs @sql (several statements may follow one another). */
gboolean      redial_sqlite_store_exec        (RedialSqliteStore  *self,
                                               const char         *sql,
                                               GError            **error);
/* The cached, reset statement for @sql, which must be a string literal
 * (it is the cache key). */
sqlite3_stmt *redial_sqlite_store_statement   (RedialSqliteStore  *self,
                                               const char         *sql,
                                               GError            **error);
/* Runs a statement that returns no rows. */
gboolean      redial_sqlite_store_step_done   (RedialSqliteStore  *self,
                                               sqlite3_stmt       *stmt,
                                               GError            **error);
gboolean      redial_sqlite_store_begin       (RedialSqliteStore  *self,
                                               GError            **error);
gboolean      redial_sqlite_store_commit      (RedialSqliteStore  *self,
                                               GError            **error);
/* Rolls back the open transaction, if any. */
void          redial_sqlite_store_rollback    (RedialSqliteStore  *self);
/* Collects the rows of @stmt, built by @from_row, into a new array. */
GPtrArray    *redial_sqlite_store_collect     (RedialSqliteStore  *self,
                                               sqlite3_stmt       *stmt,
                                               gpointer          (*from_row) (sqlite3_stmt *),
                                               GError            **error);
/* The first row of @stmt built by @from_row, or NULL. */
gpointer      redial_sqlite_store_first       (RedialSqliteStore  *self,
                                               sqlite3_stmt       *stmt,
                                               gpointer          (*from_row) (sqlite3_stmt *),
                                               GError            **error);
/* The first row of @sql (a string literal with one parameter, bound to
 * @text) built by @from_row, or NULL. */
gpointer      redial_sqlite_store_first_by_text (RedialSqliteStore  *self,
                                                 const char         *sql,
                                                 const char         *text,
                                                 gpointer          (*from_row) (sqlite3_stmt *),
                                                 GError            **error);
/* Runs @stmt, a single count, returning -1 when it fails. */
gint64        redial_sqlite_store_count_rows  (RedialSqliteStore  *self,
                                               sqlite3_stmt       *stmt);

/* Binds @text, or NULL for NULL. */
void          redial_sqlite_bind_text         (sqlite3_stmt       *stmt,
                                               int                 index,
                                               const char         *text);
/* Binds a time or id, with 0 as NULL. */
void          redial_sqlite_bind_time         (sqlite3_stmt       *stmt,
                                               int                 index,
                                               gint64              value);
const char   *redial_sqlite_column_text       (sqlite3_stmt       *stmt,
                                               int                 column);

/* redial-sqlite-schema.c: brings the file's schema up to date. */
gboolean      redial_sqlite_schema_migrate    (RedialSqliteStore  *self,
                                               GError            **error);
int           redial_sqlite_schema_latest     (void);

/* The columns redial_sqlite_message_from_row() and
 * redial_sqlite_case_from_row() read: MESSAGE_COLUMNS, CASE_COLUMNS. */
RedialMessage *redial_sqlite_message_from_row (sqlite3_stmt      *stmt);
RedialCase    *redial_sqlite_case_from_row    (sqlite3_stmt      *stmt);

/* Each aggregate fills its part of the interface. */
void          redial_sqlite_cases_init_iface    (RedialStoreInterface *iface);
void          redial_sqlite_timeline_init_iface (RedialStoreInterface *iface);
void          redial_sqlite_intake_init_iface   (RedialStoreInterface *iface);
/* The SQL functions the search uses: redial_fold (text) and redial_digits (text). */
gboolean      redial_sqlite_timeline_register   (RedialSqliteStore    *self,
                                                 GError              **error);
void          redial_sqlite_messages_init_iface (RedialStoreInterface *iface);
void          redial_sqlite_contacts_init_iface (RedialStoreInterface *iface);
void          redial_sqlite_reports_init_iface  (RedialStoreInterface *iface);
void          redial_sqlite_appointments_init_iface (RedialStoreInterface *iface);
void          redial_sqlite_settings_init_iface (RedialStoreInterface *iface);

G_END_DECLS
