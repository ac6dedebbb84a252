/* redial-template.h: texts with {placeholders}, rendered so that none goes out unfilled. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define REDIAL_TEMPLATE_ERROR (redial_template_error_quark ())

typedef enum
{
  REDIAL_TEMPLATE_ERROR_UNKNOWN_PLACEHOLDER,  /* {something} Redial does not know */
  REDIAL_TEMPLATE_ERROR_MISSING_VALUE,        /* a known placeholder with no value for this case */
  REDIAL_TEMPLATE_ERROR_INVALID,              /* an empty or too long text, a placeholder not closed, a bad language */
} RedialTemplateError;

/* What a template is sent for. The names ("busy-hours", …) are those of
 * the template files and the GType's nicks. */
typedef enum
{
  REDIAL_TEMPLATE_USE_BUSY_HOURS,            /* text-back for a call missed while open */
  REDIAL_TEMPLATE_USE_AFTER_HOURS,           /* text-back for a call missed while closed */
  REDIAL_TEMPLATE_USE_CUSTOMER,              /* text-back for a known customer */
  REDIAL_TEMPLATE_USE_FOLLOW_UP,             /* the one polite follow-up */
  REDIAL_TEMPLATE_USE_BOOKING_CONFIRMATION,  /* an appointment was booked */
  REDIAL_TEMPLATE_USE_HELP,                  /* the answer to HELP */
  REDIAL_TEMPLATE_USE_OPT_OUT_CONFIRMATION,  /* the answer to STOP */
  REDIAL_TEMPLATE_USE_OPT_IN_CONFIRMATION,   /* the answer to START */
  REDIAL_TEMPLATE_USE_SLOT_OFFER,            /* two times offered for the caller to choose by reply */
} RedialTemplateUse;

#define REDIAL_TEMPLATE_N_USES (REDIAL_TEMPLATE_USE_SLOT_OFFER + 1)

/* The longest template text, in characters: ten segments of UCS-2, the
 * most a gateway such as Twilio accepts in one message. */
#define REDIAL_TEMPLATE_MAX_CHARS 1600

#define REDIAL_TYPE_TEMPLATE_USE (redial_template_use_get_type ())
GType        redial_template_use_get_type   (void) G_GNUC_CONST;

#define REDIAL_TYPE_TEMPLATE (redial_template_get_type ())
G_DECLARE_FINAL_TYPE (RedialTemplate, redial_template, REDIAL, TEMPLATE, GObject)

GQuark       redial_template_error_quark    (void);

/* "busy-hours", "after-hours", "customer", "follow-up",
 * "booking-confirmation", "help", "opt-out-confirmation",
 * "opt-in-confirmation", "slot-offer". */
const char  *redial_template_use_to_string  (RedialTemplateUse  use);
/* Reads one of those names into @use; FALSE when @name is none of them. */
gboolean     redial_template_use_from_string (const char        *name,
                                              RedialTemplateUse *use);

/* Whether @name (without braces) is a placeholder Redial knows: business,
 * first_name, agent, booking_link, hours, slot_1 (the appointment time:
 * booked, or the first one offered) and slot_2 (a second time offered). */
gboolean     redial_template_is_placeholder (const char        *name);

/* Checks that @text can be rendered: every {placeholder} is one Redial
 * knows and is closed, the text is not empty nor longer than
 * REDIAL_TEMPLATE_MAX_CHARS. Fails with a sentence naming what is wrong,
 * so that a bad template is refused when it is loaded, not when a caller
 * waits for it. */
gboolean     redial_template_check          (const char        *text,
                                             GError           **error);

/* Fills the placeholders of @text from @values (placeholder name without
 * braces → string). A placeholder may carry its own default after a bar,
 * "{first_name|there}", used when the value is missing or blank. Values are
 * inserted as plain text and never expanded again. Braces around anything
 * that is not an attempt at a placeholder name ("{:-)}") are kept as
 * written. Fails with REDIAL_TEMPLATE_ERROR_UNKNOWN_PLACEHOLDER or
 * _INVALID as redial_template_check() would, and with _MISSING_VALUE naming
 * what is not known, rather than return a text with a hole in it. Returns
 * the text in Unicode NFC, which costs the fewest SMS segments. */
char        *redial_template_render         (const char        *text,
                                             GHashTable        *values,
                                             GError           **error);

/* A template for @use in @language (BCP 47: "en", "es", "es-MX"; an
 * underscore as in "es_MX" is read as a hyphen) with @fallback (or NULL),
 * a whole text sent instead when @text lacks a value it has no default
 * for. Both are checked now (see redial_template_check()). */
RedialTemplate   *redial_template_new          (RedialTemplateUse   use,
                                                const char         *language,
                                                const char         *text,
                                                const char         *fallback,
                                                GError            **error);

/* "after-hours/es": the use and the language, unique in a template set. */
const char       *redial_template_get_id       (RedialTemplate     *self);
RedialTemplateUse redial_template_get_use      (RedialTemplate     *self);
/* The language in canonical case: "en", "es-MX". */
const char       *redial_template_get_language (RedialTemplate     *self);
const char       *redial_template_get_text     (RedialTemplate     *self);
/* The whole-text fallback, or NULL. */
const char       *redial_template_get_fallback (RedialTemplate     *self);

/* Renders the template's text with @values (see redial_template_render()),
 * or its fallback when the text lacks a value. When neither can be filled,
 * fails with REDIAL_TEMPLATE_ERROR_MISSING_VALUE and a sentence a
 * receptionist understands: "The follow-up needs the caller's first name,
 * which is not known." Free the text with g_free(). */
char             *redial_template_fill         (RedialTemplate     *self,
                                                GHashTable         *values,
                                                GError            **error);

/* Canonical BCP 47 case of @language ("ES_mx" → "es-MX"), or NULL when it
 * is not a well-formed language tag. */
char             *redial_template_canonical_language (const char   *language);

G_END_DECLS
