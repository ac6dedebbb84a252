/* redial-ami.c: the phone-system backend for Asterisk (FreePBX, Issabel, VitalPBX) over its manager interface. */
#include "config.h"

#define G_LOG_DOMAIN "redial-ami"

#include <glib/gi18n.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#include "redial-ami-private.h"
#include "redial-ami-settings.h"
#include "redial-secret.h"

#define SECRET_NAME           "ami/secret"
/* The event classes the call tracker reads: channels and dials, dialplan
 * variables and applications, CDRs, queues. */
#define LOGIN_EVENTS          "call,dialplan,cdr,agent"
#define ACTION_ID_PREFIX      "redial-"

#define CONNECT_TIMEOUT_US    (10 * G_USEC_PER_SEC)  /* connect, banner and login */
#define PING_INTERVAL_US      (30 * G_USEC_PER_SEC)
#define PING_TIMEOUT_US       (10 * G_USEC_PER_SEC)
#define FIRST_BACKOFF_US      (1 * G_USEC_PER_SEC)
#define MAX_BACKOFF_US        (60 * G_USEC_PER_SEC)
/* A connection that lasted this long was healthy: the next retry starts
 * again at one second. */
#define STABLE_US             (60 * G_USEC_PER_SEC)
/* Calls whose end was missed are reconciled with Asterisk's channel list
 * this often, and forgotten after this long without news. */
#define HOUSEKEEPING_US       ((gint64) 30 * 60 * G_USEC_PER_SEC)
#define STALE_CALL_US         ((gint64) 12 * 3600 * G_USEC_PER_SEC)

static void redial_ami_iface_init (RedialPhoneSystemInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RedialAmi, redial_ami, REDIAL_TYPE_LINK,
                               G_IMPLEMENT_INTERFACE (REDIAL_TYPE_PHONE_SYSTEM,
                                                      redial_ami_iface_init))

G_DEFINE_QUARK (redial-ami-error-quark, redial_ami_error)

static void connect_now     (RedialAmi  *self);
static void read_next       (Connection *conn);
static void connection_lost (RedialAmi  *self,
                             const char *log_reason,
                             const char *status_reason);

static Connection *
connection_ref (Connection *conn)
{
  g_ref_count_inc (&conn->ref);
  return conn;
}

static void
connection_unref (Connection *conn)
{
  if (!g_ref_count_dec (&conn->ref))
    return;

  g_queue_clear_full (&conn->writes, (GDestroyNotify) g_bytes_unref);
  g_clear_pointer (&conn->writing, g_bytes_unref);
  g_clear_pointer (&conn->parser, redial_ami_parser_free);
  g_clear_object (&conn->input);
  g_clear_object (&conn->output);
  g_clear_object (&conn->socket);
  g_clear_object (&conn->cancellable);
  g_free (conn);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Connection, connection_unref)

static Connection *
connection_new (RedialAmi *self)
{
  Connection *conn = g_new0 (Connection, 1);

  g_ref_count_init (&conn->ref);
  conn->owner = self;
  conn->cancellable = g_cancellable_new ();
  conn->parser = redial_ami_parser_new (TRUE);
  g_queue_init (&conn->writes);
  return conn;
}

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  if (pending->timer != 0)
    redial_clock_cancel (pending->self->clock, pending->timer);
  if (pending->cancelled_handler != 0)
    g_cancellable_disconnect (pending->cancellable, pending->cancelled_handler);
  g_clear_object (&pending->cancellable);
  g_clear_object (&pending->task);
  g_free (pending->id);
  g_free (pending);
}

static void
set_state (RedialAmi             *self,
           RedialConnectionState  state,
           char                  *status)
{
  g_autofree char *text = status;

  redial_link_set_state (REDIAL_LINK (self), state, text);
}

char *
_redial_ami_next_action_id (RedialAmi *self)
{
  return g_strdup_printf (ACTION_ID_PREFIX "%" G_GUINT64_FORMAT, ++self->next_action);
}

