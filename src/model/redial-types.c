/* redial-types.c: stable names for the shared enumerations. */
#include "config.h"

#define G_LOG_DOMAIN "redial-model"

#include "redial-types.h"

static const char * const disposition_names[] = {
  "answered", "no-answer", "busy", "abandoned", "voicemail", NULL
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
  "opt-in-confirmation", NULL
};
static const char * const case_kind_names[] = {
  "new-lead", "known-customer", "anonymous", "likely-spam", "blocked", NULL
};
static const char * const kind_reason_names[] = {
  "none", "hidden-number", "block-list", "spam-name", "contact", "quick-hang-ups", "restored", NULL
};
static const char * const case_outcome_names[] = {
  "booked", "lost", "spam", "not-a-fit", "existing-customer", "blocked", NULL
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

gboolean
redial_message_status_is_final (RedialMessageStatus value)
{
  return value != REDIAL_MESSAGE_STATUS_QUEUED && value != REDIAL_MESSAGE_STATUS_SENT;
}
