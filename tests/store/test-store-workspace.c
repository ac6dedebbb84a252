/* test-store-workspace.c: what every RedialStore promises for the case workspace: claims, events, the timeline, closing, reopening, search. */
#include "config.h"

#include "redial-store.h"
#include "redial-test-util.h"
#include "store-factory.h"

#define SECONDS(n) ((gint64) (n) * G_USEC_PER_SEC)

typedef struct
{
  const StoreFactory *factory;
  gpointer            state;
  RedialStore        *store;
  guint               n_call;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->factory = data;
  f->state = f->factory->create ();
  f->store = f->factory->open (f->state, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  f->factory->destroy (f->state);
}

/* A missed call from @caller (E.164, or NULL) at @at, named @name, as
 * received @raw; returns its case. */
static RedialCase *
call_full (Fixture    *f,
           const char *caller,
           const char *raw,
           const char *name,
           gint64      at)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup_printf ("call-%u", ++f->n_call);
  g_autoptr(RedialCall) call = g_object_new (REDIAL_TYPE_CALL,
                                             "provider", "test",
                                             "provider-call-id", id,
                                             "caller", caller,
                                             "caller-raw", raw != NULL ? raw : caller,
                                             "caller-name", name,
                                             "started-at", at,
                                             "ended-at", at + SECONDS (20),
                                             "disposition", REDIAL_DISPOSITION_NO_ANSWER,
                                             NULL);
  RedialCase *kase = redial_store_record_call (f->store, call, TRUE, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (kase);
  return kase;
}

static RedialCase *
call (Fixture    *f,
      const char *caller,
      gint64      at)
{
  return call_full (f, caller, NULL, "Jane Caller", at);
}

/* An answered call from @caller at @at: kept, in no case. */
static void
answered (Fixture    *f,
          const char *caller,
          gint64      at)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup_printf ("call-%u", ++f->n_call);
  g_autoptr(RedialCall) answered_call = g_object_new (REDIAL_TYPE_CALL,
                                                      "provider", "test",
                                                      "provider-call-id", id,
                                                      "caller", caller,
                                                      "started-at", at,
                                                      "ended-at", at + SECONDS (60),
                                                      "disposition", REDIAL_DISPOSITION_ANSWERED,
                                                      NULL);
  g_autoptr(RedialCase) none = redial_store_record_call (f->store, answered_call, FALSE, NULL, &error);

  g_assert_no_error (error);
  g_assert_null (none);
}

static RedialCase *
reload (Fixture    *f,
        RedialCase *kase)
{
  g_autoptr(GError) error = NULL;
  RedialCase *fresh = redial_store_get_case (f->store, redial_case_get_id (kase), &error);

  g_assert_no_error (error);
  return fresh;
}

static GPtrArray *
timeline (Fixture    *f,
          RedialCase *kase)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *items = redial_store_list_timeline (f->store, redial_case_get_id (kase), &error);

  g_assert_no_error (error);
  g_assert_nonnull (items);
  return items;
}

/* Checks that the kinds of @items, by stable name joined with spaces,
 * are @expected. */
static void
assert_kinds (GPtrArray  *items,
              const char *expected)
{
  g_autoptr(GString) kinds = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    g_string_append_printf (kinds, "%s%s", i > 0 ? " " : "",
                            redial_timeline_kind_to_string (redial_timeline_item_get_kind (items->pdata[i])));
  g_assert_cmpstr (kinds->str, ==, expected);
}

static void
test_claim (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) kase = call (f, "+13125550101", SECONDS (1000));
  g_autoptr(RedialCase) fresh = NULL;
  g_autoptr(RedialTimelineItem) event = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *owner = NULL;
  gint64 id = redial_case_get_id (kase);

  g_assert_true (redial_store_claim_case (f->store, id, "Dana", FALSE, SECONDS (1100), &owner, &event, &error));
  g_assert_no_error (error);
  g_assert_null (owner);
  g_assert_nonnull (event);
  g_assert_cmpint (redial_timeline_item_get_kind (event), ==, REDIAL_TIMELINE_KIND_CLAIM);
  g_assert_cmpint (redial_timeline_item_get_id (event), >, 0);
  g_clear_object (&event);

  /* Dana again: hers already, nothing written. */
  g_assert_true (redial_store_claim_case (f->store, id, "Dana", FALSE, SECONDS (1150), &owner, &event, &error));
  g_assert_null (event);

  /* Another desk is told who has it. */
  g_assert_false (redial_store_claim_case (f->store, id, "Luis", FALSE, SECONDS (1200), &owner, &event, &error));
  g_assert_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_CLAIMED);
  g_assert_cmpstr (owner, ==, "Dana");
  g_assert_nonnull (strstr (error->message, "Dana"));
  g_assert_null (event);
  g_clear_error (&error);

  fresh = reload (f, kase);
  g_assert_cmpstr (redial_case_get_owner (fresh), ==, "Dana");
  g_assert_cmpint (redial_case_get_claimed_at (fresh), ==, SECONDS (1100));

  items = timeline (f, kase);
  assert_kinds (items, "call claim");
  g_assert_cmpstr (redial_timeline_item_get_actor (items->pdata[1]), ==, "Dana");
}

