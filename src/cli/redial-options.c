/* redial-options.c: Redial's command-line options, parsed once for the window and the service. */
#include "config.h"

#define G_LOG_DOMAIN "redial-cli"

#include <glib/gi18n.h>

#include "redial-commands.h"
#include "redial-options.h"

/* --help lists these first, then the commands, then --version. */
static const GOptionEntry leading_entries[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Use the built-in demo phone system and SMS gateway"), NULL },
  { "service", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Run in the background without a window (after-hours mode)"), NULL },
  { "config", 'c', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Read the business settings from FILE"), N_("FILE") },
};

static const GOptionEntry version_entry = {
  "version", 0, 0, G_OPTION_ARG_NONE, NULL,
  N_("Show the version and exit"), NULL
};

/* The argument of @entry in @dict as a new string, or NULL. */
static char *
dup_argument (GVariantDict       *dict,
              const GOptionEntry *entry)
{
  char *value = NULL;

  switch (entry->arg)
    {
    case G_OPTION_ARG_FILENAME:
      g_variant_dict_lookup (dict, entry->long_name, "^ay", &value);
      break;
    case G_OPTION_ARG_STRING:
      g_variant_dict_lookup (dict, entry->long_name, "s", &value);
      break;
    default:
      break;
    }
  return value;
}

void
redial_options_add_to_application (GApplication *application)
{
  const RedialCommand *commands;
  g_autofree GOptionEntry *entries = NULL;
  guint n_commands;
  guint n = 0;

  g_return_if_fail (G_IS_APPLICATION (application));

  commands = redial_commands_get_all (&n_commands);
  entries = g_new0 (GOptionEntry, G_N_ELEMENTS (leading_entries) + n_commands + 2);
  for (guint i = 0; i < G_N_ELEMENTS (leading_entries); i++)
    entries[n++] = leading_entries[i];
  for (guint i = 0; i < n_commands; i++)
    entries[n++] = commands[i].option;
  entries[n++] = version_entry;

  /* The application keeps its own copy of the entries. */
  g_application_add_main_option_entries (application, entries);
  g_application_set_option_context_summary (application,
                                            _("Win back every missed call: a live callback queue, "
                                              "automatic text-back and response timers."));
}

RedialOptions *
redial_options_new_from_dict (GVariantDict *dict)
{
  RedialOptions *options;
  const RedialCommand *commands;
  guint n_commands;

  g_return_val_if_fail (dict != NULL, NULL);

  options = g_new0 (RedialOptions, 1);
  options->version = g_variant_dict_contains (dict, "version");
  options->demo = g_variant_dict_contains (dict, "demo");
  options->service = g_variant_dict_contains (dict, "service");
  g_variant_dict_lookup (dict, "config", "^ay", &options->config_path);

  commands = redial_commands_get_all (&n_commands);
  for (guint i = 0; i < n_commands && options->command == NULL; i++)
    {
      if (!g_variant_dict_contains (dict, commands[i].option.long_name))
        continue;
      options->command = &commands[i];
      options->command_argument = dup_argument (dict, &commands[i].option);
    }

  return options;
}

void
redial_options_free (RedialOptions *options)
{
  if (options == NULL)
    return;

  g_free (options->config_path);
  g_free (options->command_argument);
  g_free (options);
}

RedialConfig *
redial_options_load_config (const RedialOptions  *options,
                            GError              **error)
{
  g_autoptr(RedialConfig) config = NULL;

  g_return_val_if_fail (options != NULL, NULL);

  config = redial_context_load_config (options->config_path, error);
  if (config == NULL)
    return NULL;

  if (options->demo)
    {
      redial_config_set_phone_system (config, "demo");
      redial_config_set_sms_gateway (config, "demo");
    }
  return g_steal_pointer (&config);
}
