/* redial-engine-numbers.c: what the SMS gateway learns about a caller's number: opted out at the carrier, or unable to take texts. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include <glib/gi18n.h>

#include "redial-engine-private.h"
#include "redial-phone.h"
#include "redial-text.h"

/* The gateway learned that the carrier holds @number unsubscribed: no text
 * can reach it, so Redial records the opt-out as if the caller had texted
 * STOP here, and stops trying. */
void
_redial_engine_on_recipient_opted_out (RedialSmsGateway *gateway,
                                       const char       *number,
                                       RedialEngine     *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *phone = redial_phone_normalize (number, redial_config_get_region (self->config), &error);
  GListModel *queue = G_LIST_MODEL (self->queue);
  gint64 now = redial_clock_now (self->clock);
  guint n;

  if (phone == NULL)
    {
      g_message ("An opt-out the SMS gateway reported for an unusable number was skipped: %s",
                 error->message);
      return;
    }

  if (!redial_compliance_opt_out_at_carrier (self->compliance, phone, now, &error))
    {
      g_message ("The opt-out of %s could not be recorded: %s", phone, error->message);
      return;
    }

  n = g_list_model_get_n_items (queue);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RedialCase) kase = g_list_model_get_item (queue, i);

      if (g_strcmp0 (redial_case_get_caller (kase), phone) == 0 && !redial_case_get_opted_out (kase))
        {
          redial_case_set_opted_out (kase, TRUE);
          _redial_engine_emit_opt_out (self, kase, TRUE, now, "opted out at the carrier");
        }
    }
}

/* The gateway found that @number cannot take texts: its open case says
 * so, with the gateway's reason; the number stays a number, which a
 * person can still call back. */
void
_redial_engine_on_recipient_unreachable (RedialSmsGateway *gateway,
                                         const char       *number,
                                         const char       *reason,
                                         RedialEngine     *self)
{
  g_autofree char *phone = redial_phone_normalize (number, redial_config_get_region (self->config), NULL);
  g_autofree char *text = NULL;
  GListModel *queue = G_LIST_MODEL (self->queue);
  guint n = g_list_model_get_n_items (queue);

  if (phone == NULL)
    return;
  text = reason != NULL ? redial_text_clean_snippet (reason, 200) : g_strdup (_("Texts cannot reach this number."));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RedialCase) kase = g_list_model_get_item (queue, i);

      if (g_strcmp0 (redial_case_get_caller (kase), phone) != 0)
        continue;
      redial_case_set_number_problem (kase, text);
      _redial_engine_save_case (self, kase);
    }
}
