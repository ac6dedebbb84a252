/* redial-intake-form.c: the guided intake of one case: a trade's questions as chips and short fields. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include <glib/gi18n.h>

#include "redial-intake-form.h"

/* How long typing may pause before a text answer is kept. */
#define TEXT_SETTLE_MS 800

typedef struct _QuestionView QuestionView;

struct _RedialIntakeForm
{
  AdwBin               parent_instance;

  RedialIntakeProfile *profile;
  RedialServiceArea   *area;
  GHashTable          *answers;       /* key → value shown */
  GHashTable          *suggestions;   /* key → RedialIntakeSuggestion */
  GPtrArray           *views;         /* QuestionView, asking order */
  gboolean             one_at_a_time;
  gboolean             syncing;       /* showing answers, not taking them */

  GtkWidget           *title;
  GtkWidget           *mode_button;
  GtkWidget           *status;
  GtkWidget           *questions;
};

struct _QuestionView
{
  RedialIntakeForm     *form;
  RedialIntakeQuestion *question;
  GtkWidget            *box;
  GtkWidget            *error;
  GtkWidget            *area_label;
  GtkWidget            *suggestion;
  GtkWidget            *suggestion_label;
  GtkWidget            *entry;
  GPtrArray            *chips;        /* GtkToggleButton, one per choice, or per day then per part */
  GtkWidget            *calendar;
  GtkWidget            *date_button;
  char                 *picked_date;  /* YYYY-MM-DD, when a date was picked */
  guint                 settle_id;
};

enum {
  PROP_0,
  PROP_ONE_AT_A_TIME,
  N_PROPS
};

enum {
  ANSWER,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RedialIntakeForm, redial_intake_form, ADW_TYPE_BIN)


static void update_form (RedialIntakeForm *self);

static void
question_view_free (QuestionView *view)
{
  g_clear_handle_id (&view->settle_id, g_source_remove);
  g_clear_pointer (&view->chips, g_ptr_array_unref);
  g_free (view->picked_date);
  g_free (view);
}

static const char *
answer_of (QuestionView *view)
{
  return g_hash_table_lookup (view->form->answers, redial_intake_question_get_key (view->question));
}

/* Keeps @value (NULL or "" clears) and tells the case, unless the form is
 * only showing what the case has. */
static void
give_answer (QuestionView *view,
             const char   *value)
{
  RedialIntakeForm *self = view->form;
  const char *key = redial_intake_question_get_key (view->question);

  if (self->syncing || g_strcmp0 (answer_of (view), value) == 0 ||
      ((value == NULL || *value == '\0') && answer_of (view) == NULL))
    return;

  if (value == NULL || *value == '\0')
    g_hash_table_remove (self->answers, key);
  else
    g_hash_table_replace (self->answers, g_strdup (key), g_strdup (value));
  g_hash_table_remove (self->suggestions, key);

  g_signal_emit (self, signals[ANSWER], 0, key, value != NULL ? value : "");
  update_form (self);
}

/* ── chips ── */

static char *
chips_value (QuestionView *view)
{
  const char * const *choices = redial_intake_question_get_choices (view->question);
  g_autoptr(GStrvBuilder) chosen = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;

  for (guint i = 0; i < view->chips->len; i++)
    if (gtk_toggle_button_get_active (g_ptr_array_index (view->chips, i)))
      g_strv_builder_add (chosen, choices[i]);
  ids = g_strv_builder_end (chosen);
  return g_strjoinv (";", ids);
}

static void
on_chip_toggled (GtkToggleButton *chip,
                 QuestionView    *view)
{
  g_autofree char *value = NULL;

  /* A group's other chip turning off is not an answer of its own. */
  if (redial_intake_question_get_kind (view->question) != REDIAL_INTAKE_CHOICES &&
      !gtk_toggle_button_get_active (chip))
    return;
  value = chips_value (view);
  give_answer (view, value);
}

static GtkWidget *
chip_new (const char *label,
          GtkWidget  *group)
{
  GtkWidget *chip = gtk_toggle_button_new_with_label (label);

  gtk_widget_add_css_class (chip, "intake-chip");
  if (group != NULL)
    gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (chip), GTK_TOGGLE_BUTTON (group));
  return chip;
}

static GtkWidget *
chips_box_new (void)
{
  GtkWidget *flow = gtk_flow_box_new ();

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), FALSE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 8);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 6);
  return flow;
}

