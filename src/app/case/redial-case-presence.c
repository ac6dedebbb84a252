/* redial-case-presence.c: the case page's part in presence: tells the other desks which case is open here, and says who else has it open. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include <glib/gi18n.h>

#include "redial-case-presence.h"

struct _RedialCasePresence
{
  GtkWidget       parent_instance;

  GtkRevealer    *revealer;
  GtkLabel       *label;
  RedialPresence *presence;
  gulong          changed_handler;
  gint64          case_id;
  char           *text;
};

G_DEFINE_FINAL_TYPE (RedialCasePresence, redial_case_presence, GTK_TYPE_WIDGET)

/* Who else is looking, by name, everyone counted: "Ann is looking…",
 * "Ann and Bea are looking…", "Ann, Bea and 2 others are looking…". */
static char *
describe (GPtrArray *desks)
{
  const RedialDeskPresence *first = desks->len > 0 ? desks->pdata[0] : NULL;
  const RedialDeskPresence *second = desks->len > 1 ? desks->pdata[1] : NULL;
  guint others = desks->len > 2 ? desks->len - 2 : 0;

  if (first == NULL)
    return NULL;
  if (second == NULL)
    /* Translators: a banner on the case page: "Ann is looking at this case too" */
    return g_strdup_printf (_("%s is looking at this case too"), first->name);
  if (others == 0)
    /* Translators: a banner on the case page: "Ann and Bea are looking at this case too" */
    return g_strdup_printf (_("%s and %s are looking at this case too"), first->name, second->name);
  /* Translators: a banner on the case page: "Ann, Bea and 2 others are looking at this case too" */
  return g_strdup_printf (ngettext ("%s, %s and %u other are looking at this case too",
                                    "%s, %s and %u others are looking at this case too", others),
                          first->name, second->name, others);
}

static void
update (RedialCasePresence *self)
{
  g_autoptr(GPtrArray) desks = NULL;
  g_autofree char *text = NULL;

  desks = self->presence != NULL ? redial_presence_list_case (self->presence, self->case_id) : g_ptr_array_new ();
  text = describe (desks);

  if (g_strcmp0 (text, self->text) == 0)
    return;
  g_free (self->text);
  self->text = g_steal_pointer (&text);
  /* The old words stay while the banner slides away. */
  if (self->text != NULL)
    /* A desk's name is its own words: plain text, never markup. */
    gtk_label_set_text (self->label, self->text);
  gtk_revealer_set_reveal_child (self->revealer, self->text != NULL);
}

static void
on_presence_changed (RedialCasePresence *self,
                     RedialPresence     *presence)
{
  update (self);
}

static void
redial_case_presence_dispose (GObject *object)
{
  RedialCasePresence *self = REDIAL_CASE_PRESENCE (object);

  /* The page goes: this desk has the case open no longer. */
  redial_case_presence_set_case_id (self, 0);
  redial_case_presence_set_context (self, NULL);
  if (self->revealer != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->revealer));
  self->revealer = NULL;

  G_OBJECT_CLASS (redial_case_presence_parent_class)->dispose (object);
}

static void
redial_case_presence_finalize (GObject *object)
{
  RedialCasePresence *self = REDIAL_CASE_PRESENCE (object);

  g_free (self->text);

  G_OBJECT_CLASS (redial_case_presence_parent_class)->finalize (object);
}

static void
redial_case_presence_class_init (RedialCasePresenceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = redial_case_presence_dispose;
  object_class->finalize = redial_case_presence_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "casepresence");
}

static void
redial_case_presence_init (RedialCasePresence *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new_from_icon_name ("system-users-symbolic");

  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_xalign (self->label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->label), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->label));
  gtk_widget_add_css_class (box, "presence-banner");

  self->revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_child (self->revealer, box);
  gtk_widget_set_parent (GTK_WIDGET (self->revealer), GTK_WIDGET (self));
}

GtkWidget *
redial_case_presence_new (void)
{
  return g_object_new (REDIAL_TYPE_CASE_PRESENCE, NULL);
}

void
redial_case_presence_set_context (RedialCasePresence *self,
                                  RedialContext      *context)
{
  RedialPresence *presence = context != NULL ? redial_context_get_presence (context) : NULL;

  g_return_if_fail (REDIAL_IS_CASE_PRESENCE (self));
  g_return_if_fail (context == NULL || REDIAL_IS_PRESENCE (presence));

  if (self->presence == presence)
    return;
  if (self->presence != NULL)
    {
      g_clear_signal_handler (&self->changed_handler, self->presence);
      if (self->case_id != 0)
        redial_presence_set_open_case (self->presence, 0);
    }
  g_set_object (&self->presence, presence);
  if (presence != NULL)
    {
      self->changed_handler = g_signal_connect_object (presence, "changed", G_CALLBACK (on_presence_changed),
                                                       self, G_CONNECT_SWAPPED);
      redial_presence_set_open_case (presence, self->case_id);
    }
  update (self);
}

void
redial_case_presence_set_case_id (RedialCasePresence *self,
                                  gint64              case_id)
{
  g_return_if_fail (REDIAL_IS_CASE_PRESENCE (self));
  g_return_if_fail (case_id >= 0);

  if (self->case_id == case_id)
    return;
  self->case_id = case_id;
  if (self->presence != NULL)
    redial_presence_set_open_case (self->presence, case_id);
  /* Another case: no banner sliding from the last one. */
  gtk_revealer_set_transition_type (self->revealer, GTK_REVEALER_TRANSITION_TYPE_NONE);
  update (self);
  gtk_revealer_set_transition_type (self->revealer, GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
}

const char *
redial_case_presence_get_text (RedialCasePresence *self)
{
  g_return_val_if_fail (REDIAL_IS_CASE_PRESENCE (self), NULL);
  return self->text;
}