static void
test_take_over (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) kase = call (f, "+13125550101", SECONDS (1000));
  g_autoptr(RedialCase) fresh = NULL;
  g_autoptr(RedialTimelineItem) event = NULL;
  g_autoptr(GPtrArray) items = NULL;
  gint64 id = redial_case_get_id (kase);

  g_assert_true (redial_store_claim_case (f->store, id, "Dana", FALSE, SECONDS (1100), NULL, NULL, &error));
  g_assert_true (redial_store_claim_case (f->store, id, "Luis", TRUE, SECONDS (1200), NULL, &event, &error));
  g_assert_no_error (error);
  g_assert_cmpint (redial_timeline_item_get_kind (event), ==, REDIAL_TIMELINE_KIND_TAKE_OVER);
  g_assert_cmpstr (redial_timeline_item_get_previous_owner (event), ==, "Dana");

  fresh = reload (f, kase);
  g_assert_cmpstr (redial_case_get_owner (fresh), ==, "Luis");
  items = timeline (f, kase);
  g_assert_cmpuint (items->len, ==, 3);
  g_assert_cmpint (redial_timeline_item_get_kind (items->pdata[2]), ==, REDIAL_TIMELINE_KIND_TAKE_OVER);
  g_assert_cmpstr (redial_timeline_item_get_actor (items->pdata[2]), ==, "Luis");
  g_assert_cmpstr (redial_timeline_item_get_previous_owner (items->pdata[2]), ==, "Dana");
}

static void
test_release (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) kase = call (f, "+13125550101", SECONDS (1000));
  g_autoptr(RedialCase) fresh = NULL;
  g_autoptr(RedialTimelineItem) event = NULL;
  g_autoptr(GPtrArray) items = NULL;
  gint64 id = redial_case_get_id (kase);

  g_assert_true (redial_store_claim_case (f->store, id, "Dana", FALSE, SECONDS (1100), NULL, NULL, &error));
  /* Only its owner lets go of it. */
  g_assert_false (redial_store_release_case (f->store, id, "Luis", SECONDS (1150), &event, &error));
  g_assert_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_CLAIMED);
  g_assert_null (event);
  g_clear_error (&error);

  g_assert_true (redial_store_release_case (f->store, id, "Dana", SECONDS (1200), &event, &error));
  g_assert_no_error (error);
  g_assert_cmpint (redial_timeline_item_get_kind (event), ==, REDIAL_TIMELINE_KIND_RELEASE);
  fresh = reload (f, kase);
  g_assert_null (redial_case_get_owner (fresh));
  g_assert_cmpint (redial_case_get_claimed_at (fresh), ==, 0);

  /* Free again: anyone claims it. */
  g_assert_true (redial_store_claim_case (f->store, id, "Luis", FALSE, SECONDS (1300), NULL, NULL, &error));
  items = timeline (f, kase);
  assert_kinds (items, "call claim release claim");
}

static void
test_claim_closed (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) kase = call (f, "+13125550101", SECONDS (1000));

  g_assert_true (redial_store_close_case (f->store, redial_case_get_id (kase), REDIAL_CASE_OUTCOME_SPAM, -1,
                                          "Dana", SECONDS (1100), NULL, &error));
  g_assert_false (redial_store_claim_case (f->store, redial_case_get_id (kase), "Dana", FALSE, SECONDS (1200),
                                           NULL, NULL, &error));
  g_assert_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_false (redial_store_claim_case (f->store, 4242, "Dana", FALSE, SECONDS (1200), NULL, NULL, &error));
  g_assert_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_NOT_FOUND);
}

