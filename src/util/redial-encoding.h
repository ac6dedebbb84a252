/* redial-encoding.h: what text files from other programs are written in: byte-order marks, Windows-1252, binary. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Skips a UTF-8 byte-order mark at the start of @bytes ("CSV UTF-8"
 * saves one), or converts text with a UTF-16 one ("Unicode text") to
 * UTF-8 in @converted (free with g_free()), which @bytes and @length
 * then point into. FALSE when a UTF-16 mark is followed by no UTF-16. */
gboolean  redial_encoding_skip_bom        (const char **bytes,
                                           gsize       *length,
                                           char       **converted);
/* Whether @data reads as text: no NUL, and hardly any other control
 * character than tab, line breaks and form feed in its first 64 KiB. */
gboolean  redial_encoding_looks_like_text (const char  *data,
                                           gsize        length);
/* Text in UTF-8 from bytes in @charset, or, when none is named, in UTF-8
 * if they are (mostly) valid and Windows-1252 otherwise. Never NULL;
 * free with g_free(). */
char     *redial_encoding_to_utf8         (const char  *bytes,
                                           gsize        length,
                                           const char  *charset);

G_END_DECLS
