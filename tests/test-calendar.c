/* test-calendar.c: the calendar under a real X server: cases dragged from the tray, refused slots, a job stretched by its edge. */
#include "config.h"

#include <glib/gi18n.h>

#include "calendar/redial-calendar-grid.h"
#include "calendar/redial-calendar-tray.h"
#include "calendar/redial-calendar-view.h"
#include "case/redial-case-page.h"
#include "redial-queue-fixture.h"
#include "redial-test-util.h"
#include "redial-ui-test-util.h"

#define HOUR_US ((gint64) 3600 * G_USEC_PER_SEC)
/* Thursday 26 November 2026, midnight UTC: the day after the fake clock's start. */
#define THURSDAY_US (G_GINT64_CONSTANT (1795651200) * G_USEC_PER_SEC)

typedef struct
{
  Fixture             base;     /* the context on a fake clock; base.window is the test's window */
  RedialCalendarView *view;
  GPtrArray          *log;      /* "book-case 3 Joe 2026-11-26T10:00:00Z", one an activation */
} CalendarFixture;

typedef struct
{
  int                width;
  RedialCalendarMode mode;
} CalendarOptions;

static const CalendarOptions day = { 1280, REDIAL_CALENDAR_DAY };
static const CalendarOptions week = { 1280, REDIAL_CALENDAR_WEEK };
static const CalendarOptions narrow = { 360, REDIAL_CALENDAR_DAY };

static const char settings[] =
  "[job-type water heater]\n"
  "duration = 2h\n"
  "[resource Joe]\n"
  "hours = mon-sun 08:00-18:00\n"
  "[resource Ann]\n"
  "hours = mon-fri 08:00-12:00, 13:00-17:00\n"
  "[booking]\n"
  "minimum-notice = 0m\n";

static RedialCalendarGrid *
grid (CalendarFixture *f)
{
  return redial_calendar_view_get_grid (f->view);
}

static gint64
parse_time (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (text, utc);

  g_assert_nonnull (at);
  return g_date_time_to_unix (at) * G_USEC_PER_SEC;
}

/* The application's booking actions, as small as they can be: each acts
 * on the engine, as app.* does in the window. */
static void
on_action (GSimpleAction *action,
           GVariant      *parameter,
           gpointer       user_data)
{
  CalendarFixture *f = user_data;
  const char *name = g_action_get_name (G_ACTION (action));
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialAppointment) appointment = NULL;
  const char *resource, *start, *end;
  gint64 id;

  if (g_str_equal (name, "book-case"))
    {
      g_autoptr(RedialCase) kase = NULL;

      g_variant_get (parameter, "(x&s&s)", &id, &resource, &start);
      g_ptr_array_add (f->log, g_strdup_printf ("%s %" G_GINT64_FORMAT " %s %s", name, id, resource, start));
      kase = redial_engine_find_case (f->base.engine, id, &error);
      g_assert_no_error (error);
      appointment = redial_engine_book_case (f->base.engine, kase, resource, parse_time (start), FALSE, &error);
    }
  else if (g_str_equal (name, "move-appointment"))
    {
      g_variant_get (parameter, "(x&s&s&s)", &id, &resource, &start, &end);
      g_ptr_array_add (f->log, g_strdup_printf ("%s %" G_GINT64_FORMAT " %s %s %s", name, id, resource, start, end));
      appointment = redial_engine_move_appointment (f->base.engine, id, resource, parse_time (start),
                                                    parse_time (end), &error);
    }
  else
    {
      id = g_variant_get_int64 (parameter);
      g_ptr_array_add (f->log, g_strdup_printf ("%s %" G_GINT64_FORMAT, name, id));
      if (g_str_equal (name, "cancel-appointment"))
        redial_engine_cancel_appointment (f->base.engine, id, &error);
    }
  g_assert_no_error (error);
}

