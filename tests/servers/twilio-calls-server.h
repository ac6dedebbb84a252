/* twilio-calls-server.h: a Twilio-compatible Calls list, with paging and faults, for tests.
 *
 * It follows Twilio's REST API 2010-04-01 as documented in "Call Resource"
 * (https://www.twilio.com/docs/voice/api/call-resource: the Call's
 * properties, "Read multiple Call resources" with the StartTime>= filter,
 * PageSize, Page and PageToken) and in Twilio's OpenAPI description
 * (twilio_api_v2010.json: the list's calls, first_page_uri, next_page_uri,
 * previous_page_uri, page, page_size, start, end and uri; times as RFC 2822
 * in UTC), and "Security" for HTTP Basic authentication with the Account
 * SID and auth token (error 20003 when they are wrong). It serves
 * GET /2010-04-01/Accounts/{AccountSid}/Calls.json on 127.0.0.1, newest
 * call first, on the thread-default main context. */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef enum
{
  TWILIO_FAULT_NONE,
  TWILIO_FAULT_SERVER_ERROR,      /* 500, with Twilio's JSON error body */
  TWILIO_FAULT_RATE_LIMITED,      /* 429 Too Many Requests (error 20429) */
  TWILIO_FAULT_GARBAGE,           /* 200, with an HTML page */
  TWILIO_FAULT_TRUNCATED,         /* 200, with the page cut in the middle */
  TWILIO_FAULT_OVERSIZED,         /* 200, with 5 MiB of valid JSON */
  TWILIO_FAULT_TOO_DEEP,          /* 200, with arrays nested 100 000 deep */
  TWILIO_FAULT_NO_CALLS,          /* 200, with a page that has no "calls" */
  TWILIO_FAULT_FOREIGN_NEXT_PAGE, /* 200, whose next_page_uri leads to another host */
  TWILIO_FAULT_HANG,              /* no answer at all */
} TwilioFault;

typedef struct _TwilioCallsServer TwilioCallsServer;

/* A server for one account, accepting @auth_token. */
TwilioCallsServer *twilio_calls_server_new            (const char        *account_sid,
                                                       const char        *auth_token);
void               twilio_calls_server_free           (TwilioCallsServer *self);
/* "http://127.0.0.1:PORT", the base-url to configure. */
const char        *twilio_calls_server_get_base_url   (TwilioCallsServer *self);

/* The token it accepts from now on (to refuse the one configured). */
void               twilio_calls_server_set_auth_token (TwilioCallsServer *self,
                                                       const char        *auth_token);
/* Calls per page unless the request's PageSize asks for fewer (default 50). */
void               twilio_calls_server_set_page_size  (TwilioCallsServer *self,
                                                       guint              page_size);

/* Adds a call to the account, or replaces the one with the same @sid (a
 * call that was ringing has ended); @end_us 0 leaves end_time null, as
 * Twilio does for calls that never connected; NULL strings are null. */
void               twilio_calls_server_add_call       (TwilioCallsServer *self,
                                                       const char        *sid,
                                                       const char        *direction,
                                                       const char        *status,
                                                       const char        *from,
                                                       const char        *to,
                                                       const char        *caller_name,
                                                       gint64             start_us,
                                                       gint64             end_us);
/* Adds an entry written as @json, listed as if it started at @start_us:
 * for entries that are not what the documentation promises. */
void               twilio_calls_server_add_raw        (TwilioCallsServer *self,
                                                       const char        *json,
                                                       gint64             start_us);

/* After @after more requests served well, the @n_requests that follow
 * get @fault instead of their answer. */
void               twilio_calls_server_fail           (TwilioCallsServer *self,
                                                       TwilioFault        fault,
                                                       guint              after,
                                                       guint              n_requests);
/* Requests served so far, and the query of the last (NULL when none). */
guint              twilio_calls_server_get_n_requests (TwilioCallsServer *self);
const char        *twilio_calls_server_get_last_query (TwilioCallsServer *self);
/* Requests that came with the wrong credentials or none. */
guint              twilio_calls_server_get_n_refused  (TwilioCallsServer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwilioCallsServer, twilio_calls_server_free)

G_END_DECLS
