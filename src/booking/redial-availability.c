/* redial-availability.c: when a resource is free: the booking rules checked against the calendar, and the next free slots. */
#include "config.h"

#define G_LOG_DOMAIN "redial-booking"

#include <stdio.h>
#include <glib/gi18n.h>

#include "redial-availability.h"

#define MINUTE ((gint64) 60 * G_USEC_PER_SEC)
#define DAY_SECONDS (24 * 3600)
#define SLOT_STEP_MINUTES 15

/* A stretch of a resource's time that is taken: an appointment or a hold. */
typedef struct
{
  gint64 start;
  gint64 end;
  gint64 appointment_id;  /* 0 for a hold */
  gint64 case_id;
  gint64 expires_at;      /* G_MAXINT64 for an appointment */
} Busy;

/* One resource's taken time, by start. */
typedef struct
{
  GArray *busy;      /* Busy */
  gint64  longest;   /* the longest entry of busy, so a search knows where to stop */
} Calendar;

/* A proposed slot in the business's local time, when it lies within one day. */
typedef struct
{
  GDateWeekday day;
  int          start;  /* seconds after local midnight */
  int          end;    /* the same, up to 24 h */
} LocalSpan;

struct _RedialAvailability
{
  GObject     parent_instance;

  GPtrArray  *resources;   /* RedialResource */
  GPtrArray  *job_types;   /* RedialJobType */
  GTimeZone  *time_zone;
  gint64      minimum_notice;
  gint64      buffer;
  GHashTable *calendars;   /* resource name → Calendar */
};

G_DEFINE_FINAL_TYPE (RedialAvailability, redial_availability, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (RedialSlot, redial_slot, redial_slot_copy, redial_slot_free)

static void
calendar_free (Calendar *calendar)
{
  g_array_unref (calendar->busy);
  g_free (calendar);
}

static int
compare_busy (gconstpointer a,
              gconstpointer b)
{
  const Busy *x = a, *y = b;

  return x->start < y->start ? -1 : x->start > y->start;
}

static void
add_busy (RedialAvailability *self,
          const char         *resource,
          const Busy         *busy)
{
  Calendar *calendar = g_hash_table_lookup (self->calendars, resource);

  if (calendar == NULL)
    {
      calendar = g_new0 (Calendar, 1);
      calendar->busy = g_array_new (FALSE, FALSE, sizeof (Busy));
      g_hash_table_insert (self->calendars, g_strdup (resource), calendar);
    }
  g_array_append_vals (calendar->busy, busy, 1);
  calendar->longest = MAX (calendar->longest, busy->end - busy->start);
}

static GDateTime *
local_time (RedialAvailability *self,
            gint64              at)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at / G_USEC_PER_SEC);

  return g_date_time_to_timezone (utc, self->time_zone);
}

static int
seconds_of_day (GDateTime *time)
{
  return g_date_time_get_hour (time) * 3600 + g_date_time_get_minute (time) * 60 +
         g_date_time_get_second (time);
}

/* Where [@start, @end) falls on the local clock; FALSE when it does not
 * lie within one local day (ending at the next midnight does). */
static gboolean
local_span (RedialAvailability *self,
            gint64              start,
            gint64              end,
            LocalSpan          *span)
{
  g_autoptr(GDateTime) from = local_time (self, start);
  g_autoptr(GDateTime) to = local_time (self, end);
  int y1, m1, d1, y2, m2, d2;

  span->day = g_date_time_get_day_of_week (from);
  span->start = seconds_of_day (from);
  span->end = seconds_of_day (to);
  g_date_time_get_ymd (from, &y1, &m1, &d1);
  g_date_time_get_ymd (to, &y2, &m2, &d2);
  if (y1 == y2 && m1 == m2 && d1 == d2)
    return TRUE;

  if (span->end == 0)
    {
      g_autoptr(GDateTime) next = g_date_time_add_days (from, 1);
      int y3, m3, d3;

      g_date_time_get_ymd (next, &y3, &m3, &d3);
      span->end = DAY_SECONDS;
      return y2 == y3 && m2 == m3 && d2 == d3;
    }
  return FALSE;
}

static gboolean
within_hours (RedialResource  *resource,
              const LocalSpan *span)
{
  guint n_ranges;
  const RedialMinuteRange *ranges = redial_resource_get_hours (resource, span->day, &n_ranges);

  for (guint i = 0; i < n_ranges; i++)
    if (ranges[i].start * 60 <= span->start && span->end <= ranges[i].end * 60)
      return TRUE;
  return FALSE;
}

