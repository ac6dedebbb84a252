/* test-webhook-phone.c: signed JSON call events over HTTP: only well-signed, well-formed calls get in, once. */
#include "config.h"

#include <glib/gstdio.h>

#include "http-client.h"
#include "redial-engine.h"
#include "redial-fake-clock.h"
#include "redial-webhook-phone.h"
#include "redial-test-util.h"

/* 2026-11-25 14:00:00 UTC. */
#define START_US G_GINT64_CONSTANT (1795615200000000)
#define SECONDS(n) ((gint64) (n) * G_USEC_PER_SEC)
#define SECRET "test-secret with spaces & ünïcode"

#define GOOD_EVENT \
  "{\"id\":\"pbx-1001\",\"caller\":\"+13125550142\",\"caller_name\":\"JANE DOE\"," \
  "\"line\":\"+13125550118\",\"line_label\":\"Main\"," \
  "\"started_at\":\"2026-11-25T08:15:02-06:00\",\"ended_at\":\"2026-11-25T08:15:31-06:00\"," \
  "\"disposition\":\"no-answer\"}"

typedef struct
{
  char                *dir;
  char                *secret_path;
  char                *db_path;
  RedialClock         *clock;
  RedialWebhookServer *server;
  RedialPhoneSystem   *phone;
  GPtrArray           *events;
  char                *url;
  RedialConfig        *config;
  RedialStore         *store;
  RedialEngine        *engine;
} Fixture;

static void
on_call_event (RedialPhoneSystem *phone,
               RedialCallEvent   *event,
               GPtrArray         *events)
{
  g_ptr_array_add (events, redial_call_event_ref (event));
}

static char *
write_private_file (const char *dir,
                    const char *name,
                    const char *contents,
                    int         mode)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
  return path;
}

/* Turns the main loop while @phone loads its secret, which it does in a
 * worker thread. */
static void
wait_while_connecting (RedialPhoneSystem *phone)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (redial_phone_system_get_state (phone) == REDIAL_CONNECTION_CONNECTING)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean with_engine = GPOINTER_TO_INT (data);

  f->dir = g_dir_make_tmp ("redial-webhook-XXXXXX", &error);
  g_assert_no_error (error);
  f->secret_path = write_private_file (f->dir, "secret", SECRET "\n", 0600);
  f->clock = redial_fake_clock_new (START_US);
  f->server = redial_webhook_server_new ("127.0.0.1", 0);
  f->phone = redial_webhook_phone_new (f->clock, f->server, f->secret_path);
  f->events = g_ptr_array_new_with_free_func ((GDestroyNotify) redial_call_event_unref);
  g_signal_connect (f->phone, "call-event", G_CALLBACK (on_call_event), f->events);

  if (with_engine)
    {
      f->db_path = g_build_filename (f->dir, "redial.db", NULL);
      f->config = redial_config_new ();
      f->store = redial_store_open (f->db_path, &error);
      g_assert_no_error (error);
      f->engine = redial_engine_new (f->config, f->store, f->clock);
      redial_engine_set_phone_system (f->engine, f->phone);
      g_assert_true (redial_engine_start (f->engine, &error));
      g_assert_no_error (error);
    }
  else
    redial_phone_system_start (f->phone);

  wait_while_connecting (f->phone);
  g_assert_cmpint (redial_phone_system_get_state (f->phone), ==, REDIAL_CONNECTION_CONNECTED);
  f->url = g_strdup_printf ("http://127.0.0.1:%u%s", redial_webhook_server_get_port (f->server),
                            REDIAL_WEBHOOK_PHONE_PATH);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->engine != NULL)
    redial_engine_stop (f->engine);
  redial_phone_system_stop (f->phone);
  g_assert_false (redial_webhook_server_is_listening (f->server));
  g_clear_object (&f->engine);
  g_clear_object (&f->store);
  g_clear_object (&f->config);
  g_clear_object (&f->phone);
  g_clear_object (&f->server);
  g_clear_object (&f->clock);
  g_ptr_array_unref (f->events);

  redial_test_remove_tree (f->dir);
  g_free (f->db_path);
  g_free (f->secret_path);
  g_free (f->dir);
  g_free (f->url);
}