static void
test_notes_and_call_outcome (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) kase = call (f, "+13125550101", SECONDS (1000));
  g_autoptr(RedialCase) fresh = NULL;
  g_autoptr(RedialTimelineItem) note = redial_timeline_item_new (REDIAL_TIMELINE_KIND_NOTE, SECONDS (1100), "Dana");
  g_autoptr(RedialTimelineItem) attempt = redial_timeline_item_new (REDIAL_TIMELINE_KIND_CALL_BACK, SECONDS (1200), "Dana");
  g_autoptr(GPtrArray) items = NULL;
  gint64 id = redial_case_get_id (kase);

  redial_timeline_item_set_text (note, "Gate code 4321 — 'dog' in \"yard\"; DROP TABLE cases;");
  g_assert_true (redial_store_add_case_event (f->store, note, id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (redial_timeline_item_get_id (note), >, 0);
  g_assert_true (redial_store_add_case_event (f->store, attempt, id, &error));
  g_assert_cmpint (redial_timeline_item_get_id (attempt), !=, redial_timeline_item_get_id (note));

  /* The attempt waits for its outcome. */
  fresh = reload (f, kase);
  g_assert_true (redial_case_get_call_back_pending (fresh));
  g_clear_object (&fresh);
  items = timeline (f, kase);
  g_assert_cmpstr (redial_timeline_item_get_text (items->pdata[1]), ==,
                   "Gate code 4321 — 'dog' in \"yard\"; DROP TABLE cases;");
  g_assert_cmpint (redial_timeline_item_get_call_outcome (items->pdata[2]), ==, -1);
  g_clear_pointer (&items, g_ptr_array_unref);

  g_assert_true (redial_store_set_call_outcome (f->store, id, redial_timeline_item_get_id (attempt),
                                                REDIAL_CALL_OUTCOME_LEFT_VOICEMAIL, &error));
  g_assert_no_error (error);
  fresh = reload (f, kase);
  g_assert_false (redial_case_get_call_back_pending (fresh));
  items = timeline (f, kase);
  g_assert_cmpint (redial_timeline_item_get_call_outcome (items->pdata[2]), ==, REDIAL_CALL_OUTCOME_LEFT_VOICEMAIL);
  g_assert_cmpint (redial_timeline_item_get_id (items->pdata[2]), ==, redial_timeline_item_get_id (attempt));

  /* A note is no call-back; nor is another case's attempt. */
  g_assert_false (redial_store_set_call_outcome (f->store, id, redial_timeline_item_get_id (note),
                                                 REDIAL_CALL_OUTCOME_REACHED, &error));
  g_assert_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (redial_store_set_call_outcome (f->store, id + 1, redial_timeline_item_get_id (attempt),
                                                 REDIAL_CALL_OUTCOME_REACHED, &error));
  g_assert_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_NOT_FOUND);
}

