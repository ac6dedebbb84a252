/* redial-queue.h: the open cases a desk works, most urgent first, as a GListModel. */
#pragma once

#include <gio/gio.h>

#include "redial-case.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_QUEUE (redial_queue_get_type ())
G_DECLARE_FINAL_TYPE (RedialQueue, redial_queue, REDIAL, QUEUE, GObject)

/* An empty queue. It is a GListModel of RedialCase: emergencies first, then
 * cases waiting for a person (new, or the caller wrote back), then the
 * rest, then likely spam; longest waiting first within each. A case moves
 * when its state, kind or emergency flag changes, with one
 * ::items-changed, and only when it is out of order where it stands. */
RedialQueue *redial_queue_new     (void);

/* The queue's case with id @case_id, or NULL; owned by the queue. */
RedialCase  *redial_queue_lookup  (RedialQueue *self,
                                   gint64       case_id);
/* Adds @kase (which must not be in the queue yet) in its place. */
void         redial_queue_add     (RedialQueue *self,
                                   RedialCase  *kase);
/* Takes @kase out of the queue; nothing when it is not in it. */
void         redial_queue_remove  (RedialQueue *self,
                                   RedialCase  *kase);
/* The queue's own object for the case @fresh describes (a copy just read
 * from the store), brought up to date from it (calls, last call, opted
 * out, who owns it). Returns NULL when the queue does not hold that case. */
RedialCase  *redial_queue_merge   (RedialQueue *self,
                                   RedialCase  *fresh);

G_END_DECLS
