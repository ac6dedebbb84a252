/* redial-test-sms.c: an SMS gateway for tests that holds, answers or drops each request as told, and reports what it created. */
#include "config.h"

#define G_LOG_DOMAIN "redial-test"

#include "redial-test-sms.h"

struct _RedialTestSms
{
  RedialLink         parent_instance;

  RedialTestSmsMode  mode;
  guint              max_started;
  gboolean           can_look;
  GQueue             held;     /* Request, waiting their turn */
  GPtrArray         *hanging;  /* Request, started and never answered */
  guint              n_started;
  GPtrArray         *created;  /* "to\nbody" of each text created */
  guint              n_looks;
};

typedef struct
{
  GTask                       *task;
  char                        *to;
  char                        *body;
  RedialSmsGatewayStartedFunc  started;
  gpointer                     started_data;
} Request;

static void redial_test_sms_iface_init (RedialSmsGatewayInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RedialTestSms, redial_test_sms, REDIAL_TYPE_LINK,
                               G_IMPLEMENT_INTERFACE (REDIAL_TYPE_SMS_GATEWAY,
                                                      redial_test_sms_iface_init))

static void
request_free (Request *request)
{
  g_clear_object (&request->task);
  g_free (request->to);
  g_free (request->body);
  g_free (request);
}

static void
request_cancel (Request *request)
{
  g_task_return_new_error (request->task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Dropped");
  request_free (request);
}

static void start_request (RedialTestSms *self, Request *request);

static void
start_held (RedialTestSms *self)
{
  while (!g_queue_is_empty (&self->held) &&
         (self->max_started == 0 || self->n_started < self->max_started))
    start_request (self, g_queue_pop_head (&self->held));
}

static void
start_request (RedialTestSms *self,
               Request       *request)
{
  if (request->started != NULL && !request->started (request->started_data))
    {
      request_cancel (request);
      return;
    }

  self->n_started++;
  if (self->mode != REDIAL_TEST_SMS_HANG_UNMADE)
    g_ptr_array_add (self->created, g_strconcat (request->to, "\n", request->body, NULL));

  if (self->mode != REDIAL_TEST_SMS_ANSWER)
    {
      g_ptr_array_add (self->hanging, request);
      return;
    }

  g_task_return_pointer (request->task, g_strdup_printf ("SMtest%u", self->created->len), g_free);
  request_free (request);
  self->n_started--;
  start_held (self);
}

static void
redial_test_sms_send_async (RedialSmsGateway            *gateway,
                            const char                  *to,
                            const char                  *body,
                            RedialSmsGatewayStartedFunc  started,
                            GCancellable                *cancellable,
                            GAsyncReadyCallback          callback,
                            gpointer                     user_data)
{
  RedialTestSms *self = REDIAL_TEST_SMS (gateway);
  Request *request = g_new0 (Request, 1);

  request->task = g_task_new (self, cancellable, callback, user_data);
  request->to = g_strdup (to);
  request->body = g_strdup (body);
  request->started = started;
  request->started_data = user_data;
  g_queue_push_tail (&self->held, request);
  start_held (self);
}

static char *
redial_test_sms_finish (RedialSmsGateway  *gateway,
                        GAsyncResult      *result,
                        GError           **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
redial_test_sms_find_sent_async (RedialSmsGateway    *gateway,
                                 const char          *to,
                                 const char          *body,
                                 gint64               since,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  RedialTestSms *self = REDIAL_TEST_SMS (gateway);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *key = g_strconcat (to, "\n", body, NULL);

  self->n_looks++;
  if (!self->can_look)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Cannot look");
      return;
    }
  for (guint i = 0; i < self->created->len; i++)
    if (g_str_equal (g_ptr_array_index (self->created, i), key))
      {
        g_task_return_pointer (task, g_strdup_printf ("SMtest%u", i + 1), g_free);
        return;
      }
  g_task_return_pointer (task, NULL, NULL);
}

static void
redial_test_sms_iface_init (RedialSmsGatewayInterface *iface)
{
  iface->send_async = redial_test_sms_send_async;
  iface->send_finish = redial_test_sms_finish;
  iface->find_sent_async = redial_test_sms_find_sent_async;
  iface->find_sent_finish = redial_test_sms_finish;
}

static void
redial_test_sms_finalize (GObject *object)
{
  RedialTestSms *self = REDIAL_TEST_SMS (object);

  redial_test_sms_drop (self);
  g_ptr_array_unref (self->hanging);
  g_ptr_array_unref (self->created);

  G_OBJECT_CLASS (redial_test_sms_parent_class)->finalize (object);
}

static void
redial_test_sms_class_init (RedialTestSmsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = redial_test_sms_finalize;
}

static void
redial_test_sms_init (RedialTestSms *self)
{
  self->can_look = TRUE;
  g_queue_init (&self->held);
  self->hanging = g_ptr_array_new ();
  self->created = g_ptr_array_new_with_free_func (g_free);
}

RedialTestSms *
redial_test_sms_new (void)
{
  return g_object_new (REDIAL_TYPE_TEST_SMS, NULL);
}

void
redial_test_sms_set_mode (RedialTestSms     *self,
                          RedialTestSmsMode  mode)
{
  self->mode = mode;
}

void
redial_test_sms_set_max_started (RedialTestSms *self,
                                 guint          n)
{
  self->max_started = n;
}

void
redial_test_sms_set_can_look (RedialTestSms *self,
                              gboolean       can_look)
{
  self->can_look = can_look;
}

void
redial_test_sms_drop (RedialTestSms *self)
{
  Request *request;

  while ((request = g_queue_pop_head (&self->held)) != NULL)
    request_cancel (request);
  for (guint i = 0; i < self->hanging->len; i++)
    request_cancel (g_ptr_array_index (self->hanging, i));
  g_ptr_array_set_size (self->hanging, 0);
  self->n_started = 0;
}

guint
redial_test_sms_n_created (RedialTestSms *self)
{
  return self->created->len;
}

guint
redial_test_sms_n_created_to (RedialTestSms *self,
                              const char    *to)
{
  g_autofree char *prefix = g_strconcat (to, "\n", NULL);
  guint n = 0;

  for (guint i = 0; i < self->created->len; i++)
    n += g_str_has_prefix (g_ptr_array_index (self->created, i), prefix);
  return n;
}

guint
redial_test_sms_n_created_with (RedialTestSms *self,
                                const char    *to,
                                const char    *body)
{
  g_autofree char *text = g_strconcat (to, "\n", body, NULL);
  guint n = 0;

  for (guint i = 0; i < self->created->len; i++)
    n += g_str_equal (g_ptr_array_index (self->created, i), text);
  return n;
}

guint
redial_test_sms_n_looks (RedialTestSms *self)
{
  return self->n_looks;
}
