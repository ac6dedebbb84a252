/* redial-report-command.c: `redial report`: the owner's report on the command line, as text, CSV, JSON or PDF. */
#include "config.h"

#define G_LOG_DOMAIN "redial-cli"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "redial-commands.h"
#include "redial-context.h"
#include "redial-report.h"
#include "redial-report-command.h"

typedef struct
{
  char     *config_path;
  char     *date;
  char     *from;
  char     *to;
  char     *format;
  char     *output;
  gboolean  cases;
} ReportOptions;

static void
report_options_clear (ReportOptions *options)
{
  g_free (options->config_path);
  g_free (options->date);
  g_free (options->from);
  g_free (options->to);
  g_free (options->format);
  g_free (options->output);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ReportOptions, report_options_clear)

/* The days the options ask for; yesterday, in the business's time zone,
 * when they ask for none. */
static gboolean
read_period (const ReportOptions  *options,
             RedialConfig         *config,
             GDate                *first,
             GDate                *last,
             GError              **error)
{
  if (options->date != NULL && (options->from != NULL || options->to != NULL))
    {
      g_set_error_literal (error, REDIAL_REPORT_ERROR, REDIAL_REPORT_ERROR_DATE,
                           _("Give either --date or --from and --to, not both."));
      return FALSE;
    }
  if ((options->from != NULL) != (options->to != NULL))
    {
      g_set_error_literal (error, REDIAL_REPORT_ERROR, REDIAL_REPORT_ERROR_DATE,
                           _("A range needs both --from and --to."));
      return FALSE;
    }

  if (options->date != NULL)
    {
      if (!redial_report_parse_date (options->date, first, error))
        return FALSE;
      *last = *first;
      return TRUE;
    }
  if (options->from != NULL)
    return redial_report_parse_date (options->from, first, error) &&
           redial_report_parse_date (options->to, last, error);

  {
    g_autoptr(GDateTime) now = g_date_time_new_now (redial_config_get_time_zone (config));

    g_date_clear (first, 1);
    g_date_set_dmy (first, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                    g_date_time_get_year (now));
    g_date_subtract_days (first, 1);
    *last = *first;
  }
  return TRUE;
}

static GBytes *
render (RedialReport        *report,
        const ReportOptions *options,
        GError             **error)
{
  const char *format = options->format != NULL ? options->format : "text";
  char *text;

  if (options->cases && !g_str_equal (format, "csv"))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--cases goes with --format csv."));
      return NULL;
    }

  if (g_str_equal (format, "text"))
    text = redial_report_to_text (report);
  else if (g_str_equal (format, "csv"))
    text = redial_report_to_csv (report, options->cases);
  else if (g_str_equal (format, "json"))
    text = redial_report_to_json (report);
  else if (g_str_equal (format, "pdf"))
    return redial_report_to_pdf (report, error);
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not a report format: use text, csv, json or pdf."), format);
      return NULL;
    }

  return g_bytes_new_take (text, strlen (text));
}

static int
fail (GError *error)
{
  g_printerr ("redial report: %s\n", error->message);
  return 1;
}

int
redial_report_command_main (int    argc,
                            char **argv)
{
  g_auto(ReportOptions) options = { 0 };
  const GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &options.config_path,
      N_("Read the business settings from FILE"), N_("FILE") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &options.date,
      N_("The day to report (yesterday when no day is given)"), N_("YYYY-MM-DD") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &options.from,
      N_("The first day of the period"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &options.to,
      N_("The last day of the period"), N_("YYYY-MM-DD") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &options.format,
      N_("text, csv, json or pdf (text when not given)"), N_("FORMAT") },
    { "cases", 0, 0, G_OPTION_ARG_NONE, &options.cases,
      N_("With --format csv: one row per case"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &options.output,
      N_("Write to FILE instead of standard output"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) option_context = g_option_context_new (NULL);
  g_autoptr(RedialConfig) config = NULL;
  g_autoptr(RedialContext) context = NULL;
  g_autoptr(RedialReport) report = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  GDate first, last;

  g_return_val_if_fail (argc >= 1 && argv != NULL, 1);

  /* No window sets the locale for this command: the report speaks the
   * desk's language and prints its dashes and quotes as they are. */
  setlocale (LC_ALL, "");

  g_option_context_set_summary (option_context,
                                _("The owner’s report: missed calls, cases reached, qualified and booked, "
                                  "revenue and response times, for a day or a range of days."));
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
  if (config == NULL ||
      !read_period (&options, config, &first, &last, &error))
    return fail (error);

  context = redial_context_new (config, NULL);
  if (!redial_commands_open_existing_store (context, &error))
    return fail (error);

  report = redial_report_compute (redial_context_get_store (context), config, &first, &last, &error);
  if (report == NULL ||
      (bytes = render (report, &options, &error)) == NULL ||
      !redial_commands_write_output (bytes, options.output, _("The report cannot be written to “%s”: %s"),
                                     &error))
    return fail (error);

  return 0;
}
