/* redial-json.h: parses JSON that comes from outside Redial, within bounds json-glib does not keep. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Parses @length bytes of @data as one JSON document nested at most
 * @max_depth arrays or objects deep. json-glib recurses once per level, so
 * a document of a million "[" would exhaust the stack: such input is
 * refused before it is parsed.
 *
 * The text must be standard JSON (RFC 8259) as far as its tokens go:
 * json-glib 1.6 also reads comments ("/" to "/", "/ *" to "* /"),
 * single-quoted strings, "\u" escapes with fewer than four hex digits and
 * hex numbers, and each of these can hide brackets from a count that does
 * not read the text exactly as json-glib does. No phone system or API
 * sends them, so such text is refused outright, like any string with a
 * raw control character, an unknown escape or half a surrogate pair.
 *
 * Fails with a JSON_PARSER_ERROR when the text is not UTF-8, is empty, is
 * nested too deep, is not standard JSON or is not JSON at all. Returns the
 * root node (free with json_node_unref()). */
JsonNode *redial_json_parse (const char  *data,
                             gsize        length,
                             guint        max_depth,
                             GError     **error);

G_END_DECLS
