/* redial-pg-timeline.c: the PostgreSQL store's case workspace: claims, a case's own events, its timeline, closed cases and search. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include <glib/gi18n.h>

#include "redial-pg-store-private.h"
#include "redial-text.h"

/* The shortest run of digits a search treats as part of a number. */
#define MIN_SEARCH_DIGITS 3

static gpointer
call_item_from_row (PGresult *r,
                    int       i)
{
  RedialDisposition disposition = REDIAL_DISPOSITION_NO_ANSWER;
  g_autoptr(RedialCall) call = NULL;

  redial_disposition_from_string (pg_text (r, i, 11), &disposition);
  call = g_object_new (REDIAL_TYPE_CALL,
                       "id", pg_int (r, i, 0),
                       "case-id", pg_int (r, i, 1),
                       "provider", pg_text (r, i, 2),
                       "provider-call-id", pg_text (r, i, 3),
                       "caller", pg_text (r, i, 4),
                       "caller-raw", pg_text (r, i, 5),
                       "caller-name", pg_text (r, i, 6),
                       "line", pg_text (r, i, 7),
                       "line-label", pg_text (r, i, 8),
                       "started-at", pg_int (r, i, 9),
                       "ended-at", pg_int (r, i, 10),
                       "disposition", disposition,
                       NULL);
  return redial_timeline_item_new_call (call);
}

static gpointer
message_item_from_row (PGresult *r,
                       int       i)
{
  g_autoptr(RedialMessage) message = redial_pg_message_from_row (r, i);
  return redial_timeline_item_new_message (message);
}

static gpointer
event_from_row (PGresult *r,
                int       i)
{
  RedialTimelineKind kind = REDIAL_TIMELINE_KIND_NOTE;
  RedialCallOutcome call_outcome;
  RedialCaseOutcome case_outcome = REDIAL_CASE_OUTCOME_BOOKED;
  RedialTimelineItem *item;

  redial_timeline_kind_from_string (pg_text (r, i, 1), &kind);
  item = redial_timeline_item_new (kind, pg_int (r, i, 2), pg_text (r, i, 3));
  redial_timeline_item_set_id (item, pg_int (r, i, 0));
  redial_timeline_item_set_text (item, pg_text (r, i, 4));
  if (redial_call_outcome_from_string (pg_text (r, i, 5), &call_outcome))
    redial_timeline_item_set_call_outcome (item, call_outcome);
  if (redial_case_outcome_from_string (pg_text (r, i, 6), &case_outcome) || !pg_is_null (r, i, 7))
    redial_timeline_item_set_case_outcome (item, case_outcome, pg_is_null (r, i, 7) ? -1 : pg_int (r, i, 7));
  redial_timeline_item_set_previous_owner (item, pg_text (r, i, 8));
  redial_timeline_item_set_question (item, pg_text (r, i, 9));
  return item;
}

static gpointer
sla_from_row (PGresult *r,
              int       i)
{
  RedialSlaClock clock = REDIAL_SLA_CLOCK_FIRST_RESPONSE;
  RedialSlaCrossing crossing = REDIAL_SLA_CROSSING_WARNING;
  RedialTimelineItem *item;

  redial_sla_clock_from_string (pg_text (r, i, 0), &clock);
  redial_sla_crossing_from_string (pg_text (r, i, 2), &crossing);
  item = redial_timeline_item_new (REDIAL_TIMELINE_KIND_SLA, pg_int (r, i, 3), NULL);
  redial_timeline_item_set_id (item, redial_timeline_sla_id (clock, pg_int (r, i, 1), crossing));
  redial_timeline_item_set_sla (item, clock, crossing);
  return item;
}

static gpointer
opt_out_from_row (PGresult *r,
                  int       i)
{
  RedialTimelineItem *item;

  item = redial_timeline_item_new (pg_bool (r, i, 1) ? REDIAL_TIMELINE_KIND_OPT_OUT : REDIAL_TIMELINE_KIND_OPT_IN,
                                   pg_int (r, i, 2), NULL);
  /* Identified by its time, which the engine knows when it happens. */
  redial_timeline_item_set_id (item, pg_int (r, i, 2));
  redial_timeline_item_set_text (item, pg_text (r, i, 3));
  return item;
}

