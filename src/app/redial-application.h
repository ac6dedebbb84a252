/* redial-application.h: Redial's application: command line, engine, window, background service. */
#pragma once

#include <adwaita.h>

#include "redial-engine.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_APPLICATION (redial_application_get_type ())
G_DECLARE_FINAL_TYPE (RedialApplication, redial_application, REDIAL, APPLICATION, AdwApplication)

RedialApplication *redial_application_new        (void);
/* The engine, or NULL before startup or when it could not start. */
RedialEngine      *redial_application_get_engine (RedialApplication *self);

G_END_DECLS
