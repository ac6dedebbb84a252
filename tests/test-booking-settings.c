/* test-booking-settings.c: the booking groups of the settings: resources, their hours and jobs, job types, [booking]. */
#include "config.h"

#include <string.h>

#include "redial-config.h"
#include "redial-job-type.h"
#include "redial-resource.h"

#define MINUTES(n) ((gint64) (n) * 60 * G_USEC_PER_SEC)

static const char good[] =
  "[job-type drain cleaning]\n"
  "duration = 2h\n"
  "window = 2h\n"
  "[job-type water heater]\n"
  "duration = 1h30m\n"
  "[resource Joe]\n"
  "hours = mon-fri 08:00-12:00, 13:00-17:00; sat 09:00-13:00\n"
  "job-types = drain cleaning\n"
  "[resource Ann]\n"
  "hours = mon,wed,fri 07:00-15:00\n"
  "[booking]\n"
  "minimum-notice = 2h\n"
  "buffer = 30m\n"
  "hold-minutes = 45\n";

static void
assert_hours (RedialResource *resource,
              GDateWeekday    day,
              const char     *expected)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_ranges;
  const RedialMinuteRange *ranges = redial_resource_get_hours (resource, day, &n_ranges);

  for (guint i = 0; i < n_ranges; i++)
    g_string_append_printf (text, "%s%u-%u", i > 0 ? "," : "", ranges[i].start, ranges[i].end);
  g_assert_cmpstr (text->str, ==, expected);
}

static void
test_good (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialConfig) config = redial_config_load_from_data (good, "acme.conf", &error);
  GPtrArray *resources, *job_types;
  RedialResource *joe, *ann;
  RedialJobType *drains, *heaters;
  RedialBookingSettings *booking;

  g_assert_no_error (error);
  resources = redial_config_get_resources (config);
  job_types = redial_config_get_job_types (config);
  g_assert_cmpuint (resources->len, ==, 2);
  g_assert_cmpuint (job_types->len, ==, 2);

  /* In the file's order, split hours and all. */
  joe = g_ptr_array_index (resources, 0);
  ann = g_ptr_array_index (resources, 1);
  g_assert_cmpstr (redial_resource_get_name (joe), ==, "Joe");
  g_assert_cmpstr (redial_resource_get_name (ann), ==, "Ann");
  assert_hours (joe, G_DATE_MONDAY, "480-720,780-1020");
  assert_hours (joe, G_DATE_FRIDAY, "480-720,780-1020");
  assert_hours (joe, G_DATE_SATURDAY, "540-780");
  assert_hours (joe, G_DATE_SUNDAY, "");
  assert_hours (ann, G_DATE_WEDNESDAY, "420-900");
  assert_hours (ann, G_DATE_TUESDAY, "");
  g_assert_true (redial_resource_does_job (joe, "drain cleaning"));
  g_assert_false (redial_resource_does_job (joe, "water heater"));
  g_assert_true (redial_resource_does_job (ann, "water heater"));

  drains = g_ptr_array_index (job_types, 0);
  heaters = g_ptr_array_index (job_types, 1);
  g_assert_cmpstr (redial_job_type_get_name (drains), ==, "drain cleaning");
  g_assert_cmpint (redial_job_type_get_duration (drains), ==, MINUTES (120));
  g_assert_cmpint (redial_job_type_get_window (drains), ==, MINUTES (120));
  g_assert_cmpint (redial_job_type_get_duration (heaters), ==, MINUTES (90));
  g_assert_cmpint (redial_job_type_get_window (heaters), ==, 0);

  booking = redial_config_get_booking (config);
  g_assert_cmpint (redial_booking_settings_get_minimum_notice (booking), ==, MINUTES (120));
  g_assert_cmpint (redial_booking_settings_get_buffer (booking), ==, MINUTES (30));
  g_assert_cmpuint (redial_booking_settings_get_hold_minutes (booking), ==, 45);
}

static void
test_defaults (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialConfig) config = redial_config_load_from_data ("[resource Joe]\n", "acme.conf", &error);
  RedialBookingSettings *booking;
  RedialResource *joe;

  g_assert_no_error (error);
  booking = redial_config_get_booking (config);
  g_assert_cmpint (redial_booking_settings_get_minimum_notice (booking), ==, MINUTES (60));
  g_assert_cmpint (redial_booking_settings_get_buffer (booking), ==, 0);
  g_assert_cmpuint (redial_booking_settings_get_hold_minutes (booking), ==, 30);

  /* A resource without hours works Monday to Friday, 8 to 5, every job. */
  joe = g_ptr_array_index (redial_config_get_resources (config), 0);
  assert_hours (joe, G_DATE_MONDAY, "480-1020");
  assert_hours (joe, G_DATE_SATURDAY, "");
  g_assert_true (redial_resource_does_job (joe, "anything"));

  g_clear_object (&config);
  config = redial_config_new ();
  g_assert_cmpuint (redial_config_get_resources (config)->len, ==, 0);
  g_assert_cmpuint (redial_config_get_job_types (config)->len, ==, 0);
}

