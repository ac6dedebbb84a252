/* redial-baresip.c: the baresip softphone as a phone system, through its ctrl_tcp module. */
#include "config.h"

#define G_LOG_DOMAIN "redial-baresip"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "redial-baresip.h"
#include "redial-baresip-address.h"
#include "redial-baresip-settings.h"
#include "redial-enums.h"
#include "redial-json.h"
#include "redial-netstring.h"

/* baresip's ctrl_tcp (modules/ctrl_tcp in baresip's sources) listens on
 * 0.0.0.0:4444 unless told otherwise, and frames every JSON message as a
 * netstring. */
/* Events are a few hundred bytes; the largest command answers (a call
 * list, a registration report) stay well under this. */
#define MAX_FRAME_BYTES (64 * 1024)
#define READ_CHUNK 4096
#define MAX_JSON_DEPTH 32
#define MAX_ID_LENGTH 256
#define MAX_NAME_LENGTH 256

#define CONNECT_TIMEOUT_US (10 * G_USEC_PER_SEC)
#define COMMAND_TIMEOUT_US (10 * G_USEC_PER_SEC)
#define FIRST_RETRY_US (2 * G_USEC_PER_SEC)
#define MAX_RETRY_US (30 * G_USEC_PER_SEC)
/* A link that stayed up this long was healthy: the next retry starts
 * quickly again. A shorter one keeps backing off, so that two programs
 * taking turns on ctrl_tcp (it keeps only the newest connection) slow
 * down instead of kicking each other out every second. */
#define STABLE_US (30 * G_USEC_PER_SEC)
/* baresip itself handles a handful of calls at a time (call_max_calls,
 * 4 by default); calls whose end never came are forgotten past this. */
#define MAX_TRACKED_CALLS 256

/* One connection attempt and, once it succeeds, the connection. Each
 * asynchronous operation holds a reference; "self" is cleared when the
 * backend is done with it, so late completions find nobody to call. */
typedef struct
{
  RedialBaresip          *self;
  GCancellable           *cancellable;
  GSocketConnection      *connection;
  RedialNetstringDecoder *decoder;
  GQueue                  outgoing;  /* GBytes frames; the head is being written */
  gboolean                writing;
  guint8                  buffer[READ_CHUNK];
} Link;

/* An incoming call between CALL_INCOMING and CALL_CLOSED. */
typedef struct
{
  char     *id;
  char     *caller;
  char     *caller_name;
  char     *line;
  gint64    started_at;
  gboolean  answered;
} TrackedCall;

/* A command sent to baresip, waiting for the answer with its token. */
typedef struct
{
  RedialBaresip *self;
  char          *token;
  GTask         *task;
  guint          timer;
  gulong         cancelled_id;
} PendingCommand;

struct _RedialBaresip
{
  RedialLink             parent_instance;

  RedialClock           *clock;
  char                  *host;
  guint16                port;
  char                  *where;         /* "host:port" for people */
  GHashTable            *lines;         /* normalized account AOR → business number */
  char                  *default_line;
  GHashTable            *unmapped;      /* AORs already reported as having no line */

  gboolean               started;
  Link                  *link;
  guint                  connect_timer;
  guint                  retry_timer;
  gint64                 connected_at;

  GHashTable            *calls;         /* baresip call id → TrackedCall */
  GHashTable            *commands;      /* token → PendingCommand */
  guint64                last_token;
};

static void redial_baresip_iface_init (RedialPhoneSystemInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RedialBaresip, redial_baresip, REDIAL_TYPE_LINK,
                               G_IMPLEMENT_INTERFACE (REDIAL_TYPE_PHONE_SYSTEM,
                                                      redial_baresip_iface_init))

G_DEFINE_QUARK (redial-baresip-error-quark, redial_baresip_error)

static void connect_now (RedialBaresip *self);
static void read_more   (Link          *link);

/* Helpers */

static void
link_clear (Link *link)
{
  g_clear_object (&link->cancellable);
  g_clear_object (&link->connection);
  g_clear_pointer (&link->decoder, redial_netstring_decoder_free);
  g_queue_clear_full (&link->outgoing, (GDestroyNotify) g_bytes_unref);
}

