/* redial-backends.c: builds the phone system and SMS gateway the settings name. */
#include "config.h"

#include <glib/gi18n.h>

#include "redial-backends.h"
#include "redial-demo-phone.h"
#include "redial-demo-sms.h"
#include "redial-twilio-sms.h"

/* Backends name the settings file in their errors themselves. */
static void
set_unavailable (GError       **error,
                 RedialConfig  *config,
                 const char    *group,
                 const char    *backend)
{
  g_set_error (error, REDIAL_CONFIG_ERROR, REDIAL_CONFIG_ERROR_INVALID,
               _("%s: [%s] backend: “%s” is not available in this version of Redial"),
               redial_config_get_source (config), group, backend);
}

RedialPhoneSystem *
redial_backends_create_phone_system (RedialConfig      *config,
                                     RedialClock       *clock,
                                     RedialDemoScript  *script,
                                     GError           **error)
{
  const char *backend;

  g_return_val_if_fail (REDIAL_IS_CONFIG (config), NULL);
  g_return_val_if_fail (REDIAL_IS_CLOCK (clock), NULL);

  backend = redial_config_get_phone_system (config);
  if (g_str_equal (backend, "none"))
    return NULL;
  if (g_str_equal (backend, "demo"))
    return redial_demo_phone_new (clock, script);

  set_unavailable (error, config, "phone-system", backend);
  return NULL;
}

RedialSmsGateway *
redial_backends_create_sms_gateway (RedialConfig      *config,
                                    RedialClock       *clock,
                                    RedialDemoScript  *script,
                                    GError           **error)
{
  const char *backend;

  g_return_val_if_fail (REDIAL_IS_CONFIG (config), NULL);
  g_return_val_if_fail (REDIAL_IS_CLOCK (clock), NULL);

  backend = redial_config_get_sms_gateway (config);
  if (g_str_equal (backend, "none"))
    return NULL;
  if (g_str_equal (backend, "demo"))
    return redial_demo_sms_new (clock, script);
  if (g_str_equal (backend, "twilio"))
    {
      g_autoptr(RedialSmsGateway) gateway = NULL;
      g_autofree char *state_file = NULL;

      gateway = redial_twilio_sms_new_from_keyfile (clock, redial_config_get_keyfile (config),
                                                    redial_config_get_source (config),
                                                    redial_config_get_region (config),
                                                    redial_config_get_sms_from (config),
                                                    error);
      if (gateway == NULL)
        return NULL;
      state_file = g_build_filename (g_get_user_state_dir (), "redial", "twilio-sms.state", NULL);
      redial_twilio_sms_set_state_file (REDIAL_TWILIO_SMS (gateway), state_file);
      return g_steal_pointer (&gateway);
    }

  set_unavailable (error, config, "sms", backend);
  return NULL;
}
