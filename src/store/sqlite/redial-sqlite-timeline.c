/* redial-sqlite-timeline.c: the SQLite store's case workspace: claims, a case's own events, its timeline, closed cases and search. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include <glib/gi18n.h>

#include "redial-sqlite-store-private.h"
#include "redial-text.h"

/* The shortest run of digits a search treats as part of a number. */
#define MIN_SEARCH_DIGITS 3

static RedialCall *
call_from_row (sqlite3_stmt *stmt)
{
  RedialDisposition disposition = REDIAL_DISPOSITION_NO_ANSWER;

  redial_disposition_from_string (redial_sqlite_column_text (stmt, 11), &disposition);
  return g_object_new (REDIAL_TYPE_CALL,
                       "id", sqlite3_column_int64 (stmt, 0),
                       "case-id", sqlite3_column_int64 (stmt, 1),
                       "provider", redial_sqlite_column_text (stmt, 2),
                       "provider-call-id", redial_sqlite_column_text (stmt, 3),
                       "caller", redial_sqlite_column_text (stmt, 4),
                       "caller-raw", redial_sqlite_column_text (stmt, 5),
                       "caller-name", redial_sqlite_column_text (stmt, 6),
                       "line", redial_sqlite_column_text (stmt, 7),
                       "line-label", redial_sqlite_column_text (stmt, 8),
                       "started-at", sqlite3_column_int64 (stmt, 9),
                       "ended-at", sqlite3_column_int64 (stmt, 10),
                       "disposition", disposition,
                       NULL);
}

static RedialTimelineItem *
event_from_row (sqlite3_stmt *stmt)
{
  RedialTimelineKind kind = REDIAL_TIMELINE_KIND_NOTE;
  RedialCallOutcome call_outcome;
  RedialCaseOutcome case_outcome = REDIAL_CASE_OUTCOME_BOOKED;
  RedialTimelineItem *item;

  redial_timeline_kind_from_string (redial_sqlite_column_text (stmt, 1), &kind);
  item = redial_timeline_item_new (kind, sqlite3_column_int64 (stmt, 2), redial_sqlite_column_text (stmt, 3));
  redial_timeline_item_set_id (item, sqlite3_column_int64 (stmt, 0));
  redial_timeline_item_set_text (item, redial_sqlite_column_text (stmt, 4));
  if (redial_call_outcome_from_string (redial_sqlite_column_text (stmt, 5), &call_outcome))
    redial_timeline_item_set_call_outcome (item, call_outcome);
  if (redial_case_outcome_from_string (redial_sqlite_column_text (stmt, 6), &case_outcome) ||
      sqlite3_column_type (stmt, 7) != SQLITE_NULL)
    redial_timeline_item_set_case_outcome (item, case_outcome,
                                           sqlite3_column_type (stmt, 7) == SQLITE_NULL
                                             ? -1 : sqlite3_column_int64 (stmt, 7));
  redial_timeline_item_set_previous_owner (item, redial_sqlite_column_text (stmt, 8));
  redial_timeline_item_set_question (item, redial_sqlite_column_text (stmt, 9));
  return item;
}

static RedialTimelineItem *
sla_from_row (sqlite3_stmt *stmt)
{
  RedialSlaClock clock = REDIAL_SLA_CLOCK_FIRST_RESPONSE;
  RedialSlaCrossing crossing = REDIAL_SLA_CROSSING_WARNING;
  RedialTimelineItem *item;

  redial_sla_clock_from_string (redial_sqlite_column_text (stmt, 0), &clock);
  redial_sla_crossing_from_string (redial_sqlite_column_text (stmt, 2), &crossing);
  item = redial_timeline_item_new (REDIAL_TIMELINE_KIND_SLA, sqlite3_column_int64 (stmt, 3), NULL);
  redial_timeline_item_set_id (item, redial_timeline_sla_id (clock, sqlite3_column_int64 (stmt, 1), crossing));
  redial_timeline_item_set_sla (item, clock, crossing);
  return item;
}

static RedialTimelineItem *
opt_out_from_row (sqlite3_stmt *stmt)
{
  RedialTimelineItem *item;

  item = redial_timeline_item_new (sqlite3_column_int (stmt, 1) != 0 ? REDIAL_TIMELINE_KIND_OPT_OUT
                                                                     : REDIAL_TIMELINE_KIND_OPT_IN,
                                   sqlite3_column_int64 (stmt, 2), NULL);
  /* Identified by its time, which the engine knows when it happens. */
  redial_timeline_item_set_id (item, sqlite3_column_int64 (stmt, 2));
  redial_timeline_item_set_text (item, redial_sqlite_column_text (stmt, 3));
  return item;
}