static Link *
link_ref (Link *link)
{
  return g_rc_box_acquire (link);
}

static void
link_unref (Link *link)
{
  g_rc_box_release_full (link, (GDestroyNotify) link_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Link, link_unref)

static void
tracked_call_free (TrackedCall *call)
{
  g_free (call->id);
  g_free (call->caller);
  g_free (call->caller_name);
  g_free (call->line);
  g_free (call);
}

static void
pending_command_free (PendingCommand *command)
{
  g_free (command->token);
  g_clear_object (&command->task);
  g_free (command);
}

/* Text from outside, made safe and short for a log line. */
static char *
excerpt (const char *text,
         gsize       length)
{
  g_autofree char *head = g_strndup (text, MIN (length, 80));
  g_autofree char *escaped = g_strescape (head, NULL);

  if (length > 80)
    return g_strconcat (escaped, "…", NULL);
  return g_steal_pointer (&escaped);
}

static char *
format_where (const char *host,
              guint16     port)
{
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", host, port);
  return g_strdup_printf ("%s:%u", host, port);
}
static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* ctrl_tcp sends true; its older documentation shows "true". */
static gboolean
member_is_true (JsonObject *object,
                const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strcmp0 (json_node_get_string (node), "true") == 0;
  return FALSE;
}

static void
set_state (RedialBaresip         *self,
           RedialConnectionState  state,
           const char            *status)
{
  redial_link_set_state (REDIAL_LINK (self), state, status);
}

/* Commands */

static void
finish_command (PendingCommand *command,
                GError         *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&command->task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  RedialBaresip *self = command->self;

  redial_clock_clear (self->clock, &command->timer);
  if (cancellable != NULL)
    g_clear_signal_handler (&command->cancelled_id, cancellable);
  g_hash_table_remove (self->commands, command->token);

  /* Last, since the callback may run right away and come back in. */
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
on_command_timeout (gpointer user_data)
{
  PendingCommand *command = user_data;

  command->timer = 0;
  finish_command (command,
                  g_error_new_literal (REDIAL_BARESIP_ERROR, REDIAL_BARESIP_ERROR_TIMED_OUT,
                                       _("baresip did not answer the command")));
  return G_SOURCE_REMOVE;
}

static void
on_command_cancelled (GCancellable   *cancellable,
                      PendingCommand *command)
{
  finish_command (command,
                  g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The command was cancelled")));
}

static void
fail_commands (RedialBaresip *self,
               const char    *message)
{
  g_autoptr(GList) commands = g_hash_table_get_values (self->commands);

  for (GList *l = commands; l != NULL; l = l->next)
    {
      PendingCommand *command = l->data;

      /* An earlier callback may have settled this one already. */
      if (g_hash_table_lookup (self->commands, command->token) != command)
        continue;
      finish_command (command, g_error_new_literal (REDIAL_BARESIP_ERROR, REDIAL_BARESIP_ERROR_CLOSED, message));
    }
}

/* Writing */

static void write_next (Link *link);

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Link) link = user_data;
  g_autoptr(GError) error = NULL;
  RedialBaresip *self = link->self;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      if (self != NULL)
        g_message ("Writing to baresip at %s failed: %s", self->where, error->message);
      /* The read side sees the same broken connection and reconnects. */
      link->writing = FALSE;
      return;
    }

  g_bytes_unref (g_queue_pop_head (&link->outgoing));
  link->writing = FALSE;
  if (link->self != NULL)
    write_next (link);
}

static void
write_next (Link *link)
{
  GBytes *frame = g_queue_peek_head (&link->outgoing);
  GOutputStream *output;
  gsize size;
  const void *data;

  if (frame == NULL || link->writing || link->connection == NULL)
    return;

  link->writing = TRUE;
  data = g_bytes_get_data (frame, &size);
  output = g_io_stream_get_output_stream (G_IO_STREAM (link->connection));
  g_output_stream_write_all_async (output, data, size, G_PRIORITY_DEFAULT,
                                   link->cancellable, on_written, link_ref (link));
}

