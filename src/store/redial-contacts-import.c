/* redial-contacts-import.c: contacts read from vCard and CSV files into the store. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include <glib/gi18n.h>
#include <string.h>

#include "redial-contacts-import.h"
#include "redial-phone.h"
#include "redial-text.h"

/* Limits on what one hostile file can make Redial hold or do. */
#define MAX_FIELD_BYTES (64 * 1024)   /* a CSV field; notes columns can be long */
#define MAX_COLUMNS 1000
#define MAX_VALUE_BYTES (16 * 1024)   /* a vCard name before decoding */
#define MAX_PHONE_BYTES 64
#define MAX_TELS_PER_CARD 100
#define SNIPPET_CHARS 32              /* of a bad number, quoted in a reason */
#define SNIFF_BYTES (64 * 1024)
#define READ_CHUNK_BYTES (256 * 1024)
#define SAMPLE_ROWS 50                /* rows looked at to find the columns of a file without header */

G_DEFINE_QUARK (redial-contacts-import-error-quark, redial_contacts_import_error)

typedef struct
{
  const char                 *region;
  RedialContactsImportResult *result;
  GPtrArray                  *contacts;  /* RedialContact */
} Parse;

static void skip (Parse      *parse,
                  const char *format,
                  ...) G_GNUC_PRINTF (2, 3);

static void
skip (Parse      *parse,
      const char *format,
      ...)
{
  va_list args;

  parse->result->n_skipped++;
  if (parse->result->skipped->len >= REDIAL_CONTACTS_IMPORT_MAX_REASONS)
    return;

  va_start (args, format);
  g_ptr_array_add (parse->result->skipped, g_strdup_vprintf (format, args));
  va_end (args);
}

/* Adds one contact per valid number of a row or card; @where ("Line 12",
 * "Card at line 40") and the name say which in the skip reasons. */
static void
add_numbers (Parse      *parse,
             const char *where,
             const char *name,
             GPtrArray  *numbers)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *label = NULL;
  gboolean any = FALSE;

  label = name != NULL ? g_strdup_printf ("%s (%s)", where, name) : g_strdup (where);

  for (guint i = 0; i < numbers->len; i++)
    {
      g_autofree char *raw = g_strstrip (g_strdup (g_ptr_array_index (numbers, i)));
      g_autofree char *phone = NULL;

      if (*raw == '\0')
        continue;
      any = TRUE;

      if (strlen (raw) <= MAX_PHONE_BYTES)
        phone = redial_phone_normalize (raw, parse->region, NULL);
      if (phone == NULL)
        {
          g_autofree char *snippet = redial_text_clean_snippet (raw, SNIPPET_CHARS);

          skip (parse, _("%s: “%s” is not a phone number"), label, snippet);
          continue;
        }

      /* One person's "(312) 555-0118" and "+1 312 555 0118" are one number. */
      if (g_hash_table_contains (seen, phone))
        continue;
      g_ptr_array_add (parse->contacts, redial_contact_new (0, phone, name));
      g_hash_table_add (seen, g_steal_pointer (&phone));
    }

  if (!any)
    skip (parse, _("%s: no phone number"), label);
}

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

/* Text in UTF-8 from bytes in @charset, or, when none is named, in UTF-8
 * if they are (mostly) valid and Windows-1252 otherwise. Never NULL. */
