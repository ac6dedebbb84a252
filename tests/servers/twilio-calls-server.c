/* twilio-calls-server.c: a Twilio-compatible Calls list, with paging and faults, for tests.
 * See twilio-calls-server.h for the documents it follows. */
#include "config.h"

#include <json-glib/json-glib.h>

#include "twilio-calls-server.h"

#define API_VERSION "2010-04-01"
#define DEFAULT_PAGE_SIZE 50
#define MAX_PAGE_SIZE 1000

typedef struct
{
  char   *sid;
  char   *json;   /* the entry as served */
  gint64  start;
} Entry;

struct _TwilioCallsServer
{
  SoupServer  *server;
  char        *account_sid;
  char        *auth_token;
  char        *base_url;
  char        *last_query;
  guint        page_size;
  GPtrArray   *entries;  /* Entry, newest first */
  TwilioFault  fault;
  guint        n_before_fault;
  guint        n_faults;
  guint        n_requests;
  guint        n_refused;
  GPtrArray   *hanging;  /* SoupServerMessage never answered */
};

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->sid);
  g_free (entry->json);
  g_free (entry);
}

/* RFC 2822 in UTC, in English whatever the locale. */
static char *
rfc2822 (gint64 unix_us)
{
  static const char * const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char * const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_us / G_USEC_PER_SEC);

  return g_strdup_printf ("%s, %02d %s %d %02d:%02d:%02d +0000",
                          days[g_date_time_get_day_of_week (time) - 1],
                          g_date_time_get_day_of_month (time),
                          months[g_date_time_get_month (time) - 1],
                          g_date_time_get_year (time),
                          g_date_time_get_hour (time),
                          g_date_time_get_minute (time),
                          g_date_time_get_second (time));
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *member,
                    const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
insert_entry (TwilioCallsServer *self,
              const char        *sid,
              char              *json,
              gint64             start)
{
  Entry *entry = g_new0 (Entry, 1);
  guint i;

  entry->sid = g_strdup (sid);
  entry->json = json;
  entry->start = start;

  for (i = 0; *sid != '\0' && i < self->entries->len; i++)
    if (g_str_equal (((Entry *) g_ptr_array_index (self->entries, i))->sid, sid))
      {
        g_ptr_array_remove_index (self->entries, i);
        break;
      }

  for (i = 0; i < self->entries->len; i++)
    if (((Entry *) g_ptr_array_index (self->entries, i))->start < start)
      break;
  g_ptr_array_insert (self->entries, (gint) i, entry);
}

void
twilio_calls_server_add_call (TwilioCallsServer *self,
                              const char        *sid,
                              const char        *direction,
                              const char        *status,
                              const char        *from,
                              const char        *to,
                              const char        *caller_name,
                              gint64             start_us,
                              gint64             end_us)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *start = rfc2822 (start_us);
  g_autofree char *end = end_us != 0 ? rfc2822 (end_us) : NULL;
  g_autofree char *updated = rfc2822 (MAX (start_us, end_us) + 2 * G_USEC_PER_SEC);
  g_autofree char *uri = g_strdup_printf ("/%s/Accounts/%s/Calls/%s.json", API_VERSION, self->account_sid, sid);
  g_autofree char *duration = end_us != 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, (end_us - start_us) / G_USEC_PER_SEC)
                                          : NULL;

  json_builder_begin_object (builder);
  add_string_or_null (builder, "account_sid", self->account_sid);
  add_string_or_null (builder, "annotation", NULL);
  add_string_or_null (builder, "answered_by", NULL);
  add_string_or_null (builder, "api_version", API_VERSION);
  add_string_or_null (builder, "caller_name", caller_name);
  add_string_or_null (builder, "date_created", start);
  add_string_or_null (builder, "date_updated", updated);
  add_string_or_null (builder, "direction", direction);
  add_string_or_null (builder, "duration", duration);
  add_string_or_null (builder, "end_time", end);
  add_string_or_null (builder, "forwarded_from", NULL);
  add_string_or_null (builder, "from", from);
  add_string_or_null (builder, "from_formatted", from);
  add_string_or_null (builder, "group_sid", NULL);
  add_string_or_null (builder, "parent_call_sid", NULL);
  add_string_or_null (builder, "phone_number_sid", "PN00000000000000000000000000000001");
  add_string_or_null (builder, "price", end_us != 0 ? "-0.00850" : NULL);
  add_string_or_null (builder, "price_unit", "USD");
  add_string_or_null (builder, "queue_time", "0");
  add_string_or_null (builder, "sid", sid);
  add_string_or_null (builder, "start_time", start);
  add_string_or_null (builder, "status", status);
  json_builder_set_member_name (builder, "subresource_uris");
  json_builder_begin_object (builder);
  {
    g_autofree char *notifications = g_strdup_printf ("/%s/Accounts/%s/Calls/%s/Notifications.json",
                                                      API_VERSION, self->account_sid, sid);
    g_autofree char *recordings = g_strdup_printf ("/%s/Accounts/%s/Calls/%s/Recordings.json",
                                                   API_VERSION, self->account_sid, sid);
    add_string_or_null (builder, "notifications", notifications);
    add_string_or_null (builder, "recordings", recordings);
  }
  json_builder_end_object (builder);
  add_string_or_null (builder, "to", to);
  add_string_or_null (builder, "to_formatted", to);
  add_string_or_null (builder, "trunk_sid", NULL);
  add_string_or_null (builder, "uri", uri);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  insert_entry (self, sid, json_generator_to_data (generator, NULL), start_us);
}

