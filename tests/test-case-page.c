/* test-case-page.c: the case page under a real X server, driven as a person drives it. */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "case/redial-case-composer.h"
#include "case/redial-case-page.h"
#include "case/redial-case-timeline.h"
#include "case/redial-timeline-row.h"
#include "redial-queue-fixture.h"
#include "redial-test-util.h"
#include "redial-ui-test-util.h"

typedef struct
{
  Fixture              base;     /* the context on a fake clock; base.window is the test's window */
  RedialCasePage      *page;
  GPtrArray           *log;      /* "close-case 3 booked 35000", one an activation */
  GPtrArray           *refusals; /* what the engine refused, as the application would toast it */
} CaseFixture;

typedef struct
{
  int width;
} CaseOptions;

static const CaseOptions wide = { 900 };
static const CaseOptions narrow = { 360 };

#define PAGE(f) GTK_WIDGET (((CaseFixture *) (f))->page)

static RedialCase *
find_case (CaseFixture *f,
           gint64       id)
{
  g_autoptr(GError) error = NULL;
  RedialCase *kase = redial_engine_find_case (f->base.engine, id, &error);

  g_assert_no_error (error);
  return kase;
}

static void
refused (CaseFixture  *f,
         GError       *error)
{
  if (error != NULL)
    g_ptr_array_add (f->refusals, g_strdup (error->message));
}

/* The application's desk actions, as small as they can be: each acts on
 * the engine with the case's id, as app.* does in the window. */
static void
on_action (GSimpleAction *action,
           GVariant      *parameter,
           gpointer       user_data)
{
  CaseFixture *f = user_data;
  const char *name = g_action_get_name (G_ACTION (action));
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) kase = NULL;
  gint64 id = 0;
  const char *text = NULL;
  gint64 value = -1;

  if (parameter == NULL)
    {
      g_ptr_array_add (f->log, g_strdup (name));
      return;
    }
  if (g_variant_is_of_type (parameter, G_VARIANT_TYPE_INT64))
    id = g_variant_get_int64 (parameter);
  else if (g_variant_is_of_type (parameter, G_VARIANT_TYPE ("(xs)")))
    g_variant_get (parameter, "(x&s)", &id, &text);
  else
    g_variant_get (parameter, "(x&sx)", &id, &text, &value);
  g_ptr_array_add (f->log, value >= 0 ? g_strdup_printf ("%s %s %" G_GINT64_FORMAT, name, text, value)
                                      : g_strdup_printf ("%s %s", name, text != NULL ? text : ""));

  kase = find_case (f, id);
  if (g_str_equal (name, "claim-case"))
    redial_engine_claim_case (f->base.engine, kase, FALSE, &error);
  else if (g_str_equal (name, "take-over-case"))
    redial_engine_claim_case (f->base.engine, kase, TRUE, &error);
  else if (g_str_equal (name, "release-case"))
    redial_engine_release_case (f->base.engine, kase, &error);
  else if (g_str_equal (name, "call-back"))
    redial_engine_record_call_attempt (f->base.engine, kase, &error);
  else if (g_str_equal (name, "record-call-outcome"))
    {
      RedialCallOutcome outcome;

      g_assert_true (redial_call_outcome_from_string (text, &outcome));
      redial_engine_record_call_outcome (f->base.engine, kase, outcome, &error);
    }
  else if (g_str_equal (name, "send-text"))
    redial_engine_send_text (f->base.engine, kase, text, &error);
  else if (g_str_equal (name, "add-note"))
    redial_engine_add_note (f->base.engine, kase, text, &error);
  else if (g_str_equal (name, "close-case"))
    {
      RedialCaseOutcome outcome;

      g_assert_true (redial_case_outcome_from_string (text, &outcome));
      redial_engine_close_case (f->base.engine, kase, outcome, value, &error);
    }
  else if (g_str_equal (name, "reopen-case"))
    redial_engine_reopen_case (f->base.engine, id, &error);
  else
    g_assert_not_reached ();
  refused (f, error);
}

