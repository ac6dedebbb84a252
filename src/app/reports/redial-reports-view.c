/* redial-reports-view.c: the owner's report in the window: a period, its figures beside the period before, and the cases behind each. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include <glib/gi18n.h>

#include "redial-report-bar.h"
#include "redial-reports-view-private.h"
#include "redial-window.h"

enum
{
  PROP_0,
  PROP_CONTEXT,
  PROP_PERIOD,
  PROP_REPORT,
  PROP_BUSY,
  N_PROPS
};

typedef enum
{
  SECTION_FUNNEL,
  SECTION_SPEED,
  SECTION_ASIDE,         /* spam, blocked, anonymous, opt-outs: not in the funnel */
} Section;

/* What the view makes of each figure of the report's list, by its key. */
typedef struct
{
  const char *key;
  Section     section;
  int         better;    /* +1 more is better, -1 fewer is better, 0 neither */
  CaseFlag    cases;
} FigureRole;

static const FigureRole roles[] = {
  { "missed_calls", SECTION_FUNNEL, -1, CASES_ALL },
  { "cases", SECTION_FUNNEL, -1, CASES_ALL },
  { "new_callers", SECTION_FUNNEL, 0, CASES_NEW },
  { "returning_callers", SECTION_FUNNEL, 0, CASES_RETURNING },
  { "texted_back", SECTION_FUNNEL, +1, CASES_TEXTED_BACK },
  { "reached", SECTION_FUNNEL, +1, CASES_REACHED },
  { "qualified", SECTION_FUNNEL, +1, CASES_QUALIFIED },
  { "booked", SECTION_FUNNEL, +1, CASES_BOOKED },
  { "revenue", SECTION_FUNNEL, +1, CASES_BOOKED },
  { "text_back_delay_median", SECTION_SPEED, -1, CASES_TEXT_BACK_TIMED },
  { "text_back_delay_p90", SECTION_SPEED, -1, CASES_TEXT_BACK_TIMED },
  { "first_response_median", SECTION_SPEED, -1, CASES_FIRST_RESPONSE_TIMED },
  { "first_response_p90", SECTION_SPEED, -1, CASES_FIRST_RESPONSE_TIMED },
  { "first_response_within_target", SECTION_SPEED, +1, CASES_FIRST_RESPONSE_TIMED },
  { "reply_response_median", SECTION_SPEED, -1, CASES_NONE },
  { "reply_response_p90", SECTION_SPEED, -1, CASES_NONE },
  { "breaches", SECTION_SPEED, -1, CASES_BREACHED },
  { "escalations", SECTION_SPEED, -1, CASES_BREACHED },
  { "spam", SECTION_ASIDE, 0, CASES_NONE },
  { "blocked", SECTION_ASIDE, 0, CASES_NONE },
  { "anonymous", SECTION_ASIDE, 0, CASES_NONE },
  { "opt_outs", SECTION_ASIDE, 0, CASES_NONE },
};

/* The three tiles at the top, by figure key, with what they are called. */
static const struct
{
  const char *key;
  const char *caption;
} tiles[] = {
  { "first_response_within_target", N_("Reached within target") },
  { "text_back_delay_median", N_("Median time to the first text") },
  { "first_response_median", N_("Median time to first human contact") },
};

G_DEFINE_FINAL_TYPE (RedialReportsView, redial_reports_view, ADW_TYPE_BIN)

static GParamSpec *properties[N_PROPS];

/* What a count in a worker thread answers to. */
typedef struct
{
  RedialReportsView *self;
  guint              generation;
} CountData;

static const FigureRole *
find_role (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (g_str_equal (roles[i].key, key))
      return &roles[i];
  g_return_val_if_reached (NULL);
}

static guint
find_figure (const char *key)
{
  guint n_figures;
  const RedialFigure *figures = redial_report_list_figures (&n_figures);

  for (guint i = 0; i < n_figures; i++)
    if (g_str_equal (figures[i].key, key))
      return i;
  g_return_val_if_reached (0);
}

