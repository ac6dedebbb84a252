/* redial-renderer.c: fills the business's templates for a case: business, hours, first name, booking link, agent. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include <glib/gi18n.h>

#include "redial-renderer.h"
#include "redial-template-set.h"

struct _RedialRenderer
{
  GObject       parent_instance;

  RedialConfig *config;
  char         *agent_name;
};

G_DEFINE_FINAL_TYPE (RedialRenderer, redial_renderer, G_TYPE_OBJECT)

/* The first word of a contact's or caller's name, when it reads as one. */
static char *
first_name_of (RedialCase *kase)
{
  const char *name = redial_case_get_caller_name (kase);
  const char *end;

  if (name == NULL || redial_case_get_kind (kase) != REDIAL_CASE_KIND_KNOWN_CUSTOMER)
    return NULL;
  end = strchr (name, ' ');
  return end != NULL ? g_strndup (name, end - name) : g_strdup (name);
}

static void
redial_renderer_dispose (GObject *object)
{
  RedialRenderer *self = REDIAL_RENDERER (object);

  g_clear_object (&self->config);

  G_OBJECT_CLASS (redial_renderer_parent_class)->dispose (object);
}

static void
redial_renderer_finalize (GObject *object)
{
  RedialRenderer *self = REDIAL_RENDERER (object);

  g_free (self->agent_name);

  G_OBJECT_CLASS (redial_renderer_parent_class)->finalize (object);
}

static void
redial_renderer_class_init (RedialRendererClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = redial_renderer_dispose;
  object_class->finalize = redial_renderer_finalize;
}

static void
redial_renderer_init (RedialRenderer *self)
{
}

RedialRenderer *
redial_renderer_new (RedialConfig *config)
{
  RedialRenderer *self;

  g_return_val_if_fail (REDIAL_IS_CONFIG (config), NULL);

  self = g_object_new (REDIAL_TYPE_RENDERER, NULL);
  self->config = g_object_ref (config);
  return self;
}

const char *
redial_renderer_get_agent_name (RedialRenderer *self)
{
  g_return_val_if_fail (REDIAL_IS_RENDERER (self), NULL);
  return self->agent_name;
}

void
redial_renderer_set_agent_name (RedialRenderer *self,
                                const char     *agent_name)
{
  g_return_if_fail (REDIAL_IS_RENDERER (self));

  g_free (self->agent_name);
  self->agent_name = g_strdup (agent_name);
}

char *
redial_renderer_render (RedialRenderer     *self,
                        RedialCase         *kase,
                        RedialTemplateUse   use,
                        GError            **error)
{
  g_autoptr(GHashTable) values = NULL;
  RedialTemplate *template;

  g_return_val_if_fail (REDIAL_IS_RENDERER (self), NULL);
  g_return_val_if_fail (kase == NULL || REDIAL_IS_CASE (kase), NULL);

  template = redial_template_set_lookup (redial_config_get_templates (self->config), use,
                                         redial_config_get_language (self->config));
  if (template == NULL)
    {
      g_set_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_MISSING_VALUE,
                   _("There is no “%s” text."), redial_template_use_to_string (use));
      return NULL;
    }

  values = redial_renderer_values (self, kase);
  return redial_template_fill (template, values, error);
}

GHashTable *
redial_renderer_values (RedialRenderer *self,
                        RedialCase     *kase)
{
  GHashTable *values;
  char *first_name;

  g_return_val_if_fail (REDIAL_IS_RENDERER (self), NULL);
  g_return_val_if_fail (kase == NULL || REDIAL_IS_CASE (kase), NULL);

  values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_hash_table_insert (values, (gpointer) "business",
                       g_strdup (redial_config_get_business_name (self->config)));
  g_hash_table_insert (values, (gpointer) "hours", redial_hours_describe (redial_config_get_hours (self->config)));
  first_name = kase != NULL ? first_name_of (kase) : NULL;
  if (first_name != NULL)
    g_hash_table_insert (values, (gpointer) "first_name", first_name);
  if (redial_config_get_booking_link (self->config) != NULL)
    g_hash_table_insert (values, (gpointer) "booking_link",
                         g_strdup (redial_config_get_booking_link (self->config)));
  if (self->agent_name != NULL && *self->agent_name != '\0')
    g_hash_table_insert (values, (gpointer) "agent", g_strdup (self->agent_name));
  return values;
}
