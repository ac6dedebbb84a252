/* redial-backoff.c: how long a backend waits before trying again. */
#include "config.h"

#define G_LOG_DOMAIN "redial-util"

#include "redial-backoff.h"

void
redial_backoff_init (RedialBackoff *self,
                     gint64         first_us,
                     gint64         max_us)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (first_us > 0 && max_us >= first_us);

  self->first_us = first_us;
  self->max_us = max_us;
  self->next_us = first_us;
}

gint64
redial_backoff_next (RedialBackoff *self,
                     gint64         retry_after_us)
{
  gint64 delay;

  g_return_val_if_fail (self != NULL, 0);
  g_assert (self->first_us > 0);

  delay = self->next_us;
  self->next_us = MIN (self->next_us * 2, self->max_us);
  return MAX (delay, retry_after_us);
}

void
redial_backoff_reset (RedialBackoff *self)
{
  g_return_if_fail (self != NULL);
  self->next_us = self->first_us;
}
