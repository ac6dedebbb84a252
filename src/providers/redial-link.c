/* redial-link.c: the link every backend keeps to its peer. */
#include "config.h"

#define G_LOG_DOMAIN "redial-providers"

#include "redial-enums.h"
#include "redial-link.h"

#define DEFAULT_FIRST_RETRY_US (G_USEC_PER_SEC)
#define DEFAULT_LAST_RETRY_US  (60 * G_USEC_PER_SEC)

typedef struct
{
  RedialConnectionState  state;
  char                  *status;
  RedialBackoff          backoff;
} RedialLinkPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (RedialLink, redial_link, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
redial_link_real_start (RedialLink *self)
{
}

static void
redial_link_real_stop (RedialLink *self)
{
}

static void
redial_link_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  RedialLink *self = REDIAL_LINK (object);
  RedialLinkPrivate *priv = redial_link_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, priv->state);
      break;
    case PROP_STATUS:
      g_value_set_string (value, priv->status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_link_finalize (GObject *object)
{
  RedialLink *self = REDIAL_LINK (object);
  RedialLinkPrivate *priv = redial_link_get_instance_private (self);

  g_free (priv->status);

  G_OBJECT_CLASS (redial_link_parent_class)->finalize (object);
}

static void
redial_link_class_init (RedialLinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = redial_link_get_property;
  object_class->finalize = redial_link_finalize;

  klass->start = redial_link_real_start;
  klass->stop = redial_link_real_stop;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       REDIAL_TYPE_CONNECTION_STATE, REDIAL_CONNECTION_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
redial_link_init (RedialLink *self)
{
  RedialLinkPrivate *priv = redial_link_get_instance_private (self);

  priv->state = REDIAL_CONNECTION_DISCONNECTED;
  redial_backoff_init (&priv->backoff, DEFAULT_FIRST_RETRY_US, DEFAULT_LAST_RETRY_US);
}

void
redial_link_start (RedialLink *self)
{
  g_return_if_fail (REDIAL_IS_LINK (self));
  REDIAL_LINK_GET_CLASS (self)->start (self);
}

void
redial_link_stop (RedialLink *self)
{
  RedialLinkPrivate *priv = redial_link_get_instance_private (self);

  g_return_if_fail (REDIAL_IS_LINK (self));
  REDIAL_LINK_GET_CLASS (self)->stop (self);
  redial_backoff_reset (&priv->backoff);
}

RedialConnectionState
redial_link_get_state (RedialLink *self)
{
  RedialLinkPrivate *priv = redial_link_get_instance_private (self);

  g_return_val_if_fail (REDIAL_IS_LINK (self), REDIAL_CONNECTION_DISCONNECTED);
  return priv->state;
}

const char *
redial_link_get_status (RedialLink *self)
{
  RedialLinkPrivate *priv = redial_link_get_instance_private (self);

  g_return_val_if_fail (REDIAL_IS_LINK (self), NULL);
  return priv->status;
}

void
redial_link_set_state (RedialLink            *self,
                       RedialConnectionState  state,
                       const char            *status)
{
  RedialLinkPrivate *priv = redial_link_get_instance_private (self);
  gboolean state_changed;
  gboolean status_changed;

  g_return_if_fail (REDIAL_IS_LINK (self));

  state_changed = priv->state != state;
  status_changed = g_strcmp0 (priv->status, status) != 0;

  priv->state = state;
  if (status_changed)
    {
      g_free (priv->status);
      priv->status = g_strdup (status);
    }

  /* Both are set before either is announced: a listener reads a
   * consistent pair. */
  if (state_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (status_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

void
redial_link_set_backoff (RedialLink *self,
                         gint64      first_us,
                         gint64      max_us)
{
  RedialLinkPrivate *priv = redial_link_get_instance_private (self);

  g_return_if_fail (REDIAL_IS_LINK (self));
  redial_backoff_init (&priv->backoff, first_us, max_us);
}

gint64
redial_link_next_retry (RedialLink *self,
                        gint64      retry_after_us)
{
  RedialLinkPrivate *priv = redial_link_get_instance_private (self);

  g_return_val_if_fail (REDIAL_IS_LINK (self), 0);
  return redial_backoff_next (&priv->backoff, retry_after_us);
}

void
redial_link_reset_backoff (RedialLink *self)
{
  RedialLinkPrivate *priv = redial_link_get_instance_private (self);

  g_return_if_fail (REDIAL_IS_LINK (self));
  redial_backoff_reset (&priv->backoff);
}
