/* test-presence.c: two and three desks on one PostgreSQL store, in their windows: who has which case open, on the row and on the case page. */
#include "config.h"

#include <gdk/x11/gdkx.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "pg-harness.h"
#include "case/redial-case-page.h"
#include "case/redial-case-presence.h"
#include "redial-desks-button.h"
#include "redial-presence-chip.h"
#include "redial-queue-fixture.h"
#include "redial-test-util.h"
#include "redial-ui-test-util.h"

/* Desk B's person, in words that are no markup. */
#define BEA "Bea <b>Ortiz</b> & Co"
/* Desk C's person: before Bea by name, though she opens cases after her. */
#define ANA "Ana Ruiz"

typedef struct
{
  Fixture        a;        /* desk A: its window on screen, driven by the pointer */
  char          *url;
  char          *password_file;
  RedialClock   *b_clock;
  RedialContext *b;        /* desk B, in the same process, on the same database */
  RedialWindow  *b_window; /* never shown: B's person looks at their own screen */
  RedialClock   *c_clock;
  RedialContext *c;        /* desk C, for the tests of three desks, or NULL */
  RedialWindow  *c_window;
} DesksFixture;

static RedialContext *
open_desk (DesksFixture *f,
           RedialClock  *clock)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("[business]\nname = Acme Plumbing\n"
                                           "[store]\nurl = %s\npassword-file = %s\n",
                                           f->url, f->password_file);
  g_autoptr(RedialConfig) config = redial_config_load_from_data (text, "test.conf", &error);
  RedialContext *context;

  g_assert_no_error (error);
  context = redial_context_new (config, clock);
  /* A desk, as the window's application makes it. */
  redial_context_set_yields_to_service (context, TRUE);
  g_assert_true (redial_context_open (context, &error));
  g_assert_no_error (error);
  return context;
}

