/* test-engine.c: missed calls become cases, texted back once, timed by the fake clock. */
#include "config.h"

#include <glib/gstdio.h>

#include "redial-demo-sms.h"
#include "redial-engine.h"
#include "redial-fake-clock.h"
#include "redial-text.h"
#include "redial-test-util.h"

/* 2026-11-25 14:00:00 UTC, a Wednesday. */
#define START_US G_GINT64_CONSTANT (1795615200000000)
#define SECONDS(n) ((gint64) (n) * G_USEC_PER_SEC)

typedef struct
{
  char             *dir;
  char             *path;
  RedialConfig     *config;
  RedialStore      *store;
  RedialClock      *clock;
  RedialSmsGateway *gateway;
  RedialEngine     *engine;
  guint             n_call;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialDemoScript) script = NULL;

  f->dir = g_dir_make_tmp ("redial-engine-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "redial.db", NULL);
  f->config = redial_config_load_from_data ("[business]\nname = Acme Plumbing\nregion = US\n"
                                            "[lines]\n+13125550118 = Main\n",
                                            "test.conf", &error);
  g_assert_no_error (error);
  f->store = redial_store_open (f->path, &error);
  g_assert_no_error (error);
  f->clock = redial_fake_clock_new (START_US);
  script = redial_demo_script_new ("US");
  f->gateway = redial_demo_sms_new (f->clock, script);
  f->engine = redial_engine_new (f->config, f->store, f->clock);
  redial_engine_set_sms_gateway (f->engine, f->gateway);
  /* A desk whose office's automation runs elsewhere. */
  if (g_strcmp0 (data, "desk") == 0)
    redial_engine_set_automation (f->engine, FALSE);
  g_assert_true (redial_engine_start (f->engine, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->engine);
  g_clear_object (&f->gateway);
  g_clear_object (&f->clock);
  g_clear_object (&f->store);
  g_clear_object (&f->config);
  redial_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* Moves simulated time on in small steps, letting finished sends deliver
 * their results between steps as the main loop would. */
static void
advance (Fixture *f,
         gint64   delta_us)
{
  gint64 end = redial_clock_now (f->clock) + delta_us;

  while (redial_clock_now (f->clock) < end)
    {
      redial_fake_clock_advance_to (REDIAL_FAKE_CLOCK (f->clock),
                                    MIN (end, redial_clock_now (f->clock) + G_USEC_PER_SEC / 10));
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
}

static void
missed_call (Fixture                 *f,
             const char              *caller,
             const char              *name,
             RedialDisposition        disposition)
{
  g_autoptr(RedialCallEvent) event = redial_call_event_new ();
  gint64 now = redial_clock_now (f->clock);

  event->provider = g_strdup ("test");
  event->provider_call_id = g_strdup_printf ("call-%u", ++f->n_call);
  event->caller = g_strdup (caller);
  event->caller_name = g_strdup (name);
  event->line = g_strdup ("(312) 555-0118");
  event->started_at = now - SECONDS (20);
  event->ended_at = now;
  event->disposition = disposition;
  redial_engine_handle_call (f->engine, event);
}

static RedialCase *
queue_item (Fixture *f,
            guint    position)
{
  GListModel *queue = redial_engine_get_queue (f->engine);
  RedialCase *kase;

  g_assert_cmpuint (position, <, g_list_model_get_n_items (queue));
  kase = g_list_model_get_item (queue, position);
  g_object_unref (kase);  /* the queue keeps it alive */
  return kase;
}

static GPtrArray *
messages_of (Fixture    *f,
             RedialCase *kase)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *messages = redial_store_list_messages (f->store, redial_case_get_id (kase), &error);

  g_assert_no_error (error);
  return messages;
}

static void
test_repeat_caller_texted_once (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GPtrArray) messages = NULL;
  RedialMessage *text;
  RedialCase *kase;

  missed_call (f, "(212) 555-0110", "Jane Caller", REDIAL_DISPOSITION_NO_ANSWER);
  advance (f, SECONDS (30));
  missed_call (f, "+1 212 555 0110", "Jane Caller", REDIAL_DISPOSITION_BUSY);
  advance (f, SECONDS (30));
  missed_call (f, "12125550110", "JANE CALLER", REDIAL_DISPOSITION_VOICEMAIL);
  advance (f, SECONDS (10));

  g_assert_cmpuint (g_list_model_get_n_items (redial_engine_get_queue (f->engine)), ==, 1);
  kase = queue_item (f, 0);
  g_assert_cmpstr (redial_case_get_caller (kase), ==, "+12125550110");
  g_assert_cmpstr (redial_case_get_caller_name (kase), ==, "Jane Caller");
  g_assert_cmpstr (redial_case_get_line_label (kase), ==, "Main");
  g_assert_cmpuint (redial_case_get_n_calls (kase), ==, 3);
  g_assert_true (redial_case_get_texted_back (kase));

  messages = messages_of (f, kase);
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_cmpuint (redial_demo_sms_get_n_sent (REDIAL_DEMO_SMS (f->gateway)), ==, 1);
  text = g_ptr_array_index (messages, 0);
  g_assert_cmpint (redial_message_get_kind (text), ==, REDIAL_MESSAGE_KIND_TEXT_BACK);
  g_assert_cmpstr (redial_message_get_peer (text), ==, "+12125550110");
  g_assert_true (g_str_has_prefix (redial_message_get_body (text), "Hi there, it's Acme Plumbing."));
  g_assert_null (strchr (redial_message_get_body (text), '{'));
  g_assert_true (g_str_has_prefix (redial_message_get_provider_message_id (text), "SMdemo"));
  g_assert_true (g_str_has_suffix (redial_message_get_provider_message_id (text), "00000001"));
  g_assert_cmpint (redial_message_get_status (text), ==, REDIAL_MESSAGE_STATUS_DELIVERED);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_CALLS), ==, 3);
}

