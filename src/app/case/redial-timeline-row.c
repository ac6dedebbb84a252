/* redial-timeline-row.c: one thing that happened to a case, as its timeline shows it. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include <glib/gi18n.h>

#include "redial-call.h"
#include "redial-case.h"
#include "redial-engine.h"
#include "redial-format.h"
#include "redial-message.h"
#include "redial-timeline-row.h"

struct _RedialTimelineRow
{
  GtkWidget           parent_instance;

  GtkWidget          *day_label;
  GtkWidget          *card;
  GtkWidget          *icon;
  GtkWidget          *title_label;
  GtkWidget          *time_label;
  GtkWidget          *body_label;
  GtkWidget          *status_label;

  RedialTimelineItem *item;
};

G_DEFINE_FINAL_TYPE (RedialTimelineRow, redial_timeline_row, GTK_TYPE_WIDGET)

/* The CSS classes a card may carry, cleared before each item. */
static const char * const card_classes[] = {
  "inbound", "outbound", "note", "event", "failed", "warning",
};

static GDateTime *
local_time (gint64 at)
{
  return g_date_time_new_from_unix_local (at / G_USEC_PER_SEC);
}

static char *
format_time (gint64 at)
{
  g_autoptr(GDateTime) time = local_time (at);

  /* Translators: the time of day of a timeline item, see g_date_time_format() */
  return g_date_time_format (time, _("%l:%M %p"));
}

/* "Dana", or "Redial" for what Redial did by itself. */
static const char *
actor_name (RedialTimelineItem *item)
{
  const char *actor = redial_timeline_item_get_actor (item);

  return actor != NULL ? actor : _("Redial");
}

static const char *
describe_disposition (RedialDisposition disposition)
{
  switch (disposition)
    {
    case REDIAL_DISPOSITION_ANSWERED:
      return _("Answered call");
    case REDIAL_DISPOSITION_BUSY:
      return _("Missed call: line busy");
    case REDIAL_DISPOSITION_ABANDONED:
      return _("Missed call: hung up in the queue");
    case REDIAL_DISPOSITION_VOICEMAIL:
      return _("Missed call: left a voicemail");
    case REDIAL_DISPOSITION_NO_ANSWER:
    default:
      return _("Missed call");
    }
}

static const char *
describe_status (RedialMessageStatus status)
{
  switch (status)
    {
    case REDIAL_MESSAGE_STATUS_QUEUED:
      return _("Sending…");
    case REDIAL_MESSAGE_STATUS_SENT:
      return _("Sent");
    case REDIAL_MESSAGE_STATUS_DELIVERED:
      return _("Delivered");
    case REDIAL_MESSAGE_STATUS_UNDELIVERED:
      return _("Not delivered");
    case REDIAL_MESSAGE_STATUS_FAILED:
      return _("Not sent");
    case REDIAL_MESSAGE_STATUS_RECEIVED:
    default:
      return NULL;
    }
}

/* Who wrote an outbound text: Redial's own texts say what they were. */
static char *
describe_sender (RedialTimelineItem *item,
                 RedialMessage      *message)
{
  switch (redial_message_get_kind (message))
    {
    case REDIAL_MESSAGE_KIND_TEXT_BACK:
      return g_strdup (_("Automatic text-back"));
    case REDIAL_MESSAGE_KIND_FOLLOW_UP:
      return g_strdup (_("Automatic follow-up"));
    case REDIAL_MESSAGE_KIND_OPT_OUT_CONFIRMATION:
      return g_strdup (_("Automatic opt-out confirmation"));
    case REDIAL_MESSAGE_KIND_OPT_IN_CONFIRMATION:
      return g_strdup (_("Automatic opt-in confirmation"));
    case REDIAL_MESSAGE_KIND_HELP:
      return g_strdup (_("Automatic help text"));
    case REDIAL_MESSAGE_KIND_BOOKING_CONFIRMATION:
      return g_strdup (_("Booking confirmation"));
    case REDIAL_MESSAGE_KIND_SLOT_OFFER:
      return g_strdup (_("Two times offered"));
    case REDIAL_MESSAGE_KIND_MANUAL:
    case REDIAL_MESSAGE_KIND_REPLY:
    default:
      if (redial_message_get_author (message) != NULL)
        return g_strdup (redial_message_get_author (message));
      return g_strdup (actor_name (item));
    }
}

