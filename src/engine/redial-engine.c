/* redial-engine.c: turns call and message events into cases, texts back, keeps the timers. */
#include "config.h"

#include <glib/gi18n.h>

#include "redial-engine.h"
#include "redial-phone.h"
#include "redial-sla.h"
#include "redial-template.h"

#define TICK_US G_USEC_PER_SEC
#define MAX_CALLER_NAME_CHARS 48
#define MAX_INBOUND_CHARS 1600

struct _RedialEngine
{
  GObject            parent_instance;

  RedialConfig      *config;
  RedialStore       *store;
  RedialClock       *clock;
  RedialPhoneSystem *phone_system;
  RedialSmsGateway  *sms_gateway;
  GCancellable      *cancellable;

  GListStore        *queue;          /* RedialCase, sorted by compare_urgency() */
  GHashTable        *cases;          /* case id → RedialCase in the queue */
  GHashTable        *early_statuses; /* provider message id → EarlyStatus */
  guint              tick;
  gboolean           started;
};

G_DEFINE_FINAL_TYPE (RedialEngine, redial_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PHONE_SYSTEM,
  PROP_SMS_GATEWAY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  TICK,
  TEXT_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A delivery report that arrived before the gateway's answer to the send. */
typedef struct
{
  RedialMessageStatus  status;
  char                *error;
} EarlyStatus;

static void
early_status_free (gpointer data)
{
  EarlyStatus *early = data;

  g_free (early->error);
  g_free (early);
}

/* Words that opt a number out, in, or ask for help, compared after
 * trimming spaces and punctuation, ignoring case. */
static const char * const opt_out_words[] = {
  "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", NULL
};
static const char * const opt_in_words[] = { "START", "UNSTOP", NULL };
static const char * const help_words[] = { "HELP", NULL };

/* Cases waiting for a person (new, or the caller wrote back) come first,
 * longest waiting first. */
static int
urgency_rank (RedialCase *kase)
{
  switch (redial_case_get_state (kase))
    {
    case REDIAL_CASE_STATE_NEW:
    case REDIAL_CASE_STATE_REPLIED:
      return 0;
    case REDIAL_CASE_STATE_RESPONDED:
    case REDIAL_CASE_STATE_QUALIFIED:
    case REDIAL_CASE_STATE_BOOKED:
    case REDIAL_CASE_STATE_CLOSED:
    default:
      return 1;
    }
}

static int
compare_urgency (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  RedialCase *case_a = (RedialCase *) a;
  RedialCase *case_b = (RedialCase *) b;
  int rank_a = urgency_rank (case_a);
  int rank_b = urgency_rank (case_b);
  gint64 at_a, at_b, id_a, id_b;

  if (rank_a != rank_b)
    return rank_a < rank_b ? -1 : 1;

  at_a = redial_case_get_first_call_at (case_a);
  at_b = redial_case_get_first_call_at (case_b);
  if (at_a != at_b)
    return at_a < at_b ? -1 : 1;

  id_a = redial_case_get_id (case_a);
  id_b = redial_case_get_id (case_b);
  return id_a < id_b ? -1 : id_a > id_b;
}

static void
update_level (RedialEngine *self,
              RedialCase   *kase)
{
  redial_case_set_sla_level (kase, redial_engine_get_first_response_level (self, kase));
}

static gboolean
in_order_at (RedialEngine *self,
             RedialCase   *kase,
             guint         position)
{
  GListModel *queue = G_LIST_MODEL (self->queue);
  guint n_items = g_list_model_get_n_items (queue);

  if (position > 0)
    {
      g_autoptr(RedialCase) before = g_list_model_get_item (queue, position - 1);
      if (compare_urgency (before, kase, NULL) > 0)
        return FALSE;
    }
  if (position + 1 < n_items)
    {
      g_autoptr(RedialCase) after = g_list_model_get_item (queue, position + 1);
      if (compare_urgency (kase, after, NULL) > 0)
        return FALSE;
    }
  return TRUE;
}

/* Moves @kase to its place after a change of state, whoever made it. */
static void
queue_resort (RedialEngine *self,
              RedialCase   *kase)
{
  guint position;

  if (!g_list_store_find (self->queue, kase, &position))
    return;

  /* Still in order where it is: leave the list, and the view's scroll
   * position, alone. */
  if (in_order_at (self, kase, position))
    return;

  g_object_ref (kase);
  g_list_store_remove (self->queue, position);
  g_list_store_insert_sorted (self->queue, kase, compare_urgency, NULL);
  g_object_unref (kase);
}

static void
on_case_state (RedialCase   *kase,
               GParamSpec   *pspec,
               RedialEngine *self)
{
  queue_resort (self, kase);
}

static void
queue_add (RedialEngine *self,
           RedialCase   *kase)
{
  update_level (self, kase);
  g_hash_table_insert (self->cases, GINT_TO_POINTER (redial_case_get_id (kase)), kase);
  g_list_store_insert_sorted (self->queue, kase, compare_urgency, NULL);
  g_signal_connect_object (kase, "notify::state", G_CALLBACK (on_case_state), self, 0);
}

/* The queue's own object for the case @fresh describes, brought up to date
 * from it; or @fresh itself, added, when the queue did not hold it. */
static RedialCase *
queue_merge (RedialEngine *self,
             RedialCase   *fresh)
{
  RedialCase *kase = g_hash_table_lookup (self->cases, GINT_TO_POINTER (redial_case_get_id (fresh)));

  if (kase == NULL)
    {
      queue_add (self, fresh);
      return fresh;
    }

  redial_case_set_n_calls (kase, redial_case_get_n_calls (fresh));
  redial_case_set_last_call_at (kase, redial_case_get_last_call_at (fresh));
  redial_case_set_opted_out (kase, redial_case_get_opted_out (fresh));
  return kase;
}

static gboolean
on_tick (gpointer user_data)
{
  RedialEngine *self = user_data;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->queue));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RedialCase) kase = g_list_model_get_item (G_LIST_MODEL (self->queue), i);
      update_level (self, kase);
    }

  g_signal_emit (self, signals[TICK], 0, redial_clock_now (self->clock));
  return G_SOURCE_CONTINUE;
}

