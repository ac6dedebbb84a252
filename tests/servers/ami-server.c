/* ami-server.c: a test Asterisk manager interface on 127.0.0.1, in a thread of its own.
 *
 * It follows Asterisk's documentation of the manager interface
 * (docs.asterisk.org: "AMI v2 Specification" for the message layout —
 * "Key: Value" fields ending in "\r\n", a message ending with an empty
 * line — and the banner "Asterisk Call Manager/<version>" sent on connect;
 * the AMI Actions reference for Login (Username, Secret, Events: on, off or
 * a list of classes; "Authentication accepted" or "Authentication failed",
 * after which Asterisk closes the connection), Ping ("Ping: Pong"), Filter
 * (Operation Add; regular expressions matched against the whole event
 * text, white unless they start with "!", combined as the documentation
 * says, refused without the system permission), CoreShowChannels (a
 * "Channels will follow" response, CoreShowChannel events and
 * CoreShowChannelsComplete, all with the ActionID), Originate with Async
 * (a "successfully queued" response, then an OriginateResponse event with
 * Reason) and Logoff ("Goodbye")). Events carry their Privilege classes and
 * reach the client only when its Events mask and filters allow. */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "ami-server.h"

typedef struct
{
  GRegex   *regex;
  gboolean  exclude;
} Filter;

typedef struct
{
  struct _AmiServer *server;
  GSocketConnection *connection;
  GInputStream      *input;
  GOutputStream     *output;
  GCancellable      *cancellable;
  RedialAmiParser   *parser;
  gboolean           logged_in;
  gboolean           events_off;
  GStrv              event_classes;  /* NULL: every class */
  GPtrArray         *filters;        /* Filter */
  gboolean           closed;
  char               buffer[8192];
} Session;

typedef enum
{
  ITEM_EVENTS,
  ITEM_RAW,
  ITEM_DROP,
} ItemKind;

typedef struct
{
  ItemKind  kind;
  char     *data;
  gsize     length;
} Item;

struct _AmiServer
{
  GThread         *thread;
  GMainContext    *context;
  GMainLoop       *loop;
  GSocketListener *listener;
  GCancellable    *cancellable;
  guint16          port;

  GMutex           lock;
  GCond            cond;
  gboolean         ready;

  /* Under lock: set by the test, read by the server thread. */
  char            *username;
  char            *secret;
  char            *banner;
  gboolean         answer_pings;
  gboolean         allow_filters;
  char            *live_channels;
  int              originate_reason;
  guint            n_connections;
  guint            n_logins;
  guint            n_events_sent;
  GPtrArray       *actions;  /* RedialAmiMessage */
  gint64           last_send_time;

  /* Server thread only. */
  Session         *session;
  GQueue           queued;   /* Item, waiting for a client to log in */
  guint            n_reading;
};

static void
filter_free (gpointer data)
{
  Filter *filter = data;

  g_regex_unref (filter->regex);
  g_free (filter);
}

static void
item_free (gpointer data)
{
  Item *item = data;

  g_free (item->data);
  g_free (item);
}

static void
session_free (Session *session)
{
  g_clear_object (&session->connection);
  g_clear_object (&session->cancellable);
  redial_ami_parser_free (session->parser);
  g_strfreev (session->event_classes);
  g_ptr_array_unref (session->filters);
  g_free (session);
}

static void
session_close (Session *session)
{
  if (session->closed)
    return;

  session->closed = TRUE;
  g_cancellable_cancel (session->cancellable);
  g_socket_close (g_socket_connection_get_socket (session->connection), NULL);
  if (session->server->session == session)
    session->server->session = NULL;
}

static void
session_write (Session    *session,
               const char *data,
               gsize       length)
{
  g_autoptr(GError) error = NULL;

  if (session->closed || length == 0)
    return;
  if (!g_output_stream_write_all (session->output, data, length, NULL, NULL, &error))
    {
      g_debug ("test AMI server: the client went away: %s", error->message);
      session_close (session);
    }
}

