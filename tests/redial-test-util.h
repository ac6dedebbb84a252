/* redial-test-util.h: what many tests need: a private folder, a drained main loop. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A new, empty folder in the temporary folder. Free with g_free(). */
char *redial_test_make_dir    (void);
/* Removes @dir and everything below it (a database with its -wal and -shm
 * files, say). */
void  redial_test_remove_tree (const char *dir);
/* Runs the main loop until nothing is pending. */
void  redial_test_drain       (void);

/* @year-@month-@day @hour:@minute in time zone @zone ("America/Chicago"),
 * in Unix µs. */
gint64 redial_test_time_in (const char *zone,
                            int         year,
                            int         month,
                            int         day,
                            int         hour,
                            int         minute);

/* Runs the redial binary ($REDIAL_BINARY) as an office runs a command:
 * `redial @command --config @dir/redial.conf` with the arguments that
 * follow, up to a NULL. What it printed goes to *@out (or, when
 * @stdout_path is set, into that file: "/dev/full" for a full disk, say;
 * @out then NULL) and *@err. Returns its exit status; fails the test when
 * a signal ended it. */
int   redial_test_run_command (const char  *dir,
                               const char  *stdout_path,
                               char       **out,
                               char       **err,
                               const char  *command,
                               ...) G_GNUC_NULL_TERMINATED;

/* A test's random seed: the number in environment variable @variable
 * when set (to repeat a run), else one of GLib's test seed. */
guint redial_test_seed (const char *variable);

/* Processes @launcher starts get @signum when the test's process ends,
 * even a test that a failed assertion aborted: none outlives it. */
void  redial_test_end_with_test (GSubprocessLauncher *launcher,
                                 int                  signum);
/* Sets the gboolean at @flag to TRUE, once: a deadline's timeout. */
gboolean redial_test_set_flag (gpointer flag);
/* Runs the main loop until @condition (an expression) holds; fails the
 * test when it does not within @seconds. */
#define REDIAL_TEST_WAIT_FOR(condition, seconds) \
  G_STMT_START { \
    gboolean late_ = FALSE; \
    guint deadline_ = g_timeout_add_seconds ((seconds), redial_test_set_flag, &late_); \
    while (!(condition) && !late_) \
      g_main_context_iteration (NULL, TRUE); \
    g_assert_false (late_); \
    g_source_remove (deadline_); \
  } G_STMT_END
/* A real keyring daemon (gnome-keyring-daemon) on this test's session
 * bus, with @home as its private home and an unlocked login keyring;
 * returns once it serves the secrets API. */
GSubprocess *redial_test_start_keyring (const char *home);
/* Waits, with a deadline that fails the test, until @name is owned on
 * the session bus. */
void         redial_test_wait_for_bus_name (const char *name);
/* Locks the login keyring of the daemon redial_test_start_keyring()
 * started: it keeps running, and refuses to store until unlocked. */
void         redial_test_lock_keyring  (void);
/* A private session bus for this process, on which nothing is started on
 * demand: no keyring, no password prompt. Call before anything uses the
 * session bus; keeps DISPLAY. g_test_dbus_stop() it at the end. */
GTestDBus   *redial_test_private_bus   (void);

G_END_DECLS
