/* store-factory.h: how the contract tests get a store of each implementation. */
#pragma once

#include "redial-store.h"

G_BEGIN_DECLS

/* One implementation under test. A store is opened on fresh state,
 * may be closed and opened again on the same state (a restart), and
 * the state is removed at the end. */
typedef struct
{
  const char  *name;                                /* "sqlite": part of each test path */
  gpointer     (*create)  (void);                   /* fresh, empty state */
  RedialStore *(*open)    (gpointer   state,
                           GError   **error);
  void         (*destroy) (gpointer   state);
} StoreFactory;

/* SQLite on a real file in a private temporary folder. */
const StoreFactory *store_factory_sqlite (void);

G_END_DECLS
