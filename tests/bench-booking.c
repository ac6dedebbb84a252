/* bench-booking.c: finding two free slots in a full week of 20 resources and 2,000 appointments.
 *
 * Run with meson test --benchmark booking. Twenty technicians work Mon–Fri
 * 8–12 and 13–17 in New York; each has twenty 20-minute jobs a day, four
 * minutes apart, so no two-hour job fits anywhere in the week and the
 * search must walk all of it before it finds the next Monday. Each run
 * reads the week's appointments and holds from a real SQLite store,
 * hands them to RedialAvailability and asks for two slots, as "Offer two
 * slots" does. Prints the median CPU time of the whole offer,
 * `figure booking.offer_ms` (target: 5 ms or less), and of the search
 * alone once the calendar is in hand, `figure booking.find_ms`. */
#include "config.h"

#include <time.h>

#include "redial-availability.h"
#include "redial-store.h"
#include "redial-test-util.h"

#define N_RESOURCES 20
#define JOBS_PER_DAY 20
#define N_RUNS 21
#define MINUTES(n) ((gint64) (n) * 60 * G_USEC_PER_SEC)

static gint64
thread_cpu_us (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static gint64
ny (GTimeZone *tz,
    int        day,
    int        minute)
{
  g_autoptr(GDateTime) time = g_date_time_new (tz, 2026, 12, day, minute / 60, minute % 60, 0);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("America/New_York");
  g_autoptr(GPtrArray) resources = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) job_types = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) offer_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) find_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = redial_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "bench.db", NULL);
  g_autoptr(RedialStore) store = redial_store_open (path, &error);
  g_autoptr(RedialCase) kase = NULL;
  gint64 now = ny (tz, 6, 19 * 60);  /* Sunday evening before the week */
  gint64 week_start = ny (tz, 7, 0), week_end = ny (tz, 14, 0);
  guint n_appointments = 0;

  g_assert_no_error (error);
  kase = redial_store_open_case (store, "+13125550101", now, &error);
  g_assert_no_error (error);
  g_ptr_array_add (job_types, redial_job_type_new ("drain cleaning", MINUTES (120), MINUTES (120)));

  for (guint r = 0; r < N_RESOURCES; r++)
    {
      g_autofree char *name = g_strdup_printf ("Tech %02u", r + 1);
      RedialResource *resource = redial_resource_new (name, NULL);

      for (GDateWeekday day = G_DATE_MONDAY; day <= G_DATE_FRIDAY; day++)
        {
          redial_resource_add_hours (resource, day, 8 * 60, 12 * 60);
          redial_resource_add_hours (resource, day, 13 * 60, 17 * 60);
          for (guint j = 0; j < JOBS_PER_DAY; j++)
            {
              int minute = (j < JOBS_PER_DAY / 2 ? 8 * 60 : 13 * 60) + (j % (JOBS_PER_DAY / 2)) * 24;
              gint64 start = ny (tz, 6 + day, minute);
              g_autoptr(RedialAppointment) appointment =
                redial_appointment_new (redial_case_get_id (kase), name, "drain cleaning", start, start + MINUTES (20));

              if (!redial_store_add_appointment (store, appointment, now, &error))
                g_error ("%s", error->message);
              n_appointments++;
            }
        }
      g_ptr_array_add (resources, resource);
    }
  g_assert_cmpuint (n_appointments, ==, 2000);

  for (guint run = 0; run < N_RUNS; run++)
    {
      g_autoptr(RedialAvailability) availability = redial_availability_new (resources, job_types, tz, MINUTES (60), MINUTES (30));
      g_autoptr(GPtrArray) appointments = NULL;
      g_autoptr(GPtrArray) holds = NULL;
      g_autoptr(GPtrArray) slots = NULL;
      g_autoptr(GPtrArray) again = NULL;
      gint64 began = thread_cpu_us (), searched;
      double ms;

      appointments = redial_store_list_appointments (store, week_start, week_end + MINUTES (14 * 24 * 60), NULL, &error);
      g_assert_no_error (error);
      holds = redial_store_list_holds (store, week_start, week_end + MINUTES (14 * 24 * 60), now, &error);
      g_assert_no_error (error);
      redial_availability_set_calendar (availability, appointments, holds);
      slots = redial_availability_find (availability, "drain cleaning", NULL, 2, redial_case_get_id (kase), now);
      ms = (thread_cpu_us () - began) / 1000.0;
      g_array_append_val (offer_ms, ms);

      g_assert_cmpuint (slots->len, ==, 2);
      g_assert_cmpint (((RedialSlot *) g_ptr_array_index (slots, 0))->start, ==, ny (tz, 14, 8 * 60));

      searched = thread_cpu_us ();
      again = redial_availability_find (availability, "drain cleaning", NULL, 2, redial_case_get_id (kase), now);
      ms = (thread_cpu_us () - searched) / 1000.0;
      g_array_append_val (find_ms, ms);
    }

  g_array_sort (offer_ms, compare_doubles);
  g_array_sort (find_ms, compare_doubles);
  g_print ("figure booking.offer_ms %.3f ms\n", g_array_index (offer_ms, double, N_RUNS / 2));
  g_print ("figure booking.find_ms %.3f ms\n", g_array_index (find_ms, double, N_RUNS / 2));

  g_clear_object (&store);
  redial_test_remove_tree (dir);
  return 0;
}
