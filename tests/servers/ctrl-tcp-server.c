/* ctrl-tcp-server.c: a stand-in for baresip's ctrl_tcp interface that sends whatever bytes a test asks for.
 *
 * It follows baresip's own description of ctrl_tcp (the comment at the top
 * of modules/ctrl_tcp/ctrl_tcp.c, baresip 1.0) and what baresip 1.0.0, the
 * version in Debian 12, puts on the wire:
 *
 *  - every message either way is a netstring, "<length>:<json>,";
 *  - commands are {"command": "dial", "params": "…", "token": "…"};
 *  - answers are {"response": true, "ok": true|false, "data": "…",
 *    "token": "…"}, the token copied from the command;
 *  - events are {"event": true, "type": "CALL_INCOMING", "class": "call",
 *    "accountaor": "sip:…", "direction": "incoming", "peeruri": "sip:…",
 *    "peerdisplayname": "…", "id": "<the SIP Call-ID>", "param": "…"}
 *    (src/event.c, event_encode_dict);
 *  - one client at a time: a new connection replaces the previous one.
 *
 * The real baresip is tested against in test-baresip.c too; this stand-in
 * exists to send what baresip would not: bad framing, junk, oversized and
 * duplicated messages, and a connection that goes away. */
#include "config.h"

#include "redial-json.h"
#include "redial-netstring.h"
#include "ctrl-tcp-server.h"

struct _CtrlTcpServer
{
  GSocketListener        *listener;
  GCancellable           *cancellable;
  guint16                 port;
  GSocketConnection      *client;
  GCancellable           *client_cancellable;
  guint                   n_operations;  /* callbacks still to come */
  RedialNetstringDecoder *decoder;
  GQueue                  commands;  /* JsonObject */
  GQueue                  outgoing;  /* GBytes */
  gboolean                writing;
  guint8                  buffer[4096];
};

static void read_more (CtrlTcpServer *self);
static void write_next (CtrlTcpServer *self);

static gboolean
on_tick (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
test_wait_until (gboolean (*done) (gpointer data),
                 gpointer   data,
                 guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  /* Wakes the loop now and then, so the deadline is seen even when
   * nothing happens. */
  guint tick = g_timeout_add (20, on_tick, NULL);
  gboolean result;

  while (!(result = done (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
  return result;
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  CtrlTcpServer *self = user_data;
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  self->n_operations--;
  /* Cancelled, or a client since dropped, or one that went away. */
  if (n <= 0 || self->client == NULL ||
      G_INPUT_STREAM (source) != g_io_stream_get_input_stream (G_IO_STREAM (self->client)))
    return;

  redial_netstring_decoder_push (self->decoder, self->buffer, n);
  for (;;)
    {
      g_autoptr(GError) frame_error = NULL;
      g_autoptr(GBytes) frame = redial_netstring_decoder_pop (self->decoder, &frame_error);
      g_autoptr(JsonNode) root = NULL;
      gsize size;
      const char *data;

      g_assert_no_error (frame_error);
      if (frame == NULL)
        break;
      data = g_bytes_get_data (frame, &size);
      root = redial_json_parse (data, size, 32, NULL);
      g_assert_nonnull (root);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
      g_queue_push_tail (&self->commands, json_object_ref (json_node_get_object (root)));
    }
  read_more (self);
}

static void
read_more (CtrlTcpServer *self)
{
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (self->client));

  self->n_operations++;
  g_input_stream_read_async (input, self->buffer, sizeof self->buffer, G_PRIORITY_DEFAULT,
                             self->client_cancellable, on_read, self);
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  CtrlTcpServer *self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean written = g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error);

  self->n_operations--;
  if (self->client == NULL ||
      G_OUTPUT_STREAM (source) != g_io_stream_get_output_stream (G_IO_STREAM (self->client)))
    return;
  if (!written)
    {
      /* The client hung up: what was queued is for nobody. */
      g_queue_clear_full (&self->outgoing, (GDestroyNotify) g_bytes_unref);
      self->writing = FALSE;
      return;
    }

  g_bytes_unref (g_queue_pop_head (&self->outgoing));
  self->writing = FALSE;
  write_next (self);
}

static void
write_next (CtrlTcpServer *self)
{
  GBytes *next = g_queue_peek_head (&self->outgoing);
  gsize size;
  const void *data;

  if (next == NULL || self->writing || self->client == NULL)
    return;
  self->writing = TRUE;
  self->n_operations++;
  data = g_bytes_get_data (next, &size);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (self->client)),
                                   data, size, G_PRIORITY_DEFAULT, self->client_cancellable, on_written, self);
}

static void
on_accepted (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  CtrlTcpServer *self = user_data;
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  self->n_operations--;
  connection = g_socket_listener_accept_finish (G_SOCKET_LISTENER (source), result, NULL, &error);
  if (connection == NULL)
    return;  /* cancelled */

  /* Like ctrl_tcp: the newest client replaces the one before. */
  ctrl_tcp_server_drop_client (self);
  self->client = connection;
  self->client_cancellable = g_cancellable_new ();
  read_more (self);
  write_next (self);
  self->n_operations++;
  g_socket_listener_accept_async (self->listener, self->cancellable, on_accepted, self);
}

