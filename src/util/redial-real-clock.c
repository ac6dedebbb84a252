/* redial-real-clock.c: the wall clock and the main loop's timers. */
#include "config.h"

#define G_LOG_DOMAIN "redial-util"

#include "redial-real-clock.h"

struct _RedialRealClock
{
  GObject     parent_instance;

  GHashTable *sources;  /* id → GSource, while scheduled */
};

typedef struct
{
  RedialRealClock *clock;  /* unowned: the clock removes its sources in dispose */
  guint            id;
  RedialClockFunc  func;
  gpointer         user_data;
  GDestroyNotify   destroy;
} Timer;

static void redial_real_clock_iface_init (RedialClockInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RedialRealClock, redial_real_clock, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (REDIAL_TYPE_CLOCK,
                                                      redial_real_clock_iface_init))

static gboolean
timer_dispatch (gpointer data)
{
  Timer *timer = data;
  return timer->func (timer->user_data);
}

static void
timer_free (gpointer data)
{
  Timer *timer = data;

  if (timer->clock != NULL)
    g_hash_table_remove (timer->clock->sources, GUINT_TO_POINTER (timer->id));
  if (timer->destroy != NULL)
    timer->destroy (timer->user_data);
  g_free (timer);
}

static gint64
redial_real_clock_now (RedialClock *clock)
{
  return g_get_real_time ();
}

static guint
redial_real_clock_schedule (RedialClock    *clock,
                            gint64          delay_us,
                            RedialClockFunc func,
                            gpointer        user_data,
                            GDestroyNotify  destroy)
{
  RedialRealClock *self = REDIAL_REAL_CLOCK (clock);
  Timer *timer = g_new0 (Timer, 1);
  /* Round up, so that a timer never fires before its time. */
  guint delay_ms = (guint) MIN ((delay_us + 999) / 1000, G_MAXUINT);

  timer->clock = self;
  timer->func = func;
  timer->user_data = user_data;
  timer->destroy = destroy;
  timer->id = g_timeout_add_full (G_PRIORITY_DEFAULT, delay_ms, timer_dispatch, timer, timer_free);
  g_source_set_name_by_id (timer->id, "[redial] clock timer");
  g_hash_table_insert (self->sources, GUINT_TO_POINTER (timer->id), timer);
  return timer->id;
}

static void
redial_real_clock_cancel (RedialClock *clock,
                          guint        id)
{
  RedialRealClock *self = REDIAL_REAL_CLOCK (clock);

  /* A timer that already ran out is no longer in the table: nothing to do. */
  if (g_hash_table_contains (self->sources, GUINT_TO_POINTER (id)))
    g_source_remove (id);
}

static void
redial_real_clock_iface_init (RedialClockInterface *iface)
{
  iface->now = redial_real_clock_now;
  iface->schedule = redial_real_clock_schedule;
  iface->cancel = redial_real_clock_cancel;
}

static void
redial_real_clock_dispose (GObject *object)
{
  RedialRealClock *self = REDIAL_REAL_CLOCK (object);
  GHashTableIter iter;
  gpointer key;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint));

  g_hash_table_iter_init (&iter, self->sources);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint id = GPOINTER_TO_UINT (key);
      g_array_append_val (ids, id);
    }
  for (guint i = 0; i < ids->len; i++)
    g_source_remove (g_array_index (ids, guint, i));

  G_OBJECT_CLASS (redial_real_clock_parent_class)->dispose (object);
}

static void
redial_real_clock_finalize (GObject *object)
{
  RedialRealClock *self = REDIAL_REAL_CLOCK (object);

  g_hash_table_unref (self->sources);

  G_OBJECT_CLASS (redial_real_clock_parent_class)->finalize (object);
}

static void
redial_real_clock_class_init (RedialRealClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = redial_real_clock_dispose;
  object_class->finalize = redial_real_clock_finalize;
}

static void
redial_real_clock_init (RedialRealClock *self)
{
  self->sources = g_hash_table_new (g_direct_hash, g_direct_equal);
}

RedialClock *
redial_real_clock_new (void)
{
  return g_object_new (REDIAL_TYPE_REAL_CLOCK, NULL);
}
