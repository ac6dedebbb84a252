/* test-rules.c: the recovery rules as scenarios, run through the fake clock over simulated days. */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include "redial-demo-sms.h"
#include "redial-fake-clock.h"
#include "redial-rules-fixture.h"
#include "redial-test-util.h"

static void
test_five_calls_one_text (Fixture *f, gconstpointer data)
{
  g_autofree char *texts = NULL;

  for (guint i = 0; i < 5; i++)
    {
      call (f, "(312) 555-0142", "Maria Gonzalez", SECONDS (25));
      advance (f, MINUTES (1));
    }

  g_assert_cmpuint (queue_length (f), ==, 1);
  g_assert_cmpuint (redial_case_get_n_calls (queue_item (f, 0)), ==, 5);
  texts = texts_of (f, queue_item (f, 0));
  g_assert_cmpstr (texts, ==, "text-back");
  g_assert_cmpuint (sent (f), ==, 1);
  g_assert_nonnull (strstr (body_of_last (f, queue_item (f, 0)), "Acme Plumbing"));
}

static void
test_after_hours_wording (Fixture *f, gconstpointer data)
{
  advance_to (f, local (f, 11, 25, 21, 14));
  call (f, "(312) 555-0142", NULL, SECONDS (25));
  advance (f, SECONDS (5));

  /* Closed: the after-hours text, which says when the office opens. */
  g_assert_nonnull (strstr (body_of_last (f, queue_item (f, 0)), "We're closed now"));
  g_assert_nonnull (strstr (body_of_last (f, queue_item (f, 0)), "Mon–Fri 08:00–12:00, 13:00–17:00"));
}

static void
test_lunch_break_clock (Fixture *f, gconstpointer data)
{
  RedialCase *kase;

  /* A call at 11:58: two minutes count before lunch, the rest after. */
  advance_to (f, local (f, 11, 25, 11, 58));
  call (f, "(312) 555-0142", NULL, 0);
  kase = queue_item (f, 0);

  advance_to (f, local (f, 11, 25, 12, 59));
  g_assert_cmpint (redial_case_get_sla_level (kase), ==, REDIAL_SLA_LEVEL_OK);
  advance_to (f, local (f, 11, 25, 13, 1));
  g_assert_cmpint (redial_case_get_sla_level (kase), ==, REDIAL_SLA_LEVEL_WARNING);
  advance_to (f, local (f, 11, 25, 13, 3));
  g_assert_cmpint (redial_case_get_sla_level (kase), ==, REDIAL_SLA_LEVEL_BREACHED);
}

static void
test_friday_night_call (Fixture *f, gconstpointer data)
{
  RedialCase *kase;

  advance_to (f, local (f, 11, 27, 21, 14));
  call (f, "(312) 555-0142", "Maria Gonzalez", SECONDS (20));
  kase = queue_item (f, 0);

  /* The whole weekend passes without an alert. */
  advance_to (f, local (f, 11, 30, 8, 0));
  g_assert_cmpuint (f->alerts->len, ==, 0);
  g_assert_cmpint (redial_case_get_sla_level (kase), ==, REDIAL_SLA_LEVEL_OK);

  /* Monday: warning at 08:03, breach at 08:05, escalation at 08:15. */
  advance_to (f, local (f, 11, 30, 8, 3) + SECONDS (1));
  g_assert_cmpuint (f->alerts->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (f->alerts, 0), "warning: Maria Gonzalez"));
  advance_to (f, local (f, 11, 30, 8, 5) + SECONDS (1));
  g_assert_cmpuint (f->alerts->len, ==, 2);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (f->alerts, 1), "breach:"));
  advance_to (f, local (f, 11, 30, 8, 15) + SECONDS (1));
  g_assert_cmpuint (f->alerts->len, ==, 3);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (f->alerts, 2), "escalation:"));
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_SLA_EVENTS), ==, 3);
}

static void
test_holiday_clock (Fixture *f, gconstpointer data)
{
  RedialCase *kase;

  /* Thursday 24 December after closing: Christmas is closed, so the clock
   * starts on Saturday? No: Saturday is closed too; Monday 28th. */
  advance_to (f, local (f, 12, 24, 18, 0));
  call (f, "(312) 555-0142", NULL, 0);
  kase = queue_item (f, 0);
  advance_to (f, local (f, 12, 28, 8, 2));
  g_assert_cmpint (redial_case_get_sla_level (kase), ==, REDIAL_SLA_LEVEL_OK);
  g_assert_cmpuint (f->alerts->len, ==, 0);
  advance_to (f, local (f, 12, 28, 8, 3) + SECONDS (1));
  g_assert_cmpint (redial_case_get_sla_level (kase), ==, REDIAL_SLA_LEVEL_WARNING);
}

