/* test-preferences.c: the Preferences window under a real X server: the test text, the keyring's secrets. */
#include "config.h"

#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <string.h>
#include <sys/stat.h>

#include "redial-context.h"
#include "redial-demo-sms.h"
#include "redial-fake-clock.h"
#include "redial-preferences-window.h"
#include "redial-secret.h"
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
  gboolean    locked;   /* … with its login keyring locked */
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
  g_autofree char *conf = NULL;

  const Setup *setup = data;
  g_autofree char *sms = NULL;

  f->dir = g_dir_make_tmp ("redial-prefs-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "redial.db", NULL);
  if (setup != NULL && setup->keyring)
    f->keyring = redial_test_start_keyring (f->dir);
  if (setup != NULL && setup->locked)
    {
      redial_test_lock_keyring ();
      /* libsecret 0.20 reports a refused store into a locked keyring with
       * a critical of its own (a GTask failed without an error), then
       * fails without saying why: what Redial does then is the test. */
      g_log_set_always_fatal (G_LOG_FATAL_MASK);
    }
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
  /* A settings file of its own: a secret's file goes beside it. */
  conf = g_build_filename (f->dir, "redial.conf", NULL);
  g_assert_true (g_file_set_contents (conf, text, -1, &error));
  config = redial_config_load (conf, &error);
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
  /* The next test's keyring is another daemon, or none. */
  secret_service_disconnect ();
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
  g_assert_cmpstr (send_test_to (f, "call me"), ==, "Not sent: that is not a phone number.");
  g_assert_cmpstr (send_test_to (f, ""), ==, "Not sent: enter a mobile number first.");
  g_assert_cmpuint (redial_demo_sms_get_n_sent (REDIAL_DEMO_SMS (f->gateway)), ==, 0);
}

static gboolean
is_label_showing (GtkWidget     *widget,
                  gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static void
test_result_is_text (Fixture       *f,
                     gconstpointer  data)
{
  static const char *typed[] = { "<b>312</b> 555", "312 & 555 & co" };

  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      GtkWidget *result = redial_test_find_row (f->window, "Result");
      const char *subtitle = send_test_to (f, typed[i]);

      /* The entry shows what was typed; the row does not say it again. */
      g_assert_cmpstr (subtitle, ==, "Not sent: that is not a phone number.");
      g_assert_null (strstr (subtitle, typed[i]));
      g_assert_nonnull (redial_test_find_widget (result, is_label_showing, subtitle));
    }

  /* Whatever the subtitle holds is shown as written, never as markup. */
  gtk_editable_set_text (GTK_EDITABLE (redial_test_find_row (f->window, "Mobile Number")), "");
  g_signal_emit_by_name (redial_test_find_button (f->window, "Send Test Text"), "clicked");
  settle (f);
  {
    GtkWidget *result = redial_test_find_row (f->window, "Result");

    g_assert_false (adw_preferences_row_get_use_markup (ADW_PREFERENCES_ROW (result)));
    adw_action_row_set_subtitle (ADW_ACTION_ROW (result), "Not sent: <b>A & B</b>");
    settle (f);
    g_assert_nonnull (redial_test_find_widget (result, is_label_showing, "Not sent: <b>A & B</b>"));
  }
}

/* Waits, with a deadline, for @done; the clock moves meanwhile. A
 * deadline passed fails the test, naming what did not happen. */
#define wait_for(f, done) wait_for_condition ((f), (done), #done)