static const GActionEntry booking_actions[] = {
  { "book-case", on_action, "(xss)", NULL, NULL },
  { "move-appointment", on_action, "(xsss)", NULL, NULL },
  { "cancel-appointment", on_action, "x", NULL, NULL },
  { "open-case", on_action, "x", NULL, NULL },
};

static void
calendar_setup (CalendarFixture *f,
                gconstpointer    data)
{
  const CalendarOptions *options = data;
  g_autoptr(GDateTime) thursday = NULL;
  g_autofree char *text = NULL;

  text = g_strdup_printf ("[business]\nname = Acme Plumbing\n[sms]\nbackend = demo\n%s", settings);
  queue_fixture_open_desk (&f->base, text);
  f->log = g_ptr_array_new_with_free_func (g_free);

  f->view = REDIAL_CALENDAR_VIEW (redial_calendar_view_new ());
  redial_calendar_view_set_context (f->view, f->base.context);
  thursday = g_date_time_new_from_unix_utc (THURSDAY_US / G_USEC_PER_SEC);
  redial_calendar_view_show_date (f->view, options->mode, thursday);
  queue_fixture_show_page (&f->base, GTK_WIDGET (f->view), booking_actions, G_N_ELEMENTS (booking_actions), f,
                           options->width, 760);
}

static void
calendar_teardown (CalendarFixture *f,
                   gconstpointer    data)
{
  g_ptr_array_unref (f->log);
  queue_fixture_teardown (&f->base, data);
}

static gboolean
logged (CalendarFixture *f,
        const char      *line)
{
  for (guint i = 0; i < f->log->len; i++)
    if (g_str_equal (g_ptr_array_index (f->log, i), line))
      return TRUE;
  return FALSE;
}

static gboolean
is_logged (Fixture       *f,
           gconstpointer  line)
{
  return logged ((CalendarFixture *) f, line);
}

/* A caller whose case the intake qualified: it waits in the tray. */
static RedialCase *
add_qualified (CalendarFixture *f,
               const char      *id,
               const char      *caller,
               const char      *name)
{
  RedialCase *kase = queue_add_call (&f->base, id, caller, name, 60);

  redial_case_set_state (kase, REDIAL_CASE_STATE_QUALIFIED);
  redial_test_drain ();
  return kase;
}

/* The tray's row (a GtkListBoxRow) whose labels say @name, or NULL. */
static GtkWidget *
tray_row (CalendarFixture *f,
          const char      *name)
{
  GtkWidget *tray = redial_test_find_type (GTK_WIDGET (f->view), REDIAL_TYPE_CALENDAR_TRAY);
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, tray);
  while (stack->len > 0)
    {
      GtkWidget *widget = g_ptr_array_steal_index (stack, 0);

      if (GTK_IS_LIST_BOX_ROW (widget) && gtk_widget_get_mapped (widget))
        {
          g_autofree char *text = queue_row_text (widget);

          if (strstr (text, name) != NULL)
            return widget;
        }
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        g_ptr_array_add (stack, child);
    }
  return NULL;
}

static gboolean
is_in_tray (Fixture       *f,
            gconstpointer  name)
{
  return tray_row ((CalendarFixture *) f, name) != NULL;
}

typedef struct
{
  const char *resource;
  gint64      start;
  gint64      end;
} Preview;

static gboolean
is_previewing (Fixture       *f,
               gconstpointer  data)
{
  const Preview *want = data;
  const char *resource;
  gint64 start, end;

  return redial_calendar_grid_get_preview (grid ((CalendarFixture *) f), &resource, &start, &end) &&
         g_strcmp0 (resource, want->resource) == 0 && start == want->start && end == want->end;
}

