/* redial-case.c: one recovery episode for one caller. */
#include "config.h"

#define G_LOG_DOMAIN "redial-model"

#include <glib/gi18n.h>

#include "redial-case.h"
#include "redial-enums.h"

struct _RedialCase
{
  GObject          parent_instance;

  gint64           id;
  char            *caller;
  gint64           first_call_at;

  char            *caller_raw;
  char            *number_problem;
  char            *caller_name;
  char            *line_label;
  RedialCaseState  state;
  guint            n_calls;
  gint64           last_call_at;
  gint64           first_response_at;
  gboolean         texted_back;
  RedialSlaLevel   sla_level;
  gboolean         opted_out;
  RedialCaseKind   kind;
  RedialKindReason kind_reason_code;
  char            *kind_reason;       /* kind_reason_code worded, when last asked */
  gboolean         emergency;
  gboolean         voicemail;
  gint64           reply_waiting_since;
  guint            followups_sent;
  gint64           timer_started_at;
  gint64           timer_stopped_at;
  char            *preview;
  char            *owner;
  gint64           claimed_at;
  RedialCaseOutcome outcome;
  gint64           closed_at;
  gint64           job_value;
  gboolean         call_back_pending;
  gboolean         out_of_area;
  gboolean         not_a_fit;
};

G_DEFINE_FINAL_TYPE (RedialCase, redial_case, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CALLER,
  PROP_FIRST_CALL_AT,
  PROP_CALLER_NAME,
  PROP_LINE_LABEL,
  PROP_STATE,
  PROP_N_CALLS,
  PROP_LAST_CALL_AT,
  PROP_FIRST_RESPONSE_AT,
  PROP_TEXTED_BACK,
  PROP_SLA_LEVEL,
  PROP_OPTED_OUT,
  PROP_KIND,
  PROP_KIND_REASON,
  PROP_KIND_REASON_CODE,
  PROP_CALLER_RAW,
  PROP_NUMBER_PROBLEM,
  PROP_EMERGENCY,
  PROP_VOICEMAIL,
  PROP_REPLY_WAITING_SINCE,
  PROP_FOLLOWUPS_SENT,
  PROP_TIMER_STARTED_AT,
  PROP_TIMER_STOPPED_AT,
  PROP_PREVIEW,
  PROP_OWNER,
  PROP_CLAIMED_AT,
  PROP_OUTCOME,
  PROP_CLOSED_AT,
  PROP_JOB_VALUE,
  PROP_CALL_BACK_PENDING,
  PROP_OUT_OF_AREA,
  PROP_NOT_A_FIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
redial_case_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  RedialCase *self = REDIAL_CASE (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_CALLER: g_value_set_string (value, self->caller); break;
    case PROP_FIRST_CALL_AT: g_value_set_int64 (value, self->first_call_at); break;
    case PROP_CALLER_NAME: g_value_set_string (value, self->caller_name); break;
    case PROP_LINE_LABEL: g_value_set_string (value, self->line_label); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_N_CALLS: g_value_set_uint (value, self->n_calls); break;
    case PROP_LAST_CALL_AT: g_value_set_int64 (value, self->last_call_at); break;
    case PROP_FIRST_RESPONSE_AT: g_value_set_int64 (value, self->first_response_at); break;
    case PROP_TEXTED_BACK: g_value_set_boolean (value, self->texted_back); break;
    case PROP_SLA_LEVEL: g_value_set_enum (value, self->sla_level); break;
    case PROP_OPTED_OUT: g_value_set_boolean (value, self->opted_out); break;
    case PROP_KIND: g_value_set_enum (value, self->kind); break;
    case PROP_KIND_REASON: g_value_set_string (value, redial_case_get_kind_reason (self)); break;
    case PROP_KIND_REASON_CODE: g_value_set_enum (value, self->kind_reason_code); break;
    case PROP_CALLER_RAW: g_value_set_string (value, self->caller_raw); break;
    case PROP_NUMBER_PROBLEM: g_value_set_string (value, self->number_problem); break;
    case PROP_EMERGENCY: g_value_set_boolean (value, self->emergency); break;
    case PROP_VOICEMAIL: g_value_set_boolean (value, self->voicemail); break;
    case PROP_REPLY_WAITING_SINCE: g_value_set_int64 (value, self->reply_waiting_since); break;
    case PROP_FOLLOWUPS_SENT: g_value_set_uint (value, self->followups_sent); break;
    case PROP_TIMER_STARTED_AT: g_value_set_int64 (value, self->timer_started_at); break;
    case PROP_TIMER_STOPPED_AT: g_value_set_int64 (value, self->timer_stopped_at); break;
    case PROP_PREVIEW: g_value_set_string (value, self->preview); break;
    case PROP_OWNER: g_value_set_string (value, self->owner); break;
    case PROP_CLAIMED_AT: g_value_set_int64 (value, self->claimed_at); break;
    case PROP_OUTCOME: g_value_set_enum (value, self->outcome); break;
    case PROP_CLOSED_AT: g_value_set_int64 (value, self->closed_at); break;
    case PROP_JOB_VALUE: g_value_set_int64 (value, self->job_value); break;
    case PROP_CALL_BACK_PENDING: g_value_set_boolean (value, self->call_back_pending); break;
    case PROP_OUT_OF_AREA: g_value_set_boolean (value, self->out_of_area); break;
    case PROP_NOT_A_FIT: g_value_set_boolean (value, self->not_a_fit); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_case_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  RedialCase *self = REDIAL_CASE (object);

  switch (prop_id)
    {
    case PROP_ID: self->id = g_value_get_int64 (value); break;
    case PROP_CALLER: self->caller = g_value_dup_string (value); break;
    case PROP_FIRST_CALL_AT: self->first_call_at = g_value_get_int64 (value); break;
    case PROP_CALLER_NAME: redial_case_set_caller_name (self, g_value_get_string (value)); break;
    case PROP_LINE_LABEL: redial_case_set_line_label (self, g_value_get_string (value)); break;
    case PROP_STATE: redial_case_set_state (self, g_value_get_enum (value)); break;
    case PROP_N_CALLS: redial_case_set_n_calls (self, g_value_get_uint (value)); break;
    case PROP_LAST_CALL_AT: redial_case_set_last_call_at (self, g_value_get_int64 (value)); break;
    case PROP_FIRST_RESPONSE_AT: redial_case_set_first_response_at (self, g_value_get_int64 (value)); break;
    case PROP_TEXTED_BACK: redial_case_set_texted_back (self, g_value_get_boolean (value)); break;
    case PROP_SLA_LEVEL: redial_case_set_sla_level (self, g_value_get_enum (value)); break;
    case PROP_OPTED_OUT: redial_case_set_opted_out (self, g_value_get_boolean (value)); break;
    case PROP_KIND: redial_case_set_kind (self, g_value_get_enum (value)); break;
    case PROP_KIND_REASON_CODE: redial_case_set_kind_reason_code (self, g_value_get_enum (value)); break;
    case PROP_CALLER_RAW: redial_case_set_caller_raw (self, g_value_get_string (value)); break;
    case PROP_NUMBER_PROBLEM: redial_case_set_number_problem (self, g_value_get_string (value)); break;
    case PROP_EMERGENCY: redial_case_set_emergency (self, g_value_get_boolean (value)); break;
    case PROP_VOICEMAIL: redial_case_set_voicemail (self, g_value_get_boolean (value)); break;
    case PROP_REPLY_WAITING_SINCE: redial_case_set_reply_waiting_since (self, g_value_get_int64 (value)); break;
    case PROP_FOLLOWUPS_SENT: redial_case_set_followups_sent (self, g_value_get_uint (value)); break;
    case PROP_PREVIEW: redial_case_set_preview (self, g_value_get_string (value)); break;
    case PROP_OWNER: redial_case_set_owner (self, g_value_get_string (value)); break;
    case PROP_CLAIMED_AT: redial_case_set_claimed_at (self, g_value_get_int64 (value)); break;
    case PROP_OUTCOME: redial_case_set_outcome (self, g_value_get_enum (value)); break;
    case PROP_CLOSED_AT: redial_case_set_closed_at (self, g_value_get_int64 (value)); break;
    case PROP_JOB_VALUE: redial_case_set_job_value (self, g_value_get_int64 (value)); break;
    case PROP_CALL_BACK_PENDING: redial_case_set_call_back_pending (self, g_value_get_boolean (value)); break;
    case PROP_OUT_OF_AREA: redial_case_set_out_of_area (self, g_value_get_boolean (value)); break;
    case PROP_NOT_A_FIT: redial_case_set_not_a_fit (self, g_value_get_boolean (value)); break;
    case PROP_TIMER_STARTED_AT:
    case PROP_TIMER_STOPPED_AT:
      /* Read-only: set together with redial_case_set_timer(). */
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_case_finalize (GObject *object)
{
  RedialCase *self = REDIAL_CASE (object);

  g_free (self->caller);
  g_free (self->caller_raw);
  g_free (self->number_problem);
  g_free (self->caller_name);
  g_free (self->line_label);
  g_free (self->kind_reason);
  g_free (self->preview);
  g_free (self->owner);

  G_OBJECT_CLASS (redial_case_parent_class)->finalize (object);
}

static void
redial_case_class_init (RedialCaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags co = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = redial_case_get_property;
  object_class->set_property = redial_case_set_property;
  object_class->finalize = redial_case_finalize;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, co);
  properties[PROP_CALLER] = g_param_spec_string ("caller", NULL, NULL, NULL, co);
  properties[PROP_FIRST_CALL_AT] = g_param_spec_int64 ("first-call-at", NULL, NULL, 0, G_MAXINT64, 0, co);
  properties[PROP_CALLER_NAME] = g_param_spec_string ("caller-name", NULL, NULL, NULL, rw);
  properties[PROP_LINE_LABEL] = g_param_spec_string ("line-label", NULL, NULL, NULL, rw);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, REDIAL_TYPE_CASE_STATE,
                                              REDIAL_CASE_STATE_NEW, rw);
  properties[PROP_N_CALLS] = g_param_spec_uint ("n-calls", NULL, NULL, 0, G_MAXUINT, 1, rw);
  properties[PROP_LAST_CALL_AT] = g_param_spec_int64 ("last-call-at", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_FIRST_RESPONSE_AT] = g_param_spec_int64 ("first-response-at", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_TEXTED_BACK] = g_param_spec_boolean ("texted-back", NULL, NULL, FALSE, rw);
  properties[PROP_SLA_LEVEL] = g_param_spec_enum ("sla-level", NULL, NULL, REDIAL_TYPE_SLA_LEVEL,
                                                  REDIAL_SLA_LEVEL_OK, rw);
  properties[PROP_OPTED_OUT] = g_param_spec_boolean ("opted-out", NULL, NULL, FALSE, rw);
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, REDIAL_TYPE_CASE_KIND,
                                             REDIAL_CASE_KIND_NEW_LEAD, rw);
  /* Read-only: kind-reason-code in the desk's language. */
  properties[PROP_KIND_REASON] = g_param_spec_string ("kind-reason", NULL, NULL, NULL,
                                                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND_REASON_CODE] = g_param_spec_enum ("kind-reason-code", NULL, NULL,
                                                         REDIAL_TYPE_KIND_REASON,
                                                         REDIAL_KIND_REASON_NONE, rw);
  properties[PROP_CALLER_RAW] = g_param_spec_string ("caller-raw", NULL, NULL, NULL, rw);
  properties[PROP_NUMBER_PROBLEM] = g_param_spec_string ("number-problem", NULL, NULL, NULL, rw);
  properties[PROP_EMERGENCY] = g_param_spec_boolean ("emergency", NULL, NULL, FALSE, rw);
  properties[PROP_VOICEMAIL] = g_param_spec_boolean ("voicemail", NULL, NULL, FALSE, rw);
  properties[PROP_REPLY_WAITING_SINCE] = g_param_spec_int64 ("reply-waiting-since", NULL, NULL,
                                                             0, G_MAXINT64, 0, rw);
  properties[PROP_FOLLOWUPS_SENT] = g_param_spec_uint ("followups-sent", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_PREVIEW] = g_param_spec_string ("preview", NULL, NULL, NULL, rw);
  properties[PROP_TIMER_STARTED_AT] =
    g_param_spec_int64 ("timer-started-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMER_STOPPED_AT] =
    g_param_spec_int64 ("timer-stopped-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_OWNER] = g_param_spec_string ("owner", NULL, NULL, NULL, rw);
  properties[PROP_CLAIMED_AT] = g_param_spec_int64 ("claimed-at", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_OUTCOME] = g_param_spec_enum ("outcome", NULL, NULL, REDIAL_TYPE_CASE_OUTCOME,
                                                REDIAL_CASE_OUTCOME_BOOKED, rw);
  properties[PROP_CLOSED_AT] = g_param_spec_int64 ("closed-at", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_JOB_VALUE] = g_param_spec_int64 ("job-value", NULL, NULL, -1, G_MAXINT64, -1, rw);
  properties[PROP_CALL_BACK_PENDING] = g_param_spec_boolean ("call-back-pending", NULL, NULL, FALSE, rw);
  /* What the intake answers say: a postal code outside the service area
   * (the case needs review), an answer the business cannot take. */
  properties[PROP_OUT_OF_AREA] = g_param_spec_boolean ("out-of-area", NULL, NULL, FALSE, rw);
  properties[PROP_NOT_A_FIT] = g_param_spec_boolean ("not-a-fit", NULL, NULL, FALSE, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
redial_case_init (RedialCase *self)
{
  self->n_calls = 1;
  self->job_value = -1;
}

RedialCase *
redial_case_new (gint64      id,
                 const char *caller,
                 gint64      first_call_at)
{
  return g_object_new (REDIAL_TYPE_CASE,
                       "id", id,
                       "caller", caller,
                       "first-call-at", first_call_at,
                       "last-call-at", first_call_at,
                       NULL);
}

gint64
redial_case_get_id (RedialCase *self)
{
  g_return_val_if_fail (REDIAL_IS_CASE (self), 0);
  return self->id;
}

const char *
redial_case_get_caller (RedialCase *self)
{
  g_return_val_if_fail (REDIAL_IS_CASE (self), NULL);
  return self->caller;
}

gint64
redial_case_get_first_call_at (RedialCase *self)
{
  g_return_val_if_fail (REDIAL_IS_CASE (self), 0);
  return self->first_call_at;
}

#define STRING_ACCESSORS(field, PROP)                                       \
  const char *                                                              \
  redial_case_get_##field (RedialCase *self)                                \
  {                                                                         \
    g_return_val_if_fail (REDIAL_IS_CASE (self), NULL);                     \
    return self->field;                                                     \
  }                                                                         \
  void                                                                      \
  redial_case_set_##field (RedialCase *self,                                \
                           const char *field)                               \
  {                                                                         \
    g_return_if_fail (REDIAL_IS_CASE (self));                               \
    if (g_strcmp0 (self->field, field) == 0)                                \
      return;                                                               \
    g_free (self->field);                                                   \
    self->field = g_strdup (field);                                         \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);           \
  }

#define VALUE_ACCESSORS(Type, field, PROP, fallback)                        \
  Type                                                                      \
  redial_case_get_##field (RedialCase *self)                                \
  {                                                                         \
    g_return_val_if_fail (REDIAL_IS_CASE (self), fallback);                 \
    return self->field;                                                     \
  }                                                                         \
  void                                                                      \
  redial_case_set_##field (RedialCase *self,                                \
                           Type        field)                               \
  {                                                                         \
    g_return_if_fail (REDIAL_IS_CASE (self));                               \
    if (self->field == field)                                               \
      return;                                                               \
    self->field = field;                                                    \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);           \
  }

