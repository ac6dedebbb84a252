/* redial-sqlite-reports.c: the SQLite store's report: every figure of the owner's report, in one read snapshot; the end-of-day summaries sent. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include "redial-report-builder.h"
#include "redial-sqlite-store-private.h"

/* What computing one period keeps along the way. */
typedef struct
{
  RedialSqliteStore       *self;
  const RedialReportQuery *query;
  RedialReportBuilder     *builder;
} Report;

static gboolean
step_failed (Report  *report,
             int      rc,
             GError **error)
{
  if (rc == SQLITE_DONE)
    return FALSE;
  redial_sqlite_store_set_error (report->self, error);
  return TRUE;
}

/* The cached statement for @sql (a string literal) with the period bound
 * to its first two parameters. */
static sqlite3_stmt *
period_statement (Report      *report,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt = redial_sqlite_store_statement (report->self, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, report->query->from);
  sqlite3_bind_int64 (stmt, 2, report->query->to);
  return stmt;
}

static gint64
column_time (sqlite3_stmt *stmt,
             int           column,
             gint64        none)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? none : sqlite3_column_int64 (stmt, column);
}

/* The cases opened in the period, one row each with its facts (kept as
 * the case was written: see the schema's case_facts). */
static gboolean
read_cases (Report  *report,
            GError **error)
{
  sqlite3_stmt *stmt = period_statement (report,
    "SELECT k.id, k.caller, k.caller_name, k.line_label, k.kind, k.outcome, k.state,"
    "  k.first_call_at, k.n_calls, k.first_response_at, k.job_value, k.emergency, k.owner,"
    "  k.kind = 'known-customer' OR f.earlier_case, f.opted_out,"
    "  f.handed_at, f.replied, f.called_back, f.qualified_event, f.first_actor, f.first_author,"
    "  f.breaches, f.first_response_breached, f.escalations, f.reply_waits"
    " FROM case_facts f JOIN cases k ON k.id = f.case_id"
    " WHERE f.opened_at >= ? AND f.opened_at < ?"
    " ORDER BY f.opened_at, f.case_id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RedialReportFacts facts = {
        .case_id = sqlite3_column_int64 (stmt, 0),
        .caller = redial_sqlite_column_text (stmt, 1),
        .caller_name = redial_sqlite_column_text (stmt, 2),
        .line_label = redial_sqlite_column_text (stmt, 3),
        .kind = redial_sqlite_column_text (stmt, 4),
        .outcome = redial_sqlite_column_text (stmt, 5),
        .state = redial_sqlite_column_text (stmt, 6),
        .first_call_at = sqlite3_column_int64 (stmt, 7),
        .n_calls = sqlite3_column_int (stmt, 8),
        .first_response_at = column_time (stmt, 9, 0),
        .job_value = column_time (stmt, 10, -1),
        .emergency = sqlite3_column_int (stmt, 11),
        .owner = redial_sqlite_column_text (stmt, 12),
        .returning = sqlite3_column_int (stmt, 13),
        .opted_out = sqlite3_column_int (stmt, 14),
        .handed_at = column_time (stmt, 15, 0),
        .replied = sqlite3_column_int (stmt, 16),
        .called_back = sqlite3_column_int (stmt, 17),
        .qualified_event = sqlite3_column_int (stmt, 18),
        .first_actor = redial_sqlite_column_text (stmt, 19),
        .first_author = redial_sqlite_column_text (stmt, 20),
        .breaches = sqlite3_column_int (stmt, 21),
        .first_response_breached = sqlite3_column_int (stmt, 22),
        .escalations = sqlite3_column_int (stmt, 23),
        .reply_waits = redial_sqlite_column_text (stmt, 24),
      };

      redial_report_builder_add_case (report->builder, &facts);
    }

  sqlite3_reset (stmt);
  return !step_failed (report, rc, error);
}

/* Whether the case @case_id, opened before the period, is in the funnel:
 * a repeat call of the period may join it. */