/* The entry of @resource's calendar in the way of [@start, @end): one
 * that overlaps it if any (a booking before a hold), else one within
 * the buffer; NULL when the time is free. */
static const Busy *
find_conflict (RedialAvailability *self,
               const char         *resource,
               gint64              start,
               gint64              end,
               gint64              appointment_id,
               gint64              case_id,
               gint64              now)
{
  Calendar *calendar = g_hash_table_lookup (self->calendars, resource);
  const Busy *overlap = NULL, *near = NULL;
  guint low = 0, high;

  if (calendar == NULL)
    return NULL;

  /* The first entry starting at or after the buffered end, then back. */
  high = calendar->busy->len;
  while (low < high)
    {
      guint mid = (low + high) / 2;

      if (g_array_index (calendar->busy, Busy, mid).start < end + self->buffer)
        low = mid + 1;
      else
        high = mid;
    }

  for (guint i = low; i-- > 0;)
    {
      const Busy *busy = &g_array_index (calendar->busy, Busy, i);

      if (busy->start + calendar->longest + self->buffer <= start)
        break;
      if (busy->end + self->buffer <= start || busy->expires_at <= now)
        continue;
      if (busy->appointment_id != 0 && busy->appointment_id == appointment_id)
        continue;
      if (busy->appointment_id == 0 && case_id != 0 && busy->case_id == case_id)
        continue;

      if (busy->start < end && start < busy->end)
        {
          if (overlap == NULL || (overlap->appointment_id == 0 && busy->appointment_id != 0))
            overlap = busy;
        }
      else if (near == NULL)
        near = busy;
    }

  return overlap != NULL ? overlap : near;
}

/* "9:00" in the business's time zone. */
static char *
format_time (RedialAvailability *self,
             gint64              at)
{
  g_autoptr(GDateTime) time = local_time (self, at);

  return g_date_time_format (time, "%-H:%M");
}

static char *
describe_notice (gint64 notice)
{
  gint64 minutes = notice / MINUTE;

  if (minutes % 60 == 0)
    {
      gulong hours = (gulong) (minutes / 60);

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Too soon: %lu hour’s notice needed",
                                           "Too soon: %lu hours’ notice needed", hours), hours);
    }
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Too soon: %lu minute’s notice needed",
                                       "Too soon: %lu minutes’ notice needed", (gulong) minutes),
                          (gulong) minutes);
}

static char *
describe_conflict (RedialAvailability *self,
                   const char         *resource,
                   const Busy         *busy,
                   gint64              start,
                   gint64              end,
                   RedialAvailabilityVerdict *verdict)
{
  g_autofree char *from = format_time (self, busy->start);
  g_autofree char *to = format_time (self, busy->end);
  gulong buffer = (gulong) (self->buffer / MINUTE);

  if (busy->start < end && start < busy->end)
    {
      if (busy->appointment_id != 0)
        {
          *verdict = REDIAL_AVAILABILITY_OVERLAP;
          /* TRANSLATORS: "Overlaps Joe 9:00–11:00": a resource's booking */
          return g_strdup_printf (_("Overlaps %s %s–%s"), resource, from, to);
        }
      *verdict = REDIAL_AVAILABILITY_HELD;
      /* TRANSLATORS: "Held for another caller: Joe 9:00–11:00" */
      return g_strdup_printf (_("Held for another caller: %s %s–%s"), resource, from, to);
    }

  *verdict = REDIAL_AVAILABILITY_BUFFER;
  if (busy->end <= start)
    /* TRANSLATORS: "Within Joe’s 30-minute buffer after 11:00" */
    return g_strdup_printf (_("Within %s’s %lu-minute buffer after %s"), resource, buffer, to);
  /* TRANSLATORS: "Within Joe’s 30-minute buffer before 14:00" */
  return g_strdup_printf (_("Within %s’s %lu-minute buffer before %s"), resource, buffer, from);
}

/* The rules in order, the cheapest first; @span is the slot's local
 * time, or NULL when it spans two local days. */
