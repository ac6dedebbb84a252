/* redial-backends.h: builds the phone system and SMS gateway the settings name. */
#pragma once

#include "redial-clock.h"
#include "redial-config.h"
#include "redial-engine.h"
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
 * redial_backends_create_webhook_server(), or NULL. Returns NULL without
 * error for "none". Errors name the settings file, group and key. */
RedialPhoneSystem   *redial_backends_create_phone_system   (RedialConfig         *config,
                                                            RedialClock          *clock,
                                                            RedialDemoScript     *script,
                                                            RedialWebhookServer  *webhooks,
                                                            GError              **error);
/* The SMS gateway [sms] backend names; NULL without error for "none". */
RedialSmsGateway    *redial_backends_create_sms_gateway    (RedialConfig         *config,
                                                            RedialClock          *clock,
                                                            RedialDemoScript     *script,
                                                            RedialWebhookServer  *webhooks,
                                                            GError              **error);

/* The settings in @path, or in the default file when @path is NULL and
 * that file exists, or the defaults. */
RedialConfig      *redial_backends_load_config         (const char        *path,
                                                        GError           **error);
/* An engine on the real clock and the configured store and backends,
 * started. Errors name the settings file, group and key. */
RedialEngine      *redial_backends_create_engine       (RedialConfig      *config,
                                                        GError           **error);

G_END_DECLS
