/* redial-calendar-view.c: the calendar page: the day or week of every resource, and the cases waiting to be booked. */
#include "config.h"

#define G_LOG_DOMAIN "redial-calendar"

#include <glib/gi18n.h>

#include "redial-availability.h"
#include "redial-calendar-grid.h"
#include "redial-calendar-tray.h"
#include "redial-calendar-view.h"

#define NOW_TICK_US (30 * G_USEC_PER_SEC)
#define DAY_US ((gint64) 24 * 3600 * G_USEC_PER_SEC)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

struct _RedialCalendarView
{
  AdwBin              parent_instance;

  RedialContext      *context;
  guint               now_tick;
  RedialAvailability *availability;  /* the rules, with the calendar around the range shown */
  GHashTable         *appointments;  /* id → RedialAppointment around the range shown */
  guint               reload_idle;

  GtkToggleButton    *tray_button;
  GtkButton          *previous_button;
  GtkButton          *today_button;
  GtkButton          *next_button;
  GtkLabel           *range_label;
  GtkLabel           *short_label;   /* the range, when the bar is narrow */
  GtkDropDown        *resource_dropdown;
  GtkToggleButton    *day_button;
  GtkToggleButton    *week_button;
  AdwFlap            *flap;
  RedialCalendarTray *tray;
  RedialCalendarGrid *grid;
  GtkRevealer        *banner;
  GtkLabel           *banner_label;
  GtkWidget          *banner_button;

  GtkStringList      *resource_names;
};

G_DEFINE_FINAL_TYPE (RedialCalendarView, redial_calendar_view, ADW_TYPE_BIN)

static GParamSpec *properties[N_PROPS];

/* What the calendar reads */

/* A weekday's ranges as redial_hours_set_day() reads them: "08:00-12:00, 13:00-17:00". */
static char *
describe_day (RedialResource *resource,
              GDateWeekday    day)
{
  g_autoptr(GString) spec = g_string_new (NULL);
  const RedialMinuteRange *ranges;
  guint n_ranges;

  ranges = redial_resource_get_hours (resource, day, &n_ranges);
  for (guint i = 0; i < n_ranges; i++)
    g_string_append_printf (spec, "%s%02u:%02u-%02u:%02u", i > 0 ? ", " : "",
                            ranges[i].start / 60, ranges[i].start % 60, ranges[i].end / 60, ranges[i].end % 60);
  return n_ranges > 0 ? g_string_free (g_steal_pointer (&spec), FALSE) : g_strdup ("closed");
}

static GPtrArray *
load_resources (RedialCalendarView *self)
{
  RedialConfig *config = redial_context_get_config (self->context);
  GPtrArray *settings = redial_config_get_resources (config);
  GPtrArray *resources = g_ptr_array_new_with_free_func ((GDestroyNotify) redial_calendar_resource_free);

  for (guint i = 0; i < settings->len; i++)
    {
      RedialResource *resource = g_ptr_array_index (settings, i);
      g_autoptr(RedialHours) hours = redial_hours_new (redial_config_get_time_zone (config));

      for (GDateWeekday day = G_DATE_MONDAY; day <= G_DATE_SUNDAY; day++)
        {
          g_autofree char *spec = describe_day (resource, day);
          g_autoptr(GError) error = NULL;

          if (!redial_hours_set_day (hours, day, spec, &error))
            g_warning ("Hours of %s: %s", redial_resource_get_name (resource), error->message);
        }
      g_ptr_array_add (resources, redial_calendar_resource_new (redial_resource_get_name (resource), hours));
    }
  return resources;
}

/* Reads the appointments around [@from, @to) and the rules they are
 * checked by; returns the appointments within the range to draw. */