CtrlTcpServer *
ctrl_tcp_server_new (guint16   port,
                     GError  **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GSocketAddress) effective = NULL;
  CtrlTcpServer *self = g_new0 (CtrlTcpServer, 1);

  self->listener = g_socket_listener_new ();
  self->cancellable = g_cancellable_new ();
  self->decoder = redial_netstring_decoder_new (1024 * 1024);
  g_queue_init (&self->commands);
  g_queue_init (&self->outgoing);

  if (!g_socket_listener_add_address (self->listener, address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, &effective, error))
    {
      ctrl_tcp_server_free (self);
      return NULL;
    }
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  self->n_operations++;
  g_socket_listener_accept_async (self->listener, self->cancellable, on_accepted, self);
  return self;
}

void
ctrl_tcp_server_free (CtrlTcpServer *self)
{
  if (self == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_socket_listener_close (self->listener);
  ctrl_tcp_server_drop_client (self);
  /* Lets the cancelled operations finish while self is still there. */
  for (guint i = 0; self->n_operations > 0 && i < 1000; i++)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (self->n_operations, ==, 0);
  g_clear_object (&self->listener);
  g_clear_object (&self->cancellable);
  redial_netstring_decoder_free (self->decoder);
  g_queue_clear_full (&self->commands, (GDestroyNotify) json_object_unref);
  g_queue_clear_full (&self->outgoing, (GDestroyNotify) g_bytes_unref);
  g_free (self);
}

guint16
ctrl_tcp_server_get_port (CtrlTcpServer *self)
{
  return self->port;
}

static gboolean
has_client (gpointer data)
{
  CtrlTcpServer *self = data;

  return self->client != NULL;
}

gboolean
ctrl_tcp_server_wait_client (CtrlTcpServer *self,
                             guint          timeout_ms)
{
  return test_wait_until (has_client, self, timeout_ms);
}

void
ctrl_tcp_server_send_raw (CtrlTcpServer *self,
                          const char    *data,
                          gssize         length)
{
  g_assert_nonnull (self->client);
  if (length < 0)
    length = strlen (data);
  g_queue_push_tail (&self->outgoing, g_bytes_new (data, length));
  write_next (self);
}

void
ctrl_tcp_server_send (CtrlTcpServer *self,
                      const char    *json)
{
  g_autoptr(GBytes) frame = redial_netstring_encode (json, strlen (json));
  gsize size;
  const char *data = g_bytes_get_data (frame, &size);

  ctrl_tcp_server_send_raw (self, data, size);
}

void
ctrl_tcp_server_send_call (CtrlTcpServer *self,
                           const char    *type,
                           const char    *id,
                           const char    *direction,
                           const char    *peeruri,
                           const char    *display_name,
                           const char    *account_aor)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "event");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "class");
  json_builder_add_string_value (builder, "call");
  json_builder_set_member_name (builder, "accountaor");
  json_builder_add_string_value (builder, account_aor);
  json_builder_set_member_name (builder, "direction");
  json_builder_add_string_value (builder, direction);
  json_builder_set_member_name (builder, "peeruri");
  json_builder_add_string_value (builder, peeruri);
  if (display_name != NULL)
    {
      json_builder_set_member_name (builder, "peerdisplayname");
      json_builder_add_string_value (builder, display_name);
    }
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "param");
  /* For a close baresip gives the reason, the same for a cancel as for
   * a hang-up after talking. */
  json_builder_add_string_value (builder, g_str_equal (type, "CALL_CLOSED") ? "Connection reset by peer" : peeruri);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);
  ctrl_tcp_server_send (self, json);
}

static gboolean
has_command (gpointer data)
{
  CtrlTcpServer *self = data;

  return !g_queue_is_empty (&self->commands);
}

JsonObject *
ctrl_tcp_server_next_command (CtrlTcpServer *self,
                              guint          timeout_ms)
{
  if (!test_wait_until (has_command, self, timeout_ms))
    return NULL;
  return g_queue_pop_head (&self->commands);
}

static gboolean
all_written (gpointer data)
{
  CtrlTcpServer *self = data;

  return g_queue_is_empty (&self->outgoing) && !self->writing;
}

gboolean
ctrl_tcp_server_flush (CtrlTcpServer *self,
                       guint          timeout_ms)
{
  return test_wait_until (all_written, self, timeout_ms);
}

void
ctrl_tcp_server_drop_client (CtrlTcpServer *self)
{
  if (self->client == NULL)
    return;
  g_cancellable_cancel (self->client_cancellable);
  g_clear_object (&self->client_cancellable);
  g_io_stream_close (G_IO_STREAM (self->client), NULL, NULL);
  g_clear_object (&self->client);
  self->writing = FALSE;
  g_queue_clear_full (&self->outgoing, (GDestroyNotify) g_bytes_unref);
  redial_netstring_decoder_reset (self->decoder);
}
