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

/* Opens @file when it is private; -1 with @error set otherwise. */
static int
open_private (const char  *file,
              GError     **error)
{
  struct stat st;
  int fd;

  /* O_NONBLOCK: opening a named pipe or a device must not wait for a
   * writer; what was opened is checked below, and only a regular file,
   * which never blocks, is read. */
  fd = open (file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, REDIAL_SECRET_ERROR, REDIAL_SECRET_ERROR_NOT_FOUND,
                   _("The secret file “%s” cannot be read: %s"), file, g_strerror (saved));
      return -1;
    }

  /* Checked on the open file, so that it cannot be swapped in between. */
  if (fstat (fd, &st) == 0 && !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, REDIAL_SECRET_ERROR, REDIAL_SECRET_ERROR_INVALID,
                   _("The secret file “%s” is not a regular file."), file);
      return -1;
    }
  if (fstat (fd, &st) != 0 || (st.st_mode & 077) != 0 || st.st_uid != getuid ())
    {
      close (fd);
      g_set_error (error, REDIAL_SECRET_ERROR, REDIAL_SECRET_ERROR_UNSAFE,
                   _("The secret file “%s” is not private: make it yours and readable by you only (chmod 600)."),
                   file);
      return -1;
    }

  return fd;
}

static char *
load_file (const char  *file,
           GError     **error)
{
  char buffer[MAX_SECRET_BYTES + 1];
  ssize_t n;
  char *end;
  char *secret;
  int fd;

  fd = open_private (file, error);
  if (fd < 0)
    return NULL;

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
      /* libsecret 0.20 fails without saying why when a locked keyring's
       * unlock prompt is dismissed. */
      g_set_error (error, REDIAL_SECRET_ERROR, REDIAL_SECRET_ERROR_KEYRING,
                   _("The secret could not be saved in the keyring: %s"),
                   local_error != NULL ? local_error->message : _("the keyring is locked"));
      return FALSE;
    }

  return TRUE;
}

gboolean
redial_secret_check_file (const char  *file,
                          GError     **error)
{
  int fd;

  g_return_val_if_fail (file != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  fd = open_private (file, error);
  if (fd < 0)
    return FALSE;
  close (fd);
  return TRUE;
}

typedef struct
{
  char *name;
  char *file;
} LoadData;

static void
load_data_free (gpointer data)
{
  LoadData *load = data;

  g_free (load->name);
  g_free (load->file);
  g_free (load);
}

static void
load_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  LoadData *load = task_data;
  GError *error = NULL;
  char *secret = redial_secret_load (load->name, load->file, &error);

  if (secret == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, secret, (GDestroyNotify) redial_secret_free);
}

void
redial_secret_load_async (const char          *name,
                          const char          *file,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *load;

  g_return_if_fail (name != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  load = g_new0 (LoadData, 1);
  load->name = g_strdup (name);
  load->file = g_strdup (file);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, redial_secret_load_async);
  g_task_set_task_data (task, load, load_data_free);
  g_task_run_in_thread (task, load_in_thread);
}

char *
redial_secret_load_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == redial_secret_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
redial_secret_equal (const void *a,
                     const void *b,
                     gsize       length)
{
  const guint8 *x = a;
  const guint8 *y = b;
  guint8 difference = 0;

  g_return_val_if_fail (a != NULL || length == 0, FALSE);
  g_return_val_if_fail (b != NULL || length == 0, FALSE);

  for (gsize i = 0; i < length; i++)
    difference |= (guint8) (x[i] ^ y[i]);
  return difference == 0;
}
