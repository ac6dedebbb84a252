/* test-context.c: the context decides the database path once and wires the backends the settings name. */
#include "config.h"

#include "redial-context.h"
#include "redial-demo-phone.h"
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

  return g_test_run ();
}
