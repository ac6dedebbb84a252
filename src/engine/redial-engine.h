/* redial-engine.h: turns call and message events into cases, texts back, and keeps the timers. */
#pragma once

#include <gio/gio.h>

#include "redial-alert.h"
#include "redial-availability.h"
#include "redial-case.h"
#include "redial-clock.h"
#include "redial-config.h"
#include "redial-draft.h"
#include "redial-engine-error.h"
#include "redial-phone-system.h"
#include "redial-sla.h"
#include "redial-sms-gateway.h"
#include "redial-store.h"
#include "redial-timeline-item.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_ENGINE (redial_engine_get_type ())
G_DECLARE_FINAL_TYPE (RedialEngine, redial_engine, REDIAL, ENGINE, GObject)

/* An engine deciding with @config, recording in @store, on @clock's time. */
RedialEngine      *redial_engine_new                (RedialConfig      *config,
                                                     RedialStore       *store,
                                                     RedialClock       *clock);

RedialConfig      *redial_engine_get_config         (RedialEngine      *self);
RedialStore       *redial_engine_get_store          (RedialEngine      *self);
RedialClock       *redial_engine_get_clock          (RedialEngine      *self);

/* The phone system whose ::call-event the engine follows; may be NULL. */
RedialPhoneSystem *redial_engine_get_phone_system   (RedialEngine      *self);
void               redial_engine_set_phone_system   (RedialEngine      *self,
                                                     RedialPhoneSystem *phone_system);
RedialSmsGateway  *redial_engine_get_sms_gateway    (RedialEngine      *self);
void               redial_engine_set_sms_gateway    (RedialEngine      *self,
                                                     RedialSmsGateway  *gateway);

/* Whether this engine runs the office's automation: the text-backs,
 * follow-ups and answers to STOP and HELP, the SLA alerts, polling the SMS
 * gateway and the outbox after a restart. On by default. A desk sharing an
 * office whose automation runs elsewhere (another desk, or redial
 * --service) is built without it ("automation" FALSE), so that a caller is
 * never texted twice: it still records calls into its queue, times them,
 * and sends what a person writes. Set before redial_engine_start(), or
 * while running, when the automation moves (a --service stopped or
 * started): taken up, it follows the open cases as after a restart. */
gboolean           redial_engine_get_automation     (RedialEngine      *self);
void               redial_engine_set_automation     (RedialEngine      *self,
                                                     gboolean           automation);

/* Loads the open cases, starts the 1 Hz tick and the backends (the SMS
 * gateway's polling only with the automation). */
gboolean           redial_engine_start              (RedialEngine      *self,
                                                     GError           **error);
void               redial_engine_stop               (RedialEngine      *self);

/* The open cases (RedialCase), most urgent first, updated in place. */
GListModel        *redial_engine_get_queue          (RedialEngine      *self);

/* What a phone system reports: records the call and, for a missed call,
 * joins or opens the caller's case and texts back once. */
void               redial_engine_handle_call        (RedialEngine      *self,
                                                     RedialCallEvent   *event);
/* What an SMS gateway receives: lands in the sender's open case. */
void               redial_engine_handle_inbound     (RedialEngine      *self,
                                                     const char        *provider_message_id,
                                                     const char        *from,
                                                     const char        *body);

/* The desk's actions below act for the desk user, the "agent-name" (or
 * "Front desk" for a desk without a name), record what they did in the
 * case's timeline (::timeline-changed) and update @kase in place. A case
 * another desk owns is refused with REDIAL_ENGINE_ERROR_CLAIMED and a
 * sentence ("Dana has this case.") until it is taken over. */

/* The name the desk's actions are recorded under. */
const char        *redial_engine_get_desk_user      (RedialEngine      *self);

/* A person at the desk tried to call @kase back: a CALL_BACK item with
 * its outcome pending ("call-back-pending"), claiming an unclaimed case.
 * The attempt is the first response, as any human touch is; the caller's
 * waiting reply is answered only when the outcome says they were reached. */
gboolean           redial_engine_record_call_attempt (RedialEngine     *self,
                                                      RedialCase       *kase,
                                                      GError          **error);
