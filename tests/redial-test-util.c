/* redial-test-util.c: what many tests need: a private folder, a drained main loop. */
#include "config.h"

#include <glib/gstdio.h>

#include "redial-test-util.h"

char *
redial_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("redial-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
redial_test_remove_tree (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        redial_test_remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

void
redial_test_drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}
