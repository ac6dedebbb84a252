/* test-contacts-import.c: vCard and CSV contact files, written to a temporary folder, imported into a real store. */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "redial-contacts-import.h"
#include "redial-text.h"
#include "redial-test-util.h"

typedef struct
{
  char        *dir;
  char        *db_path;
  RedialStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("redial-contacts-XXXXXX", &error);
  g_assert_no_error (error);
  f->db_path = g_build_filename (f->dir, "redial.db", NULL);
  f->store = redial_store_open (f->db_path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  redial_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db_path);
}

/* Writes @length bytes of @contents (-1: a string) to @name in the folder. */
static GFile *
write_file (Fixture    *f,
            const char *name,
            const char *contents,
            gssize      length)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, contents, length, &error));
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static RedialContactsImportResult *
import_ok (Fixture    *f,
           const char *name,
           const char *contents,
           gssize      length)
{
  g_autoptr(GFile) file = write_file (f, name, contents, length);
  g_autoptr(GError) error = NULL;
  RedialContactsImportResult *result;

  result = redial_contacts_import_file (f->store, file, "US", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  for (guint i = 0; i < MIN (result->skipped->len, 10); i++)
    g_test_message ("skipped: %s", (const char *) g_ptr_array_index (result->skipped, i));
  return result;
}

static void
assert_contact (Fixture    *f,
                const char *phone,
                const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialContact) contact = redial_store_find_contact (f->store, phone, &error);

  g_assert_no_error (error);
  g_assert_nonnull (contact);
  g_assert_cmpstr (redial_contact_get_name (contact), ==, name);
}

static void
assert_no_contact (Fixture    *f,
                   const char *phone)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialContact) contact = redial_store_find_contact (f->store, phone, &error);

  g_assert_no_error (error);
  g_assert_null (contact);
}

static void
assert_reason (RedialContactsImportResult *result,
               guint                       index,
               const char                 *expected)
{
  g_assert_cmpuint (index, <, result->skipped->len);
  g_assert_cmpstr (g_ptr_array_index (result->skipped, index), ==, expected);
}

static void
test_vcard_folding_and_several_numbers (Fixture       *f,
                                        gconstpointer  data)
{
  /* vCard 3.0 with CRLF: a name folded in the middle of "é" (RFC 6350
   * allows it), escaped commas, Apple's item groups, TYPE lists, a PHOTO
   * that runs long, and the same number written twice. */
  const char *vcf =
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "N:Garc\xc3\xad" "a;Jos\xc3\xa9;;;\r\n"
    "FN:Jos\xc3\r\n"
    " \xa9 Garc\xc3\xad\r\n"
    "\ta\r\n"
    "TEL;TYPE=CELL:(312) 555-0118\r\n"
    "TEL;TYPE=\"work,voice\":+1 312 555 0119\r\n"
    "item1.TEL;type=HOME;type=pref:312.555.0118\r\n"
    "item1.X-ABLabel:_$!<Home>!$_\r\n"
    "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD\r\n"
    " /2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "FN:Smith\\, Jr.\\nThe Plumber\r\n"
    "TEL;TYPE=cell:+44 20 7946 0018\r\n"
    "END:VCARD\r\n";
  /* vCard 4.0, LF only: numbers as tel: URIs, no FN but N; a card with
   * only an organisation. */
  const char *vcf4 =
    "BEGIN:VCARD\n"
    "VERSION:4.0\n"
    "N:Nguyen;Lan;Thi;Dr.;\n"
    "TEL;VALUE=uri;TYPE=\"voice,cell\":tel:+1-212-555-0110\n"
    "TEL;VALUE=uri;TYPE=work:tel:+1-212-555-0111;ext=102\n"
    "END:VCARD\n"
    "BEGIN:VCARD\n"
    "VERSION:4.0\n"
    "ORG:Hudson Roofing;Sales\n"
    "TEL:2125550112\n"
    "END:VCARD\n";
  /* vCard 2.1 as older phones export it: quoted-printable names with a
   * soft line break, in UTF-8 and in Latin-1. */
  const char *vcf21 =
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Mu=C3=B1oz;Mar=C3=ADa\r\n"
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Mar=C3=ADa Mu=\r\n"
    "=C3=B1oz\r\n"
    "TEL;CELL;PREF:+13125550120\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "FN;CHARSET=ISO-8859-1;QUOTED-PRINTABLE:Fran=E7ois L=E9ger\r\n"
    "TEL;HOME;VOICE:+1 312 555 0121\r\n"
    "END:VCARD\r\n";
  g_autoptr(RedialContactsImportResult) result = NULL;
  g_autoptr(RedialContactsImportResult) result4 = NULL;
  g_autoptr(RedialContactsImportResult) result21 = NULL;

  result = import_ok (f, "contacts.vcf", vcf, -1);
  g_assert_cmpuint (result->n_imported, ==, 3);
  g_assert_cmpuint (result->n_updated, ==, 0);
  g_assert_cmpuint (result->n_skipped, ==, 0);
  assert_contact (f, "+13125550118", "José García");
  assert_contact (f, "+13125550119", "José García");
  assert_contact (f, "+442079460018", "Smith, Jr. The Plumber");

  result4 = import_ok (f, "contacts4.vcf", vcf4, -1);
  g_assert_cmpuint (result4->n_imported, ==, 3);
  g_assert_cmpuint (result4->n_skipped, ==, 0);
  assert_contact (f, "+12125550110", "Lan Thi Nguyen");
  assert_contact (f, "+12125550111", "Lan Thi Nguyen");
  assert_contact (f, "+12125550112", "Hudson Roofing");

  result21 = import_ok (f, "contacts21.vcf", vcf21, -1);
  g_assert_cmpuint (result21->n_imported, ==, 2);
  assert_contact (f, "+13125550120", "María Muñoz");
  assert_contact (f, "+13125550121", "François Léger");
}