static const char * const not_names[] = {
  "anonymous", "unknown", "restricted", "private", "unavailable",
  "wireless caller", "cell phone", "unknown name", "toll free call",
  "toll free", "out of area", "blocked",
};

char *
redial_engine_clean_caller_name (const char *raw)
{
  g_autofree char *valid = NULL;
  g_autoptr(GString) out = NULL;
  gboolean has_letter = FALSE;
  guint n_chars = 0;

  if (raw == NULL)
    return NULL;

  valid = g_utf8_make_valid (raw, strnlen (raw, 4096));
  out = g_string_new (NULL);

  for (const char *p = valid; *p != '\0' && n_chars < MAX_CALLER_NAME_CHARS; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      /* Control and format characters (direction overrides among them) could
       * disguise a name; runs of spaces only waste the row. */
      if (type == G_UNICODE_CONTROL || type == G_UNICODE_FORMAT ||
          type == G_UNICODE_UNASSIGNED || type == G_UNICODE_PRIVATE_USE ||
          type == G_UNICODE_SURROGATE)
        continue;
      if (g_unichar_isspace (c))
        {
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            {
              g_string_append_c (out, ' ');
              n_chars++;
            }
          continue;
        }
      if (g_unichar_isalpha (c))
        has_letter = TRUE;
      g_string_append_unichar (out, c);
      n_chars++;
    }

  g_strstrip (out->str);
  out->len = strlen (out->str);

  /* A "name" without letters is a number or noise; the phone systems'
   * words for a hidden caller and the carriers' generic caller ID are no
   * name either: the number says more. */
  if (!has_letter)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (not_names); i++)
    if (g_ascii_strcasecmp (out->str, not_names[i]) == 0)
      return NULL;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

typedef struct
{
  RedialEngine  *self;
  RedialMessage *message;
} SendData;

static void
send_data_free (SendData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->message);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SendData, send_data_free)

static void
save_message (RedialEngine  *self,
              RedialMessage *message)
{
  g_autoptr(GError) error = NULL;

  if (!redial_store_update_message (self->store, message, &error))
    g_message ("Message %" G_GINT64_FORMAT " could not be saved: %s",
               redial_message_get_id (message), error->message);
}

