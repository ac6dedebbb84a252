/* test-report-facts-race-pg.c: desks writing to the same cases at the same moment, each on its own connection, against the report's facts the database keeps. */
#include "config.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <string.h>

#include "pg-harness.h"
#include "redial-pg-store.h"
#include "redial-report-describe.h"
#include "redial-test-util.h"

#define N_DESKS   4
#define N_CALLERS 5
#define N_ROUNDS  200

/* Each desk's person, who signs what the desk writes. */
static const char * const desks[N_DESKS] = { "Dana", "Eli", "Fran", "Gus" };

static const char settings[] =
  "[business]\n"
  "name=Race\n"
  "time-zone=America/Chicago\n"
  "average-job-value=350\n"
  "[hours]\n"
  "monday=08:00-17:00\n"
  "tuesday=08:00-17:00\n"
  "wednesday=08:00-17:00\n"
  "thursday=08:00-17:00\n"
  "friday=08:00-17:00\n";

/* The raw tables a report reads, parents first, as both stores name
 * their columns. */
static const char * const raw_tables[] = {
  "cases", "calls", "messages", "case_events", "sla_events", "opt_out_audit", "contacts", "blocked_numbers",
};

typedef struct
{
  char     *url;
  guint     seed;
  gint64    start;                /* Unix µs of the first step */
  gint      steps;                /* atomic: steps of time handed out */
  gint64    cases[N_CALLERS];     /* the cases every desk writes to */
  char     *callers[N_CALLERS];

  GMutex    lock;
  GCond     turn;
  guint     waiting;              /* desks at the start of the next round */
  guint     round;
  GPtrArray *failures;            /* what went wrong, under lock */
} Race;

typedef struct
{
  Race  *race;
  guint  desk;
} Desk;

/* The time of the next thing done at any desk: a minute and a bit
 * after the last, so that no two things happen at the same instant. */
static gint64
next_step (Race *race)
{
  return race->start + g_atomic_int_add (&race->steps, 1) * G_GINT64_CONSTANT (61000000);
}

/* Waits until every desk is ready for the next round, so that all of
 * them write to the round's case at once. */
static void
wait_for_the_others (Race *race)
{
  guint round;

  g_mutex_lock (&race->lock);
  round = race->round;
  if (++race->waiting == N_DESKS)
    {
      race->waiting = 0;
      race->round++;
      g_cond_broadcast (&race->turn);
    }
  else
    while (race->round == round)
      g_cond_wait (&race->turn, &race->lock);
  g_mutex_unlock (&race->lock);
}

/* Keeps @error, unless it is an answer a desk expects when another desk
 * got there first (the case claimed, closed or reopened meanwhile, the
 * time booked). */
