/* redial-pg-booking.c: the PostgreSQL store's appointments and holds, never two on one resource at once, whichever desk books. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include "redial-pg-store-private.h"
#include "redial-store-booking.h"

/* The columns appointment_from_row() reads, in order. */
#define APPOINTMENT_COLUMNS \
  "id, case_id, resource, job_type, start_at, end_at, address, caller, caller_name, status," \
  " uid, sequence, etag, href, conflict, created_at, updated_at, published_sequence"

#define HOLD_COLUMNS "id, case_id, resource, start_at, end_at, expires_at"

static gpointer
appointment_from_row (PGresult *r,
                      int       i)
{
  RedialAppointmentStatus status = REDIAL_APPOINTMENT_STATUS_BOOKED;
  RedialAppointment *appointment = redial_appointment_new (pg_int (r, i, 1), pg_text (r, i, 2),
                                                           pg_text (r, i, 3), pg_int (r, i, 4),
                                                           pg_int (r, i, 5));

  redial_appointment_status_from_string (pg_text (r, i, 9), &status);
  redial_appointment_set_id (appointment, pg_int (r, i, 0));
  redial_appointment_set_address (appointment, pg_text (r, i, 6));
  redial_appointment_set_caller (appointment, pg_text (r, i, 7));
  redial_appointment_set_caller_name (appointment, pg_text (r, i, 8));
  redial_appointment_set_status (appointment, status);
  redial_appointment_set_uid (appointment, pg_text (r, i, 10));
  redial_appointment_set_sequence (appointment, (guint) pg_int (r, i, 11));
  redial_appointment_set_etag (appointment, pg_text (r, i, 12));
  redial_appointment_set_href (appointment, pg_text (r, i, 13));
  redial_appointment_set_conflict (appointment, pg_bool (r, i, 14));
  redial_appointment_set_created_at (appointment, pg_int (r, i, 15));
  redial_appointment_set_updated_at (appointment, pg_int (r, i, 16));
  redial_appointment_set_published_sequence (appointment, (guint) pg_int (r, i, 17));
  return appointment;
}

static gpointer
hold_from_row (PGresult *r,
               int       i)
{
  RedialHold *hold = redial_hold_new (pg_int (r, i, 1), pg_text (r, i, 2), pg_int (r, i, 3),
                                      pg_int (r, i, 4), pg_int (r, i, 5));

  redial_hold_set_id (hold, pg_int (r, i, 0));
  return hold;
}

/* Locks @resource's row of booking_locks until the open transaction
 * ends: every desk booking, moving onto or holding time of @resource
 * waits here for the one before it to commit, and then reads what it
 * wrote. One resource a transaction, so no two desks wait on each other. */
static gboolean
lock_resource (RedialPgStore  *self,
               const char     *resource,
               GError        **error)
{
  g_auto(PgParams) p = { 0 };
  g_autoptr(PGresult) result = NULL;

  pg_param_text (&p, resource);
  result = redial_pg_store_run (self,
    "INSERT INTO booking_locks (resource) VALUES ($1)"
    " ON CONFLICT (resource) DO UPDATE SET resource = excluded.resource", &p, error);
  return result != NULL;
}

/* Fails with REDIAL_STORE_ERROR_OVERLAP when a booked appointment other
 * than @except, or an unexpired hold of a case other than @case_id, takes
 * part of [@start, @end) on @resource. Locks @resource first; runs inside
 * the caller's transaction. */