static void
on_send_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SendData) data = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message_id = NULL;
  RedialEngine *self = data->self;
  RedialMessage *message = data->message;
  EarlyStatus *early;

  message_id = redial_sms_gateway_send_finish (REDIAL_SMS_GATEWAY (source), result, &error);
  if (message_id == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_message ("Text to %s failed: %s", redial_message_get_peer (message), error->message);
      redial_message_set_status (message, REDIAL_MESSAGE_STATUS_FAILED);
      redial_message_set_error (message, error->message);
      save_message (self, message);
      g_signal_emit (self, signals[TEXT_FAILED], 0, message);
      return;
    }

  redial_message_set_provider_message_id (message, message_id);
  early = g_hash_table_lookup (self->early_statuses, message_id);
  if (early != NULL)
    {
      redial_message_set_status (message, early->status);
      redial_message_set_error (message, early->error);
      g_hash_table_remove (self->early_statuses, message_id);
    }
  save_message (self, message);
  if (redial_message_get_status (message) == REDIAL_MESSAGE_STATUS_FAILED ||
      redial_message_get_status (message) == REDIAL_MESSAGE_STATUS_UNDELIVERED)
    g_signal_emit (self, signals[TEXT_FAILED], 0, message);
}

/* Hands a message, already in the outbox, to the gateway. */
static void
send_message (RedialEngine  *self,
              RedialMessage *message)
{
  SendData *data;

  g_assert (redial_message_get_id (message) > 0);

  data = g_new0 (SendData, 1);
  data->self = g_object_ref (self);
  data->message = g_object_ref (message);
  redial_sms_gateway_send_async (self->sms_gateway,
                                 redial_message_get_peer (message),
                                 redial_message_get_body (message),
                                 self->cancellable,
                                 on_send_done, data);
}

static char *
render (RedialEngine  *self,
        const char    *template,
        GError       **error)
{
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (values, (gpointer) "business",
                       (gpointer) redial_config_get_business_name (self->config));
  return redial_template_render (template, values, error);
}

static void
text_back (RedialEngine *self,
           RedialCase   *kase)
{
  g_autoptr(RedialMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  const char *caller = redial_case_get_caller (kase);

  if (redial_case_get_texted_back (kase) || !redial_config_get_text_back_enabled (self->config))
    return;

  if (caller == NULL)
    {
      g_debug ("Case %" G_GINT64_FORMAT ": no number to text back", redial_case_get_id (kase));
      return;
    }

  if (self->sms_gateway == NULL)
    {
      g_message ("Case %" G_GINT64_FORMAT ": no SMS gateway is set up, so no text-back",
                 redial_case_get_id (kase));
      return;
    }

  /* No text of any kind goes to a number that opted out. */
  if (redial_store_is_opted_out (self->store, caller))
    {
      redial_case_set_opted_out (kase, TRUE);
      g_message ("Case %" G_GINT64_FORMAT ": not texted back, the number opted out",
                 redial_case_get_id (kase));
      return;
    }

  body = render (self, redial_config_get_text_back_template (self->config), &error);
  if (body == NULL)
    {
      g_message ("Case %" G_GINT64_FORMAT ": text-back not sent: %s",
                 redial_case_get_id (kase), error->message);
      return;
    }

  message = redial_message_new (redial_case_get_id (kase),
                                REDIAL_MESSAGE_DIRECTION_OUTBOUND,
                                REDIAL_MESSAGE_KIND_TEXT_BACK,
                                caller, body, redial_clock_now (self->clock));

  /* The outbox row is committed before the gateway hears of the text. */
  if (!redial_store_queue_text_back (self->store, kase, message, &error))
    {
      if (error != NULL)
        g_message ("Case %" G_GINT64_FORMAT ": text-back not queued: %s",
                   redial_case_get_id (kase), error->message);
      return;
    }

  send_message (self, message);
}

/* Sends an answer the carrier rules call for (opt-out confirmation, help). */
static void
send_service_text (RedialEngine      *self,
                   RedialCase        *kase,
                   RedialMessageKind  kind,
                   const char        *template)
{
  g_autoptr(RedialMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = render (self, template, &error);

  if (body == NULL || self->sms_gateway == NULL)
    return;

  message = redial_message_new (redial_case_get_id (kase),
                                REDIAL_MESSAGE_DIRECTION_OUTBOUND, kind,
                                redial_case_get_caller (kase), body,
                                redial_clock_now (self->clock));
  if (!redial_store_add_message (self->store, message, &error))
    {
      g_message ("Case %" G_GINT64_FORMAT ": reply not queued: %s",
                 redial_case_get_id (kase), error->message);
      return;
    }

  send_message (self, message);
}

void
redial_engine_handle_call (RedialEngine    *self,
                           RedialCallEvent *event)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCall) call = NULL;
  g_autoptr(RedialCase) fresh = NULL;
  g_autofree char *caller = NULL;
  g_autofree char *name = NULL;
  g_autofree char *line = NULL;
  const char *label;
  RedialStoreRecord record;
  RedialCase *kase;

  g_return_if_fail (REDIAL_IS_ENGINE (self));
  g_return_if_fail (event != NULL);

  if (event->provider == NULL || event->provider_call_id == NULL || event->started_at <= 0)
    {
      g_message ("A call event without provider, id or start time was skipped");
      return;
    }

  caller = redial_phone_normalize (event->caller, redial_config_get_region (self->config), &error);
  if (caller == NULL)
    {
      g_debug ("Call %s: no usable caller number: %s", event->provider_call_id, error->message);
      g_clear_error (&error);
    }

  name = redial_engine_clean_caller_name (event->caller_name);
  line = redial_phone_normalize (event->line, redial_config_get_region (self->config), NULL);
  label = redial_config_get_line_label (self->config, line);
  if (label == NULL)
    label = event->line_label;

  call = g_object_new (REDIAL_TYPE_CALL,
                       "provider", event->provider,
                       "provider-call-id", event->provider_call_id,
                       "caller", caller,
                       "caller-name", name,
                       "line", line != NULL ? line : event->line,
                       "line-label", label,
                       "started-at", event->started_at,
                       "ended-at", MAX (event->ended_at, 0),
                       "disposition", event->disposition,
                       NULL);

  fresh = redial_store_record_call (self->store, call, &record, &error);
  if (error != NULL)
    {
      g_message ("Call %s could not be recorded: %s", event->provider_call_id, error->message);
      return;
    }

  switch (record)
    {
    case REDIAL_STORE_RECORD_DUPLICATE:
      g_debug ("Call %s was reported before", event->provider_call_id);
      return;
    case REDIAL_STORE_RECORD_ANSWERED:
      return;
    case REDIAL_STORE_RECORD_NEW_CASE:
    case REDIAL_STORE_RECORD_JOINED:
    default:
      break;
    }

  kase = queue_merge (self, fresh);
  text_back (self, kase);
}

