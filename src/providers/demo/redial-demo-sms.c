/* redial-demo-sms.c: the built-in SMS gateway. */
#include "config.h"

#define G_LOG_DOMAIN "redial-demo"

#include <glib/gi18n.h>

#include "redial-demo-sms.h"
#include "redial-enums.h"

/* Believable delays: the API answers at once, carriers take a few seconds. */
#define ACCEPT_DELAY_US    (G_USEC_PER_SEC / 5)
#define SENT_DELAY_US      (1 * G_USEC_PER_SEC)
#define DELIVERED_DELAY_US (3 * G_USEC_PER_SEC)

struct _RedialDemoSms
{
  RedialLink        parent_instance;

  RedialClock      *clock;
  RedialDemoScript *script;
  GHashTable       *pending;  /* clock timer id → Step, until it runs */
  GHashTable       *created;  /* "to\nbody" → id of the last text created so */
  guint             n_sent;
};

/* One thing the gateway will do later. */
typedef struct
{
  RedialDemoSms       *self;  /* unowned: dispose cancels every step */
  guint                timer;
  GTask               *task;  /* accepting a send, or NULL */
  char                *message_id;
  RedialMessageStatus  status;
  char                *from;  /* an inbound reply, or NULL */
  char                *body;
} Step;

static void redial_demo_sms_iface_init (RedialSmsGatewayInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RedialDemoSms, redial_demo_sms, REDIAL_TYPE_LINK,
                               G_IMPLEMENT_INTERFACE (REDIAL_TYPE_SMS_GATEWAY,
                                                      redial_demo_sms_iface_init))

static void
step_free (gpointer data)
{
  Step *step = data;

  if (step->task != NULL)
    {
      g_task_return_new_error (step->task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "The demo gateway stopped");
      g_object_unref (step->task);
    }
  g_free (step->message_id);
  g_free (step->from);
  g_free (step->body);
  g_free (step);
}

static gboolean
run_step (gpointer data)
{
  Step *step = data;
  RedialDemoSms *self = step->self;

  if (step->task != NULL)
    g_task_return_pointer (g_steal_pointer (&step->task), g_strdup (step->message_id), g_free);
  else if (step->from != NULL)
    redial_sms_gateway_emit_received (REDIAL_SMS_GATEWAY (self), step->message_id,
                                      step->from, step->body);
  else
    redial_sms_gateway_emit_status (REDIAL_SMS_GATEWAY (self), step->message_id,
                                    step->status, NULL);

  /* Removing the entry frees the step. */
  g_hash_table_remove (self->pending, GUINT_TO_POINTER (step->timer));
  return G_SOURCE_REMOVE;
}

static Step *
add_step (RedialDemoSms *self,
          gint64         delay_us,
          const char    *message_id)
{
  Step *step = g_new0 (Step, 1);

  step->self = self;
  step->message_id = g_strdup (message_id);
  step->timer = redial_clock_schedule (self->clock, delay_us, run_step, step, NULL);
  g_hash_table_insert (self->pending, GUINT_TO_POINTER (step->timer), step);
  return step;
}

static void
redial_demo_sms_send_async (RedialSmsGateway            *gateway,
                            const char                  *to,
                            const char                  *body,
                            RedialSmsGatewayStartedFunc  started,
                            GCancellable                *cancellable,
                            GAsyncReadyCallback          callback,
                            gpointer                     user_data)
{
  RedialDemoSms *self = REDIAL_DEMO_SMS (gateway);
  guint32 run = redial_demo_script_get_run (self->script);
  g_autofree char *message_id = NULL;
  const char *reply;
  guint reply_after = 0;
  Step *step;

  /* The demo takes every text in at once. */
  if (started != NULL && !started (user_data))
    {
      g_task_report_new_error (self, callback, user_data, redial_demo_sms_send_async,
                               G_IO_ERROR, G_IO_ERROR_CANCELLED, "The text was held back");
      return;
    }
  message_id = g_strdup_printf ("SMdemo%08x%08u", run, ++self->n_sent);
  g_hash_table_replace (self->created, g_strconcat (to, "\n", body, NULL), g_strdup (message_id));

  step = add_step (self, ACCEPT_DELAY_US, message_id);
  step->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (step->task, redial_demo_sms_send_async);

  step = add_step (self, ACCEPT_DELAY_US + SENT_DELAY_US, message_id);
  step->status = REDIAL_MESSAGE_STATUS_SENT;
  step = add_step (self, ACCEPT_DELAY_US + DELIVERED_DELAY_US, message_id);
  step->status = REDIAL_MESSAGE_STATUS_DELIVERED;

  reply = redial_demo_script_take_reply (self->script, to, &reply_after);
  if (reply != NULL)
    {
      g_autofree char *reply_id = g_strdup_printf ("SMdemoin%08x%08u", run, self->n_sent);

      step = add_step (self, DELIVERED_DELAY_US + (gint64) reply_after * G_USEC_PER_SEC, reply_id);
      step->from = g_strdup (to);
      step->body = g_strdup (reply);
    }
}

