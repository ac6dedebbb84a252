/* fuzz-ami.c: bytes from an Asterisk manager connection, through the parser and the call tracker. */
#include "config.h"

#include <string.h>

#include "redial-ami-calls.h"
#include "redial-fake-clock.h"
#include "redial-fuzz.h"

#define START_US (G_GINT64_CONSTANT (1762250400) * G_USEC_PER_SEC)

static void
on_call_event (RedialAmiCalls  *calls,
               RedialCallEvent *event,
               gpointer         user_data)
{
  guint *n_events = user_data;

  /* What the tracker hands on must be what the engine can take. */
  g_assert_nonnull (event->provider_call_id);
  g_assert_true (event->caller == NULL || g_utf8_validate (event->caller, -1, NULL));
  g_assert_true (event->caller_name == NULL || g_utf8_validate (event->caller_name, -1, NULL));
  g_assert_true (event->line == NULL || g_utf8_validate (event->line, -1, NULL));
  g_assert_cmpint (event->ended_at, >=, event->started_at);
  (*n_events)++;
}

static void
take_messages (RedialAmiParser *parser,
               RedialAmiCalls  *calls,
               RedialClock     *clock)
{
  RedialAmiMessage *message;

  while ((message = redial_ami_parser_pop (parser)) != NULL)
    {
      g_autofree char *wire = NULL;
      gsize length = 0;

      /* Every field the parser lets through must survive the way back. */
      for (guint i = 0; i < redial_ami_message_get_n_fields (message); i++)
        {
          g_assert_true (g_utf8_validate (redial_ami_message_get_key (message, i), -1, NULL));
          g_assert_true (g_utf8_validate (redial_ami_message_get_value (message, i), -1, NULL));
        }
      wire = redial_ami_message_to_wire (message, &length);
      g_assert_cmpuint (strlen (wire), ==, length);

      if (redial_ami_message_get_kind (message) == REDIAL_AMI_MESSAGE_EVENT)
        redial_ami_calls_handle (calls, message);
      redial_ami_message_unref (message);
      redial_fake_clock_advance (REDIAL_FAKE_CLOCK (clock), 100 * G_TIME_SPAN_MILLISECOND);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(RedialClock) clock = NULL;
  g_autoptr(RedialAmiParser) parser = NULL;
  g_autoptr(RedialAmiCalls) calls = NULL;
  const char *bytes = (const char *) data;
  guint n_events = 0;
  gsize chunk;
  gsize offset = 0;

  redial_fuzz_init ();

  /* The first byte says how the stream is cut into reads and whether the
   * session is reconciled with a channel list halfway. */
  chunk = size > 0 ? 1 + (data[0] & 0x3f) : 1;

  clock = redial_fake_clock_new (START_US);
  parser = redial_ami_parser_new (TRUE);
  calls = redial_ami_calls_new (clock);
  g_signal_connect (calls, "call-event", G_CALLBACK (on_call_event), &n_events);

  while (offset < size)
    {
      gsize n = MIN (chunk, size - offset);

      if (size > 0 && (data[0] & 0x40) && offset <= size / 2 && offset + n > size / 2)
        redial_ami_calls_begin_sweep (calls);
      redial_ami_parser_feed (parser, bytes + offset, n);
      offset += n;
      take_messages (parser, calls, clock);
    }
  if (size > 0 && (data[0] & 0x40))
    redial_ami_calls_end_sweep (calls);
  if (size > 0 && (data[0] & 0x80))
    {
      redial_ami_parser_reset (parser);
      take_messages (parser, calls, clock);
    }

  /* The tracker's timers (the wait for a CDR), then its idle expiry. */
  redial_fake_clock_advance (REDIAL_FAKE_CLOCK (clock), 5 * G_TIME_SPAN_SECOND);
  redial_ami_calls_expire (calls, G_TIME_SPAN_SECOND);
  g_assert_cmpuint (redial_ami_calls_get_n_active (calls), ==, 0);

  return 0;
}
