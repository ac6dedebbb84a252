/* test-engine-desk.c: what a person at the desk does to a case: claim, call back and its outcome, notes, texts, close, reopen; the timeline that follows; ready replies. */
#include "config.h"

#include "redial-demo-sms.h"
#include "redial-rules-fixture.h"
#include "redial-template.h"

/* The rules' business, its desk user Dana, and what ::timeline-changed said. */
typedef struct
{
  Fixture    base;
  GPtrArray *changes;   /* RedialTimelineItem */
} DeskFixture;

static void
on_timeline_changed (RedialEngine       *engine,
                     RedialCase         *kase,
                     RedialTimelineItem *item,
                     DeskFixture        *d)
{
  g_assert_true (REDIAL_IS_CASE (kase));
  g_ptr_array_add (d->changes, g_object_ref (item));
}

static void
desk_setup (DeskFixture   *d,
            gconstpointer  data)
{
  fixture_setup (&d->base, data);
  g_object_set (d->base.engine, "agent-name", "Dana", NULL);
  d->changes = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (d->base.engine, "timeline-changed", G_CALLBACK (on_timeline_changed), d);
}

static void
desk_teardown (DeskFixture   *d,
               gconstpointer  data)
{
  fixture_teardown (&d->base, data);
  g_clear_pointer (&d->changes, g_ptr_array_unref);
}

static void
missed_call (Fixture    *f,
             const char *caller,
             const char *name)
{
  call (f, caller, name, SECONDS (20));
}

static gboolean
in_queue (Fixture    *f,
          RedialCase *kase)
{
  for (guint i = 0; i < queue_length (f); i++)
    if (queue_item (f, i) == kase)
      return TRUE;
  return FALSE;
}

static GPtrArray *
timeline (Fixture    *f,
          RedialCase *kase)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *items = redial_engine_list_timeline (f->engine, kase, &error);

  g_assert_no_error (error);
  return items;
}

