/* redial-import-command.c: `redial --import-contacts FILE`: contacts from a vCard or CSV file into the store. */
#include "config.h"

#define G_LOG_DOMAIN "redial-cli"

#include <glib/gi18n.h>

#include "redial-contacts-import.h"
#include "redial-import-command.h"

int
redial_import_command_run (RedialContext *context,
                           const char    *path)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(RedialContactsImportResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (REDIAL_IS_CONTEXT (context), 1);
  g_return_val_if_fail (path != NULL, 1);

  if (!redial_context_open_store (context, &error))
    {
      g_printerr ("redial: %s\n", error->message);
      return 1;
    }

  file = g_file_new_for_commandline_arg (path);
  result = redial_contacts_import_file (redial_context_get_store (context), file,
                                        redial_config_get_region (redial_context_get_config (context)),
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