static gboolean
check_free (RedialPgStore  *self,
            const char     *resource,
            gint64          start,
            gint64          end,
            gint64          except,
            gint64          case_id,
            gint64          now,
            GError        **error)
{
  g_auto(PgParams) p = { 0 };
  g_autoptr(PGresult) taken = NULL;

  if (!lock_resource (self, resource, error))
    return FALSE;

  /* A booked appointment first (its sentence names it), then a hold. */
  pg_param_text (&p, resource);
  pg_param_int (&p, start);
  pg_param_int (&p, end);
  pg_param_int (&p, except);
  pg_param_int (&p, now);
  pg_param_int (&p, case_id);
  taken = redial_pg_store_run (self,
    "SELECT 0, id, start_at, end_at FROM appointments"
    " WHERE status = 'booked' AND resource = $1 AND end_at > $2 AND start_at < $3 AND id <> $4"
    " UNION ALL SELECT 1, 0, start_at, end_at FROM holds"
    " WHERE resource = $1 AND end_at > $2 AND start_at < $3 AND expires_at > $5 AND case_id <> $6"
    " ORDER BY 1, 3 LIMIT 1", &p, error);
  if (taken == NULL)
    return FALSE;
  if (PQntuples (taken) == 0)
    return TRUE;
  if (pg_int (taken, 0, 0) == 0)
    return redial_store_booking_overlaps_appointment (error, resource, pg_int (taken, 0, 1),
                                                      pg_int (taken, 0, 2), pg_int (taken, 0, 3));
  return redial_store_booking_overlaps_hold (error, resource, pg_int (taken, 0, 2), pg_int (taken, 0, 3));
}

/* The appointment @appointment_id, or NULL with @error set (NOT_FOUND
 * when there is none). With @for_update, its row stays locked until the
 * open transaction ends. */
static RedialAppointment *
read_appointment (RedialPgStore  *self,
                  gint64          appointment_id,
                  gboolean        for_update,
                  GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_auto(PgParams) p = { 0 };
  RedialAppointment *appointment;

  pg_param_int (&p, appointment_id);
  if (for_update)
    appointment = redial_pg_store_first (self,
      "SELECT " APPOINTMENT_COLUMNS " FROM appointments WHERE id = $1 FOR UPDATE",
      &p, appointment_from_row, &local_error);
  else
    appointment = redial_pg_store_first (self,
      "SELECT " APPOINTMENT_COLUMNS " FROM appointments WHERE id = $1",
      &p, appointment_from_row, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (appointment == NULL)
    redial_store_booking_not_found (error, appointment_id);
  return appointment;
}

/* Inserts @appointment inside the caller's transaction, once its time is free. */
static gboolean
insert_appointment (RedialPgStore      *self,
                    RedialAppointment  *appointment,
                    gint64              now,
                    GError            **error)
{
  g_auto(PgParams) p = { 0 };
  g_autoptr(PGresult) result = NULL;

  if (!check_free (self, redial_appointment_get_resource (appointment),
                   redial_appointment_get_start (appointment),
                   redial_appointment_get_end (appointment),
                   0, redial_appointment_get_case_id (appointment), now, error))
    return FALSE;

  if (redial_appointment_get_uid (appointment) == NULL)
    {
      g_autofree char *uid = redial_store_booking_new_uid ();

      redial_appointment_set_uid (appointment, uid);
    }

  pg_param_int (&p, redial_appointment_get_case_id (appointment));
  pg_param_text (&p, redial_appointment_get_resource (appointment));
  pg_param_text (&p, redial_appointment_get_job_type (appointment));
  pg_param_int (&p, redial_appointment_get_start (appointment));
  pg_param_int (&p, redial_appointment_get_end (appointment));
  pg_param_text (&p, redial_appointment_get_address (appointment));
  pg_param_text (&p, redial_appointment_get_caller (appointment));
  pg_param_text (&p, redial_appointment_get_caller_name (appointment));
  pg_param_text (&p, redial_appointment_get_uid (appointment));
  pg_param_int (&p, now);
  result = redial_pg_store_run (self,
    "INSERT INTO appointments (case_id, resource, job_type, start_at, end_at, address, caller,"
    " caller_name, status, uid, sequence, created_at, updated_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'booked', $9, 0, $10, $10) RETURNING id", &p, error);
  if (result == NULL)
    return FALSE;

  redial_appointment_set_id (appointment, pg_int (result, 0, 0));
  redial_appointment_set_status (appointment, REDIAL_APPOINTMENT_STATUS_BOOKED);
  redial_appointment_set_sequence (appointment, 0);
  redial_appointment_set_created_at (appointment, now);
  redial_appointment_set_updated_at (appointment, now);
  return TRUE;
}

/* Commits the change to @appointment_id opened by a begin and returns the
 * appointment as it now is; or rolls back and returns NULL when @result
 * (the change) failed. */
static RedialAppointment *
finish_change (RedialPgStore  *self,
               PGresult       *result,
               gint64          appointment_id,
               GError        **error)
{
  if (result == NULL || !redial_pg_store_commit (self, error))
    {
      redial_pg_store_rollback (self);
      return NULL;
    }
  return read_appointment (self, appointment_id, FALSE, error);
}

static gboolean
delete_holds (RedialPgStore  *self,
              gint64          case_id,
              GError        **error)
{
  g_auto(PgParams) p = { 0 };
  g_autoptr(PGresult) result = NULL;

  pg_param_int (&p, case_id);
  result = redial_pg_store_run (self, "DELETE FROM holds WHERE case_id = $1", &p, error);
  return result != NULL;
}

static gboolean
redial_pg_store_add_appointment (RedialStore        *store,
                                 RedialAppointment  *appointment,
                                 gint64              now,
                                 GError            **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);

  if (!redial_pg_store_begin (self, error))
    return FALSE;
  if (!insert_appointment (self, appointment, now, error) ||
      !redial_pg_store_commit (self, error))
    {
      redial_pg_store_rollback (self);
      redial_appointment_set_id (appointment, 0);
      return FALSE;
    }
  return TRUE;
}

