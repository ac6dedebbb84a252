/* redial-booking-settings.c: the business's booking settings: [resource NAME], [job-type NAME] and [booking]. */
#include "config.h"

#define G_LOG_DOMAIN "redial-booking"

#include <stdio.h>
#include <glib/gi18n.h>

#include "redial-booking-settings.h"
#include "redial-job-type.h"
#include "redial-settings.h"

#define MINUTE ((gint64) 60 * G_USEC_PER_SEC)

struct _RedialBookingSettings
{
  GObject    parent_instance;

  GPtrArray *resources;  /* RedialResource */
  GPtrArray *job_types;  /* RedialJobType */
  gint64     minimum_notice;
  gint64     buffer;
  guint      hold_minutes;
};

G_DEFINE_FINAL_TYPE (RedialBookingSettings, redial_booking_settings, G_TYPE_OBJECT)

static const char * const day_names[] = { NULL, "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

static const char * const booking_keys[] = { "minimum-notice", "buffer", "hold-minutes", NULL };
static const char * const resource_keys[] = { "hours", "job-types", NULL };
static const char * const job_type_keys[] = { "duration", "window", NULL };

/* The hours a resource works when its group gives none. */
#define DEFAULT_HOURS "mon-fri 08:00-17:00"

typedef struct
{
  const char *source;
  GQuark      domain;
  int         code;
} Reader;

static gboolean
invalid (const Reader  *reader,
         const char    *group,
         const char    *key,
         const char    *reason,
         GError       **error)
{
  return redial_settings_invalid (error, reader->domain, reader->code, reader->source, group, key, reason);
}

static void
warn_unknown (GKeyFile           *keyfile,
              const char         *source,
              const char         *group,
              const char * const *known)
{
  g_auto(GStrv) keys = g_key_file_get_keys (keyfile, group, NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    if (!g_strv_contains (known, keys[i]))
      g_message ("%s: ignoring unknown setting [%s] %s", source, group, keys[i]);
}

static gboolean
parse_clock (const char *text,
             guint      *minutes)
{
  guint hours, mins;
  char extra;

  if (sscanf (text, "%u:%u%c", &hours, &mins, &extra) != 2 || mins > 59 || hours > 24 ||
      (hours == 24 && mins != 0))
    return FALSE;
  *minutes = hours * 60 + mins;
  return TRUE;
}

static GDateWeekday
parse_day (const char *text)
{
  for (guint i = G_DATE_MONDAY; i <= G_DATE_SUNDAY; i++)
    if (g_ascii_strcasecmp (text, day_names[i]) == 0)
      return i;
  return G_DATE_BAD_WEEKDAY;
}

/* "mon-fri", "sat" or "mon,wed,fri" into bits 1 << GDateWeekday; 0 when it is none. */
static guint
parse_days (const char *text)
{
  g_auto(GStrv) items = g_strsplit (text, ",", -1);
  guint days = 0;

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) ends = g_strsplit (g_strstrip (items[i]), "-", -1);
      GDateWeekday first, last;

      if (g_strv_length (ends) == 1)
        first = last = parse_day (ends[0]);
      else if (g_strv_length (ends) == 2)
        first = parse_day (g_strstrip (ends[0])), last = parse_day (g_strstrip (ends[1]));
      else
        return 0;
      if (first == G_DATE_BAD_WEEKDAY || last == G_DATE_BAD_WEEKDAY || last < first)
        return 0;
      for (guint day = first; day <= last; day++)
        days |= 1u << day;
    }
  return days;
}

