/* test-migrate-pg.c: `redial --migrate-to postgresql://…` copies a single desk's SQLite history, checked per table. */
#include "config.h"

#include "pg-harness.h"
#include "redial-pg-store.h"
#include "redial-report.h"
#include "redial-test-util.h"

#define SECONDS(s) ((gint64) (s) * G_USEC_PER_SEC + G_GINT64_CONSTANT (1767261600000000))

/* A history with a little of everything, hostile text included (tabs,
 * newlines, backslashes: what COPY's format escapes). */
static void
fill_history (RedialStore *store)
{
  g_autoptr(GError) error = NULL;
  const char *names[] = { "Ángela O'Brien", "Tab\there", "Line\nbreak \\N", "100% Roofing_Co" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *caller = g_strdup_printf ("+1312555010%u", i);
      g_autofree char *id = g_strdup_printf ("call-%u", i);
      g_autoptr(RedialCall) call = g_object_new (REDIAL_TYPE_CALL,
                                                 "provider", "test", "provider-call-id", id,
                                                 "caller", caller, "caller-raw", caller,
                                                 "caller-name", names[i],
                                                 "started-at", SECONDS (100 * i),
                                                 "disposition", REDIAL_DISPOSITION_VOICEMAIL,
                                                 NULL);
      g_autoptr(RedialCase) kase = redial_store_record_call (store, call, TRUE, NULL, &error);
      g_autoptr(RedialMessage) text = NULL;
      RedialSlaEvent crossing = { redial_case_get_id (kase), REDIAL_SLA_CLOCK_FIRST_RESPONSE, 0,
                                  REDIAL_SLA_CROSSING_WARNING, SECONDS (100 * i + 5), FALSE };

      g_assert_no_error (error);
      text = redial_message_new (redial_case_get_id (kase), REDIAL_MESSAGE_DIRECTION_OUTBOUND,
                                 REDIAL_MESSAGE_KIND_TEXT_BACK, caller, names[i], SECONDS (100 * i + 1));
      g_assert_true (redial_store_queue_text_back (store, kase, text, &error));
      g_assert_true (redial_store_claim_case (store, redial_case_get_id (kase), "Dana", FALSE, SECONDS (100 * i + 2),
                                              NULL, NULL, &error));
      g_assert_true (redial_store_set_intake_answer (store, redial_case_get_id (kase), "issue", names[i], "Dana",
                                                     SECONDS (100 * i + 3), NULL, &error));
      g_assert_true (redial_store_record_sla_events (store, &crossing, 1, &error));
      g_assert_true (redial_store_save_contact (store, caller, names[i], &error));
      g_assert_no_error (error);
    }
  g_assert_true (redial_store_close_case (store, 1, REDIAL_CASE_OUTCOME_BOOKED, 45000, "Dana", SECONDS (900),
                                          NULL, &error));
  g_assert_true (redial_store_set_opted_out (store, "+13125550102", TRUE, SECONDS (950), "STOP\tnow", &error));
  g_assert_true (redial_store_set_blocked (store, "+13125550199", TRUE, "spam\\caller", SECONDS (960), &error));
  g_assert_no_error (error);
}

/* The owner's report of the history's day, as JSON and one CSV row a case. */
static char *
report_of (RedialStore *store,
           const char  *settings)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialConfig) config = redial_config_load_from_data (settings, "test", &error);
  g_autoptr(RedialReport) report = NULL;
  g_autofree char *json = NULL;
  g_autofree char *csv = NULL;
  GDate day;

  g_assert_no_error (error);
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 1, 1, 2026);
  report = redial_report_compute (store, config, &day, &day, &error);
  g_assert_no_error (error);
  json = redial_report_to_json (report);
  csv = redial_report_to_csv (report, TRUE);
  return g_strconcat (json, csv, NULL);
}

/* Runs `redial` with the arguments that follow (up to a NULL), as an
 * office runs it; returns its exit status. */
static int
run_redial (const char  *dir,
            char       **out,
            char       **err,
            ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("REDIAL_BINARY"));
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", dir, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error));
  g_assert_no_error (error);
  g_test_message ("stdout: %s\nstderr: %s", *out, *err);
  return g_subprocess_get_exit_status (process);
}

