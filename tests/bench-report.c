/* bench-report.c: the owner's report on three years of history: 1,000,000 calls, 250,000 cases, on SQLite and on PostgreSQL. */
#include "config.h"

#include <libpq-fe.h>
#include <time.h>

#include "pg-harness.h"
#include "redial-bench-history.h"
#include "redial-pg-store.h"
#include "redial-report.h"
#include "redial-test-util.h"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The median of @runs reports of @n_days days each, at days spread over
 * the last year, in milliseconds. */
/* CPU time of this thread, ms: what a report costs when the machine is
 * busy with other work too. */
static double
thread_cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
}

static double
time_reports (RedialStore  *store,
              RedialConfig *config,
              guint         n_days,
              guint         runs,
              double       *cpu_median)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu_times = g_array_new (FALSE, FALSE, sizeof (double));
  GDate first, last;

  for (guint i = 0; i < runs; i++)
    {
      g_autoptr(RedialReport) report = NULL;
      g_autoptr(GError) error = NULL;
      gint64 began;
      double ms, cpu_began, cpu;

      g_date_clear (&first, 1);
      g_date_set_dmy (&first, 1, 1, 2026);
      g_date_add_days (&first, 11 * i % 300);
      last = first;
      g_date_add_days (&last, n_days - 1);

      began = g_get_monotonic_time ();
      cpu_began = thread_cpu_ms ();
      report = redial_report_compute (store, config, &first, &last, &error);
      ms = (g_get_monotonic_time () - began) / 1000.0;
      cpu = thread_cpu_ms () - cpu_began;
      g_array_append_val (cpu_times, cpu);
      g_assert_no_error (error);
      g_assert_cmpuint (redial_report_get_figures (report)->totals.cases, >, 0);
      g_array_append_val (times, ms);
    }

  g_array_sort (times, compare_doubles);
  g_array_sort (cpu_times, compare_doubles);
  *cpu_median = g_array_index (cpu_times, double, cpu_times->len / 2);
  return g_array_index (times, double, times->len / 2);
}

/* The same history on a private PostgreSQL server, copied as `redial
 * --migrate-to` copies it, then vacuumed and analyzed as a server's
 * autovacuum would have it. */
static RedialStore *
open_on_postgresql (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = pg_harness_create_database ();
  g_autoptr(RedialPgStore) store = redial_pg_store_open (url, NULL, &error);
  RedialPgMigration done;
  gint64 began = g_get_monotonic_time ();
  PGconn *conn;

  g_assert_no_error (error);
  g_assert_true (redial_pg_store_import_sqlite (store, path, &done, &error));
  g_assert_no_error (error);
  conn = PQconnectdb (url);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  PQclear (PQexec (conn, "VACUUM ANALYZE"));
  PQfinish (conn);
  g_print ("# copied into PostgreSQL in %.1f s\n", (g_get_monotonic_time () - began) / 1e6);
  return REDIAL_STORE (g_steal_pointer (&store));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialConfig) config = NULL;
  g_autoptr(RedialStore) store = NULL;
  g_autofree char *path = NULL;
  double day, month, day_cpu, month_cpu;

  /* The PostgreSQL harness finds its script as a test does. */
  g_test_init (&argc, &argv, NULL);
  path = redial_bench_history_ensure ();

  config = redial_config_load_from_data (redial_bench_history_settings, "bench", &error);
  g_assert_no_error (error);

  store = redial_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (redial_store_count (store, REDIAL_STORE_COUNT_CALLS), ==, REDIAL_BENCH_HISTORY_CALLS);

  /* Each report is of the period and the same number of days before it. */
  day = time_reports (store, config, 1, 21, &day_cpu);
  month = time_reports (store, config, 30, 11, &month_cpu);
  g_print ("figure report.day %.1f\n", day);
  g_print ("figure report.month %.1f\n", month);
  g_print ("# CPU time (ms), without the wait for a busy machine: report.day %.1f, report.month %.1f\n",
           day_cpu, month_cpu);

  /* The same history on a shared desk's server: the figures come from
   * the server's process too, so this thread's CPU time says little. */
  g_clear_object (&store);
  store = open_on_postgresql (path);
  g_assert_cmpint (redial_store_count (store, REDIAL_STORE_COUNT_CALLS), ==, REDIAL_BENCH_HISTORY_CALLS);
  day = time_reports (store, config, 1, 21, &day_cpu);
  month = time_reports (store, config, 30, 11, &month_cpu);
  g_print ("figure report.pg_day %.1f\n", day);
  g_print ("figure report.pg_month %.1f\n", month);
  return 0;
}
