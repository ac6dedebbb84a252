/* redial-options.h: Redial's command-line options, parsed once for the window and the service. */
#pragma once

#include <gio/gio.h>

#include "redial-config.h"

G_BEGIN_DECLS

typedef struct _RedialCommand RedialCommand;

/* What the command line asked for. */
typedef struct
{
  gboolean             version;           /* --version */
  gboolean             demo;              /* --demo */
  gboolean             service;           /* --service */
  char                *config_path;       /* --config FILE, or NULL */
  const RedialCommand *command;           /* a command that runs and exits, or NULL */
  char                *command_argument;  /* its argument, or NULL */
} RedialOptions;

/* Gives @application Redial's options and the summary --help shows, so
 * that the window and the service read the same command line. */
void           redial_options_add_to_application (GApplication *application);
/* The options in @dict, from ::handle-local-options of an application
 * set up with redial_options_add_to_application(). Free with
 * redial_options_free(). */
RedialOptions *redial_options_new_from_dict      (GVariantDict *dict);
void           redial_options_free               (RedialOptions *options);
/* The settings the options name (--config FILE or the default file),
 * with the demo backends when --demo was given. Errors name the file,
 * group and key. */
RedialConfig  *redial_options_load_config        (const RedialOptions *options,
                                                  GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RedialOptions, redial_options_free)

G_END_DECLS
