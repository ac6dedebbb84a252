/* redial-json.h: parses JSON that comes from outside Redial, within bounds json-glib does not keep. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Parses @length bytes of @data as one JSON document nested at most
 * @max_depth arrays or objects deep. json-glib recurses once per level, so
 * a document of a million "[" would exhaust the stack: such input is
 * refused before it is parsed. Fails with a JSON_PARSER_ERROR when the
 * text is not UTF-8, is empty, is nested too deep or is not JSON.
 * Returns the root node (free with json_node_unref()). */
JsonNode *redial_json_parse (const char  *data,
                             gsize        length,
                             guint        max_depth,
                             GError     **error);

G_END_DECLS
