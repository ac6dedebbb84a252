/* redial-push-settings-command.h: `redial --push-settings FILE`: a settings file becomes every desk's business settings. */
#pragma once

#include "redial-context.h"

G_BEGIN_DECLS

/* Reads the settings file at @path, refusing one that does not parse or
 * has a value Redial cannot use, and makes its business-wide groups the
 * business settings of the shared store of @context's [store] url: the
 * next version, written by "user@host" now, announced to every desk and
 * the service, which go by it at once. Says what it did, on standard
 * output and in the log; refuses when another desk wrote settings
 * meanwhile. Returns the exit status: 0 when the settings were written. */
int redial_push_settings_command_run (RedialContext *context,
                                      const char    *path);

G_END_DECLS
