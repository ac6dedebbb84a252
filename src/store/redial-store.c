/* redial-store.c: Redial's records in one SQLite file. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "redial-store.h"

struct _RedialStore
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  GHashTable *statements;  /* const char *sql → sqlite3_stmt *, prepared once */
};

G_DEFINE_FINAL_TYPE (RedialStore, redial_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (redial-store-error-quark, redial_store_error)

/* Forward migrations: entry N brings a file from user_version N to N + 1.
 * Never edit a shipped entry; append a new one. */
static const char * const migrations[] = {
  /* 0 → 1: the first schema. */
  "CREATE TABLE cases ("
  "  id                INTEGER PRIMARY KEY,"
  "  caller            TEXT,"
  "  caller_name       TEXT,"
  "  line_label        TEXT,"
  "  state             TEXT NOT NULL DEFAULT 'new',"
  "  n_calls           INTEGER NOT NULL DEFAULT 1,"
  "  first_call_at     INTEGER NOT NULL,"
  "  last_call_at      INTEGER NOT NULL,"
  "  first_response_at INTEGER,"
  "  texted_back       INTEGER NOT NULL DEFAULT 0,"
  "  closed_at         INTEGER,"
  "  outcome           TEXT"
  ") STRICT;"
  "CREATE INDEX cases_open ON cases (first_call_at) WHERE closed_at IS NULL;"
  "CREATE UNIQUE INDEX cases_open_caller ON cases (caller)"
  "  WHERE closed_at IS NULL AND caller IS NOT NULL;"
  "CREATE TABLE calls ("
  "  id               INTEGER PRIMARY KEY,"
  "  provider         TEXT NOT NULL,"
  "  provider_call_id TEXT NOT NULL,"
  "  caller           TEXT,"
  "  caller_name      TEXT,"
  "  line             TEXT,"
  "  line_label       TEXT,"
  "  started_at       INTEGER NOT NULL,"
  "  ended_at         INTEGER,"
  "  disposition      TEXT NOT NULL,"
  "  case_id          INTEGER REFERENCES cases (id),"
  "  UNIQUE (provider, provider_call_id)"
  ") STRICT;"
  "CREATE INDEX calls_case ON calls (case_id);"
  "CREATE TABLE messages ("
  "  id                  INTEGER PRIMARY KEY,"
  "  case_id             INTEGER NOT NULL REFERENCES cases (id),"
  "  direction           TEXT NOT NULL,"
  "  kind                TEXT NOT NULL,"
  "  peer                TEXT NOT NULL,"
  "  body                TEXT NOT NULL,"
  "  status              TEXT NOT NULL,"
  "  provider_message_id TEXT UNIQUE,"
  "  error               TEXT,"
  "  created_at          INTEGER NOT NULL,"
  "  updated_at          INTEGER NOT NULL"
  ") STRICT;"
  "CREATE INDEX messages_case ON messages (case_id);"
  "CREATE TABLE contacts ("
  "  id    INTEGER PRIMARY KEY,"
  "  phone TEXT NOT NULL UNIQUE,"
  "  name  TEXT"
  ") STRICT;"
  "CREATE TABLE opt_outs ("
  "  phone         TEXT PRIMARY KEY,"
  "  opted_out_at  INTEGER NOT NULL"
  ") STRICT;"
  "CREATE TABLE opt_out_audit ("
  "  id        INTEGER PRIMARY KEY,"
  "  phone     TEXT NOT NULL,"
  "  opted_out INTEGER NOT NULL,"
  "  at        INTEGER NOT NULL,"
  "  message   TEXT"
  ") STRICT;",

  /* 1 → 2: the recovery rules: kinds, emergencies, reply clocks,
   * follow-ups, the outbox's hand-off time, SLA events, the block list. */
  "ALTER TABLE cases ADD COLUMN kind TEXT NOT NULL DEFAULT 'new-lead';"
  "ALTER TABLE cases ADD COLUMN kind_reason TEXT;"
  "ALTER TABLE cases ADD COLUMN emergency INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE cases ADD COLUMN reply_waiting_since INTEGER;"
  "ALTER TABLE cases ADD COLUMN followups_sent INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE messages ADD COLUMN attempted_at INTEGER;"
  "CREATE INDEX messages_unsent ON messages (id)"
  "  WHERE status = 'queued' AND provider_message_id IS NULL AND direction = 'outbound';"
  "CREATE TABLE sla_events ("
  "  id      INTEGER PRIMARY KEY,"
  "  case_id INTEGER NOT NULL REFERENCES cases (id),"
  "  clock   TEXT NOT NULL,"
  "  episode INTEGER NOT NULL,"
  "  level   TEXT NOT NULL,"
  "  at      INTEGER NOT NULL,"
  "  UNIQUE (case_id, clock, episode, level)"
  ") STRICT;"
  "CREATE TABLE blocked_numbers ("
  "  phone    TEXT PRIMARY KEY,"
  "  added_at INTEGER NOT NULL,"
  "  reason   TEXT"
  ") STRICT;",
};

/* The columns case_from_row() and message_from_row() read, in order. */
#define CASE_COLUMNS \
  "id, caller, caller_name, line_label, state, n_calls, first_call_at," \
  " last_call_at, first_response_at, texted_back, kind, kind_reason, emergency," \
  " reply_waiting_since, followups_sent"
#define MESSAGE_COLUMNS \
  "id, case_id, direction, kind, peer, body, status, provider_message_id, error, created_at," \
  " attempted_at"

static gboolean
set_error (RedialStore  *self,
           GError      **error)
{
  g_set_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_FAILED,
               _("The database could not be written: %s"), sqlite3_errmsg (self->db));
  return FALSE;
}