static RedialAvailabilityVerdict
check_resource (RedialAvailability *self,
                RedialResource     *resource,
                const char         *job_type,
                gint64              start,
                gint64              end,
                const LocalSpan    *span,
                gint64              appointment_id,
                gint64              case_id,
                gint64              now,
                char              **reason)
{
  const char *name = redial_resource_get_name (resource);
  RedialAvailabilityVerdict verdict;
  const Busy *busy;

  if (!redial_resource_does_job (resource, job_type))
    {
      if (reason != NULL)
        /* TRANSLATORS: "Joe does not do drain cleaning" */
        *reason = g_strdup_printf (_("%s does not do %s"), name, job_type);
      return REDIAL_AVAILABILITY_WRONG_JOB;
    }

  if (start < now + self->minimum_notice)
    {
      if (reason != NULL)
        *reason = describe_notice (self->minimum_notice);
      return REDIAL_AVAILABILITY_TOO_SOON;
    }

  if (span == NULL || !within_hours (resource, span))
    {
      if (reason != NULL)
        /* TRANSLATORS: "Outside Joe’s hours" */
        *reason = g_strdup_printf (_("Outside %s’s hours"), name);
      return REDIAL_AVAILABILITY_OUTSIDE_HOURS;
    }

  busy = find_conflict (self, name, start, end, appointment_id, case_id, now);
  if (busy == NULL)
    return REDIAL_AVAILABILITY_OK;

  {
    g_autofree char *sentence = describe_conflict (self, name, busy, start, end, &verdict);

    if (reason != NULL)
      *reason = g_steal_pointer (&sentence);
  }
  return verdict;
}

/* From the first start to the last end of @day's working ranges of the
 * resources who do @job_type: where a search need look (minutes; an
 * empty span when nobody works). */
static void
working_minutes (RedialAvailability *self,
                 const char         *job_type,
                 GDateWeekday        day,
                 guint              *first,
                 guint              *last)
{
  *first = 24 * 60;
  *last = 0;
  for (guint i = 0; i < self->resources->len; i++)
    {
      RedialResource *resource = g_ptr_array_index (self->resources, i);
      guint n_ranges;
      const RedialMinuteRange *ranges = redial_resource_get_hours (resource, day, &n_ranges);

      if (n_ranges == 0 || !redial_resource_does_job (resource, job_type))
        continue;
      *first = MIN (*first, ranges[0].start);
      *last = MAX (*last, ranges[n_ranges - 1].end);
    }
}

static void
redial_availability_finalize (GObject *object)
{
  RedialAvailability *self = REDIAL_AVAILABILITY (object);

  g_ptr_array_unref (self->resources);
  g_ptr_array_unref (self->job_types);
  g_time_zone_unref (self->time_zone);
  g_hash_table_unref (self->calendars);

  G_OBJECT_CLASS (redial_availability_parent_class)->finalize (object);
}

static void
redial_availability_class_init (RedialAvailabilityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = redial_availability_finalize;
}

static void
redial_availability_init (RedialAvailability *self)
{
  self->calendars = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) calendar_free);
}

RedialAvailability *
redial_availability_new (GPtrArray *resources,
                         GPtrArray *job_types,
                         GTimeZone *time_zone,
                         gint64     minimum_notice,
                         gint64     buffer)
{
  RedialAvailability *self;

  g_return_val_if_fail (resources != NULL, NULL);
  g_return_val_if_fail (job_types != NULL, NULL);
  g_return_val_if_fail (time_zone != NULL, NULL);
  g_return_val_if_fail (minimum_notice >= 0 && buffer >= 0, NULL);

  self = g_object_new (REDIAL_TYPE_AVAILABILITY, NULL);
  self->resources = g_ptr_array_ref (resources);
  self->job_types = g_ptr_array_ref (job_types);
  self->time_zone = g_time_zone_ref (time_zone);
  self->minimum_notice = minimum_notice;
  self->buffer = buffer;
  return self;
}

void
redial_availability_set_calendar (RedialAvailability *self,
                                  GPtrArray          *appointments,
                                  GPtrArray          *holds)
{
  GHashTableIter iter;
  Calendar *calendar;

  g_return_if_fail (REDIAL_IS_AVAILABILITY (self));

  g_hash_table_remove_all (self->calendars);
  for (guint i = 0; appointments != NULL && i < appointments->len; i++)
    {
      RedialAppointment *appointment = g_ptr_array_index (appointments, i);
      Busy busy = {
        redial_appointment_get_start (appointment), redial_appointment_get_end (appointment),
        redial_appointment_get_id (appointment), redial_appointment_get_case_id (appointment),
        G_MAXINT64,
      };

      if (redial_appointment_is_booked (appointment))
        add_busy (self, redial_appointment_get_resource (appointment), &busy);
    }
  for (guint i = 0; holds != NULL && i < holds->len; i++)
    {
      RedialHold *hold = g_ptr_array_index (holds, i);
      Busy busy = {
        redial_hold_get_start (hold), redial_hold_get_end (hold), 0,
        redial_hold_get_case_id (hold), redial_hold_get_expires_at (hold),
      };

      add_busy (self, redial_hold_get_resource (hold), &busy);
    }

  g_hash_table_iter_init (&iter, self->calendars);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &calendar))
    g_array_sort (calendar->busy, compare_busy);
}

