/* redial-presence-chip.c: on a queue row, who at the other desks has the case open. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include <glib/gi18n.h>

#include "redial-presence-chip.h"

/* Room for this many desks' initials; beyond, the first one's and "+N"
 * for the rest, so that the chip never takes more than two captions'
 * width from the caller's name beside it. */
#define MAX_AVATARS 2

struct _RedialPresenceChip
{
  GtkWidget       parent_instance;

  GtkWidget      *box;
  GtkLabel       *avatars[MAX_AVATARS]; /* the first desks' initials */
  GtkLabel       *more;                 /* "+N": the desks beyond */
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

/* A small caption that the chip's accessible label speaks for. */
static GtkLabel *
add_caption (RedialPresenceChip *self,
             const char         *css_class)
{
  GtkLabel *label = GTK_LABEL (gtk_label_new (NULL));

  gtk_label_set_single_line_mode (label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (label), "caption-heading");
  gtk_widget_add_css_class (GTK_WIDGET (label), css_class);
  gtk_accessible_update_state (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_widget_set_visible (GTK_WIDGET (label), FALSE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (label));
  return label;
}

/* What the tooltip says of @desks, everyone in their order: "Ann has
 * this case open at FRONT-DESK; Bea has it open at BACK-OFFICE"; NULL
 * for nobody. */
static char *
describe (GPtrArray *desks)
{
  g_autoptr(GString) text = NULL;

  for (guint i = 0; i < desks->len; i++)
    {
      const RedialDeskPresence *desk = desks->pdata[i];
      gboolean host = desk->host != NULL && *desk->host != '\0';
      g_autofree char *clause = NULL;

      if (i == 0 && host)
        /* Translators: the tooltip of the chip on a queue row: "Ann has this case open at FRONT-DESK" */
        clause = g_strdup_printf (_("%s has this case open at %s"), desk->name, desk->host);
      else if (i == 0)
        /* Translators: the tooltip of the chip on a queue row, when the computer has no name */
        clause = g_strdup_printf (_("%s has this case open"), desk->name);
      else if (host)
        /* Translators: another desk after the first in the chip's tooltip:
         * "Ann has this case open at FRONT-DESK; Bea has it open at BACK-OFFICE" */
        clause = g_strdup_printf (_("%s has it open at %s"), desk->name, desk->host);
      else
        /* Translators: another desk after the first in the chip's tooltip, when the computer has no name */
        clause = g_strdup_printf (_("%s has it open"), desk->name);

      if (text == NULL)
        text = g_string_new (clause);
      else
        /* Translators: between the desks of the chip's tooltip: "Ann has this case open at FRONT-DESK; Bea has it open at BACK-OFFICE" */
        g_string_append_printf (text, _("; %s"), clause);
    }
  return text != NULL ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

/* Says who has the case open, in place: the row around it never moves.
 * Everyone is listed in the store's order, so that nothing changes when
 * presence is merely refreshed. */
static void
update (RedialPresenceChip *self)
{
  g_autoptr(GPtrArray) desks = NULL;
  g_autofree char *description = NULL;
  guint shown;

  desks = self->presence != NULL ? redial_presence_list_case (self->presence, self->case_id) : g_ptr_array_new ();
  description = describe (desks);

  if (g_strcmp0 (description, self->description) == 0)
    return;
  g_free (self->description);
  self->description = g_steal_pointer (&description);

  gtk_widget_set_visible (GTK_WIDGET (self), self->description != NULL);
  if (self->description == NULL)
    return;

  shown = desks->len <= MAX_AVATARS ? desks->len : MAX_AVATARS - 1;
  for (guint i = 0; i < MAX_AVATARS; i++)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->avatars[i]), i < shown);
      if (i < shown)
        {
          const RedialDeskPresence *desk = desks->pdata[i];
          g_autofree char *initials = dup_initials (desk->name);

          /* Names are the desks' own words: plain text everywhere, never markup. */
          gtk_label_set_text (self->avatars[i], initials);
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->more), shown < desks->len);
  if (shown < desks->len)
    {
      /* Translators: on a queue row, after a person's initials: how many more have the case open */
      g_autofree char *more = g_strdup_printf (_("+%u"), desks->len - shown);

      gtk_label_set_text (self->more, more);
    }
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
  if (self->box != NULL)
    gtk_widget_unparent (self->box);
  self->box = NULL;

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
  /* Small captions side by side beside the caller's name, like a help
   * desk's avatars: the row never grows for them. */
  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  for (guint i = 0; i < MAX_AVATARS; i++)
    self->avatars[i] = add_caption (self, "avatar");
  self->more = add_caption (self, "more");
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