static void
test_vcard_nesting_errors (Fixture       *f,
                           gconstpointer  data)
{
  const char *vcf =
    "BEGIN:VCARD\n"                 /* 1: never ended */
    "FN:Lost Card\n"
    "TEL:+13125550130\n"
    "BEGIN:VCARD\n"                 /* 4 */
    "FN:Good Card\n"
    "TEL:+13125550131\n"
    "END:VCARD\n"
    "END:VCARD\n"                   /* 8: nothing to end */
    "BEGIN:VCARD\n"                 /* 9: no number */
    "FN:No Number\n"
    "EMAIL:someone@example.com\n"
    "END:VCARD\n"
    "BEGIN:VCARD\n"                 /* 13: one bad number of two */
    "FN:Half Good\n"
    "TEL:12\n"
    "TEL:+1 312 555 0132\n"
    "END:VCARD\n"
    "BEGIN:VCARD\n"                 /* 18: cut short */
    "FN:Cut Short\n"
    "TEL:+1312555";
  g_autoptr(RedialContactsImportResult) result = import_ok (f, "broken.vcf", vcf, -1);

  g_assert_cmpuint (result->n_imported, ==, 2);
  g_assert_cmpuint (result->n_skipped, ==, 5);
  assert_reason (result, 0, "Card at line 1 has no END:VCARD before the card at line 4; it was left out");
  assert_reason (result, 1, "Line 8: END:VCARD without a BEGIN:VCARD before it");
  assert_reason (result, 2, "Card at line 9 (No Number): no phone number");
  assert_reason (result, 3, "Card at line 13 (Half Good): “12” is not a phone number");
  assert_reason (result, 4, "Card at line 18 has no END:VCARD (the file may be cut short); it was left out");
  assert_contact (f, "+13125550131", "Good Card");
  assert_contact (f, "+13125550132", "Half Good");
  assert_no_contact (f, "+13125550130");
}

