/* redial-clock.h: where all of Redial's time comes from, real or simulated. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define REDIAL_TYPE_CLOCK (redial_clock_get_type ())
G_DECLARE_INTERFACE (RedialClock, redial_clock, REDIAL, CLOCK, GObject)

/* Called when a scheduled time arrives. Return G_SOURCE_CONTINUE to run
 * again after the same delay, G_SOURCE_REMOVE to stop. */
typedef gboolean (*RedialClockFunc) (gpointer user_data);

struct _RedialClockInterface
{
  GTypeInterface parent_iface;

  gint64 (*now)      (RedialClock    *self);
  guint  (*schedule) (RedialClock    *self,
                      gint64          delay_us,
                      RedialClockFunc func,
                      gpointer        user_data,
                      GDestroyNotify  destroy);
  void   (*cancel)   (RedialClock    *self,
                      guint           id);
};

/* The current time: Unix time in microseconds. */
gint64     redial_clock_now           (RedialClock    *self);
/* The current time as a GDateTime in @tz (local time when NULL). */
GDateTime *redial_clock_now_in        (RedialClock    *self,
                                       GTimeZone      *tz);
/* @unix_us (Unix time in microseconds) as a GDateTime in @tz (local when NULL). */
GDateTime *redial_clock_date_time     (gint64          unix_us,
                                       GTimeZone      *tz);
/* Runs @func after @delay_us of this clock's time. Returns an id > 0 for
 * redial_clock_cancel(); @destroy runs when the schedule ends either way. */
guint      redial_clock_schedule      (RedialClock    *self,
                                       gint64          delay_us,
                                       RedialClockFunc func,
                                       gpointer        user_data,
                                       GDestroyNotify  destroy);
void       redial_clock_cancel        (RedialClock    *self,
                                       guint           id);

/* Cancels the schedule *@id points to, if any, and sets it to 0. */
void       redial_clock_clear         (RedialClock    *self,
                                       guint          *id);

G_END_DECLS
