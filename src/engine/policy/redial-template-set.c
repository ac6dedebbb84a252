/* redial-template-set.c: the business's templates by use and language, shipped defaults overridden by its own. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include <glib/gi18n.h>
#include <string.h>

#include "redial-core-resources.h"
#include "redial-template-set.h"

#define GROUP_PREFIX "template "
#define REPLY_PREFIX "reply "

struct _RedialTemplateSet
{
  GObject     parent_instance;

  /* "after-hours/es" → RedialTemplate */
  GHashTable *templates;
  /* RedialReplyTemplate, in file order, a business's after the shipped ones */
  GPtrArray  *replies;
};

G_DEFINE_FINAL_TYPE (RedialTemplateSet, redial_template_set, G_TYPE_OBJECT)

static const char * const known_keys[] = { "text", "fallback", NULL };

/* Reads one "[template <use> <language>]" group into a template. */
static RedialTemplate *
read_group (GKeyFile    *keyfile,
            const char  *source,
            const char  *group,
            GError     **error)
{
  g_auto(GStrv) words = g_strsplit (group + strlen (GROUP_PREFIX), " ", -1);
  g_auto(GStrv) keys = NULL;
  g_autofree char *text = NULL;
  g_autofree char *fallback = NULL;
  g_autoptr(RedialTemplate) template = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *use_name = NULL;
  const char *language = NULL;
  RedialTemplateUse use;
  guint n_words = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (n_words == 0)
        use_name = words[i];
      else if (n_words == 1)
        language = words[i];
      n_words++;
    }

  if (n_words != 2)
    {
      g_set_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_INVALID,
                   _("%s: [%s]: a template group is named “template”, a use and a language, "
                     "such as [template after-hours en]"), source, group);
      return NULL;
    }
  if (!redial_template_use_from_string (use_name, &use))
    {
      g_autoptr(GString) uses = g_string_new (NULL);

      for (guint i = 0; i < REDIAL_TEMPLATE_N_USES; i++)
        g_string_append_printf (uses, "%s%s", i > 0 ? ", " : "", redial_template_use_to_string (i));
      g_set_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_INVALID,
                   _("%s: [%s]: “%s” is not a template use; the uses are %s"),
                   source, group, use_name, uses->str);
      return NULL;
    }

  keys = g_key_file_get_keys (keyfile, group, NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    if (!g_strv_contains (known_keys, keys[i]))
      g_message ("%s: [%s] %s: unknown key, ignored", source, group, keys[i]);

  /* A value with a bad escape ("\e") comes back with an error set: it is
   * refused, like a missing one. */
  text = g_key_file_get_string (keyfile, group, "text", &local_error);
  if (text == NULL || local_error != NULL)
    {
      g_set_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_INVALID,
                   _("%s: [%s] text: %s"), source, group,
                   g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND)
                     ? _("every template needs a text") : local_error->message);
      return NULL;
    }
  g_clear_error (&local_error);

  if (g_key_file_has_key (keyfile, group, "fallback", NULL))
    {
      fallback = g_key_file_get_string (keyfile, group, "fallback", &local_error);
      if (fallback == NULL || local_error != NULL)
        {
          g_set_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_INVALID,
                       _("%s: [%s] fallback: %s"), source, group, local_error->message);
          return NULL;
        }
      /* "fallback =" says there is none, as leaving it out does. */
      if (*g_strstrip (fallback) == '\0')
        g_clear_pointer (&fallback, g_free);
    }

  /* Check each text alone first, so that the error names its key. */
  if (!redial_template_check (text, &local_error))
    {
      g_set_error (error, REDIAL_TEMPLATE_ERROR, local_error->code,
                   "%s: [%s] text: %s", source, group, local_error->message);
      return NULL;
    }
  if (fallback != NULL && !redial_template_check (fallback, &local_error))
    {
      g_set_error (error, REDIAL_TEMPLATE_ERROR, local_error->code,
                   "%s: [%s] fallback: %s", source, group, local_error->message);
      return NULL;
    }

  template = redial_template_new (use, language, text, fallback, &local_error);
  if (template == NULL)
    {
      g_set_error (error, REDIAL_TEMPLATE_ERROR, local_error->code,
                   "%s: [%s]: %s", source, group, local_error->message);
      return NULL;
    }

  return g_steal_pointer (&template);
}

static void
reply_template_free (RedialReplyTemplate *reply)
{
  g_free (reply->name);
  g_free (reply->language);
  g_free (reply->label);
  g_free (reply->text);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RedialReplyTemplate, reply_template_free)

/* Reads one "[reply <language> <name>]" group: a label and a text; an
 * empty text takes the reply of that name away. */
