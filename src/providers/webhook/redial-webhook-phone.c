/* redial-webhook-phone.c: a phone system that reports calls as signed JSON posted to Redial. */
#include "config.h"

#define G_LOG_DOMAIN "redial-webhook"

#include <glib/gi18n.h>

#include "redial-enums.h"
#include "redial-json.h"
#include "redial-secret.h"
#include "redial-webhook-phone.h"

#define PROVIDER "webhook"
#define SIGNATURE_PREFIX "sha256="
#define DIGEST_BYTES 32
/* The event is one flat object; anything deeper is not an event. */
#define MAX_JSON_DEPTH 4
#define MAX_ID_BYTES 128
#define MAX_TEXT_BYTES 256
/* Times before this (2000-01-01) or more than a day ahead are typos. */
#define EARLIEST_US G_GINT64_CONSTANT (946684800000000)
#define FUTURE_SLACK_US ((gint64) 24 * 3600 * G_USEC_PER_SEC)
#define FIRST_RETRY_US ((gint64) 5 * G_USEC_PER_SEC)
#define LAST_RETRY_US ((gint64) 60 * G_USEC_PER_SEC)

struct _RedialWebhookPhone
{
  RedialLink             parent_instance;

  RedialClock           *clock;
  RedialWebhookServer   *server;
  char                  *secret_file;
  char                  *secret;
  GCancellable          *loading;  /* the secret being loaded, or NULL */
  gboolean               held;
  guint                  retry;
};

G_DEFINE_FINAL_TYPE_WITH_CODE (RedialWebhookPhone, redial_webhook_phone, REDIAL_TYPE_LINK,
                               G_IMPLEMENT_INTERFACE (REDIAL_TYPE_PHONE_SYSTEM, NULL))

static gboolean try_listen (gpointer user_data);

static void
set_state (RedialWebhookPhone    *self,
           RedialConnectionState  state,
           const char            *status)
{
  redial_link_set_state (REDIAL_LINK (self), state, status);
}

static void
reject (SoupServerMessage *msg,
        guint              status,
        const char        *reason)
{
  g_message ("Webhook call event from %s refused (%u): %s",
             soup_server_message_get_remote_host (msg), status, reason);
  redial_webhook_server_reply (msg, status, reason);
}

gboolean
redial_webhook_phone_check_signature (const char *secret,
                                      GBytes     *body,
                                      const char *header)
{
  g_autoptr(GHmac) hmac = NULL;
  guint8 expected[DIGEST_BYTES];
  guint8 given[DIGEST_BYTES];
  gsize length = sizeof expected;
  const char *hex;

  g_return_val_if_fail (secret != NULL, FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  if (header == NULL || g_ascii_strncasecmp (header, SIGNATURE_PREFIX, strlen (SIGNATURE_PREFIX)) != 0)
    return FALSE;

  /* The length and the alphabet of a signature are public: checking them
   * first reveals nothing about the digest. */
  hex = header + strlen (SIGNATURE_PREFIX);
  if (strlen (hex) != 2 * DIGEST_BYTES)
    return FALSE;
  for (guint i = 0; i < DIGEST_BYTES; i++)
    {
      int high = g_ascii_xdigit_value (hex[2 * i]);
      int low = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (high < 0 || low < 0)
        return FALSE;
      given[i] = (guint8) (high << 4 | low);
    }

  hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) secret, strlen (secret));
  g_hmac_update (hmac, g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body));
  g_hmac_get_digest (hmac, expected, &length);
  g_assert (length == DIGEST_BYTES);

  return redial_secret_equal (expected, given, DIGEST_BYTES);
}

/* Reads an optional string member: absent and null are NULL; anything but
 * a string of at most @max_bytes is an error. */
