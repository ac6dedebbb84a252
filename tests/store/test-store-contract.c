/* test-store-contract.c: what every RedialStore implementation promises, written against the interface only. */
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
  g_assert_true (REDIAL_IS_STORE (f->store));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  f->factory->destroy (f->state);
}

/* Closes the store and opens it again on the same records, as after a
 * restart of Redial. */
static void
restart (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->store);
  f->store = f->factory->open (f->state, &error);
  g_assert_no_error (error);
}

static RedialCall *
call_new (const char        *provider,
          const char        *id,
          const char        *caller,
          gint64             started_at,
          RedialDisposition  disposition)
{
  return g_object_new (REDIAL_TYPE_CALL,
                       "provider", provider,
                       "provider-call-id", id,
                       "caller", caller,
                       "caller-name", "Jane Caller",
                       "line", "+13125550118",
                       "line-label", "Main",
                       "started-at", started_at,
                       "ended-at", started_at + SECONDS (20),
                       "disposition", disposition,
                       NULL);
}

static RedialCase *
record (Fixture           *f,
        const char        *id,
        const char        *caller,
        gint64             started_at,
        RedialStoreRecord  expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCall) call = call_new ("test", id, caller, started_at, REDIAL_DISPOSITION_NO_ANSWER);
  RedialStoreRecord result;
  RedialCase *kase;

  kase = redial_store_record_call (f->store, call, TRUE, &result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, expected);
  g_assert_nonnull (kase);
  g_assert_cmpint (redial_call_get_case_id (call), ==, redial_case_get_id (kase));
  if (expected != REDIAL_STORE_RECORD_DUPLICATE)
    g_assert_cmpint (redial_call_get_id (call), >, 0);
  return kase;
}

static RedialMessage *
outbound (RedialCase *kase,
          const char *body,
          gint64      at)
{
  return redial_message_new (redial_case_get_id (kase), REDIAL_MESSAGE_DIRECTION_OUTBOUND,
                             REDIAL_MESSAGE_KIND_TEXT_BACK, redial_case_get_caller (kase), body, at);
}

/* Calls and cases */

static void
test_call_recorded_once (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) first = record (f, "call-1", "+12125550110", SECONDS (1000),
                                        REDIAL_STORE_RECORD_NEW_CASE);
  g_autoptr(RedialCase) again = record (f, "call-1", "+12125550110", SECONDS (1000),
                                        REDIAL_STORE_RECORD_DUPLICATE);
  g_autoptr(RedialCall) other_provider = call_new ("other", "call-1", "+12125550110", SECONDS (1000),
                                                   REDIAL_DISPOSITION_NO_ANSWER);
  g_autoptr(RedialCall) answered = call_new ("test", "ans-1", "+13125550142", SECONDS (1100),
                                             REDIAL_DISPOSITION_ANSWERED);
  g_autoptr(RedialCase) joined = NULL;
  g_autoptr(RedialCase) none = NULL;
  RedialStoreRecord result;

  /* The report again changes nothing and names the first report's case. */
  g_assert_cmpint (redial_case_get_id (again), ==, redial_case_get_id (first));
  g_assert_cmpuint (redial_case_get_n_calls (again), ==, 1);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_CALLS), ==, 1);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_CASES), ==, 1);

  /* The id is the provider's: another provider's call-1 is another call. */
  joined = redial_store_record_call (f->store, other_provider, TRUE, &result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, REDIAL_STORE_RECORD_JOINED);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_CALLS), ==, 2);

  /* A call in no case is recorded once too, and stays in none. */
  none = redial_store_record_call (f->store, answered, FALSE, &result, &error);
  g_assert_no_error (error);
  g_assert_null (none);
  g_assert_cmpint (result, ==, REDIAL_STORE_RECORD_NO_CASE);
  g_assert_cmpint (redial_call_get_id (answered), >, 0);
  none = redial_store_record_call (f->store, answered, FALSE, &result, &error);
  g_assert_no_error (error);
  g_assert_null (none);
  g_assert_cmpint (result, ==, REDIAL_STORE_RECORD_DUPLICATE);

  /* Restarts included. */
  restart (f);
  g_clear_object (&again);
  again = record (f, "call-1", "+12125550110", SECONDS (1000), REDIAL_STORE_RECORD_DUPLICATE);
  g_assert_cmpint (redial_case_get_id (again), ==, redial_case_get_id (first));
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_CALLS), ==, 3);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_CASES), ==, 1);
}

