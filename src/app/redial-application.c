/* redial-application.c: command line, engine, window, background service. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include <glib/gi18n.h>

#include "redial-application.h"
#include "redial-backends.h"
#include "redial-contacts-import.h"
#include "redial-notifier.h"
#include "redial-preferences-window.h"
#include "redial-window.h"

struct _RedialApplication
{
  AdwApplication  parent_instance;

  gboolean        demo;
  gboolean        service;
  char           *config_path;

  RedialConfig   *config;
  RedialEngine   *engine;
  GSettings      *settings;
  RedialNotifier *notifier;
  char           *startup_error;
  gboolean        held;
};

G_DEFINE_FINAL_TYPE (RedialApplication, redial_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Use the built-in demo phone system and SMS gateway"), NULL },
  { "service", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Run in the background without a window (after-hours mode)"), NULL },
  { "config", 'c', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Read the business settings from FILE"), N_("FILE") },
  { "import-contacts", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Import contacts from a vCard (.vcf) or CSV file, then exit"), N_("FILE") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  { NULL }
};

/* Imports the contacts of @path into the configured store and says what
 * happened: the counts on standard output, each row left out on standard
 * error. Returns the exit status. */
static int
import_contacts (RedialApplication *self,
                 const char        *path)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(RedialStore) store = NULL;
  g_autoptr(RedialContactsImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *default_path = NULL;
  const char *store_path = redial_config_get_store_path (self->config);

  if (store_path == NULL)
    store_path = default_path = redial_store_default_path ();

  store = redial_store_open (store_path, &error);
  if (store == NULL)
    {
      g_printerr ("redial: %s\n", error->message);
      return 1;
    }

  result = redial_contacts_import_file (store, file, redial_config_get_region (self->config),
                                        NULL, &error);
  if (result == NULL)
    {
      g_printerr ("redial: %s\n", error->message);
      return 1;
    }

  g_print (ngettext ("Imported %u contact, updated %u, skipped %u\n",
                     "Imported %u contacts, updated %u, skipped %u\n",
                     result->n_imported),
           result->n_imported, result->n_updated, result->n_skipped);
  for (guint i = 0; i < result->skipped->len; i++)
    g_printerr ("%s\n", (const char *) g_ptr_array_index (result->skipped, i));
  if (result->n_skipped > result->skipped->len)
    g_printerr (_("… and %u more left out\n"), result->n_skipped - result->skipped->len);

  return 0;
}

static int
redial_application_handle_local_options (GApplication *application,
                                         GVariantDict *options)
{
  RedialApplication *self = REDIAL_APPLICATION (application);
  g_autoptr(GError) error = NULL;
  const char *import_path = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("redial %s\n", PACKAGE_VERSION);
      return 0;
    }

  self->demo = g_variant_dict_contains (options, "demo");
  self->service = g_variant_dict_contains (options, "service");
  g_variant_dict_lookup (options, "config", "^ay", &self->config_path);

  /* A settings file that cannot be used is refused before anything starts,
   * with the file, group and key at fault. */
  self->config = redial_backends_load_config (self->config_path, &error);
  if (self->config == NULL)
    {
      g_printerr ("redial: %s\n", error->message);
      return 1;
    }

  /* An import is a job for the command line: it runs, reports and exits,
   * whether or not Redial is running (the store file can be shared). */
  if (g_variant_dict_lookup (options, "import-contacts", "^&ay", &import_path))
    return import_contacts (self, import_path);

  if (self->demo)
    {
      redial_config_set_phone_system (self->config, "demo");
      redial_config_set_sms_gateway (self->config, "demo");
    }

  return -1;
}

static void
on_phone_status (RedialPhoneSystem *phone_system,
                 GParamSpec        *pspec,
                 RedialApplication *self)
{
  g_autofree char *status = redial_phone_system_dup_status (phone_system);

  /* Without a window, the log is where the link's state is seen. */
  g_message ("Phone system: %s", status);
}

static void
redial_application_startup (GApplication *application)
{
  RedialApplication *self = REDIAL_APPLICATION (application);
  g_autoptr(GError) error = NULL;

  G_APPLICATION_CLASS (redial_application_parent_class)->startup (application);

  if (self->config == NULL)
    self->config = redial_config_new ();

  self->engine = redial_backends_create_engine (self->config, &error);
  if (self->engine == NULL)
    {
      self->startup_error = g_strdup (error->message);
      g_printerr ("redial: %s\n", error->message);
      return;
    }

  /* The person at this desk signs texts that use {agent}. */
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "desk-user", self->engine, "agent-name", G_SETTINGS_BIND_GET);
  /* Alerts reach the desk even with the window closed. */
  self->notifier = redial_notifier_new (self->engine, application);

  if (redial_engine_get_phone_system (self->engine) != NULL)
    {
      RedialPhoneSystem *phone = redial_engine_get_phone_system (self->engine);

      g_signal_connect_object (phone, "notify::status", G_CALLBACK (on_phone_status), self, 0);
      /* A backend may have got where it is while the engine started. */
      on_phone_status (phone, NULL, self);
    }
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
      RedialWindow *main_window = redial_window_new (GTK_APPLICATION (application), self->engine);

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

  if (self->engine != NULL)
    redial_engine_stop (self->engine);

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
                                                     self->engine);

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
  g_clear_object (&self->engine);
  g_clear_object (&self->config);
  g_free (self->config_path);
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
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Win back every missed call: a live callback queue, "
                                              "automatic text-back and response timers."));
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

RedialEngine *
redial_application_get_engine (RedialApplication *self)
{
  g_return_val_if_fail (REDIAL_IS_APPLICATION (self), NULL);
  return self->engine;
}
