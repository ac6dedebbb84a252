/* redial-baresip.h: the baresip softphone as a phone system, through its ctrl_tcp module. */
#pragma once

#include <gio/gio.h>

#include "redial-clock.h"
#include "redial-phone-system.h"

G_BEGIN_DECLS

#define REDIAL_BARESIP_ERROR (redial_baresip_error_quark ())

typedef enum
{
  REDIAL_BARESIP_ERROR_CONFIG,         /* a [baresip] setting cannot be used */
  REDIAL_BARESIP_ERROR_NOT_CONNECTED,  /* no link to baresip right now */
  REDIAL_BARESIP_ERROR_INVALID_NUMBER, /* not something to dial */
  REDIAL_BARESIP_ERROR_REFUSED,        /* baresip answered the command with an error */
  REDIAL_BARESIP_ERROR_TIMED_OUT,      /* baresip did not answer the command */
  REDIAL_BARESIP_ERROR_CLOSED,         /* the link went down before baresip answered */
} RedialBaresipError;

#define REDIAL_TYPE_BARESIP (redial_baresip_get_type ())
G_DECLARE_FINAL_TYPE (RedialBaresip, redial_baresip, REDIAL, BARESIP, RedialLink)

GQuark             redial_baresip_error_quark       (void);

/* A phone system that connects to baresip's ctrl_tcp interface at
 * @host:@port. @lines (may be NULL) maps baresip account AORs to the
 * business number each answers; @default_line (may be NULL) is the number
 * for accounts it does not list. Both are copied. */
RedialPhoneSystem *redial_baresip_new               (RedialClock  *clock,
                                                     const char   *host,
                                                     guint16       port,
                                                     GHashTable   *lines,
                                                     const char   *default_line);
/* Reads the [baresip] group of @keyfile: host (default 127.0.0.1), port
 * (4444), line (the business number for accounts not listed) and one
 * "account.<aor> = <business number>" per baresip account, since baresip's
 * events name the account a call came in on, never the number dialed.
 * Fails with a sentence naming @source, the group and the key. */
RedialPhoneSystem *redial_baresip_new_from_keyfile  (RedialClock  *clock,
                                                     GKeyFile     *keyfile,
                                                     const char   *source,
                                                     GError      **error);

/* Asks baresip to call @number (a phone number, or a sip: URI) from its
 * current account. Completes once baresip has taken the command, not when
 * the call is answered; fails when Redial is not connected, the number
 * cannot be dialed, or baresip refuses or does not answer in 10 seconds.
 * Cancel from the main thread. */
void               redial_baresip_dial_async        (RedialBaresip        *self,
                                                     const char           *number,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean           redial_baresip_dial_finish       (RedialBaresip        *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

G_END_DECLS