static void
test_delivery_steps (Fixture       *f,
                     gconstpointer  data)
{
  RedialMessageStatus seen[3];
  RedialCase *kase;

  missed_call (f, "(212) 555-0110", NULL, REDIAL_DISPOSITION_NO_ANSWER);
  kase = queue_item (f, 0);

  for (guint i = 0; i < G_N_ELEMENTS (seen); i++)
    {
      g_autoptr(GPtrArray) messages = messages_of (f, kase);

      g_assert_cmpuint (messages->len, ==, 1);
      seen[i] = redial_message_get_status (g_ptr_array_index (messages, 0));
      advance (f, SECONDS (1) + G_USEC_PER_SEC / 5);
      if (i == 1)
        advance (f, SECONDS (2));
    }

  g_assert_cmpint (seen[0], ==, REDIAL_MESSAGE_STATUS_QUEUED);
  g_assert_cmpint (seen[1], ==, REDIAL_MESSAGE_STATUS_SENT);
  g_assert_cmpint (seen[2], ==, REDIAL_MESSAGE_STATUS_DELIVERED);
}

static void
test_timer_levels (Fixture       *f,
                   gconstpointer  data)
{
  RedialCase *kase;

  missed_call (f, "(212) 555-0110", NULL, REDIAL_DISPOSITION_NO_ANSWER);
  kase = queue_item (f, 0);
  /* The timer runs from the start of the missed call, 20 s ago. */
  g_assert_cmpint (redial_case_get_first_call_at (kase), ==, redial_clock_now (f->clock) - SECONDS (20));
  g_assert_cmpint (redial_case_get_sla_level (kase), ==, REDIAL_SLA_LEVEL_OK);

  advance (f, SECONDS (180 - 20 - 1));
  g_assert_cmpint (redial_case_get_sla_level (kase), ==, REDIAL_SLA_LEVEL_OK);
  advance (f, SECONDS (1));
  g_assert_cmpint (redial_case_get_sla_level (kase), ==, REDIAL_SLA_LEVEL_WARNING);
  advance (f, SECONDS (119));
  g_assert_cmpint (redial_case_get_sla_level (kase), ==, REDIAL_SLA_LEVEL_WARNING);
  advance (f, SECONDS (1));
  g_assert_cmpint (redial_case_get_sla_level (kase), ==, REDIAL_SLA_LEVEL_BREACHED);
  g_assert_cmpint (redial_engine_get_first_response_level (f->engine, kase), ==, REDIAL_SLA_LEVEL_BREACHED);

  /* A first human touch stops the clock. */
  g_assert_true (redial_engine_record_call_attempt (f->engine, kase, NULL));
  advance (f, SECONDS (1));
  g_assert_cmpint (redial_case_get_sla_level (kase), ==, REDIAL_SLA_LEVEL_MET);
}

static void
on_tick (RedialEngine *engine,
         gint64        now,
         guint        *n_ticks)
{
  (*n_ticks)++;
}

static void
test_one_tick_a_second (Fixture       *f,
                        gconstpointer  data)
{
  guint n_ticks = 0;

  g_signal_connect (f->engine, "tick", G_CALLBACK (on_tick), &n_ticks);
  /* A simulated hour, in well under a second. */
  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (f->clock), SECONDS (3600));
  g_assert_cmpuint (n_ticks, ==, 3600);
}

