/* redial-twilio-voice.c: missed calls from Twilio, or an API compatible with it, by polling the Calls list. */
#include "config.h"

#define G_LOG_DOMAIN "redial-twilio"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "redial-settings.h"
#include "redial-enums.h"
#include "redial-json.h"
#include "redial-secret.h"
#include "redial-twilio-signature.h"
#include "redial-twilio-voice.h"

#define PROVIDER "twilio"
#define SECONDS(n) ((gint64) (n) * G_USEC_PER_SEC)

/* Without a saved position, the first poll looks back a day; with one, it
 * never looks back more than a week, which bounds the work after a long
 * time off. */
#define FIRST_LOOKBACK_US SECONDS (24 * 3600)
#define MAX_LOOKBACK_US SECONDS (7 * 24 * 3600)
/* A call that started before the newest one seen may still have been
 * ringing at the last poll: each poll looks this far behind it. */
#define OVERLAP_US SECONDS (3600)
#define DEFAULT_POLL_INTERVAL 60
#define REQUEST_TIMEOUT_US SECONDS (30)
#define FIRST_RETRY_US SECONDS (5)
#define LAST_RETRY_US SECONDS (300)
#define PAGE_SIZE 100
#define MAX_PAGES 50
#define MAX_RESPONSE_BYTES (4 * 1024 * 1024)
#define READ_CHUNK 65536
/* A page is an object holding an array of flat call objects, whose
 * subresource_uris is one level deeper. */
#define MAX_JSON_DEPTH 8
#define MAX_SID_BYTES 64
#define MAX_TEXT_BYTES 256

G_DEFINE_QUARK (redial-twilio-voice-error-quark, redial_twilio_voice_error)

typedef enum
{
  PROBLEM_UNREACHABLE,  /* no answer at all */
  PROBLEM_BAD_ANSWER,   /* an answer Redial cannot use */
  PROBLEM_AUTH,         /* the credentials were refused */
} Problem;

typedef struct _Poll Poll;

struct _RedialTwilioVoice
{
  RedialLink             parent_instance;

  RedialClock           *clock;
  RedialWebhookServer   *server;
  SoupSession           *session;

  GUri                  *base_uri;
  char                  *base_url;  /* without a trailing "/" */
  char                  *account_sid;
  char                  *token_file;
  char                  *public_url;
  gint64                 poll_interval;
  char                  *state_path;

  char                  *token;
  GCancellable          *loading;  /* the token being loaded, or NULL */
  gboolean               running;
  gboolean               held;
  guint                  timer;
  Poll                  *poll;
  gint64                 newest_seen;
  guint                  n_polls;
  GHashTable            *seen;  /* CallSid → start (Unix µs), to report each call once */
};

G_DEFINE_FINAL_TYPE_WITH_CODE (RedialTwilioVoice, redial_twilio_voice, REDIAL_TYPE_LINK,
                               G_IMPLEMENT_INTERFACE (REDIAL_TYPE_PHONE_SYSTEM, NULL))

/* One walk through the pages of the Calls list. */
struct _Poll
{
  RedialTwilioVoice *self;
  GCancellable      *cancellable;
  guint              timeout;
  gboolean           timed_out;
  SoupMessage       *message;
  GInputStream      *stream;
  GByteArray        *body;
  guint              n_pages;
  gint64             window_start;
  gint64             newest;
  GHashTable        *found;  /* CallSid → RedialCallEvent */
};

static void fetch_page (Poll *poll, GUri *uri);

static void
set_state (RedialTwilioVoice     *self,
           RedialConnectionState  state,
           const char            *status)
{
  redial_link_set_state (REDIAL_LINK (self), state, status);
}

static const char *
host (RedialTwilioVoice *self)
{
  return g_uri_get_host (self->base_uri);
}

static gint64
unix_us (GDateTime *time)
{
  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

/* Twilio writes times as RFC 2822: "Tue, 31 Aug 2010 20:36:28 +0000". */
static gboolean
parse_rfc2822 (const char *text,
               gint64     *out)
{
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL || *text == '\0' || strlen (text) > 64)
    return FALSE;
  time = soup_date_time_new_from_http_string (text);
  if (time == NULL)
    return FALSE;
  *out = unix_us (time);
  return TRUE;
}

static gboolean
is_sid (const char *text)
{
  gsize length;

  if (text == NULL)
    return FALSE;
  length = strlen (text);
  if (length == 0 || length > MAX_SID_BYTES)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (text[i]) && text[i] != '-' && text[i] != '_')
      return FALSE;
  return TRUE;
}

static gboolean
map_status (const char        *status,
            RedialDisposition *out)
{
  if (g_strcmp0 (status, "no-answer") == 0)
    *out = REDIAL_DISPOSITION_NO_ANSWER;
  else if (g_strcmp0 (status, "busy") == 0)
    *out = REDIAL_DISPOSITION_BUSY;
  /* The caller hung up while it was still ringing. */
  else if (g_strcmp0 (status, "canceled") == 0)
    *out = REDIAL_DISPOSITION_ABANDONED;
  else
    return FALSE;
  return TRUE;
}

