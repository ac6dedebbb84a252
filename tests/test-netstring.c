/* test-netstring.c: netstring frames are cut out of any stream, and bad input is skipped without losing the frames around it. */
#include "config.h"

#include <string.h>

#include "redial-netstring.h"

#define MAX_LENGTH 1024

/* Everything the decoder makes of @stream pushed in pieces of @chunk
 * bytes: payloads as strings, and "!" plus the error code for each fault. */
static GPtrArray *
decode (const char *stream,
        gsize       length,
        gsize       chunk)
{
  g_autoptr(RedialNetstringDecoder) decoder = redial_netstring_decoder_new (MAX_LENGTH);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (gsize at = 0; at < length; at += chunk)
    {
      redial_netstring_decoder_push (decoder, stream + at, MIN (chunk, length - at));

      for (;;)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GBytes) frame = redial_netstring_decoder_pop (decoder, &error);

          if (frame != NULL)
            {
              gsize size;
              const char *data = g_bytes_get_data (frame, &size);

              g_assert_no_error (error);
              g_ptr_array_add (out, g_strndup (data != NULL ? data : "", size));
            }
          else if (error != NULL)
            {
              g_assert_true (error->domain == REDIAL_NETSTRING_ERROR);
              g_ptr_array_add (out, g_strdup_printf ("!%d", error->code));
            }
          else
            break;
        }

      /* Never more than one frame's worth is held, whatever comes in. */
      g_assert_cmpuint (redial_netstring_decoder_get_pending (decoder), <=, MAX_LENGTH + 16 + chunk);
    }

  return out;
}

static void
assert_decodes (const char         *stream,
                gsize               length,
                const char * const *expected)
{
  /* Whole, byte by byte, and in odd pieces: framing never depends on how
   * the stream was cut into reads. */
  const gsize chunks[] = { length > 0 ? length : 1, 1, 2, 3, 7, 64 };

  for (guint c = 0; c < G_N_ELEMENTS (chunks); c++)
    {
      g_autoptr(GPtrArray) out = decode (stream, length, chunks[c]);
      guint n = g_strv_length ((char **) expected);

      if (out->len != n)
        {
          for (guint i = 0; i < out->len; i++)
            g_test_message ("got %u: %s", i, (const char *) g_ptr_array_index (out, i));
        }
      g_assert_cmpuint (out->len, ==, n);
      for (guint i = 0; i < n; i++)
        g_assert_cmpstr (g_ptr_array_index (out, i), ==, expected[i]);
    }
}

#define GARBLED "!0"
#define TOO_LONG "!1"

static void
test_whole_frames (void)
{
  const char stream[] = "5:hello,0:,11:{\"a\":\"b,c\"},";
  const char * const expected[] = { "hello", "", "{\"a\":\"b,c\"}", NULL };

  assert_decodes (stream, strlen (stream), expected);
}

static void
test_encode_round_trip (void)
{
  const char *payloads[] = { "", "{}", "{\"command\":\"dial\",\"params\":\"+13125550110\"}" };

  for (guint i = 0; i < G_N_ELEMENTS (payloads); i++)
    {
      g_autoptr(GBytes) frame = redial_netstring_encode (payloads[i], strlen (payloads[i]));
      gsize size;
      const char *data = g_bytes_get_data (frame, &size);
      g_autofree char *text = g_strndup (data, size);
      g_autofree char *expected = g_strdup_printf ("%zu:%s,", strlen (payloads[i]), payloads[i]);
      const char * const decoded[] = { payloads[i], NULL };

      g_assert_cmpstr (text, ==, expected);
      assert_decodes (data, size, decoded);
    }
}

static void
test_payload_is_not_judged (void)
{
  /* The decoder only frames: a payload that is not JSON, or not even
   * text, is handed on for the reader to judge, with the frames after it. */
  const char stream[] = "5:hello,3:\x01\xff\x02,8:{\"ok\":1},";
  const char * const expected[] = { "hello", "\x01\xff\x02", "{\"ok\":1}", NULL };

  assert_decodes (stream, strlen (stream), expected);
}

