/* redial-engine-booking.c: booking a case at the desk: appointments, moves and cancellations, confirmations; the rules and words offers by text share. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include <glib/gi18n.h>

#include "redial-engine-booking-private.h"
#include "redial-text.h"

typedef struct
{
  RedialEngine *engine;
  gint64        appointment_id;
} PendingConfirmation;

/* ── The calendar as the rules see it ── */

RedialAvailability *
_redial_booking_availability (RedialEngine  *self,
                              gint64         from,
                              gint64         to,
                              GError       **error)
{
  RedialBookingSettings *settings = redial_config_get_booking (self->config);
  g_autoptr(RedialAvailability) availability = NULL;
  g_autoptr(GPtrArray) appointments = NULL;
  g_autoptr(GPtrArray) holds = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 margin = redial_booking_settings_get_buffer (settings) + (gint64) 24 * 3600 * G_USEC_PER_SEC;

  appointments = redial_store_list_appointments (self->store, from - margin, to + margin, NULL, &local_error);
  if (appointments != NULL)
    holds = redial_store_list_holds (self->store, from - margin, to + margin, redial_clock_now (self->clock),
                                     &local_error);
  if (holds == NULL)
    {
      _redial_engine_store_refused (error, local_error);
      return NULL;
    }

  availability = redial_availability_new (redial_config_get_resources (self->config),
                                          redial_config_get_job_types (self->config),
                                          redial_config_get_time_zone (self->config),
                                          redial_booking_settings_get_minimum_notice (settings),
                                          redial_booking_settings_get_buffer (settings));
  redial_availability_set_calendar (availability, appointments, holds);
  return g_steal_pointer (&availability);
}

char *
_redial_booking_intake_answer (RedialEngine     *self,
                               GHashTable       *answers,
                               RedialIntakeType  type)
{
  RedialIntakeProfile *profile = redial_config_get_intake (self->config);

  for (guint i = 0; answers != NULL && i < redial_intake_profile_get_n_questions (profile); i++)
    {
      RedialIntakeQuestion *question = redial_intake_profile_get_question (profile, i);
      const char *value = g_hash_table_lookup (answers, redial_intake_question_get_key (question));

      if (value != NULL && redial_intake_question_get_kind (question) == type)
        return g_strdup (value);
    }
  return NULL;
}

/* Whether the job type @name is the choice @id ("water-heater" for
 * "Water heater") shown as @label. */
static gboolean
names_job (const char *name,
           const char *id,
           const char *label)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);
  g_autofree char *id_words = g_strdelimit (g_utf8_casefold (id, -1), "-_", ' ');
  g_autofree char *label_folded = label != NULL ? g_utf8_casefold (label, -1) : NULL;

  return g_str_equal (folded, id_words) || g_strcmp0 (folded, label_folded) == 0;
}

const char *
_redial_booking_intake_job_type (RedialEngine *self,
                                 GHashTable   *answers)
{
  RedialIntakeProfile *profile = redial_config_get_intake (self->config);
  GPtrArray *job_types = redial_config_get_job_types (self->config);

  for (guint i = 0; answers != NULL && i < redial_intake_profile_get_n_questions (profile); i++)
    {
      RedialIntakeQuestion *question = redial_intake_profile_get_question (profile, i);
      const char *value = g_hash_table_lookup (answers, redial_intake_question_get_key (question));
      const char *label;

      if (value == NULL || redial_intake_question_get_kind (question) != REDIAL_INTAKE_CHOICE)
        continue;
      label = redial_intake_question_get_choice_label (question, value);
      for (guint j = 0; j < job_types->len; j++)
        {
          const char *name = redial_job_type_get_name (g_ptr_array_index (job_types, j));

          if (names_job (name, value, label))
            return name;
        }
    }
  return NULL;
}

const char *
_redial_booking_job_type_for (RedialEngine   *self,
                              GHashTable     *answers,
                              RedialResource *resource)
{
  const char *from_intake = _redial_booking_intake_job_type (self, answers);
  const char * const *done;

  if (from_intake != NULL || resource == NULL)
    return from_intake;
  done = redial_resource_get_job_types (resource);
  return done != NULL && done[0] != NULL ? done[0] : NULL;
}

