/* redial-private-file.h: files only their owner may read: the database, its journals and Redial's state files. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Makes @path readable and writable by its owner only (mode 0600). When
 * @create and @path does not exist, creates it empty with that mode; when
 * it exists with a looser mode, tightens it and says so in the log (or
 * logs why it cannot, and leaves it). A missing file without @create is
 * no error. FALSE with @error (a G_FILE_ERROR) when the file cannot be
 * looked at or created. */
gboolean redial_private_file_ensure  (const char  *path,
                                      gboolean     create,
                                      GError     **error);
/* Replaces the contents of @path with @keyfile, written whole or not at
 * all, in a file with mode 0600 whatever the umask; creates the folder
 * (0700) when it is missing. FALSE with @error when it cannot. */
gboolean redial_private_file_save_keyfile (GKeyFile    *keyfile,
                                           const char  *path,
                                           GError     **error);

G_END_DECLS
