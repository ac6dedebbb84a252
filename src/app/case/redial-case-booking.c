/* redial-case-booking.c: booking the open case from the keyboard, offering it two times by text, and the offer it has open. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include <glib/gi18n.h>
#include <stdio.h>

#include "redial-case-booking.h"
#include "redial-engine.h"
#include "redial-format.h"

/* How many free times the Book popover lists. */
#define N_LISTED_SLOTS 4

struct _RedialCaseBooking
{
  GtkWidget      parent_instance;

  GtkWidget     *buttons_box;
  GtkWidget     *offer_button;
  GtkWidget     *book_button;
  GtkPopover    *popover;
  GtkWidget     *slots_box;
  GtkWidget     *no_slots_label;
  GtkDropDown   *resource_dropdown;
  GtkStringList *resources;
  GtkWidget     *time_entry;
  GtkWidget     *confirm_check;
  GtkWidget     *error_label;
  GtkWidget     *offer_box;
  GtkWidget     *offer_slots_box;
  GtkWidget     *unclear_label;
  GtkWidget     *conflict_box;
  GtkWidget     *conflict_label;
  GtkWidget     *theirs_label;

  RedialContext *context;
  RedialEngine  *engine;
  RedialCase    *kase;
  gulong         notify_handler;
  gint64         conflict_id;     /* the appointment shown in conflict, or 0 */
  GCancellable  *reading;         /* the calendar's copy of it */
};

G_DEFINE_FINAL_TYPE (RedialCaseBooking, redial_case_booking, GTK_TYPE_WIDGET)

static GTimeZone *
business_zone (RedialCaseBooking *self)
{
  return redial_config_get_time_zone (redial_context_get_config (self->context));
}

static void
remove_children (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_box_remove (GTK_BOX (box), child);
}

/* Books @kase on @resource at @start through the application's action. */
static void
book (RedialCaseBooking *self,
      const char        *resource,
      gint64             start,
      gboolean           confirm)
{
  g_autoptr(GDateTime) at = redial_clock_date_time (start, business_zone (self));
  g_autofree char *iso = g_date_time_format_iso8601 (at);

  gtk_widget_activate_action (GTK_WIDGET (self), confirm ? "app.book-case" : "app.book-case-unconfirmed",
                              "(xss)", redial_case_get_id (self->kase), resource, iso);
}

/* The time as the entry shows it, in the business's time zone. */
static char *
entry_text (RedialCaseBooking *self,
            gint64             start)
{
  g_autoptr(GDateTime) at = redial_clock_date_time (start, business_zone (self));

  return g_date_time_format (at, "%Y-%m-%d %H:%M");
}

static void
choose_resource (RedialCaseBooking *self,
                 const char        *resource)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->resources)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->resources, i), resource) == 0)
      gtk_drop_down_set_selected (self->resource_dropdown, i);
}

static void
on_slot_clicked (GtkButton         *button,
                 RedialCaseBooking *self)
{
  const RedialSlot *slot = g_object_get_data (G_OBJECT (button), "slot");
  g_autofree char *text = entry_text (self, slot->start);

  choose_resource (self, slot->resource);
  gtk_editable_set_text (GTK_EDITABLE (self->time_entry), text);
  gtk_widget_set_visible (self->error_label, FALSE);
  gtk_widget_grab_focus (self->time_entry);
}