static gboolean
exec (RedialStore  *self,
      const char   *sql,
      GError      **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_FAILED,
                   _("The database could not be written: %s"), message);
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

/* Returns the cached, reset statement for @sql, which must be a string
 * literal (it is the cache key). */
static sqlite3_stmt *
statement (RedialStore  *self,
           const char   *sql,
           GError      **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      set_error (self, error);
      return NULL;
    }

  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static void
bind_time (sqlite3_stmt *stmt,
           int           index,
           gint64        value)
{
  if (value == 0)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, value);
}

/* Runs a statement that returns no rows. */
static gboolean
step_done (RedialStore   *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_error (self, error);
  return TRUE;
}

static gboolean
begin (RedialStore  *self,
       GError      **error)
{
  sqlite3_stmt *stmt = statement (self, "BEGIN IMMEDIATE", error);
  return stmt != NULL && step_done (self, stmt, error);
}

static gboolean
commit (RedialStore  *self,
        GError      **error)
{
  sqlite3_stmt *stmt = statement (self, "COMMIT", error);
  return stmt != NULL && step_done (self, stmt, error);
}

static void
rollback (RedialStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

/* Builds a case from a row of case_columns. */
static RedialCase *
case_from_row (sqlite3_stmt *stmt)
{
  RedialCaseState state = REDIAL_CASE_STATE_NEW;
  RedialCaseKind kind = REDIAL_CASE_KIND_NEW_LEAD;

  redial_case_state_from_string (column_text (stmt, 4), &state);
  redial_case_kind_from_string (column_text (stmt, 10), &kind);

  return g_object_new (REDIAL_TYPE_CASE,
                       "id", sqlite3_column_int64 (stmt, 0),
                       "caller", column_text (stmt, 1),
                       "caller-name", column_text (stmt, 2),
                       "line-label", column_text (stmt, 3),
                       "state", state,
                       "n-calls", (guint) sqlite3_column_int (stmt, 5),
                       "first-call-at", sqlite3_column_int64 (stmt, 6),
                       "last-call-at", sqlite3_column_int64 (stmt, 7),
                       "first-response-at", sqlite3_column_int64 (stmt, 8),
                       "texted-back", sqlite3_column_int (stmt, 9) != 0,
                       "kind", kind,
                       "kind-reason", column_text (stmt, 11),
                       "emergency", sqlite3_column_int (stmt, 12) != 0,
                       "reply-waiting-since", sqlite3_column_int64 (stmt, 13),
                       "followups-sent", (guint) sqlite3_column_int (stmt, 14),
                       NULL);
}

static RedialMessage *
message_from_row (sqlite3_stmt *stmt)
{
  RedialMessageDirection direction = REDIAL_MESSAGE_DIRECTION_OUTBOUND;
  RedialMessageKind kind = REDIAL_MESSAGE_KIND_MANUAL;
  RedialMessageStatus status = REDIAL_MESSAGE_STATUS_QUEUED;
  RedialMessage *message;

  redial_message_direction_from_string (column_text (stmt, 2), &direction);
  redial_message_kind_from_string (column_text (stmt, 3), &kind);
  redial_message_status_from_string (column_text (stmt, 6), &status);

  message = redial_message_new (sqlite3_column_int64 (stmt, 1), direction, kind,
                                column_text (stmt, 4), column_text (stmt, 5),
                                sqlite3_column_int64 (stmt, 9));
  redial_message_set_id (message, sqlite3_column_int64 (stmt, 0));
  redial_message_set_status (message, status);
  redial_message_set_provider_message_id (message, column_text (stmt, 7));
  redial_message_set_error (message, column_text (stmt, 8));
  redial_message_set_attempted_at (message, sqlite3_column_int64 (stmt, 10));
  return message;
}

/* Collects the rows of @stmt, built by @from_row, into a new array. */
static GPtrArray *
collect_rows (RedialStore   *self,
              sqlite3_stmt  *stmt,
              gpointer     (*from_row) (sqlite3_stmt *),
              GError       **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, from_row (stmt));

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_error (self, error);
      return NULL;
    }

  return g_steal_pointer (&rows);
}

