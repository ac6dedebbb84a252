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
  if (self->listen_watch != 0)
    g_source_destroy (g_main_context_find_source_by_id (self->listen_context, self->listen_watch));
  self->listen_watch = 0;
  redial_pg_reader_lost (self);
  g_clear_pointer (&self->listen_conn, PQfinish);
  schedule_reconnect (self);
}

void
redial_pg_listener_take (RedialPgStore *self)
{
  g_autoptr(GHashTable) cases = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  /* Not under the store's lock, which a long read may hold. */
  int own = g_atomic_int_get (&self->backend_pid);
  gboolean presence = FALSE;
  PGnotify *notify;

  /* Answers first: libpq reads no announcement that came after an
   * answer until the answer is taken. */
  redial_pg_reader_consume (self);
  if (self->listen_conn == NULL)
    return;

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
}

static gboolean
on_readable (int           fd,
             GIOCondition  condition,
             gpointer      user_data)
{
  RedialPgStore *self = user_data;

  if (!PQconsumeInput (self->listen_conn))
    {
      lost (self);
      return G_SOURCE_CONTINUE;  /* removed by lost() */
    }
  redial_pg_listener_take (self);
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

/* The catch-up's answer: every case changed after the last change seen
 * (less the margin). */
static void
on_caught_up (RedialPgStore *self,
              PGresult      *result,
              const GError  *error,
              gpointer       user_data)
{
  g_autoptr(GHashTable) cases = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  if (result == NULL)
    {
      /* The connection went with it, and the next one catches up. */
      g_debug ("Cannot catch up with the other desks yet: %s", error->message);
      return;
    }
  for (int i = 0; i < PQntuples (result); i++)
    {
      gint64 case_id = pg_int (result, i, 0);

      self->last_seen = MAX (self->last_seen, pg_int (result, i, 1));
      g_hash_table_add (cases, g_memdup2 (&case_id, sizeof case_id));
    }
  emit_changed (self, cases);
  /* Desks may have come and gone meanwhile, and the business settings
   * may have changed while nobody listened. */
  g_signal_emit_by_name (self, "presence-changed");
  g_signal_emit_by_name (self, "settings-changed", (gint64) 0);
  g_debug ("Following the other desks' changes");
}

static void
on_listening (RedialPgStore *self,
              PGresult      *result,
              const GError  *error,
              gpointer       user_data)
{
  if (result == NULL && self->listen_conn != NULL)
    {
      g_debug ("Cannot follow the other desks yet: %s", error->message);
      lost (self);
    }
}

/* Follows the new connection @conn on the main loop: LISTENs on it, then
 * reads there every case changed after the last change seen (less the
 * margin), so that nothing falls between; the reads that waited for a
 * connection go after. */
static void
start_listening (RedialPgStore *self,
                 PGconn        *conn)
{
  g_auto(PgParams) since = { 0 };
  GSource *source;

  PQsetnonblocking (conn, 1);
  self->listen_conn = conn;
  source = g_unix_fd_source_new (PQsocket (conn), G_IO_IN | G_IO_ERR | G_IO_HUP);
  g_source_set_callback (source, G_SOURCE_FUNC (on_readable), self, NULL);
  self->listen_watch = g_source_attach (source, self->listen_context);
  g_source_unref (source);

  pg_param_int (&since, MAX (self->last_seen - CATCH_UP_MARGIN, 0));
  redial_pg_reader_queue (self, "LISTEN case_changed; LISTEN desk_presence; LISTEN settings_changed",
                          NULL, PG_READ_THIS_CONNECTION | PG_READ_FIRST, on_listening, NULL);
  redial_pg_reader_queue (self, "SELECT case_id, max (seq) FROM case_changes WHERE seq > $1 GROUP BY case_id",
                          &since, PG_READ_THIS_CONNECTION | PG_READ_FIRST, on_caught_up, NULL);
}

static void
on_listen_connected (RedialPgStore *self,
                     PGconn        *conn,
                     const GError  *error,
                     gpointer       user_data)
{
  self->listen_connecting = NULL;
  if (conn == NULL)
    {
      g_debug ("Still no database: %s", error->message);
      schedule_reconnect (self);
      return;
    }
  start_listening (self, conn);
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
  redial_pg_reader_stop (self);
  g_clear_pointer (&self->listen_connecting, redial_pg_connecting_cancel);
  g_clear_pointer (&self->listen_conn, PQfinish);
  g_clear_pointer (&self->listen_context, g_main_context_unref);
}
