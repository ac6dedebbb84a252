/* redial-vcard-reader.c: vCard 2.1, 3.0 and 4.0 files read card by card: names and phone numbers. */
#include "config.h"

#define G_LOG_DOMAIN "redial-util"

#include <glib/gi18n.h>
#include <string.h>

#include "redial-encoding.h"
#include "redial-vcard-reader.h"

/* Limits on what one hostile file can make Redial hold. */
#define MAX_VALUE_BYTES (16 * 1024)   /* a name before decoding */
#define MAX_TEL_BYTES 128             /* a number before decoding */

typedef struct
{
  gboolean  open;
  guint     line;     /* of BEGIN:VCARD */
  char     *fn;
  char     *n;
  char     *org;
  GPtrArray *tels;    /* raw numbers */
  gboolean  too_many_tels;
} Card;

typedef struct
{
  RedialVcardFunc         on_card;
  RedialVcardProblemFunc  on_problem;
  gpointer                user_data;
} Reader;

static void problem (Reader     *reader,
                     const char *format,
                     ...) G_GNUC_PRINTF (2, 3);

static void
problem (Reader     *reader,
         const char *format,
         ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  reader->on_problem (text, reader->user_data);
}

static void
card_clear (Card *card)
{
  card->open = FALSE;
  g_clear_pointer (&card->fn, g_free);
  g_clear_pointer (&card->n, g_free);
  g_clear_pointer (&card->org, g_free);
  g_ptr_array_set_size (card->tels, 0);
  card->too_many_tels = FALSE;
}

typedef struct
{
  gboolean  quoted_printable;
  char     *charset;
} Params;

/* The first @c of [start, end) outside double quotes, or NULL. */
static const char *
find_unquoted (const char *start,
               const char *end,
               char        c)
{
  gboolean quoted = FALSE;

  for (const char *p = start; p < end; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (*p == c && !quoted)
        return p;
    }
  return NULL;
}

/* Reads the parameters between the property name and the colon:
 * "TYPE=cell,voice", vCard 2.1's bare "CELL" and "QUOTED-PRINTABLE",
 * "CHARSET=ISO-8859-1". Types need nothing: every number of a person
 * identifies them when they call. */
static void
parse_params (const char *start,
              const char *end,
              Params     *params)
{
  while (start < end)
    {
      const char *next = find_unquoted (start, end, ';');
      g_autofree char *param = g_strndup (start, (next != NULL ? next : end) - start);
      char *equals = strchr (param, '=');
      char *value = equals != NULL ? equals + 1 : param;

      if (equals != NULL)
        *equals = '\0';
      g_strstrip (param);
      g_strstrip (value);
      if (*value == '"' && strlen (value) >= 2 && value[strlen (value) - 1] == '"')
        {
          value[strlen (value) - 1] = '\0';
          value++;
        }

      if ((equals == NULL || g_ascii_strcasecmp (param, "ENCODING") == 0) &&
          g_ascii_strcasecmp (value, "QUOTED-PRINTABLE") == 0)
        params->quoted_printable = TRUE;
      else if (equals != NULL && g_ascii_strcasecmp (param, "CHARSET") == 0 && params->charset == NULL)
        params->charset = g_strdup (value);

      start = next != NULL ? next + 1 : end;
    }
}

static int
hex_value (char c)
{
  if (g_ascii_isxdigit (c))
    return g_ascii_xdigit_value (c);
  return -1;
}

/* Decodes "=C3=A9" into bytes; anything malformed is kept as written. */
static GString *
decode_quoted_printable (const char *value,
                         gsize       length)
{
  GString *out = g_string_sized_new (length);

  for (gsize i = 0; i < length; i++)
    {
      if (value[i] == '=' && i + 2 < length && hex_value (value[i + 1]) >= 0 && hex_value (value[i + 2]) >= 0)
        {
          g_string_append_c (out, (char) (hex_value (value[i + 1]) * 16 + hex_value (value[i + 2])));
          i += 2;
        }
      else
        g_string_append_c (out, value[i]);
    }
  return out;
}

/* The text of a value: quoted-printable and character set undone, at most
 * MAX_VALUE_BYTES of it. */
static char *
decode_value (const char   *value,
              gsize         length,
              const Params *params)
{
  g_autoptr(GString) bytes = NULL;

  length = MIN (length, MAX_VALUE_BYTES);
  if (params->quoted_printable)
    bytes = decode_quoted_printable (value, length);
  else
    bytes = g_string_new_len (value, length);

  return redial_encoding_to_utf8 (bytes->str, bytes->len, params->charset);
}

/* Undoes vCard text escapes (\, \; \\ \n) in [start, end); a line break
 * in a name is a space. */