static void
session_printf (Session    *session,
                const char *format,
                ...) G_GNUC_PRINTF (2, 3);

static void
session_printf (Session    *session,
                const char *format,
                ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  session_write (session, text, strlen (text));
}

/* "Response: …" with the action's id right after it, as Asterisk writes. */
static void
respond (Session          *session,
         RedialAmiMessage *action,
         const char       *response,
         const char       *rest)
{
  const char *id = redial_ami_message_get (action, "ActionID");
  g_autofree char *id_line = id != NULL ? g_strdup_printf ("ActionID: %s\r\n", id) : g_strdup ("");

  session_printf (session, "Response: %s\r\n%s%s\r\n", response, id_line, rest);
}

static gboolean
session_wants (Session    *session,
               const char *event)
{
  const char *privilege = strstr (event, "\r\nPrivilege: ");
  gboolean any_include = FALSE, any_exclude = FALSE;
  gboolean included = FALSE, excluded = FALSE;

  if (session->events_off)
    return FALSE;

  if (session->event_classes != NULL && privilege != NULL)
    {
      g_autofree char *classes_text = g_strndup (privilege + 13, strcspn (privilege + 13, "\r\n"));
      g_auto(GStrv) classes = g_strsplit (classes_text, ",", -1);
      gboolean allowed = FALSE;

      for (guint i = 0; classes[i] != NULL && !allowed; i++)
        allowed = !g_str_equal (classes[i], "all") &&
                  g_strv_contains ((const char * const *) session->event_classes, classes[i]);
      if (!allowed)
        return FALSE;
    }

  for (guint i = 0; i < session->filters->len; i++)
    {
      Filter *filter = g_ptr_array_index (session->filters, i);
      gboolean match = g_regex_match (filter->regex, event, 0, NULL);

      if (filter->exclude)
        {
          any_exclude = TRUE;
          excluded |= match;
        }
      else
        {
          any_include = TRUE;
          included |= match;
        }
    }

  if (!any_include && !any_exclude)
    return TRUE;
  if (any_include && !included)
    return FALSE;
  return !excluded;
}

/* The events of @wire this session lets through, as one buffer. */
static GString *
filter_events (Session    *session,
               const char *wire)
{
  GString *out = g_string_sized_new (strlen (wire));
  const char *start = wire;
  const char *end;

  while ((end = strstr (start, "\r\n\r\n")) != NULL)
    {
      g_autofree char *event = g_strndup (start, end + 4 - start);

      if (session_wants (session, event))
        {
          g_string_append (out, event);
          g_mutex_lock (&session->server->lock);
          session->server->n_events_sent++;
          g_mutex_unlock (&session->server->lock);
        }
      start = end + 4;
    }
  return out;
}

