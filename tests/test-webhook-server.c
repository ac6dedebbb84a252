/* test-webhook-server.c: the webhook server keeps hearing from the phone system, whatever other clients do. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http-client.h"
#include "redial-fake-clock.h"
#include "redial-webhook-server.h"

/* 2026-11-25 14:00:00 UTC. */
#define START_US G_GINT64_CONSTANT (1795615200000000)
#define SECONDS(n) ((gint64) (n) * G_USEC_PER_SEC)
#define PATH "/hook"
#define HEADER "X-Test-Signature"
#define WAIT_US SECONDS (10)

typedef struct
{
  RedialClock         *clock;
  RedialWebhookServer *server;
  guint                n_handled;
  char                *url;
} Fixture;

/* What the server logged, for the tests that count its messages. */
static GPtrArray *net_messages;

static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }
  if (level == G_LOG_LEVEL_MESSAGE && g_strcmp0 (domain, "redial-net") == 0 && message != NULL)
    g_ptr_array_add (net_messages, g_strdup (message));

  return g_log_writer_default (level, fields, n_fields, user_data);
}

static guint
count_messages (const char *pattern)
{
  guint n = 0;

  for (guint i = 0; i < net_messages->len; i++)
    if (g_pattern_match_simple (pattern, g_ptr_array_index (net_messages, i)))
      n++;
  return n;
}

static void
on_hook (RedialWebhookServer *server,
         SoupServerMessage   *msg,
         GBytes              *body,
         gpointer             user_data)
{
  Fixture *f = user_data;

  f->n_handled++;
  redial_webhook_server_reply (msg, SOUP_STATUS_OK, "ok");
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->clock = redial_fake_clock_new (START_US);
  f->server = redial_webhook_server_new ("127.0.0.1", 0);
  redial_webhook_server_set_clock (f->server, f->clock);
  if (data != NULL)
    redial_webhook_server_set_limits (f->server, GPOINTER_TO_UINT (data),
                                      REDIAL_WEBHOOK_SERVER_HEADER_TIMEOUT,
                                      REDIAL_WEBHOOK_SERVER_BODY_TIMEOUT);
  redial_webhook_server_add_handler (f->server, PATH, HEADER, on_hook, f, NULL);
  g_assert_true (redial_webhook_server_hold (f->server, &error));
  g_assert_no_error (error);
  f->url = g_strdup_printf ("http://127.0.0.1:%u" PATH, redial_webhook_server_get_port (f->server));
  g_ptr_array_set_size (net_messages, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  redial_webhook_server_release (f->server);
  g_clear_object (&f->server);
  g_clear_object (&f->clock);
  g_free (f->url);
}

/* Clients: plain sockets, never blocking, so the server in this thread
 * goes on turning while they wait. */

static void wait_until (gboolean (*done) (gpointer data),
                        gpointer   data);

static gboolean
is_connected (gpointer data)
{
  struct pollfd poll_fd = { *(int *) data, POLLOUT, 0 };

  return poll (&poll_fd, 1, 0) > 0;
}

static int
client_connect (Fixture *f)
{
  struct sockaddr_in address = { 0, };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  if (fd < 0)
    return -1;
  address.sin_family = AF_INET;
  address.sin_port = htons (redial_webhook_server_get_port (f->server));
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (fcntl (fd, F_SETFL, O_NONBLOCK), ==, 0);
  /* The kernel completes the handshake while the listen queue has room,
   * whether or not the server accepts; past that, only accepting helps. */
  if (connect (fd, (struct sockaddr *) &address, sizeof address) != 0)
    {
      int error = 0;
      socklen_t length = sizeof error;

      g_assert_cmpint (errno, ==, EINPROGRESS);
      wait_until (is_connected, &fd);
      g_assert_cmpint (getsockopt (fd, SOL_SOCKET, SO_ERROR, &error, &length), ==, 0);
      g_assert_cmpint (error, ==, 0);
    }
  return fd;
}

static void
client_send (int         fd,
             const char *text)
{
  g_assert_cmpint (send (fd, text, strlen (text), MSG_NOSIGNAL), ==, (gssize) strlen (text));
}

/* Sends what the socket takes of @length bytes without waiting; returns
 * how many went. A refused request may have closed the connection. */
static gsize
client_send_some (int         fd,
                  const char *data,
                  gsize       length)
{
  gssize sent = send (fd, data, length, MSG_NOSIGNAL | MSG_DONTWAIT);

  return sent > 0 ? (gsize) sent : 0;
}

typedef struct
{
  int      fd;
  GString *received;
  gboolean closed;   /* the server closed the connection */
} Client;

/* Reads what has arrived; TRUE once the server has answered or closed. */
static gboolean
client_poll (Client *client)
{
  char buffer[4096];

  while (!client->closed)
    {
      gssize n = recv (client->fd, buffer, sizeof buffer, MSG_DONTWAIT);

      if (n > 0)
        g_string_append_len (client->received, buffer, n);
      else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
        client->closed = TRUE;
      else
        break;
    }
  return client->closed || strstr (client->received->str, "\r\n\r\n") != NULL;
}

static gboolean
client_closed (Client *client)
{
  client_poll (client);
  return client->closed;
}

static gboolean
on_wake (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Turns the main loop until @done says so; fails the test after 10 s. The
 * clients' sockets are not on the loop: a short wake-up looks at them. */
static void
wait_until (gboolean (*done) (gpointer data),
            gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_US;
  guint wake = g_timeout_add (20, on_wake, NULL);

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Waited 10 s for a condition that never came");
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);
}

/* Runs everything ready now, including the server's accepting; fails the
 * test if something stays ready for ever (a server spinning on a failed
 * accept, say). */
static void
drain (void)
{
  for (guint i = 0; g_main_context_iteration (NULL, FALSE); i++)
    if (i > 100000)
      g_error ("The main loop never settles");
}

typedef struct
{
  Fixture *f;
  guint    n;
} Count;

static gboolean
has_n_connections (gpointer data)
{
  Count *count = data;

  return redial_webhook_server_get_n_connections (count->f->server) == count->n;
}

static void
wait_n_connections (Fixture *f,
                    guint    n)
{
  Count count = { f, n };

  wait_until (has_n_connections, &count);
}

static guint
status_of (Client *client)
{
  g_assert_true (g_str_has_prefix (client->received->str, "HTTP/1.1 "));
  return (guint) g_ascii_strtoull (client->received->str + strlen ("HTTP/1.1 "), NULL, 10);
}

static gsize
resident_bytes (void)
{
  g_autofree char *statm = NULL;
  g_auto(GStrv) fields = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL));
  fields = g_strsplit (statm, " ", -1);
  return g_ascii_strtoull (fields[1], NULL, 10) * sysconf (_SC_PAGESIZE);
}

