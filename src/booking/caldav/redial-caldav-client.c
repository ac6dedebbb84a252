/* redial-caldav-client.c: conditional PUTs of iCalendar objects into one CalDAV collection.
 *
 * Follows RFC 4791 §5.3.2 (creating calendar object resources, with
 * If-None-Match: * so that an object already there is never replaced)
 * and RFC 7232 (If-Match with the entity tag last seen, 412 when the
 * server's copy has changed since). A server may leave the ETag out of a
 * PUT's answer (RFC 4791 §5.3.4): the client then reads it with a GET. */
#include "config.h"

#define G_LOG_DOMAIN "redial-caldav"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "redial-caldav-client.h"
#include "redial-secret.h"

/* Each request gets this long, on the clock, to be answered. */
#define REQUEST_TIMEOUT_US (30 * G_USEC_PER_SEC)

struct _RedialCaldavClient
{
  GObject       parent_instance;

  RedialClock  *clock;
  SoupSession  *session;
  char         *collection;     /* ends in "/" */
  char         *username;
  char         *authorization;  /* "Basic …", wiped when freed */
};

G_DEFINE_FINAL_TYPE (RedialCaldavClient, redial_caldav_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (redial-caldav-error-quark, redial_caldav_error)

typedef struct
{
  RedialCaldavClient *client;
  char               *href;
  GCancellable       *cancellable;   /* ours: the timeout cancels it */
  GCancellable       *caller;        /* the caller's, or NULL */
  gulong              caller_id;
  guint               timeout;
  gboolean            timed_out;
  gboolean            reading_etag;  /* the GET after a PUT without an ETag */
} PutData;

/* What a GET brings back. */
typedef struct
{
  char *text;
  char *etag;
} Got;

/* Each object read back is one appointment: a few kilobytes. */
#define MAX_OBJECT_BYTES (1024 * 1024)

/* Helpers */

static void
got_free (Got *got)
{
  g_free (got->text);
  g_free (got->etag);
  g_free (got);
}

static void
put_data_free (PutData *data)
{
  redial_clock_clear (data->client->clock, &data->timeout);
  if (data->caller != NULL)
    g_cancellable_disconnect (data->caller, data->caller_id);
  g_clear_object (&data->caller);
  g_clear_object (&data->cancellable);
  g_clear_object (&data->client);
  g_free (data->href);
  g_free (data);
}

static void
on_caller_cancelled (GCancellable *caller,
                     gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static gboolean
on_request_timeout (gpointer user_data)
{
  PutData *data = user_data;

  data->timeout = 0;
  data->timed_out = TRUE;
  g_cancellable_cancel (data->cancellable);
  return G_SOURCE_REMOVE;
}

static SoupMessage *
new_message (RedialCaldavClient *self,
             const char         *method,
             const char         *href)
{
  SoupMessage *message = soup_message_new (method, href);
  SoupMessageHeaders *headers;

  if (message == NULL)
    return NULL;
  headers = soup_message_get_request_headers (message);
  if (self->authorization != NULL)
    soup_message_headers_replace (headers, "Authorization", self->authorization);
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  return message;
}

/* The error of an answer that is not a success, or NULL for a success. */
static GError *
error_for_status (guint status)
{
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    return NULL;
  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    return g_error_new (REDIAL_CALDAV_ERROR, REDIAL_CALDAV_ERROR_AUTH,
                        _("The calendar server refused the user name or password (HTTP %u): "
                          "check them in the settings."), status);
  if (status == SOUP_STATUS_PRECONDITION_FAILED)
    return g_error_new_literal (REDIAL_CALDAV_ERROR, REDIAL_CALDAV_ERROR_CONFLICT,
                                _("The appointment was changed in the calendar since Redial last wrote it."));
  if (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_GONE)
    return g_error_new (REDIAL_CALDAV_ERROR, REDIAL_CALDAV_ERROR_GONE,
                        _("The appointment is no longer in the calendar (HTTP %u)."), status);
  if (status >= 500)
    return g_error_new (REDIAL_CALDAV_ERROR, REDIAL_CALDAV_ERROR_TRANSIENT,
                        _("The calendar server had a problem (HTTP %u)."), status);
  return g_error_new (REDIAL_CALDAV_ERROR, REDIAL_CALDAV_ERROR_REFUSED,
                      _("The calendar server refused the appointment (HTTP %u)."), status);
}

static GError *
error_for_io (PutData *data,
              GError  *io_error)
{
  if (data->timed_out)
    return g_error_new (REDIAL_CALDAV_ERROR, REDIAL_CALDAV_ERROR_TRANSIENT,
                        _("The calendar server did not answer within %d seconds."),
                        (int) (REQUEST_TIMEOUT_US / G_USEC_PER_SEC));
  if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (io_error);
  return g_error_new (REDIAL_CALDAV_ERROR, REDIAL_CALDAV_ERROR_TRANSIENT,
                      _("The calendar server cannot be reached: %s"), io_error->message);
}

/* The state of a request to @href for @task, the timeout and the
 * caller's @cancellable wired to the request's own. */
static PutData *
put_data_new (GTask        *task,
              const char   *href,
              GCancellable *cancellable)
{
  PutData *data = g_new0 (PutData, 1);

  data->client = g_object_ref (g_task_get_source_object (task));
  data->href = g_strdup (href);
  data->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      data->caller = g_object_ref (cancellable);
      data->caller_id = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled),
                                               g_object_ref (data->cancellable), g_object_unref);
    }
  g_task_set_task_data (task, data, (GDestroyNotify) put_data_free);
  return data;
}

