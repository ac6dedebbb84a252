/* redial-pg-cases.c: the PostgreSQL store's calls, cases and SLA events. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include <glib/gi18n.h>

#include "redial-pg-store-private.h"

#define GET_CASE "SELECT " CASE_COLUMNS " FROM cases WHERE id = $1"

gpointer
redial_pg_case_from_row (PGresult *r,
                         int       i)
{
  RedialCaseState state = REDIAL_CASE_STATE_NEW;
  RedialCaseKind kind = REDIAL_CASE_KIND_NEW_LEAD;
  RedialKindReason reason = REDIAL_KIND_REASON_NONE;
  RedialCaseOutcome outcome = REDIAL_CASE_OUTCOME_BOOKED;

  redial_case_state_from_string (pg_text (r, i, 4), &state);
  redial_case_kind_from_string (pg_text (r, i, 10), &kind);
  redial_kind_reason_from_string (pg_text (r, i, 11), &reason);
  redial_case_outcome_from_string (pg_text (r, i, 21), &outcome);

  return g_object_new (REDIAL_TYPE_CASE,
                       "id", pg_int (r, i, 0),
                       "caller", pg_text (r, i, 1),
                       "caller-name", pg_text (r, i, 2),
                       "line-label", pg_text (r, i, 3),
                       "state", state,
                       "n-calls", (guint) pg_int (r, i, 5),
                       "first-call-at", pg_int (r, i, 6),
                       "last-call-at", pg_int (r, i, 7),
                       "first-response-at", pg_int (r, i, 8),
                       "texted-back", pg_bool (r, i, 9),
                       "kind", kind,
                       "kind-reason-code", reason,
                       "emergency", pg_bool (r, i, 12),
                       "reply-waiting-since", pg_int (r, i, 13),
                       "followups-sent", (guint) pg_int (r, i, 14),
                       "opted-out", pg_bool (r, i, 15),
                       "voicemail", pg_bool (r, i, 16),
                       "caller-raw", pg_text (r, i, 17),
                       "number-problem", pg_text (r, i, 18),
                       "owner", pg_text (r, i, 19),
                       "claimed-at", pg_int (r, i, 20),
                       "outcome", outcome,
                       "closed-at", pg_int (r, i, 22),
                       "job-value", pg_is_null (r, i, 23) ? (gint64) -1 : pg_int (r, i, 23),
                       "call-back-pending", pg_bool (r, i, 24),
                       NULL);
}

/* Inserts @call tied to @case_id (0 for none). Returns its id, 0 when the
 * provider reported it before, -1 on error. */
static gint64
insert_call (RedialPgStore  *self,
             RedialCall     *call,
             gint64          case_id,
             GError        **error)
{
  g_auto(PgParams) p = { 0 };
  g_autoptr(PGresult) result = NULL;

  pg_param_text (&p, redial_call_get_provider (call));
  pg_param_text (&p, redial_call_get_provider_call_id (call));
  pg_param_text (&p, redial_call_get_caller (call));
  pg_param_text (&p, redial_call_get_caller_name (call));
  pg_param_text (&p, redial_call_get_line (call));
  pg_param_text (&p, redial_call_get_line_label (call));
  pg_param_int (&p, redial_call_get_started_at (call));
  pg_param_time (&p, redial_call_get_ended_at (call));
  pg_param_text (&p, redial_disposition_to_string (redial_call_get_disposition (call)));
  pg_param_time (&p, case_id);
  pg_param_text (&p, redial_call_get_caller_raw (call));
  result = redial_pg_store_run (self,
    "INSERT INTO calls (provider, provider_call_id, caller, caller_name, line, line_label,"
    "                   started_at, ended_at, disposition, case_id, caller_raw)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
    " ON CONFLICT (provider, provider_call_id) DO NOTHING RETURNING id", &p, error);
  if (result == NULL)
    return -1;
  if (PQntuples (result) == 0)
    return 0;
  return pg_int (result, 0, 0);
}

