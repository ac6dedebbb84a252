/* redial-phone-system.c: what every phone-system backend offers. */
#include "config.h"

#define G_LOG_DOMAIN "redial-providers"

#include <glib/gi18n.h>

#include "redial-enums.h"
#include "redial-phone-system.h"

G_DEFINE_INTERFACE (RedialPhoneSystem, redial_phone_system, REDIAL_TYPE_LINK)

enum {
  CALL_EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
redial_phone_system_default_init (RedialPhoneSystemInterface *iface)
{
  /**
   * RedialPhoneSystem::call-event:
   * @event: (transfer none): the call as the phone system reported it
   *
   * Emitted when a call has ended, answered or not.
   */
  signals[CALL_EVENT] =
    g_signal_new ("call-event",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, REDIAL_TYPE_CALL_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

void
redial_phone_system_start (RedialPhoneSystem *self)
{
  g_return_if_fail (REDIAL_IS_PHONE_SYSTEM (self));
  redial_link_start (REDIAL_LINK (self));
}

void
redial_phone_system_stop (RedialPhoneSystem *self)
{
  g_return_if_fail (REDIAL_IS_PHONE_SYSTEM (self));
  redial_link_stop (REDIAL_LINK (self));
}

RedialConnectionState
redial_phone_system_get_state (RedialPhoneSystem *self)
{
  g_return_val_if_fail (REDIAL_IS_PHONE_SYSTEM (self), REDIAL_CONNECTION_DISCONNECTED);
  return redial_link_get_state (REDIAL_LINK (self));
}

char *
redial_phone_system_dup_status (RedialPhoneSystem *self)
{
  g_return_val_if_fail (REDIAL_IS_PHONE_SYSTEM (self), NULL);
  return g_strdup (redial_link_get_status (REDIAL_LINK (self)));
}

void
redial_phone_system_emit_call (RedialPhoneSystem *self,
                               RedialCallEvent   *event)
{
  g_return_if_fail (REDIAL_IS_PHONE_SYSTEM (self));
  g_return_if_fail (event != NULL);
  g_signal_emit (self, signals[CALL_EVENT], 0, event);
}

gboolean
redial_phone_system_can_call (RedialPhoneSystem *self)
{
  g_return_val_if_fail (REDIAL_IS_PHONE_SYSTEM (self), FALSE);
  return REDIAL_PHONE_SYSTEM_GET_IFACE (self)->call_async != NULL;
}

void
redial_phone_system_call_async (RedialPhoneSystem   *self,
                                const char          *number,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  RedialPhoneSystemInterface *iface;

  g_return_if_fail (REDIAL_IS_PHONE_SYSTEM (self));
  g_return_if_fail (number != NULL);

  iface = REDIAL_PHONE_SYSTEM_GET_IFACE (self);
  if (iface->call_async == NULL)
    {
      g_task_report_new_error (self, callback, user_data, redial_phone_system_call_async,
                               G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("This phone system cannot place calls: call back from your desk phone."));
      return;
    }

  iface->call_async (self, number, cancellable, callback, user_data);
}

gboolean
redial_phone_system_call_finish (RedialPhoneSystem  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (REDIAL_IS_PHONE_SYSTEM (self), FALSE);

  if (g_async_result_is_tagged (result, redial_phone_system_call_async))
    return g_task_propagate_boolean (G_TASK (result), error);
  return REDIAL_PHONE_SYSTEM_GET_IFACE (self)->call_finish (self, result, error);
}
