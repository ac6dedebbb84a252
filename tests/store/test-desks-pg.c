/* test-desks-pg.c: desks sharing a PostgreSQL store see one another's changes in their queues. */
#include "config.h"

#include <libpq-fe.h>

#include "pg-harness.h"
#include "redial-engine.h"
#include "redial-fake-clock.h"
#include "redial-pg-store.h"
#include "redial-test-util.h"

#define START_US (G_GINT64_CONSTANT (1767261600) * G_USEC_PER_SEC)

typedef struct
{
  char          *url;
  RedialPgStore *here;    /* this desk's store, followed on the main loop */
  RedialPgStore *there;   /* another desk's */
  RedialConfig  *config;
  RedialClock   *clock;
  RedialEngine  *engine;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->url = pg_harness_create_database ();
  f->here = redial_pg_store_open (f->url, NULL, &error);
  g_assert_no_error (error);
  f->there = redial_pg_store_open (f->url, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (redial_pg_store_listen (f->here, &error));
  g_assert_no_error (error);

  f->config = redial_config_new ();
  f->clock = redial_fake_clock_new (START_US);
  f->engine = redial_engine_new (f->config, REDIAL_STORE (f->here), f->clock);
  redial_engine_set_automation (f->engine, FALSE);
  g_assert_true (redial_engine_start (f->engine, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->engine);
  g_clear_object (&f->clock);
  g_clear_object (&f->config);
  g_clear_object (&f->here);
  g_clear_object (&f->there);
  pg_harness_drop_database (f->url);
  g_free (f->url);
}

/* A missed call (@call_id) that the other desk recorded. */
static RedialCase *
call_there_as (Fixture    *f,
               const char *caller,
               const char *call_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCall) call = g_object_new (REDIAL_TYPE_CALL,
                                             "provider", "test",
                                             "provider-call-id", call_id,
                                             "caller", caller,
                                             "started-at", START_US,
                                             "disposition", REDIAL_DISPOSITION_NO_ANSWER,
                                             NULL);
  RedialCase *kase = redial_store_record_call (REDIAL_STORE (f->there), call, TRUE, NULL, &error);

  g_assert_no_error (error);
  return kase;
}

static RedialCase *
call_there (Fixture    *f,
            const char *caller)
{
  return call_there_as (f, caller, caller);
}

/* This desk's queue's case @case_id, or NULL. */
static RedialCase *
queued (Fixture *f,
        gint64   case_id)
{
  GListModel *queue = redial_engine_get_queue (f->engine);

  for (guint i = 0; i < g_list_model_get_n_items (queue); i++)
    {
      g_autoptr(RedialCase) kase = g_list_model_get_item (queue, i);

      if (redial_case_get_id (kase) == case_id)
        return kase;
    }
  return NULL;
}

static gboolean
owned_by (Fixture    *f,
          gint64      case_id,
          const char *owner)
{
  RedialCase *kase = queued (f, case_id);

  return kase != NULL && g_strcmp0 (redial_case_get_owner (kase), owner) == 0;
}

/* A change reaches the other desk in well under a second, so half a
 * minute means it never will. */
#define WAIT_FOR(condition) REDIAL_TEST_WAIT_FOR (condition, 30)

static void
test_shared_queue (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) kase = call_there (f, "+13125550101");
  gint64 id = redial_case_get_id (kase);

  /* The other desk's new case, its claim, and its closing, in this
   * desk's queue as they happen. */
  WAIT_FOR (queued (f, id) != NULL);
  g_assert_true (redial_store_claim_case (REDIAL_STORE (f->there), id, "Luis", FALSE, START_US, NULL, NULL, &error));
  g_assert_no_error (error);
  WAIT_FOR (owned_by (f, id, "Luis"));
  g_assert_true (redial_store_close_case (REDIAL_STORE (f->there), id, REDIAL_CASE_OUTCOME_BOOKED, -1, "Luis",
                                          START_US, NULL, &error));
  g_assert_no_error (error);
  WAIT_FOR (queued (f, id) == NULL);
}

static void
test_caught_up_after_reconnect (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) kase = call_there (f, "+13125550102");
  gint64 id = redial_case_get_id (kase);

  WAIT_FOR (queued (f, id) != NULL);

  /* The server drops this desk's listening connection, and the other
   * desk claims the case meanwhile: NOTIFY is not replayed, so only
   * the catch-up after reconnecting can tell. */
  g_assert_cmpuint (pg_harness_drop_listeners (f->url), ==, 1);
  g_assert_true (redial_store_claim_case (REDIAL_STORE (f->there), id, "Luis", FALSE, START_US, NULL, NULL, &error));
  g_assert_no_error (error);

  WAIT_FOR (owned_by (f, id, "Luis"));
}

/* Holds the cases table from another session, as a long report or a
 * schema change would; a watchdog lets go after ten seconds, should the
 * desk wait for it on the main loop (then the test has failed). */
