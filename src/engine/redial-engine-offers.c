/* redial-engine-offers.c: booking a case by text: the two-slot offer, its held times, and the caller's answer. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include <glib/gi18n.h>

#include "redial-engine-booking-private.h"
#include "redial-offer-reply.h"
#include "redial-text.h"

/* The most of a caller's unclear reply the BOOKING item keeps. */
#define UNCLEAR_REPLY_CHARS 160

/* ── The open offer ── */

/* The latest offer of @kase still open (no booking nor cancellation of it
 * since, the case not booked), or NULL; a new reference. */
static RedialTimelineItem *
find_open_offer (RedialEngine *self,
                 RedialCase   *kase)
{
  g_autoptr(GPtrArray) timeline = NULL;

  if (redial_case_get_state (kase) == REDIAL_CASE_STATE_BOOKED ||
      redial_case_get_state (kase) == REDIAL_CASE_STATE_CLOSED)
    return NULL;
  timeline = redial_store_list_timeline (self->store, redial_case_get_id (kase), NULL);
  for (guint i = timeline != NULL ? timeline->len : 0; i > 0; i--)
    {
      RedialTimelineItem *item = g_ptr_array_index (timeline, i - 1);
      const char *action = redial_engine_booking_item_action (item);

      if (g_strcmp0 (action, ACTION_OFFERED) == 0)
        return g_object_ref (item);
      if (g_strcmp0 (action, ACTION_BOOKED) == 0 || g_strcmp0 (action, ACTION_CANCELLED) == 0)
        return NULL;
    }
  return NULL;
}

gboolean
redial_engine_get_offer (RedialEngine  *self,
                         RedialCase    *kase,
                         GPtrArray    **slots,
                         char         **unclear_reply)
{
  g_autoptr(GPtrArray) timeline = NULL;
  g_autoptr(RedialTimelineItem) offer = NULL;

  g_return_val_if_fail (REDIAL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), FALSE);

  offer = find_open_offer (self, kase);
  if (offer == NULL)
    return FALSE;
  if (slots != NULL)
    *slots = redial_engine_booking_item_slots (offer, NULL);
  if (unclear_reply != NULL)
    {
      *unclear_reply = NULL;
      timeline = redial_store_list_timeline (self->store, redial_case_get_id (kase), NULL);
      for (guint i = timeline != NULL ? timeline->len : 0; i > 0; i--)
        {
          RedialTimelineItem *item = g_ptr_array_index (timeline, i - 1);

          const char *action = redial_engine_booking_item_action (item);

          /* The newest offer is the open one: replies before it answered another. */
          if (g_strcmp0 (action, ACTION_OFFERED) == 0)
            break;
          if (g_strcmp0 (action, ACTION_UNCLEAR) == 0)
            {
              *unclear_reply = g_strdup (redial_timeline_item_get_text (item));
              break;
            }
        }
    }
  return TRUE;
}


/* ── Offers by text ── */

/* Free starts looked at per slot wanted: a 3-hour job on 15-minute steps
 * overlaps the next 11 starts. */
#define CANDIDATES_PER_SLOT 16

GPtrArray *
redial_engine_find_slots (RedialEngine  *self,
                          RedialCase    *kase,
                          guint          n_slots,
                          GError       **error)
{
  g_autoptr(RedialAvailability) availability = NULL;
  g_autoptr(GHashTable) answers = NULL;
  g_autoptr(GDateTime) now_local = NULL;
  g_autofree char *window_answer = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  GPtrArray *slots;
  RedialSlotWindow window;
  gint64 now;

  g_return_val_if_fail (REDIAL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), NULL);

  now = redial_clock_now (self->clock);
  answers = redial_store_list_intake_answers (self->store, redial_case_get_id (kase), NULL);
  window_answer = _redial_booking_intake_answer (self, answers, REDIAL_INTAKE_DATE_WINDOW);
  now_local = redial_clock_date_time (now, redial_config_get_time_zone (self->config));
  if (window_answer == NULL || !redial_slot_window_from_intake (&window, window_answer, now_local))
    redial_slot_window_init (&window);
  window.distinct_times = TRUE;

  availability = _redial_booking_availability (self, now,
                                               now + (gint64) (REDIAL_AVAILABILITY_HORIZON_DAYS + 1) * 24 * 3600 *
                                               G_USEC_PER_SEC, error);
  if (availability == NULL)
    return NULL;
  /* Times a caller chooses between do not overlap ("1-3pm or 1:15-3:15pm"
   * is no choice): of the candidates, earliest first, each kept slot
   * ends before the next one starts or starts after it ends. */
  candidates = redial_availability_find (availability, _redial_booking_intake_job_type (self, answers), &window,
                                         n_slots * CANDIDATES_PER_SLOT, redial_case_get_id (kase), now);
  slots = g_ptr_array_new_with_free_func ((GDestroyNotify) redial_slot_free);
  for (guint i = 0; i < candidates->len && slots->len < n_slots; i++)
    {
      RedialSlot *candidate = g_ptr_array_index (candidates, i);
      gboolean overlaps = FALSE;

      for (guint j = 0; j < slots->len && !overlaps; j++)
        {
          RedialSlot *kept = g_ptr_array_index (slots, j);

          overlaps = candidate->start < kept->end && kept->start < candidate->end;
        }
      if (!overlaps)
        g_ptr_array_add (slots, redial_slot_copy (candidate));
    }
  return slots;
}

