/* redial-twilio-sms-private.h: the Twilio SMS gateway's state, shared by the files that make it up. */
#pragma once

#include <glib/gi18n.h>

#include "redial-twilio-client.h"
#include "redial-twilio-sms.h"

G_BEGIN_DECLS

/* A message Twilio created for an unanswered POST is adopted only when it
 * was created from a little before the first attempt (the clocks of the
 * desk and of Twilio differ by a little). */
#define ADOPT_WINDOW_US         (2 * 60 * G_USEC_PER_SEC)

typedef struct _Poll Poll;

struct _RedialTwilioSms
{
  RedialLink             parent_instance;

  RedialClock           *clock;
  RedialTwilioClient    *client;
  char                  *messages_url;    /* …/2010-04-01/Accounts/{sid}/Messages */
  char                  *account_sid;
  char                  *from;            /* E.164, or NULL with a messaging service */
  char                  *messaging_service_sid;
  char                  *public_url;      /* no trailing slash, or NULL */
  gint64                 poll_interval;
  char                  *token_file;      /* or NULL: the keyring */
  GCancellable          *loading;         /* the token being loaded, or NULL */

  GPtrArray             *sends;           /* SendJob, until Twilio has the text or it failed */
  guint                  n_posting;       /* SendJob started and not done: at most MAX_POSTING */
  GHashTable            *tracked;         /* SID → Tracked: texts whose delivery is followed */
  GHashTable            *claimed;         /* SID → creation time: texts this gateway sent */
  GHashTable            *seen_inbound;    /* SID → date sent: inbound texts reported */

  gboolean               started;
  guint                  poll_timer;
  Poll                  *poll;            /* the inbound poll under way, or NULL */
  gint64                 inbound_since;   /* inbound texts sent before this were reported */
  gint64                 saved_since;
  char                  *state_file;
};

/* Whether the gateway has its auth token. */
static inline gboolean
_redial_twilio_sms_has_token (RedialTwilioSms *self)
{
  return redial_twilio_client_get_auth_token (self->client) != NULL;
}

/* Twilio's date, or 0 when it cannot be read. */
static inline gint64
_redial_twilio_sms_parse_date (const char *text)
{
  gint64 when;

  return redial_twilio_parse_date (text, &when) ? when : 0;
}

/* redial-twilio-sms.c: the link. */
void     _redial_twilio_sms_set_connected    (RedialTwilioSms      *self);
/* Says on the link what a failed request means for it. */
void     _redial_twilio_sms_note_failure     (RedialTwilioSms      *self,
                                              RedialTwilioResponse *response);

/* redial-twilio-sms-send.c: the send queue. */
void     _redial_twilio_sms_send_async       (RedialSmsGateway     *gateway,
                                              const char           *to,
                                              const char           *body,
                                              RedialSmsGatewayStartedFunc started,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
char    *_redial_twilio_sms_send_finish      (RedialSmsGateway     *gateway,
                                              GAsyncResult         *result,
                                              GError              **error);
/* Looks for a text to @to of @body created since @since; finished by
 * _redial_twilio_sms_send_finish(). */
void     _redial_twilio_sms_find_sent_async  (RedialSmsGateway     *gateway,
                                              const char           *to,
                                              const char           *body,
                                              gint64                since,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
/* Sends the texts that waited for the token, or fails them without one. */
void     _redial_twilio_sms_release_waiting  (RedialTwilioSms      *self);
void     _redial_twilio_sms_send_job_free    (gpointer              job);

/* redial-twilio-sms-delivery.c: delivery tracking. */
/* Starts following the delivery of the text @sid that Twilio accepted. */
void     _redial_twilio_sms_track            (RedialTwilioSms      *self,
                                              const char           *sid,
                                              const char           *to);
/* Reports a status Twilio gave for the text @sid to @to (may be NULL). */
void     _redial_twilio_sms_apply_status     (RedialTwilioSms      *self,
                                              const char           *sid,
                                              const char           *to,
                                              const char           *twilio_status,
                                              guint                 error_code);
void     _redial_twilio_sms_tracked_free     (gpointer              tracked);

/* redial-twilio-sms-inbound.c: inbound polling. */
/* Reads where polling stopped last time, polls, and polls again every
 * interval unless Twilio calls back. */
void     _redial_twilio_sms_start_polling    (RedialTwilioSms      *self);
/* Stops the interval and saves where polling got to. */
void     _redial_twilio_sms_stop_polling     (RedialTwilioSms      *self);
void     _redial_twilio_sms_poll_inbound     (RedialTwilioSms      *self);
void     _redial_twilio_sms_poll_free        (Poll                 *poll);
/* Reports an inbound text once, whether a poll or a webhook saw it. */
void     _redial_twilio_sms_report_inbound   (RedialTwilioSms      *self,
                                              const char           *sid,
                                              const char           *from,
                                              const char           *body,
                                              gint64                sent_at);

G_END_DECLS
