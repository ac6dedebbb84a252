/* redial-timer.c: a running response timer that redraws only its own pixels as it ticks. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include "redial-format.h"
#include "redial-timer.h"

#define ICON_SIZE 16
#define ICON_SPACING 4
/* The widest time the timer makes room for before it grows. */
#define ROOM_FOR "0:00:00"

struct _RedialTimer
{
  GtkWidget       parent_instance;

  char           *text;
  RedialSlaLevel  level;
  PangoLayout    *layout;
  gboolean        untimed;
  int             text_width;   /* room for the text, in pixels */
  int             text_height;
};

G_DEFINE_FINAL_TYPE (RedialTimer, redial_timer, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TEXT,
  PROP_LEVEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const level_classes[] = {
  [REDIAL_SLA_LEVEL_OK] = "ok",
  [REDIAL_SLA_LEVEL_WARNING] = "warning",
  [REDIAL_SLA_LEVEL_BREACHED] = "breached",
  [REDIAL_SLA_LEVEL_MET] = "met",
};

static const char * const level_icons[] = {
  [REDIAL_SLA_LEVEL_OK] = NULL,
  [REDIAL_SLA_LEVEL_WARNING] = "dialog-warning-symbolic",
  [REDIAL_SLA_LEVEL_BREACHED] = "alarm-symbolic",
  [REDIAL_SLA_LEVEL_MET] = "object-select-symbolic",
};

/* The layout, made again when the font changed; digits of equal width,
 * so the text does not shift as the seconds run. */
static PangoLayout *
ensure_layout (RedialTimer *self)
{
  if (self->layout == NULL)
    {
      g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
      int width, height;

      self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), ROOM_FOR);
      pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
      pango_layout_set_attributes (self->layout, attrs);
      pango_layout_get_pixel_size (self->layout, &width, &height);
      self->text_width = MAX (self->text_width, width);
      self->text_height = height;
      pango_layout_set_text (self->layout, self->text, -1);
    }
  return self->layout;
}

static void
redial_timer_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  RedialTimer *self = REDIAL_TIMER (widget);

  ensure_layout (self);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = ICON_SIZE + ICON_SPACING + self->text_width;
  else
    *minimum = *natural = MAX (ICON_SIZE, self->text_height);
}

static void
redial_timer_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  RedialTimer *self = REDIAL_TIMER (widget);
  PangoLayout *layout = ensure_layout (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  const char *icon_name = self->untimed ? NULL : level_icons[self->level];
  GdkRGBA color;
  int text_width, text_height;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS

  if (icon_name != NULL)
    {
      GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));
      g_autoptr(GtkIconPaintable) icon =
        gtk_icon_theme_lookup_icon (theme, icon_name, NULL, ICON_SIZE, gtk_widget_get_scale_factor (widget),
                                    gtk_widget_get_direction (widget), 0);

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, (height - ICON_SIZE) / 2.f));
      gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot,
                                                ICON_SIZE, ICON_SIZE, &color, 1);
      gtk_snapshot_restore (snapshot);
    }

  pango_layout_get_pixel_size (layout, &text_width, &text_height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (ICON_SIZE + ICON_SPACING + (width - ICON_SIZE - ICON_SPACING - text_width) / 2.f,
                                                (height - text_height) / 2.f));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}

static void
redial_timer_css_changed (GtkWidget         *widget,
                          GtkCssStyleChange *change)
{
  RedialTimer *self = REDIAL_TIMER (widget);

  GTK_WIDGET_CLASS (redial_timer_parent_class)->css_changed (widget, change);
  /* A new font or size needs a new layout and new room; a new colour only
   * a redraw, which GTK queues itself. */
  g_clear_object (&self->layout);
  self->text_width = 0;
  gtk_widget_queue_resize (widget);
}

static void
redial_timer_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  RedialTimer *self = REDIAL_TIMER (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_LEVEL:
      g_value_set_int (value, self->level);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_timer_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  RedialTimer *self = REDIAL_TIMER (object);

  switch (prop_id)
    {
    case PROP_LEVEL:
      redial_timer_set_level (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_timer_dispose (GObject *object)
{
  RedialTimer *self = REDIAL_TIMER (object);

  g_clear_object (&self->layout);

  G_OBJECT_CLASS (redial_timer_parent_class)->dispose (object);
}

static void
redial_timer_finalize (GObject *object)
{
  RedialTimer *self = REDIAL_TIMER (object);

  g_free (self->text);

  G_OBJECT_CLASS (redial_timer_parent_class)->finalize (object);
}

static void
redial_timer_class_init (RedialTimerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = redial_timer_get_property;
  object_class->set_property = redial_timer_set_property;
  object_class->dispose = redial_timer_dispose;
  object_class->finalize = redial_timer_finalize;
  widget_class->measure = redial_timer_measure;
  widget_class->snapshot = redial_timer_snapshot;
  widget_class->css_changed = redial_timer_css_changed;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LEVEL] =
    g_param_spec_int ("level", NULL, NULL, REDIAL_SLA_LEVEL_OK, REDIAL_SLA_LEVEL_MET, REDIAL_SLA_LEVEL_OK,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "timer");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_TIMER);
}

static void
redial_timer_init (RedialTimer *self)
{
  self->text = g_strdup ("0:00");
  gtk_widget_add_css_class (GTK_WIDGET (self), "timer");
  gtk_widget_add_css_class (GTK_WIDGET (self), level_classes[self->level]);
}

GtkWidget *
redial_timer_new (void)
{
  return g_object_new (REDIAL_TYPE_TIMER, NULL);
}

const char *
redial_timer_get_text (RedialTimer *self)
{
  g_return_val_if_fail (REDIAL_IS_TIMER (self), NULL);
  return self->text;
}

void
redial_timer_set_elapsed (RedialTimer *self,
                          gint64       elapsed_us)
{
  g_autofree char *text = NULL;
  int width;

  g_return_if_fail (REDIAL_IS_TIMER (self));

  text = redial_format_elapsed (elapsed_us);
  if (g_strcmp0 (text, self->text) == 0)
    return;

  g_free (self->text);
  self->text = g_steal_pointer (&text);
  pango_layout_set_text (ensure_layout (self), self->text, -1);
  pango_layout_get_pixel_size (self->layout, &width, NULL);

  /* The tick's whole cost: this widget's own pixels, unless a timer has
   * run past the room it was given. */
  if (width > self->text_width)
    {
      self->text_width = width;
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

RedialSlaLevel
redial_timer_get_level (RedialTimer *self)
{
  g_return_val_if_fail (REDIAL_IS_TIMER (self), REDIAL_SLA_LEVEL_OK);
  return self->level;
}

void
redial_timer_set_level (RedialTimer    *self,
                        RedialSlaLevel  level)
{
  g_return_if_fail (REDIAL_IS_TIMER (self));
  g_return_if_fail (level < G_N_ELEMENTS (level_classes));

  if (self->level == level)
    return;

  gtk_widget_remove_css_class (GTK_WIDGET (self), level_classes[self->level]);
  self->level = level;
  gtk_widget_add_css_class (GTK_WIDGET (self), level_classes[self->level]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL]);
}

void
redial_timer_set_untimed (RedialTimer *self,
                          gboolean     untimed)
{
  g_return_if_fail (REDIAL_IS_TIMER (self));

  untimed = !!untimed;
  if (self->untimed == untimed)
    return;
  self->untimed = untimed;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
redial_timer_get_untimed (RedialTimer *self)
{
  g_return_val_if_fail (REDIAL_IS_TIMER (self), FALSE);
  return self->untimed;
}
