/* store-factory-pg.c: the PostgreSQL store on a fresh database of the test's own server, for the contract tests. */
#include "config.h"

#include "pg-harness.h"
#include "redial-pg-store.h"
#include "store-factory.h"

static gpointer
pg_create (void)
{
  return pg_harness_create_database ();
}

static RedialStore *
pg_open (gpointer   state,
         GError   **error)
{
  return REDIAL_STORE (redial_pg_store_open (state, NULL, error));
}

static char *
pg_location (gpointer state)
{
  return g_strdup (state);
}

static void
pg_destroy (gpointer state)
{
  pg_harness_drop_database (state);
  g_free (state);
}

const StoreFactory *
store_factory (void)
{
  static const StoreFactory factory = {
    "postgresql", pg_create, pg_open, pg_location, pg_destroy,
  };

  return &factory;
}
