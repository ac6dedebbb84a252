/* redial-queue-hold.h: the queue as the desk sees it, its order held still while someone aims at a row. */
#pragma once

#include <gio/gio.h>

#include "redial-case.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_QUEUE_HOLD (redial_queue_hold_get_type ())
G_DECLARE_FINAL_TYPE (RedialQueueHold, redial_queue_hold, REDIAL, QUEUE_HOLD, GObject)

/* A GListModel of RedialCase following @queue (a GListModel of
 * RedialCase, referenced). While not held it is @queue, change for
 * change. While held, its order does not change: cases that moved in
 * @queue stay where they are ("updated"), cases that left it stay
 * ("gone"), and new cases wait ("new"), except emergencies (a new case,
 * or one just found to be), which go on top at once and are announced
 * with ::emergency. */
RedialQueueHold *redial_queue_hold_new         (GListModel      *queue);

gboolean         redial_queue_hold_get_held    (RedialQueueHold *self);
/* Holding again after a release applies what waited. */
void             redial_queue_hold_set_held    (RedialQueueHold *self,
                                                gboolean         held);
/* Shows @queue as it is now, whether held or not. */
void             redial_queue_hold_apply       (RedialQueueHold *self);

/* What waits to be shown while held. */
guint            redial_queue_hold_get_n_updated (RedialQueueHold *self);
guint            redial_queue_hold_get_n_new     (RedialQueueHold *self);
guint            redial_queue_hold_get_n_gone    (RedialQueueHold *self);
/* Whether @kase is still shown though it has left the queue. */
gboolean         redial_queue_hold_is_gone       (RedialQueueHold *self,
                                                  RedialCase      *kase);

G_END_DECLS
