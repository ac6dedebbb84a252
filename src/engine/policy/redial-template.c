/* redial-template.c: texts with {placeholders}, rendered so that none goes out unfilled. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include <glib/gi18n.h>
#include <string.h>

#include "redial-template.h"

struct _RedialTemplate
{
  GObject            parent_instance;

  char              *id;
  RedialTemplateUse  use;
  char              *language;
  char              *text;
  char              *fallback;
};

G_DEFINE_FINAL_TYPE (RedialTemplate, redial_template, G_TYPE_OBJECT)

G_DEFINE_QUARK (redial-template-error-quark, redial_template_error)

G_DEFINE_ENUM_TYPE (RedialTemplateUse, redial_template_use,
  G_DEFINE_ENUM_VALUE (REDIAL_TEMPLATE_USE_BUSY_HOURS, "busy-hours"),
  G_DEFINE_ENUM_VALUE (REDIAL_TEMPLATE_USE_AFTER_HOURS, "after-hours"),
  G_DEFINE_ENUM_VALUE (REDIAL_TEMPLATE_USE_CUSTOMER, "customer"),
  G_DEFINE_ENUM_VALUE (REDIAL_TEMPLATE_USE_FOLLOW_UP, "follow-up"),
  G_DEFINE_ENUM_VALUE (REDIAL_TEMPLATE_USE_BOOKING_CONFIRMATION, "booking-confirmation"),
  G_DEFINE_ENUM_VALUE (REDIAL_TEMPLATE_USE_HELP, "help"),
  G_DEFINE_ENUM_VALUE (REDIAL_TEMPLATE_USE_OPT_OUT_CONFIRMATION, "opt-out-confirmation"),
  G_DEFINE_ENUM_VALUE (REDIAL_TEMPLATE_USE_OPT_IN_CONFIRMATION, "opt-in-confirmation"),
  G_DEFINE_ENUM_VALUE (REDIAL_TEMPLATE_USE_SLOT_OFFER, "slot-offer"))

enum {
  PROP_0,
  PROP_ID,
  PROP_USE,
  PROP_LANGUAGE,
  PROP_TEXT,
  PROP_FALLBACK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  const char *name;
  const char *what;  /* how a receptionist calls it, for the error messages */
} Placeholder;

static const Placeholder placeholders[] = {
  { "business", N_("the business name") },
  { "first_name", N_("the caller’s first name") },
  { "agent", N_("the name of the person at the desk") },
  { "booking_link", N_("the booking link") },
  { "hours", N_("the opening hours") },
  { "slot_1", N_("the appointment time") },
  { "slot_2", N_("a second appointment time") },
};

/* The subject of a "… needs …" sentence, by use. */
static const char * const use_subjects[] = {
  [REDIAL_TEMPLATE_USE_BUSY_HOURS] = N_("The text-back for busy hours"),
  [REDIAL_TEMPLATE_USE_AFTER_HOURS] = N_("The after-hours text-back"),
  [REDIAL_TEMPLATE_USE_CUSTOMER] = N_("The text-back for customers"),
  [REDIAL_TEMPLATE_USE_FOLLOW_UP] = N_("The follow-up"),
  [REDIAL_TEMPLATE_USE_BOOKING_CONFIRMATION] = N_("The booking confirmation"),
  [REDIAL_TEMPLATE_USE_HELP] = N_("The help reply"),
  [REDIAL_TEMPLATE_USE_OPT_OUT_CONFIRMATION] = N_("The opt-out confirmation"),
  [REDIAL_TEMPLATE_USE_OPT_IN_CONFIRMATION] = N_("The opt-in confirmation"),
  [REDIAL_TEMPLATE_USE_SLOT_OFFER] = N_("The offer of two times"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (use_subjects) == REDIAL_TEMPLATE_N_USES);

static const Placeholder *
find_placeholder (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (placeholders); i++)
    if (g_strcmp0 (placeholders[i].name, name) == 0)
      return &placeholders[i];
  return NULL;
}

/* Characters a person may use when trying to write a placeholder name,
 * right or wrong: "{first_name}", "{First Name}", "{first-name}". */
static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == ' ' || c == '-';
}

/* The placeholder a person most likely meant by @raw ("First Name" →
 * "first_name"), or NULL. */
static const Placeholder *
guess_placeholder (const char *raw)
{
  g_autofree char *guess = g_ascii_strdown (raw, -1);

  g_strstrip (guess);
  for (char *p = guess; *p != '\0'; p++)
    if (*p == ' ' || *p == '-')
      *p = '_';
  return find_placeholder (guess);
}

