/* store-racer.c: one desk in a race on a shared store: claims cases, books and holds time, and says whether it won. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "redial-store.h"

/* Does what one line says: "claim CASE", "book CASE RESOURCE START END
 * NOW" or "hold CASE RESOURCE START END NOW EXPIRES" (times in Unix µs),
 * as the desk @name. On a lost claim, *@owner is who won. */
static gboolean
race (RedialStore  *store,
      const char   *name,
      char         *line,
      char        **owner,
      GError      **error)
{
  g_auto(GStrv) words = g_strsplit (g_strchomp (line), " ", -1);
  guint n = g_strv_length (words);
  gint64 case_id = n > 1 ? g_ascii_strtoll (words[1], NULL, 10) : 0;

  if (n == 2 && g_str_equal (words[0], "claim"))
    return redial_store_claim_case (store, case_id, name, FALSE, g_get_real_time (), owner, NULL, error);
  if (n == 6 && g_str_equal (words[0], "book"))
    {
      g_autoptr(RedialAppointment) appointment = redial_appointment_new (case_id, words[2], "race",
                                                                         g_ascii_strtoll (words[3], NULL, 10),
                                                                         g_ascii_strtoll (words[4], NULL, 10));

      return redial_store_add_appointment (store, appointment, g_ascii_strtoll (words[5], NULL, 10), error);
    }
  if (n == 7 && g_str_equal (words[0], "hold"))
    {
      g_autoptr(RedialHold) hold = redial_hold_new (case_id, words[2], g_ascii_strtoll (words[3], NULL, 10),
                                                    g_ascii_strtoll (words[4], NULL, 10),
                                                    g_ascii_strtoll (words[6], NULL, 10));

      return redial_store_add_hold (store, hold, g_ascii_strtoll (words[5], NULL, 10), error);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "cannot read “%s”", line);
  return FALSE;
}

/* store-racer DATABASE NAME: for each line on stdin, prints "won",
 * "lost OWNER" (another desk claimed the case), "overlap" (the store
 * refused the time as taken) or "error MESSAGE", one line each, until
 * stdin ends. */
int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialStore) store = NULL;
  char line[256];

  if (argc != 3)
    {
      fprintf (stderr, "usage: %s DATABASE NAME\n", argv[0]);
      return EXIT_FAILURE;
    }

  store = redial_store_open (argv[1], &error);
  if (store == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return EXIT_FAILURE;
    }
  printf ("ready\n");
  fflush (stdout);

  while (fgets (line, sizeof line, stdin) != NULL)
    {
      g_autofree char *owner = NULL;

      if (race (store, argv[2], line, &owner, &error))
        printf ("won\n");
      else if (g_error_matches (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_CLAIMED))
        printf ("lost %s\n", owner);
      else if (g_error_matches (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_OVERLAP))
        printf ("overlap\n");
      else
        printf ("error %s\n", error->message);
      g_clear_error (&error);
      fflush (stdout);
    }

  return EXIT_SUCCESS;
}