static void
test_csv_quotes_commas_semicolons (Fixture       *f,
                                   gconstpointer  data)
{
  /* Outlook's columns in its order: the name in parts, several phones,
   * a fax and a type column that are not numbers to import, quoted
   * commas, doubled quotes and a line break inside a quoted field. */
  const char *outlook =
    "First Name,Middle Name,Last Name,Company,Business Phone,Business Fax,Mobile Phone,Phone 1 - Type,Notes\r\n"
    "Ana,,\"Pérez, Jr.\",,,(312) 555-0140,312-555-0141,Mobile,\"said \"\"call after 5\"\"\"\r\n"
    "\"Bob\",Q.,Builder,\"Bob's Roofing, LLC\",+1 312 555 0142,,,,\"two\r\nlines\"\r\n"
    ",,,\"Acme, Inc.\",312 555 0143,,,,\r\n"
    "Carla,,Ruiz,,,,312 555 0144,,last row without line break";
  /* A European spreadsheet: semicolons, Spanish headers in another order,
   * decimal commas in another column, no final line break. */
  const char *spanish =
    "Teléfono;Apellidos;Nombre;Saldo\n"
    "+34 612 34 56 78;García López;Lucía;12,50\n"
    "\"+1 312 555 0150\";\"O;Brien\";Sean;0,00\n";
  /* Excel's hint line, and a single "Name" header. */
  const char *hinted =
    "sep=;\r\n"
    "Name;Cell\r\n"
    "Dee Dee;3125550160\r\n";
  g_autoptr(RedialContactsImportResult) result = NULL;
  g_autoptr(RedialContactsImportResult) result_es = NULL;
  g_autoptr(RedialContactsImportResult) result_hint = NULL;

  result = import_ok (f, "outlook.csv", outlook, -1);
  g_assert_cmpuint (result->n_imported, ==, 4);
  g_assert_cmpuint (result->n_skipped, ==, 0);
  assert_contact (f, "+13125550141", "Ana Pérez, Jr.");
  assert_no_contact (f, "+13125550140");  /* the fax */
  assert_contact (f, "+13125550142", "Bob Q. Builder");
  assert_contact (f, "+13125550143", "Acme, Inc.");
  assert_contact (f, "+13125550144", "Carla Ruiz");

  result_es = import_ok (f, "clientes.csv", spanish, -1);
  g_assert_cmpuint (result_es->n_imported, ==, 2);
  g_assert_cmpuint (result_es->n_skipped, ==, 0);
  assert_contact (f, "+34612345678", "Lucía García López");
  assert_contact (f, "+13125550150", "Sean O;Brien");

  result_hint = import_ok (f, "hinted.csv", hinted, -1);
  g_assert_cmpuint (result_hint->n_imported, ==, 1);
  assert_contact (f, "+13125550160", "Dee Dee");
}

static void
test_csv_encodings (Fixture       *f,
                    gconstpointer  data)
{
  /* "CSV UTF-8" from Excel starts with a byte-order mark. */
  const char *bom = "\xEF\xBB\xBFName,Phone\r\nZoë Adams,312 555 0170\r\n";
  /* Plain "CSV" from Excel on Windows is in Windows-1252: é is 0xE9, the
   * curly apostrophe 0x92. */
  const char *cp1252 = "Name,Phone\r\nRen\xE9\x92s Caf\xE9,312 555 0171\r\n";
  /* "Unicode Text" is UTF-16 with a byte-order mark, separated by tabs. */
  const char *utf16_text = "Name\tMobile\r\nMi-rae Kim\t312 555 0172\r\n";
  g_autofree gunichar2 *utf16 = NULL;
  g_autoptr(GByteArray) utf16_bytes = g_byte_array_new ();
  glong n_units;
  g_autoptr(RedialContactsImportResult) result_bom = NULL;
  g_autoptr(RedialContactsImportResult) result_cp1252 = NULL;
  g_autoptr(RedialContactsImportResult) result_utf16 = NULL;
  g_autoptr(RedialContactsImportResult) result_broken = NULL;
  /* UTF-8 with one broken byte keeps its other accents. */
  const char *broken = "Name,Phone\r\nJosé Núñez,312 555 0173\r\nBroken \xC3,312 555 0174\r\n";

  result_bom = import_ok (f, "bom.csv", bom, -1);
  g_assert_cmpuint (result_bom->n_imported, ==, 1);
  assert_contact (f, "+13125550170", "Zoë Adams");

  result_cp1252 = import_ok (f, "ansi.csv", cp1252, -1);
  g_assert_cmpuint (result_cp1252->n_imported, ==, 1);
  assert_contact (f, "+13125550171", "René’s Café");

  utf16 = g_utf8_to_utf16 (utf16_text, -1, NULL, &n_units, NULL);
  g_byte_array_append (utf16_bytes, (const guint8 *) "\xFF\xFE", 2);
  for (glong i = 0; i < n_units; i++)
    {
      guint8 pair[2] = { utf16[i] & 0xFF, utf16[i] >> 8 };

      g_byte_array_append (utf16_bytes, pair, 2);
    }
  result_utf16 = import_ok (f, "unicode.txt", (const char *) utf16_bytes->data, utf16_bytes->len);
  g_assert_cmpuint (result_utf16->n_imported, ==, 1);
  assert_contact (f, "+13125550172", "Mi-rae Kim");

  result_broken = import_ok (f, "broken.csv", broken, -1);
  g_assert_cmpuint (result_broken->n_imported, ==, 2);
  assert_contact (f, "+13125550173", "José Núñez");
  assert_contact (f, "+13125550174", "Broken \xEF\xBF\xBD");
}

