/* redial-test-radicale.c: a real radicale CalDAV server for one test, on a free port of the loopback. */
#include "config.h"

#include <libsoup/soup.h>
#include <signal.h>

#include "redial-test-radicale.h"
#include "redial-test-util.h"

struct _RedialTestRadicale
{
  GSubprocess *process;
  char        *dir;
  char        *user;
  char        *password;
  char        *origin;      /* http://127.0.0.1:PORT */
  char        *collection;
  SoupSession *session;
};

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* Waits, with a deadline that fails the test, until radicale accepts
 * connections on @port. */
static void
wait_for_port (RedialTestRadicale *self,
               guint               port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(GSocketConnection) connection = NULL;

      connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
      if (connection != NULL)
        return;
      if (g_subprocess_get_identifier (self->process) == NULL)
        g_error ("radicale stopped before it listened");
      if (g_get_monotonic_time () > deadline)
        g_error ("radicale did not listen on port %u within 20 s", port);
      g_usleep (G_USEC_PER_SEC / 20);
    }
}

static SoupMessage *
new_message (RedialTestRadicale *self,
             const char         *method,
             const char         *href)
{
  SoupMessage *message = soup_message_new (method, href);
  g_autofree char *pair = g_strdup_printf ("%s:%s", self->user, self->password);
  g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  g_autofree char *authorization = g_strconcat ("Basic ", encoded, NULL);

  g_assert_nonnull (message);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", authorization);
  return message;
}

RedialTestRadicale *
redial_test_radicale_start (const char *user,
                            const char *password)
{
  RedialTestRadicale *self = g_new0 (RedialTestRadicale, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *users = NULL;
  g_autofree char *storage = NULL;
  g_autofree char *line = NULL;
  g_autofree char *hosts = NULL;
  g_autoptr(SoupMessage) mkcalendar = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  guint port = free_port ();

  self->dir = redial_test_make_dir ();
  self->user = g_strdup (user);
  self->password = g_strdup (password);
  users = g_build_filename (self->dir, "users", NULL);
  storage = g_build_filename (self->dir, "collections", NULL);
  line = g_strdup_printf ("%s:%s\n", user, password);
  g_assert_true (g_file_set_contents (users, line, -1, NULL));

  hosts = g_strdup_printf ("127.0.0.1:%u", port);
  /* No configuration file but the command line's: --config "" keeps the
   * machine's /etc/radicale/config out of the test. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  redial_test_end_with_test (launcher, SIGTERM);
  self->process = g_subprocess_launcher_spawn (launcher, &error,
                                                "radicale", "--config", "",
                                                "--server-hosts", hosts,
                                                "--storage-filesystem-folder", storage,
                                                "--auth-type", "htpasswd",
                                                "--auth-htpasswd-filename", users,
                                                "--auth-htpasswd-encryption", "plain",
                                                "--auth-delay", "0",
                                                "--rights-type", "owner_only",
                                                "--logging-level", "warning",
                                                NULL);
  g_assert_no_error (error);
  wait_for_port (self, port);

  self->origin = g_strdup_printf ("http://127.0.0.1:%u", port);
  self->collection = g_strdup_printf ("%s/%s/calendar/", self->origin, user);
  self->session = soup_session_new ();

  mkcalendar = new_message (self, "MKCALENDAR", self->collection);
  answer = soup_session_send_and_read (self->session, mkcalendar, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (mkcalendar), ==, SOUP_STATUS_CREATED);
  return self;
}

const char *
redial_test_radicale_collection (RedialTestRadicale *self)
{
  return self->collection;
}

guint
redial_test_radicale_put (RedialTestRadicale  *self,
                          const char          *href,
                          const char          *ics,
                          char               **etag)
{
  g_autoptr(SoupMessage) message = new_message (self, SOUP_METHOD_PUT, href);
  g_autoptr(GBytes) body = g_bytes_new (ics, strlen (ics));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (message, "text/calendar; charset=utf-8", body);
  answer = soup_session_send_and_read (self->session, message, NULL, &error);
  g_assert_no_error (error);
  if (etag != NULL)
    *etag = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (message), "ETag"));
  return soup_message_get_status (message);
}

char *
redial_test_radicale_get (RedialTestRadicale  *self,
                          const char          *href,
                          char               **etag)
{
  g_autoptr(SoupMessage) message = new_message (self, SOUP_METHOD_GET, href);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = soup_session_send_and_read (self->session, message, NULL, &error);
  g_assert_no_error (error);
  if (etag != NULL)
    *etag = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (message), "ETag"));
  if (soup_message_get_status (message) != SOUP_STATUS_OK)
    return NULL;
  return g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
}

void
redial_test_radicale_stop (RedialTestRadicale *self)
{
  g_subprocess_force_exit (self->process);
  g_subprocess_wait (self->process, NULL, NULL);
  g_clear_object (&self->process);
  g_clear_object (&self->session);
  redial_test_remove_tree (self->dir);
  g_free (self->dir);
  g_free (self->user);
  g_free (self->password);
  g_free (self->origin);
  g_free (self->collection);
  g_free (self);
}
