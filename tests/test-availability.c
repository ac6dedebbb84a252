/* test-availability.c: the booking rules (each refusal, split hours, buffers, notice, holds) and slot finding across DST days. */
#include "config.h"

#include "redial-availability.h"
#include "redial-fake-clock.h"

#define MINUTES(n) ((gint64) (n) * 60 * G_USEC_PER_SEC)

typedef struct
{
  GTimeZone          *tz;
  GPtrArray          *resources;
  GPtrArray          *job_types;
  GPtrArray          *appointments;
  GPtrArray          *holds;
  RedialAvailability *availability;
} Fixture;

/* Unix µs of a local time in New York. */
static gint64
ny (Fixture *f,
    int      year,
    int      month,
    int      day,
    int      hour,
    int      minute)
{
  g_autoptr(GDateTime) time = g_date_time_new (f->tz, year, month, day, hour, minute, 0);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

/* A slot's start as "2026-12-07 13:00" in New York. */
static char *
local (Fixture *f,
       gint64   at)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at / G_USEC_PER_SEC);
  g_autoptr(GDateTime) time = g_date_time_to_timezone (utc, f->tz);

  return g_date_time_format (time, "%Y-%m-%d %H:%M");
}

static void
add_resource (Fixture            *f,
              const char         *name,
              const char * const *jobs,
              GDateWeekday        first,
              GDateWeekday        last,
              guint               start,
              guint               end)
{
  RedialResource *resource = redial_resource_new (name, jobs);

  for (GDateWeekday day = first; day <= last; day++)
    g_assert_true (redial_resource_add_hours (resource, day, start, end));
  g_ptr_array_add (f->resources, resource);
}

static void
rebuild (Fixture *f,
         gint64   notice,
         gint64   buffer)
{
  g_clear_object (&f->availability);
  f->availability = redial_availability_new (f->resources, f->job_types, f->tz, notice, buffer);
  redial_availability_set_calendar (f->availability, f->appointments, f->holds);
}

static RedialAppointment *
booked (Fixture    *f,
        gint64      id,
        const char *resource,
        gint64      start,
        gint64      end)
{
  RedialAppointment *appointment = redial_appointment_new (100 + id, resource, "drain cleaning", start, end);

  redial_appointment_set_id (appointment, id);
  g_ptr_array_add (f->appointments, appointment);
  return appointment;
}

/* Joe cleans drains Mon–Fri 8–12 and 13–17 and Saturday mornings; Ann
 * fits water heaters Mon–Fri 8–17. */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  static const char * const drains[] = { "drain cleaning", NULL };
  static const char * const heaters[] = { "water heater", NULL };
  RedialResource *joe;

  f->tz = g_time_zone_new_identifier ("America/New_York");
  g_assert_nonnull (f->tz);
  f->resources = g_ptr_array_new_with_free_func (g_object_unref);
  f->job_types = g_ptr_array_new_with_free_func (g_object_unref);
  f->appointments = g_ptr_array_new_with_free_func (g_object_unref);
  f->holds = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (f->job_types, redial_job_type_new ("drain cleaning", MINUTES (120), MINUTES (120)));
  g_ptr_array_add (f->job_types, redial_job_type_new ("water heater", MINUTES (60), 0));
  add_resource (f, "Joe", drains, G_DATE_MONDAY, G_DATE_FRIDAY, 8 * 60, 12 * 60);
  joe = g_ptr_array_index (f->resources, 0);
  for (GDateWeekday day = G_DATE_MONDAY; day <= G_DATE_FRIDAY; day++)
    g_assert_true (redial_resource_add_hours (joe, day, 13 * 60, 17 * 60));
  g_assert_true (redial_resource_add_hours (joe, G_DATE_SATURDAY, 9 * 60, 13 * 60));
  add_resource (f, "Ann", heaters, G_DATE_MONDAY, G_DATE_FRIDAY, 8 * 60, 17 * 60);
  rebuild (f, MINUTES (120), MINUTES (30));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->availability);
  g_ptr_array_unref (f->resources);
  g_ptr_array_unref (f->job_types);
  g_ptr_array_unref (f->appointments);
  g_ptr_array_unref (f->holds);
  g_time_zone_unref (f->tz);
}

