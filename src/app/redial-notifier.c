/* redial-notifier.c: the desk's desktop notifications: one per kind of news, updated in place. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include <glib/gi18n.h>
#include <libnotify/notify.h>

#include "redial-notifier.h"
#include "redial-phone.h"

/* One notification on screen per topic; a burst of news of one topic
 * updates it ("4 callers past the 5-minute target") instead of adding
 * more. */
typedef struct
{
  NotifyNotification *notification;  /* shown, until the server closes it */
  GArray             *case_ids;      /* gint64, distinct, the cases it speaks of */
  GArray             *pending;       /* gint64, news of this main-loop turn */
  char               *message;       /* the latest sentence, for one case */
  gint64              target;        /* the target it speaks of, in µs, or -1 when mixed */
} Topic;

struct _RedialNotifier
{
  GObject       parent_instance;

  RedialEngine *engine;
  RedialConfig *config;
  GListModel   *queue;
  GApplication *application;  /* weak */
  GSettings    *settings;
  GHashTable   *known;        /* case id → RedialCase, the cases whose news is followed */
  Topic         topics[REDIAL_NOTIFIER_N_TOPICS];
  guint         flush_id;
  guint         n_shown;
  char         *last_error;
  RedialNotifierQuietFunc quiet_func;
  gpointer      quiet_data;
  GDestroyNotify quiet_destroy;
};

G_DEFINE_FINAL_TYPE (RedialNotifier, redial_notifier, G_TYPE_OBJECT)

static void schedule_flush (RedialNotifier *self);
static void follow         (RedialNotifier *self,
                            RedialCase     *kase,
                            gboolean        news);

