/* test-phone.c: phone numbers as phone systems send them and people type them. */

#include <glib.h>

#include "redial-phone.h"

static void
assert_normalizes (const char *raw,
                   const char *region,
                   const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *e164 = NULL;

  e164 = redial_phone_normalize (raw, region, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (e164, ==, expected);
}

/* Returns the error message, owned by the caller, after checking that it is
 * a short sentence in valid UTF-8, fit for a toast. */
static char *
assert_fails (const char *raw,
              const char *region,
              int         code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *e164 = NULL;

  e164 = redial_phone_normalize (raw, region, &error);
  g_assert_error (error, REDIAL_PHONE_ERROR, code);
  g_assert_null (e164);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpuint (strlen (error->message), >, 0);
  g_assert_cmpuint (strlen (error->message), <, 200);

  return g_strdup (error->message);
}

static void
test_normalize_us_national (void)
{
  assert_normalizes ("+1 (312) 555-0118", "US", "+13125550118");
  assert_normalizes ("3125550118", "US", "+13125550118");
  assert_normalizes ("13125550118", "US", "+13125550118");
  assert_normalizes ("1-312-555-0118", "US", "+13125550118");
  assert_normalizes ("312.555.0118", "US", "+13125550118");
  assert_normalizes ("  (212) 555-0110\n", "US", "+12125550110");
  assert_normalizes ("+1 212 555 0110", "US", "+12125550110");
  /* The country code wins over the default region. */
  assert_normalizes ("+1 312 555 0118", "GB", "+13125550118");
}

static void
test_normalize_uk_national (void)
{
  assert_normalizes ("020 7946 0018", "GB", "+442079460018");
  assert_normalizes ("+44 (0)20 7946 0018", "GB", "+442079460018");
}

static void
test_normalize_international_prefix (void)
{
  /* Each region's own prefix… */
  assert_normalizes ("00 44 20 7946 0018", "GB", "+442079460018");
  assert_normalizes ("00 44 20 7946 0018", "DE", "+442079460018");
  assert_normalizes ("011 44 20 7946 0018", "US", "+442079460018");
  /* …and 00 where the region uses another one, as people type it. */
  assert_normalizes ("00 44 20 7946 0018", "US", "+442079460018");
  assert_normalizes ("0013125550118", "US", "+13125550118");
}

static void
test_normalize_uri (void)
{
  assert_normalizes ("tel:+13125550118", "US", "+13125550118");
  assert_normalizes ("TEL:+1-312-555-0118", "US", "+13125550118");
  assert_normalizes ("tel:5550118;phone-context=+1312", "US", "+13125550118");
  assert_normalizes ("sip:+13125550118@pbx.example.com", "US", "+13125550118");
  assert_normalizes ("sip:+13125550118@pbx.example.com:5060;user=phone", "US", "+13125550118");
  assert_normalizes ("SIP:3125550118@10.0.0.7", "US", "+13125550118");
  assert_normalizes ("sips:+442079460018@sbc.example.net", "US", "+442079460018");
  assert_normalizes ("3125550118@pbx", "US", "+13125550118");
}

static void
test_normalize_extension_dropped (void)
{
  assert_normalizes ("+1 312 555 0118 ext. 12", "US", "+13125550118");
  assert_normalizes ("tel:3125550118;ext=22", "US", "+13125550118");
}

static void
test_normalize_anonymous_is_empty (void)
{
  const char *hidden[] = {
    "",
    "   ",
    " \t\n",
    "anonymous",
    "Anonymous",
    "ANONYMOUS",
    "  restricted  ",
    "Restricted",
    "private",
    "Private Number",
    "unknown",
    "<unknown>",
    "unavailable",
    "Withheld",
    "blocked",
    "0",
    " 0 ",
    "0000000000",
    "sip:anonymous@anonymous.invalid",
    "tel:",
    "sip:@pbx",
    "+266696687",   /* Twilio's ANONYMOUS */
    "+7378742833",  /* Twilio's RESTRICTED */
  };
  g_autofree char *message = NULL;

  message = assert_fails (NULL, "US", REDIAL_PHONE_ERROR_EMPTY);
  g_assert_cmpstr (message, ==, "No phone number was given");

  for (gsize i = 0; i < G_N_ELEMENTS (hidden); i++)
    {
      g_autofree char *m = NULL;
      g_autofree char *escaped = g_strescape (hidden[i], NULL);

      g_test_message ("hidden: \"%s\"", escaped);
      m = assert_fails (hidden[i], "US", REDIAL_PHONE_ERROR_EMPTY);
    }

  g_clear_pointer (&message, g_free);
  message = assert_fails ("Anonymous", "US", REDIAL_PHONE_ERROR_EMPTY);
  g_assert_cmpstr (message, ==, "The caller’s number is hidden");

  /* A hidden caller is no configuration problem: EMPTY wins over REGION. */
  g_clear_pointer (&message, g_free);
  message = assert_fails ("anonymous", "XX", REDIAL_PHONE_ERROR_EMPTY);
}

static void
test_normalize_garbage_is_invalid (void)
{
  const char *garbage[] = {
    "12",
    "+",
    "++++",
    "hello",
    "555-0118",            /* local number, no area code */
    "+1 312 555 011",      /* one digit short */
    "+1 312 555 01188",    /* one digit long */
    "+999 1234 5678",      /* no such country code */
  };
  g_autofree char *message = NULL;

  message = assert_fails ("abc", "US", REDIAL_PHONE_ERROR_INVALID);
  g_assert_cmpstr (message, ==, "“abc” is not a phone number");

  g_clear_pointer (&message, g_free);
  message = assert_fails ("  call me maybe  ", "US", REDIAL_PHONE_ERROR_INVALID);
  g_assert_cmpstr (message, ==, "“call me maybe” is not a phone number");

  for (gsize i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_autofree char *m = NULL;
      g_autofree char *escaped = g_strescape (garbage[i], NULL);

      g_test_message ("garbage: \"%s\"", escaped);
      m = assert_fails (garbage[i], "US", REDIAL_PHONE_ERROR_INVALID);
    }
}

/* Debian 12's metadata is from 2021: area codes opened since (645 in
 * Florida, 2023) fail IsValidNumber but are the right length, and are
 * numbers; a local number without its area code is not. */
static void
test_normalize_newer_than_metadata (void)
{
  g_autofree char *national = NULL;
  g_autofree char *region = NULL;

  assert_normalizes ("(645) 555-0123", "US", "+16455550123");
  assert_normalizes ("+1 645 555 0123", "GB", "+16455550123");
  assert_normalizes ("sip:+16455550123@pbx.example", "US", "+16455550123");
  national = redial_phone_format ("+16455550123", "US");
  g_assert_cmpstr (national, ==, "(645) 555-0123");
  region = redial_phone_region ("+16455550123");
  g_assert_cmpstr (region, ==, "US");
  g_free (assert_fails ("555-0123", "US", REDIAL_PHONE_ERROR_INVALID));
}

static void
test_normalize_hostile_input (void)
{
  g_autofree char *digits = NULL;
  g_autofree char *letters = NULL;
  g_autofree char *long_host = NULL;
  g_autofree char *host = NULL;
  g_autofree char *message = NULL;

  /* 10 KiB, whatever it is made of, is refused and not quoted back. */
  digits = g_strnfill (10 * 1024, '9');
  message = assert_fails (digits, "US", REDIAL_PHONE_ERROR_INVALID);
  g_assert_cmpstr (message, ==, "This text is too long to be a phone number");

  letters = g_strnfill (10 * 1024, 'a');
  g_clear_pointer (&message, g_free);
  message = assert_fails (letters, "US", REDIAL_PHONE_ERROR_INVALID);
  g_assert_cmpstr (message, ==, "This text is too long to be a phone number");

  /* The cap applies to the number, not to a long SIP host. */
  host = g_strnfill (10 * 1024, 'h');
  long_host = g_strconcat ("sip:+13125550118@", host, NULL);
  assert_normalizes (long_host, "US", "+13125550118");

  /* Invalid UTF-8 is refused before libphonenumber sees it, and the message
   * stays valid UTF-8. */
  g_clear_pointer (&message, g_free);
  message = assert_fails ("\xff\xfe" "3125550118", "US", REDIAL_PHONE_ERROR_INVALID);
  g_assert_cmpstr (message, ==, "The phone number arrived garbled and cannot be read");
  g_clear_pointer (&message, g_free);
  message = assert_fails ("312555\xc3", "US", REDIAL_PHONE_ERROR_INVALID);

  /* Markup is plain text to the parser: refused, quoted verbatim (the view
   * escapes it, as it escapes every GError message it shows). */
  g_clear_pointer (&message, g_free);
  message = assert_fails ("<b>3125550118</b>", "US", REDIAL_PHONE_ERROR_INVALID);
  g_assert_cmpstr (message, ==, "“<b>3125550118</b>” is not a phone number");
  g_clear_pointer (&message, g_free);
  message = assert_fails ("3125550118<script>alert(1)</script>", "US", REDIAL_PHONE_ERROR_INVALID);

  /* Control and bidi characters never reach the message. */
  g_clear_pointer (&message, g_free);
  message = assert_fails ("312\x1b[2J5550118", "US", REDIAL_PHONE_ERROR_INVALID);
  g_assert_null (strchr (message, '\x1b'));
  g_assert_cmpstr (message, ==, "“312\xef\xbf\xbd[2J5550118” is not a phone number");
  g_clear_pointer (&message, g_free);
  message = assert_fails ("\xe2\x80\xae" "abc", "US", REDIAL_PHONE_ERROR_INVALID);
  g_assert_cmpstr (message, ==, "“\xef\xbf\xbd" "abc” is not a phone number");
}

static void
test_normalize_bad_region (void)
{
  const char *regions[] = { "XX", "", "us", "ZZ", "001", "UK", "\xff" };
  g_autofree char *message = NULL;

  message = assert_fails ("3125550118", "XX", REDIAL_PHONE_ERROR_REGION);
  g_assert_cmpstr (message, ==,
                   "“XX” is not a country code that Redial knows; use a code such as “US” or “GB”");

  for (gsize i = 0; i < G_N_ELEMENTS (regions); i++)
    {
      g_autofree char *m = NULL;

      m = assert_fails ("3125550118", regions[i], REDIAL_PHONE_ERROR_REGION);
      /* A full international number still shows the bad setting. */
      g_clear_pointer (&m, g_free);
      m = assert_fails ("+13125550118", regions[i], REDIAL_PHONE_ERROR_REGION);
    }
}

static void
test_normalize_threads_worker (gpointer data,
                               gpointer user_data)
{
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *e164 = redial_phone_normalize ("+1 (312) 555-0118", "US", NULL);
      g_autofree char *national = redial_phone_format ("+442079460018", "GB");

      g_assert_cmpstr (e164, ==, "+13125550118");
      g_assert_cmpstr (national, ==, "020 7946 0018");
    }
}

