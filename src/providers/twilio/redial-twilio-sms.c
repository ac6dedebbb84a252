/* redial-twilio-sms.c: texts through the Twilio Messages API, or any service that speaks it.
 *
 * Follows Twilio's REST API reference for the Message resource
 * (/2010-04-01/Accounts/{AccountSid}/Messages.json: create, fetch, list),
 * its paging (next_page_uri), its error JSON ({"code", "message",
 * "more_info", "status"}), and its webhook security (X-Twilio-Signature).
 *
 * Nothing is sent twice. A POST is sent again only when Twilio surely did
 * not act on the one before: it was refused with 429, or it failed before
 * libsoup had written the whole request (a refused connection, a name that
 * does not resolve), so Twilio never had it. After anything else that
 * leaves the outcome open (a timeout, a dropped connection, a 5xx, a 2xx
 * that cannot be read), the gateway first waits out the backoff, then
 * lists the recent messages to that number and adopts one with the same
 * body created since the first attempt; only when there is none does it
 * POST again. When it cannot look, it gives up rather than risk a second
 * text, and the failure says so. */
#include "config.h"

#define G_LOG_DOMAIN "redial-twilio"

#include <errno.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "redial-settings.h"
#include "redial-json.h"
#include "redial-phone.h"
#include "redial-secret.h"
#include "redial-twilio-errors.h"
#include "redial-twilio-sms.h"

#define DEFAULT_BASE_URL        "https://api.twilio.com"
#define DEFAULT_POLL_INTERVAL_S 15
#define TOKEN_NAME              "twilio/auth-token"

/* Each HTTP request gets this long, on the clock, to be answered. */
#define REQUEST_TIMEOUT_US      (30 * G_USEC_PER_SEC)
/* Retries back off 2 s, 4 s, 8 s, … up to 5 minutes; ten tries in all
 * cover about a quarter of an hour of outage. */
#define FIRST_RETRY_US          (2 * G_USEC_PER_SEC)
#define MAX_RETRY_US            (5 * 60 * G_USEC_PER_SEC)
#define MAX_RETRY_AFTER_US      (15 * 60 * G_USEC_PER_SEC)
#define MAX_SEND_TRIES          10
/* A message Twilio created for an unanswered POST is adopted only when it
 * was created from a little before the first attempt (the clocks of the
 * desk and of Twilio differ by a little). */
#define ADOPT_WINDOW_US         (2 * 60 * G_USEC_PER_SEC)
/* Delivery is followed until final, polling less and less often, and for
 * no longer than carriers report delivery. */
#define MAX_STATUS_POLL_US      (10 * 60 * G_USEC_PER_SEC)
#define STATUS_GIVE_UP_US       (G_GINT64_CONSTANT (72) * 3600 * G_USEC_PER_SEC)
/* Inbound polls look back this far behind the last one, for messages
 * Twilio lists late; texts seen twice are recognised by their SID. */
#define INBOUND_OVERLAP_US      (10 * 60 * G_USEC_PER_SEC)
#define STATE_SAVE_EVERY_US     (5 * 60 * G_USEC_PER_SEC)
#define LIST_PAGE_SIZE          100
/* Twilio lists newest first: a poll reads at most this many pages of
 * replies (5,000 texts), and a longer backlog loses its oldest. */
#define MAX_LIST_PAGES          50
#define MAX_RESPONSE_BYTES      (2 * 1024 * 1024)
/* A list is an object holding an array of messages, whose
 * subresource_uris is one level deeper. */
#define MAX_JSON_DEPTH          8
#define MAX_CLAIMED             2000
/* Twilio's webhooks carry a few dozen short parameters; a body of at most
 * 1,600 characters is the largest. */
#define MAX_WEBHOOK_URL_BYTES   2048
#define MAX_WEBHOOK_PARAMS      64
#define MAX_WEBHOOK_VALUE_BYTES (16 * 1024)
#define MAX_SID_BYTES           64
/* libsoup 3.2 has no name for it. */
#define HTTP_TOO_MANY_REQUESTS  429

struct _RedialTwilioSms
{
  RedialLink             parent_instance;

  RedialClock           *clock;
  SoupSession           *session;
  char                  *origin;          /* scheme://host[:port] of the API */
  char                  *messages_url;    /* …/2010-04-01/Accounts/{sid}/Messages */
  char                  *account_sid;
  char                  *from;            /* E.164, or NULL with a messaging service */
  char                  *messaging_service_sid;
  char                  *public_url;      /* no trailing slash, or NULL */
  gint64                 poll_interval;
  char                  *token;           /* wiped when freed */
  char                  *authorization;   /* "Basic …", wiped when freed */
  char                  *token_file;      /* or NULL: the keyring */
  GCancellable          *loading;         /* the token being loaded, or NULL */

  GPtrArray             *sends;           /* SendJob, until Twilio has the text or it failed */
  GHashTable            *tracked;         /* SID → Tracked: texts whose delivery is followed */
  GHashTable            *claimed;         /* SID → creation time: texts this gateway sent */
  GHashTable            *seen_inbound;    /* SID → date sent: inbound texts reported */
  GHashTable            *requests;        /* Request, under way */

  gboolean               started;
  guint                  poll_timer;
  struct _Poll          *poll;            /* the inbound poll under way, or NULL */
  gint64                 inbound_since;   /* inbound texts sent before this were reported */
  gint64                 saved_since;
  char                  *state_file;
};

static void redial_twilio_sms_iface_init (RedialSmsGatewayInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RedialTwilioSms, redial_twilio_sms, REDIAL_TYPE_LINK,
                               G_IMPLEMENT_INTERFACE (REDIAL_TYPE_SMS_GATEWAY,
                                                      redial_twilio_sms_iface_init))

G_DEFINE_QUARK (redial-twilio-sms-error-quark, redial_twilio_sms_error)

/* What came back from one HTTP request. */
typedef struct
{
  guint     status;       /* HTTP status; 0 when no answer came */
  GError   *error;        /* why no (whole) answer came, or NULL */
  gboolean  reached;      /* the request was written whole: Twilio may have acted on it */
  JsonNode *json;         /* the body, when it was JSON */
  gint64    retry_after;  /* µs from now, or -1 */
  guint     code;         /* Twilio's error code, or 0 */
} Response;

typedef void (*RequestDone) (RedialTwilioSms *self,
                             Response        *response,
                             gpointer         data);

typedef struct
{
  RedialTwilioSms *self;  /* unowned: NULL once the gateway is gone */
  SoupMessage     *message;
  GCancellable    *cancellable;
  GInputStream    *stream;
  GByteArray      *body;
  guint            timeout;
  gboolean         timed_out;
  gboolean         wrote_body;
  RequestDone      done;
  gpointer         data;
  GDestroyNotify   data_free;
} Request;

/* One text on its way to Twilio. */
typedef struct
{
  RedialTwilioSms *self;
  GTask           *task;
  char            *to;
  char            *body;
  guint            tries;
  gint64           first_try_at;
  RedialBackoff    backoff;
  gboolean         maybe_created;  /* an earlier POST may have created it: look before posting */
  gboolean         waiting;        /* for the auth token, still being loaded */
  guint            timer;
} SendJob;

/* One text whose delivery is followed. */
typedef struct
{
  RedialTwilioSms     *self;
  char                *sid;
  char                *to;
  RedialMessageStatus  status;
  gint64               since;
  gint64               interval;
  guint                timer;
  gboolean             fetching;
} Tracked;

/* One inbound text found by a poll. */
typedef struct
{
  char   *sid;
  char   *from;
  char   *body;
  gint64  sent_at;
} Inbound;

