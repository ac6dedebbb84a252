/* redial-draft.h: a reply template made ready for one case: literal text and placeholders, each filled or waiting for a person. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* One piece of a draft: literal text (@name NULL), or a placeholder. */
typedef struct
{
  char *text;        /* the literal text; NULL for a placeholder */
  char *name;        /* the placeholder's name without braces ("first_name"); NULL for text */
  char *value;       /* what the case fills it with; NULL when it cannot */
  char *suggestion;  /* the template's own "{x|default}": offered in the field, never used unseen; or NULL */
} RedialDraftPart;

#define REDIAL_TYPE_DRAFT (redial_draft_get_type ())
G_DECLARE_FINAL_TYPE (RedialDraft, redial_draft, REDIAL, DRAFT, GObject)

/* A draft named @label from the template @text (checked), each
 * placeholder filled from @values (name → text; a blank value counts as
 * none). @name is the template's name, unique among the drafts of a
 * language. */
RedialDraft *redial_draft_new            (const char  *name,
                                          const char  *label,
                                          const char  *text,
                                          GHashTable  *values);

const char  *redial_draft_get_name       (RedialDraft *self);
const char  *redial_draft_get_label      (RedialDraft *self);
/* The parts in order: a GPtrArray of RedialDraftPart, owned by the draft. */
GPtrArray   *redial_draft_get_parts      (RedialDraft *self);
/* The names of the placeholders still empty once @filled (name → what a
 * person typed; may be NULL) is applied over the case's values, in
 * order, without repeats; NULL when none is. Free with g_strfreev(). */
char       **redial_draft_list_missing   (RedialDraft *self,
                                          GHashTable  *filled);
/* The text to send: each placeholder takes what a person typed in
 * @filled (name → text; may be NULL), else the case's value. Fails with
 * REDIAL_TEMPLATE_ERROR_MISSING_VALUE, naming the placeholders still
 * empty, when any is: a "{x|default}" is never used unless a person
 * typed it. Returns the text in Unicode NFC; free with g_free(). */
char        *redial_draft_render         (RedialDraft *self,
                                          GHashTable  *filled,
                                          GError     **error);
/* A one-line preview: the text with filled placeholders, and each empty
 * one shown as its name in brackets ("[slot_1]"). Free with g_free(). */
char        *redial_draft_preview        (RedialDraft *self);

G_END_DECLS