static gboolean
is_keyword (const char         *body,
            const char * const *words)
{
  g_autofree char *upper = g_utf8_strup (body, -1);
  char *start = upper;
  char *end;

  while (*start != '\0' && (g_ascii_isspace (*start) || g_ascii_ispunct (*start)))
    start++;
  end = start + strlen (start);
  while (end > start && (g_ascii_isspace (end[-1]) || g_ascii_ispunct (end[-1])))
    *--end = '\0';

  return g_strv_contains (words, start);
}

void
redial_engine_handle_inbound (RedialEngine *self,
                              const char   *provider_message_id,
                              const char   *from,
                              const char   *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialMessage) message = NULL;
  g_autoptr(RedialCase) fresh = NULL;
  g_autofree char *caller = NULL;
  g_autofree char *text = NULL;
  gint64 now;
  RedialCase *kase;

  g_return_if_fail (REDIAL_IS_ENGINE (self));
  g_return_if_fail (from != NULL);
  g_return_if_fail (body != NULL);

  caller = redial_phone_normalize (from, redial_config_get_region (self->config), &error);
  if (caller == NULL)
    {
      g_message ("A text from an unusable number was skipped: %s", error->message);
      return;
    }

  if (provider_message_id != NULL)
    {
      g_autoptr(RedialMessage) known = redial_store_find_message (self->store, provider_message_id, &error);

      if (known != NULL)
        {
          g_debug ("Text %s was received before", provider_message_id);
          return;
        }
      g_clear_error (&error);
    }

  now = redial_clock_now (self->clock);
  fresh = redial_store_find_open_case (self->store, caller, &error);
  if (fresh == NULL && error == NULL)
    fresh = redial_store_open_case (self->store, caller, now, &error);
  if (fresh == NULL)
    {
      g_message ("A text from %s could not be recorded: %s", caller,
                 error ? error->message : "no case");
      return;
    }
  kase = queue_merge (self, fresh);

  text = g_utf8_make_valid (body, strnlen (body, MAX_INBOUND_CHARS * 4));
  if (g_utf8_strlen (text, -1) > MAX_INBOUND_CHARS)
    *g_utf8_offset_to_pointer (text, MAX_INBOUND_CHARS) = '\0';

  message = redial_message_new (redial_case_get_id (kase), REDIAL_MESSAGE_DIRECTION_INBOUND,
                                REDIAL_MESSAGE_KIND_REPLY, caller, text, now);
  redial_message_set_provider_message_id (message, provider_message_id);
  if (!redial_store_add_message (self->store, message, &error))
    {
      g_message ("A text from %s could not be recorded: %s", caller, error->message);
      return;
    }

  if (is_keyword (text, opt_out_words))
    {
      if (!redial_store_set_opted_out (self->store, caller, TRUE, now, text, &error))
        {
          g_message ("The opt-out of %s could not be recorded: %s", caller, error->message);
          return;
        }
      redial_case_set_opted_out (kase, TRUE);
      send_service_text (self, kase, REDIAL_MESSAGE_KIND_OPT_OUT_CONFIRMATION,
                         "{business}: you are unsubscribed and will get no more texts. "
                         "Reply START to resubscribe.");
      return;
    }

  if (is_keyword (text, opt_in_words))
    {
      if (redial_store_set_opted_out (self->store, caller, FALSE, now, text, &error))
        redial_case_set_opted_out (kase, FALSE);
      else
        g_message ("The opt-in of %s could not be recorded: %s", caller, error->message);
      return;
    }

  if (redial_case_get_opted_out (kase))
    return;

  if (is_keyword (text, help_words))
    {
      send_service_text (self, kase, REDIAL_MESSAGE_KIND_REPLY,
                         "{business}: reply here and we will get back to you. "
                         "Reply STOP to stop texts.");
      return;
    }

  if (redial_case_get_state (kase) == REDIAL_CASE_STATE_NEW ||
      redial_case_get_state (kase) == REDIAL_CASE_STATE_RESPONDED)
    {
      redial_case_set_state (kase, REDIAL_CASE_STATE_REPLIED);
      if (!redial_store_update_case (self->store, kase, &error))
        g_message ("Case %" G_GINT64_FORMAT " could not be saved: %s",
                   redial_case_get_id (kase), error->message);
    }
}

