/* redial-application.c: the window's application: one context, the window, the background service. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include <glib/gi18n.h>

#include "redial-application.h"
#include "redial-commands.h"
#include "redial-notifier.h"
#include "redial-preferences-window.h"
#include "redial-window.h"

struct _RedialApplication
{
  AdwApplication  parent_instance;

  gboolean        service;

  RedialConfig   *config;
  RedialContext  *context;
  GSettings      *settings;
  RedialNotifier *notifier;
  char           *startup_error;
  gboolean        held;
};

G_DEFINE_FINAL_TYPE (RedialApplication, redial_application, ADW_TYPE_APPLICATION)

static int
redial_application_handle_local_options (GApplication *application,
                                         GVariantDict *dict)
{
  RedialApplication *self = REDIAL_APPLICATION (application);
  g_autoptr(RedialOptions) options = redial_options_new_from_dict (dict);
  int status;

  /* Commands run here, before GTK is set up, and end the process. */
  status = redial_commands_handle_local_options (options, &self->config);
  if (status >= 0)
    return status;

  self->service = options->service;
  return -1;
}

static void
redial_application_startup (GApplication *application)
{
  RedialApplication *self = REDIAL_APPLICATION (application);
  g_autoptr(GError) error = NULL;

  G_APPLICATION_CLASS (redial_application_parent_class)->startup (application);

  if (self->config == NULL)
    self->config = redial_config_new ();

  self->context = redial_context_new (self->config, NULL);
  if (!redial_context_open (self->context, &error) ||
      !redial_context_start (self->context, &error))
    {
      self->startup_error = g_strdup (error->message);
      g_printerr ("redial: %s\n", error->message);
      g_clear_object (&self->context);
      return;
    }

  /* The person at this desk signs texts that use {agent}. */
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "desk-user", redial_context_get_engine (self->context), "agent-name",
                   G_SETTINGS_BIND_GET);
  /* Alerts reach the desk even with the window closed. */
  self->notifier = redial_notifier_new (self->context, application);
}

static void
redial_application_activate (GApplication *application)
{
  RedialApplication *self = REDIAL_APPLICATION (application);
  GtkWindow *window;

  /* The first activation of the service keeps it running with no window;
   * launching Redial again opens the window in the same process. */
  if (self->service && !self->held)
    {
      self->held = TRUE;
      g_application_hold (application);
      g_message ("Running in the background");
      return;
    }

  window = gtk_application_get_active_window (GTK_APPLICATION (application));
  if (window == NULL)
    {
      RedialWindow *main_window = redial_window_new (GTK_APPLICATION (application), self->context);

      if (self->startup_error != NULL)
        redial_window_show_error (main_window, self->startup_error);
      window = GTK_WINDOW (main_window);
    }

  gtk_window_present (window);
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
on_quit (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", on_about },
  { "preferences", on_preferences },
  { "quit", on_quit },
};

static void
redial_application_finalize (GObject *object)
{
  RedialApplication *self = REDIAL_APPLICATION (object);

  g_clear_object (&self->notifier);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);
  g_clear_object (&self->config);
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