/* A poll of the inbound messages, page after page. */
typedef struct _Poll
{
  gint64     started_at;
  gint64     since;
  guint      pages;
  GPtrArray *found;  /* Inbound */
} Poll;

static void poll_inbound (RedialTwilioSms *self);

/* Helpers */

static void
set_state (RedialTwilioSms       *self,
           RedialConnectionState  state,
           const char            *status)
{
  redial_link_set_state (REDIAL_LINK (self), state, status);
}

static void
set_connected (RedialTwilioSms *self)
{
  g_autofree char *host = NULL;
  g_autofree char *status = NULL;

  g_uri_split (self->origin, G_URI_FLAGS_NONE, NULL, NULL, &host, NULL, NULL, NULL, NULL, NULL);
  status = g_strdup_printf (_("Connected to %s"), host != NULL ? host : self->origin);
  set_state (self, REDIAL_CONNECTION_CONNECTED, status);
}

static gboolean
is_safe_id (const char *id)
{
  gsize len;

  if (id == NULL)
    return FALSE;
  len = strlen (id);
  if (len < 2 || len > MAX_SID_BYTES)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

/* A string member of @object, or NULL when absent or of another type. */
static const char *
json_string (JsonObject *object,
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

/* A number member of @object (Twilio writes some as strings), or 0. */
static guint
json_code (JsonObject *object,
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

static JsonObject *
response_object (Response *response)
{
  if (response->json == NULL || !JSON_NODE_HOLDS_OBJECT (response->json))
    return NULL;
  return json_node_get_object (response->json);
}

/* Twilio's dates are RFC 2822 ("Tue, 14 Aug 2018 19:37:41 +0000"). */
static gint64
parse_date (const char *text)
{
  g_autoptr(GDateTime) date = NULL;

  if (text == NULL || strlen (text) > 64)
    return 0;
  date = soup_date_time_new_from_http_string (text);
  if (date == NULL)
    return 0;
  return g_date_time_to_unix (date) * G_USEC_PER_SEC;
}

static gboolean
map_status (const char          *twilio_status,
            RedialMessageStatus *out)
{
  static const struct { const char *name; RedialMessageStatus status; } map[] = {
    { "accepted", REDIAL_MESSAGE_STATUS_QUEUED },
    { "scheduled", REDIAL_MESSAGE_STATUS_QUEUED },
    { "queued", REDIAL_MESSAGE_STATUS_QUEUED },
    { "sending", REDIAL_MESSAGE_STATUS_QUEUED },
    { "sent", REDIAL_MESSAGE_STATUS_SENT },
    { "delivered", REDIAL_MESSAGE_STATUS_DELIVERED },
    { "read", REDIAL_MESSAGE_STATUS_DELIVERED },
    { "partially_delivered", REDIAL_MESSAGE_STATUS_DELIVERED },
    { "undelivered", REDIAL_MESSAGE_STATUS_UNDELIVERED },
    { "failed", REDIAL_MESSAGE_STATUS_FAILED },
    { "canceled", REDIAL_MESSAGE_STATUS_FAILED },
  };

  if (twilio_status == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (twilio_status, map[i].name))
      {
        *out = map[i].status;
        return TRUE;
      }
  return FALSE;
}

static void
append_param (GString    *form,
              const char *key,
              const char *value)
{
  g_autofree char *escaped_key = g_uri_escape_string (key, NULL, FALSE);
  g_autofree char *escaped_value = g_uri_escape_string (value, NULL, FALSE);

  if (form->len > 0)
    g_string_append_c (form, '&');
  g_string_append_printf (form, "%s=%s", escaped_key, escaped_value);
}

/* Wall time for Twilio's date filters: YYYY-MM-DD in GMT. */
static char *
format_day (gint64 unix_us)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (unix_us / G_USEC_PER_SEC);
  return g_date_time_format (date, "%Y-%m-%d");
}

/* HTTP */

static void
response_clear (Response *response)
{
  g_clear_error (&response->error);
  g_clear_pointer (&response->json, json_node_unref);
}

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

static gint64
parse_retry_after (RedialTwilioSms *self,
                   SoupMessage     *message)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                    "Retry-After");
  guint64 seconds;

  if (value == NULL)
    return -1;
  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT, &seconds, NULL))
    return MIN ((gint64) seconds * G_USEC_PER_SEC, MAX_RETRY_AFTER_US);

  /* Or an HTTP date. */
  {
    gint64 when = parse_date (value);
    if (when > 0)
      return CLAMP (when - redial_clock_now (self->clock), 0, MAX_RETRY_AFTER_US);
  }
  return -1;
}

