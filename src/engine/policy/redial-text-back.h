/* redial-text-back.h: the automatic texts to a missed caller: one text-back after a delay, then polite follow-ups outside quiet hours. */
#pragma once

#include <glib-object.h>

#include "redial-case.h"
#include "redial-clock.h"
#include "redial-config.h"
#include "redial-outbox.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_TEXT_BACK (redial_text_back_get_type ())
G_DECLARE_FINAL_TYPE (RedialTextBack, redial_text_back, REDIAL, TEXT_BACK, GObject)

/* Text-backs and follow-ups as @config sets them, on @clock's time, sent
 * through @outbox. */
RedialTextBack *redial_text_back_new      (RedialConfig   *config,
                                           RedialStore    *store,
                                           RedialClock    *clock,
                                           RedialOutbox   *outbox);

/* Starts or stops following @kase (kept alive while followed). */
void            redial_text_back_track    (RedialTextBack *self,
                                           RedialCase     *kase);
void            redial_text_back_untrack  (RedialTextBack *self,
                                           RedialCase     *kase);
/* Takes up @kase after a restart: when the last automatic text went out,
 * from @messages (its RedialMessages, oldest first). */
void            redial_text_back_restore  (RedialTextBack *self,
                                           RedialCase     *kase,
                                           GPtrArray      *messages);
/* After a restart, once the followed cases are restored: the text-backs
 * that were due, or waiting out their delay, when Redial stopped and were
 * never queued are sent when the delay from the call is over (at once
 * when it is, but not at night the caller's time), as for a new call.
 * Once: a case is marked texted back with its outbox row. */
void            redial_text_back_catch_up (RedialTextBack *self);
/* The same for one case: a case another desk sharing the store opened
 * (its call recorded there first) is texted back here, as a new call. */
void            redial_text_back_pick_up  (RedialTextBack *self,
                                           RedialCase     *kase);

/* Texts @kase's caller back, at most once per case however often they
 * ring, after the configured delay so that a person can call back first;
 * only a new lead or a known customer, and not when a person or the
 * caller got there first. */
void            redial_text_back_send     (RedialTextBack *self,
                                           RedialCase     *kase);

/* @kase changed (a person answered, the caller wrote, …): a waiting
 * text-back is dropped when no longer due, the follow-up rescheduled. */
void            redial_text_back_update   (RedialTextBack *self,
                                           RedialCase     *kase);

/* The 1 Hz tick: sends the follow-ups due by @now, visiting only cases
 * that have one due. */
void            redial_text_back_tick     (RedialTextBack *self,
                                           gint64          now);

G_END_DECLS
