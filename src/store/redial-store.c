/* redial-store.c: where Redial keeps its records: the interface's dispatchers and the default path. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include <glib/gi18n.h>

#include "redial-store.h"
#include "redial-pg-store.h"
#include "redial-sqlite-store.h"

G_DEFINE_INTERFACE (RedialStore, redial_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (redial-store-error-quark, redial_store_error)

#define IFACE(self) (REDIAL_STORE_GET_IFACE (self))

static void
redial_store_default_init (RedialStoreInterface *iface)
{
  /* Emitted on the main context that follows the store (see
   * redial_pg_store_listen()) when another desk sharing the store changed
   * case @case_id: its row, calls, messages, events or answers. Never
   * emitted for this desk's own changes, nor by a store no other desk
   * shares (SQLite). */
  g_signal_new ("case-changed", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /* Emitted likewise when another desk came, went, or opened or put
   * down a case (see redial_store_announce_desk()). */
  g_signal_new ("presence-changed", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Emitted on the main context that follows the store when a new
   * version of the business settings was written, by this desk or
   * another: @version, or 0 when it is not known which (after a lost
   * connection). Not emitted by a store no other desk shares (SQLite). */
  g_signal_new ("settings-changed", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

char *
redial_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "redial", "redial.db", NULL);
}

RedialStore *
redial_store_open (const char  *path,
                   GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (redial_pg_store_is_url (path))
    return REDIAL_STORE (redial_pg_store_open (path, NULL, error));
  return REDIAL_STORE (redial_sqlite_store_open (path, error));
}

/* Calls and cases */

RedialCase *
redial_store_record_call (RedialStore        *self,
                          RedialCall         *call,
                          gboolean            in_case,
                          RedialStoreRecord  *record,
                          GError            **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);
  g_return_val_if_fail (REDIAL_IS_CALL (call), NULL);
  g_return_val_if_fail (redial_call_get_provider (call) != NULL, NULL);
  g_return_val_if_fail (redial_call_get_provider_call_id (call) != NULL, NULL);

  return IFACE (self)->record_call (self, call, in_case, record, error);
}

GPtrArray *
redial_store_list_open_cases (RedialStore  *self,
                              GError      **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);

  return IFACE (self)->list_open_cases (self, error);
}

RedialCase *
redial_store_get_case (RedialStore  *self,
                       gint64        case_id,
                       GError      **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);

  return IFACE (self)->get_case (self, case_id, error);
}

void
redial_store_get_case_async (RedialStore         *self,
                             gint64               case_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  RedialCase *kase;

  g_return_if_fail (REDIAL_IS_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, redial_store_get_case_async);
  if (IFACE (self)->get_case_async != NULL && IFACE (self)->get_case_async (self, case_id, task))
    return;
  kase = redial_store_get_case (self, case_id, &error);
  if (kase != NULL)
    g_task_return_pointer (task, kase, g_object_unref);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

RedialCase *
redial_store_get_case_finish (RedialStore   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == redial_store_get_case_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

RedialCase *
redial_store_find_open_case (RedialStore  *self,
                             const char   *caller,
                             GError      **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);
  g_return_val_if_fail (caller != NULL, NULL);

  return IFACE (self)->find_open_case (self, caller, error);
}

RedialCase *
redial_store_open_case (RedialStore  *self,
                        const char   *caller,
                        gint64        at,
                        GError      **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);
  g_return_val_if_fail (caller != NULL, NULL);

  return IFACE (self)->open_case (self, caller, at, error);
}

gboolean
redial_store_update_case (RedialStore  *self,
                          RedialCase   *kase,
                          GError      **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), FALSE);

  return IFACE (self)->update_case (self, kase, error);
}

gboolean
redial_store_close_case (RedialStore        *self,
                         gint64              case_id,
                         RedialCaseOutcome   outcome,
                         gint64              job_value,
                         const char         *who,
                         gint64              closed_at,
                         RedialTimelineItem **event,
                         GError            **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);
  g_return_val_if_fail (job_value >= -1, FALSE);

  if (event != NULL)
    *event = NULL;
  return IFACE (self)->close_case (self, case_id, outcome, job_value, who, closed_at, event, error);
}

