/* redial-outbox.c: every text that goes out: checked, committed, handed to the SMS gateway once, its delivery followed. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include <glib/gi18n.h>

#include "redial-engine-error.h"
#include "redial-outbox.h"

struct _RedialOutbox
{
  GObject           parent_instance;

  RedialStore      *store;
  RedialClock      *clock;
  RedialCompliance *compliance;
  RedialRenderer   *renderer;
  RedialSmsGateway *gateway;
  GCancellable     *cancellable;
  GHashTable       *early_statuses; /* provider message id → EarlyStatus */
  GHashTable       *in_hand;        /* ids of the messages handed over or looked for, not answered yet */
};

G_DEFINE_FINAL_TYPE (RedialOutbox, redial_outbox, G_TYPE_OBJECT)

enum {
  TEXT_FAILED,
  MESSAGE_CHANGED,
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

/* A text handed to the gateway, or looked for there after a restart
 * (then with the queue its case is looked up in). */
typedef struct
{
  RedialOutbox  *self;
  RedialMessage *message;
  RedialQueue   *queue;
} SendData;

static SendData *
send_data_new (RedialOutbox  *self,
               RedialMessage *message,
               RedialQueue   *queue)
{
  SendData *data = g_new0 (SendData, 1);

  data->self = g_object_ref (self);
  data->message = g_object_ref (message);
  data->queue = queue != NULL ? g_object_ref (queue) : NULL;
  g_hash_table_add (self->in_hand, GINT_TO_POINTER (redial_message_get_id (message)));
  return data;
}

static void
send_data_free (SendData *data)
{
  g_hash_table_remove (data->self->in_hand, GINT_TO_POINTER (redial_message_get_id (data->message)));
  g_object_unref (data->self);
  g_object_unref (data->message);
  g_clear_object (&data->queue);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SendData, send_data_free)

static void
save_message (RedialOutbox  *self,
              RedialMessage *message)
{
  g_autoptr(GError) error = NULL;

  if (!redial_store_update_message (self->store, message, &error))
    g_message ("Message %" G_GINT64_FORMAT " could not be saved: %s",
               redial_message_get_id (message), error->message);
  g_signal_emit (self, signals[MESSAGE_CHANGED], 0, message);
}

static void
text_failed (RedialOutbox  *self,
             RedialMessage *message)
{
  g_signal_emit (self, signals[TEXT_FAILED], 0, message);
}

static void
no_gateway (GError **error)
{
  g_set_error_literal (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_NO_GATEWAY,
                       _("No SMS gateway is set up, so no text can be sent."));
}

/* Why nothing may be sent to @kase's caller; TRUE when texts may go. */
static gboolean
may_text (RedialOutbox  *self,
          RedialCase    *kase,
          GError       **error)
{
  if (!redial_compliance_check_case (self->compliance, kase, error))
    return FALSE;
  if (self->gateway == NULL)
    {
      no_gateway (error);
      return FALSE;
    }
  return TRUE;
}

/* The gateway has @message as @message_id: a delivery report that came
 * first is applied now. */
static void
accepted (RedialOutbox  *self,
          RedialMessage *message,
          const char    *message_id)
{
  EarlyStatus *early;

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
    text_failed (self, message);
}

static void
on_send_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SendData) data = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message_id = NULL;
  RedialOutbox *self = data->self;
  RedialMessage *message = data->message;

  message_id = redial_sms_gateway_send_finish (REDIAL_SMS_GATEWAY (source), result, &error);
  if (message_id == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_message ("Text to %s failed: %s", redial_message_get_peer (message), error->message);
      redial_message_set_status (message, REDIAL_MESSAGE_STATUS_FAILED);
      redial_message_set_error (message, error->message);
      save_message (self, message);
      text_failed (self, message);
      return;
    }

  accepted (self, message, message_id);
}

/* The gateway starts the request for a text: the hand-off time is
 * committed first, so that after a restart the gateway is asked whether
 * it created the text before it is sent again (see README, "Delivery"). */
