/* fuzz-baresip.c: what baresip's ctrl_tcp sends, framed as netstrings, through the whole reader: JSON, events, calls. */
#include "config.h"

#include <string.h>

#include "redial-baresip.h"
#include "redial-fake-clock.h"
#include "redial-fuzz.h"
#include "redial-netstring.h"
#include "servers/ctrl-tcp-server.h"

#define START_US (G_GINT64_CONSTANT (1762250400) * G_USEC_PER_SEC)
#define WAIT_MS 10000
/* Splits the input into frames: it can never be part of UTF-8 text. */
#define FRAME_SEPARATOR 0xff

static gboolean
is_connected (gpointer data)
{
  return redial_phone_system_get_state (data) == REDIAL_CONNECTION_CONNECTED;
}

static gboolean
is_not_connected (gpointer data)
{
  return redial_phone_system_get_state (data) != REDIAL_CONNECTION_CONNECTED;
}

static void
on_call_event (RedialPhoneSystem *phone,
               RedialCallEvent   *event,
               gpointer           user_data)
{
  g_assert_nonnull (event->provider_call_id);
  g_assert_true (g_utf8_validate (event->provider_call_id, -1, NULL));
  g_assert_true (event->caller == NULL || g_utf8_validate (event->caller, -1, NULL));
  g_assert_true (event->caller_name == NULL || g_utf8_validate (event->caller_name, -1, NULL));
}

/* The input's frames, each framed as a netstring; or, when the input
 * starts with the separator, the rest as it is, to reach the framing too. */
static GByteArray *
make_stream (const uint8_t *data,
             size_t         size)
{
  GByteArray *stream = g_byte_array_new ();
  gsize start = 0;

  if (size > 0 && data[0] == FRAME_SEPARATOR)
    return g_byte_array_append (stream, data + 1, size - 1);

  for (gsize i = 0; i <= size; i++)
    if (i == size || data[i] == FRAME_SEPARATOR)
      {
        g_autoptr(GBytes) frame = redial_netstring_encode (data + start, i - start);

        g_byte_array_append (stream, g_bytes_get_data (frame, NULL), g_bytes_get_size (frame));
        start = i + 1;
      }
  return stream;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static CtrlTcpServer *server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialClock) clock = NULL;
  g_autoptr(RedialPhoneSystem) phone = NULL;
  g_autoptr(GHashTable) lines = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GByteArray) stream = NULL;

  redial_fuzz_init ();
  if (server == NULL)
    {
      server = ctrl_tcp_server_new (0, &error);
      g_assert_no_error (error);
    }

  g_hash_table_insert (lines, "<sip:frontdesk@pbx.example.com>", "+13125550118");
  clock = redial_fake_clock_new (START_US);
  phone = redial_baresip_new (clock, "127.0.0.1", ctrl_tcp_server_get_port (server), lines, NULL);
  g_signal_connect (phone, "call-event", G_CALLBACK (on_call_event), NULL);
  redial_phone_system_start (phone);
  g_assert_true (test_wait_until (is_connected, phone, WAIT_MS));
  g_assert_true (ctrl_tcp_server_wait_client (server, WAIT_MS));

  /* Everything sent before the connection closes is read before Redial
   * sees it close. */
  stream = make_stream (data, size);
  if (stream->len > 0)
    ctrl_tcp_server_send_raw (server, (const char *) stream->data, stream->len);
  g_assert_true (ctrl_tcp_server_flush (server, WAIT_MS));
  ctrl_tcp_server_drop_client (server);
  g_assert_true (test_wait_until (is_not_connected, phone, WAIT_MS));

  redial_phone_system_stop (phone);
  return 0;
}