STRING_ACCESSORS (caller_name, PROP_CALLER_NAME)
STRING_ACCESSORS (line_label, PROP_LINE_LABEL)
VALUE_ACCESSORS (RedialCaseState, state, PROP_STATE, REDIAL_CASE_STATE_NEW)
VALUE_ACCESSORS (guint, n_calls, PROP_N_CALLS, 0)
VALUE_ACCESSORS (gint64, last_call_at, PROP_LAST_CALL_AT, 0)
VALUE_ACCESSORS (gint64, first_response_at, PROP_FIRST_RESPONSE_AT, 0)
VALUE_ACCESSORS (gboolean, texted_back, PROP_TEXTED_BACK, FALSE)
VALUE_ACCESSORS (RedialSlaLevel, sla_level, PROP_SLA_LEVEL, REDIAL_SLA_LEVEL_OK)
VALUE_ACCESSORS (gboolean, opted_out, PROP_OPTED_OUT, FALSE)
VALUE_ACCESSORS (RedialCaseKind, kind, PROP_KIND, REDIAL_CASE_KIND_NEW_LEAD)
STRING_ACCESSORS (caller_raw, PROP_CALLER_RAW)
STRING_ACCESSORS (number_problem, PROP_NUMBER_PROBLEM)

RedialKindReason
redial_case_get_kind_reason_code (RedialCase *self)
{
  g_return_val_if_fail (REDIAL_IS_CASE (self), REDIAL_KIND_REASON_NONE);
  return self->kind_reason_code;
}

