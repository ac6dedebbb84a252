/* redial-queue-view.c: the callback queue a desk acts on, still while it is aimed at. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "redial-queue.h"
#include "redial-queue-filter.h"
#include "redial-queue-hold.h"
#include "redial-queue-row.h"
#include "redial-queue-view-private.h"

/* How long Spam and Not Spam can be undone before they are done. */
#define UNDO_US (5 * G_USEC_PER_SEC)

typedef struct _Pending Pending;

G_DEFINE_FINAL_TYPE (RedialQueueView, redial_queue_view, GTK_TYPE_WIDGET)

enum {
  CASE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Spam or Not Spam, clicked and not done yet. */
struct _Pending
{
  RedialQueueView *view;
  RedialCase      *kase;
  gboolean         spam;
  AdwToast        *toast;
  guint            commit_id;
};

static void
show_toast (RedialQueueView *self,
            AdwToast        *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autoptr(AdwToast) owned = toast;

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), g_steal_pointer (&owned));
}

static void
show_message (RedialQueueView *self,
              const char      *message)
{
  /* Toast titles are markup: the message is text. */
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  show_toast (self, adw_toast_new (escaped));
}

static char *
dup_caller_name (RedialCase *kase)
{
  const char *name = redial_case_get_caller_name (kase);

  if (name == NULL)
    name = redial_case_get_caller (kase);
  return g_strdup (name != NULL ? name : _("Hidden number"));
}

/* What the row of @kase shows in place of its state while its actions
 * are closed, or NULL. */
static const char *
status_of (RedialQueueView *self,
           RedialCase      *kase)
{
  Pending *pending = g_hash_table_lookup (self->pending, kase);

  if (pending != NULL)
    return pending->spam ? _("Spam") : _("Not spam");
  if (self->hold != NULL && redial_queue_hold_is_gone (self->hold, kase))
    return _("Closed");
  if (redial_case_get_closed_at (kase) > 0)
    return _("Closed");
  return NULL;
}

static void
update_row_status (RedialQueueView *self,
                   RedialCase      *kase)
{
  RedialQueueRow *row = g_hash_table_lookup (self->rows, kase);

  if (row != NULL)
    redial_queue_row_set_status (row, status_of (self, kase));
}

static void
update_all_statuses (RedialQueueView *self)
{
  GHashTableIter iter;
  gpointer kase;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &kase, NULL))
    update_row_status (self, kase);
}

static void
update_held_bar (RedialQueueView *self)
{
  guint n_updated = redial_queue_hold_get_n_updated (self->hold);
  guint n_new = redial_queue_hold_get_n_new (self->hold);
  guint n_gone = redial_queue_hold_get_n_gone (self->hold);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;

  if (n_updated > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u updated", "%u updated", n_updated),
                                             n_updated));
  if (n_new > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new", "%u new", n_new), n_new));
  if (n_gone > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u closed", "%u closed", n_gone),
                                             n_gone));
  g_ptr_array_add (parts, NULL);

  /* "2 updated · 1 new" */
  text = g_strjoinv (" · ", (char **) parts->pdata);
  gtk_label_set_text (self->held_label, text);
  gtk_revealer_set_reveal_child (self->held_revealer, n_updated + n_new + n_gone > 0);
}

static void
on_hold_counts (RedialQueueView *self,
                GParamSpec      *pspec,
                RedialQueueHold *hold)
{
  update_held_bar (self);
  update_all_statuses (self);
}

static void
on_hold_emergency (RedialQueueView *self,
                   RedialCase      *kase,
                   RedialQueueHold *hold)
{
  g_autofree char *name = dup_caller_name (kase);
  g_autofree char *text = g_strdup_printf (_("New emergency on top: %s"), name);
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  show_toast (self, toast);
}

static void update_held (RedialQueueView *self);

static gboolean
release_hold (gpointer data)
{
  RedialQueueView *self = data;

  self->release_id = 0;
  update_held (self);
  if (self->release_id != 0)
    {
      g_clear_handle_id (&self->release_id, g_source_remove);
      redial_queue_hold_set_held (self->hold, FALSE);
    }
  return G_SOURCE_REMOVE;
}

/* The order stands still while the desk aims at a row: the pointer over
 * the list, the keyboard in it (focus shown, not just left there by a
 * click) or a text being written. */
