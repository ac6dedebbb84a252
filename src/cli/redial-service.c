/* redial-service.c: Redial without a display: the engine and its backends only. */
#include "config.h"

#define G_LOG_DOMAIN "redial-cli"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "redial-backends.h"
#include "redial-service.h"

typedef struct
{
  gboolean      demo;
  char         *config_path;
  RedialConfig *config;
  RedialEngine *engine;
} Service;

static const GOptionEntry option_entries[] = {
  { "service", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Run in the background without a window (after-hours mode)"), NULL },
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Use the built-in demo phone system and SMS gateway"), NULL },
  { "config", 'c', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Read the business settings from FILE"), N_("FILE") },
  { NULL }
};

gboolean
redial_service_is_headless (int    argc,
                            char **argv)
{
  gboolean service = FALSE;

  for (int i = 1; i < argc; i++)
    service |= g_strcmp0 (argv[i], "--service") == 0;

  return service && g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL;
}

static void
on_phone_status (RedialPhoneSystem *phone_system,
                 GParamSpec        *pspec,
                 gpointer           user_data)
{
  g_autofree char *status = redial_phone_system_dup_status (phone_system);

  g_message ("Phone system: %s", status);
}

static int
on_handle_local_options (GApplication *application,
                         GVariantDict *options,
                         Service      *service)
{
  g_autoptr(GError) error = NULL;

  service->demo = g_variant_dict_contains (options, "demo");
  g_variant_dict_lookup (options, "config", "^ay", &service->config_path);

  service->config = redial_backends_load_config (service->config_path, &error);
  if (service->config == NULL)
    {
      g_printerr ("redial: %s\n", error->message);
      return 1;
    }
  if (service->demo)
    {
      redial_config_set_phone_system (service->config, "demo");
      redial_config_set_sms_gateway (service->config, "demo");
    }

  return -1;
}

static void
on_startup (GApplication *application,
            Service      *service)
{
  g_autoptr(GError) error = NULL;
  RedialPhoneSystem *phone_system;

  service->engine = redial_backends_create_engine (service->config, &error);
  if (service->engine == NULL)
    {
      g_printerr ("redial: %s\n", error->message);
      return;
    }

  phone_system = redial_engine_get_phone_system (service->engine);
  if (phone_system != NULL)
    {
      g_signal_connect (phone_system, "notify::status", G_CALLBACK (on_phone_status), NULL);
      on_phone_status (phone_system, NULL, NULL);
    }

  g_application_hold (application);
  g_message ("Running in the background, without a display");
}

static void
on_activate (GApplication *application,
             Service      *service)
{
  /* Nothing to show: the engine works on its own. */
}

static gboolean
on_terminate (gpointer data)
{
  g_message ("Stopping");
  g_application_quit (G_APPLICATION (data));
  return G_SOURCE_REMOVE;
}

int
redial_service_run (int    argc,
                    char **argv)
{
  g_autoptr(GApplication) application = NULL;
  Service service = { 0 };
  int status;

  application = g_application_new (APP_ID, G_APPLICATION_DEFAULT_FLAGS);
  g_application_add_main_option_entries (application, option_entries);
  g_signal_connect (application, "handle-local-options", G_CALLBACK (on_handle_local_options), &service);
  g_signal_connect (application, "startup", G_CALLBACK (on_startup), &service);
  g_signal_connect (application, "activate", G_CALLBACK (on_activate), &service);
  /* A service is stopped with SIGTERM: stop the engine cleanly. */
  g_unix_signal_add (SIGTERM, on_terminate, application);
  g_unix_signal_add (SIGINT, on_terminate, application);

  status = g_application_run (application, argc, argv);
  if (status == 0 && service.engine == NULL && service.config != NULL)
    status = 1;

  if (service.engine != NULL)
    redial_engine_stop (service.engine);
  g_clear_object (&service.engine);
  g_clear_object (&service.config);
  g_free (service.config_path);
  return status;
}
