/* redial-sms-gateway.c: what every SMS backend offers. */
#include "config.h"

#define G_LOG_DOMAIN "redial-providers"

#include "redial-enums.h"
#include "redial-sms-gateway.h"

G_DEFINE_INTERFACE (RedialSmsGateway, redial_sms_gateway, REDIAL_TYPE_LINK)

enum {
  STATUS_CHANGED,
  MESSAGE_RECEIVED,
  RECIPIENT_OPTED_OUT,
  RECIPIENT_UNREACHABLE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
redial_sms_gateway_default_init (RedialSmsGatewayInterface *iface)
{
  signals[STATUS_CHANGED] =
    g_signal_new ("status-changed",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3,
                  G_TYPE_STRING, REDIAL_TYPE_MESSAGE_STATUS, G_TYPE_STRING);

  signals[MESSAGE_RECEIVED] =
    g_signal_new ("message-received",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);

  /* The provider refused a text because the recipient unsubscribed on its
   * side; the number is untrusted text as the provider wrote it. */
  signals[RECIPIENT_OPTED_OUT] =
    g_signal_new ("recipient-opted-out",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  G_TYPE_STRING);

  /* The provider refused a text because the number cannot take texts (not
   * a valid number, or a landline): the number as the provider wrote it
   * and the provider's reason, a sentence for the case. */
  signals[RECIPIENT_UNREACHABLE] =
    g_signal_new ("recipient-unreachable",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2,
                  G_TYPE_STRING, G_TYPE_STRING);
}

void
redial_sms_gateway_start (RedialSmsGateway *self)
{
  g_return_if_fail (REDIAL_IS_SMS_GATEWAY (self));
  redial_link_start (REDIAL_LINK (self));
}

void
redial_sms_gateway_stop (RedialSmsGateway *self)
{
  g_return_if_fail (REDIAL_IS_SMS_GATEWAY (self));
  redial_link_stop (REDIAL_LINK (self));
}

void
redial_sms_gateway_send_async (RedialSmsGateway    *self,
                               const char          *to,
                               const char          *body,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  redial_sms_gateway_hand_off_async (self, to, body, NULL, cancellable, callback, user_data);
}

void
redial_sms_gateway_hand_off_async (RedialSmsGateway            *self,
                                   const char                  *to,
                                   const char                  *body,
                                   RedialSmsGatewayStartedFunc  started,
                                   GCancellable                *cancellable,
                                   GAsyncReadyCallback          callback,
                                   gpointer                     user_data)
{
  g_return_if_fail (REDIAL_IS_SMS_GATEWAY (self));
  g_return_if_fail (to != NULL);
  g_return_if_fail (body != NULL);

  REDIAL_SMS_GATEWAY_GET_IFACE (self)->send_async (self, to, body, started, cancellable, callback, user_data);
}

char *
redial_sms_gateway_send_finish (RedialSmsGateway  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (REDIAL_IS_SMS_GATEWAY (self), NULL);
  return REDIAL_SMS_GATEWAY_GET_IFACE (self)->send_finish (self, result, error);
}

void
redial_sms_gateway_find_sent_async (RedialSmsGateway    *self,
                                    const char          *to,
                                    const char          *body,
                                    gint64               since,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  RedialSmsGatewayInterface *iface;

  g_return_if_fail (REDIAL_IS_SMS_GATEWAY (self));
  g_return_if_fail (to != NULL);
  g_return_if_fail (body != NULL);

  iface = REDIAL_SMS_GATEWAY_GET_IFACE (self);
  if (iface->find_sent_async == NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, redial_sms_gateway_find_sent_async);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               "This SMS gateway cannot look up the texts it created");
      return;
    }
  iface->find_sent_async (self, to, body, since, cancellable, callback, user_data);
}

char *
redial_sms_gateway_find_sent_finish (RedialSmsGateway  *self,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  g_return_val_if_fail (REDIAL_IS_SMS_GATEWAY (self), NULL);

  if (g_async_result_is_tagged (result, redial_sms_gateway_find_sent_async))
    return g_task_propagate_pointer (G_TASK (result), error);
  return REDIAL_SMS_GATEWAY_GET_IFACE (self)->find_sent_finish (self, result, error);
}

void
redial_sms_gateway_emit_status (RedialSmsGateway    *self,
                                const char          *provider_message_id,
                                RedialMessageStatus  status,
                                const char          *error)
{
  g_return_if_fail (REDIAL_IS_SMS_GATEWAY (self));
  g_return_if_fail (provider_message_id != NULL);
  g_signal_emit (self, signals[STATUS_CHANGED], 0, provider_message_id, status, error);
}

void
redial_sms_gateway_emit_received (RedialSmsGateway *self,
                                  const char       *provider_message_id,
                                  const char       *from,
                                  const char       *body)
{
  g_return_if_fail (REDIAL_IS_SMS_GATEWAY (self));
  g_return_if_fail (from != NULL);
  g_return_if_fail (body != NULL);
  g_signal_emit (self, signals[MESSAGE_RECEIVED], 0, provider_message_id, from, body);
}

void
redial_sms_gateway_emit_opted_out (RedialSmsGateway *self,
                                   const char       *number)
{
  g_return_if_fail (REDIAL_IS_SMS_GATEWAY (self));
  g_return_if_fail (number != NULL);
  g_signal_emit (self, signals[RECIPIENT_OPTED_OUT], 0, number);
}

void
redial_sms_gateway_emit_unreachable (RedialSmsGateway *self,
                                     const char       *number,
                                     const char       *reason)
{
  g_return_if_fail (REDIAL_IS_SMS_GATEWAY (self));
  g_return_if_fail (number != NULL);

  g_signal_emit (self, signals[RECIPIENT_UNREACHABLE], 0, number, reason);
}
