/* redial-queue-filter.h: which open cases the queue shows: a filter (mine, unclaimed, overdue, …), a search, an alert's cases. */
#pragma once

#include <gtk/gtk.h>

#include "redial-case.h"
#include "redial-store.h"

G_BEGIN_DECLS

typedef enum
{
  REDIAL_QUEUE_FILTER_ALL,
  REDIAL_QUEUE_FILTER_MINE,         /* claimed by the desk user */
  REDIAL_QUEUE_FILTER_UNCLAIMED,
  REDIAL_QUEUE_FILTER_OVERDUE,      /* past a response target */
  REDIAL_QUEUE_FILTER_EMERGENCIES,
  REDIAL_QUEUE_FILTER_CLOSED_TODAY, /* no open case: the closed ones are listed beside */
  REDIAL_QUEUE_N_FILTERS
} RedialQueueFilterKind;

#define REDIAL_TYPE_QUEUE_FILTER (redial_queue_filter_get_type ())
G_DECLARE_FINAL_TYPE (RedialQueueFilter, redial_queue_filter, REDIAL, QUEUE_FILTER, GtkFilter)

/* A filter of RedialCase showing every open case. */
RedialQueueFilter    *redial_queue_filter_new        (void);

RedialQueueFilterKind redial_queue_filter_get_kind   (RedialQueueFilter     *self);
void                  redial_queue_filter_set_kind   (RedialQueueFilter     *self,
                                                      RedialQueueFilterKind  kind);
/* The desk user "Mine" means. */
void                  redial_queue_filter_set_desk_user (RedialQueueFilter  *self,
                                                      const char            *desk_user);
/* Only cases whose caller's name contains @query (any case), or whose
 * number contains its digits, in any format; NULL or "" for all. */
void                  redial_queue_filter_set_search (RedialQueueFilter     *self,
                                                      const char            *query);
const char           *redial_queue_filter_get_search (RedialQueueFilter     *self);
/* Only the cases with the @n_ids ids (an alert's); none for all. */
void                  redial_queue_filter_set_ids    (RedialQueueFilter     *self,
                                                      const gint64          *ids,
                                                      gsize                  n_ids);
/* The ids redial_queue_filter_set_ids() set, @n_ids of them. */
const gint64         *redial_queue_filter_get_ids    (RedialQueueFilter     *self,
                                                      gsize                 *n_ids);
/* Tells the filter the cases changed: it says so to its model only when
 * the cases it lets through among @cases did. */
void                  redial_queue_filter_refresh    (RedialQueueFilter     *self,
                                                      GListModel            *cases);

/* Whether @kase is one of @kind for @desk_user. */
gboolean              redial_queue_filter_kind_matches (RedialQueueFilterKind  kind,
                                                        RedialCase            *kase,
                                                        const char            *desk_user);
/* Whether @kase answers @query (see redial_queue_filter_set_search()). */
gboolean              redial_queue_filter_search_matches (RedialCase          *kase,
                                                          const char          *query);

/* What the button of @kind says: "Mine", "Closed today". */
const char           *redial_queue_filter_kind_name  (RedialQueueFilterKind  kind);
/* The cases closed since midnight of the day @now (µs) falls in, here,
 * newest first. */
GPtrArray            *redial_queue_filter_list_closed_today (RedialStore  *store,
                                                             gint64        now,
                                                             GError      **error);

G_END_DECLS