Pending *
_redial_ami_add_pending (RedialAmi  *self,
                         ActionKind  kind,
                         const char *id)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->self = self;
  pending->kind = kind;
  pending->id = g_strdup (id);
  g_hash_table_replace (self->pending, pending->id, pending);
  return pending;
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Connection) conn = user_data;
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error);
  g_clear_pointer (&conn->writing, g_bytes_unref);
  if (conn->owner == NULL)
    return;

  if (error != NULL)
    {
      connection_lost (conn->owner, error->message, NULL);
      return;
    }

  if (!g_queue_is_empty (&conn->writes))
    {
      conn->writing = g_queue_pop_head (&conn->writes);
      g_output_stream_write_all_async (conn->output,
                                       g_bytes_get_data (conn->writing, NULL),
                                       g_bytes_get_size (conn->writing),
                                       G_PRIORITY_DEFAULT, conn->cancellable,
                                       on_written, connection_ref (conn));
    }
}

static void
send_bytes (Connection *conn,
            GBytes     *bytes)
{
  if (conn->writing != NULL)
    {
      g_queue_push_tail (&conn->writes, bytes);
      return;
    }

  conn->writing = bytes;
  g_output_stream_write_all_async (conn->output,
                                   g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                   G_PRIORITY_DEFAULT, conn->cancellable,
                                   on_written, connection_ref (conn));
}

static void
wipe_and_free (gpointer data)
{
  explicit_bzero (data, strlen (data));
  g_free (data);
}

/* Queues @action; with @secret, its buffer is wiped once written. */
void
_redial_ami_send_action (Connection       *conn,
                         RedialAmiMessage *action,
                         gboolean          secret)
{
  gsize length;
  char *wire = redial_ami_message_to_wire (action, &length);

  send_bytes (conn, secret ? g_bytes_new_with_free_func (wire, length, wipe_and_free, wire)
                           : g_bytes_new_take (wire, length));
}

static void
stop_timers (RedialAmi *self)
{
  redial_clock_clear (self->clock, &self->connect_timer);
  redial_clock_clear (self->clock, &self->ping_timer);
  redial_clock_clear (self->clock, &self->ping_timeout);
  redial_clock_clear (self->clock, &self->housekeeping_timer);
}

/* Ends the session, if any; actions waiting for an answer get none. */
static void
close_connection (RedialAmi *self)
{
  Connection *conn = g_steal_pointer (&self->connection);
  GList *pendings;

  stop_timers (self);

  if (conn != NULL)
    {
      conn->owner = NULL;
      /* Logs a message the end of the connection cut off. */
      redial_ami_parser_reset (conn->parser);
      g_cancellable_cancel (conn->cancellable);
      /* Closing the socket itself frees the port now, whatever operations
       * still hold the streams. */
      if (conn->socket != NULL)
        g_socket_close (g_socket_connection_get_socket (conn->socket), NULL);
      connection_unref (conn);
    }

  pendings = g_hash_table_get_values (self->pending);
  g_hash_table_steal_all (self->pending);
  for (GList *l = pendings; l != NULL; l = l->next)
    {
      Pending *pending = l->data;

      if (pending->task != NULL)
        g_task_return_new_error (pending->task, REDIAL_AMI_ERROR, REDIAL_AMI_ERROR_NOT_CONNECTED,
                                 _("The connection to the phone system was lost."));
      pending_free (pending);
    }
  g_list_free (pendings);
}

static gboolean
on_retry (gpointer user_data)
{
  RedialAmi *self = user_data;

  self->retry_timer = 0;
  connect_now (self);
  return G_SOURCE_REMOVE;
}

/* The session failed or ended: try again later, waiting longer each time
 * (1, 2, 4 … 60 s), so that a PBX that is down is not hammered. */
