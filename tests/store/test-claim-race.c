/* test-claim-race.c: Redial processes on one store claim the same fresh cases at once: exactly one wins each time. */
#include "config.h"

#include "racers.h"
#include "redial-store.h"
#include "store-factory.h"

static void
test_claim_race (gconstpointer data)
{
  const Contest *contest = data;
  const StoreFactory *factory = store_factory ();
  g_autoptr(GError) error = NULL;
  gpointer state = factory->create ();
  g_autofree char *location = factory->location (state);
  g_autoptr(RedialStore) store = factory->open (state, &error);
  Racer racers[G_N_ELEMENTS (racer_names)] = { { 0 } };
  guint wins[G_N_ELEMENTS (racer_names)] = { 0 };
  gint64 start = g_get_monotonic_time ();
  guint won = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (contest->n_racers, <=, G_N_ELEMENTS (racer_names));
  for (guint i = 0; i < contest->n_racers; i++)
    racer_start (&racers[i], location, racer_names[i]);

  for (guint round = 0; round < contest->races / contest->batch; round++)
    {
      g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GString) signal = g_string_new (NULL);

      for (guint k = 0; k < contest->batch; k++)
        {
          g_autofree char *id = g_strdup_printf ("race-%u-%u", round, k);
          g_autoptr(RedialCall) call = g_object_new (REDIAL_TYPE_CALL,
                                                     "provider", "test",
                                                     "provider-call-id", id,
                                                     "started-at", g_get_real_time (),
                                                     "disposition", REDIAL_DISPOSITION_NO_ANSWER,
                                                     NULL);
          RedialCase *kase = redial_store_record_call (store, call, TRUE, NULL, &error);

          g_assert_no_error (error);
          g_ptr_array_add (cases, kase);
          g_string_append_printf (signal, "claim %" G_GINT64_FORMAT "\n", redial_case_get_id (kase));
        }

      /* The same lines to each, back to back: they all claim the same fresh cases at once. */
      for (guint i = 0; i < contest->n_racers; i++)
        racer_send (&racers[i], signal->str);

      for (guint k = 0; k < contest->batch; k++)
        {
          RedialCase *kase = g_ptr_array_index (cases, k);
          g_autoptr(RedialCase) claimed = NULL;
          g_autoptr(GPtrArray) timeline = NULL;
          g_autofree char *told = NULL;
          char *answers[G_N_ELEMENTS (racer_names)];
          int winner = -1;

          for (guint i = 0; i < contest->n_racers; i++)
            {
              answers[i] = racer_answer (&racers[i]);
              if (g_str_equal (answers[i], "won"))
                {
                  /* Exactly one won. */
                  g_assert_cmpint (winner, ==, -1);
                  winner = i;
                }
            }
          g_assert_cmpint (winner, >=, 0);
          wins[winner]++;
          won++;

          /* The others were told who. */
          told = g_strdup_printf ("lost %s", racers[winner].name);
          for (guint i = 0; i < contest->n_racers; i++)
            {
              if ((int) i != winner)
                g_assert_cmpstr (answers[i], ==, told);
              g_free (answers[i]);
            }

          claimed = redial_store_get_case (store, redial_case_get_id (kase), &error);
          g_assert_no_error (error);
          g_assert_cmpstr (redial_case_get_owner (claimed), ==, racers[winner].name);
          timeline = redial_store_list_timeline (store, redial_case_get_id (kase), &error);
          g_assert_no_error (error);
          g_assert_cmpuint (timeline->len, ==, 2);
          g_assert_cmpint (redial_timeline_item_get_kind (timeline->pdata[1]), ==, REDIAL_TIMELINE_KIND_CLAIM);
          g_assert_cmpstr (redial_timeline_item_get_actor (timeline->pdata[1]), ==, racers[winner].name);
        }
    }

  g_test_message ("%u races between %u processes on %s in %.2f s", won, contest->n_racers, factory->name,
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  for (guint i = 0; i < contest->n_racers; i++)
    g_test_message ("%s won %u", racers[i].name, wins[i]);
  g_assert_cmpuint (won, ==, contest->races);

  for (guint i = 0; i < contest->n_racers; i++)
    racer_stop (&racers[i]);
  g_clear_object (&store);
  factory->destroy (state);
}

int
main (int   argc,
      char *argv[])
{
  /* Two desks on one SQLite file; ten desks on one PostgreSQL server. */
  static const Contest two_desks = { 2, 1000, 1 };
  static const Contest ten_desks = { 10, 10000, 100 };
  const StoreFactory *factory = store_factory ();
  g_autofree char *path = NULL;

  g_test_init (&argc, &argv, NULL);

  if (g_str_equal (factory->name, "sqlite"))
    path = g_strdup_printf ("/store/%s/claim/race-between-two-processes", factory->name);
  else
    path = g_strdup_printf ("/store/%s/claim/race-between-ten-processes", factory->name);
  g_test_add_data_func (path, g_str_equal (factory->name, "sqlite") ? &two_desks : &ten_desks, test_claim_race);

  return g_test_run ();
}
