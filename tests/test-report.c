/* test-report.c: the owner's report against a day worked out by hand: the store's figures, the text, the JSON, the CSV, the PDF and the command. */
#include "config.h"

#include <json-glib/json-glib.h>

#include "redial-report.h"
#include "redial-report-fixture.h"
#include "redial-test-util.h"

typedef struct
{
  char         *dir;
  char         *path;
  RedialStore  *store;
  RedialConfig *config;
  GTimeZone    *tz;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conf_path = NULL;
  g_autofree char *conf = NULL;

  f->dir = redial_test_make_dir ();
  f->path = g_build_filename (f->dir, "redial.db", NULL);
  conf = g_strdup_printf ("%s[store]\npath=%s\n", redial_report_fixture_settings, f->path);
  f->config = redial_config_load_from_data (conf, "test", &error);
  g_assert_no_error (error);
  conf_path = g_build_filename (f->dir, "redial.conf", NULL);
  g_assert_true (g_file_set_contents (conf_path, conf, -1, &error));
  f->tz = g_time_zone_ref (redial_config_get_time_zone (f->config));
  f->store = redial_store_open (f->path, &error);
  g_assert_no_error (error);
  redial_report_fixture_build (f->store, f->tz);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_object (&f->config);
  g_time_zone_unref (f->tz);
  redial_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static RedialReport *
monday (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GDate day;
  RedialReport *report;

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 30, 11, 2026);
  report = redial_report_compute (f->store, f->config, &day, &day, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static void
test_figures (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(RedialReport) report = monday (f);
  const RedialReportFigures *now = redial_report_get_figures (report);
  const RedialReportFigures *before = redial_report_get_previous (report);
  const RedialReportTotals *t = &now->totals;
  RedialReportLine *line;
  RedialReportPerson *person;
  RedialReportBreach *breach;
  RedialReportLoss *loss;

  /* Ann 3, Cal 1, Dee 1, Ben 1; not spam, STOP, hidden or blocked. */
  g_assert_cmpuint (t->missed_calls, ==, 6);
  g_assert_cmpuint (t->cases, ==, 4);
  g_assert_cmpuint (t->new_callers, ==, 2);        /* Ann, Ben */
  g_assert_cmpuint (t->returning_callers, ==, 2);  /* Cal (an earlier case), Dee (a contact) */
  g_assert_cmpuint (t->texted_back, ==, 4);
  g_assert_cmpuint (t->reached, ==, 2);            /* Ann by call-back, Ben by his reply */
  g_assert_cmpuint (t->qualified, ==, 2);
  g_assert_cmpuint (t->booked, ==, 2);
  g_assert_cmpint (t->revenue, ==, 48000 + 35000);
  g_assert_true (t->revenue_is_estimate);
  /* 20, 30, 40, 60 s. */
  g_assert_cmpuint (t->text_back_delay.n, ==, 4);
  g_assert_cmpint (t->text_back_delay.median, ==, 30);
  g_assert_cmpint (t->text_back_delay.p90, ==, 60);
  /* Ben 120 (open time), Ann 180, Dee 240, Cal 1200 s. */
  g_assert_cmpuint (t->first_response.n, ==, 4);
  g_assert_cmpint (t->first_response.median, ==, 180);
  g_assert_cmpint (t->first_response.p90, ==, 1200);
  g_assert_cmpuint (t->first_response_timed, ==, 4);
  g_assert_cmpuint (t->first_response_within_target, ==, 3);
  /* Ben's reply waited 2 min of open time. */
  g_assert_cmpuint (t->reply_response.n, ==, 1);
  g_assert_cmpint (t->reply_response.median, ==, 120);
  g_assert_cmpint (t->reply_response.p90, ==, 120);
  g_assert_cmpuint (t->breaches, ==, 1);
  g_assert_cmpuint (t->escalations, ==, 1);
  g_assert_cmpuint (t->spam, ==, 1);
  g_assert_cmpuint (t->blocked, ==, 1);
  g_assert_cmpuint (t->anonymous, ==, 1);
  g_assert_cmpuint (t->opt_outs, ==, 1);

  /* The day before: Jo alone. */
  g_assert_cmpuint (before->totals.missed_calls, ==, 1);
  g_assert_cmpuint (before->totals.cases, ==, 1);
  g_assert_cmpuint (before->totals.new_callers, ==, 1);
  g_assert_cmpuint (before->totals.texted_back, ==, 1);
  g_assert_cmpuint (before->totals.reached, ==, 0);
  g_assert_cmpuint (before->totals.booked, ==, 0);
  g_assert_cmpint (before->totals.revenue, ==, 0);
  g_assert_false (before->totals.revenue_is_estimate);
  g_assert_cmpint (before->totals.text_back_delay.median, ==, 10);
  g_assert_cmpint (before->totals.first_response.median, ==, -1);
  g_assert_cmpuint (before->totals.opt_outs, ==, 0);

  g_assert_cmpuint (now->lines->len, ==, 2);
  line = g_ptr_array_index (now->lines, 0);
  g_assert_cmpstr (line->label, ==, "Main");
  g_assert_cmpuint (line->missed_calls, ==, 5);
  g_assert_cmpuint (line->cases, ==, 3);
  g_assert_cmpuint (line->reached, ==, 1);
  g_assert_cmpuint (line->booked, ==, 1);
  g_assert_cmpint (line->revenue, ==, 48000);
  g_assert_false (line->revenue_is_estimate);
  line = g_ptr_array_index (now->lines, 1);
  g_assert_cmpstr (line->label, ==, "Google Ads");
  g_assert_cmpuint (line->missed_calls, ==, 1);
  g_assert_cmpuint (line->cases, ==, 1);
  g_assert_cmpuint (line->reached, ==, 1);
  g_assert_cmpuint (line->booked, ==, 1);
  g_assert_cmpint (line->revenue, ==, 35000);
  g_assert_true (line->revenue_is_estimate);

  /* Dana: Ann (claimed) and Cal (first responded); Eli: Dee and Ben. */
  g_assert_cmpuint (now->people->len, ==, 2);
  person = g_ptr_array_index (now->people, 0);
  g_assert_cmpstr (person->person, ==, "Dana");
  g_assert_cmpuint (person->cases, ==, 2);
  g_assert_cmpint (person->first_response.median, ==, 180);
  g_assert_cmpint (person->first_response.p90, ==, 1200);
  g_assert_cmpuint (person->first_response_timed, ==, 2);
  g_assert_cmpuint (person->first_response_within_target, ==, 1);
  g_assert_cmpuint (person->breaches, ==, 1);
  g_assert_cmpuint (person->booked, ==, 1);
  person = g_ptr_array_index (now->people, 1);
  g_assert_cmpstr (person->person, ==, "Eli");
  g_assert_cmpuint (person->cases, ==, 2);
  g_assert_cmpint (person->first_response.median, ==, 120);
  g_assert_cmpint (person->first_response.p90, ==, 240);
  g_assert_cmpuint (person->first_response_within_target, ==, 2);
  g_assert_cmpuint (person->breaches, ==, 0);
  g_assert_cmpuint (person->booked, ==, 1);

  g_assert_cmpuint (now->losses->len, ==, 1);
  loss = g_ptr_array_index (now->losses, 0);
  g_assert_cmpint (loss->outcome, ==, REDIAL_CASE_OUTCOME_NO_RESPONSE);
  g_assert_cmpuint (loss->cases, ==, 1);

  g_assert_cmpuint (now->breaches->len, ==, 1);
  breach = g_ptr_array_index (now->breaches, 0);
  g_assert_cmpstr (breach->caller_name, ==, "Cal");
  g_assert_cmpstr (breach->person, ==, "Dana");
  g_assert_cmpint (breach->clock, ==, REDIAL_SLA_CLOCK_FIRST_RESPONSE);
  g_assert_cmpint (breach->at, ==, redial_report_fixture_at (f->tz, 11, 30, 10, 5, 0));
  g_assert_cmpint (breach->waited, ==, 1200);
  g_assert_true (breach->escalated);

  /* Monday (0), in Chicago: Ann at 9, Cal at 10, Dee at 11, Ben at 23. */
  for (int day = 0; day < 7; day++)
    for (int hour = 0; hour < 24; hour++)
      {
        guint expected = 0;

        if (day == 0)
          expected = hour == 9 ? 3 : (hour == 10 || hour == 11 || hour == 23) ? 1 : 0;
        g_assert_cmpuint (now->missed_by_hour[day][hour], ==, expected);
      }

  g_assert_cmpuint (now->cases->len, ==, 4);
}

/* @text with each run of spaces made one: columns line up however wide. */
static char *
squeeze (char *text)
{
  g_autoptr(GRegex) spaces = g_regex_new ("  +", 0, 0, NULL);
  char *squeezed = g_regex_replace_literal (spaces, text, -1, 0, " ", 0, NULL);

  g_free (text);
  return squeezed;
}

static void
test_text (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(RedialReport) report = monday (f);
  g_autofree char *text = squeeze (redial_report_to_text (report));
  const char *expected[] = {
    "Report for Acme Plumbing, 2026-11-30\n",
    "Compared with 2026-11-29\n",
    "Missed calls 6 1\n",
    "Cases 4 1\n",
    " New callers 2 1\n",
    " Returning callers 2 0\n",
    "Texted back 4 (100 %) 1 (100 %)\n",
    "Reached 2 (50 %) 0 (0 %)\n",
    "Qualified 2 (50 %) 0 (0 %)\n",
    "Booked 2 (50 %) 0 (0 %)\n",
    "Revenue ≈ 830.00 (estimate) 0.00\n",
    "Text-back delay, median 30 s 10 s\n",
    " Text-back delay, 90th percentile 1 min 00 s 10 s\n",
    "First human response, median 3 min 00 s —\n",
    " First human response within target 75.0 % —\n",
    "Reply response, median 2 min 00 s —\n",
    "Breaches 1 0\n",
    "Escalations 1 0\n",
    "Spam 1 0\n",
    "Blocked 1 0\n",
    "Anonymous 1 0\n",
    "Opt-outs 1 0\n",
    " Main 5 missed, 3 cases, 1 reached, 1 booked, 480.00\n",
    " Google Ads 1 missed, 1 cases, 1 reached, 1 booked, ≈ 350.00\n",
    " Dana 2 cases, first response 3 min 00 s, 50.0 % within target, 1 breaches, 1 booked\n",
    " Eli 2 cases, first response 2 min 00 s, 100.0 % within target, 0 breaches, 1 booked\n",
    " No response after attempts 1\n",
    " 2026-11-30 10:05 Cal first response Dana 20 min 00 s, escalated\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (strstr (text, expected[i]) == NULL)
      g_error ("The report lacks “%s”:\n%s", expected[i], text);
}

static void
check_json_totals (JsonObject *object,
                   gboolean    previous)
{
  struct { const char *key; gint64 now, before; } counts[] = {
    { "missed_calls", 6, 1 }, { "cases", 4, 1 }, { "new_callers", 2, 1 },
    { "returning_callers", 2, 0 }, { "texted_back", 4, 1 }, { "reached", 2, 0 },
    { "qualified", 2, 0 }, { "booked", 2, 0 }, { "spam", 1, 0 }, { "blocked", 1, 0 },
    { "anonymous", 1, 0 }, { "opt_outs", 1, 0 }, { "breaches", 1, 0 }, { "escalations", 1, 0 },
    { "text_back_delay_median", 30, 10 }, { "text_back_delay_p90", 60, 10 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_assert_true (json_object_has_member (object, counts[i].key));
      g_assert_cmpint (json_object_get_int_member (object, counts[i].key), ==,
                       previous ? counts[i].before : counts[i].now);
    }
  g_assert_cmpfloat (json_object_get_double_member (object, "revenue"), ==, previous ? 0.0 : 830.0);
  g_assert_true (json_object_get_boolean_member (object, "revenue_is_estimate") == !previous);
  if (previous)
    {
      g_assert_true (json_object_get_null_member (object, "first_response_median"));
      g_assert_true (json_object_get_null_member (object, "first_response_within_target"));
      g_assert_true (json_object_get_null_member (object, "reply_response_median"));
    }
  else
    {
      g_assert_cmpint (json_object_get_int_member (object, "first_response_median"), ==, 180);
      g_assert_cmpint (json_object_get_int_member (object, "first_response_p90"), ==, 1200);
      g_assert_cmpfloat (json_object_get_double_member (object, "first_response_within_target"), ==, 75.0);
      g_assert_cmpint (json_object_get_int_member (object, "reply_response_median"), ==, 120);
      g_assert_cmpint (json_object_get_int_member (object, "reply_response_p90"), ==, 120);
    }
}

static void
check_json (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *line;
  JsonArray *hours;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "from"), ==, "2026-11-30");
  g_assert_cmpstr (json_object_get_string_member (root, "to"), ==, "2026-11-30");
  check_json_totals (root, FALSE);
  check_json_totals (json_object_get_object_member (root, "previous"), TRUE);

  line = json_array_get_object_element (json_object_get_array_member (root, "by_line"), 1);
  g_assert_cmpstr (json_object_get_string_member (line, "line"), ==, "Google Ads");
  g_assert_cmpfloat (json_object_get_double_member (line, "revenue"), ==, 350.0);
  g_assert_true (json_object_get_boolean_member (line, "revenue_is_estimate"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "by_person")), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_object_get_array_member (root, "lost_reasons"), 0),
                     "outcome"), ==, "no-response");
  g_assert_cmpint (json_object_get_int_member (
                     json_array_get_object_element (json_object_get_array_member (root, "breach_list"), 0),
                     "waited"), ==, 1200);
  hours = json_array_get_array_element (json_object_get_array_member (root, "missed_calls_by_hour"), 0);
  g_assert_cmpint (json_array_get_int_element (hours, 9), ==, 3);
  g_assert_cmpint (json_array_get_int_element (hours, 23), ==, 1);
}