static void
test_csv_bad_numbers_skipped_with_line_numbers (Fixture       *f,
                                                gconstpointer  data)
{
  const char *csv =
    "Name,Phone\n"
    "Good One,312 555 0180\n"
    "Too Short,555-01\n"
    "\n"
    "Words,call me maybe\n"
    "\"Multi\nLine\",\n"
    "Hidden,anonymous\n"
    ",312 555 0181\n"
    "Also Good,+1 (312) 555-0182 ::: 312 555 0183\n";
  g_autoptr(RedialContactsImportResult) result = import_ok (f, "bad.csv", csv, -1);

  g_assert_cmpuint (result->n_imported, ==, 4);
  g_assert_cmpuint (result->n_skipped, ==, 4);
  assert_reason (result, 0, "Line 3 (Too Short): “555-01” is not a phone number");
  assert_reason (result, 1, "Line 5 (Words): “call me maybe” is not a phone number");
  assert_reason (result, 2, "Line 6 (Multi Line): no phone number");
  assert_reason (result, 3, "Line 8 (Hidden): “anonymous” is not a phone number");
  assert_contact (f, "+13125550180", "Good One");
  /* A number without a name is still a known number. */
  assert_contact (f, "+13125550181", NULL);
  assert_contact (f, "+13125550182", "Also Good");
  assert_contact (f, "+13125550183", "Also Good");
}

static void
test_csv_without_header (Fixture       *f,
                         gconstpointer  data)
{
  const char *csv =
    "Jane Doe,jane@example.com,3125550190\n"
    "John Roe,john@example.com,(312) 555-0191\n"
    "Mary Major,,not known\n";
  /* Headers Redial does not know, then data it can still read. */
  const char *odd_header =
    "Who,Digits\n"
    "Kim Lee,3125550192\n";
  g_autoptr(RedialContactsImportResult) result = import_ok (f, "plain.csv", csv, -1);
  g_autoptr(RedialContactsImportResult) result_odd = import_ok (f, "odd.csv", odd_header, -1);

  g_assert_cmpuint (result->n_imported, ==, 2);
  g_assert_cmpuint (result->n_skipped, ==, 1);
  assert_reason (result, 0, "Line 3 (Mary Major): “not known” is not a phone number");
  assert_contact (f, "+13125550190", "Jane Doe");
  assert_contact (f, "+13125550191", "John Roe");

  g_assert_cmpuint (result_odd->n_imported, ==, 1);
  g_assert_cmpuint (result_odd->n_skipped, ==, 0);
  assert_contact (f, "+13125550192", "Kim Lee");
}

