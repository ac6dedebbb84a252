/* redial-appointment.h: a booked slot on a resource, tied to its case, with its calendar copy's state. */
#pragma once

#include <glib-object.h>

#include "redial-types.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_APPOINTMENT (redial_appointment_get_type ())
G_DECLARE_FINAL_TYPE (RedialAppointment, redial_appointment, REDIAL, APPOINTMENT, GObject)

/* A new, unsaved appointment (id 0, booked, sequence 0) of @case_id on
 * @resource from @start to @end (Unix µs, @end after @start). The store
 * gives it its id, uid and times when it is added. */
RedialAppointment *redial_appointment_new            (gint64             case_id,
                                                      const char        *resource,
                                                      const char        *job_type,
                                                      gint64             start,
                                                      gint64             end);

gint64             redial_appointment_get_id         (RedialAppointment *self);
void               redial_appointment_set_id         (RedialAppointment *self,
                                                      gint64             id);
gint64             redial_appointment_get_case_id    (RedialAppointment *self);
/* The resource's name, as [resource NAME] gives it. */
const char        *redial_appointment_get_resource   (RedialAppointment *self);
void               redial_appointment_set_resource   (RedialAppointment *self,
                                                      const char        *resource);
/* The job type's name, or NULL. */
const char        *redial_appointment_get_job_type   (RedialAppointment *self);
void               redial_appointment_set_job_type   (RedialAppointment *self,
                                                      const char        *job_type);
gint64             redial_appointment_get_start      (RedialAppointment *self);
gint64             redial_appointment_get_end        (RedialAppointment *self);
/* Moves or resizes: @end must come after @start. */
void               redial_appointment_set_times      (RedialAppointment *self,
                                                      gint64             start,
                                                      gint64             end);
/* Where the job is (untrusted text), or NULL. */
const char        *redial_appointment_get_address    (RedialAppointment *self);
void               redial_appointment_set_address    (RedialAppointment *self,
                                                      const char        *address);
/* The caller's number (E.164), or NULL. */
const char        *redial_appointment_get_caller     (RedialAppointment *self);
void               redial_appointment_set_caller     (RedialAppointment *self,
                                                      const char        *caller);
/* The caller's name as received: untrusted text, never markup. */
const char        *redial_appointment_get_caller_name (RedialAppointment *self);
void               redial_appointment_set_caller_name (RedialAppointment *self,
                                                       const char        *caller_name);
RedialAppointmentStatus redial_appointment_get_status (RedialAppointment *self);
void               redial_appointment_set_status     (RedialAppointment *self,
                                                      RedialAppointmentStatus status);
/* Whether it is booked (not cancelled): it then holds its time. */
gboolean           redial_appointment_is_booked      (RedialAppointment *self);
/* Stable across changes ("…@redial"): the iCalendar UID. */
const char        *redial_appointment_get_uid        (RedialAppointment *self);
void               redial_appointment_set_uid        (RedialAppointment *self,
                                                      const char        *uid);
/* Bumped by the store on each change: the iCalendar SEQUENCE. */
guint              redial_appointment_get_sequence   (RedialAppointment *self);
void               redial_appointment_set_sequence   (RedialAppointment *self,
                                                      guint              sequence);
/* The CalDAV copy: its ETag and href, NULL until published. */
const char        *redial_appointment_get_etag       (RedialAppointment *self);
void               redial_appointment_set_etag       (RedialAppointment *self,
                                                      const char        *etag);
const char        *redial_appointment_get_href       (RedialAppointment *self);
void               redial_appointment_set_href       (RedialAppointment *self,
                                                      const char        *href);
/* Whether the CalDAV server had another version than ours (a 412). */
gboolean           redial_appointment_get_conflict   (RedialAppointment *self);
void               redial_appointment_set_conflict   (RedialAppointment *self,
                                                      gboolean           conflict);
/* The SEQUENCE the CalDAV copy was last published with (with an href):
 * a sequence above it is a change the calendar has not had yet. */
guint              redial_appointment_get_published_sequence (RedialAppointment *self);
void               redial_appointment_set_published_sequence (RedialAppointment *self,
                                                              guint              sequence);
gint64             redial_appointment_get_created_at (RedialAppointment *self);
void               redial_appointment_set_created_at (RedialAppointment *self,
                                                      gint64             at);
gint64             redial_appointment_get_updated_at (RedialAppointment *self);
void               redial_appointment_set_updated_at (RedialAppointment *self,
                                                      gint64             at);

/* Whether it overlaps [@start, @end): touching ends do not overlap. */
gboolean           redial_appointment_overlaps       (RedialAppointment *self,
                                                      gint64             start,
                                                      gint64             end);

G_END_DECLS