static void
test_json (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(RedialReport) report = monday (f);
  g_autofree char *json = redial_report_to_json (report);

  check_json (json);
}

static void
test_csv (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(RedialReport) report = monday (f);
  g_autofree char *figures = redial_report_to_csv (report, FALSE);
  g_autofree char *cases = redial_report_to_csv (report, TRUE);
  g_auto(GStrv) rows = g_strsplit (cases, "\r\n", -1);

  g_assert_nonnull (strstr (figures, "figure,period,previous\r\nmissed_calls,6,1\r\n"));
  g_assert_nonnull (strstr (figures, "revenue,830.00,0.00\r\nrevenue_is_estimate,1,0\r\n"));
  g_assert_nonnull (strstr (figures, "first_response_within_target,75.0,\r\n"));
  /* A header, four cases, and the empty string after the last row. */
  g_assert_cmpuint (g_strv_length (rows), ==, 6);
  g_assert_nonnull (strstr (cases, ",2026-11-30 09:00,+13125550101,Ann,Main,Dana,3,0,1,1,1,1,480.00,0,booked,180,40,0\r\n"));
  g_assert_nonnull (strstr (cases, ",2026-11-30 23:50,+13125550102,Ben,Google Ads,Eli,1,0,1,1,1,1,350.00,1,booked,120,20,0\r\n"));
}

