/* test-report-facts.c: the report's facts, kept as a case is written, against the same facts recomputed from the raw tables, over a randomized history; on PostgreSQL, against SQLite too. */
#include "config.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <string.h>

#include "pg-harness.h"
#include "redial-pg-store.h"
#include "redial-report.h"
#include "redial-report-describe.h"
#include "redial-test-util.h"
#include "store-factory.h"

#define N_CASES   200
#define N_CALLERS 40

static const char settings[] =
  "[business]\n"
  "name=Facts\n"
  "time-zone=America/Chicago\n"
  "average-job-value=350\n"
  "[hours]\n"
  "monday=08:00-17:00\n"
  "tuesday=08:00-17:00\n"
  "wednesday=08:00-12:00, 13:00-17:00\n"
  "thursday=08:00-17:00\n"
  "friday=08:00-17:00\n"
  "[sla]\n"
  "first-response-target=300\n"
  "first-response-warning=180\n"
  "business-hours-only=true\n";

static const char * const lines[] = { "Main", "Google Ads", "Yelp", NULL };
static const char * const people[] = { "Dana", "Eli", "Fran" };

typedef struct
{
  gpointer      state;   /* the store factory's */
  char         *path;    /* a file's path or a postgresql:// URL */
  RedialStore  *store;
  RedialConfig *config;
  GRand        *rand;
  gint64        now;
  guint         n_calls;
} Fixture;

/* Time moves forward by a few seconds to a few hours at each step, so
 * that no two things of a case happen at the same instant. */
static gint64
later (Fixture *f,
       int      at_most)
{
  f->now += g_rand_int_range (f->rand, 1, at_most + 1) * G_USEC_PER_SEC;
  return f->now;
}

static gboolean
chance (Fixture *f,
        int      percent)
{
  return g_rand_int_range (f->rand, 0, 100) < percent;
}

static const char *
someone (Fixture *f)
{
  return people[g_rand_int_range (f->rand, 0, G_N_ELEMENTS (people))];
}

static RedialCase *
call (Fixture            *f,
      const char         *caller,
      const char         *line,
      RedialDisposition   disposition)
{
  g_autofree char *id = g_strdup_printf ("call-%u", f->n_calls++);
  gint64 started_at = later (f, 600);
  g_autoptr(RedialCall) call = g_object_new (REDIAL_TYPE_CALL,
                                             "provider", "test", "provider-call-id", id,
                                             "caller", caller, "caller-name", "Caller",
                                             "line-label", line,
                                             "started-at", started_at,
                                             "ended-at", started_at + 20 * G_USEC_PER_SEC,
                                             "disposition", disposition, NULL);
  g_autoptr(GError) error = NULL;
  RedialStoreRecord record;
  RedialCase *kase;

  kase = redial_store_record_call (f->store, call, disposition != REDIAL_DISPOSITION_ANSWERED,
                                   &record, &error);
  g_assert_no_error (error);
  return kase;
}

static void
text (Fixture           *f,
      RedialCase        *kase,
      RedialMessageKind  kind,
      const char        *author)
{
  RedialMessageDirection direction = kind == REDIAL_MESSAGE_KIND_REPLY ? REDIAL_MESSAGE_DIRECTION_INBOUND
                                                                       : REDIAL_MESSAGE_DIRECTION_OUTBOUND;
  g_autoptr(RedialMessage) message = NULL;
  g_autoptr(GError) error = NULL;

  /* A hidden number can be neither texted nor text. */
  if (redial_case_get_caller (kase) == NULL)
    return;
  message = redial_message_new (redial_case_get_id (kase), direction, kind, redial_case_get_caller (kase),
                                "words", later (f, 900));

  redial_message_set_author (message, author);
  /* A case is texted back once; a case joined again was already. */
  if (kind == REDIAL_MESSAGE_KIND_TEXT_BACK && !redial_store_queue_text_back (f->store, kase, message, &error))
    {
      g_assert_no_error (error);
      return;
    }
  if (kind != REDIAL_MESSAGE_KIND_TEXT_BACK)
    g_assert_true (redial_store_add_message (f->store, message, &error));
  g_assert_no_error (error);

  /* Most automatic texts are handed to the gateway; some never are. */
  if (kind == REDIAL_MESSAGE_KIND_TEXT_BACK && chance (f, 85))
    {
      g_autofree char *sid = g_strdup_printf ("SM%" G_GINT64_FORMAT, redial_message_get_id (message));

      redial_message_set_attempted_at (message, later (f, 60));
      redial_message_set_provider_message_id (message, sid);
      redial_message_set_status (message, REDIAL_MESSAGE_STATUS_SENT);
      g_assert_true (redial_store_update_message (f->store, message, &error));
      g_assert_no_error (error);
    }
}

