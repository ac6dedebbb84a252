/* test-secret.c: secrets from a private file; unsafe files are refused. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "redial-secret.h"
#include "redial-test-util.h"

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

static void
test_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *home = g_dir_make_tmp ("redial-keyring-XXXXXX", NULL);
  g_autoptr(GSubprocess) daemon = redial_test_start_keyring (home);
  g_auto(RedialSecretString) secret = NULL;

  /* Not saved yet: a sentence that says where to enter it. */
  g_assert_null (redial_secret_load ("test/token", NULL, &error));
  g_assert_error (error, REDIAL_SECRET_ERROR, REDIAL_SECRET_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Preferences"));
  g_clear_error (&error);

  g_assert_true (redial_secret_store ("test/token", "Redial: test token", "k3yr1ng-token", &error));
  g_assert_no_error (error);
  secret = redial_secret_load ("test/token", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "k3yr1ng-token");

  g_subprocess_force_exit (daemon);
  g_subprocess_wait (daemon, NULL, NULL);
  redial_test_remove_tree (home);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static char *
load_async (const char    *file,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  redial_secret_load_async ("test/token", file, cancellable, on_loaded, &result);
  /* Off the main loop: nothing is there before the loop turns. */
  g_assert_null (result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return redial_secret_load_finish (result, error);
}

static void
test_load_async (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *dir = g_dir_make_tmp ("redial-secret-XXXXXX", NULL);
  g_autofree char *good = write_secret (dir, "good", "s3cr3t-token\n", 0600);
  g_autofree char *shared = write_secret (dir, "shared", "s3cr3t", 0644);
  g_auto(RedialSecretString) secret = NULL;

  secret = load_async (good, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "s3cr3t-token");

  g_assert_null (load_async (shared, NULL, &error));
  g_assert_error (error, REDIAL_SECRET_ERROR, REDIAL_SECRET_ERROR_UNSAFE);
  g_clear_error (&error);

  /* Checking a setting reads nothing, and fails the same way. */
  g_assert_true (redial_secret_check_file (good, &error));
  g_assert_no_error (error);
  g_assert_false (redial_secret_check_file (shared, &error));
  g_assert_error (error, REDIAL_SECRET_ERROR, REDIAL_SECRET_ERROR_UNSAFE);
  g_clear_error (&error);

  g_cancellable_cancel (cancellable);
  g_assert_null (load_async (good, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  redial_test_remove_tree (dir);
}

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Loads @file in a worker thread, failing the test when that takes more
 * than five seconds rather than waiting for ever. */
static char *
load_async_within (const char  *file,
                   GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  guint wakeup = g_timeout_add (10, wake_up, NULL);

  redial_secret_load_async ("test/token", file, NULL, on_loaded, &result);
  while (result == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wakeup);
  return redial_secret_load_finish (result, error);
}

static void
test_not_a_regular_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("redial-secret-XXXXXX", NULL);
  g_autofree char *pipe = g_build_filename (dir, "pipe", NULL);
  g_autofree char *folder = g_build_filename (dir, "folder", NULL);
  const char *files[] = { pipe, folder, "/dev/null" };

  /* A named pipe with no writer would block open() for ever. */
  g_assert_cmpint (mkfifo (pipe, 0600), ==, 0);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_assert_null (load_async_within (files[i], &error));
      g_assert_error (error, REDIAL_SECRET_ERROR, REDIAL_SECRET_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "is not a regular file"));
      g_clear_error (&error);

      g_assert_false (redial_secret_check_file (files[i], &error));
      g_assert_error (error, REDIAL_SECRET_ERROR, REDIAL_SECRET_ERROR_INVALID);
      g_clear_error (&error);
    }

  redial_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/secret/private-file", test_private_file);
  g_test_add_func ("/secret/keyring-round-trip", test_keyring);
  g_test_add_func ("/secret/load-async-off-the-main-loop", test_load_async);
  g_test_add_func ("/secret/not-a-regular-file-refused-at-once", test_not_a_regular_file);

  return g_test_run ();
}