static void
test_normalize_threads (void)
{
  GThreadPool *pool;

  /* Providers and imports normalise off the main loop. */
  pool = g_thread_pool_new (test_normalize_threads_worker, NULL, 8, TRUE, NULL);
  for (guint i = 0; i < 8; i++)
    g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);
}

static void
assert_formats (const char *e164,
                const char *home_region,
                const char *expected)
{
  g_autofree char *formatted = redial_phone_format (e164, home_region);

  g_assert_cmpstr (formatted, ==, expected);
}

static void
test_format_national_at_home (void)
{
  assert_formats ("+13125550118", "US", "(312) 555-0118");
  assert_formats ("+12125550110", "US", "(212) 555-0110");
  assert_formats ("+442079460018", "GB", "020 7946 0018");
  assert_formats ("+14165550199", "CA", "(416) 555-0199");
}

static void
test_format_international_abroad (void)
{
  assert_formats ("+442079460018", "US", "+44 20 7946 0018");
  assert_formats ("+13125550118", "GB", "+1 312-555-0118");
  /* Canada shares +1 but is another region. */
  assert_formats ("+14165550199", "US", "+1 416-555-0199");
  assert_formats ("+80012345678", "US", "+800 1234 5678");
  assert_formats ("+13125550118", NULL, "+1 312-555-0118");
}