gboolean
redial_booking_parse_hours (const char      *text,
                            RedialResource  *resource,
                            GQuark           domain,
                            int              code,
                            GError         **error)
{
  g_auto(GStrv) rules = NULL;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (REDIAL_IS_RESOURCE (resource), FALSE);

  rules = g_strsplit (text, ";", -1);
  for (guint i = 0; rules[i] != NULL; i++)
    {
      char *rule = g_strstrip (rules[i]);
      g_auto(GStrv) periods = NULL;
      char *space;
      guint days;

      if (*rule == '\0')
        continue;
      space = strchr (rule, ' ');
      days = space != NULL ? (*space = '\0', parse_days (rule)) : 0;
      if (days == 0)
        {
          g_set_error (error, domain, code,
                       _("“%s” does not start with days such as “mon-fri” or “sat”"), g_strstrip (rules[i]));
          return FALSE;
        }

      periods = g_strsplit (space + 1, ",", -1);
      for (guint j = 0; periods[j] != NULL; j++)
        {
          g_auto(GStrv) ends = g_strsplit (g_strstrip (periods[j]), "-", -1);
          guint start, end;

          if (g_strv_length (ends) != 2 ||
              !parse_clock (g_strstrip (ends[0]), &start) ||
              !parse_clock (g_strstrip (ends[1]), &end) ||
              end <= start)
            {
              g_set_error (error, domain, code,
                           _("“%s” is not a period such as “08:00-17:00”"), g_strstrip (periods[j]));
              return FALSE;
            }
          for (guint day = G_DATE_MONDAY; day <= G_DATE_SUNDAY; day++)
            if ((days & (1u << day)) && !redial_resource_add_hours (resource, day, start, end))
              {
                g_set_error (error, domain, code,
                             _("%s’s hours overlap on %s"), redial_resource_get_name (resource),
                             day_names[day]);
                return FALSE;
              }
        }
    }
  return TRUE;
}

gboolean
redial_booking_parse_duration (const char *text,
                               gint64     *out)
{
  const char *p = text;
  gint64 total = 0;
  gboolean any = FALSE;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  while (*p != '\0')
    {
      char *end = NULL;
      guint64 value;

      if (!g_ascii_isdigit (*p))
        return FALSE;
      value = g_ascii_strtoull (p, &end, 10);
      if (value > 7 * 24 * 60)
        return FALSE;
      if (*end == 'h')
        total += (gint64) value * 60 * MINUTE;
      else if (*end == 'm')
        total += (gint64) value * MINUTE;
      else
        return FALSE;
      p = end + 1;
      any = TRUE;
    }
  if (!any)
    return FALSE;
  *out = total;
  return TRUE;
}

