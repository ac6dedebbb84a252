/* test-intake-engine.c: intake answers are kept the moment they are given, and make a case urgent, out of area, not a fit or qualified. */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "redial-rules-fixture.h"

static char *intake_conf;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  fixture_setup (f, intake_conf);
  g_object_set (f->engine, "agent-name", "Dana", NULL);
}

/* The caller's case, after a missed call. */
static RedialCase *
missed_call (Fixture *f)
{
  call (f, "+13125550101", "Tom Becker", SECONDS (20));
  g_assert_cmpuint (queue_length (f), ==, 1);
  return queue_item (f, 0);
}

static void
answer (Fixture    *f,
        RedialCase *kase,
        const char *question,
        const char *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (redial_engine_set_intake_answer (f->engine, kase, question, value, &error));
  g_assert_no_error (error);
}

/* The timeline items of @kind, in order. */
static GPtrArray *
items_of (Fixture            *f,
          RedialCase         *kase,
          RedialTimelineKind  kind)
{
  g_autoptr(GPtrArray) timeline = redial_engine_list_timeline (f->engine, kase, NULL);
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_nonnull (timeline);
  for (guint i = 0; i < timeline->len; i++)
    if (redial_timeline_item_get_kind (g_ptr_array_index (timeline, i)) == kind)
      g_ptr_array_add (items, g_object_ref (g_ptr_array_index (timeline, i)));
  return items;
}

static void
on_timeline_changed (RedialEngine       *engine,
                     RedialCase         *kase,
                     RedialTimelineItem *item,
                     guint              *n)
{
  if (redial_timeline_item_get_kind (item) == REDIAL_TIMELINE_KIND_INTAKE)
    (*n)++;
}

static void
test_answers_kept (Fixture       *f,
                   gconstpointer  data)
{
  RedialCase *kase = missed_call (f);
  g_autoptr(GHashTable) answers = NULL;
  g_autoptr(GPtrArray) items = NULL;
  RedialTimelineItem *item;
  guint n_live = 0;

  g_signal_connect (f->engine, "timeline-changed", G_CALLBACK (on_timeline_changed), &n_live);
  answer (f, kase, "need", "leak");
  answer (f, kase, "window", " tomorrow / morning ");
  answer (f, kase, "need", "leak");       /* the same again: nothing new */
  answer (f, kase, "window", "");         /* cleared */

  answers = redial_engine_get_intake_answers (f->engine, kase, NULL);
  g_assert_cmpuint (g_hash_table_size (answers), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (answers, "need"), ==, "leak");

  /* Each answer given, changed or cleared is in the timeline, live too. */
  items = items_of (f, kase, REDIAL_TIMELINE_KIND_INTAKE);
  g_assert_cmpuint (items->len, ==, 3);
  g_assert_cmpuint (n_live, ==, 3);
  item = g_ptr_array_index (items, 1);
  g_assert_cmpstr (redial_timeline_item_get_question (item), ==, "window");
  g_assert_cmpstr (redial_timeline_item_get_text (item), ==, "tomorrow/morning");
  g_assert_cmpstr (redial_timeline_item_get_actor (item), ==, "Dana");
  g_assert_null (redial_timeline_item_get_text (g_ptr_array_index (items, 2)));
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  /* Held: a closed case leaves the queue. */
  g_autoptr(RedialCase) kase = g_object_ref (missed_call (f));
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) answers = NULL;

  g_assert_false (redial_engine_set_intake_answer (f->engine, kase, "favourite-colour", "blue", &error));
  g_assert_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_INTAKE);
  g_clear_error (&error);

  g_assert_false (redial_engine_set_intake_answer (f->engine, kase, "zip", "6'; DROP TABLE cases; --", &error));
  g_assert_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_INTAKE);
  g_assert_true (g_str_has_prefix (error->message, "ZIP code: "));
  g_clear_error (&error);

  g_assert_false (redial_engine_set_intake_answer (f->engine, kase, "need", "teleporter", &error));
  g_assert_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_INTAKE);
  g_clear_error (&error);

  answers = redial_engine_get_intake_answers (f->engine, kase, NULL);
  g_assert_cmpuint (g_hash_table_size (answers), ==, 0);

  g_assert_true (redial_engine_close_case (f->engine, kase, REDIAL_CASE_OUTCOME_NOT_A_FIT, -1, NULL));
  g_assert_false (redial_engine_set_intake_answer (f->engine, kase, "need", "leak", &error));
  g_assert_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_REFUSED);
}

