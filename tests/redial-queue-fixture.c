/* redial-queue-fixture.c: the window under a real X server, fed on a fake clock, driven as a person drives it. */
#include "config.h"

#include <gdk/x11/gdkx.h>
#include <X11/Xlib.h>

#include "redial-queue-fixture.h"
#include "redial-test-util.h"
#include "redial-ui-test-util.h"

#define WAIT_US (10 * G_USEC_PER_SEC)

/* A new database in a new folder, and a context on it on a fake clock
 * from @start_us, opened on the business's @settings (without [store]);
 * @prepare, when set, records a history into the database first. */
static void
open_context (Fixture    *f,
              const char *settings,
              gint64      start_us,
              void      (*prepare) (RedialStore *store, GTimeZone *tz))
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialConfig) config = NULL;
  g_autofree char *text = NULL;

  f->dir = g_dir_make_tmp ("redial-queue-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "redial.db", NULL);
  text = g_strdup_printf ("%s[store]\npath = %s\n", settings, f->path);
  config = redial_config_load_from_data (text, "test.conf", &error);
  g_assert_no_error (error);
  if (prepare != NULL)
    {
      g_autoptr(RedialStore) store = redial_store_open (f->path, &error);

      g_assert_no_error (error);
      prepare (store, redial_config_get_time_zone (config));
    }
  f->clock = redial_fake_clock_new (start_us);
  f->context = redial_context_new (config, f->clock);
  g_assert_true (redial_context_open (f->context, &error));
  g_assert_no_error (error);
  f->store = g_object_ref (redial_context_get_store (f->context));
  f->engine = g_object_ref (redial_context_get_engine (f->context));

  /* The window's own style, as the application loads it. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/redial/Redial/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  /* The pointer rests off the window, as a desk's does between clicks. */
  queue_pointer_to_point (1279, 799);
}

/* Shows f->window @width by @height, starts the context, and waits
 * until the window is drawn. */
static void
present_and_start (Fixture *f,
                   int      width,
                   int      height)
{
  g_autoptr(GError) error = NULL;

  gtk_window_set_default_size (GTK_WINDOW (f->window), width, height);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (redial_context_start (f->context, &error));
  queue_settle (f);
}

void
queue_fixture_setup (Fixture       *f,
                     gconstpointer  data)
{
  const QueueFixtureOptions *options = data;
  g_autofree char *settings = NULL;

  settings = g_strconcat (options->settings != NULL ? options->settings : "[business]\nname = Acme Plumbing\n",
                          options->demo ? "[phone-system]\nbackend = demo\n[sms]\nbackend = demo\n"
                          : options->sms ? "[sms]\nbackend = demo\n" : "",
                          NULL);
  open_context (f, settings, options->start_us != 0 ? options->start_us : START_US, options->prepare);
  f->window = redial_window_new (NULL, f->context);
  present_and_start (f, options->width > 0 ? options->width : 900, options->height > 0 ? options->height : 700);
}

void
queue_fixture_open_desk (Fixture    *f,
                         const char *settings)
{
  open_context (f, settings, START_US, NULL);
  g_object_set (f->engine, "agent-name", "Dana", NULL);
}

void
queue_fixture_show_page (Fixture            *f,
                         GtkWidget          *page,
                         const GActionEntry *actions,
                         guint               n_actions,
                         gpointer            user_data,
                         int                 width,
                         int                 height)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  GtkWidget *window = adw_window_new ();

  /* What the application does, done by the test: the window keeps it. */
  g_action_map_add_action_entries (G_ACTION_MAP (group), actions, n_actions, user_data);
  gtk_widget_insert_action_group (window, "app", G_ACTION_GROUP (group));
  adw_window_set_content (ADW_WINDOW (window), page);
  /* The helpers find the window's place on the screen; they need a
   * GtkWindow, whichever it is. */
  f->window = (RedialWindow *) window;
  present_and_start (f, width, height);
}

