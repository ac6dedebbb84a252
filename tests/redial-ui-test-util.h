/* redial-ui-test-util.h: finding widgets in a window as a person would look for them. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef gboolean (*RedialTestMatch) (GtkWidget     *widget,
                                     gconstpointer  data);

/* The first widget below and including @root, depth first, for which
 * @match returns TRUE, or NULL. */
GtkWidget *redial_test_find_widget (GtkWidget       *root,
                                    RedialTestMatch  match,
                                    gconstpointer    data);
/* The first button labelled @label. */
GtkWidget *redial_test_find_button (GtkWidget       *root,
                                    const char      *label);
/* The first button showing the icon @icon_name. */
GtkWidget *redial_test_find_icon_button (GtkWidget  *root,
                                         const char *icon_name);
/* The first widget of @type. */
GtkWidget *redial_test_find_type   (GtkWidget       *root,
                                    GType            type);
/* The first preferences row titled @title. */
GtkWidget *redial_test_find_row    (GtkWidget       *root,
                                    const char      *title);

/* The first mapped toplevel window of @type (a dialog, a file chooser,
 * Preferences), or NULL. */
gpointer   redial_test_find_toplevel (GType       type);

/* The first mapped label below @root reading @text, or NULL. */
GtkWidget *redial_test_find_label  (GtkWidget       *root,
                                    const char      *text);
/* A file chooser is on screen, open on @folder, its file name field
 * holding the keyboard: what a key typed now goes to. */
gboolean   redial_test_save_chooser_ready (const char *folder);

/* Runs @application with @argv (@argc items) and, once it is activated,
 * @body (@data) from its main loop; then quits it. Returns the
 * application's exit status. */
int        redial_test_run_application (GApplication       *application,
                                        int                 argc,
                                        const char * const *argv,
                                        void              (*body) (gpointer data),
                                        gpointer            data);

/* gtk_test_init() and adw_init(); with REDIAL_LOCALEDIR set, the built
 * translations there, in the environment's language, to look at a view
 * in another language. */
void       redial_test_init_ui (int    *argc,
                                char ***argv);

/* Runs the main loop until @widget (realized) has been drawn again. */
void       redial_test_wait_for_frame (GtkWidget  *widget);

/* Leaves a picture of the screen in $REDIAL_TEST_SCREENSHOT/@name.png,
 * when asked for one (that folder exists). */
void       redial_test_screenshot     (const char *name);

G_END_DECLS
