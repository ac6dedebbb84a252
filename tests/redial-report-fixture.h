/* redial-report-fixture.h: a day of the owner's report worked out by hand, shared by every test that checks its figures. */
#pragma once

#include "redial-store.h"

G_BEGIN_DECLS

/* The business's settings, without [store]: Chicago, open Mon–Fri
 * 08:00–17:00, a 5-minute first-response target, $350 a job. */
extern const char redial_report_fixture_settings[];

/* Local time in @tz in 2026, Unix µs. */
gint64 redial_report_fixture_at    (GTimeZone   *tz,
                                    int          month,
                                    int          day,
                                    int          hour,
                                    int          minute,
                                    int          second);

/* Records into @store (empty) the history test-report.c works out by
 * hand: Monday 30 November 2026 in @tz (Chicago) and the Sunday before
 * it, with Cal's earlier case in October. */
void   redial_report_fixture_build (RedialStore *store,
                                    GTimeZone   *tz);

G_END_DECLS
