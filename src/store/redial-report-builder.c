/* redial-report-builder.c: the owner's report put together from the facts a store reads, the same for every store. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include "redial-report-builder.h"

/* Where a case opened in the period stands on each line of the report. */
typedef enum
{
  CASE_CLASS_FUNNEL,
  CASE_CLASS_BLOCKED,
  CASE_CLASS_SPAM,
  CASE_CLASS_ANONYMOUS,
  CASE_CLASS_OPTED_OUT,
} CaseClass;

/* What one case of the funnel counts, beyond its row. */
typedef struct
{
  RedialReportCase *row;
  char             *owner;
  char             *first_actor;
  char             *first_author;
  gint64            first_call_at;
  gint64            first_response_at;
  gint64            handed_at;
  gboolean          qualified_event;
  gboolean          qualifiable;      /* its state and outcome allow it to count as qualified */
  gboolean          emergency;
  gboolean          first_response_breached;
  guint             escalations;
} CaseWork;

struct _RedialReportBuilder
{
  const RedialReportQuery *query;
  RedialReportFigures     *figures;
  GHashTable              *cases;     /* case id → CaseWork, the funnel's cases of the period */
  GHashTable              *period;    /* case id → itself: every case opened in the period */
  GArray                  *reply_responses;
  GArray                  *text_back_delays;
  GArray                  *first_responses;
  GHashTable              *lines;     /* label → RedialReportLine of figures->lines */
  RedialReportLine        *no_line;   /* calls on no known line */
  gint64                   last_quarter;
  int                      weekday;
  int                      hour;
};

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
read_reply_waits (RedialReportBuilder *self,
                  const char          *waits)
{
  const char *p = waits;

  while (p != NULL && *p != '\0')
    {
      char *end;
      gint64 since = g_ascii_strtoll (p, &end, 10);
      gint64 answered, seconds;

      g_return_if_fail (*end == ':');
      answered = g_ascii_strtoll (end + 1, &end, 10);
      seconds = counted_seconds (self->query, since, answered);
      g_array_append_val (self->reply_responses, seconds);
      p = *end == ';' ? end + 1 : NULL;
    }
}

/* The first-response target of @work's case (µs). */
static gint64
target_of (RedialReportBuilder *self,
           CaseWork            *work)
{
  return work->emergency ? self->query->emergency_target : self->query->first_response_target;
}

/* The line @label of the table, made on first use. */
static RedialReportLine *
line_of (RedialReportBuilder *self,
         const char          *label)
{
  RedialReportLine *line = label != NULL ? g_hash_table_lookup (self->lines, label) : self->no_line;

  if (line == NULL)
    {
      line = g_new0 (RedialReportLine, 1);
      line->label = g_strdup (label);
      g_ptr_array_add (self->figures->lines, line);
      if (label != NULL)
        g_hash_table_insert (self->lines, line->label, line);
      else
        self->no_line = line;
    }
  return line;
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
build_tables (RedialReportBuilder *self)
{
  RedialReportFigures *figures = self->figures;
  g_autoptr(GHashTable) people = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) responses = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                           (GDestroyNotify) g_array_unref);
  RedialReportLoss *losses[REDIAL_CASE_OUTCOME_WRONG_NUMBER + 1] = { NULL, };

  for (guint i = 0; i < figures->cases->len; i++)
    {
      RedialReportCase *row = g_ptr_array_index (figures->cases, i);
      RedialReportLine *line = line_of (self, row->line_label);

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
              gint64 target = target_of (self, g_hash_table_lookup (self->cases, &row->case_id));

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

RedialReportBuilder *
redial_report_builder_new (const RedialReportQuery *query)
{
  RedialReportBuilder *self;

  g_return_val_if_fail (query != NULL, NULL);

  self = g_new0 (RedialReportBuilder, 1);
  self->query = query;
  self->figures = redial_report_figures_new (query->from, query->to);
  self->cases = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, case_work_free);
  self->period = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->reply_responses = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->text_back_delays = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->first_responses = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->lines = g_hash_table_new (g_str_hash, g_str_equal);
  self->last_quarter = G_MININT64;
  return self;
}

