/* http-client.c: a blocking-looking HTTP client for tests that turns the main loop while it waits. */
#include "config.h"

#include "http-client.h"

#define DEADLINE_US (10 * G_USEC_PER_SEC)

typedef struct
{
  gboolean  done;
  guint     status;
  GBytes   *body;
} Pending;

void
http_reply_free (HttpReply *reply)
{
  g_free (reply->body);
  g_free (reply);
}

void
http_wait_until (const gboolean *done)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_US;

  while (!*done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Pending *pending = user_data;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;

  pending->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  pending->status = pending->body != NULL ? soup_message_get_status (message) : 0;
  if (error != NULL)
    g_debug ("Test request failed: %s", error->message);
  pending->done = TRUE;
}

static HttpReply *
send_message (SoupMessage        *message,
              const char * const *headers)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  Pending pending = { FALSE, 0, NULL };
  HttpReply *reply;

  for (guint i = 0; headers != NULL && headers[i] != NULL; i += 2)
    soup_message_headers_replace (soup_message_get_request_headers (message), headers[i], headers[i + 1]);

  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, on_sent, &pending);
  http_wait_until (&pending.done);

  reply = g_new0 (HttpReply, 1);
  reply->status = pending.status;
  reply->body = pending.body != NULL
    ? g_strndup (g_bytes_get_data (pending.body, NULL), g_bytes_get_size (pending.body))
    : g_strdup ("");
  g_clear_pointer (&pending.body, g_bytes_unref);
  return reply;
}

HttpReply *
http_send (const char         *method,
           const char         *url,
           const char         *content_type,
           GBytes             *body,
           const char * const *headers)
{
  g_autoptr(SoupMessage) message = soup_message_new (method, url);

  g_assert_nonnull (message);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (message, content_type, body);
  else if (content_type != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (message), "Content-Type", content_type);

  return send_message (message, headers);
}

HttpReply *
http_send_chunked (const char         *url,
                   const char         *content_type,
                   GBytes             *body,
                   const char * const *headers)
{
  g_autoptr(SoupMessage) message = soup_message_new ("POST", url);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (body);

  /* A stream of unknown length goes out chunked. */
  soup_message_set_request_body (message, content_type, stream, -1);
  return send_message (message, headers);
}