static void
test_csv_without_phone_column_refused (Fixture       *f,
                                       gconstpointer  data)
{
  const char *files[] = {
    "Name,Email\nJane Doe,jane@example.com\n",
    "just some words\nin a text file\nwith no numbers\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GFile) file = write_file (f, "nophone.csv", files[i], -1);
      g_autoptr(GError) error = NULL;
      g_autoptr(RedialContactsImportResult) result = NULL;

      result = redial_contacts_import_file (f->store, file, "US", NULL, &error);
      g_assert_null (result);
      g_assert_error (error, REDIAL_CONTACTS_IMPORT_ERROR, REDIAL_CONTACTS_IMPORT_ERROR_FORMAT);
      g_test_message ("%s", error->message);
    }
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_CONTACTS), ==, 0);
}

static void
test_duplicate_numbers_update (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *csv =
    "Name,Phone\n"
    "New Person,312 555 0200\n"
    "Old Name Replaced,312 555 0201\n"
    ",312 555 0202\n"
    "Same Twice,312 555 0203\n"
    "Same Twice Later,+13125550203\n";
  g_autoptr(RedialContactsImportResult) result = NULL;
  g_autoptr(RedialContactsImportResult) again = NULL;

  g_assert_true (redial_store_save_contact (f->store, "+13125550201", "Old Name", &error));
  g_assert_true (redial_store_save_contact (f->store, "+13125550202", "Kept Name", &error));
  g_assert_no_error (error);

  result = import_ok (f, "update.csv", csv, -1);
  g_assert_cmpuint (result->n_imported, ==, 2);
  g_assert_cmpuint (result->n_updated, ==, 3);
  g_assert_cmpuint (result->n_skipped, ==, 0);
  assert_contact (f, "+13125550200", "New Person");
  assert_contact (f, "+13125550201", "Old Name Replaced");
  /* A row without a name does not wipe the name out. */
  assert_contact (f, "+13125550202", "Kept Name");
  /* The later row of the file wins. */
  assert_contact (f, "+13125550203", "Same Twice Later");
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_CONTACTS), ==, 4);

  /* Importing the same file again adds nothing. */
  again = import_ok (f, "update.csv", csv, -1);
  g_assert_cmpuint (again->n_imported, ==, 0);
  g_assert_cmpuint (again->n_updated, ==, 5);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_CONTACTS), ==, 4);
}

static void
test_names_are_cleaned (Fixture       *f,
                        gconstpointer  data)
{
  /* A right-to-left override would show "Jane" as "enaJ" and hide what
   * follows; control characters and runs of spaces have no place in a row. */
  const char *csv =
    "Name,Phone\n"
    "\"\xE2\x80\xAEJane\xE2\x80\xAC   \x01" "Doe\t\",312 555 0210\n"
    "\"1234\",312 555 0211\n"
    "\"Unknown\",312 555 0212\n";
  g_autoptr(GString) long_name = g_string_new ("Name,Phone\n");
  g_autoptr(RedialContactsImportResult) result = NULL;
  g_autoptr(RedialContactsImportResult) long_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialContact) contact = NULL;

  result = import_ok (f, "names.csv", csv, -1);
  g_assert_cmpuint (result->n_imported, ==, 3);
  assert_contact (f, "+13125550210", "Jane Doe");
  assert_contact (f, "+13125550211", NULL);
  assert_contact (f, "+13125550212", NULL);

  for (guint i = 0; i < 2000; i++)
    g_string_append (long_name, "Bartholomew ");
  g_string_append (long_name, ",312 555 0213\n");
  long_result = import_ok (f, "long.csv", long_name->str, -1);
  g_assert_cmpuint (long_result->n_imported, ==, 1);
  contact = redial_store_find_contact (f->store, "+13125550213", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_utf8_strlen (redial_contact_get_name (contact), -1), <=, REDIAL_TEXT_NAME_MAX_CHARS);
}

