/* redial-case-page.c: the open case: who called, what happened since, and the desk's answer. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include <glib/gi18n.h>
#include <string.h>

#include "redial-case-booking.h"
#include "redial-case-composer.h"
#include "redial-case-page.h"
#include "redial-case-presence.h"
#include "redial-case-timeline.h"
#include "redial-engine.h"
#include "redial-intake-form.h"
#include "redial-phone.h"
#include "redial-text.h"
#include "redial-timeline-row.h"
#include "redial-timer.h"

struct _RedialCasePage
{
  AdwBin         parent_instance;

  GtkStack      *stack;
  RedialCasePresence *presence;
  AdwWindowTitle *window_title;
  GtkWidget     *back_button;
  GtkWidget     *empty_back_button;
  GtkLabel      *name_label;
  GtkLabel      *number_label;
  GtkLabel      *line_label;
  GtkLabel      *calls_label;
  GtkLabel      *kind_label;
  GtkLabel      *owner_label;
  GtkWidget     *first_response_box;
  GtkWidget     *reply_box;
  RedialTimer   *first_response_timer;
  RedialTimer   *reply_timer;
  GtkWidget     *claim_button;
  GtkWidget     *release_button;
  GtkWidget     *call_button;
  GtkWidget     *close_button;
  GtkPopover    *close_popover;
  GtkStack      *close_stack;
  GtkWidget     *outcomes_box;
  GtkWidget     *next_check;
  GtkWidget     *job_value_entry;
  GtkWidget     *job_value_error;
  GtkWidget     *booked_button;
  GtkWidget     *outcome_bar;
  GtkWidget     *call_outcomes_box;
  GtkWidget     *closed_bar;
  GtkLabel      *closed_label;
  GtkWidget     *reopen_button;
  GtkWidget     *timeline_box;
  GtkWidget     *composer_box;
  GtkWidget     *booking_box;
  GtkWidget     *intake_scroller;
  GtkWidget     *intake_button;
  RedialIntakeForm *intake_form;
  GSettings     *settings;

  RedialCaseTimeline *timeline;
  RedialCaseComposer *composer;
  RedialCaseBooking  *booking;

  RedialContext *context;
  RedialEngine  *engine;
  RedialCase    *kase;
  gboolean       show_back;
  gulong         notify_handler;
  gulong         timeline_handler;
  gulong         tick_handler;
};

G_DEFINE_FINAL_TYPE (RedialCasePage, redial_case_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_CASE,
  PROP_SHOW_BACK,
  N_PROPS
};

enum {
  BACK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The outcomes a case is closed with, in the order the desk meets them. */
static const RedialCaseOutcome close_outcomes[] = {
  REDIAL_CASE_OUTCOME_BOOKED,
  REDIAL_CASE_OUTCOME_QUOTED,
  REDIAL_CASE_OUTCOME_NOT_A_FIT,
  REDIAL_CASE_OUTCOME_OUT_OF_AREA,
  REDIAL_CASE_OUTCOME_NO_RESPONSE,
  REDIAL_CASE_OUTCOME_WRONG_NUMBER,
  REDIAL_CASE_OUTCOME_SPAM,
  REDIAL_CASE_OUTCOME_EXISTING_CUSTOMER,
};

static const RedialCallOutcome call_outcomes[] = {
  REDIAL_CALL_OUTCOME_REACHED,
  REDIAL_CALL_OUTCOME_NO_ANSWER,
  REDIAL_CALL_OUTCOME_LEFT_VOICEMAIL,
  REDIAL_CALL_OUTCOME_WRONG_NUMBER,
};

static gboolean
is_closed (RedialCase *kase)
{
  return redial_case_get_state (kase) == REDIAL_CASE_STATE_CLOSED || redial_case_get_closed_at (kase) > 0;
}

static const char *
describe_kind (RedialCaseKind kind)
{
  switch (kind)
    {
    case REDIAL_CASE_KIND_KNOWN_CUSTOMER:
      return _("Known customer");
    case REDIAL_CASE_KIND_ANONYMOUS:
      return _("Hidden number");
    case REDIAL_CASE_KIND_LIKELY_SPAM:
      return _("Likely spam");
    case REDIAL_CASE_KIND_BLOCKED:
      return _("Blocked");
    case REDIAL_CASE_KIND_NEW_LEAD:
    default:
      return _("New lead");
    }
}

