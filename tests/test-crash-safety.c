/* test-crash-safety.c: redial --service killed with SIGKILL in a burst of missed calls, restarted, the calls replayed: none lost, no caller texted twice.
 *
 * The service runs as a user runs it, against the test AMI server and the
 * test Twilio server (tests/servers/). A burst of 500 missed calls (50 of
 * them repeat callers) comes in; the service is killed at several points
 * chosen from a seed (printed; REDIAL_CRASH_SEED repeats a run,
 * REDIAL_CRASH_KILLS sets how many kills), the first time while a text is
 * being handed to Twilio. After each restart the server sends the whole
 * burst again, as a PBX that re-reports calls would, and at the end:
 * every call is recorded once, every caller was texted exactly once (the
 * text caught in the hand-off found at Twilio after the restart and
 * marked sent, none marked failed), and SQLite finds the database
 * intact. Every wait is for a condition (rows in the
 * database, requests at a server), never for time to pass. */
#include "config.h"

#include <gio/gio.h>
#include <signal.h>
#include <sqlite3.h>

#include "ami-scenarios.h"
#include "ami-server.h"
#include "office-process.h"
#include "redial-test-util.h"
#include "twilio-server.h"

#define N_CALLS        500
#define N_REPEATS      50    /* the last calls of the burst are from earlier callers */
#define N_CALLERS      (N_CALLS - N_REPEATS)
#define DEFAULT_KILLS  4
/* What the README says a text caught in the hand-off is marked with
 * when the gateway cannot tell whether it created it. */
#define HAND_OFF_REASON "Redial stopped while handing this text to the SMS gateway%"
/* A wait that takes longer than this has failed: the service is stuck. */
#define WAIT_US        (120 * G_USEC_PER_SEC)

typedef struct
{
  char         *dir;
  char         *conf;
  char         *db;
  AmiServer    *ami;
  TwilioServer *sms;
  AmiBurst     *burst;
  GSubprocess  *service;
  gboolean      service_exited;
  guint         n_starts;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  gint64 start_us = g_get_real_time () - N_CALLS * G_USEC_PER_SEC;

  f->dir = redial_test_make_dir ();
  f->db = g_build_filename (f->dir, "redial.db", NULL);
  f->ami = ami_server_new (OFFICE_AMI_USER, OFFICE_AMI_SECRET);
  f->sms = twilio_server_new (OFFICE_ACCOUNT_SID, OFFICE_AUTH_TOKEN);
  twilio_server_set_now (f->sms, g_get_real_time ());
  f->burst = ami_burst_new (start_us, N_CALLS, N_REPEATS);

  f->conf = office_process_write_sqlite_config (f->dir, f->db, ami_server_get_port (f->ami),
                                                twilio_server_get_url (f->sms));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->service != NULL && !f->service_exited)
    {
      g_subprocess_force_exit (f->service);
      g_subprocess_wait (f->service, NULL, NULL);
    }
  g_clear_object (&f->service);
  g_clear_pointer (&f->ami, ami_server_free);
  g_clear_pointer (&f->sms, twilio_server_free);
  g_clear_pointer (&f->burst, ami_burst_free);
  redial_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->conf, g_free);
  g_clear_pointer (&f->db, g_free);
}

/* The database, as another process reads it while the service writes */

