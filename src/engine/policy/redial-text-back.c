/* redial-text-back.c: the automatic texts to a missed caller: one text-back after a delay, then polite follow-ups outside quiet hours. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include "redial-due-list.h"
#include "redial-hours.h"
#include "redial-quiet-hours.h"
#include "redial-text-back.h"

struct _RedialTextBack
{
  GObject           parent_instance;

  RedialConfig     *config;
  RedialStore      *store;
  RedialClock      *clock;
  RedialOutbox     *outbox;
  RedialQuietHours *quiet_hours;
  GHashTable       *followed;  /* case id → Followed */
  RedialDueList    *due;       /* Followed with a follow-up due, soonest first */
};

/* What the automatic texts of one case wait for. */
typedef struct
{
  RedialDueEntry  due;               /* first: its place in RedialTextBack.due */
  RedialTextBack *self;
  RedialCase     *kase;
  guint           text_back_timer;   /* a delayed text-back, waiting */
  gint64          last_auto_text_at;
} Followed;

G_DEFINE_FINAL_TYPE (RedialTextBack, redial_text_back, G_TYPE_OBJECT)

/* A text-back missed while Redial was stopped is sent after a restart
 * only when the case's last call is this recent: a text days late reads
 * as a mistake. */
#define LATE_TEXT_BACK_US (24 * G_TIME_SPAN_HOUR)
/* A text-back this little past due after a restart goes at once, night or
 * not, as it would have without the stop: the caller has just called. */
#define SLIGHTLY_LATE_US (15 * G_TIME_SPAN_MINUTE)

static void
followed_free (gpointer data)
{
  Followed *followed = data;

  redial_clock_clear (followed->self->clock, &followed->text_back_timer);
  redial_due_list_unfile (&followed->due);
  g_object_unref (followed->kase);
  g_free (followed);
}

static Followed *
followed_of (RedialTextBack *self,
             RedialCase     *kase)
{
  return g_hash_table_lookup (self->followed, GINT_TO_POINTER (redial_case_get_id (kase)));
}

/* Whether @kase is of a kind that is texted back: a lead or a customer. */
static gboolean
texts_back (RedialCase *kase)
{
  RedialCaseKind kind = redial_case_get_kind (kase);

  return kind == REDIAL_CASE_KIND_NEW_LEAD || kind == REDIAL_CASE_KIND_KNOWN_CUSTOMER;
}

/* Whether @kase may have a follow-up at all: an automatic text went out,
 * fewer follow-ups than allowed, and nobody has reached the caller, who
 * has not written or opted out. */
static gboolean
wants_follow_up (RedialTextBack *self,
                 Followed       *followed)
{
  RedialCase *kase = followed->kase;

  return followed->last_auto_text_at != 0 &&
         redial_case_get_followups_sent (kase) < redial_config_get_follow_up_count (self->config) &&
         redial_case_get_state (kase) == REDIAL_CASE_STATE_NEW &&
         redial_case_get_first_response_at (kase) == 0 &&
         !redial_case_get_opted_out (kase) && redial_case_get_caller (kase) != NULL;
}

/* When @followed's next follow-up may go: the delay after the last
 * automatic text, moved to 08:00 the caller's time when it falls at night
 * (never before @now); G_MAXINT64 when it is due none. The one window
 * check: what files a follow-up and what sends it both ask here. */
static gint64
follow_up_due_at (RedialTextBack *self,
                  Followed       *followed,
                  gint64          now)
{
  if (!wants_follow_up (self, followed))
    return G_MAXINT64;
  return redial_quiet_hours_next_allowed (self->quiet_hours, redial_case_get_caller (followed->kase),
                                          MAX (followed->last_auto_text_at +
                                                 redial_config_get_follow_up_delay (self->config),
                                               now));
}

/* Files @followed under its next follow-up; not filed when it is due none. */
static void
schedule_due (RedialTextBack *self,
              Followed       *followed)
{
  redial_due_list_file (self->due, &followed->due,
                        follow_up_due_at (self, followed, redial_clock_now (self->clock)));
}

/* An automatic text went out: follow-ups count from it. */
static void
auto_text_sent (RedialTextBack *self,
                Followed       *followed,
                RedialMessage  *message)
{
  followed->last_auto_text_at = redial_message_get_created_at (message);
  schedule_due (self, followed);
}

