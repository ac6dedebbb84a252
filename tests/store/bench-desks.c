/* bench-desks.c: how soon a claim on one desk shows on another sharing the PostgreSQL store. */
#include "config.h"

#include <stdio.h>

#include "pg-harness.h"
#include "redial-pg-store.h"

#define ROUNDS 200

typedef struct
{
  gint64 waiting_for;
  gint64 seen_at;
} Watch;

static void
on_case_changed (RedialStore *store,
                 gint64       case_id,
                 gpointer     user_data)
{
  Watch *watch = user_data;

  if (case_id == watch->waiting_for && watch->seen_at == 0)
    watch->seen_at = g_get_monotonic_time ();
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Two desks, each its own connection: one claims a fresh case, the other
 * follows the store on this main loop until the claim reaches it. Prints
 * figure desks.claim_visible_ms (the median) and its 95th percentile. */
int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autoptr(RedialPgStore) here = NULL;
  g_autoptr(RedialPgStore) there = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  Watch watch = { 0 };

  /* The harness finds its script as a test does. */
  g_test_init (&argc, &argv, NULL);
  url = pg_harness_create_database ();
  here = redial_pg_store_open (url, NULL, &error);
  g_assert_no_error (error);
  there = redial_pg_store_open (url, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (redial_pg_store_listen (there, &error));
  g_signal_connect (there, "case-changed", G_CALLBACK (on_case_changed), &watch);

  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autofree char *id = g_strdup_printf ("bench-%u", round);
      g_autoptr(RedialCall) call = g_object_new (REDIAL_TYPE_CALL,
                                                 "provider", "bench",
                                                 "provider-call-id", id,
                                                 "caller", NULL,
                                                 "started-at", g_get_real_time (),
                                                 "disposition", REDIAL_DISPOSITION_NO_ANSWER,
                                                 NULL);
      g_autoptr(RedialCase) kase = redial_store_record_call (REDIAL_STORE (here), call, TRUE, NULL, &error);
      gint64 start;
      double ms;

      g_assert_no_error (error);
      /* The other desk hears of the new case first: not what is timed. */
      watch.waiting_for = redial_case_get_id (kase);
      watch.seen_at = 0;
      while (watch.seen_at == 0)
        g_main_context_iteration (NULL, TRUE);

      watch.seen_at = 0;
      start = g_get_monotonic_time ();
      g_assert_true (redial_store_claim_case (REDIAL_STORE (here), watch.waiting_for, "Dana", FALSE,
                                              g_get_real_time (), NULL, NULL, &error));
      while (watch.seen_at == 0)
        g_main_context_iteration (NULL, TRUE);
      ms = (watch.seen_at - start) / 1000.0;
      g_array_append_val (times, ms);
    }

  g_array_sort (times, compare_doubles);
  printf ("figure desks.claim_visible_ms %.2f ms\n", g_array_index (times, double, ROUNDS / 2));
  printf ("figure desks.claim_visible_p95_ms %.2f ms\n", g_array_index (times, double, ROUNDS * 95 / 100));

  g_clear_object (&here);
  g_clear_object (&there);
  pg_harness_drop_database (url);
  return 0;
}