static void
keep_failure (Race       *race,
              const char *what,
              GError     *error)
{
  static const int expected[] = {
    REDIAL_STORE_ERROR_CLAIMED, REDIAL_STORE_ERROR_CLOSED, REDIAL_STORE_ERROR_OTHER_OPEN,
    REDIAL_STORE_ERROR_OVERLAP, REDIAL_STORE_ERROR_NOT_FOUND,
  };

  if (error == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (g_error_matches (error, REDIAL_STORE_ERROR, expected[i]))
      return;
  g_mutex_lock (&race->lock);
  g_ptr_array_add (race->failures, g_strdup_printf ("%s: %s", what, error->message));
  g_mutex_unlock (&race->lock);
}

static void
text (Race              *race,
      RedialStore       *store,
      guint              i,
      RedialMessageKind  kind,
      const char        *author)
{
  RedialMessageDirection direction = kind == REDIAL_MESSAGE_KIND_REPLY ? REDIAL_MESSAGE_DIRECTION_INBOUND
                                                                       : REDIAL_MESSAGE_DIRECTION_OUTBOUND;
  g_autoptr(RedialMessage) message = redial_message_new (race->cases[i], direction, kind, race->callers[i],
                                                         "words", next_step (race));
  g_autoptr(RedialCase) kase = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sid = NULL;

  redial_message_set_author (message, author);
  if (kind != REDIAL_MESSAGE_KIND_TEXT_BACK)
    {
      redial_store_add_message (store, message, &error);
      keep_failure (race, "text", error);
      return;
    }

  /* The automatic text, once per case, then handed to the gateway. */
  kase = redial_store_get_case (store, race->cases[i], &error);
  if (kase == NULL || !redial_store_queue_text_back (store, kase, message, &error))
    {
      keep_failure (race, "text back", error);
      return;
    }
  sid = g_strdup_printf ("SM%" G_GINT64_FORMAT, redial_message_get_id (message));
  redial_message_set_attempted_at (message, next_step (race));
  redial_message_set_provider_message_id (message, sid);
  redial_message_set_status (message, REDIAL_MESSAGE_STATUS_SENT);
  redial_store_update_message (store, message, &error);
  keep_failure (race, "hand-off", error);
}

static void
event (Race               *race,
       RedialStore        *store,
       guint               i,
       RedialTimelineKind  kind,
       const char         *who,
       GRand              *rand)
{
  g_autoptr(RedialTimelineItem) item = redial_timeline_item_new (kind, next_step (race), who);
  g_autoptr(GError) error = NULL;

  if (!redial_store_add_case_event (store, item, race->cases[i], &error))
    {
      keep_failure (race, "event", error);
      return;
    }
  if (kind == REDIAL_TIMELINE_KIND_CALL_BACK)
    {
      redial_store_set_call_outcome (store, race->cases[i], redial_timeline_item_get_id (item),
                                     g_rand_boolean (rand) ? REDIAL_CALL_OUTCOME_REACHED
                                                           : REDIAL_CALL_OUTCOME_NO_ANSWER, &error);
      keep_failure (race, "call outcome", error);
    }
}

/* One thing a person at desk @desk does to case @i, picked by @rand. */
static void
act (Race        *race,
     RedialStore *store,
     guint        desk,
     guint        i,
     GRand       *rand)
{
  const char *who = desks[desk];
  gint64 id = race->cases[i];
  g_autoptr(GError) error = NULL;

  /* Closing, reopening and opting out, which change what counts of the
   * rest, come up most. */
  switch (g_rand_int_range (rand, 0, 17))
    {
    case 0:
    case 1:
      redial_store_claim_case (store, id, who, g_rand_int_range (rand, 0, 3) == 0, next_step (race),
                               NULL, NULL, &error);
      keep_failure (race, "claim", error);
      break;
    case 2:
      text (race, store, i, REDIAL_MESSAGE_KIND_MANUAL, who);
      break;
    case 3:
      text (race, store, i, REDIAL_MESSAGE_KIND_REPLY, NULL);
      break;
    case 4:
      text (race, store, i, REDIAL_MESSAGE_KIND_TEXT_BACK, NULL);
      break;
    case 5:
      event (race, store, i, REDIAL_TIMELINE_KIND_CALL_BACK, who, rand);
      break;
    case 6:
      event (race, store, i, REDIAL_TIMELINE_KIND_NOTE, who, rand);
      break;
    case 7:
      event (race, store, i, REDIAL_TIMELINE_KIND_QUALIFIED, who, rand);
      break;
    case 8:
      redial_store_record_sla_event (store, id, g_rand_boolean (rand) ? REDIAL_SLA_CLOCK_FIRST_RESPONSE
                                                                      : REDIAL_SLA_CLOCK_REPLY,
                                     g_rand_int_range (rand, 0, 4),
                                     g_rand_int_range (rand, REDIAL_SLA_CROSSING_WARNING,
                                                       REDIAL_SLA_CROSSING_ESCALATION + 1),
                                     next_step (race), &error);
      keep_failure (race, "SLA crossing", error);
      break;
    case 9:
    case 10:
    case 11:
      redial_store_close_case (store, id, g_rand_boolean (rand) ? REDIAL_CASE_OUTCOME_BOOKED
                                                                : REDIAL_CASE_OUTCOME_LOST,
                               100 * g_rand_int_range (rand, 1, 1000), who, next_step (race), NULL, &error);
      keep_failure (race, "close", error);
      break;
    case 12:
    case 13:
      redial_store_reopen_case (store, id, who, next_step (race), NULL, &error);
      keep_failure (race, "reopen", error);
      break;
    case 14:
    case 15:
      redial_store_set_opted_out (store, race->callers[i], g_rand_int_range (rand, 0, 3) != 0,
                                  next_step (race), "STOP", &error);
      keep_failure (race, "opt-out", error);
      break;
    default:
      {
        gint64 start = race->start + g_rand_int_range (rand, 0, 200) * G_GINT64_CONSTANT (1800000000);
        g_autoptr(RedialAppointment) appointment = redial_appointment_new (id, "Joe", "race", start,
                                                                           start + G_GINT64_CONSTANT (3600000000));

        redial_store_add_appointment (store, appointment, next_step (race), &error);
        keep_failure (race, "booking", error);
      }
      break;
    }
}

/* One desk, on a connection of its own: every round, one to three
 * things to the round's case, which every desk picks alike. */
static gpointer
run_desk (gpointer data)
{
  Desk *desk = data;
  Race *race = desk->race;
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialPgStore) store = redial_pg_store_open (race->url, NULL, &error);
  g_autoptr(GRand) own = g_rand_new_with_seed (race->seed * 7919 + desk->desk);
  g_autoptr(GRand) shared = g_rand_new_with_seed (race->seed);

  g_assert_no_error (error);
  for (guint round = 0; round < N_ROUNDS; round++)
    {
      guint i = g_rand_int_range (shared, 0, N_CALLERS);

      wait_for_the_others (race);
      for (int n = g_rand_int_range (own, 1, 4); n > 0; n--)
        act (race, REDIAL_STORE (store), desk->desk, i, own);
    }
  return NULL;
}