static void
show_message (RedialTimelineRow  *self,
              RedialTimelineItem *item,
              const char         *caller_name,
              GString            *title,
              GString            *status)
{
  RedialMessage *message = redial_timeline_item_get_message (item);
  gboolean inbound;
  const char *said;
  g_autofree char *sender = NULL;

  if (message == NULL)
    return;

  inbound = redial_message_get_direction (message) == REDIAL_MESSAGE_DIRECTION_INBOUND;
  gtk_widget_add_css_class (self->card, inbound ? "inbound" : "outbound");
  gtk_widget_set_halign (self->card, inbound ? GTK_ALIGN_START : GTK_ALIGN_END);
  gtk_image_set_from_icon_name (GTK_IMAGE (self->icon), inbound ? "mail-unread-symbolic" : "mail-send-symbolic");
  sender = inbound ? g_strdup (caller_name != NULL ? caller_name : _("Caller")) : describe_sender (item, message);
  g_string_append (title, sender);
  gtk_label_set_text (GTK_LABEL (self->body_label), redial_message_get_body (message));
  gtk_widget_set_visible (self->body_label, TRUE);

  said = describe_status (redial_message_get_status (message));
  if (said != NULL)
    g_string_append (status, said);
  if (redial_message_get_error (message) != NULL)
    {
      /* The gateway's reason, as plain words: the label never parses markup. */
      g_string_append_printf (status, status->len > 0 ? ": %s" : "%s", redial_message_get_error (message));
      gtk_widget_add_css_class (self->card, "failed");
    }
}

static void
show_call (RedialTimelineRow  *self,
           RedialTimelineItem *item,
           GString            *title,
           GString            *status)
{
  RedialCall *call = redial_timeline_item_get_call (item);
  gint64 ring;

  gtk_image_set_from_icon_name (GTK_IMAGE (self->icon), "call-missed-symbolic");
  if (call == NULL)
    {
      g_string_append (title, _("Missed call"));
      return;
    }
  g_string_append (title, describe_disposition (redial_call_get_disposition (call)));
  if (redial_call_get_disposition (call) == REDIAL_DISPOSITION_ANSWERED)
    gtk_image_set_from_icon_name (GTK_IMAGE (self->icon), "call-start-symbolic");
  ring = redial_call_get_ended_at (call) - redial_call_get_started_at (call);
  if (redial_call_get_ended_at (call) > 0 && ring >= 0)
    {
      guint seconds = (guint) (ring / G_USEC_PER_SEC);

      /* Translators: how long a missed call rang: "rang 25 s" */
      g_string_append_printf (status, g_dngettext (GETTEXT_PACKAGE, "rang %u second", "rang %u seconds", seconds),
                              seconds);
    }
  if (redial_call_get_line_label (call) != NULL)
    /* Translators: the line a call came in on: "· Main" */
    g_string_append_printf (status, status->len > 0 ? " · %s" : "%s", redial_call_get_line_label (call));
}

/* A booking, its move or cancellation, an offer of two times, or a reply
 * to the offer that chose neither. */
