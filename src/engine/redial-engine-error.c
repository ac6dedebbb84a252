/* redial-engine-error.c: why the engine refused to do what it was asked. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include "redial-engine-error.h"

G_DEFINE_QUARK (redial-engine-error-quark, redial_engine_error)
