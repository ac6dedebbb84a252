/* redial-webhook-server.c: Redial's one HTTP server, shared by the backends that receive webhooks. */
#include "config.h"

#define G_LOG_DOMAIN "redial-net"

#include <glib/gi18n.h>

#include "redial-real-clock.h"
#include "redial-settings.h"
#include "redial-webhook-server.h"

/* The keys of [webhook]; the webhook phone system reads secret-file. */
static const char * const webhook_keys[] = { "address", "port", "secret-file", NULL };

#define BODY_KEY "redial-webhook-body"
/* Connections waiting to be accepted, beyond those open. */
#define LISTEN_BACKLOG 128
/* Connections taken per turn of the main loop, so requests in progress
 * are not starved by a flood of new ones. */
#define ACCEPTS_PER_TURN 32
/* Out of file descriptors, accepting is tried again this often even if
 * none of the server's own connections closes. */
#define ACCEPT_RETRY_US (G_USEC_PER_SEC)
/* Connections refused over the limit are logged at most this often. */
#define REFUSED_LOG_US (60 * G_USEC_PER_SEC)

struct _RedialWebhookServer
{
  GObject           parent_instance;

  SoupServer       *server;
  RedialClock      *clock;
  char             *address;
  guint             port;
  guint             bound_port;
  guint             n_holds;
  GHashTable       *handlers;     /* path → Route */

  GSocket          *listener;
  GSource          *accept_source;  /* NULL while paused */
  guint             accept_retry;   /* clock id while paused */
  gboolean          out_of_fds;     /* since the last accept that worked */
  GHashTable       *connections;    /* remote GSocketAddress → Connection */
  guint             max_connections;
  gint64            header_timeout_us;
  gint64            body_timeout_us;
  gsize             buffered;       /* bytes of bodies kept, all requests */
  guint             n_refused;      /* over the limit, not yet logged */
  gint64            refused_logged_at;
};

G_DEFINE_FINAL_TYPE (RedialWebhookServer, redial_webhook_server, G_TYPE_OBJECT)

G_DEFINE_QUARK (redial-webhook-server-error-quark, redial_webhook_server_error)

typedef struct
{
  char                 *signature_header;
  RedialWebhookHandler  handler;
  gpointer              user_data;
  GDestroyNotify        destroy;
} Route;

/* A client connection handed to libsoup, watched until libsoup drops it. */
typedef struct
{
  RedialWebhookServer *server;      /* unowned: the server outlives it */
  GSocketConnection   *stream;      /* unowned: weakly referenced */
  GSocket             *socket;      /* unowned: the stream's */
  GSocketAddress      *remote;      /* the key: libsoup hands it back with each request */
  guint                timeout;     /* clock id */
  gboolean             reading_body;
} Connection;

/* A request body as it arrives, kept only while it stays within the limits. */
typedef struct
{
  RedialWebhookServer *server;  /* weak: its count of what is kept */
  GByteArray          *data;    /* NULL once refused */
} Body;

static void
route_free (gpointer data)
{
  Route *route = data;

  if (route->destroy != NULL)
    route->destroy (route->user_data);
  g_free (route->signature_header);
  g_free (route);
}

/* Forgets what was kept of @body: its request is answered without it. */
static void
body_drop (Body *body)
{
  if (body->data != NULL && body->server != NULL)
    body->server->buffered -= body->data->len;
  g_clear_pointer (&body->data, g_byte_array_unref);
}

static void
body_free (gpointer data)
{
  Body *body = data;

  body_drop (body);
  g_clear_weak_pointer (&body->server);
  g_free (body);
}

void
redial_webhook_server_reply (SoupServerMessage *msg,
                             guint              status,
                             const char        *text)
{
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  soup_server_message_set_status (msg, status, NULL);
  if (text != NULL)
    {
      g_autofree char *line = g_strconcat (text, "\n", NULL);
      gsize length = strlen (line);

      soup_server_message_set_response (msg, "text/plain; charset=utf-8", SOUP_MEMORY_TAKE,
                                        g_steal_pointer (&line), length);
    }
}

