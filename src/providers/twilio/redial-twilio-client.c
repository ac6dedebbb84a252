/* redial-twilio-client.c: one client for Twilio's REST API, shared by SMS and voice.
 *
 * Follows Twilio's REST API reference: Basic authentication with the
 * Account SID and auth token, JSON answers, paging by next_page_uri, and
 * the error JSON ({"code", "message", "more_info", "status"}). */
#include "config.h"

#define G_LOG_DOMAIN "redial-twilio"

#include <glib/gi18n.h>

#include "redial-json.h"
#include "redial-secret.h"
#include "redial-twilio-client.h"
#include "redial-twilio-errors.h"

/* Each request gets this long, on the clock, to be answered. */
#define REQUEST_TIMEOUT_US  (30 * G_USEC_PER_SEC)
#define MAX_RESPONSE_BYTES  (2 * 1024 * 1024)
#define MAX_RETRY_AFTER_US  (15 * 60 * G_USEC_PER_SEC)
#define READ_CHUNK          65536
/* A list is an object holding an array of flat objects, whose
 * subresource_uris is one level deeper. */
#define MAX_JSON_DEPTH      8
#define MAX_SID_BYTES       64
#define MAX_NEXT_PAGE_BYTES 4096

struct _RedialTwilioClient
{
  GObject       parent_instance;

  RedialClock  *clock;
  SoupSession  *session;
  char         *base_url;       /* without a trailing "/" */
  char         *origin;         /* scheme://host[:port] of base_url */
  char         *host;
  char         *account_sid;
  char         *token;          /* wiped when freed */
  char         *authorization;  /* "Basic …", wiped when freed */
  GHashTable   *requests;       /* Request, under way */
};

G_DEFINE_FINAL_TYPE (RedialTwilioClient, redial_twilio_client, G_TYPE_OBJECT)

typedef struct
{
  RedialTwilioClient *client;  /* unowned: NULL once cancelled */
  SoupMessage        *message;
  GCancellable       *cancellable;
  GInputStream       *stream;
  GByteArray         *body;
  guint               timeout;
  gboolean            timed_out;
  gboolean            wrote_body;
  RedialTwilioDone    done;
  gpointer            data;
  GDestroyNotify      data_free;
} Request;

/* Helpers */

gboolean
redial_twilio_is_sid (const char *text)
{
  gsize length;

  if (text == NULL)
    return FALSE;
  length = strlen (text);
  if (length < 2 || length > MAX_SID_BYTES)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

gboolean
redial_twilio_parse_date (const char *text,
                          gint64     *out)
{
  g_autoptr(GDateTime) date = NULL;

  if (text == NULL || *text == '\0' || strlen (text) > 64)
    return FALSE;
  date = soup_date_time_new_from_http_string (text);
  if (date == NULL)
    return FALSE;
  *out = g_date_time_to_unix (date) * G_USEC_PER_SEC + g_date_time_get_microsecond (date);
  return TRUE;
}

const char *
redial_twilio_json_string (JsonObject *object,
                           const char *name)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

guint
redial_twilio_json_code (JsonObject *object,
                         const char *name)
{
  JsonNode *node;
  guint64 value = 0;

  if (object == NULL)
    return 0;
  node = json_object_get_member (object, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      gint64 number = json_node_get_int (node);
      return number > 0 && number < G_MAXINT ? (guint) number : 0;
    }
  if (json_node_get_value_type (node) == G_TYPE_STRING &&
      g_ascii_string_to_unsigned (json_node_get_string (node), 10, 1, G_MAXINT, &value, NULL))
    return (guint) value;
  return 0;
}

void
redial_twilio_append_param (GString    *form,
                            const char *key,
                            const char *value)
{
  g_autofree char *escaped_key = NULL;
  g_autofree char *escaped_value = NULL;

  g_return_if_fail (form != NULL && key != NULL && value != NULL);

  escaped_key = g_uri_escape_string (key, NULL, FALSE);
  escaped_value = g_uri_escape_string (value, NULL, FALSE);
  if (form->len > 0)
    g_string_append_c (form, '&');
  g_string_append_printf (form, "%s=%s", escaped_key, escaped_value);
}

JsonObject *
redial_twilio_response_get_object (RedialTwilioResponse *response)
{
  g_return_val_if_fail (response != NULL, NULL);

  if (response->json == NULL || !JSON_NODE_HOLDS_OBJECT (response->json))
    return NULL;
  return json_node_get_object (response->json);
}

gboolean
redial_twilio_response_is_transient (RedialTwilioResponse *response)
{
  g_return_val_if_fail (response != NULL, FALSE);

  return response->status == 0 ||
         response->status == REDIAL_TWILIO_HTTP_TOO_MANY_REQUESTS ||
         response->status >= 500;
}

char *
redial_twilio_response_describe (RedialTwilioResponse *response)
{
  g_return_val_if_fail (response != NULL, NULL);

  if (response->status == 0)
    {
      /* The client's own words for a timeout or an oversized answer. */
      if (g_error_matches (response->error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
          g_error_matches (response->error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
        return g_strdup (response->error->message);
      return g_strdup_printf (_("Twilio cannot be reached: %s"),
                              response->error != NULL ? response->error->message : _("no answer"));
    }
  if (response->status >= 200 && response->status < 300)
    return g_strdup (_("Twilio’s answer could not be read"));
  if (response->status == REDIAL_TWILIO_HTTP_TOO_MANY_REQUESTS)
    return redial_twilio_error_describe (REDIAL_TWILIO_ERROR_TOO_MANY);
  if (response->status >= 500)
    return g_strdup_printf (_("Twilio had a problem (HTTP %u)"), response->status);
  if (response->code != 0)
    return redial_twilio_error_describe (response->code);
  return g_strdup_printf (_("Twilio answered HTTP %u"), response->status);
}

static gint64
parse_retry_after (RedialTwilioClient *self,
                   SoupMessage        *message)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                    "Retry-After");
  guint64 seconds;
  gint64 when;

  if (value == NULL)
    return -1;
  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT, &seconds, NULL))
    return MIN ((gint64) seconds * G_USEC_PER_SEC, MAX_RETRY_AFTER_US);

  /* Or an HTTP date. */
  if (redial_twilio_parse_date (value, &when))
    return CLAMP (when - redial_clock_now (self->clock), 0, MAX_RETRY_AFTER_US);
  return -1;
}