/* Returns the first row of @stmt built by @from_row, or NULL. */
static gpointer
first_row (RedialStore   *self,
           sqlite3_stmt  *stmt,
           gpointer     (*from_row) (sqlite3_stmt *),
           GError       **error)
{
  gpointer result = NULL;
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    result = from_row (stmt);
  else if (rc != SQLITE_DONE)
    set_error (self, error);

  sqlite3_reset (stmt);
  return result;
}

static gboolean
migrate (RedialStore  *self,
         GError      **error)
{
  int version = redial_store_get_schema_version (self);

  if (version > (int) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_TOO_NEW,
                   _("The database “%s” was written by a newer version of Redial (schema %d)."),
                   self->path, version);
      return FALSE;
    }

  for (; version < (int) G_N_ELEMENTS (migrations); version++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      if (!exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!exec (self, migrations[version], error) || !exec (self, bump, error))
        {
          rollback (self);
          return FALSE;
        }
      if (!exec (self, "COMMIT", error))
        {
          rollback (self);
          return FALSE;
        }
      g_debug ("Database %s migrated to schema %d", self->path, version + 1);
    }

  return TRUE;
}

static void
redial_store_finalize (GObject *object)
{
  RedialStore *self = REDIAL_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->db, sqlite3_close);
  g_free (self->path);

  G_OBJECT_CLASS (redial_store_parent_class)->finalize (object);
}

static void
redial_store_class_init (RedialStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = redial_store_finalize;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
redial_store_init (RedialStore *self)
{
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                            finalize_statement);
}

char *
redial_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "redial", "redial.db", NULL);
}

RedialStore *
redial_store_open (const char  *path,
                   GError     **error)
{
  g_autoptr(RedialStore) self = NULL;
  g_autofree char *dir = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (REDIAL_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_OPEN,
                   _("The folder “%s” cannot be created: %s"), dir, g_strerror (saved));
      return NULL;
    }

  if (sqlite3_open_v2 (path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_OPEN,
                   _("The database “%s” cannot be opened: %s"), path,
                   self->db ? sqlite3_errmsg (self->db) : g_strerror (ENOMEM));
      return NULL;
    }

  sqlite3_busy_timeout (self->db, 5000);

  /* WAL with synchronous=NORMAL: a commit survives the process dying at any
   * point (the outbox rule depends on that); only a power cut can lose the
   * last commits, and never corrupts the file. A larger cache and fewer
   * checkpoints keep the per-call write cheap: each call is its own commit. */
  if (!exec (self, "PRAGMA journal_mode = WAL;"
                   "PRAGMA synchronous = NORMAL;"
                   "PRAGMA foreign_keys = ON;"
                   "PRAGMA cache_size = -16384;"
                   "PRAGMA wal_autocheckpoint = 8192;", error))
    {
      g_prefix_error (error, _("The database “%s” cannot be used: "), path);
      return NULL;
    }

  if (!migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
redial_store_get_path (RedialStore *self)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);
  return self->path;
}

int
redial_store_get_latest_version (void)
{
  return G_N_ELEMENTS (migrations);
}

