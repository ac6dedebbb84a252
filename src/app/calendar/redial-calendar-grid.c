/* redial-calendar-grid.c: the calendar's time grid, drawn in one widget: resources, hours, appointments, drops.
 *
 * Its drawing is in redial-calendar-grid-draw.c, what a person does to it
 * (drops, drags, keys) in redial-calendar-grid-input.c. */
#include "config.h"

#define G_LOG_DOMAIN "redial-calendar"

#include <glib/gi18n.h>

#include "redial-calendar-grid-private.h"
#include "redial-clock.h"

enum
{
  PROP_0,
  PROP_MODE,
  N_PROPS
};

enum
{
  BOOKED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (RedialCalendarGrid, redial_calendar_grid, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

RedialCalendarResource *
redial_calendar_resource_new (const char  *name,
                              RedialHours *hours)
{
  RedialCalendarResource *resource = g_new0 (RedialCalendarResource, 1);

  resource->name = g_strdup (name);
  resource->hours = hours != NULL ? g_object_ref (hours) : NULL;
  return resource;
}

void
redial_calendar_resource_free (RedialCalendarResource *resource)
{
  if (resource == NULL)
    return;
  g_free (resource->name);
  g_clear_object (&resource->hours);
  g_free (resource);
}

RedialCalendarBlock *
redial_calendar_block_new (void)
{
  return g_new0 (RedialCalendarBlock, 1);
}

void
redial_calendar_block_free (RedialCalendarBlock *block)
{
  if (block == NULL)
    return;
  g_free (block->resource);
  g_free (block->caller);
  g_free (block->job_type);
  g_free (block->address);
  g_free (block);
}

/* Geometry */

guint
calendar_grid_n_lanes (RedialCalendarGrid *self)
{
  return MAX (self->shown->len, 1);
}

guint
calendar_grid_n_columns (RedialCalendarGrid *self)
{
  return self->n_days * calendar_grid_n_lanes (self);
}

double
calendar_grid_column_width (RedialCalendarGrid *self)
{
  return MAX (1.0, (gtk_widget_get_width (GTK_WIDGET (self)) - GUTTER_WIDTH) / (double) calendar_grid_n_columns (self));
}

double
calendar_grid_slot_height (RedialCalendarGrid *self)
{
  int n_slots = (self->last_hour - self->first_hour) * SLOTS_PER_HOUR;

  return MAX (1.0, (gtk_widget_get_height (GTK_WIDGET (self)) - HEADER_HEIGHT) / (double) n_slots);
}

double
calendar_grid_column_x (RedialCalendarGrid *self,
          guint               column)
{
  return GUTTER_WIDTH + column * calendar_grid_column_width (self);
}

double
calendar_grid_minute_y (RedialCalendarGrid *self,
          int                 minute)
{
  return HEADER_HEIGHT + (minute - self->first_hour * 60) / (double) REDIAL_CALENDAR_SNAP_MINUTES * calendar_grid_slot_height (self);
}

/* The column and the minute of the day under @x, @y; FALSE off the grid. */
gboolean
calendar_grid_point_to_slot (RedialCalendarGrid *self,
               double              x,
               double              y,
               guint              *column,
               double             *minute)
{
  double c = (x - GUTTER_WIDTH) / calendar_grid_column_width (self);

  if (c < 0 || c >= calendar_grid_n_columns (self) || y < HEADER_HEIGHT)
    return FALSE;
  *column = (guint) c;
  *minute = self->first_hour * 60 + (y - HEADER_HEIGHT) / calendar_grid_slot_height (self) * REDIAL_CALENDAR_SNAP_MINUTES;
  return *minute < self->last_hour * 60;
}

int
calendar_grid_snap (double minute)
{
  return (int) (minute / REDIAL_CALENDAR_SNAP_MINUTES + 0.5) * REDIAL_CALENDAR_SNAP_MINUTES;
}

guint
calendar_grid_column_day (RedialCalendarGrid *self,
            guint               column)
{
  return column / calendar_grid_n_lanes (self);
}

RedialCalendarResource *
calendar_grid_column_resource (RedialCalendarGrid *self,
                 guint               column)
{
  if (self->shown->len == 0)
    return NULL;
  return g_ptr_array_index (self->shown, column % calendar_grid_n_lanes (self));
}

/* The instant of @minute (of the wall clock, 1440 the next midnight) on
 * @column's day. */
gint64
calendar_grid_column_time (RedialCalendarGrid *self,
             guint               column,
             int                 minute)
{
  GDateTime *day = self->days[calendar_grid_column_day (self, column)];
  g_autoptr(GDateTime) when = NULL;

  if (minute >= 24 * 60)
    return g_date_time_to_unix (self->days[calendar_grid_column_day (self, column) + 1]) * G_USEC_PER_SEC;
  when = g_date_time_new (self->tz, g_date_time_get_year (day), g_date_time_get_month (day),
                          g_date_time_get_day_of_month (day), minute / 60, minute % 60, 0);
  return g_date_time_to_unix (when) * G_USEC_PER_SEC;
}

/* The day index of @when and its minute of that day; FALSE outside the range. */
gboolean
calendar_grid_time_to_day (RedialCalendarGrid *self,
             gint64              when,
             guint              *day,
             int                *minute)
{
  g_autoptr(GDateTime) local = NULL;

  for (guint i = 0; i < self->n_days; i++)
    if (when >= g_date_time_to_unix (self->days[i]) * G_USEC_PER_SEC &&
        when < g_date_time_to_unix (self->days[i + 1]) * G_USEC_PER_SEC)
      {
        local = redial_clock_date_time (when, self->tz);
        *day = i;
        *minute = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);
        return TRUE;
      }
  return FALSE;
}

int
calendar_grid_lane_of (RedialCalendarGrid *self,
         const char         *resource)
{
  for (guint i = 0; i < self->shown->len; i++)
    if (g_strcmp0 (((RedialCalendarResource *) g_ptr_array_index (self->shown, i))->name, resource) == 0)
      return (int) i;
  return -1;
}

void
calendar_grid_booked (RedialCalendarGrid *self,
                      gint64              case_id,
                      const char         *resource,
                      gint64              start)
{
  g_signal_emit (self, signals[BOOKED], 0, case_id, resource, start);
}

/* Rebuilding what is drawn */

static void
clear_placed (Placed *placed)
{
  g_clear_object (&placed->layout);
}

static int
compare_placed (gconstpointer a,
                gconstpointer b)
{
  const Placed *pa = a, *pb = b;

  if (pa->column != pb->column)
    return pa->column < pb->column ? -1 : 1;
  return pa->start_min - pb->start_min;
}

static void
place_blocks (RedialCalendarGrid *self)
{
  self->ghost.origin = NULL;
  g_array_set_size (self->placed, 0);
  for (guint i = 0; self->blocks != NULL && i < self->blocks->len; i++)
    {
      RedialCalendarBlock *block = g_ptr_array_index (self->blocks, i);
      int lane = calendar_grid_lane_of (self, block->resource);
      Placed placed = { block, 0, 0, 0, NULL, 0, FALSE };
      guint day, end_day;
      int end_min;

      if (lane < 0 || !calendar_grid_time_to_day (self, block->start, &day, &placed.start_min))
        continue;
      placed.column = day * calendar_grid_n_lanes (self) + lane;
      if (calendar_grid_time_to_day (self, block->end, &end_day, &end_min) && end_day == day)
        placed.end_min = end_min;
      else
        placed.end_min = 24 * 60;
      placed.end_min = MAX (placed.end_min, placed.start_min + REDIAL_CALENDAR_SNAP_MINUTES);
      g_array_append_val (self->placed, placed);
    }
  g_array_sort (self->placed, compare_placed);
}

/* Which slots of each column are open for work, and the hours worth showing. */
static void
compute_open (RedialCalendarGrid *self)
{
  guint columns = calendar_grid_n_columns (self);
  int first = SLOTS_PER_DAY, last = 0;

  g_free (self->open);
  self->open = g_new0 (guint8, columns * SLOTS_PER_DAY);
  for (guint c = 0; c < columns; c++)
    {
      RedialCalendarResource *resource = calendar_grid_column_resource (self, c);
      RedialHours *hours = resource != NULL && resource->hours != NULL ? resource->hours : self->hours;

      if (hours == NULL)
        continue;
      for (int s = 0; s < SLOTS_PER_DAY; s++)
        if (redial_hours_is_open (hours, calendar_grid_column_time (self, c, s * REDIAL_CALENDAR_SNAP_MINUTES)))
          {
            self->open[c * SLOTS_PER_DAY + s] = 1;
            first = MIN (first, s);
            last = MAX (last, s + 1);
          }
    }

  if (first >= last)
    {
      self->first_hour = 8;
      self->last_hour = 18;
      return;
    }
  /* An hour either side of the working day, at least ten hours in all. */
  self->first_hour = MAX (0, first / SLOTS_PER_HOUR - 1);
  self->last_hour = MIN (24, (last + SLOTS_PER_HOUR - 1) / SLOTS_PER_HOUR + 1);
  while (self->last_hour - self->first_hour < 10)
    {
      if (self->last_hour < 24)
        self->last_hour++;
      if (self->last_hour - self->first_hour < 10 && self->first_hour > 0)
        self->first_hour--;
    }
}

static void
rebuild (RedialCalendarGrid *self)
{
  g_ptr_array_set_size (self->shown, 0);
  for (guint i = 0; self->resources != NULL && i < self->resources->len; i++)
    {
      RedialCalendarResource *resource = g_ptr_array_index (self->resources, i);

      if (self->filter == NULL || g_strcmp0 (self->filter, resource->name) == 0)
        g_ptr_array_add (self->shown, resource);
    }
  compute_open (self);
  place_blocks (self);
  calendar_grid_clear_header_layouts (self);
  self->focus_column = MIN (self->focus_column, calendar_grid_n_columns (self) - 1);
  self->focus_slot = CLAMP (self->focus_slot, 0, (self->last_hour - self->first_hour) * SLOTS_PER_HOUR - 1);
  calendar_grid_update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
set_days (RedialCalendarGrid *self,
          GDateTime          *date)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (date, self->tz);
  g_autoptr(GDateTime) first = NULL;
  int year, month, day;

  if (self->mode == REDIAL_CALENDAR_WEEK)
    {
      g_autoptr(GDateTime) monday = g_date_time_add_days (local, 1 - g_date_time_get_day_of_week (local));
      g_date_time_get_ymd (monday, &year, &month, &day);
    }
  else
    g_date_time_get_ymd (local, &year, &month, &day);

  for (guint i = 0; i < G_N_ELEMENTS (self->days); i++)
    g_clear_pointer (&self->days[i], g_date_time_unref);
  self->n_days = self->mode == REDIAL_CALENDAR_WEEK ? 7 : 1;
  first = g_date_time_new (self->tz, year, month, day, 0, 0, 0);
  for (guint i = 0; i <= self->n_days; i++)
    {
      g_autoptr(GDateTime) shifted = g_date_time_add_days (first, i);

      /* Midnight of each day, whatever a change of clocks did between. */
      self->days[i] = g_date_time_new (self->tz, g_date_time_get_year (shifted), g_date_time_get_month (shifted),
                                       g_date_time_get_day_of_month (shifted), 0, 0, 0);
    }
}

static void
redial_calendar_grid_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  RedialCalendarGrid *self = REDIAL_CALENDAR_GRID (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int per_column = self->mode == REDIAL_CALENDAR_DAY ? 64 : MAX (4, 48 / (int) calendar_grid_n_lanes (self));

      *minimum = GUTTER_WIDTH + (int) calendar_grid_n_columns (self) * per_column;
      *natural = GUTTER_WIDTH + (int) calendar_grid_n_columns (self) * per_column * 2;
    }
  else
    {
      *minimum = HEADER_HEIGHT + (self->last_hour - self->first_hour) * SLOTS_PER_HOUR * MIN_SLOT_HEIGHT;
      *natural = *minimum + (self->last_hour - self->first_hour) * SLOTS_PER_HOUR * 2;
    }
}