void
queue_fixture_teardown (Fixture       *f,
                        gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  redial_test_drain ();
  g_clear_object (&f->engine);
  g_clear_object (&f->store);
  g_clear_object (&f->context);
  g_clear_object (&f->clock);
  redial_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static gboolean
on_wait_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
queue_wait_until (Fixture        *f,
                  QueueCondition  condition,
                  gconstpointer   data,
                  const char     *what)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add (WAIT_US / 1000, on_wait_timeout, &timed_out);

  while (!condition (f, data))
    {
      if (timed_out)
        {
          if (g_getenv ("REDIAL_TEST_SCREENSHOT") != NULL)
            g_spawn_command_line_sync ("import -window root /tmp/redial-timeout.png", NULL, NULL, NULL, NULL);
          g_error ("Timed out waiting for %s", what);
        }
      g_main_context_iteration (NULL, TRUE);
    }
  if (!timed_out)
    g_source_remove (timeout);
}

static void
on_after_paint (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean
is_painted (Fixture       *f,
            gconstpointer  painted)
{
  return *(const gboolean *) painted;
}

void
queue_settle (Fixture *f)
{
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong handler;

  redial_test_drain ();
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (f->window));
  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);
  gtk_widget_queue_draw (GTK_WIDGET (f->window));
  queue_wait_until (f, is_painted, &painted, "the window to draw");
  g_signal_handler_disconnect (clock, handler);
  redial_test_drain ();
}

void
queue_advance (Fixture *f,
               gint64   delta_us)
{
  gint64 end = redial_clock_now (f->clock) + delta_us;

  while (redial_clock_now (f->clock) < end)
    {
      redial_fake_clock_advance_to (REDIAL_FAKE_CLOCK (f->clock),
                                    MIN (end, redial_clock_now (f->clock) + G_USEC_PER_SEC / 5));
      redial_test_drain ();
    }
  queue_settle (f);
}