static RedialReplyTemplate *
read_reply_group (GKeyFile    *keyfile,
                  const char  *source,
                  const char  *group,
                  GError     **error)
{
  g_auto(GStrv) words = g_strsplit (group + strlen (REPLY_PREFIX), " ", -1);
  g_autoptr(RedialReplyTemplate) reply = g_new0 (RedialReplyTemplate, 1);
  g_autoptr(GError) local_error = NULL;
  guint n_words = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (n_words == 0)
        reply->language = redial_template_canonical_language (words[i]);
      else if (n_words == 1)
        reply->name = g_strdup (words[i]);
      n_words++;
    }
  if (n_words != 2 || reply->language == NULL)
    {
      g_set_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_INVALID,
                   _("%s: [%s]: a reply group is named “reply”, a language and a name, "
                     "such as [reply en call-now]"), source, group);
      return NULL;
    }

  reply->text = g_key_file_get_string (keyfile, group, "text", NULL);
  if (reply->text != NULL && *g_strstrip (reply->text) == '\0')
    g_clear_pointer (&reply->text, g_free);
  if (reply->text != NULL && !redial_template_check (reply->text, &local_error))
    {
      g_set_error (error, REDIAL_TEMPLATE_ERROR, local_error->code,
                   "%s: [%s] text: %s", source, group, local_error->message);
      return NULL;
    }
  reply->label = g_key_file_get_string (keyfile, group, "label", NULL);
  if (reply->label == NULL || *g_strstrip (reply->label) == '\0')
    {
      g_free (reply->label);
      reply->label = g_strdup (reply->name);
    }
  return g_steal_pointer (&reply);
}

/* Puts @reply (taken) over the reply of its language and name, or after
 * the others; one without a text takes that reply away. */
static void
add_reply (RedialTemplateSet   *self,
           RedialReplyTemplate *reply)
{
  for (guint i = 0; i < self->replies->len; i++)
    {
      RedialReplyTemplate *old = g_ptr_array_index (self->replies, i);

      if (g_str_equal (old->language, reply->language) && g_str_equal (old->name, reply->name))
        {
          if (reply->text == NULL)
            {
              g_ptr_array_remove_index (self->replies, i);
              reply_template_free (reply);
            }
          else
            {
              reply_template_free (g_ptr_array_index (self->replies, i));
              g_ptr_array_index (self->replies, i) = reply;
            }
          return;
        }
    }
  if (reply->text == NULL)
    reply_template_free (reply);
  else
    g_ptr_array_add (self->replies, reply);
}

static int
compare_templates (gconstpointer a,
                   gconstpointer b)
{
  RedialTemplate *ta = *(RedialTemplate * const *) a;
  RedialTemplate *tb = *(RedialTemplate * const *) b;

  if (redial_template_get_use (ta) != redial_template_get_use (tb))
    return (int) redial_template_get_use (ta) - (int) redial_template_get_use (tb);
  return strcmp (redial_template_get_language (ta), redial_template_get_language (tb));
}

static void
redial_template_set_finalize (GObject *object)
{
  RedialTemplateSet *self = REDIAL_TEMPLATE_SET (object);

  g_clear_pointer (&self->templates, g_hash_table_unref);
  g_clear_pointer (&self->replies, g_ptr_array_unref);

  G_OBJECT_CLASS (redial_template_set_parent_class)->finalize (object);
}

static void
redial_template_set_class_init (RedialTemplateSetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = redial_template_set_finalize;
}

static void
redial_template_set_init (RedialTemplateSet *self)
{
  self->templates = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->replies = g_ptr_array_new_with_free_func ((GDestroyNotify) reply_template_free);
}

RedialTemplateSet *
redial_template_set_new (void)
{
  return g_object_new (REDIAL_TYPE_TEMPLATE_SET, NULL);
}

RedialTemplateSet *
redial_template_set_new_default (GError **error)
{
  g_autoptr(RedialTemplateSet) self = redial_template_set_new ();
  g_autoptr(GBytes) bytes = NULL;
  gsize length;
  const char *data;

  bytes = g_resource_lookup_data (redial_core_get_resource (), REDIAL_TEMPLATE_SET_DEFAULTS_PATH,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &length);
  if (!redial_template_set_load_data (self, data, length, "templates.ini", error))
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
redial_template_set_load_keyfile (RedialTemplateSet  *self,
                                  GKeyFile           *keyfile,
                                  const char         *source,
                                  GError            **error)
{
  g_autoptr(GPtrArray) loaded = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) replies = g_ptr_array_new_with_free_func ((GDestroyNotify) reply_template_free);
  g_auto(GStrv) groups = NULL;

  g_return_val_if_fail (REDIAL_IS_TEMPLATE_SET (self), FALSE);
  g_return_val_if_fail (keyfile != NULL, FALSE);
  g_return_val_if_fail (source != NULL, FALSE);

  groups = g_key_file_get_groups (keyfile, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      RedialTemplate *template;

      if (g_str_has_prefix (groups[i], REPLY_PREFIX))
        {
          RedialReplyTemplate *reply = read_reply_group (keyfile, source, groups[i], error);

          if (reply == NULL)
            return FALSE;
          g_ptr_array_add (replies, reply);
          continue;
        }
      if (!g_str_has_prefix (groups[i], GROUP_PREFIX))
        continue;

      template = read_group (keyfile, source, groups[i], error);
      if (template == NULL)
        return FALSE;
      g_ptr_array_add (loaded, template);
    }

  /* Only a file that is right as a whole changes the set. */
  for (guint i = 0; i < loaded->len; i++)
    redial_template_set_add (self, g_ptr_array_index (loaded, i));
  while (replies->len > 0)
    add_reply (self, g_ptr_array_steal_index (replies, 0));

  return TRUE;
}