static sqlite3 *
open_db (Fixture *f)
{
  sqlite3 *db = NULL;

  if (!g_file_test (f->db, G_FILE_TEST_EXISTS) ||
      sqlite3_open_v2 (f->db, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 5000);
  return db;
}

/* The first column of the first row of @sql, with @text bound to its
 * parameter if it has one; -1 when the database cannot be read (yet). */
static gint64
query_int (Fixture    *f,
           const char *sql,
           const char *text)
{
  sqlite3 *db = open_db (f);
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  if (db == NULL)
    return -1;
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK)
    {
      if (text != NULL)
        sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        value = sqlite3_column_int64 (stmt, 0);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* Why texts failed, one line per reason with its count. */
static void
report_failures (Fixture *f)
{
  sqlite3 *db = open_db (f);
  sqlite3_stmt *stmt = NULL;

  g_assert_nonnull (db);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*), error FROM messages WHERE status = 'failed'"
                                           " GROUP BY error ORDER BY count(*) DESC", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_test_message ("%d texts failed: %s", sqlite3_column_int (stmt, 0), sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static char *
query_text (Fixture    *f,
            const char *sql)
{
  sqlite3 *db = open_db (f);
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_nonnull (db);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static gint64
n_calls (Fixture *f)
{
  return query_int (f, "SELECT count(*) FROM calls", NULL);
}

/* The service */

static char *
service_log (Fixture *f)
{
  g_autofree char *path = g_strdup_printf ("%s/service-%u.log", f->dir, f->n_starts);
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    text = g_strdup ("");
  return text;
}

/* What the database holds, for a failure's message. */
static char *
describe_db (Fixture *f)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT " calls, %" G_GINT64_FORMAT " cases, %" G_GINT64_FORMAT
                          " cases texted; outbound texts: %" G_GINT64_FORMAT " queued (%" G_GINT64_FORMAT
                          " not handed over yet), %" G_GINT64_FORMAT " sent or delivered, %" G_GINT64_FORMAT " failed",
                          n_calls (f),
                          query_int (f, "SELECT count(*) FROM cases", NULL),
                          query_int (f, "SELECT count(DISTINCT case_id) FROM messages WHERE direction = 'outbound'", NULL),
                          query_int (f, "SELECT count(*) FROM messages WHERE direction = 'outbound' AND status = 'queued'", NULL),
                          query_int (f, "SELECT count(*) FROM messages WHERE direction = 'outbound' AND status = 'queued'"
                                        " AND provider_message_id IS NULL", NULL),
                          query_int (f, "SELECT count(*) FROM messages WHERE direction = 'outbound'"
                                        " AND status IN ('sent', 'delivered')", NULL),
                          query_int (f, "SELECT count(*) FROM messages WHERE direction = 'outbound' AND status = 'failed'", NULL));
}

typedef gboolean (*Condition) (Fixture *f, gpointer data);

/* Waits until @done holds, checking it again whenever the test's main
 * context has nothing to do; fails when the service dies or is stuck. */
static void
wait_until (Fixture     *f,
            Condition    done,
            gpointer     data,
            const char  *what)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_US;

  while (!done (f, data))
    {
      /* Twilio stamps what it creates with the time of day. */
      twilio_server_set_now (f->sms, g_get_real_time ());
      if (f->service_exited)
        {
          g_autofree char *log = service_log (f);

          g_error ("redial --service ended while waiting until %s; its log:\n%s", what, log);
        }
      if (g_get_monotonic_time () > deadline)
        {
          g_autofree char *log = service_log (f);
          g_autofree char *db = describe_db (f);

          g_error ("still waiting until %s after %d s (%s; Twilio created %u texts); the service's log:\n%s",
                   what, (int) (WAIT_US / G_USEC_PER_SEC), db, twilio_server_count_created (f->sms), log);
        }
      /* Polling another process's database: nothing tells of a commit. */
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
}

static void
on_service_exited (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  gboolean *exited = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *exited = TRUE;
}

static gboolean
has_reconciled (Fixture  *f,
                gpointer  data)
{
  return ami_server_count_actions (f->ami, "CoreShowChannels") > GPOINTER_TO_UINT (data);
}

/* Starts redial --service and waits until it has logged in to the AMI
 * server and asked for the live channels: from then on it hears events. */
static void
start_service (Fixture *f)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  guint reconciled = ami_server_count_actions (f->ami, "CoreShowChannels");

  g_clear_object (&f->service);
  f->n_starts++;
  log = g_strdup_printf ("%s/service-%u.log", f->dir, f->n_starts);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "G_DEBUG", "", TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", f->dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", f->dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", f->dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", f->dir, TRUE);
  /* A failed wait aborts the test: the service, killed or not, goes too. */
  redial_test_end_with_test (launcher, SIGKILL);
  f->service = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("REDIAL_BINARY"),
                                            "--service", "--config", f->conf, NULL);
  g_assert_no_error (error);
  f->service_exited = FALSE;
  g_subprocess_wait_async (f->service, NULL, on_service_exited, &f->service_exited);

  wait_until (f, has_reconciled, GUINT_TO_POINTER (reconciled), "the service is connected to the PBX");
}

static void
kill_service (Fixture *f)
{
  g_subprocess_force_exit (f->service);
  while (!f->service_exited)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_subprocess_get_if_signaled (f->service));
  g_assert_cmpint (g_subprocess_get_term_sig (f->service), ==, SIGKILL);
}

/* The PBX */

static void
send_calls (Fixture *f,
            guint    from,
            guint    to)
{
  g_autofree char *wire = ami_burst_wire (f->burst, from, to);

  if (*wire != '\0')
    ami_server_send_events (f->ami, wire);
}

static gboolean
has_calls (Fixture  *f,
           gpointer  data)
{
  return n_calls (f) >= GPOINTER_TO_INT (data);
}

static gboolean
has_creates (Fixture  *f,
             gpointer  data)
{
  return twilio_server_count_requests (f->sms, TWILIO_CREATE) >= GPOINTER_TO_UINT (data);
}