static const GActionEntry desk_actions[] = {
  { "claim-case", on_action, "x", NULL, NULL },
  { "take-over-case", on_action, "x", NULL, NULL },
  { "release-case", on_action, "x", NULL, NULL },
  { "call-back", on_action, "x", NULL, NULL },
  { "record-call-outcome", on_action, "(xs)", NULL, NULL },
  { "send-text", on_action, "(xs)", NULL, NULL },
  { "add-note", on_action, "(xs)", NULL, NULL },
  { "close-case", on_action, "(xsx)", NULL, NULL },
  { "reopen-case", on_action, "x", NULL, NULL },
  { "open-next-case", on_action, NULL, NULL, NULL },
};

static void
case_setup (CaseFixture   *f,
            gconstpointer  data)
{
  const CaseOptions *options = data;

  queue_fixture_open_desk (&f->base, "[business]\nname = Acme Plumbing\n[sms]\nbackend = demo\n");
  f->log = g_ptr_array_new_with_free_func (g_free);
  f->refusals = g_ptr_array_new_with_free_func (g_free);

  f->page = REDIAL_CASE_PAGE (redial_case_page_new ());
  redial_case_page_set_context (f->page, f->base.context);
  queue_fixture_show_page (&f->base, GTK_WIDGET (f->page), desk_actions, G_N_ELEMENTS (desk_actions), f,
                           options->width, 700);
}

static void
case_teardown (CaseFixture   *f,
               gconstpointer  data)
{
  g_ptr_array_unref (f->log);
  g_ptr_array_unref (f->refusals);
  queue_fixture_teardown (&f->base, data);
}

static gboolean
logged (CaseFixture *f,
        const char  *line)
{
  for (guint i = 0; i < f->log->len; i++)
    if (g_str_equal (g_ptr_array_index (f->log, i), line))
      return TRUE;
  return FALSE;
}

static RedialCaseTimeline *
timeline (CaseFixture *f)
{
  return REDIAL_CASE_TIMELINE (redial_test_find_type (PAGE (f), REDIAL_TYPE_CASE_TIMELINE));
}

static RedialCaseComposer *
composer (CaseFixture *f)
{
  return REDIAL_CASE_COMPOSER (redial_test_find_type (PAGE (f), REDIAL_TYPE_CASE_COMPOSER));
}

/* Opens @kase on the page and waits for it to be drawn. */
static void
open_case (CaseFixture *f,
           RedialCase  *kase)
{
  redial_case_page_set_case (f->page, kase);
  queue_settle (&f->base);
}

/* The newest item of the timeline's kind @kind, or NULL. */
static RedialTimelineItem *
newest_of_kind (CaseFixture        *f,
                RedialTimelineKind  kind)
{
  GListModel *model = redial_case_timeline_get_model (timeline (f));

  for (guint i = g_list_model_get_n_items (model); i > 0; i--)
    {
      g_autoptr(RedialTimelineItem) item = g_list_model_get_item (model, i - 1);

      if (redial_timeline_item_get_kind (item) == kind)
        return item;
    }
  return NULL;
}

static gboolean
has_item_of_kind (Fixture       *f,
                  gconstpointer  kind)
{
  return newest_of_kind ((CaseFixture *) f, GPOINTER_TO_INT (kind)) != NULL;
}

static gboolean
is_mapped (Fixture       *f,
           gconstpointer  widget)
{
  return gtk_widget_get_mapped ((GtkWidget *) widget);
}

static gboolean
is_unmapped (Fixture       *f,
             gconstpointer  widget)
{
  return !gtk_widget_get_mapped ((GtkWidget *) widget);
}

static gboolean
is_sensitive (Fixture       *f,
              gconstpointer  widget)
{
  return gtk_widget_is_sensitive ((GtkWidget *) widget);
}

/* Whether the keyboard is in @widget (an entry's is in its text). */
static gboolean
is_focused (Fixture       *f,
            gconstpointer  widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root ((GtkWidget *) widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, (GtkWidget *) widget));
}

static gboolean
label_shows (Fixture       *f,
             gconstpointer  text)
{
  g_autofree char *labels = queue_row_text (PAGE (f));

  return strstr (labels, text) != NULL;
}

/* A visible, mapped button labelled @label on the page or in @root. */
static GtkWidget *
button (GtkWidget  *root,
        const char *label)
{
  GtkWidget *found = redial_test_find_button (root, label);

  if (found == NULL)
    g_error ("No button labelled “%s”", label);
  return found;
}

