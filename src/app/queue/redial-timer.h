/* redial-timer.h: a running response timer that redraws only its own pixels as it ticks. */
#pragma once

#include <gtk/gtk.h>

#include "redial-types.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_TIMER (redial_timer_get_type ())
G_DECLARE_FINAL_TYPE (RedialTimer, redial_timer, REDIAL, TIMER, GtkWidget)

/* A timer showing "0:00", as wide as "0:00:00" whatever it shows, so a
 * tick never lays out the widgets around it. */
GtkWidget      *redial_timer_new       (void);

/* The time shown, "4:59"; owned by the timer. */
const char     *redial_timer_get_text  (RedialTimer    *self);
/* Shows @elapsed_us as a running timer ("4:59"). */
void            redial_timer_set_elapsed (RedialTimer  *self,
                                          gint64        elapsed_us);

/* Where the clock stands against its target: its colour and its icon, so
 * the level never reads by colour alone. */
RedialSlaLevel  redial_timer_get_level (RedialTimer    *self);
void            redial_timer_set_level (RedialTimer    *self,
                                        RedialSlaLevel  level);
/* Whether the timer times nothing a person owes (likely spam): its
 * level then has no icon, so that a tick never reads as "answered". */
void            redial_timer_set_untimed (RedialTimer  *self,
                                          gboolean      untimed);
gboolean        redial_timer_get_untimed (RedialTimer  *self);

G_END_DECLS
