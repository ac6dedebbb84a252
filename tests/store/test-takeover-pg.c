/* test-takeover-pg.c: three redial --service on one PostgreSQL database; the one running the office's automation killed with SIGKILL in a burst of missed calls.
 *
 * Each service runs as an office runs it: its own process and session
 * bus, its own connection to the phone system (a test AMI server each, as
 * Asterisk gives every manager session every event), one Twilio test
 * server for all (tests/servers/). A burst of missed calls (some callers
 * call twice) reaches all three, the first part of it the holder of the
 * office lock last, so that the others open the cases it texts back;
 * once a point chosen from a seed
 * (printed; REDIAL_TAKEOVER_SEED repeats a run) is recorded, Twilio takes
 * the holder's next text in and never answers, and the holder of the
 * office lock is killed with that text in the hand-off. Another service
 * must take the automation over within 10 s of the kill (the time is
 * printed), and at the end every call is recorded once, every caller was
 * texted exactly once (the text caught in the hand-off found at Twilio,
 * not sent again), and none failed. Every wait is for a condition (rows
 * in the database, requests at a server, a line in a log), never for time
 * to pass. */
#include "config.h"

#include <signal.h>

#include "ami-scenarios.h"
#include "ami-server.h"
#include "office-process.h"
#include "pg-harness.h"
#include "redial-test-util.h"
#include "twilio-server.h"

#define N_SERVICES     3
#define N_CALLS        150
#define N_REPEATS      15    /* the last calls of the burst are from earlier callers */
#define N_CALLERS      (N_CALLS - N_REPEATS)
/* What the README promises: another takes over within this of a death. */
#define TAKEOVER_US    (10 * G_USEC_PER_SEC)
/* A wait that takes longer than this has failed: the office is stuck. */
#define WAIT_US        (120 * G_USEC_PER_SEC)
/* What a Redial logs when it takes the office's automation. */
#define TOOK_OVER      "This Redial runs the office's automation now"

