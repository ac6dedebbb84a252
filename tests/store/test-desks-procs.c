/* test-desks-procs.c: two and ten Redial desks, each its own process on its own session bus, share one queue on PostgreSQL.
 *
 * Each desk is the real redial binary with its window on the test's X
 * server, started in `dbus-run-session` so that it is its own
 * GApplication, on one PostgreSQL database (pg-harness), hearing missed
 * calls from the test AMI server (one per desk, as Asterisk gives every
 * manager session every event) and texting back through the test Twilio
 * server. The test drives the desks as an office's scripts do, through
 * org.gtk.Actions on each desk's bus (app.claim-case, app.close-case),
 * and reads each desk's queue as they can, from the state of app.queue.
 * Every desk tries to claim every case at once: each case ends with one
 * owner, and every desk's queue holds the same cases with the same
 * owners as the database. Then the server restarts and stays out of the
 * desks' reach while a case is closed: every desk reconnects and drops
 * it from its queue. Waits are for conditions, never for time. */
#include "config.h"

#include "ami-scenarios.h"
#include "ami-server.h"
#include "office-process.h"
#include "pg-harness.h"
#include "redial-pg-store.h"
#include "redial-test-util.h"
#include "twilio-server.h"

#define MAX_DESKS      10
#define N_CALLS        12
/* A wait that takes longer than this has failed: the office is stuck. */
#define WAIT_US        (120 * G_USEC_PER_SEC)