static void
test_call_in_no_case (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  /* Whether a call belongs in a case is the caller's to say, whatever
   * its disposition. */
  g_autoptr(RedialCall) call = call_new ("test", "missed-but-not", "+12125550110", SECONDS (1000),
                                         REDIAL_DISPOSITION_NO_ANSWER);
  g_autoptr(RedialCase) kase = NULL;
  RedialStoreRecord result;

  kase = redial_store_record_call (f->store, call, FALSE, &result, &error);
  g_assert_no_error (error);
  g_assert_null (kase);
  g_assert_cmpint (result, ==, REDIAL_STORE_RECORD_NO_CASE);
  g_assert_cmpint (redial_call_get_case_id (call), ==, 0);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_CALLS), ==, 1);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_CASES), ==, 0);
}

static void
test_case_joined_while_open (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) a = record (f, "a", "+12125550110", SECONDS (1000), REDIAL_STORE_RECORD_NEW_CASE);
  g_autoptr(RedialCase) b = record (f, "b", "+12125550110", SECONDS (1100), REDIAL_STORE_RECORD_JOINED);
  g_autoptr(RedialCase) c = record (f, "c", "+13125550142", SECONDS (1200), REDIAL_STORE_RECORD_NEW_CASE);
  g_autoptr(RedialCase) hidden_1 = record (f, "d", NULL, SECONDS (1300), REDIAL_STORE_RECORD_NEW_CASE);
  g_autoptr(RedialCase) hidden_2 = record (f, "e", NULL, SECONDS (1400), REDIAL_STORE_RECORD_NEW_CASE);
  g_autoptr(RedialCase) found = NULL;
  g_autoptr(RedialCase) later = NULL;
  g_autoptr(GPtrArray) open = NULL;

  g_assert_cmpint (redial_case_get_id (b), ==, redial_case_get_id (a));
  g_assert_cmpuint (redial_case_get_n_calls (b), ==, 2);
  g_assert_cmpint (redial_case_get_last_call_at (b), ==, SECONDS (1100));
  g_assert_cmpint (redial_case_get_id (c), !=, redial_case_get_id (a));
  /* Callers without a number cannot be told apart: one case each. */
  g_assert_cmpint (redial_case_get_id (hidden_1), !=, redial_case_get_id (hidden_2));

  found = redial_store_find_open_case (f->store, "+12125550110", &error);
  g_assert_no_error (error);
  g_assert_cmpint (redial_case_get_id (found), ==, redial_case_get_id (a));
  g_assert_cmpuint (redial_case_get_n_calls (found), ==, 2);

  /* Oldest first. */
  open = redial_store_list_open_cases (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 4);
  g_assert_cmpint (redial_case_get_id (g_ptr_array_index (open, 0)), ==, redial_case_get_id (a));
  g_assert_cmpstr (redial_case_get_caller (g_ptr_array_index (open, 0)), ==, "+12125550110");
  g_assert_cmpuint (redial_case_get_n_calls (g_ptr_array_index (open, 0)), ==, 2);
  g_assert_cmpint (redial_case_get_id (g_ptr_array_index (open, 3)), ==, redial_case_get_id (hidden_2));

  /* Once closed, the caller's next call opens a new case. */
  g_assert_true (redial_store_close_case (f->store, redial_case_get_id (a), REDIAL_CASE_OUTCOME_BOOKED,
                                          -1, NULL, SECONDS (2000), NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&found);
  found = redial_store_find_open_case (f->store, "+12125550110", &error);
  g_assert_no_error (error);
  g_assert_null (found);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_OPEN_CASES), ==, 3);

  later = record (f, "f", "+12125550110", SECONDS (3000), REDIAL_STORE_RECORD_NEW_CASE);
  g_assert_cmpint (redial_case_get_id (later), !=, redial_case_get_id (a));
  g_assert_cmpuint (redial_case_get_n_calls (later), ==, 1);
}