static void
test_long_fields_and_rows (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("Name,Phone,Notes\n");
  g_autoptr(RedialContactsImportResult) result = NULL;

  /* Line 2: a 100 KiB note. Line 3: a number 200 digits long. Line 4:
   * 1500 columns. Then a good row, which must still be read. */
  g_string_append (csv, "Long Note,312 555 0220,\"");
  for (guint i = 0; i < 100 * 1024; i++)
    g_string_append_c (csv, 'x');
  g_string_append (csv, "\"\n");
  g_string_append (csv, "Long Number,");
  for (guint i = 0; i < 200; i++)
    g_string_append_c (csv, '5');
  g_string_append (csv, "\n");
  g_string_append (csv, "Wide Row,312 555 0221");
  for (guint i = 0; i < 1500; i++)
    g_string_append (csv, ",x");
  g_string_append (csv, "\n");
  g_string_append (csv, "After All,312 555 0222\n");

  result = import_ok (f, "long.csv", csv->str, csv->len);
  g_assert_cmpuint (result->n_imported, ==, 1);
  g_assert_cmpuint (result->n_skipped, ==, 3);
  assert_reason (result, 0, "Line 2: a field is longer than 64 KiB");
  g_assert_true (g_str_has_prefix (g_ptr_array_index (result->skipped, 1), "Line 3 (Long Number): “5555"));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (result->skipped, 1), "…” is not a phone number"));
  assert_reason (result, 2, "Line 4: the row has more than 1000 columns");
  assert_contact (f, "+13125550222", "After All");
}

static void
test_unclosed_quote (Fixture       *f,
                     gconstpointer  data)
{
  const char *csv =
    "Name,Phone\n"
    "Good,312 555 0230\n"
    "\"Oops,312 555 0231\n"
    "Lost,312 555 0232\n";
  g_autoptr(RedialContactsImportResult) result = import_ok (f, "quote.csv", csv, -1);

  g_assert_cmpuint (result->n_imported, ==, 1);
  g_assert_cmpuint (result->n_skipped, ==, 1);
  assert_reason (result, 0, "Line 3: a quoted field is not closed before the end of the file");
}

static void
test_reasons_capped (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("Name,Phone\n");
  g_autoptr(RedialContactsImportResult) result = NULL;

  for (guint i = 0; i < 500; i++)
    g_string_append_printf (csv, "Person %u,12%u\n", i, i);

  result = import_ok (f, "many.csv", csv->str, csv->len);
  g_assert_cmpuint (result->n_imported, ==, 0);
  g_assert_cmpuint (result->n_skipped, ==, 500);
  g_assert_cmpuint (result->skipped->len, ==, REDIAL_CONTACTS_IMPORT_MAX_REASONS);
}

static void
test_huge_file_refused (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "huge.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialContactsImportResult) result = NULL;
  int fd;

  /* A sparse file: its size is what counts, not its bytes. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, "Name,Phone\n", 11), ==, 11);
  g_assert_cmpint (ftruncate (fd, REDIAL_CONTACTS_IMPORT_MAX_BYTES + 1), ==, 0);
  close (fd);

  result = redial_contacts_import_file (f->store, file, "US", NULL, &error);
  g_assert_null (result);
  g_assert_error (error, REDIAL_CONTACTS_IMPORT_ERROR, REDIAL_CONTACTS_IMPORT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "20 MiB"));
}

static void
test_binary_garbage_refused (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261125);
  g_autoptr(GByteArray) garbage = g_byte_array_new ();
  /* A PNG header has no NUL in its first bytes, but control characters. */
  const char png[] = "\x89PNG\r\n\x1a\n\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0e\x0f\x10\x11\x12";
  const struct {
    const char *name;
    const char *data;
    gssize      length;
    int         code;
  } cases[] = {
    { "garbage.csv", NULL, 0, REDIAL_CONTACTS_IMPORT_ERROR_FORMAT },
    { "image.vcf", png, sizeof png - 1, REDIAL_CONTACTS_IMPORT_ERROR_FORMAT },
    { "empty.csv", "", 0, REDIAL_CONTACTS_IMPORT_ERROR_FORMAT },
    { "blank.csv", " \r\n\n  \n", -1, REDIAL_CONTACTS_IMPORT_ERROR_FORMAT },
    { "half.txt", "\xFF\xFE\x41", 3, REDIAL_CONTACTS_IMPORT_ERROR_FORMAT },
  };

  for (guint i = 0; i < 8192; i++)
    {
      guint8 byte = g_rand_int_range (rand, 0, 256);

      g_byte_array_append (garbage, &byte, 1);
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GFile) file = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(RedialContactsImportResult) result = NULL;

      if (cases[i].data == NULL)
        file = write_file (f, cases[i].name, (const char *) garbage->data, garbage->len);
      else
        file = write_file (f, cases[i].name, cases[i].data, cases[i].length);

      result = redial_contacts_import_file (f->store, file, "US", NULL, &error);
      g_assert_null (result);
      g_assert_error (error, REDIAL_CONTACTS_IMPORT_ERROR, cases[i].code);
      g_test_message ("%s: %s", cases[i].name, error->message);
    }
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_CONTACTS), ==, 0);
}

