/* redial-store.h: where Redial keeps its records, grouped by aggregate; SQLite is one implementation. */
#pragma once

#include <gio/gio.h>

#include "redial-appointment.h"
#include "redial-call.h"
#include "redial-case.h"
#include "redial-contact.h"
#include "redial-desk-presence.h"
#include "redial-hold.h"
#include "redial-message.h"
#include "redial-report-figures.h"
#include "redial-timeline-item.h"
#include "redial-types.h"

G_BEGIN_DECLS

#define REDIAL_STORE_ERROR (redial_store_error_quark ())

typedef enum
{
  REDIAL_STORE_ERROR_OPEN,        /* the file cannot be opened or created */
  REDIAL_STORE_ERROR_TOO_NEW,     /* written by a newer Redial */
  REDIAL_STORE_ERROR_FAILED,      /* the database refused a statement (disk full, corrupt file, …) */
  REDIAL_STORE_ERROR_NOT_FOUND,
  REDIAL_STORE_ERROR_CLAIMED,     /* another desk owns the case */
  REDIAL_STORE_ERROR_CLOSED,      /* the case is closed (or, to reopen, not closed) */
  REDIAL_STORE_ERROR_OTHER_OPEN,  /* the caller has another case open */
  REDIAL_STORE_ERROR_OVERLAP,     /* the time is taken on that resource (booked or held) */
  REDIAL_STORE_ERROR_EXPIRED,     /* the hold lapsed or was released */
  REDIAL_STORE_ERROR_STALE,       /* the business settings changed since they were read */
} RedialStoreError;

/* What recording a call did. */
typedef enum
{
  REDIAL_STORE_RECORD_NEW_CASE,   /* the call opened a new case */
  REDIAL_STORE_RECORD_JOINED,     /* the call joined the caller's open case */
  REDIAL_STORE_RECORD_DUPLICATE,  /* the provider reported this call before: nothing changed */
  REDIAL_STORE_RECORD_NO_CASE,    /* a call that belongs in no case: kept for reports */
} RedialStoreRecord;

/* What redial_store_count() counts. */
typedef enum
{
  REDIAL_STORE_COUNT_CALLS,
  REDIAL_STORE_COUNT_CASES,
  REDIAL_STORE_COUNT_OPEN_CASES,
  REDIAL_STORE_COUNT_MESSAGES,
  REDIAL_STORE_COUNT_CONTACTS,
  REDIAL_STORE_COUNT_OPT_OUTS,
  REDIAL_STORE_COUNT_OPT_OUT_AUDIT,
  REDIAL_STORE_COUNT_SLA_EVENTS,
  REDIAL_STORE_COUNT_BLOCKED,
} RedialStoreCount;

#define REDIAL_TYPE_STORE (redial_store_get_type ())
G_DECLARE_INTERFACE (RedialStore, redial_store, REDIAL, STORE, GObject)

/* A store keeps what the engine decided and decides nothing itself. Every
 * implementation is safe to call from several threads (a worker saving an
 * import beside the main loop) and keeps the once-only guarantees written
 * at each function below; tests/store/ holds the contract tests each
 * implementation must pass. */
/* One crossing of an SLA clock, as redial_store_record_sla_events() takes it. */
typedef struct
{
  gint64             case_id;
  RedialSlaClock     clock;
  gint64             episode;   /* which reply; 0 for the first response */
  RedialSlaCrossing  crossing;
  gint64             at;        /* Unix µs */
  gboolean           recorded;  /* out: recorded now, not before */
} RedialSlaEvent;

struct _RedialStoreInterface
{
  GTypeInterface parent_iface;

  /* Calls and cases */
  RedialCase    *(*record_call)          (RedialStore        *self,
                                          RedialCall         *call,
                                          gboolean            in_case,
                                          RedialStoreRecord  *record,
                                          GError            **error);
  GPtrArray     *(*list_open_cases)      (RedialStore        *self,
                                          GError            **error);
  RedialCase    *(*get_case)             (RedialStore        *self,
                                          gint64              case_id,
                                          GError            **error);
  /* Returns the case on @task, or FALSE (leaving @task alone) when
   * get_case() is to answer at once. May be NULL, as always FALSE. */
  gboolean       (*get_case_async)       (RedialStore        *self,
                                          gint64              case_id,
                                          GTask              *task);
  RedialCase    *(*find_open_case)       (RedialStore        *self,
                                          const char         *caller,
                                          GError            **error);
  RedialCase    *(*open_case)            (RedialStore        *self,
                                          const char         *caller,
                                          gint64              at,
                                          GError            **error);
  gboolean       (*update_case)          (RedialStore        *self,
                                          RedialCase         *kase,
                                          GError            **error);
  gboolean       (*close_case)           (RedialStore        *self,
                                          gint64              case_id,
                                          RedialCaseOutcome   outcome,
                                          gint64              job_value,
                                          const char         *who,
                                          gint64              closed_at,
                                          RedialTimelineItem **event,
                                          GError            **error);
  gboolean       (*reopen_case)          (RedialStore        *self,
                                          gint64              case_id,
                                          const char         *who,
                                          gint64              at,
                                          RedialTimelineItem **event,
                                          GError            **error);
  GPtrArray     *(*list_closed_cases)    (RedialStore        *self,
                                          gint64              since,
                                          GError            **error);
  GPtrArray     *(*search_cases)         (RedialStore        *self,
                                          const char         *query,
                                          guint               limit,
                                          GError            **error);