/* The job value as typed, "350", "$1,200.50", in cents; -1 for nothing
 * typed; FALSE when it is no amount. */
static gboolean
parse_money (const char *text,
             gint64     *cents)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  const char *dot;
  guint64 whole = 0;
  guint64 fraction = 0;
  gsize n_fraction;

  for (const char *p = text; *p != '\0'; p++)
    if (*p != '$' && *p != ',' && *p != ' ')
      g_string_append_c (digits, *p);

  if (digits->len == 0)
    {
      *cents = -1;
      return TRUE;
    }

  dot = strchr (digits->str, '.');
  n_fraction = dot != NULL ? strlen (dot + 1) : 0;
  if (dot != NULL)
    *(char *) dot = '\0';
  if (n_fraction > 2 || (*digits->str != '\0' && !g_ascii_string_to_unsigned (digits->str, 10, 0, G_MAXINT64 / 100, &whole, NULL)))
    return FALSE;
  if (n_fraction > 0 && !g_ascii_string_to_unsigned (dot + 1, 10, 0, 99, &fraction, NULL))
    return FALSE;
  if (n_fraction == 1)
    fraction *= 10;
  *cents = (gint64) (whole * 100 + fraction);
  return TRUE;
}

static void
update_identity (RedialCasePage *self)
{
  RedialCase *kase = self->kase;
  const char *caller = redial_case_get_caller (kase);
  const char *name = redial_case_get_caller_name (kase);
  const char *raw = redial_case_get_caller_raw (kase);
  const char *line = redial_case_get_line_label (kase);
  g_autofree char *number = NULL;
  g_autofree char *numbers = NULL;
  g_autofree char *clean_raw = raw != NULL ? redial_text_clean_snippet (raw, 32) : NULL;

  if (caller != NULL)
    number = redial_phone_format (caller, redial_config_get_region (redial_context_get_config (self->context)));
  else
    number = g_strdup (_("Hidden number"));

  if (caller != NULL)
    /* Translators: the number formatted for the region, then as the phone system sent it: "(630) 555-0125 · dialled as +16305550125" */
    numbers = g_strdup_printf (_("%s · dialled as %s"), number, clean_raw != NULL ? clean_raw : caller);
  else if (clean_raw != NULL)
    /* Translators: a caller ID that is no number: "Hidden number · caller ID “Anonymous”" */
    numbers = g_strdup_printf (_("%s · caller ID “%s”"), number, clean_raw);
  else
    numbers = g_strdup (number);

  /* The caller ID is the caller's text: labels never parse it as markup. */
  gtk_label_set_text (self->name_label, name != NULL ? name : number);
  gtk_label_set_text (self->number_label, numbers);
  adw_window_title_set_title (self->window_title, name != NULL ? name : number);
  adw_window_title_set_subtitle (self->window_title, name != NULL ? number : NULL);

  if (line != NULL)
    {
      /* Translators: the line the caller dialled: "Called Main" */
      g_autofree char *called = g_strdup_printf (_("Called %s"), line);

      gtk_label_set_text (self->line_label, called);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->line_label), line != NULL);
}

static void
update_facts (RedialCasePage *self)
{
  guint n_calls = redial_case_get_n_calls (self->kase);
  g_autofree char *calls = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u call", "%u calls", n_calls), n_calls);

  gtk_label_set_text (self->calls_label, calls);
  gtk_label_set_text (self->kind_label, describe_kind (redial_case_get_kind (self->kase)));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->kind_label), redial_case_get_kind_reason (self->kase));
}

static void
update_owner (RedialCasePage *self,
              gint64          now)
{
  const char *owner = redial_case_get_owner (self->kase);
  g_autofree char *text = NULL;

  if (owner == NULL)
    text = g_strdup (_("Unclaimed"));
  else
    {
      gint64 since = redial_case_get_claimed_at (self->kase);
      guint minutes = since > 0 && now > since ? (guint) ((now - since) / (60 * G_USEC_PER_SEC)) : 0;

      /* Translators: who has the case and for how long: "Claimed by Dana · 3 min" */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Claimed by %s · %u min", "Claimed by %s · %u min", minutes),
                              owner, minutes);
    }
  gtk_label_set_text (self->owner_label, text);
}

