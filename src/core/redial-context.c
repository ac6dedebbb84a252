/* redial-context.c: the settings, clock, store, backends and engine of one Redial, wired once. */
#include "config.h"

#define G_LOG_DOMAIN "redial-core"

#include <glib/gi18n.h>

#include "redial-backends.h"
#include "redial-caldav-publisher.h"
#include "redial-context.h"
#include "redial-demo-script.h"
#include "redial-pg-store.h"
#include "redial-real-clock.h"
#include "redial-secret.h"
#include "redial-service-lock.h"
#include "redial-shared-settings.h"
#include "redial-twilio-sms.h"
#include "redial-twilio-voice.h"

/* How often a desk looks whether the office's --service started or stopped. */
#define SERVICE_CHECK_US (10 * G_USEC_PER_SEC)
/* Desks sharing a database look for the office lock more often: when
 * its holder dies, another takes the automation over within this. */
#define OFFICE_CHECK_US (5 * G_USEC_PER_SEC)

struct _RedialContext
{
  GObject              parent_instance;

  RedialConfig        *config;
  RedialClock         *clock;
  char                *store_path;

  RedialStore         *store;
  RedialEngine        *engine;
  RedialWebhookServer *webhooks;
  RedialPhoneSystem   *phone_system;
  RedialSmsGateway    *gateway;
  RedialCaldavPublisher *calendar;    /* NULL without [caldav] url */
  RedialPresence      *presence;
  RedialSharedSettings *shared_settings;  /* NULL without [store] url */

  gboolean             yields;        /* a desk: the automation goes to a --service that runs */
  gboolean             desk_only;     /* a --service runs it now */
  guint                service_check;
};

G_DEFINE_FINAL_TYPE (RedialContext, redial_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONFIG,
  PROP_CLOCK,
  PROP_STORE,
  PROP_ENGINE,
  PROP_PHONE_SYSTEM,
  PROP_SMS_GATEWAY,
  PROP_DESK_ONLY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A change to a case may be a booking, a move or a cancellation: its
 * appointments that changed go to the calendar. */
static void
on_timeline_changed (RedialEngine          *engine,
                     RedialCase            *kase,
                     RedialTimelineItem    *item,
                     RedialCaldavPublisher *calendar)
{
  redial_caldav_publisher_publish_case (calendar, redial_case_get_id (kase));
}

static void
on_phone_status (RedialPhoneSystem *phone_system,
                 GParamSpec        *pspec,
                 RedialContext     *self)
{
  g_autofree char *status = redial_phone_system_dup_status (phone_system);

  /* Without a window, the log is where the link's state is seen. */
  g_message ("Phone system: %s", status);
}

/* Runs the automation here, or leaves it to another Redial (@desk_only). */
static void
apply_desk_only (RedialContext *self,
                 gboolean       desk_only)
{
  if (desk_only == self->desk_only)
    return;

  self->desk_only = desk_only;
  /* A shared store says which Redial took the office lock itself. */
  if (REDIAL_IS_PG_STORE (self->store))
    ;
  else if (desk_only)
    g_message ("The Redial service runs this office's automation: this window is a desk");
  else
    g_message ("The Redial service stopped: this window runs the automation");
  redial_engine_set_automation (self->engine, !desk_only);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESK_ONLY]);
}

/* Hands the automation to the office's --service while one holds its
 * lock, and takes it back when the lock is released; with a shared
 * store, to whichever Redial holds the office lock. */
static void
follow_service (RedialContext *self)
{
  /* Desks sharing a database: whoever holds the office lock runs it. */
  if (REDIAL_IS_PG_STORE (self->store))
    apply_desk_only (self, !redial_pg_store_hold_office_lock (REDIAL_PG_STORE (self->store)));
  else
    apply_desk_only (self, redial_service_lock_is_held (self->store_path));
}

/* The office lock was taken (or lost) between two looks: an office
 * connection that opened took it at once. */
static void
on_office_held (RedialPgStore *store,
                GParamSpec    *pspec,
                RedialContext *self)
{
  if (self->service_check != 0)
    apply_desk_only (self, !redial_pg_store_get_office_held (store));
}

static gboolean
on_service_check (gpointer user_data)
{
  follow_service (user_data);
  return G_SOURCE_CONTINUE;
}

