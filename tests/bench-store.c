/* bench-store.c: 100,000 missed calls through the store, then the open-case queue read back. */
#include "config.h"

#include <glib/gstdio.h>

#include "redial-store.h"
#include "redial-test-util.h"

#define N_CALLS 100000
#define N_CALLERS 25000
#define N_OPEN 500
#define QUERY_RUNS 21

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;
  return (x > y) - (x < y);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("redial-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "redial.db", NULL);
  g_autoptr(RedialStore) store = redial_store_open (path, &error);
  g_autoptr(GPtrArray) calls = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GArray) query_ms = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 start_us = G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC;
  gint64 t0, elapsed;
  guint n_open = 0;

  if (store == NULL)
    g_error ("%s", error->message);

  /* Build the calls first, so only the store is timed. */
  for (guint i = 0; i < N_CALLS; i++)
    {
      g_autofree char *id = g_strdup_printf ("bench-%u", i);
      g_autofree char *caller = g_strdup_printf ("+1312%07u", g_rand_int_range (rand, 0, N_CALLERS));

      g_ptr_array_add (calls, g_object_new (REDIAL_TYPE_CALL,
                                            "provider", "bench",
                                            "provider-call-id", id,
                                            "caller", caller,
                                            "caller-name", "Bench Caller",
                                            "line", "+13125550118",
                                            "line-label", "Main",
                                            "started-at", start_us + (gint64) i * 30 * G_USEC_PER_SEC,
                                            "disposition", REDIAL_DISPOSITION_NO_ANSWER,
                                            NULL));
    }

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < N_CALLS; i++)
    {
      g_autoptr(RedialCase) kase = NULL;

      kase = redial_store_record_call (store, g_ptr_array_index (calls, i), TRUE, NULL, &error);

      if (kase == NULL)
        g_error ("%s", error->message);
    }
  elapsed = g_get_monotonic_time () - t0;
  g_print ("figure store.insert_rate %.0f calls/s\n", N_CALLS / (elapsed / (double) G_USEC_PER_SEC));

  /* A desk's history: all but the newest cases have been worked and closed. */
  {
    g_autoptr(GPtrArray) open = redial_store_list_open_cases (store, &error);

    if (open == NULL)
      g_error ("%s", error->message);
    for (guint i = 0; i + N_OPEN < open->len; i++)
      if (!redial_store_close_case (store, redial_case_get_id (g_ptr_array_index (open, i)), REDIAL_CASE_OUTCOME_BOOKED,
                                    -1, NULL, start_us, NULL, &error))
        g_error ("%s", error->message);
  }

  for (guint run = 0; run < QUERY_RUNS; run++)
    {
      g_autoptr(GPtrArray) open = NULL;
      double ms;

      t0 = g_get_monotonic_time ();
      open = redial_store_list_open_cases (store, &error);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      if (open == NULL)
        g_error ("%s", error->message);
      n_open = open->len;
      g_array_append_val (query_ms, ms);
    }
  g_array_sort (query_ms, compare_doubles);

  g_print ("# %" G_GINT64_FORMAT " calls, %" G_GINT64_FORMAT " cases, %u open; median of %d queue reads\n",
           redial_store_count (store, REDIAL_STORE_COUNT_CALLS), redial_store_count (store, REDIAL_STORE_COUNT_CASES), n_open, QUERY_RUNS);
  g_print ("figure store.queue_query %.3f ms\n", g_array_index (query_ms, double, QUERY_RUNS / 2));

  g_clear_object (&store);
  redial_test_remove_tree (dir);
  return 0;
}