static void
add_choice_chips (QuestionView *view)
{
  const char * const *choices = redial_intake_question_get_choices (view->question);
  gboolean several = redial_intake_question_get_kind (view->question) == REDIAL_INTAKE_CHOICES;
  GtkWidget *flow = chips_box_new ();
  GtkWidget *group = NULL;

  for (guint i = 0; choices[i] != NULL; i++)
    {
      GtkWidget *chip = chip_new (redial_intake_question_get_choice_label (view->question, choices[i]), group);

      if (!several && group == NULL)
        group = chip;
      g_signal_connect (chip, "toggled", G_CALLBACK (on_chip_toggled), view);
      g_ptr_array_add (view->chips, chip);
      gtk_flow_box_append (GTK_FLOW_BOX (flow), chip);
    }
  gtk_box_append (GTK_BOX (view->box), flow);
}

static void
show_chips (QuestionView *view)
{
  const char * const *choices = redial_intake_question_get_choices (view->question);
  const char *value = answer_of (view);
  g_auto(GStrv) ids = g_strsplit (value != NULL ? value : "", ";", -1);

  for (guint i = 0; i < view->chips->len; i++)
    gtk_toggle_button_set_active (g_ptr_array_index (view->chips, i),
                                  g_strv_contains ((const char * const *) ids, choices[i]));
}

/* ── date windows ── */

/* How many day chips, then time-of-day chips, a date window has. */
static guint
n_days (void)
{
  return g_strv_length ((char **) redial_intake_window_days ());
}

static guint
n_parts (void)
{
  return g_strv_length ((char **) redial_intake_window_times ());
}

static void
date_window_split (const char  *value,
                   char       **day,
                   char       **part)
{
  g_auto(GStrv) halves = g_strsplit (value != NULL ? value : "", "/", 2);

  *day = g_strdup (halves[0] != NULL && *halves[0] != '\0' ? halves[0] : NULL);
  *part = g_strdup (halves[0] != NULL && halves[1] != NULL ? halves[1] : "any");
}

static void
give_date_window (QuestionView *view)
{
  const char *day = view->picked_date;
  const char *part = "any";
  g_autofree char *value = NULL;

  for (guint i = 0; i < n_days (); i++)
    if (gtk_toggle_button_get_active (g_ptr_array_index (view->chips, i)))
      day = redial_intake_window_days ()[i];
  for (guint i = 0; i < n_parts (); i++)
    if (gtk_toggle_button_get_active (g_ptr_array_index (view->chips, n_days () + i)))
      part = redial_intake_window_times ()[i];
  if (day == NULL)
    return;
  value = g_strdup_printf ("%s/%s", day, part);
  give_answer (view, value);
}

static void
on_day_toggled (GtkToggleButton *chip,
                QuestionView    *view)
{
  if (!gtk_toggle_button_get_active (chip))
    return;
  g_clear_pointer (&view->picked_date, g_free);
  gtk_menu_button_set_label (GTK_MENU_BUTTON (view->date_button), _("Pick a Date…"));
  give_date_window (view);
}

static void
on_part_toggled (GtkToggleButton *chip,
                 QuestionView    *view)
{
  if (gtk_toggle_button_get_active (chip))
    give_date_window (view);
}

static void
on_day_selected (GtkCalendar  *calendar,
                 QuestionView *view)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *label = g_date_time_format (date, _("%a %-d %b"));

  g_free (view->picked_date);
  view->picked_date = g_date_time_format (date, "%Y-%m-%d");
  for (guint i = 0; i < n_days (); i++)
    gtk_toggle_button_set_active (g_ptr_array_index (view->chips, i), FALSE);
  gtk_menu_button_set_label (GTK_MENU_BUTTON (view->date_button), label);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (view->date_button));
  give_date_window (view);
}