static void
desks_setup (DesksFixture  *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  f->url = pg_harness_create_database ();
  f->a.dir = g_dir_make_tmp ("redial-presence-XXXXXX", &error);
  g_assert_no_error (error);
  /* The server trusts the test: any password will do, from a private file. */
  f->password_file = g_build_filename (f->a.dir, "password", NULL);
  g_assert_true (g_file_set_contents (f->password_file, "unused\n", -1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (f->password_file, 0600), ==, 0);

  f->a.clock = redial_fake_clock_new (START_US);
  f->a.context = open_desk (f, f->a.clock);
  f->a.store = g_object_ref (redial_context_get_store (f->a.context));
  f->a.engine = g_object_ref (redial_context_get_engine (f->a.context));
  g_object_set (f->a.engine, "agent-name", "Ann", NULL);

  f->b_clock = redial_fake_clock_new (START_US);
  f->b = open_desk (f, f->b_clock);
  g_object_set (redial_context_get_engine (f->b), "agent-name", BEA, NULL);

  gtk_css_provider_load_from_resource (css, "/io/redial/Redial/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  queue_pointer_to_point (1279, 799);

  f->a.window = redial_window_new (NULL, f->a.context);
  gtk_window_set_default_size (GTK_WINDOW (f->a.window), 900, 700);
  gtk_window_present (GTK_WINDOW (f->a.window));
  g_assert_true (redial_context_start (f->a.context, &error));
  g_assert_no_error (error);
  f->b_window = g_object_ref_sink (redial_window_new (NULL, f->b));
  g_assert_true (redial_context_start (f->b, &error));
  g_assert_no_error (error);
  queue_settle (&f->a);
}

/* Desks A and B, and desk C on the same database, its window never shown. */
static void
three_desks_setup (DesksFixture  *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  desks_setup (f, data);
  f->c_clock = redial_fake_clock_new (START_US);
  f->c = open_desk (f, f->c_clock);
  g_object_set (redial_context_get_engine (f->c), "agent-name", ANA, NULL);
  f->c_window = g_object_ref_sink (redial_window_new (NULL, f->c));
  g_assert_true (redial_context_start (f->c, &error));
  g_assert_no_error (error);
  queue_settle (&f->a);
}

static void
desks_teardown (DesksFixture  *f,
                gconstpointer  data)
{
  if (f->c != NULL)
    {
      redial_context_stop (f->c);
      gtk_window_destroy (GTK_WINDOW (f->c_window));
      g_clear_object (&f->c_window);
    }
  redial_context_stop (f->b);
  gtk_window_destroy (GTK_WINDOW (f->b_window));
  g_clear_object (&f->b_window);
  redial_context_stop (f->a.context);
  gtk_window_destroy (GTK_WINDOW (f->a.window));
  redial_test_drain ();
  g_clear_object (&f->a.engine);
  g_clear_object (&f->a.store);
  g_clear_object (&f->a.context);
  g_clear_object (&f->b);
  g_clear_object (&f->c);
  g_clear_object (&f->a.clock);
  g_clear_object (&f->b_clock);
  g_clear_object (&f->c_clock);
  pg_harness_drop_database (f->url);
  redial_test_remove_tree (f->a.dir);
  g_free (f->a.dir);
  g_free (f->password_file);
  g_free (f->url);
}

/* The presence chip of the row on screen whose labels mention @text. */
static RedialPresenceChip *
chip_of (DesksFixture *f,
         const char   *text)
{
  GtkWidget *row = queue_find_row (&f->a, text);

  return row != NULL ? REDIAL_PRESENCE_CHIP (redial_test_find_type (row, REDIAL_TYPE_PRESENCE_CHIP)) : NULL;
}

typedef struct
{
  const char *row;    /* text of the row */
  const char *says;   /* what its chip's tooltip says; NULL: no chip */
} ChipState;

static gboolean
chip_says (Fixture       *fixture,
           gconstpointer  data)
{
  const ChipState *state = data;
  RedialPresenceChip *chip = chip_of ((DesksFixture *) fixture, state->row);

  if (chip == NULL)
    return FALSE;
  if (state->says == NULL)
    return !gtk_widget_get_visible (GTK_WIDGET (chip));
  return gtk_widget_get_mapped (GTK_WIDGET (chip)) &&
         g_strcmp0 (redial_presence_chip_get_description (chip), state->says) == 0;
}

static char *
open_at_b (const char *what)
{
  return g_strdup_printf (_("%s has this case open at %s"), what, g_get_host_name ());
}

/* The queue of @desk knows case @case_id (its engine heard of it from the store). */
static gboolean
desk_knows (RedialContext *desk,
            gint64         case_id)
{
  GListModel *queue = redial_engine_get_queue (redial_context_get_engine (desk));

  for (guint i = 0; i < g_list_model_get_n_items (queue); i++)
    {
      g_autoptr(RedialCase) kase = g_list_model_get_item (queue, i);

      if (redial_case_get_id (kase) == case_id)
        return TRUE;
    }
  return FALSE;
}

/* Desks B and C (when there is one) know case @id. */
static gboolean
others_know (Fixture       *fixture,
         gconstpointer  data)
{
  DesksFixture *f = (DesksFixture *) fixture;
  gint64 case_id = *(const gint64 *) data;

  return desk_knows (f->b, case_id) && (f->c == NULL || desk_knows (f->c, case_id));
}

static gint64
add_call (DesksFixture *f,
          const char   *id,
          const char   *caller,
          const char   *name)
{
  RedialCase *kase = queue_add_call (&f->a, id, caller, name, 60);
  gint64 case_id = redial_case_get_id (kase);

  queue_wait_until (&f->a, others_know, &case_id, "the other desks to hear of the call");
  return case_id;
}

static graphene_rect_t
bounds_in_window (DesksFixture *f,
                  GtkWidget    *widget)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (f->a.window), &bounds));
  return bounds;
}