  /* Ownership and the timeline */
  gboolean       (*claim_case)           (RedialStore        *self,
                                          gint64              case_id,
                                          const char         *who,
                                          gboolean            take_over,
                                          gint64              at,
                                          char              **owner,
                                          RedialTimelineItem **event,
                                          GError            **error);
  gboolean       (*release_case)         (RedialStore        *self,
                                          gint64              case_id,
                                          const char         *who,
                                          gint64              at,
                                          RedialTimelineItem **event,
                                          GError            **error);
  gboolean       (*add_case_event)       (RedialStore        *self,
                                          RedialTimelineItem *item,
                                          gint64              case_id,
                                          GError            **error);
  gboolean       (*set_call_outcome)     (RedialStore        *self,
                                          gint64              case_id,
                                          gint64              item_id,
                                          RedialCallOutcome   outcome,
                                          GError            **error);
  GPtrArray     *(*list_timeline)        (RedialStore        *self,
                                          gint64              case_id,
                                          GError            **error);
  /* Intake */
  gboolean       (*set_intake_answer)    (RedialStore        *self,
                                          gint64              case_id,
                                          const char         *question,
                                          const char         *value,
                                          const char         *who,
                                          gint64              at,
                                          RedialTimelineItem **event,
                                          GError            **error);
  GHashTable    *(*list_intake_answers)  (RedialStore        *self,
                                          gint64              case_id,
                                          GError            **error);

  guint          (*count_calls_since)    (RedialStore        *self,
                                          gint64              case_id,
                                          gint64              since,
                                          gint64              max_ring);

  /* Messages and the outbox */
  gboolean       (*queue_text_back)      (RedialStore        *self,
                                          RedialCase         *kase,
                                          RedialMessage      *message,
                                          GError            **error);
  gboolean       (*add_message)          (RedialStore        *self,
                                          RedialMessage      *message,
                                          GError            **error);
  gboolean       (*update_message)       (RedialStore        *self,
                                          RedialMessage      *message,
                                          GError            **error);
  RedialMessage *(*find_message)         (RedialStore        *self,
                                          const char         *provider_message_id,
                                          GError            **error);
  GPtrArray     *(*list_messages)        (RedialStore        *self,
                                          gint64              case_id,
                                          GError            **error);
  GPtrArray     *(*list_unsent_messages) (RedialStore        *self,
                                          GError            **error);

  /* Contacts */
  gboolean       (*save_contact)         (RedialStore        *self,
                                          const char         *phone,
                                          const char         *name,
                                          GError            **error);
  RedialContact *(*find_contact)         (RedialStore        *self,
                                          const char         *phone,
                                          GError            **error);
  gboolean       (*save_contacts)        (RedialStore        *self,
                                          GPtrArray          *contacts,
                                          guint              *n_new,
                                          guint              *n_known,
                                          GCancellable       *cancellable,
                                          GError            **error);

  /* Opt-outs and blocks */
  gboolean       (*set_opted_out)        (RedialStore        *self,
                                          const char         *phone,
                                          gboolean            opted_out,
                                          gint64              at,
                                          const char         *message,
                                          GError            **error);
  gboolean       (*is_opted_out)         (RedialStore        *self,
                                          const char         *phone);
  gboolean       (*set_blocked)          (RedialStore        *self,
                                          const char         *phone,
                                          gboolean            blocked,
                                          const char         *reason,
                                          gint64              at,
                                          GError            **error);
  gboolean       (*is_blocked)           (RedialStore        *self,
                                          const char         *phone);