typedef struct
{
  char          *dir;
  char          *url;
  TwilioServer  *sms;
  AmiServer     *ami[N_SERVICES];
  OfficeProcess *service[N_SERVICES];
  AmiBurst      *burst;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  gint64 start_us = g_get_real_time () - N_CALLS * G_USEC_PER_SEC;

  f->dir = redial_test_make_dir ();
  f->url = pg_harness_create_database ();
  f->sms = twilio_server_new (OFFICE_ACCOUNT_SID, OFFICE_AUTH_TOKEN);
  twilio_server_set_now (f->sms, g_get_real_time ());
  for (guint i = 0; i < N_SERVICES; i++)
    f->ami[i] = ami_server_new (OFFICE_AMI_USER, OFFICE_AMI_SECRET);
  f->burst = ami_burst_new (start_us, N_CALLS, N_REPEATS);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  for (guint i = 0; i < N_SERVICES; i++)
    {
      g_clear_pointer (&f->service[i], office_process_free);
      g_clear_pointer (&f->ami[i], ami_server_free);
    }
  g_clear_pointer (&f->sms, twilio_server_free);
  g_clear_pointer (&f->burst, ami_burst_free);
  pg_harness_drop_database (f->url);
  g_clear_pointer (&f->url, g_free);
  redial_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

static gint64
query_int (Fixture    *f,
           const char *sql,
           const char *text)
{
  return pg_harness_query_int (f->url, sql, text);
}

/* What the database holds, and every service's log, for a failure's message. */
static char *
describe (Fixture *f)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, "%" G_GINT64_FORMAT " calls, %" G_GINT64_FORMAT " cases, %" G_GINT64_FORMAT
                          " cases texted; outbound texts: %" G_GINT64_FORMAT " queued (%" G_GINT64_FORMAT
                          " not handed over yet), %" G_GINT64_FORMAT " failed; Twilio created %u",
                          query_int (f, "SELECT count(*) FROM calls", NULL),
                          query_int (f, "SELECT count(*) FROM cases", NULL),
                          query_int (f, "SELECT count(DISTINCT case_id) FROM messages WHERE direction = 'outbound'", NULL),
                          query_int (f, "SELECT count(*) FROM messages WHERE direction = 'outbound' AND status = 'queued'", NULL),
                          query_int (f, "SELECT count(*) FROM messages WHERE direction = 'outbound' AND status = 'queued'"
                                        " AND provider_message_id IS NULL", NULL),
                          query_int (f, "SELECT count(*) FROM messages WHERE direction = 'outbound' AND status = 'failed'", NULL),
                          twilio_server_count_created (f->sms));
  for (guint i = 0; i < N_SERVICES; i++)
    {
      g_autofree char *log = office_process_dup_log (f->service[i]);

      g_string_append_printf (text, "\n--- service %u's log:\n%s", i, log);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

typedef gboolean (*Condition) (Fixture *f, gpointer data);

static gboolean
keep_on (Fixture *f)
{
  /* Twilio stamps what it creates with the time of day. */
  twilio_server_set_now (f->sms, g_get_real_time ());
  return TRUE;
}

/* Waits until @done holds; fails when the office is stuck. */
static void
wait_until (Fixture     *f,
            Condition    done,
            gpointer     data,
            const char  *what)
{
  office_process_wait_until (f, (OfficeCondition) done, data, what, (OfficeKeepOn) keep_on,
                             (OfficeDescribe) describe, WAIT_US);
}

static gboolean
has_reconciled (Fixture  *f,
                gpointer  data)
{
  return ami_server_count_actions (f->ami[GPOINTER_TO_UINT (data)], "CoreShowChannels") > 0;
}

/* Every service that runs, and the index of the one that took the
 * office's automation most recently, or -1 while none did. */
static int
holder (Fixture *f)
{
  int found = -1;
  guint most = 0;

  for (guint i = 0; i < N_SERVICES; i++)
    {
      guint n;

      if (f->service[i] == NULL || office_process_has_exited (f->service[i]))
        continue;
      n = office_process_count_in_log (f->service[i], TOOK_OVER);
      if (n > most)
        {
          found = i;
          most = n;
        }
    }
  return found;
}

static gboolean
has_holder (Fixture  *f,
            gpointer  data)
{
  return holder (f) >= 0 && query_int (f, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted", NULL) == 1;
}

/* The PBX reports calls @from to @to to service @service's connection. */
static void
send_calls_to (Fixture *f,
               guint    service,
               guint    from,
               guint    to)
{
  g_autofree char *wire = ami_burst_wire (f->burst, from, to);

  if (*wire != '\0')
    ami_server_send_events (f->ami[service], wire);
}

static void
send_calls (Fixture *f,
            guint    from,
            guint    to)
{
  for (guint i = 0; i < N_SERVICES; i++)
    send_calls_to (f, i, from, to);
}

static gboolean
has_calls (Fixture  *f,
           gpointer  data)
{
  return query_int (f, "SELECT count(*) FROM calls", NULL) >= GPOINTER_TO_INT (data);
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
  return query_int (f, "SELECT count(*) FROM cases", NULL) == N_CALLERS &&
         query_int (f, "SELECT count(DISTINCT case_id) FROM messages WHERE direction = 'outbound'", NULL) == N_CALLERS &&
         query_int (f, "SELECT count(*) FROM messages WHERE direction = 'outbound'"
                       " AND status = 'queued' AND provider_message_id IS NULL", NULL) == 0;
}

static void
test_holder_killed_in_a_burst (Fixture       *f,
                               gconstpointer  data)
{
  guint seed = redial_test_seed ("REDIAL_TAKEOVER_SEED");
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint point = g_rand_int_range (rand, 20, N_CALLERS - 20);
  gint64 killed_at;
  gint64 took_over_at;
  guint n_created;
  int old;
  int now;

  g_test_message ("seed %u (REDIAL_TAKEOVER_SEED=%u repeats this run): the holder dies once %u calls are recorded",
                  seed, seed, point);

  for (guint i = 0; i < N_SERVICES; i++)
    {
      g_autofree char *name = g_strdup_printf ("service-%u", i);
      g_autofree char *dir = g_build_filename (f->dir, name, NULL);
      g_autofree char *conf = office_process_write_config (dir, f->url, ami_server_get_port (f->ami[i]),
                                                           twilio_server_get_url (f->sms));

      f->service[i] = office_process_start (OFFICE_PROCESS_SERVICE, dir, conf, NULL);
    }
  for (guint i = 0; i < N_SERVICES; i++)
    wait_until (f, has_reconciled, GUINT_TO_POINTER (i), "every service is connected to its PBX");
  wait_until (f, has_holder, NULL, "one service runs the automation");
  old = holder (f);
  g_test_message ("service %d runs the office's automation", old);

  /* The burst so far reaches the holder last: the others record every
   * call and open every case, and the holder texts them back. */
  for (guint i = 0; i < N_SERVICES; i++)
    if ((int) i != old)
      send_calls_to (f, i, 0, point);
  wait_until (f, has_calls, GINT_TO_POINTER (point), "calls are recorded");
  send_calls_to (f, old, 0, point);
  wait_until (f, has_creates, GUINT_TO_POINTER (ami_burst_count_callers (f->burst, point)),
              "the callers so far are texted");

  /* Twilio takes the next text in, creates it, and never answers: it is
   * in the holder's hand-off when the holder dies. */
  n_created = twilio_server_count_requests (f->sms, TWILIO_CREATE);
  twilio_server_add_fault (f->sms, TWILIO_CREATE, TWILIO_FAULT_HANG_AFTER, 0, 0, 0);
  send_calls (f, point, N_CALLS);
  wait_until (f, has_creates, GUINT_TO_POINTER (n_created + 1), "a text is in the hand-off");

  office_process_signal (f->service[old], SIGKILL);
  killed_at = g_get_monotonic_time ();
  wait_until (f, has_holder, NULL, "another service takes the automation over");
  took_over_at = g_get_monotonic_time ();
  now = holder (f);
  g_test_message ("service %d took the office's automation over %.2f s after service %d was killed",
                  now, (took_over_at - killed_at) / (double) G_USEC_PER_SEC, old);
  g_assert_cmpint (now, !=, old);
  g_assert_cmpint (took_over_at - killed_at, <=, TAKEOVER_US);

  wait_until (f, has_calls, GINT_TO_POINTER (N_CALLS), "every call is recorded");
  wait_until (f, has_settled, NULL, "every caller is texted");

  /* The others stop as services are stopped; the database is then final. */
  for (guint i = 0; i < N_SERVICES; i++)
    if ((int) i != old)
      {
        office_process_signal (f->service[i], SIGTERM);
        g_assert_true (office_process_exited_cleanly (f->service[i]));
      }

  g_test_message ("Twilio created %u texts for %u callers", twilio_server_count_created (f->sms), N_CALLERS);

  /* Every call once, the PBX's own id on each. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM calls", NULL), ==, N_CALLS);
  for (guint i = 0; i < N_CALLS; i++)
    g_assert_cmpint (query_int (f, "SELECT count(*) FROM calls WHERE provider = 'ami' AND provider_call_id = $1",
                                g_ptr_array_index (f->burst->linkedids, i)), ==, 1);

  /* Every caller texted exactly once, by Twilio's count and by Redial's. */
  for (guint i = 0; i < N_CALLERS; i++)
    {
      const char *caller = g_ptr_array_index (f->burst->callers, i);

      if (twilio_server_count_created_to (f->sms, caller) != 1)
        {
          g_autofree char *texts = pg_harness_query_rows (f->url, "SELECT id, case_id, kind, status, provider_message_id,"
                                                                  " created_at, attempted_at FROM messages WHERE peer = $1",
                                                          caller);

          g_error ("%s was texted %u times; its texts:\n%s", caller, twilio_server_count_created_to (f->sms, caller), texts);
        }
      g_assert_cmpint (query_int (f, "SELECT count(*) FROM messages WHERE direction = 'outbound' AND peer = $1"
                                     " AND provider_message_id IS NOT NULL", caller), ==, 1);
    }
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM (SELECT case_id FROM messages WHERE direction = 'outbound'"
                                 " GROUP BY case_id HAVING count(*) > 1) AS twice", NULL), ==, 0);

  /* The text caught in the hand-off was found at Twilio by the new
   * holder: none failed, none is left for a person to check. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM messages WHERE status = 'failed'", NULL), ==, 0);
  g_assert_cmpuint (twilio_server_count_created (f->sms), ==, N_CALLERS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/desks/takeover/holder-killed-in-a-burst", Fixture, NULL,
              fixture_setup, test_holder_killed_in_a_burst, fixture_teardown);

  return g_test_run ();
}
