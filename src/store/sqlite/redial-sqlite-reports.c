/* redial-sqlite-reports.c: the SQLite store's report: every figure of the owner's report, in one read snapshot. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include "redial-sqlite-store-private.h"

/* Whether a case (aliased k) is in the funnel: not spam, blocked or
 * hidden, and its caller did not opt out while it was open. Those are
 * counted on their own lines. */
#define FUNNEL_CASE(k) \
  " " k ".kind NOT IN ('likely-spam', 'blocked', 'anonymous')" \
  " AND coalesce (" k ".outcome, '') NOT IN ('spam', 'blocked')" \
  " AND NOT EXISTS (SELECT 1 FROM opt_out_audit a WHERE a.phone = " k ".caller" \
  "   AND a.opted_out = 1 AND a.at >= " k ".first_call_at" \
  "   AND a.at <= coalesce (" k ".closed_at, 9223372036854775807)) "

/* Where a case opened in the period stands on each line of the report. */
typedef enum
{
  CASE_CLASS_FUNNEL,
  CASE_CLASS_BLOCKED,
  CASE_CLASS_SPAM,
  CASE_CLASS_ANONYMOUS,
  CASE_CLASS_OPTED_OUT,
} CaseClass;

/* What computing one period keeps along the way. */
typedef struct
{
  RedialSqliteStore       *self;
  const RedialReportQuery *query;
  RedialReportFigures     *figures;
  GHashTable              *cases;     /* case id → RedialReportCase (borrowed from figures->cases) */
  GHashTable              *emergency; /* case ids of emergencies */
} Report;

static gint64
counted_seconds (const RedialReportQuery *query,
                 gint64                   from,
                 gint64                   to)
{
  gint64 counted;

  if (to <= from)
    return 0;
  counted = query->elapsed != NULL ? query->elapsed (from, to, query->elapsed_data) : to - from;
  return counted / G_USEC_PER_SEC;
}

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

static CaseClass
classify (const char *kind,
          const char *outcome,
          gboolean    opted_out)
{
  if (g_strcmp0 (kind, "blocked") == 0 || g_strcmp0 (outcome, "blocked") == 0)
    return CASE_CLASS_BLOCKED;
  if (g_strcmp0 (kind, "likely-spam") == 0 || g_strcmp0 (outcome, "spam") == 0)
    return CASE_CLASS_SPAM;
  if (g_strcmp0 (kind, "anonymous") == 0)
    return CASE_CLASS_ANONYMOUS;
  if (opted_out)
    return CASE_CLASS_OPTED_OUT;
  return CASE_CLASS_FUNNEL;
}

static gint64
case_revenue (const RedialReportQuery *query,
              gint64                   job_value,
              gboolean                *estimate)
{
  *estimate = FALSE;
  if (job_value >= 0)
    return job_value;
  if (query->average_job_value >= 0)
    {
      *estimate = TRUE;
      return query->average_job_value;
    }
  return -1;
}

/* The cases opened in the period, one row each, with what the funnel
 * counts of them. */