/* A short text member, or NULL when absent, null, not a string, or too
 * long to be what it claims. */
static const char *
member_text (JsonObject *object,
             const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *text;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  text = json_node_get_string (node);
  if (text == NULL || *text == '\0' || strlen (text) > MAX_TEXT_BYTES)
    return NULL;
  return text;
}

/* Reads one entry of the Calls list. Returns FALSE with @reason for an
 * entry that cannot be read; otherwise fills @start and, for an inbound
 * call that went unanswered, @event. */
static gboolean
read_call (RedialTwilioVoice  *self,
           JsonNode           *node,
           gint64             *start,
           RedialCallEvent   **event,
           char              **reason)
{
  g_autoptr(RedialCallEvent) call = NULL;
  JsonObject *object;
  const char *sid, *status, *direction;
  RedialDisposition disposition;
  gint64 end;

  *event = NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      *reason = g_strdup (_("an entry is not an object"));
      return FALSE;
    }
  object = json_node_get_object (node);

  sid = member_text (object, "sid");
  if (!is_sid (sid))
    {
      *reason = g_strdup (_("an entry has no usable “sid”"));
      return FALSE;
    }

  if (!parse_rfc2822 (member_text (object, "start_time"), start) &&
      !parse_rfc2822 (member_text (object, "date_created"), start))
    {
      *reason = g_strdup_printf (_("call %s has no readable “start_time”"), sid);
      return FALSE;
    }
  if (*start > redial_clock_now (self->clock) + SECONDS (24 * 3600))
    {
      *reason = g_strdup_printf (_("call %s starts in the future"), sid);
      return FALSE;
    }

  status = member_text (object, "status");
  if (status == NULL)
    {
      *reason = g_strdup_printf (_("call %s has no “status”"), sid);
      return FALSE;
    }

  direction = member_text (object, "direction");
  if (g_strcmp0 (direction, "inbound") != 0 || !map_status (status, &disposition))
    return TRUE;

  /* Twilio leaves end_time empty for calls that never connected. */
  if (!parse_rfc2822 (member_text (object, "end_time"), &end) || end < *start)
    end = *start;

  call = redial_call_event_new ();
  call->provider = g_strdup (PROVIDER);
  call->provider_call_id = g_strdup (sid);
  call->caller = g_strdup (member_text (object, "from"));
  call->caller_name = g_strdup (member_text (object, "caller_name"));
  call->line = g_strdup (member_text (object, "to"));
  call->started_at = *start;
  call->ended_at = end;
  call->disposition = disposition;
  *event = g_steal_pointer (&call);
  return TRUE;
}

static int
compare_start (gconstpointer a,
               gconstpointer b)
{
  const RedialCallEvent *first = *(RedialCallEvent * const *) a;
  const RedialCallEvent *second = *(RedialCallEvent * const *) b;

  if (first->started_at != second->started_at)
    return first->started_at < second->started_at ? -1 : 1;
  return g_strcmp0 (first->provider_call_id, second->provider_call_id);
}

static void
remember (RedialTwilioVoice *self,
          const char        *sid,
          gint64             start)
{
  gint64 *value = g_new (gint64, 1);

  *value = start;
  g_hash_table_replace (self->seen, g_strdup (sid), value);
}

static void
emit (RedialTwilioVoice *self,
      RedialCallEvent   *event)
{
  if (g_hash_table_contains (self->seen, event->provider_call_id))
    return;
  remember (self, event->provider_call_id, event->started_at);
  g_debug ("Twilio call %s (%s)", event->provider_call_id,
           redial_disposition_to_string (event->disposition));
  redial_phone_system_emit_call (REDIAL_PHONE_SYSTEM (self), event);
}

static void
forget_old (RedialTwilioVoice *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->seen);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (*(gint64 *) value < self->newest_seen - 2 * OVERLAP_US)
      g_hash_table_iter_remove (&iter);
}

/* State file: the account it is for, and the start of the newest call seen. */
static void
load_state (RedialTwilioVoice *self)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *account = NULL;
  g_autofree char *since = NULL;
  g_autoptr(GDateTime) time = NULL;

  if (self->state_path == NULL)
    return;

  if (!g_key_file_load_from_file (keyfile, self->state_path, G_KEY_FILE_NONE, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_message ("Twilio voice: ignoring %s: %s", self->state_path, error->message);
      return;
    }

  account = g_key_file_get_string (keyfile, "twilio-voice", "account-sid", NULL);
  since = g_key_file_get_string (keyfile, "twilio-voice", "newest-call", NULL);
  if (g_strcmp0 (account, self->account_sid) != 0)
    return;
  time = since != NULL ? g_date_time_new_from_iso8601 (since, NULL) : NULL;
  if (time == NULL)
    {
      g_message ("Twilio voice: ignoring %s: no readable newest-call", self->state_path);
      return;
    }

  self->newest_seen = MAX (self->newest_seen, unix_us (time));
}

