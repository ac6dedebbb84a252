/* redial-application.c: the window's application: one context, the window, the background service. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include <glib/gi18n.h>

#include "redial-application-private.h"
#include "redial-renderer.h"
#include "redial-commands.h"
#include "redial-notifier.h"
#include "redial-preferences-window.h"
#include "redial-service-lock.h"
#include "redial-window.h"

struct _RedialApplication
{
  AdwApplication  parent_instance;

  gboolean           service;
  gboolean           demo;
  char              *config_path;    /* the settings file read, or the default one */

  RedialConfig      *config;
  RedialContext     *context;
  GSettings         *settings;
  RedialNotifier    *notifier;
  RedialServiceLock *lock;           /* held while this process is the office's --service */
  char              *startup_title;
  char              *startup_error;
  gboolean           held;
};

G_DEFINE_FINAL_TYPE (RedialApplication, redial_application, ADW_TYPE_APPLICATION)

static int
redial_application_handle_local_options (GApplication *application,
                                         GVariantDict *dict)
{
  RedialApplication *self = REDIAL_APPLICATION (application);
  g_autoptr(RedialOptions) options = redial_options_new_from_dict (dict);
  g_autoptr(GError) error = NULL;
  int status;

  /* Commands run here, before GTK is set up, and end the process. */
  status = redial_commands_handle_local_options (options, &self->config, &error);
  if (status >= 0)
    return status;

  self->service = options->service;
  self->demo = options->demo;
  self->config_path = options->config_path != NULL ? g_strdup (options->config_path)
                                                   : redial_config_default_path ();
  if (error != NULL)
    {
      self->startup_title = g_strdup (_("Settings Cannot Be Used"));
      self->startup_error = g_strdup (error->message);
    }
  return -1;
}

static gboolean
is_on_screen (gint64   case_id,
              gpointer data)
{
  RedialWindow *window = redial_application_find_window (data);

  return window != NULL && redial_window_is_showing_case (window, case_id);
}

/* Builds and starts the context of self->config; on failure the window
 * says why. */
static gboolean
start_context (RedialApplication *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->startup_title, g_free);
  g_clear_pointer (&self->startup_error, g_free);

  self->context = redial_context_new (self->config, NULL);
  /* A window leaves the automation to the office's --service while one runs. */
  redial_context_set_yields_to_service (self->context, !self->service);
  if (!redial_context_open (self->context, &error) ||
      !redial_context_start (self->context, &error))
    {
      if (error->domain == REDIAL_STORE_ERROR)
        self->startup_title = g_strdup (_("The Database Cannot Be Opened"));
      else if (error->domain == REDIAL_CONFIG_ERROR)
        self->startup_title = g_strdup (_("Settings Cannot Be Used"));
      else
        self->startup_title = g_strdup (_("Redial Cannot Start"));
      self->startup_error = g_strdup (error->message);
      g_printerr ("redial: %s\n", error->message);
      g_clear_object (&self->context);
      return FALSE;
    }

  /* The person at this desk signs texts that use {agent}. */
  g_settings_bind (self->settings, "desk-user", redial_context_get_engine (self->context), "agent-name",
                   G_SETTINGS_BIND_GET);
  /* Scripts read the desk's queue as it stands. */
  redial_application_follow_queue (self, redial_context_get_engine (self->context));
  /* Alerts reach the desk even with the window closed. */
  self->notifier = redial_notifier_new (self->context, G_APPLICATION (self));
  redial_notifier_set_quiet_func (self->notifier, is_on_screen, self, NULL);

  if (self->service)
    self->lock = redial_service_lock_acquire (redial_context_get_store_path (self->context), NULL);

  /* The automation keeps running with every window closed, until Quit. */
  if (!self->held)
    {
      self->held = TRUE;
      g_application_hold (G_APPLICATION (self));
    }
  return TRUE;
}

