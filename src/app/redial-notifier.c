/* redial-notifier.c: the desk's desktop notifications for the engine's alerts. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include <glib/gi18n.h>
#include <libnotify/notify.h>

#include "redial-notifier.h"

struct _RedialNotifier
{
  GObject       parent_instance;

  RedialEngine *engine;
  GApplication *application;  /* weak */
  GSettings    *settings;
  GPtrArray    *shown;        /* NotifyNotification, kept until closed for their buttons */
  guint         n_shown;
  char         *last_error;
};

G_DEFINE_FINAL_TYPE (RedialNotifier, redial_notifier, G_TYPE_OBJECT)

static void
on_open (NotifyNotification *notification,
         char               *action,
         gpointer            user_data)
{
  RedialNotifier *self = user_data;

  if (self->application != NULL)
    g_application_activate (self->application);
}

static void
on_closed (RedialNotifier     *self,
           NotifyNotification *notification)
{
  g_ptr_array_remove_fast (self->shown, notification);
}

static void
on_alert (RedialNotifier  *self,
          RedialCase      *kase,
          RedialAlertKind  kind,
          const char      *message,
          RedialEngine    *engine)
{
  NotifyNotification *notification;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  const char *summary;
  NotifyUrgency urgency = NOTIFY_URGENCY_CRITICAL;

  if (!g_settings_get_boolean (self->settings, "notifications-enabled"))
    return;

  switch (kind)
    {
    case REDIAL_ALERT_EMERGENCY:
      summary = _("Emergency");
      break;
    case REDIAL_ALERT_SLA_WARNING:
      summary = _("Response Due Soon");
      urgency = NOTIFY_URGENCY_NORMAL;
      break;
    case REDIAL_ALERT_SLA_BREACH:
      summary = _("Response Overdue");
      break;
    case REDIAL_ALERT_SLA_ESCALATION:
      summary = _("Escalated");
      break;
    case REDIAL_ALERT_TEXT_FAILED:
    default:
      summary = _("Text Not Delivered");
      break;
    }

  /* Notification servers may read the body as markup; the caller's words
   * are text. */
  body = g_markup_escape_text (message, -1);
  notification = notify_notification_new (summary, body, APP_ID);
  notify_notification_set_urgency (notification, urgency);
  notify_notification_set_app_name (notification, _("Redial"));
  notify_notification_set_category (notification, "im.received");
  notify_notification_add_action (notification, "default", _("Open"), on_open,
                                  g_object_ref (self), g_object_unref);

  if (!notify_notification_show (notification, &error))
    {
      g_free (self->last_error);
      self->last_error = g_strdup (error->message);
      g_message ("The alert could not be shown as a notification: %s", error->message);
      g_object_unref (notification);
      return;
    }

  self->n_shown++;
  g_signal_connect_object (notification, "closed", G_CALLBACK (on_closed), self, G_CONNECT_SWAPPED);
  g_ptr_array_add (self->shown, notification);
}

static void
redial_notifier_dispose (GObject *object)
{
  RedialNotifier *self = REDIAL_NOTIFIER (object);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_clear_weak_pointer (&self->application);
  g_clear_object (&self->settings);
  if (self->shown != NULL)
    g_ptr_array_set_size (self->shown, 0);

  G_OBJECT_CLASS (redial_notifier_parent_class)->dispose (object);
}

static void
redial_notifier_finalize (GObject *object)
{
  RedialNotifier *self = REDIAL_NOTIFIER (object);

  g_free (self->last_error);
  g_ptr_array_unref (self->shown);

  G_OBJECT_CLASS (redial_notifier_parent_class)->finalize (object);
}

static void
redial_notifier_class_init (RedialNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = redial_notifier_dispose;
  object_class->finalize = redial_notifier_finalize;
}

static void
redial_notifier_init (RedialNotifier *self)
{
  self->settings = g_settings_new (APP_ID);
  self->shown = g_ptr_array_new_with_free_func (g_object_unref);
}

RedialNotifier *
redial_notifier_new (RedialContext *context,
                     GApplication  *application)
{
  RedialNotifier *self;
  RedialEngine *engine;

  g_return_val_if_fail (REDIAL_IS_CONTEXT (context), NULL);
  engine = redial_context_get_engine (context);
  g_return_val_if_fail (REDIAL_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (application == NULL || G_IS_APPLICATION (application), NULL);

  if (!notify_is_initted ())
    notify_init (APP_ID);

  self = g_object_new (REDIAL_TYPE_NOTIFIER, NULL);
  self->engine = g_object_ref (engine);
  g_set_weak_pointer (&self->application, application);
  g_signal_connect_object (engine, "alert", G_CALLBACK (on_alert), self, G_CONNECT_SWAPPED);
  return self;
}

guint
redial_notifier_get_n_shown (RedialNotifier *self)
{
  g_return_val_if_fail (REDIAL_IS_NOTIFIER (self), 0);
  return self->n_shown;
}

const char *
redial_notifier_get_last_error (RedialNotifier *self)
{
  g_return_val_if_fail (REDIAL_IS_NOTIFIER (self), NULL);
  return self->last_error;
}