static RedialCase *
case_of_call (RedialPgStore  *self,
              RedialCall     *call,
              GError        **error)
{
  g_auto(PgParams) p = { 0 };

  pg_param_text (&p, redial_call_get_provider (call));
  pg_param_text (&p, redial_call_get_provider_call_id (call));
  return redial_pg_store_first (self,
    "SELECT " CASE_COLUMNS " FROM cases"
    " WHERE id = (SELECT case_id FROM calls WHERE provider = $1 AND provider_call_id = $2)",
    &p, redial_pg_case_from_row, error);
}

static RedialCase *
redial_pg_store_find_open_case (RedialStore  *store,
                                const char   *caller,
                                GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_auto(PgParams) p = { 0 };

  pg_param_text (&p, caller);
  return redial_pg_store_first (self,
    "SELECT " CASE_COLUMNS " FROM cases WHERE caller = $1 AND closed_at IS NULL",
    &p, redial_pg_case_from_row, error);
}

/* Joins @call to its caller's open case, or opens one. */
static RedialCase *
join_or_open_case (RedialPgStore      *self,
                   RedialCall         *call,
                   RedialStoreRecord  *record,
                   GError            **error)
{
  const char *caller = redial_call_get_caller (call);
  gint64 at = redial_call_get_started_at (call);
  g_autoptr(PGresult) result = NULL;
  g_autoptr(RedialCase) kase = NULL;
  g_auto(PgParams) p = { 0 };

  if (caller != NULL)
    {
      /* Another desk may record the caller's next call at the same time:
       * the open case's row is locked until this transaction ends. */
      pg_param_int (&p, at);
      pg_param_text (&p, caller);
      result = redial_pg_store_run (self,
        "UPDATE cases SET n_calls = n_calls + 1, last_call_at = greatest (last_call_at, $1)"
        " WHERE caller = $2 AND closed_at IS NULL RETURNING id", &p, error);
      if (result == NULL)
        return NULL;
      if (PQntuples (result) > 0)
        {
          pg_params_clear (&p);
          pg_param_int (&p, pg_int (result, 0, 0));
          kase = redial_pg_store_first (self, GET_CASE, &p, redial_pg_case_from_row, error);
          if (kase != NULL)
            *record = REDIAL_STORE_RECORD_JOINED;
          return g_steal_pointer (&kase);
        }
      g_clear_pointer (&result, PQclear);
      pg_params_clear (&p);
    }

  pg_param_text (&p, caller);
  pg_param_text (&p, redial_call_get_caller_name (call));
  pg_param_text (&p, redial_call_get_line_label (call));
  pg_param_int (&p, at);
  pg_param_text (&p, redial_call_get_caller_raw (call));
  result = redial_pg_store_run (self,
    "INSERT INTO cases (caller, caller_name, line_label, state, n_calls, first_call_at, last_call_at,"
    "                   caller_raw)"
    " VALUES ($1, $2, $3, 'new', 1, $4, $4, $5) RETURNING id", &p, error);
  if (result == NULL)
    return NULL;

  kase = redial_case_new (pg_int (result, 0, 0), caller, at);
  redial_case_set_caller_raw (kase, redial_call_get_caller_raw (call));
  redial_case_set_caller_name (kase, redial_call_get_caller_name (call));
  redial_case_set_line_label (kase, redial_call_get_line_label (call));
  *record = REDIAL_STORE_RECORD_NEW_CASE;
  return g_steal_pointer (&kase);
}

