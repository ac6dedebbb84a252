/* redial-appointment.c: a booked slot on a resource, tied to its case, with its calendar copy's state. */
#include "config.h"

#define G_LOG_DOMAIN "redial-model"

#include "redial-appointment.h"
#include "redial-enums.h"

struct _RedialAppointment
{
  GObject                  parent_instance;

  gint64                   id;
  gint64                   case_id;
  char                    *resource;
  char                    *job_type;
  gint64                   start;
  gint64                   end;
  char                    *address;
  char                    *caller;
  char                    *caller_name;
  RedialAppointmentStatus  status;
  char                    *uid;
  guint                    sequence;
  char                    *etag;
  char                    *href;
  gboolean                 conflict;
  guint                    published_sequence;
  gint64                   created_at;
  gint64                   updated_at;
};

G_DEFINE_FINAL_TYPE (RedialAppointment, redial_appointment, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CASE_ID,
  PROP_RESOURCE,
  PROP_JOB_TYPE,
  PROP_START,
  PROP_END,
  PROP_ADDRESS,
  PROP_CALLER,
  PROP_CALLER_NAME,
  PROP_STATUS,
  PROP_UID,
  PROP_SEQUENCE,
  PROP_ETAG,
  PROP_HREF,
  PROP_CONFLICT,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_PUBLISHED_SEQUENCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Replaces *@field by a copy of @value; TRUE when it changed. */
static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* One end at a time, as g_object_set() gives them: the pair is checked by
 * redial_appointment_set_times(). */
static void
set_time (RedialAppointment *self,
          gint64            *field,
          gint64             value,
          GParamSpec        *pspec)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

static void
redial_appointment_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RedialAppointment *self = REDIAL_APPOINTMENT (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_CASE_ID: g_value_set_int64 (value, self->case_id); break;
    case PROP_RESOURCE: g_value_set_string (value, self->resource); break;
    case PROP_JOB_TYPE: g_value_set_string (value, self->job_type); break;
    case PROP_START: g_value_set_int64 (value, self->start); break;
    case PROP_END: g_value_set_int64 (value, self->end); break;
    case PROP_ADDRESS: g_value_set_string (value, self->address); break;
    case PROP_CALLER: g_value_set_string (value, self->caller); break;
    case PROP_CALLER_NAME: g_value_set_string (value, self->caller_name); break;
    case PROP_STATUS: g_value_set_enum (value, self->status); break;
    case PROP_UID: g_value_set_string (value, self->uid); break;
    case PROP_SEQUENCE: g_value_set_uint (value, self->sequence); break;
    case PROP_ETAG: g_value_set_string (value, self->etag); break;
    case PROP_HREF: g_value_set_string (value, self->href); break;
    case PROP_CONFLICT: g_value_set_boolean (value, self->conflict); break;
    case PROP_CREATED_AT: g_value_set_int64 (value, self->created_at); break;
    case PROP_UPDATED_AT: g_value_set_int64 (value, self->updated_at); break;
    case PROP_PUBLISHED_SEQUENCE: g_value_set_uint (value, self->published_sequence); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_appointment_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RedialAppointment *self = REDIAL_APPOINTMENT (object);

  switch (prop_id)
    {
    case PROP_ID: redial_appointment_set_id (self, g_value_get_int64 (value)); break;
    case PROP_CASE_ID: self->case_id = g_value_get_int64 (value); break;
    case PROP_RESOURCE: redial_appointment_set_resource (self, g_value_get_string (value)); break;
    case PROP_JOB_TYPE: redial_appointment_set_job_type (self, g_value_get_string (value)); break;
    case PROP_START: set_time (self, &self->start, g_value_get_int64 (value), pspec); break;
    case PROP_END: set_time (self, &self->end, g_value_get_int64 (value), pspec); break;
    case PROP_ADDRESS: redial_appointment_set_address (self, g_value_get_string (value)); break;
    case PROP_CALLER: redial_appointment_set_caller (self, g_value_get_string (value)); break;
    case PROP_CALLER_NAME: redial_appointment_set_caller_name (self, g_value_get_string (value)); break;
    case PROP_STATUS: redial_appointment_set_status (self, g_value_get_enum (value)); break;
    case PROP_UID: redial_appointment_set_uid (self, g_value_get_string (value)); break;
    case PROP_SEQUENCE: redial_appointment_set_sequence (self, g_value_get_uint (value)); break;
    case PROP_ETAG: redial_appointment_set_etag (self, g_value_get_string (value)); break;
    case PROP_HREF: redial_appointment_set_href (self, g_value_get_string (value)); break;
    case PROP_CONFLICT: redial_appointment_set_conflict (self, g_value_get_boolean (value)); break;
    case PROP_CREATED_AT: redial_appointment_set_created_at (self, g_value_get_int64 (value)); break;
    case PROP_UPDATED_AT: redial_appointment_set_updated_at (self, g_value_get_int64 (value)); break;
    case PROP_PUBLISHED_SEQUENCE: redial_appointment_set_published_sequence (self, g_value_get_uint (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_appointment_finalize (GObject *object)
{
  RedialAppointment *self = REDIAL_APPOINTMENT (object);

  g_free (self->resource);
  g_free (self->job_type);
  g_free (self->address);
  g_free (self->caller);
  g_free (self->caller_name);
  g_free (self->uid);
  g_free (self->etag);
  g_free (self->href);

  G_OBJECT_CLASS (redial_appointment_parent_class)->finalize (object);
}

static void
redial_appointment_class_init (RedialAppointmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = redial_appointment_get_property;
  object_class->set_property = redial_appointment_set_property;
  object_class->finalize = redial_appointment_finalize;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CASE_ID] =
    g_param_spec_int64 ("case-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESOURCE] =
    g_param_spec_string ("resource", NULL, NULL, NULL, flags);
  properties[PROP_JOB_TYPE] =
    g_param_spec_string ("job-type", NULL, NULL, NULL, flags);
  properties[PROP_START] =
    g_param_spec_int64 ("start", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_END] =
    g_param_spec_int64 ("end", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL, NULL, flags);
  properties[PROP_CALLER] =
    g_param_spec_string ("caller", NULL, NULL, NULL, flags);
  properties[PROP_CALLER_NAME] =
    g_param_spec_string ("caller-name", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, REDIAL_TYPE_APPOINTMENT_STATUS,
                       REDIAL_APPOINTMENT_STATUS_BOOKED, flags);
  properties[PROP_UID] =
    g_param_spec_string ("uid", NULL, NULL, NULL, flags);
  properties[PROP_SEQUENCE] =
    g_param_spec_uint ("sequence", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_ETAG] =
    g_param_spec_string ("etag", NULL, NULL, NULL, flags);
  properties[PROP_HREF] =
    g_param_spec_string ("href", NULL, NULL, NULL, flags);
  properties[PROP_CONFLICT] =
    g_param_spec_boolean ("conflict", NULL, NULL, FALSE, flags);
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_UPDATED_AT] =
    g_param_spec_int64 ("updated-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_PUBLISHED_SEQUENCE] =
    g_param_spec_uint ("published-sequence", NULL, NULL, 0, G_MAXUINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
redial_appointment_init (RedialAppointment *self)
{
}

RedialAppointment *
redial_appointment_new (gint64      case_id,
                        const char *resource,
                        const char *job_type,
                        gint64      start,
                        gint64      end)
{
  RedialAppointment *self;

  g_return_val_if_fail (end > start, NULL);

  /* Fields, not construct properties: the store builds thousands. */
  self = g_object_new (REDIAL_TYPE_APPOINTMENT, NULL);
  self->case_id = case_id;
  self->resource = g_strdup (resource);
  self->job_type = g_strdup (job_type);
  self->start = start;
  self->end = end;
  return self;
}

gint64
redial_appointment_get_case_id (RedialAppointment *self)
{
  g_return_val_if_fail (REDIAL_IS_APPOINTMENT (self), 0);
  return self->case_id;
}

gint64
redial_appointment_get_start (RedialAppointment *self)
{
  g_return_val_if_fail (REDIAL_IS_APPOINTMENT (self), 0);
  return self->start;
}

gint64
redial_appointment_get_end (RedialAppointment *self)
{
  g_return_val_if_fail (REDIAL_IS_APPOINTMENT (self), 0);
  return self->end;
}

void
redial_appointment_set_times (RedialAppointment *self,
                              gint64             start,
                              gint64             end)
{
  gboolean start_changed, end_changed;

  g_return_if_fail (REDIAL_IS_APPOINTMENT (self));
  g_return_if_fail (end > start);

  start_changed = self->start != start;
  end_changed = self->end != end;
  self->start = start;
  self->end = end;
  if (start_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START]);
  if (end_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END]);
}

gboolean
redial_appointment_is_booked (RedialAppointment *self)
{
  g_return_val_if_fail (REDIAL_IS_APPOINTMENT (self), FALSE);
  return self->status == REDIAL_APPOINTMENT_STATUS_BOOKED;
}

gboolean
redial_appointment_overlaps (RedialAppointment *self,
                             gint64             start,
                             gint64             end)
{
  g_return_val_if_fail (REDIAL_IS_APPOINTMENT (self), FALSE);
  return self->start < end && start < self->end;
}

gint64
redial_appointment_get_id (RedialAppointment *self)
{
  g_return_val_if_fail (REDIAL_IS_APPOINTMENT (self), 0);
  return self->id;
}

void
redial_appointment_set_id (RedialAppointment *self,
                           gint64             id)
{
  g_return_if_fail (REDIAL_IS_APPOINTMENT (self));

  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
redial_appointment_get_resource (RedialAppointment *self)
{
  g_return_val_if_fail (REDIAL_IS_APPOINTMENT (self), NULL);
  return self->resource;
}

void
redial_appointment_set_resource (RedialAppointment *self,
                                 const char        *resource)
{
  g_return_if_fail (REDIAL_IS_APPOINTMENT (self));

  if (set_string (&self->resource, resource))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESOURCE]);
}

const char *
redial_appointment_get_job_type (RedialAppointment *self)
{
  g_return_val_if_fail (REDIAL_IS_APPOINTMENT (self), NULL);
  return self->job_type;
}

void
redial_appointment_set_job_type (RedialAppointment *self,
                                 const char        *job_type)
{
  g_return_if_fail (REDIAL_IS_APPOINTMENT (self));

  if (set_string (&self->job_type, job_type))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB_TYPE]);
}

const char *
redial_appointment_get_address (RedialAppointment *self)
{
  g_return_val_if_fail (REDIAL_IS_APPOINTMENT (self), NULL);
  return self->address;
}

void
redial_appointment_set_address (RedialAppointment *self,
                                const char        *address)
{
  g_return_if_fail (REDIAL_IS_APPOINTMENT (self));

  if (set_string (&self->address, address))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADDRESS]);
}

