/* test-queue-filters.c: the queue's filters with their counts, the owner on a row, and search by name or number over open and closed cases. */
#include "config.h"

#include "redial-queue-fixture.h"
#include "redial-test-util.h"
#include "redial-ui-test-util.h"

static const QueueFixtureOptions wide = { .width = 1200 };

static gboolean
is_button_starting (GtkWidget     *widget,
                    gconstpointer  prefix)
{
  return GTK_IS_TOGGLE_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL &&
         g_str_has_prefix (gtk_button_get_label (GTK_BUTTON (widget)), prefix);
}

static const char *
filter_label (Fixture    *f,
              const char *name)
{
  GtkWidget *button = redial_test_find_widget (GTK_WIDGET (queue_view (f)), is_button_starting, name);

  g_assert_nonnull (button);
  return gtk_button_get_label (GTK_BUTTON (button));
}

/* A real click on a filter's button. */
static void
click_filter (Fixture    *f,
              const char *name)
{
  GtkWidget *button = redial_test_find_widget (GTK_WIDGET (queue_view (f)), is_button_starting, name);

  g_assert_nonnull (button);
  queue_pointer_to (f, button);
  queue_click ();
}

/* The names on the rows on screen, top to bottom. */
static char *
shown (Fixture *f)
{
  g_autoptr(GPtrArray) rows = queue_collect_rows (f);
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      RedialCase *kase = redial_queue_row_get_case (g_ptr_array_index (rows, i));

      g_string_append_printf (names, "%s%s", names->len > 0 ? ", " : "", redial_case_get_caller_name (kase));
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static gboolean
shows (Fixture       *f,
       gconstpointer  expected)
{
  g_autofree char *names = shown (f);

  return g_strcmp0 (names, expected) == 0;
}

static void
wait_shows (Fixture    *f,
            const char *expected)
{
  g_autofree char *what = g_strdup_printf ("the queue to show %s", expected);

  queue_wait_until (f, shows, expected, what);
}

/* Sam's desk: Anna waits past her target with an emergency, Ben is
 * Sam's, Cara is Dana's, Dan was booked this morning. */
static void
add_desk (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  RedialCase *anna, *ben, *cara, *dan;

  g_object_set (f->engine, "agent-name", "Sam", NULL);
  anna = queue_add_call (f, "a", "+13125550101", "Anna Able", 600);
  ben = queue_add_call (f, "b", "+13125550102", "Ben Baker", 120);
  cara = queue_add_call (f, "c", "+13125550103", "Cara Cole", 60);
  dan = queue_add_call (f, "d", "+13125550104", "Dan Drew", 30);
  redial_case_set_emergency (anna, TRUE);
  g_assert_true (redial_engine_claim_case (f->engine, ben, FALSE, &error));
  g_assert_no_error (error);
  redial_case_set_owner (cara, "Dana");
  g_assert_true (redial_engine_close_case (f->engine, dan, REDIAL_CASE_OUTCOME_BOOKED, -1, &error));
  g_assert_no_error (error);
  queue_advance (f, SECONDS (2));
}

static void
test_filters_with_counts (Fixture       *f,
                          gconstpointer  data)
{
  add_desk (f);

  g_assert_cmpstr (filter_label (f, "All open"), ==, "All open 3");
  g_assert_cmpstr (filter_label (f, "Mine"), ==, "Mine 1");
  g_assert_cmpstr (filter_label (f, "Unclaimed"), ==, "Unclaimed 1");
  g_assert_cmpstr (filter_label (f, "Overdue"), ==, "Overdue 1");
  g_assert_cmpstr (filter_label (f, "Emergencies"), ==, "Emergencies 1");
  g_assert_cmpstr (filter_label (f, "Closed today"), ==, "Closed today 1");

  /* Who has a case is on its row. */
  g_assert_nonnull (strstr (queue_row_text (queue_find_row (f, "Ben Baker")), "Sam"));
  g_assert_nonnull (strstr (queue_row_text (queue_find_row (f, "Cara Cole")), "Dana"));

  wait_shows (f, "Anna Able, Ben Baker, Cara Cole");
  click_filter (f, "Mine");
  wait_shows (f, "Ben Baker");
  click_filter (f, "Unclaimed");
  wait_shows (f, "Anna Able");
  click_filter (f, "Overdue");
  wait_shows (f, "Anna Able");
  click_filter (f, "Emergencies");
  wait_shows (f, "Anna Able");
  click_filter (f, "Closed today");
  wait_shows (f, "Dan Drew");
  g_assert_nonnull (strstr (queue_row_text (queue_find_row (f, "Dan Drew")), "Closed"));

  /* Sam lets go of Ben: Mine follows without a click. */
  click_filter (f, "Mine");
  wait_shows (f, "Ben Baker");
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (redial_engine_release_case (f->engine, redial_queue_row_get_case (REDIAL_QUEUE_ROW (queue_find_row (f, "Ben Baker"))),
                                               &error));
    g_assert_no_error (error);
  }
  queue_advance (f, SECONDS (1));
  queue_pointer_to_point (1279, 799);
  wait_shows (f, "");
  g_assert_cmpstr (filter_label (f, "Mine"), ==, "Mine 0");
}

