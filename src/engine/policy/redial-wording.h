/* redial-wording.h: the sentences Redial says to the desk about a case and its caller. */
#pragma once

#include <glib.h>

#include "redial-case.h"
#include "redial-message.h"

G_BEGIN_DECLS

/* How the desk names @kase's caller: the name, else the number, else a
 * phrase for a hidden number. Owned by @kase or static. */
const char *redial_wording_caller        (RedialCase      *kase);

/* The alert for @kase's clock (@reply: the reply clock, else the first
 * response clock) crossing the point @kind (a REDIAL_ALERT_SLA_* kind).
 * Free with g_free(). */
char       *redial_wording_sla_alert     (RedialCase      *kase,
                                          RedialAlertKind  kind,
                                          gboolean         reply);

/* Why @message did not reach its caller, for the queue's preview line,
 * and the alert saying so about @kase. Free with g_free(). */
char       *redial_wording_not_delivered (RedialMessage   *message);
char       *redial_wording_text_failed   (RedialCase      *kase,
                                          RedialMessage   *message);

/* The alert for @kase's caller writing @text, which sounds like an
 * emergency. Free with g_free(). */
char       *redial_wording_emergency     (RedialCase      *kase,
                                          const char      *text);
/* "Emergency for Tom Becker: Burst pipe or flooding": an intake @answer
 * (in words) that makes the case urgent. */
char       *redial_wording_intake_emergency (RedialCase  *kase,
                                             const char  *answer);

G_END_DECLS
