/* redial-demo-script.c: the believable day the demo backends play together. */
#include "config.h"

#define G_LOG_DOMAIN "redial-demo"

#include "redial-demo-script.h"
#include "redial-phone.h"

/* Numbers are in the 555-01xx range, which is reserved for fiction. */
static const RedialDemoCall calls[] = {
  { 3, "Maria Gonzalez", "(312) 555-0142", "+13125550118", "Main",
    REDIAL_DISPOSITION_NO_ANSWER, 25,
    "Yes please! Our water heater is leaking in the basement.", 40 },
  { 9, "KOWALSKI D", "312-555-0177", "+13125550119", "Google Ads",
    REDIAL_DISPOSITION_BUSY, 0, NULL, 0 },
  { 16, "Anonymous", "anonymous", "+13125550118", "Main",
    REDIAL_DISPOSITION_VOICEMAIL, 30, NULL, 0 },
  { 24, "Maria Gonzalez", "+1 312 555 0142", "+13125550118", "Main",
    REDIAL_DISPOSITION_NO_ANSWER, 30, NULL, 0 },
  { 33, "CARD SERVICES", "+1 (888) 555-0100", "+13125550118", "Main",
    REDIAL_DISPOSITION_ABANDONED, 0, NULL, 0 },
  { 41, "Priya Shah", "773-555-0163", "+13125550120", "Yelp",
    REDIAL_DISPOSITION_ABANDONED, 12, "STOP", 20 },
  { 55, "Tom Becker", "+1 630 555 0125", "+13125550118", "Main",
    REDIAL_DISPOSITION_NO_ANSWER, 28,
    "Can someone come out tomorrow morning? The furnace won't start.", 55 },
  { 68, "KOWALSKI D", "3125550177", "+13125550119", "Google Ads",
    REDIAL_DISPOSITION_NO_ANSWER, 20, NULL, 0 },
  { 84, "Lisa Nguyen", "(847) 555-0190", "+13125550118", "Main",
    REDIAL_DISPOSITION_VOICEMAIL, 30, "Thanks! What time could you come by?", 35 },
  { 101, "Maria Gonzalez", "13125550142", "+13125550118", "Main",
    REDIAL_DISPOSITION_NO_ANSWER, 30, NULL, 0 },
  { 123, "Robert Fisher", "708-555-0111", "+13125550119", "Google Ads",
    REDIAL_DISPOSITION_NO_ANSWER, 22, NULL, 0 },
  { 146, "WIRELESS CALLER", "312 555 0136", "+13125550118", "Main",
    REDIAL_DISPOSITION_BUSY, 0, "Do you do drain cleaning?", 60 },
};

#define ROUND_SECONDS 240

struct _RedialDemoScript
{
  GObject     parent_instance;

  char       *region;
  guint32     run;      /* this run's mark on the provider ids it makes */
  GHashTable *replies;  /* E.164 → const RedialDemoCall *, until taken */
  GHashTable *replied;  /* E.164 set: callers who have replied once */
};

G_DEFINE_FINAL_TYPE (RedialDemoScript, redial_demo_script, G_TYPE_OBJECT)

static void
redial_demo_script_finalize (GObject *object)
{
  RedialDemoScript *self = REDIAL_DEMO_SCRIPT (object);

  g_free (self->region);
  g_hash_table_unref (self->replies);
  g_hash_table_unref (self->replied);

  G_OBJECT_CLASS (redial_demo_script_parent_class)->finalize (object);
}

static void
redial_demo_script_class_init (RedialDemoScriptClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = redial_demo_script_finalize;
}

static void
redial_demo_script_init (RedialDemoScript *self)
{
  self->replies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->replied = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

const RedialDemoCall *
redial_demo_script_get_calls (guint *n_calls)
{
  g_return_val_if_fail (n_calls != NULL, NULL);

  *n_calls = G_N_ELEMENTS (calls);
  return calls;
}

guint
redial_demo_script_get_round_seconds (void)
{
  return ROUND_SECONDS;
}

RedialDemoScript *
redial_demo_script_new (const char *region)
{
  RedialDemoScript *self = g_object_new (REDIAL_TYPE_DEMO_SCRIPT, NULL);

  self->region = g_strdup (region != NULL ? region : "US");
  /* The demo may play on a database earlier runs played on: the ids it
   * makes (calls, texts) must not be theirs. */
  self->run = g_random_int ();
  return self;
}

guint32
redial_demo_script_get_run (RedialDemoScript *self)
{
  g_return_val_if_fail (REDIAL_IS_DEMO_SCRIPT (self), 0);
  return self->run;
}

/* Round 0 uses the numbers as written; later rounds change the last two
 * digits so that each round brings new callers, still in 555-01xx. */
static char *
number_for_round (const char *number,
                  guint       round)
{
  g_autofree char *copy = g_strdup (number);
  char *last = NULL;
  char *before = NULL;
  guint value;

  if (round == 0)
    return g_steal_pointer (&copy);

  for (char *p = copy; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          before = last;
          last = p;
        }
    }

  if (last == NULL || before == NULL)
    return g_steal_pointer (&copy);

  value = ((guint) g_ascii_digit_value (*before) * 10 + (guint) g_ascii_digit_value (*last) + 7 * round) % 100;
  *before = '0' + value / 10;
  *last = '0' + value % 10;
  return g_steal_pointer (&copy);
}

RedialCallEvent *
redial_demo_script_make_event (RedialDemoScript *self,
                               guint             round,
                               guint             index,
                               gint64            started_at)
{
  const RedialDemoCall *call;
  RedialCallEvent *event;
  g_autofree char *e164 = NULL;

  g_return_val_if_fail (REDIAL_IS_DEMO_SCRIPT (self), NULL);
  g_return_val_if_fail (index < G_N_ELEMENTS (calls), NULL);

  call = &calls[index];
  event = redial_call_event_new ();
  event->provider = g_strdup ("demo");
  event->provider_call_id = g_strdup_printf ("demo-%08x-%" G_GINT64_FORMAT "-%u-%u",
                                             self->run, started_at, round, index);
  event->caller = number_for_round (call->caller, round);
  event->caller_name = g_strdup (call->caller_name);
  event->line = g_strdup (call->line);
  event->line_label = g_strdup (call->line_label);
  event->started_at = started_at;
  event->ended_at = started_at + (gint64) call->ring_seconds * G_USEC_PER_SEC;
  event->disposition = call->disposition;

  e164 = redial_phone_normalize (event->caller, self->region, NULL);
  if (call->reply != NULL && e164 != NULL && !g_hash_table_contains (self->replied, e164))
    g_hash_table_replace (self->replies, g_steal_pointer (&e164), (gpointer) call);

  return event;
}

const char *
redial_demo_script_take_reply (RedialDemoScript *self,
                               const char       *e164,
                               guint            *after_seconds)
{
  const RedialDemoCall *call;

  g_return_val_if_fail (REDIAL_IS_DEMO_SCRIPT (self), NULL);
  g_return_val_if_fail (e164 != NULL, NULL);

  call = g_hash_table_lookup (self->replies, e164);
  if (call == NULL)
    return NULL;

  g_hash_table_remove (self->replies, e164);
  g_hash_table_add (self->replied, g_strdup (e164));
  if (after_seconds != NULL)
    *after_seconds = call->reply_after_seconds;
  return call->reply;
}
