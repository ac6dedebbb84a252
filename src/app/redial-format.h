/* redial-format.h: how times and counts read in the window. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A running timer: "0:07", "4:59", "1:02:03"; negative spans read "0:00". */
char *redial_format_elapsed (gint64 elapsed_us);

G_END_DECLS
