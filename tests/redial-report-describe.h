/* redial-report-describe.h: the owner's report written out figure by figure, for tests that compare two reports. */
#pragma once

#include "redial-config.h"
#include "redial-report-figures.h"
#include "redial-store.h"

G_BEGIN_DECLS

/* Every figure of @figures, a line each: equal figures, equal text.
 * Free with g_free(). */
char *redial_report_describe          (const RedialReportFigures *figures);
/* The reports of 2 and 3 November 2026, the week of the 9th to the
 * 15th and the whole month, with the periods before them, from @store
 * with @config's business settings, written out. Free with g_free(). */
char *redial_report_describe_november (RedialStore               *store,
                                       RedialConfig              *config);

G_END_DECLS