static char *
to_utf8 (const char *bytes,
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

/* vCard */

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

  return to_utf8 (bytes->str, bytes->len, params->charset);
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

static void
finish_card (Parse *parse,
             Card  *card)
{
  g_autofree char *name = NULL;
  g_autofree char *where = g_strdup_printf (_("Card at line %u"), card->line);

  if (card->fn != NULL)
    {
      g_autoptr(GString) fn = g_string_new (NULL);

      append_unescaped (fn, card->fn, card->fn + strlen (card->fn));
      name = redial_text_clean_name (fn->str);
    }
  if (name == NULL && card->n != NULL)
    {
      g_autofree char *from_n = name_from_n (card->n);

      name = redial_text_clean_name (from_n);
    }
  if (name == NULL && card->org != NULL)
    {
      g_autoptr(GPtrArray) parts = split_components (card->org);

      name = redial_text_clean_name (g_ptr_array_index (parts, 0));
    }

  add_numbers (parse, where, name, card->tels);
  if (card->too_many_tels)
    skip (parse, _("%s: more than %u phone numbers; the rest were left out"), where, MAX_TELS_PER_CARD);
  card_clear (card);
}

/* One unfolded content line: "item1.TEL;TYPE=cell:+1 312 555 0118". */
static void
vcard_line (Parse      *parse,
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
              skip (parse, _("Card at line %u has no END:VCARD before the card at line %u; it was left out"),
                    card->line, line_no);
              card_clear (card);
            }
          card->open = TRUE;
          card->line = line_no;
        }
      else if (!card->open)
        skip (parse, _("Line %u: END:VCARD without a BEGIN:VCARD before it"), line_no);
      else
        finish_card (parse, card);
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

      if (card->tels->len >= MAX_TELS_PER_CARD)
        {
          card->too_many_tels = TRUE;
          return;
        }
      parse_params (name_end, colon, &params);
      value = decode_value (colon + 1, MIN ((gsize) (end - colon - 1), MAX_PHONE_BYTES * 2), &params);
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

static void
parse_vcard (Parse      *parse,
             const char *data,
             gsize       length)
{
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
        vcard_line (parse, &card, logical->str, logical->len, logical_no);
      g_string_assign (logical, "");
      g_string_append_len (logical, line, line_length);
      logical_no = line_no;
    }
  if (logical_no > 0)
    vcard_line (parse, &card, logical->str, logical->len, logical_no);

  if (card.open)
    skip (parse, _("Card at line %u has no END:VCARD (the file may be cut short); it was left out"),
          card.line);
  card_clear (&card);
  g_ptr_array_unref (card.tels);
}

/* CSV */

typedef enum
{
  COLUMN_NONE,
  COLUMN_PHONE,
  COLUMN_FULL_NAME,
  COLUMN_FIRST_NAME,
  COLUMN_MIDDLE_NAME,
  COLUMN_LAST_NAME,
  COLUMN_COMPANY,
  COLUMN_NOMBRE,  /* Spanish: the first name beside "Apellidos", else the whole name */
} Column;

typedef struct
{
  const char *p;
  const char *end;
  char        separator;
  guint       line;
} CsvReader;

/* Reads the next record into @fields (char *). Sets @start_line and, for
 * a record that cannot be trusted, @problem. FALSE at the end. */
static gboolean
csv_next (CsvReader   *reader,
          GPtrArray   *fields,
          guint       *start_line,
          const char **problem)
{
  g_autoptr(GString) field = g_string_new (NULL);
  gboolean in_quotes = FALSE;
  gboolean quoted = FALSE;
  gboolean too_long = FALSE;
  gboolean too_wide = FALSE;

  if (reader->p >= reader->end)
    return FALSE;

  g_ptr_array_set_size (fields, 0);
  *start_line = reader->line;
  *problem = NULL;

  while (reader->p < reader->end)
    {
      char c = *reader->p;

      if (c == '\r' || c == '\n')
        {
          if (c == '\r' && reader->p + 1 < reader->end && reader->p[1] == '\n')
            reader->p++;
          reader->p++;
          reader->line++;
          if (!in_quotes)
            break;
          c = '\n';
        }
      else if (in_quotes && c == '"')
        {
          reader->p++;
          /* "" inside quotes is one quote; a lone one closes them. */
          if (reader->p < reader->end && *reader->p == '"')
            reader->p++;
          else
            {
              in_quotes = FALSE;
              continue;
            }
        }
      else if (!in_quotes && c == '"' && field->len == 0 && !quoted)
        {
          in_quotes = quoted = TRUE;
          reader->p++;
          continue;
        }
      else if (!in_quotes && c == reader->separator)
        {
          reader->p++;
          if (fields->len < MAX_COLUMNS)
            g_ptr_array_add (fields, g_strndup (field->str, field->len));
          else
            too_wide = TRUE;
          g_string_truncate (field, 0);
          quoted = FALSE;
          continue;
        }
      else
        reader->p++;

      if (field->len < MAX_FIELD_BYTES)
        g_string_append_c (field, c);
      else
        too_long = TRUE;
    }

  if (fields->len < MAX_COLUMNS)
    g_ptr_array_add (fields, g_strndup (field->str, field->len));
  else
    too_wide = TRUE;

  if (in_quotes)
    *problem = _("a quoted field is not closed before the end of the file");
  else if (too_long)
    *problem = _("a field is longer than 64 KiB");
  else if (too_wide)
    *problem = _("the row has more than 1000 columns");
  return TRUE;
}

