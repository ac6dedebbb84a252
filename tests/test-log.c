/* test-log.c: log lines and messages keep their punctuation readable under the C locale. */
#include "config.h"

#include <locale.h>

#include "redial-log.h"

static void
test_c_locale_ascii_punctuation (void)
{
  if (g_test_subprocess ())
    {
      g_message ("Connecting to “pbx.example.com”… it’s slow");
      g_printerr ("expected a code such as ‘US’ – or «GB» — not %s\n", "Narnia");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*Connecting to \"pbx.example.com\"... it's slow\n*");
  g_test_trap_assert_stderr ("*expected a code such as 'US' - or \"GB\" - not Narnia\n*");
}

static void
test_text_for_console (void)
{
  g_autofree char *ascii = redial_log_text_for_console ("Retrying in 8 s… “Acme” – café");

  /* Only the punctuation changes; what the charset cannot show otherwise
   * is left to GLib. */
  g_assert_cmpstr (ascii, ==, "Retrying in 8 s... \"Acme\" - café");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* As under LC_ALL=C, whatever the test's environment. */
  setlocale (LC_ALL, "C");
  redial_log_init ();

  g_test_add_func ("/log/c-locale/ascii-punctuation", test_c_locale_ascii_punctuation);
  g_test_add_func ("/log/c-locale/only-punctuation-replaced", test_text_for_console);

  return g_test_run ();
}
