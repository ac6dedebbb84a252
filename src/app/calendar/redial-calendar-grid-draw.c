/* redial-calendar-grid-draw.c: how the calendar grid draws: hours shaded, closed time hatched, jobs, the preview of a drop. */
#include "config.h"

#define G_LOG_DOMAIN "redial-calendar"

#include <glib/gi18n.h>

#include "redial-calendar-grid-private.h"

void
calendar_grid_clear_header_layouts (RedialCalendarGrid *self)
{
  g_ptr_array_set_size (self->header_layouts, 0);
}

static PangoLayout *
header_layout (RedialCalendarGrid *self,
               guint               index)
{
  while (self->header_layouts->len <= index)
    {
      guint i = self->header_layouts->len;
      g_autofree char *text = NULL;
      PangoLayout *layout;

      if (self->mode == REDIAL_CALENDAR_WEEK)
        /* Translators: a day heading of the week view, see g_date_time_format() */
        text = g_date_time_format (self->days[i], _("%a %-d"));
      else
        text = g_strdup (calendar_grid_column_resource (self, i) != NULL ? calendar_grid_column_resource (self, i)->name : "");
      layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      g_ptr_array_add (self->header_layouts, layout);
    }
  return g_ptr_array_index (self->header_layouts, index);
}

static PangoLayout *
hour_layout (RedialCalendarGrid *self,
             int                 hour)
{
  if (self->hour_layouts[hour] == NULL)
    {
      g_autofree char *text = g_strdup_printf ("%d:00", hour);

      self->hour_layouts[hour] = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
    }
  return self->hour_layouts[hour];
}

char *
calendar_grid_format_minute (int minute)
{
  return g_strdup_printf ("%d:%02d", minute / 60 % 24, minute % 60);
}

static PangoLayout *
placed_layout (RedialCalendarGrid *self,
               Placed             *placed,
               int                 width,
               gboolean            compact)
{
  if (placed->layout == NULL || placed->layout_compact != compact)
    {
      RedialCalendarBlock *block = placed->block;
      const char *separator = compact ? " · " : "\n";
      g_autoptr(GString) text = g_string_new (NULL);

      /* The sign reads without colour, and a screen reader says it too. */
      if (block->conflict)
        /* Translators: before an appointment's caller on the calendar, when the office calendar has another version */
        g_string_append_printf (text, "%s%s", _("⚠ Calendar conflict"), separator);
      g_string_append (text, block->caller != NULL && *block->caller ? block->caller : _("Unknown caller"));

      if (block->job_type != NULL && *block->job_type)
        g_string_append_printf (text, "%s%s", separator, block->job_type);
      if (block->address != NULL && *block->address)
        g_string_append_printf (text, "%s%s", separator, block->address);
      /* Set as text, never as markup: the name is the caller's to choose. */
      g_clear_object (&placed->layout);
      placed->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text->str);
      pango_layout_set_ellipsize (placed->layout, PANGO_ELLIPSIZE_END);
      placed->layout_width = -1;
      placed->layout_compact = compact;
    }
  if (placed->layout_width != width)
    {
      pango_layout_set_width (placed->layout, width * PANGO_SCALE);
      placed->layout_width = width;
    }
  return placed->layout;
}

typedef struct
{
  GdkRGBA fg;
  GdkRGBA accent;
  GdkRGBA error;
  GdkRGBA warning;
  GdkRGBA open;
  GdkRGBA hatch;
  GdkRGBA line;
  GdkRGBA now;
} Colors;

static void
lookup (GtkStyleContext *style,
        const char      *name,
        const char      *fallback,
        GdkRGBA         *color)
{
  if (!gtk_style_context_lookup_color (style, name, color))
    gdk_rgba_parse (color, fallback);
}

static void
get_colors (RedialCalendarGrid *self,
            Colors             *colors)
{
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (style, &colors->fg);
  lookup (style, "accent_bg_color", "#3584e4", &colors->accent);
  lookup (style, "error_bg_color", "#c01c28", &colors->error);
  lookup (style, "warning_color", "#c64600", &colors->warning);
  lookup (style, "view_bg_color", "#ffffff", &colors->open);
  lookup (style, "destructive_color", "#e01b24", &colors->now);
  colors->hatch = colors->fg;
  colors->hatch.alpha = 0.07f;
  colors->line = colors->fg;
  colors->line.alpha = 0.12f;
}

