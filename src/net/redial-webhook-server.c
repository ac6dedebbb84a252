/* redial-webhook-server.c: Redial's one HTTP server, shared by the backends that receive webhooks. */
#include "config.h"

#define G_LOG_DOMAIN "redial-net"

#include <glib/gi18n.h>

#include "redial-settings.h"
#include "redial-webhook-server.h"

/* The keys of [webhook]; the webhook phone system reads secret-file. */
static const char * const webhook_keys[] = { "address", "port", "secret-file", NULL };

#define BODY_KEY "redial-webhook-body"

struct _RedialWebhookServer
{
  GObject           parent_instance;

  SoupServer       *server;
  char             *address;
  guint             port;
  guint             bound_port;
  guint             n_holds;
  GHashTable       *handlers;  /* path → Route */
};

G_DEFINE_FINAL_TYPE (RedialWebhookServer, redial_webhook_server, G_TYPE_OBJECT)

G_DEFINE_QUARK (redial-webhook-server-error-quark, redial_webhook_server_error)

typedef struct
{
  RedialWebhookHandler  handler;
  gpointer              user_data;
  GDestroyNotify        destroy;
} Route;

/* A request body as it arrives, kept only while it stays within the limit. */
typedef struct
{
  GByteArray *data;
  gboolean    too_large;
} Body;

static void
route_free (gpointer data)
{
  Route *route = data;

  if (route->destroy != NULL)
    route->destroy (route->user_data);
  g_free (route);
}

static void
body_free (gpointer data)
{
  Body *body = data;

  g_clear_pointer (&body->data, g_byte_array_unref);
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

static void
on_got_chunk (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  Body *body = g_object_get_data (G_OBJECT (msg), BODY_KEY);
  gsize size = g_bytes_get_size (chunk);

  if (body == NULL || body->too_large)
    return;

  /* Past the limit the rest is read and dropped: the sender gets its 413
   * once it has finished, and memory stays bounded whatever it sends. */
  if (size > REDIAL_WEBHOOK_SERVER_MAX_BODY - body->data->len)
    {
      body->too_large = TRUE;
      g_clear_pointer (&body->data, g_byte_array_unref);
      return;
    }

  g_byte_array_append (body->data, g_bytes_get_data (chunk, NULL), size);
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
  Body *body;

  /* libsoup would keep the whole body otherwise; it is collected below,
   * within the limit, for every request, wanted or not. */
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);

  if (!g_hash_table_contains (self->handlers, path))
    {
      g_message ("Webhook: %s asked for %s, which Redial does not serve", host, path);
      redial_webhook_server_reply (msg, SOUP_STATUS_NOT_FOUND, _("Nothing is served at this address."));
      return;
    }

  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    {
      g_message ("Webhook: %s sent a %s request to %s; only POST is accepted",
                 host, soup_server_message_get_method (msg), path);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "POST");
      redial_webhook_server_reply (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, _("Only POST is accepted here."));
      return;
    }

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > REDIAL_WEBHOOK_SERVER_MAX_BODY)
    {
      g_message ("Webhook: %s sent %" G_GINT64_FORMAT " bytes to %s, more than the %d allowed",
                 host, soup_message_headers_get_content_length (headers), path,
                 REDIAL_WEBHOOK_SERVER_MAX_BODY);
      redial_webhook_server_reply (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, _("The request body is too large."));
      return;
    }

  body = g_new0 (Body, 1);
  body->data = g_byte_array_new ();
  g_object_set_data_full (G_OBJECT (msg), BODY_KEY, body, body_free);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_got_chunk), NULL);
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
  if (body == NULL || route == NULL)
    {
      /* The route went away while the body was arriving. */
      redial_webhook_server_reply (msg, SOUP_STATUS_NOT_FOUND, _("Nothing is served at this address."));
      return;
    }

  if (body->too_large)
    {
      g_message ("Webhook: %s sent more than %d bytes to %s; the request was refused",
                 soup_server_message_get_remote_host (msg), REDIAL_WEBHOOK_SERVER_MAX_BODY, path);
      redial_webhook_server_reply (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, _("The request body is too large."));
      return;
    }

  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&body->data));
  route->handler (self, msg, bytes, route->user_data);

  if (soup_server_message_get_status (msg) == 0)
    {
      g_critical ("The webhook handler for %s gave no answer", path);
      redial_webhook_server_reply (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
    }
}

/* Read from the socket: libsoup 3.2's soup_server_get_uris() leaks. */
static guint
find_bound_port (SoupServer *server)
{
  GSList *listeners = soup_server_get_listeners (server);
  g_autoptr(GSocketAddress) address = NULL;
  guint port = 0;

  if (listeners != NULL)
    address = g_socket_get_local_address (listeners->data, NULL);
  if (G_IS_INET_SOCKET_ADDRESS (address))
    port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
  g_slist_free (listeners);
  return port;
}

static void
redial_webhook_server_dispose (GObject *object)
{
  RedialWebhookServer *self = REDIAL_WEBHOOK_SERVER (object);

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (redial_webhook_server_parent_class)->dispose (object);
}

static void
redial_webhook_server_finalize (GObject *object)
{
  RedialWebhookServer *self = REDIAL_WEBHOOK_SERVER (object);

  g_hash_table_unref (self->handlers);
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
  self->server = soup_server_new ("server-header", "Redial/" PACKAGE_VERSION " ", NULL);
  soup_server_add_early_handler (self->server, NULL, on_early_request, self, NULL);
  soup_server_add_handler (self->server, NULL, on_request, self, NULL);
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
redial_webhook_server_add_handler (RedialWebhookServer  *self,
                                   const char           *path,
                                   RedialWebhookHandler  handler,
                                   gpointer              user_data,
                                   GDestroyNotify        destroy)
{
  Route *route;

  g_return_if_fail (REDIAL_IS_WEBHOOK_SERVER (self));
  g_return_if_fail (path != NULL && path[0] == '/');
  g_return_if_fail (handler != NULL);

  route = g_new0 (Route, 1);
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
  if (!soup_server_listen (self->server, address, 0, &local_error))
    {
      g_set_error (error, REDIAL_WEBHOOK_SERVER_ERROR, REDIAL_WEBHOOK_SERVER_ERROR_LISTEN,
                   _("Cannot listen on %s port %u: %s"), self->address, self->port, local_error->message);
      return FALSE;
    }

  self->bound_port = find_bound_port (self->server);
  self->n_holds = 1;
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