  /* SLA events */
  gboolean       (*record_sla_events)    (RedialStore        *self,
                                          RedialSlaEvent     *events,
                                          guint               n_events,
                                          GError            **error);

  gint64         (*count)                (RedialStore        *self,
                                          RedialStoreCount    what);

  /* Appointments and holds */
  gboolean       (*add_appointment)      (RedialStore        *self,
                                          RedialAppointment  *appointment,
                                          gint64              now,
                                          GError            **error);
  RedialAppointment *(*move_appointment) (RedialStore        *self,
                                          gint64              appointment_id,
                                          const char         *resource,
                                          gint64              start,
                                          gint64              end,
                                          gint64              now,
                                          GError            **error);
  RedialAppointment *(*cancel_appointment) (RedialStore      *self,
                                          gint64              appointment_id,
                                          gint64              now,
                                          GError            **error);
  RedialAppointment *(*get_appointment)  (RedialStore        *self,
                                          gint64              appointment_id,
                                          GError            **error);
  GPtrArray     *(*list_appointments)    (RedialStore        *self,
                                          gint64              from,
                                          gint64              to,
                                          const char         *resource,
                                          GError            **error);
  GPtrArray     *(*list_case_appointments) (RedialStore      *self,
                                          gint64              case_id,
                                          GError            **error);
  gboolean       (*set_appointment_caldav) (RedialStore      *self,
                                          gint64              appointment_id,
                                          const char         *href,
                                          const char         *etag,
                                          gboolean            conflict,
                                          GError            **error);
  gboolean       (*set_appointment_published) (RedialStore   *self,
                                          gint64              appointment_id,
                                          guint               sequence,
                                          GError            **error);
  GPtrArray     *(*list_appointments_with_cancelled) (RedialStore *self,
                                          gint64              from,
                                          gint64              to,
                                          const char         *resource,
                                          GError            **error);
  gboolean       (*add_hold)             (RedialStore        *self,
                                          RedialHold         *hold,
                                          gint64              now,
                                          GError            **error);
  GPtrArray     *(*list_holds)           (RedialStore        *self,
                                          gint64              from,
                                          gint64              to,
                                          gint64              now,
                                          GError            **error);
  GPtrArray     *(*list_case_holds)      (RedialStore        *self,
                                          gint64              case_id,
                                          gint64              now,
                                          GError            **error);
  gboolean       (*release_holds)        (RedialStore        *self,
                                          gint64              case_id,
                                          GError            **error);
  gboolean       (*take_hold)            (RedialStore        *self,
                                          gint64              hold_id,
                                          RedialAppointment  *appointment,
                                          gint64              now,
                                          GError            **error);

  /* Reports */
  RedialReportFigures *(*compute_report) (RedialStore             *self,
                                          const RedialReportQuery *query,
                                          GError                 **error);
  int            (*record_day_summary)   (RedialStore        *self,
                                          const char         *day,
                                          gint64              at,
                                          GError            **error);

  /* Presence: NULL in a store no other desk shares (just this desk,
   * kept in memory: see redial-store-presence.c) */
  gboolean       (*announce_desk)        (RedialStore              *self,
                                          const RedialDeskPresence *desk,
                                          GError                  **error);
  gboolean       (*withdraw_desk)        (RedialStore        *self,
                                          const char         *desk_id,
                                          GError            **error);
  GPtrArray     *(*list_desks)           (RedialStore        *self,
                                          gint64              now,
                                          GError            **error);

  /* Business settings */
  gboolean       (*get_settings)         (RedialStore        *self,
                                          gint64             *version,
                                          char              **data,
                                          char              **written_by,
                                          gint64             *written_at,
                                          GError            **error);
  gboolean       (*put_settings)         (RedialStore        *self,
                                          const char         *data,
                                          gint64              expected,
                                          const char         *who,
                                          gint64              at,
                                          gint64             *version,
                                          GError            **error);
};

GQuark       redial_store_error_quark          (void);

/* Where Redial keeps its records unless told otherwise:
 * $XDG_DATA_HOME/redial/redial.db. Free with g_free(). */
char        *redial_store_default_path         (void);

/* Opens the embedded store (SQLite) at @path, creating it and its folder
 * if needed and bringing its schema up to date; or, when @path is a
 * postgresql:// URL, the shared store there (its password from libpq's
 * own places: see redial_pg_store_open()). Fails with
 * REDIAL_STORE_ERROR_OPEN, or REDIAL_STORE_ERROR_TOO_NEW for a file written
 * by a newer version, which is left untouched. Returns a new reference. */
RedialStore *redial_store_open                 (const char         *path,
                                                GError            **error);

