/* redial-timeline-item.c: one entry of a case's timeline. */
#include "config.h"

#define G_LOG_DOMAIN "redial-model"

#include "redial-enums.h"
#include "redial-timeline-item.h"

struct _RedialTimelineItem
{
  GObject            parent_instance;

  gint64             id;
  RedialTimelineKind kind;
  gint64             at;
  char              *actor;
  char              *text;
  RedialCall        *call;
  RedialMessage     *message;
  int                call_outcome;
  RedialSlaClock     sla_clock;
  RedialSlaCrossing  sla_crossing;
  RedialCaseOutcome  case_outcome;
  gint64             job_value;
  char              *previous_owner;
  char              *question;
};

G_DEFINE_FINAL_TYPE (RedialTimelineItem, redial_timeline_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_AT,
  PROP_ACTOR,
  PROP_TEXT,
  PROP_CALL,
  PROP_MESSAGE,
  PROP_CALL_OUTCOME,
  PROP_SLA_CLOCK,
  PROP_SLA_CROSSING,
  PROP_CASE_OUTCOME,
  PROP_JOB_VALUE,
  PROP_PREVIOUS_OWNER,
  PROP_QUESTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
redial_timeline_item_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  RedialTimelineItem *self = REDIAL_TIMELINE_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_KIND: g_value_set_enum (value, self->kind); break;
    case PROP_AT: g_value_set_int64 (value, self->at); break;
    case PROP_ACTOR: g_value_set_string (value, self->actor); break;
    case PROP_TEXT: g_value_set_string (value, self->text); break;
    case PROP_CALL: g_value_set_object (value, self->call); break;
    case PROP_MESSAGE: g_value_set_object (value, self->message); break;
    case PROP_CALL_OUTCOME: g_value_set_int (value, self->call_outcome); break;
    case PROP_SLA_CLOCK: g_value_set_enum (value, self->sla_clock); break;
    case PROP_SLA_CROSSING: g_value_set_enum (value, self->sla_crossing); break;
    case PROP_CASE_OUTCOME: g_value_set_enum (value, self->case_outcome); break;
    case PROP_JOB_VALUE: g_value_set_int64 (value, self->job_value); break;
    case PROP_PREVIOUS_OWNER: g_value_set_string (value, self->previous_owner); break;
    case PROP_QUESTION: g_value_set_string (value, self->question); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_timeline_item_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  RedialTimelineItem *self = REDIAL_TIMELINE_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID: redial_timeline_item_set_id (self, g_value_get_int64 (value)); break;
    case PROP_KIND: self->kind = g_value_get_enum (value); break;
    case PROP_AT: self->at = g_value_get_int64 (value); break;
    case PROP_ACTOR: self->actor = g_value_dup_string (value); break;
    case PROP_TEXT: redial_timeline_item_set_text (self, g_value_get_string (value)); break;
    case PROP_CALL: self->call = g_value_dup_object (value); break;
    case PROP_MESSAGE: self->message = g_value_dup_object (value); break;
    case PROP_CALL_OUTCOME: redial_timeline_item_set_call_outcome (self, g_value_get_int (value)); break;
    case PROP_PREVIOUS_OWNER: redial_timeline_item_set_previous_owner (self, g_value_get_string (value)); break;
    case PROP_QUESTION: redial_timeline_item_set_question (self, g_value_get_string (value)); break;
    case PROP_SLA_CLOCK:
      redial_timeline_item_set_sla (self, g_value_get_enum (value), self->sla_crossing);
      break;
    case PROP_SLA_CROSSING:
      redial_timeline_item_set_sla (self, self->sla_clock, g_value_get_enum (value));
      break;
    case PROP_CASE_OUTCOME:
      redial_timeline_item_set_case_outcome (self, g_value_get_enum (value), self->job_value);
      break;
    case PROP_JOB_VALUE:
      redial_timeline_item_set_case_outcome (self, self->case_outcome, g_value_get_int64 (value));
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_timeline_item_dispose (GObject *object)
{
  RedialTimelineItem *self = REDIAL_TIMELINE_ITEM (object);

  g_clear_object (&self->call);
  g_clear_object (&self->message);

  G_OBJECT_CLASS (redial_timeline_item_parent_class)->dispose (object);
}

static void
redial_timeline_item_finalize (GObject *object)
{
  RedialTimelineItem *self = REDIAL_TIMELINE_ITEM (object);

  g_free (self->actor);
  g_free (self->text);
  g_free (self->previous_owner);
  g_free (self->question);

  G_OBJECT_CLASS (redial_timeline_item_parent_class)->finalize (object);
}

static void
redial_timeline_item_class_init (RedialTimelineItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags co = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = redial_timeline_item_get_property;
  object_class->set_property = redial_timeline_item_set_property;
  object_class->dispose = redial_timeline_item_dispose;
  object_class->finalize = redial_timeline_item_finalize;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, REDIAL_TYPE_TIMELINE_KIND,
                                             REDIAL_TIMELINE_KIND_NOTE, co);
  properties[PROP_AT] = g_param_spec_int64 ("at", NULL, NULL, 0, G_MAXINT64, 0, co);
  properties[PROP_ACTOR] = g_param_spec_string ("actor", NULL, NULL, NULL, co);
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, rw);
  properties[PROP_CALL] = g_param_spec_object ("call", NULL, NULL, REDIAL_TYPE_CALL, co);
  properties[PROP_MESSAGE] = g_param_spec_object ("message", NULL, NULL, REDIAL_TYPE_MESSAGE, co);
  properties[PROP_CALL_OUTCOME] = g_param_spec_int ("call-outcome", NULL, NULL, -1,
                                                    REDIAL_CALL_OUTCOME_WRONG_NUMBER, -1, rw);
  properties[PROP_SLA_CLOCK] = g_param_spec_enum ("sla-clock", NULL, NULL, REDIAL_TYPE_SLA_CLOCK,
                                                  REDIAL_SLA_CLOCK_FIRST_RESPONSE, rw);
  properties[PROP_SLA_CROSSING] = g_param_spec_enum ("sla-crossing", NULL, NULL, REDIAL_TYPE_SLA_CROSSING,
                                                     REDIAL_SLA_CROSSING_WARNING, rw);
  properties[PROP_CASE_OUTCOME] = g_param_spec_enum ("case-outcome", NULL, NULL, REDIAL_TYPE_CASE_OUTCOME,
                                                     REDIAL_CASE_OUTCOME_BOOKED, rw);
  properties[PROP_JOB_VALUE] = g_param_spec_int64 ("job-value", NULL, NULL, -1, G_MAXINT64, -1, rw);
  properties[PROP_PREVIOUS_OWNER] = g_param_spec_string ("previous-owner", NULL, NULL, NULL, rw);
  /* INTAKE: the key of the question answered ("text" holds the answer). */
  properties[PROP_QUESTION] = g_param_spec_string ("question", NULL, NULL, NULL, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
redial_timeline_item_init (RedialTimelineItem *self)
{
  self->call_outcome = -1;
  self->job_value = -1;
}

RedialTimelineItem *
redial_timeline_item_new (RedialTimelineKind  kind,
                          gint64              at,
                          const char         *actor)
{
  return g_object_new (REDIAL_TYPE_TIMELINE_ITEM,
                       "kind", kind,
                       "at", at,
                       "actor", actor,
                       NULL);
}

RedialTimelineItem *
redial_timeline_item_new_call (RedialCall *call)
{
  g_return_val_if_fail (REDIAL_IS_CALL (call), NULL);

  return g_object_new (REDIAL_TYPE_TIMELINE_ITEM,
                       "kind", REDIAL_TIMELINE_KIND_CALL,
                       "id", redial_call_get_id (call),
                       "at", redial_call_get_started_at (call),
                       "call", call,
                       NULL);
}

RedialTimelineItem *
redial_timeline_item_new_message (RedialMessage *message)
{
  RedialMessageKind kind;

  g_return_val_if_fail (REDIAL_IS_MESSAGE (message), NULL);

  /* A person wrote a manual text; the rest are Redial's own or the caller's. */
  kind = redial_message_get_kind (message);
  return g_object_new (REDIAL_TYPE_TIMELINE_ITEM,
                       "kind", REDIAL_TIMELINE_KIND_MESSAGE,
                       "id", redial_message_get_id (message),
                       "at", redial_message_get_created_at (message),
                       "text", redial_message_get_body (message),
                       "message", message,
                       "actor", kind == REDIAL_MESSAGE_KIND_MANUAL ? redial_message_get_author (message) : NULL,
                       NULL);
}

gint64
redial_timeline_item_get_id (RedialTimelineItem *self)
{
  g_return_val_if_fail (REDIAL_IS_TIMELINE_ITEM (self), 0);
  return self->id;
}

void
redial_timeline_item_set_id (RedialTimelineItem *self,
                             gint64              id)
{
  g_return_if_fail (REDIAL_IS_TIMELINE_ITEM (self));

  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

RedialTimelineKind
redial_timeline_item_get_kind (RedialTimelineItem *self)
{
  g_return_val_if_fail (REDIAL_IS_TIMELINE_ITEM (self), REDIAL_TIMELINE_KIND_NOTE);
  return self->kind;
}

gint64
redial_timeline_item_get_at (RedialTimelineItem *self)
{
  g_return_val_if_fail (REDIAL_IS_TIMELINE_ITEM (self), 0);
  return self->at;
}

const char *
redial_timeline_item_get_actor (RedialTimelineItem *self)
{
  g_return_val_if_fail (REDIAL_IS_TIMELINE_ITEM (self), NULL);
  return self->actor;
}

const char *
redial_timeline_item_get_text (RedialTimelineItem *self)
{
  g_return_val_if_fail (REDIAL_IS_TIMELINE_ITEM (self), NULL);
  return self->text;
}

void
redial_timeline_item_set_text (RedialTimelineItem *self,
                               const char         *text)
{
  g_return_if_fail (REDIAL_IS_TIMELINE_ITEM (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

RedialCall *
redial_timeline_item_get_call (RedialTimelineItem *self)
{
  g_return_val_if_fail (REDIAL_IS_TIMELINE_ITEM (self), NULL);
  return self->call;
}

RedialMessage *
redial_timeline_item_get_message (RedialTimelineItem *self)
{
  g_return_val_if_fail (REDIAL_IS_TIMELINE_ITEM (self), NULL);
  return self->message;
}

int
redial_timeline_item_get_call_outcome (RedialTimelineItem *self)
{
  g_return_val_if_fail (REDIAL_IS_TIMELINE_ITEM (self), -1);
  return self->call_outcome;
}

void
redial_timeline_item_set_call_outcome (RedialTimelineItem *self,
                                       int                 outcome)
{
  g_return_if_fail (REDIAL_IS_TIMELINE_ITEM (self));
  g_return_if_fail (outcome >= -1 && outcome <= REDIAL_CALL_OUTCOME_WRONG_NUMBER);

  if (self->call_outcome == outcome)
    return;
  self->call_outcome = outcome;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALL_OUTCOME]);
}

RedialSlaClock
redial_timeline_item_get_sla_clock (RedialTimelineItem *self)
{
  g_return_val_if_fail (REDIAL_IS_TIMELINE_ITEM (self), REDIAL_SLA_CLOCK_FIRST_RESPONSE);
  return self->sla_clock;
}

RedialSlaCrossing
redial_timeline_item_get_sla_crossing (RedialTimelineItem *self)
{
  g_return_val_if_fail (REDIAL_IS_TIMELINE_ITEM (self), REDIAL_SLA_CROSSING_WARNING);
  return self->sla_crossing;
}

void
redial_timeline_item_set_sla (RedialTimelineItem *self,
                              RedialSlaClock      clock,
                              RedialSlaCrossing   crossing)
{
  g_return_if_fail (REDIAL_IS_TIMELINE_ITEM (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->sla_clock != clock)
    {
      self->sla_clock = clock;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLA_CLOCK]);
    }
  if (self->sla_crossing != crossing)
    {
      self->sla_crossing = crossing;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLA_CROSSING]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

RedialCaseOutcome
redial_timeline_item_get_case_outcome (RedialTimelineItem *self)
{
  g_return_val_if_fail (REDIAL_IS_TIMELINE_ITEM (self), REDIAL_CASE_OUTCOME_BOOKED);
  return self->case_outcome;
}

gint64
redial_timeline_item_get_job_value (RedialTimelineItem *self)
{
  g_return_val_if_fail (REDIAL_IS_TIMELINE_ITEM (self), -1);
  return self->job_value;
}

void
redial_timeline_item_set_case_outcome (RedialTimelineItem *self,
                                       RedialCaseOutcome   outcome,
                                       gint64              job_value)
{
  g_return_if_fail (REDIAL_IS_TIMELINE_ITEM (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->case_outcome != outcome)
    {
      self->case_outcome = outcome;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASE_OUTCOME]);
    }
  if (self->job_value != job_value)
    {
      self->job_value = job_value;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB_VALUE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
redial_timeline_item_get_previous_owner (RedialTimelineItem *self)
{
  g_return_val_if_fail (REDIAL_IS_TIMELINE_ITEM (self), NULL);
  return self->previous_owner;
}

void
redial_timeline_item_set_previous_owner (RedialTimelineItem *self,
                                         const char         *previous_owner)
{
  g_return_if_fail (REDIAL_IS_TIMELINE_ITEM (self));

  if (g_strcmp0 (self->previous_owner, previous_owner) == 0)
    return;
  g_free (self->previous_owner);
  self->previous_owner = g_strdup (previous_owner);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIOUS_OWNER]);
}

gint64
redial_timeline_sla_id (RedialSlaClock    clock,
                        gint64            episode,
                        RedialSlaCrossing crossing)
{
  /* An episode is 0 or the time a reply came (µs): six slots each. */
  return MAX (episode, 0) * 6 + (gint64) clock * 3 + (gint64) crossing + 1;
}

int
redial_timeline_item_compare (gconstpointer a,
                              gconstpointer b)
{
  const RedialTimelineItem *x = *(RedialTimelineItem * const *) a;
  const RedialTimelineItem *y = *(RedialTimelineItem * const *) b;

  if (x->at != y->at)
    return x->at < y->at ? -1 : 1;
  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  if (x->id != y->id)
    return x->id < y->id ? -1 : 1;
  return 0;
}

const char *
redial_timeline_item_get_question (RedialTimelineItem *self)
{
  g_return_val_if_fail (REDIAL_IS_TIMELINE_ITEM (self), NULL);
  return self->question;
}

void
redial_timeline_item_set_question (RedialTimelineItem *self,
                                   const char         *question)
{
  g_return_if_fail (REDIAL_IS_TIMELINE_ITEM (self));

  if (g_strcmp0 (self->question, question) == 0)
    return;
  g_free (self->question);
  self->question = g_strdup (question);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUESTION]);
}
