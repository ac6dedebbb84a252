/* redial-queue-row.c: one caller in the live queue, with a running response timer. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include <glib/gi18n.h>
#include <string.h>

#include "redial-format.h"
#include "redial-phone.h"
#include "redial-presence-chip.h"
#include "redial-queue-row.h"
#include "redial-sms-segments.h"
#include "redial-text.h"
#include "redial-timer.h"

struct _RedialQueueRow
{
  GtkWidget     parent_instance;

  RedialTimer  *timer;
  GtkWidget    *text_box;
  GtkLabel     *name_label;
  RedialPresenceChip *presence_chip;
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
  GtkLabel     *compose_title;
  GtkTextView  *compose_view;
  GtkLabel     *segments_label;
  GtkWidget    *send_button;
  GtkWidget    *more_button;

  RedialContext *context;
  RedialEngine *engine;
  RedialSlaClock shown_clock;  /* the clock the timer shows */
  gboolean     level_stale;  /* the level changed while the row was off screen */
  RedialCase   *kase;
  char         *status;        /* what was done to the case, while its actions are closed */
  gint64        waited_minutes; /* as the accessible label says it */
  gulong        tick_handler;
  gulong        notify_handler;
  int           name_chars_width; /* NAME_CHARS characters of the name's font, in pixels */
};

G_DEFINE_FINAL_TYPE (RedialQueueRow, redial_queue_row, GTK_TYPE_WIDGET)

/* Between the row's parts, in pixels. */
#define SPACING 12
/* The caller's name keeps at least this many characters, or all of it. */
#define NAME_CHARS 16

enum {
  PROP_0,
  PROP_COMPOSING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
describe_level (RedialSlaClock clock,
                RedialSlaLevel level)
{
  gboolean reply = clock == REDIAL_SLA_CLOCK_REPLY;

  switch (level)
    {
    case REDIAL_SLA_LEVEL_WARNING:
      return reply ? _("Answer due soon") : _("First response due soon");
    case REDIAL_SLA_LEVEL_BREACHED:
      return reply ? _("Answer overdue") : _("First response overdue");
    case REDIAL_SLA_LEVEL_MET:
      return _("Responded");
    case REDIAL_SLA_LEVEL_OK:
    default:
      return reply ? _("Waiting for an answer") : _("Waiting for a first response");
    }
}

/* Sets @widget's tooltip only when it changes: each setting makes GTK ask
 * the display where the pointer is, a round trip per row. */
static void
set_tooltip (GtkWidget  *widget,
             const char *text)
{
  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) != 0)
    gtk_widget_set_tooltip_text (widget, text);
}

/* "in 4 minutes", "2 minutes ago": where a clock's target stands. */
static char *
describe_remaining (gint64 remaining)
{
  guint minutes = (guint) MIN (ABS (remaining) / (60 * G_USEC_PER_SEC), G_MAXUINT);

  if (minutes == 0)
    return g_strdup (remaining >= 0 ? _("in less than a minute") : _("less than a minute ago"));
  if (remaining >= 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %u minute", "in %u minutes", minutes), minutes);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute ago", "%u minutes ago", minutes), minutes);
}

/* One line of the timer's tooltip for a running clock. */
static void
append_reading (GString                *text,
                const char             *clock_name,
                const RedialSlaReading *reading)
{
  g_autofree char *when = NULL;

  if (!reading->running)
    return;
  if (text->len > 0)
    g_string_append_c (text, '\n');
  if (reading->target_at == G_MAXINT64)
    {
      /* Translators: "First response: no target: the caller hid their number" */
      g_string_append_printf (text, _("%s: no target: the caller hid their number"), clock_name);
      return;
    }
  when = describe_remaining (reading->remaining);
  if (reading->remaining >= 0)
    /* Translators: "First response: due in 4 minutes" */
    g_string_append_printf (text, _("%s: due %s"), clock_name, when);
  else
    /* Translators: "Answer: was due 2 minutes ago" */
    g_string_append_printf (text, _("%s: was due %s"), clock_name, when);
}

/* Both clocks, worked out when the pointer rests on the timer rather than
 * every second. */
