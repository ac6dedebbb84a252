/* redial-queue-hold.c: the queue as the desk sees it, its order held still while someone aims at a row. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include "redial-queue-hold.h"

struct _RedialQueueHold
{
  GObject     parent_instance;

  GListModel *queue;
  GPtrArray  *mirror;       /* RedialCase: @queue as it is now */
  GHashTable *in_mirror;    /* RedialCase set */
  GPtrArray  *shown;        /* RedialCase: what this model holds */
  GHashTable *in_shown;     /* RedialCase set */
  GHashTable *waiting_new;  /* in the queue, not shown yet */
  GHashTable *gone;         /* shown, no longer in the queue */
  GHashTable *moved;        /* shown, and moved in the queue since */
  GHashTable *on_top;       /* shown where an emergency goes, on top */
  gboolean    held;
};

static void redial_queue_hold_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RedialQueueHold, redial_queue_hold, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, redial_queue_hold_list_model_init))

enum {
  PROP_0,
  PROP_HELD,
  PROP_N_UPDATED,
  PROP_N_NEW,
  PROP_N_GONE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  EMERGENCY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  guint n_updated;
  guint n_new;
  guint n_gone;
} Counts;

static Counts
get_counts (RedialQueueHold *self)
{
  return (Counts) {
    g_hash_table_size (self->moved),
    g_hash_table_size (self->waiting_new),
    g_hash_table_size (self->gone),
  };
}

static void
notify_counts (RedialQueueHold *self,
               Counts           before)
{
  Counts after = get_counts (self);

  if (before.n_updated != after.n_updated)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_UPDATED]);
  if (before.n_new != after.n_new)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_NEW]);
  if (before.n_gone != after.n_gone)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_GONE]);
}

static void
splice (GPtrArray  *array,
        GHashTable *set,
        guint       position,
        guint       n_removed,
        GListModel *from,
        guint       n_added)
{
  for (guint i = 0; i < n_removed; i++)
    g_hash_table_remove (set, g_ptr_array_index (array, position + i));
  g_ptr_array_remove_range (array, position, n_removed);
  for (guint i = 0; i < n_added; i++)
    {
      RedialCase *kase = g_list_model_get_item (from, position + i);

      g_ptr_array_insert (array, position + i, kase);
      g_hash_table_add (set, kase);
    }
}

/* While held: the order shown stays, and what changed waits. */
static void
hold_changes (RedialQueueHold *self,
              GPtrArray       *removed,
              guint            position,
              guint            n_added)
{
  for (guint i = 0; i < removed->len; i++)
    {
      RedialCase *kase = g_ptr_array_index (removed, i);

      if (g_hash_table_contains (self->in_mirror, kase))
        continue;
      g_hash_table_remove (self->waiting_new, kase);
      g_hash_table_remove (self->moved, kase);
      g_hash_table_remove (self->on_top, kase);
      if (g_hash_table_contains (self->in_shown, kase))
        g_hash_table_add (self->gone, kase);
    }

  for (guint i = 0; i < n_added; i++)
    {
      RedialCase *kase = g_ptr_array_index (self->mirror, position + i);

      if (redial_case_get_emergency (kase) && !g_hash_table_contains (self->on_top, kase))
        {
          guint at;

          /* An emergency does not wait: it goes on top, and is said. */
          if (g_ptr_array_find (self->shown, kase, &at))
            {
              g_ptr_array_remove_index (self->shown, at);
              g_list_model_items_changed (G_LIST_MODEL (self), at, 1, 0);
            }
          g_ptr_array_insert (self->shown, 0, g_object_ref (kase));
          g_hash_table_add (self->in_shown, kase);
          g_hash_table_add (self->on_top, kase);
          g_hash_table_remove (self->gone, kase);
          g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, 1);
          g_signal_emit (self, signals[EMERGENCY], 0, kase);
        }
      else if (g_hash_table_contains (self->in_shown, kase))
        {
          g_hash_table_remove (self->gone, kase);
          g_hash_table_add (self->moved, kase);
        }
      else
        g_hash_table_add (self->waiting_new, kase);
    }
}

