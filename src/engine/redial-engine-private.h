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

G_END_DECLS
