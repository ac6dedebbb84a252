/* redial-timeline-item.h: one entry of a case's timeline: a call, a text, a call-back, a note, a claim, an SLA crossing, … */
#pragma once

#include <glib-object.h>

#include "redial-call.h"
#include "redial-message.h"
#include "redial-types.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_TIMELINE_ITEM (redial_timeline_item_get_type ())
G_DECLARE_FINAL_TYPE (RedialTimelineItem, redial_timeline_item, REDIAL, TIMELINE_ITEM, GObject)

/* An item of @kind at @at (Unix µs) done by @actor (a desk user; NULL
 * for Redial itself). Its "id" is 0 until the store gives it one; it is
 * unique within its case and kind, so that a view tells an item changed
 * (same kind and id) from a new one. Which other properties are
 * meaningful depends on the kind:
 *
 * - CALL: "call"; MESSAGE: "message" (direction, kind, status, error);
 * - CALL_BACK: "call-outcome", -1 while the outcome is pending;
 * - NOTE: "text"; OPT_OUT, OPT_IN: "text", the caller's words;
 * - TAKE_OVER: "previous-owner";
 * - SLA: "sla-clock" and "sla-crossing";
 * - CLOSED: "case-outcome" and "job-value" (cents, -1 for none);
 * - INTAKE: "question" (its key) and "text" (the answer as kept; NULL
 *   when it was cleared); QUALIFIED: nothing more;
 * - BOOKING: "question" says what happened and "text" the slots it
 *   concerns (see redial_engine_booking_item_action()). */
RedialTimelineItem *redial_timeline_item_new          (RedialTimelineKind  kind,
                                                       gint64              at,
                                                       const char         *actor);
/* A CALL item for @call; a MESSAGE item for @message (both referenced,
 * the item's id being theirs). */
RedialTimelineItem *redial_timeline_item_new_call     (RedialCall         *call);
RedialTimelineItem *redial_timeline_item_new_message  (RedialMessage      *message);

gint64              redial_timeline_item_get_id             (RedialTimelineItem *self);
void                redial_timeline_item_set_id             (RedialTimelineItem *self,
                                                             gint64              id);
RedialTimelineKind  redial_timeline_item_get_kind           (RedialTimelineItem *self);
gint64              redial_timeline_item_get_at             (RedialTimelineItem *self);
const char         *redial_timeline_item_get_actor          (RedialTimelineItem *self);
/* Untrusted text (a caller's words, a note): show it as text, never markup. */
const char         *redial_timeline_item_get_text           (RedialTimelineItem *self);
void                redial_timeline_item_set_text           (RedialTimelineItem *self,
                                                             const char         *text);
RedialCall         *redial_timeline_item_get_call           (RedialTimelineItem *self);
RedialMessage      *redial_timeline_item_get_message        (RedialTimelineItem *self);
/* A RedialCallOutcome, or -1 while pending. */
int                 redial_timeline_item_get_call_outcome   (RedialTimelineItem *self);
void                redial_timeline_item_set_call_outcome   (RedialTimelineItem *self,
                                                             int                 outcome);
RedialSlaClock      redial_timeline_item_get_sla_clock      (RedialTimelineItem *self);
RedialSlaCrossing   redial_timeline_item_get_sla_crossing   (RedialTimelineItem *self);
void                redial_timeline_item_set_sla            (RedialTimelineItem *self,
                                                             RedialSlaClock      clock,
                                                             RedialSlaCrossing   crossing);
RedialCaseOutcome   redial_timeline_item_get_case_outcome   (RedialTimelineItem *self);
gint64              redial_timeline_item_get_job_value      (RedialTimelineItem *self);
void                redial_timeline_item_set_case_outcome   (RedialTimelineItem *self,
                                                             RedialCaseOutcome   outcome,
                                                             gint64              job_value);
const char         *redial_timeline_item_get_previous_owner (RedialTimelineItem *self);
void                redial_timeline_item_set_previous_owner (RedialTimelineItem *self,
                                                             const char         *previous_owner);

/* INTAKE: the key of the question answered. */
const char         *redial_timeline_item_get_question       (RedialTimelineItem *self);
void                redial_timeline_item_set_question       (RedialTimelineItem *self,
                                                             const char         *question);
/* The id an SLA item has: one per clock, episode and crossing, the same
 * whether the item was listed or raised live. */
gint64              redial_timeline_sla_id                  (RedialSlaClock      clock,
                                                             gint64              episode,
                                                             RedialSlaCrossing   crossing);

/* Orders items oldest first (ties by kind, then id): a GCompareFunc for
 * g_ptr_array_sort() (pointers to items). */
int                 redial_timeline_item_compare            (gconstpointer       a,
                                                             gconstpointer       b);

G_END_DECLS
