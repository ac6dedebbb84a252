/* redial-twilio-sms-inbound.c: polls Twilio for inbound texts, remembering in a state file how far it read. */
#include "config.h"

#define G_LOG_DOMAIN "redial-twilio"

#include <errno.h>
#include <glib/gi18n.h>

#include "redial-private-file.h"
#include "redial-twilio-sms-private.h"

/* Inbound polls look back this far behind the last one, for messages
 * Twilio lists late; texts seen twice are recognised by their SID. */
#define INBOUND_OVERLAP_US      (10 * 60 * G_USEC_PER_SEC)
#define STATE_SAVE_EVERY_US     (5 * 60 * G_USEC_PER_SEC)
#define LIST_PAGE_SIZE          100
/* Twilio lists newest first: a poll reads at most this many pages of
 * replies (5,000 texts), and a longer backlog loses its oldest. */
#define MAX_LIST_PAGES          50

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

/* Wall time for Twilio's date filters: YYYY-MM-DD in GMT. */
static char *
format_day (gint64 unix_us)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (unix_us / G_USEC_PER_SEC);
  return g_date_time_format (date, "%Y-%m-%d");
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

void
_redial_twilio_sms_poll_free (Poll *poll)
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

  if (!redial_private_file_save_keyfile (keyfile, self->state_file, &error))
    {
      g_message ("Where inbound texts were read up to could not be saved in %s: %s",
                 self->state_file, error->message);
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

void
_redial_twilio_sms_report_inbound (RedialTwilioSms *self,
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
      _redial_twilio_sms_report_inbound (self, inbound->sid, inbound->from, inbound->body, inbound->sent_at);
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
      sent_at = _redial_twilio_sms_parse_date (redial_twilio_json_string (message, "date_sent"));
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
      _redial_twilio_sms_note_failure (self, response);
      g_clear_pointer (&self->poll, _redial_twilio_sms_poll_free);
      return;
    }

  _redial_twilio_sms_set_connected (self);
  collect_inbound (self, poll, json_node_get_array (messages));

  if (!redial_twilio_client_next_page (self->client, object, NULL, &next))
    {
      finish_poll (self, poll, FALSE);
      g_clear_pointer (&self->poll, _redial_twilio_sms_poll_free);
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
  g_clear_pointer (&self->poll, _redial_twilio_sms_poll_free);
}

void
_redial_twilio_sms_poll_inbound (RedialTwilioSms *self)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *url = NULL;
  g_autofree char *day = NULL;
  g_autofree char *page_size = g_strdup_printf ("%d", LIST_PAGE_SIZE);
  Poll *poll;

  if (self->poll != NULL || !_redial_twilio_sms_has_token (self))
    return;

  poll = g_new0 (Poll, 1);
  poll->started_at = redial_clock_now (self->clock);
  poll->since = self->inbound_since;
  poll->found = g_ptr_array_new_with_free_func (inbound_free);

  /* Twilio filters by day; the poll keeps what is newer than since. */
  day = format_day (poll->since);
  if (self->from != NULL)
    redial_twilio_append_param (query, "To", self->from);
  redial_twilio_append_param (query, "DateSent>", day);
  redial_twilio_append_param (query, "PageSize", page_size);
  url = g_strdup_printf ("%s.json?%s", self->messages_url, query->str);

  self->poll = poll;
  redial_twilio_client_request (self->client, "GET", url, NULL, on_list_done, self, NULL);
}

static gboolean
on_poll_timer (gpointer user_data)
{
  _redial_twilio_sms_poll_inbound (REDIAL_TWILIO_SMS (user_data));
  return G_SOURCE_CONTINUE;
}

void
_redial_twilio_sms_start_polling (RedialTwilioSms *self)
{
  load_state (self);
  if (self->inbound_since == 0)
    self->inbound_since = redial_clock_now (self->clock) - INBOUND_OVERLAP_US;

  /* Replies that came while Redial was off, then (without webhooks) every
   * poll interval. */
  _redial_twilio_sms_poll_inbound (self);
  if (self->public_url == NULL)
    self->poll_timer = redial_clock_schedule (self->clock, self->poll_interval, on_poll_timer, self, NULL);
}

void
_redial_twilio_sms_stop_polling (RedialTwilioSms *self)
{
  redial_clock_clear (self->clock, &self->poll_timer);
  save_state (self, TRUE);
}