static void
save_state (RedialTwilioVoice *self)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *since = NULL;
  g_autofree char *dir = NULL;

  if (self->state_path == NULL)
    return;

  time = g_date_time_new_from_unix_utc (self->newest_seen / G_USEC_PER_SEC);
  since = g_date_time_format_iso8601 (time);
  g_key_file_set_string (keyfile, "twilio-voice", "account-sid", self->account_sid);
  g_key_file_set_string (keyfile, "twilio-voice", "newest-call", since);

  dir = g_path_get_dirname (self->state_path);
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_key_file_save_to_file (keyfile, self->state_path, &error))
    g_message ("Twilio voice: cannot save %s: %s", self->state_path,
               error != NULL ? error->message : g_strerror (errno));
}

static void
poll_free (Poll *poll)
{
  if (poll->timeout != 0)
    redial_clock_cancel (poll->self->clock, poll->timeout);
  g_clear_object (&poll->cancellable);
  g_clear_object (&poll->message);
  g_clear_object (&poll->stream);
  g_clear_pointer (&poll->body, g_byte_array_unref);
  g_clear_pointer (&poll->found, g_hash_table_unref);
  g_object_unref (poll->self);
  g_free (poll);
}

/* Whether @poll was stopped (or replaced) while it waited: it is then
 * freed, and nothing else may be done. */
static gboolean
poll_abandoned (Poll *poll)
{
  if (poll->self->poll == poll)
    return FALSE;
  poll_free (poll);
  return TRUE;
}

static gboolean on_poll_due (gpointer user_data);

/* Reports what the poll found, oldest first; on success also moves the
 * saved position on. Calls found on the pages read before a failure are
 * reported too: the next poll looks at them again, and reports nothing
 * twice. */
static void
poll_finish (Poll     *poll,
             gboolean  complete)
{
  RedialTwilioVoice *self = poll->self;
  g_autoptr(GPtrArray) events = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer event;

  self->n_polls++;
  g_hash_table_iter_init (&iter, poll->found);
  while (g_hash_table_iter_next (&iter, NULL, &event))
    g_ptr_array_add (events, event);
  g_ptr_array_sort (events, compare_start);
  for (guint i = 0; i < events->len; i++)
    emit (self, g_ptr_array_index (events, i));

  if (complete && poll->newest > self->newest_seen)
    {
      self->newest_seen = poll->newest;
      save_state (self);
    }
  forget_old (self);
}

static void
poll_succeeded (Poll *poll)
{
  RedialTwilioVoice *self = poll->self;
  g_autofree char *status = NULL;

  g_object_ref (self);
  self->poll = NULL;
  poll_finish (poll, TRUE);
  poll_free (poll);

  /* A handler of ::call-event may have stopped it. */
  if (!self->running)
    {
      g_object_unref (self);
      return;
    }

  redial_link_reset_backoff (REDIAL_LINK (self));
  status = g_strdup_printf (_("Connected to %s"), host (self));
  set_state (self, REDIAL_CONNECTION_CONNECTED, status);
  self->timer = redial_clock_schedule (self->clock, self->poll_interval, on_poll_due, self, NULL);
  g_object_unref (self);
}

static void
poll_failed (Poll       *poll,
             Problem     problem,
             const char *reason)
{
  RedialTwilioVoice *self = poll->self;
  g_autofree char *status = NULL;
  gint64 delay;

  g_object_ref (self);
  self->poll = NULL;
  poll_finish (poll, FALSE);
  poll_free (poll);

  g_message ("Twilio voice: %s", reason);
  if (!self->running)
    {
      g_object_unref (self);
      return;
    }

  if (problem == PROBLEM_AUTH)
    {
      status = g_strdup_printf (_("%s refused the Account SID or auth token"), host (self));
      set_state (self, REDIAL_CONNECTION_AUTH_FAILED, status);
      g_object_unref (self);
      return;
    }

  delay = redial_link_next_retry (REDIAL_LINK (self), -1);
  if (problem == PROBLEM_UNREACHABLE)
    status = g_strdup_printf (_("Cannot reach %s. Retrying in %u s"),
                              host (self), (guint) (delay / G_USEC_PER_SEC));
  else
    status = g_strdup_printf (_("%s sent an answer Redial cannot use. Retrying in %u s"),
                              host (self), (guint) (delay / G_USEC_PER_SEC));
  set_state (self, REDIAL_CONNECTION_RETRYING, status);
  self->timer = redial_clock_schedule (self->clock, delay, on_poll_due, self, NULL);
  g_object_unref (self);
}

/* Where the next page is, or NULL when it is not on the same server's
 * Calls list: the credentials go nowhere else. */
