/* test-clock.c: the fake clock runs timers in order, at their own times. */
#include "config.h"

#include "redial-fake-clock.h"
#include "redial-real-clock.h"

typedef struct
{
  RedialClock *clock;
  GArray      *seen;   /* gint64: the clock's time when each timer ran */
  guint        runs;
  guint        limit;
} Recorder;

static gboolean
record (gpointer data)
{
  Recorder *r = data;
  gint64 now = redial_clock_now (r->clock);

  g_array_append_val (r->seen, now);
  return ++r->runs < r->limit ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
test_fake_runs_in_order (void)
{
  g_autoptr(RedialClock) clock = redial_fake_clock_new (1000);
  Recorder r = { clock, g_array_new (FALSE, FALSE, sizeof (gint64)), 0, 1 };
  Recorder late = { clock, g_array_new (FALSE, FALSE, sizeof (gint64)), 0, 1 };

  redial_clock_schedule (clock, 500, record, &late, NULL);
  redial_clock_schedule (clock, 200, record, &r, NULL);
  g_assert_cmpint (redial_clock_now (clock), ==, 1000);

  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (clock), 100);
  g_assert_cmpuint (r.seen->len, ==, 0);

  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (clock), 1000);
  g_assert_cmpuint (r.seen->len, ==, 1);
  g_assert_cmpint (g_array_index (r.seen, gint64, 0), ==, 1200);
  g_assert_cmpint (g_array_index (late.seen, gint64, 0), ==, 1500);
  g_assert_cmpint (redial_clock_now (clock), ==, 2100);
  g_assert_cmpuint (redial_fake_clock_get_n_pending (REDIAL_FAKE_CLOCK (clock)), ==, 0);

  g_array_unref (r.seen);
  g_array_unref (late.seen);
}

static void
test_fake_repeats_and_cancels (void)
{
  g_autoptr(RedialClock) clock = redial_fake_clock_new (0);
  Recorder r = { clock, g_array_new (FALSE, FALSE, sizeof (gint64)), 0, 1000 };
  guint id = redial_clock_schedule (clock, G_USEC_PER_SEC, record, &r, NULL);

  /* A simulated day in one call: 86,400 one-second ticks. */
  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (clock), 10 * G_USEC_PER_SEC + 5);
  g_assert_cmpuint (r.seen->len, ==, 10);
  g_assert_cmpint (g_array_index (r.seen, gint64, 9), ==, 10 * G_USEC_PER_SEC);

  redial_clock_clear (clock, &id);
  g_assert_cmpuint (id, ==, 0);
  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (clock), 10 * G_USEC_PER_SEC);
  g_assert_cmpuint (r.seen->len, ==, 10);

  g_array_unref (r.seen);
}

static void
test_date_time (void)
{
  g_autoptr(GTimeZone) chicago = g_time_zone_new_identifier ("America/Chicago");
  /* 2026-11-26 21:14:05.5 UTC */
  g_autoptr(GDateTime) when = redial_clock_date_time (G_GINT64_CONSTANT (1795727645500000), chicago);

  g_assert_nonnull (chicago);
  g_assert_cmpint (g_date_time_get_hour (when), ==, 15);
  g_assert_cmpint (g_date_time_get_minute (when), ==, 14);
  g_assert_cmpint (g_date_time_get_microsecond (when), ==, 500000);
}

static void
test_real_clock_cancel_after_run (void)
{
  g_autoptr(RedialClock) clock = redial_real_clock_new ();
  Recorder r = { clock, g_array_new (FALSE, FALSE, sizeof (gint64)), 0, 1 };
  guint id = redial_clock_schedule (clock, 0, record, &r, NULL);

  while (r.runs == 0)
    g_main_context_iteration (NULL, TRUE);

  /* The timer has run out: cancelling it must be harmless. */
  redial_clock_cancel (clock, id);
  g_assert_cmpuint (r.seen->len, ==, 1);
  g_assert_cmpint (ABS (g_array_index (r.seen, gint64, 0) - g_get_real_time ()), <, 10 * G_USEC_PER_SEC);

  g_array_unref (r.seen);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/clock/fake/runs-in-order", test_fake_runs_in_order);
  g_test_add_func ("/clock/fake/repeats-and-cancels", test_fake_repeats_and_cancels);
  g_test_add_func ("/clock/date-time-in-zone", test_date_time);
  g_test_add_func ("/clock/real/cancel-after-run", test_real_clock_cancel_after_run);

  return g_test_run ();
}
