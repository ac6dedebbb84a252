/* redial-case-page.h: the open case: who called, what happened since, and the desk's answer. */
#pragma once

#include <adwaita.h>

#include "redial-case.h"
#include "redial-context.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_CASE_PAGE (redial_case_page_get_type ())
G_DECLARE_FINAL_TYPE (RedialCasePage, redial_case_page, REDIAL, CASE_PAGE, AdwBin)

/* A page showing "No case open" until it has a "context" and a case.
 *
 * Its buttons act through the application's actions, with the case's id:
 * app.claim-case, app.release-case, app.call-back, app.reopen-case ("x"),
 * app.record-call-outcome ("(xs)": id, RedialCallOutcome name),
 * app.send-text and app.add-note ("(xs)": id, text), app.close-case
 * ("(xsx)": id, RedialCaseOutcome name, job value in cents or -1), then,
 * when "Then open the next case" is ticked, app.open-next-case (no
 * parameter); booking, through redial-case-booking.h's actions. The page follows the engine's ::timeline-changed and the
 * case's properties live. Alt+1…9 insert reply templates, Ctrl+Enter
 * sends what is written. */
GtkWidget     *redial_case_page_new              (void);

RedialContext *redial_case_page_get_context      (RedialCasePage *self);
/* @context opened: its engine is used. */
void           redial_case_page_set_context      (RedialCasePage *self,
                                                  RedialContext  *context);

/* The case shown, or NULL for "No case open". */
RedialCase    *redial_case_page_get_case         (RedialCasePage *self);
/* Shows @kase (NULL: none) with its whole timeline, scrolled to the newest. */
void           redial_case_page_set_case         (RedialCasePage *self,
                                                  RedialCase     *kase);

/* Whether the Back button shows (the window is folded to one pane);
 * clicking it emits ::back. */
gboolean       redial_case_page_get_show_back    (RedialCasePage *self);
void           redial_case_page_set_show_back    (RedialCasePage *self,
                                                  gboolean        show_back);

/* Puts the keyboard in the composer, when the caller can be written to
 * (or a note taken). */
void           redial_case_page_focus_composer   (RedialCasePage *self);
/* Inserts the @n-th reply template (from 1) in the composer, as Alt+@n
 * does; nothing when there is no such template. */
void           redial_case_page_insert_template  (RedialCasePage *self,
                                                  guint           n);

G_END_DECLS
