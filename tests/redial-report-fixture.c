/* redial-report-fixture.c: a day of the owner's report worked out by hand, recorded as the desk would record it. */
#include "config.h"

#include "redial-report-fixture.h"

/* The business: Chicago (UTC−6 in November), open Mon–Fri 08:00–17:00,
 * a first response due within 5 minutes of open time, $350 a job when
 * nobody entered its value. */
const char redial_report_fixture_settings[] =
  "[business]\n"
  "name=Acme Plumbing\n"
  "time-zone=America/Chicago\n"
  "average-job-value=350\n"
  "[sla]\n"
  "first-response-target=300\n"
  "first-response-warning=180\n";

typedef struct
{
  RedialStore *store;
  GTimeZone   *tz;
} History;

static gint64
at (History *f,
    int      month,
    int      day,
    int      hour,
    int      minute,
    int      second)
{
  g_autoptr(GDateTime) time = g_date_time_new (f->tz, 2026, month, day, hour, minute, second);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

static RedialCase *
missed (History    *f,
        const char *id,
        const char *caller,
        const char *name,
        const char *line,
        gint64      started_at)
{
  g_autoptr(RedialCall) call = g_object_new (REDIAL_TYPE_CALL,
                                             "provider", "test",
                                             "provider-call-id", id,
                                             "caller", caller,
                                             "caller-name", name,
                                             "line", "+13125550100",
                                             "line-label", line,
                                             "started-at", started_at,
                                             "ended-at", started_at + 20 * G_USEC_PER_SEC,
                                             "disposition", REDIAL_DISPOSITION_NO_ANSWER,
                                             NULL);
  g_autoptr(GError) error = NULL;
  RedialStoreRecord record;
  RedialCase *kase = redial_store_record_call (f->store, call, TRUE, &record, &error);

  g_assert_no_error (error);
  g_assert_nonnull (kase);
  return kase;
}

static void
answered (History    *f,
          const char *id,
          const char *caller,
          gint64      started_at)
{
  g_autoptr(RedialCall) call = g_object_new (REDIAL_TYPE_CALL,
                                             "provider", "test", "provider-call-id", id,
                                             "caller", caller, "line-label", "Main",
                                             "started-at", started_at,
                                             "disposition", REDIAL_DISPOSITION_ANSWERED, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) none = redial_store_record_call (f->store, call, FALSE, NULL, &error);

  g_assert_no_error (error);
  g_assert_null (none);
}

/* The automatic text, queued, then handed to the gateway at @handed_at. */
static void
text_back (History    *f,
           RedialCase *kase,
           gint64      handed_at)
{
  g_autoptr(RedialMessage) message = redial_message_new (redial_case_get_id (kase),
                                                         REDIAL_MESSAGE_DIRECTION_OUTBOUND,
                                                         REDIAL_MESSAGE_KIND_TEXT_BACK,
                                                         redial_case_get_caller (kase),
                                                         "Sorry we missed you", handed_at);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup_printf ("SM%" G_GINT64_FORMAT, redial_case_get_id (kase));

  g_assert_true (redial_store_queue_text_back (f->store, kase, message, &error));
  g_assert_no_error (error);
  redial_message_set_attempted_at (message, handed_at);
  redial_message_set_provider_message_id (message, id);
  redial_message_set_status (message, REDIAL_MESSAGE_STATUS_SENT);
  g_assert_true (redial_store_update_message (f->store, message, &error));
}

static void
text (History                *f,
      RedialCase             *kase,
      RedialMessageDirection  direction,
      const char             *author,
      gint64                  when)
{
  g_autoptr(RedialMessage) message =
    redial_message_new (redial_case_get_id (kase), direction,
                        direction == REDIAL_MESSAGE_DIRECTION_INBOUND ? REDIAL_MESSAGE_KIND_REPLY
                                                                      : REDIAL_MESSAGE_KIND_MANUAL,
                        redial_case_get_caller (kase), "words", when);
  g_autoptr(GError) error = NULL;

  redial_message_set_author (message, author);
  g_assert_true (redial_store_add_message (f->store, message, &error));
  g_assert_no_error (error);
}

static void
first_response (History    *f,
                RedialCase *kase,
                gint64      when)
{
  g_autoptr(GError) error = NULL;

  redial_case_set_first_response_at (kase, when);
  g_assert_true (redial_store_update_case (f->store, kase, &error));
  g_assert_no_error (error);
}

static void
call_back (History           *f,
           RedialCase        *kase,
           const char        *who,
           gint64             when,
           RedialCallOutcome  outcome)
{
  g_autoptr(RedialTimelineItem) item = redial_timeline_item_new (REDIAL_TIMELINE_KIND_CALL_BACK, when, who);
  g_autoptr(GError) error = NULL;

  g_assert_true (redial_store_add_case_event (f->store, item, redial_case_get_id (kase), &error));
  g_assert_true (redial_store_set_call_outcome (f->store, redial_case_get_id (kase),
                                                redial_timeline_item_get_id (item), outcome, &error));
  g_assert_no_error (error);
  first_response (f, kase, when);
}

static void
qualify (History    *f,
         RedialCase *kase,
         const char *who,
         gint64      when)
{
  g_autoptr(RedialTimelineItem) item = redial_timeline_item_new (REDIAL_TIMELINE_KIND_QUALIFIED, when, who);
  g_autoptr(GError) error = NULL;

  redial_case_set_state (kase, REDIAL_CASE_STATE_QUALIFIED);
  g_assert_true (redial_store_update_case (f->store, kase, &error));
  g_assert_true (redial_store_add_case_event (f->store, item, redial_case_get_id (kase), &error));
  g_assert_no_error (error);
}

static void
close_case (History           *f,
            RedialCase        *kase,
            RedialCaseOutcome  outcome,
            gint64             job_value,
            const char        *who,
            gint64             when)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (redial_store_close_case (f->store, redial_case_get_id (kase), outcome, job_value,
                                          who, when, NULL, &error));
  g_assert_no_error (error);
}

