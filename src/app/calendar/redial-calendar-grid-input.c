/* redial-calendar-grid-input.c: what a person does to the calendar grid: drop a case, move or stretch a job, walk it by keys. */
#include "config.h"

#define G_LOG_DOMAIN "redial-calendar"

#include <glib/gi18n.h>

#include "redial-calendar-grid-private.h"
#include "redial-clock.h"

static Placed *
calendar_grid_placed_at (RedialCalendarGrid *self,
           guint               column,
           double              minute)
{
  for (guint i = 0; i < self->placed->len; i++)
    {
      Placed *placed = &g_array_index (self->placed, Placed, i);

      if (placed->column == column && minute >= placed->start_min && minute < placed->end_min)
        return placed;
    }
  return NULL;
}

static void
clear_ghost (RedialCalendarGrid *self)
{
  g_clear_pointer (&self->ghost.refusal, g_free);
  self->ghost.kind = DRAG_NONE;
  self->ghost.origin = NULL;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Asks whether the ghost's slot can be taken, keeping the reason if not. */
static void
check_ghost (RedialCalendarGrid *self)
{
  Ghost *ghost = &self->ghost;
  RedialCalendarResource *resource = calendar_grid_column_resource (self, ghost->column);

  g_clear_pointer (&ghost->refusal, g_free);
  if (resource == NULL)
    ghost->refusal = g_strdup (_("No resource to book"));
  else if (self->check != NULL)
    ghost->refusal = self->check (ghost->case_id, ghost->appointment_id, resource->name,
                                  calendar_grid_column_time (self, ghost->column, ghost->start_min),
                                  calendar_grid_column_time (self, ghost->column, ghost->end_min), self->check_data);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static int
case_duration_min (RedialCalendarGrid *self,
                   gint64              case_id)
{
  gint64 duration = self->duration != NULL ? self->duration (case_id, self->duration_data) : 0;

  if (duration <= 0)
    duration = 60 * MINUTE_US;
  return MAX (REDIAL_CALENDAR_SNAP_MINUTES,
              (int) ((duration / MINUTE_US + REDIAL_CALENDAR_SNAP_MINUTES - 1) / REDIAL_CALENDAR_SNAP_MINUTES) *
              REDIAL_CALENDAR_SNAP_MINUTES);
}

static gboolean
update_case_ghost (RedialCalendarGrid *self,
                   double              x,
                   double              y)
{
  const GValue *value = gtk_drop_target_get_value (self->drop_target);
  guint column;
  double minute;
  int duration;

  self->ghost.x = x;
  self->ghost.y = y;
  if (value == NULL || !G_VALUE_HOLDS_INT64 (value) || !calendar_grid_point_to_slot (self, x, y, &column, &minute))
    {
      clear_ghost (self);
      return FALSE;
    }

  duration = case_duration_min (self, g_value_get_int64 (value));
  self->ghost.kind = DRAG_CASE;
  self->ghost.case_id = g_value_get_int64 (value);
  self->ghost.appointment_id = 0;
  self->ghost.column = column;
  /* The job starts at the 15 minutes the pointer is in. */
  self->ghost.start_min = (int) minute / REDIAL_CALENDAR_SNAP_MINUTES * REDIAL_CALENDAR_SNAP_MINUTES;
  self->ghost.end_min = MIN (self->ghost.start_min + duration, 24 * 60);
  check_ghost (self);
  return self->ghost.refusal == NULL;
}

static GdkDragAction
on_drop_motion (GtkDropTarget      *target,
                double              x,
                double              y,
                RedialCalendarGrid *self)
{
  return update_case_ghost (self, x, y) ? GDK_ACTION_COPY : 0;
}

static void
on_drop_value (GtkDropTarget      *target,
               GParamSpec         *pspec,
               RedialCalendarGrid *self)
{
  if (gtk_drop_target_get_current_drop (target) != NULL)
    update_case_ghost (self, self->ghost.x, self->ghost.y);
}

static void
on_drop_leave (GtkDropTarget      *target,
               RedialCalendarGrid *self)
{
  clear_ghost (self);
}

static char *
format_iso (RedialCalendarGrid *self,
            gint64              when)
{
  g_autoptr(GDateTime) local = redial_clock_date_time (when, self->tz);

  return g_date_time_format_iso8601 (local);
}

static gboolean
on_drop (GtkDropTarget      *target,
         const GValue       *value,
         double              x,
         double              y,
         RedialCalendarGrid *self)
{
  g_autofree char *start = NULL;
  RedialCalendarResource *resource;
  gint64 case_id;
  gint64 start_us;

  if (!update_case_ghost (self, x, y))
    {
      clear_ghost (self);
      return FALSE;
    }
  case_id = self->ghost.case_id;
  resource = calendar_grid_column_resource (self, self->ghost.column);
  start_us = calendar_grid_column_time (self, self->ghost.column, self->ghost.start_min);
  start = format_iso (self, start_us);
  clear_ghost (self);
  g_debug ("Booking case %" G_GINT64_FORMAT " with %s at %s", case_id, resource->name, start);
  gtk_widget_activate_action (GTK_WIDGET (self), "app.book-case", "(xss)", case_id, resource->name, start);
  calendar_grid_booked (self, case_id, resource->name, start_us);
  return TRUE;
}

/* Moving and resizing */

static void
on_drag_begin (GtkGestureDrag     *gesture,
               double              x,
               double              y,
               RedialCalendarGrid *self)
{
  Placed *placed;
  guint column;
  double minute;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (!calendar_grid_point_to_slot (self, x, y, &column, &minute) || (placed = calendar_grid_placed_at (self, column, minute)) == NULL)
    {
      if (calendar_grid_point_to_slot (self, x, y, &column, &minute))
        {
          self->focus_column = column;
          self->focus_slot = (int) minute / REDIAL_CALENDAR_SNAP_MINUTES - self->first_hour * SLOTS_PER_HOUR;
          calendar_grid_update_accessible (self);
        }
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  self->focus_column = column;
  self->focus_slot = placed->start_min / REDIAL_CALENDAR_SNAP_MINUTES - self->first_hour * SLOTS_PER_HOUR;
  self->ghost.kind = calendar_grid_minute_y (self, placed->end_min) - y <= EDGE ? DRAG_RESIZE : DRAG_MOVE;
  self->ghost.origin = placed;
  self->ghost.case_id = placed->block->case_id;
  self->ghost.appointment_id = placed->block->id;
  self->ghost.column = placed->column;
  self->ghost.start_min = placed->start_min;
  self->ghost.end_min = placed->end_min;
  self->ghost.grab_min = (int) minute - placed->start_min;
  /* Nothing is previewed until the pointer moves. */
  self->ghost.end_min = self->ghost.start_min;
  calendar_grid_update_accessible (self);
}

static void
on_drag_update (GtkGestureDrag     *gesture,
                double              dx,
                double              dy,
                RedialCalendarGrid *self)
{
  Ghost *ghost = &self->ghost;
  Placed *origin = ghost->origin;
  double x, y, minute;
  guint column;

  if (origin == NULL || ghost->kind == DRAG_NONE)
    return;
  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  if (ABS (dx) < 3 && ABS (dy) < 3 && ghost->end_min == ghost->start_min)
    return;
  if (!calendar_grid_point_to_slot (self, x + dx, CLAMP (y + dy, HEADER_HEIGHT, calendar_grid_minute_y (self, self->last_hour * 60) - 1),
                      &column, &minute))
    return;

  if (ghost->kind == DRAG_RESIZE)
    {
      ghost->column = origin->column;
      ghost->start_min = origin->start_min;
      ghost->end_min = MAX (origin->start_min + REDIAL_CALENDAR_SNAP_MINUTES, calendar_grid_snap (minute));
    }
  else
    {
      int length = origin->end_min - origin->start_min;

      ghost->column = column;
      ghost->start_min = CLAMP (calendar_grid_snap (minute - ghost->grab_min), 0, 24 * 60 - length);
      ghost->end_min = ghost->start_min + length;
    }
  check_ghost (self);
}

static void
on_drag_end (GtkGestureDrag     *gesture,
             double              dx,
             double              dy,
             RedialCalendarGrid *self)
{
  Ghost *ghost = &self->ghost;
  Placed *origin = ghost->origin;
  RedialCalendarResource *resource;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;

  if (origin == NULL || ghost->kind == DRAG_NONE)
    return;
  if (ghost->end_min == ghost->start_min || ghost->refusal != NULL ||
      (ghost->column == origin->column && ghost->start_min == origin->start_min && ghost->end_min == origin->end_min))
    {
      clear_ghost (self);
      return;
    }

  resource = calendar_grid_column_resource (self, ghost->column);
  start = format_iso (self, calendar_grid_column_time (self, ghost->column, ghost->start_min));
  end = format_iso (self, calendar_grid_column_time (self, ghost->column, ghost->end_min));
  g_debug ("Moving appointment %" G_GINT64_FORMAT " to %s, %s–%s", ghost->appointment_id, resource->name, start, end);
  gtk_widget_activate_action (GTK_WIDGET (self), "app.move-appointment", "(xsss)",
                              ghost->appointment_id, resource->name, start, end);
  clear_ghost (self);
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           RedialCalendarGrid       *self)
{
  Placed *placed = NULL;
  const char *cursor = NULL;
  guint column;
  double minute;

  if (calendar_grid_point_to_slot (self, x, y, &column, &minute))
    placed = calendar_grid_placed_at (self, column, minute);
  if (placed != NULL)
    cursor = calendar_grid_minute_y (self, placed->end_min) - y <= EDGE ? "ns-resize" : "grab";
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), cursor);
}

/* The keyboard */

static Placed *
focused_block (RedialCalendarGrid *self)
{
  return calendar_grid_placed_at (self, self->focus_column,
                    self->first_hour * 60 + self->focus_slot * REDIAL_CALENDAR_SNAP_MINUTES);
}

void
calendar_grid_update_accessible (RedialCalendarGrid *self)
{
  RedialCalendarResource *resource;
  g_autofree char *day = NULL;
  g_autofree char *time = NULL;
  g_autofree char *label = NULL;
  Placed *placed;

  if (self->days[0] == NULL)
    return;
  resource = calendar_grid_column_resource (self, self->focus_column);
  /* Translators: the day of a slot, read out to a screen reader, see g_date_time_format() */
  day = g_date_time_format (self->days[calendar_grid_column_day (self, self->focus_column)], _("%A %-d %B"));
  time = calendar_grid_format_minute (self->first_hour * 60 + self->focus_slot * REDIAL_CALENDAR_SNAP_MINUTES);
  placed = focused_block (self);
  if (placed != NULL)
    label = g_strdup_printf (placed->block->conflict
                             /* Translators: an appointment under the keyboard that the office calendar changed too: resource, day, time, caller, job type, address */
                             ? _("%s, %s %s: %s, %s, %s. In conflict with the office calendar. Enter opens the case.")
                             /* Translators: an appointment under the keyboard: resource, day, time, caller, job type, address */
                             : _("%s, %s %s: %s, %s, %s. Enter opens the case."),
                             resource != NULL ? resource->name : "", day, time,
                             placed->block->caller != NULL ? placed->block->caller : "",
                             placed->block->job_type != NULL ? placed->block->job_type : "",
                             placed->block->address != NULL ? placed->block->address : "");
  else
    /* Translators: a free slot under the keyboard: resource, day, time */
    label = g_strdup_printf (_("%s, %s %s: free"), resource != NULL ? resource->name : "", day, time);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                RedialCalendarGrid    *self)
{
  int n_slots = (self->last_hour - self->first_hour) * SLOTS_PER_HOUR;
  Placed *placed;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      if (self->focus_column > 0)
        self->focus_column--;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      if (self->focus_column + 1 < calendar_grid_n_columns (self))
        self->focus_column++;
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      self->focus_slot = MAX (0, self->focus_slot - 1);
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      self->focus_slot = MIN (n_slots - 1, self->focus_slot + 1);
      break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_space:
      placed = focused_block (self);
      if (placed == NULL)
        return FALSE;
      gtk_widget_activate_action (GTK_WIDGET (self), "app.open-case", "x", placed->block->case_id);
      return TRUE;
    default:
      return FALSE;
    }
  calendar_grid_update_accessible (self);
  return TRUE;
}


void
calendar_grid_init_input (RedialCalendarGrid *self)
{
  GtkEventController *controller;
  GtkGesture *drag;

  self->drop_target = gtk_drop_target_new (G_TYPE_INT64, GDK_ACTION_COPY | GDK_ACTION_MOVE);
  gtk_drop_target_set_preload (self->drop_target, TRUE);
  g_signal_connect (self->drop_target, "motion", G_CALLBACK (on_drop_motion), self);
  g_signal_connect (self->drop_target, "enter", G_CALLBACK (on_drop_motion), self);
  g_signal_connect (self->drop_target, "leave", G_CALLBACK (on_drop_leave), self);
  g_signal_connect (self->drop_target, "drop", G_CALLBACK (on_drop), self);
  g_signal_connect (self->drop_target, "notify::value", G_CALLBACK (on_drop_value), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drop_target));

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}