/* Which separator the first line uses: the most frequent of comma,
 * semicolon (spreadsheets where the comma is the decimal mark) and tab. */
static char
guess_separator (const char *p,
                 const char *end)
{
  const char candidates[] = { ',', ';', '\t' };
  guint counts[G_N_ELEMENTS (candidates)] = { 0, };
  gboolean quoted = FALSE;
  char best = ',';
  guint best_count = 0;

  for (; p < end && (quoted || (*p != '\n' && *p != '\r')); p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted)
        for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
          if (*p == candidates[i])
            counts[i]++;
    }

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (counts[i] > best_count)
      {
        best = candidates[i];
        best_count = counts[i];
      }
  return best;
}

/* A header as words: lower case, accents and punctuation gone:
 * "Teléfono móvil" → "telefono movil", "Phone 1 - Value" → "phone 1 value". */
static char *
header_words (const char *cell)
{
  g_autofree char *valid = g_utf8_make_valid (cell, MIN (strlen (cell), 256));
  g_autofree char *decomposed = g_utf8_normalize (valid, -1, G_NORMALIZE_NFD);
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = decomposed; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;
      if (g_unichar_isalnum (c))
        g_string_append_unichar (out, g_unichar_tolower (c));
      else if (out->len > 0 && out->str[out->len - 1] != ' ')
        g_string_append_c (out, ' ');
    }
  g_strchomp (out->str);
  out->len = strlen (out->str);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static Column
