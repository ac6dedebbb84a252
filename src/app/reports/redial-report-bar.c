/* redial-report-bar.c: one bar of the report's funnel: how much of the whole a step keeps. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include "redial-report-bar.h"
#include "redial-report-colors.h"

#define BAR_HEIGHT 8

enum
{
  PROP_0,
  PROP_FRACTION,
  N_PROPS
};

struct _RedialReportBar
{
  GtkWidget parent_instance;

  double    fraction;
};

G_DEFINE_FINAL_TYPE (RedialReportBar, redial_report_bar, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void
redial_report_bar_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 24;
      *natural = 160;
    }
  else
    *minimum = *natural = BAR_HEIGHT;
}

static void
redial_report_bar_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  RedialReportBar *self = REDIAL_REPORT_BAR (widget);
  float width = gtk_widget_get_width (widget);
  float height = gtk_widget_get_height (widget);
  float y = (height - BAR_HEIGHT) / 2.f;
  GskRoundedRect track;
  GdkRGBA accent, fg;

  redial_report_colors_get (widget, &accent, &fg);
  fg.alpha *= 0.1f;
  gsk_rounded_rect_init_from_rect (&track, &GRAPHENE_RECT_INIT (0, y, width, BAR_HEIGHT), 3);
  gtk_snapshot_push_rounded_clip (snapshot, &track);
  gtk_snapshot_append_color (snapshot, &fg, &GRAPHENE_RECT_INIT (0, y, width, BAR_HEIGHT));
  if (self->fraction > 0)
    /* Never thinner than a sliver: a step with anything in it shows. */
    gtk_snapshot_append_color (snapshot, &accent,
                               &GRAPHENE_RECT_INIT (0, y, MAX (3.f, width * (float) self->fraction), BAR_HEIGHT));
  gtk_snapshot_pop (snapshot);
}

static void
redial_report_bar_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RedialReportBar *self = REDIAL_REPORT_BAR (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_report_bar_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  RedialReportBar *self = REDIAL_REPORT_BAR (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      redial_report_bar_set_fraction (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_report_bar_class_init (RedialReportBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = redial_report_bar_get_property;
  object_class->set_property = redial_report_bar_set_property;
  widget_class->measure = redial_report_bar_measure;
  widget_class->snapshot = redial_report_bar_snapshot;

  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "reportbar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
redial_report_bar_init (RedialReportBar *self)
{
}

GtkWidget *
redial_report_bar_new (double fraction)
{
  return g_object_new (REDIAL_TYPE_REPORT_BAR, "fraction", CLAMP (fraction, 0, 1), NULL);
}

double
redial_report_bar_get_fraction (RedialReportBar *self)
{
  g_return_val_if_fail (REDIAL_IS_REPORT_BAR (self), 0);
  return self->fraction;
}

void
redial_report_bar_set_fraction (RedialReportBar *self,
                                double           fraction)
{
  g_return_if_fail (REDIAL_IS_REPORT_BAR (self));

  fraction = CLAMP (fraction, 0, 1);
  if (self->fraction == fraction)
    return;
  self->fraction = fraction;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}
