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
  char        *(*location) (gpointer  state);     /* what redial_store_open() takes, for another process */
  void         (*destroy) (gpointer   state);
} StoreFactory;

/* The implementation this test binary is built with: SQLite on a real
 * file in a private temporary folder (store-factory-sqlite.c), or a fresh
 * database on a private PostgreSQL server (store-factory-pg.c). */
const StoreFactory *store_factory (void);

G_END_DECLS
