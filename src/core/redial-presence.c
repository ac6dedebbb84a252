/* redial-presence.c: this desk's presence on the store, and the other desks' as they come and go. */
#include "config.h"

#define G_LOG_DOMAIN "redial-presence"

#include "redial-presence.h"

struct _RedialPresence
{
  GObject      parent_instance;

  RedialStore *store;
  RedialClock *clock;
  char        *desk_id;
  char        *name;       /* as set: may be empty */
  char        *host;
  gint64       open_case;

  GPtrArray   *others;     /* of RedialDeskPresence */
  guint        refresh;
  gulong       changed_handler;
  gboolean     started;
};

G_DEFINE_FINAL_TYPE (RedialPresence, redial_presence, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_OPEN_CASE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The user's real name, or their login when the system has none. */
static const char *
fallback_name (void)
{
  const char *real = g_get_real_name ();

  return real != NULL && *real != '\0' && !g_str_equal (real, "Unknown") ? real : g_get_user_name ();
}

static gboolean
same_desks (GPtrArray *a,
            GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!redial_desk_presence_same (a->pdata[i], b->pdata[i]))
      return FALSE;
  return TRUE;
}

/* Re-reads the other desks; ::changed when anything but their last
 * seen times changed. */
static void
reread (RedialPresence *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) desks = redial_store_list_desks (self->store, redial_clock_now (self->clock), &error);
  g_autoptr(GPtrArray) others = NULL;

  if (desks == NULL)
    {
      g_debug ("Cannot read who is at the other desks: %s", error->message);
      return;
    }
  others = g_ptr_array_new_with_free_func ((GDestroyNotify) redial_desk_presence_free);
  for (guint i = 0; i < desks->len; i++)
    {
      RedialDeskPresence *desk = desks->pdata[i];

      if (!g_str_equal (desk->desk_id, self->desk_id))
        g_ptr_array_add (others, redial_desk_presence_copy (desk));
    }

  if (same_desks (self->others, others))
    return;
  g_ptr_array_unref (self->others);
  self->others = g_steal_pointer (&others);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
announce (RedialPresence *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialDeskPresence) desk = NULL;

  if (!self->started)
    return;
  desk = redial_desk_presence_new (self->desk_id, redial_presence_get_name (self), self->host,
                                   self->open_case, redial_clock_now (self->clock));
  /* The network may be gone for a while: the next refresh says it again. */
  if (!redial_store_announce_desk (self->store, desk, &error))
    g_debug ("Cannot tell the other desks who is here: %s", error->message);
}

static gboolean
on_refresh (gpointer user_data)
{
  RedialPresence *self = user_data;

  announce (self);
  reread (self);
  return G_SOURCE_CONTINUE;
}

static void
on_presence_changed (RedialPresence *self,
                     RedialStore    *store)
{
  reread (self);
}