static void
assert_check (Fixture                  *f,
              const char               *resource,
              const char               *job_type,
              gint64                    start,
              gint64                    end,
              gint64                    appointment_id,
              gint64                    case_id,
              gint64                    now,
              RedialAvailabilityVerdict expected,
              const char               *sentence)
{
  g_autofree char *reason = NULL;
  RedialAvailabilityVerdict verdict = redial_availability_check (f->availability, resource, job_type, start, end,
                                                                 appointment_id, case_id, now, &reason);

  g_assert_cmpint (verdict, ==, expected);
  g_assert_cmpstr (reason, ==, sentence);
}

/* Monday 7 December 2026, seen on Sunday evening. */
#define MON(h, m) ny (f, 2026, 12, 7, h, m)
#define SUNDAY_EVENING ny (f, 2026, 12, 6, 19, 0)

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  gint64 now = SUNDAY_EVENING;

  booked (f, 1, "Joe", MON (9, 0), MON (11, 0));
  rebuild (f, MINUTES (120), MINUTES (30));

  assert_check (f, "Joe", "drain cleaning", MON (13, 0), MON (15, 0), 0, 7, now,
                REDIAL_AVAILABILITY_OK, NULL);
  assert_check (f, "Joe", "drain cleaning", MON (10, 0), MON (12, 0), 0, 7, now,
                REDIAL_AVAILABILITY_OVERLAP, "Overlaps Joe 9:00–11:00");
  assert_check (f, "Joe", "drain cleaning", MON (11, 15), MON (12, 0), 0, 7, now,
                REDIAL_AVAILABILITY_BUFFER, "Within Joe’s 30-minute buffer after 11:00");
  assert_check (f, "Joe", "drain cleaning", MON (8, 0), MON (8, 45), 0, 7, now,
                REDIAL_AVAILABILITY_BUFFER, "Within Joe’s 30-minute buffer before 9:00");
  /* Across the lunch break, and on a Sunday. */
  assert_check (f, "Joe", "drain cleaning", MON (11, 30), MON (13, 30), 0, 7, now,
                REDIAL_AVAILABILITY_OUTSIDE_HOURS, "Outside Joe’s hours");
  assert_check (f, "Joe", "drain cleaning", ny (f, 2026, 12, 13, 9, 0), ny (f, 2026, 12, 13, 11, 0), 0, 7, now,
                REDIAL_AVAILABILITY_OUTSIDE_HOURS, "Outside Joe’s hours");
  assert_check (f, "Joe", "drain cleaning", MON (13, 0), MON (15, 0), 0, 7, MON (12, 0),
                REDIAL_AVAILABILITY_TOO_SOON, "Too soon: 2 hours’ notice needed");
  assert_check (f, "Joe", "water heater", MON (13, 0), MON (14, 0), 0, 7, now,
                REDIAL_AVAILABILITY_WRONG_JOB, "Joe does not do water heater");
  assert_check (f, "Bob", NULL, MON (13, 0), MON (14, 0), 0, 7, now,
                REDIAL_AVAILABILITY_UNKNOWN_RESOURCE, "Nobody named Bob takes bookings");

  /* Moving the booking itself an hour later overlaps nothing. */
  assert_check (f, "Joe", "drain cleaning", MON (10, 0), MON (12, 0), 1, 101, now,
                REDIAL_AVAILABILITY_OK, NULL);

  /* Notice in minutes reads in minutes. */
  rebuild (f, MINUTES (45), 0);
  assert_check (f, "Joe", NULL, MON (13, 0), MON (14, 0), 0, 7, MON (12, 30),
                REDIAL_AVAILABILITY_TOO_SOON, "Too soon: 45 minutes’ notice needed");
  assert_check (f, "Joe", NULL, MON (11, 0), MON (12, 0), 0, 7, now, REDIAL_AVAILABILITY_OK, NULL);
}

