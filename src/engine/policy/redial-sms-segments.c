/* redial-sms-segments.c: how many SMS segments a text takes, as carriers count and bill them. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include <string.h>

#include "redial-sms-segments.h"

/* The basic set of the GSM 7-bit default alphabet (3GPP TS 23.038,
 * 6.2.1), by code point. Position 0x1B is the escape to the extension
 * table, never a character of its own. */
static const gunichar gsm7_basic[] = {
  '@', 0x00A3, '$', 0x00A5, 0x00E8, 0x00E9, 0x00F9, 0x00EC,     /* @ £ $ ¥ è é ù ì */
  0x00F2, 0x00C7, '\n', 0x00D8, 0x00F8, '\r', 0x00C5, 0x00E5,   /* ò Ç LF Ø ø CR Å å */
  0x0394, '_', 0x03A6, 0x0393, 0x039B, 0x03A9, 0x03A0, 0x03A8,  /* Δ _ Φ Γ Λ Ω Π Ψ */
  0x03A3, 0x0398, 0x039E, 0x00C6, 0x00E6, 0x00DF, 0x00C9,       /* Σ Θ Ξ Æ æ ß É */
  ' ', '!', '"', '#', 0x00A4, '%', '&', '\'',                   /* ¤ where ASCII has $ */
  '(', ')', '*', '+', ',', '-', '.', '/',
  '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
  ':', ';', '<', '=', '>', '?',
  0x00A1,                                                       /* ¡ where ASCII has @ */
  'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M',
  'N', 'O', 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z',
  0x00C4, 0x00D6, 0x00D1, 0x00DC, 0x00A7,                       /* Ä Ö Ñ Ü § */
  0x00BF,                                                       /* ¿ */
  'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm',
  'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z',
  0x00E4, 0x00F6, 0x00F1, 0x00FC, 0x00E0,                       /* ä ö ñ ü à */
};

/* The extension table (6.2.1.1): each is sent as escape + character. */
static const gunichar gsm7_extension[] = {
  '\f', '^', '{', '}', '\\', '[', '~', ']', '|', 0x20AC,        /* … € */
};

G_STATIC_ASSERT (G_N_ELEMENTS (gsm7_basic) == 127);

guint
redial_sms_gsm7_septets (gunichar c)
{
  for (guint i = 0; i < G_N_ELEMENTS (gsm7_basic); i++)
    if (gsm7_basic[i] == c)
      return 1;
  for (guint i = 0; i < G_N_ELEMENTS (gsm7_extension); i++)
    if (gsm7_extension[i] == c)
      return 2;
  return 0;
}

/* Fills segments of @part units with characters of @costs[i] units each,
 * never splitting one across two segments. */
static guint
count_parts (const guint8 *costs,
             guint         n_costs,
             guint         part)
{
  guint n_segments = 1;
  guint used = 0;

  for (guint i = 0; i < n_costs; i++)
    {
      if (used + costs[i] > part)
        {
          n_segments++;
          used = 0;
        }
      used += costs[i];
    }

  return n_segments;
}

guint
redial_sms_segments (const char        *text,
                     RedialSmsEncoding *encoding,
                     guint             *n_units)
{
  g_autofree char *valid = NULL;
  g_autoptr(GByteArray) gsm7_costs = NULL;
  g_autoptr(GByteArray) ucs2_costs = NULL;
  gboolean gsm7 = TRUE;
  guint n_gsm7 = 0;
  guint n_ucs2 = 0;
  guint n_segments;

  g_return_val_if_fail (text != NULL, 0);

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  gsm7_costs = g_byte_array_new ();
  ucs2_costs = g_byte_array_new ();

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      guint8 septets = redial_sms_gsm7_septets (c);
      guint8 code_units = c > 0xFFFF ? 2 : 1;

      if (septets == 0)
        gsm7 = FALSE;
      if (gsm7)
        {
          g_byte_array_append (gsm7_costs, &septets, 1);
          n_gsm7 += septets;
        }
      g_byte_array_append (ucs2_costs, &code_units, 1);
      n_ucs2 += code_units;
    }

  if (gsm7)
    {
      if (n_gsm7 == 0)
        n_segments = 0;
      else if (n_gsm7 <= REDIAL_SMS_GSM7_SINGLE)
        n_segments = 1;
      else
        n_segments = count_parts (gsm7_costs->data, gsm7_costs->len, REDIAL_SMS_GSM7_PART);
    }
  else
    {
      if (n_ucs2 <= REDIAL_SMS_UCS2_SINGLE)
        n_segments = 1;
      else
        n_segments = count_parts (ucs2_costs->data, ucs2_costs->len, REDIAL_SMS_UCS2_PART);
    }

  if (encoding != NULL)
    *encoding = gsm7 ? REDIAL_SMS_ENCODING_GSM7 : REDIAL_SMS_ENCODING_UCS2;
  if (n_units != NULL)
    *n_units = gsm7 ? n_gsm7 : n_ucs2;
  return n_segments;
}
