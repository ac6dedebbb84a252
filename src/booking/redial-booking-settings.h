/* redial-booking-settings.h: the business's booking settings: [resource NAME], [job-type NAME] and [booking]. */
#pragma once

#include <glib-object.h>

#include "redial-resource.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_BOOKING_SETTINGS (redial_booking_settings_get_type ())
G_DECLARE_FINAL_TYPE (RedialBookingSettings, redial_booking_settings, REDIAL, BOOKING_SETTINGS, GObject)

/* No resources, no job types, an hour's notice, no buffer, 30-minute holds. */
RedialBookingSettings *redial_booking_settings_new                (void);
/* Reads the booking groups of @keyfile (see the README's settings), in
 * place of what @self held. A value Redial cannot use fails with @domain
 * and @code and a sentence naming @source, the group and the key, and
 * leaves @self as it was. Unknown keys of those groups are logged. */
gboolean               redial_booking_settings_load_keyfile       (RedialBookingSettings *self,
                                                                   GKeyFile              *keyfile,
                                                                   const char            *source,
                                                                   GQuark                 domain,
                                                                   int                    code,
                                                                   GError               **error);
/* Whether @group ("resource Joe", "booking") is one the booking reads. */
gboolean               redial_booking_settings_owns_group         (const char            *group);

/* The resources (RedialResource) and job types (RedialJobType) in the
 * file's order: owned by @self. */
GPtrArray             *redial_booking_settings_get_resources      (RedialBookingSettings *self);
GPtrArray             *redial_booking_settings_get_job_types      (RedialBookingSettings *self);
/* [booking] minimum-notice and buffer, in µs. */
gint64                 redial_booking_settings_get_minimum_notice (RedialBookingSettings *self);
gint64                 redial_booking_settings_get_buffer         (RedialBookingSettings *self);
/* [booking] hold-minutes: how long an offered slot is held. */
guint                  redial_booking_settings_get_hold_minutes   (RedialBookingSettings *self);

/* Reads "2h", "90m", "1h30m" into µs; FALSE for anything else. */
gboolean               redial_booking_parse_duration              (const char            *text,
                                                                   gint64                *out);
/* Reads weekly hours ("mon-fri 08:00-12:00, 13:00-17:00; sat 09:00-13:00")
 * into @resource. FALSE with a sentence (domain and code as given) for
 * text that is none. */
gboolean               redial_booking_parse_hours                 (const char            *text,
                                                                   RedialResource        *resource,
                                                                   GQuark                 domain,
                                                                   int                    code,
                                                                   GError               **error);

/* @resource's weekly hours in words for the desk, days grouped
 * ("Mon–Fri 8:00–12:00, 13:00–17:00 · Sat 9:00–13:00"), or "No hours".
 * Free with g_free(). */
char                  *redial_booking_describe_hours              (RedialResource        *resource);

G_END_DECLS
