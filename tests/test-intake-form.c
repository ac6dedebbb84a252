/* test-intake-form.c: the intake form asks a trade's questions, keeps each answer as it is given, and never reads caller text as markup. */
#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <string.h>

#include "redial-intake-form.h"
#include "redial-ui-test-util.h"

typedef struct
{
  GtkWidget           *window;
  RedialIntakeForm    *form;
  RedialIntakeProfile *profile;
  RedialServiceArea   *area;
  GPtrArray           *given;   /* "key=value", as ::answer said */
} Fixture;

static void
on_answer (RedialIntakeForm *form,
           const char       *key,
           const char       *value,
           Fixture          *f)
{
  g_ptr_array_add (f->given, g_strdup_printf ("%s=%s", key, value));
}

static void
settle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  const char *codes[] = { "606", "60201", NULL };
  g_autoptr(GError) error = NULL;

  f->profile = redial_intake_profile_new_for_trade ("plumbing", &error);
  g_assert_no_error (error);
  f->area = redial_service_area_new (codes);
  f->given = g_ptr_array_new_with_free_func (g_free);
  f->form = REDIAL_INTAKE_FORM (redial_intake_form_new ());
  g_signal_connect (f->form, "answer", G_CALLBACK (on_answer), f);
  redial_intake_form_set_profile (f->form, f->profile, f->area);

  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 420, 700);
  gtk_window_set_child (GTK_WINDOW (f->window), gtk_scrolled_window_new ());
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (gtk_window_get_child (GTK_WINDOW (f->window))),
                                 GTK_WIDGET (f->form));
  gtk_window_present (GTK_WINDOW (f->window));
  settle ();
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  settle ();
  g_ptr_array_unref (f->given);
  g_object_unref (f->profile);
  g_object_unref (f->area);
}

/* The box of the question whose title begins with @label. */
static GtkWidget *
question_box (Fixture    *f,
              const char *label)
{
  GtkWidget *questions = gtk_widget_get_last_child (gtk_widget_get_first_child (GTK_WIDGET (f->form)));

  for (GtkWidget *box = gtk_widget_get_first_child (questions); box != NULL; box = gtk_widget_get_next_sibling (box))
    {
      GtkWidget *first = gtk_widget_get_first_child (box);

      if (GTK_IS_LABEL (first) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (first)), label))
        return box;
    }
  g_error ("no question “%s”", label);
  return NULL;
}

static gboolean
is_label_with (GtkWidget     *widget,
               gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

static const char *
status_text (Fixture *f)
{
  GtkWidget *box = gtk_widget_get_first_child (GTK_WIDGET (f->form));
  GtkWidget *status = gtk_widget_get_next_sibling (gtk_widget_get_first_child (box));

  return gtk_label_get_text (GTK_LABEL (status));
}

static void
on_clicked (GtkButton *button,
            gboolean  *clicked)
{
  *clicked = TRUE;
}

/* Presses @widget as the keyboard does (Space on a focused button):
 * GTK shows it pressed for a moment, then it is clicked. */
static void
click (GtkWidget *widget)
{
  gboolean clicked = FALSE;
  gulong handler;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_assert_nonnull (widget);
  g_assert_true (gtk_widget_get_mapped (widget));
  handler = g_signal_connect (widget, "clicked", G_CALLBACK (on_clicked), &clicked);
  gtk_widget_activate (widget);
  while (!clicked && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (widget, handler);
  g_assert_true (clicked);
  settle ();
}

static GtkWidget *
entry_of (GtkWidget *box)
{
  return redial_test_find_type (box, GTK_TYPE_ENTRY);
}

static void
type_into (GtkWidget  *box,
           const char *text)
{
  GtkWidget *entry = entry_of (box);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  settle ();
}

static void
test_one_at_a_time (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *need = question_box (f, "What's the problem?");
  GtkWidget *urgency = question_box (f, "How soon?");

  /* The first question alone, then the next as each is answered. */
  g_assert_true (gtk_widget_get_visible (need));
  g_assert_false (gtk_widget_get_visible (urgency));
  g_assert_nonnull (strstr (status_text (f), "4 questions left"));

  click (redial_test_find_button (need, "Burst pipe or flooding"));
  g_assert_cmpuint (f->given->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->given, 0), ==, "need=burst-pipe");
  g_assert_true (gtk_widget_get_visible (urgency));
  g_assert_nonnull (strstr (status_text (f), "Emergency: Burst pipe or flooding"));
  g_assert_nonnull (strstr (status_text (f), "3 questions left"));

  /* Another chip of the same question replaces the answer. */
  click (redial_test_find_button (need, "Leak or drip"));
  g_assert_cmpstr (g_ptr_array_index (f->given, f->given->len - 1), ==, "need=leak");
  g_assert_null (strstr (status_text (f), "Emergency"));

  /* All at once, the person's choice. */
  g_assert_false (gtk_widget_get_visible (question_box (f, "Service address")));
  click (redial_test_find_icon_button (GTK_WIDGET (f->form), "view-list-symbolic"));
  g_assert_false (redial_intake_form_get_one_at_a_time (f->form));
  g_assert_true (gtk_widget_get_visible (question_box (f, "Service address")));
}

static void
test_not_a_fit (Fixture       *f,
                gconstpointer  data)
{
  click (redial_test_find_button (question_box (f, "What's the problem?"), "Septic tank pumping"));
  g_assert_nonnull (strstr (status_text (f), "Not a fit: Septic tank pumping"));
  g_assert_null (strstr (status_text (f), "Qualified"));
}

static void
test_postal_code_checked_as_typed (Fixture       *f,
                                   gconstpointer  data)
{
  GtkWidget *zip;

  redial_intake_form_set_one_at_a_time (f->form, FALSE);
  zip = question_box (f, "ZIP code");

  type_into (zip, "6");
  g_assert_null (redial_test_find_widget (zip, is_label_with, "area"));
  type_into (zip, "701");
  g_assert_nonnull (redial_test_find_widget (zip, is_label_with, "Out of area · needs review"));
  type_into (zip, "60614");
  g_assert_nonnull (redial_test_find_widget (zip, is_label_with, "In the service area"));
  g_assert_cmpuint (f->given->len, ==, 0);

  /* Enter keeps it; an out-of-area answer flags the case, nothing blocks. */
  type_into (zip, " 70112 ");
  g_signal_emit_by_name (entry_of (zip), "activate");
  settle ();
  g_assert_cmpuint (f->given->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->given, 0), ==, "zip=70112");
  g_assert_cmpstr (redial_intake_form_get_answer (f->form, "zip"), ==, "70112");
  g_assert_nonnull (strstr (status_text (f), "Out of area · needs review"));

  /* What is not a postal code is not kept, and says why. */
  type_into (zip, "6<b>0");
  g_signal_emit_by_name (entry_of (zip), "activate");
  settle ();
  g_assert_cmpuint (f->given->len, ==, 1);
  g_assert_nonnull (redial_test_find_widget (zip, is_label_with, "Not kept"));
  g_assert_true (gtk_widget_has_css_class (entry_of (zip), "error"));
}

