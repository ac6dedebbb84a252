/* test-business-settings.c: Preferences' business settings on a shared PostgreSQL store: shown, followed, saved and pushed to every desk. */
#include "config.h"

#include <glib/gstdio.h>

#include "pg-harness.h"
#include "redial-application.h"
#include "redial-business-settings-group.h"
#include "redial-preferences-window.h"
#include "redial-queue-fixture.h"
#include "redial-shared-settings.h"
#include "redial-test-util.h"
#include "redial-ui-test-util.h"

/* The business's file; Fridays @friday. */
#define BUSINESS_CONF \
  "[business]\n" \
  "name = Acme Plumbing\n" \
  "time-zone = America/Chicago\n" \
  "[hours]\n" \
  "friday = %s\n"

typedef struct
{
  Fixture            ui;        /* the pointer's fixture: waits, clicks */
  char              *url;
  char              *password_file;
  char              *conf;
  char              *cwd;
  RedialApplication *app;       /* desk A: the window, as a person runs it */
  RedialContext     *other;     /* desk B, in the same process, on the same database */
} Desks;

/* A Friday in November in Chicago, at @hour:00, in Unix µs. */
static gint64
friday_at (int hour)
{
  return redial_test_time_in ("America/Chicago", 2026, 11, 27, hour, 0);
}

/* A settings file named @name in the test's folder: the business's
 * groups, Fridays @friday, then @extra. */
static char *
write_file (Desks      *f,
            const char *name,
            const char *friday,
            const char *extra)
{
  g_autofree char *path = g_build_filename (f->ui.dir, name, NULL);
  g_autofree char *text = g_strdup_printf (BUSINESS_CONF "%s", friday, extra);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return g_steal_pointer (&path);
}

static void
desks_setup (Desks         *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialConfig) config = NULL;
  g_autofree char *store = NULL;

  f->url = pg_harness_create_database ();
  f->ui.dir = redial_test_make_dir ();
  f->cwd = g_get_current_dir ();
  /* The server trusts the test: any password will do, from a private file. */
  f->password_file = g_build_filename (f->ui.dir, "password", NULL);
  g_assert_true (g_file_set_contents (f->password_file, "unused\n", -1, NULL));
  g_assert_cmpint (g_chmod (f->password_file, 0600), ==, 0);
  store = g_strdup_printf ("[sms]\nbackend = demo\n[store]\nurl = %s\npassword-file = %s\n",
                           f->url, f->password_file);
  f->conf = write_file (f, "redial.conf", "08:00-17:00", store);

  /* Desk B came first, at noon: version 1 is its file's. */
  f->ui.clock = redial_fake_clock_new (friday_at (12));
  config = redial_config_load (f->conf, &error);
  g_assert_no_error (error);
  f->other = redial_context_new (config, f->ui.clock);
  g_assert_true (redial_context_open_store (f->other, &error));
  g_assert_no_error (error);

  f->app = redial_application_new ();
  /* Beside whatever Redial this session runs. */
  g_application_set_flags (G_APPLICATION (f->app), G_APPLICATION_NON_UNIQUE);
}

static void
desks_teardown (Desks         *f,
                gconstpointer  data)
{
  g_assert_cmpint (g_chdir (f->cwd), ==, 0);
  g_clear_object (&f->app);
  g_clear_object (&f->other);
  redial_test_drain ();
  g_clear_object (&f->ui.clock);
  pg_harness_drop_database (f->url);
  redial_test_remove_tree (f->ui.dir);
  g_free (f->ui.dir);
  g_free (f->password_file);
  g_free (f->conf);
  g_free (f->cwd);
  g_free (f->url);
}

/* Runs desk A as `redial --config FILE` and @body in its main loop. */
static void
run (Desks  *f,
     void  (*body) (gpointer f))
{
  const char *argv[] = { "redial", "--config", f->conf, NULL };

  g_assert_cmpint (redial_test_run_application (G_APPLICATION (f->app), 3, argv, body, f), ==, 0);
  /* Preferences are no window of the application's: they go by hand. */
  while (redial_test_find_toplevel (REDIAL_TYPE_PREFERENCES_WINDOW) != NULL)
    gtk_window_destroy (redial_test_find_toplevel (REDIAL_TYPE_PREFERENCES_WINDOW));
}

static RedialPreferencesWindow *
find_preferences (Desks *f)
{
  return redial_test_find_toplevel (REDIAL_TYPE_PREFERENCES_WINDOW);
}

