/* redial-store.h: Redial's records in one SQLite file: calls, cases, messages, contacts, opt-outs. */
#pragma once

#include <gio/gio.h>

#include "redial-call.h"
#include "redial-case.h"
#include "redial-contact.h"
#include "redial-message.h"

G_BEGIN_DECLS

#define REDIAL_STORE_ERROR (redial_store_error_quark ())

typedef enum
{
  REDIAL_STORE_ERROR_OPEN,        /* the file cannot be opened or created */
  REDIAL_STORE_ERROR_TOO_NEW,     /* written by a newer Redial */
  REDIAL_STORE_ERROR_FAILED,      /* SQLite refused a statement (disk full, corrupt file, …) */
  REDIAL_STORE_ERROR_NOT_FOUND,
} RedialStoreError;

/* What recording a call did. */
typedef enum
{
  REDIAL_STORE_RECORD_NEW_CASE,   /* a missed call opened a new case */
  REDIAL_STORE_RECORD_JOINED,     /* a missed call joined the caller's open case */
  REDIAL_STORE_RECORD_DUPLICATE,  /* the provider reported this call before: nothing changed */
  REDIAL_STORE_RECORD_ANSWERED,   /* an answered call: kept for reports, no case */
} RedialStoreRecord;

#define REDIAL_TYPE_STORE (redial_store_get_type ())
G_DECLARE_FINAL_TYPE (RedialStore, redial_store, REDIAL, STORE, GObject)

GQuark       redial_store_error_quark          (void);

/* $XDG_DATA_HOME/redial/redial.db. Free with g_free(). */
char        *redial_store_default_path         (void);

/* Opens (creating it and its folder if needed) the database at @path and
 * brings its schema up to date with forward migrations. A store is used from
 * one thread. Fails with REDIAL_STORE_ERROR_TOO_NEW for a file written by a
 * newer version, which is left untouched. */
RedialStore *redial_store_open                 (const char         *path,
                                                GError            **error);

const char  *redial_store_get_path             (RedialStore        *self);
/* The schema version this build writes, and the file's. */
int          redial_store_get_latest_version   (void);
int          redial_store_get_schema_version   (RedialStore        *self);

/* Records @call in one transaction: the call row (a no-op when the same
 * provider call id was stored before), then for a missed call the caller's
 * open case, joined or opened. Sets @call's id and case id. Returns the case
 * (a new reference; NULL for an answered call or on error). */
RedialCase  *redial_store_record_call          (RedialStore        *self,
                                                RedialCall         *call,
                                                RedialStoreRecord  *record,
                                                GError            **error);

/* Open cases, oldest first. Returns a GPtrArray of RedialCase. */
GPtrArray   *redial_store_list_open_cases      (RedialStore        *self,
                                                GError            **error);
RedialCase  *redial_store_get_case             (RedialStore        *self,
                                                gint64              case_id,
                                                GError            **error);
/* The open case of @caller (E.164), or NULL without error when there is none. */
RedialCase  *redial_store_find_open_case       (RedialStore        *self,
                                                const char         *caller,
                                                GError            **error);
/* Opens a case for @caller (E.164) that began with a text rather than a
 * call, at @at. Returns the new case. */
RedialCase  *redial_store_open_case            (RedialStore        *self,
                                                const char         *caller,
                                                gint64              at,
                                                GError            **error);
/* Writes @kase's changing fields: name, line, state, first response, … */
gboolean     redial_store_update_case          (RedialStore        *self,
                                                RedialCase         *kase,
                                                GError            **error);
/* Closes a case with @outcome ("booked", "lost", "spam", …) at @closed_at. */
gboolean     redial_store_close_case           (RedialStore        *self,
                                                gint64              case_id,
                                                const char         *outcome,
                                                gint64              closed_at,
                                                GError            **error);

/* The outbox rule: in one transaction, marks @kase texted back and inserts
 * @message as queued, so that the text exists before any gateway is asked to
 * send it. Returns FALSE without error when the case was texted back before
 * (nothing is inserted then). */
gboolean     redial_store_queue_text_back      (RedialStore        *self,
                                                RedialCase         *kase,
                                                RedialMessage      *message,
                                                GError            **error);
/* Inserts @message and sets its id. */
gboolean     redial_store_add_message          (RedialStore        *self,
                                                RedialMessage      *message,
                                                GError            **error);
/* Writes @message's status, provider id and error. */
gboolean     redial_store_update_message       (RedialStore        *self,
                                                RedialMessage      *message,
                                                GError            **error);
/* The message the gateway knows as @provider_message_id, or NULL without error. */
RedialMessage *redial_store_find_message       (RedialStore        *self,
                                                const char         *provider_message_id,
                                                GError            **error);
/* Messages of a case, oldest first: a GPtrArray of RedialMessage. */
GPtrArray   *redial_store_list_messages        (RedialStore        *self,
                                                gint64              case_id,
                                                GError            **error);

/* Opt-outs, kept for good with an audit row per change. */
gboolean     redial_store_set_opted_out        (RedialStore        *self,
                                                const char         *phone,
                                                gboolean            opted_out,
                                                gint64              at,
                                                const char         *message,
                                                GError            **error);
gboolean     redial_store_is_opted_out         (RedialStore        *self,
                                                const char         *phone);

/* Contacts, one per number. */
gboolean     redial_store_save_contact         (RedialStore        *self,
                                                const char         *phone,
                                                const char         *name,
                                                GError            **error);
RedialContact *redial_store_find_contact       (RedialStore        *self,
                                                const char         *phone,
                                                GError            **error);

/* The outbox after a restart: outbound texts still queued with no gateway
 * id, oldest first. Those with an attempted-at were being handed to the
 * gateway when Redial stopped. */
GPtrArray   *redial_store_list_unsent_messages (RedialStore        *self,
                                                GError            **error);

/* Records that a case's @clock ("first-response", "reply") crossed @level
 * ("warning", "breach", "escalation") in @episode (which reply). Returns 1
 * when recorded now, 0 when it was recorded before (the event is raised
 * once, restarts included), -1 on error. */
int          redial_store_record_sla_event     (RedialStore        *self,
                                                gint64              case_id,
                                                const char         *clock,
                                                gint64              episode,
                                                const char         *level,
                                                gint64              at,
                                                GError            **error);

/* The block list. */
gboolean     redial_store_set_blocked          (RedialStore        *self,
                                                const char         *phone,
                                                gboolean            blocked,
                                                const char         *reason,
                                                gint64              at,
                                                GError            **error);
gboolean     redial_store_is_blocked           (RedialStore        *self,
                                                const char         *phone);
/* Calls of case @case_id since @since that rang at most @max_ring µs
 * (a caller's repeat calls join their open case, so these are all of
 * them while it is open). */
guint        redial_store_count_calls_since    (RedialStore        *self,
                                                gint64              case_id,
                                                gint64              since,
                                                gint64              max_ring);

/* Counts for tests, tools and reports. */
gint64       redial_store_count                (RedialStore        *self,
                                                const char         *table);

G_END_DECLS
