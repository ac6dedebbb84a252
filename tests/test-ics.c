/* test-ics.c: appointments exported as iCalendar and read back by libical, by the function and by `redial export-ics`. */
#include "config.h"

#include <libical/ical.h>

#include "redial-ics.h"
#include "redial-store.h"
#include "redial-test-util.h"

/* A caller's name as caller ID and a careless intake deliver it: the
 * characters iCalendar gives a meaning to, and a line break. */
#define AWKWARD_NAME    "O'Brien, Pat; \"Junior\"\nline two \\ end"
#define AWKWARD_ADDRESS "12 Elm St, Apt 3; rear door\nring twice"

static const char settings[] =
  "[business]\n"
  "name=Acme Plumbing\n"
  "time-zone=America/Chicago\n";

typedef struct
{
  char        *dir;
  char        *db_path;
  RedialStore *store;
  GTimeZone   *tz;
  gint64       case_id;
} Fixture;

/* Local time in Chicago, Unix µs. */
static gint64
at (Fixture *f,
    int      year,
    int      month,
    int      day,
    int      hour,
    int      minute)
{
  g_autoptr(GDateTime) time = g_date_time_new (f->tz, year, month, day, hour, minute, 0);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) kase = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *conf_path = NULL;

  f->dir = redial_test_make_dir ();
  f->db_path = g_build_filename (f->dir, "redial.db", NULL);
  f->tz = g_time_zone_new_identifier ("America/Chicago");
  f->store = redial_store_open (f->db_path, &error);
  g_assert_no_error (error);
  kase = redial_store_open_case (f->store, "+13125550142", at (f, 2026, 11, 30, 8, 0), &error);
  g_assert_no_error (error);
  f->case_id = redial_case_get_id (kase);

  conf = g_strdup_printf ("%s[store]\npath=%s\n", settings, f->db_path);
  conf_path = g_build_filename (f->dir, "redial.conf", NULL);
  g_assert_true (g_file_set_contents (conf_path, conf, -1, NULL));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  g_time_zone_unref (f->tz);
  redial_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db_path);
}

static RedialAppointment *
book (Fixture    *f,
      const char *resource,
      gint64      start,
      gint64      end)
{
  g_autoptr(GError) error = NULL;
  RedialAppointment *appointment = redial_appointment_new (f->case_id, resource, "Drain cleaning", start, end);

  redial_appointment_set_caller (appointment, "+13125550142");
  redial_appointment_set_caller_name (appointment, AWKWARD_NAME);
  redial_appointment_set_address (appointment, AWKWARD_ADDRESS);
  g_assert_true (redial_store_add_appointment (f->store, appointment, start - (gint64) 86400 * G_USEC_PER_SEC, &error));
  g_assert_no_error (error);
  return appointment;
}

static icalcomponent *
parse (const char *text)
{
  icalcomponent *calendar = icalparser_parse_string (text);

  g_assert_nonnull (calendar);
  g_assert_cmpint (icalcomponent_isa (calendar), ==, ICAL_VCALENDAR_COMPONENT);
  g_assert_cmpint (icalcomponent_count_errors (calendar), ==, 0);
  return calendar;
}

static icalcomponent *
find_event (icalcomponent *calendar,
            const char    *uid)
{
  for (icalcomponent *event = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT);
       event != NULL;
       event = icalcomponent_get_next_component (calendar, ICAL_VEVENT_COMPONENT))
    if (g_strcmp0 (icalcomponent_get_uid (event), uid) == 0)
      return event;
  return NULL;
}

/* The event's start or end as the instant it names, through the
 * calendar's own VTIMEZONE, checking it names one. */