/* Connections */

static void start_accepting (RedialWebhookServer *self);

static gboolean
on_connection_timeout (gpointer user_data)
{
  Connection *connection = user_data;

  connection->timeout = 0;
  g_debug ("Webhook: closing a connection that took too long to send its %s",
           connection->reading_body ? "body" : "request");
  /* libsoup reads the end of the stream and drops the connection itself. */
  g_socket_shutdown (connection->socket, TRUE, TRUE, NULL);
  return G_SOURCE_REMOVE;
}

static void
connection_set_timeout (Connection *connection,
                        gint64      delay_us)
{
  RedialWebhookServer *self = connection->server;

  redial_clock_clear (self->clock, &connection->timeout);
  if (delay_us > 0)
    connection->timeout = redial_clock_schedule (self->clock, delay_us, on_connection_timeout,
                                                 connection, NULL);
}

static void
connection_free (gpointer data)
{
  Connection *connection = data;

  g_assert (connection->stream == NULL);
  redial_clock_clear (connection->server->clock, &connection->timeout);
  g_clear_object (&connection->remote);
  g_free (connection);
}

static Connection *
find_connection (RedialWebhookServer *self,
                 SoupServerMessage   *msg)
{
  /* libsoup 3.2 gives no socket for a connection handed to it, but keeps
   * the address object it was given. */
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);

  return remote != NULL ? g_hash_table_lookup (self->connections, remote) : NULL;
}

static void
on_stream_gone (gpointer  user_data,
                GObject  *where_the_stream_was)
{
  Connection *connection = user_data;
  RedialWebhookServer *self = connection->server;

  connection->stream = NULL;
  g_hash_table_remove (self->connections, connection->remote);

  /* A descriptor is free again. */
  if (self->accept_source == NULL && self->listener != NULL)
    start_accepting (self);
}

static void
log_refused (RedialWebhookServer *self)
{
  gint64 now = redial_clock_now (self->clock);

  self->n_refused++;
  if (self->refused_logged_at != 0 && now - self->refused_logged_at < REFUSED_LOG_US)
    return;

  g_message ("Webhook: %u connection(s) closed on arrival: %u are open already, the most allowed",
             self->n_refused, self->max_connections);
  self->n_refused = 0;
  self->refused_logged_at = now;
}

static void
take_connection (RedialWebhookServer *self,
                 GSocket             *socket)
{
  g_autoptr(GSocketConnection) stream = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autoptr(GError) error = NULL;
  Connection *connection;

  if (g_hash_table_size (self->connections) >= self->max_connections)
    {
      log_refused (self);
      g_socket_close (socket, NULL);
      return;
    }

  local = g_socket_get_local_address (socket, NULL);
  remote = g_socket_get_remote_address (socket, NULL);
  if (local == NULL || remote == NULL)
    {
      /* Gone already. */
      g_socket_close (socket, NULL);
      return;
    }

  stream = g_socket_connection_factory_create_connection (socket);
  connection = g_new0 (Connection, 1);
  connection->server = self;
  connection->stream = stream;
  connection->socket = socket;
  connection->remote = g_object_ref (remote);
  g_object_weak_ref (G_OBJECT (stream), on_stream_gone, connection);
  g_hash_table_insert (self->connections, remote, connection);
  connection_set_timeout (connection, self->header_timeout_us);

  if (!soup_server_accept_iostream (self->server, G_IO_STREAM (stream), local, remote, &error))
    {
      g_debug ("Webhook: a connection could not be taken: %s", error->message);
      g_io_stream_close (G_IO_STREAM (stream), NULL, NULL);
    }
}

static void
pause_accepting (RedialWebhookServer *self,
                 const GError        *error);