static gboolean
read_duration (GKeyFile      *keyfile,
               const Reader  *reader,
               const char    *group,
               const char    *key,
               gboolean       zero_allowed,
               gint64        *out,
               GError       **error)
{
  g_autofree char *text = NULL;
  gint64 value;

  if (!redial_settings_read_string (keyfile, reader->source, group, key, &text,
                                    reader->domain, reader->code, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (!redial_booking_parse_duration (text, &value) || (value == 0 && !zero_allowed))
    return invalid (reader, group, key,
                    zero_allowed ? _("expected a duration such as “2h”, “90m” or “0m”")
                                 : _("expected a duration such as “2h” or “90m”"),
                    error);
  *out = value;
  return TRUE;
}

static gboolean
read_job_type (GKeyFile      *keyfile,
               const Reader  *reader,
               const char    *group,
               GPtrArray     *job_types,
               GError       **error)
{
  const char *name = group + strlen ("job-type ");
  gint64 duration = 60 * MINUTE, window = 0;

  warn_unknown (keyfile, reader->source, group, job_type_keys);
  if (*name == '\0')
    return invalid (reader, group, NULL, _("a job type needs a name, as in [job-type drain cleaning]"), error);
  if (!read_duration (keyfile, reader, group, "duration", FALSE, &duration, error) ||
      !read_duration (keyfile, reader, group, "window", TRUE, &window, error))
    return FALSE;
  g_ptr_array_add (job_types, redial_job_type_new (name, duration, window));
  return TRUE;
}

static gboolean
knows_job_type (GPtrArray  *job_types,
                const char *name)
{
  for (guint i = 0; i < job_types->len; i++)
    if (g_str_equal (redial_job_type_get_name (g_ptr_array_index (job_types, i)), name))
      return TRUE;
  return FALSE;
}

static gboolean
read_resource (GKeyFile      *keyfile,
               const Reader  *reader,
               const char    *group,
               GPtrArray     *job_types,
               GPtrArray     *resources,
               GError       **error)
{
  const char *name = group + strlen ("resource ");
  g_autofree char *hours = g_strdup (DEFAULT_HOURS);
  g_autofree char *jobs = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) job_list = NULL;
  g_autoptr(RedialResource) resource = NULL;
  g_autoptr(GError) local_error = NULL;

  warn_unknown (keyfile, reader->source, group, resource_keys);
  if (*name == '\0')
    return invalid (reader, group, NULL, _("a resource needs a name, as in [resource Joe]"), error);
  if (!redial_settings_read_string (keyfile, reader->source, group, "hours", &hours,
                                    reader->domain, reader->code, error) ||
      !redial_settings_read_string (keyfile, reader->source, group, "job-types", &jobs,
                                    reader->domain, reader->code, error))
    return FALSE;

  if (jobs != NULL)
    {
      g_auto(GStrv) items = g_strsplit (jobs, ";", -1);

      for (guint i = 0; items[i] != NULL; i++)
        {
          const char *item = g_strstrip (items[i]);

          if (*item == '\0')
            continue;
          if (!knows_job_type (job_types, item))
            {
              g_autofree char *reason = g_strdup_printf (_("there is no [job-type %s] group"), item);

              return invalid (reader, group, "job-types", reason, error);
            }
          g_strv_builder_add (builder, item);
        }
    }
  job_list = g_strv_builder_end (builder);

  resource = redial_resource_new (name, (const char * const *) job_list);
  if (!redial_booking_parse_hours (hours, resource, reader->domain, reader->code, &local_error))
    return invalid (reader, group, "hours", local_error->message, error);
  g_ptr_array_add (resources, g_steal_pointer (&resource));
  return TRUE;
}

static void
redial_booking_settings_finalize (GObject *object)
{
  RedialBookingSettings *self = REDIAL_BOOKING_SETTINGS (object);

  g_ptr_array_unref (self->resources);
  g_ptr_array_unref (self->job_types);

  G_OBJECT_CLASS (redial_booking_settings_parent_class)->finalize (object);
}

static void
redial_booking_settings_class_init (RedialBookingSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = redial_booking_settings_finalize;
}

static void
redial_booking_settings_init (RedialBookingSettings *self)
{
  self->resources = g_ptr_array_new_with_free_func (g_object_unref);
  self->job_types = g_ptr_array_new_with_free_func (g_object_unref);
  self->minimum_notice = 60 * MINUTE;
  self->hold_minutes = 30;
}

RedialBookingSettings *
redial_booking_settings_new (void)
{
  return g_object_new (REDIAL_TYPE_BOOKING_SETTINGS, NULL);
}

gboolean
redial_booking_settings_owns_group (const char *group)
{
  g_return_val_if_fail (group != NULL, FALSE);

  return g_str_equal (group, "booking") || g_str_has_prefix (group, "resource ") ||
         g_str_has_prefix (group, "job-type ");
}

gboolean
redial_booking_settings_load_keyfile (RedialBookingSettings  *self,
                                      GKeyFile               *keyfile,
                                      const char             *source,
                                      GQuark                  domain,
                                      int                     code,
                                      GError                **error)
{
  g_autoptr(GPtrArray) resources = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) job_types = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) groups = NULL;
  Reader reader = { source, domain, code };
  gint64 notice = self->minimum_notice, buffer = self->buffer;
  gint64 hold = (gint64) self->hold_minutes * MINUTE;

  g_return_val_if_fail (REDIAL_IS_BOOKING_SETTINGS (self), FALSE);
  g_return_val_if_fail (keyfile != NULL, FALSE);

  groups = g_key_file_get_groups (keyfile, NULL);
  /* Job types first: a resource names the ones it does. */
  for (guint i = 0; groups[i] != NULL; i++)
    if (g_str_has_prefix (groups[i], "job-type ") &&
        !read_job_type (keyfile, &reader, groups[i], job_types, error))
      return FALSE;
  for (guint i = 0; groups[i] != NULL; i++)
    if (g_str_has_prefix (groups[i], "resource ") &&
        !read_resource (keyfile, &reader, groups[i], job_types, resources, error))
      return FALSE;

  warn_unknown (keyfile, source, "booking", booking_keys);
  if (!read_duration (keyfile, &reader, "booking", "minimum-notice", TRUE, &notice, error) ||
      !read_duration (keyfile, &reader, "booking", "buffer", TRUE, &buffer, error))
    return FALSE;
  {
    g_autofree char *text = NULL;
    guint64 minutes;

    if (!redial_settings_read_string (keyfile, source, "booking", "hold-minutes", &text, domain, code, error))
      return FALSE;
    if (text != NULL && !g_ascii_string_to_unsigned (text, 10, 1, 24 * 60, &minutes, NULL))
      return invalid (&reader, "booking", "hold-minutes", _("expected a whole number of minutes between 1 and 1440"),
                      error);
    if (text != NULL)
      hold = (gint64) minutes * MINUTE;
  }

  g_ptr_array_unref (self->resources);
  self->resources = g_steal_pointer (&resources);
  g_ptr_array_unref (self->job_types);
  self->job_types = g_steal_pointer (&job_types);
  self->minimum_notice = notice;
  self->buffer = buffer;
  self->hold_minutes = (guint) (hold / MINUTE);
  return TRUE;
}

