/* redial-sqlite-messages.c: the SQLite store's messages and outbox. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include "redial-sqlite-store-private.h"

RedialMessage *
redial_sqlite_message_from_row (sqlite3_stmt *stmt)
{
  RedialMessageDirection direction = REDIAL_MESSAGE_DIRECTION_OUTBOUND;
  RedialMessageKind kind = REDIAL_MESSAGE_KIND_MANUAL;
  RedialMessageStatus status = REDIAL_MESSAGE_STATUS_QUEUED;
  RedialMessage *message;

  redial_message_direction_from_string (redial_sqlite_column_text (stmt, 2), &direction);
  redial_message_kind_from_string (redial_sqlite_column_text (stmt, 3), &kind);
  redial_message_status_from_string (redial_sqlite_column_text (stmt, 6), &status);

  message = redial_message_new (sqlite3_column_int64 (stmt, 1), direction, kind,
                                redial_sqlite_column_text (stmt, 4),
                                redial_sqlite_column_text (stmt, 5),
                                sqlite3_column_int64 (stmt, 9));
  redial_message_set_id (message, sqlite3_column_int64 (stmt, 0));
  redial_message_set_status (message, status);
  redial_message_set_provider_message_id (message, redial_sqlite_column_text (stmt, 7));
  redial_message_set_error (message, redial_sqlite_column_text (stmt, 8));
  redial_message_set_attempted_at (message, sqlite3_column_int64 (stmt, 10));
  redial_message_set_author (message, redial_sqlite_column_text (stmt, 11));
  return message;
}

static gboolean
insert_message (RedialSqliteStore  *self,
                RedialMessage      *message,
                GError            **error)
{
  sqlite3_stmt *stmt = redial_sqlite_store_statement (self,
    "INSERT INTO messages (case_id, direction, kind, peer, body, status,"
    "                      provider_message_id, error, created_at, updated_at, author)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, redial_message_get_case_id (message));
  redial_sqlite_bind_text (stmt, 2, redial_message_direction_to_string (redial_message_get_direction (message)));
  redial_sqlite_bind_text (stmt, 3, redial_message_kind_to_string (redial_message_get_kind (message)));
  redial_sqlite_bind_text (stmt, 4, redial_message_get_peer (message));
  redial_sqlite_bind_text (stmt, 5, redial_message_get_body (message));
  redial_sqlite_bind_text (stmt, 6, redial_message_status_to_string (redial_message_get_status (message)));
  redial_sqlite_bind_text (stmt, 7, redial_message_get_provider_message_id (message));
  redial_sqlite_bind_text (stmt, 8, redial_message_get_error (message));
  sqlite3_bind_int64 (stmt, 9, redial_message_get_created_at (message));
  sqlite3_bind_int64 (stmt, 10, redial_message_get_created_at (message));
  redial_sqlite_bind_text (stmt, 11, redial_message_get_author (message));
  if (!redial_sqlite_store_step_done (self, stmt, error))
    return FALSE;

  redial_message_set_id (message, sqlite3_last_insert_rowid (self->db));
  return TRUE;
}

static gboolean
redial_sqlite_store_queue_text_back (RedialStore    *store,
                                     RedialCase     *kase,
                                     RedialMessage  *message,
                                     GError        **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  sqlite3_stmt *stmt;

  if (!redial_sqlite_store_begin (self, error))
    return FALSE;

  stmt = redial_sqlite_store_statement (self,
    "UPDATE cases SET texted_back = 1 WHERE id = ? AND texted_back = 0", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, redial_case_get_id (kase));
  if (!redial_sqlite_store_step_done (self, stmt, error))
    goto failed;

  if (sqlite3_changes (self->db) == 0)
    {
      redial_sqlite_store_rollback (self);
      redial_case_set_texted_back (kase, TRUE);
      return FALSE;
    }

  if (!insert_message (self, message, error) || !redial_sqlite_store_commit (self, error))
    goto failed;

  redial_case_set_texted_back (kase, TRUE);
  return TRUE;

failed:
  redial_sqlite_store_rollback (self);
  redial_message_set_id (message, 0);
  return FALSE;
}

static gboolean
redial_sqlite_store_add_message (RedialStore    *store,
                                 RedialMessage  *message,
                                 GError        **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);

  return insert_message (self, message, error);
}

static gboolean
redial_sqlite_store_update_message (RedialStore    *store,
                                    RedialMessage  *message,
                                    GError        **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  sqlite3_stmt *stmt;

  stmt = redial_sqlite_store_statement (self,
    "UPDATE messages SET status = ?, provider_message_id = ?, error = ?, attempted_at = ?,"
    "                    updated_at = max(updated_at, created_at)"
    " WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  redial_sqlite_bind_text (stmt, 1, redial_message_status_to_string (redial_message_get_status (message)));
  redial_sqlite_bind_text (stmt, 2, redial_message_get_provider_message_id (message));
  redial_sqlite_bind_text (stmt, 3, redial_message_get_error (message));
  redial_sqlite_bind_time (stmt, 4, redial_message_get_attempted_at (message));
  sqlite3_bind_int64 (stmt, 5, redial_message_get_id (message));
  return redial_sqlite_store_step_done (self, stmt, error);
}

static RedialMessage *
redial_sqlite_store_find_message (RedialStore  *store,
                                  const char   *provider_message_id,
                                  GError      **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);

  return redial_sqlite_store_first_by_text (self,
    "SELECT " MESSAGE_COLUMNS " FROM messages WHERE provider_message_id = ?",
    provider_message_id, (gpointer) redial_sqlite_message_from_row, error);
}

static GPtrArray *
redial_sqlite_store_list_messages (RedialStore  *store,
                                   gint64        case_id,
                                   GError      **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  sqlite3_stmt *stmt;

  stmt = redial_sqlite_store_statement (self,
    "SELECT " MESSAGE_COLUMNS " FROM messages WHERE case_id = ? ORDER BY created_at, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, case_id);
  return redial_sqlite_store_collect (self, stmt, (gpointer) redial_sqlite_message_from_row, error);
}

static GPtrArray *
redial_sqlite_store_list_unsent_messages (RedialStore  *store,
                                          GError      **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  sqlite3_stmt *stmt;

  stmt = redial_sqlite_store_statement (self,
    "SELECT " MESSAGE_COLUMNS " FROM messages"
    " WHERE status = 'queued' AND provider_message_id IS NULL AND direction = 'outbound'"
    " ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  return redial_sqlite_store_collect (self, stmt, (gpointer) redial_sqlite_message_from_row, error);
}

void
redial_sqlite_messages_init_iface (RedialStoreInterface *iface)
{
  iface->queue_text_back = redial_sqlite_store_queue_text_back;
  iface->add_message = redial_sqlite_store_add_message;
  iface->update_message = redial_sqlite_store_update_message;
  iface->find_message = redial_sqlite_store_find_message;
  iface->list_messages = redial_sqlite_store_list_messages;
  iface->list_unsent_messages = redial_sqlite_store_list_unsent_messages;
}