static void
event (Fixture            *f,
       RedialCase         *kase,
       RedialTimelineKind  kind)
{
  g_autoptr(RedialTimelineItem) item = redial_timeline_item_new (kind, later (f, 900), someone (f));
  g_autoptr(GError) error = NULL;

  g_assert_true (redial_store_add_case_event (f->store, item, redial_case_get_id (kase), &error));
  g_assert_no_error (error);
  if (kind == REDIAL_TIMELINE_KIND_CALL_BACK && chance (f, 80))
    {
      g_assert_true (redial_store_set_call_outcome (f->store, redial_case_get_id (kase),
                                                    redial_timeline_item_get_id (item),
                                                    chance (f, 50) ? REDIAL_CALL_OUTCOME_REACHED
                                                                   : REDIAL_CALL_OUTCOME_NO_ANSWER,
                                                    &error));
      g_assert_no_error (error);
    }
  if (redial_case_get_first_response_at (kase) == 0 && chance (f, 70))
    {
      redial_case_set_first_response_at (kase, f->now);
      g_assert_true (redial_store_update_case (f->store, kase, &error));
      g_assert_no_error (error);
    }
}

static void
crossing (Fixture           *f,
          RedialCase        *kase,
          RedialSlaClock     clock,
          RedialSlaCrossing  level)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (redial_store_record_sla_event (f->store, redial_case_get_id (kase), clock, 0, level,
                                                  later (f, 600), &error), >=, 0);
  g_assert_no_error (error);
}

