/* redial-twilio-sms-delivery.c: follows the delivery of each text Twilio accepted, by status polls or callbacks. */
#include "config.h"

#define G_LOG_DOMAIN "redial-twilio"

#include <glib/gi18n.h>

#include "redial-twilio-errors.h"
#include "redial-twilio-sms-private.h"

/* Delivery is followed until final, polling less and less often, and for
 * no longer than carriers report delivery. */
#define MAX_STATUS_POLL_US      (10 * 60 * G_USEC_PER_SEC)
#define STATUS_GIVE_UP_US       (G_GINT64_CONSTANT (72) * 3600 * G_USEC_PER_SEC)
#define MAX_CLAIMED             2000

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

/* Delivery */

void
_redial_twilio_sms_tracked_free (gpointer data)
{
  Tracked *tracked = data;

  redial_clock_clear (tracked->self->clock, &tracked->timer);
  g_free (tracked->sid);
  g_free (tracked->to);
  g_free (tracked);
}

/* Reports a status Twilio gave for the text @sid to @to (may be NULL). */
void
_redial_twilio_sms_apply_status (RedialTwilioSms *self,
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
      _redial_twilio_sms_set_connected (self);
      _redial_twilio_sms_apply_status (self, sid, NULL, redial_twilio_json_string (object, "status"),
                                       redial_twilio_json_code (object, "error_code"));
    }
  else if (response->status == SOUP_STATUS_NOT_FOUND)
    {
      g_message ("Text %s: Twilio has no record of it; no longer following its delivery", sid);
      g_hash_table_remove (self->tracked, sid);
    }
  else
    {
      _redial_twilio_sms_note_failure (self, response);
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
void
_redial_twilio_sms_track (RedialTwilioSms *self,
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