RedialResource *
redial_availability_get_resource (RedialAvailability *self,
                                  const char         *name)
{
  g_return_val_if_fail (REDIAL_IS_AVAILABILITY (self), NULL);

  for (guint i = 0; name != NULL && i < self->resources->len; i++)
    if (g_str_equal (redial_resource_get_name (g_ptr_array_index (self->resources, i)), name))
      return g_ptr_array_index (self->resources, i);
  return NULL;
}

RedialJobType *
redial_availability_get_job_type (RedialAvailability *self,
                                  const char         *name)
{
  g_return_val_if_fail (REDIAL_IS_AVAILABILITY (self), NULL);

  for (guint i = 0; name != NULL && i < self->job_types->len; i++)
    if (g_str_equal (redial_job_type_get_name (g_ptr_array_index (self->job_types, i)), name))
      return g_ptr_array_index (self->job_types, i);
  return NULL;
}

RedialAvailabilityVerdict
redial_availability_check (RedialAvailability *self,
                           const char         *resource,
                           const char         *job_type,
                           gint64              start,
                           gint64              end,
                           gint64              appointment_id,
                           gint64              case_id,
                           gint64              now,
                           char              **reason)
{
  RedialResource *found;
  LocalSpan span;
  gboolean one_day;

  g_return_val_if_fail (REDIAL_IS_AVAILABILITY (self), REDIAL_AVAILABILITY_UNKNOWN_RESOURCE);
  g_return_val_if_fail (end > start, REDIAL_AVAILABILITY_OUTSIDE_HOURS);
  g_return_val_if_fail (reason == NULL || *reason == NULL, REDIAL_AVAILABILITY_UNKNOWN_RESOURCE);

  found = redial_availability_get_resource (self, resource);
  if (found == NULL)
    {
      if (reason != NULL)
        *reason = g_strdup_printf (_("Nobody named %s takes bookings"), resource);
      return REDIAL_AVAILABILITY_UNKNOWN_RESOURCE;
    }

  one_day = local_span (self, start, end, &span);
  return check_resource (self, found, job_type, start, end, one_day ? &span : NULL,
                         appointment_id, case_id, now, reason);
}

GPtrArray *
redial_availability_find (RedialAvailability     *self,
                          const char             *job_type,
                          const RedialSlotWindow *window,
                          guint                   n_slots,
                          gint64                  case_id,
                          gint64                  now)
{
  g_autoptr(GPtrArray) slots = g_ptr_array_new_with_free_func ((GDestroyNotify) redial_slot_free);
  g_autoptr(GDateTime) day = NULL;
  RedialSlotWindow any;
  RedialJobType *type;
  gint64 duration, earliest, latest;
  guint to_minute;

  g_return_val_if_fail (REDIAL_IS_AVAILABILITY (self), NULL);

  if (window == NULL)
    {
      redial_slot_window_init (&any);
      window = &any;
    }
  type = redial_availability_get_job_type (self, job_type);
  duration = type != NULL ? redial_job_type_get_duration (type) : REDIAL_DEFAULT_JOB_DURATION;
  earliest = MAX (now + self->minimum_notice, window->not_before);
  latest = window->not_after != 0 ? window->not_after
                                  : now + (gint64) REDIAL_AVAILABILITY_HORIZON_DAYS * 24 * 3600 * G_USEC_PER_SEC;
  to_minute = MIN (window->to_minute, 24 * 60);

  {
    g_autoptr(GDateTime) first = local_time (self, earliest);

    day = g_date_time_new (self->time_zone, g_date_time_get_year (first),
                           g_date_time_get_month (first), g_date_time_get_day_of_month (first), 0, 0, 0);
  }

  while (slots->len < n_slots)
    {
      GDateWeekday weekday = g_date_time_get_day_of_week (day);
      g_autoptr(GDateTime) next = NULL;
      int year, month, mday;

      guint first_minute, last_minute;

      if (g_date_time_to_unix (day) * G_USEC_PER_SEC > latest)
        break;
      g_date_time_get_ymd (day, &year, &month, &mday);
      working_minutes (self, job_type, weekday, &first_minute, &last_minute);
      first_minute = MAX (first_minute, window->from_minute);
      last_minute = MIN (last_minute, to_minute);

      for (guint minute = first_minute + (SLOT_STEP_MINUTES - first_minute % SLOT_STEP_MINUTES) % SLOT_STEP_MINUTES;
           minute < last_minute && (window->weekdays == 0 || (window->weekdays & (1u << weekday)));
           minute += SLOT_STEP_MINUTES)
        {
          g_autoptr(GDateTime) at = NULL;
          gint64 start, end;
          LocalSpan span;
          gboolean one_day;

          at = g_date_time_new (self->time_zone, year, month, mday, minute / 60, minute % 60, 0);
          /* A time the clock skips when it springs forward does not exist. */
          if (at == NULL || g_date_time_get_hour (at) * 60 + g_date_time_get_minute (at) != (int) minute)
            continue;
          start = g_date_time_to_unix (at) * G_USEC_PER_SEC;
          if (start < earliest)
            continue;
          if (start > latest)
            break;
          end = start + duration;
          one_day = local_span (self, start, end, &span);

          for (guint i = 0; i < self->resources->len; i++)
            {
              RedialResource *resource = g_ptr_array_index (self->resources, i);
              RedialSlot slot = { (char *) redial_resource_get_name (resource), start, end };

              if (check_resource (self, resource, job_type, start, end, one_day ? &span : NULL,
                                  0, case_id, now, NULL) != REDIAL_AVAILABILITY_OK)
                continue;
              g_ptr_array_add (slots, redial_slot_copy (&slot));
              if (slots->len == n_slots)
                return g_steal_pointer (&slots);
              if (window->distinct_times)
                break;
            }
        }

      next = g_date_time_add_days (day, 1);
      g_date_time_unref (day);
      /* Midnight of the next local day, whatever the clock did today. */
      g_date_time_get_ymd (next, &year, &month, &mday);
      day = g_date_time_new (self->time_zone, year, month, mday, 0, 0, 0);
    }

  return g_steal_pointer (&slots);
}

