/* redial-demo-script.h: the believable day the demo phone system and SMS gateway play together. */
#pragma once

#include <glib-object.h>

#include "redial-call-event.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_DEMO_SCRIPT (redial_demo_script_get_type ())
G_DECLARE_FINAL_TYPE (RedialDemoScript, redial_demo_script, REDIAL, DEMO_SCRIPT, GObject)

/* One scripted call and, perhaps, what the caller texts back. */
typedef struct
{
  guint              at_seconds;     /* after the start of a round */
  const char        *caller_name;    /* as caller ID sends it */
  const char        *caller;         /* as the phone system writes it */
  const char        *line;           /* the business number dialed */
  const char        *line_label;
  RedialDisposition  disposition;
  guint              ring_seconds;
  const char        *reply;          /* NULL: the caller never texts back */
  guint              reply_after_seconds;
} RedialDemoCall;

/* The scripted calls of one round, in order. */
const RedialDemoCall *redial_demo_script_get_calls   (guint            *n_calls);
/* How long one round lasts before the next begins. */
guint                 redial_demo_script_get_round_seconds (void);
/* A number drawn when the script was made, in every provider id of this
 * run (calls and texts), so that a run on a database earlier runs played
 * on never reuses their ids. */
guint32               redial_demo_script_get_run           (RedialDemoScript *self);

RedialDemoScript *redial_demo_script_new             (const char       *region);

/* The event for call @index of round @round, started at @started_at (Unix µs).
 * Later rounds vary the numbers so that they look like new callers. The
 * script remembers the caller's reply for redial_demo_script_take_reply(). */
RedialCallEvent  *redial_demo_script_make_event      (RedialDemoScript *self,
                                                      guint             round,
                                                      guint             index,
                                                      gint64            started_at);
/* The reply the caller at @e164 sends to our first text, once; NULL when
 * the caller does not reply or has replied already. */
const char       *redial_demo_script_take_reply      (RedialDemoScript *self,
                                                      const char       *e164,
                                                      guint            *after_seconds);

G_END_DECLS
