/* redial-engine-private.h: the engine's parts, shared by redial-engine.c (wiring, events) and redial-engine-desk.c (a person's actions). */
#pragma once

#include "redial-automation.h"
#include "redial-classifier.h"
#include "redial-compliance.h"
#include "redial-engine.h"
#include "redial-outbox.h"
#include "redial-queue.h"
#include "redial-renderer.h"
#include "redial-sla-tracker.h"

G_BEGIN_DECLS

struct _RedialEngine
{
  GObject            parent_instance;

  RedialConfig      *config;
  RedialStore       *store;
  RedialClock       *clock;
  RedialPhoneSystem *phone_system;
  RedialSmsGateway  *sms_gateway;

  RedialQueue       *queue;
  RedialClassifier  *classifier;
  RedialCompliance  *compliance;
  RedialRenderer    *renderer;
  RedialOutbox      *outbox;
  RedialSlaTracker  *sla;
  RedialAutomation  *automation;     /* NULL when the office's automation runs elsewhere */
  gboolean           automate;
  guint              tick;
  GPtrArray         *batch;          /* RedialAlert raised during the running tick, else NULL */
  gboolean           started;
  GHashTable        *pending_confirmations;  /* appointment id → clock id of its confirmation, until Undo's time is up */
  GCancellable      *cancellable;    /* the store's answers still awaited, cancelled on dispose */
};

/* Saves @kase, logging when the store refuses. */
void _redial_engine_save_case    (RedialEngine *self,
                                  RedialCase   *kase);
/* Takes @kase out of the queue, its clocks and its automatic texts. */
void _redial_engine_untrack      (RedialEngine *self,
                                  RedialCase   *kase);
/* @kase changed: its clocks and what waits for it are worked out again. */
void _redial_engine_case_changed (RedialEngine *self,
                                  RedialCase   *kase);
/* The queue's own object for the case @fresh describes, brought up to date
 * from it; or @fresh itself, added, when the queue did not hold it. */
RedialCase *_redial_engine_merge (RedialEngine *self,
                                  RedialCase   *fresh);
/* redial-engine-follow.c: the queue follows what other desks sharing the
 * store change, read without blocking. */
void _redial_engine_follow_store (RedialEngine *self);
/* Puts @kase, reopened, back in the queue, as after a restart. */
void _redial_engine_track_reopened (RedialEngine *self,
                                    RedialCase   *kase);

/* redial-engine.c: raises an alert about @kase (urgent for an
 * emergency), alone or in the running tick's batch. */
void _redial_engine_raise_alert  (RedialEngine    *self,
                                  RedialCase      *kase,
                                  RedialAlertKind  kind,
                                  const char      *message);
/* redial-engine-desk.c: @local, from the store, as the engine's error
 * (a lost claim, a closed case, …); returns FALSE, for return statements. */
gboolean _redial_engine_store_refused (GError **error,
                                       GError  *local);
/* redial-engine-desk.c: the desk user works on @kase: claims it unless
 * it is theirs; refused when another desk owns it. */
gboolean _redial_engine_ensure_claimed   (RedialEngine  *self,
                                          RedialCase    *kase,
                                          GError       **error);
/* Refuses, with who has it, when another desk owns @kase. */
gboolean _redial_engine_check_not_others (RedialEngine  *self,
                                          RedialCase    *kase,
                                          GError       **error);
/* A person answered @kase: its first response, if still due, and with
 * @answers the answer to a waiting reply. */
void     _redial_engine_human_touch      (RedialEngine  *self,
                                          RedialCase    *kase,
                                          gboolean       answers);

/* redial-engine-intake.c: what @kase stands at without a booking:
 * qualified when its intake says so, else what it was before. */
RedialCaseState _redial_engine_intake_state (RedialEngine *self,
                                             RedialCase   *kase);
/* redial-engine-offers.c: a caller's @text on @kase answering an open
 * offer: books the slot it chooses, or offers the next two when that one
 * went; TRUE when the caller was answered so. An unclear answer is
 * recorded for a person (FALSE). */
gboolean _redial_engine_booking_take_reply  (RedialEngine *self,
                                             RedialCase   *kase,
                                             const char   *text);
/* @kase closed: its held times are free again. */
void     _redial_engine_booking_case_closed (RedialEngine *self,
                                             RedialCase   *kase);
/* redial-engine-booking.c: drops the confirmations still waiting for
 * Undo's time. */
void     _redial_engine_booking_dispose     (RedialEngine *self);
/* redial-engine-intake.c: sets @kase's out-of-area and not-a-fit from
 * its intake answers, as after a restart. */
void _redial_engine_intake_restore (RedialEngine *self,
                                    RedialCase   *kase);

/* redial-engine.c: emits ::timeline-changed for @item of @kase. */
void _redial_engine_timeline_changed (RedialEngine       *self,
                                      RedialCase         *kase,
                                      RedialTimelineItem *item);
/* redial-engine-timeline.c: follows the outbox and the SLA clocks for
 * ::timeline-changed, and words what happened as timeline items. */
void _redial_engine_timeline_connect    (RedialEngine  *self);
void _redial_engine_timeline_disconnect (RedialEngine  *self);
void _redial_engine_emit_message        (RedialEngine  *self,
                                         RedialMessage *message);
void _redial_engine_emit_call           (RedialEngine  *self,
                                         RedialCase    *kase,
                                         RedialCall    *call);
/* An answered call (in no case) shows in its caller's open case. */
void _redial_engine_emit_answered_call  (RedialEngine  *self,
                                         RedialCall    *call);
void _redial_engine_emit_opt_out        (RedialEngine  *self,
                                         RedialCase    *kase,
                                         gboolean       opted_out,
                                         gint64         at,
                                         const char    *words);

/* redial-engine-numbers.c: the SMS gateway's ::recipient-opted-out and
 * ::recipient-unreachable. */
void _redial_engine_on_recipient_opted_out   (RedialSmsGateway *gateway,
                                              const char       *number,
                                              RedialEngine     *self);
void _redial_engine_on_recipient_unreachable (RedialSmsGateway *gateway,
                                              const char       *number,
                                              const char       *reason,
                                              RedialEngine     *self);

G_END_DECLS
