/* redial-queue-view-focus.c: moving through the callback queue: scrolling to a case, the row with the keyboard. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include "redial-queue-row.h"
#include "redial-queue-view-private.h"

/* The row showing @kase with the keyboard on it, moved there when it is
 * on screen. */
static gboolean
focus_row_of (RedialQueueView *self,
              RedialCase      *kase)
{
  GtkWidget *row = g_hash_table_lookup (self->rows, kase);

  if (row == NULL || !gtk_widget_get_mapped (row))
    return FALSE;
  /* The list's item holds the row: the keyboard goes to the item, as the
   * arrow keys move it. */
  return gtk_widget_grab_focus (gtk_widget_get_parent (row));
}

static gboolean
on_focus_later (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  RedialQueueView *self = REDIAL_QUEUE_VIEW (widget);
  g_autoptr(RedialCase) kase = g_list_model_get_item (self->listed, self->focus_position);

  self->focus_tick = 0;
  if (kase != NULL)
    focus_row_of (self, kase);
  return G_SOURCE_REMOVE;
}

gboolean
redial_queue_view_scroll_to_case (RedialQueueView *self,
                                  gint64           case_id)
{
  guint n;

  g_return_val_if_fail (REDIAL_IS_QUEUE_VIEW (self), FALSE);

  if (self->shown == NULL)
    return FALSE;

  n = g_list_model_get_n_items (self->listed);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RedialCase) kase = g_list_model_get_item (self->listed, i);

      if (redial_case_get_id (kase) == case_id)
        {
          gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", i);
          return TRUE;
        }
    }
  return FALSE;
}

/* The position in the list of @kase, or -1. */
static int
position_of (RedialQueueView *self,
             RedialCase      *kase)
{
  guint n;

  if (kase == NULL)
    return -1;
  n = g_list_model_get_n_items (self->listed);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RedialCase) item = g_list_model_get_item (self->listed, i);

      if (item == kase)
        return (int) i;
    }
  return -1;
}

RedialCase *
redial_queue_view_get_focused_case (RedialQueueView *self)
{
  GtkRoot *root;
  GtkWidget *focus;
  GtkWidget *row;

  g_return_val_if_fail (REDIAL_IS_QUEUE_VIEW (self), NULL);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list_view)))
    return NULL;
  row = REDIAL_IS_QUEUE_ROW (focus) ? focus : gtk_widget_get_ancestor (focus, REDIAL_TYPE_QUEUE_ROW);
  if (row == NULL)
    {
      /* The list's item around the row. */
      GtkWidget *child = gtk_widget_get_first_child (focus);

      row = child != NULL && REDIAL_IS_QUEUE_ROW (child) ? child : NULL;
    }
  return row != NULL ? redial_queue_row_get_case (REDIAL_QUEUE_ROW (row)) : NULL;
}

void
redial_queue_view_move_focus (RedialQueueView *self,
                              RedialCase      *from,
                              int              delta)
{
  RedialCase *focused;
  int n;
  int position;

  g_return_if_fail (REDIAL_IS_QUEUE_VIEW (self));

  if (self->shown == NULL)
    return;
  n = (int) g_list_model_get_n_items (self->listed);
  if (n == 0)
    return;
  focused = redial_queue_view_get_focused_case (self);
  position = position_of (self, focused != NULL ? focused : from);
  position = position < 0 ? 0 : CLAMP (position + delta, 0, n - 1);
  self->focus_position = (guint) position;
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", self->focus_position);
  {
    g_autoptr(RedialCase) kase = g_list_model_get_item (self->listed, self->focus_position);

    if (focus_row_of (self, kase))
      return;
  }
  /* A row scrolled into view exists once the list has laid it out. */
  if (self->focus_tick == 0)
    self->focus_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_focus_later, NULL, NULL);
}

void
redial_queue_view_focus (RedialQueueView *self)
{
  g_return_if_fail (REDIAL_IS_QUEUE_VIEW (self));

  if (redial_queue_view_get_focused_case (self) == NULL)
    redial_queue_view_move_focus (self, NULL, 0);
}
