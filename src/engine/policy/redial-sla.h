/* redial-sla.h: where a response timer stands against its warning point and target. */
#pragma once

#include <glib.h>

#include "redial-types.h"

G_BEGIN_DECLS

/* The level of a timer started at @started_at and stopped at @stopped_at
 * (0 while running), seen at @now; all Unix µs. A stopped timer is MET;
 * a running one is OK before @warning has passed, WARNING until @target has,
 * BREACHED after. */
RedialSlaLevel redial_sla_level (gint64 started_at,
                                 gint64 stopped_at,
                                 gint64 now,
                                 gint64 warning,
                                 gint64 target);

G_END_DECLS
