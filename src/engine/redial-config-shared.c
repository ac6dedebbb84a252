/* redial-config-shared.c: the business-wide part of the settings, which desks sharing one store go by together. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include <glib/gi18n.h>

#include "redial-config-private.h"

static const char * const shared_groups[] = {
  "business", "hours", "holidays", "sla", "text-back", "follow-up", "rules", "lines",
  "intake", "service-area", "report", NULL
};

gboolean
redial_config_is_shared_group (const char *group)
{
  g_return_val_if_fail (group != NULL, FALSE);

  return g_strv_contains (shared_groups, group) ||
         g_str_has_prefix (group, "template ") ||
         g_str_has_prefix (group, "reply ") ||
         redial_booking_settings_owns_group (group);
}

/* Copies @group of @from into @into, each value as written. */
static void
copy_group (GKeyFile   *into,
            GKeyFile   *from,
            const char *group)
{
  g_auto(GStrv) keys = g_key_file_get_keys (from, group, NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      g_autofree char *value = g_key_file_get_value (from, group, keys[i], NULL);

      g_key_file_set_value (into, group, keys[i], value);
    }
}

/* The groups of @from that redial_config_is_shared_group() says are
 * shared (or, when !@shared, are not) into @into. */
static void
copy_groups (GKeyFile *into,
             GKeyFile *from,
             gboolean  shared)
{
  g_auto(GStrv) groups = g_key_file_get_groups (from, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    if (redial_config_is_shared_group (groups[i]) == shared)
      copy_group (into, from, groups[i]);
}

/* The shared part of @self's file: its [intake] file's questions written in. */
static GKeyFile *
shared_keyfile (RedialConfig  *self,
                GError       **error)
{
  g_autoptr(GKeyFile) shared = g_key_file_new ();
  g_autofree char *file = g_key_file_get_string (self->keyfile, "intake", "file", NULL);

  copy_groups (shared, self->keyfile, TRUE);
  if (file != NULL && *g_strstrip (file) != '\0')
    {
      g_autofree char *folder = g_path_get_dirname (self->source);
      g_autofree char *path = g_path_is_absolute (file) ? g_strdup (file) : g_build_filename (folder, file, NULL);
      g_autofree char *questions = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!g_file_get_contents (path, &questions, NULL, &local_error))
        {
          g_set_error (error, REDIAL_CONFIG_ERROR, REDIAL_CONFIG_ERROR_READ,
                       _("The intake questions cannot be read: %s"), local_error->message);
          return NULL;
        }
      g_key_file_remove_key (shared, "intake", "file", NULL);
      g_key_file_set_string (shared, "intake", "profile", questions);
    }
  return g_steal_pointer (&shared);
}

char *
redial_config_to_shared (RedialConfig  *self,
                         GError       **error)
{
  g_autoptr(GKeyFile) shared = NULL;

  g_return_val_if_fail (REDIAL_IS_CONFIG (self), NULL);

  shared = shared_keyfile (self, error);
  if (shared == NULL)
    return NULL;
  return g_key_file_to_data (shared, NULL, NULL);
}

/* Adds to @keys "[group] key" for each key of @a that @b lacks or holds
 * another value for. */
static void
add_differences (GPtrArray *keys,
                 GKeyFile  *a,
                 GKeyFile  *b)
{
  g_auto(GStrv) groups = g_key_file_get_groups (a, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_auto(GStrv) names = g_key_file_get_keys (a, groups[i], NULL, NULL);

      for (guint j = 0; names != NULL && names[j] != NULL; j++)
        {
          g_autofree char *mine = g_key_file_get_value (a, groups[i], names[j], NULL);
          g_autofree char *theirs = g_key_file_get_value (b, groups[i], names[j], NULL);
          g_autofree char *name = g_strdup_printf ("[%s] %s", groups[i], names[j]);

          if (g_strcmp0 (g_strstrip (mine), theirs != NULL ? g_strstrip (theirs) : NULL) != 0 &&
              !g_ptr_array_find_with_equal_func (keys, name, g_str_equal, NULL))
            g_ptr_array_add (keys, g_steal_pointer (&name));
        }
    }
}