static gboolean
set_not_found (GError **error)
{
  g_set_error_literal (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_NOT_FOUND,
                       _("The case asked for does not exist."));
  return FALSE;
}

/* Reads @case_id's owner and whether it is closed, locking its row until
 * the transaction ends; FALSE (with an error) when there is no such case. */
static gboolean
read_owner (RedialPgStore  *self,
            gint64          case_id,
            char          **owner,
            gboolean       *closed,
            GError        **error)
{
  g_autoptr(PGresult) result = NULL;
  g_auto(PgParams) p = { 0 };

  pg_param_int (&p, case_id);
  result = redial_pg_store_run (self,
    "SELECT owner, closed_at IS NOT NULL FROM cases WHERE id = $1 FOR UPDATE", &p, error);
  if (result == NULL)
    return FALSE;
  if (PQntuples (result) == 0)
    return set_not_found (error);
  *owner = g_strdup (pg_text (result, 0, 0));
  *closed = pg_bool (result, 0, 1);
  return TRUE;
}

static gboolean
add_event (RedialPgStore       *self,
           RedialTimelineItem  *item,
           gint64               case_id,
           GError             **error)
{
  RedialTimelineKind kind = redial_timeline_item_get_kind (item);
  int call_outcome = redial_timeline_item_get_call_outcome (item);
  g_autoptr(PGresult) result = NULL;
  g_auto(PgParams) p = { 0 };

  pg_param_int (&p, case_id);
  pg_param_text (&p, redial_timeline_kind_to_string (kind));
  pg_param_int (&p, redial_timeline_item_get_at (item));
  pg_param_text (&p, redial_timeline_item_get_actor (item));
  pg_param_text (&p, redial_timeline_item_get_text (item));
  pg_param_text (&p, call_outcome >= 0 ? redial_call_outcome_to_string (call_outcome) : NULL);
  pg_param_text (&p, kind == REDIAL_TIMELINE_KIND_CLOSED
                       ? redial_case_outcome_to_string (redial_timeline_item_get_case_outcome (item))
                       : NULL);
  if (kind == REDIAL_TIMELINE_KIND_CLOSED && redial_timeline_item_get_job_value (item) >= 0)
    pg_param_int (&p, redial_timeline_item_get_job_value (item));
  else
    pg_param_text (&p, NULL);
  pg_param_text (&p, redial_timeline_item_get_previous_owner (item));
  pg_param_text (&p, redial_timeline_item_get_question (item));
  result = redial_pg_store_run (self,
    "INSERT INTO case_events (case_id, kind, at, actor, text, call_outcome, case_outcome, job_value,"
    "                         previous_owner, question)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id", &p, error);
  if (result == NULL)
    return FALSE;
  redial_timeline_item_set_id (item, pg_int (result, 0, 0));
  return TRUE;
}

static gboolean
redial_pg_store_add_case_event (RedialStore         *store,
                                RedialTimelineItem  *item,
                                gint64               case_id,
                                GError             **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);

  return add_event (self, item, case_id, error);
}

/* Ends a change to @case_id that the open transaction made: writes its
 * @kind event by @who at @at (naming @previous_owner, or NULL), commits,
 * and hands the event to @event (may be NULL). Rolls back on failure. */
static gboolean
commit_event (RedialPgStore       *self,
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
  if (!add_event (self, item, case_id, error) || !redial_pg_store_commit (self, error))
    {
      redial_pg_store_rollback (self);
      return FALSE;
    }
  if (event != NULL)
    *event = g_steal_pointer (&item);
  return TRUE;
}

/* Why @who cannot have @case_id, once the UPDATE that would have given it
 * changed nothing: read in the same transaction, after any desk that
 * claimed it at the same moment has committed. */
static gboolean
explain_refusal (RedialPgStore  *self,
                 gint64          case_id,
                 const char     *who,
                 char          **owner,
                 GError        **error)
{
  g_autofree char *current = NULL;
  gboolean closed = FALSE;

  if (!read_owner (self, case_id, &current, &closed, error))
    return FALSE;
  redial_pg_store_rollback (self);
  if (closed)
    {
      g_set_error_literal (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_CLOSED, _("This case is closed."));
      return FALSE;
    }
  if (g_strcmp0 (current, who) == 0)
    return TRUE;
  g_set_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_CLAIMED, _("%s has this case."), current);
  if (owner != NULL)
    *owner = g_steal_pointer (&current);
  return FALSE;
}

