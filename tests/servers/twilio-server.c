/* twilio-server.c: the Twilio Messages API for tests, served from a thread of the test process.
 *
 * Written from Twilio's REST API reference, "Messages resource"
 * (https://www.twilio.com/docs/messaging/api/message-resource):
 *
 *   POST /2010-04-01/Accounts/{AccountSid}/Messages.json       create
 *   GET  /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json fetch
 *   GET  /2010-04-01/Accounts/{AccountSid}/Messages.json       list
 *
 * with HTTP Basic authentication (account SID and auth token); a form-
 * encoded create with To, From or MessagingServiceSid, Body and
 * StatusCallback; the list filters To, From, DateSent, DateSent< and
 * DateSent> (YYYY-MM-DD, GMT), PageSize (default 50, at most 1000), Page
 * and PageToken, newest first, with Twilio's paging fields ("Twilio API
 * responses": first_page_uri, next_page_uri, previous_page_uri, page,
 * page_size, start, end, uri); dates in RFC 2822; errors as
 * {"code", "message", "more_info", "status"}; and the magic To numbers of
 * Twilio's test credentials ("Test credentials": +15005550001 invalid,
 * 21211; +15005550002 cannot be routed, 21612; +15005550003 no
 * international permission, 21408; +15005550004 blocked, 21610;
 * +15005550009 cannot receive SMS, 21614).
 *
 * The webhooks Twilio makes are built, not sent: the status callback
 * (MessageSid, MessageStatus, ErrorCode, … to the StatusCallback URL) and
 * the inbound message webhook (MessageSid, From, To, Body, NumMedia, …),
 * each signed as "Webhooks security" describes: HMAC-SHA1, keyed with the
 * auth token, of the full URL followed by each POST parameter's name and
 * value sorted by name, in base64, as X-Twilio-Signature. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "twilio-server.h"

#define MAX_REQUEST_BYTES (64 * 1024)
#define MAX_BODY_CHARS    1600
#define DEFAULT_PAGE_SIZE 50
#define MAX_PAGE_SIZE     1000

typedef struct
{
  char   *sid;
  char   *direction;  /* "outbound-api" or "inbound" */
  char   *from;
  char   *to;
  char   *body;
  char   *status;
  char   *messaging_service_sid;
  char   *status_callback;
  guint   error_code;
  gint64  created;    /* Unix µs */
  gint64  updated;
  gint64  sent;       /* 0 while not sent */
  guint   order;
} Message;

typedef struct
{
  char        *kind;
  TwilioFault  fault;
  guint        status;
  guint        code;
  guint        retry_after;
} Fault;

typedef struct
{
  char       *url;
  GHashTable *params;
  char       *signature;
} Callback;

struct _TwilioServer
{
  char         *account_sid;
  char         *auth_token;
  char         *url;

  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  GPtrArray    *held;       /* SoupServerMessage never answered */

  GMutex        lock;       /* guards everything below, and @url until started */
  GCond         ready;
  gint64        now;
  guint         n_messages;
  GPtrArray    *messages;   /* Message, in order of creation */
  GQueue        faults;     /* Fault */
  GQueue        callbacks;  /* Callback */
  GHashTable   *counts;     /* kind → count */
  GHashTable   *last_form;
  char         *last_list_query;
  GHashTable   *received_at; /* To → monotonic µs */
};

static void
message_free (gpointer data)
{
  Message *message = data;

  g_free (message->sid);
  g_free (message->direction);
  g_free (message->from);
  g_free (message->to);
  g_free (message->body);
  g_free (message->status);
  g_free (message->messaging_service_sid);
  g_free (message->status_callback);
  g_free (message);
}

static void
fault_free (gpointer data)
{
  Fault *fault = data;

  g_free (fault->kind);
  g_free (fault);
}

static void
callback_free (gpointer data)
{
  Callback *callback = data;

  g_free (callback->url);
  g_hash_table_unref (callback->params);
  g_free (callback->signature);
  g_free (callback);
}