/* What happens to one case, in a random order of plausible steps. */
static void
work_case (Fixture    *f,
           RedialCase *kase)
{
  g_autoptr(GError) error = NULL;
  gint64 id = redial_case_get_id (kase);
  const char *caller = redial_case_get_caller (kase);
  int dice = g_rand_int_range (f->rand, 0, 100);

  if (dice < 4)
    redial_case_set_kind (kase, REDIAL_CASE_KIND_LIKELY_SPAM);
  else if (dice < 12)
    redial_case_set_kind (kase, REDIAL_CASE_KIND_KNOWN_CUSTOMER);
  else if (dice < 14)
    redial_case_set_kind (kase, REDIAL_CASE_KIND_BLOCKED);
  else if (caller == NULL)
    redial_case_set_kind (kase, REDIAL_CASE_KIND_ANONYMOUS);
  redial_case_set_emergency (kase, chance (f, 10));
  g_assert_true (redial_store_update_case (f->store, kase, &error));
  g_assert_no_error (error);

  if (caller != NULL && chance (f, 85))
    text (f, kase, REDIAL_MESSAGE_KIND_TEXT_BACK, NULL);
  if (chance (f, 30))
    crossing (f, kase, REDIAL_SLA_CLOCK_FIRST_RESPONSE, REDIAL_SLA_CROSSING_WARNING);
  if (chance (f, 20))
    crossing (f, kase, REDIAL_SLA_CLOCK_FIRST_RESPONSE, REDIAL_SLA_CROSSING_BREACH);
  if (chance (f, 8))
    crossing (f, kase, REDIAL_SLA_CLOCK_FIRST_RESPONSE, REDIAL_SLA_CROSSING_ESCALATION);
  /* Without a take-over, a case another desk holds stays theirs. */
  if (chance (f, 40))
    redial_store_claim_case (f->store, id, someone (f), chance (f, 20), later (f, 600), NULL, NULL, NULL);
  for (int i = g_rand_int_range (f->rand, 0, 4); i > 0; i--)
    {
      switch (g_rand_int_range (f->rand, 0, 5))
        {
        case 0:
          text (f, kase, REDIAL_MESSAGE_KIND_REPLY, NULL);
          break;
        case 1:
          text (f, kase, REDIAL_MESSAGE_KIND_MANUAL, chance (f, 90) ? someone (f) : NULL);
          break;
        case 2:
          event (f, kase, REDIAL_TIMELINE_KIND_CALL_BACK);
          break;
        case 3:
          event (f, kase, REDIAL_TIMELINE_KIND_NOTE);
          break;
        default:
          crossing (f, kase, REDIAL_SLA_CLOCK_REPLY, chance (f, 50) ? REDIAL_SLA_CROSSING_BREACH
                                                                     : REDIAL_SLA_CROSSING_ESCALATION);
          break;
        }
    }
  if (chance (f, 30))
    {
      redial_case_set_state (kase, REDIAL_CASE_STATE_QUALIFIED);
      g_assert_true (redial_store_update_case (f->store, kase, &error));
      event (f, kase, REDIAL_TIMELINE_KIND_QUALIFIED);
    }
  if (caller != NULL && chance (f, 5))
    {
      g_assert_true (redial_store_set_opted_out (f->store, caller, TRUE, later (f, 600), "STOP", &error));
      g_assert_no_error (error);
    }
  if (chance (f, 75))
    {
      static const RedialCaseOutcome outcomes[] = {
        REDIAL_CASE_OUTCOME_BOOKED, REDIAL_CASE_OUTCOME_LOST, REDIAL_CASE_OUTCOME_NOT_A_FIT,
        REDIAL_CASE_OUTCOME_NO_RESPONSE, REDIAL_CASE_OUTCOME_SPAM, REDIAL_CASE_OUTCOME_BOOKED,
      };
      RedialCaseOutcome outcome = outcomes[g_rand_int_range (f->rand, 0, G_N_ELEMENTS (outcomes))];

      g_assert_true (redial_store_close_case (f->store, id, outcome,
                                              chance (f, 50) ? 100 * g_rand_int_range (f->rand, 1, 1000) : -1,
                                              someone (f), later (f, 3600), NULL, &error));
      g_assert_no_error (error);
      /* Some come back, to be closed again or left open. */
      if (chance (f, 10) && redial_store_reopen_case (f->store, id, someone (f), later (f, 600), NULL, NULL) &&
          chance (f, 50))
        {
          g_assert_true (redial_store_close_case (f->store, id, REDIAL_CASE_OUTCOME_LOST, -1,
                                                  someone (f), later (f, 600), NULL, &error));
          g_assert_no_error (error);
        }
    }
  /* An opt-out after the case, or between cases, counts for no case. */
  if (caller != NULL && chance (f, 3))
    {
      g_assert_true (redial_store_set_opted_out (f->store, caller, chance (f, 50), later (f, 600), "STOP", &error));
      g_assert_no_error (error);
    }
}

