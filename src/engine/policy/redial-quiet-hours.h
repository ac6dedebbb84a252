/* redial-quiet-hours.h: when an automatic follow-up may reach a caller: 08:00 to 21:00 in the caller's own time zone. */
#pragma once

#include <glib-object.h>

#include "redial-config.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_QUIET_HOURS (redial_quiet_hours_get_type ())
G_DECLARE_FINAL_TYPE (RedialQuietHours, redial_quiet_hours, REDIAL, QUIET_HOURS, GObject)

/* Quiet hours for callers of the business @config describes: a caller
 * lives in the business's time zone, unless the number belongs to another
 * country that has a single time zone. */
RedialQuietHours *redial_quiet_hours_new           (RedialConfig     *config);

/* The first instant at or after @when (Unix µs) that is not at night for
 * @caller (E.164): @when itself when it falls between 08:00 and 21:00
 * their time, else the next 08:00 their time. The one window check of
 * every follow-up. */
gint64            redial_quiet_hours_next_allowed  (RedialQuietHours *self,
                                                    const char       *caller,
                                                    gint64            when);

G_END_DECLS