static void
add_date_window (QuestionView *view)
{
  GtkWidget *day_flow = chips_box_new ();
  GtkWidget *part_flow = chips_box_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *group = NULL;

  for (guint i = 0; i < n_days (); i++)
    {
      GtkWidget *chip = chip_new (redial_intake_describe_day (redial_intake_window_days ()[i]), group);

      group = group != NULL ? group : chip;
      g_signal_connect (chip, "toggled", G_CALLBACK (on_day_toggled), view);
      g_ptr_array_add (view->chips, chip);
      gtk_flow_box_append (GTK_FLOW_BOX (day_flow), chip);
    }
  view->calendar = gtk_calendar_new ();
  g_signal_connect (view->calendar, "day-selected", G_CALLBACK (on_day_selected), view);
  gtk_popover_set_child (GTK_POPOVER (popover), view->calendar);
  view->date_button = gtk_menu_button_new ();
  gtk_menu_button_set_label (GTK_MENU_BUTTON (view->date_button), _("Pick a Date…"));
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (view->date_button), popover);
  gtk_flow_box_append (GTK_FLOW_BOX (day_flow), view->date_button);

  group = NULL;
  for (guint i = 0; i < n_parts (); i++)
    {
      GtkWidget *chip = chip_new (redial_intake_describe_time (redial_intake_window_times ()[i]), group);

      group = group != NULL ? group : chip;
      g_signal_connect (chip, "toggled", G_CALLBACK (on_part_toggled), view);
      g_ptr_array_add (view->chips, chip);
      gtk_flow_box_append (GTK_FLOW_BOX (part_flow), chip);
    }
  gtk_box_append (GTK_BOX (view->box), day_flow);
  gtk_box_append (GTK_BOX (view->box), part_flow);
}

static void
show_date_window (QuestionView *view)
{
  g_autofree char *day = NULL;
  g_autofree char *part = NULL;
  gboolean known_day = FALSE;

  date_window_split (answer_of (view), &day, &part);
  for (guint i = 0; i < n_days (); i++)
    {
      gboolean on = g_strcmp0 (day, redial_intake_window_days ()[i]) == 0;

      known_day |= on;
      gtk_toggle_button_set_active (g_ptr_array_index (view->chips, i), on);
    }
  for (guint i = 0; i < n_parts (); i++)
    gtk_toggle_button_set_active (g_ptr_array_index (view->chips, n_days () + i),
                                  day != NULL && g_str_equal (part, redial_intake_window_times ()[i]));
  g_free (view->picked_date);
  view->picked_date = day != NULL && !known_day ? g_strdup (day) : NULL;
  gtk_menu_button_set_label (GTK_MENU_BUTTON (view->date_button),
                             view->picked_date != NULL ? view->picked_date : _("Pick a Date…"));
}

/* ── text, address and postal code ── */

static void
show_area (QuestionView *view,
           const char   *code)
{
  RedialServiceArea *area = view->form->area;
  RedialServiceAreaCheck check;

  if (view->area_label == NULL)
    return;
  check = area != NULL ? redial_service_area_check (area, code) : REDIAL_SERVICE_AREA_INSIDE;
  gtk_widget_remove_css_class (view->area_label, "success");
  gtk_widget_remove_css_class (view->area_label, "warning");
  if (area == NULL || redial_service_area_is_everywhere (area) || check == REDIAL_SERVICE_AREA_UNSURE)
    gtk_label_set_text (GTK_LABEL (view->area_label), "");
  else if (check == REDIAL_SERVICE_AREA_INSIDE)
    {
      gtk_label_set_text (GTK_LABEL (view->area_label), _("In the service area"));
      gtk_widget_add_css_class (view->area_label, "success");
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (view->area_label), _("Out of area · needs review"));
      gtk_widget_add_css_class (view->area_label, "warning");
    }
}

/* Keeps what is typed, when it is an answer; says why when it is not. */
static void
take_entry (QuestionView *view)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (view->entry))));
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  g_clear_handle_id (&view->settle_id, g_source_remove);
  if (view->form->syncing)
    return;

  if (*trimmed == '\0')
    {
      gtk_widget_set_visible (view->error, FALSE);
      give_answer (view, NULL);
      return;
    }
  value = redial_intake_question_normalize (view->question, trimmed, &error);
  gtk_widget_set_visible (view->error, value == NULL);
  if (value == NULL)
    {
      g_autofree char *reason = g_strdup_printf (_("Not kept: %s"), error->message);

      gtk_label_set_text (GTK_LABEL (view->error), reason);
      gtk_widget_add_css_class (view->entry, "error");
      return;
    }
  gtk_widget_remove_css_class (view->entry, "error");
  give_answer (view, value);
}

static gboolean
on_settled (gpointer user_data)
{
  QuestionView *view = user_data;

  view->settle_id = 0;
  take_entry (view);
  return G_SOURCE_REMOVE;
}

