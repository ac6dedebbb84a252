/* redial-report-colors.h: the theme's colours the report's charts draw with, light or dark. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The accent colour bars and cells fill with (libadwaita's named
 * accent_bg_color, which follows the dark style) and the text colour of
 * @widget, which faint tracks are drawn from. */
static inline void
redial_report_colors_get (GtkWidget *widget,
                          GdkRGBA   *accent,
                          GdkRGBA   *fg)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  gtk_style_context_get_color (context, fg);
  if (!gtk_style_context_lookup_color (context, "accent_bg_color", accent))
    *accent = (GdkRGBA) { 0.21f, 0.52f, 0.89f, 1.f };
  G_GNUC_END_IGNORE_DEPRECATIONS
}

G_END_DECLS