/* Properties and life cycle */

static void
redial_calendar_grid_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  RedialCalendarGrid *self = REDIAL_CALENDAR_GRID (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_int (value, self->mode);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_calendar_grid_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  RedialCalendarGrid *self = REDIAL_CALENDAR_GRID (object);

  switch (prop_id)
    {
    case PROP_MODE:
      redial_calendar_grid_set_mode (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_calendar_grid_css_changed (GtkWidget         *widget,
                                  GtkCssStyleChange *change)
{
  RedialCalendarGrid *self = REDIAL_CALENDAR_GRID (widget);

  GTK_WIDGET_CLASS (redial_calendar_grid_parent_class)->css_changed (widget, change);
  /* Fonts may have changed: lay the texts out again. */
  for (guint i = 0; i < G_N_ELEMENTS (self->hour_layouts); i++)
    g_clear_object (&self->hour_layouts[i]);
  calendar_grid_clear_header_layouts (self);
  for (guint i = 0; i < self->placed->len; i++)
    clear_placed (&g_array_index (self->placed, Placed, i));
}

static void
redial_calendar_grid_dispose (GObject *object)
{
  RedialCalendarGrid *self = REDIAL_CALENDAR_GRID (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->hour_layouts); i++)
    g_clear_object (&self->hour_layouts[i]);
  g_clear_pointer (&self->header_layouts, g_ptr_array_unref);
  g_clear_object (&self->hours);

  G_OBJECT_CLASS (redial_calendar_grid_parent_class)->dispose (object);
}

static void
redial_calendar_grid_finalize (GObject *object)
{
  RedialCalendarGrid *self = REDIAL_CALENDAR_GRID (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->days); i++)
    g_clear_pointer (&self->days[i], g_date_time_unref);
  g_clear_pointer (&self->placed, g_array_unref);
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_clear_pointer (&self->resources, g_ptr_array_unref);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_free (self->ghost.refusal);
  g_free (self->filter);
  g_free (self->open);

  G_OBJECT_CLASS (redial_calendar_grid_parent_class)->finalize (object);
}

static void
redial_calendar_grid_class_init (RedialCalendarGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = redial_calendar_grid_get_property;
  object_class->set_property = redial_calendar_grid_set_property;
  object_class->dispose = redial_calendar_grid_dispose;
  object_class->finalize = redial_calendar_grid_finalize;
  widget_class->snapshot = calendar_grid_snapshot;
  widget_class->measure = redial_calendar_grid_measure;
  widget_class->css_changed = redial_calendar_grid_css_changed;

  /* A RedialCalendarMode. */
  properties[PROP_MODE] =
    g_param_spec_int ("mode", NULL, NULL, REDIAL_CALENDAR_DAY, REDIAL_CALENDAR_WEEK, REDIAL_CALENDAR_DAY,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A drop booked a case: case id, resource, start (Unix µs). */
  signals[BOOKED] = g_signal_new ("booked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_STRING, G_TYPE_INT64);

  gtk_widget_class_set_css_name (widget_class, "calendargrid");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GRID);
}

static void
redial_calendar_grid_init (RedialCalendarGrid *self)
{
  g_autoptr(GDateTime) today = NULL;

  self->tz = g_time_zone_new_local ();
  self->mode = REDIAL_CALENDAR_DAY;
  self->shown = g_ptr_array_new ();
  self->placed = g_array_new (FALSE, TRUE, sizeof (Placed));
  g_array_set_clear_func (self->placed, (GDestroyNotify) clear_placed);
  self->header_layouts = g_ptr_array_new_with_free_func (g_object_unref);
  self->focus_slot = SLOTS_PER_HOUR;
  today = g_date_time_new_now (self->tz);
  set_days (self, today);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Appointments by resource and time. Arrow keys move between 15-minute slots; "
                                    "Enter opens the case of the appointment in the slot."), -1);

  calendar_grid_init_input (self);

  rebuild (self);
}

