/* redial-application-settings.c: the shared business settings as GActions of the application: a copy saved, a settings file used by every desk. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include <glib/gi18n.h>

#include "redial-application-private.h"
#include "redial-preferences-window.h"
#include "redial-shared-settings.h"

/* A settings file waiting for the person to confirm it. */
typedef struct
{
  RedialApplication *app;
  RedialConfig      *config;
  char              *name;
  gint64             expected;  /* the version the person was asked about */
} Push;

static void
push_free (Push *push)
{
  g_object_unref (push->app);
  g_object_unref (push->config);
  g_free (push->name);
  g_free (push);
}

/* The Preferences window on screen, where the business settings show. */
static RedialPreferencesWindow *
find_preferences (RedialApplication *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  /* Preferences are not the application's: they go with the window. */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (REDIAL_IS_PREFERENCES_WINDOW (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return REDIAL_PREFERENCES_WINDOW (window);
    }
  return NULL;
}

static GtkWindow *
parent_window (RedialApplication *self)
{
  RedialPreferencesWindow *preferences = find_preferences (self);

  if (preferences != NULL)
    return GTK_WINDOW (preferences);
  return GTK_WINDOW (redial_application_present_window (self));
}

static void
say (RedialApplication *self,
     const char        *message)
{
  RedialPreferencesWindow *preferences = find_preferences (self);
  RedialWindow *window = redial_application_find_window (self);

  if (preferences != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (message, -1);

      redial_business_settings_group_clear_problem (redial_preferences_window_get_business_settings (preferences));
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (preferences), adw_toast_new (escaped));
    }
  else if (window != NULL)
    redial_window_show_toast (window, message);
}

/* Says what went wrong where the desk looks: in Preferences' business
 * settings when open, else in a dialog; and in the log, for a script. */
static void
show_problem (RedialApplication *self,
              const char        *title,
              const char        *message)
{
  RedialPreferencesWindow *preferences = find_preferences (self);
  GtkWidget *dialog;

  g_message ("%s: %s", title, message);
  if (preferences != NULL)
    {
      redial_business_settings_group_show_problem (redial_preferences_window_get_business_settings (preferences),
                                                   title, message);
      return;
    }
  dialog = adw_message_dialog_new (parent_window (self), title, message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The business settings this desk shares, or NULL once it was said that
 * it keeps them in its own file. */
static RedialSharedSettings *
shared_settings (RedialApplication *self,
                 const char        *title)
{
  RedialContext *context = redial_application_get_context (self);
  RedialSharedSettings *shared = context != NULL ? redial_context_get_shared_settings (context) : NULL;

  if (shared == NULL)
    show_problem (self, title,
                  _("This desk keeps the business settings in its own settings file: change them there."));
  return shared;
}

static void
on_save_settings_copy (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  RedialApplication *self = user_data;
  const char *path = g_variant_get_string (parameter, NULL);
  RedialSharedSettings *shared = shared_settings (self, _("No Copy Saved"));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *number = NULL;
  g_autofree char *message = NULL;

  if (shared == NULL)
    return;
  if (!redial_shared_settings_save_copy (shared, path, &error))
    {
      show_problem (self, _("No Copy Saved"), error->message);
      return;
    }
  number = g_strdup_printf ("%" G_GINT64_FORMAT, redial_shared_settings_get_version (shared));
  /* TRANSLATORS: "Version 3 of the business settings saved as “office.conf”" */
  message = g_strdup_printf (_("Version %s of the business settings saved as “%s”"), number, name);
  say (self, message);
}

static void
on_push_confirmed (AdwMessageDialog *dialog,
                   const char       *response,
                   Push             *push)
{
  RedialSharedSettings *shared;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  g_autofree char *message = NULL;
  gint64 version = 0;

  if (!g_str_equal (response, "use"))
    return;
  shared = shared_settings (push->app, _("Settings File Not Used"));
  if (shared == NULL)
    return;
  if (!redial_shared_settings_replace (shared, push->config, push->expected, &version, &error))
    {
      show_problem (push->app, _("Settings File Not Used"), error->message);
      return;
    }

  g_message ("The business settings of %s are version %" G_GINT64_FORMAT " now", push->name, version);
  number = g_strdup_printf ("%" G_GINT64_FORMAT, version);
  /* TRANSLATORS: a toast once a settings file was pushed to every desk */
  message = g_strdup_printf (_("Every desk goes by version %s of the business settings now"), number);
  say (push->app, message);
}

static void
on_push_settings_file (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  RedialApplication *self = user_data;
  const char *path = g_variant_get_string (parameter, NULL);
  RedialSharedSettings *shared = shared_settings (self, _("Settings File Not Used"));
  g_autoptr(RedialConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  Push *push;

  if (shared == NULL)
    return;

  /* Checked as a desk would read it: a file no desk could start with is
   * never handed to all of them. */
  config = redial_config_load (path, &error);
  if (config == NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s\n%s", error->message,
                                                  _("The shared business settings were left as they were."));

      show_problem (self, _("Settings File Not Used"), message);
      return;
    }

  push = g_new0 (Push, 1);
  push->app = g_object_ref (self);
  push->config = g_steal_pointer (&config);
  push->name = g_filename_display_basename (path);
  push->expected = redial_shared_settings_get_version (shared);

  number = g_strdup_printf ("%" G_GINT64_FORMAT, push->expected);
  /* TRANSLATORS: "Every desk will go by “office.conf” instead of version 3 of the business settings." */
  body = g_strdup_printf (_("Every desk will go by “%s” instead of version %s of the business settings: its "
                            "hours, texts, response targets, resources and intake questions."),
                          push->name, number);
  dialog = adw_message_dialog_new (parent_window (self), _("Use This File on Every Desk?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "use", _("_Use on Every Desk"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "use", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "push", push, (GDestroyNotify) push_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_push_confirmed), push);
  gtk_window_present (GTK_WINDOW (dialog));
}

static const GActionEntry settings_actions[] = {
  { "save-settings-copy", on_save_settings_copy, "s" },
  { "push-settings-file", on_push_settings_file, "s" },
};

void
redial_application_add_settings_actions (RedialApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), settings_actions, G_N_ELEMENTS (settings_actions), self);
}
