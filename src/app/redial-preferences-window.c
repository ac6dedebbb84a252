/* redial-preferences-window.c: this desk's preferences, the keyring's secrets, a test text, the booking settings and the shared business settings. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "redial-booking-settings.h"
#include "redial-business-settings-group.h"
#include "redial-job-type.h"
#include "redial-phone.h"
#include "redial-preferences-window.h"
#include "redial-secret.h"

struct _RedialPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwEntryRow          *desk_user_row;
  GtkSwitch            *notifications_switch;
  RedialBusinessSettingsGroup *business_settings_group;
  AdwActionRow         *phone_row;
  AdwActionRow         *sms_row;
  AdwActionRow         *automation_row;
  AdwPreferencesGroup  *secrets_group;
  AdwEntryRow          *twilio_token_row;
  AdwEntryRow          *ami_secret_row;
  AdwEntryRow          *webhook_secret_row;
  AdwActionRow         *keyring_problem_row;
  GtkButton            *save_file_button;
  AdwEntryRow          *test_number_row;
  GtkButton            *send_test_button;
  AdwActionRow         *test_result_row;
  AdwPreferencesGroup  *resources_group;
  AdwActionRow         *no_resources_row;
  AdwPreferencesGroup  *job_types_group;
  AdwActionRow         *notice_row;
  AdwActionRow         *buffer_row;
  AdwActionRow         *hold_row;

  GSettings            *settings;
  RedialContext        *context;
  RedialEngine         *engine;
  GCancellable         *cancellable;
  AdwEntryRow          *unsaved_row;    /* the row the keyring refused, its text kept */
  AdwEntryRow          *saving_row;     /* the row whose secret the keyring is asked to keep */
  guint                 keyring_wait;   /* until the keyring is taken not to answer */
};

/* How long a keyring may take to answer before the desk is told: a
 * locked keyring whose unlock prompt cannot show may never answer. */
#define KEYRING_WAIT_US (10 * G_USEC_PER_SEC)

G_DEFINE_FINAL_TYPE (RedialPreferencesWindow, redial_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* Each secret Preferences takes: its keyring name, and the settings key
 * that names a private file holding it instead. */
static const struct
{
  const char *name;
  const char *group;
  const char *key;
  const char *file;
} secret_kinds[] = {
  { "twilio/auth-token", "twilio", "auth-token-file", "twilio-auth-token" },
  { "ami/secret", "ami", "secret-file", "ami-secret" },
  { "webhook/secret", "webhook", "secret-file", "webhook-secret" },
};

/* A secret on its way to the keyring, which blocks: saved in a thread. */
typedef struct
{
  char *name;
  char *label;
  char *secret;
} SecretJob;

static void
secret_job_free (SecretJob *job)
{
  g_free (job->name);
  g_free (job->label);
  redial_secret_free (job->secret);
  g_free (job);
}

static void
save_secret_in_thread (GTask        *task,
                       gpointer      source,
                       gpointer      data,
                       GCancellable *cancellable)
{
  SecretJob *job = data;
  GError *error = NULL;

  if (redial_secret_store (job->name, job->label, job->secret, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
show_toast (RedialPreferencesWindow *self,
            const char              *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (escaped));
}

static guint
secret_kind (AdwEntryRow *row)
{
  const char *name = g_object_get_data (G_OBJECT (row), "secret-name");

  for (guint i = 0; i < G_N_ELEMENTS (secret_kinds); i++)
    if (g_str_equal (secret_kinds[i].name, name))
      return i;
  g_assert_not_reached ();
}

/* The secret is saved: the running backends take it, the field empties. */
static void
secret_saved (RedialPreferencesWindow *self,
              AdwEntryRow             *row)
{
  const char *secret = gtk_editable_get_text (GTK_EDITABLE (row));

  if (self->context != NULL && *secret != '\0')
    redial_context_use_secret (self->context, secret_kinds[secret_kind (row)].name, secret);
  gtk_editable_set_text (GTK_EDITABLE (row), "");
}

static void
show_keyring_problem (RedialPreferencesWindow *self,
                      AdwEntryRow             *row)
{
  self->unsaved_row = row;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->keyring_problem_row),
                                 _("The keyring is locked or not running: nothing was saved"));
  adw_action_row_set_subtitle (self->keyring_problem_row,
                               _("What you typed is still in its field. Unlock the keyring (log out and in "
                                 "again, or open Passwords and Keys) and save again, or save it in a file "
                                 "that only you can read."));
  gtk_widget_set_visible (GTK_WIDGET (self->save_file_button), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->keyring_problem_row), TRUE);
}