static gboolean
redial_pg_store_claim_case (RedialStore         *store,
                            gint64               case_id,
                            const char          *who,
                            gboolean             take_over,
                            gint64               at,
                            char               **owner,
                            RedialTimelineItem **event,
                            GError             **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_autoptr(PGresult) result = NULL;
  g_autofree char *previous = NULL;
  g_auto(PgParams) p = { 0 };
  gboolean closed = FALSE;

  if (!redial_pg_store_begin (self, error))
    return FALSE;

  if (!take_over)
    {
      /* The claim is this one UPDATE: when two desks claim at once, the
       * second waits for the first to commit, then finds an owner and
       * changes nothing. */
      pg_param_text (&p, who);
      pg_param_int (&p, at);
      pg_param_int (&p, case_id);
      result = redial_pg_store_run (self,
        "UPDATE cases SET owner = $1, claimed_at = $2"
        " WHERE id = $3 AND owner IS NULL AND closed_at IS NULL RETURNING id", &p, error);
      if (result == NULL)
        goto failed;
      if (PQntuples (result) == 0)
        {
          if (!explain_refusal (self, case_id, who, owner, error))
            goto failed;
          return TRUE;
        }
      return commit_event (self, case_id, REDIAL_TIMELINE_KIND_CLAIM, at, who, NULL, event, error);
    }

  /* Taking over is explicit and names whom it took from: the row is
   * locked first, so the owner read is the one replaced. */
  if (!read_owner (self, case_id, &previous, &closed, error))
    goto failed;
  if (closed || g_strcmp0 (previous, who) == 0)
    {
      if (!explain_refusal (self, case_id, who, owner, error))
        goto failed;
      return TRUE;
    }
  pg_param_text (&p, who);
  pg_param_int (&p, at);
  pg_param_int (&p, case_id);
  result = redial_pg_store_run (self, "UPDATE cases SET owner = $1, claimed_at = $2 WHERE id = $3", &p, error);
  if (result == NULL)
    goto failed;
  if (previous != NULL)
    g_message ("Case %" G_GINT64_FORMAT " taken over from %s by %s", case_id, previous, who);
  return commit_event (self, case_id,
                       previous != NULL ? REDIAL_TIMELINE_KIND_TAKE_OVER : REDIAL_TIMELINE_KIND_CLAIM,
                       at, who, previous, event, error);

failed:
  redial_pg_store_rollback (self);
  return FALSE;
}

static gboolean
redial_pg_store_release_case (RedialStore         *store,
                              gint64               case_id,
                              const char          *who,
                              gint64               at,
                              RedialTimelineItem **event,
                              GError             **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_autoptr(PGresult) result = NULL;
  g_autofree char *owner = NULL;
  g_auto(PgParams) p = { 0 };
  gboolean closed = FALSE;

  if (!redial_pg_store_begin (self, error))
    return FALSE;
  pg_param_int (&p, case_id);
  pg_param_text (&p, who);
  result = redial_pg_store_run (self,
    "UPDATE cases SET owner = NULL, claimed_at = NULL WHERE id = $1 AND owner = $2", &p, error);
  if (result == NULL)
    goto failed;

  if (pg_changes (result) == 0)
    {
      if (!read_owner (self, case_id, &owner, &closed, error))
        goto failed;
      redial_pg_store_rollback (self);
      if (owner == NULL)
        return TRUE;
      g_set_error (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_CLAIMED, _("%s has this case."), owner);
      return FALSE;
    }

  return commit_event (self, case_id, REDIAL_TIMELINE_KIND_RELEASE, at, who, NULL, event, error);

failed:
  redial_pg_store_rollback (self);
  return FALSE;
}

