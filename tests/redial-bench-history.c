/* redial-bench-history.c: three years of a busy desk's history (1,000,000 calls, 250,000 cases), generated once into the build folder for the report benchmarks. */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "redial-bench-history.h"
#include "redial-sqlite-store.h"

#define N_CASES        REDIAL_BENCH_HISTORY_CASES
#define CALLS_PER_CASE (REDIAL_BENCH_HISTORY_CALLS / REDIAL_BENCH_HISTORY_CASES)  /* two missed in the case, two answered */
#define N_CALLERS      150000   /* so that many callers return */
#define YEARS          3
#define DAY            G_TIME_SPAN_DAY

static const char * const lines[] = { "Main", "Google Ads", "Yelp" };
static const char * const people[] = { "Dana", "Eli", "Fran", "Gus" };
static const char * const outcomes[] = { "booked", "lost", "no-response", "quoted", "not-a-fit", "booked" };

static void
exec (sqlite3    *db,
      const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static sqlite3_stmt *
prepare (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  return stmt;
}

static void
step (sqlite3      *db,
      sqlite3_stmt *stmt)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_error ("insert: %s", sqlite3_errmsg (db));
  sqlite3_reset (stmt);
}

/* The store keeps each case's report facts by triggers as it writes; a
 * history written in bulk gets them at the end instead, as the migration
 * gives them to an existing file. Drops the triggers and returns the SQL
 * that makes them again. */
static char *
take_triggers (sqlite3 *db)
{
  sqlite3_stmt *stmt = prepare (db, "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'");
  GString *create = g_string_new (NULL);
  GString *drop = g_string_new (NULL);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_string_append_printf (create, "%s;", sqlite3_column_text (stmt, 1));
      g_string_append_printf (drop, "DROP TRIGGER \"%s\";", sqlite3_column_text (stmt, 0));
    }
  sqlite3_finalize (stmt);
  exec (db, drop->str);
  g_string_free (drop, TRUE);
  return g_string_free (create, FALSE);
}

/* Writes the history straight into the store's schema, in one
 * transaction with prepared statements: seconds, not hours. */
