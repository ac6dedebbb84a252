/* test-preferences.c: the Preferences window under a real X server: the test text. */
#include "config.h"

#include <glib/gstdio.h>

#include "redial-context.h"
#include "redial-demo-sms.h"
#include "redial-fake-clock.h"
#include "redial-preferences-window.h"
#include "redial-ui-test-util.h"
#include "redial-test-util.h"
#include "servers/twilio-server.h"

#define ACCOUNT_SID "AC00000000000000000000000000000001"
#define AUTH_TOKEN "new-auth-token"

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
  TwilioServer *twilio;
  GSubprocess  *keyring;
} Fixture;

/* What a fixture starts with. */
typedef struct
{
  gboolean    twilio;   /* SMS through the Twilio test server, else the demo */
  gboolean    keyring;  /* a keyring daemon runs */
  const char *extra;    /* more settings */
} Setup;

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

  const Setup *setup = data;
  g_autofree char *sms = NULL;

  f->dir = g_dir_make_tmp ("redial-prefs-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "redial.db", NULL);
  if (setup != NULL && setup->keyring)
    f->keyring = redial_test_start_keyring (f->dir);
  if (setup != NULL && setup->twilio)
    {
      f->twilio = twilio_server_new (ACCOUNT_SID, AUTH_TOKEN);
      sms = g_strdup_printf ("[sms]\nbackend = twilio\nfrom = +13125550100\n"
                             "[twilio]\naccount-sid = %s\nbase-url = %s\n",
                             ACCOUNT_SID, twilio_server_get_url (f->twilio));
    }
  text = g_strdup_printf ("[business]\nname = Acme Plumbing\n"
                          "%s%s"
                          "[store]\npath = %s\n",
                          sms != NULL ? sms : "[sms]\nbackend = demo\n",
                          setup != NULL && setup->extra != NULL ? setup->extra : "", f->path);
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
  redial_context_stop (f->context);
  gtk_window_destroy (GTK_WINDOW (f->window));
  settle (f);
  g_clear_object (&f->engine);
  g_clear_object (&f->gateway);
  g_clear_object (&f->store);
  g_clear_object (&f->context);
  g_clear_object (&f->clock);
  g_clear_pointer (&f->twilio, twilio_server_free);
  if (f->keyring != NULL)
    {
      g_subprocess_force_exit (f->keyring);
      g_subprocess_wait (f->keyring, NULL, NULL);
      g_clear_object (&f->keyring);
    }
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

/* Waits, with a deadline, for @done; the clock moves meanwhile. */
static void
wait_for (Fixture  *f,
          gboolean (*done) (Fixture *f))
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!done (f))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      settle (f);
    }
}

static const char *
subtitle_of (Fixture    *f,
             const char *title)
{
  GtkWidget *row = redial_test_find_row (f->window, title);

  g_assert_nonnull (row);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static gboolean
row_shown (Fixture    *f,
           const char *title)
{
  GtkWidget *row = redial_test_find_row (f->window, title);

  g_assert_nonnull (row);
  return gtk_widget_is_visible (row);
}

static void
test_link_status_in_words (Fixture       *f,
                           gconstpointer  data)
{
  RedialLink *gateway = REDIAL_LINK (f->gateway);

  /* The link's own sentence, not the backend's name in the settings. */
  g_assert_nonnull (redial_link_get_status (gateway));
  g_assert_cmpstr (subtitle_of (f, "SMS Gateway"), ==, redial_link_get_status (gateway));
  g_assert_null (redial_context_get_phone_system (f->context));
  g_assert_cmpstr (subtitle_of (f, "Phone System"), ==, "None set up");

  /* Followed as it changes, caller-free text shown as it is. */
  redial_link_set_state (gateway, REDIAL_CONNECTION_RETRYING, "Cannot reach <sms> & co. Retrying in 8 s");
  settle (f);
  g_assert_cmpstr (subtitle_of (f, "SMS Gateway"), ==, "Cannot reach <sms> & co. Retrying in 8 s");

  /* The demo backends need no secret: no row asks for one. */
  g_assert_false (row_shown (f, "Twilio Auth Token"));
  g_assert_false (row_shown (f, "Asterisk Manager Secret"));
  g_assert_false (row_shown (f, "Webhook Secret"));
  g_assert_cmpstr (subtitle_of (f, "Automatic Texts"), ==, "Texts are sent by this window, also while it is closed");
}

static gboolean
test_result_shown (Fixture *f)
{
  return gtk_widget_get_visible (redial_test_find_row (f->window, "Result")) &&
         !g_str_equal (subtitle_of (f, "Result"), "Sending…");
}

static gboolean
token_field_empty (Fixture *f)
{
  GtkWidget *row = redial_test_find_row (f->window, "Twilio Auth Token");

  return gtk_widget_get_sensitive (row) && *gtk_editable_get_text (GTK_EDITABLE (row)) == '\0';
}

static void
test_token_used_at_once (Fixture       *f,
                         gconstpointer  data)
{
  GtkWidget *token = redial_test_find_row (f->window, "Twilio Auth Token");

  /* Twilio's is the one secret asked for. */
  g_assert_true (row_shown (f, "Twilio Auth Token"));
  g_assert_false (row_shown (f, "Asterisk Manager Secret"));
  g_assert_false (row_shown (f, "Webhook Secret"));

  /* No token in the keyring yet: Twilio is not reached. */
  wait_for (f, token_field_empty);
  g_assert_cmpint (redial_link_get_state (REDIAL_LINK (f->gateway)), ==, REDIAL_CONNECTION_AUTH_FAILED);

  gtk_editable_set_text (GTK_EDITABLE (token), AUTH_TOKEN);
  g_signal_emit_by_name (token, "apply");
  wait_for (f, token_field_empty);

  /* The running gateway's next request carries it: Twilio takes the text. */
  gtk_editable_set_text (GTK_EDITABLE (redial_test_find_row (f->window, "Mobile Number")), "(312) 555-0142");
  g_signal_emit_by_name (redial_test_find_button (f->window, "Send Test Text"), "clicked");
  wait_for (f, test_result_shown);
  g_assert_true (g_str_has_prefix (subtitle_of (f, "Result"), "Sent: "));
  g_assert_cmpuint (twilio_server_count_created (f->twilio), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  static const Setup keyring_setup = { .twilio = TRUE, .keyring = TRUE };

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/preferences/send-test-text", Fixture, NULL, fixture_setup, test_send_test_text,
              fixture_teardown);
  g_test_add ("/ui/preferences/refusals-shown", Fixture, NULL, fixture_setup, test_refusals_shown,
              fixture_teardown);

  g_test_add ("/ui/preferences/link-status-in-words", Fixture, NULL, fixture_setup,
              test_link_status_in_words, fixture_teardown);
  g_test_add ("/ui/preferences/token-used-at-once", Fixture, &keyring_setup, fixture_setup,
              test_token_used_at_once, fixture_teardown);

  return g_test_run ();
}
