/* test-shared-settings-pg.c: desks on one PostgreSQL store go by one set of business settings, changed live. */
#include "config.h"

#include "pg-harness.h"
#include "redial-context.h"
#include "redial-fake-clock.h"
#include "redial-pg-store.h"
#include "redial-test-util.h"

/* The business's desk files differ only in their Friday hours. */
#define DESK_CONF \
  "[business]\n" \
  "name = Acme Plumbing\n" \
  "time-zone = America/Chicago\n" \
  "[hours]\n" \
  "friday = %s\n" \
  "[sms]\n" \
  "backend = demo\n" \
  "from = +1 312 555 0100\n" \
  "[store]\n" \
  "url = %s\n"

typedef struct
{
  char      *url;
  char      *dir;
  GPtrArray *messages;  /* what Redial logged */
} Fixture;

/* What the process logged, for the test under way. */
static GMutex     log_lock;
static GPtrArray *log_messages;

static GLogWriterOutput
record_log (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  g_mutex_lock (&log_lock);
  for (gsize i = 0; i < n_fields && log_messages != NULL; i++)
    if (g_str_equal (fields[i].key, "MESSAGE"))
      g_ptr_array_add (log_messages, fields[i].length < 0 ? g_strdup (fields[i].value)
                                                          : g_strndup (fields[i].value, fields[i].length));
  g_mutex_unlock (&log_lock);
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->url = pg_harness_create_database ();
  f->dir = redial_test_make_dir ();
  f->messages = g_ptr_array_new_with_free_func (g_free);
  g_mutex_lock (&log_lock);
  log_messages = f->messages;
  g_mutex_unlock (&log_lock);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_mutex_lock (&log_lock);
  log_messages = NULL;
  g_mutex_unlock (&log_lock);
  g_ptr_array_unref (f->messages);
  redial_test_remove_tree (f->dir);
  g_free (f->dir);
  pg_harness_drop_database (f->url);
  g_free (f->url);
}

/* A Friday in November in Chicago, at @hour:00, in Unix µs. */
static gint64
friday_at (int hour)
{
  return redial_test_time_in ("America/Chicago", 2026, 11, 27, hour, 0);
}

/* The path of a desk settings file open on Fridays @friday. */
static char *
write_desk_file (Fixture    *f,
                 const char *name,
                 const char *friday)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autofree char *text = g_strdup_printf (DESK_CONF, friday, f->url);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* A desk whose file keeps Fridays @friday, its store open. */
static RedialContext *
open_desk (Fixture    *f,
           const char *name,
           const char *friday)
{
  g_autofree char *path = write_desk_file (f, name, friday);
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialConfig) config = redial_config_load (path, &error);
  g_autoptr(RedialClock) clock = redial_fake_clock_new (friday_at (18));
  g_autoptr(RedialContext) context = NULL;

  g_assert_no_error (error);
  context = redial_context_new (config, clock);
  g_assert_true (redial_context_open_store (context, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&context);
}

static gboolean
open_at_six (RedialContext *desk)
{
  RedialConfig *config = redial_context_get_config (desk);

  return redial_hours_is_open (redial_config_get_hours (config), friday_at (18));
}

static gint64
shared_version (RedialContext *desk)
{
  return redial_shared_settings_get_version (redial_context_get_shared_settings (desk));
}

static gboolean
logged (Fixture    *f,
        const char *pattern)
{
  for (guint i = 0; i < f->messages->len; i++)
    if (g_pattern_match_simple (pattern, g_ptr_array_index (f->messages, i)))
      return TRUE;
  return FALSE;
}

static guint
count_logged (Fixture    *f,
              const char *pattern)
{
  guint n = 0;

  for (guint i = 0; i < f->messages->len; i++)
    n += g_pattern_match_simple (pattern, g_ptr_array_index (f->messages, i));
  return n;
}

#define WAIT_FOR(condition) PG_HARNESS_WAIT_FOR (condition)

