/* redial-bench-history.h: three years of a busy desk's history for the report benchmarks. */
#pragma once

#include "redial-store.h"

G_BEGIN_DECLS

#define REDIAL_BENCH_HISTORY_CALLS 1000000
#define REDIAL_BENCH_HISTORY_CASES 250000

/* The business the history is of: Chicago, $350 a job. */
extern const char redial_bench_history_settings[];

/* The path of a database holding the history up to 31 December 2026:
 * 1,000,000 calls, 250,000 cases over three years, generated into the
 * build folder the first time (a minute) and kept for the schema's
 * version. Free with g_free(). */
char *redial_bench_history_ensure (void);

G_END_DECLS
