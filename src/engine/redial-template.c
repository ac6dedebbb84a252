/* redial-template.c: texts with {placeholders}. */
#include "config.h"

#include <glib/gi18n.h>

#include "redial-template.h"

G_DEFINE_QUARK (redial-template-error-quark, redial_template_error)

static const char * const placeholders[] = {
  "business", "first_name", "agent", "booking_link", "hours", NULL
};

gboolean
redial_template_is_placeholder (const char *name)
{
  return name != NULL && g_strv_contains (placeholders, name);
}

/* Whether [start, end) reads as a placeholder name: lower-case letters,
 * digits and underscores. Anything else between braces is plain text. */
static gboolean
looks_like_name (const char *start,
                 const char *end)
{
  if (start == end)
    return FALSE;

  for (const char *p = start; p < end; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_')
      return FALSE;

  return TRUE;
}

/* Walks @text: appends plain text to @out (when not NULL) and each
 * placeholder's value; "{name|fallback}" uses the fallback when the value
 * is missing. */
static gboolean
expand (const char  *text,
        GHashTable  *values,
        GString     *out,
        GError     **error)
{
  const char *p = text;

  while (*p != '\0')
    {
      const char *close;
      const char *bar;
      g_autofree char *name = NULL;
      const char *value = NULL;

      if (*p != '{' || (close = strchr (p + 1, '}')) == NULL)
        {
          if (out != NULL)
            g_string_append_c (out, *p);
          p++;
          continue;
        }

      bar = memchr (p + 1, '|', close - p - 1);
      if (!looks_like_name (p + 1, bar != NULL ? bar : close))
        {
          if (out != NULL)
            g_string_append_c (out, *p);
          p++;
          continue;
        }

      name = g_strndup (p + 1, (bar != NULL ? bar : close) - p - 1);
      if (!redial_template_is_placeholder (name))
        {
          g_set_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_UNKNOWN_PLACEHOLDER,
                       _("The text uses {%s}, which Redial does not know."), name);
          return FALSE;
        }

      if (values != NULL)
        value = g_hash_table_lookup (values, name);
      if (out != NULL)
        {
          if (value != NULL && *value != '\0')
            g_string_append (out, value);
          else if (bar != NULL)
            g_string_append_len (out, bar + 1, close - bar - 1);
          else
            {
              g_set_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_MISSING_VALUE,
                           _("The text needs {%s}, which is not known here."), name);
              return FALSE;
            }
        }
      p = close + 1;
    }

  return TRUE;
}

gboolean
redial_template_check (const char  *text,
                       GError     **error)
{
  g_return_val_if_fail (text != NULL, FALSE);
  return expand (text, NULL, NULL, error);
}

char *
redial_template_render (const char  *text,
                        GHashTable  *values,
                        GError     **error)
{
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (values != NULL, NULL);

  out = g_string_sized_new (strlen (text) + 32);
  if (!expand (text, values, out, error))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}
