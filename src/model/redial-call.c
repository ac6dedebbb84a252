/* redial-call.c: one inbound call as stored. */
#include "config.h"

#define G_LOG_DOMAIN "redial-model"

#include "redial-call.h"
#include "redial-enums.h"

struct _RedialCall
{
  GObject            parent_instance;

  gint64             id;
  gint64             case_id;
  char              *provider;
  char              *provider_call_id;
  char              *caller;
  char              *caller_raw;
  char              *caller_name;
  char              *line;
  char              *line_label;
  gint64             started_at;
  gint64             ended_at;
  RedialDisposition  disposition;
};

G_DEFINE_FINAL_TYPE (RedialCall, redial_call, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CASE_ID,
  PROP_PROVIDER,
  PROP_PROVIDER_CALL_ID,
  PROP_CALLER,
  PROP_CALLER_RAW,
  PROP_CALLER_NAME,
  PROP_LINE,
  PROP_LINE_LABEL,
  PROP_STARTED_AT,
  PROP_ENDED_AT,
  PROP_DISPOSITION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
redial_call_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  RedialCall *self = REDIAL_CALL (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_CASE_ID: g_value_set_int64 (value, self->case_id); break;
    case PROP_PROVIDER: g_value_set_string (value, self->provider); break;
    case PROP_PROVIDER_CALL_ID: g_value_set_string (value, self->provider_call_id); break;
    case PROP_CALLER: g_value_set_string (value, self->caller); break;
    case PROP_CALLER_RAW: g_value_set_string (value, self->caller_raw); break;
    case PROP_CALLER_NAME: g_value_set_string (value, self->caller_name); break;
    case PROP_LINE: g_value_set_string (value, self->line); break;
    case PROP_LINE_LABEL: g_value_set_string (value, self->line_label); break;
    case PROP_STARTED_AT: g_value_set_int64 (value, self->started_at); break;
    case PROP_ENDED_AT: g_value_set_int64 (value, self->ended_at); break;
    case PROP_DISPOSITION: g_value_set_enum (value, self->disposition); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_call_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  RedialCall *self = REDIAL_CALL (object);

  switch (prop_id)
    {
    case PROP_ID: redial_call_set_id (self, g_value_get_int64 (value)); break;
    case PROP_CASE_ID: redial_call_set_case_id (self, g_value_get_int64 (value)); break;
    case PROP_PROVIDER: self->provider = g_value_dup_string (value); break;
    case PROP_PROVIDER_CALL_ID: self->provider_call_id = g_value_dup_string (value); break;
    case PROP_CALLER: self->caller = g_value_dup_string (value); break;
    case PROP_CALLER_RAW: self->caller_raw = g_value_dup_string (value); break;
    case PROP_CALLER_NAME: self->caller_name = g_value_dup_string (value); break;
    case PROP_LINE: self->line = g_value_dup_string (value); break;
    case PROP_LINE_LABEL: self->line_label = g_value_dup_string (value); break;
    case PROP_STARTED_AT: self->started_at = g_value_get_int64 (value); break;
    case PROP_ENDED_AT: self->ended_at = g_value_get_int64 (value); break;
    case PROP_DISPOSITION: self->disposition = g_value_get_enum (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_call_finalize (GObject *object)
{
  RedialCall *self = REDIAL_CALL (object);

  g_free (self->provider);
  g_free (self->provider_call_id);
  g_free (self->caller);
  g_free (self->caller_raw);
  g_free (self->caller_name);
  g_free (self->line);
  g_free (self->line_label);

  G_OBJECT_CLASS (redial_call_parent_class)->finalize (object);
}

static void
redial_call_class_init (RedialCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags co = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = redial_call_get_property;
  object_class->set_property = redial_call_set_property;
  object_class->finalize = redial_call_finalize;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_CASE_ID] = g_param_spec_int64 ("case-id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_PROVIDER] = g_param_spec_string ("provider", NULL, NULL, NULL, co);
  properties[PROP_PROVIDER_CALL_ID] = g_param_spec_string ("provider-call-id", NULL, NULL, NULL, co);
  properties[PROP_CALLER] = g_param_spec_string ("caller", NULL, NULL, NULL, co);
  properties[PROP_CALLER_RAW] = g_param_spec_string ("caller-raw", NULL, NULL, NULL, co);
  properties[PROP_CALLER_NAME] = g_param_spec_string ("caller-name", NULL, NULL, NULL, co);
  properties[PROP_LINE] = g_param_spec_string ("line", NULL, NULL, NULL, co);
  properties[PROP_LINE_LABEL] = g_param_spec_string ("line-label", NULL, NULL, NULL, co);
  properties[PROP_STARTED_AT] = g_param_spec_int64 ("started-at", NULL, NULL, 0, G_MAXINT64, 0, co);
  properties[PROP_ENDED_AT] = g_param_spec_int64 ("ended-at", NULL, NULL, 0, G_MAXINT64, 0, co);
  properties[PROP_DISPOSITION] = g_param_spec_enum ("disposition", NULL, NULL,
                                                    REDIAL_TYPE_DISPOSITION,
                                                    REDIAL_DISPOSITION_NO_ANSWER, co);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
redial_call_init (RedialCall *self)
{
}

gint64
redial_call_get_id (RedialCall *self)
{
  g_return_val_if_fail (REDIAL_IS_CALL (self), 0);
  return self->id;
}

void
redial_call_set_id (RedialCall *self,
                    gint64      id)
{
  g_return_if_fail (REDIAL_IS_CALL (self));

  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

gint64
redial_call_get_case_id (RedialCall *self)
{
  g_return_val_if_fail (REDIAL_IS_CALL (self), 0);
  return self->case_id;
}

void
redial_call_set_case_id (RedialCall *self,
                         gint64      case_id)
{
  g_return_if_fail (REDIAL_IS_CALL (self));

  if (self->case_id == case_id)
    return;
  self->case_id = case_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASE_ID]);
}

#define STRING_GETTER(field)                                  \
  const char *                                                \
  redial_call_get_##field (RedialCall *self)                  \
  {                                                           \
    g_return_val_if_fail (REDIAL_IS_CALL (self), NULL);       \
    return self->field;                                       \
  }

STRING_GETTER (provider)
STRING_GETTER (provider_call_id)
STRING_GETTER (caller)
STRING_GETTER (caller_raw)
STRING_GETTER (caller_name)
STRING_GETTER (line)
STRING_GETTER (line_label)

gint64
redial_call_get_started_at (RedialCall *self)
{
  g_return_val_if_fail (REDIAL_IS_CALL (self), 0);
  return self->started_at;
}

gint64
redial_call_get_ended_at (RedialCall *self)
{
  g_return_val_if_fail (REDIAL_IS_CALL (self), 0);
  return self->ended_at;
}

RedialDisposition
redial_call_get_disposition (RedialCall *self)
{
  g_return_val_if_fail (REDIAL_IS_CALL (self), REDIAL_DISPOSITION_NO_ANSWER);
  return self->disposition;
}
