/* redial-intake-profile.c: the questions of one trade, read from data files a business can override. */
#include "config.h"

#define G_LOG_DOMAIN "redial-intake"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "redial-core-resources.h"
#include "redial-intake-profile.h"
#include "redial-settings.h"
#include "redial-text.h"

#define QUESTION_PREFIX "question "
#define MAX_EXTENDS 4

struct _RedialIntakeProfile
{
  GObject     parent_instance;

  char       *trade;
  char       *name;
  GHashTable *questions;   /* key → RedialIntakeQuestion */
  GPtrArray  *order;       /* RedialIntakeQuestion, asking order */
};

G_DEFINE_FINAL_TYPE (RedialIntakeProfile, redial_intake_profile, G_TYPE_OBJECT)

static const char * const trades[] = {
  "home-service", "plumbing", "hvac", "roofing", "electrical",
  "dental", "medical", "legal", "insurance", "real-estate", NULL,
};

static const char * const profile_keys[] = { "name", "extends", "questions", NULL };
static const char * const question_keys[] = {
  "type", "label", "hint", "required", "choices", "urgent", "not-a-fit", NULL,
};
static const char * const localized_keys[] = { "name", "label", "hint", NULL };

static gboolean
invalid (GError     **error,
         const char  *source,
         const char  *group,
         const char  *key,
         const char  *reason)
{
  return redial_settings_invalid (error, REDIAL_INTAKE_ERROR, REDIAL_INTAKE_ERROR_INVALID_PROFILE,
                                  source, group, key, reason);
}

