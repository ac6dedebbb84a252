/* redial-case-composer.c: the answer to an open case: a text with one-click templates, or an internal note. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include <glib/gi18n.h>

#include "redial-case-composer.h"
#include "redial-draft.h"
#include "redial-engine.h"
#include "redial-phone.h"
#include "redial-sms-segments.h"

struct _RedialCaseComposer
{
  GtkWidget      parent_instance;

  GtkWidget     *text_toggle;
  GtkWidget     *note_toggle;
  GtkLabel      *recipient_label;
  GtkLabel      *refusal_label;
  GtkWidget     *chips_scroller;
  GtkWidget     *chips_box;
  GtkStack      *input_stack;
  GtkTextView   *text_view;
  GtkWidget     *form_box;
  GtkWidget     *edit_button;
  GtkWidget     *discard_button;
  GtkLabel      *count_label;
  GtkWidget     *send_button;

  RedialContext *context;
  RedialEngine  *engine;
  RedialCase    *kase;
  GPtrArray     *drafts;      /* RedialDraft, the chips */
  RedialDraft   *draft;       /* the template being filled in, or NULL */
  GPtrArray     *fields;      /* GtkEntry, one a part of @draft (NULL for a part the case fills) */
  gboolean       can_text;
};

G_DEFINE_FINAL_TYPE (RedialCaseComposer, redial_case_composer, GTK_TYPE_WIDGET)

static gboolean
writing_note (RedialCaseComposer *self)
{
  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->note_toggle));
}

/* Why no text can be written shows while a text would be, and always
 * for a hidden number: notes are all its composer takes. */
static gboolean
refusal_shown (RedialCaseComposer *self)
{
  if (self->kase == NULL || self->can_text)
    return FALSE;
  return !writing_note (self) || redial_case_get_caller (self->kase) == NULL;
}

static gboolean
filling_form (RedialCaseComposer *self)
{
  return self->draft != NULL && !writing_note (self);
}

static char *
dup_typed_text (RedialCaseComposer *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* The template as filled so far: the case's values and what is typed in
 * its fields, @hole for a field still empty. */
static char *
dup_form_text (RedialCaseComposer *self,
               const char         *hole)
{
  g_autoptr(GString) text = g_string_new (NULL);

  GPtrArray *parts = redial_draft_get_parts (self->draft);

  for (guint i = 0; i < parts->len; i++)
    {
      const RedialDraftPart *part = g_ptr_array_index (parts, i);
      GtkWidget *field = g_ptr_array_index (self->fields, i);

      if (part->name == NULL)
        g_string_append (text, part->text);
      else if (field == NULL)
        g_string_append (text, part->value);
      else if (*gtk_editable_get_text (GTK_EDITABLE (field)) != '\0')
        g_string_append (text, gtk_editable_get_text (GTK_EDITABLE (field)));
      else if (hole != NULL)
        g_string_append (text, hole);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The fields of the form, filled: NULL while one is empty. */
static GHashTable *
dup_filled (RedialCaseComposer *self)
{
  g_autoptr(GHashTable) filled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < self->fields->len; i++)
    {
      GtkWidget *field = g_ptr_array_index (self->fields, i);
      const char *typed;

      if (field == NULL)
        continue;
      typed = gtk_editable_get_text (GTK_EDITABLE (field));
      if (*typed == '\0')
        return NULL;
      g_hash_table_replace (filled, g_strdup (((RedialDraftPart *) g_ptr_array_index (redial_draft_get_parts (self->draft), i))->name),
                            g_strdup (typed));
    }
  return g_steal_pointer (&filled);
}

static void
update_count (RedialCaseComposer *self)
{
  g_autofree char *text = NULL;
  g_autofree char *units = NULL;
  g_autofree char *segments = NULL;
  g_autofree char *count = NULL;
  RedialSmsEncoding encoding;
  guint n_units;
  guint n_segments;
  gboolean ready;

  if (filling_form (self))
    {
      g_autoptr(GHashTable) filled = dup_filled (self);

      text = dup_form_text (self, "");
      ready = filled != NULL;
      gtk_widget_set_sensitive (self->edit_button, ready);
    }
  else
    {
      g_autofree char *stripped = NULL;

      text = dup_typed_text (self);
      stripped = g_strstrip (g_strdup (text));
      ready = *stripped != '\0';
    }

  gtk_widget_set_sensitive (self->send_button, self->kase != NULL && ready &&
                            (writing_note (self) || self->can_text));
  if (writing_note (self) || *text == '\0')
    {
      gtk_label_set_text (self->count_label, writing_note (self) ? _("Only the desk sees notes") : "");
      return;
    }

  /* Carriers bill by the segment: say so before a long text goes out. */
  n_segments = redial_sms_segments (text, &encoding, &n_units);
  units = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u character", "%u characters", n_units), n_units);
  segments = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u text", "%u texts", n_segments), n_segments);
  /* Translators: "10 characters, 1 text" */
  count = g_strdup_printf (_("%s, %s"), units, segments);
  gtk_label_set_text (self->count_label, count);
}

static void
clear_form (RedialCaseComposer *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->form_box)) != NULL)
    gtk_flow_box_remove (GTK_FLOW_BOX (self->form_box), child);
  g_ptr_array_set_size (self->fields, 0);
  g_clear_pointer (&self->draft, g_object_unref);
  gtk_stack_set_visible_child_name (self->input_stack, "text");
}