/* Every caller has a case and a text, and no text is waiting to go out. */
static gboolean
has_settled (Fixture  *f,
             gpointer  data)
{
  gint64 n_cases = query_int (f, "SELECT count(*) FROM cases", NULL);
  gint64 n_texted = query_int (f, "SELECT count(DISTINCT case_id) FROM messages WHERE direction = 'outbound'", NULL);
  gint64 n_unsent = query_int (f, "SELECT count(*) FROM messages WHERE direction = 'outbound'"
                                  " AND status = 'queued' AND provider_message_id IS NULL", NULL);

  return n_cases == N_CALLERS && n_texted == N_CALLERS && n_unsent == 0;
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a;
  guint y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

static void
test_killed_in_a_burst (Fixture       *f,
                        gconstpointer  data)
{
  guint seed = redial_test_seed ("REDIAL_CRASH_SEED");
  const char *kills_text = g_getenv ("REDIAL_CRASH_KILLS");
  guint n_kills = kills_text != NULL ? (guint) g_ascii_strtoull (kills_text, NULL, 10) : DEFAULT_KILLS;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *integrity = NULL;

  n_kills = CLAMP (n_kills, 1, 20);
  g_test_message ("seed %u (REDIAL_CRASH_SEED=%u repeats this run), %u kills", seed, seed, n_kills);

  /* Where each kill falls: after so many calls are recorded. */
  for (guint i = 0; i < n_kills; i++)
    {
      guint point = g_rand_int_range (rand, 25, N_CALLS - 25);

      g_array_append_val (points, point);
    }
  g_array_sort (points, compare_uint);

  start_service (f);
  for (guint i = 0; i < n_kills; i++)
    {
      guint point = g_array_index (points, guint, i);

      g_test_message ("kill %u: once %u calls are recorded%s", i + 1, point,
                      i == 0 ? ", with a text in the hand-off" : "");
      /* The PBX re-reports the calls the last run may not have seen. */
      send_calls (f, 0, point);
      wait_until (f, has_calls, GINT_TO_POINTER (point), "calls are recorded");

      if (i == 0)
        {
          guint n_created;

          /* Every text so far has gone out; Twilio takes the next one in,
           * creates it, and never answers: it is in the hand-off. */
          wait_until (f, has_creates, GUINT_TO_POINTER (ami_burst_count_callers (f->burst, point)),
                      "the callers so far are texted");
          n_created = twilio_server_count_requests (f->sms, TWILIO_CREATE);
          twilio_server_add_fault (f->sms, TWILIO_CREATE, TWILIO_FAULT_HANG_AFTER, 0, 0, 0);
          send_calls (f, point, N_CALLS);
          wait_until (f, has_creates, GUINT_TO_POINTER (n_created + 1), "a text is in the hand-off");
        }
      else
        send_calls (f, point, N_CALLS);

      kill_service (f);
      start_service (f);
    }

  /* The last run hears the whole burst again, and finishes it. */
  send_calls (f, 0, N_CALLS);
  wait_until (f, has_calls, GINT_TO_POINTER (N_CALLS), "every call is recorded");
  wait_until (f, has_settled, NULL, "every caller is texted");

  /* Stopped as a service is stopped; the database is then final. */
  g_subprocess_send_signal (f->service, SIGTERM);
  while (!f->service_exited)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_subprocess_get_if_exited (f->service));
  g_assert_cmpint (g_subprocess_get_exit_status (f->service), ==, 0);

  g_test_message ("Twilio created %u texts for %u callers", twilio_server_count_created (f->sms), N_CALLERS);
  report_failures (f);

  /* Every call once, the PBX's own id on each. */
  g_assert_cmpint (n_calls (f), ==, N_CALLS);
  for (guint i = 0; i < N_CALLS; i++)
    g_assert_cmpint (query_int (f, "SELECT count(*) FROM calls WHERE provider = 'ami' AND provider_call_id = ?",
                                g_ptr_array_index (f->burst->linkedids, i)), ==, 1);

  /* Every caller texted exactly once, by Twilio's count and by Redial's. */
  for (guint i = 0; i < N_CALLERS; i++)
    {
      const char *caller = g_ptr_array_index (f->burst->callers, i);

      if (twilio_server_count_created_to (f->sms, caller) != 1)
        g_error ("%s was texted %u times", caller, twilio_server_count_created_to (f->sms, caller));
      g_assert_cmpint (query_int (f, "SELECT count(*) FROM messages WHERE direction = 'outbound' AND peer = ?"
                                     " AND provider_message_id IS NOT NULL", caller), ==, 1);
    }
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM ("
                                 "  SELECT case_id FROM messages WHERE direction = 'outbound'"
                                 "  GROUP BY case_id HAVING count(*) > 1)", NULL), ==, 0);

  /* The text caught in the hand-off went out once (Twilio created it)
   * and was found there after the restart: none is left for a person to
   * check, and none failed. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM messages WHERE status = 'failed' AND error LIKE '"
                                 HAND_OFF_REASON "'", NULL), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM messages WHERE status = 'failed'", NULL), ==, 0);
  g_assert_cmpuint (twilio_server_count_created (f->sms), ==, N_CALLERS);

  integrity = query_text (f, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/crash-safety/killed-in-a-burst", Fixture, NULL,
              fixture_setup, test_killed_in_a_burst, fixture_teardown);

  return g_test_run ();
}