static gboolean
is_menu_button_labelled (GtkWidget     *widget,
                         gconstpointer  label)
{
  return GTK_IS_MENU_BUTTON (widget) && g_strcmp0 (gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)), label) == 0;
}

static GtkWidget *
close_menu_button (CaseFixture *f)
{
  GtkWidget *found = redial_test_find_widget (PAGE (f), is_menu_button_labelled, "Close…");

  g_assert_nonnull (found);
  return found;
}

static void
click (CaseFixture *f,
       GtkWidget   *widget)
{
  queue_wait_until (&f->base, is_mapped, widget, "the widget on screen");
  /* Where it was just shown, it has its place once laid out. */
  queue_settle (&f->base);
  queue_pointer_to (&f->base, widget);
  queue_click ();
}

static void
test_empty (CaseFixture   *f,
            gconstpointer  data)
{
  g_assert_true (label_shows (&f->base, "No Case Open"));
  g_assert_null (redial_case_page_get_case (f->page));
}

/* A caller ID is the caller's text: shown as it is, never as markup. */
static void
test_header (CaseFixture   *f,
             gconstpointer  data)
{
  RedialCase *kase = queue_add_call (&f->base, "c1", "+16305550125", "<b>Tom</b> & Co", 120);

  queue_add_call (&f->base, "c2", "+16305550125", "<b>Tom</b> & Co", 30);
  open_case (f, kase);
  g_assert_true (label_shows (&f->base, "<b>Tom</b> & Co"));
  g_assert_true (label_shows (&f->base, "(630) 555-0125"));
  g_assert_true (label_shows (&f->base, "2 calls"));
  g_assert_true (label_shows (&f->base, "Unclaimed"));
  g_assert_true (label_shows (&f->base, "Text to <b>Tom</b> & Co · (630) 555-0125"));

  /* Claim, by a click: the page says who has it, and offers Release. */
  click (f, button (PAGE (f), "Claim"));
  queue_wait_until (&f->base, label_shows, "Claimed by Dana · 0 min", "the owner in the header");
  g_assert_true (logged (f, "claim-case "));
  queue_advance (&f->base, SECONDS (180));
  g_assert_true (label_shows (&f->base, "Claimed by Dana · 3 min"));
  g_assert_true (gtk_widget_get_mapped (button (PAGE (f), "Release")));
  g_assert_false (gtk_widget_get_mapped (button (PAGE (f), "Claim")));
}

/* The chip whose template the case cannot fill by itself. */
static GtkWidget *
chip_with_hole (CaseFixture *f,
                guint       *n)
{
  g_autoptr(GPtrArray) drafts = redial_engine_list_reply_drafts (f->base.engine, redial_case_page_get_case (f->page));

  for (guint i = 0; i < drafts->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = redial_draft_render (g_ptr_array_index (drafts, i), NULL, &error);

      if (text == NULL)
        {
          *n = i + 1;
          return button (PAGE (f), redial_draft_get_label (g_ptr_array_index (drafts, i)));
        }
    }
  g_assert_not_reached ();
}