classify_header (const char *cell)
{
  static const char * const ignored_words[] = {
    "type", "label", "ext", "extension", "fax", "pager", "country", "phonetic", "yomi", "tipo",
    "etiqueta", "title", "department", NULL
  };
  static const char * const phone_words[] = {
    "phone", "phones", "mobile", "telephone", "tel", "cell", "cellphone", "cellular", "telefono",
    "movil", "celular", "whatsapp", "landline", "tfno", NULL
  };
  static const char * const phone_headers[] = { "number", "numero", "no", "tel no", NULL };
  static const char * const company_words[] = { "company", "organization", "organisation", "empresa", "organizacion", NULL };
  static const char * const full_headers[] = {
    "name", "full name", "fullname", "display name", "contact", "contact name", "customer",
    "customer name", "client", "client name", "nombre completo", "nombre y apellidos", "cliente", NULL
  };
  static const char * const first_headers[] = {
    "first name", "firstname", "given name", "first", "given", "forename", "nombre de pila", NULL
  };
  static const char * const middle_headers[] = { "middle name", "additional name", "middle", "segundo nombre", NULL };
  static const char * const last_headers[] = {
    "last name", "lastname", "surname", "family name", "last", "family", "apellido", "apellidos", NULL
  };
  g_autofree char *header = header_words (cell);
  g_auto(GStrv) words = g_strsplit (header, " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    if (g_strv_contains (ignored_words, words[i]))
      return COLUMN_NONE;
  for (guint i = 0; words[i] != NULL; i++)
    if (g_strv_contains (phone_words, words[i]))
      return COLUMN_PHONE;
  if (g_strv_contains (phone_headers, header))
    return COLUMN_PHONE;
  for (guint i = 0; words[i] != NULL; i++)
    if (g_strv_contains (company_words, words[i]))
      return COLUMN_COMPANY;
  if (g_strv_contains (full_headers, header))
    return COLUMN_FULL_NAME;
  if (g_strv_contains (first_headers, header))
    return COLUMN_FIRST_NAME;
  if (g_strv_contains (middle_headers, header))
    return COLUMN_MIDDLE_NAME;
  if (g_strv_contains (last_headers, header))
    return COLUMN_LAST_NAME;
  if (g_str_equal (header, "nombre"))
    return COLUMN_NOMBRE;
  return COLUMN_NONE;
}

static gboolean
has_digit (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      return TRUE;
  return FALSE;
}

static gboolean
has_letter (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, MIN (strlen (text), 256));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalpha (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

static gboolean
is_blank_record (GPtrArray *fields)
{
  for (guint i = 0; i < fields->len; i++)
    if (!is_blank (g_ptr_array_index (fields, i)))
      return FALSE;
  return TRUE;
}

static gboolean
any_has_digit (GPtrArray *fields)
{
  for (guint i = 0; i < fields->len; i++)
    if (has_digit (g_ptr_array_index (fields, i)))
      return TRUE;
  return FALSE;
}

/* For a file without a header: phone columns are those where most
 * filled cells read as phone numbers, and the name is the first other
 * column with letters in most cells. */
static void
guess_columns (Parse      *parse,
               CsvReader   reader,
               GArray     *columns)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) filled = g_array_new (FALSE, TRUE, sizeof (guint));
  g_autoptr(GArray) phones = g_array_new (FALSE, TRUE, sizeof (guint));
  g_autoptr(GArray) lettered = g_array_new (FALSE, TRUE, sizeof (guint));
  const char *problem;
  guint start_line;
  guint n_rows = 0;
  gboolean have_name = FALSE;

  while (n_rows < SAMPLE_ROWS && csv_next (&reader, fields, &start_line, &problem))
    {
      if (problem != NULL || is_blank_record (fields))
        continue;
      n_rows++;
      if (fields->len > filled->len)
        {
          g_array_set_size (filled, fields->len);
          g_array_set_size (phones, fields->len);
          g_array_set_size (lettered, fields->len);
        }
      for (guint i = 0; i < fields->len; i++)
        {
          g_autofree char *cell = g_strstrip (g_strdup (g_ptr_array_index (fields, i)));
          g_autofree char *phone = NULL;

          if (*cell == '\0')
            continue;
          g_array_index (filled, guint, i)++;
          if (strlen (cell) <= MAX_PHONE_BYTES && has_digit (cell) &&
              (phone = redial_phone_normalize (cell, parse->region, NULL)) != NULL)
            g_array_index (phones, guint, i)++;
          else if (has_letter (cell))
            g_array_index (lettered, guint, i)++;
        }
    }

  g_array_set_size (columns, filled->len);
  for (guint i = 0; i < filled->len; i++)
    {
      guint n_filled = g_array_index (filled, guint, i);
      Column column = COLUMN_NONE;

      if (n_filled == 0)
        ;
      else if (g_array_index (phones, guint, i) * 2 >= n_filled)
        column = COLUMN_PHONE;
      else if (!have_name && g_array_index (lettered, guint, i) * 2 >= n_filled)
        {
          column = COLUMN_FULL_NAME;
          have_name = TRUE;
        }
      g_array_index (columns, Column, i) = column;
    }
}

static const char *
field_at (GPtrArray *fields,
          guint      i)
{
  return i < fields->len ? g_ptr_array_index (fields, i) : "";
}

