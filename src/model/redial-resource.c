/* redial-resource.c: who or what is booked (a technician, a provider, a room): the jobs it does and its weekly hours. */
#include "config.h"

#define G_LOG_DOMAIN "redial-model"

#include "redial-resource.h"

struct _RedialResource
{
  GObject  parent_instance;

  char    *name;
  GStrv    job_types;
  GArray  *hours[8];  /* by GDateWeekday (1–7): RedialMinuteRange, in order */
};

G_DEFINE_FINAL_TYPE (RedialResource, redial_resource, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_JOB_TYPES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
redial_resource_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RedialResource *self = REDIAL_RESOURCE (object);

  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_JOB_TYPES: g_value_set_boxed (value, self->job_types); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_resource_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  RedialResource *self = REDIAL_RESOURCE (object);

  switch (prop_id)
    {
    case PROP_NAME: self->name = g_value_dup_string (value); break;
    case PROP_JOB_TYPES:
      g_strfreev (self->job_types);
      self->job_types = g_value_dup_boxed (value);
      if (self->job_types == NULL)
        self->job_types = g_new0 (char *, 1);
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_resource_finalize (GObject *object)
{
  RedialResource *self = REDIAL_RESOURCE (object);

  g_free (self->name);
  g_strfreev (self->job_types);
  for (guint i = 0; i < G_N_ELEMENTS (self->hours); i++)
    g_array_unref (self->hours[i]);

  G_OBJECT_CLASS (redial_resource_parent_class)->finalize (object);
}

static void
redial_resource_class_init (RedialResourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = redial_resource_get_property;
  object_class->set_property = redial_resource_set_property;
  object_class->finalize = redial_resource_finalize;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, construct);
  properties[PROP_JOB_TYPES] =
    g_param_spec_boxed ("job-types", NULL, NULL, G_TYPE_STRV, construct);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
redial_resource_init (RedialResource *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->hours); i++)
    self->hours[i] = g_array_new (FALSE, FALSE, sizeof (RedialMinuteRange));
}

RedialResource *
redial_resource_new (const char         *name,
                     const char * const *job_types)
{
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (REDIAL_TYPE_RESOURCE, "name", name, "job-types", job_types, NULL);
}

const char *
redial_resource_get_name (RedialResource *self)
{
  g_return_val_if_fail (REDIAL_IS_RESOURCE (self), NULL);
  return self->name;
}

const char * const *
redial_resource_get_job_types (RedialResource *self)
{
  g_return_val_if_fail (REDIAL_IS_RESOURCE (self), NULL);
  return (const char * const *) self->job_types;
}

gboolean
redial_resource_does_job (RedialResource *self,
                          const char     *job_type)
{
  g_return_val_if_fail (REDIAL_IS_RESOURCE (self), FALSE);

  if (job_type == NULL || self->job_types[0] == NULL)
    return TRUE;
  return g_strv_contains ((const char * const *) self->job_types, job_type);
}

gboolean
redial_resource_add_hours (RedialResource *self,
                           GDateWeekday    day,
                           guint           start_minute,
                           guint           end_minute)
{
  GArray *ranges;
  RedialMinuteRange range = { start_minute, end_minute };
  guint i;

  g_return_val_if_fail (REDIAL_IS_RESOURCE (self), FALSE);
  g_return_val_if_fail (g_date_valid_weekday (day), FALSE);
  g_return_val_if_fail (start_minute < end_minute && end_minute <= 24 * 60, FALSE);

  ranges = self->hours[day];
  for (i = 0; i < ranges->len; i++)
    {
      const RedialMinuteRange *other = &g_array_index (ranges, RedialMinuteRange, i);

      if (other->start < end_minute && start_minute < other->end)
        return FALSE;
      if (other->start > start_minute)
        break;
    }
  g_array_insert_val (ranges, i, range);
  return TRUE;
}

const RedialMinuteRange *
redial_resource_get_hours (RedialResource *self,
                           GDateWeekday    day,
                           guint          *n_ranges)
{
  g_return_val_if_fail (REDIAL_IS_RESOURCE (self), NULL);
  g_return_val_if_fail (g_date_valid_weekday (day), NULL);
  g_return_val_if_fail (n_ranges != NULL, NULL);

  *n_ranges = self->hours[day]->len;
  return (const RedialMinuteRange *) self->hours[day]->data;
}
