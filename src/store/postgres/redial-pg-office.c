/* redial-pg-office.c: the office's automation runs once: on the one desk or service holding a PostgreSQL advisory lock. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include "redial-pg-store-private.h"

/* Any number, the same for every desk of the office's database. */
#define OFFICE_LOCK "7234016411237121"

gboolean
redial_pg_store_hold_office_lock (RedialPgStore *self)
{
  g_autoptr(PGresult) result = NULL;
  gboolean was_held;

  g_return_val_if_fail (REDIAL_IS_PG_STORE (self), FALSE);

  was_held = self->office_held;
  if (self->office_conn != NULL && PQstatus (self->office_conn) != CONNECTION_OK)
    g_clear_pointer (&self->office_conn, PQfinish);
  if (self->office_conn == NULL)
    {
      g_autoptr(GError) error = NULL;

      /* A session lock dies with its connection: a new one holds nothing. */
      self->office_held = FALSE;
      self->office_conn = redial_pg_store_connect (self, "redial-office", &error);
      if (self->office_conn == NULL)
        {
          g_debug ("No connection for the office's automation: %s", error->message);
          return FALSE;
        }
    }

  /* Held: a query that reaches the server shows the session (and so the
   * lock) still stands. Not held: try, without waiting. */
  if (self->office_held)
    result = PQexec (self->office_conn, "SELECT true");
  else
    result = PQexec (self->office_conn, "SELECT pg_try_advisory_lock (" OFFICE_LOCK ")");
  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      g_clear_pointer (&self->office_conn, PQfinish);
      self->office_held = FALSE;
    }
  else
    self->office_held = pg_bool (result, 0, 0);

  if (self->office_held != was_held)
    g_message ("%s", self->office_held ? "This Redial runs the office's automation now"
                                       : "Another Redial runs the office's automation now");
  return self->office_held;
}

void
redial_pg_store_release_office_lock (RedialPgStore *self)
{
  g_return_if_fail (REDIAL_IS_PG_STORE (self));

  g_clear_pointer (&self->office_conn, PQfinish);
  self->office_held = FALSE;
}