/* The outcome of @kase's latest call-back attempt still pending:
 * REACHED answers the caller's waiting reply (and is a first response);
 * the others leave the case waiting in the queue, the attempt shown.
 * REDIAL_ENGINE_ERROR_REFUSED when no attempt waits for its outcome. */
gboolean           redial_engine_record_call_outcome (RedialEngine     *self,
                                                      RedialCase       *kase,
                                                      RedialCallOutcome outcome,
                                                      GError          **error);
/* Claims @kase for the desk user; with @take_over, from the desk that
 * owns it (a TAKE_OVER item naming it). Atomic across desks sharing the
 * database. */
gboolean           redial_engine_claim_case         (RedialEngine      *self,
                                                     RedialCase        *kase,
                                                     gboolean           take_over,
                                                     GError           **error);
/* Lets go of @kase, which the desk user owns. */
gboolean           redial_engine_release_case       (RedialEngine      *self,
                                                     RedialCase        *kase,
                                                     GError           **error);
/* Adds an internal note (never sent) to @kase; an empty one is refused
 * (REDIAL_ENGINE_ERROR_TEXT). */
gboolean           redial_engine_add_note           (RedialEngine      *self,
                                                     RedialCase        *kase,
                                                     const char        *body,
                                                     GError           **error);
/* The case @case_id: the queue's own object while it is open, else the
 * stored one. A new reference, or NULL with an error. */
RedialCase        *redial_engine_find_case          (RedialEngine      *self,
                                                     gint64             case_id,
                                                     GError           **error);
/* @kase's timeline, oldest first: a new GPtrArray of RedialTimelineItem. */
GPtrArray         *redial_engine_list_timeline      (RedialEngine      *self,
                                                     RedialCase        *kase,
                                                     GError           **error);
/* The same in a worker thread, for a window's main loop; _finish returns
 * the new GPtrArray, or NULL with an error. */
