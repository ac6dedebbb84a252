/* test-day-summary.c: the owner's end-of-day summary over simulated days on the fake clock: at closing time, never on a closed day, once a day across a restart, its text exact. */
#include "config.h"

#include <string.h>

#include "redial-day-summary.h"
#include "redial-fake-clock.h"
#include "redial-test-sms.h"
#include "redial-test-util.h"

#define SECONDS(n) ((gint64) (n) * G_USEC_PER_SEC)
#define MINUTES(n) (SECONDS (n) * 60)
#define OWNER "+13125550199"

/* A plumber in Chicago, closed at weekends and on Christmas, who wants
 * the summary on screen and by text. */
static const char conf[] =
  "[business]\n"
  "name = Acme Plumbing\n"
  "time-zone = America/Chicago\n"
  "average-job-value = 350\n"
  "[hours]\n"
  "monday = 08:00-12:00, 13:00-17:00\n"
  "tuesday = 08:00-12:00, 13:00-17:00\n"
  "wednesday = 08:00-12:00, 13:00-17:30\n"
  "thursday = 08:00-12:00, 13:00-17:00\n"
  "friday = 08:00-12:00, 13:00-17:00\n"
  "[holidays]\n"
  "2026-12-25 = closed\n"
  "[report]\n"
  "end-of-day = true\n"
  "end-of-day-sms = (312) 555-0199\n";

typedef struct
{
  char             *dir;
  char             *path;
  GTimeZone        *tz;
  RedialConfig     *config;
  RedialStore      *store;
  RedialClock      *clock;
  RedialTestSms    *sms;
  RedialOutbox     *outbox;
  RedialDaySummary *summary;
  GPtrArray        *shown;   /* the summaries emitted */
  guint             n_calls;
} Fixture;

/* Unix µs of 2026-@month-@day @hour:@minute:@second in Chicago. */
static gint64
local (Fixture *f,
       int      month,
       int      day,
       int      hour,
       int      minute,
       int      second)
{
  g_autoptr(GDateTime) dt = g_date_time_new (f->tz, 2026, month, day, hour, minute, second);

  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static void
on_ready (RedialDaySummary *summary,
          const char       *text,
          Fixture          *f)
{
  g_ptr_array_add (f->shown, g_strdup (text));
}

/* Redial starting: a new summary on the same store, as after a restart. */
static void
start (Fixture *f)
{
  if (f->summary != NULL)
    g_signal_handlers_disconnect_by_data (f->summary, f);
  g_clear_object (&f->summary);
  f->summary = redial_day_summary_new (f->config, f->store, f->clock, f->outbox);
  g_signal_connect (f->summary, "ready", G_CALLBACK (on_ready), f);
}

static void
setup_with (Fixture    *f,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCompliance) compliance = NULL;
  g_autoptr(RedialRenderer) renderer = NULL;

  f->dir = redial_test_make_dir ();
  f->path = g_build_filename (f->dir, "redial.db", NULL);
  f->config = redial_config_load_from_data (text, "test.conf", &error);
  g_assert_no_error (error);
  f->tz = g_time_zone_ref (redial_config_get_time_zone (f->config));
  f->store = redial_store_open (f->path, &error);
  g_assert_no_error (error);
  /* Wednesday 25 November 2026, 09:00 in Chicago. */
  f->clock = redial_fake_clock_new (local (f, 11, 25, 9, 0, 0));
  f->sms = redial_test_sms_new ();
  compliance = redial_compliance_new (f->store);
  renderer = redial_renderer_new (f->config);
  f->outbox = redial_outbox_new (f->store, f->clock, compliance, renderer);
  redial_outbox_set_gateway (f->outbox, REDIAL_SMS_GATEWAY (f->sms));
  f->shown = g_ptr_array_new_with_free_func (g_free);
  start (f);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  setup_with (f, data != NULL ? data : conf);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->summary != NULL)
    g_signal_handlers_disconnect_by_data (f->summary, f);
  g_clear_object (&f->summary);
  g_clear_object (&f->outbox);
  g_clear_object (&f->sms);
  g_clear_object (&f->clock);
  g_clear_object (&f->store);
  g_clear_object (&f->config);
  g_clear_pointer (&f->tz, g_time_zone_unref);
  g_clear_pointer (&f->shown, g_ptr_array_unref);
  redial_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* Moves the clock to @when and gives the summary its tick there; waits,
 * with a deadline, for the day's report it may have started. */
