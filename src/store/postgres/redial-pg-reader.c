/* redial-pg-reader.c: the PostgreSQL store's reads on the main loop: sent on the listening connection with libpq's asynchronous calls, answered as its socket becomes readable. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "redial-pg-store-private.h"

/* One statement waiting for the listening connection, being answered,
 * or done. */
struct _PgRead
{
  const char    *sql;         /* a string literal: the prepared statements' key */
  char          *values[PG_MAX_PARAMS];
  int            n_values;
  PgReadFlags    flags;
  PgReadDone     done;
  gpointer       user_data;
  char          *preparing;   /* the name its statement is being prepared under, else NULL */
  PGresult      *result;      /* the answer so far */
};

static void
pg_read_free (PgRead *read)
{
  for (int i = 0; i < read->n_values; i++)
    g_free (read->values[i]);
  g_free (read->preparing);
  g_clear_pointer (&read->result, PQclear);
  g_free (read);
}

/* Tells @read's caller @result or @error, then frees @read. */
static void
finish (RedialPgStore *self,
        PgRead        *read,
        PGresult      *result,
        const GError  *error)
{
  read->done (self, result, error, read->user_data);
  pg_read_free (read);
}

static void
fail (RedialPgStore *self,
      PgRead        *read,
      const char    *message)
{
  g_autoptr(GError) error = g_error_new (REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_FAILED,
                                         _("The database could not be read: %s"), message);

  finish (self, read, NULL, error);
}

static gboolean flush (RedialPgStore *self);

static gboolean
on_writable (int           fd,
             GIOCondition  condition,
             gpointer      user_data)
{
  RedialPgStore *self = user_data;

  self->flush_watch = 0;
  flush (self);
  /* Flushing may have read what the server sent meanwhile. */
  redial_pg_listener_take (self);
  return G_SOURCE_REMOVE;
}

/* Sends what libpq holds back; once the socket takes no more, again when
 * it is writable. FALSE when the connection failed. */
static gboolean
flush (RedialPgStore *self)
{
  int sent = PQflush (self->listen_conn);
  GSource *source;

  if (sent == -1)
    return FALSE;
  if (sent == 0 || self->flush_watch != 0)
    return TRUE;
  source = g_unix_fd_source_new (PQsocket (self->listen_conn), G_IO_OUT);
  g_source_set_callback (source, G_SOURCE_FUNC (on_writable), self, NULL);
  self->flush_watch = g_source_attach (source, self->listen_context);
  g_source_unref (source);
  return TRUE;
}

/* Sends @read on the listening connection: its statement prepared first
 * when this connection has not prepared it yet. FALSE when libpq refused. */
static gboolean
send_read (RedialPgStore *self,
           PgRead        *read)
{
  PGconn *conn = self->listen_conn;
  const char *name;
  int sent;

  if (read->flags & PG_READ_THIS_CONNECTION)
    sent = read->n_values == 0
      ? PQsendQuery (conn, read->sql)
      : PQsendQueryParams (conn, read->sql, read->n_values, NULL,
                           (const char * const *) read->values, NULL, NULL, 0);
  else if ((name = g_hash_table_lookup (self->listen_prepared, read->sql)) != NULL)
    {
      g_clear_pointer (&read->preparing, g_free);
      sent = PQsendQueryPrepared (conn, name, read->n_values,
                                  (const char * const *) read->values, NULL, NULL, 0);
    }
  else
    {
      g_free (read->preparing);
      read->preparing = g_strdup_printf ("redial_read_%u", g_hash_table_size (self->listen_prepared) + 1);
      sent = PQsendPrepare (conn, read->preparing, read->sql, 0, NULL);
    }
  return sent == 1 && flush (self);
}

/* Sends the next read waiting, when the connection is up and idle. */
static void
send_next (RedialPgStore *self)
{
  while (self->reading == NULL && self->listen_conn != NULL && !g_queue_is_empty (&self->reads))
    {
      PgRead *read = g_queue_pop_head (&self->reads);
      g_autofree char *message = NULL;

      if (send_read (self, read))
        {
          self->reading = read;
          return;
        }
      /* Broken here and now: the socket's watch sees the connection go. */
      message = g_strchomp (g_strdup (PQerrorMessage (self->listen_conn)));
      if (read->flags & PG_READ_THIS_CONNECTION)
        fail (self, read, message);
      else
        g_queue_push_head (&self->reads, read);
      return;
    }
}