static gboolean
case_has (const RedialReportCase *row,
          CaseFlag                flag)
{
  switch (flag)
    {
    case CASES_ALL: return TRUE;
    case CASES_TEXTED_BACK: return row->texted_back;
    case CASES_REACHED: return row->reached;
    case CASES_QUALIFIED: return row->qualified;
    case CASES_BOOKED: return row->booked;
    case CASES_RETURNING: return row->returning;
    case CASES_NEW: return !row->returning;
    case CASES_TEXT_BACK_TIMED: return row->text_back_delay >= 0;
    case CASES_FIRST_RESPONSE_TIMED: return row->first_response >= 0;
    case CASES_BREACHED: return row->breaches > 0;
    case CASES_NONE:
    default:
      return FALSE;
    }
}

/* The ids of the cases of @figures that @filter lets through. */
static GArray *
collect_cases (const RedialReportFigures *figures,
               const CaseFilter          *filter)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < figures->cases->len; i++)
    {
      const RedialReportCase *row = g_ptr_array_index (figures->cases, i);

      if (!case_has (row, filter->flag) ||
          (filter->by_line && g_strcmp0 (row->line_label, filter->line) != 0) ||
          (filter->person != NULL && g_strcmp0 (row->person, filter->person) != 0) ||
          (filter->outcome != -2 && (row->outcome != filter->outcome || row->booked)) ||
          (filter->case_id != 0 && row->case_id != filter->case_id))
        continue;
      g_array_append_val (ids, row->case_id);
    }
  return ids;
}

GtkWidget *
redial_reports_view_label (const char *text,
                           float       xalign,
                           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* A label that wraps on a narrow window (never inside a table that
 * scrolls sideways, which would grow tall instead). */
GtkWidget *
redial_reports_view_wrapping_label (const char *text,
                                    const char *css_class)
{
  GtkWidget *label = redial_reports_view_label (text, 0, css_class);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD);
  return label;
}

static GtkWidget *
make_heading (const char *text)
{
  return redial_reports_view_wrapping_label (text, "heading");
}

static void
on_number_clicked (GtkButton         *button,
                   RedialReportsView *self)
{
  GArray *ids = g_object_get_data (G_OBJECT (button), "case-ids");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ids == NULL || ids->len == 0 || !REDIAL_IS_WINDOW (root))
    return;
  redial_window_show_cases (REDIAL_WINDOW (root), (const gint64 *) ids->data, ids->len);
}

/* @text as a button that shows the cases @filter finds among the
 * report's, or as a label when it counts none of them. @what names the
 * figure for a screen reader. */
GtkWidget *
redial_reports_view_number (RedialReportsView *self,
                            const char        *text,
                            const char        *what,
                            const CaseFilter  *filter)
{
  g_autoptr(GArray) ids = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *name = NULL;
  GtkWidget *button;

  if (filter == NULL || filter->flag == CASES_NONE)
    {
      GtkWidget *label = redial_reports_view_label (text, 1, "numeric");

      gtk_widget_add_css_class (label, "report-value");
      return label;
    }

  ids = collect_cases (redial_report_get_figures (self->report), filter);
  button = gtk_button_new_with_label (text);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "report-number");
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Show the case in the queue",
                                          "Show the %u cases in the queue", ids->len), ids->len);
  gtk_widget_set_tooltip_text (button, tooltip);
  /* TRANSLATORS: a figure's button for a screen reader: "Reached: 2. Show the 2 cases in the queue". */
  name = g_strdup_printf (_("%s: %s. %s"), what, text, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_widget_set_sensitive (button, ids->len > 0);
  g_object_set_data_full (G_OBJECT (button), "case-ids", g_steal_pointer (&ids), (GDestroyNotify) g_array_unref);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_number_clicked), self, 0);
  return button;
}

/* How figure @index moved since the period before: "▲ 5", "▼ 2 min 00 s",
 * "=", with a class saying whether that is good; the arrow says the
 * direction without colour. */