static void
play_item (AmiServer *self,
           Item      *item)
{
  Session *session = self->session;

  switch (item->kind)
    {
    case ITEM_EVENTS:
      {
        g_autoptr(GString) out = filter_events (session, item->data);

        g_mutex_lock (&self->lock);
        self->last_send_time = g_get_monotonic_time ();
        g_mutex_unlock (&self->lock);
        session_write (session, out->str, out->len);
      }
      break;
    case ITEM_RAW:
      session_write (session, item->data, item->length);
      break;
    case ITEM_DROP:
      session_close (session);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
flush_queued (AmiServer *self)
{
  Item *item;

  while (self->session != NULL && self->session->logged_in &&
         (item = g_queue_pop_head (&self->queued)) != NULL)
    {
      play_item (self, item);
      item_free (item);
    }
}

static void
handle_login (Session          *session,
              RedialAmiMessage *action)
{
  AmiServer *self = session->server;
  const char *username = redial_ami_message_get (action, "Username");
  const char *secret = redial_ami_message_get (action, "Secret");
  const char *events = redial_ami_message_get (action, "Events");
  gboolean accepted;

  g_mutex_lock (&self->lock);
  accepted = g_strcmp0 (username, self->username) == 0 && g_strcmp0 (secret, self->secret) == 0;
  if (accepted)
    self->n_logins++;
  g_mutex_unlock (&self->lock);

  if (!accepted)
    {
      respond (session, action, "Error", "Message: Authentication failed\r\n");
      session_close (session);
      return;
    }

  if (events != NULL)
    {
      if (g_ascii_strcasecmp (events, "off") == 0 || g_ascii_strcasecmp (events, "no") == 0)
        session->events_off = TRUE;
      else if (g_ascii_strcasecmp (events, "on") != 0 && g_ascii_strcasecmp (events, "yes") != 0)
        session->event_classes = g_strsplit (events, ",", -1);
    }

  session->logged_in = TRUE;
  respond (session, action, "Success", "Message: Authentication accepted\r\n");
  {
    g_autoptr(GString) booted = filter_events (session,
                                               "Event: FullyBooted\r\nPrivilege: system,all\r\n"
                                               "Uptime: 1211\r\nLastReload: 1211\r\nStatus: Fully Booted\r\n\r\n");
    session_write (session, booted->str, booted->len);
  }
  flush_queued (self);
}

static void
handle_filter (Session          *session,
               RedialAmiMessage *action)
{
  AmiServer *self = session->server;
  const char *text = redial_ami_message_get (action, "Filter");
  g_autoptr(GRegex) regex = NULL;
  gboolean allowed;
  Filter *filter;

  g_mutex_lock (&self->lock);
  allowed = self->allow_filters;
  g_mutex_unlock (&self->lock);

  if (!allowed)
    {
      respond (session, action, "Error", "Message: Permission denied\r\n");
      return;
    }

  if (text != NULL && *text == '!')
    text++;
  regex = text != NULL ? g_regex_new (text, 0, 0, NULL) : NULL;
  if (regex == NULL)
    {
      respond (session, action, "Error", "Message: Filter Not Added\r\n");
      return;
    }

  filter = g_new0 (Filter, 1);
  filter->regex = g_steal_pointer (&regex);
  filter->exclude = *redial_ami_message_get (action, "Filter") == '!';
  g_ptr_array_add (session->filters, filter);
  respond (session, action, "Success", "Message: Filter Added Successfully\r\n");
}

static void
handle_channels (Session          *session,
                 RedialAmiMessage *action)
{
  AmiServer *self = session->server;
  const char *id = redial_ami_message_get (action, "ActionID");
  g_autofree char *live = NULL;
  g_autofree char *id_line = g_strdup_printf ("ActionID: %s\r\n", id != NULL ? id : "");
  GString *list = g_string_new (NULL);
  const char *start, *end;
  guint n = 0;

  g_mutex_lock (&self->lock);
  live = g_strdup (self->live_channels != NULL ? self->live_channels : "");
  g_mutex_unlock (&self->lock);

  respond (session, action, "Success", "EventList: start\r\nMessage: Channels will follow\r\n");

  for (start = live; (end = strstr (start, "\r\n")) != NULL && end != start; n++)
    {
      /* "Event: CoreShowChannel\r\n", the id, then the rest of the event. */
      const char *body_end = strstr (start, "\r\n\r\n");

      g_string_append_len (list, start, end + 2 - start);
      g_string_append (list, id_line);
      g_string_append_len (list, end + 2, body_end + 4 - (end + 2));
      start = body_end + 4;
    }
  g_string_append_printf (list, "Event: CoreShowChannelsComplete\r\n%sEventList: Complete\r\nListItems: %u\r\n\r\n",
                          id_line, n);
  session_write (session, list->str, list->len);
  g_string_free (list, TRUE);
}

static void
handle_originate (Session          *session,
                  RedialAmiMessage *action)
{
  AmiServer *self = session->server;
  const char *id = redial_ami_message_get (action, "ActionID");
  g_autofree char *event = NULL;
  g_autoptr(GString) out = NULL;
  int reason;

  g_mutex_lock (&self->lock);
  reason = self->originate_reason;
  g_mutex_unlock (&self->lock);

  respond (session, action, "Success", "Message: Originate successfully queued\r\n");
  if (reason < 0)
    return;

  event = g_strdup_printf ("Event: OriginateResponse\r\nPrivilege: call,all\r\nActionID: %s\r\n"
                           "Response: %s\r\nChannel: %s\r\nContext: %s\r\nExten: %s\r\n"
                           "Application: \r\nData: \r\nReason: %d\r\nUniqueid: <unknown>\r\n"
                           "CallerIDNum: <unknown>\r\nCallerIDName: <unknown>\r\n\r\n",
                           id != NULL ? id : "", reason == 4 ? "Success" : "Failure",
                           redial_ami_message_get (action, "Channel"),
                           redial_ami_message_get (action, "Context"),
                           redial_ami_message_get (action, "Exten"), reason);
  out = filter_events (session, event);
  session_write (session, out->str, out->len);
}

static void
handle_action (Session          *session,
               RedialAmiMessage *action)
{
  AmiServer *self = session->server;
  const char *name = redial_ami_message_get (action, "Action");
  gboolean answer_pings;

  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->actions, redial_ami_message_ref (action));
  answer_pings = self->answer_pings;
  g_mutex_unlock (&self->lock);

  if (name == NULL)
    {
      respond (session, action, "Error", "Message: Missing action in request\r\n");
      return;
    }

  if (g_ascii_strcasecmp (name, "Login") == 0)
    handle_login (session, action);
  else if (g_ascii_strcasecmp (name, "Logoff") == 0)
    {
      respond (session, action, "Goodbye", "Message: Thanks for all the fish.\r\n");
      session_close (session);
    }
  else if (!session->logged_in)
    respond (session, action, "Error", "Message: Authentication Required\r\n");
  else if (g_ascii_strcasecmp (name, "Ping") == 0)
    {
      if (answer_pings)
        respond (session, action, "Success", "Ping: Pong\r\nTimestamp: 1795355097.155477\r\n");
    }
  else if (g_ascii_strcasecmp (name, "Filter") == 0)
    handle_filter (session, action);
  else if (g_ascii_strcasecmp (name, "CoreShowChannels") == 0)
    handle_channels (session, action);
  else if (g_ascii_strcasecmp (name, "Originate") == 0)
    handle_originate (session, action);
  else
    respond (session, action, "Error", "Message: Invalid/unknown command\r\n");
}

static void read_next (Session *session);

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Session *session = user_data;
  AmiServer *self = session->server;
  gssize n_read = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);
  RedialAmiMessage *action;

  self->n_reading--;

  if (n_read <= 0)
    session_close (session);
  else
    {
      redial_ami_parser_feed (session->parser, session->buffer, n_read);
      while (!session->closed && (action = redial_ami_parser_pop (session->parser)) != NULL)
        {
          handle_action (session, action);
          redial_ami_message_unref (action);
        }
    }

  if (session->closed)
    session_free (session);
  else
    read_next (session);
}

