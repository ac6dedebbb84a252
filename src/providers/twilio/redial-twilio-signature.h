/* redial-twilio-signature.h: checks that a webhook really comes from Twilio (X-Twilio-Signature). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define REDIAL_TWILIO_SIGNATURE_HEADER "X-Twilio-Signature"

/* The signature Twilio sends with a form-encoded webhook: the base64 of
 * the HMAC-SHA1, keyed with @auth_token, of @url (exactly as configured at
 * Twilio, query included) followed by each POST parameter's name and value,
 * in byte order of the names. @params maps names to values (as
 * soup_form_decode() returns them); NULL is no parameters. Free with
 * g_free(). */
char     *redial_twilio_signature_compute  (const char *auth_token,
                                            const char *url,
                                            GHashTable *params);
/* Whether @signature (the header's value) is the one above, compared in
 * time that does not depend on where they differ. FALSE for NULL. */
gboolean  redial_twilio_signature_is_valid (const char *auth_token,
                                            const char *url,
                                            GHashTable *params,
                                            const char *signature);
/* The URL Twilio signed for a request that reached @path (with @query, the
 * raw query string, or NULL) behind @public_url, the address Twilio is
 * told to use (such as "https://desk.example.com" or
 * "https://example.com/redial/"): @public_url without its trailing "/",
 * then @path, then "?" and @query. Free with g_free(). */
char     *redial_twilio_signature_url      (const char *public_url,
                                            const char *path,
                                            const char *query);

G_END_DECLS
