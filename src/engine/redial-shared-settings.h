/* redial-shared-settings.h: a desk going by the business settings kept in the shared store, and following their changes. */
#pragma once

#include <glib-object.h>

#include "redial-clock.h"
#include "redial-config.h"
#include "redial-store.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_SHARED_SETTINGS (redial_shared_settings_get_type ())
G_DECLARE_FINAL_TYPE (RedialSharedSettings, redial_shared_settings, REDIAL, SHARED_SETTINGS, GObject)

/* Keeps @config (the desk's settings, read from its file) in step with
 * the business settings of @store. Nothing is read until
 * redial_shared_settings_sync(). */
RedialSharedSettings *redial_shared_settings_new         (RedialConfig          *config,
                                                          RedialStore           *store,
                                                          RedialClock           *clock);
/* Reads the store's business settings. A store that has none is given
 * those of the desk's file (version 1). Otherwise @config takes the
 * store's, and the keys of the file they override are logged, once. From
 * then on each RedialStore::settings-changed brings the new version into
 * @config (redial_config_update()) on the main loop, without a restart.
 * Fails when the store cannot be read or its settings cannot be used. */
gboolean              redial_shared_settings_sync        (RedialSharedSettings  *self,
                                                          GError               **error);
/* The version @config goes by ("version", notified), 0 before syncing. */
gint64                redial_shared_settings_get_version (RedialSharedSettings  *self);
/* Who wrote the version in use ("user@host"; "written-by", notified with
 * "version"), NULL before syncing. */
const char           *redial_shared_settings_get_written_by (RedialSharedSettings *self);
/* When the version in use was written, Unix µs ("written-at"), 0 before
 * syncing. */
gint64                redial_shared_settings_get_written_at (RedialSharedSettings *self);

/* Writes the business settings in use to @path as a settings file a
 * person can edit and push back (redial_shared_settings_replace(),
 * `redial --push-settings`), headed by a comment naming the version.
 * Fails with G_IO_ERROR (nothing synced yet: G_IO_ERROR_NOT_INITIALIZED)
 * or G_FILE_ERROR. */
gboolean              redial_shared_settings_save_copy   (RedialSharedSettings  *self,
                                                          const char            *path,
                                                          GError               **error);
/* Makes the settings file @config (as read) the business settings of
 * every desk, if version @expected (the one the person saw) is still the
 * newest, and goes by it at once. Sets *@version (may be NULL) to the
 * new version. Fails with REDIAL_STORE_ERROR_STALE and a sentence naming
 * who changed them when another desk wrote meanwhile. */
gboolean              redial_shared_settings_replace     (RedialSharedSettings  *self,
                                                          RedialConfig          *config,
                                                          gint64                 expected,
                                                          gint64                *version,
                                                          GError               **error);

/* Who writes settings from this computer: "user@host", a new string. */
char                 *redial_shared_settings_who         (void);

/* Makes the settings file @config (as read) the business settings of
 * @store for every desk: the version after the newest one read now,
 * written by @who at @at. Sets *@version (may be NULL) to it. Fails with
 * REDIAL_STORE_ERROR_STALE and a sentence when another desk wrote
 * meanwhile. */
gboolean              redial_shared_settings_push        (RedialStore           *store,
                                                          RedialConfig          *config,
                                                          const char            *who,
                                                          gint64                 at,
                                                          gint64                *version,
                                                          GError               **error);

G_END_DECLS
