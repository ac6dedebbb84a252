/* redial-report-builder.h: the owner's report put together from the facts a store reads, the same for every store. */
#pragma once

#include "redial-report-figures.h"

G_BEGIN_DECLS

/* One case opened in the period, with its facts, as a store keeps them
 * (see the SQLite schema's case_facts). Strings are borrowed. */
typedef struct
{
  gint64      case_id;
  const char *caller;
  const char *caller_name;
  const char *line_label;
  const char *kind;
  const char *outcome;               /* NULL while open */
  const char *state;
  gint64      first_call_at;         /* Unix µs */
  guint       n_calls;
  gint64      first_response_at;     /* 0 for none */
  gint64      job_value;             /* cents, -1 for none */
  gboolean    emergency;
  const char *owner;
  gboolean    returning;             /* a known customer, or a caller with an earlier case */
  gboolean    opted_out;             /* while the case was open */
  gint64      handed_at;             /* the automatic text's hand-off, 0 for none */
  gboolean    replied;
  gboolean    called_back;           /* a call-back that reached the caller */
  gboolean    qualified_event;
  const char *first_actor;           /* first to claim, take over or call back */
  const char *first_author;          /* first to write a text */
  guint       breaches;
  gboolean    first_response_breached;
  guint       escalations;
  const char *reply_waits;           /* "waiting since:answered at;…" (Unix µs), or NULL */
} RedialReportFacts;

typedef struct _RedialReportBuilder RedialReportBuilder;

/* A new builder of @query's figures (@query must outlive it). */
RedialReportBuilder *redial_report_builder_new            (const RedialReportQuery *query);
void                 redial_report_builder_free           (RedialReportBuilder     *self);

/* Adds a case opened in the period (in the order of the cases table:
 * oldest first), counted in the funnel or on its own line. */
void                 redial_report_builder_add_case       (RedialReportBuilder     *self,
                                                           const RedialReportFacts *facts);
void                 redial_report_builder_set_opt_outs   (RedialReportBuilder     *self,
                                                           guint                    opt_outs);
/* Counts the funnel and builds its tables, once every case was added;
 * the breaches and missed calls come after. */
void                 redial_report_builder_count_cases    (RedialReportBuilder     *self);

/* Whether @case_id is one of the funnel's cases of the period; whether
 * it opened in the period at all. */
gboolean             redial_report_builder_in_funnel      (RedialReportBuilder     *self,
                                                           gint64                   case_id);
gboolean             redial_report_builder_in_period      (RedialReportBuilder     *self,
                                                           gint64                   case_id);

/* Adds a breach of a response clock of a case opened in the period;
 * ignored unless the case is in the funnel. @first_response_at is 0
 * while none came. */
void                 redial_report_builder_add_breach     (RedialReportBuilder     *self,
                                                           gint64                   case_id,
                                                           const char              *clock,
                                                           gint64                   at,
                                                           gint64                   first_call_at,
                                                           gint64                   first_response_at,
                                                           gboolean                 escalated);
/* Adds a missed call of a funnel's case (of the period or older),
 * started in the quarter hour @quarter since the epoch, on @line_label. */
void                 redial_report_builder_add_missed_call (RedialReportBuilder    *self,
                                                            const char             *line_label,
                                                            gint64                  quarter);

/* The figures (owned by the caller), ending the builder's work. */
RedialReportFigures *redial_report_builder_finish         (RedialReportBuilder     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RedialReportBuilder, redial_report_builder_free)

G_END_DECLS
