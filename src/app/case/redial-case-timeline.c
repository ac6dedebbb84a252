/* redial-case-timeline.c: everything that happened to a case, oldest first, following it live. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include <glib/gi18n.h>

#include "redial-case-timeline.h"
#include "redial-timeline-row.h"

/* How near the end counts as "at the bottom", in pixels. */
#define BOTTOM_SLACK 8
/* How many of the newest items the first frame shows, and how many more
 * come in above on each of the next frames until the view is full, then
 * each time the person scrolls up to the oldest shown: GtkListView makes
 * rows for up to 200 items around the view, and a row costs a few
 * milliseconds to lay out. */
#define FIRST_ITEMS 6
#define MORE_ITEMS 16

struct _RedialCaseTimeline
{
  GtkWidget      parent_instance;

  GtkWidget     *overlay;
  GtkWidget     *scrolled;
  GtkWidget     *list_view;
  GtkWidget     *new_button;

  RedialClock   *clock;
  GListStore    *items;
  GtkSliceListModel *shown;   /* the newest of @items, from an offset */
  char          *caller_name;
  gboolean       stick;       /* the view follows the newest item */
  gboolean       has_unseen;
  guint          follow_tick; /* brings the newest item into view, frame by frame */
  guint          follow_frames;
  guint          older_idle;
};

G_DEFINE_FINAL_TYPE (RedialCaseTimeline, redial_case_timeline, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_HAS_UNSEEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
same_day (gint64 a,
          gint64 b)
{
  g_autoptr(GDateTime) da = g_date_time_new_from_unix_local (a / G_USEC_PER_SEC);
  g_autoptr(GDateTime) db = g_date_time_new_from_unix_local (b / G_USEC_PER_SEC);

  return g_date_time_get_day_of_year (da) == g_date_time_get_day_of_year (db) &&
         g_date_time_get_year (da) == g_date_time_get_year (db);
}

static void
set_has_unseen (RedialCaseTimeline *self,
                gboolean            has_unseen)
{
  if (self->has_unseen == has_unseen)
    return;
  self->has_unseen = has_unseen;
  gtk_widget_set_visible (self->new_button, has_unseen);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_UNSEEN]);
}

static gboolean
is_at_bottom (RedialCaseTimeline *self)
{
  GtkAdjustment *adjustment = redial_case_timeline_get_vadjustment (self);

  return gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) >=
         gtk_adjustment_get_upper (adjustment) - BOTTOM_SLACK;
}

/* Once laid out, the newest row is brought into view, then looked at
 * again on the next frames: rows made for the first time change the
 * list's estimated height. */
static gboolean
follow_newest (GtkWidget     *widget,
               GdkFrameClock *frame_clock,
               gpointer       user_data)
{
  RedialCaseTimeline *self = REDIAL_CASE_TIMELINE (widget);
  GtkAdjustment *adjustment = redial_case_timeline_get_vadjustment (self);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->shown));
  guint offset = gtk_slice_list_model_get_offset (self->shown);

  if (!self->stick || n == 0 || self->follow_frames++ > 10 || (self->follow_frames > 2 && is_at_bottom (self)))
    {
      /* Less than a screenful above: older items come in, out of sight. */
      if (offset > 0 && gtk_adjustment_get_upper (adjustment) < 2 * gtk_adjustment_get_page_size (adjustment))
        {
          gtk_slice_list_model_set_offset (self->shown, offset > MORE_ITEMS ? offset - MORE_ITEMS : 0);
          self->follow_frames = 0;
          return G_SOURCE_CONTINUE;
        }
      self->follow_tick = 0;
      return G_SOURCE_REMOVE;
    }
  gtk_widget_activate_action (self->list_view, "list.scroll-to-item", "u", n - 1);
  return G_SOURCE_CONTINUE;
}

static void
follow (RedialCaseTimeline *self)
{
  self->follow_frames = 0;
  if (self->follow_tick == 0)
    self->follow_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), follow_newest, NULL, NULL);
}

static void
on_setup (GtkListItemFactory *factory,
          GtkListItem        *list_item,
          RedialCaseTimeline *self)
{
  gtk_list_item_set_activatable (list_item, FALSE);
  gtk_list_item_set_selectable (list_item, FALSE);
  gtk_list_item_set_child (list_item, redial_timeline_row_new ());
}