/* Calls */

static const char *
line_for_account (RedialBaresip *self,
                  const char    *account)
{
  g_autofree char *aor = account != NULL ? redial_baresip_normalize_aor (account) : NULL;
  const char *line = aor != NULL ? g_hash_table_lookup (self->lines, aor) : NULL;

  if (line != NULL)
    return line;

  if (aor != NULL && self->default_line == NULL &&
      g_hash_table_size (self->unmapped) < MAX_TRACKED_CALLS &&
      !g_hash_table_contains (self->unmapped, aor))
    {
      g_autofree char *shown = excerpt (aor, strlen (aor));

      g_message ("baresip account %s has no business line in [baresip]; its calls show no line", shown);
      g_hash_table_add (self->unmapped, g_steal_pointer (&aor));
    }
  return self->default_line;
}

static void
forget_oldest_call (RedialBaresip *self)
{
  GHashTableIter iter;
  TrackedCall *call;
  TrackedCall *oldest = NULL;
  g_autofree char *shown = NULL;

  g_hash_table_iter_init (&iter, self->calls);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &call))
    if (oldest == NULL || call->started_at < oldest->started_at)
      oldest = call;

  shown = excerpt (oldest->id, strlen (oldest->id));
  g_message ("baresip never said how call %s ended; it is forgotten", shown);
  g_hash_table_remove (self->calls, oldest->id);
}

static TrackedCall *
track_call (RedialBaresip *self,
            const char    *id,
            JsonObject    *event)
{
  TrackedCall *call = g_new0 (TrackedCall, 1);
  const char *name = member_string (event, "peerdisplayname");

  if (g_hash_table_size (self->calls) >= MAX_TRACKED_CALLS)
    forget_oldest_call (self);

  call->id = g_strdup (id);
  call->caller = redial_baresip_caller_from_uri (member_string (event, "peeruri"));
  if (name != NULL && *name != '\0')
    call->caller_name = g_utf8_substring (name, 0, MIN (g_utf8_strlen (name, -1), MAX_NAME_LENGTH));
  call->line = g_strdup (line_for_account (self, member_string (event, "accountaor")));
  call->started_at = redial_clock_now (self->clock);
  g_hash_table_insert (self->calls, call->id, call);
  return call;
}

static void
close_call (RedialBaresip *self,
            const char    *id)
{
  g_autoptr(RedialCallEvent) event = NULL;
  TrackedCall *call = NULL;
  gpointer key;

  if (!g_hash_table_steal_extended (self->calls, id, &key, (gpointer *) &call))
    {
      g_autofree char *shown = excerpt (id, strlen (id));

      g_debug ("baresip closed call %s, which Redial did not see come in; ignored", shown);
      return;
    }

  event = redial_call_event_new ();
  event->provider = g_strdup ("baresip");
  /* baresip's id is the caller's SIP Call-ID; with the time it came in
   * it stays unique even if a caller reuses one, and the same call
   * reported again keeps the same id. */
  event->provider_call_id = g_strdup_printf ("%s/%" G_GINT64_FORMAT, call->id, call->started_at);
  event->caller = g_steal_pointer (&call->caller);
  event->caller_name = g_steal_pointer (&call->caller_name);
  event->line = g_steal_pointer (&call->line);
  event->started_at = call->started_at;
  event->ended_at = MAX (redial_clock_now (self->clock), call->started_at);
  /* baresip gives the same close reason for a caller who hung up while
   * it rang as for one who hung up after talking: only whether the call
   * was ever established tells them apart. */
  event->disposition = call->answered ? REDIAL_DISPOSITION_ANSWERED : REDIAL_DISPOSITION_NO_ANSWER;
  tracked_call_free (call);

  redial_phone_system_emit_call (REDIAL_PHONE_SYSTEM (self), event);
}

