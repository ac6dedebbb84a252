/* redial-sqlite-appointments.c: the SQLite store's appointments and holds, never two on one resource at once. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include "redial-sqlite-store-private.h"
#include "redial-store-booking.h"

/* The columns appointment_from_row() reads, in order. */
#define APPOINTMENT_COLUMNS \
  "id, case_id, resource, job_type, start_at, end_at, address, caller, caller_name, status," \
  " uid, sequence, etag, href, conflict, created_at, updated_at, published_sequence"

#define HOLD_COLUMNS "id, case_id, resource, start_at, end_at, expires_at"

/* Built with setters rather than g_object_new()'s property list: a
 * calendar's week reads thousands of rows. */
static RedialAppointment *
appointment_from_row (sqlite3_stmt *stmt)
{
  RedialAppointmentStatus status = REDIAL_APPOINTMENT_STATUS_BOOKED;
  RedialAppointment *appointment = redial_appointment_new (sqlite3_column_int64 (stmt, 1),
                                                           redial_sqlite_column_text (stmt, 2),
                                                           redial_sqlite_column_text (stmt, 3),
                                                           sqlite3_column_int64 (stmt, 4),
                                                           sqlite3_column_int64 (stmt, 5));

  redial_appointment_status_from_string (redial_sqlite_column_text (stmt, 9), &status);
  redial_appointment_set_id (appointment, sqlite3_column_int64 (stmt, 0));
  redial_appointment_set_address (appointment, redial_sqlite_column_text (stmt, 6));
  redial_appointment_set_caller (appointment, redial_sqlite_column_text (stmt, 7));
  redial_appointment_set_caller_name (appointment, redial_sqlite_column_text (stmt, 8));
  redial_appointment_set_status (appointment, status);
  redial_appointment_set_uid (appointment, redial_sqlite_column_text (stmt, 10));
  redial_appointment_set_sequence (appointment, (guint) sqlite3_column_int64 (stmt, 11));
  redial_appointment_set_etag (appointment, redial_sqlite_column_text (stmt, 12));
  redial_appointment_set_href (appointment, redial_sqlite_column_text (stmt, 13));
  redial_appointment_set_conflict (appointment, sqlite3_column_int (stmt, 14) != 0);
  redial_appointment_set_created_at (appointment, sqlite3_column_int64 (stmt, 15));
  redial_appointment_set_updated_at (appointment, sqlite3_column_int64 (stmt, 16));
  redial_appointment_set_published_sequence (appointment, (guint) sqlite3_column_int64 (stmt, 17));
  return appointment;
}

static int
compare_appointments (gconstpointer a,
                      gconstpointer b)
{
  RedialAppointment *x = *(RedialAppointment **) a;
  RedialAppointment *y = *(RedialAppointment **) b;
  gint64 dx = redial_appointment_get_start (x), dy = redial_appointment_get_start (y);

  if (dx == dy)
    dx = redial_appointment_get_id (x), dy = redial_appointment_get_id (y);
  return dx < dy ? -1 : dx > dy;
}

static RedialHold *
hold_from_row (sqlite3_stmt *stmt)
{
  RedialHold *hold = redial_hold_new (sqlite3_column_int64 (stmt, 1),
                                      redial_sqlite_column_text (stmt, 2),
                                      sqlite3_column_int64 (stmt, 3),
                                      sqlite3_column_int64 (stmt, 4),
                                      sqlite3_column_int64 (stmt, 5));

  redial_hold_set_id (hold, sqlite3_column_int64 (stmt, 0));
  return hold;
}

/* Fails with REDIAL_STORE_ERROR_OVERLAP when a booked appointment other
 * than @except, or an unexpired hold of a case other than @case_id, takes
 * part of [@start, @end) on @resource. Runs inside the caller's
 * transaction. */
