/* redial-application.h: the window's application: one context, the window, the background service. */
#pragma once

#include <adwaita.h>

#include "redial-context.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_APPLICATION (redial_application_get_type ())
G_DECLARE_FINAL_TYPE (RedialApplication, redial_application, REDIAL, APPLICATION, AdwApplication)

/* The application the window runs in; it reads the command line of
 * redial_options_add_to_application(). */
RedialApplication *redial_application_new         (void);
/* The context, or NULL before startup or when Redial could not start. */
RedialContext     *redial_application_get_context (RedialApplication *self);

G_END_DECLS
