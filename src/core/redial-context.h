/* redial-context.h: the settings, clock, store, backends and engine of one Redial, wired once. */
#pragma once

#include <gio/gio.h>

#include "redial-caldav-publisher.h"
#include "redial-clock.h"
#include "redial-config.h"
#include "redial-engine.h"
#include "redial-pg-store.h"
#include "redial-shared-settings.h"
#include "redial-phone-system.h"
#include "redial-presence.h"
#include "redial-sms-gateway.h"
#include "redial-store.h"
#include "redial-webhook-server.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_CONTEXT (redial_context_get_type ())
G_DECLARE_FINAL_TYPE (RedialContext, redial_context, REDIAL, CONTEXT, GObject)

/* The settings in @path, or in the default file when @path is NULL and
 * that file exists, or the defaults. Errors name the file, group and key. */
RedialConfig        *redial_context_load_config       (const char     *path,
                                                       GError        **error);

/* A context deciding with @config on @clock's time, or on the real clock
 * when @clock is NULL. Nothing is opened yet; the database path is
 * decided here, once: [store] path, or the default path. */
RedialContext       *redial_context_new               (RedialConfig   *config,
                                                       RedialClock    *clock);

/* Opens the store, if it is not open yet. Enough for a command that only
 * reads or writes records; no backend is built. The store is the
 * shared PostgreSQL database of [store] url when there is one (see
 * redial_context_connect_shared_store()), then followed on this thread's
 * main context, its business settings going into the context's settings
 * (redial_shared_settings_sync(): errors name what cannot be used);
 * otherwise the SQLite file. */
gboolean             redial_context_open_store        (RedialContext  *self,
                                                       GError        **error);
/* Connects to the shared PostgreSQL store at @url, with its password
 * from the [store] password-file, or else the keyring ("store/password"),
 * or else wherever libpq looks (PGPASSWORD, ~/.pgpass). Returns a new
 * store, or NULL with @error set. */
RedialPgStore       *redial_context_connect_shared_store (RedialContext  *self,
                                                          const char     *url,
                                                          GError        **error);
/* Opens the store, then builds the engine, the webhook server, the phone
 * system and the SMS gateway the settings name, in that order, and hands
 * the backends to the engine. Nothing starts yet. Errors name the
 * settings file, group and key; on error the context keeps no backend
 * and no engine. */
gboolean             redial_context_open              (RedialContext  *self,
                                                       GError        **error);
/* Whether this context is a desk that hands the office's automation to
 * redial --service while one runs (it holds the service lock beside the
 * database): checked when it starts and every 10 s of its clock after,
 * so the automation moves back when the service stops. Off by default
 * (the service itself, commands, tests). Set before starting. With a
 * shared store ([store] url), every context started, desk or service,
 * runs the automation only while it holds the office lock
 * (redial_pg_store_hold_office_lock()), looked for every 5 s. */
void                 redial_context_set_yields_to_service (RedialContext *self,
                                                           gboolean       yields);
/* Whether a --service runs the automation now: this context's engine is
 * a desk only ("desk-only", notified when it changes). */
gboolean             redial_context_get_desk_only     (RedialContext  *self);
/* Starts the engine and the backends of an opened context. */
gboolean             redial_context_start             (RedialContext  *self,
                                                       GError        **error);
/* Stops the engine and the backends; the context can be dropped then. */
void                 redial_context_stop              (RedialContext  *self);

RedialConfig        *redial_context_get_config        (RedialContext  *self);
RedialClock         *redial_context_get_clock         (RedialContext  *self);
/* Where the database is: the one answer every part of Redial uses. */
const char          *redial_context_get_store_path    (RedialContext  *self);
/* The store, or NULL before it is opened. */
RedialStore         *redial_context_get_store         (RedialContext  *self);
/* The engine, or NULL before redial_context_open() has succeeded. */
RedialEngine        *redial_context_get_engine        (RedialContext  *self);
/* Who is at this desk and at the others, or NULL before
 * redial_context_open() has succeeded. Announced while a desk (see
 * redial_context_set_yields_to_service()) is started, withdrawn when it
 * stops. */
RedialPresence      *redial_context_get_presence      (RedialContext  *self);
/* The webhook server, or NULL when no configured backend takes webhooks. */
RedialWebhookServer *redial_context_get_webhook_server (RedialContext *self);
/* The phone system, or NULL for none. */
RedialPhoneSystem   *redial_context_get_phone_system  (RedialContext  *self);
/* The SMS gateway, or NULL for none. */
RedialSmsGateway    *redial_context_get_sms_gateway   (RedialContext  *self);

/* The publisher of appointments to the [caldav] calendar, or NULL when
 * none is set up: it follows the engine's changes to cases once started;
 * its "conflict" signal and "error" property are for the window. */
RedialCaldavPublisher *redial_context_get_calendar_publisher (RedialContext *self);

/* What keeps the settings in step with the shared store's business
 * settings (see redial_shared_settings_sync()), or NULL when the store
 * is not shared or not open. */
RedialSharedSettings *redial_context_get_shared_settings (RedialContext *self);

/* Whether a configured backend reads the secret called @name
 * ("twilio/auth-token", "ami/secret", "webhook/secret") from the keyring:
 * false for a backend not configured, or one given a secret file. */
gboolean             redial_context_needs_secret      (RedialContext  *self,
                                                       const char     *name);
/* Hands @secret, just saved as @name, to the running backends that use
 * it, so that their next request carries it; the others read it when
 * they next connect. */
void                 redial_context_use_secret        (RedialContext  *self,
                                                       const char     *name,
                                                       const char     *secret);

G_END_DECLS
