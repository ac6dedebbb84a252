/* redial-sqlite-cases.c: the SQLite store's calls, cases and SLA events. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include <glib/gi18n.h>

#include "redial-sqlite-store-private.h"

RedialCase *
redial_sqlite_case_from_row (sqlite3_stmt *stmt)
{
  RedialCaseState state = REDIAL_CASE_STATE_NEW;
  RedialCaseKind kind = REDIAL_CASE_KIND_NEW_LEAD;
  RedialKindReason reason = REDIAL_KIND_REASON_NONE;
  RedialCaseOutcome outcome = REDIAL_CASE_OUTCOME_BOOKED;

  redial_case_state_from_string (redial_sqlite_column_text (stmt, 4), &state);
  redial_case_kind_from_string (redial_sqlite_column_text (stmt, 10), &kind);
  redial_kind_reason_from_string (redial_sqlite_column_text (stmt, 11), &reason);
  redial_case_outcome_from_string (redial_sqlite_column_text (stmt, 21), &outcome);

  return g_object_new (REDIAL_TYPE_CASE,
                       "id", sqlite3_column_int64 (stmt, 0),
                       "caller", redial_sqlite_column_text (stmt, 1),
                       "caller-name", redial_sqlite_column_text (stmt, 2),
                       "line-label", redial_sqlite_column_text (stmt, 3),
                       "state", state,
                       "n-calls", (guint) sqlite3_column_int (stmt, 5),
                       "first-call-at", sqlite3_column_int64 (stmt, 6),
                       "last-call-at", sqlite3_column_int64 (stmt, 7),
                       "first-response-at", sqlite3_column_int64 (stmt, 8),
                       "texted-back", sqlite3_column_int (stmt, 9) != 0,
                       "kind", kind,
                       "kind-reason-code", reason,
                       "emergency", sqlite3_column_int (stmt, 12) != 0,
                       "reply-waiting-since", sqlite3_column_int64 (stmt, 13),
                       "followups-sent", (guint) sqlite3_column_int (stmt, 14),
                       "opted-out", sqlite3_column_int (stmt, 15) != 0,
                       "voicemail", sqlite3_column_int (stmt, 16) != 0,
                       "caller-raw", redial_sqlite_column_text (stmt, 17),
                       "number-problem", redial_sqlite_column_text (stmt, 18),
                       "owner", redial_sqlite_column_text (stmt, 19),
                       "claimed-at", sqlite3_column_int64 (stmt, 20),
                       "outcome", outcome,
                       "closed-at", sqlite3_column_int64 (stmt, 22),
                       "job-value", sqlite3_column_type (stmt, 23) == SQLITE_NULL
                                      ? (gint64) -1 : sqlite3_column_int64 (stmt, 23),
                       "call-back-pending", sqlite3_column_int (stmt, 24) != 0,
                       NULL);
}

/* Inserts @call tied to @case_id (0 for none). Returns its id, 0 when the
 * provider reported it before, -1 on error. */
static gint64
insert_call (RedialSqliteStore  *self,
             RedialCall         *call,
             gint64              case_id,
             GError            **error)
{
  sqlite3_stmt *stmt = redial_sqlite_store_statement (self,
    "INSERT INTO calls (provider, provider_call_id, caller, caller_name, line, line_label,"
    "                   started_at, ended_at, disposition, case_id, caller_raw)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (provider, provider_call_id) DO NOTHING", error);

  if (stmt == NULL)
    return -1;

  redial_sqlite_bind_text (stmt, 1, redial_call_get_provider (call));
  redial_sqlite_bind_text (stmt, 2, redial_call_get_provider_call_id (call));
  redial_sqlite_bind_text (stmt, 3, redial_call_get_caller (call));
  redial_sqlite_bind_text (stmt, 4, redial_call_get_caller_name (call));
  redial_sqlite_bind_text (stmt, 5, redial_call_get_line (call));
  redial_sqlite_bind_text (stmt, 6, redial_call_get_line_label (call));
  sqlite3_bind_int64 (stmt, 7, redial_call_get_started_at (call));
  redial_sqlite_bind_time (stmt, 8, redial_call_get_ended_at (call));
  redial_sqlite_bind_text (stmt, 9, redial_disposition_to_string (redial_call_get_disposition (call)));
  redial_sqlite_bind_time (stmt, 10, case_id);
  redial_sqlite_bind_text (stmt, 11, redial_call_get_caller_raw (call));

  if (!redial_sqlite_store_step_done (self, stmt, error))
    return -1;
  if (sqlite3_changes (self->db) == 0)
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

static RedialCase *
case_of_call (RedialSqliteStore  *self,
              RedialCall         *call,
              GError            **error)
{
  sqlite3_stmt *stmt = redial_sqlite_store_statement (self,
    "SELECT " CASE_COLUMNS " FROM cases"
    " WHERE id = (SELECT case_id FROM calls WHERE provider = ? AND provider_call_id = ?)",
    error);

  if (stmt == NULL)
    return NULL;
  redial_sqlite_bind_text (stmt, 1, redial_call_get_provider (call));
  redial_sqlite_bind_text (stmt, 2, redial_call_get_provider_call_id (call));
  return redial_sqlite_store_first (self, stmt, (gpointer) redial_sqlite_case_from_row, error);
}

static RedialCase *
redial_sqlite_store_find_open_case (RedialStore  *store,
                                    const char   *caller,
                                    GError      **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);

  return redial_sqlite_store_first_by_text (self,
    "SELECT " CASE_COLUMNS " FROM cases WHERE caller = ? AND closed_at IS NULL",
    caller, (gpointer) redial_sqlite_case_from_row, error);
}