static GUri *
next_page (RedialTwilioVoice  *self,
           const char         *uri_text,
           char              **reason)
{
  g_autoptr(GUri) uri = NULL;

  if (uri_text[0] == '/' && uri_text[1] != '/')
    uri = g_uri_parse_relative (self->base_uri, uri_text, SOUP_HTTP_URI_FLAGS, NULL);

  if (uri == NULL ||
      g_strcmp0 (g_uri_get_scheme (uri), g_uri_get_scheme (self->base_uri)) != 0 ||
      g_strcmp0 (g_uri_get_host (uri), g_uri_get_host (self->base_uri)) != 0 ||
      g_uri_get_port (uri) != g_uri_get_port (self->base_uri) ||
      !g_str_has_suffix (g_uri_get_path (uri), "/Calls.json"))
    {
      *reason = g_strdup (_("the next page is not on the same server’s Calls list"));
      return NULL;
    }

  return g_steal_pointer (&uri);
}

static void
read_page (Poll *poll)
{
  RedialTwilioVoice *self = poll->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GUri) next = NULL;
  g_autofree char *reason = NULL;
  JsonObject *object;
  JsonNode *calls;
  JsonNode *next_node;
  gint64 oldest = G_MAXINT64;
  guint n_skipped = 0;

  root = redial_json_parse ((const char *) poll->body->data, poll->body->len, MAX_JSON_DEPTH, &error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_autofree char *why = g_strdup_printf (_("The Calls list from %s is not usable JSON: %s"),
                                              host (self), error != NULL ? error->message : _("not an object"));
      poll_failed (poll, PROBLEM_BAD_ANSWER, why);
      return;
    }

  object = json_node_get_object (root);
  calls = json_object_get_member (object, "calls");
  if (calls == NULL || !JSON_NODE_HOLDS_ARRAY (calls))
    {
      g_autofree char *why = g_strdup_printf (_("The Calls list from %s has no “calls” array"), host (self));
      poll_failed (poll, PROBLEM_BAD_ANSWER, why);
      return;
    }

  for (guint i = 0; i < json_array_get_length (json_node_get_array (calls)); i++)
    {
      g_autoptr(RedialCallEvent) event = NULL;
      g_autofree char *why = NULL;
      gint64 start;

      if (!read_call (self, json_array_get_element (json_node_get_array (calls), i), &start, &event, &why))
        {
          if (n_skipped++ < 3)
            g_message ("Twilio voice: skipped an entry of the Calls list: %s", why);
          continue;
        }

      oldest = MIN (oldest, start);
      poll->newest = MAX (poll->newest, start);
      if (event != NULL && start >= poll->window_start &&
          !g_hash_table_contains (self->seen, event->provider_call_id) &&
          !g_hash_table_contains (poll->found, event->provider_call_id))
        {
          char *sid = g_strdup (event->provider_call_id);

          g_hash_table_insert (poll->found, sid, g_steal_pointer (&event));
        }
    }
  if (n_skipped > 3)
    g_message ("Twilio voice: skipped %u entries of the Calls list in all", n_skipped);

  next_node = json_object_get_member (object, "next_page_uri");
  if (next_node == NULL || JSON_NODE_HOLDS_NULL (next_node) ||
      (JSON_NODE_HOLDS_VALUE (next_node) && json_node_get_value_type (next_node) == G_TYPE_STRING &&
       *json_node_get_string (next_node) == '\0'))
    {
      poll_succeeded (poll);
      return;
    }

  /* The list comes newest first: past the window, the rest is older. */
  if (oldest < poll->window_start)
    {
      poll_succeeded (poll);
      return;
    }

  if (!JSON_NODE_HOLDS_VALUE (next_node) || json_node_get_value_type (next_node) != G_TYPE_STRING)
    {
      poll_failed (poll, PROBLEM_BAD_ANSWER, _("The Calls list has a “next_page_uri” that is not a string"));
      return;
    }

  if (poll->n_pages >= MAX_PAGES)
    {
      g_message ("Twilio voice: stopped after %u pages of the Calls list; the rest waits for the next poll",
                 poll->n_pages);
      poll_succeeded (poll);
      return;
    }

  next = next_page (self, json_node_get_string (next_node), &reason);
  if (next == NULL)
    {
      g_autofree char *why = g_strdup_printf (_("The Calls list from %s was refused: %s"), host (self), reason);
      poll_failed (poll, PROBLEM_BAD_ANSWER, why);
      return;
    }

  fetch_page (poll, next);
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Poll *poll = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);

  if (poll_abandoned (poll))
    return;

  if (chunk == NULL)
    {
      g_autofree char *why = poll->timed_out
        ? g_strdup_printf (_("%s did not send the Calls list within %d s"),
                           host (poll->self), (int) (REQUEST_TIMEOUT_US / G_USEC_PER_SEC))
        : g_strdup_printf (_("The Calls list from %s was cut off: %s"), host (poll->self), error->message);
      poll_failed (poll, PROBLEM_UNREACHABLE, why);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      redial_clock_clear (poll->self->clock, &poll->timeout);
      g_clear_object (&poll->stream);
      read_page (poll);
      return;
    }

  if (poll->body->len + g_bytes_get_size (chunk) > MAX_RESPONSE_BYTES)
    {
      g_autofree char *why = g_strdup_printf (_("The Calls list from %s is larger than %d bytes"),
                                              host (poll->self), MAX_RESPONSE_BYTES);
      poll_failed (poll, PROBLEM_BAD_ANSWER, why);
      return;
    }

  g_byte_array_append (poll->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  g_input_stream_read_bytes_async (poll->stream, READ_CHUNK, G_PRIORITY_DEFAULT, poll->cancellable,
                                   on_read, poll);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Poll *poll = user_data;
  RedialTwilioVoice *self = poll->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  guint status;

  if (poll_abandoned (poll))
    return;

  if (stream == NULL)
    {
      g_autofree char *why = poll->timed_out
        ? g_strdup_printf (_("%s did not answer within %d s"), host (self), (int) (REQUEST_TIMEOUT_US / G_USEC_PER_SEC))
        : g_strdup_printf (_("Cannot reach %s: %s"), host (self), error->message);
      poll_failed (poll, PROBLEM_UNREACHABLE, why);
      return;
    }

  status = soup_message_get_status (poll->message);
  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      g_autofree char *why = g_strdup_printf (_("%s refused the Account SID or auth token (HTTP %u)"),
                                              host (self), status);
      poll_failed (poll, PROBLEM_AUTH, why);
      return;
    }
  if (status != SOUP_STATUS_OK)
    {
      g_autofree char *why = g_strdup_printf (_("%s answered the Calls list with HTTP %u %s"), host (self), status,
                                              soup_message_get_reason_phrase (poll->message));
      poll_failed (poll, PROBLEM_BAD_ANSWER, why);
      return;
    }

  poll->stream = g_steal_pointer (&stream);
  g_byte_array_set_size (poll->body, 0);
  g_input_stream_read_bytes_async (poll->stream, READ_CHUNK, G_PRIORITY_DEFAULT, poll->cancellable,
                                   on_read, poll);
}

