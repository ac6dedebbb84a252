/* redial-caldav-publisher.h: keeps the business's CalDAV calendar in step with Redial's appointments. */
#pragma once

#include <gio/gio.h>

#include "redial-appointment.h"
#include "redial-caldav-client.h"
#include "redial-clock.h"
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
/* Publishes the booked appointments from a week ago on that were never
 * published (no href) and are not in conflict. */
void                   redial_caldav_publisher_sync          (RedialCaldavPublisher *self);
/* How many appointments wait to be published, the one under way included. */
guint                  redial_caldav_publisher_get_n_pending (RedialCaldavPublisher *self);
/* Why publishing stopped or last failed, as a sentence; NULL when the
 * last request succeeded ("error", notified when it changes). */
const char            *redial_caldav_publisher_get_error     (RedialCaldavPublisher *self);

G_END_DECLS
