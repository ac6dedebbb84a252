/* redial-alert.h: one thing a person must see now, as the engine raises it. */
#pragma once

#include <glib-object.h>

#include "redial-case.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_ALERT (redial_alert_get_type ())

/* What RedialEngine::alerts hands out; read-only for listeners. */
typedef struct
{
  RedialCase      *kase;     /* the case it is about */
  RedialAlertKind  kind;
  RedialSlaClock   clock;    /* for the REDIAL_ALERT_SLA_* kinds: the clock that crossed */
  gboolean         urgent;   /* an emergency, or any alert on an emergency case */
  gint64           at;       /* when the point fell due or the event happened, Unix µs */
  char            *message;  /* a sentence for the manager's desk; plain text, never markup */
} RedialAlert;

GType        redial_alert_get_type (void) G_GNUC_CONST;

/* A new alert on @kase (a reference is taken), with a copy of @message. */
RedialAlert *redial_alert_new      (RedialCase      *kase,
                                    RedialAlertKind  kind,
                                    RedialSlaClock   clock,
                                    gboolean         urgent,
                                    gint64           at,
                                    const char      *message);
RedialAlert *redial_alert_ref      (RedialAlert     *self);
void         redial_alert_unref    (RedialAlert     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RedialAlert, redial_alert_unref)

G_END_DECLS
