/* redial-sms-gateway.h: what every SMS backend offers: send, delivery reports, inbound texts. */
#pragma once

#include <gio/gio.h>

#include "redial-link.h"
#include "redial-types.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_SMS_GATEWAY (redial_sms_gateway_get_type ())
G_DECLARE_INTERFACE (RedialSmsGateway, redial_sms_gateway, REDIAL, SMS_GATEWAY, RedialLink)

/* Called once, with the send's user data, at the moment the gateway
 * really starts the request for a text (it may be created from then on).
 * Returning FALSE stops the send before it starts: it then ends with
 * G_IO_ERROR_CANCELLED. */
typedef gboolean (*RedialSmsGatewayStartedFunc) (gpointer user_data);

/* A backend is a RedialLink (its state, status, start and stop) that sends what it is given, reports delivery as ::status-changed
 * (provider message id, RedialMessageStatus, error sentence or NULL) and
 * inbound texts as ::message-received (provider message id, from, body).
 * When the provider says a recipient unsubscribed on its side (a carrier
 * STOP list), it reports ::recipient-opted-out (the number as the provider
 * wrote it), and a number that cannot take texts (not a valid number, a
 * landline) as ::recipient-unreachable (the number, the reason). Opt-outs and templates are the engine's business, not the
 * gateway's: the gateway only reports what it learned. */
struct _RedialSmsGatewayInterface
{
  GTypeInterface parent_iface;

  /* @started may be NULL. */
  void  (*send_async)  (RedialSmsGateway     *self,
                        const char           *to,
                        const char           *body,
                        RedialSmsGatewayStartedFunc started,
                        GCancellable         *cancellable,
                        GAsyncReadyCallback   callback,
                        gpointer              user_data);
  char *(*send_finish) (RedialSmsGateway     *self,
                        GAsyncResult         *result,
                        GError              **error);
  /* Optional: a gateway that cannot look says so with
   * G_IO_ERROR_NOT_SUPPORTED. */
  void  (*find_sent_async)  (RedialSmsGateway   *self,
                             const char         *to,
                             const char         *body,
                             gint64              since,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data);
  char *(*find_sent_finish) (RedialSmsGateway   *self,
                             GAsyncResult       *result,
                             GError            **error);
};

/* Starts polling or listening for delivery reports and replies:
 * redial_link_start(). */
void   redial_sms_gateway_start           (RedialSmsGateway     *self);
/* Stops every poll and retry of the link: redial_link_stop(). Texts
 * already handed over are still followed when it starts again. */
void   redial_sms_gateway_stop            (RedialSmsGateway     *self);
/* Hands @body for @to (E.164) to the gateway. */
void   redial_sms_gateway_send_async      (RedialSmsGateway     *self,
                                           const char           *to,
                                           const char           *body,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
/* The same, calling @started (with @user_data) when the request for
 * the text really starts: a gateway may hold texts back (a limit on
 * requests under way) before that. */
void   redial_sms_gateway_hand_off_async  (RedialSmsGateway     *self,
                                           const char           *to,
                                           const char           *body,
                                           RedialSmsGatewayStartedFunc started,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
/* Returns the gateway's id for the accepted message (free with g_free), or
 * NULL with @error set when it was refused. */
char  *redial_sms_gateway_send_finish     (RedialSmsGateway     *self,
                                           GAsyncResult         *result,
                                           GError              **error);
/* Asks the gateway whether it created a text of @body to @to since
 * @since (Unix µs): a request for it may have started before Redial
 * stopped, with no answer heard. */
void   redial_sms_gateway_find_sent_async (RedialSmsGateway     *self,
                                           const char           *to,
                                           const char           *body,
                                           gint64                since,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
/* Returns the gateway's id of the text it found (free with g_free); NULL
 * without an error when it surely created none; NULL with @error when it
 * cannot tell (G_IO_ERROR_NOT_SUPPORTED: it has no way to look). */
char  *redial_sms_gateway_find_sent_finish (RedialSmsGateway    *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* For backends. */
void   redial_sms_gateway_emit_status     (RedialSmsGateway     *self,
                                           const char           *provider_message_id,
                                           RedialMessageStatus   status,
                                           const char           *error);
void   redial_sms_gateway_emit_received   (RedialSmsGateway     *self,
                                           const char           *provider_message_id,
                                           const char           *from,
                                           const char           *body);
void   redial_sms_gateway_emit_opted_out  (RedialSmsGateway     *self,
                                           const char           *number);
void   redial_sms_gateway_emit_unreachable (RedialSmsGateway    *self,
                                            const char          *number,
                                            const char          *reason);

G_END_DECLS
