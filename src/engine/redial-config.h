/* redial-config.h: the business's settings, read from a keyfile (--config FILE). */
#pragma once

#include <glib-object.h>

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
const char   *redial_config_get_text_back_template   (RedialConfig *self);
gint64        redial_config_get_first_response_target  (RedialConfig *self);
gint64        redial_config_get_first_response_warning (RedialConfig *self);
/* The database path, or NULL for the default. */
const char   *redial_config_get_store_path           (RedialConfig *self);

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
