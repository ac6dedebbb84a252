/* redial-contacts-import.h: a contacts file read, parsed and saved into the store. */
#pragma once

#include <gio/gio.h>

#include "redial-contacts-parser.h"
#include "redial-store.h"

G_BEGIN_DECLS

/* The largest file read: some hundred thousand contacts, far more than a
 * service business has, and small enough to hold in memory. */
#define REDIAL_CONTACTS_IMPORT_MAX_BYTES (20 * 1024 * 1024)

/* Reads @file (see redial_contacts_parse()) and saves each contact in
 * @store: a number the store knows gets the file's name (a row without a
 * name keeps the one it had). Runs in the calling thread, on @store.
 * Fails with REDIAL_CONTACTS_IMPORT_ERROR for a file that cannot be used,
 * or REDIAL_STORE_ERROR; on a store error or cancellation, the contacts
 * saved until then stay saved. */
RedialContactsImportResult *redial_contacts_import_file   (RedialStore    *store,
                                                           GFile          *file,
                                                           const char     *region,
                                                           GCancellable   *cancellable,
                                                           GError        **error);

/* The same off the calling thread, so that a window stays responsive:
 * the file is read and parsed in a worker thread, then saved through
 * redial_store_save_contacts_async() in short batches, on @store's own
 * connection; contacts become visible as each batch is saved. */
void        redial_contacts_import_async        (RedialStore                 *store,
                                                 GFile                       *file,
                                                 const char                  *region,
                                                 GCancellable                *cancellable,
                                                 GAsyncReadyCallback          callback,
                                                 gpointer                     user_data);
RedialContactsImportResult *redial_contacts_import_finish (RedialStore    *store,
                                                           GAsyncResult   *result,
                                                           GError        **error);

G_END_DECLS