/* RFC 2822, in English whatever the locale. */
static char *
format_date (gint64 unix_us)
{
  static const char * const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char * const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (unix_us / G_USEC_PER_SEC);

  return g_strdup_printf ("%s, %02d %s %04d %02d:%02d:%02d +0000",
                          days[g_date_time_get_day_of_week (date) - 1],
                          g_date_time_get_day_of_month (date),
                          months[g_date_time_get_month (date) - 1],
                          g_date_time_get_year (date),
                          g_date_time_get_hour (date),
                          g_date_time_get_minute (date),
                          g_date_time_get_second (date));
}

static char *
format_day (gint64 unix_us)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (unix_us / G_USEC_PER_SEC);
  return g_date_time_format (date, "%Y-%m-%d");
}

static void
add_date (JsonBuilder *builder,
          const char  *name,
          gint64       unix_us)
{
  json_builder_set_member_name (builder, name);
  if (unix_us > 0)
    {
      g_autofree char *text = format_date (unix_us);
      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_null_value (builder);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
build_message (TwilioServer *self,
               JsonBuilder  *builder,
               Message      *message)
{
  g_autofree char *uri = g_strdup_printf ("/2010-04-01/Accounts/%s/Messages/%s.json",
                                          self->account_sid, message->sid);
  g_autofree char *media = g_strdup_printf ("/2010-04-01/Accounts/%s/Messages/%s/Media.json",
                                            self->account_sid, message->sid);

  json_builder_begin_object (builder);
  add_string (builder, "account_sid", self->account_sid);
  add_string (builder, "api_version", "2010-04-01");
  add_string (builder, "body", message->body);
  add_date (builder, "date_created", message->created);
  add_date (builder, "date_sent", message->sent);
  add_date (builder, "date_updated", message->updated);
  add_string (builder, "direction", message->direction);
  json_builder_set_member_name (builder, "error_code");
  if (message->error_code != 0)
    json_builder_add_int_value (builder, message->error_code);
  else
    json_builder_add_null_value (builder);
  add_string (builder, "error_message", NULL);
  add_string (builder, "from", message->from);
  add_string (builder, "messaging_service_sid", message->messaging_service_sid);
  add_string (builder, "num_media", "0");
  add_string (builder, "num_segments", "1");
  add_string (builder, "price", NULL);
  add_string (builder, "price_unit", "USD");
  add_string (builder, "sid", message->sid);
  add_string (builder, "status", message->status);
  json_builder_set_member_name (builder, "subresource_uris");
  json_builder_begin_object (builder);
  add_string (builder, "media", media);
  json_builder_end_object (builder);
  add_string (builder, "to", message->to);
  add_string (builder, "uri", uri);
  json_builder_end_object (builder);
}

static char *
to_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *content_type,
         char              *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, body, strlen (body));
}

static void
respond_error (SoupServerMessage *msg,
               guint              status,
               guint              code,
               const char        *text,
               guint              retry_after)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *more_info = g_strdup_printf ("https://www.twilio.com/docs/errors/%u", code);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_int_value (builder, code);
  add_string (builder, "message", text);
  add_string (builder, "more_info", more_info);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, status);
  json_builder_end_object (builder);

  if (retry_after > 0)
    {
      g_autofree char *value = g_strdup_printf ("%u", retry_after);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", value);
    }
  respond (msg, status, "application/json", to_json (builder));
}

