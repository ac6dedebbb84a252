/* redial-store-columns.h: the SQL both stores share: the columns they read records from, in order, and the counts. */
#pragma once

/* A message, as each store's message_from_row() reads it. */
#define MESSAGE_COLUMNS \
  "id, case_id, direction, kind, peer, body, status, provider_message_id, error, created_at," \
  " attempted_at, author"

/* A case, as each store's case_from_row() reads it; whether the caller
 * opted out is read with the case, as a fact of the opt-out list. */
#define CASE_COLUMNS \
  "id, caller, caller_name, line_label, state, n_calls, first_call_at," \
  " last_call_at, first_response_at, texted_back, kind, kind_reason, emergency," \
  " reply_waiting_since, followups_sent," \
  " EXISTS (SELECT 1 FROM opt_outs WHERE opt_outs.phone = cases.caller)," \
  " EXISTS (SELECT 1 FROM calls WHERE calls.case_id = cases.id AND calls.disposition = 'voicemail')," \
  " caller_raw, number_problem, owner, claimed_at, outcome, closed_at, job_value," \
  " EXISTS (SELECT 1 FROM case_events WHERE case_events.case_id = cases.id" \
  "         AND case_events.kind = 'call-back' AND case_events.call_outcome IS NULL)"

/* A call, as each store's timeline reads it. */
#define CALL_COLUMNS \
  "id, case_id, provider, provider_call_id, caller, caller_raw, caller_name, line, line_label," \
  " started_at, ended_at, disposition"

/* A case's own event (a note, a call-back, a claim, …). */
#define EVENT_COLUMNS \
  "id, kind, at, actor, text, call_outcome, case_outcome, job_value, previous_owner, question"

/* What redial_store_count() counts, by RedialStoreCount. */
#define COUNT_QUERIES { \
    [REDIAL_STORE_COUNT_CALLS] = "SELECT count(*) FROM calls", \
    [REDIAL_STORE_COUNT_CASES] = "SELECT count(*) FROM cases", \
    [REDIAL_STORE_COUNT_OPEN_CASES] = "SELECT count(*) FROM cases WHERE closed_at IS NULL", \
    [REDIAL_STORE_COUNT_MESSAGES] = "SELECT count(*) FROM messages", \
    [REDIAL_STORE_COUNT_CONTACTS] = "SELECT count(*) FROM contacts", \
    [REDIAL_STORE_COUNT_OPT_OUTS] = "SELECT count(*) FROM opt_outs", \
    [REDIAL_STORE_COUNT_OPT_OUT_AUDIT] = "SELECT count(*) FROM opt_out_audit", \
    [REDIAL_STORE_COUNT_SLA_EVENTS] = "SELECT count(*) FROM sla_events", \
    [REDIAL_STORE_COUNT_BLOCKED] = "SELECT count(*) FROM blocked_numbers", \
  }
