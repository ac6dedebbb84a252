/* redial-clock.c: where all of Redial's time comes from. */
#include "config.h"

#define G_LOG_DOMAIN "redial-util"

#include "redial-clock.h"

G_DEFINE_INTERFACE (RedialClock, redial_clock, G_TYPE_OBJECT)

static void
redial_clock_default_init (RedialClockInterface *iface)
{
}

gint64
redial_clock_now (RedialClock *self)
{
  g_return_val_if_fail (REDIAL_IS_CLOCK (self), 0);
  return REDIAL_CLOCK_GET_IFACE (self)->now (self);
}

GDateTime *
redial_clock_now_in (RedialClock *self,
                     GTimeZone   *tz)
{
  g_return_val_if_fail (REDIAL_IS_CLOCK (self), NULL);

  return redial_clock_date_time (redial_clock_now (self), tz);
}

GDateTime *
redial_clock_date_time (gint64     unix_us,
                        GTimeZone *tz)
{
  g_autoptr(GDateTime) seconds = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GTimeZone) local = NULL;

  seconds = g_date_time_new_from_unix_utc (unix_us / G_USEC_PER_SEC);
  utc = g_date_time_add (seconds, unix_us % G_USEC_PER_SEC);
  if (tz == NULL)
    tz = local = g_time_zone_new_local ();
  return g_date_time_to_timezone (utc, tz);
}

guint
redial_clock_schedule (RedialClock    *self,
                       gint64          delay_us,
                       RedialClockFunc func,
                       gpointer        user_data,
                       GDestroyNotify  destroy)
{
  g_return_val_if_fail (REDIAL_IS_CLOCK (self), 0);
  g_return_val_if_fail (func != NULL, 0);
  g_return_val_if_fail (delay_us >= 0, 0);

  return REDIAL_CLOCK_GET_IFACE (self)->schedule (self, delay_us, func, user_data, destroy);
}

void
redial_clock_cancel (RedialClock *self,
                     guint        id)
{
  g_return_if_fail (REDIAL_IS_CLOCK (self));
  g_return_if_fail (id > 0);

  REDIAL_CLOCK_GET_IFACE (self)->cancel (self, id);
}

void
redial_clock_clear (RedialClock *self,
                    guint       *id)
{
  g_return_if_fail (id != NULL);

  if (*id == 0)
    return;
  redial_clock_cancel (self, *id);
  *id = 0;
}