static void
on_queue_changed (GListModel      *queue,
                  guint            position,
                  guint            n_removed,
                  guint            n_added,
                  RedialQueueHold *self)
{
  g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func (g_object_unref);
  Counts before = get_counts (self);

  for (guint i = 0; i < n_removed; i++)
    g_ptr_array_add (removed, g_object_ref (g_ptr_array_index (self->mirror, position + i)));
  splice (self->mirror, self->in_mirror, position, n_removed, queue, n_added);

  if (!self->held)
    {
      for (guint i = 0; i < removed->len; i++)
        if (!g_hash_table_contains (self->in_mirror, g_ptr_array_index (removed, i)))
          g_hash_table_remove (self->on_top, g_ptr_array_index (removed, i));
      for (guint i = 0; i < n_added; i++)
        if (redial_case_get_emergency (g_ptr_array_index (self->mirror, position + i)))
          g_hash_table_add (self->on_top, g_ptr_array_index (self->mirror, position + i));
      splice (self->shown, self->in_shown, position, n_removed, queue, n_added);
      g_list_model_items_changed (G_LIST_MODEL (self), position, n_removed, n_added);
      return;
    }

  hold_changes (self, removed, position, n_added);
  notify_counts (self, before);
}

static GType
redial_queue_hold_get_item_type (GListModel *model)
{
  return REDIAL_TYPE_CASE;
}

static guint
redial_queue_hold_get_n_items (GListModel *model)
{
  return REDIAL_QUEUE_HOLD (model)->shown->len;
}

static gpointer
redial_queue_hold_get_item (GListModel *model,
                            guint       position)
{
  RedialQueueHold *self = REDIAL_QUEUE_HOLD (model);

  if (position >= self->shown->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->shown, position));
}

static void
redial_queue_hold_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = redial_queue_hold_get_item_type;
  iface->get_n_items = redial_queue_hold_get_n_items;
  iface->get_item = redial_queue_hold_get_item;
}