RedialSlot *
redial_slot_copy (const RedialSlot *slot)
{
  RedialSlot *copy = g_new (RedialSlot, 1);

  copy->resource = g_strdup (slot->resource);
  copy->start = slot->start;
  copy->end = slot->end;
  return copy;
}

void
redial_slot_free (RedialSlot *slot)
{
  if (slot == NULL)
    return;
  g_free (slot->resource);
  g_free (slot);
}

void
redial_slot_window_init (RedialSlotWindow *window)
{
  g_return_if_fail (window != NULL);

  *window = (RedialSlotWindow) { 0, 0, 0, 0, 24 * 60, FALSE };
}

gboolean
redial_slot_window_from_intake (RedialSlotWindow *window,
                                const char       *answer,
                                GDateTime        *now)
{
  g_auto(GStrv) halves = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GDateTime) first = NULL;
  const char *part;
  int days;

  g_return_val_if_fail (window != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  redial_slot_window_init (window);
  if (answer == NULL)
    return FALSE;

  halves = g_strsplit (answer, "/", 2);
  part = halves[0] != NULL && halves[1] != NULL ? halves[1] : "any";
  today = g_date_time_new (g_date_time_get_timezone (now), g_date_time_get_year (now),
                           g_date_time_get_month (now), g_date_time_get_day_of_month (now), 0, 0, 0);

  if (halves[0] == NULL)
    return FALSE;
  else if (g_str_equal (halves[0], "today"))
    first = g_date_time_ref (today), days = 1;
  else if (g_str_equal (halves[0], "tomorrow"))
    first = g_date_time_add_days (today, 1), days = 1;
  else if (g_str_equal (halves[0], "this-week"))
    first = g_date_time_ref (today), days = 8 - g_date_time_get_day_of_week (today);
  else
    {
      int y, m, d;

      if (sscanf (halves[0], "%4d-%2d-%2d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
        return FALSE;
      first = g_date_time_new (g_date_time_get_timezone (now), y, m, d, 0, 0, 0);
      days = 1;
    }
  if (first == NULL)
    return FALSE;

  if (g_str_equal (part, "morning"))
    window->to_minute = 12 * 60;
  else if (g_str_equal (part, "afternoon"))
    window->from_minute = 12 * 60;
  else if (!g_str_equal (part, "any"))
    {
      redial_slot_window_init (window);
      return FALSE;
    }

  {
    g_autoptr(GDateTime) after = g_date_time_add_days (first, days);

    window->not_before = g_date_time_to_unix (first) * G_USEC_PER_SEC;
    window->not_after = g_date_time_to_unix (after) * G_USEC_PER_SEC - 1;
  }
  return TRUE;
}