static GtkWidget *
make_comparison (guint index,
                 const RedialReportTotals *now,
                 const RedialReportTotals *before)
{
  guint n_figures;
  const RedialFigure *figure = &redial_report_list_figures (&n_figures)[index];
  const FigureRole *role = find_role (figure->key);
  gint64 value, previous, difference;
  g_autofree char *amount = NULL;
  g_autofree char *previous_text = NULL;
  g_autofree char *text = NULL;
  g_autofree char *spoken = NULL;
  GtkWidget *label;

  if (!redial_report_figure_value (before, index, &previous) ||
      !redial_report_figure_value (now, index, &value))
    {
      label = redial_reports_view_label ("—", 1, "dim-label");
      gtk_widget_set_tooltip_text (label, _("Nothing to compare with"));
      return label;
    }

  difference = value - previous;
  previous_text = redial_report_format_value (figure->kind, previous);
  amount = redial_report_format_value (figure->kind, ABS (difference));
  if (difference == 0)
    {
      text = g_strdup ("=");
      /* TRANSLATORS: %s is the figure of the period before. */
      spoken = g_strdup_printf (_("The same as before (%s)"), previous_text);
    }
  else
    {
      text = g_strdup_printf ("%s %s", difference > 0 ? "▲" : "▼", amount);
      /* TRANSLATORS: "Up 5 from 1 before". */
      spoken = g_strdup_printf (difference > 0 ? _("Up %s from %s before") : _("Down %s from %s before"),
                                amount, previous_text);
    }
  label = redial_reports_view_label (text, 1, "numeric");
  gtk_widget_add_css_class (label, "report-change");
  if (difference != 0 && role->better != 0)
    gtk_widget_add_css_class (label, (difference > 0) == (role->better > 0) ? "report-better" : "report-worse");
  else
    gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_tooltip_text (label, spoken);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  return label;
}

/* The rate of figure @index among the period's cases, as `redial report`
 * writes it: "50 %"; NULL when the figure has none. */
static char *
rate_text (const RedialReportTotals *totals,
           guint                     index)
{
  guint n_figures;
  const RedialFigure *figure = &redial_report_list_figures (&n_figures)[index];
  gint64 value;

  if (!figure->rated || totals->cases == 0 || !redial_report_figure_value (totals, index, &value))
    return NULL;
  return g_strdup_printf ("%d %%", (int) ((100 * value + totals->cases / 2) / totals->cases));
}

static void
add_tiles (RedialReportsView *self)
{
  const RedialReportFigures *now = redial_report_get_figures (self->report);
  const RedialReportFigures *before = redial_report_get_previous (self->report);
  GtkWidget *flow = gtk_flow_box_new ();

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), G_N_ELEMENTS (tiles));
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 12);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 12);
  gtk_widget_add_css_class (flow, "report-tiles");

  for (guint i = 0; i < G_N_ELEMENTS (tiles); i++)
    {
      guint index = find_figure (tiles[i].key);
      const FigureRole *role = find_role (tiles[i].key);
      CaseFilter filter = ANY_CASE (role->cases);
      g_autofree char *value = redial_report_describe_value (&now->totals, index);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *number = redial_reports_view_number (self, value, _(tiles[i].caption), &filter);
      GtkWidget *change = make_comparison (index, &now->totals, &before->totals);

      gtk_widget_add_css_class (box, "card");
      gtk_widget_add_css_class (box, "report-tile");
      gtk_widget_add_css_class (number, "title-2");
      gtk_widget_set_halign (number, GTK_ALIGN_START);
      gtk_widget_set_halign (change, GTK_ALIGN_START);
      gtk_box_append (GTK_BOX (box), number);
      gtk_box_append (GTK_BOX (box), redial_reports_view_wrapping_label (_(tiles[i].caption), NULL));
      gtk_box_append (GTK_BOX (box), change);
      gtk_flow_box_append (GTK_FLOW_BOX (flow), box);
    }
  gtk_box_append (self->content, flow);
}

GtkWidget *
redial_reports_view_grid (void)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_column_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
  gtk_widget_add_css_class (grid, "report-table");
  return grid;
}

