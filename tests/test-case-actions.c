/* test-case-actions.c: every desk action, driven as an office's script drives it: gdbus calling org.gtk.Actions on the running application. */
#include "config.h"

#include "redial-application-private.h"
#include "case/redial-case-composer.h"
#include "redial-intake-form.h"
#include "redial-test-util.h"
#include "redial-ui-test-util.h"
#include "redial-window.h"

#define SECONDS(n) ((gint64) (n) * G_USEC_PER_SEC)

typedef struct
{
  char              *dir;
  char              *conf;
  char              *store;
  RedialApplication *app;
  void             (*body) (gpointer f);
  gboolean           started;
  gboolean           done;
} Fixture;

typedef gboolean (*Condition) (Fixture *f, gconstpointer data);

static void
wait_for (Fixture       *f,
          Condition      condition,
          gconstpointer  data,
          const char    *what)
{
  gint64 deadline = g_get_monotonic_time () + SECONDS (20);

  while (!condition (f, data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* The warning a test expects, and whether it came: structured logging
 * goes around g_test_expect_message(). */
static const char *expected_warning;
static gboolean    warned;

static GLogWriterOutput
write_log (GLogLevelFlags   level,
           const GLogField *fields,
           gsize            n_fields,
           gpointer         user_data)
{
  if (expected_warning != NULL && (level & G_LOG_LEVEL_WARNING) != 0)
    for (gsize i = 0; i < n_fields; i++)
      if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0 &&
          strstr (fields[i].value, expected_warning) != NULL)
        {
          g_test_message ("warned: %s", (const char *) fields[i].value);
          warned = TRUE;
          return G_LOG_WRITER_HANDLED;
        }
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static RedialEngine *
engine (Fixture *f)
{
  return redial_context_get_engine (redial_application_get_context (f->app));
}

static RedialWindow *
window (Fixture *f)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (f->app)); l != NULL; l = l->next)
    if (REDIAL_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static void
on_gdbus_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_wait_check_finish (G_SUBPROCESS (source), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (Fixture       *f,
         gconstpointer  flag)
{
  return *(const gboolean *) flag;
}

/* What an office's script runs: `gdbus call` activating @action with
 * @parameter (GVariant text) on the application, as another process.
 * The call returns once the action ran. */
static void
script (Fixture    *f,
        const char *action,
        const char *parameter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) gdbus = NULL;
  g_autofree char *parameters = parameter != NULL ? g_strdup_printf ("[<%s>]", parameter) : g_strdup ("[]");
  gboolean done = FALSE;

  gdbus = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                            "gdbus", "call", "--session", "--dest", APP_ID, "--object-path", "/io/redial/Redial",
                            "--method", "org.gtk.Actions.Activate", action, parameters, "{}", NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check_async (gdbus, NULL, on_gdbus_done, &done);
  wait_for (f, is_true, &done, action);
}

static RedialCase *
miss_call (Fixture    *f,
           const char *id,
           const char *caller,
           const char *name)
{
  g_autoptr(RedialCallEvent) event = redial_call_event_new ();
  GListModel *queue = redial_engine_get_queue (engine (f));

  event->provider = g_strdup ("test");
  event->provider_call_id = g_strdup (id);
  event->caller = g_strdup (caller);
  event->caller_name = g_strdup (name);
  event->started_at = redial_clock_now (redial_engine_get_clock (engine (f))) - SECONDS (60);
  redial_engine_handle_call (engine (f), event);
  for (guint i = 0; i < g_list_model_get_n_items (queue); i++)
    {
      g_autoptr(RedialCase) kase = g_list_model_get_item (queue, i);

      if (g_strcmp0 (redial_case_get_caller (kase), caller) == 0)
        return kase;
    }
  g_assert_not_reached ();
}

static gboolean
is_label_containing (GtkWidget     *widget,
                     gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

static gboolean
window_says (Fixture       *f,
             gconstpointer  text)
{
  return window (f) != NULL && redial_test_find_widget (GTK_WIDGET (window (f)), is_label_containing, text) != NULL;
}

static gboolean
has_kind (GPtrArray          *timeline,
          RedialTimelineKind  kind)
{
  for (guint i = 0; i < timeline->len; i++)
    if (redial_timeline_item_get_kind (g_ptr_array_index (timeline, i)) == kind)
      return TRUE;
  return FALSE;
}

static gboolean
in_queue (RedialCase *kase,
          GListModel *queue)
{
  for (guint i = 0; i < g_list_model_get_n_items (queue); i++)
    {
      g_autoptr(RedialCase) item = g_list_model_get_item (queue, i);

      if (redial_case_get_id (item) == redial_case_get_id (kase))
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_answer (Fixture       *f,
            gconstpointer  question)
{
  RedialCase *kase = redial_window_get_open_case (window (f));
  g_autoptr(GHashTable) answers = redial_engine_get_intake_answers (engine (f), kase, NULL);

  return answers != NULL && g_hash_table_contains (answers, question);
}

static void
every_action (gpointer data)
{
  Fixture *f = data;
  RedialStore *store = redial_context_get_store (redial_application_get_context (f->app));
  GListModel *queue = redial_engine_get_queue (engine (f));
  RedialCase *anna = miss_call (f, "a", "+13125550101", "Anna Able");
  RedialCase *ben = miss_call (f, "b", "+13125550102", "Ben Baker");
  gint64 id = redial_case_get_id (anna);
  g_autofree char *x = g_strdup_printf ("int64 %" G_GINT64_FORMAT, id);
  g_autofree char *text = g_strdup_printf ("(int64 %" G_GINT64_FORMAT ", 'On our way')", id);
  g_autofree char *note = g_strdup_printf ("(int64 %" G_GINT64_FORMAT ", 'Gate code 1234')", id);
  g_autofree char *outcome = g_strdup_printf ("(int64 %" G_GINT64_FORMAT ", 'no-answer')", id);
  g_autofree char *close = g_strdup_printf ("(int64 %" G_GINT64_FORMAT ", 'booked', int64 45000)", id);
  g_autoptr(GPtrArray) timeline = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *owner = NULL;
  g_autoptr(RedialTimelineItem) event = NULL;
  int sent;

  /* Claim and release. */
  script (f, "claim-case", x);
  g_assert_cmpstr (redial_case_get_owner (anna), ==, "Sam");
  script (f, "release-case", x);
  g_assert_null (redial_case_get_owner (anna));

  /* Dana claims it at another desk: the claim here is lost, and the desk
   * is told who has it, in the window and the log. */
  g_assert_true (redial_store_claim_case (store, id, "Dana", FALSE, redial_clock_now (redial_engine_get_clock (engine (f))),
                                          &owner, &event, &error));
  g_assert_no_error (error);
  expected_warning = "Dana has this case";
  script (f, "claim-case", x);
  g_assert_true (warned);
  expected_warning = NULL;
  g_assert_cmpstr (redial_case_get_owner (anna), ==, "Dana");
  wait_for (f, window_says, "Dana has this case", "the toast saying who has the case");

  /* Taking it over is explicit. */
  script (f, "take-over-case", x);
  g_assert_cmpstr (redial_case_get_owner (anna), ==, "Sam");

  /* A call back (no phone system: dialled by hand), then its outcome. */
  script (f, "call-back", x);
  g_assert_true (redial_case_get_call_back_pending (anna));
  script (f, "record-call-outcome", outcome);
  g_assert_false (redial_case_get_call_back_pending (anna));
  g_assert_true (in_queue (anna, queue));

  /* A text and a note. */
  sent = redial_store_count (store, REDIAL_STORE_COUNT_MESSAGES);
  script (f, "send-text", text);
  g_assert_cmpint (redial_store_count (store, REDIAL_STORE_COUNT_MESSAGES), ==, sent + 1);
  script (f, "add-note", note);
  timeline = redial_engine_list_timeline (engine (f), anna, &error);
  g_assert_no_error (error);
  g_assert_true (has_kind (timeline, REDIAL_TIMELINE_KIND_NOTE));
  g_assert_true (has_kind (timeline, REDIAL_TIMELINE_KIND_CALL_BACK));
  g_assert_true (has_kind (timeline, REDIAL_TIMELINE_KIND_TAKE_OVER));

  /* The intake: an answer that means an emergency makes the case one; an
   * answer that is none is refused, said in the log and the window. */
  {
    g_autofree char *urgent = g_strdup_printf ("(int64 %" G_GINT64_FORMAT ", 'need', 'emergency')", id);
    g_autofree char *bad = g_strdup_printf ("(int64 %" G_GINT64_FORMAT ", 'zip', '<b>x</b>')", id);
    g_autoptr(GHashTable) answers = NULL;

    script (f, "set-intake-answer", urgent);
    g_assert_true (redial_case_get_emergency (anna));
    expected_warning = "ZIP code";
    warned = FALSE;
    script (f, "set-intake-answer", bad);
    g_assert_true (warned);
    expected_warning = NULL;
    answers = redial_engine_get_intake_answers (engine (f), anna, NULL);
    g_assert_cmpstr (g_hash_table_lookup (answers, "need"), ==, "emergency");
    g_assert_false (g_hash_table_contains (answers, "zip"));
  }
  {
    g_autofree char *away = g_strdup_printf ("(int64 %" G_GINT64_FORMAT ", 'zip', '70112')", id);

    script (f, "set-intake-answer", away);
    g_assert_true (redial_case_get_out_of_area (anna));
  }

  /* Closed as booked, with the job's value; then reopened. */
  script (f, "close-case", close);
  g_assert_false (in_queue (anna, queue));
  {
    g_autoptr(RedialCase) closed = redial_engine_find_case (engine (f), id, &error);

    g_assert_no_error (error);
    g_assert_cmpint (redial_case_get_outcome (closed), ==, REDIAL_CASE_OUTCOME_BOOKED);
    g_assert_cmpint (redial_case_get_job_value (closed), ==, 45000);
  }
  script (f, "reopen-case", x);
  g_assert_true (in_queue (anna, queue));

  /* Open shows it in the window; Close and Next goes on to Ben. */
  script (f, "open-case", x);
  g_assert_nonnull (window (f));
  g_assert_cmpint (redial_case_get_id (redial_window_get_open_case (window (f))), ==, id);
  /* The intake beside the timeline: a chip given is kept at once. */
  {
    GtkWidget *form = redial_test_find_type (GTK_WIDGET (window (f)), REDIAL_TYPE_INTAKE_FORM);
    GtkWidget *composer;
    GtkWidget *chip;

    g_assert_nonnull (form);
    g_assert_cmpstr (redial_intake_form_get_answer (REDIAL_INTAKE_FORM (form), "need"), ==, "emergency");
    redial_intake_form_set_one_at_a_time (REDIAL_INTAKE_FORM (form), FALSE);
    chip = redial_test_find_button (form, "Today");
    g_assert_nonnull (chip);
    gtk_widget_activate (chip);
    wait_for (f, has_answer, "urgency", "the intake answer kept");

    /* Out of area: the referral reply stands out, ready. */
    composer = redial_test_find_type (GTK_WIDGET (window (f)), REDIAL_TYPE_CASE_COMPOSER);
    chip = redial_test_find_button (composer, "Out of area");
    g_assert_nonnull (chip);
    g_assert_true (gtk_widget_has_css_class (chip, "suggested-action"));
    g_assert_false (gtk_widget_has_css_class (redial_test_find_button (composer, "Call now?"), "suggested-action"));
  }
  script (f, "open-next-case", NULL);
  g_assert_cmpint (redial_case_get_id (redial_window_get_open_case (window (f))), ==, redial_case_get_id (ben));
}

/* The notification daemon on this test's session bus, as a desktop runs
 * one. */
static GSubprocess *
start_daemon (void)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *daemon = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                                          "/usr/lib/notification-daemon/notification-daemon", NULL);

  g_assert_no_error (error);
  redial_test_wait_for_bus_name ("org.freedesktop.Notifications");
  return daemon;
}

static gboolean
is_notified (Fixture       *f,
             gconstpointer  topic)
{
  return redial_notifier_get_n_cases (redial_application_get_notifier (f->app),
                                      GPOINTER_TO_UINT (topic)) == 1;
}

static gboolean
window_shows (Fixture       *f,
              gconstpointer  kase)
{
  return window (f) != NULL && gtk_widget_get_mapped (GTK_WIDGET (window (f))) &&
         redial_window_get_open_case (window (f)) != NULL &&
         redial_case_get_id (redial_window_get_open_case (window (f))) == redial_case_get_id ((RedialCase *) kase);
}

/* The window closed, a missed call's notification still claims the case
 * and opens it. */
static void
notification_with_window_hidden (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GSubprocess) daemon = start_daemon ();
  RedialNotifier *notifier = redial_application_get_notifier (f->app);
  RedialCase *anna;

  g_settings_set_boolean (settings, "notifications-enabled", TRUE);
  gtk_widget_set_visible (GTK_WIDGET (window (f)), FALSE);
  anna = miss_call (f, "a", "+13125550101", "Anna Able");
  wait_for (f, is_notified, GUINT_TO_POINTER (REDIAL_NOTIFIER_TOPIC_MISSED_CALL), "the missed call's notification");
  g_assert_null (redial_notifier_get_last_error (notifier));

  g_assert_true (redial_notifier_activate (notifier, REDIAL_NOTIFIER_TOPIC_MISSED_CALL, "claim"));
  g_assert_cmpstr (redial_case_get_owner (anna), ==, "Sam");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window (f))));

  g_assert_true (redial_notifier_activate (notifier, REDIAL_NOTIFIER_TOPIC_MISSED_CALL, "open"));
  wait_for (f, window_shows, anna, "the window to show Anna's case");

  g_subprocess_force_exit (daemon);
}