static void
test_holds (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(RedialClock) clock = redial_fake_clock_new (SUNDAY_EVENING);
  RedialFakeClock *fake = REDIAL_FAKE_CLOCK (clock);
  g_autoptr(GPtrArray) slots = NULL;
  RedialSlot *slot;
  g_autofree char *first = NULL;

  /* Case 2 was offered Ann's first hour on Monday, held for 30 minutes. */
  g_ptr_array_add (f->holds, redial_hold_new (2, "Ann", MON (8, 0), MON (9, 0),
                                              redial_clock_now (clock) + MINUTES (30)));
  rebuild (f, MINUTES (120), 0);

  assert_check (f, "Ann", "water heater", MON (8, 0), MON (9, 0), 0, 7, redial_clock_now (clock),
                REDIAL_AVAILABILITY_HELD, "Held for another caller: Ann 8:00–9:00");
  assert_check (f, "Ann", "water heater", MON (8, 0), MON (9, 0), 0, 2, redial_clock_now (clock),
                REDIAL_AVAILABILITY_OK, NULL);
  slots = redial_availability_find (f->availability, "water heater", NULL, 1, 7, redial_clock_now (clock));
  g_assert_cmpuint (slots->len, ==, 1);
  first = local (f, ((RedialSlot *) g_ptr_array_index (slots, 0))->start);
  g_assert_cmpstr (first, ==, "2026-12-07 09:00");
  g_clear_pointer (&slots, g_ptr_array_unref);
  g_clear_pointer (&first, g_free);

  /* Half an hour on, the hold has lapsed: the hour is free again. */
  redial_fake_clock_advance (fake, MINUTES (30));
  assert_check (f, "Ann", "water heater", MON (8, 0), MON (9, 0), 0, 7, redial_clock_now (clock),
                REDIAL_AVAILABILITY_OK, NULL);
  slots = redial_availability_find (f->availability, "water heater", NULL, 1, 7, redial_clock_now (clock));
  slot = g_ptr_array_index (slots, 0);
  first = local (f, slot->start);
  g_assert_cmpstr (first, ==, "2026-12-07 08:00");
  g_assert_cmpstr (slot->resource, ==, "Ann");
  g_assert_cmpint (slot->end - slot->start, ==, MINUTES (60));
}