static void
csv_row (Parse      *parse,
         GArray     *columns,
         GPtrArray  *fields,
         guint       line_no)
{
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) parts = g_string_new (NULL);
  g_autofree char *where = g_strdup_printf (_("Line %u"), line_no);
  g_autofree char *name = NULL;
  g_autofree char *full = NULL;
  g_autofree char *company = NULL;
  const Column part_order[] = { COLUMN_FIRST_NAME, COLUMN_MIDDLE_NAME, COLUMN_LAST_NAME };

  for (guint i = 0; i < columns->len; i++)
    {
      Column column = g_array_index (columns, Column, i);
      const char *value = field_at (fields, i);

      if (column == COLUMN_PHONE)
        {
          /* Google Contacts puts a person's several numbers in one cell. */
          g_auto(GStrv) pieces = g_strsplit (value, ":::", MAX_TELS_PER_CARD);

          for (guint j = 0; pieces[j] != NULL; j++)
            g_ptr_array_add (numbers, g_strdup (pieces[j]));
        }
      else if (column == COLUMN_FULL_NAME && full == NULL && !is_blank (value))
        full = g_strdup (value);
      else if (column == COLUMN_COMPANY && company == NULL && !is_blank (value))
        company = g_strdup (value);
    }

  for (guint k = 0; k < G_N_ELEMENTS (part_order); k++)
    for (guint i = 0; i < columns->len; i++)
      if (g_array_index (columns, Column, i) == part_order[k] && !is_blank (field_at (fields, i)))
        {
          if (parts->len > 0)
            g_string_append_c (parts, ' ');
          g_string_append (parts, field_at (fields, i));
        }

  if (full != NULL)
    name = redial_text_clean_name (full);
  if (name == NULL && parts->len > 0)
    name = redial_text_clean_name (parts->str);
  if (name == NULL && company != NULL)
    name = redial_text_clean_name (company);

  add_numbers (parse, where, name, numbers);
}

static gboolean
parse_csv (Parse       *parse,
           const char  *text,
           gsize        length,
           GError     **error)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) columns = g_array_new (FALSE, TRUE, sizeof (Column));
  CsvReader reader = { text, text + length, ',', 1 };
  gboolean header = FALSE;
  gboolean phone_column = FALSE;
  gboolean name_column = FALSE;
  gboolean last_name_column = FALSE;
  const char *problem = NULL;
  guint start_line;

  /* Spreadsheets write and read a first line "sep=;" naming the separator. */
  if (length >= 5 && g_ascii_strncasecmp (text, "sep=", 4) == 0 &&
      (length == 5 || text[5] == '\n' || text[5] == '\r'))
    {
      gsize skipped;

      reader.separator = text[4];
      skipped = (length > 6 && text[5] == '\r' && text[6] == '\n') ? 7 : MIN (length, 6);
      reader.p += skipped;
      reader.line++;
    }
  else
    reader.separator = guess_separator (reader.p, reader.end);

  /* The header row, if there is one. */
  {
    CsvReader first = reader;

    while (csv_next (&first, fields, &start_line, &problem) && is_blank_record (fields))
      reader = first;

    for (guint i = 0; i < fields->len && problem == NULL; i++)
      {
        Column column = classify_header (g_ptr_array_index (fields, i));

        g_array_append_val (columns, column);
        phone_column |= column == COLUMN_PHONE;
        last_name_column |= column == COLUMN_LAST_NAME;
        name_column |= column != COLUMN_NONE && column != COLUMN_PHONE;
      }

    if (phone_column)
      {
        header = TRUE;
        reader = first;
      }
    else if (name_column)
      {
        g_set_error (error, REDIAL_CONTACTS_IMPORT_ERROR, REDIAL_CONTACTS_IMPORT_ERROR_FORMAT,
                     _("The first row has no column of phone numbers; name one “Phone” or “Mobile”."));
        return FALSE;
      }
    else if (fields->len > 0 && problem == NULL && !any_has_digit (fields))
      {
        /* Headers Redial does not know: the columns are found from the data. */
        reader = first;
      }
  }

  if (header)
    {
      for (guint i = 0; i < columns->len; i++)
        if (g_array_index (columns, Column, i) == COLUMN_NOMBRE)
          g_array_index (columns, Column, i) = last_name_column ? COLUMN_FIRST_NAME : COLUMN_FULL_NAME;
    }
  else
    {
      g_array_set_size (columns, 0);
      guess_columns (parse, reader, columns);
      for (guint i = 0; i < columns->len; i++)
        phone_column |= g_array_index (columns, Column, i) == COLUMN_PHONE;
      if (!phone_column)
        {
          g_set_error (error, REDIAL_CONTACTS_IMPORT_ERROR, REDIAL_CONTACTS_IMPORT_ERROR_FORMAT,
                       _("No column of phone numbers was found; give the columns a header row "
                         "such as “Name” and “Phone”."));
          return FALSE;
        }
    }

  while (csv_next (&reader, fields, &start_line, &problem))
    {
      if (problem != NULL)
        {
          skip (parse, _("Line %u: %s"), start_line, problem);
          continue;
        }
      if (is_blank_record (fields))
        continue;
      csv_row (parse, columns, fields, start_line);
    }

  return TRUE;
}

