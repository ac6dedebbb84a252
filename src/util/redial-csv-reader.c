/* redial-csv-reader.c: comma-, semicolon- or tab-separated text read record by record, with RFC 4180 quoting. */
#include "config.h"

#define G_LOG_DOMAIN "redial-util"

#include <glib/gi18n.h>
#include <string.h>

#include "redial-csv-reader.h"

/* Limits on what one hostile file can make Redial hold. */
#define MAX_FIELD_BYTES (64 * 1024)   /* notes columns can be long */
#define MAX_COLUMNS 1000

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

void
redial_csv_reader_init (RedialCsvReader *reader,
                        const char      *text,
                        gsize            length)
{
  g_return_if_fail (reader != NULL);
  g_return_if_fail (text != NULL || length == 0);

  reader->p = text;
  reader->end = text + length;
  reader->line = 1;

  /* Spreadsheets write and read a first line "sep=;" naming the separator. */
  if (length >= 5 && g_ascii_strncasecmp (text, "sep=", 4) == 0 &&
      (length == 5 || text[5] == '\n' || text[5] == '\r'))
    {
      gsize skipped;

      reader->separator = text[4];
      skipped = (length > 6 && text[5] == '\r' && text[6] == '\n') ? 7 : MIN (length, 6);
      reader->p += skipped;
      reader->line++;
    }
  else
    reader->separator = guess_separator (reader->p, reader->end);
}

gboolean
redial_csv_reader_next (RedialCsvReader  *reader,
                        GPtrArray        *fields,
                        guint            *start_line,
                        const char      **problem)
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