static void
test_unreadable_file_refused (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *missing_path = g_build_filename (f->dir, "missing.csv", NULL);
  g_autoptr(GFile) missing = g_file_new_for_path (missing_path);
  g_autoptr(GFile) folder = g_file_new_for_path (f->dir);
  g_autoptr(GFile) device = g_file_new_for_path ("/dev/zero");
  GFile *files[] = { missing, folder, device };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RedialContactsImportResult) result = NULL;

      result = redial_contacts_import_file (f->store, files[i], "US", NULL, &error);
      g_assert_null (result);
      g_assert_error (error, REDIAL_CONTACTS_IMPORT_ERROR, REDIAL_CONTACTS_IMPORT_ERROR_READ);
      g_assert_true (g_str_has_prefix (error->message, "Cannot read “"));
    }
}

static void
on_import_done (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  RedialContactsImportResult **result = user_data;
  g_autoptr(GError) error = NULL;

  *result = redial_contacts_import_finish (REDIAL_STORE (source), res, &error);
  g_assert_no_error (error);
}

static void
on_import_failed (GObject      *source,
                  GAsyncResult *res,
                  gpointer      user_data)
{
  GError **error = user_data;
  RedialContactsImportResult *result;

  result = redial_contacts_import_finish (REDIAL_STORE (source), res, error);
  g_assert_null (result);
}

static void
test_async_in_a_worker_thread (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("Name,Phone\n");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) garbage = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  RedialContactsImportResult *result = NULL;
  gint64 deadline;

  for (guint i = 0; i < 300; i++)
    g_string_append_printf (csv, "Person %u,+1 312 555 %04u\n", i, 1000 + i);
  file = write_file (f, "many.csv", csv->str, csv->len);

  redial_contacts_import_async (f->store, file, "US", NULL, on_import_done, &result);
  /* The store stays usable on this thread while the worker writes. */
  g_assert_true (redial_store_save_contact (f->store, "+13125559999", "Meanwhile", &error));
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (result == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_assert_nonnull (result);
  g_assert_cmpuint (result->n_imported, ==, 300);
  g_assert_cmpuint (result->n_skipped, ==, 0);
  /* The worker's writes are seen through this thread's store. */
  assert_contact (f, "+13125551000", "Person 0");
  assert_contact (f, "+13125551299", "Person 299");
  assert_contact (f, "+13125559999", "Meanwhile");
  g_clear_pointer (&result, redial_contacts_import_result_free);

  /* Errors and cancellation come back through _finish. */
  garbage = write_file (f, "garbage.bin", "\x00\x01\x02", 3);
  redial_contacts_import_async (f->store, garbage, "US", NULL, on_import_failed, &error);
  while (error == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, REDIAL_CONTACTS_IMPORT_ERROR, REDIAL_CONTACTS_IMPORT_ERROR_FORMAT);
  g_clear_error (&error);

  g_cancellable_cancel (cancellable);
  redial_contacts_import_async (f->store, file, "US", cancellable, on_import_failed, &error);
  while (error == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_async_on_the_stores_connection (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GFile) file = write_file (f, "two.csv", "Name,Phone\nAl,312 555 0101\nBo,312 555 0102\n", -1);
  g_autoptr(GError) error = NULL;
  RedialContactsImportResult *result = NULL;

  /* A database only this connection can see: the import must not open
   * another one. */
  g_clear_object (&f->store);
  f->store = redial_store_open (":memory:", &error);
  g_assert_no_error (error);

  redial_contacts_import_async (f->store, file, "US", NULL, on_import_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (result->n_imported, ==, 2);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_CONTACTS), ==, 2);
  assert_contact (f, "+13125550102", "Bo");
  redial_contacts_import_result_free (result);
}

