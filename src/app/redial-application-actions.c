/* redial-application-actions.c: the desk's actions on a case, as GActions of the application. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include <glib/gi18n.h>

#include "redial-application-private.h"
#include "calendar/redial-calendar-conflict.h"
#include "redial-calendar-export.h"
#include "redial-window.h"

/* Says what went wrong where the desk looks (a toast, when a window is
 * there) and in the log: a script acting through D-Bus reads the log. */
static void
report (RedialApplication *self,
        const char        *action,
        gint64             case_id,
        const GError      *error)
{
  RedialWindow *window = redial_application_find_window (self);

  g_warning ("%s on case %" G_GINT64_FORMAT ": %s", action, case_id, error->message);
  if (window != NULL)
    redial_window_show_toast (window, error->message);
}

static void
say (RedialApplication *self,
     const char        *message)
{
  RedialWindow *window = redial_application_find_window (self);

  if (window != NULL)
    redial_window_show_toast (window, message);
}

static RedialEngine *
engine_of (RedialApplication *self)
{
  RedialContext *context = redial_application_get_context (self);

  return context != NULL ? redial_context_get_engine (context) : NULL;
}

/* The case @case_id, or NULL once the failure was reported. */
static RedialCase *
find_case (RedialApplication *self,
           const char        *action,
           gint64             case_id)
{
  RedialEngine *engine = engine_of (self);
  g_autoptr(GError) error = NULL;
  RedialCase *kase;

  if (engine == NULL)
    return NULL;
  kase = redial_engine_find_case (engine, case_id, &error);
  if (kase == NULL)
    report (self, action, case_id, error);
  return kase;
}

static void
on_claim_case (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  RedialApplication *self = user_data;
  gint64 id = g_variant_get_int64 (parameter);
  gboolean take_over = g_str_equal (g_action_get_name (G_ACTION (action)), "take-over-case");
  g_autoptr(RedialCase) kase = find_case (self, g_action_get_name (G_ACTION (action)), id);
  g_autoptr(GError) error = NULL;

  if (kase != NULL && !redial_engine_claim_case (engine_of (self), kase, take_over, &error))
    report (self, take_over ? "Take over" : "Claim", id, error);
}

static void
on_release_case (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  RedialApplication *self = user_data;
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(RedialCase) kase = find_case (self, "Release", id);
  g_autoptr(GError) error = NULL;

  if (kase != NULL && !redial_engine_release_case (engine_of (self), kase, &error))
    report (self, "Release", id, error);
}

typedef struct
{
  RedialApplication *self;
  gint64             id;
} CallBack;

static void
on_called_back (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  CallBack *call = user_data;
  g_autoptr(GError) error = NULL;

  if (!redial_engine_call_back_finish (REDIAL_ENGINE (source), result, &error))
    report (call->self, "Call back", call->id, error);
  g_object_unref (call->self);
  g_free (call);
}

/* Where the phone system can place the call, it rings the desk's phone
 * and dials the caller; otherwise the desk dials by hand and the attempt
 * is recorded. Either way the outcome is asked for once the call ends. */
static void
on_call_back (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  RedialApplication *self = user_data;
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(RedialCase) kase = find_case (self, "Call back", id);
  g_autoptr(GError) error = NULL;
  CallBack *call;

  if (kase == NULL)
    return;
  if (!redial_engine_can_call_back (engine_of (self), kase))
    {
      if (!redial_engine_record_call_attempt (engine_of (self), kase, &error))
        report (self, "Call back", id, error);
      return;
    }
  call = g_new0 (CallBack, 1);
  call->self = g_object_ref (self);
  call->id = id;
  redial_engine_call_back_async (engine_of (self), kase, NULL, on_called_back, call);
}

static void
on_record_call_outcome (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  RedialApplication *self = user_data;
  g_autoptr(RedialCase) kase = NULL;
  g_autoptr(GError) error = NULL;
  RedialCallOutcome outcome;
  const char *name;
  gint64 id;

  g_variant_get (parameter, "(x&s)", &id, &name);
  if (!redial_call_outcome_from_string (name, &outcome))
    {
      error = g_error_new (REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_REFUSED,
                           _("“%s” is not a call outcome"), name);
      report (self, "Call outcome", id, error);
      return;
    }
  kase = find_case (self, "Call outcome", id);
  if (kase != NULL && !redial_engine_record_call_outcome (engine_of (self), kase, outcome, &error))
    report (self, "Call outcome", id, error);
}

