/* test-clocks.c: the response clocks a row shows, on the fake clock: both clocks, emergencies, hidden numbers, alerts in a burst. */
#include "config.h"

#include "redial-due-list.h"
#include "redial-fake-clock.h"
#include "redial-rules-fixture.h"
#include "redial-test-util.h"

static guint
count_prefixed (Fixture    *f,
                const char *prefix)
{
  guint n = 0;

  for (guint i = 0; i < f->alerts->len; i++)
    n += g_str_has_prefix (g_ptr_array_index (f->alerts, i), prefix);
  return n;
}

/* Nobody has answered: the caller's reply to the automatic text does not
 * stop or restart the first-response clock. */
static void
test_first_response_runs_through_reply (Fixture *f, gconstpointer data)
{
  RedialSlaReading first, answer;
  gint64 called = redial_clock_now (f->clock);
  RedialCase *kase;

  call (f, "(312) 555-0142", "Tom Becker", 0);
  kase = queue_item (f, 0);
  advance (f, MINUTES (1));
  reply (f, "(312) 555-0142", "Hello? Is anyone there?");

  g_assert_cmpint (redial_case_get_timer_started_at (kase), ==, called);
  g_assert_cmpint (redial_engine_get_clock_levels (f->engine, kase, &first, &answer), ==,
                   REDIAL_SLA_CLOCK_FIRST_RESPONSE);
  g_assert_true (first.running);
  g_assert_true (answer.running);
  g_assert_cmpint (first.target_at, ==, called + MINUTES (5));
  g_assert_cmpint (first.remaining, ==, MINUTES (4));
  g_assert_cmpint (answer.started_at, ==, called + MINUTES (1));
  g_assert_cmpint (answer.target_at, ==, called + MINUTES (11));
  g_assert_cmpint (answer.remaining, ==, MINUTES (10));

  /* 10:03 and 10:05: the first response warns and breaches. */
  advance_to (f, called + MINUTES (5) + SECONDS (1));
  g_assert_cmpint (redial_case_get_sla_level (kase), ==, REDIAL_SLA_LEVEL_BREACHED);
  g_assert_cmpuint (count_prefixed (f, "warning: Tom Becker has not been called back"), ==, 1);
  g_assert_cmpuint (count_prefixed (f, "breach: Tom Becker has not been called back"), ==, 1);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_SLA_EVENTS), ==, 2);

  /* A person answers: both clocks stop. */
  g_assert_true (redial_engine_send_text (f->engine, kase, "On our way.", NULL));
  redial_engine_get_clock_levels (f->engine, kase, &first, &answer);
  g_assert_false (first.running);
  g_assert_false (answer.running);
  g_assert_cmpint (redial_case_get_sla_level (kase), ==, REDIAL_SLA_LEVEL_MET);
}

static const char *long_first_response_conf =
  "[business]\nname = Acme Plumbing\ntime-zone = America/Chicago\n"
  "[sla]\nfirst-response-target = 1800\nfirst-response-warning = 1500\n"
  "reply-target = 600\nreply-warning = 300\n";

/* While both run, the row shows the one closest to its target. */
static void
test_displays_closest (Fixture *f, gconstpointer data)
{
  RedialSlaReading first, answer;
  RedialCase *kase;
  gint64 replied;

  call (f, "(312) 555-0142", NULL, SECONDS (20));
  kase = queue_item (f, 0);
  advance (f, MINUTES (15));
  replied = redial_clock_now (f->clock);
  reply (f, "(312) 555-0142", "Can someone come today?");

  /* First response due at 10:30, the reply at 10:25: the reply shows. */
  g_assert_cmpint (redial_engine_get_clock_levels (f->engine, kase, &first, &answer), ==,
                   REDIAL_SLA_CLOCK_REPLY);
  g_assert_cmpint (redial_case_get_timer_started_at (kase), ==, replied);
  g_assert_cmpint (answer.remaining, <, first.remaining);
  advance (f, MINUTES (5) + SECONDS (1));
  g_assert_cmpint (redial_case_get_sla_level (kase), ==, REDIAL_SLA_LEVEL_WARNING);
  g_assert_cmpuint (count_prefixed (f, "warning:"), ==, 1);
}

/* An emergency's first response is due in 120 s, warned at 60 s, and its
 * alerts are urgent. */
static void
test_emergency_target (Fixture *f, gconstpointer data)
{
  RedialSlaReading first;
  gint64 called = redial_clock_now (f->clock);
  RedialCase *kase;

  call (f, "(312) 555-0142", "Tom Becker", 0);
  kase = queue_item (f, 0);
  advance (f, SECONDS (20));
  reply (f, "(312) 555-0142", "Water is pouring through the ceiling, burst pipe!");
  g_assert_true (redial_case_get_emergency (kase));
  g_assert_cmpuint (f->alerts->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->alerts, 0), ==,
                   "emergency: Emergency: Tom Becker wrote “Water is pouring through the ceiling, burst pipe!” (urgent)");

  redial_engine_get_clock_levels (f->engine, kase, &first, NULL);
  g_assert_cmpint (first.warning_at, ==, called + SECONDS (60));
  g_assert_cmpint (first.target_at, ==, called + SECONDS (120));

  advance_to (f, called + SECONDS (61));
  g_assert_cmpuint (f->alerts->len, ==, 2);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (f->alerts, 1), "warning:"));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (f->alerts, 1), "(urgent)"));
  advance_to (f, called + SECONDS (121));
  g_assert_cmpuint (f->alerts->len, ==, 3);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (f->alerts, 2), "breach:"));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (f->alerts, 2), "(urgent)"));
}

