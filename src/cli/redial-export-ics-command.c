/* redial-export-ics-command.c: `redial export-ics`: a day's or a week's appointments as an iCalendar file. */
#include "config.h"

#define G_LOG_DOMAIN "redial-cli"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "redial-commands.h"
#include "redial-context.h"
#include "redial-export-ics-command.h"
#include "redial-ics.h"
#include "redial-report.h"

typedef struct
{
  char *config_path;
  char *date;
  char *week;
  char *resource;
  char *output;
} ExportOptions;

static void
export_options_clear (ExportOptions *options)
{
  g_free (options->config_path);
  g_free (options->date);
  g_free (options->week);
  g_free (options->resource);
  g_free (options->output);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ExportOptions, export_options_clear)

/* [*from, *to) for the options: the day asked for, the Monday-to-Sunday
 * week holding it, or today. */
static gboolean
read_period (const ExportOptions  *options,
             RedialConfig         *config,
             RedialClock          *clock,
             gint64               *from,
             gint64               *to,
             GError              **error)
{
  GTimeZone *tz = redial_config_get_time_zone (config);
  GDate day;

  if (options->date != NULL && options->week != NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("Give either --date or --week, not both."));
      return FALSE;
    }
  if (options->date != NULL || options->week != NULL)
    {
      if (!redial_report_parse_date (options->date != NULL ? options->date : options->week, &day, error))
        return FALSE;
    }
  else
    redial_ics_today (clock, tz, &day);

  redial_ics_period (&day, options->week != NULL, tz, from, to);
  return TRUE;
}

static int
fail (GError *error)
{
  g_printerr ("redial export-ics: %s\n", error->message);
  return 1;
}

int
redial_export_ics_command_main (int    argc,
                                char **argv)
{
  g_auto(ExportOptions) options = { 0 };
  const GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &options.config_path,
      N_("Read the business settings from FILE"), N_("FILE") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &options.date,
      N_("The day to export (today when no day is given)"), N_("YYYY-MM-DD") },
    { "week", 0, 0, G_OPTION_ARG_STRING, &options.week,
      N_("Export the week, Monday to Sunday, holding this day"), N_("YYYY-MM-DD") },
    { "resource", 0, 0, G_OPTION_ARG_STRING, &options.resource,
      N_("Only this resource’s appointments"), N_("NAME") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &options.output,
      N_("Write to FILE instead of standard output"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) option_context = g_option_context_new (NULL);
  g_autoptr(RedialConfig) config = NULL;
  g_autoptr(RedialContext) context = NULL;
  g_autoptr(GPtrArray) appointments = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *text;
  RedialClock *clock;
  gint64 from, to;

  g_return_val_if_fail (argc >= 1 && argv != NULL, 1);

  setlocale (LC_ALL, "");

  g_option_context_set_summary (option_context,
                                _("The appointments of a day or a week, of one resource or all, "
                                  "as an iCalendar (.ics) file that calendar programs import."));
  g_option_context_add_main_entries (option_context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (option_context, &argc, &argv, &error))
    return fail (error);
  if (argc > 1)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Unexpected argument “%s”."), argv[1]);
      return fail (error);
    }

  config = redial_context_load_config (options.config_path, &error);
  if (config == NULL)
    return fail (error);
  context = redial_context_new (config, NULL);
  clock = redial_context_get_clock (context);
  if (!read_period (&options, config, clock, &from, &to, &error) ||
      !redial_commands_open_existing_store (context, &error))
    return fail (error);

  appointments = redial_store_list_appointments_with_cancelled (redial_context_get_store (context), from, to,
                                                                options.resource, &error);
  if (appointments == NULL)
    return fail (error);

  text = redial_ics_to_string (appointments, redial_config_get_time_zone (config), redial_clock_now (clock));
  bytes = g_bytes_new_take (text, strlen (text));
  if (!redial_commands_write_output (bytes, options.output, _("The calendar cannot be written to “%s”: %s"),
                                     &error))
    return fail (error);
  return 0;
}
