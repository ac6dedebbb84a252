/* test-config.c: the settings keyfile: defaults, every key, and bad values. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "redial-config.h"

static void
test_defaults (void)
{
  g_autoptr(RedialConfig) config = redial_config_new ();

  g_assert_cmpstr (redial_config_get_region (config), ==, "US");
  g_assert_cmpstr (redial_config_get_phone_system (config), ==, "none");
  g_assert_true (redial_config_get_text_back_enabled (config));
  g_assert_cmpint (redial_config_get_first_response_target (config), ==, 300 * G_USEC_PER_SEC);
  g_assert_cmpint (redial_config_get_first_response_warning (config), ==, 180 * G_USEC_PER_SEC);
  g_assert_cmpstr (redial_config_get_language (config), ==, "en");
  g_assert_nonnull (redial_template_set_lookup (redial_config_get_templates (config),
                                                REDIAL_TEMPLATE_USE_AFTER_HOURS, "en"));
  g_assert_null (redial_config_get_store_path (config));
  g_assert_false (redial_config_get_end_of_day (config));
  g_assert_null (redial_config_get_end_of_day_sms (config));
}

static void
test_every_key (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialConfig) config = redial_config_load_from_data (
    "[business]\n"
    "name = Acme Plumbing\n"
    "region = GB\n"
    "time-zone = Europe/London\n"
    "[phone-system]\n"
    "backend = demo\n"
    "[sms]\n"
    "backend = demo\n"
    "from = 020 7946 0018\n"
    "[lines]\n"
    "020 7946 0019 = Main\n"
    "+44 20 7946 0020 = Google Ads\n"
    "[text-back]\n"
    "enabled = false\n"
    "[template busy-hours en]\n"
    "text = {business}: sorry we missed you!\n"
    "[sla]\n"
    "first-response-target = 600\n"
    "first-response-warning = 120\n"
    "[store]\n"
    "path = /tmp/acme.db\n"
    "[report]\n"
    "end-of-day = true\n"
    "end-of-day-sms = 07700 900123\n",
    "acme.conf", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (redial_config_get_business_name (config), ==, "Acme Plumbing");
  g_assert_cmpstr (redial_config_get_region (config), ==, "GB");
  g_assert_cmpstr (g_time_zone_get_identifier (redial_config_get_time_zone (config)), ==, "Europe/London");
  g_assert_cmpstr (redial_config_get_phone_system (config), ==, "demo");
  g_assert_cmpstr (redial_config_get_sms_gateway (config), ==, "demo");
  g_assert_cmpstr (redial_config_get_sms_from (config), ==, "+442079460018");
  g_assert_cmpstr (redial_config_get_line_label (config, "+442079460019"), ==, "Main");
  g_assert_cmpstr (redial_config_get_line_label (config, "+442079460020"), ==, "Google Ads");
  g_assert_null (redial_config_get_line_label (config, "+442079460021"));
  g_assert_false (redial_config_get_text_back_enabled (config));
  g_assert_cmpstr (redial_template_get_text (redial_template_set_lookup (redial_config_get_templates (config),
                                                                        REDIAL_TEMPLATE_USE_BUSY_HOURS, "en")),
                   ==, "{business}: sorry we missed you!");
  g_assert_cmpint (redial_config_get_first_response_target (config), ==, 600 * G_USEC_PER_SEC);
  g_assert_cmpint (redial_config_get_first_response_warning (config), ==, 120 * G_USEC_PER_SEC);
  g_assert_cmpstr (redial_config_get_store_path (config), ==, "/tmp/acme.db");
  g_assert_true (redial_config_get_end_of_day (config));
  g_assert_cmpstr (redial_config_get_end_of_day_sms (config), ==, "+447700900123");
}

static void
test_bad_values (void)
{
  static const struct {
    const char *text;
    const char *names;  /* what the error must mention */
  } cases[] = {
    { "[business]\nregion = Narnia\n", "[business] region" },
    { "[business]\ntime-zone = Mars/Olympus\n", "[business] time-zone" },
    { "[business]\nname =\n", "[business] name" },
    { "[phone-system]\nbackend = asterisk9000\n", "[phone-system] backend" },
    { "[sms]\nfrom = call me maybe\n", "[sms] from" },
    { "[lines]\nnot a number = Main\n", "[lines] not a number" },
    { "[lines]\n+13125550118 =\n", "[lines] +13125550118" },
    { "[text-back]\nenabled = sometimes\n", "[text-back] enabled" },
    { "[sla]\nfirst-response-target = -5\n", "[sla] first-response-target" },
    { "[sla]\nfirst-response-target = 60\nfirst-response-warning = 90\n", "[sla] first-response-warning" },
    { "[template busy-hours en]\ntext = Hi {frist_name}\n", "[template busy-hours en] text" },
    { "[hours]\nmonday = 9-5\n", "[hours] monday" },
    { "[holidays]\n2026-13-01 = closed\n", "[holidays] 2026-13-01" },
    { "[follow-up]\ncount = 3\n", "[follow-up] count" },
    { "[text-back]\ndelay = 500\n", "[text-back] delay" },
    { "[business]\ntrade = astronaut\n", "[business] trade" },
    { "[business]\nlanguage = fr\n", "[business] language" },
    { "[report]\nend-of-day = daily\n", "[report] end-of-day" },
    { "[report]\nend-of-day-sms = the owner\n", "[report] end-of-day-sms" },
    /* An escape GKeyFile does not know (found by fuzz-settings). */
    { "[business]\nname = Acme\\e Plumbing\n", "[business] name" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RedialConfig) config = redial_config_load_from_data (cases[i].text, "bad.conf", &error);

      g_assert_null (config);
      g_assert_error (error, REDIAL_CONFIG_ERROR, REDIAL_CONFIG_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, "bad.conf: "));
      g_assert_nonnull (strstr (error->message, cases[i].names));
    }
}

