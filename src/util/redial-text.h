/* redial-text.h: untrusted text (caller ID, imported names) made safe to keep and show. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest name Redial keeps, in characters. */
#define REDIAL_TEXT_NAME_MAX_CHARS 48

/* Makes a person's name from outside (caller ID, a contact file) safe to
 * keep and show: valid UTF-8, no control, format (direction overrides among
 * them), private-use or unassigned characters, runs of white space made one
 * space, trimmed, at most REDIAL_TEXT_NAME_MAX_CHARS characters. Returns
 * NULL when nothing that reads as a name is left: no letter at all, or one
 * of the phone networks' words for a hidden or generic caller ("Anonymous",
 * "Wireless Caller"). Free with g_free(). */
char *redial_text_clean_name    (const char *raw);

/* Makes a short piece of untrusted text safe to quote in a message or a
 * log line: the same cleaning as a name, without the letter test, cut to
 * @max_chars characters with "…" when longer. Never returns NULL for a
 * non-NULL @raw. Free with g_free(). */
char *redial_text_clean_snippet (const char *raw,
                                 guint       max_chars);

/* The first of @phrases (lower case) found in @text as whole words, in
 * any case: "burst" is not found in "outburst", nor "flood" in
 * "floodlights". Returns the phrase (one of @phrases), or NULL. */
const char *redial_text_find_phrase (const char         *text,
                                     const char * const *phrases);

/* @text case-folded, without accents, for a search that finds "Ángela"
 * by "angela". Free with g_free(). */
char *redial_text_fold          (const char *text);

/* The ASCII digits of @text, in order. Free with g_free(). */
char *redial_text_digits        (const char *text);

G_END_DECLS