static void
on_field_changed (RedialCaseComposer *self,
                  GtkEditable        *field)
{
  gboolean empty = *gtk_editable_get_text (field) == '\0';

  if (empty)
    gtk_widget_add_css_class (GTK_WIDGET (field), "unfilled");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (field), "unfilled");
  update_count (self);
}

static void
append_words (RedialCaseComposer *self,
              const char         *text,
              const char         *css_class)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);

  /* One label a word, so that the sentence wraps around the fields. */
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *word = words[i + 1] != NULL ? g_strconcat (words[i], " ", NULL) : g_strdup (words[i]);
      GtkWidget *label;

      if (*word == '\0')
        continue;
      label = gtk_label_new (word);
      gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
      if (css_class != NULL)
        gtk_widget_add_css_class (label, css_class);
      gtk_flow_box_append (GTK_FLOW_BOX (self->form_box), label);
    }
}

/* The template as a sentence with a field in each hole the case cannot
 * fill: nothing is sent until each is filled. */
static void
show_form (RedialCaseComposer *self,
           RedialDraft        *draft)
{
  GPtrArray *parts = redial_draft_get_parts (draft);
  GtkWidget *first = NULL;

  clear_form (self);
  self->draft = g_object_ref (draft);
  for (guint i = 0; i < parts->len; i++)
    {
      const RedialDraftPart *part = g_ptr_array_index (parts, i);
      GtkWidget *field;
      g_autofree char *hint = NULL;

      if (part->name == NULL || part->value != NULL)
        {
          g_ptr_array_add (self->fields, NULL);
          append_words (self, part->name == NULL ? part->text : part->value, part->name == NULL ? NULL : "filled");
          continue;
        }

      field = gtk_entry_new ();
      if (part->suggestion != NULL)
        /* Translators: an empty field of a template, with what it could say: "first_name, e.g. there" */
        hint = g_strdup_printf (_("%s, e.g. %s"), part->name, part->suggestion);
      gtk_entry_set_placeholder_text (GTK_ENTRY (field), hint != NULL ? hint : part->name);
      gtk_editable_set_width_chars (GTK_EDITABLE (field), MAX (8, (int) g_utf8_strlen (hint != NULL ? hint : part->name, -1)));
      gtk_widget_add_css_class (field, "unfilled");
      gtk_widget_set_tooltip_text (field, _("Fill this in before sending"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_LABEL, part->name, -1);
      g_signal_connect_object (field, "changed", G_CALLBACK (on_field_changed), self, G_CONNECT_SWAPPED);
      g_ptr_array_add (self->fields, field);
      gtk_flow_box_append (GTK_FLOW_BOX (self->form_box), field);
      if (first == NULL)
        first = field;
    }
  gtk_stack_set_visible_child_name (self->input_stack, "form");
  update_count (self);
  if (first != NULL)
    gtk_widget_grab_focus (first);
}

static void
on_chip_clicked (GtkButton          *chip,
                 RedialCaseComposer *self)
{
  redial_case_composer_insert_template (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (chip), "n")));
}

