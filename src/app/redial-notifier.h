/* redial-notifier.h: the desk's desktop notifications for the engine's alerts. */
#pragma once

#include <gio/gio.h>

#include "redial-context.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_NOTIFIER (redial_notifier_get_type ())
G_DECLARE_FINAL_TYPE (RedialNotifier, redial_notifier, REDIAL, NOTIFIER, GObject)

/* Shows a desktop notification for each alert of @context's engine while
 * the desk's "notifications-enabled" key is on; its Open button activates
 * @application. @context is opened. */
RedialNotifier *redial_notifier_new          (RedialContext  *context,
                                              GApplication   *application);
/* How many notifications the notification server accepted, for tests. */
guint           redial_notifier_get_n_shown  (RedialNotifier *self);
/* The last error the notification server gave, or NULL. */
const char     *redial_notifier_get_last_error (RedialNotifier *self);

G_END_DECLS