static RedialAppointment *
redial_pg_store_move_appointment (RedialStore  *store,
                                  gint64        appointment_id,
                                  const char   *resource,
                                  gint64        start,
                                  gint64        end,
                                  gint64        now,
                                  GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_autoptr(RedialAppointment) before = NULL;
  g_autoptr(PGresult) result = NULL;
  g_auto(PgParams) p = { 0 };

  if (!redial_pg_store_begin (self, error))
    return NULL;
  /* Locked first, so that a desk cancelling it meanwhile waits. */
  before = read_appointment (self, appointment_id, TRUE, error);
  if (before == NULL)
    goto failed;
  if (!redial_appointment_is_booked (before))
    {
      redial_store_booking_cancelled (error, appointment_id);
      goto failed;
    }
  if (resource == NULL)
    resource = redial_appointment_get_resource (before);
  if (!check_free (self, resource, start, end, appointment_id,
                   redial_appointment_get_case_id (before), now, error))
    goto failed;

  pg_param_text (&p, resource);
  pg_param_int (&p, start);
  pg_param_int (&p, end);
  pg_param_int (&p, now);
  pg_param_int (&p, appointment_id);
  result = redial_pg_store_run (self,
    "UPDATE appointments SET resource = $1, start_at = $2, end_at = $3,"
    " sequence = sequence + 1, updated_at = $4 WHERE id = $5", &p, error);
  return finish_change (self, result, appointment_id, error);

failed:
  redial_pg_store_rollback (self);
  return NULL;
}

static RedialAppointment *
redial_pg_store_cancel_appointment (RedialStore  *store,
                                    gint64        appointment_id,
                                    gint64        now,
                                    GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_autoptr(PGresult) result = NULL;
  g_auto(PgParams) p = { 0 };

  if (!redial_pg_store_begin (self, error))
    return NULL;
  pg_param_int (&p, now);
  pg_param_int (&p, appointment_id);
  result = redial_pg_store_run (self,
    "UPDATE appointments SET status = 'cancelled', sequence = sequence + 1, updated_at = $1"
    " WHERE id = $2 AND status = 'booked'", &p, error);
  return finish_change (self, result, appointment_id, error);
}

static RedialAppointment *
redial_pg_store_get_appointment (RedialStore  *store,
                                 gint64        appointment_id,
                                 GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);

  return read_appointment (self, appointment_id, FALSE, error);
}

/* The appointments of [@from, @to) on @resource (NULL: all), the
 * cancelled ones too unless @booked_only, ordered by start. */
static GPtrArray *
list_range (RedialPgStore  *self,
            gint64          from,
            gint64          to,
            const char     *resource,
            gboolean        booked_only,
            GError        **error)
{
  g_auto(PgParams) p = { 0 };

  pg_param_int (&p, from);
  pg_param_int (&p, to);
  pg_param_text (&p, resource);
  return redial_pg_store_collect (self, booked_only
    ? "SELECT " APPOINTMENT_COLUMNS " FROM appointments"
      " WHERE status = 'booked' AND end_at > $1 AND start_at < $2 AND ($3::text IS NULL OR resource = $3)"
      " ORDER BY start_at, id"
    : "SELECT " APPOINTMENT_COLUMNS " FROM appointments"
      " WHERE end_at > $1 AND start_at < $2 AND ($3::text IS NULL OR resource = $3)"
      " ORDER BY start_at, id", &p, appointment_from_row, error);
}