static RedialJobType *
lookup_job_type (RedialEngine *self,
                 const char   *name)
{
  GPtrArray *job_types = redial_config_get_job_types (self->config);

  for (guint i = 0; name != NULL && i < job_types->len; i++)
    if (g_str_equal (redial_job_type_get_name (g_ptr_array_index (job_types, i)), name))
      return g_ptr_array_index (job_types, i);
  return NULL;
}

RedialResource *
_redial_booking_lookup_resource (RedialEngine *self,
                                 const char   *name)
{
  GPtrArray *resources = redial_config_get_resources (self->config);

  for (guint i = 0; name != NULL && i < resources->len; i++)
    if (g_str_equal (redial_resource_get_name (g_ptr_array_index (resources, i)), name))
      return g_ptr_array_index (resources, i);
  return NULL;
}

static gint64
duration_of (RedialEngine *self,
             const char   *job_type)
{
  RedialJobType *type = lookup_job_type (self, job_type);

  return type != NULL && redial_job_type_get_duration (type) > 0 ? redial_job_type_get_duration (type)
                                                                  : REDIAL_DEFAULT_JOB_DURATION;
}

/* ── Slots in the caller's words ── */

/* "9", "9:30" and whether it is after noon, for an English text. */
static char *
english_clock (GDateTime *at,
               gboolean  *pm)
{
  int hour = g_date_time_get_hour (at);
  int minute = g_date_time_get_minute (at);
  int twelve = hour % 12 == 0 ? 12 : hour % 12;

  *pm = hour >= 12;
  return minute == 0 ? g_strdup_printf ("%d", twelve) : g_strdup_printf ("%d:%02d", twelve, minute);
}

/* When the caller can expect us, in the business's language: "Tue Dec 1,
 * 9-11am", "martes 1 dic, 9:00-11:00". Texts keep to a hyphen: a dash
 * is outside the GSM alphabet and would cost the text one segment per
 * 70 characters instead of 160. */
static char *
describe_slot_for_text (RedialEngine *self,
                        gint64        start,
                        gint64        end)
{
  static const char * const en_days[] = { "", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char * const en_months[] = { "", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
                                            "Sep", "Oct", "Nov", "Dec" };
  static const char * const es_days[] = { "", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado",
                                          "domingo" };
  static const char * const es_months[] = { "", "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep",
                                            "oct", "nov", "dic" };
  GTimeZone *tz = redial_config_get_time_zone (self->config);
  g_autoptr(GDateTime) from = redial_clock_date_time (start, tz);
  g_autoptr(GDateTime) to = redial_clock_date_time (end, tz);
  const char *language = redial_config_get_language (self->config);
  int weekday = g_date_time_get_day_of_week (from);
  int month = g_date_time_get_month (from);

  if (language != NULL && g_str_has_prefix (language, "es"))
    return g_strdup_printf ("%s %d %s, %d:%02d-%d:%02d", es_days[weekday], g_date_time_get_day_of_month (from),
                            es_months[month], g_date_time_get_hour (from), g_date_time_get_minute (from),
                            g_date_time_get_hour (to), g_date_time_get_minute (to));
  {
    gboolean from_pm, to_pm;
    g_autofree char *from_clock = english_clock (from, &from_pm);
    g_autofree char *to_clock = english_clock (to, &to_pm);

    return g_strdup_printf ("%s %s %d, %s%s-%s%s", en_days[weekday], en_months[month],
                            g_date_time_get_day_of_month (from), from_clock,
                            from_pm == to_pm ? "" : (from_pm ? "pm" : "am"), to_clock, to_pm ? "pm" : "am");
  }
}

char *
_redial_booking_describe_arrival (RedialEngine *self,
                                  const char   *job_type,
                                  gint64        start,
                                  gint64        end)
{
  RedialJobType *type = lookup_job_type (self, job_type);

  if (type != NULL && redial_job_type_get_window (type) > 0)
    end = start + redial_job_type_get_window (type);
  return describe_slot_for_text (self, start, end);
}

/* ── The timeline's BOOKING items ── */

char *
_redial_booking_encode_slot (const char *resource,
                             gint64      start,
                             gint64      end,
                             gint64      appointment_id)
{
  return g_strdup_printf ("%s\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT,
                          resource, start, end, appointment_id);
}

GPtrArray *
redial_engine_booking_item_slots (RedialTimelineItem *item,
                                  gint64             *appointment_id)
{
  g_autoptr(GPtrArray) slots = g_ptr_array_new_with_free_func ((GDestroyNotify) redial_slot_free);
  g_auto(GStrv) lines = NULL;
  const char *action;

  g_return_val_if_fail (REDIAL_IS_TIMELINE_ITEM (item), NULL);

  if (appointment_id != NULL)
    *appointment_id = 0;
  action = redial_timeline_item_get_question (item);
  if (redial_timeline_item_get_kind (item) != REDIAL_TIMELINE_KIND_BOOKING ||
      g_strcmp0 (action, ACTION_UNCLEAR) == 0 || redial_timeline_item_get_text (item) == NULL)
    return g_steal_pointer (&slots);

  lines = g_strsplit (redial_timeline_item_get_text (item), "\n", 0);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", 0);
      RedialSlot slot;

      if (g_strv_length (fields) != 4)
        continue;
      slot.resource = fields[0];
      slot.start = g_ascii_strtoll (fields[1], NULL, 10);
      slot.end = g_ascii_strtoll (fields[2], NULL, 10);
      g_ptr_array_add (slots, redial_slot_copy (&slot));
      if (appointment_id != NULL)
        *appointment_id = g_ascii_strtoll (fields[3], NULL, 10);
    }
  return g_steal_pointer (&slots);
}