static char *
sign (const char *secret,
      const char *body,
      gsize       length)
{
  g_autofree char *hex = g_compute_hmac_for_data (G_CHECKSUM_SHA256, (const guchar *) secret, strlen (secret),
                                                  (const guchar *) body, length);
  return g_strconcat ("sha256=", hex, NULL);
}

/* Posts @length bytes of @body; @signature NULL sends none, "good" the
 * right one. */
static HttpReply *
post_full (Fixture    *f,
           const char *content_type,
           const char *body,
           gsize       length,
           const char *signature)
{
  g_autoptr(GBytes) bytes = g_bytes_new (body, length);
  g_autofree char *good = sign (SECRET, body, length);
  const char *headers[] = { REDIAL_WEBHOOK_PHONE_SIGNATURE_HEADER, NULL, NULL };

  if (signature == NULL)
    headers[0] = NULL;
  else
    headers[1] = g_str_equal (signature, "good") ? good : signature;

  return http_send ("POST", f->url, content_type, bytes, headers);
}

static guint
post (Fixture    *f,
      const char *body,
      const char *signature)
{
  g_autoptr(HttpReply) reply = post_full (f, "application/json", body, strlen (body), signature);
  return reply->status;
}

static void
test_good_signature (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(HttpReply) reply = post_full (f, "application/json", GOOD_EVENT, strlen (GOOD_EVENT), "good");
  RedialCallEvent *event;

  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
  g_assert_cmpuint (f->events->len, ==, 1);

  event = g_ptr_array_index (f->events, 0);
  g_assert_cmpstr (event->provider, ==, "webhook");
  g_assert_cmpstr (event->provider_call_id, ==, "pbx-1001");
  g_assert_cmpstr (event->caller, ==, "+13125550142");
  g_assert_cmpstr (event->caller_name, ==, "JANE DOE");
  g_assert_cmpstr (event->line, ==, "+13125550118");
  g_assert_cmpstr (event->line_label, ==, "Main");
  /* 08:15:02 at -06:00 is 14:15:02 UTC, a quarter of an hour after START. */
  g_assert_cmpint (event->started_at, ==, START_US + SECONDS (15 * 60 + 2));
  g_assert_cmpint (event->ended_at, ==, START_US + SECONDS (15 * 60 + 31));
  g_assert_cmpint (event->disposition, ==, REDIAL_DISPOSITION_NO_ANSWER);

  /* Optional fields may be absent or null; the end defaults to the start;
   * the signature's hex digits may be in capitals; members Redial does
   * not know are ignored. */
  {
    const char *minimal = "{\"id\":\"pbx-1002\",\"caller\":null,\"started_at\":\"2026-11-25T14:20:00Z\","
                          "\"disposition\":\"busy\",\"queue\":\"sales\"}";
    g_autofree char *lower = sign (SECRET, minimal, strlen (minimal));
    g_autofree char *upper = g_ascii_strup (lower + strlen ("sha256="), -1);
    g_autofree char *header = g_strconcat ("sha256=", upper, NULL);

    g_assert_cmpuint (post (f, minimal, header), ==, SOUP_STATUS_OK);
    g_assert_cmpuint (f->events->len, ==, 2);
    event = g_ptr_array_index (f->events, 1);
    g_assert_null (event->caller);
    g_assert_null (event->line_label);
    g_assert_cmpint (event->ended_at, ==, event->started_at);
    g_assert_cmpint (event->disposition, ==, REDIAL_DISPOSITION_BUSY);
  }
}