/* Lists the next free times, the first one chosen. */
static void
on_popover_show (RedialCaseBooking *self)
{
  g_autoptr(GPtrArray) slots = NULL;
  g_autoptr(GError) error = NULL;

  remove_children (self->slots_box);
  gtk_widget_set_visible (self->error_label, FALSE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->confirm_check), TRUE);
  if (self->kase == NULL)
    return;
  slots = redial_engine_find_slots (self->engine, self->kase, N_LISTED_SLOTS, &error);
  gtk_widget_set_visible (self->no_slots_label, slots == NULL || slots->len == 0);
  for (guint i = 0; slots != NULL && i < slots->len; i++)
    {
      RedialSlot *slot = g_ptr_array_index (slots, i);
      g_autofree char *label = redial_format_slot (slot);
      GtkWidget *button = gtk_button_new_with_label (label);

      gtk_widget_add_css_class (button, "flat");
      gtk_label_set_xalign (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), 0);
      g_object_set_data_full (G_OBJECT (button), "slot", redial_slot_copy (slot), (GDestroyNotify) redial_slot_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_slot_clicked), self);
      gtk_box_append (GTK_BOX (self->slots_box), button);
      if (i == 0)
        on_slot_clicked (GTK_BUTTON (button), self);
    }
}

/* "2026-12-01 09:00" (or with a T) in the business's time zone, in Unix µs. */
static gboolean
parse_entry (RedialCaseBooking *self,
             const char        *text,
             gint64            *start)
{
  g_autoptr(GDateTime) at = NULL;
  int year, month, day, hour, minute;
  char separator;
  char rest;

  if (sscanf (text, " %d-%d-%d%c%d:%d %c", &year, &month, &day, &separator, &hour, &minute, &rest) != 6 ||
      (separator != ' ' && separator != 'T') || hour < 0 || hour > 23 || minute < 0 || minute > 59)
    return FALSE;
  at = g_date_time_new (business_zone (self), year, month, day, hour, minute, 0);
  if (at == NULL)
    return FALSE;
  *start = g_date_time_to_unix (at) * G_USEC_PER_SEC;
  return TRUE;
}

static void
on_book_clicked (RedialCaseBooking *self)
{
  guint chosen = gtk_drop_down_get_selected (self->resource_dropdown);
  const char *resource;
  gint64 start;

  if (self->kase == NULL || chosen == GTK_INVALID_LIST_POSITION)
    return;
  resource = gtk_string_list_get_string (self->resources, chosen);
  if (!parse_entry (self, gtk_editable_get_text (GTK_EDITABLE (self->time_entry)), &start))
    {
      gtk_widget_set_visible (self->error_label, TRUE);
      gtk_widget_grab_focus (self->time_entry);
      return;
    }
  gtk_popover_popdown (self->popover);
  book (self, resource, start, gtk_check_button_get_active (GTK_CHECK_BUTTON (self->confirm_check)));
}

static void
on_offer_clicked (RedialCaseBooking *self)
{
  if (self->kase != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "app.offer-slots", "x", redial_case_get_id (self->kase));
}

static void
on_offered_slot_book (GtkButton         *button,
                      RedialCaseBooking *self)
{
  const RedialSlot *slot = g_object_get_data (G_OBJECT (button), "slot");

  if (self->kase != NULL)
    book (self, slot->resource, slot->start, TRUE);
}

static void
show_offer (RedialCaseBooking *self)
{
  g_autoptr(GPtrArray) slots = NULL;
  g_autofree char *unclear = NULL;
  gboolean open;

  remove_children (self->offer_slots_box);
  open = self->kase != NULL && redial_engine_get_offer (self->engine, self->kase, &slots, &unclear);
  gtk_widget_set_visible (self->offer_box, open);
  if (!open)
    return;

  for (guint i = 0; i < slots->len; i++)
    {
      RedialSlot *slot = g_ptr_array_index (slots, i);
      g_autofree char *text = redial_format_slot (slot);
      /* Translators: a time offered by text, by the number the caller replies with: "1 · Joe · Tue Dec 1, 9:00–11:00" */
      g_autofree char *numbered = g_strdup_printf (_("%u · %s"), i + 1, text);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *label = gtk_label_new (numbered);
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Book"));
      /* Translators: the accessible name of a Book button beside an offered time: "Book 1 · Joe · …" */
      g_autofree char *name = g_strdup_printf (_("Book %s"), numbered);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      g_object_set_data_full (G_OBJECT (button), "slot", redial_slot_copy (slot), (GDestroyNotify) redial_slot_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_offered_slot_book), self);
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (GTK_BOX (row), button);
      gtk_box_append (GTK_BOX (self->offer_slots_box), row);
    }

  gtk_widget_set_visible (self->unclear_label, unclear != NULL);
  if (unclear != NULL)
    {
      /* Translators: the caller's reply to two offered times that chose neither */
      g_autofree char *said = g_strdup_printf (_("They replied “%s”: book one of the times, or answer them."),
                                               unclear);

      /* The caller's words: the label never parses markup. */
      gtk_label_set_text (GTK_LABEL (self->unclear_label), said);
    }
}

