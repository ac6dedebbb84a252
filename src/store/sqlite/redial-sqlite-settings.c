/* redial-sqlite-settings.c: the SQLite store's business settings, one row per version. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include "redial-sqlite-store-private.h"

static gboolean
redial_sqlite_store_get_settings (RedialStore  *store,
                                  gint64       *version,
                                  char        **data,
                                  char        **written_by,
                                  gint64       *written_at,
                                  GError      **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  sqlite3_stmt *stmt = redial_sqlite_store_statement (self,
    "SELECT version, data, written_by, written_at FROM business_settings ORDER BY version DESC LIMIT 1",
    error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  *version = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  *data = rc == SQLITE_ROW ? g_strdup (redial_sqlite_column_text (stmt, 1)) : NULL;
  if (written_by != NULL)
    *written_by = rc == SQLITE_ROW ? g_strdup (redial_sqlite_column_text (stmt, 2)) : NULL;
  if (written_at != NULL)
    *written_at = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 3) : 0;
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return TRUE;
  return redial_sqlite_store_set_error (self, error);
}

static gboolean
redial_sqlite_store_put_settings (RedialStore  *store,
                                  const char   *data,
                                  gint64        expected,
                                  const char   *who,
                                  gint64        at,
                                  gint64       *version,
                                  GError      **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  sqlite3_stmt *stmt;

  /* BEGIN IMMEDIATE: between the look and the write, no other process writes. */
  if (!redial_sqlite_store_begin (self, error))
    return FALSE;
  stmt = redial_sqlite_store_statement (self,
    "INSERT INTO business_settings (version, data, written_by, written_at)"
    " SELECT ?1 + 1, ?2, ?3, ?4"
    " WHERE (SELECT coalesce (max (version), 0) FROM business_settings) = ?1",
    error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, expected);
  redial_sqlite_bind_text (stmt, 2, data);
  redial_sqlite_bind_text (stmt, 3, who);
  sqlite3_bind_int64 (stmt, 4, at);
  if (!redial_sqlite_store_step_done (self, stmt, error))
    goto failed;
  if (sqlite3_changes (self->db) == 0)
    {
      redial_sqlite_store_rollback (self);
      g_set_error_literal (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_STALE,
                           "The business settings changed since they were read");
      return FALSE;
    }
  if (!redial_sqlite_store_commit (self, error))
    goto failed;
  *version = expected + 1;
  return TRUE;

failed:
  redial_sqlite_store_rollback (self);
  return FALSE;
}

void
redial_sqlite_settings_init_iface (RedialStoreInterface *iface)
{
  iface->get_settings = redial_sqlite_store_get_settings;
  iface->put_settings = redial_sqlite_store_put_settings;
}