static void
build_history (Fixture *f)
{
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 11, 2, 12, 0, 0);

  f->now = g_date_time_to_unix (start) * G_USEC_PER_SEC;
  for (guint i = 0; i < N_CASES; i++)
    {
      g_autofree char *caller = chance (f, 5) ? NULL
                                : g_strdup_printf ("+1312555%04d", g_rand_int_range (f->rand, 0, N_CALLERS));
      const char *line = lines[g_rand_int_range (f->rand, 0, G_N_ELEMENTS (lines))];
      g_autoptr(RedialCase) kase = call (f, caller, line, REDIAL_DISPOSITION_NO_ANSWER);

      /* Repeat calls join the case; answered calls join none. */
      for (int j = g_rand_int_range (f->rand, 0, 3); j > 0; j--)
        {
          g_clear_object (&kase);
          kase = call (f, caller, line, chance (f, 50) ? REDIAL_DISPOSITION_BUSY : REDIAL_DISPOSITION_VOICEMAIL);
        }
      if (caller != NULL && chance (f, 20))
        g_assert_null (call (f, caller, line, REDIAL_DISPOSITION_ANSWERED));
      g_assert_nonnull (kase);
      if (redial_case_get_closed_at (kase) == 0)
        work_case (f, kase);
    }
}

/* The history of @seed written into the store at @f's path. */
static void
open_history (Fixture *f,
              guint    seed)
{
  g_autoptr(GError) error = NULL;

  f->config = redial_config_load_from_data (settings, "test", &error);
  g_assert_no_error (error);
  f->store = redial_store_open (f->path, &error);
  g_assert_no_error (error);
  f->rand = g_rand_new_with_seed (seed);
  build_history (f);
}

static void
close_history (Fixture *f)
{
  g_clear_object (&f->store);
  g_clear_object (&f->config);
  g_clear_pointer (&f->rand, g_rand_free);
  g_clear_pointer (&f->path, g_free);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->state = store_factory ()->create ();
  f->path = store_factory ()->location (f->state);
  open_history (f, GPOINTER_TO_UINT (data));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  close_history (f);
  store_factory ()->destroy (f->state);
}

/* The history of @seed on a single desk: a SQLite file in a new folder. */
static void
open_single_desk (Fixture *f,
                  guint    seed)
{
  f->state = redial_test_make_dir ();
  f->path = g_build_filename (f->state, "redial.db", NULL);
  open_history (f, seed);
}

static void
close_single_desk (Fixture *f)
{
  close_history (f);
  redial_test_remove_tree (f->state);
  g_free (f->state);
}

/* The values of @sql's rows on the database at @path (a file or a URL),
 * row after row, as text (NULL for NULL), @n_columns to a row, so that
 * the same checks run on either store. */
static GPtrArray *
query_rows (const char *path,
            const char *sql,
            int        *n_columns)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);

  if (redial_pg_store_is_url (path))
    {
      PGconn *conn = PQconnectdb (path);
      PGresult *result;

      g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
      result = PQexec (conn, sql);
      if (PQresultStatus (result) != PGRES_TUPLES_OK && PQresultStatus (result) != PGRES_COMMAND_OK)
        g_error ("%s: %s", sql, PQerrorMessage (conn));
      *n_columns = PQnfields (result);
      for (int r = 0; r < PQntuples (result); r++)
        for (int c = 0; c < *n_columns; c++)
          g_ptr_array_add (rows, PQgetisnull (result, r, c) ? NULL : g_strdup (PQgetvalue (result, r, c)));
      PQclear (result);
      PQfinish (conn);
    }
  else
    {
      sqlite3 *db = NULL;
      sqlite3_stmt *stmt = NULL;
      const char *tail = sql;

      g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
      sqlite3_busy_timeout (db, 5000);
      /* Each statement in turn; the rows are those of the last. */
      while (tail != NULL && *tail != '\0')
        {
          int rc;

          g_ptr_array_set_size (rows, 0);
          if (sqlite3_prepare_v2 (db, tail, -1, &stmt, &tail) != SQLITE_OK)
            g_error ("%s: %s", sql, sqlite3_errmsg (db));
          if (stmt == NULL)
            break;
          *n_columns = sqlite3_column_count (stmt);
          while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
            for (int c = 0; c < *n_columns; c++)
              g_ptr_array_add (rows, g_strdup ((const char *) sqlite3_column_text (stmt, c)));
          if (rc != SQLITE_DONE)
            g_error ("%s: %s", sql, sqlite3_errmsg (db));
          sqlite3_finalize (stmt);
        }
      sqlite3_close (db);
    }
  return rows;
}