/* A reply to the case the desk has open on screen is no news; one from
 * another caller is. */
static void
quiet_for_the_open_case (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GSubprocess) daemon = start_daemon ();
  RedialNotifier *notifier = redial_application_get_notifier (f->app);
  RedialCase *anna;
  g_autofree char *x = NULL;

  g_settings_set_boolean (settings, "notifications-enabled", TRUE);
  anna = miss_call (f, "a", "+13125550101", "Anna Able");
  miss_call (f, "b", "+13125550102", "Ben Baker");
  x = g_strdup_printf ("int64 %" G_GINT64_FORMAT, redial_case_get_id (anna));
  script (f, "open-case", x);
  wait_for (f, window_shows, anna, "the window to show Anna's case");
  g_assert_true (redial_window_is_showing_case (window (f), redial_case_get_id (anna)));

  redial_engine_handle_inbound (engine (f), "SMq1", "+13125550101", "Is 3pm fine?");
  redial_test_drain ();
  g_assert_cmpuint (redial_notifier_get_n_cases (notifier, REDIAL_NOTIFIER_TOPIC_REPLY), ==, 0);

  redial_engine_handle_inbound (engine (f), "SMq2", "+13125550102", "Hello?");
  wait_for (f, is_notified, GUINT_TO_POINTER (REDIAL_NOTIFIER_TOPIC_REPLY), "Ben's reply notified");

  g_subprocess_force_exit (daemon);
}

