/* redial-hold.c: a slot kept for one case for a while, so that an offer by text can still be taken. */
#include "config.h"

#define G_LOG_DOMAIN "redial-model"

#include "redial-hold.h"

struct _RedialHold
{
  GObject  parent_instance;

  gint64   id;
  gint64   case_id;
  char    *resource;
  gint64   start;
  gint64   end;
  gint64   expires_at;
};

G_DEFINE_FINAL_TYPE (RedialHold, redial_hold, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CASE_ID,
  PROP_RESOURCE,
  PROP_START,
  PROP_END,
  PROP_EXPIRES_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
redial_hold_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  RedialHold *self = REDIAL_HOLD (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_CASE_ID: g_value_set_int64 (value, self->case_id); break;
    case PROP_RESOURCE: g_value_set_string (value, self->resource); break;
    case PROP_START: g_value_set_int64 (value, self->start); break;
    case PROP_END: g_value_set_int64 (value, self->end); break;
    case PROP_EXPIRES_AT: g_value_set_int64 (value, self->expires_at); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_hold_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  RedialHold *self = REDIAL_HOLD (object);

  switch (prop_id)
    {
    case PROP_ID: redial_hold_set_id (self, g_value_get_int64 (value)); break;
    case PROP_CASE_ID: self->case_id = g_value_get_int64 (value); break;
    case PROP_RESOURCE: self->resource = g_value_dup_string (value); break;
    case PROP_START: self->start = g_value_get_int64 (value); break;
    case PROP_END: self->end = g_value_get_int64 (value); break;
    case PROP_EXPIRES_AT: self->expires_at = g_value_get_int64 (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_hold_finalize (GObject *object)
{
  RedialHold *self = REDIAL_HOLD (object);

  g_free (self->resource);

  G_OBJECT_CLASS (redial_hold_parent_class)->finalize (object);
}

static void
redial_hold_class_init (RedialHoldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = redial_hold_get_property;
  object_class->set_property = redial_hold_set_property;
  object_class->finalize = redial_hold_finalize;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CASE_ID] =
    g_param_spec_int64 ("case-id", NULL, NULL, 0, G_MAXINT64, 0, construct);
  properties[PROP_RESOURCE] =
    g_param_spec_string ("resource", NULL, NULL, NULL, construct);
  properties[PROP_START] =
    g_param_spec_int64 ("start", NULL, NULL, G_MININT64, G_MAXINT64, 0, construct);
  properties[PROP_END] =
    g_param_spec_int64 ("end", NULL, NULL, G_MININT64, G_MAXINT64, 0, construct);
  properties[PROP_EXPIRES_AT] =
    g_param_spec_int64 ("expires-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, construct);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
redial_hold_init (RedialHold *self)
{
}

RedialHold *
redial_hold_new (gint64      case_id,
                 const char *resource,
                 gint64      start,
                 gint64      end,
                 gint64      expires_at)
{
  g_return_val_if_fail (resource != NULL, NULL);
  g_return_val_if_fail (end > start, NULL);

  return g_object_new (REDIAL_TYPE_HOLD,
                       "case-id", case_id,
                       "resource", resource,
                       "start", start,
                       "end", end,
                       "expires-at", expires_at,
                       NULL);
}

gint64
redial_hold_get_id (RedialHold *self)
{
  g_return_val_if_fail (REDIAL_IS_HOLD (self), 0);
  return self->id;
}

void
redial_hold_set_id (RedialHold *self,
                    gint64      id)
{
  g_return_if_fail (REDIAL_IS_HOLD (self));

  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

gint64
redial_hold_get_case_id (RedialHold *self)
{
  g_return_val_if_fail (REDIAL_IS_HOLD (self), 0);
  return self->case_id;
}

const char *
redial_hold_get_resource (RedialHold *self)
{
  g_return_val_if_fail (REDIAL_IS_HOLD (self), NULL);
  return self->resource;
}

gint64
redial_hold_get_start (RedialHold *self)
{
  g_return_val_if_fail (REDIAL_IS_HOLD (self), 0);
  return self->start;
}

gint64
redial_hold_get_end (RedialHold *self)
{
  g_return_val_if_fail (REDIAL_IS_HOLD (self), 0);
  return self->end;
}

gint64
redial_hold_get_expires_at (RedialHold *self)
{
  g_return_val_if_fail (REDIAL_IS_HOLD (self), 0);
  return self->expires_at;
}

gboolean
redial_hold_is_active (RedialHold *self,
                       gint64      now)
{
  g_return_val_if_fail (REDIAL_IS_HOLD (self), FALSE);
  return now < self->expires_at;
}