static GPtrArray *
collect_entries (GtkWidget *widget,
                 GPtrArray *entries)
{
  if (GTK_IS_ENTRY (widget) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (entries, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_entries (child, entries);
  return entries;
}

static gboolean
has_manual_text (Fixture       *f,
                 gconstpointer  data)
{
  RedialTimelineItem *item = newest_of_kind ((CaseFixture *) f, REDIAL_TIMELINE_KIND_MESSAGE);

  return item != NULL && redial_message_get_kind (redial_timeline_item_get_message (item)) == REDIAL_MESSAGE_KIND_MANUAL;
}

static gboolean
has_fields (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = collect_entries (PAGE (f), g_ptr_array_new ());

  return entries->len > 0;
}

/* A template with a hole is a form: Send waits until every field is
 * filled, and Ctrl+Enter before then sends nothing. */
static void
test_template_hole_refused_until_filled (CaseFixture   *f,
                                         gconstpointer  data)
{
  RedialCase *kase = queue_add_call (&f->base, "c1", "+16305550125", NULL, 60);
  g_autoptr(GPtrArray) entries = NULL;
  GtkWidget *send;
  GtkWidget *chip;
  RedialTimelineItem *sent;
  guint n;

  open_case (f, kase);
  send = button (PAGE (f), "Send");
  chip = chip_with_hole (f, &n);
  g_assert_false (gtk_widget_is_sensitive (send));
  click (f, chip);
  queue_wait_until (&f->base, has_fields, NULL, "the template's fields");
  entries = collect_entries (PAGE (f), g_ptr_array_new ());
  queue_wait_until (&f->base, is_focused, g_ptr_array_index (entries, 0), "the first field focused");
  g_assert_false (gtk_widget_is_sensitive (send));

  /* Ctrl+Enter with a hole left: nothing goes out. */
  queue_key ("ctrl+Return");
  queue_settle (&f->base);
  g_assert_false (logged (f, "send-text"));
  for (guint i = 0; i < f->log->len; i++)
    g_assert_false (g_str_has_prefix (g_ptr_array_index (f->log, i), "send-text"));

  for (guint i = 0; i < entries->len; i++)
    {
      g_assert_false (gtk_widget_is_sensitive (send));
      click (f, g_ptr_array_index (entries, i));
      queue_wait_until (&f->base, is_focused, g_ptr_array_index (entries, i), "the field focused");
      queue_type (i == 0 ? "Tuesday 9am" : "Wednesday 2pm");
    }
  queue_wait_until (&f->base, is_sensitive, send, "Send enabled once every field is filled");
  queue_key ("ctrl+Return");
  queue_wait_until (&f->base, has_manual_text, NULL, "the text in the timeline");
  sent = newest_of_kind (f, REDIAL_TIMELINE_KIND_MESSAGE);
  g_assert_nonnull (strstr (redial_message_get_body (redial_timeline_item_get_message (sent)), "Tuesday 9am"));
  g_assert_null (strchr (redial_message_get_body (redial_timeline_item_get_message (sent)), '{'));
  g_assert_cmpuint (f->refusals->len, ==, 0);
  g_assert_false (gtk_widget_is_sensitive (send));
}

/* Call Back, then the outcome in one click; the case stays waiting. */
static void
test_call_outcome (CaseFixture   *f,
                   gconstpointer  data)
{
  RedialCase *kase = queue_add_call (&f->base, "c1", "+16305550125", "Tom Becker", 60);
  GtkWidget *no_answer;
  RedialTimelineItem *attempt;

  open_case (f, kase);
  click (f, button (PAGE (f), "Call Back"));
  no_answer = button (PAGE (f), redial_call_outcome_describe (REDIAL_CALL_OUTCOME_NO_ANSWER));
  queue_wait_until (&f->base, is_mapped, no_answer, "the call outcome bar");
  g_assert_true (label_shows (&f->base, "How did the call go?"));
  g_assert_true (label_shows (&f->base, "Waiting for the outcome"));

  click (f, no_answer);
  queue_wait_until (&f->base, is_unmapped, no_answer, "the outcome bar gone");
  attempt = newest_of_kind (f, REDIAL_TIMELINE_KIND_CALL_BACK);
  g_assert_nonnull (attempt);
  g_assert_cmpint (redial_timeline_item_get_call_outcome (attempt), ==, REDIAL_CALL_OUTCOME_NO_ANSWER);
  g_assert_true (label_shows (&f->base, redial_call_outcome_describe (REDIAL_CALL_OUTCOME_NO_ANSWER)));
  g_assert_false (redial_case_get_call_back_pending (kase));
  g_assert_cmpuint (g_list_model_get_n_items (redial_engine_get_queue (f->base.engine)), ==, 1);
}

/* Close as Booked with a job value, the next case asked for; then reopen. */
static void
test_close_and_reopen (CaseFixture   *f,
                       gconstpointer  data)
{
  RedialCase *kase = queue_add_call (&f->base, "c1", "+16305550125", "Tom Becker", 60);
  GtkWidget *close_button;
  GtkWidget *entry;
  GtkWidget *reopen;
  g_autofree char *expected = NULL;

  open_case (f, kase);
  close_button = close_menu_button (f);
  click (f, close_button);
  {
    GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (close_button));
    GtkWidget *booked = button (GTK_WIDGET (popover), redial_case_outcome_describe (REDIAL_CASE_OUTCOME_BOOKED));

    click (f, booked);
    entry = redial_test_find_type (GTK_WIDGET (popover), GTK_TYPE_ENTRY);
    queue_wait_until (&f->base, is_focused, entry, "the job value focused");
    queue_type ("350");
    click (f, button (GTK_WIDGET (popover), "Close as Booked"));
  }
  reopen = button (PAGE (f), "Reopen");
  queue_wait_until (&f->base, is_mapped, reopen, "the closed bar");
  expected = g_strdup_printf ("close-case %s 35000", redial_case_outcome_to_string (REDIAL_CASE_OUTCOME_BOOKED));
  g_assert_true (logged (f, expected));
  g_assert_true (logged (f, "open-next-case"));
  g_assert_true (label_shows (&f->base, "· $350.00"));
  g_assert_false (gtk_widget_get_mapped (close_button));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (composer (f))));
  g_assert_cmpuint (g_list_model_get_n_items (redial_engine_get_queue (f->base.engine)), ==, 0);

  click (f, reopen);
  queue_wait_until (&f->base, is_mapped, close_button, "Close offered again");
  g_assert_false (gtk_widget_get_mapped (reopen));
  g_assert_cmpuint (g_list_model_get_n_items (redial_engine_get_queue (f->base.engine)), ==, 1);
  g_assert_true (has_item_of_kind (&f->base, GINT_TO_POINTER (REDIAL_TIMELINE_KIND_REOPENED)));
}

