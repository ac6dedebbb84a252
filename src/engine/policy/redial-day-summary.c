/* redial-day-summary.c: the owner's end-of-day summary: at closing time, the day's report in one sentence, on screen and by text. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include <glib/gi18n.h>
#include <string.h>

#include "redial-day-summary.h"
#include "redial-report.h"

struct _RedialDaySummary
{
  GObject       parent_instance;

  RedialConfig *config;
  RedialStore  *store;
  RedialClock  *clock;
  RedialOutbox *outbox;
  GCancellable *cancellable;
  GDate         done;        /* the last business day summed up; cleared for none */
  gboolean      computing;
  gint64        next_look;   /* Unix µs: no day closes before it */
};

G_DEFINE_FINAL_TYPE (RedialDaySummary, redial_day_summary, G_TYPE_OBJECT)

enum {
  READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define RETRY_AFTER (5 * 60 * G_USEC_PER_SEC)

/* The local date of @when in the business's time zone. */
static void
local_date (RedialDaySummary *self,
            gint64            when,
            GDate            *date)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (when / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, redial_config_get_time_zone (self->config));

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
}

/* Local midnight at the start of the day after @date, Unix µs. */
static gint64
end_of_date (RedialDaySummary *self,
             const GDate      *date)
{
  GDate after = *date;
  g_autoptr(GDateTime) midnight = NULL;

  g_date_add_days (&after, 1);
  midnight = g_date_time_new (redial_config_get_time_zone (self->config), g_date_get_year (&after),
                              g_date_get_month (&after), g_date_get_day (&after), 0, 0, 0);
  return g_date_time_to_unix (midnight) * G_USEC_PER_SEC;
}

/* Whole units with thousands separated: 360000 cents → "3,600". */
static char *
format_units (gint64 cents)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, (MAX (cents, 0) + 50) / 100);
  GString *text = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (text, ',');
      g_string_append_c (text, digits[i]);
    }
  return g_string_free (text, FALSE);
}

static void
on_computed (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(RedialDaySummary) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialReport) report = redial_report_compute_finish (result, &error);
  g_autofree char *text = NULL;
  const char *owner;
  char day[11];
  int recorded;

  self->computing = FALSE;
  if (report == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_message ("The end-of-day summary could not be computed: %s", error->message);
      self->next_look = redial_clock_now (self->clock) + RETRY_AFTER;
      return;
    }

  self->done = *redial_report_get_first_day (report);
  g_date_strftime (day, sizeof day, "%Y-%m-%d", &self->done);

  /* Recorded before it goes out: never twice, even if Redial stops now. */
  recorded = redial_store_record_day_summary (self->store, day, redial_clock_now (self->clock), &error);
  if (recorded < 0)
    g_message ("The end-of-day summary of %s could not be recorded: %s", day, error->message);
  if (recorded != 1)
    return;

  text = redial_day_summary_format (&redial_report_get_figures (report)->totals);
  g_debug ("End-of-day summary of %s: %s", day, text);
  g_signal_emit (self, signals[READY], 0, text);

  owner = redial_config_get_end_of_day_sms (self->config);
  if (owner != NULL && !redial_outbox_send_notice (self->outbox, owner, text, &error))
    g_message ("The end-of-day summary was not texted: %s", error->message);
}

static void
redial_day_summary_dispose (GObject *object)
{
  RedialDaySummary *self = REDIAL_DAY_SUMMARY (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->outbox);
  g_clear_object (&self->clock);
  g_clear_object (&self->store);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (redial_day_summary_parent_class)->dispose (object);
}

static void
redial_day_summary_class_init (RedialDaySummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = redial_day_summary_dispose;

  /**
   * RedialDaySummary::ready:
   * @text: the summary, "Today: 14 missed, 11 reached, 6 booked, ≈ $3,600"
   *
   * A business day closed and its summary goes out: once per day.
   */
  signals[READY] =
    g_signal_new ("ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
redial_day_summary_init (RedialDaySummary *self)
{
  self->cancellable = g_cancellable_new ();
  g_date_clear (&self->done, 1);
}

RedialDaySummary *
redial_day_summary_new (RedialConfig *config,
                        RedialStore  *store,
                        RedialClock  *clock,
                        RedialOutbox *outbox)
{
  RedialDaySummary *self;

  g_return_val_if_fail (REDIAL_IS_CONFIG (config), NULL);
  g_return_val_if_fail (REDIAL_IS_STORE (store), NULL);
  g_return_val_if_fail (REDIAL_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (REDIAL_IS_OUTBOX (outbox), NULL);

  self = g_object_new (REDIAL_TYPE_DAY_SUMMARY, NULL);
  self->config = g_object_ref (config);
  self->store = g_object_ref (store);
  self->clock = g_object_ref (clock);
  self->outbox = g_object_ref (outbox);
  return self;
}

void
redial_day_summary_tick (RedialDaySummary *self,
                         gint64            now)
{
  RedialHours *hours;
  GDate today;
  gint64 closes;

  g_return_if_fail (REDIAL_IS_DAY_SUMMARY (self));

  if (!redial_config_get_end_of_day (self->config) || self->computing || now < self->next_look)
    return;

  hours = redial_config_get_hours (self->config);
  local_date (self, now, &today);

  /* Yesterday's, when it closed at midnight; then today's. A summary is
   * due from its closing time to the end of the day it closed in: one
   * missed while Redial was stopped is sent when it starts that day. */
  for (int back = 1; back >= 0; back--)
    {
      GDate day = today;
      GDate closing_day;

      g_date_subtract_days (&day, back);
      if (g_date_valid (&self->done) && g_date_compare (&day, &self->done) <= 0)
        continue;
      closes = redial_hours_closing_time (hours, &day);
      if (closes == 0 || now < closes)
        continue;
      local_date (self, closes, &closing_day);
      if (now >= end_of_date (self, &closing_day))
        continue;

      self->computing = TRUE;
      redial_report_compute_async (self->store, self->config, &day, &day, self->cancellable,
                                   on_computed, g_object_ref (self));
      return;
    }

  /* Nothing is due before today closes, or else before tomorrow. */
  closes = redial_hours_closing_time (hours, &today);
  self->next_look = closes > now ? closes : end_of_date (self, &today);
}

gboolean
redial_day_summary_get_computing (RedialDaySummary *self)
{
  g_return_val_if_fail (REDIAL_IS_DAY_SUMMARY (self), FALSE);
  return self->computing;
}

char *
redial_day_summary_format (const RedialReportTotals *totals)
{
  g_autofree char *money = NULL;

  g_return_val_if_fail (totals != NULL, NULL);

  money = format_units (totals->revenue);
  if (totals->revenue_is_estimate)
    /* Translators: the owner's end-of-day summary, shown and texted:
     * missed calls, callers reached, jobs booked, and the revenue, which
     * counts an estimate for jobs booked without a value (≈). */
    return g_strdup_printf (_("Today: %u missed, %u reached, %u booked, ≈ $%s"),
                            totals->missed_calls, totals->reached, totals->booked, money);
  /* Translators: the owner's end-of-day summary, shown and texted:
   * missed calls, callers reached, jobs booked, and the revenue. */
  return g_strdup_printf (_("Today: %u missed, %u reached, %u booked, $%s"),
                          totals->missed_calls, totals->reached, totals->booked, money);
}
