/* redial-sqlite-intake.c: the SQLite store's intake answers, one per case and question. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include "redial-sqlite-store-private.h"

/* The answer kept now, or NULL; FALSE on error. */
static gboolean
read_answer (RedialSqliteStore  *self,
             gint64              case_id,
             const char         *question,
             char              **value,
             GError            **error)
{
  sqlite3_stmt *stmt = redial_sqlite_store_statement (self,
    "SELECT value FROM intake_answers WHERE case_id = ? AND question = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  redial_sqlite_bind_text (stmt, 2, question);
  rc = sqlite3_step (stmt);
  *value = rc == SQLITE_ROW ? g_strdup (redial_sqlite_column_text (stmt, 0)) : NULL;
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return TRUE;
  return redial_sqlite_store_set_error (self, error);
}

static gboolean
write_answer (RedialSqliteStore  *self,
              gint64              case_id,
              const char         *question,
              const char         *value,
              const char         *who,
              gint64              at,
              GError            **error)
{
  sqlite3_stmt *stmt;

  if (value == NULL)
    {
      stmt = redial_sqlite_store_statement (self,
        "DELETE FROM intake_answers WHERE case_id = ? AND question = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, case_id);
      redial_sqlite_bind_text (stmt, 2, question);
      return redial_sqlite_store_step_done (self, stmt, error);
    }

  stmt = redial_sqlite_store_statement (self,
    "INSERT INTO intake_answers (case_id, question, value, answered_by, answered_at)"
    " VALUES (?, ?, ?, ?, ?)"
    " ON CONFLICT (case_id, question) DO UPDATE SET"
    "   value = excluded.value, answered_by = excluded.answered_by, answered_at = excluded.answered_at",
    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  redial_sqlite_bind_text (stmt, 2, question);
  redial_sqlite_bind_text (stmt, 3, value);
  redial_sqlite_bind_text (stmt, 4, who);
  sqlite3_bind_int64 (stmt, 5, at);
  return redial_sqlite_store_step_done (self, stmt, error);
}

static gboolean
redial_sqlite_store_set_intake_answer (RedialStore         *store,
                                       gint64               case_id,
                                       const char          *question,
                                       const char          *value,
                                       const char          *who,
                                       gint64               at,
                                       RedialTimelineItem **event,
                                       GError             **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  g_autoptr(RedialTimelineItem) item = NULL;
  g_autofree char *before = NULL;

  if (!redial_sqlite_store_begin (self, error))
    return FALSE;
  if (!read_answer (self, case_id, question, &before, error))
    goto failed;
  if (g_strcmp0 (before, value) == 0)
    {
      redial_sqlite_store_rollback (self);
      return TRUE;
    }

  item = redial_timeline_item_new (REDIAL_TIMELINE_KIND_INTAKE, at, who);
  redial_timeline_item_set_question (item, question);
  redial_timeline_item_set_text (item, value);
  if (!write_answer (self, case_id, question, value, who, at, error) ||
      !redial_store_add_case_event (store, item, case_id, error) ||
      !redial_sqlite_store_commit (self, error))
    goto failed;

  if (event != NULL)
    *event = g_steal_pointer (&item);
  return TRUE;

failed:
  redial_sqlite_store_rollback (self);
  return FALSE;
}

static GHashTable *
redial_sqlite_store_list_intake_answers (RedialStore  *store,
                                         gint64        case_id,
                                         GError      **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  g_autoptr(GHashTable) answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt = redial_sqlite_store_statement (self,
    "SELECT question, value FROM intake_answers WHERE case_id = ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, case_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_replace (answers, g_strdup (redial_sqlite_column_text (stmt, 0)),
                          g_strdup (redial_sqlite_column_text (stmt, 1)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      redial_sqlite_store_set_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&answers);
}

void
redial_sqlite_intake_init_iface (RedialStoreInterface *iface)
{
  iface->set_intake_answer = redial_sqlite_store_set_intake_answer;
  iface->list_intake_answers = redial_sqlite_store_list_intake_answers;
}
