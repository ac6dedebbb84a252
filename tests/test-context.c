/* test-context.c: the context decides the database path once and wires the backends the settings name. */
#include "config.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "redial-context.h"
#include "redial-demo-phone.h"
#include "redial-demo-sms.h"
#include "redial-fake-clock.h"
#include "redial-real-clock.h"
#include "redial-test-util.h"

#define START_US G_GINT64_CONSTANT (1795615200000000)

static RedialContext *
context_for (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialConfig) config = redial_config_load_from_data (text, "test.conf", &error);
  g_autoptr(RedialClock) clock = redial_fake_clock_new (START_US);

  g_assert_no_error (error);
  return redial_context_new (config, clock);
}

static void
test_store_path_from_settings (void)
{
  g_autofree char *dir = redial_test_make_dir ();
  g_autofree char *db = g_build_filename (dir, "acme.db", NULL);
  g_autofree char *text = g_strdup_printf ("[store]\npath = %s\n", db);
  g_autoptr(RedialContext) context = context_for (text);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (redial_context_get_store_path (context), ==, db);
  g_assert_null (redial_context_get_store (context));
  g_assert_true (redial_context_open_store (context, &error));
  g_assert_no_error (error);
  g_assert_nonnull (redial_context_get_store (context));
  g_assert_true (g_file_test (db, G_FILE_TEST_EXISTS));

  g_clear_object (&context);
  redial_test_remove_tree (dir);
}

static void
test_store_path_default (void)
{
  g_autoptr(RedialContext) context = context_for ("[business]\nname = Acme Plumbing\n");
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "redial", "redial.db", NULL);

  /* Without [store] path, the user's data folder: the same answer for
   * the window, the service and every command. */
  g_assert_cmpstr (redial_context_get_store_path (context), ==, expected);
}

static void
test_real_clock_by_default (void)
{
  g_autoptr(RedialConfig) config = redial_config_new ();
  g_autoptr(RedialContext) context = redial_context_new (config, NULL);
  gint64 now = g_get_real_time ();

  /* The window, the service and the commands run on the real time. */
  g_assert_true (REDIAL_IS_REAL_CLOCK (redial_context_get_clock (context)));
  g_assert_cmpint (ABS (redial_clock_now (redial_context_get_clock (context)) - now), <, 60 * G_USEC_PER_SEC);
}

static void
test_store_only_builds_no_backend (void)
{
  g_autofree char *dir = redial_test_make_dir ();
  g_autofree char *text = g_strdup_printf ("[phone-system]\nbackend = demo\n[sms]\nbackend = demo\n"
                                           "[store]\npath = %s/redial.db\n", dir);
  g_autoptr(RedialContext) context = context_for (text);
  g_autoptr(GError) error = NULL;

  /* A command such as an import needs the records, not the phone system. */
  g_assert_true (redial_context_open_store (context, &error));
  g_assert_no_error (error);
  g_assert_null (redial_context_get_engine (context));
  g_assert_null (redial_context_get_phone_system (context));
  g_assert_null (redial_context_get_sms_gateway (context));

  g_clear_object (&context);
  redial_test_remove_tree (dir);
}

static void
test_demo_wired_once (void)
{
  g_autofree char *dir = redial_test_make_dir ();
  g_autofree char *text = g_strdup_printf ("[phone-system]\nbackend = demo\n[sms]\nbackend = demo\n"
                                           "[store]\npath = %s/redial.db\n", dir);
  g_autoptr(RedialContext) context = context_for (text);
  g_autoptr(GError) error = NULL;
  RedialEngine *engine;

  g_assert_true (redial_context_open (context, &error));
  g_assert_no_error (error);
  engine = redial_context_get_engine (context);
  g_assert_nonnull (engine);
  g_assert_true (REDIAL_IS_DEMO_PHONE (redial_context_get_phone_system (context)));
  g_assert_nonnull (redial_context_get_sms_gateway (context));
  g_assert_null (redial_context_get_webhook_server (context));

  /* The engine works with the very objects the views are given. */
  g_assert_true (redial_engine_get_config (engine) == redial_context_get_config (context));
  g_assert_true (redial_engine_get_clock (engine) == redial_context_get_clock (context));
  g_assert_true (redial_engine_get_store (engine) == redial_context_get_store (context));
  g_assert_true (redial_engine_get_phone_system (engine) == redial_context_get_phone_system (context));
  g_assert_true (redial_engine_get_sms_gateway (engine) == redial_context_get_sms_gateway (context));

  g_assert_true (redial_context_start (context, &error));
  g_assert_no_error (error);
  redial_test_drain ();
  redial_context_stop (context);

  g_clear_object (&context);
  redial_test_remove_tree (dir);
}

static void
test_bad_backend_leaves_nothing (void)
{
  g_autofree char *dir = redial_test_make_dir ();
  /* Twilio without an account: refused when the backend is built. */
  g_autofree char *text = g_strdup_printf ("[sms]\nbackend = twilio\nfrom = +13125550100\n"
                                           "[store]\npath = %s/redial.db\n", dir);
  g_autoptr(RedialContext) context = context_for (text);
  g_autoptr(GError) error = NULL;

  g_assert_false (redial_context_open (context, &error));
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "test.conf: "));
  g_assert_null (redial_context_get_engine (context));
  g_assert_null (redial_context_get_sms_gateway (context));

  g_clear_object (&context);
  redial_test_remove_tree (dir);
}