static void
show_booking (RedialTimelineRow  *self,
              RedialTimelineItem *item,
              GString            *title,
              GString            *status)
{
  const char *action = redial_engine_booking_item_action (item);
  g_autoptr(GPtrArray) slots = redial_engine_booking_item_slots (item, NULL);
  g_autoptr(GString) body = g_string_new (NULL);

  for (guint i = 0; i < slots->len; i++)
    {
      g_autofree char *slot = redial_format_slot (g_ptr_array_index (slots, i));

      if (slots->len > 1)
        /* Translators: one of the times offered, by number: "1: Joe · Tue Dec 1, 9:00–11:00" */
        g_string_append_printf (body, _("%s%u: %s"), i > 0 ? "\n" : "", i + 1, slot);
      else
        g_string_append (body, slot);
    }

  if (g_strcmp0 (action, "offered") == 0)
    g_string_append (title, _("Two times offered and held"));
  else if (g_strcmp0 (action, "moved") == 0)
    g_string_append (title, _("Booking moved"));
  else if (g_strcmp0 (action, "cancelled") == 0)
    g_string_append (title, _("Booking cancelled"));
  else if (g_strcmp0 (action, "unclear") == 0)
    {
      gtk_widget_add_css_class (self->card, "warning");
      g_string_append (title, _("The reply chose neither time: a person decides"));
      /* The caller's words, as plain text. */
      if (redial_timeline_item_get_text (item) != NULL)
        g_string_append (body, redial_timeline_item_get_text (item));
    }
  else
    g_string_append (title, _("Booked"));

  if (redial_timeline_item_get_actor (item) != NULL)
    /* Translators: who did it: "by Dana" */
    g_string_append_printf (status, _("by %s"), redial_timeline_item_get_actor (item));
  else if (g_strcmp0 (action, "unclear") != 0)
    g_string_append (status, _("by the caller’s reply"));

  if (body->len > 0)
    {
      gtk_label_set_text (GTK_LABEL (self->body_label), body->str);
      gtk_widget_set_visible (self->body_label, TRUE);
    }
}

static void
show_event (RedialTimelineRow  *self,
            RedialTimelineItem *item,
            GString            *title,
            GString            *status)
{
  const char *actor = actor_name (item);
  const char *icon = "emblem-system-symbolic";

  gtk_widget_add_css_class (self->card, "event");
  switch (redial_timeline_item_get_kind (item))
    {
    case REDIAL_TIMELINE_KIND_CALL_BACK:
      {
        int outcome = redial_timeline_item_get_call_outcome (item);

        icon = "call-outgoing-symbolic";
        /* Translators: "Dana called back" */
        g_string_append_printf (title, _("%s called back"), actor);
        if (outcome < 0)
          g_string_append (status, _("Waiting for the outcome"));
        else
          g_string_append (status, redial_call_outcome_describe ((RedialCallOutcome) outcome));
      }
      break;
    case REDIAL_TIMELINE_KIND_CLAIM:
      icon = "avatar-default-symbolic";
      /* Translators: "Dana claimed the case" */
      g_string_append_printf (title, _("%s claimed the case"), actor);
      break;
    case REDIAL_TIMELINE_KIND_RELEASE:
      icon = "avatar-default-symbolic";
      /* Translators: "Dana released the case" */
      g_string_append_printf (title, _("%s released the case"), actor);
      break;
    case REDIAL_TIMELINE_KIND_TAKE_OVER:
      icon = "avatar-default-symbolic";
      /* Translators: "Dana took the case over from Sam" */
      g_string_append_printf (title, _("%s took the case over from %s"), actor,
                              redial_timeline_item_get_previous_owner (item) != NULL
                              ? redial_timeline_item_get_previous_owner (item) : _("another desk"));
      break;
    case REDIAL_TIMELINE_KIND_SLA:
      {
        gboolean reply = redial_timeline_item_get_sla_clock (item) == REDIAL_SLA_CLOCK_REPLY;

        icon = "alarm-symbolic";
        gtk_widget_add_css_class (self->card, "warning");
        switch (redial_timeline_item_get_sla_crossing (item))
          {
          case REDIAL_SLA_CROSSING_WARNING:
            g_string_append (title, reply ? _("Answer due soon") : _("First response due soon"));
            break;
          case REDIAL_SLA_CROSSING_ESCALATION:
            g_string_append (title, reply ? _("Answer overdue: the manager was told")
                                          : _("First response overdue: the manager was told"));
            break;
          case REDIAL_SLA_CROSSING_BREACH:
          default:
            g_string_append (title, reply ? _("Answer overdue") : _("First response overdue"));
            break;
          }
      }
      break;
    case REDIAL_TIMELINE_KIND_OPT_OUT:
      icon = "action-unavailable-symbolic";
      g_string_append (title, _("Opted out of texts"));
      if (redial_timeline_item_get_text (item) != NULL)
        /* Translators: the words the caller opted out with: "They wrote “STOP”" */
        g_string_append_printf (status, _("They wrote “%s”"), redial_timeline_item_get_text (item));
      break;
    case REDIAL_TIMELINE_KIND_OPT_IN:
      icon = "emblem-ok-symbolic";
      g_string_append (title, _("Opted back in to texts"));
      break;
    case REDIAL_TIMELINE_KIND_CLOSED:
      {
        gint64 value = redial_timeline_item_get_job_value (item);

        icon = "object-select-symbolic";
        /* Translators: "Dana closed the case" */
        g_string_append_printf (title, _("%s closed the case"), actor);
        g_string_append (status, redial_case_outcome_describe (redial_timeline_item_get_case_outcome (item)));
        if (value >= 0)
          {
            g_autofree char *money = redial_timeline_format_money (value);

            g_string_append_printf (status, " · %s", money);
          }
      }
      break;
    case REDIAL_TIMELINE_KIND_REOPENED:
      icon = "view-refresh-symbolic";
      /* Translators: "Dana reopened the case" */
      g_string_append_printf (title, _("%s reopened the case"), actor);
      break;
    case REDIAL_TIMELINE_KIND_INTAKE:
      icon = "document-edit-symbolic";
      g_string_append (title, _("Intake answer"));
      break;
    case REDIAL_TIMELINE_KIND_BOOKING:
      icon = "x-office-calendar-symbolic";
      show_booking (self, item, title, status);
      break;
    default:
      break;
    }
  gtk_image_set_from_icon_name (GTK_IMAGE (self->icon), icon);
}