/* Whole files */

/* Whether @data reads as text: no NUL, and hardly any other control
 * character than tab, line breaks and form feed, in its first part (a
 * stray one in a name is cleaned away later; images and archives have
 * many). */
static gboolean
looks_like_text (const char *data,
                 gsize       length)
{
  gsize n = MIN (length, SNIFF_BYTES);
  gsize n_control = 0;

  if (memchr (data, '\0', length) != NULL)
    return FALSE;

  for (gsize i = 0; i < n; i++)
    {
      guchar c = data[i];

      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
        n_control++;
    }
  return n_control < 4 || n_control * 50 <= n;
}

static gboolean
is_blank_n (const char *data,
            gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (data[i]))
      return FALSE;
  return TRUE;
}

static gboolean
starts_with_vcard (const char *text,
                   gsize       length)
{
  gsize i = 0;

  while (i < length && g_ascii_isspace (text[i]))
    i++;
  return length - i >= 11 && g_ascii_strncasecmp (text + i, "BEGIN:VCARD", 11) == 0;
}

RedialContactsImportResult *
redial_contacts_import_result_new (void)
{
  RedialContactsImportResult *result = g_new0 (RedialContactsImportResult, 1);

  result->skipped = g_ptr_array_new_with_free_func (g_free);
  return result;
}

void
redial_contacts_import_result_free (RedialContactsImportResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->skipped, g_ptr_array_unref);
  g_free (result);
}

