/* redial-test-sms.h: an SMS gateway for tests that holds, answers or drops each request as told, and reports what it created. */
#pragma once

#include "redial-sms-gateway.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_TEST_SMS (redial_test_sms_get_type ())
G_DECLARE_FINAL_TYPE (RedialTestSms, redial_test_sms, REDIAL, TEST_SMS, RedialLink)

typedef enum
{
  REDIAL_TEST_SMS_ANSWER,       /* creates the text and answers with its id */
  REDIAL_TEST_SMS_HANG,         /* creates the text and never answers */
  REDIAL_TEST_SMS_HANG_UNMADE,  /* never creates it, never answers */
} RedialTestSmsMode;

RedialTestSms *redial_test_sms_new            (void);
/* What a request does once started (REDIAL_TEST_SMS_ANSWER at first). */
void           redial_test_sms_set_mode       (RedialTestSms     *self,
                                               RedialTestSmsMode  mode);
/* At most @n requests under way (0: no limit); the others wait their turn. */
void           redial_test_sms_set_max_started (RedialTestSms    *self,
                                                guint             n);
/* Whether a look for a text it created can be answered (TRUE at first). */
void           redial_test_sms_set_can_look   (RedialTestSms     *self,
                                               gboolean           can_look);
/* Ends every request without an answer, as a process that died would:
 * each one's caller hears G_IO_ERROR_CANCELLED. */
void           redial_test_sms_drop           (RedialTestSms     *self);
/* How many texts it created in all, and to @to. */
guint          redial_test_sms_n_created      (RedialTestSms     *self);
guint          redial_test_sms_n_created_to   (RedialTestSms     *self,
                                               const char        *to);
/* How many texts of exactly @body it created to @to. */
guint          redial_test_sms_n_created_with (RedialTestSms     *self,
                                               const char        *to,
                                               const char        *body);
/* How many looks it was asked for. */
guint          redial_test_sms_n_looks        (RedialTestSms     *self);

G_END_DECLS
