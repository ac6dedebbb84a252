/* redial-fake-clock.h: a clock that moves only when told, for tests and simulations. */
#pragma once

#include "redial-clock.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_FAKE_CLOCK (redial_fake_clock_get_type ())
G_DECLARE_FINAL_TYPE (RedialFakeClock, redial_fake_clock, REDIAL, FAKE_CLOCK, GObject)

/* A clock standing still at @start_us (Unix µs). */
RedialClock *redial_fake_clock_new        (gint64           start_us);
/* Moves time forward by @delta_us, running every timer that falls due on
 * the way, in order, each at its own time. */
void         redial_fake_clock_advance    (RedialFakeClock *self,
                                           gint64           delta_us);
/* Moves time to @when_us (never backwards) the same way. */
void         redial_fake_clock_advance_to (RedialFakeClock *self,
                                           gint64           when_us);
/* How many timers are scheduled. */
guint        redial_fake_clock_get_n_pending (RedialFakeClock *self);

G_END_DECLS
