/* redial-pg-listener.c: the PostgreSQL store following the other desks: LISTEN case_changed (and desk_presence) on the main loop. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include <glib-unix.h>
#include <stdio.h>

#include "redial-pg-store-private.h"

/* Seconds between attempts to reconnect after the server went away. */
#define RECONNECT_SECONDS 1

/* Sequence numbers are taken when a change is made and announced when
 * it commits, so a change may commit after a later one: a catch-up
 * re-reads this many before the last seen (reading a case twice is
 * harmless). */
#define CATCH_UP_MARGIN 256

static void listen_connect (RedialPgStore *self);

static int
own_backend (RedialPgStore *self)
{
  PG_STORE_LOCK (self);
  return PQbackendPID (self->conn);
}

static void
emit_changed (RedialPgStore *self,
              GHashTable    *cases)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, cases);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_signal_emit_by_name (self, "case-changed", *(gint64 *) key);
}

static void
schedule_reconnect (RedialPgStore *self);

static void
lost (RedialPgStore *self)
{
  g_message ("Lost the database's change announcements; reconnecting");
  self->listen_watch = 0;
  g_clear_pointer (&self->listen_conn, PQfinish);
  schedule_reconnect (self);
}

static gboolean
on_readable (int           fd,
             GIOCondition  condition,
             gpointer      user_data)
{
  RedialPgStore *self = user_data;
  g_autoptr(GHashTable) cases = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  int own = own_backend (self);
  gboolean presence = FALSE;
  PGnotify *notify;

  if (!PQconsumeInput (self->listen_conn))
    {
      lost (self);
      return G_SOURCE_REMOVE;
    }

  while ((notify = PQnotifies (self->listen_conn)) != NULL)
    {
      gint64 case_id = 0;
      gint64 seq = 0;

      if (g_str_equal (notify->relname, "settings_changed"))
        {
          g_signal_emit_by_name (self, "settings-changed", g_ascii_strtoll (notify->extra, NULL, 10));
          PQfreemem (notify);
          continue;
        }
      if (g_str_equal (notify->relname, "desk_presence"))
        presence |= notify->be_pid != own;
      else if (sscanf (notify->extra, "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT, &case_id, &seq) == 2)
        {
          self->last_seen = MAX (self->last_seen, seq);
          /* This desk's own changes: its engine knows of them already. */
          if (notify->be_pid != own)
            g_hash_table_add (cases, g_memdup2 (&case_id, sizeof case_id));
        }
      PQfreemem (notify);
    }

  emit_changed (self, cases);
  if (presence)
    g_signal_emit_by_name (self, "presence-changed");
  return G_SOURCE_CONTINUE;
}

static gboolean
on_reconnect (gpointer user_data)
{
  RedialPgStore *self = user_data;

  self->reconnect_source = 0;
  listen_connect (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (RedialPgStore *self)
{
  GSource *source = g_timeout_source_new_seconds (RECONNECT_SECONDS);

  g_source_set_callback (source, on_reconnect, self, NULL);
  self->reconnect_source = g_source_attach (source, self->listen_context);
  g_source_unref (source);
}

/* Emits every case changed after @self->last_seen (less the margin),
 * read on @conn, which LISTENs already: nothing falls between. */
static gboolean
catch_up (RedialPgStore  *self,
          PGconn         *conn,
          GError        **error)
{
  g_autoptr(GHashTable) cases = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autofree char *since = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (self->last_seen - CATCH_UP_MARGIN, 0));
  const char *values[] = { since };
  g_autoptr(PGresult) result = PQexecParams (conn,
    "SELECT case_id, max (seq) FROM case_changes WHERE seq > $1 GROUP BY case_id",
    1, NULL, values, NULL, NULL, 0);

  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      g_set_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_FAILED, "%s", PQerrorMessage (conn));
      return FALSE;
    }
  for (int i = 0; i < PQntuples (result); i++)
    {
      gint64 case_id = pg_int (result, i, 0);

      self->last_seen = MAX (self->last_seen, pg_int (result, i, 1));
      g_hash_table_add (cases, g_memdup2 (&case_id, sizeof case_id));
    }
  emit_changed (self, cases);
  return TRUE;
}

/* LISTENs on the new connection @conn, then catches up on what happened
 * since the last change seen, and follows @conn on the main loop. */
static gboolean
start_listening (RedialPgStore  *self,
                 PGconn         *conn,
                 GError        **error)
{
  g_autoptr(PGresult) result = PQexec (conn, "LISTEN case_changed; LISTEN desk_presence; LISTEN settings_changed");
  GSource *source;

  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      g_set_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_FAILED, "%s", PQerrorMessage (conn));
      return FALSE;
    }
  if (!catch_up (self, conn, error))
    return FALSE;
  /* Desks may have come and gone meanwhile, and the business settings
   * may have changed while nobody listened. */
  g_signal_emit_by_name (self, "presence-changed");
  g_signal_emit_by_name (self, "settings-changed", (gint64) 0);

  PQsetnonblocking (conn, 1);
  self->listen_conn = conn;
  source = g_unix_fd_source_new (PQsocket (conn), G_IO_IN | G_IO_ERR | G_IO_HUP);
  g_source_set_callback (source, G_SOURCE_FUNC (on_readable), self, NULL);
  self->listen_watch = g_source_attach (source, self->listen_context);
  g_source_unref (source);
  return TRUE;
}

