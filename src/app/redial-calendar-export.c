/* redial-calendar-export.c: saving a day's or a week's appointments as an .ics file, from the window. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include <glib/gi18n.h>

#include "redial-application-private.h"
#include "redial-calendar-export.h"
#include "redial-ics.h"
#include "redial-report.h"

typedef struct
{
  RedialContext            *context;
  GtkFileChooserNative     *chooser;
  GDate                     day;
  gboolean                  week;
  char                     *resource;
  GFile                    *file;
  RedialCalendarExportDone  done;
  gpointer                  user_data;
} Export;

static void
export_free (Export *export)
{
  g_clear_object (&export->context);
  g_clear_object (&export->chooser);
  g_clear_object (&export->file);
  g_free (export->resource);
  g_free (export);
}

static void
finish (Export       *export,
        const GError *error)
{
  export->done (error == NULL ? export->file : NULL, error, export->user_data);
  export_free (export);
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Export *export = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) sentence = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      g_autofree char *name = g_file_get_parse_name (G_FILE (source));

      sentence = g_error_new (error->domain, error->code,
                              _("The calendar cannot be saved as “%s”: %s"), name, error->message);
    }
  finish (export, sentence);
}

/* The appointments asked for, as iCalendar text. */
static char *
render (Export  *export,
        GError **error)
{
  RedialConfig *config = redial_context_get_config (export->context);
  GTimeZone *tz = redial_config_get_time_zone (config);
  RedialStore *store = redial_context_get_store (export->context);
  g_autoptr(GPtrArray) appointments = NULL;
  gint64 from, to;

  if (store == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _("The appointments cannot be read: the database is not open."));
      return NULL;
    }
  redial_ics_period (&export->day, export->week, tz, &from, &to);
  appointments = redial_store_list_appointments_with_cancelled (store, from, to, export->resource, error);
  if (appointments == NULL)
    return NULL;
  return redial_ics_to_string (appointments, tz, redial_clock_now (redial_context_get_clock (export->context)));
}

static void
on_response (GtkNativeDialog *chooser,
             int              response,
             gpointer         user_data)
{
  Export *export = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *text;

  gtk_native_dialog_hide (chooser);
  if (response != GTK_RESPONSE_ACCEPT)
    {
      finish (export, NULL);
      return;
    }

  export->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  text = render (export, &error);
  if (text == NULL)
    {
      finish (export, error);
      return;
    }
  bytes = g_bytes_new_take (text, strlen (text));
  g_file_replace_contents_bytes_async (export->file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION, NULL, on_written, export);
}

void
redial_calendar_export_run (GtkWindow                *parent,
                            RedialContext            *context,
                            const GDate              *day,
                            gboolean                  week,
                            const char               *resource,
                            RedialCalendarExportDone  done,
                            gpointer                  user_data)
{
  Export *export;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  char iso[16];

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (REDIAL_IS_CONTEXT (context));
  g_return_if_fail (day != NULL && g_date_valid (day));
  g_return_if_fail (done != NULL);

  export = g_new0 (Export, 1);
  export->context = g_object_ref (context);
  export->day = *day;
  export->week = week;
  export->resource = g_strdup (resource);
  export->done = done;
  export->user_data = user_data;

  export->chooser = gtk_file_chooser_native_new (_("Export Calendar"), parent,
                                                 GTK_FILE_CHOOSER_ACTION_SAVE,
                                                 _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (export->chooser), TRUE);
  gtk_file_filter_set_name (filter, _("iCalendar files"));
  gtk_file_filter_add_mime_type (filter, "text/calendar");
  gtk_file_filter_add_suffix (filter, "ics");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (export->chooser), filter);

  g_date_strftime (iso, sizeof iso, "%Y-%m-%d", day);
  /* TRANSLATORS: the file name offered for an exported calendar; %s is a date (2026-12-01) */
  name = g_strdup_printf (week ? _("appointments-week-%s.ics") : _("appointments-%s.ics"), iso);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (export->chooser), name);

  g_signal_connect (export->chooser, "response", G_CALLBACK (on_response), export);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (export->chooser));
}

static void
say (RedialApplication *app,
     const char        *message)
{
  RedialWindow *window = redial_application_find_window (app);

  if (window != NULL)
    redial_window_show_toast (window, message);
}

static void
on_exported (GFile        *file,
             const GError *error,
             gpointer      user_data)
{
  g_autoptr(RedialApplication) app = user_data;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (error != NULL)
    {
      g_warning ("Export calendar: %s", error->message);
      say (app, error->message);
      return;
    }
  if (file == NULL)
    return;
  name = g_file_get_basename (file);
  message = g_strdup_printf (_("Appointments saved as “%s”"), name);
  say (app, message);
}

void
redial_calendar_export_activate (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
  RedialApplication *app = user_data;
  RedialContext *context = redial_application_get_context (app);
  RedialWindow *window = redial_application_find_window (app);
  const char *range, *date, *resource;
  g_autoptr(GError) error = NULL;
  GDate day;

  if (context == NULL)
    return;
  g_variant_get (parameter, "(&s&s&s)", &range, &date, &resource);
  if (*date != '\0')
    {
      if (!redial_report_parse_date (date, &day, &error))
        {
          g_warning ("Export calendar: %s", error->message);
          say (app, error->message);
          return;
        }
    }
  else
    redial_ics_today (redial_context_get_clock (context),
                      redial_config_get_time_zone (redial_context_get_config (context)), &day);

  redial_calendar_export_run (window != NULL ? GTK_WINDOW (window) : NULL, context, &day,
                              g_str_equal (range, "week"), *resource != '\0' ? resource : NULL,
                              on_exported, g_object_ref (app));
}
