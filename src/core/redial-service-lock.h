/* redial-service-lock.h: the lock beside the database that says redial --service runs this office's automation. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RedialServiceLock RedialServiceLock;

/* Takes the service lock of the office whose database is @store_path: a
 * lock on "redial-service.lock" beside it, released when the process ends,
 * however it ends. Fails with G_IO_ERROR_BUSY when another process holds
 * it, or with the file's error. Free with redial_service_lock_release(). */
RedialServiceLock *redial_service_lock_acquire (const char         *store_path,
                                                GError            **error);
/* Releases @lock; NULL is ignored. */
void               redial_service_lock_release (RedialServiceLock  *lock);
/* Whether another process holds the service lock of @store_path: a
 * --service runs the automation of that office. */
gboolean           redial_service_lock_is_held (const char         *store_path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RedialServiceLock, redial_service_lock_release)

G_END_DECLS
