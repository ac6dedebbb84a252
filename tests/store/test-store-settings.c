/* test-store-settings.c: the business settings in the store: numbered versions, compare-and-set, on every implementation. */
#include "config.h"

#include "redial-store.h"
#include "store-factory.h"

#define SECONDS(n) ((gint64) (n) * G_USEC_PER_SEC)

typedef struct
{
  const StoreFactory *factory;
  gpointer            state;
  RedialStore        *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->factory = data;
  f->state = f->factory->create ();
  f->store = f->factory->open (f->state, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  f->factory->destroy (f->state);
}

static gint64
newest (RedialStore  *store,
        char        **data)
{
  g_autoptr(GError) error = NULL;
  gint64 version = -1;

  g_assert_true (redial_store_get_settings (store, &version, data, NULL, NULL, &error));
  g_assert_no_error (error);
  return version;
}

static void
test_none_at_first (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *text = g_strdup ("left alone?");
  g_autofree char *by = g_strdup ("left alone?");
  gint64 version = -1;
  gint64 at = -1;
  g_autoptr(GError) error = NULL;

  g_assert_true (redial_store_get_settings (f->store, &version, &text, &by, &at, &error));
  g_assert_no_error (error);
  g_assert_cmpint (version, ==, 0);
  g_assert_null (text);
  g_assert_null (by);
  g_assert_cmpint (at, ==, 0);
}

static void
test_versions_kept (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *by = NULL;
  gint64 version = 0;
  gint64 at = 0;

  g_assert_true (redial_store_put_settings (f->store, "[hours]\nmonday = 08:00-17:00\n", 0,
                                            "ann@front", SECONDS (1000), &version, &error));
  g_assert_no_error (error);
  g_assert_cmpint (version, ==, 1);
  g_assert_true (redial_store_put_settings (f->store, "[hours]\nmonday = closed\n", 1,
                                            "joe@back", SECONDS (2000), &version, &error));
  g_assert_no_error (error);
  g_assert_cmpint (version, ==, 2);

  /* Kept over a restart, with who wrote the newest and when. */
  g_clear_object (&f->store);
  f->store = f->factory->open (f->state, &error);
  g_assert_no_error (error);
  g_assert_true (redial_store_get_settings (f->store, &version, &text, &by, &at, &error));
  g_assert_no_error (error);
  g_assert_cmpint (version, ==, 2);
  g_assert_cmpstr (text, ==, "[hours]\nmonday = closed\n");
  g_assert_cmpstr (by, ==, "joe@back");
  g_assert_cmpint (at, ==, SECONDS (2000));
}

static void
test_stale_writer_loses (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(RedialStore) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 version = 0;

  /* Two desks on the same store, both having read version 1. */
  other = f->factory->open (f->state, &error);
  g_assert_no_error (error);
  g_assert_true (redial_store_put_settings (f->store, "[business]\nname = One\n", 0, "ann@front",
                                            SECONDS (1000), NULL, &error));
  g_assert_no_error (error);

  g_assert_true (redial_store_put_settings (other, "[business]\nname = Two\n", 1, "joe@back",
                                            SECONDS (2000), &version, &error));
  g_assert_no_error (error);
  g_assert_cmpint (version, ==, 2);

  version = 99;
  g_assert_false (redial_store_put_settings (f->store, "[business]\nname = Three\n", 1, "ann@front",
                                             SECONDS (3000), &version, &error));
  g_assert_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_STALE);
  /* The loser is told who won. */
  g_assert_nonnull (strstr (error->message, "joe@back"));
  g_assert_nonnull (strstr (error->message, "2"));
  g_assert_cmpint (version, ==, 99);
  g_clear_error (&error);

  /* Nothing of the loser's was written. */
  g_assert_cmpint (newest (f->store, &text), ==, 2);
  g_assert_cmpstr (text, ==, "[business]\nname = Two\n");

  /* Nor does a writer that thinks there is none yet. */
  g_assert_false (redial_store_put_settings (other, "[business]\nname = Four\n", 0, "joe@back",
                                             SECONDS (4000), NULL, &error));
  g_assert_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_STALE);
}

typedef struct
{
  const StoreFactory *factory;
  gpointer            state;
  const char         *who;
  guint               written;
  guint               refused;
} Writer;

#define ROUNDS 40

/* Reads the newest version and writes the next on it, again and again. */
static gpointer
write_often (gpointer user_data)
{
  Writer *writer = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialStore) store = writer->factory->open (writer->state, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < ROUNDS; i++)
    {
      g_autofree char *text = NULL;
      g_autofree char *next = NULL;
      gint64 version = newest (store, &text);

      next = g_strdup_printf ("[business]\nname = %s %u\n", writer->who, i);
      if (redial_store_put_settings (store, next, version, writer->who, SECONDS (i), NULL, &error))
        writer->written++;
      else
        {
          g_assert_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_STALE);
          g_clear_error (&error);
          writer->refused++;
        }
    }
  return NULL;
}

static void
test_concurrent_writers (Fixture       *f,
                         gconstpointer  data)
{
  Writer writers[] = {
    { f->factory, f->state, "ann", 0, 0 },
    { f->factory, f->state, "joe", 0, 0 },
    { f->factory, f->state, "sue", 0, 0 },
  };
  GThread *threads[G_N_ELEMENTS (writers)];
  guint written = 0;

  for (guint i = 0; i < G_N_ELEMENTS (writers); i++)
    threads[i] = g_thread_new ("writer", write_often, &writers[i]);
  for (guint i = 0; i < G_N_ELEMENTS (writers); i++)
    {
      g_thread_join (threads[i]);
      written += writers[i].written;
      g_assert_cmpuint (writers[i].written + writers[i].refused, ==, ROUNDS);
    }

  /* Every write that succeeded is one version: none was lost to another. */
  g_assert_cmpint (newest (f->store, NULL), ==, written);
}

int
main (int   argc,
      char *argv[])
{
  static const struct {
    const char *path;
    void      (*func) (Fixture *, gconstpointer);
  } tests[] = {
    { "settings/none-at-first", test_none_at_first },
    { "settings/versions-kept", test_versions_kept },
    { "settings/stale-writer-loses", test_stale_writer_loses },
    { "settings/concurrent-writers-each-get-a-version", test_concurrent_writers },
  };
  const StoreFactory *factory = store_factory ();

  g_test_init (&argc, &argv, NULL);

  for (guint j = 0; j < G_N_ELEMENTS (tests); j++)
    {
      g_autofree char *path = g_strdup_printf ("/store/%s/%s", factory->name, tests[j].path);

      g_test_add (path, Fixture, factory, fixture_setup, tests[j].func, fixture_teardown);
    }

  return g_test_run ();
}
