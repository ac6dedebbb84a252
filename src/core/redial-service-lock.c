/* redial-service-lock.c: the lock beside the database that says redial --service runs this office's automation. */
#include "config.h"

#define G_LOG_DOMAIN "redial-core"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "redial-service-lock.h"

struct _RedialServiceLock
{
  int fd;
};

static char *
lock_path (const char *store_path)
{
  g_autofree char *dir = g_path_get_dirname (store_path);

  return g_build_filename (dir, "redial-service.lock", NULL);
}

RedialServiceLock *
redial_service_lock_acquire (const char  *store_path,
                             GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  struct flock region = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
  RedialServiceLock *lock;
  int fd;

  g_return_val_if_fail (store_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  path = lock_path (store_path);
  dir = g_path_get_dirname (path);
  g_mkdir_with_parents (dir, 0700);
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "%s: %s", path, g_strerror (saved));
      return NULL;
    }
  /* An fcntl() lock dies with its process, so a killed service never
   * leaves the office looking served. */
  if (fcntl (fd, F_SETLK, &region) < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                   "%s: another redial --service runs this office", path);
      close (fd);
      return NULL;
    }

  lock = g_new0 (RedialServiceLock, 1);
  lock->fd = fd;
  return lock;
}

void
redial_service_lock_release (RedialServiceLock *lock)
{
  if (lock == NULL)
    return;
  close (lock->fd);
  g_free (lock);
}

gboolean
redial_service_lock_is_held (const char *store_path)
{
  g_autofree char *path = NULL;
  struct flock region = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
  int fd;
  gboolean held;

  g_return_val_if_fail (store_path != NULL, FALSE);

  path = lock_path (store_path);
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;
  /* F_GETLK reports other processes' locks only. */
  held = fcntl (fd, F_GETLK, &region) == 0 && region.l_type != F_UNLCK;
  close (fd);
  return held;
}
