/* redial-backends.c: builds the phone system and SMS gateway the settings name. */
#include "config.h"

#include <glib/gi18n.h>

#include "redial-backends.h"
#include "redial-baresip.h"
#include "redial-demo-phone.h"
#include "redial-demo-sms.h"
#include "redial-store.h"
#include "redial-twilio-voice.h"
#include "redial-webhook-phone.h"

static void
set_unavailable (GError     **error,
                 const char  *source,
                 const char  *group,
                 const char  *backend)
{
  g_set_error (error, REDIAL_CONFIG_ERROR, REDIAL_CONFIG_ERROR_INVALID,
               _("%s: [%s] backend: “%s” is not available in this version of Redial"),
               source, group, backend);
}

/* Where the Twilio voice backend keeps the newest call it has seen: next
 * to the database, so that it travels with the records it describes. */
static char *
twilio_voice_state_path (RedialConfig *config)
{
  g_autofree char *default_path = NULL;
  g_autofree char *dir = NULL;
  const char *store = redial_config_get_store_path (config);

  if (store == NULL)
    store = default_path = redial_store_default_path ();
  dir = g_path_get_dirname (store);
  return g_build_filename (dir, "twilio-voice.state", NULL);
}

RedialWebhookServer *
redial_backends_create_webhook_server (RedialConfig  *config,
                                       GError       **error)
{
  const char *phone;

  g_return_val_if_fail (REDIAL_IS_CONFIG (config), NULL);

  phone = redial_config_get_phone_system (config);
  if (!g_str_equal (phone, "webhook") && !g_str_equal (phone, "twilio") &&
      !g_str_equal (redial_config_get_sms_gateway (config), "twilio"))
    return NULL;

  return redial_webhook_server_new_from_keyfile (redial_config_get_keyfile (config),
                                                 redial_config_get_source (config), error);
}

RedialPhoneSystem *
redial_backends_create_phone_system (RedialConfig         *config,
                                     RedialClock          *clock,
                                     RedialDemoScript     *script,
                                     RedialWebhookServer  *webhooks,
                                     GError              **error)
{
  const char *backend;
  const char *source;
  GKeyFile *keyfile;

  g_return_val_if_fail (REDIAL_IS_CONFIG (config), NULL);
  g_return_val_if_fail (REDIAL_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (webhooks == NULL || REDIAL_IS_WEBHOOK_SERVER (webhooks), NULL);

  backend = redial_config_get_phone_system (config);
  source = redial_config_get_source (config);
  keyfile = redial_config_get_keyfile (config);
  if (g_str_equal (backend, "none"))
    return NULL;
  if (g_str_equal (backend, "demo"))
    return redial_demo_phone_new (clock, script);
  if (g_str_equal (backend, "baresip"))
    return redial_baresip_new_from_keyfile (clock, redial_config_get_keyfile (config),
                                            redial_config_get_source (config), error);
  if (g_str_equal (backend, "webhook"))
    {
      g_return_val_if_fail (webhooks != NULL, NULL);
      return redial_webhook_phone_new_from_keyfile (clock, webhooks, keyfile, source, error);
    }
  if (g_str_equal (backend, "twilio"))
    {
      g_autofree char *state_path = twilio_voice_state_path (config);

      return redial_twilio_voice_new_from_keyfile (clock, webhooks, keyfile, source, state_path, error);
    }

  set_unavailable (error, source, "phone-system", backend);
  return NULL;
}

RedialSmsGateway *
redial_backends_create_sms_gateway (RedialConfig         *config,
                                    RedialClock          *clock,
                                    RedialDemoScript     *script,
                                    RedialWebhookServer  *webhooks,
                                    GError              **error)
{
  const char *backend;

  g_return_val_if_fail (REDIAL_IS_CONFIG (config), NULL);
  g_return_val_if_fail (REDIAL_IS_CLOCK (clock), NULL);

  backend = redial_config_get_sms_gateway (config);
  if (g_str_equal (backend, "none"))
    return NULL;
  if (g_str_equal (backend, "demo"))
    return redial_demo_sms_new (clock, script);

  set_unavailable (error, redial_config_get_source (config), "sms", backend);
  return NULL;
}
