/* test-ami-parser.c: the AMI byte stream becomes messages, however it is split, and junk is skipped. */
#include "config.h"

#include <string.h>

#include "ami-scenarios.h"
#include "redial-ami-parser.h"

static char *
load_transcript_wire (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "asterisk-ami",
                                                 "ringgroup_noanswer.txt", NULL);
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return ami_transcript_to_wire (text);
}

static GPtrArray *
parse_in_chunks (RedialAmiParser *parser,
                 const char      *wire,
                 gsize            length,
                 gsize            max_chunk)
{
  GPtrArray *messages = g_ptr_array_new_with_free_func ((GDestroyNotify) redial_ami_message_unref);
  RedialAmiMessage *message;
  gsize offset = 0;

  while (offset < length)
    {
      gsize chunk = max_chunk == 1 ? 1 : 1 + g_test_rand_int_range (0, (gint32) max_chunk);

      chunk = MIN (chunk, length - offset);
      redial_ami_parser_feed (parser, wire + offset, chunk);
      offset += chunk;
      while ((message = redial_ami_parser_pop (parser)) != NULL)
        g_ptr_array_add (messages, message);
    }
  return messages;
}

static GPtrArray *
parse (const char *wire)
{
  g_autoptr(RedialAmiParser) parser = redial_ami_parser_new (TRUE);

  return parse_in_chunks (parser, wire, strlen (wire), G_MAXINT32 - 1);
}

static void
assert_same_messages (GPtrArray *a,
                      GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      g_autofree char *wire_a = redial_ami_message_to_wire (g_ptr_array_index (a, i), NULL);
      g_autofree char *wire_b = redial_ami_message_to_wire (g_ptr_array_index (b, i), NULL);

      g_assert_cmpstr (wire_a, ==, wire_b);
    }
}

static RedialAmiMessage *
find_event (GPtrArray  *messages,
            const char *name,
            const char *key,
            const char *value)
{
  for (guint i = 0; i < messages->len; i++)
    {
      RedialAmiMessage *message = g_ptr_array_index (messages, i);

      if (redial_ami_message_get_kind (message) == REDIAL_AMI_MESSAGE_EVENT &&
          g_strcmp0 (redial_ami_message_get_name (message), name) == 0 &&
          (key == NULL || g_strcmp0 (redial_ami_message_get (message, key), value) == 0))
        return message;
    }
  return NULL;
}

