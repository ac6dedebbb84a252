/* redial-pg-migrate.c: a single desk's SQLite history copied into a shared PostgreSQL store, and checked. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "redial-pg-store-private.h"

/* Every table of the history, parents before children, with its columns
 * (the same in both stores) and the order its checksum reads it in. */
static const struct
{
  const char *name;
  const char *columns;
  const char *sqlite_order;
  const char *pg_order;
  gboolean    identity;  /* its id is generated: the sequence moves past the copied ids */
} tables[] = {
  { "cases",
    "id, caller, caller_name, line_label, state, n_calls, first_call_at, last_call_at, first_response_at,"
    " texted_back, closed_at, outcome, kind, kind_reason, emergency, reply_waiting_since, followups_sent,"
    " caller_raw, number_problem, owner, claimed_at, job_value",
    "id", "id", TRUE },
  { "calls",
    "id, provider, provider_call_id, caller, caller_name, line, line_label, started_at, ended_at,"
    " disposition, case_id, caller_raw",
    "id", "id", TRUE },
  { "messages",
    "id, case_id, direction, kind, peer, body, status, provider_message_id, error, created_at, updated_at,"
    " attempted_at, author",
    "id", "id", TRUE },
  { "contacts", "id, phone, name", "id", "id", TRUE },
  { "opt_outs", "phone, opted_out_at", "phone", "phone COLLATE \"C\"", FALSE },
  { "opt_out_audit", "id, phone, opted_out, at, message", "id", "id", TRUE },
  { "sla_events", "id, case_id, clock, episode, level, at", "id", "id", TRUE },
  { "blocked_numbers", "phone, added_at, reason", "phone", "phone COLLATE \"C\"", FALSE },
  { "case_events",
    "id, case_id, kind, at, actor, text, call_outcome, case_outcome, job_value, previous_owner, question",
    "id", "id", TRUE },
  { "intake_answers", "case_id, question, value, answered_by, answered_at",
    "case_id, question", "case_id, question COLLATE \"C\"", FALSE },
  { "appointments",
    "id, case_id, resource, job_type, start_at, end_at, address, caller, caller_name, status, uid,"
    " sequence, etag, href, conflict, created_at, updated_at, published_sequence",
    "id", "id", TRUE },
  { "holds", "id, case_id, resource, start_at, end_at, expires_at", "id", "id", TRUE },
};

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)

/* Adds one field to a checksum: NULL differs from every text. */
static void
checksum_field (GChecksum  *checksum,
                const char *value)
{
  static const guchar null_mark[] = { 0xff, 0x1f };
  static const guchar separator = 0x1f;

  if (value == NULL)
    g_checksum_update (checksum, null_mark, sizeof null_mark);
  else
    {
      g_checksum_update (checksum, (const guchar *) value, -1);
      g_checksum_update (checksum, &separator, 1);
    }
}

/* Appends @value to a line of COPY's text format. */
static void
copy_field (GString    *line,
            const char *value)
{
  if (value == NULL)
    {
      g_string_append (line, "\\N");
      return;
    }
  for (const char *p = value; *p != '\0'; p++)
    switch (*p)
      {
      case '\\': g_string_append (line, "\\\\"); break;
      case '\t': g_string_append (line, "\\t"); break;
      case '\n': g_string_append (line, "\\n"); break;
      case '\r': g_string_append (line, "\\r"); break;
      default: g_string_append_c (line, *p);
      }
}

static gboolean
sqlite_failed (sqlite3  *db,
               GError  **error)
{
  g_set_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_FAILED,
               _("The database could not be written: %s"), sqlite3_errmsg (db));
  return FALSE;
}

/* Copies table @t from @db into the open transaction with COPY, and
 * counts and checksums what it read. */
