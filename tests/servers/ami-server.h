/* ami-server.h: a test Asterisk manager interface on 127.0.0.1, in a thread of its own. */
#pragma once

#include "redial-ami-parser.h"

G_BEGIN_DECLS

typedef struct _AmiServer AmiServer;

/* Listens on a free port of 127.0.0.1 for one client at a time (a new one
 * replaces the last), accepting @username with @secret. */
AmiServer        *ami_server_new                 (const char *username,
                                                  const char *secret);
void              ami_server_free                (AmiServer  *self);
guint16           ami_server_get_port            (AmiServer  *self);

/* What it greets with; Asterisk's is the default. */
void              ami_server_set_banner          (AmiServer  *self,
                                                  const char *banner);
/* Whether it answers Ping (TRUE) or lets keep-alives go unanswered. */
void              ami_server_set_answer_pings    (AmiServer  *self,
                                                  gboolean    answer);
/* Whether the user may set event filters (manager.conf write = system). */
void              ami_server_set_allow_filters   (AmiServer  *self,
                                                  gboolean    allow);
/* The CoreShowChannel events (without ActionID) answering CoreShowChannels. */
void              ami_server_set_live_channels   (AmiServer  *self,
                                                  const char *events);
/* The Reason of the OriginateResponse after an Originate: 4 (answered)
 * means Success, anything else Failure; -1 sends none. */
void              ami_server_set_originate_reason (AmiServer *self,
                                                  int         reason);

/* Sends @wire (whole messages) to the logged-in client, or the next one to
 * log in: each event only if the client's Events mask and filters let it
 * through, as Asterisk does. */
void              ami_server_send_events         (AmiServer  *self,
                                                  const char *wire);
/* Sends @length bytes as they are, whatever they are. */
void              ami_server_send_raw            (AmiServer  *self,
                                                  const char *bytes,
                                                  gsize       length);
/* Closes the client's connection, after what was sent before. */
void              ami_server_drop                (AmiServer  *self);
/* Waits until everything asked of the server so far is done. */
void              ami_server_sync                (AmiServer  *self);

/* g_get_monotonic_time() just before the last ami_server_send_events()
 * was written. */
gint64            ami_server_get_last_send_time  (AmiServer  *self);
/* How many events went to clients, once filtered. */
guint             ami_server_get_n_events_sent   (AmiServer  *self);
guint             ami_server_get_n_connections   (AmiServer  *self);
guint             ami_server_get_n_logins        (AmiServer  *self);
/* How many actions called @action (any case) the server received. */
guint             ami_server_count_actions       (AmiServer  *self,
                                                  const char *action);
/* The last action called @action, or NULL. */
RedialAmiMessage *ami_server_dup_last_action     (AmiServer  *self,
                                                  const char *action);

G_END_DECLS
