/* test-store.c: the SQLite store on a real file in a temporary folder. */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "redial-sqlite-store.h"
#include "redial-test-util.h"

#define SECONDS(n) ((gint64) (n) * G_USEC_PER_SEC)

typedef struct
{
  char        *dir;
  char        *path;
  RedialStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("redial-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "nested", "redial.db", NULL);
  f->store = redial_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  redial_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static RedialCall *
missed_call (const char *id,
             const char *caller,
             gint64      started_at)
{
  return g_object_new (REDIAL_TYPE_CALL,
                       "provider", "test",
                       "provider-call-id", id,
                       "caller", caller,
                       "caller-name", "Jane Caller",
                       "line", "+13125550118",
                       "line-label", "Main",
                       "started-at", started_at,
                       "ended-at", started_at + SECONDS (20),
                       "disposition", REDIAL_DISPOSITION_NO_ANSWER,
                       NULL);
}

/* Runs @sql on the file behind the store's back, to look at what is on disk. */
static gint64
query_int (const char *path,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
test_migrate_from_empty (Fixture       *f,
                         gconstpointer  data)
{
  g_assert_cmpint (redial_sqlite_store_get_schema_version (REDIAL_SQLITE_STORE (f->store)), ==, redial_sqlite_store_get_latest_version ());
  g_assert_cmpint (redial_sqlite_store_get_latest_version (), >=, 1);
  g_assert_cmpint (query_int (f->path, "PRAGMA user_version"), ==, redial_sqlite_store_get_latest_version ());
  /* Every table is STRICT. */
  g_assert_cmpint (query_int (f->path,
                              "SELECT count(*) FROM pragma_table_list"
                              " WHERE schema = 'main' AND name NOT LIKE 'sqlite_%' AND strict = 0"), ==, 0);
  g_assert_cmpint (query_int (f->path,
                              "SELECT count(*) FROM pragma_table_list"
                              " WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'"), >=, 5);
  g_assert_cmpint (query_int (f->path, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), ==, 1);
}

static void
test_idempotent_insert (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCall) first = missed_call ("call-1", "+12125550110", SECONDS (1000));
  g_autoptr(RedialCall) again = missed_call ("call-1", "+12125550110", SECONDS (1000));
  g_autoptr(RedialCase) case_1 = NULL;
  g_autoptr(RedialCase) case_2 = NULL;
  RedialStoreRecord record;

  case_1 = redial_store_record_call (f->store, first, TRUE, &record, &error);
  g_assert_no_error (error);
  g_assert_cmpint (record, ==, REDIAL_STORE_RECORD_NEW_CASE);
  g_assert_cmpint (redial_call_get_id (first), >, 0);

  case_2 = redial_store_record_call (f->store, again, TRUE, &record, &error);
  g_assert_no_error (error);
  g_assert_cmpint (record, ==, REDIAL_STORE_RECORD_DUPLICATE);
  g_assert_cmpint (redial_case_get_id (case_2), ==, redial_case_get_id (case_1));
  g_assert_cmpuint (redial_case_get_n_calls (case_2), ==, 1);

  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_CALLS), ==, 1);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_CASES), ==, 1);
}