/* Holds the next two free slots for @kase and texts them, by @actor;
 * FALSE when there are not two, or the caller may not be texted. */
static gboolean
offer (RedialEngine  *self,
       RedialCase    *kase,
       const char    *actor,
       GError       **error)
{
  RedialBookingSettings *settings = redial_config_get_booking (self->config);
  g_autoptr(GPtrArray) slots = NULL;
  g_autoptr(GHashTable) answers = NULL;
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(RedialMessage) message = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autofree char *body = NULL;
  RedialTemplate *template;
  const char *job_type;
  gint64 now = redial_clock_now (self->clock);
  gint64 expires_at = now + (gint64) redial_booking_settings_get_hold_minutes (settings) * 60 * G_USEC_PER_SEC;

  if (!redial_compliance_check_case (self->compliance, kase, error))
    return FALSE;
  /* The case's earlier offer gives way to this one. */
  if (!redial_store_release_holds (self->store, redial_case_get_id (kase), &local_error))
    return _redial_engine_store_refused (error, local_error);
  slots = redial_engine_find_slots (self, kase, 2, error);
  if (slots == NULL)
    return FALSE;
  if (slots->len < 2)
    {
      g_set_error_literal (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_REFUSED,
                           _("There are not two free times to offer in the next two weeks."));
      return FALSE;
    }

  answers = redial_store_list_intake_answers (self->store, redial_case_get_id (kase), NULL);
  job_type = _redial_booking_intake_job_type (self, answers);
  values = redial_renderer_values (self->renderer, kase);
  for (guint i = 0; i < 2; i++)
    {
      RedialSlot *slot = g_ptr_array_index (slots, i);
      g_autoptr(RedialHold) hold = redial_hold_new (redial_case_get_id (kase), slot->resource, slot->start, slot->end,
                                                    expires_at);
      g_autofree char *line = _redial_booking_encode_slot (slot->resource, slot->start, slot->end, 0);

      if (!redial_store_add_hold (self->store, hold, now, &local_error))
        {
          redial_store_release_holds (self->store, redial_case_get_id (kase), NULL);
          if (g_error_matches (local_error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_OVERLAP))
            {
              g_set_error_literal (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_REFUSED, local_error->message);
              return FALSE;
            }
          return _redial_engine_store_refused (error, local_error);
        }
      g_string_append_printf (lines, "%s%s", i > 0 ? "\n" : "", line);
      g_hash_table_insert (values, i == 0 ? (gpointer) "slot_1" : (gpointer) "slot_2",
                           _redial_booking_describe_arrival (self, job_type, slot->start, slot->end));
    }

  template = redial_template_set_lookup (redial_config_get_templates (self->config), REDIAL_TEMPLATE_USE_SLOT_OFFER,
                                         redial_config_get_language (self->config));
  body = template != NULL ? redial_template_fill (template, values, &local_error) : NULL;
  if (body == NULL)
    {
      redial_store_release_holds (self->store, redial_case_get_id (kase), NULL);
      g_set_error (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_TEXT, _("The text was not sent: %s"),
                   local_error != NULL ? local_error->message : _("there is no text offering two times"));
      return FALSE;
    }
  message = redial_outbox_queue (self->outbox, kase, REDIAL_MESSAGE_KIND_SLOT_OFFER, REDIAL_TEMPLATE_USE_SLOT_OFFER,
                                 body, error);
  if (message == NULL)
    {
      redial_store_release_holds (self->store, redial_case_get_id (kase), NULL);
      return FALSE;
    }
  _redial_booking_record (self, kase, actor, ACTION_OFFERED, lines->str);
  return TRUE;
}

