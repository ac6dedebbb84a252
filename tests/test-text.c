/* test-text.c: untrusted names and snippets made safe to keep and show. */
#include "config.h"

#include <string.h>

#include "redial-text.h"

static void
test_clean_name (void)
{
  static const struct {
    const char *raw;
    const char *clean;
  } cases[] = {
    { "Jane Doe", "Jane Doe" },
    { "  Jane \t  Doe \n", "Jane Doe" },
    /* Direction overrides and isolates could reorder what the desk sees. */
    { "\xE2\x80\xAE" "Jane\xE2\x80\xAC Doe", "Jane Doe" },
    { "\xE2\x81\xA6" "Ana\xE2\x81\xA9", "Ana" },
    { "Jo\x01" "hn\x7F", "John" },
    /* A line break or tab between words still separates them. */
    { "Mary\nAnn", "Mary Ann" },
    { "Zoë Ñúñez", "Zoë Ñúñez" },
    { "李小龍", "李小龍" },
    { "O'Brien & Sons", "O'Brien & Sons" },
    /* Invalid UTF-8 becomes the replacement character, not a crash. */
    { "Ren\xE9", "Ren\xEF\xBF\xBD" },
    /* No letters, or the networks' words for no name: no name. */
    { "", NULL },
    { "   ", NULL },
    { "3125550118", NULL },
    { "+1 (312) 555-0118", NULL },
    { "Anonymous", NULL },
    { "WIRELESS CALLER", NULL },
    { " unknown ", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *clean = redial_text_clean_name (cases[i].raw);

      g_assert_cmpstr (clean, ==, cases[i].clean);
    }
  g_assert_null (redial_text_clean_name (NULL));
}

static void
test_clean_name_is_short (void)
{
  g_autoptr(GString) raw = g_string_new (NULL);
  g_autofree char *clean = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append (raw, "ab ");
  clean = redial_text_clean_name (raw->str);
  g_assert_nonnull (clean);
  g_assert_cmpuint (g_utf8_strlen (clean, -1), <=, REDIAL_TEXT_NAME_MAX_CHARS);
  g_assert_false (g_str_has_suffix (clean, " "));
}

static void
test_clean_snippet (void)
{
  g_autofree char *short_one = redial_text_clean_snippet ("555-01", 32);
  g_autofree char *long_one = redial_text_clean_snippet ("0123456789abcdef", 10);
  g_autofree char *digits = redial_text_clean_snippet ("\x1B[31m12\xE2\x80\xAE", 10);

  g_assert_cmpstr (short_one, ==, "555-01");
  g_assert_cmpstr (long_one, ==, "0123456789…");
  /* An escape sequence cannot colour a terminal. */
  g_assert_cmpstr (digits, ==, "[31m12");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/clean-name/drops-what-disguises", test_clean_name);
  g_test_add_func ("/text/clean-name/is-short", test_clean_name_is_short);
  g_test_add_func ("/text/clean-snippet/quotable", test_clean_snippet);

  return g_test_run ();
}
