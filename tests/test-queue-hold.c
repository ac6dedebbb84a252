/* test-queue-hold.c: the desk acts on the caller it aimed at: a still order, named targets, undo, toasts out of the way. */
#include "config.h"

#include "redial-queue-fixture.h"
#include "redial-test-util.h"
#include "redial-ui-test-util.h"

static const QueueFixtureOptions plain = { .demo = FALSE };
static const QueueFixtureOptions texting = { .sms = TRUE };
static const QueueFixtureOptions narrow = { .width = 360, .height = 700 };

static gboolean
is_held (Fixture       *f,
         gconstpointer  held)
{
  return redial_queue_view_get_held (queue_view (f)) == GPOINTER_TO_INT (held);
}

static gboolean
is_under_pointer (Fixture       *f,
                  gconstpointer  kase)
{
  RedialQueueRow *row = queue_row_under_pointer (f);

  return row != NULL && redial_queue_row_get_case (row) == kase;
}

/* The callers on screen, top to bottom: "Anna Able, Ben Baker". */
static char *
shown_order (Fixture *f)
{
  g_autoptr(GPtrArray) rows = queue_collect_rows (f);
  g_autoptr(GString) order = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (order, "%s%s", i > 0 ? ", " : "",
                            redial_case_get_caller_name (redial_queue_row_get_case (g_ptr_array_index (rows, i))));
  return g_string_free (g_steal_pointer (&order), FALSE);
}

static gboolean
is_label (GtkWidget     *widget,
          gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static void
test_pointer_holds_order (Fixture       *f,
                          gconstpointer  data)
{
  RedialCase *anna = queue_add_call (f, "a", "+13125550101", "Anna Able", 120);
  RedialCase *ben = queue_add_call (f, "b", "+13125550102", "Ben Baker", 90);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *applied = NULL;

  queue_add_call (f, "c", "+13125550103", "Cara Cole", 60);
  queue_settle (f);
  g_assert_false (redial_queue_view_get_held (queue_view (f)));

  /* The real pointer rests on Ben's row. */
  queue_pointer_to (f, queue_find_row (f, "Ben Baker"));
  queue_wait_until (f, is_under_pointer, ben, "the pointer on Ben's row");
  queue_wait_until (f, is_held, GINT_TO_POINTER (TRUE), "the queue to hold");
  before = shown_order (f);
  g_assert_cmpstr (before, ==, "Anna Able, Ben Baker, Cara Cole");

  /* A caller who has waited longest comes in, and Anna is answered: both
   * would move the rows under the pointer. */
  queue_add_call (f, "d", "+13125550104", "Dan Drew", 300);
  queue_settle (f);
  g_assert_true (is_under_pointer (f, ben));
  g_assert_true (redial_engine_record_call_attempt (f->engine, anna, &error));
  g_assert_no_error (error);
  queue_settle (f);
  g_assert_true (is_under_pointer (f, ben));
  after = shown_order (f);
  g_assert_cmpstr (after, ==, before);
  g_assert_nonnull (redial_test_find_widget (GTK_WIDGET (f->window), is_label, "1 updated · 1 new"));

  /* The pointer leaves the list: the queue is put in order. */
  queue_pointer_to_point (1279, 799);
  queue_wait_until (f, is_held, GINT_TO_POINTER (FALSE), "the queue to let go");
  queue_settle (f);
  applied = shown_order (f);
  g_assert_cmpstr (applied, ==, "Dan Drew, Ben Baker, Cara Cole, Anna Able");
  g_assert_null (redial_test_find_widget (GTK_WIDGET (f->window), is_label, "1 updated · 1 new"));
}

static gboolean
has_toast_saying (Fixture       *f,
                  gconstpointer  text)
{
  g_autofree char *everything = queue_row_text (GTK_WIDGET (f->window));

  return strstr (everything, text) != NULL;
}

static void
test_emergency_goes_on_top (Fixture       *f,
                            gconstpointer  data)
{
  RedialCase *ben = queue_add_call (f, "b", "+13125550102", "Ben Baker", 90);
  RedialCase *cara;
  g_autofree char *order = NULL;

  queue_add_call (f, "a", "+13125550101", "Anna Able", 120);
  cara = queue_add_call (f, "c", "+13125550103", "Cara Cole", 60);
  queue_settle (f);
  queue_pointer_to (f, queue_find_row (f, "Ben Baker"));
  queue_wait_until (f, is_under_pointer, ben, "the pointer on Ben's row");
  queue_wait_until (f, is_held, GINT_TO_POINTER (TRUE), "the queue to hold");

  /* Cara writes back about a burst pipe: held or not, she goes on top,
   * and the desk is told. */
  redial_engine_handle_inbound (f->engine, "SM-1", "+13125550103", "Help, a pipe burst and water is everywhere");
  queue_settle (f);
  g_assert_true (redial_case_get_emergency (cara));
  order = shown_order (f);
  g_assert_cmpstr (order, ==, "Cara Cole, Anna Able, Ben Baker");
  queue_wait_until (f, has_toast_saying, "New emergency on top: Cara Cole", "the emergency to be announced");
  queue_pointer_to_point (1279, 799);
}

static gboolean
has_keyboard_in_list (Fixture       *f,
                      gconstpointer  data)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

  return focus != NULL && gtk_widget_get_ancestor (focus, REDIAL_TYPE_QUEUE_ROW) != NULL &&
         gtk_window_get_focus_visible (GTK_WINDOW (f->window));
}

