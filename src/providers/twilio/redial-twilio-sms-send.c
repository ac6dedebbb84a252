/* redial-twilio-sms-send.c: the queue of texts on their way to Twilio, retried without ever texting twice.
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
 * text, and the failure says so.
 *
 * At most MAX_POSTING texts are under way at once; the others wait their
 * turn, and the engine hears that a text's request started only when it
 * does, so that a text still waiting is known not to have gone out. */
#include "config.h"

#define G_LOG_DOMAIN "redial-twilio"

#include <glib/gi18n.h>

#include "redial-twilio-errors.h"
#include "redial-twilio-sms-private.h"

/* Retries back off 2 s, 4 s, 8 s, … up to 5 minutes; ten tries in all
 * (ten POSTs, or looks that failed) cover about a quarter of an hour of
 * outage. */
#define FIRST_RETRY_US          (2 * G_USEC_PER_SEC)
#define MAX_RETRY_US            (5 * 60 * G_USEC_PER_SEC)
#define MAX_SEND_TRIES          10
/* Fewer than the session's connections, so that polls still get one. */
#define MAX_POSTING             4

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
  gboolean         held;           /* for its turn: MAX_POSTING are under way */
  gboolean         posting;        /* started, counted in n_posting */
  gboolean         lookup;         /* only looks for a text created since first_try_at */
  RedialSmsGatewayStartedFunc started;
  gpointer         started_data;
  guint            timer;
} SendJob;

static void send_job_begin (SendJob *job);

/* Sending */

void
_redial_twilio_sms_send_job_free (gpointer data)
{
  SendJob *job = data;

  redial_clock_clear (job->self->clock, &job->timer);
  g_clear_object (&job->task);
  g_free (job->to);
  g_free (job->body);
  g_free (job);
}

/* Takes @job (freed) off the queue, and starts the next one waiting its
 * turn. */
static void
send_job_remove (SendJob *job)
{
  RedialTwilioSms *self = job->self;

  if (job->posting)
    self->n_posting--;
  g_ptr_array_remove (self->sends, job);

  for (guint i = 0; i < self->sends->len && self->n_posting < MAX_POSTING; i++)
    {
      SendJob *next = g_ptr_array_index (self->sends, i);

      if (next->held)
        {
          send_job_begin (next);
          /* It may have ended at once, and the queue with it. */
          i = (guint) -1;
        }
    }
}

static void
send_job_fail (SendJob    *job,
               int         code,
               const char *sentence)
{
  GTask *task = g_steal_pointer (&job->task);

  g_message ("Text to %s not sent: %s", job->to, sentence);
  send_job_remove (job);
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
  _redial_twilio_sms_track (self, sid, job->to);
  send_job_remove (job);
  g_task_return_pointer (task, g_strdup (sid), g_free);
  g_object_unref (task);

  /* The engine records the text as queued; a later step, or an error
   * Twilio knew at once, is reported like any other. */
  _redial_twilio_sms_apply_status (self, sid, to, redial_twilio_json_string (message, "status"),
                                   redial_twilio_json_code (message, "error_code"));
}

static gboolean
send_job_cancelled (SendJob *job)
{
  GCancellable *cancellable = g_task_get_cancellable (job->task);

  if (cancellable == NULL || !g_cancellable_is_cancelled (cancellable))
    return FALSE;

  {
    GTask *task = g_steal_pointer (&job->task);

    send_job_remove (job);
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

  _redial_twilio_sms_note_failure (self, response);

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
  redial_link_set_state (REDIAL_LINK (self), redial_link_get_state (REDIAL_LINK (self)), status);
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
      created = _redial_twilio_sms_parse_date (redial_twilio_json_string (message, "date_created"));

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

      _redial_twilio_sms_set_connected (self);
      if (twin != NULL)
        {
          g_message ("Text to %s: Twilio had it after all; not sending it again", job->to);
          send_job_accept (job, twin);
          return;
        }

      /* Twilio never had it: now it is safe to send. */
      job->maybe_created = FALSE;
      if (job->lookup)
        {
          GTask *task = g_steal_pointer (&job->task);

          send_job_remove (job);
          g_task_return_pointer (task, NULL, NULL);
          g_object_unref (task);
          return;
        }
      post_message (job);
      return;
    }

  if (response->status == SOUP_STATUS_OK || !redial_twilio_response_is_transient (response))
    {
      g_autofree char *reason = redial_twilio_response_describe (response);
      g_autofree char *sentence = NULL;

      _redial_twilio_sms_note_failure (self, response);
      sentence = g_strdup_printf (_("Twilio did not confirm the text, and it was not sent again to "
                                    "avoid a double text: check the conversation before texting (%s)."),
                                  reason);
      send_job_fail (job, response->status == SOUP_STATUS_UNAUTHORIZED ?
                          REDIAL_TWILIO_SMS_ERROR_AUTH : REDIAL_TWILIO_SMS_ERROR_UNREACHABLE,
                     sentence);
      return;
    }

  /* The look itself failed: that is a try, or an outage would be
   * retried for ever. */
  job->tries++;
  send_job_retry (job, response);
}

/* Looks for the message an unanswered POST may have created. A look that
 * gets its answer is not a try: the POST that follows is. */
