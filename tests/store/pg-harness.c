/* pg-harness.c: a private PostgreSQL server for one test process, started by pg-harness.sh. */
#include "config.h"

#include <gio/gio.h>
#include <libpq-fe.h>

#include "pg-harness.h"

static GSubprocess *server;
static GDataInputStream *server_out;
static char *server_url;  /* postgresql://redial@127.0.0.1:PORT/ */
static char *server_port;
static char *server_socket_dir;
static guint n_databases;
/* The connection pg_harness_query_int() reuses, and its URL. */
static PGconn *query_conn;
static char *query_url;

static const char *
start_server (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = NULL;
  g_autofree char *ready = NULL;
  g_auto(GStrv) words = NULL;

  if (server_url != NULL)
    return server_url;

  script = g_test_build_filename (G_TEST_DIST, "store", "pg-harness.sh", NULL);
  /* Its stdin is ours alone and never written: it ends when we do. */
  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                             script, NULL);
  g_assert_no_error (error);
  server_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  ready = g_data_input_stream_read_line_utf8 (server_out, NULL, NULL, &error);
  g_assert_no_error (error);
  if (ready == NULL || !g_str_has_prefix (ready, "ready "))
    g_error ("The test PostgreSQL server did not start (is the postgresql package installed?)");
  words = g_strsplit (ready, " ", 3);
  server_url = g_strdup_printf ("postgresql://redial@127.0.0.1:%s/", words[1]);
  server_port = g_strdup (words[1]);
  server_socket_dir = g_strdup (words[2]);
  return server_url;
}

/* Runs @sql on the server's maintenance database. */
static void
run_on_server (const char *sql)
{
  g_autofree char *url = g_strconcat (start_server (), "postgres", NULL);
  PGconn *conn = PQconnectdb (url);
  PGresult *result;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  PQclear (result);
  PQfinish (conn);
}

char *
pg_harness_create_database (void)
{
  g_autofree char *name = g_strdup_printf ("test_%u", ++n_databases);
  g_autofree char *sql = g_strdup_printf ("CREATE DATABASE %s", name);

  run_on_server (sql);
  return g_strconcat (start_server (), name, NULL);
}

void
pg_harness_drop_database (const char *url)
{
  const char *name = strrchr (url, '/') + 1;
  g_autofree char *sql = g_strdup_printf ("DROP DATABASE %s WITH (FORCE)", name);

  if (g_strcmp0 (query_url, url) == 0)
    g_clear_pointer (&query_conn, PQfinish);
  run_on_server (sql);
}

/* Ends the sessions @query finds, waiting until each has gone; returns how many. */
static guint
terminate (const char *url,
           const char *query)
{
  PGconn *conn = PQconnectdb (url);
  PGresult *result;
  guint dropped;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, query);
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  dropped = PQntuples (result);
  PQclear (result);
  PQfinish (conn);
  return dropped;
}

guint
pg_harness_drop_listeners (const char *url)
{
  return terminate (url, "SELECT pg_terminate_backend (pid, 5000) FROM pg_stat_activity"
                         " WHERE datname = current_database () AND application_name = 'redial-listen'"
                         " AND pid <> pg_backend_pid ()");
}

guint
pg_harness_drop_lock_holders (const char *url)
{
  return terminate (url, "SELECT pg_terminate_backend (pid, 5000) FROM pg_locks"
                         " WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid ()");
}

gboolean
pg_harness_on_deadline (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static PGresult *
query (const char *url,
       const char *sql,
       const char *text)
{
  const char *values[] = { text };

  /* A new connection for another database, or after a restart. */
  if (query_conn != NULL && (g_strcmp0 (query_url, url) != 0 || PQstatus (query_conn) != CONNECTION_OK))
    g_clear_pointer (&query_conn, PQfinish);
  if (query_conn == NULL)
    {
      g_free (query_url);
      query_url = g_strdup (url);
      query_conn = PQconnectdb (url);
    }
  if (PQstatus (query_conn) != CONNECTION_OK)
    {
      g_clear_pointer (&query_conn, PQfinish);
      return NULL;
    }
  return PQexecParams (query_conn, sql, text != NULL ? 1 : 0, NULL, values, NULL, NULL, 0);
}

gint64
pg_harness_query_int (const char *url,
                      const char *sql,
                      const char *text)
{
  PGresult *result = query (url, sql, text);
  gint64 value = -1;

  if (PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) > 0 && !PQgetisnull (result, 0, 0))
    value = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  return value;
}

char *
pg_harness_query_rows (const char *url,
                       const char *sql,
                       const char *text)
{
  PGresult *result = query (url, sql, text);
  GString *rows = g_string_new (NULL);

  for (int i = 0; PQresultStatus (result) == PGRES_TUPLES_OK && i < PQntuples (result); i++)
    {
      for (int j = 0; j < PQnfields (result); j++)
        g_string_append_printf (rows, "%s%s", j > 0 ? " | " : "",
                                PQgetisnull (result, i, j) ? "NULL" : PQgetvalue (result, i, j));
      g_string_append_c (rows, '\n');
    }
  PQclear (result);
  return g_string_free (rows, FALSE);
}

/* Asks the harness script for @command and waits for its answer. */
static void
tell_server (const char *command)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_strconcat (command, "\n", NULL);
  g_autofree char *answer = NULL;

  start_server ();
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (server), line, strlen (line), NULL, NULL, &error);
  g_assert_no_error (error);
  answer = g_data_input_stream_read_line_utf8 (server_out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (answer, ==, command);
}

char *
pg_harness_begin_outage (const char *url)
{
  const char *name = strrchr (url, '/') + 1;

  tell_server ("outage");
  return g_strdup_printf ("postgresql://redial@/%s?host=%s&port=%s", name, server_socket_dir, server_port);
}

void
pg_harness_end_outage (void)
{
  tell_server ("back");
}