static void
test_pdf (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(RedialReport) report = monday (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = redial_report_to_pdf (report, &error);
  g_autofree char *text = NULL;
  gsize size;
  const char *bytes;

  g_assert_no_error (error);
  bytes = g_bytes_get_data (pdf, &size);
  g_assert_cmpuint (size, >, 1000);
  g_assert_true (g_str_has_prefix (bytes, "%PDF-"));
  text = g_malloc (size + 1);
  memcpy (text, bytes, size);
  text[size] = '\0';
  /* One page: the page tree counts one, and there is one /Type /Page. */
  for (gsize i = 0; i < size; i++)
    if (text[i] == '\0')
      text[i] = ' ';
  g_assert_nonnull (strstr (text, "/Count 1\n"));
  g_assert_null (strstr (strstr (text, "/Type /Page ") + 1, "/Type /Page "));
  g_assert_null (strstr (text, "/Count 2"));
}

/* The command as an owner types it, against the same database. */
#define RUN(f, out, err, ...) \
  redial_test_run_command ((f)->dir, NULL, (out), (err), "report", __VA_ARGS__)

static void
test_command (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *pdf_path = g_build_filename (f->dir, "report.pdf", NULL);
  g_autofree char *pdf = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *conf_path = g_build_filename (f->dir, "redial.conf", NULL);

  /* While this process still holds the database open, as Redial would. */
  g_assert_cmpint (RUN (f, &out, &err, "--date", "2026-11-30", "--format", "json", NULL), ==, 0);
  check_json (out);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (RUN (f, &out, &err, "--from", "2026-11-30", "--to", "2026-11-30", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Report for Acme Plumbing, 2026-11-30\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (RUN (f, &out, &err, "--date", "2026-11-30", "--format", "csv", "--cases", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "case_id,opened_at,"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (RUN (f, &out, &err, "--date", "2026-11-30", "--format", "pdf", "--output", pdf_path, NULL), ==, 0);
  g_assert_true (g_file_get_contents (pdf_path, &pdf, NULL, NULL));
  g_assert_true (g_str_has_prefix (pdf, "%PDF-"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A bad date, a range backwards, an unwritable output, a missing database. */
  g_assert_cmpint (RUN (f, &out, &err, "--date", "2026-02-30", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "2026-02-30"));
  g_assert_nonnull (strstr (err, "YYYY-MM-DD"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (RUN (f, &out, &err, "--from", "2026-11-30", "--to", "2026-11-01", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "before it starts"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (RUN (f, &out, &err, "--date", "2026-11-30", "--output", "/nonexistent/dir/r.txt", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "/nonexistent/dir/r.txt"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (RUN (f, &out, &err, "--date", "2026-11-30", "--format", "xml", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "xml"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Standard output on a full disk: said, as a file would be. */
  g_assert_cmpint (redial_test_run_command (f->dir, "/dev/full", NULL, &err, "report", "--date", "2026-11-30",
                                            NULL), ==, 1);
  g_assert_nonnull (strstr (err, "redial report: The standard output cannot be written: "));
  g_clear_pointer (&err, g_free);

  conf = g_strdup_printf ("%s[store]\npath=%s/missing.db\n", redial_report_fixture_settings, f->dir);
  g_assert_true (g_file_set_contents (conf_path, conf, -1, NULL));
  g_assert_cmpint (RUN (f, &out, &err, "--date", "2026-11-30", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "missing.db"));
  {
    g_autofree char *missing = g_strdup_printf ("%s/missing.db", f->dir);

    g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  }
}

static void
test_average_job_value (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialConfig) config = redial_config_new ();
  g_autoptr(RedialConfig) set = redial_config_load_from_data ("[business]\naverage-job-value=350.50\n", "t", &error);
  g_autoptr(RedialConfig) bad = NULL;

  g_assert_cmpint (redial_config_get_average_job_value (config), ==, -1);
  g_assert_no_error (error);
  g_assert_cmpint (redial_config_get_average_job_value (set), ==, 35050);
  bad = redial_config_load_from_data ("[business]\naverage-job-value=lots\n", "t", &error);
  g_assert_null (bad);
  g_assert_error (error, REDIAL_CONFIG_ERROR, REDIAL_CONFIG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "average-job-value"));
}

static void
test_spread (void)
{
  g_autoptr(GArray) seconds = g_array_new (FALSE, FALSE, sizeof (gint64));
  RedialReportSpread spread = redial_report_spread (seconds);

  g_assert_cmpuint (spread.n, ==, 0);
  g_assert_cmpint (spread.median, ==, -1);
  for (gint64 i = 10; i >= 1; i--)
    g_array_append_val (seconds, i);
  spread = redial_report_spread (seconds);
  g_assert_cmpint (spread.median, ==, 5);
  g_assert_cmpint (spread.p90, ==, 9);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report/spread/nearest-rank", test_spread);
  g_test_add_func ("/report/config/average-job-value", test_average_job_value);
  g_test_add ("/report/fixture/figures", Fixture, NULL, fixture_set_up, test_figures, fixture_tear_down);
  g_test_add ("/report/fixture/text", Fixture, NULL, fixture_set_up, test_text, fixture_tear_down);
  g_test_add ("/report/fixture/json", Fixture, NULL, fixture_set_up, test_json, fixture_tear_down);
  g_test_add ("/report/fixture/csv", Fixture, NULL, fixture_set_up, test_csv, fixture_tear_down);
  g_test_add ("/report/fixture/pdf-one-page", Fixture, NULL, fixture_set_up, test_pdf, fixture_tear_down);
  g_test_add ("/report/command/runs-beside-redial", Fixture, NULL, fixture_set_up, test_command, fixture_tear_down);

  return g_test_run ();
}