static void
test_alerts_not_repeated_on_restart (Fixture *f, gconstpointer data)
{
  call (f, "(312) 555-0142", NULL, 0);
  advance (f, MINUTES (6));
  g_assert_cmpuint (f->alerts->len, ==, 2);

  /* Redial restarts: the case is still overdue, but nobody is told twice. */
  g_clear_object (&f->engine);
  start_engine (f);
  advance (f, MINUTES (2));
  g_assert_cmpuint (f->alerts->len, ==, 2);
  /* Ten minutes past the breach (10:05), it escalates, once. */
  advance (f, MINUTES (8));
  g_assert_cmpuint (f->alerts->len, ==, 3);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (f->alerts, 2), "escalation:"));
}

static void
test_reply_clock (Fixture *f, gconstpointer data)
{
  RedialCase *kase;

  call (f, "(312) 555-0142", NULL, 0);
  kase = queue_item (f, 0);
  g_assert_true (redial_engine_record_call_attempt (f->engine, kase, NULL));
  g_assert_cmpint (redial_case_get_sla_level (kase), ==, REDIAL_SLA_LEVEL_MET);

  advance (f, MINUTES (20));
  reply (f, "3125550142", "Are you coming today?");
  g_assert_cmpint (redial_case_get_state (kase), ==, REDIAL_CASE_STATE_REPLIED);
  g_assert_cmpint (redial_case_get_timer_started_at (kase), ==, redial_clock_now (f->clock));

  advance (f, MINUTES (6) + SECONDS (1));
  g_assert_cmpint (redial_case_get_sla_level (kase), ==, REDIAL_SLA_LEVEL_WARNING);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (f->alerts, 0), "warning:"));
  g_assert_nonnull (strstr (g_ptr_array_index (f->alerts, 0), "waiting for an answer"));

  /* A person answers: the reply clock stops. */
  g_assert_true (redial_engine_send_text (f->engine, kase, "Yes, around 3 pm.", NULL));
  g_assert_cmpint (redial_case_get_state (kase), ==, REDIAL_CASE_STATE_RESPONDED);
  advance (f, MINUTES (30));
  g_assert_cmpuint (f->alerts->len, ==, 1);
}

static void
test_stop_then_start (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *texts = NULL;
  RedialCase *kase;

  call (f, "(312) 555-0142", NULL, SECONDS (20));
  advance (f, SECONDS (10));
  kase = queue_item (f, 0);

  reply (f, "+1 312 555 0142", "stop.");
  g_assert_true (redial_case_get_opted_out (kase));
  reply (f, "+1 312 555 0142", "STOP");
  /* A person's text is refused, with the reason. */
  g_assert_false (redial_engine_send_text (f->engine, kase, "Are you there?", &error));
  g_assert_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_OPTED_OUT);
  g_assert_nonnull (strstr (error->message, "opted out"));
  reply (f, "+1 312 555 0142", "HELP");

  reply (f, "+1 312 555 0142", " Start! ");
  g_assert_false (redial_case_get_opted_out (kase));
  advance (f, SECONDS (10));

  texts = texts_of (f, kase);
  /* One confirmation for two STOPs, nothing for HELP while opted out. */
  g_assert_cmpstr (texts, ==, "text-back,reply,opt-out-confirmation,reply,reply,reply,opt-in-confirmation");
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_OPT_OUT_AUDIT), ==, 3);
  g_assert_true (redial_engine_send_text (f->engine, kase, "Welcome back!", NULL));
}

static void
test_opt_out_words (Fixture *f, gconstpointer data)
{
  static const char * const words[] = {
    "stop", "STOP.", " Stop ", "stopall", "Unsubscribe", "cancel", "END", "quit!", "revoke", "opt out", "Opt-Out",
  };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      g_autofree char *number = g_strdup_printf ("+1312555%04u", 100 + i);

      call (f, number, NULL, SECONDS (20));
      reply (f, number, words[i]);
      g_assert_true (redial_store_is_opted_out (f->store, number));
    }

  /* A sentence that merely contains the word is a reply, not an opt-out. */
  call (f, "+13125550199", NULL, SECONDS (20));
  reply (f, "+13125550199", "please don't stop by before noon");
  g_assert_false (redial_store_is_opted_out (f->store, "+13125550199"));
}