static void
request_finish (Request *request,
                GError  *error)
{
  RedialTwilioSms *self = request->self;
  Response response = { 0, };

  if (self == NULL)
    {
      /* The gateway went away while this was under way. */
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
      g_autoptr(GError) parse_error = NULL;

      response.retry_after = parse_retry_after (self, request->message);
      if (request->body->len > 0)
        response.json = redial_json_parse ((const char *) request->body->data, request->body->len,
                                           MAX_JSON_DEPTH, &parse_error);
      if (request->body->len > 0 && response.json == NULL)
        g_debug ("Twilio answered %u with a body that is not JSON: %s",
                 response.status, parse_error->message);

      if (response.status >= 400)
        response.code = json_code (response_object (&response), "code");
    }

  request->done (self, &response, request->data);
  response_clear (&response);
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
  g_input_stream_read_bytes_async (request->stream, 16384, G_PRIORITY_DEFAULT,
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

  g_input_stream_read_bytes_async (request->stream, 16384, G_PRIORITY_DEFAULT,
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

/* Sends a request to @url (form-encoded when @form is not NULL, which is
 * taken) and calls @done with what came back, unless the gateway is gone.
 * @data_free, when not NULL, frees @data after @done, or when the gateway
 * went away first. */
static void
start_request (RedialTwilioSms *self,
               const char      *method,
               const char      *url,
               char            *form,
               RequestDone      done,
               gpointer         data,
               GDestroyNotify   data_free)
{
  Request *request = g_new0 (Request, 1);
  SoupMessageHeaders *headers;

  if (form != NULL)
    request->message = soup_message_new_from_encoded_form (method, url, form);
  else
    request->message = soup_message_new (method, url);
  g_assert (request->message != NULL);

  headers = soup_message_get_request_headers (request->message);
  if (self->authorization != NULL)
    soup_message_headers_replace (headers, "Authorization", self->authorization);
  soup_message_headers_replace (headers, "Accept", "application/json");

  request->self = self;
  request->cancellable = g_cancellable_new ();
  request->body = g_byte_array_new ();
  request->done = done;
  request->data = data;
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

/* A sentence for a response that is not the answer hoped for. */
static char *
describe_failure (Response *response)
{
  if (response->status == 0)
    {
      /* The gateway's own words for a timeout or an oversized answer. */
      if (g_error_matches (response->error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
          g_error_matches (response->error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
        return g_strdup (response->error->message);
      return g_strdup_printf (_("Twilio cannot be reached: %s"),
                              response->error != NULL ? response->error->message : _("no answer"));
    }
  if (response->status >= 200 && response->status < 300)
    return g_strdup (_("Twilio’s answer could not be read"));
  if (response->status == HTTP_TOO_MANY_REQUESTS)
    return redial_twilio_error_describe (REDIAL_TWILIO_ERROR_TOO_MANY);
  if (response->status >= 500)
    return g_strdup_printf (_("Twilio had a problem (HTTP %u)"), response->status);
  if (response->code != 0)
    return redial_twilio_error_describe (response->code);
  return g_strdup_printf (_("Twilio answered HTTP %u"), response->status);
}

/* Whether trying again later may help. */
static gboolean
is_transient (Response *response)
{
  return response->status == 0 ||
         response->status == HTTP_TOO_MANY_REQUESTS ||
         response->status >= 500;
}

static void
note_failure (RedialTwilioSms *self,
              Response        *response)
{
  if (response->status == SOUP_STATUS_UNAUTHORIZED)
    {
      g_autofree char *sentence = redial_twilio_error_describe (REDIAL_TWILIO_ERROR_AUTHENTICATION);
      set_state (self, REDIAL_CONNECTION_AUTH_FAILED, sentence);
    }
  else if (is_transient (response))
    {
      g_autofree char *sentence = describe_failure (response);
      set_state (self, REDIAL_CONNECTION_RETRYING, sentence);
    }
  else
    {
      /* Twilio answered: the link works, whatever it thought of the request. */
      set_connected (self);
    }
}

/* Delivery */

static void
tracked_free (gpointer data)
{
  Tracked *tracked = data;

  redial_clock_clear (tracked->self->clock, &tracked->timer);
  g_free (tracked->sid);
  g_free (tracked->to);
  g_free (tracked);
}

/* Reports a status Twilio gave for the text @sid to @to (may be NULL). */
static void
apply_status (RedialTwilioSms *self,
              const char      *sid,
              const char      *to,
              const char      *twilio_status,
              guint            error_code)
{
  g_autofree char *sentence = NULL;
  RedialMessageStatus status;
  Tracked *tracked;

  if (!map_status (twilio_status, &status))
    {
      g_debug ("Text %s: ignoring status “%s”", sid, twilio_status ? twilio_status : "(none)");
      return;
    }

  tracked = g_hash_table_lookup (self->tracked, sid);
  if (tracked != NULL)
    {
      if (to == NULL)
        to = tracked->to;
      if (tracked->status == status)
        return;
      tracked->status = status;
    }

  if (status == REDIAL_MESSAGE_STATUS_FAILED || status == REDIAL_MESSAGE_STATUS_UNDELIVERED)
    {
      if (error_code != 0)
        sentence = redial_twilio_error_describe (error_code);
      else if (status == REDIAL_MESSAGE_STATUS_FAILED)
        sentence = g_strdup (_("Twilio could not send the text."));
      else
        sentence = g_strdup (_("The carrier did not deliver the text."));
      g_message ("Text %s was not delivered: %s", sid, sentence);
    }

  if (redial_twilio_error_is_unsubscribed (error_code) && to != NULL)
    redial_sms_gateway_emit_opted_out (REDIAL_SMS_GATEWAY (self), to);

  redial_sms_gateway_emit_status (REDIAL_SMS_GATEWAY (self), sid, status, sentence);

  if (redial_message_status_is_final (status))
    g_hash_table_remove (self->tracked, sid);
}

static gboolean on_status_poll (gpointer user_data);

static void
schedule_status_poll (Tracked *tracked)
{
  RedialTwilioSms *self = tracked->self;

  g_assert (tracked->timer == 0);
  if (redial_clock_now (self->clock) - tracked->since > STATUS_GIVE_UP_US)
    {
      g_message ("Text %s: no final delivery report after 72 hours; no longer asking", tracked->sid);
      g_hash_table_remove (self->tracked, tracked->sid);
      return;
    }
  tracked->timer = redial_clock_schedule (self->clock, tracked->interval, on_status_poll, tracked, NULL);
  tracked->interval = MIN (tracked->interval * 2, MAX_STATUS_POLL_US);
}

static void
on_fetch_done (RedialTwilioSms *self,
               Response        *response,
               gpointer         data)
{
  const char *sid = data;
  JsonObject *object = response_object (response);
  Tracked *tracked;

  if (response->status == SOUP_STATUS_OK && object != NULL)
    {
      set_connected (self);
      apply_status (self, sid, NULL, json_string (object, "status"), json_code (object, "error_code"));
    }
  else if (response->status == SOUP_STATUS_NOT_FOUND)
    {
      g_message ("Text %s: Twilio has no record of it; no longer following its delivery", sid);
      g_hash_table_remove (self->tracked, sid);
    }
  else
    {
      note_failure (self, response);
    }

  /* Still followed: ask again later. */
  tracked = g_hash_table_lookup (self->tracked, sid);
  if (tracked != NULL)
    {
      tracked->fetching = FALSE;
      schedule_status_poll (tracked);
    }
}

static gboolean
on_status_poll (gpointer user_data)
{
  Tracked *tracked = user_data;
  RedialTwilioSms *self = tracked->self;
  g_autofree char *url = NULL;

  tracked->timer = 0;
  tracked->fetching = TRUE;
  url = g_strdup_printf ("%s/%s.json", self->messages_url, tracked->sid);
  start_request (self, "GET", url, NULL, on_fetch_done, g_strdup (tracked->sid), g_free);
  return G_SOURCE_REMOVE;
}

static void
claim (RedialTwilioSms *self,
       const char      *sid)
{
  gint64 now = redial_clock_now (self->clock);

  /* Only recent claims matter for adoption: forget the oldest half. */
  if (g_hash_table_size (self->claimed) >= MAX_CLAIMED)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->claimed);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        if (now - *(gint64 *) value > ADOPT_WINDOW_US * 4)
          g_hash_table_iter_remove (&iter);
    }

  g_hash_table_replace (self->claimed, g_strdup (sid), g_memdup2 (&now, sizeof now));
}

/* Starts following the delivery of the text @sid that Twilio accepted. */
static void
track (RedialTwilioSms *self,
       const char      *sid,
       const char      *to)
{
  Tracked *tracked;

  claim (self, sid);
  if (g_hash_table_contains (self->tracked, sid))
    return;

  tracked = g_new0 (Tracked, 1);
  tracked->self = self;
  tracked->sid = g_strdup (sid);
  tracked->to = g_strdup (to);
  tracked->status = REDIAL_MESSAGE_STATUS_QUEUED;
  tracked->since = redial_clock_now (self->clock);
  tracked->interval = self->poll_interval;
  g_hash_table_insert (self->tracked, tracked->sid, tracked);

  /* With a public URL, Twilio reports each step by the status callback. */
  if (self->public_url == NULL)
    schedule_status_poll (tracked);
}

/* Sending */

static void
send_job_free (gpointer data)
{
  SendJob *job = data;

  redial_clock_clear (job->self->clock, &job->timer);
  g_clear_object (&job->task);
  g_free (job->to);
  g_free (job->body);
  g_free (job);
}

static void
send_job_fail (SendJob    *job,
               int         code,
               const char *sentence)
{
  RedialTwilioSms *self = job->self;
  GTask *task = g_steal_pointer (&job->task);

  g_message ("Text to %s not sent: %s", job->to, sentence);
  g_ptr_array_remove (self->sends, job);
  g_task_return_new_error (task, REDIAL_TWILIO_SMS_ERROR, code, "%s", sentence);
  g_object_unref (task);
}

static void
send_job_accept (SendJob    *job,
                 JsonObject *message)
{
  RedialTwilioSms *self = job->self;
  const char *sid = json_string (message, "sid");
  GTask *task = g_steal_pointer (&job->task);
  g_autofree char *to = g_strdup (job->to);

  g_debug ("Text to %s accepted as %s", job->to, sid);
  track (self, sid, job->to);
  g_ptr_array_remove (self->sends, job);
  g_task_return_pointer (task, g_strdup (sid), g_free);
  g_object_unref (task);

  /* The engine records the text as queued; a later step, or an error
   * Twilio knew at once, is reported like any other. */
  apply_status (self, sid, to, json_string (message, "status"), json_code (message, "error_code"));
}

static gboolean
send_job_cancelled (SendJob *job)
{
  GCancellable *cancellable = g_task_get_cancellable (job->task);

  if (cancellable == NULL || !g_cancellable_is_cancelled (cancellable))
    return FALSE;

  {
    GTask *task = g_steal_pointer (&job->task);

    g_ptr_array_remove (job->self->sends, job);
    g_task_return_error_if_cancelled (task);
    g_object_unref (task);
  }
  return TRUE;
}

static gboolean on_send_retry (gpointer user_data);

/* Tries again after the backoff, or gives up after the last try. */
static void
send_job_retry (SendJob    *job,
                Response   *response)
{
  RedialTwilioSms *self = job->self;
  g_autofree char *reason = describe_failure (response);
  g_autofree char *status = NULL;
  gint64 delay;

  note_failure (self, response);

  if (job->tries >= MAX_SEND_TRIES)
    {
      g_autofree char *sentence = NULL;

      if (job->maybe_created)
        sentence = g_strdup_printf (_("Twilio did not confirm the text, and it was not sent again to "
                                      "avoid a double text: check the conversation before texting (%s)."),
                                    reason);
      else
        sentence = g_strdup_printf (_("The text could not be sent: %s."), reason);
      send_job_fail (job, REDIAL_TWILIO_SMS_ERROR_UNREACHABLE, sentence);
      return;
    }

  delay = redial_backoff_next (&job->backoff, response->retry_after);
  status = g_strdup_printf (_("Retrying in %d s: %s"), (int) (delay / G_USEC_PER_SEC), reason);
  set_state (self, redial_link_get_state (REDIAL_LINK (self)), status);
  g_message ("Text to %s: %s", job->to, status);
  job->timer = redial_clock_schedule (self->clock, delay, on_send_retry, job, NULL);
}

static void post_message (SendJob *job);

/* A message Twilio holds that this job's unanswered POST created, or NULL. */
static JsonObject *
find_twin (SendJob   *job,
           JsonArray *messages)
{
  RedialTwilioSms *self = job->self;
  guint n = json_array_get_length (messages);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (messages, i);
      JsonObject *message;
      const char *sid;
      const char *direction;
      gint64 created;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      message = json_node_get_object (node);
      sid = json_string (message, "sid");
      direction = json_string (message, "direction");
      created = parse_date (json_string (message, "date_created"));

      if (!is_safe_id (sid) || g_hash_table_contains (self->claimed, sid))
        continue;
      if (direction == NULL || !g_str_has_prefix (direction, "outbound"))
        continue;
      if (g_strcmp0 (json_string (message, "to"), job->to) != 0 ||
          g_strcmp0 (json_string (message, "body"), job->body) != 0)
        continue;
      if (created < job->first_try_at - ADOPT_WINDOW_US)
        continue;
      return message;
    }

  return NULL;
}

static void
on_check_done (RedialTwilioSms *self,
               Response        *response,
               gpointer         data)
{
  SendJob *job = data;
  JsonObject *object = response_object (response);
  JsonNode *messages;

  if (send_job_cancelled (job))
    return;

  if (response->status == SOUP_STATUS_OK && object != NULL &&
      (messages = json_object_get_member (object, "messages")) != NULL &&
      JSON_NODE_HOLDS_ARRAY (messages))
    {
      JsonObject *twin = find_twin (job, json_node_get_array (messages));

      set_connected (self);
      if (twin != NULL)
        {
          g_message ("Text to %s: Twilio had it after all; not sending it again", job->to);
          send_job_accept (job, twin);
          return;
        }

      /* Twilio never had it: now it is safe to send. */
      job->maybe_created = FALSE;
      post_message (job);
      return;
    }

  if (response->status == SOUP_STATUS_OK || !is_transient (response))
    {
      g_autofree char *reason = describe_failure (response);
      g_autofree char *sentence = NULL;

      note_failure (self, response);
      sentence = g_strdup_printf (_("Twilio did not confirm the text, and it was not sent again to "
                                    "avoid a double text: check the conversation before texting (%s)."),
                                  reason);
      send_job_fail (job, response->status == SOUP_STATUS_UNAUTHORIZED ?
                          REDIAL_TWILIO_SMS_ERROR_AUTH : REDIAL_TWILIO_SMS_ERROR_UNREACHABLE,
                     sentence);
      return;
    }

  send_job_retry (job, response);
}

/* Looks for the message an unanswered POST may have created. */
static void
check_message (SendJob *job)
{
  RedialTwilioSms *self = job->self;
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *url = NULL;
  g_autofree char *page_size = g_strdup_printf ("%d", 50);

  job->tries++;
  append_param (query, "To", job->to);
  if (self->from != NULL)
    append_param (query, "From", self->from);
  append_param (query, "PageSize", page_size);
  url = g_strdup_printf ("%s.json?%s", self->messages_url, query->str);
  start_request (self, "GET", url, NULL, on_check_done, job, NULL);
}

static gboolean
on_send_retry (gpointer user_data)
{
  SendJob *job = user_data;

  job->timer = 0;
  if (send_job_cancelled (job))
    return G_SOURCE_REMOVE;

  if (job->maybe_created)
    check_message (job);
  else
    post_message (job);
  return G_SOURCE_REMOVE;
}

static void
on_post_done (RedialTwilioSms *self,
              Response        *response,
              gpointer         data)
{
  SendJob *job = data;
  JsonObject *object = response_object (response);

  if (send_job_cancelled (job))
    return;

  if (response->status >= 200 && response->status < 300)
    {
      if (is_safe_id (json_string (object, "sid")))
        {
          set_connected (self);
          send_job_accept (job, object);
          return;
        }

      /* Created, surely, but under which SID? The list will say. */
      g_message ("Text to %s: Twilio’s answer could not be read", job->to);
      job->maybe_created = TRUE;
      send_job_retry (job, response);
      return;
    }

  if (response->status == SOUP_STATUS_UNAUTHORIZED)
    {
      g_autofree char *sentence = redial_twilio_error_describe (REDIAL_TWILIO_ERROR_AUTHENTICATION);

      note_failure (self, response);
      send_job_fail (job, REDIAL_TWILIO_SMS_ERROR_AUTH, sentence);
      return;
    }

  if (response->status >= 400 && !is_transient (response))
    {
      g_autofree char *sentence = describe_failure (response);
      gboolean unsubscribed = redial_twilio_error_is_unsubscribed (response->code);

      note_failure (self, response);
      if (unsubscribed)
        redial_sms_gateway_emit_opted_out (REDIAL_SMS_GATEWAY (self), job->to);
      send_job_fail (job, unsubscribed ? REDIAL_TWILIO_SMS_ERROR_UNSUBSCRIBED : REDIAL_TWILIO_SMS_ERROR_REFUSED,
                     sentence);
      return;
    }

  /* 429 is Twilio declining before doing anything. A failure before the
   * request was written whole never reached it. Anything else might have
   * created the message. */
  if (response->status != HTTP_TOO_MANY_REQUESTS && response->reached)
    job->maybe_created = TRUE;
  send_job_retry (job, response);
}

static void
post_message (SendJob *job)
{
  RedialTwilioSms *self = job->self;
  g_autoptr(GString) form = g_string_new (NULL);
  g_autofree char *url = g_strconcat (self->messages_url, ".json", NULL);

  if (job->tries == 0)
    job->first_try_at = redial_clock_now (self->clock);
  job->tries++;

  append_param (form, "To", job->to);
  if (self->messaging_service_sid != NULL)
    append_param (form, "MessagingServiceSid", self->messaging_service_sid);
  else
    append_param (form, "From", self->from);
  append_param (form, "Body", job->body);
  if (self->public_url != NULL)
    {
      g_autofree char *callback = g_strconcat (self->public_url, REDIAL_TWILIO_SMS_STATUS_PATH, NULL);
      append_param (form, "StatusCallback", callback);
    }

  start_request (self, "POST", url, g_string_free (g_steal_pointer (&form), FALSE), on_post_done, job, NULL);
}

static void
redial_twilio_sms_send_async (RedialSmsGateway    *gateway,
                              const char          *to,
                              const char          *body,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  RedialTwilioSms *self = REDIAL_TWILIO_SMS (gateway);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  SendJob *job;

  g_task_set_source_tag (task, redial_twilio_sms_send_async);

  if (self->authorization == NULL && self->loading == NULL)
    {
      g_task_return_new_error (task, REDIAL_TWILIO_SMS_ERROR, REDIAL_TWILIO_SMS_ERROR_AUTH,
                               "%s", _("No Twilio auth token: enter it in Preferences."));
      return;
    }

  job = g_new0 (SendJob, 1);
  job->self = self;
  job->task = g_steal_pointer (&task);
  job->to = g_strdup (to);
  job->body = g_strdup (body);
  redial_backoff_init (&job->backoff, FIRST_RETRY_US, MAX_RETRY_US);
  g_ptr_array_add (self->sends, job);
  if (self->authorization == NULL)
    {
      job->waiting = TRUE;
      return;
    }
  post_message (job);
}

/* Sends the texts that waited for the token, or fails them without one. */
static void
release_waiting (RedialTwilioSms *self)
{
  g_autoptr(GPtrArray) waiting = g_ptr_array_new ();

  for (guint i = 0; i < self->sends->len; i++)
    {
      SendJob *job = g_ptr_array_index (self->sends, i);

      if (job->waiting)
        g_ptr_array_add (waiting, job);
    }

  for (guint i = 0; i < waiting->len; i++)
    {
      SendJob *job = g_ptr_array_index (waiting, i);

      job->waiting = FALSE;
      if (self->authorization != NULL)
        post_message (job);
      else
        send_job_fail (job, REDIAL_TWILIO_SMS_ERROR_AUTH, _("No Twilio auth token: enter it in Preferences."));
    }
}

static char *
redial_twilio_sms_send_finish (RedialSmsGateway  *gateway,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, gateway), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Receiving */

static void
inbound_free (gpointer data)
{
  Inbound *inbound = data;

  g_free (inbound->sid);
  g_free (inbound->from);
  g_free (inbound->body);
  g_free (inbound);
}

static void
poll_free (Poll *poll)
{
  g_ptr_array_unref (poll->found);
  g_free (poll);
}

static int
compare_inbound (gconstpointer a,
                 gconstpointer b)
{
  const Inbound *x = *(const Inbound * const *) a;
  const Inbound *y = *(const Inbound * const *) b;

  if (x->sent_at != y->sent_at)
    return x->sent_at < y->sent_at ? -1 : 1;
  return strcmp (x->sid, y->sid);
}

static void
save_state (RedialTwilioSms *self,
            gboolean         force)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *group = NULL;

  if (self->state_file == NULL || self->inbound_since <= self->saved_since)
    return;
  if (!force && self->inbound_since - self->saved_since < STATE_SAVE_EVERY_US)
    return;

  /* Other accounts or numbers may share the file. */
  g_key_file_load_from_file (keyfile, self->state_file, G_KEY_FILE_NONE, NULL);
  group = g_strdup_printf ("%s %s", self->account_sid,
                           self->from != NULL ? self->from : self->messaging_service_sid);
  g_key_file_set_int64 (keyfile, group, "inbound-since", self->inbound_since / G_USEC_PER_SEC);

  dir = g_path_get_dirname (self->state_file);
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_key_file_save_to_file (keyfile, self->state_file, &error))
    {
      g_message ("Where inbound texts were read up to could not be saved in %s: %s",
                 self->state_file, error != NULL ? error->message : g_strerror (errno));
      return;
    }
  self->saved_since = self->inbound_since;
}

static void
load_state (RedialTwilioSms *self)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *group = NULL;
  gint64 seconds;

  if (self->state_file == NULL ||
      !g_key_file_load_from_file (keyfile, self->state_file, G_KEY_FILE_NONE, NULL))
    return;

  group = g_strdup_printf ("%s %s", self->account_sid,
                           self->from != NULL ? self->from : self->messaging_service_sid);
  seconds = g_key_file_get_int64 (keyfile, group, "inbound-since", NULL);
  if (seconds > 0 && seconds < G_MAXINT64 / G_USEC_PER_SEC)
    self->inbound_since = self->saved_since = seconds * G_USEC_PER_SEC;
}

static void
report_inbound (RedialTwilioSms *self,
                const char      *sid,
                const char      *from,
                const char      *body,
                gint64           sent_at)
{
  g_hash_table_replace (self->seen_inbound, g_strdup (sid), g_memdup2 (&sent_at, sizeof sent_at));
  redial_sms_gateway_emit_received (REDIAL_SMS_GATEWAY (self), sid, from, body);
}

/* Reports what @poll found; when it read every page (@complete), the
 * texts before its window need not be looked for again. */
static void
finish_poll (RedialTwilioSms *self,
             Poll            *poll,
             gboolean         complete)
{
  GHashTableIter iter;
  gpointer value;

  /* In the order the callers wrote them. */
  g_ptr_array_sort (poll->found, compare_inbound);
  for (guint i = 0; i < poll->found->len; i++)
    {
      Inbound *inbound = g_ptr_array_index (poll->found, i);

      if (g_hash_table_contains (self->seen_inbound, inbound->sid))
        continue;
      report_inbound (self, inbound->sid, inbound->from, inbound->body, inbound->sent_at);
    }

  if (!complete)
    return;

  self->inbound_since = MAX (self->inbound_since, poll->started_at - INBOUND_OVERLAP_US);
  save_state (self, FALSE);

  /* Texts sent before the window are never listed again. */
  g_hash_table_iter_init (&iter, self->seen_inbound);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (*(gint64 *) value < self->inbound_since - INBOUND_OVERLAP_US)
      g_hash_table_iter_remove (&iter);
}

static void
collect_inbound (RedialTwilioSms *self,
                 Poll            *poll,
                 JsonArray       *messages)
{
  guint n = json_array_get_length (messages);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (messages, i);
      JsonObject *message;
      const char *sid;
      const char *from;
      const char *body;
      Inbound *inbound;
      gint64 sent_at;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      message = json_node_get_object (node);
      if (g_strcmp0 (json_string (message, "direction"), "inbound") != 0 ||
          g_strcmp0 (json_string (message, "status"), "received") != 0)
        continue;

      sid = json_string (message, "sid");
      from = json_string (message, "from");
      body = json_string (message, "body");
      sent_at = parse_date (json_string (message, "date_sent"));
      if (!is_safe_id (sid) || from == NULL || sent_at <= 0)
        {
          g_message ("An inbound text Twilio listed without SID, sender or date was skipped");
          continue;
        }
      if (sent_at < poll->since)
        continue;

      inbound = g_new0 (Inbound, 1);
      inbound->sid = g_strdup (sid);
      inbound->from = g_strdup (from);
      /* A picture without words still lands in the case. */
      inbound->body = g_strdup (body != NULL ? body : "");
      inbound->sent_at = sent_at;
      g_ptr_array_add (poll->found, inbound);
    }
}

