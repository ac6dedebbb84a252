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

G_END_DECLS