static gboolean
on_timer_query_tooltip (RedialQueueRow *self,
                        int             x,
                        int             y,
                        gboolean        keyboard,
                        GtkTooltip     *tooltip,
                        GtkWidget      *timer)
{
  g_autofree char *text = redial_queue_row_dup_timer_tooltip (self);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* A row dragged onto the calendar books its case there. */
static GdkContentProvider *
on_drag_prepare (RedialQueueRow *self,
                 double          x,
                 double          y)
{
  if (self->kase == NULL)
    return NULL;
  return gdk_content_provider_new_typed (G_TYPE_INT64, redial_case_get_id (self->kase));
}

/* What a screen reader says of the row: who, where the case stands, how
 * long the timer has run, in minutes so that it does not chatter every
 * second, and the level in words. */
static void
update_accessible (RedialQueueRow *self)
{
  g_autofree char *waited = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes",
                                                          (gulong) MAX (self->waited_minutes, 0)),
                                             (guint) MAX (self->waited_minutes, 0));
  /* Translators: a row of the queue read aloud: "Tom Becker, Texted back, 3 minutes, First response due soon" */
  g_autofree char *label = g_strdup_printf (_("%s, %s, %s, %s"),
                                            gtk_label_get_text (self->name_label),
                                            gtk_label_get_text (self->state_label),
                                            waited,
                                            describe_level (self->shown_clock, redial_timer_get_level (self->timer)));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
update_timer (RedialQueueRow *self,
              gint64          now)
{
  gint64 since = redial_case_get_timer_started_at (self->kase);
  gint64 until = redial_case_get_timer_stopped_at (self->kase);
  gint64 elapsed = (until > 0 ? until : now) - since;
  gint64 minutes = MAX (elapsed, 0) / (60 * G_USEC_PER_SEC);

  redial_timer_set_elapsed (self->timer, elapsed);
  if (minutes != self->waited_minutes)
    {
      self->waited_minutes = minutes;
      update_accessible (self);
    }
}

static void
update_level (RedialQueueRow *self)
{
  RedialSlaLevel level = redial_case_get_sla_level (self->kase);

  self->level_stale = FALSE;
  self->shown_clock = redial_engine_get_clock_levels (self->engine, self->kase, NULL, NULL);
  redial_timer_set_level (self->timer, level);
  redial_timer_set_untimed (self->timer, redial_case_get_kind (self->kase) == REDIAL_CASE_KIND_LIKELY_SPAM);
  update_accessible (self);
}

/* Why Text Back is unavailable, said before anyone types. */
static const char *
describe_refusal (const GError *error)
{
  if (g_error_matches (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_OPTED_OUT))
    return _("Text Back unavailable: this caller opted out of texts (they replied STOP)");
  if (g_error_matches (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_BLOCKED))
    return _("Text Back unavailable: this number is on the block list");
  return error->message;
}

static void
add_item (GMenu      *menu,
          const char *label,
          const char *action,
          GVariant   *target)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, action, target);
  g_menu_append_item (menu, item);
}

/* The row's menu, made as it opens: where the case stands (its badges,
 * which fold into the menu on a narrow queue), and every action of the
 * row. */
static void
update_menu (GtkMenuButton *button,
             gpointer       user_data)
{
  RedialQueueRow *self = user_data;
  RedialCase *kase = self->kase;
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) actions = g_menu_new ();
  g_autoptr(GString) summary = g_string_new (NULL);
  GVariant *target;
  gboolean open = self->status == NULL;
  gboolean spam;

  if (kase == NULL)
    return;
  target = g_variant_new_int64 (redial_case_get_id (kase));
  spam = redial_case_get_kind (kase) == REDIAL_CASE_KIND_LIKELY_SPAM;
  g_variant_ref_sink (target);
  if (redial_case_get_emergency (kase))
    g_string_append (summary, _("Emergency"));
  if (redial_case_get_n_calls (kase) > 1)
    g_string_append_printf (summary, "%s%s", summary->len > 0 ? " · " : "",
                            gtk_label_get_text (self->calls_label));
  g_string_append_printf (summary, "%s%s", summary->len > 0 ? " · " : "", gtk_label_get_text (self->state_label));

  add_item (actions, _("Open"), "queue.open-case", target);
  if (open && !spam)
    {
      if (gtk_widget_get_sensitive (self->text_button) && gtk_widget_get_visible (self->text_button))
        add_item (actions, _("Text Back…"), "queue.compose", target);
      if (gtk_widget_get_visible (self->call_button))
        add_item (actions, _("Call Back"), "queue.call-back", target);
      add_item (actions, _("Claim"), "app.claim-case", target);
    }
  if (open && spam)
    {
      add_item (actions, _("Spam"), "queue.confirm-spam", target);
      add_item (actions, _("Not Spam"), "queue.restore", target);
    }
  g_menu_append_section (menu, summary->str, G_MENU_MODEL (actions));
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->more_button), G_MENU_MODEL (menu));
  g_variant_unref (target);
}

