/* redial-preferences-window.h: this desk's preferences, the keyring's secrets and a test text. */
#pragma once

#include <adwaita.h>

#include "redial-business-settings-group.h"
#include "redial-context.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_PREFERENCES_WINDOW (redial_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (RedialPreferencesWindow, redial_preferences_window, REDIAL, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/* Preferences for the desk of @context (opened, or NULL when Redial could
 * not start), transient for @parent. */
GtkWidget *redial_preferences_window_new (GtkWindow     *parent,
                                          RedialContext *context);

/* The group showing the business settings shared by every desk. */
RedialBusinessSettingsGroup *redial_preferences_window_get_business_settings (RedialPreferencesWindow *self);

G_END_DECLS
