/* test-twilio-signature.c: X-Twilio-Signature as Twilio documents it, and nothing that merely resembles it. */
#include "config.h"

#include <libsoup/soup.h>

#include "redial-twilio-signature.h"

#define DOC_URL "https://mycompany.com/myapp.php?foo=1&bar=2"

static GHashTable *
documented_params (const char *caller)
{
  GHashTable *params = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (params, "CallSid", "CA1234567890ABCDE");
  g_hash_table_insert (params, "Caller", (char *) caller);
  g_hash_table_insert (params, "Digits", "1234");
  g_hash_table_insert (params, "From", (char *) caller);
  g_hash_table_insert (params, "To", "+18005551212");
  return params;
}

/* Twilio's "Validating Requests are coming from Twilio" example (auth
 * token 12345), in its current and its earlier edition. */
static void
test_documented_example (void)
{
  g_autoptr(GHashTable) current = documented_params ("+14158675309");
  g_autoptr(GHashTable) earlier = documented_params ("+12349013030");
  g_autofree char *signature = redial_twilio_signature_compute ("12345", DOC_URL, current);
  g_autofree char *earlier_signature = redial_twilio_signature_compute ("12345", DOC_URL, earlier);

  g_assert_cmpstr (signature, ==, "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
  g_assert_cmpstr (earlier_signature, ==, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
  g_assert_true (redial_twilio_signature_is_valid ("12345", DOC_URL, current, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
  g_assert_true (redial_twilio_signature_is_valid ("12345", DOC_URL, earlier, "0/KCTR6DLpKmkAf8muzZqo1nDgQ="));
}

/* The parameters as a form body decodes them: "+" arrives as %2B. */
static void
test_form_body (void)
{
  g_autoptr(GHashTable) form = soup_form_decode ("To=%2B18005551212&From=%2B14158675309&Digits=1234&"
                                                 "CallSid=CA1234567890ABCDE&Caller=%2B14158675309");

  g_assert_true (redial_twilio_signature_is_valid ("12345", DOC_URL, form, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
}

static void
test_tampering_refused (void)
{
  g_autoptr(GHashTable) params = documented_params ("+14158675309");
  g_autoptr(GHashTable) empty = g_hash_table_new (g_str_hash, g_str_equal);
  const char *good = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

  g_assert_false (redial_twilio_signature_is_valid ("54321", DOC_URL, params, good));
  g_assert_false (redial_twilio_signature_is_valid ("12345", "https://mycompany.com/myapp.php?foo=1&bar=3",
                                                    params, good));
  g_assert_false (redial_twilio_signature_is_valid ("12345", "http://mycompany.com/myapp.php?foo=1&bar=2",
                                                    params, good));
  g_assert_false (redial_twilio_signature_is_valid ("12345", DOC_URL, empty, good));
  g_assert_false (redial_twilio_signature_is_valid ("12345", DOC_URL, NULL, good));
  g_assert_false (redial_twilio_signature_is_valid ("12345", DOC_URL, params, NULL));
  g_assert_false (redial_twilio_signature_is_valid ("12345", DOC_URL, params, ""));
  g_assert_false (redial_twilio_signature_is_valid ("12345", DOC_URL, params, "RSOYDt4T1cUTdK1PDd93/VVr8B8"));
  g_assert_false (redial_twilio_signature_is_valid ("12345", DOC_URL, params, "rsoydt4t1cutdk1pdd93/vvr8b8="));

  g_hash_table_insert (params, "Digits", "9999");
  g_assert_false (redial_twilio_signature_is_valid ("12345", DOC_URL, params, good));
  g_hash_table_insert (params, "Digits", "1234");
  g_hash_table_insert (params, "Extra", "");
  g_assert_false (redial_twilio_signature_is_valid ("12345", DOC_URL, params, good));
}

static void
test_signed_url (void)
{
  g_autofree char *plain = redial_twilio_signature_url ("https://desk.example.com", "/twilio/voice-status", NULL);
  g_autofree char *slash = redial_twilio_signature_url ("https://desk.example.com/", "/twilio/voice-status", "");
  g_autofree char *prefix = redial_twilio_signature_url ("https://example.com/redial/", "/twilio/voice-status",
                                                         "desk=front");

  g_assert_cmpstr (plain, ==, "https://desk.example.com/twilio/voice-status");
  g_assert_cmpstr (slash, ==, "https://desk.example.com/twilio/voice-status");
  g_assert_cmpstr (prefix, ==, "https://example.com/redial/twilio/voice-status?desk=front");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/twilio-signature/documented-example", test_documented_example);
  g_test_add_func ("/twilio-signature/form-body-decoded", test_form_body);
  g_test_add_func ("/twilio-signature/tampering-refused", test_tampering_refused);
  g_test_add_func ("/twilio-signature/signed-url-from-public-url", test_signed_url);

  return g_test_run ();
}
