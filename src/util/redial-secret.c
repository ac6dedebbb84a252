/* redial-secret.c: passwords and tokens: from the keyring, or a private file. */
#include "config.h"

#define G_LOG_DOMAIN "redial-util"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <sys/stat.h>
#include <unistd.h>

#include "redial-secret.h"

#define MAX_SECRET_BYTES 4096

G_DEFINE_QUARK (redial-secret-error-quark, redial_secret_error)

static const SecretSchema *
redial_secret_schema (void)
{
  static const SecretSchema schema = {
    "io.redial.Redial.Secret", SECRET_SCHEMA_NONE,
    {
      { "name", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };
  return &schema;
}

void
redial_secret_free (char *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

static char *
load_file (const char  *file,
           GError     **error)
{
  char buffer[MAX_SECRET_BYTES + 1];
  struct stat st;
  ssize_t n;
  char *end;
  char *secret;
  int fd;

  fd = open (file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, REDIAL_SECRET_ERROR, REDIAL_SECRET_ERROR_NOT_FOUND,
                   _("The secret file “%s” cannot be read: %s"), file, g_strerror (saved));
      return NULL;
    }

  /* Checked on the open file, so that it cannot be swapped in between. */
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || (st.st_mode & 077) != 0 ||
      st.st_uid != getuid ())
    {
      close (fd);
      g_set_error (error, REDIAL_SECRET_ERROR, REDIAL_SECRET_ERROR_UNSAFE,
                   _("The secret file “%s” is not private: make it yours and readable by you only (chmod 600)."),
                   file);
      return NULL;
    }

  n = read (fd, buffer, MAX_SECRET_BYTES + 1);
  close (fd);
  if (n < 0 || n > MAX_SECRET_BYTES)
    {
      explicit_bzero (buffer, sizeof buffer);
      g_set_error (error, REDIAL_SECRET_ERROR, REDIAL_SECRET_ERROR_INVALID,
                   _("The secret file “%s” is not a secret: it is too long or cannot be read."), file);
      return NULL;
    }
  buffer[n] = '\0';

  end = strpbrk (buffer, "\r\n");
  if (end != NULL)
    *end = '\0';

  if (buffer[0] == '\0' || !g_utf8_validate (buffer, -1, NULL))
    {
      explicit_bzero (buffer, sizeof buffer);
      g_set_error (error, REDIAL_SECRET_ERROR, REDIAL_SECRET_ERROR_INVALID,
                   _("The secret file “%s” is empty or not text."), file);
      return NULL;
    }

  secret = g_strdup (buffer);
  explicit_bzero (buffer, sizeof buffer);
  return secret;
}

char *
redial_secret_load (const char  *name,
                    const char  *file,
                    GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *secret;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (file != NULL)
    return load_file (file, error);

  secret = secret_password_lookup_sync (redial_secret_schema (), NULL, &local_error,
                                        "name", name, NULL);
  if (local_error != NULL)
    {
      g_set_error (error, REDIAL_SECRET_ERROR, REDIAL_SECRET_ERROR_KEYRING,
                   _("The keyring cannot be reached: %s"), local_error->message);
      return NULL;
    }
  if (secret == NULL)
    {
      g_set_error (error, REDIAL_SECRET_ERROR, REDIAL_SECRET_ERROR_NOT_FOUND,
                   _("No secret “%s” is saved in the keyring: enter it in Preferences."), name);
      return NULL;
    }

  /* libsecret's memory is its own: copy, then wipe and free it its way. */
  {
    char *copy = g_strdup (secret);
    secret_password_free (secret);
    return copy;
  }
}

gboolean
redial_secret_store (const char  *name,
                     const char  *label,
                     const char  *secret,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (label != NULL, FALSE);
  g_return_val_if_fail (secret != NULL, FALSE);

  if (!secret_password_store_sync (redial_secret_schema (), SECRET_COLLECTION_DEFAULT, label,
                                   secret, NULL, &local_error, "name", name, NULL))
    {
      g_set_error (error, REDIAL_SECRET_ERROR, REDIAL_SECRET_ERROR_KEYRING,
                   _("The secret could not be saved in the keyring: %s"), local_error->message);
      return FALSE;
    }

  return TRUE;
}
