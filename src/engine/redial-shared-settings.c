/* redial-shared-settings.c: a desk going by the business settings kept in the shared store, and following their changes. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include <glib/gi18n.h>

#include "redial-shared-settings.h"

struct _RedialSharedSettings
{
  GObject       parent_instance;

  RedialConfig *config;
  RedialStore  *store;
  RedialClock  *clock;
  gint64        version;
};

G_DEFINE_FINAL_TYPE (RedialSharedSettings, redial_shared_settings, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* How the store's settings are named in messages. */
static char *
describe (gint64 version)
{
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, version);

  /* TRANSLATORS: how the settings kept in the shared database are named in errors */
  return g_strdup_printf (_("The shared business settings (version %s)"), number);
}

/* Brings version @version, @data, into the desk's settings. */
static gboolean
apply (RedialSharedSettings  *self,
       gint64                 version,
       const char            *data,
       gboolean               first,
       GError               **error)
{
  g_autofree char *source = describe (version);
  g_autoptr(RedialConfig) shared = NULL;
  g_auto(GStrv) overridden = NULL;

  shared = redial_config_new_with_shared (self->config, data, source, first ? &overridden : NULL, error);
  if (shared == NULL)
    return FALSE;

  /* Never silently: the file says one thing, the desk does another. */
  if (overridden != NULL && overridden[0] != NULL)
    {
      g_autofree char *keys = g_strjoinv (", ", overridden);

      g_message ("%s: the shared business settings (version %" G_GINT64_FORMAT ") are used instead of "
                 "these keys of the file: %s", redial_config_get_source (self->config), version, keys);
    }

  redial_config_update (self->config, shared);
  self->version = version;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION]);
  return TRUE;
}

/* Reads the newest version and brings it in when it is newer than the
 * one the desk goes by. */
static gboolean
refresh (RedialSharedSettings  *self,
         GError               **error)
{
  g_autofree char *data = NULL;
  g_autofree char *by = NULL;
  gint64 version = 0;

  if (!redial_store_get_settings (self->store, &version, &data, &by, NULL, error))
    return FALSE;
  if (version <= self->version || data == NULL)
    return TRUE;
  if (!apply (self, version, data, FALSE, error))
    return FALSE;
  g_message ("Now going by the business settings %s wrote (version %" G_GINT64_FORMAT ")", by, version);
  return TRUE;
}

static void
on_settings_changed (RedialStore          *store,
                     gint64                version,
                     RedialSharedSettings *self)
{
  g_autoptr(GError) error = NULL;

  /* This desk's own, or one it read already. */
  if (version != 0 && version <= self->version)
    return;
  /* A version that cannot be used leaves the desk as it was, and says so. */
  if (!refresh (self, &error))
    g_message ("The new business settings were not taken: %s", error->message);
}

static void
redial_shared_settings_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  RedialSharedSettings *self = REDIAL_SHARED_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_VERSION:
      g_value_set_int64 (value, self->version);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_shared_settings_dispose (GObject *object)
{
  RedialSharedSettings *self = REDIAL_SHARED_SETTINGS (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, on_settings_changed, self);
  g_clear_object (&self->store);
  g_clear_object (&self->config);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (redial_shared_settings_parent_class)->dispose (object);
}

static void
redial_shared_settings_class_init (RedialSharedSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = redial_shared_settings_get_property;
  object_class->dispose = redial_shared_settings_dispose;

  properties[PROP_VERSION] =
    g_param_spec_int64 ("version", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
redial_shared_settings_init (RedialSharedSettings *self)
{
}

RedialSharedSettings *
redial_shared_settings_new (RedialConfig *config,
                            RedialStore  *store,
                            RedialClock  *clock)
{
  RedialSharedSettings *self;

  g_return_val_if_fail (REDIAL_IS_CONFIG (config), NULL);
  g_return_val_if_fail (REDIAL_IS_STORE (store), NULL);
  g_return_val_if_fail (REDIAL_IS_CLOCK (clock), NULL);

  self = g_object_new (REDIAL_TYPE_SHARED_SETTINGS, NULL);
  self->config = g_object_ref (config);
  self->store = g_object_ref (store);
  self->clock = g_object_ref (clock);
  return self;
}

gboolean
redial_shared_settings_sync (RedialSharedSettings  *self,
                             GError               **error)
{
  g_return_val_if_fail (REDIAL_IS_SHARED_SETTINGS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Two desks starting on a new store at once: one seeds, the other
   * takes what it wrote. */
  for (guint attempt = 0; self->version == 0; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *data = NULL;
      g_autofree char *who = NULL;
      g_autofree char *seed = NULL;
      gint64 version = 0;

      if (!redial_store_get_settings (self->store, &version, &data, NULL, NULL, error))
        return FALSE;
      if (version > 0)
        {
          if (!apply (self, version, data, TRUE, error))
            return FALSE;
          break;
        }

      seed = redial_config_to_shared (self->config, error);
      who = redial_shared_settings_who ();
      if (seed == NULL)
        return FALSE;
      if (redial_store_put_settings (self->store, seed, 0, who, redial_clock_now (self->clock), &version,
                                     &local_error))
        {
          g_message ("The shared store had no business settings: it has those of %s now (version %"
                     G_GINT64_FORMAT ")", redial_config_get_source (self->config), version);
          self->version = version;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION]);
          break;
        }
      if (!g_error_matches (local_error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_STALE) || attempt > 2)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  g_signal_handlers_disconnect_by_func (self->store, on_settings_changed, self);
  g_signal_connect_object (self->store, "settings-changed", G_CALLBACK (on_settings_changed), self, 0);
  return TRUE;
}

gint64
redial_shared_settings_get_version (RedialSharedSettings *self)
{
  g_return_val_if_fail (REDIAL_IS_SHARED_SETTINGS (self), 0);
  return self->version;
}

char *
redial_shared_settings_who (void)
{
  return g_strdup_printf ("%s@%s", g_get_user_name (), g_get_host_name ());
}

gboolean
redial_shared_settings_push (RedialStore   *store,
                             RedialConfig  *config,
                             const char    *who,
                             gint64         at,
                             gint64        *version,
                             GError       **error)
{
  g_autofree char *data = NULL;
  g_autofree char *current = NULL;
  gint64 newest = 0;

  g_return_val_if_fail (REDIAL_IS_STORE (store), FALSE);
  g_return_val_if_fail (REDIAL_IS_CONFIG (config), FALSE);
  g_return_val_if_fail (who != NULL, FALSE);

  data = redial_config_to_shared (config, error);
  if (data == NULL || !redial_store_get_settings (store, &newest, &current, NULL, NULL, error))
    return FALSE;
  return redial_store_put_settings (store, data, newest, who, at, version, error);
}
