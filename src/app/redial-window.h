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
/* Shows @title and @message (plain text) instead of the queue, with the
 * application's "open-settings-file" and "retry-start" actions as
 * buttons. */
void           redial_window_show_error  (RedialWindow   *self,
                                          const char     *title,
                                          const char     *message);

/* Shows only the open cases among @ids (an alert's), with a bar saying
 * so and a Show All button; @n_ids 0 shows every case again. */
void           redial_window_show_cases  (RedialWindow   *self,
                                          const gint64   *ids,
                                          gsize           n_ids);
/* Shows @message (plain text) in a toast. */
void           redial_window_show_toast  (RedialWindow   *self,
                                          const char     *message);
/* Shows @message (plain text) in a toast for @timeout seconds, with an
 * Undo button activating @detailed_action ("app.cancel-appointment(int64 7)"). */
void           redial_window_show_undo_toast (RedialWindow *self,
                                              const char   *message,
                                              const char   *detailed_action,
                                              guint         timeout);
/* Opens the case @id, open or closed, on the case page beside the queue (in place of it
 * on a narrow window) and scrolls the queue to it while it is open; says
 * why in a toast when it cannot be found. */
void           redial_window_open_case   (RedialWindow   *self,
                                          gint64          id);
/* The case open on the case page, or NULL. */
RedialCase    *redial_window_get_open_case (RedialWindow *self);
/* Whether the case @id is open on screen, where the desk sees it now: the
 * window active and the case page shown. */
gboolean       redial_window_is_showing_case (RedialWindow *self,
                                              gint64        id);

G_END_DECLS