static gboolean
older_case_in_funnel (Report  *report,
                      gint64   case_id,
                      GError **error)
{
  sqlite3_stmt *stmt = redial_sqlite_store_statement (report->self,
    "SELECT 1 FROM cases k JOIN case_facts f ON f.case_id = k.id"
    " WHERE k.id = ? AND k.kind NOT IN ('likely-spam', 'blocked', 'anonymous')"
    "   AND coalesce (k.outcome, '') NOT IN ('spam', 'blocked') AND NOT f.opted_out", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    redial_sqlite_store_set_error (report->self, error);
  return rc == SQLITE_ROW;
}

/* Missed calls of the funnel's cases by their start, by line and by
 * quarter hour (time zones differ from UTC by whole quarters). */
static gboolean
read_missed_calls (Report  *report,
                   GError **error)
{
  sqlite3_stmt *stmt = period_statement (report,
    "SELECT c.case_id, c.line_label, c.started_at / 900000000"
    " FROM calls c"
    " WHERE c.started_at >= ? AND c.started_at < ? AND c.disposition <> 'answered'"
    "   AND c.case_id IS NOT NULL", error);
  g_autoptr(GHashTable) older = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  int rc;

  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 case_id = sqlite3_column_int64 (stmt, 0);

      if (!redial_report_builder_in_funnel (report->builder, case_id))
        {
          gpointer in_funnel;

          /* A case of the period on its own line, or an older case a
           * repeat call joined: asked once each. */
          if (redial_report_builder_in_period (report->builder, case_id))
            continue;
          if (!g_hash_table_lookup_extended (older, &case_id, NULL, &in_funnel))
            {
              g_autoptr(GError) local_error = NULL;

              in_funnel = GINT_TO_POINTER (older_case_in_funnel (report, case_id, &local_error));
              if (local_error != NULL)
                {
                  sqlite3_reset (stmt);
                  g_propagate_error (error, g_steal_pointer (&local_error));
                  return FALSE;
                }
              g_hash_table_insert (older, g_memdup2 (&case_id, sizeof case_id), in_funnel);
            }
          if (!in_funnel)
            continue;
        }

      redial_report_builder_add_missed_call (report->builder, redial_sqlite_column_text (stmt, 1),
                                             sqlite3_column_int64 (stmt, 2));
    }
  sqlite3_reset (stmt);
  return !step_failed (report, rc, error);
}

static gboolean
read_opt_outs (Report  *report,
               GError **error)
{
  sqlite3_stmt *stmt = period_statement (report,
    "SELECT count (*) FROM opt_out_audit WHERE opted_out = 1 AND at >= ? AND at < ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    redial_report_builder_set_opt_outs (report->builder, sqlite3_column_int (stmt, 0));
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || !step_failed (report, rc, error);
}


static gboolean
read_breaches (Report  *report,
               GError **error)
{
  sqlite3_stmt *stmt = period_statement (report,
    "SELECT s.case_id, s.clock, s.at, k.first_call_at, k.first_response_at,"
    "  EXISTS (SELECT 1 FROM sla_events x WHERE x.case_id = s.case_id AND x.clock = s.clock"
    "    AND x.episode = s.episode AND x.level = 'escalation')"
    " FROM sla_events s JOIN cases k ON k.id = s.case_id"
    " WHERE k.first_call_at >= ? AND k.first_call_at < ? AND s.level = 'breach'"
    " ORDER BY s.at, s.id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    redial_report_builder_add_breach (report->builder, sqlite3_column_int64 (stmt, 0),
                                      redial_sqlite_column_text (stmt, 1), sqlite3_column_int64 (stmt, 2),
                                      sqlite3_column_int64 (stmt, 3), column_time (stmt, 4, 0),
                                      sqlite3_column_int (stmt, 5));

  sqlite3_reset (stmt);
  return !step_failed (report, rc, error);
}

static RedialReportFigures *
compute_report (RedialSqliteStore        *self,
                const RedialReportQuery  *query,
                GError                  **error)
{
  g_autoptr(RedialReportBuilder) builder = redial_report_builder_new (query);
  Report report = { self, query, builder };

  if (!read_cases (&report, error) ||
      !read_opt_outs (&report, error))
    return NULL;
  redial_report_builder_count_cases (builder);

  if (!query->totals_only && !read_breaches (&report, error))
    return NULL;
  if (!read_missed_calls (&report, error))
    return NULL;

  return redial_report_builder_finish (builder);
}

static RedialReportFigures *
redial_sqlite_compute_report (RedialStore              *store,
                              const RedialReportQuery  *query,
                              GError                  **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  RedialReportFigures *figures;
  SQLITE_STORE_LOCK (self);

  /* One read transaction: every figure of the same snapshot, while a
   * Redial writing to the file (WAL) goes on undisturbed. A month's
   * report reads tens of megabytes: mapped, not copied page by page. */
  if (!redial_sqlite_store_exec (self, "PRAGMA mmap_size = 268435456", error) ||
      !redial_sqlite_store_exec (self, "BEGIN DEFERRED", error))
    return NULL;
  figures = compute_report (self, query, error);
  redial_sqlite_store_rollback (self);
  return figures;
}

static int
redial_sqlite_record_day_summary (RedialStore  *store,
                                  const char   *day,
                                  gint64        at,
                                  GError      **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  sqlite3_stmt *stmt;

  /* One statement decides, so that two processes never both send it. */
  stmt = redial_sqlite_store_statement (self,
    "INSERT INTO day_summaries (day, sent_at) VALUES (?, ?) ON CONFLICT (day) DO NOTHING", error);
  if (stmt == NULL)
    return -1;
  redial_sqlite_bind_text (stmt, 1, day);
  sqlite3_bind_int64 (stmt, 2, at);
  if (!redial_sqlite_store_step_done (self, stmt, error))
    return -1;
  return sqlite3_changes (self->db) > 0 ? 1 : 0;
}

void
redial_sqlite_reports_init_iface (RedialStoreInterface *iface)
{
  iface->compute_report = redial_sqlite_compute_report;
  iface->record_day_summary = redial_sqlite_record_day_summary;
}
