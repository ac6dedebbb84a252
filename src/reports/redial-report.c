/* redial-report.c: the owner's report: one period in the business's time zone and the period before, as the store computes them. */
#include "config.h"

#define G_LOG_DOMAIN "redial-reports"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "redial-report.h"

struct _RedialReport
{
  GObject              parent_instance;

  char                *business_name;
  GTimeZone           *time_zone;
  GDate                first;
  GDate                last;
  RedialReportFigures *figures;
  RedialReportFigures *previous;
};

G_DEFINE_FINAL_TYPE (RedialReport, redial_report, G_TYPE_OBJECT)

G_DEFINE_QUARK (redial-report-error-quark, redial_report_error)

/* What a compute in a worker thread needs: its own references. */
typedef struct
{
  RedialStore  *store;
  RedialConfig *config;
  GDate         first;
  GDate         last;
} ComputeData;

static void
compute_data_free (gpointer data)
{
  ComputeData *compute = data;

  g_object_unref (compute->store);
  g_object_unref (compute->config);
  g_free (compute);
}

/* Local midnight at the start of @date in @tz, Unix µs. */
static gint64
start_of_day (GTimeZone   *tz,
              const GDate *date)
{
  g_autoptr(GDateTime) midnight = g_date_time_new (tz, g_date_get_year (date), g_date_get_month (date),
                                                   g_date_get_day (date), 0, 0, 0);

  return g_date_time_to_unix (midnight) * G_USEC_PER_SEC;
}

static gint64
open_between (gint64   from,
              gint64   to,
              gpointer user_data)
{
  return redial_hours_open_between (user_data, from, to);
}

/* The business's open intervals over a stretch of time, with the open
 * time before each: a report asks how much open time lies between two
 * instants thousands of times, and walking the hours each time would
 * cost more than the queries. */
typedef struct
{
  RedialHours *hours;
  gint64       lo;
  gint64       hi;
  GArray      *starts;  /* gint64 */
  GArray      *ends;    /* gint64 */
  GArray      *before;  /* gint64: open time from lo to each start */
} OpenTime;

#define MINUTE (60 * G_USEC_PER_SEC)

static void
open_time_free (OpenTime *open)
{
  g_array_unref (open->starts);
  g_array_unref (open->ends);
  g_array_unref (open->before);
  g_free (open);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpenTime, open_time_free)

/* Open hours begin and end on whole minutes (time zones differ by whole
 * quarter hours): each interval's end is found by halving, in minutes. */
static OpenTime *
open_time_new (RedialHours *hours,
               gint64       lo,
               gint64       hi)
{
  OpenTime *open = g_new0 (OpenTime, 1);
  gint64 total = 0;
  gint64 t;

  open->hours = hours;
  open->lo = lo - lo % MINUTE;
  open->hi = hi;
  open->starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  open->ends = g_array_new (FALSE, FALSE, sizeof (gint64));
  open->before = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (t = open->lo; t < hi;)
    {
      gint64 start = redial_hours_next_opening (hours, t);
      gint64 good = 1, bad, end;

      if (start >= hi)
        break;
      bad = (hi - start) / MINUTE + 2;
      if (redial_hours_open_between (hours, start, start + (bad - 1) * MINUTE) == (bad - 1) * MINUTE)
        good = bad - 1;
      else
        while (bad - good > 1)
          {
            gint64 middle = good + (bad - good) / 2;

            if (redial_hours_open_between (hours, start, start + middle * MINUTE) == middle * MINUTE)
              good = middle;
            else
              bad = middle;
          }
      end = start + good * MINUTE;
      g_array_append_val (open->starts, start);
      g_array_append_val (open->ends, end);
      g_array_append_val (open->before, total);
      total += end - start;
      t = end;
    }

  return open;
}

/* Open time from lo to @x, lo <= @x <= hi. */
static gint64
open_time_until (OpenTime *open,
                 gint64    x)
{
  guint low = 0, high = open->starts->len;

  /* The last interval starting at or before @x. */
  while (low < high)
    {
      guint middle = (low + high) / 2;

      if (g_array_index (open->starts, gint64, middle) <= x)
        low = middle + 1;
      else
        high = middle;
    }
  if (low == 0)
    return 0;
  low--;
  return g_array_index (open->before, gint64, low) +
         MIN (x, g_array_index (open->ends, gint64, low)) - g_array_index (open->starts, gint64, low);
}

static gint64
open_time_between (gint64   from,
                   gint64   to,
                   gpointer user_data)
{
  OpenTime *open = user_data;

  if (from < open->lo || to > open->hi)
    return redial_hours_open_between (open->hours, from, to);
  return open_time_until (open, to) - open_time_until (open, from);
}

/* Computes @query's figures, counting open time from a table built for
 * the period and the fortnight after it when the business counts so. */
static RedialReportFigures *
compute_period (RedialStore        *store,
                RedialReportQuery  *query,
                GError            **error)
{
  g_autoptr(OpenTime) open = NULL;

  if (query->elapsed == open_between)
    {
      open = open_time_new (query->elapsed_data, query->from, query->to + 14 * G_TIME_SPAN_DAY);
      query->elapsed = open_time_between;
      query->elapsed_data = open;
    }
  return redial_store_compute_report (store, query, error);
}

static void
compute_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ComputeData *compute = task_data;
  g_autoptr(GError) error = NULL;
  RedialReport *report;

  report = redial_report_compute (compute->store, compute->config, &compute->first, &compute->last, &error);
  if (report == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, report, g_object_unref);
}

static void
redial_report_finalize (GObject *object)
{
  RedialReport *self = REDIAL_REPORT (object);

  g_free (self->business_name);
  g_clear_pointer (&self->time_zone, g_time_zone_unref);
  g_clear_pointer (&self->figures, redial_report_figures_free);
  g_clear_pointer (&self->previous, redial_report_figures_free);

  G_OBJECT_CLASS (redial_report_parent_class)->finalize (object);
}

