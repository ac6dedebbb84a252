/* claim-racer.c: one desk in a claim race: claims each case id read on stdin and says whether it won. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "redial-store.h"

/* claim-racer DATABASE NAME: for each line "CASE-ID" on stdin, claims
 * the case as NAME and prints "won" or "lost OWNER" (or "error MESSAGE"),
 * one line each, until stdin ends. */
int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialStore) store = NULL;
  char line[64];

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
      gint64 case_id = g_ascii_strtoll (line, NULL, 10);

      if (redial_store_claim_case (store, case_id, argv[2], FALSE, g_get_real_time (), &owner, NULL, &error))
        printf ("won\n");
      else if (g_error_matches (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_CLAIMED))
        printf ("lost %s\n", owner);
      else
        printf ("error %s\n", error->message);
      g_clear_error (&error);
      fflush (stdout);
    }

  return EXIT_SUCCESS;
}