static void
test_repeat_caller_joins (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCall) a = missed_call ("a", "+12125550110", SECONDS (1000));
  g_autoptr(RedialCall) b = missed_call ("b", "+12125550110", SECONDS (1100));
  g_autoptr(RedialCall) c = missed_call ("c", "+13125550142", SECONDS (1200));
  g_autoptr(RedialCall) hidden_1 = missed_call ("d", NULL, SECONDS (1300));
  g_autoptr(RedialCall) hidden_2 = missed_call ("e", NULL, SECONDS (1400));
  g_autoptr(RedialCase) case_a = NULL;
  g_autoptr(RedialCase) case_b = NULL;
  g_autoptr(RedialCase) case_c = NULL;
  g_autoptr(RedialCase) case_d = NULL;
  g_autoptr(RedialCase) case_e = NULL;
  g_autoptr(GPtrArray) open = NULL;
  RedialStoreRecord record;

  case_a = redial_store_record_call (f->store, a, TRUE, &record, &error);
  g_assert_no_error (error);
  case_b = redial_store_record_call (f->store, b, TRUE, &record, &error);
  g_assert_no_error (error);
  g_assert_cmpint (record, ==, REDIAL_STORE_RECORD_JOINED);
  g_assert_cmpint (redial_case_get_id (case_b), ==, redial_case_get_id (case_a));
  g_assert_cmpuint (redial_case_get_n_calls (case_b), ==, 2);
  g_assert_cmpint (redial_case_get_last_call_at (case_b), ==, SECONDS (1100));

  case_c = redial_store_record_call (f->store, c, TRUE, &record, &error);
  g_assert_cmpint (record, ==, REDIAL_STORE_RECORD_NEW_CASE);

  /* Callers without a number cannot be told apart: one case each. */
  case_d = redial_store_record_call (f->store, hidden_1, TRUE, &record, &error);
  g_assert_cmpint (record, ==, REDIAL_STORE_RECORD_NEW_CASE);
  case_e = redial_store_record_call (f->store, hidden_2, TRUE, &record, &error);
  g_assert_cmpint (record, ==, REDIAL_STORE_RECORD_NEW_CASE);
  g_assert_cmpint (redial_case_get_id (case_d), !=, redial_case_get_id (case_e));

  open = redial_store_list_open_cases (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 4);
  g_assert_cmpstr (redial_case_get_caller (g_ptr_array_index (open, 0)), ==, "+12125550110");
  g_assert_cmpuint (redial_case_get_n_calls (g_ptr_array_index (open, 0)), ==, 2);

  /* Once the case is closed, the next call opens a new one. */
  g_assert_true (redial_store_close_case (f->store, redial_case_get_id (case_a), REDIAL_CASE_OUTCOME_BOOKED,
                                          SECONDS (2000), &error));
  {
    g_autoptr(RedialCall) later = missed_call ("f", "+12125550110", SECONDS (3000));
    g_autoptr(RedialCase) case_f = redial_store_record_call (f->store, later, TRUE, &record, &error);

    g_assert_no_error (error);
    g_assert_cmpint (record, ==, REDIAL_STORE_RECORD_NEW_CASE);
    g_assert_cmpint (redial_case_get_id (case_f), !=, redial_case_get_id (case_a));
  }
}

static void
test_answered_call_has_no_case (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCall) call = g_object_new (REDIAL_TYPE_CALL,
                                             "provider", "test", "provider-call-id", "ans",
                                             "caller", "+12125550110",
                                             "started-at", SECONDS (1000),
                                             "disposition", REDIAL_DISPOSITION_ANSWERED,
                                             NULL);
  g_autoptr(RedialCase) kase = NULL;
  RedialStoreRecord record;

  kase = redial_store_record_call (f->store, call, FALSE, &record, &error);
  g_assert_no_error (error);
  g_assert_null (kase);
  g_assert_cmpint (record, ==, REDIAL_STORE_RECORD_NO_CASE);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_CALLS), ==, 1);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_CASES), ==, 0);
}

static void
test_reopen_keeps_data (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCall) call = missed_call ("keep", "+12125550110", SECONDS (1000));
  g_autoptr(RedialCase) kase = NULL;
  g_autoptr(RedialMessage) message = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  RedialStoreRecord record;

  kase = redial_store_record_call (f->store, call, TRUE, &record, &error);
  g_assert_no_error (error);
  message = redial_message_new (redial_case_get_id (kase), REDIAL_MESSAGE_DIRECTION_OUTBOUND,
                                REDIAL_MESSAGE_KIND_TEXT_BACK, "+12125550110",
                                "Hi, this is Acme", SECONDS (1001));
  g_assert_true (redial_store_queue_text_back (f->store, kase, message, &error));
  g_assert_no_error (error);
  redial_message_set_provider_message_id (message, "SM1");
  redial_message_set_status (message, REDIAL_MESSAGE_STATUS_DELIVERED);
  g_assert_true (redial_store_update_message (f->store, message, &error));
  g_assert_true (redial_store_set_opted_out (f->store, "+13125550199", TRUE,
                                             SECONDS (1002), "STOP", &error));

  g_clear_object (&f->store);
  f->store = redial_store_open (f->path, &error);
  g_assert_no_error (error);

  open = redial_store_list_open_cases (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 1);
  g_assert_cmpstr (redial_case_get_caller_name (g_ptr_array_index (open, 0)), ==, "Jane Caller");
  g_assert_cmpstr (redial_case_get_line_label (g_ptr_array_index (open, 0)), ==, "Main");
  g_assert_true (redial_case_get_texted_back (g_ptr_array_index (open, 0)));

  messages = redial_store_list_messages (f->store, redial_case_get_id (kase), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_cmpint (redial_message_get_status (g_ptr_array_index (messages, 0)), ==,
                   REDIAL_MESSAGE_STATUS_DELIVERED);
  g_assert_cmpstr (redial_message_get_provider_message_id (g_ptr_array_index (messages, 0)), ==, "SM1");

  g_assert_true (redial_store_is_opted_out (f->store, "+13125550199"));
  g_assert_false (redial_store_is_opted_out (f->store, "+12125550110"));
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_OPT_OUT_AUDIT), ==, 1);
}

