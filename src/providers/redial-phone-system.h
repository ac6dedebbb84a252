/* redial-phone-system.h: what every phone-system backend offers: call events and a connection state. */
#pragma once

#include <gio/gio.h>

#include "redial-call-event.h"
#include "redial-types.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_PHONE_SYSTEM (redial_phone_system_get_type ())
G_DECLARE_INTERFACE (RedialPhoneSystem, redial_phone_system, REDIAL, PHONE_SYSTEM, GObject)

/* A backend translates its protocol into RedialCallEvents, emitted as
 * ::call-event, and keeps its "state" (RedialConnectionState) and
 * "status" (a sentence for the header: "Connected to pbx.example.com",
 * "Retrying in 8 s") current. It decides nothing about the calls. */
struct _RedialPhoneSystemInterface
{
  GTypeInterface parent_iface;

  void     (*start)       (RedialPhoneSystem   *self);
  void     (*stop)        (RedialPhoneSystem   *self);
  /* Optional: rings the desk's phone, then dials @number (click-to-call). */
  void     (*call_async)  (RedialPhoneSystem   *self,
                           const char          *number,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data);
  gboolean (*call_finish) (RedialPhoneSystem   *self,
                           GAsyncResult        *result,
                           GError             **error);
};

/* Connects and starts reporting calls; state changes report progress. */
void                   redial_phone_system_start      (RedialPhoneSystem *self);
void                   redial_phone_system_stop       (RedialPhoneSystem *self);
RedialConnectionState  redial_phone_system_get_state  (RedialPhoneSystem *self);
/* A sentence for people, owned by the caller. */
char                  *redial_phone_system_dup_status (RedialPhoneSystem *self);
/* Whether the phone system can place a call for the desk. */
gboolean               redial_phone_system_can_call   (RedialPhoneSystem *self);
/* Rings the desk's phone and dials @number (E.164) once it is picked up.
 * Fails with G_IO_ERROR_NOT_SUPPORTED where the phone system cannot. */
void                   redial_phone_system_call_async (RedialPhoneSystem   *self,
                                                       const char          *number,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean               redial_phone_system_call_finish (RedialPhoneSystem  *self,
                                                        GAsyncResult       *result,
                                                        GError            **error);
/* For backends: keeps the backend's own @state_field and @status_field at
 * @state and @status, notifying "state" and "status" only on a change. */
void                   redial_phone_system_update_link (RedialPhoneSystem     *self,
                                                        RedialConnectionState *state_field,
                                                        char                 **status_field,
                                                        RedialConnectionState  state,
                                                        const char            *status);
/* For backends' get_property: sets @value for the interface's "state" or
 * "status" property from @state and @status; FALSE for any other. */
gboolean               redial_phone_system_get_link_property (GParamSpec            *pspec,
                                                              RedialConnectionState  state,
                                                              const char            *status,
                                                              GValue                *value);
/* For backends: emits ::call-event. */
void                   redial_phone_system_emit_call  (RedialPhoneSystem *self,
                                                       RedialCallEvent   *event);

G_END_DECLS