static void
handle_event (RedialBaresip *self,
              JsonObject    *object)
{
  const char *type = member_string (object, "type");
  const char *klass = member_string (object, "class");
  const char *direction = member_string (object, "direction");
  const char *id = member_string (object, "id");
  gboolean incoming;
  TrackedCall *call;

  if (type == NULL)
    {
      g_message ("baresip sent an event without a type; skipped");
      return;
    }
  if (!g_str_equal (type, "CALL_INCOMING") && !g_str_equal (type, "CALL_ESTABLISHED") &&
      !g_str_equal (type, "CALL_CLOSED"))
    return;

  if (klass != NULL && !g_str_equal (klass, "call"))
    {
      g_autofree char *shown = excerpt (klass, strlen (klass));

      g_message ("baresip sent a %s event of class “%s”; skipped", type, shown);
      return;
    }
  if (id == NULL || *id == '\0' || strlen (id) > MAX_ID_LENGTH)
    {
      g_message ("baresip sent a %s event without a usable call id; skipped", type);
      return;
    }

  /* Calls placed from the softphone (a call back) are not calls in. */
  if (g_strcmp0 (direction, "outgoing") == 0)
    return;
  incoming = g_strcmp0 (direction, "incoming") == 0 || g_str_equal (type, "CALL_INCOMING");

  call = g_hash_table_lookup (self->calls, id);

  if (g_str_equal (type, "CALL_INCOMING"))
    {
      if (call != NULL)
        g_debug ("baresip reported call %s coming in twice", call->id);
      else
        track_call (self, id, object);
    }
  else if (g_str_equal (type, "CALL_ESTABLISHED"))
    {
      /* Answered before Redial connected: still worth recording as answered. */
      if (call == NULL && incoming)
        call = track_call (self, id, object);
      if (call != NULL)
        call->answered = TRUE;
    }
  else
    close_call (self, id);
}

static void
handle_response (RedialBaresip *self,
                 JsonObject    *object)
{
  const char *token = member_string (object, "token");
  const char *data = member_string (object, "data");
  PendingCommand *command = token != NULL ? g_hash_table_lookup (self->commands, token) : NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *reason = NULL;

  if (command == NULL)
    {
      g_debug ("baresip answered a command Redial is not waiting for");
      return;
    }

  if (member_is_true (object, "ok"))
    {
      finish_command (command, NULL);
      return;
    }

  trimmed = g_strstrip (g_strdup (data != NULL ? data : ""));
  reason = *trimmed != '\0' ? excerpt (trimmed, strlen (trimmed)) : g_strdup (_("no reason given"));
  finish_command (command,
                  g_error_new (REDIAL_BARESIP_ERROR, REDIAL_BARESIP_ERROR_REFUSED,
                               _("baresip refused the command: %s"), reason));
}

static void
handle_frame (RedialBaresip *self,
              GBytes        *frame)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  const char *data;
  gsize size;

  data = g_bytes_get_data (frame, &size);
  shown = excerpt (data != NULL ? data : "", size);

  if (size == 0)
    {
      g_message ("baresip sent an empty message; skipped");
      return;
    }
  if (memchr (data, '\0', size) != NULL || !g_utf8_validate_len (data, size, NULL))
    {
      g_message ("baresip sent a message that is not text; skipped: %s", shown);
      return;
    }
  root = redial_json_parse (data, size, MAX_JSON_DEPTH, &error);
  if (root == NULL)
    {
      /* Too deep, not standard JSON, or not JSON at all: the error says which. */
      g_message ("baresip sent a message Redial cannot read (%s); skipped: %s", error->message, shown);
      return;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_message ("baresip sent a message that is not a JSON object; skipped: %s", shown);
      return;
    }

  object = json_node_get_object (root);
  if (member_is_true (object, "event"))
    handle_event (self, object);
  else if (member_is_true (object, "response"))
    handle_response (self, object);
  else
    g_message ("baresip sent a message that is neither an event nor a response; skipped: %s", shown);
}

/* The link */

static void
close_link (RedialBaresip *self,
            const char    *reason)
{
  Link *link = g_steal_pointer (&self->link);

  redial_clock_clear (self->clock, &self->connect_timer);
  if (link != NULL)
    {
      link->self = NULL;
      g_cancellable_cancel (link->cancellable);
      link_unref (link);
    }
  fail_commands (self, reason);
}