static void
on_send_text (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  RedialApplication *self = user_data;
  g_autoptr(RedialCase) kase = NULL;
  g_autoptr(GError) error = NULL;
  const char *text;
  gint64 id;

  g_variant_get (parameter, "(x&s)", &id, &text);
  kase = find_case (self, "Text", id);
  if (kase == NULL)
    return;
  /* Whatever asked, an opted-out or blocked number gets nothing, and the
   * desk is told why. */
  if (!redial_engine_send_text (engine_of (self), kase, text, &error))
    report (self, "Text", id, error);
  else
    say (self, _("Text sent"));
}

static void
on_add_note (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  RedialApplication *self = user_data;
  g_autoptr(RedialCase) kase = NULL;
  g_autoptr(GError) error = NULL;
  const char *body;
  gint64 id;

  g_variant_get (parameter, "(x&s)", &id, &body);
  kase = find_case (self, "Note", id);
  if (kase != NULL && !redial_engine_add_note (engine_of (self), kase, body, &error))
    report (self, "Note", id, error);
}

/* (case id, question, answer): the answer to one intake question; an
 * empty answer clears it. */
static void
on_set_intake_answer (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  RedialApplication *self = user_data;
  g_autoptr(RedialCase) kase = NULL;
  g_autoptr(GError) error = NULL;
  const char *question;
  const char *value;
  gint64 id;

  g_variant_get (parameter, "(x&s&s)", &id, &question, &value);
  kase = find_case (self, "Intake", id);
  if (kase != NULL && !redial_engine_set_intake_answer (engine_of (self), kase, question, value, &error))
    report (self, "Intake", id, error);
}

static void
on_close_case (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  RedialApplication *self = user_data;
  g_autoptr(RedialCase) kase = NULL;
  g_autoptr(GError) error = NULL;
  RedialCaseOutcome outcome;
  const char *name;
  gint64 id;
  gint64 job_value;

  g_variant_get (parameter, "(x&sx)", &id, &name, &job_value);
  if (!redial_case_outcome_from_string (name, &outcome))
    {
      error = g_error_new (REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_REFUSED,
                           _("“%s” is not a way to close a case"), name);
      report (self, "Close", id, error);
      return;
    }
  kase = find_case (self, "Close", id);
  if (kase != NULL && !redial_engine_close_case (engine_of (self), kase, outcome, job_value < 0 ? -1 : job_value,
                                                 &error))
    report (self, "Close", id, error);
}

static void
on_reopen_case (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  RedialApplication *self = user_data;
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(GError) error = NULL;

  if (engine_of (self) != NULL && !redial_engine_reopen_case (engine_of (self), id, &error))
    report (self, "Reopen", id, error);
}

/* An ISO 8601 time ("2026-12-01T09:00:00-06:00"; without an offset, in
 * the business's time zone) in Unix µs; FALSE when it is none. */
static gboolean
parse_time (RedialApplication *self,
            const char        *text,
            gint64            *out)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (text,
                                                          redial_config_get_time_zone (
                                                            redial_engine_get_config (engine_of (self))));

  if (at == NULL)
    return FALSE;
  *out = g_date_time_to_unix (at) * G_USEC_PER_SEC + g_date_time_get_microsecond (at);
  return TRUE;
}

/* Reports @text as a time that is none. */
static void
report_bad_time (RedialApplication *self,
                 const char        *action,
                 gint64             id,
                 const char        *text)
{
  g_autoptr(GError) error = g_error_new (REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_REFUSED,
                                         _("“%s” is not a date and time"), text);

  report (self, action, id, error);
}

/* (case id, resource, ISO 8601 start): books the case, confirmed by text
 * once Undo's time is up (app.book-case-unconfirmed: never). */
static void
on_book_case (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  RedialApplication *self = user_data;
  gboolean confirm = g_str_equal (g_action_get_name (G_ACTION (action)), "book-case");
  g_autoptr(RedialAppointment) appointment = NULL;
  g_autoptr(RedialCase) kase = NULL;
  g_autoptr(GError) error = NULL;
  RedialWindow *window;
  const char *resource;
  const char *when;
  gint64 start;
  gint64 id;

  g_variant_get (parameter, "(x&s&s)", &id, &resource, &when);
  if (engine_of (self) == NULL)
    return;
  if (!parse_time (self, when, &start))
    {
      report_bad_time (self, "Book", id, when);
      return;
    }
  kase = find_case (self, "Book", id);
  if (kase == NULL)
    return;
  appointment = redial_engine_book_case (engine_of (self), kase, resource, start, confirm, &error);
  if (appointment == NULL)
    {
      report (self, "Book", id, error);
      return;
    }

  window = redial_application_find_window (self);
  if (window != NULL)
    {
      g_autoptr(GDateTime) at = redial_clock_date_time (start, redial_config_get_time_zone (
                                                                 redial_engine_get_config (engine_of (self))));
      /* TRANSLATORS: a strftime format: the day and time of a booking */
      g_autofree char *day = g_date_time_format (at, _("%a %b %-d, %H:%M"));
      /* TRANSLATORS: the resource booked (a person), then the day and time */
      g_autofree char *message = g_strdup_printf (_("Booked %s for %s"), resource, day);
      g_autofree char *undo = g_strdup_printf ("app.cancel-appointment(int64 %" G_GINT64_FORMAT ")",
                                               redial_appointment_get_id (appointment));

      redial_window_show_undo_toast (window, message, undo, REDIAL_ENGINE_BOOKING_UNDO_SECONDS);
    }
}