/* Sets *@url to the next page's URL, or NULL after the last page. A next
 * page anywhere but on the API's own server, which the credentials may be
 * sent to, is refused (FALSE). */
static gboolean
next_page_url (RedialTwilioSms  *self,
               JsonObject       *page,
               char            **url)
{
  const char *next = json_string (page, "next_page_uri");

  *url = NULL;
  if (next == NULL || *next == '\0')
    return TRUE;
  if (next[0] != '/' || next[1] == '/' || strlen (next) > 4096 ||
      strpbrk (next, " \t\r\n\\#") != NULL)
    {
      g_message ("Twilio’s next page “%.64s” is not a path on its server; stopping there", next);
      return FALSE;
    }
  *url = g_strconcat (self->origin, next, NULL);
  return TRUE;
}

static void
on_list_done (RedialTwilioSms *self,
              Response        *response,
              gpointer         data)
{
  Poll *poll = self->poll;
  JsonObject *object = response_object (response);
  JsonNode *messages = object != NULL ? json_object_get_member (object, "messages") : NULL;
  g_autofree char *next = NULL;

  if (response->status != SOUP_STATUS_OK || messages == NULL || !JSON_NODE_HOLDS_ARRAY (messages))
    {
      if (response->status == SOUP_STATUS_OK)
        g_message ("Twilio’s list of messages could not be read; trying again at the next poll");
      note_failure (self, response);
      g_clear_pointer (&self->poll, poll_free);
      return;
    }

  set_connected (self);
  collect_inbound (self, poll, json_node_get_array (messages));

  if (!next_page_url (self, object, &next))
    {
      finish_poll (self, poll, FALSE);
      g_clear_pointer (&self->poll, poll_free);
      return;
    }
  if (next != NULL && ++poll->pages < MAX_LIST_PAGES)
    {
      start_request (self, "GET", next, NULL, on_list_done, NULL, NULL);
      return;
    }
  if (next != NULL)
    g_message ("More than %d texts arrived since the last poll: the oldest were not read",
               MAX_LIST_PAGES * LIST_PAGE_SIZE);

  /* Read as far as it goes: the window moves on either way. */
  finish_poll (self, poll, TRUE);
  g_clear_pointer (&self->poll, poll_free);
}