/* Each caller called once before, and called again: the case the desks
 * race on. */
static void
open_cases (Race *race)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialPgStore) store = redial_pg_store_open (race->url, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < N_CALLERS; i++)
    {
      race->callers[i] = g_strdup_printf ("+1312555%04u", i);
      for (guint n = 0; n < 2; n++)
        {
          g_autofree char *call_id = g_strdup_printf ("call-%u-%u", i, n);
          gint64 at = next_step (race);
          g_autoptr(RedialCall) call = g_object_new (REDIAL_TYPE_CALL,
                                                     "provider", "test", "provider-call-id", call_id,
                                                     "caller", race->callers[i], "caller-name", "Caller",
                                                     "line-label", n == 0 ? "Main" : "Yelp",
                                                     "started-at", at, "ended-at", at + 20 * G_USEC_PER_SEC,
                                                     "disposition", REDIAL_DISPOSITION_NO_ANSWER, NULL);
          RedialStoreRecord record;
          g_autoptr(RedialCase) kase = redial_store_record_call (REDIAL_STORE (store), call, TRUE, &record, &error);

          g_assert_no_error (error);
          race->cases[i] = redial_case_get_id (kase);
          if (n == 0)
            g_assert_true (redial_store_close_case (REDIAL_STORE (store), race->cases[i],
                                                    REDIAL_CASE_OUTCOME_LOST, -1, "Dana", next_step (race),
                                                    NULL, &error));
          g_assert_no_error (error);
        }
    }
}

