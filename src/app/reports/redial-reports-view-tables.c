/* redial-reports-view-tables.c: the Reports view's tables and heat map: by line, why cases were lost, by person, the breaches, missed calls by hour. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include <glib/gi18n.h>

#include "redial-report-heat-map.h"
#include "redial-reports-view-private.h"

/* A table too wide for a narrow window scrolls sideways. */
static GtkWidget *
scroll_sideways (GtkWidget *table)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), table);
  return scroller;
}

static void
attach_headers (GtkWidget          *grid,
                const char * const *headers)
{
  for (int i = 0; headers[i] != NULL; i++)
    gtk_grid_attach (GTK_GRID (grid), redial_reports_view_label (_(headers[i]), i == 0 ? 0 : 1, "caption-heading"), i, 0, 1, 1);
}

static char *
format_count (guint n)
{
  return g_strdup_printf ("%u", n);
}

GtkWidget *
redial_reports_view_lines_table (RedialReportsView *self)
{
  const RedialReportFigures *now = redial_report_get_figures (self->report);
  static const char * const headers[] = { N_("Line"), N_("Missed calls"), N_("Reached"), N_("Booked"), N_("Revenue"), NULL };
  GtkWidget *grid = redial_reports_view_grid ();

  attach_headers (grid, headers);
  for (guint i = 0; i < now->lines->len; i++)
    {
      const RedialReportLine *line = g_ptr_array_index (now->lines, i);
      const char *name = line->label != NULL ? line->label : _("No line");
      CaseFilter filter = { .by_line = TRUE, .line = line->label, .outcome = -2 };
      g_autofree char *missed = format_count (line->missed_calls);
      g_autofree char *reached = format_count (line->reached);
      g_autofree char *booked = format_count (line->booked);
      g_autofree char *money = redial_report_format_value (REDIAL_FIGURE_MONEY, line->revenue);
      g_autofree char *revenue = line->revenue_is_estimate ? g_strdup_printf ("≈ %s", money) : g_strdup (money);
      GtkWidget *label = redial_reports_view_label (name, 0, NULL);

      gtk_widget_set_hexpand (label, TRUE);
      gtk_grid_attach (GTK_GRID (grid), label, 0, i + 1, 1, 1);
      filter.flag = CASES_ALL;
      gtk_grid_attach (GTK_GRID (grid), redial_reports_view_number (self, missed, name, &filter), 1, i + 1, 1, 1);
      filter.flag = CASES_REACHED;
      gtk_grid_attach (GTK_GRID (grid), redial_reports_view_number (self, reached, name, &filter), 2, i + 1, 1, 1);
      filter.flag = CASES_BOOKED;
      gtk_grid_attach (GTK_GRID (grid), redial_reports_view_number (self, booked, name, &filter), 3, i + 1, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), redial_reports_view_number (self, revenue, name, &filter), 4, i + 1, 1, 1);
    }
  return scroll_sideways (grid);
}

GtkWidget *
redial_reports_view_losses_table (RedialReportsView *self)
{
  const RedialReportFigures *now = redial_report_get_figures (self->report);
  GtkWidget *grid = redial_reports_view_grid ();

  for (guint i = 0; i < now->losses->len; i++)
    {
      const RedialReportLoss *loss = g_ptr_array_index (now->losses, i);
      const char *name = redial_case_outcome_describe (loss->outcome);
      CaseFilter filter = { .flag = CASES_ALL, .outcome = loss->outcome };
      g_autofree char *count = format_count (loss->cases);
      GtkWidget *label = redial_reports_view_label (name, 0, NULL);

      gtk_widget_set_hexpand (label, TRUE);
      gtk_grid_attach (GTK_GRID (grid), label, 0, i, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), redial_reports_view_number (self, count, name, &filter), 1, i, 1, 1);
    }
  if (now->losses->len == 0)
    gtk_grid_attach (GTK_GRID (grid), redial_reports_view_wrapping_label (_("No case was lost."), "dim-label"), 0, 0, 1, 1);
  return grid;
}

static char *
format_seconds (gint64 seconds)
{
  return seconds < 0 ? g_strdup ("—") : redial_report_format_value (REDIAL_FIGURE_SECONDS, seconds);
}

GtkWidget *
redial_reports_view_people_table (RedialReportsView *self)
{
  const RedialReportFigures *now = redial_report_get_figures (self->report);
  static const char * const headers[] = {
    N_("Person"), N_("Cases"), N_("First response"), N_("Within target"), N_("Breaches"), N_("Booked"), NULL
  };
  GtkWidget *grid = redial_reports_view_grid ();

  attach_headers (grid, headers);
  for (guint i = 0; i < now->people->len; i++)
    {
      const RedialReportPerson *person = g_ptr_array_index (now->people, i);
      CaseFilter filter = { .person = person->person, .outcome = -2 };
      g_autofree char *cases = format_count (person->cases);
      g_autofree char *median = format_seconds (person->first_response.median);
      g_autofree char *within = person->first_response_timed == 0 ? g_strdup ("—")
        : redial_report_format_value (REDIAL_FIGURE_PERCENT,
                                      (1000 * (gint64) person->first_response_within_target +
                                       person->first_response_timed / 2) / person->first_response_timed);
      g_autofree char *breaches = format_count (person->breaches);
      g_autofree char *booked = format_count (person->booked);
      GtkWidget *label = redial_reports_view_label (person->person, 0, NULL);

      gtk_widget_set_hexpand (label, TRUE);
      gtk_grid_attach (GTK_GRID (grid), label, 0, i + 1, 1, 1);
      filter.flag = CASES_ALL;
      gtk_grid_attach (GTK_GRID (grid), redial_reports_view_number (self, cases, person->person, &filter), 1, i + 1, 1, 1);
      filter.flag = CASES_FIRST_RESPONSE_TIMED;
      gtk_grid_attach (GTK_GRID (grid), redial_reports_view_number (self, median, person->person, &filter), 2, i + 1, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), redial_reports_view_number (self, within, person->person, &filter), 3, i + 1, 1, 1);
      filter.flag = CASES_BREACHED;
      gtk_grid_attach (GTK_GRID (grid), redial_reports_view_number (self, breaches, person->person, &filter), 4, i + 1, 1, 1);
      filter.flag = CASES_BOOKED;
      gtk_grid_attach (GTK_GRID (grid), redial_reports_view_number (self, booked, person->person, &filter), 5, i + 1, 1, 1);
    }
  return scroll_sideways (grid);
}