static void
append_text (GtkSnapshot   *snapshot,
             PangoLayout   *layout,
             double         x,
             double         y,
             const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
snapshot_hours (RedialCalendarGrid *self,
                GtkSnapshot        *snapshot,
                const Colors       *colors,
                double              width,
                double              height)
{
  GdkRGBA transparent = { 0, 0, 0, 0 };
  GskColorStop stops[] = {
    { 0.0f, colors->hatch }, { 0.35f, colors->hatch }, { 0.35f, transparent }, { 1.0f, transparent },
  };
  double col_w = calendar_grid_column_width (self);
  int first_slot = self->first_hour * SLOTS_PER_HOUR;
  int last_slot = self->last_hour * SLOTS_PER_HOUR;
  graphene_rect_t grid = GRAPHENE_RECT_INIT (GUTTER_WIDTH, HEADER_HEIGHT, width - GUTTER_WIDTH, height - HEADER_HEIGHT);

  /* Closed time is hatched; the hours a resource works are laid over it. */
  gtk_snapshot_append_repeating_linear_gradient (snapshot, &grid, &GRAPHENE_POINT_INIT (0, 0),
                                                 &GRAPHENE_POINT_INIT (8, 8), stops, G_N_ELEMENTS (stops));
  for (guint c = 0; c < calendar_grid_n_columns (self); c++)
    {
      const guint8 *open = self->open + c * SLOTS_PER_DAY;

      for (int s = first_slot; s < last_slot; )
        {
          int run = s;

          if (!open[s])
            {
              s++;
              continue;
            }
          while (run < last_slot && open[run])
            run++;
          gtk_snapshot_append_color (snapshot, &colors->open,
                                     &GRAPHENE_RECT_INIT (calendar_grid_column_x (self, c), calendar_grid_minute_y (self, s * REDIAL_CALENDAR_SNAP_MINUTES),
                                                          col_w, (run - s) * calendar_grid_slot_height (self)));
          s = run;
        }
    }

  for (int hour = self->first_hour; hour <= self->last_hour; hour++)
    {
      double y = calendar_grid_minute_y (self, hour * 60);

      gtk_snapshot_append_color (snapshot, &colors->line, &GRAPHENE_RECT_INIT (GUTTER_WIDTH - 6, floor (y), width, 1));
      if (hour < self->last_hour)
        append_text (snapshot, hour_layout (self, hour), 6, y + 2, &colors->fg);
    }
  for (guint c = 0; c <= calendar_grid_n_columns (self); c++)
    {
      gboolean day_edge = c % calendar_grid_n_lanes (self) == 0;

      if (!day_edge && col_w < 4)
        continue;
      gtk_snapshot_append_color (snapshot, &colors->line,
                                 &GRAPHENE_RECT_INIT (floor (calendar_grid_column_x (self, c)), day_edge ? 0 : HEADER_HEIGHT,
                                                      day_edge && self->n_days > 1 ? 2 : 1, height));
    }

  /* Headings: the resources of the day, or the days of the week. */
  for (guint i = 0; i < (self->mode == REDIAL_CALENDAR_WEEK ? self->n_days : calendar_grid_n_lanes (self)); i++)
    {
      double span = self->mode == REDIAL_CALENDAR_WEEK ? col_w * calendar_grid_n_lanes (self) : col_w;
      PangoLayout *layout = header_layout (self, i);
      int text_height;

      pango_layout_set_width (layout, MAX (0, (int) span - 12) * PANGO_SCALE);
      pango_layout_get_pixel_size (layout, NULL, &text_height);
      append_text (snapshot, layout, GUTTER_WIDTH + i * span + 6, (HEADER_HEIGHT - text_height) / 2.0, &colors->fg);
    }
}

static void
snapshot_block (RedialCalendarGrid *self,
                GtkSnapshot        *snapshot,
                Placed             *placed,
                const Colors       *colors)
{
  double col_w = calendar_grid_column_width (self);
  double x = calendar_grid_column_x (self, placed->column) + 1;
  double y = calendar_grid_minute_y (self, MAX (placed->start_min, self->first_hour * 60));
  double bottom = calendar_grid_minute_y (self, MIN (placed->end_min, self->last_hour * 60));
  double w = MAX (1, col_w - 2);
  double h = bottom - y - 1;
  GdkRGBA fill = colors->accent;

  if (h <= 0)
    return;
  fill.alpha = placed == self->ghost.origin ? 0.15f : 0.3f;
  gtk_snapshot_append_color (snapshot, &fill, &GRAPHENE_RECT_INIT (x, y, w, h));
  gtk_snapshot_append_color (snapshot, &colors->accent, &GRAPHENE_RECT_INIT (x, y, MIN (3, w), h));
  if (placed->block->conflict)
    {
      /* Stripes and a dashed-looking edge: a conflict shows in shape, not only in hue. */
      GdkRGBA stripe = colors->warning;
      GdkRGBA clear = { 0, 0, 0, 0 };
      GskColorStop stops[] = {
        { 0.0f, stripe }, { 0.3f, stripe }, { 0.3f, clear }, { 1.0f, clear },
      };
      GskRoundedRect outline;
      float widths[4] = { 2, 2, 2, 2 };
      GdkRGBA edges[4];

      stripe.alpha = 0.25f;
      stops[0].color = stops[1].color = stripe;
      gtk_snapshot_append_repeating_linear_gradient (snapshot, &GRAPHENE_RECT_INIT (x, y, w, h),
                                                     &GRAPHENE_POINT_INIT (x, y), &GRAPHENE_POINT_INIT (x + 6, y + 6),
                                                     stops, G_N_ELEMENTS (stops));
      for (guint i = 0; i < G_N_ELEMENTS (edges); i++)
        edges[i] = colors->warning;
      gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (x, y, w, h), 0);
      gtk_snapshot_append_border (snapshot, &outline, widths, edges);
    }

  /* Words only where they can be read. */
  if (w >= 40 && h >= 16)
    {
      /* A short job reads on one line; a longer one a line per text. */
      PangoLayout *layout = placed_layout (self, placed, (int) w - 8, h < 3 * 16);

      gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (x, y, w, h));
      append_text (snapshot, layout, x + 6, y + 2, &colors->fg);
      gtk_snapshot_pop (snapshot);
    }
}

