/* test-reports-view.c: the Reports view over the day of test-report.c, under a real X server: the same numbers as `redial report`, and the cases behind them. */
#include "config.h"

#include <json-glib/json-glib.h>

#include "redial-queue-fixture.h"
#include "redial-report-fixture.h"
#include "redial-report-heat-map.h"
#include "redial-reports-view.h"
#include "redial-test-util.h"
#include "redial-ui-test-util.h"

/* The window opens on Tuesday 1 December 2026 at noon in Chicago
 * (1796148000 s): yesterday is the day worked out by hand. */
static const QueueFixtureOptions options = {
  .settings = redial_report_fixture_settings,
  .start_us = G_GINT64_CONSTANT (1796148000000000),
  .prepare = redial_report_fixture_build,
  .width = 1000,
  .height = 760,
};

static RedialReportsView *
reports_view (Fixture *f)
{
  GtkWidget *view = redial_test_find_type (GTK_WIDGET (f->window), REDIAL_TYPE_REPORTS_VIEW);

  g_assert_nonnull (view);
  return REDIAL_REPORTS_VIEW (view);
}

static gboolean
is_view_stack (GtkWidget     *widget,
               gconstpointer  data)
{
  return ADW_IS_VIEW_STACK (widget);
}

static AdwViewStack *
view_stack (Fixture *f)
{
  GtkWidget *stack = redial_test_find_widget (GTK_WIDGET (f->window), is_view_stack, NULL);

  g_assert_nonnull (stack);
  return ADW_VIEW_STACK (stack);
}

static gboolean
is_counted (Fixture       *f,
            gconstpointer  data)
{
  RedialReportsView *view = reports_view (f);

  return redial_reports_view_get_report (view) != NULL && !redial_reports_view_get_busy (view);
}

/* Switches the window to its Reports page and waits for the figures to
 * be drawn. */
static void
open_reports (Fixture *f)
{
  adw_view_stack_set_visible_child_name (view_stack (f), "reports");
  queue_wait_until (f, is_counted, NULL, "the report to be counted");
  queue_settle (f);
}

/* The text a figure's number shows: a button's label or a label's. */
static const char *
widget_text (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget))
    return gtk_button_get_label (GTK_BUTTON (widget));
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  return NULL;
}