const char *
redial_engine_booking_item_action (RedialTimelineItem *item)
{
  g_return_val_if_fail (REDIAL_IS_TIMELINE_ITEM (item), NULL);

  if (redial_timeline_item_get_kind (item) != REDIAL_TIMELINE_KIND_BOOKING)
    return NULL;
  return redial_timeline_item_get_question (item);
}

void
_redial_booking_record (RedialEngine *self,
                        RedialCase   *kase,
                        const char   *actor,
                        const char   *action,
                        const char   *text)
{
  g_autoptr(RedialTimelineItem) item =
    redial_timeline_item_new (REDIAL_TIMELINE_KIND_BOOKING, redial_clock_now (self->clock), actor);
  g_autoptr(GError) error = NULL;

  redial_timeline_item_set_question (item, action);
  redial_timeline_item_set_text (item, text);
  if (redial_store_add_case_event (self->store, item, redial_case_get_id (kase), &error))
    _redial_engine_timeline_changed (self, kase, item);
  else
    g_message ("Case %" G_GINT64_FORMAT ": its booking could not be recorded: %s",
               redial_case_get_id (kase), error->message);
}

/* ── Confirmations ── */

static void
send_confirmation (RedialEngine *self,
                   gint64        appointment_id)
{
  g_autoptr(RedialAppointment) appointment = NULL;
  g_autoptr(RedialCase) kase = NULL;
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(RedialMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *when = NULL;
  g_autofree char *body = NULL;
  RedialTemplate *template;
  const char *address;

  appointment = redial_store_get_appointment (self->store, appointment_id, &error);
  if (appointment == NULL || redial_appointment_get_status (appointment) != REDIAL_APPOINTMENT_STATUS_BOOKED)
    return;
  kase = redial_engine_find_case (self, redial_appointment_get_case_id (appointment), &error);
  if (kase == NULL)
    return;

  when = _redial_booking_describe_arrival (self, redial_appointment_get_job_type (appointment),
                                          redial_appointment_get_start (appointment),
                                          redial_appointment_get_end (appointment));
  address = redial_appointment_get_address (appointment);
  values = redial_renderer_values (self->renderer, kase);
  if (address != NULL && *address != '\0')
    {
      const char *language = redial_config_get_language (self->config);
      g_autofree char *clean = redial_text_clean_snippet (address, 80);

      g_hash_table_insert (values, (gpointer) "slot_1",
                           g_strdup_printf (language != NULL && g_str_has_prefix (language, "es") ? "%s, en %s"
                                                                                               : "%s at %s",
                                            when, clean));
    }
  else
    g_hash_table_insert (values, (gpointer) "slot_1", g_steal_pointer (&when));

  template = redial_template_set_lookup (redial_config_get_templates (self->config),
                                         REDIAL_TEMPLATE_USE_BOOKING_CONFIRMATION,
                                         redial_config_get_language (self->config));
  body = template != NULL ? redial_template_fill (template, values, &error) : NULL;
  if (body == NULL)
    {
      g_message ("Case %" G_GINT64_FORMAT ": no booking confirmation could be written: %s",
                 redial_case_get_id (kase), error != NULL ? error->message : "no template");
      return;
    }
  message = redial_outbox_queue (self->outbox, kase, REDIAL_MESSAGE_KIND_BOOKING_CONFIRMATION,
                                 REDIAL_TEMPLATE_USE_BOOKING_CONFIRMATION, body, &error);
  if (message == NULL && error != NULL)
    g_message ("Case %" G_GINT64_FORMAT ": the booking confirmation was not sent: %s",
               redial_case_get_id (kase), error->message);
}

static gboolean
on_confirmation_due (gpointer user_data)
{
  PendingConfirmation *pending = user_data;
  RedialEngine *self = pending->engine;
  gint64 id = pending->appointment_id;

  /* Removing it frees @pending. */
  g_hash_table_steal (self->pending_confirmations, &pending->appointment_id);
  send_confirmation (self, id);
  return G_SOURCE_REMOVE;
}

/* Confirms @appointment_id by text at once, or after the time the desk
 * has to undo it: an undone booking is never confirmed. */
static void
confirm (RedialEngine *self,
         gint64        appointment_id,
         gboolean      undoable)
{
  PendingConfirmation *pending;
  guint id;

  if (!undoable)
    {
      send_confirmation (self, appointment_id);
      return;
    }
  pending = g_new0 (PendingConfirmation, 1);
  pending->engine = self;
  pending->appointment_id = appointment_id;
  id = redial_clock_schedule (self->clock, (gint64) REDIAL_ENGINE_BOOKING_UNDO_SECONDS * G_USEC_PER_SEC,
                              on_confirmation_due, pending, g_free);
  if (self->pending_confirmations == NULL)
    self->pending_confirmations = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, NULL);
  g_hash_table_insert (self->pending_confirmations, &pending->appointment_id, GUINT_TO_POINTER (id));
}

