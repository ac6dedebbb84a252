/* redial-renderer.c: how the window draws: cairo where OpenGL is only a software rasterizer. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include <string.h>

#include <epoxy/gl.h>

#include "redial-renderer.h"

/* What Mesa's software rasterizers call themselves in GL_RENDERER. */
static const char * const software_renderers[] = {
  "llvmpipe",
  "softpipe",
  "Software Rasterizer",
  "SWR",
};

static gboolean
is_software (const char *renderer)
{
  for (guint i = 0; i < G_N_ELEMENTS (software_renderers); i++)
    if (strstr (renderer, software_renderers[i]) != NULL)
      return TRUE;
  return FALSE;
}

gboolean
redial_renderer_choose (GdkDisplay *display)
{
  g_autoptr(GdkGLContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const char *renderer;
  gboolean software;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), FALSE);

  if (g_getenv ("GSK_RENDERER") != NULL)
    return FALSE;

  /* Without OpenGL at all GTK draws with cairo by itself. */
  context = gdk_display_create_gl_context (display, &error);
  if (context == NULL || !gdk_gl_context_realize (context, &error))
    {
      g_debug ("No OpenGL to ask: %s", error->message);
      return FALSE;
    }

  gdk_gl_context_make_current (context);
  renderer = (const char *) glGetString (GL_RENDERER);
  software = renderer != NULL && is_software (renderer);
  g_debug ("OpenGL renderer: %s", renderer != NULL ? renderer : "unknown");
  gdk_gl_context_clear_current ();

  if (!software)
    return FALSE;

  /* GTK reads it when it makes the first window's renderer. */
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_message ("OpenGL runs in software here (%s): drawing with cairo", renderer);
  return TRUE;
}