static void
fill_chips (RedialCaseComposer *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->chips_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->chips_box), child);
  g_ptr_array_set_size (self->drafts, 0);
  if (self->kase == NULL || redial_case_get_caller (self->kase) == NULL)
    return;

  {
    g_autoptr(GPtrArray) drafts = redial_engine_list_reply_drafts (self->engine, self->kase);

    for (guint i = 0; drafts != NULL && i < drafts->len; i++)
      g_ptr_array_add (self->drafts, g_object_ref (g_ptr_array_index (drafts, i)));
  }

  for (guint i = 0; i < self->drafts->len; i++)
    {
      RedialDraft *draft = g_ptr_array_index (self->drafts, i);
      GtkWidget *chip = gtk_button_new_with_label (redial_draft_get_label (draft));
      g_autofree char *preview = redial_draft_preview (draft);
      g_autofree char *tooltip = NULL;

      if (i < 9)
        /* Translators: a template chip's tooltip: the key, then the text it inserts */
        tooltip = g_strdup_printf (_("Alt+%u · %s"), i + 1, preview);
      gtk_widget_set_tooltip_text (chip, tooltip != NULL ? tooltip : preview);
      gtk_widget_add_css_class (chip, "chip");
      g_object_set_data (G_OBJECT (chip), "n", GUINT_TO_POINTER (i + 1));
      g_object_set_data_full (G_OBJECT (chip), "name", g_strdup (redial_draft_get_name (draft)), g_free);
      g_signal_connect_object (chip, "clicked", G_CALLBACK (on_chip_clicked), self, 0);
      gtk_box_append (GTK_BOX (self->chips_box), chip);
    }
}

/* Why the caller cannot be texted, said before anyone types. */
static char *
describe_refusal (RedialCaseComposer *self,
                  const GError       *error)
{
  if (g_error_matches (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_NO_NUMBER))
    return g_strdup (_("No texts: this caller hid their number. Listen to the voicemail if they left one, take a note, and close the case with an outcome."));
  if (g_error_matches (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_OPTED_OUT))
    return g_strdup (_("No texts: this caller opted out (they replied STOP). Only they can opt back in, by texting START."));
  if (g_error_matches (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_BLOCKED))
    return g_strdup (_("No texts: this number is on the block list."));
  /* Translators: why the caller cannot be texted, as the engine said it */
  return g_strdup_printf (_("No texts: %s"), error->message);
}

static void
update_mode (RedialCaseComposer *self)
{
  gboolean note = writing_note (self);

  if (note)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "note");
      gtk_label_set_text (self->recipient_label, _("Internal note, never sent"));
      gtk_button_set_label (GTK_BUTTON (self->send_button), _("Add Note"));
      gtk_widget_set_tooltip_text (self->send_button, _("Add the note to the timeline (Ctrl+Enter)"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Internal note"), -1);
      gtk_stack_set_visible_child_name (self->input_stack, "text");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "note");
      gtk_button_set_label (GTK_BUTTON (self->send_button), _("Send"));
      gtk_widget_set_tooltip_text (self->send_button, _("Send the text (Ctrl+Enter)"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Text to send"), -1);
      gtk_stack_set_visible_child_name (self->input_stack, self->draft != NULL ? "form" : "text");
      redial_case_composer_refresh (self);
    }
  gtk_widget_set_visible (self->chips_scroller, !note && self->drafts->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->refusal_label), refusal_shown (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->text_view), note || self->can_text);
  update_count (self);
}

static void
on_mode_toggled (RedialCaseComposer *self,
                 GtkToggleButton    *toggle)
{
  if (gtk_toggle_button_get_active (toggle))
    update_mode (self);
}

static void
on_edit_clicked (RedialCaseComposer *self,
                 GtkButton          *button)
{
  g_autoptr(GHashTable) filled = dup_filled (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (filled == NULL)
    return;
  text = redial_draft_render (self->draft, filled, &error);
  if (text == NULL)
    return;
  clear_form (self);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text, -1);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
  update_count (self);
}