/* Whether a confirmation of @appointment_id waits, which is then dropped. */
static gboolean
drop_confirmation (RedialEngine *self,
                   gint64        appointment_id)
{
  gpointer id;

  if (self->pending_confirmations == NULL ||
      !g_hash_table_steal_extended (self->pending_confirmations, &appointment_id, NULL, &id))
    return FALSE;
  redial_clock_cancel (self->clock, GPOINTER_TO_UINT (id));
  return TRUE;
}

void
_redial_engine_booking_dispose (RedialEngine *self)
{
  if (self->pending_confirmations == NULL)
    return;
  {
    GHashTableIter iter;
    gpointer id;

    g_hash_table_iter_init (&iter, self->pending_confirmations);
    while (g_hash_table_iter_next (&iter, NULL, &id))
      {
        g_hash_table_iter_steal (&iter);
        redial_clock_cancel (self->clock, GPOINTER_TO_UINT (id));
      }
  }
  g_clear_pointer (&self->pending_confirmations, g_hash_table_unref);
}

/* ── Booking ── */

gboolean
_redial_booking_refuse_closed (RedialCase  *kase,
                               GError     **error)
{
  if (redial_case_get_state (kase) != REDIAL_CASE_STATE_CLOSED && redial_case_get_closed_at (kase) == 0)
    return FALSE;
  g_set_error_literal (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_REFUSED, _("This case is closed."));
  return TRUE;
}

