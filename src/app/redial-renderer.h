/* redial-renderer.h: how the window draws: cairo where OpenGL is only a software rasterizer. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Chooses how Redial's windows draw on @display, before the first window
 * is shown. Where OpenGL runs in software (llvmpipe, softpipe: a virtual
 * machine, a remote desktop, a display with no GPU) GTK's OpenGL renderer
 * repaints the whole window for each changed timer, which keeps a core
 * busy at a desk that does nothing; cairo repaints only what changed, so
 * Redial draws with cairo there. A GSK_RENDERER the user set is always
 * kept. Returns whether cairo was chosen. */
gboolean redial_renderer_choose (GdkDisplay *display);

G_END_DECLS
