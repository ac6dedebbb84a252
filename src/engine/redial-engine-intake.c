/* redial-engine-intake.c: the desk's intake answers, and what they make of a case. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include <glib/gi18n.h>

#include "redial-engine-private.h"
#include "redial-wording.h"

static RedialIntakeProfile *
profile_of (RedialEngine *self)
{
  return redial_config_get_intake (self->config);
}

/* What the case was before the intake qualified it. */
static RedialCaseState
state_before_qualified (RedialCase *kase)
{
  if (redial_case_get_reply_waiting_since (kase) != 0)
    return REDIAL_CASE_STATE_REPLIED;
  if (redial_case_get_first_response_at (kase) != 0)
    return REDIAL_CASE_STATE_RESPONDED;
  return REDIAL_CASE_STATE_NEW;
}

/* Sums up @answers on @kase. With @announce, a new emergency raises its
 * alert and a change of qualification goes to the timeline. */
static void
apply_answers (RedialEngine *self,
               RedialCase   *kase,
               GHashTable   *answers,
               gboolean      announce)
{
  g_auto(RedialIntakeStatus) status = { 0 };
  RedialCaseState state = redial_case_get_state (kase);
  gboolean qualified_now = FALSE;

  redial_intake_profile_evaluate (profile_of (self), answers, redial_config_get_service_area (self->config),
                                  &status);
  redial_case_set_out_of_area (kase, status.out_of_area);
  redial_case_set_not_a_fit (kase, status.not_a_fit);
  if (!announce)
    return;

  if (status.urgent && !redial_case_get_emergency (kase))
    {
      RedialIntakeQuestion *question = redial_intake_profile_lookup (profile_of (self), status.urgent_key);
      g_autofree char *answer = redial_intake_question_describe (question,
                                                                 g_hash_table_lookup (answers, status.urgent_key));
      g_autofree char *alert = redial_wording_intake_emergency (kase, answer);

      redial_case_set_emergency (kase, TRUE);
      _redial_engine_raise_alert (self, kase, REDIAL_ALERT_EMERGENCY, alert);
    }

  if (status.qualified && (state == REDIAL_CASE_STATE_NEW || state == REDIAL_CASE_STATE_RESPONDED ||
                           state == REDIAL_CASE_STATE_REPLIED))
    {
      redial_case_set_state (kase, REDIAL_CASE_STATE_QUALIFIED);
      qualified_now = TRUE;
    }
  else if (!status.qualified && state == REDIAL_CASE_STATE_QUALIFIED)
    redial_case_set_state (kase, state_before_qualified (kase));

  _redial_engine_save_case (self, kase);
  _redial_engine_case_changed (self, kase);

  if (qualified_now)
    {
      g_autoptr(RedialTimelineItem) item =
        redial_timeline_item_new (REDIAL_TIMELINE_KIND_QUALIFIED, redial_clock_now (self->clock),
                                  redial_engine_get_desk_user (self));
      g_autoptr(GError) error = NULL;

      if (redial_store_add_case_event (self->store, item, redial_case_get_id (kase), &error))
        _redial_engine_timeline_changed (self, kase, item);
      else
        g_message ("Case %" G_GINT64_FORMAT ": that it is qualified could not be saved: %s",
                   redial_case_get_id (kase), error->message);
    }
}

RedialCaseState
_redial_engine_intake_state (RedialEngine *self,
                             RedialCase   *kase)
{
  g_autoptr(GHashTable) answers = redial_store_list_intake_answers (self->store, redial_case_get_id (kase), NULL);
  g_auto(RedialIntakeStatus) status = { 0 };

  if (answers == NULL || g_hash_table_size (answers) == 0)
    return state_before_qualified (kase);
  redial_intake_profile_evaluate (profile_of (self), answers, redial_config_get_service_area (self->config),
                                  &status);
  return status.qualified ? REDIAL_CASE_STATE_QUALIFIED : state_before_qualified (kase);
}

void
_redial_engine_intake_restore (RedialEngine *self,
                               RedialCase   *kase)
{
  g_autoptr(GHashTable) answers = redial_store_list_intake_answers (self->store, redial_case_get_id (kase), NULL);

  if (answers != NULL && g_hash_table_size (answers) > 0)
    apply_answers (self, kase, answers, FALSE);
}

gboolean
redial_engine_set_intake_answer (RedialEngine  *self,
                                 RedialCase    *kase,
                                 const char    *question,
                                 const char    *value,
                                 GError       **error)
{
  g_autoptr(RedialTimelineItem) event = NULL;
  g_autoptr(GHashTable) answers = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *trimmed = NULL;
  RedialIntakeQuestion *asked;

  g_return_val_if_fail (REDIAL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), FALSE);
  g_return_val_if_fail (question != NULL, FALSE);

  asked = redial_intake_profile_lookup (profile_of (self), question);
  if (asked == NULL)
    {
      g_set_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_INTAKE,
                   _("The intake has no question “%s”."), question);
      return FALSE;
    }
  if (redial_case_get_state (kase) == REDIAL_CASE_STATE_CLOSED)
    {
      g_set_error_literal (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_REFUSED, _("This case is closed."));
      return FALSE;
    }

  trimmed = g_strstrip (g_strdup (value != NULL ? value : ""));
  if (*trimmed != '\0')
    {
      kept = redial_intake_question_normalize (asked, value, &local_error);
      if (kept == NULL)
        {
          /* TRANSLATORS: the question, then why the answer is none */
          g_set_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_INTAKE, _("%s: %s"),
                       redial_intake_question_get_label (asked), local_error->message);
          return FALSE;
        }
    }

  if (!redial_store_set_intake_answer (self->store, redial_case_get_id (kase), question, kept,
                                       redial_engine_get_desk_user (self), redial_clock_now (self->clock),
                                       &event, &local_error))
    return _redial_engine_store_refused (error, local_error);
  if (event == NULL)
    return TRUE;
  _redial_engine_timeline_changed (self, kase, event);

  answers = redial_store_list_intake_answers (self->store, redial_case_get_id (kase), &local_error);
  if (answers == NULL)
    return _redial_engine_store_refused (error, local_error);
  apply_answers (self, kase, answers, TRUE);
  return TRUE;
}

GHashTable *
redial_engine_get_intake_answers (RedialEngine  *self,
                                  RedialCase    *kase,
                                  GError       **error)
{
  g_return_val_if_fail (REDIAL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), NULL);

  return redial_store_list_intake_answers (self->store, redial_case_get_id (kase), error);
}

GPtrArray *
redial_engine_suggest_intake (RedialEngine *self,
                              RedialCase   *kase)
{
  g_autoptr(GHashTable) answers = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();

  g_return_val_if_fail (REDIAL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), NULL);

  answers = redial_store_list_intake_answers (self->store, redial_case_get_id (kase), NULL);
  messages = redial_store_list_messages (self->store, redial_case_get_id (kase), NULL);
  for (guint i = 0; messages != NULL && i < messages->len; i++)
    {
      RedialMessage *message = g_ptr_array_index (messages, i);

      if (redial_message_get_direction (message) == REDIAL_MESSAGE_DIRECTION_INBOUND)
        g_ptr_array_add (texts, (gpointer) redial_message_get_body (message));
    }
  g_ptr_array_add (texts, NULL);
  return redial_intake_profile_suggest (profile_of (self), (const char * const *) texts->pdata,
                                        redial_config_get_region (self->config), answers);
}