static gboolean
read_cases (Report  *report,
            GArray  *text_back_delays,
            GArray  *first_responses,
            GError **error)
{
  RedialReportTotals *totals = &report->figures->totals;
  sqlite3_stmt *stmt = redial_sqlite_store_statement (report->self,
    "SELECT k.id, k.caller, k.caller_name, k.line_label, k.kind, k.outcome, k.state,"
    "  k.first_call_at, k.n_calls, k.first_response_at, k.job_value, k.emergency,"
    "  k.kind = 'known-customer' OR EXISTS (SELECT 1 FROM cases p"
    "    WHERE p.caller = k.caller AND p.first_call_at < k.first_call_at),"
    "  (SELECT min (m.attempted_at) FROM messages m WHERE m.case_id = k.id"
    "    AND m.kind = 'text-back' AND m.provider_message_id IS NOT NULL),"
    "  EXISTS (SELECT 1 FROM messages m WHERE m.case_id = k.id AND m.direction = 'inbound')"
    "  OR EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = k.id"
    "    AND e.kind = 'call-back' AND e.call_outcome = 'reached'),"
    "  EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = k.id AND e.kind = 'qualified'),"
    "  coalesce (k.owner,"
    "    (SELECT e.actor FROM case_events e WHERE e.case_id = k.id"
    "      AND e.kind IN ('claim', 'take-over', 'call-back') AND e.actor IS NOT NULL"
    "      ORDER BY e.at, e.id LIMIT 1),"
    "    (SELECT m.author FROM messages m WHERE m.case_id = k.id AND m.kind = 'manual'"
    "      AND m.author IS NOT NULL ORDER BY m.created_at, m.id LIMIT 1)),"
    "  (SELECT count (*) FROM sla_events s WHERE s.case_id = k.id AND s.level = 'breach'),"
    "  (SELECT count (*) FROM sla_events s WHERE s.case_id = k.id AND s.level = 'escalation'),"
    "  EXISTS (SELECT 1 FROM sla_events s WHERE s.case_id = k.id AND s.level = 'breach'"
    "    AND s.clock = 'first-response'),"
    "  EXISTS (SELECT 1 FROM opt_out_audit a WHERE a.phone = k.caller"
    "    AND a.opted_out = 1 AND a.at >= k.first_call_at"
    "    AND a.at <= coalesce (k.closed_at, 9223372036854775807))"
    " FROM cases k WHERE k.first_call_at >= ? AND k.first_call_at < ?"
    " ORDER BY k.first_call_at, k.id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, report->query->from);
  sqlite3_bind_int64 (stmt, 2, report->query->to);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *kind = redial_sqlite_column_text (stmt, 4);
      const char *outcome = redial_sqlite_column_text (stmt, 5);
      const char *state = redial_sqlite_column_text (stmt, 6);
      gint64 first_call_at = sqlite3_column_int64 (stmt, 7);
      RedialReportCase *row;
      RedialCaseOutcome parsed;
      gboolean booked;

      switch (classify (kind, outcome, sqlite3_column_int (stmt, 20)))
        {
        case CASE_CLASS_BLOCKED:
          totals->blocked++;
          continue;
        case CASE_CLASS_SPAM:
          totals->spam++;
          continue;
        case CASE_CLASS_ANONYMOUS:
          totals->anonymous++;
          continue;
        case CASE_CLASS_OPTED_OUT:
          continue;
        case CASE_CLASS_FUNNEL:
        default:
          break;
        }

      row = g_new0 (RedialReportCase, 1);
      row->case_id = sqlite3_column_int64 (stmt, 0);
      row->caller = g_strdup (redial_sqlite_column_text (stmt, 1));
      row->caller_name = g_strdup (redial_sqlite_column_text (stmt, 2));
      row->line_label = g_strdup (redial_sqlite_column_text (stmt, 3));
      row->opened_at = first_call_at;
      row->n_calls = sqlite3_column_int (stmt, 8);
      row->outcome = outcome != NULL && redial_case_outcome_from_string (outcome, &parsed) ? (int) parsed : -1;
      row->returning = sqlite3_column_int (stmt, 12);
      row->texted_back = sqlite3_column_type (stmt, 13) != SQLITE_NULL;
      row->text_back_delay = row->texted_back
        ? MAX (sqlite3_column_int64 (stmt, 13) - first_call_at, 0) / G_USEC_PER_SEC : -1;
      row->reached = sqlite3_column_int (stmt, 14);
      booked = g_strcmp0 (outcome, "booked") == 0 || g_strcmp0 (state, "booked") == 0;
      row->booked = booked;
      row->qualified = sqlite3_column_int (stmt, 15) && g_strcmp0 (outcome, "not-a-fit") != 0 &&
                       g_strcmp0 (state, "new") != 0 && g_strcmp0 (state, "responded") != 0 &&
                       g_strcmp0 (state, "replied") != 0;
      row->person = g_strdup (redial_sqlite_column_text (stmt, 16));
      row->breaches = sqlite3_column_int (stmt, 17);
      row->revenue = -1;
      if (booked)
        row->revenue = case_revenue (report->query,
                                     sqlite3_column_type (stmt, 10) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 10),
                                     &row->revenue_is_estimate);
      row->first_response = -1;
      if (sqlite3_column_type (stmt, 9) != SQLITE_NULL)
        row->first_response = counted_seconds (report->query, first_call_at, sqlite3_column_int64 (stmt, 9));

      totals->cases++;
      if (row->returning)
        totals->returning_callers++;
      else
        totals->new_callers++;
      totals->texted_back += row->texted_back;
      totals->reached += row->reached;
      totals->qualified += row->qualified;
      totals->booked += row->booked;
      if (row->revenue > 0)
        totals->revenue += row->revenue;
      totals->revenue_is_estimate |= row->revenue_is_estimate;
      totals->breaches += row->breaches;
      totals->escalations += sqlite3_column_int (stmt, 18);
      if (row->texted_back)
        g_array_append_val (text_back_delays, row->text_back_delay);
      if (row->first_response >= 0)
        {
          gint64 target = sqlite3_column_int (stmt, 11) ? report->query->emergency_target
                                                        : report->query->first_response_target;

          g_array_append_val (first_responses, row->first_response);
          totals->first_response_timed++;
          if (row->first_response * G_USEC_PER_SEC <= target)
            totals->first_response_within_target++;
          if (sqlite3_column_int (stmt, 11))
            g_hash_table_add (report->emergency, GINT_TO_POINTER (row->case_id));
        }
      else if (sqlite3_column_int (stmt, 19))
        {
          /* Never answered, and past its target: timed, not within it. */
          totals->first_response_timed++;
        }

      g_ptr_array_add (report->figures->cases, row);
      g_hash_table_insert (report->cases, &row->case_id, row);
    }

  sqlite3_reset (stmt);
  return !step_failed (report, rc, error);
}

