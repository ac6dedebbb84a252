/* redial-desks-button.c: in the queue's header, who is at which of the other desks. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include <glib/gi18n.h>

#include "redial-desks-button.h"
#include "redial-phone.h"

#define AVATAR_SIZE 32

struct _RedialDesksButton
{
  GtkWidget      parent_instance;

  GtkMenuButton *button;
  GtkLabel      *count_label;
  GtkListBox    *list;
  RedialContext *context;
  gulong         changed_handler;
};

G_DEFINE_FINAL_TYPE (RedialDesksButton, redial_desks_button, GTK_TYPE_WIDGET)

/* Whom case @case_id is about, as the queue names them; NULL when it is
 * not in this desk's queue. */
static char *
dup_case_title (RedialDesksButton *self,
                gint64             case_id)
{
  GListModel *queue = redial_engine_get_queue (redial_context_get_engine (self->context));
  RedialConfig *config = redial_context_get_config (self->context);

  for (guint i = 0; i < g_list_model_get_n_items (queue); i++)
    {
      g_autoptr(RedialCase) kase = g_list_model_get_item (queue, i);

      if (redial_case_get_id (kase) != case_id)
        continue;
      if (redial_case_get_caller_name (kase) != NULL)
        return g_strdup (redial_case_get_caller_name (kase));
      if (redial_case_get_caller (kase) != NULL)
        return redial_phone_format (redial_case_get_caller (kase), redial_config_get_region (config));
      return NULL;
    }
  return NULL;
}

static GtkWidget *
make_row (RedialDesksButton        *self,
          const RedialDeskPresence *desk)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);
  g_autofree char *where = NULL;
  g_autofree char *what = NULL;
  g_autofree char *title = NULL;

  if (desk->case_id != 0)
    title = dup_case_title (self, desk->case_id);
  if (desk->case_id != 0 && title != NULL)
    /* Translators: in the list of desks: "Has Tom Becker open" */
    what = g_strdup_printf (_("Has %s open"), title);
  else if (desk->case_id != 0)
    what = g_strdup (_("Has a case open"));
  if (desk->host != NULL && *desk->host != '\0' && what != NULL)
    /* Translators: in the list of desks: "At FRONT-DESK · Has Tom Becker open" */
    where = g_strdup_printf (_("At %s · %s"), desk->host, what);
  else if (desk->host != NULL && *desk->host != '\0')
    /* Translators: in the list of desks: "At FRONT-DESK" */
    where = g_strdup_printf (_("At %s"), desk->host);
  else
    where = g_steal_pointer (&what);

  /* Names are the desks' own words: plain text, never markup. */
  gtk_label_set_text (GTK_LABEL (name), desk->name);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_label_set_text (GTK_LABEL (detail), where != NULL ? where : "");
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_set_visible (detail, where != NULL);
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_box_append (GTK_BOX (text), name);
  gtk_box_append (GTK_BOX (text), detail);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);

  gtk_box_append (GTK_BOX (row), adw_avatar_new (AVATAR_SIZE, desk->name, TRUE));
  gtk_box_append (GTK_BOX (row), text);
  gtk_widget_add_css_class (row, "desk-row");
  return row;
}

static void
update (RedialDesksButton *self)
{
  RedialPresence *presence = self->context != NULL ? redial_context_get_presence (self->context) : NULL;
  GPtrArray *others = presence != NULL ? redial_presence_get_others (presence) : NULL;
  guint n = others != NULL ? others->len : 0;
  g_autofree char *count = g_strdup_printf ("%u", n);
  g_autofree char *label = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->list, make_row (self, others->pdata[i]));

  gtk_label_set_text (self->count_label, count);
  /* Translators: the accessible label of the desks button in the queue's header */
  label = g_strdup_printf (ngettext ("%u Other Desk", "%u Other Desks", n), n);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_visible (GTK_WIDGET (self), n > 0);
}

static void
on_presence_changed (RedialDesksButton *self,
                     RedialPresence    *presence)
{
  update (self);
}

static void
redial_desks_button_dispose (GObject *object)
{
  RedialDesksButton *self = REDIAL_DESKS_BUTTON (object);

  if (self->context != NULL)
    g_clear_signal_handler (&self->changed_handler, redial_context_get_presence (self->context));
  g_clear_object (&self->context);
  if (self->button != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->button));
  self->button = NULL;

  G_OBJECT_CLASS (redial_desks_button_parent_class)->dispose (object);
}

static void
redial_desks_button_class_init (RedialDesksButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = redial_desks_button_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "desksbutton");
}

static void
redial_desks_button_init (RedialDesksButton *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (_("Other Desks"));

  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  self->count_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "numeric");
  gtk_box_append (GTK_BOX (content), gtk_image_new_from_icon_name ("system-users-symbolic"));
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->count_label));
  gtk_menu_button_set_child (self->button, content);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), _("Who Is at the Other Desks"));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "desks-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Other Desks"), -1);
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->list));
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (self->button, popover);

  gtk_widget_set_parent (GTK_WIDGET (self->button), GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
redial_desks_button_new (void)
{
  return g_object_new (REDIAL_TYPE_DESKS_BUTTON, NULL);
}

void
redial_desks_button_set_context (RedialDesksButton *self,
                                 RedialContext     *context)
{
  g_return_if_fail (REDIAL_IS_DESKS_BUTTON (self));
  g_return_if_fail (context == NULL || REDIAL_IS_PRESENCE (redial_context_get_presence (context)));

  if (self->context == context)
    return;
  if (self->context != NULL)
    g_clear_signal_handler (&self->changed_handler, redial_context_get_presence (self->context));
  g_set_object (&self->context, context);
  if (context != NULL)
    self->changed_handler = g_signal_connect_object (redial_context_get_presence (context), "changed",
                                                     G_CALLBACK (on_presence_changed), self, G_CONNECT_SWAPPED);
  update (self);
}

GtkWidget *
redial_desks_button_get_list (RedialDesksButton *self)
{
  g_return_val_if_fail (REDIAL_IS_DESKS_BUTTON (self), NULL);
  return GTK_WIDGET (self->list);
}