gboolean
redial_engine_offer_slots (RedialEngine  *self,
                           RedialCase    *kase,
                           GError       **error)
{
  g_return_val_if_fail (REDIAL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), FALSE);

  if (_redial_booking_refuse_closed (kase, error))
    return FALSE;
  if (redial_case_get_state (kase) == REDIAL_CASE_STATE_BOOKED)
    {
      g_set_error_literal (error, REDIAL_ENGINE_ERROR, REDIAL_ENGINE_ERROR_REFUSED, _("This case is booked already."));
      return FALSE;
    }
  if (!redial_compliance_check_case (self->compliance, kase, error) || !_redial_engine_ensure_claimed (self, kase, error))
    return FALSE;
  if (!offer (self, kase, redial_engine_get_desk_user (self), error))
    return FALSE;
  _redial_engine_human_touch (self, kase, TRUE);
  return TRUE;
}

gboolean
_redial_engine_booking_take_reply (RedialEngine *self,
                                   RedialCase   *kase,
                                   const char   *text)
{
  g_autoptr(RedialTimelineItem) open = NULL;
  g_autoptr(GPtrArray) slots = NULL;
  g_autoptr(GPtrArray) holds = NULL;
  g_autoptr(GHashTable) answers = NULL;
  g_autoptr(RedialAppointment) appointment = NULL;
  g_autoptr(GError) error = NULL;
  RedialOfferReply choice;
  RedialSlot *chosen;
  gint64 now = redial_clock_now (self->clock);
  gboolean held = FALSE;

  open = find_open_offer (self, kase);
  if (open == NULL)
    return FALSE;
  slots = redial_engine_booking_item_slots (open, NULL);
  if (slots->len != 2)
    return FALSE;

  choice = redial_offer_reply_parse (text, ((RedialSlot *) g_ptr_array_index (slots, 0))->start,
                                     ((RedialSlot *) g_ptr_array_index (slots, 1))->start,
                                     redial_config_get_time_zone (self->config), now);
  if (choice == REDIAL_OFFER_REPLY_UNCLEAR)
    {
      g_autofree char *snippet = redial_text_clean_snippet (text, UNCLEAR_REPLY_CHARS);

      /* Never "Sorry, I did not understand": a person reads it. */
      _redial_booking_record (self, kase, NULL, ACTION_UNCLEAR, snippet);
      return FALSE;
    }

  chosen = g_ptr_array_index (slots, choice == REDIAL_OFFER_REPLY_SLOT_1 ? 0 : 1);
  holds = redial_store_list_case_holds (self->store, redial_case_get_id (kase), now, NULL);
  for (guint i = 0; holds != NULL && i < holds->len; i++)
    {
      RedialHold *hold = g_ptr_array_index (holds, i);

      if (g_str_equal (redial_hold_get_resource (hold), chosen->resource) && redial_hold_get_start (hold) == chosen->start)
        held = TRUE;
    }

  if (held)
    {
      const char *job_type;

      answers = redial_store_list_intake_answers (self->store, redial_case_get_id (kase), NULL);
      job_type = _redial_booking_job_type_for (self, answers, _redial_booking_lookup_resource (self, chosen->resource));
      appointment = _redial_booking_book (self, kase, answers, NULL, chosen->resource, job_type, chosen->start,
                                          chosen->end, TRUE, FALSE, &error);
      if (appointment != NULL)
        {
          _redial_engine_human_touch (self, kase, TRUE);
          return TRUE;
        }
      g_debug ("Case %" G_GINT64_FORMAT ": the slot chosen was lost: %s", redial_case_get_id (kase), error->message);
      g_clear_error (&error);
    }

  /* The slot went (its hold lapsed, or it was booked meanwhile): the next two. */
  if (!offer (self, kase, NULL, &error))
    {
      g_message ("Case %" G_GINT64_FORMAT ": no new times could be offered: %s", redial_case_get_id (kase),
                 error->message);
      return FALSE;
    }
  _redial_engine_human_touch (self, kase, TRUE);
  return TRUE;
}

void
_redial_engine_booking_case_closed (RedialEngine *self,
                                    RedialCase   *kase)
{
  g_autoptr(GError) error = NULL;

  if (!redial_store_release_holds (self->store, redial_case_get_id (kase), &error))
    g_message ("Case %" G_GINT64_FORMAT ": its held times could not be released: %s", redial_case_get_id (kase),
               error->message);
}
