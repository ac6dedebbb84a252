/* redial-pg-settings.c: the business settings every desk goes by, one row per version, announced to every desk. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include "redial-pg-store-private.h"

static gboolean
redial_pg_store_get_settings (RedialStore  *store,
                              gint64       *version,
                              char        **data,
                              char        **written_by,
                              gint64       *written_at,
                              GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_autoptr(PGresult) result = NULL;
  gboolean found;

  result = redial_pg_store_run (self,
    "SELECT version, data, written_by, written_at FROM business_settings ORDER BY version DESC LIMIT 1",
    NULL, error);
  if (result == NULL)
    return FALSE;
  found = PQntuples (result) > 0;
  *version = found ? pg_int (result, 0, 0) : 0;
  *data = found ? g_strdup (pg_text (result, 0, 1)) : NULL;
  if (written_by != NULL)
    *written_by = found ? g_strdup (pg_text (result, 0, 2)) : NULL;
  if (written_at != NULL)
    *written_at = found ? pg_int (result, 0, 3) : 0;
  return TRUE;
}

static gboolean
redial_pg_store_put_settings (RedialStore  *store,
                              const char   *data,
                              gint64        expected,
                              const char   *who,
                              gint64        at,
                              gint64       *version,
                              GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_auto(PgParams) params = { 0 };
  g_autoptr(PGresult) result = NULL;
  g_autoptr(PGresult) announced = NULL;

  if (!redial_pg_store_begin (self, error))
    return FALSE;

  /* Of two desks writing on the same version, the second waits for the
   * first's row and then writes nothing: never both. */
  pg_param_int (&params, expected);
  pg_param_text (&params, data);
  pg_param_text (&params, who);
  pg_param_int (&params, at);
  result = redial_pg_store_run (self,
    "INSERT INTO business_settings (version, data, written_by, written_at)"
    " SELECT $1::bigint + 1, $2, $3, $4"
    " WHERE (SELECT coalesce (max (version), 0) FROM business_settings) = $1::bigint"
    " ON CONFLICT (version) DO NOTHING"
    " RETURNING version",
    &params, error);
  if (result == NULL)
    goto failed;
  if (PQntuples (result) == 0)
    {
      redial_pg_store_rollback (self);
      g_set_error_literal (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_STALE,
                           "The business settings changed since they were read");
      return FALSE;
    }
  *version = pg_int (result, 0, 0);

  {
    g_auto(PgParams) payload = { 0 };

    pg_param_int (&payload, *version);
    announced = redial_pg_store_run (self, "SELECT pg_notify ('settings_changed', $1)", &payload, error);
  }
  if (announced == NULL || !redial_pg_store_commit (self, error))
    goto failed;
  return TRUE;

failed:
  redial_pg_store_rollback (self);
  return FALSE;
}

void
redial_pg_settings_init_iface (RedialStoreInterface *iface)
{
  iface->get_settings = redial_pg_store_get_settings;
  iface->put_settings = redial_pg_store_put_settings;
}