/* ── Calls and cases ── */

/* Records @call in one transaction. The call row is written once per
 * provider and provider call id: a call reported again changes nothing
 * and gives REDIAL_STORE_RECORD_DUPLICATE with the case the first report
 * went to. Otherwise, when @in_case (the engine's decision: a missed
 * call), the call joins its caller's open case or opens one (a call
 * without a number always opens one); a new case takes the call's caller
 * name and line label as they are. The case says whether one of its
 * calls, this one included, went to voicemail. Sets @call's id and case id. Returns
 * the case (a new reference; NULL for a call in no case or on error). */
RedialCase  *redial_store_record_call          (RedialStore        *self,
                                                RedialCall         *call,
                                                gboolean            in_case,
                                                RedialStoreRecord  *record,
                                                GError            **error);
/* Open cases, oldest first. Returns a new GPtrArray of RedialCase. */
GPtrArray   *redial_store_list_open_cases      (RedialStore        *self,
                                                GError            **error);
/* The case @case_id (a new reference), or NULL with
 * REDIAL_STORE_ERROR_NOT_FOUND. */
RedialCase  *redial_store_get_case             (RedialStore        *self,
                                                gint64              case_id,
                                                GError            **error);
/* Reads the case @case_id as redial_store_get_case() does, without
 * blocking the main loop where the store is on a server: @callback is
 * called on the thread-default main context, and
 * redial_store_get_case_finish() gives the case. A read started before
 * this desk changed the case answers with the change. */
