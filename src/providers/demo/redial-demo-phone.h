/* redial-demo-phone.h: the built-in phone system that replays a believable stream of missed calls. */
#pragma once

#include "redial-clock.h"
#include "redial-demo-script.h"
#include "redial-phone-system.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_DEMO_PHONE (redial_demo_phone_get_type ())
G_DECLARE_FINAL_TYPE (RedialDemoPhone, redial_demo_phone, REDIAL, DEMO_PHONE, RedialLink)

RedialPhoneSystem *redial_demo_phone_new (RedialClock      *clock,
                                          RedialDemoScript *script);

G_END_DECLS
