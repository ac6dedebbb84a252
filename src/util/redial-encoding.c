/* redial-encoding.c: what text files from other programs are written in: byte-order marks, Windows-1252, binary. */
#include "config.h"

#define G_LOG_DOMAIN "redial-util"

#include <string.h>

#include "redial-encoding.h"

#define SNIFF_BYTES (64 * 1024)

/* Windows-1252, as spreadsheets on Windows save "CSV" by default: the
 * characters of 0x80–0x9F. The five undefined bytes keep their C1 code,
 * which name cleaning then drops. */
static const gunichar cp1252_high[32] = {
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static char *
from_cp1252 (const char *bytes,
             gsize       length)
{
  GString *out = g_string_sized_new (length + length / 8);

  for (gsize i = 0; i < length; i++)
    {
      guchar c = bytes[i];

      if (c < 0x80)
        g_string_append_c (out, c);
      else if (c < 0xA0)
        g_string_append_unichar (out, cp1252_high[c - 0x80]);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* Whether bytes that are not all valid UTF-8 still mostly are: a file
 * with one broken character keeps its other accents, while Windows-1252
 * text almost never holds a valid multi-byte sequence ("Ã©"). */
static gboolean
mostly_utf8 (const char *bytes,
             gsize       length)
{
  const char *p = bytes;
  const char *end = bytes + length;
  gsize n_valid = 0;
  gsize n_invalid = 0;

  while (p < end)
    {
      const char *stop;

      if (g_utf8_validate (p, end - p, &stop))
        stop = end;
      for (const char *q = p; q < stop; q++)
        if ((guchar) *q >= 0xC0)
          n_valid++;
      if (stop >= end)
        break;
      n_invalid++;
      p = stop + 1;
    }
  return n_valid > n_invalid;
}

char *
redial_encoding_to_utf8 (const char *bytes,
                         gsize       length,
                         const char *charset)
{
  if (charset != NULL && g_ascii_strcasecmp (charset, "UTF-8") != 0 &&
      g_ascii_strcasecmp (charset, "UTF8") != 0)
    {
      char *converted = g_convert (bytes, length, "UTF-8", charset, NULL, NULL, NULL);

      if (converted != NULL)
        return converted;
    }

  if (g_utf8_validate (bytes, length, NULL))
    return g_strndup (bytes, length);
  if (mostly_utf8 (bytes, length))
    return g_utf8_make_valid (bytes, length);
  return from_cp1252 (bytes, length);
}

gboolean
redial_encoding_looks_like_text (const char *data,
                                 gsize       length)
{
  gsize n = MIN (length, SNIFF_BYTES);
  gsize n_control = 0;

  /* An empty file's bytes may be NULL. */
  if (length > 0 && memchr (data, '\0', length) != NULL)
    return FALSE;

  for (gsize i = 0; i < n; i++)
    {
      guchar c = data[i];

      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
        n_control++;
    }
  return n_control < 4 || n_control * 50 <= n;
}

gboolean
redial_encoding_skip_bom (const char **bytes,
                          gsize       *length,
                          char       **converted)
{
  const char *data = *bytes;
  const char *from;

  g_return_val_if_fail (bytes != NULL && length != NULL && converted != NULL, FALSE);

  *converted = NULL;
  if (*length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      *bytes += 3;
      *length -= 3;
      return TRUE;
    }
  if (*length < 2 || (memcmp (data, "\xFF\xFE", 2) != 0 && memcmp (data, "\xFE\xFF", 2) != 0))
    return TRUE;

  from = data[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
  *converted = g_convert (data + 2, *length - 2, "UTF-8", from, NULL, length, NULL);
  if (*converted == NULL)
    return FALSE;
  *bytes = *converted;
  return TRUE;
}
