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
  g_autoptr(RedialAppointment) moved = NULL;
  g_autoptr(RedialHold) held = NULL;

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
  /* The calendar: booked, moved, cancelled, published, and held. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(RedialAppointment) appointment = redial_appointment_new (i + 1, "Joe", "water heater",
                                                                         SECONDS (3600 * (i + 1)),
                                                                         SECONDS (3600 * (i + 2)));

      redial_appointment_set_address (appointment, "12 Elm St\nApt 2");
      redial_appointment_set_caller (appointment, "+13125550100");
      redial_appointment_set_caller_name (appointment, names[i]);
      g_assert_true (redial_store_add_appointment (store, appointment, SECONDS (800 + i), &error));
      g_assert_no_error (error);
    }
  g_clear_object (&moved);
  moved = redial_store_move_appointment (store, 2, "Ann", SECONDS (7200), SECONDS (9000), SECONDS (810), &error);
  g_assert_no_error (error);
  g_clear_object (&moved);
  moved = redial_store_cancel_appointment (store, 3, SECONDS (820), &error);
  g_assert_no_error (error);
  g_assert_true (redial_store_set_appointment_caldav (store, 1, "/cal/joe/a.ics", "\"e\t1\"", TRUE, &error));
  g_assert_true (redial_store_set_appointment_published (store, 1, 3, &error));
  held = redial_hold_new (4, "Ann", SECONDS (36000), SECONDS (43200), SECONDS (99999));
  g_assert_true (redial_store_add_hold (store, held, SECONDS (830), &error));
  g_assert_no_error (error);

  g_assert_true (redial_store_close_case (store, 1, REDIAL_CASE_OUTCOME_BOOKED, 45000, "Dana", SECONDS (900),
                                          NULL, &error));
  g_assert_true (redial_store_set_opted_out (store, "+13125550102", TRUE, SECONDS (950), "STOP\tnow", &error));
  g_assert_true (redial_store_set_blocked (store, "+13125550199", TRUE, "spam\\caller", SECONDS (960), &error));
  g_assert_no_error (error);
}

/* Reads every field of the appointments of @case_id, one line each. */
static char *
describe_appointments (RedialStore *store,
                       gint64       case_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) appointments = redial_store_list_case_appointments (store, case_id, &error);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < appointments->len; i++)
    {
      RedialAppointment *a = g_ptr_array_index (appointments, i);

      g_string_append_printf (text, "%" G_GINT64_FORMAT " %s %s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                              " %s %s %s %d %s %u %s %s %d %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %u\n",
                              redial_appointment_get_id (a), redial_appointment_get_resource (a),
                              redial_appointment_get_job_type (a), redial_appointment_get_start (a),
                              redial_appointment_get_end (a), redial_appointment_get_address (a),
                              redial_appointment_get_caller (a), redial_appointment_get_caller_name (a),
                              redial_appointment_get_status (a), redial_appointment_get_uid (a),
                              redial_appointment_get_sequence (a), redial_appointment_get_etag (a),
                              redial_appointment_get_href (a), redial_appointment_get_conflict (a),
                              redial_appointment_get_created_at (a), redial_appointment_get_updated_at (a),
                              redial_appointment_get_published_sequence (a));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The desks read the single desk's calendar as it was: every
 * appointment, cancelled ones too, and the holds. */
static void
assert_same_calendar (RedialStore *history,
                      RedialStore *shared)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) holds_before = redial_store_list_holds (history, 0, SECONDS (99999), SECONDS (900), &error);
  g_autoptr(GPtrArray) holds_after = redial_store_list_holds (shared, 0, SECONDS (99999), SECONDS (900), &error);

  for (gint64 id = 1; id <= 4; id++)
    {
      g_autofree char *before = describe_appointments (history, id);
      g_autofree char *after = describe_appointments (shared, id);

      g_assert_cmpstr (after, ==, before);
    }
  g_assert_no_error (error);
  g_assert_cmpuint (holds_before->len, ==, 1);
  g_assert_cmpuint (holds_after->len, ==, 1);
  g_assert_cmpint (redial_hold_get_id (holds_after->pdata[0]), ==, redial_hold_get_id (holds_before->pdata[0]));
  g_assert_cmpint (redial_hold_get_case_id (holds_after->pdata[0]), ==, 4);
  g_assert_cmpstr (redial_hold_get_resource (holds_after->pdata[0]), ==, "Ann");
  g_assert_cmpint (redial_hold_get_start (holds_after->pdata[0]), ==, SECONDS (36000));
  g_assert_cmpint (redial_hold_get_expires_at (holds_after->pdata[0]), ==, SECONDS (99999));
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
  g_assert_nonnull (strstr (out, "appointments"));
  g_assert_nonnull (strstr (out, "holds"));
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

  assert_same_calendar (history, shared);

  /* New records take ids after the copied ones. */
  {
    g_autoptr(RedialCase) fresh = redial_store_open_case (shared, "+13125550150", SECONDS (2000), &error);
    g_autoptr(RedialAppointment) booked = NULL;
    g_autoptr(RedialAppointment) clash = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (redial_case_get_id (fresh), ==, 5);

    /* … and the copied calendar books on: its times are taken, the
     * cancelled one's is free. */
    clash = redial_appointment_new (5, "Joe", NULL, SECONDS (3600), SECONDS (5400));
    g_assert_false (redial_store_add_appointment (shared, clash, SECONDS (2000), &error));
    g_assert_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_OVERLAP);
    g_clear_error (&error);
    booked = redial_appointment_new (5, "Joe", NULL, SECONDS (10800), SECONDS (14400));
    g_assert_true (redial_store_add_appointment (shared, booked, SECONDS (2000), &error));
    g_assert_no_error (error);
    g_assert_cmpint (redial_appointment_get_id (booked), ==, 4);
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
