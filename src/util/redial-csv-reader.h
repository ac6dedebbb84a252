/* redial-csv-reader.h: comma-, semicolon- or tab-separated text read record by record, with RFC 4180 quoting. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where reading stands; a copy reads on from the same place, so a
 * caller can look ahead and come back. */
typedef struct
{
  const char *p;
  const char *end;
  char        separator;
  guint       line;       /* of p, from 1 */
} RedialCsvReader;

/* Starts reading @text: the separator is the one a first line "sep=;"
 * names (as spreadsheets write it; the line is skipped), or else the
 * most frequent of comma, semicolon and tab on the first line. @text
 * must outlive @reader. */
void     redial_csv_reader_init (RedialCsvReader  *reader,
                                 const char       *text,
                                 gsize             length);
/* Reads the next record into @fields (emptied first; char *, at most
 * 1000 of 64 KiB each), with quoted line breaks kept. Sets @start_line
 * and, for a record that cannot be trusted (a quote left open, a field
 * or row over the limits), @problem to a sentence for people; NULL
 * otherwise. FALSE at the end of the text. */
gboolean redial_csv_reader_next (RedialCsvReader  *reader,
                                 GPtrArray        *fields,
                                 guint            *start_line,
                                 const char      **problem);

G_END_DECLS
