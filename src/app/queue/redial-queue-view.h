/* redial-queue-view.h: the callback queue a desk acts on, still while it is aimed at. */
#pragma once

#include <gtk/gtk.h>

#include "redial-context.h"
#include "redial-queue-filter.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_QUEUE_VIEW (redial_queue_view_get_type ())
G_DECLARE_FINAL_TYPE (RedialQueueView, redial_queue_view, REDIAL, QUEUE_VIEW, GtkWidget)

/* Emits ::case-activated (RedialCase *kase, gboolean compose) when a row
 * is opened by Enter, a click or its menu (queue.open-case, or
 * queue.compose to write to the caller).
 *
 * Shows the queue of @context's engine (opened), with the desk's actions
 * on its cases: queue.call-back, queue.send-text, queue.confirm-spam,
 * queue.restore (the last two after a few seconds in which they can be
 * undone) and queue.apply-changes. While the pointer is over the list,
 * the keyboard works in it or a text is being written, the order does
 * not change: what changed waits, counted below the list, until then or
 * until asked. Toasts go to the nearest AdwToastOverlay above the view. */
void     redial_queue_view_set_context (RedialQueueView *self,
                                        RedialContext   *context);

/* Shows only the cases with the @n_ids ids at @ids (the callers an alert
 * spoke of, or a report's figure counts), the closed ones below the
 * open; no ids shows every case again. */
void     redial_queue_view_show_only   (RedialQueueView *self,
                                        const gint64    *ids,
                                        gsize            n_ids);
/* Scrolls to the case with id @case_id; FALSE when it is not shown (it was
 * closed, or is filtered out). */
gboolean redial_queue_view_scroll_to_case (RedialQueueView *self,
                                           gint64           case_id);

/* The case of the row with the keyboard, or NULL. */
RedialCase *redial_queue_view_get_focused_case (RedialQueueView *self);
/* Moves the keyboard @delta rows down (up when negative) from the row
 * that has it, else from the row of @from (or NULL), else to the first
 * row, scrolling it into view (j and k). */
void     redial_queue_view_move_focus  (RedialQueueView *self,
                                        RedialCase      *from,
                                        int              delta);
/* Puts the keyboard in the list, on the first row unless a row has it. */
void     redial_queue_view_focus       (RedialQueueView *self);

/* Shows only the cases whose caller's name or number answers @query,
 * closed ones too (listed below the open ones); NULL or "" for all. */
void     redial_queue_view_set_search  (RedialQueueView *self,
                                        const char      *query);
/* Shows the cases of @kind, as its button above the list does. */
void     redial_queue_view_set_filter  (RedialQueueView       *self,
                                        RedialQueueFilterKind  kind);
/* How many cases @kind holds, as its button says. */
guint    redial_queue_view_get_count   (RedialQueueView       *self,
                                        RedialQueueFilterKind  kind);

/* Whether the order is held still. */
gboolean redial_queue_view_get_held    (RedialQueueView *self);

G_END_DECLS
