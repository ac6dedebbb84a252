/* main.c: starts Redial. */
#include "config.h"

#include <glib/gi18n.h>

#include "redial-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RedialApplication) application = NULL;

  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  application = redial_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}