/* The first line where @a and @b differ, with the line before it. */
static char *
first_difference (const char *a,
                  const char *b)
{
  g_auto(GStrv) as = g_strsplit (a, "\n", -1);
  g_auto(GStrv) bs = g_strsplit (b, "\n", -1);

  for (guint i = 0; as[i] != NULL || bs[i] != NULL; i++)
    if (as[i] == NULL || bs[i] == NULL || !g_str_equal (as[i], bs[i]))
      return g_strdup_printf ("after «%s»:\n  «%s»\n  «%s»", i > 0 ? as[i - 1] : "",
                              as[i] != NULL ? as[i] : "(end)", bs[i] != NULL ? bs[i] : "(end)");
  return NULL;
}

/* Copies the raw tables of the database at @url into the SQLite store
 * at @path, as they are, and has SQLite work the facts out from them. */
static void
copy_to_sqlite (const char *url,
                const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialStore) store = redial_store_open (path, &error);
  PGconn *pg = PQconnectdb (url);
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_cmpint (PQstatus (pg), ==, CONNECTION_OK);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint t = 0; t < G_N_ELEMENTS (raw_tables); t++)
    {
      g_autofree char *select = g_strdup_printf ("SELECT * FROM %s ORDER BY 1", raw_tables[t]);
      PGresult *rows = PQexec (pg, select);
      g_autoptr(GString) insert = g_string_new (NULL);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (PQresultStatus (rows), ==, PGRES_TUPLES_OK);
      g_string_printf (insert, "INSERT INTO %s (", raw_tables[t]);
      for (int c = 0; c < PQnfields (rows); c++)
        g_string_append_printf (insert, "%s%s", c > 0 ? ", " : "", PQfname (rows, c));
      g_string_append (insert, ") VALUES (");
      for (int c = 0; c < PQnfields (rows); c++)
        g_string_append (insert, c > 0 ? ", ?" : "?");
      g_string_append (insert, ")");
      if (sqlite3_prepare_v2 (db, insert->str, -1, &stmt, NULL) != SQLITE_OK)
        g_error ("%s: %s", insert->str, sqlite3_errmsg (db));
      for (int r = 0; r < PQntuples (rows); r++)
        {
          for (int c = 0; c < PQnfields (rows); c++)
            if (PQgetisnull (rows, r, c))
              sqlite3_bind_null (stmt, c + 1);
            else
              sqlite3_bind_text (stmt, c + 1, PQgetvalue (rows, r, c), -1, SQLITE_TRANSIENT);
          if (sqlite3_step (stmt) != SQLITE_DONE)
            g_error ("%s: %s", insert->str, sqlite3_errmsg (db));
          sqlite3_reset (stmt);
        }
      sqlite3_finalize (stmt);
      PQclear (rows);
    }
  if (sqlite3_exec (db, "DELETE FROM case_facts; INSERT INTO case_facts SELECT * FROM case_facts_of_record;"
                        "COMMIT", NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s", message);
  sqlite3_close (db);
  PQfinish (pg);
}

/* Four desks on four connections write to the same few cases, a round
 * at a time, all at once: a claim, a text, a call-back's outcome, a
 * close with a job's value, a reopening, an opt-out, a booking… The
 * facts the database kept as they wrote are those its raw tables give,
 * and the report from them is SQLite's from the same rows. */
static void
test_desks_at_once (void)
{
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 11, 2, 14, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialConfig) config = redial_config_load_from_data (settings, "test", &error);
  g_autoptr(RedialPgStore) pg = NULL;
  g_autoptr(RedialStore) sqlite = NULL;
  g_autofree char *dir = redial_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "redial.db", NULL);
  g_autofree char *kept = NULL, *recomputed = NULL, *report = NULL, *sqlite_report = NULL;
  Desk desk_of[N_DESKS];
  GThread *threads[N_DESKS];
  Race race = { 0 };

  g_assert_no_error (error);
  race.seed = redial_test_seed ("REDIAL_FACTS_RACE_SEED");
  g_test_message ("seed %u (REDIAL_FACTS_RACE_SEED=%u repeats what each desk does)", race.seed, race.seed);
  race.url = pg_harness_create_database ();
  race.start = g_date_time_to_unix (start) * G_USEC_PER_SEC;
  race.failures = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&race.lock);
  g_cond_init (&race.turn);
  open_cases (&race);

  for (guint d = 0; d < N_DESKS; d++)
    {
      desk_of[d] = (Desk) { &race, d };
      threads[d] = g_thread_new (desks[d], run_desk, &desk_of[d]);
    }
  for (guint d = 0; d < N_DESKS; d++)
    g_thread_join (threads[d]);

  /* Every write went through: a desk is told "claimed", "closed"… when
   * another got there first, never that the database gave up. */
  g_ptr_array_add (race.failures, NULL);
  if (race.failures->len > 1)
    g_error ("seed %u: %u writes failed, first %s", race.seed, race.failures->len - 1,
             (char *) race.failures->pdata[0]);

  /* Some of everything happened, so that the comparison means something. */
  g_assert_cmpint (pg_harness_query_int (race.url, "SELECT count (*) FROM case_events WHERE kind = 'reopened'",
                                         NULL), >, 0);
  g_assert_cmpint (pg_harness_query_int (race.url, "SELECT count (*) FROM case_facts WHERE opted_out", NULL), >, 0);
  g_assert_cmpint (pg_harness_query_int (race.url, "SELECT count (*) FROM case_facts WHERE called_back", NULL),
                   >, 0);

  kept = pg_harness_query_rows (race.url, "SELECT * FROM case_facts ORDER BY case_id", NULL);
  recomputed = pg_harness_query_rows (race.url, "SELECT * FROM case_facts_of_record ORDER BY case_id", NULL);
  if (!g_str_equal (kept, recomputed))
    {
      g_autofree char *where = first_difference (kept, recomputed);

      g_error ("seed %u: the facts kept differ from those of the raw tables %s", race.seed, where);
    }

  pg = redial_pg_store_open (race.url, NULL, &error);
  g_assert_no_error (error);
  report = redial_report_describe_november (REDIAL_STORE (pg), config);
  copy_to_sqlite (race.url, path);
  sqlite = redial_store_open (path, &error);
  g_assert_no_error (error);
  sqlite_report = redial_report_describe_november (sqlite, config);
  if (!g_str_equal (report, sqlite_report))
    {
      g_autofree char *where = first_difference (report, sqlite_report);

      g_error ("seed %u: the report differs from SQLite's on the same rows %s", race.seed, where);
    }

  g_clear_object (&pg);
  g_clear_object (&sqlite);
  pg_harness_drop_database (race.url);
  redial_test_remove_tree (dir);
  for (guint i = 0; i < N_CALLERS; i++)
    g_free (race.callers[i]);
  g_ptr_array_unref (race.failures);
  g_mutex_clear (&race.lock);
  g_cond_clear (&race.turn);
  g_free (race.url);
}

