/* redial-report-writers.c: the owner's report as text, CSV and JSON: the same figures, worded for a terminal, a spreadsheet or a program. */
#include "config.h"

#define G_LOG_DOMAIN "redial-reports"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "redial-report-private.h"

enum
{
  FIGURE_MISSED_CALLS,
  FIGURE_CASES,
  FIGURE_NEW_CALLERS,
  FIGURE_RETURNING_CALLERS,
  FIGURE_TEXTED_BACK,
  FIGURE_REACHED,
  FIGURE_QUALIFIED,
  FIGURE_BOOKED,
  FIGURE_REVENUE,
  FIGURE_TEXT_BACK_DELAY_MEDIAN,
  FIGURE_TEXT_BACK_DELAY_P90,
  FIGURE_FIRST_RESPONSE_MEDIAN,
  FIGURE_FIRST_RESPONSE_P90,
  FIGURE_FIRST_RESPONSE_WITHIN_TARGET,
  FIGURE_REPLY_RESPONSE_MEDIAN,
  FIGURE_REPLY_RESPONSE_P90,
  FIGURE_BREACHES,
  FIGURE_ESCALATIONS,
  FIGURE_SPAM,
  FIGURE_BLOCKED,
  FIGURE_ANONYMOUS,
  FIGURE_OPT_OUTS,
};

static const RedialFigure figures[] = {
  [FIGURE_MISSED_CALLS] = { "missed_calls", N_("Missed calls"), REDIAL_FIGURE_COUNT, FALSE, FALSE },
  [FIGURE_CASES] = { "cases", N_("Cases"), REDIAL_FIGURE_COUNT, FALSE, FALSE },
  [FIGURE_NEW_CALLERS] = { "new_callers", N_("New callers"), REDIAL_FIGURE_COUNT, TRUE, FALSE },
  [FIGURE_RETURNING_CALLERS] = { "returning_callers", N_("Returning callers"), REDIAL_FIGURE_COUNT, TRUE, FALSE },
  [FIGURE_TEXTED_BACK] = { "texted_back", N_("Texted back"), REDIAL_FIGURE_COUNT, FALSE, TRUE },
  [FIGURE_REACHED] = { "reached", N_("Reached"), REDIAL_FIGURE_COUNT, FALSE, TRUE },
  [FIGURE_QUALIFIED] = { "qualified", N_("Qualified"), REDIAL_FIGURE_COUNT, FALSE, TRUE },
  [FIGURE_BOOKED] = { "booked", N_("Booked"), REDIAL_FIGURE_COUNT, FALSE, TRUE },
  [FIGURE_REVENUE] = { "revenue", N_("Revenue"), REDIAL_FIGURE_MONEY, FALSE, FALSE },
  [FIGURE_TEXT_BACK_DELAY_MEDIAN] = { "text_back_delay_median", N_("Text-back delay, median"), REDIAL_FIGURE_SECONDS, FALSE, FALSE },
  [FIGURE_TEXT_BACK_DELAY_P90] = { "text_back_delay_p90", N_("Text-back delay, 90th percentile"), REDIAL_FIGURE_SECONDS, TRUE, FALSE },
  [FIGURE_FIRST_RESPONSE_MEDIAN] = { "first_response_median", N_("First human response, median"), REDIAL_FIGURE_SECONDS, FALSE, FALSE },
  [FIGURE_FIRST_RESPONSE_P90] = { "first_response_p90", N_("First human response, 90th percentile"), REDIAL_FIGURE_SECONDS, TRUE, FALSE },
  [FIGURE_FIRST_RESPONSE_WITHIN_TARGET] = { "first_response_within_target", N_("First human response within target"), REDIAL_FIGURE_PERCENT, TRUE, FALSE },
  [FIGURE_REPLY_RESPONSE_MEDIAN] = { "reply_response_median", N_("Reply response, median"), REDIAL_FIGURE_SECONDS, FALSE, FALSE },
  [FIGURE_REPLY_RESPONSE_P90] = { "reply_response_p90", N_("Reply response, 90th percentile"), REDIAL_FIGURE_SECONDS, TRUE, FALSE },
  [FIGURE_BREACHES] = { "breaches", N_("Breaches"), REDIAL_FIGURE_COUNT, FALSE, FALSE },
  [FIGURE_ESCALATIONS] = { "escalations", N_("Escalations"), REDIAL_FIGURE_COUNT, FALSE, FALSE },
  [FIGURE_SPAM] = { "spam", N_("Spam"), REDIAL_FIGURE_COUNT, FALSE, FALSE },
  [FIGURE_BLOCKED] = { "blocked", N_("Blocked"), REDIAL_FIGURE_COUNT, FALSE, FALSE },
  [FIGURE_ANONYMOUS] = { "anonymous", N_("Anonymous"), REDIAL_FIGURE_COUNT, FALSE, FALSE },
  [FIGURE_OPT_OUTS] = { "opt_outs", N_("Opt-outs"), REDIAL_FIGURE_COUNT, FALSE, FALSE },
};

