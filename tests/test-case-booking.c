/* test-case-booking.c: booking from the case page under a real X server: the keyboard's Book popover, Offer Two Slots, an unclear reply. */
#include "config.h"

#include <glib/gi18n.h>

#include "case/redial-case-booking.h"
#include "case/redial-case-page.h"
#include "redial-queue-fixture.h"
#include "redial-test-util.h"
#include "redial-ui-test-util.h"

#define CALLER "+16305550125"

typedef struct
{
  Fixture             base;     /* the context on a fake clock; base.window is the test's window */
  RedialCasePage     *page;
  GPtrArray          *log;      /* "book-case 1 Joe 2026-11-26T09:00:00Z", one an activation */
} BookingFixture;

typedef struct
{
  int width;
} Options;

static const Options wide = { 900 };
static const Options narrow = { 360 };

#define PAGE(f) GTK_WIDGET (((BookingFixture *) (f))->page)

/* The application's booking actions, done on the engine. */
static void
on_action (GSimpleAction *action,
           GVariant      *parameter,
           gpointer       user_data)
{
  BookingFixture *f = user_data;
  const char *name = g_action_get_name (G_ACTION (action));
  g_autoptr(RedialCase) kase = NULL;
  g_autoptr(RedialAppointment) appointment = NULL;
  g_autoptr(GError) error = NULL;
  const char *resource = "";
  const char *when = "";
  gint64 id;

  if (g_variant_is_of_type (parameter, G_VARIANT_TYPE_INT64))
    id = g_variant_get_int64 (parameter);
  else
    g_variant_get (parameter, "(x&s&s)", &id, &resource, &when);
  g_ptr_array_add (f->log, g_strdup_printf ("%s %" G_GINT64_FORMAT "%s%s%s%s", name, id, *resource ? " " : "",
                                            resource, *when ? " " : "", when));
  kase = redial_engine_find_case (f->base.engine, id, &error);
  g_assert_no_error (error);
  if (g_str_equal (name, "offer-slots"))
    g_assert_true (redial_engine_offer_slots (f->base.engine, kase, &error));
  else
    {
      g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (when, NULL);

      appointment = redial_engine_book_case (f->base.engine, kase, resource, g_date_time_to_unix (at) * G_USEC_PER_SEC,
                                             g_str_equal (name, "book-case"), &error);
    }
  g_assert_no_error (error);
}

static const GActionEntry booking_actions[] = {
  { "book-case", on_action, "(xss)", NULL, NULL },
  { "book-case-unconfirmed", on_action, "(xss)", NULL, NULL },
  { "offer-slots", on_action, "x", NULL, NULL },
};

static void
booking_setup (BookingFixture *f,
               gconstpointer   data)
{
  const Options *options = data;

  /* Wednesday 2026-11-25, 14:00 (UTC, the tests' time zone). */
  queue_fixture_open_desk (&f->base, "[business]\nname = Acme Plumbing\n[sms]\nbackend = demo\n"
                                     "[resource Joe]\nhours = mon-fri 08:00-12:00, 13:00-17:00\n"
                                     "[resource Ana]\nhours = mon-fri 08:00-12:00\n");
  f->log = g_ptr_array_new_with_free_func (g_free);

  f->page = REDIAL_CASE_PAGE (redial_case_page_new ());
  redial_case_page_set_context (f->page, f->base.context);
  queue_fixture_show_page (&f->base, GTK_WIDGET (f->page), booking_actions, G_N_ELEMENTS (booking_actions), f,
                           options->width, 760);
}

static void
booking_teardown (BookingFixture *f,
                  gconstpointer   data)
{
  g_ptr_array_unref (f->log);
  queue_fixture_teardown (&f->base, data);
}

static gboolean
logged (Fixture       *f,
        gconstpointer  line)
{
  GPtrArray *log = ((BookingFixture *) f)->log;

  for (guint i = 0; i < log->len; i++)
    if (g_str_equal (g_ptr_array_index (log, i), line))
      return TRUE;
  return FALSE;
}

static gboolean
is_mapped (Fixture       *f,
           gconstpointer  widget)
{
  return gtk_widget_get_mapped ((GtkWidget *) widget);
}

static gboolean
label_shows (Fixture       *f,
             gconstpointer  text)
{
  g_autofree char *labels = queue_row_text (PAGE (f));

  return strstr (labels, text) != NULL;
}

static gboolean
is_focused (Fixture       *f,
            gconstpointer  widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root ((GtkWidget *) widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, (GtkWidget *) widget));
}

static gboolean
is_unticked (Fixture       *f,
             gconstpointer  check)
{
  return !gtk_check_button_get_active (GTK_CHECK_BUTTON (check));
}

