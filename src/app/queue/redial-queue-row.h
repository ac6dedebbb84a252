/* redial-queue-row.h: one caller in the live queue, with a running response timer. */
#pragma once

#include <gtk/gtk.h>

#include "redial-context.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_QUEUE_ROW (redial_queue_row_get_type ())
G_DECLARE_FINAL_TYPE (RedialQueueRow, redial_queue_row, REDIAL, QUEUE_ROW, GtkWidget)

/* A row that follows the tick of @context's engine while it shows a case;
 * @context is opened. */
GtkWidget  *redial_queue_row_new      (RedialContext  *context);
RedialCase *redial_queue_row_get_case (RedialQueueRow *self);
/* Shows @kase, or nothing when NULL: a row without a case costs nothing. */
void        redial_queue_row_set_case (RedialQueueRow *self,
                                       RedialCase     *kase);

/* Whether the compose box is open ("composing"). */
gboolean    redial_queue_row_get_composing (RedialQueueRow *self);
/* Closes the row's actions and shows @status in place of the case's state
 * (what was done to it: "Closed", "Blocked"); NULL opens them again. */
void        redial_queue_row_set_status (RedialQueueRow *self,
                                         const char     *status);

/* Whether the row follows the tick: only rows on screen do. */
gboolean    redial_queue_row_is_ticking (RedialQueueRow *self);

/* What the timer's tooltip says: the level of the clock it shows, then
 * each running clock and when its target falls ("First response: due in
 * 4 minutes", "Answer: was due 2 minutes ago"). NULL with no case. */
char           *redial_queue_row_dup_timer_tooltip (RedialQueueRow *self);

G_END_DECLS
