/* redial-types.h: the enumerations every room shares, with their stable names. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How the phone system says the call ended. */
typedef enum
{
  REDIAL_DISPOSITION_ANSWERED,
  REDIAL_DISPOSITION_NO_ANSWER,
  REDIAL_DISPOSITION_BUSY,
  REDIAL_DISPOSITION_ABANDONED,
  REDIAL_DISPOSITION_VOICEMAIL,
} RedialDisposition;

/* Where a recovery episode stands. */
typedef enum
{
  REDIAL_CASE_STATE_NEW,
  REDIAL_CASE_STATE_RESPONDED,
  REDIAL_CASE_STATE_REPLIED,
  REDIAL_CASE_STATE_QUALIFIED,
  REDIAL_CASE_STATE_BOOKED,
  REDIAL_CASE_STATE_CLOSED,
} RedialCaseState;

typedef enum
{
  REDIAL_MESSAGE_DIRECTION_OUTBOUND,
  REDIAL_MESSAGE_DIRECTION_INBOUND,
} RedialMessageDirection;

/* queued → sent → delivered, or failed / undelivered; received for inbound. */
typedef enum
{
  REDIAL_MESSAGE_STATUS_QUEUED,
  REDIAL_MESSAGE_STATUS_SENT,
  REDIAL_MESSAGE_STATUS_DELIVERED,
  REDIAL_MESSAGE_STATUS_UNDELIVERED,
  REDIAL_MESSAGE_STATUS_FAILED,
  REDIAL_MESSAGE_STATUS_RECEIVED,
} RedialMessageStatus;

/* Why a message exists: the engine's own texts and the people's. */
typedef enum
{
  REDIAL_MESSAGE_KIND_TEXT_BACK,
  REDIAL_MESSAGE_KIND_MANUAL,
  REDIAL_MESSAGE_KIND_OPT_OUT_CONFIRMATION,
  REDIAL_MESSAGE_KIND_REPLY,
  REDIAL_MESSAGE_KIND_FOLLOW_UP,
  REDIAL_MESSAGE_KIND_HELP,
  REDIAL_MESSAGE_KIND_OPT_IN_CONFIRMATION,
  REDIAL_MESSAGE_KIND_SLOT_OFFER,             /* two times offered, held for the caller's choice */
  REDIAL_MESSAGE_KIND_BOOKING_CONFIRMATION,
} RedialMessageKind;

/* How a running response timer stands against its target. */
typedef enum
{
  REDIAL_SLA_LEVEL_OK,
  REDIAL_SLA_LEVEL_WARNING,
  REDIAL_SLA_LEVEL_BREACHED,
  REDIAL_SLA_LEVEL_MET,
} RedialSlaLevel;

/* What a case is, decided before anything is sent. */
typedef enum
{
  REDIAL_CASE_KIND_NEW_LEAD,
  REDIAL_CASE_KIND_KNOWN_CUSTOMER,
  REDIAL_CASE_KIND_ANONYMOUS,
  REDIAL_CASE_KIND_LIKELY_SPAM,
  REDIAL_CASE_KIND_BLOCKED,
} RedialCaseKind;

/* Why a case has its kind, kept as a code and worded in the desk's
 * language when shown (redial_case_get_kind_reason()). */
typedef enum
{
  REDIAL_KIND_REASON_NONE,
  REDIAL_KIND_REASON_HIDDEN_NUMBER,   /* the caller ID was empty, withheld or no possible number */
  REDIAL_KIND_REASON_BLOCK_LIST,      /* the number is on the block list */
  REDIAL_KIND_REASON_SPAM_NAME,       /* the caller ID name is one robocallers use */
  REDIAL_KIND_REASON_CONTACT,         /* the number is in the contacts */
  REDIAL_KIND_REASON_QUICK_HANG_UPS,  /* rang three times in ten minutes, hanging up at once */
  REDIAL_KIND_REASON_RESTORED,        /* a person said it is not spam */
} RedialKindReason;

/* What the manager's desk is alerted about. */
typedef enum
{
  REDIAL_ALERT_EMERGENCY,
  REDIAL_ALERT_SLA_WARNING,
  REDIAL_ALERT_SLA_BREACH,
  REDIAL_ALERT_SLA_ESCALATION,
  REDIAL_ALERT_TEXT_FAILED,
} RedialAlertKind;

/* The state of the link to the phone system or SMS gateway. */
typedef enum
{
  REDIAL_CONNECTION_DISCONNECTED,
  REDIAL_CONNECTION_CONNECTING,
  REDIAL_CONNECTION_CONNECTED,
  REDIAL_CONNECTION_RETRYING,
  REDIAL_CONNECTION_AUTH_FAILED,
} RedialConnectionState;

/* How a closed case ended. LOST and BLOCKED are kept for cases closed
 * before the desk chose outcomes (BLOCKED is still what a blocked
 * number's case closes with); a person chooses among the others. */
typedef enum
{
  REDIAL_CASE_OUTCOME_BOOKED,
  REDIAL_CASE_OUTCOME_LOST,
  REDIAL_CASE_OUTCOME_SPAM,
  REDIAL_CASE_OUTCOME_NOT_A_FIT,
  REDIAL_CASE_OUTCOME_EXISTING_CUSTOMER,
  REDIAL_CASE_OUTCOME_BLOCKED,
  REDIAL_CASE_OUTCOME_QUOTED,
  REDIAL_CASE_OUTCOME_OUT_OF_AREA,
  REDIAL_CASE_OUTCOME_NO_RESPONSE,        /* no response after attempts */
  REDIAL_CASE_OUTCOME_WRONG_NUMBER,
} RedialCaseOutcome;

