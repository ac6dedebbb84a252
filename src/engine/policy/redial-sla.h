/* redial-sla.h: where a response timer stands against its warning point and target. */
#pragma once

#include <glib.h>

#include "redial-types.h"

G_BEGIN_DECLS

/* Where one of a case's two response clocks stands. */
typedef struct
{
  gboolean       running;     /* FALSE: this clock does not run for the case now;
                               * the other fields are then 0 and level is MET */
  gint64         started_at;  /* Unix µs */
  gint64         warning_at;  /* Unix µs; G_MAXINT64 when the clock has no target */
  gint64         target_at;   /* Unix µs; G_MAXINT64 when the clock has no target */
  gint64         remaining;   /* counted time (open hours only, when the business
                               * counts so) until target_at, µs; negative once it
                               * has passed; G_MAXINT64 when there is no target */
  RedialSlaLevel level;       /* OK, WARNING or BREACHED while running */
} RedialSlaReading;

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
