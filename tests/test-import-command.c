/* test-import-command.c: `redial --import-contacts FILE` run as a user runs it, against a store in a temporary folder. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "redial-store.h"

typedef struct
{
  char *dir;
  char *config_path;
  char *db_path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL;

  f->dir = g_dir_make_tmp ("redial-import-XXXXXX", &error);
  g_assert_no_error (error);
  f->db_path = g_build_filename (f->dir, "redial.db", NULL);
  f->config_path = g_build_filename (f->dir, "redial.conf", NULL);
  config = g_strdup_printf ("[business]\nname = Acme Plumbing\nregion = US\n[store]\npath = %s\n", f->db_path);
  g_assert_true (g_file_set_contents (f->config_path, config, -1, &error));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) handle = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->config_path);
  g_free (f->db_path);
}

/* Runs redial with @args after --config; returns its exit status. */
static int
run_redial (Fixture     *f,
            const char  *file,
            char       **out,
            char       **err)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("REDIAL_BINARY");

  g_assert_nonnull (binary);
  /* The messages are UTF-8 sentences with curly quotes; a C locale would
   * turn those into question marks. */
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", f->dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", f->dir, TRUE);

  process = g_subprocess_launcher_spawn (launcher, &error, binary,
                                         "--config", f->config_path,
                                         "--import-contacts", file, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_test_message ("stdout: %s\nstderr: %s", *out, *err);
  return g_subprocess_get_exit_status (process);
}

static void
test_import_reports_counts (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *csv_path = g_build_filename (f->dir, "customers.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out_again = NULL;
  g_autofree char *err_again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialStore) store = NULL;
  g_autoptr(RedialContact) contact = NULL;

  g_assert_true (g_file_set_contents (csv_path,
                                      "Name,Phone\n"
                                      "Jane Doe,(312) 555-0118\n"
                                      "Bad Number,12\n"
                                      "John Roe,312 555 0119\n", -1, &error));

  g_assert_cmpint (run_redial (f, csv_path, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "Imported 2 contacts, updated 0, skipped 1\n");
  g_assert_cmpstr (err, ==, "Line 3 (Bad Number): “12” is not a phone number\n");

  g_assert_cmpint (run_redial (f, csv_path, &out_again, &err_again), ==, 0);
  g_assert_cmpstr (out_again, ==, "Imported 0 contacts, updated 2, skipped 1\n");

  /* The store named in the settings holds them, for the engine to find. */
  store = redial_store_open (f->db_path, &error);
  g_assert_no_error (error);
  contact = redial_store_find_contact (store, "+13125550118", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (redial_contact_get_name (contact), ==, "Jane Doe");
  g_assert_cmpint (redial_store_count (store, REDIAL_STORE_COUNT_CONTACTS), ==, 2);
}

static void
test_unusable_file_fails (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "missing.vcf", NULL);
  g_autofree char *binary = g_build_filename (f->dir, "photo.jpg", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out_binary = NULL;
  g_autofree char *err_binary = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (run_redial (f, missing, &out, &err), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_str_has_prefix (err, "redial: Cannot read “"));
  g_assert_true (g_str_has_suffix (err, "missing.vcf”: there is no such file.\n"));

  g_assert_true (g_file_set_contents (binary, "\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01", 12, &error));
  g_assert_cmpint (run_redial (f, binary, &out_binary, &err_binary), ==, 1);
  g_assert_cmpstr (err_binary, ==,
                   "redial: This is not a text file; export the contacts as vCard (.vcf) or CSV (.csv).\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/import-command/reports-counts-and-reasons", Fixture, NULL,
              fixture_setup, test_import_reports_counts, fixture_teardown);
  g_test_add ("/import-command/unusable-file-fails", Fixture, NULL,
              fixture_setup, test_unusable_file_fails, fixture_teardown);

  return g_test_run ();
}