static void
on_discard_clicked (RedialCaseComposer *self,
                    GtkButton          *button)
{
  clear_form (self);
  update_count (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
on_send_clicked (RedialCaseComposer *self,
                 GtkButton          *button)
{
  redial_case_composer_send (self);
}

static gboolean
on_send_shortcut (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  redial_case_composer_send (REDIAL_CASE_COMPOSER (widget));
  return TRUE;
}

static void
redial_case_composer_dispose (GObject *object)
{
  RedialCaseComposer *self = REDIAL_CASE_COMPOSER (object);
  GtkWidget *child;

  g_clear_pointer (&self->draft, g_object_unref);
  g_clear_object (&self->kase);
  gtk_widget_dispose_template (GTK_WIDGET (self), REDIAL_TYPE_CASE_COMPOSER);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->engine);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (redial_case_composer_parent_class)->dispose (object);
}

static void
redial_case_composer_finalize (GObject *object)
{
  RedialCaseComposer *self = REDIAL_CASE_COMPOSER (object);

  g_clear_pointer (&self->drafts, g_ptr_array_unref);
  g_clear_pointer (&self->fields, g_ptr_array_unref);

  G_OBJECT_CLASS (redial_case_composer_parent_class)->finalize (object);
}

static void
redial_case_composer_class_init (RedialCaseComposerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = redial_case_composer_dispose;
  object_class->finalize = redial_case_composer_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/redial/Redial/case/redial-case-composer.ui");
  gtk_widget_class_bind_template_child (widget_class, RedialCaseComposer, text_toggle);
  gtk_widget_class_bind_template_child (widget_class, RedialCaseComposer, note_toggle);
  gtk_widget_class_bind_template_child (widget_class, RedialCaseComposer, recipient_label);
  gtk_widget_class_bind_template_child (widget_class, RedialCaseComposer, refusal_label);
  gtk_widget_class_bind_template_child (widget_class, RedialCaseComposer, chips_scroller);
  gtk_widget_class_bind_template_child (widget_class, RedialCaseComposer, chips_box);
  gtk_widget_class_bind_template_child (widget_class, RedialCaseComposer, input_stack);
  gtk_widget_class_bind_template_child (widget_class, RedialCaseComposer, text_view);
  gtk_widget_class_bind_template_child (widget_class, RedialCaseComposer, form_box);
  gtk_widget_class_bind_template_child (widget_class, RedialCaseComposer, edit_button);
  gtk_widget_class_bind_template_child (widget_class, RedialCaseComposer, discard_button);
  gtk_widget_class_bind_template_child (widget_class, RedialCaseComposer, count_label);
  gtk_widget_class_bind_template_child (widget_class, RedialCaseComposer, send_button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "casecomposer");
}

static void
redial_case_composer_init (RedialCaseComposer *self)
{
  GtkEventController *shortcuts;
  GtkLayoutManager *layout;

  self->drafts = g_ptr_array_new_with_free_func (g_object_unref);
  self->fields = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 8);

  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (update_count), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->text_toggle, "toggled", G_CALLBACK (on_mode_toggled), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->note_toggle, "toggled", G_CALLBACK (on_mode_toggled), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->edit_button, "clicked", G_CALLBACK (on_edit_clicked), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->discard_button, "clicked", G_CALLBACK (on_discard_clicked), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->send_button, "clicked", G_CALLBACK (on_send_clicked), self, G_CONNECT_SWAPPED);

  /* Return starts a new line; Ctrl+Return sends, from the text or a field. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return|<Control>KP_Enter"),
                                                          gtk_callback_action_new (on_send_shortcut, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

GtkWidget *
redial_case_composer_new (RedialContext *context)
{
  RedialCaseComposer *self;

  g_return_val_if_fail (REDIAL_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (REDIAL_IS_ENGINE (redial_context_get_engine (context)), NULL);

  self = g_object_new (REDIAL_TYPE_CASE_COMPOSER, NULL);
  self->context = g_object_ref (context);
  self->engine = g_object_ref (redial_context_get_engine (context));
  return GTK_WIDGET (self);
}

void
redial_case_composer_set_case (RedialCaseComposer *self,
                               RedialCase         *kase)
{
  g_return_if_fail (REDIAL_IS_CASE_COMPOSER (self));
  g_return_if_fail (kase == NULL || REDIAL_IS_CASE (kase));

  clear_form (self);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), "", 0);
  g_set_object (&self->kase, kase);
  fill_chips (self);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->text_toggle), TRUE);
  redial_case_composer_refresh (self);
  /* A caller without a number can still get notes. */
  if (kase != NULL && redial_case_get_caller (kase) == NULL)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->note_toggle), TRUE);
  update_mode (self);
}

/* The reply the case calls for stands out: an out-of-area caller's
 * referral, once the intake says so. */
static void
mark_ready_chips (RedialCaseComposer *self)
{
  gboolean out_of_area = self->kase != NULL && redial_case_get_out_of_area (self->kase);

  for (GtkWidget *chip = gtk_widget_get_first_child (self->chips_box); chip != NULL;
       chip = gtk_widget_get_next_sibling (chip))
    {
      const char *name = g_object_get_data (G_OBJECT (chip), "name");

      if (out_of_area && g_strcmp0 (name, "out-of-area") == 0)
        gtk_widget_add_css_class (chip, "suggested-action");
      else
        gtk_widget_remove_css_class (chip, "suggested-action");
    }
}

