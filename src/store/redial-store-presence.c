/* redial-store-presence.c: the store's presence functions, and the one-desk presence of a store no other desk shares. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include "redial-store.h"

#define IFACE(self) (REDIAL_STORE_GET_IFACE (self))

/* A store's own desks, by desk id, when it keeps them in memory. */
#define LOCAL_DESKS "redial-store-local-desks"
G_LOCK_DEFINE_STATIC (local_desks);

G_DEFINE_BOXED_TYPE (RedialDeskPresence, redial_desk_presence,
                     redial_desk_presence_copy, redial_desk_presence_free)

/* A store no other desk shares knows only the desks of this process. */
static GHashTable *
local_desks (RedialStore *self)
{
  GHashTable *desks = g_object_get_data (G_OBJECT (self), LOCAL_DESKS);

  if (desks == NULL)
    {
      desks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                     (GDestroyNotify) redial_desk_presence_free);
      g_object_set_data_full (G_OBJECT (self), LOCAL_DESKS, desks, (GDestroyNotify) g_hash_table_unref);
    }
  return desks;
}

static int
compare_desks (gconstpointer a,
               gconstpointer b)
{
  const RedialDeskPresence *desk_a = *(RedialDeskPresence **) a;
  const RedialDeskPresence *desk_b = *(RedialDeskPresence **) b;
  int by_name = g_strcmp0 (desk_a->name, desk_b->name);

  return by_name != 0 ? by_name : g_strcmp0 (desk_a->desk_id, desk_b->desk_id);
}

RedialDeskPresence *
redial_desk_presence_new (const char *desk_id,
                          const char *name,
                          const char *host,
                          gint64      case_id,
                          gint64      seen_at)
{
  RedialDeskPresence *desk = g_new0 (RedialDeskPresence, 1);

  g_return_val_if_fail (desk_id != NULL, NULL);

  desk->desk_id = g_strdup (desk_id);
  desk->name = g_strdup (name != NULL ? name : "");
  desk->host = g_strdup (host);
  desk->case_id = case_id;
  desk->seen_at = seen_at;
  return desk;
}

RedialDeskPresence *
redial_desk_presence_copy (const RedialDeskPresence *desk)
{
  g_return_val_if_fail (desk != NULL, NULL);

  return redial_desk_presence_new (desk->desk_id, desk->name, desk->host, desk->case_id, desk->seen_at);
}

void
redial_desk_presence_free (RedialDeskPresence *desk)
{
  if (desk == NULL)
    return;
  g_free (desk->desk_id);
  g_free (desk->name);
  g_free (desk->host);
  g_free (desk);
}

gboolean
redial_desk_presence_same (const RedialDeskPresence *a,
                           const RedialDeskPresence *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return g_strcmp0 (a->desk_id, b->desk_id) == 0 && g_strcmp0 (a->name, b->name) == 0 &&
         g_strcmp0 (a->host, b->host) == 0 && a->case_id == b->case_id;
}

gboolean
redial_store_announce_desk (RedialStore               *self,
                            const RedialDeskPresence  *desk,
                            GError                   **error)
{
  RedialDeskPresence *copy;

  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);
  g_return_val_if_fail (desk != NULL && desk->desk_id != NULL, FALSE);

  if (IFACE (self)->announce_desk != NULL)
    return IFACE (self)->announce_desk (self, desk, error);

  copy = redial_desk_presence_copy (desk);
  G_LOCK (local_desks);
  g_hash_table_replace (local_desks (self), copy->desk_id, copy);
  G_UNLOCK (local_desks);
  return TRUE;
}

gboolean
redial_store_withdraw_desk (RedialStore  *self,
                            const char   *desk_id,
                            GError      **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);
  g_return_val_if_fail (desk_id != NULL, FALSE);

  if (IFACE (self)->withdraw_desk != NULL)
    return IFACE (self)->withdraw_desk (self, desk_id, error);

  G_LOCK (local_desks);
  g_hash_table_remove (local_desks (self), desk_id);
  G_UNLOCK (local_desks);
  return TRUE;
}

GPtrArray *
redial_store_list_desks (RedialStore  *self,
                         gint64        now,
                         GError      **error)
{
  GPtrArray *desks;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);

  if (IFACE (self)->list_desks != NULL)
    return IFACE (self)->list_desks (self, now, error);

  desks = g_ptr_array_new_with_free_func ((GDestroyNotify) redial_desk_presence_free);
  G_LOCK (local_desks);
  g_hash_table_iter_init (&iter, local_desks (self));
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      RedialDeskPresence *desk = value;

      if (desk->seen_at > now - REDIAL_DESK_STALE_US)
        g_ptr_array_add (desks, redial_desk_presence_copy (desk));
    }
  G_UNLOCK (local_desks);
  g_ptr_array_sort (desks, compare_desks);
  return desks;
}