/* Booking as a script books: a case booked, its appointment moved and
 * cancelled, two times offered; a time that is none refused. */
static void
booking_over_dbus (gpointer data)
{
  Fixture *f = data;
  RedialStore *store = redial_context_get_store (redial_application_get_context (f->app));
  RedialCase *anna = miss_call (f, "a", "+13125550101", "Anna Able");
  RedialCase *ben = miss_call (f, "b", "+13125550102", "Ben Baker");
  gint64 now = redial_clock_now (redial_engine_get_clock (engine (f)));
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (today, 1);
  g_autoptr(GDateTime) ten = g_date_time_new_utc (g_date_time_get_year (tomorrow), g_date_time_get_month (tomorrow),
                                                  g_date_time_get_day_of_month (tomorrow), 10, 0, 0);
  g_autoptr(GDateTime) two = g_date_time_add_hours (ten, 4);
  g_autoptr(GDateTime) four = g_date_time_add_hours (ten, 6);
  g_autofree char *at_ten = g_date_time_format_iso8601 (ten);
  g_autofree char *at_two = g_date_time_format_iso8601 (two);
  g_autofree char *at_four = g_date_time_format_iso8601 (four);
  g_autofree char *book = g_strdup_printf ("(int64 %" G_GINT64_FORMAT ", 'Joe', '%s')", redial_case_get_id (anna), at_ten);
  g_autofree char *bad = g_strdup_printf ("(int64 %" G_GINT64_FORMAT ", 'Joe', 'soon')", redial_case_get_id (anna));
  g_autofree char *offer = g_strdup_printf ("int64 %" G_GINT64_FORMAT, redial_case_get_id (ben));
  g_autofree char *move = NULL;
  g_autofree char *cancel = NULL;
  g_autoptr(GPtrArray) appointments = NULL;
  g_autoptr(GPtrArray) holds = NULL;
  g_autoptr(RedialAppointment) moved = NULL;
  RedialAppointment *appointment;

  expected_warning = "is not a date and time";
  script (f, "book-case", bad);
  g_assert_true (warned);
  expected_warning = NULL;
  warned = FALSE;

  script (f, "book-case", book);
  g_assert_cmpint (redial_case_get_state (anna), ==, REDIAL_CASE_STATE_BOOKED);
  appointments = redial_store_list_case_appointments (store, redial_case_get_id (anna), NULL);
  g_assert_cmpuint (appointments->len, ==, 1);
  appointment = g_ptr_array_index (appointments, 0);
  g_assert_cmpstr (redial_appointment_get_resource (appointment), ==, "Joe");
  g_assert_cmpint (redial_appointment_get_start (appointment), ==, g_date_time_to_unix (ten) * G_USEC_PER_SEC);
  wait_for (f, window_says, "Booked Joe for", "the toast with Undo");

  move = g_strdup_printf ("(int64 %" G_GINT64_FORMAT ", '', '%s', '%s')", redial_appointment_get_id (appointment),
                          at_two, at_four);
  script (f, "move-appointment", move);
  moved = redial_store_get_appointment (store, redial_appointment_get_id (appointment), NULL);
  g_assert_cmpint (redial_appointment_get_start (moved), ==, g_date_time_to_unix (two) * G_USEC_PER_SEC);
  g_assert_cmpint (redial_appointment_get_end (moved), ==, g_date_time_to_unix (four) * G_USEC_PER_SEC);

  cancel = g_strdup_printf ("int64 %" G_GINT64_FORMAT, redial_appointment_get_id (appointment));
  script (f, "cancel-appointment", cancel);
  g_clear_object (&moved);
  moved = redial_store_get_appointment (store, redial_appointment_get_id (appointment), NULL);
  g_assert_cmpint (redial_appointment_get_status (moved), ==, REDIAL_APPOINTMENT_STATUS_CANCELLED);
  g_assert_cmpint (redial_case_get_state (anna), !=, REDIAL_CASE_STATE_BOOKED);

  script (f, "offer-slots", offer);
  holds = redial_store_list_case_holds (store, redial_case_get_id (ben), redial_clock_now (redial_engine_get_clock (engine (f))),
                                        NULL);
  g_assert_cmpuint (holds->len, ==, 2);
}

