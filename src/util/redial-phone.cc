/* redial-phone.cc: the C face of libphonenumber, for the numbers callers send and receptionists type. */

#include "config.h"

#define G_LOG_DOMAIN "redial-util"

#include "redial-phone.h"

#include <cstring>
#include <string>

#include <phonenumbers/logger.h>
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

using i18n::phonenumbers::NullLogger;
using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

/* E.164 allows 15 digits; 64 bytes leaves room for spaces, punctuation and
 * an extension, and keeps hostile text away from libphonenumber's regexes. */
#define MAX_NUMBER_LEN 64

/* What phone systems put in the caller-ID field when the caller hid it.
 * Compared case-insensitively after trimming and after a sip:/tel: URI has
 * been cut down to its user part, so the RFC 3323 URI
 * "sip:anonymous@anonymous.invalid" is caught as "anonymous". */
static const char * const hidden_numbers[] = {
  "anonymous",
  "restricted",
  "private",
  "private number",
  "unknown",
  "<unknown>",         /* Asterisk AMI's CallerIDNum when there is none */
  "unavailable",
  "withheld",
  "blocked",
  "out of area",
  "0",
  "0000000000",        /* FreeSWITCH's default when no number is set */
  /* Twilio's stand-ins, the keypad spelling of the word: ANONYMOUS,
   * RESTRICTED, BLOCKED, UNKNOWN, UNAVAILABLE (Twilio help article 223179988). */
  "+266696687",
  "+7378742833",
  "+2562533",
  "+8656696",
  "+86282452253",
};

static const PhoneNumberUtil *
phone_util (void)
{
  static gsize logger_set = 0;

  /* Debian's build already defaults to a NullLogger; pin it anyway so that a
   * build defaulting to StdoutLogger cannot write into the TAP stream of the
   * tests or the log of the app. SetLogger takes ownership. */
  if (g_once_init_enter (&logger_set))
    {
      PhoneNumberUtil::GetInstance ()->SetLogger (new NullLogger ());
      g_once_init_leave (&logger_set, 1);
    }

  return PhoneNumberUtil::GetInstance ();
}

static gboolean
is_hidden_number (const char *text)
{
  for (gsize i = 0; i < G_N_ELEMENTS (hidden_numbers); i++)
    {
      if (g_ascii_strcasecmp (text, hidden_numbers[i]) == 0)
        return TRUE;
    }

  return FALSE;
}

/* @text is valid UTF-8. The result goes into an error message that ends up
 * in a toast or a log line, so control and bidi-override characters are
 * replaced rather than allowed to break or reorder the sentence. */
static char *
printable_copy (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || g_unichar_type (c) == G_UNICODE_FORMAT)
        g_string_append_unichar (out, 0xFFFD);
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* A number that is valid, or at least possible, for its region: the
 * metadata Debian ships dates from 2021, and area codes opened since fail
 * IsValidNumber although they ring. A number that is only possible as a
 * local number (seven digits, no area code) cannot be dialled from
 * elsewhere, so it is not one. */
static gboolean
parse_usable (const PhoneNumberUtil *util,
              const std::string     &text,
              const char            *region,
              PhoneNumber           *number)
{
  if (util->Parse (text, region, number) != PhoneNumberUtil::NO_PARSING_ERROR)
    return FALSE;
  return util->IsValidNumber (*number) ||
         util->IsPossibleNumberWithReason (*number) == PhoneNumberUtil::IS_POSSIBLE;
}

static gboolean
parse_e164 (const PhoneNumberUtil *util,
            const char            *e164,
            PhoneNumber           *number)
{
  /* "ZZ" is libphonenumber's "no default region": only "+…" numbers parse. */
  return util->Parse (e164, "ZZ", number) == PhoneNumberUtil::NO_PARSING_ERROR;
}

/* Whether @e164 parses back to the same E.164 text. */
static gboolean
is_fixed_point (const PhoneNumberUtil *util,
                const std::string     &e164)
{
  PhoneNumber number;
  std::string again;

  if (!parse_e164 (util, e164.c_str (), &number))
    return FALSE;
  util->Format (number, PhoneNumberUtil::E164, &again);
  return again == e164;
}

/* The region of @number; for a number newer than the metadata, the main
 * region of its country code (a new area code of +1 formats and is timed
 * as a North American number). */
static void
region_of (const PhoneNumberUtil *util,
           const PhoneNumber     &number,
           std::string           *region)
{
  util->GetRegionCodeForNumber (number, region);
  if (!util->IsValidNumber (number))
    util->GetRegionCodeForCountryCode (number.country_code (), region);
}