void
redial_case_composer_refresh (RedialCaseComposer *self)
{
  g_autoptr(GError) refused = NULL;
  g_autofree char *number = NULL;
  g_autofree char *title = NULL;
  const char *caller;
  const char *name;

  g_return_if_fail (REDIAL_IS_CASE_COMPOSER (self));

  mark_ready_chips (self);
  if (self->kase == NULL)
    {
      self->can_text = FALSE;
      return;
    }

  self->can_text = redial_engine_can_text (self->engine, self->kase, &refused);
  if (!self->can_text)
    {
      g_autofree char *why = describe_refusal (self, refused);

      gtk_label_set_text (self->refusal_label, why);
    }
  gtk_widget_set_sensitive (self->text_toggle, redial_case_get_caller (self->kase) != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->refusal_label), refusal_shown (self));
  gtk_widget_set_sensitive (self->chips_box, self->can_text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->text_view), writing_note (self) || self->can_text);
  if (writing_note (self))
    {
      update_count (self);
      return;
    }

  caller = redial_case_get_caller (self->kase);
  name = redial_case_get_caller_name (self->kase);
  number = caller != NULL ? redial_phone_format (caller, redial_config_get_region (redial_context_get_config (self->context)))
                          : g_strdup (_("Hidden number"));
  if (name != NULL)
    /* Translators: above the compose box: "Text to Tom Becker · (630) 555-0125" */
    title = g_strdup_printf (_("Text to %s · %s"), name, number);
  else
    /* Translators: above the compose box: "Text to (630) 555-0125" */
    title = g_strdup_printf (_("Text to %s"), number);
  gtk_label_set_text (self->recipient_label, title);
  update_count (self);
}

gboolean
redial_case_composer_insert_template (RedialCaseComposer *self,
                                      guint               n)
{
  RedialDraft *draft;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkTextBuffer *buffer;

  g_return_val_if_fail (REDIAL_IS_CASE_COMPOSER (self), FALSE);

  if (self->kase == NULL || !self->can_text || n == 0 || n > self->drafts->len)
    return FALSE;

  draft = g_ptr_array_index (self->drafts, n - 1);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->text_toggle), TRUE);
  text = redial_draft_render (draft, NULL, &error);
  if (text == NULL)
    {
      /* A hole the case cannot fill: the person fills it, in place. */
      show_form (self, draft);
      return TRUE;
    }

  clear_form (self);
  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete_selection (buffer, TRUE, TRUE);
  gtk_text_buffer_insert_at_cursor (buffer, text, -1);
  gtk_text_buffer_end_user_action (buffer);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
  return TRUE;
}

void
redial_case_composer_focus (RedialCaseComposer *self)
{
  g_return_if_fail (REDIAL_IS_CASE_COMPOSER (self));

  if (filling_form (self))
    {
      for (guint i = 0; i < self->fields->len; i++)
        {
          GtkWidget *field = g_ptr_array_index (self->fields, i);

          if (field != NULL && *gtk_editable_get_text (GTK_EDITABLE (field)) == '\0')
            {
              gtk_widget_grab_focus (field);
              return;
            }
        }
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

gboolean
redial_case_composer_can_send (RedialCaseComposer *self)
{
  g_return_val_if_fail (REDIAL_IS_CASE_COMPOSER (self), FALSE);
  return gtk_widget_get_sensitive (self->send_button);
}

gboolean
redial_case_composer_send (RedialCaseComposer *self)
{
  g_autofree char *text = NULL;
  gint64 id;

  g_return_val_if_fail (REDIAL_IS_CASE_COMPOSER (self), FALSE);

  if (self->kase == NULL || !redial_case_composer_can_send (self))
    return FALSE;
  id = redial_case_get_id (self->kase);

  if (writing_note (self))
    {
      text = dup_typed_text (self);
      gtk_widget_activate_action (GTK_WIDGET (self), "app.add-note", "(xs)", id, text);
    }
  else
    {
      if (filling_form (self))
        {
          g_autoptr(GHashTable) filled = dup_filled (self);
          g_autoptr(GError) error = NULL;

          /* Rendered by the engine's rule: a hole left is refused. */
          text = filled != NULL ? redial_draft_render (self->draft, filled, &error) : NULL;
          if (text == NULL)
            return FALSE;
        }
      else
        text = dup_typed_text (self);
      gtk_widget_activate_action (GTK_WIDGET (self), "app.send-text", "(xs)", id, text);
    }

  clear_form (self);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), "", 0);
  update_count (self);
  return TRUE;
}