static void
read_next (Session *session)
{
  session->server->n_reading++;
  g_input_stream_read_async (session->input, session->buffer, sizeof session->buffer,
                             G_PRIORITY_DEFAULT, session->cancellable, on_read, session);
}

static void
accept_next (AmiServer *self);

static void
on_accepted (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AmiServer *self = user_data;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autofree char *banner = NULL;
  Session *session;

  connection = g_socket_listener_accept_finish (G_SOCKET_LISTENER (source), result, NULL, NULL);
  if (connection == NULL)
    return;

  if (self->session != NULL)
    session_close (self->session);

  session = g_new0 (Session, 1);
  session->server = self;
  session->connection = g_steal_pointer (&connection);
  session->input = g_io_stream_get_input_stream (G_IO_STREAM (session->connection));
  session->output = g_io_stream_get_output_stream (G_IO_STREAM (session->connection));
  session->cancellable = g_cancellable_new ();
  session->parser = redial_ami_parser_new (FALSE);
  session->filters = g_ptr_array_new_with_free_func (filter_free);
  self->session = session;

  g_mutex_lock (&self->lock);
  self->n_connections++;
  banner = g_strdup_printf ("%s\r\n", self->banner);
  g_mutex_unlock (&self->lock);

  session_write (session, banner, strlen (banner));
  read_next (session);
  accept_next (self);
}