static void
update_held (RedialQueueView *self)
{
  gboolean held = FALSE;
  GHashTableIter iter;
  gpointer row;

  if (self->hold == NULL)
    return;

  if (gtk_event_controller_motion_contains_pointer (GTK_EVENT_CONTROLLER_MOTION (self->motion)))
    held = TRUE;
  if (gtk_event_controller_focus_contains_focus (GTK_EVENT_CONTROLLER_FOCUS (self->focus)) &&
      self->root != NULL && gtk_window_get_focus_visible (GTK_WINDOW (self->root)))
    held = TRUE;
  g_hash_table_iter_init (&iter, self->rows);
  while (!held && g_hash_table_iter_next (&iter, NULL, &row))
    held = redial_queue_row_get_composing (row);

  if (held)
    {
      g_clear_handle_id (&self->release_id, g_source_remove);
      redial_queue_hold_set_held (self->hold, TRUE);
    }
  else if (redial_queue_hold_get_held (self->hold) && self->release_id == 0)
    /* Let go once the event that ended the hold is over: putting the list
     * in order may recycle the very row that handles it (a compose box
     * closing as its text is sent). */
    self->release_id = g_idle_add_full (G_PRIORITY_DEFAULT, release_hold, self, NULL);
}

static void
on_aim_changed (RedialQueueView *self)
{
  update_held (self);
}

static void
on_setup_row (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              RedialQueueView          *self)
{
  GtkWidget *row = redial_queue_row_new (self->context);

  g_signal_connect_object (row, "notify::composing", G_CALLBACK (on_aim_changed), self, G_CONNECT_SWAPPED);
  gtk_list_item_set_child (item, row);
}

static void
on_bind_row (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             RedialQueueView          *self)
{
  RedialQueueRow *row = REDIAL_QUEUE_ROW (gtk_list_item_get_child (item));
  RedialCase *kase = gtk_list_item_get_item (item);

  redial_queue_row_set_status (row, status_of (self, kase));
  redial_queue_row_set_case (row, kase);
  g_hash_table_insert (self->rows, kase, row);
}

static void
on_unbind_row (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               RedialQueueView          *self)
{
  RedialQueueRow *row = REDIAL_QUEUE_ROW (gtk_list_item_get_child (item));
  RedialCase *kase = redial_queue_row_get_case (row);

  if (kase != NULL && g_hash_table_lookup (self->rows, kase) == row)
    g_hash_table_remove (self->rows, kase);
  redial_queue_row_set_case (row, NULL);
  redial_queue_row_set_status (row, NULL);
}

static RedialCase *
find_case (RedialQueueView *self,
           GVariant        *parameter)
{
  if (self->engine == NULL)
    return NULL;
  return redial_queue_lookup (REDIAL_QUEUE (redial_engine_get_queue (self->engine)),
                              g_variant_get_int64 (parameter));
}

static void
pending_free (Pending *pending)
{
  if (pending->commit_id != 0)
    redial_clock_cancel (redial_context_get_clock (pending->view->context), pending->commit_id);
  g_signal_handlers_disconnect_by_data (pending->toast, pending);
  g_object_unref (pending->toast);
  g_object_unref (pending->kase);
  g_free (pending);
}

/* Does what was clicked, now that it can no longer be undone. */
static void
commit (Pending *pending)
{
  RedialQueueView *self = pending->view;
  g_autoptr(RedialCase) kase = g_object_ref (pending->kase);
  g_autoptr(GError) error = NULL;
  gboolean spam = pending->spam;
  gboolean done;

  g_hash_table_remove (self->pending, kase);
  if (spam)
    done = redial_engine_confirm_spam (self->engine, kase, &error);
  else
    done = redial_engine_restore (self->engine, kase, &error);
  if (!done)
    show_message (self, error->message);
  update_row_status (self, kase);
}

static gboolean
on_undo_expired (gpointer user_data)
{
  Pending *pending = user_data;

  pending->commit_id = 0;
  commit (pending);
  return G_SOURCE_REMOVE;
}

static void
on_undo_clicked (AdwToast *toast,
                 Pending  *pending)
{
  RedialQueueView *self = pending->view;
  g_autoptr(RedialCase) kase = g_object_ref (pending->kase);

  g_hash_table_remove (self->pending, kase);
  update_row_status (self, kase);
}

/* Spam and Not Spam wait a few seconds, with a toast to undo them, before
 * the number is blocked or the caller texted. */
