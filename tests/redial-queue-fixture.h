/* redial-queue-fixture.h: the window under a real X server, fed on a fake clock, driven as a person drives it. */
#pragma once

#include "redial-context.h"
#include "redial-fake-clock.h"
#include "redial-queue-row.h"
#include "redial-queue-view.h"
#include "redial-window.h"

G_BEGIN_DECLS

#define START_US G_GINT64_CONSTANT (1795615200000000)
#define SECONDS(n) ((gint64) (n) * G_USEC_PER_SEC)

typedef struct
{
  gboolean demo;    /* the demo phone system and SMS gateway feed the window */
  gboolean sms;     /* the demo SMS gateway alone: texts go out, no call comes in */
  int      width;   /* of the window; 900 when 0 */
  int      height;  /* 700 when 0 */
  const char *settings;  /* the business's, without [store]; Acme Plumbing when NULL */
  gint64   start_us;     /* the fake clock's start; START_US when 0 */
  /* Records a history into @store (the business's time zone @tz) before
   * the window opens on it, or NULL. */
  void   (*prepare) (RedialStore *store, GTimeZone *tz);
} QueueFixtureOptions;

typedef struct
{
  char          *dir;
  char          *path;
  RedialClock   *clock;
  RedialStore   *store;
  RedialEngine  *engine;
  RedialContext *context;
  RedialWindow  *window;
} Fixture;

typedef gboolean (*QueueCondition) (Fixture *f, gconstpointer data);

void       queue_fixture_setup    (Fixture *f, gconstpointer options);
void       queue_fixture_teardown (Fixture *f, gconstpointer options);

/* For a test of one page of the window, in two steps around making the
 * page on f->context: opens a context on a fake clock at START_US on the
 * business's @settings (without [store]) and a new database, the desk
 * user Dana, the window's style, the pointer off the window; then shows
 * @page alone in a window @width by @height (f->window) whose app.*
 * actions are the @n_actions at @actions (called with @user_data),
 * starts the context and waits until it is drawn.
 * queue_fixture_teardown() undoes both. */
void       queue_fixture_open_desk (Fixture *f, const char *settings);
void       queue_fixture_show_page (Fixture *f, GtkWidget *page, const GActionEntry *actions, guint n_actions,
                                    gpointer user_data, int width, int height);

/* Runs the main loop until @condition holds; fails the test, saying
 * @what, when it does not within ten seconds. */
void       queue_wait_until       (Fixture *f, QueueCondition condition, gconstpointer data, const char *what);
/* Until the window has laid out and drawn what changed. */
void       queue_settle           (Fixture *f);
/* Moves the fake clock by @delta_us, tick by tick. */
void       queue_advance          (Fixture *f, gint64 delta_us);

/* A missed call from @caller (E.164) named @name, @seconds_ago; returns
 * its case, owned by the queue. */
RedialCase *queue_add_call        (Fixture *f, const char *id, const char *caller, const char *name, int seconds_ago);

/* Every queue row on screen, top to bottom. */
GPtrArray *queue_collect_rows     (Fixture *f);
/* The texts of the visible labels inside @widget, joined by " | ". */
char      *queue_row_text         (GtkWidget *widget);
/* The row on screen whose labels mention @text, or NULL. */
GtkWidget *queue_find_row         (Fixture *f, const char *text);
RedialQueueView *queue_view       (Fixture *f);

/* The real pointer, through the X server (xdotool, no --window): moves it
 * to the middle of @widget, or to the screen point @x, @y. */
void       queue_pointer_to       (Fixture *f, GtkWidget *widget);
void       queue_pointer_to_point (int x, int y);
/* Moves the pointer to the point @x, @y of @widget (its own coordinates),
 * in the window or in a dialog or popover of its own. */
void       queue_pointer_to_widget_point (Fixture *f, GtkWidget *widget, double x, double y);
void       queue_click            (void);
/* Presses (TRUE) or releases the first button, where the pointer is. */
void       queue_button           (gboolean pressed);
/* Types through the X server, into whatever has the keyboard. */
void       queue_type             (const char *text);
void       queue_key              (const char *keys);
/* The row under the pointer now, as GTK sees it, or NULL. */
RedialQueueRow *queue_row_under_pointer (Fixture *f);

G_END_DECLS