/* Applies @fault to an answer whose proper body is @json (taken). */
static void
respond_with (TwilioServer      *self,
              SoupServerMessage *msg,
              guint              status,
              char              *json,
              Fault             *fault)
{
  if (fault == NULL)
    {
      respond (msg, status, "application/json", json);
      return;
    }

  switch (fault->fault)
    {
    case TWILIO_FAULT_GARBAGE:
      g_free (json);
      respond (msg, status, "text/html", g_strdup ("<html><body>Bad gateway?</body></html>"));
      break;
    case TWILIO_FAULT_TRUNCATED:
      json[strlen (json) / 2] = '\0';
      respond (msg, status, "application/json", json);
      break;
    case TWILIO_FAULT_OVERSIZED:
      {
        GString *big = g_string_new ("{\"padding\": \"");
        while (big->len < 3 * 1024 * 1024)
          g_string_append (big, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        g_string_append (big, "\"}");
        g_free (json);
        respond (msg, status, "application/json", g_string_free (big, FALSE));
      }
      break;
    case TWILIO_FAULT_WRONG_TYPES:
      g_free (json);
      respond (msg, status, "application/json",
               g_strdup ("{\"sid\": 12, \"status\": [\"sent\"], \"to\": {}, \"messages\": \"none\","
                         " \"error_code\": \"x\", \"next_page_uri\": 5, \"date_sent\": false}"));
      break;
    case TWILIO_FAULT_HANG_AFTER:
      g_free (json);
      soup_server_message_pause (msg);
      g_ptr_array_add (self->held, g_object_ref (msg));
      break;
    case TWILIO_FAULT_FOREIGN_PAGE:
    case TWILIO_FAULT_STATUS:
    case TWILIO_FAULT_HANG_BEFORE:
    default:
      respond (msg, status, "application/json", json);
      break;
    }
}

static Fault *
take_fault (TwilioServer *self,
            const char   *kind)
{
  for (GList *l = self->faults.head; l != NULL; l = l->next)
    {
      Fault *fault = l->data;

      if (g_str_equal (fault->kind, kind))
        {
          g_queue_delete_link (&self->faults, l);
          return fault;
        }
    }
  return NULL;
}

static Message *
find_message (TwilioServer *self,
              const char   *sid)
{
  for (guint i = 0; i < self->messages->len; i++)
    {
      Message *message = g_ptr_array_index (self->messages, i);
      if (g_str_equal (message->sid, sid))
        return message;
    }
  return NULL;
}

static gboolean
is_e164 (const char *number)
{
  gsize len;

  if (number == NULL || number[0] != '+' || number[1] < '1' || number[1] > '9')
    return FALSE;
  len = strlen (number + 1);
  if (len < 2 || len > 15)
    return FALSE;
  for (const char *p = number + 1; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static void
handle_create (TwilioServer      *self,
               SoupServerMessage *msg,
               Fault             *fault)
{
  static const struct { const char *to; guint code; guint status; const char *text; } magic[] = {
    { "+15005550001", 21211, 400, "The 'To' number +15005550001 is not a valid phone number." },
    { "+15005550002", 21612, 400, "The 'To' phone number is not currently reachable via SMS." },
    { "+15005550003", 21408, 400, "Permission to send an SMS has not been enabled for the region indicated by the 'To' number." },
    { "+15005550004", 21610, 400, "Attempt to send to unsubscribed recipient" },
    { "+15005550009", 21614, 400, "'To' number is not a valid mobile number" },
  };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *text = NULL;
  const char *content_type;
  const char *to, *from, *service, *body;
  Message *message;

  content_type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);
  if (g_strcmp0 (content_type, "application/x-www-form-urlencoded") != 0)
    {
      respond_error (msg, 400, 20001, "Expected a form-encoded body", 0);
      return;
    }

  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  form = soup_form_decode (text);
  g_clear_pointer (&self->last_form, g_hash_table_unref);
  self->last_form = g_hash_table_ref (form);

  to = g_hash_table_lookup (form, "To");
  from = g_hash_table_lookup (form, "From");
  service = g_hash_table_lookup (form, "MessagingServiceSid");
  body = g_hash_table_lookup (form, "Body");

  if (to != NULL && !g_hash_table_contains (self->received_at, to))
    g_hash_table_insert (self->received_at, g_strdup (to),
                         g_memdup2 (&(gint64) { g_get_monotonic_time () }, sizeof (gint64)));

  if (fault != NULL && fault->fault == TWILIO_FAULT_STATUS)
    {
      respond_error (msg, fault->status, fault->code, "Injected failure", fault->retry_after);
      return;
    }
  if (fault != NULL && fault->fault == TWILIO_FAULT_HANG_BEFORE)
    {
      soup_server_message_pause (msg);
      g_ptr_array_add (self->held, g_object_ref (msg));
      return;
    }

  if (to == NULL || *to == '\0')
    {
      respond_error (msg, 400, 21604, "A 'To' phone number is required.", 0);
      return;
    }
  if ((from == NULL || *from == '\0') && (service == NULL || *service == '\0'))
    {
      respond_error (msg, 400, 21603, "A 'From' phone number is required.", 0);
      return;
    }
  if (body == NULL || *body == '\0')
    {
      respond_error (msg, 400, 21602, "Message body is required.", 0);
      return;
    }
  if (g_utf8_strlen (body, -1) > MAX_BODY_CHARS)
    {
      respond_error (msg, 400, 21617, "The concatenated message body exceeds the 1600 character limit.", 0);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (magic); i++)
    if (g_str_equal (to, magic[i].to))
      {
        respond_error (msg, magic[i].status, magic[i].code, magic[i].text, 0);
        return;
      }
  if (!is_e164 (to))
    {
      g_autofree char *reason = g_strdup_printf ("The 'To' number %s is not a valid phone number.", to);
      respond_error (msg, 400, 21211, reason, 0);
      return;
    }

  message = g_new0 (Message, 1);
  message->sid = g_strdup_printf ("SM%032x", ++self->n_messages);
  message->direction = g_strdup ("outbound-api");
  message->from = g_strdup (from != NULL ? from : "+15005550006");
  message->to = g_strdup (to);
  message->body = g_strdup (body);
  message->messaging_service_sid = g_strdup (service);
  message->status_callback = g_strdup (g_hash_table_lookup (form, "StatusCallback"));
  message->status = g_strdup (service != NULL ? "accepted" : "queued");
  message->created = message->updated = self->now;
  message->order = self->n_messages;
  g_ptr_array_add (self->messages, message);

  builder = json_builder_new ();
  build_message (self, builder, message);
  respond_with (self, msg, 201, to_json (builder), fault);
}

static void
handle_fetch (TwilioServer      *self,
              SoupServerMessage *msg,
              const char        *sid,
              Fault             *fault)
{
  g_autoptr(JsonBuilder) builder = NULL;
  Message *message = find_message (self, sid);

  if (fault != NULL && fault->fault == TWILIO_FAULT_STATUS)
    {
      respond_error (msg, fault->status, fault->code, "Injected failure", fault->retry_after);
      return;
    }
  if (message == NULL)
    {
      respond_error (msg, 404, 20404, "The requested resource was not found", 0);
      return;
    }

  builder = json_builder_new ();
  build_message (self, builder, message);
  respond_with (self, msg, 200, to_json (builder), fault);
}

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  const Message *x = *(const Message * const *) a;
  const Message *y = *(const Message * const *) b;

  if (x->created != y->created)
    return x->created > y->created ? -1 : 1;
  return x->order > y->order ? -1 : 1;
}

/* A DateSent filter value: YYYY-MM-DD, or a date-time starting so. */
static char *
filter_day (GHashTable *query,
            const char *key)
{
  const char *value = query != NULL ? g_hash_table_lookup (query, key) : NULL;

  if (value == NULL || strlen (value) < 10)
    return NULL;
  return g_strndup (value, 10);
}

static void
append_query (GString    *out,
              const char *key,
              const char *value)
{
  g_autofree char *k = g_uri_escape_string (key, NULL, FALSE);
  g_autofree char *v = g_uri_escape_string (value, NULL, FALSE);

  g_string_append_printf (out, "%s%s=%s", out->len > 0 ? "&" : "", k, v);
}

static char *
page_uri (TwilioServer *self,
          GHashTable   *query,
          guint         page_size,
          guint         page)
{
  static const char * const kept[] = { "To", "From", "DateSent", "DateSent<", "DateSent>", NULL };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *size = g_strdup_printf ("%u", page_size);
  g_autofree char *number = g_strdup_printf ("%u", page);
  g_autofree char *token = g_strdup_printf ("PASM%030u", page);

  for (guint i = 0; kept[i] != NULL; i++)
    if (query != NULL && g_hash_table_contains (query, kept[i]))
      append_query (out, kept[i], g_hash_table_lookup (query, kept[i]));
  append_query (out, "PageSize", size);
  append_query (out, "Page", number);
  if (page > 0)
    append_query (out, "PageToken", token);
  return g_strdup_printf ("/2010-04-01/Accounts/%s/Messages.json?%s", self->account_sid, out->str);
}

static void
handle_list (TwilioServer      *self,
             SoupServerMessage *msg,
             GHashTable        *query,
             Fault             *fault)
{
  g_autoptr(GPtrArray) matches = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *on = filter_day (query, "DateSent");
  g_autofree char *before = filter_day (query, "DateSent<");
  g_autofree char *after = filter_day (query, "DateSent>");
  g_autofree char *uri = NULL;
  g_autofree char *first = NULL;
  const char *to = query != NULL ? g_hash_table_lookup (query, "To") : NULL;
  const char *from = query != NULL ? g_hash_table_lookup (query, "From") : NULL;
  const char *size_text = query != NULL ? g_hash_table_lookup (query, "PageSize") : NULL;
  const char *page_text = query != NULL ? g_hash_table_lookup (query, "Page") : NULL;
  guint64 page_size = DEFAULT_PAGE_SIZE;
  guint64 page = 0;
  guint start, end;

  g_free (self->last_list_query);
  self->last_list_query = g_strdup (g_uri_get_query (soup_server_message_get_uri (msg)));

  if (fault != NULL && fault->fault == TWILIO_FAULT_STATUS)
    {
      respond_error (msg, fault->status, fault->code, "Injected failure", fault->retry_after);
      return;
    }
  if ((size_text != NULL && !g_ascii_string_to_unsigned (size_text, 10, 1, MAX_PAGE_SIZE, &page_size, NULL)) ||
      (page_text != NULL && !g_ascii_string_to_unsigned (page_text, 10, 0, G_MAXINT, &page, NULL)))
    {
      respond_error (msg, 400, 20001, "Invalid paging parameters", 0);
      return;
    }

  for (guint i = 0; i < self->messages->len; i++)
    {
      Message *message = g_ptr_array_index (self->messages, i);
      g_autofree char *day = message->sent > 0 ? format_day (message->sent) : NULL;

      if ((to != NULL && g_strcmp0 (message->to, to) != 0) ||
          (from != NULL && g_strcmp0 (message->from, from) != 0))
        continue;
      /* Not yet sent: no date to compare. */
      if ((on != NULL || before != NULL || after != NULL) && day == NULL)
        continue;
      if ((on != NULL && strcmp (day, on) != 0) ||
          (before != NULL && strcmp (day, before) > 0) ||
          (after != NULL && strcmp (day, after) < 0))
        continue;
      g_ptr_array_add (matches, message);
    }
  g_ptr_array_sort (matches, newest_first);

  start = MIN ((guint) (page * page_size), matches->len);
  end = MIN (start + (guint) page_size, matches->len);
  uri = page_uri (self, query, page_size, page);
  first = page_uri (self, query, page_size, 0);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "end");
  json_builder_add_int_value (builder, end > start ? end - 1 : start);
  add_string (builder, "first_page_uri", first);
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint i = start; i < end; i++)
    build_message (self, builder, g_ptr_array_index (matches, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "next_page_uri");
  if (end < matches->len)
    {
      g_autofree char *next = page_uri (self, query, page_size, page + 1);

      if (fault != NULL && fault->fault == TWILIO_FAULT_FOREIGN_PAGE)
        {
          g_autofree char *foreign = g_strconcat ("https://attacker.example", next, NULL);
          json_builder_add_string_value (builder, foreign);
        }
      else
        json_builder_add_string_value (builder, next);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "page");
  json_builder_add_int_value (builder, page);
  json_builder_set_member_name (builder, "page_size");
  json_builder_add_int_value (builder, page_size);
  json_builder_set_member_name (builder, "previous_page_uri");
  if (page > 0)
    {
      g_autofree char *previous = page_uri (self, query, page_size, page - 1);
      json_builder_add_string_value (builder, previous);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "start");
  json_builder_add_int_value (builder, start);
  add_string (builder, "uri", uri);
  json_builder_end_object (builder);

  respond_with (self, msg, 200, to_json (builder), fault);
}