static void
connection_lost (RedialAmi  *self,
                 const char *log_reason,
                 const char *status_reason)
{
  g_autofree char *reason = NULL;
  gint64 delay;

  if (self->connection != NULL && self->connection->logged_in &&
      redial_clock_now (self->clock) - self->connection->logged_in_at >= STABLE_US)
    redial_link_reset_backoff (REDIAL_LINK (self));

  if (status_reason == NULL)
    {
      gboolean was_connected = redial_link_get_state (REDIAL_LINK (self)) == REDIAL_CONNECTION_CONNECTED;

      reason = was_connected ? g_strdup_printf (_("Lost the connection to %s"), self->host)
                             : g_strdup_printf (_("Cannot reach %s"), self->host);
      status_reason = reason;
    }

  g_message ("Asterisk manager at %s:%u: %s", self->host, self->port, log_reason);
  close_connection (self);

  delay = redial_link_next_retry (REDIAL_LINK (self), -1);
  redial_clock_clear (self->clock, &self->retry_timer);
  self->retry_timer = redial_clock_schedule (self->clock, delay, on_retry, self, NULL);
  /* Translators: "Cannot reach pbx.example.com; retrying in 8 s" */
  set_state (self, REDIAL_CONNECTION_RETRYING,
             g_strdup_printf (_("%s; retrying in %u s"), status_reason, (guint) (delay / G_USEC_PER_SEC)));
}

/* Wrong credentials are not retried: a PBX bans an address that keeps
 * failing to log in, and the answer will not change by itself. */
static void
auth_failed (RedialAmi  *self,
             const char *status)
{
  g_message ("Asterisk manager at %s:%u: %.*s — not retrying until Redial is started again",
             self->host, self->port,
             (int) (g_str_has_suffix (status, ".") ? strlen (status) - 1 : strlen (status)), status);
  close_connection (self);
  redial_clock_clear (self->clock, &self->retry_timer);
  set_state (self, REDIAL_CONNECTION_AUTH_FAILED, g_strdup (status));
}

static void
send_simple_action (RedialAmi  *self,
                    ActionKind  kind,
                    const char *name,
                    ...) G_GNUC_NULL_TERMINATED;

/* Sends Action: @name with key, value pairs, expecting a response. */
static void
send_simple_action (RedialAmi  *self,
                    ActionKind  kind,
                    const char *name,
                    ...)
{
  g_autoptr(RedialAmiMessage) action = redial_ami_message_new ();
  g_autofree char *id = _redial_ami_next_action_id (self);
  const char *key;
  va_list args;

  redial_ami_message_add (action, "Action", name);
  redial_ami_message_add (action, "ActionID", id);

  va_start (args, name);
  while ((key = va_arg (args, const char *)) != NULL)
    redial_ami_message_add (action, key, va_arg (args, const char *));
  va_end (args);

  _redial_ami_add_pending (self, kind, id);
  _redial_ami_send_action (self->connection, action, FALSE);
}

static void
send_filters (RedialAmi *self)
{
  /* Asterisk matches each filter against the whole event text, whose lines
   * end in "\r\n": a name must be followed by a non-letter, or "Hangup"
   * would also let "HangupRequest" through. */
  static const char *event_filter =
    "Event: (Newchannel|NewCallerid|DialBegin|DialEnd|Hangup|QueueCallerAbandon|"
    "AgentConnect|Pickup|Cdr|OriginateResponse|CoreShowChannel|CoreShowChannelsComplete)[^A-Za-z]";
  g_autofree char *variable_filter =
    g_strdup_printf ("Variable: _{0,2}%s[^A-Za-z0-9_]", self->did_variable);

  send_simple_action (self, ACTION_FILTER, "Filter", "Operation", "Add", "Filter", event_filter, NULL);
  send_simple_action (self, ACTION_FILTER, "Filter", "Operation", "Add",
                      "Filter", "Application: VoiceMail[^A-Za-z]", NULL);
  send_simple_action (self, ACTION_FILTER, "Filter", "Operation", "Add", "Filter", variable_filter, NULL);
  /* Whatever answers Redial's own actions. */
  send_simple_action (self, ACTION_FILTER, "Filter", "Operation", "Add",
                      "Filter", "ActionID: " ACTION_ID_PREFIX, NULL);
}

/* Asks for the live channels, so that calls that ended while nobody was
 * listening are reported, and calls already ringing are followed. */
static void
sweep_calls (RedialAmi *self)
{
  redial_ami_calls_begin_sweep (self->calls);
  send_simple_action (self, ACTION_CHANNELS, "CoreShowChannels", NULL);
}

