/* redial-text.c: untrusted text (caller ID, imported names) made safe to keep and show. */
#include "config.h"

#define G_LOG_DOMAIN "redial-util"

#include <string.h>

#include "redial-text.h"

/* Nothing longer is read: a name is short, and a hostile one can be huge. */
#define MAX_INPUT_BYTES 4096

static const char * const not_names[] = {
  "anonymous", "unknown", "restricted", "private", "unavailable",
  "wireless caller", "cell phone", "unknown name", "toll free call",
  "toll free", "out of area", "blocked",
};

/* Copies the readable characters of @raw into a new string, spaces
 * collapsed, at most @max_chars characters; says whether it stopped early
 * and whether any letter was seen. */
static char *
clean (const char *raw,
       guint       max_chars,
       gboolean   *has_letter,
       gboolean   *truncated)
{
  g_autofree char *valid = g_utf8_make_valid (raw, strnlen (raw, MAX_INPUT_BYTES));
  g_autoptr(GString) out = g_string_new (NULL);
  guint n_chars = 0;
  const char *p;

  *has_letter = FALSE;
  *truncated = FALSE;

  for (p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      /* Control and format characters (direction overrides among them) could
       * disguise a name; runs of spaces only waste the row. */
      if (type == G_UNICODE_CONTROL || type == G_UNICODE_FORMAT ||
          type == G_UNICODE_UNASSIGNED || type == G_UNICODE_PRIVATE_USE ||
          type == G_UNICODE_SURROGATE)
        {
          /* A line break or tab between words still separates them. */
          if (!g_unichar_isspace (c))
            continue;
        }

      if (n_chars >= max_chars)
        {
          *truncated = TRUE;
          break;
        }

      if (g_unichar_isspace (c))
        {
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            {
              g_string_append_c (out, ' ');
              n_chars++;
            }
          continue;
        }
      if (g_unichar_isalpha (c))
        *has_letter = TRUE;
      g_string_append_unichar (out, c);
      n_chars++;
    }

  g_strstrip (out->str);
  out->len = strlen (out->str);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
redial_text_clean_name (const char *raw)
{
  g_autofree char *name = NULL;
  gboolean has_letter;
  gboolean truncated;

  if (raw == NULL)
    return NULL;

  name = clean (raw, REDIAL_TEXT_NAME_MAX_CHARS, &has_letter, &truncated);

  /* A "name" without letters is a number or noise; the phone systems'
   * words for a hidden caller and the carriers' generic caller ID are no
   * name either: the number says more. */
  if (!has_letter)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (not_names); i++)
    if (g_ascii_strcasecmp (name, not_names[i]) == 0)
      return NULL;

  return g_steal_pointer (&name);
}

char *
redial_text_clean_snippet (const char *raw,
                           guint       max_chars)
{
  g_autofree char *text = NULL;
  gboolean has_letter;
  gboolean truncated;

  g_return_val_if_fail (raw != NULL, NULL);
  g_return_val_if_fail (max_chars > 0, NULL);

  text = clean (raw, max_chars, &has_letter, &truncated);
  if (truncated)
    return g_strconcat (text, "…", NULL);
  return g_steal_pointer (&text);
}

const char *
redial_text_find_phrase (const char         *text,
                         const char * const *phrases)
{
  g_autofree char *lower = NULL;

  if (text == NULL || phrases == NULL)
    return NULL;

  lower = g_utf8_strdown (text, -1);
  for (guint i = 0; phrases[i] != NULL; i++)
    {
      gsize len = strlen (phrases[i]);
      const char *hit;

      if (len == 0)
        continue;
      for (hit = strstr (lower, phrases[i]); hit != NULL; hit = strstr (hit + len, phrases[i]))
        {
          gboolean starts = hit == lower || !g_ascii_isalnum (hit[-1]);
          gboolean ends = !g_ascii_isalnum (hit[len]);

          if (starts && ends)
            return phrases[i];
        }
    }
  return NULL;
}

char *
redial_text_fold (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);
  g_autofree char *decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFD);
  GString *out;

  if (decomposed == NULL)
    return g_steal_pointer (&folded);
  out = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_ismark (c))
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

char *
redial_text_digits (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}