static gint64
instant (icalcomponent     *calendar,
         icalcomponent     *event,
         icalproperty_kind  kind)
{
  icalproperty *property = icalcomponent_get_first_property (event, kind);
  icalparameter *tzid = icalproperty_get_first_parameter (property, ICAL_TZID_PARAMETER);
  icaltimezone *zone;
  struct icaltimetype time;

  g_assert_nonnull (tzid);
  g_assert_cmpstr (icalparameter_get_tzid (tzid), ==, "America/Chicago");
  zone = icalcomponent_get_timezone (calendar, icalparameter_get_tzid (tzid));
  g_assert_nonnull (zone);
  time = kind == ICAL_DTSTART_PROPERTY ? icalproperty_get_dtstart (property) : icalproperty_get_dtend (property);
  return (gint64) icaltime_as_timet_with_zone (time, zone) * G_USEC_PER_SEC;
}

static void
test_read_back (Fixture       *f,
                gconstpointer  data)
{
  /* One in winter time, one in summer time: the VTIMEZONE has both rules. */
  g_autoptr(RedialAppointment) winter = book (f, "Joe", at (f, 2026, 12, 1, 9, 0), at (f, 2026, 12, 1, 11, 0));
  g_autoptr(RedialAppointment) summer = book (f, "Ana", at (f, 2027, 7, 6, 13, 30), at (f, 2027, 7, 6, 15, 0));
  g_autoptr(GPtrArray) appointments = g_ptr_array_new ();
  g_autofree char *text = NULL;
  icalcomponent *calendar, *event, *vtimezone;
  gint64 now = at (f, 2026, 11, 30, 10, 0);

  g_ptr_array_add (appointments, winter);
  g_ptr_array_add (appointments, summer);
  text = redial_ics_to_string (appointments, f->tz, now);
  calendar = parse (text);

  vtimezone = icalcomponent_get_first_component (calendar, ICAL_VTIMEZONE_COMPONENT);
  g_assert_nonnull (vtimezone);
  g_assert_cmpstr (icalproperty_get_tzid (icalcomponent_get_first_property (vtimezone, ICAL_TZID_PROPERTY)),
                   ==, "America/Chicago");
  g_assert_nonnull (icalcomponent_get_first_property (calendar, ICAL_PRODID_PROPERTY));

  g_assert_cmpint (icalcomponent_count_components (calendar, ICAL_VEVENT_COMPONENT), ==, 2);
  event = find_event (calendar, redial_appointment_get_uid (winter));
  g_assert_nonnull (event);
  g_assert_cmpint (icalcomponent_get_sequence (event), ==, 0);
  g_assert_cmpint (icaltime_as_timet (icalcomponent_get_dtstamp (event)), ==, now / G_USEC_PER_SEC);
  g_assert_cmpint (instant (calendar, event, ICAL_DTSTART_PROPERTY), ==, redial_appointment_get_start (winter));
  g_assert_cmpint (instant (calendar, event, ICAL_DTEND_PROPERTY), ==, redial_appointment_get_end (winter));
  /* What the caller typed comes back as they typed it, as text. */
  g_assert_cmpstr (icalcomponent_get_summary (event), ==, "Drain cleaning – " AWKWARD_NAME);
  g_assert_cmpstr (icalcomponent_get_location (event), ==, AWKWARD_ADDRESS);
  g_assert_cmpint (icalcomponent_get_status (event), ==, ICAL_STATUS_CONFIRMED);
  g_assert_cmpstr (icalproperty_get_resources (icalcomponent_get_first_property (event, ICAL_RESOURCES_PROPERTY)),
                   ==, "Joe");

  event = find_event (calendar, redial_appointment_get_uid (summer));
  g_assert_nonnull (event);
  g_assert_cmpint (instant (calendar, event, ICAL_DTSTART_PROPERTY), ==, redial_appointment_get_start (summer));
  g_assert_cmpint (instant (calendar, event, ICAL_DTEND_PROPERTY), ==, redial_appointment_get_end (summer));

  icalcomponent_free (calendar);
}

