/* redial-migrate-command.c: `redial --migrate-to URL`: a single desk's history into the shared PostgreSQL store. */
#include "config.h"

#define G_LOG_DOMAIN "redial-cli"

#include <glib/gi18n.h>

#include "redial-migrate-command.h"
#include "redial-pg-store.h"

int
redial_migrate_command_run (RedialContext *context,
                            const char    *url)
{
  g_autoptr(RedialStore) history = NULL;
  g_autoptr(RedialPgStore) shared = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *safe = NULL;
  const char *path;
  RedialPgMigration done;

  g_return_val_if_fail (REDIAL_IS_CONTEXT (context), 1);
  g_return_val_if_fail (url != NULL, 1);

  path = redial_context_get_store_path (context);
  if (!redial_pg_store_is_url (url))
    {
      g_printerr ("redial: %s\n", _("--migrate-to takes a postgresql:// address"));
      return 1;
    }
  safe = redial_pg_store_redact_url (url);

  /* The file's schema brought up to date first: then both have the same tables. */
  history = redial_store_open (path, &error);
  if (history == NULL)
    {
      g_printerr ("redial: %s\n", error->message);
      return 1;
    }
  g_clear_object (&history);

  shared = redial_context_connect_shared_store (context, url, &error);
  if (shared == NULL || !redial_pg_store_import_sqlite (shared, path, &done, &error))
    {
      g_printerr ("redial: %s\n", error->message);
      return 1;
    }

  /* The tables' own names, rows and checksums: the same in any language. */
  for (guint i = 0; i < done.n_tables; i++)
    g_print ("%-16s %10" G_GINT64_FORMAT "  sha256:%s\n",
             done.tables[i].name, done.tables[i].rows, done.tables[i].checksum);
  g_print (_("Copied “%s” into %s: every table’s count and checksum match.\n"), path, safe);
  return 0;
}