static RedialCase *
redial_pg_store_record_call (RedialStore        *store,
                             RedialCall         *call,
                             gboolean            in_case,
                             RedialStoreRecord  *record,
                             GError            **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_autoptr(RedialCase) kase = NULL;
  RedialStoreRecord result = REDIAL_STORE_RECORD_NO_CASE;
  gint64 call_id;

  if (!redial_pg_store_begin (self, error))
    return NULL;

  if (in_case)
    {
      kase = join_or_open_case (self, call, &result, error);
      if (kase == NULL)
        goto failed;
    }

  call_id = insert_call (self, call, kase != NULL ? redial_case_get_id (kase) : 0, error);
  if (call_id < 0)
    goto failed;

  if (call_id == 0)
    {
      GError *local_error = NULL;

      /* The provider reported this call before: change nothing. */
      redial_pg_store_rollback (self);
      g_clear_object (&kase);
      kase = case_of_call (self, call, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
      if (kase != NULL)
        redial_call_set_case_id (call, redial_case_get_id (kase));
      if (record != NULL)
        *record = REDIAL_STORE_RECORD_DUPLICATE;
      return g_steal_pointer (&kase);
    }

  if (!redial_pg_store_commit (self, error))
    goto failed;

  redial_call_set_id (call, call_id);
  if (kase != NULL)
    {
      redial_call_set_case_id (call, redial_case_get_id (kase));
      if (redial_call_get_disposition (call) == REDIAL_DISPOSITION_VOICEMAIL)
        redial_case_set_voicemail (kase, TRUE);
    }
  if (record != NULL)
    *record = result;
  return g_steal_pointer (&kase);

failed:
  redial_pg_store_rollback (self);
  return NULL;
}

static GPtrArray *
redial_pg_store_list_open_cases (RedialStore  *store,
                                 GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);

  return redial_pg_store_collect (self,
    "SELECT " CASE_COLUMNS " FROM cases WHERE closed_at IS NULL ORDER BY first_call_at, id",
    NULL, redial_pg_case_from_row, error);
}

static void
set_no_such_case (GError **error)
{
  g_set_error_literal (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_NOT_FOUND,
                       _("The case asked for does not exist."));
}

static RedialCase *
redial_pg_store_get_case (RedialStore  *store,
                          gint64        case_id,
                          GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_auto(PgParams) p = { 0 };
  GError *local_error = NULL;
  RedialCase *kase;

  pg_param_int (&p, case_id);
  kase = redial_pg_store_first (self, GET_CASE, &p, redial_pg_case_from_row, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else if (kase == NULL)
    set_no_such_case (error);
  return kase;
}

/* A case read on the listening connection, and the writes this desk had
 * made when it was asked for. Cancelled, it lets go of its task (and so
 * of the store) at once, and its answer goes nowhere. */
typedef struct
{
  GTask        *task;
  GCancellable *cancellable;
  gulong        cancelled_handler;
  gint64        case_id;
  gint          writes;
  guint         attempts;
} CaseRead;

static void
on_case_read_cancelled (GCancellable *cancellable,
                        CaseRead     *read)
{
  g_autoptr(GTask) task = g_steal_pointer (&read->task);

  if (task != NULL)
    g_task_return_error_if_cancelled (task);
}

static void on_case_read (RedialPgStore *self, PGresult *result, const GError *error, gpointer user_data);

static void
ask_case (RedialPgStore *self,
          CaseRead      *read)
{
  g_auto(PgParams) p = { 0 };

  read->writes = g_atomic_int_get (&self->writes);
  pg_param_int (&p, read->case_id);
  redial_pg_reader_queue (self, GET_CASE, &p, PG_READ_SHARED, on_case_read, read);
}

static void
case_read_free (CaseRead *read)
{
  if (read->cancellable != NULL)
    g_cancellable_disconnect (read->cancellable, read->cancelled_handler);
  g_clear_object (&read->cancellable);
  g_clear_object (&read->task);
  g_free (read);
}

static void
on_case_read (RedialPgStore *self,
              PGresult      *result,
              const GError  *error,
              gpointer       user_data)
{
  CaseRead *read = user_data;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GTask) task = NULL;
  RedialCase *kase = NULL;

  if (read->task == NULL)
    {
      case_read_free (read);
      return;
    }
  if (result != NULL && read->writes != g_atomic_int_get (&self->writes))
    {
      /* This desk wrote since the read was sent: the answer may be from
       * before its change, which the queue would then lose. Asked again;
       * and when this desk keeps writing, read here between its writes. */
      if (++read->attempts < 3)
        {
          ask_case (self, read);
          return;
        }
      kase = redial_pg_store_get_case (REDIAL_STORE (self), read->case_id, &local_error);
    }
  else if (result != NULL && PQntuples (result) > 0)
    kase = redial_pg_case_from_row (result, 0);
  else if (result != NULL)
    set_no_such_case (&local_error);
  else
    local_error = g_error_copy (error);
  task = g_steal_pointer (&read->task);
  case_read_free (read);

  if (kase != NULL)
    g_task_return_pointer (task, kase, g_object_unref);
  else
    g_task_return_error (task, g_steal_pointer (&local_error));
}