static void
test_anonymous_not_texted (Fixture       *f,
                           gconstpointer  data)
{
  RedialCase *kase;

  missed_call (f, "anonymous", "Anonymous", REDIAL_DISPOSITION_NO_ANSWER);
  missed_call (f, "", NULL, REDIAL_DISPOSITION_NO_ANSWER);
  advance (f, SECONDS (10));

  g_assert_cmpuint (g_list_model_get_n_items (redial_engine_get_queue (f->engine)), ==, 2);
  kase = queue_item (f, 0);
  g_assert_null (redial_case_get_caller (kase));
  g_assert_null (redial_case_get_caller_name (kase));
  g_assert_false (redial_case_get_texted_back (kase));
  g_assert_cmpuint (redial_demo_sms_get_n_sent (REDIAL_DEMO_SMS (f->gateway)), ==, 0);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_MESSAGES), ==, 0);
}

static void
test_duplicate_event (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(RedialCallEvent) event = redial_call_event_new ();

  event->provider = g_strdup ("ami");
  event->provider_call_id = g_strdup ("1700000000.42");
  event->caller = g_strdup ("2125550110");
  event->started_at = redial_clock_now (f->clock);
  redial_engine_handle_call (f->engine, event);
  redial_engine_handle_call (f->engine, event);
  advance (f, SECONDS (5));

  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_CALLS), ==, 1);
  g_assert_cmpuint (redial_case_get_n_calls (queue_item (f, 0)), ==, 1);
  g_assert_cmpuint (redial_demo_sms_get_n_sent (REDIAL_DEMO_SMS (f->gateway)), ==, 1);
}

static void
test_answered_call_ignored (Fixture       *f,
                            gconstpointer  data)
{
  missed_call (f, "(212) 555-0110", NULL, REDIAL_DISPOSITION_ANSWERED);
  advance (f, SECONDS (5));

  g_assert_cmpuint (g_list_model_get_n_items (redial_engine_get_queue (f->engine)), ==, 0);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_CALLS), ==, 1);
  g_assert_cmpuint (redial_demo_sms_get_n_sent (REDIAL_DEMO_SMS (f->gateway)), ==, 0);
}

static void
test_reply_lands_in_case (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) messages = NULL;
  RedialCase *first;

  missed_call (f, "(212) 555-0110", "Jane", REDIAL_DISPOSITION_NO_ANSWER);
  advance (f, SECONDS (60));
  missed_call (f, "(312) 555-0142", "Maria", REDIAL_DISPOSITION_NO_ANSWER);
  advance (f, SECONDS (60));
  first = queue_item (f, 0);
  g_assert_cmpstr (redial_case_get_caller_name (first), ==, "Jane");

  /* Maria writes back, from her number in another format. */
  redial_engine_handle_inbound (f->engine, "SMin1", "+1 (312) 555-0142", "Can you come Tuesday?");
  redial_engine_handle_inbound (f->engine, "SMin1", "+1 (312) 555-0142", "Can you come Tuesday?");

  g_assert_cmpuint (g_list_model_get_n_items (redial_engine_get_queue (f->engine)), ==, 2);
  g_assert_cmpstr (redial_case_get_caller_name (queue_item (f, 1)), ==, "Maria");
  g_assert_cmpint (redial_case_get_state (queue_item (f, 1)), ==, REDIAL_CASE_STATE_REPLIED);
  messages = messages_of (f, queue_item (f, 1));
  g_assert_cmpuint (messages->len, ==, 2);
  g_assert_cmpint (redial_message_get_direction (g_ptr_array_index (messages, 1)), ==,
                   REDIAL_MESSAGE_DIRECTION_INBOUND);
  g_assert_cmpstr (redial_message_get_body (g_ptr_array_index (messages, 1)), ==, "Can you come Tuesday?");
  g_assert_cmpstr (redial_case_get_preview (queue_item (f, 1)), ==, "Can you come Tuesday?");

  /* A text from someone with no open case opens one. */
  redial_engine_handle_inbound (f->engine, "SMin2", "773-555-0163", "Do you do roofs?");
  g_assert_cmpuint (g_list_model_get_n_items (redial_engine_get_queue (f->engine)), ==, 3);
}