void
redial_report_builder_free (RedialReportBuilder *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->cases);
  g_hash_table_unref (self->period);
  g_hash_table_unref (self->lines);
  g_array_unref (self->reply_responses);
  g_array_unref (self->text_back_delays);
  g_array_unref (self->first_responses);
  redial_report_figures_free (self->figures);
  g_free (self);
}

void
redial_report_builder_add_case (RedialReportBuilder     *self,
                                const RedialReportFacts *facts)
{
  RedialReportTotals *totals;
  RedialReportCase *row;
  RedialCaseOutcome parsed;
  CaseWork *work;

  g_return_if_fail (self != NULL && self->figures != NULL);
  g_return_if_fail (facts != NULL);

  totals = &self->figures->totals;
  g_hash_table_add (self->period, g_memdup2 (&facts->case_id, sizeof facts->case_id));
  switch (classify (facts->kind, facts->outcome, facts->opted_out))
    {
    case CASE_CLASS_BLOCKED:
      totals->blocked++;
      return;
    case CASE_CLASS_SPAM:
      totals->spam++;
      return;
    case CASE_CLASS_ANONYMOUS:
      totals->anonymous++;
      return;
    case CASE_CLASS_OPTED_OUT:
      return;
    case CASE_CLASS_FUNNEL:
    default:
      break;
    }

  row = g_new0 (RedialReportCase, 1);
  row->case_id = facts->case_id;
  row->caller = g_strdup (facts->caller);
  row->caller_name = g_strdup (facts->caller_name);
  row->line_label = g_strdup (facts->line_label);
  row->opened_at = facts->first_call_at;
  row->n_calls = facts->n_calls;
  row->outcome = facts->outcome != NULL && redial_case_outcome_from_string (facts->outcome, &parsed) ? (int) parsed : -1;
  row->returning = facts->returning;
  row->booked = g_strcmp0 (facts->outcome, "booked") == 0 || g_strcmp0 (facts->state, "booked") == 0;
  row->revenue = -1;
  if (row->booked)
    row->revenue = case_revenue (self->query, facts->job_value, &row->revenue_is_estimate);
  row->first_response = -1;
  row->text_back_delay = -1;
  /* Two-way contact: a caller's text, or a call-back that reached them. */
  row->reached = facts->replied || facts->called_back;
  row->breaches = facts->breaches;

  work = g_new0 (CaseWork, 1);
  work->row = row;
  work->first_call_at = row->opened_at;
  work->first_response_at = facts->first_response_at;
  work->emergency = facts->emergency;
  work->owner = g_strdup (facts->owner);
  work->handed_at = facts->handed_at;
  work->qualified_event = facts->qualified_event;
  work->first_actor = g_strdup (facts->first_actor);
  work->first_author = g_strdup (facts->first_author);
  work->first_response_breached = facts->first_response_breached;
  work->escalations = facts->escalations;
  /* An intake undone since makes the case what it was before. */
  work->qualifiable = g_strcmp0 (facts->outcome, "not-a-fit") != 0 &&
                      g_strcmp0 (facts->state, "new") != 0 && g_strcmp0 (facts->state, "responded") != 0 &&
                      g_strcmp0 (facts->state, "replied") != 0;

  read_reply_waits (self, facts->reply_waits);

  g_ptr_array_add (self->figures->cases, row);
  g_hash_table_insert (self->cases, &row->case_id, work);
}

void
redial_report_builder_set_opt_outs (RedialReportBuilder *self,
                                    guint                opt_outs)
{
  g_return_if_fail (self != NULL && self->figures != NULL);

  self->figures->totals.opt_outs = opt_outs;
}