static gboolean
redial_pg_store_get_case_async (RedialStore *store,
                                gint64       case_id,
                                GTask       *task)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  CaseRead *read;

  /* Not following the other desks: no connection reads on the main loop. */
  if (self->listen_context == NULL)
    return FALSE;
  read = g_new0 (CaseRead, 1);
  read->task = g_object_ref (task);
  read->case_id = case_id;
  if (g_task_get_cancellable (task) != NULL)
    {
      read->cancellable = g_object_ref (g_task_get_cancellable (task));
      read->cancelled_handler = g_cancellable_connect (read->cancellable, G_CALLBACK (on_case_read_cancelled),
                                                       read, NULL);
    }
  if (read->task != NULL)
    ask_case (self, read);
  else
    case_read_free (read);
  return TRUE;
}

static RedialCase *
redial_pg_store_open_case (RedialStore  *store,
                           const char   *caller,
                           gint64        at,
                           GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_autoptr(RedialContact) contact = NULL;
  g_autoptr(PGresult) result = NULL;
  g_auto(PgParams) p = { 0 };
  GError *local_error = NULL;
  RedialCase *kase;

  contact = redial_store_find_contact (store, caller, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  pg_param_text (&p, caller);
  pg_param_text (&p, contact != NULL ? redial_contact_get_name (contact) : NULL);
  pg_param_int (&p, at);
  result = redial_pg_store_run (self,
    "INSERT INTO cases (caller, caller_name, state, n_calls, first_call_at, last_call_at)"
    " VALUES ($1, $2, 'new', 0, $3, $3) RETURNING id", &p, error);
  if (result == NULL)
    return NULL;

  kase = redial_case_new (pg_int (result, 0, 0), caller, at);
  redial_case_set_n_calls (kase, 0);
  if (contact != NULL)
    redial_case_set_caller_name (kase, redial_contact_get_name (contact));
  redial_case_set_opted_out (kase, redial_store_is_opted_out (store, caller));
  return kase;
}

static gboolean
redial_pg_store_update_case (RedialStore  *store,
                             RedialCase   *kase,
                             GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  RedialKindReason reason = redial_case_get_kind_reason_code (kase);
  g_autoptr(PGresult) result = NULL;
  g_auto(PgParams) p = { 0 };

  pg_param_text (&p, redial_case_get_caller_name (kase));
  pg_param_text (&p, redial_case_get_line_label (kase));
  pg_param_text (&p, redial_case_state_to_string (redial_case_get_state (kase)));
  pg_param_int (&p, redial_case_get_n_calls (kase));
  pg_param_int (&p, redial_case_get_last_call_at (kase));
  pg_param_time (&p, redial_case_get_first_response_at (kase));
  pg_param_int (&p, redial_case_get_texted_back (kase) ? 1 : 0);
  pg_param_text (&p, redial_case_kind_to_string (redial_case_get_kind (kase)));
  pg_param_text (&p, reason == REDIAL_KIND_REASON_NONE ? NULL : redial_kind_reason_to_string (reason));
  pg_param_int (&p, redial_case_get_emergency (kase) ? 1 : 0);
  pg_param_time (&p, redial_case_get_reply_waiting_since (kase));
  pg_param_int (&p, redial_case_get_followups_sent (kase));
  pg_param_text (&p, redial_case_get_number_problem (kase));
  pg_param_int (&p, redial_case_get_id (kase));
  /* Texted back is for good: another desk's copy of the case, read
   * before the text-back went out, never takes it back. */
  result = redial_pg_store_run (self,
    "UPDATE cases SET caller_name = $1, line_label = $2, state = $3, n_calls = $4,"
    "                 last_call_at = $5, first_response_at = $6, texted_back = greatest (texted_back, $7),"
    "                 kind = $8, kind_reason = $9, emergency = $10, reply_waiting_since = $11,"
    "                 followups_sent = $12, number_problem = $13"
    " WHERE id = $14", &p, error);
  return result != NULL;
}

static gboolean
redial_pg_store_close_case (RedialStore         *store,
                            gint64               case_id,
                            RedialCaseOutcome    outcome,
                            gint64               job_value,
                            const char          *who,
                            gint64               closed_at,
                            RedialTimelineItem **event,
                            GError             **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_autoptr(PGresult) result = NULL;
  g_auto(PgParams) p = { 0 };

  if (!redial_pg_store_begin (self, error))
    return FALSE;
  pg_param_text (&p, redial_case_outcome_to_string (outcome));
  pg_param_int (&p, closed_at);
  if (job_value >= 0)
    pg_param_int (&p, job_value);
  else
    pg_param_text (&p, NULL);
  pg_param_int (&p, case_id);
  result = redial_pg_store_run (self,
    "UPDATE cases SET state = 'closed', outcome = $1, closed_at = $2, job_value = $3"
    " WHERE id = $4 AND closed_at IS NULL", &p, error);
  if (result == NULL)
    goto failed;

  if (pg_changes (result) > 0)
    {
      g_autoptr(RedialTimelineItem) item = redial_timeline_item_new (REDIAL_TIMELINE_KIND_CLOSED, closed_at, who);

      redial_timeline_item_set_case_outcome (item, outcome, job_value);
      if (!redial_store_add_case_event (store, item, case_id, error))
        goto failed;
      if (!redial_pg_store_commit (self, error))
        goto failed;
      if (event != NULL)
        *event = g_steal_pointer (&item);
      return TRUE;
    }
  if (redial_pg_store_commit (self, error))
    return TRUE;

failed:
  redial_pg_store_rollback (self);
  return FALSE;
}

static guint
redial_pg_store_count_calls_since (RedialStore *store,
                                   gint64       case_id,
                                   gint64       since,
                                   gint64       max_ring)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_autoptr(PGresult) result = NULL;
  g_auto(PgParams) p = { 0 };

  pg_param_int (&p, case_id);
  pg_param_int (&p, since);
  pg_param_int (&p, max_ring);
  result = redial_pg_store_run (self,
    "SELECT count(*) FROM calls WHERE case_id = $1 AND started_at >= $2"
    " AND coalesce (ended_at, started_at) - started_at <= $3", &p, NULL);
  if (result == NULL)
    return 0;
  return (guint) MAX (pg_int (result, 0, 0), 0);
}

