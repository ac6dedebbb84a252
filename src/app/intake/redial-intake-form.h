/* redial-intake-form.h: the guided intake of one case: a trade's questions as chips and short fields. */
#pragma once

#include <adwaita.h>

#include "redial-intake-profile.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_INTAKE_FORM (redial_intake_form_get_type ())
G_DECLARE_FINAL_TYPE (RedialIntakeForm, redial_intake_form, REDIAL, INTAKE_FORM, AdwBin)

/* An empty form: it shows questions once it has a profile. */
GtkWidget           *redial_intake_form_new              (void);

/* Asks @profile's questions, checking postal codes against @area (NULL:
 * everywhere). Clears the answers. */
void                 redial_intake_form_set_profile      (RedialIntakeForm    *self,
                                                          RedialIntakeProfile *profile,
                                                          RedialServiceArea   *area);
RedialIntakeProfile *redial_intake_form_get_profile      (RedialIntakeForm    *self);

/* Shows @answers (question key → value as kept), as the case has them,
 * without emitting ::answer: call it when the case's answers change. */
void                 redial_intake_form_set_answers      (RedialIntakeForm    *self,
                                                          GHashTable          *answers);
/* The answer shown for @key, or NULL. */
const char          *redial_intake_form_get_answer       (RedialIntakeForm    *self,
                                                          const char          *key);

/* Offers @suggestions (RedialIntakeSuggestion, from the caller's texts),
 * each under its question with "Use"; NULL offers none. */
void                 redial_intake_form_set_suggestions  (RedialIntakeForm    *self,
                                                          GPtrArray           *suggestions);

/* Whether the questions come one at a time, the next revealed as the
 * previous is answered, or all at once. */
gboolean             redial_intake_form_get_one_at_a_time (RedialIntakeForm   *self);
void                 redial_intake_form_set_one_at_a_time (RedialIntakeForm   *self,
                                                           gboolean            one_at_a_time);

G_END_DECLS
