/* redial-case-booking.h: booking the open case from the keyboard, offering it two times by text, and the offer it has open. */
#pragma once

#include <gtk/gtk.h>

#include "redial-case.h"
#include "redial-context.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_CASE_BOOKING (redial_case_booking_get_type ())
G_DECLARE_FINAL_TYPE (RedialCaseBooking, redial_case_booking, REDIAL, CASE_BOOKING, GtkWidget)

/* The booking bar of @context's desk (opened): "Offer Two Slots"
 * (app.offer-slots, "x"), and "Book…", a popover listing the next free
 * times with a resource, a date and time entry and a "Send confirmation"
 * check, ticked by default (app.book-case or app.book-case-unconfirmed,
 * "(xss)": case id, resource, ISO 8601 start). Below, the times offered
 * by text while the offer is open, with the caller's reply when it chose
 * neither, each time one click from booking. Hidden for a closed or
 * booked case, and when the business has no resources. */
GtkWidget  *redial_case_booking_new      (RedialContext     *context);

/* Acts on @kase (NULL: none) and shows its open offer. */
void        redial_case_booking_set_case (RedialCaseBooking *self,
                                          RedialCase        *kase);
/* Reads the case's offer again (after a BOOKING item or a state change). */
void        redial_case_booking_refresh  (RedialCaseBooking *self);

G_END_DECLS