int
redial_store_get_schema_version (RedialStore *self)
{
  sqlite3_stmt *stmt;
  int version = -1;

  g_return_val_if_fail (REDIAL_IS_STORE (self), -1);

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

/* Inserts @call tied to @case_id (0 for none). Returns its id, 0 when the
 * provider reported it before, -1 on error. */
static gint64
insert_call (RedialStore  *self,
             RedialCall   *call,
             gint64        case_id,
             GError      **error)
{
  sqlite3_stmt *stmt = statement (self,
    "INSERT INTO calls (provider, provider_call_id, caller, caller_name, line, line_label,"
    "                   started_at, ended_at, disposition, case_id)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (provider, provider_call_id) DO NOTHING", error);

  if (stmt == NULL)
    return -1;

  bind_text (stmt, 1, redial_call_get_provider (call));
  bind_text (stmt, 2, redial_call_get_provider_call_id (call));
  bind_text (stmt, 3, redial_call_get_caller (call));
  bind_text (stmt, 4, redial_call_get_caller_name (call));
  bind_text (stmt, 5, redial_call_get_line (call));
  bind_text (stmt, 6, redial_call_get_line_label (call));
  sqlite3_bind_int64 (stmt, 7, redial_call_get_started_at (call));
  bind_time (stmt, 8, redial_call_get_ended_at (call));
  bind_text (stmt, 9, redial_disposition_to_string (redial_call_get_disposition (call)));
  bind_time (stmt, 10, case_id);

  if (!step_done (self, stmt, error))
    return -1;
  if (sqlite3_changes (self->db) == 0)
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

static RedialCase *
case_of_call (RedialStore  *self,
              RedialCall   *call,
              GError      **error)
{
  sqlite3_stmt *stmt = statement (self,
    "SELECT " CASE_COLUMNS " FROM cases WHERE id = (SELECT case_id FROM calls WHERE provider = ? AND provider_call_id = ?)",
    error);

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, redial_call_get_provider (call));
  bind_text (stmt, 2, redial_call_get_provider_call_id (call));
  return first_row (self, stmt, (gpointer) case_from_row, error);
}

/* Joins @call to its caller's open case, or opens one. */
static RedialCase *
join_or_open_case (RedialStore        *self,
                   RedialCall         *call,
                   RedialStoreRecord  *record,
                   GError            **error)
{
  g_autoptr(RedialCase) kase = NULL;
  g_autoptr(RedialContact) contact = NULL;
  const char *caller = redial_call_get_caller (call);
  const char *name = redial_call_get_caller_name (call);
  gint64 at = redial_call_get_started_at (call);
  sqlite3_stmt *stmt;
  GError *local_error = NULL;

  if (caller != NULL)
    {
      kase = redial_store_find_open_case (self, caller, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
    }

  if (kase != NULL)
    {
      stmt = statement (self,
        "UPDATE cases SET n_calls = n_calls + 1, last_call_at = max(last_call_at, ?)"
        " WHERE id = ?", error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, at);
      sqlite3_bind_int64 (stmt, 2, redial_case_get_id (kase));
      if (!step_done (self, stmt, error))
        return NULL;

      redial_case_set_n_calls (kase, redial_case_get_n_calls (kase) + 1);
      redial_case_set_last_call_at (kase, MAX (redial_case_get_last_call_at (kase), at));
      *record = REDIAL_STORE_RECORD_JOINED;
      return g_steal_pointer (&kase);
    }

  if (caller != NULL)
    {
      contact = redial_store_find_contact (self, caller, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
      if (contact != NULL && redial_contact_get_name (contact) != NULL)
        name = redial_contact_get_name (contact);
    }

  stmt = statement (self,
    "INSERT INTO cases (caller, caller_name, line_label, state, n_calls, first_call_at, last_call_at)"
    " VALUES (?, ?, ?, 'new', 1, ?, ?)", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, caller);
  bind_text (stmt, 2, name);
  bind_text (stmt, 3, redial_call_get_line_label (call));
  sqlite3_bind_int64 (stmt, 4, at);
  sqlite3_bind_int64 (stmt, 5, at);
  if (!step_done (self, stmt, error))
    return NULL;

  kase = redial_case_new (sqlite3_last_insert_rowid (self->db), caller, at);
  redial_case_set_caller_name (kase, name);
  redial_case_set_line_label (kase, redial_call_get_line_label (call));
  *record = REDIAL_STORE_RECORD_NEW_CASE;
  return g_steal_pointer (&kase);
}

RedialCase *
redial_store_record_call (RedialStore        *self,
                          RedialCall         *call,
                          RedialStoreRecord  *record,
                          GError            **error)
{
  g_autoptr(RedialCase) kase = NULL;
  RedialStoreRecord result = REDIAL_STORE_RECORD_ANSWERED;
  GError *local_error = NULL;
  gint64 call_id;

  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);
  g_return_val_if_fail (REDIAL_IS_CALL (call), NULL);
  g_return_val_if_fail (redial_call_get_provider (call) != NULL, NULL);
  g_return_val_if_fail (redial_call_get_provider_call_id (call) != NULL, NULL);

  if (!begin (self, error))
    return NULL;

  /* The case first, so that the call row is written once, with its case;
   * a duplicate call is rare and simply rolls everything back. */
  if (redial_call_get_disposition (call) != REDIAL_DISPOSITION_ANSWERED)
    {
      kase = join_or_open_case (self, call, &result, error);
      if (kase == NULL)
        goto failed;
    }

  call_id = insert_call (self, call, kase != NULL ? redial_case_get_id (kase) : 0, error);
  if (call_id < 0)
    goto failed;

  if (call_id == 0)
    {
      /* The provider reported this call before: change nothing. */
      rollback (self);
      g_clear_object (&kase);
      kase = case_of_call (self, call, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
      if (kase != NULL)
        redial_call_set_case_id (call, redial_case_get_id (kase));
      if (record != NULL)
        *record = REDIAL_STORE_RECORD_DUPLICATE;
      return g_steal_pointer (&kase);
    }

  if (kase != NULL)
    redial_case_set_opted_out (kase, redial_case_get_caller (kase) != NULL &&
                                     redial_store_is_opted_out (self, redial_case_get_caller (kase)));

  if (!commit (self, error))
    goto failed;

  redial_call_set_id (call, call_id);
  if (kase != NULL)
    redial_call_set_case_id (call, redial_case_get_id (kase));
  if (record != NULL)
    *record = result;
  return g_steal_pointer (&kase);

failed:
  rollback (self);
  return NULL;
}

GPtrArray *
redial_store_list_open_cases (RedialStore  *self,
                              GError      **error)
{
  sqlite3_stmt *stmt;
  GPtrArray *cases;

  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);

  stmt = statement (self,
    "SELECT " CASE_COLUMNS " FROM cases WHERE closed_at IS NULL ORDER BY first_call_at, id", error);
  if (stmt == NULL)
    return NULL;

  cases = collect_rows (self, stmt, (gpointer) case_from_row, error);
  if (cases == NULL)
    return NULL;

  for (guint i = 0; i < cases->len; i++)
    {
      RedialCase *kase = g_ptr_array_index (cases, i);
      const char *caller = redial_case_get_caller (kase);

      redial_case_set_opted_out (kase, caller != NULL && redial_store_is_opted_out (self, caller));
    }

  return cases;
}

RedialCase *
redial_store_get_case (RedialStore  *self,
                       gint64        case_id,
                       GError      **error)
{
  sqlite3_stmt *stmt;
  GError *local_error = NULL;
  RedialCase *kase;

  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);

  stmt = statement (self,
    "SELECT " CASE_COLUMNS " FROM cases WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, case_id);

  kase = first_row (self, stmt, (gpointer) case_from_row, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else if (kase == NULL)
    g_set_error_literal (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_NOT_FOUND,
                         _("The case asked for does not exist."));
  return kase;
}

RedialCase *
redial_store_find_open_case (RedialStore  *self,
                             const char   *caller,
                             GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);
  g_return_val_if_fail (caller != NULL, NULL);

  stmt = statement (self,
    "SELECT " CASE_COLUMNS " FROM cases WHERE caller = ? AND closed_at IS NULL", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, caller);
  return first_row (self, stmt, (gpointer) case_from_row, error);
}

RedialCase *
redial_store_open_case (RedialStore  *self,
                        const char   *caller,
                        gint64        at,
                        GError      **error)
{
  g_autoptr(RedialContact) contact = NULL;
  RedialCase *kase;
  sqlite3_stmt *stmt;
  GError *local_error = NULL;

  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);
  g_return_val_if_fail (caller != NULL, NULL);

  contact = redial_store_find_contact (self, caller, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  stmt = statement (self,
    "INSERT INTO cases (caller, caller_name, state, n_calls, first_call_at, last_call_at)"
    " VALUES (?, ?, 'new', 0, ?, ?)", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, caller);
  bind_text (stmt, 2, contact != NULL ? redial_contact_get_name (contact) : NULL);
  sqlite3_bind_int64 (stmt, 3, at);
  sqlite3_bind_int64 (stmt, 4, at);
  if (!step_done (self, stmt, error))
    return NULL;

  kase = redial_case_new (sqlite3_last_insert_rowid (self->db), caller, at);
  redial_case_set_n_calls (kase, 0);
  if (contact != NULL)
    redial_case_set_caller_name (kase, redial_contact_get_name (contact));
  redial_case_set_opted_out (kase, redial_store_is_opted_out (self, caller));
  return kase;
}

gboolean
redial_store_update_case (RedialStore  *self,
                          RedialCase   *kase,
                          GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), FALSE);

  stmt = statement (self,
    "UPDATE cases SET caller_name = ?, line_label = ?, state = ?, n_calls = ?,"
    "                 last_call_at = ?, first_response_at = ?, texted_back = ?,"
    "                 kind = ?, kind_reason = ?, emergency = ?, reply_waiting_since = ?,"
    "                 followups_sent = ?"
    " WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, redial_case_get_caller_name (kase));
  bind_text (stmt, 2, redial_case_get_line_label (kase));
  bind_text (stmt, 3, redial_case_state_to_string (redial_case_get_state (kase)));
  sqlite3_bind_int (stmt, 4, (int) redial_case_get_n_calls (kase));
  sqlite3_bind_int64 (stmt, 5, redial_case_get_last_call_at (kase));
  bind_time (stmt, 6, redial_case_get_first_response_at (kase));
  sqlite3_bind_int (stmt, 7, redial_case_get_texted_back (kase) ? 1 : 0);
  bind_text (stmt, 8, redial_case_kind_to_string (redial_case_get_kind (kase)));
  bind_text (stmt, 9, redial_case_get_kind_reason (kase));
  sqlite3_bind_int (stmt, 10, redial_case_get_emergency (kase) ? 1 : 0);
  bind_time (stmt, 11, redial_case_get_reply_waiting_since (kase));
  sqlite3_bind_int (stmt, 12, (int) redial_case_get_followups_sent (kase));
  sqlite3_bind_int64 (stmt, 13, redial_case_get_id (kase));
  return step_done (self, stmt, error);
}

gboolean
redial_store_close_case (RedialStore  *self,
                         gint64        case_id,
                         const char   *outcome,
                         gint64        closed_at,
                         GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);
  g_return_val_if_fail (outcome != NULL, FALSE);

  stmt = statement (self,
    "UPDATE cases SET state = 'closed', outcome = ?, closed_at = ?"
    " WHERE id = ? AND closed_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, outcome);
  sqlite3_bind_int64 (stmt, 2, closed_at);
  sqlite3_bind_int64 (stmt, 3, case_id);
  return step_done (self, stmt, error);
}

static gboolean
insert_message (RedialStore    *self,
                RedialMessage  *message,
                GError        **error)
{
  sqlite3_stmt *stmt = statement (self,
    "INSERT INTO messages (case_id, direction, kind, peer, body, status,"
    "                      provider_message_id, error, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, redial_message_get_case_id (message));
  bind_text (stmt, 2, redial_message_direction_to_string (redial_message_get_direction (message)));
  bind_text (stmt, 3, redial_message_kind_to_string (redial_message_get_kind (message)));
  bind_text (stmt, 4, redial_message_get_peer (message));
  bind_text (stmt, 5, redial_message_get_body (message));
  bind_text (stmt, 6, redial_message_status_to_string (redial_message_get_status (message)));
  bind_text (stmt, 7, redial_message_get_provider_message_id (message));
  bind_text (stmt, 8, redial_message_get_error (message));
  sqlite3_bind_int64 (stmt, 9, redial_message_get_created_at (message));
  sqlite3_bind_int64 (stmt, 10, redial_message_get_created_at (message));
  if (!step_done (self, stmt, error))
    return FALSE;

  redial_message_set_id (message, sqlite3_last_insert_rowid (self->db));
  return TRUE;
}

gboolean
redial_store_queue_text_back (RedialStore    *self,
                              RedialCase     *kase,
                              RedialMessage  *message,
                              GError        **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), FALSE);
  g_return_val_if_fail (REDIAL_IS_MESSAGE (message), FALSE);

  if (!begin (self, error))
    return FALSE;

  stmt = statement (self, "UPDATE cases SET texted_back = 1 WHERE id = ? AND texted_back = 0", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, redial_case_get_id (kase));
  if (!step_done (self, stmt, error))
    goto failed;

  if (sqlite3_changes (self->db) == 0)
    {
      rollback (self);
      redial_case_set_texted_back (kase, TRUE);
      return FALSE;
    }

  if (!insert_message (self, message, error) || !commit (self, error))
    goto failed;

  redial_case_set_texted_back (kase, TRUE);
  return TRUE;

failed:
  rollback (self);
  redial_message_set_id (message, 0);
  return FALSE;
}