static gboolean
check_free (RedialSqliteStore  *self,
            const char         *resource,
            gint64              start,
            gint64              end,
            gint64              except,
            gint64              case_id,
            gint64              now,
            GError            **error)
{
  sqlite3_stmt *stmt = redial_sqlite_store_statement (self,
    "SELECT id, start_at, end_at FROM appointments"
    " WHERE status = 'booked' AND resource = ? AND end_at > ? AND start_at < ? AND id != ?"
    " ORDER BY start_at LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  redial_sqlite_bind_text (stmt, 1, resource);
  sqlite3_bind_int64 (stmt, 2, start);
  sqlite3_bind_int64 (stmt, 3, end);
  sqlite3_bind_int64 (stmt, 4, except);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0), from = sqlite3_column_int64 (stmt, 1);
      gint64 to = sqlite3_column_int64 (stmt, 2);

      sqlite3_reset (stmt);
      return redial_store_booking_overlaps_appointment (error, resource, id, from, to);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return redial_sqlite_store_set_error (self, error);

  stmt = redial_sqlite_store_statement (self,
    "SELECT start_at, end_at FROM holds"
    " WHERE resource = ? AND end_at > ? AND start_at < ? AND expires_at > ? AND case_id != ?"
    " ORDER BY start_at LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  redial_sqlite_bind_text (stmt, 1, resource);
  sqlite3_bind_int64 (stmt, 2, start);
  sqlite3_bind_int64 (stmt, 3, end);
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_int64 (stmt, 5, case_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      gint64 from = sqlite3_column_int64 (stmt, 0), to = sqlite3_column_int64 (stmt, 1);

      sqlite3_reset (stmt);
      return redial_store_booking_overlaps_hold (error, resource, from, to);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return redial_sqlite_store_set_error (self, error);
  return TRUE;
}

static RedialAppointment *
read_appointment (RedialSqliteStore  *self,
                  gint64              appointment_id,
                  GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt = redial_sqlite_store_statement (self,
    "SELECT " APPOINTMENT_COLUMNS " FROM appointments WHERE id = ?", error);
  RedialAppointment *appointment;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, appointment_id);
  appointment = redial_sqlite_store_first (self, stmt, (gpointer) appointment_from_row, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (appointment == NULL)
    redial_store_booking_not_found (error, appointment_id);
  return appointment;
}

/* Inserts @appointment inside the caller's transaction. */
static gboolean
insert_appointment (RedialSqliteStore  *self,
                    RedialAppointment  *appointment,
                    gint64              now,
                    GError            **error)
{
  sqlite3_stmt *stmt;

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

  stmt = redial_sqlite_store_statement (self,
    "INSERT INTO appointments (case_id, resource, job_type, start_at, end_at, address, caller,"
    " caller_name, status, uid, sequence, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'booked', ?, 0, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, redial_appointment_get_case_id (appointment));
  redial_sqlite_bind_text (stmt, 2, redial_appointment_get_resource (appointment));
  redial_sqlite_bind_text (stmt, 3, redial_appointment_get_job_type (appointment));
  sqlite3_bind_int64 (stmt, 4, redial_appointment_get_start (appointment));
  sqlite3_bind_int64 (stmt, 5, redial_appointment_get_end (appointment));
  redial_sqlite_bind_text (stmt, 6, redial_appointment_get_address (appointment));
  redial_sqlite_bind_text (stmt, 7, redial_appointment_get_caller (appointment));
  redial_sqlite_bind_text (stmt, 8, redial_appointment_get_caller_name (appointment));
  redial_sqlite_bind_text (stmt, 9, redial_appointment_get_uid (appointment));
  sqlite3_bind_int64 (stmt, 10, now);
  sqlite3_bind_int64 (stmt, 11, now);
  if (!redial_sqlite_store_step_done (self, stmt, error))
    return FALSE;

  redial_appointment_set_id (appointment, sqlite3_last_insert_rowid (self->db));
  redial_appointment_set_status (appointment, REDIAL_APPOINTMENT_STATUS_BOOKED);
  redial_appointment_set_sequence (appointment, 0);
  redial_appointment_set_created_at (appointment, now);
  redial_appointment_set_updated_at (appointment, now);
  return TRUE;
}

/* Runs @stmt, the change to @appointment_id opened by a begin, and
 * commits; returns the appointment as it now is, or NULL, rolled back. */
static RedialAppointment *
finish_change (RedialSqliteStore  *self,
               sqlite3_stmt       *stmt,
               gint64              appointment_id,
               GError            **error)
{
  if (stmt == NULL ||
      !redial_sqlite_store_step_done (self, stmt, error) ||
      !redial_sqlite_store_commit (self, error))
    {
      redial_sqlite_store_rollback (self);
      return NULL;
    }
  return read_appointment (self, appointment_id, error);
}

static gboolean
delete_holds (RedialSqliteStore  *self,
              gint64              case_id,
              GError            **error)
{
  sqlite3_stmt *stmt = redial_sqlite_store_statement (self, "DELETE FROM holds WHERE case_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  return redial_sqlite_store_step_done (self, stmt, error);
}

static gboolean
redial_sqlite_store_add_appointment (RedialStore        *store,
                                     RedialAppointment  *appointment,
                                     gint64              now,
                                     GError            **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);

  if (!redial_sqlite_store_begin (self, error))
    return FALSE;
  if (!insert_appointment (self, appointment, now, error) ||
      !redial_sqlite_store_commit (self, error))
    {
      redial_sqlite_store_rollback (self);
      redial_appointment_set_id (appointment, 0);
      return FALSE;
    }
  return TRUE;
}

static RedialAppointment *
redial_sqlite_store_move_appointment (RedialStore  *store,
                                      gint64        appointment_id,
                                      const char   *resource,
                                      gint64        start,
                                      gint64        end,
                                      gint64        now,
                                      GError      **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  g_autoptr(RedialAppointment) before = NULL;
  sqlite3_stmt *stmt;

  if (!redial_sqlite_store_begin (self, error))
    return NULL;
  before = read_appointment (self, appointment_id, error);
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

  stmt = redial_sqlite_store_statement (self,
    "UPDATE appointments SET resource = ?, start_at = ?, end_at = ?,"
    " sequence = sequence + 1, updated_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    goto failed;
  redial_sqlite_bind_text (stmt, 1, resource);
  sqlite3_bind_int64 (stmt, 2, start);
  sqlite3_bind_int64 (stmt, 3, end);
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_int64 (stmt, 5, appointment_id);
  return finish_change (self, stmt, appointment_id, error);

failed:
  redial_sqlite_store_rollback (self);
  return NULL;
}

static RedialAppointment *
redial_sqlite_store_cancel_appointment (RedialStore  *store,
                                        gint64        appointment_id,
                                        gint64        now,
                                        GError      **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  sqlite3_stmt *stmt;

  if (!redial_sqlite_store_begin (self, error))
    return NULL;
  stmt = redial_sqlite_store_statement (self,
    "UPDATE appointments SET status = 'cancelled', sequence = sequence + 1, updated_at = ?"
    " WHERE id = ? AND status = 'booked'", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, now);
      sqlite3_bind_int64 (stmt, 2, appointment_id);
    }
  return finish_change (self, stmt, appointment_id, error);
}

static RedialAppointment *
redial_sqlite_store_get_appointment (RedialStore  *store,
                                     gint64        appointment_id,
                                     GError      **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);

  return read_appointment (self, appointment_id, error);
}

/* The appointments of [@from, @to) on @resource (NULL: all), the
 * cancelled ones too unless @booked_only, ordered by start. */
static GPtrArray *
list_range (RedialSqliteStore  *self,
            gint64              from,
            gint64              to,
            const char         *resource,
            gboolean            booked_only,
            GError            **error)
{
  sqlite3_stmt *stmt = redial_sqlite_store_statement (self, booked_only
    ? "SELECT " APPOINTMENT_COLUMNS " FROM appointments"
      " WHERE status = 'booked' AND end_at > ?1 AND start_at < ?2 AND (?3 IS NULL OR resource = ?3)"
    : "SELECT " APPOINTMENT_COLUMNS " FROM appointments"
      " WHERE end_at > ?1 AND start_at < ?2 AND (?3 IS NULL OR resource = ?3)", error);
  GPtrArray *appointments;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  redial_sqlite_bind_text (stmt, 3, resource);
  appointments = redial_sqlite_store_collect (self, stmt, (gpointer) appointment_from_row, error);
  /* Sorted here: SQLite would sort whole rows in a temporary tree, which
   * costs a busy week's calendar more than its reading. */
  if (appointments != NULL)
    g_ptr_array_sort (appointments, compare_appointments);
  return appointments;
}

static GPtrArray *
redial_sqlite_store_list_appointments (RedialStore  *store,
                                       gint64        from,
                                       gint64        to,
                                       const char   *resource,
                                       GError      **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);

  return list_range (self, from, to, resource, TRUE, error);
}

static GPtrArray *
redial_sqlite_store_list_appointments_with_cancelled (RedialStore  *store,
                                                      gint64        from,
                                                      gint64        to,
                                                      const char   *resource,
                                                      GError      **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);

  return list_range (self, from, to, resource, FALSE, error);
}