static gboolean
read_text (JsonObject  *object,
           const char  *member,
           gsize        max_bytes,
           const char **out,
           char       **reason)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      *reason = g_strdup_printf (_("“%s” must be a string"), member);
      return FALSE;
    }

  *out = json_node_get_string (node);
  if (strlen (*out) > max_bytes)
    {
      g_autofree char *limit = g_strdup_printf ("%" G_GSIZE_FORMAT, max_bytes);

      /* The number goes in as text, so that translators see the message. */
      *reason = g_strdup_printf (_("“%s” is longer than %s bytes"), member, limit);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_time (RedialWebhookPhone  *self,
           JsonObject          *object,
           const char          *member,
           gint64              *out,
           char               **reason)
{
  g_autoptr(GDateTime) time = NULL;
  const char *text;
  gint64 value;

  if (!read_text (object, member, 64, &text, reason))
    return FALSE;
  if (text == NULL)
    {
      *out = 0;
      return TRUE;
    }

  /* RFC 3339 needs an offset: without one the time would be guessed. */
  time = g_date_time_new_from_iso8601 (text, NULL);
  if (time == NULL)
    {
      *reason = g_strdup_printf (_("“%s” must be an RFC 3339 time with an offset, such as "
                                   "“2025-11-04T09:15:02-06:00”"), member);
      return FALSE;
    }

  value = g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
  if (value < EARLIEST_US || value > redial_clock_now (self->clock) + FUTURE_SLACK_US)
    {
      *reason = g_strdup_printf (_("“%s” is not a plausible time"), member);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

/* Turns the documented JSON event into a call, or says why it is not one. */
static RedialCallEvent *
parse_event (RedialWebhookPhone  *self,
             GBytes              *body,
             char               **reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(RedialCallEvent) event = NULL;
  const char *id, *caller, *caller_name, *line, *line_label, *disposition;
  RedialDisposition value;
  JsonObject *object;
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  root = redial_json_parse (data, size, MAX_JSON_DEPTH, &error);
  if (root == NULL)
    {
      *reason = g_strdup_printf (_("The body is not JSON: %s"), error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      *reason = g_strdup (_("The body must be one JSON object."));
      return NULL;
    }
  object = json_node_get_object (root);

  event = redial_call_event_new ();
  if (!read_text (object, "id", MAX_ID_BYTES, &id, reason) ||
      !read_text (object, "caller", MAX_TEXT_BYTES, &caller, reason) ||
      !read_text (object, "caller_name", MAX_TEXT_BYTES, &caller_name, reason) ||
      !read_text (object, "line", MAX_TEXT_BYTES, &line, reason) ||
      !read_text (object, "line_label", MAX_TEXT_BYTES, &line_label, reason) ||
      !read_text (object, "disposition", 32, &disposition, reason) ||
      !read_time (self, object, "started_at", &event->started_at, reason) ||
      !read_time (self, object, "ended_at", &event->ended_at, reason))
    return NULL;

  if (id == NULL || *id == '\0')
    {
      *reason = g_strdup (_("“id” is missing: every call needs an identifier that stays the same if it is sent again"));
      return NULL;
    }
  /* The id ends up in log lines, where a line break could forge others. */
  for (const char *c = id; *c != '\0'; c++)
    if (g_ascii_iscntrl (*c))
      {
        *reason = g_strdup (_("“id” must not hold control characters"));
        return NULL;
      }
  if (event->started_at == 0)
    {
      *reason = g_strdup (_("“started_at” is missing"));
      return NULL;
    }
  if (event->ended_at == 0)
    event->ended_at = event->started_at;
  else if (event->ended_at < event->started_at)
    {
      *reason = g_strdup (_("“ended_at” is before “started_at”"));
      return NULL;
    }
  if (!redial_disposition_from_string (disposition, &value))
    {
      *reason = g_strdup (_("“disposition” must be one of answered, no-answer, busy, abandoned, voicemail"));
      return NULL;
    }

  event->provider = g_strdup (PROVIDER);
  event->provider_call_id = g_strdup (id);
  event->caller = g_strdup (caller);
  event->caller_name = g_strdup (caller_name);
  event->line = g_strdup (line);
  event->line_label = g_strdup (line_label);
  event->disposition = value;
  return g_steal_pointer (&event);
}

static gboolean
is_json (SoupServerMessage *msg)
{
  g_autoptr(GHashTable) params = NULL;
  const char *type;
  const char *charset;

  type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), &params);
  if (type == NULL || g_ascii_strcasecmp (type, "application/json") != 0)
    return FALSE;

  charset = params != NULL ? g_hash_table_lookup (params, "charset") : NULL;
  return charset == NULL || g_ascii_strcasecmp (charset, "utf-8") == 0;
}

static void
on_calls_posted (RedialWebhookServer *server,
                 SoupServerMessage   *msg,
                 GBytes              *body,
                 gpointer             user_data)
{
  RedialWebhookPhone *self = user_data;
  g_autoptr(RedialCallEvent) event = NULL;
  g_autofree char *reason = NULL;
  const char *signature;

  if (self->secret == NULL)
    {
      reject (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, _("Redial is not taking calls yet."));
      return;
    }

  /* Nothing about an unsigned request is looked at, not even its type. */
  signature = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                            REDIAL_WEBHOOK_PHONE_SIGNATURE_HEADER);
  if (signature == NULL)
    {
      reject (msg, SOUP_STATUS_UNAUTHORIZED, _("The X-Redial-Signature header is missing."));
      return;
    }
  if (!redial_webhook_phone_check_signature (self->secret, body, signature))
    {
      reject (msg, SOUP_STATUS_UNAUTHORIZED, _("The signature does not match the body."));
      return;
    }

  if (!is_json (msg))
    {
      reject (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, _("The body must be application/json in UTF-8."));
      return;
    }

  event = parse_event (self, body, &reason);
  if (event == NULL)
    {
      reject (msg, SOUP_STATUS_BAD_REQUEST, reason);
      return;
    }

  g_debug ("Webhook call event %s (%s)", event->provider_call_id,
           redial_disposition_to_string (event->disposition));

  /* A call sent again is accepted again: the engine keeps it once. */
  redial_phone_system_emit_call (REDIAL_PHONE_SYSTEM (self), event);
  redial_webhook_server_reply (msg, SOUP_STATUS_OK, _("Accepted"));
}

static void
schedule_retry (RedialWebhookPhone *self,
                const GError       *error)
{
  g_autofree char *status = NULL;
  gint64 delay = redial_link_next_retry (REDIAL_LINK (self), -1);

  g_message ("Webhook phone system: %s", error->message);
  status = g_strdup_printf (_("Cannot open port %u. Retrying in %u s"),
                            redial_webhook_server_get_port (self->server),
                            (guint) (delay / G_USEC_PER_SEC));
  set_state (self, REDIAL_CONNECTION_RETRYING, status);
  self->retry = redial_clock_schedule (self->clock, delay, try_listen, self, NULL);
}

static gboolean
try_listen (gpointer user_data)
{
  RedialWebhookPhone *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;

  self->retry = 0;
  if (!redial_webhook_server_hold (self->server, &error))
    {
      schedule_retry (self, error);
      return G_SOURCE_REMOVE;
    }

  self->held = TRUE;
  redial_link_reset_backoff (REDIAL_LINK (self));
  redial_webhook_server_add_handler (self->server, REDIAL_WEBHOOK_PHONE_PATH,
                                     REDIAL_WEBHOOK_PHONE_SIGNATURE_HEADER, on_calls_posted,
                                     self, NULL);
  status = g_strdup_printf (_("Listening for calls on %s port %u"),
                            redial_webhook_server_get_address (self->server),
                            redial_webhook_server_get_port (self->server));
  set_state (self, REDIAL_CONNECTION_CONNECTED, status);
  return G_SOURCE_REMOVE;
}

static void
on_secret_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RedialWebhookPhone) self = user_data;
  g_autoptr(GError) error = NULL;
  char *secret = redial_secret_load_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->loading);

  if (secret == NULL)
    {
      g_message ("Webhook phone system: no shared secret: %s", error->message);
      set_state (self, REDIAL_CONNECTION_AUTH_FAILED, error->message);
      return;
    }

  g_clear_pointer (&self->secret, redial_secret_free);
  self->secret = secret;
  try_listen (self);
}