static gboolean
is_label_with_text (GtkWidget     *widget,
                    gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && GTK_IS_GRID (gtk_widget_get_parent (widget)) &&
         gtk_widget_get_mapped (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

/* The table holding the row named @name, and the row's number. */
static GtkGrid *
find_row (Fixture    *f,
          const char *name,
          int        *row)
{
  GtkWidget *label = redial_test_find_widget (GTK_WIDGET (reports_view (f)), is_label_with_text, name);
  GtkGrid *grid;

  if (label == NULL)
    g_error ("No row is named “%s”", name);
  grid = GTK_GRID (gtk_widget_get_parent (label));
  gtk_grid_query_child (grid, label, NULL, row, NULL, NULL);
  return grid;
}

/* The widget in column @column of the table row named @name. */
static GtkWidget *
cell (Fixture    *f,
      const char *name,
      int         column)
{
  int row;
  GtkGrid *grid = find_row (f, name, &row);

  return gtk_grid_get_child_at (grid, column, row);
}

/* The number a figure's row shows, wherever its column. */
static const char *
figure_text (Fixture    *f,
             const char *name)
{
  int row;
  GtkGrid *grid = find_row (f, name, &row);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (grid)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_row;

      gtk_grid_query_child (grid, child, NULL, &child_row, NULL, NULL);
      if (child_row == row &&
          (gtk_widget_has_css_class (child, "report-number") ||
           gtk_widget_has_css_class (child, "report-value")))
        return widget_text (child);
    }
  g_error ("The figure “%s” shows no number", name);
}

static JsonObject *
parse_json (JsonParser   *parser,
            RedialReport *report)
{
  g_autofree char *json = redial_report_to_json (report);
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_same_as_json (Fixture       *f,
                   gconstpointer  data)
{
  /* What the view calls each key of the JSON, and how it is written. */
  static const struct { const char *key; const char *name; char kind; } shown[] = {
    { "missed_calls", "Missed calls", 'n' }, { "cases", "Cases", 'n' },
    { "new_callers", "New callers", 'n' }, { "returning_callers", "Returning callers", 'n' },
    { "texted_back", "Texted back", 'n' }, { "reached", "Reached", 'n' },
    { "qualified", "Qualified", 'n' }, { "booked", "Booked", 'n' }, { "revenue", "Revenue", '$' },
    { "breaches", "Breaches", 'n' }, { "escalations", "Escalations", 'n' },
    { "spam", "Spam", 'n' }, { "blocked", "Blocked", 'n' }, { "anonymous", "Anonymous", 'n' },
    { "opt_outs", "Opt-outs", 'n' },
    { "first_response_within_target", "First human response within target", '%' },
  };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *json;
  RedialReportsView *view;
  GtkWidget *map;

  open_reports (f);
  view = reports_view (f);
  g_assert_cmpint (redial_reports_view_get_period (view), ==, REDIAL_REPORTS_PERIOD_YESTERDAY);
  json = parse_json (parser, redial_reports_view_get_report (view));
  g_assert_cmpstr (json_object_get_string_member (json, "from"), ==, "2026-11-30");

  for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
    {
      g_autofree char *expected = NULL;

      switch (shown[i].kind)
        {
        case '$':
          expected = g_strdup_printf ("%s%.2f", json_object_get_boolean_member (json, "revenue_is_estimate") ? "≈ " : "",
                                      json_object_get_double_member (json, shown[i].key));
          break;
        case '%':
          expected = g_strdup_printf ("%.1f %%", json_object_get_double_member (json, shown[i].key));
          break;
        default:
          expected = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (json, shown[i].key));
        }
      g_assert_cmpstr (figure_text (f, shown[i].name), ==, expected);
    }
  /* Durations as `redial report` writes them. */
  g_assert_cmpint (json_object_get_int_member (json, "first_response_median"), ==, 180);
  g_assert_cmpstr (figure_text (f, "First human response, median"), ==, "3 min 00 s");
  g_assert_cmpint (json_object_get_int_member (json, "text_back_delay_median"), ==, 30);
  g_assert_cmpstr (figure_text (f, "Text-back delay, median"), ==, "30 s");

  /* The tables. */
  g_assert_cmpstr (widget_text (cell (f, "Google Ads", 1)), ==, "1");
  g_assert_cmpstr (widget_text (cell (f, "Google Ads", 4)), ==, "≈ 350.00");
  g_assert_cmpstr (widget_text (cell (f, "Main", 1)), ==, "5");
  g_assert_cmpstr (widget_text (cell (f, "Main", 4)), ==, "480.00");
  g_assert_cmpstr (widget_text (cell (f, "Dana", 2)), ==, "3 min 00 s");
  g_assert_cmpstr (widget_text (cell (f, "Dana", 3)), ==, "50.0 %");
  g_assert_cmpstr (widget_text (cell (f, "Eli", 3)), ==, "100.0 %");
  g_assert_cmpstr (widget_text (cell (f, "No response after attempts", 1)), ==, "1");
  g_assert_cmpstr (widget_text (cell (f, "Cal", 4)), ==, "20 min 00 s, escalated");

  /* The comparison with Sunday: one missed call then. */
  g_assert_cmpstr (widget_text (cell (f, "Missed calls", 3)), ==, "▲ 5");
  g_assert_true (gtk_widget_has_css_class (cell (f, "Missed calls", 3), "report-worse"));
  g_assert_cmpstr (widget_text (cell (f, "Booked", 3)), ==, "▲ 2");
  g_assert_true (gtk_widget_has_css_class (cell (f, "Booked", 3), "report-better"));

  map = redial_test_find_type (GTK_WIDGET (view), REDIAL_TYPE_REPORT_HEAT_MAP);
  g_assert_nonnull (map);
  g_assert_true (gtk_widget_get_mapped (map));
}

static void
test_accessible_descriptions (Fixture       *f,
                              gconstpointer  data)
{
  GtkWidget *map;
  GtkWidget *funnel;
  g_autofree char *funnel_description = NULL;
  const char *description;

  open_reports (f);
  map = redial_test_find_type (GTK_WIDGET (reports_view (f)), REDIAL_TYPE_REPORT_HEAT_MAP);
  description = redial_report_heat_map_get_description (REDIAL_REPORT_HEAT_MAP (map));
  /* Ann's three calls at 9, Cal at 10, Dee at 11 (open); Ben at 23 (closed). */
  g_assert_nonnull (strstr (description, "Mon: 09:00, 3 (open), 10:00, 1 (open), 11:00, 1 (open), 23:00, 1 (closed)."));
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (map), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                     description));

  funnel = gtk_widget_get_parent (cell (f, "Texted back", 0));
  funnel_description = gtk_test_accessible_check_property (GTK_ACCESSIBLE (funnel),
                                                           GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "");
  g_assert_nonnull (funnel_description);
  g_assert_nonnull (strstr (funnel_description, "Missed calls 6; Cases 4; New callers 2; "
                                                "Returning callers 2; Texted back 4 (100 %); "
                                                "Reached 2 (50 %); Qualified 2 (50 %); Booked 2 (50 %); "
                                                "Revenue ≈ 830.00."));
}

static gboolean
is_report_of (Fixture       *f,
              gconstpointer  day)
{
  RedialReport *report = redial_reports_view_get_report (reports_view (f));
  char text[16];

  if (report == NULL || redial_reports_view_get_busy (reports_view (f)))
    return FALSE;
  g_date_strftime (text, sizeof text, "%Y-%m-%d", redial_report_get_first_day (report));
  return g_str_equal (text, day);
}

