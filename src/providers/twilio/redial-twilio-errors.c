/* redial-twilio-errors.c: Twilio's error codes as sentences a receptionist understands. */
#include "config.h"

#define G_LOG_DOMAIN "redial-twilio"

#include <glib/gi18n.h>

#include "redial-twilio-errors.h"

/* From Twilio's Error and Warning Dictionary: the codes a text to a caller
 * can meet, when it is refused (21xxx, at once) or when the carrier reports
 * it undelivered (30xxx, later). Each sentence says what happened to the
 * text and, where it helps, what to do instead. */
static const struct
{
  guint       code;
  const char *sentence;
} errors[] = {
  { 20003, N_("Twilio refused the account SID or auth token: check them in Preferences.") },
  { 20404, N_("Twilio has no record of this text.") },
  { 20429, N_("Twilio is receiving too many requests from this account; the text was not sent.") },
  { 21211, N_("The number is not a valid phone number.") },
  { 21212, N_("The sending number is not a valid phone number: check the settings.") },
  { 21408, N_("Texts to this country are not enabled on the Twilio account.") },
  { 21602, N_("The text is empty.") },
  { 21603, N_("No sending number is set: check the settings.") },
  { 21604, N_("The text has no recipient number.") },
  { 21606, N_("The sending number cannot send texts from this Twilio account: check the settings.") },
  { 21610, N_("The number opted out at the carrier (it replied STOP): no text can reach it until it texts START.") },
  { 21611, N_("The sending number has too many texts waiting; the text was not sent.") },
  { 21612, N_("Texts cannot reach this number from the sending number.") },
  { 21614, N_("The number is not a mobile number (it is likely a landline): call instead.") },
  { 21617, N_("The text is too long (more than 1,600 characters).") },
  { 30001, N_("The carrier’s queue was full, so the text was not delivered.") },
  { 30002, N_("The Twilio account is suspended.") },
  { 30003, N_("The phone could not be reached: it is switched off or has no signal.") },
  { 30004, N_("The text was blocked by the recipient or their carrier.") },
  { 30005, N_("The number is unknown or no longer in service.") },
  { 30006, N_("The number is a landline or its carrier cannot be reached: call instead.") },
  { 30007, N_("The carrier filtered the text as unwanted.") },
  { 30008, N_("The carrier could not deliver the text and gave no reason.") },
  { 30034, N_("The sending number is not registered for business texting (US A2P 10DLC).") },
};

char *
redial_twilio_error_describe (guint code)
{
  for (guint i = 0; i < G_N_ELEMENTS (errors); i++)
    if (errors[i].code == code)
      return g_strdup (_(errors[i].sentence));

  /* Translators: %u is Twilio's error number, which its documentation explains. */
  return g_strdup_printf (_("Twilio refused or could not deliver the text (error %u)."), code);
}

gboolean
redial_twilio_error_is_unsubscribed (guint code)
{
  return code == REDIAL_TWILIO_ERROR_UNSUBSCRIBED;
}

gboolean
redial_twilio_error_is_unreachable (guint code)
{
  return code == REDIAL_TWILIO_ERROR_INVALID_NUMBER || code == REDIAL_TWILIO_ERROR_NOT_MOBILE;
}
