/* fuzz-api-json.c: an answer from the SMS and voice API (Twilio or compatible), read as the client reads it. */
#include "config.h"

#include <libsoup/soup.h>

#include "redial-fake-clock.h"
#include "redial-fuzz.h"
#include "redial-json.h"
#include "redial-phone.h"
#include "redial-text.h"
#include "redial-twilio-client.h"
#include "redial-twilio-errors.h"

/* As deep as the client lets an answer nest. */
#define API_JSON_DEPTH 8

static const char * const dates[] = { "date_created", "date_sent", "date_updated", "start_time", "end_time" };
static const char * const texts[] = { "sid", "status", "from", "to", "body", "direction", "message", "caller_name" };
static const char * const lists[] = { "messages", "calls" };

static void
read_item (JsonObject *object)
{
  g_autofree char *description = NULL;
  guint code;

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      gint64 when = 0;

      redial_twilio_parse_date (redial_twilio_json_string (object, dates[i]), &when);
    }
  /* json-glib turns escapes such as "\220" into bytes that are not
   * UTF-8: what reads these strings must cope. */
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      const char *text = redial_twilio_json_string (object, texts[i]);
      g_autofree char *snippet = NULL;
      g_autofree char *number = NULL;

      if (text == NULL)
        continue;
      snippet = redial_text_clean_snippet (text, 160);
      g_assert_true (g_utf8_validate (snippet, -1, NULL));
      number = redial_phone_normalize (text, "US", NULL);
    }
  redial_twilio_is_sid (redial_twilio_json_string (object, "sid"));
  code = redial_twilio_json_code (object, "code") + redial_twilio_json_code (object, "error_code");
  description = redial_twilio_error_describe (code);
  redial_twilio_error_is_unsubscribed (code);
  redial_twilio_error_is_unreachable (code);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static RedialTwilioClient *client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *next = NULL;
  JsonObject *object;

  redial_fuzz_init ();
  if (client == NULL)
    client = redial_twilio_client_new (redial_fake_clock_new (0), "https://api.twilio.com",
                                       "AC00000000000000000000000000000000");

  root = redial_json_parse ((const char *) data, size, API_JSON_DEPTH, &error);
  g_assert_true ((root == NULL) == (error != NULL));
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;

  object = json_node_get_object (root);
  read_item (object);
  /* The credentials go with the next page: it must be on the API's server. */
  if (redial_twilio_client_next_page (client, object, "/Messages.json", &next) && next != NULL)
    {
      /* Read as libsoup reads it: escapes kept, not decoded to UTF-8. */
      g_autoptr(GUri) uri = g_uri_parse (next, SOUP_HTTP_URI_FLAGS, NULL);

      g_assert_nonnull (uri);
      g_assert_cmpstr (g_uri_get_host (uri), ==, "api.twilio.com");
      g_assert_true (g_uri_get_port (uri) == -1 || g_uri_get_port (uri) == 443);
      g_assert_null (g_uri_get_userinfo (uri));
    }

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      JsonNode *node = json_object_get_member (object, lists[i]);
      JsonArray *array;

      if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
        continue;
      array = json_node_get_array (node);
      for (guint j = 0; j < json_array_get_length (array); j++)
        {
          JsonNode *item = json_array_get_element (array, j);

          if (JSON_NODE_HOLDS_OBJECT (item))
            read_item (json_node_get_object (item));
        }
    }
  return 0;
}
