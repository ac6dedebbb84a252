/* redial-intake-profile.h: the questions of one trade, read from data files a business can override. */
#pragma once

#include <glib-object.h>

#include "redial-intake-question.h"
#include "redial-service-area.h"

G_BEGIN_DECLS

/* Where the shipped profiles are read from: <path>/<trade>.ini. */
#define REDIAL_INTAKE_PROFILES_PATH "/io/redial/Redial/intake"

/* What a case's answers add up to. */
typedef struct
{
  gboolean  qualified;     /* every required question answered, and none says not a fit */
  gboolean  urgent;        /* an answer means an emergency */
  gboolean  not_a_fit;     /* an answer means the business cannot take the job */
  gboolean  out_of_area;   /* a postal code outside the service area: needs review */
  guint     n_missing;     /* required questions not answered yet */
  char     *urgent_key;    /* the question whose answer made it urgent, or NULL */
  char     *not_a_fit_key; /* the question whose answer said not a fit, or NULL */
} RedialIntakeStatus;

void redial_intake_status_clear (RedialIntakeStatus *status);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RedialIntakeStatus, redial_intake_status_clear)

/* An answer found in the caller's own texts, for the desk to confirm. */
typedef struct
{
  char *key;        /* the question */
  char *value;      /* the answer, as redial_intake_question_normalize() gives it */
  char *evidence;   /* what the caller wrote that suggests it ("water heater", "60614") */
} RedialIntakeSuggestion;

void redial_intake_suggestion_free (RedialIntakeSuggestion *suggestion);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RedialIntakeSuggestion, redial_intake_suggestion_free)

#define REDIAL_TYPE_INTAKE_PROFILE (redial_intake_profile_get_type ())
G_DECLARE_FINAL_TYPE (RedialIntakeProfile, redial_intake_profile, REDIAL, INTAKE_PROFILE, GObject)

/* The trades Redial ships a profile for ("home-service", "plumbing", …),
 * NULL-terminated, static. */
const char * const   *redial_intake_profile_list_trades (void);

/* The profile Redial ships for @trade, its base profile included
 * (plumbing extends home-service). Labels are in the desk's language.
 * Fails with REDIAL_INTAKE_ERROR_INVALID_PROFILE for a trade with no
 * profile, or a shipped file that is broken. */
RedialIntakeProfile  *redial_intake_profile_new_for_trade (const char          *trade,
                                                           GError             **error);

/* Puts a business's own questions over the profile, from keyfile text
 * named @source in errors: a [question <key>] group replaces the question
 * of that key or adds one (after the others, unless [profile] questions
 * gives the whole order). Everything is checked first: on an error,
 * "@source: [question need] choices: reason", the profile is left as it
 * was. The format is the shipped files' (data/intake/, see the README). */
gboolean              redial_intake_profile_load_data   (RedialIntakeProfile  *self,
                                                         const char           *data,
                                                         gsize                 length,
                                                         const char           *source,
                                                         GError              **error);
/* The same from the file at @path, named by its path in errors. */
gboolean              redial_intake_profile_load_file   (RedialIntakeProfile  *self,
                                                         const char           *path,
                                                         GError              **error);

/* "plumbing" */
const char           *redial_intake_profile_get_trade   (RedialIntakeProfile  *self);
/* "Plumbing", in the desk's language */
const char           *redial_intake_profile_get_name    (RedialIntakeProfile  *self);
guint                 redial_intake_profile_get_n_questions (RedialIntakeProfile *self);
/* The question at @position in asking order (owned by the profile). */
RedialIntakeQuestion *redial_intake_profile_get_question (RedialIntakeProfile *self,
                                                          guint                position);
/* The question @key, or NULL. */
RedialIntakeQuestion *redial_intake_profile_lookup      (RedialIntakeProfile  *self,
                                                         const char           *key);

/* What @answers (question key → value as normalize() keeps it) add up to,
 * with @area (NULL: everywhere) for the postal-code questions. Answers to
 * questions the profile does not have are ignored. Clear @status with
 * redial_intake_status_clear(). */
void                  redial_intake_profile_evaluate    (RedialIntakeProfile  *self,
                                                         GHashTable           *answers,
                                                         RedialServiceArea    *area,
                                                         RedialIntakeStatus   *status);

/* Answers suggested by @texts (what the caller wrote, oldest first): the
 * choices whose words appear as whole words, and a postal code shaped as
 * @region's ("US", "CA", "GB"; others: four or five digits), the latest
 * one written. Questions already in @answers (may be NULL) are skipped.
 * Returns a new GPtrArray of RedialIntakeSuggestion, in asking order. */
GPtrArray            *redial_intake_profile_suggest     (RedialIntakeProfile  *self,
                                                         const char * const   *texts,
                                                         const char           *region,
                                                         GHashTable           *answers);

G_END_DECLS
