/* redial-ami.h: the phone-system backend for Asterisk (FreePBX, Issabel, VitalPBX) over its manager interface. */
#pragma once

#include <gio/gio.h>

#include "redial-ami-calls.h"
#include "redial-clock.h"
#include "redial-phone-system.h"

G_BEGIN_DECLS

#define REDIAL_AMI_ERROR (redial_ami_error_quark ())

typedef enum
{
  REDIAL_AMI_ERROR_INVALID_SETTING, /* an [ami] setting cannot be used */
  REDIAL_AMI_ERROR_NOT_CONNECTED,   /* not logged in to Asterisk right now */
  REDIAL_AMI_ERROR_NO_EXTENSION,    /* no [ami] extension to ring for click-to-call */
  REDIAL_AMI_ERROR_INVALID_NUMBER,  /* not a number that can be dialled */
  REDIAL_AMI_ERROR_REFUSED,         /* Asterisk refused the action */
  REDIAL_AMI_ERROR_CALL_FAILED,     /* the call could not be put through */
  REDIAL_AMI_ERROR_TIMED_OUT,       /* Asterisk did not answer in time */
} RedialAmiError;

#define REDIAL_TYPE_AMI (redial_ami_get_type ())
G_DECLARE_FINAL_TYPE (RedialAmi, redial_ami, REDIAL, AMI, RedialLink)

GQuark             redial_ami_error_quark       (void);

/* A backend reading the [ami] group of @keyfile (see the README for the
 * keys). Fails with REDIAL_AMI_ERROR_INVALID_SETTING and a sentence naming
 * @source, the group and the key ("acme.conf: [ami] port: …") when a value
 * cannot be used. The secret is read
 * when connecting, from [ami] secret-file or the keyring ("ami/secret"). */
RedialPhoneSystem *redial_ami_new_from_keyfile  (RedialClock          *clock,
                                                 GKeyFile             *keyfile,
                                                 const char           *source,
                                                 GError              **error);

/* Click-to-call: rings the desk's extension ([ami] extension) and, once it
 * is picked up, dials @number from the [ami] context. Completes when
 * Asterisk reports whether the desk answered; fails with REDIAL_AMI_ERROR
 * when not connected, without an extension, for a number that is not
 * digits (with "+", "*" or "#"), when Asterisk refuses, or when the desk
 * phone is busy or does not answer. */
void               redial_ami_originate_async   (RedialAmi            *self,
                                                 const char           *number,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean           redial_ami_originate_finish  (RedialAmi            *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* The call tracker, for tests. */
RedialAmiCalls    *redial_ami_get_calls         (RedialAmi            *self);

G_END_DECLS