static void
test_bad_signature (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *other_secret = sign ("not the secret", GOOD_EVENT, strlen (GOOD_EVENT));
  g_autofree char *other_body = sign (SECRET, GOOD_EVENT, strlen (GOOD_EVENT) - 1);
  g_autofree char *truncated = g_strndup (other_body, 20);
  g_autofree char *not_hex = g_strconcat ("sha256=", "zz", other_body + 9, NULL);
  g_autoptr(HttpReply) reply = NULL;

  g_assert_cmpuint (post (f, GOOD_EVENT, other_secret), ==, SOUP_STATUS_UNAUTHORIZED);
  g_assert_cmpuint (post (f, GOOD_EVENT, other_body), ==, SOUP_STATUS_UNAUTHORIZED);
  g_assert_cmpuint (post (f, GOOD_EVENT, truncated), ==, SOUP_STATUS_UNAUTHORIZED);
  g_assert_cmpuint (post (f, GOOD_EVENT, not_hex), ==, SOUP_STATUS_UNAUTHORIZED);

  /* A forged request is not even parsed: a bad type still gets 401. */
  reply = post_full (f, "text/plain", GOOD_EVENT, strlen (GOOD_EVENT), other_secret);
  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_UNAUTHORIZED);
  g_assert_nonnull (strstr (reply->body, "signature"));

  g_assert_cmpuint (f->events->len, ==, 0);
  g_assert_cmpuint (post (f, GOOD_EVENT, "good"), ==, SOUP_STATUS_OK);
  g_assert_cmpuint (f->events->len, ==, 1);
}

static void
test_no_signature (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *sha1 = g_compute_hmac_for_string (G_CHECKSUM_SHA1, (const guchar *) SECRET, strlen (SECRET),
                                                     GOOD_EVENT, -1);
  g_autofree char *wrong_scheme = g_strconcat ("sha1=", sha1, NULL);

  g_assert_cmpuint (post (f, GOOD_EVENT, NULL), ==, SOUP_STATUS_UNAUTHORIZED);
  g_assert_cmpuint (post (f, GOOD_EVENT, ""), ==, SOUP_STATUS_UNAUTHORIZED);
  g_assert_cmpuint (post (f, GOOD_EVENT, "sha256="), ==, SOUP_STATUS_UNAUTHORIZED);
  g_assert_cmpuint (post (f, GOOD_EVENT, wrong_scheme), ==, SOUP_STATUS_UNAUTHORIZED);
  g_assert_cmpuint (f->events->len, ==, 0);
}

