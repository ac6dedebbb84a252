/* redial-pg-presence.c: who is at which desk of a PostgreSQL store, announced to the others (NOTIFY desk_presence). */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include "redial-pg-store-private.h"

/* A desk gone for this long is forgotten; until then it is only not
 * listed (desks' clocks may differ by a little, never by a day). */
#define FORGET_US (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

static gboolean
redial_pg_announce_desk (RedialStore               *store,
                         const RedialDeskPresence  *desk,
                         GError                   **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_auto(PgParams) params = { 0 };
  g_auto(PgParams) forget = { 0 };
  g_autoptr(PGresult) result = NULL;
  g_autoptr(PGresult) forgotten = NULL;

  /* One statement: the other desks hear of it only when it says
   * something new (a desk merely seen again changes nothing for them),
   * and in the transaction that makes the change. */
  pg_param_text (&params, desk->desk_id);
  pg_param_text (&params, desk->name);
  pg_param_text (&params, desk->host);
  pg_param_time (&params, desk->case_id);
  pg_param_int (&params, desk->seen_at);
  pg_param_int (&params, desk->seen_at - REDIAL_DESK_STALE_US);
  result = redial_pg_store_run (self,
    "WITH old AS (SELECT name, host, case_id, seen_at FROM desk_presence WHERE id = $1::text),"
    "     saved AS (INSERT INTO desk_presence (id, name, host, case_id, seen_at)"
    "               VALUES ($1::text, $2::text, $3::text, $4::bigint, $5::bigint)"
    "               ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, host = EXCLUDED.host,"
    "                 case_id = EXCLUDED.case_id, seen_at = EXCLUDED.seen_at"
    "               RETURNING id)"
    "SELECT pg_notify ('desk_presence', saved.id) FROM saved"
    " WHERE NOT EXISTS (SELECT 1 FROM old WHERE old.name = $2::text AND old.host IS NOT DISTINCT FROM $3::text"
    "                     AND old.case_id IS NOT DISTINCT FROM $4::bigint AND old.seen_at > $6::bigint)",
    &params, error);
  if (result == NULL)
    return FALSE;

  pg_param_int (&forget, desk->seen_at - FORGET_US);
  forgotten = redial_pg_store_run (self, "DELETE FROM desk_presence WHERE seen_at < $1", &forget, error);
  return forgotten != NULL;
}

static gboolean
redial_pg_withdraw_desk (RedialStore  *store,
                         const char   *desk_id,
                         GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_auto(PgParams) params = { 0 };
  g_autoptr(PGresult) result = NULL;

  pg_param_text (&params, desk_id);
  result = redial_pg_store_run (self,
    "WITH gone AS (DELETE FROM desk_presence WHERE id = $1 RETURNING id)"
    "SELECT pg_notify ('desk_presence', gone.id) FROM gone",
    &params, error);
  return result != NULL;
}

static GPtrArray *
redial_pg_list_desks (RedialStore  *store,
                      gint64        now,
                      GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_auto(PgParams) params = { 0 };
  g_autoptr(PGresult) result = NULL;
  GPtrArray *desks;

  pg_param_int (&params, now - REDIAL_DESK_STALE_US);
  result = redial_pg_store_run (self,
    "SELECT id, name, host, case_id, seen_at FROM desk_presence WHERE seen_at > $1"
    " ORDER BY name COLLATE \"C\", id COLLATE \"C\"",
    &params, error);
  if (result == NULL)
    return NULL;

  desks = g_ptr_array_new_full (PQntuples (result), (GDestroyNotify) redial_desk_presence_free);
  for (int i = 0; i < PQntuples (result); i++)
    g_ptr_array_add (desks, redial_desk_presence_new (pg_text (result, i, 0), pg_text (result, i, 1),
                                                      pg_text (result, i, 2), pg_int (result, i, 3),
                                                      pg_int (result, i, 4)));
  return desks;
}

void
redial_pg_presence_init_iface (RedialStoreInterface *iface)
{
  iface->announce_desk = redial_pg_announce_desk;
  iface->withdraw_desk = redial_pg_withdraw_desk;
  iface->list_desks = redial_pg_list_desks;
}