static gpointer
call_item_from_row (sqlite3_stmt *stmt)
{
  g_autoptr(RedialCall) call = call_from_row (stmt);
  return redial_timeline_item_new_call (call);
}

static gpointer
message_item_from_row (sqlite3_stmt *stmt)
{
  g_autoptr(RedialMessage) message = redial_sqlite_message_from_row (stmt);
  return redial_timeline_item_new_message (message);
}

static gboolean
set_not_found (GError **error)
{
  g_set_error_literal (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_NOT_FOUND,
                       _("The case asked for does not exist."));
  return FALSE;
}

static gboolean
set_closed (GError **error)
{
  g_set_error_literal (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_CLOSED,
                       _("This case is closed."));
  return FALSE;
}

/* Reads @case_id's owner and whether it is closed; FALSE (with an error)
 * when there is no such case. */
static gboolean
read_owner (RedialSqliteStore  *self,
            gint64              case_id,
            char              **owner,
            gboolean           *closed,
            GError            **error)
{
  sqlite3_stmt *stmt = redial_sqlite_store_statement (self,
    "SELECT owner, closed_at IS NOT NULL FROM cases WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *owner = g_strdup (redial_sqlite_column_text (stmt, 0));
      *closed = sqlite3_column_int (stmt, 1) != 0;
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc == SQLITE_DONE)
    return set_not_found (error);
  return redial_sqlite_store_set_error (self, error);
}

static gboolean
add_event (RedialSqliteStore   *self,
           RedialTimelineItem  *item,
           gint64               case_id,
           GError             **error)
{
  RedialTimelineKind kind = redial_timeline_item_get_kind (item);
  int call_outcome = redial_timeline_item_get_call_outcome (item);
  sqlite3_stmt *stmt = redial_sqlite_store_statement (self,
    "INSERT INTO case_events (case_id, kind, at, actor, text, call_outcome, case_outcome, job_value,"
    "                         previous_owner, question)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  redial_sqlite_bind_text (stmt, 2, redial_timeline_kind_to_string (kind));
  sqlite3_bind_int64 (stmt, 3, redial_timeline_item_get_at (item));
  redial_sqlite_bind_text (stmt, 4, redial_timeline_item_get_actor (item));
  redial_sqlite_bind_text (stmt, 5, redial_timeline_item_get_text (item));
  redial_sqlite_bind_text (stmt, 6, call_outcome >= 0 ? redial_call_outcome_to_string (call_outcome) : NULL);
  redial_sqlite_bind_text (stmt, 7, kind == REDIAL_TIMELINE_KIND_CLOSED
                                      ? redial_case_outcome_to_string (redial_timeline_item_get_case_outcome (item))
                                      : NULL);
  if (kind == REDIAL_TIMELINE_KIND_CLOSED && redial_timeline_item_get_job_value (item) >= 0)
    sqlite3_bind_int64 (stmt, 8, redial_timeline_item_get_job_value (item));
  else
    sqlite3_bind_null (stmt, 8);
  redial_sqlite_bind_text (stmt, 9, redial_timeline_item_get_previous_owner (item));
  redial_sqlite_bind_text (stmt, 10, redial_timeline_item_get_question (item));
  if (!redial_sqlite_store_step_done (self, stmt, error))
    return FALSE;
  redial_timeline_item_set_id (item, sqlite3_last_insert_rowid (self->db));
  return TRUE;
}

static gboolean
redial_sqlite_store_add_case_event (RedialStore         *store,
                                    RedialTimelineItem  *item,
                                    gint64               case_id,
                                    GError             **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);

  return add_event (self, item, case_id, error);
}

/* Ends a change to @case_id that the open write transaction made: writes
 * its @kind event by @who at @at (naming @previous_owner, or NULL),
 * commits, and hands the event to @event (may be NULL). Rolls back on
 * failure. */
static gboolean
commit_event (RedialSqliteStore   *self,
              gint64               case_id,
              RedialTimelineKind   kind,
              gint64               at,
              const char          *who,
              const char          *previous_owner,
              RedialTimelineItem **event,
              GError             **error)
{
  g_autoptr(RedialTimelineItem) item = redial_timeline_item_new (kind, at, who);

  redial_timeline_item_set_previous_owner (item, previous_owner);
  if (!add_event (self, item, case_id, error) || !redial_sqlite_store_commit (self, error))
    {
      redial_sqlite_store_rollback (self);
      return FALSE;
    }
  if (event != NULL)
    *event = g_steal_pointer (&item);
  return TRUE;
}

