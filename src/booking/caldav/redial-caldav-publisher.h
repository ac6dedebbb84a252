/* redial-caldav-publisher.h: keeps the business's CalDAV calendar in step with Redial's appointments. */
#pragma once

#include <gio/gio.h>

#include "redial-appointment.h"
#include "redial-caldav-client.h"
#include "redial-clock.h"
#include "redial-ics.h"
#include "redial-store.h"

G_BEGIN_DECLS

/* The keyring's name for the CalDAV password. */
#define REDIAL_CALDAV_PASSWORD_NAME "caldav/password"

#define REDIAL_TYPE_CALDAV_PUBLISHER (redial_caldav_publisher_get_type ())
G_DECLARE_FINAL_TYPE (RedialCaldavPublisher, redial_caldav_publisher, REDIAL, CALDAV_PUBLISHER, GObject)

/* A publisher of @store's appointments into the collection @client
 * writes to, their times in @tz, retrying on @clock. It reads its
 * password with redial_caldav_publisher_start(), from @secret_file (a
 * 0600 file) or, when that is NULL, from the keyring. */
RedialCaldavPublisher *redial_caldav_publisher_new           (RedialClock           *clock,
                                                              RedialStore           *store,
                                                              GTimeZone             *tz,
                                                              RedialCaldavClient    *client,
                                                              const char            *secret_file);
/* The publisher the [caldav] settings of @keyfile describe (url,
 * username, secret-file), or NULL with @error unset when there is no
 * [caldav] url. Fails, naming @source, group and key, for a url that is
 * not https (http only to this computer), a missing username or a
 * secret file others may read. */
RedialCaldavPublisher *redial_caldav_publisher_new_from_keyfile (RedialClock        *clock,
                                                              RedialStore           *store,
                                                              GTimeZone             *tz,
                                                              GKeyFile              *keyfile,
                                                              const char            *source,
                                                              GError               **error);

RedialCaldavClient    *redial_caldav_publisher_get_client    (RedialCaldavPublisher *self);
/* Loads the password (unless one was set), then publishes what was
 * asked for meanwhile and what the sync pass finds. */
void                   redial_caldav_publisher_start         (RedialCaldavPublisher *self);
/* Uses @password from now on, and tries again what waited for it. */
void                   redial_caldav_publisher_set_password  (RedialCaldavPublisher *self,
                                                              const char            *password);
/* Resolves appointment @appointment_id's conflict with Redial's version:
 * reads the calendar's copy (its ETag and SEQUENCE), then replaces it
 * with Redial's (If-Match: that ETag; created again with If-None-Match:
 * * when it is gone), its SEQUENCE above the calendar's, which the store
 * keeps as the appointment's. On success the conflict is cleared and
 * "published" emitted; a copy changed again meanwhile (412) fails with
 * REDIAL_CALDAV_ERROR_CONFLICT and the conflict stays. Runs whether the
 * publisher is started or not, beside its queue. */
void                   redial_caldav_publisher_keep_ours_async  (RedialCaldavPublisher *self,
                                                              gint64                 appointment_id,
                                                              GCancellable          *cancellable,
                                                              GAsyncReadyCallback    callback,
                                                              gpointer               user_data);
gboolean               redial_caldav_publisher_keep_ours_finish (RedialCaldavPublisher *self,
                                                              GAsyncResult          *result,
                                                              GError               **error);
/* Reads what the calendar has of appointment @appointment_id (GET of its
 * href). _finish fills @event (a copy deleted there reads as cancelled)
 * and the copy's ETag (@etag, NULL when deleted; free with g_free()), or
 * fails in REDIAL_CALDAV_ERROR (GONE for one never published) or with
 * G_IO_ERROR_INVALID_DATA for a copy without a start. */
void                   redial_caldav_publisher_read_theirs_async  (RedialCaldavPublisher *self,
                                                              gint64                 appointment_id,
                                                              GCancellable          *cancellable,
                                                              GAsyncReadyCallback    callback,
                                                              gpointer               user_data);
gboolean               redial_caldav_publisher_read_theirs_finish (RedialCaldavPublisher *self,
                                                              GAsyncResult          *result,
                                                              RedialIcsEvent        *event,
                                                              char                 **etag,
                                                              GError               **error);
/* Records that appointment @appointment_id now matches the calendar's
 * copy read with read_theirs (its @etag and SEQUENCE @sequence; @etag
 * NULL: deleted there): the conflict is cleared, and nothing is
 * published until it changes again. The caller moves or cancels the
 * appointment to match first. */
gboolean               redial_caldav_publisher_accept_theirs (RedialCaldavPublisher *self,
                                                              gint64                 appointment_id,
                                                              const char            *etag,
                                                              guint                  sequence,
                                                              GError               **error);
/* Publishes appointment @appointment as the store now has it: created
 * (If-None-Match: *) the first time, replaced (If-Match: its stored
 * ETag) after a change or a cancellation. Requests go one at a time, in
 * order; an appointment asked for twice before its turn goes once. The
 * stored href and ETag follow each success ("published"); a 412 marks
 * it as in conflict in the store and emits "conflict": the server's
 * copy is never overwritten, and it is not published again. A refused
 * password stops publishing until a new one is set; no answer or a 5xx
 * is retried later, waiting longer each time. */
void                   redial_caldav_publisher_publish       (RedialCaldavPublisher *self,
                                                              RedialAppointment     *appointment);
/* Publishes the appointments of case @case_id that changed since this
 * publisher last published them, or that it has not published yet (a
 * copy already up to date is replaced by the same, with If-Match: no
 * harm): what a change to the case calls. */
void                   redial_caldav_publisher_publish_case  (RedialCaldavPublisher *self,
                                                              gint64                 case_id);
/* Publishes the appointments from a week ago on that are not in
 * conflict and that the calendar lacks: booked ones never published (no
 * href), and those changed since they were last published (their
 * sequence above the published one: moved or cancelled while the server
 * was away or Redial stopped). What start() runs. */
void                   redial_caldav_publisher_sync          (RedialCaldavPublisher *self);
/* How many appointments wait to be published, the one under way included. */
guint                  redial_caldav_publisher_get_n_pending (RedialCaldavPublisher *self);
/* Why publishing stopped or last failed, as a sentence; NULL when the
 * last request succeeded ("error", notified when it changes). */
const char            *redial_caldav_publisher_get_error     (RedialCaldavPublisher *self);

G_END_DECLS