/* Missed calls of the funnel's cases by their start, by line and by
 * quarter hour (time zones differ from UTC by whole quarters). */
static gboolean
read_missed_calls (Report  *report,
                   GError **error)
{
  RedialReportFigures *figures = report->figures;
  sqlite3_stmt *stmt = redial_sqlite_store_statement (report->self,
    "SELECT c.line_label, c.started_at / 900000000, count (*)"
    " FROM calls c JOIN cases k ON k.id = c.case_id"
    " WHERE c.started_at >= ? AND c.started_at < ? AND c.disposition <> 'answered'"
    " AND" FUNNEL_CASE ("k")
    " GROUP BY 1, 2", error);
  g_autoptr(GHashTable) lines = g_hash_table_new (g_str_hash, g_str_equal);
  RedialReportLine *no_line = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, report->query->from);
  sqlite3_bind_int64 (stmt, 2, report->query->to);

  for (guint i = 0; i < figures->lines->len; i++)
    {
      RedialReportLine *line = g_ptr_array_index (figures->lines, i);

      if (line->label != NULL)
        g_hash_table_insert (lines, line->label, line);
      else
        no_line = line;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *label = redial_sqlite_column_text (stmt, 0);
      gint64 quarter = sqlite3_column_int64 (stmt, 1);
      guint count = sqlite3_column_int (stmt, 2);
      RedialReportLine *line;

      figures->totals.missed_calls += count;
      if (report->query->totals_only)
        continue;

      line = label != NULL ? g_hash_table_lookup (lines, label) : no_line;
      if (line == NULL)
        {
          line = g_new0 (RedialReportLine, 1);
          line->label = g_strdup (label);
          g_ptr_array_add (figures->lines, line);
          if (label != NULL)
            g_hash_table_insert (lines, line->label, line);
          else
            no_line = line;
        }
      line->missed_calls += count;

      {
        g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (quarter * 900);
        g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, report->query->time_zone);

        figures->missed_by_hour[g_date_time_get_day_of_week (local) - 1][g_date_time_get_hour (local)] += count;
      }
    }

  sqlite3_reset (stmt);
  return !step_failed (report, rc, error);
}

static gboolean
read_opt_outs (Report  *report,
               GError **error)
{
  sqlite3_stmt *stmt = redial_sqlite_store_statement (report->self,
    "SELECT count (*) FROM opt_out_audit WHERE opted_out = 1 AND at >= ? AND at < ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, report->query->from);
  sqlite3_bind_int64 (stmt, 2, report->query->to);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    report->figures->totals.opt_outs = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || !step_failed (report, rc, error);
}

/* Reply response: from a caller's text that waits (the first after the
 * last answer) to the next answer by a person: a text they wrote, or a
 * call-back that reached the caller. */
static gboolean
read_replies (Report  *report,
              GArray  *reply_responses,
              GError **error)
{
  sqlite3_stmt *stmt = redial_sqlite_store_statement (report->self,
    "SELECT m.case_id, CASE WHEN m.direction = 'inbound' THEN 1"
    "                       WHEN m.kind = 'manual' THEN 2 ELSE 0 END, m.created_at"
    " FROM messages m JOIN cases k ON k.id = m.case_id"
    " WHERE k.first_call_at >= ?1 AND k.first_call_at < ?2"
    " UNION ALL "
    "SELECT e.case_id, 2, e.at FROM case_events e JOIN cases k ON k.id = e.case_id"
    " WHERE k.first_call_at >= ?1 AND k.first_call_at < ?2"
    " AND e.kind = 'call-back' AND e.call_outcome = 'reached'"
    " ORDER BY 1, 3", error);
  gint64 current = -1;
  gint64 waiting_since = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, report->query->from);
  sqlite3_bind_int64 (stmt, 2, report->query->to);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 case_id = sqlite3_column_int64 (stmt, 0);
      int what = sqlite3_column_int (stmt, 1);
      gint64 at = sqlite3_column_int64 (stmt, 2);

      if (case_id != current)
        {
          current = case_id;
          waiting_since = 0;
        }
      if (!g_hash_table_contains (report->cases, &case_id))
        continue;

      if (what == 1 && waiting_since == 0)
        waiting_since = at;
      else if (what == 2 && waiting_since != 0)
        {
          gint64 seconds = counted_seconds (report->query, waiting_since, at);

          g_array_append_val (reply_responses, seconds);
          waiting_since = 0;
        }
    }

  sqlite3_reset (stmt);
  return !step_failed (report, rc, error);
}