gboolean
redial_store_add_message (RedialStore    *self,
                          RedialMessage  *message,
                          GError        **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_MESSAGE (message), FALSE);

  return insert_message (self, message, error);
}

gboolean
redial_store_update_message (RedialStore    *self,
                             RedialMessage  *message,
                             GError        **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_MESSAGE (message), FALSE);
  g_return_val_if_fail (redial_message_get_id (message) > 0, FALSE);

  stmt = statement (self,
    "UPDATE messages SET status = ?, provider_message_id = ?, error = ?, attempted_at = ?,"
    "                    updated_at = max(updated_at, created_at)"
    " WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, redial_message_status_to_string (redial_message_get_status (message)));
  bind_text (stmt, 2, redial_message_get_provider_message_id (message));
  bind_text (stmt, 3, redial_message_get_error (message));
  bind_time (stmt, 4, redial_message_get_attempted_at (message));
  sqlite3_bind_int64 (stmt, 5, redial_message_get_id (message));
  return step_done (self, stmt, error);
}

RedialMessage *
redial_store_find_message (RedialStore  *self,
                           const char   *provider_message_id,
                           GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);
  g_return_val_if_fail (provider_message_id != NULL, NULL);

  stmt = statement (self,
    "SELECT " MESSAGE_COLUMNS " FROM messages WHERE provider_message_id = ?", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, provider_message_id);
  return first_row (self, stmt, (gpointer) message_from_row, error);
}