static void
test_case_closed_once (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) kase = record (f, "a", "+12125550110", SECONDS (1000), REDIAL_STORE_RECORD_NEW_CASE);
  g_autoptr(RedialCase) closed = NULL;

  g_assert_true (redial_store_close_case (f->store, redial_case_get_id (kase), REDIAL_CASE_OUTCOME_LOST,
                                          -1, NULL, SECONDS (2000), NULL, &error));
  /* Closing it again leaves it as it was. */
  g_assert_true (redial_store_close_case (f->store, redial_case_get_id (kase), REDIAL_CASE_OUTCOME_BOOKED,
                                          -1, NULL, SECONDS (3000), NULL, &error));
  g_assert_no_error (error);

  closed = redial_store_get_case (f->store, redial_case_get_id (kase), &error);
  g_assert_no_error (error);
  g_assert_cmpint (redial_case_get_state (closed), ==, REDIAL_CASE_STATE_CLOSED);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_OPEN_CASES), ==, 0);
}

static void
test_case_keeps_what_it_is_told (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) kase = NULL;
  g_autoptr(RedialCase) again = NULL;

  /* The store decides nothing: a contact's name is the engine's to apply. */
  g_assert_true (redial_store_save_contact (f->store, "+12125550110", "Jane From Contacts", &error));
  kase = record (f, "a", "+12125550110", SECONDS (1000), REDIAL_STORE_RECORD_NEW_CASE);
  g_assert_cmpstr (redial_case_get_caller_name (kase), ==, "Jane Caller");
  g_assert_cmpstr (redial_case_get_line_label (kase), ==, "Main");

  redial_case_set_caller_name (kase, "Jane Doe");
  redial_case_set_state (kase, REDIAL_CASE_STATE_REPLIED);
  redial_case_set_kind (kase, REDIAL_CASE_KIND_KNOWN_CUSTOMER);
  redial_case_set_kind_reason_code (kase, REDIAL_KIND_REASON_CONTACT);
  redial_case_set_emergency (kase, TRUE);
  redial_case_set_first_response_at (kase, SECONDS (1100));
  redial_case_set_reply_waiting_since (kase, SECONDS (1200));
  redial_case_set_followups_sent (kase, 1);
  g_assert_true (redial_store_update_case (f->store, kase, &error));
  g_assert_no_error (error);

  restart (f);
  again = redial_store_get_case (f->store, redial_case_get_id (kase), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (redial_case_get_caller_name (again), ==, "Jane Doe");
  g_assert_cmpint (redial_case_get_state (again), ==, REDIAL_CASE_STATE_REPLIED);
  g_assert_cmpint (redial_case_get_kind (again), ==, REDIAL_CASE_KIND_KNOWN_CUSTOMER);
  g_assert_cmpint (redial_case_get_kind_reason_code (again), ==, REDIAL_KIND_REASON_CONTACT);
  g_assert_cmpstr (redial_case_get_kind_reason (again), ==, "In your contacts");
  g_assert_true (redial_case_get_emergency (again));
  g_assert_cmpint (redial_case_get_first_response_at (again), ==, SECONDS (1100));
  g_assert_cmpint (redial_case_get_reply_waiting_since (again), ==, SECONDS (1200));
  g_assert_cmpuint (redial_case_get_followups_sent (again), ==, 1);
}

static void
test_case_not_found (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) kase = redial_store_get_case (f->store, 4242, &error);

  g_assert_null (kase);
  g_assert_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_NOT_FOUND);
}

