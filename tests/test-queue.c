/* test-queue.c: the window under a real X server, fed by the demo on a fake clock. */
#include "config.h"

#include <glib/gstdio.h>

#include "redial-queue-fixture.h"
#include "redial-test-util.h"
#include "redial-timer.h"
#include "redial-ui-test-util.h"

static const QueueFixtureOptions plain = { .demo = FALSE };
static const QueueFixtureOptions demo = { .demo = TRUE };

#define row_text(widget) queue_row_text (widget)

/* Writes @text in the row's compose box and presses Send. */
static void
compose_and_send (GtkWidget  *row,
                  const char *text,
                  const char *expected_title,
                  const char *expected_count)
{
  GtkWidget *menu_button = redial_test_find_type (row, GTK_TYPE_MENU_BUTTON);
  GtkPopover *popover;
  GtkWidget *view;
  GtkWidget *send;

  g_assert_nonnull (menu_button);
  g_assert_true (gtk_widget_get_visible (menu_button));
  g_assert_true (gtk_widget_is_sensitive (menu_button));
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button));
  view = redial_test_find_type (GTK_WIDGET (popover), GTK_TYPE_TEXT_VIEW);
  send = redial_test_find_button (GTK_WIDGET (popover), "Send");
  g_assert_nonnull (view);
  g_assert_nonnull (send);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
  g_assert_true (gtk_widget_get_sensitive (send));
  {
    g_autofree char *labels = row_text (GTK_WIDGET (popover));
    if (expected_title != NULL)
      g_assert_nonnull (strstr (labels, expected_title));
    if (expected_count != NULL)
      g_assert_nonnull (strstr (labels, expected_count));
  }
  g_signal_emit_by_name (send, "clicked");
}

static gboolean
has_undo_toast (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *undo = redial_test_find_button (GTK_WIDGET (f->window), "_Undo");

  return undo != NULL && gtk_widget_get_mapped (undo);
}

static gboolean
is_timer (GtkWidget     *widget,
          gconstpointer  data)
{
  return REDIAL_IS_TIMER (widget);
}

static gboolean
is_stack_showing (GtkWidget     *widget,
                  gconstpointer  name)
{
  return GTK_IS_STACK (widget) && g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (widget)), name) == 0;
}

static gboolean
is_queue_title (GtkWidget     *widget,
                gconstpointer  data)
{
  return ADW_IS_WINDOW_TITLE (widget) &&
         g_strcmp0 (adw_window_title_get_title (ADW_WINDOW_TITLE (widget)), "Callback Queue") == 0;
}

/* What the queue's header says below its title. */
static const char *
queue_subtitle (Fixture *f)
{
  return adw_window_title_get_subtitle (ADW_WINDOW_TITLE (redial_test_find_widget (GTK_WIDGET (f->window),
                                                                                   is_queue_title, NULL)));
}

static void
test_empty_state (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_assert_nonnull (redial_test_find_widget (GTK_WIDGET (f->window), is_stack_showing, "empty"));
  rows = queue_collect_rows (f);
  g_assert_cmpuint (rows->len, ==, 0);
  g_assert_cmpstr (queue_subtitle (f), ==, "No phone system set up");
}

