/* redial-pg-reports.c: the PostgreSQL store's report: every figure of the owner's report, in one read snapshot, from each case's kept facts. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include "redial-pg-store-private.h"
#include "redial-report-builder.h"

/* Runs @sql (a string literal) with @query's period as its first two
 * parameters: its result, or NULL with @error set. */
static PGresult *
run_for_period (RedialPgStore            *self,
                const RedialReportQuery  *query,
                const char               *sql,
                GError                  **error)
{
  g_auto(PgParams) params = { 0 };

  pg_param_int (&params, query->from);
  pg_param_int (&params, query->to);
  return redial_pg_store_run (self, sql, &params, error);
}

/* The cases opened in the period, one row each with its facts (kept as
 * the case was written: see the schema's case_facts). */
static gboolean
read_cases (RedialPgStore            *self,
            const RedialReportQuery  *query,
            RedialReportBuilder      *builder,
            GError                  **error)
{
  g_autoptr(PGresult) result = NULL;

  result = run_for_period (self, query,
    "SELECT k.id, k.caller, k.caller_name, k.line_label, k.kind, k.outcome, k.state,"
    "  k.first_call_at, k.n_calls, k.first_response_at, coalesce (k.job_value, -1), k.emergency, k.owner,"
    "  k.kind = 'known-customer' OR f.earlier_case, f.opted_out,"
    "  f.handed_at, f.replied, f.called_back, f.qualified_event, f.first_actor, f.first_author,"
    "  f.breaches, f.first_response_breached, f.escalations, f.reply_waits"
    " FROM case_facts f JOIN cases k ON k.id = f.case_id"
    " WHERE f.opened_at >= $1 AND f.opened_at < $2"
    " ORDER BY f.opened_at, f.case_id", error);
  if (result == NULL)
    return FALSE;

  for (int i = 0; i < PQntuples (result); i++)
    {
      RedialReportFacts facts = {
        .case_id = pg_int (result, i, 0),
        .caller = pg_text (result, i, 1),
        .caller_name = pg_text (result, i, 2),
        .line_label = pg_text (result, i, 3),
        .kind = pg_text (result, i, 4),
        .outcome = pg_text (result, i, 5),
        .state = pg_text (result, i, 6),
        .first_call_at = pg_int (result, i, 7),
        .n_calls = pg_int (result, i, 8),
        .first_response_at = pg_int (result, i, 9),
        .job_value = pg_int (result, i, 10),
        .emergency = pg_bool (result, i, 11),
        .owner = pg_text (result, i, 12),
        .returning = pg_bool (result, i, 13),
        .opted_out = pg_bool (result, i, 14),
        .handed_at = pg_int (result, i, 15),
        .replied = pg_bool (result, i, 16),
        .called_back = pg_bool (result, i, 17),
        .qualified_event = pg_bool (result, i, 18),
        .first_actor = pg_text (result, i, 19),
        .first_author = pg_text (result, i, 20),
        .breaches = pg_int (result, i, 21),
        .first_response_breached = pg_bool (result, i, 22),
        .escalations = pg_int (result, i, 23),
        .reply_waits = pg_text (result, i, 24),
      };

      redial_report_builder_add_case (builder, &facts);
    }
  return TRUE;
}

static gboolean
read_opt_outs (RedialPgStore            *self,
               const RedialReportQuery  *query,
               RedialReportBuilder      *builder,
               GError                  **error)
{
  g_autoptr(PGresult) result = NULL;

  result = run_for_period (self, query,
    "SELECT count (*) FROM opt_out_audit WHERE opted_out = 1 AND at >= $1 AND at < $2", error);
  if (result == NULL)
    return FALSE;
  redial_report_builder_set_opt_outs (builder, pg_int (result, 0, 0));
  return TRUE;
}

static gboolean
read_breaches (RedialPgStore            *self,
               const RedialReportQuery  *query,
               RedialReportBuilder      *builder,
               GError                  **error)
{
  g_autoptr(PGresult) result = NULL;

  result = run_for_period (self, query,
    "SELECT s.case_id, s.clock, s.at, k.first_call_at, k.first_response_at,"
    "  EXISTS (SELECT 1 FROM sla_events x WHERE x.case_id = s.case_id AND x.clock = s.clock"
    "    AND x.episode = s.episode AND x.level = 'escalation')"
    " FROM sla_events s JOIN cases k ON k.id = s.case_id"
    " WHERE k.first_call_at >= $1 AND k.first_call_at < $2 AND s.level = 'breach'"
    " ORDER BY s.at, s.id", error);
  if (result == NULL)
    return FALSE;

  for (int i = 0; i < PQntuples (result); i++)
    redial_report_builder_add_breach (builder, pg_int (result, i, 0), pg_text (result, i, 1),
                                      pg_int (result, i, 2), pg_int (result, i, 3), pg_int (result, i, 4),
                                      pg_bool (result, i, 5));
  return TRUE;
}

