/* redial-twilio-sms.c: texts through the Twilio Messages API, or any service that speaks it.
 *
 * Follows Twilio's REST API reference for the Message resource
 * (/2010-04-01/Accounts/{AccountSid}/Messages.json: create, fetch, list),
 * its paging (next_page_uri), its error JSON ({"code", "message",
 * "more_info", "status"}), and its webhook security (X-Twilio-Signature).
 *
 * This file is the link: settings, the auth token, start and stop. The
 * send queue, delivery tracking, inbound polling and the webhooks each
 * have a file of their own, sharing redial-twilio-sms-private.h. */
#include "config.h"

#define G_LOG_DOMAIN "redial-twilio"

#include <glib/gi18n.h>

#include "redial-phone.h"
#include "redial-secret.h"
#include "redial-settings.h"
#include "redial-twilio-errors.h"
#include "redial-twilio-settings.h"
#include "redial-twilio-sms-private.h"

#define DEFAULT_POLL_INTERVAL_S 15

static void redial_twilio_sms_iface_init (RedialSmsGatewayInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RedialTwilioSms, redial_twilio_sms, REDIAL_TYPE_LINK,
                               G_IMPLEMENT_INTERFACE (REDIAL_TYPE_SMS_GATEWAY,
                                                      redial_twilio_sms_iface_init))

G_DEFINE_QUARK (redial-twilio-sms-error-quark, redial_twilio_sms_error)

/* Helpers */

static void
set_state (RedialTwilioSms       *self,
           RedialConnectionState  state,
           const char            *status)
{
  redial_link_set_state (REDIAL_LINK (self), state, status);
}

void
_redial_twilio_sms_set_connected (RedialTwilioSms *self)
{
  g_autofree char *status = NULL;

  status = g_strdup_printf (_("Connected to %s"), redial_twilio_client_get_host (self->client));
  set_state (self, REDIAL_CONNECTION_CONNECTED, status);
}

void
_redial_twilio_sms_note_failure (RedialTwilioSms      *self,
                                 RedialTwilioResponse *response)
{
  if (response->status == SOUP_STATUS_UNAUTHORIZED)
    {
      g_autofree char *sentence = redial_twilio_error_describe (REDIAL_TWILIO_ERROR_AUTHENTICATION);
      set_state (self, REDIAL_CONNECTION_AUTH_FAILED, sentence);
    }
  else if (redial_twilio_response_is_transient (response))
    {
      g_autofree char *sentence = redial_twilio_response_describe (response);
      set_state (self, REDIAL_CONNECTION_RETRYING, sentence);
    }
  else
    {
      /* Twilio answered: the link works, whatever it thought of the request. */
      _redial_twilio_sms_set_connected (self);
    }
}

static void
on_token_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RedialTwilioSms) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(RedialSecretString) token = redial_secret_load_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->loading);

  if (token == NULL)
    {
      g_message ("Twilio: %s", error->message);
      set_state (self, REDIAL_CONNECTION_AUTH_FAILED,
                 g_error_matches (error, REDIAL_SECRET_ERROR, REDIAL_SECRET_ERROR_NOT_FOUND) && self->token_file == NULL
                 ? _("No Twilio auth token: enter it in Preferences.") : error->message);
      _redial_twilio_sms_release_waiting (self);
      return;
    }

  redial_twilio_client_set_auth_token (self->client, token);
  _redial_twilio_sms_release_waiting (self);
  if (self->started)
    _redial_twilio_sms_poll_inbound (self);
}

static void
redial_twilio_sms_start (RedialLink *link)
{
  RedialTwilioSms *self = REDIAL_TWILIO_SMS (link);

  if (self->started)
    return;
  self->started = TRUE;

  set_state (self, REDIAL_CONNECTION_CONNECTING, _("Connecting to Twilio"));
  if (!_redial_twilio_sms_has_token (self) && self->loading == NULL)
    {
      self->loading = g_cancellable_new ();
      redial_secret_load_async (REDIAL_TWILIO_AUTH_TOKEN_NAME, self->token_file, self->loading,
                                on_token_loaded, g_object_ref (self));
    }

  _redial_twilio_sms_start_polling (self);
}

