/* redial-engine-booking-private.h: what booking at the desk (redial-engine-booking.c) and by text (redial-engine-offers.c) share: the calendar as the rules see it, slots in the caller's words, the timeline's BOOKING items. */
#pragma once

#include "redial-availability.h"
#include "redial-engine-private.h"

G_BEGIN_DECLS

/* What a BOOKING item of the timeline says happened ("question"). */
#define ACTION_OFFERED   "offered"
#define ACTION_BOOKED    "booked"
#define ACTION_MOVED     "moved"
#define ACTION_CANCELLED "cancelled"
#define ACTION_UNCLEAR   "unclear"

/* The booking rules with the calendar of [@from, @to) as the store has it now. */
RedialAvailability *_redial_booking_availability     (RedialEngine      *self,
                                                      gint64             from,
                                                      gint64             to,
                                                      GError           **error);
/* The first answer of @kase's intake to a question of @type, or NULL. */
char               *_redial_booking_intake_answer    (RedialEngine      *self,
                                                      GHashTable        *answers,
                                                      RedialIntakeType   type);
/* The job type the intake names: a choice whose id or label is the name
 * of a [job-type]; else NULL. */
const char         *_redial_booking_intake_job_type  (RedialEngine      *self,
                                                      GHashTable        *answers);
/* The job type of a booking of @kase on @resource (may be NULL): the
 * intake's (which the rules refuse when the resource does not do it),
 * else the resource's first, else NULL (the default duration). */
const char         *_redial_booking_job_type_for     (RedialEngine      *self,
                                                      GHashTable        *answers,
                                                      RedialResource    *resource);
/* The [resource] named @name, or NULL. */
RedialResource     *_redial_booking_lookup_resource  (RedialEngine      *self,
                                                      const char        *name);
/* The time a caller is told for a booking of @job_type from @start to
 * @end: its arrival window when the job type has one, else the booking. */
char               *_redial_booking_describe_arrival (RedialEngine      *self,
                                                      const char        *job_type,
                                                      gint64             start,
                                                      gint64             end);
/* A slot as a line of a BOOKING item's text (see
 * redial_engine_booking_item_slots()); @appointment_id 0 for an offer. */
char               *_redial_booking_encode_slot      (const char        *resource,
                                                      gint64             start,
                                                      gint64             end,
                                                      gint64             appointment_id);
/* Records a BOOKING item @action of @kase (by @actor: NULL for Redial
 * itself, answering the caller) with @text. */
void                _redial_booking_record           (RedialEngine      *self,
                                                      RedialCase        *kase,
                                                      const char        *actor,
                                                      const char        *action,
                                                      const char        *text);
/* Refuses (TRUE) when @kase is closed. */
gboolean            _redial_booking_refuse_closed    (RedialCase        *kase,
                                                      GError           **error);
/* Books @kase on @resource from @start to @end, taking the case's own
 * hold of that slot when it has one; then the case is booked, its holds
 * released, the booking in its timeline (by @actor), and the caller
 * confirmed when @send. */
RedialAppointment  *_redial_booking_book             (RedialEngine      *self,
                                                      RedialCase        *kase,
                                                      GHashTable        *answers,
                                                      const char        *actor,
                                                      const char        *resource,
                                                      const char        *job_type,
                                                      gint64             start,
                                                      gint64             end,
                                                      gboolean           send,
                                                      gboolean           undoable,
                                                      GError           **error);

G_END_DECLS