gboolean
redial_store_reopen_case (RedialStore         *self,
                          gint64               case_id,
                          const char          *who,
                          gint64               at,
                          RedialTimelineItem **event,
                          GError             **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);

  if (event != NULL)
    *event = NULL;
  return IFACE (self)->reopen_case (self, case_id, who, at, event, error);
}

GPtrArray *
redial_store_list_closed_cases (RedialStore  *self,
                                gint64        since,
                                GError      **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);

  return IFACE (self)->list_closed_cases (self, since, error);
}

GPtrArray *
redial_store_search_cases (RedialStore  *self,
                           const char   *query,
                           guint         limit,
                           GError      **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  return IFACE (self)->search_cases (self, query, limit, error);
}

/* Ownership and the timeline */

gboolean
redial_store_claim_case (RedialStore         *self,
                         gint64               case_id,
                         const char          *who,
                         gboolean             take_over,
                         gint64               at,
                         char               **owner,
                         RedialTimelineItem **event,
                         GError             **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);
  g_return_val_if_fail (who != NULL && *who != '\0', FALSE);

  if (owner != NULL)
    *owner = NULL;
  if (event != NULL)
    *event = NULL;
  return IFACE (self)->claim_case (self, case_id, who, take_over, at, owner, event, error);
}

gboolean
redial_store_release_case (RedialStore         *self,
                           gint64               case_id,
                           const char          *who,
                           gint64               at,
                           RedialTimelineItem **event,
                           GError             **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);
  g_return_val_if_fail (who != NULL, FALSE);

  if (event != NULL)
    *event = NULL;
  return IFACE (self)->release_case (self, case_id, who, at, event, error);
}

gboolean
redial_store_add_case_event (RedialStore         *self,
                             RedialTimelineItem  *item,
                             gint64               case_id,
                             GError             **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_TIMELINE_ITEM (item), FALSE);

  return IFACE (self)->add_case_event (self, item, case_id, error);
}

gboolean
redial_store_set_intake_answer (RedialStore         *self,
                                gint64               case_id,
                                const char          *question,
                                const char          *value,
                                const char          *who,
                                gint64               at,
                                RedialTimelineItem **event,
                                GError             **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);
  g_return_val_if_fail (question != NULL, FALSE);

  if (event != NULL)
    *event = NULL;
  return IFACE (self)->set_intake_answer (self, case_id, question, value, who, at, event, error);
}

GHashTable *
redial_store_list_intake_answers (RedialStore  *self,
                                  gint64        case_id,
                                  GError      **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);

  return IFACE (self)->list_intake_answers (self, case_id, error);
}

gboolean
redial_store_set_call_outcome (RedialStore        *self,
                               gint64              case_id,
                               gint64              item_id,
                               RedialCallOutcome   outcome,
                               GError            **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);

  return IFACE (self)->set_call_outcome (self, case_id, item_id, outcome, error);
}

GPtrArray *
redial_store_list_timeline (RedialStore  *self,
                            gint64        case_id,
                            GError      **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);

  return IFACE (self)->list_timeline (self, case_id, error);
}

guint
redial_store_count_calls_since (RedialStore *self,
                                gint64       case_id,
                                gint64       since,
                                gint64       max_ring)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), 0);

  return IFACE (self)->count_calls_since (self, case_id, since, max_ring);
}

/* Messages and the outbox */

gboolean
redial_store_queue_text_back (RedialStore    *self,
                              RedialCase     *kase,
                              RedialMessage  *message,
                              GError        **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_CASE (kase), FALSE);
  g_return_val_if_fail (REDIAL_IS_MESSAGE (message), FALSE);

  return IFACE (self)->queue_text_back (self, kase, message, error);
}

gboolean
redial_store_add_message (RedialStore    *self,
                          RedialMessage  *message,
                          GError        **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_MESSAGE (message), FALSE);

  return IFACE (self)->add_message (self, message, error);
}

gboolean
redial_store_update_message (RedialStore    *self,
                             RedialMessage  *message,
                             GError        **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_MESSAGE (message), FALSE);
  g_return_val_if_fail (redial_message_get_id (message) > 0, FALSE);

  return IFACE (self)->update_message (self, message, error);
}

