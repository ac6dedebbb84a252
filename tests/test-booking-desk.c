/* test-booking-desk.c: booking a case at the desk and by text: confirmations, two-slot offers, the caller's answer, holds lapsing. */
#include "config.h"

#include <glib/gstdio.h>

#include "redial-fake-clock.h"
#include "redial-rules-fixture.h"
#include "redial-test-util.h"
#include "redial-twilio-sms.h"
#include "servers/twilio-server.h"

#define ACCOUNT_SID "AC0123456789abcdef0123456789abcdef"
#define AUTH_TOKEN  "f00dfacecafe1234f00dfacecafe1234"
#define CALLER      "+13125550142"

/* The rules' plumber with two technicians; Ana fixes leaks only. Texts
 * go through the Twilio test server. */
static const char booking_conf[] =
  "[business]\n"
  "name = Acme Plumbing\n"
  "region = US\n"
  "time-zone = America/Chicago\n"
  "trade = plumbing\n"
  "[hours]\n"
  "monday = 08:00-17:00\n"
  "tuesday = 08:00-17:00\n"
  "wednesday = 08:00-17:00\n"
  "thursday = 08:00-17:00\n"
  "friday = 08:00-17:00\n"
  "[job-type leak]\n"
  "duration = 2h\n"
  "window = 2h\n"
  "[job-type water heater]\n"
  "duration = 3h\n"
  "[resource Joe]\n"
  "hours = mon-fri 08:00-12:00, 13:00-17:00\n"
  "[resource Ana]\n"
  "hours = mon-fri 08:00-12:00, 13:00-17:00\n"
  "job-types = leak\n"
  "[booking]\n"
  "minimum-notice = 1h\n"
  "hold-minutes = 30\n";

