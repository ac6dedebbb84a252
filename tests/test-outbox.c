/* test-outbox.c: texts caught by a stop, on a fake clock: the hand-off recorded when the gateway starts it, the gateway asked after a restart, a text-back never queued picked up, each caller texted once. */
#include "config.h"

#include "redial-fake-clock.h"
#include "redial-rules-fixture.h"
#include "redial-test-sms.h"
#include "redial-test-util.h"

static const char *delay_conf =
  "[business]\nname = Acme Plumbing\nregion = US\ntime-zone = America/Chicago\n"
  "[hours]\nwednesday = 08:00-17:00\n"
  "[text-back]\ndelay = 60\n";

/* The fixture's engine, on a gateway that does as the test says. */
static RedialTestSms *
use_test_gateway (Fixture *f)
{
  g_clear_object (&f->engine);
  g_clear_object (&f->gateway);
  f->gateway = REDIAL_SMS_GATEWAY (redial_test_sms_new ());
  start_engine (f);
  return REDIAL_TEST_SMS (f->gateway);
}

/* Redial stops at once (what the gateway had under way is lost with it)
 * and starts again on the same database. */
static void
restart (Fixture *f)
{
  g_clear_object (&f->engine);
  redial_test_sms_drop (REDIAL_TEST_SMS (f->gateway));
  start_engine (f);
}

/* An engine that records calls and texts nobody: Redial stopped before
 * the text-back of the calls it takes was queued. */
static void
start_without_automation (Fixture *f)
{
  g_clear_object (&f->engine);
  f->engine = redial_engine_new (f->config, f->store, f->clock);
  redial_engine_set_sms_gateway (f->engine, f->gateway);
  redial_engine_set_automation (f->engine, FALSE);
  g_assert_true (redial_engine_start (f->engine, NULL));
}

/* The outbound texts of every open case, oldest first. */
static GPtrArray *
outbound (Fixture *f)
{
  GPtrArray *all = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) cases = redial_store_list_open_cases (f->store, NULL);

  for (guint i = 0; i < cases->len; i++)
    {
      g_autoptr(GPtrArray) messages =
        redial_store_list_messages (f->store, redial_case_get_id (g_ptr_array_index (cases, i)), NULL);

      for (guint j = 0; j < messages->len; j++)
        {
          RedialMessage *message = g_ptr_array_index (messages, j);

          if (redial_message_get_direction (message) == REDIAL_MESSAGE_DIRECTION_OUTBOUND)
            g_ptr_array_add (all, g_object_ref (message));
        }
    }
  return all;
}

static guint
n_handed_over (Fixture *f)
{
  g_autoptr(GPtrArray) texts = outbound (f);
  guint n = 0;

  for (guint i = 0; i < texts->len; i++)
    n += redial_message_get_attempted_at (g_ptr_array_index (texts, i)) > 0;
  return n;
}

/* Every outbound text went out, with the gateway's id. */
static void
assert_all_sent (Fixture *f,
                 guint    n)
{
  g_autoptr(GPtrArray) texts = outbound (f);

  g_assert_cmpuint (texts->len, ==, n);
  for (guint i = 0; i < texts->len; i++)
    {
      RedialMessage *message = g_ptr_array_index (texts, i);

      g_assert_nonnull (redial_message_get_provider_message_id (message));
      g_assert_cmpint (redial_message_get_status (message), !=, REDIAL_MESSAGE_STATUS_FAILED);
    }
}

static const char * const callers[] = { "+13125550142", "+13125550143", "+13125550144" };

