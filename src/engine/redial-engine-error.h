/* redial-engine-error.h: why the engine refused to do what it was asked. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define REDIAL_ENGINE_ERROR (redial_engine_error_quark ())

typedef enum
{
  REDIAL_ENGINE_ERROR_OPTED_OUT,   /* the number opted out: nothing is sent */
  REDIAL_ENGINE_ERROR_NO_NUMBER,   /* the caller hid their number */
  REDIAL_ENGINE_ERROR_NO_GATEWAY,  /* no SMS gateway is set up */
  REDIAL_ENGINE_ERROR_BLOCKED,     /* the number is on the block list */
  REDIAL_ENGINE_ERROR_TEXT,        /* the text is empty or a placeholder cannot be filled */
  REDIAL_ENGINE_ERROR_STORE,       /* the database refused */
  REDIAL_ENGINE_ERROR_CLAIMED,     /* another desk owns the case */
  REDIAL_ENGINE_ERROR_REFUSED,     /* not now: the case is closed, the caller has another case open, no attempt waits */
  REDIAL_ENGINE_ERROR_INTAKE,      /* no such intake question, or no answer to it */
  REDIAL_ENGINE_ERROR_NOT_FOUND,   /* no case has that id */
} RedialEngineError;

/* The domain of the engine's and its policies' errors. */
GQuark             redial_engine_error_quark        (void);

G_END_DECLS