static gboolean
ids_contain (GArray *ids,
             gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

static void
add_id (GArray *ids,
        gint64  id)
{
  if (!ids_contain (ids, id))
    g_array_append_val (ids, id);
}

static RedialCase *
lookup_case (RedialNotifier *self,
             gint64          id)
{
  return g_hash_table_lookup (self->known, &id);
}

/* The response target the alert on @kase speaks of, in µs. */
static gint64
target_of (RedialNotifier  *self,
           RedialCase      *kase,
           RedialNotifierTopic topic)
{
  gboolean reply = kase != NULL && redial_case_get_state (kase) == REDIAL_CASE_STATE_REPLIED;

  if (topic == REDIAL_NOTIFIER_TOPIC_SLA_WARNING)
    return reply ? redial_config_get_reply_warning (self->config)
                 : redial_config_get_first_response_warning (self->config);
  return reply ? redial_config_get_reply_target (self->config)
               : redial_config_get_first_response_target (self->config);
}

static void
note (RedialNotifier      *self,
      RedialNotifierTopic  topic,
      RedialCase          *kase,
      const char          *message)
{
  Topic *t = &self->topics[topic];
  gint64 id = redial_case_get_id (kase);
  gint64 target = target_of (self, kase, topic);

  /* The desk is looking at that case already. */
  if (self->quiet_func != NULL && self->quiet_func (id, self->quiet_data))
    return;

  if (t->case_ids->len == 0 && t->pending->len == 0)
    t->target = target;
  else if (t->target != target)
    t->target = -1;
  add_id (t->pending, id);
  if (message != NULL)
    {
      g_free (t->message);
      t->message = g_strdup (message);
    }
  schedule_flush (self);
}

/* The caller's number as the desk dials it: "(312) 555-0142". */
static char *
dup_number (RedialNotifier *self,
            RedialCase     *kase)
{
  return redial_phone_format (redial_case_get_caller (kase), redial_config_get_region (self->config));
}

/* Who the news is about: the name, else the number, else that it is hidden. */
static char *
dup_caller (RedialNotifier *self,
            RedialCase     *kase)
{
  if (redial_case_get_caller_name (kase) != NULL)
    return g_strdup (redial_case_get_caller_name (kase));
  if (redial_case_get_caller (kase) != NULL)
    return dup_number (self, kase);
  return g_strdup (_("A caller with a hidden number"));
}

static const char *
summary_of (RedialNotifierTopic topic,
            guint               n)
{
  switch (topic)
    {
    case REDIAL_NOTIFIER_TOPIC_EMERGENCY:
      return n == 1 ? _("Emergency") : _("Emergencies");
    case REDIAL_NOTIFIER_TOPIC_SLA_WARNING:
      return _("Response Due Soon");
    case REDIAL_NOTIFIER_TOPIC_SLA_BREACH:
      return _("Response Overdue");
    case REDIAL_NOTIFIER_TOPIC_SLA_ESCALATION:
      return _("Escalated");
    case REDIAL_NOTIFIER_TOPIC_TEXT_FAILED:
      return _("Text Not Delivered");
    case REDIAL_NOTIFIER_TOPIC_MISSED_CALL:
      return n == 1 ? _("Missed Call") : _("Missed Calls");
    case REDIAL_NOTIFIER_TOPIC_DAY_SUMMARY:
      return _("End of the Day");
    case REDIAL_NOTIFIER_TOPIC_REPLY:
    case REDIAL_NOTIFIER_N_TOPICS:
    default:
      return n == 1 ? _("New Reply") : _("New Replies");
    }
}

/* What a notification about @n cases of @topic says, as text. */
static char *
body_of (RedialNotifier      *self,
         RedialNotifierTopic  topic)
{
  Topic *t = &self->topics[topic];
  guint n = t->case_ids->len;
  gint64 minute = 60 * G_USEC_PER_SEC;
  guint minutes = t->target > 0 ? (guint) ((t->target + minute - 1) / minute) : 0;
  RedialCase *kase = n > 0 ? lookup_case (self, g_array_index (t->case_ids, gint64, 0)) : NULL;

  if (topic == REDIAL_NOTIFIER_TOPIC_DAY_SUMMARY)
    return g_strdup (t->message);
  if (n == 1 && topic == REDIAL_NOTIFIER_TOPIC_MISSED_CALL && kase != NULL)
    {
      if (redial_case_get_caller_name (kase) != NULL && redial_case_get_caller (kase) != NULL)
        {
          g_autofree char *number = dup_number (self, kase);

          return g_strdup_printf ("%s · %s", redial_case_get_caller_name (kase), number);
        }
      return dup_caller (self, kase);
    }
  if (n == 1 && topic == REDIAL_NOTIFIER_TOPIC_REPLY && kase != NULL)
    {
      g_autofree char *caller = dup_caller (self, kase);

      return g_strdup_printf ("%s: %s", caller,
                              redial_case_get_preview (kase) != NULL ? redial_case_get_preview (kase) : "");
    }
  if (n == 1 && t->message != NULL)
    return g_strdup (t->message);

  switch (topic)
    {
    case REDIAL_NOTIFIER_TOPIC_EMERGENCY:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u caller wrote about an emergency",
                                           "%u callers wrote about an emergency", n), n);
    case REDIAL_NOTIFIER_TOPIC_SLA_WARNING:
      if (minutes > 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u caller waiting past %u minutes",
                                             "%u callers waiting past %u minutes", n), n, minutes);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u caller close to the response target",
                                           "%u callers close to the response target", n), n);
    case REDIAL_NOTIFIER_TOPIC_SLA_BREACH:
      if (minutes > 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u caller past the %u-minute target",
                                             "%u callers past the %u-minute target", n), n, minutes);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u caller past the response target",
                                           "%u callers past the response target", n), n);
    case REDIAL_NOTIFIER_TOPIC_SLA_ESCALATION:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u case escalated", "%u cases escalated", n), n);
    case REDIAL_NOTIFIER_TOPIC_TEXT_FAILED:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u text did not reach its caller",
                                           "%u texts did not reach their callers", n), n);
    case REDIAL_NOTIFIER_TOPIC_MISSED_CALL:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u caller to call back",
                                           "%u callers to call back", n), n);
    case REDIAL_NOTIFIER_TOPIC_REPLY:
    case REDIAL_NOTIFIER_TOPIC_DAY_SUMMARY:
    case REDIAL_NOTIFIER_N_TOPICS:
    default:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u caller replied", "%u callers replied", n), n);
    }
}

/* Open goes to the case, or to the queue showing the cases it speaks of. */
static void
on_open (NotifyNotification *notification,
         char               *action,
         gpointer            user_data)
{
  RedialNotifier *self = user_data;
  GVariant *target = g_object_get_data (G_OBJECT (notification), "open-target");

  if (self->application == NULL || target == NULL)
    return;
  if (g_variant_is_of_type (target, G_VARIANT_TYPE_INT64))
    g_action_group_activate_action (G_ACTION_GROUP (self->application), "open-case", target);
  else
    g_action_group_activate_action (G_ACTION_GROUP (self->application), "show-cases", target);
}

/* Claim makes the one case it speaks of this desk's, window or not. */
static void
on_claim (NotifyNotification *notification,
          char               *action,
          gpointer            user_data)
{
  RedialNotifier *self = user_data;
  GVariant *target = g_object_get_data (G_OBJECT (notification), "open-target");

  if (self->application != NULL && target != NULL && g_variant_is_of_type (target, G_VARIANT_TYPE_INT64))
    g_action_group_activate_action (G_ACTION_GROUP (self->application), "claim-case", target);
}

