/* redial-queue-row.c: one caller in the live queue, with a running response timer. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include <glib/gi18n.h>

#include "redial-format.h"
#include "redial-phone.h"
#include "redial-queue-row.h"
#include "redial-sms-segments.h"

struct _RedialQueueRow
{
  GtkWidget     parent_instance;

  GtkLabel     *timer_label;
  GtkLabel     *name_label;
  GtkLabel     *detail_label;
  GtkLabel     *preview_label;
  GtkLabel     *calls_label;
  GtkLabel     *state_label;
  GtkLabel     *emergency_label;
  GtkWidget    *spam_box;
  GtkWidget    *confirm_spam_button;
  GtkWidget    *restore_button;
  GtkWidget    *call_button;
  GtkWidget    *text_button;
  GtkPopover   *compose_popover;
  GtkEntry     *compose_entry;
  GtkLabel     *segments_label;
  GtkWidget    *send_button;

  RedialContext *context;
  RedialEngine *engine;
  RedialCase   *kase;
  gulong        tick_handler;
  gulong        notify_handler;
};

G_DEFINE_FINAL_TYPE (RedialQueueRow, redial_queue_row, GTK_TYPE_WIDGET)

static const char * const level_classes[] = {
  [REDIAL_SLA_LEVEL_OK] = "ok",
  [REDIAL_SLA_LEVEL_WARNING] = "warning",
  [REDIAL_SLA_LEVEL_BREACHED] = "breached",
  [REDIAL_SLA_LEVEL_MET] = "met",
};

static void
update_timer (RedialQueueRow *self,
              gint64          now)
{
  g_autofree char *text = NULL;
  gint64 since = redial_case_get_timer_started_at (self->kase);
  gint64 until = redial_case_get_timer_stopped_at (self->kase);

  text = redial_format_elapsed ((until > 0 ? until : now) - since);
  gtk_label_set_text (self->timer_label, text);
}

static void
update_level (RedialQueueRow *self)
{
  RedialSlaLevel level = redial_case_get_sla_level (self->kase);
  const char *description;

  for (guint i = 0; i < G_N_ELEMENTS (level_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->timer_label), level_classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->timer_label), level_classes[level]);

  switch (level)
    {
    case REDIAL_SLA_LEVEL_WARNING:
      description = _("First response due soon");
      break;
    case REDIAL_SLA_LEVEL_BREACHED:
      description = _("First response overdue");
      break;
    case REDIAL_SLA_LEVEL_MET:
      description = _("Responded");
      break;
    case REDIAL_SLA_LEVEL_OK:
    default:
      description = _("Waiting for a first response");
      break;
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->timer_label), description);
}

static void
update_state (RedialQueueRow *self)
{
  RedialCase *kase = self->kase;
  const char *text;
  const char *css = NULL;

  gboolean spam = redial_case_get_kind (kase) == REDIAL_CASE_KIND_LIKELY_SPAM;
  g_autoptr(GVariant) target = g_variant_ref_sink (g_variant_new_int64 (redial_case_get_id (kase)));

  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "replied");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "opted-out");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "spam");

  gtk_widget_set_visible (GTK_WIDGET (self->emergency_label), redial_case_get_emergency (kase));
  gtk_widget_set_visible (self->spam_box, spam);
  /* The target first, then the action: a button never names the action
   * without the case it acts on. */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->confirm_spam_button), target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->confirm_spam_button), "queue.confirm-spam");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->restore_button), target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->restore_button), "queue.restore");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->call_button), target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->call_button), "queue.call-back");
  gtk_widget_set_visible (self->call_button, !spam && redial_engine_can_call_back (self->engine, kase));
  /* Offered to anyone with a number; the engine refuses an opted-out or
   * blocked one and the window says why. */
  gtk_widget_set_visible (self->text_button, !spam && redial_case_get_caller (kase) != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->state_label), redial_case_get_kind_reason (kase));

  if (spam)
    {
      text = _("Likely spam");
      css = "spam";
    }
  else if (redial_case_get_opted_out (kase))
    {
      text = _("Opted out");
      css = "opted-out";
    }
  else if (redial_case_get_caller (kase) == NULL)
    text = _("No number");
  else
    {
      switch (redial_case_get_state (kase))
        {
        case REDIAL_CASE_STATE_RESPONDED:
          text = _("Responded");
          break;
        case REDIAL_CASE_STATE_REPLIED:
          text = _("Replied");
          css = "replied";
          break;
        case REDIAL_CASE_STATE_QUALIFIED:
          text = _("Qualified");
          break;
        case REDIAL_CASE_STATE_BOOKED:
          text = _("Booked");
          break;
        case REDIAL_CASE_STATE_CLOSED:
          text = _("Closed");
          break;
        case REDIAL_CASE_STATE_NEW:
        default:
          text = redial_case_get_texted_back (kase) ? _("Texted back") : _("New");
          break;
        }
    }

  gtk_label_set_text (self->state_label, text);
  if (css != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), css);
}