static gboolean
on_incoming (GSocket      *listener,
             GIOCondition  condition,
             gpointer      user_data)
{
  RedialWebhookServer *self = user_data;

  for (guint i = 0; i < ACCEPTS_PER_TURN; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) socket = g_socket_accept (listener, NULL, &error);

      if (socket == NULL)
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            break;
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES) ||
              g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE) ||
              g_error_matches (error, G_IO_ERROR, G_IO_ERROR_FAILED))
            {
              /* The pending connections stay queued until descriptors free up. */
              pause_accepting (self, error);
              return G_SOURCE_REMOVE;
            }
          /* One client gave up before it was taken: take the next. */
          g_debug ("Webhook: accepting a connection failed: %s", error->message);
          continue;
        }

      if (self->out_of_fds)
        {
          self->out_of_fds = FALSE;
          g_message ("Webhook: accepting connections again");
        }
      take_connection (self, socket);
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
on_accept_retry (gpointer user_data)
{
  RedialWebhookServer *self = user_data;

  self->accept_retry = 0;
  start_accepting (self);
  return G_SOURCE_REMOVE;
}

static void
pause_accepting (RedialWebhookServer *self,
                 const GError        *error)
{
  /* The source returns G_SOURCE_REMOVE: only forget it here. */
  g_clear_pointer (&self->accept_source, g_source_unref);

  if (!self->out_of_fds)
    {
      self->out_of_fds = TRUE;
      g_message ("Webhook: new connections wait: %s; accepting again when a connection closes",
                 error->message);
    }

  if (self->accept_retry == 0)
    self->accept_retry = redial_clock_schedule (self->clock, ACCEPT_RETRY_US, on_accept_retry, self, NULL);
}

static void
start_accepting (RedialWebhookServer *self)
{
  g_assert (self->listener != NULL);

  redial_clock_clear (self->clock, &self->accept_retry);
  if (self->accept_source != NULL)
    return;

  self->accept_source = g_socket_create_source (self->listener, G_IO_IN, NULL);
  g_source_set_callback (self->accept_source, G_SOURCE_FUNC (on_incoming), self, NULL);
  g_source_set_name (self->accept_source, "[redial] webhook accept");
  g_source_attach (self->accept_source, g_main_context_get_thread_default ());
}

static void
stop_accepting (RedialWebhookServer *self)
{
  if (self->accept_source != NULL)
    {
      g_source_destroy (self->accept_source);
      g_clear_pointer (&self->accept_source, g_source_unref);
    }
  if (self->clock != NULL)
    redial_clock_clear (self->clock, &self->accept_retry);
  if (self->listener != NULL)
    g_socket_close (self->listener, NULL);
  g_clear_object (&self->listener);
  self->out_of_fds = FALSE;
}

/* Forgets every connection without waiting for libsoup to drop it. */
static void
forget_connections (RedialWebhookServer *self)
{
  GHashTableIter iter;
  Connection *connection;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &connection))
    {
      if (connection->stream != NULL)
        g_object_weak_unref (G_OBJECT (connection->stream), on_stream_gone, connection);
      connection->stream = NULL;
      g_hash_table_iter_remove (&iter);
    }
}

static void
set_phase (RedialWebhookServer *self,
           SoupServerMessage   *msg,
           gint64               timeout_us)
{
  Connection *connection = find_connection (self, msg);

  if (connection == NULL)
    return;
  connection->reading_body = FALSE;
  connection_set_timeout (connection, timeout_us);
}

/* A new request begins, or an answer is out and the connection may wait
 * for the next one: the request headers get their time. */
static void
on_awaiting_request (SoupServer        *server,
                     SoupServerMessage *msg,
                     gpointer           user_data)
{
  RedialWebhookServer *self = user_data;

  set_phase (self, msg, self->header_timeout_us);
}

/* The whole request is in: the handler answers at once. */
static void
on_request_read (SoupServer        *server,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  set_phase (user_data, msg, 0);
}

/* Requests */

/* libsoup 3.2 reads a whole request body before it sends any answer, even
 * one decided from the headers. A refusal is written here at once
 * instead and the sending side closed; what the client still sends is
 * read and dropped, never kept, until it stops or its time is up. */