static void
test_row_shows_who (DesksFixture  *f,
                    gconstpointer  data)
{
  gint64 tom = add_call (f, "c1", "+13125550101", "Tom Becker");
  gint64 ada = add_call (f, "c2", "+13125550102", "Ada Lind");
  g_autofree char *bea_open = open_at_b (BEA);
  ChipState tom_nobody = { "Tom Becker", NULL };
  ChipState tom_bea = { "Tom Becker", bea_open };
  ChipState ada_bea = { "Ada Lind", bea_open };
  ChipState ada_nobody = { "Ada Lind", NULL };
  GtkWidget *tom_row;
  graphene_rect_t before, after;
  RedialPresenceChip *chip;
  const char *label;

  queue_settle (&f->a);
  g_assert_true (chip_says (&f->a, &tom_nobody));
  tom_row = queue_find_row (&f->a, "Tom Becker");
  /* The pointer rests on the row while the other desk works. */
  queue_pointer_to (&f->a, tom_row);
  before = bounds_in_window (f, tom_row);

  /* Desk B opens Tom's case: desk A's row says so, in place. */
  redial_window_open_case (f->b_window, tom);
  queue_wait_until (&f->a, chip_says, &tom_bea, "Bea's name on Tom's row");
  queue_settle (&f->a);
  g_assert_true (queue_find_row (&f->a, "Tom Becker") == tom_row);
  after = bounds_in_window (f, tom_row);
  g_assert_true (graphene_rect_equal (&before, &after));
  g_assert_true (queue_row_under_pointer (&f->a) == REDIAL_QUEUE_ROW (tom_row));

  /* The name is the desk's own words, never markup; the chip has the
   * same words for those who cannot see it. */
  chip = chip_of (f, "Tom Becker");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (chip)), ==, bea_open);
  label = redial_presence_chip_get_description (chip);
  g_assert_cmpstr (label, ==, bea_open);

  /* B moves on to Ada's case: Tom's chip goes, Ada's comes. */
  redial_window_open_case (f->b_window, ada);
  queue_wait_until (&f->a, chip_says, &ada_bea, "Bea's name on Ada's row");
  queue_wait_until (&f->a, chip_says, &tom_nobody, "Tom's row without a chip");

  /* B quits: nobody has Ada's case open. */
  redial_context_stop (f->b);
  queue_wait_until (&f->a, chip_says, &ada_nobody, "Ada's row without a chip");
}

/* The initials and "+N" that @chip shows, in order, between spaces. */
static char *
chip_captions (RedialPresenceChip *chip)
{
  GString *out = g_string_new (NULL);
  GtkWidget *box = gtk_widget_get_first_child (GTK_WIDGET (chip));

  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_mapped (child))
      g_string_append_printf (out, "%s%s", out->len > 0 ? " " : "", gtk_label_get_text (GTK_LABEL (child)));
  return g_string_free (out, FALSE);
}

/* Announces, through desk B's store, two more desks that have case
 * @case_id open, as if they were at work elsewhere. */
static void
announce_two_more (DesksFixture *f,
                   gint64        case_id)
{
  RedialStore *store = redial_context_get_store (f->b);
  g_autoptr(RedialDeskPresence) dan = redial_desk_presence_new ("desk-dan", "Dan Ode", "BACK-OFFICE", case_id,
                                                                redial_clock_now (f->a.clock));
  g_autoptr(RedialDeskPresence) eve = redial_desk_presence_new ("desk-eve", "Eve Poe", NULL, case_id,
                                                                redial_clock_now (f->a.clock));
  g_autoptr(GError) error = NULL;

  g_assert_true (redial_store_announce_desk (store, dan, &error));
  g_assert_no_error (error);
  g_assert_true (redial_store_announce_desk (store, eve, &error));
  g_assert_no_error (error);
}

/* Pictures of desk A's window as it is, and on a phone's width, when
 * asked for them (REDIAL_TEST_SCREENSHOT). */
static void
screenshots (DesksFixture *f,
             const char   *name)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (f->a.window));
  gulong xid = gdk_x11_surface_get_xid (surface);
  g_autofree char *narrow = g_strdup_printf ("xdotool windowsize %lu 360 700", xid);
  g_autofree char *wide = g_strdup_printf ("xdotool windowsize %lu %d %d", xid, gdk_surface_get_width (surface),
                                           gdk_surface_get_height (surface));
  g_autofree char *narrow_name = g_strconcat (name, "-360", NULL);

  if (g_getenv ("REDIAL_TEST_SCREENSHOT") == NULL)
    return;
  redial_test_screenshot (name);
  g_spawn_command_line_sync (narrow, NULL, NULL, NULL, NULL);
  queue_settle (&f->a);
  queue_settle (&f->a);
  redial_test_screenshot (narrow_name);
  g_spawn_command_line_sync (wide, NULL, NULL, NULL, NULL);
  queue_settle (&f->a);
}