static gboolean
is_authorized (TwilioServer      *self,
               SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");
  g_autofree char *pair = g_strdup_printf ("%s:%s", self->account_sid, self->auth_token);
  g_autofree char *expected = g_base64_encode ((const guchar *) pair, strlen (pair));

  return header != NULL && g_str_has_prefix (header, "Basic ") &&
         g_str_equal (header + strlen ("Basic "), expected);
}

static void
count (TwilioServer *self,
       const char   *kind)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, kind));
  g_hash_table_replace (self->counts, g_strdup (kind), GUINT_TO_POINTER (n + 1));
}

static void
handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  TwilioServer *self = user_data;
  g_autofree char *prefix = g_strdup_printf ("/2010-04-01/Accounts/%s/Messages", self->account_sid);
  g_autofree char *sid = NULL;
  const char *method = soup_server_message_get_method (msg);
  const char *kind = NULL;
  const char *rest;
  Fault *fault = NULL;

  g_mutex_lock (&self->lock);

  if (g_str_has_prefix (path, prefix))
    {
      rest = path + strlen (prefix);
      if (g_str_equal (rest, ".json") && g_str_equal (method, "POST"))
        kind = TWILIO_CREATE;
      else if (g_str_equal (rest, ".json") && g_str_equal (method, "GET"))
        kind = TWILIO_LIST;
      else if (rest[0] == '/' && g_str_has_suffix (rest, ".json") && g_str_equal (method, "GET"))
        {
          kind = TWILIO_FETCH;
          sid = g_strndup (rest + 1, strlen (rest) - 1 - strlen (".json"));
        }
    }
  if (kind != NULL)
    count (self, kind);

  if (soup_server_message_get_request_body (msg)->length > MAX_REQUEST_BYTES)
    respond_error (msg, 413, 20001, "Request too large", 0);
  else if (!is_authorized (self, msg))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Basic realm=\"Twilio API\"");
      respond_error (msg, 401, 20003, "Authenticate", 0);
    }
  else if (kind == NULL)
    respond_error (msg, 404, 20404, "The requested resource was not found", 0);
  else
    {
      fault = take_fault (self, kind);
      if (g_str_equal (kind, TWILIO_CREATE))
        handle_create (self, msg, fault);
      else if (g_str_equal (kind, TWILIO_LIST))
        handle_list (self, msg, query, fault);
      else
        handle_fetch (self, msg, sid, fault);
      g_clear_pointer (&fault, fault_free);
    }

  g_mutex_unlock (&self->lock);
}