static gboolean
on_keyring_silent (gpointer user_data)
{
  RedialPreferencesWindow *self = user_data;

  self->keyring_wait = 0;
  if (self->saving_row != NULL)
    {
      g_message ("A secret was not saved: the keyring did not answer");
      gtk_widget_set_sensitive (GTK_WIDGET (self->saving_row), TRUE);
      show_keyring_problem (self, self->saving_row);
    }
  return G_SOURCE_REMOVE;
}

static void
on_secret_saved (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RedialPreferencesWindow *self = REDIAL_PREFERENCES_WINDOW (source);
  AdwEntryRow *row = user_data;
  g_autoptr(GError) error = NULL;

  if (g_task_had_error (G_TASK (result)) && g_cancellable_is_cancelled (self->cancellable))
    return;
  if (self->context != NULL)
    redial_clock_clear (redial_context_get_clock (self->context), &self->keyring_wait);
  if (self->saving_row == row)
    self->saving_row = NULL;
  gtk_widget_set_sensitive (GTK_WIDGET (row), TRUE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_message ("A secret was not saved: %s", error->message);
      show_keyring_problem (self, row);
      return;
    }

  secret_saved (self, row);
  gtk_widget_set_visible (GTK_WIDGET (self->keyring_problem_row), FALSE);
  show_toast (self, _("Saved in the keyring"));
}

/* Where a secret's file goes: beside the settings file. */
static char *
secret_file_path (RedialPreferencesWindow *self,
                  const char              *file)
{
  const char *source = self->context != NULL ? redial_config_get_source (redial_context_get_config (self->context))
                                             : NULL;
  g_autofree char *dir = NULL;

  if (source != NULL && g_path_is_absolute (source))
    dir = g_path_get_dirname (source);
  else
    dir = g_build_filename (g_get_user_config_dir (), "redial", NULL);
  return g_build_filename (dir, file, NULL);
}

static void
on_save_file_clicked (GtkButton               *button,
                      RedialPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *done = NULL;
  const char *settings;
  guint kind;

  if (self->unsaved_row == NULL)
    return;
  kind = secret_kind (self->unsaved_row);
  path = secret_file_path (self, secret_kinds[kind].file);
  dir = g_path_get_dirname (path);
  contents = g_strdup_printf ("%s\n", gtk_editable_get_text (GTK_EDITABLE (self->unsaved_row)));

  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Not saved in %s: %s"), path,
                                               error != NULL ? error->message : g_strerror (errno));
      adw_action_row_set_subtitle (self->keyring_problem_row, text);
      explicit_bzero (contents, strlen (contents));
      return;
    }
  explicit_bzero (contents, strlen (contents));

  secret_saved (self, self->unsaved_row);
  self->unsaved_row = NULL;
  settings = self->context != NULL ? redial_config_get_source (redial_context_get_config (self->context))
                                   : "redial.conf";
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->keyring_problem_row),
                                 _("Saved in a file that only you can read"));
  /* Translators: "Add “auth-token-file = /path” to [twilio] in redial.conf…" */
  done = g_strdup_printf (_("Add “%s = %s” to [%s] in %s, so that Redial reads it from there when it "
                            "starts."),
                          secret_kinds[kind].key, path, secret_kinds[kind].group, settings);
  adw_action_row_set_subtitle (self->keyring_problem_row, done);
  gtk_widget_set_visible (GTK_WIDGET (self->save_file_button), FALSE);
}

