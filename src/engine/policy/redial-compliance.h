/* redial-compliance.h: who may be texted: opt-out, opt-in and HELP keywords, the block list. */
#pragma once

#include <glib-object.h>

#include "redial-case.h"
#include "redial-store.h"

G_BEGIN_DECLS

/* What an inbound text means under the texting rules. */
typedef enum
{
  REDIAL_REPLY_CONVERSATION,  /* an ordinary reply, for a person to answer */
  REDIAL_REPLY_OPTED_OUT,     /* the number has just opted out: one confirmation is due */
  REDIAL_REPLY_OPTED_IN,      /* an opted-out number opted back in: a confirmation is due */
  REDIAL_REPLY_HELP,          /* the caller asked for help: the help text is due */
  REDIAL_REPLY_SILENT,        /* kept, and nothing answers it */
} RedialReplyMeaning;

#define REDIAL_TYPE_COMPLIANCE (redial_compliance_get_type ())
G_DECLARE_FINAL_TYPE (RedialCompliance, redial_compliance, REDIAL, COMPLIANCE, GObject)

/* The texting rules, kept in @store's opt-outs and block list. */
RedialCompliance  *redial_compliance_new            (RedialStore       *store);

/* Whether a text may go to @phone (E.164): FALSE with
 * REDIAL_ENGINE_ERROR_OPTED_OUT or _BLOCKED, naming the number as
 * @shown_as, when it may not. */
gboolean           redial_compliance_check_number   (RedialCompliance  *self,
                                                     const char        *phone,
                                                     const char        *shown_as,
                                                     GError           **error);
/* Whether a text may go to @kase's caller: also refused
 * (REDIAL_ENGINE_ERROR_NO_NUMBER) for a hidden number. Marks @kase opted
 * out when its number is. */
gboolean           redial_compliance_check_case     (RedialCompliance  *self,
                                                     RedialCase        *kase,
                                                     GError           **error);

/* Takes the text @text that @caller (E.164) wrote in @kase at @now: an
 * opt-out word (STOP, UNSUBSCRIBE, …) opts the number out for good, START
 * or UNSTOP opts an opted-out number back in, HELP asks for the help text;
 * the opt-out state is recorded in the store and on @kase. Says what
 * answers the text. */
RedialReplyMeaning redial_compliance_take_reply     (RedialCompliance  *self,
                                                     RedialCase        *kase,
                                                     const char        *caller,
                                                     const char        *text,
                                                     gint64             now);
/* Records that the carrier holds @phone unsubscribed, as if it had texted
 * STOP here. FALSE when the store refused. */
gboolean           redial_compliance_opt_out_at_carrier (RedialCompliance *self,
                                                         const char       *phone,
                                                         gint64            now,
                                                         GError          **error);

/* Puts @phone on the block list with @reason, or takes it off. */
gboolean           redial_compliance_block          (RedialCompliance  *self,
                                                     const char        *phone,
                                                     const char        *reason,
                                                     gint64             now,
                                                     GError           **error);
void               redial_compliance_unblock        (RedialCompliance  *self,
                                                     const char        *phone);

G_END_DECLS
