/* redial-rules-fixture.h: a business on the fake clock, its engine, and the moves of the rule scenarios. */
#pragma once

#include "redial-engine.h"

G_BEGIN_DECLS

#define SECONDS(n) ((gint64) (n) * G_USEC_PER_SEC)
#define MINUTES(n) (SECONDS (n) * 60)
#define HOURS(n) (MINUTES (n) * 60)

/* A plumber in Chicago with a lunch break, closed at weekends. */
extern const char *plumber_conf;

typedef struct
{
  char             *dir;
  char             *path;
  GTimeZone        *tz;
  RedialConfig     *config;
  RedialStore      *store;
  RedialClock      *clock;
  RedialSmsGateway *gateway;
  RedialEngine     *engine;
  GPtrArray        *alerts;  /* "kind: message", with " (urgent)" after an urgent one */
  GArray           *batches; /* guint: the size of each ::alerts emission */
  guint             n_call;
} Fixture;

/* Unix µs of 2026-@month-@day @hour:@minute in Chicago. */
gint64       local            (Fixture       *f,
                               int            month,
                               int            day,
                               int            hour,
                               int            minute);
void         start_engine     (Fixture       *f);
/* The business @conf, its engine started at @start on a fake clock. */
void         setup_with       (Fixture       *f,
                               const char    *conf,
                               gint64         start);
/* GTest fixture functions: @data is the conf (NULL: plumber_conf), at
 * Wednesday 2026-11-25, 10:00 in Chicago. */
void         fixture_setup    (Fixture       *f,
                               gconstpointer  data);
void         fixture_teardown (Fixture       *f,
                               gconstpointer  data);
/* Moves the clock on, a second at a time, draining the main loop. */
void         advance_to       (Fixture       *f,
                               gint64         when);
void         advance          (Fixture       *f,
                               gint64         delta);
/* A missed call from @caller that rang for @ring and ended now. */
void         call             (Fixture       *f,
                               const char    *caller,
                               const char    *name,
                               gint64         ring);
/* The same, ended as @disposition says. */
void         call_as          (Fixture           *f,
                               const char        *caller,
                               const char        *name,
                               gint64             ring,
                               RedialDisposition  disposition);
void         reply            (Fixture       *f,
                               const char    *from,
                               const char    *body);
RedialCase  *queue_item       (Fixture       *f,
                               guint          position);
guint        queue_length     (Fixture       *f);
/* The kinds of the texts a case has, in order: "text-back,reply,…". */
char        *texts_of         (Fixture       *f,
                               RedialCase    *kase);
const char  *body_of_last     (Fixture       *f,
                               RedialCase    *kase);
/* How many texts the demo gateway sent. */
guint        sent             (Fixture       *f);

G_END_DECLS