static void
test_format_unparsable_is_copied (void)
{
  assert_formats (NULL, "US", NULL);
  assert_formats ("", "US", "");
  assert_formats ("abc", "US", "abc");
  assert_formats ("<b>x</b>", "US", "<b>x</b>");
  /* Not E.164: no default region is assumed. */
  assert_formats ("3125550118", "US", "3125550118");
}

static void
assert_region (const char *e164,
               const char *expected)
{
  g_autofree char *region = redial_phone_region (e164);

  g_assert_cmpstr (region, ==, expected);
}

static void
test_region (void)
{
  assert_region ("+13125550118", "US");
  assert_region ("+12125550110", "US");
  assert_region ("+14165550199", "CA");
  assert_region ("+442079460018", "GB");
  assert_region ("+80012345678", NULL);   /* international freephone: "001" */
  /* Not in the metadata, but a possible +1 number: its country's main region. */
  assert_region ("+15555555555", "US");
  assert_region ("+16455550123", "US");
  assert_region ("3125550118", NULL);
  assert_region ("abc", NULL);
  assert_region ("", NULL);
  assert_region (NULL, NULL);
}

static void
test_region_is_valid (void)
{
  g_assert_true (redial_phone_region_is_valid ("US"));
  g_assert_true (redial_phone_region_is_valid ("GB"));
  g_assert_true (redial_phone_region_is_valid ("CA"));
  g_assert_true (redial_phone_region_is_valid ("DE"));

  g_assert_false (redial_phone_region_is_valid ("us"));
  g_assert_false (redial_phone_region_is_valid ("UK"));
  g_assert_false (redial_phone_region_is_valid ("ZZ"));
  g_assert_false (redial_phone_region_is_valid ("001"));
  g_assert_false (redial_phone_region_is_valid ("XX"));
  g_assert_false (redial_phone_region_is_valid (""));
  g_assert_false (redial_phone_region_is_valid (NULL));
}