/* "Tue Dec 1, 14:05" in the business's time zone. */
static char *
day_and_time (RedialCaseBooking *self,
              gint64             when)
{
  g_autoptr(GDateTime) at = redial_clock_date_time (when, business_zone (self));

  /* Translators: a strftime format: the day and time of a booking */
  return g_date_time_format (at, _("%a %b %-d, %H:%M"));
}

/* "changed there on Tue Dec 1, 14:05", once the calendar's copy is read. */
static void
on_theirs_read (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  RedialCaseBooking *self = user_data;
  g_autoptr(GError) error = NULL;
  RedialIcsEvent theirs;

  if (!redial_caldav_publisher_read_theirs_finish (REDIAL_CALDAV_PUBLISHER (source), result, &theirs, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("The calendar's copy of appointment %" G_GINT64_FORMAT " cannot be read: %s",
                   self->conflict_id, error->message);
      return;
    }

  if (theirs.last_modified > 0)
    {
      g_autofree char *when = day_and_time (self, theirs.last_modified);
      /* Translators: %s is a day and time: "Tue Dec 1, 14:05" */
      g_autofree char *text = g_strdup_printf (_("The office calendar has a different version of this appointment "
                                                 "(changed there on %s)."), when);

      gtk_label_set_text (GTK_LABEL (self->conflict_label), text);
    }
  if (theirs.cancelled)
    gtk_label_set_text (GTK_LABEL (self->theirs_label), _("There: cancelled"));
  else
    {
      g_autofree char *from = day_and_time (self, theirs.start);
      g_autoptr(GDateTime) end = redial_clock_date_time (theirs.end, business_zone (self));
      g_autofree char *to = g_date_time_format (end, "%H:%M");
      /* Translators: the time the office calendar has: "There: Tue Dec 1, 10:00–12:00" */
      g_autofree char *text = g_strdup_printf (_("There: %s–%s"), from, to);

      gtk_label_set_text (GTK_LABEL (self->theirs_label), text);
    }
  gtk_widget_set_visible (self->theirs_label, TRUE);
}

/* The case's first appointment in conflict with the calendar, or 0. */
static gint64
find_conflict (RedialCaseBooking *self)
{
  g_autoptr(GPtrArray) appointments = NULL;

  if (self->kase == NULL)
    return 0;
  appointments = redial_store_list_case_appointments (redial_context_get_store (self->context),
                                                      redial_case_get_id (self->kase), NULL);
  for (guint i = 0; appointments != NULL && i < appointments->len; i++)
    if (redial_appointment_get_conflict (g_ptr_array_index (appointments, i)))
      return redial_appointment_get_id (g_ptr_array_index (appointments, i));
  return 0;
}

static void
show_conflict (RedialCaseBooking *self)
{
  RedialCaldavPublisher *publisher = redial_context_get_calendar_publisher (self->context);
  gint64 id = find_conflict (self);

  gtk_widget_set_visible (self->conflict_box, id != 0);
  if (id == self->conflict_id)
    return;
  self->conflict_id = id;
  g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  gtk_label_set_text (GTK_LABEL (self->conflict_label),
                      _("The office calendar has a different version of this appointment."));
  gtk_widget_set_visible (self->theirs_label, FALSE);
  if (id == 0 || publisher == NULL)
    return;
  self->reading = g_cancellable_new ();
  redial_caldav_publisher_read_theirs_async (publisher, id, self->reading, on_theirs_read, self);
}

static void
on_resolve_clicked (GtkButton         *button,
                    RedialCaseBooking *self)
{
  if (self->conflict_id != 0)
    gtk_widget_activate_action (GTK_WIDGET (self), g_object_get_data (G_OBJECT (button), "action"),
                                "x", self->conflict_id);
}

static void
update (RedialCaseBooking *self)
{
  gboolean has_resources = self->resources != NULL &&
                           g_list_model_get_n_items (G_LIST_MODEL (self->resources)) > 0;
  gboolean open = self->kase != NULL && redial_case_get_state (self->kase) != REDIAL_CASE_STATE_CLOSED &&
                  redial_case_get_closed_at (self->kase) == 0 &&
                  redial_case_get_state (self->kase) != REDIAL_CASE_STATE_BOOKED;

  show_conflict (self);
  gtk_widget_set_visible (self->buttons_box, has_resources && open);
  gtk_widget_set_visible (GTK_WIDGET (self), (has_resources && open) || self->conflict_id != 0);
  if (!has_resources || !open)
    {
      /* Only one shown: a popover put down hands the keyboard back. */
      if (self->popover != NULL && gtk_widget_get_visible (GTK_WIDGET (self->popover)))
        gtk_popover_popdown (self->popover);
      gtk_widget_set_visible (self->offer_box, FALSE);
      return;
    }
  gtk_widget_set_sensitive (self->offer_button, redial_engine_can_text (self->engine, self->kase, NULL));
  show_offer (self);
}

static void
on_case_notify (RedialCaseBooking *self,
                GParamSpec        *pspec,
                RedialCase        *kase)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "state") || g_str_equal (name, "closed-at") || g_str_equal (name, "opted-out"))
    update (self);
}

