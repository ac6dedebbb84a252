/* fuzz-phone.c: caller IDs as a phone system sends them: the number, normalized and formatted, and the name, cleaned. */
#include "config.h"

#include "redial-baresip-address.h"
#include "redial-fuzz.h"
#include "redial-phone.h"
#include "redial-text.h"

static const char * const regions[] = { "US", "GB", "MX", "ES", "DE", "IN", "AU", "ZZ" };

static void
check_name (const char *raw)
{
  g_autofree char *name = redial_text_clean_name (raw);
  g_autofree char *snippet = redial_text_clean_snippet (raw, 24);

  g_assert_nonnull (snippet);
  g_assert_true (g_utf8_validate (snippet, -1, NULL));
  /* Cut to 24 characters, and "…" after them. */
  g_assert_cmpuint (g_utf8_strlen (snippet, -1), <=, 24 + 1);
  if (name != NULL)
    {
      g_autofree char *again = redial_text_clean_name (name);

      g_assert_true (g_utf8_validate (name, -1, NULL));
      g_assert_cmpuint (g_utf8_strlen (name, -1), <=, REDIAL_TEXT_NAME_MAX_CHARS);
      /* A clean name stays as it is. */
      g_assert_cmpstr (again, ==, name);
    }
}

static void
check_number (const char *raw,
              const char *region)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *e164 = redial_phone_normalize (raw, region, &error);
  g_autofree char *formatted = NULL;
  g_autofree char *number_region = NULL;
  g_autofree char *again = NULL;

  g_assert_true ((e164 == NULL) == (error != NULL));
  if (e164 == NULL)
    return;

  g_assert_true (e164[0] == '+');
  for (const char *c = e164 + 1; *c != '\0'; c++)
    g_assert_true (g_ascii_isdigit (*c));

  formatted = redial_phone_format (e164, region);
  g_assert_nonnull (formatted);
  number_region = redial_phone_region (e164);
  /* A number in E.164 is the same number whatever the default region. */
  again = redial_phone_normalize (e164, "GB", NULL);
  g_assert_cmpstr (again, ==, e164);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  RedialFuzzInput input = { data, size };
  guint8 which = redial_fuzz_input_take_byte (&input);
  const char *region = regions[which % G_N_ELEMENTS (regions)];
  g_autofree char *text = g_strndup ((const char *) input.data, input.size);
  g_autofree char *caller = NULL;
  g_autofree char *aor = NULL;
  g_autofree char *target = NULL;

  redial_fuzz_init ();

  check_name (text);
  check_number (text, region);
  redial_phone_region_is_valid (text);

  /* The same text as a SIP address, as baresip reports callers. */
  caller = redial_baresip_caller_from_uri (text);
  if (caller != NULL)
    check_number (caller, region);
  aor = redial_baresip_normalize_aor (text);
  target = redial_baresip_dial_target (text);
  redial_baresip_looks_like_number (text);
  return 0;
}
