/* redial-sla.c: where a response timer stands. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include "redial-sla.h"

RedialSlaLevel
redial_sla_level (gint64 started_at,
                  gint64 stopped_at,
                  gint64 now,
                  gint64 warning,
                  gint64 target)
{
  gint64 elapsed;

  g_return_val_if_fail (warning <= target, REDIAL_SLA_LEVEL_OK);

  if (stopped_at > 0)
    return REDIAL_SLA_LEVEL_MET;

  elapsed = now - started_at;
  if (elapsed >= target)
    return REDIAL_SLA_LEVEL_BREACHED;
  if (elapsed >= warning)
    return REDIAL_SLA_LEVEL_WARNING;
  return REDIAL_SLA_LEVEL_OK;
}
