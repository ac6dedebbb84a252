/* http-client.h: a blocking-looking HTTP client for tests that turns the main loop while it waits. */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  guint  status;  /* 0 when the request could not be made at all */
  char  *body;    /* the response body as text, never NULL */
} HttpReply;

void       http_reply_free (HttpReply *reply);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HttpReply, http_reply_free)

/* Sends @method to @url with @body (may be NULL) of @content_type (NULL for
 * none), adding @headers (a NULL-terminated list of name, value, …), and
 * turns the default main context until the answer is in: a server in this
 * process answers meanwhile. Fails the test after 10 s (a bug, not slow
 * I/O: everything is on the loopback). */
HttpReply *http_send       (const char         *method,
                            const char         *url,
                            const char         *content_type,
                            GBytes             *body,
                            const char * const *headers);
/* The same, sending @body chunked, without a Content-Length. */
HttpReply *http_send_chunked (const char         *url,
                              const char         *content_type,
                              GBytes             *body,
                              const char * const *headers);

/* Turns the default main context until @done is TRUE; fails the test
 * after 10 s. */
void       http_wait_until (const gboolean     *done);

G_END_DECLS
