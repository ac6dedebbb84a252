/* test-demo.c: the built-in demo plays a believable stream of calls and replies. */
#include "config.h"

#include <glib/gstdio.h>

#include "redial-demo-phone.h"
#include "redial-demo-sms.h"
#include "redial-engine.h"
#include "redial-fake-clock.h"
#include "redial-phone.h"
#include "redial-test-util.h"

#define START_US G_GINT64_CONSTANT (1795615200000000)
#define SECONDS(n) ((gint64) (n) * G_USEC_PER_SEC)

static void
on_call_event (RedialPhoneSystem *phone,
               RedialCallEvent   *event,
               GPtrArray         *events)
{
  g_ptr_array_add (events, redial_call_event_ref (event));
}

static void
test_script_is_believable (void)
{
  g_autoptr(RedialClock) clock = redial_fake_clock_new (START_US);
  g_autoptr(RedialDemoScript) script = redial_demo_script_new ("US");
  g_autoptr(RedialPhoneSystem) phone = redial_demo_phone_new (clock, script);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) redial_call_event_unref);
  g_autoptr(GHashTable) per_caller = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) lines = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *status = NULL;
  guint n_anonymous = 0, n_repeat = 0, n_toll_free = 0;
  guint n_calls;

  redial_demo_script_get_calls (&n_calls);
  g_signal_connect (phone, "call-event", G_CALLBACK (on_call_event), events);

  redial_phone_system_start (phone);
  g_assert_cmpint (redial_phone_system_get_state (phone), ==, REDIAL_CONNECTION_CONNECTING);
  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (clock), SECONDS (1));
  g_assert_cmpint (redial_phone_system_get_state (phone), ==, REDIAL_CONNECTION_CONNECTED);
  status = redial_phone_system_dup_status (phone);
  g_assert_cmpstr (status, ==, "Demo phone system connected");

  /* The first missed call arrives within 10 seconds of starting. */
  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (clock), SECONDS (9));
  g_assert_cmpuint (events->len, >=, 1);

  /* One full round, then the start of the next with new callers. */
  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (clock), SECONDS (redial_demo_script_get_round_seconds ()));
  g_assert_cmpuint (events->len, >, n_calls);

  for (guint i = 0; i < events->len; i++)
    {
      RedialCallEvent *event = g_ptr_array_index (events, i);
      g_autofree char *e164 = redial_phone_normalize (event->caller, "US", NULL);

      g_assert_false (g_hash_table_contains (ids, event->provider_call_id));
      g_hash_table_add (ids, event->provider_call_id);
      g_assert_true (redial_call_event_is_missed (event));
      g_assert_cmpint (event->ended_at, >=, event->started_at);
      g_hash_table_add (lines, event->line_label);

      if (i >= n_calls)
        continue;
      if (e164 == NULL)
        {
          n_anonymous++;
          continue;
        }
      if (g_str_has_prefix (e164, "+1888") || g_str_has_prefix (e164, "+1800"))
        n_toll_free++;
      if (g_hash_table_contains (per_caller, e164))
        n_repeat++;
      else
        g_hash_table_add (per_caller, g_steal_pointer (&e164));
    }

  g_assert_cmpuint (n_anonymous, ==, 1);
  g_assert_cmpuint (n_toll_free, ==, 1);
  g_assert_cmpuint (n_repeat, >=, 2);
  g_assert_true (g_hash_table_contains (lines, "Main"));
  g_assert_true (g_hash_table_contains (lines, "Google Ads"));

  redial_phone_system_stop (phone);
  g_assert_cmpint (redial_phone_system_get_state (phone), ==, REDIAL_CONNECTION_DISCONNECTED);
  g_assert_cmpuint (redial_fake_clock_get_n_pending (REDIAL_FAKE_CLOCK (clock)), ==, 0);
}

/* One demo round on the database at @path, from START_US, as a desk sees
 * it; then the desk closes every case. */