static gboolean
on_text_back_due (gpointer user_data)
{
  Followed *followed = user_data;
  RedialTextBack *self = followed->self;
  RedialCase *kase = followed->kase;
  g_autoptr(RedialMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  RedialTemplateUse use;

  followed->text_back_timer = 0;

  /* A person got there first, the caller wrote, or the calls since made
   * it look like spam: no automatic text. */
  if (redial_case_get_texted_back (kase) || redial_case_get_first_response_at (kase) > 0 ||
      redial_case_get_state (kase) != REDIAL_CASE_STATE_NEW || !texts_back (kase))
    return G_SOURCE_REMOVE;

  if (redial_case_get_kind (kase) == REDIAL_CASE_KIND_KNOWN_CUSTOMER)
    use = REDIAL_TEMPLATE_USE_CUSTOMER;
  else if (redial_hours_is_open (redial_config_get_hours (self->config), redial_clock_now (self->clock)))
    use = REDIAL_TEMPLATE_USE_BUSY_HOURS;
  else
    use = REDIAL_TEMPLATE_USE_AFTER_HOURS;

  message = redial_outbox_queue (self->outbox, kase, REDIAL_MESSAGE_KIND_TEXT_BACK, use, NULL, &error);
  if (message != NULL)
    auto_text_sent (self, followed, message);
  else if (error != NULL)
    g_message ("Case %" G_GINT64_FORMAT ": no text-back: %s", redial_case_get_id (kase), error->message);
  return G_SOURCE_REMOVE;
}

/* One polite follow-up (or two, as configured) when nobody has reached the
 * caller and the caller has not written, never at night their time. */
static void
maybe_follow_up (RedialTextBack *self,
                 Followed       *followed)
{
  RedialCase *kase = followed->kase;
  gint64 now = redial_clock_now (self->clock);
  g_autoptr(RedialMessage) message = NULL;
  g_autoptr(GError) error = NULL;

  if (follow_up_due_at (self, followed, now) > now)
    return;

  /* Counted before sending, so that a failure is not retried every second. */
  redial_case_set_followups_sent (kase, redial_case_get_followups_sent (kase) + 1);
  if (!redial_store_update_case (self->store, kase, &error))
    {
      g_message ("Case %" G_GINT64_FORMAT " could not be saved: %s",
                 redial_case_get_id (kase), error->message);
      g_clear_error (&error);
    }
  followed->last_auto_text_at = now;

  message = redial_outbox_queue (self->outbox, kase, REDIAL_MESSAGE_KIND_FOLLOW_UP,
                                 REDIAL_TEMPLATE_USE_FOLLOW_UP, NULL, &error);
  if (message != NULL)
    auto_text_sent (self, followed, message);
  else
    g_message ("Case %" G_GINT64_FORMAT ": no follow-up: %s", redial_case_get_id (kase), error->message);
}

static void
redial_text_back_dispose (GObject *object)
{
  RedialTextBack *self = REDIAL_TEXT_BACK (object);

  if (self->clock != NULL)
    g_hash_table_remove_all (self->followed);
  g_clear_object (&self->quiet_hours);
  g_clear_object (&self->outbox);
  g_clear_object (&self->clock);
  g_clear_object (&self->store);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (redial_text_back_parent_class)->dispose (object);
}

static void
redial_text_back_finalize (GObject *object)
{
  RedialTextBack *self = REDIAL_TEXT_BACK (object);

  g_hash_table_unref (self->followed);
  redial_due_list_free (self->due);

  G_OBJECT_CLASS (redial_text_back_parent_class)->finalize (object);
}

static void
redial_text_back_class_init (RedialTextBackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = redial_text_back_dispose;
  object_class->finalize = redial_text_back_finalize;
}

static void
redial_text_back_init (RedialTextBack *self)
{
  self->followed = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, followed_free);
  self->due = redial_due_list_new ();
}