static void
start_timeout (PutData *data)
{
  redial_clock_clear (data->client->clock, &data->timeout);
  data->timeout = redial_clock_schedule (data->client->clock, REQUEST_TIMEOUT_US,
                                         on_request_timeout, data, NULL);
}

/* Callbacks */

static void on_sent (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data);

static void
send (GTask       *task,
      SoupMessage *message)
{
  PutData *data = g_task_get_task_data (task);

  start_timeout (data);
  soup_session_send_async (data->client->session, message, G_PRIORITY_DEFAULT,
                           data->cancellable, on_sent, task);
}

/* Whether @message, @answered (or not, with @io_error), was a success;
 * otherwise fails @task with why. */
static gboolean
check_answer (GTask        *task,
              SoupMessage  *message,
              gboolean      answered,
              GError       *io_error)
{
  PutData *data = g_task_get_task_data (task);
  GError *error;
  guint status;

  redial_clock_clear (data->client->clock, &data->timeout);
  if (!answered)
    {
      g_task_return_error (task, error_for_io (data, io_error));
      return FALSE;
    }
  status = soup_message_get_status (message);
  if ((error = error_for_status (status)) != NULL)
    {
      g_debug ("%s %s: HTTP %u", soup_message_get_method (message), data->href, status);
      g_task_return_error (task, error);
      return FALSE;
    }
  return TRUE;
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PutData *data = g_task_get_task_data (task);
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  const char *etag;

  stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  /* Only the headers matter: the body, whatever its size, is not read. */
  if (stream != NULL)
    g_input_stream_close (stream, NULL, NULL);
  if (!check_answer (task, message, stream != NULL, error))
    return;

  etag = soup_message_headers_get_one (soup_message_get_response_headers (message), "ETag");
  if (etag != NULL || data->reading_etag)
    {
      g_task_return_pointer (task, g_strdup (etag), g_free);
      return;
    }

  {
    g_autoptr(SoupMessage) get = new_message (data->client, SOUP_METHOD_GET, data->href);

    data->reading_etag = TRUE;
    send (g_steal_pointer (&task), get);
  }
}

static void
on_got (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  Got *got;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (!check_answer (task, message, body != NULL, error))
    return;
  if (g_bytes_get_size (body) > MAX_OBJECT_BYTES)
    {
      g_task_return_new_error (task, REDIAL_CALDAV_ERROR, REDIAL_CALDAV_ERROR_REFUSED,
                               _("The calendar server sent more than an appointment."));
      return;
    }

  got = g_new0 (Got, 1);
  got->text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  got->etag = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (message), "ETag"));
  g_task_return_pointer (task, got, (GDestroyNotify) got_free);
}

/* Property accessors, dispose, finalize */

static void
set_authorization (RedialCaldavClient *self,
                   const char         *password)
{
  g_clear_pointer (&self->authorization, redial_secret_free);

  if (password != NULL)
    {
      char *pair = g_strdup_printf ("%s:%s", self->username, password);
      char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));

      self->authorization = g_strconcat ("Basic ", encoded, NULL);
      redial_secret_free (pair);
      redial_secret_free (encoded);
    }
}

static void
redial_caldav_client_dispose (GObject *object)
{
  RedialCaldavClient *self = REDIAL_CALDAV_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (redial_caldav_client_parent_class)->dispose (object);
}

static void
redial_caldav_client_finalize (GObject *object)
{
  RedialCaldavClient *self = REDIAL_CALDAV_CLIENT (object);

  set_authorization (self, NULL);
  g_free (self->collection);
  g_free (self->username);

  G_OBJECT_CLASS (redial_caldav_client_parent_class)->finalize (object);
}

static void
redial_caldav_client_class_init (RedialCaldavClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = redial_caldav_client_dispose;
  object_class->finalize = redial_caldav_client_finalize;
}

static void
redial_caldav_client_init (RedialCaldavClient *self)
{
  /* Timeouts run on the Redial clock, not the session's own timer. */
  self->session = soup_session_new_with_options ("user-agent", "Redial/" PACKAGE_VERSION " ",
                                                 "timeout", 0,
                                                 NULL);
  /* The credentials go with every request; libsoup's own authentication
   * would retry with them on its own. */
  soup_session_remove_feature_by_type (self->session, SOUP_TYPE_AUTH_MANAGER);
}