/* A note is typed, added with Ctrl+Enter, and shown as a note. */
static void
test_note (CaseFixture   *f,
           gconstpointer  data)
{
  RedialCase *kase = queue_add_call (&f->base, "c1", "+16305550125", "Tom Becker", 60);
  GtkWidget *view;
  RedialTimelineItem *note;

  open_case (f, kase);
  click (f, button (PAGE (f), "Note"));
  queue_wait_until (&f->base, label_shows, "Internal note, never sent", "the composer taking a note");
  view = redial_test_find_type (GTK_WIDGET (composer (f)), GTK_TYPE_TEXT_VIEW);
  click (f, view);
  queue_wait_until (&f->base, is_focused, view, "the note focused");
  queue_type ("Gate code <1234>");
  queue_key ("ctrl+Return");
  queue_wait_until (&f->base, has_item_of_kind, GINT_TO_POINTER (REDIAL_TIMELINE_KIND_NOTE), "the note in the timeline");
  note = newest_of_kind (f, REDIAL_TIMELINE_KIND_NOTE);
  g_assert_cmpstr (redial_timeline_item_get_text (note), ==, "Gate code <1234>");
  queue_settle (&f->base);
  g_assert_true (label_shows (&f->base, "Note by Dana · never sent"));
  g_assert_true (label_shows (&f->base, "Gate code <1234>"));
  for (guint i = 0; i < f->log->len; i++)
    g_assert_false (g_str_has_prefix (g_ptr_array_index (f->log, i), "send-text"));
}

/* Refused before typing: an opted-out number, a hidden one. A hidden
 * number's case still closes with an outcome. */
static void
test_refusals (CaseFixture   *f,
               gconstpointer  data)
{
  RedialCase *kase = queue_add_call (&f->base, "c1", NULL, NULL, 60);
  GtkWidget *close_button;
  GtkWidget *view;

  open_case (f, kase);
  g_assert_true (label_shows (&f->base, "No texts: this caller hid their number"));
  g_assert_false (gtk_widget_is_sensitive (button (PAGE (f), "Text")));
  view = redial_test_find_type (GTK_WIDGET (composer (f)), GTK_TYPE_TEXT_VIEW);
  g_assert_true (gtk_widget_is_sensitive (view));
  g_assert_true (label_shows (&f->base, "Internal note, never sent"));

  close_button = close_menu_button (f);
  click (f, close_button);
  click (f, button (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (close_button))),
                    redial_case_outcome_describe (REDIAL_CASE_OUTCOME_SPAM)));
  queue_wait_until (&f->base, is_mapped, button (PAGE (f), "Reopen"), "the hidden case closed");
  g_assert_cmpuint (f->refusals->len, ==, 0);

  /* An opted-out caller: the reason shows, the text box is shut. */
  kase = queue_add_call (&f->base, "c2", "+16305550199", "Ann", 60);
  redial_engine_handle_inbound (f->base.engine, "m1", "+16305550199", "STOP");
  queue_settle (&f->base);
  open_case (f, kase);
  g_assert_true (label_shows (&f->base, "opted out"));
  view = redial_test_find_type (GTK_WIDGET (composer (f)), GTK_TYPE_TEXT_VIEW);
  g_assert_false (gtk_widget_is_sensitive (view));
  g_assert_false (gtk_widget_is_sensitive (button (PAGE (f), "Send")));
}