/* Joins @call to its caller's open case, or opens one. */
static RedialCase *
join_or_open_case (RedialSqliteStore  *self,
                   RedialCall         *call,
                   RedialStoreRecord  *record,
                   GError            **error)
{
  g_autoptr(RedialCase) kase = NULL;
  const char *caller = redial_call_get_caller (call);
  gint64 at = redial_call_get_started_at (call);
  sqlite3_stmt *stmt;
  GError *local_error = NULL;

  if (caller != NULL)
    {
      kase = redial_sqlite_store_find_open_case (REDIAL_STORE (self), caller, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
    }

  if (kase != NULL)
    {
      stmt = redial_sqlite_store_statement (self,
        "UPDATE cases SET n_calls = n_calls + 1, last_call_at = max(last_call_at, ?)"
        " WHERE id = ?", error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, at);
      sqlite3_bind_int64 (stmt, 2, redial_case_get_id (kase));
      if (!redial_sqlite_store_step_done (self, stmt, error))
        return NULL;

      redial_case_set_n_calls (kase, redial_case_get_n_calls (kase) + 1);
      redial_case_set_last_call_at (kase, MAX (redial_case_get_last_call_at (kase), at));
      *record = REDIAL_STORE_RECORD_JOINED;
      return g_steal_pointer (&kase);
    }

  stmt = redial_sqlite_store_statement (self,
    "INSERT INTO cases (caller, caller_name, line_label, state, n_calls, first_call_at, last_call_at,"
    "                   caller_raw)"
    " VALUES (?, ?, ?, 'new', 1, ?, ?, ?)", error);
  if (stmt == NULL)
    return NULL;
  redial_sqlite_bind_text (stmt, 1, caller);
  redial_sqlite_bind_text (stmt, 2, redial_call_get_caller_name (call));
  redial_sqlite_bind_text (stmt, 3, redial_call_get_line_label (call));
  sqlite3_bind_int64 (stmt, 4, at);
  sqlite3_bind_int64 (stmt, 5, at);
  redial_sqlite_bind_text (stmt, 6, redial_call_get_caller_raw (call));
  if (!redial_sqlite_store_step_done (self, stmt, error))
    return NULL;

  kase = redial_case_new (sqlite3_last_insert_rowid (self->db), caller, at);
  redial_case_set_caller_raw (kase, redial_call_get_caller_raw (call));
  redial_case_set_caller_name (kase, redial_call_get_caller_name (call));
  redial_case_set_line_label (kase, redial_call_get_line_label (call));
  *record = REDIAL_STORE_RECORD_NEW_CASE;
  return g_steal_pointer (&kase);
}

static RedialCase *
redial_sqlite_store_record_call (RedialStore        *store,
                                 RedialCall         *call,
                                 gboolean            in_case,
                                 RedialStoreRecord  *record,
                                 GError            **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  g_autoptr(RedialCase) kase = NULL;
  RedialStoreRecord result = REDIAL_STORE_RECORD_NO_CASE;
  GError *local_error = NULL;
  gint64 call_id;

  if (!redial_sqlite_store_begin (self, error))
    return NULL;

  /* The case first, so that the call row is written once, with its case;
   * a duplicate call is rare and simply rolls everything back. */
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
      /* The provider reported this call before: change nothing. */
      redial_sqlite_store_rollback (self);
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

  if (!redial_sqlite_store_commit (self, error))
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
  redial_sqlite_store_rollback (self);
  return NULL;
}

static GPtrArray *
redial_sqlite_store_list_open_cases (RedialStore  *store,
                                     GError      **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  sqlite3_stmt *stmt;

  stmt = redial_sqlite_store_statement (self,
    "SELECT " CASE_COLUMNS " FROM cases WHERE closed_at IS NULL ORDER BY first_call_at, id", error);
  if (stmt == NULL)
    return NULL;
  return redial_sqlite_store_collect (self, stmt, (gpointer) redial_sqlite_case_from_row, error);
}

static RedialCase *
redial_sqlite_store_get_case (RedialStore  *store,
                              gint64        case_id,
                              GError      **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  sqlite3_stmt *stmt;
  GError *local_error = NULL;
  RedialCase *kase;

  stmt = redial_sqlite_store_statement (self, "SELECT " CASE_COLUMNS " FROM cases WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, case_id);

  kase = redial_sqlite_store_first (self, stmt, (gpointer) redial_sqlite_case_from_row, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else if (kase == NULL)
    g_set_error_literal (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_NOT_FOUND,
                         _("The case asked for does not exist."));
  return kase;
}

static RedialCase *
redial_sqlite_store_open_case (RedialStore  *store,
                               const char   *caller,
                               gint64        at,
                               GError      **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  g_autoptr(RedialContact) contact = NULL;
  RedialCase *kase;
  sqlite3_stmt *stmt;
  GError *local_error = NULL;

  contact = redial_store_find_contact (store, caller, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  stmt = redial_sqlite_store_statement (self,
    "INSERT INTO cases (caller, caller_name, state, n_calls, first_call_at, last_call_at)"
    " VALUES (?, ?, 'new', 0, ?, ?)", error);
  if (stmt == NULL)
    return NULL;
  redial_sqlite_bind_text (stmt, 1, caller);
  redial_sqlite_bind_text (stmt, 2, contact != NULL ? redial_contact_get_name (contact) : NULL);
  sqlite3_bind_int64 (stmt, 3, at);
  sqlite3_bind_int64 (stmt, 4, at);
  if (!redial_sqlite_store_step_done (self, stmt, error))
    return NULL;

  kase = redial_case_new (sqlite3_last_insert_rowid (self->db), caller, at);
  redial_case_set_n_calls (kase, 0);
  if (contact != NULL)
    redial_case_set_caller_name (kase, redial_contact_get_name (contact));
  redial_case_set_opted_out (kase, redial_store_is_opted_out (store, caller));
  return kase;
}

static gboolean
redial_sqlite_store_update_case (RedialStore  *store,
                                 RedialCase   *kase,
                                 GError      **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  sqlite3_stmt *stmt;

  stmt = redial_sqlite_store_statement (self,
    "UPDATE cases SET caller_name = ?, line_label = ?, state = ?, n_calls = ?,"
    "                 last_call_at = ?, first_response_at = ?, texted_back = ?,"
    "                 kind = ?, kind_reason = ?, emergency = ?, reply_waiting_since = ?,"
    "                 followups_sent = ?, number_problem = ?"
    " WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  redial_sqlite_bind_text (stmt, 1, redial_case_get_caller_name (kase));
  redial_sqlite_bind_text (stmt, 2, redial_case_get_line_label (kase));
  redial_sqlite_bind_text (stmt, 3, redial_case_state_to_string (redial_case_get_state (kase)));
  sqlite3_bind_int (stmt, 4, (int) redial_case_get_n_calls (kase));
  sqlite3_bind_int64 (stmt, 5, redial_case_get_last_call_at (kase));
  redial_sqlite_bind_time (stmt, 6, redial_case_get_first_response_at (kase));
  sqlite3_bind_int (stmt, 7, redial_case_get_texted_back (kase) ? 1 : 0);
  redial_sqlite_bind_text (stmt, 8, redial_case_kind_to_string (redial_case_get_kind (kase)));
  redial_sqlite_bind_text (stmt, 9, redial_case_get_kind_reason_code (kase) == REDIAL_KIND_REASON_NONE
                                      ? NULL
                                      : redial_kind_reason_to_string (redial_case_get_kind_reason_code (kase)));
  sqlite3_bind_int (stmt, 10, redial_case_get_emergency (kase) ? 1 : 0);
  redial_sqlite_bind_time (stmt, 11, redial_case_get_reply_waiting_since (kase));
  sqlite3_bind_int (stmt, 12, (int) redial_case_get_followups_sent (kase));
  redial_sqlite_bind_text (stmt, 13, redial_case_get_number_problem (kase));
  sqlite3_bind_int64 (stmt, 14, redial_case_get_id (kase));
  return redial_sqlite_store_step_done (self, stmt, error);
}

static gboolean
redial_sqlite_store_close_case (RedialStore        *store,
                                gint64              case_id,
                                RedialCaseOutcome   outcome,
                                gint64              job_value,
                                const char         *who,
                                gint64              closed_at,
                                RedialTimelineItem **event,
                                GError            **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  sqlite3_stmt *stmt;

  if (!redial_sqlite_store_begin (self, error))
    return FALSE;
  stmt = redial_sqlite_store_statement (self,
    "UPDATE cases SET state = 'closed', outcome = ?, closed_at = ?, job_value = ?"
    " WHERE id = ? AND closed_at IS NULL", error);
  if (stmt == NULL)
    goto failed;
  redial_sqlite_bind_text (stmt, 1, redial_case_outcome_to_string (outcome));
  sqlite3_bind_int64 (stmt, 2, closed_at);
  if (job_value >= 0)
    sqlite3_bind_int64 (stmt, 3, job_value);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_int64 (stmt, 4, case_id);
  if (!redial_sqlite_store_step_done (self, stmt, error))
    goto failed;

  if (sqlite3_changes (self->db) > 0)
    {
      g_autoptr(RedialTimelineItem) item = redial_timeline_item_new (REDIAL_TIMELINE_KIND_CLOSED, closed_at, who);

      redial_timeline_item_set_case_outcome (item, outcome, job_value);
      if (!redial_store_add_case_event (store, item, case_id, error))
        goto failed;
      if (!redial_sqlite_store_commit (self, error))
        goto failed;
      if (event != NULL)
        *event = g_steal_pointer (&item);
      return TRUE;
    }
  if (redial_sqlite_store_commit (self, error))
    return TRUE;

failed:
  redial_sqlite_store_rollback (self);
  return FALSE;
}

static guint
redial_sqlite_store_count_calls_since (RedialStore *store,
                                       gint64       case_id,
                                       gint64       since,
                                       gint64       max_ring)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  sqlite3_stmt *stmt;

  stmt = redial_sqlite_store_statement (self,
    "SELECT count(*) FROM calls WHERE case_id = ? AND started_at >= ?"
    " AND coalesce(ended_at, started_at) - started_at <= ?", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, case_id);
  sqlite3_bind_int64 (stmt, 2, since);
  sqlite3_bind_int64 (stmt, 3, max_ring);
  return (guint) MAX (redial_sqlite_store_count_rows (self, stmt), 0);
}

static gboolean
redial_sqlite_store_record_sla_events (RedialStore     *store,
                                       RedialSlaEvent  *events,
                                       guint            n_events,
                                       GError         **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  sqlite3_stmt *stmt;

  if (!redial_sqlite_store_begin (self, error))
    return FALSE;
  for (guint i = 0; i < n_events; i++)
    {
      stmt = redial_sqlite_store_statement (self,
        "INSERT INTO sla_events (case_id, clock, episode, level, at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (case_id, clock, episode, level) DO NOTHING", error);
      if (stmt == NULL)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, events[i].case_id);
      redial_sqlite_bind_text (stmt, 2, redial_sla_clock_to_string (events[i].clock));
      sqlite3_bind_int64 (stmt, 3, events[i].episode);
      redial_sqlite_bind_text (stmt, 4, redial_sla_crossing_to_string (events[i].crossing));
      sqlite3_bind_int64 (stmt, 5, events[i].at);
      if (!redial_sqlite_store_step_done (self, stmt, error))
        goto failed;
      events[i].recorded = sqlite3_changes (self->db) > 0;
    }
  if (redial_sqlite_store_commit (self, error))
    return TRUE;

failed:
  redial_sqlite_store_rollback (self);
  for (guint i = 0; i < n_events; i++)
    events[i].recorded = FALSE;
  return FALSE;
}

void
redial_sqlite_cases_init_iface (RedialStoreInterface *iface)
{
  iface->record_call = redial_sqlite_store_record_call;
  iface->list_open_cases = redial_sqlite_store_list_open_cases;
  iface->get_case = redial_sqlite_store_get_case;
  iface->find_open_case = redial_sqlite_store_find_open_case;
  iface->open_case = redial_sqlite_store_open_case;
  iface->update_case = redial_sqlite_store_update_case;
  iface->close_case = redial_sqlite_store_close_case;
  iface->count_calls_since = redial_sqlite_store_count_calls_since;
  iface->record_sla_events = redial_sqlite_store_record_sla_events;
}
