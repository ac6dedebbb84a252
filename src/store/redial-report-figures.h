/* redial-report-figures.h: the owner's report as the store computes it: plain structs a writer or a view reads. */
#pragma once

#include <glib.h>

#include "redial-types.h"

G_BEGIN_DECLS

/* How much counted time lies between @from and @to (Unix µs): open hours
 * only when the business counts so. */
typedef gint64 (*RedialReportElapsedFunc) (gint64   from,
                                           gint64   to,
                                           gpointer user_data);

/* What to compute: one period and the rules its figures follow. */
typedef struct
{
  gint64                   from;                   /* Unix µs, included */
  gint64                   to;                     /* Unix µs, excluded */
  GTimeZone               *time_zone;              /* the business's: hours and weekdays */
  gint64                   first_response_target;  /* µs */
  gint64                   emergency_target;       /* µs, an emergency's first-response target */
  gint64                   average_job_value;      /* cents; -1 when the business set none */
  RedialReportElapsedFunc  elapsed;                /* NULL: wall-clock time */
  gpointer                 elapsed_data;
  gboolean                 totals_only;            /* skip the tables (the period before) */
} RedialReportQuery;

/* A duration's spread, in seconds; -1 when there is no sample. */
typedef struct
{
  guint  n;
  gint64 median;
  gint64 p90;
} RedialReportSpread;

/* One figure per definition of the README ("Reports"). */
typedef struct
{
  guint              missed_calls;
  guint              cases;
  guint              new_callers;
  guint              returning_callers;
  guint              texted_back;
  guint              reached;
  guint              qualified;
  guint              booked;
  gint64             revenue;                       /* cents */
  gboolean           revenue_is_estimate;
  RedialReportSpread text_back_delay;
  RedialReportSpread first_response;
  guint              first_response_timed;          /* cases whose clock ended or breached */
  guint              first_response_within_target;
  RedialReportSpread reply_response;
  guint              breaches;
  guint              escalations;
  guint              spam;
  guint              blocked;
  guint              anonymous;
  guint              opt_outs;
} RedialReportTotals;

/* A business line ("Main", "Google Ads"): NULL label for calls on no known line. */
typedef struct
{
  char   *label;
  guint   missed_calls;
  guint   cases;
  guint   reached;
  guint   booked;
  gint64  revenue;
  gboolean revenue_is_estimate;
} RedialReportLine;

/* A person at the desk: who claimed a case, or else first responded to it. */
typedef struct
{
  char               *person;
  guint               cases;
  RedialReportSpread  first_response;
  guint               first_response_timed;
  guint               first_response_within_target;
  guint               breaches;
  guint               booked;
} RedialReportPerson;

/* Why cases were lost: the outcome of closed cases not booked. */
typedef struct
{
  RedialCaseOutcome outcome;
  guint             cases;
} RedialReportLoss;

/* One breach of a response clock. */
typedef struct
{
  gint64          case_id;
  char           *caller;        /* E.164 or NULL */
  char           *caller_name;   /* untrusted text */
  char           *person;        /* NULL: nobody had the case */
  RedialSlaClock  clock;
  gint64          at;            /* Unix µs of the breach */
  gint64          waited;        /* s the caller waited for the answer; -1 while none came */
  gboolean        escalated;
} RedialReportBreach;

/* One case of the funnel, with what the figures count of it. */
typedef struct
{
  gint64             case_id;
  char              *caller;
  char              *caller_name;
  char              *line_label;
  char              *person;
  gint64             opened_at;      /* Unix µs */
  guint              n_calls;
  gboolean           returning;
  gboolean           texted_back;
  gboolean           reached;
  gboolean           qualified;
  gboolean           booked;
  gint64             revenue;        /* cents; -1 for none */
  gboolean           revenue_is_estimate;
  int                outcome;        /* a RedialCaseOutcome, or -1 while open */
  gint64             first_response; /* s counted, -1 for none */
  gint64             text_back_delay;/* s, -1 for none */
  guint              breaches;
} RedialReportCase;

typedef struct
{
  gint64              from;
  gint64              to;
  RedialReportTotals  totals;
  /* The tables (empty when the query asked for totals only). */
  GPtrArray          *lines;     /* RedialReportLine, most missed calls first */
  GPtrArray          *people;    /* RedialReportPerson, by name */
  GPtrArray          *losses;    /* RedialReportLoss, most cases first */
  GPtrArray          *breaches;  /* RedialReportBreach, oldest first */
  GPtrArray          *cases;     /* RedialReportCase, oldest first */
  /* Missed calls by weekday (0 Monday … 6 Sunday) and hour, in the time zone. */
  guint               missed_by_hour[7][24];
} RedialReportFigures;

/* New, empty figures for [@from, @to). */
RedialReportFigures *redial_report_figures_new  (gint64               from,
                                                 gint64               to);
void                 redial_report_figures_free (RedialReportFigures *figures);

/* The spread of @seconds (sorted in place): nearest-rank median and p90. */
RedialReportSpread   redial_report_spread       (GArray              *seconds);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RedialReportFigures, redial_report_figures_free)

G_END_DECLS