const char *
redial_appointment_get_caller (RedialAppointment *self)
{
  g_return_val_if_fail (REDIAL_IS_APPOINTMENT (self), NULL);
  return self->caller;
}

void
redial_appointment_set_caller (RedialAppointment *self,
                               const char        *caller)
{
  g_return_if_fail (REDIAL_IS_APPOINTMENT (self));

  if (set_string (&self->caller, caller))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALLER]);
}

const char *
redial_appointment_get_caller_name (RedialAppointment *self)
{
  g_return_val_if_fail (REDIAL_IS_APPOINTMENT (self), NULL);
  return self->caller_name;
}

void
redial_appointment_set_caller_name (RedialAppointment *self,
                                    const char        *caller_name)
{
  g_return_if_fail (REDIAL_IS_APPOINTMENT (self));

  if (set_string (&self->caller_name, caller_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALLER_NAME]);
}

RedialAppointmentStatus
redial_appointment_get_status (RedialAppointment *self)
{
  g_return_val_if_fail (REDIAL_IS_APPOINTMENT (self), REDIAL_APPOINTMENT_STATUS_BOOKED);
  return self->status;
}

void
redial_appointment_set_status (RedialAppointment *self,
                               RedialAppointmentStatus  status)
{
  g_return_if_fail (REDIAL_IS_APPOINTMENT (self));

  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

const char *
redial_appointment_get_uid (RedialAppointment *self)
{
  g_return_val_if_fail (REDIAL_IS_APPOINTMENT (self), NULL);
  return self->uid;
}

void
redial_appointment_set_uid (RedialAppointment *self,
                            const char        *uid)
{
  g_return_if_fail (REDIAL_IS_APPOINTMENT (self));

  if (set_string (&self->uid, uid))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UID]);
}

