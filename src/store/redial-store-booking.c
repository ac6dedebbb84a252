/* redial-store-booking.c: what every store says about booking: the sentences of its refusals, and new uids. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include <glib/gi18n.h>

#include "redial-store-booking.h"

/* "Mon 30 Nov 09:00–11:00" in the desk's time zone: the store knows no
 * other, and the desk reads the sentence. */
static char *
describe_span (gint64 start,
               gint64 end)
{
  g_autoptr(GDateTime) from = g_date_time_new_from_unix_local (start / G_USEC_PER_SEC);
  g_autoptr(GDateTime) to = g_date_time_new_from_unix_local (end / G_USEC_PER_SEC);
  g_autofree char *day = g_date_time_format (from, "%a %e %b");
  g_autofree char *first = g_date_time_format (from, "%H:%M");
  g_autofree char *last = g_date_time_format (to, "%H:%M");

  /* TRANSLATORS: a day, then a time span: "Mon 30 Nov 09:00–11:00" */
  return g_strdup_printf (_("%s %s–%s"), g_strstrip (day), first, last);
}

gboolean
redial_store_booking_overlaps_appointment (GError     **error,
                                           const char  *resource,
                                           gint64       appointment_id,
                                           gint64       start,
                                           gint64       end)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, appointment_id);
  g_autofree char *span = describe_span (start, end);

  /* TRANSLATORS: "Overlaps Joe's appointment 12, Mon 30 Nov 09:00–11:00." */
  g_set_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_OVERLAP,
               _("Overlaps %s’s appointment %s, %s."), resource, id, span);
  return FALSE;
}

gboolean
redial_store_booking_overlaps_hold (GError     **error,
                                    const char  *resource,
                                    gint64       start,
                                    gint64       end)
{
  g_autofree char *span = describe_span (start, end);

  /* TRANSLATORS: "Overlaps Joe's time held for another caller, Mon 30 Nov 09:00–11:00." */
  g_set_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_OVERLAP,
               _("Overlaps %s’s time held for another caller, %s."), resource, span);
  return FALSE;
}

gboolean
redial_store_booking_not_found (GError **error,
                                gint64   appointment_id)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, appointment_id);

  g_set_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_NOT_FOUND,
               _("There is no appointment %s."), id);
  return FALSE;
}

gboolean
redial_store_booking_cancelled (GError **error,
                                gint64   appointment_id)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, appointment_id);

  g_set_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_CLOSED,
               _("Appointment %s was cancelled."), id);
  return FALSE;
}

gboolean
redial_store_booking_not_held (GError **error)
{
  g_set_error_literal (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_EXPIRED,
                       _("The offered time is no longer held."));
  return FALSE;
}

char *
redial_store_booking_new_uid (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strconcat (uuid, "@redial", NULL);
}
