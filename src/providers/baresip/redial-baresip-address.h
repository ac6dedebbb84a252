/* redial-baresip-address.h: SIP addresses and numbers as baresip writes them and takes them. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The account @aor names, in one form: "<sip:Front@PBX.example.com;transport=tcp>"
 * and "front@pbx.example.com" both give "sip:front@pbx.example.com".
 * NULL for an empty one. Free with g_free(). */
char     *redial_baresip_normalize_aor     (const char *aor);
/* The caller's number in a SIP or tel URI:
 * "sip:+13125550110@pbx.example.com;user=phone" gives "+13125550110".
 * NULL when there is none, or it is too long to be one. Free with g_free(). */
char     *redial_baresip_caller_from_uri   (const char *uri);
/* What can go to baresip's dial command for @number: a phone number with
 * its formatting dropped, or a sip: URI, never spaces or control
 * characters that would change the command. NULL when @number is
 * neither. Free with g_free(). */
char     *redial_baresip_dial_target       (const char *number);
/* Whether @text reads as a phone number: at least three digits, and only
 * "+", " ", "-", "." and brackets besides. */
gboolean  redial_baresip_looks_like_number (const char *text);

G_END_DECLS