static gboolean
run_body (gpointer data)
{
  Fixture *f = data;

  f->body (f);
  f->done = TRUE;
  g_application_quit (G_APPLICATION (f->app));
  return G_SOURCE_REMOVE;
}

static void
on_activate (GApplication *application,
             Fixture      *f)
{
  if (!f->started)
    {
      f->started = TRUE;
      g_idle_add (run_body, f);
    }
}

/* Runs the application on the test's settings and calls @body from its
 * main loop once its window was asked for. */
static void
run (Fixture *f,
     void   (*body) (gpointer f))
{
  const char *argv[] = { "redial", "--config", f->conf, NULL };

  f->body = body;
  g_signal_connect_after (f->app, "activate", G_CALLBACK (on_activate), f);
  g_assert_cmpint (g_application_run (G_APPLICATION (f->app), 3, (char **) argv), ==, 0);
  g_assert_true (f->done);
}

static void
test_every_action_over_dbus (Fixture       *f,
                             gconstpointer  data)
{
  run (f, every_action);
}

static void
test_notification_with_window_hidden (Fixture       *f,
                                      gconstpointer  data)
{
  run (f, notification_with_window_hidden);
}

static void
test_quiet_for_the_open_case (Fixture       *f,
                              gconstpointer  data)
{
  run (f, quiet_for_the_open_case);
}

