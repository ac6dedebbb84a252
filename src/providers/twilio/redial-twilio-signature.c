/* redial-twilio-signature.c: checks that a webhook really comes from Twilio. */
#include "config.h"

#define G_LOG_DOMAIN "redial-twilio"

#include <string.h>

#include "redial-secret.h"
#include "redial-twilio-signature.h"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

char *
redial_twilio_signature_compute (const char *auth_token,
                                 const char *url,
                                 GHashTable *params)
{
  g_autoptr(GHmac) hmac = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint8 digest[20];
  gsize length = sizeof digest;

  g_return_val_if_fail (auth_token != NULL, NULL);
  g_return_val_if_fail (url != NULL, NULL);

  hmac = g_hmac_new (G_CHECKSUM_SHA1, (const guchar *) auth_token, strlen (auth_token));
  g_hmac_update (hmac, (const guchar *) url, -1);

  if (params != NULL)
    {
      GHashTableIter iter;
      gpointer name;

      g_hash_table_iter_init (&iter, params);
      while (g_hash_table_iter_next (&iter, &name, NULL))
        g_ptr_array_add (names, name);
      g_ptr_array_sort (names, compare_names);

      for (guint i = 0; i < names->len; i++)
        {
          const char *name_i = g_ptr_array_index (names, i);
          const char *value = g_hash_table_lookup (params, name_i);

          g_hmac_update (hmac, (const guchar *) name_i, -1);
          if (value != NULL)
            g_hmac_update (hmac, (const guchar *) value, -1);
        }
    }

  g_hmac_get_digest (hmac, digest, &length);
  return g_base64_encode (digest, length);
}

gboolean
redial_twilio_signature_is_valid (const char *auth_token,
                                  const char *url,
                                  GHashTable *params,
                                  const char *signature)
{
  g_autofree char *expected = NULL;
  gsize length;

  g_return_val_if_fail (auth_token != NULL, FALSE);
  g_return_val_if_fail (url != NULL, FALSE);

  if (signature == NULL)
    return FALSE;

  expected = redial_twilio_signature_compute (auth_token, url, params);
  length = strlen (expected);
  /* The length of a SHA-1 signature is public knowledge. */
  if (strlen (signature) != length)
    return FALSE;

  return redial_secret_equal (expected, signature, length);
}

char *
redial_twilio_signature_url (const char *public_url,
                             const char *path,
                             const char *query)
{
  g_autofree char *base = NULL;
  gsize length;

  g_return_val_if_fail (public_url != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  base = g_strdup (public_url);
  length = strlen (base);
  while (length > 0 && base[length - 1] == '/')
    base[--length] = '\0';

  if (query != NULL && *query != '\0')
    return g_strconcat (base, path, "?", query, NULL);
  return g_strconcat (base, path, NULL);
}