static void
refuse (RedialWebhookServer *self,
        Connection          *connection,
        SoupServerMessage   *msg,
        guint                status,
        const char          *text)
{
  g_autofree char *line = g_strconcat (text, "\n", NULL);
  g_autoptr(GString) answer = g_string_new (NULL);

  redial_webhook_server_reply (msg, status, text);
  if (connection == NULL)
    return;

  g_string_append_printf (answer, "HTTP/1.1 %u %s\r\n", status, soup_status_get_phrase (status));
  if (status == SOUP_STATUS_METHOD_NOT_ALLOWED)
    g_string_append (answer, "Allow: POST\r\n");
  g_string_append_printf (answer, "Content-Type: text/plain; charset=utf-8\r\n"
                                  "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                  "Connection: close\r\n\r\n%s",
                          strlen (line), line);
  /* A few hundred bytes on a connection with nothing else to send: the
   * socket's buffer takes them whole. */
  g_socket_send_with_blocking (connection->socket, answer->str, answer->len, FALSE, NULL, NULL);
  g_socket_shutdown (connection->socket, FALSE, TRUE, NULL);
  connection->reading_body = TRUE;
  connection_set_timeout (connection, self->body_timeout_us);
}

static void
on_got_chunk (SoupServerMessage   *msg,
              GBytes              *chunk,
              RedialWebhookServer *self)
{
  Body *body = g_object_get_data (G_OBJECT (msg), BODY_KEY);
  gsize size = g_bytes_get_size (chunk);

  if (body == NULL || body->data == NULL)
    return;

  /* Refused at once, the rest is read and dropped: memory stays bounded
   * whatever the sender goes on sending. */
  if (size > REDIAL_WEBHOOK_SERVER_MAX_BODY - body->data->len)
    {
      g_message ("Webhook: %s sent more than %d bytes; the request was refused",
                 soup_server_message_get_remote_host (msg), REDIAL_WEBHOOK_SERVER_MAX_BODY);
      body_drop (body);
      refuse (self, find_connection (self, msg), msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
              _("The request body is too large."));
      return;
    }
  if (size > REDIAL_WEBHOOK_SERVER_MAX_BUFFERED - self->buffered)
    {
      g_debug ("Webhook: %s sent a body while %" G_GSIZE_FORMAT " bytes are kept already; refused",
               soup_server_message_get_remote_host (msg), self->buffered);
      body_drop (body);
      refuse (self, find_connection (self, msg), msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
              _("Redial is busy; try again shortly."));
      return;
    }

  g_byte_array_append (body->data, g_bytes_get_data (chunk, NULL), size);
  self->buffered += size;
}

/* Runs once the request headers are in, before any of the body is read. */
static void
on_early_request (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  RedialWebhookServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *host = soup_server_message_get_remote_host (msg);
  Connection *connection = find_connection (self, msg);
  Route *route;
  Body *body;

  /* libsoup would keep the whole body otherwise; it is collected below,
   * within the limit, for every request, wanted or not. */
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);

  route = g_hash_table_lookup (self->handlers, path);
  if (route == NULL)
    {
      g_message ("Webhook: %s asked for %s, which Redial does not serve", host, path);
      refuse (self, connection, msg, SOUP_STATUS_NOT_FOUND, _("Nothing is served at this address."));
      return;
    }

  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    {
      g_message ("Webhook: %s sent a %s request to %s; only POST is accepted",
                 host, soup_server_message_get_method (msg), path);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "POST");
      refuse (self, connection, msg, SOUP_STATUS_METHOD_NOT_ALLOWED, _("Only POST is accepted here."));
      return;
    }

  /* Unsigned, a request is refused before it can make Redial keep anything. */
  if (soup_message_headers_get_one (headers, route->signature_header) == NULL)
    {
      g_autofree char *reason = g_strdup_printf (_("The %s header is missing."), route->signature_header);

      g_debug ("Webhook: %s sent a request to %s without %s", host, path, route->signature_header);
      refuse (self, connection, msg, SOUP_STATUS_UNAUTHORIZED, reason);
      return;
    }

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > REDIAL_WEBHOOK_SERVER_MAX_BODY)
    {
      g_message ("Webhook: %s sent %" G_GINT64_FORMAT " bytes to %s, more than the %d allowed",
                 host, soup_message_headers_get_content_length (headers), path,
                 REDIAL_WEBHOOK_SERVER_MAX_BODY);
      refuse (self, connection, msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, _("The request body is too large."));
      return;
    }

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset) (REDIAL_WEBHOOK_SERVER_MAX_BUFFERED - self->buffered))
    {
      g_debug ("Webhook: %s announced a body while %" G_GSIZE_FORMAT " bytes are kept already; refused",
               host, self->buffered);
      refuse (self, connection, msg, SOUP_STATUS_SERVICE_UNAVAILABLE, _("Redial is busy; try again shortly."));
      return;
    }

  if (connection != NULL)
    {
      connection->reading_body = TRUE;
      connection_set_timeout (connection, self->body_timeout_us);
    }

  body = g_new0 (Body, 1);
  g_set_weak_pointer (&body->server, self);
  body->data = g_byte_array_new ();
  g_object_set_data_full (G_OBJECT (msg), BODY_KEY, body, body_free);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_got_chunk), self);
}

