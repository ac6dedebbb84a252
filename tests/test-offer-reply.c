/* test-offer-reply.c: callers' replies to a two-slot offer, read as a person would read them. */
#include "config.h"

#include "redial-offer-reply.h"

#define U REDIAL_OFFER_REPLY_UNCLEAR
#define S1 REDIAL_OFFER_REPLY_SLOT_1
#define S2 REDIAL_OFFER_REPLY_SLOT_2

typedef struct
{
  const char       *reply;
  RedialOfferReply  expected;
} Reply;

/* The business is in Chicago; it is Monday 30 November 2026, 3pm. */
static gint64
local_us (int month,
          int day,
          int hour,
          int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("America/Chicago");
  g_autoptr(GDateTime) at = g_date_time_new (tz, 2026, month, day, hour, minute, 0);

  return g_date_time_to_unix (at) * G_USEC_PER_SEC;
}

static void
check (const Reply *replies,
       guint        n_replies,
       gint64       slot_1,
       gint64       slot_2)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("America/Chicago");
  gint64 now = local_us (11, 30, 15, 0);

  for (guint i = 0; i < n_replies; i++)
    {
      RedialOfferReply got = redial_offer_reply_parse (replies[i].reply, slot_1, slot_2, tz, now);

      if (got != replies[i].expected)
        g_error ("“%s”: read as %d, expected %d", replies[i].reply, got, replies[i].expected);
    }
}

/* Tue 9–11am or Tue 1–3pm: the same day, so the day alone chooses neither. */
static void
test_same_day (void)
{
  static const Reply replies[] = {
    { "1", S1 },
    { "2", S2 },
    { " 2 ", S2 },
    { "2.", S2 },
    { "2!", S2 },
    { "2 pls", S2 },
    { "2 please", S2 },
    { "2 please thanks", S2 },
    { "#2", S2 },
    { "#1 please", S1 },
    { "Option 1", S1 },
    { "option 2 works", S2 },
    { "Number 2", S2 },
    { "1 works for me", S1 },
    { "Yes 1", S1 },
    { "ok 2", S2 },
    { "2 thx!!", S2 },
    { "1)", S1 },
    { "2\xEF\xB8\x8F\xE2\x83\xA3", S2 },
    { "the first one", S1 },
    { "The first one please", S1 },
    { "First", S1 },
    { "first!", S1 },
    { "second", S2 },
    { "The second one", S2 },
    { "the 2nd", S2 },
    { "2nd one", S2 },
    { "1st", S1 },
    { "One", S1 },
    { "two", S2 },
    { "the 1pm", S2 },
    { "1pm", S2 },
    { "1 pm", S2 },
    { "1 PM please", S2 },
    { "1p", S2 },
    { "13:00", S2 },
    { "1:00pm", S2 },
    { "1:00 p.m.", S2 },
    { "the 9am one", S1 },
    { "9am", S1 },
    { "9:00", S1 },
    { "9", U },
    { "at 9", S1 },
    { "Tue at 1", S2 },
    { "tues 9-11am", S1 },
    { "Tue 1–3pm", S2 },
    { "the 9 to 11 one", S1 },
    { "the morning one", S1 },
    { "afternoon", S2 },
    { "tomorrow afternoon", S2 },
    { "tomorrow morning works", S1 },
    { "the earlier one", S1 },
    { "Tue 1pm", S2 },
    { "tuesday 2", S2 },
    { "2 on Tuesday", S2 },
    /* Spanish */
    { "la primera", S1 },
    { "La primera por favor", S1 },
    { "el 2", S2 },
    { "la 2", S2 },
    { "la segunda", S2 },
    { "el segundo", S2 },
    { "uno", S1 },
    { "Dos", S2 },
    { "opción 1", S1 },
    { "la de las 9", S1 },
    { "a las 13h", S2 },
    { "a la 1 de la tarde", S2 },
    { "martes por la tarde", S2 },
    { "mañana por la mañana", S1 },
    { "por la tarde", S2 },
    /* For a person. */
    { "Tue", U },
    { "martes", U },
    { "tomorrow", U },
    { "1 or 2", U },
    { "1 or 2, whichever", U },
    { "either", U },
    { "Either is fine", U },
    { "both work", U },
    { "cualquiera", U },
    { "neither", U },
    { "Neither works, sorry", U },
    { "none of those", U },
    { "can you do Wed", U },
    { "Can you do Wednesday instead?", U },
    { "do you have anything thursday", U },
    { "how about 3pm", U },
    { "3pm", U },
    { "at 4", U },
    { "2 doesn't work", U },
    { "I can't do 1", U },
    { "ninguna", U },
    { "ninguno de los dos", U },
    { "¿tienen el miércoles?", U },
    { "otro día", U },
    { "12", U },
    { "21", U },
    { "123 Main St", U },
    { "call me at 312-555-0118", U },
    { "ok", U },
    { "yes", U },
    { "Yes please", U },
    { "thanks!", U },
    { "sounds good", U },
    { "who is this?", U },
    { "STOP", U },
    { "", U },
    { "   ", U },
    { "the first one, or the second", U },
    { "Wed 1pm", U },
    { "the 1pm on Friday", U },
    { "the morning one at 1pm", U },
    { "the evening", U },
    { "today", U },
  };

  check (replies, G_N_ELEMENTS (replies), local_us (12, 1, 9, 0), local_us (12, 1, 13, 0));
}