static gboolean
is_mapped_menu_button (GtkWidget     *widget,
                       gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget) && gtk_widget_get_mapped (widget);
}

static gboolean
is_main_menu_button (GtkWidget     *widget,
                     gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget));
}

static void
test_keyboard_holds_order (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *held = NULL;
  g_autofree char *applied = NULL;

  queue_add_call (f, "a", "+13125550101", "Anna Able", 120);
  queue_add_call (f, "b", "+13125550102", "Ben Baker", 90);
  queue_add_call (f, "c", "+13125550103", "Cara Cole", 60);
  queue_settle (f);

  /* The desk tabs into the list: the keyboard is on a row. */
  gtk_widget_grab_focus (redial_test_find_widget (queue_find_row (f, "Anna Able"), is_mapped_menu_button, NULL));
  queue_key ("Tab");
  queue_wait_until (f, has_keyboard_in_list, NULL, "the keyboard in the list");
  queue_wait_until (f, is_held, GINT_TO_POINTER (TRUE), "the queue to hold");
  before = shown_order (f);

  queue_add_call (f, "d", "+13125550104", "Dan Drew", 300);
  queue_settle (f);
  held = shown_order (f);
  g_assert_cmpstr (held, ==, before);

  /* The keyboard leaves the list: the queue is put in order. */
  gtk_widget_grab_focus (redial_test_find_widget (GTK_WIDGET (f->window), is_main_menu_button, NULL));
  queue_wait_until (f, is_held, GINT_TO_POINTER (FALSE), "the queue to let go");
  queue_settle (f);
  applied = shown_order (f);
  g_assert_cmpstr (applied, ==, "Dan Drew, Anna Able, Ben Baker, Cara Cole");
}

/* The popover of the menu button @button shows: a row's menu is made as
 * it opens. */
static gboolean
is_button_popover_open (Fixture       *f,
                        gconstpointer  button)
{
  GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));

  return popover != NULL && gtk_widget_get_mapped (GTK_WIDGET (popover));
}

static gboolean
is_button_popover_closed (Fixture       *f,
                          gconstpointer  button)
{
  return !is_button_popover_open (f, button);
}

static gboolean
is_popover_open (Fixture       *f,
                 gconstpointer  popover)
{
  return gtk_widget_get_mapped (GTK_WIDGET (popover));
}

static gboolean
has_text (Fixture       *f,
          gconstpointer  view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return g_strcmp0 (text, "Running late,\nthere by 5") == 0;
}

static gboolean
has_sent (Fixture       *f,
          gconstpointer  count)
{
  return redial_store_count (f->store, REDIAL_STORE_COUNT_MESSAGES) == GPOINTER_TO_INT (count);
}

