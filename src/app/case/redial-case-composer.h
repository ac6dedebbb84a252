/* redial-case-composer.h: the answer to an open case: a text with one-click templates, or an internal note. */
#pragma once

#include <gtk/gtk.h>

#include "redial-case.h"
#include "redial-context.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_CASE_COMPOSER (redial_case_composer_get_type ())
G_DECLARE_FINAL_TYPE (RedialCaseComposer, redial_case_composer, REDIAL, CASE_COMPOSER, GtkWidget)

/* A composer writing for @context's desk (opened). It names the
 * recipient, counts characters and billed texts as they are typed, and
 * says why before anything is typed when the caller cannot be texted.
 * Sends through app.send-text and app.add-note ("(xs)": case id, text). */
GtkWidget  *redial_case_composer_new             (RedialContext      *context);

/* Writes to @kase (NULL: nobody); what was being written is dropped. */
void        redial_case_composer_set_case        (RedialCaseComposer *self,
                                                  RedialCase         *kase);
/* Looks again at whether the caller can be texted, and at the name. */
void        redial_case_composer_refresh         (RedialCaseComposer *self);

/* Inserts the @n-th reply template (from 1): filled in when the case
 * fills every placeholder, else a form whose empty fields must be filled
 * before Send is enabled. FALSE when there is no such template or texts
 * cannot be sent. */
gboolean    redial_case_composer_insert_template (RedialCaseComposer *self,
                                                  guint               n);
void        redial_case_composer_focus           (RedialCaseComposer *self);

/* Whether Send would send now. */
gboolean    redial_case_composer_can_send        (RedialCaseComposer *self);
/* Sends what is written (Ctrl+Enter); FALSE when nothing could be sent. */
gboolean    redial_case_composer_send            (RedialCaseComposer *self);

G_END_DECLS