/* A connection of its own to @url, as another desk's. */
static PGconn *
connect_desk (const char *url)
{
  PGconn *conn = PQconnectdb (url);

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  return conn;
}

static void
run_sql (PGconn     *conn,
         const char *sql)
{
  PGresult *result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  PQclear (result);
}

/* Whether the statement @conn sent is done, or waits for a lock that
 * another transaction holds (asked of the server on @watch). */
static gboolean
done_or_waiting (PGconn *conn,
                 PGconn *watch)
{
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM pg_stat_activity WHERE pid = %d"
                                          " AND wait_event_type = 'Lock'", PQbackendPID (conn));
  PGresult *result;
  gboolean waiting;

  g_assert_true (PQconsumeInput (conn));
  if (!PQisBusy (conn))
    return TRUE;
  result = PQexec (watch, sql);
  waiting = PQntuples (result) == 1;
  PQclear (result);
  return waiting;
}

typedef struct
{
  const char *name;
  gboolean    closed;     /* the case was closed at 5000 to begin with */
  const char *change;     /* what one desk does to the case, not yet committed */
  gboolean    opted_out;  /* what the case's facts say once both are done */
} OptOutRace;

/* One desk closes or reopens a case (its transaction still open) while
 * another records the caller's STOP, after the case was closed, or
 * before it is: once both are committed, the kept facts count the
 * opt-out exactly when it fell while the case was open, as the raw
 * tables do. */
