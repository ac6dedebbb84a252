/* test-backends.c: the backends the settings name, wired by the context as the window and the service wire them. */
#include "config.h"

#include <glib/gstdio.h>

#include "http-client.h"
#include "redial-context.h"
#include "redial-fake-clock.h"
#include "redial-test-util.h"
#include "servers/twilio-server.h"

#define ACCOUNT_SID "AC00000000000000000000000000000001"
#define AUTH_TOKEN "test-auth-token"
#define PUBLIC_URL "https://desk.example.com"
#define OUR_NUMBER "+13125550100"

/* A port nothing listens on now, for the webhook server. */
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

static char *
form (GHashTable *params)
{
  return soup_form_encode_hash (params);
}

static void
test_sms_webhooks_routed (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = redial_test_make_dir ();
  g_autofree char *token_file = g_build_filename (dir, "token", NULL);
  g_autofree char *db = g_build_filename (dir, "redial.db", NULL);
  TwilioServer *server = twilio_server_new (ACCOUNT_SID, AUTH_TOKEN);
  guint port = free_port ();
  g_autofree char *conf = NULL;
  g_autoptr(RedialConfig) config = NULL;
  g_autoptr(RedialClock) clock = redial_fake_clock_new (G_GINT64_CONSTANT (1795615200000000));
  g_autoptr(RedialContext) context = NULL;
  RedialStore *store;
  RedialEngine *engine;
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *sid = NULL;
  g_autofree char *url = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_assert_true (g_file_set_contents (token_file, AUTH_TOKEN "\n", -1, NULL));
  g_assert_cmpint (g_chmod (token_file, 0600), ==, 0);
  conf = g_strdup_printf ("[business]\nname = Acme Plumbing\n"
                          "[sms]\nbackend = twilio\nfrom = %s\n"
                          "[twilio]\nbase-url = %s\naccount-sid = %s\nauth-token-file = %s\n"
                          "public-url = %s\n"
                          "[webhook]\nport = %u\n"
                          "[store]\npath = %s\n",
                          OUR_NUMBER, twilio_server_get_url (server), ACCOUNT_SID, token_file,
                          PUBLIC_URL, port, db);
  config = redial_config_load_from_data (conf, "test.conf", &error);
  g_assert_no_error (error);

  context = redial_context_new (config, clock);
  g_assert_true (redial_context_open (context, &error));
  g_assert_no_error (error);
  g_assert_nonnull (redial_context_get_webhook_server (context));
  g_assert_nonnull (redial_context_get_sms_gateway (context));
  g_assert_true (redial_webhook_server_is_listening (redial_context_get_webhook_server (context)));
  g_assert_cmpstr (redial_context_get_store_path (context), ==, db);

  store = redial_context_get_store (context);
  engine = redial_context_get_engine (context);
  g_assert_true (redial_context_start (context, &error));

  /* Twilio posts an inbound text, signed for the public address. */
  sid = twilio_server_add_inbound (server, "+12125550110", OUR_NUMBER, "Yes please call me",
                                   redial_clock_now (clock));
  twilio_server_inbound_webhook (server, sid, PUBLIC_URL "/twilio/sms/inbound", &params, &signature);
  url = g_strdup_printf ("http://127.0.0.1:%u/twilio/sms/inbound", port);
  body = form (params);
  bytes = g_bytes_new (body, strlen (body));

  {
    const char *forged[] = { "X-Twilio-Signature", "bm90IGEgc2lnbmF0dXJl", NULL };
    g_autoptr(HttpReply) reply = http_send ("POST", url, "application/x-www-form-urlencoded", bytes, forged);

    g_assert_cmpuint (reply->status, ==, 403);
  }
  {
    const char *signed_headers[] = { "X-Twilio-Signature", signature, NULL };
    g_autoptr(HttpReply) reply = http_send ("POST", url, "application/x-www-form-urlencoded", bytes,
                                            signed_headers);

    g_assert_cmpuint (reply->status, ==, 200);
    g_assert_nonnull (strstr (reply->body, "<Response/>"));
  }
  {
    const char *signed_headers[] = { "X-Twilio-Signature", signature, NULL };
    g_autoptr(HttpReply) again = http_send ("POST", url, "application/x-www-form-urlencoded", bytes,
                                            signed_headers);

    /* Delivered twice (and seen by polling too), the text lands once. */
    g_assert_cmpuint (again->status, ==, 200);
    g_assert_cmpuint (g_list_model_get_n_items (redial_engine_get_queue (engine)), ==, 1);
    g_assert_cmpint (redial_store_count (store, REDIAL_STORE_COUNT_MESSAGES), ==, 1);
  }

  redial_context_stop (context);
  g_clear_object (&context);
  twilio_server_free (server);
  redial_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/backends/twilio-sms/webhooks-routed-and-checked", test_sms_webhooks_routed);

  return g_test_run ();
}
