/* redial-renderer.h: fills the business's templates for a case: business, hours, first name, booking link, agent. */
#pragma once

#include <glib-object.h>

#include "redial-case.h"
#include "redial-config.h"
#include "redial-template.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_RENDERER (redial_renderer_get_type ())
G_DECLARE_FINAL_TYPE (RedialRenderer, redial_renderer, REDIAL, RENDERER, GObject)

/* A renderer of @config's templates, in its language. */
RedialRenderer *redial_renderer_new            (RedialConfig    *config);

/* The name of the person at the desk, filling {agent}; NULL or empty
 * leaves the template's fallback wording. */
const char     *redial_renderer_get_agent_name (RedialRenderer  *self);
void            redial_renderer_set_agent_name (RedialRenderer  *self,
                                                const char      *agent_name);

/* The business's text for @use, filled for @kase (may be NULL); a new
 * string, or NULL with REDIAL_TEMPLATE_ERROR when there is no such text or
 * a placeholder cannot be filled. */
char           *redial_renderer_render         (RedialRenderer     *self,
                                                RedialCase         *kase,
                                                RedialTemplateUse   use,
                                                GError            **error);

/* The values a template can be filled with for @kase (or for no case):
 * placeholder name → text, only those known (a first name the case does
 * not have is absent). A new table; free with g_hash_table_unref(). */
GHashTable     *redial_renderer_values         (RedialRenderer  *self,
                                                RedialCase      *kase);

G_END_DECLS