static const char *emergency_target_conf =
  "[business]\nname = Acme Plumbing\ntime-zone = America/Chicago\ntrade = plumbing\n"
  "[sla]\nemergency-target = 40\n";

static void
test_emergency_target_setting (Fixture *f, gconstpointer data)
{
  RedialSlaReading first;
  gint64 called = redial_clock_now (f->clock);

  call (f, "(312) 555-0142", NULL, 0);
  reply (f, "(312) 555-0142", "flooding in the basement");
  redial_engine_get_clock_levels (f->engine, queue_item (f, 0), &first, NULL);
  g_assert_cmpint (first.warning_at, ==, called + SECONDS (20));
  g_assert_cmpint (first.target_at, ==, called + SECONDS (40));
}

/* Nobody can answer a hidden number that left no voicemail: it waits
 * without a target and raises nothing; one with a voicemail is timed. */
static void
test_hidden_number (Fixture *f, gconstpointer data)
{
  RedialSlaReading first;
  RedialCase *hidden, *voicemail;

  call_as (f, "Anonymous", NULL, SECONDS (20), REDIAL_DISPOSITION_NO_ANSWER);
  call_as (f, "Restricted", NULL, SECONDS (20), REDIAL_DISPOSITION_VOICEMAIL);
  hidden = queue_item (f, 0);
  voicemail = queue_item (f, 1);
  g_assert_false (redial_case_get_voicemail (hidden));
  g_assert_true (redial_case_get_voicemail (voicemail));

  advance (f, MINUTES (30));
  redial_engine_get_clock_levels (f->engine, hidden, &first, NULL);
  g_assert_true (first.running);
  g_assert_cmpint (first.target_at, ==, G_MAXINT64);
  g_assert_cmpint (first.remaining, ==, G_MAXINT64);
  g_assert_cmpint (first.level, ==, REDIAL_SLA_LEVEL_OK);
  g_assert_cmpint (redial_case_get_sla_level (hidden), ==, REDIAL_SLA_LEVEL_OK);

  /* Three alerts, all for the voicemail. */
  g_assert_cmpuint (f->alerts->len, ==, 3);
  g_assert_cmpint (redial_case_get_sla_level (voicemail), ==, REDIAL_SLA_LEVEL_BREACHED);
}

static const char *quiet_conf =
  "[business]\nname = Acme Plumbing\ntime-zone = America/Chicago\n"
  "[text-back]\nenabled = false\n";

/* 500 cases cross their warning in one tick: one ::alerts with all of
 * them, recorded together. */
static void
test_burst_one_batch (Fixture *f, gconstpointer data)
{
  gint64 called = redial_clock_now (f->clock);

  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *number = g_strdup_printf ("+1312555%04u", i);
      call (f, number, NULL, SECONDS (20));
    }
  g_assert_cmpuint (queue_length (f), ==, 500);

  advance_to (f, called + MINUTES (3) + SECONDS (1));
  g_assert_cmpuint (f->batches->len, ==, 1);
  g_assert_cmpuint (g_array_index (f->batches, guint, 0), ==, 500);
  g_assert_cmpuint (f->alerts->len, ==, 500);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_SLA_EVENTS), ==, 500);
}

/* Something due now that nothing fired would be taken again at once:
 * the tick says so, which stops a test with the reason, rather than
 * spinning until the test's timeout. */
static void
test_tick_never_spins (void)
{
  g_autoptr(RedialCase) kase = redial_case_new (7, "+13125550142", 1);
  RedialDueList *due = redial_due_list_new ();
  RedialDueEntry entry = { kase, 0, NULL };
  gint64 now = SECONDS (1000);

  redial_due_list_file (due, &entry, now);
  g_assert_true (redial_due_list_pop (due, now) == &entry);
  g_assert_null (redial_due_list_pop (due, now));

  /* Under fatal warnings a test stops there, with the reason. */
  if (g_test_subprocess ())
    {
      redial_due_list_refile (due, &entry, now, now, "a follow-up");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*Case 7: a follow-up was due and nothing fired*");


  redial_due_list_free (due);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, conf, func) \
  g_test_add (path, Fixture, conf, fixture_setup, func, fixture_teardown)

  ADD ("/clocks/first-response/runs-through-reply", NULL, test_first_response_runs_through_reply);
  ADD ("/clocks/displays-closest", long_first_response_conf, test_displays_closest);
  ADD ("/clocks/emergency/target", NULL, test_emergency_target);
  ADD ("/clocks/emergency/target-setting", emergency_target_conf, test_emergency_target_setting);
  ADD ("/clocks/hidden-number", NULL, test_hidden_number);
  ADD ("/clocks/alerts/burst-one-batch", quiet_conf, test_burst_one_batch);
  g_test_add_func ("/clocks/tick/never-spins", test_tick_never_spins);

  return g_test_run ();
}
