/* test-hours.c: business hours: split shifts, holidays, time zones across DST. */
#include "config.h"

#include "redial-hours.h"

static GTimeZone *
zone (const char *name)
{
  GTimeZone *tz = g_time_zone_new_identifier (name);
  g_assert_nonnull (tz);
  return tz;
}

/* Unix µs of a local time in @tz. */
static gint64
at (GTimeZone *tz,
    int        year,
    int        month,
    int        day,
    int        hour,
    int        minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new (tz, year, month, day, hour, minute, 0);
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

#define MINUTES(n) ((gint64) (n) * 60 * G_USEC_PER_SEC)

static RedialHours *
plumber_hours (GTimeZone *tz)
{
  g_autoptr(GError) error = NULL;
  RedialHours *hours = redial_hours_new (tz);

  /* A lunch break on weekdays, a short Saturday, closed on Sunday. */
  for (GDateWeekday day = G_DATE_MONDAY; day <= G_DATE_FRIDAY; day++)
    g_assert_true (redial_hours_set_day (hours, day, "08:00-12:00, 13:00-17:00", &error));
  g_assert_true (redial_hours_set_day (hours, G_DATE_SATURDAY, "09:00-12:00", &error));
  g_assert_true (redial_hours_set_day (hours, G_DATE_SUNDAY, "closed", &error));
  g_assert_no_error (error);
  return hours;
}

static void
test_split_shift (void)
{
  g_autoptr(GTimeZone) tz = zone ("America/Chicago");
  g_autoptr(RedialHours) hours = plumber_hours (tz);

  /* Wednesday 2026-11-25. */
  g_assert_false (redial_hours_is_open (hours, at (tz, 2026, 11, 25, 7, 59)));
  g_assert_true (redial_hours_is_open (hours, at (tz, 2026, 11, 25, 8, 0)));
  g_assert_true (redial_hours_is_open (hours, at (tz, 2026, 11, 25, 11, 59)));
  g_assert_false (redial_hours_is_open (hours, at (tz, 2026, 11, 25, 12, 30)));
  g_assert_cmpint (redial_hours_next_opening (hours, at (tz, 2026, 11, 25, 12, 30)), ==,
                   at (tz, 2026, 11, 25, 13, 0));
  g_assert_false (redial_hours_is_open (hours, at (tz, 2026, 11, 25, 17, 0)));

  /* Two hours of open time from 11:00 end at 14:00: lunch does not count. */
  g_assert_cmpint (redial_hours_add_open_time (hours, at (tz, 2026, 11, 25, 11, 0), MINUTES (120)), ==,
                   at (tz, 2026, 11, 25, 14, 0));
  g_assert_cmpint (redial_hours_open_between (hours, at (tz, 2026, 11, 25, 11, 0),
                                              at (tz, 2026, 11, 25, 14, 0)), ==, MINUTES (120));
}

static void
test_friday_night_call (void)
{
  g_autoptr(GTimeZone) tz = zone ("America/Chicago");
  g_autoptr(RedialHours) hours = plumber_hours (tz);
  g_autoptr(GError) error = NULL;
  gint64 friday_night = at (tz, 2026, 11, 27, 21, 14);

  g_assert_true (redial_hours_set_day (hours, G_DATE_SATURDAY, "closed", &error));

  /* A call at 21:14 on Friday starts its clock at Monday's opening. */
  g_assert_cmpint (redial_hours_next_opening (hours, friday_night), ==, at (tz, 2026, 11, 30, 8, 0));
  g_assert_cmpint (redial_hours_open_between (hours, friday_night, at (tz, 2026, 11, 30, 8, 0)), ==, 0);
  /* Five minutes of response time run out at 08:05 on Monday. */
  g_assert_cmpint (redial_hours_add_open_time (hours, friday_night, MINUTES (5)), ==,
                   at (tz, 2026, 11, 30, 8, 5));
}

static void
test_holiday (void)
{
  g_autoptr(GTimeZone) tz = zone ("America/Chicago");
  g_autoptr(RedialHours) hours = plumber_hours (tz);
  g_autoptr(GError) error = NULL;

  g_assert_true (redial_hours_set_holiday (hours, "2026-12-25", "closed", &error));
  g_assert_true (redial_hours_set_holiday (hours, "2026-12-24", "09:00-12:00", &error));
  g_assert_no_error (error);

  g_assert_false (redial_hours_is_open (hours, at (tz, 2026, 12, 24, 8, 30)));
  g_assert_true (redial_hours_is_open (hours, at (tz, 2026, 12, 24, 9, 30)));
  g_assert_false (redial_hours_is_open (hours, at (tz, 2026, 12, 24, 14, 0)));
  g_assert_false (redial_hours_is_open (hours, at (tz, 2026, 12, 25, 10, 0)));
  /* Christmas Eve noon to the next Saturday morning. */
  g_assert_cmpint (redial_hours_next_opening (hours, at (tz, 2026, 12, 24, 12, 0)), ==,
                   at (tz, 2026, 12, 26, 9, 0));

  g_assert_false (redial_hours_set_holiday (hours, "2026-02-30", "closed", &error));
  g_assert_error (error, REDIAL_HOURS_ERROR, REDIAL_HOURS_ERROR_INVALID);
}

static void
test_dst_change (void)
{
  g_autoptr(GTimeZone) tz = zone ("America/Chicago");
  g_autoptr(RedialHours) hours = redial_hours_new_always_open (tz);
  g_autoptr(RedialHours) office = plumber_hours (tz);

  /* Sunday 2026-03-08 has 23 hours in Chicago, Sunday 2026-11-01 has 25. */
  g_assert_cmpint (redial_hours_open_between (hours, at (tz, 2026, 3, 8, 0, 0), at (tz, 2026, 3, 9, 0, 0)), ==,
                   MINUTES (23 * 60));
  g_assert_cmpint (redial_hours_open_between (hours, at (tz, 2026, 11, 1, 0, 0), at (tz, 2026, 11, 2, 0, 0)), ==,
                   MINUTES (25 * 60));

  /* Monday after the change still opens at 08:00 local time, now UTC-5. */
  g_assert_cmpint (redial_hours_next_opening (office, at (tz, 2026, 3, 7, 13, 0)), ==,
                   at (tz, 2026, 3, 9, 8, 0));
  g_assert_cmpint (at (tz, 2026, 3, 9, 8, 0) / G_USEC_PER_SEC % 86400, ==, 13 * 3600);
  /* Friday before it was UTC-6. */
  g_assert_cmpint (at (tz, 2026, 3, 6, 8, 0) / G_USEC_PER_SEC % 86400, ==, 14 * 3600);
  g_assert_cmpint (redial_hours_open_between (office, at (tz, 2026, 3, 6, 16, 0), at (tz, 2026, 3, 9, 9, 0)), ==,
                   MINUTES (60 + 3 * 60 + 60));
}

/* A Sunday period on the days the clocks change opens at its local time,
 * and holds its three hours. */
static void
test_dst_sunday_period (void)
{
  g_autoptr(GTimeZone) tz = zone ("America/Chicago");
  g_autoptr(RedialHours) hours = redial_hours_new (tz);
  static const int days[][2] = { { 3, 8 }, { 11, 1 } };

  g_assert_true (redial_hours_set_day (hours, G_DATE_SUNDAY, "09:00-12:00", NULL));
  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      gint64 midnight = at (tz, 2026, days[i][0], days[i][1], 0, 0);
      gint64 nine = at (tz, 2026, days[i][0], days[i][1], 9, 0);
      gint64 next_midnight = at (tz, 2026, days[i][0], days[i][1] + 1, 0, 0);

      g_assert_cmpint (redial_hours_next_opening (hours, midnight), ==, nine);
      g_assert_false (redial_hours_is_open (hours, nine - 1));
      g_assert_true (redial_hours_is_open (hours, nine));
      g_assert_cmpint (redial_hours_open_between (hours, midnight, next_midnight), ==, MINUTES (180));
      g_assert_cmpint (redial_hours_add_open_time (hours, midnight, MINUTES (180)), ==,
                       at (tz, 2026, days[i][0], days[i][1], 12, 0));
    }
}

