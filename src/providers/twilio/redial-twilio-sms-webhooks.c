/* redial-twilio-sms-webhooks.c: the status callback and inbound webhook Twilio posts, checked by their signature. */
#include "config.h"

#define G_LOG_DOMAIN "redial-twilio"

#include "redial-twilio-signature.h"
#include "redial-twilio-sms-private.h"

/* Twilio's webhooks carry a few dozen short parameters; a body of at most
 * 1,600 characters is the largest. */
#define MAX_WEBHOOK_URL_BYTES   2048
#define MAX_WEBHOOK_PARAMS      64
#define MAX_WEBHOOK_VALUE_BYTES (16 * 1024)

/* @url with its port written out when it was implicit, or left out when it
 * was the scheme's default: Twilio may sign either form. */
static char *
toggle_default_port (const char *url)
{
  const char *authority;
  const char *end;
  const char *colon;
  const char *default_port;

  if (g_str_has_prefix (url, "https://"))
    default_port = "443";
  else if (g_str_has_prefix (url, "http://"))
    default_port = "80";
  else
    return NULL;

  authority = strstr (url, "://") + 3;
  end = authority + strcspn (authority, "/?#");
  colon = memchr (authority, ':', end - authority);
  if (memchr (authority, '[', end - authority) != NULL || memchr (authority, '@', end - authority) != NULL)
    return NULL;

  if (colon == NULL)
    return g_strdup_printf ("%.*s:%s%s", (int) (end - url), url, default_port, end);
  if ((gsize) (end - colon - 1) == strlen (default_port) && strncmp (colon + 1, default_port, end - colon - 1) == 0)
    return g_strdup_printf ("%.*s%s", (int) (colon - url), url, end);
  return NULL;
}

/* Whether a webhook request is Twilio's; the HTTP status to answer when not. */
static guint
check_webhook (RedialTwilioSms *self,
               const char      *url,
               GHashTable      *params,
               const char      *signature)
{
  g_autofree char *other_url = NULL;
  const char *token;
  GHashTableIter iter;
  gpointer key, value;

  if (url == NULL || strlen (url) > MAX_WEBHOOK_URL_BYTES ||
      (params != NULL && g_hash_table_size (params) > MAX_WEBHOOK_PARAMS))
    {
      g_message ("A Twilio webhook too large to be Twilio’s was refused");
      return SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
    }
  if (params != NULL)
    {
      g_hash_table_iter_init (&iter, params);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (key == NULL || value == NULL || strlen (key) > 256 || strlen (value) > MAX_WEBHOOK_VALUE_BYTES)
          {
            g_message ("A Twilio webhook too large to be Twilio’s was refused");
            return SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
          }
    }

  token = redial_twilio_client_get_auth_token (self->client);
  if (token == NULL)
    {
      g_message ("A Twilio webhook was refused: without the auth token its signature cannot be checked");
      return SOUP_STATUS_FORBIDDEN;
    }
  if (signature == NULL || *signature == '\0')
    {
      g_message ("A Twilio webhook without a signature was refused");
      return SOUP_STATUS_FORBIDDEN;
    }

  if (redial_twilio_signature_is_valid (token, url, params, signature))
    return SOUP_STATUS_OK;

  other_url = toggle_default_port (url);
  if (other_url != NULL && redial_twilio_signature_is_valid (token, other_url, params, signature))
    return SOUP_STATUS_OK;

  g_message ("A Twilio webhook with a wrong signature was refused");
  return SOUP_STATUS_FORBIDDEN;
}

guint
redial_twilio_sms_handle_status_callback (RedialTwilioSms *self,
                                          const char      *url,
                                          GHashTable      *params,
                                          const char      *signature)
{
  const char *sid;
  const char *status;
  const char *code_text;
  guint64 code = 0;
  guint http_status;

  g_return_val_if_fail (REDIAL_IS_TWILIO_SMS (self), SOUP_STATUS_INTERNAL_SERVER_ERROR);

  http_status = check_webhook (self, url, params, signature);
  if (http_status != SOUP_STATUS_OK)
    return http_status;

  sid = params != NULL ? g_hash_table_lookup (params, "MessageSid") : NULL;
  status = params != NULL ? g_hash_table_lookup (params, "MessageStatus") : NULL;
  if (status == NULL && params != NULL)
    status = g_hash_table_lookup (params, "SmsStatus");
  if (!redial_twilio_is_sid (sid) || status == NULL)
    {
      g_message ("A Twilio status callback without MessageSid or MessageStatus was skipped");
      return SOUP_STATUS_BAD_REQUEST;
    }

  code_text = g_hash_table_lookup (params, "ErrorCode");
  if (code_text != NULL && *code_text != '\0' &&
      !g_ascii_string_to_unsigned (code_text, 10, 0, G_MAXINT, &code, NULL))
    {
      g_message ("Text %s: the error code “%.16s” is not a number", sid, code_text);
      code = 0;
    }

  _redial_twilio_sms_apply_status (self, sid, g_hash_table_lookup (params, "To"), status, (guint) code);
  return SOUP_STATUS_OK;
}

guint
redial_twilio_sms_handle_inbound (RedialTwilioSms *self,
                                  const char      *url,
                                  GHashTable      *params,
                                  const char      *signature)
{
  const char *sid;
  const char *from;
  const char *body;
  const char *account;
  guint http_status;

  g_return_val_if_fail (REDIAL_IS_TWILIO_SMS (self), SOUP_STATUS_INTERNAL_SERVER_ERROR);

  http_status = check_webhook (self, url, params, signature);
  if (http_status != SOUP_STATUS_OK)
    return http_status;

  sid = params != NULL ? g_hash_table_lookup (params, "MessageSid") : NULL;
  from = params != NULL ? g_hash_table_lookup (params, "From") : NULL;
  body = params != NULL ? g_hash_table_lookup (params, "Body") : NULL;
  account = params != NULL ? g_hash_table_lookup (params, "AccountSid") : NULL;
  if (!redial_twilio_is_sid (sid) || from == NULL || *from == '\0')
    {
      g_message ("A Twilio inbound text without MessageSid or From was skipped");
      return SOUP_STATUS_BAD_REQUEST;
    }
  if (account != NULL && g_strcmp0 (account, self->account_sid) != 0)
    {
      g_message ("A Twilio inbound text for another account was refused");
      return SOUP_STATUS_FORBIDDEN;
    }

  /* Twilio may deliver a webhook more than once; a poll may have seen it. */
  if (g_hash_table_contains (self->seen_inbound, sid))
    return SOUP_STATUS_OK;

  _redial_twilio_sms_report_inbound (self, sid, from, body != NULL ? body : "", redial_clock_now (self->clock));
  return SOUP_STATUS_OK;
}