static void
on_report_notify (RedialReportsView *view,
                  GParamSpec        *pspec,
                  GPtrArray         *seen)
{
  RedialReport *report = redial_reports_view_get_report (view);
  char text[16];

  if (report == NULL)
    return;
  g_date_strftime (text, sizeof text, "%Y-%m-%d", redial_report_get_first_day (report));
  g_ptr_array_add (seen, g_strdup (text));
}

static void
test_period_recounts (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  RedialReportsView *view;
  GDate first, last;

  open_reports (f);
  view = reports_view (f);
  g_assert_cmpstr (figure_text (f, "Missed calls"), ==, "6");
  g_signal_connect (view, "notify::report", G_CALLBACK (on_report_notify), seen);

  /* Today (Tuesday) has no missed call. */
  redial_reports_view_set_period (view, REDIAL_REPORTS_PERIOD_TODAY);
  g_assert_null (redial_reports_view_get_report (view));
  g_assert_true (redial_reports_view_get_busy (view));
  queue_wait_until (f, is_report_of, "2026-12-01", "today's report");
  g_assert_cmpstr (figure_text (f, "Missed calls"), ==, "0");

  /* Three choices in a row: only the last is ever shown. */
  redial_reports_view_set_period (view, REDIAL_REPORTS_PERIOD_LAST_30_DAYS);
  redial_reports_view_set_period (view, REDIAL_REPORTS_PERIOD_LAST_7_DAYS);
  g_date_clear (&first, 1);
  g_date_set_dmy (&first, 29, 11, 2026);
  g_date_clear (&last, 1);
  g_date_set_dmy (&last, 30, 11, 2026);
  redial_reports_view_set_range (view, &first, &last);
  g_assert_cmpint (redial_reports_view_get_period (view), ==, REDIAL_REPORTS_PERIOD_RANGE);
  queue_wait_until (f, is_report_of, "2026-11-29", "the range's report");
  redial_test_drain ();
  g_assert_cmpuint (seen->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "2026-12-01");
  g_assert_cmpstr (g_ptr_array_index (seen, 1), ==, "2026-11-29");
  /* Jo on Sunday, and Monday's six. */
  g_assert_cmpstr (figure_text (f, "Missed calls"), ==, "7");
}

/* The ids of the cases the queue lists now. */
static GArray *
listed_ids (Fixture *f)
{
  g_autoptr(GPtrArray) rows = queue_collect_rows (f);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < rows->len; i++)
    {
      gint64 id = redial_case_get_id (redial_queue_row_get_case (g_ptr_array_index (rows, i)));

      g_array_append_val (ids, id);
    }
  return ids;
}

static gboolean
is_queue_showing (Fixture       *f,
                  gconstpointer  n)
{
  g_autoptr(GArray) ids = NULL;

  if (g_strcmp0 (adw_view_stack_get_visible_child_name (view_stack (f)), "queue") != 0)
    return FALSE;
  ids = listed_ids (f);
  return ids->len == GPOINTER_TO_UINT (n);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
test_click_opens_cases (Fixture       *f,
                        gconstpointer  data)
{
  RedialReport *report;
  const RedialReportFigures *now;
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) ids = NULL;
  GtkWidget *reached;

  open_reports (f);
  report = redial_reports_view_get_report (reports_view (f));
  now = redial_report_get_figures (report);
  for (guint i = 0; i < now->cases->len; i++)
    {
      const RedialReportCase *row = g_ptr_array_index (now->cases, i);

      if (row->reached)
        g_array_append_val (expected, row->case_id);
    }
  /* Ann and Ben, both closed since. */
  g_assert_cmpuint (expected->len, ==, 2);

  reached = cell (f, "Reached", 1);
  g_assert_true (GTK_IS_BUTTON (reached));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (reached)), ==, "2");
  queue_pointer_to (f, reached);
  queue_click ();
  queue_wait_until (f, is_queue_showing, GUINT_TO_POINTER (expected->len), "the queue to show the reached cases");

  ids = listed_ids (f);
  g_array_sort (ids, compare_ids);
  g_array_sort (expected, compare_ids);
  for (guint i = 0; i < expected->len; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i), ==, g_array_index (expected, gint64, i));
}

int
main (int   argc,
      char *argv[])
{
  /* The charts' text alternatives are read back through GTK's test
   * accessibility backend, which talks to no bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/reports-view/figures/same-as-json", Fixture, &options,
              queue_fixture_setup, test_same_as_json, queue_fixture_teardown);
  g_test_add ("/reports-view/charts/accessible-descriptions", Fixture, &options,
              queue_fixture_setup, test_accessible_descriptions, queue_fixture_teardown);
  g_test_add ("/reports-view/period/recounts-newest-only", Fixture, &options,
              queue_fixture_setup, test_period_recounts, queue_fixture_teardown);
  g_test_add ("/reports-view/funnel/click-opens-cases", Fixture, &options,
              queue_fixture_setup, test_click_opens_cases, queue_fixture_teardown);

  return g_test_run ();
}