RedialConfig *
redial_config_new_with_shared (RedialConfig  *self,
                               const char    *shared,
                               const char    *shared_source,
                               GStrv         *overridden,
                               GError       **error)
{
  g_autoptr(GKeyFile) theirs = g_key_file_new ();
  g_autoptr(GKeyFile) merged = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RedialConfig) config = NULL;
  g_autofree char *data = NULL;

  g_return_val_if_fail (REDIAL_IS_CONFIG (self), NULL);
  g_return_val_if_fail (shared != NULL, NULL);
  g_return_val_if_fail (shared_source != NULL, NULL);

  if (!g_key_file_load_from_data (theirs, shared, -1, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, REDIAL_CONFIG_ERROR, REDIAL_CONFIG_ERROR_READ,
                   _("%s is not a valid settings file: %s"), shared_source, local_error->message);
      return NULL;
    }

  /* The desk's own groups from its file, the business's from the store. */
  copy_groups (merged, self->keyfile, FALSE);
  copy_groups (merged, theirs, TRUE);
  data = g_key_file_to_data (merged, NULL, NULL);
  config = redial_config_load_from_data (data, self->source, &local_error);
  if (config == NULL)
    {
      g_set_error (error, REDIAL_CONFIG_ERROR, REDIAL_CONFIG_ERROR_INVALID,
                   _("%s cannot be used: %s"), shared_source, local_error->message);
      return NULL;
    }

  /* Overrides of the command line (--demo) and of the caller stay. */
  g_free (config->phone_system);
  config->phone_system = g_strdup (self->phone_system);
  g_free (config->sms_gateway);
  config->sms_gateway = g_strdup (self->sms_gateway);
  g_free (config->store_path);
  config->store_path = g_strdup (self->store_path);

  if (overridden != NULL)
    {
      g_autoptr(GKeyFile) mine = shared_keyfile (self, NULL);
      g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

      if (mine != NULL)
        {
          g_autoptr(GKeyFile) kept = g_key_file_new ();

          copy_groups (kept, theirs, TRUE);
          add_differences (keys, mine, kept);
          add_differences (keys, kept, mine);
        }
      g_ptr_array_add (keys, NULL);
      *overridden = (GStrv) g_ptr_array_steal (keys, NULL);
    }
  return g_steal_pointer (&config);
}

#define SWAP(field) \
  G_STMT_START { \
    __typeof__ (self->field) kept = self->field; \
    self->field = from->field; \
    from->field = kept; \
  } G_STMT_END

void
redial_config_update (RedialConfig *self,
                      RedialConfig *from)
{
  g_return_if_fail (REDIAL_IS_CONFIG (self));
  g_return_if_fail (REDIAL_IS_CONFIG (from));
  g_return_if_fail (self != from);

  /* Not [store], the backends nor the command line's overrides: those are
   * the desk's own and are read once, when it starts. */
  SWAP (business_name);
  SWAP (region);
  SWAP (time_zone);
  SWAP (lines);
  SWAP (text_back_enabled);
  SWAP (first_response_target);
  SWAP (first_response_warning);
  SWAP (emergency_target);
  SWAP (keyfile);
  SWAP (hours);
  SWAP (business_hours_only);
  SWAP (reply_target);
  SWAP (reply_warning);
  SWAP (escalate_after);
  SWAP (text_back_delay);
  SWAP (templates);
  SWAP (language);
  SWAP (follow_up_count);
  SWAP (follow_up_delay);
  SWAP (trade);
  SWAP (booking_link);
  SWAP (emergency_words);
  SWAP (spam_names);
  SWAP (intake);
  SWAP (service_area);
  SWAP (average_job_value);
  SWAP (booking);
  SWAP (end_of_day);
  SWAP (end_of_day_sms);

  g_ptr_array_add (self->retired, g_object_ref (from));
  g_signal_emit_by_name (self, "changed");
}
