/* test-intake.c: intake profiles load per trade, their rules decide urgency and fit, and broken files are refused. */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "redial-intake-profile.h"

static RedialIntakeProfile *
load (const char *trade)
{
  g_autoptr(GError) error = NULL;
  RedialIntakeProfile *profile = redial_intake_profile_new_for_trade (trade, &error);

  g_assert_no_error (error);
  g_assert_nonnull (profile);
  return profile;
}

static GHashTable *
answers_new (const char *first_key,
             ...)
{
  GHashTable *answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  va_list args;

  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    g_hash_table_insert (answers, g_strdup (key), g_strdup (va_arg (args, const char *)));
  va_end (args);
  return answers;
}

static void
test_every_trade_loads (void)
{
  const char * const *trades = redial_intake_profile_list_trades ();

  for (guint i = 0; trades[i] != NULL; i++)
    {
      g_autoptr(RedialIntakeProfile) profile = load (trades[i]);
      guint n = redial_intake_profile_get_n_questions (profile);
      gboolean has_urgent = FALSE;
      gboolean has_not_a_fit = FALSE;

      g_test_message ("%s: %u questions", trades[i], n);
      g_assert_cmpstr (redial_intake_profile_get_trade (profile), ==, trades[i]);
      g_assert_cmpuint (n, >=, 4);
      g_assert_cmpuint (n, <=, 6);
      g_assert_cmpstr (redial_intake_profile_get_name (profile), !=, trades[i]);

      for (guint q = 0; q < n; q++)
        {
          RedialIntakeQuestion *question = redial_intake_profile_get_question (profile, q);
          const char * const *choices = redial_intake_question_get_choices (question);

          g_assert_cmpstr (redial_intake_question_get_label (question), !=, "");
          for (guint c = 0; choices[c] != NULL; c++)
            {
              RedialIntakeEffect effect = redial_intake_question_get_effect (question, choices[c]);

              g_assert_nonnull (redial_intake_question_get_choice_label (question, choices[c]));
              has_urgent |= effect == REDIAL_INTAKE_EFFECT_URGENT;
              has_not_a_fit |= effect == REDIAL_INTAKE_EFFECT_NOT_A_FIT;
            }
        }
      /* Every trade knows what is an emergency and what it cannot take. */
      g_assert_true (has_urgent);
      g_assert_true (has_not_a_fit);
    }
}

static void
test_unknown_trade (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialIntakeProfile) profile = redial_intake_profile_new_for_trade ("astrology", &error);

  g_assert_null (profile);
  g_assert_error (error, REDIAL_INTAKE_ERROR, REDIAL_INTAKE_ERROR_INVALID_PROFILE);
  g_assert_nonnull (strstr (error->message, "astrology"));
}

static void
test_trade_extends_base (void)
{
  g_autoptr(RedialIntakeProfile) plumbing = load ("plumbing");
  RedialIntakeQuestion *need = redial_intake_profile_lookup (plumbing, "need");

  /* The base's order, with the plumber's own need question. */
  g_assert_cmpstr (redial_intake_question_get_key (redial_intake_profile_get_question (plumbing, 0)), ==, "need");
  g_assert_cmpstr (redial_intake_question_get_key (redial_intake_profile_get_question (plumbing, 2)), ==, "zip");
  g_assert_nonnull (redial_intake_question_get_choice_label (need, "water-heater"));
  g_assert_null (redial_intake_question_get_choice_label (need, "estimate"));
  g_assert_nonnull (redial_intake_profile_lookup (plumbing, "window"));
}

