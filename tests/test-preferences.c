/* test-preferences.c: the Preferences window under a real X server: the test text. */
#include "config.h"

#include <glib/gstdio.h>

#include "redial-context.h"
#include "redial-demo-sms.h"
#include "redial-fake-clock.h"
#include "redial-preferences-window.h"
#include "redial-ui-test-util.h"
#include "redial-test-util.h"

typedef struct
{
  char         *dir;
  char         *path;
  RedialClock  *clock;
  RedialStore  *store;
  RedialSmsGateway *gateway;
  RedialEngine *engine;
  RedialContext *context;
  GtkWidget    *window;
} Fixture;

static void
settle (Fixture *f)
{
  for (guint i = 0; i < 10; i++)
    {
      redial_fake_clock_advance (REDIAL_FAKE_CLOCK (f->clock), G_USEC_PER_SEC / 5);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialConfig) config = NULL;
  g_autofree char *text = NULL;

  f->dir = g_dir_make_tmp ("redial-prefs-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "redial.db", NULL);
  text = g_strdup_printf ("[business]\nname = Acme Plumbing\n"
                          "[sms]\nbackend = demo\n"
                          "[store]\npath = %s\n", f->path);
  config = redial_config_load_from_data (text, "test.conf", &error);
  g_assert_no_error (error);
  f->clock = redial_fake_clock_new (G_GINT64_CONSTANT (1795615200000000));
  f->context = redial_context_new (config, f->clock);
  g_assert_true (redial_context_open (f->context, &error));
  g_assert_no_error (error);
  f->store = g_object_ref (redial_context_get_store (f->context));
  f->gateway = g_object_ref (redial_context_get_sms_gateway (f->context));
  f->engine = g_object_ref (redial_context_get_engine (f->context));
  g_assert_true (redial_context_start (f->context, NULL));
  f->window = redial_preferences_window_new (NULL, f->context);
  gtk_window_present (GTK_WINDOW (f->window));
  settle (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  settle (f);
  g_clear_object (&f->engine);
  g_clear_object (&f->gateway);
  g_clear_object (&f->store);
  g_clear_object (&f->context);
  g_clear_object (&f->clock);
  redial_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static const char *
send_test_to (Fixture    *f,
              const char *number)
{
  GtkWidget *entry = redial_test_find_row (f->window, "Mobile Number");
  GtkWidget *button = redial_test_find_button (f->window, "Send Test Text");
  GtkWidget *result = redial_test_find_row (f->window, "Result");

  g_assert_nonnull (entry);
  g_assert_nonnull (button);
  g_assert_nonnull (result);
  gtk_editable_set_text (GTK_EDITABLE (entry), number);
  g_signal_emit_by_name (button, "clicked");
  settle (f);
  g_assert_true (gtk_widget_get_visible (result));
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (result));
}

static void
test_send_test_text (Fixture       *f,
                     gconstpointer  data)
{
  g_assert_true (g_str_has_prefix (send_test_to (f, "(312) 555-0142"), "Sent: the gateway accepted it as SMdemo"));
  g_assert_cmpuint (redial_demo_sms_get_n_sent (REDIAL_DEMO_SMS (f->gateway)), ==, 1);
}

static void
test_refusals_shown (Fixture       *f,
                     gconstpointer  data)
{
  g_assert_true (redial_store_set_opted_out (f->store, "+13125550142", TRUE, 1, "STOP", NULL));

  g_assert_cmpstr (send_test_to (f, "312-555-0142"), ==,
                   "Not sent: 312-555-0142 opted out of texts, so nothing was sent.");
  g_assert_true (g_str_has_prefix (send_test_to (f, "call me"), "Not sent: “call me” is not a phone number"));
  g_assert_cmpstr (send_test_to (f, ""), ==, "Not sent: enter a mobile number first.");
  g_assert_cmpuint (redial_demo_sms_get_n_sent (REDIAL_DEMO_SMS (f->gateway)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/preferences/send-test-text", Fixture, NULL, fixture_setup, test_send_test_text,
              fixture_teardown);
  g_test_add ("/ui/preferences/refusals-shown", Fixture, NULL, fixture_setup, test_refusals_shown,
              fixture_teardown);

  return g_test_run ();
}