static void
test_language_has_templates (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialConfig) config = NULL;

  config = redial_config_load_from_data ("[business]\nlanguage = fr\n", "acme.conf", &error);
  g_assert_null (config);
  g_assert_error (error, REDIAL_CONFIG_ERROR, REDIAL_CONFIG_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "acme.conf: [business] language: Redial has no texts in “fr”: expected one of en, es, "
                   "or add [template <use> fr] groups");
  g_clear_error (&error);

  /* A regional form uses its language's texts. */
  config = redial_config_load_from_data ("[business]\nlanguage = es-MX\n", "acme.conf", &error);
  g_assert_no_error (error);
  g_clear_object (&config);

  /* The business's own templates add a language. */
  config = redial_config_load_from_data ("[business]\nlanguage = fr\n"
                                         "[template busy-hours fr]\ntext = {business} : désolés !\n",
                                         "acme.conf", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (redial_config_get_language (config), ==, "fr");
}

static void
test_not_a_keyfile (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialConfig) config = redial_config_load_from_data ("this is { not ] a keyfile", "x.conf", &error);
  g_autofree char *dir = g_dir_make_tmp ("redial-config-XXXXXX", NULL);
  g_autofree char *binary = g_build_filename (dir, "binary.conf", NULL);

  g_assert_null (config);
  g_assert_error (error, REDIAL_CONFIG_ERROR, REDIAL_CONFIG_ERROR_READ);
  g_clear_error (&error);

  config = redial_config_load ("/nonexistent/redial.conf", &error);
  g_assert_null (config);
  g_assert_error (error, REDIAL_CONFIG_ERROR, REDIAL_CONFIG_ERROR_READ);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (binary, "[business]\nname=\xff\xfe\n", -1, NULL));
  config = redial_config_load (binary, &error);
  g_assert_null (config);
  g_assert_error (error, REDIAL_CONFIG_ERROR, REDIAL_CONFIG_ERROR_READ);
  g_remove (binary);
  g_rmdir (dir);
}

static void
test_intake_profile (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialConfig) config = NULL;
  g_autofree char *dir = g_dir_make_tmp ("redial-config-XXXXXX", NULL);
  g_autofree char *conf = g_build_filename (dir, "redial.conf", NULL);
  g_autofree char *own = g_build_filename (dir, "intake.ini", NULL);
  RedialIntakeProfile *intake;

  /* The default trade's questions, and every code served. */
  config = redial_config_new ();
  g_assert_cmpstr (redial_intake_profile_get_trade (redial_config_get_intake (config)), ==, "home-service");
  g_assert_true (redial_service_area_is_everywhere (redial_config_get_service_area (config)));
  g_clear_object (&config);

  /* The trade's profile, the business's own questions over it (a path
   * beside the settings file), and the area served. */
  g_assert_true (g_file_set_contents (own, "[question gate-code]\ntype = text\nlabel = Gate code\n"
                                      "required = false\n", -1, NULL));
  g_assert_true (g_file_set_contents (conf, "[business]\ntrade = electrical\n[intake]\nfile = intake.ini\n"
                                      "[service-area]\ncodes = 606; 60201\n", -1, NULL));
  config = redial_config_load (conf, &error);
  g_assert_no_error (error);
  intake = redial_config_get_intake (config);
  g_assert_cmpstr (redial_intake_profile_get_trade (intake), ==, "electrical");
  g_assert_nonnull (redial_intake_profile_lookup (intake, "gate-code"));
  g_assert_cmpint (redial_service_area_check (redial_config_get_service_area (config), "60614"), ==,
                   REDIAL_SERVICE_AREA_INSIDE);
  g_assert_cmpint (redial_service_area_check (redial_config_get_service_area (config), "70112"), ==,
                   REDIAL_SERVICE_AREA_OUTSIDE);
  g_clear_object (&config);

  /* A broken profile stops the settings, naming file, question and key. */
  g_assert_true (g_file_set_contents (own, "[question gate-code]\ntype = txt\nlabel = Gate code\n", -1, NULL));
  config = redial_config_load (conf, &error);
  g_assert_null (config);
  g_assert_error (error, REDIAL_CONFIG_ERROR, REDIAL_CONFIG_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, own));
  g_assert_nonnull (strstr (error->message, "[question gate-code] type"));
  g_clear_error (&error);

  g_remove (own);
  config = redial_config_load (conf, &error);
  g_assert_null (config);
  g_assert_nonnull (strstr (error->message, "intake.ini"));

  g_remove (conf);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/config/defaults", test_defaults);
  g_test_add_func ("/config/every-key", test_every_key);
  g_test_add_func ("/config/bad-values-name-the-key", test_bad_values);
  g_test_add_func ("/config/language-has-templates", test_language_has_templates);
  g_test_add_func ("/config/not-a-keyfile", test_not_a_keyfile);
  g_test_add_func ("/config/intake-profile", test_intake_profile);

  return g_test_run ();
}