void
redial_report_builder_count_cases (RedialReportBuilder *self)
{
  RedialReportTotals *totals;

  g_return_if_fail (self != NULL && self->figures != NULL);

  totals = &self->figures->totals;
  for (guint i = 0; i < self->figures->cases->len; i++)
    {
      RedialReportCase *row = g_ptr_array_index (self->figures->cases, i);
      CaseWork *work = g_hash_table_lookup (self->cases, &row->case_id);

      row->texted_back = work->handed_at != 0;
      if (row->texted_back)
        {
          row->text_back_delay = MAX (work->handed_at - work->first_call_at, 0) / G_USEC_PER_SEC;
          g_array_append_val (self->text_back_delays, row->text_back_delay);
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
          row->first_response = counted_seconds (self->query, work->first_call_at, work->first_response_at);
          g_array_append_val (self->first_responses, row->first_response);
          totals->first_response_timed++;
          if (row->first_response * G_USEC_PER_SEC <= target_of (self, work))
            totals->first_response_within_target++;
        }
      else if (work->first_response_breached)
        {
          /* Never answered, and past its target: timed, not within it. */
          totals->first_response_timed++;
        }
    }

  if (!self->query->totals_only)
    build_tables (self);
}

gboolean
redial_report_builder_in_funnel (RedialReportBuilder *self,
                                 gint64               case_id)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return g_hash_table_contains (self->cases, &case_id);
}

gboolean
redial_report_builder_in_period (RedialReportBuilder *self,
                                 gint64               case_id)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return g_hash_table_contains (self->period, &case_id);
}

void
redial_report_builder_add_breach (RedialReportBuilder *self,
                                  gint64               case_id,
                                  const char          *clock_name,
                                  gint64               at,
                                  gint64               first_call_at,
                                  gint64               first_response_at,
                                  gboolean             escalated)
{
  CaseWork *work;
  RedialReportCase *row;
  RedialReportBreach *breach;
  RedialSlaClock clock = REDIAL_SLA_CLOCK_FIRST_RESPONSE;

  g_return_if_fail (self != NULL && self->figures != NULL);

  work = g_hash_table_lookup (self->cases, &case_id);
  if (work == NULL)
    return;
  row = work->row;

  redial_sla_clock_from_string (clock_name, &clock);
  breach = g_new0 (RedialReportBreach, 1);
  breach->case_id = case_id;
  breach->caller = g_strdup (row->caller);
  breach->caller_name = g_strdup (row->caller_name);
  breach->person = g_strdup (row->person);
  breach->clock = clock;
  breach->at = at;
  breach->waited = -1;
  if (clock == REDIAL_SLA_CLOCK_FIRST_RESPONSE && first_response_at != 0)
    breach->waited = counted_seconds (self->query, first_call_at, first_response_at);
  breach->escalated = escalated;
  g_ptr_array_add (self->figures->breaches, breach);
}

void
redial_report_builder_add_missed_call (RedialReportBuilder *self,
                                       const char          *line_label,
                                       gint64               quarter)
{
  g_return_if_fail (self != NULL && self->figures != NULL);

  self->figures->totals.missed_calls++;
  if (self->query->totals_only)
    return;

  line_of (self, line_label)->missed_calls++;
  /* Calls mostly come in time order: one quarter's hour is worked out once. */
  if (quarter != self->last_quarter)
    {
      local_hour (self->query->time_zone, quarter, &self->weekday, &self->hour);
      self->last_quarter = quarter;
    }
  self->figures->missed_by_hour[self->weekday][self->hour]++;
}

RedialReportFigures *
redial_report_builder_finish (RedialReportBuilder *self)
{
  RedialReportFigures *figures;

  g_return_val_if_fail (self != NULL && self->figures != NULL, NULL);

  figures = g_steal_pointer (&self->figures);
  if (!self->query->totals_only)
    g_ptr_array_sort (figures->lines, compare_lines);

  figures->totals.text_back_delay = redial_report_spread (self->text_back_delays);
  figures->totals.first_response = redial_report_spread (self->first_responses);
  figures->totals.reply_response = redial_report_spread (self->reply_responses);

  /* The cases table goes before the cases it lists. */
  g_hash_table_remove_all (self->cases);
  if (self->query->totals_only)
    g_ptr_array_set_size (figures->cases, 0);
  return figures;
}
