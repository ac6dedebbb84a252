/* redial-pg-store.c: shared desks: one PostgreSQL connection, its lock and its prepared statements. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "redial-pg-store-private.h"
#include "redial-secret.h"

static void redial_pg_store_iface_init (RedialStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RedialPgStore, redial_pg_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (REDIAL_TYPE_STORE, redial_pg_store_iface_init))

void
pg_params_clear (PgParams *params)
{
  for (int i = 0; i < params->n; i++)
    g_clear_pointer (&params->owned[i], g_free);
  params->n = 0;
}

void
pg_param_text (PgParams   *params,
               const char *text)
{
  g_assert (params->n < PG_MAX_PARAMS);
  params->owned[params->n] = NULL;
  params->values[params->n++] = text;
}

void
pg_param_int (PgParams *params,
              gint64    value)
{
  g_assert (params->n < PG_MAX_PARAMS);
  params->owned[params->n] = g_strdup_printf ("%" G_GINT64_FORMAT, value);
  params->values[params->n] = params->owned[params->n];
  params->n++;
}

void
pg_param_time (PgParams *params,
               gint64    value)
{
  if (value == 0)
    pg_param_text (params, NULL);
  else
    pg_param_int (params, value);
}

const char *
pg_text (PGresult *result,
         int       row,
         int       column)
{
  if (PQgetisnull (result, row, column))
    return NULL;
  return PQgetvalue (result, row, column);
}

gint64
pg_int (PGresult *result,
        int       row,
        int       column)
{
  if (PQgetisnull (result, row, column))
    return 0;
  return g_ascii_strtoll (PQgetvalue (result, row, column), NULL, 10);
}

gboolean
pg_bool (PGresult *result,
         int       row,
         int       column)
{
  const char *value = pg_text (result, row, column);

  /* A boolean reads "t"; the integer flags kept as in SQLite read "1". */
  return value != NULL && (value[0] == 't' || (value[0] != '0' && value[0] != 'f'));
}

gboolean
pg_is_null (PGresult *result,
            int       row,
            int       column)
{
  return PQgetisnull (result, row, column);
}

gint64
pg_changes (PGresult *result)
{
  return g_ascii_strtoll (PQcmdTuples (result), NULL, 10);
}

gboolean
redial_pg_store_set_error (RedialPgStore  *self,
                           GError        **error)
{
  g_autofree char *message = g_strchomp (g_strdup (PQerrorMessage (self->conn)));

  g_set_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_FAILED,
               _("The database could not be written: %s"), message);
  return FALSE;
}

static gboolean
result_failed (RedialPgStore  *self,
               PGresult       *result,
               GError        **error)
{
  ExecStatusType status = PQresultStatus (result);
  g_autofree char *message = NULL;

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    return FALSE;
  message = g_strchomp (g_strdup (result != NULL ? PQresultErrorMessage (result) : PQerrorMessage (self->conn)));
  g_set_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_FAILED,
               _("The database could not be written: %s"), message);
  return TRUE;
}

/* After a lost connection, a new one; the statements prepared on the old
 * one are gone with it. Only between transactions: a transaction cut
 * short has failed, and its caller says so. */
static void
ensure_connected (RedialPgStore *self)
{
  if (PQstatus (self->conn) == CONNECTION_OK)
    return;
  g_message ("The database connection was lost; reconnecting");
  g_hash_table_remove_all (self->statements);
  PQreset (self->conn);
}

PGresult *
redial_pg_store_run (RedialPgStore  *self,
                     const char     *sql,
                     PgParams       *params,
                     GError        **error)
{
  const char *name;
  PGresult *result;

  if (PQtransactionStatus (self->conn) == PQTRANS_IDLE || PQtransactionStatus (self->conn) == PQTRANS_UNKNOWN)
    ensure_connected (self);

  name = g_hash_table_lookup (self->statements, sql);
  if (name == NULL)
    {
      g_autoptr(PGresult) prepared = NULL;
      g_autofree char *fresh = g_strdup_printf ("redial_%u", ++self->n_prepared);

      prepared = PQprepare (self->conn, fresh, sql, 0, NULL);
      if (result_failed (self, prepared, error))
        return NULL;
      name = fresh;
      g_hash_table_insert (self->statements, (gpointer) sql, g_steal_pointer (&fresh));
    }

  result = PQexecPrepared (self->conn, name, params != NULL ? params->n : 0,
                           params != NULL ? params->values : NULL, NULL, NULL, 0);
  if (result_failed (self, result, error))
    {
      PQclear (result);
      return NULL;
    }
  return result;
}

gboolean
redial_pg_store_exec (RedialPgStore  *self,
                      const char     *sql,
                      GError        **error)
{
  g_autoptr(PGresult) result = NULL;

  if (PQtransactionStatus (self->conn) == PQTRANS_IDLE || PQtransactionStatus (self->conn) == PQTRANS_UNKNOWN)
    ensure_connected (self);
  result = PQexec (self->conn, sql);
  return !result_failed (self, result, error);
}

gboolean
redial_pg_store_begin (RedialPgStore  *self,
                       GError        **error)
{
  return redial_pg_store_exec (self, "BEGIN", error);
}

gboolean
redial_pg_store_commit (RedialPgStore  *self,
                        GError        **error)
{
  return redial_pg_store_exec (self, "COMMIT", error);
}

void
redial_pg_store_rollback (RedialPgStore *self)
{
  if (PQtransactionStatus (self->conn) != PQTRANS_IDLE)
    PQclear (PQexec (self->conn, "ROLLBACK"));
}