static void
exec (const char *path,
      const char *sql)
{
  int n_columns = 0;

  g_ptr_array_unref (query_rows (path, sql, &n_columns));
}

static char *
query_text (const char *path,
            const char *sql)
{
  int n_columns = 0;
  g_autoptr(GPtrArray) rows = query_rows (path, sql, &n_columns);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      g_string_append_printf (text, "%s|", rows->pdata[i] != NULL ? (char *) rows->pdata[i] : "∅");
      if ((i + 1) % n_columns == 0)
        g_string_append_c (text, '\n');
    }
  return g_string_free (text, FALSE);
}

/* Reports of a day, a week and the whole month, written out. */
static char *
describe_reports (Fixture *f)
{
  return redial_report_describe_november (f->store, f->config);
}

/* The facts kept case by case as the history was written are those the
 * raw tables give; and so is every figure of the report, computed again
 * from facts recomputed from the raw tables (as the migration fills them
 * in for an existing file). */
static void
test_same_figures (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *kept_facts = query_text (f->path, "SELECT * FROM case_facts ORDER BY case_id");
  g_autofree char *raw_facts = query_text (f->path, "SELECT * FROM case_facts_of_record ORDER BY case_id");
  g_autofree char *kept = describe_reports (f);
  g_autofree char *raw = NULL;

  g_assert_cmpuint (strlen (kept_facts), >, N_CASES);
  g_assert_cmpstr (kept_facts, ==, raw_facts);

  /* Some of everything, so that the comparison means something. */
  g_assert_nonnull (strstr (kept, "breach "));
  g_assert_nonnull (strstr (kept, "person Dana"));
  g_assert_nonnull (strstr (kept, "loss "));

  g_clear_object (&f->store);
  exec (f->path, "DELETE FROM case_facts; INSERT INTO case_facts SELECT * FROM case_facts_of_record");
  f->store = redial_store_open (f->path, NULL);
  raw = describe_reports (f);
  g_assert_cmpstr (kept, ==, raw);
}

/* The cases of the funnel, as the README defines it. */
#define FUNNEL \
  "funnel AS (SELECT * FROM cases k" \
  "  WHERE k.kind NOT IN ('likely-spam', 'blocked', 'anonymous')" \
  "    AND coalesce (k.outcome, '') NOT IN ('spam', 'blocked')" \
  "    AND NOT EXISTS (SELECT 1 FROM opt_out_audit a WHERE a.phone = k.caller AND a.opted_out = 1" \
  "      AND a.at BETWEEN k.first_call_at AND coalesce (k.closed_at, 9223372036854775807)))"

/* How long callers' texts waited for an answer, worked out from the raw
 * texts and call-backs in time order: a caller's text waits, unless one
 * waits already, until a person's text or a call-back that reached. */
static RedialReportSpread
raw_reply_response (Fixture *f)
{
  g_autoptr(GArray) seconds = g_array_new (FALSE, FALSE, sizeof (gint64));
  RedialHours *hours = redial_config_get_hours (f->config);
  g_autoptr(GPtrArray) rows = NULL;
  gint64 case_id = 0, waiting = 0;
  int n_columns = 0;

  rows = query_rows (f->path,
    "WITH " FUNNEL
    " SELECT case_id, at, inbound FROM ("
    "  SELECT m.case_id, m.created_at AS at, CASE WHEN m.direction = 'inbound' THEN 1 ELSE 0 END AS inbound"
    "    FROM messages m WHERE m.direction = 'inbound' OR m.kind = 'manual'"
    "  UNION ALL SELECT e.case_id, e.at, 0 FROM case_events e"
    "    WHERE e.kind IN ('claim', 'take-over', 'call-back') AND e.call_outcome = 'reached') r"
    " WHERE case_id IN (SELECT id FROM funnel)"
    " ORDER BY case_id, at, inbound DESC", &n_columns);
  for (guint i = 0; i + 2 < rows->len; i += 3)
    {
      gint64 at = g_ascii_strtoll (rows->pdata[i + 1], NULL, 10);

      if (g_ascii_strtoll (rows->pdata[i], NULL, 10) != case_id)
        {
          case_id = g_ascii_strtoll (rows->pdata[i], NULL, 10);
          waiting = 0;
        }
      if (g_str_equal (rows->pdata[i + 2], "1"))
        waiting = waiting != 0 ? waiting : at;
      else if (waiting != 0)
        {
          gint64 waited = redial_hours_open_between (hours, waiting, at) / G_USEC_PER_SEC;

          g_array_append_val (seconds, waited);
          waiting = 0;
        }
    }
  return redial_report_spread (seconds);
}

