/* test-private-files.c: the database, its journals and the service lock are their owner's alone. */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "redial-private-file.h"
#include "redial-service-lock.h"
#include "redial-store.h"
#include "redial-test-util.h"

static GPtrArray *logged;  /* the messages logged, for the tests to read */

static GLogWriterOutput
record_log (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
      g_ptr_array_add (logged, g_strdup (fields[i].value));
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static gboolean
was_logged (const char *part)
{
  for (guint i = 0; i < logged->len; i++)
    if (strstr (g_ptr_array_index (logged, i), part) != NULL)
      return TRUE;
  return FALSE;
}

static guint
mode_of (const char *path)
{
  GStatBuf info;

  g_assert_cmpint (g_stat (path, &info), ==, 0);
  return info.st_mode & 07777;
}

typedef struct
{
  char *dir;
  char *db;   /* a database path in it, in a folder not made yet */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  /* The usual umask, which would make files 0644. */
  umask (022);
  f->dir = redial_test_make_dir ();
  f->db = g_build_filename (f->dir, "shared", "redial.db", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  redial_test_remove_tree (f->dir);
  g_free (f->db);
  g_free (f->dir);
}

static void
test_database_created_private (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (f->db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->db, "-shm", NULL);
  g_autoptr(RedialStore) store = redial_store_open (f->db, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (mode_of (f->db), ==, 0600);
  g_assert_cmpuint (mode_of (wal), ==, 0600);
  g_assert_cmpuint (mode_of (shm), ==, 0600);
}

static void
test_loose_database_tightened (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (f->db, "-wal", NULL);
  g_autoptr(RedialStore) store = redial_store_open (f->db, &error);

  g_assert_no_error (error);
  g_clear_object (&store);

  /* Made by an older Redial, or copied in by hand. */
  g_assert_cmpint (g_chmod (f->db, 0644), ==, 0);
  g_assert_true (g_file_set_contents (wal, "", 0, NULL));
  g_assert_cmpint (g_chmod (wal, 0664), ==, 0);
  g_assert_false (was_logged ("could be read by others"));

  store = redial_store_open (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mode_of (f->db), ==, 0600);
  g_assert_cmpuint (mode_of (wal), ==, 0600);
  g_assert_true (was_logged ("redial.db could be read by others (mode 0644)"));
}

static void
test_service_lock_private (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (f->db);
  g_autofree char *lock_path = g_build_filename (dir, "redial-service.lock", NULL);
  RedialServiceLock *lock = redial_service_lock_acquire (f->db, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (mode_of (lock_path), ==, 0600);
  redial_service_lock_release (lock);
}

static void
test_keyfile_saved_private (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "state", "some.state", NULL);
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();

  g_key_file_set_string (keyfile, "group", "key", "value");
  g_assert_true (redial_private_file_save_keyfile (keyfile, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mode_of (path), ==, 0600);

  /* Replacing a loose one leaves a private one. */
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_true (redial_private_file_save_keyfile (keyfile, path, &error));
  g_assert_cmpuint (mode_of (path), ==, 0600);
}

int
main (int   argc,
      char *argv[])
{
  logged = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (record_log, NULL, NULL);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/private-files/database-and-journals-created-0600", test_database_created_private);
  ADD ("/private-files/loose-database-tightened-and-logged", test_loose_database_tightened);
  ADD ("/private-files/service-lock-0600", test_service_lock_private);
  ADD ("/private-files/state-file-saved-0600", test_keyfile_saved_private);

  return g_test_run ();
}