GPtrArray *
redial_store_list_messages (RedialStore  *self,
                            gint64        case_id,
                            GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);

  stmt = statement (self,
    "SELECT " MESSAGE_COLUMNS " FROM messages WHERE case_id = ? ORDER BY created_at, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, case_id);
  return collect_rows (self, stmt, (gpointer) message_from_row, error);
}

gboolean
redial_store_set_opted_out (RedialStore  *self,
                            const char   *phone,
                            gboolean      opted_out,
                            gint64        at,
                            const char   *message,
                            GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);
  g_return_val_if_fail (phone != NULL, FALSE);

  if (!begin (self, error))
    return FALSE;

  if (opted_out)
    stmt = statement (self,
      "INSERT INTO opt_outs (phone, opted_out_at) VALUES (?, ?)"
      " ON CONFLICT (phone) DO NOTHING", error);
  else
    stmt = statement (self, "DELETE FROM opt_outs WHERE phone = ?", error);
  if (stmt == NULL)
    goto failed;
  bind_text (stmt, 1, phone);
  if (opted_out)
    sqlite3_bind_int64 (stmt, 2, at);
  if (!step_done (self, stmt, error))
    goto failed;

  stmt = statement (self,
    "INSERT INTO opt_out_audit (phone, opted_out, at, message) VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto failed;
  bind_text (stmt, 1, phone);
  sqlite3_bind_int (stmt, 2, opted_out ? 1 : 0);
  sqlite3_bind_int64 (stmt, 3, at);
  bind_text (stmt, 4, message);
  if (!step_done (self, stmt, error) || !commit (self, error))
    goto failed;

  return TRUE;

failed:
  rollback (self);
  return FALSE;
}

