/* redial-demo-phone.c: the built-in phone system that replays missed calls. */
#include "config.h"

#define G_LOG_DOMAIN "redial-demo"

#include <glib/gi18n.h>

#include "redial-demo-phone.h"
#include "redial-enums.h"

/* Connecting takes a moment, as a real link would. */
#define CONNECT_DELAY_US (G_USEC_PER_SEC / 2)

struct _RedialDemoPhone
{
  RedialLink             parent_instance;

  RedialClock           *clock;
  RedialDemoScript      *script;
  guint                  timer;
  gint64                 round_started_at;
  guint                  round;
  guint                  next;  /* index of the next scripted call */
};

static void redial_demo_phone_iface_init (RedialPhoneSystemInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RedialDemoPhone, redial_demo_phone, REDIAL_TYPE_LINK,
                               G_IMPLEMENT_INTERFACE (REDIAL_TYPE_PHONE_SYSTEM,
                                                      redial_demo_phone_iface_init))

static void schedule_next (RedialDemoPhone *self);

static const char *
status_text (RedialConnectionState state)
{
  switch (state)
    {
    case REDIAL_CONNECTION_CONNECTING:
      return _("Connecting to the demo phone system…");
    case REDIAL_CONNECTION_CONNECTED:
      return _("Demo phone system connected");
    case REDIAL_CONNECTION_DISCONNECTED:
    case REDIAL_CONNECTION_RETRYING:
    case REDIAL_CONNECTION_AUTH_FAILED:
    default:
      return _("Demo phone system stopped");
    }
}

static void
set_state (RedialDemoPhone       *self,
           RedialConnectionState  state)
{
  redial_link_set_state (REDIAL_LINK (self), state, status_text (state));
}

static gboolean
on_call_due (gpointer user_data)
{
  RedialDemoPhone *self = user_data;
  g_autoptr(RedialCallEvent) event = NULL;
  const RedialDemoCall *calls;
  guint n_calls;

  self->timer = 0;
  calls = redial_demo_script_get_calls (&n_calls);

  /* A call is reported when it ends, as phone systems do. */
  event = redial_demo_script_make_event (self->script, self->round, self->next,
                                         redial_clock_now (self->clock) -
                                         (gint64) calls[self->next].ring_seconds * G_USEC_PER_SEC);
  redial_phone_system_emit_call (REDIAL_PHONE_SYSTEM (self), event);

  if (++self->next == n_calls)
    {
      self->next = 0;
      self->round++;
      self->round_started_at += (gint64) redial_demo_script_get_round_seconds () * G_USEC_PER_SEC;
    }

  schedule_next (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_next (RedialDemoPhone *self)
{
  const RedialDemoCall *calls;
  guint n_calls;
  gint64 due;

  calls = redial_demo_script_get_calls (&n_calls);
  due = self->round_started_at + (gint64) calls[self->next].at_seconds * G_USEC_PER_SEC;
  self->timer = redial_clock_schedule (self->clock,
                                       MAX (0, due - redial_clock_now (self->clock)),
                                       on_call_due, self, NULL);
}

static gboolean
on_connected (gpointer user_data)
{
  RedialDemoPhone *self = user_data;

  self->timer = 0;
  set_state (self, REDIAL_CONNECTION_CONNECTED);
  self->round_started_at = redial_clock_now (self->clock);
  self->round = 0;
  self->next = 0;
  schedule_next (self);
  return G_SOURCE_REMOVE;
}

static void
redial_demo_phone_start (RedialLink *link)
{
  RedialDemoPhone *self = REDIAL_DEMO_PHONE (link);

  if (redial_link_get_state (link) != REDIAL_CONNECTION_DISCONNECTED)
    return;

  set_state (self, REDIAL_CONNECTION_CONNECTING);
  self->timer = redial_clock_schedule (self->clock, CONNECT_DELAY_US, on_connected, self, NULL);
}

static void
redial_demo_phone_stop (RedialLink *link)
{
  RedialDemoPhone *self = REDIAL_DEMO_PHONE (link);

  redial_clock_clear (self->clock, &self->timer);
  set_state (self, REDIAL_CONNECTION_DISCONNECTED);
}

static gboolean
on_desk_phone_answered (gpointer data)
{
  GTask *task = data;

  g_task_return_boolean (task, TRUE);
  return G_SOURCE_REMOVE;
}

/* The demo desk phone picks up after a couple of seconds, as a person would. */
static void
redial_demo_phone_call_async (RedialPhoneSystem   *phone,
                              const char          *number,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  RedialDemoPhone *self = REDIAL_DEMO_PHONE (phone);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, redial_demo_phone_call_async);
  if (redial_link_get_state (REDIAL_LINK (self)) != REDIAL_CONNECTION_CONNECTED)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                               _("The demo phone system is not connected."));
      g_object_unref (task);
      return;
    }

  redial_clock_schedule (self->clock, 2 * G_USEC_PER_SEC, on_desk_phone_answered, task, g_object_unref);
}

static gboolean
redial_demo_phone_call_finish (RedialPhoneSystem  *phone,
                               GAsyncResult       *result,
                               GError            **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
redial_demo_phone_iface_init (RedialPhoneSystemInterface *iface)
{
  iface->call_async = redial_demo_phone_call_async;
  iface->call_finish = redial_demo_phone_call_finish;
}

static void
redial_demo_phone_dispose (GObject *object)
{
  RedialDemoPhone *self = REDIAL_DEMO_PHONE (object);

  if (self->clock != NULL)
    redial_clock_clear (self->clock, &self->timer);
  g_clear_object (&self->clock);
  g_clear_object (&self->script);

  G_OBJECT_CLASS (redial_demo_phone_parent_class)->dispose (object);
}

static void
redial_demo_phone_class_init (RedialDemoPhoneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  RedialLinkClass *link_class = REDIAL_LINK_CLASS (klass);

  object_class->dispose = redial_demo_phone_dispose;

  link_class->start = redial_demo_phone_start;
  link_class->stop = redial_demo_phone_stop;
}

static void
redial_demo_phone_init (RedialDemoPhone *self)
{
  set_state (self, REDIAL_CONNECTION_DISCONNECTED);
}

RedialPhoneSystem *
redial_demo_phone_new (RedialClock      *clock,
                       RedialDemoScript *script)
{
  RedialDemoPhone *self;

  g_return_val_if_fail (REDIAL_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (REDIAL_IS_DEMO_SCRIPT (script), NULL);

  self = g_object_new (REDIAL_TYPE_DEMO_PHONE, NULL);
  self->clock = g_object_ref (clock);
  self->script = g_object_ref (script);
  return REDIAL_PHONE_SYSTEM (self);
}
