/* fuzz-contacts.c: a contacts file to import, vCard or CSV, in any encoding. */
#include "config.h"

#include "redial-contacts-parser.h"
#include "redial-fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* An empty file reads as no data at all, as g_file_load_bytes() gives it. */
  g_autoptr(GBytes) bytes = size > 0 ? g_bytes_new (data, size) : g_bytes_new (NULL, 0);
  g_autoptr(RedialContactsImportResult) result = redial_contacts_import_result_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) contacts = NULL;

  redial_fuzz_init ();

  contacts = redial_contacts_parse (bytes, "US", result, &error);
  g_assert_true ((contacts == NULL) == (error != NULL));
  if (contacts == NULL)
    return 0;

  for (guint i = 0; i < contacts->len; i++)
    {
      RedialContact *contact = g_ptr_array_index (contacts, i);
      const char *name = redial_contact_get_name (contact);

      g_assert_true (g_str_has_prefix (redial_contact_get_phone (contact), "+"));
      g_assert_true (name == NULL || g_utf8_validate (name, -1, NULL));
    }
  g_assert_cmpuint (result->skipped->len, <=, REDIAL_CONTACTS_IMPORT_MAX_REASONS);
  for (guint i = 0; i < result->skipped->len; i++)
    g_assert_true (g_utf8_validate (g_ptr_array_index (result->skipped, i), -1, NULL));
  return 0;
}
