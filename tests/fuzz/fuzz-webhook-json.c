/* fuzz-webhook-json.c: a body posted to the webhook phone system: its signature, then its JSON as the webhook reads it. */
#include "config.h"

#include "redial-fuzz.h"
#include "redial-json.h"
#include "redial-phone.h"
#include "redial-text.h"
#include "redial-webhook-phone.h"

/* As deep as the webhook phone system lets a body nest. */
#define WEBHOOK_JSON_DEPTH 4

static const char * const members[] = {
  "id", "caller", "caller_name", "line", "line_label", "disposition", "started_at", "ended_at",
};

/* What the engine does with a call's texts: the number normalized, the
 * name cleaned. */
static void
check_text (const char *text)
{
  g_autofree char *name = redial_text_clean_name (text);
  g_autofree char *number = redial_phone_normalize (text, "US", NULL);

  g_assert_true (name == NULL || g_utf8_validate (name, -1, NULL));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  redial_fuzz_init ();

  g_assert_false (redial_webhook_phone_check_signature ("secret", body, "sha256=00"));
  g_assert_false (redial_webhook_phone_check_signature ("secret", body, NULL));

  root = redial_json_parse ((const char *) data, size, WEBHOOK_JSON_DEPTH, &error);
  g_assert_true ((root == NULL) == (error != NULL));
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;

  object = json_node_get_object (root);
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      JsonNode *node = json_object_get_member (object, members[i]);
      const char *text;
      g_autoptr(GDateTime) time = NULL;

      if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        continue;
      /* json-glib turns escapes such as "\221" into bytes that are not
       * UTF-8: what reads these strings must cope. */
      text = json_node_get_string (node);
      time = g_date_time_new_from_iso8601 (text, NULL);
      check_text (text);
    }
  return 0;
}
