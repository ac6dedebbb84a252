/* redial-backends.h: builds the phone system and SMS gateway the settings name. */
#pragma once

#include "redial-clock.h"
#include "redial-config.h"
#include "redial-demo-script.h"
#include "redial-phone-system.h"
#include "redial-sms-gateway.h"

G_BEGIN_DECLS

/* The phone system [phone-system] backend names, reading its own group of
 * the settings. Returns NULL without error for "none"; errors name the
 * settings file, group and key. */
RedialPhoneSystem *redial_backends_create_phone_system (RedialConfig      *config,
                                                        RedialClock       *clock,
                                                        RedialDemoScript  *script,
                                                        GError           **error);
/* The SMS gateway [sms] backend names; NULL without error for "none". */
RedialSmsGateway  *redial_backends_create_sms_gateway  (RedialConfig      *config,
                                                        RedialClock       *clock,
                                                        RedialDemoScript  *script,
                                                        GError           **error);

G_END_DECLS
