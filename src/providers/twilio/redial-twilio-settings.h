/* redial-twilio-settings.h: the [twilio] settings that Twilio SMS and voice share. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define REDIAL_TWILIO_DEFAULT_BASE_URL "https://api.twilio.com"
/* The name of the auth token in the keyring. */
#define REDIAL_TWILIO_AUTH_TOKEN_NAME  "twilio/auth-token"

/* The shared keys of [twilio], checked. */
typedef struct
{
  char  *base_url;         /* http(s), without a trailing "/"; https unless to this computer */
  char  *account_sid;      /* a safe SID */
  char  *token_file;       /* a full path, or NULL for the keyring */
  char  *public_url;       /* where Twilio reaches Redial, without a trailing "/", or NULL */
  guint  poll_interval_s;  /* seconds, or 0 when not set */
} RedialTwilioSettings;

/* Reads base-url, account-sid, auth-token-file, public-url and
 * poll-interval (at least @min_poll_interval_s, at most an hour) from the
 * [twilio] group of @keyfile into @out, which must be zeroed. Fails with
 * @domain and @code and "<source>: [twilio] <key>: <reason>". The token
 * file is not read here. Clear @out with redial_twilio_settings_clear(),
 * even after a failure. */
gboolean redial_twilio_settings_read  (RedialTwilioSettings  *out,
                                       GKeyFile              *keyfile,
                                       const char            *source,
                                       guint                  min_poll_interval_s,
                                       GQuark                 domain,
                                       int                    code,
                                       GError               **error);
/* Reads one more key of [twilio], trimmed; NULL when missing or empty. */
char    *redial_twilio_settings_read_key (GKeyFile           *keyfile,
                                          const char         *key);
void     redial_twilio_settings_clear (RedialTwilioSettings  *self);

G_END_DECLS