static void
test_bad_length_resyncs (void)
{
  const char *broken[] = {
    "hello world,8:{\"a\":11},",       /* no length at all */
    "5;{abc},8:{\"a\":11},",            /* no colon */
    "5x:{abc},8:{\"a\":11},",           /* not a number */
  };
  const char *junk_before[] = {
    "05:{abc},8:{\"a\":11},",           /* leading zero */
    "-5:{abc},8:{\"a\":11},",           /* negative */
    " 5:{abc},8:{\"a\":11},",           /* space before */
  };
  const char * const skipped[] = { GARBLED, "{\"a\":11}", NULL };
  const char * const recovered[] = { GARBLED, "{abc}", "{\"a\":11}", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    assert_decodes (broken[i], strlen (broken[i]), skipped);
  /* Only the junk is lost: the frame right behind it is found. */
  for (guint i = 0; i < G_N_ELEMENTS (junk_before); i++)
    assert_decodes (junk_before[i], strlen (junk_before[i]), recovered);
}

static void
test_missing_comma (void)
{
  const char stream[] = "5:{abc}X8:{\"a\":11},";
  const char * const expected[] = { GARBLED, "{\"a\":11}", NULL };

  assert_decodes (stream, strlen (stream), expected);
}

static void
test_huge_length (void)
{
  const char *streams[] = {
    "99999999999999999999999999:{\"x\":1},8:{\"a\":11},",
    "18446744073709551617:{},8:{\"a\":11},",
    "4294967296:{},8:{\"a\":11},",
  };
  const char * const expected[] = { TOO_LONG, "{\"a\":11}", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (streams); i++)
    assert_decodes (streams[i], strlen (streams[i]), expected);
}

static void
test_oversized_frame_skipped (void)
{
  /* A well-formed frame over the limit is skipped as it streams past,
   * without being held (decode() checks what is held after each piece);
   * the frames on both sides arrive. */
  g_autoptr(GString) stream = g_string_new ("8:{\"a\":11},");
  g_autoptr(GString) big = g_string_new ("{\"param\":\"");
  const char * const expected[] = { "{\"a\":11}", TOO_LONG, "{\"b\":22}", NULL };

  while (big->len < 20 * MAX_LENGTH)
    g_string_append (big, "ringing, 12 rings, then 3:{abc} and on ");
  g_string_append (big, "\"}");
  g_string_append_printf (stream, "%zu:%s,", big->len, big->str);
  g_string_append (stream, "8:{\"b\":22},");

  assert_decodes (stream->str, stream->len, expected);
}

static void
test_truncated_frame_recovered (void)
{
  /* A frame that claims more than it holds swallows the start of the
   * next; the decoder finds that next frame again inside what it took. */
  const char stream[] = "30:{\"cut\":1},8:{\"a\":11},8:{\"b\":22},8:{\"c\":33},";
  const char * const expected[] = { GARBLED, "{\"a\":11}", "{\"b\":22}", "{\"c\":33}", NULL };

  assert_decodes (stream, strlen (stream), expected);
}

static void
test_truncated_at_end (void)
{
  g_autoptr(RedialNetstringDecoder) decoder = redial_netstring_decoder_new (MAX_LENGTH);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) frame = NULL;
  const char stream[] = "8:{\"a\":11},20:{\"cut\":";
  g_autoptr(GBytes) first = NULL;

  redial_netstring_decoder_push (decoder, stream, strlen (stream));
  first = redial_netstring_decoder_pop (decoder, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);

  frame = redial_netstring_decoder_pop (decoder, &error);
  g_assert_no_error (error);
  g_assert_null (frame);
  /* What the stream's end cut short is visible, to be reported. */
  g_assert_cmpuint (redial_netstring_decoder_get_pending (decoder), ==, strlen ("20:{\"cut\":"));

  redial_netstring_decoder_reset (decoder);
  g_assert_cmpuint (redial_netstring_decoder_get_pending (decoder), ==, 0);
}