static void
count_notify (guint *count)
{
  (*count)++;
}

static void
test_row_shows_everyone (DesksFixture  *f,
                         gconstpointer  data)
{
  const char *host = g_get_host_name ();
  gint64 tom = add_call (f, "c1", "+13125550101", "Tom Becker");
  gint64 ada = add_call (f, "c2", "+13125550102", "Ada Lind");
  g_autofree char *bea_open = open_at_b (BEA);
  g_autofree char *ana_open = open_at_b (ANA);
  g_autofree char *bea_too = g_strdup_printf (_("%s has it open at %s"), BEA, host);
  g_autofree char *dan_too = g_strdup_printf (_("%s has it open at %s"), "Dan Ode", "BACK-OFFICE");
  g_autofree char *eve_too = g_strdup_printf (_("%s has it open"), "Eve Poe");
  g_autofree char *then_bea = g_strdup_printf (_("; %s"), bea_too);
  g_autofree char *then_dan = g_strdup_printf (_("; %s"), dan_too);
  g_autofree char *then_eve = g_strdup_printf (_("; %s"), eve_too);
  g_autofree char *both = g_strconcat (ana_open, then_bea, NULL);
  g_autofree char *four = g_strconcat (both, then_dan, then_eve, NULL);
  ChipState tom_bea = { "Tom Becker", bea_open };
  ChipState tom_both = { "Tom Becker", both };
  ChipState tom_four = { "Tom Becker", four };
  ChipState tom_nobody = { "Tom Becker", NULL };
  g_autofree char *captions = NULL;
  RedialPresenceChip *chip;
  GtkWidget *tom_row;
  graphene_rect_t before, after;
  guint notified = 0;

  queue_settle (&f->a);
  tom_row = queue_find_row (&f->a, "Tom Becker");
  queue_pointer_to (&f->a, tom_row);
  before = bounds_in_window (f, tom_row);

  /* Bea opens Tom's case, then Ana: the row names both, Ana first, by
   * name, whoever came first. */
  redial_window_open_case (f->b_window, tom);
  queue_wait_until (&f->a, chip_says, &tom_bea, "Bea's name on Tom's row");
  redial_window_open_case (f->c_window, tom);
  queue_wait_until (&f->a, chip_says, &tom_both, "Ana's and Bea's names on Tom's row");
  queue_settle (&f->a);
  chip = chip_of (f, "Tom Becker");
  captions = chip_captions (chip);
  g_assert_cmpstr (captions, ==, "AR BC");
  g_clear_pointer (&captions, g_free);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (chip)), ==, both);

  /* The row stays where it was, under the pointer, its height the same. */
  g_assert_true (queue_find_row (&f->a, "Tom Becker") == tom_row);
  after = bounds_in_window (f, tom_row);
  g_assert_true (graphene_rect_equal (&before, &after));
  g_assert_true (queue_row_under_pointer (&f->a) == REDIAL_QUEUE_ROW (tom_row));

  /* Presence refreshes every 5 s: the chip says the same, untouched. */
  g_signal_connect_swapped (chip, "notify::tooltip-text", G_CALLBACK (count_notify), &notified);
  queue_advance (&f->a, SECONDS (11));
  queue_settle (&f->a);
  g_assert_true (chip_says (&f->a, &tom_both));
  g_assert_cmpuint (notified, ==, 0);
  g_signal_handlers_disconnect_by_data (chip, &notified);

  /* Two more desks: the first one's initials and "+3"; the tooltip
   * names all four. */
  announce_two_more (f, tom);
  queue_wait_until (&f->a, chip_says, &tom_four, "four names on Tom's row");
  queue_settle (&f->a);
  captions = chip_captions (chip);
  g_assert_cmpstr (captions, ==, "AR +3");
  g_clear_pointer (&captions, g_free);
  after = bounds_in_window (f, tom_row);
  g_assert_true (graphene_rect_equal (&before, &after));
  screenshots (f, "presence-row-four");
  g_assert_true (redial_store_withdraw_desk (redial_context_get_store (f->b), "desk-dan", NULL));
  g_assert_true (redial_store_withdraw_desk (redial_context_get_store (f->b), "desk-eve", NULL));
  queue_wait_until (&f->a, chip_says, &tom_both, "Ana's and Bea's names on Tom's row again");

  /* Ana moves on to Ada's case: Tom's row names Bea alone. */
  redial_window_open_case (f->c_window, ada);
  queue_wait_until (&f->a, chip_says, &tom_bea, "Bea's name alone on Tom's row");
  queue_settle (&f->a);
  captions = chip_captions (chip);
  g_assert_cmpstr (captions, ==, "BC");
  g_clear_pointer (&captions, g_free);

  /* Bea quits: nobody has Tom's case open. */
  redial_context_stop (f->b);
  queue_wait_until (&f->a, chip_says, &tom_nobody, "Tom's row without a chip");
}