static void
test_compose_names_and_holds (Fixture       *f,
                              gconstpointer  data)
{
  RedialCase *ben;
  GtkWidget *row;
  GtkWidget *text_back;
  GtkWidget *popover;
  GtkWidget *view;
  int sent;

  queue_add_call (f, "a", "+13125550101", "Anna Able", 120);
  ben = queue_add_call (f, "b", "+13125550102", "Ben Baker", 90);
  queue_add_call (f, "c", "+13125550103", "Cara Cole", 60);
  queue_settle (f);

  /* A click on Text Back opens a box that says whom the text goes to. */
  row = queue_find_row (f, "Ben Baker");
  text_back = redial_test_find_type (row, GTK_TYPE_MENU_BUTTON);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (text_back)));
  queue_pointer_to (f, text_back);
  queue_click ();
  queue_wait_until (f, is_popover_open, popover, "the compose box");
  g_assert_nonnull (redial_test_find_widget (popover, is_label, "Text to Ben Baker · (312) 555-0102"));

  /* Two lines, typed: the box shows them whole. */
  view = redial_test_find_type (popover, GTK_TYPE_TEXT_VIEW);
  g_assert_true (gtk_widget_has_focus (view));
  queue_type ("Running late,");
  queue_key ("Return");
  queue_type ("there by 5");
  queue_wait_until (f, has_text, view, "the typed text");

  /* The pointer wanders off and a caller comes in who would go on top:
   * while the box is open, the order holds. */
  queue_pointer_to_point (1279, 799);
  queue_add_call (f, "d", "+13125550104", "Dan Drew", 300);
  queue_settle (f);
  g_assert_true (redial_queue_view_get_held (queue_view (f)));
  g_assert_true (gtk_widget_get_mapped (popover));
  g_assert_true (redial_queue_row_get_case (REDIAL_QUEUE_ROW (row)) == ben);

  /* Ctrl+Return sends it, to Ben, whole. */
  sent = redial_store_count (f->store, REDIAL_STORE_COUNT_MESSAGES);
  queue_key ("ctrl+Return");
  queue_wait_until (f, has_sent, GINT_TO_POINTER (sent + 1), "the text to be sent");
  g_assert_cmpint (redial_case_get_state (ben), ==, REDIAL_CASE_STATE_RESPONDED);
  queue_wait_until (f, is_held, GINT_TO_POINTER (FALSE), "the queue to let go");
}

static gboolean
has_undo_toast (Fixture       *f,
                gconstpointer  shown)
{
  GtkWidget *undo = redial_test_find_button (GTK_WIDGET (f->window), "_Undo");

  return (undo != NULL && gtk_widget_get_mapped (undo)) == GPOINTER_TO_INT (shown);
}

/* Points at the toast's Undo once the toast has slid into place. */
static void
point_at_undo (Fixture *f)
{
  GtkWidget *undo = redial_test_find_button (GTK_WIDGET (f->window), "_Undo");
  graphene_rect_t was = GRAPHENE_RECT_INIT (-1, -1, 0, 0);
  graphene_rect_t now;

  g_assert_nonnull (undo);
  for (;;)
    {
      queue_settle (f);
      g_assert_true (gtk_widget_compute_bounds (undo, GTK_WIDGET (f->window), &now));
      if (graphene_rect_equal (&was, &now))
        break;
      was = now;
    }
  queue_pointer_to (f, undo);
}

