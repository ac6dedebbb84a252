/* redial-hold.h: a slot kept for one case for a while, so that an offer by text can still be taken. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define REDIAL_TYPE_HOLD (redial_hold_get_type ())
G_DECLARE_FINAL_TYPE (RedialHold, redial_hold, REDIAL, HOLD, GObject)

/* A hold (id 0 until the store adds it) of @resource from @start to @end
 * (Unix µs) for @case_id, lapsing at @expires_at. */
RedialHold *redial_hold_new            (gint64      case_id,
                                        const char *resource,
                                        gint64      start,
                                        gint64      end,
                                        gint64      expires_at);
gint64      redial_hold_get_id         (RedialHold *self);
void        redial_hold_set_id         (RedialHold *self,
                                        gint64      id);
gint64      redial_hold_get_case_id    (RedialHold *self);
const char *redial_hold_get_resource   (RedialHold *self);
gint64      redial_hold_get_start      (RedialHold *self);
gint64      redial_hold_get_end        (RedialHold *self);
gint64      redial_hold_get_expires_at (RedialHold *self);
/* Whether it still holds its slot at @now. */
gboolean    redial_hold_is_active      (RedialHold *self,
                                        gint64      now);

G_END_DECLS