static void
on_timeline_changed (RedialCaseBooking  *self,
                     RedialCase         *kase,
                     RedialTimelineItem *item,
                     RedialEngine       *engine)
{
  /* A note may be the choice made in a conflict with the calendar. */
  if (self->kase != NULL && kase != NULL && redial_case_get_id (kase) == redial_case_get_id (self->kase) &&
      (redial_timeline_item_get_kind (item) == REDIAL_TIMELINE_KIND_BOOKING ||
       redial_timeline_item_get_kind (item) == REDIAL_TIMELINE_KIND_NOTE))
    update (self);
}

/* The calendar published one of the case's appointments, or found it
 * changed there. */
static void
on_calendar_changed (RedialCaseBooking *self,
                     RedialAppointment *appointment)
{
  if (self->kase != NULL && redial_appointment_get_case_id (appointment) == redial_case_get_id (self->kase))
    update (self);
}

static GtkWidget *
resolve_button (RedialCaseBooking *self,
                const char        *label,
                const char        *tooltip,
                const char        *action)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_tooltip_text (button, tooltip);
  g_object_set_data (G_OBJECT (button), "action", (gpointer) action);
  g_signal_connect (button, "clicked", G_CALLBACK (on_resolve_clicked), self);
  return button;
}

static GtkWidget *
build_conflict_box (RedialCaseBooking *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *button;

  gtk_widget_add_css_class (box, "calendar-conflict");
  self->conflict_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->conflict_label), TRUE);
  /* Measured for a given height, a wrapping label would ask for its
   * whole text's width on one line: ellipsized, it never widens the page. */
  gtk_label_set_ellipsize (GTK_LABEL (self->conflict_label), PANGO_ELLIPSIZE_END);
  gtk_label_set_lines (GTK_LABEL (self->conflict_label), 3);
  gtk_label_set_xalign (GTK_LABEL (self->conflict_label), 0);
  gtk_widget_add_css_class (self->conflict_label, "heading");
  gtk_box_append (GTK_BOX (box), self->conflict_label);
  self->theirs_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->theirs_label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (self->theirs_label), PANGO_ELLIPSIZE_END);
  gtk_label_set_lines (GTK_LABEL (self->theirs_label), 2);
  gtk_label_set_xalign (GTK_LABEL (self->theirs_label), 0);
  gtk_widget_set_visible (self->theirs_label, FALSE);
  gtk_box_append (GTK_BOX (box), self->theirs_label);

  button = resolve_button (self, _("_Keep Redial’s Version"),
                           _("Put Redial’s time into the office calendar, over the change made there"),
                           "app.keep-redial-version");
  gtk_box_append (GTK_BOX (buttons), button);
  button = resolve_button (self, _("_Take the Calendar’s Version"),
                           _("Move or cancel the appointment as the office calendar has it"),
                           "app.take-calendar-version");
  gtk_box_append (GTK_BOX (buttons), button);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_widget_set_visible (box, FALSE);
  return box;
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