static void
test_not_spam_can_be_undone (Fixture       *f,
                             gconstpointer  data)
{
  RedialCase *kase = queue_add_call (f, "a", "+13125550101", "Anna Able", 30);
  GtkWidget *not_spam;
  int sent;

  redial_case_set_kind (kase, REDIAL_CASE_KIND_LIKELY_SPAM);
  queue_settle (f);
  sent = redial_store_count (f->store, REDIAL_STORE_COUNT_MESSAGES);

  /* Not Spam makes a lead of the caller (and texts one not texted yet):
   * not before the toast's Undo has had its few seconds. */
  not_spam = redial_test_find_button (queue_find_row (f, "Anna Able"), "Not Spam");
  queue_pointer_to (f, not_spam);
  queue_click ();
  queue_wait_until (f, has_undo_toast, GINT_TO_POINTER (TRUE), "the Undo toast");
  g_assert_cmpint (redial_case_get_kind (kase), ==, REDIAL_CASE_KIND_LIKELY_SPAM);
  g_assert_false (gtk_widget_is_sensitive (not_spam));

  point_at_undo (f);
  queue_click ();
  queue_wait_until (f, has_undo_toast, GINT_TO_POINTER (FALSE), "the toast to go");
  queue_advance (f, SECONDS (10));
  g_assert_cmpint (redial_case_get_kind (kase), ==, REDIAL_CASE_KIND_LIKELY_SPAM);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_MESSAGES), ==, sent);
  g_assert_true (gtk_widget_is_sensitive (not_spam));

  /* Left alone, it is done when the seconds are up. */
  queue_pointer_to (f, not_spam);
  queue_click ();
  queue_wait_until (f, has_undo_toast, GINT_TO_POINTER (TRUE), "the Undo toast");
  queue_advance (f, SECONDS (4));
  g_assert_cmpint (redial_case_get_kind (kase), ==, REDIAL_CASE_KIND_LIKELY_SPAM);
  queue_advance (f, SECONDS (2));
  g_assert_cmpint (redial_case_get_kind (kase), ==, REDIAL_CASE_KIND_NEW_LEAD);
  queue_wait_until (f, has_undo_toast, GINT_TO_POINTER (FALSE), "the toast to go");
}

static gboolean
is_toast (GtkWidget     *widget,
          gconstpointer  data)
{
  return g_str_equal (G_OBJECT_TYPE_NAME (widget), "AdwToastWidget") && gtk_widget_get_mapped (widget);
}

static gboolean
has_toast (Fixture       *f,
           gconstpointer  data)
{
  return redial_test_find_widget (GTK_WIDGET (f->window), is_toast, NULL) != NULL;
}

static gboolean
is_scrolled_window (GtkWidget     *widget,
                    gconstpointer  data)
{
  /* The list's, not the filters' above it. */
  return GTK_IS_SCROLLED_WINDOW (widget) && redial_test_find_type (widget, GTK_TYPE_LIST_VIEW) != NULL;
}

static void
test_toasts_leave_rows_workable (Fixture       *f,
                                 gconstpointer  data)
{
  GtkScrolledWindow *scroller;
  GtkAdjustment *adjustment;
  g_autoptr(GPtrArray) rows = NULL;
  GtkWidget *last;
  GtkWidget *text_back;
  GtkWidget *toast;
  graphene_rect_t button_bounds, toast_bounds;

  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *id = g_strdup_printf ("call-%u", i);
      g_autofree char *caller = g_strdup_printf ("+1312555%04u", i);
      g_autofree char *name = g_strdup_printf ("Caller %u", i);

      queue_add_call (f, id, caller, name, 600 - i);
    }
  queue_settle (f);

  /* A toast is up (here: a call back with no phone system set up). */
  rows = queue_collect_rows (f);
  gtk_widget_activate_action (g_ptr_array_index (rows, 0), "queue.call-back", "x",
                              redial_case_get_id (redial_queue_row_get_case (g_ptr_array_index (rows, 0))));
  queue_wait_until (f, has_toast, NULL, "a toast");
  toast = redial_test_find_widget (GTK_WIDGET (f->window), is_toast, NULL);

  /* Scrolled to the end, the last caller's buttons sit clear of it. */
  scroller = GTK_SCROLLED_WINDOW (redial_test_find_widget (GTK_WIDGET (queue_view (f)), is_scrolled_window, NULL));
  adjustment = gtk_scrolled_window_get_vadjustment (scroller);
  /* The list learns its rows' heights as they come into view. */
  for (guint i = 0; i < 3; i++)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      queue_settle (f);
    }
  g_test_message ("scrolled to %g of %g (page %g)", gtk_adjustment_get_value (adjustment),
                  gtk_adjustment_get_upper (adjustment), gtk_adjustment_get_page_size (adjustment));
  last = queue_find_row (f, "Caller 29");
  g_assert_nonnull (last);
  /* On a narrow queue Text Back has folded into the row's menu: the
   * first menu button on screen is the way to it. */
  text_back = redial_test_find_widget (last, is_mapped_menu_button, NULL);
  g_assert_nonnull (text_back);
  g_assert_true (gtk_widget_compute_bounds (text_back, GTK_WIDGET (f->window), &button_bounds));
  g_assert_true (gtk_widget_compute_bounds (toast, GTK_WIDGET (f->window), &toast_bounds));
  g_test_message ("button %g,%g %gx%g; toast %g,%g %gx%g",
                  button_bounds.origin.x, button_bounds.origin.y, button_bounds.size.width, button_bounds.size.height,
                  toast_bounds.origin.x, toast_bounds.origin.y, toast_bounds.size.width, toast_bounds.size.height);
  g_assert_false (graphene_rect_intersection (&button_bounds, &toast_bounds, NULL));

  /* And a real click reaches it. */
  queue_pointer_to (f, text_back);
  queue_click ();
  queue_wait_until (f, is_button_popover_open, text_back, "the compose box or the menu of the last row");
  queue_key ("Escape");
  queue_wait_until (f, is_button_popover_closed, text_back, "the compose box or the menu to close");
}