/* Another desk, on the same database, claims @kase. */
static void
other_desk_claims (Fixture    *f,
                   RedialCase *kase,
                   const char *who)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (redial_store_claim_case (f->store, redial_case_get_id (kase), who, FALSE,
                                          redial_clock_now (f->clock), NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_claim_and_take_over (DeskFixture   *d,
                          gconstpointer  data)
{
  Fixture *f = &d->base;
  g_autoptr(GError) error = NULL;
  RedialCase *kase;

  missed_call (f, "(312) 555-0142", "Jane Caller");
  kase = queue_item (f, 0);
  other_desk_claims (f, kase, "Luis");

  /* The desk learns who has it, and is refused. */
  g_assert_false (redial_engine_claim_case (f->engine, kase, FALSE, &error));
  g_assert_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_CLAIMED);
  g_assert_cmpstr (error->message, ==, "Luis has this case.");
  g_assert_cmpstr (redial_case_get_owner (kase), ==, "Luis");
  g_clear_error (&error);
  g_assert_false (redial_engine_send_text (f->engine, kase, "On our way", &error));
  g_assert_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_CLAIMED);
  g_clear_error (&error);
  g_assert_false (redial_engine_close_case (f->engine, kase, REDIAL_CASE_OUTCOME_QUOTED, -1, &error));
  g_assert_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_CLAIMED);
  g_clear_error (&error);
  g_assert_true (in_queue (f, kase));

  /* Taking it over is explicit, and logged with whom it was taken from. */
  g_ptr_array_set_size (d->changes, 0);
  g_assert_true (redial_engine_claim_case (f->engine, kase, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (redial_case_get_owner (kase), ==, "Dana");
  g_assert_cmpint (redial_case_get_claimed_at (kase), ==, redial_clock_now (f->clock));
  g_assert_cmpuint (d->changes->len, ==, 1);
  g_assert_cmpint (redial_timeline_item_get_kind (d->changes->pdata[0]), ==, REDIAL_TIMELINE_KIND_TAKE_OVER);
  g_assert_cmpstr (redial_timeline_item_get_previous_owner (d->changes->pdata[0]), ==, "Luis");
  g_assert_cmpstr (redial_timeline_item_get_actor (d->changes->pdata[0]), ==, "Dana");

  g_assert_true (redial_engine_send_text (f->engine, kase, "On our way", &error));
  g_assert_no_error (error);

  /* Released, it is anyone's again. */
  g_assert_true (redial_engine_release_case (f->engine, kase, &error));
  g_assert_null (redial_case_get_owner (kase));
  other_desk_claims (f, kase, "Luis");
}

/* A claim made at another desk shows in this desk's queue once the
 * caller rings or writes again. */
static void
test_claim_seen_from_another_desk (DeskFixture   *d,
                                   gconstpointer  data)
{
  Fixture *f = &d->base;
  RedialCase *kase;

  missed_call (f, "(312) 555-0142", "Jane Caller");
  kase = queue_item (f, 0);
  other_desk_claims (f, kase, "Luis");
  g_assert_null (redial_case_get_owner (kase));

  advance (f, SECONDS (30));
  missed_call (f, "(312) 555-0142", "Jane Caller");
  g_assert_true (queue_item (f, 0) == kase);
  g_assert_cmpstr (redial_case_get_owner (kase), ==, "Luis");
}

static void
test_answering_claims (DeskFixture   *d,
                       gconstpointer  data)
{
  Fixture *f = &d->base;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  RedialTimelineItem *text = NULL;
  RedialCase *kase;

  missed_call (f, "(312) 555-0142", "Jane Caller");
  kase = queue_item (f, 0);
  g_assert_null (redial_case_get_owner (kase));

  g_assert_true (redial_engine_send_text (f->engine, kase, "Hi Jane, Dana here. When suits?", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (redial_case_get_owner (kase), ==, "Dana");

  items = timeline (f, kase);
  for (guint i = 0; i < items->len; i++)
    if (redial_timeline_item_get_kind (items->pdata[i]) == REDIAL_TIMELINE_KIND_MESSAGE &&
        redial_message_get_kind (redial_timeline_item_get_message (items->pdata[i])) == REDIAL_MESSAGE_KIND_MANUAL)
      text = items->pdata[i];
  g_assert_nonnull (text);
  g_assert_cmpstr (redial_timeline_item_get_actor (text), ==, "Dana");
  g_assert_cmpstr (redial_timeline_item_get_text (text), ==, "Hi Jane, Dana here. When suits?");

  /* A desk without a name acts as the front desk. */
  g_object_set (f->engine, "agent-name", NULL, NULL);
  g_assert_cmpstr (redial_engine_get_desk_user (f->engine), ==, "Front desk");
}

static void
test_call_back_outcomes (DeskFixture   *d,
                         gconstpointer  data)
{
  Fixture *f = &d->base;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  RedialCase *kase;
  gint64 replied_at;

  missed_call (f, "(312) 555-0142", "Jane Caller");
  kase = queue_item (f, 0);
  advance (f, SECONDS (10));
  reply (f, "+13125550142", "Can you come today?");
  replied_at = redial_case_get_reply_waiting_since (kase);
  g_assert_cmpint (replied_at, >, 0);

  /* No attempt yet: no outcome to record. */
  g_assert_false (redial_engine_record_call_outcome (f->engine, kase, REDIAL_CALL_OUTCOME_REACHED, &error));
  g_assert_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_REFUSED);
  g_clear_error (&error);

  /* An attempt: the first response, claiming the case, its outcome pending. */
  advance (f, SECONDS (10));
  g_assert_true (redial_engine_record_call_attempt (f->engine, kase, &error));
  g_assert_no_error (error);
  g_assert_true (redial_case_get_call_back_pending (kase));
  g_assert_cmpint (redial_case_get_first_response_at (kase), ==, redial_clock_now (f->clock));
  g_assert_cmpstr (redial_case_get_owner (kase), ==, "Dana");

  /* No answer: the caller still waits, and the case stays in the queue. */
  g_assert_true (redial_engine_record_call_outcome (f->engine, kase, REDIAL_CALL_OUTCOME_NO_ANSWER, &error));
  g_assert_no_error (error);
  g_assert_false (redial_case_get_call_back_pending (kase));
  g_assert_cmpint (redial_case_get_reply_waiting_since (kase), ==, replied_at);
  g_assert_cmpint (redial_case_get_state (kase), ==, REDIAL_CASE_STATE_REPLIED);
  g_assert_true (in_queue (f, kase));

  /* Reached: the waiting reply has its answer. */
  advance (f, SECONDS (60));
  g_assert_true (redial_engine_record_call_attempt (f->engine, kase, &error));
  g_assert_true (redial_engine_record_call_outcome (f->engine, kase, REDIAL_CALL_OUTCOME_REACHED, &error));
  g_assert_no_error (error);
  g_assert_cmpint (redial_case_get_reply_waiting_since (kase), ==, 0);
  g_assert_cmpint (redial_case_get_state (kase), ==, REDIAL_CASE_STATE_RESPONDED);

  items = timeline (f, kase);
  {
    guint n_attempts = 0;

    for (guint i = 0; i < items->len; i++)
      if (redial_timeline_item_get_kind (items->pdata[i]) == REDIAL_TIMELINE_KIND_CALL_BACK)
        {
          g_assert_cmpint (redial_timeline_item_get_call_outcome (items->pdata[i]), ==,
                           n_attempts == 0 ? REDIAL_CALL_OUTCOME_NO_ANSWER : REDIAL_CALL_OUTCOME_REACHED);
          g_assert_cmpstr (redial_timeline_item_get_actor (items->pdata[i]), ==, "Dana");
          n_attempts++;
        }
    g_assert_cmpuint (n_attempts, ==, 2);
  }
}

static void
on_timeline_listed (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GPtrArray **items = user_data;
  g_autoptr(GError) error = NULL;

  *items = redial_engine_list_timeline_finish (REDIAL_ENGINE (source), result, &error);
  g_assert_no_error (error);
}

/* Listed off the main loop: the same items. */
static void
test_timeline_async (DeskFixture   *d,
                     gconstpointer  data)
{
  Fixture *f = &d->base;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) items = NULL;
  RedialCase *kase;

  missed_call (f, "(312) 555-0142", "Jane Caller");
  kase = queue_item (f, 0);
  g_assert_true (redial_engine_add_note (f->engine, kase, "Back gate", NULL));
  redial_engine_list_timeline_async (f->engine, kase, NULL, on_timeline_listed, &listed);
  while (listed == NULL)
    g_main_context_iteration (NULL, TRUE);

  items = timeline (f, kase);
  g_assert_cmpuint (listed->len, ==, items->len);
  for (guint i = 0; i < items->len; i++)
    {
      g_assert_cmpint (redial_timeline_item_get_kind (listed->pdata[i]), ==,
                       redial_timeline_item_get_kind (items->pdata[i]));
      g_assert_cmpint (redial_timeline_item_get_id (listed->pdata[i]), ==,
                       redial_timeline_item_get_id (items->pdata[i]));
    }
}

static void
test_close_and_reopen (DeskFixture   *d,
                       gconstpointer  data)
{
  Fixture *f = &d->base;
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) kase = NULL;
  g_autoptr(RedialCase) found = NULL;
  g_autoptr(GPtrArray) items = NULL;
  gint64 id;

  missed_call (f, "(312) 555-0142", "Jane Caller");
  kase = g_object_ref (queue_item (f, 0));
  id = redial_case_get_id (kase);

  g_assert_true (redial_engine_close_case (f->engine, kase, REDIAL_CASE_OUTCOME_BOOKED, 48500, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (queue_length (f), ==, 0);
  g_assert_cmpint (redial_case_get_outcome (kase), ==, REDIAL_CASE_OUTCOME_BOOKED);
  g_assert_cmpint (redial_case_get_job_value (kase), ==, 48500);
  g_assert_cmpint (redial_case_get_closed_at (kase), ==, redial_clock_now (f->clock));
  g_assert_cmpint (redial_timeline_item_get_kind (d->changes->pdata[d->changes->len - 1]), ==,
                   REDIAL_TIMELINE_KIND_CLOSED);

  /* Found while closed, as stored. */
  found = redial_engine_find_case (f->engine, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (redial_case_get_closed_at (found), >, 0);
  g_assert_cmpint (redial_case_get_job_value (found), ==, 48500);
  g_clear_object (&found);

  /* Reopened: back in the queue, the queue's own object found. */
  g_assert_true (redial_engine_reopen_case (f->engine, id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (queue_length (f), ==, 1);
  found = redial_engine_find_case (f->engine, id, &error);
  g_assert_true (found == queue_item (f, 0));
  g_assert_cmpint (redial_case_get_closed_at (found), ==, 0);
  items = timeline (f, found);
  g_assert_cmpint (redial_timeline_item_get_kind (items->pdata[items->len - 1]), ==, REDIAL_TIMELINE_KIND_REOPENED);

  /* Closed again, then the caller rings: the old case cannot come back. */
  g_assert_true (redial_engine_close_case (f->engine, found, REDIAL_CASE_OUTCOME_NOT_A_FIT, -1, &error));
  missed_call (f, "(312) 555-0142", "Jane Caller");
  g_assert_cmpuint (queue_length (f), ==, 1);
  g_assert_false (redial_engine_reopen_case (f->engine, id, &error));
  g_assert_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_REFUSED);
  g_assert_cmpstr (error->message, ==, "This caller has another case open: work that one instead.");
  g_assert_cmpuint (queue_length (f), ==, 1);
}

static void
test_hidden_number_closed (DeskFixture   *d,
                           gconstpointer  data)
{
  Fixture *f = &d->base;
  g_autoptr(GError) error = NULL;
  RedialCase *kase;

  missed_call (f, "Anonymous", NULL);
  kase = queue_item (f, 0);
  g_assert_null (redial_case_get_caller (kase));
  g_assert_true (redial_engine_close_case (f->engine, kase, REDIAL_CASE_OUTCOME_NO_RESPONSE, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (queue_length (f), ==, 0);
}

static void
test_note (DeskFixture   *d,
           gconstpointer  data)
{
  Fixture *f = &d->base;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  RedialCase *kase;
  guint sent;

  missed_call (f, "(312) 555-0142", "Jane Caller");
  kase = queue_item (f, 0);
  advance (f, SECONDS (5));
  sent = redial_demo_sms_get_n_sent (REDIAL_DEMO_SMS (f->gateway));

  g_assert_false (redial_engine_add_note (f->engine, kase, " \n\t ", &error));
  g_assert_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_TEXT);
  g_clear_error (&error);
  g_assert_true (redial_engine_add_note (f->engine, kase, "  <b>Gate code</b> 4321  ", &error));
  g_assert_no_error (error);

  /* Internal: nothing is sent, nobody claims. */
  advance (f, SECONDS (5));
  g_assert_cmpuint (redial_demo_sms_get_n_sent (REDIAL_DEMO_SMS (f->gateway)), ==, sent);
  g_assert_null (redial_case_get_owner (kase));
  items = timeline (f, kase);
  g_assert_cmpint (redial_timeline_item_get_kind (items->pdata[items->len - 1]), ==, REDIAL_TIMELINE_KIND_NOTE);
  g_assert_cmpstr (redial_timeline_item_get_text (items->pdata[items->len - 1]), ==, "<b>Gate code</b> 4321");
}

static gboolean
changed (DeskFixture        *d,
         RedialTimelineKind  kind)
{
  for (guint i = 0; i < d->changes->len; i++)
    if (redial_timeline_item_get_kind (d->changes->pdata[i]) == kind)
      return TRUE;
  return FALSE;
}

/* Every new item of an open case is announced, and each announced item
 * is one the timeline lists (same kind and id). */
static void
test_timeline_changed (DeskFixture   *d,
                       gconstpointer  data)
{
  Fixture *f = &d->base;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(RedialCase) kase = NULL;
  static const RedialTimelineKind expected[] = {
    REDIAL_TIMELINE_KIND_CALL, REDIAL_TIMELINE_KIND_MESSAGE, REDIAL_TIMELINE_KIND_SLA,
    REDIAL_TIMELINE_KIND_NOTE, REDIAL_TIMELINE_KIND_CLAIM, REDIAL_TIMELINE_KIND_RELEASE,
    REDIAL_TIMELINE_KIND_CALL_BACK, REDIAL_TIMELINE_KIND_OPT_OUT, REDIAL_TIMELINE_KIND_CLOSED,
  };
  guint n_calls = 0, n_statuses = 0;
  gint64 text_back_id = 0;

  missed_call (f, "(312) 555-0142", "Jane Caller");
  kase = g_object_ref (queue_item (f, 0));
  advance (f, SECONDS (5));
  missed_call (f, "(312) 555-0142", "Jane Caller");
  /* Answered: in no case, yet in the caller's timeline. */
  call_as (f, "(312) 555-0142", "Jane Caller", SECONDS (20), REDIAL_DISPOSITION_ANSWERED);
  /* The first-response warning (three minutes). */
  advance (f, SECONDS (200));
  reply (f, "+13125550142", "Hello?");
  g_assert_true (redial_engine_add_note (f->engine, kase, "Sounds urgent", &error));
  g_assert_true (redial_engine_claim_case (f->engine, kase, FALSE, &error));
  g_assert_true (redial_engine_release_case (f->engine, kase, &error));
  g_assert_true (redial_engine_record_call_attempt (f->engine, kase, &error));
  g_assert_true (redial_engine_record_call_outcome (f->engine, kase, REDIAL_CALL_OUTCOME_LEFT_VOICEMAIL, &error));
  reply (f, "+13125550142", "STOP");
  advance (f, SECONDS (5));
  g_assert_true (redial_engine_close_case (f->engine, kase, REDIAL_CASE_OUTCOME_NO_RESPONSE, -1, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (!changed (d, expected[i]))
      g_error ("No ::timeline-changed for a %s item", redial_timeline_kind_to_string (expected[i]));

  /* Three calls; the text-back announced queued, then at each delivery step. */
  for (guint i = 0; i < d->changes->len; i++)
    {
      RedialTimelineItem *item = d->changes->pdata[i];
      RedialMessage *message = redial_timeline_item_get_message (item);

      if (redial_timeline_item_get_kind (item) == REDIAL_TIMELINE_KIND_CALL)
        n_calls++;
      if (message != NULL && redial_message_get_kind (message) == REDIAL_MESSAGE_KIND_TEXT_BACK)
        {
          g_assert_true (text_back_id == 0 || text_back_id == redial_timeline_item_get_id (item));
          text_back_id = redial_timeline_item_get_id (item);
          n_statuses++;
        }
    }
  g_assert_cmpuint (n_calls, ==, 3);
  g_assert_cmpuint (n_statuses, >=, 3);

  /* What was announced is what the timeline lists. */
  items = timeline (f, kase);
  for (guint i = 0; i < d->changes->len; i++)
    {
      RedialTimelineItem *item = d->changes->pdata[i];
      gboolean listed = FALSE;

      for (guint j = 0; j < items->len && !listed; j++)
        listed = redial_timeline_item_get_kind (items->pdata[j]) == redial_timeline_item_get_kind (item) &&
                 redial_timeline_item_get_id (items->pdata[j]) == redial_timeline_item_get_id (item);
      if (!listed)
        g_error ("A %s item announced with id %" G_GINT64_FORMAT " is not in the timeline",
                 redial_timeline_kind_to_string (redial_timeline_item_get_kind (item)),
                 redial_timeline_item_get_id (item));
    }
}

static char *
render (RedialDraft *draft,
        ...)
{
  g_autoptr(GHashTable) filled = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  const char *name;
  va_list args;
  char *text;

  va_start (args, draft);
  while ((name = va_arg (args, const char *)) != NULL)
    g_hash_table_insert (filled, (gpointer) name, va_arg (args, char *));
  va_end (args);

  text = redial_draft_render (draft, filled, &error);
  g_assert_no_error (error);
  return text;
}

static void
test_reply_drafts (DeskFixture   *d,
                   gconstpointer  data)
{
  Fixture *f = &d->base;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GHashTable) filled = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) missing = NULL;
  g_autofree char *labels = NULL;
  g_autofree char *preview = NULL;
  g_autofree char *text = NULL;
  GPtrArray *parts;
  RedialDraft *two_times;
  RedialCase *kase;

  missed_call (f, "(312) 555-0142", NULL);
  kase = queue_item (f, 0);
  drafts = redial_engine_list_reply_drafts (f->engine, kase);
  {
    GString *out = g_string_new (NULL);

    for (guint i = 0; i < drafts->len; i++)
      g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", redial_draft_get_label (drafts->pdata[i]));
    labels = g_string_free (out, FALSE);
  }
  g_assert_cmpstr (labels, ==, "Call now?, Address please, Two times, Out of area");

  /* "Hi {first_name}, …": the name is not known, so the part is empty. */
  parts = redial_draft_get_parts (drafts->pdata[0]);
  g_assert_cmpstr (((RedialDraftPart *) parts->pdata[0])->text, ==, "Hi ");
  g_assert_cmpstr (((RedialDraftPart *) parts->pdata[1])->name, ==, "first_name");
  g_assert_null (((RedialDraftPart *) parts->pdata[1])->value);
  g_assert_cmpstr (((RedialDraftPart *) parts->pdata[3])->name, ==, "agent");
  g_assert_cmpstr (((RedialDraftPart *) parts->pdata[3])->value, ==, "Dana");
  g_assert_cmpstr (((RedialDraftPart *) parts->pdata[5])->value, ==, "Acme Plumbing");

  /* Nothing with a hole in it: refused until each is filled. */
  two_times = drafts->pdata[2];
  preview = redial_draft_preview (two_times);
  g_assert_cmpstr (preview, ==, "Hi [first_name], we can come [slot_1] or [slot_2]. Which suits you better?");
  g_assert_null (redial_draft_render (two_times, NULL, &error));
  g_assert_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_MISSING_VALUE);
  g_assert_cmpstr (error->message, ==, "Fill in {first_name}, {slot_1}, {slot_2} before sending.");
  g_clear_error (&error);

  g_hash_table_insert (filled, (gpointer) "first_name", (gpointer) "Jane");
  g_hash_table_insert (filled, (gpointer) "slot_1", (gpointer) "  ");
  missing = redial_draft_list_missing (two_times, filled);
  g_assert_cmpstrv (missing, ((const char *[]) { "slot_1", "slot_2", NULL }));
  g_assert_null (redial_draft_render (two_times, filled, &error));
  g_assert_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_MISSING_VALUE);
  g_clear_error (&error);

  text = render (two_times, "first_name", "Jane", "slot_1", "today at 3", "slot_2", "tomorrow at 9", NULL);
  g_assert_cmpstr (text, ==, "Hi Jane, we can come today at 3 or tomorrow at 9. Which suits you better?");
}

/* A name the case knows fills in, and a {x|default} is offered, never
 * used unseen. */
static void
test_reply_drafts_business (DeskFixture   *d,
                            gconstpointer  data)
{
  Fixture *f = &d->base;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autofree char *text = NULL;
  RedialDraftPart *part;
  RedialCase *kase;

  /* A contact: the caller ID's name alone is not trusted for {first_name}. */
  g_assert_true (redial_store_save_contact (f->store, "+13125550142", "Jane Caller", &error));
  missed_call (f, "(312) 555-0142", "JANE C");
  kase = queue_item (f, 0);
  drafts = redial_engine_list_reply_drafts (f->engine, kase);

  /* The business's file: one reply replaced, one taken away, one added. */
  g_assert_cmpuint (drafts->len, ==, 4);
  g_assert_cmpstr (redial_draft_get_label (drafts->pdata[0]), ==, "Call?");
  g_assert_cmpstr (redial_draft_get_label (drafts->pdata[2]), ==, "Out of area");
  g_assert_cmpstr (redial_draft_get_name (drafts->pdata[3]), ==, "thanks");
  text = render (drafts->pdata[1], NULL);
  g_assert_cmpstr (text, ==, "Thanks Jane! What's the address where you need us?");

  part = g_ptr_array_index (redial_draft_get_parts (drafts->pdata[0]), 1);
  g_assert_cmpstr (part->name, ==, "slot_1");
  g_assert_null (part->value);
  g_assert_cmpstr (part->suggestion, ==, "this afternoon");
  g_assert_null (redial_draft_render (drafts->pdata[0], NULL, &error));
  g_assert_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_MISSING_VALUE);
}

static void
test_reply_drafts_spanish (DeskFixture   *d,
                           gconstpointer  data)
{
  Fixture *f = &d->base;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autofree char *text = NULL;

  g_assert_true (redial_store_save_contact (f->store, "+13125550142", "Juana Pérez", NULL));
  missed_call (f, "(312) 555-0142", NULL);
  drafts = redial_engine_list_reply_drafts (f->engine, queue_item (f, 0));
  g_assert_cmpuint (drafts->len, ==, 4);
  g_assert_cmpstr (redial_draft_get_label (drafts->pdata[0]), ==, "¿Le llamamos?");
  text = render (drafts->pdata[0], NULL);
  g_assert_cmpstr (text, ==, "Hola Juana, soy Dana de Acme Plumbing. ¿Le viene bien que le llamemos ahora?");
}

int
main (int   argc,
      char *argv[])
{
  /* The plumber of the rules, with replies of its own, or writing in Spanish. */
  g_autofree char *business_replies_conf =
    g_strconcat (plumber_conf,
                 "[reply en call-now]\nlabel = Call?\ntext = Can we call {slot_1|this afternoon}?\n"
                 "[reply en two-times]\ntext =\n"
                 "[reply en thanks]\nlabel = Thanks\ntext = Thank you!\n", NULL);
  g_autofree char *spanish_conf = g_strconcat ("[business]\nlanguage = es\n", plumber_conf, NULL);

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, conf) \
  g_test_add (path, DeskFixture, conf, desk_setup, func, desk_teardown)

  ADD ("/engine/desk/claim/refused-then-taken-over", test_claim_and_take_over, NULL);
  ADD ("/engine/desk/claim/answering-claims", test_answering_claims, NULL);
  ADD ("/engine/desk/claim/seen-from-another-desk", test_claim_seen_from_another_desk, NULL);
  ADD ("/engine/desk/call-back/outcomes", test_call_back_outcomes, NULL);
  ADD ("/engine/desk/close/with-value-and-reopened", test_close_and_reopen, NULL);
  ADD ("/engine/desk/close/hidden-number", test_hidden_number_closed, NULL);
  ADD ("/engine/desk/note/internal", test_note, NULL);
  ADD ("/engine/desk/timeline/changed-for-every-item", test_timeline_changed, NULL);
  ADD ("/engine/desk/timeline/listed-off-the-main-loop", test_timeline_async, NULL);
  ADD ("/engine/drafts/placeholders-filled-before-sending", test_reply_drafts, NULL);
  ADD ("/engine/drafts/business-replies", test_reply_drafts_business, business_replies_conf);
  ADD ("/engine/drafts/spanish", test_reply_drafts_spanish, spanish_conf);

  return g_test_run ();
}
