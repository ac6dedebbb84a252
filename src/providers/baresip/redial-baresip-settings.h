/* redial-baresip-settings.h: reads and checks the [baresip] group of the settings. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The [baresip] keys, checked, with their defaults filled in. */
typedef struct
{
  char       *host;          /* 127.0.0.1 unless set */
  guint16     port;          /* 4444 unless set */
  GHashTable *lines;         /* normalized account AOR → business number */
  char       *default_line;  /* the number for other accounts, or NULL */
} RedialBaresipSettings;

/* Reads the [baresip] group of @keyfile into @self, which must be zeroed:
 * host, port, line and one "account.<aor> = <business number>" per
 * account. Fails with REDIAL_BARESIP_ERROR_CONFIG and a sentence naming
 * @source, the group and the key; logs keys it does not know. Clear @self
 * with redial_baresip_settings_clear(), even after a failure. */
gboolean redial_baresip_settings_read  (RedialBaresipSettings  *self,
                                        GKeyFile               *keyfile,
                                        const char             *source,
                                        GError                **error);
void     redial_baresip_settings_clear (RedialBaresipSettings  *self);

G_END_DECLS