GPtrArray *
redial_contacts_parse (GBytes                      *data,
                       const char                  *region,
                       RedialContactsImportResult  *result,
                       GError                     **error)
{
  g_autoptr(RedialContactsImportResult) own_result = NULL;
  g_autoptr(GPtrArray) contacts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *converted = NULL;
  g_autofree char *text = NULL;
  const char *bytes;
  gsize length;
  Parse parse;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (region != NULL, NULL);

  if (result == NULL)
    result = own_result = redial_contacts_import_result_new ();
  parse.region = region;
  parse.result = result;
  parse.contacts = contacts;

  bytes = g_bytes_get_data (data, &length);

  /* Byte-order marks: UTF-8 as "CSV UTF-8" saves it, UTF-16 as
   * "Unicode text" does. */
  if (length >= 3 && memcmp (bytes, "\xEF\xBB\xBF", 3) == 0)
    {
      bytes += 3;
      length -= 3;
    }
  else if (length >= 2 && (memcmp (bytes, "\xFF\xFE", 2) == 0 || memcmp (bytes, "\xFE\xFF", 2) == 0))
    {
      const char *from = bytes[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";

      converted = g_convert (bytes + 2, length - 2, "UTF-8", from, NULL, &length, NULL);
      if (converted == NULL)
        {
          g_set_error (error, REDIAL_CONTACTS_IMPORT_ERROR, REDIAL_CONTACTS_IMPORT_ERROR_FORMAT,
                       _("The file says it is UTF-16 text but is not."));
          return NULL;
        }
      bytes = converted;
    }

  if (!looks_like_text (bytes, length))
    {
      g_set_error (error, REDIAL_CONTACTS_IMPORT_ERROR, REDIAL_CONTACTS_IMPORT_ERROR_FORMAT,
                   _("This is not a text file; export the contacts as vCard (.vcf) or CSV (.csv)."));
      return NULL;
    }
  if (is_blank_n (bytes, length))
    {
      g_set_error (error, REDIAL_CONTACTS_IMPORT_ERROR, REDIAL_CONTACTS_IMPORT_ERROR_FORMAT,
                   _("The file is empty."));
      return NULL;
    }

  if (starts_with_vcard (bytes, length))
    parse_vcard (&parse, bytes, length);
  else
    {
      /* CSV from older spreadsheets is in the Windows code page. */
      text = to_utf8 (bytes, length, NULL);
      if (!parse_csv (&parse, text, strlen (text), error))
        return NULL;
    }

  return g_steal_pointer (&contacts);
}

/* Reads at most REDIAL_CONTACTS_IMPORT_MAX_BYTES of @file; whatever its
 * size claims, a file that goes on past that is refused. */
static void
set_read_error (GError     **error,
                GError      *local_error,
                const char  *name)
{
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_error_copy (local_error));
  else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_set_error (error, REDIAL_CONTACTS_IMPORT_ERROR, REDIAL_CONTACTS_IMPORT_ERROR_READ,
                 _("Cannot read “%s”: there is no such file."), name);
  else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    g_set_error (error, REDIAL_CONTACTS_IMPORT_ERROR, REDIAL_CONTACTS_IMPORT_ERROR_READ,
                 _("Cannot read “%s”: permission denied."), name);
  else
    g_set_error (error, REDIAL_CONTACTS_IMPORT_ERROR, REDIAL_CONTACTS_IMPORT_ERROR_READ,
                 _("Cannot read “%s”: %s"), name, local_error->message);
}

static GBytes *
read_file (GFile         *file,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GByteArray) buffer = NULL;
  g_autofree char *name = g_file_get_parse_name (file);
  gsize n_read = 0;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL)
    {
      set_read_error (error, local_error, name);
      return NULL;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, REDIAL_CONTACTS_IMPORT_ERROR, REDIAL_CONTACTS_IMPORT_ERROR_READ,
                   _("Cannot read “%s”: it is not a file."), name);
      return NULL;
    }
  if (g_file_info_get_size (info) > REDIAL_CONTACTS_IMPORT_MAX_BYTES)
    goto too_large;

  stream = g_file_read (file, cancellable, &local_error);
  if (stream == NULL)
    {
      set_read_error (error, local_error, name);
      return NULL;
    }

  /* Files under /proc and the like say 0 and hold more: read in chunks
   * until the end or one byte past the limit. */
  buffer = g_byte_array_sized_new (MIN (g_file_info_get_size (info), REDIAL_CONTACTS_IMPORT_MAX_BYTES) + 1);
  for (;;)
    {
      gsize used = buffer->len;
      gsize chunk = MIN (READ_CHUNK_BYTES, REDIAL_CONTACTS_IMPORT_MAX_BYTES + 1 - used);

      g_byte_array_set_size (buffer, used + chunk);
      if (!g_input_stream_read_all (G_INPUT_STREAM (stream), buffer->data + used, chunk,
                                    &n_read, cancellable, &local_error))
        {
          set_read_error (error, local_error, name);
          return NULL;
        }
      g_byte_array_set_size (buffer, used + n_read);
      if (buffer->len > REDIAL_CONTACTS_IMPORT_MAX_BYTES)
        goto too_large;
      if (n_read < chunk)
        break;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));