static void
test_first_desk_seeds (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(RedialContext) first = NULL;
  g_autoptr(RedialContext) second = NULL;
  g_autofree char *text = NULL;
  g_autofree char *by = NULL;
  g_autofree char *who = redial_shared_settings_who ();
  gint64 version = 0;
  g_autoptr(GError) error = NULL;

  /* The first desk on an empty store gives it its file's business settings. */
  first = open_desk (f, "first.conf", "08:00-20:00");
  g_assert_cmpint (shared_version (first), ==, 1);
  g_assert_true (redial_store_get_settings (redial_context_get_store (first), &version, &text, &by, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (version, ==, 1);
  g_assert_nonnull (strstr (text, "friday=08:00-20:00"));
  g_assert_nonnull (strstr (text, "Acme Plumbing"));
  /* Its own connections and secrets stay on the desk. */
  g_assert_null (strstr (text, "[store]"));
  g_assert_null (strstr (text, "[sms]"));
  g_assert_null (strstr (text, f->url));
  g_assert_cmpstr (by, ==, who);
  g_assert_true (logged (f, "*had no business settings*first.conf*version 1*"));
  g_assert_true (open_at_six (first));

  /* The next desk's file says otherwise: the shared settings win, and
   * the key they override is logged, once. */
  second = open_desk (f, "second.conf", "08:00-17:00");
  g_assert_cmpint (shared_version (second), ==, 1);
  g_assert_true (open_at_six (second));
  g_assert_cmpuint (count_logged (f, "*second.conf*shared business settings (version 1)*[hours] friday*"), ==, 1);
  g_assert_false (logged (f, "*first.conf*are used instead*"));
  /* What is the desk's own stays its own. */
  g_assert_cmpstr (redial_config_get_store_url (redial_context_get_config (second)), ==, f->url);
  g_assert_cmpstr (redial_config_get_sms_gateway (redial_context_get_config (second)), ==, "demo");

  /* Nothing was written by the second desk. */
  g_clear_pointer (&text, g_free);
  g_assert_true (redial_store_get_settings (redial_context_get_store (first), &version, &text, NULL, NULL, &error));
  g_assert_cmpint (version, ==, 1);
}

static GPtrArray *
list_texts (RedialContext *desk,
            RedialCase    *kase)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *texts = redial_store_list_messages (redial_context_get_store (desk),
                                                 redial_case_get_id (kase), &error);

  g_assert_no_error (error);
  return texts;
}

static guint
n_texts (RedialContext *desk,
         RedialCase    *kase)
{
  g_autoptr(GPtrArray) texts = list_texts (desk, kase);

  return texts->len;
}

/* The body of the newest text to @kase. */
static char *
last_text (RedialContext *desk,
           RedialCase    *kase)
{
  g_autoptr(GPtrArray) texts = list_texts (desk, kase);

  g_assert_cmpuint (texts->len, >, 0);
  return g_strdup (redial_message_get_body (g_ptr_array_index (texts, texts->len - 1)));
}

static void
test_push_reaches_running_desk (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(RedialContext) there = open_desk (f, "there.conf", "08:00-20:00");
  g_autoptr(RedialContext) here = open_desk (f, "here.conf", "08:00-20:00");
  g_autofree char *closing = write_desk_file (f, "closing-early.conf", "08:00-17:00");
  g_autoptr(RedialConfig) file = NULL;
  g_autoptr(RedialCallEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) kase = NULL;
  g_autofree char *body = NULL;
  RedialConfig *config = redial_context_get_config (here);
  RedialEngine *engine;
  GListModel *queue;
  gint64 version = 0;
  gulong changed = 0;
  guint n_changed = 0;

  g_assert_true (redial_context_open (here, &error));
  g_assert_no_error (error);
  g_assert_true (redial_context_start (here, &error));
  g_assert_no_error (error);
  engine = redial_context_get_engine (here);
  /* The office lock is taken off the main loop: this desk texts back
   * once it holds it. */
  WAIT_FOR (redial_pg_store_get_office_held (REDIAL_PG_STORE (redial_context_get_store (here))));
  g_assert_true (open_at_six (here));
  changed = g_signal_connect_swapped (config, "changed", G_CALLBACK (g_atomic_int_inc), &n_changed);

  /* Another desk closes on Fridays at 17:00 from now on. */
  file = redial_config_load (closing, &error);
  g_assert_no_error (error);
  g_assert_true (redial_shared_settings_push (redial_context_get_store (there), file, "ann@front",
                                              g_get_real_time (), &version, &error));
  g_assert_no_error (error);
  g_assert_cmpint (version, ==, 2);

  /* This desk goes by them without a restart: the very settings its
   * engine holds. */
  WAIT_FOR (shared_version (here) == 2);
  g_assert_cmpuint (n_changed, ==, 1);
  g_assert_true (redial_engine_get_config (engine) == config);
  g_assert_false (open_at_six (here));
  g_assert_true (logged (f, "*ann@front*version 2*"));

  /* A call at 18:00 is after hours now: the after-hours text-back. */
  event = redial_call_event_new ();
  event->provider = g_strdup ("test");
  event->provider_call_id = g_strdup ("friday-evening");
  event->caller = g_strdup ("+13125550142");
  event->started_at = friday_at (18) - 20 * G_USEC_PER_SEC;
  event->ended_at = friday_at (18);
  event->disposition = REDIAL_DISPOSITION_NO_ANSWER;
  redial_engine_handle_call (engine, event);
  queue = redial_engine_get_queue (engine);
  WAIT_FOR (g_list_model_get_n_items (queue) == 1);
  kase = g_list_model_get_item (queue, 0);
  WAIT_FOR (n_texts (here, kase) > 0);
  body = last_text (here, kase);
  g_assert_nonnull (strstr (body, "closed now"));

  g_signal_handler_disconnect (config, changed);
  redial_context_stop (here);
}

/* Starts `redial --config @desk --push-settings @file`. */
static GSubprocess *
spawn_push (Fixture    *f,
            const char *desk,
            const char *file)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", f->dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", f->dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("REDIAL_BINARY"),
                                         "--config", desk, "--push-settings", file, NULL);
  g_assert_no_error (error);
  return process;
}