static void
poll_inbound (RedialTwilioSms *self)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *url = NULL;
  g_autofree char *day = NULL;
  g_autofree char *page_size = g_strdup_printf ("%d", LIST_PAGE_SIZE);
  Poll *poll;

  if (self->poll != NULL || self->authorization == NULL)
    return;

  poll = g_new0 (Poll, 1);
  poll->started_at = redial_clock_now (self->clock);
  poll->since = self->inbound_since;
  poll->found = g_ptr_array_new_with_free_func (inbound_free);

  /* Twilio filters by day; the poll keeps what is newer than since. */
  day = format_day (poll->since);
  if (self->from != NULL)
    append_param (query, "To", self->from);
  append_param (query, "DateSent>", day);
  append_param (query, "PageSize", page_size);
  url = g_strdup_printf ("%s.json?%s", self->messages_url, query->str);

  self->poll = poll;
  start_request (self, "GET", url, NULL, on_list_done, NULL, NULL);
}

static gboolean
on_poll_timer (gpointer user_data)
{
  poll_inbound (REDIAL_TWILIO_SMS (user_data));
  return G_SOURCE_CONTINUE;
}

static void set_token (RedialTwilioSms *self,
                       const char      *token);

static void
on_token_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RedialTwilioSms) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(RedialSecretString) token = redial_secret_load_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->loading);

  if (token == NULL)
    {
      g_message ("Twilio: %s", error->message);
      set_state (self, REDIAL_CONNECTION_AUTH_FAILED,
                 g_error_matches (error, REDIAL_SECRET_ERROR, REDIAL_SECRET_ERROR_NOT_FOUND) && self->token_file == NULL
                 ? _("No Twilio auth token: enter it in Preferences.") : error->message);
      release_waiting (self);
      return;
    }

  set_token (self, token);
  release_waiting (self);
  if (self->started)
    poll_inbound (self);
}

