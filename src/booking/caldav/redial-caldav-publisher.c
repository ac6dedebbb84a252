/* redial-caldav-publisher.c: keeps the business's CalDAV calendar in step with Redial's appointments.
 *
 * One VCALENDAR object per appointment, at <collection><uid>.ics, created
 * with If-None-Match: * and replaced with If-Match: <the ETag stored> (RFC
 * 4791 §5.3.2, RFC 7232): an object someone changed on the server since
 * Redial last wrote it answers 412, and is then left as it is. */
#include "config.h"

#define G_LOG_DOMAIN "redial-caldav"

#include <glib/gi18n.h>

#include "redial-backoff.h"
#include "redial-caldav-publisher.h"
#include "redial-ics.h"
#include "redial-secret.h"
#include "redial-settings.h"

#define GROUP "caldav"
#define RETRY_FIRST_US (5 * G_USEC_PER_SEC)
#define RETRY_MAX_US   (10 * 60 * G_USEC_PER_SEC)
/* The sync pass looks this far back: a job of last week may still be
 * worth having in the calendar, one of last year is not. */
#define SYNC_PAST_US   ((gint64) 7 * 24 * 3600 * G_USEC_PER_SEC)

enum {
  PROP_0,
  PROP_ERROR,
  N_PROPS
};

enum {
  PUBLISHED,
  CONFLICT,
  N_SIGNALS
};

struct _RedialCaldavPublisher
{
  GObject             parent_instance;

  RedialClock        *clock;
  RedialStore        *store;
  GTimeZone          *tz;
  RedialCaldavClient *client;
  char               *secret_file;     /* NULL: the keyring */
  GCancellable       *cancellable;     /* the password's loading and the request under way */

  GQueue              queue;           /* gint64 *: appointment ids, in order */
  GHashTable         *queued;          /* the same ids, for asking twice */
  gboolean            started;
  gboolean            loading;         /* the password */
  gboolean            busy;            /* a request is under way */
  gboolean            auth_failed;     /* waits for another password */
  RedialBackoff       backoff;
  guint               retry;           /* on the clock */
  char               *error;
};

G_DEFINE_FINAL_TYPE (RedialCaldavPublisher, redial_caldav_publisher, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  RedialCaldavPublisher *publisher;
  RedialAppointment     *appointment;
  char                  *href;
  GTask                 *task;         /* keeping Redial's version: whom to tell */
} Put;

/* Reading the calendar's copy of an appointment. */
typedef struct
{
  RedialAppointment *appointment;
  char              *etag;
  RedialIcsEvent     event;
  gboolean           gone;
} Theirs;

static void kick   (RedialCaldavPublisher *self);
static void on_put (GObject               *source,
                    GAsyncResult          *result,
                    gpointer               user_data);

/* Helpers */

static void
put_free (Put *put)
{
  g_clear_object (&put->publisher);
  g_clear_object (&put->appointment);
  g_clear_object (&put->task);
  g_free (put->href);
  g_free (put);
}

static void
theirs_free (Theirs *theirs)
{
  g_clear_object (&theirs->appointment);
  g_free (theirs->etag);
  g_free (theirs);
}

/* Whether @appointment has a change the calendar has not had: never
 * published while booked, or changed since (a move, a cancellation).
 * One in conflict waits for a person. */
static gboolean
needs_publishing (RedialAppointment *appointment)
{
  if (redial_appointment_get_conflict (appointment))
    return FALSE;
  if (redial_appointment_get_href (appointment) == NULL)
    return redial_appointment_is_booked (appointment);
  return redial_appointment_get_sequence (appointment) > redial_appointment_get_published_sequence (appointment);
}