static void
play_round (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialClock) clock = redial_fake_clock_new (START_US);
  g_autoptr(RedialDemoScript) script = redial_demo_script_new ("US");
  g_autoptr(RedialPhoneSystem) phone = redial_demo_phone_new (clock, script);
  g_autoptr(RedialSmsGateway) gateway = redial_demo_sms_new (clock, script);
  g_autoptr(RedialConfig) config = redial_config_new ();
  g_autoptr(RedialStore) store = redial_store_open (path, &error);
  g_autoptr(RedialEngine) engine = NULL;
  GListModel *queue;
  guint n_replied = 0, n_opted_out = 0, n_multi = 0, n_spam = 0;
  gint64 end;

  g_assert_no_error (error);
  engine = redial_engine_new (config, store, clock);
  redial_engine_set_phone_system (engine, phone);
  redial_engine_set_sms_gateway (engine, gateway);
  g_assert_true (redial_engine_start (engine, &error));

  /* Four simulated minutes, with the main loop turning between steps. */
  end = START_US + SECONDS (redial_demo_script_get_round_seconds ());
  while (redial_clock_now (clock) < end)
    {
      redial_fake_clock_advance (REDIAL_FAKE_CLOCK (clock), G_USEC_PER_SEC / 10);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }

  queue = redial_engine_get_queue (engine);
  g_assert_cmpuint (g_list_model_get_n_items (queue), >=, 8);
  for (guint i = 0; i < g_list_model_get_n_items (queue); i++)
    {
      g_autoptr(RedialCase) kase = g_list_model_get_item (queue, i);
      g_autoptr(GPtrArray) messages = redial_store_list_messages (store, redial_case_get_id (kase), NULL);

      if (redial_case_get_state (kase) == REDIAL_CASE_STATE_REPLIED)
        n_replied++;
      if (redial_case_get_opted_out (kase))
        n_opted_out++;
      if (redial_case_get_n_calls (kase) > 1)
        n_multi++;
      /* Every caller with a number was texted back, once, unless they
       * opted out (in an earlier run); spam was not. */
      if (redial_case_get_kind (kase) == REDIAL_CASE_KIND_LIKELY_SPAM)
        {
          n_spam++;
          g_assert_false (redial_case_get_texted_back (kase));
          g_assert_cmpstr (redial_case_get_kind_reason (kase), ==,
                           "Caller ID says “CARD SERVICES”, a name robocallers use");
        }
      else
        g_assert_true (redial_case_get_caller (kase) == NULL || redial_case_get_texted_back (kase) ||
                       redial_case_get_opted_out (kase));
      /* Every text went out: none stuck on an id an earlier run used. */
      for (guint j = 0; j < messages->len; j++)
        {
          RedialMessage *message = g_ptr_array_index (messages, j);

          if (redial_message_get_direction (message) == REDIAL_MESSAGE_DIRECTION_OUTBOUND)
            g_assert_cmpint (redial_message_get_status (message), ==, REDIAL_MESSAGE_STATUS_DELIVERED);
        }
    }

  g_assert_cmpuint (n_replied, >=, 2);
  g_assert_cmpuint (n_opted_out, ==, 1);
  g_assert_cmpuint (n_multi, >=, 2);
  g_assert_cmpuint (n_spam, ==, 1);

  while (g_list_model_get_n_items (queue) > 0)
    {
      g_autoptr(RedialCase) kase = g_list_model_get_item (queue, 0);

      g_assert_true (redial_engine_close_case (engine, kase, REDIAL_CASE_OUTCOME_LOST, -1, &error));
      g_assert_no_error (error);
    }
}

/* @data rounds of the demo on one database, each at the same times: the
 * later ones play on the database of the earlier, and their calls and
 * texts are new ones, not the earlier run's. */
static void
test_demo_end_to_end (gconstpointer data)
{
  g_autofree char *dir = g_dir_make_tmp ("redial-demo-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "redial.db", NULL);

  for (guint i = 0; i < GPOINTER_TO_UINT (data); i++)
    play_round (path);
  redial_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/script/believable-stream", test_script_is_believable);
  g_test_add_data_func ("/demo/end-to-end/texted-back-and-replies", GUINT_TO_POINTER (1), test_demo_end_to_end);
  g_test_add_data_func ("/demo/end-to-end/existing-database", GUINT_TO_POINTER (2), test_demo_end_to_end);

  return g_test_run ();
}