static void
test_case_opened_by_text (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) kase = NULL;
  g_autoptr(RedialCase) found = NULL;

  g_assert_true (redial_store_save_contact (f->store, "+13125550142", "Maria", &error));
  kase = redial_store_open_case (f->store, "+13125550142", SECONDS (1000), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (redial_case_get_n_calls (kase), ==, 0);
  g_assert_cmpstr (redial_case_get_caller_name (kase), ==, "Maria");

  found = redial_store_find_open_case (f->store, "+13125550142", &error);
  g_assert_no_error (error);
  g_assert_cmpint (redial_case_get_id (found), ==, redial_case_get_id (kase));
}

/* Messages and the outbox */

static void
test_text_back_queued_once (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) kase = record (f, "once", "+12125550110", SECONDS (1000),
                                       REDIAL_STORE_RECORD_NEW_CASE);
  g_autoptr(RedialCase) stale = NULL;
  g_autoptr(RedialMessage) first = outbound (kase, "one", SECONDS (1001));
  g_autoptr(RedialMessage) second = outbound (kase, "two", SECONDS (1002));
  g_autoptr(RedialMessage) third = outbound (kase, "three", SECONDS (1003));
  g_autoptr(GPtrArray) unsent = NULL;

  /* A second copy of the case, as another part of the program might hold. */
  stale = redial_store_get_case (f->store, redial_case_get_id (kase), &error);
  g_assert_no_error (error);

  g_assert_true (redial_store_queue_text_back (f->store, kase, first, &error));
  g_assert_no_error (error);
  g_assert_cmpint (redial_message_get_id (first), >, 0);
  g_assert_true (redial_case_get_texted_back (kase));

  g_assert_false (redial_store_queue_text_back (f->store, stale, second, &error));
  g_assert_no_error (error);
  g_assert_cmpint (redial_message_get_id (second), ==, 0);
  g_assert_true (redial_case_get_texted_back (stale));

  /* Restarts included: the text exists before any gateway sees it. */
  restart (f);
  g_assert_false (redial_store_queue_text_back (f->store, kase, third, &error));
  g_assert_no_error (error);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_MESSAGES), ==, 1);
  unsent = redial_store_list_unsent_messages (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unsent->len, ==, 1);
  g_assert_cmpstr (redial_message_get_body (g_ptr_array_index (unsent, 0)), ==, "one");
}

static void
test_outbox_lists_unsent (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) kase = record (f, "a", "+12125550110", SECONDS (1000), REDIAL_STORE_RECORD_NEW_CASE);
  g_autoptr(RedialMessage) handed = outbound (kase, "handed over", SECONDS (1001));
  g_autoptr(RedialMessage) waiting = outbound (kase, "waiting", SECONDS (1002));
  g_autoptr(RedialMessage) sent = outbound (kase, "sent", SECONDS (1003));
  g_autoptr(RedialMessage) inbound = NULL;
  g_autoptr(GPtrArray) unsent = NULL;

  inbound = redial_message_new (redial_case_get_id (kase), REDIAL_MESSAGE_DIRECTION_INBOUND,
                                REDIAL_MESSAGE_KIND_REPLY, "+12125550110", "hello", SECONDS (1004));
  redial_message_set_status (inbound, REDIAL_MESSAGE_STATUS_RECEIVED);
  g_assert_true (redial_store_add_message (f->store, handed, &error));
  g_assert_true (redial_store_add_message (f->store, waiting, &error));
  g_assert_true (redial_store_add_message (f->store, sent, &error));
  g_assert_true (redial_store_add_message (f->store, inbound, &error));
  g_assert_no_error (error);

  /* Being handed to the gateway when Redial stopped. */
  redial_message_set_attempted_at (handed, SECONDS (1005));
  g_assert_true (redial_store_update_message (f->store, handed, &error));
  redial_message_set_status (sent, REDIAL_MESSAGE_STATUS_SENT);
  redial_message_set_provider_message_id (sent, "SM-sent");
  g_assert_true (redial_store_update_message (f->store, sent, &error));
  g_assert_no_error (error);

  restart (f);
  unsent = redial_store_list_unsent_messages (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unsent->len, ==, 2);
  g_assert_cmpstr (redial_message_get_body (g_ptr_array_index (unsent, 0)), ==, "handed over");
  g_assert_cmpint (redial_message_get_attempted_at (g_ptr_array_index (unsent, 0)), ==, SECONDS (1005));
  g_assert_cmpstr (redial_message_get_body (g_ptr_array_index (unsent, 1)), ==, "waiting");
  g_assert_cmpint (redial_message_get_attempted_at (g_ptr_array_index (unsent, 1)), ==, 0);
}