static gboolean
on_ping_timeout (gpointer user_data)
{
  RedialAmi *self = user_data;

  self->ping_timeout = 0;
  connection_lost (self, "no answer to a keep-alive", NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
on_ping_due (gpointer user_data)
{
  RedialAmi *self = user_data;

  if (self->ping_timeout == 0)
    {
      send_simple_action (self, ACTION_PING, "Ping", NULL);
      self->ping_timeout = redial_clock_schedule (self->clock, PING_TIMEOUT_US,
                                                  on_ping_timeout, self, NULL);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
on_housekeeping (gpointer user_data)
{
  RedialAmi *self = user_data;

  redial_ami_calls_expire (self->calls, STALE_CALL_US);
  if (redial_ami_calls_get_n_active (self->calls) > 0)
    sweep_calls (self);
  return G_SOURCE_CONTINUE;
}

static void
logged_in (RedialAmi *self)
{
  Connection *conn = self->connection;

  conn->logged_in = TRUE;
  conn->logged_in_at = redial_clock_now (self->clock);
  redial_clock_clear (self->clock, &self->connect_timer);

  g_message ("Asterisk manager at %s:%u: logged in as %s", self->host, self->port, self->username);
  set_state (self, REDIAL_CONNECTION_CONNECTED, g_strdup_printf (_("Connected to %s"), self->host));

  send_filters (self);
  sweep_calls (self);
  self->ping_timer = redial_clock_schedule (self->clock, PING_INTERVAL_US, on_ping_due, self, NULL);
  self->housekeeping_timer = redial_clock_schedule (self->clock, HOUSEKEEPING_US,
                                                    on_housekeeping, self, NULL);
}

static void
send_login (RedialAmi *self)
{
  g_autoptr(RedialAmiMessage) action = redial_ami_message_new ();
  g_autofree char *id = _redial_ami_next_action_id (self);

  redial_ami_message_add (action, "Action", "Login");
  redial_ami_message_add (action, "ActionID", id);
  redial_ami_message_add (action, "Username", self->username);
  redial_ami_message_add (action, "Secret", self->secret);
  redial_ami_message_add (action, "Events", LOGIN_EVENTS);

  _redial_ami_add_pending (self, ACTION_LOGIN, id);
  _redial_ami_send_action (self->connection, action, TRUE);
}

static void
handle_response (RedialAmi        *self,
                 Pending          *pending,
                 RedialAmiMessage *message)
{
  const char *response = redial_ami_message_get_name (message);
  const char *text = redial_ami_message_get (message, "Message");
  gboolean success = g_ascii_strcasecmp (response, "Success") == 0 ||
                     g_ascii_strcasecmp (response, "Pong") == 0;

  switch (pending->kind)
    {
    case ACTION_LOGIN:
      g_hash_table_remove (self->pending, pending->id);
      if (success)
        logged_in (self);
      else
        auth_failed (self, _("Wrong AMI user name or secret"));
      break;

    case ACTION_PING:
      g_hash_table_remove (self->pending, pending->id);
      redial_clock_clear (self->clock, &self->ping_timeout);
      break;

    case ACTION_FILTER:
      g_hash_table_remove (self->pending, pending->id);
      if (!success && !self->filter_refused_logged)
        {
          self->filter_refused_logged = TRUE;
          g_message ("Asterisk manager at %s:%u: event filters refused (%s); every event is read. "
                     "Give the AMI user write = system to spare the PBX and Redial the work.",
                     self->host, self->port, text != NULL ? text : response);
        }
      break;

    case ACTION_CHANNELS:
      /* Success announces the list, which ends with its Complete event. */
      if (!success)
        {
          g_message ("Asterisk manager at %s:%u: the channel list was refused (%s)",
                     self->host, self->port, text != NULL ? text : response);
          g_hash_table_remove (self->pending, pending->id);
        }
      break;

    case ACTION_ORIGINATE:
      /* Success means queued; the OriginateResponse event tells the end. */
      if (!success)
        _redial_ami_complete_originate (self, pending,
                                        g_error_new (REDIAL_AMI_ERROR, REDIAL_AMI_ERROR_REFUSED,
                                                     _("The phone system refused the call: %s"),
                                                     text != NULL ? text : response));
      break;

    default:
      g_assert_not_reached ();
    }
}

/* An event carrying the id of one of Redial's actions. */
static void
handle_action_event (RedialAmi        *self,
                     Pending          *pending,
                     RedialAmiMessage *event)
{
  const char *name = redial_ami_message_get_name (event);

  if (pending->kind == ACTION_CHANNELS)
    {
      if (g_ascii_strcasecmp (name, "CoreShowChannelsComplete") == 0)
        {
          g_hash_table_remove (self->pending, pending->id);
          redial_ami_calls_end_sweep (self->calls);
        }
      else
        {
          redial_ami_calls_handle (self->calls, event);
        }
    }
  else if (pending->kind == ACTION_ORIGINATE && g_ascii_strcasecmp (name, "OriginateResponse") == 0)
    {
      const char *response = redial_ami_message_get (event, "Response");

      if (response != NULL && g_ascii_strcasecmp (response, "Success") == 0)
        _redial_ami_complete_originate (self, pending, NULL);
      else
        _redial_ami_complete_originate (self, pending,
                                        _redial_ami_originate_error (redial_ami_message_get (event, "Reason")));
    }
}

static void
handle_message (RedialAmi        *self,
                Connection       *conn,
                RedialAmiMessage *message)
{
  const char *action_id;
  const char *version;
  Pending *pending;

  switch (redial_ami_message_get_kind (message))
    {
    case REDIAL_AMI_MESSAGE_BANNER:
      /* FreePBX, Issabel, VitalPBX and Asterisk itself all greet so. */
      if (!g_str_has_prefix (redial_ami_message_get_name (message), "Asterisk Call Manager"))
        {
          g_autofree char *log = g_strdup_printf ("not an Asterisk manager interface (it said “%.80s”)",
                                                  redial_ami_message_get_name (message));
          g_autofree char *status = g_strdup_printf (_("%s:%u is not an Asterisk manager interface"),
                                                     self->host, self->port);
          connection_lost (self, log, status);
          return;
        }
      /* AMI 2.0 came with Asterisk 12, and with it the DialEnd and
       * Linkedid that calls are told apart by. */
      version = strchr (redial_ami_message_get_name (message), '/');
      if (version != NULL && g_ascii_strtoull (version + 1, NULL, 10) < 2)
        g_message ("Asterisk manager at %s:%u: “%s” is Asterisk 11 or older, whose events Redial "
                   "does not read: no call will be recorded. Asterisk 12 or newer is needed.",
                   self->host, self->port, redial_ami_message_get_name (message));
      send_login (self);
      return;

    case REDIAL_AMI_MESSAGE_RESPONSE:
      action_id = redial_ami_message_get (message, "ActionID");
      pending = action_id != NULL ? g_hash_table_lookup (self->pending, action_id) : NULL;
      if (pending != NULL)
        handle_response (self, pending, message);
      else
        g_debug ("Asterisk manager: a response to no action of Redial's was ignored");
      return;

    case REDIAL_AMI_MESSAGE_EVENT:
      if (!conn->logged_in)
        return;
      action_id = redial_ami_message_get (message, "ActionID");
      pending = action_id != NULL ? g_hash_table_lookup (self->pending, action_id) : NULL;
      if (pending != NULL)
        handle_action_event (self, pending, message);
      else
        redial_ami_calls_handle (self->calls, message);
      return;

    case REDIAL_AMI_MESSAGE_ACTION:
    case REDIAL_AMI_MESSAGE_OTHER:
    default:
      g_debug ("Asterisk manager: a message that is neither a response nor an event was ignored");
      return;
    }
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Connection) conn = user_data;
  g_autoptr(GError) error = NULL;
  RedialAmiMessage *message;
  gssize n_read;

  n_read = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (conn->owner == NULL)
    return;

  if (n_read < 0)
    {
      connection_lost (conn->owner, error->message, NULL);
      return;
    }
  if (n_read == 0)
    {
      connection_lost (conn->owner, "the server closed the connection", NULL);
      return;
    }

  redial_ami_parser_feed (conn->parser, conn->buffer, n_read);

  /* Any message may end the session (a refused login) or the whole
   * backend (a handler of ::call-event stopping it). */
  while (conn->owner != NULL && (message = redial_ami_parser_pop (conn->parser)) != NULL)
    {
      handle_message (conn->owner, conn, message);
      redial_ami_message_unref (message);
    }

  if (conn->owner != NULL)
    read_next (conn);
}

static void
read_next (Connection *conn)
{
  g_input_stream_read_async (conn->input, conn->buffer, sizeof conn->buffer,
                             G_PRIORITY_DEFAULT, conn->cancellable,
                             on_read, connection_ref (conn));
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Connection) conn = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) socket = NULL;

  socket = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);
  if (conn->owner == NULL)
    return;

  if (socket == NULL)
    {
      connection_lost (conn->owner, error->message, NULL);
      return;
    }

  /* Actions are small and their delay is what the desk waits for. */
  g_socket_set_option (g_socket_connection_get_socket (socket), IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  g_socket_set_keepalive (g_socket_connection_get_socket (socket), TRUE);

  conn->socket = g_steal_pointer (&socket);
  conn->input = g_object_ref (g_io_stream_get_input_stream (G_IO_STREAM (conn->socket)));
  conn->output = g_object_ref (g_io_stream_get_output_stream (G_IO_STREAM (conn->socket)));
  read_next (conn);
}

static void
open_socket (RedialAmi  *self,
             Connection *conn)
{
  g_socket_client_connect_to_host_async (self->client, self->host, self->port, conn->cancellable,
                                         on_connected, connection_ref (conn));
}

static void
on_secret_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Connection) conn = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(RedialSecretString) secret = redial_secret_load_finish (result, &error);
  RedialAmi *self = conn->owner;

  if (self == NULL)
    return;

  if (secret == NULL)
    {
      /* A keyring that is not unlocked yet may be soon; a missing or
       * unsafe secret needs a person. */
      if (g_error_matches (error, REDIAL_SECRET_ERROR, REDIAL_SECRET_ERROR_KEYRING))
        connection_lost (self, error->message, _("The keyring cannot be reached"));
      else
        auth_failed (self, error->message);
      return;
    }

  if (strpbrk (secret, "\r\n") != NULL)
    {
      auth_failed (self, _("The AMI secret holds a line break"));
      return;
    }

  g_clear_pointer (&self->secret, redial_secret_free);
  self->secret = g_steal_pointer (&secret);
  open_socket (self, conn);
}

