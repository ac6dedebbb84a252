/* redial-job-type.c: a kind of job the business books: how long it takes and the arrival window it is offered with. */
#include "config.h"

#define G_LOG_DOMAIN "redial-model"

#include "redial-job-type.h"

struct _RedialJobType
{
  GObject  parent_instance;

  char    *name;
  gint64   duration;
  gint64   window;
};

G_DEFINE_FINAL_TYPE (RedialJobType, redial_job_type, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_DURATION,
  PROP_WINDOW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
redial_job_type_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RedialJobType *self = REDIAL_JOB_TYPE (object);

  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_DURATION: g_value_set_int64 (value, self->duration); break;
    case PROP_WINDOW: g_value_set_int64 (value, self->window); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_job_type_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  RedialJobType *self = REDIAL_JOB_TYPE (object);

  switch (prop_id)
    {
    case PROP_NAME: self->name = g_value_dup_string (value); break;
    case PROP_DURATION: self->duration = g_value_get_int64 (value); break;
    case PROP_WINDOW: self->window = g_value_get_int64 (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_job_type_finalize (GObject *object)
{
  RedialJobType *self = REDIAL_JOB_TYPE (object);

  g_free (self->name);

  G_OBJECT_CLASS (redial_job_type_parent_class)->finalize (object);
}

static void
redial_job_type_class_init (RedialJobTypeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = redial_job_type_get_property;
  object_class->set_property = redial_job_type_set_property;
  object_class->finalize = redial_job_type_finalize;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, construct);
  properties[PROP_DURATION] =
    g_param_spec_int64 ("duration", NULL, NULL, 1, G_MAXINT64, (gint64) 3600 * G_USEC_PER_SEC, construct);
  properties[PROP_WINDOW] =
    g_param_spec_int64 ("window", NULL, NULL, 0, G_MAXINT64, 0, construct);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
redial_job_type_init (RedialJobType *self)
{
}

RedialJobType *
redial_job_type_new (const char *name,
                     gint64      duration,
                     gint64      window)
{
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (duration > 0, NULL);
  g_return_val_if_fail (window >= 0, NULL);

  return g_object_new (REDIAL_TYPE_JOB_TYPE, "name", name, "duration", duration, "window", window, NULL);
}

const char *
redial_job_type_get_name (RedialJobType *self)
{
  g_return_val_if_fail (REDIAL_IS_JOB_TYPE (self), NULL);
  return self->name;
}

gint64
redial_job_type_get_duration (RedialJobType *self)
{
  g_return_val_if_fail (REDIAL_IS_JOB_TYPE (self), 0);
  return self->duration;
}

gint64
redial_job_type_get_window (RedialJobType *self)
{
  g_return_val_if_fail (REDIAL_IS_JOB_TYPE (self), 0);
  return self->window;
}
