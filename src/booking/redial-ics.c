/* redial-ics.c: appointments as iCalendar (RFC 5545), for an .ics file and for CalDAV. */
#include "config.h"

#define G_LOG_DOMAIN "redial-booking"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "redial-ics.h"

#define PRODID "-//Redial//Redial " PACKAGE_VERSION "//EN"

/* Helpers */

/* libical's zone of @tz's name, or NULL when it has none (a fixed offset,
 * or a zone libical's data does not hold): times are then written in UTC. */
static icaltimezone *
find_zone (GTimeZone *tz)
{
  const char *name = tz != NULL ? g_time_zone_get_identifier (tz) : NULL;

  if (name == NULL || *name == '\0' || g_str_equal (name, "UTC"))
    return NULL;
  return icaltimezone_get_builtin_timezone (name);
}

static struct icaltimetype
utc_time (gint64 unix_us)
{
  return icaltime_from_timet_with_zone ((time_t) (unix_us / G_USEC_PER_SEC), FALSE,
                                        icaltimezone_get_utc_timezone ());
}

/* Midnight of @day plus @days days in @tz (Unix µs). */
static gint64
midnight (const GDate *day,
          guint        days,
          GTimeZone   *tz)
{
  GDate date = *day;
  g_autoptr(GDateTime) start = NULL;

  g_date_add_days (&date, days);
  start = g_date_time_new (tz, g_date_get_year (&date), g_date_get_month (&date),
                           g_date_get_day (&date), 0, 0, 0);
  return g_date_time_to_unix (start) * G_USEC_PER_SEC;
}

/* DTSTART or DTEND (@kind) at @unix_us: the wall-clock time in @zone
 * with its TZID, or UTC without one. */
static icalproperty *
time_property (icalproperty_kind  kind,
               gint64             unix_us,
               GTimeZone         *tz,
               icaltimezone      *zone)
{
  struct icaltimetype time = icaltime_null_time ();
  icalproperty *property;

  if (zone == NULL)
    time = utc_time (unix_us);
  else
    {
      g_autoptr(GDateTime) local = g_date_time_new_from_unix_utc (unix_us / G_USEC_PER_SEC);
      g_autoptr(GDateTime) in_zone = g_date_time_to_timezone (local, tz);

      time.year = g_date_time_get_year (in_zone);
      time.month = g_date_time_get_month (in_zone);
      time.day = g_date_time_get_day_of_month (in_zone);
      time.hour = g_date_time_get_hour (in_zone);
      time.minute = g_date_time_get_minute (in_zone);
      time.second = g_date_time_get_second (in_zone);
    }

  property = icalproperty_new (kind);
  icalproperty_set_value (property, icalvalue_new_datetime (time));
  if (zone != NULL)
    icalproperty_add_parameter (property, icalparameter_new_tzid (icaltimezone_get_location (zone)));
  return property;
}

/* "Drain cleaning – Ana Pérez": what the job is and for whom, with
 * whichever of them is known. */
static char *
summary_of (RedialAppointment *appointment)
{
  const char *job_type = redial_appointment_get_job_type (appointment);
  const char *who = redial_appointment_get_caller_name (appointment);

  if (who == NULL || *who == '\0')
    who = redial_appointment_get_caller (appointment);
  if (job_type != NULL && *job_type != '\0' && who != NULL && *who != '\0')
    /* TRANSLATORS: an appointment's title in a calendar: the job type, then the caller */
    return g_strdup_printf (_("%s – %s"), job_type, who);
  if (job_type != NULL && *job_type != '\0')
    return g_strdup (job_type);
  if (who != NULL && *who != '\0')
    return g_strdup (who);
  return g_strdup (_("Appointment"));
}