static void
test_help (Fixture *f, gconstpointer data)
{
  g_autofree char *texts = NULL;

  call (f, "(312) 555-0142", NULL, SECONDS (20));
  reply (f, "(312) 555-0142", "help");
  advance (f, SECONDS (5));
  texts = texts_of (f, queue_item (f, 0));
  g_assert_cmpstr (texts, ==, "text-back,reply,help");
  g_assert_nonnull (strstr (body_of_last (f, queue_item (f, 0)), "Reply STOP"));
}

/* @kase has had its text-back only, until its follow-up goes at @when. */
static void
assert_follow_up_at (Fixture    *f,
                     RedialCase *kase,
                     gint64      when)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  advance_to (f, when - SECONDS (2));
  before = texts_of (f, kase);
  g_assert_cmpstr (before, ==, "text-back");
  advance_to (f, when + SECONDS (2));
  after = texts_of (f, kase);
  g_assert_cmpstr (after, ==, "text-back,follow-up");
}

static void
test_follow_up_waits_for_morning (Fixture *f, gconstpointer data)
{
  g_autofree char *texts = NULL;
  RedialCase *kase;

  /* Texted back at 19:00: three hours later is 22:00, too late to text. */
  advance_to (f, local (f, 11, 25, 19, 0));
  call (f, "(312) 555-0142", NULL, SECONDS (20));
  kase = queue_item (f, 0);
  advance_to (f, local (f, 11, 26, 7, 59));
  texts = texts_of (f, kase);
  g_assert_cmpstr (texts, ==, "text-back");

  advance_to (f, local (f, 11, 26, 8, 0) + SECONDS (2));
  g_clear_pointer (&texts, g_free);
  texts = texts_of (f, kase);
  g_assert_cmpstr (texts, ==, "text-back,follow-up");

  /* One follow-up only, by default. */
  advance_to (f, local (f, 11, 27, 12, 0));
  g_clear_pointer (&texts, g_free);
  texts = texts_of (f, kase);
  g_assert_cmpstr (texts, ==, "text-back,follow-up");
  g_assert_cmpuint (redial_case_get_followups_sent (kase), ==, 1);
}

static void
test_follow_up_abroad (Fixture *f, gconstpointer data)
{
  g_autoptr(GTimeZone) london = g_time_zone_new_identifier ("Europe/London");
  g_autoptr(GDateTime) morning = g_date_time_new (london, 2026, 11, 26, 8, 0, 0);
  RedialCase *kase;

  /* 15:00 in Chicago is 21:00 in London: three hours later is midnight
   * there, so the follow-up waits for 08:00 London time (02:00 here). */
  advance_to (f, local (f, 11, 25, 15, 0));
  call (f, "+44 20 7946 0018", NULL, SECONDS (20));
  kase = queue_item (f, 0);
  assert_follow_up_at (f, kase, g_date_time_to_unix (morning) * G_USEC_PER_SEC);
}

static void
test_no_follow_up_after_reply (Fixture *f, gconstpointer data)
{
  g_autofree char *texts = NULL;

  call (f, "(312) 555-0142", NULL, SECONDS (20));
  advance (f, MINUTES (30));
  reply (f, "(312) 555-0142", "ok thanks");
  advance (f, HOURS (5));
  texts = texts_of (f, queue_item (f, 0));
  g_assert_cmpstr (texts, ==, "text-back,reply");
}

static void
test_emergency_reply (Fixture *f, gconstpointer data)
{
  call (f, "(312) 555-0142", "Maria Gonzalez", SECONDS (20));
  advance (f, MINUTES (1));
  call (f, "(773) 555-0163", "Priya Shah", SECONDS (20));
  advance (f, MINUTES (1));
  g_assert_cmpstr (redial_case_get_caller_name (queue_item (f, 0)), ==, "Maria Gonzalez");

  reply (f, "(773) 555-0163", "There's a BURST PIPE in the kitchen and water everywhere");
  g_assert_true (redial_case_get_emergency (queue_item (f, 0)));
  g_assert_cmpstr (redial_case_get_caller_name (queue_item (f, 0)), ==, "Priya Shah");
  g_assert_cmpuint (f->alerts->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (f->alerts, 0), "emergency: Emergency: Priya Shah wrote"));
}