const RedialFigure *
redial_report_list_figures (guint *n_figures)
{
  g_return_val_if_fail (n_figures != NULL, NULL);

  *n_figures = G_N_ELEMENTS (figures);
  return figures;
}

/* @part of @whole in tenths of a percent, rounded. */
static gint64
permille (guint part,
          guint whole)
{
  return (1000 * (gint64) part + whole / 2) / whole;
}

static gboolean
spread_value (gint64  seconds,
              gint64 *value)
{
  *value = seconds;
  return seconds >= 0;
}

gboolean
redial_report_figure_value (const RedialReportTotals *totals,
                            guint                     index,
                            gint64                   *value)
{
  g_return_val_if_fail (totals != NULL && value != NULL, FALSE);

  *value = 0;
  switch (index)
    {
    case FIGURE_MISSED_CALLS: *value = totals->missed_calls; return TRUE;
    case FIGURE_CASES: *value = totals->cases; return TRUE;
    case FIGURE_NEW_CALLERS: *value = totals->new_callers; return TRUE;
    case FIGURE_RETURNING_CALLERS: *value = totals->returning_callers; return TRUE;
    case FIGURE_TEXTED_BACK: *value = totals->texted_back; return TRUE;
    case FIGURE_REACHED: *value = totals->reached; return TRUE;
    case FIGURE_QUALIFIED: *value = totals->qualified; return TRUE;
    case FIGURE_BOOKED: *value = totals->booked; return TRUE;
    case FIGURE_REVENUE: *value = totals->revenue; return TRUE;
    case FIGURE_TEXT_BACK_DELAY_MEDIAN: return spread_value (totals->text_back_delay.median, value);
    case FIGURE_TEXT_BACK_DELAY_P90: return spread_value (totals->text_back_delay.p90, value);
    case FIGURE_FIRST_RESPONSE_MEDIAN: return spread_value (totals->first_response.median, value);
    case FIGURE_FIRST_RESPONSE_P90: return spread_value (totals->first_response.p90, value);
    case FIGURE_FIRST_RESPONSE_WITHIN_TARGET:
      if (totals->first_response_timed == 0)
        return FALSE;
      *value = permille (totals->first_response_within_target, totals->first_response_timed);
      return TRUE;
    case FIGURE_REPLY_RESPONSE_MEDIAN: return spread_value (totals->reply_response.median, value);
    case FIGURE_REPLY_RESPONSE_P90: return spread_value (totals->reply_response.p90, value);
    case FIGURE_BREACHES: *value = totals->breaches; return TRUE;
    case FIGURE_ESCALATIONS: *value = totals->escalations; return TRUE;
    case FIGURE_SPAM: *value = totals->spam; return TRUE;
    case FIGURE_BLOCKED: *value = totals->blocked; return TRUE;
    case FIGURE_ANONYMOUS: *value = totals->anonymous; return TRUE;
    case FIGURE_OPT_OUTS: *value = totals->opt_outs; return TRUE;
    default:
      g_return_val_if_reached (FALSE);
    }
}