static void
redial_presence_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RedialPresence *self = REDIAL_PRESENCE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, redial_presence_get_name (self));
      break;
    case PROP_OPEN_CASE:
      g_value_set_int64 (value, self->open_case);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_presence_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  RedialPresence *self = REDIAL_PRESENCE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      redial_presence_set_name (self, g_value_get_string (value));
      break;
    case PROP_OPEN_CASE:
      redial_presence_set_open_case (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_presence_dispose (GObject *object)
{
  RedialPresence *self = REDIAL_PRESENCE (object);

  if (self->clock != NULL)
    redial_clock_clear (self->clock, &self->refresh);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_handler, self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (redial_presence_parent_class)->dispose (object);
}

static void
redial_presence_finalize (GObject *object)
{
  RedialPresence *self = REDIAL_PRESENCE (object);

  g_free (self->desk_id);
  g_free (self->name);
  g_free (self->host);
  g_clear_pointer (&self->others, g_ptr_array_unref);

  G_OBJECT_CLASS (redial_presence_parent_class)->finalize (object);
}

static void
redial_presence_class_init (RedialPresenceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = redial_presence_get_property;
  object_class->set_property = redial_presence_set_property;
  object_class->dispose = redial_presence_dispose;
  object_class->finalize = redial_presence_finalize;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OPEN_CASE] =
    g_param_spec_int64 ("open-case", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RedialPresence::changed:
   *
   * The other desks changed: one came or went, or opened or put down a
   * case (see redial_presence_get_others()).
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
redial_presence_init (RedialPresence *self)
{
  self->desk_id = g_uuid_string_random ();
  self->host = g_strdup (g_get_host_name ());
  self->others = g_ptr_array_new_with_free_func ((GDestroyNotify) redial_desk_presence_free);
}

RedialPresence *
redial_presence_new (RedialStore *store,
                     RedialClock *clock)
{
  RedialPresence *self;

  g_return_val_if_fail (REDIAL_IS_STORE (store), NULL);
  g_return_val_if_fail (REDIAL_IS_CLOCK (clock), NULL);

  self = g_object_new (REDIAL_TYPE_PRESENCE, NULL);
  self->store = g_object_ref (store);
  self->clock = g_object_ref (clock);
  return self;
}

void
redial_presence_start (RedialPresence *self)
{
  g_return_if_fail (REDIAL_IS_PRESENCE (self));

  if (self->started)
    return;
  self->started = TRUE;
  self->changed_handler = g_signal_connect_object (self->store, "presence-changed",
                                                   G_CALLBACK (on_presence_changed), self, G_CONNECT_SWAPPED);
  self->refresh = redial_clock_schedule (self->clock, REDIAL_DESK_REFRESH_US, on_refresh, self, NULL);
  announce (self);
  reread (self);
}

void
redial_presence_stop (RedialPresence *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (REDIAL_IS_PRESENCE (self));

  if (!self->started)
    return;
  self->started = FALSE;
  redial_clock_clear (self->clock, &self->refresh);
  g_clear_signal_handler (&self->changed_handler, self->store);
  /* Gone for the others at once, not 30 s from now. */
  if (!redial_store_withdraw_desk (self->store, self->desk_id, &error))
    g_debug ("Cannot tell the other desks this one quits: %s", error->message);
}

const char *
redial_presence_get_desk_id (RedialPresence *self)
{
  g_return_val_if_fail (REDIAL_IS_PRESENCE (self), NULL);
  return self->desk_id;
}

const char *
redial_presence_get_name (RedialPresence *self)
{
  g_return_val_if_fail (REDIAL_IS_PRESENCE (self), NULL);
  return self->name != NULL && *self->name != '\0' ? self->name : fallback_name ();
}

void
redial_presence_set_name (RedialPresence *self,
                          const char     *name)
{
  g_return_if_fail (REDIAL_IS_PRESENCE (self));

  if (g_strcmp0 (self->name, name) == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name);
  announce (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

gint64
redial_presence_get_open_case (RedialPresence *self)
{
  g_return_val_if_fail (REDIAL_IS_PRESENCE (self), 0);
  return self->open_case;
}

void
redial_presence_set_open_case (RedialPresence *self,
                               gint64          case_id)
{
  g_return_if_fail (REDIAL_IS_PRESENCE (self));
  g_return_if_fail (case_id >= 0);

  if (self->open_case == case_id)
    return;
  self->open_case = case_id;
  announce (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPEN_CASE]);
}

GPtrArray *
redial_presence_get_others (RedialPresence *self)
{
  g_return_val_if_fail (REDIAL_IS_PRESENCE (self), NULL);
  return self->others;
}

GPtrArray *
redial_presence_list_case (RedialPresence *self,
                           gint64          case_id)
{
  GPtrArray *desks;

  g_return_val_if_fail (REDIAL_IS_PRESENCE (self), NULL);

  desks = g_ptr_array_new ();
  if (case_id <= 0)
    return desks;
  for (guint i = 0; i < self->others->len; i++)
    {
      RedialDeskPresence *desk = self->others->pdata[i];

      if (desk->case_id == case_id)
        g_ptr_array_add (desks, desk);
    }
  return desks;
}
