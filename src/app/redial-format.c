/* redial-format.c: how times, counts and a case's standing read in the window. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include <glib/gi18n.h>

#include "redial-clock.h"
#include "redial-format.h"

char *
redial_format_elapsed (gint64 elapsed_us)
{
  gint64 seconds = MAX (elapsed_us, 0) / G_USEC_PER_SEC;

  if (seconds < 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d", seconds / 60, (int) (seconds % 60));

  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", seconds / 3600,
                          (int) (seconds / 60 % 60), (int) (seconds % 60));
}

const char *
redial_format_case_state (RedialCase  *kase,
                          const char **css)
{
  g_return_val_if_fail (REDIAL_IS_CASE (kase), NULL);
  g_return_val_if_fail (css != NULL, NULL);

  *css = NULL;
  if (redial_case_get_kind (kase) == REDIAL_CASE_KIND_LIKELY_SPAM)
    {
      *css = "spam";
      return _("Likely spam");
    }
  if (redial_case_get_opted_out (kase))
    {
      *css = "opted-out";
      return _("Opted out");
    }
  if (redial_case_get_caller (kase) == NULL)
    return _("No number");
  if (redial_case_get_not_a_fit (kase))
    {
      *css = "opted-out";
      return _("Not a fit");
    }
  if (redial_case_get_out_of_area (kase))
    {
      *css = "replied";
      return _("Out of area · needs review");
    }

  switch (redial_case_get_state (kase))
    {
    case REDIAL_CASE_STATE_RESPONDED:
      return _("Responded");
    case REDIAL_CASE_STATE_REPLIED:
      *css = "replied";
      return _("Replied");
    case REDIAL_CASE_STATE_QUALIFIED:
      return _("Qualified");
    case REDIAL_CASE_STATE_BOOKED:
      return _("Booked");
    case REDIAL_CASE_STATE_CLOSED:
      return _("Closed");
    case REDIAL_CASE_STATE_NEW:
    default:
      return redial_case_get_texted_back (kase) ? _("Texted back") : _("New");
    }
}

char *
redial_format_moment (gint64     unix_us,
                      GTimeZone *tz)
{
  g_autoptr(GDateTime) at = redial_clock_date_time (unix_us, tz);
  g_autofree char *day = NULL;
  g_autofree char *time = NULL;

  /* The same words as a slot's day and time. */
  day = g_date_time_format (at, _("%a %b %-d"));
  time = g_date_time_format (at, _("%-H:%M"));
  /* Translators: a day and a time: "Tue Dec 1, 9:05" */
  return g_strdup_printf (_("%s, %s"), day, time);
}

char *
redial_format_slot (const RedialSlot *slot)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *day = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  g_return_val_if_fail (slot != NULL, NULL);

  start = g_date_time_new_from_unix_local (slot->start / G_USEC_PER_SEC);
  end = g_date_time_new_from_unix_local (slot->end / G_USEC_PER_SEC);
  /* Translators: the day of a booked or offered time, see g_date_time_format() */
  day = g_date_time_format (start, _("%a %b %-d"));
  /* Translators: the start and end of a booked or offered time, see g_date_time_format() */
  from = g_date_time_format (start, _("%-H:%M"));
  to = g_date_time_format (end, _("%-H:%M"));
  /* Translators: who, the day, and the time from and to: "Joe · Tue Dec 1, 9:00–11:00" */
  return g_strdup_printf (_("%s · %s, %s–%s"), slot->resource, day, from, to);
}
