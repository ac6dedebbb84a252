/* office-process.h: one Redial of an office on a shared database, run as its own process on its own session bus. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _OfficeProcess OfficeProcess;

typedef enum
{
  OFFICE_PROCESS_SERVICE,   /* redial --service without a display: the engine and backends only */
  OFFICE_PROCESS_DESK,      /* redial, its window on the test's X server */
} OfficeProcessKind;

/* Starts the real redial binary ($REDIAL_BINARY) as @kind with the
 * settings file @conf, in `dbus-run-session` (so that it is its own
 * GApplication), its home, settings and log in @dir (made if missing),
 * @desk_user the person at the desk (GSettings desk-user, may be NULL).
 * Returns once the process is running; see office_process_wait_for_bus()
 * for its actions. */
OfficeProcess *office_process_start          (OfficeProcessKind  kind,
                                              const char        *dir,
                                              const char        *conf,
                                              const char        *desk_user);
/* Kills the process (SIGKILL) if it runs, and frees @self. */
void           office_process_free           (OfficeProcess     *self);

/* Whether the process has ended; the main context must run to see it. */
gboolean       office_process_has_exited     (OfficeProcess     *self);
/* Kills redial itself with @signal_number and waits until its session ends. */
void           office_process_signal         (OfficeProcess     *self,
                                              int                signal_number);
/* Whether redial exited with status 0 (after office_process_signal()). */
gboolean       office_process_exited_cleanly (OfficeProcess     *self);
/* What it wrote to stderr so far. Free with g_free(). */
char          *office_process_dup_log        (OfficeProcess     *self);
/* How many times its log holds @line so far. */
guint          office_process_count_in_log   (OfficeProcess     *self,
                                              const char        *line);

/* Connects to the process's session bus and waits (a deadline of 60 s)
 * until the application owns its name there; returns the connection. */
GDBusConnection *office_process_wait_for_bus (OfficeProcess     *self);
/* Activates app.@action with @parameter (floating, or NULL) over
 * org.gtk.Actions, as an office's script does. */
void           office_process_activate       (OfficeProcess     *self,
                                              const char        *action,
                                              GVariant          *parameter);
/* The state of app.@action, read with org.gtk.Actions.Describe; NULL
 * when it has none. */
GVariant      *office_process_dup_state      (OfficeProcess     *self,
                                              const char        *action);

/* What a test's wait asks of its fixture: whether it is done; whether
 * it may go on (after doing what each round needs, such as the time at a
 * test server); what to say when it failed (a new string). */
typedef gboolean (*OfficeCondition) (gpointer    fixture,
                                     gpointer    data);
typedef gboolean (*OfficeKeepOn)    (gpointer    fixture);
typedef char *   (*OfficeDescribe)  (gpointer    fixture);

/* Waits until @done holds for @fixture, asking again whenever the main
 * context has nothing to do (other processes' work: nothing announces
 * it); fails, with @describe's text, when @keep_on says so or after
 * @timeout_us. */
void           office_process_wait_until     (gpointer           fixture,
                                              OfficeCondition    done,
                                              gpointer           data,
                                              const char        *what,
                                              OfficeKeepOn       keep_on,
                                              OfficeDescribe     describe,
                                              gint64             timeout_us);

/* The settings file of an office's Redial: @store_url the shared
 * database, the test AMI server on @ami_port (its secret in a file),
 * Twilio at @twilio_url (its token in a file), open all day, text-back
 * at once, no follow-up. Written in @dir, mode 0600; returns its path. */
char          *office_process_write_config   (const char        *dir,
                                              const char        *store_url,
                                              guint16            ami_port,
                                              const char        *twilio_url);
/* The same for a Redial alone on the SQLite database @db_path. */
char          *office_process_write_sqlite_config (const char   *dir,
                                                   const char   *db_path,
                                                   guint16       ami_port,
                                                   const char   *twilio_url);

#define OFFICE_AMI_USER     "redial"
#define OFFICE_AMI_SECRET   "s3cret-for-tests"
#define OFFICE_ACCOUNT_SID  "AC0123456789abcdef0123456789abcdef"
#define OFFICE_AUTH_TOKEN   "f00dfeedf00dfeedf00dfeedf00dfeed"

G_END_DECLS