static void
test_malformed_json (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const bodies[] = {
    "",
    "{",
    "not json",
    "{\"id\":\"a\"} trailing",
    "[]",
    "\"a string\"",
    "{\"id\":1,\"started_at\":\"2026-11-25T14:00:00Z\",\"disposition\":\"busy\"}",
    "{\"started_at\":\"2026-11-25T14:00:00Z\",\"disposition\":\"busy\"}",
    "{\"id\":\"\",\"started_at\":\"2026-11-25T14:00:00Z\",\"disposition\":\"busy\"}",
    "{\"id\":\"a\",\"disposition\":\"busy\"}",
    "{\"id\":\"a\",\"started_at\":\"2026-11-25T14:00:00\",\"disposition\":\"busy\"}",
    "{\"id\":\"a\",\"started_at\":\"yesterday\",\"disposition\":\"busy\"}",
    "{\"id\":\"a\",\"started_at\":\"1970-01-01T00:00:00Z\",\"disposition\":\"busy\"}",
    "{\"id\":\"a\",\"started_at\":\"2036-01-01T00:00:00Z\",\"disposition\":\"busy\"}",
    "{\"id\":\"a\",\"started_at\":\"2026-11-25T14:00:00Z\",\"ended_at\":\"2026-11-25T13:00:00Z\",\"disposition\":\"busy\"}",
    "{\"id\":\"a\",\"started_at\":\"2026-11-25T14:00:00Z\",\"disposition\":\"missed\"}",
    "{\"id\":\"a\",\"started_at\":\"2026-11-25T14:00:00Z\"}",
    "{\"id\":\"a\",\"caller\":{\"number\":\"+13125550142\"},\"started_at\":\"2026-11-25T14:00:00Z\",\"disposition\":\"busy\"}",
    "{\"id\":\"a\",\"caller\":42,\"started_at\":\"2026-11-25T14:00:00Z\",\"disposition\":\"busy\"}",
    "{\"id\":\"a\",\"started_at\":\"2026-11-25T14:00:00Z\",\"disposition\":\"busy\",\"x\":[[[[[[1]]]]]]}",
    "{\"id\":\"caf\xc3\",\"started_at\":\"2026-11-25T14:00:00Z\",\"disposition\":\"busy\"}",
    "{\"id\":\"a\\nCall b was recorded\",\"started_at\":\"2026-11-25T14:00:00Z\",\"disposition\":\"busy\"}",
  };
  g_autoptr(GString) long_id = g_string_new ("{\"id\":\"");
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) nul = g_string_new ("{\"id\":\"a\",\"started_at\":\"2026-11-25T14:00:00Z\",\"disposition\":\"busy\"}");

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(HttpReply) reply = post_full (f, "application/json", bodies[i], strlen (bodies[i]), "good");

      if (reply->status != SOUP_STATUS_BAD_REQUEST)
        g_error ("Body %u answered %u: %s", i, reply->status, bodies[i]);
      g_assert_cmpuint (strlen (reply->body), >, 1);
    }

  g_string_append (long_id, "x");
  for (guint i = 0; i < 200; i++)
    g_string_append (long_id, "x");
  g_string_append (long_id, "\",\"started_at\":\"2026-11-25T14:00:00Z\",\"disposition\":\"busy\"}");
  g_assert_cmpuint (post (f, long_id->str, "good"), ==, SOUP_STATUS_BAD_REQUEST);

  /* json-glib recurses once per level: this would crash Redial if parsed. */
  for (guint i = 0; i < 500000; i++)
    g_string_append_c (deep, '[');
  g_assert_cmpuint (post (f, deep->str, "good"), ==, SOUP_STATUS_BAD_REQUEST);

  /* Nor when a comment or a single-quoted string, which json-glib also
   * reads, hides a quote from the depth check. */
  {
    static const char * const hiders[] = { "/*\"*/", "/\"/", "['\"',", "[\"\\u\"\"," };

    for (guint i = 0; i < G_N_ELEMENTS (hiders); i++)
      {
        g_autoptr(GString) hidden = g_string_new (hiders[i]);

        for (guint j = 0; j < 200000; j++)
          g_string_append_c (hidden, '[');
        g_assert_cmpuint (post (f, hidden->str, "good"), ==, SOUP_STATUS_BAD_REQUEST);
      }
  }

  /* A NUL byte is not JSON text. */
  g_string_append_c (nul, '\0');
  {
    g_autoptr(HttpReply) reply = post_full (f, "application/json", nul->str, nul->len, "good");
    g_assert_cmpuint (reply->status, ==, SOUP_STATUS_BAD_REQUEST);
  }

  g_assert_cmpuint (f->events->len, ==, 0);
  /* The calls around bad input still get in. */
  g_assert_cmpuint (post (f, GOOD_EVENT, "good"), ==, SOUP_STATUS_OK);
  g_assert_cmpuint (f->events->len, ==, 1);
}