static void
redial_report_class_init (RedialReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = redial_report_finalize;
}

static void
redial_report_init (RedialReport *self)
{
  g_date_clear (&self->first, 1);
  g_date_clear (&self->last, 1);
}

gboolean
redial_report_parse_date (const char  *text,
                          GDate       *date,
                          GError     **error)
{
  unsigned int year, month, day;
  char end;

  g_return_val_if_fail (date != NULL, FALSE);

  if (text == NULL ||
      sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &end) != 3 ||
      strlen (text) != 10 ||
      !g_date_valid_dmy (day, month, year))
    {
      g_set_error (error, REDIAL_REPORT_ERROR, REDIAL_REPORT_ERROR_DATE,
                   _("“%s” is not a date: write it as YYYY-MM-DD, such as 2026-11-30."),
                   text != NULL ? text : "");
      return FALSE;
    }

  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

void
redial_report_query_init (RedialReportQuery *query,
                          RedialConfig      *config,
                          const GDate       *first,
                          const GDate       *last)
{
  GDate after;

  g_return_if_fail (query != NULL);
  g_return_if_fail (REDIAL_IS_CONFIG (config));
  g_return_if_fail (first != NULL && last != NULL);

  after = *last;
  g_date_add_days (&after, 1);

  memset (query, 0, sizeof *query);
  query->time_zone = redial_config_get_time_zone (config);
  query->from = start_of_day (query->time_zone, first);
  query->to = start_of_day (query->time_zone, &after);
  query->first_response_target = redial_config_get_first_response_target (config);
  query->emergency_target = redial_config_get_emergency_target (config);
  query->average_job_value = redial_config_get_average_job_value (config);
  if (redial_config_get_business_hours_only (config))
    {
      query->elapsed = open_between;
      query->elapsed_data = redial_config_get_hours (config);
    }
}

RedialReport *
redial_report_compute (RedialStore   *store,
                       RedialConfig  *config,
                       const GDate   *first,
                       const GDate   *last,
                       GError       **error)
{
  g_autoptr(RedialReport) self = NULL;
  RedialReportQuery query;
  GDate before_first, before_last;
  guint n_days;

  g_return_val_if_fail (REDIAL_IS_STORE (store), NULL);
  g_return_val_if_fail (REDIAL_IS_CONFIG (config), NULL);
  g_return_val_if_fail (first != NULL && g_date_valid (first), NULL);
  g_return_val_if_fail (last != NULL && g_date_valid (last), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_date_compare (first, last) > 0)
    {
      char from_text[16], to_text[16];

      g_date_strftime (from_text, sizeof from_text, "%Y-%m-%d", first);
      g_date_strftime (to_text, sizeof to_text, "%Y-%m-%d", last);
      g_set_error (error, REDIAL_REPORT_ERROR, REDIAL_REPORT_ERROR_DATE,
                   _("The period ends (%s) before it starts (%s)."), to_text, from_text);
      return NULL;
    }

  self = g_object_new (REDIAL_TYPE_REPORT, NULL);
  self->business_name = g_strdup (redial_config_get_business_name (config));
  self->time_zone = g_time_zone_ref (redial_config_get_time_zone (config));
  self->first = *first;
  self->last = *last;

  redial_report_query_init (&query, config, first, last);
  self->figures = compute_period (store, &query, error);
  if (self->figures == NULL)
    return NULL;

  n_days = g_date_days_between (first, last) + 1;
  before_last = *first;
  g_date_subtract_days (&before_last, 1);
  before_first = *first;
  g_date_subtract_days (&before_first, n_days);
  redial_report_query_init (&query, config, &before_first, &before_last);
  query.totals_only = TRUE;
  self->previous = compute_period (store, &query, error);
  if (self->previous == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

void
redial_report_compute_async (RedialStore         *store,
                             RedialConfig        *config,
                             const GDate         *first,
                             const GDate         *last,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ComputeData *compute;

  g_return_if_fail (REDIAL_IS_STORE (store));
  g_return_if_fail (REDIAL_IS_CONFIG (config));
  g_return_if_fail (first != NULL && last != NULL);

  compute = g_new0 (ComputeData, 1);
  compute->store = g_object_ref (store);
  compute->config = g_object_ref (config);
  compute->first = *first;
  compute->last = *last;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, redial_report_compute_async);
  g_task_set_task_data (task, compute, compute_data_free);
  g_task_run_in_thread (task, compute_in_thread);
}

RedialReport *
redial_report_compute_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
redial_report_get_business_name (RedialReport *self)
{
  g_return_val_if_fail (REDIAL_IS_REPORT (self), NULL);
  return self->business_name;
}

const GDate *
redial_report_get_first_day (RedialReport *self)
{
  g_return_val_if_fail (REDIAL_IS_REPORT (self), NULL);
  return &self->first;
}

const GDate *
redial_report_get_last_day (RedialReport *self)
{
  g_return_val_if_fail (REDIAL_IS_REPORT (self), NULL);
  return &self->last;
}

GTimeZone *
redial_report_get_time_zone (RedialReport *self)
{
  g_return_val_if_fail (REDIAL_IS_REPORT (self), NULL);
  return self->time_zone;
}

const RedialReportFigures *
redial_report_get_figures (RedialReport *self)
{
  g_return_val_if_fail (REDIAL_IS_REPORT (self), NULL);
  return self->figures;
}

const RedialReportFigures *
redial_report_get_previous (RedialReport *self)
{
  g_return_val_if_fail (REDIAL_IS_REPORT (self), NULL);
  return self->previous;
}
