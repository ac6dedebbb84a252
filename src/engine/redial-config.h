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
/* [store] url: the shared desks' PostgreSQL database (a postgresql://
 * URL without its password), or NULL for the SQLite file. */
const char   *redial_config_get_store_url            (RedialConfig *self);
/* [store] password-file: a 0600 file holding the database's password,
 * or NULL for the keyring (or libpq's own ~/.pgpass). */
const char   *redial_config_get_store_password_file  (RedialConfig *self);

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
/* Whether the day's summary is shown at closing time ([report] end-of-day). */
gboolean      redial_config_get_end_of_day           (RedialConfig *self);
/* The owner's number the summary is texted to (E.164; [report]
 * end-of-day-sms), or NULL. */
const char   *redial_config_get_end_of_day_sms       (RedialConfig *self);
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

/* ── Shared by the desks (redial-config-shared.c) ── */

/* Whether settings group @group is the business's, shared by every desk
 * on one store: [business], [hours], [holidays], [sla], [text-back],
 * [follow-up], [rules], [lines], [template …], [reply …], [resource …],
 * [job-type …], [booking], [intake], [service-area], [report]. The rest
 * is the desk's own or secret: [store], [phone-system], [sms], [desk]
 * and the backends' connections ([ami], [twilio], [baresip], [webhook],
 * [caldav]). */
gboolean      redial_config_is_shared_group          (const char   *group);
/* The business-wide groups of the settings file, as keyfile text, with
 * the questions of an [intake] file written in ([intake] profile), so
 * that every desk reads the same. Returns a new string, or NULL with
 * REDIAL_CONFIG_ERROR_READ when the intake file cannot be read. */
char         *redial_config_to_shared                (RedialConfig *self,
                                                      GError      **error);
/* Settings with the business-wide groups of @shared (keyfile text, as
 * redial_config_to_shared() writes it; named @shared_source in errors)
 * and everything else from @self's file. *@overridden (when not NULL)
 * is set to the keys of @self's file the shared settings replace, or add
 * to it, as "[group] key" (a new array, empty when they agree). Returns
 * new settings, or NULL with REDIAL_CONFIG_ERROR. */
RedialConfig *redial_config_new_with_shared          (RedialConfig *self,
                                                      const char   *shared,
                                                      const char   *shared_source,
                                                      GStrv        *overridden,
                                                      GError      **error);
/* Takes the business-wide settings (and the settings file as read) of
 * @from into @self, in place, so that every part of Redial holding @self
 * goes by them from now on; then emits RedialConfig::changed. @from is
 * spent: it keeps @self's former values, which stay valid while @self
 * lives (a worker thread may be reading one), and is only to be unref'd. */
void          redial_config_update                   (RedialConfig *self,
                                                      RedialConfig *from);

G_END_DECLS