/* A change keeps the UID and bumps SEQUENCE; a cancellation says so. */
static void
test_changes (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(RedialAppointment) booked = book (f, "Joe", at (f, 2026, 12, 1, 9, 0), at (f, 2026, 12, 1, 11, 0));
  g_autoptr(RedialAppointment) moved = NULL;
  g_autoptr(RedialAppointment) cancelled = NULL;
  g_autoptr(GBytes) first = NULL, second = NULL, third = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = redial_appointment_get_id (booked);
  icalcomponent *calendar, *event;

  first = redial_ics_object_new (booked, f->tz, at (f, 2026, 11, 30, 10, 0));
  moved = redial_store_move_appointment (f->store, id, NULL, at (f, 2026, 12, 1, 13, 0),
                                         at (f, 2026, 12, 1, 15, 0), at (f, 2026, 11, 30, 10, 5), &error);
  g_assert_no_error (error);
  second = redial_ics_object_new (moved, f->tz, at (f, 2026, 11, 30, 10, 5));
  cancelled = redial_store_cancel_appointment (f->store, id, at (f, 2026, 11, 30, 10, 9), &error);
  g_assert_no_error (error);
  third = redial_ics_object_new (cancelled, f->tz, at (f, 2026, 11, 30, 10, 9));

  calendar = parse (g_bytes_get_data (first, NULL));
  event = find_event (calendar, redial_appointment_get_uid (booked));
  g_assert_nonnull (event);
  g_assert_cmpint (icalcomponent_get_sequence (event), ==, 0);
  icalcomponent_free (calendar);

  calendar = parse (g_bytes_get_data (second, NULL));
  g_assert_cmpint (icalcomponent_count_components (calendar, ICAL_VEVENT_COMPONENT), ==, 1);
  event = find_event (calendar, redial_appointment_get_uid (booked));
  g_assert_nonnull (event);
  g_assert_cmpint (icalcomponent_get_sequence (event), ==, 1);
  g_assert_cmpint (instant (calendar, event, ICAL_DTSTART_PROPERTY), ==, at (f, 2026, 12, 1, 13, 0));
  g_assert_cmpint (icalcomponent_get_status (event), ==, ICAL_STATUS_CONFIRMED);
  icalcomponent_free (calendar);

  calendar = parse (g_bytes_get_data (third, NULL));
  event = find_event (calendar, redial_appointment_get_uid (booked));
  g_assert_nonnull (event);
  g_assert_cmpint (icalcomponent_get_sequence (event), ==, 2);
  g_assert_cmpint (icalcomponent_get_status (event), ==, ICAL_STATUS_CANCELLED);
  icalcomponent_free (calendar);
}

/* Where libical knows no zone of the business's, the times are in UTC. */
static void
test_utc (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(RedialAppointment) booked = book (f, "Joe", at (f, 2026, 12, 1, 9, 0), at (f, 2026, 12, 1, 11, 0));
  g_autoptr(GTimeZone) offset = g_time_zone_new_identifier ("+02:00");
  g_autoptr(GBytes) object = redial_ics_object_new (booked, offset, at (f, 2026, 11, 30, 10, 0));
  icalcomponent *calendar = parse (g_bytes_get_data (object, NULL));
  icalcomponent *event = find_event (calendar, redial_appointment_get_uid (booked));
  struct icaltimetype start = icalcomponent_get_dtstart (event);

  g_assert_null (icalcomponent_get_first_component (calendar, ICAL_VTIMEZONE_COMPONENT));
  g_assert_true (icaltime_is_utc (start));
  g_assert_cmpint ((gint64) icaltime_as_timet (start) * G_USEC_PER_SEC, ==, redial_appointment_get_start (booked));
  icalcomponent_free (calendar);
}

/* `redial export-ics` as the office runs it, on the database this test
 * holds open. */
#define RUN(f, out, err, ...) \
  redial_test_run_command ((f)->dir, NULL, (out), (err), "export-ics", __VA_ARGS__)

