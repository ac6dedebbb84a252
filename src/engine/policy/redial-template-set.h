/* redial-template-set.h: the business's templates by use and language, shipped defaults overridden by its own. */
#pragma once

#include <glib-object.h>

#include "redial-template.h"

G_BEGIN_DECLS

/* One of the business's ready answers for the desk, from a
 * "[reply <language> <name>]" group: "label" names it on its button,
 * "text" is a template (checked when loaded). */
typedef struct
{
  char *name;       /* "call-now": unique within its language */
  char *language;   /* canonical BCP 47 */
  char *label;      /* "Call now?" */
  char *text;
} RedialReplyTemplate;

#define REDIAL_TYPE_TEMPLATE_SET (redial_template_set_get_type ())
G_DECLARE_FINAL_TYPE (RedialTemplateSet, redial_template_set, REDIAL, TEMPLATE_SET, GObject)

/* The resource the shipped templates are read from. */
#define REDIAL_TEMPLATE_SET_DEFAULTS_PATH "/io/redial/Redial/templates.ini"

/* An empty set. */
RedialTemplateSet *redial_template_set_new           (void);
/* The set Redial ships: every use in English and Spanish. Fails only if
 * the built-in file is broken. */
RedialTemplateSet *redial_template_set_new_default   (GError            **error);

/* Reads templates from keyfile text and puts them over those of the set,
 * replacing each (use, language) it names, text and fallback together:
 *
 *   [template after-hours es]
 *   text = Hola {first_name}, gracias por llamar a {business}. …
 *   fallback = Hola, gracias por llamar a {business}. …
 *
 * Groups that do not start with "template " are left alone, so the
 * templates can live in the settings file; unknown keys are logged and
 * ignored. Every template is checked first: on an error (a bad group name,
 * no text, an unknown placeholder, …), naming "@source: [group] key:
 * reason", the set is left as it was. */
gboolean           redial_template_set_load_data     (RedialTemplateSet  *self,
                                                      const char         *data,
                                                      gsize               length,
                                                      const char         *source,
                                                      GError            **error);
/* The same from the keyfile at @path, named by its path in errors. */
gboolean           redial_template_set_load_file     (RedialTemplateSet  *self,
                                                      const char         *path,
                                                      GError            **error);
/* The same from a keyfile already read (the settings), named @source. */
gboolean           redial_template_set_load_keyfile  (RedialTemplateSet  *self,
                                                      GKeyFile           *keyfile,
                                                      const char         *source,
                                                      GError            **error);

/* Adds @template, replacing the one of the same use and language. */
void               redial_template_set_add           (RedialTemplateSet  *self,
                                                      RedialTemplate     *template);

/* The template for @use in @language ("es-MX", or NULL for English): the
 * exact language, else its shorter forms ("es"), else English. Returns
 * NULL when there is none at all. The template belongs to the set. */
RedialTemplate    *redial_template_set_lookup        (RedialTemplateSet  *self,
                                                      RedialTemplateUse   use,
                                                      const char         *language);

/* The reply templates for @language ("es-MX", or NULL for English) in
 * file order: those of the exact language, else of its shorter forms,
 * else English. A business's "[reply <language> <name>]" group replaces
 * the shipped reply of that name, or adds one after them; one with an
 * empty text takes it away. A new GPtrArray whose RedialReplyTemplates
 * belong to the set. */
GPtrArray         *redial_template_set_list_replies  (RedialTemplateSet  *self,
                                                      const char         *language);
/* Every template, by use then language: a new GPtrArray of RedialTemplate. */
GPtrArray         *redial_template_set_list          (RedialTemplateSet  *self);

G_END_DECLS