static void
tick_at (Fixture *f,
         gint64   when)
{
  gint64 deadline = g_get_monotonic_time () + SECONDS (20);

  redial_fake_clock_advance_to (REDIAL_FAKE_CLOCK (f->clock), when);
  redial_day_summary_tick (f->summary, when);
  for (;;)
    {
      redial_test_drain ();
      if (!redial_day_summary_get_computing (f->summary))
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* Ticks every @step from now to @until. */
static void
run_until (Fixture *f,
           gint64   until,
           gint64   step)
{
  for (gint64 t = redial_clock_now (f->clock) + step; t <= until; t += step)
    tick_at (f, t);
}

static RedialCase *
missed (Fixture    *f,
        const char *caller,
        gint64      at)
{
  g_autofree char *id = g_strdup_printf ("call-%u", f->n_calls++);
  g_autoptr(RedialCall) call = g_object_new (REDIAL_TYPE_CALL,
                                             "provider", "test", "provider-call-id", id,
                                             "caller", caller, "line-label", "Main",
                                             "started-at", at, "ended-at", at + SECONDS (20),
                                             "disposition", REDIAL_DISPOSITION_NO_ANSWER, NULL);
  g_autoptr(GError) error = NULL;
  RedialStoreRecord record;
  RedialCase *kase = redial_store_record_call (f->store, call, TRUE, &record, &error);

  g_assert_no_error (error);
  return kase;
}

static void
reached (Fixture    *f,
         RedialCase *kase,
         gint64      at)
{
  g_autoptr(RedialTimelineItem) item = redial_timeline_item_new (REDIAL_TIMELINE_KIND_CALL_BACK, at, "Dana");
  g_autoptr(GError) error = NULL;

  g_assert_true (redial_store_add_case_event (f->store, item, redial_case_get_id (kase), &error));
  g_assert_true (redial_store_set_call_outcome (f->store, redial_case_get_id (kase),
                                                redial_timeline_item_get_id (item),
                                                REDIAL_CALL_OUTCOME_REACHED, &error));
  g_assert_no_error (error);
}

static void
booked (Fixture    *f,
        RedialCase *kase,
        gint64      job_value,
        gint64      at)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (redial_store_close_case (f->store, redial_case_get_id (kase), REDIAL_CASE_OUTCOME_BOOKED,
                                          job_value, "Dana", at, NULL, &error));
  g_assert_no_error (error);
}

/* Wednesday: Ann rang twice and was booked at $3,249.50; Ben was
 * reached and booked with no value ($350, estimated); Cal was missed. */
static void
wednesday (Fixture *f)
{
  g_autoptr(RedialCase) ann = missed (f, "+13125550101", local (f, 11, 25, 9, 10, 0));
  g_autoptr(RedialCase) ann2 = missed (f, "+13125550101", local (f, 11, 25, 9, 12, 0));
  g_autoptr(RedialCase) ben = missed (f, "+13125550102", local (f, 11, 25, 10, 0, 0));
  g_autoptr(RedialCase) cal = missed (f, "+13125550103", local (f, 11, 25, 11, 0, 0));

  reached (f, ann, local (f, 11, 25, 9, 15, 0));
  booked (f, ann, 324950, local (f, 11, 25, 9, 30, 0));
  reached (f, ben, local (f, 11, 25, 10, 5, 0));
  booked (f, ben, -1, local (f, 11, 25, 10, 30, 0));
}

static void
test_fires_at_close (Fixture       *f,
                     gconstpointer  data)
{
  const char *text = "Today: 4 missed, 2 reached, 2 booked, ≈ $3,600";

  wednesday (f);

  /* Not before Wednesday's close at 17:30 … */
  run_until (f, local (f, 11, 25, 17, 29, 0), MINUTES (15));
  tick_at (f, local (f, 11, 25, 17, 29, 59));
  g_assert_cmpuint (f->shown->len, ==, 0);
  g_assert_cmpuint (redial_test_sms_n_created (f->sms), ==, 0);

  /* … at it: on screen and to the owner, word for word. */
  tick_at (f, local (f, 11, 25, 17, 30, 0));
  g_assert_cmpuint (f->shown->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->shown, 0), ==, text);
  redial_test_drain ();
  g_assert_cmpuint (redial_test_sms_n_created_with (f->sms, OWNER, text), ==, 1);

  /* Nothing more that evening; Thursday's at 17:00 counts Thursday. */
  run_until (f, local (f, 11, 26, 16, 59, 0), MINUTES (10));
  g_assert_cmpuint (f->shown->len, ==, 1);
  tick_at (f, local (f, 11, 26, 17, 0, 0));
  g_assert_cmpuint (f->shown->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (f->shown, 1), ==, "Today: 0 missed, 0 reached, 0 booked, $0");
  redial_test_drain ();
  g_assert_cmpuint (redial_test_sms_n_created_to (f->sms, OWNER), ==, 2);
}

