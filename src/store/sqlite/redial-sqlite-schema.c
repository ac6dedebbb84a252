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
  /* 7 → 8: the report's facts of each case, kept as its case, texts,
   * events, SLA crossings and opt-outs are written (by triggers, in the
   * writer's own transaction), so that a period's report reads one row
   * per case instead of every text and event; existing cases are filled
   * in; and missed calls by their start, read from the index alone.
   * Written to stand alone (IF NOT EXISTS, OR REPLACE): it depends on no
   * other migration after 6, whichever number it takes. */
  "CREATE VIEW IF NOT EXISTS case_facts_of_record AS"
  " SELECT k.id AS case_id, k.first_call_at AS opened_at,"
  "  EXISTS (SELECT 1 FROM cases p WHERE p.caller = k.caller AND p.first_call_at < k.first_call_at)"
  "    AS earlier_case,"
  "  EXISTS (SELECT 1 FROM opt_out_audit a WHERE a.phone = k.caller AND a.opted_out = 1"
  "    AND a.at >= k.first_call_at AND a.at <= coalesce (k.closed_at, 9223372036854775807))"
  "    AS opted_out,"
  "  (SELECT min (m.attempted_at) FROM messages m WHERE m.case_id = k.id AND m.direction <> 'inbound'"
  "    AND m.kind = 'text-back' AND m.provider_message_id IS NOT NULL AND m.attempted_at > 0)"
  "    AS handed_at,"
  "  EXISTS (SELECT 1 FROM messages m WHERE m.case_id = k.id AND m.direction = 'inbound')"
  "    AS replied,"
  "  EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = k.id"
  "    AND e.kind IN ('claim', 'take-over', 'call-back') AND e.call_outcome = 'reached')"
  "    AS called_back,"
  "  EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = k.id AND e.kind = 'qualified')"
  "    AS qualified_event,"
  "  (SELECT e.actor FROM case_events e WHERE e.case_id = k.id"
  "    AND e.kind IN ('claim', 'take-over', 'call-back') AND e.actor IS NOT NULL"
  "    ORDER BY e.at, e.id LIMIT 1) AS first_actor,"
  "  (SELECT m.author FROM messages m WHERE m.case_id = k.id AND m.direction <> 'inbound'"
  "    AND m.kind = 'manual' AND m.author IS NOT NULL ORDER BY m.created_at, m.id LIMIT 1)"
  "    AS first_author,"
  "  (SELECT count (*) FROM sla_events s WHERE s.case_id = k.id AND s.level = 'breach') AS breaches,"
  "  EXISTS (SELECT 1 FROM sla_events s WHERE s.case_id = k.id AND s.level = 'breach'"
  "    AND s.clock = 'first-response') AS first_response_breached,"
  "  (SELECT count (*) FROM sla_events s WHERE s.case_id = k.id AND s.level = 'escalation')"
  "    AS escalations,"
  /* Each answer (a text a person wrote, a call-back that reached) ends
   * the wait of the caller's first text since the answer before it:
   * "waiting since:answered at;…", oldest first. */
  "  (SELECT group_concat (w || ':' || a, ';') FROM ("
  "    SELECT x.at AS a, (SELECT min (i.created_at) FROM messages i"
  "      WHERE i.case_id = k.id AND i.direction = 'inbound' AND i.created_at <= x.at"
  "        AND i.created_at > coalesce ((SELECT max (y.at) FROM ("
  "          SELECT m.created_at AS at FROM messages m WHERE m.case_id = k.id"
  "            AND m.direction <> 'inbound' AND m.kind = 'manual'"
  "          UNION ALL SELECT e.at FROM case_events e WHERE e.case_id = k.id"
  "            AND e.kind IN ('claim', 'take-over', 'call-back') AND e.call_outcome = 'reached') y"
  "          WHERE y.at < x.at), -9223372036854775807)) AS w"
  "    FROM (SELECT m.created_at AS at FROM messages m WHERE m.case_id = k.id"
  "            AND m.direction <> 'inbound' AND m.kind = 'manual'"
  "          UNION SELECT e.at FROM case_events e WHERE e.case_id = k.id"
  "            AND e.kind IN ('claim', 'take-over', 'call-back') AND e.call_outcome = 'reached') x"
  "    ORDER BY x.at) WHERE w IS NOT NULL) AS reply_waits"
  " FROM cases k;"
  "CREATE TABLE IF NOT EXISTS case_facts ("
  "  case_id                 INTEGER PRIMARY KEY REFERENCES cases (id),"
  "  opened_at               INTEGER NOT NULL,"
  "  earlier_case            INTEGER NOT NULL,"
  "  opted_out               INTEGER NOT NULL,"
  "  handed_at               INTEGER,"
  "  replied                 INTEGER NOT NULL,"
  "  called_back             INTEGER NOT NULL,"
  "  qualified_event         INTEGER NOT NULL,"
  "  first_actor             TEXT,"
  "  first_author            TEXT,"
  "  breaches                INTEGER NOT NULL,"
  "  first_response_breached INTEGER NOT NULL,"
  "  escalations             INTEGER NOT NULL,"
  "  reply_waits             TEXT"
  ") STRICT;"
  "CREATE INDEX IF NOT EXISTS case_facts_opened ON case_facts (opened_at);"
  "INSERT OR REPLACE INTO case_facts SELECT * FROM case_facts_of_record;"
  /* A case's own facts, and a caller's later cases turn returning; a
   * text, an event or an SLA crossing changes only the facts it can. */
  "CREATE TRIGGER IF NOT EXISTS case_facts_case_added AFTER INSERT ON cases BEGIN"
  "  INSERT OR REPLACE INTO case_facts SELECT * FROM case_facts_of_record WHERE case_id = new.id;"
  "  UPDATE case_facts SET earlier_case = 1 WHERE earlier_case = 0 AND case_id IN"
  "    (SELECT id FROM cases WHERE caller = new.caller AND first_call_at > new.first_call_at);"
  " END;"
  "CREATE TRIGGER IF NOT EXISTS case_facts_case_changed"
  " AFTER UPDATE OF caller, first_call_at, closed_at ON cases BEGIN"
  "  INSERT OR REPLACE INTO case_facts SELECT * FROM case_facts_of_record WHERE case_id IN"
  "    (SELECT new.id UNION SELECT id FROM cases"
  "     WHERE (old.caller IS NOT new.caller OR old.first_call_at <> new.first_call_at)"
  "       AND caller IN (old.caller, new.caller));"
  " END;"
  "CREATE TRIGGER IF NOT EXISTS case_facts_case_removed AFTER DELETE ON cases BEGIN"
  "  DELETE FROM case_facts WHERE case_id = old.id;"
  " END;"
  "CREATE TRIGGER IF NOT EXISTS case_facts_message_added AFTER INSERT ON messages BEGIN"
  "  UPDATE case_facts SET (handed_at, replied, first_author, reply_waits) = (SELECT handed_at, replied, first_author, reply_waits"
  "    FROM case_facts_of_record r WHERE r.case_id = case_facts.case_id)"
  "    WHERE case_id IN (new.case_id);"
  " END;"
  "CREATE TRIGGER IF NOT EXISTS case_facts_message_changed AFTER UPDATE ON messages"
  " WHEN old.provider_message_id IS NOT new.provider_message_id"
  "   OR old.attempted_at IS NOT new.attempted_at OR old.case_id <> new.case_id"
  "   OR old.direction <> new.direction OR old.kind <> new.kind"
  "   OR old.author IS NOT new.author OR old.created_at <> new.created_at BEGIN"
  "  UPDATE case_facts SET (handed_at, replied, first_author, reply_waits) = (SELECT handed_at, replied, first_author, reply_waits"
  "    FROM case_facts_of_record r WHERE r.case_id = case_facts.case_id)"
  "    WHERE case_id IN (old.case_id, new.case_id);"
  " END;"
  "CREATE TRIGGER IF NOT EXISTS case_facts_message_removed AFTER DELETE ON messages BEGIN"
  "  UPDATE case_facts SET (handed_at, replied, first_author, reply_waits) = (SELECT handed_at, replied, first_author, reply_waits"
  "    FROM case_facts_of_record r WHERE r.case_id = case_facts.case_id)"
  "    WHERE case_id IN (old.case_id);"
  " END;"
  "CREATE TRIGGER IF NOT EXISTS case_facts_event_added AFTER INSERT ON case_events BEGIN"
  "  UPDATE case_facts SET (called_back, qualified_event, first_actor, reply_waits) = (SELECT called_back, qualified_event, first_actor, reply_waits"
  "    FROM case_facts_of_record r WHERE r.case_id = case_facts.case_id)"
  "    WHERE case_id IN (new.case_id);"
  " END;"
  "CREATE TRIGGER IF NOT EXISTS case_facts_event_changed AFTER UPDATE ON case_events BEGIN"
  "  UPDATE case_facts SET (called_back, qualified_event, first_actor, reply_waits) = (SELECT called_back, qualified_event, first_actor, reply_waits"
  "    FROM case_facts_of_record r WHERE r.case_id = case_facts.case_id)"
  "    WHERE case_id IN (old.case_id, new.case_id);"
  " END;"
  "CREATE TRIGGER IF NOT EXISTS case_facts_event_removed AFTER DELETE ON case_events BEGIN"
  "  UPDATE case_facts SET (called_back, qualified_event, first_actor, reply_waits) = (SELECT called_back, qualified_event, first_actor, reply_waits"
  "    FROM case_facts_of_record r WHERE r.case_id = case_facts.case_id)"
  "    WHERE case_id IN (old.case_id);"
  " END;"
  "CREATE TRIGGER IF NOT EXISTS case_facts_sla_added AFTER INSERT ON sla_events BEGIN"
  "  UPDATE case_facts SET (breaches, first_response_breached, escalations) = (SELECT breaches, first_response_breached, escalations"
  "    FROM case_facts_of_record r WHERE r.case_id = case_facts.case_id)"
  "    WHERE case_id IN (new.case_id);"
  " END;"
  "CREATE TRIGGER IF NOT EXISTS case_facts_opted_out AFTER INSERT ON opt_out_audit"
  " WHEN new.opted_out = 1 BEGIN"
  "  UPDATE case_facts SET opted_out = 1 WHERE opted_out = 0 AND case_id IN"
  "    (SELECT id FROM cases WHERE caller = new.phone AND first_call_at <= new.at"
  "     AND coalesce (closed_at, 9223372036854775807) >= new.at);"
  " END;"
  "CREATE INDEX IF NOT EXISTS calls_missed ON calls (started_at, case_id, line_label, disposition)"
  "  WHERE disposition <> 'answered' AND case_id IS NOT NULL;"
  /* The end-of-day summaries sent, one per business day. */
  "CREATE TABLE IF NOT EXISTS day_summaries ("
  "  day     TEXT PRIMARY KEY,"
  "  sent_at INTEGER NOT NULL"
  ") STRICT;",
  /* The SEQUENCE each appointment's CalDAV copy was last published with,
   * so that a change made while the server was away, or Redial stopped,
   * is published on the next start. A copy already published is taken
   * as up to date. */
  "ALTER TABLE appointments ADD COLUMN published_sequence INTEGER NOT NULL DEFAULT 0;"
  "UPDATE appointments SET published_sequence = sequence WHERE href IS NOT NULL;",
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