static void
update_state (RedialQueueRow *self)
{
  RedialCase *kase = self->kase;
  const char *text;
  const char *css = NULL;

  gboolean spam = redial_case_get_kind (kase) == REDIAL_CASE_KIND_LIKELY_SPAM;
  gboolean open = self->status == NULL;
  g_autoptr(GVariant) target = g_variant_ref_sink (g_variant_new_int64 (redial_case_get_id (kase)));
  g_autoptr(GError) refused = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "replied");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "opted-out");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "spam");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "done");

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
  gtk_widget_set_sensitive (self->call_button, open);
  gtk_widget_set_sensitive (self->spam_box, open);
  /* Shown to anyone with a number; to an opted-out or blocked one it is
   * unavailable, and says why, before anyone types a word. */
  gtk_widget_set_visible (self->text_button, !spam && redial_case_get_caller (kase) != NULL);
  if (redial_case_get_caller (kase) != NULL && !redial_engine_can_text (self->engine, kase, &refused))
    {
      gtk_widget_set_sensitive (self->text_button, FALSE);
      set_tooltip (self->text_button, describe_refusal (refused));
    }
  else
    {
      gtk_widget_set_sensitive (self->text_button, open);
      set_tooltip (self->text_button, _("Text Back"));
    }
  set_tooltip (GTK_WIDGET (self->state_label), redial_case_get_kind_reason (kase));

  if (!open)
    {
      text = self->status;
      css = "done";
    }
  else
    text = redial_format_case_state (kase, &css);

  gtk_label_set_text (self->state_label, text);
  if (css != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), css);
  update_accessible (self);
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
  const char *problem = redial_case_get_number_problem (self->kase);
  const char *owner = redial_case_get_owner (self->kase);
  g_autofree char *raw = NULL;
  g_autofree char *number = NULL;
  g_autofree char *detail = NULL;

  if (caller == NULL && redial_case_get_caller_raw (self->kase) != NULL)
    raw = redial_text_clean_snippet (redial_case_get_caller_raw (self->kase), 32);
  if (caller != NULL)
    number = redial_phone_format (caller, redial_config_get_region (config));
  else if (raw != NULL && strpbrk (raw, "0123456789") != NULL)
    /* The digits as the phone system sent them, though no number can be
     * made of them: the desk may still recognise them. */
    /* Translators: a caller whose caller ID is not a phone number: "No number: “0001234”" */
    number = g_strdup_printf (_("No number: “%s”"), raw);
  else
    number = g_strdup (_("Hidden number"));

  /* Caller ID text is shown as plain text: the labels never parse markup. */
  gtk_label_set_text (self->name_label, name != NULL ? name : number);
  if (name != NULL && line != NULL)
    detail = g_strdup_printf ("%s · %s", number, line);
  else if (name != NULL)
    detail = g_strdup (number);
  else if (line != NULL)
    detail = g_strdup_printf (_("Called %s"), line);
  if (owner != NULL)
    {
      /* Who has the case comes first, where the row never cuts it off. */
      /* Translators: on a queue row: "Dana · (312) 555-0142 · Main" */
      char *with_owner = detail != NULL ? g_strdup_printf (_("%s · %s"), owner, detail) : g_strdup (owner);

      g_free (detail);
      detail = with_owner;
    }
  if (problem != NULL)
    {
      /* What the SMS gateway said of the number stays in sight. */
      char *with_problem = detail != NULL ? g_strdup_printf ("%s · %s", detail, problem) : g_strdup (problem);

      g_free (detail);
      detail = with_problem;
    }
  gtk_label_set_text (self->detail_label, detail != NULL ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), detail != NULL);

  /* The compose box names whom the text goes to, above what is typed. */
  {
    g_autofree char *title = NULL;

    if (name != NULL)
      /* Translators: above the compose box: "Text to Tom Becker · (630) 555-0125" */
      title = g_strdup_printf (_("Text to %s · %s"), name, number);
    else
      /* Translators: above the compose box: "Text to (630) 555-0125" */
      title = g_strdup_printf (_("Text to %s"), number);
    gtk_label_set_text (self->compose_title, title);
  }
  update_accessible (self);
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
on_case_notify (RedialQueueRow *self,
                GParamSpec     *pspec,
                RedialCase     *kase)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "sla-level"))
    {
      /* A tick can move hundreds of cases past a target at once: rows
       * off screen catch up when they are shown. */
      if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        update_level (self);
      else
        self->level_stale = TRUE;
    }
  else if (g_str_equal (name, "n-calls"))
    update_calls (self);
  else if (g_str_equal (name, "caller-name") || g_str_equal (name, "line-label") || g_str_equal (name, "owner") ||
           g_str_equal (name, "caller-raw") || g_str_equal (name, "number-problem"))
    update_identity (self);
  else if (g_str_equal (name, "preview"))
    update_preview (self);
  else if (g_str_equal (name, "timer-started-at") || g_str_equal (name, "timer-stopped-at"))
    {
      /* The timer may now show the other clock. */
      update_timer (self, redial_clock_now (redial_context_get_clock (self->context)));
      update_level (self);
    }
  else
    {
      update_state (self);
      if (g_str_equal (name, "kind"))
        update_level (self);
    }
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
  RedialQueueRow *self = REDIAL_QUEUE_ROW (widget);

  GTK_WIDGET_CLASS (redial_queue_row_parent_class)->map (widget);
  if (self->level_stale && self->kase != NULL)
    update_level (self);
  start_ticking (self);
}