/* Every source, interleaved oldest first, and only this case's. */
static void
test_timeline_order (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) kase = call (f, "+13125550101", SECONDS (1000));
  g_autoptr(RedialCase) other = call (f, "+13125550102", SECONDS (1001));
  g_autoptr(RedialCase) again = NULL;
  g_autoptr(RedialMessage) text_back = NULL;
  g_autoptr(RedialMessage) reply = NULL;
  g_autoptr(RedialTimelineItem) note = redial_timeline_item_new (REDIAL_TIMELINE_KIND_NOTE, SECONDS (1300), "Dana");
  g_autoptr(RedialTimelineItem) other_note = redial_timeline_item_new (REDIAL_TIMELINE_KIND_NOTE, SECONDS (1300), "Dana");
  g_autoptr(GPtrArray) items = NULL;
  RedialSlaEvent sla = { redial_case_get_id (kase), REDIAL_SLA_CLOCK_FIRST_RESPONSE, 0,
                         REDIAL_SLA_CROSSING_WARNING, SECONDS (1180), FALSE };
  gint64 id = redial_case_get_id (kase);

  /* Written out of order: the timeline sorts them. */
  g_assert_true (redial_store_add_case_event (f->store, note, id, &error));
  g_assert_true (redial_store_add_case_event (f->store, other_note, redial_case_get_id (other), &error));
  reply = redial_message_new (id, REDIAL_MESSAGE_DIRECTION_INBOUND, REDIAL_MESSAGE_KIND_REPLY,
                              "+13125550101", "STOP", SECONDS (1400));
  g_assert_true (redial_store_add_message (f->store, reply, &error));
  g_assert_true (redial_store_set_opted_out (f->store, "+13125550101", TRUE, SECONDS (1400), "STOP", &error));
  text_back = redial_message_new (id, REDIAL_MESSAGE_DIRECTION_OUTBOUND, REDIAL_MESSAGE_KIND_TEXT_BACK,
                                  "+13125550101", "Sorry we missed you", SECONDS (1030));
  g_assert_true (redial_store_queue_text_back (f->store, kase, text_back, &error));
  g_assert_true (redial_store_record_sla_events (f->store, &sla, 1, &error));
  again = call (f, "+13125550101", SECONDS (1200));
  /* Answered calls join no case, yet belong in the caller's timeline; another caller's do not. */
  answered (f, "+13125550101", SECONDS (1250));
  answered (f, "+13125550102", SECONDS (1260));
  answered (f, "+13125550101", SECONDS (1700));
  /* Before the case: not its opt-out. */
  g_assert_true (redial_store_set_opted_out (f->store, "+13125550101", FALSE, SECONDS (900), "START", &error));
  g_assert_no_error (error);
  g_assert_true (redial_store_close_case (f->store, id, REDIAL_CASE_OUTCOME_NO_RESPONSE, -1, "Dana",
                                          SECONDS (1500), NULL, &error));
  /* After it closed: not its opt-in either. */
  g_assert_true (redial_store_set_opted_out (f->store, "+13125550101", FALSE, SECONDS (1600), "START", &error));

  items = timeline (f, kase);
  assert_kinds (items, "call message sla call call note message opt-out closed");
  g_assert_cmpint (redial_call_get_disposition (redial_timeline_item_get_call (items->pdata[4])), ==,
                   REDIAL_DISPOSITION_ANSWERED);
  for (guint i = 1; i < items->len; i++)
    g_assert_cmpint (redial_timeline_item_get_at (items->pdata[i - 1]), <=,
                     redial_timeline_item_get_at (items->pdata[i]));
  g_assert_cmpstr (redial_message_get_body (redial_timeline_item_get_message (items->pdata[1])), ==,
                   "Sorry we missed you");
  g_assert_cmpint (redial_call_get_started_at (redial_timeline_item_get_call (items->pdata[3])), ==, SECONDS (1200));
  g_assert_cmpstr (redial_timeline_item_get_text (items->pdata[7]), ==, "STOP");
  g_assert_cmpint (redial_timeline_item_get_case_outcome (items->pdata[8]), ==, REDIAL_CASE_OUTCOME_NO_RESPONSE);
  g_assert_cmpint (redial_timeline_item_get_sla_clock (items->pdata[2]), ==, REDIAL_SLA_CLOCK_FIRST_RESPONSE);
  g_assert_cmpint (redial_timeline_item_get_sla_crossing (items->pdata[2]), ==, REDIAL_SLA_CROSSING_WARNING);
  g_assert_cmpint (redial_timeline_item_get_id (items->pdata[2]), ==,
                   redial_timeline_sla_id (REDIAL_SLA_CLOCK_FIRST_RESPONSE, 0, REDIAL_SLA_CROSSING_WARNING));

  g_clear_pointer (&items, g_ptr_array_unref);
  g_assert_null (redial_store_list_timeline (f->store, 4242, &error));
  g_assert_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_NOT_FOUND);
}