/* Another process holding the office's service lock, as redial --service
 * does, until release_service_lock() lets it end. Only raw calls
 * run in the forked child. */
typedef struct
{
  GPid pid;
  int  release;
} HeldLock;

static HeldLock
hold_service_lock (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "redial-service.lock", NULL);
  int ready[2], release[2];
  HeldLock held;
  char byte;

  g_assert_cmpint (pipe (ready), ==, 0);
  g_assert_cmpint (pipe (release), ==, 0);
  held.pid = fork ();
  g_assert_cmpint (held.pid, >=, 0);
  if (held.pid == 0)
    {
      struct flock region = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
      int fd;

      close (release[1]);
      fd = open (path, O_RDWR | O_CREAT, 0600);

      if (fd < 0 || fcntl (fd, F_SETLK, &region) < 0 || write (ready[1], "x", 1) != 1)
        _exit (1);
      (void) read (release[0], &byte, 1);
      _exit (0);
    }
  close (ready[1]);
  close (release[0]);
  g_assert_cmpint (read (ready[0], &byte, 1), ==, 1);
  close (ready[0]);
  held.release = release[1];
  return held;
}

static void
release_service_lock (HeldLock *held)
{
  int status;

  close (held->release);
  g_assert_cmpint (waitpid (held->pid, &status, 0), ==, held->pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
}

static void
ring (RedialContext *context,
      const char    *call_id,
      const char    *caller)
{
  g_autoptr(RedialCallEvent) event = redial_call_event_new ();
  gint64 now = redial_clock_now (redial_context_get_clock (context));

  event->provider = g_strdup ("test");
  event->provider_call_id = g_strdup (call_id);
  event->caller = g_strdup (caller);
  event->line = g_strdup ("(312) 555-0118");
  event->started_at = now - 20 * G_USEC_PER_SEC;
  event->ended_at = now;
  event->disposition = REDIAL_DISPOSITION_NO_ANSWER;
  redial_engine_handle_call (redial_context_get_engine (context), event);
}

static void
let_time_pass (RedialClock *clock,
               gint64       us)
{
  for (gint64 passed = 0; passed < us; passed += G_USEC_PER_SEC)
    {
      redial_fake_clock_advance (REDIAL_FAKE_CLOCK (clock), G_USEC_PER_SEC);
      redial_test_drain ();
    }
}

static guint
n_sent (RedialContext *context)
{
  return redial_demo_sms_get_n_sent (REDIAL_DEMO_SMS (redial_context_get_sms_gateway (context)));
}

static void
test_automation_once_per_office (void)
{
  g_autofree char *dir = redial_test_make_dir ();
  g_autofree char *text = g_strdup_printf ("[phone-system]\nbackend = none\n[sms]\nbackend = demo\n"
                                           "[store]\npath = %s/redial.db\n", dir);
  g_autoptr(RedialConfig) config = redial_config_load_from_data (text, "test.conf", NULL);
  g_autoptr(RedialClock) clock = redial_fake_clock_new (START_US);
  g_autoptr(RedialContext) service = redial_context_new (config, clock);
  g_autoptr(RedialContext) desk = redial_context_new (config, clock);
  g_autoptr(GError) error = NULL;
  HeldLock held = hold_service_lock (dir);

  /* The service runs the automation; the window's desk leaves it to it. */
  redial_context_set_yields_to_service (desk, TRUE);
  g_assert_true (redial_context_open (service, &error) && redial_context_start (service, &error));
  g_assert_true (redial_context_open (desk, &error) && redial_context_start (desk, &error));
  g_assert_no_error (error);
  g_assert_false (redial_context_get_desk_only (service));
  g_assert_true (redial_context_get_desk_only (desk));
  g_assert_false (redial_engine_get_automation (redial_context_get_engine (desk)));

  /* Both hear the same missed call: the caller is texted back once. */
  ring (service, "call-1", "(312) 555-0142");
  ring (desk, "call-1", "(312) 555-0142");
  let_time_pass (clock, 120 * G_USEC_PER_SEC);
  g_assert_cmpuint (n_sent (service) + n_sent (desk), ==, 1);

  /* The service stops: within 10 s of the desk's clock, it texts back. */
  redial_context_stop (service);
  release_service_lock (&held);
  let_time_pass (clock, 10 * G_USEC_PER_SEC);
  g_assert_false (redial_context_get_desk_only (desk));
  g_assert_true (redial_engine_get_automation (redial_context_get_engine (desk)));
  ring (desk, "call-2", "(312) 555-0177");
  let_time_pass (clock, 120 * G_USEC_PER_SEC);
  g_assert_cmpuint (n_sent (desk), ==, 1);
  g_assert_cmpuint (n_sent (service) + n_sent (desk), ==, 2);

  redial_context_stop (desk);
  g_clear_object (&desk);
  g_clear_object (&service);
  redial_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/context/store-path/from-settings", test_store_path_from_settings);
  g_test_add_func ("/context/store-path/default", test_store_path_default);
  g_test_add_func ("/context/clock/real-by-default", test_real_clock_by_default);
  g_test_add_func ("/context/open-store/builds-no-backend", test_store_only_builds_no_backend);
  g_test_add_func ("/context/open/demo-wired-once", test_demo_wired_once);
  g_test_add_func ("/context/open/bad-backend-leaves-nothing", test_bad_backend_leaves_nothing);
  g_test_add_func ("/context/automation/once-per-office", test_automation_once_per_office);

  return g_test_run ();
}