/* The figures of @section, one a row: name, bar (the funnel), number,
 * rate, change; and the rows as a sentence for a screen reader. */
static GtkWidget *
make_figures (RedialReportsView *self,
              Section            section)
{
  const RedialReportFigures *now = redial_report_get_figures (self->report);
  const RedialReportFigures *before = redial_report_get_previous (self->report);
  g_autoptr(GString) description = g_string_new (NULL);
  GtkWidget *grid = redial_reports_view_grid ();
  guint n_figures;
  const RedialFigure *figures = redial_report_list_figures (&n_figures);
  int row = 0;

  for (guint i = 0; i < n_figures; i++)
    {
      const FigureRole *role = find_role (figures[i].key);
      CaseFilter filter = ANY_CASE (role->cases);
      g_autofree char *value = NULL;
      g_autofree char *rate = NULL;
      GtkWidget *name;
      gint64 amount;
      int column = 0;

      if (role->section != section)
        continue;
      value = redial_report_describe_value (&now->totals, i);
      rate = rate_text (&now->totals, i);
      name = redial_reports_view_wrapping_label (_(figures[i].label), figures[i].indent ? "report-detail" : NULL);
      gtk_widget_set_hexpand (name, TRUE);
      gtk_grid_attach (GTK_GRID (grid), name, column++, row, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), redial_reports_view_number (self, value, _(figures[i].label), &filter), column++, row, 1, 1);
      if (section == SECTION_FUNNEL)
        {
          const char *note = rate;

          if (figures[i].kind == REDIAL_FIGURE_MONEY && now->totals.revenue_is_estimate)
            note = _("estimate");
          gtk_grid_attach (GTK_GRID (grid), redial_reports_view_label (note != NULL ? note : "", 1, "dim-label"), column, row, 1, 1);
          column++;
        }
      gtk_grid_attach (GTK_GRID (grid), make_comparison (i, &now->totals, &before->totals), column, row, 1, 1);
      /* The funnel's bars run under their step, the whole width: the
       * numbers keep their room on a narrow window. */
      if (section == SECTION_FUNNEL && figures[i].kind == REDIAL_FIGURE_COUNT &&
          redial_report_figure_value (&now->totals, i, &amount))
        {
          double fraction = g_str_equal (figures[i].key, "missed_calls") ? (amount > 0)
                            : (double) amount / MAX (1, now->totals.cases);
          GtkWidget *bar = redial_report_bar_new (fraction);

          if (figures[i].indent)
            gtk_widget_add_css_class (bar, "report-detail");
          gtk_grid_attach (GTK_GRID (grid), bar, 0, ++row, column + 1, 1);
        }

      g_string_append_printf (description, "%s%s %s", description->len > 0 ? "; " : "", _(figures[i].label), value);
      if (rate != NULL)
        g_string_append_printf (description, " (%s)", rate);
      row++;
    }
  g_string_append_c (description, '.');
  gtk_accessible_update_property (GTK_ACCESSIBLE (grid), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str, -1);
  return grid;
}

static void
add_section (RedialReportsView *self,
             const char        *title,
             GtkWidget         *body)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  gtk_box_append (GTK_BOX (box), make_heading (title));
  gtk_box_append (GTK_BOX (box), body);
  gtk_box_append (self->content, box);
}

