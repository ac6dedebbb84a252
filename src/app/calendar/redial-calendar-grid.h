/* redial-calendar-grid.h: the calendar's time grid, drawn in one widget: resources, hours, appointments, drops. */
#pragma once

#include <gtk/gtk.h>

#include "redial-hours.h"

G_BEGIN_DECLS

/* One resource as the grid shows it: a column of the day view, a lane of
 * each day in the week view. */
typedef struct
{
  char        *name;
  RedialHours *hours;   /* when it works; NULL: the business's hours */
} RedialCalendarResource;

/* One appointment as the grid shows it. The texts are plain text, never
 * markup: a caller's name is whatever the phone system sent. */
typedef struct
{
  gint64  id;
  gint64  case_id;
  char   *resource;
  gint64  start;        /* Unix µs */
  gint64  end;
  char   *caller;
  char   *job_type;
  char   *address;
  gboolean conflict;    /* the office calendar has another version: marked with a sign, not colour alone */
} RedialCalendarBlock;

RedialCalendarResource *redial_calendar_resource_new  (const char  *name,
                                                       RedialHours *hours);
void                    redial_calendar_resource_free (RedialCalendarResource *resource);
RedialCalendarBlock    *redial_calendar_block_new     (void);
void                    redial_calendar_block_free    (RedialCalendarBlock *block);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RedialCalendarResource, redial_calendar_resource_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RedialCalendarBlock, redial_calendar_block_free)

/* Whether a slot can be taken, asked while a case or an appointment is
 * dragged over it: NULL when it can, else the reason, a sentence for the
 * desk ("Overlaps Joe 9:00–11:00"), owned by the caller. @appointment_id
 * is the appointment moved, or 0 for a case being booked. */
typedef char *(*RedialCalendarCheckFunc) (gint64      case_id,
                                          gint64      appointment_id,
                                          const char *resource,
                                          gint64      start,
                                          gint64      end,
                                          gpointer    user_data);
/* How long a case's job takes (µs), for the preview of its drop. */
typedef gint64 (*RedialCalendarDurationFunc) (gint64   case_id,
                                              gpointer user_data);

typedef enum
{
  REDIAL_CALENDAR_DAY,
  REDIAL_CALENDAR_WEEK,
} RedialCalendarMode;

#define REDIAL_CALENDAR_SNAP_MINUTES 15

#define REDIAL_TYPE_CALENDAR_GRID (redial_calendar_grid_get_type ())
G_DECLARE_FINAL_TYPE (RedialCalendarGrid, redial_calendar_grid, REDIAL, CALENDAR_GRID, GtkWidget)

/* An empty grid showing today in the local time zone.
 *
 * The grid takes a case id (a G_TYPE_INT64 drag) dropped on a slot and
 * activates app.book-case ("(xss)": case id, resource, ISO 8601 start);
 * an appointment dragged by its body or its bottom edge activates
 * app.move-appointment ("(xsss)": id, resource, start, end). While a drag
 * hovers, a preview snapped to 15 minutes shows where the job would go,
 * in the refusal colour with the reason when the check function refuses
 * it; a refused slot takes no drop. Arrow keys move a focus cell, Enter
 * on an appointment activates app.open-case ("x"). Emits ::booked with
 * the case id after a drop books it. */
GtkWidget          *redial_calendar_grid_new             (void);

/* The time zone the grid's days and hours are in (a reference is taken). */
void                redial_calendar_grid_set_time_zone   (RedialCalendarGrid *self,
                                                          GTimeZone          *tz);
/* The business's hours, shown for resources without their own. */
void                redial_calendar_grid_set_hours       (RedialCalendarGrid *self,
                                                          RedialHours        *hours);
/* Where the current-time line is: Unix µs, or 0 for none. */
void                redial_calendar_grid_set_now         (RedialCalendarGrid *self,
                                                          gint64              now);

RedialCalendarMode  redial_calendar_grid_get_mode        (RedialCalendarGrid *self);
void                redial_calendar_grid_set_mode        (RedialCalendarGrid *self,
                                                          RedialCalendarMode  mode);
/* The first day shown (the day itself, or the Monday of its week in the
 * week view), as a date in the grid's time zone. */
GDateTime          *redial_calendar_grid_get_first_day   (RedialCalendarGrid *self);
/* Shows the day or the week of @date (any time of it). */
void                redial_calendar_grid_set_date        (RedialCalendarGrid *self,
                                                          GDateTime          *date);
/* The range shown: [*from, *to) in Unix µs. */
void                redial_calendar_grid_get_range       (RedialCalendarGrid *self,
                                                          gint64             *from,
                                                          gint64             *to);

/* The resources, in order (RedialCalendarResource; the grid takes the array). */
void                redial_calendar_grid_set_resources   (RedialCalendarGrid *self,
                                                          GPtrArray          *resources);
/* Shows only the resource named @name, or all of them when NULL. */
void                redial_calendar_grid_set_filter      (RedialCalendarGrid *self,
                                                          const char         *name);
/* The appointments of the range (RedialCalendarBlock; the grid takes the array). */
void                redial_calendar_grid_set_blocks      (RedialCalendarGrid *self,
                                                          GPtrArray          *blocks);

void                redial_calendar_grid_set_check_func  (RedialCalendarGrid        *self,
                                                          RedialCalendarCheckFunc    func,
                                                          gpointer                   user_data);
void                redial_calendar_grid_set_duration_func (RedialCalendarGrid        *self,
                                                            RedialCalendarDurationFunc func,
                                                            gpointer                   user_data);

/* The middle of the slot of @resource at @start, in the grid's
 * coordinates: where a person drops a job meant for it. FALSE when that
 * slot is not shown. */
gboolean            redial_calendar_grid_slot_point      (RedialCalendarGrid *self,
                                                          const char         *resource,
                                                          gint64              start,
                                                          graphene_point_t   *point);
/* Whether a drop, a move or a resize is previewed now, and where: the
 * resource's name (owned by the grid) and [*start, *end) in Unix µs.
 * Any out-argument may be NULL. */
gboolean            redial_calendar_grid_get_preview     (RedialCalendarGrid *self,
                                                          const char        **resource,
                                                          gint64             *start,
                                                          gint64             *end);
/* The reason the drag now hovering is refused, or NULL when it is not
 * refused or nothing hovers. */
const char         *redial_calendar_grid_get_refusal     (RedialCalendarGrid *self);

G_END_DECLS