static void
test_blocked_number (Fixture *f, gconstpointer data)
{
  g_assert_true (redial_store_set_blocked (f->store, "+13125550177", TRUE, "test", 1, NULL));
  call (f, "312-555-0177", "KOWALSKI D", SECONDS (20));
  advance (f, SECONDS (10));

  g_assert_cmpuint (queue_length (f), ==, 0);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_CALLS), ==, 1);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_CASES), ==, 1);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_OPEN_CASES), ==, 0);
  g_assert_cmpuint (sent (f), ==, 0);
}

static void
test_anonymous_call (Fixture *f, gconstpointer data)
{
  call (f, "Anonymous", "Anonymous", SECONDS (20));
  advance (f, SECONDS (10));

  g_assert_cmpuint (queue_length (f), ==, 1);
  g_assert_cmpint (redial_case_get_kind (queue_item (f, 0)), ==, REDIAL_CASE_KIND_ANONYMOUS);
  g_assert_cmpuint (sent (f), ==, 0);
}

static void
test_spam_rules (Fixture *f, gconstpointer data)
{
  RedialCase *robo;
  RedialCase *burst;

  call (f, "+1 (888) 555-0100", "CARD SERVICES", 0);
  robo = queue_item (f, 0);
  g_assert_cmpint (redial_case_get_kind (robo), ==, REDIAL_CASE_KIND_LIKELY_SPAM);

  /* Three calls in a minute that hang up at once, before any text. */
  call (f, "(708) 555-0111", NULL, 0);
  call (f, "(708) 555-0111", NULL, 0);
  call (f, "(708) 555-0111", NULL, 0);
  burst = queue_item (f, 1);
  g_assert_cmpint (redial_case_get_kind (burst), ==, REDIAL_CASE_KIND_LIKELY_SPAM);
  g_assert_cmpint (redial_case_get_kind_reason_code (burst), ==, REDIAL_KIND_REASON_QUICK_HANG_UPS);
  g_assert_cmpstr (redial_case_get_kind_reason (burst), ==, "Rang 3 times in 10 minutes, hanging up at once");
  advance (f, MINUTES (3));
  /* Neither the robocaller nor the burst got a text. */
  g_assert_cmpuint (sent (f), ==, 0);

  /* Confirmed spam is blocked; a restored case is texted back. */
  g_object_ref (burst);
  g_assert_true (redial_engine_confirm_spam (f->engine, burst, NULL));
  g_object_unref (burst);
  g_assert_true (redial_store_is_blocked (f->store, "+17085550111"));
  g_assert_true (redial_engine_restore (f->engine, robo, NULL));
  advance (f, MINUTES (3));
  g_assert_cmpuint (sent (f), ==, 1);
  g_assert_cmpuint (queue_length (f), ==, 1);
}

/* Ringing back a busy line after the text-back, or from a number in the
 * contacts, is a keen customer, not a robocaller. */
static void
test_quick_hang_ups_keen_customer (Fixture *f, gconstpointer data)
{
  call (f, "(708) 555-0111", NULL, SECONDS (20));
  advance (f, MINUTES (2));
  g_assert_true (redial_case_get_texted_back (queue_item (f, 0)));
  for (guint i = 0; i < 3; i++)
    call (f, "(708) 555-0111", NULL, SECONDS (1));
  g_assert_cmpint (redial_case_get_kind (queue_item (f, 0)), ==, REDIAL_CASE_KIND_NEW_LEAD);

  /* A contact the desk added after the first call. */
  call (f, "(312) 555-0142", NULL, 0);
  g_assert_true (redial_store_save_contact (f->store, "+13125550142", "Maria Gonzalez", NULL));
  for (guint i = 0; i < 3; i++)
    call (f, "(312) 555-0142", NULL, 0);
  g_assert_cmpint (redial_case_get_kind (queue_item (f, 1)), ==, REDIAL_CASE_KIND_NEW_LEAD);
}

static void
test_known_customer (Fixture *f, gconstpointer data)
{
  g_assert_true (redial_store_save_contact (f->store, "+13125550142", "Maria Gonzalez", NULL));
  call (f, "(312) 555-0142", "WIRELESS CALLER", SECONDS (20));
  advance (f, SECONDS (5));

  g_assert_cmpint (redial_case_get_kind (queue_item (f, 0)), ==, REDIAL_CASE_KIND_KNOWN_CUSTOMER);
  g_assert_cmpstr (redial_case_get_caller_name (queue_item (f, 0)), ==, "Maria Gonzalez");
  g_assert_true (g_str_has_prefix (body_of_last (f, queue_item (f, 0)), "Hi Maria, it's Acme Plumbing."));
}