static icalcomponent *
event_new (RedialAppointment *appointment,
           GTimeZone         *tz,
           icaltimezone      *zone,
           gint64             now)
{
  icalcomponent *event = icalcomponent_new (ICAL_VEVENT_COMPONENT);
  g_autofree char *summary = summary_of (appointment);
  const char *address = redial_appointment_get_address (appointment);
  const char *resource = redial_appointment_get_resource (appointment);
  gint64 created = redial_appointment_get_created_at (appointment);
  gint64 updated = redial_appointment_get_updated_at (appointment);
  gboolean cancelled = redial_appointment_get_status (appointment) == REDIAL_APPOINTMENT_STATUS_CANCELLED;

  icalcomponent_add_property (event, icalproperty_new_uid (redial_appointment_get_uid (appointment)));
  icalcomponent_add_property (event, icalproperty_new_sequence ((int) redial_appointment_get_sequence (appointment)));
  icalcomponent_add_property (event, icalproperty_new_dtstamp (utc_time (now)));
  if (created > 0)
    icalcomponent_add_property (event, icalproperty_new_created (utc_time (created)));
  if (updated > 0)
    icalcomponent_add_property (event, icalproperty_new_lastmodified (utc_time (updated)));
  icalcomponent_add_property (event, time_property (ICAL_DTSTART_PROPERTY,
                                                    redial_appointment_get_start (appointment), tz, zone));
  icalcomponent_add_property (event, time_property (ICAL_DTEND_PROPERTY,
                                                    redial_appointment_get_end (appointment), tz, zone));
  /* libical escapes commas, semicolons, backslashes and line breaks of
   * TEXT values: a caller's name is kept as text, never as structure. */
  icalcomponent_add_property (event, icalproperty_new_summary (summary));
  if (address != NULL && *address != '\0')
    icalcomponent_add_property (event, icalproperty_new_location (address));
  if (resource != NULL && *resource != '\0')
    icalcomponent_add_property (event, icalproperty_new_resources (resource));
  icalcomponent_add_property (event, icalproperty_new_status (cancelled ? ICAL_STATUS_CANCELLED
                                                                        : ICAL_STATUS_CONFIRMED));
  icalcomponent_add_property (event, icalproperty_new_transp (cancelled ? ICAL_TRANSP_TRANSPARENT
                                                                        : ICAL_TRANSP_OPAQUE));
  return event;
}

/* The VTIMEZONE of @zone, named by its plain location as the events'
 * TZIDs are, and cut to the rules in force from @from (Unix µs) on. */
static icalcomponent *
vtimezone_new (icaltimezone *zone,
               gint64        from)
{
  icalcomponent *vtimezone = icalcomponent_new_clone (icaltimezone_get_component (zone));
  icalproperty *tzid = icalcomponent_get_first_property (vtimezone, ICAL_TZID_PROPERTY);

  if (tzid != NULL)
    icalproperty_set_tzid (tzid, icaltimezone_get_location (zone));
  /* A year before the first event keeps the rule it starts under; the
   * rest of the zone's history since the 1880s is of no use. */
  icaltimezone_truncate_vtimezone (vtimezone, utc_time (from - (gint64) 366 * 24 * 3600 * G_USEC_PER_SEC),
                                   icaltime_null_time (), 0);
  return vtimezone;
}

/* Public API */

icalcomponent *
redial_ics_calendar_new (GPtrArray *appointments,
                         GTimeZone *tz,
                         gint64     now)
{
  icalcomponent *calendar;
  icaltimezone *zone;
  gint64 first = now;

  g_return_val_if_fail (appointments != NULL, NULL);

  zone = find_zone (tz);
  calendar = icalcomponent_new (ICAL_VCALENDAR_COMPONENT);
  icalcomponent_add_property (calendar, icalproperty_new_prodid (PRODID));
  icalcomponent_add_property (calendar, icalproperty_new_version ("2.0"));
  icalcomponent_add_property (calendar, icalproperty_new_calscale ("GREGORIAN"));

  for (guint i = 0; i < appointments->len; i++)
    first = MIN (first, redial_appointment_get_start (g_ptr_array_index (appointments, i)));
  if (zone != NULL)
    icalcomponent_add_component (calendar, vtimezone_new (zone, first));

  for (guint i = 0; i < appointments->len; i++)
    icalcomponent_add_component (calendar, event_new (g_ptr_array_index (appointments, i), tz, zone, now));
  return calendar;
}

char *
redial_ics_to_string (GPtrArray *appointments,
                      GTimeZone *tz,
                      gint64     now)
{
  icalcomponent *calendar;
  char *ical;
  char *text;

  g_return_val_if_fail (appointments != NULL, NULL);

  calendar = redial_ics_calendar_new (appointments, tz, now);
  /* libical's buffer is freed by libical, the copy by g_free(). */
  ical = icalcomponent_as_ical_string_r (calendar);
  text = g_strdup (ical);
  icalmemory_free_buffer (ical);
  icalcomponent_free (calendar);
  return text;
}