static char *
list_known_placeholders (void)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (placeholders); i++)
    {
      if (i > 0)
        g_string_append (list, i + 1 == G_N_ELEMENTS (placeholders) ? _(" and ") : ", ");
      g_string_append_printf (list, "{%s}", placeholders[i].name);
    }
  return g_string_free (g_steal_pointer (&list), FALSE);
}

static gboolean
value_is_missing (const char *value)
{
  if (value == NULL)
    return TRUE;
  for (const char *p = value; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

/* Reads @text once: checks it and, with @values, fills it. Known
 * placeholders that have neither a value nor a default of their own are
 * added to @missing (no repeats) and leave the output incomplete; the
 * output is then NULL, as it is on an error. Without @values only checks. */
/* Values come from outside (a name from a contacts file, a caller ID): one
 * that is not UTF-8 goes out with U+FFFD for its bad bytes, as a gateway
 * would send it, rather than leave the text unusable. */
static void
append_value (GString    *out,
              const char *value)
{
  g_autofree char *valid = NULL;

  if (g_utf8_validate (value, -1, NULL))
    {
      g_string_append (out, value);
      return;
    }
  valid = g_utf8_make_valid (value, -1);
  g_string_append (out, valid);
}

static char *
expand (const char  *text,
        GHashTable  *values,
        GPtrArray   *missing,
        GError     **error)
{
  g_autoptr(GString) out = NULL;
  glong n_chars;
  const char *p;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_INVALID,
                           _("The text is not valid UTF-8."));
      return NULL;
    }

  n_chars = g_utf8_strlen (text, -1);
  if (n_chars > REDIAL_TEMPLATE_MAX_CHARS)
    {
      g_set_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_INVALID,
                   _("The text is %ld characters long; the most a text can be is %d."),
                   n_chars, REDIAL_TEMPLATE_MAX_CHARS);
      return NULL;
    }
  if (value_is_missing (text))
    {
      g_set_error_literal (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_INVALID,
                           _("The text is empty."));
      return NULL;
    }

  out = g_string_sized_new (strlen (text) + 64);

  for (p = text; *p != '\0'; )
    {
      const char *name_end = p + 1;
      const char *close;
      gboolean has_letter = FALSE;
      g_autofree char *name = NULL;
      g_autofree char *fallback = NULL;
      const Placeholder *placeholder;
      const char *value;

      if (*p != '{')
        {
          g_string_append_c (out, *p++);
          continue;
        }

      while (is_name_char (*name_end))
        has_letter |= g_ascii_isalpha (*name_end++);
      name = g_strndup (p + 1, name_end - p - 1);

      if (!has_letter || (*name_end != '}' && *name_end != '|'))
        {
          g_autofree char *first_word = NULL;
          const char *word_end = p + 1;

          /* "{first_name, thanks": a placeholder that was never closed
           * would go out as written. Anything else in braces is text. */
          while (g_ascii_isalnum (*word_end) || *word_end == '_')
            word_end++;
          first_word = g_strndup (p + 1, word_end - p - 1);
          if (has_letter && guess_placeholder (first_word) != NULL)
            {
              g_set_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_INVALID,
                           _("The placeholder “{%s” is not closed with “}”."), first_word);
              return NULL;
            }
          g_string_append_c (out, *p++);
          continue;
        }

      close = name_end;
      if (*name_end == '|')
        {
          close = name_end + 1;
          while (*close != '\0' && *close != '}' && *close != '{' && *close != '\n')
            close++;
          if (*close != '}')
            {
              g_set_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_INVALID,
                           _("The placeholder “{%s|” is not closed with “}”."), name);
              return NULL;
            }
          fallback = g_strndup (name_end + 1, close - name_end - 1);
        }

      placeholder = find_placeholder (name);
      if (placeholder == NULL)
        {
          const Placeholder *guess = guess_placeholder (name);
          g_autofree char *known = NULL;

          if (guess != NULL)
            {
              g_set_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_UNKNOWN_PLACEHOLDER,
                           _("The text uses {%s}; write it as {%s}."), name, guess->name);
              return NULL;
            }
          known = list_known_placeholders ();
          g_set_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_UNKNOWN_PLACEHOLDER,
                       _("The text uses {%s}, which Redial does not know. It knows %s."),
                       name, known);
          return NULL;
        }

      p = close + 1;
      if (values == NULL)
        continue;

      value = g_hash_table_lookup (values, placeholder->name);
      if (!value_is_missing (value))
        append_value (out, value);
      else if (fallback != NULL)
        g_string_append (out, fallback);
      else if (!g_ptr_array_find (missing, placeholder, NULL))
        g_ptr_array_add (missing, (gpointer) placeholder);
    }

  if (values == NULL || missing->len > 0)
    return NULL;

  return g_utf8_normalize (out->str, out->len, G_NORMALIZE_NFC);
}