static void
test_round_trip (void)
{
  g_autofree char *e164 = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *again = NULL;

  /* What the queue shows can be typed back in and gives the same number. */
  e164 = redial_phone_normalize ("sip:13125550118@pbx", "US", NULL);
  shown = redial_phone_format (e164, "US");
  again = redial_phone_normalize (shown, "US", NULL);
  g_assert_cmpstr (shown, ==, "(312) 555-0118");
  g_assert_cmpstr (again, ==, e164);
}

static void
test_normalize_reads_back_as_itself (void)
{
  /* Found by fuzz-phone: twelve zeros in India became "+9100000000000",
   * which reads back as "+910000000000", so one caller would be two. */
  g_autofree char *message = assert_fails ("000000000000", "IN", REDIAL_PHONE_ERROR_INVALID);

  g_assert_cmpstr (message, ==, "“000000000000” is not a phone number");
  /* Real numbers with a leading zero after the country code keep it. */
  assert_normalizes ("02 1234 5678", "IT", "+390212345678");
  assert_normalizes ("+39 02 1234 5678", "US", "+390212345678");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/phone/normalize/us-national", test_normalize_us_national);
  g_test_add_func ("/phone/normalize/uk-national", test_normalize_uk_national);
  g_test_add_func ("/phone/normalize/international-prefix", test_normalize_international_prefix);
  g_test_add_func ("/phone/normalize/sip-and-tel-uri", test_normalize_uri);
  g_test_add_func ("/phone/normalize/extension-dropped", test_normalize_extension_dropped);
  g_test_add_func ("/phone/normalize/anonymous-is-empty", test_normalize_anonymous_is_empty);
  g_test_add_func ("/phone/normalize/garbage-is-invalid", test_normalize_garbage_is_invalid);
  g_test_add_func ("/phone/normalize/reads-back-as-itself", test_normalize_reads_back_as_itself);
  g_test_add_func ("/phone/normalize/newer-than-metadata", test_normalize_newer_than_metadata);
  g_test_add_func ("/phone/normalize/hostile-input", test_normalize_hostile_input);
  g_test_add_func ("/phone/normalize/bad-region", test_normalize_bad_region);
  g_test_add_func ("/phone/normalize/threads", test_normalize_threads);
  g_test_add_func ("/phone/format/national-at-home", test_format_national_at_home);
  g_test_add_func ("/phone/format/international-abroad", test_format_international_abroad);
  g_test_add_func ("/phone/format/unparsable-is-copied", test_format_unparsable_is_copied);
  g_test_add_func ("/phone/region", test_region);
  g_test_add_func ("/phone/region-is-valid", test_region_is_valid);
  g_test_add_func ("/phone/round-trip", test_round_trip);

  return g_test_run ();
}