/* Some totals straight from the raw tables, as the README defines them. */
static void
test_totals_from_raw_tables (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialReport) report = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  const RedialReportTotals *t;
  RedialReportSpread spread;
  GDate first, last;

  g_date_clear (&first, 1);
  g_date_set_dmy (&first, 1, 11, 2026);
  g_date_clear (&last, 1);
  g_date_set_dmy (&last, 30, 11, 2026);
  report = redial_report_compute (f->store, f->config, &first, &last, &error);
  g_assert_no_error (error);
  t = &redial_report_get_figures (report)->totals;
  got = g_strdup_printf ("%u|%u|%u|%u|%u|%u|%u|\n", t->cases, t->returning_callers, t->texted_back,
                         t->reached, t->qualified, t->breaches, t->escalations);

  /* The whole history lies in November (Chicago). */
  expected = query_text (f->path,
    "WITH " FUNNEL
    " SELECT count (*),"
    "  sum (CASE WHEN k.kind = 'known-customer' OR EXISTS (SELECT 1 FROM cases p"
    "    WHERE p.caller = k.caller AND p.first_call_at < k.first_call_at) THEN 1 ELSE 0 END),"
    "  sum (CASE WHEN EXISTS (SELECT 1 FROM messages m WHERE m.case_id = k.id AND m.kind = 'text-back'"
    "    AND m.provider_message_id IS NOT NULL) THEN 1 ELSE 0 END),"
    "  sum (CASE WHEN EXISTS (SELECT 1 FROM messages m WHERE m.case_id = k.id AND m.direction = 'inbound')"
    "    OR EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = k.id AND e.call_outcome = 'reached')"
    "    THEN 1 ELSE 0 END),"
    "  sum (CASE WHEN k.state IN ('qualified', 'booked', 'closed') AND coalesce (k.outcome, '') <> 'not-a-fit'"
    "    AND EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = k.id AND e.kind = 'qualified')"
    "    THEN 1 ELSE 0 END),"
    "  (SELECT count (*) FROM sla_events s WHERE s.level = 'breach' AND s.case_id IN (SELECT id FROM funnel)),"
    "  (SELECT count (*) FROM sla_events s WHERE s.level = 'escalation' AND s.case_id IN (SELECT id FROM funnel))"
    " FROM funnel k");
  g_assert_cmpstr (got, ==, expected);

  spread = raw_reply_response (f);
  g_assert_cmpuint (spread.n, >, 5);
  g_assert_cmpuint (t->reply_response.n, ==, spread.n);
  g_assert_cmpint (t->reply_response.median, ==, spread.median);
  g_assert_cmpint (t->reply_response.p90, ==, spread.p90);
}

