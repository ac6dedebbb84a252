/* redial-engine-desk.c: what a person at the desk does to a case: claim, call back and its outcome, text, note, close and reopen, spam or not spam. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include <glib/gi18n.h>

#include "redial-engine-private.h"
#include "redial-phone.h"

gboolean
_redial_engine_store_refused (GError **error,
                              GError  *local)
{
  int code = REDIAL_ENGINE_ERROR_STORE;

  if (g_error_matches (local, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_CLAIMED))
    code = REDIAL_ENGINE_ERROR_CLAIMED;
  else if (g_error_matches (local, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_CLOSED) ||
           g_error_matches (local, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_OTHER_OPEN))
    code = REDIAL_ENGINE_ERROR_REFUSED;
  else if (g_error_matches (local, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_NOT_FOUND))
    code = REDIAL_ENGINE_ERROR_NOT_FOUND;
  g_set_error_literal (error, REDIAL_ENGINE_ERROR, code, local->message);
  return FALSE;
}

/* Records @item in @kase's timeline and tells a page following it. */
static gboolean
add_event (RedialEngine        *self,
           RedialCase          *kase,
           RedialTimelineItem  *item,
           GError             **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!redial_store_add_case_event (self->store, item, redial_case_get_id (kase), &local_error))
    return _redial_engine_store_refused (error, local_error);
  _redial_engine_timeline_changed (self, kase, item);
  return TRUE;
}

/* A person answered: the first response, if it was still due, and, when
 * @answers, the answer to a waiting reply. */
static void
human_touch (RedialEngine *self,
             RedialCase   *kase,
             gboolean      answers)
{
  gint64 now = redial_clock_now (self->clock);

  if (redial_case_get_first_response_at (kase) == 0)
    redial_case_set_first_response_at (kase, now);
  if (answers)
    redial_case_set_reply_waiting_since (kase, 0);
  if (redial_case_get_state (kase) == REDIAL_CASE_STATE_NEW ||
      (answers && redial_case_get_state (kase) == REDIAL_CASE_STATE_REPLIED))
    redial_case_set_state (kase, REDIAL_CASE_STATE_RESPONDED);
  _redial_engine_save_case (self, kase);
  _redial_engine_case_changed (self, kase);
}

const char *
redial_engine_get_desk_user (RedialEngine *self)
{
  const char *name;

  g_return_val_if_fail (REDIAL_IS_ENGINE (self), NULL);

  name = redial_renderer_get_agent_name (self->renderer);
  return name != NULL && *name != '\0' ? name : _("Front desk");
}

/* Refuses, with who has it, when another desk owns @kase. */
static gboolean
check_not_others (RedialEngine  *self,
                  RedialCase    *kase,
                  GError       **error)
{
  const char *owner = redial_case_get_owner (kase);

  if (owner == NULL || g_str_equal (owner, redial_engine_get_desk_user (self)))
    return TRUE;
  g_set_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_CLAIMED, _("%s has this case."), owner);
  return FALSE;
}

/* The desk user works on @kase: claims it unless it is theirs already. */
static gboolean
ensure_claimed (RedialEngine  *self,
                RedialCase    *kase,
                GError       **error)
{
  if (g_strcmp0 (redial_case_get_owner (kase), redial_engine_get_desk_user (self)) == 0)
    return TRUE;
  return redial_engine_claim_case (self, kase, FALSE, error);
}

gboolean
redial_engine_claim_case (RedialEngine  *self,
                          RedialCase    *kase,
                          gboolean       take_over,
                          GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RedialTimelineItem) event = NULL;
  g_autofree char *owner = NULL;
  const char *who;
  gint64 now;

  g_return_val_if_fail (REDIAL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), FALSE);

  who = redial_engine_get_desk_user (self);
  now = redial_clock_now (self->clock);
  if (!redial_store_claim_case (self->store, redial_case_get_id (kase), who, take_over, now,
                                &owner, &event, &local_error))
    {
      /* The queue learns who has it. */
      if (owner != NULL)
        redial_case_set_owner (kase, owner);
      return _redial_engine_store_refused (error, local_error);
    }

  if (event != NULL)
    {
      redial_case_set_owner (kase, who);
      redial_case_set_claimed_at (kase, now);
      _redial_engine_timeline_changed (self, kase, event);
    }
  return TRUE;
}

gboolean
redial_engine_release_case (RedialEngine  *self,
                            RedialCase    *kase,
                            GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RedialTimelineItem) event = NULL;

  g_return_val_if_fail (REDIAL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), FALSE);

  if (!redial_store_release_case (self->store, redial_case_get_id (kase), redial_engine_get_desk_user (self),
                                  redial_clock_now (self->clock), &event, &local_error))
    return _redial_engine_store_refused (error, local_error);

  redial_case_set_owner (kase, NULL);
  redial_case_set_claimed_at (kase, 0);
  if (event != NULL)
    _redial_engine_timeline_changed (self, kase, event);
  return TRUE;
}

gboolean
redial_engine_record_call_attempt (RedialEngine  *self,
                                   RedialCase    *kase,
                                   GError       **error)
{
  g_autoptr(RedialTimelineItem) item = NULL;

  g_return_val_if_fail (REDIAL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), FALSE);

  if (!ensure_claimed (self, kase, error))
    return FALSE;
  item = redial_timeline_item_new (REDIAL_TIMELINE_KIND_CALL_BACK, redial_clock_now (self->clock),
                                   redial_engine_get_desk_user (self));
  if (!add_event (self, kase, item, error))
    return FALSE;
  redial_case_set_call_back_pending (kase, TRUE);
  human_touch (self, kase, FALSE);
  return TRUE;
}

