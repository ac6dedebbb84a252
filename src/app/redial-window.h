/* redial-window.h: the main window: the live callback queue. */
#pragma once

#include <adwaita.h>

#include "redial-context.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_WINDOW (redial_window_get_type ())
G_DECLARE_FINAL_TYPE (RedialWindow, redial_window, REDIAL, WINDOW, AdwApplicationWindow)

/* A window showing the queue of @context's engine; @context is opened,
 * or NULL when Redial could not start, and redial_window_show_error()
 * says why. */
RedialWindow  *redial_window_new         (GtkApplication *application,
                                          RedialContext  *context);
/* The context the window shows, or NULL. */
RedialContext *redial_window_get_context (RedialWindow   *self);
/* Shows @message (plain text) instead of the queue. */
void           redial_window_show_error  (RedialWindow   *self,
                                          const char     *message);

G_END_DECLS