static void
wait_for_condition (Fixture    *f,
                    gboolean  (*done) (Fixture *f),
                    const char *what)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!done (f))
    {
      if (g_get_monotonic_time () >= deadline)
        g_error ("Still not %s after 20 s", what);
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


/* Everything logged while the tests run, to show that no secret is. */
static GString *logged;

static GLogWriterOutput
capture_log (GLogLevelFlags   level,
             const GLogField *fields,
             gsize            n_fields,
             gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (fields[i].length < 0)
      g_string_append_printf (logged, "%s\n", (const char *) fields[i].value);
    else
      g_string_append_len (logged, fields[i].value, fields[i].length);
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static GtkWidget *
keyring_problem_row (Fixture *f)
{
  GtkWidget *button = redial_test_find_button (f->window, "Save in a File");

  g_assert_nonnull (button);
  return gtk_widget_get_ancestor (button, ADW_TYPE_ACTION_ROW);
}

static gboolean
token_field_ready (Fixture *f)
{
  return gtk_widget_get_sensitive (redial_test_find_row (f->window, "Twilio Auth Token"));
}

static gboolean
keyring_problem_shown (Fixture *f)
{
  return gtk_widget_is_visible (keyring_problem_row (f));
}

static gboolean
secret_file_saved (Fixture *f)
{
  g_autofree char *file = g_build_filename (f->dir, "twilio-auth-token", NULL);

  return g_file_test (file, G_FILE_TEST_EXISTS);
}

static gboolean
apply_button_shown (Fixture *f)
{
  GtkWidget *apply = redial_test_find_icon_button (redial_test_find_row (f->window, "Twilio Auth Token"),
                                                   "adw-entry-apply-symbolic");

  return apply != NULL && gtk_widget_is_visible (apply);
}

/* A keyring that is not there, or locked, refuses the token: the field
 * keeps it, the window says so in words and offers a private file, and
 * the token reaches the running gateway from there. */
static void
test_keyring_refusal_keeps_token (Fixture       *f,
                                  gconstpointer  data)
{
  GtkWidget *token = redial_test_find_row (f->window, "Twilio Auth Token");
  GtkWidget *problem;
  g_autofree char *file = g_build_filename (f->dir, "twilio-auth-token", NULL);
  g_autofree char *conf = g_build_filename (f->dir, "redial.conf", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *key = NULL;
  g_auto(RedialSecretString) secret = NULL;
  g_autoptr(GError) error = NULL;
  struct stat st;

  g_string_truncate (logged, 0);
  wait_for (f, token_field_ready);
  g_assert_true (row_shown (f, "Twilio Auth Token"));
  g_assert_false (keyring_problem_shown (f));

  /* Typed into the focused field, then saved with the row's own apply button. */
  gtk_widget_grab_focus (token);
  gtk_editable_set_text (GTK_EDITABLE (token), AUTH_TOKEN);
  wait_for (f, apply_button_shown);
  g_signal_emit_by_name (redial_test_find_icon_button (token, "adw-entry-apply-symbolic"), "clicked");
  wait_for (f, keyring_problem_shown);

  /* Nothing is lost, and the words say what to do. */
  wait_for (f, token_field_ready);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (token)), ==, AUTH_TOKEN);
  problem = keyring_problem_row (f);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (problem)), ==,
                   "The keyring is locked or not running: nothing was saved");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (problem)), "still in its field"));

  /* Saved in a file only its owner reads, holding the token on its first line. */
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  g_signal_emit_by_name (redial_test_find_button (f->window, "Save in a File"), "clicked");
  wait_for (f, secret_file_saved);
  g_assert_cmpint (g_stat (file, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (file, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, AUTH_TOKEN "\n");
  secret = redial_secret_load ("twilio/auth-token", file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, AUTH_TOKEN);

  /* The window names the settings key that reads it. */
  key = g_strdup_printf ("Add “auth-token-file = %s” to [twilio] in %s,", file, conf);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (problem)), ==,
                   "Saved in a file that only you can read");
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (problem)), key));
  g_assert_false (gtk_widget_is_visible (redial_test_find_button (f->window, "Save in a File")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (token)), ==, "");

  /* The running gateway has it at once: Twilio takes a text. */
  gtk_editable_set_text (GTK_EDITABLE (redial_test_find_row (f->window, "Mobile Number")), "(312) 555-0142");
  g_signal_emit_by_name (redial_test_find_button (f->window, "Send Test Text"), "clicked");
  wait_for (f, test_result_shown);
  g_assert_true (g_str_has_prefix (subtitle_of (f, "Result"), "Sent: "));
  g_assert_cmpuint (twilio_server_count_created (f->twilio), ==, 1);

  /* The refusal was logged; the token never was. */
  g_assert_nonnull (strstr (logged->str, "A secret was not saved"));
  g_assert_null (strstr (logged->str, AUTH_TOKEN));
}

