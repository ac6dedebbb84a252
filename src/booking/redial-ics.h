/* redial-ics.h: appointments as iCalendar (RFC 5545), for an .ics file and for CalDAV. */
#pragma once

#include <glib.h>
#include <libical/ical.h>

#include "redial-appointment.h"
#include "redial-clock.h"

G_BEGIN_DECLS

/* A VCALENDAR holding one VEVENT per appointment of @appointments
 * (RedialAppointment), in that order, each with its UID, SEQUENCE,
 * DTSTAMP @now (Unix µs), DTSTART and DTEND in @tz with the VTIMEZONE
 * they name (in UTC when libical does not know @tz's name), SUMMARY (job
 * type and caller name), LOCATION (address), RESOURCES (the resource),
 * and STATUS (CONFIRMED, or CANCELLED). Caller-supplied text is escaped
 * as iCalendar text, never interpreted. Free with icalcomponent_free(). */
icalcomponent *redial_ics_calendar_new (GPtrArray         *appointments,
                                        GTimeZone         *tz,
                                        gint64             now);
/* The same, as the text of an .ics file (CRLF line ends, folded). Free
 * with g_free(). */
char          *redial_ics_to_string    (GPtrArray         *appointments,
                                        GTimeZone         *tz,
                                        gint64             now);
/* The CalDAV object of one appointment: a VCALENDAR with its VEVENT. */
GBytes        *redial_ics_object_new   (RedialAppointment *appointment,
                                        GTimeZone         *tz,
                                        gint64             now);

/* What a calendar's copy of an appointment says, read back. */
typedef struct
{
  gint64   start;          /* Unix µs */
  gint64   end;
  gboolean cancelled;      /* STATUS:CANCELLED */
  guint    sequence;
  gint64   last_modified;  /* LAST-MODIFIED, else DTSTAMP (Unix µs); 0 when neither */
} RedialIcsEvent;

/* Reads the VEVENT of @text (one VCALENDAR, as a CalDAV server keeps an
 * appointment) into @event: its times (a TZID the VCALENDAR or libical
 * knows, UTC, or else in @tz; a DURATION instead of DTEND), STATUS,
 * SEQUENCE and when it was last changed. Fails with G_IO_ERROR_INVALID_DATA
 * and a sentence when @text holds no event with a start. */
gboolean       redial_ics_read_event   (const char        *text,
                                        GTimeZone         *tz,
                                        RedialIcsEvent    *event,
                                        GError           **error);

/* The export of @day in @tz, or of the Monday-to-Sunday week holding it
 * when @week: [*@from, *@to) in Unix µs, from midnight to midnight as
 * the business's clocks show them, whatever the daylight saving time. */
void           redial_ics_period       (const GDate       *day,
                                        gboolean           week,
                                        GTimeZone         *tz,
                                        gint64            *from,
                                        gint64            *to);

/* Sets @day to today in @tz on @clock's time. */
void           redial_ics_today        (RedialClock       *clock,
                                        GTimeZone         *tz,
                                        GDate             *day);

G_END_DECLS