void
redial_reports_view_show_report (RedialReportsView *self)
{
  const GDate *first = redial_report_get_first_day (self->report);
  const GDate *last = redial_report_get_last_day (self->report);
  guint n_days = g_date_days_between (first, last) + 1;
  GDate before_first = *first, before_last = *first;
  g_autofree char *period = redial_report_describe_period (first, last);
  g_autofree char *before = NULL;
  g_autofree char *compared = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->content))) != NULL)
    gtk_box_remove (self->content, child);

  g_date_subtract_days (&before_first, n_days);
  g_date_subtract_days (&before_last, 1);
  before = redial_report_describe_period (&before_first, &before_last);
  /* TRANSLATORS: "2026-11-30, compared with 2026-11-29". */
  compared = g_strdup_printf (_("%s, compared with %s"), period, before);
  gtk_box_append (self->content, redial_reports_view_wrapping_label (compared, "dim-label"));

  add_tiles (self);
  add_section (self, _("From missed call to booked job"), make_figures (self, SECTION_FUNNEL));
  add_section (self, _("Speed"), make_figures (self, SECTION_SPEED));
  add_section (self, _("Missed calls by hour"), redial_reports_view_heat_map (self));
  add_section (self, _("By line"), redial_reports_view_lines_table (self));
  add_section (self, _("Why cases were lost"), redial_reports_view_losses_table (self));
  add_section (self, _("By person at the desk"), redial_reports_view_people_table (self));
  add_section (self, _("Breaches"), redial_reports_view_breaches_table (self));
  add_section (self, _("Not in the funnel"), make_figures (self, SECTION_ASIDE));

  gtk_stack_set_visible_child_name (self->stack, "report");
}

static void
set_busy (RedialReportsView *self,
          gboolean           busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_spinner_set_spinning (self->loading_spinner, busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_report (RedialReportsView *self,
            RedialReport      *report)
{
  if (self->report == report)
    return;
  g_set_object (&self->report, report);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT]);
}

static void
on_counted (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  CountData *count = user_data;
  RedialReportsView *self = count->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialReport) report = redial_report_compute_finish (result, &error);

  /* An answer for a period no longer chosen is dropped unseen. */
  if (count->generation != self->generation ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    goto out;

  set_busy (self, FALSE);
  if (report == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      set_report (self, NULL);
      adw_status_page_set_description (self->error_page, escaped);
      gtk_stack_set_visible_child_name (self->stack, "error");
      goto out;
    }
  g_set_object (&self->report, report);
  {
    gint64 counted = g_get_monotonic_time ();

    redial_reports_view_show_report (self);
    g_debug ("Report counted in %" G_GINT64_FORMAT " ms, its widgets made in %" G_GINT64_FORMAT " ms",
             (counted - self->counting_since) / 1000, (g_get_monotonic_time () - counted) / 1000);
  }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT]);

out:
  g_object_unref (count->self);
  g_free (count);
}

/* The days the chosen period covers, in the business's time zone. */
static void
get_days (RedialReportsView *self,
          GDate             *first,
          GDate             *last)
{
  RedialConfig *config = redial_context_get_config (self->context);
  g_autoptr(GDateTime) now = redial_clock_now_in (redial_context_get_clock (self->context),
                                                  redial_config_get_time_zone (config));
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  *first = *last = today;
  switch (redial_reports_view_get_period (self))
    {
    case REDIAL_REPORTS_PERIOD_TODAY:
      break;
    case REDIAL_REPORTS_PERIOD_YESTERDAY:
      g_date_subtract_days (first, 1);
      g_date_subtract_days (last, 1);
      break;
    case REDIAL_REPORTS_PERIOD_LAST_7_DAYS:
      g_date_subtract_days (first, 6);
      break;
    case REDIAL_REPORTS_PERIOD_LAST_30_DAYS:
      g_date_subtract_days (first, 29);
      break;
    case REDIAL_REPORTS_PERIOD_RANGE:
    default:
      {
        g_autoptr(GDateTime) from = gtk_calendar_get_date (self->from_calendar);
        g_autoptr(GDateTime) to = gtk_calendar_get_date (self->to_calendar);

        g_date_set_dmy (first, g_date_time_get_day_of_month (from), g_date_time_get_month (from),
                        g_date_time_get_year (from));
        g_date_set_dmy (last, g_date_time_get_day_of_month (to), g_date_time_get_month (to),
                        g_date_time_get_year (to));
        if (g_date_compare (first, last) > 0)
          {
            GDate swap = *first;

            *first = *last;
            *last = swap;
          }
      }
    }
}