static void
test_held_texts_not_handed_over (Fixture *f, gconstpointer data)
{
  RedialTestSms *gateway = use_test_gateway (f);

  /* The gateway takes one text at a time, and Redial stops before it
   * answers: the two behind it never started. */
  redial_test_sms_set_max_started (gateway, 1);
  redial_test_sms_set_mode (gateway, REDIAL_TEST_SMS_HANG);
  for (guint i = 0; i < G_N_ELEMENTS (callers); i++)
    call (f, callers[i], NULL, SECONDS (20));
  advance (f, SECONDS (5));
  g_assert_cmpuint (redial_test_sms_n_created (gateway), ==, 1);
  g_assert_cmpuint (n_handed_over (f), ==, 1);

  redial_test_sms_set_max_started (gateway, 0);
  redial_test_sms_set_mode (gateway, REDIAL_TEST_SMS_ANSWER);
  restart (f);
  advance (f, SECONDS (5));

  /* Each caller texted once: the first one found at the gateway. */
  for (guint i = 0; i < G_N_ELEMENTS (callers); i++)
    g_assert_cmpuint (redial_test_sms_n_created_to (gateway, callers[i]), ==, 1);
  g_assert_cmpuint (redial_test_sms_n_looks (gateway), ==, 1);
  assert_all_sent (f, G_N_ELEMENTS (callers));
  g_assert_cmpuint (f->alerts->len, ==, 0);
}

static void
test_found_at_the_gateway (Fixture *f, gconstpointer data)
{
  RedialTestSms *gateway = use_test_gateway (f);
  g_autoptr(GPtrArray) texts = NULL;

  redial_test_sms_set_mode (gateway, REDIAL_TEST_SMS_HANG);
  call (f, callers[0], NULL, SECONDS (20));
  advance (f, SECONDS (5));

  redial_test_sms_set_mode (gateway, REDIAL_TEST_SMS_ANSWER);
  restart (f);
  advance (f, SECONDS (5));

  /* The gateway created it: sent, under its id, not sent again. */
  g_assert_cmpuint (redial_test_sms_n_created (gateway), ==, 1);
  texts = outbound (f);
  g_assert_cmpuint (texts->len, ==, 1);
  g_assert_cmpstr (redial_message_get_provider_message_id (g_ptr_array_index (texts, 0)), ==, "SMtest1");
  g_assert_cmpint (redial_message_get_status (g_ptr_array_index (texts, 0)), ==, REDIAL_MESSAGE_STATUS_SENT);
  g_assert_cmpuint (f->alerts->len, ==, 0);

  restart (f);
  advance (f, SECONDS (5));
  g_assert_cmpuint (redial_test_sms_n_created (gateway), ==, 1);
  g_assert_cmpuint (redial_test_sms_n_looks (gateway), ==, 1);
}

static void
test_not_created_sent_once (Fixture *f, gconstpointer data)
{
  RedialTestSms *gateway = use_test_gateway (f);

  /* Started, but the gateway never made it. */
  redial_test_sms_set_mode (gateway, REDIAL_TEST_SMS_HANG_UNMADE);
  call (f, callers[0], NULL, SECONDS (20));
  advance (f, SECONDS (5));
  g_assert_cmpuint (redial_test_sms_n_created (gateway), ==, 0);

  redial_test_sms_set_mode (gateway, REDIAL_TEST_SMS_ANSWER);
  restart (f);
  advance (f, SECONDS (5));
  g_assert_cmpuint (redial_test_sms_n_created_to (gateway, callers[0]), ==, 1);
  assert_all_sent (f, 1);

  /* Once: a later restart neither looks nor sends. */
  restart (f);
  advance (f, SECONDS (5));
  g_assert_cmpuint (redial_test_sms_n_created (gateway), ==, 1);
  g_assert_cmpuint (redial_test_sms_n_looks (gateway), ==, 1);
  g_assert_cmpuint (f->alerts->len, ==, 0);
}

static void
test_gateway_cannot_tell (Fixture *f, gconstpointer data)
{
  RedialTestSms *gateway = use_test_gateway (f);
  g_autoptr(GPtrArray) texts = NULL;
  RedialMessage *message;

  redial_test_sms_set_mode (gateway, REDIAL_TEST_SMS_HANG);
  call (f, callers[0], NULL, SECONDS (20));
  advance (f, SECONDS (5));

  redial_test_sms_set_mode (gateway, REDIAL_TEST_SMS_ANSWER);
  redial_test_sms_set_can_look (gateway, FALSE);
  restart (f);
  advance (f, SECONDS (5));

  /* It may have gone out: never sent again, and a person is told. */
  g_assert_cmpuint (redial_test_sms_n_created (gateway), ==, 1);
  texts = outbound (f);
  message = g_ptr_array_index (texts, 0);
  g_assert_cmpint (redial_message_get_status (message), ==, REDIAL_MESSAGE_STATUS_FAILED);
  g_assert_nonnull (strstr (redial_message_get_error (message), "may have gone out"));
  g_assert_cmpuint (f->alerts->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (f->alerts, 0), "text-failed:"));
}