static gboolean
redial_sqlite_store_claim_case (RedialStore         *store,
                                gint64               case_id,
                                const char          *who,
                                gboolean             take_over,
                                gint64               at,
                                char               **owner,
                                RedialTimelineItem **event,
                                GError             **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  g_autofree char *previous = NULL;
  gboolean closed = FALSE;
  sqlite3_stmt *stmt;

  /* BEGIN IMMEDIATE takes the database's write lock before anything is
   * read: between it and COMMIT no other process can change the owner,
   * so the UPDATE's condition decides, and the owner read first is the
   * one it replaces (named in a take-over). */
  if (!redial_sqlite_store_begin (self, error))
    return FALSE;
  if (!read_owner (self, case_id, &previous, &closed, error))
    goto failed;

  stmt = redial_sqlite_store_statement (self,
    "UPDATE cases SET owner = ?1, claimed_at = ?2"
    " WHERE id = ?3 AND closed_at IS NULL AND owner IS NOT ?1 AND (owner IS NULL OR ?4)", error);
  if (stmt == NULL)
    goto failed;
  redial_sqlite_bind_text (stmt, 1, who);
  sqlite3_bind_int64 (stmt, 2, at);
  sqlite3_bind_int64 (stmt, 3, case_id);
  sqlite3_bind_int (stmt, 4, take_over ? 1 : 0);
  if (!redial_sqlite_store_step_done (self, stmt, error))
    goto failed;

  if (sqlite3_changes (self->db) == 0)
    {
      redial_sqlite_store_rollback (self);
      if (closed)
        return set_closed (error);
      if (g_strcmp0 (previous, who) == 0)
        return TRUE;
      g_set_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_CLAIMED,
                   _("%s has this case."), previous);
      if (owner != NULL)
        *owner = g_steal_pointer (&previous);
      return FALSE;
    }

  return commit_event (self, case_id,
                       previous != NULL ? REDIAL_TIMELINE_KIND_TAKE_OVER : REDIAL_TIMELINE_KIND_CLAIM,
                       at, who, previous, event, error);

failed:
  redial_sqlite_store_rollback (self);
  return FALSE;
}

static gboolean
redial_sqlite_store_release_case (RedialStore         *store,
                                  gint64               case_id,
                                  const char          *who,
                                  gint64               at,
                                  RedialTimelineItem **event,
                                  GError             **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  g_autofree char *owner = NULL;
  gboolean closed = FALSE;
  sqlite3_stmt *stmt;

  if (!redial_sqlite_store_begin (self, error))
    return FALSE;
  stmt = redial_sqlite_store_statement (self,
    "UPDATE cases SET owner = NULL, claimed_at = NULL WHERE id = ? AND owner = ?", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, case_id);
  redial_sqlite_bind_text (stmt, 2, who);
  if (!redial_sqlite_store_step_done (self, stmt, error))
    goto failed;

  if (sqlite3_changes (self->db) == 0)
    {
      if (!read_owner (self, case_id, &owner, &closed, error))
        goto failed;
      redial_sqlite_store_rollback (self);
      if (owner == NULL)
        return TRUE;
      g_set_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_CLAIMED, _("%s has this case."), owner);
      return FALSE;
    }

  return commit_event (self, case_id, REDIAL_TIMELINE_KIND_RELEASE, at, who, NULL, event, error);

failed:
  redial_sqlite_store_rollback (self);
  return FALSE;
}

static gboolean
redial_sqlite_store_set_call_outcome (RedialStore        *store,
                                      gint64              case_id,
                                      gint64              item_id,
                                      RedialCallOutcome   outcome,
                                      GError            **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  sqlite3_stmt *stmt;

  stmt = redial_sqlite_store_statement (self,
    "UPDATE case_events SET call_outcome = ? WHERE id = ? AND case_id = ? AND kind = 'call-back'", error);
  if (stmt == NULL)
    return FALSE;
  redial_sqlite_bind_text (stmt, 1, redial_call_outcome_to_string (outcome));
  sqlite3_bind_int64 (stmt, 2, item_id);
  sqlite3_bind_int64 (stmt, 3, case_id);
  if (!redial_sqlite_store_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_NOT_FOUND,
                           _("There is no such call-back attempt."));
      return FALSE;
    }
  return TRUE;
}

/* Appends the rows of @stmt, built by @from_row, to @items. */
static gboolean
append_rows (RedialSqliteStore  *self,
             GPtrArray          *items,
             sqlite3_stmt       *stmt,
             gpointer          (*from_row) (sqlite3_stmt *),
             GError            **error)
{
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return redial_sqlite_store_set_error (self, error);
  return TRUE;
}