static void
hold_for_undo (RedialQueueView *self,
               GVariant        *parameter,
               gboolean         spam)
{
  RedialCase *kase = find_case (self, parameter);
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  Pending *pending;

  if (kase == NULL || g_hash_table_contains (self->pending, kase))
    return;

  name = dup_caller_name (kase);
  title = spam ? g_strdup_printf (_("%s will be blocked and the case closed"), name)
               : g_strdup_printf (_("%s will be texted back as a new lead"), name);
  escaped = g_markup_escape_text (title, -1);

  pending = g_new0 (Pending, 1);
  pending->view = self;
  pending->kase = g_object_ref (kase);
  pending->spam = spam;
  pending->toast = adw_toast_new (escaped);
  adw_toast_set_button_label (pending->toast, _("_Undo"));
  /* The toast goes by itself as the action is done: dismissing it from
   * here while it is shown upsets libadwaita 1.2's toast overlay. */
  adw_toast_set_timeout (pending->toast, UNDO_US / G_USEC_PER_SEC);
  /* What the person just clicked is answered at once, even while an
   * alert's toast is showing: an Undo that waits its turn is no Undo. */
  adw_toast_set_priority (pending->toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect (pending->toast, "button-clicked", G_CALLBACK (on_undo_clicked), pending);
  pending->commit_id = redial_clock_schedule (redial_context_get_clock (self->context), UNDO_US,
                                              on_undo_expired, pending, NULL);
  g_hash_table_insert (self->pending, pending->kase, pending);

  show_toast (self, g_object_ref (pending->toast));
  update_row_status (self, kase);
}

static void
confirm_spam_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  hold_for_undo (REDIAL_QUEUE_VIEW (widget), parameter, TRUE);
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  hold_for_undo (REDIAL_QUEUE_VIEW (widget), parameter, FALSE);
}

static void
on_called_back (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RedialQueueView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!redial_engine_call_back_finish (REDIAL_ENGINE (source), result, &error))
    show_message (self, error->message);
}

static void
call_back_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RedialQueueView *self = REDIAL_QUEUE_VIEW (widget);
  RedialCase *kase = find_case (self, parameter);
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  if (kase == NULL)
    return;

  name = dup_caller_name (kase);
  text = g_strdup_printf (_("Calling %s: pick up your desk phone"), name);
  show_message (self, text);
  redial_engine_call_back_async (self->engine, kase, NULL, on_called_back, g_object_ref (self));
}

static void
send_text_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RedialQueueView *self = REDIAL_QUEUE_VIEW (widget);
  g_autoptr(GVariant) id = g_variant_get_child_value (parameter, 0);
  g_autoptr(GError) error = NULL;
  RedialCase *kase = find_case (self, id);
  const char *text;

  g_variant_get_child (parameter, 1, "&s", &text);
  if (kase == NULL)
    return;

  /* Whatever was clicked, an opted-out or blocked number gets nothing,
   * and the desk is told why. */
  if (!redial_engine_send_text (self->engine, kase, text, &error))
    show_message (self, error->message);
  else
    show_message (self, _("Text sent"));
}

static void
open_case_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RedialQueueView *self = REDIAL_QUEUE_VIEW (widget);
  RedialCase *kase = find_case (self, parameter);

  if (kase != NULL)
    g_signal_emit (self, signals[CASE_ACTIVATED], 0, kase, g_str_equal (action_name, "queue.compose"));
}

static void
apply_changes_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  RedialQueueView *self = REDIAL_QUEUE_VIEW (widget);

  if (self->hold != NULL)
    redial_queue_hold_apply (self->hold);
}

/* Enter on a row, or a click on it. */
static void
on_activate (RedialQueueView *self,
             guint            position,
             GtkListView     *list_view)
{
  g_autoptr(RedialCase) kase = g_list_model_get_item (self->listed, position);

  if (kase != NULL)
    g_signal_emit (self, signals[CASE_ACTIVATED], 0, kase, FALSE);
}

static GPtrArray *
list_closed_today (RedialQueueView *self)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *closed = redial_queue_filter_list_closed_today (redial_context_get_store (self->context),
                                                             redial_clock_now (redial_context_get_clock (self->context)),
                                                             &error);

  if (closed == NULL)
    g_warning ("Closed cases cannot be listed: %s", error->message);
  return closed;
}

/* The cases with the @n_ids ids at @ids that the store still has. */
static GPtrArray *
list_cases (RedialQueueView *self,
            const gint64    *ids,
            gsize            n_ids)
{
  GPtrArray *cases = g_ptr_array_new_with_free_func (g_object_unref);

  for (gsize i = 0; i < n_ids; i++)
    {
      RedialCase *kase = redial_store_get_case (redial_context_get_store (self->context), ids[i], NULL);

      if (kase != NULL)
        g_ptr_array_add (cases, kase);
    }
  return cases;
}

