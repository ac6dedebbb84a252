/* redial-automation.h: what runs exactly once per office: text-backs, follow-ups, answers to STOP and HELP, SLA alerts, the outbox after a restart, the end-of-day summary. */
#pragma once

#include <glib-object.h>

#include "redial-compliance.h"
#include "redial-outbox.h"
#include "redial-queue.h"
#include "redial-sla-tracker.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_AUTOMATION (redial_automation_get_type ())
G_DECLARE_FINAL_TYPE (RedialAutomation, redial_automation, REDIAL, AUTOMATION, GObject)

/* The automation of one office: texts through @outbox, raises the
 * crossings of @sla as alerts, once each, remembered in @store. Several
 * desks may share an office; only one of them (or the headless service)
 * runs its automation, so that a caller is never texted twice. */
RedialAutomation *redial_automation_new        (RedialConfig       *config,
                                                RedialStore        *store,
                                                RedialClock        *clock,
                                                RedialOutbox       *outbox,
                                                RedialSlaTracker   *sla);

/* Takes up the work a restart left: the text-backs never queued, and the
 * outbox's texts, as @queue's cases stand (each already tracked and
 * restored). */
void              redial_automation_start      (RedialAutomation   *self,
                                                RedialQueue        *queue);

/* Starts or stops following @kase, an open case. */
void              redial_automation_track      (RedialAutomation   *self,
                                                RedialCase         *kase);
void              redial_automation_untrack    (RedialAutomation   *self,
                                                RedialCase         *kase);
/* Takes up @kase after a restart from its @messages, oldest first. */
void              redial_automation_restore    (RedialAutomation   *self,
                                                RedialCase         *kase,
                                                GPtrArray          *messages);
/* @kase changed: what waits for it is worked out again. */
void              redial_automation_update     (RedialAutomation   *self,
                                                RedialCase         *kase);

/* Texts back the caller of @kase, a case another desk opened, as
 * after a restart (redial_text_back_pick_up()). */
void              redial_automation_pick_up    (RedialAutomation   *self,
                                                RedialCase         *kase);
/* Texts @kase's caller back once, unless a person gets there first. */
void              redial_automation_text_back  (RedialAutomation   *self,
                                                RedialCase         *kase);
/* Answers an inbound text of @kase as @meaning says: the opt-out or
 * opt-in confirmation, or the help text; nothing for the others. */
void              redial_automation_answer     (RedialAutomation   *self,
                                                RedialCase         *kase,
                                                RedialReplyMeaning  meaning);

/* The 1 Hz tick: the follow-ups due by @now, and the day's summary
 * once the business closed (::day-summary). */
void              redial_automation_tick       (RedialAutomation   *self,
                                                gint64              now);

G_END_DECLS
