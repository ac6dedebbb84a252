/* redial-queue.c: the open cases a desk works, most urgent first, as a GListModel. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include "redial-queue.h"

struct _RedialQueue
{
  GObject     parent_instance;

  GListStore *cases;  /* RedialCase, sorted by compare_urgency() */
  GHashTable *by_id;  /* case id → RedialCase in cases */
};

static void redial_queue_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RedialQueue, redial_queue, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, redial_queue_list_model_init))

/* Cases waiting for a person (new, or the caller wrote back) come first,
 * longest waiting first. */
static int
urgency_rank (RedialCase *kase)
{
  if (redial_case_get_emergency (kase))
    return -1;
  if (redial_case_get_kind (kase) == REDIAL_CASE_KIND_LIKELY_SPAM)
    return 2;

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

static gboolean
in_order_at (RedialQueue *self,
             RedialCase  *kase,
             guint        position)
{
  GListModel *cases = G_LIST_MODEL (self->cases);
  guint n_items = g_list_model_get_n_items (cases);

  if (position > 0)
    {
      g_autoptr(RedialCase) before = g_list_model_get_item (cases, position - 1);
      if (compare_urgency (before, kase, NULL) > 0)
        return FALSE;
    }
  if (position + 1 < n_items)
    {
      g_autoptr(RedialCase) after = g_list_model_get_item (cases, position + 1);
      if (compare_urgency (kase, after, NULL) > 0)
        return FALSE;
    }
  return TRUE;
}

/* Moves @kase to its place after a change of state, whoever made it. */
static void
on_case_state (RedialCase  *kase,
               GParamSpec  *pspec,
               RedialQueue *self)
{
  guint position;

  if (!g_list_store_find (self->cases, kase, &position))
    return;

  /* Still in order where it is: leave the list, and the view's scroll
   * position, alone. */
  if (in_order_at (self, kase, position))
    return;

  g_object_ref (kase);
  g_list_store_remove (self->cases, position);
  g_list_store_insert_sorted (self->cases, kase, compare_urgency, NULL);
  g_object_unref (kase);
}

static void
on_items_changed (GListModel  *cases,
                  guint        position,
                  guint        removed,
                  guint        added,
                  RedialQueue *self)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static GType
redial_queue_get_item_type (GListModel *model)
{
  return REDIAL_TYPE_CASE;
}

static guint
redial_queue_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (REDIAL_QUEUE (model)->cases));
}

static gpointer
redial_queue_get_item (GListModel *model,
                       guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (REDIAL_QUEUE (model)->cases), position);
}

static void
redial_queue_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = redial_queue_get_item_type;
  iface->get_n_items = redial_queue_get_n_items;
  iface->get_item = redial_queue_get_item;
}

static void
redial_queue_dispose (GObject *object)
{
  RedialQueue *self = REDIAL_QUEUE (object);
  GHashTableIter iter;
  gpointer kase;

  g_hash_table_iter_init (&iter, self->by_id);
  while (g_hash_table_iter_next (&iter, NULL, &kase))
    g_signal_handlers_disconnect_by_data (kase, self);
  g_hash_table_remove_all (self->by_id);
  if (self->cases != NULL)
    g_signal_handlers_disconnect_by_data (self->cases, self);
  g_clear_object (&self->cases);

  G_OBJECT_CLASS (redial_queue_parent_class)->dispose (object);
}

static void
redial_queue_finalize (GObject *object)
{
  RedialQueue *self = REDIAL_QUEUE (object);

  g_hash_table_unref (self->by_id);

  G_OBJECT_CLASS (redial_queue_parent_class)->finalize (object);
}

static void
redial_queue_class_init (RedialQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = redial_queue_dispose;
  object_class->finalize = redial_queue_finalize;
}

static void
redial_queue_init (RedialQueue *self)
{
  self->cases = g_list_store_new (REDIAL_TYPE_CASE);
  self->by_id = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_signal_connect (self->cases, "items-changed", G_CALLBACK (on_items_changed), self);
}

RedialQueue *
redial_queue_new (void)
{
  return g_object_new (REDIAL_TYPE_QUEUE, NULL);
}

RedialCase *
redial_queue_lookup (RedialQueue *self,
                     gint64       case_id)
{
  g_return_val_if_fail (REDIAL_IS_QUEUE (self), NULL);
  return g_hash_table_lookup (self->by_id, GINT_TO_POINTER (case_id));
}

void
redial_queue_add (RedialQueue *self,
                  RedialCase  *kase)
{
  g_return_if_fail (REDIAL_IS_QUEUE (self));
  g_return_if_fail (REDIAL_IS_CASE (kase));

  g_hash_table_insert (self->by_id, GINT_TO_POINTER (redial_case_get_id (kase)), kase);
  g_list_store_insert_sorted (self->cases, kase, compare_urgency, NULL);
  g_signal_connect_object (kase, "notify::state", G_CALLBACK (on_case_state), self, 0);
  g_signal_connect_object (kase, "notify::emergency", G_CALLBACK (on_case_state), self, 0);
  g_signal_connect_object (kase, "notify::kind", G_CALLBACK (on_case_state), self, 0);
}

void
redial_queue_remove (RedialQueue *self,
                     RedialCase  *kase)
{
  guint position;

  g_return_if_fail (REDIAL_IS_QUEUE (self));
  g_return_if_fail (REDIAL_IS_CASE (kase));

  g_object_ref (kase);
  g_signal_handlers_disconnect_by_data (kase, self);
  if (g_list_store_find (self->cases, kase, &position))
    g_list_store_remove (self->cases, position);
  g_hash_table_remove (self->by_id, GINT_TO_POINTER (redial_case_get_id (kase)));
  g_object_unref (kase);
}

RedialCase *
redial_queue_merge (RedialQueue *self,
                    RedialCase  *fresh)
{
  RedialCase *kase;

  g_return_val_if_fail (REDIAL_IS_QUEUE (self), NULL);
  g_return_val_if_fail (REDIAL_IS_CASE (fresh), NULL);

  kase = redial_queue_lookup (self, redial_case_get_id (fresh));
  if (kase == NULL)
    return NULL;

  redial_case_set_n_calls (kase, redial_case_get_n_calls (fresh));
  redial_case_set_last_call_at (kase, redial_case_get_last_call_at (fresh));
  redial_case_set_opted_out (kase, redial_case_get_opted_out (fresh));
  redial_case_set_voicemail (kase, redial_case_get_voicemail (fresh) || redial_case_get_voicemail (kase));
  /* Another desk on the same database may have claimed it meanwhile. */
  redial_case_set_owner (kase, redial_case_get_owner (fresh));
  redial_case_set_claimed_at (kase, redial_case_get_claimed_at (fresh));
  return kase;
}