static void
test_text_back_delay (Fixture *f, gconstpointer data)
{
  RedialCase *first;

  call (f, "(312) 555-0142", NULL, SECONDS (20));
  call (f, "(773) 555-0163", NULL, SECONDS (20));
  first = queue_item (f, 0);
  advance (f, SECONDS (30));
  g_assert_cmpuint (sent (f), ==, 0);

  /* Someone calls the first caller back within the delay: no text for them. */
  g_assert_true (redial_engine_record_call_attempt (f->engine, first, NULL));
  advance (f, SECONDS (40));
  g_assert_cmpuint (sent (f), ==, 1);
  g_assert_false (redial_case_get_texted_back (first));
}

/* A keyword is the whole message; a sentence that starts with one is
 * conversation, and may be an emergency. */
static void
test_keyword_whole_message (Fixture *f, gconstpointer data)
{
  g_autofree char *texts = NULL;
  RedialCase *kase;

  call (f, "(312) 555-0142", NULL, SECONDS (20));
  kase = queue_item (f, 0);
  reply (f, "(312) 555-0142", "Stop by tomorrow at 5, the sink still drips");
  g_assert_false (redial_store_is_opted_out (f->store, "+13125550142"));
  g_assert_false (redial_case_get_opted_out (kase));

  reply (f, "(312) 555-0142", "Help! The basement is flooding");
  advance (f, SECONDS (5));
  texts = texts_of (f, kase);
  g_assert_cmpstr (texts, ==, "text-back,reply,reply");
  g_assert_true (redial_case_get_emergency (kase));
  g_assert_cmpuint (f->alerts->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (f->alerts, 0), "emergency:"));
}

/* Emergency words are whole words: an outburst is not a burst pipe. */
static void
test_emergency_whole_words (Fixture *f, gconstpointer data)
{
  call (f, "(312) 555-0142", NULL, SECONDS (20));
  reply (f, "(312) 555-0142", "Sorry about my outburst earlier");
  g_assert_false (redial_case_get_emergency (queue_item (f, 0)));
  reply (f, "(312) 555-0142", "Floodlights are out, no hurry");
  g_assert_false (redial_case_get_emergency (queue_item (f, 0)));
  g_assert_cmpuint (f->alerts->len, ==, 0);
  reply (f, "(312) 555-0142", "and now a pipe burst");
  g_assert_true (redial_case_get_emergency (queue_item (f, 0)));
}

/* A deadline that falls exactly at closing time is breached then. */
static void
test_deadline_at_closing (Fixture *f, gconstpointer data)
{
  RedialCase *kase;

  advance_to (f, local (f, 11, 25, 11, 55));
  call (f, "(312) 555-0142", NULL, 0);
  kase = queue_item (f, 0);
  advance_to (f, local (f, 11, 25, 12, 0) + SECONDS (1));
  g_assert_cmpint (redial_case_get_sla_level (kase), ==, REDIAL_SLA_LEVEL_BREACHED);
  g_assert_cmpuint (f->alerts->len, ==, 2);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (f->alerts, 1), "breach:"));
}

/* 21:00 is night: the follow-up due then waits for 08:00, even when the
 * engine starts again at 21:00:30. */
static void
test_follow_up_not_at_nine_pm (Fixture *f, gconstpointer data)
{
  advance_to (f, local (f, 11, 25, 18, 0));
  call (f, "(312) 555-0142", NULL, 0);
  advance_to (f, local (f, 11, 25, 21, 0) - SECONDS (1));
  g_clear_object (&f->engine);
  redial_fake_clock_advance_to (REDIAL_FAKE_CLOCK (f->clock), local (f, 11, 25, 21, 0) + SECONDS (30));
  start_engine (f);
  assert_follow_up_at (f, queue_item (f, 0), local (f, 11, 26, 8, 0));
}

static void
test_follow_up_at_nine_pm_sharp (Fixture *f, gconstpointer data)
{
  g_autofree char *texts = NULL;

  advance_to (f, local (f, 11, 25, 18, 0));
  call (f, "(312) 555-0142", NULL, 0);
  advance_to (f, local (f, 11, 25, 21, 0) + SECONDS (2));
  texts = texts_of (f, queue_item (f, 0));
  g_assert_cmpstr (texts, ==, "text-back");
}

