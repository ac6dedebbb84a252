/* ctrl-tcp-server.h: a stand-in for baresip's ctrl_tcp interface that sends whatever bytes a test asks for. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _CtrlTcpServer CtrlTcpServer;

/* Listens on 127.0.0.1:@port (any free port when 0). NULL with @error when
 * the port is taken. */
CtrlTcpServer *ctrl_tcp_server_new          (guint16         port,
                                             GError        **error);
void           ctrl_tcp_server_free         (CtrlTcpServer  *self);
guint16        ctrl_tcp_server_get_port     (CtrlTcpServer  *self);

/* Iterates the default main context until a client is connected, for at
 * most @timeout_ms of real time. */
gboolean       ctrl_tcp_server_wait_client  (CtrlTcpServer  *self,
                                             guint           timeout_ms);
/* Sends @length bytes as they are (-1: a string), to test bad framing. */
void           ctrl_tcp_server_send_raw     (CtrlTcpServer  *self,
                                             const char     *data,
                                             gssize          length);
/* Sends @json framed as a netstring, as ctrl_tcp sends its events. */
void           ctrl_tcp_server_send         (CtrlTcpServer  *self,
                                             const char     *json);
/* Sends a call event the way baresip 1.0 encodes it (event_encode_dict). */
void           ctrl_tcp_server_send_call    (CtrlTcpServer  *self,
                                             const char     *type,
                                             const char     *id,
                                             const char     *direction,
                                             const char     *peeruri,
                                             const char     *display_name,
                                             const char     *account_aor);
/* The next command frame the client sent, parsed (transfer full), waiting
 * for it for at most @timeout_ms of real time; NULL if none came. */
JsonObject    *ctrl_tcp_server_next_command (CtrlTcpServer  *self,
                                             guint           timeout_ms);
/* Iterates the default main context until everything sent was written,
 * for at most @timeout_ms of real time. */
gboolean       ctrl_tcp_server_flush        (CtrlTcpServer  *self,
                                             guint           timeout_ms);
/* Closes the client's connection, as baresip does when it quits or when
 * another client connects. */
void           ctrl_tcp_server_drop_client  (CtrlTcpServer  *self);

/* Iterates the default main context until @done returns TRUE or
 * @timeout_ms of real time have passed; returns what @done last said. */
gboolean       test_wait_until              (gboolean      (*done) (gpointer data),
                                             gpointer        data,
                                             guint           timeout_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtrlTcpServer, ctrl_tcp_server_free)

G_END_DECLS
