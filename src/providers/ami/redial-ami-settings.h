/* redial-ami-settings.h: reads and checks the [ami] group of the settings. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The [ami] keys, checked, with their defaults filled in. */
typedef struct
{
  char     *host;
  guint16   port;
  char     *username;
  char     *secret_file;       /* or NULL for the keyring */
  char     *extension;         /* the desk's, for click-to-call, or NULL */
  char     *context;
  char     *did_variable;      /* without leading "_" */
  GStrv     inbound_contexts;  /* or NULL for the tracker's own */
} RedialAmiSettings;

/* Reads the [ami] group of @keyfile into @self, which must be zeroed.
 * Fails with REDIAL_AMI_ERROR_INVALID_SETTING and a sentence naming
 * @source, the group and the key ("acme.conf: [ami] port: …"); logs keys
 * it does not know. Clear @self with redial_ami_settings_clear(), even
 * after a failure. */
gboolean redial_ami_settings_read  (RedialAmiSettings  *self,
                                    GKeyFile           *keyfile,
                                    const char         *source,
                                    GError            **error);
void     redial_ami_settings_clear (RedialAmiSettings  *self);

G_END_DECLS
