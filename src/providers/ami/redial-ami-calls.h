/* redial-ami-calls.h: groups Asterisk manager events by linked id and tells how each inbound call ended. */
#pragma once

#include "redial-ami-parser.h"
#include "redial-call-event.h"
#include "redial-clock.h"

G_BEGIN_DECLS

/* The contexts where FreePBX and Issabel (and most hand-written dialplans)
 * take calls from trunks, and the variable FreePBX's inbound routes set to
 * the number dialled. */
#define REDIAL_AMI_DEFAULT_INBOUND_CONTEXTS "from-trunk*;from-pstn*;from-did-direct*"
#define REDIAL_AMI_DEFAULT_DID_VARIABLE     "FROM_DID"

#define REDIAL_TYPE_AMI_CALLS (redial_ami_calls_get_type ())
G_DECLARE_FINAL_TYPE (RedialAmiCalls, redial_ami_calls, REDIAL, AMI_CALLS, GObject)

/* A tracker that is fed every event of an AMI session with
 * redial_ami_calls_handle() and emits ::call-event (a RedialCallEvent with
 * provider "ami" and the call's linked id) once for each inbound call when
 * its last channel has hung up, answered or not (up to two seconds later
 * when only the call's CDR may tell the number dialled).
 *
 * A call is inbound when its first channel (the one whose Uniqueid is the
 * Linkedid) started in one of the inbound contexts, or when the dialplan set
 * the DID variable on it. How it ended is decided from the whole sequence:
 * answered only when a real device or trunk answered a Dial (a Local channel
 * "answering" may be voicemail), a queue agent connected or the call was
 * picked up; else voicemail when any channel ran VoiceMail(); else abandoned
 * when the caller left a queue; else busy when every dial attempt found the
 * line busy; else not answered. CDR dispositions and hangup causes are not
 * trusted for this. */
RedialAmiCalls *redial_ami_calls_new                 (RedialClock        *clock);

/* Glob patterns (g_pattern_match_simple()) of the contexts where inbound
 * calls enter, such as "from-trunk*". */
void            redial_ami_calls_set_inbound_contexts (RedialAmiCalls     *self,
                                                       const char * const *patterns);
/* The channel variable holding the dialled business number, without the
 * "_" or "__" inheritance prefix. */
void            redial_ami_calls_set_did_variable    (RedialAmiCalls     *self,
                                                      const char         *name);

/* Takes one event. Events that do not matter, or that are malformed, are
 * ignored (malformed ones logged); this never fails. */
void            redial_ami_calls_handle              (RedialAmiCalls     *self,
                                                      RedialAmiMessage   *event);

/* Reconciling with the list of live channels after (re)connecting:
 * begin before asking for the list (the CoreShowChannel events go to
 * redial_ami_calls_handle() like any other), end when it is complete. Every
 * channel not heard of since the beginning ended while nobody was
 * listening, and calls left without channels are reported. */
void            redial_ami_calls_begin_sweep         (RedialAmiCalls     *self);
void            redial_ami_calls_end_sweep           (RedialAmiCalls     *self);

/* Forgets calls with no news for @idle_us, logging each: their end was
 * never seen and cannot be reported truthfully. */
void            redial_ami_calls_expire              (RedialAmiCalls     *self,
                                                      gint64              idle_us);

/* How many calls are in progress. */
guint           redial_ami_calls_get_n_active        (RedialAmiCalls     *self);

G_END_DECLS