static void
on_show (NotifyNotification *notification,
         char               *action,
         gpointer            user_data)
{
  RedialNotifier *self = user_data;

  if (self->application != NULL)
    g_application_activate (self->application);
}

/* Open, and Claim where a person would take the case from here: news of
 * one caller to answer. */
static void
add_actions (RedialNotifier      *self,
             RedialNotifierTopic  topic)
{
  Topic *t = &self->topics[topic];
  gboolean claimable = topic == REDIAL_NOTIFIER_TOPIC_MISSED_CALL || topic == REDIAL_NOTIFIER_TOPIC_REPLY ||
                       topic == REDIAL_NOTIFIER_TOPIC_EMERGENCY || topic == REDIAL_NOTIFIER_TOPIC_SLA_WARNING ||
                       topic == REDIAL_NOTIFIER_TOPIC_SLA_BREACH;

  notify_notification_clear_actions (t->notification);
  /* The summary speaks of no case: clicking it brings up Redial. */
  if (topic == REDIAL_NOTIFIER_TOPIC_DAY_SUMMARY)
    {
      notify_notification_add_action (t->notification, "default", _("Open"), on_show,
                                      g_object_ref (self), g_object_unref);
      return;
    }
  notify_notification_add_action (t->notification, "default", _("Open"), on_open,
                                  g_object_ref (self), g_object_unref);
  notify_notification_add_action (t->notification, "open", _("Open"), on_open,
                                  g_object_ref (self), g_object_unref);
  if (claimable && t->case_ids->len == 1)
    notify_notification_add_action (t->notification, "claim", _("Claim"), on_claim,
                                     g_object_ref (self), g_object_unref);
}

static void
on_closed (RedialNotifier     *self,
           NotifyNotification *notification)
{
  for (guint i = 0; i < REDIAL_NOTIFIER_N_TOPICS; i++)
    {
      Topic *t = &self->topics[i];

      /* The next news of this topic starts a fresh notification. */
      if (t->notification == notification)
        {
          g_clear_object (&t->notification);
          g_array_set_size (t->case_ids, 0);
        }
    }
}

static GVariant *
open_target_of (Topic *t)
{
  if (t->case_ids->len == 1)
    return g_variant_new_int64 (g_array_index (t->case_ids, gint64, 0));
  return g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, t->case_ids->data, t->case_ids->len,
                                    sizeof (gint64));
}

static void
show_topic (RedialNotifier      *self,
            RedialNotifierTopic  topic)
{
  static const char * const categories[REDIAL_NOTIFIER_N_TOPICS] = {
    "im.received", "im.received", "im.received", "im.received",
    "im.error", "call.unanswered", "im.received", "x-redial.day-summary",
  };
  Topic *t = &self->topics[topic];
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *markup = NULL;
  gboolean urgent = topic == REDIAL_NOTIFIER_TOPIC_EMERGENCY || topic == REDIAL_NOTIFIER_TOPIC_SLA_BREACH ||
                    topic == REDIAL_NOTIFIER_TOPIC_SLA_ESCALATION;

  for (guint i = 0; i < t->pending->len; i++)
    add_id (t->case_ids, g_array_index (t->pending, gint64, i));
  g_array_set_size (t->pending, 0);

  body = body_of (self, topic);
  /* Notification servers may read the body as markup; callers' names and
   * words are text. */
  markup = g_markup_escape_text (body, -1);

  if (t->notification == NULL)
    {
      t->notification = notify_notification_new (summary_of (topic, t->case_ids->len), markup, APP_ID);
      notify_notification_set_app_name (t->notification, _("Redial"));
      notify_notification_set_category (t->notification, categories[topic]);
      g_signal_connect_object (t->notification, "closed", G_CALLBACK (on_closed), self, G_CONNECT_SWAPPED);
    }
  else
    {
      notify_notification_update (t->notification, summary_of (topic, t->case_ids->len), markup, APP_ID);
    }

  add_actions (self, topic);
  notify_notification_set_urgency (t->notification, urgent ? NOTIFY_URGENCY_CRITICAL : NOTIFY_URGENCY_NORMAL);
  g_object_set_data_full (G_OBJECT (t->notification), "open-target",
                          g_variant_ref_sink (open_target_of (t)), (GDestroyNotify) g_variant_unref);
  /* The sound is the notification server's, named by the hint. */
  if (g_settings_get_boolean (self->settings, "play-sound"))
    {
      notify_notification_set_hint (t->notification, "suppress-sound", NULL);
      notify_notification_set_hint_string (t->notification, "sound-name",
                                           topic == REDIAL_NOTIFIER_TOPIC_MISSED_CALL ||
                                           topic == REDIAL_NOTIFIER_TOPIC_REPLY
                                             ? "message-new-instant" : "dialog-warning");
    }
  else
    {
      notify_notification_set_hint (t->notification, "sound-name", NULL);
      notify_notification_set_hint (t->notification, "suppress-sound", g_variant_new_boolean (TRUE));
    }

  if (!notify_notification_show (t->notification, &error))
    {
      g_free (self->last_error);
      self->last_error = g_strdup (error->message);
      g_message ("The alert could not be shown as a notification: %s", error->message);
      g_clear_object (&t->notification);
      g_array_set_size (t->case_ids, 0);
      return;
    }
  self->n_shown++;
}

