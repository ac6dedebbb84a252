/* redial-calendar-grid-private.h: what the calendar grid's files share: its state, geometry and parts. */
#pragma once

#include "redial-calendar-grid.h"

G_BEGIN_DECLS

#define GUTTER_WIDTH 56
#define HEADER_HEIGHT 36
#define SLOTS_PER_HOUR (60 / REDIAL_CALENDAR_SNAP_MINUTES)
#define SLOTS_PER_DAY (24 * SLOTS_PER_HOUR)
#define MIN_SLOT_HEIGHT 10
#define EDGE 6
#define MINUTE_US ((gint64) 60 * G_USEC_PER_SEC)

/* An appointment placed on the grid. */
typedef struct
{
  RedialCalendarBlock *block;      /* owned by blocks */
  guint                column;
  int                  start_min;  /* minute of its day */
  int                  end_min;
  PangoLayout         *layout;     /* its texts, laid out for layout_width */
  int                  layout_width;
  gboolean             layout_compact;  /* on one line */
} Placed;

typedef enum
{
  DRAG_NONE,
  DRAG_CASE,
  DRAG_MOVE,
  DRAG_RESIZE,
} DragKind;

/* The preview of a drop, a move or a resize. */
typedef struct
{
  DragKind  kind;
  gint64    case_id;
  gint64    appointment_id;
  guint     column;
  int       start_min;
  int       end_min;
  char     *refusal;
  /* Where the drag started: the block dragged, the minute grabbed in it. */
  Placed   *origin;
  int       grab_min;
  double    x, y;
} Ghost;

struct _RedialCalendarGrid
{
  GtkWidget           parent_instance;

  GTimeZone          *tz;
  RedialHours        *hours;
  RedialCalendarMode  mode;
  GDateTime          *days[8];   /* midnight of each day shown, and of the day after */
  guint               n_days;
  gint64              now;

  GPtrArray          *resources;
  char               *filter;
  GPtrArray          *shown;     /* RedialCalendarResource, borrowed from resources */
  GPtrArray          *blocks;
  GArray             *placed;    /* Placed, by column */
  guint8             *open;      /* SLOTS_PER_DAY per column: open for work */
  int                 first_hour;
  int                 last_hour;

  RedialCalendarCheckFunc    check;
  gpointer                   check_data;
  RedialCalendarDurationFunc duration;
  gpointer                   duration_data;

  GtkDropTarget      *drop_target;
  Ghost               ghost;

  guint               focus_column;
  int                 focus_slot;  /* from the first hour shown */

  PangoLayout        *hour_layouts[25];
  GPtrArray          *header_layouts;
};


/* Geometry (redial-calendar-grid.c) */
guint                   calendar_grid_n_lanes         (RedialCalendarGrid *self);
guint                   calendar_grid_n_columns       (RedialCalendarGrid *self);
double                  calendar_grid_column_width    (RedialCalendarGrid *self);
double                  calendar_grid_slot_height     (RedialCalendarGrid *self);
double                  calendar_grid_column_x        (RedialCalendarGrid *self,
                                                       guint               column);
double                  calendar_grid_minute_y        (RedialCalendarGrid *self,
                                                       int                 minute);
gboolean                calendar_grid_point_to_slot   (RedialCalendarGrid *self,
                                                       double              x,
                                                       double              y,
                                                       guint              *column,
                                                       double             *minute);
int                     calendar_grid_snap            (double              minute);
guint                   calendar_grid_column_day      (RedialCalendarGrid *self,
                                                       guint               column);
RedialCalendarResource *calendar_grid_column_resource (RedialCalendarGrid *self,
                                                       guint               column);
gint64                  calendar_grid_column_time     (RedialCalendarGrid *self,
                                                       guint               column,
                                                       int                 minute);
gboolean                calendar_grid_time_to_day     (RedialCalendarGrid *self,
                                                       gint64              when,
                                                       guint              *day,
                                                       int                *minute);
int                     calendar_grid_lane_of         (RedialCalendarGrid *self,
                                                       const char         *resource);
/* Emits ::booked. */
void                    calendar_grid_booked          (RedialCalendarGrid *self,
                                                       gint64              case_id,
                                                       const char         *resource,
                                                       gint64              start);

/* Text and drawing (redial-calendar-grid-draw.c) */
char                   *calendar_grid_format_minute   (int                 minute);
void                    calendar_grid_snapshot        (GtkWidget          *widget,
                                                       GtkSnapshot        *snapshot);
void                    calendar_grid_clear_header_layouts (RedialCalendarGrid *self);

/* Drops, drags and keys (redial-calendar-grid-input.c) */
void                    calendar_grid_init_input      (RedialCalendarGrid *self);
void                    calendar_grid_update_accessible (RedialCalendarGrid *self);

G_END_DECLS