static void
test_body_too_large (Fixture       *f,
                     gconstpointer  data)
{
  gsize size = 2 * 1024 * 1024;
  g_autofree char *big = g_malloc (size);
  g_autofree char *signature = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(HttpReply) reply = NULL;
  g_autoptr(HttpReply) chunked = NULL;
  const char *headers[] = { REDIAL_WEBHOOK_PHONE_SIGNATURE_HEADER, NULL, NULL };

  /* Well signed, even: size is checked before anything else. */
  memset (big, ' ', size);
  big[0] = '{';
  big[size - 1] = '}';
  signature = sign (SECRET, big, size);
  headers[1] = signature;

  reply = post_full (f, "application/json", big, size, signature);
  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);

  /* Without a Content-Length, the size is found as the body arrives. */
  bytes = g_bytes_new_static (big, size);
  chunked = http_send_chunked (f->url, "application/json", bytes, headers);
  g_assert_cmpuint (chunked->status, ==, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);

  /* Just under the limit is fine as far as size goes. */
  {
    gsize under = REDIAL_WEBHOOK_SERVER_MAX_BODY;
    g_autoptr(HttpReply) fits = post_full (f, "application/json", big + size - under, under, "good");
    g_assert_cmpuint (fits->status, ==, SOUP_STATUS_BAD_REQUEST);
  }

  g_assert_cmpuint (f->events->len, ==, 0);
  g_assert_cmpuint (post (f, GOOD_EVENT, "good"), ==, SOUP_STATUS_OK);
  g_assert_cmpuint (f->events->len, ==, 1);
}

static void
test_wrong_content_type (Fixture       *f,
                         gconstpointer  data)
{
  static const char * const types[] = {
    "text/plain",
    "application/x-www-form-urlencoded",
    "application/json; charset=iso-8859-1",
    "application/jsonx",
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(HttpReply) reply = post_full (f, types[i], GOOD_EVENT, strlen (GOOD_EVENT), "good");
      g_assert_cmpuint (reply->status, ==, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE);
    }

  {
    g_autoptr(HttpReply) reply = post_full (f, NULL, GOOD_EVENT, strlen (GOOD_EVENT), "good");
    g_assert_cmpuint (reply->status, ==, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE);
  }
  g_assert_cmpuint (f->events->len, ==, 0);

  {
    g_autoptr(HttpReply) reply = post_full (f, "Application/JSON; charset=UTF-8", GOOD_EVENT,
                                            strlen (GOOD_EVENT), "good");
    g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
  }
  g_assert_cmpuint (f->events->len, ==, 1);
}

static void
test_replayed_event (Fixture       *f,
                     gconstpointer  data)
{
  const char *other = "{\"id\":\"pbx-1003\",\"caller\":\"+13125550142\","
                      "\"started_at\":\"2026-11-25T14:40:00Z\",\"disposition\":\"busy\"}";

  /* A PBX that retries, or an attacker replaying a captured request: both
   * are answered 200, and the call is stored once. */
  g_assert_cmpuint (post (f, GOOD_EVENT, "good"), ==, SOUP_STATUS_OK);
  g_assert_cmpuint (post (f, GOOD_EVENT, "good"), ==, SOUP_STATUS_OK);
  g_assert_cmpuint (post (f, GOOD_EVENT, "good"), ==, SOUP_STATUS_OK);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_CALLS), ==, 1);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_CASES), ==, 1);

  /* The same caller again, as another call, joins the case. */
  g_assert_cmpuint (post (f, other, "good"), ==, SOUP_STATUS_OK);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_CALLS), ==, 2);
  g_assert_cmpint (redial_store_count (f->store, REDIAL_STORE_COUNT_CASES), ==, 1);
}

static void
test_other_paths_and_methods (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *other = g_strdup_printf ("http://127.0.0.1:%u/calls/extra",
                                            redial_webhook_server_get_port (f->server));
  g_autoptr(HttpReply) get = http_send ("GET", f->url, NULL, NULL, NULL);
  g_autoptr(HttpReply) put = http_send ("PUT", f->url, "application/json", NULL, NULL);
  g_autoptr(HttpReply) elsewhere = http_send ("POST", other, "application/json", NULL, NULL);

  g_assert_cmpuint (get->status, ==, SOUP_STATUS_METHOD_NOT_ALLOWED);
  g_assert_cmpuint (put->status, ==, SOUP_STATUS_METHOD_NOT_ALLOWED);
  g_assert_cmpuint (elsewhere->status, ==, SOUP_STATUS_NOT_FOUND);
  g_assert_cmpuint (f->events->len, ==, 0);
}

