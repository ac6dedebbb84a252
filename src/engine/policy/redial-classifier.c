/* redial-classifier.c: what a case is (blocked, anonymous, likely spam, known customer, new lead) and what sounds like an emergency. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include <glib/gi18n.h>

#include "redial-classifier.h"
#include "redial-text.h"

/* A burst of calls that hang up at once is how robocallers probe numbers. */
#define BURST_CALLS 3
#define BURST_WINDOW_US ((gint64) 10 * 60 * G_USEC_PER_SEC)
#define BURST_MAX_RING_US ((gint64) 2 * G_USEC_PER_SEC)

struct _RedialClassifier
{
  GObject       parent_instance;

  RedialConfig *config;
  RedialStore  *store;
};

G_DEFINE_FINAL_TYPE (RedialClassifier, redial_classifier, G_TYPE_OBJECT)

static gboolean
is_contact (RedialClassifier *self,
            const char       *caller)
{
  g_autoptr(RedialContact) contact = redial_store_find_contact (self->store, caller, NULL);

  return contact != NULL;
}

static void
redial_classifier_dispose (GObject *object)
{
  RedialClassifier *self = REDIAL_CLASSIFIER (object);

  g_clear_object (&self->store);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (redial_classifier_parent_class)->dispose (object);
}

static void
redial_classifier_class_init (RedialClassifierClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = redial_classifier_dispose;
}

static void
redial_classifier_init (RedialClassifier *self)
{
}

RedialClassifier *
redial_classifier_new (RedialConfig *config,
                       RedialStore  *store)
{
  RedialClassifier *self;

  g_return_val_if_fail (REDIAL_IS_CONFIG (config), NULL);
  g_return_val_if_fail (REDIAL_IS_STORE (store), NULL);

  self = g_object_new (REDIAL_TYPE_CLASSIFIER, NULL);
  self->config = g_object_ref (config);
  self->store = g_object_ref (store);
  return self;
}

/* Each likely-spam rule can be said in one line, which is shown on the case. */
void
redial_classifier_classify (RedialClassifier *self,
                            RedialCase       *kase,
                            RedialCall       *call)
{
  const char *caller;
  const char *name;
  g_autoptr(RedialContact) contact = NULL;
  RedialKindReason reason = REDIAL_KIND_REASON_NONE;
  RedialCaseKind kind = REDIAL_CASE_KIND_NEW_LEAD;

  g_return_if_fail (REDIAL_IS_CLASSIFIER (self));
  g_return_if_fail (REDIAL_IS_CASE (kase));
  g_return_if_fail (REDIAL_IS_CALL (call));

  caller = redial_case_get_caller (kase);
  name = redial_call_get_caller_name (call);

  if (caller == NULL)
    {
      kind = REDIAL_CASE_KIND_ANONYMOUS;
      reason = REDIAL_KIND_REASON_HIDDEN_NUMBER;
    }
  else if (redial_store_is_blocked (self->store, caller))
    {
      kind = REDIAL_CASE_KIND_BLOCKED;
      reason = REDIAL_KIND_REASON_BLOCK_LIST;
    }
  else if (name != NULL && redial_text_find_phrase (name, redial_config_get_spam_names (self->config)) != NULL)
    {
      kind = REDIAL_CASE_KIND_LIKELY_SPAM;
      reason = REDIAL_KIND_REASON_SPAM_NAME;
    }
  else if ((contact = redial_store_find_contact (self->store, caller, NULL)) != NULL)
    {
      kind = REDIAL_CASE_KIND_KNOWN_CUSTOMER;
      reason = REDIAL_KIND_REASON_CONTACT;
      if (redial_contact_get_name (contact) != NULL)
        redial_case_set_caller_name (kase, redial_contact_get_name (contact));
    }

  redial_case_set_kind (kase, kind);
  redial_case_set_kind_reason_code (kase, reason);
}

gboolean
redial_classifier_check_burst (RedialClassifier *self,
                               RedialCase       *kase,
                               gint64            now)
{
  g_return_val_if_fail (REDIAL_IS_CLASSIFIER (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), FALSE);

  /* Ringing back a busy line after a text is what a keen customer does,
   * and a contact is known: neither is a robocaller's probe. */
  if (redial_case_get_caller (kase) == NULL ||
      redial_case_get_kind (kase) != REDIAL_CASE_KIND_NEW_LEAD ||
      redial_case_get_texted_back (kase) ||
      is_contact (self, redial_case_get_caller (kase)) ||
      redial_store_count_calls_since (self->store, redial_case_get_id (kase),
                                      now - BURST_WINDOW_US, BURST_MAX_RING_US) < BURST_CALLS)
    return FALSE;

  redial_case_set_kind (kase, REDIAL_CASE_KIND_LIKELY_SPAM);
  redial_case_set_kind_reason_code (kase, REDIAL_KIND_REASON_QUICK_HANG_UPS);
  return TRUE;
}

gboolean
redial_classifier_is_emergency (RedialClassifier *self,
                                const char       *text)
{
  g_return_val_if_fail (REDIAL_IS_CLASSIFIER (self), FALSE);
  return redial_text_find_phrase (text, redial_config_get_emergency_words (self->config)) != NULL;
}
