/* bench-contacts-import.c: a 20,000-row contacts CSV parsed, then imported into a fresh store. */
#include "config.h"

#include <glib/gstdio.h>

#include "redial-contacts-import.h"

#define N_ROWS 20000
#define RUNS 5

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("redial-bench-XXXXXX", NULL);
  g_autofree char *csv_path = g_build_filename (dir, "contacts.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (csv_path);
  g_autoptr(GString) csv = g_string_new ("First Name,Last Name,Company,Mobile Phone,Home Phone,Notes\r\n");
  g_autoptr(GArray) parse_rates = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) import_rates = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GBytes) bytes = NULL;

  /* A realistic export: two numbers on some rows, quoted notes. */
  for (guint i = 0; i < N_ROWS; i++)
    g_string_append_printf (csv, "Person%u,\"Family, %u\",,(312) %03u-%04u,%s,\"Called about the \"\"boiler\"\"\"\r\n",
                            i, i, 200 + i % 700, i % 10000,
                            i % 4 == 0 ? "+1 212 555 0100" : "");
  if (!g_file_set_contents (csv_path, csv->str, csv->len, &error))
    g_error ("%s", error->message);
  bytes = g_bytes_new (csv->str, csv->len);

  for (guint run = 0; run < RUNS; run++)
    {
      g_autofree char *db_path = g_strdup_printf ("%s/redial-%u.db", dir, run);
      g_autoptr(RedialStore) store = redial_store_open (db_path, &error);
      g_autoptr(RedialContactsImportResult) result = NULL;
      g_autoptr(GPtrArray) contacts = NULL;
      gint64 t0;
      double rate;

      if (store == NULL)
        g_error ("%s", error->message);

      t0 = g_get_monotonic_time ();
      contacts = redial_contacts_parse (bytes, "US", NULL, &error);
      if (contacts == NULL)
        g_error ("%s", error->message);
      rate = N_ROWS / ((g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC);
      g_array_append_val (parse_rates, rate);

      t0 = g_get_monotonic_time ();
      result = redial_contacts_import_file (store, file, "US", NULL, &error);
      if (result == NULL)
        g_error ("%s", error->message);
      rate = N_ROWS / ((g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC);
      g_array_append_val (import_rates, rate);

      g_clear_object (&store);
      g_unlink (db_path);
      {
        g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
        g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);

        g_unlink (wal);
        g_unlink (shm);
      }
    }

  g_print ("figure contacts_import.parse_rate %.0f rows/s\n", median (parse_rates));
  g_print ("figure contacts_import.import_rate %.0f rows/s\n", median (import_rates));

  g_unlink (csv_path);
  g_rmdir (dir);
  return 0;
}