/* Requests */

static void
request_free (Request *request)
{
  if (request->data_free != NULL)
    request->data_free (request->data);
  g_clear_object (&request->message);
  g_clear_object (&request->cancellable);
  g_clear_object (&request->stream);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_free (request);
}

static void
request_finish (Request *request,
                GError  *error)
{
  RedialTwilioClient *self = request->client;
  RedialTwilioResponse response = { 0, };

  if (self == NULL)
    {
      /* Cancelled while it was under way. */
      g_clear_error (&error);
      request_free (request);
      return;
    }

  redial_clock_clear (self->clock, &request->timeout);
  g_hash_table_remove (self->requests, request);

  response.status = soup_message_get_status (request->message);
  response.reached = request->wrote_body || response.status != 0;
  response.retry_after = -1;

  if (request->timed_out)
    {
      g_clear_error (&error);
      error = g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                           _("Twilio did not answer within %d s"),
                           (int) (REQUEST_TIMEOUT_US / G_USEC_PER_SEC));
    }

  if (error != NULL)
    {
      /* An answer cut short is no answer. */
      response.status = 0;
      response.error = error;
    }
  else
    {
      response.retry_after = parse_retry_after (self, request->message);
      if (request->body->len > 0)
        response.json = redial_json_parse ((const char *) request->body->data, request->body->len,
                                           MAX_JSON_DEPTH, &response.json_error);
      if (response.json_error != NULL)
        g_debug ("Twilio answered %u with a body that is not JSON: %s",
                 response.status, response.json_error->message);

      if (response.status >= 400)
        response.code = redial_twilio_json_code (redial_twilio_response_get_object (&response), "code");
    }

  request->done (&response, request->data);

  g_clear_error (&response.error);
  g_clear_error (&response.json_error);
  g_clear_pointer (&response.json, json_node_unref);
  request_free (request);
}

