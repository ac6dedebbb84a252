/* test-config-shared.c: the business-wide part of the settings, written for the shared store and taken back in place. */
#include "config.h"

#include <glib/gstdio.h>

#include "redial-config.h"
#include "redial-test-util.h"

#define DESK \
  "[business]\n" \
  "name = Acme Plumbing\n" \
  "trade = plumbing\n" \
  "time-zone = America/Chicago\n" \
  "[hours]\n" \
  "friday = 08:00-17:00\n" \
  "[sms]\n" \
  "backend = twilio\n" \
  "from = +1 312 555 0100\n" \
  "[twilio]\n" \
  "account-sid = AC0123456789abcdef0123456789abcdef\n" \
  "auth-token-file = /home/frontdesk/.config/redial/twilio-token\n" \
  "[store]\n" \
  "url = postgresql://redial@officeserver/redial\n" \
  "[resource Joe]\n" \
  "hours = mon-fri 08:00-17:00\n"

static RedialConfig *
load (const char *text)
{
  g_autoptr(GError) error = NULL;
  RedialConfig *config = redial_config_load_from_data (text, "desk.conf", &error);

  g_assert_no_error (error);
  return config;
}

static void
test_groups (void)
{
  static const char * const shared[] = {
    "business", "hours", "holidays", "sla", "text-back", "follow-up", "rules", "lines",
    "template after-hours en", "reply en thanks", "resource Joe", "job-type drain cleaning", "booking",
    "intake", "service-area", "report",
  };
  static const char * const own[] = {
    "store", "phone-system", "sms", "desk", "ami", "baresip", "twilio", "webhook", "caldav",
  };

  for (guint i = 0; i < G_N_ELEMENTS (shared); i++)
    g_assert_true (redial_config_is_shared_group (shared[i]));
  for (guint i = 0; i < G_N_ELEMENTS (own); i++)
    g_assert_false (redial_config_is_shared_group (own[i]));
}

static void
test_secrets_stay_on_the_desk (void)
{
  g_autoptr(RedialConfig) config = load (DESK);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = redial_config_to_shared (config, &error);

  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "name=Acme Plumbing"));
  g_assert_nonnull (strstr (text, "friday=08:00-17:00"));
  g_assert_nonnull (strstr (text, "[resource Joe]"));
  g_assert_null (strstr (text, "[twilio]"));
  g_assert_null (strstr (text, "AC0123456789"));
  g_assert_null (strstr (text, "twilio-token"));
  g_assert_null (strstr (text, "officeserver"));
  g_assert_null (strstr (text, "[sms]"));
}

