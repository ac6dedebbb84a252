/* redial-reports-view-private.h: what the Reports view's files share: its fields, and the pieces its figures and tables are made of. */
#pragma once

#include "redial-report-private.h"
#include "redial-reports-view.h"

G_BEGIN_DECLS

/* Which cases of the funnel a number counts. */
typedef enum
{
  CASES_NONE,            /* the number counts no case of the funnel */
  CASES_ALL,
  CASES_TEXTED_BACK,
  CASES_REACHED,
  CASES_QUALIFIED,
  CASES_BOOKED,
  CASES_RETURNING,
  CASES_NEW,
  CASES_TEXT_BACK_TIMED,
  CASES_FIRST_RESPONSE_TIMED,
  CASES_BREACHED,
} CaseFlag;

/* Which cases a number opens: those with @flag, and on @line, of
 * @person, closed with @outcome, or the one case @case_id, when set. */
typedef struct
{
  CaseFlag    flag;
  gboolean    by_line;
  const char *line;
  const char *person;
  int         outcome;   /* -2: any */
  gint64      case_id;   /* 0: any */
} CaseFilter;

#define ANY_CASE(flag_) ((CaseFilter) { .flag = (flag_), .outcome = -2 })

/* Breaches listed before a "Show all" button: a month can hold hundreds,
 * and the first frame must not wait for them. */
#define N_BREACHES_FIRST 20

struct _RedialReportsView
{
  AdwBin               parent_instance;

  GtkDropDown         *period_dropdown;
  GtkWidget           *range_box;
  GtkMenuButton       *from_button;
  GtkMenuButton       *to_button;
  GtkCalendar         *from_calendar;
  GtkCalendar         *to_calendar;
  GtkSpinner          *spinner;
  GtkSpinner          *loading_spinner;
  GtkStack            *stack;
  AdwStatusPage       *error_page;
  GtkBox              *content;

  RedialContext       *context;
  RedialReport        *report;
  GCancellable        *cancellable;
  guint                generation;  /* of the count whose answer is awaited */
  gboolean             busy;
  gboolean             choosing;    /* the calendars are being set, not chosen */
  gint64               counting_since;
  gboolean             all_breaches; /* every breach listed, not the first few */
};

/* A label of @text (plain text, never markup), aligned at @xalign. */
GtkWidget *redial_reports_view_label          (const char        *text,
                                               float              xalign,
                                               const char        *css_class);
/* A label that wraps on a narrow window (never inside a table that
 * scrolls sideways, which would grow tall instead). */
GtkWidget *redial_reports_view_wrapping_label (const char        *text,
                                               const char        *css_class);
/* @text as a button that shows in the window's queue the cases of the
 * report @filter finds, or as a plain value when it counts none of
 * them; @what names the figure for a screen reader. */
GtkWidget *redial_reports_view_number         (RedialReportsView *self,
                                               const char        *text,
                                               const char        *what,
                                               const CaseFilter  *filter);
/* An empty table. */
GtkWidget *redial_reports_view_grid           (void);
/* Makes the view's widgets anew for the report it holds. */
void       redial_reports_view_show_report    (RedialReportsView *self);

/* The tables (redial-reports-view-tables.c). */
GtkWidget *redial_reports_view_lines_table    (RedialReportsView *self);
GtkWidget *redial_reports_view_losses_table   (RedialReportsView *self);
GtkWidget *redial_reports_view_people_table   (RedialReportsView *self);
/* The first N_BREACHES_FIRST breaches, with a Show All button, unless
 * all_breaches. */
GtkWidget *redial_reports_view_breaches_table (RedialReportsView *self);
/* Missed calls by weekday and hour, open hours marked. */
GtkWidget *redial_reports_view_heat_map       (RedialReportsView *self);

G_END_DECLS
