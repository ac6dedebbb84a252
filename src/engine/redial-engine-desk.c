/* redial-engine-desk.c: what a person at the desk does to a case: call back, text, close, spam or not spam. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include <glib/gi18n.h>

#include "redial-engine-private.h"
#include "redial-phone.h"

/* A person answered: the first response, if it was still due, and the
 * answer to a waiting reply. */
static void
human_touch (RedialEngine *self,
             RedialCase   *kase)
{
  gint64 now = redial_clock_now (self->clock);

  if (redial_case_get_first_response_at (kase) == 0)
    redial_case_set_first_response_at (kase, now);
  redial_case_set_reply_waiting_since (kase, 0);
  if (redial_case_get_state (kase) == REDIAL_CASE_STATE_NEW ||
      redial_case_get_state (kase) == REDIAL_CASE_STATE_REPLIED)
    redial_case_set_state (kase, REDIAL_CASE_STATE_RESPONDED);
  _redial_engine_save_case (self, kase);
  _redial_engine_case_changed (self, kase);
}

gboolean
redial_engine_record_call_attempt (RedialEngine  *self,
                                   RedialCase    *kase,
                                   GError       **error)
{
  g_return_val_if_fail (REDIAL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), FALSE);

  human_touch (self, kase);
  return TRUE;
}

gboolean
redial_engine_send_text (RedialEngine  *self,
                         RedialCase    *kase,
                         const char    *body,
                         GError       **error)
{
  g_autoptr(RedialMessage) message = NULL;

  g_return_val_if_fail (REDIAL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  message = redial_outbox_queue (self->outbox, kase, REDIAL_MESSAGE_KIND_MANUAL,
                                 REDIAL_TEMPLATE_USE_BUSY_HOURS, body, error);
  if (message == NULL)
    return FALSE;

  human_touch (self, kase);
  return TRUE;
}

gboolean
redial_engine_can_text (RedialEngine  *self,
                        RedialCase    *kase,
                        GError       **error)
{
  g_return_val_if_fail (REDIAL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), FALSE);

  return redial_compliance_check_case (self->compliance, kase, error);
}

gboolean
redial_engine_close_case (RedialEngine       *self,
                          RedialCase         *kase,
                          RedialCaseOutcome   outcome,
                          GError            **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (REDIAL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), FALSE);

  if (!redial_store_close_case (self->store, redial_case_get_id (kase), outcome,
                                redial_clock_now (self->clock), &local_error))
    {
      g_set_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_STORE, "%s", local_error->message);
      return FALSE;
    }

  _redial_engine_untrack (self, kase);
  return TRUE;
}

gboolean
redial_engine_confirm_spam (RedialEngine  *self,
                            RedialCase    *kase,
                            GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *caller;

  g_return_val_if_fail (REDIAL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), FALSE);

  caller = redial_case_get_caller (kase);
  if (caller != NULL &&
      !redial_compliance_block (self->compliance, caller,
                                redial_kind_reason_to_string (redial_case_get_kind_reason_code (kase)),
                                redial_clock_now (self->clock), &local_error))
    {
      g_set_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_STORE, "%s", local_error->message);
      return FALSE;
    }

  return redial_engine_close_case (self, kase, REDIAL_CASE_OUTCOME_SPAM, error);
}

gboolean
redial_engine_restore (RedialEngine  *self,
                       RedialCase    *kase,
                       GError       **error)
{
  g_return_val_if_fail (REDIAL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), FALSE);

  if (redial_case_get_caller (kase) != NULL)
    redial_compliance_unblock (self->compliance, redial_case_get_caller (kase));
  redial_case_set_kind (kase, REDIAL_CASE_KIND_NEW_LEAD);
  redial_case_set_kind_reason_code (kase, REDIAL_KIND_REASON_RESTORED);
  _redial_engine_save_case (self, kase);
  _redial_engine_case_changed (self, kase);
  if (self->automation != NULL)
    redial_automation_text_back (self->automation, kase);
  return TRUE;
}

static void
on_test_text_sent (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *message_id = redial_sms_gateway_send_finish (REDIAL_SMS_GATEWAY (source), result, &error);

  if (message_id == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, message_id, g_free);
}

void
redial_engine_send_test_text_async (RedialEngine        *self,
                                    const char          *number,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *body = NULL;

  g_return_if_fail (REDIAL_IS_ENGINE (self));
  g_return_if_fail (number != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, redial_engine_send_test_text_async);

  phone = redial_phone_normalize (number, redial_config_get_region (self->config), &error);
  if (phone == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (self->sms_gateway == NULL)
    {
      g_task_return_new_error (task, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_NO_GATEWAY,
                               _("No SMS gateway is set up, so no text can be sent."));
      return;
    }
  if (!redial_compliance_check_number (self->compliance, phone, number, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  body = g_strdup_printf (_("This is a test text from %s's Redial desk."),
                          redial_config_get_business_name (self->config));
  redial_sms_gateway_send_async (self->sms_gateway, phone, body, cancellable,
                                 on_test_text_sent, g_steal_pointer (&task));
}

char *
redial_engine_send_test_text_finish (RedialEngine  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_called_back (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!redial_phone_system_call_finish (REDIAL_PHONE_SYSTEM (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  human_touch (g_task_get_source_object (task), g_task_get_task_data (task));
  g_task_return_boolean (task, TRUE);
}

gboolean
redial_engine_can_call_back (RedialEngine *self,
                             RedialCase   *kase)
{
  g_return_val_if_fail (REDIAL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), FALSE);

  return redial_case_get_caller (kase) != NULL && self->phone_system != NULL &&
         redial_phone_system_can_call (self->phone_system);
}

void
redial_engine_call_back_async (RedialEngine        *self,
                               RedialCase          *kase,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (REDIAL_IS_ENGINE (self));
  g_return_if_fail (REDIAL_IS_CASE (kase));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, redial_engine_call_back_async);
  g_task_set_task_data (task, g_object_ref (kase), g_object_unref);

  if (redial_case_get_caller (kase) == NULL)
    {
      g_task_return_new_error (task, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_NO_NUMBER,
                               _("The caller hid their number, so they cannot be called back."));
      return;
    }
  if (self->phone_system == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("No phone system is set up: call back from your desk phone."));
      return;
    }

  redial_phone_system_call_async (self->phone_system, redial_case_get_caller (kase), cancellable,
                                  on_called_back, g_steal_pointer (&task));
}

gboolean
redial_engine_call_back_finish (RedialEngine  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
