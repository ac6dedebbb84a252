/* test-claim-race.c: two Redial processes on one database claim the same fresh case, a thousand times: exactly one wins each time. */
#include "config.h"

#include "redial-store.h"
#include "redial-test-util.h"

#define ROUNDS 1000

typedef struct
{
  GSubprocess      *process;
  GOutputStream    *in;
  GDataInputStream *out;
  const char       *name;
} Racer;

static void
racer_start (Racer      *racer,
             const char *path,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "store", "claim-racer", NULL);
  g_autofree char *ready = NULL;

  racer->name = name;
  racer->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                     helper, path, name, NULL);
  g_assert_no_error (error);
  racer->in = g_subprocess_get_stdin_pipe (racer->process);
  racer->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (racer->process));
  ready = g_data_input_stream_read_line_utf8 (racer->out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ready, ==, "ready");
}

static void
racer_stop (Racer *racer)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_close (racer->in, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (racer->process, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&racer->out);
  g_clear_object (&racer->process);
}

static char *
racer_answer (Racer *racer)
{
  g_autoptr(GError) error = NULL;
  char *answer = g_data_input_stream_read_line_utf8 (racer->out, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (answer);
  return answer;
}

static void
test_claim_race (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = redial_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "redial.db", NULL);
  g_autoptr(RedialStore) store = redial_store_open (path, &error);
  Racer racers[2] = { { 0 } };
  guint wins[2] = { 0, 0 };
  gint64 start = g_get_monotonic_time ();

  g_assert_no_error (error);
  racer_start (&racers[0], path, "Dana");
  racer_start (&racers[1], path, "Luis");

  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autofree char *id = g_strdup_printf ("race-%u", round);
      g_autofree char *signal = NULL;
      g_autoptr(RedialCall) call = g_object_new (REDIAL_TYPE_CALL,
                                                 "provider", "test",
                                                 "provider-call-id", id,
                                                 "started-at", g_get_real_time (),
                                                 "disposition", REDIAL_DISPOSITION_NO_ANSWER,
                                                 NULL);
      g_autoptr(RedialCase) kase = redial_store_record_call (store, call, TRUE, NULL, &error);
      g_autoptr(RedialCase) claimed = NULL;
      g_autoptr(GPtrArray) timeline = NULL;
      char *answers[2];
      int winner;

      g_assert_no_error (error);
      /* One line to each, back to back: both claim the same fresh case at once. */
      signal = g_strdup_printf ("%" G_GINT64_FORMAT "\n", redial_case_get_id (kase));
      for (guint i = 0; i < 2; i++)
        {
          g_output_stream_write_all (racers[i].in, signal, strlen (signal), NULL, NULL, &error);
          g_assert_no_error (error);
        }
      for (guint i = 0; i < 2; i++)
        answers[i] = racer_answer (&racers[i]);

      /* Exactly one won, and the other was told who. */
      winner = g_str_equal (answers[0], "won") ? 0 : 1;
      g_assert_cmpstr (answers[winner], ==, "won");
      {
        g_autofree char *told = g_strdup_printf ("lost %s", racers[winner].name);
        g_assert_cmpstr (answers[1 - winner], ==, told);
      }
      wins[winner]++;

      claimed = redial_store_get_case (store, redial_case_get_id (kase), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (redial_case_get_owner (claimed), ==, racers[winner].name);
      timeline = redial_store_list_timeline (store, redial_case_get_id (kase), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (timeline->len, ==, 2);
      g_assert_cmpint (redial_timeline_item_get_kind (timeline->pdata[1]), ==, REDIAL_TIMELINE_KIND_CLAIM);
      g_assert_cmpstr (redial_timeline_item_get_actor (timeline->pdata[1]), ==, racers[winner].name);

      g_free (answers[0]);
      g_free (answers[1]);
    }

  g_test_message ("%u rounds in %.2f s: Dana won %u, Luis %u", ROUNDS,
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC, wins[0], wins[1]);
  g_assert_cmpuint (wins[0] + wins[1], ==, ROUNDS);

  racer_stop (&racers[0]);
  racer_stop (&racers[1]);
  g_clear_object (&store);
  redial_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/claim/race-between-two-processes", test_claim_race);

  return g_test_run ();
}