static void
on_entry_changed (GtkEditable  *entry,
                  QuestionView *view)
{
  if (view->form->syncing)
    return;
  show_area (view, gtk_editable_get_text (entry));
  g_clear_handle_id (&view->settle_id, g_source_remove);
  view->settle_id = g_timeout_add (TEXT_SETTLE_MS, on_settled, view);
}

static void
on_entry_activate (GtkEntry     *entry,
                   QuestionView *view)
{
  take_entry (view);
}

static void
on_entry_leave (GtkEventControllerFocus *controller,
                QuestionView            *view)
{
  if (view->settle_id != 0)
    take_entry (view);
}

static void
add_entry (QuestionView *view)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();
  RedialIntakeType kind = redial_intake_question_get_kind (view->question);

  view->entry = gtk_entry_new ();
  gtk_entry_set_max_length (GTK_ENTRY (view->entry), REDIAL_INTAKE_MAX_ANSWER);
  if (kind == REDIAL_INTAKE_POSTAL_CODE)
    {
      gtk_entry_set_input_hints (GTK_ENTRY (view->entry), GTK_INPUT_HINT_UPPERCASE_CHARS | GTK_INPUT_HINT_NO_SPELLCHECK);
      gtk_editable_set_width_chars (GTK_EDITABLE (view->entry), 10);
      gtk_widget_set_halign (view->entry, GTK_ALIGN_START);
    }
  g_signal_connect (view->entry, "changed", G_CALLBACK (on_entry_changed), view);
  g_signal_connect (view->entry, "activate", G_CALLBACK (on_entry_activate), view);
  g_signal_connect (focus, "leave", G_CALLBACK (on_entry_leave), view);
  gtk_widget_add_controller (view->entry, focus);
  gtk_box_append (GTK_BOX (view->box), view->entry);

  if (kind == REDIAL_INTAKE_POSTAL_CODE)
    {
      view->area_label = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (view->area_label), 0);
      gtk_widget_add_css_class (view->area_label, "caption");
      gtk_box_append (GTK_BOX (view->box), view->area_label);
    }
}

static void
show_entry (QuestionView *view)
{
  const char *value = answer_of (view);

  /* Never overwrite what the person is typing now. */
  if (gtk_widget_has_focus (view->entry) || (gtk_widget_get_focus_child (view->entry) != NULL))
    return;
  gtk_editable_set_text (GTK_EDITABLE (view->entry), value != NULL ? value : "");
  gtk_widget_set_visible (view->error, FALSE);
  gtk_widget_remove_css_class (view->entry, "error");
  show_area (view, value);
}

/* ── one question ── */

static void
on_use_suggestion (GtkButton    *button,
                   QuestionView *view)
{
  RedialIntakeSuggestion *suggestion =
    g_hash_table_lookup (view->form->suggestions, redial_intake_question_get_key (view->question));
  g_autofree char *value = NULL;

  if (suggestion == NULL)
    return;
  value = g_strdup (suggestion->value);
  give_answer (view, value);
  update_form (view->form);
}