void
twilio_calls_server_add_raw (TwilioCallsServer *self,
                             const char        *json,
                             gint64             start_us)
{
  insert_entry (self, "", g_strdup (json), start_us);
}

static char *
list_uri (TwilioCallsServer *self,
          const char        *since,
          guint              page_size,
          guint              page,
          const char        *token)
{
  GString *uri = g_string_new (NULL);

  g_string_append_printf (uri, "/%s/Accounts/%s/Calls.json?", API_VERSION, self->account_sid);
  if (since != NULL)
    g_string_append_printf (uri, "StartTime%%3E=%s&", since);
  g_string_append_printf (uri, "PageSize=%u&Page=%u", page_size, page);
  if (token != NULL)
    g_string_append_printf (uri, "&PageToken=%s", token);
  return g_string_free (uri, FALSE);
}

static void
reply_json (SoupServerMessage *msg,
            guint              status,
            char              *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_TAKE, json, strlen (json));
}

static void
reply_error (SoupServerMessage *msg,
             guint              status,
             guint              code,
             const char        *message)
{
  reply_json (msg, status,
              g_strdup_printf ("{\"code\": %u, \"message\": \"%s\", "
                               "\"more_info\": \"https://www.twilio.com/docs/errors/%u\", \"status\": %u}",
                               code, message, code, status));
}

static gboolean
authorized (TwilioCallsServer *self,
            SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  g_autofree char *credentials = g_strconcat (self->account_sid, ":", self->auth_token, NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  g_autofree char *expected = g_strconcat ("Basic ", encoded, NULL);

  return g_strcmp0 (header, expected) == 0;
}

/* Midnight UTC of a YYYY-MM-DD date, or G_MININT64 for none. */
static gint64
parse_day (const char *text)
{
  g_autofree char *iso = NULL;
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL)
    return G_MININT64;
  iso = g_strconcat (text, "T00:00:00Z", NULL);
  time = g_date_time_new_from_iso8601 (iso, NULL);
  return time != NULL ? g_date_time_to_unix (time) * G_USEC_PER_SEC : G_MININT64;
}