/* Runs once the whole request has been read, unless the early handler
 * already answered it. */
static void
on_request (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  RedialWebhookServer *self = user_data;
  Body *body = g_object_get_data (G_OBJECT (msg), BODY_KEY);
  g_autoptr(GBytes) bytes = NULL;
  Route *route;

  if (soup_server_message_get_status (msg) != 0)
    return;

  route = g_hash_table_lookup (self->handlers, path);
  if (body == NULL || body->data == NULL || route == NULL)
    {
      /* The route went away while the body was arriving. */
      redial_webhook_server_reply (msg, SOUP_STATUS_NOT_FOUND, _("Nothing is served at this address."));
      return;
    }

  self->buffered -= body->data->len;
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&body->data));
  route->handler (self, msg, bytes, route->user_data);

  if (soup_server_message_get_status (msg) == 0)
    {
      g_critical ("The webhook handler for %s gave no answer", path);
      redial_webhook_server_reply (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
    }
}

static guint
find_bound_port (GSocket *listener)
{
  g_autoptr(GSocketAddress) address = g_socket_get_local_address (listener, NULL);

  if (G_IS_INET_SOCKET_ADDRESS (address))
    return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
  return 0;
}

/* Listens itself rather than through soup_server_listen(): libsoup 3.2
 * stops accepting for good after its first failed accept (out of file
 * descriptors, say) and bounds neither connections nor time. */
static GSocket *
listen_on (GSocketAddress  *address,
           GError         **error)
{
  g_autoptr(GSocket) listener = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                                              G_SOCKET_PROTOCOL_TCP, error);

  if (listener == NULL)
    return NULL;

  g_socket_set_blocking (listener, FALSE);
  g_socket_set_listen_backlog (listener, LISTEN_BACKLOG);
  if (!g_socket_bind (listener, address, TRUE, error) || !g_socket_listen (listener, error))
    return NULL;
  return g_steal_pointer (&listener);
}

static void
redial_webhook_server_dispose (GObject *object)
{
  RedialWebhookServer *self = REDIAL_WEBHOOK_SERVER (object);

  stop_accepting (self);
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  forget_connections (self);
  g_clear_object (&self->server);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (redial_webhook_server_parent_class)->dispose (object);
}

static void
redial_webhook_server_finalize (GObject *object)
{
  RedialWebhookServer *self = REDIAL_WEBHOOK_SERVER (object);

  g_hash_table_unref (self->handlers);
  g_hash_table_unref (self->connections);
  g_free (self->address);

  G_OBJECT_CLASS (redial_webhook_server_parent_class)->finalize (object);
}

static void
redial_webhook_server_class_init (RedialWebhookServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = redial_webhook_server_dispose;
  object_class->finalize = redial_webhook_server_finalize;
}