/* Inbound polling stops; texts under way are still sent and followed. */
static void
redial_twilio_sms_stop (RedialLink *link)
{
  RedialTwilioSms *self = REDIAL_TWILIO_SMS (link);

  if (!self->started)
    return;
  self->started = FALSE;

  _redial_twilio_sms_stop_polling (self);
  if (_redial_twilio_sms_has_token (self))
    set_state (self, REDIAL_CONNECTION_DISCONNECTED, _("Not started"));
}

static void
redial_twilio_sms_iface_init (RedialSmsGatewayInterface *iface)
{
  iface->send_async = _redial_twilio_sms_send_async;
  iface->send_finish = _redial_twilio_sms_send_finish;
  iface->find_sent_async = _redial_twilio_sms_find_sent_async;
  iface->find_sent_finish = _redial_twilio_sms_send_finish;
}

static void
redial_twilio_sms_dispose (GObject *object)
{
  RedialTwilioSms *self = REDIAL_TWILIO_SMS (object);

  /* Each request finishes later, on its own, and calls nobody back. */
  if (self->client != NULL)
    redial_twilio_client_cancel_all (self->client);

  if (self->clock != NULL)
    {
      _redial_twilio_sms_stop_polling (self);
      g_clear_pointer (&self->poll, _redial_twilio_sms_poll_free);
      g_clear_pointer (&self->tracked, g_hash_table_unref);
      g_clear_pointer (&self->sends, g_ptr_array_unref);
    }
  g_clear_object (&self->client);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (redial_twilio_sms_parent_class)->dispose (object);
}

static void
redial_twilio_sms_finalize (GObject *object)
{
  RedialTwilioSms *self = REDIAL_TWILIO_SMS (object);

  g_free (self->messages_url);
  g_free (self->account_sid);
  g_free (self->from);
  g_free (self->messaging_service_sid);
  g_free (self->public_url);
  g_free (self->token_file);
  g_free (self->state_file);
  g_hash_table_unref (self->claimed);
  g_hash_table_unref (self->seen_inbound);

  G_OBJECT_CLASS (redial_twilio_sms_parent_class)->finalize (object);
}

static void
redial_twilio_sms_class_init (RedialTwilioSmsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RedialLinkClass *link_class = REDIAL_LINK_CLASS (klass);

  object_class->dispose = redial_twilio_sms_dispose;
  object_class->finalize = redial_twilio_sms_finalize;

  link_class->start = redial_twilio_sms_start;
  link_class->stop = redial_twilio_sms_stop;
}

static void
redial_twilio_sms_init (RedialTwilioSms *self)
{
  set_state (self, REDIAL_CONNECTION_DISCONNECTED, _("Not started"));
  self->poll_interval = DEFAULT_POLL_INTERVAL_S * G_USEC_PER_SEC;
  self->sends = g_ptr_array_new_with_free_func (_redial_twilio_sms_send_job_free);
  self->tracked = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, _redial_twilio_sms_tracked_free);
  self->claimed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->seen_inbound = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