static gboolean
on_request_timeout (gpointer user_data)
{
  Poll *poll = user_data;

  poll->timeout = 0;
  poll->timed_out = TRUE;
  g_cancellable_cancel (poll->cancellable);
  return G_SOURCE_REMOVE;
}

static void
fetch_page (Poll *poll,
            GUri *uri)
{
  RedialTwilioVoice *self = poll->self;
  g_autofree char *credentials = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *header = NULL;
  SoupMessageHeaders *headers;

  poll->n_pages++;
  g_clear_object (&poll->message);
  poll->message = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
  /* A redirect would carry the credentials to wherever it points. */
  soup_message_add_flags (poll->message, SOUP_MESSAGE_NO_REDIRECT);

  credentials = g_strconcat (self->account_sid, ":", self->token, NULL);
  encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  header = g_strconcat ("Basic ", encoded, NULL);
  headers = soup_message_get_request_headers (poll->message);
  soup_message_headers_replace (headers, "Authorization", header);
  soup_message_headers_replace (headers, "Accept", "application/json");
  explicit_bzero (credentials, strlen (credentials));
  explicit_bzero (encoded, strlen (encoded));
  explicit_bzero (header, strlen (header));

  redial_clock_clear (self->clock, &poll->timeout);
  poll->timeout = redial_clock_schedule (self->clock, REQUEST_TIMEOUT_US, on_request_timeout, poll, NULL);
  soup_session_send_async (self->session, poll->message, G_PRIORITY_DEFAULT, poll->cancellable, on_sent, poll);
}

static void
start_poll (RedialTwilioVoice *self)
{
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *date = NULL;
  g_autofree char *text = NULL;
  gint64 now = redial_clock_now (self->clock);
  Poll *poll;

  g_assert (self->poll == NULL);

  /* Never further back than a week, never ahead of now. */
  self->newest_seen = CLAMP (self->newest_seen, now - MAX_LOOKBACK_US, now);

  poll = g_new0 (Poll, 1);
  poll->self = g_object_ref (self);
  poll->cancellable = g_cancellable_new ();
  poll->body = g_byte_array_new ();
  poll->window_start = self->newest_seen - OVERLAP_US;
  poll->newest = self->newest_seen;
  poll->found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) redial_call_event_unref);
  self->poll = poll;

  /* The list can only be narrowed to a day (UTC): the rest is filtered here. */
  from = g_date_time_new_from_unix_utc (poll->window_start / G_USEC_PER_SEC);
  date = g_date_time_format (from, "%Y-%m-%d");
  escaped = g_uri_escape_string (self->account_sid, NULL, FALSE);
  text = g_strdup_printf ("%s/2010-04-01/Accounts/%s/Calls.json?PageSize=%d&StartTime%%3E=%s",
                          self->base_url, escaped, PAGE_SIZE, date);
  uri = g_uri_parse (text, SOUP_HTTP_URI_FLAGS, NULL);
  g_assert (uri != NULL);

  fetch_page (poll, uri);
}

static gboolean
on_poll_due (gpointer user_data)
{
  RedialTwilioVoice *self = user_data;

  self->timer = 0;
  start_poll (self);
  return G_SOURCE_REMOVE;
}

static gboolean
is_form (SoupServerMessage *msg)
{
  const char *type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);

  return type != NULL && g_ascii_strcasecmp (type, "application/x-www-form-urlencoded") == 0;
}