static GtkWidget *
build_popover (RedialCaseBooking *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *button;

  gtk_box_append (GTK_BOX (box), heading (_("Next free times")));
  self->slots_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), self->slots_box);
  self->no_slots_label = gtk_label_new (_("No free time in the next two weeks"));
  gtk_widget_add_css_class (self->no_slots_label, "dim-label");
  gtk_box_append (GTK_BOX (box), self->no_slots_label);

  gtk_box_append (GTK_BOX (box), heading (_("Or choose")));
  self->resource_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->resources)), NULL));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->resource_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Who"), -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->resource_dropdown));
  self->time_entry = gtk_entry_new ();
  /* Translators: an example of how a date and time are typed; keep the numbers as they are */
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->time_entry), _("2026-12-01 09:00"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->time_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Date and time"), -1);
  g_signal_connect_swapped (self->time_entry, "activate", G_CALLBACK (on_book_clicked), self);
  gtk_box_append (GTK_BOX (box), self->time_entry);
  self->error_label = gtk_label_new (_("Type the date and time as 2026-12-01 09:00"));
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->error_label), 0);
  gtk_widget_add_css_class (self->error_label, "error");
  gtk_widget_set_visible (self->error_label, FALSE);
  gtk_box_append (GTK_BOX (box), self->error_label);
  self->confirm_check = gtk_check_button_new_with_mnemonic (_("Send _confirmation"));
  gtk_widget_set_tooltip_text (self->confirm_check, _("Text the caller the day, time and address"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->confirm_check), TRUE);
  gtk_box_append (GTK_BOX (box), self->confirm_check);
  button = gtk_button_new_with_mnemonic (_("_Book"));
  gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_book_clicked), self);
  gtk_box_append (GTK_BOX (box), button);

  self->popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (self->popover, box);
  g_signal_connect_swapped (self->popover, "show", G_CALLBACK (on_popover_show), self);
  return GTK_WIDGET (self->popover);
}

static void
create_popup (GtkMenuButton *button,
              gpointer       user_data)
{
  RedialCaseBooking *self = user_data;

  if (gtk_menu_button_get_popover (button) == NULL)
    gtk_menu_button_set_popover (button, build_popover (self));
}

static void
redial_case_booking_dispose (GObject *object)
{
  RedialCaseBooking *self = REDIAL_CASE_BOOKING (object);
  GtkWidget *child;

  redial_case_booking_set_case (self, NULL);
  g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->resources);
  g_clear_object (&self->engine);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (redial_case_booking_parent_class)->dispose (object);
}

static void
redial_case_booking_class_init (RedialCaseBookingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = redial_case_booking_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "casebooking");
}

