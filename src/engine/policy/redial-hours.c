/* redial-hours.c: when the business is open. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include <glib/gi18n.h>
#include <stdio.h>

#include "redial-hours.h"
#include "redial-settings.h"

#define MINUTES_PER_DAY (24 * 60)
#define SEARCH_DAYS 400

typedef struct
{
  guint16 start;  /* minutes after local midnight */
  guint16 end;    /* exclusive; up to MINUTES_PER_DAY */
} Period;

struct _RedialHours
{
  GObject     parent_instance;

  GTimeZone  *tz;
  GArray     *week[7];   /* Period, sorted; index 0 is Monday */
  GHashTable *holidays;  /* "YYYY-MM-DD" → GArray of Period (empty: closed) */
};

G_DEFINE_FINAL_TYPE (RedialHours, redial_hours, G_TYPE_OBJECT)

G_DEFINE_QUARK (redial-hours-error-quark, redial_hours_error)

static gboolean
parse_time (const char *text,
            guint16    *minutes)
{
  guint value;

  if (!redial_settings_parse_clock (text, &value))
    return FALSE;
  *minutes = (guint16) value;
  return TRUE;
}

static int
compare_periods (gconstpointer a,
                 gconstpointer b)
{
  const Period *x = a;
  const Period *y = b;
  return (int) x->start - (int) y->start;
}

/* Parses "08:00-12:00, 13:00-17:00", "24h" or "closed" into sorted,
 * non-overlapping periods. */
static GArray *
parse_spec (const char  *spec,
            GError     **error)
{
  g_autoptr(GArray) periods = g_array_new (FALSE, FALSE, sizeof (Period));
  g_auto(GStrv) parts = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (spec != NULL ? spec : ""));

  if (g_ascii_strcasecmp (trimmed, "closed") == 0)
    return g_steal_pointer (&periods);
  if (g_ascii_strcasecmp (trimmed, "24h") == 0)
    {
      Period all_day = { 0, MINUTES_PER_DAY };
      g_array_append_val (periods, all_day);
      return g_steal_pointer (&periods);
    }

  parts = g_strsplit (trimmed, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) ends = g_strsplit (g_strstrip (parts[i]), "-", -1);
      Period period;

      if (g_strv_length (ends) != 2 ||
          !parse_time (g_strstrip (ends[0]), &period.start) ||
          !parse_time (g_strstrip (ends[1]), &period.end) ||
          period.end <= period.start)
        {
          g_set_error (error, REDIAL_HOURS_ERROR, REDIAL_HOURS_ERROR_INVALID,
                       _("“%s” is not a period such as “08:00-17:00”"), g_strstrip (parts[i]));
          return NULL;
        }
      g_array_append_val (periods, period);
    }

  g_array_sort (periods, compare_periods);
  for (guint i = 1; i < periods->len; i++)
    {
      if (g_array_index (periods, Period, i).start < g_array_index (periods, Period, i - 1).end)
        {
          g_set_error (error, REDIAL_HOURS_ERROR, REDIAL_HOURS_ERROR_INVALID,
                       _("The periods in “%s” overlap"), trimmed);
          return NULL;
        }
    }

  return g_steal_pointer (&periods);
}

/* The periods that apply on the local date of @day. */
static GArray *
periods_on (RedialHours *self,
            GDateTime   *day)
{
  char key[11];
  GArray *holiday;

  g_snprintf (key, sizeof key, "%04d-%02d-%02d", g_date_time_get_year (day),
              g_date_time_get_month (day), g_date_time_get_day_of_month (day));
  holiday = g_hash_table_lookup (self->holidays, key);
  if (holiday != NULL)
    return holiday;

  return self->week[g_date_time_get_day_of_week (day) - 1];
}

/* Unix µs of @minutes after local midnight of @day's date. Built from the
 * local date and time, so that days of 23 or 25 hours come out right. */