/* Waits for @process; returns its exit status. */
static int
finish (GSubprocess  *process,
        char        **out,
        char        **err)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error));
  g_assert_no_error (error);
  g_test_message ("stdout: %s\nstderr: %s", *out, *err);
  return g_subprocess_get_exit_status (process);
}

static gint64
newest_version (RedialContext  *desk,
                char          **data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 version = 0;

  g_assert_true (redial_store_get_settings (redial_context_get_store (desk), &version, &text, NULL, NULL, &error));
  g_assert_no_error (error);
  if (data != NULL)
    *data = g_steal_pointer (&text);
  return version;
}

static void
test_push_command (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(RedialContext) desk = open_desk (f, "desk.conf", "08:00-20:00");
  g_autofree char *desk_file = g_build_filename (f->dir, "desk.conf", NULL);
  g_autofree char *closing = write_desk_file (f, "closing-early.conf", "08:00-17:00");
  g_autofree char *bad = g_build_filename (f->dir, "bad.conf", NULL);
  g_autofree char *broken = g_build_filename (f->dir, "broken.conf", NULL);
  g_autofree char *who = redial_shared_settings_who ();
  g_autofree char *text = NULL;
  g_autofree char *by = NULL;
  gint64 version = 0;
  gint64 at = 0;
  g_autoptr(GError) error = NULL;

  /* A value no desk could use, and a file that is no settings file:
   * refused with the file, group and key at fault; nothing changes. */
  g_assert_true (g_file_set_contents (bad, "[hours]\nfriday = 17:00-08:00\n", -1, NULL));
  g_assert_true (g_file_set_contents (broken, "[hours\nfriday = closed\n", -1, NULL));
  {
    g_autoptr(GSubprocess) push = spawn_push (f, desk_file, bad);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (finish (push, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "bad.conf: [hours] friday:"));
    g_assert_nonnull (strstr (err, "left as they were"));
  }
  {
    g_autoptr(GSubprocess) push = spawn_push (f, desk_file, broken);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (finish (push, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "broken.conf is not a valid settings file"));
  }
  g_assert_cmpint (newest_version (desk, NULL), ==, 1);

  /* A good one is the next version, written by who pushed it, now; the
   * running desk goes by it. */
  {
    g_autoptr(GSubprocess) push = spawn_push (f, desk_file, closing);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (finish (push, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "version 2"));
    g_assert_nonnull (strstr (err, who));
  }
  g_assert_true (redial_store_get_settings (redial_context_get_store (desk), &version, &text, &by, &at, &error));
  g_assert_no_error (error);
  g_assert_cmpint (version, ==, 2);
  g_assert_nonnull (strstr (text, "friday=08:00-17:00"));
  g_assert_cmpstr (by, ==, who);
  g_assert_cmpint (ABS (at - g_get_real_time ()), <, 60 * G_USEC_PER_SEC);
  WAIT_FOR (shared_version (desk) == 2);
  g_assert_false (open_at_six (desk));
}