static void
on_secret_apply (AdwEntryRow *row,
                 gpointer     user_data)
{
  RedialPreferencesWindow *self = REDIAL_PREFERENCES_WINDOW (user_data);
  g_autoptr(GTask) task = NULL;
  SecretJob *job;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  if (text == NULL || *text == '\0')
    return;

  job = g_new0 (SecretJob, 1);
  job->name = g_strdup (g_object_get_data (G_OBJECT (row), "secret-name"));
  job->label = g_strdup_printf ("Redial: %s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  job->secret = g_strdup (text);
  /* The text stays until the keyring has it: a locked keyring loses nothing. */
  gtk_widget_set_sensitive (GTK_WIDGET (row), FALSE);

  self->saving_row = row;
  if (self->context != NULL && self->keyring_wait == 0)
    self->keyring_wait = redial_clock_schedule (redial_context_get_clock (self->context), KEYRING_WAIT_US,
                                                on_keyring_silent, self, NULL);

  task = g_task_new (self, self->cancellable, on_secret_saved, row);
  g_task_set_task_data (task, job, (GDestroyNotify) secret_job_free);
  g_task_run_in_thread (task, save_secret_in_thread);
}

static void
show_test_result (RedialPreferencesWindow *self,
                  const char              *text)
{
  adw_action_row_set_subtitle (self->test_result_row, text);
  gtk_widget_set_visible (GTK_WIDGET (self->test_result_row), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->send_test_button), TRUE);
}

static void
on_test_sent (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(RedialPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message_id = redial_engine_send_test_text_finish (REDIAL_ENGINE (source), result, &error);
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* The entry shows the number as typed: the row does not repeat it. */
  if (error != NULL && error->domain == REDIAL_PHONE_ERROR)
    text = g_strdup (_("Not sent: that is not a phone number."));
  else if (message_id == NULL)
    text = g_strdup_printf (_("Not sent: %s"), error->message);
  else
    text = g_strdup_printf (_("Sent: the gateway accepted it as %s"), message_id);
  show_test_result (self, text);
}

static void
on_send_test_clicked (GtkButton               *button,
                      RedialPreferencesWindow *self)
{
  const char *number = gtk_editable_get_text (GTK_EDITABLE (self->test_number_row));

  if (self->engine == NULL)
    {
      show_test_result (self, _("Not sent: Redial has not started."));
      return;
    }
  if (number == NULL || *number == '\0')
    {
      show_test_result (self, _("Not sent: enter a mobile number first."));
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->send_test_button), FALSE);
  adw_action_row_set_subtitle (self->test_result_row, _("Sending…"));
  gtk_widget_set_visible (GTK_WIDGET (self->test_result_row), TRUE);
  redial_engine_send_test_text_async (self->engine, number, self->cancellable,
                                      on_test_sent, g_object_ref (self));
}

/* The link's own sentence, as it changes. */
static void
bind_link (gpointer      link,
           AdwActionRow *row)
{
  if (link == NULL)
    adw_action_row_set_subtitle (row, _("None set up"));
  else
    g_object_bind_property (link, "status", row, "subtitle", G_BINDING_SYNC_CREATE);
}

static void
on_desk_only (RedialContext           *context,
              GParamSpec              *pspec,
              RedialPreferencesWindow *self)
{
  adw_action_row_set_subtitle (self->automation_row,
                               redial_context_get_desk_only (context)
                                 ? _("Texts are sent by the Redial service")
                                 : _("Texts are sent by this window, also while it is closed"));
}

static void
update_connections (RedialPreferencesWindow *self)
{
  AdwEntryRow *rows[] = { self->twilio_token_row, self->ami_secret_row, self->webhook_secret_row };
  gboolean any = FALSE;

  if (self->context == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->automation_row), FALSE);
      return;
    }

  bind_link (redial_context_get_phone_system (self->context), self->phone_row);
  bind_link (redial_context_get_sms_gateway (self->context), self->sms_row);
  g_signal_connect_object (self->context, "notify::desk-only", G_CALLBACK (on_desk_only), self, 0);
  on_desk_only (self->context, NULL, self);

  /* Only the secrets the configured backends read from the keyring. */
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      gboolean needed = redial_context_needs_secret (self->context, secret_kinds[i].name);

      gtk_widget_set_visible (GTK_WIDGET (rows[i]), needed);
      any |= needed;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->secrets_group), any);
}