static gboolean
banner_says (Fixture       *fixture,
             gconstpointer  data)
{
  RedialCasePage *page = REDIAL_CASE_PAGE (redial_test_find_type (GTK_WIDGET (fixture->window), REDIAL_TYPE_CASE_PAGE));
  RedialCasePresence *banner = REDIAL_CASE_PRESENCE (redial_test_find_type (GTK_WIDGET (page), REDIAL_TYPE_CASE_PRESENCE));
  GtkWidget *label;

  if (data == NULL)
    return redial_case_presence_get_text (banner) == NULL;
  label = redial_test_find_type (GTK_WIDGET (banner), GTK_TYPE_LABEL);
  return g_strcmp0 (redial_case_presence_get_text (banner), data) == 0 &&
         gtk_widget_get_mapped (label) && gtk_widget_get_child_visible (label) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), data) == 0 &&
         !gtk_label_get_use_markup (GTK_LABEL (label));
}

static gboolean
page_shows (Fixture       *fixture,
            gconstpointer  data)
{
  RedialCase *kase = redial_window_get_open_case (fixture->window);

  return kase != NULL && redial_case_get_id (kase) == *(const gint64 *) data;
}

static void
test_banner_when_both_open (DesksFixture  *f,
                            gconstpointer  data)
{
  gint64 tom = add_call (f, "c1", "+13125550101", "Tom Becker");
  gint64 ada = add_call (f, "c2", "+13125550102", "Ada Lind");
  const char *too = BEA " is looking at this case too";
  RedialDesksButton *desks;
  GtkWidget *list;

  queue_settle (&f->a);
  redial_window_open_case (f->b_window, tom);

  /* Ann opens the same case from her queue, with a click. */
  queue_pointer_to (&f->a, queue_find_row (&f->a, "Tom Becker"));
  queue_click ();
  queue_wait_until (&f->a, page_shows, &tom, "Tom's case on desk A's page");
  queue_wait_until (&f->a, banner_says, too, "the banner on desk A's case page");

  /* Desk B sees Ann the same way. */
  g_assert_cmpint (redial_presence_get_open_case (redial_context_get_presence (f->a.context)), ==, tom);

  /* The queue's header lists who is at the other desk. */
  desks = REDIAL_DESKS_BUTTON (redial_test_find_type (GTK_WIDGET (f->a.window), REDIAL_TYPE_DESKS_BUTTON));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (desks)));
  list = redial_desks_button_get_list (desks);
  {
    g_autofree char *text = queue_row_text (list);

    g_assert_nonnull (strstr (text, BEA));
    g_assert_nonnull (strstr (text, "Tom Becker"));
  }

  /* B moves on: the banner goes. */
  redial_window_open_case (f->b_window, ada);
  queue_wait_until (&f->a, banner_says, NULL, "the banner gone");
}