static gboolean
on_connect_timeout (gpointer user_data)
{
  RedialAmi *self = user_data;
  g_autofree char *status = g_strdup_printf (_("%s did not answer in time"), self->host);

  self->connect_timer = 0;
  connection_lost (self, "no answer in time while connecting", status);
  return G_SOURCE_REMOVE;
}

static void
connect_now (RedialAmi *self)
{
  Connection *conn;

  close_connection (self);
  conn = self->connection = connection_new (self);

  set_state (self, REDIAL_CONNECTION_CONNECTING, g_strdup_printf (_("Connecting to %s…"), self->host));
  self->connect_timer = redial_clock_schedule (self->clock, CONNECT_TIMEOUT_US,
                                               on_connect_timeout, self, NULL);

  if (self->secret != NULL)
    {
      open_socket (self, conn);
      return;
    }

  redial_secret_load_async (SECRET_NAME, self->secret_file, conn->cancellable,
                            on_secret_loaded, connection_ref (conn));
}

static void
redial_ami_start (RedialLink *link)
{
  RedialAmi *self = REDIAL_AMI (link);
  RedialConnectionState state = redial_link_get_state (link);

  if (state != REDIAL_CONNECTION_DISCONNECTED && state != REDIAL_CONNECTION_AUTH_FAILED)
    return;

  /* Starting again is the way out of a refused login: read the secret
   * afresh, it may have been corrected. */
  g_clear_pointer (&self->secret, redial_secret_free);
  redial_link_reset_backoff (link);
  connect_now (self);
}

