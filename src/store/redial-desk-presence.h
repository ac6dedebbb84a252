/* redial-desk-presence.h: one desk at work on a store: who, on which computer, with which case open. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* How often a running desk says it is still there. */
#define REDIAL_DESK_REFRESH_US (5 * G_USEC_PER_SEC)
/* A desk not seen for this long (killed, network gone) is gone. */
#define REDIAL_DESK_STALE_US   (30 * G_USEC_PER_SEC)

#define REDIAL_TYPE_DESK_PRESENCE (redial_desk_presence_get_type ())

typedef struct
{
  char   *desk_id;   /* made when the desk starts: no two desks share one */
  char   *name;      /* the person at the desk, as they gave it: plain text */
  char   *host;      /* the computer's name, or NULL */
  gint64  case_id;   /* the case open in its case page, 0 for none */
  gint64  seen_at;   /* Unix µs */
} RedialDeskPresence;

GType               redial_desk_presence_get_type (void) G_GNUC_CONST;

/* A new presence, with copies of the strings. Free with
 * redial_desk_presence_free(). */
RedialDeskPresence *redial_desk_presence_new  (const char               *desk_id,
                                               const char               *name,
                                               const char               *host,
                                               gint64                    case_id,
                                               gint64                    seen_at);
RedialDeskPresence *redial_desk_presence_copy (const RedialDeskPresence *desk);
void                redial_desk_presence_free (RedialDeskPresence       *desk);
/* Whether @a and @b say the same but for when they were seen. */
gboolean            redial_desk_presence_same (const RedialDeskPresence *a,
                                               const RedialDeskPresence *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RedialDeskPresence, redial_desk_presence_free)

G_END_DECLS
