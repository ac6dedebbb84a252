/* redial-draft.c: a reply template made ready for one case. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include <glib/gi18n.h>
#include <string.h>

#include "redial-draft.h"
#include "redial-template.h"

struct _RedialDraft
{
  GObject    parent_instance;

  char      *name;
  char      *label;
  GPtrArray *parts;   /* RedialDraftPart */
};

G_DEFINE_FINAL_TYPE (RedialDraft, redial_draft, G_TYPE_OBJECT)

static void
part_free (RedialDraftPart *part)
{
  g_free (part->text);
  g_free (part->name);
  g_free (part->value);
  g_free (part->suggestion);
  g_free (part);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static void
add_text (GPtrArray  *parts,
          const char *start,
          gsize       length)
{
  RedialDraftPart *last = parts->len > 0 ? g_ptr_array_index (parts, parts->len - 1) : NULL;

  if (length == 0)
    return;
  if (last != NULL && last->name == NULL)
    {
      g_autofree char *joined = last->text;

      last->text = g_strdup_printf ("%s%.*s", joined, (int) length, start);
      return;
    }
  last = g_new0 (RedialDraftPart, 1);
  last->text = g_strndup (start, length);
  g_ptr_array_add (parts, last);
}

/* Splits @text into parts: "{name}" and "{name|default}" of a placeholder
 * Redial knows; everything else, braces included, is text. */
static void
parse (GPtrArray  *parts,
       const char *text,
       GHashTable *values)
{
  const char *p = text;
  const char *literal = text;

  while ((p = strchr (p, '{')) != NULL)
    {
      const char *end = p + 1;
      const char *bar = NULL;
      g_autofree char *name = NULL;
      RedialDraftPart *part;

      while (g_ascii_isalnum (*end) || *end == '_')
        end++;
      if (*end == '|')
        {
          bar = end;
          end = strchr (end, '}');
        }
      if (end == NULL || *end != '}')
        {
          p++;
          continue;
        }
      name = g_strndup (p + 1, (bar != NULL ? bar : end) - p - 1);
      if (!redial_template_is_placeholder (name))
        {
          p++;
          continue;
        }

      add_text (parts, literal, p - literal);
      part = g_new0 (RedialDraftPart, 1);
      part->name = g_steal_pointer (&name);
      if (values != NULL && !is_blank (g_hash_table_lookup (values, part->name)))
        part->value = g_strdup (g_hash_table_lookup (values, part->name));
      if (bar != NULL && end > bar + 1)
        part->suggestion = g_strndup (bar + 1, end - bar - 1);
      g_ptr_array_add (parts, part);
      p = literal = end + 1;
    }
  add_text (parts, literal, strlen (literal));
}

/* What @part says once @filled is applied, or NULL when it is empty. */
static const char *
value_of (RedialDraftPart *part,
          GHashTable      *filled)
{
  const char *typed = filled != NULL ? g_hash_table_lookup (filled, part->name) : NULL;

  if (!is_blank (typed))
    return typed;
  if (!is_blank (part->value))
    return part->value;
  return NULL;
}

static void
redial_draft_finalize (GObject *object)
{
  RedialDraft *self = REDIAL_DRAFT (object);

  g_free (self->name);
  g_free (self->label);
  g_ptr_array_unref (self->parts);

  G_OBJECT_CLASS (redial_draft_parent_class)->finalize (object);
}

static void
redial_draft_class_init (RedialDraftClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = redial_draft_finalize;
}

static void
redial_draft_init (RedialDraft *self)
{
  self->parts = g_ptr_array_new_with_free_func ((GDestroyNotify) part_free);
}

RedialDraft *
redial_draft_new (const char *name,
                  const char *label,
                  const char *text,
                  GHashTable *values)
{
  RedialDraft *self;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (label != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  self = g_object_new (REDIAL_TYPE_DRAFT, NULL);
  self->name = g_strdup (name);
  self->label = g_strdup (label);
  parse (self->parts, text, values);
  return self;
}

const char *
redial_draft_get_name (RedialDraft *self)
{
  g_return_val_if_fail (REDIAL_IS_DRAFT (self), NULL);
  return self->name;
}

const char *
redial_draft_get_label (RedialDraft *self)
{
  g_return_val_if_fail (REDIAL_IS_DRAFT (self), NULL);
  return self->label;
}

GPtrArray *
redial_draft_get_parts (RedialDraft *self)
{
  g_return_val_if_fail (REDIAL_IS_DRAFT (self), NULL);
  return self->parts;
}

char **
redial_draft_list_missing (RedialDraft *self,
                           GHashTable  *filled)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (REDIAL_IS_DRAFT (self), NULL);

  for (guint i = 0; i < self->parts->len; i++)
    {
      RedialDraftPart *part = g_ptr_array_index (self->parts, i);

      if (part->name == NULL || value_of (part, filled) != NULL)
        continue;
      if (g_hash_table_add (seen, part->name))
        g_strv_builder_add (builder, part->name);
    }
  if (g_hash_table_size (seen) == 0)
    return NULL;
  return g_strv_builder_end (builder);
}

char *
redial_draft_render (RedialDraft  *self,
                     GHashTable   *filled,
                     GError      **error)
{
  g_auto(GStrv) missing = NULL;
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (REDIAL_IS_DRAFT (self), NULL);

  missing = redial_draft_list_missing (self, filled);
  if (missing != NULL)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; missing[i] != NULL; i++)
        g_string_append_printf (names, "%s{%s}", i > 0 ? ", " : "", missing[i]);
      g_set_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_MISSING_VALUE,
                   _("Fill in %s before sending."), names->str);
      return NULL;
    }

  out = g_string_new (NULL);
  for (guint i = 0; i < self->parts->len; i++)
    {
      RedialDraftPart *part = g_ptr_array_index (self->parts, i);

      g_string_append (out, part->name == NULL ? part->text : value_of (part, filled));
    }
  return g_utf8_normalize (out->str, -1, G_NORMALIZE_NFC);
}

char *
redial_draft_preview (RedialDraft *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (REDIAL_IS_DRAFT (self), NULL);

  for (guint i = 0; i < self->parts->len; i++)
    {
      RedialDraftPart *part = g_ptr_array_index (self->parts, i);

      if (part->name == NULL)
        g_string_append (out, part->text);
      else if (part->value != NULL)
        g_string_append (out, part->value);
      else
        g_string_append_printf (out, "[%s]", part->name);
    }
  return g_string_free (out, FALSE);
}