typedef struct
{
  PGconn   *conn;
  GMutex    mutex;
  GCond     cond;
  gboolean  done;
  gboolean  fired;
} TableHold;

static gpointer
watch_hold (gpointer user_data)
{
  TableHold *hold = user_data;
  gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_mutex_lock (&hold->mutex);
  while (!hold->done)
    if (!g_cond_wait_until (&hold->cond, &hold->mutex, until))
      {
        hold->fired = TRUE;
        PQclear (PQexec (hold->conn, "ROLLBACK"));
        break;
      }
  g_mutex_unlock (&hold->mutex);
  return NULL;
}

/* Whether this desk's read of a case waits for the table, on the
 * connection that follows the other desks. */
static gboolean
read_waits_for_table (Fixture *f)
{
  return pg_harness_query_int (f->url, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database ()"
                                       " AND application_name = 'redial-listen' AND wait_event_type = 'Lock'", NULL) == 1;
}

static gboolean
on_poll (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
test_reads_without_blocking (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) kase = call_there (f, "+13125550103");
  gint64 id = redial_case_get_id (kase);
  TableHold hold = { 0 };
  GThread *watchdog;
  guint poll;

  WAIT_FOR (queued (f, id) != NULL);

  /* The other desk claims the case; then the table is held before this
   * desk hears of it. */
  g_assert_true (redial_store_claim_case (REDIAL_STORE (f->there), id, "Luis", FALSE, START_US, NULL, NULL, &error));
  g_assert_no_error (error);
  hold.conn = PQconnectdb (f->url);
  g_assert_cmpint (PQstatus (hold.conn), ==, CONNECTION_OK);
  PQclear (PQexec (hold.conn, "BEGIN; LOCK TABLE cases IN ACCESS EXCLUSIVE MODE"));
  g_mutex_init (&hold.mutex);
  g_cond_init (&hold.cond);
  watchdog = g_thread_new ("hold", watch_hold, &hold);

  /* The desk asks, and goes on while the server cannot answer: its
   * main loop turns (this test runs on it), the claim not yet shown. */
  poll = g_timeout_add (5, on_poll, NULL);
  WAIT_FOR (read_waits_for_table (f));
  g_source_remove (poll);
  g_assert_true (owned_by (f, id, NULL));

  g_mutex_lock (&hold.mutex);
  hold.done = TRUE;
  g_assert_false (hold.fired);
  PQclear (PQexec (hold.conn, "COMMIT"));
  g_cond_signal (&hold.cond);
  g_mutex_unlock (&hold.mutex);
  g_thread_join (watchdog);
  PQfinish (hold.conn);
  g_mutex_clear (&hold.mutex);
  g_cond_clear (&hold.cond);

  /* Once it can, the answer comes. */
  WAIT_FOR (owned_by (f, id, "Luis"));
}

/* Claims the case that changed at this desk as soon as it hears of it:
 * after its queue asked for the case, before the answer came. */
static void
on_changed_claim (RedialStore *store,
                  gint64       case_id,
                  Fixture     *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (redial_engine_claim_case (f->engine, queued (f, case_id), FALSE, &error));
  g_assert_no_error (error);
}

static void
test_read_sees_own_change (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(RedialCase) kase = call_there (f, "+13125550104");
  g_autoptr(RedialCase) again = NULL;
  gint64 id = redial_case_get_id (kase);
  RedialCase *here;

  WAIT_FOR (queued (f, id) != NULL);

  /* The caller rings again; the other desk records it. This desk hears
   * of it, asks for the case, and claims it before the answer comes:
   * the answer, read before the claim, must not undo it. */
  g_signal_connect_after (f->here, "case-changed", G_CALLBACK (on_changed_claim), f);
  again = call_there_as (f, "+13125550104", "second-call");
  WAIT_FOR ((here = queued (f, id)) != NULL && redial_case_get_n_calls (here) == 2);
  g_signal_handlers_disconnect_by_func (f->here, on_changed_claim, f);

  g_assert_cmpstr (redial_case_get_owner (queued (f, id)), ==, redial_engine_get_desk_user (f->engine));
}

/* Whether @n Redials tried the office lock on their own connection: the
 * last thing each asked the server. */
static gboolean
tried_office_lock (Fixture *f,
                   guint    n)
{
  return pg_harness_query_int (f->url, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database ()"
                                       " AND application_name = 'redial-office'"
                                       " AND query LIKE '%pg_try_advisory_lock%'", NULL) == n;
}

