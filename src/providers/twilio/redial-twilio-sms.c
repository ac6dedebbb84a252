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

#include "redial-phone.h"
#include "redial-secret.h"
#include "redial-settings.h"
#include "redial-twilio-client.h"
#include "redial-twilio-errors.h"
#include "redial-twilio-settings.h"
#include "redial-twilio-signature.h"
#include "redial-twilio-sms.h"

#define DEFAULT_POLL_INTERVAL_S 15
/* Retries back off 2 s, 4 s, 8 s, … up to 5 minutes; ten tries in all
 * cover about a quarter of an hour of outage. */
#define FIRST_RETRY_US          (2 * G_USEC_PER_SEC)
#define MAX_RETRY_US            (5 * 60 * G_USEC_PER_SEC)
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
#define MAX_CLAIMED             2000
/* Twilio's webhooks carry a few dozen short parameters; a body of at most
 * 1,600 characters is the largest. */
#define MAX_WEBHOOK_URL_BYTES   2048
#define MAX_WEBHOOK_PARAMS      64
#define MAX_WEBHOOK_VALUE_BYTES (16 * 1024)

struct _RedialTwilioSms
{
  RedialLink             parent_instance;

  RedialClock           *clock;
  RedialTwilioClient    *client;
  char                  *messages_url;    /* …/2010-04-01/Accounts/{sid}/Messages */
  char                  *account_sid;
  char                  *from;            /* E.164, or NULL with a messaging service */
  char                  *messaging_service_sid;
  char                  *public_url;      /* no trailing slash, or NULL */
  gint64                 poll_interval;
  char                  *token_file;      /* or NULL: the keyring */
  GCancellable          *loading;         /* the token being loaded, or NULL */

  GPtrArray             *sends;           /* SendJob, until Twilio has the text or it failed */
  GHashTable            *tracked;         /* SID → Tracked: texts whose delivery is followed */
  GHashTable            *claimed;         /* SID → creation time: texts this gateway sent */
  GHashTable            *seen_inbound;    /* SID → date sent: inbound texts reported */

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

/* Whether the gateway has its auth token. */
static gboolean
has_token (RedialTwilioSms *self)
{
  return redial_twilio_client_get_auth_token (self->client) != NULL;
}

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
  g_autofree char *status = NULL;