static void
test_stop_opts_out (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) messages = NULL;
  RedialCase *kase;

  missed_call (f, "(212) 555-0110", NULL, REDIAL_DISPOSITION_NO_ANSWER);
  advance (f, SECONDS (10));
  redial_engine_handle_inbound (f->engine, "SMin1", "2125550110", "  stop. ");
  advance (f, SECONDS (10));

  kase = queue_item (f, 0);
  g_assert_true (redial_case_get_opted_out (kase));
  g_assert_true (redial_store_is_opted_out (f->store, "+12125550110"));
  messages = messages_of (f, kase);
  g_assert_cmpuint (messages->len, ==, 3);
  g_assert_cmpint (redial_message_get_kind (g_ptr_array_index (messages, 2)), ==,
                   REDIAL_MESSAGE_KIND_OPT_OUT_CONFIRMATION);
  g_assert_cmpuint (redial_demo_sms_get_n_sent (REDIAL_DEMO_SMS (f->gateway)), ==, 2);

  /* The case is closed and the caller rings again: no text goes out. */
  g_assert_true (redial_store_close_case (f->store, redial_case_get_id (kase), REDIAL_CASE_OUTCOME_LOST,
                                          -1, NULL, redial_clock_now (f->clock), NULL, NULL));
  missed_call (f, "(212) 555-0110", NULL, REDIAL_DISPOSITION_NO_ANSWER);
  advance (f, SECONDS (10));
  g_assert_cmpuint (redial_demo_sms_get_n_sent (REDIAL_DEMO_SMS (f->gateway)), ==, 2);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_OPT_OUT_AUDIT), ==, 1);
}

static void
test_most_urgent_first (Fixture       *f,
                        gconstpointer  data)
{
  missed_call (f, "(212) 555-0110", "First", REDIAL_DISPOSITION_NO_ANSWER);
  advance (f, SECONDS (30));
  missed_call (f, "(312) 555-0142", "Second", REDIAL_DISPOSITION_NO_ANSWER);
  advance (f, SECONDS (30));
  missed_call (f, "(773) 555-0163", "Third", REDIAL_DISPOSITION_NO_ANSWER);

  g_assert_cmpstr (redial_case_get_caller_name (queue_item (f, 0)), ==, "First");
  g_assert_cmpstr (redial_case_get_caller_name (queue_item (f, 1)), ==, "Second");
  g_assert_cmpstr (redial_case_get_caller_name (queue_item (f, 2)), ==, "Third");

  /* Someone on staff has reached the first caller: it stops being urgent. */
  redial_case_set_state (queue_item (f, 0), REDIAL_CASE_STATE_RESPONDED);
  redial_engine_handle_inbound (f->engine, "SMx", "(773) 555-0163", "hello?");
  /* Replying keeps Third among the waiting; First moved down. */
  g_assert_cmpstr (redial_case_get_caller_name (queue_item (f, 0)), ==, "Second");
  g_assert_cmpstr (redial_case_get_caller_name (queue_item (f, 1)), ==, "Third");
}

static void
test_restart_reloads_queue (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialEngine) engine = NULL;
  GListModel *queue;

  missed_call (f, "(212) 555-0110", "Jane", REDIAL_DISPOSITION_NO_ANSWER);
  missed_call (f, "(312) 555-0142", "Maria", REDIAL_DISPOSITION_NO_ANSWER);
  advance (f, SECONDS (5));
  redial_engine_handle_inbound (f->engine, "SMr1", "(312) 555-0142", "Is 3pm OK?");

  engine = redial_engine_new (f->config, f->store, f->clock);
  g_assert_true (redial_engine_start (engine, &error));
  queue = redial_engine_get_queue (engine);
  g_assert_cmpuint (g_list_model_get_n_items (queue), ==, 2);
  {
    /* What the caller wrote is still in the queue after the restart. */
    g_autoptr(RedialCase) maria = g_list_model_get_item (queue, 1);
    g_assert_cmpstr (redial_case_get_caller_name (maria), ==, "Maria");
    g_assert_cmpstr (redial_case_get_preview (maria), ==, "Is 3pm OK?");
  }

  /* The same caller after the restart joins the reloaded case and is not
   * texted a second time. */
  redial_engine_set_sms_gateway (engine, f->gateway);
  g_clear_object (&f->engine);
  f->engine = g_object_ref (engine);
  missed_call (f, "(212) 555-0110", "Jane", REDIAL_DISPOSITION_NO_ANSWER);
  advance (f, SECONDS (5));
  g_assert_cmpuint (g_list_model_get_n_items (queue), ==, 2);
  g_assert_cmpuint (redial_demo_sms_get_n_sent (REDIAL_DEMO_SMS (f->gateway)), ==, 2);
}