static void
test_listening_state (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *status = redial_phone_system_dup_status (f->phone);
  g_autofree char *expected = g_strdup_printf ("Listening for calls on 127.0.0.1 port %u",
                                               redial_webhook_server_get_port (f->server));
  g_autoptr(HttpReply) reply = NULL;

  g_assert_cmpstr (status, ==, expected);

  redial_phone_system_stop (f->phone);
  g_assert_cmpint (redial_phone_system_get_state (f->phone), ==, REDIAL_CONNECTION_DISCONNECTED);
  g_assert_false (redial_webhook_server_is_listening (f->server));
  reply = post_full (f, "application/json", GOOD_EVENT, strlen (GOOD_EVENT), "good");
  g_assert_cmpuint (reply->status, ==, 0);
  g_assert_cmpuint (f->events->len, ==, 0);
}

static void
test_port_busy_retries (void)
{
  g_autoptr(RedialClock) clock = redial_fake_clock_new (START_US);
  g_autoptr(RedialWebhookServer) squatter = redial_webhook_server_new ("127.0.0.1", 0);
  g_autoptr(RedialWebhookServer) server = NULL;
  g_autoptr(RedialPhoneSystem) phone = NULL;
  g_autofree char *dir = g_dir_make_tmp ("redial-webhook-XXXXXX", NULL);
  g_autofree char *secret = write_private_file (dir, "secret", SECRET, 0600);
  g_autofree char *status = NULL;
  g_autofree char *expected = NULL;
  guint port;

  g_assert_true (redial_webhook_server_hold (squatter, NULL));
  port = redial_webhook_server_get_port (squatter);
  server = redial_webhook_server_new ("127.0.0.1", port);
  phone = redial_webhook_phone_new (clock, server, secret);

  redial_phone_system_start (phone);
  wait_while_connecting (phone);
  g_assert_cmpint (redial_phone_system_get_state (phone), ==, REDIAL_CONNECTION_RETRYING);
  status = redial_phone_system_dup_status (phone);
  expected = g_strdup_printf ("Cannot open port %u. Retrying in 5 s", port);
  g_assert_cmpstr (status, ==, expected);

  /* Still taken: the wait doubles. */
  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (clock), SECONDS (5));
  g_clear_pointer (&status, g_free);
  status = redial_phone_system_dup_status (phone);
  g_assert_true (g_str_has_suffix (status, "Retrying in 10 s"));

  redial_webhook_server_release (squatter);
  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (clock), SECONDS (10));
  g_assert_cmpint (redial_phone_system_get_state (phone), ==, REDIAL_CONNECTION_CONNECTED);

  redial_phone_system_stop (phone);
  g_assert_cmpuint (redial_fake_clock_get_n_pending (REDIAL_FAKE_CLOCK (clock)), ==, 0);
  g_unlink (secret);
  g_rmdir (dir);
}

static void
test_no_secret_auth_failed (void)
{
  g_autoptr(RedialClock) clock = redial_fake_clock_new (START_US);
  g_autoptr(RedialWebhookServer) server = redial_webhook_server_new ("127.0.0.1", 0);
  g_autofree char *dir = g_dir_make_tmp ("redial-webhook-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);
  g_autofree char *shared = write_private_file (dir, "shared", SECRET, 0644);
  const char *files[] = { missing, shared };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(RedialPhoneSystem) phone = redial_webhook_phone_new (clock, server, files[i]);
      g_autofree char *status = NULL;

      redial_phone_system_start (phone);
      wait_while_connecting (phone);
      g_assert_cmpint (redial_phone_system_get_state (phone), ==, REDIAL_CONNECTION_AUTH_FAILED);
      status = redial_phone_system_dup_status (phone);
      g_assert_nonnull (strstr (status, files[i]));
      /* Nothing listens without a secret to check requests with. */
      g_assert_false (redial_webhook_server_is_listening (server));
      redial_phone_system_stop (phone);
    }

  g_unlink (shared);
  g_rmdir (dir);
}