static char *
redial_demo_sms_send_finish (RedialSmsGateway  *gateway,
                             GAsyncResult      *result,
                             GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, gateway), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The demo remembers what it created for as long as it runs. */
static void
redial_demo_sms_find_sent_async (RedialSmsGateway    *gateway,
                                 const char          *to,
                                 const char          *body,
                                 gint64               since,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  RedialDemoSms *self = REDIAL_DEMO_SMS (gateway);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *key = g_strconcat (to, "\n", body, NULL);

  g_task_set_source_tag (task, redial_demo_sms_find_sent_async);
  g_task_return_pointer (task, g_strdup (g_hash_table_lookup (self->created, key)), g_free);
}

static void
redial_demo_sms_iface_init (RedialSmsGatewayInterface *iface)
{
  iface->send_async = redial_demo_sms_send_async;
  iface->send_finish = redial_demo_sms_send_finish;
  iface->find_sent_async = redial_demo_sms_find_sent_async;
  iface->find_sent_finish = redial_demo_sms_send_finish;
}

/* Nothing to connect to: the demo is there as soon as it starts. */
static void
redial_demo_sms_start (RedialLink *link)
{
  redial_link_set_state (link, REDIAL_CONNECTION_CONNECTED, _("Demo"));
}

static void
redial_demo_sms_stop (RedialLink *link)
{
  redial_link_set_state (link, REDIAL_CONNECTION_DISCONNECTED, _("Demo"));
}

static void
redial_demo_sms_dispose (GObject *object)
{
  RedialDemoSms *self = REDIAL_DEMO_SMS (object);

  if (self->pending != NULL)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, self->pending);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        redial_clock_cancel (self->clock, GPOINTER_TO_UINT (key));
      g_clear_pointer (&self->pending, g_hash_table_unref);
    }
  g_clear_pointer (&self->created, g_hash_table_unref);
  g_clear_object (&self->clock);
  g_clear_object (&self->script);

  G_OBJECT_CLASS (redial_demo_sms_parent_class)->dispose (object);
}

static void
redial_demo_sms_class_init (RedialDemoSmsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RedialLinkClass *link_class = REDIAL_LINK_CLASS (klass);

  object_class->dispose = redial_demo_sms_dispose;

  link_class->start = redial_demo_sms_start;
  link_class->stop = redial_demo_sms_stop;
}

static void
redial_demo_sms_init (RedialDemoSms *self)
{
  redial_link_set_state (REDIAL_LINK (self), REDIAL_CONNECTION_DISCONNECTED, _("Demo"));
  self->pending = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, step_free);
  self->created = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

RedialSmsGateway *
redial_demo_sms_new (RedialClock      *clock,
                     RedialDemoScript *script)
{
  RedialDemoSms *self;

  g_return_val_if_fail (REDIAL_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (REDIAL_IS_DEMO_SCRIPT (script), NULL);

  self = g_object_new (REDIAL_TYPE_DEMO_SMS, NULL);
  self->clock = g_object_ref (clock);
  self->script = g_object_ref (script);
  return REDIAL_SMS_GATEWAY (self);
}

guint
redial_demo_sms_get_n_sent (RedialDemoSms *self)
{
  g_return_val_if_fail (REDIAL_IS_DEMO_SMS (self), 0);
  return self->n_sent;
}
