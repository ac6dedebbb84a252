/* redial-settings.c: reading the settings keyfile, with errors that name the file, group and key. */
#include "config.h"

#define G_LOG_DOMAIN "redial-util"

#include <stdio.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "redial-settings.h"

gboolean
redial_settings_invalid (GError     **error,
                         GQuark       domain,
                         int          code,
                         const char  *source,
                         const char  *group,
                         const char  *key,
                         const char  *reason)
{
  if (key == NULL)
    g_set_error (error, domain, code,
                 /* Translators: "acme.conf: [sms]: reason" */
                 _("%s: [%s]: %s"), source, group, reason);
  else
    g_set_error (error, domain, code,
                 /* Translators: "acme.conf: [sms] from: reason" */
                 _("%s: [%s] %s: %s"), source, group, key, reason);
  return FALSE;
}

gboolean
redial_settings_read_string (GKeyFile     *keyfile,
                             const char   *source,
                             const char   *group,
                             const char   *key,
                             char        **out,
                             GQuark        domain,
                             int           code,
                             GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *value = NULL;

  g_return_val_if_fail (keyfile != NULL && out != NULL, FALSE);

  /* A value with a bad escape ("\e") comes back with an error set: it is
   * refused, not taken half read. */
  value = g_key_file_get_string (keyfile, group, key, &local_error);
  if (value == NULL || local_error != NULL)
    {
      if (g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND) ||
          g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND))
        return TRUE;
      return redial_settings_invalid (error, domain, code, source, group, key, local_error->message);
    }

  g_strstrip (value);
  g_free (*out);
  *out = g_steal_pointer (&value);
  return TRUE;
}

gboolean
redial_settings_parse_clock (const char *text,
                             guint      *minutes)
{
  guint hours, mins;
  char extra;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (minutes != NULL, FALSE);

  if (sscanf (text, "%u:%u%c", &hours, &mins, &extra) != 2 || mins > 59 || hours > 24 ||
      (hours == 24 && mins != 0))
    return FALSE;
  *minutes = hours * 60 + mins;
  return TRUE;
}

static gboolean
is_loopback (const char *hostname)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (hostname, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (hostname);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

char *
redial_settings_check_url (const char *text)
{
  g_autoptr(GUri) uri = g_uri_parse (text, SOUP_HTTP_URI_FLAGS, NULL);
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  char *url;
  gsize length;

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL ||
      !(g_strcmp0 (scheme, "https") == 0 ||
        (g_strcmp0 (scheme, "http") == 0 && is_loopback (g_uri_get_host (uri)))))
    return NULL;

  url = g_strdup (text);
  length = strlen (url);
  while (length > 0 && url[length - 1] == '/')
    url[--length] = '\0';
  return url;
}
