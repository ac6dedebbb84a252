/* redial-presence.h: this desk's presence on the store, and the other desks' as they come and go. */
#pragma once

#include <gio/gio.h>

#include "redial-clock.h"
#include "redial-store.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_PRESENCE (redial_presence_get_type ())
G_DECLARE_FINAL_TYPE (RedialPresence, redial_presence, REDIAL, PRESENCE, GObject)

/* This desk on @store, on @clock's time: a desk id made now, the
 * computer's name, no case open. Nothing is announced until
 * redial_presence_start(). */
RedialPresence *redial_presence_new          (RedialStore    *store,
                                              RedialClock    *clock);

/* Announces this desk, then refreshes that every REDIAL_DESK_REFRESH_US
 * of the clock, re-reading the other desks each time (so a desk gone
 * stale leaves the list) and whenever the store says another desk
 * changed. Starting twice does nothing. */
void            redial_presence_start        (RedialPresence *self);
/* Withdraws this desk (a clean quit) and stops following the others. */
void            redial_presence_stop         (RedialPresence *self);

const char     *redial_presence_get_desk_id  (RedialPresence *self);
/* The person at this desk ("name"): the desk's own setting, or, when
 * that is empty or NULL, the user's real name. */
const char     *redial_presence_get_name     (RedialPresence *self);
void            redial_presence_set_name     (RedialPresence *self,
                                              const char     *name);
/* The case open in this desk's case page ("open-case"), 0 for none;
 * the others hear of a change at once. */
gint64          redial_presence_get_open_case (RedialPresence *self);
void            redial_presence_set_open_case (RedialPresence *self,
                                               gint64          case_id);

/* The other desks, by name: a GPtrArray of RedialDeskPresence owned by
 * @self, replaced when ::changed is emitted. */
GPtrArray      *redial_presence_get_others   (RedialPresence *self);
/* Every other desk that has case @case_id open, by name then desk id
 * (the store's order, so that what shows it stays put from one refresh
 * to the next): a new GPtrArray (free with g_ptr_array_unref()) of
 * RedialDeskPresence owned by @self, valid until ::changed; empty for
 * none, or for @case_id 0. */
GPtrArray      *redial_presence_list_case    (RedialPresence *self,
                                              gint64          case_id);

G_END_DECLS