gboolean
redial_store_is_opted_out (RedialStore *self,
                           const char  *phone)
{
  sqlite3_stmt *stmt;
  gboolean opted_out;

  g_return_val_if_fail (REDIAL_IS_STORE (self), TRUE);
  g_return_val_if_fail (phone != NULL, TRUE);

  stmt = statement (self, "SELECT 1 FROM opt_outs WHERE phone = ?", NULL);
  /* When the database cannot answer, the safe answer is "do not text". */
  if (stmt == NULL)
    return TRUE;
  bind_text (stmt, 1, phone);
  opted_out = sqlite3_step (stmt) != SQLITE_DONE;
  sqlite3_reset (stmt);
  return opted_out;
}

gboolean
redial_store_save_contact (RedialStore  *self,
                           const char   *phone,
                           const char   *name,
                           GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);
  g_return_val_if_fail (phone != NULL, FALSE);

  stmt = statement (self,
    "INSERT INTO contacts (phone, name) VALUES (?, ?)"
    " ON CONFLICT (phone) DO UPDATE SET name = excluded.name", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, phone);
  bind_text (stmt, 2, name);
  return step_done (self, stmt, error);
}

static RedialContact *
contact_from_row (sqlite3_stmt *stmt)
{
  return redial_contact_new (sqlite3_column_int64 (stmt, 0),
                             column_text (stmt, 1),
                             column_text (stmt, 2));
}

