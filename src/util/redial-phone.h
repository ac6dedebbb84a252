/* redial-phone.h: phone numbers parsed, normalised and formatted by libphonenumber. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define REDIAL_PHONE_ERROR (redial_phone_error_quark ())

typedef enum
{
  REDIAL_PHONE_ERROR_EMPTY,    /* nothing usable: empty, "anonymous", "restricted", … */
  REDIAL_PHONE_ERROR_INVALID,  /* text that is not a phone number */
  REDIAL_PHONE_ERROR_REGION,   /* the default region is not a known region code */
} RedialPhoneError;

GQuark    redial_phone_error_quark     (void);

/* Parses @raw (as a phone system or a person typed it) with @default_region
 * (ISO 3166 code such as "US") used for numbers without a country code.
 * A number valid for its region, or possible for it (the right length for
 * its country: area codes newer than the metadata), is a number. Returns
 * it in E.164 ("+13125550118"), owned by the caller, or NULL with @error
 * set when the text is empty, a hidden caller ID, or no possible number. */
char     *redial_phone_normalize       (const char  *raw,
                                        const char  *default_region,
                                        GError     **error);

/* Formats an E.164 number for people: national format when the number
 * belongs to @home_region, international otherwise. Never returns NULL for a
 * non-NULL @e164; a number libphonenumber cannot parse is returned as is. */
char     *redial_phone_format          (const char  *e164,
                                        const char  *home_region);

/* The region code ("US", "GB") of an E.164 number, or NULL. */
char     *redial_phone_region          (const char  *e164);

/* Whether @region is a region code libphonenumber knows. */
gboolean  redial_phone_region_is_valid (const char  *region);

G_END_DECLS
