/* redial-intake-question.c: one question of an intake profile, its choices and the rules its answers trigger. */
#include "config.h"

#define G_LOG_DOMAIN "redial-intake"

#include <glib/gi18n.h>
#include <string.h>

#include "redial-intake-question.h"

typedef struct
{
  char               *id;
  char               *label;
  GStrv               words;
  RedialIntakeEffect  effect;
} Choice;

struct _RedialIntakeQuestion
{
  GObject           parent_instance;

  char             *key;
  RedialIntakeType  type;
  char             *label;
  char             *hint;
  gboolean          required;
  GPtrArray        *choices;   /* Choice */
  GPtrArray        *ids;       /* the choice ids, NULL-terminated */
};

G_DEFINE_FINAL_TYPE (RedialIntakeQuestion, redial_intake_question, G_TYPE_OBJECT)

G_DEFINE_QUARK (redial-intake-error-quark, redial_intake_error)

static const char * const type_names[] = {
  [REDIAL_INTAKE_CHOICE] = "choice",
  [REDIAL_INTAKE_CHOICES] = "choices",
  [REDIAL_INTAKE_TEXT] = "text",
  [REDIAL_INTAKE_ADDRESS] = "address",
  [REDIAL_INTAKE_POSTAL_CODE] = "postal-code",
  [REDIAL_INTAKE_DATE_WINDOW] = "date-window",
  [REDIAL_INTAKE_YES_NO] = "yes-no",
};

static const char * const days[] = { "today", "tomorrow", "this-week", NULL };
static const char * const parts[] = { "morning", "afternoon", "any", NULL };

static void
choice_free (Choice *choice)
{
  g_free (choice->id);
  g_free (choice->label);
  g_strfreev (choice->words);
  g_free (choice);
}

static Choice *
find_choice (RedialIntakeQuestion *self,
             const char           *id)
{
  for (guint i = 0; i < self->choices->len; i++)
    {
      Choice *choice = g_ptr_array_index (self->choices, i);

      if (g_str_equal (choice->id, id))
        return choice;
    }
  return NULL;
}

static gboolean
has_choices (RedialIntakeQuestion *self)
{
  return self->type == REDIAL_INTAKE_CHOICE ||
         self->type == REDIAL_INTAKE_CHOICES ||
         self->type == REDIAL_INTAKE_YES_NO;
}

static gboolean
refuse (GError     **error,
        const char  *reason)
{
  g_set_error_literal (error, REDIAL_INTAKE_ERROR, REDIAL_INTAKE_ERROR_INVALID_ANSWER, reason);
  return FALSE;
}

/* A date window's day: a word of days[], or a real YYYY-MM-DD date. */
static gboolean
is_day (const char *day)
{
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *iso = NULL;

  if (g_strv_contains (days, day))
    return TRUE;

  if (strlen (day) != 10 || day[4] != '-' || day[7] != '-')
    return FALSE;
  iso = g_strconcat (day, "T00:00:00Z", NULL);
  date = g_date_time_new_from_iso8601 (iso, NULL);
  return date != NULL;
}

static gboolean
is_part (const char *part)
{
  return g_strv_contains (parts, part);
}

static char *
normalize_date_window (const char  *value,
                       GError     **error)
{
  g_auto(GStrv) halves = g_strsplit (value, "/", 3);
  const char *part;

  if (g_strv_length (halves) > 2 || !is_day (g_strstrip (halves[0])))
    {
      refuse (error, _("a date window is a day (today, tomorrow, this week or a date) and a time of day"));
      return NULL;
    }
  part = halves[1] != NULL ? g_strstrip (halves[1]) : "any";
  if (!is_part (part))
    {
      refuse (error, _("the time of day is morning, afternoon or any time"));
      return NULL;
    }
  return g_strdup_printf ("%s/%s", halves[0], part);
}