typedef struct
{
  char          *dir;
  char          *url;
  TwilioServer  *sms;
  guint          n_desks;
  AmiServer     *ami[MAX_DESKS];
  OfficeProcess *desk[MAX_DESKS];
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->n_desks = GPOINTER_TO_UINT (data);
  f->dir = redial_test_make_dir ();
  f->url = pg_harness_create_database ();
  f->sms = twilio_server_new (OFFICE_ACCOUNT_SID, OFFICE_AUTH_TOKEN);
  twilio_server_set_now (f->sms, g_get_real_time ());
  for (guint i = 0; i < f->n_desks; i++)
    f->ami[i] = ami_server_new (OFFICE_AMI_USER, OFFICE_AMI_SECRET);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  for (guint i = 0; i < f->n_desks; i++)
    {
      g_clear_pointer (&f->desk[i], office_process_free);
      g_clear_pointer (&f->ami[i], ami_server_free);
    }
  g_clear_pointer (&f->sms, twilio_server_free);
  pg_harness_drop_database (f->url);
  g_clear_pointer (&f->url, g_free);
  redial_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

static char *
desk_user (guint i)
{
  return g_strdup_printf ("Desk %u", i);
}

static char *open_cases_in_store (Fixture *f);
static char *open_cases_at_desk  (Fixture *f,
                                  guint    i);

/* Every desk's queue and log, for a failure's message. */
static char *
describe (Fixture *f)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *store = open_cases_in_store (f);

  g_string_append_printf (text, "\n--- the database's open cases: %s", store);
  for (guint i = 0; i < f->n_desks; i++)
    {
      g_autofree char *desk = office_process_has_exited (f->desk[i]) ? NULL : open_cases_at_desk (f, i);
      g_autofree char *log = office_process_dup_log (f->desk[i]);
      g_autoptr(GVariant) queue = NULL;
      g_autofree char *printed = NULL;

      if (!office_process_has_exited (f->desk[i]))
        queue = office_process_dup_state (f->desk[i], "queue");
      printed = queue != NULL ? g_variant_print (queue, FALSE) : g_strdup ("(ended)");
      g_string_append_printf (text, "\n--- desk %u's queue: %s (%s)\nits log:\n%s", i, printed, desk, log);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

typedef gboolean (*Condition) (Fixture *f, gpointer data);

/* Goes on while every desk runs. */
static gboolean
keep_on (Fixture *f)
{
  /* Twilio stamps what it creates with the time of day. */
  twilio_server_set_now (f->sms, g_get_real_time ());
  for (guint i = 0; i < f->n_desks; i++)
    if (f->desk[i] != NULL && office_process_has_exited (f->desk[i]))
      return FALSE;
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

/* The database's open cases and their owners, as "id:owner" sorted. */
static char *
open_cases_in_store (Fixture *f)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gint64 n = pg_harness_query_int (f->url, "SELECT count(*) FROM cases WHERE closed_at IS NULL", NULL);

  /* One at a time, in order of id: a handful of cases. */
  for (gint64 id = 0, i = 0; i < n; i++)
    {
      g_autofree char *after = g_strdup_printf ("%" G_GINT64_FORMAT, id);
      g_autofree char *owner_of = NULL;
      gint64 owner;

      id = pg_harness_query_int (f->url, "SELECT min (id) FROM cases WHERE closed_at IS NULL AND id > $1::bigint", after);
      owner_of = g_strdup_printf ("%" G_GINT64_FORMAT, id);
      /* Owners are "Desk N": N, or -1 for nobody. */
      owner = pg_harness_query_int (f->url, "SELECT coalesce (substr (owner, 6)::bigint, -1) FROM cases"
                                            " WHERE id = $1::bigint", owner_of);
      if (owner < 0)
        g_string_append_printf (text, "%" G_GINT64_FORMAT ": ", id);
      else
        g_string_append_printf (text, "%" G_GINT64_FORMAT ":Desk %" G_GINT64_FORMAT " ", id, owner);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Desk @i's queue as it shows it, in the form of open_cases_in_store(). */
static char *
open_cases_at_desk (Fixture *f,
                    guint    i)
{
  g_autoptr(GVariant) queue = office_process_dup_state (f->desk[i], "queue");
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) text = g_string_new (NULL);
  GVariantIter iter;
  gint64 id;
  const char *caller;
  const char *owner;

  g_assert_nonnull (queue);
  g_variant_iter_init (&iter, queue);
  while (g_variant_iter_next (&iter, "(x&s&s)", &id, &caller, &owner))
    g_ptr_array_add (entries, g_strdup_printf ("%020" G_GINT64_FORMAT ":%s ", id, owner));
  g_ptr_array_sort (entries, compare_entries);
  for (guint j = 0; j < entries->len; j++)
    {
      const char *entry = g_ptr_array_index (entries, j);

      /* Without the zeros that sorted it. */
      g_string_append_printf (text, "%" G_GINT64_FORMAT "%s", g_ascii_strtoll (entry, NULL, 10), entry + 20);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Every desk's queue holds the database's open cases with their owners,
 * and there are @data of them. */
static gboolean
queues_agree (Fixture  *f,
              gpointer  data)
{
  g_autofree char *store = open_cases_in_store (f);

  if (pg_harness_query_int (f->url, "SELECT count(*) FROM cases WHERE closed_at IS NULL", NULL) != GPOINTER_TO_INT (data))
    return FALSE;
  for (guint i = 0; i < f->n_desks; i++)
    {
      g_autofree char *desk = open_cases_at_desk (f, i);

      if (g_strcmp0 (desk, store) != 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
all_claimed (Fixture  *f,
             gpointer  data)
{
  return pg_harness_query_int (f->url, "SELECT count(*) FROM cases WHERE owner IS NULL", NULL) == 0 &&
         queues_agree (f, data);
}

static gboolean
all_texted (Fixture  *f,
            gpointer  data)
{
  return twilio_server_count_created (f->sms) >= GPOINTER_TO_UINT (data);
}

/* Sends app.@action(@parameter) to desk @i without waiting for it: the
 * desks act at once. */
static void
activate_now (Fixture    *f,
              guint       i,
              const char *action,
              GVariant   *parameter)
{
  GVariantBuilder parameters;

  g_variant_builder_init (&parameters, G_VARIANT_TYPE ("av"));
  g_variant_builder_add (&parameters, "v", parameter);
  g_dbus_connection_call (office_process_wait_for_bus (f->desk[i]), "io.redial.Redial", "/io/redial/Redial",
                          "org.gtk.Actions", "Activate", g_variant_new ("(sava{sv})", action, &parameters, NULL),
                          NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL, NULL);
}

static void
test_desks_share_one_queue (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GString) wire = g_string_new (NULL);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 start_us = g_get_real_time () - N_CALLS * G_USEC_PER_SEC;
  gint64 started = g_get_monotonic_time ();
  g_autofree char *closed = NULL;

  for (guint i = 0; i < f->n_desks; i++)
    {
      g_autofree char *name = g_strdup_printf ("desk-%u", i);
      g_autofree char *dir = g_build_filename (f->dir, name, NULL);
      g_autofree char *user = desk_user (i);
      g_autofree char *conf = office_process_write_config (dir, f->url, ami_server_get_port (f->ami[i]),
                                                           twilio_server_get_url (f->sms));

      f->desk[i] = office_process_start (OFFICE_PROCESS_DESK, dir, conf, user);
    }
  for (guint i = 0; i < f->n_desks; i++)
    {
      office_process_wait_for_bus (f->desk[i]);
      wait_until (f, has_reconciled, GUINT_TO_POINTER (i), "every desk is connected to its PBX");
    }
  g_test_message ("%u desks started in %.1f s", f->n_desks, (g_get_monotonic_time () - started) / 1e6);

  /* The PBX reports the missed calls to every desk: one case each, in
   * every desk's queue, texted back once by the office's automation. */
  for (guint i = 0; i < N_CALLS; i++)
    {
      g_autofree char *number = g_strdup_printf ("+1312555%04u", 2000 + i);
      AmiCallSpec spec = { start_us + i * G_USEC_PER_SEC, 100 + i * 10, number, NULL, "13125550118" };
      g_autofree char *call = ami_scenario_bench_missed (&spec);

      g_string_append (wire, call);
    }
  for (guint i = 0; i < f->n_desks; i++)
    ami_server_send_events (f->ami[i], wire->str);
  wait_until (f, queues_agree, GINT_TO_POINTER (N_CALLS), "every desk's queue holds every call's case");
  wait_until (f, all_texted, GUINT_TO_POINTER (N_CALLS), "every caller is texted back");

  /* Every desk claims every case at once, each in its own order: the
   * database gives each case to one desk, and every desk sees whose. */
  for (gint64 id = 0, i = 0; i < N_CALLS; i++)
    {
      g_autofree char *after = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      id = pg_harness_query_int (f->url, "SELECT min (id) FROM cases WHERE id > $1::bigint", after);
      g_array_append_val (ids, id);
    }
  for (guint k = 0; k < N_CALLS; k++)
    for (guint i = 0; i < f->n_desks; i++)
      activate_now (f, i, "claim-case", g_variant_new_int64 (g_array_index (ids, gint64, (k + i * 5) % N_CALLS)));
  wait_until (f, all_claimed, GINT_TO_POINTER (N_CALLS), "every case has one owner, at every desk");

  /* The owner of the first case closes it: it leaves every queue. */
  closed = g_strdup_printf ("%" G_GINT64_FORMAT, g_array_index (ids, gint64, 0));
  {
    gint64 owner = pg_harness_query_int (f->url, "SELECT substr (owner, 6)::bigint FROM cases WHERE id = $1::bigint", closed);

    g_assert_cmpint (owner, >=, 0);
    g_assert_cmpint (owner, <, f->n_desks);
    office_process_activate (f->desk[owner], "close-case",
                             g_variant_new ("(xsx)", g_array_index (ids, gint64, 0), "not-a-fit", (gint64) -1));
  }
  wait_until (f, queues_agree, GINT_TO_POINTER (N_CALLS - 1), "the closed case left every desk's queue");

  /* The server restarts, and stays out of the desks' reach a while: a
   * case closed meanwhile (on the server's own machine) leaves every
   * desk's queue once they are back, though nobody announced it to them. */
  {
    g_autofree char *inside = pg_harness_begin_outage (f->url);
    g_autoptr(RedialPgStore) there = NULL;
    g_autoptr(GError) error = NULL;

    there = redial_pg_store_open (inside, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (redial_store_close_case (REDIAL_STORE (there), g_array_index (ids, gint64, 1),
                                            REDIAL_CASE_OUTCOME_NOT_A_FIT, -1, "Luis", g_get_real_time (),
                                            NULL, &error));
    g_assert_no_error (error);
    g_clear_object (&there);
    pg_harness_end_outage ();
  }
  wait_until (f, queues_agree, GINT_TO_POINTER (N_CALLS - 2), "a case closed while the server was away left every queue");

  /* Texted once each, whoever ran the automation. */
  g_assert_cmpuint (twilio_server_count_created (f->sms), ==, N_CALLS);
  g_assert_cmpint (pg_harness_query_int (f->url, "SELECT count(*) FROM calls", NULL), ==, N_CALLS);
  g_assert_cmpint (pg_harness_query_int (f->url, "SELECT count(*) FROM cases", NULL), ==, N_CALLS);
  g_test_message ("%u desks: %.1f s in all", f->n_desks, (g_get_monotonic_time () - started) / 1e6);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/desks/processes/two", Fixture, GUINT_TO_POINTER (2),
              fixture_setup, test_desks_share_one_queue, fixture_teardown);
  g_test_add ("/desks/processes/ten", Fixture, GUINT_TO_POINTER (10),
              fixture_setup, test_desks_share_one_queue, fixture_teardown);

  return g_test_run ();
}
