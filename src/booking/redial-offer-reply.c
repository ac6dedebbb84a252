/* redial-offer-reply.c: which of two offered slots a caller's reply chooses, if it clearly chooses one. */
#include "config.h"

#define G_LOG_DOMAIN "redial-booking"

#include <string.h>

#include "redial-clock.h"
#include "redial-offer-reply.h"
#include "redial-text.h"

/* A reply longer than this is a letter, not a choice: a person reads it. */
#define MAX_REPLY_BYTES 480

/* The slots a clue points at: bit 0 the first, bit 1 the second. */
#define SLOT_1    (1u << 0)
#define SLOT_2    (1u << 1)
#define BOTH      (SLOT_1 | SLOT_2)

typedef enum
{
  MERIDIAN_NONE,
  MERIDIAN_AM,
  MERIDIAN_PM,
} Meridian;

/* What is known of the two slots, in the business's time. */
typedef struct
{
  int    hour[2];
  int    minute[2];
  int    weekday[2];     /* 1 Monday … 7 Sunday */
  GDate  date[2];
  GDate  today;
  guint  earlier;        /* the slot starting first */
} Slots;

/* Chosen by number or order. "one" and "two" alone are numbers only as
 * the whole reply: "the second one" names the second. */
static const char * const slot_1_words[] = {
  "1", "1st", "first", "option one", "number one",
  "1o", "1ro", "1er", "1ero", "primera", "primero", "opción uno", "opcion uno", "la uno", "el uno",
  NULL
};
static const char * const slot_2_words[] = {
  "2", "2nd", "second", "option two", "number two",
  "2o", "2do", "segunda", "segundo", "opción dos", "opcion dos", "la dos", "el dos",
  NULL
};
static const char * const either_words[] = {
  "either", "both", "whichever", "any of", "cualquiera", "las dos", "los dos", "ambas", "ambos",
  NULL
};
/* A reply that turns the offer down or asks for something else. */
static const char * const refusal_words[] = {
  "neither", "none", "nor", "not", "don't", "don’t", "dont", "doesn't", "doesn’t", "doesnt",
  "can't", "can’t", "cant", "cannot", "won't", "won’t", "wont", "can you", "could you",
  "do you have", "how about", "what about", "anything", "other", "another", "instead", "else",
  "different", "ninguno", "ninguna", "ni", "no puedo", "otro", "otra", "otros", "otras",
  "tienen", "tiene algo", "puede ser",
  NULL
};
static const char * const weekday_words[7][6] = {
  { "mon", "monday", "lunes", NULL },
  { "tue", "tues", "tuesday", "martes", NULL },
  { "wed", "weds", "wednesday", "miércoles", "miercoles", NULL },
  { "thu", "thur", "thurs", "thursday", "jueves", NULL },
  { "fri", "friday", "viernes", NULL },
  { "sat", "saturday", "sábado", "sabado", NULL },
  { "sun", "sunday", "domingo", NULL },
};
static const char * const today_words[] = { "today", "tonight", "hoy", NULL };
static const char * const tomorrow_words[] = { "tomorrow", "tmrw", "tmr", "tomorow", "tommorow", NULL };
/* "mañana" alone is tomorrow; "por la mañana" is the morning. */
static const char * const manana_words[] = { "mañana", "manana", NULL };
static const char * const morning_words[] = {
  "morning", "the am", "am one", "la mañana", "la manana", NULL
};
static const char * const afternoon_words[] = { "afternoon", "the pm", "pm one", "la tarde", NULL };
static const char * const evening_words[] = { "evening", "la noche", NULL };
static const char * const earlier_words[] = { "earlier", "earliest", "sooner", "soonest", NULL };
static const char * const later_words[] = { "the later", "later one", "latest", NULL };
/* Words after which a number is a time of day: "at 9", "a las 9". */
static const char * const time_leads[] = { "at", "@", "las", "around", NULL };

static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || (guchar) c >= 0x80;
}

/* Reads one or two digits at @s[*i]; not when more digits follow (a
 * phone number or a year is no time). */