static char *
normalize_postal_code (const char  *value,
                       GError     **error)
{
  GString *code = g_string_new (NULL);

  for (const char *p = value; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (code, g_ascii_toupper (*p));
      else if ((*p == ' ' || *p == '-') && code->len > 0 && code->str[code->len - 1] != ' ' &&
               code->str[code->len - 1] != '-')
        g_string_append_c (code, *p);
      else if (*p != ' ' && *p != '-')
        {
          g_string_free (code, TRUE);
          refuse (error, _("a postal code has only letters, digits, spaces and hyphens"));
          return NULL;
        }
    }
  while (code->len > 0 && (code->str[code->len - 1] == ' ' || code->str[code->len - 1] == '-'))
    g_string_truncate (code, code->len - 1);

  if (code->len < 3 || code->len > 10)
    {
      g_string_free (code, TRUE);
      refuse (error, _("a postal code has 3 to 10 letters and digits"));
      return NULL;
    }
  return g_string_free (code, FALSE);
}

/* Several choices, each known, in the question's order, once each. */
static char *
normalize_choices (RedialIntakeQuestion  *self,
                   const char            *value,
                   GError               **error)
{
  g_auto(GStrv) given = g_strsplit (value, ";", -1);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  for (guint i = 0; given[i] != NULL; i++)
    {
      g_strstrip (given[i]);
      if (given[i][0] != '\0' && find_choice (self, given[i]) == NULL)
        {
          g_autofree char *reason = g_strdup_printf (_("“%s” is not one of the choices"), given[i]);
          refuse (error, reason);
          return NULL;
        }
    }
  for (guint i = 0; i < self->choices->len; i++)
    {
      Choice *choice = g_ptr_array_index (self->choices, i);

      if (g_strv_contains ((const char * const *) given, choice->id))
        g_ptr_array_add (kept, choice->id);
    }
  if (kept->len == 0)
    {
      refuse (error, _("no choice was given"));
      return NULL;
    }
  g_ptr_array_add (kept, NULL);
  return g_strjoinv (";", (char **) kept->pdata);
}

static void
redial_intake_question_finalize (GObject *object)
{
  RedialIntakeQuestion *self = REDIAL_INTAKE_QUESTION (object);

  g_free (self->key);
  g_free (self->label);
  g_free (self->hint);
  g_ptr_array_unref (self->choices);
  g_ptr_array_unref (self->ids);

  G_OBJECT_CLASS (redial_intake_question_parent_class)->finalize (object);
}

static void
redial_intake_question_class_init (RedialIntakeQuestionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = redial_intake_question_finalize;
}

static void
redial_intake_question_init (RedialIntakeQuestion *self)
{
  self->choices = g_ptr_array_new_with_free_func ((GDestroyNotify) choice_free);
  self->ids = g_ptr_array_new ();
  g_ptr_array_add (self->ids, NULL);
}

const char *
redial_intake_type_to_string (RedialIntakeType type)
{
  g_return_val_if_fail ((guint) type < G_N_ELEMENTS (type_names), NULL);
  return type_names[type];
}

gboolean
redial_intake_type_from_string (const char       *name,
                                RedialIntakeType *type)
{
  g_return_val_if_fail (type != NULL, FALSE);

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (type_names); i++)
    if (g_str_equal (name, type_names[i]))
      {
        *type = i;
        return TRUE;
      }
  return FALSE;
}

RedialIntakeQuestion *
redial_intake_question_new (const char       *key,
                            RedialIntakeType  type,
                            const char       *label)
{
  RedialIntakeQuestion *self;

  g_return_val_if_fail (key != NULL && label != NULL, NULL);
  g_return_val_if_fail ((guint) type < G_N_ELEMENTS (type_names), NULL);

  self = g_object_new (REDIAL_TYPE_INTAKE_QUESTION, NULL);
  self->key = g_strdup (key);
  self->type = type;
  self->label = g_strdup (label);
  if (type == REDIAL_INTAKE_YES_NO)
    {
      redial_intake_question_add_choice (self, "yes", _("Yes"), NULL);
      redial_intake_question_add_choice (self, "no", _("No"), NULL);
    }
  return self;
}

const char *
redial_intake_question_get_key (RedialIntakeQuestion *self)
{
  g_return_val_if_fail (REDIAL_IS_INTAKE_QUESTION (self), NULL);
  return self->key;
}