static void
test_close_with_value (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) kase = call (f, "+13125550101", SECONDS (1000));
  g_autoptr(RedialCase) fresh = NULL;
  g_autoptr(RedialTimelineItem) event = NULL;
  g_autoptr(GPtrArray) items = NULL;
  gint64 id = redial_case_get_id (kase);

  g_assert_cmpint (redial_case_get_job_value (kase), ==, -1);
  g_assert_true (redial_store_close_case (f->store, id, REDIAL_CASE_OUTCOME_BOOKED, 48500, "Dana",
                                          SECONDS (2000), &event, &error));
  g_assert_no_error (error);
  g_assert_cmpint (redial_timeline_item_get_kind (event), ==, REDIAL_TIMELINE_KIND_CLOSED);
  g_assert_cmpint (redial_timeline_item_get_job_value (event), ==, 48500);
  g_clear_object (&event);

  fresh = reload (f, kase);
  g_assert_cmpint (redial_case_get_state (fresh), ==, REDIAL_CASE_STATE_CLOSED);
  g_assert_cmpint (redial_case_get_outcome (fresh), ==, REDIAL_CASE_OUTCOME_BOOKED);
  g_assert_cmpint (redial_case_get_job_value (fresh), ==, 48500);
  g_assert_cmpint (redial_case_get_closed_at (fresh), ==, SECONDS (2000));
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_OPEN_CASES), ==, 0);

  /* Closed once: a second close writes nothing. */
  g_assert_true (redial_store_close_case (f->store, id, REDIAL_CASE_OUTCOME_QUOTED, -1, "Luis",
                                          SECONDS (2100), &event, &error));
  g_assert_null (event);
  items = timeline (f, kase);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpstr (redial_timeline_item_get_actor (items->pdata[1]), ==, "Dana");
  g_assert_cmpint (redial_timeline_item_get_job_value (items->pdata[1]), ==, 48500);
}

static void
test_reopen (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) kase = call (f, "+13125550101", SECONDS (1000));
  g_autoptr(RedialCase) later = NULL;
  g_autoptr(RedialCase) fresh = NULL;
  g_autoptr(RedialTimelineItem) event = NULL;
  g_autoptr(GPtrArray) items = NULL;
  gint64 id = redial_case_get_id (kase);

  /* An open case cannot be reopened. */
  g_assert_false (redial_store_reopen_case (f->store, id, "Dana", SECONDS (1100), &event, &error));
  g_assert_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_CLOSED);
  g_clear_error (&error);

  g_assert_true (redial_store_close_case (f->store, id, REDIAL_CASE_OUTCOME_WRONG_NUMBER, -1, "Dana",
                                          SECONDS (2000), NULL, &error));
  /* The caller rings again: a new case, and the old one cannot come back. */
  later = call (f, "+13125550101", SECONDS (3000));
  g_assert_cmpint (redial_case_get_id (later), !=, id);
  g_assert_false (redial_store_reopen_case (f->store, id, "Dana", SECONDS (3100), &event, &error));
  g_assert_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_OTHER_OPEN);
  g_assert_null (event);
  g_clear_error (&error);

  g_assert_true (redial_store_close_case (f->store, redial_case_get_id (later), REDIAL_CASE_OUTCOME_SPAM, -1,
                                          "Dana", SECONDS (3200), NULL, &error));
  g_assert_true (redial_store_reopen_case (f->store, id, "Luis", SECONDS (3300), &event, &error));
  g_assert_no_error (error);
  g_assert_cmpint (redial_timeline_item_get_kind (event), ==, REDIAL_TIMELINE_KIND_REOPENED);

  fresh = reload (f, kase);
  g_assert_cmpint (redial_case_get_closed_at (fresh), ==, 0);
  g_assert_cmpint (redial_case_get_state (fresh), ==, REDIAL_CASE_STATE_NEW);
  g_assert_cmpint (redial_case_get_job_value (fresh), ==, -1);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_OPEN_CASES), ==, 1);
  items = timeline (f, kase);
  assert_kinds (items, "call closed reopened");
  g_assert_cmpstr (redial_timeline_item_get_actor (items->pdata[2]), ==, "Luis");
}