GPtrArray *
redial_booking_settings_get_resources (RedialBookingSettings *self)
{
  g_return_val_if_fail (REDIAL_IS_BOOKING_SETTINGS (self), NULL);
  return self->resources;
}

GPtrArray *
redial_booking_settings_get_job_types (RedialBookingSettings *self)
{
  g_return_val_if_fail (REDIAL_IS_BOOKING_SETTINGS (self), NULL);
  return self->job_types;
}

gint64
redial_booking_settings_get_minimum_notice (RedialBookingSettings *self)
{
  g_return_val_if_fail (REDIAL_IS_BOOKING_SETTINGS (self), 0);
  return self->minimum_notice;
}

gint64
redial_booking_settings_get_buffer (RedialBookingSettings *self)
{
  g_return_val_if_fail (REDIAL_IS_BOOKING_SETTINGS (self), 0);
  return self->buffer;
}

guint
redial_booking_settings_get_hold_minutes (RedialBookingSettings *self)
{
  g_return_val_if_fail (REDIAL_IS_BOOKING_SETTINGS (self), 0);
  return self->hold_minutes;
}

static gboolean
same_hours (RedialResource *resource,
            GDateWeekday    a,
            GDateWeekday    b)
{
  guint n_a, n_b;
  const RedialMinuteRange *ra = redial_resource_get_hours (resource, a, &n_a);
  const RedialMinuteRange *rb = redial_resource_get_hours (resource, b, &n_b);

  return n_a == n_b && (n_a == 0 || memcmp (ra, rb, n_a * sizeof *ra) == 0);
}

/* The desk's short name of @day ("Mon", "lun"), from the locale. */
static char *
day_abbreviation (GDateWeekday day)
{
  /* 2024-01-01 was a Monday. */
  g_autoptr(GDateTime) date = g_date_time_new_utc (2024, 1, day, 12, 0, 0);

  return g_date_time_format (date, "%a");
}

char *
redial_booking_describe_hours (RedialResource *resource)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (REDIAL_IS_RESOURCE (resource), NULL);

  for (guint day = G_DATE_MONDAY; day <= G_DATE_SUNDAY;)
    {
      guint last = day, n_ranges;
      const RedialMinuteRange *ranges = redial_resource_get_hours (resource, day, &n_ranges);

      while (last < G_DATE_SUNDAY && same_hours (resource, day, last + 1))
        last++;
      if (n_ranges > 0)
        {
          g_autofree char *first_name = day_abbreviation (day);

          if (text->len > 0)
            g_string_append (text, " · ");
          g_string_append (text, first_name);
          if (last != day)
            {
              g_autofree char *last_name = day_abbreviation (last);

              g_string_append_printf (text, "–%s", last_name);
            }
          for (guint i = 0; i < n_ranges; i++)
            g_string_append_printf (text, "%s%u:%02u–%u:%02u", i == 0 ? " " : ", ",
                                    ranges[i].start / 60, ranges[i].start % 60,
                                    ranges[i].end / 60, ranges[i].end % 60);
        }
      day = last + 1;
    }

  if (text->len == 0)
    return g_strdup (_("No hours"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}