/* A question key or choice id: lower-case letters, digits and hyphens. */
static gboolean
is_name (const char *name)
{
  if (name == NULL || *name == '\0' || strlen (name) > 40)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

/* "label[es]" → "label" */
static char *
base_key (const char *key)
{
  const char *bracket = strchr (key, '[');

  return bracket != NULL ? g_strndup (key, bracket - key) : g_strdup (key);
}

/* Reads a string, in the desk's language when the file has it; NULL when
 * the key is missing. */
static char *
read_text (GKeyFile   *keyfile,
           const char *group,
           const char *key)
{
  g_autofree char *text = g_key_file_get_locale_string (keyfile, group, key, NULL, NULL);

  if (text == NULL)
    return NULL;
  g_strstrip (text);
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

/* A ';' list of names, each checked; NULL (without error) when missing. */
static GStrv
read_names (GKeyFile    *keyfile,
            const char  *source,
            const char  *group,
            const char  *key,
            GError     **error)
{
  g_autofree char *value = g_key_file_get_value (keyfile, group, key, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) items = NULL;

  if (value == NULL)
    return NULL;
  items = g_strsplit (value, ";", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_strstrip (items[i]);
      if (items[i][0] == '\0')
        continue;
      if (!is_name (items[i]))
        {
          g_autofree char *reason = g_strdup_printf (_("“%s” is no name: use lower-case letters, digits "
                                                       "and hyphens"), items[i]);
          invalid (error, source, group, key, reason);
          return NULL;
        }
      g_strv_builder_add (builder, items[i]);
    }
  return g_strv_builder_end (builder);
}

/* Every key of @group is one Redial knows: @known, localized where
 * allowed, or choice-<id> / words-<id> of a listed choice. */
static gboolean
check_keys (GKeyFile           *keyfile,
            const char         *source,
            const char         *group,
            const char * const *known,
            const char * const *choices,
            GError            **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (keyfile, group, NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      g_autofree char *key = base_key (keys[i]);
      gboolean localized = strchr (keys[i], '[') != NULL;
      const char *id = NULL;

      if (g_str_has_prefix (key, "choice-"))
        id = key + strlen ("choice-");
      else if (g_str_has_prefix (key, "words-") && !localized)
        id = key + strlen ("words-");

      if (id != NULL)
        {
          if (choices == NULL || !g_strv_contains (choices, id))
            return invalid (error, source, group, keys[i], _("names no choice listed in “choices”"));
          continue;
        }
      if (!g_strv_contains (known, key) || (localized && !g_strv_contains (localized_keys, key)))
        return invalid (error, source, group, keys[i], _("unknown key"));
    }
  return TRUE;
}

static gboolean
read_effects (RedialIntakeQuestion  *question,
              GKeyFile              *keyfile,
              const char            *source,
              const char            *group,
              const char            *key,
              RedialIntakeEffect     effect,
              GError               **error)
{
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) ids = read_names (keyfile, source, group, key, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    if (!redial_intake_question_set_effect (question, ids[i], effect))
      {
        g_autofree char *reason = g_strdup_printf (_("“%s” is not one of the choices"), ids[i]);
        return invalid (error, source, group, key, reason);
      }
  return TRUE;
}

static RedialIntakeQuestion *
read_question (GKeyFile    *keyfile,
               const char  *source,
               const char  *group,
               GError     **error)
{
  const char *key = group + strlen (QUESTION_PREFIX);
  g_autoptr(RedialIntakeQuestion) question = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *type_name = NULL;
  g_autofree char *label = NULL;
  g_autofree char *hint = NULL;
  g_auto(GStrv) choices = NULL;
  RedialIntakeType type;
  gboolean required = TRUE;

  if (!is_name (key))
    {
      invalid (error, source, group, NULL,
               _("a question is named “question” and a key of lower-case letters, digits and hyphens"));
      return NULL;
    }

  type_name = read_text (keyfile, group, "type");
  if (type_name == NULL)
    {
      invalid (error, source, group, "type", _("every question needs a type"));
      return NULL;
    }
  if (!redial_intake_type_from_string (type_name, &type))
    {
      invalid (error, source, group, "type",
               _("expected choice, choices, text, address, postal-code, date-window or yes-no"));
      return NULL;
    }

  choices = read_names (keyfile, source, group, "choices", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (type == REDIAL_INTAKE_YES_NO)
    {
      /* Its two choices exist already; the file may relabel them. */
      if (choices != NULL)
        {
          invalid (error, source, group, "choices", _("a yes-no question has the choices yes and no"));
          return NULL;
        }
      choices = g_strdupv ((char *[]) { (char *) "yes", (char *) "no", NULL });
    }
  if (!check_keys (keyfile, source, group, question_keys, (const char * const *) choices, error))
    return NULL;
  label = read_text (keyfile, group, "label");
  if (label == NULL)
    {
      invalid (error, source, group, "label", _("every question needs a label"));
      return NULL;
    }
  if (g_key_file_has_key (keyfile, group, "required", NULL))
    {
      required = g_key_file_get_boolean (keyfile, group, "required", &local_error);
      if (local_error != NULL)
        {
          invalid (error, source, group, "required", _("expected true or false"));
          return NULL;
        }
    }

  question = redial_intake_question_new (key, type, label);
  redial_intake_question_set_required (question, required);
  hint = read_text (keyfile, group, "hint");
  redial_intake_question_set_hint (question, hint);

  if ((type == REDIAL_INTAKE_CHOICE || type == REDIAL_INTAKE_CHOICES) &&
      (choices == NULL || choices[0] == NULL))
    {
      invalid (error, source, group, "choices", _("a choice question needs its choices"));
      return NULL;
    }
  if (choices != NULL && choices[0] != NULL && type != REDIAL_INTAKE_CHOICE &&
      type != REDIAL_INTAKE_CHOICES && type != REDIAL_INTAKE_YES_NO)
    {
      invalid (error, source, group, "choices", _("only choice, choices and yes-no questions have choices"));
      return NULL;
    }

  for (guint i = 0; choices != NULL && choices[i] != NULL; i++)
    {
      g_autofree char *label_key = g_strconcat ("choice-", choices[i], NULL);
      g_autofree char *words_key = g_strconcat ("words-", choices[i], NULL);
      g_autofree char *choice_label = read_text (keyfile, group, label_key);
      g_autofree char *words_value = g_key_file_get_value (keyfile, group, words_key, NULL);
      g_autoptr(GStrvBuilder) words = g_strv_builder_new ();
      g_auto(GStrv) word_list = NULL;
      g_auto(GStrv) split = NULL;

      if (choice_label == NULL && type == REDIAL_INTAKE_YES_NO)
        choice_label = g_strdup (redial_intake_question_get_choice_label (question, choices[i]));
      if (choice_label == NULL)
        {
          invalid (error, source, group, label_key, _("every choice needs a label"));
          return NULL;
        }
      split = g_strsplit (words_value != NULL ? words_value : "", ";", -1);
      for (guint j = 0; split[j] != NULL; j++)
        {
          g_autofree char *word = g_utf8_strdown (g_strstrip (split[j]), -1);

          if (*word != '\0')
            g_strv_builder_add (words, word);
        }
      word_list = g_strv_builder_end (words);
      redial_intake_question_add_choice (question, choices[i], choice_label,
                                         (const char * const *) word_list);
    }

  if (!read_effects (question, keyfile, source, group, "urgent", REDIAL_INTAKE_EFFECT_URGENT, error) ||
      !read_effects (question, keyfile, source, group, "not-a-fit", REDIAL_INTAKE_EFFECT_NOT_A_FIT, error))
    return NULL;

  return g_steal_pointer (&question);
}

/* Reads @keyfile's questions over the profile: all or nothing. */
static gboolean
apply (RedialIntakeProfile  *self,
       GKeyFile             *keyfile,
       const char           *source,
       GError              **error)
{
  g_autoptr(GHashTable) questions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) groups = g_key_file_get_groups (keyfile, NULL);
  g_auto(GStrv) listed = NULL;
  g_autofree char *name = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->questions);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (questions, g_strdup (key), g_object_ref (value));
  for (guint i = 0; i < self->order->len; i++)
    g_ptr_array_add (order, g_strdup (redial_intake_question_get_key (g_ptr_array_index (self->order, i))));

  for (guint i = 0; groups[i] != NULL; i++)
    {
      RedialIntakeQuestion *question;

      if (g_str_equal (groups[i], "profile"))
        continue;
      if (!g_str_has_prefix (groups[i], QUESTION_PREFIX))
        return invalid (error, source, groups[i], NULL,
                        _("unknown group: expected [profile] or [question <key>]"));
      question = read_question (keyfile, source, groups[i], error);
      if (question == NULL)
        return FALSE;
      if (!g_hash_table_contains (questions, redial_intake_question_get_key (question)))
        g_ptr_array_add (order, g_strdup (redial_intake_question_get_key (question)));
      g_hash_table_replace (questions, g_strdup (redial_intake_question_get_key (question)), question);
    }

  if (g_key_file_has_group (keyfile, "profile"))
    {
      if (!check_keys (keyfile, source, "profile", profile_keys, NULL, error))
        return FALSE;
      name = read_text (keyfile, "profile", "name");
      listed = read_names (keyfile, source, "profile", "questions", &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  if (listed != NULL)
    {
      g_ptr_array_set_size (order, 0);
      for (guint i = 0; listed[i] != NULL; i++)
        {
          if (!g_hash_table_contains (questions, listed[i]))
            {
              g_autofree char *reason = g_strdup_printf (_("there is no question “%s”"), listed[i]);
              return invalid (error, source, "profile", "questions", reason);
            }
          for (guint j = 0; j < order->len; j++)
            if (g_str_equal (g_ptr_array_index (order, j), listed[i]))
              {
                g_autofree char *reason = g_strdup_printf (_("“%s” is listed twice"), listed[i]);
                return invalid (error, source, "profile", "questions", reason);
              }
          g_ptr_array_add (order, g_strdup (listed[i]));
        }
    }

  if (order->len == 0)
    return invalid (error, source, "profile", "questions", _("a profile needs at least one question"));

  /* Right as a whole: take it. */
  g_ptr_array_set_size (self->order, 0);
  for (guint i = 0; i < order->len; i++)
    g_ptr_array_add (self->order, g_object_ref (g_hash_table_lookup (questions, g_ptr_array_index (order, i))));
  g_clear_pointer (&self->questions, g_hash_table_unref);
  self->questions = g_steal_pointer (&questions);
  if (name != NULL)
    {
      g_free (self->name);
      self->name = g_steal_pointer (&name);
    }
  return TRUE;
}

static GKeyFile *
parse (const char  *data,
       gsize        length,
       const char  *source,
       GError     **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;

  if (!g_key_file_load_from_data (keyfile, data, length, G_KEY_FILE_KEEP_TRANSLATIONS, &local_error))
    {
      g_set_error (error, REDIAL_INTAKE_ERROR, REDIAL_INTAKE_ERROR_INVALID_PROFILE,
                   "%s: %s", source, local_error->message);
      return NULL;
    }
  return g_steal_pointer (&keyfile);
}

/* Reads the shipped profile of @trade, and first the one it extends. */
static gboolean
load_trade (RedialIntakeProfile  *self,
            const char           *trade,
            guint                 depth,
            GError              **error)
{
  g_autofree char *path = g_strdup_printf ("%s/%s.ini", REDIAL_INTAKE_PROFILES_PATH, trade);
  g_autofree char *source = g_strdup_printf ("intake/%s.ini", trade);
  g_autofree char *extends = NULL;
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length;
  const char *data;

  if (!g_strv_contains (trades, trade) || depth > MAX_EXTENDS)
    {
      g_set_error (error, REDIAL_INTAKE_ERROR, REDIAL_INTAKE_ERROR_INVALID_PROFILE,
                   _("There is no intake profile for “%s”."), trade);
      return FALSE;
    }
  bytes = g_resource_lookup_data (redial_core_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    {
      g_set_error (error, REDIAL_INTAKE_ERROR, REDIAL_INTAKE_ERROR_INVALID_PROFILE,
                   _("There is no intake profile for “%s”."), trade);
      return FALSE;
    }
  data = g_bytes_get_data (bytes, &length);
  keyfile = parse (data, length, source, error);
  if (keyfile == NULL)
    return FALSE;

  extends = read_text (keyfile, "profile", "extends");
  if (extends != NULL && !load_trade (self, extends, depth + 1, error))
    return FALSE;
  return apply (self, keyfile, source, error);
}

static void
redial_intake_profile_finalize (GObject *object)
{
  RedialIntakeProfile *self = REDIAL_INTAKE_PROFILE (object);

  g_free (self->trade);
  g_free (self->name);
  g_hash_table_unref (self->questions);
  g_ptr_array_unref (self->order);

  G_OBJECT_CLASS (redial_intake_profile_parent_class)->finalize (object);
}

static void
redial_intake_profile_class_init (RedialIntakeProfileClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = redial_intake_profile_finalize;
}

static void
redial_intake_profile_init (RedialIntakeProfile *self)
{
  self->questions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->order = g_ptr_array_new_with_free_func (g_object_unref);
}

void
redial_intake_status_clear (RedialIntakeStatus *status)
{
  g_clear_pointer (&status->urgent_key, g_free);
  g_clear_pointer (&status->not_a_fit_key, g_free);
  memset (status, 0, sizeof *status);
}

void
redial_intake_suggestion_free (RedialIntakeSuggestion *suggestion)
{
  if (suggestion == NULL)
    return;
  g_free (suggestion->key);
  g_free (suggestion->value);
  g_free (suggestion->evidence);
  g_free (suggestion);
}

const char * const *
redial_intake_profile_list_trades (void)
{
  return trades;
}

RedialIntakeProfile *
redial_intake_profile_new_for_trade (const char  *trade,
                                     GError     **error)
{
  g_autoptr(RedialIntakeProfile) self = NULL;

  g_return_val_if_fail (trade != NULL, NULL);

  self = g_object_new (REDIAL_TYPE_INTAKE_PROFILE, NULL);
  self->trade = g_strdup (trade);
  if (!load_trade (self, trade, 0, error))
    return NULL;
  return g_steal_pointer (&self);
}

gboolean
redial_intake_profile_load_data (RedialIntakeProfile  *self,
                                 const char           *data,
                                 gsize                 length,
                                 const char           *source,
                                 GError              **error)
{
  g_autoptr(GKeyFile) keyfile = NULL;

  g_return_val_if_fail (REDIAL_IS_INTAKE_PROFILE (self), FALSE);
  g_return_val_if_fail (data != NULL && source != NULL, FALSE);

  keyfile = parse (data, length, source, error);
  if (keyfile == NULL)
    return FALSE;
  if (g_key_file_has_key (keyfile, "profile", "extends", NULL))
    return invalid (error, source, "profile", "extends",
                    _("a business's own questions go over its trade's profile: "
                      "choose the trade with [business] trade"));
  return apply (self, keyfile, source, error);
}

gboolean
redial_intake_profile_load_file (RedialIntakeProfile  *self,
                                 const char           *path,
                                 GError              **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  g_return_val_if_fail (REDIAL_IS_INTAKE_PROFILE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_get_contents (path, &data, &length, &local_error))
    {
      g_set_error (error, REDIAL_INTAKE_ERROR, REDIAL_INTAKE_ERROR_INVALID_PROFILE,
                   "%s: %s", path, local_error->message);
      return FALSE;
    }
  return redial_intake_profile_load_data (self, data, length, path, error);
}

const char *
redial_intake_profile_get_trade (RedialIntakeProfile *self)
{
  g_return_val_if_fail (REDIAL_IS_INTAKE_PROFILE (self), NULL);
  return self->trade;
}

const char *
redial_intake_profile_get_name (RedialIntakeProfile *self)
{
  g_return_val_if_fail (REDIAL_IS_INTAKE_PROFILE (self), NULL);
  return self->name != NULL ? self->name : self->trade;
}

guint
redial_intake_profile_get_n_questions (RedialIntakeProfile *self)
{
  g_return_val_if_fail (REDIAL_IS_INTAKE_PROFILE (self), 0);
  return self->order->len;
}

RedialIntakeQuestion *
redial_intake_profile_get_question (RedialIntakeProfile *self,
                                    guint                position)
{
  g_return_val_if_fail (REDIAL_IS_INTAKE_PROFILE (self), NULL);
  g_return_val_if_fail (position < self->order->len, NULL);
  return g_ptr_array_index (self->order, position);
}

RedialIntakeQuestion *
redial_intake_profile_lookup (RedialIntakeProfile *self,
                              const char          *key)
{
  g_return_val_if_fail (REDIAL_IS_INTAKE_PROFILE (self), NULL);
  return key != NULL ? g_hash_table_lookup (self->questions, key) : NULL;
}

void
redial_intake_profile_evaluate (RedialIntakeProfile *self,
                                GHashTable          *answers,
                                RedialServiceArea   *area,
                                RedialIntakeStatus  *status)
{
  g_return_if_fail (REDIAL_IS_INTAKE_PROFILE (self));
  g_return_if_fail (status != NULL);

  memset (status, 0, sizeof *status);
  for (guint i = 0; i < self->order->len; i++)
    {
      RedialIntakeQuestion *question = g_ptr_array_index (self->order, i);
      const char *key = redial_intake_question_get_key (question);
      const char *answer = answers != NULL ? g_hash_table_lookup (answers, key) : NULL;

      if (answer == NULL || *answer == '\0')
        {
          if (redial_intake_question_get_required (question))
            status->n_missing++;
          continue;
        }
      switch (redial_intake_question_get_effect (question, answer))
        {
        case REDIAL_INTAKE_EFFECT_URGENT:
          if (!status->urgent)
            status->urgent_key = g_strdup (key);
          status->urgent = TRUE;
          break;
        case REDIAL_INTAKE_EFFECT_NOT_A_FIT:
          if (!status->not_a_fit)
            status->not_a_fit_key = g_strdup (key);
          status->not_a_fit = TRUE;
          break;
        case REDIAL_INTAKE_EFFECT_NONE:
        default:
          break;
        }
      if (redial_intake_question_get_kind (question) == REDIAL_INTAKE_POSTAL_CODE && area != NULL &&
          redial_service_area_check (area, answer) == REDIAL_SERVICE_AREA_OUTSIDE)
        status->out_of_area = TRUE;
    }
  status->qualified = status->n_missing == 0 && !status->not_a_fit;
}

/* A postal code as @region writes them, not inside a longer run of
 * digits or letters (a phone number, a street number). */
static const char *
postal_pattern (const char *region)
{
  if (g_strcmp0 (region, "US") == 0)
    return "(?<![\\d-])\\d{5}(?:-\\d{4})?(?![\\d-])";
  if (g_strcmp0 (region, "CA") == 0)
    return "(?<![[:alnum:]])[A-Za-z]\\d[A-Za-z] ?\\d[A-Za-z]\\d(?![[:alnum:]])";
  if (g_strcmp0 (region, "GB") == 0)
    return "(?<![[:alnum:]])[A-Za-z]{1,2}\\d[A-Za-z\\d]? ?\\d[A-Za-z]{2}(?![[:alnum:]])";
  return "(?<![\\d-])\\d{4,5}(?![\\d-])";
}

static char *
find_postal_code (const char * const *texts,
                  const char         *region)
{
  g_autoptr(GRegex) regex = g_regex_new (postal_pattern (region), G_REGEX_OPTIMIZE, 0, NULL);
  char *latest = NULL;

  g_return_val_if_fail (regex != NULL, NULL);
  for (guint i = 0; texts[i] != NULL; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;

      g_regex_match (regex, texts[i], 0, &match);
      for (; g_match_info_matches (match); g_match_info_next (match, NULL))
        {
          g_free (latest);
          latest = g_match_info_fetch (match, 0);
        }
    }
  return latest;
}

/* The phrase of @words that the texts hold, or NULL. */
static const char *
find_in_texts (const char * const *texts,
               const char * const *words)
{
  for (guint i = 0; texts[i] != NULL; i++)
    {
      const char *phrase = redial_text_find_phrase (texts[i], words);

      if (phrase != NULL)
        return phrase;
    }
  return NULL;
}

/* Several choices: all those found. One choice: an emergency's words
 * first, then the longest phrase ("water heater" over "leaking"). */
static RedialIntakeSuggestion *
suggest_choices (RedialIntakeQuestion *question,
                 const char * const   *texts)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  const char * const *choices = redial_intake_question_get_choices (question);
  gboolean several = redial_intake_question_get_kind (question) == REDIAL_INTAKE_CHOICES;
  RedialIntakeSuggestion *suggestion;
  const char *best_id = NULL;
  const char *best_phrase = NULL;
  gsize best_score = 0;

  for (guint i = 0; choices[i] != NULL; i++)
    {
      const char *phrase = find_in_texts (texts, redial_intake_question_get_choice_words (question, choices[i]));
      gsize score;

      if (phrase == NULL)
        continue;
      if (several)
        {
          g_ptr_array_add (ids, (gpointer) choices[i]);
          g_ptr_array_add (found, (gpointer) phrase);
          continue;
        }
      score = strlen (phrase);
      if (redial_intake_question_get_effect (question, choices[i]) == REDIAL_INTAKE_EFFECT_URGENT)
        score += 1000;
      if (score > best_score)
        {
          best_id = choices[i];
          best_phrase = phrase;
          best_score = score;
        }
    }
  if (best_id != NULL)
    {
      g_ptr_array_add (ids, (gpointer) best_id);
      g_ptr_array_add (found, (gpointer) best_phrase);
    }
  if (ids->len == 0)
    return NULL;

  g_ptr_array_add (ids, NULL);
  g_ptr_array_add (found, NULL);
  suggestion = g_new0 (RedialIntakeSuggestion, 1);
  suggestion->key = g_strdup (redial_intake_question_get_key (question));
  suggestion->value = g_strjoinv (";", (char **) ids->pdata);
  suggestion->evidence = g_strjoinv (", ", (char **) found->pdata);
  return suggestion;
}

GPtrArray *
redial_intake_profile_suggest (RedialIntakeProfile *self,
                               const char * const  *texts,
                               const char          *region,
                               GHashTable          *answers)
{
  GPtrArray *suggestions = g_ptr_array_new_with_free_func ((GDestroyNotify) redial_intake_suggestion_free);

  g_return_val_if_fail (REDIAL_IS_INTAKE_PROFILE (self), suggestions);

  if (texts == NULL)
    return suggestions;

  for (guint i = 0; i < self->order->len; i++)
    {
      RedialIntakeQuestion *question = g_ptr_array_index (self->order, i);
      const char *key = redial_intake_question_get_key (question);
      RedialIntakeSuggestion *suggestion = NULL;

      if (answers != NULL && g_hash_table_contains (answers, key))
        continue;

      switch (redial_intake_question_get_kind (question))
        {
        case REDIAL_INTAKE_CHOICE:
        case REDIAL_INTAKE_CHOICES:
        case REDIAL_INTAKE_YES_NO:
          suggestion = suggest_choices (question, texts);
          break;
        case REDIAL_INTAKE_POSTAL_CODE:
          {
            g_autofree char *code = find_postal_code (texts, region);
            g_autofree char *value = code != NULL ? redial_intake_question_normalize (question, code, NULL) : NULL;

            if (value != NULL)
              {
                suggestion = g_new0 (RedialIntakeSuggestion, 1);
                suggestion->key = g_strdup (key);
                suggestion->value = g_steal_pointer (&value);
                suggestion->evidence = g_steal_pointer (&code);
              }
          }
          break;
        case REDIAL_INTAKE_TEXT:
        case REDIAL_INTAKE_ADDRESS:
        case REDIAL_INTAKE_DATE_WINDOW:
        default:
          break;
        }
      if (suggestion != NULL)
        g_ptr_array_add (suggestions, suggestion);
    }
  return suggestions;
}