static void
test_command (Fixture       *f,
              gconstpointer  data)
{
  /* Tuesday and Thursday of one week, and the Monday after it. */
  g_autoptr(RedialAppointment) tuesday = book (f, "Joe", at (f, 2026, 12, 1, 9, 0), at (f, 2026, 12, 1, 11, 0));
  g_autoptr(RedialAppointment) thursday = book (f, "Ana", at (f, 2026, 12, 3, 23, 0), at (f, 2026, 12, 3, 23, 45));
  g_autoptr(RedialAppointment) monday = book (f, "Joe", at (f, 2026, 12, 7, 0, 0), at (f, 2026, 12, 7, 1, 0));
  g_autofree char *out = NULL, *err = NULL, *written = NULL;
  g_autofree char *path = g_build_filename (f->dir, "week.ics", NULL);
  icalcomponent *calendar;

  g_assert_cmpint (RUN (f, &out, &err, "--date", "2026-12-01", NULL), ==, 0);
  calendar = parse (out);
  g_assert_cmpint (icalcomponent_count_components (calendar, ICAL_VEVENT_COMPONENT), ==, 1);
  g_assert_nonnull (find_event (calendar, redial_appointment_get_uid (tuesday)));
  icalcomponent_free (calendar);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The week holding Wednesday, in Chicago's days: late Thursday evening
   * is Friday in UTC, still that week; Monday after is not. */
  g_assert_cmpint (RUN (f, &out, &err, "--week", "2026-12-02", "--output", path, NULL), ==, 0);
  g_assert_true (g_file_get_contents (path, &written, NULL, NULL));
  calendar = parse (written);
  g_assert_cmpint (icalcomponent_count_components (calendar, ICAL_VEVENT_COMPONENT), ==, 2);
  g_assert_nonnull (find_event (calendar, redial_appointment_get_uid (tuesday)));
  g_assert_nonnull (find_event (calendar, redial_appointment_get_uid (thursday)));
  g_assert_null (find_event (calendar, redial_appointment_get_uid (monday)));
  icalcomponent_free (calendar);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* One resource; and the UID is the same in every export. */
  g_assert_cmpint (RUN (f, &out, &err, "--week", "2026-12-02", "--resource", "Ana", NULL), ==, 0);
  calendar = parse (out);
  g_assert_cmpint (icalcomponent_count_components (calendar, ICAL_VEVENT_COMPONENT), ==, 1);
  g_assert_nonnull (find_event (calendar, redial_appointment_get_uid (thursday)));
  icalcomponent_free (calendar);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (RUN (f, &out, &err, "--date", "2026-12-01", "--week", "2026-12-01", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "--week"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (RUN (f, &out, &err, "--date", "2026-02-30", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "2026-02-30"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (RUN (f, &out, &err, "--date", "2026-12-01", "--output", "/nonexistent/dir/a.ics", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "/nonexistent/dir/a.ics"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Standard output on a full disk: said, as a file would be. */
  g_assert_cmpint (redial_test_run_command (f->dir, "/dev/full", NULL, &err, "export-ics", "--date", "2026-12-01",
                                            NULL), ==, 1);
  g_assert_nonnull (strstr (err, "redial export-ics: The standard output cannot be written: "));
}

/* A cancelled appointment is in the export, cancelled, with its
 * SEQUENCE: a calendar that imported it booked drops it on the next
 * import. */
static void
test_cancelled_exported (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(RedialAppointment) kept = book (f, "Joe", at (f, 2026, 12, 1, 9, 0), at (f, 2026, 12, 1, 11, 0));
  g_autoptr(RedialAppointment) booked = book (f, "Joe", at (f, 2026, 12, 2, 9, 0), at (f, 2026, 12, 2, 11, 0));
  g_autoptr(RedialAppointment) cancelled = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  icalcomponent *calendar;
  icalcomponent *event;
  icalproperty *sequence;

  cancelled = redial_store_cancel_appointment (f->store, redial_appointment_get_id (booked),
                                               at (f, 2026, 11, 30, 9, 0), &error);
  g_assert_no_error (error);

  g_assert_cmpint (RUN (f, &out, &err, "--week", "2026-12-01", NULL), ==, 0);
  calendar = parse (out);
  g_assert_cmpint (icalcomponent_count_components (calendar, ICAL_VEVENT_COMPONENT), ==, 2);
  event = find_event (calendar, redial_appointment_get_uid (kept));
  g_assert_nonnull (event);
  g_assert_cmpint (icalcomponent_get_status (event), ==, ICAL_STATUS_CONFIRMED);
  event = find_event (calendar, redial_appointment_get_uid (booked));
  g_assert_nonnull (event);
  g_assert_cmpint (icalcomponent_get_status (event), ==, ICAL_STATUS_CANCELLED);
  sequence = icalcomponent_get_first_property (event, ICAL_SEQUENCE_PROPERTY);
  g_assert_nonnull (sequence);
  g_assert_cmpint (icalproperty_get_sequence (sequence), ==, 1);
  g_assert_cmpint (instant (calendar, event, ICAL_DTSTART_PROPERTY), ==, redial_appointment_get_start (booked));
  icalcomponent_free (calendar);
}

/* What a calendar program keeps of an appointment reads back: its own
 * zone, a DURATION for its end, its status and when it was changed. */
static void
test_read_event (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(RedialAppointment) booked = book (f, "Joe", at (f, 2026, 12, 1, 9, 0), at (f, 2026, 12, 1, 11, 0));
  g_autoptr(GPtrArray) one = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  RedialIcsEvent event;
  static const char theirs[] =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other//EN\r\n"
    "BEGIN:VEVENT\r\nUID:x@other\r\nDTSTAMP:20261130T150000Z\r\n"
    "LAST-MODIFIED:20261130T160500Z\r\nSEQUENCE:7\r\nSTATUS:CANCELLED\r\n"
    "DTSTART:20261201T160000Z\r\nDURATION:PT90M\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n";

  g_ptr_array_add (one, booked);
  text = redial_ics_to_string (one, f->tz, at (f, 2026, 11, 30, 9, 0));
  g_assert_true (redial_ics_read_event (text, f->tz, &event, &error));
  g_assert_no_error (error);
  g_assert_cmpint (event.start, ==, redial_appointment_get_start (booked));
  g_assert_cmpint (event.end, ==, redial_appointment_get_end (booked));
  g_assert_false (event.cancelled);
  g_assert_cmpuint (event.sequence, ==, 0);

  g_assert_true (redial_ics_read_event (theirs, f->tz, &event, &error));
  g_assert_no_error (error);
  g_assert_cmpint (event.start, ==, at (f, 2026, 12, 1, 10, 0));
  g_assert_cmpint (event.end, ==, at (f, 2026, 12, 1, 11, 30));
  g_assert_true (event.cancelled);
  g_assert_cmpuint (event.sequence, ==, 7);
  g_assert_cmpint (event.last_modified, ==, at (f, 2026, 11, 30, 10, 5));

  g_assert_false (redial_ics_read_event ("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", f->tz, &event, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/ics/read-back", Fixture, NULL, fixture_setup, test_read_back, fixture_teardown);
  g_test_add ("/ics/uid-stable-sequence-bumped", Fixture, NULL, fixture_setup, test_changes, fixture_teardown);
  g_test_add ("/ics/unknown-zone-in-utc", Fixture, NULL, fixture_setup, test_utc, fixture_teardown);
  g_test_add ("/ics/command", Fixture, NULL, fixture_setup, test_command, fixture_teardown);
  g_test_add ("/ics/cancelled-exported", Fixture, NULL, fixture_setup, test_cancelled_exported, fixture_teardown);
  g_test_add ("/ics/read-event", Fixture, NULL, fixture_setup, test_read_event, fixture_teardown);

  return g_test_run ();
}
