/* redial-pg-store.c: shared desks: one PostgreSQL connection, its lock and its prepared statements. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <stdlib.h>

#include "redial-pg-store-private.h"
#include "redial-secret.h"

/* Seconds a new connection may take. */
#define CONNECT_TIMEOUT "10"
#define TCP_USER_TIMEOUT_MS "10000"

static void redial_pg_store_iface_init (RedialStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RedialPgStore, redial_pg_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (REDIAL_TYPE_STORE, redial_pg_store_iface_init))

enum {
  PROP_0,
  PROP_OFFICE_HELD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
  /* A server that restarted ended the session while it was idle: what it
   * said then is read now, and its end of the connection after it, which
   * shows the connection gone before a statement fails on it. */
  if (PQstatus (self->conn) == CONNECTION_OK && PQconsumeInput (self->conn) && PQconsumeInput (self->conn) &&
      PQstatus (self->conn) == CONNECTION_OK)
    return;
  g_message ("The database connection was lost; reconnecting");
  g_hash_table_remove_all (self->statements);
  PQreset (self->conn);
  g_atomic_int_set (&self->backend_pid, PQbackendPID (self->conn));
}

/* A statement other than a SELECT ran (even one that failed: a
 * transaction's earlier statements may have committed with it). */
static void
count_write (RedialPgStore *self,
             PGresult      *result)
{
  if (result == NULL || !g_str_has_prefix (PQcmdStatus (result), "SELECT"))
    g_atomic_int_inc (&self->writes);
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
  count_write (self, result);
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
  count_write (self, result);
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
  redial_pg_presence_init_iface (iface);
  redial_pg_settings_init_iface (iface);
  iface->count = redial_pg_store_count;
  iface->record_day_summary = redial_pg_store_record_day_summary;
}

