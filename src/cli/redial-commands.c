/* redial-commands.c: the commands of the command line: each runs without a window, says what it did and exits. */
#include "config.h"

#define G_LOG_DOMAIN "redial-cli"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "redial-commands.h"
#include "redial-export-ics-command.h"
#include "redial-import-command.h"
#include "redial-migrate-command.h"
#include "redial-push-settings-command.h"
#include "redial-report-command.h"

/* A new command is one entry here: its option and the function that runs it. */
static const RedialCommand commands[] = {
  { { "import-contacts", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Import contacts from a vCard (.vcf) or CSV file, then exit"), N_("FILE") },
    redial_import_command_run },
  { { "migrate-to", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Copy this desk’s history into the empty shared database at URL (postgresql://…), then exit"),
      N_("URL") },
    redial_migrate_command_run },
  { { "push-settings", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Make the business settings in FILE those of every desk on the shared database, then exit"),
      N_("FILE") },
    redial_push_settings_command_run },
};

/* Commands with options of their own, named first: `redial report …`. */
static const struct
{
  const char *name;
  int       (*main) (int argc, char **argv);
} subcommands[] = {
  { "report", redial_report_command_main },
  { "export-ics", redial_export_ics_command_main },
};

gboolean
redial_commands_run_subcommand (int    argc,
                                char **argv,
                                int   *status)
{
  g_return_val_if_fail (status != NULL, FALSE);

  if (argc < 2)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    if (g_strcmp0 (argv[1], subcommands[i].name) == 0)
      {
        *status = subcommands[i].main (argc - 1, argv + 1);
        return TRUE;
      }
  return FALSE;
}

const RedialCommand *
redial_commands_get_all (guint *n_commands)
{
  g_return_val_if_fail (n_commands != NULL, NULL);

  *n_commands = G_N_ELEMENTS (commands);
  return commands;
}

int
redial_commands_handle_local_options (const RedialOptions  *options,
                                      RedialConfig        **config,
                                      GError              **settings_error)
{
  g_autoptr(RedialConfig) loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (options != NULL, 1);
  g_return_val_if_fail (config != NULL && *config == NULL, 1);

  if (options->version)
    {
      g_print ("redial %s\n", PACKAGE_VERSION);
      return 0;
    }

  /* A settings file that cannot be used is refused before anything starts,
   * with the file, group and key at fault. */
  loaded = redial_options_load_config (options, &error);
  if (loaded == NULL && settings_error != NULL && !options->service && options->command == NULL)
    {
      /* Started from the desktop: the window says it where it is seen. */
      g_propagate_error (settings_error, g_steal_pointer (&error));
      return -1;
    }
  if (loaded == NULL)
    {
      g_printerr ("redial: %s\n", error->message);
      return 1;
    }

  /* A command is a job for the command line: it runs, reports and exits,
   * whether or not Redial is running (the store file can be shared). */
  if (options->command != NULL)
    {
      g_autoptr(RedialContext) context = redial_context_new (loaded, NULL);

      return options->command->run (context, options->command_argument);
    }

  *config = g_steal_pointer (&loaded);
  return -1;
}

gboolean
redial_commands_write_output (GBytes      *bytes,
                              const char  *output,
                              const char  *cannot_write,
                              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize size;

  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (cannot_write != NULL, FALSE);

  data = g_bytes_get_data (bytes, &size);
  if (output == NULL)
    {
      int saved;

      if (fwrite (data, 1, size, stdout) == size && fflush (stdout) == 0)
        return TRUE;
      saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("The standard output cannot be written: %s"), g_strerror (saved));
      return FALSE;
    }
  if (g_file_set_contents (output, data, size, &local_error))
    return TRUE;
  g_set_error (error, local_error->domain, local_error->code, cannot_write, output, local_error->message);
  return FALSE;
}

gboolean
redial_commands_open_existing_store (RedialContext  *context,
                                     GError        **error)
{
  const char *path;

  g_return_val_if_fail (REDIAL_IS_CONTEXT (context), FALSE);

  /* A shared database is there, or says why it cannot be reached. */
  if (redial_config_get_store_url (redial_context_get_config (context)) != NULL)
    return redial_context_open_store (context, error);

  path = redial_context_get_store_path (context);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _("There is no database at “%s”: Redial has recorded nothing there yet "
                     "(see [store] path in the settings)."), path);
      return FALSE;
    }
  if (g_access (path, R_OK) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("The database “%s” cannot be read: %s"), path, g_strerror (saved));
      return FALSE;
    }
  return redial_context_open_store (context, error);
}
