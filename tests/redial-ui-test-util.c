/* redial-ui-test-util.c: finding widgets in a window as a person would look for them. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "redial-ui-test-util.h"

GtkWidget *
redial_test_find_widget (GtkWidget       *root,
                         RedialTestMatch  match,
                         gconstpointer    data)
{
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = redial_test_find_widget (child, match, data);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
is_button_with_icon (GtkWidget     *widget,
                     gconstpointer  icon_name)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), icon_name) == 0;
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

GtkWidget *
redial_test_find_button (GtkWidget  *root,
                         const char *label)
{
  return redial_test_find_widget (root, is_button_labelled, label);
}

GtkWidget *
redial_test_find_icon_button (GtkWidget  *root,
                              const char *icon_name)
{
  return redial_test_find_widget (root, is_button_with_icon, icon_name);
}

GtkWidget *
redial_test_find_type (GtkWidget *root,
                       GType      type)
{
  return redial_test_find_widget (root, is_of_type, GSIZE_TO_POINTER (type));
}

GtkWidget *
redial_test_find_row (GtkWidget  *root,
                      const char *title)
{
  return redial_test_find_widget (root, is_row_titled, title);
}

static void
on_after_paint (GdkFrameClock *frame_clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

void
redial_test_wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong handler = g_signal_connect (frame_clock, "after-paint", G_CALLBACK (on_after_paint), &painted);

  gtk_widget_queue_draw (widget);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (frame_clock, handler);
}

void
redial_test_init_ui (int    *argc,
                     char ***argv)
{
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  if (g_getenv ("REDIAL_LOCALEDIR") != NULL)
    {
      /* gtk_test_init() keeps the C locale: take the environment's. */
      setlocale (LC_ALL, "");
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("REDIAL_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
}
