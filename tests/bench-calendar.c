/* bench-calendar.c: the calendar's week view with 20 resources and 2,000 appointments, frame by frame.
 *
 * Run under Xvfb (xvfb-run -a -s "-screen 0 1280x800x24" meson test
 * --benchmark calendar). Shows a week of 20 resources, each with its own
 * working hours, and 2,000 appointments in a 1280×800 window, with GTK's
 * default renderer, then has the grid redraw itself frame after frame,
 * as it does while a job is dragged over it. Each frame is timed as GTK
 * draws it, from the frame clock's ::before-paint to its ::after-paint
 * (layout, snapshot, render). Prints the median: `figure
 * calendar.week_frame_median` (ms); the target is 16 ms or less. */
#include "config.h"

#include <adwaita.h>

#include "calendar/redial-calendar-grid.h"

#define N_RESOURCES 20
#define N_APPOINTMENTS 2000
#define N_WARM_UP 10
#define N_FRAMES 120

typedef struct
{
  GtkWidget *grid;
  gint64     started;
  double     times[N_FRAMES];
  guint      n_times;
  gboolean   timing;
  gboolean   painted;
} Bench;

static void
on_before_paint (GdkFrameClock *frame_clock,
                 Bench         *bench)
{
  bench->started = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *frame_clock,
                Bench         *bench)
{
  if (bench->timing && bench->n_times < N_FRAMES)
    bench->times[bench->n_times++] = (g_get_monotonic_time () - bench->started) / 1000.0;
  bench->painted = TRUE;
}

/* Has the grid draw itself anew, and waits until that frame is done. */
static void
draw_frame (Bench *bench)
{
  bench->painted = FALSE;
  gtk_widget_queue_draw (bench->grid);
  while (!bench->painted)
    g_main_context_iteration (NULL, TRUE);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *) a;
  double db = *(const double *) b;

  return da < db ? -1 : da > db;
}

static RedialHours *
make_hours (GTimeZone  *tz,
            const char *weekdays,
            const char *saturday)
{
  RedialHours *hours = redial_hours_new (tz);

  for (GDateWeekday day = G_DATE_MONDAY; day <= G_DATE_FRIDAY; day++)
    g_assert_true (redial_hours_set_day (hours, day, weekdays, NULL));
  g_assert_true (redial_hours_set_day (hours, G_DATE_SATURDAY, saturday, NULL));
  g_assert_true (redial_hours_set_day (hours, G_DATE_SUNDAY, "closed", NULL));
  return hours;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(RedialHours) business = NULL;
  g_autoptr(GDateTime) monday = NULL;
  GPtrArray *resources;
  GPtrArray *blocks;
  GtkWidget *window;
  GtkWidget *scrolled;
  GdkFrameClock *frame_clock;
  Bench bench = { 0 };

  if (!gtk_init_check ())
    {
      g_printerr ("No display: run under Xvfb (xvfb-run -a -s \"-screen 0 1280x800x24\" meson test --benchmark calendar)\n");
      return 77;
    }
  adw_init ();

  tz = g_time_zone_new_identifier ("America/Chicago");
  g_assert_nonnull (tz);
  business = make_hours (tz, "08:00-12:00, 13:00-17:00", "09:00-12:00");
  monday = g_date_time_new (tz, 2026, 11, 30, 0, 0, 0);

  /* Twenty technicians, half of them on a later shift. */
  resources = g_ptr_array_new_with_free_func ((GDestroyNotify) redial_calendar_resource_free);
  for (guint r = 0; r < N_RESOURCES; r++)
    {
      g_autofree char *name = g_strdup_printf ("Technician %u", r + 1);
      g_autoptr(RedialHours) hours = r % 2 ? make_hours (tz, "10:00-14:00, 14:30-19:00", "closed")
                                           : make_hours (tz, "07:00-12:00, 12:30-16:00", "08:00-12:00");

      g_ptr_array_add (resources, redial_calendar_resource_new (name, hours));
    }

  /* 2,000 jobs spread over the week's 140 resource-days, 40 minutes apart. */
  blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) redial_calendar_block_free);
  for (guint i = 0; i < N_APPOINTMENTS; i++)
    {
      RedialCalendarBlock *block = redial_calendar_block_new ();
      guint column = i % (7 * N_RESOURCES);
      guint nth = i / (7 * N_RESOURCES);
      g_autoptr(GDateTime) day = g_date_time_add_days (monday, column / N_RESOURCES);
      g_autoptr(GDateTime) start = g_date_time_add_minutes (day, 7 * 60 + nth * 40);

      block->id = i + 1;
      block->case_id = i + 1;
      block->resource = g_strdup_printf ("Technician %u", column % N_RESOURCES + 1);
      block->start = g_date_time_to_unix (start) * G_USEC_PER_SEC;
      block->end = block->start + (gint64) 30 * 60 * G_USEC_PER_SEC;
      block->caller = g_strdup_printf ("Caller %u", i + 1);
      block->job_type = g_strdup ("Water heater");
      block->address = g_strdup_printf ("%u Elm Street", 100 + i);
      g_ptr_array_add (blocks, block);
    }

  bench.grid = redial_calendar_grid_new ();
  redial_calendar_grid_set_time_zone (REDIAL_CALENDAR_GRID (bench.grid), tz);
  redial_calendar_grid_set_hours (REDIAL_CALENDAR_GRID (bench.grid), business);
  redial_calendar_grid_set_mode (REDIAL_CALENDAR_GRID (bench.grid), REDIAL_CALENDAR_WEEK);
  redial_calendar_grid_set_date (REDIAL_CALENDAR_GRID (bench.grid), monday);
  redial_calendar_grid_set_resources (REDIAL_CALENDAR_GRID (bench.grid), resources);
  redial_calendar_grid_set_blocks (REDIAL_CALENDAR_GRID (bench.grid), blocks);
  redial_calendar_grid_set_now (REDIAL_CALENDAR_GRID (bench.grid),
                                (g_date_time_to_unix (monday) + (2 * 24 + 11) * 3600) * G_USEC_PER_SEC);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), bench.grid);
  window = adw_window_new ();
  adw_window_set_content (ADW_WINDOW (window), scrolled);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));

  frame_clock = NULL;
  while (frame_clock == NULL)
    {
      g_main_context_iteration (NULL, TRUE);
      frame_clock = gtk_widget_get_frame_clock (window);
    }
  g_signal_connect (frame_clock, "before-paint", G_CALLBACK (on_before_paint), &bench);
  g_signal_connect (frame_clock, "after-paint", G_CALLBACK (on_after_paint), &bench);

  for (guint i = 0; i < N_WARM_UP; i++)
    draw_frame (&bench);
  bench.timing = TRUE;
  for (guint i = 0; i < N_FRAMES; i++)
    draw_frame (&bench);

  qsort (bench.times, bench.n_times, sizeof bench.times[0], compare_doubles);
  g_print ("%u frames of %d×%d, renderer %s, fastest %.2f ms, slowest %.2f ms\n", bench.n_times,
           gtk_widget_get_width (bench.grid), gtk_widget_get_height (bench.grid),
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))),
           bench.times[0], bench.times[bench.n_times - 1]);
  g_print ("figure calendar.week_frame_median %.2f ms\n", bench.times[bench.n_times / 2]);

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