typedef struct
{
  Fixture       base;
  TwilioServer *server;
  char         *token_path;
  guint         wakeup;
} BookingFixture;

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
booking_setup (BookingFixture *b,
               gconstpointer   data)
{
  Fixture *f = &b->base;
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("America/Chicago");
  /* Wednesday 2026-11-25, 10:00 in Chicago. */
  g_autoptr(GDateTime) start = g_date_time_new (tz, 2026, 11, 25, 10, 0, 0);
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *twilio = NULL;
  gint64 now = g_date_time_to_unix (start) * G_USEC_PER_SEC;

  f->dir = g_dir_make_tmp ("redial-booking-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "redial.db", NULL);
  f->tz = g_time_zone_ref (tz);
  f->config = redial_config_load_from_data (booking_conf, "test.conf", &error);
  g_assert_no_error (error);
  f->store = redial_store_open (f->path, &error);
  g_assert_no_error (error);
  f->clock = redial_fake_clock_new (now);
  f->alerts = g_ptr_array_new_with_free_func (g_free);
  f->batches = g_array_new (FALSE, FALSE, sizeof (guint));

  b->server = twilio_server_new (ACCOUNT_SID, AUTH_TOKEN);
  twilio_server_set_now (b->server, now);
  b->token_path = g_build_filename (f->dir, "token", NULL);
  g_assert_true (g_file_set_contents (b->token_path, AUTH_TOKEN "\n", -1, NULL));
  g_assert_cmpint (g_chmod (b->token_path, 0600), ==, 0);
  twilio = g_strdup_printf ("[twilio]\nbase-url = %s\naccount-sid = " ACCOUNT_SID "\n"
                            "auth-token-file = %s\nfrom = (312) 555-0100\n",
                            twilio_server_get_url (b->server), b->token_path);
  g_assert_true (g_key_file_load_from_data (keyfile, twilio, -1, G_KEY_FILE_NONE, NULL));
  f->gateway = redial_twilio_sms_new_from_keyfile (f->clock, keyfile, "test.conf", "US", NULL, &error);
  g_assert_no_error (error);
  /* I/O with the server takes real time: keep the main loop awake. */
  b->wakeup = g_timeout_add (5, wake_up, NULL);
  start_engine (f);
  g_object_set (f->engine, "agent-name", "Dana", NULL);
}

/* Whether a text of an open case still waits for Twilio's answer (its SID). */
static gboolean
texts_under_way (Fixture *f)
{
  for (guint i = 0; i < queue_length (f); i++)
    {
      g_autoptr(GPtrArray) messages = redial_store_list_messages (f->store, redial_case_get_id (queue_item (f, i)),
                                                                  NULL);

      for (guint j = 0; messages != NULL && j < messages->len; j++)
        if (redial_message_get_direction (g_ptr_array_index (messages, j)) == REDIAL_MESSAGE_DIRECTION_OUTBOUND &&
            redial_message_get_provider_message_id (g_ptr_array_index (messages, j)) == NULL)
          return TRUE;
    }
  return FALSE;
}

static void
booking_teardown (BookingFixture *b,
                  gconstpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  /* The gateway goes once what it was asked is answered. */
  while (texts_under_way (&b->base) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_clear_handle_id (&b->wakeup, g_source_remove);
  fixture_teardown (&b->base, data);
  g_clear_pointer (&b->server, twilio_server_free);
  g_free (b->token_path);
}

/* Runs the main loop until the Twilio server created @n texts to @to, with
 * a deadline: the HTTP round trips take real time. */
static void
wait_for_texts (BookingFixture *b,
                const char     *to,
                guint           n)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  /* Answered too: the fake clock moved on over a request under way would
   * time it out. */
  while ((twilio_server_count_created_to (b->server, to) < n || texts_under_way (&b->base)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (twilio_server_count_created_to (b->server, to), ==, n);
}

/* The outbound texts of @kase's case, by kind: "text-back,booking-confirmation". */
static char *
outbound_of (Fixture    *f,
             RedialCase *kase)
{
  g_autoptr(GPtrArray) messages = redial_store_list_messages (f->store, redial_case_get_id (kase), NULL);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < messages->len; i++)
    {
      RedialMessage *message = g_ptr_array_index (messages, i);

      if (redial_message_get_direction (message) == REDIAL_MESSAGE_DIRECTION_OUTBOUND)
        g_string_append_printf (out, "%s%s", out->len > 0 ? "," : "",
                                redial_message_kind_to_string (redial_message_get_kind (message)));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A missed call from CALLER, texted back, who says what they need. */
static RedialCase *
lead (BookingFixture *b,
      const char     *need)
{
  Fixture *f = &b->base;
  g_autoptr(GError) error = NULL;
  RedialCase *kase;

  call (f, CALLER, NULL, SECONDS (20));
  kase = queue_item (f, 0);
  advance (f, SECONDS (5));
  wait_for_texts (b, CALLER, 1);
  if (need != NULL)
    {
      g_assert_true (redial_engine_set_intake_answer (f->engine, kase, "need", need, &error));
      g_assert_no_error (error);
    }
  g_assert_true (redial_engine_set_intake_answer (f->engine, kase, "address", "12 Elm St", &error));
  g_assert_no_error (error);
  return kase;
}

/* A missed call from another caller: their case, owned by the queue. */
static RedialCase *
another_caller (Fixture *f)
{
  call (f, "+13125550177", NULL, SECONDS (20));
  for (guint i = 0; i < queue_length (f); i++)
    if (g_strcmp0 (redial_case_get_caller (queue_item (f, i)), "+13125550177") == 0)
      return queue_item (f, i);
  g_assert_not_reached ();
}

/* The BOOKING items of @kase's timeline: "offered,booked". */
static char *
booking_items (Fixture    *f,
               RedialCase *kase)
{
  g_autoptr(GPtrArray) timeline = redial_engine_list_timeline (f->engine, kase, NULL);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < timeline->len; i++)
    {
      const char *action = redial_engine_booking_item_action (g_ptr_array_index (timeline, i));

      if (action != NULL)
        g_string_append_printf (out, "%s%s", out->len > 0 ? "," : "", action);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_book_confirmed_once (BookingFixture *b,
                          gconstpointer   data)
{
  Fixture *f = &b->base;
  RedialCase *kase = lead (b, "leak");
  g_autoptr(RedialAppointment) appointment = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *texts = NULL;
  g_autofree char *items = NULL;

  appointment = redial_engine_book_case (f->engine, kase, "Ana", local (f, 11, 26, 9, 0), TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (appointment);
  g_assert_cmpstr (redial_appointment_get_job_type (appointment), ==, "leak");
  g_assert_cmpint (redial_appointment_get_end (appointment), ==, local (f, 11, 26, 11, 0));
  g_assert_cmpstr (redial_appointment_get_address (appointment), ==, "12 Elm St");
  g_assert_cmpint (redial_case_get_state (kase), ==, REDIAL_CASE_STATE_BOOKED);
  g_assert_cmpstr (redial_case_get_owner (kase), ==, "Dana");

  /* Undo's time first, then the confirmation, once. */
  advance (f, SECONDS (REDIAL_ENGINE_BOOKING_UNDO_SECONDS - 2));
  g_assert_cmpuint (twilio_server_count_created_to (b->server, CALLER), ==, 1);
  advance (f, SECONDS (3));
  wait_for_texts (b, CALLER, 2);
  advance (f, MINUTES (10));
  redial_test_drain ();
  g_assert_cmpuint (twilio_server_count_created_to (b->server, CALLER), ==, 2);
  texts = outbound_of (f, kase);
  g_assert_cmpstr (texts, ==, "text-back,booking-confirmation");
  g_assert_cmpstr (body_of_last (f, kase), ==,
                   "Hi there, you're booked with Acme Plumbing for Thu Nov 26, 9-11am at 12 Elm St. "
                   "To change or cancel, just reply to this text. See you then!");
  items = booking_items (f, kase);
  g_assert_cmpstr (items, ==, "booked");
}

static void
test_book_job_type_and_refusals (BookingFixture *b,
                                 gconstpointer   data)
{
  Fixture *f = &b->base;
  RedialCase *kase = lead (b, "water-heater");
  g_autoptr(RedialAppointment) appointment = NULL;
  g_autoptr(RedialAppointment) refused = NULL;
  g_autoptr(GError) error = NULL;

  /* What the calendar's ghost shows before the drop: the job's length. */
  g_assert_cmpint (redial_engine_booking_duration (f->engine, redial_case_get_id (kase)), ==,
                   3 * G_TIME_SPAN_HOUR);

  /* Ana does no water heaters: refused with the rules' reason. */
  refused = redial_engine_book_case (f->engine, kase, "Ana", local (f, 11, 26, 13, 0), TRUE, &error);
  g_assert_null (refused);
  g_assert_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "Ana"));
  g_clear_error (&error);

  /* Too soon: an hour's notice. */
  refused = redial_engine_book_case (f->engine, kase, "Joe", local (f, 11, 25, 10, 30), TRUE, &error);
  g_assert_null (refused);
  g_assert_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_REFUSED);
  g_clear_error (&error);

  appointment = redial_engine_book_case (f->engine, kase, "Joe", local (f, 11, 26, 13, 0), FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (redial_appointment_get_job_type (appointment), ==, "water heater");
  g_assert_cmpint (redial_appointment_get_end (appointment), ==, local (f, 11, 26, 16, 0));

  /* Unticked: no confirmation. */
  advance (f, MINUTES (1));
  g_assert_cmpuint (twilio_server_count_created_to (b->server, CALLER), ==, 1);

  /* Another caller on the same time: the overlap is named. */
  refused = redial_engine_book_case (f->engine, another_caller (f), "Joe", local (f, 11, 26, 14, 0), TRUE, &error);
  g_assert_null (refused);
  g_assert_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "Joe"));
}

static void
test_book_opted_out (BookingFixture *b,
                     gconstpointer   data)
{
  Fixture *f = &b->base;
  RedialCase *kase = lead (b, "leak");
  g_autoptr(RedialAppointment) appointment = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *texts = NULL;
  guint before;

  reply (f, CALLER, "STOP");
  advance (f, SECONDS (5));
  /* The one confirmation of the opt-out. */
  wait_for_texts (b, CALLER, 2);
  before = twilio_server_count_created_to (b->server, CALLER);
  appointment = redial_engine_book_case (f->engine, kase, "Joe", local (f, 11, 26, 9, 0), TRUE, &error);
  g_assert_no_error (error);
  advance (f, MINUTES (1));
  redial_test_drain ();
  g_assert_cmpuint (twilio_server_count_created_to (b->server, CALLER), ==, before);
  texts = outbound_of (f, kase);
  g_assert_null (strstr (texts, "booking-confirmation"));
}

static void
test_undo_never_confirmed (BookingFixture *b,
                           gconstpointer   data)
{
  Fixture *f = &b->base;
  RedialCase *kase = lead (b, "leak");
  g_autoptr(RedialAppointment) appointment = NULL;
  g_autoptr(RedialAppointment) again = NULL;
  g_autoptr(GPtrArray) booked = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *texts = NULL;
  g_autofree char *items = NULL;

  appointment = redial_engine_book_case (f->engine, kase, "Joe", local (f, 11, 26, 9, 0), TRUE, &error);
  g_assert_no_error (error);
  advance (f, SECONDS (3));
  g_assert_true (redial_engine_cancel_appointment (f->engine, redial_appointment_get_id (appointment), &error));
  g_assert_no_error (error);
  g_assert_cmpint (redial_case_get_state (kase), !=, REDIAL_CASE_STATE_BOOKED);
  booked = redial_store_list_appointments (f->store, local (f, 11, 26, 0, 0), local (f, 11, 27, 0, 0), NULL, NULL);
  g_assert_cmpuint (booked->len, ==, 0);

  advance (f, MINUTES (1));
  redial_test_drain ();
  g_assert_cmpuint (twilio_server_count_created_to (b->server, CALLER), ==, 1);
  texts = outbound_of (f, kase);
  g_assert_cmpstr (texts, ==, "text-back");
  items = booking_items (f, kase);
  g_assert_cmpstr (items, ==, "booked,cancelled");

  /* The time is free again. */
  again = redial_engine_book_case (f->engine, kase, "Joe", local (f, 11, 26, 9, 0), FALSE, &error);
  g_assert_no_error (error);
}

static void
test_move_refused_with_reason (BookingFixture *b,
                               gconstpointer   data)
{
  Fixture *f = &b->base;
  RedialCase *kase = lead (b, "leak");
  g_autoptr(RedialAppointment) appointment = NULL;
  g_autoptr(RedialAppointment) moved = NULL;
  g_autoptr(GError) error = NULL;

  appointment = redial_engine_book_case (f->engine, kase, "Joe", local (f, 11, 26, 9, 0), FALSE, &error);
  g_assert_no_error (error);
  moved = redial_engine_move_appointment (f->engine, redial_appointment_get_id (appointment), "Ana",
                                          local (f, 11, 26, 13, 0), local (f, 11, 26, 16, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (redial_appointment_get_resource (moved), ==, "Ana");
  g_assert_cmpint (redial_appointment_get_end (moved), ==, local (f, 11, 26, 16, 0));
  g_clear_object (&moved);

  /* Past Ana's hours. */
  moved = redial_engine_move_appointment (f->engine, redial_appointment_get_id (appointment), NULL,
                                          local (f, 11, 26, 16, 0), local (f, 11, 26, 18, 0), &error);
  g_assert_null (moved);
  g_assert_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "Ana"));
}

/* Offers two times and checks what went out: two holds, one text naming
 * both. Returns the holds. */
static GPtrArray *
offer (BookingFixture *b,
       RedialCase     *kase,
       guint           n_texts)
{
  Fixture *f = &b->base;
  g_autoptr(GError) error = NULL;

  g_assert_true (redial_engine_offer_slots (f->engine, kase, &error));
  g_assert_no_error (error);
  wait_for_texts (b, CALLER, n_texts);
  return redial_store_list_case_holds (f->store, redial_case_get_id (kase), redial_clock_now (f->clock), NULL);
}

static void
test_offer_two_holds_one_text (BookingFixture *b,
                               gconstpointer   data)
{
  Fixture *f = &b->base;
  RedialCase *kase = lead (b, "leak");
  g_autoptr(GPtrArray) holds = NULL;
  g_autoptr(GPtrArray) slots = NULL;
  g_autofree char *texts = NULL;
  g_autofree char *unclear = NULL;
  g_autofree char *body = NULL;

  holds = offer (b, kase, 2);
  g_assert_cmpuint (holds->len, ==, 2);
  /* Now 10:00, an hour's notice, Joe and Ana off at noon: this afternoon. */
  g_assert_cmpint (redial_hold_get_start (g_ptr_array_index (holds, 0)), ==, local (f, 11, 25, 13, 0));
  g_assert_cmpint (redial_hold_get_start (g_ptr_array_index (holds, 1)), ==, local (f, 11, 25, 15, 0));
  g_assert_cmpint (redial_hold_get_expires_at (g_ptr_array_index (holds, 0)), ==,
                   redial_clock_now (f->clock) + MINUTES (30));
  texts = outbound_of (f, kase);
  g_assert_cmpstr (texts, ==, "text-back,slot-offer");
  body = twilio_server_dup_last_param (b->server, "Body");
  g_assert_cmpstr (body, ==,
                   "Hi there, it's Acme Plumbing. Reply 1 for Wed Nov 25, 1-3pm or 2 for Wed Nov 25, 3-5pm "
                   "and you're booked. Reply STOP to opt out.");

  g_assert_true (redial_engine_get_offer (f->engine, kase, &slots, &unclear));
  g_assert_cmpuint (slots->len, ==, 2);
  g_assert_null (unclear);
}

static void
test_reply_books_chosen_slot (BookingFixture *b,
                              gconstpointer   data)
{
  Fixture *f = &b->base;
  RedialCase *kase = lead (b, "leak");
  g_autoptr(GPtrArray) holds = offer (b, kase, 2);
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(GPtrArray) appointments = NULL;
  RedialAppointment *appointment;
  g_autofree char *texts = NULL;
  g_autofree char *items = NULL;

  advance (f, MINUTES (5));
  reply (f, CALLER, "2 pls");
  wait_for_texts (b, CALLER, 3);

  appointments = redial_store_list_case_appointments (f->store, redial_case_get_id (kase), NULL);
  g_assert_cmpuint (appointments->len, ==, 1);
  appointment = g_ptr_array_index (appointments, 0);
  g_assert_cmpint (redial_appointment_get_start (appointment), ==, redial_hold_get_start (g_ptr_array_index (holds, 1)));
  g_assert_cmpstr (redial_appointment_get_resource (appointment), ==,
                   redial_hold_get_resource (g_ptr_array_index (holds, 1)));
  g_assert_cmpint (redial_case_get_state (kase), ==, REDIAL_CASE_STATE_BOOKED);
  /* The caller has their answer: nothing waits for a person. */
  g_assert_cmpint (redial_case_get_reply_waiting_since (kase), ==, 0);
  left = redial_store_list_case_holds (f->store, redial_case_get_id (kase), redial_clock_now (f->clock), NULL);
  g_assert_cmpuint (left->len, ==, 0);

  texts = outbound_of (f, kase);
  g_assert_cmpstr (texts, ==, "text-back,slot-offer,booking-confirmation");
  g_assert_nonnull (strstr (body_of_last (f, kase), "Wed Nov 25, 3-5pm at 12 Elm St"));
  items = booking_items (f, kase);
  g_assert_cmpstr (items, ==, "offered,booked");
  g_assert_false (redial_engine_get_offer (f->engine, kase, NULL, NULL));

  /* Another "2" later is a reply like any other. */
  reply (f, CALLER, "2");
  advance (f, MINUTES (1));
  g_free (texts);
  texts = outbound_of (f, kase);
  g_assert_cmpstr (texts, ==, "text-back,slot-offer,booking-confirmation");
}

static void
test_reply_after_expiry_offers_next (BookingFixture *b,
                                     gconstpointer   data)
{
  Fixture *f = &b->base;
  RedialCase *kase = lead (b, "leak");
  g_autoptr(GPtrArray) holds = offer (b, kase, 2);
  g_autoptr(GPtrArray) renewed = NULL;
  g_autoptr(GPtrArray) appointments = NULL;
  g_autofree char *texts = NULL;
  g_autofree char *items = NULL;

  /* The holds lapse on the clock. */
  advance (f, MINUTES (31));
  g_assert_cmpuint (redial_store_list_case_holds (f->store, redial_case_get_id (kase), redial_clock_now (f->clock),
                                                  NULL)->len, ==, 0);
  reply (f, CALLER, "1");
  wait_for_texts (b, CALLER, 3);

  appointments = redial_store_list_case_appointments (f->store, redial_case_get_id (kase), NULL);
  g_assert_cmpuint (appointments->len, ==, 0);
  renewed = redial_store_list_case_holds (f->store, redial_case_get_id (kase), redial_clock_now (f->clock), NULL);
  g_assert_cmpuint (renewed->len, ==, 2);
  texts = outbound_of (f, kase);
  g_assert_cmpstr (texts, ==, "text-back,slot-offer,slot-offer");
  items = booking_items (f, kase);
  g_assert_cmpstr (items, ==, "offered,offered");
  g_assert_cmpint (redial_case_get_reply_waiting_since (kase), ==, 0);

  /* The new offer is the one answered. */
  reply (f, CALLER, "the first one");
  wait_for_texts (b, CALLER, 4);
  g_clear_pointer (&appointments, g_ptr_array_unref);
  appointments = redial_store_list_case_appointments (f->store, redial_case_get_id (kase), NULL);
  g_assert_cmpuint (appointments->len, ==, 1);
  g_assert_cmpint (redial_appointment_get_start (g_ptr_array_index (appointments, 0)), ==,
                   redial_hold_get_start (g_ptr_array_index (renewed, 0)));
}

static void
test_slot_taken_offers_next (BookingFixture *b,
                             gconstpointer   data)
{
  Fixture *f = &b->base;
  RedialCase *kase = lead (b, "leak");
  g_autoptr(GPtrArray) holds = offer (b, kase, 2);
  g_autoptr(RedialAppointment) taken = NULL;
  g_autoptr(GPtrArray) appointments = NULL;
  g_autoptr(GPtrArray) renewed = NULL;
  g_autoptr(GError) error = NULL;
  RedialHold *first = g_ptr_array_index (holds, 0);

  /* The first time goes to someone else meanwhile (its hold given up). */
  g_assert_true (redial_store_release_holds (f->store, redial_case_get_id (kase), &error));
  taken = redial_engine_book_case (f->engine, another_caller (f), redial_hold_get_resource (first),
                                   redial_hold_get_start (first), FALSE, &error);
  g_assert_no_error (error);

  reply (f, CALLER, "1");
  wait_for_texts (b, CALLER, 3);
  appointments = redial_store_list_case_appointments (f->store, redial_case_get_id (kase), NULL);
  g_assert_cmpuint (appointments->len, ==, 0);
  renewed = redial_store_list_case_holds (f->store, redial_case_get_id (kase), redial_clock_now (f->clock), NULL);
  g_assert_cmpuint (renewed->len, ==, 2);
  for (guint i = 0; i < renewed->len; i++)
    g_assert_false (redial_hold_get_start (g_ptr_array_index (renewed, i)) == redial_hold_get_start (first) &&
                    g_str_equal (redial_hold_get_resource (g_ptr_array_index (renewed, i)),
                                 redial_hold_get_resource (first)));
}

static void
test_unclear_reply_for_a_person (BookingFixture *b,
                                 gconstpointer   data)
{
  Fixture *f = &b->base;
  RedialCase *kase = lead (b, "leak");
  g_autoptr(GPtrArray) holds = offer (b, kase, 2);
  g_autoptr(GPtrArray) slots = NULL;
  g_autoptr(GPtrArray) still = NULL;
  g_autofree char *unclear = NULL;
  g_autofree char *texts = NULL;
  g_autofree char *items = NULL;

  reply (f, CALLER, "can you do Friday instead?");
  advance (f, MINUTES (1));
  redial_test_drain ();

  /* Nothing texted; the reply waits for a person, the offer still open. */
  g_assert_cmpuint (twilio_server_count_created_to (b->server, CALLER), ==, 2);
  texts = outbound_of (f, kase);
  g_assert_cmpstr (texts, ==, "text-back,slot-offer");
  g_assert_cmpint (redial_case_get_reply_waiting_since (kase), >, 0);
  g_assert_cmpint (redial_case_get_state (kase), !=, REDIAL_CASE_STATE_BOOKED);
  items = booking_items (f, kase);
  g_assert_cmpstr (items, ==, "offered,unclear");
  g_assert_true (redial_engine_get_offer (f->engine, kase, &slots, &unclear));
  g_assert_cmpuint (slots->len, ==, 2);
  g_assert_cmpstr (unclear, ==, "can you do Friday instead?");
  still = redial_store_list_case_holds (f->store, redial_case_get_id (kase), redial_clock_now (f->clock), NULL);
  g_assert_cmpuint (still->len, ==, 2);
}

static void
test_close_releases_holds (BookingFixture *b,
                           gconstpointer   data)
{
  Fixture *f = &b->base;
  RedialCase *kase = lead (b, "leak");
  g_autoptr(GPtrArray) holds = offer (b, kase, 2);
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (redial_engine_close_case (f->engine, kase, REDIAL_CASE_OUTCOME_LOST, -1, &error));
  g_assert_no_error (error);
  left = redial_store_list_holds (f->store, local (f, 11, 25, 0, 0), local (f, 11, 26, 0, 0),
                                  redial_clock_now (f->clock), NULL);
  g_assert_cmpuint (left->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, BookingFixture, NULL, booking_setup, func, booking_teardown)
  ADD ("/booking/book/confirmed-once", test_book_confirmed_once);
  ADD ("/booking/book/job-type-and-refusals", test_book_job_type_and_refusals);
  ADD ("/booking/book/opted-out-not-texted", test_book_opted_out);
  ADD ("/booking/book/undo-never-confirmed", test_undo_never_confirmed);
  ADD ("/booking/move/refused-with-reason", test_move_refused_with_reason);
  ADD ("/booking/offer/two-holds-one-text", test_offer_two_holds_one_text);
  ADD ("/booking/offer/reply-books-chosen-slot", test_reply_books_chosen_slot);
  ADD ("/booking/offer/reply-after-expiry-offers-next", test_reply_after_expiry_offers_next);
  ADD ("/booking/offer/slot-taken-offers-next", test_slot_taken_offers_next);
  ADD ("/booking/offer/unclear-reply-for-a-person", test_unclear_reply_for_a_person);
  ADD ("/booking/offer/close-releases-holds", test_close_releases_holds);
#undef ADD

  return g_test_run ();
}
