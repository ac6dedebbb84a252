/* redial-hours.h: when the business is open: weekly periods, holidays, its time zone. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define REDIAL_HOURS_ERROR (redial_hours_error_quark ())

typedef enum
{
  REDIAL_HOURS_ERROR_INVALID,  /* a period or date that cannot be read */
} RedialHoursError;

#define REDIAL_TYPE_HOURS (redial_hours_get_type ())
G_DECLARE_FINAL_TYPE (RedialHours, redial_hours, REDIAL, HOURS, GObject)

GQuark       redial_hours_error_quark        (void);

/* Hours in @tz (a reference is taken), closed every day until set. */
RedialHours *redial_hours_new                (GTimeZone    *tz);
/* Hours open every minute of every day, for a business that counts wall-clock time. */
RedialHours *redial_hours_new_always_open    (GTimeZone    *tz);

/* Sets the periods of @weekday from @spec: "08:00-12:00, 13:00-17:00",
 * "24h", or "closed". A period ends after it starts, within the day
 * ("24:00" is the end of the day). */
gboolean     redial_hours_set_day            (RedialHours  *self,
                                              GDateWeekday  weekday,
                                              const char   *spec,
                                              GError      **error);
/* A date ("2026-12-25") that is closed, or has its own periods. */
gboolean     redial_hours_set_holiday        (RedialHours  *self,
                                              const char   *date,
                                              const char   *spec,
                                              GError      **error);

GTimeZone   *redial_hours_get_time_zone      (RedialHours  *self);

/* Whether the business is open at @when (Unix µs). */
gboolean     redial_hours_is_open            (RedialHours  *self,
                                              gint64        when);
/* The first open instant at or after @when, or G_MAXINT64 when the
 * business never opens in the year ahead. */
gint64       redial_hours_next_opening       (RedialHours  *self,
                                              gint64        when);
/* How much open time lies between @from and @to (µs). */
gint64       redial_hours_open_between       (RedialHours  *self,
                                              gint64        from,
                                              gint64        to);
/* The instant at which @duration of open time has passed since @from, or
 * G_MAXINT64 when that is more than a year away. */
gint64       redial_hours_add_open_time      (RedialHours  *self,
                                              gint64        from,
                                              gint64        duration);
/* When the business closes on the local date @date: the end of that
 * day's last period (holidays included), Unix µs; 0 when it does not
 * open that day. */
gint64       redial_hours_closing_time       (RedialHours  *self,
                                              const GDate  *date);
/* The weekly hours for people: "Mon–Fri 08:00–17:00, Sat 09:00–12:00". */
char        *redial_hours_describe           (RedialHours  *self);

G_END_DECLS