static QuestionView *
question_view_new (RedialIntakeForm     *self,
                   RedialIntakeQuestion *question)
{
  QuestionView *view = g_new0 (QuestionView, 1);
  const char *hint = redial_intake_question_get_hint (question);
  GtkWidget *title;
  GtkWidget *use;

  view->form = self;
  view->question = question;
  view->chips = g_ptr_array_new ();
  view->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (view->box, "intake-question");

  if (redial_intake_question_get_required (question))
    title = gtk_label_new (redial_intake_question_get_label (question));
  else
    {
      /* TRANSLATORS: a question the intake may leave unanswered */
      g_autofree char *text = g_strdup_printf (_("%s (optional)"), redial_intake_question_get_label (question));

      title = gtk_label_new (text);
    }
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (view->box), title);
  if (hint != NULL)
    {
      GtkWidget *label = gtk_label_new (hint);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (view->box), label);
    }

  /* "From their text: “water heater” — Use" */
  view->suggestion = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  view->suggestion_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (view->suggestion_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (view->suggestion_label), 0);
  gtk_widget_set_hexpand (view->suggestion_label, TRUE);
  use = gtk_button_new_with_mnemonic (_("_Use"));
  gtk_widget_add_css_class (use, "flat");
  gtk_widget_set_valign (use, GTK_ALIGN_CENTER);
  g_signal_connect (use, "clicked", G_CALLBACK (on_use_suggestion), view);
  gtk_box_append (GTK_BOX (view->suggestion), view->suggestion_label);
  gtk_box_append (GTK_BOX (view->suggestion), use);
  gtk_widget_add_css_class (view->suggestion, "intake-suggestion");
  gtk_box_append (GTK_BOX (view->box), view->suggestion);

  switch (redial_intake_question_get_kind (question))
    {
    case REDIAL_INTAKE_CHOICE:
    case REDIAL_INTAKE_CHOICES:
    case REDIAL_INTAKE_YES_NO:
      add_choice_chips (view);
      break;
    case REDIAL_INTAKE_DATE_WINDOW:
      add_date_window (view);
      break;
    case REDIAL_INTAKE_TEXT:
    case REDIAL_INTAKE_ADDRESS:
    case REDIAL_INTAKE_POSTAL_CODE:
    default:
      add_entry (view);
      break;
    }

  view->error = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (view->error), 0);
  gtk_label_set_wrap (GTK_LABEL (view->error), TRUE);
  gtk_widget_add_css_class (view->error, "error");
  gtk_widget_add_css_class (view->error, "caption");
  gtk_widget_set_visible (view->error, FALSE);
  gtk_box_append (GTK_BOX (view->box), view->error);

  gtk_accessible_update_relation (GTK_ACCESSIBLE (view->box),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, title, NULL, -1);
  return view;
}

static void
show_question (QuestionView *view)
{
  RedialIntakeSuggestion *suggestion =
    g_hash_table_lookup (view->form->suggestions, redial_intake_question_get_key (view->question));

  switch (redial_intake_question_get_kind (view->question))
    {
    case REDIAL_INTAKE_CHOICE:
    case REDIAL_INTAKE_CHOICES:
    case REDIAL_INTAKE_YES_NO:
      show_chips (view);
      break;
    case REDIAL_INTAKE_DATE_WINDOW:
      show_date_window (view);
      break;
    case REDIAL_INTAKE_TEXT:
    case REDIAL_INTAKE_ADDRESS:
    case REDIAL_INTAKE_POSTAL_CODE:
    default:
      show_entry (view);
      break;
    }

  gtk_widget_set_visible (view->suggestion, suggestion != NULL && answer_of (view) == NULL);
  if (suggestion != NULL)
    {
      g_autofree char *answer = redial_intake_question_describe (view->question, suggestion->value);
      /* TRANSLATORS: the caller's own words, then the answer they suggest */
      g_autofree char *markup = g_markup_printf_escaped (_("From their text: <i>%s</i> → %s"),
                                                         suggestion->evidence, answer);

      gtk_label_set_markup (GTK_LABEL (view->suggestion_label), markup);
    }
}

/* ── the whole form ── */

static void
update_status (RedialIntakeForm *self)
{
  g_auto(RedialIntakeStatus) status = { 0 };
  g_autoptr(GPtrArray) parts_shown = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;
  const char *style = "dim-label";

  if (self->profile == NULL)
    return;
  redial_intake_profile_evaluate (self->profile, self->answers, self->area, &status);

  if (status.not_a_fit)
    {
      RedialIntakeQuestion *question = redial_intake_profile_lookup (self->profile, status.not_a_fit_key);
      g_autofree char *answer = redial_intake_question_describe (question,
                                                                 g_hash_table_lookup (self->answers, status.not_a_fit_key));

      g_ptr_array_add (parts_shown, g_strdup_printf (_("Not a fit: %s"), answer));
      style = "error";
    }
  if (status.urgent)
    {
      RedialIntakeQuestion *question = redial_intake_profile_lookup (self->profile, status.urgent_key);
      g_autofree char *answer = redial_intake_question_describe (question,
                                                                 g_hash_table_lookup (self->answers, status.urgent_key));

      g_ptr_array_add (parts_shown, g_strdup_printf (_("Emergency: %s"), answer));
      style = "error";
    }
  if (status.out_of_area)
    {
      g_ptr_array_add (parts_shown, g_strdup (_("Out of area · needs review")));
      if (!status.urgent && !status.not_a_fit)
        style = "warning";
    }
  if (status.qualified)
    {
      g_ptr_array_add (parts_shown, g_strdup (_("Qualified")));
      if (g_str_equal (style, "dim-label"))
        style = "success";
    }
  else if (!status.not_a_fit)
    g_ptr_array_add (parts_shown, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u question left",
                                                                "%u questions left", status.n_missing),
                                                   status.n_missing));
  g_ptr_array_add (parts_shown, NULL);
  text = g_strjoinv (" · ", (char **) parts_shown->pdata);

  gtk_label_set_text (GTK_LABEL (self->status), text);
  for (const char * const *c = (const char * const[]) { "dim-label", "error", "warning", "success", NULL }; *c; c++)
    gtk_widget_remove_css_class (self->status, *c);
  gtk_widget_add_css_class (self->status, style);
}

