/* redial-ami-settings.c: reads and checks the [ami] group of the settings. */
#include "config.h"

#define G_LOG_DOMAIN "redial-ami"

#include <glib/gi18n.h>
#include <string.h>

#include "redial-ami.h"
#include "redial-ami-settings.h"
#include "redial-settings.h"

#define DEFAULT_PORT          5038
#define DEFAULT_CONTEXT       "from-internal"

static const char * const known_keys[] = {
  "host", "port", "username", "secret-file", "extension", "context",
  "inbound-contexts", "did-variable", NULL
};

static gboolean
invalid (GError     **error,
         const char  *source,
         const char  *key,
         const char  *reason)
{
  return redial_settings_invalid (error, REDIAL_AMI_ERROR, REDIAL_AMI_ERROR_INVALID_SETTING, source, "ami", key, reason);
}

static gboolean
only_chars (const char *value,
            const char *allowed_punctuation)
{
  for (; *value != '\0'; value++)
    if (!g_ascii_isalnum (*value) && strchr (allowed_punctuation, *value) == NULL)
      return FALSE;
  return TRUE;
}

/* Reads an optional string key into *@out, trimmed; a present key must
 * hold 1 to @max_length characters of letters, digits and @punctuation
 * (NULL: any printable text). */
static gboolean
read_key (GKeyFile    *keyfile,
          const char  *source,
          const char  *key,
          gsize        max_length,
          const char  *punctuation,
          const char  *what,
          char       **out,
          GError     **error)
{
  g_autofree char *value = NULL;

  if (!redial_settings_read_string (keyfile, source, "ami", key, &value,
                                    REDIAL_AMI_ERROR, REDIAL_AMI_ERROR_INVALID_SETTING, error))
    return FALSE;
  if (value == NULL)
    return TRUE;

  if (*value == '\0' || strlen (value) > max_length ||
      (punctuation != NULL && !only_chars (value, punctuation)))
    return invalid (error, source, key, what);
  for (const char *p = value; *p != '\0'; p++)
    if (g_ascii_iscntrl (*p))
      return invalid (error, source, key, what);

  g_free (*out);
  *out = g_steal_pointer (&value);
  return TRUE;
}

gboolean
redial_ami_settings_read (RedialAmiSettings  *self,
                          GKeyFile           *keyfile,
                          const char         *source,
                          GError            **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (keyfile, "ami", NULL, NULL);
  g_auto(GStrv) contexts = NULL;
  g_autofree char *port = NULL;
  g_autofree char *contexts_text = NULL;
  guint64 port_number = DEFAULT_PORT;

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    if (!g_strv_contains (known_keys, keys[i]))
      g_message ("%s: ignoring unknown setting [ami] %s", source, keys[i]);

  if (!read_key (keyfile, source, "host", 255, "-._:[]", _("expected a host name or address such as “pbx.example.com”"), &self->host, error) ||
      !read_key (keyfile, source, "port", 5, "", _("expected a port number between 1 and 65535"), &port, error) ||
      !read_key (keyfile, source, "username", 128, NULL, _("expected the AMI user name, on one line"), &self->username, error) ||
      !read_key (keyfile, source, "secret-file", 4096, NULL, _("expected the path of a file holding the secret"), &self->secret_file, error) ||
      !read_key (keyfile, source, "extension", 64, "*#+_.-", _("expected an extension such as “101”"), &self->extension, error) ||
      !read_key (keyfile, source, "context", 79, "_.-", _("expected a dialplan context such as “from-internal”"), &self->context, error) ||
      !read_key (keyfile, source, "inbound-contexts", 1024, "; _.-*?", _("expected dialplan contexts separated by “;”, such as “from-trunk*;from-pstn*”"), &contexts_text, error) ||
      !read_key (keyfile, source, "did-variable", 79, "_", _("expected a channel variable name such as “FROM_DID”"), &self->did_variable, error))
    return FALSE;

  if (self->host == NULL)
    return invalid (error, source, "host", _("the address of the Asterisk server is needed"));
  if (self->username == NULL)
    return invalid (error, source, "username", _("the AMI user name is needed"));
  if (port != NULL && !g_ascii_string_to_unsigned (port, 10, 1, 65535, &port_number, NULL))
    return invalid (error, source, "port", _("expected a port number between 1 and 65535"));
  self->port = (guint16) port_number;

  if (contexts_text != NULL)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      contexts = g_strsplit (contexts_text, ";", -1);
      for (guint i = 0; contexts[i] != NULL; i++)
        if (*g_strstrip (contexts[i]) != '\0')
          g_strv_builder_add (builder, contexts[i]);
      g_strfreev (contexts);
      contexts = g_strv_builder_end (builder);
      if (contexts[0] == NULL)
        return invalid (error, source, "inbound-contexts", _("name at least one context"));
      self->inbound_contexts = g_steal_pointer (&contexts);
    }

  if (self->context == NULL)
    self->context = g_strdup (DEFAULT_CONTEXT);

  if (self->did_variable == NULL)
    self->did_variable = g_strdup (REDIAL_AMI_DEFAULT_DID_VARIABLE);
  /* "__FROM_DID" and "FROM_DID" name the same variable. */
  {
    const char *bare = self->did_variable;
    char *copy;

    while (*bare == '_')
      bare++;
    if (*bare == '\0')
      return invalid (error, source, "did-variable", _("expected a channel variable name such as “FROM_DID”"));
    copy = g_strdup (bare);
    g_free (self->did_variable);
    self->did_variable = copy;
  }

  return TRUE;
}

void
redial_ami_settings_clear (RedialAmiSettings *self)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->secret_file, g_free);
  g_clear_pointer (&self->extension, g_free);
  g_clear_pointer (&self->context, g_free);
  g_clear_pointer (&self->did_variable, g_free);
  g_clear_pointer (&self->inbound_contexts, g_strfreev);
  self->port = 0;
}