static void
append_unescaped (GString    *out,
                  const char *start,
                  const char *end)
{
  for (const char *p = start; p < end; p++)
    {
      if (*p == '\\' && p + 1 < end)
        {
          p++;
          if (*p == 'n' || *p == 'N')
            g_string_append_c (out, ' ');
          else
            g_string_append_c (out, *p);
        }
      else
        g_string_append_c (out, *p);
    }
}

/* The components of a structured value (N, ORG), split on unescaped
 * semicolons, each unescaped. */
static GPtrArray *
split_components (const char *value)
{
  GPtrArray *components = g_ptr_array_new_with_free_func (g_free);
  const char *start = value;

  for (const char *p = value; ; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        {
          p++;
          continue;
        }
      if (*p == ';' || *p == '\0')
        {
          GString *component = g_string_new (NULL);

          append_unescaped (component, start, p);
          g_ptr_array_add (components, g_string_free (component, FALSE));
          if (*p == '\0')
            break;
          start = p + 1;
        }
    }
  return components;
}

/* N is family;given;additional;prefix;suffix: "given additional family". */
static char *
name_from_n (const char *n)
{
  g_autoptr(GPtrArray) parts = split_components (n);
  g_autoptr(GString) name = g_string_new (NULL);
  const guint order[] = { 1, 2, 0 };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      const char *part;

      if (order[i] >= parts->len)
        continue;
      part = g_ptr_array_index (parts, order[i]);
      if (*part == '\0')
        continue;
      if (name->len > 0)
        g_string_append_c (name, ' ');
      /* Several given or additional names are separated by commas. */
      for (const char *c = part; *c != '\0'; c++)
        g_string_append_c (name, *c == ',' ? ' ' : *c);
    }
  return g_string_free (g_steal_pointer (&name), FALSE);
}

/* Hands the card on with its names decoded and unescaped. */
static void
finish_card (Reader *reader,
             Card   *card)
{
  g_autoptr(GString) fn = NULL;
  g_autofree char *n = NULL;
  g_autoptr(GPtrArray) org = NULL;
  RedialVcard vcard = { card->line, NULL, NULL, NULL, card->tels, card->too_many_tels };

  if (card->fn != NULL)
    {
      fn = g_string_new (NULL);
      append_unescaped (fn, card->fn, card->fn + strlen (card->fn));
      vcard.fn = fn->str;
    }
  if (card->n != NULL)
    vcard.n = n = name_from_n (card->n);
  if (card->org != NULL)
    {
      org = split_components (card->org);
      vcard.org = g_ptr_array_index (org, 0);
    }

  reader->on_card (&vcard, reader->user_data);
  card_clear (card);
}

/* One unfolded content line: "item1.TEL;TYPE=cell:+1 312 555 0118". */
static void
vcard_line (Reader     *reader,
            Card       *card,
            const char *line,
            gsize       length,
            guint       line_no)
{
  const char *end = line + length;
  const char *colon = find_unquoted (line, end, ':');
  const char *name_end;
  const char *dot;
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;
  Params params = { FALSE, NULL };

  if (colon == NULL)
    {
      if (card->open && length > 0)
        g_debug ("Line %u: not a vCard property, ignored", line_no);
      return;
    }

  for (name_end = line; name_end < colon && *name_end != ';'; name_end++)
    ;
  /* "item1.TEL": Apple's groups say which label goes with which number. */
  for (dot = name_end; dot > line && dot[-1] != '.'; dot--)
    ;
  name = g_strstrip (g_strndup (dot, name_end - dot));

  if (g_ascii_strcasecmp (name, "BEGIN") == 0 || g_ascii_strcasecmp (name, "END") == 0)
    {
      g_autofree char *what = g_strstrip (g_strndup (colon + 1, MIN ((gsize) (end - colon - 1), 64)));

      if (g_ascii_strcasecmp (what, "VCARD") != 0)
        return;

      if (g_ascii_strcasecmp (name, "BEGIN") == 0)
        {
          if (card->open)
            {
              problem (reader, _("Card at line %u has no END:VCARD before the card at line %u; it was left out"),
                    card->line, line_no);
              card_clear (card);
            }
          card->open = TRUE;
          card->line = line_no;
        }
      else if (!card->open)
        problem (reader, _("Line %u: END:VCARD without a BEGIN:VCARD before it"), line_no);
      else
        finish_card (reader, card);
      return;
    }

  if (!card->open)
    return;

  if (g_ascii_strcasecmp (name, "FN") == 0 && card->fn == NULL)
    {
      parse_params (name_end, colon, &params);
      card->fn = decode_value (colon + 1, end - colon - 1, &params);
    }
  else if (g_ascii_strcasecmp (name, "N") == 0 && card->n == NULL)
    {
      parse_params (name_end, colon, &params);
      card->n = decode_value (colon + 1, end - colon - 1, &params);
    }
  else if (g_ascii_strcasecmp (name, "ORG") == 0 && card->org == NULL)
    {
      parse_params (name_end, colon, &params);
      card->org = decode_value (colon + 1, end - colon - 1, &params);
    }
  else if (g_ascii_strcasecmp (name, "TEL") == 0)
    {
      char *semicolon;

      if (card->tels->len >= REDIAL_VCARD_MAX_TELS)
        {
          card->too_many_tels = TRUE;
          return;
        }
      parse_params (name_end, colon, &params);
      value = decode_value (colon + 1, MIN ((gsize) (end - colon - 1), MAX_TEL_BYTES), &params);
      /* vCard 4.0 writes numbers as URIs: "tel:+1-312-555-0118;ext=12". */
      g_strstrip (value);
      if (g_ascii_strncasecmp (value, "tel:", 4) == 0)
        {
          memmove (value, value + 4, strlen (value + 4) + 1);
          if ((semicolon = strchr (value, ';')) != NULL)
            *semicolon = '\0';
        }
      g_ptr_array_add (card->tels, g_steal_pointer (&value));
    }

  g_free (params.charset);
}

