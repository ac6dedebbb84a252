/* redial-report-private.h: what the report's writers share: the figures in the order every output lists them. */
#pragma once

#include "redial-report.h"

G_BEGIN_DECLS

typedef enum
{
  REDIAL_FIGURE_COUNT,
  REDIAL_FIGURE_MONEY,    /* cents */
  REDIAL_FIGURE_SECONDS,
  REDIAL_FIGURE_PERCENT,  /* tenths of a percent */
} RedialFigureKind;

typedef struct
{
  const char       *key;     /* the JSON key and CSV name, as the README names it */
  const char       *label;   /* N_(): what the text and the PDF say */
  RedialFigureKind  kind;
  gboolean          indent;  /* a detail of the figure above it */
  gboolean          rated;   /* shown with its rate of the cases */
} RedialFigure;

/* Every figure of the totals, in the order the outputs list them. */
const RedialFigure *redial_report_list_figures  (guint                     *n_figures);
/* The value of figure @index in @totals; FALSE when it has none (no sample). */
gboolean            redial_report_figure_value  (const RedialReportTotals  *totals,
                                                 guint                      index,
                                                 gint64                    *value);
/* @value of @kind for people: "14", "≈ 3,600.00", "4 min 05 s", "75.0 %". */
char               *redial_report_format_value  (RedialFigureKind           kind,
                                                 gint64                     value);
/* Figure @index of @totals as the window and the PDF show it: "14",
 * "≈ 3,600.00" for revenue counted with estimates, "—" when it has none. */
char               *redial_report_describe_value  (const RedialReportTotals *totals,
                                                   guint                     index);
/* The period as people read it: "2026-11-30" or "2026-11-01 – 2026-11-30". */
char               *redial_report_describe_period (const GDate             *first,
                                                   const GDate             *last);

G_END_DECLS