static void
test_real_transcript_any_split (void)
{
  g_autofree char *wire = load_transcript_wire ();
  gsize length = strlen (wire);
  g_autoptr(RedialAmiParser) whole_parser = redial_ami_parser_new (TRUE);
  g_autoptr(RedialAmiParser) byte_parser = redial_ami_parser_new (TRUE);
  g_autoptr(RedialAmiParser) chunk_parser = redial_ami_parser_new (TRUE);
  g_autoptr(GPtrArray) whole = parse_in_chunks (whole_parser, wire, length, length);
  g_autoptr(GPtrArray) bytes = parse_in_chunks (byte_parser, wire, length, 1);
  g_autoptr(GPtrArray) chunks = parse_in_chunks (chunk_parser, wire, length, 700);
  RedialAmiMessage *message;

  /* The banner, then the 105 messages the transcript separates with "--". */
  g_assert_cmpuint (whole->len, ==, 106);
  assert_same_messages (whole, bytes);
  assert_same_messages (whole, chunks);
  g_assert_cmpuint (redial_ami_parser_get_n_skipped (whole_parser), ==, 0);
  g_assert_cmpuint (redial_ami_parser_get_n_skipped (byte_parser), ==, 0);

  message = g_ptr_array_index (whole, 0);
  g_assert_cmpint (redial_ami_message_get_kind (message), ==, REDIAL_AMI_MESSAGE_BANNER);
  g_assert_cmpstr (redial_ami_message_get_name (message), ==, "Asterisk Call Manager/11.0.0");

  message = g_ptr_array_index (whole, 1);
  g_assert_cmpint (redial_ami_message_get_kind (message), ==, REDIAL_AMI_MESSAGE_RESPONSE);
  g_assert_cmpstr (redial_ami_message_get_name (message), ==, "Success");
  g_assert_cmpstr (redial_ami_message_get (message, "actionid"), ==, "login1");

  /* Empty values, values with colons and quotes, keys with a dash. */
  message = find_event (whole, "Newchannel", "Uniqueid", "1795355092.0");
  g_assert_nonnull (message);
  g_assert_cmpstr (redial_ami_message_get (message, "AccountCode"), ==, "");
  g_assert_cmpstr (redial_ami_message_get (message, "CallerIDNum"), ==, "<unknown>");
  g_assert_cmpuint (redial_ami_message_get_n_fields (message), ==, 17);
  g_assert_cmpstr (redial_ami_message_get_key (message, 0), ==, "Event");
  g_assert_cmpstr (redial_ami_message_get_value (message, 16), ==, "1795355092.0");

  message = find_event (whole, "Newexten", "Application", "NoOp");
  g_assert_cmpstr (redial_ami_message_get (message, "AppData"), ==,
                   "Inbound call to DID 13125550118 from \"Jane Caller\" <+12125550110>");
  message = find_event (whole, "NewCallerid", NULL, NULL);
  g_assert_cmpstr (redial_ami_message_get (message, "CID-CallingPres"), ==,
                   "0 (Presentation Allowed, Not Screened)");
  message = find_event (whole, "Cdr", "UniqueID", "1795355092.1");
  g_assert_cmpstr (redial_ami_message_get (message, "UserField"), ==, "did:13125550118");

  /* The originate's DialEnd has no calling channel at all. */
  message = find_event (whole, "DialEnd", "DestUniqueid", "1795355092.0");
  g_assert_nonnull (message);
  g_assert_null (redial_ami_message_get (message, "Channel"));
  g_assert_cmpstr (redial_ami_message_get (message, "DialStatus"), ==, "NOANSWER");

  message = g_ptr_array_index (whole, whole->len - 1);
  g_assert_cmpstr (redial_ami_message_get_name (message), ==, "OriginateResponse");
  g_assert_cmpstr (redial_ami_message_get (message, "Response"), ==, "Failure");
}

static void
test_bare_newlines_and_loose_spacing (void)
{
  g_autoptr(GPtrArray) messages =
    parse ("Asterisk Call Manager/5.0.1\n"
           "Event: Newchannel\nChannel: PJSIP/101-00000001\nConnectedLineName:\n"
           "Exten:   600\nCallerIDName: Smith: John\n\n\n\n"
           "Response: Success\r\nMessage: ok\r\n\r\n");
  RedialAmiMessage *event;

  g_assert_cmpuint (messages->len, ==, 3);
  event = g_ptr_array_index (messages, 1);
  g_assert_cmpint (redial_ami_message_get_kind (event), ==, REDIAL_AMI_MESSAGE_EVENT);
  g_assert_cmpstr (redial_ami_message_get (event, "ConnectedLineName"), ==, "");
  g_assert_cmpstr (redial_ami_message_get (event, "EXTEN"), ==, "600");
  g_assert_cmpstr (redial_ami_message_get (event, "CallerIDName"), ==, "Smith: John");
  g_assert_null (redial_ami_message_get (event, "Linkedid"));
  g_assert_cmpint (redial_ami_message_get_kind (g_ptr_array_index (messages, 2)), ==,
                   REDIAL_AMI_MESSAGE_RESPONSE);
}

static void
test_oversized_message_skipped (void)
{
  g_autoptr(RedialAmiParser) parser = redial_ami_parser_new (FALSE);
  g_autoptr(GString) wire = g_string_new ("Event: Before\r\nUniqueid: 1.1\r\n\r\nEvent: Huge\r\n");
  g_autofree char *value = g_strnfill (1000, 'x');
  g_autoptr(GPtrArray) messages = NULL;

  for (guint i = 0; i < 100; i++)
    g_string_append_printf (wire, "Field%u: %s\r\n", i, value);
  g_string_append (wire, "\r\nEvent: After\r\nUniqueid: 1.2\r\n\r\n");

  messages = parse_in_chunks (parser, wire->str, wire->len, 4096);
  g_assert_cmpuint (messages->len, ==, 2);
  g_assert_cmpstr (redial_ami_message_get_name (g_ptr_array_index (messages, 0)), ==, "Before");
  g_assert_cmpstr (redial_ami_message_get_name (g_ptr_array_index (messages, 1)), ==, "After");
  g_assert_cmpuint (redial_ami_parser_get_n_skipped (parser), ==, 1);
}