static void
check_message (SendJob *job)
{
  RedialTwilioSms *self = job->self;
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *url = NULL;
  g_autofree char *page_size = g_strdup_printf ("%d", 50);

  redial_twilio_append_param (query, "To", job->to);
  if (self->from != NULL)
    redial_twilio_append_param (query, "From", self->from);
  redial_twilio_append_param (query, "PageSize", page_size);
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
          _redial_twilio_sms_set_connected (self);
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

      _redial_twilio_sms_note_failure (self, response);
      send_job_fail (job, REDIAL_TWILIO_SMS_ERROR_AUTH, sentence);
      return;
    }

  if (response->status >= 400 && !redial_twilio_response_is_transient (response))
    {
      g_autofree char *sentence = redial_twilio_response_describe (response);
      gboolean unsubscribed = redial_twilio_error_is_unsubscribed (response->code);

      _redial_twilio_sms_note_failure (self, response);
      if (unsubscribed)
        redial_sms_gateway_emit_opted_out (REDIAL_SMS_GATEWAY (self), job->to);
      else if (redial_twilio_error_is_unreachable (response->code))
        redial_sms_gateway_emit_unreachable (REDIAL_SMS_GATEWAY (self), job->to, sentence);
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

  redial_twilio_append_param (form, "To", job->to);
  if (self->messaging_service_sid != NULL)
    redial_twilio_append_param (form, "MessagingServiceSid", self->messaging_service_sid);
  else
    redial_twilio_append_param (form, "From", self->from);
  redial_twilio_append_param (form, "Body", job->body);
  if (self->public_url != NULL)
    {
      g_autofree char *callback = g_strconcat (self->public_url, REDIAL_TWILIO_SMS_STATUS_PATH, NULL);
      redial_twilio_append_param (form, "StatusCallback", callback);
    }

  redial_twilio_client_request (self->client, "POST", url, form->str, on_post_done, job, NULL);
}

/* Starts @job, or holds it until one under way is done. */
static void
send_job_begin (SendJob *job)
{
  RedialTwilioSms *self = job->self;

  job->held = FALSE;
  if (send_job_cancelled (job))
    return;

  if (job->lookup)
    {
      check_message (job);
      return;
    }
  if (self->n_posting >= MAX_POSTING)
    {
      job->held = TRUE;
      return;
    }

  job->posting = TRUE;
  self->n_posting++;
  if (job->started != NULL && !job->started (job->started_data))
    {
      GTask *task = g_steal_pointer (&job->task);

      send_job_remove (job);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The text was held back");
      g_object_unref (task);
      return;
    }
  post_message (job);
}

static void
add_job (RedialTwilioSms     *self,
         GTask               *task,
         const char          *to,
         const char          *body,
         gboolean             lookup,
         gint64              since,
         RedialSmsGatewayStartedFunc started,
         gpointer             started_data)
{
  SendJob *job;

  if (!_redial_twilio_sms_has_token (self) && self->loading == NULL)
    {
      g_task_return_new_error (task, REDIAL_TWILIO_SMS_ERROR, REDIAL_TWILIO_SMS_ERROR_AUTH,
                               "%s", _("No Twilio auth token: enter it in Preferences."));
      return;
    }

  job = g_new0 (SendJob, 1);
  job->self = self;
  job->task = g_object_ref (task);
  job->to = g_strdup (to);
  job->body = g_strdup (body);
  job->lookup = lookup;
  job->maybe_created = lookup;
  job->first_try_at = since;
  job->started = started;
  job->started_data = started_data;
  redial_backoff_init (&job->backoff, FIRST_RETRY_US, MAX_RETRY_US);
  g_ptr_array_add (self->sends, job);
  if (!_redial_twilio_sms_has_token (self))
    {
      job->waiting = TRUE;
      return;
    }
  send_job_begin (job);
}

void
_redial_twilio_sms_send_async (RedialSmsGateway            *gateway,
                               const char                  *to,
                               const char                  *body,
                               RedialSmsGatewayStartedFunc  started,
                               GCancellable                *cancellable,
                               GAsyncReadyCallback          callback,
                               gpointer                     user_data)
{
  RedialTwilioSms *self = REDIAL_TWILIO_SMS (gateway);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, _redial_twilio_sms_send_async);
  add_job (self, task, to, body, FALSE, 0, started, user_data);
}

void
_redial_twilio_sms_find_sent_async (RedialSmsGateway    *gateway,
                                    const char          *to,
                                    const char          *body,
                                    gint64               since,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  RedialTwilioSms *self = REDIAL_TWILIO_SMS (gateway);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, _redial_twilio_sms_find_sent_async);
  add_job (self, task, to, body, TRUE, since, NULL, NULL);
}

/* Sends the texts that waited for the token, or fails them without one. */
void
_redial_twilio_sms_release_waiting (RedialTwilioSms *self)
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
      if (_redial_twilio_sms_has_token (self))
        send_job_begin (job);
      else
        send_job_fail (job, REDIAL_TWILIO_SMS_ERROR_AUTH, _("No Twilio auth token: enter it in Preferences."));
    }
}

char *
_redial_twilio_sms_send_finish (RedialSmsGateway  *gateway,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, gateway), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