static gboolean
on_retry (gpointer user_data)
{
  RedialBaresip *self = user_data;

  self->retry_timer = 0;
  connect_now (self);
  return G_SOURCE_REMOVE;
}

/* @what: a short sentence for the header, to which "Retrying in N s" is added. */
static void
link_failed (RedialBaresip *self,
             const char    *what)
{
  g_autofree char *status = NULL;
  gint64 now = redial_clock_now (self->clock);
  gint64 delay;

  if (self->connected_at > 0 && now - self->connected_at >= STABLE_US)
    redial_link_reset_backoff (REDIAL_LINK (self));
  self->connected_at = 0;

  close_link (self, _("The connection to baresip was lost before it answered"));

  delay = redial_link_next_retry (REDIAL_LINK (self), -1);

  /* Translators: "%s" is a sentence such as "Cannot reach baresip at 127.0.0.1:4444". */
  status = g_strdup_printf (_("%s. Retrying in %u s"), what, (guint) (delay / G_USEC_PER_SEC));
  set_state (self, REDIAL_CONNECTION_RETRYING, status);
  self->retry_timer = redial_clock_schedule (self->clock, delay, on_retry, self, NULL);
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Link) link = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialBaresip) self = NULL;
  g_autofree char *what = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (link->self == NULL)
    return;
  /* Handlers of ::call-event may drop the last reference. */
  self = g_object_ref (link->self);

  if (n < 0)
    {
      g_message ("Lost the connection to baresip at %s: %s", self->where, error->message);
      what = g_strdup_printf (_("Lost the connection to baresip at %s"), self->where);
      link_failed (self, what);
      return;
    }
  if (n == 0)
    {
      gsize pending = redial_netstring_decoder_get_pending (link->decoder);

      if (pending > 0)
        g_message ("baresip at %s closed the connection in the middle of a message; %" G_GSIZE_FORMAT " bytes dropped",
                   self->where, pending);
      g_message ("baresip at %s closed the connection", self->where);
      what = g_strdup_printf (_("baresip at %s closed the connection"), self->where);
      link_failed (self, what);
      return;
    }

  redial_netstring_decoder_push (link->decoder, link->buffer, n);
  while (link->self != NULL)
    {
      g_autoptr(GError) frame_error = NULL;
      g_autoptr(GBytes) frame = redial_netstring_decoder_pop (link->decoder, &frame_error);

      if (frame != NULL)
        handle_frame (self, frame);
      else if (frame_error != NULL)
        g_message ("baresip at %s sent bad framing; skipping to the next message: %s",
                   self->where, frame_error->message);
      else
        break;
    }

  if (link->self != NULL)
    read_more (link);
}

static void
read_more (Link *link)
{
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (link->connection));

  g_input_stream_read_async (input, link->buffer, sizeof link->buffer, G_PRIORITY_DEFAULT,
                             link->cancellable, on_read, link_ref (link));
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Link) link = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autofree char *status = NULL;
  RedialBaresip *self;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &error);
  self = link->self;
  if (self == NULL)
    return;

  redial_clock_clear (self->clock, &self->connect_timer);

  if (connection == NULL)
    {
      g_autofree char *what = g_strdup_printf (_("Cannot reach baresip at %s"), self->where);

      g_message ("Cannot reach baresip at %s: %s", self->where, error->message);
      link_failed (self, what);
      return;
    }

  /* Notices a vanished peer even when baresip has nothing to say. */
  g_socket_set_keepalive (g_socket_connection_get_socket (connection), TRUE);
  link->connection = g_steal_pointer (&connection);
  self->connected_at = redial_clock_now (self->clock);

  status = g_strdup_printf (_("Connected to baresip at %s"), self->where);
  set_state (self, REDIAL_CONNECTION_CONNECTED, status);
  read_more (link);
}

