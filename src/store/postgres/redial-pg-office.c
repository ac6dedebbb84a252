/* redial-pg-office.c: the office's automation runs once: on the one desk or service holding a PostgreSQL advisory lock. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include "redial-pg-store-private.h"

/* Any number, the same for every desk of the office's database. */
#define OFFICE_LOCK "7234016411237121"

/* Tries the lock on the office connection, without waiting for it;
 * returns whether this store holds it. A failed query ends the
 * connection, and with it the lock. */
static gboolean
try_lock (RedialPgStore *self)
{
  g_autoptr(PGresult) result = NULL;

  /* Held: a query that reaches the server shows the session (and so the
   * lock) still stands. Not held: try, without waiting. */
  if (self->office_held)
    result = PQexec (self->office_conn, "SELECT true");
  else
    result = PQexec (self->office_conn, "SELECT pg_try_advisory_lock (" OFFICE_LOCK ")");
  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      g_clear_pointer (&self->office_conn, PQfinish);
      return FALSE;
    }
  return pg_bool (result, 0, 0);
}

static void
on_office_connected (RedialPgStore *self,
                     PGconn        *conn,
                     const GError  *error,
                     gpointer       user_data)
{
  self->office_connecting = NULL;
  if (conn == NULL)
    {
      /* The next look tries again. */
      g_debug ("No connection for the office's automation: %s", error->message);
      return;
    }
  self->office_conn = conn;
  redial_pg_store_set_office_held (self, try_lock (self));
}

/* Opens the office connection without blocking the main loop; the lock
 * is tried as soon as it is open. */
static void
office_connect (RedialPgStore *self)
{
  if (self->office_connecting == NULL)
    self->office_connecting = redial_pg_store_connect_start (self, "redial-office", on_office_connected, NULL);
}

gboolean
redial_pg_store_hold_office_lock (RedialPgStore *self)
{
  g_return_val_if_fail (REDIAL_IS_PG_STORE (self), FALSE);

  if (self->office_conn != NULL && PQstatus (self->office_conn) != CONNECTION_OK)
    g_clear_pointer (&self->office_conn, PQfinish);
  if (self->office_conn != NULL)
    redial_pg_store_set_office_held (self, try_lock (self));

  /* A session lock dies with its connection: a new one holds nothing
   * until it has tried. */
  if (self->office_conn == NULL)
    {
      redial_pg_store_set_office_held (self, FALSE);
      office_connect (self);
    }
  return self->office_held;
}

void
redial_pg_store_release_office_lock (RedialPgStore *self)
{
  g_return_if_fail (REDIAL_IS_PG_STORE (self));

  g_clear_pointer (&self->office_connecting, redial_pg_connecting_cancel);
  g_clear_pointer (&self->office_conn, PQfinish);
  self->office_held = FALSE;
}
