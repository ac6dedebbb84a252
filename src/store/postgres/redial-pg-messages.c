/* redial-pg-messages.c: the PostgreSQL store's messages and outbox. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include "redial-pg-store-private.h"

gpointer
redial_pg_message_from_row (PGresult *r,
                            int       i)
{
  RedialMessageDirection direction = REDIAL_MESSAGE_DIRECTION_OUTBOUND;
  RedialMessageKind kind = REDIAL_MESSAGE_KIND_MANUAL;
  RedialMessageStatus status = REDIAL_MESSAGE_STATUS_QUEUED;
  RedialMessage *message;

  redial_message_direction_from_string (pg_text (r, i, 2), &direction);
  redial_message_kind_from_string (pg_text (r, i, 3), &kind);
  redial_message_status_from_string (pg_text (r, i, 6), &status);

  message = redial_message_new (pg_int (r, i, 1), direction, kind, pg_text (r, i, 4), pg_text (r, i, 5),
                                pg_int (r, i, 9));
  redial_message_set_id (message, pg_int (r, i, 0));
  redial_message_set_status (message, status);
  redial_message_set_provider_message_id (message, pg_text (r, i, 7));
  redial_message_set_error (message, pg_text (r, i, 8));
  redial_message_set_attempted_at (message, pg_int (r, i, 10));
  redial_message_set_author (message, pg_text (r, i, 11));
  return message;
}

static gboolean
insert_message (RedialPgStore  *self,
                RedialMessage  *message,
                GError        **error)
{
  g_autoptr(PGresult) result = NULL;
  g_auto(PgParams) p = { 0 };

  pg_param_int (&p, redial_message_get_case_id (message));
  pg_param_text (&p, redial_message_direction_to_string (redial_message_get_direction (message)));
  pg_param_text (&p, redial_message_kind_to_string (redial_message_get_kind (message)));
  pg_param_text (&p, redial_message_get_peer (message));
  pg_param_text (&p, redial_message_get_body (message));
  pg_param_text (&p, redial_message_status_to_string (redial_message_get_status (message)));
  pg_param_text (&p, redial_message_get_provider_message_id (message));
  pg_param_text (&p, redial_message_get_error (message));
  pg_param_int (&p, redial_message_get_created_at (message));
  pg_param_text (&p, redial_message_get_author (message));
  result = redial_pg_store_run (self,
    "INSERT INTO messages (case_id, direction, kind, peer, body, status,"
    "                      provider_message_id, error, created_at, updated_at, author)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10) RETURNING id", &p, error);
  if (result == NULL)
    return FALSE;

  redial_message_set_id (message, pg_int (result, 0, 0));
  return TRUE;
}

static gboolean
redial_pg_store_queue_text_back (RedialStore    *store,
                                 RedialCase     *kase,
                                 RedialMessage  *message,
                                 GError        **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_autoptr(PGresult) result = NULL;
  g_auto(PgParams) p = { 0 };

  if (!redial_pg_store_begin (self, error))
    return FALSE;

  /* The row lock decides between two desks texting the same case back:
   * the second waits, then finds it texted. */
  pg_param_int (&p, redial_case_get_id (kase));
  result = redial_pg_store_run (self,
    "UPDATE cases SET texted_back = 1 WHERE id = $1 AND texted_back = 0", &p, error);
  if (result == NULL)
    goto failed;

  if (pg_changes (result) == 0)
    {
      redial_pg_store_rollback (self);
      redial_case_set_texted_back (kase, TRUE);
      return FALSE;
    }

  if (!insert_message (self, message, error) || !redial_pg_store_commit (self, error))
    goto failed;

  redial_case_set_texted_back (kase, TRUE);
  return TRUE;

failed:
  redial_pg_store_rollback (self);
  redial_message_set_id (message, 0);
  return FALSE;
}

static gboolean
redial_pg_store_add_message (RedialStore    *store,
                             RedialMessage  *message,
                             GError        **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);

  return insert_message (self, message, error);
}

static gboolean
redial_pg_store_update_message (RedialStore    *store,
                                RedialMessage  *message,
                                GError        **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_autoptr(PGresult) result = NULL;
  g_auto(PgParams) p = { 0 };

  pg_param_text (&p, redial_message_status_to_string (redial_message_get_status (message)));
  pg_param_text (&p, redial_message_get_provider_message_id (message));
  pg_param_text (&p, redial_message_get_error (message));
  pg_param_time (&p, redial_message_get_attempted_at (message));
  pg_param_int (&p, redial_message_get_id (message));
  result = redial_pg_store_run (self,
    "UPDATE messages SET status = $1, provider_message_id = $2, error = $3, attempted_at = $4,"
    "                    updated_at = greatest (updated_at, created_at)"
    " WHERE id = $5", &p, error);
  return result != NULL;
}

static RedialMessage *
redial_pg_store_find_message (RedialStore  *store,
                              const char   *provider_message_id,
                              GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_auto(PgParams) p = { 0 };

  pg_param_text (&p, provider_message_id);
  return redial_pg_store_first (self,
    "SELECT " MESSAGE_COLUMNS " FROM messages WHERE provider_message_id = $1",
    &p, redial_pg_message_from_row, error);
}

static GPtrArray *
redial_pg_store_list_messages (RedialStore  *store,
                               gint64        case_id,
                               GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_auto(PgParams) p = { 0 };

  pg_param_int (&p, case_id);
  return redial_pg_store_collect (self,
    "SELECT " MESSAGE_COLUMNS " FROM messages WHERE case_id = $1 ORDER BY created_at, id",
    &p, redial_pg_message_from_row, error);
}

static GPtrArray *
redial_pg_store_list_unsent_messages (RedialStore  *store,
                                      GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);

  return redial_pg_store_collect (self,
    "SELECT " MESSAGE_COLUMNS " FROM messages"
    " WHERE status = 'queued' AND provider_message_id IS NULL AND direction = 'outbound'"
    " ORDER BY id", NULL, redial_pg_message_from_row, error);
}

void
redial_pg_messages_init_iface (RedialStoreInterface *iface)
{
  iface->queue_text_back = redial_pg_store_queue_text_back;
  iface->add_message = redial_pg_store_add_message;
  iface->update_message = redial_pg_store_update_message;
  iface->find_message = redial_pg_store_find_message;
  iface->list_messages = redial_pg_store_list_messages;
  iface->list_unsent_messages = redial_pg_store_list_unsent_messages;
}