RedialAppointment *
_redial_booking_book (RedialEngine  *self,
                      RedialCase    *kase,
                      GHashTable    *answers,
                      const char    *actor,
                      const char    *resource,
                      const char    *job_type,
                      gint64         start,
                      gint64         end,
                      gboolean       send,
                      gboolean       undoable,
                      GError       **error)
{
  g_autoptr(RedialAppointment) appointment = redial_appointment_new (redial_case_get_id (kase), resource, job_type,
                                                                     start, end);
  g_autoptr(GPtrArray) holds = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *address = _redial_booking_intake_answer (self, answers, REDIAL_INTAKE_ADDRESS);
  g_autofree char *line = NULL;
  gint64 now = redial_clock_now (self->clock);
  gint64 hold_id = 0;
  gboolean booked;

  redial_appointment_set_address (appointment, address);
  redial_appointment_set_caller (appointment, redial_case_get_caller (kase));
  redial_appointment_set_caller_name (appointment, redial_case_get_caller_name (kase));

  holds = redial_store_list_case_holds (self->store, redial_case_get_id (kase), now, NULL);
  for (guint i = 0; holds != NULL && i < holds->len; i++)
    {
      RedialHold *hold = g_ptr_array_index (holds, i);

      if (g_str_equal (redial_hold_get_resource (hold), resource) && redial_hold_get_start (hold) == start &&
          redial_hold_get_end (hold) == end)
        hold_id = redial_hold_get_id (hold);
    }
  if (hold_id != 0)
    booked = redial_store_take_hold (self->store, hold_id, appointment, now, &local_error);
  else
    booked = redial_store_add_appointment (self->store, appointment, now, &local_error) &&
             redial_store_release_holds (self->store, redial_case_get_id (kase), &local_error);
  if (!booked)
    {
      if (g_error_matches (local_error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_OVERLAP) ||
          g_error_matches (local_error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_EXPIRED))
        {
          g_set_error_literal (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_REFUSED, local_error->message);
          return NULL;
        }
      _redial_engine_store_refused (error, local_error);
      return NULL;
    }

  redial_case_set_state (kase, REDIAL_CASE_STATE_BOOKED);
  _redial_engine_save_case (self, kase);
  _redial_engine_case_changed (self, kase);
  line = _redial_booking_encode_slot (resource, start, end, redial_appointment_get_id (appointment));
  _redial_booking_record (self, kase, actor, ACTION_BOOKED, line);
  if (send && redial_compliance_check_case (self->compliance, kase, NULL))
    confirm (self, redial_appointment_get_id (appointment), undoable);
  return g_steal_pointer (&appointment);
}

RedialAppointment *
redial_engine_book_case (RedialEngine  *self,
                         RedialCase    *kase,
                         const char    *resource,
                         gint64         start,
                         gboolean       send_confirmation,
                         GError       **error)
{
  g_autoptr(RedialAvailability) availability = NULL;
  g_autoptr(GHashTable) answers = NULL;
  g_autoptr(RedialAppointment) appointment = NULL;
  g_autofree char *reason = NULL;
  const char *job_type;
  gint64 end;

  g_return_val_if_fail (REDIAL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), NULL);
  g_return_val_if_fail (resource != NULL, NULL);

  if (_redial_booking_refuse_closed (kase, error) || !_redial_engine_ensure_claimed (self, kase, error))
    return NULL;

  answers = redial_store_list_intake_answers (self->store, redial_case_get_id (kase), NULL);
  job_type = _redial_booking_job_type_for (self, answers, _redial_booking_lookup_resource (self, resource));
  end = start + duration_of (self, job_type);
  availability = _redial_booking_availability (self, start, end, error);
  if (availability == NULL)
    return NULL;
  if (redial_availability_check (availability, resource, job_type, start, end, 0, redial_case_get_id (kase),
                                 redial_clock_now (self->clock), &reason) != REDIAL_AVAILABILITY_OK)
    {
      g_set_error_literal (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_REFUSED, reason);
      return NULL;
    }

  appointment = _redial_booking_book (self, kase, answers, redial_engine_get_desk_user (self), resource, job_type,
                                      start, end, send_confirmation, TRUE, error);
  if (appointment != NULL)
    _redial_engine_human_touch (self, kase, TRUE);
  return g_steal_pointer (&appointment);
}

/* The appointment @appointment_id and its case, for the desk to change. */
static RedialAppointment *
appointment_for_desk (RedialEngine  *self,
                      gint64         appointment_id,
                      RedialCase   **kase,
                      GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RedialAppointment) appointment = redial_store_get_appointment (self->store, appointment_id,
                                                                           &local_error);

  if (appointment == NULL)
    {
      _redial_engine_store_refused (error, local_error);
      return NULL;
    }
  *kase = redial_engine_find_case (self, redial_appointment_get_case_id (appointment), error);
  if (*kase == NULL || !_redial_engine_check_not_others (self, *kase, error))
    {
      g_clear_object (kase);
      return NULL;
    }
  return g_steal_pointer (&appointment);
}