static void
redial_webhook_phone_start (RedialLink *link)
{
  RedialWebhookPhone *self = REDIAL_WEBHOOK_PHONE (link);
  RedialConnectionState state = redial_link_get_state (link);

  if (state != REDIAL_CONNECTION_DISCONNECTED && state != REDIAL_CONNECTION_AUTH_FAILED)
    return;

  set_state (self, REDIAL_CONNECTION_CONNECTING, _("Opening the webhook port…"));

  /* Read afresh at each start: it may have been corrected. */
  g_clear_pointer (&self->secret, redial_secret_free);
  self->loading = g_cancellable_new ();
  redial_secret_load_async (REDIAL_WEBHOOK_PHONE_SECRET_NAME, self->secret_file, self->loading,
                            on_secret_loaded, g_object_ref (self));
}

static void
redial_webhook_phone_stop (RedialLink *link)
{
  RedialWebhookPhone *self = REDIAL_WEBHOOK_PHONE (link);

  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  redial_clock_clear (self->clock, &self->retry);
  if (self->held)
    {
      redial_webhook_server_remove_handler (self->server, REDIAL_WEBHOOK_PHONE_PATH);
      redial_webhook_server_release (self->server);
      self->held = FALSE;
    }
  g_clear_pointer (&self->secret, redial_secret_free);
  set_state (self, REDIAL_CONNECTION_DISCONNECTED, _("Webhook phone system stopped"));
}

