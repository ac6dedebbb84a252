/* redial-service-area.h: the ZIP and postal codes a business serves, checked as a code is typed. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Where a code stands against the area. */
typedef enum
{
  REDIAL_SERVICE_AREA_INSIDE,    /* the code is served */
  REDIAL_SERVICE_AREA_OUTSIDE,   /* no code the area lists can begin so */
  REDIAL_SERVICE_AREA_UNSURE,    /* too short to tell yet: more is being typed */
} RedialServiceAreaCheck;

#define REDIAL_TYPE_SERVICE_AREA (redial_service_area_get_type ())
G_DECLARE_FINAL_TYPE (RedialServiceArea, redial_service_area, REDIAL, SERVICE_AREA, GObject)

/* An area of @codes: whole codes ("60601", "L4C 3G5") or prefixes of them
 * ("606", "L4C"), in any case and spacing. No codes at all means the
 * business takes every code (every check is INSIDE). */
RedialServiceArea      *redial_service_area_new        (const char * const *codes);

/* Whether the area lists no codes. */
gboolean                redial_service_area_is_everywhere (RedialServiceArea *self);

/* Checks @code, whole or as far as it is typed: INSIDE when it begins with
 * one of the listed codes, UNSURE while it is a beginning of one, else
 * OUTSIDE. Spaces, hyphens and case do not count. */
RedialServiceAreaCheck  redial_service_area_check      (RedialServiceArea  *self,
                                                        const char         *code);

G_END_DECLS
