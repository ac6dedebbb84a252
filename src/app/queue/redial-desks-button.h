/* redial-desks-button.h: in the queue's header, who is at which of the other desks. */
#pragma once

#include <adwaita.h>

#include "redial-context.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_DESKS_BUTTON (redial_desks_button_get_type ())
G_DECLARE_FINAL_TYPE (RedialDesksButton, redial_desks_button, REDIAL, DESKS_BUTTON, GtkWidget)

/* A button, shown while other desks share the store, counting them; its
 * popover lists each: the person, the computer, the case they have open. */
GtkWidget *redial_desks_button_new         (void);
/* Follows @context's presence (@context opened). */
void       redial_desks_button_set_context (RedialDesksButton *self,
                                            RedialContext     *context);
/* The popover's list: a GtkListBox with one row per other desk. */
GtkWidget *redial_desks_button_get_list    (RedialDesksButton *self);

G_END_DECLS