static void
test_parse_without_store (void)
{
  const char *csv = "Name,Phone\nAl,020 7946 0019\nBo,x\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (csv, strlen (csv));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(RedialContactsImportResult) result = redial_contacts_import_result_new ();

  /* The business region reads national numbers. */
  contacts = redial_contacts_parse (bytes, "GB", result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, 1);
  g_assert_cmpstr (redial_contact_get_phone (g_ptr_array_index (contacts, 0)), ==, "+442079460019");
  g_assert_cmpstr (redial_contact_get_name (g_ptr_array_index (contacts, 0)), ==, "Al");
  g_assert_cmpuint (result->n_skipped, ==, 1);
  g_assert_cmpuint (result->n_imported, ==, 0);
}

static void
test_parse_empty_bytes (void)
{
  /* An empty file's bytes are NULL (found by fuzz-contacts under
   * UndefinedBehaviorSanitizer: they went to memchr()). */
  g_autoptr(GBytes) bytes = g_bytes_new (NULL, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) contacts = NULL;

  g_assert_null (g_bytes_get_data (bytes, NULL));
  contacts = redial_contacts_parse (bytes, "US", NULL, &error);
  g_assert_null (contacts);
  g_assert_error (error, REDIAL_CONTACTS_IMPORT_ERROR, REDIAL_CONTACTS_IMPORT_ERROR_FORMAT);
  g_assert_cmpstr (error->message, ==, "The file is empty.");
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/contacts-import/vcard/folding-and-several-numbers", test_vcard_folding_and_several_numbers);
  ADD ("/contacts-import/vcard/nesting-errors-skipped", test_vcard_nesting_errors);
  ADD ("/contacts-import/csv/quotes-commas-semicolons", test_csv_quotes_commas_semicolons);
  ADD ("/contacts-import/csv/bom-windows-1252-utf-16", test_csv_encodings);
  ADD ("/contacts-import/csv/bad-numbers-skipped-with-line-numbers", test_csv_bad_numbers_skipped_with_line_numbers);
  ADD ("/contacts-import/csv/without-header", test_csv_without_header);
  ADD ("/contacts-import/csv/without-phone-column-refused", test_csv_without_phone_column_refused);
  ADD ("/contacts-import/csv/long-fields-and-rows-skipped", test_long_fields_and_rows);
  ADD ("/contacts-import/csv/unclosed-quote-skipped", test_unclosed_quote);
  ADD ("/contacts-import/csv/reasons-capped", test_reasons_capped);
  ADD ("/contacts-import/store/duplicate-numbers-update", test_duplicate_numbers_update);
  ADD ("/contacts-import/store/names-cleaned", test_names_are_cleaned);
  ADD ("/contacts-import/file/huge-refused", test_huge_file_refused);
  ADD ("/contacts-import/file/binary-garbage-refused", test_binary_garbage_refused);
  ADD ("/contacts-import/file/unreadable-refused", test_unreadable_file_refused);
  ADD ("/contacts-import/async/in-a-worker-thread", test_async_in_a_worker_thread);
  ADD ("/contacts-import/async/on-the-stores-connection", test_async_on_the_stores_connection);
  g_test_add_func ("/contacts-import/parse/without-store", test_parse_without_store);
  g_test_add_func ("/contacts-import/parse/empty-bytes", test_parse_empty_bytes);

  return g_test_run ();
}
