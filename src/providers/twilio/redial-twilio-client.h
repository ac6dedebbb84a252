/* redial-twilio-client.h: one client for Twilio's REST API (or one that speaks it), shared by SMS and voice. */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "redial-clock.h"

G_BEGIN_DECLS

/* libsoup 3.2 has no name for it. */
#define REDIAL_TWILIO_HTTP_TOO_MANY_REQUESTS 429

/* What came back from one request. */
typedef struct
{
  guint     status;       /* HTTP status; 0 when no (whole) answer came */
  GError   *error;        /* why no whole answer came (G_IO_ERROR_TIMED_OUT,
                           * G_IO_ERROR_MESSAGE_TOO_LARGE, …), or NULL */
  gboolean  reached;      /* the request was written whole: Twilio may have acted on it */
  JsonNode *json;         /* the body, when it was JSON within the depth limit */
  GError   *json_error;   /* why a body that came is not usable JSON, or NULL */
  gint64    retry_after;  /* µs from now the server asked to wait (Retry-After), or -1 */
  guint     code;         /* Twilio's error code of a 4xx or 5xx answer, or 0 */
} RedialTwilioResponse;

/* The answer's JSON object, or NULL. */
JsonObject *redial_twilio_response_get_object (RedialTwilioResponse *response);
/* Whether asking again later may help: no answer, 429, or a 5xx. */
gboolean    redial_twilio_response_is_transient (RedialTwilioResponse *response);
/* A sentence for an answer that is not the one hoped for ("Twilio cannot
 * be reached: …", "Twilio had a problem (HTTP 503)", Twilio's own error as
 * a sentence). Free with g_free(). */
char       *redial_twilio_response_describe (RedialTwilioResponse *response);

typedef void (*RedialTwilioDone) (RedialTwilioResponse *response,
                                  gpointer              user_data);

#define REDIAL_TYPE_TWILIO_CLIENT (redial_twilio_client_get_type ())
G_DECLARE_FINAL_TYPE (RedialTwilioClient, redial_twilio_client, REDIAL, TWILIO_CLIENT, GObject)

/* A client for the API at @base_url (scheme, host, port and any path
 * prefix, without a trailing "/") for the account @account_sid. Requests
 * time out on @clock after 30 s; answers larger than 2 MB are refused; a
 * redirect is never followed, since it would carry the credentials away. */
RedialTwilioClient *redial_twilio_client_new              (RedialClock        *clock,
                                                           const char         *base_url,
                                                           const char         *account_sid);
/* Sets the auth token sent with every request as Basic authentication,
 * or forgets it with NULL. The client keeps a copy, wiped when replaced. */
void                redial_twilio_client_set_auth_token   (RedialTwilioClient *self,
                                                           const char         *token);
/* The auth token, or NULL: for checking webhook signatures. */
const char         *redial_twilio_client_get_auth_token   (RedialTwilioClient *self);
/* The API's host name, for status sentences ("Connected to api.twilio.com"). */
const char         *redial_twilio_client_get_host         (RedialTwilioClient *self);
const char         *redial_twilio_client_get_account_sid  (RedialTwilioClient *self);
/* The URL of the account's @resource, such as "Messages" or "Calls":
 * …/2010-04-01/Accounts/{AccountSid}/{resource}. Free with g_free(). */
char               *redial_twilio_client_account_url      (RedialTwilioClient *self,
                                                           const char         *resource);
/* Sends @method to @url (with @form, already encoded, as its body when
 * not NULL) and calls @done with what came back. @data_free, when not
 * NULL, frees @user_data afterwards, or when the request is cancelled:
 * @done is never called for a cancelled request. */
void                redial_twilio_client_request          (RedialTwilioClient *self,
                                                           const char         *method,
                                                           const char         *url,
                                                           const char         *form,
                                                           RedialTwilioDone    done,
                                                           gpointer            user_data,
                                                           GDestroyNotify      data_free);
/* Cancels every request under way; none of their callbacks is called. */
void                redial_twilio_client_cancel_all       (RedialTwilioClient *self);
/* How many requests are under way. */
guint               redial_twilio_client_get_n_requests   (RedialTwilioClient *self);
/* Reads a list page's "next_page_uri" into *@url: NULL after the last
 * page. A next page anywhere but a path on the API's own server, which
 * the credentials would be sent to, is refused (FALSE), as is one whose
 * path does not end in @path_suffix (such as "/Calls.json"), unless that
 * is NULL. */
gboolean            redial_twilio_client_next_page        (RedialTwilioClient  *self,
                                                           JsonObject          *page,
                                                           const char          *path_suffix,
                                                           char               **url);

/* Appends @key=@value, both escaped, to the form or query @form. */
void                redial_twilio_append_param            (GString            *form,
                                                           const char         *key,
                                                           const char         *value);
/* Whether @text can be a Twilio SID (or another API's id): 2 to 64
 * letters, digits, "-" or "_", so that it is safe in a URL path. */
gboolean            redial_twilio_is_sid                  (const char         *text);
/* Reads Twilio's RFC 2822 dates ("Tue, 14 Aug 2018 19:37:41 +0000") as
 * Unix µs; FALSE for NULL or anything else. */
gboolean            redial_twilio_parse_date              (const char         *text,
                                                           gint64             *out);
/* A string member of @object (which may be NULL), or NULL when absent or
 * of another type. */
const char         *redial_twilio_json_string             (JsonObject         *object,
                                                           const char         *name);
/* A positive number member of @object (Twilio writes some as strings), or 0. */
guint               redial_twilio_json_code               (JsonObject         *object,
                                                           const char         *name);

G_END_DECLS
