/* redial-twilio-voice.c: missed calls from Twilio, or an API compatible with it, by polling the Calls list. */
#include "config.h"

#define G_LOG_DOMAIN "redial-twilio"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "redial-enums.h"
#include "redial-private-file.h"
#include "redial-secret.h"
#include "redial-twilio-client.h"
#include "redial-twilio-settings.h"
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
#define MIN_POLL_INTERVAL 10
#define FIRST_RETRY_US SECONDS (5)
#define LAST_RETRY_US SECONDS (300)
#define PAGE_SIZE 100
#define MAX_PAGES 50
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
  RedialTwilioClient    *client;

  char                  *account_sid;
  char                  *token_file;
  char                  *public_url;
  gint64                 poll_interval;
  char                  *state_path;

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
  RedialTwilioVoice *self;  /* unowned: stopping frees the poll */
  guint              n_pages;
  gint64             window_start;
  gint64             newest;
  GHashTable        *found;  /* CallSid → RedialCallEvent */
};

static void fetch_page (Poll *poll, const char *url);

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
  return redial_twilio_client_get_host (self->client);
}

static gint64
unix_us (GDateTime *time)
{
  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
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
  const char *text = redial_twilio_json_string (object, member);

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
  if (!redial_twilio_is_sid (sid))
    {
      *reason = g_strdup (_("an entry has no usable “sid”"));
      return FALSE;
    }

  if (!redial_twilio_parse_date (member_text (object, "start_time"), start) &&
      !redial_twilio_parse_date (member_text (object, "date_created"), start))
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
  if (!redial_twilio_parse_date (member_text (object, "end_time"), &end) || end < *start)
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

  if (self->state_path == NULL)
    return;

  time = g_date_time_new_from_unix_utc (self->newest_seen / G_USEC_PER_SEC);
  since = g_date_time_format_iso8601 (time);
  g_key_file_set_string (keyfile, "twilio-voice", "account-sid", self->account_sid);
  g_key_file_set_string (keyfile, "twilio-voice", "newest-call", since);

  if (!redial_private_file_save_keyfile (keyfile, self->state_path, &error))
    g_message ("Twilio voice: cannot save %s: %s", self->state_path,
               error->message);
}

