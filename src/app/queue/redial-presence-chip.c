/* redial-presence-chip.c: on a queue row, who at another desk has the case open. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include <glib/gi18n.h>

#include "redial-presence-chip.h"

struct _RedialPresenceChip
{
  GtkWidget       parent_instance;

  GtkLabel       *label;
  RedialPresence *presence;
  gulong          changed_handler;
  gint64          case_id;
  char           *description;
};

G_DEFINE_FINAL_TYPE (RedialPresenceChip, redial_presence_chip, GTK_TYPE_WIDGET)

/* The first letters of the first and last words of @name that have
 * any ("Ann Lee" → "AL"), upper case; "?" for a name without letters. */
static char *
dup_initials (const char *name)
{
  g_autoptr(GString) initials = g_string_new (NULL);
  gunichar first = 0;
  gunichar last = 0;
  gboolean in_word = FALSE;

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isalnum (c))
        {
          in_word = FALSE;
          continue;
        }
      if (!in_word && first == 0)
        first = c;
      else if (!in_word)
        last = c;
      in_word = TRUE;
    }
  if (first == 0)
    return g_strdup ("?");
  g_string_append_unichar (initials, g_unichar_toupper (first));
  if (last != 0)
    g_string_append_unichar (initials, g_unichar_toupper (last));
  return g_string_free (g_steal_pointer (&initials), FALSE);
}

/* Says who has the case open, in place: the row around it never moves. */
static void
update (RedialPresenceChip *self)
{
  const RedialDeskPresence *desk = NULL;
  g_autofree char *description = NULL;
  g_autofree char *initials = NULL;

  if (self->presence != NULL)
    desk = redial_presence_find_case (self->presence, self->case_id);

  if (desk != NULL && desk->host != NULL && *desk->host != '\0')
    /* Translators: the tooltip of the chip on a queue row: "Ann has this case open at FRONT-DESK" */
    description = g_strdup_printf (_("%s has this case open at %s"), desk->name, desk->host);
  else if (desk != NULL)
    /* Translators: the tooltip of the chip on a queue row, when the computer has no name */
    description = g_strdup_printf (_("%s has this case open"), desk->name);

  if (g_strcmp0 (description, self->description) == 0)
    return;
  g_free (self->description);
  self->description = g_steal_pointer (&description);

  gtk_widget_set_visible (GTK_WIDGET (self), self->description != NULL);
  if (self->description == NULL)
    return;
  /* Names are the desks' own words: plain text everywhere, never markup. */
  initials = dup_initials (desk->name);
  gtk_label_set_text (self->label, initials);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), self->description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, self->description, -1);
}

static void
on_presence_changed (RedialPresenceChip *self,
                     RedialPresence     *presence)
{
  update (self);
}

static void
redial_presence_chip_dispose (GObject *object)
{
  RedialPresenceChip *self = REDIAL_PRESENCE_CHIP (object);

  redial_presence_chip_set_presence (self, NULL);
  if (self->label != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->label));
  self->label = NULL;

  G_OBJECT_CLASS (redial_presence_chip_parent_class)->dispose (object);
}

static void
redial_presence_chip_finalize (GObject *object)
{
  RedialPresenceChip *self = REDIAL_PRESENCE_CHIP (object);

  g_free (self->description);

  G_OBJECT_CLASS (redial_presence_chip_parent_class)->finalize (object);
}

static void
redial_presence_chip_class_init (RedialPresenceChipClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = redial_presence_chip_dispose;
  object_class->finalize = redial_presence_chip_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "presencechip");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
redial_presence_chip_init (RedialPresenceChip *self)
{
  /* A small caption beside the caller's name: the row never grows for it. */
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_single_line_mode (self->label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->label), "caption-heading");
  /* The chip's accessible label says it all, the name included. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->label), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_widget_set_parent (GTK_WIDGET (self->label), GTK_WIDGET (self));
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
redial_presence_chip_new (void)
{
  return g_object_new (REDIAL_TYPE_PRESENCE_CHIP, NULL);
}

void
redial_presence_chip_set_presence (RedialPresenceChip *self,
                                   RedialPresence     *presence)
{
  g_return_if_fail (REDIAL_IS_PRESENCE_CHIP (self));
  g_return_if_fail (presence == NULL || REDIAL_IS_PRESENCE (presence));

  if (self->presence == presence)
    return;
  if (self->presence != NULL)
    g_clear_signal_handler (&self->changed_handler, self->presence);
  g_set_object (&self->presence, presence);
  if (presence != NULL)
    self->changed_handler = g_signal_connect_object (presence, "changed", G_CALLBACK (on_presence_changed),
                                                     self, G_CONNECT_SWAPPED);
  update (self);
}

void
redial_presence_chip_set_case_id (RedialPresenceChip *self,
                                  gint64              case_id)
{
  g_return_if_fail (REDIAL_IS_PRESENCE_CHIP (self));

  if (self->case_id == case_id)
    return;
  self->case_id = case_id;
  update (self);
}

const char *
redial_presence_chip_get_description (RedialPresenceChip *self)
{
  g_return_val_if_fail (REDIAL_IS_PRESENCE_CHIP (self), NULL);
  return self->description;
}