/* "The follow-up needs the caller's first name and the booking link,
 * which are not known." */
static void
set_missing_error (GError     **error,
                   const char  *subject,
                   GPtrArray   *missing)
{
  g_autoptr(GString) what = g_string_new (NULL);

  g_assert (missing->len > 0);

  for (guint i = 0; i < missing->len; i++)
    {
      const Placeholder *placeholder = g_ptr_array_index (missing, i);

      if (i > 0)
        g_string_append (what, i + 1 == missing->len ? _(" and ") : ", ");
      g_string_append (what, _(placeholder->what));
    }

  g_set_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_MISSING_VALUE,
               missing->len == 1 ? _("%s needs %s, which is not known.")
                                 : _("%s needs %s, which are not known."),
               subject, what->str);
}

const char *
redial_template_use_to_string (RedialTemplateUse use)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (REDIAL_TYPE_TEMPLATE_USE);
  GEnumValue *value = g_enum_get_value (klass, use);

  g_return_val_if_fail (value != NULL, NULL);
  return value->value_nick;
}

gboolean
redial_template_use_from_string (const char        *name,
                                 RedialTemplateUse *use)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (REDIAL_TYPE_TEMPLATE_USE);
  GEnumValue *value;

  g_return_val_if_fail (use != NULL, FALSE);

  if (name == NULL || (value = g_enum_get_value_by_nick (klass, name)) == NULL)
    return FALSE;
  *use = value->value;
  return TRUE;
}

gboolean
redial_template_is_placeholder (const char *name)
{
  return find_placeholder (name) != NULL;
}

