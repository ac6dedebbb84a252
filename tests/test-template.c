/* test-template.c: templates fill every placeholder or refuse to send; SMS segments counted as carriers count them. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "redial-sms-segments.h"
#include "redial-template-set.h"

static GHashTable *
values_new (const char *first_key,
            ...)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  va_list args;

  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    g_hash_table_insert (values, g_strdup (key), g_strdup (va_arg (args, const char *)));
  va_end (args);
  return values;
}

/* What a typical case knows at text-back time. */
static GHashTable *
typical_values (void)
{
  return values_new ("business", "Acme Plumbing",
                     "first_name", "Jennifer",
                     "agent", "Marcus",
                     "booking_link", "https://acme.example/book",
                     "hours", "Mon-Fri 8am-6pm",
                     "slot_1", "Tue 3 Dec, 10:00",
                     "slot_2", "Wed 4 Dec, 14:00",
                     NULL);
}

static char *
repeat (const char *piece,
        guint       n)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append (out, piece);
  return g_string_free (out, FALSE);
}

static void
test_render_fills_values (void)
{
  g_autoptr(GHashTable) values = typical_values ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  text = redial_template_render ("Hi {first_name}, this is {agent} at {business}.", values, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "Hi Jennifer, this is Marcus at Acme Plumbing.");
}

static void
test_inline_default (void)
{
  g_autoptr(GHashTable) values = values_new ("business", "Acme", NULL);
  g_autoptr(GHashTable) blank = values_new ("business", "Acme", "first_name", "  ", NULL);
  g_autoptr(GHashTable) known = values_new ("business", "Acme", "first_name", "Ana", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *blank_text = NULL;
  g_autofree char *known_text = NULL;
  g_autofree char *empty_default = NULL;

  missing = redial_template_render ("Hi {first_name|there}, it's {business}.", values, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (missing, ==, "Hi there, it's Acme.");

  /* A blank value is no value. */
  blank_text = redial_template_render ("Hi {first_name|there}!", blank, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (blank_text, ==, "Hi there!");

  known_text = redial_template_render ("Hi {first_name|there}!", known, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (known_text, ==, "Hi Ana!");

  /* An empty default leaves the placeholder out on purpose. */
  empty_default = redial_template_render ("Thanks{first_name|}!", values, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (empty_default, ==, "Thanks!");
}

static void
test_whole_fallback (void)
{
  g_autoptr(GHashTable) values = values_new ("business", "Acme", NULL);
  g_autoptr(GHashTable) with_link = values_new ("business", "Acme",
                                                "booking_link", "https://acme.example/b", NULL);
  g_autoptr(RedialTemplate) template = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *full = NULL;

  template = redial_template_new (REDIAL_TEMPLATE_USE_FOLLOW_UP, "en",
                                  "Book with {business} at {booking_link}",
                                  "Reply to book with {business}.", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (redial_template_get_id (template), ==, "follow-up/en");

  text = redial_template_fill (template, values, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "Reply to book with Acme.");

  full = redial_template_fill (template, with_link, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (full, ==, "Book with Acme at https://acme.example/b");
}

static void
test_refusal_says_what_is_missing (void)
{
  g_autoptr(GHashTable) values = values_new ("business", "Acme", NULL);
  g_autoptr(RedialTemplate) no_fallback = NULL;
  g_autoptr(RedialTemplate) bad_fallback = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *raw = NULL;

  no_fallback = redial_template_new (REDIAL_TEMPLATE_USE_FOLLOW_UP, "en",
                                     "Hi {first_name}, still need a hand?", NULL, &error);
  g_assert_no_error (error);
  text = redial_template_fill (no_fallback, values, &error);
  g_assert_null (text);
  g_assert_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_MISSING_VALUE);
  g_assert_cmpstr (error->message, ==, "The follow-up needs the caller’s first name, which is not known.");
  g_clear_error (&error);

  /* When the fallback cannot be filled either, everything lacking is named. */
  bad_fallback = redial_template_new (REDIAL_TEMPLATE_USE_BOOKING_CONFIRMATION, "en",
                                      "Hi {first_name}, see you {slot_1}. {booking_link}",
                                      "See you {slot_1}.", &error);
  g_assert_no_error (error);
  text = redial_template_fill (bad_fallback, values, &error);
  g_assert_null (text);
  g_assert_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_MISSING_VALUE);
  g_assert_cmpstr (error->message, ==,
                   "The booking confirmation needs the caller’s first name, the appointment time "
                   "and the booking link, which are not known.");
  g_clear_error (&error);

  raw = redial_template_render ("Hi {agent}", values, &error);
  g_assert_null (raw);
  g_assert_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_MISSING_VALUE);
  g_assert_cmpstr (error->message, ==, "The text needs the name of the person at the desk, which is not known.");
}

static void
test_unknown_placeholder_refused_at_load (void)
{
  g_autoptr(GHashTable) values = typical_values ();
  g_autoptr(RedialTemplateSet) set = redial_template_set_new ();
  g_autoptr(RedialTemplate) template = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *file =
    "[template busy-hours en]\n"
    "text = Hi {first_name|there}, it's {business}.\n"
    "[template follow-up en]\n"
    "text = Hi {frist_name}, still need a hand?\n";

  g_assert_false (redial_template_check ("Your code is {code}.", &error));
  g_assert_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_UNKNOWN_PLACEHOLDER);
  g_assert_nonnull (strstr (error->message, "{code}"));
  g_clear_error (&error);

  /* A slip in case or spacing gets a suggestion. */
  g_assert_false (redial_template_check ("Hi {First Name}", &error));
  g_assert_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_UNKNOWN_PLACEHOLDER);
  g_assert_cmpstr (error->message, ==, "The text uses {First Name}; write it as {first_name}.");
  g_clear_error (&error);

  /* A placeholder left open would go out as written. */
  g_assert_false (redial_template_check ("Hi {first_name, thanks", &error));
  g_assert_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (redial_template_check ("Hi {first_name|there, thanks", &error));
  g_assert_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_INVALID);
  g_clear_error (&error);

  template = redial_template_new (REDIAL_TEMPLATE_USE_HELP, "en", "{business}", "Ask {agnet}", &error);
  g_assert_null (template);
  g_assert_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_UNKNOWN_PLACEHOLDER);
  g_clear_error (&error);

  /* The file names the group and key, and none of it is taken. */
  g_assert_false (redial_template_set_load_data (set, file, strlen (file), "acme.ini", &error));
  g_assert_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_UNKNOWN_PLACEHOLDER);
  g_assert_true (g_str_has_prefix (error->message, "acme.ini: [template follow-up en] text: "));
  g_assert_nonnull (strstr (error->message, "{frist_name}"));
  g_assert_null (redial_template_set_lookup (set, REDIAL_TEMPLATE_USE_BUSY_HOURS, "en"));
  g_clear_error (&error);

  /* Braces that are no attempt at a placeholder are text. */
  text = redial_template_render ("{business} :-{) {} {42}", values, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "Acme Plumbing :-{) {} {42}");
}