static void
set_calendar (GtkCalendar   *calendar,
              GtkMenuButton *button,
              const GDate   *date)
{
  g_autoptr(GDateTime) time = g_date_time_new_utc (g_date_get_year (date), g_date_get_month (date),
                                                   g_date_get_day (date), 12, 0, 0);
  char text[16];

  gtk_calendar_select_day (calendar, time);
  g_date_strftime (text, sizeof text, "%Y-%m-%d", date);
  gtk_menu_button_set_label (button, text);
}

/* Counts the chosen period afresh: what is on screen for another period
 * goes at once, and any count still running is answered unseen. */
static void
refresh (RedialReportsView *self)
{
  CountData *count;
  GDate first, last;

  if (self->context == NULL || redial_context_get_store (self->context) == NULL)
    return;

  get_days (self, &first, &last);
  if (self->report != NULL &&
      (g_date_compare (redial_report_get_first_day (self->report), &first) != 0 ||
       g_date_compare (redial_report_get_last_day (self->report), &last) != 0))
    {
      set_report (self, NULL);
      self->all_breaches = FALSE;
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }
  else if (self->report == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->generation++;
  self->counting_since = g_get_monotonic_time ();
  set_busy (self, TRUE);

  count = g_new0 (CountData, 1);
  count->self = g_object_ref (self);
  count->generation = self->generation;
  redial_report_compute_async (redial_context_get_store (self->context),
                               redial_context_get_config (self->context),
                               &first, &last, self->cancellable, on_counted, count);
}

static void
on_period_selected (RedialReportsView *self)
{
  gboolean range = redial_reports_view_get_period (self) == REDIAL_REPORTS_PERIOD_RANGE;

  if (range && self->context != NULL && self->report != NULL)
    {
      /* The chosen days start as those on screen. */
      self->choosing = TRUE;
      set_calendar (self->from_calendar, self->from_button, redial_report_get_first_day (self->report));
      set_calendar (self->to_calendar, self->to_button, redial_report_get_last_day (self->report));
      self->choosing = FALSE;
    }
  gtk_widget_set_visible (self->range_box, range);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERIOD]);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh (self);
}

static void
on_day_selected (GtkCalendar       *calendar,
                 RedialReportsView *self)
{
  g_autoptr(GDateTime) time = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (time, "%Y-%m-%d");
  GtkMenuButton *button = calendar == self->from_calendar ? self->from_button : self->to_button;

  gtk_menu_button_set_label (button, text);
  if (self->choosing)
    return;
  gtk_menu_button_popdown (button);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh (self);
}

static void
redial_reports_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (redial_reports_view_parent_class)->map (widget);

  /* Each time the owner looks, the figures are counted again. */
  refresh (REDIAL_REPORTS_VIEW (widget));
}

static void
redial_reports_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RedialReportsView *self = REDIAL_REPORTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_PERIOD:
      g_value_set_int (value, redial_reports_view_get_period (self));
      break;
    case PROP_REPORT:
      g_value_set_object (value, self->report);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_reports_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RedialReportsView *self = REDIAL_REPORTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      redial_reports_view_set_context (self, g_value_get_object (value));
      break;
    case PROP_PERIOD:
      redial_reports_view_set_period (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_reports_view_dispose (GObject *object)
{
  RedialReportsView *self = REDIAL_REPORTS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->report);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (redial_reports_view_parent_class)->dispose (object);
}

static void
redial_reports_view_class_init (RedialReportsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = redial_reports_view_get_property;
  object_class->set_property = redial_reports_view_set_property;
  object_class->dispose = redial_reports_view_dispose;
  widget_class->map = redial_reports_view_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, REDIAL_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PERIOD] =
    g_param_spec_int ("period", NULL, NULL,
                      REDIAL_REPORTS_PERIOD_TODAY, REDIAL_REPORTS_PERIOD_RANGE, REDIAL_REPORTS_PERIOD_YESTERDAY,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REPORT] =
    g_param_spec_object ("report", NULL, NULL, REDIAL_TYPE_REPORT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/redial/Redial/reports/redial-reports-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RedialReportsView, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RedialReportsView, range_box);
  gtk_widget_class_bind_template_child (widget_class, RedialReportsView, from_button);
  gtk_widget_class_bind_template_child (widget_class, RedialReportsView, to_button);
  gtk_widget_class_bind_template_child (widget_class, RedialReportsView, from_calendar);
  gtk_widget_class_bind_template_child (widget_class, RedialReportsView, to_calendar);
  gtk_widget_class_bind_template_child (widget_class, RedialReportsView, spinner);
  gtk_widget_class_bind_template_child (widget_class, RedialReportsView, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, RedialReportsView, stack);
  gtk_widget_class_bind_template_child (widget_class, RedialReportsView, error_page);
  gtk_widget_class_bind_template_child (widget_class, RedialReportsView, content);
  gtk_widget_class_bind_template_callback (widget_class, on_day_selected);

  gtk_widget_class_set_css_name (widget_class, "reportsview");
}

