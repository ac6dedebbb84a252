/* redial-config.c: the business's settings, read from a keyfile. */
#include "config.h"

#include <glib/gi18n.h>

#include "redial-config.h"
#include "redial-phone.h"

#define DEFAULT_TEMPLATE \
  "Hi, this is {business}. Sorry we missed your call! How can we help? " \
  "Reply here, or we will call you back shortly."

struct _RedialConfig
{
  GObject     parent_instance;

  char       *business_name;
  char       *region;
  GTimeZone  *time_zone;
  char       *phone_system;
  char       *sms_gateway;
  char       *sms_from;
  GHashTable *lines;  /* E.164 → label */
  gboolean    text_back_enabled;
  char       *text_back_template;
  gint64      first_response_target;
  gint64      first_response_warning;
  char       *store_path;
  GKeyFile   *keyfile;
  char       *source;
};

G_DEFINE_FINAL_TYPE (RedialConfig, redial_config, G_TYPE_OBJECT)

G_DEFINE_QUARK (redial-config-error-quark, redial_config_error)

/* Every key Redial reads; anything else is logged as unknown. */
static const char * const known_keys[] = {
  "business/name", "business/region", "business/time-zone",
  "phone-system/backend",
  "sms/backend", "sms/from",
  "text-back/enabled", "text-back/template",
  "sla/first-response-target", "sla/first-response-warning",
  "store/path",
  NULL
};

/* The backends' own groups ([ami], [twilio], …) are read and checked by
 * the backends themselves, from redial_config_get_keyfile(). */
static const char * const phone_backends[] = { "demo", "none", "ami", "baresip", "twilio", "webhook", NULL };
static const char * const sms_backends[] = { "demo", "none", "twilio", NULL };
static const char * const backend_groups[] = { "ami", "baresip", "twilio", "webhook", NULL };

static gboolean
invalid (GError     **error,
         const char  *source,
         const char  *group,
         const char  *key,
         const char  *reason)
{
  g_set_error (error, REDIAL_CONFIG_ERROR, REDIAL_CONFIG_ERROR_INVALID,
               /* Translators: "settings.conf: [sms] from: reason" */
               _("%s: [%s] %s: %s"), source, group, key, reason);
  return FALSE;
}

/* Reads a string key into *@out when present. */
static gboolean
read_string (GKeyFile    *keyfile,
             const char  *source,
             const char  *group,
             const char  *key,
             char       **out,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *value = g_key_file_get_string (keyfile, group, key, &local_error);

  if (value == NULL)
    {
      if (g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND) ||
          g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND))
        return TRUE;
      return invalid (error, source, group, key, local_error->message);
    }

  g_strstrip (value);
  g_free (*out);
  *out = g_steal_pointer (&value);
  return TRUE;
}