static void
set_kind (History        *f,
          RedialCase     *kase,
          RedialCaseKind  kind)
{
  g_autoptr(GError) error = NULL;

  redial_case_set_kind (kase, kind);
  g_assert_true (redial_store_update_case (f->store, kase, &error));
  g_assert_no_error (error);
}

/* Monday 30 November 2026, and Sunday before it; see each case below. */
static void
build_history (History *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RedialCase) earlier = NULL;
  g_autoptr(RedialCase) ann = NULL, ann2 = NULL, ann3 = NULL, ben = NULL, cal = NULL, dee = NULL;
  g_autoptr(RedialCase) spam = NULL, stop = NULL, hidden = NULL, blocked = NULL, sunday = NULL;

  /* Cal's earlier case, in October: Cal is a returning caller. */
  earlier = missed (f, "oct", "+13125550103", "Cal", "Main", at (f, 10, 5, 10, 0, 0));
  close_case (f, earlier, REDIAL_CASE_OUTCOME_BOOKED, 20000, "Dana", at (f, 10, 6, 9, 0, 0));

  /* Ann rang three times (one case), was texted back 40 s after her
   * first call, claimed and called back by Dana after 3 min (reached),
   * qualified and booked at $480. */
  ann2 = missed (f, "a1", "+13125550101", "Ann", "Main", at (f, 11, 30, 9, 0, 0));
  ann3 = missed (f, "a2", "+13125550101", "Ann", "Main", at (f, 11, 30, 9, 2, 0));
  ann = missed (f, "a3", "+13125550101", "Ann", "Main", at (f, 11, 30, 9, 4, 0));
  g_assert_cmpint (redial_case_get_id (ann), ==, redial_case_get_id (ann2));
  g_assert_cmpuint (redial_case_get_n_calls (ann), ==, 3);
  text_back (f, ann, at (f, 11, 30, 9, 0, 40));
  g_assert_true (redial_store_claim_case (f->store, redial_case_get_id (ann), "Dana", FALSE,
                                          at (f, 11, 30, 9, 3, 0), NULL, NULL, &error));
  g_assert_no_error (error);
  call_back (f, ann, "Dana", at (f, 11, 30, 9, 3, 0), REDIAL_CALL_OUTCOME_REACHED);
  qualify (f, ann, "Dana", at (f, 11, 30, 9, 10, 0));
  close_case (f, ann, REDIAL_CASE_OUTCOME_BOOKED, 48000, "Dana", at (f, 11, 30, 9, 20, 0));

  /* An answered call is no missed call. */
  answered (f, "ok", "+13125550108", at (f, 11, 30, 9, 30, 0));

  /* Cal, returning: texted back after 60 s, answered by Dana's text
   * after 20 min: a breach (at 10:05), escalated at 10:15; then no
   * response. */
  cal = missed (f, "c1", "+13125550103", "Cal", "Main", at (f, 11, 30, 10, 0, 0));
  text_back (f, cal, at (f, 11, 30, 10, 1, 0));
  g_assert_cmpint (redial_store_record_sla_event (f->store, redial_case_get_id (cal),
                                                  REDIAL_SLA_CLOCK_FIRST_RESPONSE, 0,
                                                  REDIAL_SLA_CROSSING_BREACH, at (f, 11, 30, 10, 5, 0), &error), ==, 1);
  g_assert_cmpint (redial_store_record_sla_event (f->store, redial_case_get_id (cal),
                                                  REDIAL_SLA_CLOCK_FIRST_RESPONSE, 0,
                                                  REDIAL_SLA_CROSSING_ESCALATION, at (f, 11, 30, 10, 15, 0), &error), ==, 1);
  text (f, cal, REDIAL_MESSAGE_DIRECTION_OUTBOUND, "Dana", at (f, 11, 30, 10, 20, 0));
  first_response (f, cal, at (f, 11, 30, 10, 20, 0));
  close_case (f, cal, REDIAL_CASE_OUTCOME_NO_RESPONSE, -1, "Dana", at (f, 11, 30, 16, 0, 0));

  /* Dee, a known customer: voicemail, texted back after 30 s, called
   * back by Eli after 4 min with no answer; still open. */
  g_assert_true (redial_store_save_contact (f->store, "+13125550104", "Dee", &error));
  dee = missed (f, "d1", "+13125550104", "Dee", "Main", at (f, 11, 30, 11, 0, 0));
  set_kind (f, dee, REDIAL_CASE_KIND_KNOWN_CUSTOMER);
  text_back (f, dee, at (f, 11, 30, 11, 0, 30));
  call_back (f, dee, "Eli", at (f, 11, 30, 11, 4, 0), REDIAL_CALL_OUTCOME_NO_ANSWER);

  /* On their own lines: spam, a caller who texted STOP, a hidden
   * number, a blocked number. */
  spam = missed (f, "e1", "+13125550105", "SPAM LIKELY", "Main", at (f, 11, 30, 12, 0, 0));
  set_kind (f, spam, REDIAL_CASE_KIND_LIKELY_SPAM);
  stop = missed (f, "f1", "+13125550106", "Fay", "Main", at (f, 11, 30, 13, 0, 0));
  text_back (f, stop, at (f, 11, 30, 13, 0, 20));
  text (f, stop, REDIAL_MESSAGE_DIRECTION_INBOUND, NULL, at (f, 11, 30, 13, 5, 0));
  g_assert_true (redial_store_set_opted_out (f->store, "+13125550106", TRUE, at (f, 11, 30, 13, 5, 0), "STOP", &error));
  hidden = missed (f, "g1", NULL, NULL, "Main", at (f, 11, 30, 14, 0, 0));
  set_kind (f, hidden, REDIAL_CASE_KIND_ANONYMOUS);
  blocked = missed (f, "h1", "+13125550107", "Hal", "Main", at (f, 11, 30, 15, 0, 0));
  set_kind (f, blocked, REDIAL_CASE_KIND_BLOCKED);
  close_case (f, blocked, REDIAL_CASE_OUTCOME_BLOCKED, -1, NULL, at (f, 11, 30, 15, 0, 1));

  /* Ben, on the Google Ads line, at 23:50 Monday (Tuesday in UTC):
   * texted back after 20 s, replied at 23:55; Eli answered at 08:02
   * Tuesday: 8 h 12 min on the wall, 2 min of open time, so no breach;
   * qualified and booked with no value entered: $350, estimated. */
  ben = missed (f, "b1", "+13125550102", "Ben", "Google Ads", at (f, 11, 30, 23, 50, 0));
  text_back (f, ben, at (f, 11, 30, 23, 50, 20));
  text (f, ben, REDIAL_MESSAGE_DIRECTION_INBOUND, NULL, at (f, 11, 30, 23, 55, 0));
  text (f, ben, REDIAL_MESSAGE_DIRECTION_OUTBOUND, "Eli", at (f, 12, 1, 8, 2, 0));
  first_response (f, ben, at (f, 12, 1, 8, 2, 0));
  qualify (f, ben, "Eli", at (f, 12, 1, 8, 30, 0));
  close_case (f, ben, REDIAL_CASE_OUTCOME_BOOKED, -1, "Eli", at (f, 12, 1, 9, 0, 0));

  /* The day before: one case, texted back after 10 s, nothing more. */
  sunday = missed (f, "j1", "+13125550109", "Jo", "Main", at (f, 11, 29, 10, 0, 0));
  text_back (f, sunday, at (f, 11, 29, 10, 0, 10));
}

gint64
redial_report_fixture_at (GTimeZone *tz,
                          int        month,
                          int        day,
                          int        hour,
                          int        minute,
                          int        second)
{
  History history = { NULL, tz };

  return at (&history, month, day, hour, minute, second);
}

void
redial_report_fixture_build (RedialStore *store,
                             GTimeZone   *tz)
{
  History history = { store, tz };

  build_history (&history);
}
