/* redial-report-pdf.c: the owner's report as one printable page, drawn on a Cairo PDF surface. */
#include "config.h"

#define G_LOG_DOMAIN "redial-reports"

#include <cairo-pdf.h>
#include <glib/gi18n.h>

#include "redial-report-private.h"

/* US Letter in points, with half-inch margins. */
#define PAGE_WIDTH  612.0
#define PAGE_HEIGHT 792.0
#define MARGIN      36.0
#define LINE        13.0

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Draws @text at (@x, @y), right-aligned to @x when @right. */
static void
show (cairo_t    *cr,
      double      x,
      double      y,
      const char *text,
      gboolean    right)
{
  cairo_text_extents_t extents;

  if (right)
    {
      cairo_text_extents (cr, text, &extents);
      x -= extents.x_advance;
    }
  cairo_move_to (cr, x, y);
  cairo_show_text (cr, text);
}

/* The funnel as bars, each as wide as its share of the cases. */
static double
draw_funnel (cairo_t                   *cr,
             const RedialReportTotals  *totals,
             double                     y)
{
  const struct { const char *label; guint value; } steps[] = {
    { N_("Cases"), totals->cases },
    { N_("Texted back"), totals->texted_back },
    { N_("Reached"), totals->reached },
    { N_("Qualified"), totals->qualified },
    { N_("Booked"), totals->booked },
  };
  double width = PAGE_WIDTH - 2 * MARGIN - 200;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      double share = totals->cases > 0 ? (double) steps[i].value / totals->cases : 0;
      g_autofree char *value = g_strdup_printf ("%u", steps[i].value);

      cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
      cairo_rectangle (cr, MARGIN + 120, y - 9, MAX (width * share, 1), 11);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
      show (cr, MARGIN, y, _(steps[i].label), FALSE);
      show (cr, PAGE_WIDTH - MARGIN, y, value, TRUE);
      y += LINE + 2;
    }
  return y;
}

GBytes *
redial_report_to_pdf (RedialReport  *self,
                      GError       **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  const RedialReportFigures *now, *before;
  const RedialFigure *figures;
  g_autofree char *title = NULL;
  g_autofree char *period = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  guint n_figures;
  cairo_t *cr;
  double y;

  g_return_val_if_fail (REDIAL_IS_REPORT (self), NULL);

  now = redial_report_get_figures (self);
  before = redial_report_get_previous (self);
  figures = redial_report_list_figures (&n_figures);

  surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Redial report"));
  cr = cairo_create (surface);

  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 16);
  title = g_strdup_printf (_("Report for %s"), redial_report_get_business_name (self));
  show (cr, MARGIN, MARGIN + 16, title, FALSE);
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 10);
  period = redial_report_describe_period (redial_report_get_first_day (self), redial_report_get_last_day (self));
  show (cr, MARGIN, MARGIN + 32, period, FALSE);

  y = draw_funnel (cr, &now->totals, MARGIN + 60) + LINE;

  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  show (cr, PAGE_WIDTH - MARGIN - 110, y, _("Period"), TRUE);
  show (cr, PAGE_WIDTH - MARGIN, y, _("Before"), TRUE);
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  y += LINE;
  for (guint i = 0; i < n_figures; i++)
    {
      g_autofree char *value = redial_report_describe_value (&now->totals, i);
      g_autofree char *previous = redial_report_describe_value (&before->totals, i);

      show (cr, MARGIN + (figures[i].indent ? 12 : 0), y, _(figures[i].label), FALSE);
      show (cr, PAGE_WIDTH - MARGIN - 110, y, value, TRUE);
      show (cr, PAGE_WIDTH - MARGIN, y, previous, TRUE);
      y += LINE;
    }
  if (now->totals.revenue_is_estimate)
    {
      cairo_set_font_size (cr, 8);
      show (cr, MARGIN, y, _("≈ Revenue counts the average job value for booked jobs entered without one."), FALSE);
      cairo_set_font_size (cr, 10);
      y += LINE;
    }

  y += LINE;
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  show (cr, MARGIN, y, _("By line"), FALSE);
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  y += LINE;
  /* What fits on the page: the lines that leak most. */
  for (guint i = 0; i < now->lines->len && y < PAGE_HEIGHT - MARGIN; i++)
    {
      RedialReportLine *line = g_ptr_array_index (now->lines, i);
      g_autofree char *revenue = redial_report_format_value (REDIAL_FIGURE_MONEY, line->revenue);
      g_autofree char *row = g_strdup_printf (_("%u missed, %u cases, %u reached, %u booked, %s%s"),
                                              line->missed_calls, line->cases, line->reached, line->booked,
                                              line->revenue_is_estimate ? "≈ " : "", revenue);

      show (cr, MARGIN, y, line->label != NULL ? line->label : _("No line"), FALSE);
      show (cr, PAGE_WIDTH - MARGIN, y, row, TRUE);
      y += LINE;
    }

  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, REDIAL_REPORT_ERROR, REDIAL_REPORT_ERROR_OUTPUT,
                   _("The PDF could not be drawn: %s"), cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}
