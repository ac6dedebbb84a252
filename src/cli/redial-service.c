/* redial-service.c: Redial without a display: the engine and its backends only. */
#include "config.h"

#define G_LOG_DOMAIN "redial-cli"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "redial-commands.h"
#include "redial-context.h"
#include "redial-service.h"
#include "redial-service-lock.h"

typedef struct
{
  RedialConfig      *config;
  RedialContext     *context;
  RedialServiceLock *lock;
} Service;

gboolean
redial_service_is_headless (int    argc,
                            char **argv)
{
  gboolean service = FALSE;

  for (int i = 1; i < argc; i++)
    service |= g_strcmp0 (argv[i], "--service") == 0;

  return service && g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL;
}

static int
on_handle_local_options (GApplication *application,
                         GVariantDict *dict,
                         Service      *service)
{
  g_autoptr(RedialOptions) options = redial_options_new_from_dict (dict);

  return redial_commands_handle_local_options (options, &service->config, NULL);
}

static void
on_startup (GApplication *application,
            Service      *service)
{
  g_autoptr(GError) error = NULL;

  service->context = redial_context_new (service->config, NULL);
  if (!redial_context_open (service->context, &error) ||
      !redial_context_start (service->context, &error))
    {
      g_printerr ("redial: %s\n", error->message);
      g_clear_object (&service->context);
      return;
    }

  /* Desks of this office see that the automation runs here. */
  service->lock = redial_service_lock_acquire (redial_context_get_store_path (service->context), &error);
  if (service->lock == NULL)
    g_message ("%s", error->message);

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
  redial_options_add_to_application (application);
  g_signal_connect (application, "handle-local-options", G_CALLBACK (on_handle_local_options), &service);
  g_signal_connect (application, "startup", G_CALLBACK (on_startup), &service);
  g_signal_connect (application, "activate", G_CALLBACK (on_activate), &service);
  /* A service is stopped with SIGTERM: stop the engine cleanly. */
  g_unix_signal_add (SIGTERM, on_terminate, application);
  g_unix_signal_add (SIGINT, on_terminate, application);

  status = g_application_run (application, argc, argv);
  if (status == 0 && service.context == NULL && service.config != NULL)
    status = 1;

  if (service.context != NULL)
    redial_context_stop (service.context);
  g_clear_object (&service.context);
  g_clear_object (&service.config);
  g_clear_pointer (&service.lock, redial_service_lock_release);
  return status;
}