guint
redial_appointment_get_sequence (RedialAppointment *self)
{
  g_return_val_if_fail (REDIAL_IS_APPOINTMENT (self), 0);
  return self->sequence;
}

void
redial_appointment_set_sequence (RedialAppointment *self,
                                 guint              sequence)
{
  g_return_if_fail (REDIAL_IS_APPOINTMENT (self));

  if (self->sequence == sequence)
    return;
  self->sequence = sequence;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEQUENCE]);
}

const char *
redial_appointment_get_etag (RedialAppointment *self)
{
  g_return_val_if_fail (REDIAL_IS_APPOINTMENT (self), NULL);
  return self->etag;
}

void
redial_appointment_set_etag (RedialAppointment *self,
                             const char        *etag)
{
  g_return_if_fail (REDIAL_IS_APPOINTMENT (self));

  if (set_string (&self->etag, etag))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ETAG]);
}

const char *
redial_appointment_get_href (RedialAppointment *self)
{
  g_return_val_if_fail (REDIAL_IS_APPOINTMENT (self), NULL);
  return self->href;
}

void
redial_appointment_set_href (RedialAppointment *self,
                             const char        *href)
{
  g_return_if_fail (REDIAL_IS_APPOINTMENT (self));

  if (set_string (&self->href, href))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HREF]);
}

