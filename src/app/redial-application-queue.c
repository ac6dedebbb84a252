/* redial-application-queue.c: the desk's queue as it stands, read-only, as the state of the application's "queue" action. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include "redial-application-private.h"

/* What the state lists: each case the desk's queue holds, in its order. */
#define QUEUE_STATE_TYPE G_VARIANT_TYPE ("a(xss)")

static GVariant *
describe_queue (GListModel *queue)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, QUEUE_STATE_TYPE);
  for (guint i = 0; queue != NULL && i < g_list_model_get_n_items (queue); i++)
    {
      g_autoptr(RedialCase) kase = g_list_model_get_item (queue, i);
      const char *caller = redial_case_get_caller (kase);
      const char *owner = redial_case_get_owner (kase);

      g_variant_builder_add (&builder, "(xss)", redial_case_get_id (kase),
                             caller != NULL ? caller : "", owner != NULL ? owner : "");
    }
  return g_variant_builder_end (&builder);
}

static gboolean
on_refresh (gpointer user_data)
{
  GSimpleAction *action = user_data;
  GListModel *queue = g_object_get_data (G_OBJECT (action), "queue");

  g_object_set_data (G_OBJECT (action), "refresh", NULL);
  g_simple_action_set_state (action, describe_queue (queue));
  return G_SOURCE_REMOVE;
}

/* Many changes at once (a burst of calls, the start) make one new state. */
static void
schedule_refresh (GSimpleAction *action)
{
  if (g_object_get_data (G_OBJECT (action), "refresh") != NULL)
    return;
  g_object_set_data (G_OBJECT (action), "refresh", GUINT_TO_POINTER (1));
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, on_refresh, g_object_ref (action), g_object_unref);
}

static void
on_owner_changed (RedialCase    *kase,
                  GParamSpec    *pspec,
                  GSimpleAction *action)
{
  schedule_refresh (action);
}

static void
on_items_changed (GListModel    *queue,
                  guint          position,
                  guint          removed,
                  guint          added,
                  GSimpleAction *action)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(RedialCase) kase = g_list_model_get_item (queue, i);

      /* A case comes back into the queue with its handler still on. */
      if (g_signal_handler_find (kase, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                                 on_owner_changed, action) == 0)
        g_signal_connect_object (kase, "notify::owner", G_CALLBACK (on_owner_changed), action, 0);
    }
  schedule_refresh (action);
}

void
redial_application_follow_queue (RedialApplication *self,
                                 RedialEngine      *engine)
{
  GSimpleAction *action;
  GListModel *queue;
  GListModel *old;

  g_return_if_fail (REDIAL_IS_APPLICATION (self));
  g_return_if_fail (REDIAL_IS_ENGINE (engine));

  action = G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "queue"));
  if (action == NULL)
    {
      g_autoptr(GSimpleAction) fresh = g_simple_action_new_stateful ("queue", NULL, describe_queue (NULL));

      /* Read-only: activating it or asking to change it does nothing. */
      g_simple_action_set_enabled (fresh, FALSE);
      g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (fresh));
      action = fresh;
    }

  old = g_object_get_data (G_OBJECT (action), "queue");
  if (old != NULL)
    g_signal_handlers_disconnect_by_func (old, on_items_changed, action);

  queue = redial_engine_get_queue (engine);
  g_object_set_data_full (G_OBJECT (action), "queue", g_object_ref (queue), g_object_unref);
  g_signal_connect_object (queue, "items-changed", G_CALLBACK (on_items_changed), action, 0);
  on_items_changed (queue, 0, 0, g_list_model_get_n_items (queue), action);
}