static void
redial_queue_row_unmap (GtkWidget *widget)
{
  RedialQueueRow *self = REDIAL_QUEUE_ROW (widget);

  g_clear_signal_handler (&self->tick_handler, self->engine);
  GTK_WIDGET_CLASS (redial_queue_row_parent_class)->unmap (widget);
}

/* The text as typed, whole. */
static char *
dup_compose_text (RedialQueueRow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->compose_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
on_compose_changed (RedialQueueRow *self,
                    GtkTextBuffer  *buffer)
{
  g_autofree char *text = dup_compose_text (self);
  g_autofree char *count = NULL;
  g_autofree char *units = NULL;
  g_autofree char *segments = NULL;
  RedialSmsEncoding encoding;
  guint n_units;
  guint n_segments;

  gtk_widget_set_sensitive (self->send_button, *text != '\0');
  if (*text == '\0')
    {
      gtk_label_set_text (self->segments_label, "");
      return;
    }

  /* Carriers bill by the segment: say so before a long text goes out. */
  n_segments = redial_sms_segments (text, &encoding, &n_units);
  units = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u character", "%u characters", n_units), n_units);
  segments = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u text", "%u texts", n_segments), n_segments);
  /* Translators: "10 characters, 1 text" */
  count = g_strdup_printf (_("%s, %s"), units, segments);
  gtk_label_set_text (self->segments_label, count);
}

static void
send_composed (RedialQueueRow *self)
{
  g_autofree char *text = dup_compose_text (self);

  if (self->kase == NULL || *text == '\0')
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "queue.send-text", "(xs)",
                              redial_case_get_id (self->kase), text);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->compose_view), "", 0);
  gtk_popover_popdown (self->compose_popover);
}

static void
on_send_clicked (RedialQueueRow *self,
                 GtkButton      *button)
{
  send_composed (self);
}

static gboolean
on_send_shortcut (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  send_composed (REDIAL_QUEUE_ROW (user_data));
  return TRUE;
}

static void
on_compose_visible (RedialQueueRow *self,
                    GParamSpec     *pspec,
                    GtkPopover     *popover)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPOSING]);
}

/* The parts that fold into the row's menu when the name and the timer
 * need the room, the first to fold first. */
static GtkWidget **
foldable_parts (RedialQueueRow *self,
                guint          *n)
{
  static GtkWidget *parts[6];

  parts[0] = self->text_button;
  parts[1] = self->call_button;
  parts[2] = GTK_WIDGET (self->calls_label);
  parts[3] = GTK_WIDGET (self->state_label);
  /* Spam and Not Spam are all a likely spam row is for. */
  parts[4] = self->spam_box;
  parts[5] = GTK_WIDGET (self->emergency_label);
  *n = G_N_ELEMENTS (parts);
  return parts;
}

static int
natural_width (GtkWidget *widget)
{
  int natural = 0;

  if (gtk_widget_get_visible (widget))
    gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  return natural;
}