static gboolean
redial_pg_store_record_sla_events (RedialStore     *store,
                                   RedialSlaEvent  *events,
                                   guint            n_events,
                                   GError         **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);

  if (!redial_pg_store_begin (self, error))
    return FALSE;
  for (guint i = 0; i < n_events; i++)
    {
      g_autoptr(PGresult) result = NULL;
      g_auto(PgParams) p = { 0 };

      pg_param_int (&p, events[i].case_id);
      pg_param_text (&p, redial_sla_clock_to_string (events[i].clock));
      pg_param_int (&p, events[i].episode);
      pg_param_text (&p, redial_sla_crossing_to_string (events[i].crossing));
      pg_param_int (&p, events[i].at);
      result = redial_pg_store_run (self,
        "INSERT INTO sla_events (case_id, clock, episode, level, at) VALUES ($1, $2, $3, $4, $5)"
        " ON CONFLICT (case_id, clock, episode, level) DO NOTHING", &p, error);
      if (result == NULL)
        goto failed;
      events[i].recorded = pg_changes (result) > 0;
    }
  if (redial_pg_store_commit (self, error))
    return TRUE;

failed:
  redial_pg_store_rollback (self);
  for (guint i = 0; i < n_events; i++)
    events[i].recorded = FALSE;
  return FALSE;
}

void
redial_pg_cases_init_iface (RedialStoreInterface *iface)
{
  iface->record_call = redial_pg_store_record_call;
  iface->list_open_cases = redial_pg_store_list_open_cases;
  iface->get_case = redial_pg_store_get_case;
  iface->get_case_async = redial_pg_store_get_case_async;
  iface->find_open_case = redial_pg_store_find_open_case;
  iface->open_case = redial_pg_store_open_case;
  iface->update_case = redial_pg_store_update_case;
  iface->close_case = redial_pg_store_close_case;
  iface->count_calls_since = redial_pg_store_count_calls_since;
  iface->record_sla_events = redial_pg_store_record_sla_events;
}
