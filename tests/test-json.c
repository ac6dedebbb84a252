/* test-json.c: JSON from outside Redial is parsed within its depth limit, however it is written. */
#include "config.h"

#include <string.h>

#include "redial-json.h"

/* Deep enough to exhaust json-glib's stack if it were ever parsed. */
#define DEEP 200000

static JsonNode *
parse (const char  *text,
       guint        max_depth,
       GError     **error)
{
  return redial_json_parse (text, strlen (text), max_depth, error);
}

/* @prefix, then DEEP "[": a document that must be refused, not parsed. */
static void
assert_deep_refused (const char *prefix)
{
  g_autoptr(GString) text = g_string_new (prefix);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  for (guint i = 0; i < DEEP; i++)
    g_string_append_c (text, '[');

  root = redial_json_parse (text->str, text->len, 8, &error);
  g_assert_null (root);
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA);
}

static void
test_standard_parsed (void)
{
  static const char text[] =
    " {\"id\" : \"a[{\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00]\",\n"
    "  \"n\": [-1.5e+3, 0, 2E-2, true, false, null], \"o\": {}, \"l\": [[[]]]}\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = parse (text, 4, &error);
  JsonObject *object;

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==,
                   "a[{\"\\/\b\f\n\r\t\xC3\xA9\xF0\x9F\x98\x80]");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "n")), ==, 6);
}

static void
test_depth_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) fits = parse ("[[[{\"a\":[]}]]]", 5, &error);
  g_autoptr(JsonNode) deep = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (fits);
  deep = parse ("[[[{\"a\":[[]]}]]]", 5, &error);
  g_assert_null (deep);
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA);

  assert_deep_refused ("");
}

/* Each form json-glib 1.6 reads beyond standard JSON once hid the
 * brackets that follow it from the depth count. */
static void
test_bypass_refused (void)
{
  static const char * const prefixes[] = {
    "/*\"*/",        /* a block comment holding a quote */
    "/\"/",          /* json-glib's single-line comment runs from "/" to "/" */
    "//\"\n",
    "['\"',",        /* a single-quoted string holding a quote */
    "[\"\\u\"\",",   /* "\u" without hex digits swallows the quote after it */
    "[\"\\u12\"\",",
    "[\"\\ud800\\\"\",", /* half a surrogate pair */
    "[\"\\q\"\",",
  };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    assert_deep_refused (prefixes[i]);
}

static void
test_nonstandard_refused (void)
{
  static const char * const texts[] = {
    "/* note */ [1]",
    "[1] // note\n",
    "['a']",
    "[0x10]",
    "[$ff]",
    "[\"tab\there\"]",
    "[\"\\ude00\"]",
    "[\"\\ud83dx\"]",
    "[\"\\u00\"]",
    "[\"\\",
    "#[1]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = parse (texts[i], 8, &error);

      g_test_message ("%s", texts[i]);
      g_assert_null (root);
      g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA);
    }
}

static void
test_bad_input_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) empty = parse ("", 8, &error);
  g_autoptr(JsonNode) nul = NULL;
  g_autoptr(JsonNode) broken = NULL;

  g_assert_null (empty);
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE);
  g_clear_error (&error);

  nul = redial_json_parse ("[1]\0", 4, 8, &error);
  g_assert_null (nul);
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA);
  g_clear_error (&error);

  broken = parse ("[1,", 8, &error);
  g_assert_null (broken);
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/standard/parsed", test_standard_parsed);
  g_test_add_func ("/json/depth/refused", test_depth_refused);
  g_test_add_func ("/json/bypass/refused", test_bypass_refused);
  g_test_add_func ("/json/nonstandard/refused", test_nonstandard_refused);
  g_test_add_func ("/json/bad-input/refused", test_bad_input_refused);

  return g_test_run ();
}