static void
redial_webhook_server_init (RedialWebhookServer *self)
{
  self->handlers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, route_free);
  self->connections = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, connection_free);
  self->clock = redial_real_clock_new ();
  self->max_connections = REDIAL_WEBHOOK_SERVER_MAX_CONNECTIONS;
  self->header_timeout_us = REDIAL_WEBHOOK_SERVER_HEADER_TIMEOUT;
  self->body_timeout_us = REDIAL_WEBHOOK_SERVER_BODY_TIMEOUT;
  self->server = soup_server_new ("server-header", "Redial/" PACKAGE_VERSION " ", NULL);
  soup_server_add_early_handler (self->server, NULL, on_early_request, self, NULL);
  soup_server_add_handler (self->server, NULL, on_request, self, NULL);
  g_signal_connect (self->server, "request-started", G_CALLBACK (on_awaiting_request), self);
  g_signal_connect (self->server, "request-read", G_CALLBACK (on_request_read), self);
  g_signal_connect (self->server, "request-finished", G_CALLBACK (on_awaiting_request), self);
}

RedialWebhookServer *
redial_webhook_server_new (const char *address,
                           guint       port)
{
  RedialWebhookServer *self;

  g_return_val_if_fail (address != NULL, NULL);
  g_return_val_if_fail (port <= G_MAXUINT16, NULL);

  self = g_object_new (REDIAL_TYPE_WEBHOOK_SERVER, NULL);
  self->address = g_strdup (address);
  self->port = port;
  return self;
}

static gboolean
invalid (GError     **error,
         const char  *source,
         const char  *key,
         const char  *reason)
{
  return redial_settings_invalid (error, REDIAL_WEBHOOK_SERVER_ERROR, REDIAL_WEBHOOK_SERVER_ERROR_INVALID, source, "webhook", key, reason);
}

static gboolean
read_string (GKeyFile    *keyfile,
             const char  *source,
             const char  *key,
             char       **out,
             GError     **error)
{
  return redial_settings_read_string (keyfile, source, "webhook", key, out, REDIAL_WEBHOOK_SERVER_ERROR, REDIAL_WEBHOOK_SERVER_ERROR_INVALID, error);
}

RedialWebhookServer *
redial_webhook_server_new_from_keyfile (GKeyFile    *keyfile,
                                        const char  *source,
                                        GError     **error)
{
  g_autofree char *address = NULL;
  g_autofree char *port_text = NULL;
  g_auto(GStrv) keys = NULL;
  guint64 port = REDIAL_WEBHOOK_SERVER_DEFAULT_PORT;

  g_return_val_if_fail (keyfile != NULL, NULL);
  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  keys = g_key_file_get_keys (keyfile, "webhook", NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    if (!g_strv_contains (webhook_keys, keys[i]))
      g_message ("%s: ignoring unknown setting [webhook] %s", source, keys[i]);

  if (!read_string (keyfile, source, "address", &address, error) ||
      !read_string (keyfile, source, "port", &port_text, error))
    return NULL;

  if (address == NULL)
    address = g_strdup (REDIAL_WEBHOOK_SERVER_DEFAULT_ADDRESS);
  else
    {
      g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);

      if (inet == NULL)
        {
          invalid (error, source, "address",
                   _("expected an IP address such as “127.0.0.1” (this computer only) or “0.0.0.0” (every network)"));
          return NULL;
        }
    }

  if (port_text != NULL && !g_ascii_string_to_unsigned (port_text, 10, 1, G_MAXUINT16, &port, NULL))
    {
      invalid (error, source, "port", _("expected a port number between 1 and 65535"));
      return NULL;
    }

  return redial_webhook_server_new (address, (guint) port);
}

void
redial_webhook_server_set_clock (RedialWebhookServer *self,
                                 RedialClock         *clock)
{
  g_return_if_fail (REDIAL_IS_WEBHOOK_SERVER (self));
  g_return_if_fail (REDIAL_IS_CLOCK (clock));
  g_return_if_fail (self->n_holds == 0);

  g_set_object (&self->clock, clock);
}

