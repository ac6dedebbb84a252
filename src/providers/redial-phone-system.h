/* redial-phone-system.h: what every phone-system backend offers: call events over a RedialLink. */
#pragma once

#include <gio/gio.h>

#include "redial-call-event.h"
#include "redial-link.h"
#include "redial-types.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_PHONE_SYSTEM (redial_phone_system_get_type ())
G_DECLARE_INTERFACE (RedialPhoneSystem, redial_phone_system, REDIAL, PHONE_SYSTEM, RedialLink)

/* A backend is a RedialLink (its state, status, start and stop) that
 * translates its protocol into RedialCallEvents, emitted as ::call-event.
 * It decides nothing about the calls. */
struct _RedialPhoneSystemInterface
{
  GTypeInterface parent_iface;

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

/* Connects and starts reporting calls: redial_link_start(). */
void                   redial_phone_system_start      (RedialPhoneSystem *self);
/* Disconnects: redial_link_stop(). */
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
/* For backends: emits ::call-event. */
void                   redial_phone_system_emit_call  (RedialPhoneSystem *self,
                                                       RedialCallEvent   *event);

G_END_DECLS
