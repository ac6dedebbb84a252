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
redial_test_screenshot (const char *name)
{
  const char *dir = g_getenv ("REDIAL_TEST_SCREENSHOT");
  g_autofree char *command = NULL;

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    return;
  command = g_strdup_printf ("import -window root %s/%s.png", dir, name);
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
}

gpointer
redial_test_find_toplevel (GType type)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

typedef struct
{
  GApplication *application;
  void        (*body) (gpointer data);
  gpointer      data;
  gboolean      started;
} Run;

static gboolean
run_body (gpointer user_data)
{
  Run *run = user_data;

  run->body (run->data);
  g_application_quit (run->application);
  return G_SOURCE_REMOVE;
}

static void
on_activate (GApplication *application,
             Run          *run)
{
  if (!run->started)
    {
      run->started = TRUE;
      g_idle_add (run_body, run);
    }
}

int
redial_test_run_application (GApplication       *application,
                             int                 argc,
                             const char * const *argv,
                             void              (*body) (gpointer data),
                             gpointer            data)
{
  Run run = { application, body, data, FALSE };
  gulong handler = g_signal_connect_after (application, "activate", G_CALLBACK (on_activate), &run);
  int status = g_application_run (application, argc, (char **) argv);

  g_signal_handler_disconnect (application, handler);
  g_assert_true (run.started);
  return status;
}

static gboolean
is_mapped_label (GtkWidget     *widget,
                 gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

GtkWidget *
redial_test_find_label (GtkWidget  *root,
                        const char *text)
{
  return redial_test_find_widget (root, is_mapped_label, text);
}

gboolean
redial_test_save_chooser_ready (const char *folder)
{
  GtkFileChooser *chooser = redial_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  GtkWidget *focus = chooser != NULL ? gtk_root_get_focus (GTK_ROOT (chooser)) : NULL;
  g_autoptr(GFile) current = chooser != NULL ? gtk_file_chooser_get_current_folder (chooser) : NULL;
  g_autofree char *path = current != NULL ? g_file_get_path (current) : NULL;

  return focus != NULL && GTK_IS_TEXT (focus) && gtk_widget_has_focus (focus) &&
         gtk_window_is_active (GTK_WINDOW (chooser)) && g_strcmp0 (path, folder) == 0;
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