void         redial_store_get_case_async       (RedialStore         *self,
                                                gint64               case_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
RedialCase  *redial_store_get_case_finish      (RedialStore         *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* The open case of @caller (E.164), or NULL without error when there is none. */
RedialCase  *redial_store_find_open_case       (RedialStore        *self,
                                                const char         *caller,
                                                GError            **error);
/* Opens a case for @caller (E.164) that began with a text rather than a
 * call, at @at, under the name the contacts have for the number. Returns
 * the new case (a new reference). */
RedialCase  *redial_store_open_case            (RedialStore        *self,
                                                const char         *caller,
                                                gint64              at,
                                                GError            **error);
/* Writes @kase's changing fields: name, line, state, first response, … */
gboolean     redial_store_update_case          (RedialStore        *self,
                                                RedialCase         *kase,
                                                GError            **error);
/* Closes an open case with @outcome and @job_value (cents, -1 for none)
 * at @closed_at, done by @who (a desk user, or NULL for Redial itself),
 * with a CLOSED timeline event in the same transaction; a closed case
 * stays as it was (no error). The caller's next call opens a new case.
 *
 * Here and in the claim, release and reopen below, @event (may be NULL)
 * receives the timeline event written (a new reference, with its id),
 * or NULL when nothing was written: what a view following the case shows. */
gboolean     redial_store_close_case           (RedialStore        *self,
                                                gint64              case_id,
                                                RedialCaseOutcome   outcome,
                                                gint64              job_value,
                                                const char         *who,
                                                gint64              closed_at,
                                                RedialTimelineItem **event,
                                                GError            **error);
/* Reopens a closed case at @at for @who, with a REOPENED event: its
 * outcome, job value and closing time are cleared, and it is open again
 * as it stood (new, responded or replied). Fails with
 * REDIAL_STORE_ERROR_OTHER_OPEN and a sentence when the caller has
 * another case open (a caller has one open case at a time), and with
 * REDIAL_STORE_ERROR_CLOSED when the case is not closed. */
gboolean     redial_store_reopen_case          (RedialStore        *self,
                                                gint64              case_id,
                                                const char         *who,
                                                gint64              at,
                                                RedialTimelineItem **event,
                                                GError            **error);
/* Cases closed at or after @since, newest first: a new GPtrArray of RedialCase. */
GPtrArray   *redial_store_list_closed_cases    (RedialStore        *self,
                                                gint64              since,
                                                GError            **error);
/* Cases, open and closed, newest first, at most @limit (0: no limit),
 * whose caller name contains @query (case-insensitive), or whose number
 * contains the digits of @query when it has at least three (matched
 * against the E.164 number and the caller ID as received, so "(555)
 * 123-4567", "555.123.4567" and "+1 555 123 4567" all find +15551234567;
 * a leading trunk 0 is dropped). Every character of @query is literal
 * (% and _ included). A blank query finds nothing. */
GPtrArray   *redial_store_search_cases         (RedialStore        *self,
                                                const char         *query,
                                                guint               limit,
                                                GError            **error);
/* Calls of case @case_id since @since that rang at most @max_ring µs
 * (a caller's repeat calls join their open case, so these are all of
 * them while it is open). */
guint        redial_store_count_calls_since    (RedialStore        *self,
                                                gint64              case_id,
                                                gint64              since,
                                                gint64              max_ring);

/* ── Ownership and the timeline ── */

/* Claims the open case @case_id for @who at @at, atomically across
 * processes sharing the database: the decision is one conditional UPDATE
 * in a write transaction. Succeeds when the case is unclaimed (a CLAIM
 * event), already @who's (nothing written), or, when @take_over, another
 * desk's (a TAKE_OVER event naming the previous owner). Otherwise FALSE
 * with REDIAL_STORE_ERROR_CLAIMED, and *@owner (when @owner is not NULL;
 * free with g_free()) set to who has it; REDIAL_STORE_ERROR_CLOSED for a
 * closed case, _NOT_FOUND for none. */
gboolean     redial_store_claim_case           (RedialStore        *self,
                                                gint64              case_id,
                                                const char         *who,
                                                gboolean            take_over,
                                                gint64              at,
                                                char              **owner,
                                                RedialTimelineItem **event,
                                                GError            **error);
/* Releases @case_id, which only its owner @who can (a RELEASE event);
 * fails with REDIAL_STORE_ERROR_CLAIMED otherwise. Releasing a case
 * nobody owns does nothing. */
gboolean     redial_store_release_case         (RedialStore        *self,
                                                gint64              case_id,
                                                const char         *who,
                                                gint64              at,
                                                RedialTimelineItem **event,
                                                GError            **error);
/* Records @item (a NOTE, CALL_BACK, …: an event of the case itself, not
 * a call, text, SLA crossing or opt-out, which have their own records)
 * in @case_id's timeline and sets its id. */
gboolean     redial_store_add_case_event       (RedialStore        *self,
                                                RedialTimelineItem *item,
                                                gint64              case_id,
                                                GError            **error);
/* Sets the outcome of the CALL_BACK event @item_id of @case_id;
 * REDIAL_STORE_ERROR_NOT_FOUND when there is no such attempt. */
gboolean     redial_store_set_call_outcome     (RedialStore        *self,
                                                gint64              case_id,
                                                gint64              item_id,
                                                RedialCallOutcome   outcome,
                                                GError            **error);
/* The timeline of @case_id, oldest first: a new GPtrArray of
 * RedialTimelineItem interleaving its calls (and the caller's answered
 * calls, which join no case, while it was open), messages, events (notes,
 * call-backs, claims, closing, …), SLA crossings, and the opt-outs and
 * opt-ins of its number while the case was open. One indexed query per
 * source. */
GPtrArray   *redial_store_list_timeline        (RedialStore        *self,
                                                gint64              case_id,
                                                GError            **error);

/* ── Intake ── */

/* Keeps @value as @case_id's answer to @question (a question key), or
 * forgets the answer when @value is NULL, with an INTAKE event by @who at
 * @at in the same transaction (@event, may be NULL, receives it: a new
 * reference). Answering again with the same value changes nothing and
 * writes no event (@event is then NULL). The store does not check the
 * answer: the engine has, against the business's questions. */
gboolean     redial_store_set_intake_answer    (RedialStore        *self,
                                                gint64              case_id,
                                                const char         *question,
                                                const char         *value,
                                                const char         *who,
                                                gint64              at,
                                                RedialTimelineItem **event,
                                                GError            **error);
/* @case_id's answers: a new GHashTable of question key → value (strings). */
GHashTable  *redial_store_list_intake_answers  (RedialStore        *self,
                                                gint64              case_id,
                                                GError            **error);

/* ── Messages and the outbox ── */

/* The outbox rule: in one transaction, marks @kase texted back and inserts
 * @message as queued, so that the text exists before any gateway is asked to
 * send it. Returns FALSE without error when the case was texted back before
 * (nothing is inserted then): a case is texted back once, whichever copy
 * of it is passed. */
gboolean     redial_store_queue_text_back      (RedialStore        *self,
                                                RedialCase         *kase,
                                                RedialMessage      *message,
                                                GError            **error);
/* Inserts @message and sets its id. */
gboolean     redial_store_add_message          (RedialStore        *self,
                                                RedialMessage      *message,
                                                GError            **error);
/* Writes @message's status, provider id, error and hand-off time. */
gboolean     redial_store_update_message       (RedialStore        *self,
                                                RedialMessage      *message,
                                                GError            **error);
/* The message the gateway knows as @provider_message_id (a new reference),
 * or NULL without error. */
RedialMessage *redial_store_find_message       (RedialStore        *self,
                                                const char         *provider_message_id,
                                                GError            **error);
/* Messages of a case, oldest first: a new GPtrArray of RedialMessage. */
GPtrArray   *redial_store_list_messages        (RedialStore        *self,
                                                gint64              case_id,
                                                GError            **error);
/* The outbox after a restart: outbound texts still queued with no gateway
 * id, oldest first (a new GPtrArray of RedialMessage). Those with an
 * attempted-at were being handed to the gateway when Redial stopped. */
GPtrArray   *redial_store_list_unsent_messages (RedialStore        *self,
                                                GError            **error);

/* ── Contacts ── */

/* Saves @name (NULL for none) for @phone (E.164), one contact per number. */
gboolean     redial_store_save_contact         (RedialStore        *self,
                                                const char         *phone,
                                                const char         *name,
                                                GError            **error);
/* The contact of @phone (a new reference), or NULL without error. */
RedialContact *redial_store_find_contact       (RedialStore        *self,
                                                const char         *phone,
                                                GError            **error);
/* Saves @contacts (RedialContact; their ids are ignored) in file order, in
 * short batches so that other callers are not locked out for long: a
 * number the store knows gets the new name, or keeps its own when the new
 * one is NULL. Counts in @n_new and @n_known (either may be NULL) the
 * numbers new to the store and those it had (an earlier entry of
 * @contacts included). Runs in the calling thread; on an error or
 * cancellation the batches saved until then stay saved. */
gboolean     redial_store_save_contacts        (RedialStore        *self,
                                                GPtrArray          *contacts,
                                                guint              *n_new,
                                                guint              *n_known,
                                                GCancellable       *cancellable,
                                                GError            **error);
/* The same in a worker thread, for a window's main loop: @contacts must
 * not change until the callback runs. */
void         redial_store_save_contacts_async  (RedialStore        *self,
                                                GPtrArray          *contacts,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
gboolean     redial_store_save_contacts_finish (RedialStore        *self,
                                                GAsyncResult       *result,
                                                guint              *n_new,
                                                guint              *n_known,
                                                GError            **error);

/* ── Opt-outs and blocks ── */

/* Opts @phone out (or back in) for good, with an audit row per change
 * keeping @message, the caller's words. */
gboolean     redial_store_set_opted_out        (RedialStore        *self,
                                                const char         *phone,
                                                gboolean            opted_out,
                                                gint64              at,
                                                const char         *message,
                                                GError            **error);
/* Whether @phone is opted out; TRUE when the store cannot tell, since the
 * safe answer is "do not text". */
gboolean     redial_store_is_opted_out         (RedialStore        *self,
                                                const char         *phone);
/* Adds @phone to the block list with @reason, or takes it off. */
gboolean     redial_store_set_blocked          (RedialStore        *self,
                                                const char         *phone,
                                                gboolean            blocked,
                                                const char         *reason,
                                                gint64              at,
                                                GError            **error);
/* Whether @phone is on the block list; FALSE when the store cannot tell. */
gboolean     redial_store_is_blocked           (RedialStore        *self,
                                                const char         *phone);

/* ── SLA events ── */

/* Records that a case's @clock crossed @crossing in @episode (which
 * reply). Returns 1 when recorded now, 0 when it was recorded before (the
 * event is raised once per case, clock, episode and crossing, restarts
 * included), -1 on error. */
int          redial_store_record_sla_event     (RedialStore        *self,
                                                gint64              case_id,
                                                RedialSlaClock      clock,
                                                gint64              episode,
                                                RedialSlaCrossing   crossing,
                                                gint64              at,
                                                GError            **error);

/* Records @n_events crossings in one transaction, setting each one's
 * recorded to TRUE when it is recorded now and FALSE when it was before
 * (as redial_store_record_sla_event() says). All or none: on error none
 * is recorded and FALSE is returned. */
gboolean     redial_store_record_sla_events    (RedialStore        *self,
                                                RedialSlaEvent     *events,
                                                guint               n_events,
                                                GError            **error);

/* Counts for tests, tools and reports; -1 when the store cannot tell or
 * @what is no RedialStoreCount. */
gint64       redial_store_count                (RedialStore        *self,
                                                RedialStoreCount    what);

/* ── Appointments and holds ── */

/* An appointment is booked on one resource from its start to its end
 * (Unix µs); touching ends do not overlap. Writes that put one on a
 * resource check, in their own transaction, that no other booked
 * appointment and no other case's unexpired hold of that resource
 * overlaps it, and otherwise fail with REDIAL_STORE_ERROR_OVERLAP and a
 * sentence naming the one in the way: so two desks on one store can
 * never double-book. @now (Unix µs) says which holds have lapsed. */

/* Adds @appointment (booked; its id is ignored) and sets its id, its uid
 * when it has none ("<random>@redial"), sequence 0, and created-at and
 * updated-at to @now. The case's own holds do not stand in its way. */
gboolean     redial_store_add_appointment      (RedialStore        *self,
                                                RedialAppointment  *appointment,
                                                gint64              now,
                                                GError            **error);
/* Moves or resizes booked appointment @appointment_id to [@start, @end)
 * on @resource (NULL: its own), with the same overlap rule (itself
 * aside), sequence + 1 and updated-at @now. Returns the appointment as
 * it now is (a new reference), or NULL: NOT_FOUND, CLOSED for a
 * cancelled one, OVERLAP. */
RedialAppointment *redial_store_move_appointment (RedialStore      *self,
                                                gint64              appointment_id,
                                                const char         *resource,
                                                gint64              start,
                                                gint64              end,
                                                gint64              now,
                                                GError            **error);
/* Cancels @appointment_id: its time is free again; sequence + 1. Returns
 * it as it now is (a new reference), or NULL with NOT_FOUND; cancelling
 * twice changes nothing the second time. */
RedialAppointment *redial_store_cancel_appointment (RedialStore    *self,
                                                gint64              appointment_id,
                                                gint64              now,
                                                GError            **error);
/* The appointment @appointment_id (a new reference), or NULL with NOT_FOUND. */
RedialAppointment *redial_store_get_appointment (RedialStore       *self,
                                                gint64              appointment_id,
                                                GError            **error);
/* The booked appointments overlapping [@from, @to), of @resource only
 * unless it is NULL, ordered by start: a new GPtrArray of
 * RedialAppointment. */
GPtrArray   *redial_store_list_appointments    (RedialStore        *self,
                                                gint64              from,
                                                gint64              to,
                                                const char         *resource,
                                                GError            **error);
/* A case's appointments, cancelled ones included, ordered by start. */
GPtrArray   *redial_store_list_case_appointments (RedialStore      *self,
                                                gint64              case_id,
                                                GError            **error);
/* Keeps the CalDAV copy's state of @appointment_id: its @href and @etag
 * (either may be NULL) and whether the server had another version. The
 * sequence does not change: this is no change to the appointment. */
gboolean     redial_store_set_appointment_caldav (RedialStore      *self,
                                                gint64              appointment_id,
                                                const char         *href,
                                                const char         *etag,
                                                gboolean            conflict,
                                                GError            **error);
/* Records that the CalDAV copy of @appointment_id now carries SEQUENCE
 * @sequence (its published sequence). When @sequence is above the
 * appointment's own, the appointment's is raised to it, so that its next
 * change goes above what the calendar has; nothing else changes. A
 * store that keeps no published sequence does nothing and succeeds. */
gboolean     redial_store_set_appointment_published (RedialStore   *self,
                                                gint64              appointment_id,
                                                guint               sequence,
                                                GError            **error);
/* The appointments overlapping [@from, @to), booked and cancelled alike,
 * of @resource only unless it is NULL, ordered by start: a new GPtrArray
 * of RedialAppointment. (A store that cannot tell lists the booked ones.) */
GPtrArray   *redial_store_list_appointments_with_cancelled (RedialStore *self,
                                                gint64              from,
                                                gint64              to,
                                                const char         *resource,
                                                GError            **error);

/* Holds @hold's slot for its case until its expiry, and sets its id. A
 * hold blocks bookings and holds of other cases on the same resource
 * (the overlap rule above), never its own case's. */
gboolean     redial_store_add_hold             (RedialStore        *self,
                                                RedialHold         *hold,
                                                gint64              now,
                                                GError            **error);
/* Holds unexpired at @now overlapping [@from, @to), ordered by start: a
 * new GPtrArray of RedialHold. */
GPtrArray   *redial_store_list_holds           (RedialStore        *self,
                                                gint64              from,
                                                gint64              to,
                                                gint64              now,
                                                GError            **error);
/* A case's holds unexpired at @now, ordered by start. */
GPtrArray   *redial_store_list_case_holds      (RedialStore        *self,
                                                gint64              case_id,
                                                gint64              now,
                                                GError            **error);
/* Releases every hold of @case_id (none is no error). */
gboolean     redial_store_release_holds        (RedialStore        *self,
                                                gint64              case_id,
                                                GError            **error);
/* Books the slot of hold @hold_id, in one transaction: @appointment
 * (its case, job type, address and caller; resource, start and end are
 * set from the hold) is added as redial_store_add_appointment() adds it,
 * and every hold of the case is released. Fails with
 * REDIAL_STORE_ERROR_EXPIRED when the hold lapsed before @now or was
 * released, and with OVERLAP when the time was booked meanwhile. */
gboolean     redial_store_take_hold            (RedialStore        *self,
                                                gint64              hold_id,
                                                RedialAppointment  *appointment,
                                                gint64              now,
                                                GError            **error);

/* ── Reports ── */

/* The owner's report for @query's period, every figure as the README
 * ("Reports") defines it, read in one snapshot (a read transaction, so a
 * Redial writing meanwhile neither waits nor shows half a change). Safe
 * to call from a worker thread. Returns new figures (free with
 * redial_report_figures_free()), or NULL with REDIAL_STORE_ERROR_FAILED. */
RedialReportFigures *redial_store_compute_report (RedialStore             *self,
                                                  const RedialReportQuery *query,
                                                  GError                 **error);

/* Records that the end-of-day summary of @day (the business's date,
 * "2026-11-30") goes out at @at: once per day for the whole office,
 * whichever process asks first, restarts included. Returns 1 when
 * recorded now (the caller sends it), 0 when it was before, -1 on error. */
int          redial_store_record_day_summary    (RedialStore             *self,
                                                  const char              *day,
                                                  gint64                   at,
                                                  GError                 **error);

/* ── Presence ── */

/* Who is at which desk. A running desk announces itself, refreshes that
 * every few seconds (REDIAL_DESK_REFRESH_US) and withdraws on a clean
 * quit; a desk not seen for REDIAL_DESK_STALE_US (killed, network gone)
 * is gone. When another desk's presence changes (it came, went, or
 * opened or put down a case) the store emits ::presence-changed on the
 * main context that follows it; a desk merely seen again changes
 * nothing. A store no other desk shares (SQLite) knows just this desk. */

/* Announces @desk, or refreshes it when its desk id is known: its name,
 * computer, open case and last seen time are replaced by @desk's. */
gboolean     redial_store_announce_desk        (RedialStore              *self,
                                                const RedialDeskPresence *desk,
                                                GError                  **error);
/* Withdraws desk @desk_id (a desk quitting cleanly); an unknown desk is
 * no error. */
gboolean     redial_store_withdraw_desk        (RedialStore        *self,
                                                const char         *desk_id,
                                                GError            **error);
/* The desks seen less than REDIAL_DESK_STALE_US before @now (Unix µs),
 * this one included, ordered by name then desk id: a new GPtrArray of
 * RedialDeskPresence. */
GPtrArray   *redial_store_list_desks           (RedialStore        *self,
                                                gint64              now,
                                                GError            **error);

/* ── Business settings ── */

/* The business settings every desk sharing the store goes by (hours,
 * SLA targets, templates, resources, the intake profile…: the
 * business-wide groups of a settings file, as keyfile text), kept as
 * numbered versions, each with who wrote it and when. A store announces
 * each new version with RedialStore::settings-changed. */

/* The newest version of the business settings: *@version (1, 2, …) and
 * *@data (when not NULL), its keyfile text (free with g_free()); and,
 * when not NULL, *@written_by (free with g_free()) and *@written_at
 * (Unix µs). With none
 * written yet, TRUE with *@version 0 and *@data NULL. FALSE with
 * REDIAL_STORE_ERROR_FAILED when the database cannot be read. */
gboolean     redial_store_get_settings           (RedialStore             *self,
                                                  gint64                  *version,
                                                  char                   **data,
                                                  char                   **written_by,
                                                  gint64                  *written_at,
                                                  GError                 **error);
/* Writes @data as the next version of the business settings, written by
 * @who at @at, if the newest is still @expected (0: none yet): a
 * compare-and-set, in one transaction that also announces the new
 * version to every desk. Sets *@version (may be NULL) to the version
 * written. When another writer got there first, nothing is written and
 * it fails with REDIAL_STORE_ERROR_STALE and a sentence saying who
 * changed them and when. The store does not read @data. */
gboolean     redial_store_put_settings           (RedialStore             *self,
                                                  const char              *data,
                                                  gint64                   expected,
                                                  const char              *who,
                                                  gint64                   at,
                                                  gint64                  *version,
                                                  GError                 **error);

G_END_DECLS