static void
redial_context_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RedialContext *self = REDIAL_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      g_value_set_object (value, self->config);
      break;
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    case PROP_PHONE_SYSTEM:
      g_value_set_object (value, self->phone_system);
      break;
    case PROP_SMS_GATEWAY:
      g_value_set_object (value, self->gateway);
      break;
    case PROP_DESK_ONLY:
      g_value_set_boolean (value, self->desk_only);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_context_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RedialContext *self = REDIAL_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      self->config = g_value_dup_object (value);
      break;
    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_context_constructed (GObject *object)
{
  RedialContext *self = REDIAL_CONTEXT (object);
  const char *path = redial_config_get_store_path (self->config);

  G_OBJECT_CLASS (redial_context_parent_class)->constructed (object);

  if (self->clock == NULL)
    self->clock = redial_real_clock_new ();
  self->store_path = path != NULL ? g_strdup (path) : redial_store_default_path ();
}

static void
redial_context_dispose (GObject *object)
{
  RedialContext *self = REDIAL_CONTEXT (object);

  if (self->clock != NULL)
    redial_clock_clear (self->clock, &self->service_check);
  /* The engine holds the backends: it goes first. */
  g_clear_object (&self->engine);
  g_clear_object (&self->calendar);
  g_clear_object (&self->gateway);
  g_clear_object (&self->phone_system);
  g_clear_object (&self->webhooks);
  g_clear_object (&self->presence);
  g_clear_object (&self->shared_settings);
  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (redial_context_parent_class)->dispose (object);
}

static void
redial_context_finalize (GObject *object)
{
  RedialContext *self = REDIAL_CONTEXT (object);

  g_free (self->store_path);

  G_OBJECT_CLASS (redial_context_parent_class)->finalize (object);
}

