/* redial-twilio-errors.h: Twilio's error codes as sentences a receptionist understands. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Error codes with a meaning of their own to Redial. */
#define REDIAL_TWILIO_ERROR_AUTHENTICATION  20003  /* wrong account SID or auth token */
#define REDIAL_TWILIO_ERROR_NOT_FOUND       20404  /* no such resource */
#define REDIAL_TWILIO_ERROR_TOO_MANY        20429  /* rate limited */
#define REDIAL_TWILIO_ERROR_INVALID_NUMBER  21211  /* the "To" number is not a valid phone number */
#define REDIAL_TWILIO_ERROR_UNSUBSCRIBED    21610  /* the recipient replied STOP at the carrier */
#define REDIAL_TWILIO_ERROR_NOT_MOBILE      21614  /* the "To" number cannot take texts (a landline) */

/* What Twilio's error @code means for the text and the caller, in one
 * sentence for the message row of a case. Never NULL: a code Redial does
 * not know still gets a sentence naming it. Free with g_free(). */
char     *redial_twilio_error_describe        (guint code);

/* Whether @code says the recipient unsubscribed at the carrier, so that no
 * text can reach them until they text START. */
gboolean  redial_twilio_error_is_unsubscribed (guint code);

/* Whether @code says the number itself cannot take texts: not a valid
 * number, or not a mobile one. */
gboolean  redial_twilio_error_is_unreachable  (guint code);

G_END_DECLS