static void
test_message_found_by_provider_id (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) kase = record (f, "a", "+12125550110", SECONDS (1000), REDIAL_STORE_RECORD_NEW_CASE);
  g_autoptr(RedialMessage) message = outbound (kase, "Hi, this is Acme", SECONDS (1001));
  g_autoptr(RedialMessage) found = NULL;
  g_autoptr(RedialMessage) missing = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  g_assert_true (redial_store_add_message (f->store, message, &error));
  redial_message_set_provider_message_id (message, "SM1");
  redial_message_set_status (message, REDIAL_MESSAGE_STATUS_DELIVERED);
  g_assert_true (redial_store_update_message (f->store, message, &error));
  g_assert_no_error (error);

  found = redial_store_find_message (f->store, "SM1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (redial_message_get_id (found), ==, redial_message_get_id (message));
  g_assert_cmpint (redial_message_get_case_id (found), ==, redial_case_get_id (kase));
  g_assert_cmpint (redial_message_get_status (found), ==, REDIAL_MESSAGE_STATUS_DELIVERED);
  g_assert_cmpint (redial_message_get_kind (found), ==, REDIAL_MESSAGE_KIND_TEXT_BACK);
  g_assert_cmpstr (redial_message_get_body (found), ==, "Hi, this is Acme");

  missing = redial_store_find_message (f->store, "SM2", &error);
  g_assert_no_error (error);
  g_assert_null (missing);

  messages = redial_store_list_messages (f->store, redial_case_get_id (kase), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_cmpstr (redial_message_get_provider_message_id (g_ptr_array_index (messages, 0)), ==, "SM1");
}

static void
test_hostile_text_is_data (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *name = "Robert'); DROP TABLE cases;-- <b>bold</b>";
  g_autoptr(RedialCall) call = g_object_new (REDIAL_TYPE_CALL,
                                             "provider", "test'--", "provider-call-id", "\"; DELETE FROM calls",
                                             "caller", "+12125550110", "caller-name", name,
                                             "started-at", SECONDS (1000),
                                             "disposition", REDIAL_DISPOSITION_BUSY,
                                             NULL);
  g_autoptr(RedialCase) kase = redial_store_record_call (f->store, call, TRUE, NULL, &error);
  g_autoptr(RedialCase) again = NULL;

  g_assert_no_error (error);
  again = redial_store_get_case (f->store, redial_case_get_id (kase), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (redial_case_get_caller_name (again), ==, name);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_CASES), ==, 1);
  g_assert_cmpint (redial_store_count (f->store, (RedialStoreCount) 999), ==, -1);
}

/* Contacts */

static RedialContact *
contact (const char *phone,
         const char *name)
{
  return redial_contact_new (0, phone, name);
}

