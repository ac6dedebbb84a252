/* fuzz-netstring.c: a byte stream from baresip, cut into netstrings. */
#include "config.h"

#include "redial-fuzz.h"
#include "redial-netstring.h"

#define MAX_FRAME 512

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(RedialNetstringDecoder) decoder = NULL;
  gsize chunk;
  gsize offset = 0;

  redial_fuzz_init ();

  chunk = size > 0 ? 1 + data[0] % 64 : 1;
  decoder = redial_netstring_decoder_new (MAX_FRAME);

  while (offset < size)
    {
      gsize n = MIN (chunk, size - offset);

      redial_netstring_decoder_push (decoder, data + offset, n);
      offset += n;

      for (;;)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GBytes) payload = redial_netstring_decoder_pop (decoder, &error);
          g_autoptr(GBytes) framed = NULL;
          g_autoptr(RedialNetstringDecoder) again = NULL;
          g_autoptr(GBytes) back = NULL;

          if (payload == NULL && error == NULL)
            break;
          if (payload == NULL)
            continue;

          /* A payload framed again decodes to itself. */
          g_assert_cmpuint (g_bytes_get_size (payload), <=, MAX_FRAME);
          framed = redial_netstring_encode (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload));
          again = redial_netstring_decoder_new (MAX_FRAME);
          redial_netstring_decoder_push (again, g_bytes_get_data (framed, NULL), g_bytes_get_size (framed));
          back = redial_netstring_decoder_pop (again, NULL);
          g_assert_nonnull (back);
          g_assert_true (g_bytes_equal (back, payload));
        }
      /* What is held waiting for the rest of a frame stays bounded. */
      g_assert_cmpuint (redial_netstring_decoder_get_pending (decoder), <=, MAX_FRAME + 128);
    }

  return 0;
}