static gint64
local_instant (RedialHours *self,
               GDateTime   *day,
               guint        minutes)
{
  g_autoptr(GDateTime) midnight = g_date_time_new (self->tz, g_date_time_get_year (day),
                                                   g_date_time_get_month (day),
                                                   g_date_time_get_day_of_month (day), 0, 0, 0);
  g_autoptr(GDateTime) at = NULL;

  if (minutes >= MINUTES_PER_DAY)
    at = g_date_time_add_days (midnight, 1);
  else
    at = g_date_time_new (self->tz, g_date_time_get_year (day), g_date_time_get_month (day),
                          g_date_time_get_day_of_month (day), minutes / 60, minutes % 60, 0);

  return g_date_time_to_unix (at) * G_USEC_PER_SEC;
}

/* Calls @visit with each open interval [start, end) from the day of @from
 * on, in order, until it returns FALSE or SEARCH_DAYS have passed. */
static void
foreach_open_interval (RedialHours *self,
                       gint64       from,
                       gboolean   (*visit) (gint64 start, gint64 end, gpointer data),
                       gpointer     data)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (from / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, self->tz);
  g_autoptr(GDateTime) day = g_date_time_new (self->tz, g_date_time_get_year (local),
                                              g_date_time_get_month (local),
                                              g_date_time_get_day_of_month (local), 12, 0, 0);

  for (guint n = 0; n < SEARCH_DAYS; n++)
    {
      GArray *periods = periods_on (self, day);
      GDateTime *next;

      for (guint i = 0; i < periods->len; i++)
        {
          const Period *period = &g_array_index (periods, Period, i);
          gint64 start = local_instant (self, day, period->start);
          gint64 end = local_instant (self, day, period->end);

          if (end > start && !visit (start, end, data))
            return;
        }

      /* Noon to noon never lands in a DST gap. */
      next = g_date_time_add_days (day, 1);
      g_date_time_unref (day);
      day = next;
    }
}

typedef struct
{
  gint64 from;
  gint64 to;
  gint64 result;
} Walk;

static gboolean
visit_next_opening (gint64   start,
                    gint64   end,
                    gpointer data)
{
  Walk *walk = data;

  if (end <= walk->from)
    return TRUE;
  walk->result = MAX (start, walk->from);
  return FALSE;
}

static gboolean
visit_open_between (gint64   start,
                    gint64   end,
                    gpointer data)
{
  Walk *walk = data;

  if (start >= walk->to)
    return FALSE;
  if (end > walk->from)
    walk->result += MIN (end, walk->to) - MAX (start, walk->from);
  return TRUE;
}

static gboolean
visit_add_open_time (gint64   start,
                     gint64   end,
                     gpointer data)
{
  Walk *walk = data;
  gint64 available;

  /* walk->to holds the open time still to pass. */
  if (end <= walk->from)
    return TRUE;
  start = MAX (start, walk->from);
  available = end - start;
  if (walk->to <= available)
    {
      walk->result = start + walk->to;
      return FALSE;
    }
  walk->to -= available;
  return TRUE;
}

static void
redial_hours_finalize (GObject *object)
{
  RedialHours *self = REDIAL_HOURS (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->week); i++)
    g_array_unref (self->week[i]);
  g_hash_table_unref (self->holidays);
  g_time_zone_unref (self->tz);

  G_OBJECT_CLASS (redial_hours_parent_class)->finalize (object);
}

static void
redial_hours_class_init (RedialHoursClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = redial_hours_finalize;
}

static void
redial_hours_init (RedialHours *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->week); i++)
    self->week[i] = g_array_new (FALSE, FALSE, sizeof (Period));
  self->holidays = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_array_unref);
}

RedialHours *
redial_hours_new (GTimeZone *tz)
{
  RedialHours *self;

  g_return_val_if_fail (tz != NULL, NULL);

  self = g_object_new (REDIAL_TYPE_HOURS, NULL);
  self->tz = g_time_zone_ref (tz);
  return self;
}

RedialHours *
redial_hours_new_always_open (GTimeZone *tz)
{
  RedialHours *self = redial_hours_new (tz);

  for (GDateWeekday day = G_DATE_MONDAY; day <= G_DATE_SUNDAY; day++)
    redial_hours_set_day (self, day, "24h", NULL);
  return self;
}