static void
on_request_read (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (bytes == NULL)
    {
      request_finish (request, error);
      return;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      request_finish (request, NULL);
      return;
    }

  if (request->body->len + g_bytes_get_size (bytes) > MAX_RESPONSE_BYTES)
    {
      request_finish (request, g_error_new (G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                                            _("Twilio’s answer is larger than %d MB"),
                                            MAX_RESPONSE_BYTES / (1024 * 1024)));
      return;
    }

  g_byte_array_append (request->body, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_input_stream_read_bytes_async (request->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   request->cancellable, on_request_read, request);
}

static void
on_request_sent (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Request *request = user_data;
  GError *error = NULL;

  request->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (request->stream == NULL)
    {
      request_finish (request, error);
      return;
    }

  g_input_stream_read_bytes_async (request->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   request->cancellable, on_request_read, request);
}

static void
on_wrote_body (SoupMessage *message,
               Request     *request)
{
  request->wrote_body = TRUE;
}

static gboolean
on_request_timeout (gpointer user_data)
{
  Request *request = user_data;

  request->timeout = 0;
  request->timed_out = TRUE;
  g_cancellable_cancel (request->cancellable);
  return G_SOURCE_REMOVE;
}

static void
set_token (RedialTwilioClient *self,
           const char         *token)
{
  g_clear_pointer (&self->token, redial_secret_free);
  g_clear_pointer (&self->authorization, redial_secret_free);

  if (token != NULL)
    {
      char *pair = g_strdup_printf ("%s:%s", self->account_sid, token);
      char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));

      self->token = g_strdup (token);
      self->authorization = g_strconcat ("Basic ", encoded, NULL);
      redial_secret_free (pair);
      redial_secret_free (encoded);
    }
}

static void
redial_twilio_client_dispose (GObject *object)
{
  RedialTwilioClient *self = REDIAL_TWILIO_CLIENT (object);

  if (self->requests != NULL)
    redial_twilio_client_cancel_all (self);
  g_clear_object (&self->session);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (redial_twilio_client_parent_class)->dispose (object);
}

static void
redial_twilio_client_finalize (GObject *object)
{
  RedialTwilioClient *self = REDIAL_TWILIO_CLIENT (object);

  set_token (self, NULL);
  g_free (self->base_url);
  g_free (self->origin);
  g_free (self->host);
  g_free (self->account_sid);
  g_hash_table_unref (self->requests);

  G_OBJECT_CLASS (redial_twilio_client_parent_class)->finalize (object);
}

static void
redial_twilio_client_class_init (RedialTwilioClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = redial_twilio_client_dispose;
  object_class->finalize = redial_twilio_client_finalize;
}

static void
redial_twilio_client_init (RedialTwilioClient *self)
{
  self->requests = g_hash_table_new (g_direct_hash, g_direct_equal);
  /* Timeouts run on the Redial clock, not the session's own timer. */
  self->session = soup_session_new_with_options ("user-agent", "Redial/" PACKAGE_VERSION " ",
                                                 "max-conns-per-host", 8,
                                                 "timeout", 0,
                                                 NULL);
  /* The credentials go with every request; libsoup's own authentication
   * would retry with them on its own. */
  soup_session_remove_feature_by_type (self->session, SOUP_TYPE_AUTH_MANAGER);
}

