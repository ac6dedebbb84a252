/* redial-queue-filter.c: which open cases the queue shows: a filter (mine, unclaimed, overdue, …), a search, an alert's cases. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include <glib/gi18n.h>
#include <string.h>

#include "redial-queue-filter.h"

struct _RedialQueueFilter
{
  GtkFilter              parent_instance;

  RedialQueueFilterKind  kind;
  char                  *desk_user;
  char                  *search;     /* casefolded, or NULL */
  char                  *digits;     /* the search's digits, when it has three or more */
  GArray                *ids;        /* gint64; empty: every case */
  guint                  signature;  /* of the cases let through when last refreshed */
};

G_DEFINE_FINAL_TYPE (RedialQueueFilter, redial_queue_filter, GTK_TYPE_FILTER)

static char *
dup_digits (const char *text)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  return g_string_free (digits, FALSE);
}

static gboolean
digits_contain (const char *number,
                const char *digits)
{
  g_autofree char *mine = NULL;

  if (number == NULL)
    return FALSE;
  mine = dup_digits (number);
  return strstr (mine, digits) != NULL;
}

static gboolean
matches_search (RedialQueueFilter *self,
                RedialCase        *kase)
{
  const char *name = redial_case_get_caller_name (kase);

  if (self->search == NULL)
    return TRUE;
  if (name != NULL)
    {
      g_autofree char *folded = g_utf8_casefold (name, -1);

      if (strstr (folded, self->search) != NULL)
        return TRUE;
    }
  return self->digits != NULL &&
         (digits_contain (redial_case_get_caller (kase), self->digits) ||
          digits_contain (redial_case_get_caller_raw (kase), self->digits));
}

static gboolean
matches (RedialQueueFilter *self,
         RedialCase        *kase)
{
  if (self->ids->len > 0)
    {
      gint64 id = redial_case_get_id (kase);
      gboolean found = FALSE;

      for (guint i = 0; i < self->ids->len && !found; i++)
        found = g_array_index (self->ids, gint64, i) == id;
      if (!found)
        return FALSE;
    }
  return redial_queue_filter_kind_matches (self->kind, kase, self->desk_user) && matches_search (self, kase);
}

static gboolean
redial_queue_filter_match (GtkFilter *filter,
                           gpointer   item)
{
  return matches (REDIAL_QUEUE_FILTER (filter), item);
}

static GtkFilterMatch
redial_queue_filter_get_strictness (GtkFilter *filter)
{
  RedialQueueFilter *self = REDIAL_QUEUE_FILTER (filter);

  if (self->kind == REDIAL_QUEUE_FILTER_CLOSED_TODAY)
    return GTK_FILTER_MATCH_NONE;
  if (self->kind == REDIAL_QUEUE_FILTER_ALL && self->search == NULL && self->ids->len == 0)
    return GTK_FILTER_MATCH_ALL;
  return GTK_FILTER_MATCH_SOME;
}

static void
redial_queue_filter_finalize (GObject *object)
{
  RedialQueueFilter *self = REDIAL_QUEUE_FILTER (object);

  g_free (self->desk_user);
  g_free (self->search);
  g_free (self->digits);
  g_array_unref (self->ids);

  G_OBJECT_CLASS (redial_queue_filter_parent_class)->finalize (object);
}

static void
redial_queue_filter_class_init (RedialQueueFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkFilterClass *filter_class = GTK_FILTER_CLASS (klass);

  object_class->finalize = redial_queue_filter_finalize;
  filter_class->match = redial_queue_filter_match;
  filter_class->get_strictness = redial_queue_filter_get_strictness;
}

static void
redial_queue_filter_init (RedialQueueFilter *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

RedialQueueFilter *
redial_queue_filter_new (void)
{
  return g_object_new (REDIAL_TYPE_QUEUE_FILTER, NULL);
}

RedialQueueFilterKind
redial_queue_filter_get_kind (RedialQueueFilter *self)
{
  g_return_val_if_fail (REDIAL_IS_QUEUE_FILTER (self), REDIAL_QUEUE_FILTER_ALL);
  return self->kind;
}

void
redial_queue_filter_set_kind (RedialQueueFilter     *self,
                              RedialQueueFilterKind  kind)
{
  g_return_if_fail (REDIAL_IS_QUEUE_FILTER (self));
  g_return_if_fail (kind < REDIAL_QUEUE_N_FILTERS);

  if (self->kind == kind)
    return;
  self->kind = kind;
  gtk_filter_changed (GTK_FILTER (self), GTK_FILTER_CHANGE_DIFFERENT);
}

void
redial_queue_filter_set_desk_user (RedialQueueFilter *self,
                                   const char        *desk_user)
{
  g_return_if_fail (REDIAL_IS_QUEUE_FILTER (self));

  if (g_strcmp0 (self->desk_user, desk_user) == 0)
    return;
  g_free (self->desk_user);
  self->desk_user = g_strdup (desk_user);
  if (self->kind == REDIAL_QUEUE_FILTER_MINE)
    gtk_filter_changed (GTK_FILTER (self), GTK_FILTER_CHANGE_DIFFERENT);
}

void
redial_queue_filter_set_search (RedialQueueFilter *self,
                                const char        *query)
{
  g_autofree char *folded = NULL;
  g_autofree char *digits = NULL;

  g_return_if_fail (REDIAL_IS_QUEUE_FILTER (self));

  if (query != NULL)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (query));

      if (*stripped != '\0')
        {
          folded = g_utf8_casefold (stripped, -1);
          digits = dup_digits (stripped);
        }
    }
  if (g_strcmp0 (self->search, folded) == 0)
    return;
  g_free (self->search);
  g_free (self->digits);
  self->search = g_steal_pointer (&folded);
  /* Fewer digits than an area code would find almost everyone. */
  self->digits = digits != NULL && strlen (digits) >= 3 ? g_steal_pointer (&digits) : NULL;
  gtk_filter_changed (GTK_FILTER (self), GTK_FILTER_CHANGE_DIFFERENT);
}