static void
test_settings (void)
{
  static const struct {
    const char *text;
    const char *error;  /* NULL when the settings are fine */
  } cases[] = {
    { "", NULL },
    { "[webhook]\naddress = 0.0.0.0\nport = 9000\nsecret-file = /etc/redial/secret\n", NULL },
    { "[webhook]\naddress = ::1\n", NULL },
    { "[webhook]\naddress = localhost\n", "test.conf: [webhook] address: expected an IP address" },
    { "[webhook]\nport = 0\n", "test.conf: [webhook] port: expected a port number between 1 and 65535" },
    { "[webhook]\nport = 70000\n", "test.conf: [webhook] port: " },
    { "[webhook]\nport = http\n", "test.conf: [webhook] port: " },
    { "[webhook]\nsecret-file = secret.txt\n", "test.conf: [webhook] secret-file: expected the full path" },
  };
  g_autoptr(RedialClock) clock = redial_fake_clock_new (START_US);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GKeyFile) keyfile = g_key_file_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(RedialWebhookServer) server = NULL;
      g_autoptr(RedialPhoneSystem) phone = NULL;

      g_assert_true (g_key_file_load_from_data (keyfile, cases[i].text, -1, G_KEY_FILE_NONE, NULL));
      server = redial_webhook_server_new_from_keyfile (keyfile, "test.conf", &error);
      if (server != NULL)
        phone = redial_webhook_phone_new_from_keyfile (clock, server, keyfile, "test.conf", &error);

      if (cases[i].error == NULL)
        {
          g_assert_no_error (error);
          g_assert_nonnull (phone);
        }
      else
        {
          g_assert_error (error, REDIAL_WEBHOOK_SERVER_ERROR, REDIAL_WEBHOOK_SERVER_ERROR_INVALID);
          if (!g_str_has_prefix (error->message, cases[i].error))
            g_error ("Case %u: “%s”", i, error->message);
        }
    }

  /* This computer only, unless told otherwise. */
  {
    g_autoptr(GKeyFile) keyfile = g_key_file_new ();
    g_autoptr(RedialWebhookServer) server = redial_webhook_server_new_from_keyfile (keyfile, "defaults", NULL);

    g_assert_cmpstr (redial_webhook_server_get_address (server), ==, "127.0.0.1");
    g_assert_cmpuint (redial_webhook_server_get_port (server), ==, 8787);
  }
}

static void
test_check_signature (void)
{
  g_autoptr(GBytes) body = g_bytes_new_static ("{\"id\":\"x\"}", 10);

  /* From: printf '%s' '{"id":"x"}' | openssl dgst -sha256 -hmac test-secret */
  g_assert_true (redial_webhook_phone_check_signature (
    "test-secret", body, "sha256=60b1dbd77ef765eddc44782cb6a0ee9e584dcb14f6144492b03949ba623ed070"));
  g_assert_true (redial_webhook_phone_check_signature (
    "test-secret", body, "SHA256=60B1DBD77EF765EDDC44782CB6A0EE9E584DCB14F6144492B03949BA623ED070"));
  g_assert_false (redial_webhook_phone_check_signature (
    "test-secret", body, "sha256=60b1dbd77ef765eddc44782cb6a0ee9e584dcb14f6144492b03949ba623ed071"));
  g_assert_false (redial_webhook_phone_check_signature (
    "test-secret", body, "sha256=60b1dbd77ef765eddc44782cb6a0ee9e584dcb14f6144492b03949ba623ed07"));
  g_assert_false (redial_webhook_phone_check_signature (
    "test-secret", body, "60b1dbd77ef765eddc44782cb6a0ee9e584dcb14f6144492b03949ba623ed070"));
  g_assert_false (redial_webhook_phone_check_signature ("test-secret", body, NULL));
}

