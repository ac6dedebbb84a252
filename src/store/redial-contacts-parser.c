/* redial-contacts-parser.c: contacts (a name and its phone numbers) found in vCard and CSV files. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include <glib/gi18n.h>
#include <string.h>

#include "redial-contacts-parser.h"
#include "redial-csv-reader.h"
#include "redial-encoding.h"
#include "redial-phone.h"
#include "redial-text.h"
#include "redial-vcard-reader.h"

#define MAX_PHONE_BYTES 64
#define SNIPPET_CHARS 32              /* of a bad number, quoted in a reason */
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

/* vCard */

static void
on_card (const RedialVcard *card,
         gpointer           user_data)
{
  Parse *parse = user_data;
  g_autofree char *name = NULL;
  g_autofree char *where = g_strdup_printf (_("Card at line %u"), card->line);

  if (card->fn != NULL)
    name = redial_text_clean_name (card->fn);
  if (name == NULL && card->n != NULL)
    name = redial_text_clean_name (card->n);
  if (name == NULL && card->org != NULL)
    name = redial_text_clean_name (card->org);

  add_numbers (parse, where, name, card->tels);
  if (card->too_many_tels)
    skip (parse, _("%s: more than %u phone numbers; the rest were left out"), where, REDIAL_VCARD_MAX_TELS);
}

static void
on_card_problem (const char *problem,
                 gpointer    user_data)
{
  skip (user_data, "%s", problem);
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
               RedialCsvReader  reader,
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

  while (n_rows < SAMPLE_ROWS && redial_csv_reader_next (&reader, fields, &start_line, &problem))
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
          g_auto(GStrv) pieces = g_strsplit (value, ":::", REDIAL_VCARD_MAX_TELS);

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
  RedialCsvReader reader;
  gboolean header = FALSE;
  gboolean phone_column = FALSE;
  gboolean name_column = FALSE;
  gboolean last_name_column = FALSE;
  const char *problem = NULL;
  guint start_line;

  redial_csv_reader_init (&reader, text, length);

  /* The header row, if there is one. */
  {
    RedialCsvReader first = reader;

    while (redial_csv_reader_next (&first, fields, &start_line, &problem) && is_blank_record (fields))
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

  while (redial_csv_reader_next (&reader, fields, &start_line, &problem))
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

static gboolean
is_blank_n (const char *data,
            gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (data[i]))
      return FALSE;
  return TRUE;
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
  if (!redial_encoding_skip_bom (&bytes, &length, &converted))
    {
      g_set_error (error, REDIAL_CONTACTS_IMPORT_ERROR, REDIAL_CONTACTS_IMPORT_ERROR_FORMAT,
                   _("The file says it is UTF-16 text but is not."));
      return NULL;
    }

  if (!redial_encoding_looks_like_text (bytes, length))
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

  if (redial_vcard_detect (bytes, length))
    redial_vcard_read (bytes, length, on_card, on_card_problem, &parse);
  else
    {
      /* CSV from older spreadsheets is in the Windows code page. */
      text = redial_encoding_to_utf8 (bytes, length, NULL);
      if (!parse_csv (&parse, text, strlen (text), error))
        return NULL;
    }

  return g_steal_pointer (&contacts);
}
