/* redial-case-page-shim.h: a stand-in for the case page until it lands: the same calls, a plain pane. */
#pragma once

#include <adwaita.h>

#include "redial-context.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_CASE_PAGE (redial_case_page_get_type ())
G_DECLARE_FINAL_TYPE (RedialCasePage, redial_case_page, REDIAL, CASE_PAGE, GtkWidget)

GtkWidget  *redial_case_page_new             (void);
/* Shows @kase, or "No case open" when NULL. */
void        redial_case_page_set_case        (RedialCasePage *self,
                                              RedialCase     *kase);
RedialCase *redial_case_page_get_case        (RedialCasePage *self);
void        redial_case_page_focus_composer  (RedialCasePage *self);
void        redial_case_page_insert_template (RedialCasePage *self,
                                              guint           n);

G_END_DECLS
