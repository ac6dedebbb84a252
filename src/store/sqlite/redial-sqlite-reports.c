/* redial-sqlite-reports.c: the SQLite store's report: every figure of the owner's report, in one read snapshot; the end-of-day summaries sent. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include "redial-sqlite-store-private.h"

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
  GHashTable              *cases;     /* case id → CaseWork, the funnel's cases of the period */
  GHashTable              *period;    /* case id → itself: every case opened in the period */
  GArray                  *reply_responses;
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

/* What one case of the period counts, while its activity is read. */
typedef struct
{
  RedialReportCase *row;
  char             *owner;
  char             *first_actor;      /* first to claim, take over or call back */
  char             *first_author;     /* first to write a text */
  gint64            first_call_at;
  gint64            first_response_at;
  gint64            handed_at;        /* the automatic text's hand-off, 0 for none */
  gboolean          qualified_event;
  gboolean          qualifiable;      /* its state and outcome allow it to count as qualified */
  gboolean          emergency;
  gboolean          first_response_breached;
  guint             escalations;
} CaseWork;

static void
case_work_free (gpointer data)
{
  CaseWork *work = data;

  g_free (work->owner);
  g_free (work->first_actor);
  g_free (work->first_author);
  g_free (work);
}

/* How long each of a case's callers' texts waited for an answer, from
 * its facts: "waiting since:answered at;…" (Unix µs). */
static void
read_reply_waits (Report     *report,
                  const char *waits)
{
  const char *p = waits;

  while (p != NULL && *p != '\0')
    {
      char *end;
      gint64 since = g_ascii_strtoll (p, &end, 10);
      gint64 answered, seconds;

      g_return_if_fail (*end == ':');
      answered = g_ascii_strtoll (end + 1, &end, 10);
      seconds = counted_seconds (report->query, since, answered);
      g_array_append_val (report->reply_responses, seconds);
      p = *end == ';' ? end + 1 : NULL;
    }
}

/* The cases opened in the period, one row each with its facts (kept as
 * the case was written: see the schema's case_facts). The funnel's
 * cases go to @report's table; the others count on their own lines. */
static gboolean
read_cases (Report  *report,
            GError **error)
{
  RedialReportTotals *totals = &report->figures->totals;
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
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *kind = redial_sqlite_column_text (stmt, 4);
      const char *outcome = redial_sqlite_column_text (stmt, 5);
      const char *state = redial_sqlite_column_text (stmt, 6);
      RedialReportCase *row;
      RedialCaseOutcome parsed;
      CaseWork *work;

      g_hash_table_add (report->period, g_memdup2 (&id, sizeof id));
      switch (classify (kind, outcome, sqlite3_column_int (stmt, 14)))
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
      row->case_id = id;
      row->caller = g_strdup (redial_sqlite_column_text (stmt, 1));
      row->caller_name = g_strdup (redial_sqlite_column_text (stmt, 2));
      row->line_label = g_strdup (redial_sqlite_column_text (stmt, 3));
      row->opened_at = sqlite3_column_int64 (stmt, 7);
      row->n_calls = sqlite3_column_int (stmt, 8);
      row->outcome = outcome != NULL && redial_case_outcome_from_string (outcome, &parsed) ? (int) parsed : -1;
      row->returning = sqlite3_column_int (stmt, 13);
      row->booked = g_strcmp0 (outcome, "booked") == 0 || g_strcmp0 (state, "booked") == 0;
      row->revenue = -1;
      if (row->booked)
        row->revenue = case_revenue (report->query,
                                     sqlite3_column_type (stmt, 10) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 10),
                                     &row->revenue_is_estimate);
      row->first_response = -1;
      row->text_back_delay = -1;
      /* Two-way contact: a caller's text, or a call-back that reached them. */
      row->reached = sqlite3_column_int (stmt, 16) || sqlite3_column_int (stmt, 17);
      row->breaches = sqlite3_column_int (stmt, 21);

      work = g_new0 (CaseWork, 1);
      work->row = row;
      work->first_call_at = row->opened_at;
      work->first_response_at = sqlite3_column_type (stmt, 9) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, 9);
      work->emergency = sqlite3_column_int (stmt, 11);
      work->owner = g_strdup (redial_sqlite_column_text (stmt, 12));
      work->handed_at = sqlite3_column_type (stmt, 15) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, 15);
      work->qualified_event = sqlite3_column_int (stmt, 18);
      work->first_actor = g_strdup (redial_sqlite_column_text (stmt, 19));
      work->first_author = g_strdup (redial_sqlite_column_text (stmt, 20));
      work->first_response_breached = sqlite3_column_int (stmt, 22);
      work->escalations = sqlite3_column_int (stmt, 23);
      /* An intake undone since makes the case what it was before. */
      work->qualifiable = g_strcmp0 (outcome, "not-a-fit") != 0 &&
                          g_strcmp0 (state, "new") != 0 && g_strcmp0 (state, "responded") != 0 &&
                          g_strcmp0 (state, "replied") != 0;

      read_reply_waits (report, redial_sqlite_column_text (stmt, 24));

      g_ptr_array_add (report->figures->cases, row);
      g_hash_table_insert (report->cases, &row->case_id, work);
    }

  sqlite3_reset (stmt);
  return !step_failed (report, rc, error);
}

