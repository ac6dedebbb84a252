/* redial-sqlite-store.c: the embedded store: one SQLite connection, its lock and its statement cache. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "redial-private-file.h"
#include "redial-sqlite-store-private.h"

static void redial_sqlite_store_iface_init (RedialStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RedialSqliteStore, redial_sqlite_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (REDIAL_TYPE_STORE, redial_sqlite_store_iface_init))

gboolean
redial_sqlite_store_set_error (RedialSqliteStore  *self,
                               GError            **error)
{
  g_set_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_FAILED,
               _("The database could not be written: %s"), sqlite3_errmsg (self->db));
  return FALSE;
}

gboolean
redial_sqlite_store_exec (RedialSqliteStore  *self,
                          const char         *sql,
                          GError            **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_FAILED,
                   _("The database could not be written: %s"), message);
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

sqlite3_stmt *
redial_sqlite_store_statement (RedialSqliteStore  *self,
                               const char         *sql,
                               GError            **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      redial_sqlite_store_set_error (self, error);
      return NULL;
    }

  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

void
redial_sqlite_bind_text (sqlite3_stmt *stmt,
                         int           index,
                         const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

void
redial_sqlite_bind_time (sqlite3_stmt *stmt,
                         int           index,
                         gint64        value)
{
  if (value == 0)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, value);
}

const char *
redial_sqlite_column_text (sqlite3_stmt *stmt,
                           int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

gboolean
redial_sqlite_store_step_done (RedialSqliteStore  *self,
                               sqlite3_stmt       *stmt,
                               GError            **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return redial_sqlite_store_set_error (self, error);
  return TRUE;
}

gboolean
redial_sqlite_store_begin (RedialSqliteStore  *self,
                           GError            **error)
{
  sqlite3_stmt *stmt = redial_sqlite_store_statement (self, "BEGIN IMMEDIATE", error);
  return stmt != NULL && redial_sqlite_store_step_done (self, stmt, error);
}

gboolean
redial_sqlite_store_commit (RedialSqliteStore  *self,
                            GError            **error)
{
  sqlite3_stmt *stmt = redial_sqlite_store_statement (self, "COMMIT", error);
  return stmt != NULL && redial_sqlite_store_step_done (self, stmt, error);
}

void
redial_sqlite_store_rollback (RedialSqliteStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

GPtrArray *
redial_sqlite_store_collect (RedialSqliteStore  *self,
                             sqlite3_stmt       *stmt,
                             gpointer          (*from_row) (sqlite3_stmt *),
                             GError            **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, from_row (stmt));

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      redial_sqlite_store_set_error (self, error);
      return NULL;
    }

  return g_steal_pointer (&rows);
}

gpointer
redial_sqlite_store_first (RedialSqliteStore  *self,
                           sqlite3_stmt       *stmt,
                           gpointer          (*from_row) (sqlite3_stmt *),
                           GError            **error)
{
  gpointer result = NULL;
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    result = from_row (stmt);
  else if (rc != SQLITE_DONE)
    redial_sqlite_store_set_error (self, error);

  sqlite3_reset (stmt);
  return result;
}

gpointer
redial_sqlite_store_first_by_text (RedialSqliteStore  *self,
                                   const char         *sql,
                                   const char         *text,
                                   gpointer          (*from_row) (sqlite3_stmt *),
                                   GError            **error)
{
  sqlite3_stmt *stmt = redial_sqlite_store_statement (self, sql, error);

  if (stmt == NULL)
    return NULL;
  redial_sqlite_bind_text (stmt, 1, text);
  return redial_sqlite_store_first (self, stmt, from_row, error);
}

gint64
redial_sqlite_store_count_rows (RedialSqliteStore *self,
                                sqlite3_stmt      *stmt)
{
  gint64 count = -1;

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

static gint64
redial_sqlite_store_count (RedialStore      *store,
                           RedialStoreCount  what)
{
  static const char * const queries[] = COUNT_QUERIES;
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);

  if ((guint) what >= G_N_ELEMENTS (queries))
    return -1;
  return redial_sqlite_store_count_rows (self, redial_sqlite_store_statement (self, queries[what], NULL));
}

static void
redial_sqlite_store_iface_init (RedialStoreInterface *iface)
{
  redial_sqlite_cases_init_iface (iface);
  redial_sqlite_messages_init_iface (iface);
  redial_sqlite_contacts_init_iface (iface);
  redial_sqlite_timeline_init_iface (iface);
  redial_sqlite_intake_init_iface (iface);
  redial_sqlite_reports_init_iface (iface);
  redial_sqlite_appointments_init_iface (iface);
  redial_sqlite_settings_init_iface (iface);
  iface->count = redial_sqlite_store_count;
}

static void
redial_sqlite_store_finalize (GObject *object)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->db, sqlite3_close);
  g_free (self->path);
  g_rec_mutex_clear (&self->lock);

  G_OBJECT_CLASS (redial_sqlite_store_parent_class)->finalize (object);
}

static void
redial_sqlite_store_class_init (RedialSqliteStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = redial_sqlite_store_finalize;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
redial_sqlite_store_init (RedialSqliteStore *self)
{
  g_rec_mutex_init (&self->lock);
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                            finalize_statement);
}

RedialSqliteStore *
redial_sqlite_store_open (const char  *path,
                          GError     **error)
{
  g_autoptr(RedialSqliteStore) self = NULL;
  g_autofree char *dir = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (REDIAL_TYPE_SQLITE_STORE, NULL);
  self->path = g_strdup (path);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_OPEN,
                   _("The folder “%s” cannot be created: %s"), dir, g_strerror (saved));
      return NULL;
    }

  /* The database is its owner's alone; SQLite gives the journals it makes
   * the database's mode, and those left from before are tightened too. */
  if (g_strcmp0 (path, ":memory:") != 0 && *path != '\0')
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);
      g_autoptr(GError) local = NULL;

      if (!redial_private_file_ensure (path, TRUE, &local) ||
          !redial_private_file_ensure (wal, FALSE, &local) ||
          !redial_private_file_ensure (shm, FALSE, &local))
        {
          g_set_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_OPEN,
                       _("The database “%s” cannot be opened: %s"), path, local->message);
          return NULL;
        }
    }

  /* NOMUTEX: the store's own lock serializes every use of the connection. */
  if (sqlite3_open_v2 (path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_OPEN,
                   _("The database “%s” cannot be opened: %s"), path,
                   self->db ? sqlite3_errmsg (self->db) : g_strerror (ENOMEM));
      return NULL;
    }

  sqlite3_busy_timeout (self->db, 5000);

  /* WAL with synchronous=NORMAL: a commit survives the process dying at any
   * point (the outbox rule depends on that); only a power cut can lose the
   * last commits, and never corrupts the file. A larger cache and fewer
   * checkpoints keep the per-call write cheap: each call is its own commit. */
  if (!redial_sqlite_store_exec (self, "PRAGMA journal_mode = WAL;"
                                       "PRAGMA synchronous = NORMAL;"
                                       "PRAGMA foreign_keys = ON;"
                                       "PRAGMA temp_store = MEMORY;"
                                       "PRAGMA cache_size = -16384;"
                                       "PRAGMA wal_autocheckpoint = 8192;", error))
    {
      g_prefix_error (error, _("The database “%s” cannot be used: "), path);
      return NULL;
    }

  if (!redial_sqlite_timeline_register (self, error) ||
      !redial_sqlite_schema_migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
redial_sqlite_store_get_path (RedialSqliteStore *self)
{
  g_return_val_if_fail (REDIAL_IS_SQLITE_STORE (self), NULL);
  return self->path;
}

int
redial_sqlite_store_get_latest_version (void)
{
  return redial_sqlite_schema_latest ();
}

int
redial_sqlite_store_get_schema_version (RedialSqliteStore *self)
{
  sqlite3_stmt *stmt;
  int version = -1;

  g_return_val_if_fail (REDIAL_IS_SQLITE_STORE (self), -1);

  SQLITE_STORE_LOCK (self);
  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}