void
redial_webhook_server_set_limits (RedialWebhookServer *self,
                                  guint                max_connections,
                                  gint64               header_timeout_us,
                                  gint64               body_timeout_us)
{
  g_return_if_fail (REDIAL_IS_WEBHOOK_SERVER (self));
  g_return_if_fail (max_connections > 0);
  g_return_if_fail (header_timeout_us > 0 && body_timeout_us > 0);
  g_return_if_fail (self->n_holds == 0);

  self->max_connections = max_connections;
  self->header_timeout_us = header_timeout_us;
  self->body_timeout_us = body_timeout_us;
}

void
redial_webhook_server_add_handler (RedialWebhookServer  *self,
                                   const char           *path,
                                   const char           *signature_header,
                                   RedialWebhookHandler  handler,
                                   gpointer              user_data,
                                   GDestroyNotify        destroy)
{
  Route *route;

  g_return_if_fail (REDIAL_IS_WEBHOOK_SERVER (self));
  g_return_if_fail (path != NULL && path[0] == '/');
  g_return_if_fail (signature_header != NULL);
  g_return_if_fail (handler != NULL);

  route = g_new0 (Route, 1);
  route->signature_header = g_strdup (signature_header);
  route->handler = handler;
  route->user_data = user_data;
  route->destroy = destroy;
  g_hash_table_replace (self->handlers, g_strdup (path), route);
}

void
redial_webhook_server_remove_handler (RedialWebhookServer *self,
                                      const char          *path)
{
  g_return_if_fail (REDIAL_IS_WEBHOOK_SERVER (self));
  g_return_if_fail (path != NULL);

  g_hash_table_remove (self->handlers, path);
}

gboolean
redial_webhook_server_hold (RedialWebhookServer  *self,
                            GError              **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (REDIAL_IS_WEBHOOK_SERVER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->n_holds > 0)
    {
      self->n_holds++;
      return TRUE;
    }

  inet = g_inet_address_new_from_string (self->address);
  if (inet == NULL)
    {
      g_set_error (error, REDIAL_WEBHOOK_SERVER_ERROR, REDIAL_WEBHOOK_SERVER_ERROR_LISTEN,
                   _("“%s” is not an IP address"), self->address);
      return FALSE;
    }

  address = g_inet_socket_address_new (inet, self->port);
  self->listener = listen_on (address, &local_error);
  if (self->listener == NULL)
    {
      g_set_error (error, REDIAL_WEBHOOK_SERVER_ERROR, REDIAL_WEBHOOK_SERVER_ERROR_LISTEN,
                   _("Cannot listen on %s port %u: %s"), self->address, self->port, local_error->message);
      return FALSE;
    }

  self->bound_port = find_bound_port (self->listener);
  self->n_holds = 1;
  start_accepting (self);
  g_message ("Webhook server listening on %s port %u", self->address, self->bound_port);
  return TRUE;
}

void
redial_webhook_server_release (RedialWebhookServer *self)
{
  g_return_if_fail (REDIAL_IS_WEBHOOK_SERVER (self));
  g_return_if_fail (self->n_holds > 0);

  if (--self->n_holds > 0)
    return;

  stop_accepting (self);
  soup_server_disconnect (self->server);
  self->bound_port = 0;
  g_message ("Webhook server stopped");
}

gboolean
redial_webhook_server_is_listening (RedialWebhookServer *self)
{
  g_return_val_if_fail (REDIAL_IS_WEBHOOK_SERVER (self), FALSE);
  return self->n_holds > 0;
}

const char *
redial_webhook_server_get_address (RedialWebhookServer *self)
{
  g_return_val_if_fail (REDIAL_IS_WEBHOOK_SERVER (self), NULL);
  return self->address;
}

guint
redial_webhook_server_get_port (RedialWebhookServer *self)
{
  g_return_val_if_fail (REDIAL_IS_WEBHOOK_SERVER (self), 0);
  return self->n_holds > 0 ? self->bound_port : self->port;
}

guint
redial_webhook_server_get_n_connections (RedialWebhookServer *self)
{
  g_return_val_if_fail (REDIAL_IS_WEBHOOK_SERVER (self), 0);
  return g_hash_table_size (self->connections);
}
