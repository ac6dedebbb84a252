/* redial-fake-clock.c: a clock that moves only when told. */
#include "config.h"

#define G_LOG_DOMAIN "redial-util"

#include "redial-fake-clock.h"

struct _RedialFakeClock
{
  GObject    parent_instance;

  gint64     now;
  guint      last_id;
  GPtrArray *timers;  /* Timer, unordered: there are only ever a few */
};

typedef struct
{
  guint           id;
  gint64          due;
  gint64          delay;
  RedialClockFunc func;
  gpointer        user_data;
  GDestroyNotify  destroy;
} Timer;

static void redial_fake_clock_iface_init (RedialClockInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RedialFakeClock, redial_fake_clock, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (REDIAL_TYPE_CLOCK,
                                                      redial_fake_clock_iface_init))

static void
timer_free (gpointer data)
{
  Timer *timer = data;

  if (timer->destroy != NULL)
    timer->destroy (timer->user_data);
  g_free (timer);
}

/* The earliest timer due at or before @limit (ties by id, so by order of
 * scheduling), or NULL. */
static Timer *
next_due (RedialFakeClock *self,
          gint64           limit)
{
  Timer *best = NULL;

  for (guint i = 0; i < self->timers->len; i++)
    {
      Timer *timer = g_ptr_array_index (self->timers, i);

      if (timer->due > limit)
        continue;
      if (best == NULL || timer->due < best->due ||
          (timer->due == best->due && timer->id < best->id))
        best = timer;
    }

  return best;
}

static gint64
redial_fake_clock_now (RedialClock *clock)
{
  return REDIAL_FAKE_CLOCK (clock)->now;
}

static guint
redial_fake_clock_schedule (RedialClock    *clock,
                            gint64          delay_us,
                            RedialClockFunc func,
                            gpointer        user_data,
                            GDestroyNotify  destroy)
{
  RedialFakeClock *self = REDIAL_FAKE_CLOCK (clock);
  Timer *timer = g_new0 (Timer, 1);

  timer->id = ++self->last_id;
  timer->delay = delay_us;
  timer->due = self->now + delay_us;
  timer->func = func;
  timer->user_data = user_data;
  timer->destroy = destroy;
  g_ptr_array_add (self->timers, timer);
  return timer->id;
}

static void
redial_fake_clock_cancel (RedialClock *clock,
                          guint        id)
{
  RedialFakeClock *self = REDIAL_FAKE_CLOCK (clock);

  for (guint i = 0; i < self->timers->len; i++)
    {
      Timer *timer = g_ptr_array_index (self->timers, i);

      if (timer->id == id)
        {
          g_ptr_array_remove_index_fast (self->timers, i);
          return;
        }
    }
}

static void
redial_fake_clock_iface_init (RedialClockInterface *iface)
{
  iface->now = redial_fake_clock_now;
  iface->schedule = redial_fake_clock_schedule;
  iface->cancel = redial_fake_clock_cancel;
}

static void
redial_fake_clock_finalize (GObject *object)
{
  RedialFakeClock *self = REDIAL_FAKE_CLOCK (object);

  g_ptr_array_unref (self->timers);

  G_OBJECT_CLASS (redial_fake_clock_parent_class)->finalize (object);
}

static void
redial_fake_clock_class_init (RedialFakeClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = redial_fake_clock_finalize;
}

static void
redial_fake_clock_init (RedialFakeClock *self)
{
  self->timers = g_ptr_array_new_with_free_func (timer_free);
}

RedialClock *
redial_fake_clock_new (gint64 start_us)
{
  RedialFakeClock *self = g_object_new (REDIAL_TYPE_FAKE_CLOCK, NULL);

  self->now = start_us;
  return REDIAL_CLOCK (self);
}

void
redial_fake_clock_advance_to (RedialFakeClock *self,
                              gint64           when_us)
{
  Timer *timer;

  g_return_if_fail (REDIAL_IS_FAKE_CLOCK (self));

  g_object_ref (self);

  while ((timer = next_due (self, when_us)) != NULL)
    {
      guint id = timer->id;
      gboolean again;

      self->now = MAX (self->now, timer->due);
      again = timer->func (timer->user_data);

      /* The callback may have cancelled or scheduled timers: look it up again. */
      for (guint i = 0; i < self->timers->len; i++)
        {
          timer = g_ptr_array_index (self->timers, i);
          if (timer->id != id)
            continue;
          if (again && timer->delay > 0)
            timer->due += timer->delay;
          else
            g_ptr_array_remove_index_fast (self->timers, i);
          break;
        }
    }

  self->now = MAX (self->now, when_us);
  g_object_unref (self);
}

void
redial_fake_clock_advance (RedialFakeClock *self,
                           gint64           delta_us)
{
  g_return_if_fail (REDIAL_IS_FAKE_CLOCK (self));
  g_return_if_fail (delta_us >= 0);

  redial_fake_clock_advance_to (self, self->now + delta_us);
}

guint
redial_fake_clock_get_n_pending (RedialFakeClock *self)
{
  g_return_val_if_fail (REDIAL_IS_FAKE_CLOCK (self), 0);
  return self->timers->len;
}