static GPtrArray *
load_blocks (RedialCalendarView *self,
             gint64              from,
             gint64              to)
{
  RedialConfig *config = redial_context_get_config (self->context);
  RedialStore *store = redial_context_get_store (self->context);
  RedialBookingSettings *booking = redial_config_get_booking (config);
  gint64 now = redial_clock_now (redial_context_get_clock (self->context));
  GPtrArray *blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) redial_calendar_block_free);
  g_autoptr(GPtrArray) appointments = NULL;
  g_autoptr(GPtrArray) holds = NULL;
  g_autoptr(GError) error = NULL;

  /* A day either side: a buffer reaches across midnight. */
  appointments = redial_store_list_appointments (store, from - DAY_US, to + DAY_US, NULL, &error);
  if (appointments != NULL)
    holds = redial_store_list_holds (store, from - DAY_US, to + DAY_US, now, &error);
  if (error != NULL)
    {
      g_warning ("Could not read the calendar: %s", error->message);
      g_clear_object (&self->availability);
      g_hash_table_remove_all (self->appointments);
      return blocks;
    }

  g_clear_object (&self->availability);
  self->availability = redial_availability_new (redial_config_get_resources (config),
                                                redial_config_get_job_types (config),
                                                redial_config_get_time_zone (config),
                                                redial_booking_settings_get_minimum_notice (booking),
                                                redial_booking_settings_get_buffer (booking));
  redial_availability_set_calendar (self->availability, appointments, holds);

  g_hash_table_remove_all (self->appointments);
  for (guint i = 0; i < appointments->len; i++)
    {
      RedialAppointment *appointment = g_ptr_array_index (appointments, i);
      RedialCalendarBlock *block;

      g_hash_table_insert (self->appointments, GSIZE_TO_POINTER (redial_appointment_get_id (appointment)),
                           g_object_ref (appointment));
      if (redial_appointment_get_end (appointment) <= from || redial_appointment_get_start (appointment) >= to)
        continue;
      block = redial_calendar_block_new ();
      block->id = redial_appointment_get_id (appointment);
      block->case_id = redial_appointment_get_case_id (appointment);
      block->resource = g_strdup (redial_appointment_get_resource (appointment));
      block->start = redial_appointment_get_start (appointment);
      block->end = redial_appointment_get_end (appointment);
      block->caller = g_strdup (redial_appointment_get_caller_name (appointment) != NULL
                                ? redial_appointment_get_caller_name (appointment)
                                : redial_appointment_get_caller (appointment));
      block->job_type = g_strdup (redial_appointment_get_job_type (appointment));
      block->address = g_strdup (redial_appointment_get_address (appointment));
      block->conflict = redial_appointment_get_conflict (appointment);
      g_ptr_array_add (blocks, block);
    }
  return blocks;
}

/* The job type a case's drop is checked for: its appointment's when it is
 * moved; any for a case being booked. */
static const char *
job_type_of (RedialCalendarView *self,
             gint64              appointment_id)
{
  RedialAppointment *appointment = g_hash_table_lookup (self->appointments, GSIZE_TO_POINTER (appointment_id));

  return appointment != NULL ? redial_appointment_get_job_type (appointment) : NULL;
}

static char *
check_slot (gint64      case_id,
            gint64      appointment_id,
            const char *resource,
            gint64      start,
            gint64      end,
            gpointer    user_data)
{
  RedialCalendarView *self = user_data;
  char *reason = NULL;

  if (self->availability == NULL)
    return NULL;
  redial_availability_check (self->availability, resource, job_type_of (self, appointment_id), start, end,
                             appointment_id, case_id, redial_clock_now (redial_context_get_clock (self->context)),
                             &reason);
  return reason;
}

/* The ghost is as long as the booking will be: the intake's job type. */
static gint64
case_duration (gint64   case_id,
               gpointer user_data)
{
  RedialCalendarView *self = user_data;

  if (self->context == NULL || redial_context_get_engine (self->context) == NULL)
    return REDIAL_DEFAULT_JOB_DURATION;
  return redial_engine_booking_duration (redial_context_get_engine (self->context), case_id);
}

/* Helpers */

static void
update_range_label (RedialCalendarView *self)
{
  GDateTime *first = redial_calendar_grid_get_first_day (self->grid);
  g_autofree char *text = NULL;
  g_autofree char *short_text = NULL;

  if (redial_calendar_grid_get_mode (self->grid) == REDIAL_CALENDAR_WEEK)
    {
      g_autoptr(GDateTime) last = g_date_time_add_days (first, 6);
      /* Translators: the first day of a week shown, see g_date_time_format() */
      g_autofree char *from = g_date_time_format (first, _("%-d %b"));
      /* Translators: the last day of a week shown, see g_date_time_format() */
      g_autofree char *to = g_date_time_format (last, _("%-d %b %Y"));

      text = g_strdup_printf ("%s – %s", from, to);
      short_text = g_strdup (from);
    }
  else
    {
      /* Translators: the day shown, see g_date_time_format() */
      text = g_date_time_format (first, _("%A %-d %B %Y"));
      /* Translators: a day heading of the week view, see g_date_time_format() */
      short_text = g_date_time_format (first, _("%a %-d"));
    }
  gtk_label_set_text (self->range_label, text);
  gtk_label_set_text (self->short_label, short_text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->short_label), text);
}