static void
redial_twilio_sms_start (RedialLink *link)
{
  RedialTwilioSms *self = REDIAL_TWILIO_SMS (link);

  if (self->started)
    return;
  self->started = TRUE;

  load_state (self);
  if (self->inbound_since == 0)
    self->inbound_since = redial_clock_now (self->clock) - INBOUND_OVERLAP_US;

  set_state (self, REDIAL_CONNECTION_CONNECTING, _("Connecting to Twilio"));
  if (self->authorization == NULL && self->loading == NULL)
    {
      self->loading = g_cancellable_new ();
      redial_secret_load_async (TOKEN_NAME, self->token_file, self->loading,
                                on_token_loaded, g_object_ref (self));
    }

  /* Replies that came while Redial was off, then (without webhooks) every
   * poll interval. */
  poll_inbound (self);
  if (self->public_url == NULL)
    self->poll_timer = redial_clock_schedule (self->clock, self->poll_interval, on_poll_timer, self, NULL);
}

/* Inbound polling stops; texts under way are still sent and followed. */
static void
redial_twilio_sms_stop (RedialLink *link)
{
  RedialTwilioSms *self = REDIAL_TWILIO_SMS (link);

  if (!self->started)
    return;
  self->started = FALSE;

  redial_clock_clear (self->clock, &self->poll_timer);
  save_state (self, TRUE);
  if (self->authorization != NULL)
    set_state (self, REDIAL_CONNECTION_DISCONNECTED, _("Not started"));
}

/* Webhooks */

static int
compare_keys (const void *a,
              const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static char *
compute_signature (const char *token,
                   const char *url,
                   GHashTable *params)
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA1, (const guchar *) token, strlen (token));
  guint8 digest[20];
  gsize digest_len = sizeof digest;

  /* Twilio signs the URL followed by each parameter, name then value,
   * sorted by name (byte order). */
  g_hmac_update (hmac, (const guchar *) url, -1);
  if (params != NULL)
    {
      guint n_keys = 0;
      g_autofree gpointer *keys = g_hash_table_get_keys_as_array (params, &n_keys);

      qsort (keys, n_keys, sizeof (gpointer), compare_keys);
      for (guint i = 0; i < n_keys; i++)
        {
          g_hmac_update (hmac, keys[i], -1);
          g_hmac_update (hmac, g_hash_table_lookup (params, keys[i]), -1);
        }
    }

  g_hmac_get_digest (hmac, digest, &digest_len);
  return g_base64_encode (digest, digest_len);
}

static gboolean
signature_matches (const char *expected,
                   const char *given)
{
  gsize len = strlen (expected);
  guint8 diff = 0;

  if (strlen (given) != len)
    return FALSE;
  /* In constant time, so that timing does not reveal the right one. */
  for (gsize i = 0; i < len; i++)
    diff |= (guint8) (expected[i] ^ given[i]);
  return diff == 0;
}

/* @url with its port written out when it was implicit, or left out when it
 * was the scheme's default: Twilio may sign either form. */
static char *
toggle_default_port (const char *url)
{
  const char *authority;
  const char *end;
  const char *colon;
  const char *default_port;

  if (g_str_has_prefix (url, "https://"))
    default_port = "443";
  else if (g_str_has_prefix (url, "http://"))
    default_port = "80";
  else
    return NULL;

  authority = strstr (url, "://") + 3;
  end = authority + strcspn (authority, "/?#");
  colon = memchr (authority, ':', end - authority);
  if (memchr (authority, '[', end - authority) != NULL || memchr (authority, '@', end - authority) != NULL)
    return NULL;

  if (colon == NULL)
    return g_strdup_printf ("%.*s:%s%s", (int) (end - url), url, default_port, end);
  if ((gsize) (end - colon - 1) == strlen (default_port) && strncmp (colon + 1, default_port, end - colon - 1) == 0)
    return g_strdup_printf ("%.*s%s", (int) (colon - url), url, end);
  return NULL;
}