static void
set_error (RedialCaldavPublisher *self,
           const char            *error)
{
  if (g_strcmp0 (self->error, error) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
enqueue (RedialCaldavPublisher *self,
         gint64                 id,
         gboolean               first)
{
  gint64 *key;

  if (g_hash_table_contains (self->queued, &id))
    return;
  key = g_memdup2 (&id, sizeof id);
  g_hash_table_add (self->queued, key);
  if (first)
    g_queue_push_head (&self->queue, key);
  else
    g_queue_push_tail (&self->queue, key);
}

static gint64
dequeue (RedialCaldavPublisher *self)
{
  gint64 *key = g_queue_pop_head (&self->queue);
  gint64 id = *key;

  g_hash_table_remove (self->queued, key);
  return id;
}

/* Keeps what the server now has of @put's appointment, in the store and
 * in the object the signals carry. */
static void
keep_state (Put        *put,
            const char *etag,
            gboolean    conflict)
{
  g_autoptr(GError) error = NULL;
  gint64 id = redial_appointment_get_id (put->appointment);
  guint sequence = redial_appointment_get_sequence (put->appointment);

  /* What was sent is what the calendar has: after a restart, only what
   * changed since goes again. */
  if (!redial_store_set_appointment_caldav (put->publisher->store, id, put->href, etag, conflict, &error) ||
      (!conflict && !redial_store_set_appointment_published (put->publisher->store, id, sequence, &error)))
    g_warning ("The calendar copy of appointment %" G_GINT64_FORMAT " cannot be recorded: %s",
               id, error->message);
  if (!conflict)
    redial_appointment_set_published_sequence (put->appointment, sequence);
  redial_appointment_set_href (put->appointment, put->href);
  redial_appointment_set_etag (put->appointment, etag);
  redial_appointment_set_conflict (put->appointment, conflict);
}

/* Callbacks */

/* The end of keeping Redial's version over the calendar's: the server
 * has ours (with the SEQUENCE put sent), or the conflict stays. */
static void
finish_keep (Put        *put,
             const char *etag,
             GError     *error)
{
  GTask *task = g_steal_pointer (&put->task);

  if (error == NULL)
    {
      g_message ("Appointment %" G_GINT64_FORMAT ": Redial's version replaced the calendar's at %s",
                 redial_appointment_get_id (put->appointment), put->href);
      keep_state (put, etag, FALSE);
      g_signal_emit (put->publisher, signals[PUBLISHED], 0, put->appointment);
      g_task_return_boolean (task, TRUE);
    }
  else
    g_task_return_error (task, g_error_copy (error));
  g_object_unref (task);
  put_free (put);
}

/* The calendar's copy is read: for keeping ours, it is replaced with
 * If-Match on the ETag just read and a SEQUENCE above its own. */
static void
on_theirs_read (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RedialCaldavPublisher *self = g_task_get_source_object (task);
  Theirs *theirs = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = redial_caldav_client_get_finish (REDIAL_CALDAV_CLIENT (source), result,
                                                           &theirs->etag, &error);
  Put *put;
  g_autoptr(GBytes) body = NULL;

  if (text == NULL && g_error_matches (error, REDIAL_CALDAV_ERROR, REDIAL_CALDAV_ERROR_GONE))
    theirs->gone = TRUE;
  else if (text == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  else if (!redial_ics_read_event (text, self->tz, &theirs->event, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  else if (theirs->etag == NULL)
    {
      g_task_return_new_error (task, REDIAL_CALDAV_ERROR, REDIAL_CALDAV_ERROR_REFUSED,
                               _("The calendar server names no version of the appointment: "
                                 "Redial cannot replace it safely."));
      return;
    }

  if (g_task_get_source_tag (task) != redial_caldav_publisher_keep_ours_async)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Ours goes above theirs, so that every calendar takes it as the newer. */
  if (!theirs->gone)
    redial_appointment_set_sequence (theirs->appointment,
                                     MAX (redial_appointment_get_sequence (theirs->appointment),
                                          theirs->event.sequence + 1));
  put = g_new0 (Put, 1);
  put->publisher = g_object_ref (self);
  put->appointment = g_object_ref (theirs->appointment);
  put->href = g_strdup (redial_appointment_get_href (theirs->appointment));
  put->task = g_steal_pointer (&task);
  body = redial_ics_object_new (put->appointment, self->tz, redial_clock_now (self->clock));
  /* Gone from the server: created again, and only created. */
  redial_caldav_client_put_async (self->client, put->href, body, theirs->gone ? NULL : theirs->etag,
                                  g_task_get_cancellable (put->task), on_put, put);
}

static gboolean
on_retry (gpointer user_data)
{
  RedialCaldavPublisher *self = user_data;

  self->retry = 0;
  kick (self);
  return G_SOURCE_REMOVE;
}

static void
on_put (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  Put *put = user_data;
  RedialCaldavPublisher *self = put->publisher;
  gint64 id = redial_appointment_get_id (put->appointment);
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = redial_caldav_client_put_finish (REDIAL_CALDAV_CLIENT (source), result, &error);

  if (put->task != NULL)
    {
      finish_keep (put, etag, error);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      put_free (put);
      return;
    }
  self->busy = FALSE;

  if (error == NULL)
    {
      g_debug ("Published appointment %" G_GINT64_FORMAT " (sequence %u) at %s",
               id, redial_appointment_get_sequence (put->appointment), put->href);
      keep_state (put, etag, FALSE);
      redial_backoff_reset (&self->backoff);
      set_error (self, NULL);
      g_signal_emit (self, signals[PUBLISHED], 0, put->appointment);
    }
  else if (g_error_matches (error, REDIAL_CALDAV_ERROR, REDIAL_CALDAV_ERROR_CONFLICT))
    {
      g_message ("Appointment %" G_GINT64_FORMAT " was changed in the calendar at %s: "
                 "Redial's change is not published over it", id, put->href);
      keep_state (put, redial_appointment_get_etag (put->appointment), TRUE);
      g_signal_emit (self, signals[CONFLICT], 0, put->appointment);
    }
  else if (g_error_matches (error, REDIAL_CALDAV_ERROR, REDIAL_CALDAV_ERROR_AUTH))
    {
      g_message ("CalDAV: %s", error->message);
      self->auth_failed = TRUE;
      enqueue (self, id, TRUE);
      set_error (self, error->message);
    }
  else if (g_error_matches (error, REDIAL_CALDAV_ERROR, REDIAL_CALDAV_ERROR_TRANSIENT))
    {
      gint64 wait = redial_backoff_next (&self->backoff, -1);

      g_message ("CalDAV: %s Trying again in %" G_GINT64_FORMAT " s", error->message, wait / G_USEC_PER_SEC);
      enqueue (self, id, TRUE);
      set_error (self, error->message);
      self->retry = redial_clock_schedule (self->clock, wait, on_retry, self, NULL);
    }
  else
    {
      /* Asking again would get the same answer: the next one goes on. */
      g_message ("CalDAV: appointment %" G_GINT64_FORMAT ": %s", id, error->message);
      set_error (self, error->message);
    }

  put_free (put);
  kick (self);
}

static void
on_password_loaded (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(RedialCaldavPublisher) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(RedialSecretString) password = redial_secret_load_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;

  if (password == NULL)
    {
      g_message ("CalDAV: %s", error->message);
      set_error (self, g_error_matches (error, REDIAL_SECRET_ERROR, REDIAL_SECRET_ERROR_NOT_FOUND) &&
                       self->secret_file == NULL
                       ? _("No password for the calendar server: save it in the keyring "
                           "or name a [caldav] secret-file.")
                       : error->message);
      return;
    }
  redial_caldav_publisher_set_password (self, password);
}

/* Sends the next appointment, unless one is under way or publishing waits. */
static void
kick (RedialCaldavPublisher *self)
{
  while (!self->busy && self->retry == 0 && !self->auth_failed && self->started &&
         redial_caldav_client_has_password (self->client) && !g_queue_is_empty (&self->queue))
    {
      gint64 id = dequeue (self);
      g_autoptr(GError) error = NULL;
      g_autoptr(RedialAppointment) appointment = redial_store_get_appointment (self->store, id, &error);
      g_autoptr(GBytes) body = NULL;
      const char *href;
      Put *put;

      if (appointment == NULL)
        {
          g_message ("CalDAV: appointment %" G_GINT64_FORMAT " is gone: %s", id, error->message);
          continue;
        }
      /* A conflict waits for a person; a cancellation of what the
       * calendar never had needs no request. */
      if (redial_appointment_get_conflict (appointment) ||
          (redial_appointment_get_href (appointment) == NULL && !redial_appointment_is_booked (appointment)))
        continue;


      put = g_new0 (Put, 1);
      put->publisher = g_object_ref (self);
      href = redial_appointment_get_href (appointment);
      put->href = href != NULL ? g_strdup (href)
                               : redial_caldav_client_href_for (self->client, redial_appointment_get_uid (appointment));
      put->appointment = g_steal_pointer (&appointment);
      body = redial_ics_object_new (put->appointment, self->tz, redial_clock_now (self->clock));

      self->busy = TRUE;
      /* Without a stored ETag the object is created, and only created:
       * one there already (another program's, or a copy whose ETag was
       * never learnt) answers 412 and is left alone. */
      redial_caldav_client_put_async (self->client, put->href, body,
                                      redial_appointment_get_etag (put->appointment),
                                      self->cancellable, on_put, put);
    }
}

/* Property accessors */

static void
redial_caldav_publisher_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  RedialCaldavPublisher *self = REDIAL_CALDAV_PUBLISHER (object);

  switch (prop_id)
    {
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_caldav_publisher_dispose (GObject *object)
{
  RedialCaldavPublisher *self = REDIAL_CALDAV_PUBLISHER (object);

  g_cancellable_cancel (self->cancellable);
  if (self->clock != NULL)
    redial_clock_clear (self->clock, &self->retry);
  g_clear_object (&self->client);
  g_clear_object (&self->store);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (redial_caldav_publisher_parent_class)->dispose (object);
}

static void
redial_caldav_publisher_finalize (GObject *object)
{
  RedialCaldavPublisher *self = REDIAL_CALDAV_PUBLISHER (object);

  g_queue_clear (&self->queue);
  g_hash_table_unref (self->queued);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_free (self->secret_file);
  g_free (self->error);

  G_OBJECT_CLASS (redial_caldav_publisher_parent_class)->finalize (object);
}

static void
redial_caldav_publisher_class_init (RedialCaldavPublisherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = redial_caldav_publisher_get_property;
  object_class->dispose = redial_caldav_publisher_dispose;
  object_class->finalize = redial_caldav_publisher_finalize;

  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* An appointment is in the calendar as Redial has it now. */
  signals[PUBLISHED] =
    g_signal_new ("published", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, REDIAL_TYPE_APPOINTMENT);
  /* Someone changed an appointment in the calendar since Redial last
   * wrote it: Redial's change was not published over theirs. */
  signals[CONFLICT] =
    g_signal_new ("conflict", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, REDIAL_TYPE_APPOINTMENT);
}

static void
redial_caldav_publisher_init (RedialCaldavPublisher *self)
{
  g_queue_init (&self->queue);
  self->queued = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  redial_backoff_init (&self->backoff, RETRY_FIRST_US, RETRY_MAX_US);
}

RedialCaldavPublisher *
redial_caldav_publisher_new (RedialClock        *clock,
                             RedialStore        *store,
                             GTimeZone          *tz,
                             RedialCaldavClient *client,
                             const char         *secret_file)
{
  RedialCaldavPublisher *self;

  g_return_val_if_fail (REDIAL_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (REDIAL_IS_STORE (store), NULL);
  g_return_val_if_fail (tz != NULL, NULL);
  g_return_val_if_fail (REDIAL_IS_CALDAV_CLIENT (client), NULL);

  self = g_object_new (REDIAL_TYPE_CALDAV_PUBLISHER, NULL);
  self->clock = g_object_ref (clock);
  self->store = g_object_ref (store);
  self->tz = g_time_zone_ref (tz);
  self->client = g_object_ref (client);
  self->secret_file = g_strdup (secret_file);
  return self;
}

static gpointer
invalid (GError     **error,
         const char  *source,
         const char  *key,
         const char  *reason)
{
  redial_settings_invalid (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE, source, GROUP, key, reason);
  return NULL;
}

RedialCaldavPublisher *
redial_caldav_publisher_new_from_keyfile (RedialClock  *clock,
                                          RedialStore  *store,
                                          GTimeZone    *tz,
                                          GKeyFile     *keyfile,
                                          const char   *source,
                                          GError      **error)
{
  g_autofree char *url = NULL;
  g_autofree char *username = NULL;
  g_autofree char *secret_file = NULL;
  g_autofree char *checked = NULL;
  g_autoptr(RedialCaldavClient) client = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (keyfile != NULL && source != NULL, NULL);

  if (!redial_settings_read_string (keyfile, source, GROUP, "url", &url,
                                    G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE, error) ||
      !redial_settings_read_string (keyfile, source, GROUP, "username", &username,
                                    G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE, error) ||
      !redial_settings_read_string (keyfile, source, GROUP, "secret-file", &secret_file,
                                    G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE, error))
    return NULL;
  if (url == NULL || *url == '\0')
    return NULL;

  /* The password goes with every request: never in clear over a network. */
  checked = redial_settings_check_url (url);
  if (checked == NULL)
    return invalid (error, source, "url", _("expected the calendar collection’s https:// address"));
  if (username == NULL || *username == '\0')
    return invalid (error, source, "username", _("the calendar server needs a user name"));
  if (secret_file != NULL && !redial_secret_check_file (secret_file, &local_error))
    return invalid (error, source, "secret-file", local_error->message);

  client = redial_caldav_client_new (clock, checked, username);
  return redial_caldav_publisher_new (clock, store, tz, client, secret_file);
}

RedialCaldavClient *
redial_caldav_publisher_get_client (RedialCaldavPublisher *self)
{
  g_return_val_if_fail (REDIAL_IS_CALDAV_PUBLISHER (self), NULL);
  return self->client;
}

void
redial_caldav_publisher_start (RedialCaldavPublisher *self)
{
  g_return_if_fail (REDIAL_IS_CALDAV_PUBLISHER (self));

  if (self->started)
    return;
  self->started = TRUE;

  if (!redial_caldav_client_has_password (self->client) && !self->loading)
    {
      self->loading = TRUE;
      redial_secret_load_async (REDIAL_CALDAV_PASSWORD_NAME, self->secret_file, self->cancellable,
                                on_password_loaded, g_object_ref (self));
    }
  redial_caldav_publisher_sync (self);
}

void
redial_caldav_publisher_set_password (RedialCaldavPublisher *self,
                                      const char            *password)
{
  g_return_if_fail (REDIAL_IS_CALDAV_PUBLISHER (self));

  redial_caldav_client_set_password (self->client, password);
  if (self->auth_failed)
    set_error (self, NULL);
  self->auth_failed = FALSE;
  kick (self);
}

void
redial_caldav_publisher_publish (RedialCaldavPublisher *self,
                                 RedialAppointment     *appointment)
{
  g_return_if_fail (REDIAL_IS_CALDAV_PUBLISHER (self));
  g_return_if_fail (REDIAL_IS_APPOINTMENT (appointment));

  enqueue (self, redial_appointment_get_id (appointment), FALSE);
  kick (self);
}

void
redial_caldav_publisher_publish_case (RedialCaldavPublisher *self,
                                      gint64                 case_id)
{
  g_autoptr(GPtrArray) appointments = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (REDIAL_IS_CALDAV_PUBLISHER (self));

  appointments = redial_store_list_case_appointments (self->store, case_id, &error);
  if (appointments == NULL)
    {
      g_message ("CalDAV: the appointments of case %" G_GINT64_FORMAT " cannot be read: %s",
                 case_id, error->message);
      return;
    }
  for (guint i = 0; i < appointments->len; i++)
    {
      RedialAppointment *appointment = g_ptr_array_index (appointments, i);

      if (needs_publishing (appointment))
        enqueue (self, redial_appointment_get_id (appointment), FALSE);
    }
  kick (self);
}

void
redial_caldav_publisher_sync (RedialCaldavPublisher *self)
{
  g_autoptr(GPtrArray) appointments = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now;

  g_return_if_fail (REDIAL_IS_CALDAV_PUBLISHER (self));

  now = redial_clock_now (self->clock);
  appointments = redial_store_list_appointments_with_cancelled (self->store, now - SYNC_PAST_US, G_MAXINT64,
                                                                NULL, &error);
  if (appointments == NULL)
    {
      g_message ("CalDAV: the appointments cannot be read: %s", error->message);
      return;
    }
  for (guint i = 0; i < appointments->len; i++)
    {
      RedialAppointment *appointment = g_ptr_array_index (appointments, i);

      if (needs_publishing (appointment))
        enqueue (self, redial_appointment_get_id (appointment), FALSE);
    }
  kick (self);
}

guint
redial_caldav_publisher_get_n_pending (RedialCaldavPublisher *self)
{
  g_return_val_if_fail (REDIAL_IS_CALDAV_PUBLISHER (self), 0);
  return g_queue_get_length (&self->queue) + (self->busy ? 1 : 0);
}

const char *
redial_caldav_publisher_get_error (RedialCaldavPublisher *self)
{
  g_return_val_if_fail (REDIAL_IS_CALDAV_PUBLISHER (self), NULL);
  return self->error;
}

/* Starts reading the calendar's copy of @appointment_id for a task
 * tagged @source_tag: keeping ours, or only reading theirs. */
static void
read_theirs (RedialCaldavPublisher *self,
             gint64                 appointment_id,
             gpointer               source_tag,
             GCancellable          *cancellable,
             GAsyncReadyCallback    callback,
             gpointer               user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialAppointment) appointment = redial_store_get_appointment (self->store, appointment_id, &error);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Theirs *theirs;

  g_task_set_source_tag (task, source_tag);

  if (appointment == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  if (redial_appointment_get_href (appointment) == NULL)
    {
      g_task_return_new_error (task, REDIAL_CALDAV_ERROR, REDIAL_CALDAV_ERROR_GONE,
                               _("The appointment was never in the calendar."));
      g_object_unref (task);
      return;
    }
  theirs = g_new0 (Theirs, 1);
  theirs->appointment = g_steal_pointer (&appointment);
  g_task_set_task_data (task, theirs, (GDestroyNotify) theirs_free);
  redial_caldav_client_get_async (self->client, redial_appointment_get_href (theirs->appointment),
                                  g_task_get_cancellable (task), on_theirs_read, task);
}

void
redial_caldav_publisher_keep_ours_async (RedialCaldavPublisher *self,
                                         gint64                 appointment_id,
                                         GCancellable          *cancellable,
                                         GAsyncReadyCallback    callback,
                                         gpointer               user_data)
{
  g_return_if_fail (REDIAL_IS_CALDAV_PUBLISHER (self));

  read_theirs (self, appointment_id, redial_caldav_publisher_keep_ours_async, cancellable, callback, user_data);
}

gboolean
redial_caldav_publisher_keep_ours_finish (RedialCaldavPublisher  *self,
                                          GAsyncResult           *result,
                                          GError                **error)
{
  g_return_val_if_fail (REDIAL_IS_CALDAV_PUBLISHER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
redial_caldav_publisher_read_theirs_async (RedialCaldavPublisher *self,
                                           gint64                 appointment_id,
                                           GCancellable          *cancellable,
                                           GAsyncReadyCallback    callback,
                                           gpointer               user_data)
{
  g_return_if_fail (REDIAL_IS_CALDAV_PUBLISHER (self));

  read_theirs (self, appointment_id, redial_caldav_publisher_read_theirs_async, cancellable, callback, user_data);
}

gboolean
redial_caldav_publisher_read_theirs_finish (RedialCaldavPublisher  *self,
                                            GAsyncResult           *result,
                                            RedialIcsEvent         *event,
                                            char                  **etag,
                                            GError                **error)
{
  Theirs *theirs;

  g_return_val_if_fail (REDIAL_IS_CALDAV_PUBLISHER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  if (etag != NULL)
    *etag = NULL;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  theirs = g_task_get_task_data (G_TASK (result));
  *event = theirs->event;
  /* Deleted there: to take theirs is to cancel. */
  if (theirs->gone)
    event->cancelled = TRUE;
  if (etag != NULL)
    *etag = g_strdup (theirs->etag);
  return TRUE;
}

gboolean
redial_caldav_publisher_accept_theirs (RedialCaldavPublisher  *self,
                                       gint64                  appointment_id,
                                       const char             *etag,
                                       guint                   sequence,
                                       GError                **error)
{
  g_autoptr(RedialAppointment) appointment = NULL;
  const char *href;

  g_return_val_if_fail (REDIAL_IS_CALDAV_PUBLISHER (self), FALSE);

  appointment = redial_store_get_appointment (self->store, appointment_id, error);
  if (appointment == NULL)
    return FALSE;
  /* Without an ETag the copy is gone from the server: Redial's is not
   * published again. */
  href = etag != NULL ? redial_appointment_get_href (appointment) : NULL;
  if (!redial_store_set_appointment_caldav (self->store, appointment_id, href, etag, FALSE, error) ||
      !redial_store_set_appointment_published (self->store, appointment_id,
                                               MAX (sequence, redial_appointment_get_sequence (appointment)),
                                               error))
    return FALSE;
  g_message ("Appointment %" G_GINT64_FORMAT ": the calendar's version was taken", appointment_id);
  return TRUE;
}