static gboolean
read_hour_or_minute (const char *s,
                     gsize      *i,
                     int        *value,
                     guint       n_digits)
{
  gsize j = *i;
  int v = 0;

  while (g_ascii_isdigit (s[j]) && j - *i < n_digits)
    v = v * 10 + (s[j++] - '0');
  if (j == *i || g_ascii_isdigit (s[j]))
    return FALSE;
  *value = v;
  *i = j;
  return TRUE;
}

static gsize
skip_spaces (const char *s,
             gsize       i)
{
  while (s[i] == ' ')
    i++;
  return i;
}

/* Whether @word starts at @s[i] and ends there as a word; moves past it. */
static gboolean
read_word (const char *s,
           gsize      *i,
           const char *word)
{
  gsize len = strlen (word);

  if (strncmp (s + *i, word, len) != 0 || (g_ascii_isalnum (word[len - 1]) && is_word_char (s[*i + len])))
    return FALSE;
  *i += len;
  return TRUE;
}

static Meridian
read_meridian (const char *s,
               gsize      *i,
               gboolean   *marked)
{
  static const struct { const char *word; Meridian meridian; } marks[] = {
    { "a.m.", MERIDIAN_AM }, { "a.m", MERIDIAN_AM }, { "am", MERIDIAN_AM }, { "a", MERIDIAN_AM },
    { "p.m.", MERIDIAN_PM }, { "p.m", MERIDIAN_PM }, { "pm", MERIDIAN_PM }, { "p", MERIDIAN_PM },
    { "de la mañana", MERIDIAN_AM }, { "de la manana", MERIDIAN_AM },
    { "de la tarde", MERIDIAN_PM }, { "de la noche", MERIDIAN_PM },
    { "hrs", MERIDIAN_NONE }, { "hs", MERIDIAN_NONE }, { "h", MERIDIAN_NONE },
  };
  gsize j = skip_spaces (s, *i);

  for (guint k = 0; k < G_N_ELEMENTS (marks); k++)
    {
      /* "9 a 11" is a range in Spanish, not "9 a.m.". */
      if (strcmp (marks[k].word, "a") == 0 && j != *i)
        continue;
      if (read_word (s, &j, marks[k].word))
        {
          *i = j;
          *marked = TRUE;
          return marks[k].meridian;
        }
    }
  *marked = FALSE;
  return MERIDIAN_NONE;
}

/* Reads "9", "9:30", "9.30", "9am", "9 pm", "13h" at @s[*i]. */
static gboolean
read_time (const char *s,
           gsize      *i,
           int        *hour,
           int        *minute,
           Meridian   *meridian,
           gboolean   *marked)
{
  gsize j = *i;

  *minute = 0;
  if (!read_hour_or_minute (s, &j, hour, 2))
    return FALSE;
  *marked = FALSE;
  if ((s[j] == ':' || s[j] == '.') && g_ascii_isdigit (s[j + 1]))
    {
      gsize k = j + 1;

      if (!read_hour_or_minute (s, &k, minute, 2) || *minute > 59 || k - j != 3)
        return FALSE;
      j = k;
      *marked = TRUE;
    }
  if (g_ascii_isdigit (s[j]))
    return FALSE;
  {
    gboolean has_meridian;

    *meridian = read_meridian (s, &j, &has_meridian);
    *marked = *marked || has_meridian;
  }
  if (g_ascii_isalnum (s[j]) || *hour > 23 || (*meridian != MERIDIAN_NONE && (*hour == 0 || *hour > 12)))
    return FALSE;
  *i = j;
  return TRUE;
}

/* Whether a word of time_leads comes right before @s[i]. */
static gboolean
after_time_lead (const char *s,
                 gsize       i)
{
  while (i > 0 && s[i - 1] == ' ')
    i--;
  for (guint k = 0; time_leads[k] != NULL; k++)
    {
      gsize len = strlen (time_leads[k]);

      if (i >= len && strncmp (s + i - len, time_leads[k], len) == 0 &&
          (i == len || !is_word_char (s[i - len - 1]) || !is_word_char (time_leads[k][0])))
        return TRUE;
    }
  return FALSE;
}

