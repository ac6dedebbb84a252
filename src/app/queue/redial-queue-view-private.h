/* redial-queue-view-private.h: what the queue view's files share: its fields. */
#pragma once

#include "redial-queue-hold.h"
#include "redial-queue-view.h"

G_BEGIN_DECLS

struct _RedialQueueView
{
  GtkWidget        parent_instance;

  GtkScrolledWindow *scroller;
  GtkListView     *list_view;
  GtkRevealer     *held_revealer;
  GtkLabel        *held_label;

  RedialContext   *context;
  RedialEngine    *engine;
  RedialQueueHold *hold;
  GtkFilterListModel *shown;  /* the held queue, as filtered */
  RedialQueueFilter *filter;
  GListStore      *closed;    /* RedialCase: closed cases found, or closed today */
  GListModel      *listed;    /* the open cases shown, then the closed ones */
  GtkBox          *filters_box;
  GtkWidget       *filter_buttons[REDIAL_QUEUE_N_FILTERS];
  guint            counts[REDIAL_QUEUE_N_FILTERS];
  GHashTable      *rows;      /* RedialCase → the RedialQueueRow showing it */
  GHashTable      *pending;   /* RedialCase → Pending: Spam or Not Spam, still undoable */
  GtkEventController *motion;
  GtkEventController *focus;
  GtkRoot         *root;
  guint            release_id;
  guint            focus_tick;
  guint            focus_position;
};

G_END_DECLS