/* One at a time: every question up to the first required one unanswered;
 * all at once: every question. */
static void
update_form (RedialIntakeForm *self)
{
  gboolean reached = FALSE;

  self->syncing = TRUE;
  for (guint i = 0; i < self->views->len; i++)
    {
      QuestionView *view = g_ptr_array_index (self->views, i);

      show_question (view);
      gtk_widget_set_visible (view->box, !self->one_at_a_time || !reached);
      if (answer_of (view) == NULL && redial_intake_question_get_required (view->question))
        reached = TRUE;
    }
  self->syncing = FALSE;
  update_status (self);
}

static void
on_mode_toggled (GtkToggleButton  *button,
                 RedialIntakeForm *self)
{
  redial_intake_form_set_one_at_a_time (self, !gtk_toggle_button_get_active (button));
}

static void
redial_intake_form_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RedialIntakeForm *self = REDIAL_INTAKE_FORM (object);

  switch (prop_id)
    {
    case PROP_ONE_AT_A_TIME:
      g_value_set_boolean (value, self->one_at_a_time);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_intake_form_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RedialIntakeForm *self = REDIAL_INTAKE_FORM (object);

  switch (prop_id)
    {
    case PROP_ONE_AT_A_TIME:
      redial_intake_form_set_one_at_a_time (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_intake_form_dispose (GObject *object)
{
  RedialIntakeForm *self = REDIAL_INTAKE_FORM (object);

  g_ptr_array_set_size (self->views, 0);
  g_clear_object (&self->profile);
  g_clear_object (&self->area);

  G_OBJECT_CLASS (redial_intake_form_parent_class)->dispose (object);
}

static void
redial_intake_form_finalize (GObject *object)
{
  RedialIntakeForm *self = REDIAL_INTAKE_FORM (object);

  g_ptr_array_unref (self->views);
  g_hash_table_unref (self->answers);
  g_hash_table_unref (self->suggestions);

  G_OBJECT_CLASS (redial_intake_form_parent_class)->finalize (object);
}

static void
redial_intake_form_class_init (RedialIntakeFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = redial_intake_form_get_property;
  object_class->set_property = redial_intake_form_set_property;
  object_class->dispose = redial_intake_form_dispose;
  object_class->finalize = redial_intake_form_finalize;

  /* Whether the questions come one at a time or all at once. */
  properties[PROP_ONE_AT_A_TIME] =
    g_param_spec_boolean ("one-at-a-time", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RedialIntakeForm::answer:
   * @key: the question
   * @value: the answer as kept, or "" when it was cleared
   *
   * A person gave an answer: the case keeps it at once.
   */
  signals[ANSWER] =
    g_signal_new ("answer", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_css_name (widget_class, "intake-form");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
redial_intake_form_init (RedialIntakeForm *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->suggestions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) redial_intake_suggestion_free);
  self->views = g_ptr_array_new_with_free_func ((GDestroyNotify) question_view_free);
  self->one_at_a_time = TRUE;

  self->title = gtk_label_new (_("Intake"));
  gtk_label_set_xalign (GTK_LABEL (self->title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (self->title, TRUE);
  gtk_widget_add_css_class (self->title, "title-4");
  self->mode_button = gtk_toggle_button_new ();
  gtk_button_set_icon_name (GTK_BUTTON (self->mode_button), "view-list-symbolic");
  gtk_widget_set_tooltip_text (self->mode_button, _("Show All Questions"));
  gtk_widget_add_css_class (self->mode_button, "flat");
  g_signal_connect (self->mode_button, "toggled", G_CALLBACK (on_mode_toggled), self);
  gtk_box_append (GTK_BOX (header), self->title);
  gtk_box_append (GTK_BOX (header), self->mode_button);

  self->status = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->status), 0);
  gtk_label_set_wrap (GTK_LABEL (self->status), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Intake status"), -1);

  self->questions = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), self->status);
  gtk_box_append (GTK_BOX (box), self->questions);
  adw_bin_set_child (ADW_BIN (self), box);
}

GtkWidget *
redial_intake_form_new (void)
{
  return g_object_new (REDIAL_TYPE_INTAKE_FORM, NULL);
}

void
redial_intake_form_set_profile (RedialIntakeForm    *self,
                                RedialIntakeProfile *profile,
                                RedialServiceArea   *area)
{
  GtkWidget *child;
  g_autofree char *title = NULL;

  g_return_if_fail (REDIAL_IS_INTAKE_FORM (self));
  g_return_if_fail (profile == NULL || REDIAL_IS_INTAKE_PROFILE (profile));

  g_set_object (&self->profile, profile);
  g_set_object (&self->area, area);
  g_hash_table_remove_all (self->answers);
  g_hash_table_remove_all (self->suggestions);

  while ((child = gtk_widget_get_first_child (self->questions)) != NULL)
    gtk_box_remove (GTK_BOX (self->questions), child);
  g_ptr_array_set_size (self->views, 0);

  if (profile == NULL)
    return;

  /* TRANSLATORS: the intake form's title, with the trade's profile */
  title = g_strdup_printf (_("Intake · %s"), redial_intake_profile_get_name (profile));
  gtk_label_set_text (GTK_LABEL (self->title), title);
  for (guint i = 0; i < redial_intake_profile_get_n_questions (profile); i++)
    {
      QuestionView *view = question_view_new (self, redial_intake_profile_get_question (profile, i));

      g_ptr_array_add (self->views, view);
      gtk_box_append (GTK_BOX (self->questions), view->box);
    }
  update_form (self);
}

RedialIntakeProfile *
redial_intake_form_get_profile (RedialIntakeForm *self)
{
  g_return_val_if_fail (REDIAL_IS_INTAKE_FORM (self), NULL);
  return self->profile;
}

void
redial_intake_form_set_answers (RedialIntakeForm *self,
                                GHashTable       *answers)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (REDIAL_IS_INTAKE_FORM (self));

  g_hash_table_remove_all (self->answers);
  if (answers != NULL)
    {
      g_hash_table_iter_init (&iter, answers);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (value != NULL && *(const char *) value != '\0')
          g_hash_table_insert (self->answers, g_strdup (key), g_strdup (value));
    }
  update_form (self);
}

const char *
redial_intake_form_get_answer (RedialIntakeForm *self,
                               const char       *key)
{
  g_return_val_if_fail (REDIAL_IS_INTAKE_FORM (self), NULL);
  return key != NULL ? g_hash_table_lookup (self->answers, key) : NULL;
}

void
redial_intake_form_set_suggestions (RedialIntakeForm *self,
                                    GPtrArray        *suggestions)
{
  g_return_if_fail (REDIAL_IS_INTAKE_FORM (self));

  g_hash_table_remove_all (self->suggestions);
  for (guint i = 0; suggestions != NULL && i < suggestions->len; i++)
    {
      RedialIntakeSuggestion *given = g_ptr_array_index (suggestions, i);
      RedialIntakeSuggestion *copy = g_new0 (RedialIntakeSuggestion, 1);

      copy->key = g_strdup (given->key);
      copy->value = g_strdup (given->value);
      copy->evidence = g_strdup (given->evidence);
      g_hash_table_replace (self->suggestions, g_strdup (copy->key), copy);
    }
  update_form (self);
}

gboolean
redial_intake_form_get_one_at_a_time (RedialIntakeForm *self)
{
  g_return_val_if_fail (REDIAL_IS_INTAKE_FORM (self), TRUE);
  return self->one_at_a_time;
}

void
redial_intake_form_set_one_at_a_time (RedialIntakeForm *self,
                                      gboolean          one_at_a_time)
{
  g_return_if_fail (REDIAL_IS_INTAKE_FORM (self));

  one_at_a_time = !!one_at_a_time;
  if (self->one_at_a_time == one_at_a_time)
    return;
  self->one_at_a_time = one_at_a_time;
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->mode_button), !one_at_a_time);
  update_form (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONE_AT_A_TIME]);
}
