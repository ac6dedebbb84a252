/* redial-service-area.c: the ZIP and postal codes a business serves, checked as a code is typed. */
#include "config.h"

#define G_LOG_DOMAIN "redial-intake"

#include <string.h>

#include "redial-service-area.h"

struct _RedialServiceArea
{
  GObject    parent_instance;

  GPtrArray *codes;   /* squeezed: capitals and digits only */
};

G_DEFINE_FINAL_TYPE (RedialServiceArea, redial_service_area, G_TYPE_OBJECT)

/* "l4c 3g5" → "L4C3G5": a code as compared. */
static char *
squeeze (const char *code)
{
  GString *out = g_string_new (NULL);

  for (const char *p = code; p != NULL && *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_toupper (*p));
  return g_string_free (out, FALSE);
}

static void
redial_service_area_finalize (GObject *object)
{
  RedialServiceArea *self = REDIAL_SERVICE_AREA (object);

  g_ptr_array_unref (self->codes);

  G_OBJECT_CLASS (redial_service_area_parent_class)->finalize (object);
}

static void
redial_service_area_class_init (RedialServiceAreaClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = redial_service_area_finalize;
}

static void
redial_service_area_init (RedialServiceArea *self)
{
  self->codes = g_ptr_array_new_with_free_func (g_free);
}

RedialServiceArea *
redial_service_area_new (const char * const *codes)
{
  RedialServiceArea *self = g_object_new (REDIAL_TYPE_SERVICE_AREA, NULL);

  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      g_autofree char *code = squeeze (codes[i]);

      if (*code != '\0')
        g_ptr_array_add (self->codes, g_steal_pointer (&code));
    }
  return self;
}

gboolean
redial_service_area_is_everywhere (RedialServiceArea *self)
{
  g_return_val_if_fail (REDIAL_IS_SERVICE_AREA (self), TRUE);
  return self->codes->len == 0;
}

RedialServiceAreaCheck
redial_service_area_check (RedialServiceArea *self,
                           const char        *code)
{
  g_autofree char *typed = NULL;
  gsize typed_len;
  gboolean unsure = FALSE;

  g_return_val_if_fail (REDIAL_IS_SERVICE_AREA (self), REDIAL_SERVICE_AREA_UNSURE);

  if (self->codes->len == 0)
    return REDIAL_SERVICE_AREA_INSIDE;

  typed = squeeze (code);
  typed_len = strlen (typed);
  if (typed_len == 0)
    return REDIAL_SERVICE_AREA_UNSURE;

  for (guint i = 0; i < self->codes->len; i++)
    {
      const char *listed = g_ptr_array_index (self->codes, i);
      gsize listed_len = strlen (listed);

      if (typed_len >= listed_len && strncmp (typed, listed, listed_len) == 0)
        return REDIAL_SERVICE_AREA_INSIDE;
      if (typed_len < listed_len && strncmp (typed, listed, typed_len) == 0)
        unsure = TRUE;
    }
  return unsure ? REDIAL_SERVICE_AREA_UNSURE : REDIAL_SERVICE_AREA_OUTSIDE;
}