GPtrArray *
redial_pg_store_collect (RedialPgStore  *self,
                         const char     *sql,
                         PgParams       *params,
                         PgFromRow       from_row,
                         GError        **error)
{
  g_autoptr(PGresult) result = redial_pg_store_run (self, sql, params, error);
  GPtrArray *rows;

  if (result == NULL)
    return NULL;
  rows = g_ptr_array_new_full (PQntuples (result), g_object_unref);
  for (int i = 0; i < PQntuples (result); i++)
    g_ptr_array_add (rows, from_row (result, i));
  return rows;
}

gpointer
redial_pg_store_first (RedialPgStore  *self,
                       const char     *sql,
                       PgParams       *params,
                       PgFromRow       from_row,
                       GError        **error)
{
  g_autoptr(PGresult) result = redial_pg_store_run (self, sql, params, error);

  if (result == NULL || PQntuples (result) == 0)
    return NULL;
  return from_row (result, 0);
}

static gint64
redial_pg_store_count (RedialStore      *store,
                       RedialStoreCount  what)
{
  static const char * const queries[] = COUNT_QUERIES;
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_autoptr(PGresult) result = NULL;

  if ((guint) what >= G_N_ELEMENTS (queries))
    return -1;
  result = redial_pg_store_run (self, queries[what], NULL, NULL);
  if (result == NULL || PQntuples (result) != 1)
    return -1;
  return pg_int (result, 0, 0);
}

static int
redial_pg_store_record_day_summary (RedialStore  *store,
                                    const char   *day,
                                    gint64        at,
                                    GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_auto(PgParams) params = { 0 };
  g_autoptr(PGresult) result = NULL;

  /* One statement decides, so that two desks never both send it. */
  pg_param_text (&params, day);
  pg_param_int (&params, at);
  result = redial_pg_store_run (self,
    "INSERT INTO day_summaries (day, sent_at) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING",
    &params, error);
  if (result == NULL)
    return -1;
  return pg_changes (result) > 0 ? 1 : 0;
}

static void
redial_pg_store_iface_init (RedialStoreInterface *iface)
{
  redial_pg_cases_init_iface (iface);
  redial_pg_messages_init_iface (iface);
  redial_pg_contacts_init_iface (iface);
  redial_pg_timeline_init_iface (iface);
  redial_pg_booking_init_iface (iface);
  redial_pg_reports_init_iface (iface);
  iface->count = redial_pg_store_count;
  iface->record_day_summary = redial_pg_store_record_day_summary;
}

static void
redial_pg_store_dispose (GObject *object)
{
  RedialPgStore *self = REDIAL_PG_STORE (object);

  redial_pg_listener_stop (self);
  redial_pg_store_release_office_lock (self);

  G_OBJECT_CLASS (redial_pg_store_parent_class)->dispose (object);
}

static void
redial_pg_store_finalize (GObject *object)
{
  RedialPgStore *self = REDIAL_PG_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->conn, PQfinish);
  g_free (self->conninfo);
  g_clear_pointer (&self->password, redial_secret_free);
  g_rec_mutex_clear (&self->lock);

  G_OBJECT_CLASS (redial_pg_store_parent_class)->finalize (object);
}

static void
redial_pg_store_class_init (RedialPgStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = redial_pg_store_dispose;
  object_class->finalize = redial_pg_store_finalize;
}

static void
redial_pg_store_init (RedialPgStore *self)
{
  g_rec_mutex_init (&self->lock);
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
}

gboolean
redial_pg_store_is_url (const char *location)
{
  return location != NULL &&
         (g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://"));
}

char *
redial_pg_store_redact_url (const char *url)
{
  const char *scheme_end;
  const char *at;
  const char *colon;

  g_return_val_if_fail (url != NULL, NULL);

  /* postgresql://user:secret@host/db → postgresql://user:***@host/db */
  scheme_end = strstr (url, "://");
  if (scheme_end == NULL)
    return g_strdup (url);
  scheme_end += 3;
  at = strchr (scheme_end, '@');
  if (at == NULL)
    return g_strdup (url);
  colon = memchr (scheme_end, ':', at - scheme_end);
  if (colon == NULL)
    return g_strdup (url);
  return g_strdup_printf ("%.*s***%s", (int) (colon + 1 - url), url, at);
}

PGconn *
redial_pg_store_connect (RedialPgStore  *self,
                         const char     *application_name,
                         GError        **error)
{
  /* The URL expands in the place of dbname; the password, when there is
   * one, comes after it and wins. */
  const char *keys[] = { "dbname", "application_name", "connect_timeout", "password", NULL };
  const char *values[] = { self->conninfo, application_name, "10", self->password, NULL };
  PGconn *conn;

  if (self->password == NULL)
    keys[3] = NULL;
  conn = PQconnectdbParams (keys, values, TRUE);
  if (PQstatus (conn) != CONNECTION_OK)
    {
      g_autofree char *safe = redial_pg_store_redact_url (self->conninfo);
      g_autofree char *message = g_strchomp (g_strdup (PQerrorMessage (conn)));

      g_set_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_OPEN,
                   _("The database “%s” cannot be reached: %s"), safe, message);
      PQfinish (conn);
      return NULL;
    }
  return conn;
}

RedialPgStore *
redial_pg_store_open (const char  *url,
                      const char  *password,
                      GError     **error)
{
  g_autoptr(RedialPgStore) self = NULL;
  g_autoptr(PGresult) result = NULL;

  g_return_val_if_fail (redial_pg_store_is_url (url), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (REDIAL_TYPE_PG_STORE, NULL);
  self->conninfo = g_strdup (url);
  self->password = g_strdup (password);
  self->conn = redial_pg_store_connect (self, "redial", error);
  if (self->conn == NULL)
    return NULL;

  if (!redial_pg_store_exec (self, "SET client_min_messages = warning", error) ||
      !redial_pg_schema_migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

int
redial_pg_store_get_latest_version (void)
{
  return redial_pg_schema_latest ();
}