  status = g_strdup_printf (_("Connected to %s"), redial_twilio_client_get_host (self->client));
  set_state (self, REDIAL_CONNECTION_CONNECTED, status);
}
/* Twilio's date, or 0 when it cannot be read. */
static gint64
parse_date (const char *text)
{
  gint64 when;

  return redial_twilio_parse_date (text, &when) ? when : 0;
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
static void
note_failure (RedialTwilioSms *self,
              RedialTwilioResponse *response)
{
  if (response->status == SOUP_STATUS_UNAUTHORIZED)
    {
      g_autofree char *sentence = redial_twilio_error_describe (REDIAL_TWILIO_ERROR_AUTHENTICATION);
      set_state (self, REDIAL_CONNECTION_AUTH_FAILED, sentence);
    }
  else if (redial_twilio_response_is_transient (response))
    {
      g_autofree char *sentence = redial_twilio_response_describe (response);
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

/* A delivery report asked for: the tracked text may be gone by the answer. */
typedef struct
{
  RedialTwilioSms *self;
  char            *sid;
} Fetch;

static void
fetch_free (gpointer data)
{
  Fetch *fetch = data;

  g_free (fetch->sid);
  g_free (fetch);
}

static void
on_fetch_done (RedialTwilioResponse *response,
               gpointer              data)
{
  Fetch *fetch = data;
  RedialTwilioSms *self = fetch->self;
  const char *sid = fetch->sid;
  JsonObject *object = redial_twilio_response_get_object (response);
  Tracked *tracked;

  if (response->status == SOUP_STATUS_OK && object != NULL)
    {
      set_connected (self);
      apply_status (self, sid, NULL, redial_twilio_json_string (object, "status"), redial_twilio_json_code (object, "error_code"));
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
  Fetch *fetch = g_new0 (Fetch, 1);

  tracked->timer = 0;
  tracked->fetching = TRUE;
  fetch->self = self;
  fetch->sid = g_strdup (tracked->sid);
  url = g_strdup_printf ("%s/%s.json", self->messages_url, tracked->sid);
  redial_twilio_client_request (self->client, "GET", url, NULL, on_fetch_done, fetch, fetch_free);
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
  const char *sid = redial_twilio_json_string (message, "sid");
  GTask *task = g_steal_pointer (&job->task);
  g_autofree char *to = g_strdup (job->to);

  g_debug ("Text to %s accepted as %s", job->to, sid);
  track (self, sid, job->to);
  g_ptr_array_remove (self->sends, job);
  g_task_return_pointer (task, g_strdup (sid), g_free);
  g_object_unref (task);

  /* The engine records the text as queued; a later step, or an error
   * Twilio knew at once, is reported like any other. */
  apply_status (self, sid, to, redial_twilio_json_string (message, "status"), redial_twilio_json_code (message, "error_code"));
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
                RedialTwilioResponse *response)
{
  RedialTwilioSms *self = job->self;
  g_autofree char *reason = redial_twilio_response_describe (response);
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
      sid = redial_twilio_json_string (message, "sid");
      direction = redial_twilio_json_string (message, "direction");
      created = parse_date (redial_twilio_json_string (message, "date_created"));

      if (!redial_twilio_is_sid (sid) || g_hash_table_contains (self->claimed, sid))
        continue;
      if (direction == NULL || !g_str_has_prefix (direction, "outbound"))
        continue;
      if (g_strcmp0 (redial_twilio_json_string (message, "to"), job->to) != 0 ||
          g_strcmp0 (redial_twilio_json_string (message, "body"), job->body) != 0)
        continue;
      if (created < job->first_try_at - ADOPT_WINDOW_US)
        continue;
      return message;
    }

  return NULL;
}

static void
on_check_done (RedialTwilioResponse *response,
               gpointer              data)
{
  SendJob *job = data;
  RedialTwilioSms *self = job->self;
  JsonObject *object = redial_twilio_response_get_object (response);
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

  if (response->status == SOUP_STATUS_OK || !redial_twilio_response_is_transient (response))
    {
      g_autofree char *reason = redial_twilio_response_describe (response);
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
  redial_twilio_client_request (self->client, "GET", url, NULL, on_check_done, job, NULL);
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
on_post_done (RedialTwilioResponse *response,
              gpointer              data)
{
  SendJob *job = data;
  RedialTwilioSms *self = job->self;
  JsonObject *object = redial_twilio_response_get_object (response);

  if (send_job_cancelled (job))
    return;

  if (response->status >= 200 && response->status < 300)
    {
      if (redial_twilio_is_sid (redial_twilio_json_string (object, "sid")))
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

  if (response->status >= 400 && !redial_twilio_response_is_transient (response))
    {
      g_autofree char *sentence = redial_twilio_response_describe (response);
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
  if (response->status != REDIAL_TWILIO_HTTP_TOO_MANY_REQUESTS && response->reached)
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

  redial_twilio_client_request (self->client, "POST", url, form->str, on_post_done, job, NULL);
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

  if (!has_token (self) && self->loading == NULL)
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
  if (!has_token (self))
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
      if (has_token (self))
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
      if (g_strcmp0 (redial_twilio_json_string (message, "direction"), "inbound") != 0 ||
          g_strcmp0 (redial_twilio_json_string (message, "status"), "received") != 0)
        continue;

      sid = redial_twilio_json_string (message, "sid");
      from = redial_twilio_json_string (message, "from");
      body = redial_twilio_json_string (message, "body");
      sent_at = parse_date (redial_twilio_json_string (message, "date_sent"));
      if (!redial_twilio_is_sid (sid) || from == NULL || sent_at <= 0)
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

static void
on_list_done (RedialTwilioResponse *response,
              gpointer              data)
{
  RedialTwilioSms *self = data;
  Poll *poll = self->poll;
  JsonObject *object = redial_twilio_response_get_object (response);
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

  if (!redial_twilio_client_next_page (self->client, object, NULL, &next))
    {
      finish_poll (self, poll, FALSE);
      g_clear_pointer (&self->poll, poll_free);
      return;
    }
  if (next != NULL && ++poll->pages < MAX_LIST_PAGES)
    {
      redial_twilio_client_request (self->client, "GET", next, NULL, on_list_done, self, NULL);
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

  if (self->poll != NULL || !has_token (self))
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
  redial_twilio_client_request (self->client, "GET", url, NULL, on_list_done, self, NULL);
}

static gboolean
on_poll_timer (gpointer user_data)
{
  poll_inbound (REDIAL_TWILIO_SMS (user_data));
  return G_SOURCE_CONTINUE;
}

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

  redial_twilio_client_set_auth_token (self->client, token);
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
  if (!has_token (self) && self->loading == NULL)
    {
      self->loading = g_cancellable_new ();
      redial_secret_load_async (REDIAL_TWILIO_AUTH_TOKEN_NAME, self->token_file, self->loading,
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
  if (has_token (self))
    set_state (self, REDIAL_CONNECTION_DISCONNECTED, _("Not started"));
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
  g_autofree char *other_url = NULL;
  const char *token;
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

  token = redial_twilio_client_get_auth_token (self->client);
  if (token == NULL)
    {
      g_message ("A Twilio webhook was refused: without the auth token its signature cannot be checked");
      return SOUP_STATUS_FORBIDDEN;
    }
  if (signature == NULL || *signature == '\0')
    {
      g_message ("A Twilio webhook without a signature was refused");
      return SOUP_STATUS_FORBIDDEN;
    }

  if (redial_twilio_signature_is_valid (token, url, params, signature))
    return SOUP_STATUS_OK;

  other_url = toggle_default_port (url);
  if (other_url != NULL && redial_twilio_signature_is_valid (token, other_url, params, signature))
    return SOUP_STATUS_OK;

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

  /* Each request finishes later, on its own, and calls nobody back. */
  if (self->client != NULL)
    redial_twilio_client_cancel_all (self->client);

  if (self->clock != NULL)
    {
      save_state (self, TRUE);
      redial_clock_clear (self->clock, &self->poll_timer);
      g_clear_pointer (&self->poll, poll_free);
      g_clear_pointer (&self->tracked, g_hash_table_unref);
      g_clear_pointer (&self->sends, g_ptr_array_unref);
    }
  g_clear_object (&self->client);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (redial_twilio_sms_parent_class)->dispose (object);
}

static void
redial_twilio_sms_finalize (GObject *object)
{
  RedialTwilioSms *self = REDIAL_TWILIO_SMS (object);

  g_free (self->messages_url);
  g_free (self->account_sid);
  g_free (self->from);
  g_free (self->messaging_service_sid);
  g_free (self->public_url);
  g_free (self->token_file);
  g_free (self->state_file);
  g_hash_table_unref (self->claimed);
  g_hash_table_unref (self->seen_inbound);

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
  g_autofree char *from = NULL;
  g_autoptr(GError) local_error = NULL;
  RedialTwilioSettings settings = { 0, };

  g_return_val_if_fail (REDIAL_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (keyfile != NULL, NULL);
  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (region != NULL, NULL);

#define INVALID(key, reason) \
  redial_settings_invalid (error, REDIAL_TWILIO_SMS_ERROR, REDIAL_TWILIO_SMS_ERROR_CONFIG, source, "twilio", key, reason)

  if (!redial_twilio_settings_read (&settings, keyfile, source, 1,
                                    REDIAL_TWILIO_SMS_ERROR, REDIAL_TWILIO_SMS_ERROR_CONFIG, error))
    {
      redial_twilio_settings_clear (&settings);
      return NULL;
    }

  self = g_object_new (REDIAL_TYPE_TWILIO_SMS, NULL);
  self->clock = g_object_ref (clock);
  self->client = redial_twilio_client_new (clock, settings.base_url, settings.account_sid);
  self->messages_url = redial_twilio_client_account_url (self->client, "Messages");
  self->account_sid = g_steal_pointer (&settings.account_sid);
  self->public_url = g_steal_pointer (&settings.public_url);
  self->token_file = g_steal_pointer (&settings.token_file);
  if (settings.poll_interval_s != 0)
    self->poll_interval = (gint64) settings.poll_interval_s * G_USEC_PER_SEC;
  redial_twilio_settings_clear (&settings);

  self->messaging_service_sid = redial_twilio_settings_read_key (keyfile, "messaging-service-sid");
  if (self->messaging_service_sid != NULL && !redial_twilio_is_sid (self->messaging_service_sid))
    {
      INVALID ("messaging-service-sid", _("expected an identifier from the Twilio console, such as “MG…”"));
      return NULL;
    }

  from = redial_twilio_settings_read_key (keyfile, "from");
  if (from != NULL)
    {
      self->from = redial_phone_normalize (from, region, &local_error);
      if (self->from == NULL)
        {
          INVALID ("from", local_error->message);
          return NULL;
        }
    }
  else
    self->from = g_strdup (default_from);
  if (self->from == NULL && self->messaging_service_sid == NULL)
    {
      INVALID ("from", _("set the number texts come from (or [sms] from), or a messaging-service-sid"));
      return NULL;
    }

  /* The token itself is loaded when the gateway starts, off the main loop. */
  if (self->token_file != NULL && !redial_secret_check_file (self->token_file, &local_error))
    {
      INVALID ("auth-token-file", local_error->message);
      return NULL;
    }

#undef INVALID
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

  redial_twilio_client_set_auth_token (self->client, token);
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
  return redial_twilio_client_get_n_requests (self->client) + (self->loading != NULL ? 1 : 0);
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
  if (!redial_twilio_is_sid (sid) || status == NULL)
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
  if (!redial_twilio_is_sid (sid) || from == NULL || *from == '\0')
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