static void
refuse_callback (SoupServerMessage *msg,
                 guint              status,
                 const char        *reason)
{
  g_message ("Twilio voice status callback from %s refused (%u): %s",
             soup_server_message_get_remote_host (msg), status, reason);
  redial_webhook_server_reply (msg, status, reason);
}

static const char *
form_text (GHashTable *form,
           const char *name)
{
  const char *text = g_hash_table_lookup (form, name);

  if (text == NULL || *text == '\0' || strlen (text) > MAX_TEXT_BYTES || !g_utf8_validate (text, -1, NULL))
    return NULL;
  return text;
}

/* Twilio's voice status callback: POSTed when an inbound call ends, so a
 * missed call is known at once rather than at the next poll. */
static void
on_status_callback (RedialWebhookServer *server,
                    SoupServerMessage   *msg,
                    GBytes              *body,
                    gpointer             user_data)
{
  RedialTwilioVoice *self = user_data;
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(RedialCallEvent) event = NULL;
  g_autofree char *text = NULL;
  g_autofree char *url = NULL;
  const char *signature;
  const char *sid;
  RedialDisposition disposition;
  gsize size;
  const char *data = g_bytes_get_data (body, &size);
  gint64 when;

  if (self->token == NULL)
    {
      refuse_callback (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, _("Redial is not taking calls yet."));
      return;
    }

  signature = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                            REDIAL_TWILIO_SIGNATURE_HEADER);
  if (signature == NULL)
    {
      refuse_callback (msg, SOUP_STATUS_UNAUTHORIZED, _("The X-Twilio-Signature header is missing."));
      return;
    }

  if (!is_form (msg))
    {
      refuse_callback (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE,
                       _("The body must be application/x-www-form-urlencoded."));
      return;
    }

  if (size > 0 && memchr (data, '\0', size) != NULL)
    {
      refuse_callback (msg, SOUP_STATUS_BAD_REQUEST, _("The body is not a form."));
      return;
    }
  text = g_strndup (data, size);
  form = soup_form_decode (text);
  if (form == NULL)
    {
      refuse_callback (msg, SOUP_STATUS_BAD_REQUEST, _("The body is not a form."));
      return;
    }

  url = redial_twilio_signature_url (self->public_url, REDIAL_TWILIO_VOICE_STATUS_PATH,
                                     g_uri_get_query (soup_server_message_get_uri (msg)));
  if (!redial_twilio_signature_is_valid (self->token, url, form, signature))
    {
      refuse_callback (msg, SOUP_STATUS_UNAUTHORIZED, _("The signature does not match the request."));
      return;
    }

  if (g_strcmp0 (form_text (form, "AccountSid"), self->account_sid) != 0)
    {
      g_message ("Twilio voice status callback for another account ignored");
      redial_webhook_server_reply (msg, SOUP_STATUS_NO_CONTENT, NULL);
      return;
    }

  sid = form_text (form, "CallSid");
  if (!is_sid (sid))
    {
      refuse_callback (msg, SOUP_STATUS_BAD_REQUEST, _("The CallSid is missing or malformed."));
      return;
    }

  if (g_strcmp0 (form_text (form, "Direction"), "inbound") != 0 ||
      !map_status (form_text (form, "CallStatus"), &disposition))
    {
      redial_webhook_server_reply (msg, SOUP_STATUS_NO_CONTENT, NULL);
      return;
    }

  /* The callback says when it fired, which for a call never answered is
   * when the ringing stopped. */
  if (!parse_rfc2822 (form_text (form, "Timestamp"), &when))
    when = redial_clock_now (self->clock);

  event = redial_call_event_new ();
  event->provider = g_strdup (PROVIDER);
  event->provider_call_id = g_strdup (sid);
  event->caller = g_strdup (form_text (form, "From"));
  event->caller_name = g_strdup (form_text (form, "CallerName"));
  event->line = g_strdup (form_text (form, "To"));
  event->started_at = when;
  event->ended_at = when;
  event->disposition = disposition;
  emit (self, event);

  redial_webhook_server_reply (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

static void
listen_for_callbacks (RedialTwilioVoice *self)
{
  g_autoptr(GError) error = NULL;

  if (self->server == NULL || self->public_url == NULL || self->held)
    return;

  if (!redial_webhook_server_hold (self->server, &error))
    {
      /* Polling still finds every missed call; only later. */
      g_message ("Twilio voice: status callbacks are off: %s", error->message);
      return;
    }

  self->held = TRUE;
  redial_webhook_server_add_handler (self->server, REDIAL_TWILIO_VOICE_STATUS_PATH,
                                     on_status_callback, self, NULL);
}

static void
stop_listening (RedialTwilioVoice *self)
{
  if (!self->held)
    return;
  redial_webhook_server_remove_handler (self->server, REDIAL_TWILIO_VOICE_STATUS_PATH);
  redial_webhook_server_release (self->server);
  self->held = FALSE;
}

static void
on_token_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RedialTwilioVoice) self = user_data;
  g_autoptr(GError) error = NULL;
  char *token = redial_secret_load_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->loading);

  if (token == NULL)
    {
      g_message ("Twilio voice: no auth token: %s", error->message);
      set_state (self, REDIAL_CONNECTION_AUTH_FAILED, error->message);
      return;
    }

  g_clear_pointer (&self->token, redial_secret_free);
  self->token = token;

  if (self->newest_seen == 0)
    {
      self->newest_seen = redial_clock_now (self->clock) - FIRST_LOOKBACK_US;
      load_state (self);
    }

  self->running = TRUE;
  listen_for_callbacks (self);
  start_poll (self);
}