static void
redial_ami_stop (RedialLink *link)
{
  RedialAmi *self = REDIAL_AMI (link);

  close_connection (self);
  redial_clock_clear (self->clock, &self->retry_timer);
  set_state (self, REDIAL_CONNECTION_DISCONNECTED, g_strdup (_("Not connected to the phone system")));
}

/* Click-to-call through the interface: the public call, under its name. */
static void
redial_ami_call_async (RedialPhoneSystem   *phone,
                      const char          *number,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  redial_ami_originate_async (REDIAL_AMI (phone), number, cancellable, callback, user_data);
}

static gboolean
redial_ami_call_finish (RedialPhoneSystem  *phone,
                       GAsyncResult       *result,
                       GError            **error)
{
  return redial_ami_originate_finish (REDIAL_AMI (phone), result, error);
}

static void
redial_ami_iface_init (RedialPhoneSystemInterface *iface)
{
  iface->call_async = redial_ami_call_async;
  iface->call_finish = redial_ami_call_finish;
}

static void
on_call_event (RedialAmiCalls  *calls,
               RedialCallEvent *event,
               RedialAmi       *self)
{
  redial_phone_system_emit_call (REDIAL_PHONE_SYSTEM (self), event);
}

RedialAmiCalls *
redial_ami_get_calls (RedialAmi *self)
{
  g_return_val_if_fail (REDIAL_IS_AMI (self), NULL);
  return self->calls;
}