GtkWidget *
redial_calendar_grid_new (void)
{
  return g_object_new (REDIAL_TYPE_CALENDAR_GRID, NULL);
}

/* Public API */

void
redial_calendar_grid_set_time_zone (RedialCalendarGrid *self,
                                    GTimeZone          *tz)
{
  g_autoptr(GDateTime) first = NULL;

  g_return_if_fail (REDIAL_IS_CALENDAR_GRID (self));
  g_return_if_fail (tz != NULL);

  first = g_date_time_ref (self->days[0]);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  self->tz = g_time_zone_ref (tz);
  set_days (self, first);
  rebuild (self);
}

void
redial_calendar_grid_set_hours (RedialCalendarGrid *self,
                                RedialHours        *hours)
{
  g_return_if_fail (REDIAL_IS_CALENDAR_GRID (self));

  g_set_object (&self->hours, hours);
  rebuild (self);
}

void
redial_calendar_grid_set_now (RedialCalendarGrid *self,
                              gint64              now)
{
  g_return_if_fail (REDIAL_IS_CALENDAR_GRID (self));

  if (self->now / MINUTE_US == now / MINUTE_US)
    return;
  self->now = now;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

RedialCalendarMode
redial_calendar_grid_get_mode (RedialCalendarGrid *self)
{
  g_return_val_if_fail (REDIAL_IS_CALENDAR_GRID (self), REDIAL_CALENDAR_DAY);

  return self->mode;
}

void
redial_calendar_grid_set_mode (RedialCalendarGrid *self,
                               RedialCalendarMode  mode)
{
  g_autoptr(GDateTime) first = NULL;

  g_return_if_fail (REDIAL_IS_CALENDAR_GRID (self));

  if (self->mode == mode)
    return;
  first = g_date_time_ref (self->days[0]);
  self->mode = mode;
  set_days (self, first);
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

GDateTime *
redial_calendar_grid_get_first_day (RedialCalendarGrid *self)
{
  g_return_val_if_fail (REDIAL_IS_CALENDAR_GRID (self), NULL);

  return self->days[0];
}

void
redial_calendar_grid_set_date (RedialCalendarGrid *self,
                               GDateTime          *date)
{
  g_return_if_fail (REDIAL_IS_CALENDAR_GRID (self));
  g_return_if_fail (date != NULL);

  set_days (self, date);
  rebuild (self);
}

void
redial_calendar_grid_get_range (RedialCalendarGrid *self,
                                gint64             *from,
                                gint64             *to)
{
  g_return_if_fail (REDIAL_IS_CALENDAR_GRID (self));

  *from = g_date_time_to_unix (self->days[0]) * G_USEC_PER_SEC;
  *to = g_date_time_to_unix (self->days[self->n_days]) * G_USEC_PER_SEC;
}

void
redial_calendar_grid_set_resources (RedialCalendarGrid *self,
                                    GPtrArray          *resources)
{
  g_return_if_fail (REDIAL_IS_CALENDAR_GRID (self));

  g_clear_pointer (&self->resources, g_ptr_array_unref);
  self->resources = resources;
  rebuild (self);
}

void
redial_calendar_grid_set_filter (RedialCalendarGrid *self,
                                 const char         *name)
{
  g_return_if_fail (REDIAL_IS_CALENDAR_GRID (self));

  if (g_strcmp0 (self->filter, name) == 0)
    return;
  g_free (self->filter);
  self->filter = g_strdup (name);
  rebuild (self);
}

/* Says to a screen reader how many appointments shown the office
 * calendar has in another version. */
static void
describe_conflicts (RedialCalendarGrid *self)
{
  g_autofree char *description = NULL;
  guint n = 0;

  for (guint i = 0; self->blocks != NULL && i < self->blocks->len; i++)
    if (((RedialCalendarBlock *) g_ptr_array_index (self->blocks, i))->conflict)
      n++;
  if (n > 0)
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%u appointment is in conflict with the office calendar",
                                                "%u appointments are in conflict with the office calendar", n), n);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description != NULL ? description : "", -1);
}

