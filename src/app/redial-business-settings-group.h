/* redial-business-settings-group.h: Preferences' view of the business settings every desk on a shared store goes by. */
#pragma once

#include <adwaita.h>

#include "redial-context.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_BUSINESS_SETTINGS_GROUP (redial_business_settings_group_get_type ())
G_DECLARE_FINAL_TYPE (RedialBusinessSettingsGroup, redial_business_settings_group, REDIAL, BUSINESS_SETTINGS_GROUP,
                      AdwPreferencesGroup)

/* Shows the shared business settings of @context (may be NULL) and
 * follows each new version; hidden on a desk that keeps them in its own
 * settings file (no shared store). */
void redial_business_settings_group_set_context  (RedialBusinessSettingsGroup *self,
                                                  RedialContext               *context);
/* Shows why the settings were not saved or not used: @title and
 * @message, plain text, until the next success. */
void redial_business_settings_group_show_problem (RedialBusinessSettingsGroup *self,
                                                  const char                  *title,
                                                  const char                  *message);
/* Hides the problem shown, if any. */
void redial_business_settings_group_clear_problem (RedialBusinessSettingsGroup *self);

G_END_DECLS