static gboolean
entry_ready (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *entry = redial_test_find_type (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_ENTRY);

  return gtk_widget_get_mapped (entry) &&
         gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), entry);
}

static void
search (Fixture    *f,
        const char *query)
{
  GtkWidget *entry = redial_test_find_type (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_ENTRY);

  queue_key ("ctrl+k");
  queue_wait_until (f, entry_ready, NULL, "the search entry");
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  queue_type (query);
}

/* A name in any case, or a number in any format, over open and closed
 * cases: the closed ones below the open. */
static void
test_search_by_name_or_number (Fixture       *f,
                               gconstpointer  data)
{
  add_desk (f);

  search (f, "cara");
  wait_shows (f, "Cara Cole");
  search (f, "(312) 555-0102");
  wait_shows (f, "Ben Baker");
  search (f, "+1 312 555 0104");
  wait_shows (f, "Dan Drew");
  search (f, "Drew");
  wait_shows (f, "Dan Drew");
  search (f, "3125550");
  wait_shows (f, "Anna Able, Ben Baker, Cara Cole, Dan Drew");

  /* Put away, the search shows every open case again. */
  queue_key ("Escape");
  wait_shows (f, "Anna Able, Ben Baker, Cara Cole");
}

static gboolean
shows_empty_page (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *page = redial_test_find_type (GTK_WIDGET (f->window), ADW_TYPE_STATUS_PAGE);

  return page != NULL && gtk_widget_get_mapped (page);
}

/* Nobody waits, but some were closed today: the empty queue still leads
 * to them, by a click, and so does a search. */
static void
test_closed_today_with_nobody_waiting (Fixture       *f,
                                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) anna = g_object_ref (queue_add_call (f, "a", "+13125550101", "Anna Able", 60));

  g_assert_true (redial_engine_close_case (f->engine, anna, REDIAL_CASE_OUTCOME_QUOTED, -1, &error));
  g_assert_no_error (error);
  queue_wait_until (f, shows_empty_page, NULL, "the empty queue's page");

  queue_pointer_to (f, redial_test_find_button (GTK_WIDGET (f->window), "_Closed Today"));
  queue_click ();
  wait_shows (f, "Anna Able");
  g_assert_nonnull (strstr (queue_row_text (queue_find_row (f, "Anna Able")), "Closed"));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/queue/filters/with-counts", Fixture, &wide,
              queue_fixture_setup, test_filters_with_counts, queue_fixture_teardown);
  g_test_add ("/ui/queue/filters/search-by-name-or-number", Fixture, &wide,
              queue_fixture_setup, test_search_by_name_or_number, queue_fixture_teardown);

  g_test_add ("/ui/queue/filters/closed-today-with-nobody-waiting", Fixture, &wide,
              queue_fixture_setup, test_closed_today_with_nobody_waiting, queue_fixture_teardown);

  return g_test_run ();
}