/* Of the cases opened before the period that missed calls of the period
 * joined (@older, "{id,…}"), those in the funnel: a set of ids. */
static GHashTable *
older_cases_in_funnel (RedialPgStore  *self,
                       const char     *older,
                       GError        **error)
{
  g_auto(PgParams) params = { 0 };
  g_autoptr(PGresult) result = NULL;
  GHashTable *in_funnel;

  pg_param_text (&params, older);
  result = redial_pg_store_run (self,
    "SELECT k.id FROM cases k JOIN case_facts f ON f.case_id = k.id"
    " WHERE k.id = ANY ($1::bigint[]) AND k.kind NOT IN ('likely-spam', 'blocked', 'anonymous')"
    "   AND coalesce (k.outcome, '') NOT IN ('spam', 'blocked') AND NOT f.opted_out", &params, error);
  if (result == NULL)
    return NULL;

  in_funnel = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (int i = 0; i < PQntuples (result); i++)
    {
      gint64 id = pg_int (result, i, 0);

      g_hash_table_add (in_funnel, g_memdup2 (&id, sizeof id));
    }
  return in_funnel;
}

/* Missed calls of the funnel's cases by their start, by line and by
 * quarter hour (time zones differ from UTC by whole quarters). */
static gboolean
read_missed_calls (RedialPgStore            *self,
                   const RedialReportQuery  *query,
                   RedialReportBuilder      *builder,
                   GError                  **error)
{
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GHashTable) in_funnel = NULL;
  g_autoptr(GString) older = g_string_new ("{");
  int n;

  result = run_for_period (self, query,
    "SELECT c.case_id, c.line_label, c.started_at / 900000000"
    " FROM calls c"
    " WHERE c.started_at >= $1 AND c.started_at < $2 AND c.disposition <> 'answered'"
    "   AND c.case_id IS NOT NULL"
    " ORDER BY c.started_at", error);
  if (result == NULL)
    return FALSE;
  n = PQntuples (result);

  /* An older case a repeat call joined: asked about all at once. */
  for (int i = 0; i < n; i++)
    if (!redial_report_builder_in_period (builder, pg_int (result, i, 0)))
      g_string_append_printf (older, "%s%s", older->len > 1 ? "," : "", PQgetvalue (result, i, 0));
  g_string_append_c (older, '}');
  if (older->len > 2)
    {
      in_funnel = older_cases_in_funnel (self, older->str, error);
      if (in_funnel == NULL)
        return FALSE;
    }

  for (int i = 0; i < n; i++)
    {
      gint64 case_id = pg_int (result, i, 0);

      if (redial_report_builder_in_funnel (builder, case_id) ||
          (in_funnel != NULL && g_hash_table_contains (in_funnel, &case_id)))
        redial_report_builder_add_missed_call (builder, pg_text (result, i, 1), pg_int (result, i, 2));
    }
  return TRUE;
}

static RedialReportFigures *
compute_report (RedialPgStore            *self,
                const RedialReportQuery  *query,
                GError                  **error)
{
  g_autoptr(RedialReportBuilder) builder = redial_report_builder_new (query);

  if (!read_cases (self, query, builder, error) ||
      !read_opt_outs (self, query, builder, error))
    return NULL;
  redial_report_builder_count_cases (builder);

  if (!query->totals_only && !read_breaches (self, query, builder, error))
    return NULL;
  if (!read_missed_calls (self, query, builder, error))
    return NULL;

  return redial_report_builder_finish (builder);
}

static RedialReportFigures *
redial_pg_compute_report (RedialStore              *store,
                          const RedialReportQuery  *query,
                          GError                  **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  RedialReportFigures *figures;

  /* One snapshot: every figure of the same moment, while the desks go on
   * writing undisturbed. */
  if (!redial_pg_store_exec (self, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error))
    return NULL;
  figures = compute_report (self, query, error);
  redial_pg_store_rollback (self);
  return figures;
}

gboolean
redial_pg_reports_fill_facts (RedialPgStore  *self,
                              GError        **error)
{
  g_return_val_if_fail (REDIAL_IS_PG_STORE (self), FALSE);

  PG_STORE_LOCK (self);
  return redial_pg_store_exec (self,
    "INSERT INTO case_facts SELECT * FROM case_facts_of_record"
    " ON CONFLICT (case_id) DO NOTHING; ANALYZE case_facts", error);
}

void
redial_pg_reports_init_iface (RedialStoreInterface *iface)
{
  iface->compute_report = redial_pg_compute_report;
}