static void
test_spanish_labels (void)
{
  g_autoptr(RedialIntakeProfile) profile = NULL;
  g_autofree char *language = g_strdup (g_getenv ("LANGUAGE"));

  g_setenv ("LANGUAGE", "es", TRUE);
  profile = load ("plumbing");
  g_assert_cmpstr (redial_intake_profile_get_name (profile), ==, "Fontanería");
  g_assert_cmpstr (redial_intake_question_get_label (redial_intake_profile_lookup (profile, "zip")), ==,
                   "Código postal");
  if (language != NULL)
    g_setenv ("LANGUAGE", language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
}

static void
test_urgent_and_not_a_fit (void)
{
  g_autoptr(RedialIntakeProfile) plumbing = load ("plumbing");
  g_autoptr(GHashTable) answers = answers_new ("need", "burst-pipe", "urgency", "now", "zip", "60614",
                                               "window", "today/any", NULL);
  g_auto(RedialIntakeStatus) status = { 0 };

  redial_intake_profile_evaluate (plumbing, answers, NULL, &status);
  g_assert_true (status.urgent);
  g_assert_cmpstr (status.urgent_key, ==, "need");
  g_assert_false (status.not_a_fit);
  g_assert_true (status.qualified);
  g_assert_cmpuint (status.n_missing, ==, 0);
  redial_intake_status_clear (&status);

  g_hash_table_replace (answers, g_strdup ("need"), g_strdup ("septic-pumping"));
  g_hash_table_replace (answers, g_strdup ("urgency"), g_strdup ("flexible"));
  redial_intake_profile_evaluate (plumbing, answers, NULL, &status);
  g_assert_false (status.urgent);
  g_assert_true (status.not_a_fit);
  g_assert_cmpstr (status.not_a_fit_key, ==, "need");
  g_assert_false (status.qualified);
}

static void
test_qualified_needs_every_required (void)
{
  g_autoptr(RedialIntakeProfile) hvac = load ("hvac");
  g_autoptr(GHashTable) answers = answers_new ("need", "maintenance", "urgency", "flexible", NULL);
  g_auto(RedialIntakeStatus) status = { 0 };

  redial_intake_profile_evaluate (hvac, answers, NULL, &status);
  g_assert_false (status.qualified);
  g_assert_cmpuint (status.n_missing, ==, 2);   /* zip and window; address and property are optional */

  g_hash_table_insert (answers, g_strdup ("zip"), g_strdup ("60614"));
  g_hash_table_insert (answers, g_strdup ("window"), g_strdup ("tomorrow/morning"));
  redial_intake_status_clear (&status);
  redial_intake_profile_evaluate (hvac, answers, NULL, &status);
  g_assert_true (status.qualified);
  g_assert_false (status.urgent);
}

static void
test_several_choices (void)
{
  g_autoptr(RedialIntakeProfile) insurance = load ("insurance");
  RedialIntakeQuestion *lines = redial_intake_profile_lookup (insurance, "lines");
  g_autofree char *kept = redial_intake_question_normalize (lines, " health ; auto;auto", NULL);
  g_autofree char *words = redial_intake_question_describe (lines, kept);

  /* In the question's order, once each; any not-a-fit choice counts. */
  g_assert_cmpstr (kept, ==, "auto;health");
  g_assert_cmpstr (words, ==, "Auto, Health");
  g_assert_cmpint (redial_intake_question_get_effect (lines, kept), ==, REDIAL_INTAKE_EFFECT_NOT_A_FIT);
  g_assert_cmpint (redial_intake_question_get_effect (lines, "auto;home"), ==, REDIAL_INTAKE_EFFECT_NONE);
}

static void
test_normalize (void)
{
  g_autoptr(RedialIntakeProfile) profile = load ("home-service");
  RedialIntakeQuestion *window = redial_intake_profile_lookup (profile, "window");
  RedialIntakeQuestion *zip = redial_intake_profile_lookup (profile, "zip");
  RedialIntakeQuestion *need = redial_intake_profile_lookup (profile, "need");
  g_autofree char *long_text = g_strnfill (REDIAL_INTAKE_MAX_ANSWER + 1, 'a');
  struct {
    RedialIntakeQuestion *question;
    const char *value;
    const char *kept;   /* NULL: refused */
  } cases[] = {
    { window, "tomorrow/morning", "tomorrow/morning" },
    { window, "this-week", "this-week/any" },
    { window, "2026-12-03 / afternoon", "2026-12-03/afternoon" },
    { window, "2026-02-30/any", NULL },
    { window, "someday/morning", NULL },
    { window, "today/evening", NULL },
    { window, "today/morning/extra", NULL },
    { zip, " 60614 ", "60614" },
    { zip, "l4c  3g5", "L4C 3G5" },
    { zip, "60614-1234", "60614-1234" },
    { zip, "6<b>0614", NULL },
    { zip, "12", NULL },
    { need, "repair", "repair" },
    { need, "Repair", NULL },
    { need, "repair;install", NULL },
    { need, "", NULL },
    { need, "   ", NULL },
    { redial_intake_profile_lookup (profile, "address"), long_text, NULL },
    { redial_intake_profile_lookup (profile, "address"), "\xff\xfe", NULL },
    { redial_intake_profile_lookup (profile, "address"), " 12 Elm St ", "12 Elm St" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *kept = redial_intake_question_normalize (cases[i].question, cases[i].value, &error);

      g_test_message ("%s ← “%s”", redial_intake_question_get_key (cases[i].question), cases[i].value);
      g_assert_cmpstr (kept, ==, cases[i].kept);
      if (cases[i].kept == NULL)
        g_assert_error (error, REDIAL_INTAKE_ERROR, REDIAL_INTAKE_ERROR_INVALID_ANSWER);
      else
        g_assert_no_error (error);
    }
}

static void
test_service_area (void)
{
  const char *codes[] = { "606", "60201", "l4c", NULL };
  g_autoptr(RedialServiceArea) area = redial_service_area_new (codes);
  g_autoptr(RedialServiceArea) everywhere = redial_service_area_new (NULL);
  g_autoptr(RedialIntakeProfile) plumbing = load ("plumbing");
  g_autoptr(GHashTable) answers = answers_new ("need", "leak", "urgency", "today", "zip", "70112",
                                               "window", "today/any", NULL);
  g_auto(RedialIntakeStatus) status = { 0 };

  /* Checked as it is typed. */
  g_assert_cmpint (redial_service_area_check (area, ""), ==, REDIAL_SERVICE_AREA_UNSURE);
  g_assert_cmpint (redial_service_area_check (area, "6"), ==, REDIAL_SERVICE_AREA_UNSURE);
  g_assert_cmpint (redial_service_area_check (area, "602"), ==, REDIAL_SERVICE_AREA_UNSURE);
  g_assert_cmpint (redial_service_area_check (area, "606"), ==, REDIAL_SERVICE_AREA_INSIDE);
  g_assert_cmpint (redial_service_area_check (area, "60614"), ==, REDIAL_SERVICE_AREA_INSIDE);
  g_assert_cmpint (redial_service_area_check (area, "60202"), ==, REDIAL_SERVICE_AREA_OUTSIDE);
  g_assert_cmpint (redial_service_area_check (area, "7"), ==, REDIAL_SERVICE_AREA_OUTSIDE);
  g_assert_cmpint (redial_service_area_check (area, "L4C 3G5"), ==, REDIAL_SERVICE_AREA_INSIDE);
  g_assert_cmpint (redial_service_area_check (everywhere, "99999"), ==, REDIAL_SERVICE_AREA_INSIDE);
  g_assert_true (redial_service_area_is_everywhere (everywhere));

  /* Out of area flags the case for review; it does not block it. */
  redial_intake_profile_evaluate (plumbing, answers, area, &status);
  g_assert_true (status.out_of_area);
  g_assert_true (status.qualified);
  redial_intake_status_clear (&status);
  g_hash_table_replace (answers, g_strdup ("zip"), g_strdup ("60614"));
  redial_intake_profile_evaluate (plumbing, answers, area, &status);
  g_assert_false (status.out_of_area);
}

static RedialIntakeSuggestion *
find_suggestion (GPtrArray  *suggestions,
                 const char *key)
{
  for (guint i = 0; i < suggestions->len; i++)
    {
      RedialIntakeSuggestion *suggestion = g_ptr_array_index (suggestions, i);

      if (g_str_equal (suggestion->key, key))
        return suggestion;
    }
  return NULL;
}

static void
test_suggestions_from_texts (void)
{
  g_autoptr(RedialIntakeProfile) plumbing = load ("plumbing");
  const char *texts[] = {
    "Hi, this is Tom, call me at 630-555-01255",
    "Our Water Heater is leaking all over the basement. We're at 2210 N Clark, 60614",
    NULL,
  };
  g_autoptr(GPtrArray) suggestions = redial_intake_profile_suggest (plumbing, texts, "US", NULL);
  g_autoptr(GHashTable) answered = answers_new ("need", "leak", NULL);
  g_autoptr(GPtrArray) fewer = redial_intake_profile_suggest (plumbing, texts, "US", answered);
  RedialIntakeSuggestion *need = find_suggestion (suggestions, "need");
  RedialIntakeSuggestion *zip = find_suggestion (suggestions, "zip");

  /* The most specific words win over a generic "leaking". */
  g_assert_nonnull (need);
  g_assert_cmpstr (need->value, ==, "water-heater");
  g_assert_cmpstr (need->evidence, ==, "water heater");
  g_assert_nonnull (zip);
  g_assert_cmpstr (zip->value, ==, "60614");
  g_assert_null (find_suggestion (fewer, "need"));
  g_assert_nonnull (find_suggestion (fewer, "zip"));
}

static void
test_suggestions_whole_words (void)
{
  g_autoptr(RedialIntakeProfile) plumbing = load ("plumbing");
  const char *texts[] = { "Sorry about my outburst earlier, call 6305550125 or 555-01234", NULL };
  const char *urgent[] = { "There's a small drip, and now a pipe burst in the kitchen!", NULL };
  const char *canada[] = { "We're in Newmarket, L3Y 4Z1, thanks", NULL };
  g_autoptr(GPtrArray) none = redial_intake_profile_suggest (plumbing, texts, "US", NULL);
  g_autoptr(GPtrArray) burst = redial_intake_profile_suggest (plumbing, urgent, "US", NULL);
  g_autoptr(GPtrArray) postal = redial_intake_profile_suggest (plumbing, canada, "CA", NULL);

  /* No burst pipe in "outburst", no ZIP inside a phone number. */
  g_assert_null (find_suggestion (none, "need"));
  g_assert_null (find_suggestion (none, "zip"));
  /* An emergency's words beat a longer ordinary phrase. */
  g_assert_cmpstr (find_suggestion (burst, "need")->value, ==, "burst-pipe");
  g_assert_cmpstr (find_suggestion (postal, "zip")->value, ==, "L3Y 4Z1");
}

static void
test_business_override (void)
{
  g_autoptr(RedialIntakeProfile) profile = load ("plumbing");
  g_autoptr(GError) error = NULL;
  const char *own =
    "[profile]\n"
    "questions = need;zip;window;gate-code\n"
    "\n"
    "[question gate-code]\n"
    "type = text\n"
    "label = Gate code\n"
    "required = false\n"
    "\n"
    "[question window]\n"
    "type = date-window\n"
    "label = When?\n";

  g_assert_true (redial_intake_profile_load_data (profile, own, -1, "own.ini", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (redial_intake_profile_get_n_questions (profile), ==, 4);
  g_assert_cmpstr (redial_intake_question_get_key (redial_intake_profile_get_question (profile, 3)), ==, "gate-code");
  g_assert_cmpstr (redial_intake_question_get_label (redial_intake_profile_lookup (profile, "window")), ==, "When?");
  /* The plumber's need question is kept as shipped. */
  g_assert_nonnull (redial_intake_question_get_choice_label (redial_intake_profile_lookup (profile, "need"),
                                                             "burst-pipe"));
}

static void
test_broken_files_refused (void)
{
  struct {
    const char *text;
    const char *names;   /* what the message must name */
  } cases[] = {
    { "[question need]\ntype = chioce\nlabel = X\n", "[question need] type" },
    { "[question need]\nlabel = X\n", "[question need] type" },
    { "[question need]\ntype = text\n", "[question need] label" },
    { "[question need]\ntype = text\nlabel = X\nrequried = true\n", "[question need] requried" },
    { "[question need]\ntype = choice\nlabel = X\n", "[question need] choices" },
    { "[question need]\ntype = choice\nlabel = X\nchoices = a;b\nchoice-a = A\n", "[question need] choice-b" },
    { "[question need]\ntype = choice\nlabel = X\nchoices = a\nchoice-a = A\nchoice-z = Z\n",
      "[question need] choice-z" },
    { "[question need]\ntype = choice\nlabel = X\nchoices = a\nchoice-a = A\nurgent = b\n",
      "[question need] urgent" },
    { "[question need]\ntype = choice\nlabel = X\nchoices = a;B C\nchoice-a = A\n", "[question need] choices" },
    { "[question need]\ntype = text\nlabel = X\nrequired = maybe\n", "[question need] required" },
    { "[question need]\ntype = text\nlabel = X\nchoices = a\n", "[question need] choices" },
    { "[question Bad Key]\ntype = text\nlabel = X\n", "[question Bad Key]" },
    { "[questions]\ntype = text\n", "[questions]" },
    { "[profile]\nquestions = need;ghost\n", "[profile] questions" },
    { "[profile]\nquestions = need;need\n", "[profile] questions" },
    { "[profile]\nextends = hvac\n", "[profile] extends" },
    { "[profile]\ncolour = red\n", "[profile] colour" },
    { "[question adult]\ntype = yes-no\nlabel = X\nchoices = yes;no;maybe\n", "[question adult] choices" },
    { "this is not a keyfile", "own.ini" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RedialIntakeProfile) profile = load ("plumbing");
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", cases[i].text);
      g_assert_false (redial_intake_profile_load_data (profile, cases[i].text, -1, "own.ini", &error));
      g_assert_error (error, REDIAL_INTAKE_ERROR, REDIAL_INTAKE_ERROR_INVALID_PROFILE);
      g_test_message ("→ %s", error->message);
      g_assert_true (g_str_has_prefix (error->message, "own.ini"));
      g_assert_nonnull (strstr (error->message, cases[i].names));
      /* Nothing of a broken file is taken. */
      g_assert_cmpuint (redial_intake_profile_get_n_questions (profile), ==, 6);
      g_assert_nonnull (redial_intake_question_get_choice_label (redial_intake_profile_lookup (profile, "need"),
                                                                 "burst-pipe"));
    }
}

static void
test_load_file (void)
{
  g_autoptr(RedialIntakeProfile) profile = load ("dental");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("redial-intake-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "intake.ini", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.ini", NULL);

  g_assert_true (g_file_set_contents (path, "[question notes]\ntype = text\nlabel = Notes\nrequired = maybe\n",
                                      -1, NULL));
  g_assert_false (redial_intake_profile_load_file (profile, path, &error));
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, "[question notes] required"));
  g_clear_error (&error);

  g_assert_false (redial_intake_profile_load_file (profile, missing, &error));
  g_assert_true (g_str_has_prefix (error->message, missing));

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_unsetenv ("LANGUAGE");
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/intake/profiles/every-trade-loads", test_every_trade_loads);
  g_test_add_func ("/intake/profiles/unknown-trade", test_unknown_trade);
  g_test_add_func ("/intake/profiles/trade-extends-base", test_trade_extends_base);
  g_test_add_func ("/intake/profiles/spanish-labels", test_spanish_labels);
  g_test_add_func ("/intake/rules/urgent-and-not-a-fit", test_urgent_and_not_a_fit);
  g_test_add_func ("/intake/rules/qualified-needs-every-required", test_qualified_needs_every_required);
  g_test_add_func ("/intake/rules/several-choices", test_several_choices);
  g_test_add_func ("/intake/answers/normalize", test_normalize);
  g_test_add_func ("/intake/service-area", test_service_area);
  g_test_add_func ("/intake/suggest/from-texts", test_suggestions_from_texts);
  g_test_add_func ("/intake/suggest/whole-words", test_suggestions_whole_words);
  g_test_add_func ("/intake/override/business-questions", test_business_override);
  g_test_add_func ("/intake/override/broken-files-refused", test_broken_files_refused);
  g_test_add_func ("/intake/override/load-file", test_load_file);

  return g_test_run ();
}