static void
update_clocks (RedialCasePage *self,
               gint64          now)
{
  RedialSlaReading first_response, reply;
  gint64 responded = redial_case_get_first_response_at (self->kase);
  gint64 started;

  redial_engine_get_clock_levels (self->engine, self->kase, &first_response, &reply);

  started = first_response.running ? first_response.started_at : redial_case_get_first_call_at (self->kase);
  redial_timer_set_elapsed (self->first_response_timer, (responded > 0 ? responded : now) - started);
  redial_timer_set_level (self->first_response_timer,
                          first_response.running ? first_response.level : REDIAL_SLA_LEVEL_MET);
  redial_timer_set_untimed (self->first_response_timer, redial_case_get_kind (self->kase) == REDIAL_CASE_KIND_LIKELY_SPAM);

  gtk_widget_set_visible (self->reply_box, reply.running);
  if (reply.running)
    {
      redial_timer_set_elapsed (self->reply_timer, now - reply.started_at);
      redial_timer_set_level (self->reply_timer, reply.level);
    }
}

static void
update_actions (RedialCasePage *self)
{
  RedialCase *kase = self->kase;
  const char *me = redial_engine_get_desk_user (self->engine);
  const char *owner = redial_case_get_owner (kase);
  gboolean closed = is_closed (kase);
  gboolean mine = owner != NULL && g_strcmp0 (owner, me) == 0;
  gboolean theirs = owner != NULL && !mine;

  gtk_widget_set_visible (self->claim_button, !closed && !mine);
  gtk_button_set_label (GTK_BUTTON (self->claim_button), theirs ? _("Take Over") : _("Claim"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->claim_button),
                                  theirs ? "app.take-over-case" : "app.claim-case");
  gtk_widget_set_tooltip_text (self->claim_button,
                               theirs ? _("Take this caller from the desk that has it; the timeline says so")
                                             : _("Take this caller: other desks see it is yours"));
  gtk_widget_set_visible (self->release_button, !closed && mine);
  /* Without a phone system Redial can dial, the desk calls from its own
   * phone and says so here: the attempt is recorded all the same. */
  gtk_widget_set_visible (self->call_button, !closed && redial_case_get_caller (kase) != NULL);
  gtk_widget_set_tooltip_text (self->call_button,
                               redial_engine_can_call_back (self->engine, kase)
                               ? _("Call the caller back from the desk's phone")
                               : _("Record a call back made from your own phone, then its outcome"));
  gtk_widget_set_visible (self->close_button, !closed);
  gtk_widget_set_visible (self->outcome_bar, !closed && redial_case_get_call_back_pending (kase));
  gtk_widget_set_visible (self->closed_bar, closed);
  gtk_widget_set_visible (self->composer_box, !closed);

  if (closed)
    {
      gint64 value = redial_case_get_job_value (kase);
      g_autofree char *money = value >= 0 ? redial_timeline_format_money (value) : NULL;
      g_autofree char *text = NULL;
      const char *outcome = redial_case_outcome_describe (redial_case_get_outcome (kase));

      if (money != NULL)
        /* Translators: "Closed: Booked · $350.00" */
        text = g_strdup_printf (_("Closed: %s · %s"), outcome, money);
      else
        /* Translators: "Closed: Not a fit" */
        text = g_strdup_printf (_("Closed: %s"), outcome);
      gtk_label_set_text (self->closed_label, text);
    }
}

static void
update_all (RedialCasePage *self)
{
  gint64 now = redial_clock_now (redial_context_get_clock (self->context));

  update_identity (self);
  update_facts (self);
  update_owner (self, now);
  update_clocks (self, now);
  update_actions (self);
  redial_case_composer_refresh (self->composer);
}