static void
test_taken_up_while_in_hand (Fixture *f, gconstpointer data)
{
  RedialTestSms *gateway = use_test_gateway (f);

  /* The automation is handed over and back while a text is under way:
   * that text is this run's own, neither looked for nor sent again. */
  redial_test_sms_set_mode (gateway, REDIAL_TEST_SMS_HANG_UNMADE);
  call (f, callers[0], NULL, SECONDS (20));
  advance (f, SECONDS (5));
  redial_test_sms_set_mode (gateway, REDIAL_TEST_SMS_ANSWER);
  redial_engine_set_automation (f->engine, FALSE);
  redial_engine_set_automation (f->engine, TRUE);
  advance (f, SECONDS (5));

  g_assert_cmpuint (redial_test_sms_n_looks (gateway), ==, 0);
  g_assert_cmpuint (redial_test_sms_n_created (gateway), ==, 0);
  g_assert_cmpuint (n_handed_over (f), ==, 1);
}

static void
test_text_back_waiting_out_its_delay (Fixture *f, gconstpointer data)
{
  RedialTestSms *gateway = use_test_gateway (f);
  gint64 ended;

  /* Rang from 10:00:00 to 10:00:20; the text-back is due a minute after
   * the call began. Redial stops while it waits. */
  call (f, callers[0], NULL, SECONDS (20));
  ended = redial_clock_now (f->clock);
  advance (f, SECONDS (10));
  restart (f);

  advance_to (f, ended + SECONDS (35));
  g_assert_cmpuint (redial_test_sms_n_created (gateway), ==, 0);
  advance_to (f, ended + SECONDS (45));
  g_assert_cmpuint (redial_test_sms_n_created_to (gateway, callers[0]), ==, 1);

  restart (f);
  advance (f, MINUTES (2));
  g_assert_cmpuint (redial_test_sms_n_created (gateway), ==, 1);
  assert_all_sent (f, 1);
}

static void
test_text_back_due_while_stopped (Fixture *f, gconstpointer data)
{
  RedialTestSms *gateway = use_test_gateway (f);
  g_autofree char *texts = NULL;

  /* The case is committed; Redial stops before its text-back is queued. */
  start_without_automation (f);
  call (f, callers[0], NULL, SECONDS (20));
  g_clear_object (&f->engine);
  redial_fake_clock_advance_to (REDIAL_FAKE_CLOCK (f->clock), redial_clock_now (f->clock) + MINUTES (5));

  start_engine (f);
  advance (f, SECONDS (2));
  g_assert_cmpuint (redial_test_sms_n_created_to (gateway, callers[0]), ==, 1);
  texts = texts_of (f, queue_item (f, 0));
  g_assert_cmpstr (texts, ==, "text-back");

  /* The replayed call is a duplicate, and a restart sends nothing more. */
  call (f, callers[0], NULL, SECONDS (20));
  restart (f);
  advance (f, MINUTES (2));
  g_assert_cmpuint (redial_test_sms_n_created (gateway), ==, 1);
}

static void
test_text_back_not_at_night (Fixture *f, gconstpointer data)
{
  RedialTestSms *gateway = use_test_gateway (f);

  /* Missed at 20:50; Redial is back at 23:00, the caller's night. */
  advance_to (f, local (f, 11, 25, 20, 50));
  start_without_automation (f);
  call (f, callers[0], NULL, SECONDS (20));
  g_clear_object (&f->engine);
  redial_fake_clock_advance_to (REDIAL_FAKE_CLOCK (f->clock), local (f, 11, 25, 23, 0));

  start_engine (f);
  advance (f, MINUTES (1));
  g_assert_cmpuint (redial_test_sms_n_created (gateway), ==, 0);
  advance_to (f, local (f, 11, 26, 7, 59));
  g_assert_cmpuint (redial_test_sms_n_created (gateway), ==, 0);
  advance_to (f, local (f, 11, 26, 8, 1));
  g_assert_cmpuint (redial_test_sms_n_created_to (gateway, callers[0]), ==, 1);
}