static AdwMessageDialog *
find_dialog (void)
{
  return redial_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
}

static gboolean
dialog_shown (Fixture       *fixture,
              gconstpointer  data)
{
  return find_dialog () != NULL;
}

static gboolean
desk_ready (Fixture       *fixture,
            gconstpointer  data)
{
  Desks *f = (Desks *) fixture;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (f->app));

  return redial_application_get_context (f->app) != NULL && window != NULL &&
         gtk_widget_get_mapped (GTK_WIDGET (window));
}

static gboolean
preferences_shown (Fixture       *fixture,
                   gconstpointer  data)
{
  return find_preferences ((Desks *) fixture) != NULL;
}

/* Desk A's window, then its Preferences. */
static RedialPreferencesWindow *
open_preferences (Desks *f)
{
  queue_wait_until (&f->ui, desk_ready, NULL, "desk A's window");
  g_action_group_activate_action (G_ACTION_GROUP (f->app), "preferences", NULL);
  queue_wait_until (&f->ui, preferences_shown, NULL, "Preferences");
  return find_preferences (f);
}

typedef struct
{
  const char *title;
  const char *subtitle;   /* NULL: any */
} RowState;

/* Preferences show a row titled @title, saying @subtitle. */
static gboolean
row_shows (Fixture       *fixture,
           gconstpointer  data)
{
  const RowState *state = data;
  RedialPreferencesWindow *preferences = find_preferences ((Desks *) fixture);
  GtkWidget *row = preferences != NULL ? redial_test_find_row (GTK_WIDGET (preferences), state->title) : NULL;

  return row != NULL && gtk_widget_get_mapped (row) &&
         (state->subtitle == NULL ||
          g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), state->subtitle) == 0);
}

static const char *
problem_text (Desks *f)
{
  RowState problem = { "Settings File Not Used", NULL };
  GtkWidget *row;

  if (!row_shows (&f->ui, &problem))
    return NULL;
  row = redial_test_find_row (GTK_WIDGET (find_preferences (f)), problem.title);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static gboolean
problem_shown (Fixture       *fixture,
               gconstpointer  data)
{
  return problem_text ((Desks *) fixture) != NULL;
}

/* Preferences' toast says @data. */
static gboolean
toast_says (Fixture       *fixture,
            gconstpointer  data)
{
  RedialPreferencesWindow *preferences = find_preferences ((Desks *) fixture);

  return preferences != NULL && redial_test_find_label (GTK_WIDGET (preferences), data) != NULL;
}

static gint64
version_of (RedialContext *desk)
{
  return redial_shared_settings_get_version (redial_context_get_shared_settings (desk));
}

static RedialContext *
desk_a (Desks *f)
{
  return redial_application_get_context (f->app);
}

typedef struct
{
  gboolean a;         /* desk A, else desk B */
  gint64   version;
} DeskVersion;

static gboolean
desk_has_version (Fixture       *fixture,
                  gconstpointer  data)
{
  Desks *f = (Desks *) fixture;
  const DeskVersion *want = data;

  return version_of (want->a ? desk_a (f) : f->other) == want->version;
}

/* The newest version in the database. */
static gint64
newest_version (Desks *f)
{
  g_autoptr(GError) error = NULL;
  gint64 version = 0;

  g_assert_true (redial_store_get_settings (redial_context_get_store (f->other), &version, NULL, NULL, NULL,
                                            &error));
  g_assert_no_error (error);
  return version;
}

/* Desk B pushes Fridays @friday as Bea, at 13:00. */
static void
bea_pushes (Desks      *f,
            const char *friday)
{
  g_autofree char *path = write_file (f, "bea.conf", friday, "");
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialConfig) config = redial_config_load (path, &error);

  g_assert_no_error (error);
  g_assert_true (redial_shared_settings_push (redial_context_get_store (f->other), config, "bea@front-desk",
                                              friday_at (13), NULL, &error));
  g_assert_no_error (error);
}

/* app.push-settings-file with @path, up to its question. */
static void
ask_to_push (Desks      *f,
             const char *path)
{
  g_action_group_activate_action (G_ACTION_GROUP (f->app), "push-settings-file", g_variant_new_string (path));
  queue_wait_until (&f->ui, dialog_shown, NULL, "the confirmation");
  g_assert_cmpstr (adw_message_dialog_get_heading (find_dialog ()), ==, "Use This File on Every Desk?");
}