/* Friday's close, then a weekend and Christmas: no summary. */
static void
test_closed_days (Fixture       *f,
                  gconstpointer  data)
{
  redial_fake_clock_advance_to (REDIAL_FAKE_CLOCK (f->clock), local (f, 11, 27, 17, 0, 0));
  tick_at (f, local (f, 11, 27, 17, 0, 0));
  g_assert_cmpuint (f->shown->len, ==, 1);

  run_until (f, local (f, 11, 30, 0, 0, 0), MINUTES (10));
  g_assert_cmpuint (f->shown->len, ==, 1);
  g_assert_cmpuint (redial_test_sms_n_created (f->sms), ==, 1);

  redial_fake_clock_advance_to (REDIAL_FAKE_CLOCK (f->clock), local (f, 12, 25, 0, 0, 0));
  run_until (f, local (f, 12, 26, 0, 0, 0), MINUTES (10));
  g_assert_cmpuint (f->shown->len, ==, 1);
  g_assert_cmpuint (redial_test_sms_n_created (f->sms), ==, 1);
}

/* A restart after the day's summary went out sends nothing again; one
 * that missed the close that day (Redial was stopped) sends it late. */
static void
test_once_across_restart (Fixture       *f,
                          gconstpointer  data)
{
  tick_at (f, local (f, 11, 25, 17, 30, 0));
  g_assert_cmpuint (f->shown->len, ==, 1);

  start (f);
  run_until (f, local (f, 11, 25, 23, 50, 0), MINUTES (10));
  g_assert_cmpuint (f->shown->len, ==, 1);
  redial_test_drain ();
  g_assert_cmpuint (redial_test_sms_n_created (f->sms), ==, 1);

  /* Stopped over Thursday's close, started at 19:00. */
  g_clear_object (&f->summary);
  redial_fake_clock_advance_to (REDIAL_FAKE_CLOCK (f->clock), local (f, 11, 26, 19, 0, 0));
  start (f);
  tick_at (f, local (f, 11, 26, 19, 0, 0));
  g_assert_cmpuint (f->shown->len, ==, 2);
  start (f);
  tick_at (f, local (f, 11, 26, 19, 0, 1));
  g_assert_cmpuint (f->shown->len, ==, 2);
  redial_test_drain ();
  g_assert_cmpuint (redial_test_sms_n_created (f->sms), ==, 2);
}

/* An owner's number that opted out gets no text; the desk still sees it. */
static void
test_never_to_opted_out (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (redial_store_set_opted_out (f->store, OWNER, TRUE, local (f, 11, 25, 9, 0, 0), "STOP", &error));
  g_assert_no_error (error);
  tick_at (f, local (f, 11, 25, 17, 30, 0));
  g_assert_cmpuint (f->shown->len, ==, 1);
  redial_test_drain ();
  g_assert_cmpuint (redial_test_sms_n_created (f->sms), ==, 0);
}

/* Without [report] end-of-day, nothing. */
static void
test_off (Fixture       *f,
          gconstpointer  data)
{
  tick_at (f, local (f, 11, 25, 17, 30, 0));
  run_until (f, local (f, 11, 26, 18, 0, 0), MINUTES (30));
  g_assert_cmpuint (f->shown->len, ==, 0);
  g_assert_cmpuint (redial_test_sms_n_created (f->sms), ==, 0);
}

static void
test_format (void)
{
  RedialReportTotals totals = { 0, };
  g_autofree char *exact = NULL;
  g_autofree char *estimate = NULL;

  totals.missed_calls = 14;
  totals.reached = 11;
  totals.booked = 6;
  totals.revenue = 123456789;
  exact = redial_day_summary_format (&totals);
  g_assert_cmpstr (exact, ==, "Today: 14 missed, 11 reached, 6 booked, $1,234,568");
  totals.revenue = 360000;
  totals.revenue_is_estimate = TRUE;
  estimate = redial_day_summary_format (&totals);
  g_assert_cmpstr (estimate, ==, "Today: 14 missed, 11 reached, 6 booked, ≈ $3,600");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *off = NULL;

  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  off = g_strndup (conf, strstr (conf, "[report]") - conf);
  g_test_add_func ("/day-summary/format", test_format);
  g_test_add ("/day-summary/fires-at-close", Fixture, NULL, fixture_setup, test_fires_at_close, fixture_teardown);
  g_test_add ("/day-summary/not-on-closed-days", Fixture, NULL, fixture_setup, test_closed_days,
              fixture_teardown);
  g_test_add ("/day-summary/once-a-day-across-a-restart", Fixture, NULL, fixture_setup,
              test_once_across_restart, fixture_teardown);
  g_test_add ("/day-summary/never-to-an-opted-out-number", Fixture, NULL, fixture_setup,
              test_never_to_opted_out, fixture_teardown);
  g_test_add ("/day-summary/off-unless-asked", Fixture, off, fixture_setup, test_off, fixture_teardown);

  return g_test_run ();
}