static void
redial_twilio_voice_start (RedialLink *link)
{
  RedialTwilioVoice *self = REDIAL_TWILIO_VOICE (link);
  g_autofree char *status = NULL;
  RedialConnectionState state = redial_link_get_state (link);

  if (state != REDIAL_CONNECTION_DISCONNECTED && state != REDIAL_CONNECTION_AUTH_FAILED)
    return;

  status = g_strdup_printf (_("Connecting to %s…"), host (self));
  set_state (self, REDIAL_CONNECTION_CONNECTING, status);

  /* Read afresh at each start: it may have been rotated. */
  g_clear_pointer (&self->token, redial_secret_free);
  self->loading = g_cancellable_new ();
  redial_secret_load_async (REDIAL_TWILIO_AUTH_TOKEN_NAME, self->token_file, self->loading,
                            on_token_loaded, g_object_ref (self));
}

static void
redial_twilio_voice_stop (RedialLink *link)
{
  RedialTwilioVoice *self = REDIAL_TWILIO_VOICE (link);

  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  self->running = FALSE;
  redial_clock_clear (self->clock, &self->timer);
  if (self->poll != NULL)
    {
      /* The callback in flight sees it is no longer current and frees it. */
      g_cancellable_cancel (self->poll->cancellable);
      redial_clock_clear (self->clock, &self->poll->timeout);
      self->poll = NULL;
    }
  stop_listening (self);
  g_clear_pointer (&self->token, redial_secret_free);
  set_state (self, REDIAL_CONNECTION_DISCONNECTED, _("Twilio voice stopped"));
}

static void
redial_twilio_voice_dispose (GObject *object)
{
  RedialTwilioVoice *self = REDIAL_TWILIO_VOICE (object);

  /* A poll in flight holds a reference, so none is left by now. */
  g_assert (self->poll == NULL);
  if (self->clock != NULL)
    redial_clock_clear (self->clock, &self->timer);
  if (self->server != NULL)
    stop_listening (self);
  g_clear_object (&self->session);
  g_clear_object (&self->server);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (redial_twilio_voice_parent_class)->dispose (object);
}

static void
redial_twilio_voice_finalize (GObject *object)
{
  RedialTwilioVoice *self = REDIAL_TWILIO_VOICE (object);

  g_clear_pointer (&self->token, redial_secret_free);
  g_clear_pointer (&self->base_uri, g_uri_unref);
  g_free (self->base_url);
  g_free (self->account_sid);
  g_free (self->token_file);
  g_free (self->public_url);
  g_free (self->state_path);
  g_hash_table_unref (self->seen);

  G_OBJECT_CLASS (redial_twilio_voice_parent_class)->finalize (object);
}

static void
redial_twilio_voice_class_init (RedialTwilioVoiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RedialLinkClass *link_class = REDIAL_LINK_CLASS (klass);

  object_class->dispose = redial_twilio_voice_dispose;
  object_class->finalize = redial_twilio_voice_finalize;

  link_class->start = redial_twilio_voice_start;
  link_class->stop = redial_twilio_voice_stop;
}

static void
redial_twilio_voice_init (RedialTwilioVoice *self)
{
  redial_link_set_state (REDIAL_LINK (self), REDIAL_CONNECTION_DISCONNECTED, _("Twilio voice stopped"));
  redial_link_set_backoff (REDIAL_LINK (self), FIRST_RETRY_US, LAST_RETRY_US);
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->poll_interval = SECONDS (DEFAULT_POLL_INTERVAL);
  /* Timeouts run on the Redial clock, not the session's own timer. */
  self->session = soup_session_new_with_options ("user-agent", "Redial/" PACKAGE_VERSION " ",
                                                 "timeout", 0,
                                                 NULL);
  /* The credentials are sent with every request; libsoup's own
   * authentication would retry with them on its own. */
  soup_session_remove_feature_by_type (self->session, SOUP_TYPE_AUTH_MANAGER);
}

static gboolean
invalid (GError     **error,
         const char  *source,
         const char  *key,
         const char  *reason)
{
  return redial_settings_invalid (error, REDIAL_TWILIO_VOICE_ERROR, REDIAL_TWILIO_VOICE_ERROR_INVALID, source, "twilio", key, reason);
}