/* Reads a range's separator ("-", "–", "to", "a") at @s[*i]. */
static gboolean
read_range_separator (const char *s,
                      gsize      *i)
{
  gsize j = skip_spaces (s, *i);

  if (!read_word (s, &j, "-") && !read_word (s, &j, "–") && !read_word (s, &j, "—") &&
      !read_word (s, &j, "to") && !read_word (s, &j, "a"))
    return FALSE;
  *i = skip_spaces (s, j);
  return TRUE;
}

/* The slots starting at @hour:@minute (@meridian, when said). */
static guint
slots_starting_at (const Slots *slots,
                   int          hour,
                   int          minute,
                   Meridian     meridian)
{
  guint set = 0;

  for (guint k = 0; k < 2; k++)
    {
      int h = slots->hour[k];
      gboolean same;

      if (minute != slots->minute[k])
        continue;
      if (meridian == MERIDIAN_AM)
        same = h < 12 && hour % 12 == h;
      else if (meridian == MERIDIAN_PM)
        same = h >= 12 && hour % 12 + 12 == h;
      else
        same = hour == h || (hour >= 1 && hour < 12 && hour + 12 == h);
      if (same)
        set |= 1u << k;
    }
  return set;
}

/* Finds the times of day in @s ("1pm", "13:00", "at 9", "9–11am"),
 * narrows @mask to the slots they start, and blanks them out of @s so
 * that the "1" of "1 pm" is not read as the first slot. */
static void
read_times (char        *s,
            const Slots *slots,
            guint       *mask,
            guint       *n_clues)
{
  for (gsize i = 0; s[i] != '\0'; i++)
    {
      gsize end = i;
      int hour, minute, end_hour, end_minute;
      Meridian meridian, end_meridian;
      gboolean marked, end_marked, range = FALSE;

      if (!g_ascii_isdigit (s[i]) || (i > 0 && is_word_char (s[i - 1])))
        continue;
      if (!read_time (s, &end, &hour, &minute, &meridian, &marked))
        {
          while (g_ascii_isdigit (s[i + 1]))
            i++;
          continue;
        }
      if (meridian == MERIDIAN_NONE)
        {
          gsize k = end;

          /* "9-11am": the range starts at 9am; "11-1pm" at 11am. */
          if (read_range_separator (s, &k) && read_time (s, &k, &end_hour, &end_minute, &end_meridian, &end_marked))
            {
              range = TRUE;
              end = k;
              if (end_meridian != MERIDIAN_NONE && hour <= 12)
                {
                  gboolean flips = hour % 12 > end_hour % 12;

                  meridian = !flips ? end_meridian : (end_meridian == MERIDIAN_AM ? MERIDIAN_PM : MERIDIAN_AM);
                }
            }
        }
      if (!marked && !range && !after_time_lead (s, i))
        {
          i = end - 1;
          continue;
        }
      *mask &= slots_starting_at (slots, hour, minute, meridian);
      (*n_clues)++;
      memset (s + i, ' ', end - i);
      i = end - 1;
    }
}

/* Narrows @mask to @set when @s says one of @words. */
static void
clue (const char         *s,
      const char * const *words,
      guint               set,
      guint              *mask,
      guint              *n_clues)
{
  if (redial_text_find_phrase (s, words) == NULL)
    return;
  *mask &= set;
  (*n_clues)++;
}

static guint
slots_on (const Slots *slots,
          const GDate *day)
{
  return (g_date_compare (&slots->date[0], day) == 0 ? SLOT_1 : 0) |
         (g_date_compare (&slots->date[1], day) == 0 ? SLOT_2 : 0);
}

static guint
slots_between (const Slots *slots,
               int          from_hour,
               int          to_hour)
{
  guint set = 0;

  for (guint k = 0; k < 2; k++)
    if (slots->hour[k] >= from_hour && slots->hour[k] < to_hour)
      set |= 1u << k;
  return set;
}