/* Three calls that each rang @ring, @gap apart: likely spam or not. */
static RedialCaseKind
kind_after_rings (Fixture *f,
                  gint64   ring,
                  gint64   gap)
{
  for (guint i = 0; i < 3; i++)
    {
      if (i > 0)
        advance (f, gap);
      call (f, "(708) 555-0111", NULL, ring);
    }
  return redial_case_get_kind (queue_item (f, 0));
}

static void
test_quick_hang_ups_two_seconds (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (kind_after_rings (f, SECONDS (2), SECONDS (30)), ==, REDIAL_CASE_KIND_LIKELY_SPAM);
}

static void
test_quick_hang_ups_three_seconds (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (kind_after_rings (f, SECONDS (3), SECONDS (30)), ==, REDIAL_CASE_KIND_NEW_LEAD);
}

static void
test_quick_hang_ups_far_apart (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (kind_after_rings (f, 0, MINUTES (5) + SECONDS (1)), ==, REDIAL_CASE_KIND_NEW_LEAD);
}

/* The caller ID on every call row, exactly as it came. */
static char *
raw_caller_ids (Fixture *f)
{
  g_autoptr(GString) out = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT coalesce(caller_raw, '-') FROM calls ORDER BY id",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%s%s", out->len > 0 ? "|" : "", sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* An area code newer than libphonenumber's metadata is a number: texted
 * back, and it can be called back. Only an empty, withheld or impossible
 * caller ID is "No number", and its text is kept. */
static void
test_never_lose_a_caller (Fixture *f, gconstpointer data)
{
  g_autofree char *raw = NULL;
  RedialCase *fresh, *impossible;

  call (f, "(645) 555-0123", NULL, SECONDS (20));
  call (f, "+1 312 555 011", NULL, SECONDS (20));
  call (f, "Anonymous", NULL, SECONDS (20));
  advance (f, SECONDS (5));

  fresh = queue_item (f, 0);
  g_assert_cmpstr (redial_case_get_caller (fresh), ==, "+16455550123");
  g_assert_cmpint (redial_case_get_kind (fresh), ==, REDIAL_CASE_KIND_NEW_LEAD);
  g_assert_true (redial_case_get_texted_back (fresh));
  g_assert_cmpuint (sent (f), ==, 1);

  impossible = queue_item (f, 1);
  g_assert_null (redial_case_get_caller (impossible));
  g_assert_cmpint (redial_case_get_kind (impossible), ==, REDIAL_CASE_KIND_ANONYMOUS);
  g_assert_cmpstr (redial_case_get_caller_raw (impossible), ==, "+1 312 555 011");
  g_assert_cmpstr (redial_case_get_caller_raw (queue_item (f, 2)), ==, "Anonymous");

  raw = raw_caller_ids (f);
  g_assert_cmpstr (raw, ==, "(645) 555-0123|+1 312 555 011|Anonymous");
}

/* The gateway's own "not a valid number" marks the case, with its
 * reason, and the number can still be called back. */
static void
test_gateway_says_unreachable (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) open = NULL;
  RedialCase *kase;

  call (f, "(645) 555-0123", NULL, SECONDS (20));
  advance (f, SECONDS (5));
  kase = queue_item (f, 0);
  g_assert_null (redial_case_get_number_problem (kase));

  redial_sms_gateway_emit_unreachable (f->gateway, "+16455550123", "The number is not a valid phone number.");
  g_assert_cmpstr (redial_case_get_number_problem (kase), ==, "The number is not a valid phone number.");
  g_assert_cmpstr (redial_case_get_caller (kase), ==, "+16455550123");

  open = redial_store_list_open_cases (f->store, NULL);
  g_assert_cmpuint (open->len, ==, 1);
  g_assert_cmpstr (redial_case_get_number_problem (g_ptr_array_index (open, 0)), ==,
                   "The number is not a valid phone number.");
}

/* The crash test: a child process records a missed call and is killed at
 * a chosen point; the parent restarts the engine on the same file. */