RedialCase *
queue_add_call (Fixture    *f,
                const char *id,
                const char *caller,
                const char *name,
                int         seconds_ago)
{
  g_autoptr(RedialCallEvent) event = redial_call_event_new ();
  GListModel *queue = redial_engine_get_queue (f->engine);

  event->provider = g_strdup ("test");
  event->provider_call_id = g_strdup (id);
  event->caller = g_strdup (caller);
  event->caller_name = g_strdup (name);
  event->started_at = redial_clock_now (f->clock) - SECONDS (seconds_ago);
  redial_engine_handle_call (f->engine, event);

  for (guint i = 0; i < g_list_model_get_n_items (queue); i++)
    {
      g_autoptr(RedialCase) kase = g_list_model_get_item (queue, i);
      if (g_strcmp0 (redial_case_get_caller (kase), caller) == 0)
        return kase;
    }
  g_assert_not_reached ();
}

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (REDIAL_IS_QUEUE_ROW (widget) && gtk_widget_get_mapped (widget) &&
      redial_queue_row_get_case (REDIAL_QUEUE_ROW (widget)) != NULL)
    {
      g_ptr_array_add (rows, widget);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

GPtrArray *
queue_collect_rows (Fixture *f)
{
  GPtrArray *rows = g_ptr_array_new ();

  collect_rows (GTK_WIDGET (f->window), rows);
  return rows;
}

char *
queue_row_text (GtkWidget *widget)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, widget);
  while (stack->len > 0)
    {
      GtkWidget *w = g_ptr_array_steal_index (stack, 0);

      if (GTK_IS_LABEL (w) && gtk_widget_get_visible (w))
        g_string_append_printf (text, "%s%s", text->len ? " | " : "", gtk_label_get_text (GTK_LABEL (w)));
      for (GtkWidget *child = gtk_widget_get_first_child (w); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        g_ptr_array_add (stack, child);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

GtkWidget *
queue_find_row (Fixture    *f,
                const char *text)
{
  g_autoptr(GPtrArray) rows = queue_collect_rows (f);

  for (guint i = 0; i < rows->len; i++)
    {
      g_autofree char *labels = queue_row_text (g_ptr_array_index (rows, i));
      if (strstr (labels, text) != NULL)
        return g_ptr_array_index (rows, i);
    }
  return NULL;
}

RedialQueueView *
queue_view (Fixture *f)
{
  return REDIAL_QUEUE_VIEW (redial_test_find_type (GTK_WIDGET (f->window), REDIAL_TYPE_QUEUE_VIEW));
}

/* Where @native's surface sits on the X screen. */
static void
surface_origin (GtkNative *native,
                int       *x,
                int       *y)
{
  GdkSurface *surface = gtk_native_get_surface (native);
  Display *display = gdk_x11_display_get_xdisplay (gdk_surface_get_display (surface));
  Window child;

  XTranslateCoordinates (display, gdk_x11_surface_get_xid (surface), DefaultRootWindow (display),
                         0, 0, x, y, &child);
}

static void
run_xdotool (const char *args)
{
  g_autofree char *command = g_strdup_printf ("xdotool %s", args);
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

void
queue_pointer_to_point (int x,
                        int y)
{
  g_autofree char *args = g_strdup_printf ("mousemove %d %d", x, y);

  run_xdotool (args);
}

static gboolean
is_hovered (Fixture       *f,
            gconstpointer  widget)
{
  return (gtk_widget_get_state_flags ((GtkWidget *) widget) & GTK_STATE_FLAG_PRELIGHT) != 0;
}

void
queue_pointer_to_widget_point (Fixture   *f,
                               GtkWidget *widget,
                               double     x,
                               double     y)
{
  /* The window's, or a dialog's over it. */
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t point;
  double dx, dy;
  int ox, oy;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &GRAPHENE_POINT_INIT (x, y), &point));
  gtk_native_get_surface_transform (native, &dx, &dy);
  surface_origin (native, &ox, &oy);
  queue_pointer_to_point (ox + (int) (point.x + dx), oy + (int) (point.y + dy));
}

void
queue_pointer_to (Fixture   *f,
                  GtkWidget *widget)
{
  queue_pointer_to_widget_point (f, widget, gtk_widget_get_width (widget) / 2.f, gtk_widget_get_height (widget) / 2.f);
  /* GTK has seen the pointer arrive before anything else happens. */
  queue_wait_until (f, is_hovered, widget, "the pointer over the widget");
}

void
queue_click (void)
{
  run_xdotool ("click 1");
}

void
queue_button (gboolean pressed)
{
  run_xdotool (pressed ? "mousedown 1" : "mouseup 1");
}

void
queue_type (const char *text)
{
  g_autofree char *quoted = g_shell_quote (text);
  g_autofree char *args = g_strdup_printf ("type --delay 5 %s", quoted);

  run_xdotool (args);
}

void
queue_key (const char *keys)
{
  g_autofree char *args = g_strdup_printf ("key %s", keys);

  run_xdotool (args);
}

RedialQueueRow *
queue_row_under_pointer (Fixture *f)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (f->window));
  GdkDevice *pointer = gdk_seat_get_pointer (gdk_display_get_default_seat (gdk_surface_get_display (surface)));
  double x, y, dx, dy;
  GtkWidget *picked;

  g_assert_true (gdk_surface_get_device_position (surface, pointer, &x, &y, NULL));
  gtk_native_get_surface_transform (GTK_NATIVE (f->window), &dx, &dy);
  picked = gtk_widget_pick (GTK_WIDGET (f->window), x - dx, y - dy, GTK_PICK_DEFAULT);
  if (picked == NULL)
    return NULL;
  if (REDIAL_IS_QUEUE_ROW (picked))
    return REDIAL_QUEUE_ROW (picked);
  return (RedialQueueRow *) gtk_widget_get_ancestor (picked, REDIAL_TYPE_QUEUE_ROW);
}