/* News of one main-loop turn (a tick may cross hundreds of cases) makes at
 * most one call to the notification server per topic. */
static gboolean
flush (gpointer user_data)
{
  RedialNotifier *self = user_data;

  self->flush_id = 0;
  for (guint i = 0; i < REDIAL_NOTIFIER_N_TOPICS; i++)
    {
      Topic *t = &self->topics[i];

      if (t->pending->len == 0)
        continue;
      if (!g_settings_get_boolean (self->settings, "notifications-enabled"))
        {
          g_array_set_size (t->pending, 0);
          continue;
        }
      show_topic (self, i);
    }
  return G_SOURCE_REMOVE;
}

static void
schedule_flush (RedialNotifier *self)
{
  if (self->flush_id == 0)
    self->flush_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, flush, self, NULL);
}

static void
on_alert (RedialNotifier  *self,
          RedialCase      *kase,
          RedialAlertKind  kind,
          const char      *message,
          RedialEngine    *engine)
{
  RedialNotifierTopic topic = (RedialNotifierTopic) kind;

  follow (self, kase, FALSE);
  note (self, topic, kase, message);
}

/* The summary is one notification of its own, not about a case. */
static void
on_day_summary (RedialNotifier *self,
                const char     *text,
                RedialEngine   *engine)
{
  Topic *t = &self->topics[REDIAL_NOTIFIER_TOPIC_DAY_SUMMARY];

  g_free (t->message);
  t->message = g_strdup (text);
  add_id (t->pending, 0);
  schedule_flush (self);
}

static void
on_reply (RedialNotifier *self,
          GParamSpec     *pspec,
          RedialCase     *kase)
{
  if (redial_case_get_reply_waiting_since (kase) > 0)
    note (self, REDIAL_NOTIFIER_TOPIC_REPLY, kase, NULL);
}

static void
on_called_again (RedialNotifier *self,
                 GParamSpec     *pspec,
                 RedialCase     *kase)
{
  note (self, REDIAL_NOTIFIER_TOPIC_MISSED_CALL, kase, NULL);
}

static void
follow (RedialNotifier *self,
        RedialCase     *kase,
        gboolean        news)
{
  gint64 *key;

  if (g_hash_table_contains (self->known, &(gint64) { redial_case_get_id (kase) }))
    return;

  key = g_new (gint64, 1);
  *key = redial_case_get_id (kase);
  g_hash_table_insert (self->known, key, g_object_ref (kase));
  g_signal_connect_object (kase, "notify::reply-waiting-since", G_CALLBACK (on_reply), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (kase, "notify::n-calls", G_CALLBACK (on_called_again), self, G_CONNECT_SWAPPED);
  /* Likely spam is set aside, not news. */
  if (news && redial_case_get_kind (kase) != REDIAL_CASE_KIND_LIKELY_SPAM)
    note (self, REDIAL_NOTIFIER_TOPIC_MISSED_CALL, kase, NULL);
}

static void
on_queue_changed (RedialNotifier *self,
                  guint           position,
                  guint           removed,
                  guint           added,
                  GListModel     *queue)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(RedialCase) kase = g_list_model_get_item (queue, i);

      follow (self, kase, TRUE);
    }
}

static void
redial_notifier_dispose (GObject *object)
{
  RedialNotifier *self = REDIAL_NOTIFIER (object);

  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  if (self->queue != NULL)
    g_signal_handlers_disconnect_by_data (self->queue, self);
  if (self->known != NULL)
    g_hash_table_remove_all (self->known);
  for (guint i = 0; i < REDIAL_NOTIFIER_N_TOPICS; i++)
    g_clear_object (&self->topics[i].notification);
  g_clear_object (&self->queue);
  g_clear_object (&self->engine);
  g_clear_object (&self->config);
  g_clear_weak_pointer (&self->application);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (redial_notifier_parent_class)->dispose (object);
}

