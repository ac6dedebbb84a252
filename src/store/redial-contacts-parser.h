/* redial-contacts-parser.h: contacts (a name and its phone numbers) found in vCard and CSV files. */
#pragma once

#include <gio/gio.h>

#include "redial-contact.h"

G_BEGIN_DECLS

#define REDIAL_CONTACTS_IMPORT_ERROR (redial_contacts_import_error_quark ())

typedef enum
{
  REDIAL_CONTACTS_IMPORT_ERROR_READ,       /* missing, unreadable, or not a regular file */
  REDIAL_CONTACTS_IMPORT_ERROR_TOO_LARGE,  /* over REDIAL_CONTACTS_IMPORT_MAX_BYTES */
  REDIAL_CONTACTS_IMPORT_ERROR_FORMAT,     /* not text, empty, or no column of phone numbers */
} RedialContactsImportError;

/* How many skip reasons are kept; n_skipped counts them all. */
#define REDIAL_CONTACTS_IMPORT_MAX_REASONS 200

/* What an import did. A contact is one phone number: a card or a row with
 * two numbers makes two contacts of the same name. */
typedef struct
{
  guint      n_imported;  /* numbers new to the store */
  guint      n_updated;   /* numbers the store (or an earlier row) had: the name is refreshed */
  guint      n_skipped;   /* numbers, rows or cards that could not be used */
  GPtrArray *skipped;     /* why, one sentence each (char *), in file order:
                           * "Line 12 (Jane Doe): “555-01” is not a phone number";
                           * at most REDIAL_CONTACTS_IMPORT_MAX_REASONS */
} RedialContactsImportResult;

GQuark      redial_contacts_import_error_quark  (void);

RedialContactsImportResult *redial_contacts_import_result_new  (void);
void        redial_contacts_import_result_free  (RedialContactsImportResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RedialContactsImportResult, redial_contacts_import_result_free)

/* Reads the contacts in @data, a vCard file (2.1, 3.0 or 4.0) or a CSV
 * file (comma, semicolon or tab separated, RFC 4180 quoting, with or
 * without a header row; UTF-8 with or without a byte-order mark, UTF-16
 * with one, or Windows-1252 as older spreadsheets save it). Numbers are
 * normalised to E.164 with @region (ISO 3166, "US") for those without a
 * country code; names are cleaned (redial_text_clean_name()). What cannot
 * be used is counted and explained in @result, which may be NULL. Returns
 * a GPtrArray of RedialContact (id 0) in file order, one per number, or
 * NULL with REDIAL_CONTACTS_IMPORT_ERROR_FORMAT when @data is no such
 * file at all: binary, empty, or with no column of phone numbers. */
GPtrArray  *redial_contacts_parse               (GBytes                      *data,
                                                 const char                  *region,
                                                 RedialContactsImportResult  *result,
                                                 GError                     **error);

G_END_DECLS