#define N_PUSHES 4

static void
test_concurrent_push_commands (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(RedialContext) desk = open_desk (f, "desk.conf", "08:00-20:00");
  g_autofree char *desk_file = g_build_filename (f->dir, "desk.conf", NULL);
  GSubprocess *pushes[N_PUSHES];
  guint written = 0;
  g_autofree char *text = NULL;
  gboolean found = FALSE;

  /* Four people push four files at the same moment. */
  for (guint i = 0; i < N_PUSHES; i++)
    {
      g_autofree char *name = g_strdup_printf ("push-%u.conf", i);
      g_autofree char *hours = g_strdup_printf ("08:00-1%u:00", i);
      g_autofree char *file = write_desk_file (f, name, hours);

      pushes[i] = spawn_push (f, desk_file, file);
    }

  /* Each is written whole, or refused with the reason: none is lost
   * under another. */
  for (guint i = 0; i < N_PUSHES; i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status = finish (pushes[i], &out, &err);

      if (status == 0)
        written++;
      else
        {
          g_assert_cmpint (status, ==, 1);
          g_assert_nonnull (strstr (err, "changed meanwhile by"));
        }
      g_object_unref (pushes[i]);
    }
  g_assert_cmpuint (written, >=, 1);
  g_assert_cmpint (newest_version (desk, &text), ==, 1 + written);
  for (guint i = 0; i < N_PUSHES; i++)
    {
      g_autofree char *hours = g_strdup_printf ("friday=08:00-1%u:00", i);

      found |= strstr (text, hours) != NULL;
    }
  g_assert_true (found);
}

int
main (int   argc,
      char *argv[])
{
  g_log_set_writer_func (record_log, NULL, NULL);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/shared-settings/first-desk-seeds-the-rest-log-overrides", Fixture, NULL, fixture_setup,
              test_first_desk_seeds, fixture_teardown);
  g_test_add ("/shared-settings/push-reaches-a-running-desk", Fixture, NULL, fixture_setup,
              test_push_reaches_running_desk, fixture_teardown);
  g_test_add ("/shared-settings/push-command-refuses-a-bad-file", Fixture, NULL, fixture_setup,
              test_push_command, fixture_teardown);
  g_test_add ("/shared-settings/concurrent-pushes-lose-nothing", Fixture, NULL, fixture_setup,
              test_concurrent_push_commands, fixture_teardown);

  return g_test_run ();
}