/* Clicks @label in the dialog shown, with the real pointer. */
static void
answer_dialog (Desks      *f,
               const char *label)
{
  GtkWidget *button = redial_test_find_button (GTK_WIDGET (find_dialog ()), label);
  graphene_rect_t before, after;

  g_assert_nonnull (button);
  /* The dialog lays its buttons out again once it knows its width. */
  do
    {
      g_assert_true (gtk_widget_compute_bounds (button, GTK_WIDGET (gtk_widget_get_native (button)), &before));
      redial_test_wait_for_frame (button);
      g_assert_true (gtk_widget_compute_bounds (button, GTK_WIDGET (gtk_widget_get_native (button)), &after));
    }
  while (!graphene_rect_equal (&before, &after));
  queue_pointer_to (&f->ui, button);
  queue_click ();
}

static void
shows_version_and_follows (gpointer data)
{
  Desks *f = data;
  g_autofree char *who = redial_shared_settings_who ();
  g_autofree char *seeded = g_strdup_printf ("Changed by %s on Fri Nov 27, 12:00", who);
  RowState first = { "Version 1", seeded };
  RowState second = { "Version 2", "Changed by bea@front-desk on Fri Nov 27, 13:00" };

  open_preferences (f);
  /* In the business's time zone, not the computer's (UTC here). */
  queue_wait_until (&f->ui, row_shows, &first, "version 1, its writer and time");

  /* Another desk's change shows while Preferences are open. */
  bea_pushes (f, "closed");
  queue_wait_until (&f->ui, row_shows, &second, "version 2, written by Bea");
}

static void
test_shows_version_and_follows (Desks         *f,
                                gconstpointer  data)
{
  run (f, shows_version_and_follows);
}

static void
push_reaches_other_desk (gpointer data)
{
  Desks *f = data;
  g_autofree char *path = write_file (f, "office.conf", "closed", "");
  RowState second = { "Version 2", NULL };
  DeskVersion b_second = { FALSE, 2 };
  RedialConfig *b_config = redial_context_get_config (f->other);

  open_preferences (f);
  g_assert_true (redial_hours_is_open (redial_config_get_hours (b_config), friday_at (10)));

  ask_to_push (f, path);
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (find_dialog ()),
                                   "Every desk will go by “office.conf” instead of version 1 of the business "
                                   "settings"));
  g_assert_cmpint (newest_version (f), ==, 1);
  answer_dialog (f, "_Use on Every Desk");

  queue_wait_until (&f->ui, toast_says, "Every desk goes by version 2 of the business settings now", "the toast");
  queue_wait_until (&f->ui, row_shows, &second, "version 2 in Preferences");
  /* Desk B closes on Fridays now: a caller at 10:00 is after hours. */
  queue_wait_until (&f->ui, desk_has_version, &b_second, "desk B to take version 2");
  g_assert_false (redial_hours_is_open (redial_config_get_hours (b_config), friday_at (10)));
  g_assert_false (redial_hours_is_open (redial_config_get_hours (redial_context_get_config (desk_a (f))),
                                        friday_at (10)));
  g_assert_null (problem_text (f));
}

static void
test_push_reaches_other_desk (Desks         *f,
                              gconstpointer  data)
{
  run (f, push_reaches_other_desk);
}

static void
bad_file_refused (gpointer data)
{
  Desks *f = data;
  g_autofree char *path = write_file (f, "narnia.conf", "closed", "[intake]\n[business]\nregion = Narnia\n");
  const char *problem;

  open_preferences (f);
  g_action_group_activate_action (G_ACTION_GROUP (f->app), "push-settings-file", g_variant_new_string (path));
  queue_wait_until (&f->ui, problem_shown, NULL, "the refusal in Preferences");

  /* The file, the group and the key, as --push-settings says them. */
  problem = problem_text (f);
  g_assert_nonnull (strstr (problem, "narnia.conf"));
  g_assert_nonnull (strstr (problem, "[business] region"));
  g_assert_nonnull (strstr (problem, "The shared business settings were left as they were."));
  g_assert_null (find_dialog ());
  g_assert_cmpint (newest_version (f), ==, 1);
  g_assert_cmpint (version_of (desk_a (f)), ==, 1);
  g_assert_true (redial_hours_is_open (redial_config_get_hours (redial_context_get_config (desk_a (f))),
                                       friday_at (10)));
}

static void
test_bad_file_refused (Desks         *f,
                       gconstpointer  data)
{
  run (f, bad_file_refused);
}

