/* redial-config.h: the business's settings, read from a keyfile (--config FILE). */
#pragma once

#include <glib-object.h>

#include "redial-booking-settings.h"
#include "redial-hours.h"
#include "redial-intake-profile.h"
#include "redial-template-set.h"

G_BEGIN_DECLS

#define REDIAL_CONFIG_ERROR (redial_config_error_quark ())

typedef enum
{
  REDIAL_CONFIG_ERROR_READ,     /* the file is missing, unreadable or not a keyfile */
  REDIAL_CONFIG_ERROR_INVALID,  /* a key has a value Redial cannot use */
} RedialConfigError;

#define REDIAL_TYPE_CONFIG (redial_config_get_type ())
G_DECLARE_FINAL_TYPE (RedialConfig, redial_config, REDIAL, CONFIG, GObject)

GQuark        redial_config_error_quark              (void);

/* The settings Redial uses when nothing is configured. */
RedialConfig *redial_config_new                      (void);
/* Reads @path (see the README for every key). Unknown keys are logged and
 * ignored; a value that cannot be used fails with a sentence naming the
 * file, group and key. */
RedialConfig *redial_config_load                     (const char   *path,
                                                      GError      **error);
/* The same from keyfile text, for tests. */
RedialConfig *redial_config_load_from_data           (const char   *data,
                                                      const char   *source,
                                                      GError      **error);
/* $XDG_CONFIG_HOME/redial/redial.conf */
char         *redial_config_default_path             (void);

const char   *redial_config_get_business_name        (RedialConfig *self);
/* ISO 3166 code for numbers written without a country code. */
const char   *redial_config_get_region               (RedialConfig *self);
GTimeZone    *redial_config_get_time_zone            (RedialConfig *self);
/* "demo", "none", "ami", "baresip", "twilio" or "webhook"; for SMS
 * "demo", "none" or "twilio". */
const char   *redial_config_get_phone_system         (RedialConfig *self);
const char   *redial_config_get_sms_gateway          (RedialConfig *self);
/* The business number texts come from (E.164), or NULL. */
const char   *redial_config_get_sms_from             (RedialConfig *self);
/* The label of the business line @number (E.164), or NULL. */
const char   *redial_config_get_line_label           (RedialConfig *self,
                                                      const char   *number);
gboolean      redial_config_get_text_back_enabled    (RedialConfig *self);
gint64        redial_config_get_first_response_target  (RedialConfig *self);
gint64        redial_config_get_first_response_warning (RedialConfig *self);
/* The first-response target of an emergency ([sla] emergency-target,
 * 120 s by default); it warns at half of it (µs). */
gint64        redial_config_get_emergency_target       (RedialConfig *self);
/* The database path, or NULL for the default. */
const char   *redial_config_get_store_path           (RedialConfig *self);

/* When the business is open: [hours] and [holidays], in its time zone. */
RedialHours  *redial_config_get_hours                (RedialConfig *self);
/* Whether response timers count open hours only ([sla] business-hours-only). */
gboolean      redial_config_get_business_hours_only  (RedialConfig *self);
gint64        redial_config_get_reply_target         (RedialConfig *self);
gint64        redial_config_get_reply_warning        (RedialConfig *self);
/* How long a breach may last before it escalates (µs). */
gint64        redial_config_get_escalate_after       (RedialConfig *self);
/* How long the text-back waits for a person to call back first (µs, 0–120 s). */
gint64        redial_config_get_text_back_delay      (RedialConfig *self);
/* The texts: the shipped wording with the business's [template …] groups
 * over it; and the language texts go out in ([business] language). */
RedialTemplateSet *redial_config_get_templates       (RedialConfig *self);
const char   *redial_config_get_language             (RedialConfig *self);
/* How many follow-ups (0–2), after how long without an answer (µs). */
guint         redial_config_get_follow_up_count      (RedialConfig *self);
gint64        redial_config_get_follow_up_delay      (RedialConfig *self);
/* The online booking page for {booking_link}, or NULL. */
const char   *redial_config_get_booking_link         (RedialConfig *self);
/* What a booked job without a value is worth in the reports ([business]
 * average-job-value), in cents; -1 when unset. */
gint64        redial_config_get_average_job_value    (RedialConfig *self);
/* "home-service", "plumbing", "hvac", … */
const char   *redial_config_get_trade                (RedialConfig *self);
/* The trade's intake questions, the business's own file ([intake] file)
 * over them: checked when the settings are read. */
RedialIntakeProfile *redial_config_get_intake        (RedialConfig *self);
/* The postal codes served ([service-area] codes); everywhere when none. */
RedialServiceArea *redial_config_get_service_area    (RedialConfig *self);
/* Lower-case words and phrases that mean an emergency in a caller's text. */
const char * const *redial_config_get_emergency_words (RedialConfig *self);
/* Lower-case caller ID names robocallers use. */
const char * const *redial_config_get_spam_names     (RedialConfig *self);
/* Splits "a; b ;c" into lower-case words. */
GStrv         redial_config_split_words              (const char   *text);

/* Booking: [resource NAME], [job-type NAME] and [booking] (the notice,
 * buffer and hold time), read and checked with the rest. */
RedialBookingSettings *redial_config_get_booking    (RedialConfig *self);
/* The resources (RedialResource) and job types (RedialJobType) in the
 * file's order, owned by the settings. */
GPtrArray    *redial_config_get_resources            (RedialConfig *self);
GPtrArray    *redial_config_get_job_types            (RedialConfig *self);

/* The settings file as read, for the backends, which read and check their
 * own groups ([ami], [baresip], [twilio], [webhook]); and its name for
 * their error messages ("defaults" when there is no file). */
GKeyFile     *redial_config_get_keyfile              (RedialConfig *self);
const char   *redial_config_get_source               (RedialConfig *self);

/* Overrides for --demo and tests. */
void          redial_config_set_phone_system         (RedialConfig *self,
                                                      const char   *backend);
void          redial_config_set_sms_gateway          (RedialConfig *self,
                                                      const char   *backend);
void          redial_config_set_store_path           (RedialConfig *self,
                                                      const char   *path);

G_END_DECLS
