/* redial-engine-follow.c: the engine following the changes other desks sharing its store make. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include "redial-engine-private.h"

/* Another desk sharing the store changed a case: the queue shows it as
 * the store has it now, and drops it once it is closed. */
static void
on_changed_case_read (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(RedialCase) fresh = NULL;
  g_autoptr(GError) error = NULL;
  RedialEngine *self = user_data;
  RedialCase *kase;

  fresh = redial_store_get_case_finish (REDIAL_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (fresh == NULL)
    {
      g_warning ("A case changed on another desk, but cannot be read: %s", error->message);
      return;
    }

  kase = redial_queue_lookup (self->queue, redial_case_get_id (fresh));
  if (redial_case_get_closed_at (fresh) != 0)
    {
      if (kase != NULL)
        _redial_engine_untrack (self, kase);
      return;
    }
  _redial_engine_case_changed (self, _redial_engine_merge (self, fresh));

  /* Every desk hears the phone system: a call another desk recorded
   * first is this Redial's to text back while it runs the automation. */
  if (kase == NULL && self->automation != NULL)
    redial_automation_pick_up (self->automation, fresh);
}

/* Read without blocking: a server may take its time, and the window
 * stays live meanwhile. */
static void
on_store_case_changed (RedialStore *store,
                       gint64       case_id,
                       gpointer     user_data)
{
  RedialEngine *self = user_data;

  redial_store_get_case_async (store, case_id, self->cancellable, on_changed_case_read, self);
}

void
_redial_engine_follow_store (RedialEngine *self)
{
  g_signal_connect_object (self->store, "case-changed", G_CALLBACK (on_store_case_changed), self, 0);
}