static void
update_resource_names (RedialCalendarView *self,
                       GPtrArray          *resources)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  g_ptr_array_add (names, _("All Resources"));
  for (guint i = 0; i < resources->len; i++)
    g_ptr_array_add (names, ((RedialCalendarResource *) g_ptr_array_index (resources, i))->name);
  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (self->resource_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->resource_names)),
                          (const char * const *) names->pdata);
  gtk_widget_set_visible (GTK_WIDGET (self->resource_dropdown), resources->len > 1);
}

static void
reload_blocks (RedialCalendarView *self)
{
  gint64 from, to;

  if (self->context == NULL)
    return;
  redial_calendar_grid_get_range (self->grid, &from, &to);
  redial_calendar_grid_set_blocks (self->grid, load_blocks (self, from, to));
}

static void
show_date (RedialCalendarView *self,
           GDateTime          *date)
{
  redial_calendar_grid_set_date (self->grid, date);
  update_range_label (self);
  reload_blocks (self);
}

static GDateTime *
today (RedialCalendarView *self)
{
  RedialConfig *config = redial_context_get_config (self->context);

  return redial_clock_now_in (redial_context_get_clock (self->context), redial_config_get_time_zone (config));
}

/* Callbacks */

static void
on_step (RedialCalendarView *self,
         int                 direction)
{
  GDateTime *first = redial_calendar_grid_get_first_day (self->grid);
  int days = redial_calendar_grid_get_mode (self->grid) == REDIAL_CALENDAR_WEEK ? 7 : 1;
  g_autoptr(GDateTime) date = g_date_time_add_days (first, direction * days);

  show_date (self, date);
}

static void
on_previous_clicked (RedialCalendarView *self)
{
  on_step (self, -1);
}

static void
on_next_clicked (RedialCalendarView *self)
{
  on_step (self, 1);
}

static void
on_today_clicked (RedialCalendarView *self)
{
  g_autoptr(GDateTime) now = NULL;

  if (self->context == NULL)
    return;
  now = today (self);
  show_date (self, now);
}

static void
on_mode_toggled (RedialCalendarView *self)
{
  RedialCalendarMode mode = gtk_toggle_button_get_active (self->week_button) ? REDIAL_CALENDAR_WEEK : REDIAL_CALENDAR_DAY;

  if (mode == redial_calendar_grid_get_mode (self->grid))
    return;
  redial_calendar_grid_set_mode (self->grid, mode);
  update_range_label (self);
  reload_blocks (self);
}

static void
on_resource_selected (RedialCalendarView *self)
{
  guint selected = gtk_drop_down_get_selected (self->resource_dropdown);

  redial_calendar_grid_set_filter (self->grid, selected == 0 || selected == GTK_INVALID_LIST_POSITION
                                               ? NULL
                                               : gtk_string_list_get_string (self->resource_names, selected));
}

/* The booking shows as soon as it is made. */
static void
on_booked (RedialCalendarGrid *grid,
           gint64              case_id,
           const char         *resource,
           gint64              start,
           RedialCalendarView *self)
{
  reload_blocks (self);
}

static gboolean
on_reload_idle (gpointer user_data)
{
  RedialCalendarView *self = user_data;

  self->reload_idle = 0;
  reload_blocks (self);
  return G_SOURCE_REMOVE;
}

/* Reads the range again once the burst of changes is over. */
static void
queue_reload (RedialCalendarView *self)
{
  if (self->reload_idle == 0)
    self->reload_idle = g_idle_add (on_reload_idle, self);
}

/* A booking, a move or an undo shows in a case's timeline. */
static void
on_timeline_changed (RedialEngine       *engine,
                     RedialCase         *kase,
                     RedialTimelineItem *item,
                     RedialCalendarView *self)
{
  queue_reload (self);
}

/* Another desk sharing the store booked, moved or cancelled for a case:
 * it shows here too. */
static void
on_store_case_changed (RedialStore        *store,
                       gint64              case_id,
                       RedialCalendarView *self)
{
  queue_reload (self);
}

/* New business settings (another desk pushed them): the resources, their
 * hours, the time zone and the booking rules are read again. */
static void
on_config_changed (RedialConfig       *config,
                   RedialCalendarView *self)
{
  redial_calendar_grid_set_time_zone (self->grid, redial_config_get_time_zone (config));
  redial_calendar_grid_set_hours (self->grid, redial_config_get_hours (config));
  redial_calendar_view_reload (self);
}

/* The office calendar published an appointment, or found one changed
 * there: its mark follows. */