static gboolean
on_send_started (gpointer user_data)
{
  SendData *data = user_data;
  RedialMessage *message = data->message;
  g_autoptr(GError) error = NULL;

  redial_message_set_attempted_at (message, redial_clock_now (data->self->clock));
  if (!redial_store_update_message (data->self->store, message, &error))
    {
      /* Without the record, a crash now could send it twice: do not send. */
      g_message ("Text %" G_GINT64_FORMAT " was not sent: %s",
                 redial_message_get_id (message), error->message);
      redial_message_set_attempted_at (message, 0);
      return FALSE;
    }
  return TRUE;
}

/* Hands @data's message, already in the outbox, to the gateway. */
static void
hand_off (SendData *data)
{
  RedialMessage *message = data->message;

  g_assert (redial_message_get_id (message) > 0);

  redial_sms_gateway_hand_off_async (data->self->gateway,
                                     redial_message_get_peer (message),
                                     redial_message_get_body (message),
                                     on_send_started,
                                     data->self->cancellable,
                                     on_send_done, data);
}

static void
send_message (RedialOutbox  *self,
              RedialMessage *message)
{
  hand_off (send_data_new (self, message, NULL));
}

static void
redial_outbox_dispose (GObject *object)
{
  RedialOutbox *self = REDIAL_OUTBOX (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->gateway);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->renderer);
  g_clear_object (&self->compliance);
  g_clear_object (&self->clock);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (redial_outbox_parent_class)->dispose (object);
}

static void
redial_outbox_finalize (GObject *object)
{
  RedialOutbox *self = REDIAL_OUTBOX (object);

  g_hash_table_unref (self->early_statuses);
  g_hash_table_unref (self->in_hand);

  G_OBJECT_CLASS (redial_outbox_parent_class)->finalize (object);
}

static void
redial_outbox_class_init (RedialOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = redial_outbox_dispose;
  object_class->finalize = redial_outbox_finalize;

  /**
   * RedialOutbox::text-failed:
   * @message: the RedialMessage, failed or undelivered, with its reason
   *
   * A text finally did not reach its caller.
   */
  signals[TEXT_FAILED] =
    g_signal_new ("text-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, REDIAL_TYPE_MESSAGE);

  /**
   * RedialOutbox::message-changed:
   * @message: the RedialMessage
   *
   * A text was put in the outbox, or its delivery status, provider id or
   * error changed and was saved.
   */
  signals[MESSAGE_CHANGED] =
    g_signal_new ("message-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, REDIAL_TYPE_MESSAGE);
}

static void
redial_outbox_init (RedialOutbox *self)
{
  self->cancellable = g_cancellable_new ();
  self->early_statuses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, early_status_free);
  self->in_hand = g_hash_table_new (g_direct_hash, g_direct_equal);
}

RedialOutbox *
redial_outbox_new (RedialStore      *store,
                   RedialClock      *clock,
                   RedialCompliance *compliance,
                   RedialRenderer   *renderer)
{
  RedialOutbox *self;

  g_return_val_if_fail (REDIAL_IS_STORE (store), NULL);
  g_return_val_if_fail (REDIAL_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (REDIAL_IS_COMPLIANCE (compliance), NULL);
  g_return_val_if_fail (REDIAL_IS_RENDERER (renderer), NULL);

  self = g_object_new (REDIAL_TYPE_OUTBOX, NULL);
  self->store = g_object_ref (store);
  self->clock = g_object_ref (clock);
  self->compliance = g_object_ref (compliance);
  self->renderer = g_object_ref (renderer);
  return self;
}

RedialSmsGateway *
redial_outbox_get_gateway (RedialOutbox *self)
{
  g_return_val_if_fail (REDIAL_IS_OUTBOX (self), NULL);
  return self->gateway;
}

void
redial_outbox_set_gateway (RedialOutbox     *self,
                           RedialSmsGateway *gateway)
{
  g_return_if_fail (REDIAL_IS_OUTBOX (self));
  g_return_if_fail (gateway == NULL || REDIAL_IS_SMS_GATEWAY (gateway));

  g_set_object (&self->gateway, gateway);
}

static RedialMessage *
queue_message (RedialOutbox       *self,
               RedialCase         *kase,
               RedialMessageKind   kind,
               RedialTemplateUse   use,
               const char         *written,
               const char         *author,
               GError            **error)
{
  g_autoptr(RedialMessage) message = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *body = NULL;

  g_return_val_if_fail (REDIAL_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), NULL);

  /* The one confirmation of an opt-out goes to a number that just opted out. */
  if (kind != REDIAL_MESSAGE_KIND_OPT_OUT_CONFIRMATION && !may_text (self, kase, error))
    return NULL;
  if (kind == REDIAL_MESSAGE_KIND_OPT_OUT_CONFIRMATION && self->gateway == NULL)
    {
      no_gateway (error);
      return NULL;
    }

  if (written != NULL)
    body = g_strdup (written);
  else
    body = redial_renderer_render (self->renderer, kase, use, &local_error);
  if (body == NULL || *g_strstrip (body) == '\0')
    {
      g_set_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_TEXT,
                   _("The text was not sent: %s"),
                   local_error != NULL ? local_error->message : _("it is empty"));
      return NULL;
    }

  message = redial_message_new (redial_case_get_id (kase), REDIAL_MESSAGE_DIRECTION_OUTBOUND, kind,
                                redial_case_get_caller (kase), body, redial_clock_now (self->clock));
  redial_message_set_author (message, author);

  if (kind == REDIAL_MESSAGE_KIND_TEXT_BACK)
    {
      /* The outbox row and the case's "texted back" are one commit. */
      if (!redial_store_queue_text_back (self->store, kase, message, &local_error))
        {
          if (local_error != NULL)
            g_set_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_STORE,
                         "%s", local_error->message);
          return NULL;
        }
    }
  else if (!redial_store_add_message (self->store, message, &local_error))
    {
      g_set_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_STORE, "%s", local_error->message);
      return NULL;
    }

  g_signal_emit (self, signals[MESSAGE_CHANGED], 0, message);
  send_message (self, message);
  return g_steal_pointer (&message);
}

