/* redial-engine-timeline.c: what the engine tells a case page: the timeline as stored and as it grows, the case asked for, the ready replies. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include <glib/gi18n.h>

#include "redial-engine-private.h"

void
_redial_engine_emit_message (RedialEngine  *self,
                             RedialMessage *message)
{
  RedialCase *kase = redial_queue_lookup (self->queue, redial_message_get_case_id (message));
  g_autoptr(RedialTimelineItem) item = NULL;

  if (kase == NULL)
    return;
  item = redial_timeline_item_new_message (message);
  _redial_engine_timeline_changed (self, kase, item);
}

void
_redial_engine_emit_call (RedialEngine *self,
                          RedialCase   *kase,
                          RedialCall   *call)
{
  g_autoptr(RedialTimelineItem) item = redial_timeline_item_new_call (call);

  _redial_engine_timeline_changed (self, kase, item);
}

void
_redial_engine_emit_answered_call (RedialEngine *self,
                                   RedialCall   *call)
{
  GListModel *queue = G_LIST_MODEL (self->queue);
  const char *caller = redial_call_get_caller (call);

  if (caller == NULL)
    return;
  for (guint i = 0; i < g_list_model_get_n_items (queue); i++)
    {
      g_autoptr(RedialCase) kase = g_list_model_get_item (queue, i);

      if (g_strcmp0 (redial_case_get_caller (kase), caller) == 0)
        {
          _redial_engine_emit_call (self, kase, call);
          return;
        }
    }
}

void
_redial_engine_emit_opt_out (RedialEngine *self,
                             RedialCase   *kase,
                             gboolean      opted_out,
                             gint64        at,
                             const char   *words)
{
  g_autoptr(RedialTimelineItem) item = NULL;

  item = redial_timeline_item_new (opted_out ? REDIAL_TIMELINE_KIND_OPT_OUT : REDIAL_TIMELINE_KIND_OPT_IN, at, NULL);
  /* As the store lists it: identified by its time. */
  redial_timeline_item_set_id (item, at);
  redial_timeline_item_set_text (item, words);
  _redial_engine_timeline_changed (self, kase, item);
}

static void
on_message_changed (RedialOutbox  *outbox,
                    RedialMessage *message,
                    RedialEngine  *self)
{
  _redial_engine_emit_message (self, message);
}

static void
on_sla_crossed (RedialSlaTracker *sla,
                GArray           *passages,
                RedialEngine     *self)
{
  for (guint i = 0; i < passages->len; i++)
    {
      RedialSlaPassage *passage = &g_array_index (passages, RedialSlaPassage, i);
      g_autoptr(RedialTimelineItem) item = redial_timeline_item_new (REDIAL_TIMELINE_KIND_SLA, passage->at, NULL);

      redial_timeline_item_set_id (item, redial_timeline_sla_id (passage->clock, passage->episode,
                                                                 passage->level));
      redial_timeline_item_set_sla (item, passage->clock, passage->level);
      _redial_engine_timeline_changed (self, passage->kase, item);
    }
}

void
_redial_engine_timeline_connect (RedialEngine *self)
{
  g_signal_connect (self->outbox, "message-changed", G_CALLBACK (on_message_changed), self);
  g_signal_connect (self->sla, "crossed", G_CALLBACK (on_sla_crossed), self);
}

void
_redial_engine_timeline_disconnect (RedialEngine *self)
{
  if (self->sla != NULL)
    g_signal_handlers_disconnect_by_data (self->sla, self);
}

RedialCase *
redial_engine_find_case (RedialEngine  *self,
                         gint64         case_id,
                         GError       **error)
{
  RedialCase *kase;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (REDIAL_IS_ENGINE (self), NULL);

  kase = redial_queue_lookup (self->queue, case_id);
  if (kase != NULL)
    return g_object_ref (kase);

  kase = redial_store_get_case (self->store, case_id, &local_error);
  if (kase == NULL)
    g_set_error_literal (error, REDIAL_ENGINE_ERROR,
                         g_error_matches (local_error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_NOT_FOUND)
                           ? REDIAL_ENGINE_ERROR_NOT_FOUND : REDIAL_ENGINE_ERROR_STORE,
                         local_error->message);
  return kase;
}

GPtrArray *
redial_engine_list_timeline (RedialEngine  *self,
                             RedialCase    *kase,
                             GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  GPtrArray *items;

  g_return_val_if_fail (REDIAL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), NULL);

  items = redial_store_list_timeline (self->store, redial_case_get_id (kase), &local_error);
  if (items == NULL)
    g_set_error_literal (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_STORE, local_error->message);
  return items;
}

static void
list_timeline_in_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  RedialEngine *self = source_object;
  GError *error = NULL;
  GPtrArray *items = redial_engine_list_timeline (self, task_data, &error);

  if (items == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
}

void
redial_engine_list_timeline_async (RedialEngine        *self,
                                   RedialCase          *kase,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (REDIAL_IS_ENGINE (self));
  g_return_if_fail (REDIAL_IS_CASE (kase));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, redial_engine_list_timeline_async);
  g_task_set_task_data (task, g_object_ref (kase), g_object_unref);
  /* The store serializes its connection; the items are new objects. */
  g_task_run_in_thread (task, list_timeline_in_thread);
}

GPtrArray *
redial_engine_list_timeline_finish (RedialEngine  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
redial_engine_list_reply_drafts (RedialEngine *self,
                                 RedialCase   *kase)
{
  g_autoptr(GPtrArray) replies = NULL;
  g_autoptr(GHashTable) values = NULL;
  GPtrArray *drafts;

  g_return_val_if_fail (REDIAL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), NULL);

  replies = redial_template_set_list_replies (redial_config_get_templates (self->config),
                                              redial_config_get_language (self->config));
  values = redial_renderer_values (self->renderer, kase);
  drafts = g_ptr_array_new_full (replies->len, g_object_unref);
  for (guint i = 0; i < replies->len; i++)
    {
      RedialReplyTemplate *reply = g_ptr_array_index (replies, i);

      g_ptr_array_add (drafts, redial_draft_new (reply->name, reply->label, reply->text, values));
    }
  return drafts;
}
