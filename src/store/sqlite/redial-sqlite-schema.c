/* redial-sqlite-schema.c: the SQLite store's schema, brought up to date by forward migrations. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include <glib/gi18n.h>

#include "redial-sqlite-store-private.h"

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

  /* 2 → 3: the caller ID exactly as received, on every call and case;
   * what the SMS gateway said is wrong with a number;
   * why a case has its kind as a code, worded by the window in the desk's
   * language (the sentences stored before were in the language of
   * whichever desk wrote them). */
  "ALTER TABLE calls ADD COLUMN caller_raw TEXT;"
  "ALTER TABLE cases ADD COLUMN caller_raw TEXT;"
  "ALTER TABLE cases ADD COLUMN number_problem TEXT;"
  "UPDATE cases SET caller_raw = caller WHERE caller IS NOT NULL;"
  "UPDATE calls SET caller_raw = caller WHERE caller IS NOT NULL;"
  "UPDATE cases SET kind_reason = CASE"
  "  WHEN kind_reason IS NULL THEN NULL"
  "  WHEN kind = 'anonymous' THEN 'hidden-number'"
  "  WHEN kind = 'blocked' THEN 'block-list'"
  "  WHEN kind = 'known-customer' THEN 'contact'"
  "  WHEN kind = 'likely-spam' AND kind_reason LIKE 'Caller ID says%' THEN 'spam-name'"
  "  WHEN kind = 'likely-spam' AND (kind_reason LIKE 'Rang %' OR kind_reason LIKE 'Llamó %')"
  "    THEN 'quick-hang-ups'"
  "  WHEN kind = 'likely-spam' THEN 'spam-name'"
  "  WHEN kind = 'new-lead' THEN 'restored'"
  "  ELSE NULL END;",

  /* 3 → 4: the case workspace: who owns a case and since when, the job
   * value of a closed case, who wrote a text, and the case's own
   * timeline events (notes, call-backs and their outcomes, claims,
   * closing and reopening); indexes for the timeline's other sources
   * (the calls a caller made that were answered, and so joined no case;
   * the number's opt-outs) and for the cases closed lately. */
  "ALTER TABLE cases ADD COLUMN owner TEXT;"
  "ALTER TABLE cases ADD COLUMN claimed_at INTEGER;"
  "ALTER TABLE cases ADD COLUMN job_value INTEGER;"
  "ALTER TABLE messages ADD COLUMN author TEXT;"
  "CREATE TABLE case_events ("
  "  id             INTEGER PRIMARY KEY,"
  "  case_id        INTEGER NOT NULL REFERENCES cases (id),"
  "  kind           TEXT NOT NULL,"
  "  at             INTEGER NOT NULL,"
  "  actor          TEXT,"
  "  text           TEXT,"
  "  call_outcome   TEXT,"
  "  case_outcome   TEXT,"
  "  job_value      INTEGER,"
  "  previous_owner TEXT"
  ") STRICT;"
  "CREATE INDEX case_events_case ON case_events (case_id, at);"
  "CREATE INDEX calls_caller ON calls (caller, started_at) WHERE case_id IS NULL;"
  "CREATE INDEX opt_out_audit_phone ON opt_out_audit (phone, at);"
  "CREATE INDEX cases_closed ON cases (closed_at) WHERE closed_at IS NOT NULL;",

  /* 4 → 5: the guided intake: a case's answers, one per question, and
   * which question an INTAKE event of the timeline answered. */
  "CREATE TABLE intake_answers ("
  "  case_id      INTEGER NOT NULL REFERENCES cases (id),"
  "  question     TEXT NOT NULL,"
  "  value        TEXT NOT NULL,"
  "  answered_by  TEXT,"
  "  answered_at  INTEGER NOT NULL,"
  "  PRIMARY KEY (case_id, question)"
  ") STRICT, WITHOUT ROWID;"
  "ALTER TABLE case_events ADD COLUMN question TEXT;",

  /* 5 → 6: the owner's report: cases by when they opened, calls by when
   * they started, a caller's earlier cases (returning callers), and
   * opt-outs by when they came. */
  "CREATE INDEX cases_first_call ON cases (first_call_at);"
  "CREATE INDEX cases_caller ON cases (caller, first_call_at) WHERE caller IS NOT NULL;"
  "CREATE INDEX calls_started ON calls (started_at);"
  "CREATE INDEX opt_out_audit_at ON opt_out_audit (at);",

  /* 6 → 7: booking: appointments on resources, with their calendar
   * copy's state, and the slots held for a case while an offer by text
   * waits for its answer. Booked appointments and holds are found by
   * resource and end, since a range query asks for those ending after
   * its start. */
  "CREATE TABLE appointments ("
  "  id          INTEGER PRIMARY KEY,"
  "  case_id     INTEGER NOT NULL REFERENCES cases (id),"
  "  resource    TEXT NOT NULL,"
  "  job_type    TEXT,"
  "  start_at    INTEGER NOT NULL,"
  "  end_at      INTEGER NOT NULL,"
  "  address     TEXT,"
  "  caller      TEXT,"
  "  caller_name TEXT,"
  "  status      TEXT NOT NULL DEFAULT 'booked',"
  "  uid         TEXT NOT NULL UNIQUE,"
  "  sequence    INTEGER NOT NULL DEFAULT 0,"
  "  etag        TEXT,"
  "  href        TEXT,"
  "  conflict    INTEGER NOT NULL DEFAULT 0,"
  "  created_at  INTEGER NOT NULL,"
  "  updated_at  INTEGER NOT NULL,"
  "  CHECK (end_at > start_at)"
  ") STRICT;"
  "CREATE INDEX appointments_resource ON appointments (resource, end_at) WHERE status = 'booked';"
  "CREATE INDEX appointments_end ON appointments (end_at) WHERE status = 'booked';"
  "CREATE INDEX appointments_case ON appointments (case_id, start_at);"
  "CREATE TABLE holds ("
  "  id         INTEGER PRIMARY KEY,"
  "  case_id    INTEGER NOT NULL REFERENCES cases (id),"
  "  resource   TEXT NOT NULL,"
  "  start_at   INTEGER NOT NULL,"
  "  end_at     INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  CHECK (end_at > start_at)"
  ") STRICT;"
  "CREATE INDEX holds_resource ON holds (resource, end_at);"
  "CREATE INDEX holds_case ON holds (case_id);",
};

gboolean
redial_sqlite_schema_migrate (RedialSqliteStore  *self,
                              GError            **error)
{
  int version = redial_sqlite_store_get_schema_version (self);

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

      if (!redial_sqlite_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!redial_sqlite_store_exec (self, migrations[version], error) ||
          !redial_sqlite_store_exec (self, bump, error))
        {
          redial_sqlite_store_rollback (self);
          return FALSE;
        }
      if (!redial_sqlite_store_exec (self, "COMMIT", error))
        {
          redial_sqlite_store_rollback (self);
          return FALSE;
        }
      g_debug ("Database %s migrated to schema %d", self->path, version + 1);
    }

  return TRUE;
}

int
redial_sqlite_schema_latest (void)
{
  return G_N_ELEMENTS (migrations);
}