static void
test_automation_once_per_office (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialPgStore) third = redial_pg_store_open (f->url, NULL, &error);

  g_assert_no_error (error);

  /* The office connection opens without blocking: nobody holds the lock
   * until it has. */
  g_assert_false (redial_pg_store_hold_office_lock (f->here));
  WAIT_FOR (redial_pg_store_get_office_held (f->here));

  /* One holds the office lock, and keeps it; the others stand by. */
  g_assert_false (redial_pg_store_hold_office_lock (f->there));
  g_assert_false (redial_pg_store_hold_office_lock (third));
  WAIT_FOR (tried_office_lock (f, 3));
  g_assert_true (redial_pg_store_hold_office_lock (f->here));
  g_assert_false (redial_pg_store_hold_office_lock (f->there));
  g_assert_false (redial_pg_store_hold_office_lock (third));
  g_assert_true (redial_pg_store_hold_office_lock (f->here));

  /* Its process dies (the server ends its session): exactly one of the
   * others takes over at its next look, and the old holder, if it comes
   * back, knows it lost the lock. */
  g_assert_cmpuint (pg_harness_drop_lock_holders (f->url), ==, 1);
  g_assert_cmpint (redial_pg_store_hold_office_lock (f->there) + redial_pg_store_hold_office_lock (third), ==, 1);
  g_assert_false (redial_pg_store_hold_office_lock (f->here));

  /* Stopping hands it on too: the old holder takes it as soon as its
   * new office connection opens. */
  redial_pg_store_release_office_lock (f->there);
  redial_pg_store_release_office_lock (third);
  WAIT_FOR (redial_pg_store_hold_office_lock (f->here));
}

static void
on_presence_changed (RedialStore *store,
                     guint       *n_changed)
{
  (*n_changed)++;
}

/* @store announces desk @desk_id of @name with case @case_id open. */
static void
announce (RedialPgStore *store,
          Fixture       *f,
          const char    *desk_id,
          const char    *name,
          gint64         case_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialDeskPresence) desk = redial_desk_presence_new (desk_id, name, "FRONT-DESK", case_id,
                                                                 redial_clock_now (f->clock));

  g_assert_true (redial_store_announce_desk (REDIAL_STORE (store), desk, &error));
  g_assert_no_error (error);
}

/* The case desk @desk_id has open, as this desk reads it; -1 when the
 * desk is not there. */
static gint64
case_open_at (Fixture    *f,
              const char *desk_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) desks = redial_store_list_desks (REDIAL_STORE (f->here), redial_clock_now (f->clock), &error);

  g_assert_no_error (error);
  for (guint i = 0; i < desks->len; i++)
    if (g_str_equal (((RedialDeskPresence *) desks->pdata[i])->desk_id, desk_id))
      return ((RedialDeskPresence *) desks->pdata[i])->case_id;
  return -1;
}

static void
test_presence_told (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint n_changed = 0;

  g_signal_connect (f->here, "presence-changed", G_CALLBACK (on_presence_changed), &n_changed);

  /* The other desk comes, opens a case, puts it down, and quits: each
   * is heard of here as it happens. */
  announce (f->there, f, "desk-b", "Luis", 0);
  WAIT_FOR (n_changed >= 1 && case_open_at (f, "desk-b") == 0);
  announce (f->there, f, "desk-b", "Luis", 12);
  WAIT_FOR (n_changed >= 2 && case_open_at (f, "desk-b") == 12);
  announce (f->there, f, "desk-b", "Luis", 0);
  WAIT_FOR (n_changed >= 3 && case_open_at (f, "desk-b") == 0);
  g_assert_true (redial_store_withdraw_desk (REDIAL_STORE (f->there), "desk-b", &error));
  g_assert_no_error (error);
  WAIT_FOR (n_changed >= 4 && case_open_at (f, "desk-b") == -1);

  /* This desk's own changes it knows of already; the other's next one
   * comes alone. */
  announce (f->here, f, "desk-a", "Ann", 0);
  announce (f->there, f, "desk-b", "Luis", 0);
  WAIT_FOR (n_changed >= 5 && case_open_at (f, "desk-b") == 0);
  g_assert_cmpuint (n_changed, ==, 5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store/postgresql/desks/one-queue", Fixture, NULL,
              fixture_setup, test_shared_queue, fixture_teardown);
  g_test_add ("/store/postgresql/desks/caught-up-after-reconnect", Fixture, NULL,
              fixture_setup, test_caught_up_after_reconnect, fixture_teardown);
  g_test_add ("/store/postgresql/desks/reads-without-blocking", Fixture, NULL,
              fixture_setup, test_reads_without_blocking, fixture_teardown);
  g_test_add ("/store/postgresql/desks/read-sees-own-change", Fixture, NULL,
              fixture_setup, test_read_sees_own_change, fixture_teardown);

  g_test_add ("/store/postgresql/desks/presence-told", Fixture, NULL,
              fixture_setup, test_presence_told, fixture_teardown);
  g_test_add ("/store/postgresql/desks/automation-once-per-office", Fixture, NULL,
              fixture_setup, test_automation_once_per_office, fixture_teardown);

  return g_test_run ();
}