static gpointer
run_server (gpointer data)
{
  TwilioServer *self = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);

  self->server = soup_server_new ("server-header", "twilio-test-server ", NULL);
  soup_server_add_handler (self->server, "/2010-04-01", handle_request, self, NULL);
  if (!soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("The test Twilio server cannot listen: %s", error->message);

  uris = soup_server_get_uris (self->server);
  g_mutex_lock (&self->lock);
  self->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_cond_signal (&self->ready);
  g_mutex_unlock (&self->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (self->loop);

  soup_server_disconnect (self->server);
  g_ptr_array_set_size (self->held, 0);
  g_clear_object (&self->server);
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

TwilioServer *
twilio_server_new (const char *account_sid,
                   const char *auth_token)
{
  TwilioServer *self = g_new0 (TwilioServer, 1);

  self->account_sid = g_strdup (account_sid);
  self->auth_token = g_strdup (auth_token);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->held = g_ptr_array_new_with_free_func (g_object_unref);
  self->messages = g_ptr_array_new_with_free_func (message_free);
  self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->received_at = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_queue_init (&self->faults);
  g_queue_init (&self->callbacks);
  g_mutex_init (&self->lock);
  g_cond_init (&self->ready);

  g_mutex_lock (&self->lock);
  self->thread = g_thread_new ("twilio-server", run_server, self);
  while (self->url == NULL)
    g_cond_wait (&self->ready, &self->lock);
  g_mutex_unlock (&self->lock);
  return self;
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
twilio_server_free (TwilioServer *self)
{
  g_autoptr(GSource) quit = g_idle_source_new ();

  /* Quit from inside the server's loop: quitting from here could come
   * before the thread reaches g_main_loop_run(), which would then run for
   * ever. */
  g_source_set_callback (quit, quit_loop, self->loop, NULL);
  g_source_attach (quit, self->context);
  g_thread_join (self->thread);

  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_ptr_array_unref (self->held);
  g_ptr_array_unref (self->messages);
  g_queue_clear_full (&self->faults, fault_free);
  g_queue_clear_full (&self->callbacks, callback_free);
  g_hash_table_unref (self->counts);
  g_hash_table_unref (self->received_at);
  g_clear_pointer (&self->last_form, g_hash_table_unref);
  g_free (self->last_list_query);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->ready);
  g_free (self->account_sid);
  g_free (self->auth_token);
  g_free (self->url);
  g_free (self);
}

const char *
twilio_server_get_url (TwilioServer *self)
{
  return self->url;
}

void
twilio_server_set_now (TwilioServer *self,
                       gint64        now_us)
{
  g_mutex_lock (&self->lock);
  self->now = now_us;
  g_mutex_unlock (&self->lock);
}

void
twilio_server_add_fault (TwilioServer *self,
                         const char   *kind,
                         TwilioFault   fault,
                         guint         status,
                         guint         code,
                         guint         retry_after_s)
{
  Fault *entry = g_new0 (Fault, 1);

  entry->kind = g_strdup (kind);
  entry->fault = fault;
  entry->status = status;
  entry->code = code;
  entry->retry_after = retry_after_s;

  g_mutex_lock (&self->lock);
  g_queue_push_tail (&self->faults, entry);
  g_mutex_unlock (&self->lock);
}

guint
twilio_server_count_requests (TwilioServer *self,
                              const char   *kind)
{
  guint n = 0;

  g_mutex_lock (&self->lock);
  if (kind != NULL)
    n = GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, kind));
  else
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->counts);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        n += GPOINTER_TO_UINT (value);
    }
  g_mutex_unlock (&self->lock);
  return n;
}