static gboolean
redial_pg_store_set_call_outcome (RedialStore        *store,
                                  gint64              case_id,
                                  gint64              item_id,
                                  RedialCallOutcome   outcome,
                                  GError            **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_autoptr(PGresult) result = NULL;
  g_auto(PgParams) p = { 0 };

  pg_param_text (&p, redial_call_outcome_to_string (outcome));
  pg_param_int (&p, item_id);
  pg_param_int (&p, case_id);
  result = redial_pg_store_run (self,
    "UPDATE case_events SET call_outcome = $1 WHERE id = $2 AND case_id = $3 AND kind = 'call-back'", &p, error);
  if (result == NULL)
    return FALSE;
  if (pg_changes (result) == 0)
    {
      g_set_error_literal (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_NOT_FOUND,
                           _("There is no such call-back attempt."));
      return FALSE;
    }
  return TRUE;
}

/* Appends the rows of @sql, built by @from_row, to @items. */
static gboolean
append_rows (RedialPgStore  *self,
             GPtrArray      *items,
             const char     *sql,
             PgParams       *params,
             PgFromRow       from_row,
             GError        **error)
{
  g_autoptr(PGresult) result = redial_pg_store_run (self, sql, params, error);

  if (result == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (result); i++)
    g_ptr_array_add (items, from_row (result, i));
  return TRUE;
}

static GPtrArray *
redial_pg_store_list_timeline (RedialStore  *store,
                               gint64        case_id,
                               GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PGresult) result = NULL;
  g_autofree char *caller = NULL;
  g_auto(PgParams) p = { 0 };
  g_auto(PgParams) span = { 0 };

  /* One snapshot: the sources agree with one another. */
  if (!redial_pg_store_exec (self, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error))
    return NULL;

  pg_param_int (&p, case_id);
  result = redial_pg_store_run (self,
    "SELECT caller, first_call_at, coalesce (closed_at, 9223372036854775807) FROM cases WHERE id = $1",
    &p, error);
  if (result == NULL)
    goto failed;
  if (PQntuples (result) == 0)
    {
      set_not_found (error);
      goto failed;
    }
  caller = g_strdup (pg_text (result, 0, 0));
  /* The caller, and the case's lifetime. */
  pg_param_text (&span, caller);
  pg_param_int (&span, pg_int (result, 0, 1));
  pg_param_int (&span, pg_int (result, 0, 2));

  /* The case's calls, and the caller's answered calls while it lived. */
  pg_param_text (&p, caller);
  pg_param_int (&p, pg_int (result, 0, 1));
  pg_param_int (&p, pg_int (result, 0, 2));
  if (!append_rows (self, items,
                    "SELECT " CALL_COLUMNS " FROM calls WHERE case_id = $1"
                    " UNION ALL"
                    " SELECT " CALL_COLUMNS " FROM calls"
                    " WHERE case_id IS NULL AND caller = $2 AND started_at BETWEEN $3 AND $4",
                    &p, call_item_from_row, error))
    goto failed;
  pg_params_clear (&p);
  pg_param_int (&p, case_id);
  if (!append_rows (self, items, "SELECT " MESSAGE_COLUMNS " FROM messages WHERE case_id = $1",
                    &p, message_item_from_row, error) ||
      !append_rows (self, items, "SELECT " EVENT_COLUMNS " FROM case_events WHERE case_id = $1",
                    &p, event_from_row, error) ||
      !append_rows (self, items, "SELECT clock, episode, level, at FROM sla_events WHERE case_id = $1",
                    &p, sla_from_row, error))
    goto failed;
  if (caller != NULL &&
      !append_rows (self, items,
                    "SELECT id, opted_out, at, message FROM opt_out_audit"
                    " WHERE phone = $1 AND at BETWEEN $2 AND $3",
                    &span, opt_out_from_row, error))
    goto failed;

  redial_pg_store_exec (self, "COMMIT", NULL);
  g_ptr_array_sort (items, redial_timeline_item_compare);
  return g_steal_pointer (&items);

failed:
  redial_pg_store_rollback (self);
  return NULL;
}