/* Whether a drag from @widget has begun. */
static gboolean
is_dragging (Fixture       *f,
             gconstpointer  widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers ((GtkWidget *) widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DRAG_SOURCE (controller) && gtk_drag_source_get_drag (GTK_DRAG_SOURCE (controller)) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* Drags from the middle of @from to the slot of @resource at @start,
 * with the real pointer, and waits for the preview of [@start, @end)
 * there; the button is still down. */
static void
drag_to_slot (CalendarFixture *f,
              GtkWidget       *from,
              const char      *resource,
              gint64           start,
              gint64           end)
{
  Preview want = { resource, start, end };
  graphene_point_t point;

  queue_pointer_to (&f->base, from);
  queue_button (TRUE);
  /* Past the drag threshold; once the drag has begun, over the slot, as a hand moves. */
  queue_pointer_to_widget_point (&f->base, from, gtk_widget_get_width (from) / 2.0 + 20,
                                 gtk_widget_get_height (from) / 2.0 + 10);
  queue_wait_until (&f->base, is_dragging, from, "the drag to begin");
  g_assert_true (redial_calendar_grid_slot_point (grid (f), resource, start, &point));
  queue_pointer_to_widget_point (&f->base, GTK_WIDGET (grid (f)), point.x - 10, point.y);
  redial_test_drain ();
  queue_pointer_to_widget_point (&f->base, GTK_WIDGET (grid (f)), point.x, point.y);
  queue_wait_until (&f->base, is_previewing, &want, "the preview of the slot");
}

static gboolean
case_is_booked (Fixture       *f,
                gconstpointer  kase)
{
  return redial_case_get_state ((RedialCase *) kase) == REDIAL_CASE_STATE_BOOKED;
}

static GPtrArray *
appointments (CalendarFixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *list = redial_store_list_appointments (f->base.store, THURSDAY_US - 24 * HOUR_US,
                                                    THURSDAY_US + 48 * HOUR_US, NULL, &error);

  g_assert_no_error (error);
  return list;
}

/* A drag from the tray onto Joe at 10:00 books the case there, for its
 * job's two hours, and the case leaves the tray. */
static void
test_drag_from_tray_books (CalendarFixture *f,
                           gconstpointer    data)
{
  g_autoptr(RedialCase) kase = g_object_ref (add_qualified (f, "c1", "+13125550101", "Maria Lopez"));
  g_autofree char *line = NULL;
  g_autoptr(GPtrArray) booked = NULL;
  RedialAppointment *appointment;
  GtkWidget *row;

  queue_wait_until (&f->base, is_in_tray, "Maria Lopez", "the case in the tray");
  row = tray_row (f, "Maria Lopez");

  drag_to_slot (f, row, "Joe", THURSDAY_US + 10 * HOUR_US, THURSDAY_US + 11 * HOUR_US);
  g_assert_null (redial_calendar_grid_get_refusal (grid (f)));
  queue_button (FALSE);

  line = g_strdup_printf ("book-case %" G_GINT64_FORMAT " Joe 2026-11-26T10:00:00Z", redial_case_get_id (kase));
  queue_wait_until (&f->base, is_logged, line, "the drop to book the case");
  queue_wait_until (&f->base, case_is_booked, kase, "the case to be booked");
  booked = appointments (f);
  g_assert_cmpuint (booked->len, ==, 1);
  appointment = g_ptr_array_index (booked, 0);
  g_assert_cmpstr (redial_appointment_get_resource (appointment), ==, "Joe");
  g_assert_cmpint (redial_appointment_get_start (appointment), ==, THURSDAY_US + 10 * HOUR_US);
  queue_settle (&f->base);
  g_assert_null (tray_row (f, "Maria Lopez"));
}

/* An appointment of Joe's, booked before the calendar is looked at. */
static gint64
add_appointment (CalendarFixture *f,
                 gint64           start,
                 gint64           end)
{
  RedialCase *kase = queue_add_call (&f->base, "tom", "+13125550199", "Tom Becker", 600);
  g_autoptr(RedialAppointment) appointment = redial_appointment_new (redial_case_get_id (kase), "Joe", NULL, start, end);
  g_autoptr(GError) error = NULL;

  redial_appointment_set_caller_name (appointment, "Tom Becker");
  redial_appointment_set_address (appointment, "12 Elm Street");
  g_assert_true (redial_store_add_appointment (f->base.store, appointment, redial_clock_now (f->base.clock), &error));
  g_assert_no_error (error);
  redial_calendar_view_reload (f->view);
  queue_settle (&f->base);
  return redial_appointment_get_id (appointment);
}

static gboolean
is_idle (Fixture       *f,
         gconstpointer  widget)
{
  return !is_dragging (f, widget) && !redial_calendar_grid_get_preview (grid ((CalendarFixture *) f), NULL, NULL, NULL);
}

/* A slot that overlaps Joe's job is refused while the case hovers over
 * it, with the reason, and the drop books nothing. */
static void
test_refused_drop_shows_reason (CalendarFixture *f,
                                gconstpointer    data)
{
  g_autoptr(RedialCase) kase = g_object_ref (add_qualified (f, "c1", "+13125550101", "Maria Lopez"));
  g_autoptr(GPtrArray) booked = NULL;
  GtkWidget *row;

  add_appointment (f, THURSDAY_US + 9 * HOUR_US, THURSDAY_US + 11 * HOUR_US);
  queue_wait_until (&f->base, is_in_tray, "Maria Lopez", "the case in the tray");
  row = tray_row (f, "Maria Lopez");

  drag_to_slot (f, row, "Joe", THURSDAY_US + 10 * HOUR_US, THURSDAY_US + 11 * HOUR_US);
  g_assert_cmpstr (redial_calendar_grid_get_refusal (grid (f)), ==, "Overlaps Joe 9:00–11:00");
  queue_settle (&f->base);
  queue_button (FALSE);

  queue_wait_until (&f->base, is_idle, row, "the drag to end");
  redial_test_drain ();
  g_assert_cmpuint (f->log->len, ==, 0);
  g_assert_cmpint (redial_case_get_state (kase), ==, REDIAL_CASE_STATE_QUALIFIED);
  booked = appointments (f);
  g_assert_cmpuint (booked->len, ==, 1);
  g_assert_nonnull (tray_row (f, "Maria Lopez"));
}

/* Where a job of Joe's ends on screen, in the grid's coordinates: the
 * line between the slot before @end and the slot at it. */
static graphene_point_t
end_point (CalendarFixture *f,
           gint64           end)
{
  graphene_point_t before, after;

  g_assert_true (redial_calendar_grid_slot_point (grid (f), "Joe", end - 15 * 60 * G_USEC_PER_SEC, &before));
  g_assert_true (redial_calendar_grid_slot_point (grid (f), "Joe", end, &after));
  return GRAPHENE_POINT_INIT (before.x, (before.y + after.y) / 2);
}

static gboolean
is_previewing_end (Fixture       *f,
                   gconstpointer  data)
{
  const Preview *want = data;
  gint64 start, end;

  return redial_calendar_grid_get_preview (grid ((CalendarFixture *) f), NULL, &start, &end) &&
         start == want->start && end == want->end;
}

/* Joe's job dragged by its bottom edge from 10:00 to 11:00 ends at 11:00. */
static void
test_resize_by_bottom_edge (CalendarFixture *f,
                            gconstpointer    data)
{
  gint64 id = add_appointment (f, THURSDAY_US + 9 * HOUR_US, THURSDAY_US + 10 * HOUR_US);
  graphene_point_t edge = end_point (f, THURSDAY_US + 10 * HOUR_US);
  graphene_point_t target = end_point (f, THURSDAY_US + 11 * HOUR_US);
  Preview want = { "Joe", THURSDAY_US + 9 * HOUR_US, THURSDAY_US + 11 * HOUR_US };
  g_autofree char *line = NULL;
  g_autoptr(RedialAppointment) appointment = NULL;
  g_autoptr(GError) error = NULL;

  /* Just above the edge, where the pointer turns to a resize arrow. */
  queue_pointer_to_widget_point (&f->base, GTK_WIDGET (grid (f)), edge.x, edge.y - 2);
  queue_button (TRUE);
  queue_pointer_to_widget_point (&f->base, GTK_WIDGET (grid (f)), edge.x, (edge.y + target.y) / 2);
  queue_pointer_to_widget_point (&f->base, GTK_WIDGET (grid (f)), target.x, target.y + 1);
  queue_wait_until (&f->base, is_previewing_end, &want, "the preview of the longer job");
  g_assert_null (redial_calendar_grid_get_refusal (grid (f)));
  queue_button (FALSE);

  line = g_strdup_printf ("move-appointment %" G_GINT64_FORMAT " Joe 2026-11-26T09:00:00Z 2026-11-26T11:00:00Z", id);
  queue_wait_until (&f->base, is_logged, line, "the job to be stretched");
  appointment = redial_store_get_appointment (f->base.store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (redial_appointment_get_start (appointment), ==, THURSDAY_US + 9 * HOUR_US);
  g_assert_cmpint (redial_appointment_get_end (appointment), ==, THURSDAY_US + 11 * HOUR_US);
}

/* Arrow keys walk from a free slot onto Joe's job; Enter opens its case. */
static void
test_keyboard_opens_case (CalendarFixture *f,
                          gconstpointer    data)
{
  graphene_point_t eight;
  g_autofree char *line = NULL;

  add_appointment (f, THURSDAY_US + 9 * HOUR_US, THURSDAY_US + 10 * HOUR_US);
  line = g_strdup_printf ("open-case %" G_GINT64_FORMAT,
                          redial_case_get_id (queue_add_call (&f->base, "tom", "+13125550199", "Tom Becker", 600)));
  /* A click on Ann's free slot at 8:00 gives the grid the keyboard there. */
  g_assert_true (redial_calendar_grid_slot_point (grid (f), "Ann", THURSDAY_US + 8 * HOUR_US, &eight));
  queue_pointer_to_widget_point (&f->base, GTK_WIDGET (grid (f)), eight.x, eight.y);
  queue_click ();
  queue_settle (&f->base);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (grid (f))));

  queue_key ("Left Down Down Down Down Return");
  queue_wait_until (&f->base, is_logged, line, "Enter to open the job's case");
}

static gboolean
has_drag_source (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DRAG_SOURCE (controller))
        return TRUE;
    }
  return FALSE;
}