static void
redial_ami_dispose (GObject *object)
{
  RedialAmi *self = REDIAL_AMI (object);

  if (self->clock != NULL)
    {
      close_connection (self);
      redial_clock_clear (self->clock, &self->retry_timer);
    }
  if (self->calls != NULL)
    g_signal_handlers_disconnect_by_data (self->calls, self);
  g_clear_object (&self->calls);
  g_clear_object (&self->client);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (redial_ami_parent_class)->dispose (object);
}

static void
redial_ami_finalize (GObject *object)
{
  RedialAmi *self = REDIAL_AMI (object);

  g_hash_table_unref (self->pending);
  g_free (self->host);
  g_free (self->username);
  g_free (self->secret_file);
  g_free (self->extension);
  g_free (self->context);
  g_free (self->did_variable);
  g_clear_pointer (&self->secret, redial_secret_free);

  G_OBJECT_CLASS (redial_ami_parent_class)->finalize (object);
}

static void
redial_ami_class_init (RedialAmiClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RedialLinkClass *link_class = REDIAL_LINK_CLASS (klass);

  object_class->dispose = redial_ami_dispose;
  object_class->finalize = redial_ami_finalize;

  link_class->start = redial_ami_start;
  link_class->stop = redial_ami_stop;
}

static void
redial_ami_init (RedialAmi *self)
{
  redial_link_set_state (REDIAL_LINK (self), REDIAL_CONNECTION_DISCONNECTED, _("Not connected to the phone system"));
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, pending_free);
  redial_link_set_backoff (REDIAL_LINK (self), FIRST_BACKOFF_US, MAX_BACKOFF_US);
  self->client = g_socket_client_new ();
  /* The PBX is on the office network: a proxy set for the web is not
   * the way to it. */
  g_socket_client_set_enable_proxy (self->client, FALSE);
}

RedialPhoneSystem *
redial_ami_new_from_keyfile (RedialClock  *clock,
                             GKeyFile     *keyfile,
                             const char   *source,
                             GError      **error)
{
  g_autoptr(RedialAmi) self = NULL;
  RedialAmiSettings settings = { 0, };

  g_return_val_if_fail (REDIAL_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (keyfile != NULL, NULL);
  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!redial_ami_settings_read (&settings, keyfile, source, error))
    {
      redial_ami_settings_clear (&settings);
      return NULL;
    }

  self = g_object_new (REDIAL_TYPE_AMI, NULL);
  self->clock = g_object_ref (clock);
  self->calls = redial_ami_calls_new (clock);
  g_signal_connect (self->calls, "call-event", G_CALLBACK (on_call_event), self);

  self->host = g_steal_pointer (&settings.host);
  self->port = settings.port;
  self->username = g_steal_pointer (&settings.username);
  self->secret_file = g_steal_pointer (&settings.secret_file);
  self->extension = g_steal_pointer (&settings.extension);
  self->context = g_steal_pointer (&settings.context);
  self->did_variable = g_steal_pointer (&settings.did_variable);
  if (settings.inbound_contexts != NULL)
    redial_ami_calls_set_inbound_contexts (self->calls, (const char * const *) settings.inbound_contexts);
  redial_ami_calls_set_did_variable (self->calls, self->did_variable);
  redial_ami_settings_clear (&settings);

  return REDIAL_PHONE_SYSTEM (g_steal_pointer (&self));
}
