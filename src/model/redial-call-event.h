/* redial-call-event.h: one call as a phone system reported it, before any policy. */
#pragma once

#include <glib-object.h>

#include "redial-types.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_CALL_EVENT (redial_call_event_get_type ())

/* Providers fill these fields from their protocol and hand the event to the
 * engine; every string is untrusted text from outside. Times are Unix time in
 * microseconds. */
typedef struct
{
  char              *provider;          /* "demo", "ami", "baresip", … */
  char              *provider_call_id;  /* unique within its provider */
  char              *caller;            /* the number as sent; may be junk */
  char              *caller_name;       /* caller ID name as sent; may be junk */
  char              *line;              /* the business number dialed, if known */
  char              *line_label;        /* "Main", "Google Ads", … if known */
  gint64             started_at;
  gint64             ended_at;
  RedialDisposition  disposition;
} RedialCallEvent;

GType            redial_call_event_get_type (void) G_GNUC_CONST;
RedialCallEvent *redial_call_event_new      (void);
RedialCallEvent *redial_call_event_ref      (RedialCallEvent *self);
void             redial_call_event_unref    (RedialCallEvent *self);

/* Whether the disposition means nobody at the business spoke to the caller. */
gboolean         redial_call_event_is_missed (const RedialCallEvent *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RedialCallEvent, redial_call_event_unref)

G_END_DECLS