static gboolean
is_at_bottom (Fixture       *f,
              gconstpointer  data)
{
  return redial_case_timeline_get_at_bottom (timeline ((CaseFixture *) f));
}

static gboolean
has_unseen (Fixture       *f,
            gconstpointer  data)
{
  return redial_case_timeline_get_has_unseen (timeline ((CaseFixture *) f));
}

static gboolean
is_scrolled_up (Fixture       *f,
                gconstpointer  data)
{
  return !redial_case_timeline_get_at_bottom (timeline ((CaseFixture *) f));
}

/* The item shown 40 pixels below the top of the timeline, and where its
 * row starts, in the timeline's coordinates. */
static RedialTimelineItem *
item_at_top (CaseFixture *f,
             double      *row_y)
{
  GtkWidget *view = GTK_WIDGET (timeline (f));
  GtkWidget *picked = gtk_widget_pick (view, gtk_widget_get_width (view) / 2.0, 40, GTK_PICK_DEFAULT);
  GtkWidget *row = picked != NULL ? gtk_widget_get_ancestor (picked, REDIAL_TYPE_TIMELINE_ROW) : NULL;
  graphene_point_t point;

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_compute_point (row, view, &GRAPHENE_POINT_INIT (0, 0), &point));
  *row_y = point.y;
  return redial_timeline_row_get_item (REDIAL_TIMELINE_ROW (row));
}

/* Turns the real mouse wheel up @clicks notches, wherever the pointer is. */
static void
wheel_up (guint clicks)
{
  g_autofree char *command = g_strdup_printf ("xdotool click --repeat %u 4", clicks);
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* A long timeline opens at its newest; what arrives while the person
 * reads further up does not move what they read. */
static void
test_live_keeps_scroll (CaseFixture   *f,
                        gconstpointer  data)
{
  RedialCase *kase = queue_add_call (&f->base, "c1", "+16305550125", "Tom Becker", 60);
  RedialTimelineItem *read;
  GtkWidget *pill;
  double read_y, y;
  guint n;

  for (guint i = 0; i < 60; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *body = g_strdup_printf ("Note %u", i);

      g_assert_true (redial_engine_add_note (f->base.engine, kase, body, &error));
    }
  open_case (f, kase);
  queue_wait_until (&f->base, is_at_bottom, NULL, "the newest item in view");
  n = g_list_model_get_n_items (redial_case_timeline_get_model (timeline (f)));

  /* At the bottom, a reply comes in: the view follows it. */
  redial_engine_handle_inbound (f->base.engine, "m1", "+16305550125", "Still there?");
  queue_settle (&f->base);
  g_assert_cmpuint (g_list_model_get_n_items (redial_case_timeline_get_model (timeline (f))), ==, n + 1);
  queue_wait_until (&f->base, is_at_bottom, NULL, "the view following the reply");
  g_assert_false (redial_case_timeline_get_has_unseen (timeline (f)));

  /* The person scrolls up with the wheel to read; a reply arrives. */
  queue_pointer_to (&f->base, GTK_WIDGET (timeline (f)));
  wheel_up (10);
  queue_wait_until (&f->base, is_scrolled_up, NULL, "the view scrolled up");
  queue_settle (&f->base);
  read = item_at_top (f, &read_y);
  redial_engine_handle_inbound (f->base.engine, "m2", "+16305550125", "Hello??");
  queue_wait_until (&f->base, has_unseen, NULL, "the New button");
  queue_settle (&f->base);
  /* The line read is where it was. */
  g_assert_true (item_at_top (f, &y) == read);
  g_assert_cmpfloat (ABS (y - read_y), <, 1);
  pill = button (PAGE (f), "New");
  g_assert_true (gtk_widget_get_mapped (pill));

  click (f, pill);
  queue_wait_until (&f->base, is_at_bottom, NULL, "the newest item in view");
  g_assert_false (gtk_widget_get_mapped (pill));
}

/* Alt+1 with the page focused inserts the first template the case fills. */
static void
test_alt_number_inserts_template (CaseFixture   *f,
                                  gconstpointer  data)
{
  RedialCase *kase = queue_add_call (&f->base, "c1", "+16305550125", "Tom Becker", 60);
  g_autoptr(GPtrArray) drafts = NULL;
  GtkTextBuffer *buffer;
  GtkWidget *view;
  guint n = 0;

  open_case (f, kase);
  drafts = redial_engine_list_reply_drafts (f->base.engine, kase);
  for (guint i = 0; i < drafts->len && n == 0; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = redial_draft_render (g_ptr_array_index (drafts, i), NULL, &error);

      if (text != NULL)
        n = i + 1;
    }
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <=, 9);

  view = redial_test_find_type (GTK_WIDGET (composer (f)), GTK_TYPE_TEXT_VIEW);
  click (f, view);
  queue_wait_until (&f->base, is_focused, view, "the composer focused");
  {
    g_autofree char *keys = g_strdup_printf ("alt+%u", n);

    queue_key (keys);
  }
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  queue_wait_until (&f->base, is_sensitive, button (PAGE (f), "Send"), "the template inserted");
  {
    GtkTextIter start, end;
    g_autofree char *typed = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *expected = redial_draft_render (g_ptr_array_index (drafts, n - 1), NULL, &error);

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    typed = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_cmpstr (typed, ==, expected);
  }
  g_assert_true (label_shows (&f->base, " characters, 1 text"));
}