/* Whether an unfolded line is a quoted-printable value that ends in a
 * soft line break ("=" at the end): vCard 2.1 continues it on the next
 * line without the leading space of ordinary folding. */
static gboolean
continues_quoted_printable (GString *line)
{
  const char *colon;
  g_autofree char *params = NULL;

  if (line->len == 0 || line->str[line->len - 1] != '=')
    return FALSE;
  colon = find_unquoted (line->str, line->str + line->len, ':');
  if (colon == NULL)
    return FALSE;
  params = g_ascii_strup (line->str, colon - line->str);
  return strstr (params, "QUOTED-PRINTABLE") != NULL;
}

/* Splits @data into lines at CRLF, LF or CR; returns the next line's
 * start and sets its length, or NULL at the end. */
static const char *
next_line (const char  *p,
           const char  *end,
           gsize       *length,
           const char **after)
{
  const char *eol = p;

  if (p >= end)
    return NULL;
  while (eol < end && *eol != '\n' && *eol != '\r')
    eol++;
  *length = eol - p;
  if (eol < end && *eol == '\r' && eol + 1 < end && eol[1] == '\n')
    eol++;
  *after = eol < end ? eol + 1 : end;
  return p;
}

void
redial_vcard_read (const char             *data,
                   gsize                   length,
                   RedialVcardFunc         on_card,
                   RedialVcardProblemFunc  on_problem,
                   gpointer                user_data)
{
  Reader reader = { on_card, on_problem, user_data };
  g_autoptr(GString) logical = g_string_new (NULL);
  const char *end = data + length;
  const char *p = data;
  const char *line;
  const char *after;
  gsize line_length;
  guint line_no = 0;
  guint logical_no = 0;
  Card card = { 0, };

  card.tels = g_ptr_array_new_with_free_func (g_free);

  /* Unfolding works on bytes, before any decoding: a folded line may be
   * cut in the middle of a UTF-8 sequence (RFC 6350, 3.2). */
  while ((line = next_line (p, end, &line_length, &after)) != NULL)
    {
      line_no++;
      p = after;

      if (logical_no > 0 && line_length > 0 && (line[0] == ' ' || line[0] == '\t'))
        {
          g_string_append_len (logical, line + 1, line_length - 1);
          continue;
        }
      if (logical_no > 0 && continues_quoted_printable (logical))
        {
          g_string_truncate (logical, logical->len - 1);
          g_string_append_len (logical, line, line_length);
          continue;
        }

      if (logical_no > 0)
        vcard_line (&reader, &card, logical->str, logical->len, logical_no);
      g_string_assign (logical, "");
      g_string_append_len (logical, line, line_length);
      logical_no = line_no;
    }
  if (logical_no > 0)
    vcard_line (&reader, &card, logical->str, logical->len, logical_no);

  if (card.open)
    problem (&reader, _("Card at line %u has no END:VCARD (the file may be cut short); it was left out"),
          card.line);
  card_clear (&card);
  g_ptr_array_unref (card.tels);
}

gboolean
redial_vcard_detect (const char *text,
                     gsize       length)
{
  gsize i = 0;

  while (i < length && g_ascii_isspace (text[i]))
    i++;
  return length - i >= 11 && g_ascii_strncasecmp (text + i, "BEGIN:VCARD", 11) == 0;
}