static void
test_closed_since (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) closed = NULL;
  RedialCase *cases[4];

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *number = g_strdup_printf ("+1312555010%u", i);

      cases[i] = call (f, number, SECONDS (1000 + i));
    }
  g_assert_true (redial_store_close_case (f->store, redial_case_get_id (cases[0]), REDIAL_CASE_OUTCOME_SPAM, -1,
                                          NULL, SECONDS (5000), NULL, &error));
  g_assert_true (redial_store_close_case (f->store, redial_case_get_id (cases[1]), REDIAL_CASE_OUTCOME_BOOKED, 100,
                                          NULL, SECONDS (9000), NULL, &error));
  g_assert_true (redial_store_close_case (f->store, redial_case_get_id (cases[2]), REDIAL_CASE_OUTCOME_QUOTED, -1,
                                          NULL, SECONDS (8000), NULL, &error));

  closed = redial_store_list_closed_cases (f->store, SECONDS (6000), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (closed->len, ==, 2);
  g_assert_cmpint (redial_case_get_id (closed->pdata[0]), ==, redial_case_get_id (cases[1]));
  g_assert_cmpint (redial_case_get_id (closed->pdata[1]), ==, redial_case_get_id (cases[2]));
  g_assert_cmpint (redial_case_get_outcome (closed->pdata[1]), ==, REDIAL_CASE_OUTCOME_QUOTED);
  g_clear_pointer (&closed, g_ptr_array_unref);
  closed = redial_store_list_closed_cases (f->store, 0, &error);
  g_assert_cmpuint (closed->len, ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_object_unref (cases[i]);
}

/* The ids of what @query finds, newest first, as "a b". */
static char *
search (Fixture    *f,
        const char *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = redial_store_search_cases (f->store, query, 0, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < found->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? " " : "", redial_case_get_caller_name (found->pdata[i]));
  return g_string_free (out, FALSE);
}

#define assert_search(f, query, expected)            \
  G_STMT_START {                                     \
    g_autofree char *got = search (f, query);        \
    g_assert_cmpstr (got, ==, expected);             \
  } G_STMT_END

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) limited = NULL;
  RedialCase *cases[] = {
    call_full (f, "+13125550142", "(312) 555-0142", "Ángela O'Brien", SECONDS (1000)),
    call_full (f, "+13125550199", "3125550199", "100% Roofing_Co", SECONDS (2000)),
    call_full (f, "+442079460018", "+44 20 7946 0018", "Mark \"Sparky\" Lee", SECONDS (3000)),
    call_full (f, NULL, "Anonymous", "Ana", SECONDS (4000)),
    call_full (f, "+13125550177", "3125550177", "Bob", SECONDS (5000)),
  };

  /* Closed cases are found too, and the newest comes first. */
  g_assert_true (redial_store_close_case (f->store, redial_case_get_id (cases[0]), REDIAL_CASE_OUTCOME_BOOKED, -1,
                                          NULL, SECONDS (6000), NULL, &error));

  assert_search (f, "angela", "Ángela O'Brien");
  assert_search (f, "ÁNGEL", "Ángela O'Brien");
  assert_search (f, "o'brien", "Ángela O'Brien");
  assert_search (f, "AN", "Ana Ángela O'Brien");
  assert_search (f, "\"sparky\"", "Mark \"Sparky\" Lee");
  /* % and _ are the characters typed, not patterns. */
  assert_search (f, "100%", "100% Roofing_Co");
  assert_search (f, "%", "100% Roofing_Co");
  assert_search (f, "_", "100% Roofing_Co");
  assert_search (f, "g_c", "100% Roofing_Co");
  assert_search (f, "' OR 1=1 --", "");
  /* The number in any format. */
  assert_search (f, "(312) 555-0142", "Ángela O'Brien");
  assert_search (f, "312.555.0142", "Ángela O'Brien");
  assert_search (f, "+1 312 555 0142", "Ángela O'Brien");
  assert_search (f, "13125550142", "Ángela O'Brien");
  assert_search (f, "0142", "Ángela O'Brien");
  assert_search (f, "555-01", "Bob 100% Roofing_Co Ángela O'Brien");
  assert_search (f, "020 7946 0018", "Mark \"Sparky\" Lee");
  assert_search (f, "0044 20 7946 0018", "Mark \"Sparky\" Lee");
  /* Too few digits to be a number; a blank query finds nothing. */
  assert_search (f, "55", "");
  assert_search (f, "   ", "");

  limited = redial_store_search_cases (f->store, "555", 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (limited->len, ==, 2);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_object_unref (cases[i]);
}

/* Opening a case whose timeline holds 500 items stays quick: one query
 * per source. Not a benchmark: a generous bound that catches a query per
 * item. */
static void
test_timeline_500 (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) kase = call (f, "+13125550101", SECONDS (1000));
  g_autoptr(GPtrArray) items = NULL;
  gint64 start;

  for (guint i = 1; i < 500; i++)
    {
      g_autoptr(RedialTimelineItem) note = redial_timeline_item_new (REDIAL_TIMELINE_KIND_NOTE,
                                                                     SECONDS (1000 + i), "Dana");
      g_autoptr(RedialMessage) message = NULL;

      if (i % 2 == 0)
        {
          redial_timeline_item_set_text (note, "Called, no answer");
          g_assert_true (redial_store_add_case_event (f->store, note, redial_case_get_id (kase), &error));
          continue;
        }
      message = redial_message_new (redial_case_get_id (kase), REDIAL_MESSAGE_DIRECTION_INBOUND,
                                    REDIAL_MESSAGE_KIND_REPLY, "+13125550101", "Still there?", SECONDS (1000 + i));
      g_assert_true (redial_store_add_message (f->store, message, &error));
    }

  start = g_get_monotonic_time ();
  items = timeline (f, kase);
  g_test_message ("500 timeline items listed in %.2f ms", (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpuint (items->len, ==, 500);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 250 * 1000);
}