/* Open time that ends exactly at closing ends there, not at the next opening. */
static void
test_deadline_at_closing (void)
{
  g_autoptr(GTimeZone) tz = zone ("America/Chicago");
  g_autoptr(RedialHours) hours = plumber_hours (tz);

  g_assert_cmpint (redial_hours_add_open_time (hours, at (tz, 2026, 11, 25, 11, 55), MINUTES (5)), ==,
                   at (tz, 2026, 11, 25, 12, 0));
  g_assert_cmpint (redial_hours_add_open_time (hours, at (tz, 2026, 11, 25, 11, 55), MINUTES (6)), ==,
                   at (tz, 2026, 11, 25, 13, 1));
}

static void
test_bad_specs (void)
{
  g_autoptr(GTimeZone) tz = zone ("UTC");
  g_autoptr(RedialHours) hours = redial_hours_new (tz);
  static const char * const bad[] = {
    "8-5", "17:00-08:00", "08:00-12:00, 11:00-13:00", "25:00-26:00", "08:60-09:00", "open", "08:00-",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (redial_hours_set_day (hours, G_DATE_MONDAY, bad[i], &error));
      g_assert_error (error, REDIAL_HOURS_ERROR, REDIAL_HOURS_ERROR_INVALID);
    }

  g_assert_true (redial_hours_set_day (hours, G_DATE_MONDAY, "00:00-24:00", NULL));
  g_assert_cmpint (redial_hours_next_opening (redial_hours_new (tz), 0), ==, G_MAXINT64);
}