static void
test_demo_fills_queue (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GString) all = g_string_new (NULL);
  GtkWidget *timer;
  g_autofree char *first = NULL;

  /* Ten simulated seconds: the demo is connected and the first call is in. */
  queue_advance (f, SECONDS (10));
  g_assert_nonnull (redial_test_find_widget (GTK_WIDGET (f->window), is_stack_showing, "queue"));
  g_assert_cmpstr (queue_subtitle (f), ==, "Demo phone system connected");

  rows = queue_collect_rows (f);
  g_assert_cmpuint (rows->len, >=, 1);
  first = row_text (g_ptr_array_index (rows, 0));
  g_assert_nonnull (strstr (first, "Maria Gonzalez"));
  g_assert_nonnull (strstr (first, "(312) 555-0142 · Main"));
  g_assert_nonnull (strstr (first, "Texted back"));

  /* Two more simulated minutes: repeat calls, replies, an opt-out. */
  queue_advance (f, SECONDS (120));
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = queue_collect_rows (f);
  g_assert_cmpuint (rows->len, >=, 6);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autofree char *text = row_text (g_ptr_array_index (rows, i));
      g_string_append_printf (all, "%s\n", text);
    }
  g_test_message ("queue:\n%s", all->str);

  g_assert_nonnull (strstr (all->str, "3 calls"));
  g_assert_nonnull (strstr (all->str, "Hidden number"));
  g_assert_nonnull (strstr (all->str, "No number"));
  g_assert_nonnull (strstr (all->str, "Replied"));
  g_assert_nonnull (strstr (all->str, "Opted out"));
  g_assert_nonnull (strstr (all->str, "Google Ads"));
  /* What a caller wrote back is in their row. */
  g_assert_nonnull (strstr (all->str, "Yes please! Our water heater is leaking in the basement."));

  /* The robocaller is marked, and one click blocks it and closes the case. */
  {
    GtkWidget *spam_row = NULL;
    GtkWidget *button;
    guint before = g_list_model_get_n_items (redial_engine_get_queue (f->engine));

    for (guint i = 0; i < rows->len; i++)
      {
        g_autofree char *text = row_text (g_ptr_array_index (rows, i));
        if (strstr (text, "CARD SERVICES") != NULL)
          {
            spam_row = g_ptr_array_index (rows, i);
            g_assert_nonnull (strstr (text, "Likely spam"));
          }
      }
    g_assert_nonnull (spam_row);
    button = redial_test_find_button (spam_row, "Spam");
    g_assert_nonnull (button);
    g_assert_true (gtk_widget_is_sensitive (button));
    g_signal_emit_by_name (button, "clicked");
    queue_settle (f);
    /* Nothing is done while it can be undone. */
    queue_wait_until (f, has_undo_toast, NULL, "the Undo toast");
    g_assert_false (redial_store_is_blocked (f->store, "+18885550100"));
    g_assert_cmpuint (g_list_model_get_n_items (redial_engine_get_queue (f->engine)), ==, before);
    g_assert_false (gtk_widget_is_sensitive (button));
    queue_advance (f, SECONDS (6));
    g_assert_cmpuint (g_list_model_get_n_items (redial_engine_get_queue (f->engine)), ==, before - 1);
    g_assert_true (redial_store_is_blocked (f->store, "+18885550100"));
    g_clear_pointer (&rows, g_ptr_array_unref);
    rows = queue_collect_rows (f);
  }

  /* A hand-written text from the row: counted in segments, sent, and a
   * first response; to the caller who opted out, nothing goes. */
  {
    RedialCase *tom = NULL;
    RedialCase *priya = NULL;
    GtkWidget *tom_row = NULL;
    GtkWidget *priya_row = NULL;
    guint sent_before;

    for (guint i = 0; i < rows->len; i++)
      {
        g_autofree char *text = row_text (g_ptr_array_index (rows, i));
        if (strstr (text, "Tom Becker") != NULL)
          tom_row = g_ptr_array_index (rows, i);
        if (strstr (text, "Priya Shah") != NULL)
          priya_row = g_ptr_array_index (rows, i);
      }
    g_assert_nonnull (tom_row);
    g_assert_nonnull (priya_row);
    tom = redial_queue_row_get_case (REDIAL_QUEUE_ROW (tom_row));
    priya = redial_queue_row_get_case (REDIAL_QUEUE_ROW (priya_row));
    g_assert_true (redial_case_get_opted_out (priya));
    sent_before = redial_store_count (f->store, REDIAL_STORE_COUNT_MESSAGES);

    /* Text Back is unavailable to her before anyone types, and says why;
     * the action refuses her whatever calls it. */
    {
      GtkWidget *text_back = redial_test_find_type (priya_row, GTK_TYPE_MENU_BUTTON);

      g_assert_true (gtk_widget_get_visible (text_back));
      g_assert_false (gtk_widget_is_sensitive (text_back));
      g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (text_back), "opted out of texts"));
    }
    gtk_widget_activate_action (priya_row, "queue.send-text", "(xs)", redial_case_get_id (priya),
                                "Are you still there?");
    queue_settle (f);
    g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_MESSAGES), ==, sent_before);

    compose_and_send (tom_row, "On our way", "Text to Tom Becker · (630) 555-0125", "10 characters, 1 text");
    queue_settle (f);
    g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_MESSAGES), ==, sent_before + 1);
    g_assert_cmpint (redial_case_get_state (tom), ==, REDIAL_CASE_STATE_RESPONDED);
    g_clear_pointer (&rows, g_ptr_array_unref);
    rows = queue_collect_rows (f);
  }

  /* One click calls a caller back through the phone system: once the
   * desk phone has placed the call, the first response is recorded. */
  {
    GtkWidget *button = NULL;
    RedialCase *kase = NULL;

    for (guint i = 0; i < rows->len && button == NULL; i++)
      {
        g_autofree char *text = row_text (g_ptr_array_index (rows, i));
        if (strstr (text, "Robert Fisher") != NULL)
          {
            button = redial_test_find_icon_button (g_ptr_array_index (rows, i), "call-start-symbolic");
            kase = redial_queue_row_get_case (g_ptr_array_index (rows, i));
          }
      }
    g_assert_nonnull (button);
    g_assert_true (gtk_widget_get_visible (button));
    g_assert_cmpint (redial_case_get_first_response_at (kase), ==, 0);
    g_signal_emit_by_name (button, "clicked");
    queue_advance (f, SECONDS (3));
    g_assert_cmpint (redial_case_get_first_response_at (kase), >, 0);
    g_assert_cmpint (redial_case_get_state (kase), ==, REDIAL_CASE_STATE_RESPONDED);
    g_clear_pointer (&rows, g_ptr_array_unref);
    rows = queue_collect_rows (f);
  }

  /* The timer of a caller nobody has answered yet has run for two
   * minutes and is still green. */
  timer = NULL;
  for (guint i = 0; i < rows->len; i++)
    {
      g_autofree char *text = row_text (g_ptr_array_index (rows, i));
      if (strstr (text, "KOWALSKI D") != NULL)
        timer = redial_test_find_widget (g_ptr_array_index (rows, i), is_timer, NULL);
    }
  g_assert_nonnull (timer);
  g_assert_true (g_str_has_prefix (redial_timer_get_text (REDIAL_TIMER (timer)), "2:"));
  g_assert_true (gtk_widget_has_css_class (timer, "ok"));

  /* At three minutes it turns to a warning, at five to a breach. */
  queue_advance (f, SECONDS (60));
  g_assert_true (gtk_widget_has_css_class (timer, "warning"));
  g_assert_true (g_str_has_prefix (redial_timer_get_text (REDIAL_TIMER (timer)), "3:"));
  queue_advance (f, SECONDS (120));
  g_assert_true (gtk_widget_has_css_class (timer, "breached"));
  g_assert_false (gtk_widget_has_css_class (timer, "warning"));

  /* The desk is told, in a toast, when a target passes. */
  {
    g_autofree char *everything = row_text (GTK_WIDGET (f->window));
    g_assert_nonnull (strstr (everything, "the first-response target has passed"));
  }
}

