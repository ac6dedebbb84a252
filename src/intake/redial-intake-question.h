/* redial-intake-question.h: one question of an intake profile, its choices and the rules its answers trigger. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define REDIAL_INTAKE_ERROR (redial_intake_error_quark ())

typedef enum
{
  REDIAL_INTAKE_ERROR_INVALID_ANSWER,    /* no answer to the question */
  REDIAL_INTAKE_ERROR_INVALID_PROFILE,   /* a profile file Redial cannot use */
  REDIAL_INTAKE_ERROR_UNKNOWN_QUESTION,  /* no such question in the profile */
} RedialIntakeError;

/* How a question is asked and what an answer to it looks like. The names
 * ("choice", "choices", …) are those of the profile files. */
typedef enum
{
  REDIAL_INTAKE_CHOICE,        /* one of the choices: its id */
  REDIAL_INTAKE_CHOICES,       /* several choices: their ids joined by ';' */
  REDIAL_INTAKE_TEXT,          /* a short text */
  REDIAL_INTAKE_ADDRESS,       /* a street address, as text */
  REDIAL_INTAKE_POSTAL_CODE,   /* a ZIP or postal code */
  REDIAL_INTAKE_DATE_WINDOW,   /* "today", "tomorrow", "this-week" or YYYY-MM-DD, '/', "morning", "afternoon" or "any" */
  REDIAL_INTAKE_YES_NO,        /* "yes" or "no" */
} RedialIntakeType;

/* What an answer makes of the case. */
typedef enum
{
  REDIAL_INTAKE_EFFECT_NONE,
  REDIAL_INTAKE_EFFECT_URGENT,      /* an emergency, with its shorter target */
  REDIAL_INTAKE_EFFECT_NOT_A_FIT,   /* the business cannot take this job */
} RedialIntakeEffect;

/* The longest answer kept, in characters: a short text or an address. */
#define REDIAL_INTAKE_MAX_ANSWER 500

#define REDIAL_TYPE_INTAKE_QUESTION (redial_intake_question_get_type ())
G_DECLARE_FINAL_TYPE (RedialIntakeQuestion, redial_intake_question, REDIAL, INTAKE_QUESTION, GObject)

GQuark                redial_intake_error_quark         (void);

/* "choice", "choices", "text", "address", "postal-code", "date-window",
 * "yes-no". */
const char           *redial_intake_type_to_string      (RedialIntakeType       type);
/* Reads one of those names into @type; FALSE when @name is none of them. */
gboolean              redial_intake_type_from_string    (const char            *name,
                                                         RedialIntakeType      *type);

/* A date window's days as kept ("today", "tomorrow", "this-week"; a
 * YYYY-MM-DD date is a day too) and its times of day ("morning",
 * "afternoon", "any"), NULL-terminated and static. */
const char * const   *redial_intake_window_days         (void);
const char * const   *redial_intake_window_times        (void);
/* A day or time of day in words for the desk: "Tomorrow", "Morning"; a
 * date is given back as it is. */
const char           *redial_intake_describe_day        (const char            *day);
const char           *redial_intake_describe_time       (const char            *time);

/* A question @key ("need", "zip") of @type, asked as @label. */
RedialIntakeQuestion *redial_intake_question_new        (const char            *key,
                                                         RedialIntakeType       type,
                                                         const char            *label);

const char           *redial_intake_question_get_key    (RedialIntakeQuestion  *self);
RedialIntakeType      redial_intake_question_get_kind   (RedialIntakeQuestion  *self);
/* The question as the desk reads it, in the desk's language. */
const char           *redial_intake_question_get_label  (RedialIntakeQuestion  *self);
/* A line of help under the question, or NULL. */
const char           *redial_intake_question_get_hint   (RedialIntakeQuestion  *self);
void                  redial_intake_question_set_hint   (RedialIntakeQuestion  *self,
                                                         const char            *hint);
gboolean              redial_intake_question_get_required (RedialIntakeQuestion *self);
void                  redial_intake_question_set_required (RedialIntakeQuestion *self,
                                                           gboolean              required);

/* Adds a choice @id shown as @label, with @words (NULL or a NULL-terminated
 * list, lower case) that suggest it when found in the caller's texts. For
 * a yes/no question the choices "yes" and "no" exist from the start and
 * adding one relabels it. */
void                  redial_intake_question_add_choice (RedialIntakeQuestion  *self,
                                                         const char            *id,
                                                         const char            *label,
                                                         const char * const    *words);
/* The choice ids in order (NULL-terminated, owned by the question). */
const char * const   *redial_intake_question_get_choices (RedialIntakeQuestion *self);
/* The label of choice @id, or NULL when the question has no such choice. */
const char           *redial_intake_question_get_choice_label (RedialIntakeQuestion *self,
                                                               const char           *id);
/* The words that suggest choice @id (NULL-terminated; may be empty). */
const char * const   *redial_intake_question_get_choice_words (RedialIntakeQuestion *self,
                                                               const char           *id);

/* Makes the choice @id mean @effect (a choice of a choice, choices or
 * yes/no question). Returns FALSE when there is no such choice. */
gboolean              redial_intake_question_set_effect (RedialIntakeQuestion  *self,
                                                         const char            *id,
                                                         RedialIntakeEffect     effect);
/* What answering @value does: URGENT over NOT_A_FIT when a several-choice
 * answer holds both, NONE for an answer that is no choice. */
RedialIntakeEffect    redial_intake_question_get_effect (RedialIntakeQuestion  *self,
                                                         const char            *value);

/* Checks @value as an answer, and returns it in the form kept (trimmed,
 * choices in the question's order, a postal code in capitals); NULL with
 * a sentence when it is no answer to this question: an unknown choice, a
 * date window that is not one, a text over REDIAL_INTAKE_MAX_ANSWER
 * characters or not UTF-8, … An empty value is no answer. */
char                 *redial_intake_question_normalize  (RedialIntakeQuestion  *self,
                                                         const char            *value,
                                                         GError               **error);

/* @value (as normalize() returns it) in words for the desk: the choice
 * labels, "Tomorrow · Morning", "Yes". Free with g_free(). */
char                 *redial_intake_question_describe   (RedialIntakeQuestion  *self,
                                                         const char            *value);

G_END_DECLS