void
redial_pg_reader_queue (RedialPgStore *self,
                        const char    *sql,
                        PgParams      *params,
                        PgReadFlags    flags,
                        PgReadDone     done,
                        gpointer       user_data)
{
  PgRead *read = g_new0 (PgRead, 1);

  read->sql = sql;
  read->flags = flags;
  read->done = done;
  read->user_data = user_data;
  for (int i = 0; params != NULL && i < params->n; i++)
    read->values[i] = g_strdup (params->values[i]);
  read->n_values = params != NULL ? params->n : 0;

  if (flags & PG_READ_FIRST)
    g_queue_push_head (&self->reads, read);
  else
    g_queue_push_tail (&self->reads, read);
  send_next (self);
}

/* The read answered: the next one goes out, then its caller is told.
 * A statement prepared here is then run with the read's values. */
static void
answered (RedialPgStore *self)
{
  PgRead *read = g_steal_pointer (&self->reading);
  g_autoptr(PGresult) result = g_steal_pointer (&read->result);
  ExecStatusType status = result != NULL ? PQresultStatus (result) : PGRES_FATAL_ERROR;
  g_autofree char *message = NULL;

  if (read->preparing != NULL && status == PGRES_COMMAND_OK)
    {
      g_hash_table_insert (self->listen_prepared, (gpointer) read->sql, g_steal_pointer (&read->preparing));
      g_queue_push_head (&self->reads, read);
      send_next (self);
      return;
    }
  send_next (self);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    {
      finish (self, read, result, NULL);
      return;
    }
  message = g_strchomp (g_strdup (result != NULL ? PQresultErrorMessage (result) : PQerrorMessage (self->listen_conn)));
  fail (self, read, message);
}

void
redial_pg_reader_consume (RedialPgStore *self)
{
  PGconn *conn = self->listen_conn;

  if (conn == NULL)
    return;
  /* libpq asks for a flush again once the socket could be read. */
  if (self->flush_watch != 0)
    {
      g_source_destroy (g_main_context_find_source_by_id (self->listen_context, self->flush_watch));
      self->flush_watch = 0;
      flush (self);
    }
  /* Each answer is one result or more (a statement each), then NULL. */
  while (self->reading != NULL && self->listen_conn == conn && !PQisBusy (conn))
    {
      PGresult *result = PQgetResult (conn);

      if (result == NULL)
        answered (self);
      else if (self->reading->result == NULL || PQresultStatus (result) == PGRES_FATAL_ERROR)
        {
          g_clear_pointer (&self->reading->result, PQclear);
          self->reading->result = result;
        }
      else
        PQclear (result);
    }
}

void
redial_pg_reader_lost (RedialPgStore *self)
{
  g_autoptr(GQueue) these = g_queue_new ();
  PgRead *read;

  if (self->flush_watch != 0)
    g_source_destroy (g_main_context_find_source_by_id (self->listen_context, self->flush_watch));
  self->flush_watch = 0;
  g_hash_table_remove_all (self->listen_prepared);

  /* What the lost connection was answering is asked again on the next. */
  if (self->reading != NULL)
    {
      read = g_steal_pointer (&self->reading);
      g_clear_pointer (&read->result, PQclear);
      g_clear_pointer (&read->preparing, g_free);
      g_queue_push_head (&self->reads, read);
    }
  /* What belonged to the lost connection fails with it. */
  for (GList *l = self->reads.head, *next; l != NULL; l = next)
    {
      next = l->next;
      read = l->data;
      if (read->flags & PG_READ_THIS_CONNECTION)
        {
          g_queue_unlink (&self->reads, l);
          g_queue_push_tail_link (these, l);
        }
    }
  while ((read = g_queue_pop_head (these)) != NULL)
    fail (self, read, _("the connection was lost"));
}

void
redial_pg_reader_stop (RedialPgStore *self)
{
  PgRead *read;

  redial_pg_reader_lost (self);
  while ((read = g_queue_pop_head (&self->reads)) != NULL)
    fail (self, read, _("the database was closed"));
}