static void
test_one_report_per_fault (void)
{
  /* A long run of junk, with digits and colons in it, is one fault. */
  g_autoptr(GString) stream = g_string_new (NULL);
  const char * const expected[] = { "{\"a\":11}", GARBLED, "{\"b\":22}", NULL };

  g_string_append (stream, "8:{\"a\":11},");
  for (guint i = 0; i < 300; i++)
    g_string_append (stream, "junk 12:34, 5:x, 007:{ 3:{}; ");
  g_string_append (stream, "8:{\"b\":22},");

  assert_decodes (stream->str, stream->len, expected);
}

static void
test_junk_ending_in_digits (void)
{
  /* A frame right after junk that ends in digits ("…3" "12:{") is found. */
  const char stream[] = "xx3413:{\"abcdefg\":1},";
  const char * const expected[] = { GARBLED, "{\"abcdefg\":1}", NULL };

  assert_decodes (stream, strlen (stream), expected);
}

static void
test_fake_start_does_not_stall (void)
{
  /* Junk that looks like the start of a long frame does not hold back a
   * whole frame that comes after it. */
  const char stream[] = "##900:{ 8:{\"a\":11},";
  const char * const expected[] = { GARBLED, "{\"a\":11}", NULL };

  assert_decodes (stream, strlen (stream), expected);
}

static void
test_random_input_never_crashes (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261125);

  /* Anything at all: decode() checks that no more than a frame's worth
   * is ever held. */
  for (guint round = 0; round < 200; round++)
    {
      g_autoptr(GString) stream = g_string_new (NULL);
      g_autoptr(GPtrArray) out = NULL;
      guint n = g_rand_int_range (rand, 0, 4000);
      const char alphabet[] = "0123456789:,{}\"x ";

      for (guint i = 0; i < n; i++)
        {
          if (g_rand_boolean (rand))
            g_string_append_c (stream, alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)]);
          else
            g_string_append_c (stream, (char) g_rand_int_range (rand, 0, 256));
        }
      out = decode (stream->str, stream->len, g_rand_int_range (rand, 1, 300));
    }
}

static void
test_frame_after_random_junk (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4444);

  /* Junk that cannot hold a frame start of its own (no colon) never
   * costs the frame after it, and counts as one fault. */
  for (guint round = 0; round < 200; round++)
    {
      g_autoptr(GString) stream = g_string_new ("x");
      g_autoptr(GPtrArray) out = NULL;
      guint n = g_rand_int_range (rand, 0, 3000);

      for (guint i = 0; i < n; i++)
        {
          char c = (char) g_rand_int_range (rand, 0, 256);

          g_string_append_c (stream, c == ':' ? '9' : c);
        }
      g_string_append (stream, "8:{\"z\":99},");

      out = decode (stream->str, stream->len, g_rand_int_range (rand, 1, 300));
      g_assert_cmpuint (out->len, ==, 2);
      g_assert_cmpstr (g_ptr_array_index (out, 0), ==, GARBLED);
      g_assert_cmpstr (g_ptr_array_index (out, 1), ==, "{\"z\":99}");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/netstring/whole-frames", test_whole_frames);
  g_test_add_func ("/netstring/encode-round-trip", test_encode_round_trip);
  g_test_add_func ("/netstring/payload-is-not-judged", test_payload_is_not_judged);
  g_test_add_func ("/netstring/bad-length-resyncs", test_bad_length_resyncs);
  g_test_add_func ("/netstring/missing-comma-resyncs", test_missing_comma);
  g_test_add_func ("/netstring/huge-length-skipped", test_huge_length);
  g_test_add_func ("/netstring/oversized-frame-skipped-unheld", test_oversized_frame_skipped);
  g_test_add_func ("/netstring/truncated-frame-next-one-recovered", test_truncated_frame_recovered);
  g_test_add_func ("/netstring/truncated-at-end-is-pending", test_truncated_at_end);
  g_test_add_func ("/netstring/one-report-per-fault", test_one_report_per_fault);
  g_test_add_func ("/netstring/frame-after-junk-digits", test_junk_ending_in_digits);
  g_test_add_func ("/netstring/fake-start-does-not-stall", test_fake_start_does_not_stall);
  g_test_add_func ("/netstring/random-input-never-crashes", test_random_input_never_crashes);
  g_test_add_func ("/netstring/frame-after-random-junk", test_frame_after_random_junk);

  return g_test_run ();
}