guint
twilio_server_count_created (TwilioServer *self)
{
  guint n = 0;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->messages->len; i++)
    if (g_str_equal (((Message *) g_ptr_array_index (self->messages, i))->direction, "outbound-api"))
      n++;
  g_mutex_unlock (&self->lock);
  return n;
}

guint
twilio_server_count_created_to (TwilioServer *self,
                                const char   *to)
{
  guint n = 0;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->messages->len; i++)
    {
      Message *message = g_ptr_array_index (self->messages, i);

      if (g_str_equal (message->direction, "outbound-api") && g_str_equal (message->to, to))
        n++;
    }
  g_mutex_unlock (&self->lock);
  return n;
}

char *
twilio_server_dup_last_param (TwilioServer *self,
                              const char   *name)
{
  char *value = NULL;

  g_mutex_lock (&self->lock);
  if (self->last_form != NULL)
    value = g_strdup (g_hash_table_lookup (self->last_form, name));
  g_mutex_unlock (&self->lock);
  return value;
}

char *
twilio_server_dup_last_list_query (TwilioServer *self)
{
  char *value;

  g_mutex_lock (&self->lock);
  value = g_strdup (self->last_list_query);
  g_mutex_unlock (&self->lock);
  return value;
}

gint64
twilio_server_get_received_at (TwilioServer *self,
                               const char   *to)
{
  gint64 *at;
  gint64 value = 0;

  g_mutex_lock (&self->lock);
  at = g_hash_table_lookup (self->received_at, to);
  if (at != NULL)
    value = *at;
  g_mutex_unlock (&self->lock);
  return value;
}