static gboolean
on_connect_timeout (gpointer user_data)
{
  RedialBaresip *self = user_data;
  g_autofree char *what = g_strdup_printf (_("baresip at %s does not answer"), self->where);

  self->connect_timer = 0;
  g_message ("baresip at %s did not accept the connection within %d s", self->where,
             (int) (CONNECT_TIMEOUT_US / G_USEC_PER_SEC));
  link_failed (self, what);
  return G_SOURCE_REMOVE;
}

static void
connect_now (RedialBaresip *self)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnectable) address = g_network_address_new (self->host, self->port);
  g_autofree char *status = NULL;
  Link *link;

  g_assert (self->link == NULL);

  link = g_rc_box_new0 (Link);
  link->self = self;
  link->cancellable = g_cancellable_new ();
  link->decoder = redial_netstring_decoder_new (MAX_FRAME_BYTES);
  g_queue_init (&link->outgoing);
  self->link = link;

  status = g_strdup_printf (_("Connecting to baresip at %s…"), self->where);
  set_state (self, REDIAL_CONNECTION_CONNECTING, status);

  self->connect_timer = redial_clock_schedule (self->clock, CONNECT_TIMEOUT_US,
                                               on_connect_timeout, self, NULL);
  g_socket_client_connect_async (client, address, link->cancellable, on_connected, link_ref (link));
}

/* RedialPhoneSystem */

static void
redial_baresip_start (RedialLink *link)
{
  RedialBaresip *self = REDIAL_BARESIP (link);

  if (self->started)
    return;

  self->started = TRUE;
  redial_link_reset_backoff (link);
  connect_now (self);
}

static void
redial_baresip_stop (RedialLink *link)
{
  RedialBaresip *self = REDIAL_BARESIP (link);

  if (!self->started)
    return;

  self->started = FALSE;
  redial_clock_clear (self->clock, &self->retry_timer);
  close_link (self, _("Redial stopped talking to baresip"));
  set_state (self, REDIAL_CONNECTION_DISCONNECTED, _("Not connected to baresip"));
}

/* Click-to-call through the interface: the public call, under its name. */
static void
redial_baresip_call_async (RedialPhoneSystem   *phone,
                          const char          *number,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  redial_baresip_dial_async (REDIAL_BARESIP (phone), number, cancellable, callback, user_data);
}

static gboolean
redial_baresip_call_finish (RedialPhoneSystem  *phone,
                           GAsyncResult       *result,
                           GError            **error)
{
  return redial_baresip_dial_finish (REDIAL_BARESIP (phone), result, error);
}

static void
redial_baresip_iface_init (RedialPhoneSystemInterface *iface)
{
  iface->call_async = redial_baresip_call_async;
  iface->call_finish = redial_baresip_call_finish;
}

/* GObject */

static void
redial_baresip_dispose (GObject *object)
{
  RedialBaresip *self = REDIAL_BARESIP (object);

  if (self->clock != NULL)
    {
      redial_clock_clear (self->clock, &self->retry_timer);
      close_link (self, _("Redial stopped talking to baresip"));
    }
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (redial_baresip_parent_class)->dispose (object);
}

static void
redial_baresip_finalize (GObject *object)
{
  RedialBaresip *self = REDIAL_BARESIP (object);

  g_free (self->host);
  g_free (self->where);
  g_free (self->default_line);
  g_hash_table_unref (self->lines);
  g_hash_table_unref (self->unmapped);
  g_hash_table_unref (self->calls);
  g_hash_table_unref (self->commands);

  G_OBJECT_CLASS (redial_baresip_parent_class)->finalize (object);
}

static void
redial_baresip_class_init (RedialBaresipClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RedialLinkClass *link_class = REDIAL_LINK_CLASS (klass);

  object_class->dispose = redial_baresip_dispose;
  object_class->finalize = redial_baresip_finalize;

  link_class->start = redial_baresip_start;
  link_class->stop = redial_baresip_stop;
}

static void
redial_baresip_init (RedialBaresip *self)
{
  redial_link_set_state (REDIAL_LINK (self), REDIAL_CONNECTION_DISCONNECTED, _("Not connected to baresip"));
  redial_link_set_backoff (REDIAL_LINK (self), FIRST_RETRY_US, MAX_RETRY_US);
  self->lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->unmapped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->calls = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) tracked_call_free);
  self->commands = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) pending_command_free);
}