GBytes *
redial_ics_object_new (RedialAppointment *appointment,
                       GTimeZone         *tz,
                       gint64             now)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();
  char *text;

  g_return_val_if_fail (REDIAL_IS_APPOINTMENT (appointment), NULL);

  g_ptr_array_add (one, appointment);
  text = redial_ics_to_string (one, tz, now);
  return g_bytes_new_take (text, strlen (text));
}

/* @time as Unix µs: in its own zone, in UTC, or (floating, or a date)
 * in @tz. */
static gint64
unix_of (struct icaltimetype  time,
         GTimeZone           *tz)
{
  g_autoptr(GDateTime) local = NULL;

  if (!time.is_date && (icaltime_is_utc (time) || time.zone != NULL))
    return (gint64) icaltime_as_timet_with_zone (time, time.zone) * G_USEC_PER_SEC;
  local = g_date_time_new (tz, time.year, time.month, time.day,
                           time.is_date ? 0 : time.hour, time.is_date ? 0 : time.minute,
                           time.is_date ? 0 : time.second);
  return local != NULL ? g_date_time_to_unix (local) * G_USEC_PER_SEC : 0;
}

gboolean
redial_ics_read_event (const char      *text,
                       GTimeZone       *tz,
                       RedialIcsEvent  *event,
                       GError         **error)
{
  icalcomponent *calendar;
  icalcomponent *vevent;
  icalproperty *property;
  struct icaltimetype start;
  struct icaltimetype end;

  g_return_val_if_fail (text != NULL && tz != NULL && event != NULL, FALSE);

  memset (event, 0, sizeof *event);
  calendar = icalparser_parse_string (text);
  vevent = calendar == NULL ? NULL
           : icalcomponent_isa (calendar) == ICAL_VEVENT_COMPONENT ? calendar
           : icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT);
  start = vevent != NULL ? icalcomponent_get_dtstart (vevent) : icaltime_null_time ();
  if (vevent == NULL || icaltime_is_null_time (start))
    {
      g_clear_pointer (&calendar, icalcomponent_free);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The calendar’s copy of the appointment has no start time."));
      return FALSE;
    }

  end = icalcomponent_get_dtend (vevent);
  event->start = unix_of (start, tz);
  event->end = icaltime_is_null_time (end) ? event->start : unix_of (end, tz);
  event->cancelled = icalcomponent_get_status (vevent) == ICAL_STATUS_CANCELLED;
  property = icalcomponent_get_first_property (vevent, ICAL_SEQUENCE_PROPERTY);
  event->sequence = property != NULL ? (guint) MAX (0, icalproperty_get_sequence (property)) : 0;
  property = icalcomponent_get_first_property (vevent, ICAL_LASTMODIFIED_PROPERTY);
  if (property != NULL)
    event->last_modified = unix_of (icalproperty_get_lastmodified (property), tz);
  else if ((property = icalcomponent_get_first_property (vevent, ICAL_DTSTAMP_PROPERTY)) != NULL)
    event->last_modified = unix_of (icalproperty_get_dtstamp (property), tz);
  icalcomponent_free (calendar);
  return TRUE;
}

void
redial_ics_period (const GDate *day,
                   gboolean     week,
                   GTimeZone   *tz,
                   gint64      *from,
                   gint64      *to)
{
  GDate first;

  g_return_if_fail (day != NULL && g_date_valid (day));
  g_return_if_fail (tz != NULL && from != NULL && to != NULL);

  first = *day;
  if (week)
    g_date_subtract_days (&first, g_date_get_weekday (&first) - G_DATE_MONDAY);
  *from = midnight (&first, 0, tz);
  *to = midnight (&first, week ? 7 : 1, tz);
}

void
redial_ics_today (RedialClock *clock,
                  GTimeZone   *tz,
                  GDate       *day)
{
  g_autoptr(GDateTime) now = NULL;

  g_return_if_fail (REDIAL_IS_CLOCK (clock));
  g_return_if_fail (tz != NULL && day != NULL);

  now = redial_clock_now_in (clock, tz);
  g_date_clear (day, 1);
  g_date_set_dmy (day, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}