/* The closed cases listed below the open ones: today's under Closed
 * today, else those a search finds, else those of the ids shown. */
static void
update_closed (RedialQueueView *self)
{
  const char *search = redial_queue_filter_get_search (self->filter);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  gsize n_ids;
  const gint64 *ids = redial_queue_filter_get_ids (self->filter, &n_ids);

  if (redial_queue_filter_get_kind (self->filter) == REDIAL_QUEUE_FILTER_CLOSED_TODAY)
    found = list_closed_today (self);
  else if (search == NULL && n_ids > 0)
    found = list_cases (self, ids, n_ids);
  else if (search != NULL)
    {
      found = redial_store_search_cases (redial_context_get_store (self->context), search, 50, &error);
      if (found == NULL)
        g_warning ("Cases cannot be searched: %s", error->message);
    }
  for (guint i = 0; found != NULL && i < found->len; i++)
    {
      RedialCase *kase = g_ptr_array_index (found, i);

      if (redial_case_get_closed_at (kase) > 0 &&
          (search == NULL || redial_queue_filter_search_matches (kase, search)))
        g_ptr_array_add (shown, kase);
    }
  g_list_store_splice (self->closed, 0, g_list_model_get_n_items (G_LIST_MODEL (self->closed)),
                       shown->pdata, shown->len);
}

/* Each filter's button says how many cases it holds; @closed counts the
 * closed ones again too (a database query: not every tick). */
static void
update_counts (RedialQueueView *self,
               gboolean         closed)
{
  GListModel *queue = redial_engine_get_queue (self->engine);
  const char *me = redial_engine_get_desk_user (self->engine);
  guint n = g_list_model_get_n_items (queue);

  for (guint k = 0; k < REDIAL_QUEUE_FILTER_CLOSED_TODAY; k++)
    self->counts[k] = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RedialCase) kase = g_list_model_get_item (queue, i);

      for (guint k = 0; k < REDIAL_QUEUE_FILTER_CLOSED_TODAY; k++)
        if (redial_queue_filter_kind_matches (k, kase, me))
          self->counts[k]++;
    }
  if (closed)
    {
      g_autoptr(GPtrArray) today = list_closed_today (self);

      self->counts[REDIAL_QUEUE_FILTER_CLOSED_TODAY] = today != NULL ? today->len : 0;
    }
  for (guint k = 0; k < REDIAL_QUEUE_N_FILTERS; k++)
    {
      /* Translators: a filter of the queue and how many cases it holds: "Mine 3" */
      g_autofree char *label = g_strdup_printf (_("%s %u"), redial_queue_filter_kind_name (k), self->counts[k]);

      if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (self->filter_buttons[k])), label) != 0)
        gtk_button_set_label (GTK_BUTTON (self->filter_buttons[k]), label);
    }
}

static void
on_queue_changed (RedialQueueView *self,
                  guint            position,
                  guint            removed,
                  guint            added,
                  GListModel      *queue)
{
  update_counts (self, removed > 0);
  if (removed > 0 && redial_queue_filter_get_kind (self->filter) == REDIAL_QUEUE_FILTER_CLOSED_TODAY)
    update_closed (self);
}

/* Owners, targets and emergencies change without the queue moving. */
static void
on_tick (RedialQueueView *self,
         gint64           now,
         RedialEngine    *engine)
{
  update_counts (self, FALSE);
  redial_queue_filter_refresh (self->filter, G_LIST_MODEL (self->hold));
}

static void
on_desk_user_changed (RedialQueueView *self,
                      GParamSpec      *pspec,
                      RedialEngine    *engine)
{
  redial_queue_filter_set_desk_user (self->filter, redial_engine_get_desk_user (engine));
  update_counts (self, FALSE);
}

static void
on_filter_toggled (RedialQueueView *self,
                   GtkToggleButton *button)
{
  if (self->filter == NULL || !gtk_toggle_button_get_active (button))
    return;
  for (guint k = 0; k < REDIAL_QUEUE_N_FILTERS; k++)
    if (self->filter_buttons[k] == GTK_WIDGET (button))
      redial_queue_filter_set_kind (self->filter, k);
  update_closed (self);
}