static void
accept_next (AmiServer *self)
{
  g_socket_listener_accept_async (self->listener, self->cancellable, on_accepted, self);
}

static gpointer
server_thread (gpointer data)
{
  AmiServer *self = data;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (self->context);

  self->listener = g_socket_listener_new ();
  if (!g_socket_listener_add_address (self->listener, address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error))
    g_error ("test AMI server: cannot listen: %s", error->message);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  accept_next (self);

  g_mutex_lock (&self->lock);
  self->ready = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  g_main_loop_run (self->loop);

  g_cancellable_cancel (self->cancellable);
  if (self->session != NULL)
    session_close (self->session);
  while (self->n_reading > 0)
    g_main_context_iteration (self->context, TRUE);
  g_socket_listener_close (self->listener);
  g_clear_object (&self->listener);
  while (g_main_context_iteration (self->context, FALSE))
    ;

  g_main_context_pop_thread_default (self->context);
  return NULL;
}

AmiServer *
ami_server_new (const char *username,
                const char *secret)
{
  AmiServer *self = g_new0 (AmiServer, 1);

  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->username = g_strdup (username);
  self->secret = g_strdup (secret);
  self->banner = g_strdup ("Asterisk Call Manager/11.0.0");
  self->answer_pings = TRUE;
  self->allow_filters = TRUE;
  self->originate_reason = 4;
  self->actions = g_ptr_array_new_with_free_func ((GDestroyNotify) redial_ami_message_unref);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->queued);

  self->thread = g_thread_new ("ami-server", server_thread, self);
  g_mutex_lock (&self->lock);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);
  return self;
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
ami_server_free (AmiServer *self)
{
  g_main_context_invoke (self->context, quit_loop, self->loop);
  g_thread_join (self->thread);

  g_queue_clear_full (&self->queued, item_free);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_object_unref (self->cancellable);
  g_ptr_array_unref (self->actions);
  g_free (self->username);
  g_free (self->secret);
  g_free (self->banner);
  g_free (self->live_channels);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}

guint16
ami_server_get_port (AmiServer *self)
{
  return self->port;
}

void
ami_server_set_banner (AmiServer  *self,
                       const char *banner)
{
  g_mutex_lock (&self->lock);
  g_free (self->banner);
  self->banner = g_strdup (banner);
  g_mutex_unlock (&self->lock);
}

void
ami_server_set_answer_pings (AmiServer *self,
                             gboolean   answer)
{
  g_mutex_lock (&self->lock);
  self->answer_pings = answer;
  g_mutex_unlock (&self->lock);
}

void
ami_server_set_allow_filters (AmiServer *self,
                              gboolean   allow)
{
  g_mutex_lock (&self->lock);
  self->allow_filters = allow;
  g_mutex_unlock (&self->lock);
}

void
ami_server_set_live_channels (AmiServer  *self,
                              const char *events)
{
  g_mutex_lock (&self->lock);
  g_free (self->live_channels);
  self->live_channels = g_strdup (events);
  g_mutex_unlock (&self->lock);
}

void
ami_server_set_originate_reason (AmiServer *self,
                                 int        reason)
{
  g_mutex_lock (&self->lock);
  self->originate_reason = reason;
  g_mutex_unlock (&self->lock);
}

typedef struct
{
  AmiServer *server;
  Item      *item;
} Command;