static void
test_banner_names_everyone (DesksFixture  *f,
                            gconstpointer  data)
{
  gint64 tom = add_call (f, "c1", "+13125550101", "Tom Becker");
  gint64 ada = add_call (f, "c2", "+13125550102", "Ada Lind");
  g_autofree char *both = g_strdup_printf (_("%s and %s are looking at this case too"), ANA, BEA);
  g_autofree char *four = g_strdup_printf (ngettext ("%s, %s and %u other are looking at this case too",
                                                     "%s, %s and %u others are looking at this case too", 2),
                                           ANA, BEA, 2);
  g_autofree char *three = g_strdup_printf (ngettext ("%s, %s and %u other are looking at this case too",
                                                      "%s, %s and %u others are looking at this case too", 1),
                                            ANA, BEA, 1);
  g_autofree char *bea = g_strdup_printf (_("%s is looking at this case too"), BEA);

  queue_settle (&f->a);
  redial_window_open_case (f->b_window, tom);
  redial_window_open_case (f->c_window, tom);

  queue_pointer_to (&f->a, queue_find_row (&f->a, "Tom Becker"));
  queue_click ();
  queue_wait_until (&f->a, page_shows, &tom, "Tom's case on desk A's page");
  queue_wait_until (&f->a, banner_says, both, "both names on the banner");

  announce_two_more (f, tom);
  queue_wait_until (&f->a, banner_says, four, "two names and two others on the banner");
  queue_settle (&f->a);
  screenshots (f, "presence-banner-four");
  g_assert_true (redial_store_withdraw_desk (redial_context_get_store (f->b), "desk-dan", NULL));
  queue_wait_until (&f->a, banner_says, three, "two names and one other on the banner");
  g_assert_true (redial_store_withdraw_desk (redial_context_get_store (f->b), "desk-eve", NULL));

  redial_window_open_case (f->c_window, ada);
  queue_wait_until (&f->a, banner_says, bea, "Bea's name alone on the banner");
}

static void
test_stale_desk_gone (DesksFixture  *f,
                      gconstpointer  data)
{
  gint64 tom = add_call (f, "c1", "+13125550101", "Tom Becker");
  g_autofree char *bea_open = open_at_b (BEA);
  ChipState tom_bea = { "Tom Becker", bea_open };
  ChipState tom_nobody = { "Tom Becker", NULL };

  redial_window_open_case (f->b_window, tom);
  queue_wait_until (&f->a, chip_says, &tom_bea, "Bea's name on Tom's row");

  /* Desk B's time stands still, as a killed desk's does: after 30 s of
   * desk A's clock, it is gone. */
  queue_advance (&f->a, SECONDS (29));
  g_assert_true (chip_says (&f->a, &tom_bea));
  queue_advance (&f->a, SECONDS (6));
  queue_wait_until (&f->a, chip_says, &tom_nobody, "Tom's row without a chip");
}

/* The window's calendar asks a PostgreSQL store for appointments, which
 * it does not keep yet: that warning is no failure of presence. */
static GLogWriterOutput
write_log (GLogLevelFlags   level,
           const GLogField *fields,
           gsize            n_fields,
           gpointer         user_data)
{
  gboolean calendar = FALSE;
  gboolean postgresql = FALSE;

  for (gsize i = 0; i < n_fields; i++)
    if (fields[i].length < 0 && g_str_equal (fields[i].key, "GLIB_DOMAIN"))
      calendar = g_str_equal (fields[i].value, "redial-calendar");
    else if (fields[i].length < 0 && g_str_equal (fields[i].key, "MESSAGE"))
      postgresql = strstr (fields[i].value, "PostgreSQL") != NULL;
  if (calendar && postgresql)
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  /* The translations as built, for a look in another language
   * (gtk_test_init() leaves the C locale). */
  setlocale (LC_ALL, "");
  {
    g_autofree char *po = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);

    bindtextdomain (GETTEXT_PACKAGE, po);
  }
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  adw_init ();
  g_log_set_writer_func (write_log, NULL, NULL);

  g_test_add ("/presence/row-shows-who-has-case-open", DesksFixture, NULL,
              desks_setup, test_row_shows_who, desks_teardown);
  g_test_add ("/presence/banner-when-both-open", DesksFixture, NULL,
              desks_setup, test_banner_when_both_open, desks_teardown);
  g_test_add ("/presence/stale-desk-gone", DesksFixture, NULL,
              desks_setup, test_stale_desk_gone, desks_teardown);
  g_test_add ("/presence/row-shows-everyone-with-case-open", DesksFixture, NULL,
              three_desks_setup, test_row_shows_everyone, desks_teardown);
  g_test_add ("/presence/banner-names-everyone", DesksFixture, NULL,
              three_desks_setup, test_banner_names_everyone, desks_teardown);

  return g_test_run ();
}
