/* redial-case-presence.h: the case page's part in presence: tells the other desks which case is open here, and says who else has it open. */
#pragma once

#include <adwaita.h>

#include "redial-context.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_CASE_PRESENCE (redial_case_presence_get_type ())
G_DECLARE_FINAL_TYPE (RedialCasePresence, redial_case_presence, REDIAL, CASE_PRESENCE, GtkWidget)

GtkWidget  *redial_case_presence_new         (void);
/* Follows @context's presence (NULL: none; @context opened). */
void        redial_case_presence_set_context (RedialCasePresence *self,
                                              RedialContext      *context);
/* Case @case_id (0: none) is open in the page: the other desks are told,
 * and a quiet banner shows while other desks have it open too ("Ann is
 * looking at this case too", "Ann and Bea are…", "Ann, Bea and 2 others
 * are…", by name then desk), so that two people do not call the same
 * caller. */
void        redial_case_presence_set_case_id (RedialCasePresence *self,
                                              gint64              case_id);
/* What the banner says, or NULL while it is hidden. */
const char *redial_case_presence_get_text    (RedialCasePresence *self);

G_END_DECLS
