/* redial-test-radicale.h: a real radicale CalDAV server for one test, on a free port of the loopback. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _RedialTestRadicale RedialTestRadicale;

/* Starts radicale (Debian: radicale) with its storage in a new folder,
 * htpasswd authentication of @user with @password (written plain, which
 * radicale 3.1 reads with --auth-htpasswd-encryption plain) and each
 * user's collections their own; returns once it answers, with the
 * calendar collection /@user/calendar/ made (MKCALENDAR). Fails the test
 * when radicale cannot start within 20 s. */
RedialTestRadicale *redial_test_radicale_start      (const char          *user,
                                                     const char          *password);
/* The calendar collection's URL, ending in "/". */
const char         *redial_test_radicale_collection (RedialTestRadicale  *self);
/* What another calendar program does: PUTs @ics at @href as the user,
 * with no condition. Returns the HTTP status and, in @etag, the new ETag. */
guint               redial_test_radicale_put        (RedialTestRadicale  *self,
                                                     const char          *href,
                                                     const char          *ics,
                                                     char               **etag);
/* GETs @href as the user: the body (NULL unless 200) and its ETag. */
char               *redial_test_radicale_get        (RedialTestRadicale  *self,
                                                     const char          *href,
                                                     char               **etag);
/* Stops radicale and removes its folder. */
void                redial_test_radicale_stop       (RedialTestRadicale  *self);

G_END_DECLS