static void
test_contacts_saved_in_batches (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) contacts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RedialContact) kept = NULL;
  g_autoptr(RedialContact) renamed = NULL;
  guint n_new = 0;
  guint n_known = 0;

  g_assert_true (redial_store_save_contact (f->store, "+13125550201", "Old Name", &error));
  g_assert_true (redial_store_save_contact (f->store, "+13125550202", "Kept Name", &error));

  /* More than any one batch holds. */
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *phone = g_strdup_printf ("+1312556%04u", i);
      g_autofree char *name = g_strdup_printf ("Customer %u", i);

      g_ptr_array_add (contacts, contact (phone, name));
    }
  g_ptr_array_add (contacts, contact ("+13125550201", "New Name"));
  g_ptr_array_add (contacts, contact ("+13125550202", NULL));
  g_ptr_array_add (contacts, contact ("+13125560000", "Customer Zero Again"));

  g_assert_true (redial_store_save_contacts (f->store, contacts, &n_new, &n_known, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_new, ==, 1000);
  g_assert_cmpuint (n_known, ==, 3);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_CONTACTS), ==, 1002);

  renamed = redial_store_find_contact (f->store, "+13125550201", &error);
  g_assert_cmpstr (redial_contact_get_name (renamed), ==, "New Name");
  /* An entry without a name keeps the one the store had. */
  kept = redial_store_find_contact (f->store, "+13125550202", &error);
  g_assert_cmpstr (redial_contact_get_name (kept), ==, "Kept Name");
  g_assert_no_error (error);
}

typedef struct
{
  gboolean  done;
  guint     n_new;
  GError   *error;
} Saved;

static void
on_contacts_saved (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Saved *saved = user_data;

  redial_store_save_contacts_finish (REDIAL_STORE (source), result, &saved->n_new, NULL, &saved->error);
  saved->done = TRUE;
}

static void
test_contacts_saved_off_the_main_loop (Fixture       *f,
                                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) contacts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Saved saved = { FALSE, 0, NULL };

  for (guint i = 0; i < 600; i++)
    {
      g_autofree char *phone = g_strdup_printf ("+1312557%04u", i);

      g_ptr_array_add (contacts, contact (phone, "Someone"));
    }

  redial_store_save_contacts_async (f->store, contacts, NULL, on_contacts_saved, &saved);
  /* The store answers on this thread while the worker saves. */
  g_assert_true (redial_store_save_contact (f->store, "+13125559999", "Meanwhile", &error));
  g_assert_no_error (error);
  while (!saved.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (saved.error);
  g_assert_cmpuint (saved.n_new, ==, 600);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_CONTACTS), ==, 601);

  /* A cancelled save says so through _finish. */
  saved.done = FALSE;
  g_cancellable_cancel (cancellable);
  redial_store_save_contacts_async (f->store, contacts, cancellable, on_contacts_saved, &saved);
  while (!saved.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (saved.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&saved.error);
}

/* Opt-outs and blocks */

static void
test_opt_out_audited (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) kase = record (f, "a", "+12125550110", SECONDS (1000), REDIAL_STORE_RECORD_NEW_CASE);
  g_autoptr(GPtrArray) open = NULL;

  g_assert_false (redial_store_is_opted_out (f->store, "+12125550110"));
  g_assert_true (redial_store_set_opted_out (f->store, "+12125550110", TRUE, SECONDS (1001), "STOP", &error));
  g_assert_true (redial_store_set_opted_out (f->store, "+12125550110", TRUE, SECONDS (1002), "stop!", &error));
  g_assert_no_error (error);
  g_assert_true (redial_store_is_opted_out (f->store, "+12125550110"));
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_OPT_OUTS), ==, 1);

  /* For good: across restarts, and read with the caller's case. */
  restart (f);
  g_assert_true (redial_store_is_opted_out (f->store, "+12125550110"));
  g_assert_false (redial_store_is_opted_out (f->store, "+13125550142"));
  open = redial_store_list_open_cases (f->store, &error);
  g_assert_no_error (error);
  g_assert_true (redial_case_get_opted_out (g_ptr_array_index (open, 0)));

  g_assert_true (redial_store_set_opted_out (f->store, "+12125550110", FALSE, SECONDS (1003), "START", &error));
  g_assert_no_error (error);
  g_assert_false (redial_store_is_opted_out (f->store, "+12125550110"));
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_OPT_OUTS), ==, 0);
  /* One audit row per change asked for, with the caller's words. */
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_OPT_OUT_AUDIT), ==, 3);
}