gboolean
redial_template_check (const char  *text,
                       GError     **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (text != NULL, FALSE);

  expand (text, NULL, NULL, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

char *
redial_template_render (const char  *text,
                        GHashTable  *values,
                        GError     **error)
{
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  GError *local_error = NULL;
  char *result;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (values != NULL, NULL);

  result = expand (text, values, missing, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else if (result == NULL)
    set_missing_error (error, _("The text"), missing);
  return result;
}

char *
redial_template_canonical_language (const char *language)
{
  g_auto(GStrv) subtags = NULL;
  g_autoptr(GString) out = NULL;
  guint n;

  g_return_val_if_fail (language != NULL, NULL);

  subtags = g_strsplit_set (language, "-_", -1);
  n = g_strv_length (subtags);
  if (n == 0 || n > 8)
    return NULL;

  out = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    {
      const char *subtag = subtags[i];
      gsize len = strlen (subtag);
      gboolean all_alpha = TRUE;

      if (len == 0 || len > 8)
        return NULL;
      for (const char *c = subtag; *c != '\0'; c++)
        {
          if (!g_ascii_isalnum (*c))
            return NULL;
          all_alpha &= g_ascii_isalpha (*c);
        }

      /* The language itself: two or three letters (BCP 47 keeps longer
       * ones for registered or private use, which no carrier text is in). */
      if (i == 0 && (!all_alpha || len < 2 || len > 3))
        return NULL;

      if (i > 0)
        g_string_append_c (out, '-');
      for (gsize j = 0; j < len; j++)
        {
          char c = subtag[j];

          /* "es-MX", "zh-Hant": regions upper case, scripts title case. */
          if (i > 0 && all_alpha && len == 2)
            c = g_ascii_toupper (c);
          else if (i > 0 && all_alpha && len == 4 && j == 0)
            c = g_ascii_toupper (c);
          else
            c = g_ascii_tolower (c);
          g_string_append_c (out, c);
        }
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
redial_template_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RedialTemplate *self = REDIAL_TEMPLATE (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_USE: g_value_set_enum (value, self->use); break;
    case PROP_LANGUAGE: g_value_set_string (value, self->language); break;
    case PROP_TEXT: g_value_set_string (value, self->text); break;
    case PROP_FALLBACK: g_value_set_string (value, self->fallback); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_template_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  RedialTemplate *self = REDIAL_TEMPLATE (object);

  switch (prop_id)
    {
    case PROP_USE: self->use = g_value_get_enum (value); break;
    case PROP_LANGUAGE: self->language = g_value_dup_string (value); break;
    case PROP_TEXT: self->text = g_value_dup_string (value); break;
    case PROP_FALLBACK: self->fallback = g_value_dup_string (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_template_constructed (GObject *object)
{
  RedialTemplate *self = REDIAL_TEMPLATE (object);

  G_OBJECT_CLASS (redial_template_parent_class)->constructed (object);

  if (self->language == NULL)
    self->language = g_strdup ("en");
  if (self->text == NULL)
    self->text = g_strdup ("");
  self->id = g_strdup_printf ("%s/%s", redial_template_use_to_string (self->use), self->language);
}

static void
redial_template_finalize (GObject *object)
{
  RedialTemplate *self = REDIAL_TEMPLATE (object);

  g_free (self->id);
  g_free (self->language);
  g_free (self->text);
  g_free (self->fallback);

  G_OBJECT_CLASS (redial_template_parent_class)->finalize (object);
}

static void
redial_template_class_init (RedialTemplateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = redial_template_get_property;
  object_class->set_property = redial_template_set_property;
  object_class->constructed = redial_template_constructed;
  object_class->finalize = redial_template_finalize;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_USE] =
    g_param_spec_enum ("use", NULL, NULL,
                       REDIAL_TYPE_TEMPLATE_USE, REDIAL_TEMPLATE_USE_BUSY_HOURS,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FALLBACK] =
    g_param_spec_string ("fallback", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
redial_template_init (RedialTemplate *self)
{
}

RedialTemplate *
redial_template_new (RedialTemplateUse   use,
                     const char         *language,
                     const char         *text,
                     const char         *fallback,
                     GError            **error)
{
  g_autofree char *canonical = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (use < REDIAL_TEMPLATE_N_USES, NULL);
  g_return_val_if_fail (language != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  canonical = redial_template_canonical_language (language);
  if (canonical == NULL)
    {
      g_set_error (error, REDIAL_TEMPLATE_ERROR, REDIAL_TEMPLATE_ERROR_INVALID,
                   _("“%s” is not a language tag such as “en” or “es-MX”."), language);
      return NULL;
    }

  if (!redial_template_check (text, &local_error) ||
      (fallback != NULL && !redial_template_check (fallback, &local_error)))
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  return g_object_new (REDIAL_TYPE_TEMPLATE,
                       "use", use,
                       "language", canonical,
                       "text", text,
                       "fallback", fallback,
                       NULL);
}

const char *
redial_template_get_id (RedialTemplate *self)
{
  g_return_val_if_fail (REDIAL_IS_TEMPLATE (self), NULL);
  return self->id;
}

RedialTemplateUse
redial_template_get_use (RedialTemplate *self)
{
  g_return_val_if_fail (REDIAL_IS_TEMPLATE (self), 0);
  return self->use;
}

const char *
redial_template_get_language (RedialTemplate *self)
{
  g_return_val_if_fail (REDIAL_IS_TEMPLATE (self), NULL);
  return self->language;
}

const char *
redial_template_get_text (RedialTemplate *self)
{
  g_return_val_if_fail (REDIAL_IS_TEMPLATE (self), NULL);
  return self->text;
}

const char *
redial_template_get_fallback (RedialTemplate *self)
{
  g_return_val_if_fail (REDIAL_IS_TEMPLATE (self), NULL);
  return self->fallback;
}

char *
redial_template_fill (RedialTemplate  *self,
                      GHashTable      *values,
                      GError         **error)
{
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  g_autoptr(GPtrArray) missing_in_fallback = g_ptr_array_new ();
  GError *local_error = NULL;
  char *result;

  g_return_val_if_fail (REDIAL_IS_TEMPLATE (self), NULL);
  g_return_val_if_fail (values != NULL, NULL);

  result = expand (self->text, values, missing, &local_error);
  if (result == NULL && local_error == NULL && self->fallback != NULL)
    result = expand (self->fallback, values, missing_in_fallback, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (result == NULL)
    {
      /* Name all that is lacking: the desk can then fill whichever it finds. */
      for (guint i = 0; i < missing_in_fallback->len; i++)
        if (!g_ptr_array_find (missing, g_ptr_array_index (missing_in_fallback, i), NULL))
          g_ptr_array_add (missing, g_ptr_array_index (missing_in_fallback, i));
      set_missing_error (error, _(use_subjects[self->use]), missing);
    }
  return result;
}