static void
on_call_event (RedialPhoneSystem *phone_system,
               RedialCallEvent   *event,
               RedialEngine      *self)
{
  redial_engine_handle_call (self, event);
}

static void
on_message_received (RedialSmsGateway *gateway,
                     const char       *provider_message_id,
                     const char       *from,
                     const char       *body,
                     RedialEngine     *self)
{
  redial_engine_handle_inbound (self, provider_message_id, from, body);
}

static void
on_status_changed (RedialSmsGateway    *gateway,
                   const char          *provider_message_id,
                   RedialMessageStatus  status,
                   const char          *error_text,
                   RedialEngine        *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialMessage) message = redial_store_find_message (self->store, provider_message_id, &error);

  if (message == NULL)
    {
      EarlyStatus *early;

      if (error != NULL)
        {
          g_message ("Delivery report for %s could not be read: %s", provider_message_id, error->message);
          return;
        }
      early = g_new0 (EarlyStatus, 1);
      early->status = status;
      early->error = g_strdup (error_text);
      g_hash_table_replace (self->early_statuses, g_strdup (provider_message_id), early);
      return;
    }

  /* A late report never moves a final status back. */
  if (redial_message_status_is_final (redial_message_get_status (message)))
    return;

  redial_message_set_status (message, status);
  redial_message_set_error (message, error_text);
  save_message (self, message);
  if (status == REDIAL_MESSAGE_STATUS_FAILED || status == REDIAL_MESSAGE_STATUS_UNDELIVERED)
    g_signal_emit (self, signals[TEXT_FAILED], 0, message);
}

/* The gateway learned that the carrier holds @number unsubscribed: no text
 * can reach it, so Redial records the opt-out as if the caller had texted
 * STOP here, and stops trying. */
static void
on_recipient_opted_out (RedialSmsGateway *gateway,
                        const char       *number,
                        RedialEngine     *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *phone = redial_phone_normalize (number, redial_config_get_region (self->config), &error);
  guint n;

  if (phone == NULL)
    {
      g_message ("An opt-out the SMS gateway reported for an unusable number was skipped: %s",
                 error->message);
      return;
    }

  if (!redial_store_is_opted_out (self->store, phone) &&
      !redial_store_set_opted_out (self->store, phone, TRUE, redial_clock_now (self->clock),
                                   "opted out at the carrier", &error))
    {
      g_message ("The opt-out of %s could not be recorded: %s", phone, error->message);
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->queue));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RedialCase) kase = g_list_model_get_item (G_LIST_MODEL (self->queue), i);

      if (g_strcmp0 (redial_case_get_caller (kase), phone) == 0)
        redial_case_set_opted_out (kase, TRUE);
    }
}

