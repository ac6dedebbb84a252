/* redial-log.h: how Redial's log and command-line messages reach a terminal whose charset may not be UTF-8. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Sends the log and g_print()/g_printerr() through Redial's own writers,
 * which show "…", curly quotes and dashes as "...", plain quotes and "-"
 * where the locale's charset cannot show them, instead of "?". Call once,
 * first thing in main(), after setlocale(). */
void  redial_log_init             (void);
/* @text (UTF-8) with the typographic punctuation the console's charset
 * cannot show replaced by ASCII; the rest unchanged. Free with g_free(). */
char *redial_log_text_for_console (const char *text);

G_END_DECLS
