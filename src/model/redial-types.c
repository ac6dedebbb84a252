/* redial-types.c: stable names for the shared enumerations. */
#include "config.h"

#define G_LOG_DOMAIN "redial-model"

#include <glib/gi18n.h>

#include "redial-types.h"

static const char * const disposition_names[] = {
  "answered", "no-answer", "busy", "abandoned", "voicemail", NULL
};
static const char * const appointment_status_names[] = {
  "booked", "cancelled", NULL
};
static const char * const case_state_names[] = {
  "new", "responded", "replied", "qualified", "booked", "closed", NULL
};
static const char * const direction_names[] = {
  "outbound", "inbound", NULL
};
static const char * const status_names[] = {
  "queued", "sent", "delivered", "undelivered", "failed", "received", NULL
};
static const char * const kind_names[] = {
  "text-back", "manual", "opt-out-confirmation", "reply", "follow-up", "help",
  "opt-in-confirmation", "slot-offer", "booking-confirmation", NULL
};
static const char * const case_kind_names[] = {
  "new-lead", "known-customer", "anonymous", "likely-spam", "blocked", NULL
};
static const char * const kind_reason_names[] = {
  "none", "hidden-number", "block-list", "spam-name", "contact", "quick-hang-ups", "restored", NULL
};
static const char * const case_outcome_names[] = {
  "booked", "lost", "spam", "not-a-fit", "existing-customer", "blocked",
  "quoted", "out-of-area", "no-response", "wrong-number", NULL
};
static const char * const call_outcome_names[] = {
  "reached", "no-answer", "left-voicemail", "wrong-number", NULL
};
static const char * const timeline_kind_names[] = {
  "call", "message", "call-back", "note", "claim", "release", "take-over", "sla",
  "opt-out", "opt-in", "closed", "reopened", "intake", "booking", "qualified", NULL
};
static const char * const sla_clock_names[] = {
  "first-response", "reply", NULL
};
static const char * const sla_crossing_names[] = {
  "warning", "breach", "escalation", NULL
};

static const char *
name_of (const char * const *names,
         guint               n_names,
         guint               value)
{
  g_return_val_if_fail (value < n_names, NULL);
  return names[value];
}

static gboolean
value_of (const char * const *names,
          const char         *name,
          guint              *out)
{
  if (name == NULL)
    return FALSE;

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_equal (names[i], name))
        {
          *out = i;
          return TRUE;
        }
    }

  return FALSE;
}

#define NAMED_ENUM(Type, prefix, names)                                     \
  const char *                                                              \
  prefix##_to_string (Type value)                                           \
  {                                                                         \
    return name_of (names, G_N_ELEMENTS (names) - 1, (guint) value);        \
  }                                                                         \
  gboolean                                                                  \
  prefix##_from_string (const char *name,                                   \
                        Type       *out)                                    \
  {                                                                         \
    guint value;                                                            \
    if (!value_of (names, name, &value))                                    \
      return FALSE;                                                         \
    *out = (Type) value;                                                    \
    return TRUE;                                                            \
  }

NAMED_ENUM (RedialDisposition, redial_disposition, disposition_names)
NAMED_ENUM (RedialCaseState, redial_case_state, case_state_names)
NAMED_ENUM (RedialMessageDirection, redial_message_direction, direction_names)
NAMED_ENUM (RedialMessageStatus, redial_message_status, status_names)
NAMED_ENUM (RedialMessageKind, redial_message_kind, kind_names)
NAMED_ENUM (RedialCaseKind, redial_case_kind, case_kind_names)
NAMED_ENUM (RedialKindReason, redial_kind_reason, kind_reason_names)
NAMED_ENUM (RedialCaseOutcome, redial_case_outcome, case_outcome_names)
NAMED_ENUM (RedialSlaClock, redial_sla_clock, sla_clock_names)
NAMED_ENUM (RedialSlaCrossing, redial_sla_crossing, sla_crossing_names)
NAMED_ENUM (RedialCallOutcome, redial_call_outcome, call_outcome_names)
NAMED_ENUM (RedialTimelineKind, redial_timeline_kind, timeline_kind_names)
NAMED_ENUM (RedialAppointmentStatus, redial_appointment_status, appointment_status_names)

gboolean
redial_message_status_is_final (RedialMessageStatus value)
{
  return value != REDIAL_MESSAGE_STATUS_QUEUED && value != REDIAL_MESSAGE_STATUS_SENT;
}

const char *
redial_case_outcome_describe (RedialCaseOutcome value)
{
  switch (value)
    {
    case REDIAL_CASE_OUTCOME_BOOKED: return _("Booked");
    case REDIAL_CASE_OUTCOME_LOST: return _("Lost");
    case REDIAL_CASE_OUTCOME_SPAM: return _("Spam");
    case REDIAL_CASE_OUTCOME_NOT_A_FIT: return _("Not a fit");
    case REDIAL_CASE_OUTCOME_EXISTING_CUSTOMER: return _("Existing customer handled");
    case REDIAL_CASE_OUTCOME_BLOCKED: return _("Blocked number");
    case REDIAL_CASE_OUTCOME_QUOTED: return _("Quoted");
    case REDIAL_CASE_OUTCOME_OUT_OF_AREA: return _("Out of area");
    case REDIAL_CASE_OUTCOME_NO_RESPONSE: return _("No response after attempts");
    case REDIAL_CASE_OUTCOME_WRONG_NUMBER: return _("Wrong number");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
redial_call_outcome_describe (RedialCallOutcome value)
{
  switch (value)
    {
    case REDIAL_CALL_OUTCOME_REACHED: return _("Reached");
    case REDIAL_CALL_OUTCOME_NO_ANSWER: return _("No answer");
    case REDIAL_CALL_OUTCOME_LEFT_VOICEMAIL: return _("Left voicemail");
    case REDIAL_CALL_OUTCOME_WRONG_NUMBER: return _("Wrong number");
    default: g_return_val_if_reached (NULL);
    }
}
