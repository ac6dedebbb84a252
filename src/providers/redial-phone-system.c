/* redial-phone-system.c: what every phone-system backend offers. */
#include "config.h"

#define G_LOG_DOMAIN "redial-providers"

#include <glib/gi18n.h>

#include "redial-enums.h"
#include "redial-phone-system.h"

G_DEFINE_INTERFACE (RedialPhoneSystem, redial_phone_system, G_TYPE_OBJECT)

enum {
  CALL_EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
redial_phone_system_default_init (RedialPhoneSystemInterface *iface)
{
  g_object_interface_install_property (iface,
    g_param_spec_enum ("state", NULL, NULL,
                       REDIAL_TYPE_CONNECTION_STATE, REDIAL_CONNECTION_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_interface_install_property (iface,
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

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
  REDIAL_PHONE_SYSTEM_GET_IFACE (self)->start (self);
}

void
redial_phone_system_stop (RedialPhoneSystem *self)
{
  g_return_if_fail (REDIAL_IS_PHONE_SYSTEM (self));
  REDIAL_PHONE_SYSTEM_GET_IFACE (self)->stop (self);
}

RedialConnectionState
redial_phone_system_get_state (RedialPhoneSystem *self)
{
  RedialConnectionState state;

  g_return_val_if_fail (REDIAL_IS_PHONE_SYSTEM (self), REDIAL_CONNECTION_DISCONNECTED);
  g_object_get (self, "state", &state, NULL);
  return state;
}

char *
redial_phone_system_dup_status (RedialPhoneSystem *self)
{
  char *status;

  g_return_val_if_fail (REDIAL_IS_PHONE_SYSTEM (self), NULL);
  g_object_get (self, "status", &status, NULL);
  return status;
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

void
redial_phone_system_update_link (RedialPhoneSystem     *self,
                                 RedialConnectionState *state_field,
                                 char                 **status_field,
                                 RedialConnectionState  state,
                                 const char            *status)
{
  gboolean state_changed;
  gboolean status_changed;

  g_return_if_fail (REDIAL_IS_PHONE_SYSTEM (self));
  g_return_if_fail (state_field != NULL && status_field != NULL);

  state_changed = *state_field != state;
  status_changed = g_strcmp0 (*status_field, status) != 0;

  *state_field = state;
  if (status_changed)
    {
      g_free (*status_field);
      *status_field = g_strdup (status);
    }

  /* Both are set before either is announced: a listener reads a
   * consistent pair. */
  if (state_changed)
    g_object_notify (G_OBJECT (self), "state");
  if (status_changed)
    g_object_notify (G_OBJECT (self), "status");
}

gboolean
redial_phone_system_get_link_property (GParamSpec            *pspec,
                                       RedialConnectionState  state,
                                       const char            *status,
                                       GValue                *value)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "state"))
    g_value_set_enum (value, state);
  else if (g_str_equal (name, "status"))
    g_value_set_string (value, status);
  else
    return FALSE;
  return TRUE;
}