static gboolean
read_seconds (GKeyFile    *keyfile,
              const char  *source,
              const char  *group,
              const char  *key,
              gint64      *out,
              GError     **error)
{
  g_autofree char *text = NULL;
  guint64 seconds;

  if (!read_string (keyfile, source, group, key, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  if (!g_ascii_string_to_unsigned (text, 10, 1, 7 * 24 * 3600, &seconds, NULL))
    return invalid (error, source, group, key,
                    _("expected a number of seconds between 1 and 604800"));

  *out = (gint64) seconds * G_USEC_PER_SEC;
  return TRUE;
}

static gboolean
read_backend (GKeyFile           *keyfile,
              const char         *source,
              const char         *group,
              const char * const *allowed,
              char              **out,
              GError            **error)
{
  g_autofree char *list = NULL;
  g_autofree char *reason = NULL;

  if (!read_string (keyfile, source, group, "backend", out, error))
    return FALSE;

  if (g_strv_contains (allowed, *out))
    return TRUE;

  list = g_strjoinv (", ", (char **) allowed);
  reason = g_strdup_printf (_("expected one of: %s"), list);
  return invalid (error, source, group, "backend", reason);
}

static void
warn_unknown_keys (GKeyFile   *keyfile,
                   const char *source)
{
  g_auto(GStrv) groups = g_key_file_get_groups (keyfile, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_auto(GStrv) keys = NULL;

      /* Every key of [lines] is a phone number. */
      if (g_str_equal (groups[i], "lines") || g_strv_contains (backend_groups, groups[i]))
        continue;

      keys = g_key_file_get_keys (keyfile, groups[i], NULL, NULL);
      for (guint j = 0; keys != NULL && keys[j] != NULL; j++)
        {
          g_autofree char *path = g_strdup_printf ("%s/%s", groups[i], keys[j]);

          if (!g_strv_contains (known_keys, path))
            g_message ("%s: ignoring unknown setting [%s] %s", source, groups[i], keys[j]);
        }
    }
}

static gboolean
read_lines (RedialConfig  *self,
            GKeyFile      *keyfile,
            const char    *source,
            GError       **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (keyfile, "lines", NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *number = redial_phone_normalize (keys[i], self->region, &local_error);
      g_autofree char *label = NULL;

      if (number == NULL)
        return invalid (error, source, "lines", keys[i], local_error->message);
      if (!read_string (keyfile, source, "lines", keys[i], &label, error))
        return FALSE;
      if (label == NULL || *label == '\0')
        return invalid (error, source, "lines", keys[i], _("a line needs a label such as “Main”"));

      g_hash_table_replace (self->lines, g_steal_pointer (&number), g_steal_pointer (&label));
    }

  return TRUE;
}

static gboolean
apply_keyfile (RedialConfig  *self,
               GKeyFile      *keyfile,
               const char    *source,
               GError       **error)
{
  g_autofree char *zone = NULL;
  g_autofree char *enabled = NULL;
  g_autofree char *from = NULL;

  warn_unknown_keys (keyfile, source);

  if (!read_string (keyfile, source, "business", "name", &self->business_name, error) ||
      !read_string (keyfile, source, "business", "region", &self->region, error) ||
      !read_string (keyfile, source, "business", "time-zone", &zone, error) ||
      !read_backend (keyfile, source, "phone-system", phone_backends, &self->phone_system, error) ||
      !read_backend (keyfile, source, "sms", sms_backends, &self->sms_gateway, error) ||
      !read_string (keyfile, source, "sms", "from", &from, error) ||
      !read_string (keyfile, source, "text-back", "enabled", &enabled, error) ||
      !read_string (keyfile, source, "text-back", "template", &self->text_back_template, error) ||
      !read_seconds (keyfile, source, "sla", "first-response-target", &self->first_response_target, error) ||
      !read_seconds (keyfile, source, "sla", "first-response-warning", &self->first_response_warning, error) ||
      !read_string (keyfile, source, "store", "path", &self->store_path, error))
    return FALSE;

  if (*self->business_name == '\0')
    return invalid (error, source, "business", "name", _("the business needs a name"));

  if (!redial_phone_region_is_valid (self->region))
    return invalid (error, source, "business", "region",
                    _("expected a two-letter country code such as “US” or “GB”"));

  if (zone != NULL)
    {
      g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);

      if (tz == NULL)
        return invalid (error, source, "business", "time-zone",
                        _("expected a time zone such as “America/Chicago”"));
      g_time_zone_unref (self->time_zone);
      self->time_zone = g_steal_pointer (&tz);
    }

  if (from != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      g_free (self->sms_from);
      self->sms_from = redial_phone_normalize (from, self->region, &local_error);
      if (self->sms_from == NULL)
        return invalid (error, source, "sms", "from", local_error->message);
    }

  if (enabled != NULL)
    {
      if (g_str_equal (enabled, "true"))
        self->text_back_enabled = TRUE;
      else if (g_str_equal (enabled, "false"))
        self->text_back_enabled = FALSE;
      else
        return invalid (error, source, "text-back", "enabled", _("expected “true” or “false”"));
    }

  if (*self->text_back_template == '\0')
    return invalid (error, source, "text-back", "template", _("the text-back needs some text"));

  if (self->first_response_warning >= self->first_response_target)
    return invalid (error, source, "sla", "first-response-warning",
                    _("the warning must come before the target"));

  if (self->store_path != NULL && *self->store_path == '\0')
    g_clear_pointer (&self->store_path, g_free);

  return read_lines (self, keyfile, source, error);
}

static void
redial_config_finalize (GObject *object)
{
  RedialConfig *self = REDIAL_CONFIG (object);

  g_free (self->business_name);
  g_free (self->region);
  g_time_zone_unref (self->time_zone);
  g_free (self->phone_system);
  g_free (self->sms_gateway);
  g_free (self->sms_from);
  g_hash_table_unref (self->lines);
  g_free (self->text_back_template);
  g_free (self->store_path);
  g_key_file_unref (self->keyfile);
  g_free (self->source);

  G_OBJECT_CLASS (redial_config_parent_class)->finalize (object);
}

static void
redial_config_class_init (RedialConfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = redial_config_finalize;
}

static void
redial_config_init (RedialConfig *self)
{
  /* Texts go to callers in the business's language, not the desk's. */
  self->business_name = g_strdup ("our office");
  self->region = g_strdup ("US");
  self->time_zone = g_time_zone_new_local ();
  self->phone_system = g_strdup ("none");
  self->sms_gateway = g_strdup ("none");
  self->lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->text_back_enabled = TRUE;
  self->text_back_template = g_strdup (DEFAULT_TEMPLATE);
  self->first_response_target = 5 * 60 * G_USEC_PER_SEC;
  self->first_response_warning = 3 * 60 * G_USEC_PER_SEC;
  self->keyfile = g_key_file_new ();
  self->source = g_strdup ("defaults");
}

RedialConfig *
redial_config_new (void)
{
  return g_object_new (REDIAL_TYPE_CONFIG, NULL);
}

char *
redial_config_default_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "redial", "redial.conf", NULL);
}