RedialMessage *
redial_store_find_message (RedialStore  *self,
                           const char   *provider_message_id,
                           GError      **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);
  g_return_val_if_fail (provider_message_id != NULL, NULL);

  return IFACE (self)->find_message (self, provider_message_id, error);
}

GPtrArray *
redial_store_list_messages (RedialStore  *self,
                            gint64        case_id,
                            GError      **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);

  return IFACE (self)->list_messages (self, case_id, error);
}

GPtrArray *
redial_store_list_unsent_messages (RedialStore  *self,
                                   GError      **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);

  return IFACE (self)->list_unsent_messages (self, error);
}

/* Contacts */

gboolean
redial_store_save_contact (RedialStore  *self,
                           const char   *phone,
                           const char   *name,
                           GError      **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);
  g_return_val_if_fail (phone != NULL, FALSE);

  return IFACE (self)->save_contact (self, phone, name, error);
}

RedialContact *
redial_store_find_contact (RedialStore  *self,
                           const char   *phone,
                           GError      **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);
  g_return_val_if_fail (phone != NULL, NULL);

  return IFACE (self)->find_contact (self, phone, error);
}

gboolean
redial_store_save_contacts (RedialStore   *self,
                            GPtrArray     *contacts,
                            guint         *n_new,
                            guint         *n_known,
                            GCancellable  *cancellable,
                            GError       **error)
{
  guint new_here = 0;
  guint known_here = 0;
  gboolean saved;

  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);
  g_return_val_if_fail (contacts != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);

  saved = IFACE (self)->save_contacts (self, contacts, &new_here, &known_here, cancellable, error);
  if (n_new != NULL)
    *n_new = new_here;
  if (n_known != NULL)
    *n_known = known_here;
  return saved;
}

typedef struct
{
  GPtrArray *contacts;
  guint      n_new;
  guint      n_known;
} SaveContacts;

static void
save_contacts_free (SaveContacts *save)
{
  g_ptr_array_unref (save->contacts);
  g_free (save);
}

static void
save_contacts_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  SaveContacts *save = task_data;
  GError *error = NULL;

  if (redial_store_save_contacts (source_object, save->contacts, &save->n_new, &save->n_known,
                                  cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
redial_store_save_contacts_async (RedialStore         *self,
                                  GPtrArray           *contacts,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveContacts *save;

  g_return_if_fail (REDIAL_IS_STORE (self));
  g_return_if_fail (contacts != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  save = g_new0 (SaveContacts, 1);
  save->contacts = g_ptr_array_ref (contacts);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, redial_store_save_contacts_async);
  g_task_set_task_data (task, save, (GDestroyNotify) save_contacts_free);
  /* The cancellable is checked between contacts; what was saved stays. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, save_contacts_thread);
}

gboolean
redial_store_save_contacts_finish (RedialStore   *self,
                                   GAsyncResult  *result,
                                   guint         *n_new,
                                   guint         *n_known,
                                   GError       **error)
{
  SaveContacts *save;

  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == redial_store_save_contacts_async, FALSE);

  save = g_task_get_task_data (G_TASK (result));
  if (n_new != NULL)
    *n_new = save->n_new;
  if (n_known != NULL)
    *n_known = save->n_known;
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Opt-outs and blocks */

gboolean
redial_store_set_opted_out (RedialStore  *self,
                            const char   *phone,
                            gboolean      opted_out,
                            gint64        at,
                            const char   *message,
                            GError      **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);
  g_return_val_if_fail (phone != NULL, FALSE);

  return IFACE (self)->set_opted_out (self, phone, opted_out, at, message, error);
}

gboolean
redial_store_is_opted_out (RedialStore *self,
                           const char  *phone)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), TRUE);
  g_return_val_if_fail (phone != NULL, TRUE);

  return IFACE (self)->is_opted_out (self, phone);
}

gboolean
redial_store_set_blocked (RedialStore  *self,
                          const char   *phone,
                          gboolean      blocked,
                          const char   *reason,
                          gint64        at,
                          GError      **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);
  g_return_val_if_fail (phone != NULL, FALSE);

  return IFACE (self)->set_blocked (self, phone, blocked, reason, at, error);
}