static gboolean
read_breaches (Report  *report,
               GError **error)
{
  sqlite3_stmt *stmt = redial_sqlite_store_statement (report->self,
    "SELECT s.case_id, s.clock, s.at, k.first_call_at, k.first_response_at,"
    "  EXISTS (SELECT 1 FROM sla_events x WHERE x.case_id = s.case_id AND x.clock = s.clock"
    "    AND x.episode = s.episode AND x.level = 'escalation')"
    " FROM sla_events s JOIN cases k ON k.id = s.case_id"
    " WHERE k.first_call_at >= ? AND k.first_call_at < ? AND s.level = 'breach'"
    " ORDER BY s.at, s.id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, report->query->from);
  sqlite3_bind_int64 (stmt, 2, report->query->to);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 case_id = sqlite3_column_int64 (stmt, 0);
      RedialReportCase *row = g_hash_table_lookup (report->cases, &case_id);
      RedialReportBreach *breach;
      RedialSlaClock clock = REDIAL_SLA_CLOCK_FIRST_RESPONSE;

      if (row == NULL)
        continue;

      redial_sla_clock_from_string (redial_sqlite_column_text (stmt, 1), &clock);
      breach = g_new0 (RedialReportBreach, 1);
      breach->case_id = case_id;
      breach->caller = g_strdup (row->caller);
      breach->caller_name = g_strdup (row->caller_name);
      breach->person = g_strdup (row->person);
      breach->clock = clock;
      breach->at = sqlite3_column_int64 (stmt, 2);
      breach->waited = -1;
      if (clock == REDIAL_SLA_CLOCK_FIRST_RESPONSE && sqlite3_column_type (stmt, 4) != SQLITE_NULL)
        breach->waited = counted_seconds (report->query, sqlite3_column_int64 (stmt, 3),
                                          sqlite3_column_int64 (stmt, 4));
      breach->escalated = sqlite3_column_int (stmt, 5);
      g_ptr_array_add (report->figures->breaches, breach);
    }

  sqlite3_reset (stmt);
  return !step_failed (report, rc, error);
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  const RedialReportLine *x = *(RedialReportLine * const *) a;
  const RedialReportLine *y = *(RedialReportLine * const *) b;

  if (x->missed_calls != y->missed_calls)
    return x->missed_calls > y->missed_calls ? -1 : 1;
  return g_strcmp0 (x->label, y->label);
}

static int
compare_people (gconstpointer a,
                gconstpointer b)
{
  const RedialReportPerson *x = *(RedialReportPerson * const *) a;
  const RedialReportPerson *y = *(RedialReportPerson * const *) b;

  return g_utf8_collate (x->person, y->person);
}

static int
compare_losses (gconstpointer a,
                gconstpointer b)
{
  const RedialReportLoss *x = *(RedialReportLoss * const *) a;
  const RedialReportLoss *y = *(RedialReportLoss * const *) b;

  if (x->cases != y->cases)
    return x->cases > y->cases ? -1 : 1;
  return (int) x->outcome - (int) y->outcome;
}