/* "2 hours", "1 hour 30 minutes", "0 minutes". */
static char *
describe_duration (gint64 duration)
{
  guint minutes = (guint) (duration / (60 * G_USEC_PER_SEC));
  guint hours = minutes / 60;
  g_autofree char *hour_text = NULL;
  g_autofree char *minute_text = NULL;

  if (hours > 0)
    hour_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hour", "%u hours", hours), hours);
  if (minutes % 60 > 0 || minutes == 0)
    minute_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", minutes % 60),
                                   minutes % 60);
  if (hour_text != NULL && minute_text != NULL)
    /* TRANSLATORS: a duration: "1 hour 30 minutes" */
    return g_strdup_printf (_("%s %s"), hour_text, minute_text);
  return g_strdup (hour_text != NULL ? hour_text : minute_text);
}

static GtkWidget *
settings_row (const char *title,
              const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  /* Names come from the settings file: shown as written, never as markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

/* The booking settings, read-only: they are changed in the settings file. */
static void
show_booking (RedialPreferencesWindow *self,
              RedialConfig            *config)
{
  RedialBookingSettings *booking = redial_config_get_booking (config);
  GPtrArray *resources = redial_booking_settings_get_resources (booking);
  GPtrArray *job_types = redial_booking_settings_get_job_types (booking);
  g_autofree char *notice = describe_duration (redial_booking_settings_get_minimum_notice (booking));
  g_autofree char *buffer = describe_duration (redial_booking_settings_get_buffer (booking));
  g_autofree char *hold = describe_duration ((gint64) redial_booking_settings_get_hold_minutes (booking) *
                                             60 * G_USEC_PER_SEC);

  gtk_widget_set_visible (GTK_WIDGET (self->no_resources_row), resources->len == 0);
  for (guint i = 0; i < resources->len; i++)
    {
      RedialResource *resource = g_ptr_array_index (resources, i);
      const char * const *jobs = redial_resource_get_job_types (resource);
      g_autofree char *hours = redial_booking_describe_hours (resource);
      g_autofree char *list = g_strjoinv (", ", (char **) jobs);
      g_autofree char *does = jobs[0] == NULL ? g_strdup (_("Every job"))
                                              /* TRANSLATORS: the job types a resource does */
                                              : g_strdup_printf (_("Jobs: %s"), list);
      g_autofree char *subtitle = g_strdup_printf ("%s\n%s", hours, does);

      adw_preferences_group_add (self->resources_group,
                                 settings_row (redial_resource_get_name (resource), subtitle));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->job_types_group), job_types->len > 0);
  for (guint i = 0; i < job_types->len; i++)
    {
      RedialJobType *type = g_ptr_array_index (job_types, i);
      g_autofree char *takes = describe_duration (redial_job_type_get_duration (type));
      g_autofree char *window = describe_duration (redial_job_type_get_window (type));
      g_autofree char *subtitle = NULL;

      if (redial_job_type_get_window (type) > 0)
        /* TRANSLATORS: "Takes 2 hours · arrival within 2 hours" */
        subtitle = g_strdup_printf (_("Takes %s · arrival within %s"), takes, window);
      else
        /* TRANSLATORS: "Takes 2 hours · arrival at the time booked" */
        subtitle = g_strdup_printf (_("Takes %s · arrival at the time booked"), takes);
      adw_preferences_group_add (self->job_types_group,
                                 settings_row (redial_job_type_get_name (type), subtitle));
    }

  adw_action_row_set_subtitle (self->notice_row, notice);
  adw_action_row_set_subtitle (self->buffer_row, buffer);
  adw_action_row_set_subtitle (self->hold_row, hold);
}

static void
redial_preferences_window_dispose (GObject *object)
{
  RedialPreferencesWindow *self = REDIAL_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->context != NULL)
    redial_clock_clear (redial_context_get_clock (self->context), &self->keyring_wait);
  self->saving_row = NULL;
  g_clear_object (&self->engine);
  g_clear_object (&self->context);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), REDIAL_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (redial_preferences_window_parent_class)->dispose (object);
}