/* The label saying @text that a drag can start from. */
static gboolean
is_draggable_label (GtkWidget     *widget,
                    gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0 &&
         has_drag_source (widget);
}

/* The case id a drag from @widget would carry, as the calendar reads it. */
static gint64
dragged_case_id (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
      g_autoptr(GdkContentProvider) content = NULL;
      g_auto(GValue) value = G_VALUE_INIT;

      if (!GTK_IS_DRAG_SOURCE (controller))
        continue;
      g_signal_emit_by_name (controller, "prepare", 1.0, 1.0, &content);
      g_assert_nonnull (content);
      g_value_init (&value, G_TYPE_INT64);
      g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
      return g_value_get_int64 (&value);
    }
  return 0;
}

/* A queue row and the caller's name on the case page offer their case
 * to a drag, as the tray's rows do. */
static void
test_queue_and_case_page_offer_case (CalendarFixture *f,
                                     gconstpointer    data)
{
  RedialCase *kase = add_qualified (f, "c1", "+13125550101", "Maria Lopez");
  g_autoptr(GtkWidget) row = g_object_ref_sink (redial_queue_row_new (f->base.context));
  g_autoptr(GtkWidget) page = g_object_ref_sink (redial_case_page_new ());
  GtkWidget *name;

  redial_queue_row_set_case (REDIAL_QUEUE_ROW (row), kase);
  g_assert_cmpint (dragged_case_id (row), ==, redial_case_get_id (kase));

  redial_case_page_set_context (REDIAL_CASE_PAGE (page), f->base.context);
  redial_case_page_set_case (REDIAL_CASE_PAGE (page), kase);
  name = redial_test_find_widget (page, is_draggable_label, "Maria Lopez");
  g_assert_nonnull (name);
  g_assert_cmpint (dragged_case_id (name), ==, redial_case_get_id (kase));
}

