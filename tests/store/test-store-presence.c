/* test-store-presence.c: what every RedialStore promises for presence: desks announced, refreshed, withdrawn, gone stale. */
#include "config.h"

#include "redial-fake-clock.h"
#include "store-factory.h"

#define START_US (G_GINT64_CONSTANT (1767261600) * G_USEC_PER_SEC)
#define SECONDS(n) ((gint64) (n) * G_USEC_PER_SEC)

typedef struct
{
  const StoreFactory *factory;
  gpointer            state;
  RedialStore        *store;
  RedialClock        *clock;
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
  f->clock = redial_fake_clock_new (START_US);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->clock);
  g_clear_object (&f->store);
  f->factory->destroy (f->state);
}

static void
announce (RedialStore *store,
          RedialClock *clock,
          const char  *desk_id,
          const char  *name,
          gint64       case_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialDeskPresence) desk = redial_desk_presence_new (desk_id, name, "FRONT-DESK", case_id,
                                                                 redial_clock_now (clock));

  g_assert_true (redial_store_announce_desk (store, desk, &error));
  g_assert_no_error (error);
}

static GPtrArray *
list (RedialStore *store,
      RedialClock *clock)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *desks = redial_store_list_desks (store, redial_clock_now (clock), &error);

  g_assert_no_error (error);
  g_assert_nonnull (desks);
  return desks;
}

static void
advance (Fixture *f,
         gint64   us)
{
  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (f->clock), us);
}

static void
test_announce (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) none = list (f->store, f->clock);
  g_autoptr(GPtrArray) desks = NULL;
  RedialDeskPresence *desk;

  g_assert_cmpuint (none->len, ==, 0);

  /* Names are kept as given: markup is no markup to the store. */
  announce (f->store, f->clock, "desk-b", "Zoë <b>Ortiz</b>", 0);
  announce (f->store, f->clock, "desk-a", "Ann", 0);
  desks = list (f->store, f->clock);
  g_assert_cmpuint (desks->len, ==, 2);
  desk = desks->pdata[0];
  g_assert_cmpstr (desk->desk_id, ==, "desk-a");
  g_assert_cmpstr (desk->name, ==, "Ann");
  g_assert_cmpstr (desk->host, ==, "FRONT-DESK");
  g_assert_cmpint (desk->case_id, ==, 0);
  g_assert_cmpint (desk->seen_at, ==, START_US);
  desk = desks->pdata[1];
  g_assert_cmpstr (desk->name, ==, "Zoë <b>Ortiz</b>");
}

static void
test_case_open (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) opened = NULL;
  g_autoptr(GPtrArray) put_down = NULL;

  announce (f->store, f->clock, "desk-a", "Ann", 0);
  advance (f, SECONDS (2));
  announce (f->store, f->clock, "desk-a", "Ann", 42);
  opened = list (f->store, f->clock);
  g_assert_cmpuint (opened->len, ==, 1);
  g_assert_cmpint (((RedialDeskPresence *) opened->pdata[0])->case_id, ==, 42);
  g_assert_cmpint (((RedialDeskPresence *) opened->pdata[0])->seen_at, ==, START_US + SECONDS (2));

  announce (f->store, f->clock, "desk-a", "Ann", 0);
  put_down = list (f->store, f->clock);
  g_assert_cmpuint (put_down->len, ==, 1);
  g_assert_cmpint (((RedialDeskPresence *) put_down->pdata[0])->case_id, ==, 0);
}

static void
test_withdraw (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) desks = NULL;

  announce (f->store, f->clock, "desk-a", "Ann", 7);
  announce (f->store, f->clock, "desk-b", "Luis", 0);
  g_assert_true (redial_store_withdraw_desk (f->store, "desk-a", &error));
  g_assert_no_error (error);
  /* Twice, or a desk never announced: nothing to do. */
  g_assert_true (redial_store_withdraw_desk (f->store, "desk-a", &error));
  g_assert_no_error (error);

  desks = list (f->store, f->clock);
  g_assert_cmpuint (desks->len, ==, 1);
  g_assert_cmpstr (((RedialDeskPresence *) desks->pdata[0])->desk_id, ==, "desk-b");
}

static void
test_stale (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) seen = NULL;
  g_autoptr(GPtrArray) refreshed = NULL;
  g_autoptr(GPtrArray) gone = NULL;

  /* Ann's desk refreshes; Luis's was killed after its first word. */
  announce (f->store, f->clock, "desk-a", "Ann", 0);
  announce (f->store, f->clock, "desk-b", "Luis", 3);
  advance (f, SECONDS (30) - 1);
  seen = list (f->store, f->clock);
  g_assert_cmpuint (seen->len, ==, 2);
  announce (f->store, f->clock, "desk-a", "Ann", 0);

  advance (f, 1);
  refreshed = list (f->store, f->clock);
  g_assert_cmpuint (refreshed->len, ==, 1);
  g_assert_cmpstr (((RedialDeskPresence *) refreshed->pdata[0])->name, ==, "Ann");

  advance (f, SECONDS (30));
  gone = list (f->store, f->clock);
  g_assert_cmpuint (gone->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  static const struct {
    const char *path;
    void      (*func) (Fixture *, gconstpointer);
  } tests[] = {
    { "presence/announced", test_announce },
    { "presence/case-open-updated", test_case_open },
    { "presence/withdrawn", test_withdraw },
    { "presence/stale-after-30-s", test_stale },
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