static GPtrArray *
redial_pg_store_list_appointments (RedialStore  *store,
                                   gint64        from,
                                   gint64        to,
                                   const char   *resource,
                                   GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);

  return list_range (self, from, to, resource, TRUE, error);
}

static GPtrArray *
redial_pg_store_list_appointments_with_cancelled (RedialStore  *store,
                                                  gint64        from,
                                                  gint64        to,
                                                  const char   *resource,
                                                  GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);

  return list_range (self, from, to, resource, FALSE, error);
}

static GPtrArray *
redial_pg_store_list_case_appointments (RedialStore  *store,
                                        gint64        case_id,
                                        GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_auto(PgParams) p = { 0 };

  pg_param_int (&p, case_id);
  return redial_pg_store_collect (self,
    "SELECT " APPOINTMENT_COLUMNS " FROM appointments WHERE case_id = $1 ORDER BY start_at, id",
    &p, appointment_from_row, error);
}

static gboolean
redial_pg_store_set_appointment_caldav (RedialStore  *store,
                                        gint64        appointment_id,
                                        const char   *href,
                                        const char   *etag,
                                        gboolean      conflict,
                                        GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_auto(PgParams) p = { 0 };
  g_autoptr(PGresult) result = NULL;

  pg_param_text (&p, href);
  pg_param_text (&p, etag);
  pg_param_int (&p, conflict ? 1 : 0);
  pg_param_int (&p, appointment_id);
  result = redial_pg_store_run (self,
    "UPDATE appointments SET href = $1, etag = $2, conflict = $3 WHERE id = $4", &p, error);
  if (result == NULL)
    return FALSE;
  if (pg_changes (result) == 0)
    return redial_store_booking_not_found (error, appointment_id);
  return TRUE;
}

static gboolean
redial_pg_store_set_appointment_published (RedialStore  *store,
                                           gint64        appointment_id,
                                           guint         sequence,
                                           GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_auto(PgParams) p = { 0 };
  g_autoptr(PGresult) result = NULL;

  pg_param_int (&p, sequence);
  pg_param_int (&p, appointment_id);
  result = redial_pg_store_run (self,
    "UPDATE appointments SET published_sequence = $1, sequence = greatest (sequence, $1) WHERE id = $2",
    &p, error);
  if (result == NULL)
    return FALSE;
  if (pg_changes (result) == 0)
    return redial_store_booking_not_found (error, appointment_id);
  return TRUE;
}

static gboolean
redial_pg_store_add_hold (RedialStore  *store,
                          RedialHold   *hold,
                          gint64        now,
                          GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_auto(PgParams) p = { 0 };
  g_autoptr(PGresult) result = NULL;

  if (!redial_pg_store_begin (self, error))
    return FALSE;
  if (!check_free (self, redial_hold_get_resource (hold), redial_hold_get_start (hold),
                   redial_hold_get_end (hold), 0, redial_hold_get_case_id (hold), now, error))
    goto failed;

  pg_param_int (&p, redial_hold_get_case_id (hold));
  pg_param_text (&p, redial_hold_get_resource (hold));
  pg_param_int (&p, redial_hold_get_start (hold));
  pg_param_int (&p, redial_hold_get_end (hold));
  pg_param_int (&p, redial_hold_get_expires_at (hold));
  result = redial_pg_store_run (self,
    "INSERT INTO holds (case_id, resource, start_at, end_at, expires_at) VALUES ($1, $2, $3, $4, $5)"
    " RETURNING id", &p, error);
  if (result == NULL || !redial_pg_store_commit (self, error))
    goto failed;
  redial_hold_set_id (hold, pg_int (result, 0, 0));
  return TRUE;

failed:
  redial_pg_store_rollback (self);
  return FALSE;
}