/* New business settings (pushed from another desk) show without a
 * restart: a technician taken on gets a column, one who left loses it. */
static void
test_follows_new_settings (CalendarFixture *f,
                           gconstpointer    data)
{
  RedialConfig *config = redial_context_get_config (f->base.context);
  gint64 ten = THURSDAY_US + 10 * HOUR_US;
  graphene_point_t point;
  g_autoptr(GError) error = NULL;
  RedialConfig *pushed;

  queue_settle (&f->base);
  g_assert_true (redial_calendar_grid_slot_point (grid (f), "Ann", ten, &point));
  g_assert_false (redial_calendar_grid_slot_point (grid (f), "Luis", ten, &point));

  pushed = redial_config_new_with_shared (config,
                                          "[business]\nname = Acme Plumbing\n"
                                          "[resource Joe]\nhours = mon-sun 08:00-18:00\n"
                                          "[resource Luis]\nhours = mon-sun 07:00-15:00\n",
                                          "shared", NULL, &error);
  g_assert_no_error (error);
  redial_config_update (config, pushed);
  g_object_unref (pushed);
  queue_settle (&f->base);

  g_assert_true (redial_calendar_grid_slot_point (grid (f), "Luis", ten, &point));
  g_assert_true (redial_calendar_grid_slot_point (grid (f), "Joe", ten, &point));
  g_assert_false (redial_calendar_grid_slot_point (grid (f), "Ann", ten, &point));
}

