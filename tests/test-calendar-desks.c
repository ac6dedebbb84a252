/* test-calendar-desks.c: desks sharing a PostgreSQL store: what one books, moves or cancels shows on the others' calendars. */
#include "config.h"

#include "calendar/redial-calendar-grid-private.h"
#include "calendar/redial-calendar-view.h"
#include "pg-harness.h"
#include "redial-context.h"
#include "redial-fake-clock.h"
#include "redial-pg-store.h"
#include "redial-test-util.h"
#include "redial-ui-test-util.h"

#define HOUR_US ((gint64) 3600 * G_USEC_PER_SEC)
/* Thursday 26 November 2026, midnight UTC, and the desks' clock an hour before. */
#define THURSDAY_US (G_GINT64_CONSTANT (1795651200) * G_USEC_PER_SEC)
#define NOW_US (THURSDAY_US - HOUR_US)

typedef struct
{
  char               *url;
  RedialClock        *clock;
  RedialContext      *context;  /* this desk, its calendar on screen */
  RedialCalendarView *view;
  GtkWidget          *window;
  RedialPgStore      *there;    /* another desk's store */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialConfig) config = NULL;
  g_autoptr(GDateTime) thursday = g_date_time_new_from_unix_utc (THURSDAY_US / G_USEC_PER_SEC);
  g_autofree char *settings = NULL;

  f->url = pg_harness_create_database ();
  settings = g_strdup_printf ("[business]\nname = Acme Plumbing\n[store]\nurl = %s\n"
                              "[resource Joe]\nhours = mon-sun 08:00-18:00\n", f->url);
  config = redial_config_load_from_data (settings, "test.conf", &error);
  g_assert_no_error (error);
  f->clock = redial_fake_clock_new (NOW_US);
  f->context = redial_context_new (config, f->clock);
  g_assert_true (redial_context_open (f->context, &error));
  g_assert_no_error (error);

  f->view = REDIAL_CALENDAR_VIEW (redial_calendar_view_new ());
  redial_calendar_view_set_context (f->view, f->context);
  redial_calendar_view_show_date (f->view, REDIAL_CALENDAR_DAY, thursday);
  f->window = adw_window_new ();
  adw_window_set_content (ADW_WINDOW (f->window), GTK_WIDGET (f->view));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 760);
  gtk_window_present (GTK_WINDOW (f->window));

  f->there = redial_pg_store_open (f->url, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  redial_test_drain ();
  g_clear_object (&f->there);
  g_clear_object (&f->context);
  g_clear_object (&f->clock);
  pg_harness_drop_database (f->url);
  g_free (f->url);
}

/* The block of appointment @id on this desk's calendar, or NULL. */
static RedialCalendarBlock *
shown (Fixture *f,
       gint64   id)
{
  RedialCalendarGrid *grid = redial_calendar_view_get_grid (f->view);

  for (guint i = 0; grid->blocks != NULL && i < grid->blocks->len; i++)
    {
      RedialCalendarBlock *block = g_ptr_array_index (grid->blocks, i);

      if (block->id == id)
        return block;
    }
  return NULL;
}

/* A change reaches the other desk in well under a second, so ten
 * seconds means it never will. */
#define WAIT_FOR(condition) REDIAL_TEST_WAIT_FOR (condition, 10)

static gboolean
shown_at (Fixture *f,
          gint64   id,
          gint64   start,
          gint64   end)
{
  RedialCalendarBlock *block = shown (f, id);

  return block != NULL && block->start == start && block->end == end;
}

/* The other desk books Joe at 10:00, drags the job to 13:00, and cancels
 * it: this desk's calendar follows each, with nobody touching it. */
static void
test_follows_other_desk (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) kase = NULL;
  g_autoptr(RedialAppointment) booked = NULL;
  g_autoptr(RedialAppointment) moved = NULL;
  g_autoptr(RedialAppointment) cancelled = NULL;
  gint64 id;

  kase = redial_store_open_case (REDIAL_STORE (f->there), "+13125550101", NOW_US, &error);
  g_assert_no_error (error);
  booked = redial_appointment_new (redial_case_get_id (kase), "Joe", "water heater",
                                   THURSDAY_US + 10 * HOUR_US, THURSDAY_US + 12 * HOUR_US);
  redial_appointment_set_caller_name (booked, "Tom Becker");
  g_assert_true (redial_store_add_appointment (REDIAL_STORE (f->there), booked, NOW_US, &error));
  g_assert_no_error (error);
  id = redial_appointment_get_id (booked);

  WAIT_FOR (shown_at (f, id, THURSDAY_US + 10 * HOUR_US, THURSDAY_US + 12 * HOUR_US));
  g_assert_cmpstr (shown (f, id)->resource, ==, "Joe");

  moved = redial_store_move_appointment (REDIAL_STORE (f->there), id, NULL, THURSDAY_US + 13 * HOUR_US,
                                         THURSDAY_US + 15 * HOUR_US, NOW_US, &error);
  g_assert_no_error (error);
  WAIT_FOR (shown_at (f, id, THURSDAY_US + 13 * HOUR_US, THURSDAY_US + 15 * HOUR_US));

  cancelled = redial_store_cancel_appointment (REDIAL_STORE (f->there), id, NOW_US, &error);
  g_assert_no_error (error);
  WAIT_FOR (shown (f, id) == NULL);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/calendar/desks/follows-another-desk", Fixture, NULL,
              fixture_setup, test_follows_other_desk, fixture_teardown);

  return g_test_run ();
}
