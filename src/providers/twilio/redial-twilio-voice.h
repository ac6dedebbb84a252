/* redial-twilio-voice.h: missed calls from Twilio, or an API compatible with it, by polling the Calls list. */
#pragma once

#include "redial-clock.h"
#include "redial-phone-system.h"
#include "redial-twilio-settings.h"
#include "redial-webhook-server.h"

G_BEGIN_DECLS

#define REDIAL_TWILIO_VOICE_ERROR (redial_twilio_voice_error_quark ())

typedef enum
{
  REDIAL_TWILIO_VOICE_ERROR_INVALID,  /* a setting of [twilio] cannot be used */
} RedialTwilioVoiceError;

/* Where Twilio posts the voice status callback on the webhook server. */
#define REDIAL_TWILIO_VOICE_STATUS_PATH    "/twilio/voice-status"

#define REDIAL_TYPE_TWILIO_VOICE (redial_twilio_voice_get_type ())
G_DECLARE_FINAL_TYPE (RedialTwilioVoice, redial_twilio_voice, REDIAL, TWILIO_VOICE, RedialLink)

GQuark             redial_twilio_voice_error_quark       (void);

/* A phone system reading the [twilio] group of @keyfile: base-url,
 * account-sid, auth-token-file, poll-interval, public-url (see the README).
 * It polls the Calls list for inbound calls that went unanswered
 * (no-answer, busy, canceled), on @clock's time; when public-url is set
 * and @server is not NULL it also takes Twilio's voice status callback at
 * REDIAL_TWILIO_VOICE_STATUS_PATH. @state_path, when not NULL, is a small
 * file where the newest call seen is kept, so that calls missed while
 * Redial was off are found on the next start. The auth token is read when
 * it starts. Fails with REDIAL_TWILIO_VOICE_ERROR_INVALID and a sentence
 * "<source>: [twilio] <key>: <reason>". */
RedialPhoneSystem *redial_twilio_voice_new_from_keyfile  (RedialClock          *clock,
                                                          RedialWebhookServer  *server,
                                                          GKeyFile             *keyfile,
                                                          const char           *source,
                                                          const char           *state_path,
                                                          GError              **error);

/* Replaces the auth token (as Preferences saves a new one): the next
 * request carries it. A link that stopped for want of a token starts
 * polling; one not started yet reads its token when it starts. */
void               redial_twilio_voice_set_auth_token    (RedialTwilioVoice    *self,
                                                          const char           *token);
/* The start time (Unix µs) of the newest call seen on the Calls list. */
gint64             redial_twilio_voice_get_newest_seen   (RedialTwilioVoice    *self);
/* How many readings of the Calls list have ended, well or not: for
 * diagnostics, and for tests to wait on. */
guint              redial_twilio_voice_get_n_polls       (RedialTwilioVoice    *self);

G_END_DECLS