static void
test_booking_over_dbus (Fixture       *f,
                        gconstpointer  data)
{
  run (f, booking_over_dbus);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *text = NULL;

  f->dir = redial_test_make_dir ();
  f->conf = g_build_filename (f->dir, "redial.conf", NULL);
  f->store = g_build_filename (f->dir, "redial.db", NULL);
  /* @data: more settings, or NULL. */
  text = g_strdup_printf ("[business]\nname = Acme Plumbing\n[sms]\nbackend = demo\n[service-area]\ncodes = 606\n"
                          "[store]\npath = %s\n%s", f->store, data != NULL ? (const char *) data : "");
  g_assert_true (g_file_set_contents (f->conf, text, -1, NULL));
  g_settings_set_string (settings, "desk-user", "Sam");
  g_settings_set_boolean (settings, "notifications-enabled", FALSE);
  /* Registered on this session's bus under its own name, as it runs. */
  f->app = redial_application_new ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->app);
  redial_test_remove_tree (f->dir);
  g_free (f->conf);
  g_free (f->store);
  g_free (f->dir);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_log_set_writer_func (write_log, NULL, NULL);

  g_test_add ("/ui/case-actions/every-action-over-dbus", Fixture, NULL, fixture_setup,
              test_every_action_over_dbus, fixture_teardown);
  g_test_add ("/ui/case-actions/notification-with-window-hidden", Fixture, NULL, fixture_setup,
              test_notification_with_window_hidden, fixture_teardown);
  g_test_add ("/ui/case-actions/quiet-for-the-open-case", Fixture, NULL, fixture_setup,
              test_quiet_for_the_open_case, fixture_teardown);
  g_test_add ("/ui/case-actions/booking-over-dbus", Fixture,
              "[resource Joe]\nhours = mon-sun 00:00-24:00\n[booking]\nminimum-notice = 15m\n", fixture_setup,
              test_booking_over_dbus, fixture_teardown);

  return g_test_run ();
}