static void
on_case_notify (RedialCasePage *self,
                GParamSpec     *pspec,
                RedialCase     *kase)
{
  const char *name = g_param_spec_get_name (pspec);
  gint64 now = redial_clock_now (redial_context_get_clock (self->context));

  if (g_str_equal (name, "caller-name") || g_str_equal (name, "line-label") || g_str_equal (name, "caller-raw"))
    {
      update_identity (self);
      redial_case_composer_refresh (self->composer);
    }
  else if (g_str_equal (name, "n-calls") || g_str_equal (name, "kind") || g_str_equal (name, "kind-reason"))
    {
      update_facts (self);
      update_clocks (self, now);
    }
  else if (g_str_equal (name, "owner") || g_str_equal (name, "claimed-at"))
    {
      update_owner (self, now);
      update_actions (self);
    }
  else if (g_str_equal (name, "sla-level") || g_str_equal (name, "timer-started-at") ||
           g_str_equal (name, "timer-stopped-at") || g_str_equal (name, "first-response-at") ||
           g_str_equal (name, "reply-waiting-since"))
    update_clocks (self, now);
  else if (g_str_equal (name, "opted-out") || g_str_equal (name, "number-problem") ||
           g_str_equal (name, "out-of-area"))
    redial_case_composer_refresh (self->composer);
  else if (g_str_equal (name, "state") || g_str_equal (name, "closed-at") || g_str_equal (name, "outcome") ||
           g_str_equal (name, "job-value") || g_str_equal (name, "call-back-pending"))
    update_actions (self);
}

/* Shows @kase's properties and acts on it, its timeline kept. */
static void
follow_case (RedialCasePage *self,
             RedialCase     *kase)
{
  if (self->kase != NULL)
    {
      g_clear_signal_handler (&self->notify_handler, self->kase);
      g_clear_object (&self->kase);
    }
  self->kase = g_object_ref (kase);
  self->notify_handler = g_signal_connect_object (kase, "notify", G_CALLBACK (on_case_notify),
                                                  self, G_CONNECT_SWAPPED);
  redial_case_composer_set_case (self->composer, kase);
  redial_case_booking_set_case (self->booking, kase);
  update_all (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASE]);
}

/* The intake as the case has it: its answers, and what the caller's own
 * texts suggest for the others. */
static void
show_intake (RedialCasePage *self)
{
  g_autoptr(GHashTable) answers = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;

  if (self->intake_form == NULL || self->kase == NULL)
    return;
  answers = redial_engine_get_intake_answers (self->engine, self->kase, NULL);
  suggestions = redial_engine_suggest_intake (self->engine, self->kase);
  redial_intake_form_set_answers (self->intake_form, answers);
  redial_intake_form_set_suggestions (self->intake_form, suggestions);
  gtk_widget_set_sensitive (GTK_WIDGET (self->intake_form),
                            redial_case_get_state (self->kase) != REDIAL_CASE_STATE_CLOSED);
}

/* The form's answer goes where every desk action goes: the application's
 * action, with the case id. */
static void
on_intake_answer (RedialCasePage   *self,
                  const char       *question,
                  const char       *value,
                  RedialIntakeForm *form)
{
  if (self->kase == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "app.set-intake-answer", "(xss)",
                              redial_case_get_id (self->kase), question, value);
}

static void
on_timeline_changed (RedialCasePage     *self,
                     RedialCase         *kase,
                     RedialTimelineItem *item,
                     RedialEngine       *engine)
{
  if (self->kase == NULL || kase == NULL || redial_case_get_id (kase) != redial_case_get_id (self->kase))
    return;
  /* A reopened case comes back to the queue as another object: follow it. */
  if (kase != self->kase)
    follow_case (self, kase);
  redial_case_timeline_take_item (self->timeline, item);
  /* An answer given (here or at another desk), or new words to suggest from. */
  if (redial_timeline_item_get_kind (item) == REDIAL_TIMELINE_KIND_INTAKE ||
      redial_timeline_item_get_kind (item) == REDIAL_TIMELINE_KIND_CLOSED ||
      redial_timeline_item_get_kind (item) == REDIAL_TIMELINE_KIND_REOPENED ||
      (redial_timeline_item_get_kind (item) == REDIAL_TIMELINE_KIND_MESSAGE &&
       redial_message_get_direction (redial_timeline_item_get_message (item)) == REDIAL_MESSAGE_DIRECTION_INBOUND))
    show_intake (self);
}