static GPtrArray *
redial_pg_store_list_holds (RedialStore  *store,
                            gint64        from,
                            gint64        to,
                            gint64        now,
                            GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_auto(PgParams) p = { 0 };

  pg_param_int (&p, from);
  pg_param_int (&p, to);
  pg_param_int (&p, now);
  return redial_pg_store_collect (self,
    "SELECT " HOLD_COLUMNS " FROM holds WHERE end_at > $1 AND start_at < $2 AND expires_at > $3"
    " ORDER BY start_at, id", &p, hold_from_row, error);
}

static GPtrArray *
redial_pg_store_list_case_holds (RedialStore  *store,
                                 gint64        case_id,
                                 gint64        now,
                                 GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_auto(PgParams) p = { 0 };

  pg_param_int (&p, case_id);
  pg_param_int (&p, now);
  return redial_pg_store_collect (self,
    "SELECT " HOLD_COLUMNS " FROM holds WHERE case_id = $1 AND expires_at > $2"
    " ORDER BY start_at, id", &p, hold_from_row, error);
}

static gboolean
redial_pg_store_release_holds (RedialStore  *store,
                               gint64        case_id,
                               GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);

  return delete_holds (self, case_id, error);
}

/* Hold @hold_id of @case_id, unexpired at @now; NULL with @error set
 * (EXPIRED when there is none). */
static RedialHold *
read_hold (RedialPgStore  *self,
           gint64          hold_id,
           gint64          case_id,
           gint64          now,
           GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_auto(PgParams) p = { 0 };
  RedialHold *hold;

  pg_param_int (&p, hold_id);
  pg_param_int (&p, now);
  pg_param_int (&p, case_id);
  hold = redial_pg_store_first (self,
    "SELECT " HOLD_COLUMNS " FROM holds WHERE id = $1 AND expires_at > $2 AND case_id = $3",
    &p, hold_from_row, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (hold == NULL)
    redial_store_booking_not_held (error);
  return hold;
}

static gboolean
redial_pg_store_take_hold (RedialStore        *store,
                           gint64              hold_id,
                           RedialAppointment  *appointment,
                           gint64              now,
                           GError            **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  gint64 case_id = redial_appointment_get_case_id (appointment);
  g_autoptr(RedialHold) hold = NULL;
  g_autoptr(RedialHold) still = NULL;

  if (!redial_pg_store_begin (self, error))
    return FALSE;
  hold = read_hold (self, hold_id, case_id, now, error);
  if (hold == NULL || !lock_resource (self, redial_hold_get_resource (hold), error))
    goto failed;
  /* Read again under the lock: two desks answering the caller's one
   * reply take the hold once, and the second is told it is gone. */
  still = read_hold (self, hold_id, case_id, now, error);
  if (still == NULL)
    goto failed;

  redial_appointment_set_resource (appointment, redial_hold_get_resource (still));
  redial_appointment_set_times (appointment, redial_hold_get_start (still), redial_hold_get_end (still));
  if (!delete_holds (self, case_id, error) ||
      !insert_appointment (self, appointment, now, error) ||
      !redial_pg_store_commit (self, error))
    goto failed;
  return TRUE;

failed:
  redial_pg_store_rollback (self);
  redial_appointment_set_id (appointment, 0);
  return FALSE;
}

void
redial_pg_booking_init_iface (RedialStoreInterface *iface)
{
  iface->add_appointment = redial_pg_store_add_appointment;
  iface->move_appointment = redial_pg_store_move_appointment;
  iface->cancel_appointment = redial_pg_store_cancel_appointment;
  iface->get_appointment = redial_pg_store_get_appointment;
  iface->list_appointments = redial_pg_store_list_appointments;
  iface->list_case_appointments = redial_pg_store_list_case_appointments;
  iface->set_appointment_caldav = redial_pg_store_set_appointment_caldav;
  iface->set_appointment_published = redial_pg_store_set_appointment_published;
  iface->list_appointments_with_cancelled = redial_pg_store_list_appointments_with_cancelled;
  iface->add_hold = redial_pg_store_add_hold;
  iface->list_holds = redial_pg_store_list_holds;
  iface->list_case_holds = redial_pg_store_list_case_holds;
  iface->release_holds = redial_pg_store_release_holds;
  iface->take_hold = redial_pg_store_take_hold;
}