/* Whether a webhook request is Twilio's; the HTTP status to answer when not. */
static guint
check_webhook (RedialTwilioSms *self,
               const char      *url,
               GHashTable      *params,
               const char      *signature)
{
  g_autofree char *expected = NULL;
  g_autofree char *other_url = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (url == NULL || strlen (url) > MAX_WEBHOOK_URL_BYTES ||
      (params != NULL && g_hash_table_size (params) > MAX_WEBHOOK_PARAMS))
    {
      g_message ("A Twilio webhook too large to be Twilio’s was refused");
      return SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
    }
  if (params != NULL)
    {
      g_hash_table_iter_init (&iter, params);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (key == NULL || value == NULL || strlen (key) > 256 || strlen (value) > MAX_WEBHOOK_VALUE_BYTES)
          {
            g_message ("A Twilio webhook too large to be Twilio’s was refused");
            return SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
          }
    }

  if (self->token == NULL)
    {
      g_message ("A Twilio webhook was refused: without the auth token its signature cannot be checked");
      return SOUP_STATUS_FORBIDDEN;
    }
  if (signature == NULL || *signature == '\0')
    {
      g_message ("A Twilio webhook without a signature was refused");
      return SOUP_STATUS_FORBIDDEN;
    }

  expected = compute_signature (self->token, url, params);
  if (signature_matches (expected, signature))
    return SOUP_STATUS_OK;

  other_url = toggle_default_port (url);
  if (other_url != NULL)
    {
      g_free (expected);
      expected = compute_signature (self->token, other_url, params);
      if (signature_matches (expected, signature))
        return SOUP_STATUS_OK;
    }

  g_message ("A Twilio webhook with a wrong signature was refused");
  return SOUP_STATUS_FORBIDDEN;
}

static void
redial_twilio_sms_iface_init (RedialSmsGatewayInterface *iface)
{
  iface->send_async = redial_twilio_sms_send_async;
  iface->send_finish = redial_twilio_sms_send_finish;
}

static void
redial_twilio_sms_dispose (GObject *object)
{
  RedialTwilioSms *self = REDIAL_TWILIO_SMS (object);

  if (self->requests != NULL)
    {
      GHashTableIter iter;
      gpointer key;

      /* Each finishes later, on its own, and finds no gateway. */
      g_hash_table_iter_init (&iter, self->requests);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          Request *request = key;

          redial_clock_clear (self->clock, &request->timeout);
          request->self = NULL;
          g_cancellable_cancel (request->cancellable);
        }
      g_hash_table_remove_all (self->requests);
    }

  if (self->clock != NULL)
    {
      save_state (self, TRUE);
      redial_clock_clear (self->clock, &self->poll_timer);
      g_clear_pointer (&self->poll, poll_free);
      g_clear_pointer (&self->tracked, g_hash_table_unref);
      g_clear_pointer (&self->sends, g_ptr_array_unref);
    }
  g_clear_object (&self->session);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (redial_twilio_sms_parent_class)->dispose (object);
}

static void
redial_twilio_sms_finalize (GObject *object)
{
  RedialTwilioSms *self = REDIAL_TWILIO_SMS (object);

  g_free (self->origin);
  g_free (self->messages_url);
  g_free (self->account_sid);
  g_free (self->from);
  g_free (self->messaging_service_sid);
  g_free (self->public_url);
  redial_secret_free (self->token);
  redial_secret_free (self->authorization);
  g_free (self->token_file);
  g_free (self->state_file);
  g_hash_table_unref (self->claimed);
  g_hash_table_unref (self->seen_inbound);
  g_hash_table_unref (self->requests);

  G_OBJECT_CLASS (redial_twilio_sms_parent_class)->finalize (object);
}

static void
redial_twilio_sms_class_init (RedialTwilioSmsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RedialLinkClass *link_class = REDIAL_LINK_CLASS (klass);

  object_class->dispose = redial_twilio_sms_dispose;
  object_class->finalize = redial_twilio_sms_finalize;

  link_class->start = redial_twilio_sms_start;
  link_class->stop = redial_twilio_sms_stop;
}

static void
redial_twilio_sms_init (RedialTwilioSms *self)
{
  set_state (self, REDIAL_CONNECTION_DISCONNECTED, _("Not started"));
  self->poll_interval = DEFAULT_POLL_INTERVAL_S * G_USEC_PER_SEC;
  self->sends = g_ptr_array_new_with_free_func (send_job_free);
  self->tracked = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, tracked_free);
  self->claimed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->seen_inbound = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->requests = g_hash_table_new (g_direct_hash, g_direct_equal);
}

/* Settings */

static gboolean
invalid (GError     **error,
         const char  *source,
         const char  *key,
         const char  *reason)
{
  return redial_settings_invalid (error, REDIAL_TWILIO_SMS_ERROR, REDIAL_TWILIO_SMS_ERROR_CONFIG, source, "twilio", key, reason);
}

