/* redial-call-event.c: one call as a phone system reported it. */
#include "config.h"

#define G_LOG_DOMAIN "redial-model"

#include "redial-call-event.h"

G_DEFINE_BOXED_TYPE (RedialCallEvent, redial_call_event,
                     redial_call_event_ref, redial_call_event_unref)

static void
redial_call_event_free (RedialCallEvent *self)
{
  g_free (self->provider);
  g_free (self->provider_call_id);
  g_free (self->caller);
  g_free (self->caller_name);
  g_free (self->line);
  g_free (self->line_label);
}

/* Returns a new, empty event with a reference count of one. */
RedialCallEvent *
redial_call_event_new (void)
{
  RedialCallEvent *self = g_rc_box_new0 (RedialCallEvent);

  self->disposition = REDIAL_DISPOSITION_NO_ANSWER;
  return self;
}

RedialCallEvent *
redial_call_event_ref (RedialCallEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_rc_box_acquire (self);
}

void
redial_call_event_unref (RedialCallEvent *self)
{
  g_return_if_fail (self != NULL);
  g_rc_box_release_full (self, (GDestroyNotify) redial_call_event_free);
}

gboolean
redial_call_event_is_missed (const RedialCallEvent *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->disposition != REDIAL_DISPOSITION_ANSWERED;
}