static void
update_calls (RedialQueueRow *self)
{
  guint n_calls = redial_case_get_n_calls (self->kase);
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u call", "%u calls", n_calls),
                                           n_calls);

  gtk_label_set_text (self->calls_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->calls_label), n_calls > 1);
}

static void
update_identity (RedialQueueRow *self)
{
  RedialConfig *config = redial_context_get_config (self->context);
  const char *caller = redial_case_get_caller (self->kase);
  const char *name = redial_case_get_caller_name (self->kase);
  const char *line = redial_case_get_line_label (self->kase);
  g_autofree char *number = NULL;
  g_autofree char *detail = NULL;

  number = caller != NULL ? redial_phone_format (caller, redial_config_get_region (config))
                          : g_strdup (_("Hidden number"));

  /* Caller ID text is shown as plain text: the labels never parse markup. */
  gtk_label_set_text (self->name_label, name != NULL ? name : number);
  if (name != NULL && line != NULL)
    detail = g_strdup_printf ("%s · %s", number, line);
  else if (name != NULL)
    detail = g_strdup (number);
  else if (line != NULL)
    detail = g_strdup_printf (_("Called %s"), line);
  gtk_label_set_text (self->detail_label, detail != NULL ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), detail != NULL);
}

static void
update_preview (RedialQueueRow *self)
{
  const char *preview = redial_case_get_preview (self->kase);

  /* The caller's own words, as text: the label never parses markup. */
  gtk_label_set_text (self->preview_label, preview != NULL ? preview : "");
  gtk_widget_set_visible (GTK_WIDGET (self->preview_label), preview != NULL);
}

static void
update_accessible (RedialQueueRow *self)
{
  g_autofree char *label = g_strdup_printf ("%s, %s, %s",
                                            gtk_label_get_text (self->name_label),
                                            gtk_label_get_text (self->state_label),
                                            gtk_label_get_text (self->timer_label));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
on_case_notify (RedialQueueRow *self,
                GParamSpec     *pspec,
                RedialCase     *kase)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "sla-level"))
    update_level (self);
  else if (g_str_equal (name, "n-calls"))
    update_calls (self);
  else if (g_str_equal (name, "caller-name") || g_str_equal (name, "line-label"))
    update_identity (self);
  else if (g_str_equal (name, "preview"))
    update_preview (self);
  else if (g_str_equal (name, "timer-started-at") || g_str_equal (name, "timer-stopped-at"))
    update_timer (self, redial_clock_now (redial_context_get_clock (self->context)));
  else
    update_state (self);
}

static void
on_tick (RedialQueueRow *self,
         gint64          now,
         RedialEngine   *engine)
{
  update_timer (self, now);
}

/* Only rows on screen follow the tick: a bound row scrolled out of view
 * costs nothing until it comes back. */
static void
start_ticking (RedialQueueRow *self)
{
  if (self->kase == NULL || self->tick_handler != 0 || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  self->tick_handler = g_signal_connect_object (self->engine, "tick", G_CALLBACK (on_tick),
                                                self, G_CONNECT_SWAPPED);
  update_timer (self, redial_clock_now (redial_context_get_clock (self->context)));
}

static void
redial_queue_row_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (redial_queue_row_parent_class)->map (widget);
  start_ticking (REDIAL_QUEUE_ROW (widget));
}

static void
redial_queue_row_unmap (GtkWidget *widget)
{
  RedialQueueRow *self = REDIAL_QUEUE_ROW (widget);

  g_clear_signal_handler (&self->tick_handler, self->engine);
  GTK_WIDGET_CLASS (redial_queue_row_parent_class)->unmap (widget);
}

static void
on_compose_changed (RedialQueueRow *self,
                    GtkEditable    *editable)
{
  const char *text = gtk_editable_get_text (editable);
  g_autofree char *count = NULL;
  RedialSmsEncoding encoding;
  guint n_units;
  guint n_segments;

  gtk_widget_set_sensitive (self->send_button, text != NULL && *text != '\0');
  if (text == NULL || *text == '\0')
    {
      gtk_label_set_text (self->segments_label, "");
      return;
    }

  /* Carriers bill by the segment: say so before a long text goes out. */
  n_segments = redial_sms_segments (text, &encoding, &n_units);
  {
    g_autofree char *units = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u character", "%u characters",
                                                           n_units), n_units);
    g_autofree char *segments = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u text", "%u texts",
                                                              n_segments), n_segments);

    /* Translators: "10 characters, 1 text" */
    count = g_strdup_printf (_("%s, %s"), units, segments);
  }
  gtk_label_set_text (self->segments_label, count);
}