RedialContact *
redial_store_find_contact (RedialStore  *self,
                           const char   *phone,
                           GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);
  g_return_val_if_fail (phone != NULL, NULL);

  stmt = statement (self, "SELECT id, phone, name FROM contacts WHERE phone = ?", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, phone);
  return first_row (self, stmt, (gpointer) contact_from_row, error);
}

GPtrArray *
redial_store_list_unsent_messages (RedialStore  *self,
                                   GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);

  stmt = statement (self,
    "SELECT " MESSAGE_COLUMNS " FROM messages"
    " WHERE status = 'queued' AND provider_message_id IS NULL AND direction = 'outbound'"
    " ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  return collect_rows (self, stmt, (gpointer) message_from_row, error);
}

int
redial_store_record_sla_event (RedialStore  *self,
                               gint64        case_id,
                               const char   *clock,
                               gint64        episode,
                               const char   *level,
                               gint64        at,
                               GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (REDIAL_IS_STORE (self), -1);
  g_return_val_if_fail (clock != NULL && level != NULL, -1);

  stmt = statement (self,
    "INSERT INTO sla_events (case_id, clock, episode, level, at) VALUES (?, ?, ?, ?, ?)"
    " ON CONFLICT (case_id, clock, episode, level) DO NOTHING", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, case_id);
  bind_text (stmt, 2, clock);
  sqlite3_bind_int64 (stmt, 3, episode);
  bind_text (stmt, 4, level);
  sqlite3_bind_int64 (stmt, 5, at);
  if (!step_done (self, stmt, error))
    return -1;
  return sqlite3_changes (self->db) > 0 ? 1 : 0;
}

gboolean
redial_store_set_blocked (RedialStore  *self,
                          const char   *phone,
                          gboolean      blocked,
                          const char   *reason,
                          gint64        at,
                          GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);
  g_return_val_if_fail (phone != NULL, FALSE);

  if (blocked)
    {
      stmt = statement (self,
        "INSERT INTO blocked_numbers (phone, added_at, reason) VALUES (?, ?, ?)"
        " ON CONFLICT (phone) DO NOTHING", error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, phone);
      sqlite3_bind_int64 (stmt, 2, at);
      bind_text (stmt, 3, reason);
    }
  else
    {
      stmt = statement (self, "DELETE FROM blocked_numbers WHERE phone = ?", error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, phone);
    }

  return step_done (self, stmt, error);
}

gboolean
redial_store_is_blocked (RedialStore *self,
                         const char  *phone)
{
  sqlite3_stmt *stmt;
  gboolean blocked;

  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);
  g_return_val_if_fail (phone != NULL, FALSE);

  stmt = statement (self, "SELECT 1 FROM blocked_numbers WHERE phone = ?", NULL);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, phone);
  blocked = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return blocked;
}

guint
redial_store_count_calls_since (RedialStore *self,
                                gint64       case_id,
                                gint64       since,
                                gint64       max_ring)
{
  sqlite3_stmt *stmt;
  guint count = 0;

  g_return_val_if_fail (REDIAL_IS_STORE (self), 0);

  stmt = statement (self,
    "SELECT count(*) FROM calls WHERE case_id = ? AND started_at >= ?"
    " AND coalesce(ended_at, started_at) - started_at <= ?", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, case_id);
  sqlite3_bind_int64 (stmt, 2, since);
  sqlite3_bind_int64 (stmt, 3, max_ring);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

gint64
redial_store_count (RedialStore *self,
                    const char  *table)
{
  static const char * const queries[][2] = {
    { "calls", "SELECT count(*) FROM calls" },
    { "cases", "SELECT count(*) FROM cases" },
    { "open-cases", "SELECT count(*) FROM cases WHERE closed_at IS NULL" },
    { "messages", "SELECT count(*) FROM messages" },
    { "contacts", "SELECT count(*) FROM contacts" },
    { "opt-outs", "SELECT count(*) FROM opt_outs" },
    { "opt-out-audit", "SELECT count(*) FROM opt_out_audit" },
    { "sla-events", "SELECT count(*) FROM sla_events" },
    { "blocked", "SELECT count(*) FROM blocked_numbers" },
  };
  gint64 count = -1;

  g_return_val_if_fail (REDIAL_IS_STORE (self), -1);
  g_return_val_if_fail (table != NULL, -1);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      sqlite3_stmt *stmt;

      if (!g_str_equal (queries[i][0], table))
        continue;
      stmt = statement (self, queries[i][1], NULL);
      if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
        count = sqlite3_column_int64 (stmt, 0);
      if (stmt != NULL)
        sqlite3_reset (stmt);
      break;
    }

  return count;
}
