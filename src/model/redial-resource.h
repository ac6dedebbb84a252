/* redial-resource.h: who or what is booked (a technician, a provider, a room): the jobs it does and its weekly hours. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Working time on one weekday: [start, end) in minutes after midnight,
 * local time of the business (0–1440). */
typedef struct
{
  guint16 start;
  guint16 end;
} RedialMinuteRange;

#define REDIAL_TYPE_RESOURCE (redial_resource_get_type ())
G_DECLARE_FINAL_TYPE (RedialResource, redial_resource, REDIAL, RESOURCE, GObject)

/* A resource @name doing @job_types (NULL or empty: every job), with no
 * hours until they are added. */
RedialResource          *redial_resource_new           (const char         *name,
                                                        const char * const *job_types);
const char              *redial_resource_get_name      (RedialResource     *self);
/* The job types it does (NULL-terminated; empty when it does all). */
const char * const      *redial_resource_get_job_types (RedialResource     *self);
/* Whether it does @job_type (any job when @job_type is NULL). */
gboolean                 redial_resource_does_job      (RedialResource     *self,
                                                        const char         *job_type);
/* Adds [@start_minute, @end_minute) to @day's hours (kept in order;
 * @start_minute < @end_minute <= 1440). Returns FALSE, adding nothing,
 * when it overlaps hours the day has. */
gboolean                 redial_resource_add_hours     (RedialResource     *self,
                                                        GDateWeekday        day,
                                                        guint               start_minute,
                                                        guint               end_minute);
/* @day's working ranges, earliest first (@n_ranges of them; none on a
 * day off). Owned by the resource. */
const RedialMinuteRange *redial_resource_get_hours     (RedialResource     *self,
                                                        GDateWeekday        day,
                                                        guint              *n_ranges);

G_END_DECLS