static void
redial_engine_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RedialEngine *self = REDIAL_ENGINE (object);

  switch (prop_id)
    {
    case PROP_PHONE_SYSTEM:
      g_value_set_object (value, self->phone_system);
      break;
    case PROP_SMS_GATEWAY:
      g_value_set_object (value, self->sms_gateway);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_engine_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  RedialEngine *self = REDIAL_ENGINE (object);

  switch (prop_id)
    {
    case PROP_PHONE_SYSTEM:
      redial_engine_set_phone_system (self, g_value_get_object (value));
      break;
    case PROP_SMS_GATEWAY:
      redial_engine_set_sms_gateway (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_engine_dispose (GObject *object)
{
  RedialEngine *self = REDIAL_ENGINE (object);

  redial_engine_stop (self);
  g_cancellable_cancel (self->cancellable);
  if (self->phone_system != NULL)
    g_signal_handlers_disconnect_by_data (self->phone_system, self);
  if (self->sms_gateway != NULL)
    g_signal_handlers_disconnect_by_data (self->sms_gateway, self);
  g_clear_object (&self->phone_system);
  g_clear_object (&self->sms_gateway);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->clock);
  g_clear_object (&self->store);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (redial_engine_parent_class)->dispose (object);
}

static void
redial_engine_finalize (GObject *object)
{
  RedialEngine *self = REDIAL_ENGINE (object);

  g_hash_table_unref (self->cases);
  g_hash_table_unref (self->early_statuses);
  g_object_unref (self->queue);

  G_OBJECT_CLASS (redial_engine_parent_class)->finalize (object);
}

static void
redial_engine_class_init (RedialEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = redial_engine_get_property;
  object_class->set_property = redial_engine_set_property;
  object_class->dispose = redial_engine_dispose;
  object_class->finalize = redial_engine_finalize;

  properties[PROP_PHONE_SYSTEM] =
    g_param_spec_object ("phone-system", NULL, NULL, REDIAL_TYPE_PHONE_SYSTEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SMS_GATEWAY] =
    g_param_spec_object ("sms-gateway", NULL, NULL, REDIAL_TYPE_SMS_GATEWAY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RedialEngine::tick:
   * @now: the clock's time, Unix µs
   *
   * The one shared 1 Hz tick that running timers redraw on.
   */
  signals[TICK] =
    g_signal_new ("tick", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * RedialEngine::text-failed:
   * @message: the RedialMessage, failed or undelivered, with its reason
   *
   * A text finally did not reach its caller (the gateway gave up, refused
   * it, or the carrier reported it undelivered): the window raises an
   * alert on the message's case, so that a person calls instead.
   */
  signals[TEXT_FAILED] =
    g_signal_new ("text-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, REDIAL_TYPE_MESSAGE);
}

static void
redial_engine_init (RedialEngine *self)
{
  self->cancellable = g_cancellable_new ();
  self->queue = g_list_store_new (REDIAL_TYPE_CASE);
  self->cases = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->early_statuses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, early_status_free);
}

RedialEngine *
redial_engine_new (RedialConfig *config,
                   RedialStore  *store,
                   RedialClock  *clock)
{
  RedialEngine *self;

  g_return_val_if_fail (REDIAL_IS_CONFIG (config), NULL);
  g_return_val_if_fail (REDIAL_IS_STORE (store), NULL);
  g_return_val_if_fail (REDIAL_IS_CLOCK (clock), NULL);

  self = g_object_new (REDIAL_TYPE_ENGINE, NULL);
  self->config = g_object_ref (config);
  self->store = g_object_ref (store);
  self->clock = g_object_ref (clock);
  return self;
}

RedialConfig *
redial_engine_get_config (RedialEngine *self)
{
  g_return_val_if_fail (REDIAL_IS_ENGINE (self), NULL);
  return self->config;
}

RedialStore *
redial_engine_get_store (RedialEngine *self)
{
  g_return_val_if_fail (REDIAL_IS_ENGINE (self), NULL);
  return self->store;
}

RedialClock *
redial_engine_get_clock (RedialEngine *self)
{
  g_return_val_if_fail (REDIAL_IS_ENGINE (self), NULL);
  return self->clock;
}

RedialPhoneSystem *
redial_engine_get_phone_system (RedialEngine *self)
{
  g_return_val_if_fail (REDIAL_IS_ENGINE (self), NULL);
  return self->phone_system;
}

void
redial_engine_set_phone_system (RedialEngine      *self,
                                RedialPhoneSystem *phone_system)
{
  g_return_if_fail (REDIAL_IS_ENGINE (self));
  g_return_if_fail (phone_system == NULL || REDIAL_IS_PHONE_SYSTEM (phone_system));

  if (self->phone_system == phone_system)
    return;

  if (self->phone_system != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->phone_system, self);
      redial_phone_system_stop (self->phone_system);
    }
  g_set_object (&self->phone_system, phone_system);
  if (phone_system != NULL)
    {
      g_signal_connect (phone_system, "call-event", G_CALLBACK (on_call_event), self);
      if (self->started)
        redial_phone_system_start (phone_system);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHONE_SYSTEM]);
}

RedialSmsGateway *
redial_engine_get_sms_gateway (RedialEngine *self)
{
  g_return_val_if_fail (REDIAL_IS_ENGINE (self), NULL);
  return self->sms_gateway;
}

void
redial_engine_set_sms_gateway (RedialEngine     *self,
                               RedialSmsGateway *gateway)
{
  g_return_if_fail (REDIAL_IS_ENGINE (self));
  g_return_if_fail (gateway == NULL || REDIAL_IS_SMS_GATEWAY (gateway));

  if (self->sms_gateway == gateway)
    return;

  if (self->sms_gateway != NULL)
    g_signal_handlers_disconnect_by_data (self->sms_gateway, self);
  g_set_object (&self->sms_gateway, gateway);
  if (gateway != NULL)
    {
      g_signal_connect (gateway, "status-changed", G_CALLBACK (on_status_changed), self);
      g_signal_connect (gateway, "message-received", G_CALLBACK (on_message_received), self);
      g_signal_connect (gateway, "recipient-opted-out", G_CALLBACK (on_recipient_opted_out), self);
      if (self->started)
        redial_sms_gateway_start (gateway);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SMS_GATEWAY]);
}

gboolean
redial_engine_start (RedialEngine  *self,
                     GError       **error)
{
  g_autoptr(GPtrArray) cases = NULL;

  g_return_val_if_fail (REDIAL_IS_ENGINE (self), FALSE);

  if (self->started)
    return TRUE;

  cases = redial_store_list_open_cases (self->store, error);
  if (cases == NULL)
    return FALSE;

  for (guint i = 0; i < cases->len; i++)
    {
      RedialCase *kase = g_ptr_array_index (cases, i);

      if (!g_hash_table_contains (self->cases, GINT_TO_POINTER (redial_case_get_id (kase))))
        queue_add (self, kase);
    }

  self->started = TRUE;
  self->tick = redial_clock_schedule (self->clock, TICK_US, on_tick, self, NULL);

  if (self->sms_gateway != NULL)
    redial_sms_gateway_start (self->sms_gateway);
  if (self->phone_system != NULL)
    redial_phone_system_start (self->phone_system);

  return TRUE;
}

void
redial_engine_stop (RedialEngine *self)
{
  g_return_if_fail (REDIAL_IS_ENGINE (self));

  if (!self->started)
    return;

  self->started = FALSE;
  redial_clock_clear (self->clock, &self->tick);
  if (self->phone_system != NULL)
    redial_phone_system_stop (self->phone_system);
}

GListModel *
redial_engine_get_queue (RedialEngine *self)
{
  g_return_val_if_fail (REDIAL_IS_ENGINE (self), NULL);
  return G_LIST_MODEL (self->queue);
}

RedialSlaLevel
redial_engine_get_first_response_level (RedialEngine *self,
                                        RedialCase   *kase)
{
  g_return_val_if_fail (REDIAL_IS_ENGINE (self), REDIAL_SLA_LEVEL_OK);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), REDIAL_SLA_LEVEL_OK);

  return redial_sla_level (redial_case_get_first_call_at (kase),
                           redial_case_get_first_response_at (kase),
                           redial_clock_now (self->clock),
                           redial_config_get_first_response_warning (self->config),
                           redial_config_get_first_response_target (self->config));
}
