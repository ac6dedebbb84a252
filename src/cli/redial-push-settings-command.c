/* redial-push-settings-command.c: `redial --push-settings FILE`: a settings file becomes every desk's business settings. */
#include "config.h"

#define G_LOG_DOMAIN "redial-cli"

#include <glib/gi18n.h>

#include "redial-push-settings-command.h"
#include "redial-shared-settings.h"

int
redial_push_settings_command_run (RedialContext *context,
                                  const char    *path)
{
  g_autoptr(RedialConfig) settings = NULL;
  g_autoptr(RedialPgStore) shared = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *who = NULL;
  g_autofree char *safe = NULL;
  g_autofree char *number = NULL;
  const char *url;
  gint64 version = 0;

  g_return_val_if_fail (REDIAL_IS_CONTEXT (context), 1);
  g_return_val_if_fail (path != NULL, 1);

  /* Checked as a desk would read it: a file no desk could start with is
   * never handed to all of them. */
  settings = redial_config_load (path, &error);
  if (settings == NULL)
    {
      g_printerr ("redial: %s\n", error->message);
      g_printerr ("redial: %s\n", _("The shared business settings were left as they were."));
      return 1;
    }

  url = redial_config_get_store_url (redial_context_get_config (context));
  if (url == NULL)
    url = redial_config_get_store_url (settings);
  if (url == NULL)
    {
      g_printerr ("redial: %s\n", _("--push-settings needs the shared database: set [store] url in "
                                    "the settings"));
      return 1;
    }
  safe = redial_pg_store_redact_url (url);

  /* The store only: a desk's own start would seed or take settings. */
  shared = redial_context_connect_shared_store (context, url, &error);
  who = redial_shared_settings_who ();
  if (shared == NULL ||
      !redial_shared_settings_push (REDIAL_STORE (shared), settings, who, g_get_real_time (), &version, &error))
    {
      g_printerr ("redial: %s\n", error->message);
      return 1;
    }

  number = g_strdup_printf ("%" G_GINT64_FORMAT, version);
  g_message ("%s pushed the business settings of %s to %s: version %" G_GINT64_FORMAT,
             who, path, safe, version);
  g_print (_("The business settings of “%s” are version %s of %s now: every desk and the service go "
             "by them.\n"),
           path, number, safe);
  return 0;
}