gboolean
redial_engine_record_call_outcome (RedialEngine       *self,
                                   RedialCase         *kase,
                                   RedialCallOutcome   outcome,
                                   GError            **error)
{
  g_autoptr(GPtrArray) timeline = NULL;
  g_autoptr(GError) local_error = NULL;
  RedialTimelineItem *attempt = NULL;

  g_return_val_if_fail (REDIAL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), FALSE);
  g_return_val_if_fail (outcome <= REDIAL_CALL_OUTCOME_WRONG_NUMBER, FALSE);

  timeline = redial_engine_list_timeline (self, kase, error);
  if (timeline == NULL)
    return FALSE;
  for (guint i = timeline->len; i > 0 && attempt == NULL; i--)
    {
      RedialTimelineItem *item = g_ptr_array_index (timeline, i - 1);

      if (redial_timeline_item_get_kind (item) == REDIAL_TIMELINE_KIND_CALL_BACK &&
          redial_timeline_item_get_call_outcome (item) < 0)
        attempt = item;
    }
  if (attempt == NULL)
    {
      g_set_error_literal (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_REFUSED,
                           _("No call-back is waiting for its outcome."));
      return FALSE;
    }

  if (!redial_store_set_call_outcome (self->store, redial_case_get_id (kase),
                                      redial_timeline_item_get_id (attempt), outcome, &local_error))
    return _redial_engine_store_refused (error, local_error);
  redial_timeline_item_set_call_outcome (attempt, outcome);
  redial_case_set_call_back_pending (kase, FALSE);
  _redial_engine_timeline_changed (self, kase, attempt);

  /* Reached: the caller has their answer. Otherwise the case keeps waiting. */
  human_touch (self, kase, outcome == REDIAL_CALL_OUTCOME_REACHED);
  return TRUE;
}

gboolean
redial_engine_add_note (RedialEngine  *self,
                        RedialCase    *kase,
                        const char    *body,
                        GError       **error)
{
  g_autoptr(RedialTimelineItem) item = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (REDIAL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  text = g_utf8_make_valid (body, -1);
  if (*g_strstrip (text) == '\0')
    {
      g_set_error_literal (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_TEXT, _("The note is empty."));
      return FALSE;
    }
  item = redial_timeline_item_new (REDIAL_TIMELINE_KIND_NOTE, redial_clock_now (self->clock),
                                   redial_engine_get_desk_user (self));
  redial_timeline_item_set_text (item, text);
  return add_event (self, kase, item, error);
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

  /* Whether it may go at all, before the case is claimed for it. */
  if (!redial_compliance_check_case (self->compliance, kase, error) ||
      !ensure_claimed (self, kase, error))
    return FALSE;
  message = redial_outbox_queue_written (self->outbox, kase, body, redial_engine_get_desk_user (self), error);
  if (message == NULL)
    return FALSE;

  human_touch (self, kase, TRUE);
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
                          gint64              job_value,
                          GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RedialTimelineItem) event = NULL;
  gint64 now;

  g_return_val_if_fail (REDIAL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), FALSE);
  g_return_val_if_fail (outcome <= REDIAL_CASE_OUTCOME_WRONG_NUMBER, FALSE);
  g_return_val_if_fail (job_value >= -1, FALSE);

  if (!check_not_others (self, kase, error))
    return FALSE;
  now = redial_clock_now (self->clock);
  if (!redial_store_close_case (self->store, redial_case_get_id (kase), outcome, job_value,
                                redial_engine_get_desk_user (self), now, &event, &local_error))
    return _redial_engine_store_refused (error, local_error);

  redial_case_set_outcome (kase, outcome);
  redial_case_set_job_value (kase, job_value);
  redial_case_set_closed_at (kase, now);
  redial_case_set_state (kase, REDIAL_CASE_STATE_CLOSED);
  if (event != NULL)
    _redial_engine_timeline_changed (self, kase, event);
  _redial_engine_booking_case_closed (self, kase);
  _redial_engine_untrack (self, kase);
  return TRUE;
}

gboolean
redial_engine_reopen_case (RedialEngine  *self,
                           gint64         case_id,
                           GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RedialTimelineItem) event = NULL;
  g_autoptr(RedialCase) kase = NULL;

  g_return_val_if_fail (REDIAL_IS_ENGINE (self), FALSE);

  if (!redial_store_reopen_case (self->store, case_id, redial_engine_get_desk_user (self),
                                 redial_clock_now (self->clock), &event, &local_error))
    return _redial_engine_store_refused (error, local_error);

  kase = redial_store_get_case (self->store, case_id, &local_error);
  if (kase == NULL)
    return _redial_engine_store_refused (error, local_error);
  _redial_engine_track_reopened (self, kase);
  _redial_engine_case_changed (self, kase);
  if (event != NULL)
    _redial_engine_timeline_changed (self, kase, event);
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

  return redial_engine_close_case (self, kase, REDIAL_CASE_OUTCOME_SPAM, -1, error);
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

  if (!redial_engine_record_call_attempt (g_task_get_source_object (task), g_task_get_task_data (task), &error))
    {
      g_task_return_error (task, error);
      return;
    }
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
  g_autoptr(GError) error = NULL;

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
  if (!ensure_claimed (self, kase, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
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

gboolean
_redial_engine_ensure_claimed (RedialEngine  *self,
                               RedialCase    *kase,
                               GError       **error)
{
  return ensure_claimed (self, kase, error);
}

gboolean
_redial_engine_check_not_others (RedialEngine  *self,
                                 RedialCase    *kase,
                                 GError       **error)
{
  return check_not_others (self, kase, error);
}

void
_redial_engine_human_touch (RedialEngine *self,
                            RedialCase   *kase,
                            gboolean      answers)
{
  human_touch (self, kase, answers);
}
