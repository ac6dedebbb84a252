/* bench-ui-idle.c: the window at rest with 50 open cases, under Xvfb, on the real clock.
 *
 * Run under Xvfb (xvfb-run -a -s "-screen 0 1280x800x24" meson test
 * --benchmark ui-idle). Opens the queue with 50 callers whose timers tick
 * each second as at a desk, lets it warm up,
 * then measures the process's CPU time (all threads, getrusage) over 30
 * seconds of wall time with nothing happening. Prints the share of one
 * core: `figure ui.idle_cpu_pct`. The target is 1 % or less with GTK's
 * default renderer. */
#include "config.h"

#include <sys/resource.h>

#include <adwaita.h>

#include "redial-context.h"
#include "redial-queue-row.h"
#include "redial-real-clock.h"
#include "redial-renderer.h"
#include "redial-test-util.h"
#include "redial-window.h"

#define N_CASES 50
#define WARM_UP_S 5
#define MEASURE_S 30

static gint64
cpu_us (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (gint64) usage.ru_utime.tv_sec * G_USEC_PER_SEC + usage.ru_utime.tv_usec +
         (gint64) usage.ru_stime.tv_sec * G_USEC_PER_SEC + usage.ru_stime.tv_usec;
}

static void
run_for (int seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
}

static void
on_after_paint (GdkFrameClock *frame_clock,
                guint         *n_frames)
{
  (*n_frames)++;
}

static void
count_rows (GtkWidget *widget,
            guint     *n_rows)
{
  if (REDIAL_IS_QUEUE_ROW (widget) && gtk_widget_get_mapped (widget) &&
      redial_queue_row_is_ticking (REDIAL_QUEUE_ROW (widget)))
    (*n_rows)++;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    count_rows (child, n_rows);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *text = NULL;
  g_autoptr(RedialConfig) config = NULL;
  g_autoptr(RedialClock) clock = NULL;
  g_autoptr(RedialContext) context = NULL;
  g_autoptr(GtkCssProvider) css = NULL;
  RedialEngine *engine;
  RedialWindow *window;
  gint64 cpu_start, wall_start, cpu_used, wall;
  guint n_rows = 0;
  guint n_frames = 0;

  if (!gtk_init_check ())
    {
      g_printerr ("No display: run under Xvfb (xvfb-run -a -s \"-screen 0 1280x800x24\" meson test --benchmark ui-idle)\n");
      return 77;
    }
  adw_init ();
  /* The renderer the application chooses for this display. */
  redial_renderer_choose (gdk_display_get_default ());

  dir = g_dir_make_tmp ("redial-bench-ui-XXXXXX", &error);
  g_assert_no_error (error);
  text = g_strdup_printf ("[business]\nname = Acme Plumbing\n[store]\npath = %s/redial.db\n", dir);
  config = redial_config_load_from_data (text, "bench.conf", &error);
  g_assert_no_error (error);
  clock = redial_real_clock_new ();
  context = redial_context_new (config, clock);
  g_assert_true (redial_context_open (context, &error));
  g_assert_no_error (error);
  engine = redial_context_get_engine (context);

  /* The window's own style, as the application loads it. */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/redial/Redial/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  window = redial_window_new (NULL, context);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 760);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (redial_context_start (context, &error));
  g_assert_no_error (error);

  /* Fifty callers of the last minute: no target passes while measured. */
  for (guint i = 0; i < N_CASES; i++)
    {
      g_autoptr(RedialCallEvent) event = redial_call_event_new ();

      event->provider = g_strdup ("bench");
      event->provider_call_id = g_strdup_printf ("idle-%u", i);
      event->caller = g_strdup_printf ("+1312555%04u", i);
      event->caller_name = g_strdup_printf ("Caller %u", i);
      event->started_at = redial_clock_now (clock) - (gint64) i * G_USEC_PER_SEC;
      redial_engine_handle_call (engine, event);
    }

  /* The engine's 1 Hz tick wakes the loop: the spans end on time. */
  run_for (WARM_UP_S);
  count_rows (GTK_WIDGET (window), &n_rows);
  g_print ("%u of %u rows on screen and ticking; renderer %s\n", n_rows, N_CASES,
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));

  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (on_after_paint), &n_frames);
  cpu_start = cpu_us ();
  wall_start = g_get_monotonic_time ();
  run_for (MEASURE_S);
  cpu_used = cpu_us () - cpu_start;
  wall = g_get_monotonic_time () - wall_start;

  /* One frame a second is the floor while timers run: what each costs is
   * the renderer's. */
  g_print ("%u frames drawn in %.1f s, %.1f ms of CPU a frame\n", n_frames, wall / 1e6,
           n_frames > 0 ? cpu_used / 1e3 / n_frames : 0.0);
  g_print ("figure ui.idle_cpu_pct %.2f\n", 100.0 * cpu_used / wall);

  gtk_window_destroy (GTK_WINDOW (window));
  redial_context_stop (context);
  redial_test_remove_tree (dir);
  return 0;
}