static void
test_opt_out_while_changed (gconstpointer data)
{
  const OptOutRace *race = data;
  g_autofree char *url = pg_harness_create_database ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialStore) store = REDIAL_STORE (redial_pg_store_open (url, NULL, &error));
  g_autoptr(RedialCall) call = g_object_new (REDIAL_TYPE_CALL, "provider", "test", "provider-call-id", "c1",
                                             "caller", "+13125550100", "started-at", G_GINT64_CONSTANT (1000),
                                             "ended-at", G_GINT64_CONSTANT (2000),
                                             "disposition", REDIAL_DISPOSITION_NO_ANSWER, NULL);
  RedialStoreRecord record;
  g_autoptr(RedialCase) kase = redial_store_record_call (store, call, TRUE, &record, &error);
  g_autofree char *change = NULL;
  g_autofree char *kept = NULL, *recomputed = NULL;
  PGconn *closer, *stopper, *watch;
  PGresult *result;

  g_assert_no_error (error);
  if (race->closed)
    g_assert_true (redial_store_close_case (store, redial_case_get_id (kase), REDIAL_CASE_OUTCOME_LOST, -1,
                                            "Dana", 5000, NULL, &error));
  g_assert_no_error (error);

  closer = connect_desk (url);
  stopper = connect_desk (url);
  watch = connect_desk (url);
  change = g_strdup_printf (race->change, redial_case_get_id (kase));
  run_sql (closer, "BEGIN");
  run_sql (closer, change);
  /* The STOP comes at 8000: after the close at 5000, while reopened. */
  g_assert_true (PQsendQuery (stopper, "INSERT INTO opt_out_audit (phone, opted_out, at, message)"
                                       " VALUES ('+13125550100', 1, 8000, 'STOP')"));
  while (!done_or_waiting (stopper, watch))
    g_usleep (1000);
  run_sql (closer, "COMMIT");
  while ((result = PQgetResult (stopper)) != NULL)
    {
      g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
      PQclear (result);
    }

  kept = pg_harness_query_rows (url, "SELECT * FROM case_facts ORDER BY case_id", NULL);
  recomputed = pg_harness_query_rows (url, "SELECT * FROM case_facts_of_record ORDER BY case_id", NULL);
  g_assert_cmpstr (kept, ==, recomputed);
  g_assert_cmpint (pg_harness_query_int (url, "SELECT opted_out::int FROM case_facts", NULL), ==, race->opted_out);

  PQfinish (watch);
  PQfinish (stopper);
  PQfinish (closer);
  g_clear_object (&store);
  pg_harness_drop_database (url);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  static const OptOutRace opt_out_races[] = {
    { "/report/facts/opt-out-while-closed", FALSE,
      "UPDATE cases SET closed_at = 5000, outcome = 'lost', state = 'closed' WHERE id = %" G_GINT64_FORMAT, FALSE },
    { "/report/facts/opt-out-while-reopened", TRUE,
      "UPDATE cases SET closed_at = NULL, outcome = NULL, state = 'new' WHERE id = %" G_GINT64_FORMAT, TRUE },
  };

  g_test_add_func ("/report/facts/desks-at-once", test_desks_at_once);
  for (guint i = 0; i < G_N_ELEMENTS (opt_out_races); i++)
    g_test_add_data_func (opt_out_races[i].name, &opt_out_races[i], test_opt_out_while_changed);

  return g_test_run ();
}