static void
redial_preferences_window_class_init (RedialPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = redial_preferences_window_dispose;

  g_type_ensure (REDIAL_TYPE_BUSINESS_SETTINGS_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/redial/Redial/redial-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RedialPreferencesWindow, desk_user_row);
  gtk_widget_class_bind_template_child (widget_class, RedialPreferencesWindow, notifications_switch);
  gtk_widget_class_bind_template_child (widget_class, RedialPreferencesWindow, business_settings_group);
  gtk_widget_class_bind_template_child (widget_class, RedialPreferencesWindow, phone_row);
  gtk_widget_class_bind_template_child (widget_class, RedialPreferencesWindow, sms_row);
  gtk_widget_class_bind_template_child (widget_class, RedialPreferencesWindow, automation_row);
  gtk_widget_class_bind_template_child (widget_class, RedialPreferencesWindow, secrets_group);
  gtk_widget_class_bind_template_child (widget_class, RedialPreferencesWindow, twilio_token_row);
  gtk_widget_class_bind_template_child (widget_class, RedialPreferencesWindow, ami_secret_row);
  gtk_widget_class_bind_template_child (widget_class, RedialPreferencesWindow, webhook_secret_row);
  gtk_widget_class_bind_template_child (widget_class, RedialPreferencesWindow, keyring_problem_row);
  gtk_widget_class_bind_template_child (widget_class, RedialPreferencesWindow, save_file_button);
  gtk_widget_class_bind_template_child (widget_class, RedialPreferencesWindow, test_number_row);
  gtk_widget_class_bind_template_child (widget_class, RedialPreferencesWindow, send_test_button);
  gtk_widget_class_bind_template_child (widget_class, RedialPreferencesWindow, test_result_row);
  gtk_widget_class_bind_template_child (widget_class, RedialPreferencesWindow, resources_group);
  gtk_widget_class_bind_template_child (widget_class, RedialPreferencesWindow, no_resources_row);
  gtk_widget_class_bind_template_child (widget_class, RedialPreferencesWindow, job_types_group);
  gtk_widget_class_bind_template_child (widget_class, RedialPreferencesWindow, notice_row);
  gtk_widget_class_bind_template_child (widget_class, RedialPreferencesWindow, buffer_row);
  gtk_widget_class_bind_template_child (widget_class, RedialPreferencesWindow, hold_row);
}

static void
redial_preferences_window_init (RedialPreferencesWindow *self)
{
  AdwEntryRow *secrets[G_N_ELEMENTS (secret_kinds)];

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "desk-user", self->desk_user_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "notifications-enabled", self->notifications_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  /* The rows are built by the template, in the order of secret_kinds. */
  secrets[0] = self->twilio_token_row;
  secrets[1] = self->ami_secret_row;
  secrets[2] = self->webhook_secret_row;
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    {
      g_object_set_data (G_OBJECT (secrets[i]), "secret-name", (gpointer) secret_kinds[i].name);
      g_signal_connect (secrets[i], "apply", G_CALLBACK (on_secret_apply), self);
    }
  g_signal_connect (self->save_file_button, "clicked", G_CALLBACK (on_save_file_clicked), self);

  g_signal_connect (self->send_test_button, "clicked", G_CALLBACK (on_send_test_clicked), self);
}

GtkWidget *
redial_preferences_window_new (GtkWindow     *parent,
                               RedialContext *context)
{
  RedialPreferencesWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (context == NULL || REDIAL_IS_CONTEXT (context), NULL);

  self = g_object_new (REDIAL_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
  if (context != NULL)
    {
      self->context = g_object_ref (context);
      g_set_object (&self->engine, redial_context_get_engine (context));
      redial_business_settings_group_set_context (self->business_settings_group, context);
    }
  if (context != NULL)
    show_booking (self, redial_context_get_config (context));
  else
    {
      g_autoptr(RedialConfig) defaults = redial_config_new ();

      show_booking (self, defaults);
    }
  update_connections (self);
  return GTK_WIDGET (self);
}

RedialBusinessSettingsGroup *
redial_preferences_window_get_business_settings (RedialPreferencesWindow *self)
{
  g_return_val_if_fail (REDIAL_IS_PREFERENCES_WINDOW (self), NULL);
  return self->business_settings_group;
}
