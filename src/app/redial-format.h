/* redial-format.h: how times, counts and a case's standing read in the window. */
#pragma once

#include <glib.h>

#include "redial-availability.h"
#include "redial-case.h"

G_BEGIN_DECLS

/* A running timer: "0:07", "4:59", "1:02:03"; negative spans read "0:00". */
char *redial_format_elapsed (gint64 elapsed_us);

/* Where an open case stands, in a word or two ("Texted back", "Replied",
 * "Out of area · needs review"), most telling first: likely spam, opted
 * out, no number, what its intake says, then its state. Sets @css to the
 * style class that goes with it, or NULL. The text is static. */
const char *redial_format_case_state (RedialCase  *kase,
                                      const char **css);

/* A moment in @tz (the business's time zone; local time when NULL):
 * "Tue Dec 1, 9:05". Free with g_free(). */
char *redial_format_moment (gint64     unix_us,
                            GTimeZone *tz);

/* A slot for the desk, in local time: "Joe · Tue Dec 1, 9:00–11:00".
 * Free with g_free(). */
char *redial_format_slot (const RedialSlot *slot);

G_END_DECLS