/* Every queue row that shows a case, on screen or not. */
static void
count_bound_rows (GtkWidget *widget,
                  guint     *n_bound,
                  guint     *n_ticking)
{
  if (REDIAL_IS_QUEUE_ROW (widget) && redial_queue_row_get_case (REDIAL_QUEUE_ROW (widget)) != NULL)
    {
      (*n_bound)++;
      if (redial_queue_row_is_ticking (REDIAL_QUEUE_ROW (widget)))
        (*n_ticking)++;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    count_bound_rows (child, n_bound, n_ticking);
}

static void
test_offscreen_rows_cost_nothing (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  guint n_bound = 0;
  guint n_ticking = 0;

  /* A bad morning: 400 missed callers in the queue at once. */
  for (guint i = 0; i < 400; i++)
    {
      g_autoptr(RedialCallEvent) event = redial_call_event_new ();

      event->provider = g_strdup ("test");
      event->provider_call_id = g_strdup_printf ("many-%u", i);
      event->caller = g_strdup_printf ("+1312555%04u", i);
      event->caller_name = g_strdup_printf ("Caller %u", i);
      event->started_at = redial_clock_now (f->clock) - SECONDS (400 - i);
      redial_engine_handle_call (f->engine, event);
    }
  queue_advance (f, SECONDS (2));

  g_assert_cmpuint (g_list_model_get_n_items (redial_engine_get_queue (f->engine)), ==, 400);
  rows = queue_collect_rows (f);
  count_bound_rows (GTK_WIDGET (f->window), &n_bound, &n_ticking);
  g_test_message ("%u rows on screen, %u rows bound, %u rows ticking for 400 cases",
                  rows->len, n_bound, n_ticking);

  /* GtkListView keeps a window of rows around the visible ones; of those,
   * only the rows on screen follow the tick. */
  g_assert_cmpuint (rows->len, >=, 5);
  g_assert_cmpuint (n_bound, <=, 250);
  g_assert_cmpuint (n_ticking, ==, rows->len);
  {
    g_autofree char *text = row_text (g_ptr_array_index (rows, 0));
    GtkWidget *timer = redial_test_find_widget (g_ptr_array_index (rows, 0), is_timer, NULL);

    g_assert_nonnull (strstr (text, "Caller 0"));
    g_assert_true (g_str_has_prefix (redial_timer_get_text (REDIAL_TIMER (timer)), "6:4"));
  }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/queue/empty-state", Fixture, &plain,
              queue_fixture_setup, test_empty_state, queue_fixture_teardown);
  g_test_add ("/ui/queue/demo-rows-and-timers", Fixture, &demo,
              queue_fixture_setup, test_demo_fills_queue, queue_fixture_teardown);
  g_test_add ("/ui/queue/offscreen-rows-cost-nothing", Fixture, &plain,
              queue_fixture_setup, test_offscreen_rows_cost_nothing, queue_fixture_teardown);

  return g_test_run ();
}
