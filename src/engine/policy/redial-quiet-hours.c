/* redial-quiet-hours.c: when an automatic follow-up may reach a caller: 08:00 to 21:00 in the caller's own time zone. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include "redial-clock.h"
#include "redial-phone.h"
#include "redial-quiet-hours.h"

/* Follow-ups reach people between 08:00 and 21:00, their time. */
#define FOLLOW_UP_FIRST_MINUTE (8 * 60)
#define FOLLOW_UP_LAST_MINUTE (21 * 60)

struct _RedialQuietHours
{
  GObject       parent_instance;

  RedialConfig *config;
  GHashTable   *zones;  /* region code → GTimeZone, for callers abroad */
};

G_DEFINE_FINAL_TYPE (RedialQuietHours, redial_quiet_hours, G_TYPE_OBJECT)

/* The time zone a caller lives in: the business's, unless the number
 * belongs to another country that has a single time zone. */
static GTimeZone *
caller_time_zone (RedialQuietHours *self,
                  const char       *caller)
{
  g_autofree char *region = redial_phone_region (caller);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GTimeZone *tz;
  const char *zone = NULL;
  guint n_zones = 0;

  if (region == NULL || g_str_equal (region, redial_config_get_region (self->config)))
    return g_time_zone_ref (redial_config_get_time_zone (self->config));

  tz = g_hash_table_lookup (self->zones, region);
  if (tz != NULL)
    return g_time_zone_ref (tz);

  /* zone.tab lists each country's zones: a country with one is certain. */
  if (g_file_get_contents ("/usr/share/zoneinfo/zone.tab", &contents, NULL, NULL))
    {
      lines = g_strsplit (contents, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_auto(GStrv) fields = g_strsplit (lines[i], "\t", 4);

          if (lines[i][0] == '#' || g_strv_length (fields) < 3 || !g_str_equal (fields[0], region))
            continue;
          n_zones++;
          if (zone == NULL)
            zone = g_intern_string (fields[2]);
        }
    }

  tz = n_zones == 1 ? g_time_zone_new_identifier (zone) : NULL;
  if (tz == NULL)
    tz = g_time_zone_ref (redial_config_get_time_zone (self->config));
  g_hash_table_insert (self->zones, g_steal_pointer (&region), g_time_zone_ref (tz));
  return tz;
}

static void
redial_quiet_hours_dispose (GObject *object)
{
  RedialQuietHours *self = REDIAL_QUIET_HOURS (object);

  g_clear_object (&self->config);

  G_OBJECT_CLASS (redial_quiet_hours_parent_class)->dispose (object);
}

static void
redial_quiet_hours_finalize (GObject *object)
{
  RedialQuietHours *self = REDIAL_QUIET_HOURS (object);

  g_hash_table_unref (self->zones);

  G_OBJECT_CLASS (redial_quiet_hours_parent_class)->finalize (object);
}

static void
redial_quiet_hours_class_init (RedialQuietHoursClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = redial_quiet_hours_dispose;
  object_class->finalize = redial_quiet_hours_finalize;
}

static void
redial_quiet_hours_init (RedialQuietHours *self)
{
  self->zones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_time_zone_unref);
}

RedialQuietHours *
redial_quiet_hours_new (RedialConfig *config)
{
  RedialQuietHours *self;

  g_return_val_if_fail (REDIAL_IS_CONFIG (config), NULL);

  self = g_object_new (REDIAL_TYPE_QUIET_HOURS, NULL);
  self->config = g_object_ref (config);
  return self;
}

gint64
redial_quiet_hours_next_allowed (RedialQuietHours *self,
                                 const char       *caller,
                                 gint64            when)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) morning = NULL;
  int minute;

  g_return_val_if_fail (REDIAL_IS_QUIET_HOURS (self), when);

  tz = caller_time_zone (self, caller);
  local = redial_clock_date_time (when, tz);
  minute = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);
  if (minute >= FOLLOW_UP_FIRST_MINUTE && minute < FOLLOW_UP_LAST_MINUTE)
    return when;

  morning = g_date_time_new (tz, g_date_time_get_year (local), g_date_time_get_month (local),
                             g_date_time_get_day_of_month (local),
                             FOLLOW_UP_FIRST_MINUTE / 60, FOLLOW_UP_FIRST_MINUTE % 60, 0);
  if (minute >= FOLLOW_UP_LAST_MINUTE)
    {
      GDateTime *next = g_date_time_add_days (morning, 1);
      g_date_time_unref (morning);
      morning = next;
    }
  return g_date_time_to_unix (morning) * G_USEC_PER_SEC;
}