static void
assert_good_request_served (Fixture *f)
{
  g_autoptr(GBytes) body = g_bytes_new_static ("{}", 2);
  const char *headers[] = { HEADER, "sha256=00", NULL };
  guint before = f->n_handled;
  g_autoptr(HttpReply) reply = http_send ("POST", f->url, "application/json", body, headers);

  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
  g_assert_cmpuint (f->n_handled, ==, before + 1);
}

/* Unsigned or too large, a request is answered once its headers are in:
 * the server never waits for the body. */
static void
test_refused_before_body (Fixture       *f,
                          gconstpointer  data)
{
  static const char * const requests[] = {
    "POST " PATH " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n",
    "POST " PATH " HTTP/1.1\r\nHost: x\r\n" HEADER ": sha256=00\r\nContent-Length: 2000000\r\n\r\n",
    "POST " PATH " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
  };
  static const guint statuses[] = { 401, 413, 401 };

  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      Client client = { client_connect (f), g_string_new (NULL), FALSE };

      client_send (client.fd, requests[i]);
      wait_until ((gpointer) client_poll, &client);
      g_assert_cmpuint (status_of (&client), ==, statuses[i]);
      close (client.fd);
      g_string_free (client.received, TRUE);
    }

  g_assert_cmpuint (f->n_handled, ==, 0);
  assert_good_request_served (f);
}

#define N_GREEDY 200
#define GREEDY_BODY (1024 * 1024)

typedef struct
{
  Client *clients;
  guint   n;
} Clients;

static gboolean
all_answered (gpointer data)
{
  Clients *all = data;

  for (guint i = 0; i < all->n; i++)
    if (!client_poll (&all->clients[i]))
      return FALSE;
  return TRUE;
}

