/* redial-case.h: one recovery episode for one caller, as the queue shows it. */
#pragma once

#include <glib-object.h>

#include "redial-types.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_CASE (redial_case_get_type ())
G_DECLARE_FINAL_TYPE (RedialCase, redial_case, REDIAL, CASE, GObject)

/* A new case for @caller (E.164, or NULL for a caller without a number),
 * opened by a call at @first_call_at (Unix µs). */
RedialCase      *redial_case_new                   (gint64          id,
                                                    const char     *caller,
                                                    gint64          first_call_at);

gint64           redial_case_get_id                (RedialCase     *self);
const char      *redial_case_get_caller            (RedialCase     *self);
gint64           redial_case_get_first_call_at     (RedialCase     *self);

const char      *redial_case_get_caller_name       (RedialCase     *self);
void             redial_case_set_caller_name       (RedialCase     *self,
                                                    const char     *caller_name);
const char      *redial_case_get_line_label        (RedialCase     *self);
void             redial_case_set_line_label        (RedialCase     *self,
                                                    const char     *line_label);
RedialCaseState  redial_case_get_state             (RedialCase     *self);
void             redial_case_set_state             (RedialCase     *self,
                                                    RedialCaseState state);
guint            redial_case_get_n_calls           (RedialCase     *self);
void             redial_case_set_n_calls           (RedialCase     *self,
                                                    guint           n_calls);
gint64           redial_case_get_last_call_at      (RedialCase     *self);
void             redial_case_set_last_call_at      (RedialCase     *self,
                                                    gint64          last_call_at);
/* The first human touch, or 0 while there has been none. */
gint64           redial_case_get_first_response_at (RedialCase     *self);
void             redial_case_set_first_response_at (RedialCase     *self,
                                                    gint64          first_response_at);
/* Whether the automatic text-back has been decided for this case. */
gboolean         redial_case_get_texted_back       (RedialCase     *self);
void             redial_case_set_texted_back       (RedialCase     *self,
                                                    gboolean        texted_back);
/* Where the first-response timer stands; kept current by the engine. */
RedialSlaLevel   redial_case_get_sla_level         (RedialCase     *self);
void             redial_case_set_sla_level         (RedialCase     *self,
                                                    RedialSlaLevel  level);
/* Whether the caller's number has opted out of texts. */
gboolean         redial_case_get_opted_out         (RedialCase     *self);
void             redial_case_set_opted_out         (RedialCase     *self,
                                                    gboolean        opted_out);

RedialCaseKind   redial_case_get_kind              (RedialCase     *self);
void             redial_case_set_kind              (RedialCase     *self,
                                                    RedialCaseKind  kind);
/* Why the case has its kind, as a code: what the store keeps. */
RedialKindReason redial_case_get_kind_reason_code  (RedialCase     *self);
void             redial_case_set_kind_reason_code  (RedialCase     *self,
                                                    RedialKindReason code);
/* Why the case has its kind, in one line in the desk's language ("Caller
 * ID says “CARD SERVICES”, a name robocallers use"), or NULL; valid until
 * the next call. Plain text: the caller ID name in it is the caller's, so
 * escape it for markup. */
const char      *redial_case_get_kind_reason       (RedialCase     *self);
/* What the phone system sent as the caller ID, exactly, even when it is
 * no number ("Anonymous", digits libphonenumber cannot read); or NULL. */
const char      *redial_case_get_caller_raw        (RedialCase     *self);
void             redial_case_set_caller_raw        (RedialCase     *self,
                                                    const char     *caller_raw);
/* Why texts cannot reach the caller's number, as the SMS gateway said
 * ("The number is not a valid phone number."), or NULL. The number is
 * still a number: it can be called back. Plain text, never markup. */
const char      *redial_case_get_number_problem    (RedialCase     *self);
void             redial_case_set_number_problem    (RedialCase     *self,
                                                    const char     *number_problem);
/* Whether the caller wrote something that means an emergency. */
gboolean         redial_case_get_emergency         (RedialCase     *self);
void             redial_case_set_emergency         (RedialCase     *self,
                                                    gboolean        emergency);
/* Whether one of the case's calls went to voicemail: someone can listen
 * to it, even when the number is hidden. */
gboolean         redial_case_get_voicemail         (RedialCase     *self);
void             redial_case_set_voicemail         (RedialCase     *self,
                                                    gboolean        voicemail);
/* When the caller's reply that still waits for an answer came, or 0. */
gint64           redial_case_get_reply_waiting_since (RedialCase   *self);
void             redial_case_set_reply_waiting_since (RedialCase   *self,
                                                      gint64        since);
guint            redial_case_get_followups_sent    (RedialCase     *self);
void             redial_case_set_followups_sent    (RedialCase     *self,
                                                    guint           n);
/* One line about the latest message for the queue: what the caller wrote,
 * or why a text did not go out; NULL when there is nothing to say.
 * Untrusted text: show it as text, never as markup. */
const char      *redial_case_get_preview           (RedialCase     *self);
void             redial_case_set_preview           (RedialCase     *self,
                                                    const char     *preview);
/* The running timer the queue shows: when it started, and when it stopped
 * (0 while it runs). Kept current by the engine. */
gint64           redial_case_get_timer_started_at  (RedialCase     *self);
gint64           redial_case_get_timer_stopped_at  (RedialCase     *self);
void             redial_case_set_timer             (RedialCase     *self,
                                                    gint64          started_at,
                                                    gint64          stopped_at);

/* The desk user who claimed the case (the engine's "agent-name"), or
 * NULL while nobody has; and when they claimed it (Unix µs, 0). */
const char      *redial_case_get_owner             (RedialCase     *self);
void             redial_case_set_owner             (RedialCase     *self,
                                                    const char     *owner);
gint64           redial_case_get_claimed_at        (RedialCase     *self);
void             redial_case_set_claimed_at        (RedialCase     *self,
                                                    gint64          claimed_at);
/* How the case ended: meaningful only when closed-at is not 0. */
RedialCaseOutcome redial_case_get_outcome          (RedialCase     *self);
void             redial_case_set_outcome           (RedialCase     *self,
                                                    RedialCaseOutcome outcome);
/* When the case was closed (Unix µs), 0 while it is open. */
gint64           redial_case_get_closed_at         (RedialCase     *self);
void             redial_case_set_closed_at         (RedialCase     *self,
                                                    gint64          closed_at);
/* The job's value in cents when closed as booked, -1 when none was given. */
gint64           redial_case_get_job_value         (RedialCase     *self);
void             redial_case_set_job_value         (RedialCase     *self,
                                                    gint64          job_value);
/* Whether a call-back attempt waits for its outcome. */
gboolean         redial_case_get_call_back_pending (RedialCase     *self);
void             redial_case_set_call_back_pending (RedialCase     *self,
                                                    gboolean        pending);
/* What the intake answers say (kept with the answers, set by the engine):
 * a postal code outside the service area, an answer saying not a fit. */
gboolean         redial_case_get_out_of_area       (RedialCase     *self);
void             redial_case_set_out_of_area       (RedialCase     *self,
                                                    gboolean        out_of_area);
gboolean         redial_case_get_not_a_fit         (RedialCase     *self);
void             redial_case_set_not_a_fit         (RedialCase     *self,
                                                    gboolean        not_a_fit);

/* @code worded in the desk's language, with @caller_name (the caller ID
 * name) for REDIAL_KIND_REASON_SPAM_NAME; NULL for none. Free with g_free(). */
char            *redial_kind_reason_describe       (RedialKindReason  code,
                                                    const char       *caller_name);

G_END_DECLS
