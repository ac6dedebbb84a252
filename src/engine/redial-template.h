/* redial-template.h: texts with {placeholders}, rendered so that none goes out unfilled. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define REDIAL_TEMPLATE_ERROR (redial_template_error_quark ())

typedef enum
{
  REDIAL_TEMPLATE_ERROR_UNKNOWN_PLACEHOLDER,  /* {something} Redial does not know */
  REDIAL_TEMPLATE_ERROR_MISSING_VALUE,        /* a known placeholder with no value for this case */
} RedialTemplateError;

GQuark  redial_template_error_quark  (void);

/* Fills the placeholders of @text ({business}, {first_name}, {agent},
 * {booking_link}, {hours}) from @values (placeholder name without braces →
 * string). Values are inserted as plain text and never expanded again. A
 * brace that does not open a placeholder name is kept as written. Fails,
 * naming the placeholder, rather than return a text with a hole in it. */
char   *redial_template_render       (const char  *text,
                                      GHashTable  *values,
                                      GError     **error);

/* Checks that every placeholder in @text is one Redial knows. */
gboolean redial_template_check       (const char  *text,
                                      GError     **error);

/* Whether @name is a placeholder Redial knows. */
gboolean redial_template_is_placeholder (const char *name);

G_END_DECLS