static void
redial_application_startup (GApplication *application)
{
  RedialApplication *self = REDIAL_APPLICATION (application);

  G_APPLICATION_CLASS (redial_application_parent_class)->startup (application);

  redial_renderer_choose (gdk_display_get_default ());
  self->settings = g_settings_new (APP_ID);
  if (self->config == NULL && self->startup_error == NULL)
    self->config = redial_config_new ();
  if (self->config != NULL)
    start_context (self);
}

static void
on_background_explained (AdwMessageDialog *dialog,
                         const char       *response,
                         GtkWindow        *window)
{
  gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
}

/* The first close says, once, that Redial goes on in the background. */
static gboolean
on_close_request (GtkWindow         *window,
                  RedialApplication *self)
{
  GtkWidget *dialog;

  if (g_settings_get_boolean (self->settings, "background-explained"))
    return FALSE;

  g_settings_set_boolean (self->settings, "background-explained", TRUE);
  dialog = adw_message_dialog_new (window, _("Redial Keeps Running"),
                                   _("Missed callers are still texted back and alerts still show while "
                                     "the window is closed. Open Redial again to see the queue; Quit "
                                     "in the main menu stops it."));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Got It"));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_background_explained), window, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static GtkWindow *
build_window (RedialApplication *self)
{
  RedialWindow *window = redial_window_new (GTK_APPLICATION (self), self->context);

  if (self->startup_error != NULL)
    {
      redial_window_show_error (window, self->startup_title, self->startup_error);
    }
  else
    {
      /* Closing the window hides it: the automation goes on. */
      gtk_window_set_hide_on_close (GTK_WINDOW (window), TRUE);
      g_signal_connect_object (window, "close-request", G_CALLBACK (on_close_request), self, 0);
    }
  return GTK_WINDOW (window);
}

static GtkWindow *
get_window (RedialApplication *self)
{
  GtkWindow *window = GTK_WINDOW (redial_application_find_window (self));

  if (window == NULL)
    window = build_window (self);
  return window;
}

RedialWindow *
redial_application_find_window (RedialApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (REDIAL_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

RedialWindow *
redial_application_present_window (RedialApplication *self)
{
  GtkWindow *window = get_window (self);

  gtk_window_present (window);
  return REDIAL_WINDOW (window);
}

static void
redial_application_activate (GApplication *application)
{
  RedialApplication *self = REDIAL_APPLICATION (application);

  /* The first activation of the service keeps it running with no window;
   * launching Redial again opens the window in the same process. */
  if (self->service && !self->held)
    {
      self->held = TRUE;
      g_application_hold (application);
      g_message ("Running in the background");
      return;
    }

  gtk_window_present (get_window (self));
}

static void
redial_application_shutdown (GApplication *application)
{
  RedialApplication *self = REDIAL_APPLICATION (application);

  if (self->context != NULL)
    redial_context_stop (self->context);

  G_APPLICATION_CLASS (redial_application_parent_class)->shutdown (application);
}

static void
on_about (GSimpleAction *action,
          GVariant      *parameter,
          gpointer       user_data)
{
  GtkApplication *application = user_data;
  static const char * const developers[] = { "The Redial developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (application),
                         "application-name", _("Redial"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developers", developers,
                         "website", "https://redial.io",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "comments", _("Win back every missed call"),
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
on_preferences (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  RedialApplication *self = REDIAL_APPLICATION (user_data);
  GtkWidget *window = redial_preferences_window_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                                     self->context);

  gtk_window_present (GTK_WINDOW (window));
}

static void
on_quit_response (AdwMessageDialog *dialog,
                  const char       *response,
                  GApplication     *application)
{
  if (g_str_equal (response, "quit"))
    g_application_quit (application);
}

static void
on_quit (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       user_data)
{
  RedialApplication *self = REDIAL_APPLICATION (user_data);
  GtkWindow *window;
  GtkWidget *dialog;

  /* Text-back goes on after Quit only when a --service runs this office. */
  if (self->context == NULL ||
      redial_service_lock_is_held (redial_context_get_store_path (self->context)))
    {
      g_application_quit (G_APPLICATION (self));
      return;
    }

  window = get_window (self);
  gtk_window_present (window);
  dialog = adw_message_dialog_new (window, _("Stop Texting Back?"),
                                   _("While Redial is not running, missed callers are not texted back, "
                                     "follow-ups wait and no alerts show. Close the window instead to "
                                     "keep Redial working in the background."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "quit", _("_Quit"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "quit",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_quit_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_open_case (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  RedialApplication *self = REDIAL_APPLICATION (user_data);
  GtkWindow *window = get_window (self);

  gtk_window_present (window);
  redial_window_open_case (REDIAL_WINDOW (window), g_variant_get_int64 (parameter));
}

static void
on_show_cases (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  RedialApplication *self = REDIAL_APPLICATION (user_data);
  GtkWindow *window = get_window (self);
  gsize n_ids = 0;
  const gint64 *ids = g_variant_get_fixed_array (parameter, &n_ids, sizeof (gint64));

  gtk_window_present (window);
  redial_window_show_cases (REDIAL_WINDOW (window), ids, n_ids);
}

static void
on_open_settings_file (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  RedialApplication *self = REDIAL_APPLICATION (user_data);
  g_autoptr(GFile) file = g_file_new_for_path (self->config_path);
  g_autofree char *uri = g_file_get_uri (file);

  gtk_show_uri (gtk_application_get_active_window (GTK_APPLICATION (self)), uri, GDK_CURRENT_TIME);
}

static void
on_retry_start (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  RedialApplication *self = REDIAL_APPLICATION (user_data);
  RedialOptions options = { .demo = self->demo, .config_path = self->config_path };
  g_autoptr(GError) error = NULL;
  GtkWindow *old = get_window (self);
  GtkWindow *window;

  if (self->context != NULL)
    return;

  g_clear_object (&self->config);
  self->config = redial_options_load_config (&options, &error);
  if (self->config == NULL)
    {
      g_free (self->startup_error);
      self->startup_error = g_strdup (error->message);
      redial_window_show_error (REDIAL_WINDOW (old), _("Settings Cannot Be Used"), error->message);
      return;
    }
  if (!start_context (self))
    {
      redial_window_show_error (REDIAL_WINDOW (old), self->startup_title, self->startup_error);
      return;
    }

  /* The window is built on the context: a new one takes the old one's place. */
  window = build_window (self);
  gtk_window_present (window);
  gtk_window_destroy (old);
}

static const GActionEntry app_actions[] = {
  { "about", on_about },
  { "preferences", on_preferences },
  { "quit", on_quit },
  { "open-case", on_open_case, "x" },
  { "show-cases", on_show_cases, "ax" },
  { "open-settings-file", on_open_settings_file },
  { "retry-start", on_retry_start },
};

static void
redial_application_finalize (GObject *object)
{
  RedialApplication *self = REDIAL_APPLICATION (object);

  g_clear_object (&self->notifier);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);
  g_clear_object (&self->config);
  g_clear_pointer (&self->lock, redial_service_lock_release);
  g_free (self->config_path);
  g_free (self->startup_title);
  g_free (self->startup_error);

  G_OBJECT_CLASS (redial_application_parent_class)->finalize (object);
}

static void
redial_application_class_init (RedialApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = redial_application_finalize;

  app_class->handle_local_options = redial_application_handle_local_options;
  app_class->startup = redial_application_startup;
  app_class->activate = redial_application_activate;
  app_class->shutdown = redial_application_shutdown;
}

static void
redial_application_init (RedialApplication *self)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  redial_application_add_desk_actions (self);
  redial_application_add_settings_actions (self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  redial_options_add_to_application (G_APPLICATION (self));
}

RedialApplication *
redial_application_new (void)
{
  return g_object_new (REDIAL_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/redial/Redial",
                       NULL);
}

RedialContext *
redial_application_get_context (RedialApplication *self)
{
  g_return_val_if_fail (REDIAL_IS_APPLICATION (self), NULL);
  return self->context;
}

RedialNotifier *
redial_application_get_notifier (RedialApplication *self)
{
  g_return_val_if_fail (REDIAL_IS_APPLICATION (self), NULL);
  return self->notifier;
}
