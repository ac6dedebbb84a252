/* redial-application-private.h: what the application's own files share. */
#pragma once

#include "redial-application.h"
#include "redial-notifier.h"
#include "redial-window.h"

G_BEGIN_DECLS

/* The main window, or NULL when none was built yet. */
RedialWindow *redial_application_find_window     (RedialApplication *self);
/* The main window, built when needed, presented. */
RedialWindow *redial_application_present_window  (RedialApplication *self);
/* Adds the desk's actions on a case (redial-application-actions.c). */
void          redial_application_add_desk_actions (RedialApplication *self);
/* Adds the actions on the shared business settings,
 * app.save-settings-copy and app.push-settings-file (each with a file's
 * path) (redial-application-settings.c). */
void          redial_application_add_settings_actions (RedialApplication *self);
/* Keeps the state of the read-only "queue" action (made on first use) to
 * @engine's queue: each case's id, caller and owner ('' for none), in
 * the queue's order (redial-application-queue.c). */
void          redial_application_follow_queue     (RedialApplication *self,
                                                   RedialEngine      *engine);

/* The desk's notifications, or NULL when Redial could not start. */
RedialNotifier *redial_application_get_notifier (RedialApplication *self);

G_END_DECLS
