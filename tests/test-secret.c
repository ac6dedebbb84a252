/* test-secret.c: secrets from a private file; unsafe files are refused. */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "redial-secret.h"

static char *
write_secret (const char *dir,
              const char *name,
              const char *contents,
              int         mode)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
  return path;
}

static void
test_private_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("redial-secret-XXXXXX", NULL);
  g_autofree char *good = write_secret (dir, "good", "s3cr3t-token\nignored second line\n", 0600);
  g_autofree char *shared = write_secret (dir, "shared", "s3cr3t", 0644);
  g_autofree char *empty = write_secret (dir, "empty", "\n", 0600);
  g_autofree char *link = g_build_filename (dir, "link", NULL);
  g_autofree char *huge_text = g_strnfill (10000, 'x');
  g_autofree char *huge = write_secret (dir, "huge", huge_text, 0600);
  g_auto(RedialSecretString) secret = NULL;

  secret = redial_secret_load ("test/token", good, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "s3cr3t-token");

  g_assert_null (redial_secret_load ("test/token", shared, &error));
  g_assert_error (error, REDIAL_SECRET_ERROR, REDIAL_SECRET_ERROR_UNSAFE);
  /* The message names the file, never the secret. */
  g_assert_null (strstr (error->message, "s3cr3t"));
  g_clear_error (&error);

  g_assert_null (redial_secret_load ("test/token", empty, &error));
  g_assert_error (error, REDIAL_SECRET_ERROR, REDIAL_SECRET_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_null (redial_secret_load ("test/token", huge, &error));
  g_assert_error (error, REDIAL_SECRET_ERROR, REDIAL_SECRET_ERROR_INVALID);
  g_clear_error (&error);

  /* A link could point anywhere: it is not followed. */
  g_assert_cmpint (symlink (good, link), ==, 0);
  g_assert_null (redial_secret_load ("test/token", link, &error));
  g_assert_error (error, REDIAL_SECRET_ERROR, REDIAL_SECRET_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_null (redial_secret_load ("test/token", "/nonexistent/secret", &error));
  g_assert_error (error, REDIAL_SECRET_ERROR, REDIAL_SECRET_ERROR_NOT_FOUND);

  g_unlink (good);
  g_unlink (shared);
  g_unlink (empty);
  g_unlink (huge);
  g_unlink (link);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/secret/private-file", test_private_file);

  return g_test_run ();
}