static void
test_block_list (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (redial_store_is_blocked (f->store, "+12125550110"));
  g_assert_true (redial_store_set_blocked (f->store, "+12125550110", TRUE, "Robocaller", SECONDS (1), &error));
  g_assert_true (redial_store_set_blocked (f->store, "+12125550110", TRUE, "Again", SECONDS (2), &error));
  g_assert_no_error (error);
  g_assert_true (redial_store_is_blocked (f->store, "+12125550110"));
  g_assert_false (redial_store_is_blocked (f->store, "+13125550142"));
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_BLOCKED), ==, 1);

  restart (f);
  g_assert_true (redial_store_is_blocked (f->store, "+12125550110"));
  g_assert_true (redial_store_set_blocked (f->store, "+12125550110", FALSE, NULL, 0, &error));
  g_assert_no_error (error);
  g_assert_false (redial_store_is_blocked (f->store, "+12125550110"));
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_BLOCKED), ==, 0);
}

/* SLA events */

static void
test_sla_event_recorded_once (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) kase = record (f, "a", "+12125550110", SECONDS (1000), REDIAL_STORE_RECORD_NEW_CASE);
  g_autoptr(RedialCase) other = record (f, "b", "+13125550142", SECONDS (1000), REDIAL_STORE_RECORD_NEW_CASE);
  gint64 id = redial_case_get_id (kase);

#define RECORD(case_id, clock, episode, crossing) \
  redial_store_record_sla_event (f->store, (case_id), REDIAL_SLA_CLOCK_##clock, (episode), \
                                 REDIAL_SLA_CROSSING_##crossing, SECONDS (2000), &error)

  g_assert_cmpint (RECORD (id, FIRST_RESPONSE, 0, WARNING), ==, 1);
  g_assert_cmpint (RECORD (id, FIRST_RESPONSE, 0, WARNING), ==, 0);
  /* Each of case, clock, episode and crossing makes another event. */
  g_assert_cmpint (RECORD (id, FIRST_RESPONSE, 0, BREACH), ==, 1);
  g_assert_cmpint (RECORD (id, FIRST_RESPONSE, 0, ESCALATION), ==, 1);
  g_assert_cmpint (RECORD (id, REPLY, 0, WARNING), ==, 1);
  g_assert_cmpint (RECORD (id, REPLY, 1, WARNING), ==, 1);
  g_assert_cmpint (RECORD (redial_case_get_id (other), FIRST_RESPONSE, 0, WARNING), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_SLA_EVENTS), ==, 6);

  /* Restarts included. */
  restart (f);
  g_assert_cmpint (RECORD (id, FIRST_RESPONSE, 0, WARNING), ==, 0);
  g_assert_cmpint (RECORD (id, REPLY, 1, WARNING), ==, 0);
  g_assert_cmpint (RECORD (id, REPLY, 2, WARNING), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_SLA_EVENTS), ==, 7);

#undef RECORD
}

/* A burst of crossings is recorded in one call, each told whether it is new. */
static void
test_sla_events_recorded_together (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) kase = record (f, "a", "+12125550110", SECONDS (1000), REDIAL_STORE_RECORD_NEW_CASE);
  RedialSlaEvent events[300];

  g_assert_cmpint (redial_store_record_sla_event (f->store, redial_case_get_id (kase),
                                                  REDIAL_SLA_CLOCK_REPLY, 7, REDIAL_SLA_CROSSING_WARNING,
                                                  SECONDS (1500), &error), ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    events[i] = (RedialSlaEvent) { redial_case_get_id (kase), REDIAL_SLA_CLOCK_REPLY, 5 + i,
                                   REDIAL_SLA_CROSSING_WARNING, SECONDS (2000), FALSE };
  g_assert_true (redial_store_record_sla_events (f->store, events, G_N_ELEMENTS (events), &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    g_assert_cmpint (events[i].recorded, ==, events[i].episode != 7);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_SLA_EVENTS), ==, 300);
}