void
redial_case_set_kind_reason_code (RedialCase       *self,
                                  RedialKindReason  code)
{
  g_return_if_fail (REDIAL_IS_CASE (self));

  if (self->kind_reason_code == code)
    return;
  self->kind_reason_code = code;
  g_clear_pointer (&self->kind_reason, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND_REASON_CODE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND_REASON]);
}

const char *
redial_case_get_kind_reason (RedialCase *self)
{
  g_return_val_if_fail (REDIAL_IS_CASE (self), NULL);

  /* Worded afresh: the caller ID name in it may have changed. */
  g_free (self->kind_reason);
  self->kind_reason = redial_kind_reason_describe (self->kind_reason_code, self->caller_name);
  return self->kind_reason;
}

char *
redial_kind_reason_describe (RedialKindReason  code,
                             const char       *caller_name)
{
  g_autofree char *upper = NULL;

  switch (code)
    {
    case REDIAL_KIND_REASON_HIDDEN_NUMBER:
      return g_strdup (_("The caller hid their number"));
    case REDIAL_KIND_REASON_BLOCK_LIST:
      return g_strdup (_("The number is on the block list"));
    case REDIAL_KIND_REASON_SPAM_NAME:
      upper = g_utf8_strup (caller_name != NULL ? caller_name : "", -1);
      return g_strdup_printf (_("Caller ID says “%s”, a name robocallers use"), upper);
    case REDIAL_KIND_REASON_CONTACT:
      return g_strdup (_("In your contacts"));
    case REDIAL_KIND_REASON_QUICK_HANG_UPS:
      return g_strdup_printf (_("Rang %d times in 10 minutes, hanging up at once"), 3);
    case REDIAL_KIND_REASON_RESTORED:
      return g_strdup (_("Restored by a person"));
    case REDIAL_KIND_REASON_NONE:
    default:
      return NULL;
    }
}
STRING_ACCESSORS (preview, PROP_PREVIEW)
VALUE_ACCESSORS (gboolean, emergency, PROP_EMERGENCY, FALSE)
VALUE_ACCESSORS (gboolean, voicemail, PROP_VOICEMAIL, FALSE)
VALUE_ACCESSORS (gint64, reply_waiting_since, PROP_REPLY_WAITING_SINCE, 0)
VALUE_ACCESSORS (guint, followups_sent, PROP_FOLLOWUPS_SENT, 0)