/* The width the caller's name never goes below: all of it, or
 * NAME_CHARS characters of it. */
static int
name_floor (RedialQueueRow *self)
{
  int name = natural_width (GTK_WIDGET (self->name_label));
  int text_min = 0;

  /* Asking the font for its metrics is slow: once per row will do. */
  if (self->name_chars_width == 0)
    {
      PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self->name_label));
      PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);

      self->name_chars_width = pango_font_metrics_get_approximate_char_width (metrics) * NAME_CHARS / PANGO_SCALE;
      pango_font_metrics_unref (metrics);
    }
  gtk_widget_measure (self->text_box, GTK_ORIENTATION_HORIZONTAL, -1, &text_min, NULL, NULL, NULL);
  return MAX (MIN (name, self->name_chars_width), text_min);
}

static void
redial_queue_row_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  RedialQueueRow *self = REDIAL_QUEUE_ROW (widget);

  *minimum = *natural = 0;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      guint n;
      GtkWidget **parts = foldable_parts (self, &n);

      /* At the least, the timer, the name and the menu; at best all. */
      *minimum = natural_width (GTK_WIDGET (self->timer)) + SPACING + name_floor (self) + SPACING +
                 natural_width (self->more_button);
      *natural = *minimum - name_floor (self) + natural_width (self->text_box);
      for (guint i = 0; i < n; i++)
        if (gtk_widget_get_visible (parts[i]))
          *natural += natural_width (parts[i]) + SPACING;
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min = 0, child_nat = 0;

      if (!gtk_widget_get_visible (child))
        continue;
      gtk_widget_measure (child, orientation, -1, &child_min, &child_nat, NULL, NULL);
      *minimum = MAX (*minimum, child_min);
      *natural = MAX (*natural, child_nat);
    }
}

static void
allocate_part (GtkWidget *child,
               int        x,
               int        width,
               int        height,
               gboolean   rtl,
               int        row_width)
{
  int child_height = 0;

  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, NULL, &child_height, NULL, NULL);
  child_height = MIN (child_height, height);
  gtk_widget_size_allocate (child,
                            &(GtkAllocation) { rtl ? row_width - x - width : x, (height - child_height) / 2,
                                               width, child_height },
                            -1);
}

/* The name and the timer win: the parts that do not fit fold into the
 * menu, the buttons first, then the badges. */
