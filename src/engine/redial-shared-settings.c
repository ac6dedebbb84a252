/* redial-shared-settings.c: a desk going by the business settings kept in the shared store, and following their changes. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "redial-shared-settings.h"

struct _RedialSharedSettings
{
  GObject       parent_instance;

  RedialConfig *config;
  RedialStore  *store;
  RedialClock  *clock;
  gint64        version;
  char         *data;        /* the keyfile text of the version in use */
  char         *written_by;
  gint64        written_at;
};

G_DEFINE_FINAL_TYPE (RedialSharedSettings, redial_shared_settings, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_VERSION,
  PROP_WRITTEN_BY,
  PROP_WRITTEN_AT,
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

/* The desk goes by version @version, @data, written by @by at @at now. */
static void
set_in_use (RedialSharedSettings *self,
            gint64                version,
            const char           *data,
            const char           *by,
            gint64                at)
{
  g_free (self->data);
  self->data = g_strdup (data);
  g_free (self->written_by);
  self->written_by = g_strdup (by);
  self->written_at = at;
  self->version = version;
  /* Who and when first: a handler of "version" reads them. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WRITTEN_BY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WRITTEN_AT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION]);
}

/* Brings version @version, @data, into the desk's settings. */
static gboolean
apply (RedialSharedSettings  *self,
       gint64                 version,
       const char            *data,
       const char            *by,
       gint64                 at,
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
  set_in_use (self, version, data, by, at);
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
  gint64 at = 0;

  if (!redial_store_get_settings (self->store, &version, &data, &by, &at, error))
    return FALSE;
  if (version <= self->version || data == NULL)
    return TRUE;
  if (!apply (self, version, data, by, at, FALSE, error))
    return FALSE;
  g_message ("Now going by the business settings %s wrote (version %" G_GINT64_FORMAT ")", by, version);
  return TRUE;
}

/* Writes @config's business settings over version @expected. */
static gboolean
push_over (RedialStore   *store,
           RedialConfig  *config,
           gint64         expected,
           const char    *who,
           gint64         at,
           gint64        *version,
           GError       **error)
{
  g_autofree char *data = redial_config_to_shared (config, error);

  if (data == NULL)
    return FALSE;
  return redial_store_put_settings (store, data, expected, who, at, version, error);
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
    case PROP_WRITTEN_BY:
      g_value_set_string (value, self->written_by);
      break;
    case PROP_WRITTEN_AT:
      g_value_set_int64 (value, self->written_at);
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
redial_shared_settings_finalize (GObject *object)
{
  RedialSharedSettings *self = REDIAL_SHARED_SETTINGS (object);

  g_free (self->data);
  g_free (self->written_by);

  G_OBJECT_CLASS (redial_shared_settings_parent_class)->finalize (object);
}

static void
redial_shared_settings_class_init (RedialSharedSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = redial_shared_settings_get_property;
  object_class->dispose = redial_shared_settings_dispose;
  object_class->finalize = redial_shared_settings_finalize;

  properties[PROP_VERSION] =
    g_param_spec_int64 ("version", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WRITTEN_BY] =
    g_param_spec_string ("written-by", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WRITTEN_AT] =
    g_param_spec_int64 ("written-at", NULL, NULL, 0, G_MAXINT64, 0,
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
      g_autofree char *by = NULL;
      gint64 version = 0;
      gint64 at = 0;

      if (!redial_store_get_settings (self->store, &version, &data, &by, &at, error))
        return FALSE;
      if (version > 0)
        {
          if (!apply (self, version, data, by, at, TRUE, error))
            return FALSE;
          break;
        }

      seed = redial_config_to_shared (self->config, error);
      who = redial_shared_settings_who ();
      if (seed == NULL)
        return FALSE;
      at = redial_clock_now (self->clock);
      if (redial_store_put_settings (self->store, seed, 0, who, at, &version, &local_error))
        {
          g_message ("The shared store had no business settings: it has those of %s now (version %"
                     G_GINT64_FORMAT ")", redial_config_get_source (self->config), version);
          set_in_use (self, version, seed, who, at);
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

const char *
redial_shared_settings_get_written_by (RedialSharedSettings *self)
{
  g_return_val_if_fail (REDIAL_IS_SHARED_SETTINGS (self), NULL);
  return self->written_by;
}

gint64
redial_shared_settings_get_written_at (RedialSharedSettings *self)
{
  g_return_val_if_fail (REDIAL_IS_SHARED_SETTINGS (self), 0);
  return self->written_at;
}

gboolean
redial_shared_settings_save_copy (RedialSharedSettings  *self,
                                  const char            *path,
                                  GError               **error)
{
  g_autofree char *number = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *contents = NULL;

  g_return_val_if_fail (REDIAL_IS_SHARED_SETTINGS (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->data == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _("The shared business settings have not been read yet."));
      return FALSE;
    }

  number = g_strdup_printf ("%" G_GINT64_FORMAT, self->version);
  /* TRANSLATORS: the first lines of a copy of the shared settings, as keyfile comments */
  heading = g_strdup_printf (_("# The business settings every desk goes by (version %s, written by %s).\n"
                               "# Edit them, then use them in Preferences → Business Settings → Use a "
                               "Settings File…, or with redial --push-settings FILE.\n"),
                             number, self->written_by != NULL ? self->written_by : "?");
  contents = g_strconcat (heading, "\n", self->data, NULL);
  return g_file_set_contents (path, contents, -1, error);
}

gboolean
redial_shared_settings_replace (RedialSharedSettings  *self,
                                RedialConfig          *config,
                                gint64                 expected,
                                gint64                *version,
                                GError               **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *who = NULL;
  gint64 written = 0;

  g_return_val_if_fail (REDIAL_IS_SHARED_SETTINGS (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_CONFIG (config), FALSE);
  g_return_val_if_fail (expected >= 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  who = redial_shared_settings_who ();
  if (!push_over (self->store, config, expected, who, redial_clock_now (self->clock), &written, error))
    return FALSE;

  /* Its own change shows on this desk at once, not when the store's
   * announcement comes back. */
  if (!refresh (self, &local_error))
    g_message ("The new business settings were not taken: %s", local_error->message);
  if (version != NULL)
    *version = written;
  return TRUE;
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
  gint64 newest = 0;

  g_return_val_if_fail (REDIAL_IS_STORE (store), FALSE);
  g_return_val_if_fail (REDIAL_IS_CONFIG (config), FALSE);
  g_return_val_if_fail (who != NULL, FALSE);

  if (!redial_store_get_settings (store, &newest, NULL, NULL, NULL, error))
    return FALSE;
  return push_over (store, config, newest, who, at, version, error);
}