static void
test_intake_questions_written_in (void)
{
  g_autofree char *dir = redial_test_make_dir ();
  g_autofree char *conf = g_build_filename (dir, "redial.conf", NULL);
  g_autofree char *own = g_build_filename (dir, "intake.ini", NULL);
  g_autoptr(RedialConfig) config = NULL;
  g_autoptr(RedialConfig) elsewhere = load ("[business]\nname = Elsewhere\n");
  g_autoptr(RedialConfig) merged = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (g_file_set_contents (own, "[question gate-code]\ntype = text\nlabel = Gate code\n"
                                      "required = false\n", -1, NULL));
  g_assert_true (g_file_set_contents (conf, "[business]\ntrade = electrical\n[intake]\nfile = intake.ini\n",
                                      -1, NULL));
  config = redial_config_load (conf, &error);
  g_assert_no_error (error);
  text = redial_config_to_shared (config, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (text, "intake.ini"));

  /* A desk on another computer, where the file is not, asks the same questions. */
  g_remove (own);
  merged = redial_config_new_with_shared (elsewhere, text, "shared", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (redial_intake_profile_lookup (redial_config_get_intake (merged), "gate-code"));
  g_assert_cmpstr (redial_config_get_trade (merged), ==, "electrical");

  g_remove (conf);
  redial_test_remove_tree (dir);
}

static void
test_overrides_named (void)
{
  g_autoptr(RedialConfig) config = load (DESK);
  g_autoptr(RedialConfig) merged = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) overridden = NULL;
  g_autofree char *same = redial_config_to_shared (config, NULL);

  /* The desk's own file agrees with itself. */
  merged = redial_config_new_with_shared (config, same, "shared", &overridden, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (overridden), ==, 0);
  g_clear_object (&merged);
  g_clear_pointer (&overridden, g_strfreev);

  /* Another Friday, no resource, a holiday: each key named once. */
  merged = redial_config_new_with_shared (config,
                                          "[business]\nname = Acme Plumbing\ntrade = plumbing\n"
                                          "time-zone = America/Chicago\n"
                                          "[hours]\nfriday = 08:00-12:00\n[holidays]\n2026-12-25 = closed\n",
                                          "shared", &overridden, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (overridden), ==, 3);
  g_assert_true (g_strv_contains ((const char * const *) overridden, "[hours] friday"));
  g_assert_true (g_strv_contains ((const char * const *) overridden, "[resource Joe] hours"));
  g_assert_true (g_strv_contains ((const char * const *) overridden, "[holidays] 2026-12-25"));
  /* The desk's own groups stay its own. */
  g_assert_cmpstr (redial_config_get_store_url (merged), ==, "postgresql://redial@officeserver/redial");
  g_assert_cmpstr (redial_config_get_sms_gateway (merged), ==, "twilio");
  g_assert_cmpuint (redial_config_get_resources (merged)->len, ==, 0);

  /* Shared settings no desk can use are refused, named. */
  g_clear_object (&merged);
  merged = redial_config_new_with_shared (config, "[hours]\nfriday = late\n", "version 7", NULL, &error);
  g_assert_null (merged);
  g_assert_error (error, REDIAL_CONFIG_ERROR, REDIAL_CONFIG_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "version 7"));
  g_assert_nonnull (strstr (error->message, "[hours] friday"));
}

static void
on_changed (RedialConfig *config,
            guint        *n_changed)
{
  (*n_changed)++;
}

static void
test_updated_in_place (void)
{
  g_autoptr(RedialConfig) config = load (DESK);
  g_autoptr(RedialConfig) merged = NULL;
  g_autoptr(GError) error = NULL;
  RedialHours *before;
  guint n_changed = 0;

  redial_config_set_sms_gateway (config, "demo");
  before = g_object_ref (redial_config_get_hours (config));
  g_signal_connect (config, "changed", G_CALLBACK (on_changed), &n_changed);
  merged = redial_config_new_with_shared (config, "[business]\nname = Acme Drains\n[sla]\nreply-target = 900\n",
                                          "shared", NULL, &error);
  g_assert_no_error (error);
  redial_config_update (config, merged);
  g_clear_object (&merged);

  g_assert_cmpuint (n_changed, ==, 1);
  g_assert_cmpstr (redial_config_get_business_name (config), ==, "Acme Drains");
  g_assert_cmpint (redial_config_get_reply_target (config), ==, 900 * G_USEC_PER_SEC);
  g_assert_true (redial_config_get_hours (config) != before);
  g_assert_cmpuint (redial_config_get_resources (config)->len, ==, 0);
  /* What the command line chose and where the store is stay. */
  g_assert_cmpstr (redial_config_get_sms_gateway (config), ==, "demo");
  g_assert_cmpstr (redial_config_get_store_url (config), ==, "postgresql://redial@officeserver/redial");
  g_object_unref (before);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/config-shared/groups", test_groups);
  g_test_add_func ("/config-shared/secrets-stay-on-the-desk", test_secrets_stay_on_the_desk);
  g_test_add_func ("/config-shared/intake-questions-written-in", test_intake_questions_written_in);
  g_test_add_func ("/config-shared/overrides-named", test_overrides_named);
  g_test_add_func ("/config-shared/updated-in-place", test_updated_in_place);

  return g_test_run ();
}