static void
test_text_back_once (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCall) call = missed_call ("once", "+12125550110", SECONDS (1000));
  g_autoptr(RedialCase) kase = NULL;
  g_autoptr(RedialCase) stale = NULL;
  g_autoptr(RedialMessage) first = NULL;
  g_autoptr(RedialMessage) second = NULL;

  kase = redial_store_record_call (f->store, call, TRUE, NULL, &error);
  g_assert_no_error (error);
  /* A second copy of the case, as another part of the program might hold. */
  stale = redial_store_get_case (f->store, redial_case_get_id (kase), &error);
  g_assert_no_error (error);

  first = redial_message_new (redial_case_get_id (kase), REDIAL_MESSAGE_DIRECTION_OUTBOUND,
                              REDIAL_MESSAGE_KIND_TEXT_BACK, "+12125550110", "one", 1);
  second = redial_message_new (redial_case_get_id (kase), REDIAL_MESSAGE_DIRECTION_OUTBOUND,
                               REDIAL_MESSAGE_KIND_TEXT_BACK, "+12125550110", "two", 2);
  g_assert_true (redial_store_queue_text_back (f->store, kase, first, &error));
  g_assert_false (redial_store_queue_text_back (f->store, stale, second, &error));
  g_assert_no_error (error);
  g_assert_cmpint (redial_message_get_id (second), ==, 0);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_MESSAGES), ==, 1);
}

static void
test_hostile_text_is_data (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *name = "Robert'); DROP TABLE cases;-- <b>bold</b>";
  g_autoptr(RedialCall) call = g_object_new (REDIAL_TYPE_CALL,
                                             "provider", "test'--", "provider-call-id", "\"; DELETE FROM calls",
                                             "caller", "+12125550110", "caller-name", name,
                                             "started-at", SECONDS (1000),
                                             "disposition", REDIAL_DISPOSITION_BUSY,
                                             NULL);
  g_autoptr(RedialCase) kase = redial_store_record_call (f->store, call, TRUE, NULL, &error);
  g_autoptr(RedialCase) again = NULL;

  g_assert_no_error (error);
  again = redial_store_get_case (f->store, redial_case_get_id (kase), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (redial_case_get_caller_name (again), ==, name);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_CASES), ==, 1);
  g_assert_cmpint (redial_store_count (f->store, (RedialStoreCount) 999), ==, -1);
}

static void
test_newer_schema_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("redial-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "future.db", NULL);
  g_autoptr(RedialStore) store = NULL;
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 999", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = redial_store_open (path, &error);
  g_assert_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_TOO_NEW);
  g_assert_null (store);
  g_assert_cmpint (query_int (path, "PRAGMA user_version"), ==, 999);

  redial_test_remove_tree (dir);
}

static void
test_unwritable_folder (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialStore) store = redial_store_open ("/proc/redial/redial.db", &error);

  g_assert_null (store);
  g_assert_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_OPEN);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/store/migrate/from-empty", test_migrate_from_empty);
  ADD ("/store/call/idempotent-insert", test_idempotent_insert);
  ADD ("/store/call/repeat-caller-joins-case", test_repeat_caller_joins);
  ADD ("/store/call/answered-has-no-case", test_answered_call_has_no_case);
  ADD ("/store/reopen-keeps-data", test_reopen_keeps_data);
  ADD ("/store/text-back/queued-once", test_text_back_once);
  ADD ("/store/hostile-text-is-data", test_hostile_text_is_data);
  g_test_add_func ("/store/migrate/newer-schema-refused", test_newer_schema_refused);
  g_test_add_func ("/store/open/unwritable-folder", test_unwritable_folder);

  return g_test_run ();
}