gboolean
redial_store_is_blocked (RedialStore *self,
                         const char  *phone)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);
  g_return_val_if_fail (phone != NULL, FALSE);

  return IFACE (self)->is_blocked (self, phone);
}

/* SLA events */

int
redial_store_record_sla_event (RedialStore        *self,
                               gint64              case_id,
                               RedialSlaClock      clock,
                               gint64              episode,
                               RedialSlaCrossing   crossing,
                               gint64              at,
                               GError            **error)
{
  RedialSlaEvent event = { case_id, clock, episode, crossing, at, FALSE };

  if (!redial_store_record_sla_events (self, &event, 1, error))
    return -1;
  return event.recorded ? 1 : 0;
}

gboolean
redial_store_record_sla_events (RedialStore     *self,
                                RedialSlaEvent  *events,
                                guint            n_events,
                                GError         **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);
  g_return_val_if_fail (events != NULL || n_events == 0, FALSE);

  for (guint i = 0; i < n_events; i++)
    {
      g_return_val_if_fail (redial_sla_clock_to_string (events[i].clock) != NULL, FALSE);
      g_return_val_if_fail (redial_sla_crossing_to_string (events[i].crossing) != NULL, FALSE);
    }
  if (n_events == 0)
    return TRUE;
  return IFACE (self)->record_sla_events (self, events, n_events, error);
}

gint64
redial_store_count (RedialStore      *self,
                    RedialStoreCount  what)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), -1);

  return IFACE (self)->count (self, what);
}

/* Reports */

RedialReportFigures *
redial_store_compute_report (RedialStore              *self,
                             const RedialReportQuery  *query,
                             GError                  **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (query->from < query->to, NULL);
  g_return_val_if_fail (query->time_zone != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return IFACE (self)->compute_report (self, query, error);
}

/* Appointments and holds */

gboolean
redial_store_add_appointment (RedialStore        *self,
                              RedialAppointment  *appointment,
                              gint64              now,
                              GError            **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_APPOINTMENT (appointment), FALSE);
  g_return_val_if_fail (redial_appointment_get_resource (appointment) != NULL, FALSE);

  return IFACE (self)->add_appointment (self, appointment, now, error);
}

RedialAppointment *
redial_store_move_appointment (RedialStore  *self,
                               gint64        appointment_id,
                               const char   *resource,
                               gint64        start,
                               gint64        end,
                               gint64        now,
                               GError      **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);
  g_return_val_if_fail (end > start, NULL);

  return IFACE (self)->move_appointment (self, appointment_id, resource, start, end, now, error);
}

RedialAppointment *
redial_store_cancel_appointment (RedialStore  *self,
                                 gint64        appointment_id,
                                 gint64        now,
                                 GError      **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);

  return IFACE (self)->cancel_appointment (self, appointment_id, now, error);
}

RedialAppointment *
redial_store_get_appointment (RedialStore  *self,
                              gint64        appointment_id,
                              GError      **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);

  return IFACE (self)->get_appointment (self, appointment_id, error);
}

GPtrArray *
redial_store_list_appointments (RedialStore  *self,
                                gint64        from,
                                gint64        to,
                                const char   *resource,
                                GError      **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);

  return IFACE (self)->list_appointments (self, from, to, resource, error);
}

GPtrArray *
redial_store_list_case_appointments (RedialStore  *self,
                                     gint64        case_id,
                                     GError      **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);

  return IFACE (self)->list_case_appointments (self, case_id, error);
}

gboolean
redial_store_set_appointment_caldav (RedialStore  *self,
                                     gint64        appointment_id,
                                     const char   *href,
                                     const char   *etag,
                                     gboolean      conflict,
                                     GError      **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);

  return IFACE (self)->set_appointment_caldav (self, appointment_id, href, etag, conflict, error);
}

gboolean
redial_store_set_appointment_published (RedialStore  *self,
                                        gint64        appointment_id,
                                        guint         sequence,
                                        GError      **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);

  if (IFACE (self)->set_appointment_published == NULL)
    return TRUE;
  return IFACE (self)->set_appointment_published (self, appointment_id, sequence, error);
}