RedialMessage *
redial_outbox_queue (RedialOutbox       *self,
                     RedialCase         *kase,
                     RedialMessageKind   kind,
                     RedialTemplateUse   use,
                     const char         *written,
                     GError            **error)
{
  return queue_message (self, kase, kind, use, written, NULL, error);
}

RedialMessage *
redial_outbox_queue_written (RedialOutbox  *self,
                             RedialCase    *kase,
                             const char    *body,
                             const char    *author,
                             GError       **error)
{
  g_return_val_if_fail (body != NULL, NULL);

  return queue_message (self, kase, REDIAL_MESSAGE_KIND_MANUAL, REDIAL_TEMPLATE_USE_BUSY_HOURS,
                        body, author, error);
}

static void
on_notice_sent (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autofree char *to = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message_id = redial_sms_gateway_send_finish (REDIAL_SMS_GATEWAY (source), result, &error);

  if (message_id == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("Text to %s failed: %s", to, error->message);
}

gboolean
redial_outbox_send_notice (RedialOutbox  *self,
                           const char    *to,
                           const char    *body,
                           GError       **error)
{
  g_return_val_if_fail (REDIAL_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (to != NULL, FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  if (!redial_compliance_check_number (self->compliance, to, to, error))
    return FALSE;
  if (self->gateway == NULL)
    {
      no_gateway (error);
      return FALSE;
    }
  redial_sms_gateway_send_async (self->gateway, to, body, self->cancellable, on_notice_sent, g_strdup (to));
  return TRUE;
}

void
redial_outbox_update_status (RedialOutbox        *self,
                             const char          *provider_message_id,
                             RedialMessageStatus  status,
                             const char          *error_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialMessage) message = NULL;

  g_return_if_fail (REDIAL_IS_OUTBOX (self));
  g_return_if_fail (provider_message_id != NULL);

  message = redial_store_find_message (self->store, provider_message_id, &error);
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
    text_failed (self, message);
}

/* Whether @message, never handed over or surely not created, may be
 * sent after a restart: its case is still open and its caller may be
 * texted. When not, it is marked failed. */
static gboolean
may_resend (RedialOutbox  *self,
            RedialQueue   *queue,
            RedialMessage *message)
{
  RedialCase *kase = redial_queue_lookup (queue, redial_message_get_case_id (message));
  g_autoptr(GError) refusal = NULL;

  if (kase == NULL || self->gateway == NULL ||
      (redial_message_get_kind (message) != REDIAL_MESSAGE_KIND_OPT_OUT_CONFIRMATION &&
       !may_text (self, kase, &refusal)))
    {
      redial_message_set_status (message, REDIAL_MESSAGE_STATUS_FAILED);
      redial_message_set_error (message, refusal != NULL ? refusal->message
                                                         : _("The case was closed before the text went out."));
      save_message (self, message);
      return FALSE;
    }
  return TRUE;
}

/* A text caught in the hand-off that the gateway cannot tell about: it
 * may have gone out, so it is never sent again, and a person is told. */
static void
maybe_gone_out (RedialOutbox  *self,
                RedialMessage *message)
{
  redial_message_set_status (message, REDIAL_MESSAGE_STATUS_FAILED);
  redial_message_set_error (message, _("Redial stopped while handing this text to the SMS gateway: "
                                       "it may have gone out, so it was not sent again."));
  save_message (self, message);
  text_failed (self, message);
}

/* What the gateway says of a text caught in the hand-off: it created it
 * (sent, with its id), surely not (sent now, once), or it cannot tell
 * (failed, for a person to check). */
static void
on_look_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SendData) data = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message_id = NULL;
  RedialOutbox *self = data->self;
  RedialMessage *message = data->message;

  message_id = redial_sms_gateway_find_sent_finish (REDIAL_SMS_GATEWAY (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      g_message ("Text %" G_GINT64_FORMAT " may have gone out: %s",
                 redial_message_get_id (message), error->message);
      maybe_gone_out (self, message);
      return;
    }

  if (message_id == NULL)
    {
      g_message ("Text %" G_GINT64_FORMAT " was not created by the gateway: sending it",
                 redial_message_get_id (message));
      redial_message_set_attempted_at (message, 0);
      /* Still in hand: the look becomes the send. */
      if (may_resend (self, data->queue, message))
        hand_off (g_steal_pointer (&data));
      return;
    }

  redial_message_set_status (message, REDIAL_MESSAGE_STATUS_SENT);
  accepted (self, message, message_id);
}

void
redial_outbox_recover (RedialOutbox *self,
                       RedialQueue  *queue)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) unsent = NULL;

  g_return_if_fail (REDIAL_IS_OUTBOX (self));
  g_return_if_fail (REDIAL_IS_QUEUE (queue));

  unsent = redial_store_list_unsent_messages (self->store, &error);
  if (unsent == NULL)
    {
      g_message ("The outbox could not be read: %s", error->message);
      return;
    }

  for (guint i = 0; i < unsent->len; i++)
    {
      RedialMessage *message = g_ptr_array_index (unsent, i);

      /* Under way in this run (the automation taken up while running). */
      if (g_hash_table_contains (self->in_hand, GINT_TO_POINTER (redial_message_get_id (message))))
        continue;

      if (redial_message_get_attempted_at (message) > 0 && self->gateway == NULL)
        maybe_gone_out (self, message);
      else if (redial_message_get_attempted_at (message) > 0)
        {
          SendData *data = send_data_new (self, message, queue);

          redial_sms_gateway_find_sent_async (self->gateway,
                                              redial_message_get_peer (message),
                                              redial_message_get_body (message),
                                              redial_message_get_attempted_at (message),
                                              self->cancellable, on_look_done, data);
        }
      else if (may_resend (self, queue, message))
        send_message (self, message);
    }
}
