/* redial-demo-sms.h: the built-in SMS gateway: delivers every text and plays the callers' replies. */
#pragma once

#include "redial-clock.h"
#include "redial-demo-script.h"
#include "redial-sms-gateway.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_DEMO_SMS (redial_demo_sms_get_type ())
G_DECLARE_FINAL_TYPE (RedialDemoSms, redial_demo_sms, REDIAL, DEMO_SMS, RedialLink)

RedialSmsGateway *redial_demo_sms_new          (RedialClock      *clock,
                                                RedialDemoScript *script);
/* How many texts the gateway has accepted, for tests. */
guint             redial_demo_sms_get_n_sent   (RedialDemoSms    *self);

G_END_DECLS