static char *
format_money (gint64 cents)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *units = g_strdup_printf ("%" G_GINT64_FORMAT, cents / 100);
  gsize len = strlen (units);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (text, ',');
      g_string_append_c (text, units[i]);
    }
  g_string_append_printf (text, ".%02d", (int) (cents % 100));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
redial_report_format_value (RedialFigureKind kind,
                            gint64           value)
{
  switch (kind)
    {
    case REDIAL_FIGURE_MONEY:
      return format_money (value);
    case REDIAL_FIGURE_SECONDS:
      if (value < 60)
        return g_strdup_printf (_("%d s"), (int) value);
      if (value < 3600)
        return g_strdup_printf (_("%d min %02d s"), (int) (value / 60), (int) (value % 60));
      return g_strdup_printf (_("%d h %02d min"), (int) (value / 3600), (int) (value % 3600 / 60));
    case REDIAL_FIGURE_PERCENT:
      return g_strdup_printf ("%d.%d %%", (int) (value / 10), (int) (value % 10));
    case REDIAL_FIGURE_COUNT:
    default:
      return g_strdup_printf ("%" G_GINT64_FORMAT, value);
    }
}

char *
redial_report_describe_value (const RedialReportTotals *totals,
                              guint                     index)
{
  gint64 value;
  g_autofree char *text = NULL;

  g_return_val_if_fail (totals != NULL && index < G_N_ELEMENTS (figures), NULL);

  if (!redial_report_figure_value (totals, index, &value))
    return g_strdup ("—");
  text = redial_report_format_value (figures[index].kind, value);
  if (figures[index].kind == REDIAL_FIGURE_MONEY && totals->revenue_is_estimate)
    return g_strdup_printf ("≈ %s", text);
  return g_steal_pointer (&text);
}

char *
redial_report_describe_period (const GDate *first,
                               const GDate *last)
{
  char from_text[16], to_text[16];

  g_date_strftime (from_text, sizeof from_text, "%Y-%m-%d", first);
  g_date_strftime (to_text, sizeof to_text, "%Y-%m-%d", last);
  if (g_date_compare (first, last) == 0)
    return g_strdup (from_text);
  return g_strdup_printf ("%s – %s", from_text, to_text);
}

/* A figure's value for people, "—" when it has none, with its estimate mark. */
static char *
describe_figure (const RedialReportTotals *totals,
                 guint                     index)
{
  gint64 value;
  g_autofree char *text = NULL;

  if (!redial_report_figure_value (totals, index, &value))
    return g_strdup ("—");
  text = redial_report_format_value (figures[index].kind, value);
  if (index == FIGURE_REVENUE && totals->revenue_is_estimate)
    return g_strdup_printf (_("≈ %s (estimate)"), text);
  if (figures[index].rated && totals->cases > 0)
    return g_strdup_printf ("%s (%d %%)", text, (int) ((100 * value + totals->cases / 2) / totals->cases));
  return g_steal_pointer (&text);
}

static char *
format_seconds_or_dash (gint64 seconds)
{
  return seconds < 0 ? g_strdup ("—") : redial_report_format_value (REDIAL_FIGURE_SECONDS, seconds);
}

static char *
format_time (RedialReport *self,
             gint64        at)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, redial_report_get_time_zone (self));

  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/* Pads @text with spaces to @width characters (not bytes). */
static void
append_padded (GString    *out,
               const char *text,
               int         width,
               gboolean    right)
{
  int pad = MAX (width - (int) g_utf8_strlen (text, -1), 0);

  if (right)
    for (int i = 0; i < pad; i++)
      g_string_append_c (out, ' ');
  g_string_append (out, text);
  if (!right)
    for (int i = 0; i < pad; i++)
      g_string_append_c (out, ' ');
}