static void
redial_notifier_finalize (GObject *object)
{
  RedialNotifier *self = REDIAL_NOTIFIER (object);

  for (guint i = 0; i < REDIAL_NOTIFIER_N_TOPICS; i++)
    {
      g_array_unref (self->topics[i].case_ids);
      g_array_unref (self->topics[i].pending);
      g_free (self->topics[i].message);
    }
  g_hash_table_unref (self->known);
  g_free (self->last_error);
  if (self->quiet_destroy != NULL)
    self->quiet_destroy (self->quiet_data);

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
  self->known = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  for (guint i = 0; i < REDIAL_NOTIFIER_N_TOPICS; i++)
    {
      self->topics[i].case_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      self->topics[i].pending = g_array_new (FALSE, FALSE, sizeof (gint64));
    }
}

RedialNotifier *
redial_notifier_new (RedialContext *context,
                     GApplication  *application)
{
  RedialNotifier *self;
  RedialEngine *engine;
  guint n;

  g_return_val_if_fail (REDIAL_IS_CONTEXT (context), NULL);
  engine = redial_context_get_engine (context);
  g_return_val_if_fail (REDIAL_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (application == NULL || G_IS_APPLICATION (application), NULL);

  if (!notify_is_initted ())
    notify_init (APP_ID);

  self = g_object_new (REDIAL_TYPE_NOTIFIER, NULL);
  self->engine = g_object_ref (engine);
  self->config = g_object_ref (redial_context_get_config (context));
  self->queue = g_object_ref (redial_engine_get_queue (engine));
  g_set_weak_pointer (&self->application, application);
  g_signal_connect_object (engine, "alert", G_CALLBACK (on_alert), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (engine, "day-summary", G_CALLBACK (on_day_summary), self, G_CONNECT_SWAPPED);

  /* The cases already open are not news; what happens to them is. */
  n = g_list_model_get_n_items (self->queue);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RedialCase) kase = g_list_model_get_item (self->queue, i);

      follow (self, kase, FALSE);
    }
  g_signal_connect_object (self->queue, "items-changed", G_CALLBACK (on_queue_changed), self, G_CONNECT_SWAPPED);
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

guint
redial_notifier_get_n_cases (RedialNotifier      *self,
                             RedialNotifierTopic  topic)
{
  g_return_val_if_fail (REDIAL_IS_NOTIFIER (self), 0);
  g_return_val_if_fail (topic < REDIAL_NOTIFIER_N_TOPICS, 0);
  return self->topics[topic].notification != NULL ? self->topics[topic].case_ids->len : 0;
}

char *
redial_notifier_dup_body (RedialNotifier      *self,
                          RedialNotifierTopic  topic)
{
  g_autofree char *body = NULL;

  g_return_val_if_fail (REDIAL_IS_NOTIFIER (self), NULL);
  g_return_val_if_fail (topic < REDIAL_NOTIFIER_N_TOPICS, NULL);

  if (self->topics[topic].notification == NULL)
    return NULL;
  g_object_get (self->topics[topic].notification, "body", &body, NULL);
  return g_steal_pointer (&body);
}

void
redial_notifier_set_quiet_func (RedialNotifier          *self,
                                RedialNotifierQuietFunc  func,
                                gpointer                 data,
                                GDestroyNotify           destroy)
{
  g_return_if_fail (REDIAL_IS_NOTIFIER (self));

  if (self->quiet_destroy != NULL)
    self->quiet_destroy (self->quiet_data);
  self->quiet_func = func;
  self->quiet_data = data;
  self->quiet_destroy = destroy;
}

gboolean
redial_notifier_activate (RedialNotifier      *self,
                          RedialNotifierTopic  topic,
                          const char          *action)
{
  NotifyNotification *notification;

  g_return_val_if_fail (REDIAL_IS_NOTIFIER (self), FALSE);
  g_return_val_if_fail (topic < REDIAL_NOTIFIER_N_TOPICS, FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  notification = self->topics[topic].notification;
  if (notification == NULL)
    return FALSE;
  if (g_str_equal (action, "claim"))
    {
      if (self->topics[topic].case_ids->len != 1)
        return FALSE;
      on_claim (notification, (char *) action, self);
    }
  else
    on_open (notification, (char *) action, self);
  return TRUE;
}