static void
on_bind (GtkListItemFactory *factory,
         GtkListItem        *list_item,
         RedialCaseTimeline *self)
{
  RedialTimelineItem *item = gtk_list_item_get_item (list_item);
  guint position = gtk_slice_list_model_get_offset (self->shown) + gtk_list_item_get_position (list_item);
  gboolean day_changed = TRUE;

  if (position > 0)
    {
      g_autoptr(RedialTimelineItem) previous = g_list_model_get_item (G_LIST_MODEL (self->items), position - 1);

      day_changed = !same_day (redial_timeline_item_get_at (previous), redial_timeline_item_get_at (item));
    }
  redial_timeline_row_set_item (REDIAL_TIMELINE_ROW (gtk_list_item_get_child (list_item)), item,
                                self->caller_name, day_changed, redial_clock_now (self->clock));
}

static void
on_unbind (GtkListItemFactory *factory,
           GtkListItem        *list_item,
           RedialCaseTimeline *self)
{
  redial_timeline_row_set_item (REDIAL_TIMELINE_ROW (gtk_list_item_get_child (list_item)), NULL, NULL, FALSE, 0);
}

/* The person scrolled, or the view did: it follows the newest item while
 * it shows it. */
/* The person reached the oldest item held: older ones come in above,
 * GtkListView keeping what is read in place. */
static gboolean
show_older (gpointer user_data)
{
  RedialCaseTimeline *self = user_data;
  guint offset = gtk_slice_list_model_get_offset (self->shown);

  self->older_idle = 0;
  gtk_slice_list_model_set_offset (self->shown, offset > MORE_ITEMS ? offset - MORE_ITEMS : 0);
  return G_SOURCE_REMOVE;
}

/* The edge is reached while the list lays itself out: the model changes
 * once that is done. */
static void
on_edge_reached (RedialCaseTimeline *self,
                 GtkPositionType     position,
                 GtkScrolledWindow  *scrolled)
{
  if (position == GTK_POS_TOP && gtk_slice_list_model_get_offset (self->shown) > 0 && self->older_idle == 0)
    self->older_idle = g_idle_add (show_older, self);
}

static void
on_value_changed (RedialCaseTimeline *self,
                  GtkAdjustment      *adjustment)
{
  /* While the view is brought to the newest item, the moves are its own. */
  if (self->follow_tick != 0)
    return;
  self->stick = is_at_bottom (self);
  if (self->stick)
    set_has_unseen (self, FALSE);
}

/* The list grew or the view changed size. */
static void
on_adjustment_changed (RedialCaseTimeline *self,
                       GtkAdjustment      *adjustment)
{
  if (self->stick && !is_at_bottom (self))
    follow (self);
}

static void
on_new_clicked (RedialCaseTimeline *self,
                GtkButton          *button)
{
  redial_case_timeline_scroll_to_bottom (self);
}

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return redial_timeline_item_compare (&a, &b);
}

static void
redial_case_timeline_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  RedialCaseTimeline *self = REDIAL_CASE_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_HAS_UNSEEN:
      g_value_set_boolean (value, self->has_unseen);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_case_timeline_dispose (GObject *object)
{
  RedialCaseTimeline *self = REDIAL_CASE_TIMELINE (object);

  if (self->follow_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->follow_tick);
  self->follow_tick = 0;
  g_clear_handle_id (&self->older_idle, g_source_remove);
  g_clear_pointer (&self->overlay, gtk_widget_unparent);
  g_clear_object (&self->shown);
  g_clear_object (&self->items);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (redial_case_timeline_parent_class)->dispose (object);
}

static void
redial_case_timeline_finalize (GObject *object)
{
  RedialCaseTimeline *self = REDIAL_CASE_TIMELINE (object);

  g_free (self->caller_name);

  G_OBJECT_CLASS (redial_case_timeline_parent_class)->finalize (object);
}

static void
redial_case_timeline_class_init (RedialCaseTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = redial_case_timeline_get_property;
  object_class->dispose = redial_case_timeline_dispose;
  object_class->finalize = redial_case_timeline_finalize;

  properties[PROP_HAS_UNSEEN] =
    g_param_spec_boolean ("has-unseen", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "casetimeline");
}

