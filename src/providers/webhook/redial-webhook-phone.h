/* redial-webhook-phone.h: a phone system that reports calls as signed JSON posted to Redial. */
#pragma once

#include "redial-clock.h"
#include "redial-phone-system.h"
#include "redial-webhook-server.h"

G_BEGIN_DECLS

/* Where calls are posted, and the header that carries the signature. */
#define REDIAL_WEBHOOK_PHONE_PATH             "/calls"
#define REDIAL_WEBHOOK_PHONE_SIGNATURE_HEADER "X-Redial-Signature"
/* The name of the shared secret in the keyring. */
#define REDIAL_WEBHOOK_PHONE_SECRET_NAME      "webhook/secret"

#define REDIAL_TYPE_WEBHOOK_PHONE (redial_webhook_phone_get_type ())
G_DECLARE_FINAL_TYPE (RedialWebhookPhone, redial_webhook_phone, REDIAL, WEBHOOK_PHONE, RedialLink)

/* A phone system taking call events POSTed to REDIAL_WEBHOOK_PHONE_PATH on
 * @server (see the README for the JSON and the signature). The shared
 * secret is read when it starts: from @secret_file when not NULL (a file
 * only its owner can read), else from the keyring. */
RedialPhoneSystem *redial_webhook_phone_new              (RedialClock          *clock,
                                                          RedialWebhookServer  *server,
                                                          const char           *secret_file);
/* The same from the [webhook] group: secret-file. Fails with a sentence
 * "<source>: [webhook] <key>: <reason>". */
RedialPhoneSystem *redial_webhook_phone_new_from_keyfile (RedialClock          *clock,
                                                          RedialWebhookServer  *server,
                                                          GKeyFile             *keyfile,
                                                          const char           *source,
                                                          GError              **error);

/* Checks @header (the value of X-Redial-Signature, "sha256=" and 64 hex
 * digits) against the HMAC-SHA256 of @body under @secret, in time that
 * does not depend on where they differ. FALSE for a NULL or malformed
 * header. */
gboolean           redial_webhook_phone_check_signature  (const char           *secret,
                                                          GBytes               *body,
                                                          const char           *header);

G_END_DECLS