static void
snapshot_ghost (RedialCalendarGrid *self,
                GtkSnapshot        *snapshot,
                const Colors       *colors)
{
  Ghost *ghost = &self->ghost;
  double x = calendar_grid_column_x (self, ghost->column) + 1;
  double y = calendar_grid_minute_y (self, ghost->start_min);
  double w = MAX (1, calendar_grid_column_width (self) - 2);
  double h = calendar_grid_minute_y (self, ghost->end_min) - y - 1;
  GdkRGBA edge = ghost->refusal != NULL ? colors->error : colors->accent;
  GdkRGBA fill = edge;
  g_autofree char *from = calendar_grid_format_minute (ghost->start_min);
  g_autofree char *to = calendar_grid_format_minute (ghost->end_min);
  g_autofree char *text = NULL;
  g_autoptr(PangoLayout) layout = NULL;

  fill.alpha = 0.35f;
  gtk_snapshot_append_color (snapshot, &fill, &GRAPHENE_RECT_INIT (x, y, w, h));
  gtk_snapshot_append_border (snapshot, &GSK_ROUNDED_RECT_INIT (x, y, w, h),
                              (float[4]) { 2, 2, 2, 2 }, (GdkRGBA[4]) { edge, edge, edge, edge });

  /* The reason goes where the eye is, beside the pointer, wide enough to read. */
  text = ghost->refusal != NULL ? g_strdup_printf ("%s–%s\n%s", from, to, ghost->refusal)
                                : g_strdup_printf ("%s–%s", from, to);
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  pango_layout_set_width (layout, MAX ((int) w - 8, 160) * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (ghost->refusal != NULL)
    {
      int tw, th;
      double tx = MIN (x, gtk_widget_get_width (GTK_WIDGET (self)) - 172);

      pango_layout_get_pixel_size (layout, &tw, &th);
      gtk_snapshot_append_color (snapshot, &colors->error, &GRAPHENE_RECT_INIT (tx, y, tw + 12, th + 6));
      append_text (snapshot, layout, tx + 6, y + 3, &(GdkRGBA) { 1, 1, 1, 1 });
    }
  else
    append_text (snapshot, layout, x + 6, y + 2, &colors->fg);
}

static void
snapshot_now (RedialCalendarGrid *self,
              GtkSnapshot        *snapshot,
              const Colors       *colors)
{
  guint day;
  int minute;
  double y, x0, x1;

  if (self->now == 0 || !calendar_grid_time_to_day (self, self->now, &day, &minute) ||
      minute < self->first_hour * 60 || minute >= self->last_hour * 60)
    return;
  y = calendar_grid_minute_y (self, minute) + (self->now / G_USEC_PER_SEC % 60) / 60.0 * calendar_grid_slot_height (self) / REDIAL_CALENDAR_SNAP_MINUTES;
  x0 = calendar_grid_column_x (self, day * calendar_grid_n_lanes (self));
  x1 = calendar_grid_column_x (self, (day + 1) * calendar_grid_n_lanes (self));
  gtk_snapshot_append_color (snapshot, &colors->now, &GRAPHENE_RECT_INIT (x0, y - 1, x1 - x0, 2));
  gtk_snapshot_append_color (snapshot, &colors->now, &GRAPHENE_RECT_INIT (x0 - 3, y - 4, 8, 8));
}

void
calendar_grid_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  RedialCalendarGrid *self = REDIAL_CALENDAR_GRID (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  Colors colors;

  get_colors (self, &colors);
  snapshot_hours (self, snapshot, &colors, width, height);

  for (guint i = 0; i < self->placed->len; i++)
    snapshot_block (self, snapshot, &g_array_index (self->placed, Placed, i), &colors);

  if (gtk_widget_has_focus (widget))
    {
      double y = calendar_grid_minute_y (self, self->first_hour * 60 + self->focus_slot * REDIAL_CALENDAR_SNAP_MINUTES);
      GdkRGBA focus = colors.accent;

      gtk_snapshot_append_border (snapshot,
                                  &GSK_ROUNDED_RECT_INIT (calendar_grid_column_x (self, self->focus_column), y,
                                                          calendar_grid_column_width (self), calendar_grid_slot_height (self)),
                                  (float[4]) { 2, 2, 2, 2 }, (GdkRGBA[4]) { focus, focus, focus, focus });
    }

  snapshot_now (self, snapshot, &colors);
  if (self->ghost.kind != DRAG_NONE && self->ghost.end_min > self->ghost.start_min)
    snapshot_ghost (self, snapshot, &colors);
}