static void
redial_case_timeline_init (RedialCaseTimeline *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkAdjustment *adjustment;

  self->items = g_list_store_new (REDIAL_TYPE_TIMELINE_ITEM);
  self->stick = TRUE;

  g_signal_connect_object (factory, "setup", G_CALLBACK (on_setup), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (on_bind), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (on_unbind), self, 0);
  /* Every item from the offset on; a size any offset can be added to. */
  self->shown = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->items)), 0, G_MAXUINT / 2);
  self->list_view = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->shown)))),
                                       factory);
  gtk_widget_add_css_class (self->list_view, "timeline");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Timeline"), -1);

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), self->list_view);
  gtk_widget_set_vexpand (self->scrolled, TRUE);
  g_signal_connect_object (self->scrolled, "edge-reached", G_CALLBACK (on_edge_reached), self, G_CONNECT_SWAPPED);

  self->new_button = gtk_button_new_with_label (_("New"));
  gtk_widget_set_tooltip_text (self->new_button, _("Show what arrived"));
  gtk_widget_set_halign (self->new_button, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (self->new_button, GTK_ALIGN_END);
  gtk_widget_set_margin_bottom (self->new_button, 12);
  gtk_widget_add_css_class (self->new_button, "pill");
  gtk_widget_add_css_class (self->new_button, "suggested-action");
  gtk_widget_add_css_class (self->new_button, "new-pill");
  gtk_widget_set_visible (self->new_button, FALSE);
  g_signal_connect_object (self->new_button, "clicked", G_CALLBACK (on_new_clicked), self, G_CONNECT_SWAPPED);

  self->overlay = gtk_overlay_new ();
  gtk_overlay_set_child (GTK_OVERLAY (self->overlay), self->scrolled);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), self->new_button);
  gtk_widget_set_parent (self->overlay, GTK_WIDGET (self));

  adjustment = redial_case_timeline_get_vadjustment (self);
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (on_value_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "changed", G_CALLBACK (on_adjustment_changed), self, G_CONNECT_SWAPPED);
}

GtkWidget *
redial_case_timeline_new (RedialClock *clock)
{
  RedialCaseTimeline *self;

  g_return_val_if_fail (REDIAL_IS_CLOCK (clock), NULL);

  self = g_object_new (REDIAL_TYPE_CASE_TIMELINE, NULL);
  self->clock = g_object_ref (clock);
  return GTK_WIDGET (self);
}

void
redial_case_timeline_set_items (RedialCaseTimeline *self,
                                GPtrArray          *items,
                                const char         *caller_name)
{
  g_return_if_fail (REDIAL_IS_CASE_TIMELINE (self));

  g_free (self->caller_name);
  self->caller_name = g_strdup (caller_name);
  gtk_slice_list_model_set_offset (self->shown, items != NULL && items->len > FIRST_ITEMS ? items->len - FIRST_ITEMS : 0);
  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       items != NULL ? items->pdata : NULL, items != NULL ? items->len : 0);
  set_has_unseen (self, FALSE);
  redial_case_timeline_scroll_to_bottom (self);
}

void
redial_case_timeline_take_item (RedialCaseTimeline *self,
                                RedialTimelineItem *item)
{
  guint n;

  g_return_if_fail (REDIAL_IS_CASE_TIMELINE (self));
  g_return_if_fail (REDIAL_IS_TIMELINE_ITEM (item));

  /* An update is most often of something recent: look from the end. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(RedialTimelineItem) shown = g_list_model_get_item (G_LIST_MODEL (self->items), i - 1);

      if (redial_timeline_item_get_kind (shown) == redial_timeline_item_get_kind (item) &&
          redial_timeline_item_get_id (shown) == redial_timeline_item_get_id (item))
        {
          g_list_store_splice (self->items, i - 1, 1, (gpointer *) &item, 1);
          return;
        }
    }

  g_list_store_insert_sorted (self->items, item, compare_items, NULL);
  if (self->stick)
    follow (self);
  else
    set_has_unseen (self, TRUE);
}

GListModel *
redial_case_timeline_get_model (RedialCaseTimeline *self)
{
  g_return_val_if_fail (REDIAL_IS_CASE_TIMELINE (self), NULL);
  return G_LIST_MODEL (self->items);
}

gboolean
redial_case_timeline_get_at_bottom (RedialCaseTimeline *self)
{
  g_return_val_if_fail (REDIAL_IS_CASE_TIMELINE (self), FALSE);
  return self->follow_tick == 0 && is_at_bottom (self);
}

gboolean
redial_case_timeline_get_has_unseen (RedialCaseTimeline *self)
{
  g_return_val_if_fail (REDIAL_IS_CASE_TIMELINE (self), FALSE);
  return self->has_unseen;
}

void
redial_case_timeline_scroll_to_bottom (RedialCaseTimeline *self)
{
  guint n;

  g_return_if_fail (REDIAL_IS_CASE_TIMELINE (self));

  self->stick = TRUE;
  set_has_unseen (self, FALSE);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->shown));
  if (n > 0)
    gtk_widget_activate_action (self->list_view, "list.scroll-to-item", "u", n - 1);
  follow (self);
}

GtkAdjustment *
redial_case_timeline_get_vadjustment (RedialCaseTimeline *self)
{
  g_return_val_if_fail (REDIAL_IS_CASE_TIMELINE (self), NULL);
  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled));
}
