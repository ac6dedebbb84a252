/* redial-compliance.c: who may be texted: opt-out, opt-in and HELP keywords, the block list. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include <glib/gi18n.h>

#include "redial-compliance.h"
#include "redial-engine-error.h"
#include "redial-wording.h"

struct _RedialCompliance
{
  GObject      parent_instance;

  RedialStore *store;
};

G_DEFINE_FINAL_TYPE (RedialCompliance, redial_compliance, G_TYPE_OBJECT)

/* Words that opt a number out, in, or ask for help, compared after
 * trimming spaces and punctuation, ignoring case. */
static const char * const opt_out_words[] = {
  "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPT OUT", "OPTOUT", NULL
};
static const char * const opt_in_words[] = { "START", "UNSTOP", "YES", NULL };
static const char * const help_words[] = { "HELP", "INFO", NULL };

/* Whether @body is one of @words, ignoring case, spaces and punctuation
 * around and between the words ("Opt-Out!" is "OPT OUT"). */
static gboolean
is_keyword (const char         *body,
            const char * const *words)
{
  g_autofree char *upper = g_utf8_strup (body, -1);
  g_autoptr(GString) plain = g_string_new (NULL);
  gboolean gap = FALSE;

  for (const char *p = upper; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || (guchar) *p >= 0x80)
        {
          if (gap && plain->len > 0)
            g_string_append_c (plain, ' ');
          g_string_append_c (plain, *p);
          gap = FALSE;
        }
      else
        gap = TRUE;
    }

  return g_strv_contains (words, plain->str);
}

static void
redial_compliance_dispose (GObject *object)
{
  RedialCompliance *self = REDIAL_COMPLIANCE (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (redial_compliance_parent_class)->dispose (object);
}

static void
redial_compliance_class_init (RedialComplianceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = redial_compliance_dispose;
}

static void
redial_compliance_init (RedialCompliance *self)
{
}

RedialCompliance *
redial_compliance_new (RedialStore *store)
{
  RedialCompliance *self;

  g_return_val_if_fail (REDIAL_IS_STORE (store), NULL);

  self = g_object_new (REDIAL_TYPE_COMPLIANCE, NULL);
  self->store = g_object_ref (store);
  return self;
}

gboolean
redial_compliance_check_number (RedialCompliance  *self,
                                const char        *phone,
                                const char        *shown_as,
                                GError           **error)
{
  g_return_val_if_fail (REDIAL_IS_COMPLIANCE (self), FALSE);
  g_return_val_if_fail (phone != NULL, FALSE);

  if (redial_store_is_opted_out (self->store, phone))
    {
      g_set_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_OPTED_OUT,
                   _("%s opted out of texts, so nothing was sent."), shown_as);
      return FALSE;
    }
  if (redial_store_is_blocked (self->store, phone))
    {
      g_set_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_BLOCKED,
                   _("%s is on the block list, so nothing was sent."), shown_as);
      return FALSE;
    }
  return TRUE;
}

gboolean
redial_compliance_check_case (RedialCompliance  *self,
                              RedialCase        *kase,
                              GError           **error)
{
  g_autoptr(GError) refusal = NULL;
  const char *caller;

  g_return_val_if_fail (REDIAL_IS_COMPLIANCE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), FALSE);

  caller = redial_case_get_caller (kase);
  if (caller == NULL)
    {
      g_set_error_literal (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_NO_NUMBER,
                           _("The caller hid their number, so no text can be sent."));
      return FALSE;
    }
  if (!redial_compliance_check_number (self, caller, redial_wording_caller (kase), &refusal))
    {
      if (g_error_matches (refusal, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_OPTED_OUT))
        redial_case_set_opted_out (kase, TRUE);
      g_propagate_error (error, g_steal_pointer (&refusal));
      return FALSE;
    }
  return TRUE;
}

RedialReplyMeaning
redial_compliance_take_reply (RedialCompliance *self,
                              RedialCase       *kase,
                              const char       *caller,
                              const char       *text,
                              gint64            now)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (REDIAL_IS_COMPLIANCE (self), REDIAL_REPLY_SILENT);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), REDIAL_REPLY_SILENT);
  g_return_val_if_fail (caller != NULL, REDIAL_REPLY_SILENT);
  g_return_val_if_fail (text != NULL, REDIAL_REPLY_SILENT);

  if (is_keyword (text, opt_out_words))
    {
      gboolean already = redial_store_is_opted_out (self->store, caller);

      if (!redial_store_set_opted_out (self->store, caller, TRUE, now, text, &error))
        {
          g_message ("The opt-out of %s could not be recorded: %s", caller, error->message);
          return REDIAL_REPLY_SILENT;
        }
      redial_case_set_opted_out (kase, TRUE);
      /* Carriers expect one confirmation, not one per STOP. */
      return already ? REDIAL_REPLY_SILENT : REDIAL_REPLY_OPTED_OUT;
    }

  if (redial_case_get_opted_out (kase) || redial_store_is_opted_out (self->store, caller))
    {
      if (is_keyword (text, opt_in_words))
        {
          if (!redial_store_set_opted_out (self->store, caller, FALSE, now, text, &error))
            {
              g_message ("The opt-in of %s could not be recorded: %s", caller, error->message);
              return REDIAL_REPLY_SILENT;
            }
          redial_case_set_opted_out (kase, FALSE);
          return REDIAL_REPLY_OPTED_IN;
        }
      /* Anything else from an opted-out number is kept, and nothing answers it. */
      return REDIAL_REPLY_SILENT;
    }

  if (is_keyword (text, help_words))
    return REDIAL_REPLY_HELP;

  return REDIAL_REPLY_CONVERSATION;
}

gboolean
redial_compliance_opt_out_at_carrier (RedialCompliance  *self,
                                      const char        *phone,
                                      gint64             now,
                                      GError           **error)
{
  g_return_val_if_fail (REDIAL_IS_COMPLIANCE (self), FALSE);
  g_return_val_if_fail (phone != NULL, FALSE);

  return redial_store_is_opted_out (self->store, phone) ||
         redial_store_set_opted_out (self->store, phone, TRUE, now, "opted out at the carrier", error);
}

gboolean
redial_compliance_block (RedialCompliance  *self,
                         const char        *phone,
                         const char        *reason,
                         gint64             now,
                         GError           **error)
{
  g_return_val_if_fail (REDIAL_IS_COMPLIANCE (self), FALSE);
  g_return_val_if_fail (phone != NULL, FALSE);

  return redial_store_set_blocked (self->store, phone, TRUE, reason, now, error);
}

void
redial_compliance_unblock (RedialCompliance *self,
                           const char       *phone)
{
  g_return_if_fail (REDIAL_IS_COMPLIANCE (self));
  g_return_if_fail (phone != NULL);

  redial_store_set_blocked (self->store, phone, FALSE, NULL, 0, NULL);
}
