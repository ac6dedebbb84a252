/* redial-job-type.h: a kind of job the business books: how long it takes and the arrival window it is offered with. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define REDIAL_TYPE_JOB_TYPE (redial_job_type_get_type ())
G_DECLARE_FINAL_TYPE (RedialJobType, redial_job_type, REDIAL, JOB_TYPE, GObject)

/* A job type @name taking @duration (µs, > 0) whose arrival is promised
 * within @window (µs, 0 for an exact time). */
RedialJobType *redial_job_type_new          (const char    *name,
                                             gint64         duration,
                                             gint64         window);
const char    *redial_job_type_get_name     (RedialJobType *self);
gint64         redial_job_type_get_duration (RedialJobType *self);
gint64         redial_job_type_get_window   (RedialJobType *self);

G_END_DECLS