static void
stale_push_names_who (gpointer data)
{
  Desks *f = data;
  g_autofree char *path = write_file (f, "office.conf", "09:00-12:00", "");
  DeskVersion a_second = { TRUE, 2 };
  const char *problem;

  open_preferences (f);
  ask_to_push (f, path);

  /* While the manager reads the question, Bea changes them. */
  bea_pushes (f, "closed");
  queue_wait_until (&f->ui, desk_has_version, &a_second, "desk A to take Bea's version");
  answer_dialog (f, "_Use on Every Desk");

  queue_wait_until (&f->ui, problem_shown, NULL, "the refusal in Preferences");
  problem = problem_text (f);
  g_assert_nonnull (strstr (problem, "changed meanwhile by bea@front-desk"));
  g_assert_nonnull (strstr (problem, "(version 2)"));
  g_assert_cmpint (newest_version (f), ==, 2);
  g_assert_false (redial_hours_is_open (redial_config_get_hours (redial_context_get_config (desk_a (f))),
                                        friday_at (10)));
}

static void
test_stale_push_names_who (Desks         *f,
                           gconstpointer  data)
{
  run (f, stale_push_names_who);
}

static GtkFileChooser *
find_chooser (void)
{
  return redial_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
}

/* The save chooser is up, its name field has the keyboard, in the
 * test's folder. */
static gboolean
name_focused (Fixture       *fixture,
              gconstpointer  data)
{
  return redial_test_save_chooser_ready (fixture->dir);
}

static gboolean
chooser_shown (Fixture       *fixture,
               gconstpointer  data)
{
  return find_chooser () != NULL;
}

static void
copy_pushed_back (gpointer data)
{
  Desks *f = data;
  RedialPreferencesWindow *preferences = open_preferences (f);
  g_autofree char *copy = g_build_filename (f->ui.dir, "business-settings-1.conf", NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(RedialConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  DeskVersion b_second = { FALSE, 2 };
  GtkWidget *row;
  gint64 version = 0;

  g_assert_true (redial_store_get_settings (redial_context_get_store (f->other), &version, &first, NULL, NULL,
                                            &error));
  g_assert_no_error (error);

  /* A save chooser opens in the current folder, the name offered kept. */
  g_assert_cmpint (g_chdir (f->ui.dir), ==, 0);
  row = redial_test_find_row (GTK_WIDGET (preferences), "Save a Copy…");
  g_assert_nonnull (row);
  redial_test_wait_for_frame (row);
  queue_pointer_to (&f->ui, row);
  queue_click ();
  queue_wait_until (&f->ui, chooser_shown, NULL, "the file chooser");
  queue_pointer_to (&f->ui, GTK_WIDGET (find_chooser ()));
  queue_wait_until (&f->ui, name_focused, NULL, "the file name focused");
  queue_key ("Return");
  queue_wait_until (&f->ui, toast_says, "Version 1 of the business settings saved as “business-settings-1.conf”",
                    "the toast");

  /* The copy is a settings file a desk reads as it is… */
  config = redial_config_load (copy, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (redial_config_get_business_name (config), ==, "Acme Plumbing");

  /* … and, used again, gives every desk the same settings. */
  ask_to_push (f, copy);
  answer_dialog (f, "_Use on Every Desk");
  queue_wait_until (&f->ui, desk_has_version, &b_second, "desk B to take version 2");
  g_assert_true (redial_store_get_settings (redial_context_get_store (f->other), &version, &second, NULL, NULL,
                                            &error));
  g_assert_no_error (error);
  g_assert_cmpstr (second, ==, first);
}

static void
test_copy_pushed_back (Desks         *f,
                       gconstpointer  data)
{
  run (f, copy_pushed_back);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/business-settings/shows-version-and-follows", Desks, NULL, desks_setup,
              test_shows_version_and_follows, desks_teardown);
  g_test_add ("/ui/business-settings/push-reaches-another-desk", Desks, NULL, desks_setup,
              test_push_reaches_other_desk, desks_teardown);
  g_test_add ("/ui/business-settings/bad-file-refused", Desks, NULL, desks_setup, test_bad_file_refused,
              desks_teardown);
  g_test_add ("/ui/business-settings/stale-push-names-who", Desks, NULL, desks_setup, test_stale_push_names_who,
              desks_teardown);
  g_test_add ("/ui/business-settings/copy-saved-and-pushed-back", Desks, NULL, desks_setup, test_copy_pushed_back,
              desks_teardown);

  return g_test_run ();
}
