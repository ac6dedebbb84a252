/* redial-caldav-client.h: conditional PUTs of iCalendar objects into one CalDAV collection (RFC 4791). */
#pragma once

#include <gio/gio.h>

#include "redial-clock.h"

G_BEGIN_DECLS

#define REDIAL_CALDAV_ERROR (redial_caldav_error_quark ())

typedef enum
{
  REDIAL_CALDAV_ERROR_AUTH,       /* 401 or 403: the user name or password is wrong */
  REDIAL_CALDAV_ERROR_CONFLICT,   /* 412: the server's copy is not the one Redial last wrote */
  REDIAL_CALDAV_ERROR_TRANSIENT,  /* no answer, or a 5xx: asking again later may work */
  REDIAL_CALDAV_ERROR_REFUSED,    /* any other answer: asking again will not help */
  REDIAL_CALDAV_ERROR_GONE,       /* 404 or 410: there is nothing at that address */
} RedialCaldavError;

GQuark redial_caldav_error_quark (void);

#define REDIAL_TYPE_CALDAV_CLIENT (redial_caldav_client_get_type ())
G_DECLARE_FINAL_TYPE (RedialCaldavClient, redial_caldav_client, REDIAL, CALDAV_CLIENT, GObject)

/* A client for the calendar collection at @collection_url (http or https;
 * a "/" is added when it has none at the end), signing in as @username
 * with Basic authentication. Requests time out after 30 s of @clock's
 * time; a redirect is never followed, since it would carry the password
 * away. Returns NULL when @collection_url is not an http(s) URL. */
RedialCaldavClient *redial_caldav_client_new          (RedialClock         *clock,
                                                       const char          *collection_url,
                                                       const char          *username);
/* Sets the password sent with every request, or forgets it with NULL.
 * The client keeps a copy, wiped when replaced. */
void                redial_caldav_client_set_password (RedialCaldavClient  *self,
                                                       const char          *password);
gboolean            redial_caldav_client_has_password (RedialCaldavClient  *self);
/* The collection's URL, ending in "/". */
const char         *redial_caldav_client_get_collection (RedialCaldavClient *self);
/* Where the object of @uid lives: the collection's URL and @uid escaped,
 * with ".ics". Free with g_free(). */
char               *redial_caldav_client_href_for     (RedialCaldavClient  *self,
                                                       const char          *uid);
/* PUTs @body (one VCALENDAR) at @href. With @etag NULL it only creates
 * (If-None-Match: *); otherwise it only replaces the copy whose entity
 * tag is @etag (If-Match). */
void                redial_caldav_client_put_async    (RedialCaldavClient  *self,
                                                       const char          *href,
                                                       GBytes              *body,
                                                       const char          *etag,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
/* The entity tag of the copy now on the server (as sent, quotes and
 * all): from the PUT's answer, or, when that carried none, from a GET of
 * @href. NULL when the server names none, with @error unset. On failure
 * returns NULL with @error in REDIAL_CALDAV_ERROR, its message a
 * sentence a receptionist understands. Free with g_free(). */
char               *redial_caldav_client_put_finish   (RedialCaldavClient  *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* GETs the object at @href: what the server keeps there now. */
void                redial_caldav_client_get_async    (RedialCaldavClient  *self,
                                                       const char          *href,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
/* The object's text (a VCALENDAR; free with g_free()) and its entity tag
 * (to @etag, as sent, or NULL when the server names none; free with
 * g_free()). On failure returns NULL with @error as for a PUT. */
char               *redial_caldav_client_get_finish   (RedialCaldavClient  *self,
                                                       GAsyncResult        *result,
                                                       char               **etag,
                                                       GError             **error);

G_END_DECLS