static void
serve_fault (TwilioCallsServer *self,
             SoupServerMessage *msg,
             TwilioFault        fault)
{
  switch (fault)
    {
    case TWILIO_FAULT_SERVER_ERROR:
      reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, 20500, "Internal Server Error");
      break;
    case TWILIO_FAULT_RATE_LIMITED:
      reply_error (msg, 429, 20429, "Too Many Requests");
      break;
    case TWILIO_FAULT_GARBAGE:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                        "<html><body>Gateway maintenance</body></html>", 45);
      break;
    case TWILIO_FAULT_TRUNCATED:
      reply_json (msg, SOUP_STATUS_OK,
                  g_strdup ("{\"calls\": [{\"sid\": \"CA0000000000000000000000000000dead\", \"status\": \"no-an"));
      break;
    case TWILIO_FAULT_OVERSIZED:
      {
        GString *json = g_string_new ("{\"calls\": [], \"padding\": \"");

        for (guint i = 0; i < 5 * 1024 * 1024; i++)
          g_string_append_c (json, 'x');
        g_string_append (json, "\", \"next_page_uri\": null}");
        reply_json (msg, SOUP_STATUS_OK, g_string_free (json, FALSE));
      }
      break;
    case TWILIO_FAULT_TOO_DEEP:
      {
        GString *json = g_string_new (NULL);

        for (guint i = 0; i < 100000; i++)
          g_string_append_c (json, '[');
        reply_json (msg, SOUP_STATUS_OK, g_string_free (json, FALSE));
      }
      break;
    case TWILIO_FAULT_NO_CALLS:
      reply_json (msg, SOUP_STATUS_OK, g_strdup ("{\"messages\": [], \"next_page_uri\": null}"));
      break;
    case TWILIO_FAULT_FOREIGN_NEXT_PAGE:
      reply_json (msg, SOUP_STATUS_OK,
                  g_strdup_printf ("{\"calls\": [], \"next_page_uri\": "
                                   "\"https://collector.example/%s/Accounts/%s/Calls.json?Page=1\"}",
                                   API_VERSION, self->account_sid));
      break;
    case TWILIO_FAULT_HANG:
      soup_server_message_pause (msg);
      g_ptr_array_add (self->hanging, g_object_ref (msg));
      break;
    case TWILIO_FAULT_NONE:
    default:
      g_assert_not_reached ();
    }
}

static void
on_request (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  TwilioCallsServer *self = user_data;
  g_autofree char *list_path = g_strdup_printf ("/%s/Accounts/%s/Calls.json", API_VERSION, self->account_sid);
  g_autoptr(GString) json = g_string_new (NULL);
  g_autofree char *first = NULL;
  g_autofree char *this_page = NULL;
  g_autofree char *next = NULL;
  g_autofree char *previous = NULL;
  const char *since = query != NULL ? g_hash_table_lookup (query, "StartTime>") : NULL;
  const char *size_text = query != NULL ? g_hash_table_lookup (query, "PageSize") : NULL;
  const char *page_text = query != NULL ? g_hash_table_lookup (query, "Page") : NULL;
  const char *token = query != NULL ? g_hash_table_lookup (query, "PageToken") : NULL;
  gint64 since_us = parse_day (since);
  g_autoptr(GPtrArray) listed = g_ptr_array_new ();
  guint page_size = self->page_size;
  guint page = 0;
  guint offset = 0;
  guint n;

  self->n_requests++;
  g_free (self->last_query);
  self->last_query = g_strdup (g_uri_get_query (soup_server_message_get_uri (msg)));

  if (soup_server_message_get_method (msg) != SOUP_METHOD_GET)
    {
      reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, 20004, "Method not allowed");
      return;
    }

  if (!authorized (self, msg))
    {
      self->n_refused++;
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Basic realm=\"Twilio API\"");
      reply_error (msg, SOUP_STATUS_UNAUTHORIZED, 20003, "Authenticate");
      return;
    }

  if (!g_str_equal (path, list_path))
    {
      reply_error (msg, SOUP_STATUS_NOT_FOUND, 20404, "The requested resource was not found");
      return;
    }

  if (self->n_before_fault > 0)
    self->n_before_fault--;
  else if (self->n_faults > 0)
    {
      self->n_faults--;
      serve_fault (self, msg, self->fault);
      return;
    }

  if (size_text != NULL)
    page_size = CLAMP ((guint) g_ascii_strtoull (size_text, NULL, 10), 1, MAX_PAGE_SIZE);
  page_size = MIN (page_size, self->page_size);
  if (page_text != NULL)
    page = (guint) g_ascii_strtoull (page_text, NULL, 10);

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->start >= since_us)
        g_ptr_array_add (listed, entry);
    }

  /* A page token names the last call of the page before, so calls added
   * meanwhile do not shift the pages. */
  if (token != NULL && g_str_has_prefix (token, "PA"))
    {
      offset = listed->len;
      for (guint i = 0; i < listed->len; i++)
        if (g_str_equal (((Entry *) g_ptr_array_index (listed, i))->sid, token + 2))
          {
            offset = i + 1;
            break;
          }
    }
  else
    offset = page * page_size;
  offset = MIN (offset, listed->len);
  n = MIN (page_size, listed->len - offset);

  g_string_append (json, "{\"calls\": [");
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (json, ", ");
      g_string_append (json, ((Entry *) g_ptr_array_index (listed, offset + i))->json);
    }
  g_string_append (json, "]");

  first = list_uri (self, since, page_size, 0, NULL);
  this_page = list_uri (self, since, page_size, page, token);
  if (offset + n < listed->len)
    {
      g_autofree char *next_token = g_strconcat ("PA", ((Entry *) g_ptr_array_index (listed, offset + n - 1))->sid, NULL);
      next = list_uri (self, since, page_size, page + 1, next_token);
    }
  if (page > 0)
    previous = list_uri (self, since, page_size, page - 1, NULL);

  g_string_append_printf (json, ", \"end\": %u", n > 0 ? offset + n - 1 : offset);
  g_string_append_printf (json, ", \"first_page_uri\": \"%s\"", first);
  if (next != NULL)
    g_string_append_printf (json, ", \"next_page_uri\": \"%s\"", next);
  else
    g_string_append (json, ", \"next_page_uri\": null");
  g_string_append_printf (json, ", \"page\": %u, \"page_size\": %u", page, page_size);
  if (previous != NULL)
    g_string_append_printf (json, ", \"previous_page_uri\": \"%s\"", previous);
  else
    g_string_append (json, ", \"previous_page_uri\": null");
  g_string_append_printf (json, ", \"start\": %u, \"uri\": \"%s\"}", offset, this_page);

  reply_json (msg, SOUP_STATUS_OK, g_string_free (g_steal_pointer (&json), FALSE));
}