static void
redial_timeline_row_dispose (GObject *object)
{
  RedialTimelineRow *self = REDIAL_TIMELINE_ROW (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (redial_timeline_row_parent_class)->dispose (object);
}

static void
redial_timeline_row_class_init (RedialTimelineRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = redial_timeline_row_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "timelinerow");
}

static GtkWidget *
new_label (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* Built in code rather than from a template: a case opens with hundreds
 * of rows, and each is made before the first frame. */
static void
redial_timeline_row_init (RedialTimelineRow *self)
{
  GtkWidget *head;
  GtkWidget *text;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);

  self->day_label = new_label ("day");
  gtk_label_set_xalign (GTK_LABEL (self->day_label), 0.5);
  gtk_widget_set_parent (self->day_label, GTK_WIDGET (self));

  self->card = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  gtk_widget_add_css_class (self->card, "timeline-card");
  gtk_widget_set_parent (self->card, GTK_WIDGET (self));

  self->icon = gtk_image_new ();
  gtk_widget_set_valign (self->icon, GTK_ALIGN_START);
  gtk_widget_add_css_class (self->icon, "dim-label");
  gtk_box_append (GTK_BOX (self->card), self->icon);

  text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (self->card), text);

  head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_append (GTK_BOX (text), head);
  self->title_label = new_label ("heading");
  gtk_label_set_ellipsize (GTK_LABEL (self->title_label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (self->title_label, TRUE);
  gtk_box_append (GTK_BOX (head), self->title_label);
  self->time_label = new_label ("dim-label");
  gtk_widget_add_css_class (self->time_label, "caption");
  gtk_widget_add_css_class (self->time_label, "numeric");
  gtk_widget_set_valign (self->time_label, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (head), self->time_label);

  self->body_label = new_label ("body");
  gtk_label_set_wrap (GTK_LABEL (self->body_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->body_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (self->body_label), 60);
  /* Sized as one line, then wrapped to the width it gets: measuring a
   * wrapped text's best width costs a layout per try, per row. */
  gtk_label_set_natural_wrap_mode (GTK_LABEL (self->body_label), GTK_NATURAL_WRAP_NONE);
  gtk_label_set_selectable (GTK_LABEL (self->body_label), FALSE);
  gtk_box_append (GTK_BOX (text), self->body_label);

  self->status_label = new_label ("caption");
  gtk_label_set_wrap (GTK_LABEL (self->status_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->status_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_natural_wrap_mode (GTK_LABEL (self->status_label), GTK_NATURAL_WRAP_NONE);
  gtk_box_append (GTK_BOX (text), self->status_label);
}

GtkWidget *
redial_timeline_row_new (void)
{
  return g_object_new (REDIAL_TYPE_TIMELINE_ROW, NULL);
}

void
redial_timeline_row_set_item (RedialTimelineRow  *self,
                              RedialTimelineItem *item,
                              const char         *caller_name,
                              gboolean            day_changed,
                              gint64              now)
{
  g_autoptr(GString) title = g_string_new (NULL);
  g_autoptr(GString) status = g_string_new (NULL);
  g_autofree char *time = NULL;

  g_return_if_fail (REDIAL_IS_TIMELINE_ROW (self));
  g_return_if_fail (item == NULL || REDIAL_IS_TIMELINE_ITEM (item));

  g_set_object (&self->item, item);
  for (guint i = 0; i < G_N_ELEMENTS (card_classes); i++)
    gtk_widget_remove_css_class (self->card, card_classes[i]);
  gtk_widget_set_halign (self->card, GTK_ALIGN_FILL);
  gtk_widget_set_visible (self->body_label, FALSE);
  if (item == NULL)
    return;

  if (day_changed)
    {
      g_autofree char *day = redial_timeline_describe_day (redial_timeline_item_get_at (item), now);

      gtk_label_set_text (GTK_LABEL (self->day_label), day);
    }
  gtk_widget_set_visible (self->day_label, day_changed);

  switch (redial_timeline_item_get_kind (item))
    {
    case REDIAL_TIMELINE_KIND_MESSAGE:
      show_message (self, item, caller_name, title, status);
      break;
    case REDIAL_TIMELINE_KIND_CALL:
      gtk_widget_add_css_class (self->card, "event");
      show_call (self, item, title, status);
      break;
    case REDIAL_TIMELINE_KIND_NOTE:
      gtk_widget_add_css_class (self->card, "note");
      gtk_image_set_from_icon_name (GTK_IMAGE (self->icon), "document-edit-symbolic");
      /* Translators: an internal note in the timeline: "Note by Dana · never sent" */
      g_string_append_printf (title, _("Note by %s · never sent"), actor_name (item));
      break;
    default:
      show_event (self, item, title, status);
      break;
    }

  /* A note's words, an intake answer: said as written (a booking says its
   * times itself). */
  if (redial_timeline_item_get_kind (item) != REDIAL_TIMELINE_KIND_MESSAGE &&
      redial_timeline_item_get_kind (item) != REDIAL_TIMELINE_KIND_OPT_OUT &&
      redial_timeline_item_get_kind (item) != REDIAL_TIMELINE_KIND_BOOKING &&
      redial_timeline_item_get_text (item) != NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->body_label), redial_timeline_item_get_text (item));
      gtk_widget_set_visible (self->body_label, TRUE);
    }

  time = format_time (redial_timeline_item_get_at (item));
  g_strstrip (time);
  gtk_label_set_text (GTK_LABEL (self->title_label), title->str);
  gtk_label_set_text (GTK_LABEL (self->time_label), time);
  gtk_label_set_text (GTK_LABEL (self->status_label), status->str);
  gtk_widget_set_visible (self->status_label, status->len > 0);
}

RedialTimelineItem *
redial_timeline_row_get_item (RedialTimelineRow *self)
{
  g_return_val_if_fail (REDIAL_IS_TIMELINE_ROW (self), NULL);
  return self->item;
}

char *
redial_timeline_describe_day (gint64 at,
                              gint64 now)
{
  g_autoptr(GDateTime) when = local_time (at);
  g_autoptr(GDateTime) today = local_time (now);
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (today, -1);
  int y, m, d;

  g_date_time_get_ymd (when, &y, &m, &d);
  if (g_date_time_get_year (today) == y && g_date_time_get_month (today) == m &&
      g_date_time_get_day_of_month (today) == d)
    return g_strdup (_("Today"));
  if (g_date_time_get_year (yesterday) == y && g_date_time_get_month (yesterday) == m &&
      g_date_time_get_day_of_month (yesterday) == d)
    return g_strdup (_("Yesterday"));
  /* Translators: a day in the timeline, see g_date_time_format(): "Monday, November 30" */
  return g_date_time_format (when, _("%A, %B %-d"));
}

char *
redial_timeline_format_money (gint64 cents)
{
  g_autofree char *whole = g_strdup_printf ("%" G_GINT64_FORMAT, cents / 100);

  /* Translators: a job's value in the business's currency, whole units then cents: "$350.00" */
  return g_strdup_printf (_("$%s.%02d"), whole, (int) (cents % 100));
}