gint64
redial_case_get_timer_started_at (RedialCase *self)
{
  g_return_val_if_fail (REDIAL_IS_CASE (self), 0);
  return self->timer_started_at ? self->timer_started_at : self->first_call_at;
}

gint64
redial_case_get_timer_stopped_at (RedialCase *self)
{
  g_return_val_if_fail (REDIAL_IS_CASE (self), 0);
  return self->timer_started_at ? self->timer_stopped_at : self->first_response_at;
}

void
redial_case_set_timer (RedialCase *self,
                       gint64      started_at,
                       gint64      stopped_at)
{
  g_return_if_fail (REDIAL_IS_CASE (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->timer_started_at != started_at)
    {
      self->timer_started_at = started_at;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMER_STARTED_AT]);
    }
  if (self->timer_stopped_at != stopped_at)
    {
      self->timer_stopped_at = stopped_at;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMER_STOPPED_AT]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}
STRING_ACCESSORS (owner, PROP_OWNER)
VALUE_ACCESSORS (gint64, claimed_at, PROP_CLAIMED_AT, 0)
VALUE_ACCESSORS (RedialCaseOutcome, outcome, PROP_OUTCOME, REDIAL_CASE_OUTCOME_BOOKED)
VALUE_ACCESSORS (gint64, closed_at, PROP_CLOSED_AT, 0)
VALUE_ACCESSORS (gint64, job_value, PROP_JOB_VALUE, -1)
VALUE_ACCESSORS (gboolean, call_back_pending, PROP_CALL_BACK_PENDING, FALSE)
VALUE_ACCESSORS (gboolean, out_of_area, PROP_OUT_OF_AREA, FALSE)
VALUE_ACCESSORS (gboolean, not_a_fit, PROP_NOT_A_FIT, FALSE)
