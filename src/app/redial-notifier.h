/* redial-notifier.h: the desk's desktop notifications: one per kind of news, updated in place. */
#pragma once

#include <gio/gio.h>

#include "redial-context.h"

G_BEGIN_DECLS

/* What a notification speaks of: the engine's alert kinds first, in
 * RedialAlertKind's order, then the news a desk asked for. */
typedef enum
{
  REDIAL_NOTIFIER_TOPIC_EMERGENCY = REDIAL_ALERT_EMERGENCY,
  REDIAL_NOTIFIER_TOPIC_SLA_WARNING = REDIAL_ALERT_SLA_WARNING,
  REDIAL_NOTIFIER_TOPIC_SLA_BREACH = REDIAL_ALERT_SLA_BREACH,
  REDIAL_NOTIFIER_TOPIC_SLA_ESCALATION = REDIAL_ALERT_SLA_ESCALATION,
  REDIAL_NOTIFIER_TOPIC_TEXT_FAILED = REDIAL_ALERT_TEXT_FAILED,
  REDIAL_NOTIFIER_TOPIC_MISSED_CALL,
  REDIAL_NOTIFIER_TOPIC_REPLY,
  REDIAL_NOTIFIER_TOPIC_DAY_SUMMARY,
  REDIAL_NOTIFIER_N_TOPICS
} RedialNotifierTopic;

/* Whether the case @case_id is on screen where the desk looks now. */
typedef gboolean (*RedialNotifierQuietFunc) (gint64   case_id,
                                             gpointer data);

#define REDIAL_TYPE_NOTIFIER (redial_notifier_get_type ())
G_DECLARE_FINAL_TYPE (RedialNotifier, redial_notifier, REDIAL, NOTIFIER, GObject)

/* Shows desktop notifications, while the desk's "notifications-enabled"
 * key is on, for the alerts of @context's engine, each new missed call,
 * each caller's reply and the end-of-day summary: one notification per topic, updated in place as
 * news of it comes, gathered once per main-loop turn. Its Open button
 * activates @application's "open-case" (one case, its id) or "show-cases"
 * (several, their ids); news of one caller to answer (a missed call, a
 * reply, an emergency, a target close or passed) has Claim too, which
 * activates "claim-case". With "play-sound" on it asks the server for a
 * sound. @context is opened. */
RedialNotifier *redial_notifier_new            (RedialContext       *context,
                                                GApplication        *application);
/* How many times the notification server accepted a notification (new or
 * updated), for tests. */
guint           redial_notifier_get_n_shown    (RedialNotifier      *self);
/* The last error the notification server gave, or NULL. */
const char     *redial_notifier_get_last_error (RedialNotifier      *self);
/* How many cases the notification of @topic on screen speaks of; 0 when
 * none is shown. */
guint           redial_notifier_get_n_cases    (RedialNotifier      *self,
                                                RedialNotifierTopic  topic);
/* The body (markup) of the notification of @topic on screen, or NULL. */
char           *redial_notifier_dup_body       (RedialNotifier      *self,
                                                RedialNotifierTopic  topic);

/* News of a case @func says is on screen is not notified: the desk sees
 * it already. */
void            redial_notifier_set_quiet_func (RedialNotifier          *self,
                                                RedialNotifierQuietFunc  func,
                                                gpointer                 data,
                                                GDestroyNotify           destroy);
/* Does what clicking @action ("default", "open" or "claim") on the
 * notification of @topic on screen does, as the notification server
 * reports it; FALSE when there is no such notification or action. */
gboolean        redial_notifier_activate       (RedialNotifier      *self,
                                                RedialNotifierTopic  topic,
                                                const char          *action);

G_END_DECLS