const char *
redial_queue_filter_get_search (RedialQueueFilter *self)
{
  g_return_val_if_fail (REDIAL_IS_QUEUE_FILTER (self), NULL);
  return self->search;
}

void
redial_queue_filter_set_ids (RedialQueueFilter *self,
                             const gint64      *ids,
                             gsize              n_ids)
{
  g_return_if_fail (REDIAL_IS_QUEUE_FILTER (self));
  g_return_if_fail (ids != NULL || n_ids == 0);

  g_array_set_size (self->ids, 0);
  g_array_append_vals (self->ids, ids, n_ids);
  gtk_filter_changed (GTK_FILTER (self), GTK_FILTER_CHANGE_DIFFERENT);
}

const gint64 *
redial_queue_filter_get_ids (RedialQueueFilter *self,
                             gsize             *n_ids)
{
  g_return_val_if_fail (REDIAL_IS_QUEUE_FILTER (self), NULL);
  g_return_val_if_fail (n_ids != NULL, NULL);

  *n_ids = self->ids->len;
  return (const gint64 *) self->ids->data;
}

void
redial_queue_filter_refresh (RedialQueueFilter *self,
                             GListModel        *cases)
{
  guint n = g_list_model_get_n_items (cases);
  guint signature = 0;

  g_return_if_fail (REDIAL_IS_QUEUE_FILTER (self));

  /* Owners and targets change without the queue moving: the rows shown
   * are worked out again only when they are not the same. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RedialCase) kase = g_list_model_get_item (cases, i);

      if (matches (self, kase))
        signature = signature * 31 + (guint) redial_case_get_id (kase) + 1;
    }
  if (signature == self->signature)
    return;
  self->signature = signature;
  if (self->kind != REDIAL_QUEUE_FILTER_ALL && self->kind != REDIAL_QUEUE_FILTER_CLOSED_TODAY)
    gtk_filter_changed (GTK_FILTER (self), GTK_FILTER_CHANGE_DIFFERENT);
}

gboolean
redial_queue_filter_kind_matches (RedialQueueFilterKind  kind,
                                  RedialCase            *kase,
                                  const char            *desk_user)
{
  const char *owner = redial_case_get_owner (kase);

  switch (kind)
    {
    case REDIAL_QUEUE_FILTER_MINE:
      return owner != NULL && g_strcmp0 (owner, desk_user) == 0;
    case REDIAL_QUEUE_FILTER_UNCLAIMED:
      return owner == NULL;
    case REDIAL_QUEUE_FILTER_OVERDUE:
      return redial_case_get_sla_level (kase) == REDIAL_SLA_LEVEL_BREACHED;
    case REDIAL_QUEUE_FILTER_EMERGENCIES:
      return redial_case_get_emergency (kase);
    case REDIAL_QUEUE_FILTER_CLOSED_TODAY:
      return FALSE;
    case REDIAL_QUEUE_FILTER_ALL:
    case REDIAL_QUEUE_N_FILTERS:
    default:
      return TRUE;
    }
}

gboolean
redial_queue_filter_search_matches (RedialCase *kase,
                                    const char *query)
{
  g_autoptr(RedialQueueFilter) filter = redial_queue_filter_new ();

  redial_queue_filter_set_search (filter, query);
  return matches_search (filter, kase);
}

const char *
redial_queue_filter_kind_name (RedialQueueFilterKind kind)
{
  switch (kind)
    {
    case REDIAL_QUEUE_FILTER_MINE:
      return _("Mine");
    case REDIAL_QUEUE_FILTER_UNCLAIMED:
      return _("Unclaimed");
    case REDIAL_QUEUE_FILTER_OVERDUE:
      return _("Overdue");
    case REDIAL_QUEUE_FILTER_EMERGENCIES:
      return _("Emergencies");
    case REDIAL_QUEUE_FILTER_CLOSED_TODAY:
      return _("Closed today");
    case REDIAL_QUEUE_FILTER_ALL:
    case REDIAL_QUEUE_N_FILTERS:
    default:
      return _("All open");
    }
}

GPtrArray *
redial_queue_filter_list_closed_today (RedialStore  *store,
                                       gint64        now,
                                       GError      **error)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (now / G_USEC_PER_SEC);
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (at), g_date_time_get_month (at),
                                                         g_date_time_get_day_of_month (at), 0, 0, 0);

  g_return_val_if_fail (REDIAL_IS_STORE (store), NULL);
  return redial_store_list_closed_cases (store, g_date_time_to_unix (midnight) * G_USEC_PER_SEC, error);
}