TwilioCallsServer *
twilio_calls_server_new (const char *account_sid,
                         const char *auth_token)
{
  TwilioCallsServer *self = g_new0 (TwilioCallsServer, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  self->account_sid = g_strdup (account_sid);
  self->auth_token = g_strdup (auth_token);
  self->page_size = DEFAULT_PAGE_SIZE;
  self->entries = g_ptr_array_new_with_free_func (entry_free);
  self->hanging = g_ptr_array_new_with_free_func (g_object_unref);
  self->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->server, NULL, on_request, self, NULL);
  soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (self->server);
  self->base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return self;
}

void
twilio_calls_server_free (TwilioCallsServer *self)
{
  soup_server_disconnect (self->server);
  g_object_unref (self->server);
  g_ptr_array_unref (self->hanging);
  g_ptr_array_unref (self->entries);
  g_free (self->account_sid);
  g_free (self->auth_token);
  g_free (self->base_url);
  g_free (self->last_query);
  g_free (self);
}

const char *
twilio_calls_server_get_base_url (TwilioCallsServer *self)
{
  return self->base_url;
}

void
twilio_calls_server_set_auth_token (TwilioCallsServer *self,
                                    const char        *auth_token)
{
  g_free (self->auth_token);
  self->auth_token = g_strdup (auth_token);
}

void
twilio_calls_server_set_page_size (TwilioCallsServer *self,
                                   guint              page_size)
{
  self->page_size = CLAMP (page_size, 1, MAX_PAGE_SIZE);
}

void
twilio_calls_server_fail (TwilioCallsServer *self,
                          TwilioFault        fault,
                          guint              after,
                          guint              n_requests)
{
  self->fault = fault;
  self->n_before_fault = after;
  self->n_faults = n_requests;
}

guint
twilio_calls_server_get_n_requests (TwilioCallsServer *self)
{
  return self->n_requests;
}

const char *
twilio_calls_server_get_last_query (TwilioCallsServer *self)
{
  return self->last_query;
}

guint
twilio_calls_server_get_n_refused (TwilioCallsServer *self)
{
  return self->n_refused;
}