/* The starts of @slots as "HH:MM Resource", comma-separated. */
static char *
describe (Fixture   *f,
          GPtrArray *slots)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < slots->len; i++)
    {
      RedialSlot *slot = g_ptr_array_index (slots, i);
      g_autofree char *start = local (f, slot->start);

      g_string_append_printf (text, "%s%s %s", i > 0 ? ", " : "", start, slot->resource);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
assert_found (Fixture                *f,
              const char             *job_type,
              const RedialSlotWindow *window,
              guint                   n_slots,
              gint64                  now,
              const char             *expected)
{
  g_autoptr(GPtrArray) slots = redial_availability_find (f->availability, job_type, window, n_slots, 7, now);
  g_autofree char *found = describe (f, slots);

  g_assert_cmpstr (found, ==, expected);
}

static void
test_find_split_hours_and_buffer (Fixture       *f,
                                  gconstpointer  data)
{
  /* An empty Monday: Joe's morning, on 15-minute steps. */
  assert_found (f, "drain cleaning", NULL, 3, SUNDAY_EVENING,
                "2026-12-07 08:00 Joe, 2026-12-07 08:15 Joe, 2026-12-07 08:30 Joe");

  /* With 9–11 booked and a 30-minute buffer no two-hour job fits the
   * morning, nor spans lunch: the afternoon comes next. */
  booked (f, 1, "Joe", MON (9, 0), MON (11, 0));
  rebuild (f, MINUTES (120), MINUTES (30));
  assert_found (f, "drain cleaning", NULL, 2, SUNDAY_EVENING,
                "2026-12-07 13:00 Joe, 2026-12-07 13:15 Joe");

  /* Fill the afternoon too: the last start is 15:00, then Tuesday. */
  booked (f, 2, "Joe", MON (13, 0), MON (14, 30));
  rebuild (f, MINUTES (120), MINUTES (30));
  assert_found (f, "drain cleaning", NULL, 2, SUNDAY_EVENING,
                "2026-12-07 15:00 Joe, 2026-12-08 08:00 Joe");
}

static void
test_find_notice_and_resources (Fixture       *f,
                                gconstpointer  data)
{
  static const char * const everything[] = { NULL };

  /* At 12:40 with two hours' notice, Joe's first start is 14:45. */
  assert_found (f, "drain cleaning", NULL, 2, MON (12, 40),
                "2026-12-07 14:45 Joe, 2026-12-07 15:00 Joe");

  /* Only those who do the job are offered; each once per start, in the
   * settings' order, or one per start when asked. */
  add_resource (f, "Sam", everything, G_DATE_MONDAY, G_DATE_FRIDAY, 8 * 60, 17 * 60);
  rebuild (f, MINUTES (120), 0);
  assert_found (f, "water heater", NULL, 3, SUNDAY_EVENING,
                "2026-12-07 08:00 Ann, 2026-12-07 08:00 Sam, 2026-12-07 08:15 Ann");
  {
    RedialSlotWindow window;

    redial_slot_window_init (&window);
    window.distinct_times = TRUE;
    assert_found (f, "water heater", &window, 2, SUNDAY_EVENING,
                  "2026-12-07 08:00 Ann, 2026-12-07 08:15 Ann");
  }
}

static void
test_find_preferred_window (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (SUNDAY_EVENING / G_USEC_PER_SEC);
  g_autoptr(GDateTime) now = g_date_time_to_timezone (utc, f->tz);
  RedialSlotWindow window;

  g_assert_true (redial_slot_window_from_intake (&window, "tomorrow/afternoon", now));
  assert_found (f, "drain cleaning", &window, 2, SUNDAY_EVENING,
                "2026-12-07 13:00 Joe, 2026-12-07 13:15 Joe");

  /* Tuesday morning: the last two-hour start before noon is 10:00. */
  g_assert_true (redial_slot_window_from_intake (&window, "2026-12-08/morning", now));
  g_assert_cmpint (window.not_before, ==, ny (f, 2026, 12, 8, 0, 0));
  assert_found (f, "drain cleaning", &window, 2, SUNDAY_EVENING,
                "2026-12-08 08:00 Joe, 2026-12-08 08:15 Joe");

  /* This week, seen on Sunday, is today: Joe does not work Sundays. */
  g_assert_true (redial_slot_window_from_intake (&window, "this-week/any", now));
  assert_found (f, "drain cleaning", &window, 2, SUNDAY_EVENING, "");

  g_assert_false (redial_slot_window_from_intake (&window, "someday/morning", now));
  g_assert_false (redial_slot_window_from_intake (&window, "today/evening", now));
  g_assert_cmpint (window.not_before, ==, 0);
}

/* The clocks spring forward at 2:00 on Sunday 8 March 2026 in New York
 * and fall back at 2:00 on Sunday 1 November. */
static void
test_find_dst_days (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const everything[] = { NULL };
  g_autoptr(GPtrArray) slots = NULL;

  g_ptr_array_set_size (f->resources, 0);
  add_resource (f, "Ann", everything, G_DATE_SUNDAY, G_DATE_SUNDAY, 8 * 60, 17 * 60);
  rebuild (f, 0, 0);

  /* 8:00 is 8:00 on the wall (12:00 UTC in March, 13:00 in November). */
  slots = redial_availability_find (f->availability, "water heater", NULL, 1, 0, ny (f, 2026, 3, 7, 12, 0));
  g_assert_cmpint (((RedialSlot *) g_ptr_array_index (slots, 0))->start, ==,
                   (gint64) 1772971200 * G_USEC_PER_SEC);
  g_clear_pointer (&slots, g_ptr_array_unref);
  slots = redial_availability_find (f->availability, "water heater", NULL, 1, 0, ny (f, 2026, 10, 31, 12, 0));
  g_assert_cmpint (((RedialSlot *) g_ptr_array_index (slots, 0))->start, ==,
                   (gint64) 1793538000 * G_USEC_PER_SEC);
  g_clear_pointer (&slots, g_ptr_array_unref);

  /* The night the clock springs forward: 1:45 is followed by 3:00, a
   * quarter of an hour later; the missing hour is never offered, and
   * the hour's job from 3:00 is the night's last within 0–4. */
  g_ptr_array_set_size (f->resources, 0);
  add_resource (f, "Ann", everything, G_DATE_SUNDAY, G_DATE_SUNDAY, 0, 4 * 60);
  rebuild (f, 0, 0);
  slots = redial_availability_find (f->availability, "water heater", NULL, 20, 0, ny (f, 2026, 3, 7, 12, 0));
  {
    g_autofree char *found = describe (f, slots);

    g_assert_cmpstr (found, ==,
                     "2026-03-08 00:00 Ann, 2026-03-08 00:15 Ann, 2026-03-08 00:30 Ann, "
                     "2026-03-08 00:45 Ann, 2026-03-08 01:00 Ann, 2026-03-08 01:15 Ann, "
                     "2026-03-08 01:30 Ann, 2026-03-08 01:45 Ann, 2026-03-08 03:00 Ann, "
                     "2026-03-15 00:00 Ann, 2026-03-15 00:15 Ann, 2026-03-15 00:30 Ann, "
                     "2026-03-15 00:45 Ann, 2026-03-15 01:00 Ann, 2026-03-15 01:15 Ann, "
                     "2026-03-15 01:30 Ann, 2026-03-15 01:45 Ann, 2026-03-15 02:00 Ann, "
                     "2026-03-15 02:15 Ann, 2026-03-15 02:30 Ann");
  }
  for (guint i = 1; i < 8; i++)
    g_assert_cmpint (((RedialSlot *) g_ptr_array_index (slots, i))->start -
                     ((RedialSlot *) g_ptr_array_index (slots, i - 1))->start, ==, MINUTES (15));
  /* An hour from 1:45 ends at 3:45 on the wall: still within 0–4. */
  g_assert_cmpint (((RedialSlot *) g_ptr_array_index (slots, 8))->start -
                   ((RedialSlot *) g_ptr_array_index (slots, 7))->start, ==, MINUTES (15));
  g_clear_pointer (&slots, g_ptr_array_unref);

  /* The night it falls back: the hour after 1:00 comes twice, offered
   * once; the job from 3:00 to 4:00 is the day's last. */
  slots = redial_availability_find (f->availability, "water heater", NULL, 14, 0, ny (f, 2026, 10, 31, 12, 0));
  {
    g_autofree char *found = describe (f, slots);

    g_assert_cmpstr (found, ==,
                     "2026-11-01 00:00 Ann, 2026-11-01 00:15 Ann, 2026-11-01 00:30 Ann, "
                     "2026-11-01 00:45 Ann, 2026-11-01 01:00 Ann, 2026-11-01 01:15 Ann, "
                     "2026-11-01 01:30 Ann, 2026-11-01 01:45 Ann, 2026-11-01 02:00 Ann, "
                     "2026-11-01 02:15 Ann, 2026-11-01 02:30 Ann, 2026-11-01 02:45 Ann, "
                     "2026-11-01 03:00 Ann, 2026-11-08 00:00 Ann");
  }

  /* check() agrees: 1:30 to 3:30 on the spring night is an hour's job
   * within 0–4; 23:00 Saturday to 1:00 Sunday spans two days. */
  assert_check (f, "Ann", NULL, ny (f, 2026, 3, 8, 1, 30), ny (f, 2026, 3, 8, 3, 30), 0, 0, 0,
                REDIAL_AVAILABILITY_OK, NULL);
  assert_check (f, "Ann", NULL, ny (f, 2026, 3, 7, 23, 0), ny (f, 2026, 3, 8, 1, 0), 0, 0, 0,
                REDIAL_AVAILABILITY_OUTSIDE_HOURS, "Outside Ann’s hours");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/availability/check/each-refusal-says-why", Fixture, NULL,
              fixture_setup, test_refusals, fixture_teardown);
  g_test_add ("/availability/check/holds-block-until-they-lapse", Fixture, NULL,
              fixture_setup, test_holds, fixture_teardown);
  g_test_add ("/availability/find/split-hours-and-buffers", Fixture, NULL,
              fixture_setup, test_find_split_hours_and_buffer, fixture_teardown);
  g_test_add ("/availability/find/notice-and-who-does-the-job", Fixture, NULL,
              fixture_setup, test_find_notice_and_resources, fixture_teardown);
  g_test_add ("/availability/find/preferred-window", Fixture, NULL,
              fixture_setup, test_find_preferred_window, fixture_teardown);
  g_test_add ("/availability/find/dst-days", Fixture, NULL,
              fixture_setup, test_find_dst_days, fixture_teardown);

  return g_test_run ();
}