static void
test_bad_files_name_the_group (void)
{
  static const struct {
    const char *data;
    const char *message;
  } cases[] = {
    { "[template after-hour en]\ntext = Hi\n",
      "acme.ini: [template after-hour en]: “after-hour” is not a template use; the uses are busy-hours, "
      "after-hours, customer, follow-up, booking-confirmation, help, opt-out-confirmation, opt-in-confirmation, "
      "slot-offer" },
    { "[template help]\ntext = Hi\n",
      "acme.ini: [template help]: a template group is named “template”, a use and a language, "
      "such as [template after-hours en]" },
    { "[template help english!]\ntext = Hi\n",
      "acme.ini: [template help english!]: “english!” is not a language tag such as “en” or “es-MX”." },
    { "[template help en]\nfallback = Hi\n",
      "acme.ini: [template help en] text: every template needs a text" },
    { "[template help en]\ntext =   \n",
      "acme.ini: [template help en] text: The text is empty." },
    { "[template help en]\ntext = Hi\nfallback = Bye {first_name\n",
      "acme.ini: [template help en] fallback: The placeholder “{first_name” is not closed with “}”." },
    { "not a keyfile\n", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RedialTemplateSet) set = redial_template_set_new ();
      g_autoptr(GError) error = NULL;

      g_test_message ("file %u: %s", i, cases[i].data);
      g_assert_false (redial_template_set_load_data (set, cases[i].data, strlen (cases[i].data),
                                                     "acme.ini", &error));
      g_assert_error (error, REDIAL_TEMPLATE_ERROR, error->code);
      if (cases[i].message != NULL)
        g_assert_cmpstr (error->message, ==, cases[i].message);
      else
        g_assert_true (g_str_has_prefix (error->message, "acme.ini: "));
    }

  {
    g_autofree char *long_text = repeat ("a", REDIAL_TEMPLATE_MAX_CHARS + 1);
    g_autoptr(GError) error = NULL;

    g_assert_false (redial_template_check (long_text, &error));
    g_assert_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_INVALID);
  }
}

