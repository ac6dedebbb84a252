/* redial-ami-originate.c: click-to-call through Asterisk: ring the desk's phone, then dial the caller. */
#include "config.h"

#define G_LOG_DOMAIN "redial-ami"

#include <glib/gi18n.h>
#include <string.h>

#include "redial-ami-private.h"

#define ORIGINATE_RING_MS     30000
#define ORIGINATE_TIMEOUT_US  (45 * G_USEC_PER_SEC)

void
_redial_ami_complete_originate (RedialAmi *self,
                                Pending   *pending,
                                GError    *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&pending->task);

  g_hash_table_remove (self->pending, pending->id);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

GError *
_redial_ami_originate_error (const char *reason)
{
  guint64 code = 0;

  g_ascii_string_to_unsigned (reason != NULL ? reason : "0", 10, 0, 99, &code, NULL);

  /* Asterisk's reasons are its control frames: 1 hung up, 3 still ringing
   * when the time ran out, 5 busy, 8 congestion; 0 is any other failure. */
  switch (code)
    {
    case 1:
      return g_error_new (REDIAL_AMI_ERROR, REDIAL_AMI_ERROR_CALL_FAILED,
                          _("The desk phone hung up before the call was put through."));
    case 3:
      return g_error_new (REDIAL_AMI_ERROR, REDIAL_AMI_ERROR_CALL_FAILED,
                          _("The desk phone did not answer."));
    case 5:
      return g_error_new (REDIAL_AMI_ERROR, REDIAL_AMI_ERROR_CALL_FAILED,
                          _("The desk phone is busy."));
    default:
      return g_error_new (REDIAL_AMI_ERROR, REDIAL_AMI_ERROR_CALL_FAILED,
                          _("The phone system could not place the call."));
    }
}

static gboolean
on_originate_timeout (gpointer user_data)
{
  Pending *pending = user_data;

  pending->timer = 0;
  _redial_ami_complete_originate (pending->self, pending,
                                  g_error_new (REDIAL_AMI_ERROR, REDIAL_AMI_ERROR_TIMED_OUT,
                                               _("The phone system did not say whether the call was placed.")));
  return G_SOURCE_REMOVE;
}

static gboolean
complete_cancelled (gpointer user_data)
{
  GTask *task = user_data;
  RedialAmi *self = g_task_get_source_object (task);
  Pending *pending = g_hash_table_lookup (self->pending, g_task_get_task_data (task));

  if (pending != NULL && pending->task == task)
    {
      GError *error = NULL;

      g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error);
      _redial_ami_complete_originate (self, pending, error);
    }
  return G_SOURCE_REMOVE;
}

static void
on_originate_cancelled (GCancellable *cancellable,
                        gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GSource) source = g_idle_source_new ();

  /* Later, never from here: disconnecting the handler inside it would
   * deadlock. */
  g_source_set_callback (source, complete_cancelled, g_object_ref (task), g_object_unref);
  g_source_set_static_name (source, "[redial] cancelled click-to-call");
  g_source_attach (source, g_task_get_context (task));
}

static gboolean
is_dialable (const char *number)
{
  if (*number == '\0')
    return FALSE;
  for (; *number != '\0'; number++)
    if (!g_ascii_isdigit (*number) && *number != '+' && *number != '*' && *number != '#')
      return FALSE;
  return TRUE;
}

static char *
digits_only (const char *number)
{
  GString *out = g_string_new (NULL);

  for (; *number != '\0' && out->len <= 32; number++)
    if (strchr (" -().", *number) == NULL)
      g_string_append_c (out, *number);
  return g_string_free (out, FALSE);
}

void
redial_ami_originate_async (RedialAmi           *self,
                            const char          *number,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(RedialAmiMessage) action = NULL;
  g_autofree char *dialled = NULL;
  g_autofree char *id = NULL;
  g_autofree char *channel = NULL;
  g_autofree char *caller_id = NULL;
  Pending *pending;

  g_return_if_fail (REDIAL_IS_AMI (self));
  g_return_if_fail (number != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, redial_ami_originate_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  /* The number goes into the action as it is: nothing but what a keypad
   * dials may pass, or it could add lines of its own. */
  dialled = digits_only (number);
  if (!is_dialable (dialled) || strlen (dialled) > 32)
    {
      g_task_return_new_error (task, REDIAL_AMI_ERROR, REDIAL_AMI_ERROR_INVALID_NUMBER,
                               _("“%s” is not a phone number that can be dialled."), number);
      return;
    }
  if (self->extension == NULL)
    {
      g_task_return_new_error (task, REDIAL_AMI_ERROR, REDIAL_AMI_ERROR_NO_EXTENSION,
                               _("No desk extension is set up for calling back: set [ami] extension."));
      return;
    }
  if (redial_link_get_state (REDIAL_LINK (self)) != REDIAL_CONNECTION_CONNECTED || self->connection == NULL)
    {
      g_task_return_new_error (task, REDIAL_AMI_ERROR, REDIAL_AMI_ERROR_NOT_CONNECTED,
                               _("Redial is not connected to the phone system."));
      return;
    }

  id = _redial_ami_next_action_id (self);
  /* The desk's phone is rung through the dialplan (a Local channel), so its
   * follow-me and device settings apply; it shows the number it will call,
   * and the outbound call carries the extension's caller ID. */
  channel = g_strdup_printf ("Local/%s@%s", self->extension, self->context);
  caller_id = g_strdup_printf ("\"%s\" <%s>", dialled, self->extension);

  action = redial_ami_message_new ();
  redial_ami_message_add (action, "Action", "Originate");
  redial_ami_message_add (action, "ActionID", id);
  redial_ami_message_add (action, "Channel", channel);
  redial_ami_message_add (action, "Exten", dialled);
  redial_ami_message_add (action, "Context", self->context);
  redial_ami_message_add (action, "Priority", "1");
  redial_ami_message_add (action, "CallerID", caller_id);
  redial_ami_message_add (action, "Timeout", G_STRINGIFY (ORIGINATE_RING_MS));
  redial_ami_message_add (action, "Async", "true");

  g_task_set_task_data (task, g_strdup (id), g_free);
  pending = _redial_ami_add_pending (self, ACTION_ORIGINATE, id);
  pending->task = g_steal_pointer (&task);
  pending->timer = redial_clock_schedule (self->clock, ORIGINATE_TIMEOUT_US,
                                          on_originate_timeout, pending, NULL);
  if (cancellable != NULL)
    {
      pending->cancellable = g_object_ref (cancellable);
      pending->cancelled_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_originate_cancelled),
                                                          pending->task, NULL);
    }

  _redial_ami_send_action (self->connection, action, FALSE);
}

gboolean
redial_ami_originate_finish (RedialAmi     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (REDIAL_IS_AMI (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == redial_ami_originate_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