static void
on_tick (RedialCasePage *self,
         gint64          now,
         RedialEngine   *engine)
{
  if (self->kase == NULL)
    return;
  update_owner (self, now);
  update_clocks (self, now);
}

/* Timers run only while the page is on screen. */
static void
redial_case_page_map (GtkWidget *widget)
{
  RedialCasePage *self = REDIAL_CASE_PAGE (widget);

  GTK_WIDGET_CLASS (redial_case_page_parent_class)->map (widget);
  if (self->engine != NULL && self->tick_handler == 0)
    self->tick_handler = g_signal_connect_object (self->engine, "tick", G_CALLBACK (on_tick),
                                                  self, G_CONNECT_SWAPPED);
  if (self->kase != NULL)
    on_tick (self, redial_clock_now (redial_context_get_clock (self->context)), self->engine);
}

static void
redial_case_page_unmap (GtkWidget *widget)
{
  RedialCasePage *self = REDIAL_CASE_PAGE (widget);

  g_clear_signal_handler (&self->tick_handler, self->engine);
  GTK_WIDGET_CLASS (redial_case_page_parent_class)->unmap (widget);
}

/* The caller's name dragged onto the calendar books the case there. */
static GdkContentProvider *
on_drag_prepare (RedialCasePage *self,
                 double          x,
                 double          y)
{
  if (self->kase == NULL)
    return NULL;
  return gdk_content_provider_new_typed (G_TYPE_INT64, redial_case_get_id (self->kase));
}

static void
on_back_clicked (RedialCasePage *self,
                 GtkButton      *button)
{
  g_signal_emit (self, signals[BACK], 0);
}

static void
close_with (RedialCasePage    *self,
            RedialCaseOutcome  outcome,
            gint64             job_value)
{
  gboolean next = gtk_check_button_get_active (GTK_CHECK_BUTTON (self->next_check));

  if (self->kase == NULL)
    return;
  gtk_popover_popdown (self->close_popover);
  gtk_widget_activate_action (GTK_WIDGET (self), "app.close-case", "(xsx)", redial_case_get_id (self->kase),
                              redial_case_outcome_to_string (outcome), job_value);
  if (next)
    gtk_widget_activate_action (GTK_WIDGET (self), "app.open-next-case", NULL);
}

static void
on_close_outcome_clicked (GtkButton      *button,
                          RedialCasePage *self)
{
  RedialCaseOutcome outcome = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "outcome"));

  if (outcome == REDIAL_CASE_OUTCOME_BOOKED)
    {
      /* A booking may say what the job is worth: asked, never required. */
      gtk_stack_set_visible_child_name (self->close_stack, "booked");
      gtk_widget_grab_focus (self->job_value_entry);
      return;
    }
  close_with (self, outcome, -1);
}

static void
on_booked_clicked (RedialCasePage *self,
                   GtkWidget      *button)
{
  gint64 cents;

  if (!parse_money (gtk_editable_get_text (GTK_EDITABLE (self->job_value_entry)), &cents))
    {
      gtk_widget_set_visible (self->job_value_error, TRUE);
      gtk_widget_add_css_class (self->job_value_entry, "error");
      return;
    }
  close_with (self, REDIAL_CASE_OUTCOME_BOOKED, cents);
}

static void
on_close_popover_visible (RedialCasePage *self,
                          GParamSpec     *pspec,
                          GtkPopover     *popover)
{
  if (gtk_widget_get_visible (GTK_WIDGET (popover)))
    return;
  gtk_stack_set_visible_child_name (self->close_stack, "outcomes");
  gtk_editable_set_text (GTK_EDITABLE (self->job_value_entry), "");
  gtk_widget_set_visible (self->job_value_error, FALSE);
  gtk_widget_remove_css_class (self->job_value_entry, "error");
}

static void
on_call_outcome_clicked (GtkButton      *button,
                         RedialCasePage *self)
{
  RedialCallOutcome outcome = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "outcome"));

  if (self->kase == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "app.record-call-outcome", "(xs)",
                              redial_case_get_id (self->kase), redial_call_outcome_to_string (outcome));
}

