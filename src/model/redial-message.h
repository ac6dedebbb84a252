/* redial-message.h: one text to or from a caller, with its delivery status. */
#pragma once

#include <glib-object.h>

#include "redial-types.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_MESSAGE (redial_message_get_type ())
G_DECLARE_FINAL_TYPE (RedialMessage, redial_message, REDIAL, MESSAGE, GObject)

/* A message on case @case_id to or from @peer (E.164). @body is the text as
 * sent or received, never markup. */
RedialMessage          *redial_message_new                     (gint64                  case_id,
                                                                RedialMessageDirection  direction,
                                                                RedialMessageKind       kind,
                                                                const char             *peer,
                                                                const char             *body,
                                                                gint64                  created_at);

gint64                  redial_message_get_id                  (RedialMessage          *self);
void                    redial_message_set_id                  (RedialMessage          *self,
                                                                gint64                  id);
gint64                  redial_message_get_case_id             (RedialMessage          *self);
RedialMessageDirection  redial_message_get_direction           (RedialMessage          *self);
RedialMessageKind       redial_message_get_kind                (RedialMessage          *self);
const char             *redial_message_get_peer                (RedialMessage          *self);
const char             *redial_message_get_body                (RedialMessage          *self);
gint64                  redial_message_get_created_at          (RedialMessage          *self);

RedialMessageStatus     redial_message_get_status              (RedialMessage          *self);
void                    redial_message_set_status              (RedialMessage          *self,
                                                                RedialMessageStatus     status);
const char             *redial_message_get_provider_message_id (RedialMessage          *self);
void                    redial_message_set_provider_message_id (RedialMessage          *self,
                                                                const char             *provider_message_id);
/* A sentence for people when the status is failed or undelivered, else NULL. */
const char             *redial_message_get_error               (RedialMessage          *self);
void                    redial_message_set_error               (RedialMessage          *self,
                                                                const char             *error);

/* When the text was handed to the gateway (0: not yet). A queued text with
 * this set and no provider id may or may not have gone out. */
gint64                  redial_message_get_attempted_at        (RedialMessage          *self);
void                    redial_message_set_attempted_at        (RedialMessage          *self,
                                                                gint64                  attempted_at);

/* The desk user who wrote a manual text, or NULL (Redial's own texts, the
 * caller's). */
const char             *redial_message_get_author              (RedialMessage          *self);
void                    redial_message_set_author              (RedialMessage          *self,
                                                                const char             *author);

G_END_DECLS
