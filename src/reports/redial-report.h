/* redial-report.h: the owner's report: one period in the business's time zone and the period before, as the store computes them. */
#pragma once

#include <gio/gio.h>

#include "redial-config.h"
#include "redial-store.h"

G_BEGIN_DECLS

#define REDIAL_REPORT_ERROR (redial_report_error_quark ())

typedef enum
{
  REDIAL_REPORT_ERROR_DATE,    /* a date that cannot be read, or a range that ends before it starts */
  REDIAL_REPORT_ERROR_OUTPUT,  /* the file cannot be written */
} RedialReportError;

#define REDIAL_TYPE_REPORT (redial_report_get_type ())
G_DECLARE_FINAL_TYPE (RedialReport, redial_report, REDIAL, REPORT, GObject)

GQuark        redial_report_error_quark   (void);

/* Reads a date written YYYY-MM-DD into @date; fails with
 * REDIAL_REPORT_ERROR_DATE and a sentence naming @text. */
gboolean      redial_report_parse_date    (const char    *text,
                                           GDate         *date,
                                           GError       **error);

/* The query for the days @first to @last (inclusive) in the business's
 * time zone, with the business's targets, hours and average job value:
 * what the store is asked. @query's time zone is @config's (borrowed). */
void          redial_report_query_init    (RedialReportQuery *query,
                                           RedialConfig      *config,
                                           const GDate       *first,
                                           const GDate       *last);

/* Computes the report of the days @first to @last in @store, with the
 * same number of days before them for comparison. Blocks: run it in a
 * worker thread for a window (redial_report_compute_async()). Returns a
 * new report, or NULL with the store's error. */
RedialReport *redial_report_compute      (RedialStore   *store,
                                           RedialConfig  *config,
                                           const GDate   *first,
                                           const GDate   *last,
                                           GError       **error);
/* The same in a worker thread; the callback runs in the calling thread's
 * main context. */
void          redial_report_compute_async  (RedialStore         *store,
                                            RedialConfig        *config,
                                            const GDate         *first,
                                            const GDate         *last,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
RedialReport *redial_report_compute_finish (GAsyncResult        *result,
                                            GError             **error);

/* The business the report is for (untrusted text: never markup). */
const char                *redial_report_get_business_name (RedialReport *self);
/* The first and last day of the period. */
const GDate               *redial_report_get_first_day     (RedialReport *self);
const GDate               *redial_report_get_last_day      (RedialReport *self);
GTimeZone                 *redial_report_get_time_zone     (RedialReport *self);
/* The figures of the period, with every table; and those of the period
 * before (totals only). Owned by the report, which never changes them:
 * a view may read them from any thread. */
const RedialReportFigures *redial_report_get_figures       (RedialReport *self);
const RedialReportFigures *redial_report_get_previous      (RedialReport *self);

/* ── Writers (redial-report-writers.c, redial-report-pdf.c) ── */

/* The report as text for a terminal, in the desk's language. Free with g_free(). */
char         *redial_report_to_text      (RedialReport  *self);
/* The report as JSON, one key per definition of the README. */
char         *redial_report_to_json      (RedialReport  *self);
/* The figures as CSV (one row per figure: name, period, period before),
 * or with @cases one row per case of the funnel. */
char         *redial_report_to_csv       (RedialReport  *self,
                                          gboolean       cases);
/* The report as a one-page PDF (US Letter). */
GBytes       *redial_report_to_pdf       (RedialReport  *self,
                                          GError       **error);

G_END_DECLS