static gboolean
run_command (gpointer data)
{
  Command *command = data;
  AmiServer *self = command->server;
  Session *session = self->session;

  if (command->item->kind == ITEM_DROP && g_queue_is_empty (&self->queued) &&
      (session == NULL || !session->logged_in))
    {
      /* Nothing waits to be sent first: drop whoever is there now. */
      if (session != NULL)
        session_close (session);
      item_free (command->item);
    }
  else
    {
      g_queue_push_tail (&self->queued, command->item);
      flush_queued (self);
    }

  g_free (command);
  return G_SOURCE_REMOVE;
}

static void
post (AmiServer  *self,
      ItemKind    kind,
      const char *data,
      gsize       length)
{
  Command *command = g_new0 (Command, 1);

  command->server = self;
  command->item = g_new0 (Item, 1);
  command->item->kind = kind;
  command->item->data = g_memdup2 (data, length);
  command->item->length = length;
  g_main_context_invoke (self->context, run_command, command);
}

void
ami_server_send_events (AmiServer  *self,
                        const char *wire)
{
  post (self, ITEM_EVENTS, wire, strlen (wire) + 1);
}

void
ami_server_send_raw (AmiServer  *self,
                     const char *bytes,
                     gsize       length)
{
  post (self, ITEM_RAW, bytes, length);
}

void
ami_server_drop (AmiServer *self)
{
  post (self, ITEM_DROP, NULL, 0);
}

typedef struct
{
  AmiServer *server;
  gboolean   done;
} Sync;

static gboolean
run_sync (gpointer data)
{
  Sync *sync = data;

  g_mutex_lock (&sync->server->lock);
  sync->done = TRUE;
  g_cond_broadcast (&sync->server->cond);
  g_mutex_unlock (&sync->server->lock);
  return G_SOURCE_REMOVE;
}

void
ami_server_sync (AmiServer *self)
{
  Sync sync = { self, FALSE };

  g_main_context_invoke (self->context, run_sync, &sync);
  g_mutex_lock (&self->lock);
  while (!sync.done)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);
}

gint64
ami_server_get_last_send_time (AmiServer *self)
{
  gint64 value;

  g_mutex_lock (&self->lock);
  value = self->last_send_time;
  g_mutex_unlock (&self->lock);
  return value;
}

guint
ami_server_get_n_events_sent (AmiServer *self)
{
  guint value;

  g_mutex_lock (&self->lock);
  value = self->n_events_sent;
  g_mutex_unlock (&self->lock);
  return value;
}

guint
ami_server_get_n_connections (AmiServer *self)
{
  guint value;

  g_mutex_lock (&self->lock);
  value = self->n_connections;
  g_mutex_unlock (&self->lock);
  return value;
}

guint
ami_server_get_n_logins (AmiServer *self)
{
  guint value;

  g_mutex_lock (&self->lock);
  value = self->n_logins;
  g_mutex_unlock (&self->lock);
  return value;
}

guint
ami_server_count_actions (AmiServer  *self,
                          const char *action)
{
  guint n = 0;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->actions->len; i++)
    {
      const char *name = redial_ami_message_get (g_ptr_array_index (self->actions, i), "Action");

      if (name != NULL && g_ascii_strcasecmp (name, action) == 0)
        n++;
    }
  g_mutex_unlock (&self->lock);
  return n;
}

RedialAmiMessage *
ami_server_dup_last_action (AmiServer  *self,
                            const char *action)
{
  RedialAmiMessage *found = NULL;

  g_mutex_lock (&self->lock);
  for (guint i = self->actions->len; i > 0 && found == NULL; i--)
    {
      RedialAmiMessage *message = g_ptr_array_index (self->actions, i - 1);
      const char *name = redial_ami_message_get (message, "Action");

      if (name != NULL && g_ascii_strcasecmp (name, action) == 0)
        found = redial_ami_message_ref (message);
    }
  g_mutex_unlock (&self->lock);
  return found;
}