static void
on_listen_connected (RedialPgStore *self,
                     PGconn        *conn,
                     const GError  *error,
                     gpointer       user_data)
{
  g_autoptr(GError) local_error = NULL;

  self->listen_connecting = NULL;
  if (conn == NULL)
    {
      g_debug ("Still no database: %s", error->message);
      schedule_reconnect (self);
      return;
    }
  if (!start_listening (self, conn, &local_error))
    {
      g_debug ("Cannot follow the other desks yet: %s", local_error->message);
      PQfinish (conn);
      schedule_reconnect (self);
      return;
    }
  g_debug ("Following the other desks' changes");
}

/* Opens the listening connection without blocking the main loop. */
static void
listen_connect (RedialPgStore *self)
{
  GMainContext *context = self->listen_context;

  g_main_context_push_thread_default (context);
  self->listen_connecting = redial_pg_store_connect_start (self, "redial-listen", on_listen_connected, NULL);
  g_main_context_pop_thread_default (context);
}

gboolean
redial_pg_store_listen (RedialPgStore  *self,
                        GError        **error)
{
  g_autoptr(PGresult) last = NULL;

  g_return_val_if_fail (REDIAL_IS_PG_STORE (self), FALSE);

  if (self->listen_context != NULL)
    return TRUE;

  /* From now on: what happened before is in the store already, and the
   * catch-up once the listening connection is up covers the meantime. */
  {
    PG_STORE_LOCK (self);

    last = redial_pg_store_run (self, "SELECT coalesce (max (seq), 0) FROM case_changes", NULL, error);
    if (last == NULL)
      return FALSE;
    self->last_seen = pg_int (last, 0, 0);
  }

  self->listen_context = g_main_context_ref_thread_default ();
  listen_connect (self);
  return TRUE;
}

void
redial_pg_listener_stop (RedialPgStore *self)
{
  if (self->listen_watch != 0)
    g_source_destroy (g_main_context_find_source_by_id (self->listen_context, self->listen_watch));
  if (self->reconnect_source != 0)
    g_source_destroy (g_main_context_find_source_by_id (self->listen_context, self->reconnect_source));
  self->listen_watch = 0;
  self->reconnect_source = 0;
  g_clear_pointer (&self->listen_connecting, redial_pg_connecting_cancel);
  g_clear_pointer (&self->listen_conn, PQfinish);
  g_clear_pointer (&self->listen_context, g_main_context_unref);
}
