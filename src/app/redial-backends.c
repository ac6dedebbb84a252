/* redial-backends.c: builds the phone system and SMS gateway the settings name. */
#include "config.h"

#include <glib/gi18n.h>

#include "redial-ami.h"
#include "redial-backends.h"
#include "redial-demo-phone.h"
#include "redial-demo-sms.h"

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
  if (g_str_equal (backend, "ami"))
    return redial_ami_new_from_keyfile (clock, redial_config_get_keyfile (config),
                                        redial_config_get_source (config), error);

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

  set_unavailable (error, config, "sms", backend);
  return NULL;
}
