/* redial-wording.c: the sentences Redial says to the desk about a case and its caller. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include <glib/gi18n.h>

#include "redial-wording.h"

const char *
redial_wording_caller (RedialCase *kase)
{
  g_return_val_if_fail (REDIAL_IS_CASE (kase), NULL);

  if (redial_case_get_caller_name (kase) != NULL)
    return redial_case_get_caller_name (kase);
  if (redial_case_get_caller (kase) != NULL)
    return redial_case_get_caller (kase);
  return _("A caller with a hidden number");
}

char *
redial_wording_sla_alert (RedialCase      *kase,
                          RedialAlertKind  kind,
                          gboolean         reply)
{
  g_return_val_if_fail (REDIAL_IS_CASE (kase), NULL);

  switch (kind)
    {
    case REDIAL_ALERT_SLA_WARNING:
      return g_strdup_printf (reply ? _("%s is waiting for an answer: the reply target is close")
                                    : _("%s has not been called back: the first-response target is close"),
                              redial_wording_caller (kase));
    case REDIAL_ALERT_SLA_BREACH:
      return g_strdup_printf (reply ? _("%s is still waiting for an answer: the reply target has passed")
                                    : _("%s has not been called back: the first-response target has passed"),
                              redial_wording_caller (kase));
    case REDIAL_ALERT_SLA_ESCALATION:
    case REDIAL_ALERT_EMERGENCY:
    case REDIAL_ALERT_TEXT_FAILED:
    default:
      return g_strdup_printf (_("%s is still overdue: escalated"), redial_wording_caller (kase));
    }
}

static const char *
reason_of (RedialMessage *message)
{
  return redial_message_get_error (message) != NULL ? redial_message_get_error (message)
                                                    : _("no reason given");
}

char *
redial_wording_not_delivered (RedialMessage *message)
{
  g_return_val_if_fail (REDIAL_IS_MESSAGE (message), NULL);
  return g_strdup_printf (_("Text not delivered: %s"), reason_of (message));
}

char *
redial_wording_text_failed (RedialCase    *kase,
                            RedialMessage *message)
{
  g_return_val_if_fail (REDIAL_IS_CASE (kase), NULL);
  g_return_val_if_fail (REDIAL_IS_MESSAGE (message), NULL);
  return g_strdup_printf (_("The text to %s did not go out: %s"), redial_wording_caller (kase),
                          reason_of (message));
}

char *
redial_wording_emergency (RedialCase *kase,
                          const char *text)
{
  g_return_val_if_fail (REDIAL_IS_CASE (kase), NULL);
  return g_strdup_printf (_("Emergency: %s wrote “%s”"), redial_wording_caller (kase), text);
}

char *
redial_wording_intake_emergency (RedialCase *kase,
                                 const char *answer)
{
  g_return_val_if_fail (REDIAL_IS_CASE (kase), NULL);
  /* TRANSLATORS: the caller, then the intake answer that makes it urgent */
  return g_strdup_printf (_("Emergency for %s: %s"), redial_wording_caller (kase), answer);
}