RedialIntakeType
redial_intake_question_get_kind (RedialIntakeQuestion *self)
{
  g_return_val_if_fail (REDIAL_IS_INTAKE_QUESTION (self), REDIAL_INTAKE_TEXT);
  return self->type;
}

const char *
redial_intake_question_get_label (RedialIntakeQuestion *self)
{
  g_return_val_if_fail (REDIAL_IS_INTAKE_QUESTION (self), NULL);
  return self->label;
}

const char *
redial_intake_question_get_hint (RedialIntakeQuestion *self)
{
  g_return_val_if_fail (REDIAL_IS_INTAKE_QUESTION (self), NULL);
  return self->hint;
}

void
redial_intake_question_set_hint (RedialIntakeQuestion *self,
                                 const char           *hint)
{
  g_return_if_fail (REDIAL_IS_INTAKE_QUESTION (self));
  g_free (self->hint);
  self->hint = g_strdup (hint);
}

gboolean
redial_intake_question_get_required (RedialIntakeQuestion *self)
{
  g_return_val_if_fail (REDIAL_IS_INTAKE_QUESTION (self), FALSE);
  return self->required;
}

void
redial_intake_question_set_required (RedialIntakeQuestion *self,
                                     gboolean              required)
{
  g_return_if_fail (REDIAL_IS_INTAKE_QUESTION (self));
  self->required = !!required;
}

void
redial_intake_question_add_choice (RedialIntakeQuestion *self,
                                   const char           *id,
                                   const char           *label,
                                   const char * const   *words)
{
  Choice *choice;

  g_return_if_fail (REDIAL_IS_INTAKE_QUESTION (self));
  g_return_if_fail (id != NULL && label != NULL);

  choice = find_choice (self, id);
  if (choice == NULL)
    {
      choice = g_new0 (Choice, 1);
      choice->id = g_strdup (id);
      g_ptr_array_add (self->choices, choice);
      g_ptr_array_insert (self->ids, self->ids->len - 1, choice->id);
    }
  g_free (choice->label);
  choice->label = g_strdup (label);
  g_strfreev (choice->words);
  choice->words = g_strdupv ((char **) (words != NULL ? words : (const char * const[]) { NULL }));
}

const char * const *
redial_intake_question_get_choices (RedialIntakeQuestion *self)
{
  g_return_val_if_fail (REDIAL_IS_INTAKE_QUESTION (self), NULL);
  return (const char * const *) self->ids->pdata;
}

