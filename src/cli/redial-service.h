/* redial-service.h: Redial without a display: the engine and its backends, for a machine with no desktop. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether this command line asks for the service where no display can be
 * opened (no X11 or Wayland display in the environment). */
gboolean redial_service_is_headless (int    argc,
                                     char **argv);
/* Runs the engine and the configured backends until it is stopped, with
 * no window and no GTK: the after-hours mode of a machine without a
 * desktop. Reads the same command line as the window, so a command
 * such as --import-contacts runs here too. Returns the exit status. */
int      redial_service_run         (int    argc,
                                     char **argv);

G_END_DECLS