static void
test_bad_values (void)
{
  static const struct {
    const char *text;
    const char *names;  /* what the error must name */
  } cases[] = {
    { "[resource Joe]\nhours = 08:00-17:00\n", "[resource Joe] hours" },
    { "[resource Joe]\nhours = mon-fri 8-5\n", "[resource Joe] hours" },
    { "[resource Joe]\nhours = fri-mon 08:00-17:00\n", "[resource Joe] hours" },
    { "[resource Joe]\nhours = funday 08:00-17:00\n", "[resource Joe] hours" },
    { "[resource Joe]\nhours = mon 08:00-12:00, 11:00-17:00\n", "[resource Joe] hours" },
    { "[resource Joe]\nhours = mon 17:00-08:00\n", "[resource Joe] hours" },
    { "[resource Joe]\njob-types = drain cleaning\n", "[resource Joe] job-types" },
    { "[job-type drain cleaning]\nduration = 2 hours\n", "[job-type drain cleaning] duration" },
    { "[job-type drain cleaning]\nduration = 0m\n", "[job-type drain cleaning] duration" },
    { "[job-type drain cleaning]\nwindow = -1h\n", "[job-type drain cleaning] window" },
    { "[booking]\nminimum-notice = soon\n", "[booking] minimum-notice" },
    { "[booking]\nbuffer = 30\n", "[booking] buffer" },
    { "[booking]\nhold-minutes = 0\n", "[booking] hold-minutes" },
    { "[booking]\nhold-minutes = half an hour\n", "[booking] hold-minutes" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RedialConfig) config = redial_config_load_from_data (cases[i].text, "bad.conf", &error);

      g_assert_null (config);
      g_assert_error (error, REDIAL_CONFIG_ERROR, REDIAL_CONFIG_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, "bad.conf: "));
      if (strstr (error->message, cases[i].names) == NULL)
        g_error ("“%s” gave “%s”", cases[i].text, error->message);
    }
}

static void
test_durations (void)
{
  static const struct {
    const char *text;
    gint64      minutes;  /* -1: refused */
  } cases[] = {
    { "2h", 120 }, { "90m", 90 }, { "1h30m", 90 }, { "0m", 0 }, { "45m", 45 },
    { "", -1 }, { "2", -1 }, { "h", -1 }, { "2 h", -1 }, { "-1h", -1 }, { "2d", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 value = -7;
      gboolean ok = redial_booking_parse_duration (cases[i].text, &value);

      g_assert_cmpint (ok, ==, cases[i].minutes >= 0);
      if (ok)
        g_assert_cmpint (value, ==, MINUTES (cases[i].minutes));
    }
}

static void
test_describe_hours (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialConfig) config = redial_config_load_from_data (good, "acme.conf", &error);
  g_autoptr(RedialResource) idle = redial_resource_new ("Idle", NULL);
  g_autofree char *joe = NULL;
  g_autofree char *ann = NULL;
  g_autofree char *none = NULL;

  g_assert_no_error (error);
  joe = redial_booking_describe_hours (g_ptr_array_index (redial_config_get_resources (config), 0));
  ann = redial_booking_describe_hours (g_ptr_array_index (redial_config_get_resources (config), 1));
  none = redial_booking_describe_hours (idle);
  g_assert_cmpstr (joe, ==, "Mon–Fri 8:00–12:00, 13:00–17:00 · Sat 9:00–13:00");
  g_assert_cmpstr (ann, ==, "Mon 7:00–15:00 · Wed 7:00–15:00 · Fri 7:00–15:00");
  g_assert_cmpstr (none, ==, "No hours");
}

/* The example shipped in data/ is valid, and says what the README says. */
static void
test_example (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "redial.conf.example", NULL);
  g_autoptr(RedialConfig) config = redial_config_load (path, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (redial_config_get_resources (config)->len, ==, 2);
  g_assert_cmpuint (redial_config_get_job_types (config)->len, ==, 2);
  g_assert_cmpint (redial_booking_settings_get_buffer (redial_config_get_booking (config)), ==, MINUTES (30));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/booking-settings/good", test_good);
  g_test_add_func ("/booking-settings/defaults", test_defaults);
  g_test_add_func ("/booking-settings/bad-values-name-the-key", test_bad_values);
  g_test_add_func ("/booking-settings/durations", test_durations);
  g_test_add_func ("/booking-settings/hours-in-words", test_describe_hours);
  g_test_add_func ("/booking-settings/shipped-example", test_example);

  return g_test_run ();
}