extern "C" {

G_DEFINE_QUARK (redial-phone-error-quark, redial_phone_error)

/* Returns the number in E.164, owned by the caller, or NULL with @error set:
 * REDIAL_PHONE_ERROR_EMPTY for nothing or a hidden caller ID,
 * REDIAL_PHONE_ERROR_REGION when @default_region is unknown (even for a
 * "+…" number, so a bad setting shows at once), REDIAL_PHONE_ERROR_INVALID
 * for text that is not a valid number. An extension is dropped. */
char *
redial_phone_normalize (const char  *raw,
                        const char  *default_region,
                        GError     **error)
{
  const PhoneNumberUtil *util;
  g_autofree char *copy = NULL;
  g_autofree char *shown = NULL;
  PhoneNumber number;
  std::string e164;
  char *text;
  char *at;

  g_return_val_if_fail (default_region != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (raw == NULL)
    {
      g_set_error_literal (error, REDIAL_PHONE_ERROR, REDIAL_PHONE_ERROR_EMPTY,
                           "No phone number was given");
      return NULL;
    }

  if (!g_utf8_validate (raw, -1, NULL))
    {
      g_set_error_literal (error, REDIAL_PHONE_ERROR, REDIAL_PHONE_ERROR_INVALID,
                           "The phone number arrived garbled and cannot be read");
      return NULL;
    }

  copy = g_strdup (raw);
  text = g_strstrip (copy);

  /* Phone systems send SIP and tel URIs ("sip:+13125550118@pbx.example;user=phone",
   * "sip:anonymous@anonymous.invalid"): keep only the user part. */
  if (g_ascii_strncasecmp (text, "sip:", 4) == 0 || g_ascii_strncasecmp (text, "tel:", 4) == 0)
    text += 4;
  else if (g_ascii_strncasecmp (text, "sips:", 5) == 0)
    text += 5;

  at = strchr (text, '@');
  if (at != NULL)
    *at = '\0';

  text = g_strstrip (text);

  if (*text == '\0')
    {
      g_set_error_literal (error, REDIAL_PHONE_ERROR, REDIAL_PHONE_ERROR_EMPTY,
                           "No phone number was given");
      return NULL;
    }

  if (is_hidden_number (text))
    {
      g_set_error_literal (error, REDIAL_PHONE_ERROR, REDIAL_PHONE_ERROR_EMPTY,
                           "The caller’s number is hidden");
      return NULL;
    }

  if (strlen (text) > MAX_NUMBER_LEN)
    {
      g_set_error_literal (error, REDIAL_PHONE_ERROR, REDIAL_PHONE_ERROR_INVALID,
                           "This text is too long to be a phone number");
      return NULL;
    }

  if (!redial_phone_region_is_valid (default_region))
    {
      g_autofree char *valid = g_utf8_make_valid (default_region, -1);
      g_autofree char *region = printable_copy (valid);

      g_set_error (error, REDIAL_PHONE_ERROR, REDIAL_PHONE_ERROR_REGION,
                   "“%s” is not a country code that Redial knows; use a code such as “US” or “GB”",
                   region);
      return NULL;
    }

  util = phone_util ();

  /* A possible number is a number: a caller whose area code is newer than
   * the metadata is still texted back and can be called back; a gateway
   * that finds it unreachable says so for that case. */
  if (!parse_usable (util, text, default_region, &number))
    {
      /* 00 is the international prefix in most of the world, and people type
       * it even where the region's own prefix differs (011 in the US). */
      if (!g_str_has_prefix (text, "00")
          || !parse_usable (util, std::string ("+") + (text + 2), default_region, &number))
        {
          shown = printable_copy (text);
          g_set_error (error, REDIAL_PHONE_ERROR, REDIAL_PHONE_ERROR_INVALID,
                       "“%s” is not a phone number", shown);
          return NULL;
        }
    }

  util->Format (number, PhoneNumberUtil::E164, &e164);

  /* The E.164 form is what Redial keeps and matches callers on, so it must
   * read back as itself: "000000000000" in India came out as
   * "+9100000000000", which reads back as "+910000000000" (a national
   * prefix taken off twice), and the same caller would be two. */
  if (!is_fixed_point (util, e164))
    {
      shown = printable_copy (text);
      g_set_error (error, REDIAL_PHONE_ERROR, REDIAL_PHONE_ERROR_INVALID,
                   "“%s” is not a phone number", shown);
      return NULL;
    }

  return g_strdup (e164.c_str ());
}

/* Returns a newly allocated string, or NULL for a NULL @e164 (a hidden
 * caller has no number). @home_region may be NULL: then every number is
 * formatted internationally. */
char *
redial_phone_format (const char *e164,
                     const char *home_region)
{
  const PhoneNumberUtil *util;
  PhoneNumber number;
  std::string region;
  std::string formatted;

  if (e164 == NULL)
    return NULL;

  util = phone_util ();

  if (!parse_e164 (util, e164, &number))
    return g_strdup (e164);

  region_of (util, number, &region);

  if (home_region != NULL && region == home_region)
    util->Format (number, PhoneNumberUtil::NATIONAL, &formatted);
  else
    util->Format (number, PhoneNumberUtil::INTERNATIONAL, &formatted);

  return g_strdup (formatted.c_str ());
}

/* Returns a newly allocated region code, or NULL when @e164 is NULL, cannot
 * be parsed or belongs to no single region: libphonenumber's "ZZ" (unknown)
 * and "001" (non-geographic, such as +800) both give NULL, so a non-NULL
 * result always passes redial_phone_region_is_valid(). */
char *
redial_phone_region (const char *e164)
{
  const PhoneNumberUtil *util;
  PhoneNumber number;
  std::string region;

  if (e164 == NULL)
    return NULL;

  util = phone_util ();

  if (!parse_e164 (util, e164, &number))
    return NULL;

  region_of (util, number, &region);

  if (!redial_phone_region_is_valid (region.c_str ()))
    return NULL;

  return g_strdup (region.c_str ());
}

/* Case matters: "US" is known, "us" is not, so that the one spelling stored
 * in settings is the one redial_phone_region() returns. NULL is FALSE. */
gboolean
redial_phone_region_is_valid (const char *region)
{
  if (region == NULL)
    return FALSE;

  /* 0 for "ZZ", "001" and anything without metadata. */
  return phone_util ()->GetCountryCodeForRegion (region) != 0;
}

} /* extern "C" */
