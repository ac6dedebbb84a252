/* redial-pg-store-private.h: what the PostgreSQL store's files share: the connection, its lock, statement helpers. */
#pragma once

#include <libpq-fe.h>

#include "redial-pg-store.h"
#include "redial-store-columns.h"

G_BEGIN_DECLS

struct _RedialPgStore
{
  GObject     parent_instance;

  char       *conninfo;    /* the URL as given, without a password */
  char       *password;    /* or NULL: libpq looks for one itself */
  PGconn     *conn;
  gint        backend_pid; /* @conn's server process (atomic): its announcements are this desk's */
  GHashTable *statements;  /* const char *sql → its prepared statement's name */
  guint       n_prepared;
  /* One connection for every thread: each public call holds the lock
   * from its first statement to its last, so a transaction is never
   * shared half-way. Recursive, since one call may use another. */
  GRecMutex   lock;

  /* Following the other desks (redial-pg-listener.c), on the main loop. */
  PGconn     *listen_conn;
  struct _PgConnecting *listen_connecting;
  guint       listen_watch;
  guint       reconnect_source;
  gint64      last_seen;   /* the highest change sequence number seen */
  GMainContext *listen_context;
  /* Reads on the listening connection (redial-pg-reader.c). */
  GQueue      reads;           /* PgRead waiting to be sent */
  struct _PgRead *reading;     /* the one being answered, or NULL */
  GHashTable *listen_prepared; /* const char *sql → its prepared statement's name there */
  guint       flush_watch;
  /* Raised by every statement that may have written (any but SELECT):
   * a read answered on the listening connection is older than a change
   * this desk made meanwhile when it moved. */
  gint        writes;

  /* The office's automation lock (redial-pg-office.c), on its own connection. */
  PGconn     *office_conn;
  struct _PgConnecting *office_connecting;
  gboolean    office_held;
};

/* Holds @self's lock until the end of the enclosing scope. */
#define PG_STORE_LOCK(self) \
  g_autoptr(GRecMutexLocker) G_PASTE (locker_, __LINE__) G_GNUC_UNUSED = g_rec_mutex_locker_new (&(self)->lock)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

/* The parameters of one statement, in text form. */
#define PG_MAX_PARAMS 32

typedef struct
{
  const char *values[PG_MAX_PARAMS];
  char       *owned[PG_MAX_PARAMS];
  int         n;
} PgParams;

void        pg_params_clear  (PgParams   *params);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PgParams, pg_params_clear)

/* Appends @text (NULL for NULL). */
void        pg_param_text    (PgParams   *params,
                              const char *text);
void        pg_param_int     (PgParams   *params,
                              gint64      value);
/* Appends a time or id, with 0 as NULL. */
void        pg_param_time    (PgParams   *params,
                              gint64      value);

/* Column readers: NULL reads as NULL, 0 and FALSE. */
const char *pg_text          (PGresult   *result,
                              int         row,
                              int         column);
gint64      pg_int           (PGresult   *result,
                              int         row,
                              int         column);
gboolean    pg_bool          (PGresult   *result,
                              int         row,
                              int         column);
gboolean    pg_is_null       (PGresult   *result,
                              int         row,
                              int         column);
/* The rows a statement without RETURNING changed. */
gint64      pg_changes       (PGresult   *result);

/* Sets @error (REDIAL_STORE_ERROR_FAILED) from the connection's last error; returns FALSE. */
gboolean    redial_pg_store_set_error (RedialPgStore  *self,
                                       GError        **error);
/* Runs @sql (a string literal: the statement cache's key) with @params
 * (may be NULL), prepared on first use. Returns the result, or NULL with
 * @error set. */
PGresult   *redial_pg_store_run      (RedialPgStore  *self,
                                      const char     *sql,
                                      PgParams       *params,
                                      GError        **error);
/* Runs @sql, unprepared (several statements may follow one another). */
gboolean    redial_pg_store_exec     (RedialPgStore  *self,
                                      const char     *sql,
                                      GError        **error);
gboolean    redial_pg_store_begin    (RedialPgStore  *self,
                                      GError        **error);
gboolean    redial_pg_store_commit   (RedialPgStore  *self,
                                      GError        **error);
/* Rolls back the open transaction, if any. */
void        redial_pg_store_rollback (RedialPgStore  *self);

typedef gpointer (*PgFromRow) (PGresult *result,
                               int       row);

/* The rows of @sql built by @from_row: a new array (of GObjects). */
GPtrArray  *redial_pg_store_collect  (RedialPgStore  *self,
                                      const char     *sql,
                                      PgParams       *params,
                                      PgFromRow       from_row,
                                      GError        **error);
/* The first row of @sql built by @from_row, or NULL. */
gpointer    redial_pg_store_first    (RedialPgStore  *self,
                                      const char     *sql,
                                      PgParams       *params,
                                      PgFromRow       from_row,
                                      GError        **error);

