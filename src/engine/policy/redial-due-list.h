/* redial-due-list.h: cases in the order something next falls due for them, soonest first: what the 1 Hz tick visits. */
#pragma once

#include <glib.h>

#include "redial-case.h"

G_BEGIN_DECLS

/* One case's place in a due list; embed it as the first member of the
 * record the list files, and leave it zeroed until filed. */
typedef struct
{
  RedialCase    *kase;  /* unowned: the embedding record holds it */
  gint64         at;    /* when something falls due, Unix µs */
  GSequenceIter *iter;  /* in the list, or NULL */
} RedialDueEntry;

typedef struct _RedialDueList RedialDueList;

RedialDueList  *redial_due_list_new     (void);
void            redial_due_list_free    (RedialDueList  *self);

/* Files @entry under @at (G_MAXINT64: nothing due, not filed), taking
 * it from where it was. */
void            redial_due_list_file    (RedialDueList  *self,
                                         RedialDueEntry *entry,
                                         gint64          at);
/* Takes @entry off the list, if it is on it. */
void            redial_due_list_unfile  (RedialDueEntry *entry);
/* The first entry due by @now, taken off the list; NULL when none is.
 * The tick calls this until NULL, so that it visits due cases only,
 * however long the queue. */
RedialDueEntry *redial_due_list_pop     (RedialDueList  *self,
                                         gint64          now);

/* Files @entry, just taken by redial_due_list_pop() at @now, under @at
 * again. An entry still due by @now would be taken again at once and the
 * tick would never end: that is a bug of the caller's, reported as a
 * critical naming @what and the case, and the entry waits a second. */
void            redial_due_list_refile  (RedialDueList  *self,
                                         RedialDueEntry *entry,
                                         gint64          at,
                                         gint64          now,
                                         const char     *what);

G_END_DECLS