static void
crash_child (const char *path,
             gboolean    die_after_hand_off)
{
  g_autoptr(RedialConfig) config = redial_config_load_from_data (plumber_conf, "child.conf", NULL);
  g_autoptr(RedialStore) store = redial_store_open (path, NULL);
  g_autoptr(RedialClock) clock = redial_fake_clock_new (G_GINT64_CONSTANT (1795680000000000));
  g_autoptr(RedialEngine) engine = redial_engine_new (config, store, clock);
  g_autoptr(RedialDemoScript) script = redial_demo_script_new ("US");
  g_autoptr(RedialSmsGateway) gateway = redial_demo_sms_new (clock, script);
  g_autoptr(RedialCallEvent) event = redial_call_event_new ();

  event->provider = g_strdup ("test");
  event->provider_call_id = g_strdup ("crash-1");
  event->caller = g_strdup ("(312) 555-0142");
  event->started_at = redial_clock_now (clock);

  if (die_after_hand_off)
    {
      /* The real engine: the text is committed, handed to the gateway, and
       * the process dies before the gateway answers. */
      redial_engine_set_sms_gateway (engine, gateway);
      redial_engine_start (engine, NULL);
      redial_engine_handle_call (engine, event);
    }
  else
    {
      /* What is on disk when the engine dies between committing the
       * outbox row and handing it over: the engine's own first step. */
      g_autoptr(RedialCall) call = g_object_new (REDIAL_TYPE_CALL, "provider", "test",
                                                 "provider-call-id", "crash-1",
                                                 "caller", "+13125550142",
                                                 "started-at", event->started_at, NULL);
      g_autoptr(RedialCase) kase = redial_store_record_call (store, call, TRUE, NULL, NULL);
      g_autoptr(RedialMessage) message =
        redial_message_new (redial_case_get_id (kase), REDIAL_MESSAGE_DIRECTION_OUTBOUND,
                            REDIAL_MESSAGE_KIND_TEXT_BACK, "+13125550142",
                            "Hi, this is Acme Plumbing.", event->started_at);

      redial_store_queue_text_back (store, kase, message, NULL);
    }

  kill (getpid (), SIGKILL);
}

static void
run_crash (Fixture  *f,
           gboolean  die_after_hand_off)
{
  pid_t pid;
  int status;

  g_clear_object (&f->engine);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    crash_child (f->path, die_after_hand_off);

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_MESSAGES), ==, 1);

  start_engine (f);
  advance (f, SECONDS (10));
}

static void
test_crash_before_hand_off (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) messages = NULL;

  run_crash (f, FALSE);

  /* Never handed over: sent once after the restart. */
  g_assert_cmpuint (sent (f), ==, 1);
  messages = redial_store_list_messages (f->store, redial_case_get_id (queue_item (f, 0)), NULL);
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_cmpint (redial_message_get_status (g_ptr_array_index (messages, 0)), ==,
                   REDIAL_MESSAGE_STATUS_DELIVERED);

  /* Another restart sends nothing more. */
  g_clear_object (&f->engine);
  start_engine (f);
  advance (f, SECONDS (10));
  g_assert_cmpuint (sent (f), ==, 1);
}

static void
test_crash_during_hand_off (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) messages = NULL;
  RedialMessage *message;

  run_crash (f, TRUE);

  /* Maybe sent: the gateway is asked. The demo gateway started afresh
   * never created it, so it is sent now, once. (A gateway that created
   * it, or cannot tell, is in test-outbox.c.) */
  g_assert_cmpuint (sent (f), ==, 1);
  messages = redial_store_list_messages (f->store, redial_case_get_id (queue_item (f, 0)), NULL);
  g_assert_cmpuint (messages->len, ==, 1);
  message = g_ptr_array_index (messages, 0);
  g_assert_cmpint (redial_message_get_status (message), ==, REDIAL_MESSAGE_STATUS_DELIVERED);
  g_assert_cmpuint (f->alerts->len, ==, 0);

  g_clear_object (&f->engine);
  start_engine (f);
  advance (f, SECONDS (10));
  g_assert_cmpuint (sent (f), ==, 1);
}

static const char *agent_conf =
  "[business]\nname = Acme Plumbing\ntime-zone = America/Chicago\n"
  "[template busy-hours en]\n"
  "text = Hi, {agent} at {business} here. Sorry we missed you!\n"
  "fallback = Hi, {business} here. Sorry we missed you!\n";