static GPtrArray *
redial_sqlite_store_list_timeline (RedialStore  *store,
                                   gint64        case_id,
                                   GError      **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *caller = NULL;
  gint64 from = 0, until = G_MAXINT64;
  sqlite3_stmt *stmt;
  int rc;

  /* One read transaction: the sources agree with one another. */
  if (!redial_sqlite_store_exec (self, "BEGIN", error))
    return NULL;

  stmt = redial_sqlite_store_statement (self,
    "SELECT caller, first_call_at, closed_at FROM cases WHERE id = ?", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, case_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      caller = g_strdup (redial_sqlite_column_text (stmt, 0));
      from = sqlite3_column_int64 (stmt, 1);
      if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        until = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      set_not_found (error);
      goto failed;
    }
  if (rc != SQLITE_ROW)
    {
      redial_sqlite_store_set_error (self, error);
      goto failed;
    }

  /* The case's calls, and the caller's answered calls while it lived. */
  stmt = redial_sqlite_store_statement (self,
    "SELECT " CALL_COLUMNS " FROM calls WHERE case_id = ?1"
    " UNION ALL"
    " SELECT " CALL_COLUMNS " FROM calls WHERE case_id IS NULL AND caller = ?2 AND started_at BETWEEN ?3 AND ?4",
    error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, case_id);
      redial_sqlite_bind_text (stmt, 2, caller);
      sqlite3_bind_int64 (stmt, 3, from);
      sqlite3_bind_int64 (stmt, 4, until);
    }
  if (!append_rows (self, items, stmt, call_item_from_row, error))
    goto failed;

  stmt = redial_sqlite_store_statement (self,
    "SELECT " MESSAGE_COLUMNS " FROM messages WHERE case_id = ?", error);
  if (stmt != NULL)
    sqlite3_bind_int64 (stmt, 1, case_id);
  if (!append_rows (self, items, stmt, message_item_from_row, error))
    goto failed;

  stmt = redial_sqlite_store_statement (self,
    "SELECT " EVENT_COLUMNS " FROM case_events WHERE case_id = ?", error);
  if (stmt != NULL)
    sqlite3_bind_int64 (stmt, 1, case_id);
  if (!append_rows (self, items, stmt, (gpointer) event_from_row, error))
    goto failed;

  stmt = redial_sqlite_store_statement (self,
    "SELECT clock, episode, level, at FROM sla_events WHERE case_id = ?", error);
  if (stmt != NULL)
    sqlite3_bind_int64 (stmt, 1, case_id);
  if (!append_rows (self, items, stmt, (gpointer) sla_from_row, error))
    goto failed;

  if (caller != NULL)
    {
      stmt = redial_sqlite_store_statement (self,
        "SELECT id, opted_out, at, message FROM opt_out_audit WHERE phone = ? AND at BETWEEN ? AND ?", error);
      if (stmt != NULL)
        {
          redial_sqlite_bind_text (stmt, 1, caller);
          sqlite3_bind_int64 (stmt, 2, from);
          sqlite3_bind_int64 (stmt, 3, until);
        }
      if (!append_rows (self, items, stmt, (gpointer) opt_out_from_row, error))
        goto failed;
    }

  redial_sqlite_store_exec (self, "COMMIT", NULL);
  g_ptr_array_sort (items, redial_timeline_item_compare);
  return g_steal_pointer (&items);

failed:
  redial_sqlite_store_rollback (self);
  return NULL;
}

static gboolean
redial_sqlite_store_reopen_case (RedialStore         *store,
                                 gint64               case_id,
                                 const char          *who,
                                 gint64               at,
                                 RedialTimelineItem **event,
                                 GError             **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  g_autofree char *owner = NULL;
  gboolean closed = FALSE;
  sqlite3_stmt *stmt;

  if (!redial_sqlite_store_begin (self, error))
    return FALSE;
  stmt = redial_sqlite_store_statement (self,
    "UPDATE cases SET closed_at = NULL, outcome = NULL, job_value = NULL,"
    "  state = CASE WHEN reply_waiting_since IS NOT NULL THEN 'replied'"
    "               WHEN first_response_at IS NOT NULL THEN 'responded'"
    "               ELSE 'new' END"
    " WHERE id = ? AND closed_at IS NOT NULL"
    "   AND (caller IS NULL OR NOT EXISTS (SELECT 1 FROM cases AS other"
    "        WHERE other.caller = cases.caller AND other.closed_at IS NULL))", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, case_id);
  if (!redial_sqlite_store_step_done (self, stmt, error))
    goto failed;

  if (sqlite3_changes (self->db) == 0)
    {
      if (!read_owner (self, case_id, &owner, &closed, error))
        goto failed;
      redial_sqlite_store_rollback (self);
      if (!closed)
        g_set_error_literal (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_CLOSED,
                             _("This case is open already."));
      else
        g_set_error_literal (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_OTHER_OPEN,
                             _("This caller has another case open: work that one instead."));
      return FALSE;
    }

  return commit_event (self, case_id, REDIAL_TIMELINE_KIND_REOPENED, at, who, NULL, event, error);

failed:
  redial_sqlite_store_rollback (self);
  return FALSE;
}

