/* redial-due-list.c: cases in the order something next falls due for them, soonest first: what the 1 Hz tick visits. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include "redial-due-list.h"

struct _RedialDueList
{
  GSequence *entries;  /* RedialDueEntry, by time then case id */
};

static int
compare_due (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  const RedialDueEntry *x = a;
  const RedialDueEntry *y = b;
  gint64 id_x, id_y;

  if (x->at != y->at)
    return x->at < y->at ? -1 : 1;
  id_x = redial_case_get_id (x->kase);
  id_y = redial_case_get_id (y->kase);
  return (id_x > id_y) - (id_x < id_y);
}

RedialDueList *
redial_due_list_new (void)
{
  RedialDueList *self = g_new0 (RedialDueList, 1);

  self->entries = g_sequence_new (NULL);
  return self;
}

void
redial_due_list_free (RedialDueList *self)
{
  if (self == NULL)
    return;
  g_sequence_free (self->entries);
  g_free (self);
}

void
redial_due_list_file (RedialDueList  *self,
                      RedialDueEntry *entry,
                      gint64          at)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (entry != NULL && entry->kase != NULL);

  redial_due_list_unfile (entry);
  entry->at = at;
  if (at != G_MAXINT64)
    entry->iter = g_sequence_insert_sorted (self->entries, entry, compare_due, NULL);
}

void
redial_due_list_unfile (RedialDueEntry *entry)
{
  g_return_if_fail (entry != NULL);
  g_clear_pointer (&entry->iter, g_sequence_remove);
}

RedialDueEntry *
redial_due_list_pop (RedialDueList *self,
                     gint64         now)
{
  GSequenceIter *first;
  RedialDueEntry *entry;

  g_return_val_if_fail (self != NULL, NULL);

  first = g_sequence_get_begin_iter (self->entries);
  if (g_sequence_iter_is_end (first))
    return NULL;
  entry = g_sequence_get (first);
  if (entry->at > now)
    return NULL;
  redial_due_list_unfile (entry);
  return entry;
}

void
redial_due_list_refile (RedialDueList  *self,
                        RedialDueEntry *entry,
                        gint64          at,
                        gint64          now,
                        const char     *what)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (entry != NULL && entry->kase != NULL);

  if (at <= now)
    {
      g_critical ("Case %" G_GINT64_FORMAT ": %s was due and nothing fired; it would be due again at once",
                  redial_case_get_id (entry->kase), what);
      at = now + G_USEC_PER_SEC;
    }
  redial_due_list_file (self, entry, at);
}