RedialCaldavClient *
redial_caldav_client_new (RedialClock *clock,
                          const char  *collection_url,
                          const char  *username)
{
  RedialCaldavClient *self;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  g_return_val_if_fail (REDIAL_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (collection_url != NULL, NULL);
  g_return_val_if_fail (username != NULL, NULL);

  uri = g_uri_parse (collection_url, SOUP_HTTP_URI_FLAGS, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (scheme == NULL || g_uri_get_host (uri) == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    return NULL;

  self = g_object_new (REDIAL_TYPE_CALDAV_CLIENT, NULL);
  self->clock = g_object_ref (clock);
  self->username = g_strdup (username);
  self->collection = g_str_has_suffix (collection_url, "/")
                     ? g_strdup (collection_url)
                     : g_strconcat (collection_url, "/", NULL);
  return self;
}

void
redial_caldav_client_set_password (RedialCaldavClient *self,
                                   const char         *password)
{
  g_return_if_fail (REDIAL_IS_CALDAV_CLIENT (self));
  set_authorization (self, password);
}

gboolean
redial_caldav_client_has_password (RedialCaldavClient *self)
{
  g_return_val_if_fail (REDIAL_IS_CALDAV_CLIENT (self), FALSE);
  return self->authorization != NULL;
}

const char *
redial_caldav_client_get_collection (RedialCaldavClient *self)
{
  g_return_val_if_fail (REDIAL_IS_CALDAV_CLIENT (self), NULL);
  return self->collection;
}

char *
redial_caldav_client_href_for (RedialCaldavClient *self,
                               const char         *uid)
{
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (REDIAL_IS_CALDAV_CLIENT (self), NULL);
  g_return_val_if_fail (uid != NULL && *uid != '\0', NULL);

  escaped = g_uri_escape_string (uid, G_URI_RESERVED_CHARS_ALLOWED_IN_PATH_ELEMENT, FALSE);
  return g_strconcat (self->collection, escaped, ".ics", NULL);
}

void
redial_caldav_client_put_async (RedialCaldavClient  *self,
                                const char          *href,
                                GBytes              *body,
                                const char          *etag,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) message = NULL;
  SoupMessageHeaders *headers;

  g_return_if_fail (REDIAL_IS_CALDAV_CLIENT (self));
  g_return_if_fail (href != NULL && body != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, redial_caldav_client_put_async);

  message = new_message (self, SOUP_METHOD_PUT, href);
  if (message == NULL)
    {
      g_task_return_new_error (task, REDIAL_CALDAV_ERROR, REDIAL_CALDAV_ERROR_REFUSED,
                               _("“%s” is not a calendar address."), href);
      return;
    }
  headers = soup_message_get_request_headers (message);
  if (etag != NULL)
    soup_message_headers_replace (headers, "If-Match", etag);
  else
    soup_message_headers_replace (headers, "If-None-Match", "*");
  soup_message_set_request_body_from_bytes (message, "text/calendar; charset=utf-8", body);

  put_data_new (task, href, cancellable);
  send (g_steal_pointer (&task), message);
}

char *
redial_caldav_client_put_finish (RedialCaldavClient  *self,
                                 GAsyncResult        *result,
                                 GError             **error)
{
  g_return_val_if_fail (REDIAL_IS_CALDAV_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
redial_caldav_client_get_async (RedialCaldavClient  *self,
                                const char          *href,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) message = NULL;
  PutData *data;

  g_return_if_fail (REDIAL_IS_CALDAV_CLIENT (self));
  g_return_if_fail (href != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, redial_caldav_client_get_async);

  message = new_message (self, SOUP_METHOD_GET, href);
  if (message == NULL)
    {
      g_task_return_new_error (task, REDIAL_CALDAV_ERROR, REDIAL_CALDAV_ERROR_REFUSED,
                               _("“%s” is not a calendar address."), href);
      return;
    }
  data = put_data_new (task, href, cancellable);
  start_timeout (data);
  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT, data->cancellable,
                                    on_got, g_steal_pointer (&task));
}

char *
redial_caldav_client_get_finish (RedialCaldavClient  *self,
                                 GAsyncResult        *result,
                                 char               **etag,
                                 GError             **error)
{
  Got *got;
  char *text;

  g_return_val_if_fail (REDIAL_IS_CALDAV_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (etag != NULL)
    *etag = NULL;
  got = g_task_propagate_pointer (G_TASK (result), error);
  if (got == NULL)
    return NULL;
  text = g_steal_pointer (&got->text);
  if (etag != NULL)
    *etag = g_steal_pointer (&got->etag);
  got_free (got);
  return text;
}