static gboolean
has_alert (Fixture    *f,
           const char *text)
{
  for (guint i = 0; i < f->alerts->len; i++)
    if (strstr (g_ptr_array_index (f->alerts, i), text) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_urgent_answer (Fixture       *f,
                    gconstpointer  data)
{
  RedialCase *kase = missed_call (f);

  g_assert_false (redial_case_get_emergency (kase));
  answer (f, kase, "need", "burst-pipe");
  g_assert_true (redial_case_get_emergency (kase));
  g_assert_true (has_alert (f, "Emergency for Tom Becker: Burst pipe or flooding (urgent)"));

  /* Its shorter target: breached after two minutes, not five. */
  advance (f, SECONDS (125));
  g_assert_cmpint (redial_case_get_sla_level (kase), ==, REDIAL_SLA_LEVEL_BREACHED);
}

static void
test_qualified (Fixture       *f,
                gconstpointer  data)
{
  RedialCase *kase = missed_call (f);
  g_autoptr(GPtrArray) qualified = NULL;
  RedialCaseState before = redial_case_get_state (kase);

  answer (f, kase, "need", "leak");
  answer (f, kase, "urgency", "today");
  answer (f, kase, "zip", "60614");
  g_assert_cmpint (redial_case_get_state (kase), ==, before);
  answer (f, kase, "window", "tomorrow/morning");

  /* Every required question answered, nothing says not a fit. */
  g_assert_cmpint (redial_case_get_state (kase), ==, REDIAL_CASE_STATE_QUALIFIED);
  qualified = items_of (f, kase, REDIAL_TIMELINE_KIND_QUALIFIED);
  g_assert_cmpuint (qualified->len, ==, 1);
  g_assert_cmpstr (redial_timeline_item_get_actor (g_ptr_array_index (qualified, 0)), ==, "Dana");
  g_assert_false (redial_case_get_not_a_fit (kase));

  /* An answer that says not a fit undoes it. */
  answer (f, kase, "need", "septic-pumping");
  g_assert_true (redial_case_get_not_a_fit (kase));
  g_assert_cmpint (redial_case_get_state (kase), ==, before);
}

static void
test_out_of_area (Fixture       *f,
                  gconstpointer  data)
{
  RedialCase *kase = missed_call (f);

  answer (f, kase, "zip", "70112");
  g_assert_true (redial_case_get_out_of_area (kase));
  answer (f, kase, "zip", "60614");
  g_assert_false (redial_case_get_out_of_area (kase));
  answer (f, kase, "zip", "70112");
  g_assert_true (redial_case_get_out_of_area (kase));
}

/* Answers, then killed mid-form: the next Redial has every answer given. */
static void
test_kept_across_a_kill (Fixture       *f,
                         gconstpointer  data)
{
  RedialCase *kase = missed_call (f);
  gint64 case_id = redial_case_get_id (kase);
  g_autoptr(GHashTable) answers = NULL;
  g_autoptr(RedialEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  pid_t child;

  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      RedialStore *store = redial_store_open (f->path, NULL);
      RedialEngine *desk = redial_engine_new (f->config, store, f->clock);
      RedialCase *stored = redial_store_get_case (store, case_id, NULL);

      if (stored == NULL ||
          !redial_engine_set_intake_answer (desk, stored, "need", "water-heater", NULL) ||
          !redial_engine_set_intake_answer (desk, stored, "zip", "70112", NULL))
        _exit (1);
      raise (SIGKILL);
      _exit (2);
    }
  g_assert_cmpint (waitpid (child, &status, 0), ==, child);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

  answers = redial_engine_get_intake_answers (f->engine, kase, NULL);
  g_assert_cmpstr (g_hash_table_lookup (answers, "need"), ==, "water-heater");
  g_assert_cmpstr (g_hash_table_lookup (answers, "zip"), ==, "70112");

  /* A restart shows the case as its answers say. */
  engine = redial_engine_new (f->config, f->store, f->clock);
  g_assert_true (redial_engine_start (engine, &error));
  g_assert_no_error (error);
  g_assert_true (redial_case_get_out_of_area (g_list_model_get_item (redial_engine_get_queue (engine), 0)));
  g_object_unref (g_list_model_get_item (redial_engine_get_queue (engine), 0));
  redial_engine_stop (engine);
}

static RedialIntakeSuggestion *
suggestion_for (GPtrArray  *suggestions,
                const char *key)
{
  for (guint i = 0; i < suggestions->len; i++)
    {
      RedialIntakeSuggestion *suggestion = g_ptr_array_index (suggestions, i);

      if (g_str_equal (suggestion->key, key))
        return suggestion;
    }
  return NULL;
}

static void
test_suggested_from_texts (Fixture       *f,
                           gconstpointer  data)
{
  RedialCase *kase = missed_call (f);
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GPtrArray) fewer = NULL;

  reply (f, "+13125550101", "Hi! Our water heater is leaking in the basement, we're in 60614");
  suggestions = redial_engine_suggest_intake (f->engine, kase);
  g_assert_cmpstr (suggestion_for (suggestions, "need")->value, ==, "water-heater");
  g_assert_cmpstr (suggestion_for (suggestions, "need")->evidence, ==, "water heater");
  g_assert_cmpstr (suggestion_for (suggestions, "zip")->value, ==, "60614");

  /* Nothing is suggested for a question answered already. */
  answer (f, kase, "need", "leak");
  fewer = redial_engine_suggest_intake (f->engine, kase);
  g_assert_null (suggestion_for (fewer, "need"));
  g_assert_nonnull (suggestion_for (fewer, "zip"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  intake_conf = g_strconcat (plumber_conf, "[service-area]\ncodes = 606; 60201\n", NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, fixture_teardown)
  ADD ("/intake-engine/answers-kept", test_answers_kept);
  ADD ("/intake-engine/refused", test_refused);
  ADD ("/intake-engine/urgent-answer", test_urgent_answer);
  ADD ("/intake-engine/qualified", test_qualified);
  ADD ("/intake-engine/out-of-area", test_out_of_area);
  ADD ("/intake-engine/kept-across-a-kill", test_kept_across_a_kill);
  ADD ("/intake-engine/suggested-from-texts", test_suggested_from_texts);
#undef ADD

  return g_test_run ();
}
