/* pg-harness.h: a private PostgreSQL server for one test process, started by pg-harness.sh. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Starts the test process's server on first use (initdb in a temporary
 * folder, a free port on 127.0.0.1) and creates a fresh, empty database
 * on it. Returns its postgresql:// URL (free with g_free()). The server
 * stops and its folder goes when the test process ends, however it ends:
 * the harness script waits on a pipe that only this process holds. */
char *pg_harness_create_database (void);

/* Drops the database at @url, made by pg_harness_create_database(). */
void  pg_harness_drop_database   (const char *url);

/* Drops every connection to @url's database that follows the other
 * desks (named "redial-listen"), as a
 * server restart or a network cut would. Returns how many it dropped. */
guint pg_harness_drop_listeners  (const char *url);

/* Drops every connection to @url's database that holds an advisory lock,
 * as the death of its process would. Returns how many it dropped. */
guint pg_harness_drop_lock_holders (const char *url);

/* Sets *@user_data (a gboolean) to TRUE: a deadline for PG_HARNESS_WAIT_FOR(). */
gboolean pg_harness_on_deadline (gpointer user_data);

/* Runs the main loop until @condition holds: a change reaches the other
 * desk in well under a second, so half a minute means it never will. */
#define PG_HARNESS_WAIT_FOR(condition) \
  G_STMT_START { \
    gboolean late = FALSE; \
    guint deadline = g_timeout_add_seconds (30, pg_harness_on_deadline, &late); \
    while (!(condition) && !late) \
      g_main_context_iteration (NULL, TRUE); \
    g_assert_false (late); \
    g_source_remove (deadline); \
  } G_STMT_END

/* Restarts the server out of the desks' reach: every connection ends, as
 * in a restart, and none can come back over TCP until
 * pg_harness_end_outage(). Returns a URL of @url's database that reaches
 * it meanwhile (its socket), for a change made while the desks are away. */
char  *pg_harness_begin_outage (const char *url);
/* Restarts the server as it was: the desks may come back. */
void   pg_harness_end_outage   (void);

/* The first column of the first row of @sql on @url's database, with
 * @text (may be NULL) as its $1; -1 when there is no row or the query
 * fails (the server may be restarting). */
gint64 pg_harness_query_int (const char *url,
                             const char *sql,
                             const char *text);

/* The rows of @sql as text, a line each, its columns between " | ", for
 * a failure's message. Free with g_free(). */
char  *pg_harness_query_rows (const char *url,
                              const char *sql,
                              const char *text);

G_END_DECLS
