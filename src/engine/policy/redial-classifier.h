/* redial-classifier.h: what a case is (blocked, anonymous, likely spam, known customer, new lead) and what sounds like an emergency. */
#pragma once

#include <glib-object.h>

#include "redial-call.h"
#include "redial-case.h"
#include "redial-config.h"
#include "redial-store.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_CLASSIFIER (redial_classifier_get_type ())
G_DECLARE_FINAL_TYPE (RedialClassifier, redial_classifier, REDIAL, CLASSIFIER, GObject)

/* A classifier applying @config's spam names and emergency words, looking
 * up the block list and the contacts in @store. */
RedialClassifier *redial_classifier_new           (RedialConfig     *config,
                                                   RedialStore      *store);

/* Decides the kind of the new case @kase opened by @call, before anything
 * is sent, with a one-line reason shown on the case; a known customer's
 * case takes the contact's name. Changes @kase only, not the store. */
void              redial_classifier_classify      (RedialClassifier *self,
                                                   RedialCase       *kase,
                                                   RedialCall       *call);

/* Whether the calls joining @kase, a new lead, now look like a
 * robocaller's probe (three calls in ten minutes, each ringing 2 s at
 * most); if so, makes @kase likely spam with the reason, and returns TRUE.
 * Never for a case already texted back or a number in the contacts.
 * Reads the calls at @now from the store. */
gboolean          redial_classifier_check_burst   (RedialClassifier *self,
                                                   RedialCase       *kase,
                                                   gint64            now);

/* Whether @text holds one of the business's emergency words. */
gboolean          redial_classifier_is_emergency  (RedialClassifier *self,
                                                   const char       *text);

G_END_DECLS