static void
test_values_not_expanded (void)
{
  g_autoptr(GHashTable) values = values_new ("business", "{first_name} & {agent|x} Co",
                                             "first_name", "{business}",
                                             NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  text = redial_template_render ("{first_name}, it's {business}", values, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "{business}, it's {first_name} & {agent|x} Co");
}

static void
test_bad_escape_refused (void)
{
  /* Found by fuzz-template: GKeyFile gives a value with a bad escape back
   * along with an error, which was then set over again. */
  static const char * const files[] = {
    "[template help en]\ntext = Hi\nfallback = By\\e {first_name\n",
    "[template help en]\ntext = Hi\nfallback = By\\e\n",
    "[template help en]\ntext = H\\i\n",
  };
  static const char * const keys[] = { "fallback", "fallback", "text" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(RedialTemplateSet) set = redial_template_set_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *prefix = g_strdup_printf ("acme.ini: [template help en] %s: ", keys[i]);

      g_assert_false (redial_template_set_load_data (set, files[i], strlen (files[i]), "acme.ini", &error));
      g_assert_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, prefix));
      g_test_message ("%s", error->message);
    }
}

static void
test_value_not_utf8 (void)
{
  /* A name in Latin-1 from an old contacts file (found by fuzz-template):
   * it goes out with U+FFFD for the bad byte, never aborts. */
  g_autoptr(GHashTable) values = values_new ("first_name", "Jos\xe9", "business", "Acme", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = redial_template_render ("Hi {first_name}, it's {business}.", values, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "Hi Jos\xef\xbf\xbd, it's Acme.");
}

static void
test_output_is_nfc (void)
{
  /* "José" typed with a combining accent is sent as the GSM-7 "é". */
  g_autoptr(GHashTable) values = values_new ("first_name", "Jose\xcc\x81", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = redial_template_render ("Hola {first_name}", values, &error);
  RedialSmsEncoding encoding;

  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "Hola José");
  redial_sms_segments (text, &encoding, NULL);
  g_assert_cmpint (encoding, ==, REDIAL_SMS_ENCODING_GSM7);
}

static void
test_language_tags (void)
{
  static const struct {
    const char *tag;
    const char *canonical;
  } cases[] = {
    { "en", "en" }, { "ES", "es" }, { "es_mx", "es-MX" }, { "es-419", "es-419" },
    { "zh-hant-tw", "zh-Hant-TW" }, { "", NULL }, { "e", NULL }, { "english", NULL },
    { "en-", NULL }, { "en US", NULL }, { "1a", NULL }, { "en-toolongsubtag", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *canonical = redial_template_canonical_language (cases[i].tag);

      g_assert_cmpstr (canonical, ==, cases[i].canonical);
    }
}

static void
test_lookup_language_falls_back (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialTemplateSet) set = redial_template_set_new_default (&error);
  RedialTemplate *template;

  g_assert_no_error (error);

  template = redial_template_set_lookup (set, REDIAL_TEMPLATE_USE_AFTER_HOURS, "es");
  g_assert_nonnull (template);
  g_assert_cmpstr (redial_template_get_language (template), ==, "es");
  g_assert_true (g_str_has_prefix (redial_template_get_text (template), "Hola"));

  /* A regional variant without its own wording gets the language's. */
  template = redial_template_set_lookup (set, REDIAL_TEMPLATE_USE_AFTER_HOURS, "es_MX");
  g_assert_cmpstr (redial_template_get_id (template), ==, "after-hours/es");

  /* A language Redial has no wording in gets English. */
  template = redial_template_set_lookup (set, REDIAL_TEMPLATE_USE_HELP, "de");
  g_assert_cmpstr (redial_template_get_id (template), ==, "help/en");
  template = redial_template_set_lookup (set, REDIAL_TEMPLATE_USE_HELP, NULL);
  g_assert_cmpstr (redial_template_get_id (template), ==, "help/en");
  template = redial_template_set_lookup (set, REDIAL_TEMPLATE_USE_HELP, "not a tag");
  g_assert_cmpstr (redial_template_get_id (template), ==, "help/en");

  /* An empty set has nothing to offer. */
  {
    g_autoptr(RedialTemplateSet) empty = redial_template_set_new ();

    g_assert_null (redial_template_set_lookup (empty, REDIAL_TEMPLATE_USE_HELP, "en"));
  }
}

static void
test_business_file_overrides (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialTemplateSet) set = redial_template_set_new_default (&error);
  g_autoptr(GHashTable) values = values_new ("business", "Acme", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  RedialTemplate *template;
  const char *file =
    "# The settings file may hold the templates too.\n"
    "[business]\nname = Acme\n"
    "[template after-hours es-MX]\n"
    "text = Hola, {business} abre a las 8.\n"
    "[template follow-up en]\n"
    "text = {business} again: need us?\n"
    "colour = blue\n";

  g_assert_no_error (error);
  before = redial_template_set_list (set);

  dir = g_dir_make_tmp ("redial-template-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "templates.ini", NULL);
  g_assert_true (g_file_set_contents (path, file, -1, &error));

  g_assert_true (redial_template_set_load_file (set, path, &error));
  g_assert_no_error (error);

  /* The override replaces text and fallback together. */
  template = redial_template_set_lookup (set, REDIAL_TEMPLATE_USE_FOLLOW_UP, "en");
  g_assert_cmpstr (redial_template_get_text (template), ==, "{business} again: need us?");
  g_assert_null (redial_template_get_fallback (template));
  text = redial_template_fill (template, values, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "Acme again: need us?");

  /* A new regional wording is added; the others stay. */
  template = redial_template_set_lookup (set, REDIAL_TEMPLATE_USE_AFTER_HOURS, "es-mx");
  g_assert_cmpstr (redial_template_get_id (template), ==, "after-hours/es-MX");
  template = redial_template_set_lookup (set, REDIAL_TEMPLATE_USE_AFTER_HOURS, "es");
  g_assert_cmpstr (redial_template_get_id (template), ==, "after-hours/es");
  after = redial_template_set_list (set);
  g_assert_cmpuint (after->len, ==, before->len + 1);

  /* A file that cannot be read leaves the set alone. */
  g_assert_false (redial_template_set_load_file (set, "/nonexistent/templates.ini", &error));
  g_assert_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_INVALID);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_every_default_renders (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialTemplateSet) set = redial_template_set_new_default (&error);
  g_autoptr(GHashTable) values = typical_values ();
  g_autoptr(GHashTable) business_only = values_new ("business", "Acme Plumbing", NULL);
  g_autoptr(GPtrArray) all = NULL;
  const char *languages[] = { "en", "es" };

  g_assert_no_error (error);
  all = redial_template_set_list (set);
  g_assert_cmpuint (all->len, ==, REDIAL_TEMPLATE_N_USES * G_N_ELEMENTS (languages));

  for (guint use = 0; use < REDIAL_TEMPLATE_N_USES; use++)
    for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
      {
        RedialTemplate *template = redial_template_set_lookup (set, use, languages[l]);
        g_autofree char *text = NULL;
        g_autofree char *sparse = NULL;
        RedialSmsEncoding encoding;
        guint n_units;
        guint n_segments;

        g_assert_nonnull (template);
        g_assert_cmpstr (redial_template_get_language (template), ==, languages[l]);
        g_assert_true (redial_template_check (redial_template_get_text (template), NULL));

        text = redial_template_fill (template, values, &error);
        g_assert_no_error (error);
        g_assert_null (strchr (text, '{'));
        g_assert_null (strchr (text, '}'));

        /* The shipped wording costs GSM-7 segments, and the texts sent to
         * a stranger at most two of them. */
        n_segments = redial_sms_segments (text, &encoding, &n_units);
        g_test_message ("%s: %u septets, %u segments: %s", redial_template_get_id (template),
                        n_units, n_segments, text);
        g_assert_cmpint (encoding, ==, REDIAL_SMS_ENCODING_GSM7);
        g_assert_cmpuint (n_segments, <=, 2);
        if (use == REDIAL_TEMPLATE_USE_BUSY_HOURS || use == REDIAL_TEMPLATE_USE_CUSTOMER)
          g_assert_cmpuint (n_segments, ==, 1);

        /* First contacts, HELP and START say how to opt out. */
        if (use == REDIAL_TEMPLATE_USE_BUSY_HOURS || use == REDIAL_TEMPLATE_USE_AFTER_HOURS ||
            use == REDIAL_TEMPLATE_USE_CUSTOMER || use == REDIAL_TEMPLATE_USE_HELP ||
            use == REDIAL_TEMPLATE_USE_OPT_IN_CONFIRMATION)
          g_assert_nonnull (strstr (text, "STOP"));
        if (use == REDIAL_TEMPLATE_USE_OPT_OUT_CONFIRMATION)
          g_assert_nonnull (strstr (text, "START"));
        if (use == REDIAL_TEMPLATE_USE_BUSY_HOURS && l == 0)
          g_assert_nonnull (strstr (text, "Reply STOP to opt out"));

        /* Knowing only the business name, every text still goes out, but a
         * booking confirmation without the time of the booking, and an
         * offer without the times offered. */
        sparse = redial_template_fill (template, business_only, &error);
        if (use == REDIAL_TEMPLATE_USE_BOOKING_CONFIRMATION || use == REDIAL_TEMPLATE_USE_SLOT_OFFER)
          {
            g_assert_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_MISSING_VALUE);
            g_assert_nonnull (strstr (error->message, "the appointment time"));
            g_clear_error (&error);
          }
        else
          {
            g_assert_no_error (error);
            g_assert_null (strchr (sparse, '{'));
            g_assert_null (strstr (sparse, " ,"));
          }
      }
}

