/* redial-contact.c: a known person: a phone number and a name. */
#include "config.h"

#define G_LOG_DOMAIN "redial-model"

#include "redial-contact.h"

struct _RedialContact
{
  GObject  parent_instance;

  gint64   id;
  char    *phone;
  char    *name;
};

G_DEFINE_FINAL_TYPE (RedialContact, redial_contact, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_PHONE,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
redial_contact_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RedialContact *self = REDIAL_CONTACT (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_PHONE: g_value_set_string (value, self->phone); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_contact_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RedialContact *self = REDIAL_CONTACT (object);

  switch (prop_id)
    {
    case PROP_ID: self->id = g_value_get_int64 (value); break;
    case PROP_PHONE: self->phone = g_value_dup_string (value); break;
    case PROP_NAME: redial_contact_set_name (self, g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_contact_finalize (GObject *object)
{
  RedialContact *self = REDIAL_CONTACT (object);

  g_free (self->phone);
  g_free (self->name);

  G_OBJECT_CLASS (redial_contact_parent_class)->finalize (object);
}

static void
redial_contact_class_init (RedialContactClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = redial_contact_get_property;
  object_class->set_property = redial_contact_set_property;
  object_class->finalize = redial_contact_finalize;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PHONE] =
    g_param_spec_string ("phone", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
redial_contact_init (RedialContact *self)
{
}

RedialContact *
redial_contact_new (gint64      id,
                    const char *phone,
                    const char *name)
{
  return g_object_new (REDIAL_TYPE_CONTACT, "id", id, "phone", phone, "name", name, NULL);
}

gint64
redial_contact_get_id (RedialContact *self)
{
  g_return_val_if_fail (REDIAL_IS_CONTACT (self), 0);
  return self->id;
}

const char *
redial_contact_get_phone (RedialContact *self)
{
  g_return_val_if_fail (REDIAL_IS_CONTACT (self), NULL);
  return self->phone;
}

const char *
redial_contact_get_name (RedialContact *self)
{
  g_return_val_if_fail (REDIAL_IS_CONTACT (self), NULL);
  return self->name;
}

void
redial_contact_set_name (RedialContact *self,
                         const char    *name)
{
  g_return_if_fail (REDIAL_IS_CONTACT (self));

  if (g_strcmp0 (self->name, name) == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}
