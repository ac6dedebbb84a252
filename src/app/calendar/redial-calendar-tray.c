/* redial-calendar-tray.c: the qualified cases not booked yet, each ready to drag onto the calendar. */
#include "config.h"

#define G_LOG_DOMAIN "redial-calendar"

#include <glib/gi18n.h>

#include "redial-calendar-tray.h"
#include "redial-case.h"

struct _RedialCalendarTray
{
  GtkWidget           parent_instance;

  GtkWidget          *box;
  GtkListBox         *list;
  GtkWidget          *empty_label;
  GtkCustomFilter    *filter;
  GtkFilterListModel *qualified;
  GHashTable         *watched;   /* RedialCase whose state is followed */
};

G_DEFINE_FINAL_TYPE (RedialCalendarTray, redial_calendar_tray, GTK_TYPE_WIDGET)

static gboolean
is_unbooked (gpointer item,
             gpointer user_data)
{
  return redial_case_get_state (item) == REDIAL_CASE_STATE_QUALIFIED;
}

static GdkContentProvider *
on_drag_prepare (GtkDragSource *source,
                 double         x,
                 double         y,
                 RedialCase    *kase)
{
  return gdk_content_provider_new_typed (G_TYPE_INT64, redial_case_get_id (kase));
}

static void
on_drag_begin (GtkDragSource *source,
               GdkDrag       *drag,
               GtkWidget     *row)
{
  g_autoptr(GdkPaintable) icon = gtk_widget_paintable_new (row);

  gtk_drag_source_set_icon (source, icon, 12, 12);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  RedialCase *kase = item;
  const char *name = redial_case_get_caller_name (kase);
  const char *preview = redial_case_get_preview (kase);
  const char *caller = redial_case_get_caller (kase);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);
  GtkDragSource *source = gtk_drag_source_new ();

  /* Plain text: the name is whatever the phone system sent. */
  gtk_label_set_text (GTK_LABEL (title), name != NULL ? name : caller != NULL ? caller : _("Unknown caller"));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_text (GTK_LABEL (detail), preview != NULL ? preview : caller != NULL ? caller : "");
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_add_css_class (row, "tray-row");
  gtk_widget_set_cursor_from_name (row, "grab");
  /* Translators: the accessible name of a case waiting in the tray */
  {
    g_autofree char *label = g_strdup_printf (_("%s, drag onto the calendar to book"), gtk_label_get_text (GTK_LABEL (title)));

    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  }

  gtk_drag_source_set_actions (source, GDK_ACTION_COPY);
  g_signal_connect_object (source, "prepare", G_CALLBACK (on_drag_prepare), kase, 0);
  g_signal_connect_object (source, "drag-begin", G_CALLBACK (on_drag_begin), row, 0);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (source));
  g_object_set_data_full (G_OBJECT (row), "redial-case", g_object_ref (kase), g_object_unref);
  return row;
}

static void
on_row_activated (GtkListBox         *list,
                  GtkListBoxRow      *row,
                  RedialCalendarTray *self)
{
  RedialCase *kase = g_object_get_data (G_OBJECT (row), "redial-case");

  gtk_widget_activate_action (GTK_WIDGET (self), "app.open-case", "x", redial_case_get_id (kase));
}

static void
on_state_changed (RedialCase         *kase,
                  GParamSpec         *pspec,
                  RedialCalendarTray *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* Each case that enters the model is followed, so a case qualified or
 * booked where it stands enters or leaves the tray. */
static void
on_cases_changed (GListModel         *cases,
                  guint               position,
                  guint               removed,
                  guint               added,
                  RedialCalendarTray *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(RedialCase) kase = g_list_model_get_item (cases, i);

      if (g_hash_table_contains (self->watched, kase))
        continue;
      g_signal_connect_object (kase, "notify::state", G_CALLBACK (on_state_changed), self, 0);
      g_hash_table_add (self->watched, g_object_ref (kase));
    }
}

static void
on_qualified_changed (GListModel         *model,
                      guint               position,
                      guint               removed,
                      guint               added,
                      RedialCalendarTray *self)
{
  gtk_widget_set_visible (self->empty_label, g_list_model_get_n_items (model) == 0);
}

static void
redial_calendar_tray_dispose (GObject *object)
{
  RedialCalendarTray *self = REDIAL_CALENDAR_TRAY (object);

  if (self->watched != NULL)
    {
      GHashTableIter iter;
      gpointer kase;

      g_hash_table_iter_init (&iter, self->watched);
      while (g_hash_table_iter_next (&iter, &kase, NULL))
        g_signal_handlers_disconnect_by_data (kase, self);
    }
  g_clear_pointer (&self->watched, g_hash_table_unref);
  if (self->qualified != NULL)
    {
      GListModel *cases = gtk_filter_list_model_get_model (self->qualified);

      if (cases != NULL)
        g_signal_handlers_disconnect_by_data (cases, self);
    }
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->qualified);

  G_OBJECT_CLASS (redial_calendar_tray_parent_class)->dispose (object);
}

static void
redial_calendar_tray_class_init (RedialCalendarTrayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = redial_calendar_tray_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "calendartray");
}

static void
redial_calendar_tray_init (RedialCalendarTray *self)
{
  GtkWidget *heading = gtk_label_new (_("To Book"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  self->watched = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_margin_start (heading, 12);
  gtk_widget_set_margin_top (heading, 12);
  gtk_box_append (GTK_BOX (self->box), heading);

  self->empty_label = gtk_label_new (_("Every qualified case is booked"));
  gtk_label_set_wrap (GTK_LABEL (self->empty_label), TRUE);
  gtk_widget_add_css_class (self->empty_label, "dim-label");
  gtk_widget_set_margin_start (self->empty_label, 12);
  gtk_widget_set_margin_end (self->empty_label, 12);
  gtk_box_append (GTK_BOX (self->box), self->empty_label);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Qualified cases to book"), -1);
  g_signal_connect_object (self->list, "row-activated", G_CALLBACK (on_row_activated), self, 0);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (self->box), scrolled);

  self->filter = gtk_custom_filter_new (is_unbooked, NULL, NULL);
  self->qualified = gtk_filter_list_model_new (NULL, GTK_FILTER (g_object_ref (self->filter)));
  g_signal_connect_object (self->qualified, "items-changed", G_CALLBACK (on_qualified_changed), self, 0);
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->qualified), create_row, NULL, NULL);
}

GtkWidget *
redial_calendar_tray_new (void)
{
  return g_object_new (REDIAL_TYPE_CALENDAR_TRAY, NULL);
}

void
redial_calendar_tray_set_model (RedialCalendarTray *self,
                                GListModel         *cases)
{
  GListModel *old;

  g_return_if_fail (REDIAL_IS_CALENDAR_TRAY (self));

  old = gtk_filter_list_model_get_model (self->qualified);
  if (old == cases)
    return;
  if (old != NULL)
    g_signal_handlers_disconnect_by_data (old, self);
  if (cases != NULL)
    {
      g_signal_connect_object (cases, "items-changed", G_CALLBACK (on_cases_changed), self, 0);
      on_cases_changed (cases, 0, 0, g_list_model_get_n_items (cases), self);
    }
  gtk_filter_list_model_set_model (self->qualified, cases);
  on_qualified_changed (G_LIST_MODEL (self->qualified), 0, 0, 0, self);
}

guint
redial_calendar_tray_get_n_cases (RedialCalendarTray *self)
{
  g_return_val_if_fail (REDIAL_IS_CALENDAR_TRAY (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->qualified));
}