static void
test_date_window (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *window;

  redial_intake_form_set_one_at_a_time (f->form, FALSE);
  window = question_box (f, "When can we come?");

  click (redial_test_find_button (window, "Tomorrow"));
  g_assert_cmpstr (g_ptr_array_index (f->given, 0), ==, "window=tomorrow/any");
  click (redial_test_find_button (window, "Morning"));
  g_assert_cmpstr (g_ptr_array_index (f->given, 1), ==, "window=tomorrow/morning");
  /* A morning without a day is no answer yet. */
  g_assert_cmpuint (f->given->len, ==, 2);
}

static void
test_answers_shown_not_given (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GHashTable) answers = g_hash_table_new (g_str_hash, g_str_equal);
  GtkWidget *need = question_box (f, "What's the problem?");

  g_hash_table_insert (answers, (gpointer) "need", (gpointer) "water-heater");
  g_hash_table_insert (answers, (gpointer) "urgency", (gpointer) "today");
  g_hash_table_insert (answers, (gpointer) "zip", (gpointer) "60614");
  g_hash_table_insert (answers, (gpointer) "window", (gpointer) "2026-12-03/afternoon");
  redial_intake_form_set_answers (f->form, answers);
  settle ();

  /* What the case has is shown; nothing is sent back. */
  g_assert_cmpuint (f->given->len, ==, 0);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (redial_test_find_button (need, "Water heater"))));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry_of (question_box (f, "ZIP code")))), ==, "60614");
  g_assert_nonnull (redial_test_find_widget (question_box (f, "When can we come?"), is_label_with, "2026-12-03"));
  g_assert_nonnull (strstr (status_text (f), "Qualified"));
  g_assert_true (gtk_widget_get_visible (question_box (f, "Property")));
}

static void
test_suggestion_from_text (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) suggestions = g_ptr_array_new ();
  RedialIntakeSuggestion need = { (char *) "need", (char *) "water-heater", (char *) "water heater" };
  RedialIntakeSuggestion zip = { (char *) "zip", (char *) "60614", (char *) "<b>60614</b> & co" };
  GtkWidget *need_box = question_box (f, "What's the problem?");
  GtkWidget *label;

  g_ptr_array_add (suggestions, &need);
  g_ptr_array_add (suggestions, &zip);
  redial_intake_form_set_suggestions (f->form, suggestions);
  redial_intake_form_set_one_at_a_time (f->form, FALSE);
  settle ();

  label = redial_test_find_widget (need_box, is_label_with, "From their text");
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "From their text: water heater → Water heater");
  /* The caller's words are shown as written, never as markup. */
  g_assert_nonnull (redial_test_find_widget (question_box (f, "ZIP code"), is_label_with, "<b>60614</b> & co"));

  click (redial_test_find_button (need_box, "_Use"));
  g_assert_cmpstr (g_ptr_array_index (f->given, 0), ==, "need=water-heater");
  g_assert_null (redial_test_find_widget (need_box, is_label_with, "From their text"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  ADD ("/intake-form/one-at-a-time", test_one_at_a_time);
  ADD ("/intake-form/not-a-fit", test_not_a_fit);
  ADD ("/intake-form/postal-code-checked-as-typed", test_postal_code_checked_as_typed);
  ADD ("/intake-form/date-window", test_date_window);
  ADD ("/intake-form/answers-shown-not-given", test_answers_shown_not_given);
  ADD ("/intake-form/suggestion-from-text", test_suggestion_from_text);
#undef ADD

  return g_test_run ();
}