static void
assert_label (GtkWidget  *row,
              const char *expected)
{
  g_autofree char *error = gtk_test_accessible_check_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                               expected);

  if (error != NULL)
    g_error ("%s", error);
}

static void
test_row_label_follows (Fixture       *f,
                        gconstpointer  data)
{
  RedialCase *kase = queue_add_call (f, "a", "+13125550101", "Anna Able", 0);
  g_autoptr(GError) error = NULL;
  GtkWidget *row;

  queue_settle (f);
  row = queue_find_row (f, "Anna Able");
  assert_label (row, "Anna Able, New, 0 minutes, Waiting for a first response");

  queue_advance (f, SECONDS (61));
  assert_label (row, "Anna Able, New, 1 minute, Waiting for a first response");

  /* The level in words, not by colour alone. */
  queue_advance (f, SECONDS (120));
  assert_label (row, "Anna Able, New, 3 minutes, First response due soon");

  g_assert_true (redial_engine_record_call_attempt (f->engine, kase, &error));
  queue_settle (f);
  assert_label (row, "Anna Able, Responded, 3 minutes, Responded");
}

int
main (int   argc,
      char *argv[])
{
  /* What a screen reader would be told, read back by GTK's test backend. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/queue/hold/pointer-keeps-the-row", Fixture, &plain,
              queue_fixture_setup, test_pointer_holds_order, queue_fixture_teardown);
  g_test_add ("/ui/queue/hold/emergency-goes-on-top", Fixture, &plain,
              queue_fixture_setup, test_emergency_goes_on_top, queue_fixture_teardown);
  g_test_add ("/ui/queue/hold/keyboard-keeps-the-order", Fixture, &plain,
              queue_fixture_setup, test_keyboard_holds_order, queue_fixture_teardown);
  g_test_add ("/ui/queue/hold/compose-names-its-target", Fixture, &texting,
              queue_fixture_setup, test_compose_names_and_holds, queue_fixture_teardown);
  g_test_add ("/ui/queue/undo/not-spam", Fixture, &texting,
              queue_fixture_setup, test_not_spam_can_be_undone, queue_fixture_teardown);
  g_test_add ("/ui/queue/toasts-leave-rows-workable", Fixture, &narrow,
              queue_fixture_setup, test_toasts_leave_rows_workable, queue_fixture_teardown);
  g_test_add ("/ui/queue/row-label-follows", Fixture, &plain,
              queue_fixture_setup, test_row_label_follows, queue_fixture_teardown);

  return g_test_run ();
}