void
redial_calendar_grid_set_blocks (RedialCalendarGrid *self,
                                 GPtrArray          *blocks)
{
  g_return_if_fail (REDIAL_IS_CALENDAR_GRID (self));

  /* The placed blocks point into the old array: let them go first. */
  self->ghost.origin = NULL;
  g_array_set_size (self->placed, 0);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  self->blocks = blocks;
  place_blocks (self);
  describe_conflicts (self);
  calendar_grid_update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
redial_calendar_grid_set_check_func (RedialCalendarGrid      *self,
                                     RedialCalendarCheckFunc  func,
                                     gpointer                 user_data)
{
  g_return_if_fail (REDIAL_IS_CALENDAR_GRID (self));

  self->check = func;
  self->check_data = user_data;
}

void
redial_calendar_grid_set_duration_func (RedialCalendarGrid         *self,
                                        RedialCalendarDurationFunc  func,
                                        gpointer                    user_data)
{
  g_return_if_fail (REDIAL_IS_CALENDAR_GRID (self));

  self->duration = func;
  self->duration_data = user_data;
}

gboolean
redial_calendar_grid_slot_point (RedialCalendarGrid *self,
                                 const char         *resource,
                                 gint64              start,
                                 graphene_point_t   *point)
{
  int lane = calendar_grid_lane_of (self, resource);
  guint day;
  int minute;

  g_return_val_if_fail (REDIAL_IS_CALENDAR_GRID (self), FALSE);

  if (lane < 0 || !calendar_grid_time_to_day (self, start, &day, &minute) ||
      minute < self->first_hour * 60 || minute >= self->last_hour * 60)
    return FALSE;
  point->x = calendar_grid_column_x (self, day * calendar_grid_n_lanes (self) + lane) + calendar_grid_column_width (self) / 2;
  point->y = calendar_grid_minute_y (self, minute) + calendar_grid_slot_height (self) / 2;
  return TRUE;
}

gboolean
redial_calendar_grid_get_preview (RedialCalendarGrid  *self,
                                  const char         **resource,
                                  gint64              *start,
                                  gint64              *end)
{
  RedialCalendarResource *shown;

  g_return_val_if_fail (REDIAL_IS_CALENDAR_GRID (self), FALSE);

  if (self->ghost.kind == DRAG_NONE || self->ghost.end_min <= self->ghost.start_min)
    return FALSE;
  shown = calendar_grid_column_resource (self, self->ghost.column);
  if (resource != NULL)
    *resource = shown != NULL ? shown->name : NULL;
  if (start != NULL)
    *start = calendar_grid_column_time (self, self->ghost.column, self->ghost.start_min);
  if (end != NULL)
    *end = calendar_grid_column_time (self, self->ghost.column, self->ghost.end_min);
  return TRUE;
}

const char *
redial_calendar_grid_get_refusal (RedialCalendarGrid *self)
{
  g_return_val_if_fail (REDIAL_IS_CALENDAR_GRID (self), NULL);

  return self->ghost.kind != DRAG_NONE ? self->ghost.refusal : NULL;
}