static void
append_text_tables (RedialReport *self,
                    GString      *out)
{
  const RedialReportFigures *now = redial_report_get_figures (self);

  g_string_append_printf (out, "\n%s\n", _("By line"));
  for (guint i = 0; i < now->lines->len; i++)
    {
      RedialReportLine *line = g_ptr_array_index (now->lines, i);
      g_autofree char *revenue = format_money (line->revenue);

      g_string_append (out, "  ");
      append_padded (out, line->label != NULL ? line->label : _("No line"), 24, FALSE);
      g_string_append_printf (out, _("%u missed, %u cases, %u reached, %u booked, %s%s\n"),
                              line->missed_calls, line->cases, line->reached, line->booked,
                              line->revenue_is_estimate ? "≈ " : "", revenue);
    }

  g_string_append_printf (out, "\n%s\n", _("By person at the desk"));
  for (guint i = 0; i < now->people->len; i++)
    {
      RedialReportPerson *person = g_ptr_array_index (now->people, i);
      g_autofree char *median = format_seconds_or_dash (person->first_response.median);
      g_autofree char *within = person->first_response_timed == 0 ? g_strdup ("—")
        : redial_report_format_value (REDIAL_FIGURE_PERCENT,
                                      permille (person->first_response_within_target, person->first_response_timed));

      g_string_append (out, "  ");
      append_padded (out, person->person, 24, FALSE);
      g_string_append_printf (out, _("%u cases, first response %s, %s within target, %u breaches, %u booked\n"),
                              person->cases, median, within, person->breaches, person->booked);
    }

  g_string_append_printf (out, "\n%s\n", _("Why cases were lost"));
  for (guint i = 0; i < now->losses->len; i++)
    {
      RedialReportLoss *loss = g_ptr_array_index (now->losses, i);

      g_string_append (out, "  ");
      append_padded (out, redial_case_outcome_describe (loss->outcome), 32, FALSE);
      g_string_append_printf (out, " %u\n", loss->cases);
    }

  g_string_append_printf (out, "\n%s\n", _("Breaches"));
  for (guint i = 0; i < now->breaches->len; i++)
    {
      RedialReportBreach *breach = g_ptr_array_index (now->breaches, i);
      g_autofree char *when = format_time (self, breach->at);
      g_autofree char *waited = format_seconds_or_dash (breach->waited);
      const char *who = breach->caller_name != NULL ? breach->caller_name
                        : breach->caller != NULL ? breach->caller : _("Unknown caller");

      g_string_append_printf (out, "  %s  ", when);
      append_padded (out, who, 24, FALSE);
      g_string_append_printf (out, "%s  %s  %s%s\n",
                              breach->clock == REDIAL_SLA_CLOCK_REPLY ? _("reply") : _("first response"),
                              breach->person != NULL ? breach->person : _("nobody"),
                              waited, breach->escalated ? _(", escalated") : "");
    }

  g_string_append_printf (out, "\n%s\n      ", _("Missed calls by hour"));
  for (int hour = 0; hour < 24; hour++)
    g_string_append_printf (out, "%3d", hour);
  g_string_append_c (out, '\n');
  for (int day = 0; day < 7; day++)
    {
      /* 2024-01-01 was a Monday. */
      g_autoptr(GDateTime) monday = g_date_time_new_utc (2024, 1, 1 + day, 12, 0, 0);
      g_autofree char *name = g_date_time_format (monday, "%a");

      g_string_append (out, "  ");
      append_padded (out, name, 4, FALSE);
      for (int hour = 0; hour < 24; hour++)
        {
          guint n = now->missed_by_hour[day][hour];

          if (n == 0)
            g_string_append (out, "  .");
          else
            g_string_append_printf (out, "%3u", n);
        }
      g_string_append_c (out, '\n');
    }
}