RedialConfig *
redial_config_load_from_data (const char  *data,
                              const char  *source,
                              GError     **error)
{
  g_autoptr(RedialConfig) self = redial_config_new ();
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (source != NULL, NULL);

  if (!g_key_file_load_from_data (keyfile, data, -1, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, REDIAL_CONFIG_ERROR, REDIAL_CONFIG_ERROR_READ,
                   _("%s is not a valid settings file: %s"), source, local_error->message);
      return NULL;
    }

  if (!apply_keyfile (self, keyfile, source, error))
    return NULL;

  g_key_file_unref (self->keyfile);
  self->keyfile = g_steal_pointer (&keyfile);
  g_free (self->source);
  self->source = g_strdup (source);
  return g_steal_pointer (&self);
}

RedialConfig *
redial_config_load (const char  *path,
                    GError     **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &data, &length, &local_error))
    {
      g_set_error (error, REDIAL_CONFIG_ERROR, REDIAL_CONFIG_ERROR_READ,
                   _("The settings file cannot be read: %s"), local_error->message);
      return NULL;
    }

  if (length > 1024 * 1024 || !g_utf8_validate (data, length, NULL))
    {
      g_set_error (error, REDIAL_CONFIG_ERROR, REDIAL_CONFIG_ERROR_READ,
                   _("%s is not a settings file (too large, or not UTF-8 text)."), path);
      return NULL;
    }

  return redial_config_load_from_data (data, path, error);
}

#define GETTER(Type, field, fallback)                        \
  Type                                                       \
  redial_config_get_##field (RedialConfig *self)             \
  {                                                          \
    g_return_val_if_fail (REDIAL_IS_CONFIG (self), fallback);\
    return self->field;                                      \
  }

GETTER (const char *, business_name, NULL)
GETTER (const char *, region, NULL)
GETTER (GTimeZone *, time_zone, NULL)
GETTER (const char *, phone_system, NULL)
GETTER (const char *, sms_gateway, NULL)
GETTER (const char *, sms_from, NULL)
GETTER (gboolean, text_back_enabled, FALSE)
GETTER (const char *, text_back_template, NULL)
GETTER (gint64, first_response_target, 0)
GETTER (gint64, first_response_warning, 0)
GETTER (const char *, store_path, NULL)

const char *
redial_config_get_line_label (RedialConfig *self,
                              const char   *number)
{
  g_return_val_if_fail (REDIAL_IS_CONFIG (self), NULL);

  if (number == NULL)
    return NULL;
  return g_hash_table_lookup (self->lines, number);
}

static void
replace (char       **field,
         const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

GKeyFile *
redial_config_get_keyfile (RedialConfig *self)
{
  g_return_val_if_fail (REDIAL_IS_CONFIG (self), NULL);
  return self->keyfile;
}

const char *
redial_config_get_source (RedialConfig *self)
{
  g_return_val_if_fail (REDIAL_IS_CONFIG (self), NULL);
  return self->source;
}

void
redial_config_set_phone_system (RedialConfig *self,
                                const char   *backend)
{
  g_return_if_fail (REDIAL_IS_CONFIG (self));
  g_return_if_fail (g_strv_contains (phone_backends, backend));
  replace (&self->phone_system, backend);
}

void
redial_config_set_sms_gateway (RedialConfig *self,
                               const char   *backend)
{
  g_return_if_fail (REDIAL_IS_CONFIG (self));
  g_return_if_fail (g_strv_contains (sms_backends, backend));
  replace (&self->sms_gateway, backend);
}

void
redial_config_set_store_path (RedialConfig *self,
                              const char   *path)
{
  g_return_if_fail (REDIAL_IS_CONFIG (self));
  replace (&self->store_path, path);
}