static void
redial_reports_view_init (RedialReportsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_drop_down_set_selected (self->period_dropdown, REDIAL_REPORTS_PERIOD_YESTERDAY);
  g_signal_connect_object (self->period_dropdown, "notify::selected",
                           G_CALLBACK (on_period_selected), self, G_CONNECT_SWAPPED);
}

GtkWidget *
redial_reports_view_new (void)
{
  return g_object_new (REDIAL_TYPE_REPORTS_VIEW, NULL);
}

RedialContext *
redial_reports_view_get_context (RedialReportsView *self)
{
  g_return_val_if_fail (REDIAL_IS_REPORTS_VIEW (self), NULL);
  return self->context;
}

void
redial_reports_view_set_context (RedialReportsView *self,
                                 RedialContext     *context)
{
  g_return_if_fail (REDIAL_IS_REPORTS_VIEW (self));
  g_return_if_fail (context == NULL || REDIAL_IS_CONTEXT (context));

  if (!g_set_object (&self->context, context))
    return;
  set_report (self, NULL);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh (self);
}

RedialReportsPeriod
redial_reports_view_get_period (RedialReportsView *self)
{
  g_return_val_if_fail (REDIAL_IS_REPORTS_VIEW (self), REDIAL_REPORTS_PERIOD_YESTERDAY);
  return gtk_drop_down_get_selected (self->period_dropdown);
}

void
redial_reports_view_set_period (RedialReportsView   *self,
                                RedialReportsPeriod  period)
{
  g_return_if_fail (REDIAL_IS_REPORTS_VIEW (self));
  g_return_if_fail (period <= REDIAL_REPORTS_PERIOD_RANGE);

  gtk_drop_down_set_selected (self->period_dropdown, period);
}

void
redial_reports_view_set_range (RedialReportsView *self,
                               const GDate       *first,
                               const GDate       *last)
{
  g_return_if_fail (REDIAL_IS_REPORTS_VIEW (self));
  g_return_if_fail (first != NULL && g_date_valid (first));
  g_return_if_fail (last != NULL && g_date_valid (last));

  self->choosing = TRUE;
  set_calendar (self->from_calendar, self->from_button, first);
  set_calendar (self->to_calendar, self->to_button, last);
  self->choosing = FALSE;
  if (redial_reports_view_get_period (self) != REDIAL_REPORTS_PERIOD_RANGE)
    {
      /* Selecting the range counts it, from the days just set. */
      gulong handler = g_signal_handler_find (self->period_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);

      g_signal_handler_block (self->period_dropdown, handler);
      gtk_drop_down_set_selected (self->period_dropdown, REDIAL_REPORTS_PERIOD_RANGE);
      g_signal_handler_unblock (self->period_dropdown, handler);
      gtk_widget_set_visible (self->range_box, TRUE);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERIOD]);
    }
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh (self);
}

RedialReport *
redial_reports_view_get_report (RedialReportsView *self)
{
  g_return_val_if_fail (REDIAL_IS_REPORTS_VIEW (self), NULL);
  return self->report;
}

gboolean
redial_reports_view_get_busy (RedialReportsView *self)
{
  g_return_val_if_fail (REDIAL_IS_REPORTS_VIEW (self), FALSE);
  return self->busy;
}
