/* redial-case-page-shim.c: a stand-in for the case page until it lands: the same calls, a plain pane. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include <glib/gi18n.h>

#include "redial-case-page-shim.h"

struct _RedialCasePage
{
  GtkWidget      parent_instance;

  AdwHeaderBar  *header;
  GtkWidget     *back_button;
  AdwStatusPage *status;
  GtkTextView   *composer;
  RedialContext *context;
  RedialCase    *kase;
  gboolean       show_back;
};

G_DEFINE_FINAL_TYPE (RedialCasePage, redial_case_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_SHOW_BACK,
  N_PROPS
};

enum {
  BACK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
on_back_clicked (RedialCasePage *self)
{
  g_signal_emit (self, signals[BACK], 0);
}

static void
redial_case_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RedialCasePage *self = REDIAL_CASE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_SHOW_BACK:
      g_value_set_boolean (value, self->show_back);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_case_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  RedialCasePage *self = REDIAL_CASE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_set_object (&self->context, g_value_get_object (value));
      break;
    case PROP_SHOW_BACK:
      self->show_back = g_value_get_boolean (value);
      gtk_widget_set_visible (self->back_button, self->show_back);
      g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_case_page_dispose (GObject *object)
{
  RedialCasePage *self = REDIAL_CASE_PAGE (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->kase);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (redial_case_page_parent_class)->dispose (object);
}

static void
redial_case_page_class_init (RedialCasePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = redial_case_page_get_property;
  object_class->set_property = redial_case_page_set_property;
  object_class->dispose = redial_case_page_dispose;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, REDIAL_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_BACK] =
    g_param_spec_boolean ("show-back", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
redial_case_page_init (RedialCasePage *self)
{
  GtkWidget *scroller;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  self->header = ADW_HEADER_BAR (adw_header_bar_new ());
  self->back_button = gtk_button_new_from_icon_name ("go-previous-symbolic");
  gtk_widget_set_visible (self->back_button, FALSE);
  g_signal_connect_object (self->back_button, "clicked", G_CALLBACK (on_back_clicked), self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_start (self->header, self->back_button);
  gtk_widget_set_parent (GTK_WIDGET (self->header), GTK_WIDGET (self));

  self->status = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_title (self->status, _("No Case Open"));
  gtk_widget_set_vexpand (GTK_WIDGET (self->status), TRUE);
  gtk_widget_set_parent (GTK_WIDGET (self->status), GTK_WIDGET (self));

  scroller = gtk_scrolled_window_new ();
  self->composer = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->composer));
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 60);
  gtk_widget_set_parent (scroller, GTK_WIDGET (self));
}

GtkWidget *
redial_case_page_new (void)
{
  return g_object_new (REDIAL_TYPE_CASE_PAGE, NULL);
}

void
redial_case_page_set_case (RedialCasePage *self,
                           RedialCase     *kase)
{
  g_return_if_fail (REDIAL_IS_CASE_PAGE (self));

  g_set_object (&self->kase, kase);
  if (kase == NULL)
    adw_status_page_set_title (self->status, _("No Case Open"));
  else
    adw_status_page_set_title (self->status, redial_case_get_caller_name (kase) != NULL
                                             ? redial_case_get_caller_name (kase)
                                             : redial_case_get_caller (kase));
}

RedialCase *
redial_case_page_get_case (RedialCasePage *self)
{
  g_return_val_if_fail (REDIAL_IS_CASE_PAGE (self), NULL);
  return self->kase;
}

void
redial_case_page_focus_composer (RedialCasePage *self)
{
  g_return_if_fail (REDIAL_IS_CASE_PAGE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->composer));
}

void
redial_case_page_insert_template (RedialCasePage *self,
                                  guint           n)
{
  g_autofree char *text = g_strdup_printf ("template %u", n);

  g_return_if_fail (REDIAL_IS_CASE_PAGE (self));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->composer), text, -1);
}