static void
test_agent_placeholder (Fixture *f, gconstpointer data)
{
  /* Nobody named at the desk: the fallback wording. */
  call (f, "(312) 555-0142", NULL, SECONDS (20));
  advance (f, SECONDS (2));
  g_assert_cmpstr (body_of_last (f, queue_item (f, 0)), ==, "Hi, Acme Plumbing here. Sorry we missed you!");

  g_object_set (f->engine, "agent-name", "Dana", NULL);
  call (f, "(773) 555-0163", NULL, SECONDS (20));
  advance (f, SECONDS (2));
  g_assert_cmpstr (body_of_last (f, queue_item (f, 1)), ==, "Hi, Dana at Acme Plumbing here. Sorry we missed you!");
}

/* The text-back waits two minutes, long enough for a quick probe to show
 * itself; or there is none, for probes that take longer. */
static const char *slow_text_back_conf =
  "[business]\nname = Acme Plumbing\ntime-zone = America/Chicago\n"
  "[text-back]\ndelay = 120\n";
static const char *no_text_back_conf =
  "[business]\nname = Acme Plumbing\ntime-zone = America/Chicago\n"
  "[text-back]\nenabled = false\n";

static const char *delay_conf =
  "[business]\nname = Acme Plumbing\ntime-zone = America/Chicago\n"
  "[text-back]\ndelay = 60\n";

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
#define ADD_CONF(path, conf, func) \
  g_test_add (path, Fixture, conf, fixture_setup, func, fixture_teardown)

  ADD ("/rules/repeat-caller/five-calls-one-text", test_five_calls_one_text);
  ADD ("/rules/text-back/after-hours-wording", test_after_hours_wording);
  ADD ("/rules/sla/split-shift-lunch-break", test_lunch_break_clock);
  ADD ("/rules/sla/friday-night-call", test_friday_night_call);
  ADD ("/rules/sla/holiday", test_holiday_clock);
  ADD ("/rules/sla/not-repeated-on-restart", test_alerts_not_repeated_on_restart);
  ADD ("/rules/sla/reply-clock", test_reply_clock);
  ADD ("/rules/opt-out/stop-then-start", test_stop_then_start);
  ADD ("/rules/opt-out/words", test_opt_out_words);
  ADD ("/rules/help", test_help);
  ADD ("/rules/follow-up/waits-for-morning", test_follow_up_waits_for_morning);
  ADD ("/rules/follow-up/not-after-reply", test_no_follow_up_after_reply);
  ADD ("/rules/follow-up/caller-abroad", test_follow_up_abroad);
  ADD ("/rules/emergency-reply", test_emergency_reply);
  ADD ("/rules/kind/blocked", test_blocked_number);
  ADD ("/rules/kind/anonymous", test_anonymous_call);
  ADD_CONF ("/rules/kind/spam", slow_text_back_conf, test_spam_rules);
  ADD ("/rules/kind/known-customer", test_known_customer);
  ADD ("/rules/keyword/whole-message", test_keyword_whole_message);
  ADD ("/rules/emergency/whole-words", test_emergency_whole_words);
  ADD ("/rules/sla/deadline-at-closing", test_deadline_at_closing);
  ADD ("/rules/follow-up/not-at-nine-pm-after-restart", test_follow_up_not_at_nine_pm);
  ADD ("/rules/follow-up/not-at-nine-pm-sharp", test_follow_up_at_nine_pm_sharp);
  ADD ("/rules/caller/never-lost", test_never_lose_a_caller);
  ADD ("/rules/caller/gateway-says-unreachable", test_gateway_says_unreachable);
  ADD_CONF ("/rules/kind/quick-hang-ups/two-seconds", slow_text_back_conf, test_quick_hang_ups_two_seconds);
  ADD_CONF ("/rules/kind/quick-hang-ups/three-seconds", slow_text_back_conf, test_quick_hang_ups_three_seconds);
  ADD_CONF ("/rules/kind/quick-hang-ups/far-apart", no_text_back_conf, test_quick_hang_ups_far_apart);
  ADD ("/rules/kind/quick-hang-ups/keen-customer", test_quick_hang_ups_keen_customer);
  ADD ("/rules/outbox/crash-before-hand-off", test_crash_before_hand_off);
  ADD ("/rules/outbox/crash-during-hand-off", test_crash_during_hand_off);
  g_test_add ("/rules/text-back/delay", Fixture, delay_conf, fixture_setup, test_text_back_delay,
              fixture_teardown);
  g_test_add ("/rules/template/agent", Fixture, agent_conf, fixture_setup, test_agent_placeholder,
              fixture_teardown);

  return g_test_run ();
}