/* Every kind of item a case gathers, drawn; REDIAL_SCREENSHOT=file.png
 * saves the screen once it is. */
static void
test_look (CaseFixture   *f,
           gconstpointer  data)
{
  RedialCase *kase = queue_add_call (&f->base, "c1", "+16305550125", "Tom Becker", 600);
  g_autoptr(GError) error = NULL;
  const char *screenshot = g_getenv ("REDIAL_SCREENSHOT");

  queue_add_call (&f->base, "c2", "+16305550125", "Tom Becker", 300);
  redial_engine_handle_inbound (f->base.engine, "m1", "+16305550125",
                                "Hi, the water heater is leaking into the basement. Can someone come today?");
  redial_test_drain ();
  g_assert_true (redial_engine_claim_case (f->base.engine, kase, FALSE, &error));
  g_assert_true (redial_engine_add_note (f->base.engine, kase, "Gate code 4411, dog in the yard.", &error));
  g_assert_true (redial_engine_send_text (f->base.engine, kase, "Hi Tom, this is Dana at Acme. We can come at 3pm today. Does that work?", &error));
  g_assert_true (redial_engine_record_call_attempt (f->base.engine, kase, &error));
  g_assert_no_error (error);
  queue_advance (&f->base, SECONDS (30));
  open_case (f, kase);
  queue_wait_until (&f->base, is_at_bottom, NULL, "the newest item in view");
  if (screenshot != NULL)
    {
      g_autofree char *command = g_strdup_printf ("import -window root %s", screenshot);

      queue_settle (&f->base);
      g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
      return;
    }
  g_assert_true (label_shows (&f->base, "Dana claimed the case"));
  g_assert_true (label_shows (&f->base, "Note by Dana · never sent"));
  g_assert_true (label_shows (&f->base, "Dana called back"));
  g_assert_true (label_shows (&f->base, "How did the call go?"));
}

int
main (int   argc,
      char *argv[])
{
  redial_test_init_ui (&argc, &argv);

#define ADD(path, test) \
  g_test_add ("/ui/case-page/" path, CaseFixture, &wide, case_setup, test, case_teardown)
  ADD ("empty", test_empty);
  ADD ("header-and-claim", test_header);
  ADD ("template-hole-refused-until-filled", test_template_hole_refused_until_filled);
  ADD ("call-outcome", test_call_outcome);
  ADD ("close-and-reopen", test_close_and_reopen);
  ADD ("note", test_note);
  ADD ("refusals", test_refusals);
  ADD ("live-keeps-scroll", test_live_keeps_scroll);
  ADD ("alt-number-inserts-template", test_alt_number_inserts_template);
  ADD ("look", test_look);
#undef ADD
  g_test_add ("/ui/case-page/look-narrow", CaseFixture, &narrow, case_setup, test_look, case_teardown);

  return g_test_run ();
}
