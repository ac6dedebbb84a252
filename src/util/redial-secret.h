/* redial-secret.h: passwords and tokens for the backends: from the keyring, or a private file. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define REDIAL_SECRET_ERROR (redial_secret_error_quark ())

typedef enum
{
  REDIAL_SECRET_ERROR_NOT_FOUND,  /* no such secret in the keyring, or no file */
  REDIAL_SECRET_ERROR_UNSAFE,     /* the file can be read by others: it is not used */
  REDIAL_SECRET_ERROR_INVALID,    /* empty, too long, or not text */
  REDIAL_SECRET_ERROR_KEYRING,    /* the keyring cannot be reached */
} RedialSecretError;

GQuark  redial_secret_error_quark (void);

/* Loads the secret called @name (such as "ami/secret" or "twilio/auth-token"):
 * from @file when it is not NULL — a file only its owner may read or write
 * (mode 0600 or stricter), holding the secret on its first line — otherwise
 * from the keyring. Blocks: backends use redial_secret_load_async().
 * Free the result with redial_secret_free(). Never logs the secret. */
char    *redial_secret_load       (const char  *name,
                                   const char  *file,
                                   GError     **error);
/* The way every backend loads its secret: redial_secret_load() in a worker
 * thread, so that neither the keyring nor the disk blocks the main loop.
 * @callback runs on the thread-default main context of the caller. */
void     redial_secret_load_async (const char           *name,
                                   const char           *file,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
/* The secret (free with redial_secret_free()), or NULL with @error set as
 * redial_secret_load() sets it, or to G_IO_ERROR_CANCELLED. */
char    *redial_secret_load_finish (GAsyncResult        *result,
                                    GError             **error);
/* Whether @file could hold a secret: it exists and only its owner may
 * read it. Reads nothing of the secret: for checking a setting early.
 * Fails as redial_secret_load() does for such a file. */
gboolean redial_secret_check_file (const char  *file,
                                   GError     **error);
/* Saves @secret as @name in the keyring, with @label shown by keyring tools. */
gboolean redial_secret_store      (const char  *name,
                                   const char  *label,
                                   const char  *secret,
                                   GError     **error);
/* Whether the @length bytes at @a and @b are equal, in a time that does
 * not depend on where they differ: for comparing a signature a caller
 * sent with the one expected. */
gboolean redial_secret_equal      (const void  *a,
                                   const void  *b,
                                   gsize        length);
/* Overwrites and frees a secret. NULL is ignored. */
void     redial_secret_free       (char        *secret);

/* g_auto(RedialSecretString) secret = redial_secret_load (…); */
typedef char *RedialSecretString;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (RedialSecretString, redial_secret_free, NULL)

G_END_DECLS