static void
test_migrate (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = redial_test_make_dir ();
  g_autofree char *db = g_build_filename (dir, "redial.db", NULL);
  g_autofree char *config = g_build_filename (dir, "redial.conf", NULL);
  g_autofree char *settings = g_strdup_printf ("[business]\nname = Acme\nregion = US\n[store]\npath = %s\n", db);
  g_autofree char *url = pg_harness_create_database ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out_again = NULL;
  g_autofree char *err_again = NULL;
  g_autoptr(RedialStore) history = redial_store_open (db, &error);
  g_autoptr(RedialStore) shared = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *report_before = NULL;
  g_autofree char *report_after = NULL;
  g_autofree char *shared_config = g_build_filename (dir, "shared.conf", NULL);
  /* A desk that never had a file of its own. */
  g_autofree char *shared_settings = g_strdup_printf ("[business]\nname = Acme\nregion = US\n"
                                                      "[store]\nurl = %s\npath = %s/none/redial.db\n", url, dir);
  g_autofree char *printed_before = NULL;
  g_autofree char *printed_after = NULL;
  g_autofree char *printed_err = NULL;

  g_assert_no_error (error);
  fill_history (history);
  g_assert_true (g_file_set_contents (config, settings, -1, &error));

  g_assert_cmpint (run_redial (dir, &out, &err, "--config", config, "--migrate-to", url, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "cases"));
  g_assert_nonnull (strstr (out, "intake_answers"));
  g_assert_nonnull (strstr (out, "sha256:"));
  g_assert_nonnull (strstr (out, "every table’s count and checksum match"));

  /* What the desks read from it is what the single desk had. */
  shared = redial_store_open (url, &error);
  g_assert_no_error (error);
  for (RedialStoreCount what = REDIAL_STORE_COUNT_CALLS; what <= REDIAL_STORE_COUNT_BLOCKED; what++)
    g_assert_cmpint (redial_store_count (shared, what), ==, redial_store_count (history, what));
  before = redial_store_list_timeline (history, 3, &error);
  g_assert_no_error (error);
  after = redial_store_list_timeline (shared, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < before->len; i++)
    {
      g_assert_cmpint (redial_timeline_item_get_kind (after->pdata[i]), ==,
                       redial_timeline_item_get_kind (before->pdata[i]));
      g_assert_cmpstr (redial_timeline_item_get_text (after->pdata[i]), ==,
                       redial_timeline_item_get_text (before->pdata[i]));
    }
  /* And so is the owner's report, every figure and every case of it. */
  report_before = report_of (history, settings);
  report_after = report_of (shared, settings);
  g_assert_nonnull (strstr (report_before, "\"booked\" : 1,"));
  g_assert_nonnull (strstr (report_before, "\"opt_outs\" : 1,"));
  g_assert_cmpstr (report_after, ==, report_before);
  /* And `redial report` prints it from the shared database as from the file. */
  g_assert_true (g_file_set_contents (shared_config, shared_settings, -1, &error));
  g_assert_cmpint (run_redial (dir, &printed_before, &printed_err, "report", "--config", config,
                               "--date", "2026-01-01", "--format", "json", NULL), ==, 0);
  g_clear_pointer (&printed_err, g_free);
  g_assert_cmpint (run_redial (dir, &printed_after, &printed_err, "report", "--config", shared_config,
                               "--date", "2026-01-01", "--format", "json", NULL), ==, 0);
  g_assert_nonnull (strstr (printed_before, "missed_calls"));
  g_assert_cmpstr (printed_after, ==, printed_before);

  /* New records take ids after the copied ones. */
  {
    g_autoptr(RedialCase) fresh = redial_store_open_case (shared, "+13125550150", SECONDS (2000), &error);

    g_assert_no_error (error);
    g_assert_cmpint (redial_case_get_id (fresh), ==, 5);
  }

  /* A database with records already is left alone. */
  g_assert_cmpint (run_redial (dir, &out_again, &err_again, "--config", config, "--migrate-to", url, NULL), ==, 1);
  g_assert_nonnull (strstr (err_again, "records already"));

  g_clear_object (&shared);
  g_clear_object (&history);
  pg_harness_drop_database (url);
  redial_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/postgresql/migrate/copies-and-checks-every-table", test_migrate);

  return g_test_run ();
}