char *
redial_report_to_text (RedialReport *self)
{
  const RedialReportFigures *now, *before;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *period = NULL;
  GDate before_first, before_last;
  g_autofree char *before_period = NULL;

  g_return_val_if_fail (REDIAL_IS_REPORT (self), NULL);

  now = redial_report_get_figures (self);
  before = redial_report_get_previous (self);
  period = redial_report_describe_period (redial_report_get_first_day (self), redial_report_get_last_day (self));
  before_last = *redial_report_get_first_day (self);
  g_date_subtract_days (&before_last, 1);
  before_first = *redial_report_get_first_day (self);
  g_date_subtract_days (&before_first,
                        g_date_days_between (redial_report_get_first_day (self), redial_report_get_last_day (self)) + 1);
  before_period = redial_report_describe_period (&before_first, &before_last);

  g_string_append_printf (out, _("Report for %s, %s\n"), redial_report_get_business_name (self), period);
  g_string_append_printf (out, _("Compared with %s\n\n"), before_period);
  append_padded (out, "", 40, FALSE);
  append_padded (out, _("Period"), 24, TRUE);
  append_padded (out, _("Before"), 24, TRUE);
  g_string_append_c (out, '\n');

  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      g_autofree char *label = g_strconcat (figures[i].indent ? "  " : "", _(figures[i].label), NULL);
      g_autofree char *value = describe_figure (&now->totals, i);
      g_autofree char *previous = describe_figure (&before->totals, i);

      if (i == FIGURE_TEXT_BACK_DELAY_MEDIAN || i == FIGURE_SPAM)
        g_string_append_c (out, '\n');
      append_padded (out, label, 40, FALSE);
      append_padded (out, value, 24, TRUE);
      append_padded (out, previous, 24, TRUE);
      g_string_append_c (out, '\n');
    }

  append_text_tables (self, out);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A CSV field: quoted when it must be, and never read as a formula by
 * a spreadsheet (a caller's name is untrusted text). */
static void
append_csv_field (GString    *out,
                  const char *text,
                  gboolean    last)
{
  if (text == NULL)
    text = "";
  if (strchr ("=+-@\t\r", text[0]) != NULL && text[0] != '\0' && !g_ascii_isdigit (text[1]))
    {
      g_autofree char *guarded = g_strconcat ("'", text, NULL);

      append_csv_field (out, guarded, last);
      return;
    }
  if (strpbrk (text, ",\"\r\n") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, text);
  g_string_append (out, last ? "\r\n" : ",");
}

/* A figure's value for a program: a plain number (money in units with
 * cents, percentages with one decimal), or empty when it has none. */
static char *
raw_value (const RedialReportTotals *totals,
           guint                     index)
{
  gint64 value;

  if (!redial_report_figure_value (totals, index, &value))
    return g_strdup ("");
  if (figures[index].kind == REDIAL_FIGURE_MONEY)
    return g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", value / 100, (int) (value % 100));
  if (figures[index].kind == REDIAL_FIGURE_PERCENT)
    return g_strdup_printf ("%d.%d", (int) (value / 10), (int) (value % 10));
  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

static const char *
yes_no (gboolean value)
{
  return value ? "1" : "0";
}

char *
redial_report_to_csv (RedialReport *self,
                      gboolean      cases)
{
  const RedialReportFigures *now;
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (REDIAL_IS_REPORT (self), NULL);

  now = redial_report_get_figures (self);
  if (!cases)
    {
      const RedialReportFigures *before = redial_report_get_previous (self);

      g_string_append (out, "figure,period,previous\r\n");
      for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
        {
          g_autofree char *value = raw_value (&now->totals, i);
          g_autofree char *previous = raw_value (&before->totals, i);

          append_csv_field (out, figures[i].key, FALSE);
          append_csv_field (out, value, FALSE);
          append_csv_field (out, previous, TRUE);
          if (i == FIGURE_REVENUE)
            {
              append_csv_field (out, "revenue_is_estimate", FALSE);
              append_csv_field (out, yes_no (now->totals.revenue_is_estimate), FALSE);
              append_csv_field (out, yes_no (before->totals.revenue_is_estimate), TRUE);
            }
        }
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  g_string_append (out, "case_id,opened_at,caller,caller_name,line,person,calls,returning,texted_back,"
                        "reached,qualified,booked,revenue,revenue_is_estimate,outcome,"
                        "first_response_seconds,text_back_delay_seconds,breaches\r\n");
  for (guint i = 0; i < now->cases->len; i++)
    {
      RedialReportCase *row = g_ptr_array_index (now->cases, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, row->case_id);
      g_autofree char *opened = format_time (self, row->opened_at);
      g_autofree char *calls = g_strdup_printf ("%u", row->n_calls);
      g_autofree char *revenue = row->revenue < 0 ? g_strdup ("")
        : g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", row->revenue / 100, (int) (row->revenue % 100));
      g_autofree char *first_response = row->first_response < 0 ? g_strdup ("")
        : g_strdup_printf ("%" G_GINT64_FORMAT, row->first_response);
      g_autofree char *delay = row->text_back_delay < 0 ? g_strdup ("")
        : g_strdup_printf ("%" G_GINT64_FORMAT, row->text_back_delay);
      g_autofree char *breaches = g_strdup_printf ("%u", row->breaches);

      append_csv_field (out, id, FALSE);
      append_csv_field (out, opened, FALSE);
      append_csv_field (out, row->caller, FALSE);
      append_csv_field (out, row->caller_name, FALSE);
      append_csv_field (out, row->line_label, FALSE);
      append_csv_field (out, row->person, FALSE);
      append_csv_field (out, calls, FALSE);
      append_csv_field (out, yes_no (row->returning), FALSE);
      append_csv_field (out, yes_no (row->texted_back), FALSE);
      append_csv_field (out, yes_no (row->reached), FALSE);
      append_csv_field (out, yes_no (row->qualified), FALSE);
      append_csv_field (out, yes_no (row->booked), FALSE);
      append_csv_field (out, revenue, FALSE);
      append_csv_field (out, yes_no (row->revenue_is_estimate), FALSE);
      append_csv_field (out, row->outcome >= 0 ? redial_case_outcome_to_string (row->outcome) : "", FALSE);
      append_csv_field (out, first_response, FALSE);
      append_csv_field (out, delay, FALSE);
      append_csv_field (out, breaches, TRUE);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
add_json_figure (JsonBuilder              *builder,
                 const RedialReportTotals *totals,
                 guint                     index)
{
  gint64 value;

  json_builder_set_member_name (builder, figures[index].key);
  if (!redial_report_figure_value (totals, index, &value))
    json_builder_add_null_value (builder);
  else if (figures[index].kind == REDIAL_FIGURE_MONEY)
    json_builder_add_double_value (builder, value / 100.0);
  else if (figures[index].kind == REDIAL_FIGURE_PERCENT)
    json_builder_add_double_value (builder, value / 10.0);
  else
    json_builder_add_int_value (builder, value);
}

static void
add_json_totals (JsonBuilder              *builder,
                 const RedialReportTotals *totals)
{
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      add_json_figure (builder, totals, i);
      if (i == FIGURE_REVENUE)
        {
          json_builder_set_member_name (builder, "revenue_is_estimate");
          json_builder_add_boolean_value (builder, totals->revenue_is_estimate);
        }
    }
}

static void
add_json_string (JsonBuilder *builder,
                 const char  *name,
                 const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_json_int (JsonBuilder *builder,
              const char  *name,
              gint64       value,
              gboolean     known)
{
  json_builder_set_member_name (builder, name);
  if (known)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_json_tables (RedialReport *self,
                 JsonBuilder  *builder)
{
  const RedialReportFigures *now = redial_report_get_figures (self);

  json_builder_set_member_name (builder, "by_line");
  json_builder_begin_array (builder);
  for (guint i = 0; i < now->lines->len; i++)
    {
      RedialReportLine *line = g_ptr_array_index (now->lines, i);

      json_builder_begin_object (builder);
      add_json_string (builder, "line", line->label);
      add_json_int (builder, "missed_calls", line->missed_calls, TRUE);
      add_json_int (builder, "cases", line->cases, TRUE);
      add_json_int (builder, "reached", line->reached, TRUE);
      add_json_int (builder, "booked", line->booked, TRUE);
      json_builder_set_member_name (builder, "revenue");
      json_builder_add_double_value (builder, line->revenue / 100.0);
      json_builder_set_member_name (builder, "revenue_is_estimate");
      json_builder_add_boolean_value (builder, line->revenue_is_estimate);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "by_person");
  json_builder_begin_array (builder);
  for (guint i = 0; i < now->people->len; i++)
    {
      RedialReportPerson *person = g_ptr_array_index (now->people, i);

      json_builder_begin_object (builder);
      add_json_string (builder, "person", person->person);
      add_json_int (builder, "cases", person->cases, TRUE);
      add_json_int (builder, "first_response_median", person->first_response.median,
                    person->first_response.median >= 0);
      add_json_int (builder, "first_response_p90", person->first_response.p90,
                    person->first_response.p90 >= 0);
      json_builder_set_member_name (builder, "first_response_within_target");
      if (person->first_response_timed == 0)
        json_builder_add_null_value (builder);
      else
        json_builder_add_double_value (builder,
                                       permille (person->first_response_within_target,
                                                 person->first_response_timed) / 10.0);
      add_json_int (builder, "breaches", person->breaches, TRUE);
      add_json_int (builder, "booked", person->booked, TRUE);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "lost_reasons");
  json_builder_begin_array (builder);
  for (guint i = 0; i < now->losses->len; i++)
    {
      RedialReportLoss *loss = g_ptr_array_index (now->losses, i);

      json_builder_begin_object (builder);
      add_json_string (builder, "outcome", redial_case_outcome_to_string (loss->outcome));
      add_json_int (builder, "cases", loss->cases, TRUE);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "breach_list");
  json_builder_begin_array (builder);
  for (guint i = 0; i < now->breaches->len; i++)
    {
      RedialReportBreach *breach = g_ptr_array_index (now->breaches, i);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (breach->at / G_USEC_PER_SEC);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, redial_report_get_time_zone (self));
      g_autofree char *at = g_date_time_format_iso8601 (local);

      json_builder_begin_object (builder);
      add_json_int (builder, "case_id", breach->case_id, TRUE);
      add_json_string (builder, "caller", breach->caller);
      add_json_string (builder, "caller_name", breach->caller_name);
      add_json_string (builder, "person", breach->person);
      add_json_string (builder, "clock", redial_sla_clock_to_string (breach->clock));
      add_json_string (builder, "at", at);
      add_json_int (builder, "waited", breach->waited, breach->waited >= 0);
      json_builder_set_member_name (builder, "escalated");
      json_builder_add_boolean_value (builder, breach->escalated);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "missed_calls_by_hour");
  json_builder_begin_array (builder);
  for (int day = 0; day < 7; day++)
    {
      json_builder_begin_array (builder);
      for (int hour = 0; hour < 24; hour++)
        json_builder_add_int_value (builder, now->missed_by_hour[day][hour]);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
}

char *
redial_report_to_json (RedialReport *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char from_text[16], to_text[16];

  g_return_val_if_fail (REDIAL_IS_REPORT (self), NULL);

  g_date_strftime (from_text, sizeof from_text, "%Y-%m-%d", redial_report_get_first_day (self));
  g_date_strftime (to_text, sizeof to_text, "%Y-%m-%d", redial_report_get_last_day (self));

  json_builder_begin_object (builder);
  add_json_string (builder, "business", redial_report_get_business_name (self));
  add_json_string (builder, "from", from_text);
  add_json_string (builder, "to", to_text);
  add_json_string (builder, "time_zone", g_time_zone_get_identifier (redial_report_get_time_zone (self)));
  add_json_totals (builder, &redial_report_get_figures (self)->totals);
  json_builder_set_member_name (builder, "previous");
  json_builder_begin_object (builder);
  add_json_totals (builder, &redial_report_get_previous (self)->totals);
  json_builder_end_object (builder);
  add_json_tables (self, builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}