static GPtrArray *
redial_sqlite_store_list_case_appointments (RedialStore  *store,
                                            gint64        case_id,
                                            GError      **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  sqlite3_stmt *stmt = redial_sqlite_store_statement (self,
    "SELECT " APPOINTMENT_COLUMNS " FROM appointments WHERE case_id = ? ORDER BY start_at, id", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, case_id);
  return redial_sqlite_store_collect (self, stmt, (gpointer) appointment_from_row, error);
}

static gboolean
redial_sqlite_store_set_appointment_caldav (RedialStore  *store,
                                            gint64        appointment_id,
                                            const char   *href,
                                            const char   *etag,
                                            gboolean      conflict,
                                            GError      **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  sqlite3_stmt *stmt = redial_sqlite_store_statement (self,
    "UPDATE appointments SET href = ?, etag = ?, conflict = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  redial_sqlite_bind_text (stmt, 1, href);
  redial_sqlite_bind_text (stmt, 2, etag);
  sqlite3_bind_int (stmt, 3, conflict ? 1 : 0);
  sqlite3_bind_int64 (stmt, 4, appointment_id);
  if (!redial_sqlite_store_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    return redial_store_booking_not_found (error, appointment_id);
  return TRUE;
}

static gboolean
redial_sqlite_store_set_appointment_published (RedialStore  *store,
                                               gint64        appointment_id,
                                               guint         sequence,
                                               GError      **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  sqlite3_stmt *stmt = redial_sqlite_store_statement (self,
    "UPDATE appointments SET published_sequence = ?1, sequence = max (sequence, ?1) WHERE id = ?2", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, sequence);
  sqlite3_bind_int64 (stmt, 2, appointment_id);
  if (!redial_sqlite_store_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    return redial_store_booking_not_found (error, appointment_id);
  return TRUE;
}

static gboolean
redial_sqlite_store_add_hold (RedialStore  *store,
                              RedialHold   *hold,
                              gint64        now,
                              GError      **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  sqlite3_stmt *stmt;

  if (!redial_sqlite_store_begin (self, error))
    return FALSE;
  if (!check_free (self, redial_hold_get_resource (hold), redial_hold_get_start (hold),
                   redial_hold_get_end (hold), 0, redial_hold_get_case_id (hold), now, error))
    goto failed;

  stmt = redial_sqlite_store_statement (self,
    "INSERT INTO holds (case_id, resource, start_at, end_at, expires_at) VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, redial_hold_get_case_id (hold));
  redial_sqlite_bind_text (stmt, 2, redial_hold_get_resource (hold));
  sqlite3_bind_int64 (stmt, 3, redial_hold_get_start (hold));
  sqlite3_bind_int64 (stmt, 4, redial_hold_get_end (hold));
  sqlite3_bind_int64 (stmt, 5, redial_hold_get_expires_at (hold));
  if (!redial_sqlite_store_step_done (self, stmt, error))
    goto failed;
  redial_hold_set_id (hold, sqlite3_last_insert_rowid (self->db));
  if (!redial_sqlite_store_commit (self, error))
    {
      redial_hold_set_id (hold, 0);
      goto failed;
    }
  return TRUE;

failed:
  redial_sqlite_store_rollback (self);
  return FALSE;
}

static GPtrArray *
redial_sqlite_store_list_holds (RedialStore  *store,
                                gint64        from,
                                gint64        to,
                                gint64        now,
                                GError      **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  sqlite3_stmt *stmt = redial_sqlite_store_statement (self,
    "SELECT " HOLD_COLUMNS " FROM holds WHERE end_at > ? AND start_at < ? AND expires_at > ?"
    " ORDER BY start_at, id", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  sqlite3_bind_int64 (stmt, 3, now);
  return redial_sqlite_store_collect (self, stmt, (gpointer) hold_from_row, error);
}

static GPtrArray *
redial_sqlite_store_list_case_holds (RedialStore  *store,
                                     gint64        case_id,
                                     gint64        now,
                                     GError      **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  sqlite3_stmt *stmt = redial_sqlite_store_statement (self,
    "SELECT " HOLD_COLUMNS " FROM holds WHERE case_id = ? AND expires_at > ?"
    " ORDER BY start_at, id", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, case_id);
  sqlite3_bind_int64 (stmt, 2, now);
  return redial_sqlite_store_collect (self, stmt, (gpointer) hold_from_row, error);
}

static gboolean
redial_sqlite_store_release_holds (RedialStore  *store,
                                   gint64        case_id,
                                   GError      **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);

  return delete_holds (self, case_id, error);
}

static gboolean
redial_sqlite_store_take_hold (RedialStore        *store,
                               gint64              hold_id,
                               RedialAppointment  *appointment,
                               gint64              now,
                               GError            **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  g_autoptr(RedialHold) hold = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  if (!redial_sqlite_store_begin (self, error))
    return FALSE;
  stmt = redial_sqlite_store_statement (self,
    "SELECT " HOLD_COLUMNS " FROM holds WHERE id = ? AND expires_at > ?", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, hold_id);
  sqlite3_bind_int64 (stmt, 2, now);
  hold = redial_sqlite_store_first (self, stmt, (gpointer) hold_from_row, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      goto failed;
    }
  if (hold == NULL || redial_hold_get_case_id (hold) != redial_appointment_get_case_id (appointment))
    {
      redial_store_booking_not_held (error);
      goto failed;
    }

  redial_appointment_set_resource (appointment, redial_hold_get_resource (hold));
  redial_appointment_set_times (appointment, redial_hold_get_start (hold), redial_hold_get_end (hold));
  if (!delete_holds (self, redial_hold_get_case_id (hold), error) ||
      !insert_appointment (self, appointment, now, error) ||
      !redial_sqlite_store_commit (self, error))
    goto failed;
  return TRUE;

failed:
  redial_sqlite_store_rollback (self);
  redial_appointment_set_id (appointment, 0);
  return FALSE;
}

void
redial_sqlite_appointments_init_iface (RedialStoreInterface *iface)
{
  iface->add_appointment = redial_sqlite_store_add_appointment;
  iface->move_appointment = redial_sqlite_store_move_appointment;
  iface->cancel_appointment = redial_sqlite_store_cancel_appointment;
  iface->get_appointment = redial_sqlite_store_get_appointment;
  iface->list_appointments = redial_sqlite_store_list_appointments;
  iface->list_case_appointments = redial_sqlite_store_list_case_appointments;
  iface->set_appointment_caldav = redial_sqlite_store_set_appointment_caldav;
  iface->set_appointment_published = redial_sqlite_store_set_appointment_published;
  iface->list_appointments_with_cancelled = redial_sqlite_store_list_appointments_with_cancelled;
  iface->add_hold = redial_sqlite_store_add_hold;
  iface->list_holds = redial_sqlite_store_list_holds;
  iface->list_case_holds = redial_sqlite_store_list_case_holds;
  iface->release_holds = redial_sqlite_store_release_holds;
  iface->take_hold = redial_sqlite_store_take_hold;
}
