/* bench-reports-view.c: opening the Reports view on three years of history, to its first frame with figures.
 *
 * Run under Xvfb (xvfb-run -a -s "-screen 0 1280x800x24" meson test
 * --benchmark reports-view). On the history of bench-report.c (1,000,000
 * calls, generated once into the build folder), opens the view several
 * times on the period it opens on (yesterday), each time measuring the
 * wall time from showing it to the end of the first frame that draws the
 * figures: counting the period and the one before in a worker thread,
 * building the view's tables and charts, laying out and painting. Prints
 * the median as `figure reports.first_frame <ms>` (target 400 ms or
 * less), and the same for the last 30 days as a comment. */
#include "config.h"

#include <adwaita.h>

#include "redial-bench-history.h"
#include "redial-context.h"
#include "redial-fake-clock.h"
#include "redial-renderer.h"
#include "redial-reports-view.h"
#include "redial-test-util.h"
#include "redial-ui-test-util.h"

#define N_OPENS 7

typedef struct
{
  RedialReportsView *view;
  gboolean           drawn;
} Frame;

static void
on_after_paint (GdkFrameClock *frame_clock,
                Frame         *frame)
{
  if (redial_reports_view_get_report (frame->view) != NULL)
    frame->drawn = TRUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *) a;
  double db = *(const double *) b;

  return da < db ? -1 : da > db;
}

/* The median wall time, ms, from showing the view on @period to the
 * first frame with its figures. */
static double
time_opens (GtkWidget           *window,
            RedialReportsView   *view,
            RedialContext       *context,
            RedialReportsPeriod  period)
{
  double times[N_OPENS];

  for (guint i = 0; i < N_OPENS; i++)
    {
      GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (window);
      Frame frame = { view, FALSE };
      gulong handler;
      gint64 start;

      /* Closed, and forgetting what it counted. */
      gtk_widget_set_visible (GTK_WIDGET (view), FALSE);
      redial_reports_view_set_context (view, NULL);
      redial_reports_view_set_context (view, context);
      redial_reports_view_set_period (view, period);
      redial_test_wait_for_frame (window);
      redial_test_drain ();

      handler = g_signal_connect (frame_clock, "after-paint", G_CALLBACK (on_after_paint), &frame);
      start = g_get_monotonic_time ();
      gtk_widget_set_visible (GTK_WIDGET (view), TRUE);
      while (!frame.drawn)
        g_main_context_iteration (NULL, TRUE);
      times[i] = (g_get_monotonic_time () - start) / 1000.0;
      g_signal_handler_disconnect (frame_clock, handler);
      g_print ("open %u: %.1f ms\n", i + 1, times[i]);
    }

  qsort (times, N_OPENS, sizeof times[0], compare_doubles);
  return times[N_OPENS / 2];
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(RedialConfig) config = NULL;
  g_autoptr(RedialClock) clock = NULL;
  g_autoptr(RedialContext) context = NULL;
  g_autoptr(GDateTime) end = g_date_time_new_utc (2026, 12, 30, 18, 0, 0);
  GtkWidget *window;
  GtkWidget *view;
  double day, month;

  if (!gtk_init_check ())
    {
      g_printerr ("No display: run under Xvfb (xvfb-run -a -s \"-screen 0 1280x800x24\" meson test --benchmark reports-view)\n");
      return 77;
    }
  adw_init ();
  redial_renderer_choose (gdk_display_get_default ());

  path = redial_bench_history_ensure ();
  text = g_strdup_printf ("%s[store]\npath = %s\n", redial_bench_history_settings, path);
  config = redial_config_load_from_data (text, "bench.conf", &error);
  g_assert_no_error (error);
  /* The afternoon of the history's last day. */
  clock = redial_fake_clock_new (g_date_time_to_unix (end) * G_USEC_PER_SEC);
  context = redial_context_new (config, clock);
  g_assert_true (redial_context_open (context, &error));
  g_assert_no_error (error);

  view = redial_reports_view_new ();
  window = adw_window_new ();
  adw_window_set_content (ADW_WINDOW (window), view);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 760);
  gtk_window_present (GTK_WINDOW (window));
  redial_test_wait_for_frame (window);

  day = time_opens (window, REDIAL_REPORTS_VIEW (view), context, REDIAL_REPORTS_PERIOD_YESTERDAY);
  month = time_opens (window, REDIAL_REPORTS_VIEW (view), context, REDIAL_REPORTS_PERIOD_LAST_30_DAYS);
  g_print ("renderer %s\n", G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
  g_print ("figure reports.first_frame %.1f ms\n", day);
  g_print ("# the last 30 days: %.1f ms\n", month);

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