static void
redial_context_class_init (RedialContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = redial_context_get_property;
  object_class->set_property = redial_context_set_property;
  object_class->constructed = redial_context_constructed;
  object_class->dispose = redial_context_dispose;
  object_class->finalize = redial_context_finalize;

  properties[PROP_CONFIG] =
    g_param_spec_object ("config", NULL, NULL, REDIAL_TYPE_CONFIG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, REDIAL_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, REDIAL_TYPE_STORE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, REDIAL_TYPE_ENGINE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PHONE_SYSTEM] =
    g_param_spec_object ("phone-system", NULL, NULL, REDIAL_TYPE_PHONE_SYSTEM,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SMS_GATEWAY] =
    g_param_spec_object ("sms-gateway", NULL, NULL, REDIAL_TYPE_SMS_GATEWAY,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Whether the office's redial --service runs the automation, so that
   * this context's engine is a desk only; see
   * redial_context_set_yields_to_service(). */
  properties[PROP_DESK_ONLY] =
    g_param_spec_boolean ("desk-only", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
redial_context_init (RedialContext *self)
{
}

RedialConfig *
redial_context_load_config (const char  *path,
                            GError     **error)
{
  g_autofree char *default_path = NULL;

  if (path != NULL)
    return redial_config_load (path, error);

  default_path = redial_config_default_path ();
  if (g_file_test (default_path, G_FILE_TEST_EXISTS))
    return redial_config_load (default_path, error);

  return redial_config_new ();
}

RedialContext *
redial_context_new (RedialConfig *config,
                    RedialClock  *clock)
{
  g_return_val_if_fail (REDIAL_IS_CONFIG (config), NULL);
  g_return_val_if_fail (clock == NULL || REDIAL_IS_CLOCK (clock), NULL);

  return g_object_new (REDIAL_TYPE_CONTEXT,
                       "config", config,
                       "clock", clock,
                       NULL);
}

RedialPgStore *
redial_context_connect_shared_store (RedialContext  *self,
                                     const char     *url,
                                     GError        **error)
{
  g_auto(RedialSecretString) password = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *file;

  g_return_val_if_fail (REDIAL_IS_CONTEXT (self), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  file = redial_config_get_store_password_file (self->config);
  /* A file named in the settings must be there; without one, a keyring
   * that has no password for the store (or no keyring) leaves it to libpq. */
  password = redial_secret_load ("store/password", file, &local_error);
  if (password == NULL && file != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (password == NULL)
    g_debug ("No password for the store in the keyring (%s): libpq looks for one", local_error->message);

  return redial_pg_store_open (url, password, error);
}

/* The office's shared store, following the other desks' changes on this
 * thread's main context. */
static RedialStore *
open_shared_store (RedialContext  *self,
                   GError        **error)
{
  g_autoptr(RedialPgStore) store = NULL;

  store = redial_context_connect_shared_store (self, redial_config_get_store_url (self->config), error);
  if (store == NULL || !redial_pg_store_listen (store, error))
    return NULL;
  return REDIAL_STORE (g_steal_pointer (&store));
}

gboolean
redial_context_open_store (RedialContext  *self,
                           GError        **error)
{
  g_return_val_if_fail (REDIAL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->store != NULL)
    return TRUE;

  if (redial_config_get_store_url (self->config) != NULL)
    self->store = open_shared_store (self, error);
  else
    self->store = redial_store_open (self->store_path, error);
  if (self->store == NULL)
    return FALSE;

  /* Desks sharing a store go by its business settings, not their files'. */
  if (REDIAL_IS_PG_STORE (self->store))
    {
      self->shared_settings = redial_shared_settings_new (self->config, self->store, self->clock);
      if (!redial_shared_settings_sync (self->shared_settings, error))
        {
          g_clear_object (&self->shared_settings);
          g_clear_object (&self->store);
          return FALSE;
        }
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
  return TRUE;
}

gboolean
redial_context_open (RedialContext  *self,
                     GError        **error)
{
  g_autoptr(RedialEngine) engine = NULL;
  g_autoptr(RedialDemoScript) script = NULL;
  g_autoptr(RedialWebhookServer) webhooks = NULL;
  g_autoptr(RedialPhoneSystem) phone = NULL;
  g_autoptr(RedialSmsGateway) gateway = NULL;
  g_autoptr(RedialCaldavPublisher) calendar = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (REDIAL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (self->engine == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!redial_context_open_store (self, error))
    return FALSE;

  engine = redial_engine_new (self->config, self->store, self->clock);
  script = redial_demo_script_new (redial_config_get_region (self->config));

  /* One server for every backend that takes webhooks; its errors, like
   * the backends', name the settings file, group and key. */
  webhooks = redial_backends_create_webhook_server (self->config, &local_error);
  if (local_error == NULL)
    phone = redial_backends_create_phone_system (self->config, self->clock, script, webhooks,
                                                 self->store_path, &local_error);
  if (local_error == NULL)
    gateway = redial_backends_create_sms_gateway (self->config, self->clock, script, webhooks,
                                                  &local_error);
  if (local_error == NULL)
    calendar = redial_caldav_publisher_new_from_keyfile (self->clock, self->store,
                                                         redial_config_get_time_zone (self->config),
                                                         redial_config_get_keyfile (self->config),
                                                         redial_config_get_source (self->config),
                                                         &local_error);
  if (local_error != NULL)
    {
      /* The message already names the file, group and key. */
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  redial_engine_set_phone_system (engine, phone);
  redial_engine_set_sms_gateway (engine, gateway);

  self->webhooks = g_steal_pointer (&webhooks);
  self->phone_system = g_steal_pointer (&phone);
  self->gateway = g_steal_pointer (&gateway);
  self->calendar = g_steal_pointer (&calendar);
  self->engine = g_steal_pointer (&engine);
  /* Who is at this desk: the person the engine signs texts for. */
  self->presence = redial_presence_new (self->store, self->clock);
  g_object_bind_property (self->engine, "agent-name", self->presence, "name", G_BINDING_SYNC_CREATE);
  if (self->phone_system != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHONE_SYSTEM]);
  if (self->gateway != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SMS_GATEWAY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
  return TRUE;
}

gboolean
redial_context_start (RedialContext  *self,
                      GError        **error)
{
  g_return_val_if_fail (REDIAL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (self->engine != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (REDIAL_IS_PG_STORE (self->store))
    g_signal_connect_object (self->store, "notify::office-held", G_CALLBACK (on_office_held), self, 0);
  if (self->yields || REDIAL_IS_PG_STORE (self->store))
    {
      follow_service (self);
      self->service_check = redial_clock_schedule (self->clock,
                                                   REDIAL_IS_PG_STORE (self->store) ? OFFICE_CHECK_US
                                                                                    : SERVICE_CHECK_US,
                                                   on_service_check, self, NULL);
    }
  if (!redial_engine_start (self->engine, error))
    {
      redial_clock_clear (self->clock, &self->service_check);
      return FALSE;
    }
  /* A desk tells the others who is here; the service is nobody. */
  if (self->yields)
    redial_presence_start (self->presence);

  if (redial_config_get_store_url (self->config) != NULL)
    {
      g_autofree char *shared = redial_pg_store_redact_url (redial_config_get_store_url (self->config));

      g_message ("Redial %s started on %s", PACKAGE_VERSION, shared);
    }
  else
    g_message ("Redial %s started on %s", PACKAGE_VERSION, self->store_path);

  if (self->calendar != NULL)
    {
      g_signal_connect_object (self->engine, "timeline-changed", G_CALLBACK (on_timeline_changed),
                               self->calendar, 0);
      redial_caldav_publisher_start (self->calendar);
    }

  if (self->phone_system != NULL)
    {
      g_signal_connect_object (self->phone_system, "notify::status", G_CALLBACK (on_phone_status), self, 0);
      /* A backend may have got where it is while the engine started. */
      on_phone_status (self->phone_system, NULL, self);
    }
  return TRUE;
}

void
redial_context_stop (RedialContext *self)
{
  g_return_if_fail (REDIAL_IS_CONTEXT (self));

  redial_clock_clear (self->clock, &self->service_check);
  if (self->presence != NULL)
    redial_presence_stop (self->presence);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, on_office_held, self);
  if (self->phone_system != NULL)
    g_signal_handlers_disconnect_by_func (self->phone_system, on_phone_status, self);
  if (self->engine != NULL && self->calendar != NULL)
    g_signal_handlers_disconnect_by_func (self->engine, on_timeline_changed, self->calendar);
  if (self->engine != NULL)
    redial_engine_stop (self->engine);
}

RedialConfig *
redial_context_get_config (RedialContext *self)
{
  g_return_val_if_fail (REDIAL_IS_CONTEXT (self), NULL);
  return self->config;
}

RedialClock *
redial_context_get_clock (RedialContext *self)
{
  g_return_val_if_fail (REDIAL_IS_CONTEXT (self), NULL);
  return self->clock;
}

const char *
redial_context_get_store_path (RedialContext *self)
{
  g_return_val_if_fail (REDIAL_IS_CONTEXT (self), NULL);
  return self->store_path;
}

RedialStore *
redial_context_get_store (RedialContext *self)
{
  g_return_val_if_fail (REDIAL_IS_CONTEXT (self), NULL);
  return self->store;
}

RedialEngine *
redial_context_get_engine (RedialContext *self)
{
  g_return_val_if_fail (REDIAL_IS_CONTEXT (self), NULL);
  return self->engine;
}

RedialPresence *
redial_context_get_presence (RedialContext *self)
{
  g_return_val_if_fail (REDIAL_IS_CONTEXT (self), NULL);
  return self->presence;
}

RedialWebhookServer *
redial_context_get_webhook_server (RedialContext *self)
{
  g_return_val_if_fail (REDIAL_IS_CONTEXT (self), NULL);
  return self->webhooks;
}

RedialPhoneSystem *
redial_context_get_phone_system (RedialContext *self)
{
  g_return_val_if_fail (REDIAL_IS_CONTEXT (self), NULL);
  return self->phone_system;
}

RedialSmsGateway *
redial_context_get_sms_gateway (RedialContext *self)
{
  g_return_val_if_fail (REDIAL_IS_CONTEXT (self), NULL);
  return self->gateway;
}

RedialCaldavPublisher *
redial_context_get_calendar_publisher (RedialContext *self)
{
  g_return_val_if_fail (REDIAL_IS_CONTEXT (self), NULL);
  return self->calendar;
}

void
redial_context_set_yields_to_service (RedialContext *self,
                                      gboolean       yields)
{
  g_return_if_fail (REDIAL_IS_CONTEXT (self));

  self->yields = !!yields;
}

gboolean
redial_context_get_desk_only (RedialContext *self)
{
  g_return_val_if_fail (REDIAL_IS_CONTEXT (self), FALSE);
  return self->desk_only;
}

gboolean
redial_context_needs_secret (RedialContext *self,
                             const char    *name)
{
  g_return_val_if_fail (REDIAL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return redial_backends_need_secret (self->config, name);
}

void
redial_context_use_secret (RedialContext *self,
                           const char    *name,
                           const char    *secret)
{
  g_return_if_fail (REDIAL_IS_CONTEXT (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (secret != NULL);

  if (g_str_equal (name, REDIAL_CALDAV_PASSWORD_NAME) && self->calendar != NULL)
    redial_caldav_publisher_set_password (self->calendar, secret);
  /* The others read theirs each time they connect. */
  if (!g_str_equal (name, REDIAL_TWILIO_AUTH_TOKEN_NAME))
    return;
  if (REDIAL_IS_TWILIO_SMS (self->gateway))
    redial_twilio_sms_set_auth_token (REDIAL_TWILIO_SMS (self->gateway), secret);
  if (REDIAL_IS_TWILIO_VOICE (self->phone_system))
    redial_twilio_voice_set_auth_token (REDIAL_TWILIO_VOICE (self->phone_system), secret);
}

RedialSharedSettings *
redial_context_get_shared_settings (RedialContext *self)
{
  g_return_val_if_fail (REDIAL_IS_CONTEXT (self), NULL);
  return self->shared_settings;
}
