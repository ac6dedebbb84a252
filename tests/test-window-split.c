/* test-window-split.c: the queue beside the case page, folding to one pane, rows that keep the name and the timer, the desk's keys. */
#include "config.h"

#include "redial-queue-fixture.h"
#include "redial-test-util.h"
#include "redial-timer.h"
#include "redial-ui-test-util.h"

static const QueueFixtureOptions wide = { .width = 1100 };
static const QueueFixtureOptions at_480 = { .width = 480 };
static const QueueFixtureOptions at_360 = { .width = 360 };

static gboolean
is_label_text (GtkWidget     *widget,
               gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static gboolean
is_menu_button_with_icon (GtkWidget     *widget,
                          gconstpointer  icon_name)
{
  return GTK_IS_MENU_BUTTON (widget) &&
         g_strcmp0 (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)), icon_name) == 0;
}

static AdwLeaflet *
leaflet (Fixture *f)
{
  return ADW_LEAFLET (redial_test_find_type (GTK_WIDGET (f->window), ADW_TYPE_LEAFLET));
}

static gboolean
case_is_open (Fixture       *f,
              gconstpointer  kase)
{
  return redial_window_get_open_case (f->window) == kase;
}

static gboolean
queue_is_shown (Fixture       *f,
                gconstpointer  data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (queue_view (f)));
}

static gboolean
queue_is_hidden (Fixture       *f,
                 gconstpointer  data)
{
  return !gtk_widget_get_mapped (GTK_WIDGET (queue_view (f)));
}

/* A bad morning's queue: long names, an emergency that rang three
 * times, a robocaller. */
static void
add_morning (Fixture *f)
{
  RedialCase *maria;

  maria = queue_add_call (f, "m1", "+13125550142", "Maria Gonzalez", 200);
  queue_add_call (f, "m2", "+13125550142", "Maria Gonzalez", 150);
  queue_add_call (f, "m3", "+13125550142", "Maria Gonzalez", 100);
  redial_case_set_emergency (maria, TRUE);
  queue_add_call (f, "k", "+13125550177", "KOWALSKI D", 90);
  queue_add_call (f, "r", "+18885550100", "CARD SERVICES", 60);
  queue_add_call (f, "t", "+16305550125", "Tom Becker", 30);
  queue_settle (f);
}

/* However narrow the queue, each row shows its caller's whole name (up
 * to sixteen characters) and its whole timer; the rest folds into the
 * row's menu. */
static void
test_row_keeps_name_and_timer (Fixture       *f,
                               gconstpointer  data)
{
  const char *names[] = { "Maria Gonzalez", "KOWALSKI D", "CARD SERVICES", "Tom Becker" };

  add_morning (f);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkWidget *row = queue_find_row (f, names[i]);
      GtkWidget *name;
      GtkWidget *timer;
      GtkWidget *more;
      graphene_rect_t bounds;
      int natural = 0;

      g_assert_nonnull (row);
      name = redial_test_find_widget (row, is_label_text, names[i]);
      g_assert_nonnull (name);
      g_test_message ("%s: row %d px, name %d px", names[i], gtk_widget_get_width (row), gtk_widget_get_width (name));
      g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (name))));

      timer = redial_test_find_type (row, REDIAL_TYPE_TIMER);
      gtk_widget_measure (timer, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
      /* The bounds take in the timer's padding, as its measure does. */
      g_assert_true (gtk_widget_compute_bounds (timer, row, &bounds));
      g_assert_cmpfloat (bounds.size.width, >=, natural);
      g_assert_cmpfloat (bounds.origin.x, >=, 0);
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (row));

      /* The row itself is not cut off by the queue's edge. */
      g_assert_true (gtk_widget_compute_bounds (row, GTK_WIDGET (queue_view (f)), &bounds));
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (GTK_WIDGET (queue_view (f))));

      /* What folded is one click away. */
      more = redial_test_find_widget (row, is_menu_button_with_icon, "view-more-symbolic");
      g_assert_nonnull (more);
      g_assert_true (gtk_widget_get_mapped (more));
      g_assert_true (gtk_widget_compute_bounds (more, row, &bounds));
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (row));
    }

  if (g_getenv ("REDIAL_TEST_SCREENSHOT") != NULL)
    {
      g_autofree char *command = g_strdup_printf ("import -window root /tmp/redial-row-%d.png",
                                                  gtk_widget_get_width (GTK_WIDGET (f->window)));

      g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
    }
}

static gboolean
row_has_keyboard (Fixture       *f,
                  gconstpointer  kase)
{
  return redial_queue_view_get_focused_case (queue_view (f)) == kase;
}

/* A real click on a row opens its case beside the queue; j moves the
 * keyboard down the queue and Enter opens that one. */
static void
test_open_by_click_and_enter (Fixture       *f,
                              gconstpointer  data)
{
  RedialCase *anna = queue_add_call (f, "a", "+13125550101", "Anna Able", 120);
  RedialCase *ben = queue_add_call (f, "b", "+13125550102", "Ben Baker", 60);
  GtkWidget *name;

  queue_settle (f);
  g_assert_false (adw_leaflet_get_folded (leaflet (f)));
  g_assert_null (redial_window_get_open_case (f->window));

  name = redial_test_find_widget (queue_find_row (f, "Anna Able"), is_label_text, "Anna Able");
  queue_pointer_to (f, name);
  queue_click ();
  queue_wait_until (f, case_is_open, anna, "Anna's case to open");
  /* Beside the queue, which stays in sight. */
  g_assert_true (queue_is_shown (f, NULL));

  queue_key ("j");
  queue_wait_until (f, row_has_keyboard, ben, "the keyboard on Ben's row");
  queue_key ("Return");
  queue_wait_until (f, case_is_open, ben, "Ben's case to open");
  g_assert_true (queue_is_shown (f, NULL));
}