static gboolean
on_template_shortcut (GtkWidget *widget,
                      GVariant  *args,
                      gpointer   user_data)
{
  redial_case_page_insert_template (REDIAL_CASE_PAGE (widget), g_variant_get_uint32 (args));
  return TRUE;
}

static void
build_outcome_buttons (RedialCasePage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (close_outcomes); i++)
    {
      GtkWidget *button = gtk_button_new_with_label (redial_case_outcome_describe (close_outcomes[i]));

      gtk_widget_add_css_class (button, "flat");
      gtk_label_set_xalign (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), 0);
      g_object_set_data (G_OBJECT (button), "outcome", GINT_TO_POINTER (close_outcomes[i]));
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_close_outcome_clicked), self, 0);
      /* Above "Then open the next case", which stays last. */
      gtk_box_insert_child_after (GTK_BOX (self->outcomes_box), button,
                                  gtk_widget_get_prev_sibling (self->next_check));
    }

  for (guint i = 0; i < G_N_ELEMENTS (call_outcomes); i++)
    {
      GtkWidget *button = gtk_button_new_with_label (redial_call_outcome_describe (call_outcomes[i]));

      if (call_outcomes[i] == REDIAL_CALL_OUTCOME_REACHED)
        gtk_widget_add_css_class (button, "suggested-action");
      g_object_set_data (G_OBJECT (button), "outcome", GINT_TO_POINTER (call_outcomes[i]));
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_call_outcome_clicked), self, 0);
      gtk_flow_box_append (GTK_FLOW_BOX (self->call_outcomes_box), button);
    }
}

static void
redial_case_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RedialCasePage *self = REDIAL_CASE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_CASE:
      g_value_set_object (value, self->kase);
      break;
    case PROP_SHOW_BACK:
      g_value_set_boolean (value, self->show_back);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_case_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  RedialCasePage *self = REDIAL_CASE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      redial_case_page_set_context (self, g_value_get_object (value));
      break;
    case PROP_CASE:
      redial_case_page_set_case (self, g_value_get_object (value));
      break;
    case PROP_SHOW_BACK:
      redial_case_page_set_show_back (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_case_page_dispose (GObject *object)
{
  RedialCasePage *self = REDIAL_CASE_PAGE (object);

  redial_case_page_set_case (self, NULL);
  g_clear_signal_handler (&self->tick_handler, self->engine);
  g_clear_signal_handler (&self->timeline_handler, self->engine);
  if (self->intake_form != NULL)
    g_settings_unbind (self->intake_form, "one-at-a-time");
  self->intake_form = NULL;
  g_clear_object (&self->settings);
  /* The bin lets go of its child before the template's pointers are cleared. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), REDIAL_TYPE_CASE_PAGE);
  g_clear_object (&self->engine);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (redial_case_page_parent_class)->dispose (object);
}

static void
redial_case_page_class_init (RedialCasePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = redial_case_page_get_property;
  object_class->set_property = redial_case_page_set_property;
  object_class->dispose = redial_case_page_dispose;
  widget_class->map = redial_case_page_map;
  widget_class->unmap = redial_case_page_unmap;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, REDIAL_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CASE] =
    g_param_spec_object ("case", NULL, NULL, REDIAL_TYPE_CASE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_BACK] =
    g_param_spec_boolean ("show-back", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RedialCasePage::back:
   *
   * The person asked to go back to the queue (the window is folded).
   */
  signals[BACK] =
    g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (REDIAL_TYPE_TIMER);
  g_type_ensure (REDIAL_TYPE_CASE_PRESENCE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/redial/Redial/case/redial-case-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, stack);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, presence);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, window_title);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, back_button);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, empty_back_button);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, name_label);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, number_label);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, line_label);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, calls_label);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, kind_label);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, owner_label);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, first_response_box);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, reply_box);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, first_response_timer);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, reply_timer);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, claim_button);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, release_button);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, call_button);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, close_button);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, close_popover);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, close_stack);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, outcomes_box);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, next_check);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, job_value_entry);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, job_value_error);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, booked_button);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, outcome_bar);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, call_outcomes_box);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, closed_bar);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, closed_label);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, reopen_button);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, timeline_box);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, intake_scroller);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, intake_button);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, composer_box);
  gtk_widget_class_bind_template_child (widget_class, RedialCasePage, booking_box);

  /* Alt+1…9: the reply templates, in the order their chips show. */
  for (guint n = 1; n <= 9; n++)
    gtk_widget_class_add_binding (widget_class, GDK_KEY_0 + n, GDK_ALT_MASK,
                                  on_template_shortcut, "u", n);

  gtk_widget_class_set_css_name (widget_class, "casepage");
}