static gboolean
is_menu_button_labelled (GtkWidget     *widget,
                         gconstpointer  label)
{
  return GTK_IS_MENU_BUTTON (widget) && g_strcmp0 (gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)), label) == 0;
}

static gboolean
is_entry (GtkWidget     *widget,
          gconstpointer  data)
{
  return GTK_IS_ENTRY (widget) && gtk_widget_get_mapped (widget);
}

static gboolean
is_check (GtkWidget     *widget,
          gconstpointer  data)
{
  return GTK_IS_CHECK_BUTTON (widget) && gtk_widget_get_mapped (widget);
}

/* The Book button beside the offered time whose label starts with @prefix. */
static gboolean
is_book_button_for (GtkWidget     *widget,
                    gconstpointer  prefix)
{
  GtkWidget *label = gtk_widget_get_prev_sibling (widget);

  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), "_Book") == 0 &&
         GTK_IS_LABEL (label) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), prefix);
}

static void
click (BookingFixture *f,
       GtkWidget      *widget)
{
  queue_wait_until (&f->base, is_mapped, widget, "the widget on screen");
  queue_settle (&f->base);
  queue_pointer_to (&f->base, widget);
  queue_click ();
}

/* A caller whose case is open on the page. */
static RedialCase *
open_lead (BookingFixture *f)
{
  RedialCase *kase = queue_add_call (&f->base, "c1", CALLER, "Tom Becker", 60);

  redial_case_page_set_case (f->page, kase);
  queue_settle (&f->base);
  return kase;
}

static gboolean
has_popover (Fixture       *f,
             gconstpointer  button)
{
  return gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)) != NULL;
}

static GtkWidget *
popover_of_book_button (BookingFixture *f)
{
  GtkWidget *book = redial_test_find_widget (PAGE (f), is_menu_button_labelled, "Book…");

  g_assert_nonnull (book);
  click (f, book);
  queue_wait_until (&f->base, has_popover, book, "the Book popover made");
  return GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (book)));
}

static void
test_keyboard_booking (BookingFixture *f,
                       gconstpointer   data)
{
  RedialCase *kase = open_lead (f);
  g_autofree char *confirmed = g_strdup_printf ("book-case %" G_GINT64_FORMAT " Joe 2026-11-26T09:00:00Z",
                                                redial_case_get_id (kase));
  g_autofree char *quiet = NULL;
  GtkWidget *popover = popover_of_book_button (f);
  GtkWidget *entry;
  GtkWidget *check;
  g_autoptr(GPtrArray) appointments = NULL;

  /* The next free times are listed, the first one chosen: Joe at 15:00
   * (now 14:00, an hour's notice). */
  queue_wait_until (&f->base, is_mapped, popover, "the Book popover");
  entry = redial_test_find_widget (popover, is_entry, NULL);
  g_assert_nonnull (entry);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "2026-11-25 15:00");
  check = redial_test_find_widget (popover, is_check, NULL);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));

  /* Typed, as a person who does not drag books. */
  queue_wait_until (&f->base, is_focused, entry, "the keyboard in the time entry");
  queue_key ("ctrl+a");
  queue_type ("2026-11-26 09:00");
  queue_key ("Return");
  queue_wait_until (&f->base, logged, confirmed, "the booking with its confirmation");
  appointments = redial_store_list_case_appointments (f->base.store, redial_case_get_id (kase), NULL);
  g_assert_cmpuint (appointments->len, ==, 1);
  g_assert_cmpint (redial_case_get_state (kase), ==, REDIAL_CASE_STATE_BOOKED);
  /* A booked case has no more to book. */
  queue_wait_until (&f->base, label_shows, "Booked", "the booking in the timeline");

  /* Cancelled, booked again with the confirmation unticked. */
  g_assert_true (redial_engine_cancel_appointment (f->base.engine,
                                                   redial_appointment_get_id (g_ptr_array_index (appointments, 0)),
                                                   NULL));
  queue_settle (&f->base);
  popover = popover_of_book_button (f);
  queue_wait_until (&f->base, is_mapped, popover, "the Book popover");
  check = redial_test_find_widget (popover, is_check, NULL);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  click (f, check);
  queue_wait_until (&f->base, is_unticked, check, "Send confirmation unticked");
  entry = redial_test_find_widget (popover, is_entry, NULL);
  queue_pointer_to (&f->base, entry);
  queue_click ();
  queue_key ("ctrl+a");
  queue_type ("2026-11-27 10:00");
  queue_key ("Return");
  quiet = g_strdup_printf ("book-case-unconfirmed %" G_GINT64_FORMAT " Joe 2026-11-27T10:00:00Z",
                           redial_case_get_id (kase));
  queue_wait_until (&f->base, logged, quiet, "the booking without its confirmation");
}

