/* redial-preferences-window.h: this desk's preferences, the keyring's secrets and a test text. */
#pragma once

#include <adwaita.h>

#include "redial-engine.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_PREFERENCES_WINDOW (redial_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (RedialPreferencesWindow, redial_preferences_window, REDIAL, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/* Preferences for @engine's desk (@engine may be NULL when Redial could
 * not start), transient for @parent. */
GtkWidget *redial_preferences_window_new (GtkWindow    *parent,
                                          RedialEngine *engine);

G_END_DECLS