static void
on_alert (RedialEngine    *engine,
          RedialCase      *kase,
          RedialAlertKind  kind,
          const char      *message,
          guint           *n_alerts)
{
  (*n_alerts)++;
}

static void
test_desk_without_automation (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  guint n_alerts = 0;
  RedialCase *kase;

  g_assert_false (redial_engine_get_automation (f->engine));
  g_signal_connect (f->engine, "alert", G_CALLBACK (on_alert), &n_alerts);

  missed_call (f, "(212) 555-0110", "Jane Caller", REDIAL_DISPOSITION_NO_ANSWER);
  advance (f, SECONDS (10));

  /* In the queue, timed, but nobody texted. */
  g_assert_cmpuint (g_list_model_get_n_items (redial_engine_get_queue (f->engine)), ==, 1);
  kase = queue_item (f, 0);
  g_assert_cmpstr (redial_case_get_caller (kase), ==, "+12125550110");
  g_assert_false (redial_case_get_texted_back (kase));
  g_assert_cmpuint (redial_demo_sms_get_n_sent (REDIAL_DEMO_SMS (f->gateway)), ==, 0);

  /* Past the follow-up delay and every SLA point: the clock ran, but no
   * follow-up went out and no alert was raised here. */
  for (guint i = 0; i < 4 * 360; i++)
    {
      redial_fake_clock_advance (REDIAL_FAKE_CLOCK (f->clock), SECONDS (10));
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_assert_cmpint (redial_case_get_sla_level (kase), ==, REDIAL_SLA_LEVEL_BREACHED);
  g_assert_cmpuint (redial_case_get_followups_sent (kase), ==, 0);
  messages = messages_of (f, kase);
  g_assert_cmpuint (messages->len, ==, 0);
  g_assert_cmpuint (redial_demo_sms_get_n_sent (REDIAL_DEMO_SMS (f->gateway)), ==, 0);
  g_assert_cmpuint (n_alerts, ==, 0);

  /* What a person writes at the desk still goes out. */
  g_assert_true (redial_engine_send_text (f->engine, kase, "Sorry we missed you, Jane!", &error));
  g_assert_no_error (error);
  advance (f, SECONDS (5));
  g_assert_cmpuint (redial_demo_sms_get_n_sent (REDIAL_DEMO_SMS (f->gateway)), ==, 1);
}

static void
test_caller_name_cleaned (void)
{
  static const struct { const char *raw; const char *clean; } cases[] = {
    { "Jane Caller", "Jane Caller" },
    { "  Jane \t\n Caller  ", "Jane Caller" },
    { "<b>Bold</b> & Co", "<b>Bold</b> & Co" },
    { "Evil\xE2\x80\xAE" "edoc", "Eviledoc" },
    { "Bell\x07" "e", "Belle" },
    { "Broken \xff\xfe UTF-8", "Broken \xEF\xBF\xBD\xEF\xBF\xBD UTF-8" },
    { "ANONYMOUS", NULL },
    { "WIRELESS CALLER", NULL },
    { "+1 312 555 0118", NULL },
    { "", NULL },
    { NULL, NULL },
  };
  g_autofree char *longest = g_strnfill (500, 'x');
  g_autofree char *clipped = redial_text_clean_name (longest);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *clean = redial_text_clean_name (cases[i].raw);
      g_assert_cmpstr (clean, ==, cases[i].clean);
    }

  g_assert_cmpuint (g_utf8_strlen (clipped, -1), ==, 48);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/engine/repeat-caller/texted-once", test_repeat_caller_texted_once);
  ADD ("/engine/text-back/queued-sent-delivered", test_delivery_steps);
  ADD ("/engine/timer/colours-change-at-3-and-5-minutes", test_timer_levels);
  ADD ("/engine/timer/one-tick-a-second", test_one_tick_a_second);
  ADD ("/engine/anonymous/not-texted", test_anonymous_not_texted);
  ADD ("/engine/duplicate-event/no-op", test_duplicate_event);
  ADD ("/engine/answered-call/no-case", test_answered_call_ignored);
  ADD ("/engine/reply/lands-in-case", test_reply_lands_in_case);
  ADD ("/engine/reply/stop-opts-out", test_stop_opts_out);
  ADD ("/engine/queue/most-urgent-first", test_most_urgent_first);
  ADD ("/engine/restart/reloads-queue", test_restart_reloads_queue);
  g_test_add ("/engine/desk/without-automation-texts-nobody", Fixture, "desk", fixture_setup,
              test_desk_without_automation, fixture_teardown);
  g_test_add_func ("/engine/caller-name/cleaned", test_caller_name_cleaned);

  return g_test_run ();
}