/* On a narrow window the case takes the whole window; Escape goes back
 * to the queue. */
static void
test_narrow_folds_and_escape_returns (Fixture       *f,
                                      gconstpointer  data)
{
  RedialCase *anna = queue_add_call (f, "a", "+13125550101", "Anna Able", 120);
  GtkWidget *name;

  queue_settle (f);
  g_assert_true (adw_leaflet_get_folded (leaflet (f)));
  g_assert_true (queue_is_shown (f, NULL));

  name = redial_test_find_widget (queue_find_row (f, "Anna Able"), is_label_text, "Anna Able");
  queue_pointer_to (f, name);
  queue_click ();
  queue_wait_until (f, case_is_open, anna, "Anna's case to open");
  queue_wait_until (f, queue_is_hidden, NULL, "the case page to take the window");

  queue_key ("Escape");
  queue_wait_until (f, queue_is_shown, NULL, "the queue to come back");
}

static gboolean
entry_says (Fixture       *f,
            gconstpointer  text)
{
  GtkWidget *entry = redial_test_find_type (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_ENTRY);

  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), text) == 0;
}

static gboolean
entry_has_focus (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *entry = redial_test_find_type (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_ENTRY);

  /* Shown, too: keys go only to a widget on screen. */
  return gtk_widget_get_mapped (entry) &&
         (gtk_widget_has_focus (entry) || gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), entry));
}

/* Ctrl+K goes to the search; the desk's letter keys typed there are
 * text, not commands. */
static void
test_keys_stay_in_the_entry (Fixture       *f,
                             gconstpointer  data)
{
  queue_add_call (f, "a", "+13125550101", "Anna Able", 120);
  queue_add_call (f, "b", "+13125550102", "Ben Baker", 60);
  queue_settle (f);

  queue_pointer_to (f, GTK_WIDGET (queue_view (f)));
  queue_key ("ctrl+k");
  queue_wait_until (f, entry_has_focus, NULL, "the search entry to have the keyboard");
  queue_type ("jkct");
  queue_wait_until (f, entry_says, "jkct", "the letters typed in the entry");
  g_assert_null (redial_window_get_open_case (f->window));
  g_assert_null (redial_queue_view_get_focused_case (queue_view (f)));
  g_assert_true (entry_has_focus (f, NULL));
}

static AdwViewStack *
views (Fixture *f)
{
  return ADW_VIEW_STACK (redial_test_find_type (GTK_WIDGET (f->window), ADW_TYPE_VIEW_STACK));
}

static gboolean
view_is (Fixture       *f,
         gconstpointer  name)
{
  return g_strcmp0 (adw_view_stack_get_visible_child_name (views (f)), name) == 0;
}

static gboolean
switcher_bar_shown (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *bar = redial_test_find_type (GTK_WIDGET (f->window), ADW_TYPE_VIEW_SWITCHER_BAR);

  return adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (bar)) == GPOINTER_TO_INT (data);
}

/* Ctrl+1, 2 and 3 switch between the queue, the calendar and the reports;
 * opening a case from elsewhere (an alert, a calendar entry) brings the
 * queue back with the case beside it. The switcher stays reachable: in
 * the header where there is room, else at the bottom. */
static void
test_views_switch_and_come_back (Fixture       *f,
                                 gconstpointer  data)
{
  const QueueFixtureOptions *options = data;
  RedialCase *anna = queue_add_call (f, "a", "+13125550101", "Anna Able", 120);

  queue_settle (f);
  g_assert_true (view_is (f, "queue"));
  queue_wait_until (f, switcher_bar_shown, GINT_TO_POINTER (TRUE), "the switcher beside the queue");

  queue_pointer_to (f, GTK_WIDGET (queue_view (f)));
  queue_key ("ctrl+2");
  queue_wait_until (f, view_is, "calendar", "the calendar");
  queue_wait_until (f, queue_is_hidden, NULL, "the queue out of sight");
  queue_wait_until (f, switcher_bar_shown, GINT_TO_POINTER (options->width < 600),
                    "the switcher in the header when wide, at the bottom when narrow");
  queue_key ("ctrl+3");
  queue_wait_until (f, view_is, "reports", "the reports");

  redial_window_open_case (f->window, redial_case_get_id (anna));
  queue_wait_until (f, view_is, "queue", "the queue back");
  queue_wait_until (f, case_is_open, anna, "Anna's case open");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/window/row-keeps-name-and-timer/480", Fixture, &at_480,
              queue_fixture_setup, test_row_keeps_name_and_timer, queue_fixture_teardown);
  g_test_add ("/ui/window/row-keeps-name-and-timer/360", Fixture, &at_360,
              queue_fixture_setup, test_row_keeps_name_and_timer, queue_fixture_teardown);
  g_test_add ("/ui/window/open-by-click-and-enter", Fixture, &wide,
              queue_fixture_setup, test_open_by_click_and_enter, queue_fixture_teardown);
  g_test_add ("/ui/window/narrow-folds-and-escape-returns", Fixture, &at_360,
              queue_fixture_setup, test_narrow_folds_and_escape_returns, queue_fixture_teardown);
  g_test_add ("/ui/window/keys-stay-in-the-entry", Fixture, &wide,
              queue_fixture_setup, test_keys_stay_in_the_entry, queue_fixture_teardown);
  g_test_add ("/ui/window/views-switch-and-come-back", Fixture, &wide,
              queue_fixture_setup, test_views_switch_and_come_back, queue_fixture_teardown);
  g_test_add ("/ui/window/views-switch-and-come-back/360", Fixture, &at_360,
              queue_fixture_setup, test_views_switch_and_come_back, queue_fixture_teardown);

  return g_test_run ();
}
