/* redial-preferences-window.c: this desk's preferences, the keyring's secrets and a test text. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include <glib/gi18n.h>

#include "redial-preferences-window.h"
#include "redial-secret.h"

struct _RedialPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwEntryRow          *desk_user_row;
  GtkSwitch            *notifications_switch;
  AdwActionRow         *phone_row;
  AdwActionRow         *sms_row;
  AdwEntryRow          *twilio_token_row;
  AdwEntryRow          *ami_secret_row;
  AdwEntryRow          *webhook_secret_row;
  AdwEntryRow          *test_number_row;
  GtkButton            *send_test_button;
  AdwActionRow         *test_result_row;

  GSettings            *settings;
  RedialContext        *context;
  RedialEngine         *engine;
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (RedialPreferencesWindow, redial_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

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

static void
on_secret_saved (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RedialPreferencesWindow *self = REDIAL_PREFERENCES_WINDOW (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    show_toast (self, error->message);
  else
    show_toast (self, _("Saved in the keyring"));
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
  /* The secret leaves the entry at once: it lives in the keyring only. */
  gtk_editable_set_text (GTK_EDITABLE (row), "");

  task = g_task_new (self, self->cancellable, on_secret_saved, NULL);
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

  if (message_id == NULL)
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

static void
update_connections (RedialPreferencesWindow *self)
{
  RedialConfig *config;
  RedialPhoneSystem *phone;
  g_autofree char *status = NULL;

  if (self->context == NULL)
    return;

  config = redial_context_get_config (self->context);
  phone = redial_context_get_phone_system (self->context);
  if (phone != NULL)
    status = redial_phone_system_dup_status (phone);
  adw_action_row_set_subtitle (self->phone_row, status != NULL ? status : _("None set up"));
  adw_action_row_set_subtitle (self->sms_row,
                               g_str_equal (redial_config_get_sms_gateway (config), "none")
                                 ? _("None set up")
                                 : redial_config_get_sms_gateway (config));
}

static void
redial_preferences_window_dispose (GObject *object)
{
  RedialPreferencesWindow *self = REDIAL_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
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

  gtk_widget_class_set_template_from_resource (widget_class, "/io/redial/Redial/redial-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RedialPreferencesWindow, desk_user_row);
  gtk_widget_class_bind_template_child (widget_class, RedialPreferencesWindow, notifications_switch);
  gtk_widget_class_bind_template_child (widget_class, RedialPreferencesWindow, phone_row);
  gtk_widget_class_bind_template_child (widget_class, RedialPreferencesWindow, sms_row);
  gtk_widget_class_bind_template_child (widget_class, RedialPreferencesWindow, twilio_token_row);
  gtk_widget_class_bind_template_child (widget_class, RedialPreferencesWindow, ami_secret_row);
  gtk_widget_class_bind_template_child (widget_class, RedialPreferencesWindow, webhook_secret_row);
  gtk_widget_class_bind_template_child (widget_class, RedialPreferencesWindow, test_number_row);
  gtk_widget_class_bind_template_child (widget_class, RedialPreferencesWindow, send_test_button);
  gtk_widget_class_bind_template_child (widget_class, RedialPreferencesWindow, test_result_row);
}

static void
redial_preferences_window_init (RedialPreferencesWindow *self)
{
  struct { AdwEntryRow *row; const char *name; } secrets[3];

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "desk-user", self->desk_user_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "notifications-enabled", self->notifications_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  /* The rows are built by the template: bind them to their keyring names now. */
  secrets[0].row = self->twilio_token_row;
  secrets[0].name = "twilio/auth-token";
  secrets[1].row = self->ami_secret_row;
  secrets[1].name = "ami/secret";
  secrets[2].row = self->webhook_secret_row;
  secrets[2].name = "webhook/secret";
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    {
      g_object_set_data (G_OBJECT (secrets[i].row), "secret-name", (gpointer) secrets[i].name);
      g_signal_connect (secrets[i].row, "apply", G_CALLBACK (on_secret_apply), self);
    }

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
    }
  update_connections (self);
  return GTK_WIDGET (self);
}