static void
feed_text (RedialAmiParser *parser,
           const char      *text)
{
  redial_ami_parser_feed (parser, text, strlen (text));
}

static void
test_endless_line_skipped (void)
{
  g_autoptr(RedialAmiParser) parser = redial_ami_parser_new (FALSE);
  g_autofree char *junk = g_strnfill (1024 * 1024, 'A');
  RedialAmiMessage *message;
  guint n = 0;

  feed_text (parser, "Event: One\r\n\r\nEvent: Two\r\nAppData: ");
  /* A megabyte without a line end, fed as a peer would send it. */
  for (gsize offset = 0; offset < strlen (junk); offset += 8192)
    redial_ami_parser_feed (parser, junk + offset, 8192);
  feed_text (parser, "\r\nMore: junk\r\n\r\nEvent: Three\r\n\r\n");

  while ((message = redial_ami_parser_pop (parser)) != NULL)
    {
      n++;
      g_assert_true (g_str_equal (redial_ami_message_get_name (message), "One") ||
                     g_str_equal (redial_ami_message_get_name (message), "Three"));
      redial_ami_message_unref (message);
    }
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (redial_ami_parser_get_n_skipped (parser), ==, 1);
}

static void
test_malformed_line_skipped_alone (void)
{
  g_autoptr(RedialAmiParser) parser = redial_ami_parser_new (FALSE);
  const char *wire = "Event: Hangup\r\nthis line has no colon\r\n: no key\r\nUniqueid: 1.5\r\n\r\n";
  g_autoptr(GPtrArray) messages = parse_in_chunks (parser, wire, strlen (wire), 3);
  RedialAmiMessage *message;

  g_assert_cmpuint (messages->len, ==, 1);
  message = g_ptr_array_index (messages, 0);
  g_assert_cmpuint (redial_ami_message_get_n_fields (message), ==, 2);
  g_assert_cmpstr (redial_ami_message_get (message, "Uniqueid"), ==, "1.5");
  g_assert_cmpuint (redial_ami_parser_get_n_skipped (parser), ==, 2);
}

static void
test_nul_byte_skips_message (void)
{
  g_autoptr(RedialAmiParser) parser = redial_ami_parser_new (FALSE);
  const char wire[] = "Event: Bad\r\nCallerIDName: A\0B\r\n\r\nEvent: Good\r\n\r\n";
  g_autoptr(GPtrArray) messages = parse_in_chunks (parser, wire, sizeof wire - 1, 5);

  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_cmpstr (redial_ami_message_get_name (g_ptr_array_index (messages, 0)), ==, "Good");
  g_assert_cmpuint (redial_ami_parser_get_n_skipped (parser), ==, 1);
}

static void
test_invalid_utf8_replaced (void)
{
  g_autoptr(GPtrArray) messages = parse ("Asterisk Call Manager/11.0.0\r\n"
                                         "Event: NewCallerid\r\nCallerIDName: Jos\xe9 P\xe9rez\r\n\r\n");
  const char *name;

  g_assert_cmpuint (messages->len, ==, 2);
  name = redial_ami_message_get (g_ptr_array_index (messages, 1), "CallerIDName");
  g_assert_true (g_utf8_validate (name, -1, NULL));
  g_assert_true (g_str_has_prefix (name, "Jos"));
  g_assert_true (g_str_has_suffix (name, "rez"));
}

