/* redial-contact.h: a known person: a phone number and a name. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define REDIAL_TYPE_CONTACT (redial_contact_get_type ())
G_DECLARE_FINAL_TYPE (RedialContact, redial_contact, REDIAL, CONTACT, GObject)

/* A contact for @phone (E.164) named @name (untrusted text, shown as is). */
RedialContact *redial_contact_new       (gint64         id,
                                         const char    *phone,
                                         const char    *name);
gint64         redial_contact_get_id    (RedialContact *self);
const char    *redial_contact_get_phone (RedialContact *self);
const char    *redial_contact_get_name  (RedialContact *self);
void           redial_contact_set_name  (RedialContact *self,
                                         const char    *name);

G_END_DECLS