too_large:
  g_set_error (error, REDIAL_CONTACTS_IMPORT_ERROR, REDIAL_CONTACTS_IMPORT_ERROR_TOO_LARGE,
               _("“%s” is larger than %d MiB; split it into smaller files."),
               name, REDIAL_CONTACTS_IMPORT_MAX_BYTES / (1024 * 1024));
  return NULL;
}

/* Reads and parses @file into contacts, counting what was skipped in @result. */
static GPtrArray *
read_contacts (GFile                       *file,
               const char                  *region,
               RedialContactsImportResult  *result,
               GCancellable                *cancellable,
               GError                     **error)
{
  g_autoptr(GBytes) data = read_file (file, cancellable, error);

  if (data == NULL)
    return NULL;
  return redial_contacts_parse (data, region, result, error);
}

static void
log_result (RedialContactsImportResult *result)
{
  g_debug ("Imported %u contacts, updated %u, skipped %u",
           result->n_imported, result->n_updated, result->n_skipped);
}

RedialContactsImportResult *
redial_contacts_import_file (RedialStore   *store,
                             GFile         *file,
                             const char    *region,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(RedialContactsImportResult) result = NULL;
  g_autoptr(GPtrArray) contacts = NULL;

  g_return_val_if_fail (REDIAL_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (region != NULL, NULL);

  result = redial_contacts_import_result_new ();
  contacts = read_contacts (file, region, result, cancellable, error);
  if (contacts == NULL)
    return NULL;
  if (!redial_store_save_contacts (store, contacts, &result->n_imported, &result->n_updated,
                                   cancellable, error))
    return NULL;

  log_result (result);
  return g_steal_pointer (&result);
}

typedef struct
{
  GFile                      *file;
  char                       *region;
  RedialContactsImportResult *result;
  GPtrArray                  *contacts;
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_clear_object (&data->file);
  g_free (data->region);
  g_clear_pointer (&data->result, redial_contacts_import_result_free);
  g_clear_pointer (&data->contacts, g_ptr_array_unref);
  g_free (data);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ImportData *data = task_data;
  GError *error = NULL;

  data->contacts = read_contacts (data->file, data->region, data->result, cancellable, &error);
  if (data->contacts == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_saved (GObject      *source,
          GAsyncResult *res,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ImportData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!redial_store_save_contacts_finish (REDIAL_STORE (source), res, &data->result->n_imported,
                                          &data->result->n_updated, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  log_result (data->result);
  g_task_return_pointer (task, g_steal_pointer (&data->result),
                         (GDestroyNotify) redial_contacts_import_result_free);
}

static void
on_read (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ImportData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (res), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  redial_store_save_contacts_async (g_task_get_source_object (task), data->contacts,
                                    g_task_get_cancellable (task), on_saved,
                                    g_object_ref (task));
}

void
redial_contacts_import_async (RedialStore         *store,
                              GFile               *file,
                              const char          *region,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) read = NULL;
  ImportData *data;

  g_return_if_fail (REDIAL_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (region != NULL);

  data = g_new0 (ImportData, 1);
  data->file = g_object_ref (file);
  data->region = g_strdup (region);
  data->result = redial_contacts_import_result_new ();

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, redial_contacts_import_async);
  g_task_set_task_data (task, data, (GDestroyNotify) import_data_free);

  /* Reading and parsing touch no store: a worker thread of their own;
   * then the store saves in its own worker thread. */
  read = g_task_new (NULL, cancellable, on_read, g_object_ref (task));
  g_task_set_task_data (read, data, NULL);
  g_task_run_in_thread (read, read_thread);
}

RedialContactsImportResult *
redial_contacts_import_finish (RedialStore   *store,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (store), NULL);
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == redial_contacts_import_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