static void
add_filter_buttons (RedialQueueView *self)
{
  for (guint k = 0; k < REDIAL_QUEUE_N_FILTERS; k++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_label (redial_queue_filter_kind_name (k));

      gtk_widget_add_css_class (button, "pill-small");
      gtk_widget_add_css_class (button, "filter");
      if (k > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), GTK_TOGGLE_BUTTON (self->filter_buttons[0]));
      g_signal_connect_object (button, "toggled", G_CALLBACK (on_filter_toggled), self, G_CONNECT_SWAPPED);
      gtk_box_append (self->filters_box, button);
      self->filter_buttons[k] = button;
    }
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->filter_buttons[0]), TRUE);
}

static void
redial_queue_view_root (GtkWidget *widget)
{
  RedialQueueView *self = REDIAL_QUEUE_VIEW (widget);

  GTK_WIDGET_CLASS (redial_queue_view_parent_class)->root (widget);
  self->root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (self->root))
    g_signal_connect_object (self->root, "notify::focus-visible", G_CALLBACK (on_aim_changed),
                             self, G_CONNECT_SWAPPED);
  else
    self->root = NULL;
}

static void
redial_queue_view_unroot (GtkWidget *widget)
{
  RedialQueueView *self = REDIAL_QUEUE_VIEW (widget);

  if (self->root != NULL)
    g_signal_handlers_disconnect_by_func (self->root, on_aim_changed, self);
  self->root = NULL;
  GTK_WIDGET_CLASS (redial_queue_view_parent_class)->unroot (widget);
}

static void
redial_queue_view_dispose (GObject *object)
{
  RedialQueueView *self = REDIAL_QUEUE_VIEW (object);
  g_autoptr(GList) pending = g_hash_table_get_values (self->pending);
  GtkWidget *child;

  /* What the desk decided is done, even when the window goes first. */
  for (GList *l = pending; l != NULL; l = l->next)
    commit (l->data);

  g_clear_handle_id (&self->release_id, g_source_remove);
  if (self->focus_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->focus_tick);
  self->focus_tick = 0;
  if (self->list_view != NULL)
    {
      gtk_list_view_set_model (self->list_view, NULL);
      gtk_list_view_set_factory (self->list_view, NULL);
    }
  g_hash_table_remove_all (self->rows);
  gtk_widget_dispose_template (GTK_WIDGET (self), REDIAL_TYPE_QUEUE_VIEW);
  /* A plain GtkWidget parent unparents its children itself. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->listed);
  g_clear_object (&self->closed);
  g_clear_object (&self->shown);
  g_clear_object (&self->filter);
  g_clear_object (&self->hold);
  g_clear_object (&self->engine);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (redial_queue_view_parent_class)->dispose (object);
}

static void
redial_queue_view_finalize (GObject *object)
{
  RedialQueueView *self = REDIAL_QUEUE_VIEW (object);

  g_hash_table_unref (self->pending);
  g_hash_table_unref (self->rows);

  G_OBJECT_CLASS (redial_queue_view_parent_class)->finalize (object);
}

static void
redial_queue_view_class_init (RedialQueueViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = redial_queue_view_dispose;
  object_class->finalize = redial_queue_view_finalize;
  widget_class->root = redial_queue_view_root;
  widget_class->unroot = redial_queue_view_unroot;

  /* A row was opened by Enter, a click or its menu; to write to the
   * caller when the boolean is TRUE. */
  signals[CASE_ACTIVATED] = g_signal_new ("case-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 2, REDIAL_TYPE_CASE,
                                          G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/redial/Redial/redial-queue-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RedialQueueView, scroller);
  gtk_widget_class_bind_template_child (widget_class, RedialQueueView, list_view);
  gtk_widget_class_bind_template_child (widget_class, RedialQueueView, held_revealer);
  gtk_widget_class_bind_template_child (widget_class, RedialQueueView, held_label);
  gtk_widget_class_bind_template_child (widget_class, RedialQueueView, filters_box);

  gtk_widget_class_install_action (widget_class, "queue.confirm-spam", "x", confirm_spam_action);
  gtk_widget_class_install_action (widget_class, "queue.restore", "x", restore_action);
  gtk_widget_class_install_action (widget_class, "queue.call-back", "x", call_back_action);
  gtk_widget_class_install_action (widget_class, "queue.send-text", "(xs)", send_text_action);
  gtk_widget_class_install_action (widget_class, "queue.apply-changes", NULL, apply_changes_action);
  gtk_widget_class_install_action (widget_class, "queue.open-case", "x", open_case_action);
  gtk_widget_class_install_action (widget_class, "queue.compose", "x", open_case_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "queueview");
}

