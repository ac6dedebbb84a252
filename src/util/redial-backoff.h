/* redial-backoff.h: how long a backend waits before trying again: doubling, capped, reset on success. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A plain struct kept inside its owner: a link, or one text on its way. */
typedef struct
{
  gint64 first_us;  /* the first wait */
  gint64 max_us;    /* no wait is longer, unless the peer asks for it */
  gint64 next_us;   /* the wait the next failure gets */
} RedialBackoff;

/* Sets @self to wait @first_us after the first failure, twice as long
 * after each further one, never more than @max_us. */
void     redial_backoff_init    (RedialBackoff *self,
                                 gint64         first_us,
                                 gint64         max_us);
/* Returns the wait (µs) after one more failure and doubles the next.
 * @retry_after_us, when not negative, is how long the peer asked to be
 * left alone (HTTP Retry-After): the wait is never shorter. */
gint64   redial_backoff_next    (RedialBackoff *self,
                                 gint64         retry_after_us);
/* Starts again from the first wait: after a success, or a fresh start. */
void     redial_backoff_reset   (RedialBackoff *self);

G_END_DECLS