RedialPhoneSystem *
redial_baresip_new (RedialClock *clock,
                    const char  *host,
                    guint16      port,
                    GHashTable  *lines,
                    const char  *default_line)
{
  RedialBaresip *self;

  g_return_val_if_fail (REDIAL_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (host != NULL && *host != '\0', NULL);
  g_return_val_if_fail (port > 0, NULL);

  self = g_object_new (REDIAL_TYPE_BARESIP, NULL);
  self->clock = g_object_ref (clock);
  self->host = g_strdup (host);
  self->port = port;
  self->where = format_where (host, port);
  self->default_line = g_strdup (default_line);

  if (lines != NULL)
    {
      GHashTableIter iter;
      const char *aor;
      const char *line;

      g_hash_table_iter_init (&iter, lines);
      while (g_hash_table_iter_next (&iter, (gpointer *) &aor, (gpointer *) &line))
        {
          char *key = redial_baresip_normalize_aor (aor);

          if (key != NULL)
            g_hash_table_replace (self->lines, key, g_strdup (line));
        }
    }

  return REDIAL_PHONE_SYSTEM (self);
}
RedialPhoneSystem *
redial_baresip_new_from_keyfile (RedialClock  *clock,
                                 GKeyFile     *keyfile,
                                 const char   *source,
                                 GError      **error)
{
  RedialBaresipSettings settings = { 0, };
  RedialPhoneSystem *phone = NULL;

  g_return_val_if_fail (REDIAL_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (keyfile != NULL, NULL);
  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (redial_baresip_settings_read (&settings, keyfile, source, error))
    phone = redial_baresip_new (clock, settings.host, settings.port, settings.lines, settings.default_line);
  redial_baresip_settings_clear (&settings);
  return phone;
}

void
redial_baresip_dial_async (RedialBaresip       *self,
                           const char          *number,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) frame = NULL;
  g_autofree char *target = NULL;
  g_autofree char *json = NULL;
  PendingCommand *command;
  gsize length;

  g_return_if_fail (REDIAL_IS_BARESIP (self));
  g_return_if_fail (number != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, redial_baresip_dial_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  target = redial_baresip_dial_target (number);
  if (target == NULL)
    {
      g_task_return_new_error (task, REDIAL_BARESIP_ERROR, REDIAL_BARESIP_ERROR_INVALID_NUMBER,
                               _("“%s” is not a number that can be dialed"), number);
      return;
    }

  if (redial_link_get_state (REDIAL_LINK (self)) != REDIAL_CONNECTION_CONNECTED || self->link == NULL)
    {
      g_task_return_new_error (task, REDIAL_BARESIP_ERROR, REDIAL_BARESIP_ERROR_NOT_CONNECTED,
                               _("Redial is not connected to baresip"));
      return;
    }

  command = g_new0 (PendingCommand, 1);
  command->self = self;
  command->token = g_strdup_printf ("redial-%" G_GUINT64_FORMAT, ++self->last_token);

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "command");
  json_builder_add_string_value (builder, "dial");
  json_builder_set_member_name (builder, "params");
  json_builder_add_string_value (builder, target);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, command->token);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, &length);
  frame = redial_netstring_encode (json, length);

  command->task = g_steal_pointer (&task);
  command->timer = redial_clock_schedule (self->clock, COMMAND_TIMEOUT_US, on_command_timeout, command, NULL);
  if (cancellable != NULL)
    command->cancelled_id = g_signal_connect (cancellable, "cancelled",
                                              G_CALLBACK (on_command_cancelled), command);
  g_hash_table_insert (self->commands, command->token, command);

  g_queue_push_tail (&self->link->outgoing, g_steal_pointer (&frame));
  write_next (self->link);
}

gboolean
redial_baresip_dial_finish (RedialBaresip  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (REDIAL_IS_BARESIP (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == redial_baresip_dial_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
