/* redial-outbox.h: every text that goes out: checked, committed, handed to the SMS gateway once, its delivery followed. */
#pragma once

#include <gio/gio.h>

#include "redial-clock.h"
#include "redial-compliance.h"
#include "redial-queue.h"
#include "redial-renderer.h"
#include "redial-sms-gateway.h"
#include "redial-store.h"

G_BEGIN_DECLS

#define REDIAL_TYPE_OUTBOX (redial_outbox_get_type ())
G_DECLARE_FINAL_TYPE (RedialOutbox, redial_outbox, REDIAL, OUTBOX, GObject)

/* An outbox committing to @store on @clock's time, asking @compliance
 * before every text and rendering templates with @renderer. */
RedialOutbox     *redial_outbox_new            (RedialStore         *store,
                                                RedialClock         *clock,
                                                RedialCompliance    *compliance,
                                                RedialRenderer      *renderer);

/* The SMS gateway texts are handed to; may be NULL (nothing can be sent). */
RedialSmsGateway *redial_outbox_get_gateway    (RedialOutbox        *self);
void              redial_outbox_set_gateway    (RedialOutbox        *self,
                                                RedialSmsGateway    *gateway);

/* Renders the template for @use (or takes @written, a person's text) for
 * @kase, puts it in the outbox, then hands it to the gateway. Every text
 * of every kind goes through here, so that the opt-out and the block list
 * are checked every time (an opt-out confirmation alone goes to a number
 * that just opted out). A text-back's outbox row and the case's "texted
 * back" are one commit. Returns the message (a new reference), or NULL
 * with a REDIAL_ENGINE_ERROR saying why nothing was sent; NULL without
 * an error when the case was texted back already. */
RedialMessage    *redial_outbox_queue          (RedialOutbox        *self,
                                                RedialCase          *kase,
                                                RedialMessageKind    kind,
                                                RedialTemplateUse    use,
                                                const char          *written,
                                                GError             **error);

/* Sends @body, which @author (a desk user) wrote, to @kase's caller, as
 * redial_outbox_queue() does with a manual text. */
RedialMessage    *redial_outbox_queue_written  (RedialOutbox        *self,
                                                RedialCase          *kase,
                                                const char          *body,
                                                const char          *author,
                                                GError             **error);
/* Sends @body to @to (E.164), a number of the business's own (the
 * owner's), about no case: checked against the opt-out and the block
 * list as every text is, then handed to the gateway once, not kept in
 * the outbox (a restart does not send it again). FALSE with a
 * REDIAL_ENGINE_ERROR when it may not go. */
gboolean          redial_outbox_send_notice    (RedialOutbox        *self,
                                                const char          *to,
                                                const char          *body,
                                                GError             **error);
/* A delivery report from the gateway; one that arrives before the
 * gateway's answer to the send is kept until that answer. A final status
 * is never moved back. Emits ::text-failed for a failed or undelivered
 * text. ::message-changed is emitted whenever a text is put in the outbox
 * and whenever a change to it is saved. */
void              redial_outbox_update_status  (RedialOutbox        *self,
                                                const char          *provider_message_id,
                                                RedialMessageStatus  status,
                                                const char          *error_text);

/* The delivery rule after a restart: a text never handed to the gateway
 * is sent now (after checking the opt-out again) when its case is still
 * in @queue. For a text whose hand-off had begun, the gateway is asked
 * whether it created it: yes, it is sent, with the gateway's id; surely
 * not, it is sent now, as one never handed over; when the gateway cannot
 * tell, it may have gone out, so it is marked failed (::text-failed),
 * never sent twice. */
void              redial_outbox_recover        (RedialOutbox        *self,
                                                RedialQueue         *queue);

G_END_DECLS