/* The booking settings are shown as the file gives them, read-only. */
static void
test_booking_shown (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *joe = redial_test_find_row (f->window, "Joe");
  GtkWidget *odd = redial_test_find_row (f->window, "<b>Ann</b> & co");
  GtkWidget *drains = redial_test_find_row (f->window, "drain cleaning");

  g_assert_nonnull (joe);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (joe)), ==,
                   "Mon–Fri 8:00–12:00, 13:00–17:00 · Sat 9:00–13:00\nJobs: drain cleaning");
  /* A name is text, never markup. */
  g_assert_nonnull (odd);
  g_assert_false (adw_preferences_row_get_use_markup (ADW_PREFERENCES_ROW (odd)));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (odd)), ==, "Mon, Wed, Fri 7:00–15:00\nEvery job");
  g_assert_nonnull (drains);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (drains)), ==,
                   "Takes 1 hour 30 minutes · arrival within 2 hours");
  g_assert_false (row_shown (f, "No Resources"));
  g_assert_cmpstr (subtitle_of (f, "Minimum Notice"), ==, "2 hours");
  g_assert_cmpstr (subtitle_of (f, "Time Between Jobs"), ==, "30 minutes");
  g_assert_cmpstr (subtitle_of (f, "Offered Slots Held For"), ==, "45 minutes");
  /* Nothing there to edit. */
  g_assert_null (redial_test_find_button (f->window, "Edit"));
}

static void
test_no_booking (Fixture       *f,
                 gconstpointer  data)
{
  g_assert_true (row_shown (f, "No Resources"));
  g_assert_cmpstr (subtitle_of (f, "Minimum Notice"), ==, "1 hour");
  g_assert_cmpstr (subtitle_of (f, "Time Between Jobs"), ==, "0 minutes");
  g_assert_cmpstr (subtitle_of (f, "Offered Slots Held For"), ==, "30 minutes");
}

int
main (int   argc,
      char *argv[])
{
  static const Setup booking_setup = {
    .extra = "[job-type drain cleaning]\nduration = 1h30m\nwindow = 2h\n"
             "[resource Joe]\nhours = mon-fri 08:00-12:00, 13:00-17:00; sat 09:00-13:00\n"
             "job-types = drain cleaning\n"
             "[resource <b>Ann</b> & co]\nhours = mon,wed,fri 07:00-15:00\n"
             "[booking]\nminimum-notice = 2h\nbuffer = 30m\nhold-minutes = 45\n",
  };
  static const Setup keyring_setup = { .twilio = TRUE, .keyring = TRUE };
  static const Setup no_keyring_setup = { .twilio = TRUE };
  static const Setup locked_setup = { .twilio = TRUE, .keyring = TRUE, .locked = TRUE };
  GTestDBus *bus = redial_test_private_bus ();
  int status;

  logged = g_string_new (NULL);
  g_log_set_writer_func (capture_log, NULL, NULL);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/preferences/send-test-text", Fixture, NULL, fixture_setup, test_send_test_text,
              fixture_teardown);
  g_test_add ("/ui/preferences/refusals-shown", Fixture, NULL, fixture_setup, test_refusals_shown,
              fixture_teardown);
  g_test_add ("/ui/preferences/result-shown-as-text", Fixture, NULL, fixture_setup, test_result_is_text,
              fixture_teardown);

  g_test_add ("/ui/preferences/link-status-in-words", Fixture, NULL, fixture_setup,
              test_link_status_in_words, fixture_teardown);
  g_test_add ("/ui/preferences/token-used-at-once", Fixture, &keyring_setup, fixture_setup,
              test_token_used_at_once, fixture_teardown);
  g_test_add ("/ui/preferences/no-keyring-keeps-token", Fixture, &no_keyring_setup, fixture_setup,
              test_keyring_refusal_keeps_token, fixture_teardown);
  g_test_add ("/ui/preferences/locked-keyring-keeps-token", Fixture, &locked_setup, fixture_setup,
              test_keyring_refusal_keeps_token, fixture_teardown);

  g_test_add ("/ui/preferences/booking-settings-shown", Fixture, &booking_setup, fixture_setup,
              test_booking_shown, fixture_teardown);
  g_test_add ("/ui/preferences/no-booking-settings", Fixture, NULL, fixture_setup,
              test_no_booking, fixture_teardown);

  status = g_test_run ();
  /* The window's style manager keeps the bus: stopped, not awaited, and
   * not unreferenced, which would await it. */
  g_test_dbus_stop (bus);
  return status;
}