/* The first-response target of @work's case (µs). */
static gint64
target_of (Report   *report,
           CaseWork *work)
{
  return work->emergency ? report->query->emergency_target : report->query->first_response_target;
}

/* The totals of the funnel, once every case's activity is known. */
static void
count_cases (Report *report,
             GArray *text_back_delays,
             GArray *first_responses)
{
  RedialReportTotals *totals = &report->figures->totals;

  for (guint i = 0; i < report->figures->cases->len; i++)
    {
      RedialReportCase *row = g_ptr_array_index (report->figures->cases, i);
      CaseWork *work = g_hash_table_lookup (report->cases, &row->case_id);

      row->texted_back = work->handed_at != 0;
      if (row->texted_back)
        {
          row->text_back_delay = MAX (work->handed_at - work->first_call_at, 0) / G_USEC_PER_SEC;
          g_array_append_val (text_back_delays, row->text_back_delay);
        }
      row->qualified = work->qualified_event && work->qualifiable;
      row->person = g_strdup (work->owner != NULL ? work->owner
                              : work->first_actor != NULL ? work->first_actor : work->first_author);

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
      totals->escalations += work->escalations;

      if (work->first_response_at != 0)
        {
          row->first_response = counted_seconds (report->query, work->first_call_at, work->first_response_at);
          g_array_append_val (first_responses, row->first_response);
          totals->first_response_timed++;
          if (row->first_response * G_USEC_PER_SEC <= target_of (report, work))
            totals->first_response_within_target++;
        }
      else if (work->first_response_breached)
        {
          /* Never answered, and past its target: timed, not within it. */
          totals->first_response_timed++;
        }
    }
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

/* Where the quarter hour @quarter (since the epoch) falls in the
 * business's week: weekday (0 Monday) and hour. */
static void
local_hour (GTimeZone *tz,
            gint64     quarter,
            int       *weekday,
            int       *hour)
{
  gint64 utc = quarter * 900;
  gint64 local = utc + g_time_zone_get_offset (tz, g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, utc));
  gint64 days = local >= 0 ? local / 86400 : (local - 86399) / 86400;

  /* 1 January 1970 was a Thursday. */
  *weekday = (int) (((days + 3) % 7 + 7) % 7);
  *hour = (int) ((local - days * 86400) / 3600);
}

/* Missed calls of the funnel's cases by their start, by line and by
 * quarter hour (time zones differ from UTC by whole quarters). */
static gboolean
read_missed_calls (Report  *report,
                   GError **error)
{
  RedialReportFigures *figures = report->figures;
  sqlite3_stmt *stmt = period_statement (report,
    "SELECT c.case_id, c.line_label, c.started_at / 900000000"
    " FROM calls c"
    " WHERE c.started_at >= ? AND c.started_at < ? AND c.disposition <> 'answered'"
    "   AND c.case_id IS NOT NULL", error);
  g_autoptr(GHashTable) lines = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) older = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  RedialReportLine *no_line = NULL;
  gint64 last_quarter = G_MININT64;
  int weekday = 0, hour = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;

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
      gint64 case_id = sqlite3_column_int64 (stmt, 0);
      const char *label = redial_sqlite_column_text (stmt, 1);
      gint64 quarter = sqlite3_column_int64 (stmt, 2);
      RedialReportLine *line;

      if (!g_hash_table_contains (report->cases, &case_id))
        {
          gpointer in_funnel;

          /* A case of the period on its own line, or an older case a
           * repeat call joined: asked once each. */
          if (g_hash_table_contains (report->period, &case_id))
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

      figures->totals.missed_calls++;
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
      line->missed_calls++;
      /* The calls come in time order: one quarter's hour is worked out once. */
      if (quarter != last_quarter)
        {
          local_hour (report->query->time_zone, quarter, &weekday, &hour);
          last_quarter = quarter;
        }
      figures->missed_by_hour[weekday][hour]++;
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
    report->figures->totals.opt_outs = sqlite3_column_int (stmt, 0);
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
    {
      gint64 case_id = sqlite3_column_int64 (stmt, 0);
      CaseWork *work = g_hash_table_lookup (report->cases, &case_id);
      RedialReportCase *row;
      RedialReportBreach *breach;
      RedialSlaClock clock = REDIAL_SLA_CLOCK_FIRST_RESPONSE;

      if (work == NULL)
        continue;
      row = work->row;

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
              gint64 target = target_of (report, g_hash_table_lookup (report->cases, &row->case_id));

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
  g_autoptr(GHashTable) cases = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, case_work_free);
  g_autoptr(GHashTable) period = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) text_back_delays = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) first_responses = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) reply_responses = g_array_new (FALSE, FALSE, sizeof (gint64));
  Report report = { self, query, figures, cases, period, reply_responses };

  if (!read_cases (&report, error) ||
      !read_opt_outs (&report, error))
    return NULL;
  count_cases (&report, text_back_delays, first_responses);

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

  /* The cases table goes before the cases it lists. */
  g_hash_table_remove_all (cases);
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