static void
redial_case_page_init (RedialCasePage *self)
{
  GtkDragSource *drag;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);

  g_signal_connect_object (self->back_button, "clicked", G_CALLBACK (on_back_clicked), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->empty_back_button, "clicked", G_CALLBACK (on_back_clicked), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->booked_button, "clicked", G_CALLBACK (on_booked_clicked), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->job_value_entry, "activate", G_CALLBACK (on_booked_clicked), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->close_popover, "notify::visible", G_CALLBACK (on_close_popover_visible),
                           self, G_CONNECT_SWAPPED);
  build_outcome_buttons (self);
  gtk_stack_set_visible_child_name (self->stack, "empty");

  drag = gtk_drag_source_new ();
  gtk_drag_source_set_actions (drag, GDK_ACTION_COPY);
  g_signal_connect_object (drag, "prepare", G_CALLBACK (on_drag_prepare), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->name_label), GTK_EVENT_CONTROLLER (drag));
}

GtkWidget *
redial_case_page_new (void)
{
  return g_object_new (REDIAL_TYPE_CASE_PAGE, NULL);
}

RedialContext *
redial_case_page_get_context (RedialCasePage *self)
{
  g_return_val_if_fail (REDIAL_IS_CASE_PAGE (self), NULL);
  return self->context;
}

void
redial_case_page_set_context (RedialCasePage *self,
                              RedialContext  *context)
{
  g_return_if_fail (REDIAL_IS_CASE_PAGE (self));
  g_return_if_fail (context == NULL || REDIAL_IS_CONTEXT (context));
  g_return_if_fail (context == NULL || redial_context_get_engine (context) != NULL);

  if (self->context == context)
    return;

  redial_case_page_set_case (self, NULL);
  g_clear_signal_handler (&self->tick_handler, self->engine);
  g_clear_signal_handler (&self->timeline_handler, self->engine);
  if (self->timeline != NULL)
    gtk_box_remove (GTK_BOX (self->timeline_box), GTK_WIDGET (g_steal_pointer (&self->timeline)));
  if (self->composer != NULL)
    gtk_box_remove (GTK_BOX (self->composer_box), GTK_WIDGET (g_steal_pointer (&self->composer)));
  if (self->booking != NULL)
    gtk_box_remove (GTK_BOX (self->booking_box), GTK_WIDGET (g_steal_pointer (&self->booking)));
  if (self->intake_form != NULL)
    {
      g_settings_unbind (self->intake_form, "one-at-a-time");
      self->intake_form = NULL;
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->intake_scroller), NULL);
    }
  g_clear_object (&self->engine);
  g_set_object (&self->context, context);
  redial_case_presence_set_context (self->presence, context);

  if (context != NULL)
    {
      self->engine = g_object_ref (redial_context_get_engine (context));
      self->timeline = REDIAL_CASE_TIMELINE (redial_case_timeline_new (redial_context_get_clock (context)));
      gtk_widget_set_vexpand (GTK_WIDGET (self->timeline), TRUE);
      gtk_box_append (GTK_BOX (self->timeline_box), GTK_WIDGET (self->timeline));
      self->composer = REDIAL_CASE_COMPOSER (redial_case_composer_new (context));
      gtk_box_append (GTK_BOX (self->composer_box), GTK_WIDGET (self->composer));
      self->booking = REDIAL_CASE_BOOKING (redial_case_booking_new (context));
      gtk_box_append (GTK_BOX (self->booking_box), GTK_WIDGET (self->booking));
      self->intake_form = REDIAL_INTAKE_FORM (redial_intake_form_new ());
      redial_intake_form_set_profile (self->intake_form,
                                      redial_config_get_intake (redial_context_get_config (context)),
                                      redial_config_get_service_area (redial_context_get_config (context)));
      g_settings_bind (self->settings, "intake-one-at-a-time", self->intake_form, "one-at-a-time",
                       G_SETTINGS_BIND_DEFAULT);
      g_signal_connect_object (self->intake_form, "answer", G_CALLBACK (on_intake_answer), self,
                               G_CONNECT_SWAPPED);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->intake_scroller), GTK_WIDGET (self->intake_form));
      self->timeline_handler = g_signal_connect_object (self->engine, "timeline-changed",
                                                        G_CALLBACK (on_timeline_changed), self, G_CONNECT_SWAPPED);
      if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        self->tick_handler = g_signal_connect_object (self->engine, "tick", G_CALLBACK (on_tick),
                                                      self, G_CONNECT_SWAPPED);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