static void
test_intake_answers (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(RedialCase) kase = call (f, "+13125550101", SECONDS (1000));
  gint64 id = redial_case_get_id (kase);
  g_autoptr(RedialTimelineItem) given = NULL;
  g_autoptr(RedialTimelineItem) again = NULL;
  g_autoptr(RedialTimelineItem) cleared = NULL;
  g_autoptr(GHashTable) answers = NULL;
  g_autoptr(GPtrArray) timeline = NULL;
  g_autoptr(GError) error = NULL;
  const char *hostile = "x'); DROP TABLE intake_answers; --";
  guint n_intake = 0;

  g_assert_true (redial_store_set_intake_answer (f->store, id, "need", "leak", "Dana", SECONDS (1010), &given, &error));
  g_assert_no_error (error);
  g_assert_nonnull (given);
  g_assert_cmpint (redial_timeline_item_get_kind (given), ==, REDIAL_TIMELINE_KIND_INTAKE);
  g_assert_cmpstr (redial_timeline_item_get_question (given), ==, "need");
  g_assert_cmpint (redial_timeline_item_get_id (given), >, 0);

  /* The same answer again is no change: no event. */
  g_assert_true (redial_store_set_intake_answer (f->store, id, "need", "leak", "Sam", SECONDS (1020), &again, NULL));
  g_assert_null (again);

  g_assert_true (redial_store_set_intake_answer (f->store, id, "notes", hostile, "Dana", SECONDS (1030), NULL, NULL));
  g_assert_true (redial_store_set_intake_answer (f->store, id, "zip", "60614", "Dana", SECONDS (1040), NULL, NULL));
  g_assert_true (redial_store_set_intake_answer (f->store, id, "zip", NULL, "Dana", SECONDS (1050), &cleared, NULL));
  g_assert_null (redial_timeline_item_get_text (cleared));

  answers = redial_store_list_intake_answers (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (answers), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (answers, "need"), ==, "leak");
  g_assert_cmpstr (g_hash_table_lookup (answers, "notes"), ==, hostile);

  timeline = redial_store_list_timeline (f->store, id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < timeline->len; i++)
    if (redial_timeline_item_get_kind (g_ptr_array_index (timeline, i)) == REDIAL_TIMELINE_KIND_INTAKE)
      {
        RedialTimelineItem *item = g_ptr_array_index (timeline, i);

        g_assert_nonnull (redial_timeline_item_get_question (item));
        g_assert_cmpstr (redial_timeline_item_get_actor (item), ==, "Dana");
        n_intake++;
      }
  g_assert_cmpuint (n_intake, ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  static const struct {
    const char *path;
    void      (*func) (Fixture *, gconstpointer);
  } tests[] = {
    { "claim/once-then-told-who", test_claim },
    { "claim/take-over-names-previous-owner", test_take_over },
    { "claim/released-by-its-owner-only", test_release },
    { "claim/closed-or-missing-refused", test_claim_closed },
    { "events/notes-and-call-outcome", test_notes_and_call_outcome },
    { "timeline/every-source-oldest-first", test_timeline_order },
    { "timeline/500-items", test_timeline_500 },
    { "close/with-outcome-and-value", test_close_with_value },
    { "close/reopened-unless-caller-has-another", test_reopen },
    { "close/listed-since", test_closed_since },
    { "search/name-and-number-literally", test_search },
    { "intake/answers-kept-with-their-events", test_intake_answers },
  };
  const StoreFactory *factories[] = {
    store_factory (),
  };

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (factories); i++)
    for (guint j = 0; j < G_N_ELEMENTS (tests); j++)
      {
        g_autofree char *path = g_strdup_printf ("/store/%s/%s", factories[i]->name, tests[j].path);

        g_test_add (path, Fixture, factories[i], fixture_setup, tests[j].func, fixture_teardown);
      }

  return g_test_run ();
}
