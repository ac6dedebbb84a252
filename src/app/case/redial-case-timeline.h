/* redial-case-timeline.h: everything that happened to a case, oldest first, following it live. */
#pragma once

#include <gtk/gtk.h>

#include "redial-clock.h"
#include "redial-timeline-item.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_CASE_TIMELINE (redial_case_timeline_get_type ())
G_DECLARE_FINAL_TYPE (RedialCaseTimeline, redial_case_timeline, REDIAL, CASE_TIMELINE, GtkWidget)

/* An empty timeline whose dates are seen from @clock's day. */
GtkWidget  *redial_case_timeline_new          (RedialClock        *clock);

/* Shows @items (RedialTimelineItem, oldest first; NULL for none) and
 * scrolls to the newest. @caller_name names the caller's own texts. */
void        redial_case_timeline_set_items    (RedialCaseTimeline *self,
                                               GPtrArray          *items,
                                               const char         *caller_name);
/* An item that arrived or changed while the case is open: an item with
 * @item's kind and id is shown again, a new one takes its place by time.
 * The view stays where the person is reading: at the bottom it follows
 * the new item, elsewhere it holds still and a "New" button appears. */
void        redial_case_timeline_take_item    (RedialCaseTimeline *self,
                                               RedialTimelineItem *item);

/* The items shown (RedialTimelineItem), oldest first. */
GListModel *redial_case_timeline_get_model    (RedialCaseTimeline *self);
/* Whether the view shows the newest item, and holds still. */
gboolean    redial_case_timeline_get_at_bottom (RedialCaseTimeline *self);
/* Whether items arrived below what is in view and are not yet seen. */
gboolean    redial_case_timeline_get_has_unseen (RedialCaseTimeline *self);
void        redial_case_timeline_scroll_to_bottom (RedialCaseTimeline *self);
/* The scrolled window's vertical adjustment: where the person reads. */
GtkAdjustment *redial_case_timeline_get_vadjustment (RedialCaseTimeline *self);

G_END_DECLS
