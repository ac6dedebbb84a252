/* fuzz-template.c: a business's text templates: checked, rendered with untrusted values, counted in SMS segments. */
#include "config.h"

#include "redial-fuzz.h"
#include "redial-sms-segments.h"
#include "redial-template.h"
#include "redial-template-set.h"

static void
check_segments (const char *text)
{
  RedialSmsEncoding encoding;
  guint n_units = 0;
  guint n = redial_sms_segments (text, &encoding, &n_units);

  if (*text == '\0')
    {
      g_assert_cmpuint (n, ==, 0);
      return;
    }
  g_assert_cmpuint (n, >=, 1);
  /* A text that fits one message is one segment. */
  if (n_units <= (encoding == REDIAL_SMS_ENCODING_GSM7 ? REDIAL_SMS_GSM7_SINGLE : REDIAL_SMS_UCS2_SINGLE))
    g_assert_cmpuint (n, ==, 1);
  /* A segment holds at least one character. */
  g_assert_cmpuint (n, <=, n_units);
}

/* The input is: a value for each placeholder (caller names and the like
 * are untrusted), a language, then the template text; with the flag
 * byte's high bit, the whole rest is a templates file instead. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char * const names[] = { "business", "first_name", "agent", "booking_link", "hours", "slot_1", "slot_2" };
  RedialFuzzInput input = { data, size };
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialTemplate) template = NULL;
  g_autofree char *language = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *text = NULL;
  g_autofree char *rendered = NULL;
  guint8 flags;

  redial_fuzz_init ();

  flags = redial_fuzz_input_take_byte (&input);
  if (flags & 0x80)
    {
      g_autoptr(RedialTemplateSet) set = redial_template_set_new ();

      redial_template_set_load_data (set, (const char *) input.data, input.size, "fuzz.conf", NULL);
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (flags & (1 << i))
      g_hash_table_insert (values, (gpointer) names[i], redial_fuzz_input_take_string (&input, 64));
  language = redial_fuzz_input_take_string (&input, 16);
  text = g_strndup ((const char *) input.data, input.size);

  check_segments (text);
  canonical = redial_template_canonical_language (language);

  if (!redial_template_check (text, NULL))
    return 0;
  rendered = redial_template_render (text, values, &error);
  g_assert_true ((rendered == NULL) == (error != NULL));
  if (rendered != NULL)
    {
      g_assert_true (g_utf8_validate (rendered, -1, NULL));
      check_segments (rendered);
    }

  template = redial_template_new (REDIAL_TEMPLATE_USE_AFTER_HOURS, canonical != NULL ? canonical : "en",
                                  text, NULL, NULL);
  if (template != NULL)
    {
      g_autofree char *filled = redial_template_fill (template, values, NULL);

      g_assert_true (filled == NULL || g_utf8_validate (filled, -1, NULL));
    }
  return 0;
}