static void
on_offer_slots (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  RedialApplication *self = user_data;
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(RedialCase) kase = find_case (self, "Offer", id);
  g_autoptr(GError) error = NULL;

  if (kase == NULL)
    return;
  if (!redial_engine_offer_slots (engine_of (self), kase, &error))
    report (self, "Offer", id, error);
  else
    say (self, _("Two times offered"));
}

/* (appointment id, resource, ISO 8601 start, ISO 8601 end): a move, a
 * resize, or both; an empty resource keeps its own. */
static void
on_move_appointment (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  RedialApplication *self = user_data;
  g_autoptr(RedialAppointment) moved = NULL;
  g_autoptr(GError) error = NULL;
  const char *resource;
  const char *from;
  const char *to;
  gint64 start;
  gint64 end;
  gint64 id;

  g_variant_get (parameter, "(x&s&s&s)", &id, &resource, &from, &to);
  if (engine_of (self) == NULL)
    return;
  if (!parse_time (self, from, &start) || !parse_time (self, to, &end))
    {
      report_bad_time (self, "Move", id, parse_time (self, from, &start) ? to : from);
      return;
    }
  moved = redial_engine_move_appointment (engine_of (self), id, *resource != '\0' ? resource : NULL, start, end,
                                          &error);
  if (moved == NULL)
    report (self, "Move", id, error);
}

static void
on_cancel_appointment (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  RedialApplication *self = user_data;
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(GError) error = NULL;

  if (engine_of (self) != NULL && !redial_engine_cancel_appointment (engine_of (self), id, &error))
    report (self, "Cancel", id, error);
}

/* The case a person should take next: the most urgent in the queue that
 * waits for a person, is not open already, and no other desk owns. */
static RedialCase *
next_waiting (RedialApplication *self,
              RedialCase        *open)
{
  RedialEngine *engine = engine_of (self);
  GListModel *queue = redial_engine_get_queue (engine);
  const char *me = redial_engine_get_desk_user (engine);
  guint n = g_list_model_get_n_items (queue);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RedialCase) kase = g_list_model_get_item (queue, i);
      const char *owner = redial_case_get_owner (kase);

      if (kase == open || redial_case_get_kind (kase) == REDIAL_CASE_KIND_LIKELY_SPAM)
        continue;
      if (owner != NULL && g_strcmp0 (owner, me) != 0)
        continue;
      return g_steal_pointer (&kase);
    }
  return NULL;
}

static void
on_open_next_case (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  RedialApplication *self = user_data;
  RedialWindow *window;
  g_autoptr(RedialCase) next = NULL;

  if (engine_of (self) == NULL)
    return;
  window = redial_application_present_window (self);
  next = next_waiting (self, redial_window_get_open_case (window));
  if (next == NULL)
    {
      say (self, _("Nobody else is waiting"));
      return;
    }
  redial_window_open_case (window, redial_case_get_id (next));
}

static const GActionEntry desk_actions[] = {
  { "claim-case", on_claim_case, "x" },
  { "take-over-case", on_claim_case, "x" },
  { "release-case", on_release_case, "x" },
  { "call-back", on_call_back, "x" },
  { "record-call-outcome", on_record_call_outcome, "(xs)" },
  { "send-text", on_send_text, "(xs)" },
  { "add-note", on_add_note, "(xs)" },
  { "set-intake-answer", on_set_intake_answer, "(xss)" },
  { "close-case", on_close_case, "(xsx)" },
  { "reopen-case", on_reopen_case, "x" },
  { "book-case", on_book_case, "(xss)" },
  { "book-case-unconfirmed", on_book_case, "(xss)" },
  { "offer-slots", on_offer_slots, "x" },
  { "move-appointment", on_move_appointment, "(xsss)" },
  { "cancel-appointment", on_cancel_appointment, "x" },
  { "open-next-case", on_open_next_case },
  { "export-calendar", redial_calendar_export_activate, "(sss)" },
  { "keep-redial-version", redial_calendar_conflict_activate, "x" },
  { "take-calendar-version", redial_calendar_conflict_activate, "x" },
};

void
redial_application_add_desk_actions (RedialApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), desk_actions, G_N_ELEMENTS (desk_actions), self);
}