static void
on_send_clicked (RedialQueueRow *self,
                 GtkButton      *button)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->compose_entry));

  if (self->kase == NULL || text == NULL || *text == '\0')
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "queue.send-text", "(xs)",
                              redial_case_get_id (self->kase), text);
  gtk_editable_set_text (GTK_EDITABLE (self->compose_entry), "");
  gtk_popover_popdown (self->compose_popover);
}

static void
redial_queue_row_dispose (GObject *object)
{
  RedialQueueRow *self = REDIAL_QUEUE_ROW (object);
  GtkWidget *child;

  redial_queue_row_set_case (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), REDIAL_TYPE_QUEUE_ROW);
  /* A plain GtkWidget parent unparents its children itself. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->engine);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (redial_queue_row_parent_class)->dispose (object);
}

static void
redial_queue_row_class_init (RedialQueueRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = redial_queue_row_dispose;
  widget_class->map = redial_queue_row_map;
  widget_class->unmap = redial_queue_row_unmap;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/redial/Redial/redial-queue-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RedialQueueRow, timer_label);
  gtk_widget_class_bind_template_child (widget_class, RedialQueueRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, RedialQueueRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, RedialQueueRow, preview_label);
  gtk_widget_class_bind_template_child (widget_class, RedialQueueRow, calls_label);
  gtk_widget_class_bind_template_child (widget_class, RedialQueueRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, RedialQueueRow, emergency_label);
  gtk_widget_class_bind_template_child (widget_class, RedialQueueRow, spam_box);
  gtk_widget_class_bind_template_child (widget_class, RedialQueueRow, confirm_spam_button);
  gtk_widget_class_bind_template_child (widget_class, RedialQueueRow, restore_button);
  gtk_widget_class_bind_template_child (widget_class, RedialQueueRow, call_button);
  gtk_widget_class_bind_template_child (widget_class, RedialQueueRow, text_button);
  gtk_widget_class_bind_template_child (widget_class, RedialQueueRow, compose_popover);
  gtk_widget_class_bind_template_child (widget_class, RedialQueueRow, compose_entry);
  gtk_widget_class_bind_template_child (widget_class, RedialQueueRow, segments_label);
  gtk_widget_class_bind_template_child (widget_class, RedialQueueRow, send_button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "queuerow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
redial_queue_row_init (RedialQueueRow *self)
{
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->compose_entry, "changed", G_CALLBACK (on_compose_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->compose_entry, "activate", G_CALLBACK (on_send_clicked),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->send_button, "clicked", G_CALLBACK (on_send_clicked),
                           self, G_CONNECT_SWAPPED);
  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 14);
}

GtkWidget *
redial_queue_row_new (RedialContext *context)
{
  RedialQueueRow *self;

  g_return_val_if_fail (REDIAL_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (REDIAL_IS_ENGINE (redial_context_get_engine (context)), NULL);

  self = g_object_new (REDIAL_TYPE_QUEUE_ROW, NULL);
  self->context = g_object_ref (context);
  self->engine = g_object_ref (redial_context_get_engine (context));
  return GTK_WIDGET (self);
}

RedialCase *
redial_queue_row_get_case (RedialQueueRow *self)
{
  g_return_val_if_fail (REDIAL_IS_QUEUE_ROW (self), NULL);
  return self->kase;
}

void
redial_queue_row_set_case (RedialQueueRow *self,
                           RedialCase     *kase)
{
  g_return_if_fail (REDIAL_IS_QUEUE_ROW (self));
  g_return_if_fail (kase == NULL || REDIAL_IS_CASE (kase));

  if (self->kase == kase)
    return;

  if (self->kase != NULL)
    {
      g_clear_signal_handler (&self->notify_handler, self->kase);
      g_clear_signal_handler (&self->tick_handler, self->engine);
      g_clear_object (&self->kase);
    }

  if (kase == NULL)
    return;

  self->kase = g_object_ref (kase);
  self->notify_handler = g_signal_connect_object (kase, "notify", G_CALLBACK (on_case_notify),
                                                  self, G_CONNECT_SWAPPED);
  start_ticking (self);

  update_identity (self);
  update_preview (self);
  update_calls (self);
  update_state (self);
  update_level (self);
  update_timer (self, redial_clock_now (redial_context_get_clock (self->context)));
  update_accessible (self);
}

gboolean
redial_queue_row_is_ticking (RedialQueueRow *self)
{
  g_return_val_if_fail (REDIAL_IS_QUEUE_ROW (self), FALSE);
  return self->tick_handler != 0;
}