GPtrArray *
redial_store_list_appointments_with_cancelled (RedialStore  *self,
                                               gint64        from,
                                               gint64        to,
                                               const char   *resource,
                                               GError      **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);

  if (IFACE (self)->list_appointments_with_cancelled == NULL)
    return IFACE (self)->list_appointments (self, from, to, resource, error);
  return IFACE (self)->list_appointments_with_cancelled (self, from, to, resource, error);
}

gboolean
redial_store_add_hold (RedialStore  *self,
                       RedialHold   *hold,
                       gint64        now,
                       GError      **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_HOLD (hold), FALSE);

  return IFACE (self)->add_hold (self, hold, now, error);
}

GPtrArray *
redial_store_list_holds (RedialStore  *self,
                         gint64        from,
                         gint64        to,
                         gint64        now,
                         GError      **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);

  return IFACE (self)->list_holds (self, from, to, now, error);
}

GPtrArray *
redial_store_list_case_holds (RedialStore  *self,
                              gint64        case_id,
                              gint64        now,
                              GError      **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), NULL);

  return IFACE (self)->list_case_holds (self, case_id, now, error);
}

gboolean
redial_store_release_holds (RedialStore  *self,
                            gint64        case_id,
                            GError      **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);

  return IFACE (self)->release_holds (self, case_id, error);
}

gboolean
redial_store_take_hold (RedialStore        *self,
                        gint64              hold_id,
                        RedialAppointment  *appointment,
                        gint64              now,
                        GError            **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);
  g_return_val_if_fail (REDIAL_IS_APPOINTMENT (appointment), FALSE);

  return IFACE (self)->take_hold (self, hold_id, appointment, now, error);
}

int
redial_store_record_day_summary (RedialStore  *self,
                                 const char   *day,
                                 gint64        at,
                                 GError      **error)
{
  g_return_val_if_fail (REDIAL_IS_STORE (self), -1);
  g_return_val_if_fail (day != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  return IFACE (self)->record_day_summary (self, day, at, error);
}

gboolean
redial_store_get_settings (RedialStore  *self,
                           gint64       *version,
                           char        **data,
                           char        **written_by,
                           gint64       *written_at,
                           GError      **error)
{
  g_autofree char *unwanted = NULL;

  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);
  g_return_val_if_fail (version != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return IFACE (self)->get_settings (self, version, data != NULL ? data : &unwanted, written_by, written_at,
                                     error);
}

gboolean
redial_store_put_settings (RedialStore  *self,
                           const char   *data,
                           gint64        expected,
                           const char   *who,
                           gint64        at,
                           gint64       *version,
                           GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *newest_by = NULL;
  g_autofree char *newest_data = NULL;
  g_autofree char *when = NULL;
  g_autofree char *number = NULL;
  gint64 newest = 0;
  gint64 newest_at = 0;
  gint64 written = 0;

  g_return_val_if_fail (REDIAL_IS_STORE (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (expected >= 0, FALSE);
  g_return_val_if_fail (who != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (IFACE (self)->put_settings (self, data, expected, who, at, &written, &local_error))
    {
      if (version != NULL)
        *version = written;
      return TRUE;
    }
  if (!g_error_matches (local_error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_STALE) ||
      !IFACE (self)->get_settings (self, &newest, &newest_data, &newest_by, &newest_at, NULL))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* The loser is told who won, so that a person can look before trying again. */
  {
    g_autoptr(GDateTime) then = g_date_time_new_from_unix_local (newest_at / G_USEC_PER_SEC);

    when = then != NULL ? g_date_time_format (then, "%Y-%m-%d %H:%M") : g_strdup ("?");
    number = g_strdup_printf ("%" G_GINT64_FORMAT, newest);
  }
  g_set_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_STALE,
               /* TRANSLATORS: "… by ann@front-desk at 2026-11-30 18:05 (version 4) …" */
               _("The shared business settings were changed meanwhile by %s at %s (version %s), "
                 "so these were not saved over them: look at the new ones and try again."),
               newest_by != NULL ? newest_by : "?", when, number);
  return FALSE;
}