/* A day's end-of-day summary is recorded once for the office, across a
 * restart; another day has its own. */
static void
test_day_summary_recorded_once (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (redial_store_record_day_summary (f->store, "2026-11-25", SECONDS (1000), &error), ==, 1);
  g_assert_cmpint (redial_store_record_day_summary (f->store, "2026-11-25", SECONDS (2000), &error), ==, 0);
  restart (f);
  g_assert_cmpint (redial_store_record_day_summary (f->store, "2026-11-25", SECONDS (3000), &error), ==, 0);
  g_assert_cmpint (redial_store_record_day_summary (f->store, "2026-11-26", SECONDS (4000), &error), ==, 1);
  g_assert_no_error (error);
}

/* The case a call is recorded in says whether one of its calls went to voicemail. */
static void
test_case_knows_voicemail (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) kase = record (f, "a", "+12125550110", SECONDS (1000), REDIAL_STORE_RECORD_NEW_CASE);
  g_autoptr(RedialCall) call = call_new ("test", "b", "+12125550110", SECONDS (1100), REDIAL_DISPOSITION_VOICEMAIL);
  g_autoptr(RedialCase) joined = NULL;
  g_autoptr(RedialCase) again = NULL;

  g_assert_false (redial_case_get_voicemail (kase));
  joined = redial_store_record_call (f->store, call, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (redial_case_get_voicemail (joined));
  restart (f);
  again = redial_store_get_case (f->store, redial_case_get_id (kase), &error);
  g_assert_no_error (error);
  g_assert_true (redial_case_get_voicemail (again));
}

static void
test_calls_counted_since (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(RedialCase) kase = record (f, "a", "+12125550110", SECONDS (1000), REDIAL_STORE_RECORD_NEW_CASE);
  g_autoptr(RedialCase) b = record (f, "b", "+12125550110", SECONDS (1100), REDIAL_STORE_RECORD_JOINED);
  g_autoptr(RedialCase) c = record (f, "c", "+12125550110", SECONDS (1200), REDIAL_STORE_RECORD_JOINED);
  gint64 id = redial_case_get_id (kase);

  /* Each rang 20 s. */
  g_assert_cmpuint (redial_store_count_calls_since (f->store, id, SECONDS (1000), SECONDS (20)), ==, 3);
  g_assert_cmpuint (redial_store_count_calls_since (f->store, id, SECONDS (1100), SECONDS (20)), ==, 2);
  g_assert_cmpuint (redial_store_count_calls_since (f->store, id, SECONDS (1000), SECONDS (10)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  static const struct {
    const char *path;
    void      (*func) (Fixture *, gconstpointer);
  } tests[] = {
    { "call/recorded-once-per-provider-id", test_call_recorded_once },
    { "call/in-no-case-when-told", test_call_in_no_case },
    { "case/joined-while-open", test_case_joined_while_open },
    { "case/closed-once", test_case_closed_once },
    { "case/keeps-what-it-is-told", test_case_keeps_what_it_is_told },
    { "case/not-found", test_case_not_found },
    { "case/opened-by-a-text", test_case_opened_by_text },
    { "calls/counted-since", test_calls_counted_since },
    { "text-back/queued-once-per-case", test_text_back_queued_once },
    { "outbox/lists-unsent", test_outbox_lists_unsent },
    { "message/found-by-provider-id", test_message_found_by_provider_id },
    { "hostile-text-is-data", test_hostile_text_is_data },
    { "contacts/saved-in-batches", test_contacts_saved_in_batches },
    { "contacts/saved-off-the-main-loop", test_contacts_saved_off_the_main_loop },
    { "opt-out/audited-and-kept", test_opt_out_audited },
    { "block/listed-once", test_block_list },
    { "sla/event-recorded-once", test_sla_event_recorded_once },
    { "sla/events-recorded-together", test_sla_events_recorded_together },
    { "case/knows-voicemail", test_case_knows_voicemail },
    { "day-summary/recorded-once", test_day_summary_recorded_once },
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