static void
test_use_names (void)
{
  for (guint use = 0; use < REDIAL_TEMPLATE_N_USES; use++)
    {
      RedialTemplateUse back;

      g_assert_true (redial_template_use_from_string (redial_template_use_to_string (use), &back));
      g_assert_cmpuint (back, ==, use);
    }
  g_assert_cmpstr (redial_template_use_to_string (REDIAL_TEMPLATE_USE_OPT_OUT_CONFIRMATION), ==,
                   "opt-out-confirmation");
  {
    RedialTemplateUse use = REDIAL_TEMPLATE_USE_HELP;

    g_assert_false (redial_template_use_from_string ("after_hours", &use));
    g_assert_false (redial_template_use_from_string (NULL, &use));
    g_assert_cmpuint (use, ==, REDIAL_TEMPLATE_USE_HELP);
  }
}

typedef struct
{
  const char        *name;
  const char        *text;
  RedialSmsEncoding  encoding;
  guint              n_units;
  guint              n_segments;
} SegmentCase;

static void
check_segments (const SegmentCase *c)
{
  RedialSmsEncoding encoding;
  guint n_units = 0;
  guint n_segments;

  n_segments = redial_sms_segments (c->text, &encoding, &n_units);
  g_test_message ("%s: %u units, %u segments", c->name, n_units, n_segments);
  g_assert_cmpint (encoding, ==, c->encoding);
  g_assert_cmpuint (n_units, ==, c->n_units);
  g_assert_cmpuint (n_segments, ==, c->n_segments);
}

