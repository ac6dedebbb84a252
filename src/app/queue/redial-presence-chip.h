/* redial-presence-chip.h: on a queue row, who at the other desks has the case open. */
#pragma once

#include <adwaita.h>

#include "redial-presence.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_PRESENCE_CHIP (redial_presence_chip_get_type ())
G_DECLARE_FINAL_TYPE (RedialPresenceChip, redial_presence_chip, REDIAL, PRESENCE_CHIP, GtkWidget)

/* A chip showing nothing until it has a presence and a case. */
GtkWidget *redial_presence_chip_new          (void);
/* Follows @presence (NULL: none). */
void       redial_presence_chip_set_presence (RedialPresenceChip *self,
                                              RedialPresence     *presence);
/* Shows everyone else who has case @case_id open (0: no case, nothing
 * shown): the initials of one or two, or of the first and "+N" for the
 * rest, and every name and computer in the tooltip and the
 * accessible label, in the same order (by name, then desk). Hidden when
 * nobody else has it open. */
void       redial_presence_chip_set_case_id  (RedialPresenceChip *self,
                                              gint64              case_id);
/* What the tooltip says ("Ann has this case open at FRONT-DESK; Bea
 * has it open at BACK-OFFICE"), or NULL when the chip is hidden. */
const char *redial_presence_chip_get_description (RedialPresenceChip *self);

G_END_DECLS
