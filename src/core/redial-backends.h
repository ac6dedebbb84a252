/* redial-backends.h: builds the webhook server, phone system and SMS gateway the settings name (for RedialContext). */
#pragma once

#include "redial-clock.h"
#include "redial-config.h"
#include "redial-demo-script.h"
#include "redial-phone-system.h"
#include "redial-sms-gateway.h"
#include "redial-webhook-server.h"

G_BEGIN_DECLS

/* The one HTTP server the configured backends receive webhooks on, read
 * from [webhook] address and port; NULL without error when no configured
 * backend takes webhooks. It listens only while a backend holds it. */
RedialWebhookServer *redial_backends_create_webhook_server (RedialConfig         *config,
                                                            GError              **error);
/* The phone system [phone-system] backend names, reading its own group of
 * the settings; @webhooks is the server from
 * redial_backends_create_webhook_server(), or NULL; @store_path is the
 * database the context opened, next to which a backend may keep its state.
 * Returns NULL without error for "none". Errors name the settings file,
 * group and key. */
RedialPhoneSystem   *redial_backends_create_phone_system   (RedialConfig         *config,
                                                            RedialClock          *clock,
                                                            RedialDemoScript     *script,
                                                            RedialWebhookServer  *webhooks,
                                                            const char           *store_path,
                                                            GError              **error);
/* The SMS gateway [sms] backend names; NULL without error for "none". */
RedialSmsGateway    *redial_backends_create_sms_gateway    (RedialConfig         *config,
                                                            RedialClock          *clock,
                                                            RedialDemoScript     *script,
                                                            RedialWebhookServer  *webhooks,
                                                            GError              **error);
/* Whether a backend @config names reads the secret called @name from the
 * keyring (it is configured, and given no secret file). */
gboolean             redial_backends_need_secret           (RedialConfig         *config,
                                                            const char           *name);

G_END_DECLS