/* The calendar as a desk sees it, with a screenshot to REDIAL_SCREENSHOT. */
static void
test_look (CalendarFixture *f,
           gconstpointer    data)
{
  const CalendarOptions *options = data;
  const char *screenshot = g_getenv ("REDIAL_SCREENSHOT");

  add_qualified (f, "c1", "+13125550101", "Maria Lopez");
  add_appointment (f, THURSDAY_US + 9 * HOUR_US, THURSDAY_US + 11 * HOUR_US);
  /* On a narrow window the tray folds away, behind its button. */
  if (options->width > 360)
    queue_wait_until (&f->base, is_in_tray, "Maria Lopez", "the case in the tray");
  else
    g_assert_null (tray_row (f, "Maria Lopez"));
  if (screenshot != NULL)
    {
      g_autofree char *command = g_strdup_printf ("import -window root %s", screenshot);

      queue_settle (&f->base);
      g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
    }
}

int
main (int   argc,
      char *argv[])
{
  redial_test_init_ui (&argc, &argv);

#define ADD(path, options, test) \
  g_test_add ("/ui/calendar/" path, CalendarFixture, options, calendar_setup, test, calendar_teardown)
  ADD ("drag-from-tray-books", &day, test_drag_from_tray_books);
  ADD ("refused-drop-shows-reason", &day, test_refused_drop_shows_reason);
  ADD ("resize-by-bottom-edge", &day, test_resize_by_bottom_edge);
  ADD ("keyboard-opens-case", &day, test_keyboard_opens_case);
  ADD ("queue-and-case-page-offer-case", &day, test_queue_and_case_page_offer_case);
  ADD ("follows-new-settings", &day, test_follows_new_settings);
  ADD ("look", &day, test_look);
  ADD ("look-week", &week, test_look);
  ADD ("look-narrow", &narrow, test_look);
#undef ADD

  return g_test_run ();
}
