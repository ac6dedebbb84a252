/* main.c: starts Redial. */
#include "config.h"

#define G_LOG_DOMAIN "redial"

#include <glib/gi18n.h>
#include <locale.h>

#include "redial-application.h"
#include "redial-commands.h"
#include "redial-log.h"
#include "redial-service.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RedialApplication) application = NULL;
  int status;

  /* The service never initializes GTK, which would do this: without it
   * the charset is ASCII and no translation is used. */
  setlocale (LC_ALL, "");
  redial_log_init ();
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* `redial report …` and its like need no window and no bus name. */
  if (redial_commands_run_subcommand (argc, argv, &status))
    return status;

  /* After hours on a machine with no desktop there is no display to open:
   * the service then runs without GTK. */
  if (redial_service_is_headless (argc, argv))
    return redial_service_run (argc, argv);

  application = redial_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}