/* Opens a connection to @self's database, named @application_name in
 * the server's pg_stat_activity; NULL with @error set. */
PGconn     *redial_pg_store_connect  (RedialPgStore  *self,
                                      const char     *application_name,
                                      GError        **error);

/* A connection being opened without blocking (redial_pg_store_connect_start()). */
typedef struct _PgConnecting PgConnecting;

/* Called on the main context that started the connection with the new
 * connection (yours to PQfinish()), or NULL and why. */
typedef void (*PgConnected) (RedialPgStore *self,
                             PGconn        *conn,
                             const GError  *error,
                             gpointer       user_data);

/* Opens a connection as redial_pg_store_connect() does, without ever
 * blocking: libpq's steps (PQconnectPoll()) follow its socket on the
 * thread-default main context, and @callback is called there once,
 * unless redial_pg_connecting_cancel() comes first. */
PgConnecting *redial_pg_store_connect_start (RedialPgStore  *self,
                                             const char     *application_name,
                                             PgConnected     callback,
                                             gpointer        user_data);
/* Stops opening the connection; the callback is never called. */
void        redial_pg_connecting_cancel     (PgConnecting   *connecting);

/* redial-pg-schema.c: brings the database's schema up to date. */
gboolean    redial_pg_schema_migrate (RedialPgStore  *self,
                                      GError        **error);
int         redial_pg_schema_latest  (void);

/* The columns redial_pg_message_from_row() and redial_pg_case_from_row()
 * read: MESSAGE_COLUMNS, CASE_COLUMNS. */
gpointer    redial_pg_message_from_row (PGresult *result,
                                        int       row);
gpointer    redial_pg_case_from_row    (PGresult *result,
                                        int       row);

/* Each aggregate fills its part of the interface. */
void        redial_pg_cases_init_iface    (RedialStoreInterface *iface);
void        redial_pg_timeline_init_iface (RedialStoreInterface *iface);
void        redial_pg_messages_init_iface (RedialStoreInterface *iface);
void        redial_pg_contacts_init_iface (RedialStoreInterface *iface);
void        redial_pg_booking_init_iface  (RedialStoreInterface *iface);
void        redial_pg_reports_init_iface  (RedialStoreInterface *iface);

/* redial-pg-reports.c: fills in the report's facts of cases that have
 * none (a history copied with the triggers off). */
gboolean    redial_pg_reports_fill_facts  (RedialPgStore        *self,
                                           GError              **error);
void        redial_pg_presence_init_iface (RedialStoreInterface *iface);
void        redial_pg_settings_init_iface (RedialStoreInterface *iface);

/* redial-pg-reader.c: reads without blocking. The listening connection
 * (redial-pg-listener.c) answers them in turn, on the main context that
 * follows the store; a read waits while that connection is down. */
typedef struct _PgRead PgRead;

typedef enum
{
  PG_READ_SHARED          = 0,
  /* Belongs to the listening connection as it is now (LISTEN, the
   * catch-up): fails if that connection is lost, where any other read
   * waits for the next connection and is asked again there. Sent as it
   * is, where other reads are prepared once per connection. */
  PG_READ_THIS_CONNECTION = 1 << 0,
  /* Goes before the reads already waiting. */
  PG_READ_FIRST           = 1 << 1,
} PgReadFlags;

/* Called with the answer (yours only during the call), or NULL and why. */
typedef void (*PgReadDone) (RedialPgStore *self,
                            PGresult      *result,
                            const GError  *error,
                            gpointer       user_data);

/* Queues @sql (a string literal) with a copy of @params (may be NULL),
 * sent at once when the listening connection is up and idle; @done is
 * called once, on the main context that follows the store. */
void        redial_pg_reader_queue   (RedialPgStore  *self,
                                      const char     *sql,
                                      PgParams       *params,
                                      PgReadFlags     flags,
                                      PgReadDone      done,
                                      gpointer        user_data);
/* The answers complete in what the listening connection read go to
 * their callers (redial_pg_listener_take()). */
void        redial_pg_reader_consume (RedialPgStore  *self);
/* The listening connection is lost (call before closing it). */
void        redial_pg_reader_lost    (RedialPgStore  *self);
/* The store stops following: every read waiting fails. */
void        redial_pg_reader_stop    (RedialPgStore  *self);

/* redial-pg-listener.c: what the listening connection read (after
 * PQconsumeInput() or a flush): the answers to reads, then the other
 * desks' announcements. */
void        redial_pg_listener_take       (RedialPgStore        *self);
/* Stops following the other desks. */
void        redial_pg_listener_stop       (RedialPgStore        *self);

/* redial-pg-office.c: whether this store holds the office lock changed:
 * says so in the log and notifies RedialPgStore:office-held. */
void        redial_pg_store_set_office_held (RedialPgStore      *self,
                                             gboolean            held);

G_END_DECLS