/* The tables by line, by person and by outcome, from the case rows. */
static void
build_tables (Report *report)
{
  RedialReportFigures *figures = report->figures;
  g_autoptr(GHashTable) lines = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) people = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) responses = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                           (GDestroyNotify) g_array_unref);
  RedialReportLoss *losses[REDIAL_CASE_OUTCOME_WRONG_NUMBER + 1] = { NULL, };
  RedialReportLine *no_line = NULL;

  for (guint i = 0; i < figures->cases->len; i++)
    {
      RedialReportCase *row = g_ptr_array_index (figures->cases, i);
      RedialReportLine *line = row->line_label != NULL ? g_hash_table_lookup (lines, row->line_label) : no_line;

      if (line == NULL)
        {
          line = g_new0 (RedialReportLine, 1);
          line->label = g_strdup (row->line_label);
          g_ptr_array_add (figures->lines, line);
          if (line->label != NULL)
            g_hash_table_insert (lines, line->label, line);
          else
            no_line = line;
        }
      line->cases++;
      line->reached += row->reached;
      line->booked += row->booked;
      if (row->revenue > 0)
        line->revenue += row->revenue;
      line->revenue_is_estimate |= row->revenue_is_estimate;

      if (row->outcome >= 0 && !row->booked && row->outcome < (int) G_N_ELEMENTS (losses))
        {
          if (losses[row->outcome] == NULL)
            {
              losses[row->outcome] = g_new0 (RedialReportLoss, 1);
              losses[row->outcome]->outcome = row->outcome;
              g_ptr_array_add (figures->losses, losses[row->outcome]);
            }
          losses[row->outcome]->cases++;
        }

      if (row->person != NULL)
        {
          RedialReportPerson *person = g_hash_table_lookup (people, row->person);

          if (person == NULL)
            {
              person = g_new0 (RedialReportPerson, 1);
              person->person = g_strdup (row->person);
              g_ptr_array_add (figures->people, person);
              g_hash_table_insert (people, person->person, person);
              g_hash_table_insert (responses, person->person, g_array_new (FALSE, FALSE, sizeof (gint64)));
            }
          person->cases++;
          person->breaches += row->breaches;
          person->booked += row->booked;
          if (row->first_response >= 0)
            {
              gint64 target = g_hash_table_contains (report->emergency, GINT_TO_POINTER (row->case_id))
                ? report->query->emergency_target : report->query->first_response_target;

              g_array_append_val (g_hash_table_lookup (responses, person->person), row->first_response);
              person->first_response_timed++;
              if (row->first_response * G_USEC_PER_SEC <= target)
                person->first_response_within_target++;
            }
        }
    }

  for (guint i = 0; i < figures->people->len; i++)
    {
      RedialReportPerson *person = g_ptr_array_index (figures->people, i);

      person->first_response = redial_report_spread (g_hash_table_lookup (responses, person->person));
    }

  g_ptr_array_sort (figures->people, compare_people);
  g_ptr_array_sort (figures->losses, compare_losses);
}

static RedialReportFigures *
compute_report (RedialSqliteStore        *self,
                const RedialReportQuery  *query,
                GError                  **error)
{
  g_autoptr(RedialReportFigures) figures = redial_report_figures_new (query->from, query->to);
  g_autoptr(GHashTable) cases = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) emergency = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) text_back_delays = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) first_responses = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) reply_responses = g_array_new (FALSE, FALSE, sizeof (gint64));
  Report report = { self, query, figures, cases, emergency };

  if (!read_cases (&report, text_back_delays, first_responses, error) ||
      !read_opt_outs (&report, error) ||
      !read_replies (&report, reply_responses, error))
    return NULL;

  if (!query->totals_only)
    {
      build_tables (&report);
      if (!read_breaches (&report, error))
        return NULL;
    }
  if (!read_missed_calls (&report, error))
    return NULL;
  if (!query->totals_only)
    g_ptr_array_sort (figures->lines, compare_lines);

  figures->totals.text_back_delay = redial_report_spread (text_back_delays);
  figures->totals.first_response = redial_report_spread (first_responses);
  figures->totals.reply_response = redial_report_spread (reply_responses);

  if (query->totals_only)
    g_ptr_array_set_size (figures->cases, 0);

  return g_steal_pointer (&figures);
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
   * Redial writing to the file (WAL) goes on undisturbed. */
  if (!redial_sqlite_store_exec (self, "BEGIN DEFERRED", error))
    return NULL;
  figures = compute_report (self, query, error);
  redial_sqlite_store_rollback (self);
  return figures;
}

void
redial_sqlite_reports_init_iface (RedialStoreInterface *iface)
{
  iface->compute_report = redial_sqlite_compute_report;
}