char *
twilio_server_dup_sid_for (TwilioServer *self,
                           const char   *to)
{
  char *sid = NULL;

  g_mutex_lock (&self->lock);
  for (guint i = self->messages->len; i > 0 && sid == NULL; i--)
    {
      Message *message = g_ptr_array_index (self->messages, i - 1);

      if (g_str_equal (message->direction, "outbound-api") && g_str_equal (message->to, to))
        sid = g_strdup (message->sid);
    }
  g_mutex_unlock (&self->lock);
  return sid;
}

static char *
sign (const char *token,
      const char *url,
      GHashTable *params)
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA1, (const guchar *) token, strlen (token));
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (params), (GCompareFunc) strcmp);
  guint8 digest[20];
  gsize len = sizeof digest;

  g_hmac_update (hmac, (const guchar *) url, -1);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      g_hmac_update (hmac, l->data, -1);
      g_hmac_update (hmac, g_hash_table_lookup (params, l->data), -1);
    }
  g_hmac_get_digest (hmac, digest, &len);
  return g_base64_encode (digest, len);
}

char *
twilio_server_sign (TwilioServer *self,
                    const char   *url,
                    GHashTable   *params)
{
  return sign (self->auth_token, url, params);
}

static GHashTable *
new_params (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
put (GHashTable *params,
     const char *key,
     const char *value)
{
  g_hash_table_replace (params, g_strdup (key), g_strdup (value));
}

void
twilio_server_set_status (TwilioServer *self,
                          const char   *sid,
                          const char   *status,
                          guint         error_code)
{
  Message *message;

  g_mutex_lock (&self->lock);
  message = find_message (self, sid);
  g_assert (message != NULL);

  g_free (message->status);
  message->status = g_strdup (status);
  message->error_code = error_code;
  message->updated = self->now;
  if (message->sent == 0 && (g_str_equal (status, "sent") || g_str_equal (status, "delivered") ||
                             g_str_equal (status, "undelivered")))
    message->sent = self->now;

  if (message->status_callback != NULL)
    {
      Callback *callback = g_new0 (Callback, 1);

      callback->url = g_strdup (message->status_callback);
      callback->params = new_params ();
      put (callback->params, "AccountSid", self->account_sid);
      put (callback->params, "ApiVersion", "2010-04-01");
      put (callback->params, "From", message->from);
      put (callback->params, "MessageSid", message->sid);
      put (callback->params, "MessageStatus", status);
      put (callback->params, "SmsSid", message->sid);
      put (callback->params, "SmsStatus", status);
      put (callback->params, "To", message->to);
      if (error_code != 0)
        {
          g_autofree char *code = g_strdup_printf ("%u", error_code);
          put (callback->params, "ErrorCode", code);
        }
      callback->signature = sign (self->auth_token, callback->url, callback->params);
      g_queue_push_tail (&self->callbacks, callback);
    }
  g_mutex_unlock (&self->lock);
}

gboolean
twilio_server_pop_callback (TwilioServer  *self,
                            char         **url,
                            GHashTable   **params,
                            char         **signature)
{
  Callback *callback;

  g_mutex_lock (&self->lock);
  callback = g_queue_pop_head (&self->callbacks);
  g_mutex_unlock (&self->lock);
  if (callback == NULL)
    return FALSE;

  *url = g_steal_pointer (&callback->url);
  *params = g_steal_pointer (&callback->params);
  *signature = g_steal_pointer (&callback->signature);
  g_free (callback);
  return TRUE;
}

char *
twilio_server_add_inbound (TwilioServer *self,
                           const char   *from,
                           const char   *to,
                           const char   *body,
                           gint64        sent_at)
{
  Message *message = g_new0 (Message, 1);
  char *sid;

  g_mutex_lock (&self->lock);
  message->sid = g_strdup_printf ("SM%032x", ++self->n_messages);
  message->direction = g_strdup ("inbound");
  message->from = g_strdup (from);
  message->to = g_strdup (to);
  message->body = g_strdup (body);
  message->status = g_strdup ("received");
  message->created = message->updated = message->sent = sent_at;
  message->order = self->n_messages;
  g_ptr_array_add (self->messages, message);
  sid = g_strdup (message->sid);
  g_mutex_unlock (&self->lock);
  return sid;
}

void
twilio_server_inbound_webhook (TwilioServer  *self,
                               const char    *sid,
                               const char    *url,
                               GHashTable   **params,
                               char         **signature)
{
  Message *message;
  GHashTable *form = new_params ();

  g_mutex_lock (&self->lock);
  message = find_message (self, sid);
  g_assert (message != NULL);
  put (form, "AccountSid", self->account_sid);
  put (form, "ApiVersion", "2010-04-01");
  put (form, "Body", message->body);
  put (form, "From", message->from);
  put (form, "FromCity", "CHICAGO");
  put (form, "FromCountry", "US");
  put (form, "FromState", "IL");
  put (form, "FromZip", "60601");
  put (form, "MessageSid", message->sid);
  put (form, "NumMedia", "0");
  put (form, "NumSegments", "1");
  put (form, "SmsMessageSid", message->sid);
  put (form, "SmsSid", message->sid);
  put (form, "SmsStatus", "received");
  put (form, "To", message->to);
  put (form, "ToCity", "CHICAGO");
  put (form, "ToCountry", "US");
  put (form, "ToState", "IL");
  put (form, "ToZip", "60601");
  g_mutex_unlock (&self->lock);

  *signature = sign (self->auth_token, url, form);
  *params = form;
}
