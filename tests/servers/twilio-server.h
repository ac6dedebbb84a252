/* twilio-server.h: the Twilio Messages API for tests, served from a thread of the test process. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TwilioServer TwilioServer;

/* What the server does with the next request of a kind, instead of
 * answering it properly. Faults are used up in the order they were added. */
typedef enum
{
  TWILIO_FAULT_STATUS,          /* answer @status with Twilio's error JSON (code @code); create nothing */
  TWILIO_FAULT_HANG_BEFORE,     /* never answer, create nothing */
  TWILIO_FAULT_HANG_AFTER,      /* create the message, never answer */
  TWILIO_FAULT_GARBAGE,         /* do the work, answer 2xx with a body that is not JSON */
  TWILIO_FAULT_TRUNCATED,       /* do the work, answer 2xx with JSON cut in the middle */
  TWILIO_FAULT_OVERSIZED,       /* do the work, answer 2xx with 3 MB of JSON */
  TWILIO_FAULT_WRONG_TYPES,     /* do the work, answer 2xx with every field of the wrong type */
  TWILIO_FAULT_FOREIGN_PAGE,    /* list only: the next page is on another server */
} TwilioFault;

/* The kinds of request, for faults and counts. */
#define TWILIO_CREATE "create"
#define TWILIO_FETCH  "fetch"
#define TWILIO_LIST   "list"

/* A server for the account @account_sid with @auth_token, listening on
 * 127.0.0.1 on a free port. */
TwilioServer *twilio_server_new                (const char   *account_sid,
                                                const char   *auth_token);
void          twilio_server_free               (TwilioServer *self);
/* "http://127.0.0.1:PORT" */
const char   *twilio_server_get_url            (TwilioServer *self);
/* The time (Unix µs) the server stamps on what it creates and changes. */
void          twilio_server_set_now            (TwilioServer *self,
                                                gint64        now_us);

/* Makes the next request of @kind fail with @fault; @status, @code and
 * @retry_after_s (0: no Retry-After header) for TWILIO_FAULT_STATUS. */
void          twilio_server_add_fault          (TwilioServer *self,
                                                const char   *kind,
                                                TwilioFault   fault,
                                                guint         status,
                                                guint         code,
                                                guint         retry_after_s);

/* How many requests of @kind arrived (NULL: all). */
guint         twilio_server_count_requests     (TwilioServer *self,
                                                const char   *kind);
/* How many outbound messages the server created: texts that went out. */
guint         twilio_server_count_created      (TwilioServer *self);
/* How many outbound messages the server created to @to. */
guint         twilio_server_count_created_to   (TwilioServer *self,
                                                const char   *to);
/* A parameter of the last create request, or NULL. Free with g_free(). */
char         *twilio_server_dup_last_param     (TwilioServer *self,
                                                const char   *name);
/* The query string of the last list request, or NULL. Free with g_free(). */
char         *twilio_server_dup_last_list_query (TwilioServer *self);
/* g_get_monotonic_time() when the first create request for @to arrived,
 * or 0. */
gint64        twilio_server_get_received_at    (TwilioServer *self,
                                                const char   *to);

/* The SID of the newest outbound message to @to, or NULL. Free with g_free(). */
char         *twilio_server_dup_sid_for        (TwilioServer *self,
                                                const char   *to);
/* Moves the message @sid to @status ("sent", "delivered", "undelivered",
 * "failed", …) with @error_code (0: none), as the carrier reports it; when
 * the message was created with a StatusCallback, queues the callback
 * Twilio would make. */
void          twilio_server_set_status         (TwilioServer *self,
                                                const char   *sid,
                                                const char   *status,
                                                guint         error_code);
/* Takes the oldest queued status callback: the URL, the form parameters
 * and the X-Twilio-Signature Twilio would send. FALSE when none is queued. */
gboolean      twilio_server_pop_callback       (TwilioServer *self,
                                                char        **url,
                                                GHashTable  **params,
                                                char        **signature);

/* A text from @from to the business number @to, received at @sent_at
 * (Unix µs). Returns its SID; free with g_free(). */
char         *twilio_server_add_inbound        (TwilioServer *self,
                                                const char   *from,
                                                const char   *to,
                                                const char   *body,
                                                gint64        sent_at);
/* The form Twilio POSTs to an inbound webhook at @url for the inbound
 * message @sid, and its signature. */
void          twilio_server_inbound_webhook    (TwilioServer *self,
                                                const char   *sid,
                                                const char   *url,
                                                GHashTable  **params,
                                                char        **signature);
/* X-Twilio-Signature for a POST of @params to @url, signed with the
 * server's auth token. */
char         *twilio_server_sign               (TwilioServer *self,
                                                const char   *url,
                                                GHashTable   *params);

G_END_DECLS
