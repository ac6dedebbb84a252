/* redial-calendar-conflict.c: settling an appointment changed both in Redial and in the office calendar. */
#include "config.h"

#define G_LOG_DOMAIN "redial-calendar"

#include <glib/gi18n.h>

#include "redial-application-private.h"
#include "redial-calendar-conflict.h"
#include "redial-format.h"

typedef struct
{
  RedialApplication *app;
  gint64             appointment_id;
} Resolve;

/* Helpers */

static void
resolve_free (Resolve *resolve)
{
  g_clear_object (&resolve->app);
  g_free (resolve);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Resolve, resolve_free)

static void
say (RedialApplication *app,
     const char        *message)
{
  RedialWindow *window = redial_application_find_window (app);

  if (window != NULL)
    redial_window_show_toast (window, message);
}

static void
report (Resolve      *resolve,
        const GError *error)
{
  g_warning ("Calendar conflict of appointment %" G_GINT64_FORMAT ": %s", resolve->appointment_id, error->message);
  if (g_error_matches (error, REDIAL_CALDAV_ERROR, REDIAL_CALDAV_ERROR_CONFLICT))
    say (resolve->app, _("The appointment was changed in the office calendar again: look at it once more."));
  else
    say (resolve->app, error->message);
}

/* "Joe · Tue Dec 1, 9:00–11:00" */
static char *
describe (RedialAppointment *appointment)
{
  RedialSlot slot = {
    .resource = (char *) redial_appointment_get_resource (appointment),
    .start = redial_appointment_get_start (appointment),
    .end = redial_appointment_get_end (appointment),
  };

  return redial_format_slot (&slot);
}

/* Notes @text on the timeline of appointment @appointment_id's case, as
 * the desk's user: who chose which version stays on record. */
static void
note (RedialContext *context,
      gint64         appointment_id,
      const char    *format)
{
  RedialEngine *engine = redial_context_get_engine (context);
  g_autoptr(RedialAppointment) appointment = NULL;
  g_autoptr(RedialCase) kase = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *slot = NULL;
  g_autofree char *text = NULL;

  appointment = redial_store_get_appointment (redial_context_get_store (context), appointment_id, &error);
  if (appointment != NULL)
    kase = redial_engine_find_case (engine, redial_appointment_get_case_id (appointment), &error);
  if (kase != NULL)
    {
      slot = describe (appointment);
      text = g_strdup_printf (format, slot);
    }
  if (kase == NULL || !redial_engine_add_note (engine, kase, text, &error))
    g_warning ("The choice for appointment %" G_GINT64_FORMAT " could not be noted: %s",
               appointment_id, error->message);
}

/* Callbacks */

static void
on_kept (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Resolve) resolve = user_data;
  RedialContext *context = redial_application_get_context (resolve->app);
  g_autoptr(GError) error = NULL;

  if (!redial_caldav_publisher_keep_ours_finish (REDIAL_CALDAV_PUBLISHER (source), result, &error))
    {
      report (resolve, error);
      return;
    }
  if (context == NULL)
    return;
  /* Translators: noted on a case's timeline; %s is the appointment: "Joe · Tue Dec 1, 9:00–11:00" */
  note (context, resolve->appointment_id, _("Kept Redial’s version of the appointment over the office calendar’s: %s"));
  say (resolve->app, _("Redial’s version is in the office calendar"));
}

/* Moves or cancels the appointment as the calendar has it; FALSE with
 * the reason when that cannot be. */
static gboolean
match_theirs (RedialContext         *context,
              gint64                 appointment_id,
              const RedialIcsEvent  *theirs,
              GError               **error)
{
  RedialEngine *engine = redial_context_get_engine (context);
  g_autoptr(RedialAppointment) ours = NULL;
  g_autoptr(RedialAppointment) moved = NULL;

  ours = redial_store_get_appointment (redial_context_get_store (context), appointment_id, error);
  if (ours == NULL)
    return FALSE;
  if (theirs->cancelled)
    return !redial_appointment_is_booked (ours) ||
           redial_engine_cancel_appointment (engine, appointment_id, error);
  if (!redial_appointment_is_booked (ours))
    {
      g_set_error_literal (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_REFUSED,
                           _("The appointment was cancelled in Redial: book the case again to take the office "
                             "calendar’s time."));
      return FALSE;
    }
  if (theirs->start == redial_appointment_get_start (ours) && theirs->end == redial_appointment_get_end (ours))
    return TRUE;
  moved = redial_engine_move_appointment (engine, appointment_id, NULL, theirs->start, theirs->end, error);
  return moved != NULL;
}

static void
on_theirs_read (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Resolve) resolve = user_data;
  RedialCaldavPublisher *publisher = REDIAL_CALDAV_PUBLISHER (source);
  RedialContext *context = redial_application_get_context (resolve->app);
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  RedialIcsEvent theirs;

  if (!redial_caldav_publisher_read_theirs_finish (publisher, result, &theirs, &etag, &error) ||
      context == NULL ||
      !match_theirs (context, resolve->appointment_id, &theirs, &error) ||
      !redial_caldav_publisher_accept_theirs (publisher, resolve->appointment_id, etag, theirs.sequence, &error))
    {
      if (error != NULL)
        report (resolve, error);
      return;
    }
  note (context, resolve->appointment_id,
        theirs.cancelled
        /* Translators: noted on a case's timeline; %s is the appointment: "Joe · Tue Dec 1, 9:00–11:00" */
        ? _("Took the office calendar’s version of the appointment: cancelled there (%s)")
        /* Translators: noted on a case's timeline; %s is the appointment as it now is */
        : _("Took the office calendar’s version of the appointment: %s"));
  say (resolve->app, _("The appointment now matches the office calendar"));
}

/* Public API */

void
redial_calendar_conflict_activate (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  RedialApplication *app = user_data;
  RedialContext *context = redial_application_get_context (app);
  RedialCaldavPublisher *publisher = context != NULL ? redial_context_get_calendar_publisher (context) : NULL;
  Resolve *resolve;

  if (context == NULL)
    return;
  if (publisher == NULL)
    {
      say (app, _("No office calendar is set up: add a [caldav] url to the settings."));
      return;
    }
  resolve = g_new0 (Resolve, 1);
  resolve->app = g_object_ref (app);
  resolve->appointment_id = g_variant_get_int64 (parameter);
  if (g_str_equal (g_action_get_name (G_ACTION (action)), "keep-redial-version"))
    redial_caldav_publisher_keep_ours_async (publisher, resolve->appointment_id, NULL, on_kept, resolve);
  else
    redial_caldav_publisher_read_theirs_async (publisher, resolve->appointment_id, NULL, on_theirs_read, resolve);
}