typedef struct
{
  gboolean done;
  gboolean ok;
} Child;

static void
on_child_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Child *child = user_data;

  child->ok = g_subprocess_wait_check_finish (G_SUBPROCESS (source), result, NULL);
  child->done = TRUE;
}

/* The README's curl example, run as written against this server. */
static void
test_readme_example (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *readme_path = g_test_build_filename (G_TEST_DIST, "..", "README.md", NULL);
  g_autofree char *readme = NULL;
  g_autofree char *address = NULL;
  g_autoptr(GString) script = NULL;
  g_autoptr(GSubprocess) shell = NULL;
  g_autoptr(GError) error = NULL;
  const char *start, *end;
  Child child = { FALSE, FALSE };
  RedialCallEvent *event;

  g_autofree char *curl = g_find_program_in_path ("curl");
  g_autofree char *openssl = g_find_program_in_path ("openssl");

  if (curl == NULL || openssl == NULL)
    {
      g_test_skip ("curl and openssl are needed to run the README example");
      return;
    }

  g_assert_true (g_file_get_contents (readme_path, &readme, NULL, NULL));
  end = strstr (readme, "X-Redial-Signature: sha256=$signature");
  g_assert_nonnull (end);
  start = g_strrstr_len (readme, end - readme, "```sh\n");
  g_assert_nonnull (start);
  start += strlen ("```sh\n");
  end = strstr (end, "```");
  g_assert_nonnull (end);

  script = g_string_new_len (start, end - start);
  address = g_strdup_printf ("127.0.0.1:%u", redial_webhook_server_get_port (f->server));
  g_assert_cmpuint (g_string_replace (script, "~/.config/redial/webhook-secret", f->secret_path, 0), ==, 1);
  g_assert_cmpuint (g_string_replace (script, "127.0.0.1:8787", address, 0), ==, 1);
  g_string_prepend (script, "set -eu\n");

  shell = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, "/bin/sh", "-c", script->str, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check_async (shell, NULL, on_child_done, &child);
  http_wait_until (&child.done);
  g_assert_true (child.ok);

  g_assert_cmpuint (f->events->len, ==, 1);
  event = g_ptr_array_index (f->events, 0);
  g_assert_cmpstr (event->provider_call_id, ==, "pbx-1001");
  g_assert_cmpint (event->disposition, ==, REDIAL_DISPOSITION_NO_ANSWER);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, engine) \
  g_test_add (path, Fixture, GINT_TO_POINTER (engine), fixture_setup, func, fixture_teardown)

  ADD ("/webhook/good-signature/call-reported", test_good_signature, FALSE);
  ADD ("/webhook/bad-signature/refused-401", test_bad_signature, FALSE);
  ADD ("/webhook/no-signature/refused-401", test_no_signature, FALSE);
  ADD ("/webhook/malformed-json/refused-400-calls-around-kept", test_malformed_json, FALSE);
  ADD ("/webhook/body-2mib/refused-413", test_body_too_large, FALSE);
  ADD ("/webhook/wrong-content-type/refused-415", test_wrong_content_type, FALSE);
  ADD ("/webhook/replayed-event/stored-once", test_replayed_event, TRUE);
  ADD ("/webhook/server/other-paths-and-methods-refused", test_other_paths_and_methods, FALSE);
  ADD ("/webhook/state/listening-until-stopped", test_listening_state, FALSE);
  g_test_add_func ("/webhook/state/port-busy-retries-with-backoff", test_port_busy_retries);
  g_test_add_func ("/webhook/state/no-secret-auth-failed", test_no_secret_auth_failed);
  g_test_add_func ("/webhook/settings/checked-with-file-group-key", test_settings);
  g_test_add_func ("/webhook/signature/openssl-vector", test_check_signature);
  ADD ("/webhook/readme-example/accepted", test_readme_example, FALSE);

  return g_test_run ();
}