static void
on_calendar_changed (RedialCaldavPublisher *publisher,
                     RedialAppointment     *appointment,
                     RedialCalendarView    *self)
{
  queue_reload (self);
}

/* Why the office calendar is behind, and what to do about it. */
static void
on_publisher_error (RedialCaldavPublisher *publisher,
                    GParamSpec            *pspec,
                    RedialCalendarView    *self)
{
  const char *error = redial_caldav_publisher_get_error (publisher);
  g_autofree char *text = NULL;

  gtk_revealer_set_reveal_child (self->banner, error != NULL);
  if (error == NULL)
    return;
  /* Translators: a banner over the calendar: %s says what went wrong, as a sentence */
  text = g_strdup_printf (_("The office calendar is not up to date. %s Changes wait in Redial and go to "
                            "the calendar once it takes them."), error);
  gtk_label_set_text (self->banner_label, text);
}

static gboolean
on_now_tick (gpointer user_data)
{
  RedialCalendarView *self = user_data;

  redial_calendar_grid_set_now (self->grid, redial_clock_now (redial_context_get_clock (self->context)));
  return G_SOURCE_CONTINUE;
}

/* Properties and life cycle */

static void
redial_calendar_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  RedialCalendarView *self = REDIAL_CALENDAR_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_calendar_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  RedialCalendarView *self = REDIAL_CALENDAR_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      redial_calendar_view_set_context (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_calendar_view_dispose (GObject *object)
{
  RedialCalendarView *self = REDIAL_CALENDAR_VIEW (object);

  if (self->context != NULL)
    {
      redial_clock_clear (redial_context_get_clock (self->context), &self->now_tick);
      g_signal_handlers_disconnect_by_data (redial_context_get_engine (self->context), self);
      g_signal_handlers_disconnect_by_data (redial_context_get_store (self->context), self);
      g_signal_handlers_disconnect_by_data (redial_context_get_config (self->context), self);
      if (redial_context_get_calendar_publisher (self->context) != NULL)
        g_signal_handlers_disconnect_by_data (redial_context_get_calendar_publisher (self->context), self);
    }
  g_clear_handle_id (&self->reload_idle, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), REDIAL_TYPE_CALENDAR_VIEW);
  g_clear_object (&self->context);
  g_clear_object (&self->resource_names);
  g_clear_object (&self->availability);
  g_clear_pointer (&self->appointments, g_hash_table_unref);

  G_OBJECT_CLASS (redial_calendar_view_parent_class)->dispose (object);
}

static void
redial_calendar_view_class_init (RedialCalendarViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = redial_calendar_view_get_property;
  object_class->set_property = redial_calendar_view_set_property;
  object_class->dispose = redial_calendar_view_dispose;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, REDIAL_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (REDIAL_TYPE_CALENDAR_GRID);
  g_type_ensure (REDIAL_TYPE_CALENDAR_TRAY);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/redial/Redial/calendar/redial-calendar-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RedialCalendarView, tray_button);
  gtk_widget_class_bind_template_child (widget_class, RedialCalendarView, previous_button);
  gtk_widget_class_bind_template_child (widget_class, RedialCalendarView, today_button);
  gtk_widget_class_bind_template_child (widget_class, RedialCalendarView, next_button);
  gtk_widget_class_bind_template_child (widget_class, RedialCalendarView, range_label);
  gtk_widget_class_bind_template_child (widget_class, RedialCalendarView, short_label);
  gtk_widget_class_bind_template_child (widget_class, RedialCalendarView, resource_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RedialCalendarView, day_button);
  gtk_widget_class_bind_template_child (widget_class, RedialCalendarView, week_button);
  gtk_widget_class_bind_template_child (widget_class, RedialCalendarView, flap);
  gtk_widget_class_bind_template_child (widget_class, RedialCalendarView, tray);
  gtk_widget_class_bind_template_child (widget_class, RedialCalendarView, grid);
  gtk_widget_class_bind_template_child (widget_class, RedialCalendarView, banner);
  gtk_widget_class_bind_template_child (widget_class, RedialCalendarView, banner_label);
  gtk_widget_class_bind_template_child (widget_class, RedialCalendarView, banner_button);
  gtk_widget_class_bind_template_callback (widget_class, on_previous_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_next_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_today_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_mode_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_resource_selected);
  gtk_widget_class_set_css_name (widget_class, "calendarview");
}

static void
redial_calendar_view_init (RedialCalendarView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->appointments = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->resource_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->resource_dropdown, G_LIST_MODEL (self->resource_names));
  redial_calendar_grid_set_check_func (self->grid, check_slot, self);
  redial_calendar_grid_set_duration_func (self->grid, case_duration, self);
  g_signal_connect_object (self->grid, "booked", G_CALLBACK (on_booked), self, 0);
  update_range_label (self);
}