void               redial_engine_list_timeline_async  (RedialEngine        *self,
                                                       RedialCase          *kase,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GPtrArray         *redial_engine_list_timeline_finish (RedialEngine        *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
/* One RedialDraft per reply template of the business's language, in file
 * order, with what @kase fills ({first_name} when known, {business},
 * {agent}, …): a new GPtrArray. */
GPtrArray         *redial_engine_list_reply_drafts  (RedialEngine      *self,
                                                     RedialCase        *kase);
/* Calls @kase's caller back through the phone system: the desk's phone
 * rings, then dials the caller. Once the phone system has placed it, it is
 * recorded as a call-back attempt (the first human touch). */
void               redial_engine_call_back_async    (RedialEngine        *self,
                                                     RedialCase          *kase,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean           redial_engine_call_back_finish   (RedialEngine        *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
/* Whether @kase's caller can be called back from Redial. */
gboolean           redial_engine_can_call_back      (RedialEngine        *self,
                                                     RedialCase          *kase);

/* Sends a text a person wrote to @kase's caller. Refused, with a sentence
 * saying why, when the number opted out or is blocked, whatever the user
 * clicked, or when another desk owns the case. Counts as a human touch;
 * answering an unclaimed case claims it for the desk user. */
gboolean           redial_engine_send_text          (RedialEngine      *self,
                                                     RedialCase        *kase,
                                                     const char        *body,
                                                     GError           **error);
/* Whether a person may text @kase's caller now: FALSE, with the sentence
 * saying why, when the number is hidden, opted out or blocked. */
gboolean           redial_engine_can_text           (RedialEngine      *self,
                                                     RedialCase        *kase,
                                                     GError           **error);
/* Confirms a likely-spam case: blocks the number and closes the case. */
gboolean           redial_engine_confirm_spam       (RedialEngine      *self,
                                                     RedialCase        *kase,
                                                     GError           **error);
/* Restores a likely-spam case as a new lead, texting it back if it was not. */
gboolean           redial_engine_restore            (RedialEngine      *self,
                                                     RedialCase        *kase,
                                                     GError           **error);
/* Closes @kase with @outcome and @job_value (cents, -1 for none) and
 * takes it out of the queue; a hidden-number case too. Refused when
 * another desk owns it. */
gboolean           redial_engine_close_case         (RedialEngine      *self,
                                                     RedialCase        *kase,
                                                     RedialCaseOutcome  outcome,
                                                     gint64             job_value,
                                                     GError           **error);
/* Reopens the closed case @case_id and puts it back in the queue.
 * Refused (REDIAL_ENGINE_ERROR_REFUSED, with the reason) when the caller
 * has another case open. */
gboolean           redial_engine_reopen_case        (RedialEngine      *self,
                                                     gint64             case_id,
                                                     GError           **error);

/* ── The guided intake ── */

/* Keeps @value as @kase's answer to the intake question @question (a key
 * of the business's profile, redial_config_get_intake()), for the desk
 * user, at once; NULL or blank clears it. The answer is checked and kept
 * in its usual form ("60614", "tomorrow/morning"); the INTAKE item goes
 * to the timeline. Then the answers are summed up: an answer that means
 * an emergency makes the case one (its shorter target, an urgent alert);
 * a postal code outside [service-area] marks it out of area; an answer
 * saying not a fit marks it so; every required question answered and
 * none saying not a fit makes it qualified (a QUALIFIED item names who),
 * and a change that undoes that makes it what it was before. Fails with
 * REDIAL_ENGINE_ERROR_INTAKE for an unknown question or no answer to it,
 * REDIAL_ENGINE_ERROR_REFUSED for a closed case. */
gboolean           redial_engine_set_intake_answer  (RedialEngine      *self,
                                                     RedialCase        *kase,
                                                     const char        *question,
                                                     const char        *value,
                                                     GError           **error);
/* @kase's intake answers: a new GHashTable, question key → value. */
GHashTable        *redial_engine_get_intake_answers (RedialEngine      *self,
                                                     RedialCase        *kase,
                                                     GError           **error);
/* Answers the caller's own texts suggest for the questions not answered
 * yet: a new GPtrArray of RedialIntakeSuggestion. */
GPtrArray         *redial_engine_suggest_intake     (RedialEngine      *self,
                                                     RedialCase        *kase);

/* ── Booking ── */

/* How long a booking made at the desk may be undone (seconds) before its
 * confirmation goes to the caller: an undone booking is never confirmed. */
#define REDIAL_ENGINE_BOOKING_UNDO_SECONDS 10

/* How long a booking of the case @case_id would last: its intake's job
 * type's duration ([job-type] duration), else REDIAL_DEFAULT_JOB_DURATION.
 * Unix µs. */
gint64             redial_engine_booking_duration   (RedialEngine      *self,
                                                     gint64             case_id);
/* The next @n_slots free slots for @kase (RedialSlot, earliest first, on
 * different start times): the intake's job type and preferred window
 * ([job-type], the date-window answer), the resources that do that job.
 * A new GPtrArray, shorter when the next two weeks have no more. */
GPtrArray         *redial_engine_find_slots         (RedialEngine      *self,
                                                     RedialCase        *kase,
                                                     guint              n_slots,
                                                     GError           **error);
/* Books @kase on @resource from @start (Unix µs) for the desk user: the
 * intake's job type (refused when @resource does not do it), else the
 * resource's first;
 * it ends after the job type's duration. Refused (REDIAL_ENGINE_ERROR_REFUSED)
 * with the rules' sentence ("Overlaps Joe 9:00–11:00") or for a closed
 * case. The case becomes BOOKED (counted booked by the report), its held
 * times are released, and the timeline has a BOOKING item. With
 * @send_confirmation, and unless the caller opted out, the
 * booking-confirmation text goes out REDIAL_ENGINE_BOOKING_UNDO_SECONDS
 * later, if the booking still stands. Returns the appointment (a new
 * reference) or NULL. */
RedialAppointment *redial_engine_book_case          (RedialEngine      *self,
                                                     RedialCase        *kase,
                                                     const char        *resource,
                                                     gint64             start,
                                                     gboolean           send_confirmation,
                                                     GError           **error);
/* Moves or resizes appointment @appointment_id to [@start, @end) on
 * @resource (NULL: its own), refused as booking is; the caller is not
 * texted. Returns it as it now is (a new reference), or NULL. */
RedialAppointment *redial_engine_move_appointment   (RedialEngine      *self,
                                                     gint64             appointment_id,
                                                     const char        *resource,
                                                     gint64             start,
                                                     gint64             end,
                                                     GError           **error);
/* Cancels appointment @appointment_id (Undo, or a change of plan): its
 * time is free again, a confirmation still waiting is never sent, and a
 * case with no other booking goes back to where it stood (qualified, or
 * what it was before). The caller is not texted. */
gboolean           redial_engine_cancel_appointment (RedialEngine      *self,
                                                     gint64             appointment_id,
                                                     GError           **error);
/* Finds the next two free slots for @kase (see redial_engine_find_slots()),
 * holds both for [booking] hold-minutes and texts them to the caller with
 * the slot-offer template ({slot_1}, {slot_2}: "Tue Dec 1, 9-11am"). The
 * caller's reply books the slot it chooses while it is held ("2 pls",
 * "the first one", "Tue", "the 1pm": see redial-offer-reply.h), with its
 * confirmation; a chosen slot gone meanwhile gets the next two offered;
 * an unclear reply is left for a person, nothing texted. Refused for a
 * closed or booked case, a caller who may not be texted, or when there
 * are not two free times. */
gboolean           redial_engine_offer_slots        (RedialEngine      *self,
                                                     RedialCase        *kase,
                                                     GError           **error);
/* Whether @kase has an offer open (texted, neither booked nor replaced):
 * its two slots (a new GPtrArray of RedialSlot, to @slots) and the
 * caller's latest reply to it that chose neither (to @unclear_reply, or
 * NULL). Either out-argument may be NULL. */
gboolean           redial_engine_get_offer          (RedialEngine      *self,
                                                     RedialCase        *kase,
                                                     GPtrArray        **slots,
                                                     char             **unclear_reply);
/* What a BOOKING item of a timeline says happened: "offered", "booked",
 * "moved", "cancelled" or "unclear" (a reply to an offer choosing
 * neither slot, its "text" the caller's words); NULL for other items. */
const char        *redial_engine_booking_item_action (RedialTimelineItem *item);
/* The slots a BOOKING item names (RedialSlot: two for "offered", one
 * for a booking, its move or cancellation; none for "unclear"), and the
 * appointment's id (0 for none) to @appointment_id (may be NULL). */
GPtrArray         *redial_engine_booking_item_slots (RedialTimelineItem *item,
                                                     gint64             *appointment_id);

/* Sends a test text to @number (as typed) through the SMS gateway, to
 * check the connection: refused, like every text, for a number that
 * opted out or is blocked. _finish returns the gateway's message id. */
void               redial_engine_send_test_text_async  (RedialEngine        *self,
                                                        const char          *number,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
char              *redial_engine_send_test_text_finish (RedialEngine        *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* Where @kase's displayed response timer stands now (the level the case's
 * "sla-level" holds): of the clocks that run, the one closest to its
 * target; see redial_engine_get_clock_levels(). */
RedialSlaLevel     redial_engine_get_first_response_level (RedialEngine *self,
                                                           RedialCase   *kase);

/* Where both of @kase's response clocks stand now, for a row and its
 * tooltip. The first-response clock runs from the missed call until the
 * first human touch (a call attempt or a text a person wrote), whatever
 * the caller writes meanwhile; the reply clock runs while a caller's text
 * waits for an answer. Emergencies time their first response against
 * [sla] emergency-target. A hidden-number case without voicemail, which
 * nobody can answer, runs its first-response clock without a target
 * (target_at G_MAXINT64, level OK): waiting, never alerted.
 *
 * Returns the clock to display: of those running, the one with the least
 * time remaining to its target (the first-response clock on a tie, and
 * when neither runs). The case's "timer-started-at", "timer-stopped-at"
 * and "sla-level" follow that clock, and change (with notify) when the
 * displayed clock changes. Either out-argument may be NULL. */
RedialSlaClock     redial_engine_get_clock_levels   (RedialEngine      *self,
                                                     RedialCase        *kase,
                                                     RedialSlaReading  *first_response,
                                                     RedialSlaReading  *reply);

G_END_DECLS