gboolean
redial_hours_set_day (RedialHours   *self,
                      GDateWeekday   weekday,
                      const char    *spec,
                      GError       **error)
{
  GArray *periods;

  g_return_val_if_fail (REDIAL_IS_HOURS (self), FALSE);
  g_return_val_if_fail (weekday >= G_DATE_MONDAY && weekday <= G_DATE_SUNDAY, FALSE);

  periods = parse_spec (spec, error);
  if (periods == NULL)
    return FALSE;

  g_array_unref (self->week[weekday - 1]);
  self->week[weekday - 1] = periods;
  return TRUE;
}

gboolean
redial_hours_set_holiday (RedialHours  *self,
                          const char   *date,
                          const char   *spec,
                          GError      **error)
{
  guint year, month, day;
  char extra;
  GArray *periods;

  g_return_val_if_fail (REDIAL_IS_HOURS (self), FALSE);
  g_return_val_if_fail (date != NULL, FALSE);

  if (sscanf (date, "%4u-%2u-%2u%c", &year, &month, &day, &extra) != 3 ||
      !g_date_valid_dmy (day, month, year))
    {
      g_set_error (error, REDIAL_HOURS_ERROR, REDIAL_HOURS_ERROR_INVALID,
                   _("“%s” is not a date such as “2026-12-25”"), date);
      return FALSE;
    }

  periods = parse_spec (spec, error);
  if (periods == NULL)
    return FALSE;

  g_hash_table_replace (self->holidays, g_strdup_printf ("%04u-%02u-%02u", year, month, day), periods);
  return TRUE;
}

GTimeZone *
redial_hours_get_time_zone (RedialHours *self)
{
  g_return_val_if_fail (REDIAL_IS_HOURS (self), NULL);
  return self->tz;
}

gint64
redial_hours_next_opening (RedialHours *self,
                           gint64       when)
{
  Walk walk = { when, 0, G_MAXINT64 };

  g_return_val_if_fail (REDIAL_IS_HOURS (self), G_MAXINT64);

  foreach_open_interval (self, when, visit_next_opening, &walk);
  return walk.result;
}

gboolean
redial_hours_is_open (RedialHours *self,
                      gint64       when)
{
  g_return_val_if_fail (REDIAL_IS_HOURS (self), FALSE);
  return redial_hours_next_opening (self, when) == when;
}

gint64
redial_hours_open_between (RedialHours *self,
                           gint64       from,
                           gint64       to)
{
  Walk walk = { from, to, 0 };

  g_return_val_if_fail (REDIAL_IS_HOURS (self), 0);

  if (to <= from)
    return 0;
  foreach_open_interval (self, from, visit_open_between, &walk);
  return walk.result;
}

gint64
redial_hours_add_open_time (RedialHours *self,
                            gint64       from,
                            gint64       duration)
{
  Walk walk = { from, duration, G_MAXINT64 };

  g_return_val_if_fail (REDIAL_IS_HOURS (self), G_MAXINT64);
  g_return_val_if_fail (duration >= 0, G_MAXINT64);

  if (duration == 0)
    return redial_hours_next_opening (self, from);
  foreach_open_interval (self, from, visit_add_open_time, &walk);
  return walk.result;
}

static gboolean
same_periods (GArray *a,
              GArray *b)
{
  return a->len == b->len && memcmp (a->data, b->data, a->len * sizeof (Period)) == 0;
}

static void
append_periods (GString *out,
                GArray  *periods)
{
  for (guint i = 0; i < periods->len; i++)
    {
      const Period *p = &g_array_index (periods, Period, i);
      g_string_append_printf (out, "%s%02u:%02u–%02u:%02u", i > 0 ? ", " : "",
                              p->start / 60, p->start % 60, p->end / 60, p->end % 60);
    }
}

char *
redial_hours_describe (RedialHours *self)
{
  /* Weekday abbreviations stay in English: {hours} goes out in texts. */
  static const char * const names[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (REDIAL_IS_HOURS (self), NULL);

  for (guint i = 0; i < 7; )
    {
      guint j = i;

      while (j + 1 < 7 && same_periods (self->week[j + 1], self->week[i]))
        j++;
      if (self->week[i]->len > 0)
        {
          if (out->len > 0)
            g_string_append (out, ", ");
          if (j > i)
            g_string_append_printf (out, "%s–%s ", names[i], names[j]);
          else
            g_string_append_printf (out, "%s ", names[i]);
          append_periods (out, self->week[i]);
        }
      i = j + 1;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
