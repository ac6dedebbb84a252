/* redial-availability.h: when a resource is free: the booking rules checked against the calendar, and the next free slots. */
#pragma once

#include <glib-object.h>

#include "redial-appointment.h"
#include "redial-hold.h"
#include "redial-job-type.h"
#include "redial-resource.h"

G_BEGIN_DECLS

/* What redial_availability_check() says of a proposed slot. */
typedef enum
{
  REDIAL_AVAILABILITY_OK,
  REDIAL_AVAILABILITY_UNKNOWN_RESOURCE,  /* no such resource in the settings */
  REDIAL_AVAILABILITY_WRONG_JOB,         /* the resource does not do that job type */
  REDIAL_AVAILABILITY_TOO_SOON,          /* less than [booking] minimum-notice ahead */
  REDIAL_AVAILABILITY_OUTSIDE_HOURS,     /* not within one of the resource's working ranges */
  REDIAL_AVAILABILITY_OVERLAP,           /* the resource is booked then */
  REDIAL_AVAILABILITY_HELD,              /* the time is held for another case */
  REDIAL_AVAILABILITY_BUFFER,            /* closer than [booking] buffer to a booking */
} RedialAvailabilityVerdict;

/* A free slot found by redial_availability_find(). */
typedef struct
{
  char   *resource;
  gint64  start;  /* Unix µs */
  gint64  end;
} RedialSlot;

/* When the caller would like the job done, as the intake's date-window
 * answer says; see redial_slot_window_init(). */
typedef struct
{
  gint64   not_before;      /* no slot starts earlier (Unix µs; 0: no limit) */
  gint64   not_after;       /* no slot starts later (Unix µs; 0: 14 days after now) */
  guint    weekdays;        /* bits 1 << GDateWeekday; 0: any day */
  guint    from_minute;     /* a slot starts at or after this time of day … */
  guint    to_minute;       /* … and before this one (minutes, local time) */
  gboolean distinct_times;  /* no two slots at the same start (for offers) */
} RedialSlotWindow;

/* How far ahead redial_availability_find() looks without a not-after. */
#define REDIAL_AVAILABILITY_HORIZON_DAYS 14

/* How long a job of a type the settings do not name takes. */
#define REDIAL_DEFAULT_JOB_DURATION ((gint64) 3600 * G_USEC_PER_SEC)

#define REDIAL_TYPE_SLOT (redial_slot_get_type ())
GType       redial_slot_get_type            (void) G_GNUC_CONST;
RedialSlot *redial_slot_copy                (const RedialSlot *slot);
void        redial_slot_free                (RedialSlot       *slot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RedialSlot, redial_slot_free)

/* Any day, any time of day, from now on. */
void        redial_slot_window_init         (RedialSlotWindow *window);
/* Sets @window from an intake date-window @answer ("tomorrow/morning",
 * "this-week/any", "2026-03-09/afternoon"; see redial-intake-question.h)
 * as seen at @now, a time in the business's time zone: morning is a start
 * before noon, afternoon one from noon. Returns FALSE, leaving @window
 * as redial_slot_window_init() sets it, for an answer that is none. */
gboolean    redial_slot_window_from_intake  (RedialSlotWindow *window,
                                             const char       *answer,
                                             GDateTime        *now);

#define REDIAL_TYPE_AVAILABILITY (redial_availability_get_type ())
G_DECLARE_FINAL_TYPE (RedialAvailability, redial_availability, REDIAL, AVAILABILITY, GObject)

/* The rules of @resources (RedialResource) and @job_types (RedialJobType),
 * whose hours are local times in @time_zone, booked no less than
 * @minimum_notice ahead (µs) and no closer than @buffer (µs) to one
 * another; the calendar is empty until set. The arrays are referenced. */
RedialAvailability *redial_availability_new          (GPtrArray          *resources,
                                                      GPtrArray          *job_types,
                                                      GTimeZone          *time_zone,
                                                      gint64              minimum_notice,
                                                      gint64              buffer);
/* What the calendar holds: @appointments (RedialAppointment; cancelled
 * ones are ignored) and @holds (RedialHold; lapsed ones are ignored at
 * each question), as redial_store_list_appointments() and
 * redial_store_list_holds() give them. Either may be NULL for none. */
void                redial_availability_set_calendar (RedialAvailability *self,
                                                      GPtrArray          *appointments,
                                                      GPtrArray          *holds);
/* The resource or job type named @name, or NULL. */
RedialResource     *redial_availability_get_resource (RedialAvailability *self,
                                                      const char         *name);
RedialJobType      *redial_availability_get_job_type (RedialAvailability *self,
                                                      const char         *name);

/* Whether @resource may take a @job_type job (NULL: any) from @start to
 * @end (Unix µs) as seen at @now. @appointment_id (0: none) is the
 * appointment being moved, which does not stand in its own way, and
 * @case_id (0: none) the case being booked, whose own holds do not.
 * @reason (may be NULL) receives, unless the answer is OK, a sentence
 * for the desk in its language: "Overlaps Joe 9:00–11:00", "Outside
 * Joe’s hours", "Too soon: 2 hours’ notice needed", "Within Joe’s
 * 30-minute buffer after 11:00", "Joe does not do drain cleaning". */
RedialAvailabilityVerdict redial_availability_check  (RedialAvailability *self,
                                                      const char         *resource,
                                                      const char         *job_type,
                                                      gint64              start,
                                                      gint64              end,
                                                      gint64              appointment_id,
                                                      gint64              case_id,
                                                      gint64              now,
                                                      char              **reason);

/* The next @n_slots free slots for a @job_type job (its duration; NULL
 * or unknown: REDIAL_DEFAULT_JOB_DURATION) on the resources that do it,
 * starting on 15-minute boundaries of the local clock within @window
 * (NULL: any time), each passing redial_availability_check() for
 * @case_id at @now. Earliest first, then in the settings' order of
 * resources; at most one per resource and start time. Returns a new
 * GPtrArray of RedialSlot, shorter than @n_slots when the horizon has
 * no more. */
GPtrArray          *redial_availability_find         (RedialAvailability *self,
                                                      const char         *job_type,
                                                      const RedialSlotWindow *window,
                                                      guint               n_slots,
                                                      gint64              case_id,
                                                      gint64              now);

G_END_DECLS
