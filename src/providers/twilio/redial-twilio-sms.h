/* redial-twilio-sms.h: texts through the Twilio Messages API, or any service that speaks it. */
#pragma once

#include "redial-clock.h"
#include "redial-sms-gateway.h"

G_BEGIN_DECLS

#define REDIAL_TWILIO_SMS_ERROR (redial_twilio_sms_error_quark ())

typedef enum
{
  REDIAL_TWILIO_SMS_ERROR_CONFIG,        /* a [twilio] setting cannot be used */
  REDIAL_TWILIO_SMS_ERROR_AUTH,          /* no auth token, or Twilio refused it */
  REDIAL_TWILIO_SMS_ERROR_REFUSED,       /* Twilio refused the text (a 4xx answer): not retried */
  REDIAL_TWILIO_SMS_ERROR_UNSUBSCRIBED,  /* the recipient opted out at the carrier (error 21610) */
  REDIAL_TWILIO_SMS_ERROR_UNREACHABLE,   /* Twilio could not be reached, or did not confirm, after every retry */
} RedialTwilioSmsError;

/* Where Twilio calls back under [twilio] public-url: the status callback
 * Redial names when it sends, and the inbound webhook to set on the number
 * (or messaging service) in the Twilio console. */
#define REDIAL_TWILIO_SMS_STATUS_PATH  "/twilio/sms/status"
#define REDIAL_TWILIO_SMS_INBOUND_PATH "/twilio/sms/inbound"

#define REDIAL_TYPE_TWILIO_SMS (redial_twilio_sms_get_type ())
G_DECLARE_FINAL_TYPE (RedialTwilioSms, redial_twilio_sms, REDIAL, TWILIO_SMS, RedialLink)

GQuark            redial_twilio_sms_error_quark         (void);

/* Reads and checks the [twilio] group of @keyfile (@source names the file
 * in error messages: "<source>: [twilio] key: reason"). @region (ISO 3166)
 * reads a [twilio] from number written without a country code;
 * @default_from (E.164, or NULL) is the [sms] from number, used when
 * [twilio] has none. The auth token is loaded when the gateway starts, in
 * a worker thread, from [twilio] auth-token-file or else from the keyring;
 * texts handed over meanwhile wait for it. A token file that is missing or
 * not private is an error here; a token missing from the keyring is not:
 * the gateway refuses texts, its state says why, and
 * redial_twilio_sms_set_auth_token() completes it. */
RedialSmsGateway *redial_twilio_sms_new_from_keyfile    (RedialClock      *clock,
                                                         GKeyFile         *keyfile,
                                                         const char       *source,
                                                         const char       *region,
                                                         const char       *default_from,
                                                         GError          **error);

/* Replaces the auth token (as Preferences saves a new one), or forgets it
 * with NULL. The gateway keeps a copy, wiped when replaced. */
void              redial_twilio_sms_set_auth_token      (RedialTwilioSms  *self,
                                                         const char       *token);
/* The file (created when needed) where the gateway remembers up to when it
 * has read inbound texts, so that replies that came while Redial was off
 * are picked up on start. NULL (the default) remembers nothing: the first
 * poll then looks back only a few minutes. Set it before starting. */
void              redial_twilio_sms_set_state_file      (RedialTwilioSms  *self,
                                                         const char       *path);
/* A sentence on the link for people: "Connected to api.twilio.com",
 * "Retrying in 8 s: …", "No Twilio auth token: enter it in Preferences". */
const char       *redial_twilio_sms_get_status          (RedialTwilioSms  *self);
/* How many HTTP requests are under way, the auth token being loaded
 * counted as one, for tests. */
guint             redial_twilio_sms_get_n_requests      (RedialTwilioSms  *self);

/* The webhooks, for the server that receives them. @url is the full URL
 * Twilio called (scheme, host, port as Twilio wrote it, path and query),
 * @params the decoded POST form (char * → char *), @signature the
 * X-Twilio-Signature header or NULL. Each checks the signature first and
 * changes nothing unless it is right. Returns the HTTP status to answer:
 * 200 (for the inbound webhook, with an empty TwiML <Response/> body),
 * 400 for a signed request missing what it must carry, 403 for a missing
 * or wrong signature, 413 for parameters too large to be Twilio's. */
guint             redial_twilio_sms_handle_status_callback (RedialTwilioSms *self,
                                                            const char      *url,
                                                            GHashTable      *params,
                                                            const char      *signature);
guint             redial_twilio_sms_handle_inbound      (RedialTwilioSms  *self,
                                                         const char       *url,
                                                         GHashTable       *params,
                                                         const char       *signature);

G_END_DECLS