RedialTwilioClient *
redial_twilio_client_new (RedialClock *clock,
                          const char  *base_url,
                          const char  *account_sid)
{
  RedialTwilioClient *self;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GUri) origin = NULL;

  g_return_val_if_fail (REDIAL_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (account_sid != NULL, NULL);

  uri = g_uri_parse (base_url, SOUP_HTTP_URI_FLAGS, NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  self = g_object_new (REDIAL_TYPE_TWILIO_CLIENT, NULL);
  self->clock = g_object_ref (clock);
  self->base_url = g_strdup (base_url);
  self->account_sid = g_strdup (account_sid);
  self->host = g_strdup (g_uri_get_host (uri));
  /* Only the origin is kept for paging: Twilio's next_page_uri is a path
   * from the server's root, path prefix included. */
  origin = g_uri_build (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL,
                        g_uri_get_host (uri), g_uri_get_port (uri), "", NULL, NULL);
  self->origin = g_uri_to_string (origin);
  return self;
}

void
redial_twilio_client_set_auth_token (RedialTwilioClient *self,
                                     const char         *token)
{
  g_return_if_fail (REDIAL_IS_TWILIO_CLIENT (self));
  set_token (self, token);
}

const char *
redial_twilio_client_get_auth_token (RedialTwilioClient *self)
{
  g_return_val_if_fail (REDIAL_IS_TWILIO_CLIENT (self), NULL);
  return self->token;
}

const char *
redial_twilio_client_get_host (RedialTwilioClient *self)
{
  g_return_val_if_fail (REDIAL_IS_TWILIO_CLIENT (self), NULL);
  return self->host;
}

const char *
redial_twilio_client_get_account_sid (RedialTwilioClient *self)
{
  g_return_val_if_fail (REDIAL_IS_TWILIO_CLIENT (self), NULL);
  return self->account_sid;
}

char *
redial_twilio_client_account_url (RedialTwilioClient *self,
                                  const char         *resource)
{
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (REDIAL_IS_TWILIO_CLIENT (self), NULL);
  g_return_val_if_fail (resource != NULL, NULL);

  escaped = g_uri_escape_string (self->account_sid, NULL, FALSE);
  return g_strdup_printf ("%s/2010-04-01/Accounts/%s/%s", self->base_url, escaped, resource);
}

void
redial_twilio_client_request (RedialTwilioClient *self,
                              const char         *method,
                              const char         *url,
                              const char         *form,
                              RedialTwilioDone    done,
                              gpointer            user_data,
                              GDestroyNotify      data_free)
{
  Request *request;
  SoupMessageHeaders *headers;

  g_return_if_fail (REDIAL_IS_TWILIO_CLIENT (self));
  g_return_if_fail (method != NULL && url != NULL && done != NULL);

  request = g_new0 (Request, 1);
  if (form != NULL)
    request->message = soup_message_new_from_encoded_form (method, url, g_strdup (form));
  else
    request->message = soup_message_new (method, url);
  g_assert (request->message != NULL);

  headers = soup_message_get_request_headers (request->message);
  if (self->authorization != NULL)
    soup_message_headers_replace (headers, "Authorization", self->authorization);
  soup_message_headers_replace (headers, "Accept", "application/json");

  request->client = self;
  request->cancellable = g_cancellable_new ();
  request->body = g_byte_array_new ();
  request->done = done;
  request->data = user_data;
  request->data_free = data_free;
  /* Twilio does not redirect; a redirect would carry the credentials
   * elsewhere. */
  soup_message_add_flags (request->message, SOUP_MESSAGE_NO_REDIRECT);
  g_signal_connect (request->message, "wrote-body", G_CALLBACK (on_wrote_body), request);
  request->timeout = redial_clock_schedule (self->clock, REQUEST_TIMEOUT_US, on_request_timeout, request, NULL);
  g_hash_table_add (self->requests, request);

  soup_session_send_async (self->session, request->message, G_PRIORITY_DEFAULT,
                           request->cancellable, on_request_sent, request);
}

void
redial_twilio_client_cancel_all (RedialTwilioClient *self)
{
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (REDIAL_IS_TWILIO_CLIENT (self));

  /* Each finishes later, on its own, and finds no client. */
  g_hash_table_iter_init (&iter, self->requests);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      Request *request = key;

      redial_clock_clear (self->clock, &request->timeout);
      request->client = NULL;
      g_cancellable_cancel (request->cancellable);
    }
  g_hash_table_remove_all (self->requests);
}

guint
redial_twilio_client_get_n_requests (RedialTwilioClient *self)
{
  g_return_val_if_fail (REDIAL_IS_TWILIO_CLIENT (self), 0);
  return g_hash_table_size (self->requests);
}

gboolean
redial_twilio_client_next_page (RedialTwilioClient  *self,
                                JsonObject          *page,
                                const char          *path_suffix,
                                char               **url)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *text = NULL;
  JsonNode *node;
  const char *next;

  g_return_val_if_fail (REDIAL_IS_TWILIO_CLIENT (self), FALSE);
  g_return_val_if_fail (url != NULL, FALSE);

  *url = NULL;
  node = page != NULL ? json_object_get_member (page, "next_page_uri") : NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  next = redial_twilio_json_string (page, "next_page_uri");
  if (next == NULL)
    {
      g_message ("Twilio’s next page is not a string; stopping there");
      return FALSE;
    }
  if (*next == '\0')
    return TRUE;

  if (next[0] != '/' || next[1] == '/' || strlen (next) > MAX_NEXT_PAGE_BYTES ||
      strpbrk (next, " \t\r\n\\#") != NULL)
    {
      g_message ("Twilio’s next page “%.64s” is not a path on its server; stopping there", next);
      return FALSE;
    }

  text = g_strconcat (self->origin, next, NULL);
  uri = g_uri_parse (text, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || (path_suffix != NULL && !g_str_has_suffix (g_uri_get_path (uri), path_suffix)))
    {
      g_message ("Twilio’s next page “%.64s” is not on the same list; stopping there", next);
      return FALSE;
    }

  *url = g_steal_pointer (&text);
  return TRUE;
}