gboolean
redial_template_set_load_data (RedialTemplateSet  *self,
                               const char         *data,
                               gsize               length,
                               const char         *source,
                               GError            **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (REDIAL_IS_TEMPLATE_SET (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (source != NULL, FALSE);

  if (!g_key_file_load_from_data (keyfile, data, length, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_INVALID,
                   "%s: %s", source, local_error->message);
      return FALSE;
    }

  return redial_template_set_load_keyfile (self, keyfile, source, error);
}

gboolean
redial_template_set_load_file (RedialTemplateSet  *self,
                               const char         *path,
                               GError            **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  g_return_val_if_fail (REDIAL_IS_TEMPLATE_SET (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_get_contents (path, &data, &length, &local_error))
    {
      g_set_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_INVALID,
                   "%s", local_error->message);
      return FALSE;
    }

  return redial_template_set_load_data (self, data, length, path, error);
}

void
redial_template_set_add (RedialTemplateSet *self,
                         RedialTemplate    *template)
{
  g_return_if_fail (REDIAL_IS_TEMPLATE_SET (self));
  g_return_if_fail (REDIAL_IS_TEMPLATE (template));

  g_hash_table_replace (self->templates, (gpointer) redial_template_get_id (template),
                        g_object_ref (template));
}

RedialTemplate *
redial_template_set_lookup (RedialTemplateSet *self,
                            RedialTemplateUse  use,
                            const char        *language)
{
  g_autofree char *tag = NULL;
  const char *use_name;

  g_return_val_if_fail (REDIAL_IS_TEMPLATE_SET (self), NULL);
  g_return_val_if_fail (use < REDIAL_TEMPLATE_N_USES, NULL);

  use_name = redial_template_use_to_string (use);
  if (language != NULL)
    tag = redial_template_canonical_language (language);

  /* "es-MX", then "es", then English, which every set Redial ships has. */
  while (tag != NULL)
    {
      g_autofree char *id = g_strdup_printf ("%s/%s", use_name, tag);
      RedialTemplate *template = g_hash_table_lookup (self->templates, id);
      char *dash;

      if (template != NULL)
        return template;
      dash = strrchr (tag, '-');
      if (dash == NULL)
        break;
      *dash = '\0';
    }

  {
    g_autofree char *id = g_strdup_printf ("%s/en", use_name);
    return g_hash_table_lookup (self->templates, id);
  }
}

GPtrArray *
redial_template_set_list (RedialTemplateSet *self)
{
  GPtrArray *list;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (REDIAL_IS_TEMPLATE_SET (self), NULL);

  list = g_ptr_array_new_full (g_hash_table_size (self->templates), g_object_unref);
  g_hash_table_iter_init (&iter, self->templates);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (list, g_object_ref (value));
  g_ptr_array_sort (list, compare_templates);
  return list;
}

GPtrArray *
redial_template_set_list_replies (RedialTemplateSet *self,
                                  const char        *language)
{
  g_autofree char *tag = NULL;
  GPtrArray *list = g_ptr_array_new ();

  g_return_val_if_fail (REDIAL_IS_TEMPLATE_SET (self), list);

  tag = redial_template_canonical_language (language != NULL ? language : "en");
  /* "es-MX", then "es", then English: the first language that has any. */
  while (tag != NULL && list->len == 0)
    {
      char *dash;

      for (guint i = 0; i < self->replies->len; i++)
        {
          RedialReplyTemplate *reply = g_ptr_array_index (self->replies, i);

          if (g_str_equal (reply->language, tag))
            g_ptr_array_add (list, reply);
        }
      if (list->len > 0)
        break;
      dash = strrchr (tag, '-');
      if (dash != NULL)
        *dash = '\0';
      else if (!g_str_equal (tag, "en"))
        {
          g_free (tag);
          tag = g_strdup ("en");
        }
      else
        break;
    }
  return list;
}
