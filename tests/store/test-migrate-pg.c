/* test-migrate-pg.c: `redial --migrate-to postgresql://…` copies a single desk's SQLite history, checked per table. */
#include "config.h"

#include "pg-harness.h"
#include "redial-pg-store.h"
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

/* Runs `redial --config … --migrate-to @url`; returns its exit status. */
static int
run_migrate (const char  *dir,
             const char  *config,
             const char  *url,
             char       **out,
             char       **err)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", dir, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("REDIAL_BINARY"),
                                         "--config", config, "--migrate-to", url, NULL);
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

  g_assert_no_error (error);
  fill_history (history);
  g_assert_true (g_file_set_contents (config, settings, -1, &error));

  g_assert_cmpint (run_migrate (dir, config, url, &out, &err), ==, 0);
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

  /* New records take ids after the copied ones. */
  {
    g_autoptr(RedialCase) fresh = redial_store_open_case (shared, "+13125550150", SECONDS (2000), &error);

    g_assert_no_error (error);
    g_assert_cmpint (redial_case_get_id (fresh), ==, 5);
  }

  /* A database with records already is left alone. */
  g_assert_cmpint (run_migrate (dir, config, url, &out_again, &err_again), ==, 1);
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