static void
test_too_many_fields_skipped (void)
{
  g_autoptr(RedialAmiParser) parser = redial_ami_parser_new (FALSE);
  g_autoptr(GString) wire = g_string_new ("Event: Wide\r\n");
  g_autoptr(GPtrArray) messages = NULL;

  for (guint i = 0; i < REDIAL_AMI_MAX_FIELDS + 10; i++)
    g_string_append_printf (wire, "K%u: v\r\n", i);
  g_string_append (wire, "\r\nEvent: Narrow\r\n\r\n");

  messages = parse_in_chunks (parser, wire->str, wire->len, 100);
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_cmpstr (redial_ami_message_get_name (g_ptr_array_index (messages, 0)), ==, "Narrow");
}

static void
test_reset_drops_cut_message (void)
{
  g_autoptr(RedialAmiParser) parser = redial_ami_parser_new (TRUE);
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  const char *before = "Asterisk Call Manager/11.0.0\r\nEvent: Whole\r\n\r\nEvent: Hangup\r\nUniqueid: 17";
  const char *after = "Asterisk Call Manager/11.0.0\r\nEvent: Next\r\n\r\n";

  first = parse_in_chunks (parser, before, strlen (before), 4);
  g_assert_cmpuint (first->len, ==, 2);

  /* The connection ended in the middle of an event: it is dropped, and the
   * next connection opens with a banner again. */
  redial_ami_parser_reset (parser);
  g_assert_cmpuint (redial_ami_parser_get_n_skipped (parser), ==, 1);

  second = parse_in_chunks (parser, after, strlen (after), 4);
  g_assert_cmpuint (second->len, ==, 2);
  g_assert_cmpint (redial_ami_message_get_kind (g_ptr_array_index (second, 0)), ==, REDIAL_AMI_MESSAGE_BANNER);
  g_assert_cmpstr (redial_ami_message_get_name (g_ptr_array_index (second, 1)), ==, "Next");
}

static void
test_message_to_wire_round_trip (void)
{
  g_autoptr(RedialAmiMessage) action = redial_ami_message_new ();
  g_autoptr(GPtrArray) messages = NULL;
  g_autofree char *wire = NULL;
  g_autofree char *with_banner = NULL;
  RedialAmiMessage *parsed;

  redial_ami_message_add (action, "Action", "Originate");
  redial_ami_message_add (action, "Variable", "A=1");
  redial_ami_message_add (action, "Variable", "B=2");
  redial_ami_message_add (action, "CallerID", "\"2125550110\" <101>");
  g_assert_cmpint (redial_ami_message_get_kind (action), ==, REDIAL_AMI_MESSAGE_ACTION);

  wire = redial_ami_message_to_wire (action, NULL);
  g_assert_cmpstr (wire, ==, "Action: Originate\r\nVariable: A=1\r\nVariable: B=2\r\n"
                             "CallerID: \"2125550110\" <101>\r\n\r\n");

  with_banner = g_strconcat ("x\r\n", wire, NULL);
  messages = parse (with_banner);
  parsed = g_ptr_array_index (messages, 1);
  /* Repeated keys keep their order; a lookup finds the first. */
  g_assert_cmpstr (redial_ami_message_get (parsed, "variable"), ==, "A=1");
  g_assert_cmpstr (redial_ami_message_get_value (parsed, 2), ==, "B=2");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ami/parser/real-transcript/any-split", test_real_transcript_any_split);
  g_test_add_func ("/ami/parser/bare-newlines-and-loose-spacing", test_bare_newlines_and_loose_spacing);
  g_test_add_func ("/ami/parser/oversized-message/skipped", test_oversized_message_skipped);
  g_test_add_func ("/ami/parser/endless-line/skipped", test_endless_line_skipped);
  g_test_add_func ("/ami/parser/malformed-line/skipped-alone", test_malformed_line_skipped_alone);
  g_test_add_func ("/ami/parser/nul-byte/skips-message", test_nul_byte_skips_message);
  g_test_add_func ("/ami/parser/invalid-utf8/replaced", test_invalid_utf8_replaced);
  g_test_add_func ("/ami/parser/too-many-fields/skipped", test_too_many_fields_skipped);
  g_test_add_func ("/ami/parser/truncated-by-reset/dropped", test_reset_drops_cut_message);
  g_test_add_func ("/ami/message/to-wire/round-trip", test_message_to_wire_round_trip);

  return g_test_run ();
}
