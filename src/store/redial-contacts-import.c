/* redial-contacts-import.c: a contacts file read, parsed and saved into the store. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include <glib/gi18n.h>

#include "redial-contacts-import.h"

#define READ_CHUNK_BYTES (256 * 1024)

/* Reads at most REDIAL_CONTACTS_IMPORT_MAX_BYTES of @file; whatever its
 * size claims, a file that goes on past that is refused. */
static void
set_read_error (GError     **error,
                GError      *local_error,
                const char  *name)
{
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_error_copy (local_error));
  else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_set_error (error, REDIAL_CONTACTS_IMPORT_ERROR, REDIAL_CONTACTS_IMPORT_ERROR_READ,
                 _("Cannot read “%s”: there is no such file."), name);
  else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    g_set_error (error, REDIAL_CONTACTS_IMPORT_ERROR, REDIAL_CONTACTS_IMPORT_ERROR_READ,
                 _("Cannot read “%s”: permission denied."), name);
  else
    g_set_error (error, REDIAL_CONTACTS_IMPORT_ERROR, REDIAL_CONTACTS_IMPORT_ERROR_READ,
                 _("Cannot read “%s”: %s"), name, local_error->message);
}

static GBytes *
read_file (GFile         *file,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GByteArray) buffer = NULL;
  g_autofree char *name = g_file_get_parse_name (file);
  gsize n_read = 0;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL)
    {
      set_read_error (error, local_error, name);
      return NULL;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, REDIAL_CONTACTS_IMPORT_ERROR, REDIAL_CONTACTS_IMPORT_ERROR_READ,
                   _("Cannot read “%s”: it is not a file."), name);
      return NULL;
    }
  if (g_file_info_get_size (info) > REDIAL_CONTACTS_IMPORT_MAX_BYTES)
    goto too_large;

  stream = g_file_read (file, cancellable, &local_error);
  if (stream == NULL)
    {
      set_read_error (error, local_error, name);
      return NULL;
    }

  /* Files under /proc and the like say 0 and hold more: read in chunks
   * until the end or one byte past the limit. */
  buffer = g_byte_array_sized_new (MIN (g_file_info_get_size (info), REDIAL_CONTACTS_IMPORT_MAX_BYTES) + 1);
  for (;;)
    {
      gsize used = buffer->len;
      gsize chunk = MIN (READ_CHUNK_BYTES, REDIAL_CONTACTS_IMPORT_MAX_BYTES + 1 - used);

      g_byte_array_set_size (buffer, used + chunk);
      if (!g_input_stream_read_all (G_INPUT_STREAM (stream), buffer->data + used, chunk,
                                    &n_read, cancellable, &local_error))
        {
          set_read_error (error, local_error, name);
          return NULL;
        }
      g_byte_array_set_size (buffer, used + n_read);
      if (buffer->len > REDIAL_CONTACTS_IMPORT_MAX_BYTES)
        goto too_large;
      if (n_read < chunk)
        break;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));

too_large:
  g_set_error (error, REDIAL_CONTACTS_IMPORT_ERROR, REDIAL_CONTACTS_IMPORT_ERROR_TOO_LARGE,
               _("“%s” is larger than %d MiB; split it into smaller files."),
               name, REDIAL_CONTACTS_IMPORT_MAX_BYTES / (1024 * 1024));
  return NULL;
}

/* Reads and parses @file into contacts, counting what was skipped in @result. */
static GPtrArray *
read_contacts (GFile                       *file,
               const char                  *region,
               RedialContactsImportResult  *result,
               GCancellable                *cancellable,
               GError                     **error)
{
  g_autoptr(GBytes) data = read_file (file, cancellable, error);

  if (data == NULL)
    return NULL;
  return redial_contacts_parse (data, region, result, error);
}

static void
log_result (RedialContactsImportResult *result)
{
  g_debug ("Imported %u contacts, updated %u, skipped %u",
           result->n_imported, result->n_updated, result->n_skipped);
}

RedialContactsImportResult *
redial_contacts_import_file (RedialStore   *store,
                             GFile         *file,
                             const char    *region,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(RedialContactsImportResult) result = NULL;
  g_autoptr(GPtrArray) contacts = NULL;

  g_return_val_if_fail (REDIAL_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (region != NULL, NULL);

  result = redial_contacts_import_result_new ();
  contacts = read_contacts (file, region, result, cancellable, error);
  if (contacts == NULL)
    return NULL;
  if (!redial_store_save_contacts (store, contacts, &result->n_imported, &result->n_updated,
                                   cancellable, error))
    return NULL;

  log_result (result);
  return g_steal_pointer (&result);
}

typedef struct
{
  GFile                      *file;
  char                       *region;
  RedialContactsImportResult *result;
  GPtrArray                  *contacts;
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_clear_object (&data->file);
  g_free (data->region);
  g_clear_pointer (&data->result, redial_contacts_import_result_free);
  g_clear_pointer (&data->contacts, g_ptr_array_unref);
  g_free (data);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ImportData *data = task_data;
  GError *error = NULL;

  data->contacts = read_contacts (data->file, data->region, data->result, cancellable, &error);
  if (data->contacts == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_saved (GObject      *source,
          GAsyncResult *res,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ImportData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!redial_store_save_contacts_finish (REDIAL_STORE (source), res, &data->result->n_imported,
                                          &data->result->n_updated, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  log_result (data->result);
  g_task_return_pointer (task, g_steal_pointer (&data->result),
                         (GDestroyNotify) redial_contacts_import_result_free);
}

static void
on_read (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ImportData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (res), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  redial_store_save_contacts_async (g_task_get_source_object (task), data->contacts,
                                    g_task_get_cancellable (task), on_saved,
                                    g_object_ref (task));
}

void
redial_contacts_import_async (RedialStore         *store,
                              GFile               *file,
                              const char          *region,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) read = NULL;
  ImportData *data;

  g_return_if_fail (REDIAL_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (region != NULL);

  data = g_new0 (ImportData, 1);
  data->file = g_object_ref (file);
  data->region = g_strdup (region);
  data->result = redial_contacts_import_result_new ();

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, redial_contacts_import_async);
  g_task_set_task_data (task, data, (GDestroyNotify) import_data_free);

  /* Reading and parsing touch no store: a worker thread of their own;
   * then the store saves in its own worker thread. */
  read = g_task_new (NULL, cancellable, on_read, g_object_ref (task));
  g_task_set_task_data (read, data, NULL);
  g_task_run_in_thread (read, read_thread);
}

RedialContactsImportResult *
redial_contacts_import_finish (RedialStore   *store,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (store), NULL);
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == redial_contacts_import_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