static gboolean
read_string (GKeyFile    *keyfile,
             const char  *source,
             const char  *key,
             char       **out,
             GError     **error)
{
  return redial_settings_read_string (keyfile, source, "twilio", key, out, REDIAL_TWILIO_VOICE_ERROR, REDIAL_TWILIO_VOICE_ERROR_INVALID, error);
}

static gboolean
is_loopback (const char *hostname)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (hostname, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (hostname);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* An http(s) URL with a host and nothing after its path. */
static GUri *
parse_url (const char *text,
           gboolean    allow_path)
{
  g_autoptr(GUri) uri = g_uri_parse (text, SOUP_HTTP_URI_FLAGS, NULL);

  if (uri == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "http") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL ||
      (!allow_path && *g_uri_get_path (uri) != '\0' && g_strcmp0 (g_uri_get_path (uri), "/") != 0))
    return NULL;
  return g_steal_pointer (&uri);
}

static char *
without_trailing_slash (const char *text)
{
  char *copy = g_strdup (text);
  gsize length = strlen (copy);

  while (length > 0 && copy[length - 1] == '/')
    copy[--length] = '\0';
  return copy;
}

RedialPhoneSystem *
redial_twilio_voice_new_from_keyfile (RedialClock          *clock,
                                      RedialWebhookServer  *server,
                                      GKeyFile             *keyfile,
                                      const char           *source,
                                      const char           *state_path,
                                      GError              **error)
{
  g_autoptr(RedialTwilioVoice) self = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *interval = NULL;
  g_autoptr(GUri) public_uri = NULL;
  guint64 seconds = DEFAULT_POLL_INTERVAL;

  g_return_val_if_fail (REDIAL_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (server == NULL || REDIAL_IS_WEBHOOK_SERVER (server), NULL);
  g_return_val_if_fail (keyfile != NULL, NULL);
  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (REDIAL_TYPE_TWILIO_VOICE, NULL);

  if (!read_string (keyfile, source, "base-url", &base_url, error) ||
      !read_string (keyfile, source, "account-sid", &self->account_sid, error) ||
      !read_string (keyfile, source, "auth-token-file", &self->token_file, error) ||
      !read_string (keyfile, source, "poll-interval", &interval, error) ||
      !read_string (keyfile, source, "public-url", &self->public_url, error))
    return NULL;

  self->base_url = without_trailing_slash (base_url != NULL ? base_url : REDIAL_TWILIO_DEFAULT_BASE_URL);
  self->base_uri = parse_url (self->base_url, TRUE);
  if (self->base_uri == NULL)
    {
      invalid (error, source, "base-url", _("expected an address such as “https://api.twilio.com”"));
      return NULL;
    }
  /* The auth token goes with every request: in the clear only to this computer. */
  if (g_strcmp0 (g_uri_get_scheme (self->base_uri), "https") != 0 && !is_loopback (g_uri_get_host (self->base_uri)))
    {
      invalid (error, source, "base-url", _("expected an https:// address (http:// only for this computer)"));
      return NULL;
    }

  if (self->account_sid == NULL)
    {
      invalid (error, source, "account-sid", _("the Account SID from the Twilio console is needed, "
                                               "such as “ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx”"));
      return NULL;
    }
  if (!is_sid (self->account_sid))
    {
      invalid (error, source, "account-sid", _("expected letters, digits, “-” and “_” only"));
      return NULL;
    }

  if (self->token_file != NULL)
    {
      if (g_str_has_prefix (self->token_file, "~/"))
        {
          char *path = g_build_filename (g_get_home_dir (), self->token_file + 2, NULL);
          g_free (self->token_file);
          self->token_file = path;
        }
      if (!g_path_is_absolute (self->token_file))
        {
          invalid (error, source, "auth-token-file",
                   _("expected the full path of a file, such as “/home/desk/.config/redial/twilio-token”"));
          return NULL;
        }
    }

  if (interval != NULL && !g_ascii_string_to_unsigned (interval, 10, 10, 3600, &seconds, NULL))
    {
      invalid (error, source, "poll-interval", _("expected a number of seconds between 10 and 3600"));
      return NULL;
    }
  self->poll_interval = SECONDS (seconds);

  if (self->public_url != NULL)
    {
      public_uri = parse_url (self->public_url, TRUE);
      if (public_uri == NULL)
        {
          invalid (error, source, "public-url",
                   _("expected the address Twilio reaches Redial at, such as “https://desk.example.com”"));
          return NULL;
        }
    }

  self->clock = g_object_ref (clock);
  self->server = server != NULL ? g_object_ref (server) : NULL;
  self->state_path = g_strdup (state_path);
  return REDIAL_PHONE_SYSTEM (g_steal_pointer (&self));
}

gint64
redial_twilio_voice_get_newest_seen (RedialTwilioVoice *self)
{
  g_return_val_if_fail (REDIAL_IS_TWILIO_VOICE (self), 0);
  return self->newest_seen;
}

guint
redial_twilio_voice_get_n_polls (RedialTwilioVoice *self)
{
  g_return_val_if_fail (REDIAL_IS_TWILIO_VOICE (self), 0);
  return self->n_polls;
}