static void
redial_queue_view_init (RedialQueueView *self)
{
  self->rows = g_hash_table_new (NULL, NULL);
  self->pending = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) pending_free);

  gtk_widget_init_template (GTK_WIDGET (self));
  add_filter_buttons (self);

  self->motion = gtk_event_controller_motion_new ();
  g_signal_connect_object (self->motion, "notify::contains-pointer", G_CALLBACK (on_aim_changed),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), self->motion);
  self->focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (self->focus, "notify::contains-focus", G_CALLBACK (on_aim_changed),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), self->focus);

  gtk_list_view_set_single_click_activate (self->list_view, TRUE);
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (on_activate), self, G_CONNECT_SWAPPED);
}

void
redial_queue_view_set_context (RedialQueueView *self,
                               RedialContext   *context)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkSelectionModel) selection = NULL;
  g_autoptr(GListStore) parts = NULL;

  g_return_if_fail (REDIAL_IS_QUEUE_VIEW (self));
  g_return_if_fail (REDIAL_IS_CONTEXT (context));
  g_return_if_fail (self->context == NULL);
  g_return_if_fail (REDIAL_IS_ENGINE (redial_context_get_engine (context)));

  self->context = g_object_ref (context);
  self->engine = g_object_ref (redial_context_get_engine (context));
  self->hold = redial_queue_hold_new (redial_engine_get_queue (self->engine));
  g_signal_connect_object (self->hold, "notify::n-updated", G_CALLBACK (on_hold_counts), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->hold, "notify::n-new", G_CALLBACK (on_hold_counts), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->hold, "notify::n-gone", G_CALLBACK (on_hold_counts), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->hold, "emergency", G_CALLBACK (on_hold_emergency), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (on_setup_row), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (on_bind_row), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (on_unbind_row), self, 0);

  self->filter = redial_queue_filter_new ();
  redial_queue_filter_set_desk_user (self->filter, redial_engine_get_desk_user (self->engine));
  self->shown = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->hold)),
                                           GTK_FILTER (g_object_ref (self->filter)));
  self->closed = g_list_store_new (REDIAL_TYPE_CASE);
  parts = g_list_store_new (G_TYPE_LIST_MODEL);
  g_list_store_append (parts, self->shown);
  g_list_store_append (parts, self->closed);
  self->listed = G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (g_steal_pointer (&parts))));
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (self->listed)));
  g_signal_connect_object (self->engine, "notify::agent-name", G_CALLBACK (on_desk_user_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (redial_engine_get_queue (self->engine), "items-changed", G_CALLBACK (on_queue_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->engine, "tick", G_CALLBACK (on_tick), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, selection);
  update_held (self);
  update_counts (self, TRUE);
}

gboolean
redial_queue_view_get_held (RedialQueueView *self)
{
  g_return_val_if_fail (REDIAL_IS_QUEUE_VIEW (self), FALSE);
  return self->hold != NULL && redial_queue_hold_get_held (self->hold);
}

void
redial_queue_view_show_only (RedialQueueView *self,
                             const gint64    *ids,
                             gsize            n_ids)
{
  g_return_if_fail (REDIAL_IS_QUEUE_VIEW (self));
  g_return_if_fail (ids != NULL || n_ids == 0);

  if (self->filter == NULL)
    return;

  /* An alert's cases are among the open ones, whatever the filter. */
  if (n_ids > 0)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->filter_buttons[REDIAL_QUEUE_FILTER_ALL]), TRUE);
  redial_queue_filter_set_ids (self->filter, ids, n_ids);
  update_closed (self);
}

void
redial_queue_view_set_search (RedialQueueView *self,
                              const char      *query)
{
  g_return_if_fail (REDIAL_IS_QUEUE_VIEW (self));

  if (self->filter == NULL)
    return;
  redial_queue_filter_set_search (self->filter, query);
  update_closed (self);
}

void
redial_queue_view_set_filter (RedialQueueView       *self,
                              RedialQueueFilterKind  kind)
{
  g_return_if_fail (REDIAL_IS_QUEUE_VIEW (self));
  g_return_if_fail (kind < REDIAL_QUEUE_N_FILTERS);

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->filter_buttons[kind]), TRUE);
}

guint
redial_queue_view_get_count (RedialQueueView       *self,
                             RedialQueueFilterKind  kind)
{
  g_return_val_if_fail (REDIAL_IS_QUEUE_VIEW (self), 0);
  g_return_val_if_fail (kind < REDIAL_QUEUE_N_FILTERS, 0);
  return self->counts[kind];
}
