/* redial-rules-fixture.c: a business on the fake clock, its engine, and the moves of the rule scenarios. */
#include "config.h"

#include "redial-demo-sms.h"
#include "redial-fake-clock.h"
#include "redial-rules-fixture.h"
#include "redial-test-util.h"

const char *plumber_conf =
  "[business]\n"
  "name = Acme Plumbing\n"
  "region = US\n"
  "time-zone = America/Chicago\n"
  "trade = plumbing\n"
  "[hours]\n"
  "monday = 08:00-12:00, 13:00-17:00\n"
  "tuesday = 08:00-12:00, 13:00-17:00\n"
  "wednesday = 08:00-12:00, 13:00-17:00\n"
  "thursday = 08:00-12:00, 13:00-17:00\n"
  "friday = 08:00-12:00, 13:00-17:00\n"
  "[holidays]\n"
  "2026-12-25 = closed\n";


gint64
local (Fixture *f,
       int      month,
       int      day,
       int      hour,
       int      minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new (f->tz, 2026, month, day, hour, minute, 0);
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static void
on_alert (RedialEngine    *engine,
          RedialCase      *kase,
          RedialAlertKind  kind,
          const char      *message,
          Fixture         *f)
{
  static const char * const names[] = { "emergency", "warning", "breach", "escalation", "text-failed" };
  g_ptr_array_add (f->alerts, g_strdup_printf ("%s: %s", names[kind], message));
}

static void
on_alerts (RedialEngine *engine,
           GPtrArray    *alerts,
           Fixture      *f)
{
  guint first = f->alerts->len - alerts->len;

  g_array_append_val (f->batches, alerts->len);
  /* ::alert came first for each: mark the urgent ones. */
  for (guint i = 0; i < alerts->len; i++)
    {
      RedialAlert *alert = g_ptr_array_index (alerts, i);
      char **line = (char **) &g_ptr_array_index (f->alerts, first + i);

      if (alert->urgent)
        {
          char *marked = g_strconcat (*line, " (urgent)", NULL);
          g_free (*line);
          *line = marked;
        }
    }
}

void
start_engine (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->engine = redial_engine_new (f->config, f->store, f->clock);
  redial_engine_set_sms_gateway (f->engine, f->gateway);
  g_signal_connect (f->engine, "alert", G_CALLBACK (on_alert), f);
  g_signal_connect (f->engine, "alerts", G_CALLBACK (on_alerts), f);
  g_assert_true (redial_engine_start (f->engine, &error));
  g_assert_no_error (error);
}

void
setup_with (Fixture    *f,
            const char *conf,
            gint64      start)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialDemoScript) script = redial_demo_script_new ("US");

  f->dir = g_dir_make_tmp ("redial-rules-XXXXXX", &error);
  f->path = g_build_filename (f->dir, "redial.db", NULL);
  f->tz = g_time_zone_new_identifier ("America/Chicago");
  f->config = redial_config_load_from_data (conf, "test.conf", &error);
  g_assert_no_error (error);
  f->store = redial_store_open (f->path, &error);
  g_assert_no_error (error);
  f->clock = redial_fake_clock_new (start);
  f->gateway = redial_demo_sms_new (f->clock, script);
  f->alerts = g_ptr_array_new_with_free_func (g_free);
  f->batches = g_array_new (FALSE, FALSE, sizeof (guint));
  start_engine (f);
}

void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("America/Chicago");
  /* Wednesday 2026-11-25, 10:00 in Chicago. */
  g_autoptr(GDateTime) start = g_date_time_new (tz, 2026, 11, 25, 10, 0, 0);

  setup_with (f, data != NULL ? data : plumber_conf, g_date_time_to_unix (start) * G_USEC_PER_SEC);
}

void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->engine);
  g_clear_object (&f->gateway);
  g_clear_object (&f->clock);
  g_clear_object (&f->store);
  g_clear_object (&f->config);
  g_clear_pointer (&f->tz, g_time_zone_unref);
  g_clear_pointer (&f->alerts, g_ptr_array_unref);
  g_clear_pointer (&f->batches, g_array_unref);
  redial_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* Moves on in steps: fine ones at first, so that sends complete, then
 * coarse ones over long spans. */
void
advance_to (Fixture *f,
            gint64   when)
{
  gint64 start = redial_clock_now (f->clock);

  while (redial_clock_now (f->clock) < when)
    {
      gint64 now = redial_clock_now (f->clock);
      gint64 step = now - start < MINUTES (2) ? SECONDS (1) : SECONDS (30);

      redial_fake_clock_advance_to (REDIAL_FAKE_CLOCK (f->clock), MIN (when, now + step));
      redial_test_drain ();
    }
}

void
advance (Fixture *f,
         gint64   delta)
{
  advance_to (f, redial_clock_now (f->clock) + delta);
}

void
call_as (Fixture           *f,
         const char        *caller,
         const char        *name,
         gint64             ring,
         RedialDisposition  disposition)
{
  g_autoptr(RedialCallEvent) event = redial_call_event_new ();
  gint64 now = redial_clock_now (f->clock);

  event->provider = g_strdup ("test");
  event->provider_call_id = g_strdup_printf ("rules-%u", ++f->n_call);
  event->caller = g_strdup (caller);
  event->caller_name = g_strdup (name);
  event->started_at = now - ring;
  event->ended_at = now;
  event->disposition = disposition;
  redial_engine_handle_call (f->engine, event);
  redial_test_drain ();
}

void
call (Fixture    *f,
      const char *caller,
      const char *name,
      gint64      ring)
{
  call_as (f, caller, name, ring, REDIAL_DISPOSITION_NO_ANSWER);
}

void
reply (Fixture    *f,
       const char *from,
       const char *body)
{
  g_autofree char *id = g_strdup_printf ("SMin%u", ++f->n_call);

  redial_engine_handle_inbound (f->engine, id, from, body);
  redial_test_drain ();
}

RedialCase *
queue_item (Fixture *f,
            guint    position)
{
  GListModel *queue = redial_engine_get_queue (f->engine);
  RedialCase *kase;

  g_assert_cmpuint (position, <, g_list_model_get_n_items (queue));
  kase = g_list_model_get_item (queue, position);
  g_object_unref (kase);
  return kase;
}

guint
queue_length (Fixture *f)
{
  return g_list_model_get_n_items (redial_engine_get_queue (f->engine));
}

/* The kinds of the texts a case has, in order: "text-back,reply,…". */
char *
texts_of (Fixture    *f,
          RedialCase *kase)
{
  g_autoptr(GPtrArray) messages = redial_store_list_messages (f->store, redial_case_get_id (kase), NULL);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < messages->len; i++)
    g_string_append_printf (out, "%s%s", i ? "," : "",
                            redial_message_kind_to_string (redial_message_get_kind (g_ptr_array_index (messages, i))));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

const char *
body_of_last (Fixture    *f,
              RedialCase *kase)
{
  static char *last = NULL;
  g_autoptr(GPtrArray) messages = redial_store_list_messages (f->store, redial_case_get_id (kase), NULL);

  g_clear_pointer (&last, g_free);
  if (messages->len > 0)
    last = g_strdup (redial_message_get_body (g_ptr_array_index (messages, messages->len - 1)));
  return last;
}

guint
sent (Fixture *f)
{
  return redial_demo_sms_get_n_sent (REDIAL_DEMO_SMS (f->gateway));
}