/* When a date closes: its last period's end, a holiday's own, none for
 * a closed day, midnight for 24 hours. */
static void
test_closing_time (void)
{
  g_autoptr(GTimeZone) tz = zone ("America/Chicago");
  g_autoptr(RedialHours) hours = plumber_hours (tz);
  g_autoptr(GError) error = NULL;
  GDate date;

  g_assert_true (redial_hours_set_holiday (hours, "2026-12-24", "09:00-12:30", &error));
  g_assert_true (redial_hours_set_holiday (hours, "2026-12-25", "closed", &error));
  g_assert_true (redial_hours_set_day (hours, G_DATE_SUNDAY, "24h", &error));
  g_assert_no_error (error);

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 23, 12, 2026);
  g_assert_cmpint (redial_hours_closing_time (hours, &date), ==, at (tz, 2026, 12, 23, 17, 0));
  g_date_set_dmy (&date, 24, 12, 2026);
  g_assert_cmpint (redial_hours_closing_time (hours, &date), ==, at (tz, 2026, 12, 24, 12, 30));
  g_date_set_dmy (&date, 25, 12, 2026);
  g_assert_cmpint (redial_hours_closing_time (hours, &date), ==, 0);
  g_date_set_dmy (&date, 27, 12, 2026);
  g_assert_cmpint (redial_hours_closing_time (hours, &date), ==, at (tz, 2026, 12, 28, 0, 0));
}

static void
test_describe (void)
{
  g_autoptr(GTimeZone) tz = zone ("America/Chicago");
  g_autoptr(RedialHours) hours = plumber_hours (tz);
  g_autofree char *text = redial_hours_describe (hours);

  g_assert_cmpstr (text, ==, "Mon–Fri 08:00–12:00, 13:00–17:00, Sat 09:00–12:00");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hours/split-shift", test_split_shift);
  g_test_add_func ("/hours/friday-night-call-waits-for-monday", test_friday_night_call);
  g_test_add_func ("/hours/holiday", test_holiday);
  g_test_add_func ("/hours/closing-time", test_closing_time);
  g_test_add_func ("/hours/dst-change", test_dst_change);
  g_test_add_func ("/hours/dst-sunday-period", test_dst_sunday_period);
  g_test_add_func ("/hours/deadline-at-closing", test_deadline_at_closing);
  g_test_add_func ("/hours/bad-specs", test_bad_specs);
  g_test_add_func ("/hours/describe", test_describe);

  return g_test_run ();
}
