/* redial-private-file.c: files only their owner may read: the database, its journals and Redial's state files.
 *
 * They hold callers' numbers and texts, or where reading them stopped; in
 * a folder others can reach (a shared [store] path), the umask's usual
 * 0644 would let every local user read them. */
#include "config.h"

#define G_LOG_DOMAIN "redial-util"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "redial-private-file.h"

#define PRIVATE_MODE 0600

static gboolean
set_errno_error (GError     **error,
                 int          saved,
                 const char  *format,
                 const char  *path)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), format, path, g_strerror (saved));
  return FALSE;
}

gboolean
redial_private_file_ensure (const char  *path,
                            gboolean     create,
                            GError     **error)
{
  GStatBuf info;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_stat (path, &info) != 0)
    {
      int saved = errno;
      int fd;

      if (saved != ENOENT)
        return set_errno_error (error, saved, _("“%s” cannot be read: %s"), path);
      if (!create)
        return TRUE;

      /* O_EXCL: a file that appeared meanwhile is checked, not trusted. */
      fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, PRIVATE_MODE);
      if (fd < 0 && errno == EEXIST)
        return redial_private_file_ensure (path, FALSE, error);
      if (fd < 0)
        return set_errno_error (error, errno, _("“%s” cannot be created: %s"), path);
      close (fd);
      return TRUE;
    }

  if (!S_ISREG (info.st_mode) || (info.st_mode & 0077) == 0)
    return TRUE;

  /* A file someone else owns cannot be changed: said, and still used, as
   * refusing it would stop Redial from hearing about calls. */
  if (g_chmod (path, info.st_mode & 0700) != 0)
    {
      int saved = errno;

      g_message ("%s can be read by others (mode %04o), and its mode cannot be changed: %s",
                 path, (guint) (info.st_mode & 07777), g_strerror (saved));
      return TRUE;
    }
  g_message ("%s could be read by others (mode %04o): now only its owner can (mode %04o)",
             path, (guint) (info.st_mode & 07777), (guint) (info.st_mode & 0700));
  return TRUE;
}

gboolean
redial_private_file_save_keyfile (GKeyFile    *keyfile,
                                  const char  *path,
                                  GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (keyfile != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    return set_errno_error (error, errno, _("The folder “%s” cannot be created: %s"), dir);

  data = g_key_file_to_data (keyfile, &length, NULL);
  return g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT,
                                   PRIVATE_MODE, error);
}
