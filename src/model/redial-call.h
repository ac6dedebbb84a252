/* redial-call.h: one inbound call as stored: normalised caller, line, times. */
#pragma once

#include <glib-object.h>

#include "redial-types.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_CALL (redial_call_get_type ())
G_DECLARE_FINAL_TYPE (RedialCall, redial_call, REDIAL, CALL, GObject)

gint64             redial_call_get_id               (RedialCall *self);
void               redial_call_set_id               (RedialCall *self,
                                                     gint64      id);
gint64             redial_call_get_case_id          (RedialCall *self);
void               redial_call_set_case_id          (RedialCall *self,
                                                     gint64      case_id);
const char        *redial_call_get_provider         (RedialCall *self);
const char        *redial_call_get_provider_call_id (RedialCall *self);
/* E.164, or NULL for a caller without a usable number. */
const char        *redial_call_get_caller           (RedialCall *self);
/* The caller ID exactly as the phone system sent it, or NULL. */
const char        *redial_call_get_caller_raw       (RedialCall *self);
const char        *redial_call_get_caller_name      (RedialCall *self);
const char        *redial_call_get_line             (RedialCall *self);
const char        *redial_call_get_line_label       (RedialCall *self);
gint64             redial_call_get_started_at       (RedialCall *self);
gint64             redial_call_get_ended_at         (RedialCall *self);
RedialDisposition  redial_call_get_disposition      (RedialCall *self);

G_END_DECLS
