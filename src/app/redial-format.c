/* redial-format.c: how times and counts read in the window. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include "redial-format.h"

char *
redial_format_elapsed (gint64 elapsed_us)
{
  gint64 seconds = MAX (elapsed_us, 0) / G_USEC_PER_SEC;

  if (seconds < 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d", seconds / 60, (int) (seconds % 60));

  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", seconds / 3600,
                          (int) (seconds / 60 % 60), (int) (seconds % 60));
}
