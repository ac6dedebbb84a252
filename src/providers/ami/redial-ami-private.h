/* redial-ami-private.h: the Asterisk backend's state, shared by the files that make it up. */
#pragma once

#include <gio/gio.h>

#include "redial-ami.h"
#include "redial-ami-parser.h"

G_BEGIN_DECLS

#define READ_SIZE             (64 * 1024)

typedef enum
{
  ACTION_LOGIN,
  ACTION_PING,
  ACTION_FILTER,
  ACTION_CHANNELS,
  ACTION_ORIGINATE,
} ActionKind;

/* One TCP session with Asterisk. Callbacks of its asynchronous operations
 * hold a reference; once the session is closed, owner is NULL and they
 * only let go. */
typedef struct
{
  grefcount          ref;
  struct _RedialAmi *owner;
  GCancellable      *cancellable;
  GSocketConnection *socket;
  GInputStream      *input;
  GOutputStream     *output;
  RedialAmiParser   *parser;
  GQueue             writes;   /* GBytes */
  GBytes            *writing;  /* the buffer being written, or NULL */
  gboolean           logged_in;
  gint64             logged_in_at;
  char               buffer[READ_SIZE];
} Connection;

/* An action waiting for its response. */
typedef struct
{
  struct _RedialAmi *self;
  ActionKind         kind;
  char              *id;
  GTask             *task;      /* the click-to-call, for ACTION_ORIGINATE */
  guint              timer;
  GCancellable      *cancellable;
  gulong             cancelled_handler;
} Pending;

struct _RedialAmi
{
  RedialLink             parent_instance;

  RedialClock           *clock;
  RedialAmiCalls        *calls;

  char                  *host;
  guint16                port;
  char                  *username;
  char                  *secret_file;
  char                  *extension;
  char                  *context;
  char                  *did_variable;
  char                  *secret;

  Connection            *connection;
  GSocketClient         *client;
  GHashTable            *pending;  /* action id → Pending */
  guint64                next_action;
  gboolean               filter_refused_logged;

  guint                  connect_timer;
  guint                  retry_timer;
  guint                  ping_timer;
  guint                  ping_timeout;
  guint                  housekeeping_timer;
};

/* redial-ami.c: the session. */
char    *_redial_ami_next_action_id    (RedialAmi        *self);
/* Remembers that the action @id of @kind waits for its response. */
Pending *_redial_ami_add_pending       (RedialAmi        *self,
                                        ActionKind        kind,
                                        const char       *id);
/* Queues @action; with @secret, its buffer is wiped once written. */
void     _redial_ami_send_action       (Connection       *conn,
                                        RedialAmiMessage *action,
                                        gboolean          secret);

/* redial-ami-originate.c: click-to-call. */
/* Ends the click-to-call @pending with @error (taken), or with success. */
void     _redial_ami_complete_originate (RedialAmi       *self,
                                         Pending         *pending,
                                         GError          *error);
/* The error for Asterisk's OriginateResponse @reason. */
GError  *_redial_ami_originate_error    (const char      *reason);

G_END_DECLS
