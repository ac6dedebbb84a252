/* redial-report-heat-map.c: when calls are missed: a week of hours, shaded by how many, open hours set apart from closed ones. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include <glib/gi18n.h>
#include <string.h>

#include "redial-report-colors.h"
#include "redial-report-heat-map.h"

#define CELL_HEIGHT    22
#define MIN_CELL_WIDTH 9
#define GAP            2

struct _RedialReportHeatMap
{
  GtkWidget parent_instance;

  guint     counts[7][24];
  gboolean  open[7][24];
  guint     max;
  char     *description;
};

G_DEFINE_FINAL_TYPE (RedialReportHeatMap, redial_report_heat_map, GTK_TYPE_WIDGET)

/* The short name of @weekday (0 Monday) in the desk's language. */
static char *
weekday_name (int weekday)
{
  /* 2024-01-01 was a Monday. */
  g_autoptr(GDateTime) day = g_date_time_new_utc (2024, 1, 1 + weekday, 12, 0, 0);

  return g_date_time_format (day, "%a");
}

static int
label_width (GtkWidget *widget)
{
  int widest = 0;

  for (int day = 0; day < 7; day++)
    {
      g_autofree char *name = weekday_name (day);
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, name);
      int width;

      pango_layout_get_pixel_size (layout, &width, NULL);
      widest = MAX (widest, width);
    }
  return widest + 8;
}

static int
header_height (GtkWidget *widget)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, "23");
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return height + 4;
}

static void
redial_report_heat_map_measure (GtkWidget      *widget,
                                GtkOrientation  orientation,
                                int             for_size,
                                int            *minimum,
                                int            *natural,
                                int            *minimum_baseline,
                                int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = label_width (widget) + 24 * MIN_CELL_WIDTH;
      *natural = label_width (widget) + 24 * 30;
    }
  else
    *minimum = *natural = header_height (widget) + 7 * CELL_HEIGHT;
}

static void
draw_text (GtkWidget   *widget,
           GtkSnapshot *snapshot,
           const char  *text,
           float        x,
           float        y,
           float        width,
           const GdkRGBA *color)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int text_width, text_height;

  pango_layout_get_pixel_size (layout, &text_width, &text_height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x + (width - text_width) / 2.f,
                                                          y + (CELL_HEIGHT - text_height) / 2.f));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
redial_report_heat_map_snapshot (GtkWidget   *widget,
                                 GtkSnapshot *snapshot)
{
  RedialReportHeatMap *self = REDIAL_REPORT_HEAT_MAP (widget);
  int left = label_width (widget);
  int top = header_height (widget);
  float cell = (gtk_widget_get_width (widget) - left) / 24.f;
  GdkRGBA accent, fg, faint;

  redial_report_colors_get (widget, &accent, &fg);
  faint = fg;
  faint.alpha *= 0.08f;

  /* Every third hour named along the top. */
  for (int hour = 0; hour < 24; hour += 3)
    {
      g_autofree char *text = g_strdup_printf ("%d", hour);
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (left + hour * cell + 1, 0));
      gtk_snapshot_append_layout (snapshot, layout, &fg);
      gtk_snapshot_restore (snapshot);
    }

  for (int day = 0; day < 7; day++)
    {
      g_autofree char *name = weekday_name (day);
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, name);
      float y = top + day * CELL_HEIGHT;
      int text_height;

      pango_layout_get_pixel_size (layout, NULL, &text_height);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, y + (CELL_HEIGHT - text_height) / 2.f));
      gtk_snapshot_append_layout (snapshot, layout, &fg);
      gtk_snapshot_restore (snapshot);

      for (int hour = 0; hour < 24; hour++)
        {
          guint n = self->counts[day][hour];
          float x = left + hour * cell;
          /* Closed hours are smaller squares: open or closed reads by shape. */
          float inset = self->open[day][hour] ? GAP / 2.f : MIN (cell, CELL_HEIGHT) * 0.25f;
          graphene_rect_t rect = GRAPHENE_RECT_INIT (x + inset, y + inset,
                                                     MAX (1.f, cell - 2 * inset),
                                                     MAX (1.f, CELL_HEIGHT - 2 * inset));

          gtk_snapshot_append_color (snapshot, &faint, &rect);
          if (n > 0)
            {
              GdkRGBA shade = accent;

              shade.alpha = 0.25f + 0.75f * n / (float) self->max;
              gtk_snapshot_append_color (snapshot, &shade, &rect);
              if (cell >= 18)
                {
                  g_autofree char *count = g_strdup_printf ("%u", n);

                  draw_text (widget, snapshot, count, x, y, cell, &fg);
                }
            }
        }
    }
}

static void
update_description (RedialReportHeatMap *self)
{
  g_autoptr(GString) text = g_string_new (_("Missed calls by weekday and hour."));
  gboolean any = FALSE;

  for (int day = 0; day < 7; day++)
    {
      g_autofree char *name = weekday_name (day);
      gboolean first = TRUE;

      for (int hour = 0; hour < 24; hour++)
        {
          guint n = self->counts[day][hour];

          if (n == 0)
            continue;
          g_string_append (text, first ? " " : ", ");
          if (first)
            g_string_append_printf (text, "%s: ", name);
          /* TRANSLATORS: an hour of the heat map: "09:00, 3 (open)". */
          g_string_append_printf (text, self->open[day][hour] ? _("%02d:00, %u (open)") : _("%02d:00, %u (closed)"),
                                  hour, n);
          first = FALSE;
          any = TRUE;
        }
      if (!first)
        g_string_append_c (text, '.');
    }
  if (!any)
    g_string_append_printf (text, " %s", _("None."));

  g_free (self->description);
  self->description = g_string_free (g_steal_pointer (&text), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description,
                                  -1);
}

static void
redial_report_heat_map_finalize (GObject *object)
{
  RedialReportHeatMap *self = REDIAL_REPORT_HEAT_MAP (object);

  g_free (self->description);

  G_OBJECT_CLASS (redial_report_heat_map_parent_class)->finalize (object);
}

static void
redial_report_heat_map_class_init (RedialReportHeatMapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = redial_report_heat_map_finalize;
  widget_class->measure = redial_report_heat_map_measure;
  widget_class->snapshot = redial_report_heat_map_snapshot;

  gtk_widget_class_set_css_name (widget_class, "reportheatmap");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
redial_report_heat_map_init (RedialReportHeatMap *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Missed calls by hour"),
                                  -1);
  update_description (self);
}

GtkWidget *
redial_report_heat_map_new (void)
{
  return g_object_new (REDIAL_TYPE_REPORT_HEAT_MAP, NULL);
}

void
redial_report_heat_map_set_data (RedialReportHeatMap *self,
                                 const guint          counts[7][24],
                                 const gboolean       open[7][24])
{
  g_return_if_fail (REDIAL_IS_REPORT_HEAT_MAP (self));
  g_return_if_fail (counts != NULL && open != NULL);

  memcpy (self->counts, counts, sizeof self->counts);
  memcpy (self->open, open, sizeof self->open);
  self->max = 1;
  for (int day = 0; day < 7; day++)
    for (int hour = 0; hour < 24; hour++)
      self->max = MAX (self->max, counts[day][hour]);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
redial_report_heat_map_get_description (RedialReportHeatMap *self)
{
  g_return_val_if_fail (REDIAL_IS_REPORT_HEAT_MAP (self), NULL);
  return self->description;
}