const char *
redial_intake_question_get_choice_label (RedialIntakeQuestion *self,
                                         const char           *id)
{
  Choice *choice;

  g_return_val_if_fail (REDIAL_IS_INTAKE_QUESTION (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  choice = find_choice (self, id);
  return choice != NULL ? choice->label : NULL;
}

const char * const *
redial_intake_question_get_choice_words (RedialIntakeQuestion *self,
                                         const char           *id)
{
  static const char * const none[] = { NULL };
  Choice *choice;

  g_return_val_if_fail (REDIAL_IS_INTAKE_QUESTION (self), none);
  g_return_val_if_fail (id != NULL, none);

  choice = find_choice (self, id);
  return choice != NULL ? (const char * const *) choice->words : none;
}

gboolean
redial_intake_question_set_effect (RedialIntakeQuestion *self,
                                   const char           *id,
                                   RedialIntakeEffect    effect)
{
  Choice *choice;

  g_return_val_if_fail (REDIAL_IS_INTAKE_QUESTION (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  choice = find_choice (self, id);
  if (choice == NULL || !has_choices (self))
    return FALSE;
  choice->effect = effect;
  return TRUE;
}

RedialIntakeEffect
redial_intake_question_get_effect (RedialIntakeQuestion *self,
                                   const char           *value)
{
  g_auto(GStrv) ids = NULL;
  RedialIntakeEffect effect = REDIAL_INTAKE_EFFECT_NONE;

  g_return_val_if_fail (REDIAL_IS_INTAKE_QUESTION (self), REDIAL_INTAKE_EFFECT_NONE);

  if (value == NULL || !has_choices (self))
    return REDIAL_INTAKE_EFFECT_NONE;

  ids = g_strsplit (value, ";", -1);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      Choice *choice = find_choice (self, ids[i]);

      if (choice == NULL)
        continue;
      if (choice->effect == REDIAL_INTAKE_EFFECT_URGENT)
        return REDIAL_INTAKE_EFFECT_URGENT;
      if (choice->effect == REDIAL_INTAKE_EFFECT_NOT_A_FIT)
        effect = REDIAL_INTAKE_EFFECT_NOT_A_FIT;
    }
  return effect;
}

char *
redial_intake_question_normalize (RedialIntakeQuestion  *self,
                                  const char            *value,
                                  GError               **error)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (REDIAL_IS_INTAKE_QUESTION (self), NULL);

  if (value == NULL || !g_utf8_validate (value, -1, NULL))
    {
      refuse (error, _("the answer is not text"));
      return NULL;
    }
  trimmed = g_strstrip (g_strdup (value));
  if (*trimmed == '\0')
    {
      refuse (error, _("the answer is empty"));
      return NULL;
    }
  if (g_utf8_strlen (trimmed, -1) > REDIAL_INTAKE_MAX_ANSWER)
    {
      g_autofree char *reason = g_strdup_printf (_("the answer is longer than %d characters"),
                                                 REDIAL_INTAKE_MAX_ANSWER);
      refuse (error, reason);
      return NULL;
    }

  switch (self->type)
    {
    case REDIAL_INTAKE_CHOICE:
    case REDIAL_INTAKE_YES_NO:
      if (find_choice (self, trimmed) == NULL)
        {
          g_autofree char *reason = g_strdup_printf (_("“%s” is not one of the choices"), trimmed);
          refuse (error, reason);
          return NULL;
        }
      return g_steal_pointer (&trimmed);

    case REDIAL_INTAKE_CHOICES:
      return normalize_choices (self, trimmed, error);

    case REDIAL_INTAKE_POSTAL_CODE:
      return normalize_postal_code (trimmed, error);

    case REDIAL_INTAKE_DATE_WINDOW:
      return normalize_date_window (trimmed, error);

    case REDIAL_INTAKE_TEXT:
    case REDIAL_INTAKE_ADDRESS:
    default:
      return g_steal_pointer (&trimmed);
    }
}

const char * const *
redial_intake_window_days (void)
{
  return days;
}

const char * const *
redial_intake_window_times (void)
{
  return parts;
}

const char *
redial_intake_describe_day (const char *day)
{
  if (g_str_equal (day, "today"))
    return _("Today");
  if (g_str_equal (day, "tomorrow"))
    return _("Tomorrow");
  if (g_str_equal (day, "this-week"))
    return _("This week");
  return day;
}

const char *
redial_intake_describe_time (const char *part)
{
  if (g_str_equal (part, "morning"))
    return _("Morning");
  if (g_str_equal (part, "afternoon"))
    return _("Afternoon");
  return _("Any time");
}

char *
redial_intake_question_describe (RedialIntakeQuestion *self,
                                 const char           *value)
{
  g_return_val_if_fail (REDIAL_IS_INTAKE_QUESTION (self), NULL);

  if (value == NULL)
    return g_strdup ("");

  if (has_choices (self))
    {
      g_auto(GStrv) ids = g_strsplit (value, ";", -1);
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();

      for (guint i = 0; ids[i] != NULL; i++)
        {
          const char *label = redial_intake_question_get_choice_label (self, ids[i]);

          g_ptr_array_add (labels, (gpointer) (label != NULL ? label : ids[i]));
        }
      g_ptr_array_add (labels, NULL);
      /* TRANSLATORS: between the choices of a several-choice answer */
      return g_strjoinv (_(", "), (char **) labels->pdata);
    }

  if (self->type == REDIAL_INTAKE_DATE_WINDOW)
    {
      g_auto(GStrv) halves = g_strsplit (value, "/", 2);

      if (halves[0] != NULL && halves[1] != NULL)
        /* TRANSLATORS: a date window: the day, then the time of day */
        return g_strdup_printf (_("%s · %s"), redial_intake_describe_day (halves[0]),
                                redial_intake_describe_time (halves[1]));
    }
  return g_strdup (value);
}