static void
redial_webhook_phone_dispose (GObject *object)
{
  RedialWebhookPhone *self = REDIAL_WEBHOOK_PHONE (object);

  if (self->clock != NULL)
    redial_clock_clear (self->clock, &self->retry);
  /* The route does not own this object: it must go before the object. */
  if (self->held && self->server != NULL)
    {
      redial_webhook_server_remove_handler (self->server, REDIAL_WEBHOOK_PHONE_PATH);
      redial_webhook_server_release (self->server);
      self->held = FALSE;
    }
  g_clear_object (&self->clock);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (redial_webhook_phone_parent_class)->dispose (object);
}

static void
redial_webhook_phone_finalize (GObject *object)
{
  RedialWebhookPhone *self = REDIAL_WEBHOOK_PHONE (object);

  g_clear_pointer (&self->secret, redial_secret_free);
  g_free (self->secret_file);

  G_OBJECT_CLASS (redial_webhook_phone_parent_class)->finalize (object);
}

static void
redial_webhook_phone_class_init (RedialWebhookPhoneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RedialLinkClass *link_class = REDIAL_LINK_CLASS (klass);

  object_class->dispose = redial_webhook_phone_dispose;
  object_class->finalize = redial_webhook_phone_finalize;

  link_class->start = redial_webhook_phone_start;
  link_class->stop = redial_webhook_phone_stop;
}

static void
redial_webhook_phone_init (RedialWebhookPhone *self)
{
  redial_link_set_state (REDIAL_LINK (self), REDIAL_CONNECTION_DISCONNECTED, _("Webhook phone system stopped"));
  redial_link_set_backoff (REDIAL_LINK (self), FIRST_RETRY_US, LAST_RETRY_US);
}

RedialPhoneSystem *
redial_webhook_phone_new (RedialClock         *clock,
                          RedialWebhookServer *server,
                          const char          *secret_file)
{
  RedialWebhookPhone *self;

  g_return_val_if_fail (REDIAL_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (REDIAL_IS_WEBHOOK_SERVER (server), NULL);

  self = g_object_new (REDIAL_TYPE_WEBHOOK_PHONE, NULL);
  self->clock = g_object_ref (clock);
  self->server = g_object_ref (server);
  self->secret_file = g_strdup (secret_file);
  return REDIAL_PHONE_SYSTEM (self);
}

RedialPhoneSystem *
redial_webhook_phone_new_from_keyfile (RedialClock          *clock,
                                       RedialWebhookServer  *server,
                                       GKeyFile             *keyfile,
                                       const char           *source,
                                       GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *file = NULL;

  g_return_val_if_fail (keyfile != NULL, NULL);
  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_key_file_get_string (keyfile, "webhook", "secret-file", &local_error);
  if (file == NULL && !g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND) &&
      !g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND))
    {
      g_set_error (error, REDIAL_WEBHOOK_SERVER_ERROR, REDIAL_WEBHOOK_SERVER_ERROR_INVALID,
                   _("%s: [%s] %s: %s"), source, "webhook", "secret-file", local_error->message);
      return NULL;
    }

  if (file != NULL)
    {
      g_strstrip (file);
      if (g_str_has_prefix (file, "~/"))
        {
          char *home = g_build_filename (g_get_home_dir (), file + 2, NULL);
          g_free (file);
          file = home;
        }
      if (!g_path_is_absolute (file))
        {
          g_set_error (error, REDIAL_WEBHOOK_SERVER_ERROR, REDIAL_WEBHOOK_SERVER_ERROR_INVALID,
                       _("%s: [%s] %s: %s"), source, "webhook", "secret-file",
                       _("expected the full path of a file, such as “/home/desk/.config/redial/webhook-secret”"));
          return NULL;
        }
    }

  return redial_webhook_phone_new (clock, server, file);
}
