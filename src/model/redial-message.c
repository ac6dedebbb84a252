/* redial-message.c: one text to or from a caller, with its delivery status. */
#include "config.h"

#define G_LOG_DOMAIN "redial-model"

#include "redial-enums.h"
#include "redial-message.h"

struct _RedialMessage
{
  GObject                 parent_instance;

  gint64                  id;
  gint64                  case_id;
  RedialMessageDirection  direction;
  RedialMessageKind       kind;
  char                   *peer;
  char                   *body;
  gint64                  created_at;
  RedialMessageStatus     status;
  char                   *provider_message_id;
  char                   *error;
  char                   *author;
  gint64                  attempted_at;
};

G_DEFINE_FINAL_TYPE (RedialMessage, redial_message, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CASE_ID,
  PROP_DIRECTION,
  PROP_KIND,
  PROP_PEER,
  PROP_BODY,
  PROP_CREATED_AT,
  PROP_STATUS,
  PROP_PROVIDER_MESSAGE_ID,
  PROP_ERROR,
  PROP_AUTHOR,
  PROP_ATTEMPTED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
redial_message_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RedialMessage *self = REDIAL_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_CASE_ID: g_value_set_int64 (value, self->case_id); break;
    case PROP_DIRECTION: g_value_set_enum (value, self->direction); break;
    case PROP_KIND: g_value_set_enum (value, self->kind); break;
    case PROP_PEER: g_value_set_string (value, self->peer); break;
    case PROP_BODY: g_value_set_string (value, self->body); break;
    case PROP_CREATED_AT: g_value_set_int64 (value, self->created_at); break;
    case PROP_STATUS: g_value_set_enum (value, self->status); break;
    case PROP_PROVIDER_MESSAGE_ID: g_value_set_string (value, self->provider_message_id); break;
    case PROP_ERROR: g_value_set_string (value, self->error); break;
    case PROP_AUTHOR: g_value_set_string (value, self->author); break;
    case PROP_ATTEMPTED_AT: g_value_set_int64 (value, self->attempted_at); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_message_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RedialMessage *self = REDIAL_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_ID: redial_message_set_id (self, g_value_get_int64 (value)); break;
    case PROP_CASE_ID: self->case_id = g_value_get_int64 (value); break;
    case PROP_DIRECTION: self->direction = g_value_get_enum (value); break;
    case PROP_KIND: self->kind = g_value_get_enum (value); break;
    case PROP_PEER: self->peer = g_value_dup_string (value); break;
    case PROP_BODY: self->body = g_value_dup_string (value); break;
    case PROP_CREATED_AT: self->created_at = g_value_get_int64 (value); break;
    case PROP_STATUS: redial_message_set_status (self, g_value_get_enum (value)); break;
    case PROP_PROVIDER_MESSAGE_ID: redial_message_set_provider_message_id (self, g_value_get_string (value)); break;
    case PROP_ERROR: redial_message_set_error (self, g_value_get_string (value)); break;
    case PROP_AUTHOR: redial_message_set_author (self, g_value_get_string (value)); break;
    case PROP_ATTEMPTED_AT: redial_message_set_attempted_at (self, g_value_get_int64 (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_message_finalize (GObject *object)
{
  RedialMessage *self = REDIAL_MESSAGE (object);

  g_free (self->peer);
  g_free (self->body);
  g_free (self->provider_message_id);
  g_free (self->error);
  g_free (self->author);

  G_OBJECT_CLASS (redial_message_parent_class)->finalize (object);
}

static void
redial_message_class_init (RedialMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags co = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = redial_message_get_property;
  object_class->set_property = redial_message_set_property;
  object_class->finalize = redial_message_finalize;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_CASE_ID] = g_param_spec_int64 ("case-id", NULL, NULL, 0, G_MAXINT64, 0, co);
  properties[PROP_DIRECTION] = g_param_spec_enum ("direction", NULL, NULL, REDIAL_TYPE_MESSAGE_DIRECTION,
                                                  REDIAL_MESSAGE_DIRECTION_OUTBOUND, co);
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, REDIAL_TYPE_MESSAGE_KIND,
                                             REDIAL_MESSAGE_KIND_MANUAL, co);
  properties[PROP_PEER] = g_param_spec_string ("peer", NULL, NULL, NULL, co);
  properties[PROP_BODY] = g_param_spec_string ("body", NULL, NULL, NULL, co);
  properties[PROP_CREATED_AT] = g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0, co);
  properties[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL, REDIAL_TYPE_MESSAGE_STATUS,
                                               REDIAL_MESSAGE_STATUS_QUEUED, rw);
  properties[PROP_PROVIDER_MESSAGE_ID] = g_param_spec_string ("provider-message-id", NULL, NULL, NULL, rw);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, rw);
  properties[PROP_AUTHOR] = g_param_spec_string ("author", NULL, NULL, NULL, rw);
  properties[PROP_ATTEMPTED_AT] = g_param_spec_int64 ("attempted-at", NULL, NULL, 0, G_MAXINT64, 0, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
redial_message_init (RedialMessage *self)
{
}

RedialMessage *
redial_message_new (gint64                  case_id,
                    RedialMessageDirection  direction,
                    RedialMessageKind       kind,
                    const char             *peer,
                    const char             *body,
                    gint64                  created_at)
{
  return g_object_new (REDIAL_TYPE_MESSAGE,
                       "case-id", case_id,
                       "direction", direction,
                       "kind", kind,
                       "peer", peer,
                       "body", body,
                       "created-at", created_at,
                       "status", direction == REDIAL_MESSAGE_DIRECTION_INBOUND
                                   ? REDIAL_MESSAGE_STATUS_RECEIVED
                                   : REDIAL_MESSAGE_STATUS_QUEUED,
                       NULL);
}

gint64
redial_message_get_id (RedialMessage *self)
{
  g_return_val_if_fail (REDIAL_IS_MESSAGE (self), 0);
  return self->id;
}

void
redial_message_set_id (RedialMessage *self,
                       gint64         id)
{
  g_return_if_fail (REDIAL_IS_MESSAGE (self));

  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

gint64
redial_message_get_case_id (RedialMessage *self)
{
  g_return_val_if_fail (REDIAL_IS_MESSAGE (self), 0);
  return self->case_id;
}

RedialMessageDirection
redial_message_get_direction (RedialMessage *self)
{
  g_return_val_if_fail (REDIAL_IS_MESSAGE (self), REDIAL_MESSAGE_DIRECTION_OUTBOUND);
  return self->direction;
}

RedialMessageKind
redial_message_get_kind (RedialMessage *self)
{
  g_return_val_if_fail (REDIAL_IS_MESSAGE (self), REDIAL_MESSAGE_KIND_MANUAL);
  return self->kind;
}

const char *
redial_message_get_peer (RedialMessage *self)
{
  g_return_val_if_fail (REDIAL_IS_MESSAGE (self), NULL);
  return self->peer;
}

const char *
redial_message_get_body (RedialMessage *self)
{
  g_return_val_if_fail (REDIAL_IS_MESSAGE (self), NULL);
  return self->body;
}

gint64
redial_message_get_created_at (RedialMessage *self)
{
  g_return_val_if_fail (REDIAL_IS_MESSAGE (self), 0);
  return self->created_at;
}

RedialMessageStatus
redial_message_get_status (RedialMessage *self)
{
  g_return_val_if_fail (REDIAL_IS_MESSAGE (self), REDIAL_MESSAGE_STATUS_QUEUED);
  return self->status;
}

void
redial_message_set_status (RedialMessage       *self,
                           RedialMessageStatus  status)
{
  g_return_if_fail (REDIAL_IS_MESSAGE (self));

  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static void
replace_string (RedialMessage  *self,
                char          **field,
                const char     *value,
                guint           prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

const char *
redial_message_get_provider_message_id (RedialMessage *self)
{
  g_return_val_if_fail (REDIAL_IS_MESSAGE (self), NULL);
  return self->provider_message_id;
}

void
redial_message_set_provider_message_id (RedialMessage *self,
                                        const char    *provider_message_id)
{
  g_return_if_fail (REDIAL_IS_MESSAGE (self));
  replace_string (self, &self->provider_message_id, provider_message_id, PROP_PROVIDER_MESSAGE_ID);
}

const char *
redial_message_get_error (RedialMessage *self)
{
  g_return_val_if_fail (REDIAL_IS_MESSAGE (self), NULL);
  return self->error;
}

void
redial_message_set_error (RedialMessage *self,
                          const char    *error)
{
  g_return_if_fail (REDIAL_IS_MESSAGE (self));
  replace_string (self, &self->error, error, PROP_ERROR);
}

gint64
redial_message_get_attempted_at (RedialMessage *self)
{
  g_return_val_if_fail (REDIAL_IS_MESSAGE (self), 0);
  return self->attempted_at;
}

void
redial_message_set_attempted_at (RedialMessage *self,
                                 gint64         attempted_at)
{
  g_return_if_fail (REDIAL_IS_MESSAGE (self));

  if (self->attempted_at == attempted_at)
    return;
  self->attempted_at = attempted_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTEMPTED_AT]);
}

const char *
redial_message_get_author (RedialMessage *self)
{
  g_return_val_if_fail (REDIAL_IS_MESSAGE (self), NULL);
  return self->author;
}

void
redial_message_set_author (RedialMessage *self,
                           const char    *author)
{
  g_return_if_fail (REDIAL_IS_MESSAGE (self));
  replace_string (self, &self->author, author, PROP_AUTHOR);
}