RedialCase *
redial_case_page_get_case (RedialCasePage *self)
{
  g_return_val_if_fail (REDIAL_IS_CASE_PAGE (self), NULL);
  return self->kase;
}

void
redial_case_page_set_case (RedialCasePage *self,
                           RedialCase     *kase)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (REDIAL_IS_CASE_PAGE (self));
  g_return_if_fail (kase == NULL || REDIAL_IS_CASE (kase));
  g_return_if_fail (kase == NULL || self->context != NULL);

  if (self->kase == kase)
    return;

  if (self->kase != NULL)
    {
      g_clear_signal_handler (&self->notify_handler, self->kase);
      g_clear_object (&self->kase);
    }
  redial_case_presence_set_case_id (self->presence, kase != NULL ? redial_case_get_id (kase) : 0);

  if (kase == NULL)
    {
      if (self->composer != NULL)
        redial_case_composer_set_case (self->composer, NULL);
      if (self->booking != NULL)
        redial_case_booking_set_case (self->booking, NULL);
      if (self->timeline != NULL)
        redial_case_timeline_set_items (self->timeline, NULL, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASE]);
      return;
    }

  gtk_popover_popdown (self->close_popover);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->claim_button), "x", redial_case_get_id (kase));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->release_button), "x", redial_case_get_id (kase));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->release_button), "app.release-case");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->call_button), "x", redial_case_get_id (kase));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->call_button), "app.call-back");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->reopen_button), "x", redial_case_get_id (kase));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->reopen_button), "app.reopen-case");
  follow_case (self, kase);

  items = redial_engine_list_timeline (self->engine, kase, &error);
  if (items == NULL)
    g_warning ("Cannot read the timeline of case %" G_GINT64_FORMAT ": %s", redial_case_get_id (kase), error->message);
  redial_case_timeline_set_items (self->timeline, items, redial_case_get_caller_name (kase));
  show_intake (self);
  gtk_stack_set_visible_child_name (self->stack, "case");
}

gboolean
redial_case_page_get_show_back (RedialCasePage *self)
{
  g_return_val_if_fail (REDIAL_IS_CASE_PAGE (self), FALSE);
  return self->show_back;
}

void
redial_case_page_set_show_back (RedialCasePage *self,
                                gboolean        show_back)
{
  g_return_if_fail (REDIAL_IS_CASE_PAGE (self));

  show_back = !!show_back;
  if (self->show_back == show_back)
    return;
  self->show_back = show_back;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_BACK]);
}

void
redial_case_page_focus_composer (RedialCasePage *self)
{
  g_return_if_fail (REDIAL_IS_CASE_PAGE (self));

  if (self->kase != NULL && self->composer != NULL && gtk_widget_get_visible (self->composer_box))
    redial_case_composer_focus (self->composer);
}

void
redial_case_page_insert_template (RedialCasePage *self,
                                  guint           n)
{
  g_return_if_fail (REDIAL_IS_CASE_PAGE (self));

  if (self->kase != NULL && self->composer != NULL && gtk_widget_get_visible (self->composer_box))
    redial_case_composer_insert_template (self->composer, n);
}
