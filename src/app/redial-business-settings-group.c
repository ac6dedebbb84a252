/* redial-business-settings-group.c: Preferences' view of the business settings every desk on a shared store goes by. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include <glib/gi18n.h>

#include "redial-business-settings-group.h"
#include "redial-format.h"
#include "redial-shared-settings.h"

struct _RedialBusinessSettingsGroup
{
  AdwPreferencesGroup   parent_instance;

  AdwActionRow         *version_row;
  AdwActionRow         *problem_row;
  AdwActionRow         *save_row;
  AdwActionRow         *use_row;

  RedialContext        *context;
  GtkFileChooserNative *chooser;   /* the file chooser open, if any */
};

G_DEFINE_FINAL_TYPE (RedialBusinessSettingsGroup, redial_business_settings_group, ADW_TYPE_PREFERENCES_GROUP)

static AdwActionRow *
add_row (RedialBusinessSettingsGroup *self,
         const char                  *title,
         const char                  *subtitle,
         const char                  *icon_name)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  /* Who wrote the settings, and errors, come from elsewhere: never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (row, subtitle);
  adw_action_row_set_subtitle_lines (row, 0);
  if (icon_name != NULL)
    {
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (row, gtk_image_new_from_icon_name (icon_name));
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (row));
  return row;
}

static RedialSharedSettings *
shared_of (RedialBusinessSettingsGroup *self)
{
  return self->context != NULL ? redial_context_get_shared_settings (self->context) : NULL;
}

static void
update_version (RedialBusinessSettingsGroup *self)
{
  RedialSharedSettings *shared = shared_of (self);
  GTimeZone *tz = redial_config_get_time_zone (redial_context_get_config (self->context));
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, redial_shared_settings_get_version (shared));
  g_autofree char *title = NULL;
  g_autofree char *when = NULL;
  g_autofree char *subtitle = NULL;
  const char *who = redial_shared_settings_get_written_by (shared);

  /* TRANSLATORS: the version of the shared business settings in use */
  title = g_strdup_printf (_("Version %s"), number);
  when = redial_format_moment (redial_shared_settings_get_written_at (shared), tz);
  /* TRANSLATORS: "Changed by ann@front-desk on Tue Dec 1, 9:05", in the business's time zone */
  subtitle = g_strdup_printf (_("Changed by %s on %s"), who != NULL ? who : "?", when);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->version_row), title);
  adw_action_row_set_subtitle (self->version_row, subtitle);
}

static void
on_version (RedialSharedSettings        *shared,
            GParamSpec                  *pspec,
            RedialBusinessSettingsGroup *self)
{
  update_version (self);
}

/* The application of the window Preferences are for: Preferences are no
 * window of the application's, so its actions are not in the widget tree. */
static GApplication *
application_of (RedialBusinessSettingsGroup *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  for (GtkWindow *window = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL; window != NULL;
       window = gtk_window_get_transient_for (window))
    if (gtk_window_get_application (window) != NULL)
      return G_APPLICATION (gtk_window_get_application (window));
  return g_application_get_default ();
}

/* The chooser answered: its file goes to the application's @action (s). */
static void
on_chooser_response (GtkNativeDialog             *chooser,
                     int                          response,
                     RedialBusinessSettingsGroup *self)
{
  const char *action = g_object_get_data (G_OBJECT (chooser), "action");
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = file != NULL ? g_file_get_path (file) : NULL;
  if (path != NULL && application_of (self) != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (application_of (self)), action, g_variant_new_string (path));
  g_clear_object (&self->chooser);
}

static void
choose (RedialBusinessSettingsGroup *self,
        const char                  *title,
        GtkFileChooserAction         mode,
        const char                  *accept,
        const char                  *action)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, mode,
                                               accept, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_object_set_data (G_OBJECT (self->chooser), "action", (gpointer) action);
  if (mode == GTK_FILE_CHOOSER_ACTION_SAVE)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                 redial_shared_settings_get_version (shared_of (self)));
      /* TRANSLATORS: the file name offered for a copy of the shared settings; %s is its version */
      g_autofree char *name = g_strdup_printf (_("business-settings-%s.conf"), number);

      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
    }
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_save_activated (AdwActionRow                *row,
                   RedialBusinessSettingsGroup *self)
{
  choose (self, _("Save a Copy of the Business Settings"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
          "save-settings-copy");
}

static void
on_use_activated (AdwActionRow                *row,
                  RedialBusinessSettingsGroup *self)
{
  choose (self, _("Use a Settings File"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), "push-settings-file");
}

static void
redial_business_settings_group_dispose (GObject *object)
{
  RedialBusinessSettingsGroup *self = REDIAL_BUSINESS_SETTINGS_GROUP (object);

  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  g_clear_object (&self->context);

  G_OBJECT_CLASS (redial_business_settings_group_parent_class)->dispose (object);
}

static void
redial_business_settings_group_class_init (RedialBusinessSettingsGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = redial_business_settings_group_dispose;
}

static void
redial_business_settings_group_init (RedialBusinessSettingsGroup *self)
{
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Business Settings"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         _("Hours, holidays, response targets, texts, resources and intake "
                                           "questions are shared by every desk on the office's database."));
  self->version_row = add_row (self, "", NULL, NULL);
  self->problem_row = add_row (self, "", NULL, NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->problem_row), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_row), FALSE);
  self->save_row = add_row (self, _("Save a Copy…"),
                            _("A settings file holding the settings in use, to edit"), "document-save-symbolic");
  self->use_row = add_row (self, _("Use a Settings File…"),
                           _("Checked first, then every desk goes by it"), "document-open-symbolic");
  g_signal_connect (self->save_row, "activated", G_CALLBACK (on_save_activated), self);
  g_signal_connect (self->use_row, "activated", G_CALLBACK (on_use_activated), self);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

void
redial_business_settings_group_set_context (RedialBusinessSettingsGroup *self,
                                            RedialContext               *context)
{
  RedialSharedSettings *shared;

  g_return_if_fail (REDIAL_IS_BUSINESS_SETTINGS_GROUP (self));
  g_return_if_fail (context == NULL || REDIAL_IS_CONTEXT (context));
  g_return_if_fail (self->context == NULL);

  /* A desk alone keeps them in its settings file: nothing to show. */
  if (context == NULL || redial_context_get_shared_settings (context) == NULL)
    return;

  self->context = g_object_ref (context);
  shared = redial_context_get_shared_settings (context);
  g_signal_connect_object (shared, "notify::version", G_CALLBACK (on_version), self, 0);
  update_version (self);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

void
redial_business_settings_group_show_problem (RedialBusinessSettingsGroup *self,
                                             const char                  *title,
                                             const char                  *message)
{
  g_return_if_fail (REDIAL_IS_BUSINESS_SETTINGS_GROUP (self));
  g_return_if_fail (title != NULL && message != NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->problem_row), title);
  adw_action_row_set_subtitle (self->problem_row, message);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_row), TRUE);
}

void
redial_business_settings_group_clear_problem (RedialBusinessSettingsGroup *self)
{
  g_return_if_fail (REDIAL_IS_BUSINESS_SETTINGS_GROUP (self));

  gtk_widget_set_visible (GTK_WIDGET (self->problem_row), FALSE);
}