static void
redial_queue_hold_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RedialQueueHold *self = REDIAL_QUEUE_HOLD (object);

  switch (prop_id)
    {
    case PROP_HELD:
      g_value_set_boolean (value, self->held);
      break;
    case PROP_N_UPDATED:
      g_value_set_uint (value, redial_queue_hold_get_n_updated (self));
      break;
    case PROP_N_NEW:
      g_value_set_uint (value, redial_queue_hold_get_n_new (self));
      break;
    case PROP_N_GONE:
      g_value_set_uint (value, redial_queue_hold_get_n_gone (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_queue_hold_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  RedialQueueHold *self = REDIAL_QUEUE_HOLD (object);

  switch (prop_id)
    {
    case PROP_HELD:
      redial_queue_hold_set_held (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_queue_hold_dispose (GObject *object)
{
  RedialQueueHold *self = REDIAL_QUEUE_HOLD (object);

  if (self->queue != NULL)
    g_signal_handlers_disconnect_by_data (self->queue, self);
  g_clear_object (&self->queue);

  G_OBJECT_CLASS (redial_queue_hold_parent_class)->dispose (object);
}

static void
redial_queue_hold_finalize (GObject *object)
{
  RedialQueueHold *self = REDIAL_QUEUE_HOLD (object);

  g_hash_table_unref (self->waiting_new);
  g_hash_table_unref (self->gone);
  g_hash_table_unref (self->moved);
  g_hash_table_unref (self->on_top);
  g_hash_table_unref (self->in_shown);
  g_hash_table_unref (self->in_mirror);
  g_ptr_array_unref (self->shown);
  g_ptr_array_unref (self->mirror);

  G_OBJECT_CLASS (redial_queue_hold_parent_class)->finalize (object);
}

static void
redial_queue_hold_class_init (RedialQueueHoldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = redial_queue_hold_get_property;
  object_class->set_property = redial_queue_hold_set_property;
  object_class->dispose = redial_queue_hold_dispose;
  object_class->finalize = redial_queue_hold_finalize;

  properties[PROP_HELD] =
    g_param_spec_boolean ("held", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_UPDATED] =
    g_param_spec_uint ("n-updated", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_NEW] =
    g_param_spec_uint ("n-new", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_GONE] =
    g_param_spec_uint ("n-gone", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RedialQueueHold::emergency:
   * @kase: the case
   *
   * A new emergency came in on top while the order was held.
   */
  signals[EMERGENCY] =
    g_signal_new ("emergency", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, REDIAL_TYPE_CASE);
}

static void
redial_queue_hold_init (RedialQueueHold *self)
{
  self->mirror = g_ptr_array_new_with_free_func (g_object_unref);
  self->shown = g_ptr_array_new_with_free_func (g_object_unref);
  self->in_mirror = g_hash_table_new (NULL, NULL);
  self->in_shown = g_hash_table_new (NULL, NULL);
  self->waiting_new = g_hash_table_new (NULL, NULL);
  self->gone = g_hash_table_new (NULL, NULL);
  self->moved = g_hash_table_new (NULL, NULL);
  self->on_top = g_hash_table_new (NULL, NULL);
}

RedialQueueHold *
redial_queue_hold_new (GListModel *queue)
{
  RedialQueueHold *self;
  guint n_items;

  g_return_val_if_fail (G_IS_LIST_MODEL (queue), NULL);

  self = g_object_new (REDIAL_TYPE_QUEUE_HOLD, NULL);
  self->queue = g_object_ref (queue);
  n_items = g_list_model_get_n_items (queue);
  splice (self->mirror, self->in_mirror, 0, 0, queue, n_items);
  redial_queue_hold_apply (self);
  g_signal_connect (queue, "items-changed", G_CALLBACK (on_queue_changed), self);
  return self;
}

gboolean
redial_queue_hold_get_held (RedialQueueHold *self)
{
  g_return_val_if_fail (REDIAL_IS_QUEUE_HOLD (self), FALSE);
  return self->held;
}

void
redial_queue_hold_set_held (RedialQueueHold *self,
                            gboolean         held)
{
  g_return_if_fail (REDIAL_IS_QUEUE_HOLD (self));

  held = !!held;
  if (self->held == held)
    return;

  self->held = held;
  if (!held)
    redial_queue_hold_apply (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HELD]);
}

void
redial_queue_hold_apply (RedialQueueHold *self)
{
  Counts before;
  guint n_old, n_new, prefix = 0, suffix = 0;

  g_return_if_fail (REDIAL_IS_QUEUE_HOLD (self));

  before = get_counts (self);
  n_old = self->shown->len;
  n_new = self->mirror->len;
  while (prefix < n_old && prefix < n_new &&
         g_ptr_array_index (self->shown, prefix) == g_ptr_array_index (self->mirror, prefix))
    prefix++;
  while (suffix < n_old - prefix && suffix < n_new - prefix &&
         g_ptr_array_index (self->shown, n_old - 1 - suffix) == g_ptr_array_index (self->mirror, n_new - 1 - suffix))
    suffix++;

  g_ptr_array_set_size (self->shown, 0);
  g_hash_table_remove_all (self->in_shown);
  g_hash_table_remove_all (self->on_top);
  for (guint i = 0; i < n_new; i++)
    {
      RedialCase *kase = g_ptr_array_index (self->mirror, i);

      g_ptr_array_add (self->shown, g_object_ref (kase));
      g_hash_table_add (self->in_shown, kase);
      if (redial_case_get_emergency (kase))
        g_hash_table_add (self->on_top, kase);
    }
  g_hash_table_remove_all (self->waiting_new);
  g_hash_table_remove_all (self->gone);
  g_hash_table_remove_all (self->moved);

  if (prefix < n_old || prefix < n_new)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, n_old - prefix - suffix, n_new - prefix - suffix);
  notify_counts (self, before);
}

guint
redial_queue_hold_get_n_updated (RedialQueueHold *self)
{
  g_return_val_if_fail (REDIAL_IS_QUEUE_HOLD (self), 0);
  return g_hash_table_size (self->moved);
}

guint
redial_queue_hold_get_n_new (RedialQueueHold *self)
{
  g_return_val_if_fail (REDIAL_IS_QUEUE_HOLD (self), 0);
  return g_hash_table_size (self->waiting_new);
}

guint
redial_queue_hold_get_n_gone (RedialQueueHold *self)
{
  g_return_val_if_fail (REDIAL_IS_QUEUE_HOLD (self), 0);
  return g_hash_table_size (self->gone);
}

gboolean
redial_queue_hold_is_gone (RedialQueueHold *self,
                           RedialCase      *kase)
{
  g_return_val_if_fail (REDIAL_IS_QUEUE_HOLD (self), FALSE);
  return g_hash_table_contains (self->gone, kase);
}