RedialTextBack *
redial_text_back_new (RedialConfig *config,
                      RedialStore  *store,
                      RedialClock  *clock,
                      RedialOutbox *outbox)
{
  RedialTextBack *self;

  g_return_val_if_fail (REDIAL_IS_CONFIG (config), NULL);
  g_return_val_if_fail (REDIAL_IS_STORE (store), NULL);
  g_return_val_if_fail (REDIAL_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (REDIAL_IS_OUTBOX (outbox), NULL);

  self = g_object_new (REDIAL_TYPE_TEXT_BACK, NULL);
  self->config = g_object_ref (config);
  self->store = g_object_ref (store);
  self->clock = g_object_ref (clock);
  self->outbox = g_object_ref (outbox);
  self->quiet_hours = redial_quiet_hours_new (config);
  return self;
}

void
redial_text_back_track (RedialTextBack *self,
                        RedialCase     *kase)
{
  Followed *followed;

  g_return_if_fail (REDIAL_IS_TEXT_BACK (self));
  g_return_if_fail (REDIAL_IS_CASE (kase));

  followed = g_new0 (Followed, 1);
  followed->self = self;
  followed->kase = g_object_ref (kase);
  followed->due.kase = kase;
  g_hash_table_insert (self->followed, GINT_TO_POINTER (redial_case_get_id (kase)), followed);
}

void
redial_text_back_untrack (RedialTextBack *self,
                          RedialCase     *kase)
{
  g_return_if_fail (REDIAL_IS_TEXT_BACK (self));
  g_return_if_fail (REDIAL_IS_CASE (kase));

  g_hash_table_remove (self->followed, GINT_TO_POINTER (redial_case_get_id (kase)));
}

/* After a restart, a case whose text-back was due (or waiting out its
 * delay) when Redial stopped: the text-back is sent when the delay from
 * the call is over, or at once when it is already; one more than a few
 * minutes late waits out the caller's night. on_text_back_due() checks
 * the rest, as for a new call. */
static void
pick_up_text_back (RedialTextBack *self,
                   Followed       *followed)
{
  RedialCase *kase = followed->kase;
  gint64 now = redial_clock_now (self->clock);
  gint64 due;

  if (!redial_config_get_text_back_enabled (self->config) || followed->text_back_timer != 0 ||
      redial_case_get_texted_back (kase) || !texts_back (kase) ||
      redial_case_get_state (kase) != REDIAL_CASE_STATE_NEW ||
      redial_case_get_first_response_at (kase) > 0 || redial_case_get_opted_out (kase) ||
      redial_case_get_caller (kase) == NULL ||
      MAX (redial_case_get_last_call_at (kase), redial_case_get_first_call_at (kase)) + LATE_TEXT_BACK_US < now)
    return;

  due = redial_case_get_first_call_at (kase) + redial_config_get_text_back_delay (self->config);
  if (due + SLIGHTLY_LATE_US < now)
    due = redial_quiet_hours_next_allowed (self->quiet_hours, redial_case_get_caller (kase), now);
  /* From the main loop even when due now: the engine is still starting. */
  followed->text_back_timer = redial_clock_schedule (self->clock, MAX (due - now, 0),
                                                     on_text_back_due, followed, NULL);
}

void
redial_text_back_restore (RedialTextBack *self,
                          RedialCase     *kase,
                          GPtrArray      *messages)
{
  Followed *followed;

  g_return_if_fail (REDIAL_IS_TEXT_BACK (self));
  g_return_if_fail (REDIAL_IS_CASE (kase));

  followed = followed_of (self, kase);
  if (followed == NULL || messages == NULL)
    return;

  for (guint i = 0; i < messages->len; i++)
    {
      RedialMessage *message = g_ptr_array_index (messages, i);
      RedialMessageKind kind = redial_message_get_kind (message);

      if (kind == REDIAL_MESSAGE_KIND_TEXT_BACK || kind == REDIAL_MESSAGE_KIND_FOLLOW_UP)
        followed->last_auto_text_at = MAX (followed->last_auto_text_at, redial_message_get_created_at (message));
    }
  schedule_due (self, followed);
}

void
redial_text_back_catch_up (RedialTextBack *self)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (REDIAL_IS_TEXT_BACK (self));

  g_hash_table_iter_init (&iter, self->followed);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    pick_up_text_back (self, value);
}

void
redial_text_back_pick_up (RedialTextBack *self,
                          RedialCase     *kase)
{
  Followed *followed;

  g_return_if_fail (REDIAL_IS_TEXT_BACK (self));
  g_return_if_fail (REDIAL_IS_CASE (kase));

  followed = followed_of (self, kase);
  if (followed != NULL)
    pick_up_text_back (self, followed);
}

void
redial_text_back_send (RedialTextBack *self,
                       RedialCase     *kase)
{
  Followed *followed;

  g_return_if_fail (REDIAL_IS_TEXT_BACK (self));
  g_return_if_fail (REDIAL_IS_CASE (kase));

  followed = followed_of (self, kase);
  if (followed == NULL || redial_case_get_texted_back (kase) || followed->text_back_timer != 0 ||
      !redial_config_get_text_back_enabled (self->config))
    return;
  if (!texts_back (kase))
    return;

  if (redial_config_get_text_back_delay (self->config) == 0)
    on_text_back_due (followed);
  else
    followed->text_back_timer = redial_clock_schedule (self->clock,
                                                       redial_config_get_text_back_delay (self->config),
                                                       on_text_back_due, followed, NULL);
}

void
redial_text_back_update (RedialTextBack *self,
                         RedialCase     *kase)
{
  Followed *followed;

  g_return_if_fail (REDIAL_IS_TEXT_BACK (self));
  g_return_if_fail (REDIAL_IS_CASE (kase));

  followed = followed_of (self, kase);
  if (followed == NULL)
    return;

  /* The waiting text-back would find someone got there first. */
  if (redial_case_get_first_response_at (kase) > 0 ||
      redial_case_get_state (kase) != REDIAL_CASE_STATE_NEW)
    redial_clock_clear (self->clock, &followed->text_back_timer);
  schedule_due (self, followed);
}

void
redial_text_back_tick (RedialTextBack *self,
                       gint64          now)
{
  RedialDueEntry *entry;

  g_return_if_fail (REDIAL_IS_TEXT_BACK (self));

  /* Each taken off first: what follows files it again, or not. */
  while ((entry = redial_due_list_pop (self->due, now)) != NULL)
    {
      Followed *followed = (Followed *) entry;
      g_autoptr(RedialCase) kase = g_object_ref (followed->kase);

      maybe_follow_up (self, followed);
      if ((followed = followed_of (self, kase)) != NULL && followed->due.iter == NULL)
        redial_due_list_refile (self->due, &followed->due, follow_up_due_at (self, followed, now),
                                now, "a follow-up");
    }
}
