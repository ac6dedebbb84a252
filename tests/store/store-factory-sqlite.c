/* store-factory-sqlite.c: the SQLite store on a real file in a temporary folder, for the contract tests. */
#include "config.h"

#include "store-factory.h"
#include "redial-test-util.h"

static gpointer
sqlite_create (void)
{
  return redial_test_make_dir ();
}

static char *
sqlite_location (gpointer state)
{
  return g_build_filename (state, "redial.db", NULL);
}

static RedialStore *
sqlite_open (gpointer   state,
             GError   **error)
{
  g_autofree char *path = sqlite_location (state);

  return redial_store_open (path, error);
}

static void
sqlite_destroy (gpointer state)
{
  redial_test_remove_tree (state);
  g_free (state);
}

const StoreFactory *
store_factory (void)
{
  static const StoreFactory factory = {
    "sqlite", sqlite_create, sqlite_open, sqlite_location, sqlite_destroy,
  };

  return &factory;
}
