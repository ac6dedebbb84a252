/* redial-link.h: the link every backend keeps to its peer: state, status sentence, start, stop, backoff. */
#pragma once

#include <glib-object.h>

#include "redial-backoff.h"
#include "redial-types.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_LINK (redial_link_get_type ())
G_DECLARE_DERIVABLE_TYPE (RedialLink, redial_link, REDIAL, LINK, GObject)

/* The base of every phone system and SMS gateway. It keeps the "state"
 * (RedialConnectionState) and "status" (a sentence for the header:
 * "Connected to pbx.example.com", "Retrying in 8 s") properties and the
 * retry backoff, so that a backend writes only how it connects. The
 * default start and stop do nothing. */
struct _RedialLinkClass
{
  GObjectClass parent_class;

  void (*start) (RedialLink *self);
  void (*stop)  (RedialLink *self);

  gpointer padding[8];
};

/* Connects, or starts working; "state" and "status" report progress.
 * Starting a started link does nothing. */
void                   redial_link_start         (RedialLink            *self);
/* Disconnects and cancels every retry; the link may be started again. */
void                   redial_link_stop          (RedialLink            *self);
RedialConnectionState  redial_link_get_state     (RedialLink            *self);
/* A sentence for people, owned by the link; NULL before the backend set one. */
const char            *redial_link_get_status    (RedialLink            *self);

/* For backends: sets the state and the status sentence together, and
 * notifies each only when it changed, once both are set. */
void                   redial_link_set_state     (RedialLink            *self,
                                                  RedialConnectionState  state,
                                                  const char            *status);
/* For backends: the link's backoff, waiting @first_us after the first
 * failure and doubling up to @max_us (set once, in the backend's init). */
void                   redial_link_set_backoff   (RedialLink            *self,
                                                  gint64                 first_us,
                                                  gint64                 max_us);
/* For backends: the wait (µs) before the next attempt after a failure, at
 * least @retry_after_us (-1 when the peer did not say). */
gint64                 redial_link_next_retry    (RedialLink            *self,
                                                  gint64                 retry_after_us);
/* For backends: the next failure waits the first wait again. */
void                   redial_link_reset_backoff (RedialLink            *self);

G_END_DECLS