static gboolean
redial_pg_store_reopen_case (RedialStore         *store,
                             gint64               case_id,
                             const char          *who,
                             gint64               at,
                             RedialTimelineItem **event,
                             GError             **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_autoptr(PGresult) result = NULL;
  g_autofree char *owner = NULL;
  g_auto(PgParams) p = { 0 };
  gboolean closed = FALSE;

  if (!redial_pg_store_begin (self, error))
    return FALSE;
  if (!read_owner (self, case_id, &owner, &closed, error))
    goto failed;
  if (!closed)
    {
      redial_pg_store_rollback (self);
      g_set_error_literal (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_CLOSED,
                           _("This case is open already."));
      return FALSE;
    }

  pg_param_int (&p, case_id);
  result = redial_pg_store_run (self,
    "UPDATE cases SET closed_at = NULL, outcome = NULL, job_value = NULL,"
    "  state = CASE WHEN reply_waiting_since IS NOT NULL THEN 'replied'"
    "               WHEN first_response_at IS NOT NULL THEN 'responded'"
    "               ELSE 'new' END"
    " WHERE id = $1 AND closed_at IS NOT NULL"
    "   AND (caller IS NULL OR NOT EXISTS (SELECT 1 FROM cases AS other"
    "        WHERE other.caller = cases.caller AND other.closed_at IS NULL))", &p, error);
  if (result == NULL)
    goto failed;
  if (pg_changes (result) == 0)
    {
      redial_pg_store_rollback (self);
      g_set_error_literal (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_OTHER_OPEN,
                           _("This caller has another case open: work that one instead."));
      return FALSE;
    }

  return commit_event (self, case_id, REDIAL_TIMELINE_KIND_REOPENED, at, who, NULL, event, error);

failed:
  redial_pg_store_rollback (self);
  return FALSE;
}

static GPtrArray *
redial_pg_store_list_closed_cases (RedialStore  *store,
                                   gint64        since,
                                   GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_auto(PgParams) p = { 0 };

  pg_param_int (&p, since);
  return redial_pg_store_collect (self,
    "SELECT " CASE_COLUMNS " FROM cases WHERE closed_at IS NOT NULL AND closed_at >= $1"
    " ORDER BY closed_at DESC, id DESC", &p, redial_pg_case_from_row, error);
}

static GPtrArray *
redial_pg_store_search_cases (RedialStore  *store,
                              const char   *query,
                              guint         limit,
                              GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_autofree char *trimmed = g_strstrip (g_strdup (query));
  g_autofree char *name = NULL;
  g_autofree char *number = NULL;
  g_auto(PgParams) p = { 0 };
  const char *significant;

  if (*trimmed == '\0')
    return g_ptr_array_new_with_free_func (g_object_unref);

  /* strpos(), not LIKE: every character typed is literal, % and _ too. */
  name = redial_text_fold (trimmed);
  number = redial_text_digits (trimmed);
  /* "020 7946 0018" and "0044 20 7946 0018" are +44 20 7946 0018. */
  significant = number;
  while (*significant == '0')
    significant++;

  pg_param_text (&p, name);
  pg_param_text (&p, strlen (significant) >= MIN_SEARCH_DIGITS ? significant : NULL);
  if (limit > 0)
    pg_param_int (&p, limit);
  else
    pg_param_text (&p, NULL);
  return redial_pg_store_collect (self,
    "SELECT " CASE_COLUMNS " FROM cases"
    " WHERE strpos (redial_fold (caller_name), $1) > 0"
    "    OR ($2::text IS NOT NULL AND (strpos (redial_digits (caller), $2) > 0"
    "                                  OR strpos (redial_digits (caller_raw), $2) > 0))"
    " ORDER BY last_call_at DESC, id DESC LIMIT $3", &p, redial_pg_case_from_row, error);
}

void
redial_pg_timeline_init_iface (RedialStoreInterface *iface)
{
  iface->claim_case = redial_pg_store_claim_case;
  iface->release_case = redial_pg_store_release_case;
  iface->add_case_event = redial_pg_store_add_case_event;
  iface->set_call_outcome = redial_pg_store_set_call_outcome;
  iface->list_timeline = redial_pg_store_list_timeline;
  iface->reopen_case = redial_pg_store_reopen_case;
  iface->list_closed_cases = redial_pg_store_list_closed_cases;
  iface->search_cases = redial_pg_store_search_cases;
}