static void
redial_case_booking_init (RedialCaseBooking *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self), "case-bar");
  self->resources = gtk_string_list_new (NULL);

  self->buttons_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->offer_button = gtk_button_new_with_mnemonic (_("_Offer Two Slots"));
  gtk_widget_set_tooltip_text (self->offer_button,
                               _("Hold the next two free times and text them; the caller books one by replying"));
  g_signal_connect_swapped (self->offer_button, "clicked", G_CALLBACK (on_offer_clicked), self);
  gtk_box_append (GTK_BOX (self->buttons_box), self->offer_button);
  self->book_button = gtk_menu_button_new ();
  gtk_menu_button_set_label (GTK_MENU_BUTTON (self->book_button), _("Book…"));
  gtk_menu_button_set_use_underline (GTK_MENU_BUTTON (self->book_button), TRUE);
  gtk_widget_set_tooltip_text (self->book_button, _("Choose who and when, and book"));
  /* Made when first asked for: a popover made with the page would be
   * realized with it, and the window's keyboard could follow it. */
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->book_button), create_popup, self, NULL);
  gtk_box_append (GTK_BOX (self->buttons_box), self->book_button);
  gtk_widget_set_parent (self->buttons_box, GTK_WIDGET (self));

  self->offer_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_box_append (GTK_BOX (self->offer_box), heading (_("Offered by text, held for the caller")));
  self->offer_slots_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_box_append (GTK_BOX (self->offer_box), self->offer_slots_box);
  self->unclear_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->unclear_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->unclear_label), 0);
  gtk_label_set_use_markup (GTK_LABEL (self->unclear_label), FALSE);
  gtk_widget_add_css_class (self->unclear_label, "warning");
  gtk_box_append (GTK_BOX (self->offer_box), self->unclear_label);
  gtk_widget_set_visible (self->offer_box, FALSE);
  gtk_widget_set_parent (self->offer_box, GTK_WIDGET (self));

  self->conflict_box = build_conflict_box (self);
  gtk_widget_insert_after (self->conflict_box, GTK_WIDGET (self), NULL);
}

GtkWidget *
redial_case_booking_new (RedialContext *context)
{
  RedialCaseBooking *self;
  GPtrArray *resources;

  g_return_val_if_fail (REDIAL_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (redial_context_get_engine (context) != NULL, NULL);

  self = g_object_new (REDIAL_TYPE_CASE_BOOKING, NULL);
  self->context = g_object_ref (context);
  self->engine = g_object_ref (redial_context_get_engine (context));
  resources = redial_config_get_resources (redial_context_get_config (context));
  for (guint i = 0; resources != NULL && i < resources->len; i++)
    gtk_string_list_append (self->resources, redial_resource_get_name (g_ptr_array_index (resources, i)));
  g_signal_connect_object (self->engine, "timeline-changed", G_CALLBACK (on_timeline_changed), self,
                           G_CONNECT_SWAPPED);
  if (redial_context_get_calendar_publisher (context) != NULL)
    {
      g_signal_connect_object (redial_context_get_calendar_publisher (context), "conflict",
                               G_CALLBACK (on_calendar_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (redial_context_get_calendar_publisher (context), "published",
                               G_CALLBACK (on_calendar_changed), self, G_CONNECT_SWAPPED);
    }
  update (self);
  return GTK_WIDGET (self);
}

void
redial_case_booking_set_case (RedialCaseBooking *self,
                              RedialCase        *kase)
{
  g_return_if_fail (REDIAL_IS_CASE_BOOKING (self));
  g_return_if_fail (kase == NULL || REDIAL_IS_CASE (kase));

  if (self->kase == kase)
    return;
  if (self->kase != NULL)
    {
      g_clear_signal_handler (&self->notify_handler, self->kase);
      g_clear_object (&self->kase);
    }
  if (kase != NULL)
    {
      self->kase = g_object_ref (kase);
      self->notify_handler = g_signal_connect_object (kase, "notify", G_CALLBACK (on_case_notify), self,
                                                      G_CONNECT_SWAPPED);
    }
  if (self->engine != NULL)
    update (self);
}

void
redial_case_booking_refresh (RedialCaseBooking *self)
{
  g_return_if_fail (REDIAL_IS_CASE_BOOKING (self));

  update (self);
}
