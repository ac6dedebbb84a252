/* racers.h: desks in separate processes (store-racer), racing on one store: fed lines, answering one line each. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  GSubprocess      *process;
  GOutputStream    *in;
  GDataInputStream *out;
  const char       *name;
} Racer;

/* A contest: @n_racers desks, @races races, sent to every desk @batch
 * at a time (each desk runs them in the same order, as fast as it can,
 * so that they collide on every one). */
typedef struct
{
  guint n_racers;
  guint races;
  guint batch;
} Contest;

/* The desks' names, one a racer: at most ten racers. */
extern const char * const racer_names[10];

/* Starts store-racer on the store at @location as the desk @name, and
 * waits until it says "ready" (it has opened the store). */
void   racer_start  (Racer      *racer,
                     const char *location,
                     const char *name);
/* Sends @text (whole lines) to the racer. */
void   racer_send   (Racer      *racer,
                     const char *text);
/* The racer's next line (free with g_free()). */
char  *racer_answer (Racer      *racer);
/* Ends the racer's input and waits for it to exit successfully. */
void   racer_stop   (Racer      *racer);

G_END_DECLS
