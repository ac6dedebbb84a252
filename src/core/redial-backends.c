/* redial-backends.c: builds the phone system and SMS gateway the settings name. */
#include "config.h"

#define G_LOG_DOMAIN "redial-core"

#include <glib/gi18n.h>

#include <libsoup/soup.h>

#include "redial-ami.h"
#include "redial-backends.h"
#include "redial-baresip.h"
#include "redial-demo-phone.h"
#include "redial-demo-sms.h"
#include "redial-twilio-signature.h"
#include "redial-twilio-sms.h"
#include "redial-twilio-voice.h"
#include "redial-webhook-phone.h"

/* Backends name the settings file in their errors themselves. */
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
twilio_voice_state_path (const char *store_path)
{
  g_autofree char *dir = g_path_get_dirname (store_path);

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

/* One of Twilio's SMS webhooks, routed to the gateway. */
typedef struct
{
  RedialTwilioSms *gateway;     /* weak: the route goes when the gateway does */
  char            *public_url;
  gboolean         inbound;
} SmsRoute;

static void
sms_route_free (gpointer data)
{
  SmsRoute *route = data;

  g_clear_weak_pointer (&route->gateway);
  g_free (route->public_url);
  g_free (route);
}

static void
on_sms_webhook (RedialWebhookServer *server,
                SoupServerMessage   *msg,
                GBytes              *body,
                gpointer             user_data)
{
  SmsRoute *route = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  g_autofree char *url = redial_twilio_signature_url (route->public_url, g_uri_get_path (uri),
                                                      g_uri_get_query (uri));
  g_autofree char *form = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_autoptr(GHashTable) params = soup_form_decode (form);
  const char *signature = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                        "X-Twilio-Signature");
  guint status;

  if (route->gateway == NULL)
    {
      redial_webhook_server_reply (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "The SMS gateway has stopped.");
      return;
    }

  if (route->inbound)
    status = redial_twilio_sms_handle_inbound (route->gateway, url, params, signature);
  else
    status = redial_twilio_sms_handle_status_callback (route->gateway, url, params, signature);

  if (route->inbound && status == SOUP_STATUS_OK)
    {
      static const char twiml[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/xml", SOUP_MEMORY_STATIC, twiml, strlen (twiml));
      return;
    }
  redial_webhook_server_reply (msg, status, NULL);
}

/* With [twilio] public-url, Twilio reports delivery and inbound texts to
 * the webhook server; without it the gateway polls. */
static gboolean
route_sms_webhooks (RedialTwilioSms      *gateway,
                    RedialWebhookServer  *webhooks,
                    RedialConfig         *config,
                    GError              **error)
{
  g_autofree char *public_url = g_key_file_get_string (redial_config_get_keyfile (config),
                                                       "twilio", "public-url", NULL);

  if (public_url == NULL || webhooks == NULL)
    return TRUE;

  for (guint i = 0; i < 2; i++)
    {
      SmsRoute *route = g_new0 (SmsRoute, 1);

      g_set_weak_pointer (&route->gateway, gateway);
      route->public_url = g_strdup (g_strstrip (public_url));
      route->inbound = i == 1;
      redial_webhook_server_add_handler (webhooks,
                                         route->inbound ? REDIAL_TWILIO_SMS_INBOUND_PATH
                                                        : REDIAL_TWILIO_SMS_STATUS_PATH,
                                         REDIAL_TWILIO_SIGNATURE_HEADER,
                                         on_sms_webhook, route, sms_route_free);
    }

  /* Held for as long as Redial runs. */
  return redial_webhook_server_hold (webhooks, error);
}

RedialPhoneSystem *
redial_backends_create_phone_system (RedialConfig         *config,
                                     RedialClock          *clock,
                                     RedialDemoScript     *script,
                                     RedialWebhookServer  *webhooks,
                                     const char           *store_path,
                                     GError              **error)
{
  const char *backend;
  const char *source;
  GKeyFile *keyfile;

  g_return_val_if_fail (REDIAL_IS_CONFIG (config), NULL);
  g_return_val_if_fail (REDIAL_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (webhooks == NULL || REDIAL_IS_WEBHOOK_SERVER (webhooks), NULL);
  g_return_val_if_fail (store_path != NULL, NULL);

  backend = redial_config_get_phone_system (config);
  source = redial_config_get_source (config);
  keyfile = redial_config_get_keyfile (config);
  if (g_str_equal (backend, "none"))
    return NULL;
  if (g_str_equal (backend, "demo"))
    return redial_demo_phone_new (clock, script);
  if (g_str_equal (backend, "ami"))
    return redial_ami_new_from_keyfile (clock, keyfile, source, error);
  if (g_str_equal (backend, "baresip"))
    return redial_baresip_new_from_keyfile (clock, keyfile, source, error);
  if (g_str_equal (backend, "webhook"))
    {
      g_return_val_if_fail (webhooks != NULL, NULL);
      return redial_webhook_phone_new_from_keyfile (clock, webhooks, keyfile, source, error);
    }
  if (g_str_equal (backend, "twilio"))
    {
      g_autofree char *state_path = twilio_voice_state_path (store_path);

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
      if (!route_sms_webhooks (REDIAL_TWILIO_SMS (gateway), webhooks, config, error))
        return NULL;
      return g_steal_pointer (&gateway);
    }

  set_unavailable (error, redial_config_get_source (config), "sms", backend);
  return NULL;
}

/* Whether [@group] @key names a file the secret is read from instead. */
static gboolean
has_secret_file (RedialConfig *config,
                 const char   *group,
                 const char   *key)
{
  g_autofree char *file = g_key_file_get_string (redial_config_get_keyfile (config), group, key, NULL);

  return file != NULL && *g_strstrip (file) != '\0';
}

gboolean
redial_backends_need_secret (RedialConfig *config,
                             const char   *name)
{
  const char *phone;

  g_return_val_if_fail (REDIAL_IS_CONFIG (config), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  phone = redial_config_get_phone_system (config);
  if (g_str_equal (name, REDIAL_TWILIO_AUTH_TOKEN_NAME))
    return (g_str_equal (phone, "twilio") || g_str_equal (redial_config_get_sms_gateway (config), "twilio")) &&
           !has_secret_file (config, "twilio", "auth-token-file");
  if (g_str_equal (name, "ami/secret"))
    return g_str_equal (phone, "ami") && !has_secret_file (config, "ami", "secret-file");
  if (g_str_equal (name, REDIAL_WEBHOOK_PHONE_SECRET_NAME))
    return g_str_equal (phone, "webhook") && !has_secret_file (config, "webhook", "secret-file");
  return FALSE;
}