static void
test_bad_time_said_in_place (BookingFixture *f,
                             gconstpointer   data)
{
  open_lead (f);
  {
    GtkWidget *popover = popover_of_book_button (f);
    GtkWidget *entry;

    queue_wait_until (&f->base, is_mapped, popover, "the Book popover");
    entry = redial_test_find_widget (popover, is_entry, NULL);
    queue_wait_until (&f->base, is_focused, entry, "the keyboard in the time entry");
    queue_key ("ctrl+a");
    queue_type ("next tuesday");
    queue_key ("Return");
    queue_wait_until (&f->base, label_shows, "Type the date and time as 2026-12-01 09:00", "the entry's error");
    g_assert_cmpuint (f->log->len, ==, 0);
    g_assert_true (gtk_widget_get_mapped (popover));
  }
}

static void
test_offer_and_unclear_reply (BookingFixture *f,
                              gconstpointer   data)
{
  RedialCase *kase = open_lead (f);
  g_autofree char *offered = g_strdup_printf ("offer-slots %" G_GINT64_FORMAT, redial_case_get_id (kase));
  g_autofree char *second = g_strdup_printf ("book-case %" G_GINT64_FORMAT " Joe 2026-11-25T16:00:00Z",
                                             redial_case_get_id (kase));
  g_autofree char *accessible = NULL;
  GtkWidget *book_second;

  click (f, redial_test_find_button (PAGE (f), "_Offer Two Slots"));
  queue_wait_until (&f->base, logged, offered, "the offer");
  queue_wait_until (&f->base, label_shows, "Offered by text, held for the caller", "the offer on the case");
  g_assert_true (label_shows (&f->base, "1 · Joe · Wed Nov 25, 15:00–16:00"));
  g_assert_true (label_shows (&f->base, "2 · Joe · Wed Nov 25, 16:00–17:00"));

  /* A reply that chooses neither is shown, and nothing is texted back. */
  redial_engine_handle_inbound (f->base.engine, "m1", CALLER, "<b>neither</b>, can you do friday?");
  queue_wait_until (&f->base, label_shows, "They replied “<b>neither</b>, can you do friday?”",
                    "the unclear reply, as text");
  g_assert_cmpint (redial_case_get_reply_waiting_since (kase), >, 0);

  /* One click books the second time. */
  book_second = redial_test_find_widget (PAGE (f), is_book_button_for, "2 · ");
  g_assert_nonnull (book_second);
  click (f, book_second);
  queue_wait_until (&f->base, logged, second, "the second time booked");
  g_assert_cmpint (redial_case_get_state (kase), ==, REDIAL_CASE_STATE_BOOKED);
}

/* The case page with an offer open and an unclear reply;
 * REDIAL_SCREENSHOT=file.png saves the screen. */
static void
test_look (BookingFixture *f,
           gconstpointer   data)
{
  RedialCase *kase = open_lead (f);
  g_autoptr(GError) error = NULL;
  const char *screenshot = g_getenv ("REDIAL_SCREENSHOT");

  g_assert_true (redial_engine_offer_slots (f->base.engine, kase, &error));
  g_assert_no_error (error);
  redial_engine_handle_inbound (f->base.engine, "m1", CALLER, "Hmm, is there anything on Friday morning?");
  queue_wait_until (&f->base, label_shows, "Friday morning", "the unclear reply");
  if (screenshot != NULL)
    {
      g_autofree char *command = g_strdup_printf ("import -window root %s", screenshot);
      GtkWidget *popover;

      queue_settle (&f->base);
      g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
      popover = popover_of_book_button (f);
      queue_wait_until (&f->base, is_mapped, popover, "the Book popover");
      queue_settle (&f->base);
      g_free (command);
      command = g_strdup_printf ("import -window root %s-book.png", screenshot);
      g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
    }
}

int
main (int   argc,
      char *argv[])
{
  redial_test_init_ui (&argc, &argv);

#define ADD(path, options, test) \
  g_test_add ("/ui/case-booking/" path, BookingFixture, options, booking_setup, test, booking_teardown)
  ADD ("keyboard-booking", &wide, test_keyboard_booking);
  ADD ("bad-time-said-in-place", &wide, test_bad_time_said_in_place);
  ADD ("offer-and-unclear-reply", &wide, test_offer_and_unclear_reply);
  ADD ("look", &wide, test_look);
  ADD ("look-narrow", &narrow, test_look);
#undef ADD

  return g_test_run ();
}