static GPtrArray *
redial_sqlite_store_list_closed_cases (RedialStore  *store,
                                       gint64        since,
                                       GError      **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  sqlite3_stmt *stmt;

  stmt = redial_sqlite_store_statement (self,
    "SELECT " CASE_COLUMNS " FROM cases WHERE closed_at IS NOT NULL AND closed_at >= ?"
    " ORDER BY closed_at DESC, id DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since);
  return redial_sqlite_store_collect (self, stmt, (gpointer) redial_sqlite_case_from_row, error);
}

static void
sql_text_function (sqlite3_context  *context,
                   sqlite3_value   **argv,
                   char          *(*convert) (const char *))
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);

  if (text == NULL)
    sqlite3_result_null (context);
  else
    sqlite3_result_text (context, convert (text), -1, g_free);
}

static void
sql_fold (sqlite3_context  *context,
          int               argc,
          sqlite3_value   **argv)
{
  sql_text_function (context, argv, redial_text_fold);
}

static void
sql_digits (sqlite3_context  *context,
            int               argc,
            sqlite3_value   **argv)
{
  sql_text_function (context, argv, redial_text_digits);
}

gboolean
redial_sqlite_timeline_register (RedialSqliteStore  *self,
                                 GError            **error)
{
  int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;

  if (sqlite3_create_function (self->db, "redial_fold", 1, flags, NULL, sql_fold, NULL, NULL) != SQLITE_OK ||
      sqlite3_create_function (self->db, "redial_digits", 1, flags, NULL, sql_digits, NULL, NULL) != SQLITE_OK)
    return redial_sqlite_store_set_error (self, error);
  return TRUE;
}

static GPtrArray *
redial_sqlite_store_search_cases (RedialStore  *store,
                                  const char   *query,
                                  guint         limit,
                                  GError      **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  g_autofree char *trimmed = g_strstrip (g_strdup (query));
  g_autofree char *name = NULL;
  g_autofree char *number = NULL;
  const char *significant;
  sqlite3_stmt *stmt;

  if (*trimmed == '\0')
    return g_ptr_array_new_with_free_func (g_object_unref);

  /* instr(), not LIKE: every character typed is literal, % and _ too. */
  name = redial_text_fold (trimmed);
  number = redial_text_digits (trimmed);
  /* "020 7946 0018" and "0044 20 7946 0018" are +44 20 7946 0018. */
  significant = number;
  while (*significant == '0')
    significant++;

  stmt = redial_sqlite_store_statement (self,
    "SELECT " CASE_COLUMNS " FROM cases"
    " WHERE instr(redial_fold(caller_name), ?1) > 0"
    "    OR (?2 IS NOT NULL AND (instr(redial_digits(caller), ?2) > 0"
    "                            OR instr(redial_digits(caller_raw), ?2) > 0))"
    " ORDER BY last_call_at DESC, id DESC LIMIT ?3", error);
  if (stmt == NULL)
    return NULL;
  redial_sqlite_bind_text (stmt, 1, name);
  redial_sqlite_bind_text (stmt, 2, strlen (significant) >= MIN_SEARCH_DIGITS ? significant : NULL);
  sqlite3_bind_int64 (stmt, 3, limit > 0 ? (gint64) limit : -1);
  return redial_sqlite_store_collect (self, stmt, (gpointer) redial_sqlite_case_from_row, error);
}

void
redial_sqlite_timeline_init_iface (RedialStoreInterface *iface)
{
  iface->claim_case = redial_sqlite_store_claim_case;
  iface->release_case = redial_sqlite_store_release_case;
  iface->add_case_event = redial_sqlite_store_add_case_event;
  iface->set_call_outcome = redial_sqlite_store_set_call_outcome;
  iface->list_timeline = redial_sqlite_store_list_timeline;
  iface->reopen_case = redial_sqlite_store_reopen_case;
  iface->list_closed_cases = redial_sqlite_store_list_closed_cases;
  iface->search_cases = redial_sqlite_store_search_cases;
}