static void
generate (const char *path,
          gint64      end)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (14);
  sqlite3 *db;
  sqlite3_stmt *insert_case, *insert_call, *insert_message, *insert_event, *insert_sla, *insert_opt_out;
  gint64 start = end - YEARS * 365 * DAY;
  gint64 step_between = (end - start) / N_CASES;
  g_autofree char *triggers = NULL;

  if (sqlite3_open (path, &db) != SQLITE_OK)
    g_error ("%s: %s", path, sqlite3_errmsg (db));
  exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; BEGIN");
  triggers = take_triggers (db);
  insert_case = prepare (db,
    "INSERT INTO cases (id, caller, caller_name, line_label, state, n_calls, first_call_at, last_call_at,"
    " first_response_at, texted_back, closed_at, outcome, kind, owner, job_value, emergency)"
    " VALUES (?1, ?2, 'Caller', ?3, 'closed', 2, ?4, ?4 + 60000000, ?5, 1, ?4 + 86400000000, ?6, ?7, ?8, ?9, 0)");
  insert_call = prepare (db,
    "INSERT INTO calls (provider, provider_call_id, caller, line_label, started_at, disposition, case_id)"
    " VALUES ('bench', ?1, ?2, ?3, ?4, ?5, ?6)");
  insert_message = prepare (db,
    "INSERT INTO messages (case_id, direction, kind, peer, body, status, provider_message_id,"
    " created_at, updated_at, attempted_at, author)"
    " VALUES (?1, ?2, ?3, ?4, 'text', 'delivered', ?5, ?6, ?6, ?6, ?7)");
  insert_event = prepare (db,
    "INSERT INTO case_events (case_id, kind, at, actor, call_outcome) VALUES (?1, ?2, ?3, ?4, ?5)");
  insert_sla = prepare (db,
    "INSERT INTO sla_events (case_id, clock, episode, level, at) VALUES (?1, 'first-response', 0, ?2, ?3)");
  insert_opt_out = prepare (db,
    "INSERT INTO opt_out_audit (phone, opted_out, at, message) VALUES (?1, 1, ?2, 'STOP')");

  for (gint64 id = 1; id <= N_CASES; id++)
    {
      gint64 opened = start + (id - 1) * step_between + g_rand_int_range (rand, 0, (gint32) (step_between / G_USEC_PER_SEC)) * G_USEC_PER_SEC;
      g_autofree char *caller = g_strdup_printf ("+1312%07d", g_rand_int_range (rand, 0, N_CALLERS));
      const char *line = lines[g_rand_int_range (rand, 0, G_N_ELEMENTS (lines))];
      const char *person = people[g_rand_int_range (rand, 0, G_N_ELEMENTS (people))];
      const char *outcome = outcomes[g_rand_int_range (rand, 0, G_N_ELEMENTS (outcomes))];
      int dice = g_rand_int_range (rand, 0, 100);
      gint64 responded = opened + g_rand_int_range (rand, 30, 1800) * G_USEC_PER_SEC;

      sqlite3_bind_int64 (insert_case, 1, id);
      sqlite3_bind_text (insert_case, 2, caller, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert_case, 3, line, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (insert_case, 4, opened);
      sqlite3_bind_int64 (insert_case, 5, responded);
      sqlite3_bind_text (insert_case, 6, outcome, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert_case, 7, dice < 3 ? "likely-spam" : dice < 10 ? "known-customer" : "new-lead", -1, SQLITE_STATIC);
      if (dice % 2 == 0)
        sqlite3_bind_text (insert_case, 8, person, -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (insert_case, 8);
      if (dice % 3 == 0)
        sqlite3_bind_int64 (insert_case, 9, 10000 * g_rand_int_range (rand, 1, 100));
      else
        sqlite3_bind_null (insert_case, 9);
      step (db, insert_case);

      for (int i = 0; i < CALLS_PER_CASE; i++)
        {
          g_autofree char *call_id = g_strdup_printf ("%" G_GINT64_FORMAT "-%d", id, i);

          sqlite3_bind_text (insert_call, 1, call_id, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (insert_call, 2, caller, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (insert_call, 3, line, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (insert_call, 4, opened + i * 30 * G_USEC_PER_SEC);
          sqlite3_bind_text (insert_call, 5, i < 2 ? "no-answer" : "answered", -1, SQLITE_STATIC);
          if (i < 2)
            sqlite3_bind_int64 (insert_call, 6, id);
          else
            sqlite3_bind_null (insert_call, 6);
          step (db, insert_call);
        }

      {
        g_autofree char *sid = g_strdup_printf ("SM%" G_GINT64_FORMAT, id);

        sqlite3_bind_int64 (insert_message, 1, id);
        sqlite3_bind_text (insert_message, 2, "outbound", -1, SQLITE_STATIC);
        sqlite3_bind_text (insert_message, 3, "text-back", -1, SQLITE_STATIC);
        sqlite3_bind_text (insert_message, 4, caller, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (insert_message, 5, sid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (insert_message, 6, opened + g_rand_int_range (rand, 5, 90) * G_USEC_PER_SEC);
        sqlite3_bind_null (insert_message, 7);
        step (db, insert_message);
      }
      if (dice < 40)
        {
          sqlite3_bind_int64 (insert_message, 1, id);
          sqlite3_bind_text (insert_message, 2, "inbound", -1, SQLITE_STATIC);
          sqlite3_bind_text (insert_message, 3, "reply", -1, SQLITE_STATIC);
          sqlite3_bind_text (insert_message, 4, caller, -1, SQLITE_TRANSIENT);
          sqlite3_bind_null (insert_message, 5);
          sqlite3_bind_int64 (insert_message, 6, opened + 200 * G_USEC_PER_SEC);
          sqlite3_bind_null (insert_message, 7);
          step (db, insert_message);
          sqlite3_bind_int64 (insert_message, 1, id);
          sqlite3_bind_text (insert_message, 2, "outbound", -1, SQLITE_STATIC);
          sqlite3_bind_text (insert_message, 3, "manual", -1, SQLITE_STATIC);
          sqlite3_bind_text (insert_message, 4, caller, -1, SQLITE_TRANSIENT);
          sqlite3_bind_null (insert_message, 5);
          sqlite3_bind_int64 (insert_message, 6, opened + 500 * G_USEC_PER_SEC);
          sqlite3_bind_text (insert_message, 7, person, -1, SQLITE_STATIC);
          step (db, insert_message);
        }

      sqlite3_bind_int64 (insert_event, 1, id);
      sqlite3_bind_text (insert_event, 2, dice < 50 ? "claim" : "call-back", -1, SQLITE_STATIC);
      sqlite3_bind_int64 (insert_event, 3, responded);
      sqlite3_bind_text (insert_event, 4, person, -1, SQLITE_STATIC);
      if (dice < 50)
        sqlite3_bind_null (insert_event, 5);
      else
        sqlite3_bind_text (insert_event, 5, dice < 75 ? "reached" : "no-answer", -1, SQLITE_STATIC);
      step (db, insert_event);
      if (dice >= 30 && dice < 60)
        {
          sqlite3_bind_int64 (insert_event, 1, id);
          sqlite3_bind_text (insert_event, 2, "qualified", -1, SQLITE_STATIC);
          sqlite3_bind_int64 (insert_event, 3, responded + 60 * G_USEC_PER_SEC);
          sqlite3_bind_text (insert_event, 4, person, -1, SQLITE_STATIC);
          sqlite3_bind_null (insert_event, 5);
          step (db, insert_event);
        }
      if (dice >= 90)
        {
          sqlite3_bind_int64 (insert_sla, 1, id);
          sqlite3_bind_text (insert_sla, 2, "breach", -1, SQLITE_STATIC);
          sqlite3_bind_int64 (insert_sla, 3, opened + 300 * G_USEC_PER_SEC);
          step (db, insert_sla);
        }
      if (dice == 99)
        {
          sqlite3_bind_text (insert_opt_out, 1, caller, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (insert_opt_out, 2, opened + 400 * G_USEC_PER_SEC);
          step (db, insert_opt_out);
        }
    }

  sqlite3_finalize (insert_case);
  sqlite3_finalize (insert_call);
  sqlite3_finalize (insert_message);
  sqlite3_finalize (insert_event);
  sqlite3_finalize (insert_sla);
  sqlite3_finalize (insert_opt_out);
  exec (db, "INSERT OR REPLACE INTO case_facts SELECT * FROM case_facts_of_record");
  exec (db, triggers);
  exec (db, "COMMIT; ANALYZE; PRAGMA wal_checkpoint(TRUNCATE)");
  sqlite3_close (db);
}

const char redial_bench_history_settings[] =
  "[business]\nname=Bench\ntime-zone=America/Chicago\naverage-job-value=350\n";

char *
redial_bench_history_ensure (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) end_time = g_date_time_new_utc (2026, 12, 31, 0, 0, 0);
  g_autofree char *name = g_strdup_printf ("bench-report-%d.db", redial_sqlite_store_get_latest_version ());
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                            name, NULL);

  /* Generated once per schema and kept in the build folder. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *partial = g_strconcat (path, ".partial", NULL);
      g_autoptr(RedialStore) empty = NULL;
      gint64 began = g_get_monotonic_time ();

      g_unlink (partial);
      empty = redial_store_open (partial, &error);
      g_assert_no_error (error);
      g_clear_object (&empty);
      generate (partial, g_date_time_to_unix (end_time) * G_USEC_PER_SEC);
      g_assert_true (g_rename (partial, path) == 0);
      g_print ("generated %s in %.1f s\n", path, (g_get_monotonic_time () - began) / 1e6);
    }
  return g_steal_pointer (&path);
}