static void
describe_slots (Slots     *slots,
                gint64     slot_1_start,
                gint64     slot_2_start,
                GTimeZone *tz,
                gint64     now)
{
  gint64 starts[2] = { slot_1_start, slot_2_start };
  g_autoptr(GDateTime) today = redial_clock_date_time (now, tz);

  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(GDateTime) start = redial_clock_date_time (starts[k], tz);

      slots->hour[k] = g_date_time_get_hour (start);
      slots->minute[k] = g_date_time_get_minute (start);
      slots->weekday[k] = g_date_time_get_day_of_week (start);
      g_date_clear (&slots->date[k], 1);
      g_date_set_dmy (&slots->date[k], g_date_time_get_day_of_month (start), g_date_time_get_month (start),
                      g_date_time_get_year (start));
    }
  g_date_clear (&slots->today, 1);
  g_date_set_dmy (&slots->today, g_date_time_get_day_of_month (today), g_date_time_get_month (today),
                  g_date_time_get_year (today));
  slots->earlier = slot_1_start <= slot_2_start ? SLOT_1 : SLOT_2;
}

/* Whether @s, without its punctuation and spaces around, is one of @words. */
static gboolean
is_whole_reply (const char         *s,
                const char * const *words)
{
  g_autofree char *bare = g_strdup (s);
  char *start = bare;
  gsize len;

  while (*start != '\0' && !is_word_char (*start))
    start++;
  len = strlen (start);
  while (len > 0 && !is_word_char (start[len - 1]))
    start[--len] = '\0';
  return g_strv_contains (words, start);
}

RedialOfferReply
redial_offer_reply_parse (const char *reply,
                          gint64      slot_1_start,
                          gint64      slot_2_start,
                          GTimeZone  *tz,
                          gint64      now)
{
  static const char * const bare_one[] = { "one", "uno", NULL };
  static const char * const bare_two[] = { "two", "dos", NULL };
  g_autofree char *valid = NULL;
  g_autofree char *s = NULL;
  GDate tomorrow;
  Slots slots;
  guint mask = BOTH;
  guint n_clues = 0;

  if (reply == NULL || strlen (reply) > MAX_REPLY_BYTES)
    return REDIAL_OFFER_REPLY_UNCLEAR;

  valid = g_utf8_make_valid (reply, -1);
  s = g_utf8_strdown (valid, -1);
  g_strdelimit (s, "\t\r\n", ' ');
  describe_slots (&slots, slot_1_start, slot_2_start, tz, now);

  read_times (s, &slots, &mask, &n_clues);
  clue (s, slot_1_words, SLOT_1, &mask, &n_clues);
  clue (s, slot_2_words, SLOT_2, &mask, &n_clues);
  if (is_whole_reply (s, bare_one))
    clue (s, bare_one, SLOT_1, &mask, &n_clues);
  if (is_whole_reply (s, bare_two))
    clue (s, bare_two, SLOT_2, &mask, &n_clues);
  clue (s, either_words, BOTH, &mask, &n_clues);
  clue (s, refusal_words, 0, &mask, &n_clues);
  for (guint day = 0; day < 7; day++)
    {
      guint set = (slots.weekday[0] == (int) day + 1 ? SLOT_1 : 0) |
                  (slots.weekday[1] == (int) day + 1 ? SLOT_2 : 0);

      clue (s, weekday_words[day], set, &mask, &n_clues);
    }
  tomorrow = slots.today;
  g_date_add_days (&tomorrow, 1);
  clue (s, today_words, slots_on (&slots, &slots.today), &mask, &n_clues);
  clue (s, tomorrow_words, slots_on (&slots, &tomorrow), &mask, &n_clues);
  if (redial_text_find_phrase (s, morning_words) == NULL)
    clue (s, manana_words, slots_on (&slots, &tomorrow), &mask, &n_clues);
  clue (s, morning_words, slots_between (&slots, 0, 12), &mask, &n_clues);
  clue (s, afternoon_words, slots_between (&slots, 12, 17), &mask, &n_clues);
  clue (s, evening_words, slots_between (&slots, 17, 24), &mask, &n_clues);
  clue (s, earlier_words, slots.earlier, &mask, &n_clues);
  clue (s, later_words, BOTH & ~slots.earlier, &mask, &n_clues);

  if (n_clues == 0 || mask == 0 || mask == BOTH)
    return REDIAL_OFFER_REPLY_UNCLEAR;
  return mask == SLOT_1 ? REDIAL_OFFER_REPLY_SLOT_1 : REDIAL_OFFER_REPLY_SLOT_2;
}