RedialAppointment *
redial_engine_move_appointment (RedialEngine  *self,
                                gint64         appointment_id,
                                const char    *resource,
                                gint64         start,
                                gint64         end,
                                GError       **error)
{
  g_autoptr(RedialAppointment) appointment = NULL;
  g_autoptr(RedialAppointment) moved = NULL;
  g_autoptr(RedialAvailability) availability = NULL;
  g_autoptr(RedialCase) kase = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *line = NULL;

  g_return_val_if_fail (REDIAL_IS_ENGINE (self), NULL);

  appointment = appointment_for_desk (self, appointment_id, &kase, error);
  if (appointment == NULL)
    return NULL;
  if (resource == NULL || *resource == '\0')
    resource = redial_appointment_get_resource (appointment);
  if (end <= start)
    {
      g_set_error_literal (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_REFUSED,
                           _("An appointment must end after it starts."));
      return NULL;
    }
  availability = _redial_booking_availability (self, start, end, error);
  if (availability == NULL)
    return NULL;
  if (redial_availability_check (availability, resource, redial_appointment_get_job_type (appointment), start, end,
                                 appointment_id, redial_case_get_id (kase), redial_clock_now (self->clock),
                                 &reason) != REDIAL_AVAILABILITY_OK)
    {
      g_set_error_literal (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_REFUSED, reason);
      return NULL;
    }

  moved = redial_store_move_appointment (self->store, appointment_id, resource, start, end,
                                         redial_clock_now (self->clock), &local_error);
  if (moved == NULL)
    {
      if (g_error_matches (local_error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_OVERLAP))
        g_set_error_literal (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_REFUSED, local_error->message);
      else
        _redial_engine_store_refused (error, local_error);
      return NULL;
    }
  line = _redial_booking_encode_slot (resource, start, end, appointment_id);
  _redial_booking_record (self, kase, redial_engine_get_desk_user (self), ACTION_MOVED, line);
  return g_steal_pointer (&moved);
}

gboolean
redial_engine_cancel_appointment (RedialEngine  *self,
                                  gint64         appointment_id,
                                  GError       **error)
{
  g_autoptr(RedialAppointment) appointment = NULL;
  g_autoptr(RedialAppointment) cancelled = NULL;
  g_autoptr(GPtrArray) others = NULL;
  g_autoptr(RedialCase) kase = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *line = NULL;
  gboolean still_booked = FALSE;

  g_return_val_if_fail (REDIAL_IS_ENGINE (self), FALSE);

  appointment = appointment_for_desk (self, appointment_id, &kase, error);
  if (appointment == NULL)
    return FALSE;
  if (redial_appointment_get_status (appointment) == REDIAL_APPOINTMENT_STATUS_CANCELLED)
    return TRUE;

  cancelled = redial_store_cancel_appointment (self->store, appointment_id, redial_clock_now (self->clock),
                                               &local_error);
  if (cancelled == NULL)
    return _redial_engine_store_refused (error, local_error);
  drop_confirmation (self, appointment_id);

  line = _redial_booking_encode_slot (redial_appointment_get_resource (appointment),
                                      redial_appointment_get_start (appointment),
                                      redial_appointment_get_end (appointment), appointment_id);
  _redial_booking_record (self, kase, redial_engine_get_desk_user (self), ACTION_CANCELLED, line);

  /* The case goes back to where it stood before it was booked. */
  others = redial_store_list_case_appointments (self->store, redial_case_get_id (kase), NULL);
  for (guint i = 0; others != NULL && i < others->len; i++)
    if (redial_appointment_get_status (g_ptr_array_index (others, i)) == REDIAL_APPOINTMENT_STATUS_BOOKED)
      still_booked = TRUE;
  if (!still_booked && redial_case_get_state (kase) == REDIAL_CASE_STATE_BOOKED)
    {
      redial_case_set_state (kase, _redial_engine_intake_state (self, kase));
      _redial_engine_save_case (self, kase);
      _redial_engine_case_changed (self, kase);
    }
  return TRUE;
}

gint64
redial_engine_booking_duration (RedialEngine *self,
                                gint64        case_id)
{
  g_autoptr(GHashTable) answers = NULL;

  g_return_val_if_fail (REDIAL_IS_ENGINE (self), REDIAL_DEFAULT_JOB_DURATION);

  answers = redial_store_list_intake_answers (self->store, case_id, NULL);
  return duration_of (self, _redial_booking_intake_job_type (self, answers));
}
