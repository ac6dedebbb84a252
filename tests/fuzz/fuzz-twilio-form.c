/* fuzz-twilio-form.c: a form Twilio posts (inbound text, status callback, voice status), its signature checked, then read. */
#include "config.h"

#include <libsoup/soup.h>

#include "redial-fake-clock.h"
#include "redial-fuzz.h"
#include "redial-twilio-client.h"
#include "redial-twilio-signature.h"
#include "redial-twilio-sms.h"

#define ACCOUNT_SID "AC0123456789abcdef0123456789abcdef"
#define AUTH_TOKEN  "12345"

static RedialSmsGateway *
make_gateway (RedialClock *clock)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  RedialSmsGateway *gateway;

  g_assert_true (g_key_file_load_from_data (keyfile,
                                            "[twilio]\n"
                                            "account-sid = " ACCOUNT_SID "\n"
                                            "from = (312) 555-0100\n",
                                            -1, G_KEY_FILE_NONE, NULL));
  gateway = redial_twilio_sms_new_from_keyfile (clock, keyfile, "fuzz.conf", "US", NULL, &error);
  g_assert_no_error (error);
  redial_twilio_sms_set_auth_token (REDIAL_TWILIO_SMS (gateway), AUTH_TOKEN);
  return gateway;
}

/* The input is: a flags byte, the URL Twilio posted to, a signature
 * (used only when the flags do not ask for the right one), then the form
 * body. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  RedialFuzzInput input = { data, size };
  g_autoptr(RedialClock) clock = NULL;
  g_autoptr(RedialSmsGateway) gateway = NULL;
  g_autoptr(GHashTable) form = NULL;
  g_autofree char *public_url = NULL;
  g_autofree char *query = NULL;
  g_autofree char *url = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *body = NULL;
  guint8 flags;
  gint64 when;

  redial_fuzz_init ();

  flags = redial_fuzz_input_take_byte (&input);
  public_url = redial_fuzz_input_take_string (&input, 96);
  query = redial_fuzz_input_take_string (&input, 32);
  signature = redial_fuzz_input_take_string (&input, 64);
  body = g_strndup ((const char *) input.data, input.size);

  form = soup_form_decode (body);
  if (form == NULL)
    return 0;

  url = redial_twilio_signature_url (public_url, "/twilio/sms", (flags & 1) ? query : NULL);
  g_assert_nonnull (url);
  if (flags & 2)
    {
      g_free (signature);
      signature = redial_twilio_signature_compute (AUTH_TOKEN, url, form);
      g_assert_true (redial_twilio_signature_is_valid (AUTH_TOKEN, url, form, signature));
    }
  else
    redial_twilio_signature_is_valid (AUTH_TOKEN, url, form, signature);

  redial_twilio_is_sid (g_hash_table_lookup (form, "CallSid"));
  redial_twilio_parse_date (g_hash_table_lookup (form, "Timestamp"), &when);

  clock = redial_fake_clock_new (G_GINT64_CONSTANT (1762250400) * G_USEC_PER_SEC);
  gateway = make_gateway (clock);
  if (flags & 4)
    redial_twilio_sms_handle_status_callback (REDIAL_TWILIO_SMS (gateway), url, form, signature);
  else
    redial_twilio_sms_handle_inbound (REDIAL_TWILIO_SMS (gateway), url, form, signature);
  return 0;
}