/* A file written before the facts were kept gets them when it opens. */
static void
test_migration_fills_in (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *kept = describe_reports (f);
  g_autofree char *migrated = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->store);
  exec (f->path,
        "DROP TRIGGER case_facts_case_added; DROP TRIGGER case_facts_case_changed;"
        "DROP TRIGGER case_facts_case_removed; DROP TRIGGER case_facts_message_added;"
        "DROP TRIGGER case_facts_message_changed; DROP TRIGGER case_facts_message_removed;"
        "DROP TRIGGER case_facts_event_added; DROP TRIGGER case_facts_event_changed;"
        "DROP TRIGGER case_facts_event_removed; DROP TRIGGER case_facts_sla_added;"
        "DROP TRIGGER case_facts_opted_out;"
        "DROP VIEW case_facts_of_record; DROP TABLE case_facts; DROP INDEX calls_missed;"
        "DROP TABLE day_summaries;"
        "ALTER TABLE appointments DROP COLUMN published_sequence;"
        "PRAGMA user_version = 7");
  f->store = redial_store_open (f->path, &error);
  g_assert_no_error (error);
  migrated = describe_reports (f);
  g_assert_cmpstr (kept, ==, migrated);
}

/* The same history on SQLite gives the very same figures. */
static void
test_same_as_sqlite (Fixture       *f,
                     gconstpointer  data)
{
  Fixture single = { 0, };
  g_autofree char *shared = describe_reports (f);
  g_autofree char *alone = NULL;

  open_single_desk (&single, GPOINTER_TO_UINT (data));
  alone = describe_reports (&single);
  close_single_desk (&single);

  g_assert_nonnull (strstr (shared, "breach "));
  g_assert_cmpstr (shared, ==, alone);
}

/* A single desk's history copied as `redial --migrate-to` copies it
 * (its triggers off) gives the figures it gave. */
static void
test_migrated_copy (Fixture       *f,
                    gconstpointer  data)
{
  Fixture single = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialPgStore) copy = NULL;
  g_autofree char *url = pg_harness_create_database ();
  g_autofree char *original = NULL;
  g_autofree char *copied = NULL;
  RedialPgMigration done;

  open_single_desk (&single, GPOINTER_TO_UINT (data));
  original = describe_reports (&single);
  g_clear_object (&single.store);

  copy = redial_pg_store_open (url, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (redial_pg_store_import_sqlite (copy, single.path, &done, &error));
  g_assert_no_error (error);
  g_set_object (&single.store, REDIAL_STORE (copy));
  copied = describe_reports (&single);
  g_assert_nonnull (strstr (copied, "breach "));
  g_assert_cmpstr (copied, ==, original);

  g_clear_object (&copy);
  close_single_desk (&single);
  pg_harness_drop_database (url);
}

int
main (int   argc,
      char *argv[])
{
  const StoreFactory *factory = store_factory ();
  gboolean sqlite = g_str_equal (factory->name, "sqlite");
  g_autofree char *prefix = g_strdup_printf ("/report/facts%s%s", sqlite ? "" : "/", sqlite ? "" : factory->name);

  g_test_init (&argc, &argv, NULL);

  for (guint seed = 1; seed <= 2; seed++)
    {
      g_autofree char *path = g_strdup_printf ("%s/same-figures/%u", prefix, seed);

      g_test_add (path, Fixture, GUINT_TO_POINTER (seed), fixture_set_up, test_same_figures, fixture_tear_down);
    }
  g_test_add (g_strconcat (prefix, "/totals-from-raw-tables", NULL), Fixture, GUINT_TO_POINTER (7),
              fixture_set_up, test_totals_from_raw_tables, fixture_tear_down);
  if (sqlite)
    g_test_add ("/report/facts/migration-fills-in", Fixture, GUINT_TO_POINTER (8),
                fixture_set_up, test_migration_fills_in, fixture_tear_down);
  else
    {
      g_test_add (g_strconcat (prefix, "/same-as-sqlite", NULL), Fixture, GUINT_TO_POINTER (3),
                  fixture_set_up, test_same_as_sqlite, fixture_tear_down);
      g_test_add (g_strconcat (prefix, "/migrated-copy", NULL), Fixture, GUINT_TO_POINTER (4),
                  fixture_set_up, test_migrated_copy, fixture_tear_down);
    }

  return g_test_run ();
}
