/* redial-settings.h: reading the settings keyfile, with errors that name the file, group and key. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Sets @error to @domain and @code with "@source: [@group] @key: @reason",
 * the form every settings error takes ("@source: [@group]: @reason" for
 * a whole group, when @key is NULL). Returns FALSE, for return
 * statements. */
gboolean redial_settings_invalid     (GError      **error,
                                      GQuark        domain,
                                      int           code,
                                      const char   *source,
                                      const char   *group,
                                      const char   *key,
                                      const char   *reason);

/* Reads @group's @key into *@out, trimmed, replacing what *@out held; a
 * missing key or group leaves *@out alone and is no error. A value the
 * keyfile cannot read fails the same way as redial_settings_invalid(). */
gboolean redial_settings_read_string (GKeyFile     *keyfile,
                                      const char   *source,
                                      const char   *group,
                                      const char   *key,
                                      char        **out,
                                      GQuark        domain,
                                      int           code,
                                      GError      **error);

/* Reads a time of day, "08:00" to "24:00", into minutes after midnight;
 * FALSE for anything else. */
gboolean redial_settings_parse_clock (const char   *text,
                                      guint        *minutes);
/* @text as a server's address for the settings: an http(s) URL with a
 * host and nothing after its path, https unless it goes to this computer,
 * so that a password or token never crosses a network in clear; without
 * its trailing "/". NULL when it is not one. Free with g_free(). */
char    *redial_settings_check_url   (const char   *text);

G_END_DECLS