GtkWidget *
redial_calendar_view_new (void)
{
  return g_object_new (REDIAL_TYPE_CALENDAR_VIEW, NULL);
}

RedialContext *
redial_calendar_view_get_context (RedialCalendarView *self)
{
  g_return_val_if_fail (REDIAL_IS_CALENDAR_VIEW (self), NULL);

  return self->context;
}

void
redial_calendar_view_set_context (RedialCalendarView *self,
                                  RedialContext      *context)
{
  RedialConfig *config;
  g_autoptr(GDateTime) now = NULL;

  g_return_if_fail (REDIAL_IS_CALENDAR_VIEW (self));
  g_return_if_fail (context == NULL || REDIAL_IS_CONTEXT (context));

  if (self->context == context)
    return;
  if (self->context != NULL)
    {
      redial_clock_clear (redial_context_get_clock (self->context), &self->now_tick);
      g_signal_handlers_disconnect_by_data (redial_context_get_engine (self->context), self);
      g_signal_handlers_disconnect_by_data (redial_context_get_store (self->context), self);
      if (redial_context_get_calendar_publisher (self->context) != NULL)
        g_signal_handlers_disconnect_by_data (redial_context_get_calendar_publisher (self->context), self);
    }
  gtk_revealer_set_reveal_child (self->banner, FALSE);
  g_set_object (&self->context, context);

  if (context != NULL)
    {
      config = redial_context_get_config (context);
      redial_calendar_grid_set_time_zone (self->grid, redial_config_get_time_zone (config));
      redial_calendar_grid_set_hours (self->grid, redial_config_get_hours (config));
      redial_calendar_tray_set_model (self->tray, redial_engine_get_queue (redial_context_get_engine (context)));
      g_signal_connect_object (redial_context_get_engine (context), "timeline-changed",
                               G_CALLBACK (on_timeline_changed), self, 0);
      g_signal_connect_object (redial_context_get_store (context), "case-changed",
                               G_CALLBACK (on_store_case_changed), self, 0);
      g_signal_connect_object (config, "changed", G_CALLBACK (on_config_changed), self, 0);
      if (redial_context_get_calendar_publisher (context) != NULL)
        {
          RedialCaldavPublisher *publisher = redial_context_get_calendar_publisher (context);

          g_signal_connect_object (publisher, "conflict", G_CALLBACK (on_calendar_changed), self, 0);
          g_signal_connect_object (publisher, "published", G_CALLBACK (on_calendar_changed), self, 0);
          g_signal_connect_object (publisher, "notify::error", G_CALLBACK (on_publisher_error), self, 0);
          on_publisher_error (publisher, NULL, self);
        }
      self->now_tick = redial_clock_schedule (redial_context_get_clock (context), NOW_TICK_US, on_now_tick, self, NULL);
      on_now_tick (self);
      now = today (self);
      redial_calendar_grid_set_date (self->grid, now);
      redial_calendar_view_reload (self);
    }
  else
    redial_calendar_tray_set_model (self->tray, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

void
redial_calendar_view_show_date (RedialCalendarView *self,
                                RedialCalendarMode  mode,
                                GDateTime          *date)
{
  g_return_if_fail (REDIAL_IS_CALENDAR_VIEW (self));
  g_return_if_fail (date != NULL);

  gtk_toggle_button_set_active (mode == REDIAL_CALENDAR_WEEK ? self->week_button : self->day_button, TRUE);
  redial_calendar_grid_set_mode (self->grid, mode);
  show_date (self, date);
}

void
redial_calendar_view_reload (RedialCalendarView *self)
{
  g_autoptr(GPtrArray) resources = NULL;

  g_return_if_fail (REDIAL_IS_CALENDAR_VIEW (self));

  if (self->context == NULL)
    return;
  resources = load_resources (self);
  update_resource_names (self, resources);
  gtk_drop_down_set_selected (self->resource_dropdown, 0);
  redial_calendar_grid_set_filter (self->grid, NULL);
  redial_calendar_grid_set_resources (self->grid, g_steal_pointer (&resources));
  update_range_label (self);
  reload_blocks (self);
}

RedialCalendarGrid *
redial_calendar_view_get_grid (RedialCalendarView *self)
{
  g_return_val_if_fail (REDIAL_IS_CALENDAR_VIEW (self), NULL);

  return self->grid;
}
