/* bench-case-open.c: opening a case whose timeline holds 500 items, to its first frame.
 *
 * Run under Xvfb (xvfb-run -a -s "-screen 0 1280x800x24" meson test
 * --benchmark case-open). Builds one case with a missed call, texts in and
 * out and notes, 500 timeline items in all, then opens it on the case page
 * several times (the page emptied between), each time measuring from
 * redial_case_page_set_case() to the end of the frame that draws it:
 * reading the timeline from the store, making the rows on screen, laying
 * them out and painting. Prints the median of the UI thread's CPU time:
 * `figure case.open_ms` (a machine busy with other work slows the wall
 * clock, not this), and the wall time beside it. The target is 50 ms or
 * less. */
#include "config.h"

#include <time.h>

#include <adwaita.h>

#include "case/redial-case-page.h"
#include "redial-context.h"
#include "redial-real-clock.h"
#include "redial-renderer.h"
#include "redial-test-util.h"
#include "redial-ui-test-util.h"

#define N_ITEMS 500
#define N_OPENS 9

/* The calling thread's CPU time, µs. */
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
  double da = *(const double *) a;
  double db = *(const double *) b;

  return da < db ? -1 : da > db;
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
  g_autoptr(RedialCallEvent) event = redial_call_event_new ();
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(RedialCase) kase = NULL;
  RedialEngine *engine;
  GtkWidget *window;
  GtkWidget *page;
  double times[N_OPENS];
  double walls[N_OPENS];
  guint n_items;

  if (!gtk_init_check ())
    {
      g_printerr ("No display: run under Xvfb (xvfb-run -a -s \"-screen 0 1280x800x24\" meson test --benchmark case-open)\n");
      return 77;
    }
  adw_init ();
  redial_renderer_choose (gdk_display_get_default ());

  dir = g_dir_make_tmp ("redial-bench-case-XXXXXX", &error);
  g_assert_no_error (error);
  text = g_strdup_printf ("[business]\nname = Acme Plumbing\n[sms]\nbackend = demo\n[store]\npath = %s/redial.db\n", dir);
  config = redial_config_load_from_data (text, "bench.conf", &error);
  g_assert_no_error (error);
  clock = redial_real_clock_new ();
  context = redial_context_new (config, clock);
  g_assert_true (redial_context_open (context, &error));
  g_assert_no_error (error);
  engine = redial_context_get_engine (context);
  g_object_set (engine, "agent-name", "Dana", NULL);
  g_assert_true (redial_context_start (context, &error));

  /* One caller, a long conversation: texts both ways, notes between. */
  event->provider = g_strdup ("bench");
  event->provider_call_id = g_strdup ("open-1");
  event->caller = g_strdup ("+16305550125");
  event->caller_name = g_strdup ("Tom Becker");
  event->started_at = redial_clock_now (clock) - G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC;
  redial_engine_handle_call (engine, event);
  kase = g_list_model_get_item (redial_engine_get_queue (engine), 0);
  for (guint i = 0; ; i++)
    {
      g_autofree char *body = g_strdup_printf ("Message %u: the water heater in the basement is leaking again, "
                                               "can someone come by this afternoon?", i);

      items = redial_engine_list_timeline (engine, kase, &error);
      g_assert_no_error (error);
      n_items = items->len;
      g_clear_pointer (&items, g_ptr_array_unref);
      if (n_items >= N_ITEMS)
        break;
      if (i % 3 == 0)
        {
          g_autofree char *id = g_strdup_printf ("in-%u", i);

          redial_engine_handle_inbound (engine, id, "+16305550125", body);
        }
      else if (i % 3 == 1)
        g_assert_true (redial_engine_send_text (engine, kase, body, &error));
      else
        g_assert_true (redial_engine_add_note (engine, kase, body, &error));
      g_assert_no_error (error);
      redial_test_drain ();
    }

  page = redial_case_page_new ();
  redial_case_page_set_context (REDIAL_CASE_PAGE (page), context);
  window = adw_window_new ();
  adw_window_set_content (ADW_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 760);
  gtk_window_present (GTK_WINDOW (window));
  redial_test_wait_for_frame (window);

  for (guint i = 0; i < N_OPENS; i++)
    {
      gint64 start, cpu_start;

      redial_case_page_set_case (REDIAL_CASE_PAGE (page), NULL);
      redial_test_wait_for_frame (window);
      redial_test_drain ();

      start = g_get_monotonic_time ();
      cpu_start = thread_cpu_us ();
      redial_case_page_set_case (REDIAL_CASE_PAGE (page), kase);
      redial_test_wait_for_frame (window);
      times[i] = (thread_cpu_us () - cpu_start) / 1000.0;
      walls[i] = (g_get_monotonic_time () - start) / 1000.0;
      g_print ("open %u: %.1f ms of CPU, %.1f ms of wall time\n", i + 1, times[i], walls[i]);
    }

  qsort (times, N_OPENS, sizeof times[0], compare_doubles);
  qsort (walls, N_OPENS, sizeof walls[0], compare_doubles);
  g_print ("%u timeline items, renderer %s, median wall time %.1f ms\n", n_items,
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))), walls[N_OPENS / 2]);
  g_print ("figure case.open_ms %.1f\n", times[N_OPENS / 2]);

  gtk_window_destroy (GTK_WINDOW (window));
  redial_context_stop (context);
  redial_test_remove_tree (dir);
  return 0;
}
