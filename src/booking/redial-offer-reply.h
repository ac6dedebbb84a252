/* redial-offer-reply.h: which of two offered slots a caller's reply chooses, if it clearly chooses one. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  REDIAL_OFFER_REPLY_UNCLEAR,   /* neither, both, another time, or no choice at all: for a person */
  REDIAL_OFFER_REPLY_SLOT_1,
  REDIAL_OFFER_REPLY_SLOT_2,
} RedialOfferReply;

/* Reads @reply, a caller's text answering an offer of two slots starting
 * at @slot_1_start and @slot_2_start (Unix µs), in @tz (the business's
 * time zone; local time when NULL), on the day of @now (Unix µs, for
 * "today" and "tomorrow"). A slot is chosen by its number ("1", "#2",
 * "option 1", "2 pls"), its order ("the first one", "the 2nd", "la
 * primera"), its weekday ("Tue", "martes"), day ("tomorrow"), part of the
 * day ("the morning one") or start ("the 1pm", "13:00", "a las 9"), in
 * English or Spanish; every clue the reply gives must point at the same
 * slot. A reply pointing at both, at neither ("neither", "can you do
 * Wed", a time not offered), or at nothing ("12", "ok") is UNCLEAR: a
 * person reads it, the caller is never told it was not understood. */
RedialOfferReply redial_offer_reply_parse (const char *reply,
                                           gint64      slot_1_start,
                                           gint64      slot_2_start,
                                           GTimeZone  *tz,
                                           gint64      now);

G_END_DECLS
