/* redial-report-describe.c: the owner's report written out figure by figure, for tests that compare two reports. */
#include "config.h"

#include "redial-report.h"
#include "redial-report-describe.h"

char *
redial_report_describe (const RedialReportFigures *figures)
{
  const RedialReportTotals *t = &figures->totals;
  GString *out = g_string_new (NULL);

#define SPREAD(s) (s).n, (s).median, (s).p90
  g_string_append_printf (out,
    "missed %u cases %u new %u returning %u texted %u reached %u qualified %u booked %u"
    " revenue %" G_GINT64_FORMAT " estimate %d text-back %u/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT
    " first %u/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT " timed %u within %u"
    " reply %u/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT " breaches %u escalations %u"
    " spam %u blocked %u anonymous %u opt-outs %u\n",
    t->missed_calls, t->cases, t->new_callers, t->returning_callers, t->texted_back, t->reached,
    t->qualified, t->booked, t->revenue, t->revenue_is_estimate, SPREAD (t->text_back_delay),
    SPREAD (t->first_response), t->first_response_timed, t->first_response_within_target,
    SPREAD (t->reply_response), t->breaches, t->escalations, t->spam, t->blocked, t->anonymous,
    t->opt_outs);
  for (guint i = 0; i < figures->lines->len; i++)
    {
      RedialReportLine *l = g_ptr_array_index (figures->lines, i);

      g_string_append_printf (out, "line %s %u %u %u %u %" G_GINT64_FORMAT " %d\n", l->label,
                              l->missed_calls, l->cases, l->reached, l->booked, l->revenue,
                              l->revenue_is_estimate);
    }
  for (guint i = 0; i < figures->people->len; i++)
    {
      RedialReportPerson *p = g_ptr_array_index (figures->people, i);

      g_string_append_printf (out, "person %s %u %u/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT " %u %u %u %u\n",
                              p->person, p->cases, SPREAD (p->first_response), p->first_response_timed,
                              p->first_response_within_target, p->breaches, p->booked);
    }
  for (guint i = 0; i < figures->losses->len; i++)
    {
      RedialReportLoss *l = g_ptr_array_index (figures->losses, i);

      g_string_append_printf (out, "loss %d %u\n", l->outcome, l->cases);
    }
  for (guint i = 0; i < figures->breaches->len; i++)
    {
      RedialReportBreach *b = g_ptr_array_index (figures->breaches, i);

      g_string_append_printf (out, "breach %" G_GINT64_FORMAT " %s %s %d %" G_GINT64_FORMAT
                              " %" G_GINT64_FORMAT " %d\n", b->case_id, b->caller, b->person,
                              b->clock, b->at, b->waited, b->escalated);
    }
  for (guint i = 0; i < figures->cases->len; i++)
    {
      RedialReportCase *c = g_ptr_array_index (figures->cases, i);

      g_string_append_printf (out, "case %" G_GINT64_FORMAT " %s %s %s %" G_GINT64_FORMAT " %u %d %d %d"
                              " %d %d %" G_GINT64_FORMAT " %d %d %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                              " %u\n", c->case_id, c->caller, c->line_label, c->person, c->opened_at,
                              c->n_calls, c->returning, c->texted_back, c->reached, c->qualified,
                              c->booked, c->revenue, c->revenue_is_estimate, c->outcome,
                              c->first_response, c->text_back_delay, c->breaches);
    }
  for (guint d = 0; d < 7; d++)
    for (guint h = 0; h < 24; h++)
      if (figures->missed_by_hour[d][h] > 0)
        g_string_append_printf (out, "hour %u %u %u\n", d, h, figures->missed_by_hour[d][h]);
#undef SPREAD
  return g_string_free (out, FALSE);
}

char *
redial_report_describe_november (RedialStore  *store,
                                 RedialConfig *config)
{
  static const struct { int first; int last; } periods[] = { { 2, 2 }, { 3, 3 }, { 9, 15 }, { 1, 30 } };
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RedialReport) report = NULL;
      g_autofree char *now = NULL, *before = NULL;
      GDate first, last;

      g_date_clear (&first, 1);
      g_date_set_dmy (&first, periods[i].first, 11, 2026);
      g_date_clear (&last, 1);
      g_date_set_dmy (&last, periods[i].last, 11, 2026);
      report = redial_report_compute (store, config, &first, &last, &error);
      g_assert_no_error (error);
      now = redial_report_describe (redial_report_get_figures (report));
      before = redial_report_describe (redial_report_get_previous (report));
      g_string_append_printf (out, "── %d–%d\n%s── before\n%s", periods[i].first, periods[i].last, now, before);
    }
  return g_string_free (out, FALSE);
}
