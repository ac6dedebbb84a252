/* redial-baresip-settings.c: reads and checks the [baresip] group of the settings. */
#include "config.h"

#define G_LOG_DOMAIN "redial-baresip"

#include <glib/gi18n.h>
#include <string.h>

#include "redial-baresip.h"
#include "redial-baresip-address.h"
#include "redial-baresip-settings.h"
#include "redial-settings.h"

#define DEFAULT_HOST "127.0.0.1"
#define DEFAULT_PORT 4444

static gboolean
invalid (GError     **error,
         const char  *source,
         const char  *key,
         const char  *reason)
{
  return redial_settings_invalid (error, REDIAL_BARESIP_ERROR, REDIAL_BARESIP_ERROR_CONFIG, source, "baresip", key, reason);
}

static gboolean
read_key (GKeyFile    *keyfile,
          const char  *source,
          const char  *key,
          GHashTable  *lines,
          char       **host,
          guint64     *port,
          char       **default_line,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *value = g_key_file_get_string (keyfile, "baresip", key, &local_error);

  /* A value with a bad escape comes back with an error set as well. */
  if (value == NULL || local_error != NULL)
    return invalid (error, source, key, local_error->message);
  g_strstrip (value);

  if (g_str_equal (key, "host"))
    {
      if (*value == '\0' || strlen (value) > 253 || strpbrk (value, " \t/[]") != NULL)
        return invalid (error, source, key, _("expected a host name or address, such as “127.0.0.1”"));
      g_free (*host);
      *host = g_steal_pointer (&value);
    }
  else if (g_str_equal (key, "port"))
    {
      if (!g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT16, port, NULL))
        return invalid (error, source, key, _("expected a port number between 1 and 65535"));
    }
  else if (g_str_equal (key, "line"))
    {
      if (!redial_baresip_looks_like_number (value))
        return invalid (error, source, key, _("expected a business phone number, such as “+1 312 555 0118”"));
      g_free (*default_line);
      *default_line = g_steal_pointer (&value);
    }
  else if (g_str_has_prefix (key, "account."))
    {
      g_autofree char *aor = redial_baresip_normalize_aor (key + strlen ("account."));

      if (aor == NULL)
        return invalid (error, source, key, _("expected a baresip account after “account.”, such as “account.sip:frontdesk@pbx.example.com”"));
      if (!redial_baresip_looks_like_number (value))
        return invalid (error, source, key, _("expected the business phone number this account answers, such as “+1 312 555 0118”"));
      g_hash_table_replace (lines, g_steal_pointer (&aor), g_steal_pointer (&value));
    }
  else
    g_message ("%s: ignoring unknown setting [baresip] %s", source, key);

  return TRUE;
}

gboolean
redial_baresip_settings_read (RedialBaresipSettings  *self,
                              GKeyFile               *keyfile,
                              const char             *source,
                              GError                **error)
{
  g_auto(GStrv) keys = NULL;
  guint64 port = DEFAULT_PORT;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (keyfile != NULL && source != NULL, FALSE);

  self->host = g_strdup (DEFAULT_HOST);
  self->lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  keys = g_key_file_get_keys (keyfile, "baresip", NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    if (!read_key (keyfile, source, keys[i], self->lines, &self->host, &port, &self->default_line, error))
      return FALSE;

  self->port = (guint16) port;
  return TRUE;
}

void
redial_baresip_settings_clear (RedialBaresipSettings *self)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->lines, g_hash_table_unref);
  g_clear_pointer (&self->default_line, g_free);
  self->port = 0;
}