RedialSmsGateway *
redial_twilio_sms_new_from_keyfile (RedialClock  *clock,
                                    GKeyFile     *keyfile,
                                    const char   *source,
                                    const char   *region,
                                    const char   *default_from,
                                    GError      **error)
{
  g_autoptr(RedialTwilioSms) self = NULL;
  g_autofree char *from = NULL;
  g_autoptr(GError) local_error = NULL;
  RedialTwilioSettings settings = { 0, };

  g_return_val_if_fail (REDIAL_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (keyfile != NULL, NULL);
  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (region != NULL, NULL);

#define INVALID(key, reason) \
  redial_settings_invalid (error, REDIAL_TWILIO_SMS_ERROR, REDIAL_TWILIO_SMS_ERROR_CONFIG, source, "twilio", key, reason)

  if (!redial_twilio_settings_read (&settings, keyfile, source, 1,
                                    REDIAL_TWILIO_SMS_ERROR, REDIAL_TWILIO_SMS_ERROR_CONFIG, error))
    {
      redial_twilio_settings_clear (&settings);
      return NULL;
    }

  self = g_object_new (REDIAL_TYPE_TWILIO_SMS, NULL);
  self->clock = g_object_ref (clock);
  self->client = redial_twilio_client_new (clock, settings.base_url, settings.account_sid);
  self->messages_url = redial_twilio_client_account_url (self->client, "Messages");
  self->account_sid = g_steal_pointer (&settings.account_sid);
  self->public_url = g_steal_pointer (&settings.public_url);
  self->token_file = g_steal_pointer (&settings.token_file);
  if (settings.poll_interval_s != 0)
    self->poll_interval = (gint64) settings.poll_interval_s * G_USEC_PER_SEC;
  redial_twilio_settings_clear (&settings);

  self->messaging_service_sid = redial_twilio_settings_read_key (keyfile, "messaging-service-sid");
  if (self->messaging_service_sid != NULL && !redial_twilio_is_sid (self->messaging_service_sid))
    {
      INVALID ("messaging-service-sid", _("expected an identifier from the Twilio console, such as “MG…”"));
      return NULL;
    }

  from = redial_twilio_settings_read_key (keyfile, "from");
  if (from != NULL)
    {
      self->from = redial_phone_normalize (from, region, &local_error);
      if (self->from == NULL)
        {
          INVALID ("from", local_error->message);
          return NULL;
        }
    }
  else
    self->from = g_strdup (default_from);
  if (self->from == NULL && self->messaging_service_sid == NULL)
    {
      INVALID ("from", _("set the number texts come from (or [sms] from), or a messaging-service-sid"));
      return NULL;
    }

  /* The token itself is loaded when the gateway starts, off the main loop. */
  if (self->token_file != NULL && !redial_secret_check_file (self->token_file, &local_error))
    {
      INVALID ("auth-token-file", local_error->message);
      return NULL;
    }

#undef INVALID
  return REDIAL_SMS_GATEWAY (g_steal_pointer (&self));
}

/* Public API */

void
redial_twilio_sms_set_auth_token (RedialTwilioSms *self,
                                  const char      *token)
{
  g_return_if_fail (REDIAL_IS_TWILIO_SMS (self));

  /* The token given wins over the one being loaded. */
  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);

  redial_twilio_client_set_auth_token (self->client, token);
  _redial_twilio_sms_release_waiting (self);
  if (token == NULL)
    {
      set_state (self, REDIAL_CONNECTION_AUTH_FAILED, _("No Twilio auth token: enter it in Preferences."));
      return;
    }

  set_state (self, REDIAL_CONNECTION_CONNECTING, _("Connecting to Twilio"));
  if (self->started)
    _redial_twilio_sms_poll_inbound (self);
}

void
redial_twilio_sms_set_state_file (RedialTwilioSms *self,
                                  const char      *path)
{
  g_return_if_fail (REDIAL_IS_TWILIO_SMS (self));
  g_return_if_fail (!self->started);

  g_free (self->state_file);
  self->state_file = g_strdup (path);
}

const char *
redial_twilio_sms_get_status (RedialTwilioSms *self)
{
  g_return_val_if_fail (REDIAL_IS_TWILIO_SMS (self), NULL);
  return redial_link_get_status (REDIAL_LINK (self));
}

guint
redial_twilio_sms_get_n_requests (RedialTwilioSms *self)
{
  g_return_val_if_fail (REDIAL_IS_TWILIO_SMS (self), 0);
  return redial_twilio_client_get_n_requests (self->client) + (self->loading != NULL ? 1 : 0);
}