gboolean
redial_appointment_get_conflict (RedialAppointment *self)
{
  g_return_val_if_fail (REDIAL_IS_APPOINTMENT (self), FALSE);
  return self->conflict;
}

void
redial_appointment_set_conflict (RedialAppointment *self,
                                 gboolean           conflict)
{
  g_return_if_fail (REDIAL_IS_APPOINTMENT (self));

  if (self->conflict == !!conflict)
    return;
  self->conflict = !!conflict;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFLICT]);
}

guint
redial_appointment_get_published_sequence (RedialAppointment *self)
{
  g_return_val_if_fail (REDIAL_IS_APPOINTMENT (self), 0);
  return self->published_sequence;
}

void
redial_appointment_set_published_sequence (RedialAppointment *self,
                                           guint              sequence)
{
  g_return_if_fail (REDIAL_IS_APPOINTMENT (self));

  if (self->published_sequence == sequence)
    return;
  self->published_sequence = sequence;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PUBLISHED_SEQUENCE]);
}

gint64
redial_appointment_get_created_at (RedialAppointment *self)
{
  g_return_val_if_fail (REDIAL_IS_APPOINTMENT (self), 0);
  return self->created_at;
}

void
redial_appointment_set_created_at (RedialAppointment *self,
                                   gint64             at)
{
  g_return_if_fail (REDIAL_IS_APPOINTMENT (self));

  if (self->created_at == at)
    return;
  self->created_at = at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED_AT]);
}

gint64
redial_appointment_get_updated_at (RedialAppointment *self)
{
  g_return_val_if_fail (REDIAL_IS_APPOINTMENT (self), 0);
  return self->updated_at;
}

void
redial_appointment_set_updated_at (RedialAppointment *self,
                                   gint64             at)
{
  g_return_if_fail (REDIAL_IS_APPOINTMENT (self));

  if (self->updated_at == at)
    return;
  self->updated_at = at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);
}