static void
redial_queue_row_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  RedialQueueRow *self = REDIAL_QUEUE_ROW (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int timer = natural_width (GTK_WIDGET (self->timer));
  int more = natural_width (self->more_button);
  int room = width - timer - SPACING - name_floor (self) - SPACING - more;
  gboolean kept[6] = { FALSE, };
  guint n;
  GtkWidget **parts = foldable_parts (self, &n);
  int x;
  int text_width;

  /* Kept from the last to fold, while they fit in order. */
  for (guint i = n; i-- > 0;)
    {
      int part;

      if (!gtk_widget_get_visible (parts[i]))
        continue;
      part = natural_width (parts[i]) + SPACING;
      if (part > room)
        break;
      kept[i] = TRUE;
      room -= part;
    }
  for (guint i = 0; i < n; i++)
    gtk_widget_set_child_visible (parts[i], kept[i]);

  x = 0;
  allocate_part (GTK_WIDGET (self->timer), x, timer, height, rtl, width);
  x += timer + SPACING;
  text_width = MAX (room, 0) + name_floor (self);
  allocate_part (self->text_box, x, text_width, height, rtl, width);
  x += text_width + SPACING;
  /* The others in the order of the template. */
  for (GtkWidget *child = gtk_widget_get_next_sibling (self->text_box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int part;

      if (!gtk_widget_get_visible (child) || !gtk_widget_get_child_visible (child))
        continue;
      part = natural_width (child);
      allocate_part (child, x, part, height, rtl, width);
      x += part + SPACING;
    }
}

static void
redial_queue_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RedialQueueRow *self = REDIAL_QUEUE_ROW (object);

  switch (prop_id)
    {
    case PROP_COMPOSING:
      g_value_set_boolean (value, redial_queue_row_get_composing (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
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
redial_queue_row_finalize (GObject *object)
{
  RedialQueueRow *self = REDIAL_QUEUE_ROW (object);

  g_free (self->status);

  G_OBJECT_CLASS (redial_queue_row_parent_class)->finalize (object);
}

static void
redial_queue_row_class_init (RedialQueueRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = redial_queue_row_get_property;
  object_class->dispose = redial_queue_row_dispose;
  object_class->finalize = redial_queue_row_finalize;
  widget_class->map = redial_queue_row_map;
  widget_class->unmap = redial_queue_row_unmap;
  widget_class->measure = redial_queue_row_measure;
  widget_class->size_allocate = redial_queue_row_size_allocate;

  properties[PROP_COMPOSING] =
    g_param_spec_boolean ("composing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (REDIAL_TYPE_TIMER);
  g_type_ensure (REDIAL_TYPE_PRESENCE_CHIP);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/redial/Redial/redial-queue-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RedialQueueRow, timer);
  gtk_widget_class_bind_template_child (widget_class, RedialQueueRow, text_box);
  gtk_widget_class_bind_template_child (widget_class, RedialQueueRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, RedialQueueRow, presence_chip);
  gtk_widget_class_bind_template_child (widget_class, RedialQueueRow, more_button);
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
  gtk_widget_class_bind_template_child (widget_class, RedialQueueRow, compose_title);
  gtk_widget_class_bind_template_child (widget_class, RedialQueueRow, compose_view);
  gtk_widget_class_bind_template_child (widget_class, RedialQueueRow, segments_label);
  gtk_widget_class_bind_template_child (widget_class, RedialQueueRow, send_button);

  gtk_widget_class_set_css_name (widget_class, "queuerow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
redial_queue_row_init (RedialQueueRow *self)
{
  GtkEventController *shortcuts;
  GtkDragSource *drag;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->timer), TRUE);
  g_signal_connect_object (self->timer, "query-tooltip", G_CALLBACK (on_timer_query_tooltip),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->compose_view), "changed",
                           G_CALLBACK (on_compose_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->send_button, "clicked", G_CALLBACK (on_send_clicked),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->compose_popover, "notify::visible", G_CALLBACK (on_compose_visible),
                           self, G_CONNECT_SWAPPED);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->more_button), update_menu, self, NULL);

  /* Return starts a new line in the text; Ctrl+Return sends it. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return|<Control>KP_Enter"),
                                                          gtk_callback_action_new (on_send_shortcut, self, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self->compose_view), shortcuts);

  drag = gtk_drag_source_new ();
  gtk_drag_source_set_actions (drag, GDK_ACTION_COPY);
  g_signal_connect_object (drag, "prepare", G_CALLBACK (on_drag_prepare), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
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
  redial_presence_chip_set_presence (self->presence_chip, redial_context_get_presence (context));
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

  redial_presence_chip_set_case_id (self->presence_chip, kase != NULL ? redial_case_get_id (kase) : 0);
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
  self->waited_minutes = -1;
  update_timer (self, redial_clock_now (redial_context_get_clock (self->context)));
  update_accessible (self);
}

gboolean
redial_queue_row_is_ticking (RedialQueueRow *self)
{
  g_return_val_if_fail (REDIAL_IS_QUEUE_ROW (self), FALSE);
  return self->tick_handler != 0;
}

gboolean
redial_queue_row_get_composing (RedialQueueRow *self)
{
  g_return_val_if_fail (REDIAL_IS_QUEUE_ROW (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self->compose_popover));
}

void
redial_queue_row_set_status (RedialQueueRow *self,
                             const char     *status)
{
  g_return_if_fail (REDIAL_IS_QUEUE_ROW (self));

  if (g_strcmp0 (self->status, status) == 0)
    return;

  g_free (self->status);
  self->status = g_strdup (status);
  if (status != NULL)
    gtk_popover_popdown (self->compose_popover);
  if (self->kase != NULL)
    update_state (self);
}

char *
redial_queue_row_dup_timer_tooltip (RedialQueueRow *self)
{
  RedialSlaReading first_response, reply;
  RedialSlaClock shown;
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (REDIAL_IS_QUEUE_ROW (self), NULL);

  if (self->kase == NULL || self->engine == NULL)
    return NULL;

  shown = redial_engine_get_clock_levels (self->engine, self->kase, &first_response, &reply);
  g_string_append (text, describe_level (shown, redial_case_get_sla_level (self->kase)));
  append_reading (text, _("First response"), &first_response);
  append_reading (text, _("Answer"), &reply);
  return g_string_free (g_steal_pointer (&text), FALSE);
}