static gboolean
copy_table (RedialPgStore       *self,
            sqlite3             *db,
            guint                t,
            RedialPgMigration   *done,
            GError             **error)
{
  g_autofree char *select = g_strdup_printf ("SELECT %s FROM %s ORDER BY %s", tables[t].columns,
                                             tables[t].name, tables[t].sqlite_order);
  g_autofree char *copy = g_strdup_printf ("COPY %s (%s) FROM STDIN", tables[t].name, tables[t].columns);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(PGresult) started = NULL;
  g_autoptr(PGresult) ended = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 rows = 0;
  int rc;

  if (sqlite3_prepare_v2 (db, select, -1, &stmt, NULL) != SQLITE_OK)
    return sqlite_failed (db, error);

  started = PQexec (self->conn, copy);
  if (PQresultStatus (started) != PGRES_COPY_IN)
    {
      sqlite3_finalize (stmt);
      return redial_pg_store_set_error (self, error);
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_string_truncate (line, 0);
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          const char *value = (const char *) sqlite3_column_text (stmt, c);

          if (c > 0)
            g_string_append_c (line, '\t');
          copy_field (line, value);
          checksum_field (checksum, value);
        }
      g_string_append_c (line, '\n');
      if (PQputCopyData (self->conn, line->str, line->len) != 1)
        break;
      rows++;
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      PQputCopyEnd (self->conn, "the SQLite file could not be read");
      PQclear (PQgetResult (self->conn));
      return sqlite_failed (db, error);
    }
  if (PQputCopyEnd (self->conn, NULL) != 1)
    return redial_pg_store_set_error (self, error);
  ended = PQgetResult (self->conn);
  if (PQresultStatus (ended) != PGRES_COMMAND_OK)
    return redial_pg_store_set_error (self, error);

  done->tables[t].name = tables[t].name;
  done->tables[t].rows = rows;
  g_strlcpy (done->tables[t].checksum, g_checksum_get_string (checksum), sizeof done->tables[t].checksum);
  return TRUE;
}

/* Reads table @t back from the database, in the same order, and checks
 * its count and checksum against what was copied. */
static gboolean
verify_table (RedialPgStore      *self,
              guint               t,
              RedialPgMigration  *done,
              GError            **error)
{
  g_autofree char *select = g_strdup_printf ("SELECT %s FROM %s ORDER BY %s", tables[t].columns,
                                             tables[t].name, tables[t].pg_order);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(PGresult) result = PQexec (self->conn, select);

  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    return redial_pg_store_set_error (self, error);
  for (int i = 0; i < PQntuples (result); i++)
    for (int c = 0; c < PQnfields (result); c++)
      checksum_field (checksum, pg_text (result, i, c));

  if (PQntuples (result) != done->tables[t].rows ||
      g_strcmp0 (g_checksum_get_string (checksum), done->tables[t].checksum) != 0)
    {
      g_set_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_FAILED,
                   _("The copy of “%s” does not match the original: nothing was copied."), tables[t].name);
      return FALSE;
    }
  return TRUE;
}

gboolean
redial_pg_store_import_sqlite (RedialPgStore      *self,
                               const char         *path,
                               RedialPgMigration  *done,
                               GError            **error)
{
  g_autoptr(sqlite3) db = NULL;
  g_autoptr(PGresult) existing = NULL;

  g_return_val_if_fail (REDIAL_IS_PG_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (done != NULL, FALSE);

  PG_STORE_LOCK (self);
  memset (done, 0, sizeof *done);

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_set_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_OPEN,
                   _("The database “%s” cannot be opened: %s"), path, sqlite3_errmsg (db));
      return FALSE;
    }
  /* One snapshot of the file, whoever writes it meanwhile. */
  if (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    return sqlite_failed (db, error);

  if (!redial_pg_store_begin (self, error))
    return FALSE;
  existing = redial_pg_store_run (self, "SELECT (SELECT count(*) FROM cases) + (SELECT count(*) FROM calls)"
                                        " + (SELECT count(*) FROM contacts)", NULL, error);
  if (existing == NULL)
    goto failed;
  if (pg_int (existing, 0, 0) > 0)
    {
      g_set_error_literal (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_FAILED,
                           _("The shared database has records already: a history is copied into an empty one."));
      goto failed;
    }

  /* A copied history is no news to the desks: its rows announce nothing. */
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *quiet = g_strdup_printf ("ALTER TABLE %s DISABLE TRIGGER USER", tables[t].name);
      g_autofree char *sequence = g_strdup_printf (
        "SELECT setval (pg_get_serial_sequence ('%s', 'id'), coalesce (max (id), 0) + 1, false) FROM %s",
        tables[t].name, tables[t].name);

      if (!redial_pg_store_exec (self, quiet, error) ||
          !copy_table (self, db, t, done, error) ||
          (tables[t].identity && !redial_pg_store_exec (self, sequence, error)))
        goto failed;
    }
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *loud = g_strdup_printf ("ALTER TABLE %s ENABLE TRIGGER USER", tables[t].name);

      if (!verify_table (self, t, done, error) || !redial_pg_store_exec (self, loud, error))
        goto failed;
    }
  /* The copied rows announced nothing, and kept no report facts either. */
  if (!redial_pg_reports_fill_facts (self, error))
    goto failed;
  done->n_tables = G_N_ELEMENTS (tables);

  if (redial_pg_store_commit (self, error))
    return TRUE;

failed:
  redial_pg_store_rollback (self);
  return FALSE;
}
