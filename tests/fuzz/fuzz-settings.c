/* fuzz-settings.c: a settings file as a person may write it: the business's settings and each backend's group. */
#include "config.h"

#include <gio/gio.h>

#include "redial-ami-settings.h"
#include "redial-baresip-settings.h"
#include "redial-config.h"
#include "redial-fuzz.h"
#include "redial-twilio-settings.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(RedialConfig) config = NULL;
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  RedialAmiSettings ami = { 0, };
  RedialBaresipSettings baresip = { 0, };
  RedialTwilioSettings twilio = { 0, };

  redial_fuzz_init ();

  config = redial_config_load_from_data (text, "fuzz.conf", &error);
  g_assert_true ((config == NULL) == (error != NULL));
  if (config != NULL)
    {
      g_assert_nonnull (redial_config_get_region (config));
      g_assert_nonnull (redial_config_get_hours (config));
      g_assert_nonnull (redial_config_get_templates (config));
      redial_config_get_line_label (config, "+13125550118");
    }

  if (!g_key_file_load_from_data (keyfile, text, -1, G_KEY_FILE_NONE, NULL))
    return 0;
  redial_ami_settings_read (&ami, keyfile, "fuzz.conf", NULL);
  redial_ami_settings_clear (&ami);
  redial_baresip_settings_read (&baresip, keyfile, "fuzz.conf", NULL);
  redial_baresip_settings_clear (&baresip);
  redial_twilio_settings_read (&twilio, keyfile, "fuzz.conf", 1, G_IO_ERROR, G_IO_ERROR_FAILED, NULL);
  redial_twilio_settings_clear (&twilio);
  return 0;
}
