/* test-booking-race.c: Redial processes on one store book and hold the same resource's time at once: exactly one wins each time. */
#include "config.h"

#include "racers.h"
#include "redial-store.h"
#include "store-factory.h"

#define MINUTES(n) ((gint64) (n) * 60 * G_USEC_PER_SEC)
/* Tuesday 2026-12-01 07:00 UTC: every desk's now; the slots come after it. */
#define NOW ((gint64) 1796108400 * G_USEC_PER_SEC)

/* What race @race is: every desk books, every desk holds, or the even
 * desks hold while the odd ones book (a hold and a booking block each
 * other). */
static gboolean
books (guint race,
       guint racer)
{
  switch (race % 3)
    {
    case 0: return TRUE;
    case 1: return FALSE;
    default: return racer % 2 == 1;
    }
}

/* Each desk's slot of a race: two hours on the race's own resource,
 * starting ten minutes after the previous desk's, so that every two
 * overlap (and none is the same). */
static void
append_line (GString *lines,
             guint    race,
             guint    racer,
             gint64   case_id)
{
  gint64 start = NOW + MINUTES (60 + 10 * racer);
  gint64 end = start + MINUTES (120);

  if (books (race, racer))
    g_string_append_printf (lines, "book %" G_GINT64_FORMAT " race-%u %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                            " %" G_GINT64_FORMAT "\n", case_id, race, start, end, NOW);
  else
    g_string_append_printf (lines, "hold %" G_GINT64_FORMAT " race-%u %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                            " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", case_id, race, start, end, NOW,
                            NOW + MINUTES (30));
}

/* No two booked appointments of @booked (ordered by start) overlap on a resource. */
static void
assert_no_double_booking (GPtrArray *booked)
{
  g_autoptr(GHashTable) last_end = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  for (guint i = 0; i < booked->len; i++)
    {
      RedialAppointment *appointment = g_ptr_array_index (booked, i);
      const char *resource = redial_appointment_get_resource (appointment);
      gint64 *end = g_hash_table_lookup (last_end, resource);

      if (end != NULL)
        g_assert_cmpint (redial_appointment_get_start (appointment), >=, *end);
      end = g_new (gint64, 1);
      *end = redial_appointment_get_end (appointment);
      g_hash_table_insert (last_end, (gpointer) resource, end);
    }
}

static void
test_booking_race (gconstpointer data)
{
  const Contest *contest = data;
  const StoreFactory *factory = store_factory ();
  g_autoptr(GError) error = NULL;
  gpointer state = factory->create ();
  g_autofree char *location = factory->location (state);
  g_autoptr(RedialStore) store = factory->open (state, &error);
  g_autoptr(GPtrArray) booked = NULL;
  g_autoptr(GPtrArray) held = NULL;
  Racer racers[G_N_ELEMENTS (racer_names)] = { { 0 } };
  gint64 cases[G_N_ELEMENTS (racer_names)];
  guint wins[G_N_ELEMENTS (racer_names)] = { 0 };
  gint64 start = g_get_monotonic_time ();
  guint won_bookings = 0, won_holds = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (contest->n_racers, <=, G_N_ELEMENTS (racer_names));
  /* Each desk books for its own caller's case. */
  for (guint i = 0; i < contest->n_racers; i++)
    {
      g_autofree char *caller = g_strdup_printf ("+1312555010%u", i);
      g_autoptr(RedialCase) kase = redial_store_open_case (store, caller, NOW - MINUTES (60), &error);

      g_assert_no_error (error);
      cases[i] = redial_case_get_id (kase);
      racer_start (&racers[i], location, racer_names[i]);
    }

  for (guint round = 0; round < contest->races / contest->batch; round++)
    {
      for (guint i = 0; i < contest->n_racers; i++)
        {
          g_autoptr(GString) lines = g_string_new (NULL);

          for (guint k = 0; k < contest->batch; k++)
            append_line (lines, round * contest->batch + k, i, cases[i]);
          racer_send (&racers[i], lines->str);
        }

      for (guint k = 0; k < contest->batch; k++)
        {
          guint race = round * contest->batch + k;
          int winner = -1;

          for (guint i = 0; i < contest->n_racers; i++)
            {
              g_autofree char *answer = racer_answer (&racers[i]);

              if (g_str_equal (answer, "won"))
                {
                  /* Exactly one won … */
                  g_assert_cmpint (winner, ==, -1);
                  winner = i;
                }
              else
                /* … and the others were told the time is taken. */
                g_assert_cmpstr (answer, ==, "overlap");
            }
          g_assert_cmpint (winner, >=, 0);
          wins[winner]++;
          if (books (race, winner))
            won_bookings++;
          else
            won_holds++;
        }
    }

  g_test_message ("%u races between %u processes on %s in %.2f s (%u booked, %u held)",
                  contest->races, contest->n_racers, factory->name,
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC, won_bookings, won_holds);
  for (guint i = 0; i < contest->n_racers; i++)
    g_test_message ("%s won %u", racers[i].name, wins[i]);

  /* What the store keeps is what the desks were told. */
  booked = redial_store_list_appointments (store, NOW, NOW + MINUTES (24 * 60), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (booked->len, ==, won_bookings);
  assert_no_double_booking (booked);
  held = redial_store_list_holds (store, NOW, NOW + MINUTES (24 * 60), NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (held->len, ==, won_holds);

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
  static const Contest two_desks = { 2, 300, 1 };
  static const Contest ten_desks = { 10, 1500, 50 };
  const StoreFactory *factory = store_factory ();
  gboolean sqlite = g_str_equal (factory->name, "sqlite");
  g_autofree char *path = NULL;

  g_test_init (&argc, &argv, NULL);

  path = g_strdup_printf ("/store/%s/booking/race-between-%s-processes", factory->name, sqlite ? "two" : "ten");
  g_test_add_data_func (path, sqlite ? &two_desks : &ten_desks, test_booking_race);

  return g_test_run ();
}