/* Hundreds of unsigned requests with large bodies pin no memory. */
static void
test_unsigned_pin_nothing (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *body = g_malloc (GREEDY_BODY);
  g_autofree Client *clients = g_new0 (Client, N_GREEDY);
  g_autofree char *head = g_strdup_printf ("POST " PATH " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                           "Content-Length: %d\r\n\r\n", GREEDY_BODY);
  Clients all = { clients, N_GREEDY };
  gsize before;

  memset (body, '[', GREEDY_BODY);
  drain ();
  before = resident_bytes ();

  for (guint i = 0; i < N_GREEDY; i++)
    {
      clients[i].fd = client_connect (f);
      clients[i].received = g_string_new (NULL);
      client_send (clients[i].fd, head);
      /* The listen queue is shorter than the crowd. */
      drain ();
    }

  /* Each sends what it can of its body while the server turns. */
  for (guint round = 0; round < 8; round++)
    {
      for (guint i = 0; i < N_GREEDY; i++)
        client_send_some (clients[i].fd, body, GREEDY_BODY);
      drain ();
    }

  wait_until (all_answered, &all);
  for (guint i = 0; i < N_GREEDY; i++)
    g_assert_cmpuint (status_of (&clients[i]), ==, SOUP_STATUS_UNAUTHORIZED);
  g_test_message ("Resident memory grew by %" G_GSSIZE_FORMAT " KiB", ((gssize) resident_bytes () - (gssize) before) / 1024);
  g_assert_cmpuint (resident_bytes (), <, before + 8 * 1024 * 1024);

  for (guint i = 0; i < N_GREEDY; i++)
    {
      close (clients[i].fd);
      g_string_free (clients[i].received, TRUE);
    }
  wait_n_connections (f, 0);
  assert_good_request_served (f);
}

#define N_SIGNED 16

typedef struct
{
  Client      *clients;
  gsize       *sent;
  const char  *body;
  gsize        length;
} Senders;

/* Sends what each socket takes of what is left; TRUE once all is sent. */
static gboolean
all_sent (gpointer data)
{
  Senders *senders = data;
  gboolean done = TRUE;

  for (guint i = 0; i < N_SIGNED; i++)
    {
      senders->sent[i] += client_send_some (senders->clients[i].fd, senders->body + senders->sent[i],
                                            senders->length - senders->sent[i]);
      done = done && senders->sent[i] == senders->length;
    }
  return done;
}

/* Signing costs nothing to forge: signed or not, bodies under way are
 * kept within one limit for all of them, and the rest are turned away. */
static void
test_bodies_within_budget (Fixture       *f,
                           gconstpointer  data)
{
  gsize length = REDIAL_WEBHOOK_SERVER_MAX_BODY - 1;
  g_autofree char *body = g_malloc (length);
  g_autofree Client *clients = g_new0 (Client, N_SIGNED);
  g_autofree gsize *sent = g_new0 (gsize, N_SIGNED);
  g_autofree char *head = g_strdup_printf ("POST " PATH " HTTP/1.1\r\nHost: x\r\n" HEADER ": sha256=00\r\n"
                                           "Content-Length: %d\r\n\r\n", REDIAL_WEBHOOK_SERVER_MAX_BODY);
  Senders senders = { clients, sent, body, length };
  guint n_busy = 0;
  gsize before;

  memset (body, ' ', length);
  drain ();
  before = resident_bytes ();

  for (guint i = 0; i < N_SIGNED; i++)
    {
      clients[i] = (Client) { client_connect (f), g_string_new (NULL), FALSE };
      client_send (clients[i].fd, head);
    }
  /* Every body but its last byte: none is complete, each is waited for. */
  wait_until (all_sent, &senders);
  drain ();

  for (guint i = 0; i < N_SIGNED; i++)
    if (client_poll (&clients[i]) && status_of (&clients[i]) == SOUP_STATUS_SERVICE_UNAVAILABLE)
      n_busy++;
  g_assert_cmpuint (n_busy, >=, N_SIGNED - REDIAL_WEBHOOK_SERVER_MAX_BUFFERED / REDIAL_WEBHOOK_SERVER_MAX_BODY);
  g_test_message ("Resident memory grew by %" G_GSSIZE_FORMAT " KiB", ((gssize) resident_bytes () - (gssize) before) / 1024);
  g_assert_cmpuint (resident_bytes (), <, before + REDIAL_WEBHOOK_SERVER_MAX_BUFFERED + 4 * 1024 * 1024);

  for (guint i = 0; i < N_SIGNED; i++)
    {
      close (clients[i].fd);
      g_string_free (clients[i].received, TRUE);
    }
  wait_n_connections (f, 0);
  g_assert_cmpuint (f->n_handled, ==, 0);
  assert_good_request_served (f);
}

/* A client that stops half-way through its headers, or its body, is cut
 * off when its time is up, not before. */
static void
test_half_sent_closed (Fixture       *f,
                       gconstpointer  data)
{
  RedialFakeClock *clock = REDIAL_FAKE_CLOCK (f->clock);
  Client headers = { client_connect (f), g_string_new (NULL), FALSE };
  Client body = { client_connect (f), g_string_new (NULL), FALSE };

  client_send (headers.fd, "POST " PATH " HTTP/1.1\r\nHost: x\r\n");
  client_send (body.fd, "POST " PATH " HTTP/1.1\r\nHost: x\r\n" HEADER ": sha256=00\r\n"
                        "Content-Length: 100\r\n\r\n{\"half\":");
  wait_n_connections (f, 2);
  drain ();

  redial_fake_clock_advance (clock, REDIAL_WEBHOOK_SERVER_HEADER_TIMEOUT - 1);
  drain ();
  g_assert_false (client_closed (&headers));
  g_assert_false (client_closed (&body));

  redial_fake_clock_advance (clock, 1);
  wait_until ((gpointer) client_closed, &headers);
  wait_n_connections (f, 1);
  g_assert_false (client_closed (&body));

  /* The body has its own, longer time, counted from its headers. */
  redial_fake_clock_advance (clock, REDIAL_WEBHOOK_SERVER_BODY_TIMEOUT - REDIAL_WEBHOOK_SERVER_HEADER_TIMEOUT);
  wait_until ((gpointer) client_closed, &body);
  wait_n_connections (f, 0);
  g_assert_cmpuint (f->n_handled, ==, 0);

  close (headers.fd);
  close (body.fd);
  g_string_free (headers.received, TRUE);
  g_string_free (body.received, TRUE);
  assert_good_request_served (f);
}

/* Over the limit, a connection is closed as it arrives, and said so once
 * a minute at most; those already open are kept. */
static void
test_over_limit_closed (Fixture       *f,
                        gconstpointer  data)
{
  guint limit = GPOINTER_TO_UINT (data);
  g_autofree Client *clients = g_new0 (Client, limit + 3);

  for (guint i = 0; i < limit; i++)
    {
      clients[i] = (Client) { client_connect (f), g_string_new (NULL), FALSE };
      client_send (clients[i].fd, "POST " PATH " HTTP/1.1\r\n");
    }
  wait_n_connections (f, limit);

  for (guint i = limit; i < limit + 3; i++)
    {
      clients[i] = (Client) { client_connect (f), g_string_new (NULL), FALSE };
      wait_until ((gpointer) client_closed, &clients[i]);
    }
  g_assert_cmpuint (count_messages ("*closed on arrival*"), ==, 1);
  for (guint i = 0; i < limit; i++)
    g_assert_false (client_closed (&clients[i]));

  /* One leaves: the next request is served. */
  close (clients[0].fd);
  wait_n_connections (f, limit - 1);
  assert_good_request_served (f);

  for (guint i = 0; i < limit + 3; i++)
    {
      if (i > 0)
        close (clients[i].fd);
      g_string_free (clients[i].received, TRUE);
    }
}

static guint
count_open_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* Out of file descriptors, the server stops accepting for a moment, says
 * so once, and serves again once descriptors are free. */
static void
test_out_of_fds_recovers (Fixture       *f,
                          gconstpointer  data)
{
  struct rlimit saved;
  struct rlimit lowered;
  g_autoptr(GArray) fds = g_array_new (FALSE, FALSE, sizeof (int));

  g_assert_cmpint (getrlimit (RLIMIT_NOFILE, &saved), ==, 0);
  lowered = saved;
  lowered.rlim_cur = count_open_fds () + 80;
  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &lowered), ==, 0);

  /* Some half-sent requests are taken… */
  for (guint i = 0; i < 20; i++)
    {
      int fd = client_connect (f);

      client_send (fd, "POST " PATH " HTTP/1.1\r\n");
      g_array_append_val (fds, fd);
    }
  wait_n_connections (f, 20);

  /* …then clients take every descriptor left, and the server finds none
   * for the ones still queued. */
  for (;;)
    {
      int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

      if (fd < 0)
        {
          g_assert_cmpint (errno, ==, EMFILE);
          break;
        }
      close (fd);
      fd = client_connect (f);
      client_send (fd, "POST " PATH " HTTP/1.1\r\n");
      g_array_append_val (fds, fd);
    }
  g_assert_cmpuint (fds->len, >, 30);
  drain ();
  g_assert_cmpuint (redial_webhook_server_get_n_connections (f->server), <, fds->len);

  /* Still out: accepting again later fails again. */
  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (f->clock), G_USEC_PER_SEC);
  drain ();

  for (guint i = 0; i < fds->len; i++)
    close (g_array_index (fds, int, i));
  wait_n_connections (f, 0);

  assert_good_request_served (f);
  /* Said once, however often accepting failed; and said when it ended. */
  g_assert_cmpuint (count_messages ("*new connections wait*"), ==, 1);
  g_assert_cmpuint (count_messages ("*accepting connections again*"), ==, 1);

  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &saved), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  net_messages = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (log_writer, NULL, NULL);

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_setup, func, fixture_teardown)

  ADD ("/webhook-server/unsigned-or-large/refused-before-body", test_refused_before_body, NULL);
  ADD ("/webhook-server/unsigned/pin-no-memory", test_unsigned_pin_nothing, NULL);
  ADD ("/webhook-server/signed-bodies/kept-within-budget", test_bodies_within_budget, NULL);
  ADD ("/webhook-server/half-sent/closed-after-timeout", test_half_sent_closed, NULL);
  ADD ("/webhook-server/over-limit/closed-on-arrival", test_over_limit_closed, GUINT_TO_POINTER (4));
  ADD ("/webhook-server/out-of-fds/accepts-again", test_out_of_fds_recovers, NULL);

  return g_test_run ();
}
