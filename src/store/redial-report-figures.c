/* redial-report-figures.c: the owner's report as the store computes it: plain structs a writer or a view reads. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include "redial-report-figures.h"

static void
line_free (gpointer data)
{
  RedialReportLine *line = data;

  g_free (line->label);
  g_free (line);
}

static void
person_free (gpointer data)
{
  RedialReportPerson *person = data;

  g_free (person->person);
  g_free (person);
}

static void
breach_free (gpointer data)
{
  RedialReportBreach *breach = data;

  g_free (breach->caller);
  g_free (breach->caller_name);
  g_free (breach->person);
  g_free (breach);
}

static void
case_free (gpointer data)
{
  RedialReportCase *row = data;

  g_free (row->caller);
  g_free (row->caller_name);
  g_free (row->line_label);
  g_free (row->person);
  g_free (row);
}

RedialReportFigures *
redial_report_figures_new (gint64 from,
                           gint64 to)
{
  RedialReportFigures *figures = g_new0 (RedialReportFigures, 1);
  RedialReportSpread none = { 0, -1, -1 };

  figures->from = from;
  figures->to = to;
  figures->totals.text_back_delay = none;
  figures->totals.first_response = none;
  figures->totals.reply_response = none;
  figures->lines = g_ptr_array_new_with_free_func (line_free);
  figures->people = g_ptr_array_new_with_free_func (person_free);
  figures->losses = g_ptr_array_new_with_free_func (g_free);
  figures->breaches = g_ptr_array_new_with_free_func (breach_free);
  figures->cases = g_ptr_array_new_with_free_func (case_free);
  return figures;
}

void
redial_report_figures_free (RedialReportFigures *figures)
{
  if (figures == NULL)
    return;

  g_ptr_array_unref (figures->lines);
  g_ptr_array_unref (figures->people);
  g_ptr_array_unref (figures->losses);
  g_ptr_array_unref (figures->breaches);
  g_ptr_array_unref (figures->cases);
  g_free (figures);
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

RedialReportSpread
redial_report_spread (GArray *seconds)
{
  RedialReportSpread spread = { 0, -1, -1 };
  guint n;

  g_return_val_if_fail (seconds != NULL, spread);

  n = seconds->len;
  if (n == 0)
    return spread;

  g_array_sort (seconds, compare_int64);
  /* Nearest rank: the smallest value with at least half (nine tenths)
   * of the samples at or below it. */
  spread.n = n;
  spread.median = g_array_index (seconds, gint64, (n + 1) / 2 - 1);
  spread.p90 = g_array_index (seconds, gint64, (9 * n + 9) / 10 - 1);
  return spread;
}