/* How a call-back attempt ended. */
typedef enum
{
  REDIAL_CALL_OUTCOME_REACHED,
  REDIAL_CALL_OUTCOME_NO_ANSWER,
  REDIAL_CALL_OUTCOME_LEFT_VOICEMAIL,
  REDIAL_CALL_OUTCOME_WRONG_NUMBER,
} RedialCallOutcome;

/* What one entry of a case's timeline is. */
typedef enum
{
  REDIAL_TIMELINE_KIND_CALL,        /* a call of the caller: missed, busy, voicemail, answered */
  REDIAL_TIMELINE_KIND_MESSAGE,     /* a text in or out */
  REDIAL_TIMELINE_KIND_CALL_BACK,   /* a person called back; its outcome once known */
  REDIAL_TIMELINE_KIND_NOTE,        /* an internal note, never sent */
  REDIAL_TIMELINE_KIND_CLAIM,
  REDIAL_TIMELINE_KIND_RELEASE,
  REDIAL_TIMELINE_KIND_TAKE_OVER,   /* claimed from another desk */
  REDIAL_TIMELINE_KIND_SLA,         /* a response clock warned, breached or escalated */
  REDIAL_TIMELINE_KIND_OPT_OUT,
  REDIAL_TIMELINE_KIND_OPT_IN,
  REDIAL_TIMELINE_KIND_CLOSED,
  REDIAL_TIMELINE_KIND_REOPENED,
  REDIAL_TIMELINE_KIND_INTAKE,      /* an intake answer given, changed or cleared */
  REDIAL_TIMELINE_KIND_BOOKING,     /* reserved: an appointment */
  REDIAL_TIMELINE_KIND_QUALIFIED,   /* the intake qualified the case */
} RedialTimelineKind;

/* The manager's timers: missed call → first human touch, caller's text → answer. */
typedef enum
{
  REDIAL_SLA_CLOCK_FIRST_RESPONSE,
  REDIAL_SLA_CLOCK_REPLY,
} RedialSlaClock;

/* The points of a clock whose crossing raises an alert, once. */
typedef enum
{
  REDIAL_SLA_CROSSING_WARNING,
  REDIAL_SLA_CROSSING_BREACH,
  REDIAL_SLA_CROSSING_ESCALATION,
} RedialSlaCrossing;

/* Whether an appointment still holds its time: cancelled ones are kept
 * (their calendar copies must learn of the cancellation) but block nothing. */
typedef enum
{
  REDIAL_APPOINTMENT_STATUS_BOOKED,
  REDIAL_APPOINTMENT_STATUS_CANCELLED,
} RedialAppointmentStatus;

/* Stable, untranslated names used in the database and in logs. Parsing an
 * unknown name returns FALSE and leaves @out alone. */
const char *redial_disposition_to_string      (RedialDisposition       value);
gboolean    redial_disposition_from_string    (const char             *name,
                                               RedialDisposition      *out);
const char *redial_case_state_to_string       (RedialCaseState         value);
gboolean    redial_case_state_from_string     (const char             *name,
                                               RedialCaseState        *out);
const char *redial_message_direction_to_string (RedialMessageDirection value);
gboolean    redial_message_direction_from_string (const char          *name,
                                               RedialMessageDirection *out);
const char *redial_message_status_to_string   (RedialMessageStatus     value);
gboolean    redial_message_status_from_string (const char             *name,
                                               RedialMessageStatus    *out);
const char *redial_message_kind_to_string     (RedialMessageKind       value);
gboolean    redial_message_kind_from_string   (const char             *name,
                                               RedialMessageKind      *out);
const char *redial_case_kind_to_string        (RedialCaseKind          value);
gboolean    redial_case_kind_from_string      (const char             *name,
                                               RedialCaseKind         *out);
const char *redial_kind_reason_to_string      (RedialKindReason        value);
gboolean    redial_kind_reason_from_string    (const char             *name,
                                               RedialKindReason       *out);
const char *redial_case_outcome_to_string     (RedialCaseOutcome       value);
gboolean    redial_case_outcome_from_string   (const char             *name,
                                               RedialCaseOutcome      *out);
const char *redial_sla_clock_to_string        (RedialSlaClock          value);
gboolean    redial_sla_clock_from_string      (const char             *name,
                                               RedialSlaClock         *out);
const char *redial_sla_crossing_to_string     (RedialSlaCrossing       value);
gboolean    redial_sla_crossing_from_string   (const char             *name,
                                               RedialSlaCrossing      *out);
const char *redial_call_outcome_to_string     (RedialCallOutcome       value);
gboolean    redial_call_outcome_from_string   (const char             *name,
                                               RedialCallOutcome      *out);
const char *redial_timeline_kind_to_string    (RedialTimelineKind      value);
gboolean    redial_timeline_kind_from_string  (const char             *name,
                                               RedialTimelineKind     *out);
const char *redial_appointment_status_to_string (RedialAppointmentStatus value);
gboolean    redial_appointment_status_from_string (const char           *name,
                                               RedialAppointmentStatus *out);

/* What a person reads for an outcome, in the desk's language ("Booked",
 * "Out of area"; "Reached", "Left voicemail"). Static strings. */
const char *redial_case_outcome_describe      (RedialCaseOutcome       value);
const char *redial_call_outcome_describe      (RedialCallOutcome       value);

/* Whether a delivery status can still move: queued and sent can, the rest are final. */
gboolean    redial_message_status_is_final    (RedialMessageStatus     value);

G_END_DECLS
