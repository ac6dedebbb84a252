/* redial-webhook-server.h: Redial's one HTTP server, where phone systems and SMS services post their events. */
#pragma once

#include <libsoup/soup.h>

#include "redial-clock.h"

G_BEGIN_DECLS

#define REDIAL_WEBHOOK_SERVER_ERROR (redial_webhook_server_error_quark ())

typedef enum
{
  REDIAL_WEBHOOK_SERVER_ERROR_INVALID,  /* a setting of [webhook] cannot be used */
  REDIAL_WEBHOOK_SERVER_ERROR_LISTEN,   /* the address cannot be bound: in use, or not this computer's */
} RedialWebhookServerError;

/* Where the server listens unless [webhook] address and port say otherwise:
 * this computer only, so nothing outside reaches it by accident. */
#define REDIAL_WEBHOOK_SERVER_DEFAULT_ADDRESS "127.0.0.1"
#define REDIAL_WEBHOOK_SERVER_DEFAULT_PORT    8787
/* Larger request bodies are answered 413 and never kept in memory. */
#define REDIAL_WEBHOOK_SERVER_MAX_BODY        (1024 * 1024)
/* The bodies of all requests under way together are kept within this;
 * past it a request is answered 503 at once. */
#define REDIAL_WEBHOOK_SERVER_MAX_BUFFERED    (8 * REDIAL_WEBHOOK_SERVER_MAX_BODY)
/* What one client can hold: connections open at once (more are closed as
 * they arrive), the time to send a request's headers (or, between
 * requests, the next one), and the time to send its body. */
#define REDIAL_WEBHOOK_SERVER_MAX_CONNECTIONS 256
#define REDIAL_WEBHOOK_SERVER_HEADER_TIMEOUT  (10 * G_USEC_PER_SEC)
#define REDIAL_WEBHOOK_SERVER_BODY_TIMEOUT    (30 * G_USEC_PER_SEC)

#define REDIAL_TYPE_WEBHOOK_SERVER (redial_webhook_server_get_type ())
G_DECLARE_FINAL_TYPE (RedialWebhookServer, redial_webhook_server, REDIAL, WEBHOOK_SERVER, GObject)

/* Handles one POST to the path it was added for, once its whole body has
 * arrived within the size limit and with the route's signature header:
 * @body is never NULL, and may be empty.
 * The handler must give @msg a status, for example with
 * redial_webhook_server_reply(); it runs on the main context the server
 * listens on. Anything else (other paths, other methods, requests without
 * the signature header, bodies over the limit) is answered by the server
 * itself as soon as the request headers are in, before any body is read,
 * and never reaches a handler. */
typedef void (*RedialWebhookHandler) (RedialWebhookServer *server,
                                      SoupServerMessage   *msg,
                                      GBytes              *body,
                                      gpointer             user_data);

GQuark               redial_webhook_server_error_quark      (void);

/* A server for @address (an IP address such as "127.0.0.1", "0.0.0.0" or
 * "::1") and @port (0 picks a free port, for tests). It listens only once
 * held. */
RedialWebhookServer *redial_webhook_server_new              (const char           *address,
                                                             guint                 port);
/* The same from the [webhook] group: address (default 127.0.0.1) and port
 * (default 8787). Fails with REDIAL_WEBHOOK_SERVER_ERROR_INVALID and a
 * sentence "<source>: [webhook] <key>: <reason>". */
RedialWebhookServer *redial_webhook_server_new_from_keyfile (GKeyFile             *keyfile,
                                                             const char           *source,
                                                             GError              **error);

/* Takes the clock the server's timeouts run on (a real clock until
 * then). Call it before the first hold. */
void                 redial_webhook_server_set_clock        (RedialWebhookServer  *self,
                                                             RedialClock          *clock);
/* Changes the limits of what clients can hold (the defaults above), for
 * tests and tuning: @max_connections open at once, @header_timeout_us to
 * send request headers, @body_timeout_us to send a body. A connection
 * past its time is closed. Call it before the first hold. */
void                 redial_webhook_server_set_limits       (RedialWebhookServer  *self,
                                                             guint                 max_connections,
                                                             gint64                header_timeout_us,
                                                             gint64                body_timeout_us);

/* Routes POSTs to exactly @path (such as "/calls") to @handler, replacing
 * any handler already there; a request without the header
 * @signature_header (such as "X-Twilio-Signature") is answered 401 before
 * its body is read. @destroy frees @user_data when the route is removed
 * or the server finalized. */
void                 redial_webhook_server_add_handler      (RedialWebhookServer  *self,
                                                             const char           *path,
                                                             const char           *signature_header,
                                                             RedialWebhookHandler  handler,
                                                             gpointer              user_data,
                                                             GDestroyNotify        destroy);
void                 redial_webhook_server_remove_handler   (RedialWebhookServer  *self,
                                                             const char           *path);

/* Each backend that needs the server holds it while it runs: the first
 * hold starts listening (failing with REDIAL_WEBHOOK_SERVER_ERROR_LISTEN,
 * in which case nothing is held), the last release stops. When the
 * process runs out of file descriptors the server stops accepting for a
 * moment, says so once in the log, and accepts again as soon as a
 * connection closes or a second has passed. */
gboolean             redial_webhook_server_hold             (RedialWebhookServer  *self,
                                                             GError              **error);
void                 redial_webhook_server_release          (RedialWebhookServer  *self);
gboolean             redial_webhook_server_is_listening     (RedialWebhookServer  *self);

const char          *redial_webhook_server_get_address      (RedialWebhookServer  *self);
/* The port bound while listening (the one picked, for port 0), else the
 * configured one. */
guint                redial_webhook_server_get_port         (RedialWebhookServer  *self);
/* How many client connections are open now. */
guint                redial_webhook_server_get_n_connections (RedialWebhookServer *self);

/* Answers @msg with @status and, when @text is not NULL, a one-line
 * text/plain body saying why. */
void                 redial_webhook_server_reply            (SoupServerMessage    *msg,
                                                             guint                 status,
                                                             const char           *text);

G_END_DECLS