static void
poll_free (Poll *poll)
{
  g_clear_pointer (&poll->found, g_hash_table_unref);
  g_free (poll);
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

/* Whether @response is a page of the Calls list; otherwise the poll has
 * failed. */
static gboolean
check_answer (Poll                 *poll,
              RedialTwilioResponse *response)
{
  RedialTwilioVoice *self = poll->self;
  g_autofree char *why = NULL;
  Problem problem = PROBLEM_BAD_ANSWER;

  if (g_error_matches (response->error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
    why = g_strdup_printf (_("The Calls list from %s is too large: %s"), host (self), response->error->message);
  else if (g_error_matches (response->error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      problem = PROBLEM_UNREACHABLE;
      why = g_strdup_printf (_("%s: %s"), host (self), response->error->message);
    }
  else if (response->status == 0)
    {
      problem = PROBLEM_UNREACHABLE;
      why = g_strdup_printf (_("Cannot reach %s: %s"), host (self),
                             response->error != NULL ? response->error->message : _("no answer"));
    }
  else if (response->status == SOUP_STATUS_UNAUTHORIZED || response->status == SOUP_STATUS_FORBIDDEN)
    {
      problem = PROBLEM_AUTH;
      why = g_strdup_printf (_("%s refused the Account SID or auth token (HTTP %u)"), host (self), response->status);
    }
  else if (response->status != SOUP_STATUS_OK)
    why = g_strdup_printf (_("%s answered the Calls list with HTTP %u"), host (self), response->status);
  else if (redial_twilio_response_get_object (response) == NULL)
    why = g_strdup_printf (_("The Calls list from %s is not usable JSON: %s"), host (self),
                           response->json_error != NULL ? response->json_error->message : _("not an object"));
  else
    return TRUE;

  poll_failed (poll, problem, why);
  return FALSE;
}

static void
on_page (RedialTwilioResponse *response,
         gpointer              user_data)
{
  Poll *poll = user_data;
  RedialTwilioVoice *self = poll->self;
  g_autofree char *next = NULL;
  JsonObject *object;
  JsonNode *calls;
  gint64 oldest = G_MAXINT64;
  guint n_skipped = 0;

  if (!check_answer (poll, response))
    return;

  object = redial_twilio_response_get_object (response);
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

  if (!redial_twilio_client_next_page (self->client, object, "/Calls.json", &next))
    {
      g_autofree char *why = g_strdup_printf (_("The Calls list from %s was refused: %s"), host (self),
                                              _("the next page is not on the same server’s Calls list"));
      poll_failed (poll, PROBLEM_BAD_ANSWER, why);
      return;
    }

  /* The list comes newest first: past the window, the rest is older. */
  if (next == NULL || oldest < poll->window_start)
    {
      poll_succeeded (poll);
      return;
    }

  if (poll->n_pages >= MAX_PAGES)
    {
      g_message ("Twilio voice: stopped after %u pages of the Calls list; the rest waits for the next poll",
                 poll->n_pages);
      poll_succeeded (poll);
      return;
    }

  fetch_page (poll, next);
}

static void
fetch_page (Poll       *poll,
            const char *url)
{
  poll->n_pages++;
  redial_twilio_client_request (poll->self->client, SOUP_METHOD_GET, url, NULL, on_page, poll, NULL);
}

static void
start_poll (RedialTwilioVoice *self)
{
  g_autoptr(GDateTime) from = NULL;
  g_autofree char *calls = NULL;
  g_autofree char *date = NULL;
  g_autofree char *url = NULL;
  gint64 now = redial_clock_now (self->clock);
  Poll *poll;

  g_assert (self->poll == NULL);

  /* Never further back than a week, never ahead of now. */
  self->newest_seen = CLAMP (self->newest_seen, now - MAX_LOOKBACK_US, now);

  poll = g_new0 (Poll, 1);
  poll->self = self;
  poll->window_start = self->newest_seen - OVERLAP_US;
  poll->newest = self->newest_seen;
  poll->found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) redial_call_event_unref);
  self->poll = poll;

  /* The list can only be narrowed to a day (UTC): the rest is filtered here. */
  from = g_date_time_new_from_unix_utc (poll->window_start / G_USEC_PER_SEC);
  date = g_date_time_format (from, "%Y-%m-%d");
  calls = redial_twilio_client_account_url (self->client, "Calls.json");
  url = g_strdup_printf ("%s?PageSize=%d&StartTime%%3E=%s", calls, PAGE_SIZE, date);
  fetch_page (poll, url);
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

  if (redial_twilio_client_get_auth_token (self->client) == NULL)
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
  if (!redial_twilio_signature_is_valid (redial_twilio_client_get_auth_token (self->client), url, form, signature))
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
  if (!redial_twilio_is_sid (sid))
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
  if (!redial_twilio_parse_date (form_text (form, "Timestamp"), &when))
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

/* With its token the link starts polling, where it left off. */
static void
use_token (RedialTwilioVoice *self,
           const char        *token)
{
  redial_twilio_client_set_auth_token (self->client, token);

  if (self->newest_seen == 0)
    {
      gint64 now = redial_clock_now (self->clock);

      /* The saved position is kept however old, up to a week back; only
       * without one does the first poll look back a day. */
      load_state (self);
      if (self->newest_seen == 0)
        self->newest_seen = now - FIRST_LOOKBACK_US;
      else if (self->newest_seen < now - MAX_LOOKBACK_US)
        g_message ("Twilio voice: the newest call seen is older than a week; looking back a week only");
    }

  self->running = TRUE;
  listen_for_callbacks (self);
  start_poll (self);
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

  use_token (self, token);
  redial_secret_free (token);
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
  redial_twilio_client_set_auth_token (self->client, NULL);
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
  redial_twilio_client_cancel_all (self->client);
  g_clear_pointer (&self->poll, poll_free);
  stop_listening (self);
  redial_twilio_client_set_auth_token (self->client, NULL);
  set_state (self, REDIAL_CONNECTION_DISCONNECTED, _("Twilio voice stopped"));
}

static void
redial_twilio_voice_dispose (GObject *object)
{
  RedialTwilioVoice *self = REDIAL_TWILIO_VOICE (object);

  if (self->client != NULL)
    redial_twilio_client_cancel_all (self->client);
  g_clear_pointer (&self->poll, poll_free);
  if (self->clock != NULL)
    redial_clock_clear (self->clock, &self->timer);
  if (self->server != NULL)
    stop_listening (self);
  g_clear_object (&self->client);
  g_clear_object (&self->server);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (redial_twilio_voice_parent_class)->dispose (object);
}

static void
redial_twilio_voice_finalize (GObject *object)
{
  RedialTwilioVoice *self = REDIAL_TWILIO_VOICE (object);

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
  RedialTwilioSettings settings = { 0, };

  g_return_val_if_fail (REDIAL_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (server == NULL || REDIAL_IS_WEBHOOK_SERVER (server), NULL);
  g_return_val_if_fail (keyfile != NULL, NULL);
  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!redial_twilio_settings_read (&settings, keyfile, source, MIN_POLL_INTERVAL,
                                    REDIAL_TWILIO_VOICE_ERROR, REDIAL_TWILIO_VOICE_ERROR_INVALID, error))
    {
      redial_twilio_settings_clear (&settings);
      return NULL;
    }

  self = g_object_new (REDIAL_TYPE_TWILIO_VOICE, NULL);
  self->clock = g_object_ref (clock);
  self->server = server != NULL ? g_object_ref (server) : NULL;
  self->state_path = g_strdup (state_path);
  self->client = redial_twilio_client_new (clock, settings.base_url, settings.account_sid);
  self->account_sid = g_steal_pointer (&settings.account_sid);
  self->token_file = g_steal_pointer (&settings.token_file);
  self->public_url = g_steal_pointer (&settings.public_url);
  if (settings.poll_interval_s != 0)
    self->poll_interval = SECONDS (settings.poll_interval_s);
  redial_twilio_settings_clear (&settings);

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

void
redial_twilio_voice_set_auth_token (RedialTwilioVoice *self,
                                    const char        *token)
{
  g_return_if_fail (REDIAL_IS_TWILIO_VOICE (self));
  g_return_if_fail (token != NULL);

  if (self->running)
    {
      redial_twilio_client_set_auth_token (self->client, token);
      /* Twilio refused the old token: polling stopped there. */
      if (redial_link_get_state (REDIAL_LINK (self)) == REDIAL_CONNECTION_AUTH_FAILED &&
          self->poll == NULL && self->timer == 0)
        start_poll (self);
      return;
    }

  /* Started, and loading a token or stopped for want of one: the token
   * given wins. A link not started reads the keyring when it starts. */
  if (self->loading == NULL && redial_link_get_state (REDIAL_LINK (self)) != REDIAL_CONNECTION_AUTH_FAILED)
    return;
  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  use_token (self, token);
}