static void
on_show_all_breaches (RedialReportsView *self)
{
  self->all_breaches = TRUE;
  redial_reports_view_show_report (self);
}

GtkWidget *
redial_reports_view_breaches_table (RedialReportsView *self)
{
  const RedialReportFigures *now = redial_report_get_figures (self->report);
  static const char * const headers[] = { N_("When"), N_("Caller"), N_("Clock"), N_("Person"), N_("Waited"), NULL };
  GtkWidget *grid = redial_reports_view_grid ();
  guint n_shown;

  if (now->breaches->len == 0)
    {
      gtk_grid_attach (GTK_GRID (grid), redial_reports_view_wrapping_label (_("No answer came late."), "dim-label"), 0, 0, 1, 1);
      return grid;
    }
  attach_headers (grid, headers);
  n_shown = self->all_breaches ? now->breaches->len : MIN (now->breaches->len, N_BREACHES_FIRST);
  for (guint i = 0; i < n_shown; i++)
    {
      const RedialReportBreach *breach = g_ptr_array_index (now->breaches, i);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (breach->at / G_USEC_PER_SEC);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, redial_report_get_time_zone (self->report));
      g_autofree char *when = g_date_time_format (local, "%Y-%m-%d %H:%M");
      /* Caller-supplied names are text: labels never read them as markup. */
      const char *who = breach->caller_name != NULL ? breach->caller_name
                        : breach->caller != NULL ? breach->caller : _("Unknown caller");
      g_autofree char *waited = format_seconds (breach->waited);
      g_autofree char *how_long = breach->escalated ? g_strdup_printf (_("%s, escalated"), waited) : g_strdup (waited);
      CaseFilter filter = { .flag = CASES_ALL, .outcome = -2, .case_id = breach->case_id };

      gtk_grid_attach (GTK_GRID (grid), redial_reports_view_label (when, 0, "numeric"), 0, i + 1, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), redial_reports_view_label (who, 1, NULL), 1, i + 1, 1, 1);
      gtk_grid_attach (GTK_GRID (grid),
                       redial_reports_view_label (breach->clock == REDIAL_SLA_CLOCK_REPLY ? _("Reply") : _("First response"), 1, NULL),
                       2, i + 1, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), redial_reports_view_label (breach->person != NULL ? breach->person : _("Nobody"), 1, NULL),
                       3, i + 1, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), redial_reports_view_number (self, how_long, who, &filter), 4, i + 1, 1, 1);
    }
  if (n_shown < now->breaches->len)
    {
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Show All %u Breach",
                                                             "Show All %u Breaches", now->breaches->len),
                                                now->breaches->len);
      GtkWidget *button = gtk_button_new_with_label (label);

      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_widget_set_margin_top (button, 6);
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_show_all_breaches), self, G_CONNECT_SWAPPED);
      gtk_grid_attach (GTK_GRID (grid), button, 0, n_shown + 1, 5, 1);
    }
  return scroll_sideways (grid);
}

/* Which hours of a week the business is open, in the week of the
 * period's last day. */
static void
find_open_hours (RedialReportsView *self,
                 gboolean           open[7][24])
{
  RedialHours *hours = redial_config_get_hours (redial_context_get_config (self->context));
  GTimeZone *tz = redial_report_get_time_zone (self->report);
  GDate monday = *redial_report_get_last_day (self->report);

  g_date_subtract_days (&monday, g_date_get_weekday (&monday) - G_DATE_MONDAY);
  for (int day = 0; day < 7; day++)
    {
      GDate date = monday;

      g_date_add_days (&date, day);
      for (int hour = 0; hour < 24; hour++)
        {
          g_autoptr(GDateTime) start = g_date_time_new (tz, g_date_get_year (&date), g_date_get_month (&date),
                                                        g_date_get_day (&date), hour, 0, 0);
          gint64 from = g_date_time_to_unix (start) * G_USEC_PER_SEC;

          open[day][hour] = redial_hours_open_between (hours, from, from + G_TIME_SPAN_HOUR) > 0;
        }
    }
}

GtkWidget *
redial_reports_view_heat_map (RedialReportsView *self)
{
  const RedialReportFigures *now = redial_report_get_figures (self->report);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *map = redial_report_heat_map_new ();
  gboolean open[7][24];

  find_open_hours (self, open);
  redial_report_heat_map_set_data (REDIAL_REPORT_HEAT_MAP (map), now->missed_by_hour, open);
  gtk_box_append (GTK_BOX (box), map);
  gtk_box_append (GTK_BOX (box),
                  redial_reports_view_wrapping_label (_("Darker is more missed calls. Open hours are full squares, closed hours small ones."),
                                       "dim-label"));
  return box;
}

