/* test-queue-row.c: what one queue row says of its caller: both response clocks, digits that are no number, the gateway's word on a number. */
#include "config.h"

#include "redial-queue-fixture.h"
#include "redial-timer.h"
#include "redial-test-util.h"
#include "redial-ui-test-util.h"

static const QueueFixtureOptions plain = { .demo = FALSE };
static const QueueFixtureOptions texting = { .sms = TRUE };

/* The row on screen showing @kase. */
static RedialQueueRow *
row_of (Fixture    *f,
        RedialCase *kase)
{
  g_autoptr(GPtrArray) rows = queue_collect_rows (f);

  for (guint i = 0; i < rows->len; i++)
    if (redial_queue_row_get_case (g_ptr_array_index (rows, i)) == kase)
      return g_ptr_array_index (rows, i);
  return NULL;
}

static gboolean
row_says (Fixture       *f,
          gconstpointer  text)
{
  return queue_find_row (f, text) != NULL;
}

/* A caller who writes before anyone answered has two clocks running: the
 * timer's tooltip names both, and says when each falls due. */
static void
test_tooltip_names_both_clocks (Fixture       *f,
                                gconstpointer  data)
{
  RedialCase *anna = queue_add_call (f, "a", "+13125550101", "Anna Able", 30);
  g_autofree char *early = NULL;
  g_autofree char *late = NULL;

  redial_engine_handle_inbound (f->engine, "SMin0001", "+13125550101", "Is anyone there?");
  queue_settle (f);

  early = redial_queue_row_dup_timer_tooltip (row_of (f, anna));
  g_test_message ("tooltip: %s", early);
  g_assert_nonnull (strstr (early, "First response: due in"));
  g_assert_nonnull (strstr (early, "Answer: due in"));

  queue_advance (f, SECONDS (20 * 60));
  queue_settle (f);
  late = redial_queue_row_dup_timer_tooltip (row_of (f, anna));
  g_test_message ("tooltip: %s", late);
  g_assert_nonnull (strstr (late, "overdue"));
  g_assert_nonnull (strstr (late, "First response: was due"));
  g_assert_nonnull (strstr (late, "Answer: was due"));
}

/* Digits that make no phone number are still shown as the phone system
 * sent them, so the desk may recognise them. */
static void
test_raw_caller_id_shown (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(RedialCallEvent) event = redial_call_event_new ();

  event->provider = g_strdup ("test");
  event->provider_call_id = g_strdup ("raw");
  event->caller = g_strdup ("0042");
  event->started_at = redial_clock_now (f->clock) - SECONDS (30);
  redial_engine_handle_call (f->engine, event);

  queue_wait_until (f, row_says, "No number: “0042”", "the caller ID's digits shown");
}

/* What the SMS gateway said of a number stays in sight on its row. */
static void
test_number_problem_shown (Fixture       *f,
                           gconstpointer  data)
{
  RedialCase *ben = queue_add_call (f, "b", "+13125550102", "Ben Baker", 30);

  redial_case_set_number_problem (ben, "The SMS gateway says this is not a valid phone number");
  queue_wait_until (f, row_says, "not a valid phone number", "the gateway's word on the number shown");
}

/* Likely spam owes nobody an answer: its grey timer carries no tick that
 * would read as "answered"; restored as a lead, it is timed again. */
static void
test_spam_timer_untimed (Fixture       *f,
                         gconstpointer  data)
{
  RedialCase *robo = queue_add_call (f, "r", "+18885550100", "CARD SERVICES", 30);
  RedialTimer *timer;
  g_autoptr(GError) error = NULL;

  queue_settle (f);
  g_assert_cmpint (redial_case_get_kind (robo), ==, REDIAL_CASE_KIND_LIKELY_SPAM);
  timer = REDIAL_TIMER (redial_test_find_type (GTK_WIDGET (row_of (f, robo)), REDIAL_TYPE_TIMER));
  g_assert_true (redial_timer_get_untimed (timer));

  g_assert_true (redial_engine_restore (f->engine, robo, &error));
  g_assert_no_error (error);
  queue_settle (f);
  g_assert_false (redial_timer_get_untimed (timer));
}

/* A number blocked while its case is open (from another desk, say) shows
 * Text Back unavailable, with the reason, once the row hears of the
 * caller again. */
static void
test_blocked_number_cannot_be_texted (Fixture       *f,
                                      gconstpointer  data)
{
  RedialCase *dan = queue_add_call (f, "d1", "+13125550104", "Dan Dale", 60);
  GtkWidget *text_back;
  g_autoptr(GError) error = NULL;

  queue_settle (f);
  text_back = redial_test_find_type (GTK_WIDGET (row_of (f, dan)), GTK_TYPE_MENU_BUTTON);
  g_assert_true (gtk_widget_is_sensitive (text_back));

  g_assert_true (redial_store_set_blocked (f->store, "+13125550104", TRUE, "abusive",
                                           redial_clock_now (f->clock), &error));
  g_assert_no_error (error);
  queue_add_call (f, "d2", "+13125550104", "Dan Dale", 0);
  queue_settle (f);

  text_back = redial_test_find_type (GTK_WIDGET (row_of (f, dan)), GTK_TYPE_MENU_BUTTON);
  g_assert_false (gtk_widget_is_sensitive (text_back));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (text_back), "block list"));
}

static gboolean
is_label_text (GtkWidget     *widget,
               gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static gboolean
window_says (Fixture       *f,
             gconstpointer  text)
{
  return redial_test_find_widget (GTK_WIDGET (f->window), is_label_text, text) != NULL;
}

/* Five callers cross their warning in one tick: the window shows one
 * toast that counts them, not five. */
static void
test_alert_burst_one_toast (Fixture       *f,
                            gconstpointer  data)
{
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *id = g_strdup_printf ("burst-%u", i);
      g_autofree char *caller = g_strdup_printf ("+1312555%04u", 2000 + i);

      queue_add_call (f, id, caller, NULL, 0);
    }
  queue_settle (f);
  queue_advance (f, SECONDS (181));
  queue_wait_until (f, window_says, "5 alerts", "one toast counting the five alerts");
  g_assert_false (window_says (f, "1 alert"));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/queue-row/tooltip-names-both-clocks", Fixture, &texting,
              queue_fixture_setup, test_tooltip_names_both_clocks, queue_fixture_teardown);
  g_test_add ("/ui/queue-row/raw-caller-id-shown", Fixture, &plain,
              queue_fixture_setup, test_raw_caller_id_shown, queue_fixture_teardown);
  g_test_add ("/ui/queue-row/spam-timer-untimed", Fixture, &plain,
              queue_fixture_setup, test_spam_timer_untimed, queue_fixture_teardown);
  g_test_add ("/ui/queue-row/blocked-number-cannot-be-texted", Fixture, &texting,
              queue_fixture_setup, test_blocked_number_cannot_be_texted, queue_fixture_teardown);
  g_test_add ("/ui/queue-row/alert-burst-one-toast", Fixture, &plain,
              queue_fixture_setup, test_alert_burst_one_toast, queue_fixture_teardown);
  g_test_add ("/ui/queue-row/number-problem-shown", Fixture, &plain,
              queue_fixture_setup, test_number_problem_shown, queue_fixture_teardown);

  return g_test_run ();
}