static char *
read_key (GKeyFile   *keyfile,
          const char *key)
{
  char *value = g_key_file_get_string (keyfile, "twilio", key, NULL);

  if (value == NULL)
    return NULL;
  g_strstrip (value);
  if (*value == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

static gboolean
is_loopback (const char *host)
{
  return g_strcmp0 (host, "localhost") == 0 || g_strcmp0 (host, "127.0.0.1") == 0 ||
         g_strcmp0 (host, "::1") == 0 || g_strcmp0 (host, "[::1]") == 0;
}

/* Reads a base URL into *@out (@fallback when unset), without a trailing
 * slash. Plain HTTP is accepted only to this computer, so the token never
 * crosses a network in clear. */
static gboolean
read_url (GKeyFile    *keyfile,
          const char  *source,
          const char  *key,
          const char  *fallback,
          char       **out,
          GError     **error)
{
  g_autofree char *text = read_key (keyfile, key);
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  gsize len;

  if (text == NULL)
    {
      *out = g_strdup (fallback);
      return TRUE;
    }

  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL ||
      g_uri_get_userinfo (uri) != NULL ||
      !(g_strcmp0 (scheme, "https") == 0 ||
        (g_strcmp0 (scheme, "http") == 0 && is_loopback (g_uri_get_host (uri)))))
    return invalid (error, source, key,
                    _("expected an https:// address such as “https://api.twilio.com” "
                      "(http:// only to this computer)"));

  len = strlen (text);
  while (len > 0 && text[len - 1] == '/')
    text[--len] = '\0';
  *out = g_steal_pointer (&text);
  return TRUE;
}

static gboolean
read_id (GKeyFile    *keyfile,
         const char  *source,
         const char  *key,
         char       **out,
         GError     **error)
{
  g_autofree char *text = read_key (keyfile, key);

  if (text != NULL && !is_safe_id (text))
    return invalid (error, source, key,
                    _("expected an identifier from the Twilio console, such as “AC…” or “MG…”"));
  *out = g_steal_pointer (&text);
  return TRUE;
}

static void
set_token (RedialTwilioSms *self,
           const char      *token)
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

RedialSmsGateway *
redial_twilio_sms_new_from_keyfile (RedialClock  *clock,
                                    GKeyFile     *keyfile,
                                    const char   *source,
                                    const char   *region,
                                    const char   *default_from,
                                    GError      **error)
{
  g_autoptr(RedialTwilioSms) self = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *from = NULL;
  g_autofree char *interval = NULL;
  g_autofree char *token_file = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(RedialSecretString) token = NULL;

  g_return_val_if_fail (REDIAL_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (keyfile != NULL, NULL);
  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (region != NULL, NULL);

  self = g_object_new (REDIAL_TYPE_TWILIO_SMS, NULL);
  self->clock = g_object_ref (clock);

  if (!read_url (keyfile, source, "base-url", DEFAULT_BASE_URL, &base_url, error) ||
      !read_url (keyfile, source, "public-url", NULL, &self->public_url, error) ||
      !read_id (keyfile, source, "account-sid", &self->account_sid, error) ||
      !read_id (keyfile, source, "messaging-service-sid", &self->messaging_service_sid, error))
    return NULL;
  if (self->account_sid == NULL)
    {
      invalid (error, source, "account-sid", _("the Twilio account SID (AC…) is required"));
      return NULL;
    }

  from = read_key (keyfile, "from");
  if (from != NULL)
    {
      self->from = redial_phone_normalize (from, region, &local_error);
      if (self->from == NULL)
        {
          invalid (error, source, "from", local_error->message);
          return NULL;
        }
    }
  else
    self->from = g_strdup (default_from);
  if (self->from == NULL && self->messaging_service_sid == NULL)
    {
      invalid (error, source, "from",
               _("set the number texts come from (or [sms] from), or a messaging-service-sid"));
      return NULL;
    }

  interval = read_key (keyfile, "poll-interval");
  if (interval != NULL)
    {
      guint64 seconds;

      if (!g_ascii_string_to_unsigned (interval, 10, 1, 3600, &seconds, NULL))
        {
          invalid (error, source, "poll-interval", _("expected a number of seconds between 1 and 3600"));
          return NULL;
        }
      self->poll_interval = (gint64) seconds * G_USEC_PER_SEC;
    }

  /* Only the origin is kept for paging: Twilio's next_page_uri is a path
   * from the server's root, path prefix included. */
  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  {
    g_autoptr(GUri) origin = g_uri_build (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL,
                                          g_uri_get_host (uri), g_uri_get_port (uri), "", NULL, NULL);
    self->origin = g_uri_to_string (origin);
  }
  self->messages_url = g_strdup_printf ("%s/2010-04-01/Accounts/%s/Messages", base_url, self->account_sid);

  /* The token itself is loaded when the gateway starts, off the main loop. */
  self->token_file = read_key (keyfile, "auth-token-file");
  if (self->token_file != NULL && !redial_secret_check_file (self->token_file, &local_error))
    {
      invalid (error, source, "auth-token-file", local_error->message);
      return NULL;
    }

  self->session = soup_session_new_with_options ("user-agent", "Redial/" PACKAGE_VERSION " ",
                                                 "max-conns-per-host", 8,
                                                 NULL);
  return REDIAL_SMS_GATEWAY (g_steal_pointer (&self));
}

/* Public API */

void
redial_twilio_sms_set_auth_token (RedialTwilioSms *self,
                                  const char      *token)
{
  g_return_if_fail (REDIAL_IS_TWILIO_SMS (self));

  /* The token given wins over the one being loaded. */
  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);

  set_token (self, token);
  release_waiting (self);
  if (token == NULL)
    {
      set_state (self, REDIAL_CONNECTION_AUTH_FAILED, _("No Twilio auth token: enter it in Preferences."));
      return;
    }

  set_state (self, REDIAL_CONNECTION_CONNECTING, _("Connecting to Twilio"));
  if (self->started)
    poll_inbound (self);
}

void
redial_twilio_sms_set_state_file (RedialTwilioSms *self,
                                  const char      *path)
{
  g_return_if_fail (REDIAL_IS_TWILIO_SMS (self));
  g_return_if_fail (!self->started);

  g_free (self->state_file);
  self->state_file = g_strdup (path);
}

const char *
redial_twilio_sms_get_status (RedialTwilioSms *self)
{
  g_return_val_if_fail (REDIAL_IS_TWILIO_SMS (self), NULL);
  return redial_link_get_status (REDIAL_LINK (self));
}

guint
redial_twilio_sms_get_n_requests (RedialTwilioSms *self)
{
  g_return_val_if_fail (REDIAL_IS_TWILIO_SMS (self), 0);
  return g_hash_table_size (self->requests) + (self->loading != NULL ? 1 : 0);
}

guint
redial_twilio_sms_handle_status_callback (RedialTwilioSms *self,
                                          const char      *url,
                                          GHashTable      *params,
                                          const char      *signature)
{
  const char *sid;
  const char *status;
  const char *code_text;
  guint64 code = 0;
  guint http_status;

  g_return_val_if_fail (REDIAL_IS_TWILIO_SMS (self), SOUP_STATUS_INTERNAL_SERVER_ERROR);

  http_status = check_webhook (self, url, params, signature);
  if (http_status != SOUP_STATUS_OK)
    return http_status;

  sid = params != NULL ? g_hash_table_lookup (params, "MessageSid") : NULL;
  status = params != NULL ? g_hash_table_lookup (params, "MessageStatus") : NULL;
  if (status == NULL && params != NULL)
    status = g_hash_table_lookup (params, "SmsStatus");
  if (!is_safe_id (sid) || status == NULL)
    {
      g_message ("A Twilio status callback without MessageSid or MessageStatus was skipped");
      return SOUP_STATUS_BAD_REQUEST;
    }

  code_text = g_hash_table_lookup (params, "ErrorCode");
  if (code_text != NULL && *code_text != '\0' &&
      !g_ascii_string_to_unsigned (code_text, 10, 0, G_MAXINT, &code, NULL))
    {
      g_message ("Text %s: the error code “%.16s” is not a number", sid, code_text);
      code = 0;
    }

  apply_status (self, sid, g_hash_table_lookup (params, "To"), status, (guint) code);
  return SOUP_STATUS_OK;
}

guint
redial_twilio_sms_handle_inbound (RedialTwilioSms *self,
                                  const char      *url,
                                  GHashTable      *params,
                                  const char      *signature)
{
  const char *sid;
  const char *from;
  const char *body;
  const char *account;
  guint http_status;

  g_return_val_if_fail (REDIAL_IS_TWILIO_SMS (self), SOUP_STATUS_INTERNAL_SERVER_ERROR);

  http_status = check_webhook (self, url, params, signature);
  if (http_status != SOUP_STATUS_OK)
    return http_status;

  sid = params != NULL ? g_hash_table_lookup (params, "MessageSid") : NULL;
  from = params != NULL ? g_hash_table_lookup (params, "From") : NULL;
  body = params != NULL ? g_hash_table_lookup (params, "Body") : NULL;
  account = params != NULL ? g_hash_table_lookup (params, "AccountSid") : NULL;
  if (!is_safe_id (sid) || from == NULL || *from == '\0')
    {
      g_message ("A Twilio inbound text without MessageSid or From was skipped");
      return SOUP_STATUS_BAD_REQUEST;
    }
  if (account != NULL && g_strcmp0 (account, self->account_sid) != 0)
    {
      g_message ("A Twilio inbound text for another account was refused");
      return SOUP_STATUS_FORBIDDEN;
    }

  /* Twilio may deliver a webhook more than once; a poll may have seen it. */
  if (g_hash_table_contains (self->seen_inbound, sid))
    return SOUP_STATUS_OK;

  report_inbound (self, sid, from, body != NULL ? body : "", redial_clock_now (self->clock));
  return SOUP_STATUS_OK;
}