static void
redial_pg_store_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RedialPgStore *self = REDIAL_PG_STORE (object);

  switch (prop_id)
    {
    case PROP_OFFICE_HELD:
      g_value_set_boolean (value, self->office_held);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
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
  g_clear_pointer (&self->listen_prepared, g_hash_table_unref);
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

  object_class->get_property = redial_pg_store_get_property;
  object_class->dispose = redial_pg_store_dispose;
  object_class->finalize = redial_pg_store_finalize;

  /* Whether this store holds the office lock (redial-pg-office.c): it
   * changes as the lock is tried, found lost, or taken once a new office
   * connection opens. */
  properties[PROP_OFFICE_HELD] =
    g_param_spec_boolean ("office-held", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
redial_pg_store_init (RedialPgStore *self)
{
  g_rec_mutex_init (&self->lock);
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  self->listen_prepared = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  g_queue_init (&self->reads);
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

/* The keys and values of a connection to @self's database: the URL
 * expands in the place of dbname; the password, when there is one, comes
 * last and wins. A server that stops answering (a network cut, a
 * computer asleep) fails a statement within TCP_USER_TIMEOUT rather than
 * the system's quarter of an hour, and an idle connection to it is found
 * dead by keepalives about as soon. */
#define N_CONNECTION_PARAMS 9

static void
connection_params (RedialPgStore *self,
                   const char    *application_name,
                   const char    *keys[N_CONNECTION_PARAMS],
                   const char    *values[N_CONNECTION_PARAMS])
{
  /* The URL's own settings win over those before it. */
  const char *all_keys[] = { "tcp_user_timeout", "keepalives_idle", "keepalives_interval", "keepalives_count",
                             "dbname", "application_name", "connect_timeout", "password", NULL };
  const char *all_values[] = { TCP_USER_TIMEOUT_MS, "5", "2", "3",
                               self->conninfo, application_name, CONNECT_TIMEOUT, self->password, NULL };

  G_STATIC_ASSERT (G_N_ELEMENTS (all_keys) == N_CONNECTION_PARAMS);
  for (int i = 0; i < N_CONNECTION_PARAMS; i++)
    {
      keys[i] = all_keys[i];
      values[i] = all_values[i];
    }
  if (self->password == NULL)
    keys[N_CONNECTION_PARAMS - 2] = NULL;
}

static void
set_unreachable (RedialPgStore  *self,
                 PGconn         *conn,
                 GError        **error)
{
  g_autofree char *safe = redial_pg_store_redact_url (self->conninfo);
  g_autofree char *message = g_strchomp (g_strdup (conn != NULL ? PQerrorMessage (conn) : "out of memory"));

  g_set_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_OPEN,
               _("The database “%s” cannot be reached: %s"), safe, message);
}

PGconn *
redial_pg_store_connect (RedialPgStore  *self,
                         const char     *application_name,
                         GError        **error)
{
  const char *keys[N_CONNECTION_PARAMS];
  const char *values[N_CONNECTION_PARAMS];
  PGconn *conn;

  connection_params (self, application_name, keys, values);
  conn = PQconnectdbParams (keys, values, TRUE);
  if (PQstatus (conn) != CONNECTION_OK)
    {
      set_unreachable (self, conn, error);
      PQfinish (conn);
      return NULL;
    }
  return conn;
}

struct _PgConnecting
{
  RedialPgStore *self;
  PGconn        *conn;
  GMainContext  *context;
  GSource       *step;      /* the socket's watch, or an idle for a failure at once */
  GSource       *deadline;
  PgConnected    callback;
  gpointer       user_data;
};

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

void
redial_pg_connecting_cancel (PgConnecting *connecting)
{
  clear_source (&connecting->step);
  clear_source (&connecting->deadline);
  g_clear_pointer (&connecting->conn, PQfinish);
  g_main_context_unref (connecting->context);
  g_free (connecting);
}

/* Hands the connection, or why there is none, to the callback; frees
 * @connecting first, so that the callback may start another. */
static void
finish_connecting (PgConnecting *connecting,
                   gboolean      connected)
{
  g_autoptr(GError) error = NULL;
  RedialPgStore *self = connecting->self;
  PgConnected callback = connecting->callback;
  gpointer user_data = connecting->user_data;
  PGconn *conn = NULL;

  if (connected)
    conn = g_steal_pointer (&connecting->conn);
  else
    set_unreachable (self, connecting->conn, &error);
  redial_pg_connecting_cancel (connecting);
  callback (self, conn, error, user_data);
}

static gboolean on_connect_step (int fd, GIOCondition condition, gpointer user_data);

/* Waits for the socket as PQconnectPoll() asked, or finishes. */
static void
follow_poll (PgConnecting              *connecting,
             PostgresPollingStatusType  status)
{
  clear_source (&connecting->step);
  if (status == PGRES_POLLING_OK || status == PGRES_POLLING_FAILED)
    {
      finish_connecting (connecting, status == PGRES_POLLING_OK);
      return;
    }
  /* The socket may change from one step to the next (another address). */
  connecting->step = g_unix_fd_source_new (PQsocket (connecting->conn),
                                           status == PGRES_POLLING_READING ? G_IO_IN : G_IO_OUT);
  g_source_set_callback (connecting->step, G_SOURCE_FUNC (on_connect_step), connecting, NULL);
  g_source_attach (connecting->step, connecting->context);
}

static gboolean
on_connect_step (int           fd,
                 GIOCondition  condition,
                 gpointer      user_data)
{
  PgConnecting *connecting = user_data;

  follow_poll (connecting, PQconnectPoll (connecting->conn));
  return G_SOURCE_REMOVE;
}

static gboolean
on_connect_failed (gpointer user_data)
{
  finish_connecting (user_data, FALSE);
  return G_SOURCE_REMOVE;
}

PgConnecting *
redial_pg_store_connect_start (RedialPgStore  *self,
                               const char     *application_name,
                               PgConnected     callback,
                               gpointer        user_data)
{
  PgConnecting *connecting = g_new0 (PgConnecting, 1);
  const char *keys[N_CONNECTION_PARAMS];
  const char *values[N_CONNECTION_PARAMS];

  connecting->self = self;
  connecting->context = g_main_context_ref_thread_default ();
  connecting->callback = callback;
  connecting->user_data = user_data;

  connection_params (self, application_name, keys, values);
  connecting->conn = PQconnectStartParams (keys, values, TRUE);
  if (connecting->conn == NULL || PQstatus (connecting->conn) == CONNECTION_BAD)
    {
      connecting->step = g_idle_source_new ();
      g_source_set_callback (connecting->step, on_connect_failed, connecting, NULL);
      g_source_attach (connecting->step, connecting->context);
      return connecting;
    }

  /* libpq keeps no time in this mode: a server that never answers is
   * given up on as PQconnectdbParams() would. */
  connecting->deadline = g_timeout_source_new_seconds (atoi (CONNECT_TIMEOUT));
  g_source_set_callback (connecting->deadline, on_connect_failed, connecting, NULL);
  g_source_attach (connecting->deadline, connecting->context);
  /* As the documentation says: the first step waits to write. */
  follow_poll (connecting, PGRES_POLLING_WRITING);
  return connecting;
}

RedialPgStore *
redial_pg_store_open (const char  *url,
                      const char  *password,
                      GError     **error)
{
  g_autoptr(RedialPgStore) self = NULL;

  g_return_val_if_fail (redial_pg_store_is_url (url), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (REDIAL_TYPE_PG_STORE, NULL);
  self->conninfo = g_strdup (url);
  self->password = g_strdup (password);
  self->conn = redial_pg_store_connect (self, "redial", error);
  if (self->conn == NULL)
    return NULL;
  self->backend_pid = PQbackendPID (self->conn);

  if (!redial_pg_store_exec (self, "SET client_min_messages = warning", error) ||
      !redial_pg_schema_migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

void
redial_pg_store_set_office_held (RedialPgStore *self,
                                 gboolean       held)
{
  if (self->office_held == held)
    return;
  self->office_held = held;
  g_message ("%s", held ? "This Redial runs the office's automation now"
                        : "Another Redial runs the office's automation now");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFICE_HELD]);
}

gboolean
redial_pg_store_get_office_held (RedialPgStore *self)
{
  g_return_val_if_fail (REDIAL_IS_PG_STORE (self), FALSE);
  return self->office_held;
}

int
redial_pg_store_get_latest_version (void)
{
  return redial_pg_schema_latest ();
}
