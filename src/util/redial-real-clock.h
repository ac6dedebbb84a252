/* redial-real-clock.h: the wall clock and the main loop's timers. */
#pragma once

#include "redial-clock.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_REAL_CLOCK (redial_real_clock_get_type ())
G_DECLARE_FINAL_TYPE (RedialRealClock, redial_real_clock, REDIAL, REAL_CLOCK, GObject)

RedialClock *redial_real_clock_new (void);

G_END_DECLS
