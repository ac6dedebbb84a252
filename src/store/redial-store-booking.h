/* redial-store-booking.h: what every store says about booking: the sentences of its refusals, and new uids. */
#pragma once

#include "redial-store.h"

G_BEGIN_DECLS

/* Sets @error (OVERLAP): booked appointment @appointment_id of
 * @resource, from @start to @end, takes the time. Returns FALSE. */
gboolean redial_store_booking_overlaps_appointment (GError     **error,
                                                    const char  *resource,
                                                    gint64       appointment_id,
                                                    gint64       start,
                                                    gint64       end);
/* Sets @error (OVERLAP): another case holds @resource from @start to
 * @end. Returns FALSE. */
gboolean redial_store_booking_overlaps_hold        (GError     **error,
                                                    const char  *resource,
                                                    gint64       start,
                                                    gint64       end);
/* Sets @error (NOT_FOUND): there is no appointment @appointment_id. Returns FALSE. */
gboolean redial_store_booking_not_found            (GError     **error,
                                                    gint64       appointment_id);
/* Sets @error (CLOSED): appointment @appointment_id was cancelled. Returns FALSE. */
gboolean redial_store_booking_cancelled            (GError     **error,
                                                    gint64       appointment_id);
/* Sets @error (EXPIRED): the offered time is no longer held. Returns FALSE. */
gboolean redial_store_booking_not_held             (GError     **error);

/* A fresh iCalendar UID (free with g_free()): random, so that no two
 * Redials give the same. */
char    *redial_store_booking_new_uid              (void);

G_END_DECLS
