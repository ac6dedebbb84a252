/* test-store.c: what only the SQLite store does (schema, migrations, its file); every store's contract is in tests/store/. */
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

/* What schema 2 stored: sentences for why a case has its kind, in the
 * language of the desk that wrote them, and no raw caller ID. */
static void
test_migrate_kind_reason_codes (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) open = NULL;
  static const struct {
    const char       *kind;
    const char       *sentence;
    RedialKindReason  code;
  } rows[] = {
    { "likely-spam", "Caller ID says “CARD SERVICES”, a name robocallers use", REDIAL_KIND_REASON_SPAM_NAME },
    { "likely-spam", "Llamó 3 veces en 10 minutos y colgó enseguida", REDIAL_KIND_REASON_QUICK_HANG_UPS },
    { "known-customer", "En sus contactos", REDIAL_KIND_REASON_CONTACT },
    { "new-lead", "Restored by a person", REDIAL_KIND_REASON_RESTORED },
    { "new-lead", NULL, REDIAL_KIND_REASON_NONE },
  };
  sqlite3 *db;

  g_clear_object (&f->store);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP TABLE holds;"
                                     "DROP TABLE appointments;"
                                     "DROP INDEX cases_first_call;"
                                     "DROP INDEX cases_caller;"
                                     "DROP INDEX calls_started;"
                                     "DROP INDEX opt_out_audit_at;"
                                     "DROP TABLE intake_answers;"
                                     "DROP TABLE case_events;"
                                     "DROP INDEX cases_closed;"
                                     "DROP INDEX calls_caller;"
                                     "DROP INDEX opt_out_audit_phone;"
                                     "ALTER TABLE cases DROP COLUMN owner;"
                                     "ALTER TABLE cases DROP COLUMN claimed_at;"
                                     "ALTER TABLE cases DROP COLUMN job_value;"
                                     "ALTER TABLE messages DROP COLUMN author;"
                                     "ALTER TABLE calls DROP COLUMN caller_raw;"
                                     "ALTER TABLE cases DROP COLUMN caller_raw;"
                                     "ALTER TABLE cases DROP COLUMN number_problem;"
                                     "PRAGMA user_version = 2", NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      char *sql = sqlite3_mprintf ("INSERT INTO cases (caller, caller_name, first_call_at, last_call_at,"
                                              " kind, kind_reason) VALUES ('+1312555010%u', 'Card Services', %u, 1,"
                                              " %Q, %Q)", i, i + 1, rows[i].kind, rows[i].sentence);
      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_free (sql);
    }
  sqlite3_close (db);

  f->store = redial_store_open (f->path, &error);
  g_assert_no_error (error);
  open = redial_store_list_open_cases (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, G_N_ELEMENTS (rows));
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      RedialCase *kase = g_ptr_array_index (open, i);

      g_assert_cmpint (redial_case_get_kind_reason_code (kase), ==, rows[i].code);
      g_assert_cmpstr (redial_case_get_caller_raw (kase), ==, redial_case_get_caller (kase));
    }
  g_assert_cmpstr (redial_case_get_kind_reason (g_ptr_array_index (open, 0)), ==,
                   "Caller ID says “CARD SERVICES”, a name robocallers use");
}

/* The caller ID is kept on the call row exactly as received, number or not. */
static void
test_call_keeps_raw_caller_id (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCall) call = g_object_new (REDIAL_TYPE_CALL, "provider", "test", "provider-call-id", "raw",
                                             "caller-raw", "+1 312 555 011", "started-at", SECONDS (1000),
                                             NULL);
  g_autoptr(RedialCase) kase = redial_store_record_call (f->store, call, TRUE, NULL, &error);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM calls WHERE caller IS NULL"
                                          " AND caller_raw = '+1 312 555 011' AND case_id = %" G_GINT64_FORMAT,
                                          redial_case_get_id (kase));

  g_assert_no_error (error);
  g_assert_cmpint (query_int (f->path, sql), ==, 1);
  g_assert_cmpstr (redial_case_get_caller_raw (kase), ==, "+1 312 555 011");
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
  ADD ("/store/migrate/kind-reason-codes", test_migrate_kind_reason_codes);
  ADD ("/store/call/keeps-raw-caller-id", test_call_keeps_raw_caller_id);
  ADD ("/store/reopen-keeps-data", test_reopen_keeps_data);
  g_test_add_func ("/store/migrate/newer-schema-refused", test_newer_schema_refused);
  g_test_add_func ("/store/open/unwritable-folder", test_unwritable_folder);

  return g_test_run ();
}