/* Tue 9–11am or Wed 1–3pm: the day now chooses. */
static void
test_two_days (void)
{
  static const Reply replies[] = {
    { "Tue", S1 },
    { "tue", S1 },
    { "Tues.", S1 },
    { "Tuesday", S1 },
    { "Tuesday works", S1 },
    { "wed", S2 },
    { "Weds", S2 },
    { "Wednesday please", S2 },
    { "tomorrow", S1 },
    { "Tmrw", S1 },
    { "tomorrow at 9", S1 },
    { "martes", S1 },
    { "el martes", S1 },
    { "miércoles", S2 },
    { "el miercoles", S2 },
    { "mañana", S1 },
    { "Wed 1pm", S2 },
    { "2 on wed", S2 },
    { "1 on Tuesday", S1 },
    /* Clues that disagree go to a person. */
    { "Tue 1pm", U },
    { "2 on Tuesday", U },
    { "Thursday", U },
    { "jueves", U },
    { "Tue or Wed", U },
    { "today", U },
    { "hoy", U },
  };

  check (replies, G_N_ELEMENTS (replies), local_us (12, 1, 9, 0), local_us (12, 2, 13, 0));
}

/* A half-hour start is matched to the minute. */
static void
test_half_hour (void)
{
  static const Reply replies[] = {
    { "8:30", S1 },
    { "8.30am", S1 },
    { "the 8:30 one", S1 },
    { "8am", U },
    { "2:30pm", S2 },
    { "14:30", S2 },
    { "2:15pm", U },
  };

  check (replies, G_N_ELEMENTS (replies), local_us (12, 3, 8, 30), local_us (12, 3, 14, 30));
}

/* A long letter is a person's to read, whatever it says. */
static void
test_long_reply (void)
{
  g_autoptr(GString) reply = g_string_new ("2 ");
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("America/Chicago");

  for (guint i = 0; i < 200; i++)
    g_string_append (reply, "please ");
  g_assert_cmpint (redial_offer_reply_parse (reply->str, local_us (12, 1, 9, 0), local_us (12, 1, 13, 0), tz,
                                             local_us (11, 30, 15, 0)),
                   ==, REDIAL_OFFER_REPLY_UNCLEAR);
  g_assert_cmpint (redial_offer_reply_parse (NULL, 0, 1, tz, 0), ==, REDIAL_OFFER_REPLY_UNCLEAR);
  g_assert_cmpint (redial_offer_reply_parse ("2 \xff\xfe", local_us (12, 1, 9, 0), local_us (12, 1, 13, 0), tz,
                                             local_us (11, 30, 15, 0)),
                   ==, REDIAL_OFFER_REPLY_SLOT_2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/offer-reply/same-day", test_same_day);
  g_test_add_func ("/offer-reply/two-days", test_two_days);
  g_test_add_func ("/offer-reply/half-hour", test_half_hour);
  g_test_add_func ("/offer-reply/long-reply", test_long_reply);

  return g_test_run ();
}