static void
test_text_back_slightly_late_at_night (Fixture *f, gconstpointer data)
{
  RedialTestSms *gateway = use_test_gateway (f);

  /* Missed at 22:50; Redial is back at 22:55: the caller has just called,
   * and without the stop would have had the text at 22:50. */
  advance_to (f, local (f, 11, 25, 22, 50));
  start_without_automation (f);
  call (f, callers[0], NULL, SECONDS (20));
  g_clear_object (&f->engine);
  redial_fake_clock_advance_to (REDIAL_FAKE_CLOCK (f->clock), local (f, 11, 25, 22, 55));

  start_engine (f);
  advance (f, SECONDS (1));
  g_assert_cmpuint (redial_test_sms_n_created_to (gateway, callers[0]), ==, 1);
}

static void
test_text_back_not_when_stale_or_answered (Fixture *f, gconstpointer data)
{
  RedialTestSms *gateway = use_test_gateway (f);
  g_autoptr(GPtrArray) cases = NULL;

  start_without_automation (f);
  call (f, callers[0], NULL, SECONDS (20));
  call (f, callers[1], NULL, SECONDS (20));
  /* Someone called the second caller back before the stop. */
  cases = redial_store_list_open_cases (f->store, NULL);
  for (guint i = 0; i < cases->len; i++)
    {
      RedialCase *kase = g_ptr_array_index (cases, i);

      if (g_strcmp0 (redial_case_get_caller (kase), callers[1]) == 0)
        {
          redial_case_set_first_response_at (kase, redial_clock_now (f->clock));
          g_assert_true (redial_store_update_case (f->store, kase, NULL));
        }
    }
  g_clear_object (&f->engine);

  /* Back two days later: too late for a text-back. */
  redial_fake_clock_advance_to (REDIAL_FAKE_CLOCK (f->clock), redial_clock_now (f->clock) + HOURS (48));
  start_engine (f);
  advance (f, MINUTES (1));
  g_assert_cmpuint (redial_test_sms_n_created (gateway), ==, 0);
}

static void
test_text_back_answered_not_picked_up (Fixture *f, gconstpointer data)
{
  RedialTestSms *gateway = use_test_gateway (f);
  g_autoptr(GPtrArray) cases = NULL;
  RedialCase *kase;

  start_without_automation (f);
  call (f, callers[0], NULL, SECONDS (20));
  cases = redial_store_list_open_cases (f->store, NULL);
  kase = g_ptr_array_index (cases, 0);
  redial_case_set_first_response_at (kase, redial_clock_now (f->clock));
  g_assert_true (redial_store_update_case (f->store, kase, NULL));
  g_clear_object (&f->engine);

  start_engine (f);
  advance (f, MINUTES (1));
  g_assert_cmpuint (redial_test_sms_n_created (gateway), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
#define ADD_WITH(path, conf, func) \
  g_test_add (path, Fixture, conf, fixture_setup, func, fixture_teardown)

  ADD ("/outbox/hand-off/held-texts-not-handed-over", test_held_texts_not_handed_over);
  ADD ("/outbox/hand-off/found-at-the-gateway", test_found_at_the_gateway);
  ADD ("/outbox/hand-off/not-created-sent-once", test_not_created_sent_once);
  ADD ("/outbox/hand-off/gateway-cannot-tell", test_gateway_cannot_tell);
  ADD ("/outbox/hand-off/taken-up-while-in-hand", test_taken_up_while_in_hand);
  ADD_WITH ("/outbox/text-back/waiting-out-its-delay", delay_conf, test_text_back_waiting_out_its_delay);
  ADD ("/outbox/text-back/due-while-stopped", test_text_back_due_while_stopped);
  ADD ("/outbox/text-back/not-at-night", test_text_back_not_at_night);
  ADD ("/outbox/text-back/slightly-late-at-night-goes-at-once", test_text_back_slightly_late_at_night);
  ADD ("/outbox/text-back/not-when-stale", test_text_back_not_when_stale_or_answered);
  ADD ("/outbox/text-back/not-when-answered", test_text_back_answered_not_picked_up);

  return g_test_run ();
}