static void
test_segments_gsm7 (void)
{
  g_autofree char *a160 = repeat ("a", 160);
  g_autofree char *a161 = repeat ("a", 161);
  g_autofree char *a306 = repeat ("a", 306);
  g_autofree char *a307 = repeat ("a", 307);
  g_autofree char *a158 = repeat ("a", 158);
  g_autofree char *a159 = repeat ("a", 159);
  g_autofree char *a152 = repeat ("a", 152);
  g_autofree char *euro_fits = g_strconcat (a158, "€", NULL);
  g_autofree char *euro_over = g_strconcat (a159, "€", NULL);
  g_autofree char *euro_split = NULL;
  g_autofree char *brackets = repeat ("[]", 80);
  g_autofree char *spanish = NULL;
  g_autofree char *base = repeat ("a", 150);

  /* 152 + "€" + 152 is 306 septets, two full parts if "€" could be cut
   * in half; its escape pair moves whole into the second segment instead,
   * which pushes the last septet into a third. */
  euro_split = g_strconcat (a152, "€", a152, NULL);
  spanish = g_strconcat ("¿Mañana? ¡Sí! Ñandú, pingüino, Müller, Øre, Ça, é è ù ì ò à ä ö ü É Å å Ä Ö Ü ß Æ æ ¥ £ § ¤ ¡ ¿",
                         NULL);

  {
    const SegmentCase cases[] = {
      { "empty", "", REDIAL_SMS_ENCODING_GSM7, 0, 0 },
      { "one", "a", REDIAL_SMS_ENCODING_GSM7, 1, 1 },
      { "exactly 160", a160, REDIAL_SMS_ENCODING_GSM7, 160, 1 },
      { "161", a161, REDIAL_SMS_ENCODING_GSM7, 161, 2 },
      { "two full parts", a306, REDIAL_SMS_ENCODING_GSM7, 306, 2 },
      { "one septet over", a307, REDIAL_SMS_ENCODING_GSM7, 307, 3 },
      { "euro fits at 160", euro_fits, REDIAL_SMS_ENCODING_GSM7, 160, 1 },
      { "euro at 161", euro_over, REDIAL_SMS_ENCODING_GSM7, 161, 2 },
      { "euro not split", euro_split, REDIAL_SMS_ENCODING_GSM7, 306, 3 },
      { "extension pairs", brackets, REDIAL_SMS_ENCODING_GSM7, 320, 3 },
      { "symbols", "{}[]~^\\|€", REDIAL_SMS_ENCODING_GSM7, 18, 1 },
      { "line breaks", "a\nb\r\n", REDIAL_SMS_ENCODING_GSM7, 5, 1 },
      { "@ $ _ and Greek", "@$_ΔΦΓΛΩΠΨΣΘΞ", REDIAL_SMS_ENCODING_GSM7, 13, 1 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      check_segments (&cases[i]);
  }

  /* "¿Mañana? ¡Sí!" has í: UCS-2. Without it, all of this is GSM-7. */
  {
    RedialSmsEncoding encoding;

    redial_sms_segments (spanish, &encoding, NULL);
    g_assert_cmpint (encoding, ==, REDIAL_SMS_ENCODING_UCS2);
    redial_sms_segments ("Ñandú", &encoding, NULL);
    g_assert_cmpint (encoding, ==, REDIAL_SMS_ENCODING_UCS2);
    redial_sms_segments ("¿Mañana? ¡Sé! Ñandé, pingüino, Müller, Øre, Ça, é è ù ì ò à ä ö ü É Å å Ä Ö Ü ß Æ æ ¥ £ § ¤ ¡ ¿",
                         &encoding, NULL);
    g_assert_cmpint (encoding, ==, REDIAL_SMS_ENCODING_GSM7);
  }

  /* Which accented letters are in the alphabet, one by one. */
  {
    const char *in_gsm7[] = { "é", "è", "ù", "ì", "ò", "Ç", "Ø", "ø", "Å", "å", "Ä", "Ö",
                              "Ñ", "Ü", "ä", "ö", "ñ", "ü", "à", "É" };
    const char *not_gsm7[] = { "á", "í", "ó", "ú", "Á", "Í", "Ó", "Ú", "ç", "â", "ê", "`" };

    for (guint i = 0; i < G_N_ELEMENTS (in_gsm7); i++)
      g_assert_cmpuint (redial_sms_gsm7_septets (g_utf8_get_char (in_gsm7[i])), ==, 1);
    for (guint i = 0; i < G_N_ELEMENTS (not_gsm7); i++)
      g_assert_cmpuint (redial_sms_gsm7_septets (g_utf8_get_char (not_gsm7[i])), ==, 0);
  }

  /* A text of 150 GSM-7 characters with one "ó" is 150 UCS-2 units: 3 segments. */
  {
    g_autofree char *mixed = g_strconcat (base, "ó", NULL);
    const SegmentCase c = { "one ó", mixed, REDIAL_SMS_ENCODING_UCS2, 151, 3 };

    check_segments (&c);
  }
}

static void
test_segments_ucs2 (void)
{
  g_autofree char *u70 = repeat ("á", 70);
  g_autofree char *u71 = repeat ("á", 71);
  g_autofree char *u134 = repeat ("á", 134);
  g_autofree char *u135 = repeat ("á", 135);
  g_autofree char *u66 = repeat ("á", 66);
  g_autofree char *u68 = repeat ("á", 68);
  g_autofree char *emoji_fits = g_strconcat (u68, "😀", NULL);
  g_autofree char *emoji_over = g_strconcat (u68, "😀", "a", NULL);
  g_autofree char *emoji_split = g_strconcat (u66, "😀", u66, NULL);
  g_autofree char *emoji_run = repeat ("👍", 35);
  g_autofree char *emoji_run_over = repeat ("👍", 36);

  {
    const SegmentCase cases[] = {
      { "exactly 70", u70, REDIAL_SMS_ENCODING_UCS2, 70, 1 },
      { "71", u71, REDIAL_SMS_ENCODING_UCS2, 71, 2 },
      { "two full parts", u134, REDIAL_SMS_ENCODING_UCS2, 134, 2 },
      { "one unit over", u135, REDIAL_SMS_ENCODING_UCS2, 135, 3 },
      /* An emoji is a surrogate pair: two UTF-16 code units. */
      { "emoji fits at 70", emoji_fits, REDIAL_SMS_ENCODING_UCS2, 70, 1 },
      { "emoji at 71", emoji_over, REDIAL_SMS_ENCODING_UCS2, 71, 2 },
      /* 66 + 2 would end the first part at 68 > 67: the pair moves whole,
       * 66 | 2 + 66 = 68 > 67, so a third segment. */
      { "emoji not split", emoji_split, REDIAL_SMS_ENCODING_UCS2, 134, 3 },
      { "35 emoji", emoji_run, REDIAL_SMS_ENCODING_UCS2, 70, 1 },
      { "36 emoji", emoji_run_over, REDIAL_SMS_ENCODING_UCS2, 72, 2 },
      { "CJK", "你好", REDIAL_SMS_ENCODING_UCS2, 2, 1 },
      { "curly quote", "it’s", REDIAL_SMS_ENCODING_UCS2, 4, 1 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      check_segments (&cases[i]);
  }

  /* Invalid UTF-8 counts as the replacement character a gateway sends. */
  {
    const SegmentCase c = { "invalid", "ab\xff", REDIAL_SMS_ENCODING_UCS2, 3, 1 };

    check_segments (&c);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/template/render/fills-values", test_render_fills_values);
  g_test_add_func ("/template/render/inline-default", test_inline_default);
  g_test_add_func ("/template/render/whole-fallback", test_whole_fallback);
  g_test_add_func ("/template/render/refusal-says-what-is-missing", test_refusal_says_what_is_missing);
  g_test_add_func ("/template/render/values-not-expanded", test_values_not_expanded);
  g_test_add_func ("/template/render/value-not-utf8", test_value_not_utf8);
  g_test_add_func ("/template/render/output-is-nfc", test_output_is_nfc);
  g_test_add_func ("/template/load/unknown-placeholder-refused", test_unknown_placeholder_refused_at_load);
  g_test_add_func ("/template/load/bad-files-name-the-group", test_bad_files_name_the_group);
  g_test_add_func ("/template/load/bad-escape-refused", test_bad_escape_refused);
  g_test_add_func ("/template/load/business-file-overrides", test_business_file_overrides);
  g_test_add_func ("/template/language/tags", test_language_tags);
  g_test_add_func ("/template/language/lookup-falls-back", test_lookup_language_falls_back);
  g_test_add_func ("/template/defaults/every-one-renders", test_every_default_renders);
  g_test_add_func ("/template/use/names", test_use_names);
  g_test_add_func ("/sms/segments/gsm7", test_segments_gsm7);
  g_test_add_func ("/sms/segments/ucs2", test_segments_ucs2);

  return g_test_run ();
}
