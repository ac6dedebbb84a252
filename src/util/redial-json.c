/* redial-json.c: parses JSON that comes from outside Redial, within bounds. */
#include "config.h"

#define G_LOG_DOMAIN "redial-util"

#include <glib/gi18n.h>

#include "redial-json.h"

typedef enum
{
  SCAN_OK,
  SCAN_TOO_DEEP,
  SCAN_NOT_STANDARD,
} ScanResult;

static int
hex_value (const char *data,
           gsize       length,
           gsize       at)
{
  int value = 0;

  if (at + 4 > length)
    return -1;
  for (gsize i = at; i < at + 4; i++)
    {
      int digit = g_ascii_xdigit_value (data[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* The length of the escape at @at (just after its backslash), or 0 when it
 * is not one of RFC 8259: json-glib reads the others its own way, and may
 * read a quote as part of them. */
static gsize
escape_length (const char *data,
               gsize       length,
               gsize       at)
{
  int unit;

  if (at >= length)
    return 0;
  if (strchr ("\"\\/bfnrt", data[at]) != NULL && data[at] != '\0')
    return 1;
  if (data[at] != 'u')
    return 0;

  unit = hex_value (data, length, at + 1);
  if (unit < 0 || (unit >= 0xDC00 && unit <= 0xDFFF))
    return 0;
  if (unit < 0xD800 || unit > 0xDBFF)
    return 5;

  /* A high surrogate: json-glib reads on for its low half. */
  if (at + 7 > length || data[at + 5] != '\\' || data[at + 6] != 'u')
    return 0;
  unit = hex_value (data, length, at + 7);
  if (unit < 0xDC00 || unit > 0xDFFF)
    return 0;
  return 11;
}

/* Reads the text as JSON's tokens, without building anything, for the
 * deepest nesting. Outside strings only the characters of standard JSON
 * are let through, so nothing can open a string or comment that this scan
 * does not see. */
static ScanResult
scan (const char *data,
      gsize       length,
      guint       max_depth)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) data[i];

      if (in_string)
        {
          if (c == '"')
            in_string = FALSE;
          else if (c == '\\')
            {
              gsize skip = escape_length (data, length, i + 1);

              if (skip == 0)
                return SCAN_NOT_STANDARD;
              i += skip;
            }
          else if (c < 0x20)
            return SCAN_NOT_STANDARD;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > max_depth)
            return SCAN_TOO_DEEP;
          break;
        case ']':
        case '}':
          /* Unbalanced closers are the parser's to report. */
          if (depth > 0)
            depth--;
          break;
        case ' ': case '\t': case '\n': case '\r':
        case ',': case ':': case '-': case '+': case '.':
          break;
        default:
          /* Digits, exponents and the letters of true, false and null;
           * not "x" (hex numbers) nor anything that opens a comment or a
           * single-quoted string. */
          if (!g_ascii_isdigit (c) && strchr ("abcdefghijklmnopqrstuvwyzE", c) == NULL)
            return SCAN_NOT_STANDARD;
          break;
        }
    }

  return SCAN_OK;
}

JsonNode *
redial_json_parse (const char  *data,
                   gsize        length,
                   guint        max_depth,
                   GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A NUL byte fails this check too: JSON text never holds one. */
  if (length > G_MAXSSIZE || !g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           _("The JSON text is not UTF-8."));
      return NULL;
    }

  switch (scan (data, length, max_depth))
    {
    case SCAN_OK:
      break;
    case SCAN_TOO_DEEP:
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                   _("The JSON text is nested more than %u levels deep."), max_depth);
      return NULL;
    case SCAN_NOT_STANDARD:
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           _("The JSON text is not standard JSON: it holds a comment, a single-quoted string or a malformed escape."));
      return NULL;
    default:
      g_assert_not_reached ();
    }

  /* json-glib takes no data pointer for an empty text (an empty GBytes has none). */
  if (length == 0)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                           _("The JSON text is empty."));
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                           _("The JSON text is empty."));
      return NULL;
    }

  return json_node_ref (root);
}
