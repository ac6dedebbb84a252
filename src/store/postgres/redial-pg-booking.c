/* redial-pg-booking.c: the PostgreSQL store's appointments and holds: not there yet, and saying so. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include <glib/gi18n.h>

#include "redial-pg-store-private.h"

/* Every booking call of a shared store fails with this, so that a desk
 * shows why the calendar stays empty instead of booking twice. */
static gboolean
not_yet (GError **error)
{
  g_set_error_literal (error, REDIAL_STORE_ERROR, REDIAL_STORE_ERROR_FAILED,
                       _("Appointments are not supported on PostgreSQL yet."));
  return FALSE;
}

static gboolean
redial_pg_store_add_appointment (RedialStore        *store,
                                 RedialAppointment  *appointment,
                                 gint64              now,
                                 GError            **error)
{
  return not_yet (error);
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
  not_yet (error);
  return NULL;
}

static RedialAppointment *
redial_pg_store_cancel_appointment (RedialStore  *store,
                                    gint64        appointment_id,
                                    gint64        now,
                                    GError      **error)
{
  not_yet (error);
  return NULL;
}

static RedialAppointment *
redial_pg_store_get_appointment (RedialStore  *store,
                                 gint64        appointment_id,
                                 GError      **error)
{
  not_yet (error);
  return NULL;
}

static GPtrArray *
redial_pg_store_list_appointments (RedialStore  *store,
                                   gint64        from,
                                   gint64        to,
                                   const char   *resource,
                                   GError      **error)
{
  not_yet (error);
  return NULL;
}

static GPtrArray *
redial_pg_store_list_case_appointments (RedialStore  *store,
                                        gint64        case_id,
                                        GError      **error)
{
  not_yet (error);
  return NULL;
}

static gboolean
redial_pg_store_set_appointment_caldav (RedialStore  *store,
                                        gint64        appointment_id,
                                        const char   *href,
                                        const char   *etag,
                                        gboolean      conflict,
                                        GError      **error)
{
  return not_yet (error);
}

static gboolean
redial_pg_store_add_hold (RedialStore  *store,
                          RedialHold   *hold,
                          gint64        now,
                          GError      **error)
{
  return not_yet (error);
}

static GPtrArray *
redial_pg_store_list_holds (RedialStore  *store,
                            gint64        from,
                            gint64        to,
                            gint64        now,
                            GError      **error)
{
  not_yet (error);
  return NULL;
}

static GPtrArray *
redial_pg_store_list_case_holds (RedialStore  *store,
                                 gint64        case_id,
                                 gint64        now,
                                 GError      **error)
{
  not_yet (error);
  return NULL;
}

static gboolean
redial_pg_store_release_holds (RedialStore  *store,
                               gint64        case_id,
                               GError      **error)
{
  return not_yet (error);
}

static gboolean
redial_pg_store_take_hold (RedialStore        *store,
                           gint64              hold_id,
                           RedialAppointment  *appointment,
                           gint64              now,
                           GError            **error)
{
  return not_yet (error);
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
  iface->add_hold = redial_pg_store_add_hold;
  iface->list_holds = redial_pg_store_list_holds;
  iface->list_case_holds = redial_pg_store_list_case_holds;
  iface->release_holds = redial_pg_store_release_holds;
  iface->take_hold = redial_pg_store_take_hold;
}
